using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;
using Profiles.Targets;

namespace Profiles.Manager.Catalog;

/// <summary>
/// The verification that a toolchain really builds for its target: compile and link a tiny shared
/// library (a DLL on Windows) and read its header with our own <see cref="BinaryHeader"/>, so a
/// compiler for the wrong machine is caught here and not by a loader much later.
/// </summary>
internal static class SharedLibraryProbe
{
    /// <param name="compiler">CC as recorded: a path, possibly followed by <c>--target=...</c>.</param>
    /// <param name="extraArguments">More flags for the link (-I, -L, -l from pkg-config); the probe then references <paramref name="symbol"/>.</param>
    /// <param name="workingDirectory">Where the compiler runs, for relative -I and -L paths; null for this process's.</param>
    /// <param name="executable">Link a program that uses the C library (crt files, libc.so's linker script) instead of a shared library.</param>
    public static async Task<BinaryInfo> BuildAndCheckAsync(
        string compiler, IReadOnlyList<string> linkerFlags, IReadOnlyList<string> extraArguments, Target target,
        CancellationToken cancellationToken, string? include = null, string? symbol = null, bool executable = false, string? workingDirectory = null)
    {
        var work = Directory.CreateTempSubdirectory("profiles-probe-").FullName;
        try
        {
            var source = Path.Combine(work, "probe.c");
            var code = (include is null ? "" : $"#include <{include}>\n")
                + (symbol is null ? "" : $"void *profiles_probe_use(void) {{ return (void *)&{symbol}; }}\n")
                + "int profiles_probe(int x) { return x * 2 + 1; }\n"
                + (executable ? "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", profiles_probe(20)); return 0; }\n" : "");
            await File.WriteAllTextAsync(source, code, cancellationToken).ConfigureAwait(false);
            var output = Path.Combine(work, executable ? "probe" : target.Os == "windows" ? "probe.dll" : "libprobe.so");
            var parts = compiler.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] kind = executable ? [] : ["-shared", "-fPIC"];
            var result = await ProcessRunner.RunAsync(parts[0],
                [.. parts.Skip(1), .. kind, "-o", output, source, .. extraArguments, .. linkerFlags],
                cancellationToken, workingDirectory: workingDirectory).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new ProfilesException(
                    $"the {target.Arch}-{target.Os} toolchain could not build {(executable ? "a program" : "a shared library")}: {result.CommandLine}: {result.StandardError.Trim()}",
                    ExitCodes.VerificationFailed);
            }
            var info = await BinaryHeader.ReadAsync(output, cancellationToken).ConfigureAwait(false);
            BinaryMachine.EnsureMatches(info, target);
            if (!executable && !info.IsSharedLibrary)
            {
                throw new ProfilesException($"{output} is not a shared library", ExitCodes.VerificationFailed);
            }
            return info;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
