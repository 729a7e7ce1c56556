using Profiles.Environment;
using Profiles.Text;

namespace Profiles.Targets;

/// <summary>
/// Where compiled code will run: <c>&lt;arch&gt;-&lt;os&gt;[@&lt;version&gt;]</c> plus the environment it
/// was installed with (spec 2). Immutable: a failed parse changes nothing, where the original's
/// mutable <c>Set</c> had already overwritten the version.
/// </summary>
public sealed record Target
{
    public const string Usage = "specifies a profile target in the following form: <arch>-<os>[@<version>]";

    public Target(string arch, string os, string version = "")
    {
        Arch = arch;
        Os = os;
        Version = version;
    }

    public string Arch { get; init; }
    public string Os { get; init; }
    public string Version { get; init; }

    /// <summary>What was given with <c>--env</c> at install time.</summary>
    public EnvVars CommandLineEnv { get; init; } = EnvVars.Empty;

    /// <summary>The environment the profile computed for this target.</summary>
    public EnvVars Env { get; init; } = EnvVars.Empty;

    public string InstallationDir { get; init; } = "";

    /// <summary>When the target was installed or last updated; <see cref="DateTimeOffset.MinValue"/> when unknown.</summary>
    public DateTimeOffset UpdateTime { get; init; } = DateTimeOffset.MinValue;

    /// <summary>False only for a default target the user did not ask for; it changes lookups (spec 2.8).</summary>
    public bool IsSet { get; init; } = true;

    /// <summary>Parses <c>&lt;arch&gt;-&lt;os&gt;[@&lt;version&gt;]</c> (spec 2.1). The version is everything after the first <c>@</c>.</summary>
    /// <exception cref="TargetFormatException">With the original's text: <c>"x86-64-linux" doesn't look like &lt;arch&gt;-&lt;os&gt;[@&lt;version&gt;]</c>.</exception>
    public static Target Parse(string text)
    {
        var version = "";
        var at = text.IndexOf('@');
        var archOs = text;
        if (at >= 0)
        {
            version = text[(at + 1)..];
            archOs = text[..at];
        }
        var parts = archOs.Split('-');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new TargetFormatException($"{GoQuote.Quote(archOs)} doesn't look like <arch>-<os>[@<version>]");
        }
        return new Target(parts[0], parts[1], version);
    }

    /// <summary>Parses a target with the <c>--env</c> values given with it.</summary>
    public static Target Parse(string text, IEnumerable<string> envFlagValues) =>
        Parse(text) with { CommandLineEnv = Targets.CommandLineEnv.Parse(envFlagValues) };

    /// <summary><c>arch-os@version</c>; the <c>@</c> is always there, as in the original (<c>arm-linux@</c>).</summary>
    public override string ToString() => $"{Arch}-{Os}@{Version}";

    /// <summary>The original's debug form: <c>arm-linux@ dir: --env=A=B,C=D envvars:[]</c>.</summary>
    public string DebugString() =>
        $"{this} dir:{InstallationDir} --env={Targets.CommandLineEnv.Format(CommandLineEnv)} envvars:{Env.ToGoList()}";

    /// <summary>
    /// <c>&lt;arch&gt;_&lt;os&gt;</c>, with <c>_armv&lt;GOARM&gt;</c> appended for arm when the install-time
    /// env sets GOARM (spec 2.5): per-target directory names stay those of the original.
    /// </summary>
    public string TargetSpecificDirname()
    {
        var name = $"{Arch}_{Os}";
        if (Arch == "arm" && CommandLineEnv.Lookup("GOARM") is { } goarm)
        {
            name += "_armv" + goarm;
        }
        return name;
    }

    /// <summary>
    /// True if <paramref name="other"/> is what this target asks for: same arch and os, and the same
    /// version unless this one has none. Asymmetric: <c>a-b</c> matches <c>a-b@foo</c>, not the reverse.
    /// </summary>
    public bool Matches(Target other) =>
        string.Equals(Arch, other.Arch, StringComparison.Ordinal)
        && string.Equals(Os, other.Os, StringComparison.Ordinal)
        && (Version.Length == 0 || string.Equals(Version, other.Version, StringComparison.Ordinal));

    /// <summary>Same arch, os and version: the identity of an installed target.</summary>
    public bool SameTarget(Target other) =>
        string.Equals(Arch, other.Arch, StringComparison.Ordinal)
        && string.Equals(Os, other.Os, StringComparison.Ordinal)
        && string.Equals(Version, other.Version, StringComparison.Ordinal);

    /// <summary>Sets <see cref="Env"/> to the command-line env, as the original does before an install.</summary>
    public Target UseCommandLineEnv() => this with { Env = CommandLineEnv };

    public bool Equals(Target? other) =>
        other is not null
        && SameTarget(other)
        && IsSet == other.IsSet
        && InstallationDir == other.InstallationDir
        && UpdateTime == other.UpdateTime
        && CommandLineEnv.Equals(other.CommandLineEnv)
        && Env.Equals(other.Env);

    public override int GetHashCode() => HashCode.Combine(Arch, Os, Version, InstallationDir);
}
