using Profiles.Manager.Fetching;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// Parses <c>apt-get --print-uris</c> lines: <c>'URL' name_version_arch.deb size SHA256:hex</c>.
/// apt prints its preferred hash, which is MD5Sum unless <c>Acquire::ForceHash=SHA256</c> is set;
/// we set it, and reject anything else rather than trust a weaker hash.
/// </summary>
internal static class AptPrintUris
{
    public static IReadOnlyList<DebianPackage> Parse(string output)
    {
        var packages = new List<DebianPackage>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] != '\'')
            {
                continue;
            }
            var close = line.IndexOf('\'', 1);
            var fields = close > 0 ? line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields.Length < 3 || !fields[2].StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProfilesException($"unexpected line from apt-get --print-uris (want 'URL' file size SHA256:hex): {line}");
            }
            var uri = new Uri(line[1..close]);
            var file = Uri.UnescapeDataString(fields[0]);
            var parts = Path.GetFileNameWithoutExtension(file).Split('_');
            if (parts.Length != 3)
            {
                throw new ProfilesException($"unexpected .deb file name from apt-get --print-uris: {file}");
            }
            packages.Add(new DebianPackage(parts[0], parts[1], parts[2], uri, long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture),
                Sha256Hex.Normalize(fields[2])));
        }
        return packages;
    }
}
