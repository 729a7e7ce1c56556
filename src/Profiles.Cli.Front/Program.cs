using Profiles.Cli;

if (!FullCli.RunsHere(args)) return FullCli.Exec(args);
return await ProfileCommand.RunAsync(args, CliHost.FromProcess(), FullCli.Lookups);
