using System.Globalization;
using DbTorture;
using Profiles;
using Profiles.Database;
using Profiles.Targets;

// Verbs (exit code 2 for a bad command line, else the ProfilesException's exit code):
//   write-loop <dbdir> <installer>                  rewrite the database forever, generation after generation
//   add <dbdir> <installer> <profile> <target>      locked read-modify-write adding one target
//   hold-lock <dbdir> <seconds>                     take the lock, print "locked", hold it, release
// The lock timeout comes from PROFILES_LOCK_TIMEOUT, as for the real tool.
try
{
    return args switch
    {
        ["write-loop", var dir, var installer] => await WriteLoop(dir, installer),
        ["add", var dir, var installer, var profile, var target] => await Add(dir, installer, profile, target),
        ["hold-lock", var dir, var seconds] => await HoldLock(dir, double.Parse(seconds, CultureInfo.InvariantCulture)),
        _ => Usage(),
    };
}
catch (ProfilesException e)
{
    Console.Error.WriteLine($"dbtorture: {e.Message}");
    return e.ExitCode;
}

static DbStore Open(string dir) => DbStore.OpenDirectory(dir, DbStoreOptions.FromProcessEnvironment(new StderrProgress()));

static async Task<int> WriteLoop(string dir, string installer)
{
    var store = Open(dir);
    for (var generation = 1; ; generation++)
    {
        var g = generation;
        await store.UpdateAsync(db => LoopGeneration.Apply(db, installer, g));
        if (generation == 1)
        {
            Console.Out.WriteLine("ready");
            Console.Out.Flush();
        }
    }
}

static async Task<int> Add(string dir, string installer, string profile, string target)
{
    var parsed = Target.Parse(target);
    await Open(dir).UpdateAsync(db =>
    {
        db.InstallProfile(installer, profile, $"profiles/{installer}/{profile}");
        db.AddProfileTarget(installer, profile, parsed with { InstallationDir = $"profiles/{installer}/{profile}/{parsed.TargetSpecificDirname()}" });
    });
    return ExitCodes.Success;
}

static async Task<int> HoldLock(string dir, double seconds)
{
    using (await Open(dir).LockAsync())
    {
        Console.Out.WriteLine("locked");
        Console.Out.Flush();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
    }
    return ExitCodes.Success;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dbtorture write-loop <dbdir> <installer> | add <dbdir> <installer> <profile> <target> | hold-lock <dbdir> <seconds>");
    return ExitCodes.Usage;
}
