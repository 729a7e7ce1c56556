// Placing package content is Linux-only (lstat, hard links, Unix modes), and so are these tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
