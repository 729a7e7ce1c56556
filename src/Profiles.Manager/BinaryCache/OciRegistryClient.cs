using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Profiles.Manager.BinaryCache;

/// <summary>
/// The few endpoints of the OCI distribution API a binary cache needs, on HttpClient (no OCI client
/// library is served here): ping, blobs (exists, upload, download), manifests (get by tag or
/// digest, put), tags. Every blob and manifest is checked against its digest before it is used;
/// a download stops at the size its descriptor gives. Authentication answers the registry's
/// challenge (anonymous, a bearer token from a token endpoint, or basic) with
/// <see cref="OciCredentials"/>; tokens and passwords never appear in an error message.
/// See docs/binary-cache.md for the quirks of Debian's docker-registry this works around.
/// </summary>
public sealed class OciRegistryClient
{
    /// <summary>The manifest media types we accept; a registry answers 404 to a manifest GET that accepts none it has.</summary>
    public const string ManifestAccept =
        OciMediaTypes.ImageManifest + ", " + OciMediaTypes.ImageIndex;

    private readonly HttpClient http;
    private readonly OciCredentials credentials;
    private readonly TimeSpan readTimeout;
    private readonly Lock gate = new();
    // Bearer tokens by scope, so a pull then a push each ask the token endpoint once.
    private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);

    /// <param name="readTimeout">How long one read or one request may wait for the registry before the call fails.</param>
    public OciRegistryClient(HttpClient http, OciReference reference, OciCredentials credentials, TimeSpan readTimeout)
    {
        this.http = http;
        Reference = reference;
        this.credentials = credentials;
        this.readTimeout = readTimeout;
    }

    public OciReference Reference { get; }

    private string Name => Reference.Repository;

    private Uri Url(string path) => new(Reference.BaseUri, path);

    /// <summary>The manifest under <paramref name="reference"/> (a tag or <c>sha256:</c> digest), or null when there is none.</summary>
    public async Task<OciManifestBytes?> GetManifestAsync(string reference, long maxBytes, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"v2/{Name}/manifests/{reference}"));
            request.Headers.Accept.ParseAdd(OciMediaTypes.ImageManifest);
            request.Headers.Accept.ParseAdd(OciMediaTypes.ImageIndex);
            return request;
        }, Scope(push: false), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, $"manifest {reference}", cancellationToken).ConfigureAwait(false);
        var bytes = await ReadLimitedAsync(response, maxBytes, $"manifest {reference}", cancellationToken).ConfigureAwait(false);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest)
        {
            throw new OciException($"{Reference}: the manifest fetched as {reference} has digest {digest}");
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return new OciManifestBytes(bytes, digest, mediaType);
    }

    /// <summary>Parses a manifest fetched by <see cref="GetManifestAsync"/>.</summary>
    public static OciManifest ParseManifest(OciManifestBytes manifest, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(manifest.Bytes, OciJsonContext.Default.OciManifest)
                ?? throw new OciException($"{what}: the manifest is null");
        }
        catch (JsonException e)
        {
            throw new OciException($"{what}: the manifest is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Stores <paramref name="manifest"/> under <paramref name="tag"/>; returns its digest.</summary>
    public async Task<string> PutManifestAsync(string tag, byte[] manifest, string mediaType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url($"v2/{Name}/manifests/{tag}"))
            {
                Content = new ByteArrayContent(manifest),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, Scope(push: true), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"manifest {tag}", cancellationToken).ConfigureAwait(false);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
    }

    public async Task<bool> BlobExistsAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Head, Url($"v2/{Name}/blobs/{digest}")),
            Scope(push: false), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, $"blob {digest}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Uploads <paramref name="file"/> as the blob <paramref name="digest"/> unless the registry has it:
    /// <c>POST</c> an upload session, then one <c>PUT …&amp;digest=</c> with the body. (A monolithic
    /// <c>POST ?digest=</c> with a body is dropped by Debian's docker-registry 2.8.)
    /// </summary>
    public async Task PushBlobAsync(string file, string digest, CancellationToken cancellationToken)
    {
        if (await BlobExistsAsync(digest, cancellationToken).ConfigureAwait(false)) return;
        Uri location;
        using (var started = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url($"v2/{Name}/blobs/uploads/")) { Content = new ByteArrayContent([]) },
            Scope(push: true), cancellationToken).ConfigureAwait(false))
        {
            await EnsureSuccessAsync(started, $"upload of {digest}", cancellationToken).ConfigureAwait(false);
            location = started.Headers.Location
                ?? throw new OciException($"{Reference}: the registry started an upload without a Location");
            if (!location.IsAbsoluteUri) location = new Uri(Reference.BaseUri, location);
            if (location.Host != Reference.BaseUri.Host || location.Scheme != Reference.BaseUri.Scheme)
            {
                // Our credentials are for this registry only; an upload elsewhere would carry them along.
                throw new OciException($"{Reference}: the registry sent the upload to another host ({location.Scheme}://{location.Authority})");
            }
        }
        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
        using var response = await SendAsync(() =>
        {
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var request = new HttpRequestMessage(HttpMethod.Put, put) { Content = new StreamContent(stream, 1 << 16) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content.Headers.ContentLength = stream.Length;
            return request;
        }, Scope(push: true), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"upload of {digest}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads the blob <paramref name="digest"/> into <paramref name="destination"/> (a new file),
    /// checking its size and sha256 as it streams: more bytes than <paramref name="size"/> stop the
    /// download, and a file whose digest differs is deleted before this throws.
    /// </summary>
    public async Task DownloadBlobAsync(string digest, long size, string destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Url($"v2/{Name}/blobs/{digest}")),
            Scope(push: false), cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"blob {digest}", cancellationToken).ConfigureAwait(false);
        var ok = false;
        try
        {
            await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long done = 0;
                int read;
                while ((read = await ReadWithTimeoutAsync(input, buffer, $"blob {digest}", cancellationToken).ConfigureAwait(false)) > 0)
                {
                    done += read;
                    if (done > size) throw new OciException($"{Reference}: blob {digest} is longer than the {size} bytes its manifest says");
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                if (done != size) throw new OciException($"{Reference}: blob {digest} ended after {done} of {size} bytes");
                var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual != digest) throw new OciException($"{Reference}: blob {digest} has digest {actual}");
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            ok = true;
        }
        finally
        {
            if (!ok) File.Delete(destination);
        }
    }

    /// <summary>Every tag of the repository (following the registry's <c>Link</c> pages); empty when the repository does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        Uri? next = Url($"v2/{Name}/tags/list?n=1000");
        while (next is not null)
        {
            var page = next;
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, page), Scope(push: false), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return tags;
            await EnsureSuccessAsync(response, "tag list", cancellationToken).ConfigureAwait(false);
            var bytes = await ReadLimitedAsync(response, 64 << 20, "tag list", cancellationToken).ConfigureAwait(false);
            OciTagList? list;
            try
            {
                list = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.OciTagList);
            }
            catch (JsonException e)
            {
                throw new OciException($"{Reference}: the tag list is not valid JSON: {e.Message}", e);
            }
            tags.AddRange(list?.Tags ?? []);
            next = NextPage(response);
        }
        return tags;
    }

    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links)
        {
            // <"/v2/name/tags/list?n=1000&last=x">; rel="next"
            var open = link.IndexOf('<');
            var close = link.IndexOf('>');
            if (open >= 0 && close > open && link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return new Uri(Reference.BaseUri, link[(open + 1)..close]);
            }
        }
        return null;
    }

    private string Scope(bool push) => $"repository:{Name}:{(push ? "pull,push" : "pull")}";

    /// <summary>
    /// Sends a request made by <paramref name="make"/> (called again for a retry: a request can be sent
    /// once), answering one authentication challenge. A request that gets no answer within the read
    /// timeout fails naming the registry.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> make, string scope, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var response = await SendOnceAsync(make, Authorization(scope), completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        response.Dispose();
        if (credentials.BearerToken is not null)
        {
            // A ready token was sent and refused: asking a token endpoint would not make it better.
            throw new OciException($"{Reference}: the registry refused the {credentials}");
        }
        AuthenticationHeaderValue? answer = challenge?.Scheme.ToLowerInvariant() switch
        {
            "bearer" => await BearerAsync(challenge, scope, cancellationToken).ConfigureAwait(false),
            "basic" when credentials.HasBasic => new AuthenticationHeaderValue("Basic", credentials.BasicParameter()),
            _ => null,
        };
        if (answer is null)
        {
            throw new OciException($"{Reference}: the registry wants authentication ({challenge?.Scheme ?? "no challenge"}) and there is no usable credential ({credentials}); set {OciCredentials.TokenVariable}, or {OciCredentials.UsernameVariable} and {OciCredentials.PasswordVariable}, or log in with docker");
        }
        response = await SendOnceAsync(make, answer, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new OciException($"{Reference}: the registry refused the {credentials}");
        }
        return response;
    }

    private AuthenticationHeaderValue? Authorization(string scope)
    {
        if (credentials.BearerToken is { } token) return new AuthenticationHeaderValue("Bearer", token);
        lock (gate)
        {
            return tokens.TryGetValue(scope, out var cached) ? new AuthenticationHeaderValue("Bearer", cached) : null;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> make, AuthenticationHeaderValue? authorization, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = make();
        request.Headers.Authorization = authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        try
        {
            return await http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OciException($"{Reference}: no answer to {request.Method} {request.RequestUri!.AbsolutePath} within {readTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new OciException($"{Reference}: {request.Method} {request.RequestUri!.AbsolutePath} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// A bearer token for <paramref name="scope"/> from the token endpoint the challenge names
    /// (distribution's token authentication): with our basic credentials if we have them, else anonymous.
    /// </summary>
    private async Task<AuthenticationHeaderValue?> BearerAsync(AuthenticationHeaderValue? challenge, string scope, CancellationToken cancellationToken)
    {
        var parameters = ChallengeParameters(challenge?.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri)) return null;
        if (realmUri.Scheme != Uri.UriSchemeHttps && !(realmUri.Scheme == Uri.UriSchemeHttp && (Reference.PlainHttp || OciReference.IsLoopback(realmUri.Authority))))
        {
            throw new OciException($"{Reference}: the registry's token endpoint {realmUri.Scheme}://{realmUri.Authority} is not HTTPS");
        }
        var query = new StringBuilder();
        if (parameters.TryGetValue("service", out var service)) query.Append("service=").Append(Uri.EscapeDataString(service));
        var askedScope = parameters.GetValueOrDefault("scope") ?? scope;
        query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(askedScope));
        var tokenUri = new UriBuilder(realmUri) { Query = (realmUri.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + query }.Uri;

        using var response = await SendOnceAsync(
            () => new HttpRequestMessage(HttpMethod.Get, tokenUri),
            credentials.HasBasic ? new AuthenticationHeaderValue("Basic", credentials.BasicParameter()) : null,
            HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new OciException($"{Reference}: the token endpoint {realmUri.Authority}{realmUri.AbsolutePath} answered {(int)response.StatusCode} for the {credentials}");
        }
        var bytes = await ReadLimitedAsync(response, 1 << 20, "token", cancellationToken).ConfigureAwait(false);
        OciTokenAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.OciTokenAnswer);
        }
        catch (JsonException)
        {
            // The body may hold a token: say nothing of it.
            throw new OciException($"{Reference}: the token endpoint {realmUri.Authority} did not answer JSON");
        }
        var token = answer?.Token ?? answer?.AccessToken;
        if (string.IsNullOrEmpty(token)) throw new OciException($"{Reference}: the token endpoint {realmUri.Authority} gave no token");
        lock (gate) tokens[scope] = token;
        return new AuthenticationHeaderValue("Bearer", token);
    }

    // realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"
    private static Dictionary<string, string> ChallengeParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) end = text.Length;
                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            result[key] = value;
        }
        return result;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string detail;
        IReadOnlyList<string> codes = [];
        try
        {
            // The distribution API's error body: {"errors":[{"code":"…","message":"…"}]}; a short excerpt is enough.
            var bytes = await ReadLimitedAsync(response, 4096, what, cancellationToken).ConfigureAwait(false);
            codes = ErrorCodes(bytes);
            detail = Encoding.UTF8.GetString(bytes).ReplaceLineEndings(" ").Trim();
            if (detail.Length > 300) detail = detail[..300] + "…";
        }
        catch (OciException)
        {
            detail = "";
        }
        throw new OciException($"{Reference}: {what}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}")
        {
            RegistryCodes = codes,
        };
    }

    /// <summary>The <c>code</c> of each entry of an error body's <c>errors</c>; empty for any other body.</summary>
    private static IReadOnlyList<string> ErrorCodes(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }
            return [.. errors.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                .Select(e => e.GetProperty("code").GetString()!)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long maxBytes, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw new OciException($"{Reference}: {what} is {length} bytes, more than the {maxBytes} accepted");
        }
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await ReadWithTimeoutAsync(input, chunk, what, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new OciException($"{Reference}: {what} is more than the {maxBytes} bytes accepted");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // One read may wait at most the read timeout: a registry that trickles or stalls fails instead of hanging.
    private async Task<int> ReadWithTimeoutAsync(Stream input, byte[] buffer, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        try
        {
            return await input.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OciException($"{Reference}: reading {what} stalled for {readTimeout.TotalSeconds:0.#} s");
        }
        catch (IOException e)
        {
            throw new OciException($"{Reference}: reading {what} failed: {e.Message}", e);
        }
    }
}

/// <summary>A manifest as the registry sent it: the bytes (digested as they are), their digest and media type.</summary>
public sealed record OciManifestBytes(byte[] Bytes, string Digest, string MediaType);

/// <summary>What went wrong talking to a registry, in one line that names it and never a secret.</summary>
public sealed class OciException(string message, Exception? inner = null) : ProfilesException(message, ExitCodes.Failure, inner)
{
    /// <summary>The distribution API's error codes in the registry's answer (<c>MANIFEST_BLOB_UNKNOWN</c>, …); empty when it gave none.</summary>
    public IReadOnlyList<string> RegistryCodes { get; init; } = [];
}
