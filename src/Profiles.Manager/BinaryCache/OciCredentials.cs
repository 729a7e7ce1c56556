using System.Text;
using System.Text.Json;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// How to authenticate to one registry (docs/binary-cache.md, "Authentication"), in this order:
/// <list type="number">
/// <item><c>PROFILES_REGISTRY_TOKEN</c>: a bearer token sent as it is (a CI job's registry token);</item>
/// <item><c>PROFILES_REGISTRY_USERNAME</c> and <c>PROFILES_REGISTRY_PASSWORD</c>;</item>
/// <item>the docker <c>config.json</c> (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>):
/// <c>auths.&lt;registry&gt;</c> with <c>registrytoken</c>, <c>auth</c> (base64 user:password) or
/// <c>username</c>/<c>password</c>;</item>
/// <item>none: anonymous.</item>
/// </list>
/// A username and password are never sent as they are to a registry that asks for a bearer token:
/// they go only to the token endpoint the registry names. Nothing here is ever printed: the record's
/// <see cref="ToString"/> says what kind of credential it is, not its value.
/// </summary>
public sealed class OciCredentials
{
    public const string TokenVariable = "PROFILES_REGISTRY_TOKEN";
    public const string UsernameVariable = "PROFILES_REGISTRY_USERNAME";
    public const string PasswordVariable = "PROFILES_REGISTRY_PASSWORD";

    private OciCredentials(string? bearerToken, string? username, string? password, string source)
    {
        BearerToken = bearerToken;
        Username = username;
        Password = password;
        Source = source;
    }

    public static OciCredentials Anonymous { get; } = new(null, null, null, "anonymous");

    /// <summary>A token to send as <c>Authorization: Bearer</c> without asking a token endpoint.</summary>
    public string? BearerToken { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>Where they came from, for messages: <c>PROFILES_REGISTRY_TOKEN</c>, <c>~/.docker/config.json</c>, <c>anonymous</c>.</summary>
    public string Source { get; }

    public bool HasBasic => Username is not null && Password is not null;

    /// <summary>The value of a <c>Basic</c> authorization header.</summary>
    public string BasicParameter() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"credentials from {Source}";

    /// <summary>The credentials for <paramref name="registry"/> (<c>host[:port]</c>) from <paramref name="environment"/>.</summary>
    /// <exception cref="ProfilesException">A docker config.json that cannot be read, or a credential helper we cannot run.</exception>
    public static OciCredentials For(string registry, IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue(TokenVariable, out var token) && token.Length > 0)
        {
            return new(token, null, null, TokenVariable);
        }
        environment.TryGetValue(UsernameVariable, out var user);
        environment.TryGetValue(PasswordVariable, out var password);
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            return new(null, user, password, $"{UsernameVariable}/{PasswordVariable}");
        }
        var file = DockerConfigFile(environment);
        return file is not null && File.Exists(file) ? FromDockerConfig(registry, file) : Anonymous;
    }

    private static string? DockerConfigFile(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.TryGetValue("DOCKER_CONFIG", out var dir) && dir.Length > 0) return Path.Combine(dir, "config.json");
        return environment.TryGetValue("HOME", out var home) && home.Length > 0 ? Path.Combine(home, ".docker", "config.json") : null;
    }

    private static OciCredentials FromDockerConfig(string registry, string file)
    {
        DockerConfig? config;
        try
        {
            using var stream = File.OpenRead(file);
            config = JsonSerializer.Deserialize(stream, OciJsonContext.Default.DockerConfig);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // The message of a JsonException names a line and position, never the file's contents.
            throw new ProfilesException($"cannot read the docker configuration {file}: {e.Message}", ExitCodes.Usage, e);
        }
        var auth = Lookup(config?.Auths, registry);
        if (auth is null)
        {
            if (!string.IsNullOrEmpty(config?.CredsStore))
            {
                // Running docker-credential-<helper> would hand the secret to us through a child process we
                // do not otherwise need; say what to do instead of failing later with a bare 401.
                return new(null, null, null, $"{file} (credsStore \"{config.CredsStore}\" is not used; set {TokenVariable} or {UsernameVariable}/{PasswordVariable})");
            }
            return Anonymous;
        }
        if (!string.IsNullOrEmpty(auth.RegistryToken)) return new(auth.RegistryToken, null, null, file);
        if (!string.IsNullOrEmpty(auth.Auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Auth));
            }
            catch (FormatException)
            {
                throw new ProfilesException($"the docker configuration {file} has an \"auth\" for {registry} that is not base64", ExitCodes.Usage);
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0) throw new ProfilesException($"the docker configuration {file} has an \"auth\" for {registry} that is not user:password", ExitCodes.Usage);
            return new(null, decoded[..colon], decoded[(colon + 1)..], file);
        }
        if (!string.IsNullOrEmpty(auth.Username) && !string.IsNullOrEmpty(auth.Password)) return new(null, auth.Username, auth.Password, file);
        return Anonymous;
    }

    // docker writes keys as "host", "host:port" or "https://host/v1/"; match the registry either way.
    private static DockerAuth? Lookup(Dictionary<string, DockerAuth>? auths, string registry)
    {
        if (auths is null) return null;
        foreach (var (key, value) in auths)
        {
            var host = key;
            foreach (var scheme in new[] { "https://", "http://" })
            {
                if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) host = host[scheme.Length..];
            }
            var slash = host.IndexOf('/');
            if (slash >= 0) host = host[..slash];
            if (string.Equals(host, registry, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }
}
