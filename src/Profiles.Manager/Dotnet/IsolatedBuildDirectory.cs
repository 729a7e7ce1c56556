namespace Profiles.Manager.Dotnet;

/// <summary>
/// A directory whose projects see none of the MSBuild files above it: the profiles root may sit in a
/// user's repository (<c>.profiles/</c>), whose Directory.Build.props or central package versions
/// must not change how a plugin or probe builds. MSBuild stops at the nearest such file, so empty
/// ones here end the search; a project's own files in its folder still win.
/// </summary>
internal static class IsolatedBuildDirectory
{
    public static async Task WriteAsync(string dir, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(dir, name), "<Project />\n", cancellationToken).ConfigureAwait(false);
        }
    }
}
