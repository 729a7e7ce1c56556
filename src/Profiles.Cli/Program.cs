using Profiles.Cli;
using Profiles.Cli.Commands;

return await ProfileCommand.RunAsync(args, CliHost.FromProcess(), CommandSet.All);
