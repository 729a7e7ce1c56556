using Profiles.Database;
using Profiles.Names;

namespace Profiles.Cli;

/// <summary>Opens the profiles database a command works on.</summary>
internal static class DatabaseAccess
{
    /// <summary>
    /// The store for the chosen path. A path that does not exist yet is a new v5 directory (the
    /// normal form); an existing file is a single-file database, as older tools wrote.
    /// </summary>
    public static DbStore Store(CliContext ctx)
    {
        var progress = new Progress<string>(message => ctx.Error.WriteLine($"profile: {message}"));
        var options = DbStoreOptions.FromEnvironment(name => ctx.ProcessEnv.GetValueOrDefault(name), progress);
        return new DbStore(ctx.Location.DatabasePath, options);
    }

    /// <summary>Reads without locking: every write is an atomic replace, so a reader sees a whole file.</summary>
    public static ProfilesDb Read(CliContext ctx) => Store(ctx).Read();

    /// <summary>
    /// The database as far as <paramref name="profileNames"/> need it for <paramref name="target"/>: when
    /// every name is qualified (<c>installer:name</c>), only those installers' files are read, so
    /// <c>profile env</c> costs the same in a database of 10 targets or 10,000 (and files in the writer's
    /// form are scanned rather than parsed, <see cref="DbLookupScanner"/>). When any of them is not
    /// found there (a bare name, a profile or target not installed), the whole database is read, so
    /// lookups and their errors are exactly those of a whole read.
    /// </summary>
    public static ProfilesDb ReadFor(CliContext ctx, IReadOnlyList<string> profileNames, Targets.Target target)
    {
        var store = Store(ctx);
        var installers = profileNames.Select(name => ProfileName.Split(name).Installer).ToList();
        if (installers.Count > 0 && !installers.Contains(""))
        {
            var subset = store.ReadInstallersFor(installers, target);
            if (profileNames.All(name => subset.LookupProfileTarget(name, target) is not null)) return subset;
        }
        return store.Read();
    }

    /// <summary>
    /// <c>cleanup --rewrite-profiles-db [names]</c>: the files of the installers of <paramref name="names"/>
    /// (with none, of every installer) written again in the v5 form, under the lock; each old file is
    /// kept as <c>&lt;file&gt;.prev</c> (<see cref="DbStore.RewriteAsync"/>). A bare name counts as the
    /// installer of the one installed profile of that name.
    /// </summary>
    public static Task<DbRewrite> RewriteAsync(CliContext ctx, IReadOnlyList<string> names, CancellationToken ct)
    {
        var store = Store(ctx);
        if (names.Count == 0) return store.RewriteAsync(null, ct);
        var db = store.Read();
        var installers = names.Select(name => ProfilesDb.InstallerOf(db.QualifyUniqueBareName(ProfileName.Clean(name)))).Distinct().ToList();
        return store.RewriteAsync(installers, ct);
    }
}
