using System.Collections.Immutable;
using System.Text;

namespace Profiles.Database;

/// <summary>
/// A database on disk, a v5 directory (one file per installer) or a single file: reading, atomic
/// writing and read-modify-write under an inter-process lock. The lock is <c>&lt;dir&gt;/.lock</c> for a
/// directory and <c>&lt;dir&gt;/.&lt;file&gt;.lock</c> next to a single file. Readers take no lock: every write
/// is an atomic replace, so they always see a complete file.
/// </summary>
public sealed class DbStore
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="path">A database directory, or a file (existing or not). Whether it is a directory is decided when it is used, as in the original.</param>
    public DbStore(string path, DbStoreOptions? options = null)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ProfilesException("please specify a profiles database path", ExitCodes.Usage);
        }
        Path = path;
        Options = options ?? new DbStoreOptions();
    }

    /// <summary>Opens the database directory <paramref name="directory"/>, creating it if needed (a new root has none yet).</summary>
    public static DbStore OpenDirectory(string directory, DbStoreOptions? options = null)
    {
        var store = new DbStore(directory, options);
        store.CreateDirectory();
        return store;
    }

    /// <summary>
    /// Makes <see cref="Path"/> a database directory if it is none yet (a new root has none). A refusal is
    /// one line with <see cref="ExitCodes.FileSystem"/>; a read-only file system is the one read-only
    /// message (<see cref="ReadOnly"/>, docs/security.md), at once.
    /// </summary>
    public void CreateDirectory()
    {
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (Files.FileSystemError.IsReadOnly(e))
        {
            throw ReadOnly(Path, e);
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot create the profiles database directory {Path}", e);
        }
    }

    public string Path { get; }

    public DbStoreOptions Options { get; }

    public bool IsDirectory => Directory.Exists(Path);

    /// <summary>The lock file that serialises writers of this database.</summary>
    public string LockFile
    {
        get
        {
            if (IsDirectory) return System.IO.Path.Combine(Path, DbFileNames.DirectoryLockName);
            var full = System.IO.Path.GetFullPath(Path);
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? ".", $".{System.IO.Path.GetFileName(full)}.lock");
        }
    }

    /// <summary>
    /// The file whose byte ranges are the per-install locks of installs recorded here (one byte per
    /// installer, profile and target; Profiles.Manager's InstallLocks): <c>&lt;dir&gt;/.install.lock</c> for
    /// a directory, <c>.&lt;file&gt;.install.lock</c> next to a single file. Hidden, so never read as a database file.
    /// </summary>
    public string InstallLockFile
    {
        get
        {
            if (IsDirectory) return System.IO.Path.Combine(Path, ".install.lock");
            var full = System.IO.Path.GetFullPath(Path);
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? ".", $".{System.IO.Path.GetFileName(full)}.install.lock");
        }
    }

    /// <summary>
    /// The file that holds <paramref name="installer"/>'s profiles (spec 1.5): <c>&lt;path&gt;/&lt;installer&gt;</c>
    /// for an existing directory, else the path itself.
    /// </summary>
    public static string FileFor(string path, string installer)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ProfilesException("please specify a profiles database path", ExitCodes.Usage);
        }
        if (!Directory.Exists(path)) return path;
        if (string.IsNullOrEmpty(installer))
        {
            throw new ProfilesException($"no installer specified for directory path {path}", ExitCodes.Usage);
        }
        return System.IO.Path.Combine(path, installer);
    }

    /// <summary>Reads the database without locking; a missing path reads as empty.</summary>
    public ProfilesDb Read(TimeProvider? clock = null) => DbReader.Read(Path, clock);

    /// <summary>
    /// Reads the database for a change that will be written, under the lock: as <see cref="Read"/>, then
    /// refuses at once, before any work, when writing the file of any of <paramref name="installers"/>
    /// (default: every installer with profiles) would lose what a hand edit put there (<see cref="DbWriteGuard"/>).
    /// </summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.BadDatabase"/>, naming the file and the fix.</exception>
    public ProfilesDb ReadForWriting(IEnumerable<string>? installers = null, TimeProvider? clock = null)
    {
        var db = DbReader.Read(Path, clock);
        foreach (var installer in installers ?? db.Installers())
        {
            // A directory has no file for profiles of no installer: they are never written, so never lost.
            if (installer.Length == 0 && IsDirectory) continue;
            DbWriteGuard.Check(db, Path, installer);
        }
        return db;
    }

    /// <summary>Reads only the files of <paramref name="installers"/>, without locking; see <see cref="DbReader.ReadInstallers"/>.</summary>
    public ProfilesDb ReadInstallers(IEnumerable<string> installers, TimeProvider? clock = null) =>
        DbReader.ReadInstallers(Path, installers, clock);

    /// <summary>
    /// What <see cref="ReadInstallers"/> gives as far as lookups of <paramref name="target"/> go (other targets
    /// may be left out), without locking: through <see cref="DbLookupScanner"/> when every file is in the
    /// form the writer writes, otherwise through <see cref="DbReader.ReadInstallers"/> with all its checks and errors.
    /// </summary>
    public ProfilesDb ReadInstallersFor(IReadOnlyCollection<string> installers, Targets.Target target) =>
        DbLookupScanner.TryReadInstallers(Path, installers, target) ?? DbReader.ReadInstallers(Path, installers);

    /// <summary>Takes this database's lock; dispose the result to release it.</summary>
    public Task<DbLock> LockAsync(CancellationToken cancellationToken = default) =>
        DbLock.AcquireAsync(LockFile, Options, cancellationToken);

    /// <summary>Writes <paramref name="installer"/>'s profiles of <paramref name="db"/> under the lock, atomically, keeping <c>.prev</c>.</summary>
    public async Task WriteAsync(ProfilesDb db, string installer, CancellationToken cancellationToken = default)
    {
        var file = FileFor(Path, installer);
        // Formatted before locking and writing, so an invalid database changes nothing.
        var contents = Utf8NoBom.GetBytes(DbWriter.Format(db, installer));
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        WriteFile(file, contents);
    }

    /// <summary>
    /// <c>cleanup --rewrite-profiles-db</c>: the files of <paramref name="installers"/> (default: every
    /// installer that has profiles or a file here, an empty one included) written again in the v5 form
    /// under the lock, each old file kept as <c>&lt;file&gt;.prev</c>. Every file is checked before any
    /// is written. In a directory, a file of no installer (no <c>installer</c> attribute) has no file
    /// to be written to and is left as it is, as the original left it.
    /// </summary>
    public async Task<DbRewrite> RewriteAsync(IReadOnlyCollection<string>? installers = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path) && !Directory.Exists(Path)) return new DbRewrite([], []);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var db = DbReader.Read(Path);
        var chosen = installers ?? DefaultRewriteInstallers(db);
        var writable = chosen.Where(i => !(i.Length == 0 && IsDirectory)).Distinct().Order(Text.Utf8Order.Comparer).ToList();
        var untouched = IsDirectory
            ? db.FilesRead.Where(f => Names.ProfileName.Clean(f.InstallerAttribute ?? "").Length == 0 && (installers is null || installers.Contains(""))).Select(f => f.File).ToList()
            : [];
        foreach (var installer in writable) DbWriteGuard.Check(db, Path, installer);
        var files = writable.Select(installer => (File: FileFor(Path, installer), Contents: Utf8NoBom.GetBytes(DbWriter.Format(db, installer)))).ToList();
        if (!IsDirectory && files.Count > 1)
        {
            throw new ProfilesException(
                $"{Path} is a single-file database and can hold the profiles of only one installer, not of {string.Join(", ", writable)}; use a database directory",
                ExitCodes.BadDatabase);
        }
        foreach (var (file, contents) in files) WriteFile(file, contents);
        return new DbRewrite([.. files.Select(f => f.File)], [.. untouched]);
    }

    /// <summary>
    /// Locks, reads the current database, applies <paramref name="change"/>, writes the file of every
    /// installer whose profiles changed (no other file is touched) and unlocks. If
    /// <paramref name="change"/> throws, nothing is written.
    /// </summary>
    public async Task<T> UpdateAsync<T>(Func<ProfilesDb, T> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var db = DbReader.Read(Path);
        var before = ByInstaller(db);
        var result = change(db);
        var after = ByInstaller(db);
        var changed = before.Keys.Union(after.Keys)
            .Where(installer => !before.GetValueOrDefault(installer, []).SequenceEqual(after.GetValueOrDefault(installer, [])))
            .Order(Text.Utf8Order.Comparer)
            .ToList();
        if (changed.Count == 0) return result;
        if (!IsDirectory && after.Count > 1)
        {
            // One file has one installer attribute; writing several installers into it would lose all but one.
            throw new ProfilesException(
                $"{Path} is a single-file database and can hold the profiles of only one installer, not of {string.Join(", ", after.Keys.Order(Text.Utf8Order.Comparer).Select(i => i.Length == 0 ? "(none)" : i))}; use a database directory",
                ExitCodes.Usage);
        }
        // Check and format everything first: a file that would lose records, or a missing version in
        // any installer, writes nothing at all.
        foreach (var installer in changed) DbWriteGuard.Check(db, Path, installer);
        var files = changed.Select(installer => (File: FileFor(Path, installer), Contents: Utf8NoBom.GetBytes(DbWriter.Format(db, installer)))).ToList();
        foreach (var (file, contents) in files)
        {
            WriteFile(file, contents);
        }
        return result;
    }

    /// <summary>Like <see cref="UpdateAsync{T}"/> for a change with no result.</summary>
    public Task UpdateAsync(Action<ProfilesDb> change, CancellationToken cancellationToken = default) =>
        UpdateAsync(db =>
        {
            change(db);
            return true;
        }, cancellationToken);

    private static void WriteFile(string file, byte[] contents)
    {
        var target = file;
        try
        {
            target = WriteTarget(file);
            Files.AtomicFile.RemoveStaleTemps(target);
            Files.AtomicFile.Write(target, contents, new Files.AtomicFileOptions { Backup = DbFileNames.Prev(target) });
        }
        catch (ProfilesException e) when (target != file)
        {
            throw new ProfilesException($"{e.Message} (the profiles database {file} links to it)", e.ExitCode, e);
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            throw Files.FileSystemError.Wrap($"cannot write {file}", e);
        }
    }

    /// <summary>The one message for a database that cannot change because its file system is mounted read-only.</summary>
    internal static ProfilesException ReadOnly(string path, Exception inner) =>
        new($"cannot change the profiles database: {path} is on a read-only file system", ExitCodes.FileSystem, inner);

    /// <summary>
    /// The file a write of <paramref name="file"/> replaces: the file itself, or, when it is a symbolic
    /// link, the file the link finally points to. The write goes through the link, so the link stays and
    /// whatever else reads its target sees the change; the backup is <c>&lt;target&gt;.prev</c>, next to it.
    /// </summary>
    internal static string WriteTarget(string file)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is null) return file;
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
    }

    /// <summary>
    /// Every installer with profiles; in a directory also the installer of every file read, so that a
    /// file with no profiles is rewritten too; a single file with no profiles keeps its own installer.
    /// </summary>
    private IReadOnlyCollection<string> DefaultRewriteInstallers(ProfilesDb db)
    {
        var installers = db.Installers();
        var ofFiles = db.FilesRead.Select(f => Names.ProfileName.Clean(f.InstallerAttribute ?? ""));
        if (IsDirectory) return [.. installers.Concat(ofFiles)];
        return installers.IsEmpty ? [.. ofFiles.DefaultIfEmpty("")] : installers;
    }

    private static Dictionary<string, ImmutableArray<Profile>> ByInstaller(ProfilesDb db) =>
        db.Profiles()
            .GroupBy(p => Names.ProfileName.Split(p.QualifiedName).Installer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
}
