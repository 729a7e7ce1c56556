using Profiles.Manager.Processes;
using System.Diagnostics;
using System.Security.Cryptography;
using Profiles.Manager.Catalog;
using Profiles.Manager.Dotnet;
using Profiles.Manager.Toolchains;
using Profiles.Targets;
using Profiles.Text;
using Xunit.Abstractions;

namespace Profiles.Manager.Nbdkit.Tests;

/// <summary>
/// Plugins written in C# (Nbdkit.Plugins), published with NativeAOT for amd64 natively and arm64
/// (served under qemu), in the real nbdkit 1.32.5 of each target. Each plugin is published once per
/// target for the whole collection (<see cref="NbdkitRoot"/>): the catalog's sparsedisk and the test
/// plugin fork-check (TestPlugins/).
/// </summary>
[Collection(NbdkitCollection.Name)]
public sealed class DotnetPluginProofTests(NbdkitRoot root, ITestOutputHelper output)
{
    public static TheoryData<string> Targets => new() { "amd64-linux", "arm64-linux" };

    private static string TestCatalog => Path.Combine(StepTimings.RepositoryRoot(), "tests", "Profiles.Manager.Nbdkit.Tests", "TestPlugins");

    private static NbdkitPluginManager ForkCheck =>
        NbdkitManagers.Create([TestCatalog]).OfType<NbdkitPluginManager>().Single(m => m.Name == "fork-check");

    /// <summary>The plugin's path for <paramref name="target"/>, installed (and proven) the first time.</summary>
    private async Task<string> PluginAsync(NbdkitPluginManager plugin, string target)
    {
        await root.EnsureAsync(new ToolchainManager(), target, "toolchain");
        await root.EnsureAsync(Catalog.Sdk, target, "sdk");
        await root.EnsureAsync(Catalog.Server, target, "server root");
        await root.EnsureAsync(new NativeAotManager(), target, "dotnet nativeaot");
        await root.EnsureAsync(new NbdkitDotnetManager(), target, "nbdkit-dotnet");
        var installed = await root.EnsureAsync(plugin, target, "plugin " + plugin.Name);
        return installed.Variable(NbdkitNames.PluginVariable(plugin.Name), root.Root);
    }

    private string Nbdkit(string target) =>
        root.Db.LookupProfileTarget(NbdkitNames.QualifiedServer, Target.Parse(target))!.Variable("NBDKIT", root.Root);

