namespace Profiles.Manager.Installers;

/// <summary>
/// A file a profile builds whose bytes follow from its inputs (a reproducible build, docs/ci.md):
/// its name in the install directory and its sha256. A lock file records them, and
/// <c>install --locked</c> checks a build against them (docs/offline.md, "Output artifacts").
/// </summary>
/// <param name="File">The file's path relative to the install directory, <c>nbdkit-ramdisk-plugin.so</c>.</param>
public sealed record BuiltArtifact(string File, string Sha256);
