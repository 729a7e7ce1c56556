using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Profiles.Cli;

/// <summary>
/// The usual help, then the command's details (what it does at length, and examples), then the
/// values of each argument that has a short help name and completions (the profile names a management
/// command takes): the usage line shows <c>[&lt;profiles&gt;...]</c>, and the names come here.
/// </summary>
internal sealed class DetailedHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var result = inner.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        var command = parseResult.CommandResult.Command;
        if (details.TryGetValue(command, out var text))
        {
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }
        foreach (var argument in command.Arguments.Where(a => !a.Hidden && a.HelpName is not null))
        {
            var values = argument.GetCompletions(parseResult.GetCompletionContext()).Select(c => c.Label).ToList();
            if (values.Count == 0) continue;
            output.WriteLine($"Values of <{argument.HelpName}> here:");
            foreach (var value in values) output.WriteLine("  " + value);
            output.WriteLine();
        }
        return result;
    }
}
