using Profiles.Database;
using Profiles.Targets;

namespace Profiles.Benchmarks;

/// <summary>
/// A database shaped like a busy real one: 100 targets per profile (the last profile takes the rest),
/// each target with an installation directory, a date, three env vars and one command-line var.
/// </summary>
internal static class SampleDatabase
{
    public const string Installer = "bench";
    private const int TargetsPerProfile = 100;

    public static ProfilesDb Create(int targetCount)
    {
        // A fixed clock: AddProfileTarget stamps "now", and the file size should not vary from run to run.
        var db = new ProfilesDb(new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567)));
        for (var i = 0; i < targetCount; i++)
        {
            var profile = $"profile{i / TargetsPerProfile:D4}";
            db.InstallProfile(Installer, profile, $"${{PROFILES_ROOT}}/{Installer}/{profile}");
            var target = new Target($"arch{i % TargetsPerProfile}", "linux", $"1.{i}")
            {
                InstallationDir = $"{Installer}/{profile}/arch{i}_linux/1.{i}",
                Env = [$"CC=${{PROFILES_ROOT}}/toolchains/arch{i}/bin/gcc", $"CFLAGS=-O2 -I\"{profile}\" & more", "PKG_CONFIG_PATH=/usr/lib/pkgconfig"],
                CommandLineEnv = ["GOARM=7"],
            };
            db.AddProfileTarget(Installer, profile, target);
        }
        return db;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
