using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Profiles.TestSupport;

/// <summary>
/// A token endpoint for a registry started with <see cref="RegistryConfig"/> (the distribution
/// registry's "token" authentication, as GHCR, GitLab and Harbor use it): on 127.0.0.1, it checks
/// HTTP basic credentials and answers a JWT signed with its own RSA key, whose self-signed
/// certificate the registry trusts. Real tokens, real signature checks on the registry's side; only
/// the user database is this class's two fields.
/// </summary>
public sealed class OciTokenServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly RSA key = RSA.Create(2048);
    private readonly X509Certificate2 certificate;
    private readonly TempDir dir = new("profiles-token-");
    private readonly Task loop;
    private int requests;

    public OciTokenServer(string user, string password)
    {
        User = user;
        Password = password;
        var request = new CertificateRequest("CN=profiles test token issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificateFile = dir.Sub("token.pem");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        (listener, var baseUri) = LoopbackListener.Start();
        Realm = new Uri(baseUri, "token").ToString();
        loop = Task.Run(ServeAsync);
    }

    public string User { get; }
    public string Password { get; }
    public string Realm { get; }
    public string CertificateFile { get; }
    public const string Service = "profiles-test-registry";
    public const string Issuer = "profiles-test-issuer";

    /// <summary>How many token requests were answered (any outcome).</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The <c>auth:</c> section for <see cref="OciRegistryServer"/>.</summary>
    public string RegistryConfig => $"""
        auth:
          token:
            realm: {Realm}
            service: {Service}
            issuer: {Issuer}
            rootcertbundle: {CertificateFile}
        """;

    /// <summary>A token for <paramref name="repository"/> with pull and push, as a CI system would hand a job.</summary>
    public string Mint(string repository) => Token(User, $"repository:{repository}:pull,push");

    private string Token(string subject, string? scope)
    {
        var access = new JsonArray();
        if (scope is not null)
        {
            // repository:<name>:<actions>
            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                access.Add((JsonNode)new JsonObject
                {
                    ["type"] = parts[0],
                    ["name"] = parts[1],
                    ["actions"] = new JsonArray([.. parts[2].Split(',').Select(a => (JsonNode?)JsonValue.Create(a))]),
                });
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + 600,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signed = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref requests);
            try
            {
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
                if (context.Request.Headers["Authorization"] != expected)
                {
                    context.Response.StatusCode = 401;
                    context.Response.Close();
                    continue;
                }
                var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = Token(User, context.Request.QueryString["scope"]) }.ToJsonString());
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped.
        }
        certificate.Dispose();
        key.Dispose();
        dir.Dispose();
    }
}
