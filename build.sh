#!/usr/bin/env bash
# Quick start, step 1: install what is needed, build `profile` as a NativeAOT binary into
# artifacts/bin, and run the main job.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps
dotnet publish src/Profiles.Cli -f net9.0 -r linux-x64 -c Release -o artifacts/bin -nologo -v quiet
export PATH="$PWD/artifacts/bin:$PATH"
# A root of our own, so the quick start never touches a user's profiles.
export PROFILES_ROOT="$PWD/artifacts/quickstart-root"
set -x
profile --help
profile list
