namespace Nbdkit.Plugins;

/// <summary>
/// In which nbdkit release each function appeared: the first stable release whose
/// <c>server/nbdkit.syms</c> (or, before 1.10, <c>include/nbdkit-plugin.h</c>) has it, read from
/// nbdkit's own repository (tags v1.0.0 to v1.33.11), and for 1.36 from nbdkit-plugin(3)'s
/// "(nbdkit ≥ 1.36)" notes. Functions that appeared in a development release (odd minor) are listed
/// with the stable release that followed. docs/nbdkit-csharp.md has the table.
/// </summary>
public static class NbdkitFunctions
{
    private static readonly (NbdkitFunction Function, string Symbol, string Release)[] Table =
    [
        (NbdkitFunction.Error, "nbdkit_error", "1.0"),
        (NbdkitFunction.Debug, "nbdkit_debug", "1.0"),
        (NbdkitFunction.AbsolutePath, "nbdkit_absolute_path", "1.0"),
        (NbdkitFunction.ParseSize, "nbdkit_parse_size", "1.0"),
        (NbdkitFunction.SetError, "nbdkit_set_error", "1.2"),
        (NbdkitFunction.ReadPassword, "nbdkit_read_password", "1.2"),
        (NbdkitFunction.Realpath, "nbdkit_realpath", "1.4"),
        (NbdkitFunction.ParseBool, "nbdkit_parse_bool", "1.8"),
        (NbdkitFunction.AddExtent, "nbdkit_add_extent", "1.12"),
        (NbdkitFunction.Nanosleep, "nbdkit_nanosleep", "1.14"),
        (NbdkitFunction.ExportName, "nbdkit_export_name", "1.16"),
        (NbdkitFunction.ParseInt, "nbdkit_parse_int", "1.16"),
        (NbdkitFunction.ParseUnsigned, "nbdkit_parse_unsigned", "1.16"),
        (NbdkitFunction.ParseInt64, "nbdkit_parse_int64_t", "1.16"),
        (NbdkitFunction.ParseUInt64, "nbdkit_parse_uint64_t", "1.16"),
        (NbdkitFunction.PeerName, "nbdkit_peer_name", "1.16"),
        (NbdkitFunction.Shutdown, "nbdkit_shutdown", "1.20"),
        (NbdkitFunction.StdioSafe, "nbdkit_stdio_safe", "1.20"),
        (NbdkitFunction.AddExport, "nbdkit_add_export", "1.22"),
        (NbdkitFunction.IsTls, "nbdkit_is_tls", "1.22"),
        (NbdkitFunction.PeerPid, "nbdkit_peer_pid", "1.24"),
        (NbdkitFunction.PeerUid, "nbdkit_peer_uid", "1.24"),
        (NbdkitFunction.PeerGid, "nbdkit_peer_gid", "1.24"),
        (NbdkitFunction.StrdupIntern, "nbdkit_strdup_intern", "1.24"),
        (NbdkitFunction.UseDefaultExport, "nbdkit_use_default_export", "1.24"),
        (NbdkitFunction.Disconnect, "nbdkit_disconnect", "1.34"),
        (NbdkitFunction.PeerSecurityContext, "nbdkit_peer_security_context", "1.36"),
    ];

    /// <summary>Every function, in release order.</summary>
    public static IReadOnlyList<NbdkitFunction> All { get; } = [.. Table.Select(t => t.Function)];

    /// <summary>The C name: <c>nbdkit_disconnect</c>.</summary>
    public static string SymbolOf(NbdkitFunction function) => Row(function).Symbol;

    /// <summary>The first nbdkit release that has it: <c>1.34</c>.</summary>
    public static string IntroducedIn(NbdkitFunction function) => Row(function).Release;

    /// <summary>The release as (minor) for comparisons; every release here is 1.x.</summary>
    internal static int MinorOf(string release) => int.Parse(release.AsSpan(release.IndexOf('.') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private static (NbdkitFunction Function, string Symbol, string Release) Row(NbdkitFunction function)
    {
        foreach (var row in Table)
        {
            if (row.Function == function)
            {
                return row;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(function), function, "not an nbdkit function this binding knows");
    }
}
