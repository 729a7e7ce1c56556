using Nbdkit.Plugins.Native;

namespace Nbdkit.Plugins;

/// <summary>
/// Where <see cref="NbdkitConnection.Extents"/> adds what it knows: consecutive ranges in ascending
/// order from the requested offset (<c>nbdkit_add_extent</c>). Valid only during that call.
/// </summary>
public sealed unsafe class ExtentList
{
    private readonly void* extents;

    internal ExtentList(void* extents) => this.extents = extents;

    /// <summary>Adds the range [<paramref name="offset"/>, +<paramref name="length"/>) of type <paramref name="type"/>.</summary>
    public void Add(long offset, long length, ExtentType type)
    {
        var fn = (delegate* unmanaged<void*, ulong, ulong, uint, int>)NbdkitApi.Get(NbdkitFunction.AddExtent);
        if (fn(extents, (ulong)offset, (ulong)length, (uint)type) == -1)
        {
            throw new NbdkitException(Errno.EINVAL, $"nbdkit refused the extent at {offset}, length {length}") { ReportedByNbdkit = true };
        }
    }
}
