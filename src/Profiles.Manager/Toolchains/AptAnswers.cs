using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Installers;

namespace Profiles.Manager.Toolchains;

/// <summary>
/// What <c>apt-get install --print-uris</c> printed for a request, kept across processes under
/// <c>&lt;state&gt;/answers/&lt;key&gt;</c>. Resolving the nbdkit server's 42-package closure costs apt
/// about 0.3 s, and a warm reinstall asks the same question of the same lists again.
/// <para>
/// The key is a sha256 over everything that decides apt's answer: the apt-get executable (an
/// upgraded apt may resolve differently), the private configuration and sources (contents), every
/// package list (name, size and write time: <c>apt-get update</c> rewrites a list it changes), the
/// requested packages and those recorded as provided. A changed input is a different key, so a stale
/// answer is never found; <see cref="Clear"/> drops the old ones after an update. An answer is
/// written as a new file renamed into place, so a reader never sees a torn one, and is used under
/// the state's lock like the rest of the state. It is only a list of URLs and sha256s: every .deb is
/// still checked against its sha256 before use (<see cref="Fetching.DownloadCache"/>), so a tampered
/// answer can name other packages, as tampered lists could, but not slip in other bytes.
/// </para>
/// </summary>
internal sealed class AptAnswers(string stateDir, string configFile, string listsDir)
{
    // Part of every key: a change to what is stored or how the key is made retires old answers.
    private const string Format = "profiles apt answers 1";

    private string Dir => Path.Combine(stateDir, "answers");

    public string Key(string aptGet, IReadOnlyList<string> packages, IReadOnlyList<string> provided)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        void AddStat(FileInfo file) => Add($"{file.Name} {file.Length} {file.LastWriteTimeUtc.Ticks}");

        Add(Format);
        Add(aptGet);
        AddStat(new FileInfo(aptGet));
        Add(File.Exists(configFile) ? File.ReadAllText(configFile) : "");
        var etc = Path.Combine(stateDir, "etc");
        if (Directory.Exists(etc))
        {
            foreach (var file in Directory.EnumerateFiles(etc, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(Path.GetRelativePath(stateDir, file));
                Add(File.ReadAllText(file));
            }
        }
        if (Directory.Exists(listsDir))
        {
            foreach (var file in Directory.EnumerateFiles(listsDir).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) == "lock") continue;
                AddStat(new FileInfo(file));
            }
        }
        Add(string.Join('\n', packages));
        Add(string.Join('\n', provided));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The stored answer for <paramref name="key"/>, or null.</summary>
    public string? Read(string key)
    {
        var file = Path.Combine(Dir, key);
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    public void Write(string key, string aptOutput)
    {
        Directory.CreateDirectory(Dir);
        Files.AtomicFile.WriteText(Path.Combine(Dir, key), aptOutput);
    }

    /// <summary>Drops a damaged answer so that apt is asked again.</summary>
    public void Forget(string key) => FileTree.DeleteFileQuietly(Path.Combine(Dir, key));

    /// <summary>Drops every answer: after <c>apt-get update</c> their keys name lists that are gone.</summary>
    public void Clear() => FileTree.DeleteQuietly(Dir);
}
