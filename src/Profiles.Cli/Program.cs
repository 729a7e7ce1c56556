using Profiles.Cli;
using Profiles.Cli.Commands;
using Profiles.Manager.Projects;

// `--project` evaluates .NET projects out of process: Microsoft.Build cannot run in a NativeAOT binary (docs/dotnet.md).
return await ProfileCommand.RunAsync(args, CliHost.FromProcess() with { Projects = new MSBuildProcessEvaluator() }, CommandSet.All);
