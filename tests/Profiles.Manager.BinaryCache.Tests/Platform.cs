// Trees, links and Unix modes: Linux only, as the binary cache is here.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
