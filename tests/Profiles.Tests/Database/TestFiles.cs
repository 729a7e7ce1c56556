namespace Profiles.Tests.Database;

/// <summary>Fixture paths and scratch directories for the database tests.</summary>
internal static class TestFiles
{
    public static string DataDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "Database");

    public static string Data(params string[] parts) => Path.Combine([DataDir, .. parts]);
}

/// <summary>A fresh directory under the system temp directory, removed on dispose.</summary>
internal sealed class ScratchDir : IDisposable
{
    public ScratchDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "profiles-db-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies a fixture file or directory into this directory and returns the copy's path.</summary>
    public string CopyFixture(string fixture, string? as_ = null)
    {
        var source = TestFiles.Data(fixture);
        var destination = Combine(as_ ?? System.IO.Path.GetFileName(fixture));
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(destination);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(file)));
            }
        }
        else
        {
            File.Copy(source, destination);
        }
        return destination;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still be closing a file; the temp directory is cleaned up eventually.
        }
    }
}
