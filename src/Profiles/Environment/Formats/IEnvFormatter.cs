namespace Profiles.Environment.Formats;

/// <summary>Writes an <see cref="EnvListing"/> in one format.</summary>
public interface IEnvFormatter
{
    EnvFormat Kind { get; }

    /// <summary>
    /// True when <paramref name="name"/> can be written in this format. <see cref="Format"/> rejects
    /// the others; a caller printing the whole inherited environment may filter with this first.
    /// </summary>
    bool AcceptsName(string name);

    /// <summary>The whole output; every line, the last included, ends in a line feed.</summary>
    /// <exception cref="EnvFormatException">A name or value cannot be written exactly in this format.</exception>
    string Format(EnvListing listing, EnvFormatContext context);
}
