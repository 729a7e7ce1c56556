namespace Profiles.Manager.Toolchains;

/// <summary>One .deb of a resolved closure, as apt reported it: identity, where to get it, and its sha256.</summary>
public sealed record DebianPackage(string Name, string Version, string Architecture, Uri Uri, long Size, string Sha256)
{
    public override string ToString() => $"{Name}:{Architecture}={Version}";
}
