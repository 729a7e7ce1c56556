namespace Profiles.Manager.Toolchains;

/// <summary>One tool of a toolchain: the variable a build reads (CC), the command (aarch64-linux-gnu-gcc) and its Debian package.</summary>
public sealed record ToolchainTool(string Variable, string Command, string DebianPackage);
