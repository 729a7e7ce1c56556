namespace Profiles.Cli.Tests;

/// <summary>Database files written by hand in the exact v5 form, as the original tool wrote them.</summary>
public static class DbFixtures
{
    public static string EgInstaller(string installer, params string[] versions)
    {
        var targets = string.Join("\n", versions.Select(v => $$"""
                <target arch="arch" os="os" installation-directory=".jiri_root/profiles/{{installer}}" version="{{v}}" date="2016-04-01T12:00:00.123456789-07:00">
                  <envvars>
                    <var>EG_ROOT=${JIRI_ROOT}/.jiri_root/profiles/{{installer}}</var>
                  </envvars>
                  <command-line></command-line>
                </target>
            """));
        return $$"""
            <profiles version="5" installer="{{installer}}">
              <profile name="eg" root=".jiri_root/profiles/{{installer}}">
            {{targets}}
              </profile>
            </profiles>
            """;
    }

    public static void WriteDb(string dbDir, string installer, string contents)
    {
        Directory.CreateDirectory(dbDir);
        File.WriteAllText(Path.Combine(dbDir, installer), contents);
    }

    public const string LegacyV0 = """
        <profiles>
          <profile name="java"><target arch="amd64" os="darwin" version="1"></target></profile>
          <profile name="nacl"><target arch="amd64" os="darwin" version="1"></target></profile>
          <profile name="nodejs"><target arch="amd64" os="darwin" version="1"></target></profile>
          <profile name="syncbase"><target arch="amd64" os="darwin" version="1"></target></profile>
          <profile name="web"><target arch="amd64" os="darwin" version="1"></target></profile>
        </profiles>
        """;
}
