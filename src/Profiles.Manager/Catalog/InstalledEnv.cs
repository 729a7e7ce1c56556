namespace Profiles.Manager.Catalog;

/// <summary>A recorded target's <c>NAME=value</c> list as a map, for managers reading back what they installed.</summary>
internal static class InstalledEnv
{
    public static Dictionary<string, string> Parse(IEnumerable<string> env)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in env)
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) map[entry[..eq]] = entry[(eq + 1)..];
        }
        return map;
    }
}
