using System.Security.Cryptography;
using System.Text;
using Profiles.Manager.Fetching;

namespace Profiles.Manager.Installers;

/// <summary>
/// A fingerprint of exactly what one verification depended on, as named lines (<c>name=value</c>):
/// the bytes that were checked (by sha256), the program that checked them (its files' identities),
/// and the check itself. Two verifications with the same key check the same thing, so a passed one
/// can stand in for the other (<see cref="ProofRecords"/>). Whoever builds a key must add every
/// input that can change the outcome; when in doubt, add it: a needless part only costs a re-run.
/// </summary>
public sealed class ProofKey
{
    /// <summary>dpkg rewrites it (by rename) on every package change: the identity of the host's packages.</summary>
    public const string HostPackageDatabase = "/var/lib/dpkg/status";

    /// <summary>The variables that change which libraries a program loads (or how qemu finds them).</summary>
    public static IReadOnlyList<string> LoaderVariables { get; } = ["LD_LIBRARY_PATH", "LD_PRELOAD", "QEMU_LD_PREFIX"];

    private readonly StringBuilder text = new();

    /// <summary>The key's lines, stored in the record so a reader can see what was proven.</summary>
    public string Text => text.ToString();

    /// <summary>The record's name: sha256 of <see cref="Text"/>.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

    public ProofKey Add(string name, string value)
    {
        if (name.Length == 0 || name.AsSpan().ContainsAny('=', '\n') || value.Contains('\n'))
        {
            throw new ArgumentException($"a proof key part must be one line with a name: {name}={value}");
        }
        text.Append(name).Append('=').Append(value).Append('\n');
        return this;
    }

    /// <summary>A file by content (small files: a launcher script, the checked binary).</summary>
    public async Task<ProofKey> AddContentAsync(string name, string path, CancellationToken cancellationToken) =>
        Add(name, File.Exists(path) ? "sha256:" + await Sha256Hex.OfFileAsync(path, cancellationToken).ConfigureAwait(false) : "missing:" + path);

    /// <summary>
    /// Every file below <paramref name="dir"/> by content (an install's own small tree: scripts,
    /// headers, generated files), by path relative to it, in ordinal order; the completion marker,
    /// written after verification, is left out. Names are escaped (<see cref="Uri.EscapeDataString"/>).
    /// </summary>
    public async Task<ProofKey> AddTreeAsync(string name, string dir, CancellationToken cancellationToken)
    {
        // Links are not followed (FileTree): an install's tree never leads the key out of it.
        var files = FileTree.RegularFiles(dir)
            .Select(f => Path.GetRelativePath(dir, f.FullName).Replace('\\', '/'))
            .Where(f => f != InstallLayout.CompleteMarker)
            .Order(StringComparer.Ordinal)
            .ToList();
        Add(name + ".files", files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var file in files)
        {
            // Escaped: a file name may hold '=' or a line break, a key line may not.
            await AddContentAsync(name + "/" + Uri.EscapeDataString(file), Path.Combine(dir, file), cancellationToken).ConfigureAwait(false);
        }
        return this;
    }

    /// <summary>
    /// The host's programs and libraries as packaged (<see cref="HostPackageDatabase"/>: any apt or
    /// dpkg run changes the key) and the <see cref="LoaderVariables"/> of this process.
    /// </summary>
    public ProofKey AddHost()
    {
        AddIdentity("host.packages", HostPackageDatabase);
        foreach (var variable in LoaderVariables)
        {
            Add("env." + variable, System.Environment.GetEnvironmentVariable(variable) ?? "(unset)");
        }
        return this;
    }

    /// <summary>
    /// A file by identity, not content (large or many files, e.g. the package database, an install's
    /// completion marker): its resolved path, size and modification time to 100 ns. Replacing or
    /// rewriting it changes the key; so does touching it, which only costs a re-run.
    /// </summary>
    public ProofKey AddIdentity(string name, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            info = target;
        }
        return Add(name, info.Exists ? $"{info.FullName} {info.Length} {info.LastWriteTimeUtc.Ticks}" : "missing:" + path);
    }
}
