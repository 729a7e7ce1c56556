using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Nbdkit.Plugins.Native;

/// <summary>
/// The functions the C front (build/nbdkit-front.c) calls: every nbdkit callback that runs managed
/// code. They are compiled into the plugin's shared library but not exported from it
/// (<c>UnmanagedEntryPointsAssembly ...,HIDDEN</c> in build/Nbdkit.Plugins.targets); only the front's
/// <c>plugin_init</c> is. Each catches every exception: one escaping into nbdkit would end the process.
/// </summary>
internal static unsafe class Exports
{
    private const int Failed = -1;

    /// <summary>In the front's short-lived child at <c>.config_complete</c>: the parameters, checked; the thread model out.</summary>
    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_check")]
    public static int Check(int count, byte** keys, byte** values, int* threadModel)
    {
        try
        {
            var plugin = Configure(count, keys, values);
            *threadModel = (int)plugin.ThreadModel;
            return 0;
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
            return Failed;
        }
    }

    /// <summary>In the serving process at <c>.after_fork</c>, in nbdkit's start directory: configure and get ready.</summary>
    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_start")]
    public static int Start(int count, byte** keys, byte** values)
    {
        try
        {
            var plugin = Configure(count, keys, values);
            plugin.GetReady();
            PluginHost.SetServing(plugin);
            return 0;
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
            return Failed;
        }
    }

    private static NbdkitPlugin Configure(int count, byte** keys, byte** values)
    {
        var plugin = PluginHost.Create();
        for (var i = 0; i < count; i++)
        {
            plugin.Config(Utf8String.Read(keys[i])!, Utf8String.Read(values[i])!);
        }
        plugin.ConfigComplete();
        return plugin;
    }

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_after_fork")]
    public static int AfterFork() => Run(static () => PluginHost.Serving.AfterFork());

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_cleanup")]
    public static void Cleanup() => Run(static () => PluginHost.Plugin?.Cleanup());

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_unload")]
    public static void Unload() => Run(static () => PluginHost.Plugin?.Unload());

