using Nbdkit.Plugins;

namespace SparseDisk;

/// <summary>
/// <c>nbdkit sparsedisk size=1G</c>: a disk that starts as zeroes and keeps what is written to it
/// until nbdkit exits. Every connection sees the same disk at once, so clients may use several
/// connections (multi-conn), which run in parallel; within a connection, requests run one after another.
/// </summary>
public sealed class SparseDiskPlugin : NbdkitPlugin
{
    private long size = -1;
    private PageStore? store;

    public override void Config(string key, string value)
    {
        if (key != "size")
        {
            throw new NbdkitException(Errno.EINVAL, $"unknown parameter '{key}'; sparsedisk takes size=<SIZE>");
        }
        size = NbdkitServer.ParseSize(value);
    }

    public override void ConfigComplete()
    {
        if (size < 0)
        {
            throw new NbdkitException(Errno.EINVAL, "size=<SIZE> is required, e.g. size=1G");
        }
    }

    // A request is a memory copy that never waits: nbdkit's pool of worker threads per connection
    // (Parallel) would only add thread hand-offs; clients get parallelism from several connections
    // (docs/nbdkit-csharp.md, "Speed").
    public override ThreadModel ThreadModel => ThreadModel.SerializeRequests;

    public override void GetReady() => store = new PageStore(size);

    public override IEnumerable<KeyValuePair<string, string>> DumpPlugin() =>
        [new("sparsedisk_page_size", PageStore.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public override NbdkitConnection Open(bool readOnly) => new Connection(store!);

    private sealed class Connection(PageStore store) : NbdkitConnection
    {
        public override long GetSize() => store.Size;

        public override void Read(Span<byte> buffer, long offset) => store.Read(buffer, offset);

        public override void Write(ReadOnlySpan<byte> data, long offset, WriteFlags flags) => store.Write(data, offset);

        // Memory is as durable as it gets here: a flush and FUA have nothing to wait for.
        public override void Flush()
        {
        }

        public override FuaSupport CanFua() => FuaSupport.Native;

        public override void Zero(long length, long offset, ZeroFlags flags) => store.Zero(offset, length);

        public override bool CanFastZero() => true;

        public override void Trim(long length, long offset, TrimFlags flags) => store.Zero(offset, length);

        public override void Extents(long length, long offset, ExtentsFlags flags, ExtentList extents) =>
            store.Extents(offset, length, (flags & ExtentsFlags.RequestOne) != 0, extents);

        public override bool CanMultiConn() => true;
    }
}
