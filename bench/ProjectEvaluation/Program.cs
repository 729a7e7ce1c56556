using System.Diagnostics;
using System.Globalization;
using Profiles.Manager.Projects;
using Profiles.MSBuild.Locator;
using Profiles.Projects;

// Usage: ProjectEvaluation <project> [runs]
// Reads the project as `profile install --project` does (one evaluation for its RuntimeIdentifiers, then
// one per RID) with each evaluator, and prints the median time of a whole read, the first in-process read
// (MSBuild loading and SDK resolution) apart.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: ProjectEvaluation <project> [runs]");
    return 2;
}
var project = Path.GetFullPath(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

var clock = Stopwatch.StartNew();
LocatorProjectEvaluator.EnsureRegistered();
var register = clock.Elapsed;

var inProcess = new LocatorProjectEvaluator();
clock.Restart();
var manifest = await ProjectManifest.ReadAsync(inProcess, project, null, CancellationToken.None);
var firstInProcess = clock.Elapsed;
var warm = await Times(inProcess);
var outOfProcess = await Times(new MSBuildProcessEvaluator());

Console.WriteLine($"project: {project} ({manifest.Targets.Length} RuntimeIdentifiers: one evaluation for them, then one per RID)");
Console.WriteLine($"in process, MSBuildLocator.RegisterDefaults:   {Ms(register)}");
Console.WriteLine($"in process, first read (MSBuild loads):        {Ms(firstInProcess)}");
Console.WriteLine($"in process, later reads (median of {runs}):        {Ms(Median(warm))}");
Console.WriteLine($"out of process, dotnet msbuild (median of {runs}): {Ms(Median(outOfProcess))}");
Console.WriteLine($"ratio out/in (later reads):                    {Median(outOfProcess) / Median(warm):0.0}");
return 0;

async Task<List<TimeSpan>> Times(IProjectEvaluator evaluator)
{
    var times = new List<TimeSpan>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await ProjectManifest.ReadAsync(evaluator, project, null, CancellationToken.None);
        times.Add(watch.Elapsed);
    }
    return times;
}

static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

static string Ms(TimeSpan time) => $"{time.TotalMilliseconds,7:0} ms";
