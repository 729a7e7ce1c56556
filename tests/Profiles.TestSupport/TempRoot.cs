namespace Profiles.TestSupport;

/// <summary>
/// A fresh profiles root for one test, deleted afterwards (kept when KEEP_TEST_ROOTS=1, to look at
/// what a failing test left).
/// </summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("profiles-test-").FullName;
    }

    public string Path { get; }

    /// <summary>The default database directory, &lt;root&gt;/db.</summary>
    public string Db => System.IO.Path.Combine(Path, "db");

    /// <summary>The environment that points a `profile` process at this root.</summary>
    public Dictionary<string, string?> Env => new() { ["PROFILES_ROOT"] = Path };

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("KEEP_TEST_ROOTS") == "1") return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
