namespace Profiles.Cli;

/// <summary>
/// Whether to use color: `--color=always|never`, else $PROFILES_COLOR, else (auto) only when stderr is
/// a terminal, NO_COLOR is unset (no-color.org) and TERM is not "dumb". Piped output stays plain.
/// </summary>
internal static class ColorMode
{
    public const string Variable = "PROFILES_COLOR";

    public static bool Resolve(string? flag, CliHost host)
    {
        var mode = flag is "always" or "never" ? flag : host.Env.GetValueOrDefault(Variable) ?? "auto";
        return mode switch
        {
            "always" => true,
            "never" => false,
            _ => !Console.IsErrorRedirected
                && string.IsNullOrEmpty(host.Env.GetValueOrDefault("NO_COLOR"))
                && host.Env.GetValueOrDefault("TERM") != "dumb",
        };
    }
}
