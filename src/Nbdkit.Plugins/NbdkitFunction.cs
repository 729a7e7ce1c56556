namespace Nbdkit.Plugins;

/// <summary>
/// The nbdkit functions this binding calls, for <see cref="NbdkitServer.Supports"/>. Each is looked up in
/// the running nbdkit when the plugin starts; <see cref="NbdkitFunctions"/> says which release
/// introduced it.
/// </summary>
public enum NbdkitFunction
{
    /// <summary><c>nbdkit_error</c>.</summary>
    Error,
    /// <summary><c>nbdkit_debug</c>.</summary>
    Debug,
    /// <summary><c>nbdkit_set_error</c>.</summary>
    SetError,
    /// <summary><c>nbdkit_absolute_path</c>.</summary>
    AbsolutePath,
    /// <summary><c>nbdkit_parse_size</c>.</summary>
    ParseSize,
    /// <summary><c>nbdkit_parse_bool</c>.</summary>
    ParseBool,
    /// <summary><c>nbdkit_read_password</c>.</summary>
    ReadPassword,
    /// <summary><c>nbdkit_realpath</c>.</summary>
    Realpath,
    /// <summary><c>nbdkit_add_extent</c>.</summary>
    AddExtent,
    /// <summary><c>nbdkit_nanosleep</c>.</summary>
    Nanosleep,
    /// <summary><c>nbdkit_export_name</c>.</summary>
    ExportName,
    /// <summary><c>nbdkit_parse_int</c>.</summary>
    ParseInt,
    /// <summary><c>nbdkit_parse_unsigned</c>.</summary>
    ParseUnsigned,
    /// <summary><c>nbdkit_parse_int64_t</c>.</summary>
    ParseInt64,
    /// <summary><c>nbdkit_parse_uint64_t</c>.</summary>
    ParseUInt64,
    /// <summary><c>nbdkit_peer_name</c>.</summary>
    PeerName,
    /// <summary><c>nbdkit_shutdown</c>.</summary>
    Shutdown,
    /// <summary><c>nbdkit_stdio_safe</c>.</summary>
    StdioSafe,
    /// <summary><c>nbdkit_add_export</c>.</summary>
    AddExport,
    /// <summary><c>nbdkit_is_tls</c>.</summary>
    IsTls,
    /// <summary><c>nbdkit_peer_pid</c>.</summary>
    PeerPid,
    /// <summary><c>nbdkit_peer_uid</c>.</summary>
    PeerUid,
    /// <summary><c>nbdkit_peer_gid</c>.</summary>
    PeerGid,
    /// <summary><c>nbdkit_strdup_intern</c>.</summary>
    StrdupIntern,
    /// <summary><c>nbdkit_use_default_export</c>.</summary>
    UseDefaultExport,
    /// <summary><c>nbdkit_disconnect</c>.</summary>
    Disconnect,
    /// <summary><c>nbdkit_peer_security_context</c>.</summary>
    PeerSecurityContext,
}
