namespace Profiles.Cli.Tests;

/// <summary>
/// <c>profile env</c> scans files in the writer's form instead of parsing them (DbLookupScanner); what it
/// answers must not depend on that: hand edits give the same environment, and a damaged or hostile
/// file is refused with exit code 6 and the parser's message, as by every other command.
/// </summary>
public class EnvDatabaseFileTests
{
    private static readonly string[] Env = ["env", "--profiles=i1:eg", "--target=arch-os@2"];

    private static async Task<ProfileRun> EnvWith(TempRoot root, string contents)
    {
        DbFixtures.WriteDb(root.Db, "i1", contents);
        return await ProfileProcess.RunAsync(Env, root.Env);
    }

    public static TheoryData<string, string> HandEdits()
    {
        var written = DbFixtures.EgInstaller("i1", "1", "2", "3");
        return new()
        {
            { "an XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + written },
            { "a comment", written.Replace("<envvars>", "<!-- edited --><envvars>", StringComparison.Ordinal) },
            { "attributes in another order", written.Replace("arch=\"arch\" os=\"os\"", "os=\"os\" arch=\"arch\"", StringComparison.Ordinal) },
            { "CRLF line ends", written.ReplaceLineEndings("\r\n") },
            { "CDATA", written.Replace("EG_ROOT=${JIRI_ROOT}", "<![CDATA[EG_ROOT=${JIRI_ROOT}]]>", StringComparison.Ordinal) },
        };
    }

    [Theory]
    [MemberData(nameof(HandEdits))]
    public async Task A_hand_edited_file_gives_the_same_environment(string edit, string contents)
    {
        using var clean = new TempRoot();
        var expected = await EnvWith(clean, DbFixtures.EgInstaller("i1", "1", "2", "3"));
        Assert.True(expected.ExitCode == 0, expected.ToString());
        using var edited = new TempRoot();
        var run = await EnvWith(edited, contents);
        Assert.True(run.ExitCode == 0, $"{edit}: {run}");
        Assert.Equal(expected.Stdout.Replace(clean.Path, edited.Path, StringComparison.Ordinal), run.Stdout);
    }

    [Fact]
    public async Task A_file_damaged_after_the_target_asked_for_is_refused()
    {
        using var root = new TempRoot();
        var written = DbFixtures.EgInstaller("i1", "1", "2", "3");
        var file = Path.Combine(root.Db, "i1");
        // Truncated in the third target: targets 1 and 2 are intact, but the file is not a database.
        var run = await EnvWith(root, written[..written.LastIndexOf("<command-line>", StringComparison.Ordinal)]);
        Assert.Equal(6, run.ExitCode);
        Assert.StartsWith($"profile: {file}:", run.Stderr);
        Assert.Equal("", run.Stdout);

        var trailing = await EnvWith(root, written + "\n<profiles></profiles>");
        Assert.Equal(6, trailing.ExitCode);
        Assert.StartsWith($"profile: {file}:", trailing.Stderr);
    }

    [Fact]
    public async Task An_entity_bomb_and_an_external_entity_are_refused()
    {
        using var root = new TempRoot();
        var file = Path.Combine(root.Db, "i1");
        var bomb = await EnvWith(root, """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
             <!ENTITY lol "lol">
             <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <profiles version="5" installer="i1"><profile name="eg" root="&lol3;"></profile></profiles>
            """);
        Assert.Equal(6, bomb.ExitCode);
        Assert.Equal($"profile: {file}:2:3: a DOCTYPE is not allowed in a profiles database (entities are refused)\n", bomb.Stderr);

        var xxe = await EnvWith(root, """
            <!DOCTYPE profiles [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <profiles version="5" installer="i1">
              <profile name="eg" root="">
                <target arch="arch" os="os" installation-directory="" version="2" date="2020-01-01T00:00:00Z">
                  <envvars>
                    <var>SECRET=&xxe;</var>
                  </envvars>
                  <command-line></command-line>
                </target>
              </profile>
            </profiles>
            """);
        Assert.Equal(6, xxe.ExitCode);
        Assert.Equal($"profile: {file}:1:3: a DOCTYPE is not allowed in a profiles database (entities are refused)\n", xxe.Stderr);
        Assert.DoesNotContain("root:", xxe.Stdout);
    }
}
