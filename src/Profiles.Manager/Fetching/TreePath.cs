using System.Collections.Immutable;
using System.Text;

namespace Profiles.Manager.Fetching;

/// <summary>
/// A path named by a package, tarball or catalog, relative to the tree it goes into, checked before
/// anything is done with it (docs/security.md, "Paths from packages"): a member name such as
/// <c>./usr/lib/libz.so</c> or <c>usr/lib/</c> becomes its components. Refused, naming the origin:
/// a <c>..</c> component, a control character (newline, tab, ...), a component longer than 255 bytes
/// or a path longer than 4000 bytes, and the names the tree itself uses (<see cref="Reserved"/>).
/// A leading <c>/</c> is dropped, as tar does.
/// </summary>
internal sealed record TreePath
{
    /// <summary>Longest component a Linux file system takes.</summary>
    public const int MaxComponentBytes = 255;

    /// <summary>Well under PATH_MAX (4096), which the tree's own path must still fit beside.</summary>
    public const int MaxPathBytes = 4000;

    /// <summary>Top-level names an installed tree keeps for itself: its records and the completion marker.</summary>
    public static readonly ImmutableArray<string> Reserved = [RecordsDirName, Installers.InstallLayout.CompleteMarker];

    /// <summary>Where an install keeps its own records (manifests, file lists, the binary cache entry).</summary>
    public const string RecordsDirName = ".profiles";

    private TreePath(ImmutableArray<string> components, string origin)
    {
        Components = components;
        Origin = origin;
    }

    public ImmutableArray<string> Components { get; }

    /// <summary>Who named the path ("the package zlib1g-dev 1:1.2.13.dfsg-1 (arm64)"), for errors.</summary>
    public string Origin { get; }

    /// <summary>True for the tree's own root (<c>./</c>).</summary>
    public bool IsRoot => Components.IsEmpty;

    /// <summary>The path with '/' separators, no leading <c>./</c>.</summary>
    public string Relative => string.Join('/', Components);

    public override string ToString() => Relative;

    /// <summary>Checks and splits <paramref name="name"/>; throws a <see cref="ProfilesException"/> naming <paramref name="origin"/> and the path.</summary>
    /// <param name="ownRecords">Allow <c>.profiles</c> at the top (an install of ours, <see cref="TarUnpacker.UnpackAsync"/>); the completion marker stays reserved.</param>
    public static TreePath Parse(string name, string origin, bool ownRecords = false)
    {
        if (Encoding.UTF8.GetByteCount(name) > MaxPathBytes)
        {
            throw Refuse(origin, name, $"the path is longer than {MaxPathBytes} bytes");
        }
        var components = ImmutableArray.CreateBuilder<string>();
        foreach (var component in name.Split('/'))
        {
            if (component is "" or ".") continue;
            if (component == "..")
            {
                throw Refuse(origin, name, "a '..' component would leave the tree");
            }
            if (component.Any(char.IsControl))
            {
                throw Refuse(origin, name, "control characters (newline, tab, ...) are not allowed in names");
            }
            if (Encoding.UTF8.GetByteCount(component) > MaxComponentBytes)
            {
                throw Refuse(origin, name, $"a name is longer than {MaxComponentBytes} bytes");
            }
            components.Add(component);
        }
        if (components.Count > 0 && Reserved.Contains(components[0]) && !(ownRecords && components[0] == RecordsDirName))
        {
            throw Refuse(origin, name, $"{components[0]} is reserved for profile's own records");
        }
        return new TreePath(components.ToImmutable(), origin);
    }

    /// <summary>The same path's parent (the root's parent is the root).</summary>
    public TreePath Parent => new(Components.IsEmpty ? Components : Components[..^1], Origin);

    /// <summary>A one-line rendering of an untrusted name: control characters as <c>\xNN</c>.</summary>
    public static string Display(string name)
    {
        if (!name.Any(char.IsControl)) return name;
        var s = new StringBuilder(name.Length + 8);
        foreach (var c in name) s.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        return s.ToString();
    }

    /// <summary>The error for a path that is refused: <c>&lt;origin&gt;: &lt;path&gt;: &lt;why&gt;</c>.</summary>
    public static ProfilesException Refuse(string origin, string name, string why) =>
        new($"{origin}: {Display(name)}: {why}", ExitCodes.Failure);

    public ProfilesException Refuse(string why) => Refuse(Origin, Relative, why);
}
