using System.Text;
using BenchmarkDotNet.Attributes;
using Profiles.Database;

namespace Profiles.Benchmarks;

/// <summary>Reading and writing one installer's database file of 10, 1,000 and 10,000 targets.</summary>
[MemoryDiagnoser]
public class DatabaseBenchmarks
{
    private ProfilesDb _db = null!;
    private string _directory = "";
    private DbStore _store = null!;

    [Params(10, 1_000, 10_000)]
    public int Targets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = SampleDatabase.Create(Targets);
        _directory = Path.Combine(Path.GetTempPath(), "profiles-bench", Guid.NewGuid().ToString("N"));
        _store = DbStore.OpenDirectory(_directory);
        _store.WriteAsync(_db, SampleDatabase.Installer).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Parse the installer's file into a database (DbReader on the directory).</summary>
    [Benchmark]
    public ProfilesDb Read() => DbReader.Read(_directory);

    /// <summary>Produce the v5 text in memory (DbWriter) and encode it.</summary>
    [Benchmark]
    public byte[] Format() => Encoding.UTF8.GetBytes(DbWriter.Format(_db, SampleDatabase.Installer));

    /// <summary>The full write: lock, format, temporary file, fsync, .prev link, rename.</summary>
    [Benchmark]
    public Task WriteFile() => _store.WriteAsync(_db, SampleDatabase.Installer);
}
