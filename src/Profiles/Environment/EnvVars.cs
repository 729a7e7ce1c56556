using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Profiles.Environment;

/// <summary>
/// The environment a target records (<c>Target.Env</c>) or was given (<c>Target.CommandLineEnv</c>):
/// variables in the order they were added, a name possibly more than once (a later one wins a
/// <see cref="Lookup"/>; the merge policies decide in <c>profile env</c>, spec 6.2). Immutable; equal
/// when the same variables are in the same order.
/// </summary>
[CollectionBuilder(typeof(EnvVars), nameof(Create))]
public sealed class EnvVars : IReadOnlyList<EnvVar>, IEquatable<EnvVars>
{
    private readonly ImmutableArray<EnvVar> _vars;

    private EnvVars(ImmutableArray<EnvVar> vars) => _vars = vars;

    public static EnvVars Empty { get; } = new([]);

    public static EnvVars Create(ReadOnlySpan<EnvVar> vars) => vars.IsEmpty ? Empty : new([.. vars]);

    public static EnvVars Create(IEnumerable<EnvVar> vars) => From(vars.ToImmutableArray());

    /// <summary>From <c>NAME=value</c> strings, in order (<see cref="EnvVar.Parse"/>).</summary>
    public static EnvVars Parse(IEnumerable<string> entries)
    {
        var builder = ImmutableArray.CreateBuilder<EnvVar>();
        foreach (var entry in entries)
        {
            builder.Add(EnvVar.Parse(entry));
        }
        return From(builder.ToImmutable());
    }

    private static EnvVars From(ImmutableArray<EnvVar> vars) => vars.IsEmpty ? Empty : new(vars);

    public int Count => _vars.Length;

    public bool IsEmpty => _vars.IsEmpty;

    public EnvVar this[int index] => _vars[index];

    /// <summary>The value of the last <paramref name="name"/> that has one, or null.</summary>
    public string? Lookup(string name)
    {
        for (var i = _vars.Length - 1; i >= 0; i--)
        {
            if (_vars[i].HasValue && string.Equals(_vars[i].Name, name, StringComparison.Ordinal))
            {
                return _vars[i].Value;
            }
        }
        return null;
    }

    /// <summary>These variables, then <paramref name="more"/>.</summary>
    public EnvVars Add(params IEnumerable<EnvVar> more) => From([.. _vars, .. more]);

    public EnvVars Add(string name, string value) => Add([new EnvVar(name, value)]);

    /// <summary>Each variable as <c>NAME=value</c>, in order: the form of every boundary.</summary>
    public ImmutableArray<string> ToEntries()
    {
        var builder = ImmutableArray.CreateBuilder<string>(_vars.Length);
        foreach (var v in _vars)
        {
            builder.Add(v.ToString());
        }
        return builder.MoveToImmutable();
    }

    /// <summary>
    /// Sorted by the UTF-8 bytes of their <c>NAME=value</c> text, the order the database stores (spec
    /// 1.5): <c>A0=</c> sorts before <c>A=</c>, and <c>X\uE000</c> before <c>X😀</c>, as the original's byte sort had it.
    /// </summary>
    public EnvVars Sorted() =>
        From([.. _vars.OrderBy(v => v.ToString(), Text.Utf8Order.Comparer)]);

    /// <summary>The original's list form: <c>[A=B C=D]</c>, <c>[]</c> when empty.</summary>
    public string ToGoList() => "[" + string.Join(' ', _vars) + "]";

    public ImmutableArray<EnvVar>.Enumerator GetEnumerator() => _vars.GetEnumerator();

    IEnumerator<EnvVar> IEnumerable<EnvVar>.GetEnumerator() => ((IEnumerable<EnvVar>)_vars).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_vars).GetEnumerator();

    public bool Equals(EnvVars? other) => other is not null && _vars.AsSpan().SequenceEqual(other._vars.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as EnvVars);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _vars)
        {
            hash.Add(v);
        }
        return hash.ToHashCode();
    }

    /// <summary>Entries separated by a space; see <see cref="ToGoList"/> for the bracketed form.</summary>
    public override string ToString() => string.Join(' ', _vars);
}
