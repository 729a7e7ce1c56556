namespace Profiles.Names;

/// <summary>
/// Qualified profile names, <c>installer:name</c> (spec 3.1). The rules are the original's, exactly:
/// other tools and old databases depend on them, including the odd ones.
/// </summary>
public static class ProfileName
{
    public const char InstallerSeparator = ':';

    /// <summary>Removes every leading and trailing <c>:</c>.</summary>
    public static string Clean(string name) => name.Trim(InstallerSeparator);

    /// <summary>Splits at the first <c>:</c>, without cleaning; no colon gives an empty installer.</summary>
    public static (string Installer, string Name) Split(string name)
    {
        var index = name.IndexOf(InstallerSeparator);
        return index < 0 ? (string.Empty, name) : (name[..index], name[(index + 1)..]);
    }

    /// <summary>
    /// The qualified name of <paramref name="name"/> under <paramref name="installer"/>. A non-empty
    /// installer replaces any installer already in the name: (<c>new</c>, <c>old:bar</c>) gives <c>new:bar</c>.
    /// </summary>
    public static string Qualify(string installer, string name)
    {
        name = Clean(name);
        installer = Clean(installer);
        return installer.Length == 0 ? name : installer + InstallerSeparator + Split(name).Name;
    }
}
