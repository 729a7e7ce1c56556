using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.BinaryCache;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>
/// Token authentication against a real registry that demands it (the distribution registry's
/// "token" auth with our own token endpoint on 127.0.0.1): credentials from the environment and
/// from a docker config.json, a ready token, and refusals that never print a secret.
/// </summary>
public sealed class OciAuthenticationTests : IClassFixture<OciAuthenticationTests.SecuredRegistry>, IDisposable
{
    private const string Password = "s3cret-Passw0rd-not-to-print";
    private readonly SecuredRegistry secured;
    private readonly TempDir temp = new();
    private readonly HttpClient http = new();

    public OciAuthenticationTests(SecuredRegistry secured)
    {
        this.secured = secured;
    }

    public sealed class SecuredRegistry : IDisposable
    {
        public SecuredRegistry()
        {
            Tokens = new OciTokenServer("ci", Password);
            Server = new OciRegistryServer(Tokens.RegistryConfig);
        }

        public OciTokenServer Tokens { get; }
        public OciRegistryServer Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            Tokens.Dispose();
        }
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }

    private OciRegistryClient Client(string repository, IReadOnlyDictionary<string, string> environment) =>
        new(http, OciReference.Parse($"{secured.Server.Address}/{repository}"),
            OciCredentials.For(secured.Server.Address, environment), TimeSpan.FromSeconds(30));

    private async Task PushAndPullAsync(OciRegistryClient client)
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        var path = temp.Sub(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, content);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        await client.PushBlobAsync(path, digest, CancellationToken.None);
        var back = temp.Sub(Guid.NewGuid().ToString("N"));
        await client.DownloadBlobAsync(digest, content.Length, back, CancellationToken.None);
        Assert.Equal(content, File.ReadAllBytes(back));
    }

    [Fact]
    public async Task Username_and_password_from_the_environment_get_a_token_from_the_registrys_endpoint()
    {
        var before = secured.Tokens.Requests;
        await PushAndPullAsync(Client("acme/env", new Dictionary<string, string>
        {
            [OciCredentials.UsernameVariable] = "ci",
            [OciCredentials.PasswordVariable] = Password,
        }));
        Assert.True(secured.Tokens.Requests > before, "no token was asked for");
    }

    [Fact]
    public async Task A_ready_token_from_the_environment_is_sent_as_it_is()
    {
        var token = secured.Tokens.Mint("acme/ready");
        var before = secured.Tokens.Requests;
        await PushAndPullAsync(Client("acme/ready", new Dictionary<string, string> { [OciCredentials.TokenVariable] = token }));
        Assert.Equal(before, secured.Tokens.Requests);
    }

    [Fact]
    public async Task Docker_config_json_credentials_are_used_for_their_registry_only()
    {
        var config = temp.Sub("docker");
        Directory.CreateDirectory(config);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ci:{Password}"));
        File.WriteAllText(Path.Combine(config, "config.json"),
            "{\"auths\":{\"other.example:5000\":{\"auth\":\"b3RoZXI6eA==\"},\"http://" + secured.Server.Address + "/v1/\":{\"auth\":\"" + auth + "\"}}}");
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        Assert.Equal(Path.Combine(config, "config.json"), OciCredentials.For(secured.Server.Address, environment).Source);
        await PushAndPullAsync(Client("acme/docker", environment));
        Assert.Same(OciCredentials.Anonymous, OciCredentials.For("third.example", environment));
    }

    [Fact]
    public async Task Wrong_or_missing_credentials_fail_with_one_line_that_holds_no_secret()
    {
        var wrong = Client("acme/wrong", new Dictionary<string, string>
        {
            [OciCredentials.UsernameVariable] = "ci",
            [OciCredentials.PasswordVariable] = Password + "-wrong",
        });
        var e = await Assert.ThrowsAsync<OciException>(() => wrong.ListTagsAsync(CancellationToken.None));
        Assert.Contains("answered 401 for the credentials from PROFILES_REGISTRY_USERNAME/PROFILES_REGISTRY_PASSWORD", e.Message);
        Assert.DoesNotContain(Password, e.Message);
        Assert.DoesNotContain('\n', e.Message);

        var badToken = "not-a-valid-token-" + Password;
        var refused = Client("acme/wrong", new Dictionary<string, string> { [OciCredentials.TokenVariable] = badToken });
        e = await Assert.ThrowsAsync<OciException>(() => refused.ListTagsAsync(CancellationToken.None));
        Assert.Contains("refused", e.Message);
        Assert.DoesNotContain(badToken, e.Message);

        var anonymous = Client("acme/wrong", new Dictionary<string, string>());
        e = await Assert.ThrowsAsync<OciException>(() => anonymous.ListTagsAsync(CancellationToken.None));
        Assert.Contains("answered 401 for the credentials from anonymous", e.Message);
    }
}
