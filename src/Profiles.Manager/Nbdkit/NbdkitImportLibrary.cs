using Profiles.Manager.Processes;
using Profiles.Manager.Toolchains;

namespace Profiles.Manager.Nbdkit;

/// <summary>
/// A Windows DLL must resolve every symbol when it is linked, so a plugin links against an import
/// library for nbdkit.exe. Upstream makes it the same way: a .def of the exported nbdkit_* names,
/// then <c>dlltool -D nbdkit.exe</c> (notes, section 6). The names come from the headers.
/// </summary>
public static class NbdkitImportLibrary
{
    public const string DefFileName = "nbdkit.def";
    public const string LibraryFileName = "libnbdkit.a";

    /// <summary>Writes <c>nbdkit.def</c> and <c>libnbdkit.a</c> into <paramref name="libDir"/>; returns the library path.</summary>
    public static async Task<string> CreateAsync(ToolchainSpec toolchain, string includeDir, string libDir, CancellationToken cancellationToken)
    {
        var names = NbdkitHeaders.ExportedFunctions(includeDir);
        if (names.Count == 0)
        {
            throw new ProfilesException($"the headers in {includeDir} declare no nbdkit_* functions", ExitCodes.VerificationFailed);
        }
        Directory.CreateDirectory(libDir);
        var def = Path.Combine(libDir, DefFileName);
        await File.WriteAllLinesAsync(def, ["LIBRARY nbdkit.exe", "EXPORTS", .. names], cancellationToken).ConfigureAwait(false);
        // dlltool ships with the same binutils package as the toolchain's ar.
        var arPackage = toolchain.Tools.First(t => t.Variable == "AR").DebianPackage;
        var dlltool = HostTools.Require(toolchain.Triplet + "-dlltool", arPackage);
        var library = Path.Combine(libDir, LibraryFileName);
        (await ProcessRunner.RunAsync(dlltool, ["-d", def, "-D", "nbdkit.exe", "-l", library], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("making the nbdkit.exe import library");
        return library;
    }
}
