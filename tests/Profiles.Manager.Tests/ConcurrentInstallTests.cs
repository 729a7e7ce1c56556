using System.Collections.Concurrent;
using Profiles.Manager.Installers;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Manager.Tests;

/// <summary>
/// <c>profile install</c> for several targets at once: the installs really overlap in time, every
/// result is recorded in the shared database, and the shared staging area is gone afterwards.
/// </summary>
public sealed class ConcurrentInstallTests
{
    /// <summary>Installs that must all be inside at the same moment to get through (see <see cref="RendezvousManager"/>).</summary>
    private sealed class Rendezvous(int parties)
    {
        public TaskCompletionSource AllInside { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Parties => parties;
        public int Inside;
        public int MaxInside;
    }

    /// <summary>
    /// A test manager whose install waits, up to a time limit, until <see cref="Rendezvous.Parties"/> installs
    /// are inside <see cref="InstallAsync"/> at the same moment: it only gets through in time if they
    /// run concurrently. It fails for the arches in <see cref="FailFor"/>. Managers given the same
    /// <see cref="Meeting"/> wait for each other.
    /// </summary>
    private sealed class RendezvousManager(string name, int parties) : IProfileManager
    {
        public string Name { get; } = name;

        public string Installer => "test";

        public string Description => "waits for its sibling installs";

        public VersionInfo VersionInfo { get; init; } = new("v", ["1", "2"], "1");

        public IReadOnlyList<ProfileOption> Options => [];

        public IReadOnlyList<string> Requires { get; init; } = [];

        public HashSet<string> FailFor { get; init; } = [];

        public ConcurrentQueue<string> Installed { get; } = new();

        public Rendezvous Meeting { get; init; } = new(parties);

        /// <summary>How many installs were inside <see cref="InstallAsync"/> (of all managers of the meeting) at once, at most.</summary>
        public int MaxInside => Meeting.MaxInside;

        public IReadOnlyList<string> Requirements(Target target) => Requires;

        public IReadOnlyList<string> OSPackages(InstallContext context, Target target) => [];

        public async Task<Target> InstallAsync(InstallContext context, Target target, string stagingDir, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref Meeting.Inside);
            lock (Meeting) Meeting.MaxInside = Math.Max(Meeting.MaxInside, now);
            try
            {
                context.Info($"building {Name} in {stagingDir}");
                if (Meeting.Parties > 1)
                {
                    if (now >= Meeting.Parties) Meeting.AllInside.TrySetResult();
                    await Meeting.AllInside.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
                if (FailFor.Contains(target.Arch)) throw new InvalidOperationException($"{Name} cannot be built for {target.Arch}");
                await File.WriteAllTextAsync(Path.Combine(stagingDir, "built"), target.ToString(), cancellationToken);
                Installed.Enqueue(target.ToString());
                return target;
            }
            finally
            {
                Interlocked.Decrement(ref Meeting.Inside);
            }
        }

        public Task UninstallAsync(InstallContext context, Target installed, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task VerifyAsync(InstallContext context, Target installed, string installDir, CancellationToken cancellationToken) =>
            File.Exists(Path.Combine(installDir, "built")) ? Task.CompletedTask : throw new InvalidOperationException("not built");
    }

    private static Task<FlowResult> Install(Harness h, string[] targets, params string[] names) => h.TryInstall(targets, names);

    [Fact]
    public async Task TwoTargetsInstallConcurrentlyAndBothAreRecorded()
    {
        var manager = new RendezvousManager("pair", parties: 2);
        using var h = new Harness(manager);

        var result = Harness.Ok(await Install(h, ["arm64-linux", "arm-linux"], "test:pair"));

        Assert.Equal(2, manager.MaxInside);
        Assert.NotNull(h.Db.LookupProfileTarget("test", "pair", Target.Parse("arm64-linux")));
        Assert.NotNull(h.Db.LookupProfileTarget("test", "pair", Target.Parse("arm-linux")));
        Assert.Equal(["test"], result.ChangedInstallers);
        Assert.Equal(2, result.Actions.Length);
        Assert.False(Directory.Exists(InstallLayout.StagingRoot(h.Root)), "the staging area is removed at the end");
        Assert.True(File.Exists(Path.Combine(h.Root, InstallLayout.InstallDir("test", "pair", Target.Parse("arm-linux@1")), "built")));
        // Every line of a target's install carries its prefix, whole.
        Assert.Contains(h.Log, l => l.StartsWith("[arm64-linux] building pair in ", StringComparison.Ordinal));
        Assert.Contains(h.Log, l => l.StartsWith("[arm-linux] building pair in ", StringComparison.Ordinal));
        Assert.All(h.Log.Where(l => l.Contains("building", StringComparison.Ordinal)), l => Assert.StartsWith("[arm", l));
    }

