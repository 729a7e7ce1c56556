using System.CommandLine;
using Profiles.Manager.Locking;

namespace Profiles.Cli.Commands;

/// <summary>The <c>--lock FILE</c> option of lock, install and vendor, and where it leads.</summary>
internal static class LockArguments
{
    public static Option<string?> File() => new("--lock")
    {
        Description = $"The lock file. Default: ${LockLocation.Variable}, else {LockFile.DefaultFileName} next to the nearest .profiles/, else <root>/{LockFile.DefaultFileName}.",
        HelpName = "file",
    };

    public static string Path(ParseResult parse, Option<string?> option, CliContext ctx) =>
        LockLocation.Resolve(parse.GetValue(option), ctx.ProcessEnv.GetValueOrDefault(LockLocation.Variable), ctx.CurrentDirectory, ctx.Location.Root);
}
