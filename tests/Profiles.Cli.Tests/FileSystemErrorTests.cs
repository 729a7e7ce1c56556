namespace Profiles.Cli.Tests;

/// <summary>
/// When the file system refuses (a full disk, a read-only mount, a permission, a file where a
/// directory must be), a real `profile` says so in one line with a documented exit code, at once, and
/// leaves the database and the install tree as they were. Full and read-only are real mounts (a
/// tmpfs of a few hundred KB, a read-only bind mount); permissions are those of user nobody.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileSystemErrorTests
{
    [Fact]
    public async Task On_a_full_disk_install_and_uninstall_fail_in_one_line_and_change_nothing()
    {
        using var disk = Mount.SmallTmpfs(512);
        var root = Path.Combine(disk.Path, "root");
        var env = new Dictionary<string, string?> { ["PROFILES_ROOT"] = root };
        var installed = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain"], env);
        Assert.True(installed.ExitCode == 0, installed.ToString());
        disk.Fill();
        var before = TreeSnapshot.Of(root);

        string[][] commands = [["install", "--force", "--target=amd64-linux", "toolchain"], ["uninstall", "--target=amd64-linux", "toolchain"]];
        foreach (var args in commands)
        {
            var run = await ProfileProcess.RunAsync(args, env);
            Assert.True(run.ExitCode == 8, run.ToString());
            var error = Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("profile: ", StringComparison.Ordinal));
            Assert.EndsWith(": no space left on device", error);
            Assert.Equal(before, TreeSnapshot.Of(root));
        }
        var list = await ProfileProcess.RunAsync(["list", "--target=amd64-linux"], env);
        Assert.Equal("cross:toolchain\n", list.Stdout);
    }

    [Fact]
    public async Task On_a_full_disk_env_write_fails_in_one_line_and_leaves_no_env_file()
    {
        using var disk = Mount.SmallTmpfs(256);
        var root = Path.Combine(disk.Path, "root");
        DbFixtures.WriteDb(Path.Combine(root, "db"), "i1", DbFixtures.EgInstaller("i1", "1"));
        Directory.CreateDirectory(Path.Combine(root, "env", "i1", "eg"));
        disk.Fill();

        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1", "--write"], new Dictionary<string, string?> { ["PROFILES_ROOT"] = root });

        Assert.True(run.ExitCode == 8, run.ToString());
        Assert.Equal($"profile: cannot write {Path.Combine(root, "env", "i1", "eg", "arch-os@1.sh")}: no space left on device", run.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "env", "i1", "eg")));
    }

    [Fact]
    public async Task A_read_only_root_is_reported_as_read_only_at_once_and_can_still_be_read()
    {
        using var root = new TempRoot();
        var installed = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain"], root.Env);
        Assert.True(installed.ExitCode == 0, installed.ToString());
        using var view = Mount.ReadOnlyView(root.Path);
        var env = new Dictionary<string, string?> { ["PROFILES_ROOT"] = view.Path };
        var before = TreeSnapshot.Of(view.Path);

        string[][] commands = [["install", "--force", "--target=amd64-linux", "toolchain"], ["uninstall", "--target=amd64-linux", "toolchain"], ["cleanup", "--gc"]];
        foreach (var args in commands)
        {
            var run = await ProfileProcess.RunAsync(args, env);
            Assert.True(run.ExitCode == 8, run.ToString());
            Assert.Equal($"profile: cannot change the profiles database: {Path.Combine(view.Path, "db", ".lock")} is on a read-only file system", run.Stderr.Trim());
        }
        Assert.Equal(before, TreeSnapshot.Of(view.Path));
        var list = await ProfileProcess.RunAsync(["list", "--target=amd64-linux"], env);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("cross:toolchain\n", list.Stdout);
        var sh = await ProfileProcess.RunAsync(["env", "--profiles=cross:toolchain", "--target=amd64-linux"], env);
        Assert.True(sh.ExitCode == 0, sh.ToString());
        Assert.Contains($"CMAKE_TOOLCHAIN_FILE='{view.Path}/cross/toolchain/amd64_linux/1/toolchain.cmake'", sh.Stdout);
    }

    [Fact]
    public async Task An_empty_read_only_root_is_reported_as_read_only_at_once()
    {
        using var root = new TempRoot();
        using var view = Mount.ReadOnlyView(root.Path);

        var run = await ProfileProcess.RunAsync(["install", "--target=amd64-linux", "toolchain"], new Dictionary<string, string?> { ["PROFILES_ROOT"] = view.Path });

        Assert.True(run.ExitCode == 8, run.ToString());
        Assert.Equal($"profile: cannot change the profiles database: {Path.Combine(view.Path, "db")} is on a read-only file system", run.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(view.Path));
    }

    [Fact]
    public async Task An_unreadable_database_directory_is_a_one_line_database_error()
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", DbFixtures.EgInstaller("i1", "1"));
        File.SetUnixFileMode(root.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(root.Db, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var list = await ProfileProcess.RunAsync(["list"], root.Env, asNobody: true);
        Assert.True(list.ExitCode == 6, list.ToString());
        Assert.Equal($"profile: {root.Db}: cannot list the database directory: permission denied", list.Stderr.Trim());

        var env = await ProfileProcess.RunAsync(["env", "--profiles=i1:eg", "--target=arch-os@1"], root.Env, asNobody: true);
        Assert.True(env.ExitCode == 6, env.ToString());
        Assert.Equal($"profile: {Path.Combine(root.Db, "i1")}: permission denied", env.Stderr.Trim());
    }

    [Fact]
    public async Task An_unreadable_catalog_is_a_one_line_error()
    {
        using var root = new TempRoot();
        var catalog = root["catalog"];
        Directory.CreateDirectory(Path.Combine(catalog, "mine"));
        File.SetUnixFileMode(root.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(catalog, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await ProfileProcess.RunAsync(["available", "--catalog", catalog], root.Env, asNobody: true);

        Assert.True(run.ExitCode == 8, run.ToString());
        Assert.Equal($"profile: cannot read the plugin catalog {catalog}: permission denied", run.Stderr.Trim());
    }

    [Theory]
    [InlineData("--root", "")]
    [InlineData("PROFILES_ROOT", "")]
    [InlineData("--root", "/sub")]
    [InlineData("--profiles-dir", "")]
    public async Task A_root_that_is_a_regular_file_is_a_usage_error_naming_where_it_came_from(string source, string below)
    {
        using var dir = new TempRoot();
        var file = dir["afile"];
        File.WriteAllText(file, "");
        var path = file + below;
        var env = new Dictionary<string, string?> { ["HOME"] = dir.Path };
        string[] args = ["install", "--target=amd64-linux", "toolchain"];
        if (source == "PROFILES_ROOT") env["PROFILES_ROOT"] = path;
        else args = [.. args, $"{source}={path}"];

        var run = await ProfileProcess.RunAsync(args, env);

        Assert.True(run.ExitCode == 2, run.ToString());
        var named = source == "PROFILES_ROOT" ? $"$PROFILES_ROOT {path}" : $"{source} {path}";
        Assert.Equal(below.Length == 0 ? $"profile: {named} is a file, not a directory" : $"profile: {named}: {file} is a file, not a directory", run.Stderr.Trim());
        Assert.Equal([file], Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
