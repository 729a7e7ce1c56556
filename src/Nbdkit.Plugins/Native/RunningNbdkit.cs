using System.Text;

namespace Nbdkit.Plugins.Native;

/// <summary>
/// The release of the nbdkit this plugin runs in. nbdkit has no call for it ("There is no way to get
/// the version of nbdkit from the plugin", nbdkit-plugin(3)), so it is read from the nbdkit binary
/// itself (<c>/proc/self/exe</c>, which qemu-user maps to the emulated program too): nbdkit keeps its
/// release as a string of its own (<c>PACKAGE_VERSION</c>, printed by <c>--dump-config</c>). Only a
/// release that agrees with the functions this nbdkit exports is taken; without one the text says
/// what those functions prove, e.g. <c>1.26 or newer, older than 1.34</c>.
/// </summary>
internal static class RunningNbdkit
{
    private static readonly Lazy<string> Cached = new(Detect);

    public static string Version => Cached.Value;

    private static string Detect()
    {
        var lower = NbdkitApi.NewestPresentRelease();
        var upper = NbdkitApi.OldestMissingRelease();
        try
        {
            var candidates = ReleaseStrings(File.ReadAllBytes("/proc/self/exe"))
                .Where(v => Fits(v, lower, upper))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 1)
            {
                return candidates[0];
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return (lower, upper) switch
        {
            (not null, not null) => $"({lower} or newer, older than {upper})",
            (not null, null) => $"({lower} or newer)",
            (null, not null) => $"(older than {upper})",
            _ => "(unknown release)",
        };
    }

    /// <summary>Every NUL-delimited string of the form 1.N.M in <paramref name="binary"/>.</summary>
    internal static IEnumerable<string> ReleaseStrings(byte[] binary)
    {
        var start = 0;
        for (var i = 0; i < binary.Length; i++)
        {
            if (binary[i] != 0)
            {
                continue;
            }
            var length = i - start;
            if (length is >= 5 and <= 12 && IsRelease(binary.AsSpan(start, length)))
            {
                yield return Encoding.ASCII.GetString(binary, start, length);
            }
            start = i + 1;
        }
    }

    private static bool IsRelease(ReadOnlySpan<byte> text)
    {
        if (!text.StartsWith("1."u8))
        {
            return false;
        }
        var dots = 0;
        var digitsSinceDot = 0;
        foreach (var c in text[2..])
        {
            if (c == '.')
            {
                if (digitsSinceDot == 0)
                {
                    return false;
                }
                dots++;
                digitsSinceDot = 0;
            }
            else if (c is >= (byte)'0' and <= (byte)'9')
            {
                digitsSinceDot++;
            }
            else
            {
                return false;
            }
        }
        return dots == 1 && digitsSinceDot > 0;
    }

    /// <summary>The release is at least <paramref name="lower"/> and older than <paramref name="upper"/> (by minor; all are 1.x).</summary>
    internal static bool Fits(string release, string? lower, string? upper)
    {
        var minor = NbdkitFunctions.MinorOf(release[..release.LastIndexOf('.')]);
        // A development release (odd minor) may already have functions of the stable release after it.
        return (lower is null || minor + (minor % 2) >= NbdkitFunctions.MinorOf(lower))
            && (upper is null || minor < NbdkitFunctions.MinorOf(upper));
    }
}
