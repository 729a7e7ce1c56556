namespace Profiles.Manager.Installers;

/// <summary>
/// A profile-specific option, named <c>&lt;profile&gt;.&lt;option&gt;</c> (e.g. <c>nbdkit-sdk.release</c>)
/// so that options of different profiles never collide on one command line. Values arrive as
/// strings in <see cref="InstallContext.Options"/>; the default applies when none was given.
/// </summary>
public sealed record ProfileOption(string Name, string Description, string Default);
