using System.Text;
using Profiles.Database;

namespace Profiles.Manager.Tests;

/// <summary>A text picture of a root's files and a database, to show that a failed flow changed neither.</summary>
public static class Snapshot
{
    public static string Tree(string root)
    {
        var sb = new StringBuilder();
        if (!Directory.Exists(root)) return "(missing)";
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, entry);
            sb.Append(rel);
            if (File.Exists(entry)) sb.Append(" = ").Append(File.ReadAllText(entry)).Append(" @").Append(File.GetLastWriteTimeUtc(entry).Ticks);
            else sb.Append('/');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Db(ProfilesDb db)
    {
        var sb = new StringBuilder();
        foreach (var p in db.Profiles())
        {
            sb.Append($"{p.QualifiedName} root={p.Root}\n");
            foreach (var t in p.Targets)
            {
                sb.Append($"  {t} dir={t.InstallationDir} date={t.UpdateTime:O} env=[{string.Join(' ', t.Env)}] cl=[{string.Join(' ', t.CommandLineEnv)}]\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>The versions installed per profile, in stored order: <c>i1:eg: 3,2; i2:eg: 3,2</c>.</summary>
    public static string Versions(ProfilesDb db) =>
        string.Join("; ", db.Profiles().Select(p => $"{p.QualifiedName}: {string.Join(',', p.Targets.Select(t => t.Version))}"));
}
