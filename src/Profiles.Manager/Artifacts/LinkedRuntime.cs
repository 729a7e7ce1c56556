using System.Collections.Immutable;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Artifacts;

/// <summary>
/// The parts of a toolchain that end up inside every shared library it links: the startup objects
/// and static archives the compiler driver adds to a <c>-shared</c> link (crti.o, crtbeginS.o,
/// libgcc.a, glibc's libc_nonshared.a; MinGW's dllcrt2.o, libmingw32.a, libmingwex.a, …). The
/// compiler says where each one is (<c>-print-file-name</c>), dpkg which host package owns it, and
/// that package's Debian copyright file its license (docs/ci.md, "Licenses").
/// </summary>
public static class LinkedRuntime
{
    private static readonly ImmutableArray<string> LinuxFiles = ["crti.o", "crtn.o", "crtbeginS.o", "crtendS.o", "libgcc.a", "libc_nonshared.a"];
    private static readonly ImmutableArray<string> WindowsFiles = ["dllcrt2.o", "crtbegin.o", "crtend.o", "libgcc.a", "libmingw32.a", "libmingwex.a", "libmoldname.a"];

    /// <summary>
    /// The host packages that hold those files, with versions and licenses, in a stable order; empty
    /// when the toolchain's compiler is not installed here (then nothing can be said about them).
    /// </summary>
    public static async Task<ImmutableArray<PackageFacts>> PackagesAsync(ToolchainSpec spec, CancellationToken cancellationToken, string docRoot = "/usr/share/doc")
    {
        if (HostTools.Find(spec.Command("CC")) is not { } cc) return [];
        string[] targetFlag = spec.CompilerTarget is { } t ? [$"--target={t}"] : [];
        var paths = new List<string>();
        foreach (var file in spec.Target.Os == "windows" ? WindowsFiles : LinuxFiles)
        {
            var run = await ProcessRunner.RunAsync(cc, [.. targetFlag, $"-print-file-name={file}"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
            var path = run.StandardOutput.Trim();
            // A file the compiler does not know comes back as its bare name.
            if (run.Succeeded && Path.IsPathRooted(path) && File.Exists(path))
            {
                paths.Add(new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path));
            }
        }
        if (paths.Count == 0) return [];
        var owners = await ProcessRunner.RunAsync("dpkg-query", ["-S", .. paths.Distinct(StringComparer.Ordinal)], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
        var names = new List<string>();
        // "libgcc-12-dev:amd64: /usr/lib/gcc/…/libgcc.a"; "a, b: /path" when several packages own it. Files dpkg does not know are left out.
        foreach (var line in owners.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf(": ", StringComparison.Ordinal);
            if (separator <= 0) continue;
            foreach (var owner in line[..separator].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var name = owner.Split(':')[0];
                if (!names.Contains(name, StringComparer.Ordinal)) names.Add(name);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return await ToolchainFacts.InstalledAsync(names, docRoot, cancellationToken).ConfigureAwait(false);
    }
}
