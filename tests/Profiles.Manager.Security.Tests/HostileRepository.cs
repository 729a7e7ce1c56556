using Profiles.Manager.Fetching;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Security.Tests;

/// <summary>
/// One repository of hostile test packages on 127.0.0.1 for a test class (<see cref="DebianRepository"/>
/// with .debs from <see cref="DebPackageBuilder"/>), with the real
/// <see cref="DebianSysroot"/> (private apt, download cache, unpacked cache) pointed at it instead of
/// the host's sources. Each test adds packages under names of its own and builds in a case directory
/// that also holds an <c>outside/</c> sentinel the packages aim at.
/// </summary>
public sealed class HostileRepository : IDisposable
{
    public HostileRepository()
    {
        Cache = new DownloadCache(Temp.Sub("cache"));
        // The repository alone, as --apt-sources gives it: no host source takes part.
        Sysroots = new DebianSysroot(Cache, Temp.Sub("apt")) { AptSources = Repository.WriteSourcesFile(Temp.Sub("hostile.list")) };
    }

    public TempDir Temp { get; } = new("profiles-hostile-");
    public DebianRepository Repository { get; } = new();
    public DownloadCache Cache { get; }
    public DebianSysroot Sysroots { get; }

    public static readonly Target Arm64 = Target.Parse("arm64-linux");

    /// <summary>Builds <paramref name="package"/> and publishes it in the repository.</summary>
    public DebPackageBuilder Add(DebPackageBuilder package)
    {
        Repository.AddDeb(package.WriteTo(Temp.Sub("debs")));
        return package;
    }

    /// <summary>A new case directory with <c>outside/</c> holding a file, a subdirectory and a .pc file.</summary>
    public Case NewCase(string name)
    {
        var dir = Temp.Sub(name);
        Directory.CreateDirectory(Path.Combine(dir, "outside", "sub"));
        Directory.CreateDirectory(Path.Combine(dir, "outside", "pc"));
        File.WriteAllText(Path.Combine(dir, "outside", "victim"), "outside, must stay as it is\n");
        File.WriteAllText(Path.Combine(dir, "outside", "pc", "evil.pc"), "prefix=/usr\nName: evil\nDescription: e\nVersion: 1\nLibs: -L/usr/lib -levil\n");
        return new Case(this, dir);
    }

    public void Dispose()
    {
        Repository.Dispose();
        Temp.Dispose();
    }

    /// <summary>One test's directory: the sysroot goes to <see cref="Sysroot"/>, everything else must stay as it was.</summary>
    public sealed class Case(HostileRepository fixture, string dir)
    {
        private readonly string before = TreeSnapshot.Of(dir, Path.Combine(dir, "sysroot"));

        public string Dir { get; } = dir;
        public string Outside => Path.Combine(Dir, "outside");
        public string Sysroot => Path.Combine(Dir, "sysroot");

        /// <summary><see cref="Outside"/> as a path from the file system root, for links that climb out.</summary>
        public string OutsideFromRoot => Outside.TrimStart('/');

        public Task<SysrootResult> BuildAsync(params string[] packages) =>
            fixture.Sysroots.BuildAsync(
                new SysrootRequest(Arm64, packages, Sysroot) { ReuseIndexesYoungerThan = TimeSpan.Zero, RelocatablePkgConfig = true },
                CancellationToken.None);

        /// <summary>Builds expecting a refusal; returns its message after checking that nothing was left or changed.</summary>
        public async Task<string> RefusedAsync(params string[] packages)
        {
            var e = await Assert.ThrowsAsync<ProfilesException>(() => BuildAsync(packages));
            Assert.DoesNotContain('\n', e.Message);
            Assert.False(Directory.Exists(Sysroot), "a refused build left its sysroot");
            Assert.Empty(Directory.EnumerateDirectories(Dir, "sysroot.partial-*"));
            AssertNothingElseChanged();
            return e.Message;
        }

        /// <summary>Everything in the case directory but the sysroot is as it was (the sentinel above all).</summary>
        public void AssertNothingElseChanged() =>
            Assert.Equal(before, TreeSnapshot.Of(Dir, Sysroot));

        /// <summary>Every link in the sysroot is relative and, from its own directory, ends inside the sysroot.</summary>
        public void AssertEveryLinkStaysInside()
        {
            var root = Path.GetFullPath(Sysroot) + "/";
            var pending = new Stack<DirectoryInfo>([new DirectoryInfo(Sysroot)]);
            while (pending.Count > 0)
            {
                foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
                {
                    if (entry.LinkTarget is { } target)
                    {
                        Assert.False(target.StartsWith('/'), $"{entry.FullName} -> {target} is absolute");
                        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entry.FullName)!, target)) + "/";
                        Assert.True(resolved.StartsWith(root, StringComparison.Ordinal), $"{entry.FullName} -> {target} leaves the sysroot");
                    }
                    else if (entry is DirectoryInfo sub)
                    {
                        pending.Push(sub);
                    }
                }
            }
        }
    }
}