    [Fact]
    public async Task AFailingTargetDoesNotStopTheOthersAndIsReported()
    {
        var manager = new RendezvousManager("pair", parties: 2) { FailFor = ["riscv64"] };
        using var h = new Harness(manager);

        var result = await Install(h, ["arm64-linux", "riscv64-linux", "amd64-linux"], "test:pair");

        Assert.False(result.Succeeded);
        Assert.Contains("1 of 3 targets failed: riscv64-linux: ", result.Error!.Message);
        Assert.Contains("cannot be built for riscv64", result.Error.Message);
        Assert.NotNull(h.Db.LookupProfileTarget("test", "pair", Target.Parse("arm64-linux")));
        Assert.NotNull(h.Db.LookupProfileTarget("test", "pair", Target.Parse("amd64-linux")));
        Assert.Null(h.Db.LookupProfileTarget("test", "pair", Target.Parse("riscv64-linux")));
        Assert.Equal(["test"], result.ChangedInstallers);
        Assert.False(Directory.Exists(InstallLayout.StagingRoot(h.Root)));
    }

    [Fact]
    public async Task ARequirementSharedByTwoVersionsOfOneArchIsBuiltOnce()
    {
        var requirement = new RendezvousManager("req", parties: 1);
        var manager = new RendezvousManager("top", parties: 2) { Requires = ["test:req"] };
        using var h = new Harness(requirement, manager);

        Harness.Ok(await Install(h, ["amd64-linux@1", "amd64-linux@2"], "test:top"));

        Assert.Single(requirement.Installed);
        Assert.Equal(1, requirement.MaxInside);
        Assert.Equal(2, manager.MaxInside);
        Assert.NotNull(h.Db.LookupProfileTarget("test", "top", Target.Parse("amd64-linux@1")));
        Assert.NotNull(h.Db.LookupProfileTarget("test", "top", Target.Parse("amd64-linux@2")));
    }

    [Fact]
    public async Task IndependentRequirementsOfOneTargetInstallConcurrentlyAfterTheirOwn()
    {
        // left and right need nothing of each other (nbdkit's server root and the SDK); the SDK-like
        // right needs base first. Both must be inside their installs at once to get through.
        var meeting = new Rendezvous(2);
        var left = new RendezvousManager("left", 2) { Meeting = meeting };
        var right = new RendezvousManager("right", 2) { Meeting = meeting, Requires = ["test:base"] };
        var base_ = new RendezvousManager("base", 1);
        var top = new RendezvousManager("top", 1) { Requires = ["test:left", "test:right"] };
        using var h = new Harness(left, right, base_, top);

        Harness.Ok(await Install(h, ["arm64-linux"], "test:top"));

        Assert.Equal(2, meeting.MaxInside);
        Assert.All(new[] { "left", "right", "base", "top" }, n => Assert.NotNull(h.Db.LookupProfileTarget("test", n, Target.Parse("arm64-linux"))));
        // base was recorded before right was built on it, and top after both.
        var order = h.Log.Where(l => l.Contains("building", StringComparison.Ordinal)).ToList();
        Assert.True(order.FindIndex(l => l.Contains("building base", StringComparison.Ordinal)) < order.FindIndex(l => l.Contains("building right", StringComparison.Ordinal)), string.Join("\n", order));
        Assert.Equal(3, order.FindIndex(l => l.Contains("building top", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFailingRequirementIsTheErrorAndStopsItsSiblingAndTheProfile()
    {
        // right fails while left waits for it (it never arrives): left is cancelled, top never starts,
        // and the error is right's, not the cancellation.
        var meeting = new Rendezvous(2);
        var left = new RendezvousManager("left", 2) { Meeting = meeting };
        var right = new RendezvousManager("right", 1) { FailFor = ["arm64"] };
        var top = new RendezvousManager("top", 1) { Requires = ["test:left", "test:right"] };
        using var h = new Harness(left, right, top);

        var result = await Install(h, ["arm64-linux"], "test:top");

        Assert.False(result.Succeeded);
        Assert.Contains("right cannot be built for arm64", result.Error!.Message);
        Assert.Empty(top.Installed);
        Assert.Empty(left.Installed);
        Assert.Null(h.Db.LookupProfileTarget("test", "top", Target.Parse("arm64-linux")));
        Assert.False(Directory.Exists(InstallLayout.StagingRoot(h.Root)));
    }
}
