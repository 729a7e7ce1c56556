using System.Collections.Concurrent;
using System.Net;

namespace Profiles.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener on a free port) serving fixed bytes by path, and
/// with a directory given, the files under it, counting requests, so cache hits can be told from downloads.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly Task loop;
    private readonly string? directory;

    /// <param name="directory">Serve the regular files under this directory too (read at each request); null for none.</param>
    public LoopbackHttpServer(string? directory = null)
    {
        this.directory = directory is null ? null : Path.GetFullPath(directory);
        (listener, BaseUri) = LoopbackListener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public Uri Add(string path, byte[] content)
    {
        files[path] = content;
        return new Uri(BaseUri, path);
    }

    public int Hits(string path) => hits.TryGetValue(path, out var n) ? n : 0;

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
            var path = context.Request.Url!.AbsolutePath.TrimStart('/');
            hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var content = files.TryGetValue(path, out var fixedContent) ? fixedContent : FromDirectory(path);
            try
            {
                if (content is not null)
                {
                    context.Response.StatusCode = 200;
                    context.Response.ContentLength64 = content.Length;
                    if (context.Request.HttpMethod != "HEAD") await context.Response.OutputStream.WriteAsync(content);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away mid-answer; serve the next one.
            }
        }
    }

    private byte[]? FromDirectory(string path)
    {
        if (directory is null) return null;
        var full = Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(path)));
        // Only what lies under the directory, never a link out of it.
        if (!full.StartsWith(directory + "/", StringComparison.Ordinal) || new FileInfo(full).LinkTarget is not null || !File.Exists(full))
        {
            return null;
        }
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // Close alone: Stop and then Close would unregister the prefixes twice, and the second time
        // the managed HttpListener binds the port again to look it up, failing with "Address
        // already in use" when another process (a parallel test project) has taken the port meanwhile.
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
