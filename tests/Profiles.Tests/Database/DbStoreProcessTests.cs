using Profiles.Database;
using Xunit;

namespace Profiles.Tests.Database;

/// <summary>The database against real processes: killed writers, concurrent writers, a held lock.</summary>
public class DbStoreProcessTests
{
    [Fact]
    public async Task Writer_killed_at_random_moments_always_leaves_a_complete_database()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        var random = new Random(4242);
        var generationsSeen = new HashSet<int>();
        for (var kill = 0; kill < 30; kill++)
        {
            using var writer = TortureProcess.Start("60", "write-loop", dir, "loop");
            await TortureProcess.WaitForLineAsync(writer, "ready");
            await Task.Delay(random.Next(0, 250));
            writer.Kill();
            await writer.WaitForExitAsync();

            var db = DbReader.Read(dir);
            generationsSeen.Add(AssertCompleteGeneration(db, $"after kill {kill}"));
            // The backup, when there is one, is a complete earlier generation too.
            if (File.Exists(Path.Combine(dir, "loop.prev")))
            {
                AssertCompleteGeneration(DbReader.Read(Path.Combine(dir, "loop.prev")), $"backup after kill {kill}");
            }
        }
        // The writer really was interrupted at different points.
        Assert.True(generationsSeen.Count > 1, $"generations seen: {string.Join(",", generationsSeen)}");
    }

    [Fact]
    public async Task Readers_during_writes_see_a_complete_database_and_never_an_older_one()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        using var writer = TortureProcess.Start("60", "write-loop", dir, "loop");
        try
        {
            await TortureProcess.WaitForLineAsync(writer, "ready");
            var last = 0;
            var distinct = new HashSet<int>();
            // At least 400 reads, and on until the writer has moved on at least twice; the cap only stops a hung writer.
            for (var read = 0; read < 400 || (distinct.Count < 3 && read < 200_000); read++)
            {
                // The file is never missing (it is replaced by rename, its backup made by hard link), so never empty.
                var generation = AssertCompleteGeneration(DbReader.Read(dir), $"read {read}");
                Assert.True(generation >= last, $"read {read} saw generation {generation} after {last}");
                last = generation;
                distinct.Add(generation);
            }
            Assert.True(distinct.Count >= 3, $"the writer made no progress while the reads ran: {string.Join(",", distinct)}");
        }
        finally
        {
            writer.Kill();
            await writer.WaitForExitAsync();
        }
    }

    /// <summary>Checks the self-description of tests/DbTorture/LoopGeneration.cs and returns the generation.</summary>
    private static int AssertCompleteGeneration(ProfilesDb db, string when)
    {
        var profile = db.LookupProfile("loop", "loop");
        Assert.True(profile is not null, $"{when}: no profile loop:loop in {string.Join(",", db.Names())}");
        var parts = profile.Root.Split('-');
        Assert.True(parts is ["gen", _, "count", _], $"{when}: root {profile.Root}");
        var generation = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var count = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1 + generation % 40, count);
        Assert.Equal(count, profile.Targets.Length);
        Assert.All(profile.Targets, t =>
        {
            Assert.Equal(parts[1], t.Version);
            Assert.Contains($"GEN={generation}", t.Env);
            Assert.Contains("QUOTED=\"<&>'\t\n\r", t.Env);
        });
        return generation;
    }

    [Fact]
    public async Task Eight_processes_adding_at_once_all_get_recorded()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        var targets = Enumerable.Range(0, 8).Select(i => $"arch{i}-linux@{i + 1}").ToArray();
        var runs = targets.Select(t => TortureProcess.RunAsync("120", "add", dir, "i1", "shared", t)).ToArray();
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}"));

        var db = DbReader.Read(dir);
        Assert.Equal<string>(["i1:shared"], db.Names());
        Assert.Equal(targets.Order(StringComparer.Ordinal), db.LookupProfile("i1:shared")!.Targets.Select(t => t.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Process_waiting_too_long_for_the_lock_exits_with_code_4()
    {
        using var scratch = new ScratchDir();
        var dir = scratch.Combine("db");
        using var holder = TortureProcess.Start("60", "hold-lock", dir, "600");
        try
        {
            await TortureProcess.WaitForLineAsync(holder, "locked");
            var (exitCode, _, stderr) = await TortureProcess.RunAsync("1.5", "add", dir, "i1", "p", "a-b@1");

            Assert.Equal(ExitCodes.LockTimeout, exitCode);
            var lockFile = Path.Combine(dir, ".lock");
            Assert.Contains($"dbtorture: waiting for the lock on {lockFile} held by another profile process", stderr);
            Assert.Contains($"dbtorture: timed out after 1.5 s waiting for the lock on {lockFile} held by another profile process", stderr);
            Assert.Empty(DbReader.Read(dir).Names());
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync();
        }
        // The kernel dropped the dead holder's lock: the next writer gets in.
        var (after, _, afterErr) = await TortureProcess.RunAsync("60", "add", dir, "i1", "p", "a-b@1");
        Assert.True(after == 0, afterErr);
        Assert.Equal<string>(["i1:p"], DbReader.Read(dir).Names());
    }
}
