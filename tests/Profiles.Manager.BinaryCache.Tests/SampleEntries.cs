using System.Collections.Immutable;
using Profiles.Manager.BinaryCache;
using Profiles.Manager.Planning;
using Profiles.Targets;

namespace Profiles.Manager.BinaryCache.Tests;

/// <summary>The description of a small nbdkit:ramdisk step that the cache tests store and look up.</summary>
internal static class SampleEntries
{
    public static readonly HostPlatform Host = new("amd64", "linux", false);

    public static EntryDescription Description(string target = "arm64-linux@1.0", string size = "1M") =>
        EntryDescription.For(
            new PlanStep("nbdkit:ramdisk", target, "1.0", StepAction.Install, "requested")
            {
                Installer = "nbdkit",
                Name = "ramdisk",
                Options = ImmutableSortedDictionary<string, string>.Empty.Add("ramdisk.size", size),
                Resolved = Target.Parse(target),
            },
            Host, _ => "");
}
