namespace Profiles.Cli.Tests;

/// <summary>A fresh profiles root for one test, deleted afterwards.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("profiles-test-").FullName;
    }

    public string Path { get; }

    public string Db => System.IO.Path.Combine(Path, "db");

    public Dictionary<string, string?> Env => new() { ["PROFILES_ROOT"] = Path };

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("KEEP_TEST_ROOTS") == "1") return;
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
