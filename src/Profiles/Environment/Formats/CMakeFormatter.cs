using System.Text;
using Profiles.Text;
using Profiles.Targets;

namespace Profiles.Environment.Formats;

/// <summary>
/// A CMake toolchain file (<c>cmake -DCMAKE_TOOLCHAIN_FILE=env.cmake</c>). Every variable becomes
/// <c>set(ENV{NAME} "value")</c> and every removed one <c>unset(ENV{NAME})</c>. On top of that, what
/// CMake takes from variables of its own:
/// <list type="bullet">
/// <item>CC, CXX → <c>CMAKE_C_COMPILER</c>, <c>CMAKE_CXX_COMPILER</c> (a command with arguments becomes a
/// list: the compiler, then its mandatory arguments); AR, RANLIB, STRIP → <c>CMAKE_AR</c>, <c>CMAKE_RANLIB</c>, <c>CMAKE_STRIP</c> (one program each).</item>
/// <item>CPPFLAGS and CFLAGS → <c>CMAKE_C_FLAGS_INIT</c>; CPPFLAGS and CXXFLAGS → <c>CMAKE_CXX_FLAGS_INIT</c>;
/// LDFLAGS → <c>CMAKE_{EXE,SHARED,MODULE}_LINKER_FLAGS_INIT</c>. CMake would add <c>$ENV{CFLAGS}</c>,
/// <c>$ENV{CXXFLAGS}</c> and <c>$ENV{LDFLAGS}</c> to those a second time, so those three are cleared
/// from the environment instead of set.</item>
/// <item>When cross-compiling (<see cref="EnvFormatContext.DescribesTarget"/>): <c>CMAKE_SYSTEM_NAME</c> and
/// <c>CMAKE_SYSTEM_PROCESSOR</c>, from <see cref="TargetFacts"/> (amd64 → x86_64, arm64 → aarch64, linux → Linux),
/// the same values as the installed <c>toolchain.cmake</c> of <c>cross:toolchain</c>.</item>
/// </list>
/// Commands and flags mean what sh means by <c>$CC $CFLAGS</c>: the words of <see cref="ShellFields"/>.
/// CMake puts flags into shell command lines as they are, and also splits them itself on spaces and
/// semicolons (the compiler check runs without a shell), so a word is written only when it holds
/// nothing either would read differently: letters, digits, non-ASCII and <c>+ , - . / : = @ _ % ^</c>.
/// Any other character (a quote, <c>;</c>, <c>$</c>, <c>*</c>, a backslash ...) is refused with
/// <see cref="EnvFormatException"/>: written as is, a <c>;</c> in CFLAGS would run as a command in the
/// first configure. Environment values are exact: CMake quoted arguments, <c>\</c>, <c>"</c> and
/// <c>$</c> escaped with a backslash (so no variable reference is expanded), line feed, carriage return
/// and tab as <c>\n \r \t</c>. An empty value is refused: CMake's <c>set(ENV{V} "")</c> unsets V.
/// </summary>
public sealed class CMakeFormatter : IEnvFormatter
{
    private static readonly string[] s_flagsFromEnvironment = ["CFLAGS", "CXXFLAGS", "LDFLAGS"];

    public EnvFormat Kind => EnvFormat.CMake;

    public bool AcceptsName(string name) => VariableNames.IsIdentifier(name);

