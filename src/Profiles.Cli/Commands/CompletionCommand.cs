using System.CommandLine;

namespace Profiles.Cli.Commands;

/// <summary>
/// Prints a shell completion script. Each script asks `profile` itself through System.CommandLine's
/// <c>[suggest]</c> directive, so completions always match the binary: commands, flags, installed and
/// available profile names, and targets.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", """
            Print a shell completion script for profile.

            Examples:
              source <(profile completion bash)                 in ~/.bashrc
              profile completion zsh > "${fpath[1]}/_profile"
              profile completion fish > ~/.config/fish/completions/profile.fish
            """)
        {
            shell,
        };
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(Script(parse.GetValue(shell)!));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            _profile_complete() {
              local IFS=$'\n'
              COMPREPLY=($(compgen -W "$(profile "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _profile_complete profile

            """,
        "zsh" => """
            #compdef profile
            _profile() {
              local -a completions
              completions=("${(@f)$(profile "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
              compadd -- $completions
            }
            compdef _profile profile

            """,
        "fish" => """
            complete -c profile -f -a '(profile "[suggest:"(string length -- (commandline -cp))"]" (commandline -cp) 2>/dev/null)'

            """,
        _ => throw new ProfilesException($"unknown shell {shell}: use bash, zsh or fish", ExitCodes.Usage),
    };
}
