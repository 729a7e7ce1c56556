using System.Runtime.InteropServices;

namespace Nbdkit.Plugins.Native;

/// <summary>
/// The nbdkit functions, looked up once in the running nbdkit (the main program, which exports its
/// <c>nbdkit_*</c> functions to plugins) and never linked: a function this nbdkit lacks is a null
/// entry, and calling it throws <see cref="NbdkitNotSupportedException"/> instead of the plugin
/// failing to load.
/// </summary>
internal static unsafe class NbdkitApi
{
    private static readonly nint[] Functions = Resolve();

    private static nint[] Resolve()
    {
        var table = new nint[Enum.GetValues<NbdkitFunction>().Length];
        var main = NativeLibrary.GetMainProgramHandle();
        foreach (var function in NbdkitFunctions.All)
        {
            table[(int)function] = NativeLibrary.TryGetExport(main, NbdkitFunctions.SymbolOf(function), out var address) ? address : 0;
        }
        return table;
    }

    public static bool Has(NbdkitFunction function) => Functions[(int)function] != 0;

    /// <summary>The function's address, or the not-supported exception naming it and this nbdkit.</summary>
    public static nint Get(NbdkitFunction function)
    {
        var address = Functions[(int)function];
        return address != 0 ? address : throw new NbdkitNotSupportedException(function, RunningNbdkit.Version);
    }

    /// <summary>The newest function this nbdkit has: its release is the oldest this nbdkit can be.</summary>
    public static string? NewestPresentRelease()
    {
        string? newest = null;
        foreach (var function in NbdkitFunctions.All)
        {
            if (Has(function))
            {
                newest = NbdkitFunctions.IntroducedIn(function);
            }
        }
        return newest;
    }

    /// <summary>The oldest function this nbdkit lacks: this nbdkit is older than its release.</summary>
    public static string? OldestMissingRelease()
    {
        foreach (var function in NbdkitFunctions.All)
        {
            if (!Has(function))
            {
                return NbdkitFunctions.IntroducedIn(function);
            }
        }
        return null;
    }

    // Variadic functions get the fixed format "%s" and the text as its argument: user text is never a format.
    private static ReadOnlySpan<byte> PercentS => "%s\0"u8;

    public static void Error(string message) => CallWithText(NbdkitFunction.Error, message);

    public static void Debug(string message) => CallWithText(NbdkitFunction.Debug, message);

    private static void CallWithText(NbdkitFunction function, string text)
    {
        var fn = (delegate* unmanaged<byte*, byte*, void>)Get(function);
        using var utf8 = new Utf8String(text);
        fixed (byte* format = PercentS)
        {
            fn(format, utf8.Pointer);
        }
    }

    public static void SetError(Errno errno)
    {
        if (Has(NbdkitFunction.SetError))
        {
            ((delegate* unmanaged<int, void>)Functions[(int)NbdkitFunction.SetError])((int)errno);
        }
    }
}
