using System.Text;
using Profiles.Environment;
using Profiles.Names;
using Profiles.Text;

namespace Profiles.Database;

/// <summary>
/// Writes one installer's part of a database in the v5 form, byte for byte as the original's
/// <c>xml.MarshalIndent</c> did (spec 1.5). Written by hand: XmlWriter cannot produce Go's escaping
/// (<c>&amp;#34;</c>, <c>&amp;#xA;</c> in text) nor its never-self-closed empty elements.
/// </summary>
/// <remarks>
/// The original sorted each target's <c>Env</c> in place while writing; here the database is left as it
/// is and only the file has the env sorted, so reading the file back gives the sorted env.
/// </remarks>
public static class DbWriter
{

    /// <summary>
    /// The file contents for <paramref name="installer"/>'s profiles (unqualified names, sorted by
    /// qualified name); no XML declaration, no trailing newline.
    /// </summary>
    /// <exception cref="ProfilesException"><c>missing version for profile &lt;qname&gt; target: &lt;target&gt;</c>, before anything is produced.</exception>
    public static string Format(ProfilesDb db, string installer)
    {
        var profiles = db.Profiles()
            .Where(p => ProfileName.Split(p.QualifiedName).Installer == installer)
            .ToList();
        foreach (var profile in profiles)
        {
            foreach (var target in profile.Targets)
            {
                if (target.Version.Length == 0)
                {
                    throw new ProfilesException($"missing version for profile {profile.QualifiedName} target: {target}");
                }
            }
        }

        var xml = new StringBuilder(256 + profiles.Sum(p => p.Targets.Length) * 256);
        xml.Append("<profiles version=\"").Append(ProfilesDb.CurrentSchemaVersion).Append('"');
        if (installer.Length > 0)
        {
            Attribute(xml, "installer", installer);
        }
        xml.Append('>');
        foreach (var profile in profiles)
        {
            NewLine(xml, 1).Append("<profile");
            Attribute(xml, "name", ProfileName.Split(profile.QualifiedName).Name);
            Attribute(xml, "root", profile.Root);
            xml.Append('>');
            foreach (var target in profile.Targets)
            {
                NewLine(xml, 2).Append("<target");
                Attribute(xml, "arch", target.Arch);
                Attribute(xml, "os", target.Os);
                Attribute(xml, "installation-directory", target.InstallationDir);
                Attribute(xml, "version", target.Version);
                Attribute(xml, "date", Rfc3339.FormatNano(target.UpdateTime));
                xml.Append('>');
                Vars(xml, "envvars", target.Env.Sorted());
                Vars(xml, "command-line", target.CommandLineEnv);
                NewLine(xml, 2).Append("</target>");
            }
            if (profile.Targets.Length > 0)
            {
                NewLine(xml, 1);
            }
            xml.Append("</profile>");
        }
        if (profiles.Count > 0)
        {
            xml.Append('\n');
        }
        xml.Append("</profiles>");
        return xml.ToString();
    }

    private static void Vars(StringBuilder xml, string element, EnvVars vars)
    {
        NewLine(xml, 3).Append('<').Append(element).Append('>');
        foreach (var v in vars)
        {
            NewLine(xml, 4).Append("<var>");
            GoXmlEscape.Append(xml, v.ToString());
            xml.Append("</var>");
        }
        if (vars.Count > 0)
        {
            NewLine(xml, 3);
        }
        xml.Append("</").Append(element).Append('>');
    }

    /// <summary>A line break and two spaces per level, as MarshalIndent with an indent of "  ".</summary>
    private static StringBuilder NewLine(StringBuilder xml, int level) => xml.Append('\n').Append(' ', 2 * level);

    private static void Attribute(StringBuilder xml, string name, string value)
    {
        xml.Append(' ').Append(name).Append("=\"");
        GoXmlEscape.Append(xml, value);
        xml.Append('"');
    }
}
