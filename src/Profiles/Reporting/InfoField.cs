using System.Collections.Immutable;
using Profiles.Database;
using Profiles.Names;
using Profiles.Environment;
using Profiles.Targets;

namespace Profiles.Reporting;

/// <summary>
/// The fields <c>profile list --info</c> prints (spec 7.2). The original took a Go template; we accept
/// the same field names alone (<c>Target.Env</c>) or in the template form users already have in their
/// scripts (<c>{{.Target.Env}}</c>), and nothing else, since a template engine is not worth its risk.
/// </summary>
public static class InfoField
{
    public static ImmutableArray<string> Names { get; } =
    [
        "SchemaVersion", "DBPath",
        "Target.InstallationDir", "Target.CommandLineEnv", "Target.Env", "Target.Command",
        "Profile.Root", "Profile.Name", "Profile.Installer", "Profile.DBPath",
    ];

    public const string Usage = """
        The fields --info can print:
          SchemaVersion            the schema version of the database read
          DBPath                   the database path
          Target.InstallationDir   the target's installation directory (absolute)
          Target.CommandLineEnv    the --env the target was installed with, as [A=B C=D]
          Target.Env               the environment the target recorded, as [A=B C=D]
          Target.Command           the command that installs the target again
          Profile.Root             the profile's root directory (absolute)
          Profile.Name             the qualified name
          Profile.Installer        the installer
          Profile.DBPath           the database file that holds the profile
        Each may also be written as a template, {{.Target.Env}}.
        """;

    /// <summary>Normalizes <c>{{ .Target.Env }}</c>, <c>.Target.Env</c> and <c>Target.Env</c> to the field name.</summary>
    /// <exception cref="ProfilesException">An unknown field: a usage error listing the supported ones.</exception>
    public static string Parse(string text)
    {
        var field = text.Trim();
        if (field.StartsWith("{{", StringComparison.Ordinal) && field.EndsWith("}}", StringComparison.Ordinal))
        {
            field = field[2..^2].Trim();
        }
        field = field.TrimStart('.');
        return Names.Contains(field)
            ? field
            : throw new ProfilesException(
                $"please specify a supported field: {text} is not one of {string.Join(", ", Names)}", ExitCodes.Usage);
    }

    /// <summary>The value of <paramref name="field"/> for one installed target.</summary>
    public static string Evaluate(string field, InfoData data) => field switch
    {
        "SchemaVersion" => data.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "DBPath" => data.DbPath,
        "Target.InstallationDir" => data.Location.ResolveStoredPath(data.Target.InstallationDir),
        "Target.CommandLineEnv" => data.Target.CommandLineEnv.ToGoList(),
        "Target.Env" => data.Target.Env.ToGoList(),
        "Target.Command" => InstallCommand(data.Profile, data.Target),
        "Profile.Root" => data.Location.ResolveStoredPath(data.Profile.Root),
        "Profile.Name" => data.Profile.QualifiedName,
        // From the qualified name, as the original did: a profile x:eg of an old single file that has no
        // installer attribute is installer x's, in <db>/x.
        "Profile.Installer" => ProfilesDb.InstallerOf(data.Profile.QualifiedName),
        "Profile.DBPath" => ProfilesDb.InstallerOf(data.Profile.QualifiedName) is { Length: > 0 } installer ? Path.Combine(data.DbPath, installer) : data.DbPath,
        _ => throw new ProfilesException($"please specify a supported field: {field}", ExitCodes.Usage),
    };

    /// <summary>
    /// The command that installs this target again. The original printed <c>jiri profile install ...</c>
    /// with two spaces and an unquoted env; ours is a runnable, shell-quoted command line.
    /// </summary>
    public static string InstallCommand(Profile profile, Target target)
    {
        var parts = new List<string> { "profile", "install", $"--target={target}" };
        if (!target.CommandLineEnv.IsEmpty)
        {
            parts.Add("--env=" + CommandLineEnv.Format(target.CommandLineEnv));
        }
        parts.Add(ProfileName.Qualify(profile.Installer, profile.Name));
        return string.Join(' ', parts.Select(Text.ShellQuote.QuoteIfNeeded));
    }
}

/// <summary>What an <c>--info</c> field is evaluated against.</summary>
public sealed record InfoData(long SchemaVersion, string DbPath, ProfilesLocation Location, Profile Profile, Target Target);
