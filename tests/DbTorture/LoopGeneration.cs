using Profiles.Database;
using Profiles.Targets;

namespace DbTorture;

/// <summary>
/// The database <c>write-loop</c> writes at generation <c>g</c>. Self-describing, so a reader can tell
/// a complete generation from a torn one without sharing code: profile <c>loop</c> has root
/// <c>gen-&lt;g&gt;-count-&lt;n&gt;</c> and exactly n targets, each with version g and env <c>GEN=&lt;g&gt;</c>.
/// </summary>
internal static class LoopGeneration
{
    public const string ProfileName = "loop";

    public static void Apply(ProfilesDb db, string installer, int generation)
    {
        var count = 1 + generation % 40;
        // Sizes vary a lot between generations, so a torn write would show as a short or mixed file.
        var padding = new string((char)('a' + generation % 26), generation % 7 * 700);
        db.RemoveProfile(installer, ProfileName);
        db.InstallProfile(installer, ProfileName, $"gen-{generation}-count-{count}");
        for (var i = 0; i < count; i++)
        {
            db.AddProfileTarget(installer, ProfileName, new Target($"arch{i}", "os", generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                InstallationDir = $"dir/{generation}/{i}",
                Env = [$"GEN={generation}", $"PAD={padding}", "QUOTED=\"<&>'\t\n\r"],
            });
        }
    }
}
