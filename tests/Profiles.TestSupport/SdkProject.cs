namespace Profiles.TestSupport;

/// <summary>A .NET SDK project file for tests that read or build projects (docs/dotnet.md).</summary>
public static class SdkProject
{
    /// <summary>Writes <c>&lt;dir&gt;/&lt;name&gt;.csproj</c>, a net10.0 SDK project with <paramref name="body"/> after its first PropertyGroup; returns its path.</summary>
    public static string Write(string dir, string name, string body)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            {body}
            </Project>
            """);
        return path;
    }
}
