using System.Collections.Immutable;
using Profiles.Names;
using Profiles.Text;

namespace Profiles.Manager.Installers;

/// <summary>
/// The in-process profile managers, keyed by qualified name (spec 5). Unlike the original's exact-key
/// lookup, <see cref="Resolve"/> also accepts a bare name when exactly one installer offers it, and
/// cleans the name first, so <c>i1::eg</c> finds <c>i1:eg</c> as the database does. Families
/// (<see cref="IProfileManagerFamily"/>) answer for open-ended names such as <c>deb:zlib1g-dev</c>,
/// but only when qualified: a bare name never resolves to a family member, so adding a family
/// cannot make an existing bare name ambiguous.
/// </summary>
public sealed class ManagerRegistry
{
    private readonly Dictionary<string, IProfileManager> _managers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IProfileManagerFamily> _families = new(StringComparer.Ordinal);

    // One instance per member name, so repeated lookups during a flow see the same manager.
    private readonly Dictionary<string, IProfileManager> _members = new(StringComparer.Ordinal);

    public ManagerRegistry()
    {
    }

    public ManagerRegistry(IEnumerable<IProfileManager> managers)
    {
        foreach (var manager in managers) Register(manager);
    }

    /// <exception cref="ProfilesException"><c>a profile manager is already registered for: &lt;key&gt;</c></exception>
    public void Register(IProfileManager manager)
    {
        var key = ProfileName.Qualify(manager.Installer, manager.Name);
        if (!_managers.TryAdd(key, manager))
        {
            throw new ProfilesException($"a profile manager is already registered for: {key}");
        }
    }

    /// <exception cref="ProfilesException"><c>a profile manager family is already registered for: &lt;installer&gt;</c></exception>
    public void RegisterFamily(IProfileManagerFamily family)
    {
        var installer = ProfileName.Clean(family.Installer);
        if (!_families.TryAdd(installer, family))
        {
            throw new ProfilesException($"a profile manager family is already registered for: {installer}");
        }
    }

    /// <summary>The families, sorted by installer.</summary>
    public ImmutableArray<IProfileManagerFamily> Families => [.. _families.Values.OrderBy(f => f.Installer, StringComparer.Ordinal)];

    /// <summary>The qualified names, ordinally sorted.</summary>
    public ImmutableArray<string> Names => [.. _managers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The managers in <see cref="Names"/> order.</summary>
    public ImmutableArray<IProfileManager> Managers => [.. Names.Select(n => _managers[n])];

    /// <summary>The installers with at least one manager or a family here, sorted.</summary>
    public ImmutableArray<string> Installers =>
        [.. _managers.Values.Select(m => ProfileName.Clean(m.Installer)).Concat(_families.Keys).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The manager with exactly this qualified key (a registered one, else a family member), or null.</summary>
    public IProfileManager? Lookup(string qualifiedName)
    {
        if (_managers.TryGetValue(qualifiedName, out var manager)) return manager;
        var (installer, bare) = ProfileName.Split(qualifiedName);
        if (installer.Length == 0 || bare.Length == 0 || !_families.TryGetValue(installer, out var family)) return null;
        lock (_members)
        {
            if (_members.TryGetValue(qualifiedName, out var member)) return member;
            member = family.Create(bare);
            if (member is not null) _members[qualifiedName] = member;
            return member;
        }
    }

    /// <summary>
    /// The manager for a name as a user typed it: a qualified name (<c>i1:eg</c>) is looked up exactly
    /// after cleaning; a bare name (<c>eg</c>) must be offered by exactly one installer.
    /// </summary>
    /// <exception cref="ProfilesException">Ambiguous (the candidates are listed) or unknown
    /// (<see cref="ExitCodes.NotFound"/>, with close names or all of them).</exception>
    public IProfileManager Resolve(string name)
    {
        if (TryResolve(name, out var manager, out var error)) return manager!;
        throw error!;
    }

    public bool TryResolve(string name, out IProfileManager? manager, out ProfilesException? error)
    {
        error = null;
        var trimmed = name.Trim();
        var (installer, bare) = ProfileName.Split(ProfileName.Clean(trimmed));
        if (trimmed.Contains(ProfileName.InstallerSeparator) && installer.Length > 0)
        {
            manager = Lookup(ProfileName.Qualify(installer, bare));
            if (manager is not null) return true;
        }
        else
        {
            bare = ProfileName.Clean(trimmed);
            var candidates = _managers.Values
                .Where(m => string.Equals(m.Name, bare, StringComparison.Ordinal))
                .Select(m => m.QualifiedName)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 1)
            {
                manager = _managers[candidates[0]];
                return true;
            }
            if (candidates.Count > 1)
            {
                manager = null;
                error = new ProfilesException(
                    $"profile name {name} is ambiguous, it could be any of: {string.Join(", ", candidates)}; qualify it with its installer",
                    ExitCodes.Usage);
                return false;
            }
        }
        manager = null;
        error = NotAvailable(name, installer, bare);
        return false;
    }

    private ProfilesException NotAvailable(string name, string installer, string bare)
    {
        // The original's message, then help: names that look like the one typed, else everything.
        var message = $"profile {name} is not available via this installer {GoQuote.Quote(installer)}";
        var close = Names.Where(n => IsClose(bare, ProfileName.Split(n).Name) || IsClose(name, n)).ToList();
        if (close.Count > 0)
        {
            message += $"; did you mean: {string.Join(", ", close)}";
        }
        else if (_managers.Count > 0)
        {
            message += $"; available profiles: {string.Join(", ", Names.Concat(_families.Values.Select(f => f.NamePattern)))}";
        }
        else
        {
            message += "; no profiles are available";
        }
        return new ProfilesException(message, ExitCodes.NotFound);
    }

    // Close: one contains the other, or at most a third of the letters differ.
    private static bool IsClose(string typed, string candidate)
    {
        if (typed.Length == 0) return false;
        if (candidate.Contains(typed, StringComparison.OrdinalIgnoreCase) || typed.Contains(candidate, StringComparison.OrdinalIgnoreCase)) return true;
        return Levenshtein(typed.ToLowerInvariant(), candidate.ToLowerInvariant()) <= Math.Max(1, typed.Length / 3);
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
