using System.Security.Cryptography;
using System.Text;

namespace Profiles.TestSupport;

/// <summary>
/// A Debian repository of test-built packages (<see cref="DebPackageBuilder"/>) served over HTTP on
/// 127.0.0.1 in the flat layout (<c>Packages</c> and <c>Release</c> beside the .debs), with a
/// <c>sources.list</c> naming it (<c>[trusted=yes]</c>: the Release file is not signed) in
/// <see cref="EtcApt"/>, where a private apt takes the host's <c>/etc/apt</c> from
/// (<c>DebianSysroot(hostEtcApt: ...)</c>), or as <see cref="SourcesList"/> for <c>--apt-sources</c>.
/// </summary>
public sealed class DebRepository : IDisposable
{
    private readonly LoopbackHttpServer server = new();
    private readonly List<(DebPackageBuilder Package, byte[] Bytes)> packages = [];
    private readonly Lock gate = new();

    /// <param name="dir">Where <see cref="EtcApt"/> is written.</param>
    public DebRepository(string dir)
    {
        EtcApt = Path.Combine(dir, "etc-apt");
        Directory.CreateDirectory(EtcApt);
        File.WriteAllText(SourcesList, Line + "\n");
        Publish();
    }

    /// <summary>A directory laid out like <c>/etc/apt</c> with only this repository in <c>sources.list</c>.</summary>
    public string EtcApt { get; }

    public string SourcesList => Path.Combine(EtcApt, "sources.list");

    /// <summary>The one-line source of this repository.</summary>
    public string Line => $"deb [trusted=yes] {server.BaseUri} ./";

    public Uri BaseUri => server.BaseUri;

    /// <summary>Adds a package (built now) and publishes new indexes.</summary>
    public DebPackageBuilder Add(DebPackageBuilder package, byte[]? bytes = null)
    {
        lock (gate)
        {
            packages.Add((package, bytes ?? package.Build()));
            Publish();
        }
        return package;
    }

    private void Publish()
    {
        var index = new StringBuilder();
        foreach (var (package, bytes) in packages)
        {
            server.Add(package.FileName, bytes);
            index.Append(package.Control.TrimEnd('\n').Replace("Description:", $"Filename: {package.FileName}\nSize: {bytes.Length}\nSHA256: {Sha(bytes)}\nDescription:", StringComparison.Ordinal))
                .Append("\n\n");
        }
        var packagesFile = Encoding.UTF8.GetBytes(index.ToString());
        server.Add("Packages", packagesFile);
        var release = "Origin: profiles-tests\nLabel: profiles-tests\nSuite: tests\nCodename: tests\n"
            + "Date: Thu, 01 Jan 2026 00:00:00 UTC\nArchitectures: amd64 arm64 armhf i386 all\n"
            + $"SHA256:\n {Sha(packagesFile)} {packagesFile.Length} Packages\n";
        server.Add("Release", Encoding.UTF8.GetBytes(release));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => server.Dispose();
}
