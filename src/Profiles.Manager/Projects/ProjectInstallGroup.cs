using System.Collections.Immutable;
using Profiles.Manager.Installers;
using Profiles.Names;
using Profiles.Projects;
using Profiles.Targets;

namespace Profiles.Manager.Projects;

/// <summary>
/// Profiles one install run handles together: the same names, with the same options, for several
/// targets (installed side by side, as <c>profile install --target=a,b</c> does).
/// </summary>
/// <param name="Names">As the project wrote them.</param>
/// <param name="Targets">Each with the references' version, if they name one.</param>
/// <param name="Options">Profile options from the references' metadata, by full name (<c>toolchain.compiler</c>).</param>
public sealed record ProjectInstallGroup(ImmutableArray<string> Names, ImmutableArray<Target> Targets, ImmutableDictionary<string, string> Options)
{
    /// <summary>
    /// What installing <paramref name="manifest"/> takes: its references grouped so that each group is
    /// one install run. Every name and every option is checked first, so a typo in the last reference
    /// fails before anything is installed.
    /// </summary>
    /// <exception cref="ProfilesException">A profile no installer offers (3) or metadata that is no option of its profile (2), naming the project.</exception>
    public static ImmutableArray<ProjectInstallGroup> For(ProjectManifest manifest, ManagerRegistry registry, Func<IReadOnlyList<ExternalInstaller>> externals)
    {
        var project = Path.GetFileName(manifest.ProjectPath);
        var byKey = new Dictionary<string, (List<string> Names, List<Target> Targets, ImmutableDictionary<string, string> Options)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in manifest.Targets)
        {
            // One run per version: a reference's version is part of the target it installs for.
            foreach (var byVersion in entry.References.GroupBy(r => r.Version))
            {
                var references = byVersion.ToList();
                var options = OptionsOf(project, references, registry, externals);
                var target = references[0].For(entry.Target);
                var names = references.Select(r => r.Name).ToList();
                var key = string.Join('\n', names) + "\n@" + target.Version + "\n" + string.Join('\n', options.OrderBy(o => o.Key, StringComparer.Ordinal));
                if (!byKey.TryGetValue(key, out var group))
                {
                    group = (names, [], options);
                    byKey[key] = group;
                    order.Add(key);
                }
                group.Targets.Add(target);
            }
        }
        return [.. order.Select(k => new ProjectInstallGroup([.. byKey[k].Names], [.. byKey[k].Targets], byKey[k].Options))];
    }

    /// <summary>
    /// The profile options a project's references give, by full name. For a built-in profile each
    /// metadata name must be one of its options (any case); an external installer's options are not
    /// known here, so its metadata is passed on as <c>&lt;name&gt;.&lt;metadata in lower case&gt;</c>.
    /// </summary>
    public static ImmutableDictionary<string, string> OptionsOf(
        string project, IEnumerable<ProfileReference> references, ManagerRegistry registry, Func<IReadOnlyList<ExternalInstaller>> externals)
    {
        var options = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            NameRoute route;
            try
            {
                route = NameRouter.Route([reference.Name], registry, externals)[0];
            }
            catch (ProfilesException e)
            {
                throw new ProfilesException($"{project}: <ProfileReference Include=\"{reference.Name}\">: {e.Message}", e.ExitCode, e);
            }
            var bare = ProfileName.Split(ProfileName.Clean(reference.Name)).Name;
            foreach (var (metadata, value) in reference.Options)
            {
                string name;
                if (route.Manager is { } manager)
                {
                    var declared = manager.Options.FirstOrDefault(o =>
                        string.Equals(o.Name[(o.Name.LastIndexOf('.') + 1)..], metadata, StringComparison.OrdinalIgnoreCase));
                    if (declared is null)
                    {
                        var known = manager.Options.Count == 0
                            ? $"{manager.QualifiedName} has no options"
                            : $"options of {manager.QualifiedName}: {string.Join(", ", manager.Options.Select(o => o.Name[(o.Name.LastIndexOf('.') + 1)..]))}";
                        throw new ProfilesException(
                            $"{project}: <ProfileReference Include=\"{reference.Name}\">: metadata {metadata} is not an option ({known}; Version and NativeAssets are the reference's own)",
                            ExitCodes.Usage);
                    }
                    name = declared.Name;
                }
                else
                {
                    name = $"{bare}.{metadata.ToLowerInvariant()}";
                }
                if (options.TryGetValue(name, out var other) && other != value)
                {
                    throw new ProfilesException($"{project}: two ProfileReference items give the option {name} different values ({other}, {value})", ExitCodes.Usage);
                }
                options[name] = value;
            }
        }
        return options.ToImmutable();
    }
}
