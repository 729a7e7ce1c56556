namespace Profiles.TestSupport;

/// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "profiles-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
    }
}