    /// <summary>The extra <c>--dump-plugin</c> lines, as text from malloc (the front prints and frees it); null on error.</summary>
    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_dump_plugin")]
    public static byte* DumpPlugin()
    {
        try
        {
            var text = new StringBuilder();
            text.Append("dotnet_runtime=").Append(Environment.Version).Append('\n');
            foreach (var (key, value) in PluginHost.Create().DumpPlugin())
            {
                text.Append(key).Append('=').Append(value.ReplaceLineEndings(" ")).Append('\n');
            }
            return Utf8String.Malloc(text.ToString());
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_preconnect")]
    public static int Preconnect(int readOnly) => Guard(readOnly != 0, static r =>
    {
        PluginHost.Serving.Preconnect(r);
        return 0;
    }, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_list_exports")]
    public static int ListExports(int readOnly, int isTls, void* exports)
    {
        try
        {
            var listed = PluginHost.Serving.ListExports(readOnly != 0, isTls != 0);
            if (listed is null)
            {
                return ((delegate* unmanaged<void*, int>)NbdkitApi.Get(NbdkitFunction.UseDefaultExport))(exports);
            }
            var add = (delegate* unmanaged<void*, byte*, byte*, int>)NbdkitApi.Get(NbdkitFunction.AddExport);
            foreach (var export in listed)
            {
                using var name = new Utf8String(export.Name);
                using var description = new Utf8String(export.Description ?? "");
                if (add(exports, name.Pointer, export.Description is null ? null : description.Pointer) == -1)
                {
                    return Failed;
                }
            }
            return 0;
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
            return Failed;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_default_export")]
    public static byte* DefaultExport(int readOnly, int isTls) =>
        (byte*)Guard((ReadOnly: readOnly != 0, IsTls: isTls != 0), static a => (nint)Intern(PluginHost.Serving.DefaultExport(a.ReadOnly, a.IsTls)), 0);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_open")]
    public static void* Open(int readOnly) => (void*)Guard(readOnly != 0, static r =>
    {
        var connection = PluginHost.Serving.Open(r) ?? throw new NbdkitException(Errno.EIO, "Open returned no connection");
        return GCHandle.ToIntPtr(GCHandle.Alloc(connection));
    }, 0);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_close")]
    public static void Close(void* handle)
    {
        var gc = GCHandle.FromIntPtr((nint)handle);
        try
        {
            ((NbdkitConnection)gc.Target!).Dispose();
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
        }
        finally
        {
            gc.Free();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NbdkitConnection Connection(void* handle) => (NbdkitConnection)GCHandle.FromIntPtr((nint)handle).Target!;

    // The per-connection callbacks, each one line through Ask or Request: the arguments travel as a
    // value tuple to a static lambda (pointers as nint: a pointer cannot be a type argument), so a
    // request allocates nothing; docs/nbdkit-csharp.md, "Speed".

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_get_size")]
    public static long GetSize(void* handle) => Ask(handle, static c => c.GetSize(), Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_export_description")]
    public static byte* ExportDescription(void* handle) =>
        (byte*)Ask(handle, static c => c.ExportDescription() is { } description ? (nint)Intern(description) : 0, 0);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_block_size")]
    public static int BlockSize(void* handle, uint* minimum, uint* preferred, uint* maximum) =>
        Request(handle, (Minimum: (nint)minimum, Preferred: (nint)preferred, Maximum: (nint)maximum), static (c, to) =>
        {
            var size = c.BlockSize() ?? default;
            (*(uint*)to.Minimum, *(uint*)to.Preferred, *(uint*)to.Maximum) = (size.Minimum, size.Preferred, size.Maximum);
        });

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_write")]
    public static int CanWrite(void* handle) => Ask(handle, static c => c.CanWrite() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_flush")]
    public static int CanFlush(void* handle) => Ask(handle, static c => c.CanFlush() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_is_rotational")]
    public static int IsRotational(void* handle) => Ask(handle, static c => c.IsRotational() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_trim")]
    public static int CanTrim(void* handle) => Ask(handle, static c => c.CanTrim() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_zero")]
    public static int CanZero(void* handle) => Ask(handle, static c => (int)c.CanZero(), Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_fast_zero")]
    public static int CanFastZero(void* handle) => Ask(handle, static c => c.CanFastZero() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_extents")]
    public static int CanExtents(void* handle) => Ask(handle, static c => c.CanExtents() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_fua")]
    public static int CanFua(void* handle) => Ask(handle, static c => (int)c.CanFua(), Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_multi_conn")]
    public static int CanMultiConn(void* handle) => Ask(handle, static c => c.CanMultiConn() ? 1 : 0, Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_can_cache")]
    public static int CanCache(void* handle) => Ask(handle, static c => (int)c.CanCache(), Failed);

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_pread")]
    public static int Pread(void* handle, byte* buffer, uint count, ulong offset, uint flags) =>
        Request(handle, (Buffer: (nint)buffer, Count: (int)count, Offset: (long)offset),
            static (c, r) => c.Read(new Span<byte>((void*)r.Buffer, r.Count), r.Offset));

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_pwrite")]
    public static int Pwrite(void* handle, byte* buffer, uint count, ulong offset, uint flags) =>
        Request(handle, (Buffer: (nint)buffer, Count: (int)count, Offset: (long)offset, Flags: (WriteFlags)flags),
            static (c, r) => c.Write(new ReadOnlySpan<byte>((void*)r.Buffer, r.Count), r.Offset, r.Flags));

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_flush")]
    public static int Flush(void* handle, uint flags) => Request(handle, 0, static (c, _) => c.Flush());

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_trim")]
    public static int Trim(void* handle, uint count, ulong offset, uint flags) =>
        Request(handle, (Length: (long)count, Offset: (long)offset, Flags: (TrimFlags)flags), static (c, r) => c.Trim(r.Length, r.Offset, r.Flags));

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_zero")]
    public static int Zero(void* handle, uint count, ulong offset, uint flags) =>
        Request(handle, (Length: (long)count, Offset: (long)offset, Flags: (ZeroFlags)flags), static (c, r) => c.Zero(r.Length, r.Offset, r.Flags));

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_extents")]
    public static int Extents(void* handle, uint count, ulong offset, uint flags, void* extents) =>
        Request(handle, (Length: (long)count, Offset: (long)offset, Flags: (ExtentsFlags)flags, List: (nint)extents),
            static (c, r) => c.Extents(r.Length, r.Offset, r.Flags, new ExtentList((void*)r.List)));

    [UnmanagedCallersOnly(EntryPoint = "nbdkit_cs_cache")]
    public static int Cache(void* handle, uint count, ulong offset, uint flags) =>
        Request(handle, (Length: (long)count, Offset: (long)offset), static (c, r) => c.Cache(r.Length, r.Offset));

    /// <summary>
    /// The one place a callback's exception becomes nbdkit's error: reported, and
    /// <paramref name="failed"/> returned to nbdkit (an exception escaping into nbdkit would end the process).
    /// </summary>
    private static TResult Guard<TState, TResult>(TState state, Func<TState, TResult> callback, TResult failed)
    {
        try
        {
            return callback(state);
        }
        catch (Exception e)
        {
            PluginHost.Report(e);
            return failed;
        }
    }

    private static int Run(Action action) => Guard(action, static a =>
    {
        a();
        return 0;
    }, Failed);

    private static TResult Ask<TResult>(void* handle, Func<NbdkitConnection, TResult> question, TResult failed) =>
        Guard((Handle: (nint)handle, Question: question), static q => q.Question(Connection((void*)q.Handle)), failed);

    /// <summary>A request on a connection: 0 when it returns, -1 with the error reported when it throws.</summary>
    private static int Request<TArgs>(void* handle, TArgs args, Action<NbdkitConnection, TArgs> request) =>
        Guard((Handle: (nint)handle, Args: args, Request: request), static r =>
        {
            r.Request(Connection((void*)r.Handle), r.Args);
            return 0;
        }, Failed);

    /// <summary>A string nbdkit keeps for the rest of the connection (<c>nbdkit_strdup_intern</c>); "" needs no copy.</summary>
    private static byte* Intern(string text)
    {
        if (text.Length == 0)
        {
            fixed (byte* empty = "\0"u8)
            {
                // A u8 literal is static data: the pointer stays valid after the fixed block.
                return empty;
            }
        }
        var strdup = (delegate* unmanaged<byte*, byte*>)NbdkitApi.Get(NbdkitFunction.StrdupIntern);
        using var utf8 = new Utf8String(text);
        return strdup(utf8.Pointer);
    }
}
