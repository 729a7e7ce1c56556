namespace Profiles.Manager.Dotnet;

/// <summary>
/// The smallest NativeAOT shared library: what <c>dotnet:nativeaot</c> restores to bring a target's
/// packs into the cache, and publishes to prove the target's toolchain links one.
/// </summary>
internal static class ProbeProject
{
    public const string ExportName = "profiles_nativeaot_probe";

    /// <summary>Writes the project into <paramref name="dir"/> (with files that stop MSBuild from importing anything above it).</summary>
    public static async Task<string> WriteAsync(string dir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        await IsolatedBuildDirectory.WriteAsync(dir, cancellationToken).ConfigureAwait(false);
        var project = Path.Combine(dir, "probe.csproj");
        await File.WriteAllTextAsync(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PublishAot>true</PublishAot>
                <NativeLib>Shared</NativeLib>
                <InvariantGlobalization>true</InvariantGlobalization>
                <AssemblyName>probe</AssemblyName>
              </PropertyGroup>
            </Project>
            """, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(dir, "Probe.cs"), $$"""
            public static class Probe
            {
                [System.Runtime.InteropServices.UnmanagedCallersOnly(EntryPoint = "{{ExportName}}")]
                public static int Run() => 42;
            }
            """, cancellationToken).ConfigureAwait(false);
        return project;
    }
}
