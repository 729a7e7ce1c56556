namespace Profiles.Environment;

/// <summary>
/// One environment variable a profile records: a name and its value. Every <c>NAME=value</c> string
/// at a boundary (the database's <c>&lt;var&gt;</c>, <c>--env</c>, the external installer protocol)
/// becomes one through <see cref="Parse"/> and goes back through <see cref="ToString"/>; nothing else
/// splits on <c>=</c> (docs/database.md).
/// </summary>
/// <remarks>
/// A hand-edited database may hold a <c>&lt;var&gt;</c> with no <c>=</c>. The original read it as a name
/// with an empty value and wrote it back as it was; so do we: such a var is "bare", merges as
/// <c>NAME</c> with an empty value, is not found by <see cref="EnvVars.Lookup"/>, and prints without <c>=</c>.
/// </remarks>
public readonly record struct EnvVar
{
    private readonly bool _bare;

    /// <summary>A variable; <paramref name="name"/> cannot hold <c>=</c> (it would not read back as the same variable).</summary>
    /// <exception cref="ArgumentException">The name holds <c>=</c>.</exception>
    public EnvVar(string name, string value)
    {
        if (name.Contains('='))
        {
            throw new ArgumentException($"an environment variable name cannot hold '=': {name}", nameof(name));
        }
        Name = name;
        Value = value;
    }

    private EnvVar(string name, string value, bool bare)
    {
        Name = name;
        Value = value;
        _bare = bare;
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary>False only for a var read without <c>=</c> (see the remarks).</summary>
    public bool HasValue => !_bare;

    /// <summary>Splits <c>NAME=value</c> on the first <c>=</c>; text without one is a bare name.</summary>
    public static EnvVar Parse(string entry)
    {
        var eq = entry.IndexOf('=');
        return eq < 0 ? new EnvVar(entry, "", bare: true) : new EnvVar(entry[..eq], entry[(eq + 1)..], bare: false);
    }

    /// <summary><see cref="Parse"/>: lets tests and literals write <c>["A=B"]</c>.</summary>
    public static implicit operator EnvVar(string entry) => Parse(entry);

    public void Deconstruct(out string name, out string value)
    {
        name = Name;
        value = Value;
    }

    /// <summary><c>NAME=value</c>, exactly the text <see cref="Parse"/> read.</summary>
    public override string ToString() => _bare ? Name : string.Concat(Name, "=", Value);
}
