using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>
/// A FIFO or a device where the database should have a regular file makes `list` and `env` fail at
/// once with exit 6 and one line naming the file, instead of waiting forever for a writer.
/// </summary>
public sealed class SpecialFileTests
{
    [Theory]
    [InlineData("list")]
    [InlineData("env", "--profiles=eg")]
    [InlineData("env", "--profiles=nbdkit:eg")]
    public async Task A_fifo_in_the_database_directory_is_refused_at_once(params string[] args)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        var fifo = Path.Combine(root.Db, "nbdkit");
        MakeFifo(fifo);

        var run = await ProfileProcess.RunAsync([.. args, "--target=arch-os@1"], root.Env);

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Equal($"profile: {fifo}: it is a FIFO (named pipe), not a regular file", run.Stderr.Trim());
    }

    [Fact]
    public async Task Env_for_another_installer_does_not_read_the_fifo_at_all()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        MakeFifo(Path.Combine(root.Db, "nbdkit"));

        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("EG_ROOT=", run.Stdout);
    }

    [Fact]
    public async Task A_fifo_named_as_the_installer_env_reads_is_refused_at_once()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Db);
        var fifo = Path.Combine(root.Db, "i1");
        MakeFifo(fifo);

        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env);

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Equal($"profile: {fifo}: it is a FIFO (named pipe), not a regular file", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/null", "a character device")]
    public async Task A_device_given_as_the_database_file_is_refused(string device, string kind)
    {
        using var root = new TempRoot();
        var run = await ProfileProcess.RunAsync(["list", $"--profiles-db={device}"], root.Env);

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Equal($"profile: {device}: it is {kind}, not a regular file", run.Stderr.Trim());
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
