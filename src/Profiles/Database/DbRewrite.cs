using System.Collections.Immutable;

namespace Profiles.Database;

/// <summary>What <see cref="DbStore.RewriteAsync"/> did: the files written, and the files of no installer left as they were.</summary>
public sealed record DbRewrite(ImmutableArray<string> Written, ImmutableArray<string> LeftAlone);
