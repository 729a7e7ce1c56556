using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace Profiles.MSBuild.Tests;

/// <summary>What an in-process build did, as a user reading its log would see it.</summary>
public sealed record BuildOutcome(
    bool Succeeded,
    ProjectInstance Instance,
    IReadOnlyList<BuildErrorEventArgs> Errors,
    IReadOnlyList<string> TasksRun,
    IReadOnlyList<string> Messages)
{
    public string Log => string.Join('\n', Messages.Concat(Errors.Select(e => $"error {e.Code}: {e.Message}")));

    public string Property(string name) => Instance.GetPropertyValue(name);

    public IEnumerable<ProjectItemInstance> Items(string type) => Instance.GetItems(type);
}

/// <summary>Builds a project with the SDK's MSBuild in this process (<see cref="ProjectInstance.Build(string[], IEnumerable{ILogger})"/>).</summary>
public static class InProcessBuild
{
    public static BuildOutcome Run(string projectPath, IDictionary<string, string> globals, params string[] targets)
    {
        using var collection = new ProjectCollection(globals);
        var logger = new RecordingLogger();
        var instance = new ProjectInstance(projectPath, globals, null, collection);
        var ok = instance.Build(targets, [logger]);
        return new BuildOutcome(ok, instance, logger.Errors, logger.Tasks, logger.Messages);
    }

    /// <summary>Restores, then builds <paramref name="targets"/> on a fresh evaluation (which sees what restore wrote), as <c>dotnet build</c> does.</summary>
    public static BuildOutcome RestoreAndRun(string projectPath, IDictionary<string, string> globals, params string[] targets)
    {
        var restoreGlobals = new Dictionary<string, string>(globals)
        {
            ["MSBuildRestoreSessionId"] = Guid.NewGuid().ToString("D"),
            ["ExcludeRestorePackageImports"] = "true",
        };
        var restore = Run(projectPath, restoreGlobals, "Restore");
        Assert.True(restore.Succeeded, "restore failed:\n" + restore.Log);
        return Run(projectPath, globals, targets);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<BuildErrorEventArgs> Errors { get; } = [];
        public List<string> Tasks { get; } = [];
        public List<string> Messages { get; } = [];
        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.ErrorRaised += (_, e) => { lock (this) Errors.Add(e); };
            eventSource.TaskStarted += (_, e) => { lock (this) Tasks.Add(e.TaskName); };
            eventSource.MessageRaised += (_, e) => { lock (this) Messages.Add(e.Message ?? ""); };
            eventSource.WarningRaised += (_, e) => { lock (this) Messages.Add($"warning {e.Code}: {e.Message}"); };
        }

        public void Shutdown()
        {
        }
    }
}
