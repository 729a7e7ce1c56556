using System.Net;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// Where a binary cache lives in an OCI registry: <c>registry.example.com[:port]/acme/profiles</c>
/// (docs/binary-cache.md). The registry part is always the first path segment, as docker and oras
/// read it. Plain HTTP is used only for a loopback registry or when asked for
/// (<paramref name="PlainHttp"/>): a token must not cross a network in the clear by accident.
/// </summary>
/// <param name="Registry">Host, with a port when one was given: <c>127.0.0.1:5000</c>.</param>
/// <param name="Repository">The repository path, lower case: <c>acme/profiles</c>.</param>
/// <param name="PlainHttp">Talk HTTP instead of HTTPS.</param>
public sealed record OciReference(string Registry, string Repository, bool PlainHttp)
{
    /// <summary>The registry's base URL: <c>https://registry.example.com</c>.</summary>
    public Uri BaseUri => new($"{(PlainHttp ? "http" : "https")}://{Registry}/");

    /// <summary>Parses <c>REGISTRY/REPOSITORY</c>; <paramref name="insecure"/> allows plain HTTP to a host that is not loopback.</summary>
    /// <exception cref="ProfilesException">Not of that form (exit 2).</exception>
    public static OciReference Parse(string text, bool insecure = false)
    {
        var value = text.Trim();
        foreach (var scheme in new[] { "oci://", "https://", "http://" })
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) value = value[scheme.Length..];
        }
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw Bad(text, "expected REGISTRY/REPOSITORY, e.g. ghcr.io/acme/profiles");
        }
        var registry = value[..slash];
        var repository = value[(slash + 1)..].TrimEnd('/');
        if (!IsHost(registry)) throw Bad(text, $"\"{registry}\" is not a registry host[:port]");
        // The distribution spec's repository grammar: lower-case path components separated by '/'.
        foreach (var part in repository.Split('/'))
        {
            if (part.Length == 0 || !part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-')
                || !char.IsAsciiLetterOrDigit(part[0]) || !char.IsAsciiLetterOrDigit(part[^1]))
            {
                throw Bad(text, $"\"{repository}\" is not a repository name (lower-case letters, digits, '.', '_', '-', separated by '/')");
            }
        }
        return new OciReference(registry, repository, insecure || IsLoopback(registry));
    }

    public override string ToString() => $"{Registry}/{Repository}";

    /// <summary>True for <c>localhost</c>, <c>127.x.x.x</c> and <c>[::1]</c>, with or without a port.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostPart(registry);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static string HostPart(string registry)
    {
        if (registry.StartsWith('['))
        {
            var end = registry.IndexOf(']');
            return end > 0 ? registry[..(end + 1)] : registry;
        }
        var colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }

    private static bool IsHost(string registry)
    {
        var host = HostPart(registry);
        var port = registry.Length > host.Length ? registry[(host.Length + 1)..] : null;
        if (port is not null && (!int.TryParse(port, out var p) || p is < 1 or > 65535)) return false;
        return Uri.CheckHostName(host.Trim('[', ']')) != UriHostNameType.Unknown;
    }

    private static ProfilesException Bad(string text, string why) =>
        new($"\"{text}\": {why}", ExitCodes.Usage);
}
