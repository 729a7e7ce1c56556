using System.Collections;
using Microsoft.Build.Framework;
using Profiles.Projects;

namespace Profiles.MSBuild;

/// <summary>A <c>ProfileReference</c> item as a task receives it: the reference and the file that defines it, for error locations.</summary>
internal sealed record ReferenceItem(ProfileReference Reference, string DefiningFile)
{
    public static ReferenceItem From(ITaskItem item)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in item.CloneCustomMetadata())
        {
            metadata.Add(new((string)entry.Key, (string?)entry.Value ?? ""));
        }
        return new ReferenceItem(ProfileReference.FromItem(item.ItemSpec, metadata), item.GetMetadata("DefiningProjectFullPath"));
    }
}
