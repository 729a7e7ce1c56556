using System.Collections.Immutable;
using Profiles.Environment;
using Profiles.Names;
using Profiles.Targets;

namespace Profiles.Database;

/// <summary>
/// The profiles database in memory (spec 3.3): installed profiles keyed by qualified name. Reading
/// and writing files is <see cref="DbReader"/>'s and <see cref="DbWriter"/>'s job; locking and atomic
/// replacement are <see cref="DbStore"/>'s. Safe to share between threads of one process.
/// </summary>
public sealed class ProfilesDb
{
    public const int CurrentSchemaVersion = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Profile> _profiles = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public ProfilesDb(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The schema version of the last file read; 5 for a new database. 64-bit, as Go's <c>int</c> read it.</summary>
    public long SchemaVersion { get; internal set; } = CurrentSchemaVersion;

    /// <summary>The path last read, file or directory.</summary>
    public string Path { get; internal set; } = "";

    /// <summary>The files the last read read, in the order read: what a write must not lose (<see cref="DbWriteGuard"/>).</summary>
    internal ImmutableArray<DbFileRecord> FilesRead { get; set; } = [];

    /// <summary>Profile elements the last read dropped because a later one had the same qualified name.</summary>
    internal ImmutableArray<ShadowedProfile> Shadowed { get; set; } = [];

    /// <summary>Records <paramref name="name"/> as installed; an existing profile is left unchanged, root included.</summary>
    public Profile InstallProfile(string installer, string name, string root)
    {
        var key = ProfileName.Qualify(installer, name);
        lock (_lock)
        {
            if (_profiles.TryGetValue(key, out var existing)) return existing;
            var (inst, bare) = SplitKey(key);
            // The profile's qualified name must be its key (spec 3.3). Splitting does not round-trip
            // for names with more colons ("a:b:c" would become "a:c"); keep those whole, with no
            // installer, as the original stored every profile.
            var profile = ProfileName.Qualify(inst, bare) == key
                ? new Profile(inst, bare, root, [])
                : new Profile("", key, root, []);
            _profiles[key] = profile;
            return profile;
        }
    }

    /// <summary>Adds a target; it must not match any target already there (an empty version matches all).</summary>
    /// <returns>The target as stored, with its update time set to now.</returns>
    public Target AddProfileTarget(string installer, string name, Target target)
    {
        var key = ProfileName.Qualify(installer, name);
        target = target with { UpdateTime = _clock.GetUtcNow(), IsSet = true };
        lock (_lock)
        {
            var profile = Get(key);
            if (profile.Targets.Any(target.Matches))
            {
                throw new ProfilesException(
                    $"{target} is already used by profile {key} [{string.Join(' ', profile.Targets)}]");
            }
            _profiles[key] = profile with { Targets = TargetList.Insert(profile.Targets, target) };
            return target;
        }
    }

    /// <summary>Replaces the first target that <paramref name="target"/> matches.</summary>
    public Target UpdateProfileTarget(string installer, string name, Target target)
    {
        var key = ProfileName.Qualify(installer, name);
        target = target with { UpdateTime = _clock.GetUtcNow(), IsSet = true };
        lock (_lock)
        {
            var profile = Get(key);
            var index = TargetList.IndexOf(profile.Targets, target);
            if (index < 0)
            {
                throw new ProfilesException($"profile {key} does not have target: {target}", ExitCodes.NotFound);
            }
            _profiles[key] = profile with { Targets = profile.Targets.SetItem(index, target) };
            return target;
        }
    }

    /// <summary>Removes the first matching target; true when the profile is gone (or was never there).</summary>
    public bool RemoveProfileTarget(string installer, string name, Target target)
    {
        var key = ProfileName.Qualify(installer, name);
        lock (_lock)
        {
            if (!_profiles.TryGetValue(key, out var profile)) return true;
            var targets = TargetList.Remove(profile.Targets, target);
            if (targets.IsEmpty)
            {
                _profiles.Remove(key);
                return true;
            }
            _profiles[key] = profile with { Targets = targets };
            return false;
        }
    }

    /// <summary>Removes a profile and all its targets; true if it was there.</summary>
    public bool RemoveProfile(string installer, string name)
    {
        lock (_lock)
        {
            return _profiles.Remove(ProfileName.Qualify(installer, name));
        }
    }

    public Profile? LookupProfile(string installer, string name)
    {
        lock (_lock)
        {
            return _profiles.GetValueOrDefault(ProfileName.Qualify(installer, name));
        }
    }

    /// <summary>Looks up a qualified name as a user typed it (<c>test::go</c> finds <c>test:go</c>).</summary>
    public Profile? LookupProfile(string qualifiedName)
    {
        var (installer, name) = ProfileName.Split(qualifiedName);
        return LookupProfile(installer, name);
    }

    /// <summary>The first target of the profile that <paramref name="target"/> matches, or null.</summary>
    public Target? LookupProfileTarget(string installer, string name, Target target) =>
        LookupProfile(installer, name) is { } p ? TargetList.Find(p.Targets, target) : null;

    public Target? LookupProfileTarget(string qualifiedName, Target target)
    {
        var (installer, name) = ProfileName.Split(qualifiedName);
        return LookupProfileTarget(installer, name, target);
    }

    /// <summary>
    /// The name to look up for a name as typed: a bare name that no top-level profile has but exactly
    /// one installer's profile does (<c>toolchain</c> for <c>cross:toolchain</c>) becomes that
    /// qualified name, as the registry resolves it for install; anything else is returned unchanged.
    /// </summary>
    public string QualifyUniqueBareName(string name)
    {
        if (name.Contains(ProfileName.InstallerSeparator) || LookupProfile("", name) is not null) return name;
        var matches = Profiles().Where(p => p.Name == name).ToList();
        return matches.Count == 1 ? matches[0].QualifiedName : name;
    }

    /// <summary>The environment the matching target recorded, or null.</summary>
    public EnvVars? EnvFromProfile(string installer, string name, Target target) =>
        LookupProfileTarget(installer, name, target)?.Env;

    /// <summary>The qualified names, sorted by their UTF-8 bytes as the original's <c>sort.Strings</c> sorted them.</summary>
    public ImmutableArray<string> Names()
    {
        lock (_lock)
        {
            return [.. _profiles.Keys.Order(Text.Utf8Order.Comparer)];
        }
    }

    /// <summary>The profiles, ordered by qualified name (UTF-8 byte order, like <see cref="Names"/>).</summary>
    public ImmutableArray<Profile> Profiles()
    {
        lock (_lock)
        {
            return [.. _profiles.OrderBy(p => p.Key, Text.Utf8Order.Comparer).Select(p => p.Value)];
        }
    }

    /// <summary>
    /// The installers that have profiles here, sorted ("" for the top level): each profile's
    /// <see cref="InstallerOf"/>, the installer whose file the writer puts it in.
    /// </summary>
    public ImmutableArray<string> Installers()
    {
        lock (_lock)
        {
            return [.. _profiles.Keys.Select(InstallerOf).Distinct().Order(Text.Utf8Order.Comparer)];
        }
    }

    /// <summary>
    /// The installer a qualified name belongs to: the part before its first <c>:</c>, which decides the
    /// file the writer puts it in (spec 1.5) and what <c>--info=Profile.Installer</c> prints (spec 7.2).
    /// For a name from an old single file, <c>x:eg</c>, that is <c>x</c>, though the file had no installer.
    /// </summary>
    public static string InstallerOf(string qualifiedName) => ProfileName.Split(qualifiedName).Installer;

    /// <summary>Puts a profile as read from a file; a later one with the same name replaces an earlier one.</summary>
    /// <summary>
    /// Makes this database hold the profiles <paramref name="other"/> holds, as one change readers on
    /// other threads see whole: how a run's view of the database follows each of its commits (each
    /// commit reads the database afresh under the lock, so the view also gets what other processes
    /// recorded). What was read from which file stays this database's own.
    /// </summary>
    public void ReplaceWith(ProfilesDb other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this)) return;
        var profiles = other.Profiles();
        lock (_lock)
        {
            _profiles.Clear();
            foreach (var profile in profiles) _profiles[profile.QualifiedName] = profile;
        }
    }

    internal void Put(Profile profile)
    {
        lock (_lock)
        {
            _profiles[profile.QualifiedName] = profile;
        }
    }

    internal void Clear()
    {
        lock (_lock)
        {
            _profiles.Clear();
        }
    }

    private Profile Get(string key) =>
        _profiles.TryGetValue(key, out var profile)
            ? profile
            : throw new ProfilesException($"profile {key} is not installed", ExitCodes.NotFound);

    private static (string Installer, string Name) SplitKey(string key)
    {
        // A qualified key has its installer before the first ':'; a bare key has none.
        var index = key.IndexOf(ProfileName.InstallerSeparator);
        return index < 0 ? ("", key) : (key[..index], key[(index + 1)..]);
    }
}
