using System.Collections.Immutable;
using Profiles.Manager.Nbdkit;

namespace Profiles.Cli;

/// <summary>Where the nbdkit plugin managers find their plugins, from a command's context.</summary>
internal static class CliContextCatalogs
{
    /// <summary>
    /// The nbdkit plugin catalogs: the built-in one, $PROFILES_CATALOG's, then each --catalog. Made when
    /// asked for, not with the context: the built-in one is found from AppContext.BaseDirectory, which
    /// costs every run (profile env's start) and only the managers need.
    /// </summary>
    public static ImmutableArray<string> PluginCatalogs(this CliContext ctx) =>
        // Relative catalog paths are the user's, relative to where they ran the command.
        PluginCatalog.Directories(ctx.ProcessEnv.GetValueOrDefault(PluginCatalog.Variable), ctx.CatalogFlags)
            .Select(d => Path.GetFullPath(d, ctx.CurrentDirectory)).ToImmutableArray();
}
