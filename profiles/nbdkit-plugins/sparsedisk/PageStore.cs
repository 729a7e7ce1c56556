using Nbdkit.Plugins;

namespace SparseDisk;

/// <summary>
/// The disk's bytes in 64 KiB pages allocated on first write; a missing page reads as zeroes. Pages
/// are found through a two-level table (1024 pages, 64 MiB, per chunk), so a 1 TiB disk costs
/// 128 KiB of table until it is written. Safe for parallel requests: a page is published with an
/// atomic exchange; overlapping writes race as they would on a real disk. Pages live long and are
/// many, so they are allocated on the pinned object heap, where the GC never copies them
/// (docs/nbdkit-csharp.md, "Speed").
/// </summary>
internal sealed class PageStore(long size)
{
    public const int PageSize = 64 * 1024;
    private const int PagesPerChunk = 1024;

    private readonly byte[]?[]?[] chunks = new byte[]?[(int)((size + (long)PageSize * PagesPerChunk - 1) / ((long)PageSize * PagesPerChunk))][];

    public long Size { get; } = size;

    public void Read(Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var (page, start, length) = Slice(offset, buffer.Length);
            var bytes = Volatile.Read(ref Slot(page));
            if (bytes is null)
            {
                buffer[..length].Clear();
            }
            else
            {
                bytes.AsSpan(start, length).CopyTo(buffer);
            }
            buffer = buffer[length..];
            offset += length;
        }
    }

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        while (!data.IsEmpty)
        {
            var (page, start, length) = Slice(offset, data.Length);
            data[..length].CopyTo(Allocate(page).AsSpan(start, length));
            data = data[length..];
            offset += length;
        }
    }

    /// <summary>Whole pages are freed; the rest of a partly covered page is cleared.</summary>
    public void Zero(long offset, long length)
    {
        while (length > 0)
        {
            var (page, start, count) = Slice(offset, (int)Math.Min(length, int.MaxValue));
            if (count == PageSize)
            {
                Volatile.Write(ref Slot(page), null);
            }
            else if (Volatile.Read(ref Slot(page)) is { } bytes)
            {
                bytes.AsSpan(start, count).Clear();
            }
            length -= count;
            offset += count;
        }
    }

    /// <summary>Runs of written pages are data, runs of missing pages are holes that read as zeroes.</summary>
    public void Extents(long offset, long length, bool firstOnly, ExtentList extents)
    {
        var end = Math.Min(offset + length, Size);
        while (offset < end)
        {
            var allocated = Volatile.Read(ref Slot(offset / PageSize)) is not null;
            var runEnd = offset;
            while (runEnd < end && (Volatile.Read(ref Slot(runEnd / PageSize)) is not null) == allocated)
            {
                runEnd = (runEnd / PageSize + 1) * PageSize;
            }
            runEnd = Math.Min(runEnd, end);
            extents.Add(offset, runEnd - offset, allocated ? ExtentType.Data : ExtentType.Hole | ExtentType.Zero);
            if (firstOnly)
            {
                return;
            }
            offset = runEnd;
        }
    }

    private static (long Page, int Start, int Length) Slice(long offset, int wanted)
    {
        var start = (int)(offset % PageSize);
        return (offset / PageSize, start, Math.Min(wanted, PageSize - start));
    }

    private ref byte[]? Slot(long page)
    {
        ref var chunk = ref chunks[page / PagesPerChunk];
        if (Volatile.Read(ref chunk) is null)
        {
            Interlocked.CompareExchange(ref chunk, new byte[]?[PagesPerChunk], null);
        }
        return ref chunk![page % PagesPerChunk];
    }

    private byte[] Allocate(long page)
    {
        ref var slot = ref Slot(page);
        if (Volatile.Read(ref slot) is { } existing)
        {
            return existing;
        }
        var fresh = GC.AllocateArray<byte>(PageSize, pinned: true);
        return Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
    }
}
