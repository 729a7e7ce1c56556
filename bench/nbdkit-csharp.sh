#!/usr/bin/env bash
# Measures nbdkit plugins written in C# (docs/nbdkit-csharp.md) with the real `profile`:
#   publish   `profile install nbdkit:sparsedisk` per target (amd64-linux, arm64-linux): cold (a fresh
#             root: empty profiles cache, NativeAOT packs restored from the machine's NuGet folder or
#             NuGet) and warm (`install --force` of the plugin alone, packs cached)
#   size      the published plugin's bytes per target
#   serve     nbdcopy of 256 MiB (written once, then read back to /dev/null, over 4 connections) from
#             the C# sparsedisk and from the C ramdisk in the host's nbdkit: MiB/s and the ratio
#   start-up  `$NBDKIT -U - plugin size=1M --run true` natively and under qemu-aarch64 (median of 5)
# Usage: bench/nbdkit-csharp.sh [profile-binary]   (default: artifacts/bin/profile, from scripts/publish)
# Writes artifacts/bench/nbdkit-csharp/results.txt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
profile=${1:-$repo/artifacts/bin/profile}
[ -x "$profile" ] || { echo "nbdkit-csharp.sh: $profile is missing; run scripts/publish first" >&2; exit 1; }
work="$repo/artifacts/bench/nbdkit-csharp"
rm -rf "$work" && mkdir -p "$work"
export PROFILES_ROOT="$work/root"
results="$work/results.txt"
: > "$results"
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
report() { echo "$*" | tee -a "$results"; }

for target in amd64-linux arm64-linux; do
  start=$(now)
  "$profile" install --target=$target nbdkit:sparsedisk nbdkit:ramdisk >"$work/install-$target.log" 2>&1
  report "publish cold $target (with every requirement): $(elapsed "$start") s"
  start=$(now)
  "$profile" install --force --target=$target nbdkit:sparsedisk >>"$work/install-$target.log" 2>&1
  report "publish warm $target (install --force of the plugin): $(elapsed "$start") s"
  eval "$("$profile" env --profiles=nbdkit:sparsedisk,nbdkit:ramdisk,nbdkit:nbdkit-server --target=$target)"
  report "size $target: $(stat -c %s "$NBDKIT_PLUGIN_SPARSEDISK") bytes (stripped; the C ramdisk: $(stat -c %s "$NBDKIT_PLUGIN_RAMDISK"))"
  times=()
  for i in 1 2 3 4 5; do
    start=$(now)
    $NBDKIT -U - "$NBDKIT_PLUGIN_SPARSEDISK" size=1M --run true
    times+=("$(elapsed "$start")")
  done
  report "start-up $target (--run true, median of 5): $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) s"
done

eval "$("$profile" env --profiles=nbdkit:sparsedisk,nbdkit:ramdisk,nbdkit:nbdkit-server --target=amd64-linux)"
head -c 268435456 /dev/urandom > "$work/256M.raw"
for name in ramdisk sparsedisk; do
  var=NBDKIT_PLUGIN_${name^^}
  best=""
  for i in 1 2 3; do
    t=$($NBDKIT -U - "${!var}" size=256M --run "nbdcopy --connections=4 '$work/256M.raw' \"\$uri\" && s=\$(date +%s.%N) && nbdcopy --connections=4 \"\$uri\" /dev/null && echo \"\$(date +%s.%N) - \$s\" | bc")
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  eval "read_$name=$best"
  report "serve $name: 256 MiB read in $best s ($(echo "256 / $best" | bc) MiB/s, best of 3)"
done
report "serve ratio C# sparsedisk / C ramdisk (throughput): $(echo "scale=2; $read_ramdisk / $read_sparsedisk" | bc)"
rm -f "$work/256M.raw"
