using System.Collections.Immutable;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// The manifest's <c>check</c>: how to serve the plugin in a real nbdkit during <c>verify</c>. The
/// placeholders <c>{sample}</c> and <c>{sample.gz}</c> in <see cref="Args"/> become a 1 MiB sample
/// file and its gzip, made fresh for each check.
/// </summary>
/// <param name="Args">The plugin's parameters, e.g. <c>size=1M</c> or <c>file={sample.gz}</c>.</param>
/// <param name="Writes">Write the sample over NBD first, then read back (a read-write plugin).</param>
/// <param name="ServesSample">The bytes served must be exactly the sample's.</param>
public sealed record PluginCheck(ImmutableArray<string> Args = default, bool Writes = false, bool ServesSample = false);
