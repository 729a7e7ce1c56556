using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Profiles.TestSupport;

/// <summary>
/// A small Debian-style repository that a test builds itself: real .debs made with
/// <c>dpkg-deb --build</c>, indexed with <c>dpkg-scanpackages</c> into a flat repository
/// (<c>Packages</c>, <c>Packages.gz</c> and an unsigned <c>Release</c> at the top, the .debs under
/// <c>pool/</c>), served over HTTP on 127.0.0.1 and stopped on <see cref="Dispose"/>. apt reads it
/// with <see cref="SourcesLine"/> (<c>deb [trusted=yes] URL ./</c>); the tool takes such a line through
/// <c>--apt-sources</c>. The index is rewritten after every change, so a test can replace a package
/// with a newer version while the server runs (the drift a lock file guards against).
/// </summary>
public sealed class DebianRepository : IDisposable
{
    private readonly TempDir temp = new("profiles-debrepo-");
    private readonly LoopbackHttpServer server;

    public DebianRepository()
    {
        Directory.CreateDirectory(PoolDir);
        Publish();
        server = new LoopbackHttpServer(RepositoryDir);
    }

    /// <summary>The repository's files: <c>Packages</c>, <c>Packages.gz</c>, <c>Release</c>, <c>pool/*.deb</c>.</summary>
    public string RepositoryDir => temp.Sub("repo");

    private string PoolDir => Path.Combine(RepositoryDir, "pool");

    /// <summary>Where the server answers, ending in a slash.</summary>
    public Uri Url => server.BaseUri;

    /// <summary>The one-line apt source for this repository over HTTP.</summary>
    public string SourcesLine => $"deb [trusted=yes] {Url} ./";

    /// <summary>The same repository read straight from its directory (<c>file:</c>), without the server.</summary>
    public string FileSourcesLine => $"deb [trusted=yes] file:{RepositoryDir}/ ./";

    /// <summary>How many times the server was asked for <paramref name="path"/> (e.g. <c>pool/x_1_arm64.deb</c>).</summary>
    public int Hits(string path) => server.Hits(path);

    /// <summary>Writes <see cref="SourcesLine"/> into a new file <paramref name="path"/> and returns the path.</summary>
    public string WriteSourcesFile(string path)
    {
        File.WriteAllText(path, SourcesLine + "\n");
        return path;
    }

    /// <summary>
    /// A new directory <paramref name="dir"/> of apt sources as a user's <c>--apt-sources</c> naturally
    /// is: this repository (<c>local.list</c>) plus this machine's Debian sources (copied from
    /// <paramref name="hostEtcApt"/>). A deb: profile's tree is a complete sysroot, so besides the
    /// test's package it takes libc6-dev and the compiler runtime from Debian (docs/cross-profiles.md).
    /// Returns the directory.
    /// </summary>
    public string WriteSourcesWithDebian(string dir, string hostEtcApt = "/etc/apt")
    {
        Directory.CreateDirectory(dir);
        WriteSourcesFile(Path.Combine(dir, "local.list"));
        var parts = Path.Combine(hostEtcApt, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (var file in Directory.EnumerateFiles(parts).Where(f => f.EndsWith(".sources", StringComparison.Ordinal) || f.EndsWith(".list", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            }
        }
        var list = Path.Combine(hostEtcApt, "sources.list");
        if (File.Exists(list)) File.Copy(list, Path.Combine(dir, "debian.list"));
        return dir;
    }

    /// <summary>Builds the package into <c>pool/</c>, replacing a .deb of the same name, version and architecture, and re-indexes; returns the .deb's path.</summary>
    public string Add(DebianPackageSpec spec)
    {
        var tree = temp.Sub($"build-{Guid.NewGuid():N}");
        try
        {
            var debian = Path.Combine(tree, "DEBIAN");
            Directory.CreateDirectory(debian);
            File.WriteAllText(Path.Combine(debian, "control"), spec.Control());
            foreach (var (path, content) in spec.Files)
            {
                var file = Path.Combine(tree, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, content);
            }
            spec.Shape?.Invoke(tree);
            var deb = Path.Combine(PoolDir, spec.FileName);
            Run("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree, deb);
            Publish();
            return deb;
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    /// <summary>Puts a .deb made elsewhere (e.g. a hand-crafted hostile one) into <c>pool/</c> and re-indexes.</summary>
    public string AddDeb(string debFile)
    {
        var deb = Path.Combine(PoolDir, Path.GetFileName(debFile));
        File.Copy(debFile, deb, overwrite: true);
        Publish();
        return deb;
    }

    /// <summary>Takes a package version out of the repository and re-indexes.</summary>
    public void Remove(DebianPackageSpec spec)
    {
        File.Delete(Path.Combine(PoolDir, spec.FileName));
        Publish();
    }

    /// <summary>Rewrites <c>Packages</c>, <c>Packages.gz</c> and <c>Release</c> from the .debs in the pool.</summary>
    public void Publish()
    {
        // --multiversion keeps every version of a package; the paths are relative to the repository.
        var packages = Directory.EnumerateFiles(PoolDir, "*.deb").Any()
            ? Run("dpkg-scanpackages", "--multiversion", "pool", "/dev/null")
            : "";
        var packagesFile = Path.Combine(RepositoryDir, "Packages");
        File.WriteAllText(packagesFile, packages);
        using (var gz = new GZipStream(File.Create(packagesFile + ".gz"), CompressionLevel.Optimal))
        {
            gz.Write(Encoding.UTF8.GetBytes(packages));
        }
        var release = new StringBuilder()
            .Append("Origin: profiles-tests\n")
            .Append("Label: profiles-tests\n")
            .Append("Date: ").Append(DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("SHA256:\n");
        foreach (var name in new[] { "Packages", "Packages.gz" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(RepositoryDir, name));
            release.Append(' ').Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append(' ').Append(bytes.Length).Append(' ').Append(name).Append('\n');
        }
        File.WriteAllText(Path.Combine(RepositoryDir, "Release"), release.ToString());
    }

    private string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryDir,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within a minute");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }
}

/// <summary>
/// One package for a <see cref="DebianRepository"/>: its control fields, text files by their path
/// inside the package, and optionally <see cref="Shape"/>, which gets the unpacked tree before it is
/// built (for symlinks, modes, binaries).
/// </summary>
public sealed record DebianPackageSpec(string Name, string Version, string Architecture)
{
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The Depends field, or null for none.</summary>
    public string? Depends { get; init; }

    public string Description { get; init; } = "a package built by a test";

    /// <summary>Called with the package tree (its files already written) before dpkg-deb builds it.</summary>
    public Action<string>? Shape { get; init; }

    /// <summary>The pool file name, as Debian spells it (an epoch's colon becomes %3a).</summary>
    public string FileName => $"{Name}_{Version.Replace(":", "%3a", StringComparison.Ordinal)}_{Architecture}.deb";

    internal string Control()
    {
        var control = new StringBuilder()
            .Append("Package: ").Append(Name).Append('\n')
            .Append("Version: ").Append(Version).Append('\n')
            .Append("Architecture: ").Append(Architecture).Append('\n')
            .Append("Maintainer: profiles tests <tests@localhost>\n");
        if (Depends is not null) control.Append("Depends: ").Append(Depends).Append('\n');
        control.Append("Description: ").Append(Description).Append('\n');
        return control.ToString();
    }
}
