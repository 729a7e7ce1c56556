using System.Collections.Immutable;

namespace Profiles.Manager.BinaryCache;

/// <summary>What a binary cache source may be used for.</summary>
[Flags]
public enum BinaryCacheAccess
{
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}

/// <summary>One source as configured: <c>files,DIR,MODE</c> or <c>oci,REGISTRY/REPOSITORY,MODE</c>.</summary>
/// <param name="Kind"><c>files</c> or <c>oci</c>.</param>
/// <param name="Location">The directory (absolute) or the OCI reference.</param>
/// <param name="PlainHttp">For <c>oci</c>: plain HTTP to a registry that is not on loopback (<c>insecure</c>).</param>
public sealed record BinaryCacheSourceSpec(string Kind, string Location, BinaryCacheAccess Access, bool PlainHttp = false)
{
    public override string ToString() =>
        $"{Kind},{Location},{Access.ToString().ToLowerInvariant()}{(PlainHttp ? ",insecure" : "")}";
}

/// <summary>
/// The ordered list of binary cache sources (docs/binary-cache.md, "Sources"), read like vcpkg's
/// <c>VCPKG_BINARY_SOURCES</c>: the default first (<c>files</c> in the user's cache directory,
/// read and write), then every <c>;</c>-separated item of <c>PROFILES_BINARY_CACHE</c>, then of each
/// <c>--binary-cache</c>, in order; <c>clear</c> drops everything before it. A source named without a
/// mode is read-only, except the default: writing to a shared place should be asked for.
/// </summary>
public static class BinaryCacheSettings
{
    public const string Variable = "PROFILES_BINARY_CACHE";

    /// <summary>The default directory: <c>$XDG_CACHE_HOME/profiles/binary-cache</c> (<c>~/.cache/profiles/binary-cache</c>).</summary>
    public static string? DefaultDirectory(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue("XDG_CACHE_HOME", out var cacheHome) && Path.IsPathFullyQualified(cacheHome))
        {
            return Path.Combine(cacheHome, "profiles", "binary-cache");
        }
        return environment.TryGetValue("HOME", out var home) && Path.IsPathFullyQualified(home)
            ? Path.Combine(home, ".cache", "profiles", "binary-cache")
            : null;
    }

    /// <summary>
    /// The sources in the order they are asked. With neither HOME nor an absolute XDG_CACHE_HOME there
    /// is no default (a service account): only what is configured. <paramref name="flagsOrigin"/> is
    /// what an error calls the <paramref name="flags"/>: the option, or the MSBuild property a build
    /// sets them with (docs/dotnet.md).
    /// </summary>
    /// <exception cref="ProfilesException">An item that does not parse, naming it (exit 2).</exception>
    public static ImmutableArray<BinaryCacheSourceSpec> Resolve(
        IReadOnlyDictionary<string, string> environment, IEnumerable<string> flags, string currentDirectory, string flagsOrigin = "--binary-cache")
    {
        var sources = new List<BinaryCacheSourceSpec>();
        if (DefaultDirectory(environment) is { } dir) sources.Add(new("files", dir, BinaryCacheAccess.ReadWrite));
        var lists = new List<(string Origin, string Text)>();
        if (environment.TryGetValue(Variable, out var variable)) lists.Add((Variable, variable));
        lists.AddRange(flags.Select(f => (flagsOrigin, f)));
        foreach (var (origin, text) in lists)
        {
            foreach (var item in text.Split(';'))
            {
                var trimmed = item.Trim();
                if (trimmed.Length == 0) continue;
                if (trimmed.Equals("clear", StringComparison.OrdinalIgnoreCase))
                {
                    sources.Clear();
                    continue;
                }
                sources.Add(ParseItem(origin, trimmed, currentDirectory));
            }
        }
        return [.. sources];
    }

    private static BinaryCacheSourceSpec ParseItem(string origin, string item, string currentDirectory)
    {
        var parts = item.Split(',');
        var kind = parts[0].Trim().ToLowerInvariant();
        if (parts.Length < 2 || parts[1].Trim().Length == 0)
        {
            throw Bad(origin, item, "expected files,DIR[,read|write|readwrite] or oci,REGISTRY/REPOSITORY[,read|write|readwrite][,insecure]");
        }
        var access = BinaryCacheAccess.Read;
        var insecure = false;
        foreach (var option in parts.Skip(2).Select(p => p.Trim().ToLowerInvariant()))
        {
            switch (option)
            {
                case "read": access = BinaryCacheAccess.Read; break;
                case "write": access = BinaryCacheAccess.Write; break;
                case "readwrite": access = BinaryCacheAccess.ReadWrite; break;
                case "insecure" when kind == "oci": insecure = true; break;
                default: throw Bad(origin, item, $"unknown option \"{option}\" (read, write, readwrite{(kind == "oci" ? ", insecure" : "")})");
            }
        }
        return kind switch
        {
            "files" => new("files", Path.GetFullPath(parts[1].Trim(), currentDirectory), access),
            "oci" => new("oci", ParseReference(origin, item, parts[1], insecure).ToString(), access, insecure),
            _ => throw Bad(origin, item, $"unknown kind \"{kind}\" (files, oci, clear)"),
        };
    }

    private static OciReference ParseReference(string origin, string item, string text, bool insecure)
    {
        try
        {
            return OciReference.Parse(text, insecure);
        }
        catch (ProfilesException e)
        {
            throw Bad(origin, item, e.Message);
        }
    }

    private static ProfilesException Bad(string origin, string item, string why) =>
        new($"{origin}: \"{item}\": {why}", ExitCodes.Usage);
}