    public string Format(EnvListing listing, EnvFormatContext context)
    {
        var vars = listing.Variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var sb = new StringBuilder("# CMake toolchain file written by `profile env --format=cmake`.\n");
        if (context.DescribesTarget)
        {
            var facts = TargetFacts.For(context.TargetArch!, context.TargetOs!);
            Set(sb, "CMAKE_SYSTEM_NAME", facts.CMakeSystemName);
            Set(sb, "CMAKE_SYSTEM_PROCESSOR", facts.CMakeSystemProcessor);
        }
        SetCommand(sb, vars, "CC", "CMAKE_C_COMPILER", withArguments: true);
        SetCommand(sb, vars, "CXX", "CMAKE_CXX_COMPILER", withArguments: true);
        SetCommand(sb, vars, "AR", "CMAKE_AR", withArguments: false);
        SetCommand(sb, vars, "RANLIB", "CMAKE_RANLIB", withArguments: false);
        SetCommand(sb, vars, "STRIP", "CMAKE_STRIP", withArguments: false);
        SetFlags(sb, vars, ["CPPFLAGS", "CFLAGS"], "CMAKE_C_FLAGS_INIT");
        SetFlags(sb, vars, ["CPPFLAGS", "CXXFLAGS"], "CMAKE_CXX_FLAGS_INIT");
        foreach (var kind in new[] { "EXE", "SHARED", "MODULE" })
        {
            SetFlags(sb, vars, ["LDFLAGS"], $"CMAKE_{kind}_LINKER_FLAGS_INIT");
        }
        foreach (var (name, value) in listing.Variables)
        {
            VariableNames.RequireIdentifier(name, Kind);
            if (s_flagsFromEnvironment.Contains(name, StringComparer.Ordinal))
            {
                sb.Append("unset(ENV{").Append(name).Append("}) # in CMAKE_*_FLAGS_INIT above\n");
                continue;
            }
            if (value.Length == 0)
            {
                throw new EnvFormatException(
                    $"cannot write variable {name} in cmake format: its value is empty, and CMake's set(ENV{{{name}}} \"\") would unset it instead");
            }
            sb.Append("set(ENV{").Append(name).Append("} ").Append(Quote(value)).Append(")\n");
        }
        foreach (var name in listing.Removed)
        {
            VariableNames.RequireIdentifier(name, Kind);
            sb.Append("unset(ENV{").Append(name).Append("})\n");
        }
        return sb.ToString();
    }

    private static void Set(StringBuilder sb, string variable, params IEnumerable<string> values) =>
        sb.Append("set(").Append(variable).Append(' ').AppendJoin(' ', values.Select(Quote)).Append(")\n");

    private static void SetCommand(StringBuilder sb, Dictionary<string, string> vars, string name, string variable, bool withArguments)
    {
        if (!vars.TryGetValue(name, out var command)) return;
        var words = Words(name, command);
        if (words.Length > 1 && !withArguments)
        {
            throw new EnvFormatException(
                $"cannot write variable {name} in cmake format: {variable} is one program, and {GoQuote.Quote(command)} is {words.Length} words");
        }
        if (words.Length > 0) Set(sb, variable, words);
    }

    private static void SetFlags(StringBuilder sb, Dictionary<string, string> vars, string[] names, string variable)
    {
        var words = names.Where(vars.ContainsKey).SelectMany(n => Words(n, vars[n])).ToList();
        if (words.Count > 0)
        {
            Set(sb, variable, string.Join(' ', words));
        }
    }

    /// <summary>The words of <paramref name="value"/> as sh splits it, each one CMake and the build's shell take as it is.</summary>
    private static System.Collections.Immutable.ImmutableArray<string> Words(string name, string value)
    {
        var words = ShellFields.Split(value);
        foreach (var word in words)
        {
            foreach (var c in word)
            {
                if (IsPlain(c)) continue;
                throw new EnvFormatException(
                    $"cannot write variable {name} in cmake format: its word {GoQuote.Quote(word)} holds {GoQuote.Quote(c.ToString())}, which a build's shell or CMake's own splitting would not take as sh's ${name} gives it; only letters, digits, non-ASCII and + , - . / : = @ _ % ^ are written");
            }
        }
        return words;
    }

    /// <summary>A character that means nothing to sh, make, ninja or CMake's list and argument splitting.</summary>
    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c >= 0x80 || c is '+' or ',' or '-' or '.' or '/' or ':' or '=' or '@' or '_' or '%' or '^';

    /// <summary>A CMake quoted argument whose value is exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '$': sb.Append("\\$"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
