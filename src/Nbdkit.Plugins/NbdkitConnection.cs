using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Nbdkit.Plugins;

/// <summary>
/// One client connection (nbdkit's per-connection handle). <see cref="GetSize"/> and <see cref="Read"/>
/// are required; a connection that overrides <see cref="Write"/> is writable, one that overrides
/// <see cref="Flush"/>, <see cref="Trim"/>, <see cref="Zero"/>, <see cref="Extents"/> or
/// <see cref="Cache"/> says so to the client, unless the matching <c>Can...</c> member says otherwise.
/// Closing the connection calls <see cref="Dispose()"/>.
/// </summary>
/// <remarks>
/// Offsets and lengths are in bytes. nbdkit never asks for a range past <see cref="GetSize"/>. Any
/// exception fails the request with the errno of <see cref="NbdkitException.ErrnoOf"/>; the
/// connection stays open.
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)]
public abstract class NbdkitConnection : IDisposable
{
    private static readonly ConcurrentDictionary<Type, Overrides> OverridesByType = new();

    private Overrides Overridden
    {
        get
        {
            if (!OverridesByType.TryGetValue(GetType(), out var overrides))
            {
                overrides = Overrides.Of(GetType());
                OverridesByType[GetType()] = overrides;
            }
            return overrides;
        }
    }

    /// <summary>The size of the disk in bytes.</summary>
    public abstract long GetSize();

    /// <summary>Fills <paramref name="buffer"/> with the bytes at <paramref name="offset"/>.</summary>
    public abstract void Read(Span<byte> buffer, long offset);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>. Not overridden: the disk is read-only.</summary>
    public virtual void Write(ReadOnlySpan<byte> data, long offset, WriteFlags flags) =>
        throw new NbdkitException(Errno.EROFS, "this disk is read-only");

    /// <summary>Makes earlier writes durable.</summary>
    public virtual void Flush() => throw new NbdkitException(Errno.EOPNOTSUPP, "flush is not supported");

    /// <summary>Discards a range (it may read back as anything afterwards).</summary>
    public virtual void Trim(long length, long offset, TrimFlags flags) => throw new NbdkitException(Errno.EOPNOTSUPP, "trim is not supported");

    /// <summary>Makes a range read back as zeroes. Throw <see cref="Errno.EOPNOTSUPP"/> to let nbdkit write zeroes instead (unless <see cref="ZeroFlags.FastZero"/>).</summary>
    public virtual void Zero(long length, long offset, ZeroFlags flags) => throw new NbdkitException(Errno.EOPNOTSUPP, "zero is not supported");

    /// <summary>Describes which parts of a range are allocated, holes or zeroes.</summary>
    public virtual void Extents(long length, long offset, ExtentsFlags flags, ExtentList extents) =>
        throw new NbdkitException(Errno.EOPNOTSUPP, "extents are not supported");

    /// <summary>Prefetches a range.</summary>
    public virtual void Cache(long length, long offset) => throw new NbdkitException(Errno.EOPNOTSUPP, "cache is not supported");

    /// <summary>A description of the export for the client; null for none.</summary>
    public virtual string? ExportDescription() => null;

    /// <summary>Block size constraints; null (the default) advertises none.</summary>
    public virtual BlockSize? BlockSize() => null;

    /// <summary>Default: <see cref="Write"/> is overridden.</summary>
    public virtual bool CanWrite() => Overridden.Write;

    /// <summary>Default: <see cref="Flush"/> is overridden.</summary>
    public virtual bool CanFlush() => Overridden.Flush;

    /// <summary>Default: false.</summary>
    public virtual bool IsRotational() => false;

    /// <summary>Default: <see cref="Trim"/> is overridden.</summary>
    public virtual bool CanTrim() => Overridden.Trim;

    /// <summary>Default: <see cref="ZeroSupport.Native"/> when <see cref="Zero"/> is overridden, else <see cref="ZeroSupport.Emulate"/>.</summary>
    public virtual ZeroSupport CanZero() => Overridden.Zero ? ZeroSupport.Native : ZeroSupport.Emulate;

    /// <summary>Default: true when zeroing is emulated (a fast zero then fails at once, as nbdkit does), false when <see cref="Zero"/> is overridden.</summary>
    public virtual bool CanFastZero() => !Overridden.Zero;

    /// <summary>Default: <see cref="Extents"/> is overridden.</summary>
    public virtual bool CanExtents() => Overridden.Extents;

    /// <summary>Default: <see cref="FuaSupport.Emulate"/> when the connection can flush, else none.</summary>
    public virtual FuaSupport CanFua() => CanFlush() ? FuaSupport.Emulate : FuaSupport.None;

    /// <summary>Default: false. True when every connection sees every other's writes at once.</summary>
    public virtual bool CanMultiConn() => false;

    /// <summary>Default: <see cref="CacheSupport.Native"/> when <see cref="Cache"/> is overridden, else none.</summary>
    public virtual CacheSupport CanCache() => Overridden.Cache ? CacheSupport.Native : CacheSupport.None;

    /// <summary>Closes the connection (nbdkit's <c>.close</c>).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The client is gone.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Which optional callbacks a connection class implements, found once per class.</summary>
    private sealed record Overrides(bool Write, bool Flush, bool Trim, bool Zero, bool Extents, bool Cache)
    {
        public static Overrides Of([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type type)
        {
            bool Overrides(string name, params Type[] parameters) =>
                type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)?.DeclaringType != typeof(NbdkitConnection);
            return new Overrides(
                Overrides(nameof(NbdkitConnection.Write), typeof(ReadOnlySpan<byte>), typeof(long), typeof(WriteFlags)),
                Overrides(nameof(NbdkitConnection.Flush)),
                Overrides(nameof(NbdkitConnection.Trim), typeof(long), typeof(long), typeof(TrimFlags)),
                Overrides(nameof(NbdkitConnection.Zero), typeof(long), typeof(long), typeof(ZeroFlags)),
                Overrides(nameof(NbdkitConnection.Extents), typeof(long), typeof(long), typeof(ExtentsFlags), typeof(ExtentList)),
                Overrides(nameof(NbdkitConnection.Cache), typeof(long), typeof(long)));
        }
    }
}
