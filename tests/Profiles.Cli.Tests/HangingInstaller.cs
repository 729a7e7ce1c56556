using System.Globalization;

namespace Profiles.Cli.Tests;

/// <summary>
/// An external installer (<c>&lt;root&gt;/bin/profile-hang</c>, offering <c>hang:x</c>) that never answers
/// in one verb: it starts a child that sleeps, writes both pids to <see cref="PidFile"/>, and waits for
/// it. The real thing a broken installer, a stuck network mount or a forgotten prompt would do.
/// </summary>
public sealed class HangingInstaller
{
    /// <param name="verb">The verb that hangs; every other verb answers at once.</param>
    /// <param name="exitLeavingChild">Instead of waiting, exit at once and leave the sleeping child holding stdout.</param>
    public HangingInstaller(TempRoot root, string verb, bool exitLeavingChild = false)
    {
        PidFile = root["hang.pids"];
        var bin = root["bin"];
        Directory.CreateDirectory(bin);
        var script = Path.Combine(bin, "profile-hang");
        var hang = exitLeavingChild
            ? "sleep 1000 &\necho $! > \"$pids.tmp\"\nmv \"$pids.tmp\" \"$pids\"\necho hang:x\nexit 0\n"
            : "echo $$ > \"$pids.tmp\"\nsleep 1000 &\necho $! >> \"$pids.tmp\"\nmv \"$pids.tmp\" \"$pids\"\nwait\n";
        File.WriteAllText(script, $"""
            #!/bin/sh
            pids='{PidFile}'
            if [ "$1" != '{verb}' ]; then
              [ "$1" = available ] && echo hang:x
              exit 0
            fi

            """ + hang);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
    }

    public string PidFile { get; }

    /// <summary>True once the hanging verb has started its child.</summary>
    public bool IsHanging => File.Exists(PidFile);

    /// <summary>The installer's pid and its child's (only the child's when it exited leaving it).</summary>
    public IReadOnlyList<int> Pids =>
        [.. File.ReadAllLines(PidFile).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
}
