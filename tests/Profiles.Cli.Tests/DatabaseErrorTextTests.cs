using System.Text.RegularExpressions;

namespace Profiles.Cli.Tests;

/// <summary>
/// A damaged database file is reported in words, by every build: the NativeAOT binary once printed the
/// framework's resource keys instead (<c>Xml_MessageWithErrorPosition, Xml_UnexpectedEOFInElementContent, 1, 49</c>),
/// as it was published with <c>UseSystemResourceKeys</c>. Run with PROFILE_EXE=artifacts/bin/profile to
/// check the native binary, as CI does.
/// </summary>
public partial class DatabaseErrorTextTests
{
    public static TheoryData<string, string, string> DamagedFiles() => new()
    {
        // What a user would see for a file cut short by a full disk, and for a file that is not XML at all.
        { "truncated", "<profiles version=\"5\" installer=\"i1\"><profile name=\"x\">", "Unexpected end of file" },
        { "not XML", "this is not a profiles database\n", "Data at the root level is invalid" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public async Task List_says_in_words_what_is_wrong_with_a_damaged_file(string damage, string contents, string words)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", contents);
        var run = await ProfileProcess.RunAsync(["list"], root.Env);
        AssertReadableError(run, Path.Combine(root.Db, "i1"), damage, words);
    }

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public async Task Env_says_in_words_what_is_wrong_with_a_damaged_file(string damage, string contents, string words)
    {
        using var root = new TempRoot();
        DbFixtures.WriteDb(root.Db, "i1", contents);
        var run = await ProfileProcess.RunAsync(["env", "--profiles=i1:x", "--target=arch-os"], root.Env);
        AssertReadableError(run, Path.Combine(root.Db, "i1"), damage, words);
    }

    private static void AssertReadableError(ProfileRun run, string file, string damage, string words)
    {
        Assert.True(run.ExitCode == 6, $"{damage}: {run}");
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"profile: {file}:1:", line);
        Assert.Contains(words, line, StringComparison.Ordinal);
        Assert.False(ResourceKey().IsMatch(line), $"{damage}: a resource key instead of a message: {line}");
    }

    /// <summary>A framework resource key such as Xml_InvalidRootData or IO_FileNotFound_FileName.</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z]*_[A-Z][A-Za-z_]*\b")]
    private static partial Regex ResourceKey();
}
