using System.Globalization;
using System.Text.Json;

namespace Profiles.Manager.Planning;

/// <summary>A plan as <c>--dry-run</c> prints it: lines for people, or the JSON of docs/plan.md.</summary>
public static class PlanText
{
    // Package names and versions keep their '+' and '~' as they are, rather than \u002B.
    private static readonly PlanJsonContext Readable = new(new JsonSerializerOptions(PlanJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The JSON form (docs/plan.md), indented, without a trailing newline.</summary>
    public static string Json(Plan plan) => JsonSerializer.Serialize(plan, Readable.Plan);

    /// <summary>
    /// One line per step (<c>install nbdkit:ramdisk arm64-linux@1.0: requested</c>), its inputs
    /// indented below it, a summary per target, and a last line saying nothing was changed.
    /// </summary>
    public static IEnumerable<string> Lines(Plan plan)
    {
        var several = plan.Targets.Length > 1;
        foreach (var target in plan.Targets)
        {
            var indent = "";
            if (several || target.Target is not null)
            {
                yield return $"{target.Target ?? "every installed target"}:";
                indent = "  ";
            }
            if (target.Error is { } error)
            {
                yield return $"{indent}cannot be planned: {error.Message}";
                continue;
            }
            if (target.Steps.IsEmpty) yield return $"{indent}nothing to do";
            foreach (var step in target.Steps)
            {
                var subject = string.Join(' ', new[] { step.Profile, step.Target }.Where(s => s.Length > 0));
                if (subject.Length == 0) subject = step.Installer.Length > 0 ? $"installer {step.Installer}" : "the top-level installer";
                yield return $"{indent}{Action(step.Action)} {subject}: {step.Reason}";
                foreach (var input in step.Inputs) yield return $"{indent}    {Describe(input)}";
                foreach (var unresolved in step.Unresolved) yield return $"{indent}    unresolved: {unresolved}";
            }
            var builds = target.Steps.Count(s => s.Builds);
            if (builds > 0) yield return $"{indent}{builds} to build, {Bytes(target.DownloadBytes)} to download";
        }
        yield return "(dry run: nothing was changed)";
    }

    private static string Action(StepAction action) => action switch
    {
        StepAction.Install => "install",
        StepAction.Rebuild => "rebuild",
        StepAction.AlreadyInstalled => "keep",
        StepAction.UpToDate => "keep",
        StepAction.Remove => "remove",
        StepAction.NotInstalled => "skip",
        StepAction.RemoveProfile => "remove",
        StepAction.RemoveInstallerFiles => "remove",
        StepAction.Rewrite => "rewrite",
        StepAction.Skip => "skip",
        _ => "run",
    };

    private static string Describe(PlanInput input)
    {
        var kind = PlanJsonName(input.Kind);
        var name = input.Architecture is null ? input.Name : $"{input.Name}:{input.Architecture}";
        var parts = new List<string> { $"{kind} {name} {input.Version}".TrimEnd() };
        if (input.Size is { } size) parts.Add(Bytes(size));
        parts.Add(input.Kind switch
        {
            InputKind.Deb or InputKind.Tarball => input.Present ? "in the cache" : $"to download from {input.Urls.FirstOrDefault()}",
            InputKind.CompilerPackage or InputKind.HostPackage => input.Present ? "installed" : "NOT INSTALLED on this machine",
            _ => $"sha256 {input.Sha256}",
        });
        return string.Join(", ", parts);
    }

    private static string PlanJsonName(InputKind kind) => kind switch
    {
        InputKind.Deb => "deb",
        InputKind.Tarball => "tarball",
        InputKind.CatalogSource => "catalog-source",
        InputKind.CompilerPackage => "compiler-package",
        _ => "host-package",
    };

    /// <summary><c>0 bytes</c>, <c>512 bytes</c>, <c>1.2 MB</c> (powers of 1000, as download sizes are usually given).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} bytes",
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB"),
    };
}
