#!/usr/bin/env bash
# The cost of <ProfileReference> (docs/dotnet.md, "What it costs"):
#   1. a no-op `dotnet build` (nothing changed since the last build) of a project with one ProfileReference,
#      against the same project without the package and without the reference (goal: under 150 ms added);
#   2. reading a project as `profile install --project` does, in process (Microsoft.Build.Locator) and out
#      of process (`dotnet msbuild`, what the NativeAOT profile does), and the whole native
#      `profile install --project` with everything installed.
#
# Usage: bench/dotnet.sh            RUNS=20 bench/dotnet.sh
#        SKIP_BUILD=1 bench/dotnet.sh   reuse artifacts/bin/profile
# Needs hyperfine (Debian package `hyperfine`). Works in artifacts/bench/dotnet, with a profiles root of its
# own there (the first build installs deb:zlib1g-dev for amd64-linux into it). Every dotnet process runs with
# -nodeReuse:false and without the compiler server, so nothing is left running; both sides of a
# comparison pay the same for that.
set -euo pipefail
export PROFILES_NO_BINARY_CACHE=1   # builds, not restores from the developer's binary cache (bench/binary-cache.sh measures those)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${RUNS:-10}
work="$repo/artifacts/bench/dotnet"
rm -rf "$work" && mkdir -p "$work"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
export PROFILES_ROOT="$work/root"
unset PROFILES_DB PROFILES_DIR PROFILES_TARGET
command -v hyperfine >/dev/null || { echo "dotnet.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

version="1.0.0-bench.$(date +%s)"
echo "dotnet.sh: packing Profiles.MSBuild $version and publishing profile" >&2
dotnet pack src/Profiles.MSBuild -c Release -o "$work/feed" -p:PackageVersion="$version" -nologo -v quiet
[ "${SKIP_BUILD:-0}" = 1 ] || scripts/publish >/dev/null
dotnet build bench/ProjectEvaluation -c Release -nologo -v quiet -o "$work/evaluation" >/dev/null
# The projects below are a user's, not this repository's: none of its build settings (central package
# versions, warnings as errors) apply to them.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"
echo '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' > "$work/Directory.Packages.props"

# Its own package cache, falling back to this machine's: nothing is downloaded again, and no older build of
# Profiles.MSBuild is ever taken from a cache.
export NUGET_PACKAGES="$work/packages"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="bench" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
project() { # project <name> <package and items>
  mkdir -p "$work/$1"
  cat > "$work/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RuntimeIdentifiers>linux-x64;linux-arm64</RuntimeIdentifiers>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <RestoreAdditionalProjectFallbackFolders>$HOME/.nuget/packages</RestoreAdditionalProjectFallbackFolders>
  </PropertyGroup>
  $2
</Project>
XML
  echo 'public static class Library { public static int Answer => 42; }' > "$work/$1/Library.cs"
}
project none ''
project package "<ItemGroup><PackageReference Include=\"Profiles.MSBuild\" Version=\"$version\" PrivateAssets=\"all\" /></ItemGroup>"
project one "<ItemGroup><PackageReference Include=\"Profiles.MSBuild\" Version=\"$version\" PrivateAssets=\"all\" /><ProfileReference Include=\"deb:zlib1g-dev\" /></ItemGroup>"

build="dotnet build -nologo -v quiet -nodeReuse:false -p:UseSharedCompilation=false"
for p in none package one; do
  echo "dotnet.sh: first build of $p" >&2
  (cd "$work/$p" && $build | grep -E "error|warning" || true)
done
# Three more builds, so every incremental step (copies, the install's up-to-date check) has settled.
for p in none package one; do (cd "$work/$p" && $build >/dev/null && $build >/dev/null); done

echo
echo "== 1. no-op dotnet build (with its implicit restore), $runs runs each"
hyperfine --warmup 2 --runs "$runs" --export-json "$work/build.json" \
  -n none "cd $work/none && $build" \
  -n package-only "cd $work/package && $build" \
  -n one-ProfileReference "cd $work/one && $build"
echo
echo "== 1b. the same with --no-restore (what the ProfileReference itself adds)"
hyperfine --warmup 2 --runs "$runs" --export-json "$work/build-norestore.json" \
  -n none "cd $work/none && $build --no-restore" \
  -n one-ProfileReference "cd $work/one && $build --no-restore"

echo
echo "== 2. reading the project as a manifest (in process vs out of process)"
dotnet "$work/evaluation/ProjectEvaluation.dll" "$work/one/one.csproj" "$runs"
echo
echo "== 2b. the native profile install --project, everything installed"
"$repo/artifacts/bin/profile" install --project "$work/one/one.csproj" >/dev/null
hyperfine --warmup 1 --runs "$runs" -n "profile install --project" "$repo/artifacts/bin/profile install --project $work/one/one.csproj"
