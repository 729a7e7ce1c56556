using System.Runtime.InteropServices;
using Profiles.Cli.Commands;

namespace Profiles.Cli;

/// <summary>
/// The executable with every command, profile.full, installed next to the native <c>profile</c>; this
/// one runs only the lookups.
/// </summary>
internal static partial class FullCli
{
    public const string FileName = "profile.full";

    /// <summary>What this executable runs itself.</summary>
    public static CommandTable Lookups { get; } = new(CommandTable.Lookups);

    /// <summary>
    /// True when the command line is a lookup that can print no help (help pages, the version, shell
    /// completion and response files list every command, so profile.full answers them); the parse,
    /// the run and every error are then the full CLI's, from the same command definitions.
    /// </summary>
    public static bool RunsHere(IReadOnlyList<string> args) =>
        args.Count > 0 && Lookups.Contains(args[0]) && !ProfileCommand.NeedsRootCommandExtras(args);

    /// <summary>
    /// Replaces this process with profile.full and the same arguments: one process, so the exit code,
    /// signals, the terminal and the environment are the full CLI's own. Returns only when it could not
    /// be started, with the error printed.
    /// </summary>
    public static int Exec(string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        var argv = new string?[args.Length + 2];
        // What the user typed, so that profile.full's usage lines name `profile` as they ran it.
        argv[0] = System.Environment.GetCommandLineArgs() is [var self, ..] ? self : "profile";
        args.CopyTo(argv, 1);
        Execv(path, argv);
        var error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        Console.Error.WriteLine($"profile: cannot run {path}: {error} (profile.full is installed next to profile; see README.md)");
        return ExitCodes.Failure;
    }

    /// <param name="argv">The arguments, null-terminated.</param>
    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
