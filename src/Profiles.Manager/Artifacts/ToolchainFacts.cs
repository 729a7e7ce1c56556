using System.Collections.Immutable;
using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Artifacts;

/// <summary>One Debian package that went into an artifact, with its license.</summary>
/// <param name="Sha256">The .deb's sha256 for sysroot packages (from the sysroot manifest); null for host packages.</param>
/// <param name="DownloadUri">Where the .deb came from, for sysroot packages.</param>
/// <param name="Supplier">Who publishes it: Debian for .debs, Microsoft for the .NET runtime in a C# plugin.</param>
/// <param name="PackageUrl">The purl when it is not a Debian package, e.g. <c>pkg:nuget/...</c>.</param>
public sealed record PackageFacts(string Name, string Version, string Architecture, PackageLicense License, string? Sha256 = null, string? DownloadUri = null,
    string Supplier = "Debian", string? PackageUrl = null)
{
    /// <summary>The package URL: <see cref="PackageUrl"/>, or <c>pkg:deb/debian/&lt;name&gt;@&lt;version&gt;?arch=&lt;arch&gt;</c> with the version percent-encoded.</summary>
    public string Purl => PackageUrl ?? $"pkg:deb/debian/{Uri.EscapeDataString(Name)}@{Uri.EscapeDataString(Version)}?arch={Uri.EscapeDataString(Architecture)}";
}

/// <summary>The compiler that built an artifact, as it reports itself.</summary>
/// <param name="Command">e.g. <c>aarch64-linux-gnu-gcc</c>.</param>
/// <param name="Version"><c>-dumpfullversion</c>, e.g. <c>12.2.0</c>.</param>
/// <param name="VersionLine">The first line of <c>--version</c>, e.g. <c>aarch64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0</c>.</param>
/// <param name="Package">The Debian package that owns the compiler binary, if dpkg knows it.</param>
public sealed record CompilerFacts(string Command, string Version, string VersionLine, string? Package);

/// <summary>The toolchain of a target as installed on this machine: its triplet, compiler and packages with versions and licenses.</summary>
public sealed record ToolchainFacts(string Triplet, CompilerFacts Compiler, ImmutableArray<PackageFacts> Packages)
{
    /// <summary>
    /// Asks the installed compiler for its version and dpkg for the versions of the toolchain's
    /// packages (the spec's packages plus the one owning the real compiler binary, e.g.
    /// gcc-12-aarch64-linux-gnu behind gcc-aarch64-linux-gnu's symlink). Licenses come from the
    /// host's <c>/usr/share/doc/&lt;package&gt;/copyright</c>.
    /// </summary>
    public static async Task<ToolchainFacts> ReadAsync(ToolchainSpec spec, CancellationToken cancellationToken, string docRoot = "/usr/share/doc")
    {
        var command = spec.Command("CC");
        var cc = HostTools.Require(command, spec.Tools.First(t => t.Variable == "CC").DebianPackage);
        var version = (await ProcessRunner.RunAsync(cc, ["-dumpfullversion"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false))
            .EnsureSuccess($"{command} -dumpfullversion").StandardOutput.Trim();
        var versionLine = (await ProcessRunner.RunAsync(cc, ["--version"], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false))
            .EnsureSuccess($"{command} --version").StandardOutput.Split('\n')[0].Trim();

        string? owner = null;
        var real = new FileInfo(cc).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? cc;
        var search = await ProcessRunner.RunAsync("dpkg-query", ["-S", real], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
        if (search.Succeeded && search.StandardOutput.Split('\n')[0] is var line && line.IndexOf(':') is > 0 and var colon)
        {
            owner = line[..colon].Split(',')[0].Trim();
        }

        var names = spec.DebianPackages.ToList();
        if (owner is not null && !names.Contains(owner)) names.Add(owner);
        var packages = await InstalledAsync(names, docRoot, cancellationToken).ConfigureAwait(false);
        return new ToolchainFacts(spec.Triplet, new CompilerFacts(command, version, versionLine, owner), packages);
    }

    /// <summary>The installed ones of <paramref name="names"/> (others are left out), in the given order.</summary>
    public static async Task<ImmutableArray<PackageFacts>> InstalledAsync(IReadOnlyList<string> names, string docRoot, CancellationToken cancellationToken)
    {
        if (names.Count == 0) return [];
        var result = await ProcessRunner.RunAsync("dpkg-query",
            ["-W", "-f=${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\n", .. names], cancellationToken, kind: ProcessKind.Query).ConfigureAwait(false);
        var found = new Dictionary<string, (string Version, string Arch)>(StringComparer.Ordinal);
        foreach (var row in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = row.Split('\t');
            if (f.Length >= 4 && f[1].Length > 0 && f[3].StartsWith("ii", StringComparison.Ordinal)) found[f[0]] = (f[1], f[2]);
        }
        return [.. names.Where(found.ContainsKey).Select(n => new PackageFacts(n, found[n].Version, found[n].Arch,
            DebianCopyright.Read(Path.Combine(docRoot, n, "copyright"))))];
    }
}
