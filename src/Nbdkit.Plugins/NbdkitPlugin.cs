using System.ComponentModel;
using Nbdkit.Plugins.Native;

namespace Nbdkit.Plugins;

/// <summary>
/// An nbdkit plugin written in C#: derive from this class, override what the plugin needs, and name
/// the class in the project (<c>&lt;NbdkitPluginClass&gt;</c>, docs/nbdkit-csharp.md). The global
/// callbacks of nbdkit-plugin(3) are here; each client connection is an <see cref="NbdkitConnection"/>
/// that <see cref="Open"/> returns. Errors are exceptions: see <see cref="NbdkitException"/>.
/// </summary>
/// <remarks>
/// Where the callbacks run: <see cref="Config"/> and <see cref="ConfigComplete"/> run twice, first in a
/// short-lived child of nbdkit that only checks the parameters (so a bad one fails at once, before
/// nbdkit forks), then in the serving process, followed by <see cref="GetReady"/> and
/// <see cref="AfterFork"/>. The .NET runtime starts in the serving process only, after nbdkit's last
/// fork, so threads, tasks and finalizers work there. Relative paths in parameters resolve against
/// the directory nbdkit was started in.
/// </remarks>
public abstract class NbdkitPlugin
{
    /// <summary>One <c>key=value</c> parameter. The default rejects every key.</summary>
    public virtual void Config(string key, string value) =>
        throw new NbdkitException(Errno.EINVAL, $"unknown parameter '{key}'");

    /// <summary>All parameters are in: check that they make sense together.</summary>
    public virtual void ConfigComplete()
    {
    }

    /// <summary>How requests may overlap; may depend on the parameters. The default is <see cref="ThreadModel.Parallel"/>.</summary>
    public virtual ThreadModel ThreadModel => ThreadModel.Parallel;

    /// <summary>Global preparation before serving (in the serving process; nbdkit's <c>.get_ready</c>).</summary>
    public virtual void GetReady()
    {
    }

    /// <summary>Serving starts: start background threads here (nbdkit's <c>.after_fork</c>).</summary>
    public virtual void AfterFork()
    {
    }

    /// <summary>Extra <c>key=value</c> lines for <c>nbdkit --dump-plugin</c>.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> DumpPlugin() => [];

    /// <summary>A client connected, before the handshake; throw to refuse it.</summary>
    public virtual void Preconnect(bool readOnly)
    {
    }

    /// <summary>The exports to list to a client; null (the default) lists only the default export.</summary>
    public virtual IEnumerable<NbdkitExport>? ListExports(bool readOnly, bool isTls) => null;

    /// <summary>The name of the default export (the empty name's meaning).</summary>
    public virtual string DefaultExport(bool readOnly, bool isTls) => "";

    /// <summary>A client connection. <paramref name="readOnly"/>: nbdkit will not allow writes on it.</summary>
    public abstract NbdkitConnection Open(bool readOnly);

    /// <summary>All connections are closed and nbdkit is shutting down.</summary>
    public virtual void Cleanup()
    {
    }

    /// <summary>The plugin is being unloaded: the last call.</summary>
    public virtual void Unload()
    {
    }

    /// <summary>
    /// Registers the plugin class; the build generates this call from <c>&lt;NbdkitPluginClass&gt;</c>
    /// (docs/nbdkit-csharp.md), so plugins never call it themselves.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(Func<NbdkitPlugin> factory) => PluginHost.Register(factory);
}

/// <summary>An export a plugin lists to clients (<see cref="NbdkitPlugin.ListExports"/>).</summary>
/// <param name="Name">The export name.</param>
/// <param name="Description">Shown by clients such as <c>nbdinfo --list</c>; optional.</param>
public sealed record NbdkitExport(string Name, string? Description = null);

/// <summary>Block size constraints a connection advertises (<see cref="NbdkitConnection.BlockSize"/>).</summary>
/// <param name="Minimum">The smallest request, a power of two from 1 to 64 KiB.</param>
/// <param name="Preferred">The best request size, a power of two from 512 bytes to 32 MiB, at least <paramref name="Minimum"/>.</param>
/// <param name="Maximum">The largest request, a multiple of <paramref name="Minimum"/>, or <see cref="uint.MaxValue"/>.</param>
public readonly record struct BlockSize(uint Minimum, uint Preferred, uint Maximum);