    private static async Task<ProcessResult> ServeAsync(string nbdkit, string plugin, IEnumerable<string> args, string script)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await ProcessRunner.RunAsync(nbdkit, ["-U", "-", plugin, .. args, "--run", script], timeout.Token);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Sparsedisk_serves_the_bytes_the_C_ramdisk_serves_for_the_same_writes_over_4_connections(string target)
    {
        var nbdcopy = HostRequirements.Nbdcopy();
        var sparse = await PluginAsync(Catalog.Plugin("sparsedisk"), target);
        await root.EnsureAsync(new ToolchainManager(), target, "toolchain");
        var ramdisk = (await root.EnsureAsync(Catalog.Plugin("ramdisk"), target, "plugin ramdisk")).Variable("NBDKIT_PLUGIN_RAMDISK", root.Root);
        var work = root.Temp.Sub("sparse-" + target);
        Directory.CreateDirectory(work);
        // 6 MiB written into an 8 MiB disk: pattern, a zero run (nbdcopy turns it into zero requests),
        // pattern.
        var data = new byte[6 << 20];
        PluginSample.Bytes().CopyTo(data, 0);
        PluginSample.Bytes().CopyTo(data, 5 << 20);
        var input = Path.Combine(work, "input.raw");
        await File.WriteAllBytesAsync(input, data);
        var served = new Dictionary<string, string>();
        foreach (var (name, plugin) in new[] { ("ramdisk", ramdisk), ("sparsedisk", sparse) })
        {
            var read = Path.Combine(work, name + ".raw");
            var result = await ServeAsync(Nbdkit(target), plugin, ["size=8M"],
                $"{ShellQuote.Quote(nbdcopy)} --connections=4 --no-extents {ShellQuote.Quote(input)} \"$uri\" && " +
                $"{ShellQuote.Quote(nbdcopy)} --connections=4 \"$uri\" {ShellQuote.Quote(read)}");
            Assert.True(result.Succeeded, $"{name} on {target}: {result.StandardError}");
            Assert.Equal(8 << 20, new FileInfo(read).Length);
            served[name] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(read)));
        }
        // nbdcopy writes the file at offset 0; the disk's last 2 MiB keep their zeroes.
        var expected = new byte[8 << 20];
        data.CopyTo(expected, 0);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), served["ramdisk"]);
        Assert.Equal(served["ramdisk"], served["sparsedisk"]);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_thread_a_task_and_finalizers_work_after_nbdkits_fork_and_a_missing_function_is_not_supported_while_serving_goes_on(string target)
    {
        var nbdcopy = HostRequirements.Nbdcopy();
        var plugin = await PluginAsync(ForkCheck, target);
        var work = root.Temp.Sub("fork-" + target);
        Directory.CreateDirectory(work);
        var first = Path.Combine(work, "first.raw");
        var second = Path.Combine(work, "second.raw");
        // --run: nbdkit forks and serves in the child, where the plugin's runtime starts. The first
        // copy sends one request at a time: nbdkit 1.32.5 itself aborts (connections.c
        // raw_send_socket: Assertion `sock >= 0') when a client drops the connection after an error
        // while other replies are still in flight, whatever the plugin.
        var result = await ServeAsync(Nbdkit(target), plugin, ["fail-once=true"],
            $"{ShellQuote.Quote(nbdcopy)} --synchronous --connections=1 \"$uri\" {ShellQuote.Quote(first)}; echo first=$?; {ShellQuote.Quote(nbdcopy)} \"$uri\" {ShellQuote.Quote(second)}");
        Assert.True(result.Succeeded, result.StandardError);
        // The first copy hit the uncaught call: that request failed with the binding's error ...
        Assert.DoesNotContain("first=0", result.StandardOutput);
        Assert.Contains("nbdkit_disconnect is not supported by this nbdkit 1.32.5; it needs 1.34 or newer", result.StandardError);
        // ... and the same server went on serving the second.
        var report = System.Text.Encoding.UTF8.GetString((await File.ReadAllBytesAsync(second)).AsSpan(0, 4096)).TrimEnd('\0');
        output.WriteLine(report);
        Assert.Contains("task=ok\n", report);
        Assert.Contains("join=ok\n", report);
        Assert.Contains("ticker=ok\n", report);
        Assert.Contains("finalizers=ok\n", report);
        Assert.Contains("supports_disconnect=False\n", report);
        Assert.Contains("disconnect=nbdkit_disconnect is not supported by this nbdkit 1.32.5; it needs 1.34 or newer\n", report);
    }

    [Fact]
    public async Task A_bad_parameter_fails_at_once_with_its_message_before_nbdkit_forks()
    {
        var plugin = await PluginAsync(Catalog.Plugin("sparsedisk"), "amd64-linux");
        var clock = Stopwatch.StartNew();
        // With --run a failure after the fork would leave the command waiting on the socket.
        var result = await ServeAsync(Nbdkit("amd64-linux"), plugin, ["size=bogus"], "true");
        clock.Stop();
        output.WriteLine($"bad parameter failed after {clock.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not parse size string (bogus)", result.StandardError);
        var missing = await ServeAsync(Nbdkit("amd64-linux"), plugin, ["colour=blue"], "true");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("unknown parameter 'colour'; sparsedisk takes size=<SIZE>", missing.StandardError);
    }

    [Fact]
    public async Task The_C_sharp_plugin_exports_plugin_init_only_and_says_its_dotnet_runtime()
    {
        var plugin = await PluginAsync(Catalog.Plugin("sparsedisk"), "amd64-linux");
        var nm = await ProcessRunner.RunAsync(HostTools.Require("nm", "binutils"), ["-D", "--defined-only", plugin], CancellationToken.None);
        var exported = nm.EnsureSuccess("nm").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Last().Split('@')[0]).Where(s => s != "V1.0").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["DotNetRuntimeDebugHeader", "plugin_init"], exported);
        var dump = await NbdkitCommand.DumpPluginAsync(Nbdkit("amd64-linux"), plugin, CancellationToken.None);
        Assert.Equal("sparsedisk", dump["name"]);
        Assert.Equal("size", dump["magic_config_key"]);
        Assert.StartsWith("10.", dump["dotnet_runtime"]);
        var installed = root.Db.LookupProfileTarget("nbdkit:sparsedisk", Target.Parse("amd64-linux"))!;
        Assert.Equal(dump["dotnet_runtime"], installed.Variable("NBDKIT_PLUGIN_SPARSEDISK_DOTNET_RUNTIME", root.Root));
    }

    [Theory]
    [InlineData("arm-linux")]
    [InlineData("amd64-windows")]
    [InlineData("riscv64-linux")]
    public void A_target_NativeAOT_cannot_build_for_is_named_with_the_targets_that_work(string target)
    {
        var error = Assert.Throws<ProfilesException>(() => Catalog.Plugin("sparsedisk").Requirements(Target.Parse(target)));
        Assert.Equal(
            $"nbdkit:sparsedisk (a plugin written in C#): .NET NativeAOT cannot build for {target} from this machine; it builds for amd64-linux, arm64-linux",
            error.Message);
        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.Throws<ProfilesException>(() => new NativeAotManager().Requirements(Target.Parse(target)));
    }

    [Fact]
    public async Task Pack_of_a_C_sharp_plugin_lists_the_dotnet_runtime_with_its_license_in_both_SBOMs()
    {
        await PluginAsync(Catalog.Plugin("sparsedisk"), "arm64-linux");
        var installed = root.Db.LookupProfileTarget("nbdkit:sparsedisk", Target.Parse("arm64-linux"))!;
        var runtime = installed.Variable("NBDKIT_PLUGIN_SPARSEDISK_DOTNET_RUNTIME", root.Root);
        var output = root.Temp.Sub("pack-" + Guid.NewGuid().ToString("N"));
        // What `profile pack` asks for a plugin (PackCommand): its install dir, toolchain and bundled components.
        var request = new Artifacts.PackRequest("nbdkit:sparsedisk", installed.Version, installed, root.InstallDir(installed),
            CrossToolchains.For(installed), [], 1_700_000_000) { Bundled = Artifacts.BundledComponents.Of(installed) };
        var result = await Artifacts.ArtifactPacker.PackAsync(request, output, CancellationToken.None);
        var purl = $"pkg:nuget/Microsoft.NETCore.App.Runtime.NativeAOT.linux-arm64@{runtime}";
        var bundled = Assert.Single(result.Manifest.Bundled);
        Assert.Equal(purl, bundled.Purl);
        using var archive = new System.Formats.Tar.TarReader(new System.IO.Compression.GZipStream(File.OpenRead(result.ArchivePath), System.IO.Compression.CompressionMode.Decompress));
        var files = new Dictionary<string, string>();
        while (archive.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                files[Path.GetFileName(entry.Name)] = new StreamReader(data).ReadToEnd();
            }
        }
        using var cdx = System.Text.Json.JsonDocument.Parse(files["sbom.cdx.json"]);
        var component = cdx.RootElement.GetProperty("components").EnumerateArray().Single(c => c.TryGetProperty("purl", out var p) && p.GetString() == purl);
        Assert.Equal("MIT", component.GetProperty("licenses")[0].GetProperty("expression").GetString());
        Assert.Equal("Microsoft", component.GetProperty("supplier").GetProperty("name").GetString());
        using var spdx = System.Text.Json.JsonDocument.Parse(files["sbom.spdx.json"]);
        var package = spdx.RootElement.GetProperty("packages").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Microsoft.NETCore.App.Runtime.NativeAOT.linux-arm64");
        Assert.Equal("MIT", package.GetProperty("licenseDeclared").GetString());
        Assert.Equal(runtime, package.GetProperty("versionInfo").GetString());
        var id = package.GetProperty("SPDXID").GetString();
        Assert.Contains(spdx.RootElement.GetProperty("relationships").EnumerateArray(),
            r => r.GetProperty("relationshipType").GetString() == "CONTAINS" && r.GetProperty("relatedSpdxElement").GetString() == id);

        // profile licenses of the same artifact: the runtime compiled in, MIT, and the C runtime the cross linker added.
        var licenses = Assert.Single(await Artifacts.LicenseReport.CollectAsync([request with { Source = new("nbdkit:sparsedisk", installed.Version, "arm64", Artifacts.PackageLicense.NoAssertion(null)) }], CancellationToken.None));
        var runtimeLicense = Assert.Single(licenses.Components, c => c.Role == Artifacts.ComponentRole.Bundled);
        Assert.Equal((purl, "MIT"), (runtimeLicense.Package.Purl, runtimeLicense.Package.License.SpdxOrNoAssertion));
        Assert.Contains(licenses.Components, c => c.Role == Artifacts.ComponentRole.Toolchain && c.Package.Name == "libc6-dev-arm64-cross");
    }

    /// <summary>
    /// The guide's example (docs/nbdkit-csharp.md), its files taken from the guide itself, published
    /// with nothing but the variables the profiles recorded for arm64 (what <c>profile env</c> prints)
    /// and served by the arm64 nbdkit under qemu.
    /// </summary>
    [Fact]
    public async Task The_guides_example_builds_from_the_profiles_env_alone_and_serves_under_qemu()
    {
        const string target = "arm64-linux";
        await PluginAsync(Catalog.Plugin("sparsedisk"), target);
        var guide = await File.ReadAllTextAsync(Path.Combine(StepTimings.RepositoryRoot(), "docs", "nbdkit-csharp.md"));
        static string HereDoc(string text, string marker)
        {
            var start = text.IndexOf($"<<'{marker}'\n", StringComparison.Ordinal) + marker.Length + 5;
            return text[start..text.IndexOf($"\n{marker}\n", start, StringComparison.Ordinal)] + "\n";
        }
        var work = root.Temp.Sub("hello-" + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(work, "hello");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(work, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(work, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(project, "Hello.csproj"), HereDoc(guide, "XML"));
        await File.WriteAllTextAsync(Path.Combine(project, "HelloPlugin.cs"), HereDoc(guide, "CS"));
        var env = RequirementEnvironment.Collect(root.Context(), Target.Parse(target),
            ["cross:toolchain", NbdkitNames.QualifiedSdk, DotnetNames.QualifiedNativeAot, NbdkitDotnetManager.QualifiedName, NbdkitNames.QualifiedServer]);
        Assert.Equal("linux-arm64", env[DotnetNames.RuntimeIdentifierVariable]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var variables = env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["MSBUILDDISABLENODEREUSE"] = "1";
        var publish = await ProcessRunner.RunAsync(HostTools.Require("dotnet", "dotnet-sdk-10.0"),
            ["publish", "-c", "Release", "-r", env[DotnetNames.RuntimeIdentifierVariable], "-o", "out", "-nologo", "-v", "quiet"], timeout.Token, variables, project);
        Assert.True(publish.Succeeded, publish.StandardOutput + publish.StandardError);
        var served = await ServeAsync(env["NBDKIT"], Path.Combine(project, "out", "nbdkit-hello-plugin.so"), ["size=4M"], "nbdinfo \"$uri\"");
        Assert.True(served.Succeeded, served.StandardError);
        Assert.Contains("export-size: 4194304", served.StandardOutput);
    }
}
