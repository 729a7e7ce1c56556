namespace Nbdkit.Plugins;

/// <summary>
/// How many requests nbdkit sends the plugin at once (nbdkit-plugin(3), "Threads"). The values are
/// nbdkit's <c>NBDKIT_THREAD_MODEL_*</c>.
/// </summary>
public enum ThreadModel
{
    /// <summary>One connection at a time.</summary>
    SerializeConnections = 0,

    /// <summary>Many connections, one request at a time over all of them.</summary>
    SerializeAllRequests = 1,

    /// <summary>Many connections, one request at a time per connection.</summary>
    SerializeRequests = 2,

    /// <summary>Any number of requests at once, on any connection (the default).</summary>
    Parallel = 3,
}

/// <summary>Flags of a write (<c>NBDKIT_FLAG_FUA</c>).</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Force unit access: the data must be on stable storage when the call returns.</summary>
    Fua = 2,
}

/// <summary>Flags of a trim.</summary>
[Flags]
public enum TrimFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Force unit access.</summary>
    Fua = 2,
}

/// <summary>Flags of a zero request (<c>NBDKIT_FLAG_MAY_TRIM</c>, <c>_FUA</c>, <c>_FAST_ZERO</c>).</summary>
[Flags]
public enum ZeroFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>The range may be trimmed (deallocated) instead of written, as long as it reads back as zeroes.</summary>
    MayTrim = 1,

    /// <summary>Force unit access.</summary>
    Fua = 2,

    /// <summary>Fail at once (with <see cref="Errno.EOPNOTSUPP"/>) unless zeroing is faster than writing zeroes.</summary>
    FastZero = 8,
}

/// <summary>Flags of an extents request (<c>NBDKIT_FLAG_REQ_ONE</c>).</summary>
[Flags]
public enum ExtentsFlags
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Only the first extent is needed.</summary>
    RequestOne = 4,
}

/// <summary>What an extent is (<c>NBDKIT_EXTENT_HOLE</c>, <c>_ZERO</c>); both may be set.</summary>
[Flags]
public enum ExtentType
{
    /// <summary>Allocated data.</summary>
    Data = 0,

    /// <summary>Not allocated.</summary>
    Hole = 1,

    /// <summary>Reads as zeroes.</summary>
    Zero = 2,
}

/// <summary>How the plugin supports force unit access (<c>NBDKIT_FUA_*</c>).</summary>
public enum FuaSupport
{
    /// <summary>Not at all.</summary>
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>nbdkit emulates it with a flush after the request.</summary>
    Emulate = 1,

    /// <summary>The plugin honours <see cref="WriteFlags.Fua"/> itself.</summary>
    Native = 2,
}

/// <summary>How the plugin supports zero requests (<c>NBDKIT_ZERO_*</c>).</summary>
public enum ZeroSupport
{
    /// <summary>Not at all.</summary>
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>nbdkit writes zeroes with <see cref="NbdkitConnection.Write"/> instead.</summary>
    Emulate = 1,

    /// <summary>The plugin's <see cref="NbdkitConnection.Zero"/> does it.</summary>
    Native = 2,
}

/// <summary>How the plugin supports cache requests (<c>NBDKIT_CACHE_*</c>).</summary>
public enum CacheSupport
{
    /// <summary>Not at all.</summary>
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>nbdkit reads the range and discards it.</summary>
    Emulate = 1,

    /// <summary>The plugin's <see cref="NbdkitConnection.Cache"/> does it.</summary>
    Native = 2,
}
