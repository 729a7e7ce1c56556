using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Nbdkit.Plugins.Native;

namespace Nbdkit.Plugins;

/// <summary>
/// Calls into the running nbdkit (nbdkit-plugin(3)). Each function is found in the nbdkit that loaded
/// the plugin, never linked: one the running nbdkit lacks throws <see cref="NbdkitNotSupportedException"/>
/// naming it, the release that introduced it and the running one; <see cref="Supports"/> asks first.
/// </summary>
public static unsafe class NbdkitServer
{
    /// <summary>True when the running nbdkit has <paramref name="function"/>.</summary>
    public static bool Supports(NbdkitFunction function) => NbdkitApi.Has(function);

    /// <summary>
    /// The running nbdkit's release, e.g. <c>1.32.5</c>, read from its binary and checked against the
    /// functions it exports; when that fails, what the functions prove, e.g. <c>(1.26 or newer, older than 1.34)</c>.
    /// </summary>
    public static string RunningVersion => RunningNbdkit.Version;

    /// <summary>A debug message, shown with <c>nbdkit -v</c> (<c>nbdkit_debug</c>).</summary>
    public static void Debug(string message) => NbdkitApi.Debug(message);

    /// <summary>
    /// An error message (<c>nbdkit_error</c>). A callback usually throws <see cref="NbdkitException"/>
    /// instead, which does this and sets the errno.
    /// </summary>
    public static void Error(string message) => NbdkitApi.Error(message);

    /// <summary>A size with an optional unit, e.g. <c>1M</c> or <c>4096</c> (<c>nbdkit_parse_size</c>).</summary>
    /// <exception cref="NbdkitException">Not a size; nbdkit has printed why.</exception>
    public static long ParseSize(string value)
    {
        var fn = (delegate* unmanaged<byte*, long>)NbdkitApi.Get(NbdkitFunction.ParseSize);
        using var text = new Utf8String(value);
        var size = fn(text.Pointer);
        return size >= 0 ? size : throw Reported($"not a size: {value}");
    }

    /// <summary>A boolean such as <c>true</c>, <c>on</c>, <c>1</c>, <c>no</c> (<c>nbdkit_parse_bool</c>).</summary>
    public static bool ParseBool(string value)
    {
        var fn = (delegate* unmanaged<byte*, int>)NbdkitApi.Get(NbdkitFunction.ParseBool);
        using var text = new Utf8String(value);
        return fn(text.Pointer) switch
        {
            -1 => throw Reported($"not a boolean: {value}"),
            0 => false,
            _ => true,
        };
    }

    /// <summary>A signed 32-bit number; <paramref name="what"/> names it in nbdkit's error (<c>nbdkit_parse_int</c>).</summary>
    public static int ParseInt32(string what, string value) => ParseNumber<int>(NbdkitFunction.ParseInt, what, value);

    /// <summary>An unsigned 32-bit number (<c>nbdkit_parse_unsigned</c>).</summary>
    public static uint ParseUInt32(string what, string value) => ParseNumber<uint>(NbdkitFunction.ParseUnsigned, what, value);

    /// <summary>A signed 64-bit number (<c>nbdkit_parse_int64_t</c>).</summary>
    public static long ParseInt64(string what, string value) => ParseNumber<long>(NbdkitFunction.ParseInt64, what, value);

    /// <summary>An unsigned 64-bit number (<c>nbdkit_parse_uint64_t</c>).</summary>
    public static ulong ParseUInt64(string what, string value) => ParseNumber<ulong>(NbdkitFunction.ParseUInt64, what, value);

    private static T ParseNumber<T>(NbdkitFunction function, string what, string value) where T : unmanaged
    {
        var fn = (delegate* unmanaged<byte*, byte*, T*, int>)NbdkitApi.Get(function);
        using var whatText = new Utf8String(what);
        using var valueText = new Utf8String(value);
        T result;
        return fn(whatText.Pointer, valueText.Pointer, &result) == 0 ? result : throw Reported($"{what}: not a number: {value}");
    }

    /// <summary>
    /// A password parameter: the value itself, <c>-</c> (asked on the terminal), <c>-FD</c> or
    /// <c>+FILE</c> (<c>nbdkit_read_password</c>).
    /// </summary>
    public static string ReadPassword(string value)
    {
        var fn = (delegate* unmanaged<byte*, byte**, int>)NbdkitApi.Get(NbdkitFunction.ReadPassword);
        using var text = new Utf8String(value);
        byte* password = null;
        if (fn(text.Pointer, &password) == -1)
        {
            throw Reported("could not read the password");
        }
        try
        {
            return Utf8String.Read(password) ?? "";
        }
        finally
        {
            NativeMemory.Free(password);
        }
    }

    /// <summary>The canonical absolute path of an existing file (<c>nbdkit_realpath</c>).</summary>
    public static string Realpath(string path) => ReturnedPath(NbdkitFunction.Realpath, path);

    /// <summary>The absolute path of <paramref name="path"/>, which need not exist (<c>nbdkit_absolute_path</c>).</summary>
    public static string AbsolutePath(string path) => ReturnedPath(NbdkitFunction.AbsolutePath, path);

