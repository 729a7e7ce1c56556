using Profiles.Database;
using Profiles.Manager.Installers;
using Profiles.Targets;

namespace Profiles.Manager.Tests;

/// <summary>A proof record stands only for its exact key, and only when whole.</summary>
public sealed class ProofRecordsTests : IDisposable
{
    private readonly TempDir temp = new("profiles-proofs-");

    public void Dispose() => temp.Dispose();

    private static ProofKey Key(string plugin) => new ProofKey().Add("proof", "test 1").Add("plugin.sha256", plugin);

    [Fact]
    public void A_record_is_found_for_its_key_only()
    {
        var records = new ProofRecords(temp.Path);
        Assert.False(records.Has(Key("a")));
        Assert.Null(records.Record(Key("a"), ["served.sha256=x"]));
        Assert.True(records.Has(Key("a")));
        Assert.False(records.Has(Key("b")));
        Assert.False(records.Has(Key("a").Add("server", "another")));
        Assert.Single(Directory.GetFiles(records.Directory));
    }

    [Fact]
    public void A_torn_or_foreign_record_counts_as_absent()
    {
        var records = new ProofRecords(temp.Path);
        records.Record(Key("a"), ["served.sha256=x"]);
        var path = records.PathOf(Key("a"));
        var whole = File.ReadAllText(path);

        File.WriteAllText(path, whole[..^4]);                        // cut short: no end line
        Assert.False(records.Has(Key("a")));
        File.WriteAllText(path, "");                                  // an empty file after a crash
        Assert.False(records.Has(Key("a")));
        File.WriteAllText(path, whole.Replace("plugin.sha256=a", "plugin.sha256=b", StringComparison.Ordinal));  // another key's text under this name
        Assert.False(records.Has(Key("a")));
        File.WriteAllText(path, whole);
        Assert.True(records.Has(Key("a")));
    }

    [Fact]
    public async Task Concurrent_writers_leave_one_whole_record_and_no_temporary_files()
    {
        var records = new ProofRecords(temp.Path);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => records.Record(Key("a"), [$"writer={i}"]))));
        Assert.True(records.Has(Key("a")));
        Assert.Equal([records.PathOf(Key("a"))], Directory.GetFiles(records.Directory));
    }

    [Fact]
    public void A_cache_that_cannot_be_written_is_reported_not_thrown()
    {
        // A file where the proofs directory should be: creating it fails (even for root).
        File.WriteAllText(temp.Sub("proofs"), "");
        var records = new ProofRecords(temp.Path);
        Assert.Contains("could not be recorded in " + records.Directory, records.Record(Key("a"), []));
        Assert.False(records.Has(Key("a")));
    }

    [Fact]
    public async Task A_key_changes_with_a_file_it_names()
    {
        var file = temp.Sub("nbdkit");
        await File.WriteAllTextAsync(file, "#!/bin/sh\nexec nbdkit \"$@\"\n");
        var content = (await new ProofKey().AddContentAsync("launcher", file, CancellationToken.None)).Sha256;
        var identity = new ProofKey().AddIdentity("server", file).Sha256;
        Assert.Equal(identity, new ProofKey().AddIdentity("server", file).Sha256);

        await File.WriteAllTextAsync(file, "#!/bin/sh\nexec other \"$@\"\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        Assert.NotEqual(content, (await new ProofKey().AddContentAsync("launcher", file, CancellationToken.None)).Sha256);
        Assert.NotEqual(identity, new ProofKey().AddIdentity("server", file).Sha256);
        File.Delete(file);
        Assert.Contains("server=missing:", new ProofKey().AddIdentity("server", file).Text);
    }

    [Fact]
    public void A_key_part_must_be_one_line()
    {
        Assert.Throws<ArgumentException>(() => new ProofKey().Add("a", "two\nlines"));
        Assert.Throws<ArgumentException>(() => new ProofKey().Add("a=b", "c"));
    }

    [Fact]
    public async Task A_recorded_verification_runs_again_when_a_file_of_its_tree_changes_and_never_records_a_failure()
    {
        var tree = temp.Sub("install");
        Directory.CreateDirectory(Path.Combine(tree, "bin"));
        await File.WriteAllTextAsync(Path.Combine(tree, "bin", "tool"), "#!/bin/sh\n");
        await File.WriteAllTextAsync(Path.Combine(tree, InstallLayout.CompleteMarker), "completed");
        var context = new InstallContext(temp.Sub("root"), new ProfilesDb(), HostPlatform.Detect()) { ReuseProofs = true };
        var runs = 0;
        var fail = false;
        Task<bool> Verify(InstallContext c) => RecordedVerification.RunAsync(c, "test:tree",
            async () => (await new ProofKey().Add("verification", "test 1").AddTreeAsync("install", tree, CancellationToken.None)).AddHost(),
            () =>
            {
                runs++;
                return fail ? throw new ProfilesException("broken", ExitCodes.VerificationFailed) : Task.CompletedTask;
            });

        Assert.False(await Verify(context));
        Assert.True(await Verify(context));
        Assert.Equal(1, runs);
        // The marker is written after verification: it is not part of what was verified.
        await File.WriteAllTextAsync(Path.Combine(tree, InstallLayout.CompleteMarker), "completed again");
        Assert.True(await Verify(context));

        await File.WriteAllTextAsync(Path.Combine(tree, "bin", "tool"), "#!/bin/sh\nexit 1\n");
        fail = true;
        await Assert.ThrowsAsync<ProfilesException>(() => Verify(context));
        await Assert.ThrowsAsync<ProfilesException>(() => Verify(context));
        Assert.Equal(3, runs);

        // profile verify (no ReuseProofs) always runs, even with a record.
        fail = false;
        Assert.False(await Verify(context));
        Assert.False(await Verify(context with { ReuseProofs = false }));
        Assert.Equal(5, runs);
    }
}
