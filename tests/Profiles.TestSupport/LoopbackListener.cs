using System.Net;
using System.Net.Sockets;

namespace Profiles.TestSupport;

/// <summary>Starts an <see cref="HttpListener"/> on a free port of 127.0.0.1, for the test servers.</summary>
public static class LoopbackListener
{
    /// <summary>
    /// A listener on a port the kernel just handed out. If someone takes the port between the probe and
    /// the bind, another port; each attempt with a new listener, since one whose Start failed is closed
    /// and cannot be started again.
    /// </summary>
    public static (HttpListener Listener, Uri BaseUri) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }
}
