using System.Collections.Immutable;
using Profiles.Manager.Planning;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// The .debs a sysroot or a header unpack will download, resolved before anything is built, as plan
/// inputs (docs/plan.md): name, version, architecture, URL, size and sha256 from the private apt's
/// indexes, and whether the download cache (or a mirror) holds each already. Online, stale package lists are
/// fetched into the cache first (the one change planning makes); offline, only the lists already
/// there are read, and a missing list is reported as unresolved instead of created.
/// </summary>
public static class DebianPackageInputs
{
    /// <param name="context">Where the download cache and the private apts are, and whether this is offline.</param>
    /// <param name="packages">The packages asked for; their dependency closure comes along.</param>
    /// <param name="provided">Packages recorded as present (what the cross toolchain brings), so neither they nor what only they need are downloaded.</param>
    /// <param name="onlyThese">Report only the named packages, not their closure (the nbdkit headers need only the -dev .deb).</param>
    public static async Task<StepInputs> ResolveAsync(
        Installers.InstallContext context, string debianArchitecture, string? release,
        IReadOnlyList<string> packages, IReadOnlyList<string> provided, bool onlyThese, CancellationToken cancellationToken)
    {
        var offline = context.Offline;
        var cache = context.Downloads();
        var apt = context.Sysroots(cache).AptFor(debianArchitecture, release);
        if (offline)
        {
            // Looked at without PrivateApt, which would create its state directory: an offline
            // check that fails must leave the root as it was.
            var lists = Path.Combine(apt.StateDir, "var", "lib", "apt", "lists");
            if (!Directory.Exists(lists) || !Directory.EnumerateFiles(lists, "*_Packages*").Any())
            {
                return new StepInputs([],
                    [$"the {debianArchitecture} package lists for a private apt in {apt.StateDir}, and the .debs of {string.Join(' ', packages)} they lead to; run the install once online"]);
            }
        }
        IReadOnlyList<DebianPackage> resolved;
        using (await apt.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            await apt.UpdateAsync(offline, offline ? TimeSpan.Zero : SysrootRequest.DefaultIndexReuse, cancellationToken).ConfigureAwait(false);
            resolved = await apt.ResolveAsync(packages, provided, cancellationToken).ConfigureAwait(false);
        }
        var inputs = new List<PlanInput>();
        foreach (var p in resolved.Where(p => !onlyThese || packages.Contains(p.Name)))
        {
            // Offline, a file an HTTP mirror holds counts as present (docs/offline.md): that decides
            // whether the install may start. Online the answer decides nothing, since the fetch tries
            // the mirrors first anyway, so no HEAD per .deb: a mirror serves each .deb once per install.
            var present = offline
                ? await cache.IsAvailableWithoutOriginAsync(p.Sha256, cancellationToken).ConfigureAwait(false)
                : cache.IsOnThisMachine(p.Sha256);
            inputs.Add(ToInput(p, present));
        }
        return new StepInputs(inputs);
    }

    public static PlanInput ToInput(DebianPackage package, bool present) =>
        new(InputKind.Deb, package.Name, package.Version, package.Architecture, [package.Uri.ToString()], package.Size, package.Sha256)
        {
            Present = present,
        };

    /// <summary>The packages of <paramref name="inputs"/> that are .debs, back in apt's form, in their order.</summary>
    public static ImmutableArray<DebianPackage> Packages(IEnumerable<PlanInput> inputs) =>
        [.. inputs.Where(i => i.Kind == InputKind.Deb && i.Sha256 is not null && i.Urls.Length > 0)
            .Select(i => new DebianPackage(i.Name, i.Version, i.Architecture ?? "", new Uri(i.Urls[0]), i.Size ?? 0, i.Sha256!))];
}
