using Profiles.Cli;

return await ProfileCommand.RunAsync(args, CliHost.FromProcess());
