using System.Runtime.InteropServices;
using System.Text;

var text = args.Length > 0 ? args[0] : "hello, profiles";
Console.WriteLine($"zlib {NativeCrc.Crc32.Version} on {RuntimeInformation.ProcessArchitecture}: crc32(\"{text}\") = 0x{NativeCrc.Crc32.Compute(Encoding.UTF8.GetBytes(text)):x8}");
