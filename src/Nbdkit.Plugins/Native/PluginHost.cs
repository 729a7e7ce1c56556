namespace Nbdkit.Plugins.Native;

/// <summary>
/// The plugin instance of this process and the way errors reach nbdkit. The factory is registered by
/// the code the build generates from <c>&lt;NbdkitPluginClass&gt;</c> (a module initializer), before
/// any callback runs.
/// </summary>
internal static class PluginHost
{
    private static Func<NbdkitPlugin>? factory;

    public static NbdkitPlugin? Plugin { get; private set; }

    public static void Register(Func<NbdkitPlugin> pluginFactory) => factory = pluginFactory;

    /// <summary>A new instance of the plugin class (one per process that runs callbacks).</summary>
    public static NbdkitPlugin Create() =>
        (factory ?? throw new NbdkitException(Errno.EINVAL,
            "no plugin class is registered: set <NbdkitPluginClass> in the project to the class that derives from Nbdkit.Plugins.NbdkitPlugin"))();

    /// <summary>The instance that serves, made by <see cref="Exports.Start"/>.</summary>
    public static NbdkitPlugin Serving => Plugin ?? throw new InvalidOperationException("the plugin has not started");

    public static void SetServing(NbdkitPlugin plugin) => Plugin = plugin;

    /// <summary>
    /// Reports an exception the way nbdkit expects a failed callback to: the message through
    /// <c>nbdkit_error</c> (unless nbdkit printed it already) and the errno through <c>nbdkit_set_error</c>.
    /// </summary>
    public static void Report(Exception exception)
    {
        try
        {
            if (exception is not NbdkitException { ReportedByNbdkit: true })
            {
                NbdkitApi.Error(exception is NbdkitException or NbdkitNotSupportedException
                    ? exception.Message
                    : $"{exception.GetType().Name}: {exception.Message}");
            }
            NbdkitApi.SetError(NbdkitException.ErrnoOf(exception));
        }
        catch (Exception)
        {
            // Reporting must never throw into native code; the callback still returns its error value.
        }
    }
}
