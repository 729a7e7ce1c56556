using System.Text.Json.Serialization;

namespace Profiles.Manager.Planning;

/// <summary>Where an input of a build comes from (docs/plan.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputKind>))]
public enum InputKind
{
    /// <summary>A Debian package (.deb) from the private apt's indexes: downloaded into the cache by its sha256.</summary>
    [JsonStringEnumMemberName("deb")]
    Deb,

    /// <summary>A release tarball with a pinned sha256, downloaded into the cache.</summary>
    [JsonStringEnumMemberName("tarball")]
    Tarball,

    /// <summary>A plugin folder of a catalog: its sha256 is over the folder's files (docs/plan.md).</summary>
    [JsonStringEnumMemberName("catalog-source")]
    CatalogSource,

    /// <summary>A Debian package of the build machine that holds a compiler or binutils: the toolchain's identity.</summary>
    [JsonStringEnumMemberName("compiler-package")]
    CompilerPackage,

    /// <summary>Another Debian package of the build machine whose program the install uses (the host's nbdkit).</summary>
    [JsonStringEnumMemberName("host-package")]
    HostPackage,
}
