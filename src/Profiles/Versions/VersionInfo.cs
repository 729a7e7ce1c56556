using System.Collections.Immutable;
using Profiles.Text;

namespace Profiles.Versions;

/// <summary>
/// The versions a profile supports, each with the data its installer needs, and a default (spec 4).
/// Unlike the original, versions are ordered and compared as versions (<see cref="VersionOrder"/>),
/// so "10" is newer than "9".
/// </summary>
public sealed class VersionInfo
{
    private readonly ImmutableDictionary<string, object?> _data;

    public VersionInfo(string name, IReadOnlyDictionary<string, object?> data, string defaultVersion)
    {
        Name = name;
        _data = data.ToImmutableDictionary(StringComparer.Ordinal);
        Default = defaultVersion;
        Supported = [.. _data.Keys.OrderByDescending(k => k, VersionOrder.Instance)];
    }

    /// <summary>A version info with no per-version data.</summary>
    public VersionInfo(string name, IEnumerable<string> versions, string defaultVersion)
        : this(name, versions.ToDictionary(v => v, v => (object?)null, StringComparer.Ordinal), defaultVersion)
    {
    }

    public string Name { get; }

    /// <summary>The default version. Not checked against the supported ones, as in the original.</summary>
    public string Default { get; }

    /// <summary>The supported versions, newest first.</summary>
    public ImmutableArray<string> Supported { get; }

    /// <summary>An empty request gives the default; otherwise the request must be a supported version.</summary>
    /// <exception cref="ProfilesException"><c>unsupported version: "2" for 6 5 4 3*</c></exception>
    public string Select(string requested)
    {
        if (requested.Length == 0) return Default;
        if (_data.ContainsKey(requested)) return requested;
        throw Unsupported(requested);
    }

    /// <summary>The data stored for a version (empty means the default).</summary>
    public T Lookup<T>(string version)
    {
        if (version.Length == 0) version = Default;
        if (!_data.TryGetValue(version, out var value)) throw Unsupported(version);
        if (value is T typed) return typed;
        if (value is null && default(T) is null) return default!;
        throw new ProfilesException(
            $"mismatched types: {value?.GetType().Name ?? "null"} not assignable to {typeof(T).Name}");
    }

    public bool IsTargetNewerThanDefault(string version) => VersionOrder.Instance.Compare(Default, version) < 0;

    public bool IsTargetOlderThanDefault(string version) => VersionOrder.Instance.Compare(Default, version) > 0;

    /// <summary>The supported versions newest first, the default marked with <c>*</c>: <c>4 3* 2</c>.</summary>
    public override string ToString() =>
        string.Join(' ', Supported.Select(v => v == Default ? v + "*" : v));

    private ProfilesException Unsupported(string requested) =>
        new($"unsupported version: {GoQuote.Quote(requested)} for {this}", ExitCodes.NotFound);
}
