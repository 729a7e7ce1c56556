using System.Text;
using Profiles.Targets;

namespace Profiles.Environment.Formats;

/// <summary>
/// A meson machine file: a cross file (<c>meson setup --cross-file</c>) when the context is
/// cross-compiling, otherwise a native file (<c>--native-file</c>). A machine file cannot set
/// environment variables, so only what meson has a place for is written:
/// <list type="bullet">
/// <item><c>[binaries]</c>: c, cpp, ar, strip, pkg-config from CC, CXX, AR, STRIP, PKG_CONFIG, each an
/// array of words.</item>
/// <item><c>[built-in options]</c>: c_args (CPPFLAGS then CFLAGS), cpp_args (CPPFLAGS then CXXFLAGS),
/// c_link_args and cpp_link_args (LDFLAGS), as arrays of words.</item>
/// <item>The words are those sh makes of <c>$CC $CFLAGS</c> (<see cref="ShellFields"/>): split at blanks,
/// quotes and backslashes kept; meson passes each to the compiler as one argument.</item>
/// <item><c>[properties]</c>: pkg_config_libdir (PKG_CONFIG_LIBDIR split on ':') and sys_root (PKG_CONFIG_SYSROOT_DIR).</item>
/// <item><c>[host_machine]</c> (cross files only): system, cpu_family, cpu and endian from <see cref="TargetFacts"/>,
/// the same values as the installed <c>meson-cross.ini</c> of <c>cross:toolchain</c>.</item>
/// </list>
/// Strings follow the machine-file rules, which are not those of meson.build: meson doubles every
/// backslash in a value before parsing it (for Windows paths), so a backslash is always literal and no
/// escape sequence can be written. A value without <c>'</c> is written <c>'value'</c>. Otherwise the value is
/// cut at its backslashes and each part holding a <c>'</c> is written triple-quoted (<c>'''it's'''</c>), which
/// can hold neither a backslash nor <c>'''</c> nor end in <c>'</c>; the parts are joined with <c>+</c>. A value
/// that cannot be cut that way (a <c>'</c> right before a backslash or at the end, or <c>'''</c>), or that holds
/// a line break, is rejected. Removed variables have no meaning here and are not written.
/// </summary>
public sealed class MesonFormatter : IEnvFormatter
{
    public EnvFormat Kind => EnvFormat.Meson;

    /// <summary>Names never reach the file as names, so any name is fine.</summary>
    public bool AcceptsName(string name) => true;

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var vars = listing.Variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("# meson ").Append(context.DescribesTarget ? "cross" : "native")
          .Append(" file written by `profile env --format=meson`.\n");

        var binaries = new List<(string, string)>();
        foreach (var (key, name) in new[] { ("c", "CC"), ("cpp", "CXX"), ("ar", "AR"), ("strip", "STRIP"), ("pkg-config", "PKG_CONFIG") })
        {
            if (vars.TryGetValue(name, out var command) && ShellFields.Split(command) is { Length: > 0 } words)
            {
                binaries.Add((key, Array(words)));
            }
        }
        AppendSection(sb, "binaries", binaries);

        var options = new List<(string, string)>();
        AddWords(options, vars, "c_args", "CPPFLAGS", "CFLAGS");
        AddWords(options, vars, "c_link_args", "LDFLAGS");
        AddWords(options, vars, "cpp_args", "CPPFLAGS", "CXXFLAGS");
        AddWords(options, vars, "cpp_link_args", "LDFLAGS");
        AppendSection(sb, "built-in options", options);

        var properties = new List<(string, string)>();
        if (vars.TryGetValue("PKG_CONFIG_LIBDIR", out var libdir))
        {
            properties.Add(("pkg_config_libdir", Array(libdir.Split(':', StringSplitOptions.RemoveEmptyEntries))));
        }
        if (vars.TryGetValue("PKG_CONFIG_SYSROOT_DIR", out var sysroot))
        {
            properties.Add(("sys_root", Quote(sysroot)));
        }
        AppendSection(sb, "properties", properties);

        if (context.DescribesTarget)
        {
            var facts = TargetFacts.For(context.TargetArch!, context.TargetOs!);
            var cpu = facts.Arch ?? throw new EnvFormatException(
                $"cannot write a meson cross file for architecture {context.TargetArch}: its CPU family and byte order are unknown");
            AppendSection(sb, "host_machine",
            [
                ("system", Quote(facts.MesonSystem)),
                ("cpu_family", Quote(cpu.MesonCpuFamily)),
                ("cpu", Quote(cpu.MesonCpu)),
                ("endian", Quote(cpu.Endian)),
            ]);
        }
        return sb.ToString();
    }

    private static void AddWords(List<(string, string)> entries, Dictionary<string, string> vars, string key, params string[] names)
    {
        var words = names.Where(vars.ContainsKey).SelectMany(n => ShellFields.Split(vars[n])).ToList();
        if (words.Count > 0)
        {
            entries.Add((key, Array(words)));
        }
    }

    private static void AppendSection(StringBuilder sb, string section, List<(string Key, string Value)> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        sb.Append('\n').Append('[').Append(section).Append("]\n");
        foreach (var (key, value) in entries)
        {
            sb.Append(key).Append(" = ").Append(value).Append('\n');
        }
    }

    private static string Array(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    /// <summary>A machine-file expression whose value is exactly <paramref name="value"/>.</summary>
    /// <exception cref="EnvFormatException">The value cannot be written in a machine file.</exception>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw Unwritable(value, "it holds a line break");
        }
        if (!value.Contains('\''))
        {
            return "'" + value + "'";
        }
        // Runs of backslashes and runs of other characters alternate; a run with a quote must be
        // triple-quoted, and only a run without backslashes can be.
        var parts = new List<string>();
        var start = 0;
        while (start < value.Length)
        {
            var backslashes = value[start] == '\\';
            var end = start;
            while (end < value.Length && (value[end] == '\\') == backslashes)
            {
                end++;
            }
            var part = value[start..end];
            if (!part.Contains('\''))
            {
                parts.Add("'" + part + "'");
            }
            else if (part.EndsWith('\'') || part.Contains(TripleQuote, StringComparison.Ordinal))
            {
                throw Unwritable(value, "a ' right before a backslash or at the end, or three in a row, cannot be written");
            }
            else
            {
                parts.Add(TripleQuote + part + TripleQuote);
            }
            start = end;
        }
        return string.Join(" + ", parts);
    }

    private const string TripleQuote = "'''";

    private static EnvFormatException Unwritable(string value, string why) =>
        new($"cannot write {Profiles.Text.GoQuote.Quote(value)} in a meson machine file: {why}");
}
