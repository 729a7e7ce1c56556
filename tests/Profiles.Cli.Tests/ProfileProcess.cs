using System.Diagnostics;

namespace Profiles.Cli.Tests;

/// <summary>The result of one run of the real `profile` process.</summary>
public sealed record ProfileRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs `profile` as a real process, the way users and CI do. By default it runs the CLI built next to
/// these tests (`dotnet profile.dll`); set PROFILE_EXE to test another build, such as the NativeAOT binary.
/// </summary>
public static class ProfileProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <param name="asNobody">Run as the user and group 65534 (nobody), through setpriv: for what root's permissions would hide.</param>
    /// <param name="withoutNetwork">Run inside a new network namespace (<c>unshare --net</c>): no network at all.</param>
    public static async Task<ProfileRun> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workingDirectory = null,
        string? stdin = null, bool asNobody = false, bool withoutNetwork = false, IReadOnlyList<string>? wrapAs = null)
    {
        var start = CreateStartInfo(args);
        if (asNobody) wrapAs = ["setpriv", "--clear-groups", "--regid=65534", "--reuid=65534", .. wrapAs ?? []];
        // A network namespace of its own (needs root): not even loopback is up, so nothing can be fetched.
        if (withoutNetwork) wrapAs = ["unshare", "--net", .. wrapAs ?? []];
        if (wrapAs is { Count: > 0 })
        {
            // Run under another program (setpriv, unshare, a script): it gets the command line as its arguments.
            start.ArgumentList.Insert(0, start.FileName);
            for (var i = wrapAs.Count - 1; i >= 1; i--) start.ArgumentList.Insert(0, wrapAs[i]);
            start.FileName = wrapAs[0];
        }
        start.WorkingDirectory = workingDirectory ?? Path.GetTempPath();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        // A test never reads or writes a developer's real profiles: no inherited root or target.
        foreach (var name in new[] { "PROFILES_ROOT", "PROFILES_DB", "PROFILES_DIR", "PROFILES_TARGET", "PROFILES_ENV", "PROFILES_ARCH", "PROFILES_MERGE_POLICIES", "PROFILES_APT_SOURCES", "PROFILES_MIRROR", "PROFILES_OFFLINE", "XDG_DATA_HOME" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start profile");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new ProfileRun(process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProfileRun> RunAsync(params string[] args) => RunAsync(args, null);

    public static ProcessStartInfo CreateStartInfo(IEnumerable<string> args)
    {
        var exe = System.Environment.GetEnvironmentVariable("PROFILE_EXE");
        // Through env --default-signal=INT: a test run started in the background of a non-interactive
        // shell (a CI job) passes SIGINT on ignored, and profile keeps an inherited ignored SIGINT as
        // nohup expects; the tests send SIGINT as a terminal's Ctrl-C does. env execs, so the pid is profile's.
        var start = new ProcessStartInfo("env");
        start.ArgumentList.Add("--default-signal=INT");
        if (!string.IsNullOrEmpty(exe))
        {
            start.ArgumentList.Add(exe);
        }
        else
        {
            start.ArgumentList.Add("dotnet");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(CliAssemblyPath());
        }
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.UseShellExecute = false;
        // Never the developer's binary cache (~/.cache/profiles/binary-cache): a test that wants a cache names it.
        start.Environment["PROFILES_BINARY_CACHE"] = "clear";
        return start;
    }

    private static string CliAssemblyPath()
    {
        // The tests are built as bin/<Configuration>/net10.0; the CLI is built with the same configuration.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "src", "Profiles.Cli", "bin", configuration, "net10.0", "profile.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"the profile CLI is not built at {path}; build profiles.sln first", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "profiles.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("profiles.sln not found above " + AppContext.BaseDirectory);
    }
}
