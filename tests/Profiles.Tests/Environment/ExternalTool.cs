using Xunit;
using System.Diagnostics;
using System.Text;

namespace Profiles.Tests.Environment;

/// <summary>
/// Runs the real programs that consume our output (sh, make, cmake, meson, dotnet msbuild). A
/// missing program fails the test and names the Debian package to install: these tests must run.
/// </summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    /// <summary>The full path of <paramref name="program"/> on PATH; fails naming <paramref name="debianPackage"/> when absent.</summary>
    public static string Require(string program, string debianPackage)
    {
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail($"'{program}' is not installed; this test needs it. Install the Debian package '{debianPackage}' (apt-get install -y {debianPackage}).");
        throw new UnreachableException();
    }

    public static Result Run(string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish in time");
        }
        copy.Wait();
        return new Result(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    /// <summary>Runs and fails the test, with the output, unless the exit code is 0.</summary>
    public static Result RunOk(string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var result = Run(program, args, workingDirectory, environment, timeout);
        Assert.True(result.ExitCode == 0,
            $"{program} {string.Join(' ', args)} exited with {result.ExitCode}\nstdout:\n{result.StdoutText}\nstderr:\n{result.Stderr}");
        return result;
    }
}
