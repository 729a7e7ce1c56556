using System.Collections.Immutable;
using Profiles.Text;

namespace Profiles.Environment.Formats;

/// <summary>The names of the formats on the command line, and the formatter for each.</summary>
public static class EnvFormats
{
    /// <summary>Every format, in the order help lists them; the first is the default.</summary>
    public static ImmutableArray<EnvFormat> All { get; } =
    [
        EnvFormat.Sh, EnvFormat.Json, EnvFormat.Dotenv, EnvFormat.GitHub, EnvFormat.PowerShell,
        EnvFormat.Fish, EnvFormat.Make, EnvFormat.CMake, EnvFormat.Meson, EnvFormat.MsBuild,
    ];

    public static string NameOf(EnvFormat format) => format switch
    {
        EnvFormat.Sh => "sh",
        EnvFormat.Json => "json",
        EnvFormat.Dotenv => "dotenv",
        EnvFormat.GitHub => "github",
        EnvFormat.PowerShell => "powershell",
        EnvFormat.Fish => "fish",
        EnvFormat.Make => "make",
        EnvFormat.CMake => "cmake",
        EnvFormat.Meson => "meson",
        EnvFormat.MsBuild => "msbuild",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The format called <paramref name="name"/> (exactly as <see cref="NameOf"/> writes it).</summary>
    /// <exception cref="ProfilesException">With <see cref="ExitCodes.Usage"/> for an unknown name.</exception>
    public static EnvFormat Parse(string name)
    {
        foreach (var format in All)
        {
            if (string.Equals(NameOf(format), name, StringComparison.Ordinal))
            {
                return format;
            }
        }
        throw new ProfilesException(
            $"unknown format {GoQuote.Quote(name)}: use one of {string.Join(", ", All.Select(NameOf))}", ExitCodes.Usage);
    }

    /// <summary>
    /// True for the formats whose consumer reads bytes (a POSIX shell, GNU make), so that a byte that is
    /// not UTF-8 in an inherited value goes through unchanged. The others are read as Unicode text
    /// (JSON, PowerShell, Python's meson, XML) or by tools not checked here (fish, docker compose,
    /// the GitHub runner, CMake).
    /// </summary>
    public static bool CarriesAnyByte(EnvFormat format) => format is EnvFormat.Sh or EnvFormat.Make;

    /// <summary>Refuses to write a value holding a byte that is not UTF-8 (<see cref="EscapedUtf8"/>) in a format that would change it.</summary>
    /// <exception cref="EnvFormatException">Naming the variable, the byte and the formats that can.</exception>
    public static void RequireEveryByteFits(EnvListing listing, EnvFormat format)
    {
        if (CarriesAnyByte(format)) return;
        foreach (var (name, value) in listing.Variables)
        {
            if (EscapedUtf8.FirstEscapedByte(value) is var b and >= 0)
            {
                throw new EnvFormatException(
                    $"cannot write variable {name} in {NameOf(format)} format: its value holds the byte 0x{b:x2}, which is not UTF-8; sh and make output keep it");
            }
        }
    }

    public static IEnvFormatter FormatterFor(EnvFormat format) => format switch
    {
        EnvFormat.Sh => new ShFormatter(),
        EnvFormat.Json => new JsonFormatter(),
        EnvFormat.Dotenv => new DotenvFormatter(),
        EnvFormat.GitHub => new GitHubEnvFormatter(),
        EnvFormat.PowerShell => new PowerShellFormatter(),
        EnvFormat.Fish => new FishFormatter(),
        EnvFormat.Make => new MakeFormatter(),
        EnvFormat.CMake => new CMakeFormatter(),
        EnvFormat.Meson => new MesonFormatter(),
        EnvFormat.MsBuild => new MsBuildFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
