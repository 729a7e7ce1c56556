using System.Collections.Immutable;
using System.CommandLine;
using Profiles.Database;
using Profiles.Manager.Artifacts;
using Profiles.Manager.Installers;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Versions;

namespace Profiles.Cli.Commands;

internal static class PackCommand
{
    public static Command Create(GlobalOptions options, CliHost host)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The directory to write the archives to (created if missing).",
            Required = true,
            HelpName = "dir",
        };
        var sysroots = new Option<string[]>("--sysroot")
        {
            Description = "A sysroot the plugins were built against (it holds .profiles/manifest.json); repeat for several. Installed deb:* profiles of the target are found without it.",
            HelpName = "dir",
        };
        var names = ProfileArguments.Names("The installed profiles to pack. Default: every installed profile of the target that holds plugins (not deb: or cross: profiles).", options, host, takesProfileOptions: false);
        var command = new Command("pack", """
            Pack the built plugins of installed profiles into one archive per profile and target.

            Each archive (.tar.gz; .zip for Windows targets) holds one directory named
            <name>-<version>-<arch>-<os> with the plugins, manifest.json (profile, version, target,
            toolchain and compiler versions, sysroot packages, the minimum glibc, and every file with
            its size and sha256), sbom.cdx.json (CycloneDX 1.5) and sbom.spdx.json (SPDX 2.3).
            Archives are reproducible: times are $SOURCE_DATE_EPOCH (default 1980-01-01), owners
            root, modes and entry order fixed. See docs/ci.md.

            Examples:
              profile pack --target=arm64-linux --output=dist nbdkit:ramdisk
              SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) profile pack --target=amd64-windows -o dist
            """)
        {
            output, sysroots, names,
        };
        command.SetAction((parse, ct) => ProgressOutput.RunAsync(parse, options, host, async (sink, line) =>
        {
            var ctx = CliContext.Create(parse, options, host);
            var db = DatabaseAccess.Read(ctx);
            var registry = ManagementSession.Create(ctx).Registry;
            var target = ctx.Target;
            var outputDir = Path.GetFullPath(parse.GetValue(output)!, host.CurrentDirectory);
            var epoch = ReproducibleBuild.Epoch(name => host.Env.GetValueOrDefault(name));
            var extraSysroots = (parse.GetValue(sysroots) ?? []).Select(s => Path.GetFullPath(s, host.CurrentDirectory)).ToImmutableArray();
            var requested = ProfileArguments.Values(parse, names);
            var explicitNames = requested.Count > 0;
            var profiles = explicitNames ? [.. requested.Select(n => Find(db, n))] : db.Profiles();

            ToolchainSpec? toolchain = null;
            try
            {
                toolchain = CrossToolchains.For(target);
            }
            catch (ProfilesException)
            {
                // No known cross toolchain for this target: the manifest records none.
            }
            var results = new List<PackResult>();
            foreach (var profile in profiles)
            {
                var installed = Newest(profile, target);
                if (installed is null)
                {
                    if (explicitNames) throw new ProfilesException($"{profile.QualifiedName} is not installed for {target}", ExitCodes.NotFound);
                    continue;
                }
                var installDir = ctx.Location.ResolveStoredPath(installed.InstallationDir);
                // Sysroots and toolchains hold libraries, not builds of ours: packed only when named.
                if (!explicitNames && (profile.Installer is "deb" or "cross" || !HasPlugins(installDir))) continue;
                var request = new PackRequest(profile.QualifiedName, installed.Version, installed, installDir, toolchain,
                    [.. extraSysroots, .. FindSysroots(db, ctx, registry, profile, installed, installDir)], epoch)
                {
                    Bundled = BundledComponents.Of(installed),
                };
                var result = await ArtifactPacker.PackAsync(request, outputDir, ct, sink);
                results.Add(result);
                if (!ctx.Json) line(result.ArchivePath);
            }
            if (results.Count == 0)
            {
                throw new ProfilesException($"no installed profile of {target} holds built plugins", ExitCodes.NotFound);
            }
            if (ctx.Json)
            {
                JsonReports.Write(ctx.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var r in results)
                    {
                        json.WriteStartObject();
                        json.WriteString("profile", r.Manifest.Profile);
                        json.WriteString("version", r.Manifest.Version);
                        json.WriteString("target", r.Manifest.Target);
                        json.WriteString("archive", r.ArchivePath);
                        json.WriteString("minimumGlibc", r.Manifest.MinimumGlibc);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                });
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>An installed profile by qualified name, or by bare name when only one installer has it.</summary>
    private static Profile Find(ProfilesDb db, string name)
    {
        if (name.Contains(':')) return db.LookupProfile(name) ?? throw new ProfilesException($"{name} is not installed", ExitCodes.NotFound);
        var matches = db.Profiles().Where(p => p.Name == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ProfilesException($"{name} is not installed", ExitCodes.NotFound),
            _ => throw new ProfilesException($"{name} is ambiguous: {string.Join(", ", matches.Select(m => m.QualifiedName))}", ExitCodes.Usage),
        };
    }

    /// <summary>The newest installed version of the profile that <paramref name="target"/> matches (a version in it picks that one).</summary>
    private static Target? Newest(Profile profile, Target target) =>
        profile.Targets.Where(t => t.Arch == target.Arch && t.Os == target.Os && (target.Version.Length == 0 || t.Version == target.Version))
            .OrderByDescending(t => t.Version, VersionOrder.Instance)
            .FirstOrDefault();

    private static bool HasPlugins(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*", SearchOption.TopDirectoryOnly)
            .Any(f => ArtifactPacker.IsPlugin(Path.GetFileName(f)));

    /// <summary>
    /// Sysroots the build used: the install dir itself and its <c>sysroot/</c>, and the installed
    /// <c>deb:*</c> profiles of the same arch and os that the profile requires (directly or through
    /// its requirements), wherever one holds a sysroot manifest. For a profile no installer here
    /// knows, every installed <c>deb:*</c> profile of the target counts.
    /// </summary>
    private static IEnumerable<string> FindSysroots(ProfilesDb db, CliContext ctx, ManagerRegistry registry, Profile packed, Target installed, string installDir)
    {
        HashSet<string>? required = null;
        if (registry.TryResolve(packed.QualifiedName, out var manager, out _))
        {
            required = [.. RequirementOrder.RequirementsOf(registry, manager!, installed).Select(m => m.QualifiedName)];
        }
        var candidates = new List<string> { installDir, Path.Combine(installDir, "sysroot") };
        foreach (var profile in db.Profiles().Where(p => p.Installer == "deb" && (required is null || required.Contains(p.QualifiedName))))
        {
            foreach (var t in profile.Targets.Where(t => t.Arch == installed.Arch && t.Os == installed.Os))
            {
                var dir = ctx.Location.ResolveStoredPath(t.InstallationDir);
                candidates.Add(dir);
                candidates.Add(Path.Combine(dir, "sysroot"));
            }
        }
        return candidates.Where(c => File.Exists(SysrootManifest.PathIn(c))).Distinct(StringComparer.Ordinal);
    }
}
