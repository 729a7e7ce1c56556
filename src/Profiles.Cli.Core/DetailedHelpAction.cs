using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Profiles.Cli;

/// <summary>The usual help, then the command's details (what it does at length, and examples).</summary>
internal sealed class DetailedHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var result = inner.Invoke(parseResult);
        if (details.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            parseResult.InvocationConfiguration.Output.WriteLine(text.TrimEnd());
            parseResult.InvocationConfiguration.Output.WriteLine();
        }
        return result;
    }
}
