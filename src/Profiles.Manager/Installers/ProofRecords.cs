using System.Text;

namespace Profiles.Manager.Installers;

/// <summary>
/// Passed verifications, one file per <see cref="ProofKey"/> under <c>&lt;root&gt;/cache/proofs/</c>
/// (a cache: it survives reinstalls and staging dirs, and deleting it only makes proofs run again).
/// A record holds the key's text, what the proof showed, and an end line; a file that does not
/// hold exactly its own key's text and the end line (torn, edited, a hash collision) counts as
/// absent. Only installs consult it: <c>profile verify</c> always proves.
/// </summary>
public sealed class ProofRecords(string cacheDir)
{
    private const string Separator = "--\n";
    private const string End = "end\n";

    public string Directory { get; } = Path.Combine(cacheDir, "proofs");

    public string PathOf(ProofKey key) => Path.Combine(Directory, key.Sha256);

    /// <summary>True when a verification with exactly this key passed before.</summary>
    public bool Has(ProofKey key)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathOf(key), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing (the usual case) or unreadable: either way the verification runs.
            return false;
        }
        return text.StartsWith(key.Text + Separator, StringComparison.Ordinal) && text.EndsWith(End, StringComparison.Ordinal);
    }

    /// <summary>
    /// Records that the verification keyed <paramref name="key"/> passed, with what it showed (one
    /// line each). Call it only after the verification passed. Written by <see cref="Files.AtomicFile"/>, so
    /// concurrent installs are safe and a reader never sees a torn record.
    /// </summary>
    /// <returns>Null, or why the record could not be written (the verification still passed; the next one runs again).</returns>
    public string? Record(ProofKey key, IEnumerable<string> outcome)
    {
        try
        {
            Write(key, outcome);
            return null;
        }
        catch (Exception e) when (Files.FileSystemError.IsFileSystem(e))
        {
            return $"the verification passed but could not be recorded in {Directory}: {Files.FileSystemError.Reason(e)}";
        }
        catch (ProfilesException e) when (e.ExitCode == ExitCodes.FileSystem)
        {
            return $"the verification passed but could not be recorded: {e.Message}";
        }
    }

    private void Write(ProofKey key, IEnumerable<string> outcome)
    {
        var text = new StringBuilder(key.Text).Append(Separator);
        foreach (var line in outcome)
        {
            text.Append(line.Replace('\n', ' ')).Append('\n');
        }
        text.Append(End);
        System.IO.Directory.CreateDirectory(Directory);
        Files.AtomicFile.WriteText(PathOf(key), text.ToString());
    }
}
