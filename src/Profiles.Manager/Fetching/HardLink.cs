using System.Runtime.InteropServices;

namespace Profiles.Manager.Fetching;

/// <summary>
/// link(2): a second name for an existing file, sharing its inode (.NET has no public API for it;
/// <c>File.Replace</c> uses one internally). The caller decides what a refusal means; for trees
/// from the cache it means "copy instead" (<see cref="CachedTreeCopy"/>).
/// </summary>
internal static partial class HardLink
{
    /// <summary>errno for "not the same file system": every later link between the same two trees fails too.</summary>
    public const int CrossDevice = 18;

    /// <summary>errno for "the new name exists".</summary>
    public const int Exists = 17;

    /// <summary>Makes <paramref name="newPath"/> (which must not exist) a hard link to <paramref name="existingFile"/>; on failure returns false with errno.</summary>
    public static bool TryCreate(string existingFile, string newPath, out int errno)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Only Linux is built and tested here; elsewhere the caller copies.
            errno = 0;
            return false;
        }
        if (Link(existingFile, newPath) == 0)
        {
            errno = 0;
            return true;
        }
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingFile, string newPath);
}