    private static string ReturnedPath(NbdkitFunction function, string path)
    {
        var fn = (delegate* unmanaged<byte*, byte*>)NbdkitApi.Get(function);
        using var text = new Utf8String(path);
        var result = fn(text.Pointer);
        if (result == null)
        {
            throw Reported($"{path}: cannot resolve the path");
        }
        try
        {
            return Utf8String.Read(result)!;
        }
        finally
        {
            NativeMemory.Free(result);
        }
    }

    /// <summary>
    /// Sleeps, waking early when nbdkit shuts down or the client disconnects (<c>nbdkit_nanosleep</c>).
    /// </summary>
    /// <returns>False when woken early.</returns>
    public static bool Sleep(TimeSpan duration)
    {
        var fn = (delegate* unmanaged<uint, uint, int>)NbdkitApi.Get(NbdkitFunction.Nanosleep);
        var ticks = Math.Max(0, duration.Ticks);
        return fn((uint)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100)) == 0;
    }

    /// <summary>The export name the client asked for (in <see cref="NbdkitPlugin.Open"/> and later; <c>nbdkit_export_name</c>).</summary>
    public static string ExportName
    {
        get
        {
            var fn = (delegate* unmanaged<byte*>)NbdkitApi.Get(NbdkitFunction.ExportName);
            return Utf8String.Read(fn()) ?? throw Reported("the export name is not available here");
        }
    }

    /// <summary>True when the client connected with TLS (<c>nbdkit_is_tls</c>).</summary>
    public static bool IsTls
    {
        get
        {
            var fn = (delegate* unmanaged<int>)NbdkitApi.Get(NbdkitFunction.IsTls);
            return fn() switch
            {
                -1 => throw Reported("TLS state is not available here"),
                0 => false,
                _ => true,
            };
        }
    }

    /// <summary>The client's address: an <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/> (<c>nbdkit_peer_name</c>).</summary>
    public static EndPoint PeerName
    {
        get
        {
            var fn = (delegate* unmanaged<byte*, uint*, int>)NbdkitApi.Get(NbdkitFunction.PeerName);
            const int size = 128;
            var buffer = stackalloc byte[size];
            var length = (uint)size;
            if (fn(buffer, &length) == -1)
            {
                throw Reported("the peer name is not available");
            }
            var family = (AddressFamily)(buffer[0] | (buffer[1] << 8));
            var address = new SocketAddress(family, (int)Math.Min(length, size));
            for (var i = 0; i < address.Size; i++)
            {
                address[i] = buffer[i];
            }
            return family switch
            {
                AddressFamily.InterNetwork => new IPEndPoint(IPAddress.Any, 0).Create(address),
                AddressFamily.InterNetworkV6 => new IPEndPoint(IPAddress.IPv6Any, 0).Create(address),
                AddressFamily.Unix => new UnixDomainSocketEndPoint("/").Create(address),
                _ => throw new NbdkitException(Errno.EINVAL, $"the peer's address family {family} is not supported"),
            };
        }
    }

    /// <summary>The client's process id (Unix socket clients; <c>nbdkit_peer_pid</c>).</summary>
    public static long PeerPid => PeerId(NbdkitFunction.PeerPid, "process id");

    /// <summary>The client's user id (Unix socket clients; <c>nbdkit_peer_uid</c>).</summary>
    public static long PeerUid => PeerId(NbdkitFunction.PeerUid, "user id");

    /// <summary>The client's group id (Unix socket clients; <c>nbdkit_peer_gid</c>).</summary>
    public static long PeerGid => PeerId(NbdkitFunction.PeerGid, "group id");

    private static long PeerId(NbdkitFunction function, string what)
    {
        var id = ((delegate* unmanaged<long>)NbdkitApi.Get(function))();
        return id >= 0 ? id : throw Reported($"the peer's {what} is not available");
    }

    /// <summary>The client's security context, e.g. its SELinux label (<c>nbdkit_peer_security_context</c>).</summary>
    public static string PeerSecurityContext
    {
        get
        {
            var fn = (delegate* unmanaged<byte*>)NbdkitApi.Get(NbdkitFunction.PeerSecurityContext);
            var context = fn();
            if (context == null)
            {
                throw Reported("the peer's security context is not available");
            }
            try
            {
                return Utf8String.Read(context)!;
            }
            finally
            {
                NativeMemory.Free(context);
            }
        }
    }

    /// <summary>Asks nbdkit to shut down once the current requests are done (<c>nbdkit_shutdown</c>).</summary>
    public static void Shutdown() => ((delegate* unmanaged<void>)NbdkitApi.Get(NbdkitFunction.Shutdown))();

    /// <summary>
    /// Asks nbdkit to drop the current client; <paramref name="force"/> drops it without answering
    /// requests in flight (<c>nbdkit_disconnect</c>, nbdkit 1.34).
    /// </summary>
    public static void Disconnect(bool force) => ((delegate* unmanaged<int, void>)NbdkitApi.Get(NbdkitFunction.Disconnect))(force ? 1 : 0);

    /// <summary>True when the plugin may use stdin and stdout (<c>nbdkit_stdio_safe</c>).</summary>
    public static bool StdioSafe => ((delegate* unmanaged<int>)NbdkitApi.Get(NbdkitFunction.StdioSafe))() == 1;

    private static NbdkitException Reported(string message) => new(Errno.EINVAL, message) { ReportedByNbdkit = true };
}
