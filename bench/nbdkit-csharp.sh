#!/usr/bin/env bash
# Measures nbdkit plugins written in C# (docs/nbdkit-csharp.md) with the real `profile`:
#   publish   `profile install nbdkit:sparsedisk` per target (amd64-linux, arm64-linux): cold (a fresh
#             root: empty profiles cache, NativeAOT packs restored from the machine's NuGet folder or
#             NuGet) and warm (`install --force` of the plugin alone, packs cached)
#   size      the published plugin's bytes per target
#   serve     nbdcopy of 256 MiB (written once, then read back to /dev/null, over 4 connections) from
#             the C# sparsedisk, the C ramdisk and nbdkit's memory plugin in the host's nbdkit, 3 times
#             each: the read's MiB/s and the ratio, and nbdkit's CPU seconds (medians of 3)
#   start-up  `$NBDKIT -U - plugin size=1M --run true` natively and under qemu-aarch64 (median of 5)
# Usage: bench/nbdkit-csharp.sh [profile-binary]   (default: artifacts/bin/profile, from scripts/publish)
# Writes artifacts/bench/nbdkit-csharp/results.txt.
set -euo pipefail
export PROFILES_NO_BINARY_CACHE=1   # builds, not restores from the developer's binary cache (bench/binary-cache.sh measures those)
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

# Each target in a subshell: `profile env` leaves out variables the environment already has, so an
# amd64 env still in effect would make the arm64 lines measure the amd64 plugin again.
for target in amd64-linux arm64-linux; do (
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
) done

eval "$("$profile" env --profiles=nbdkit:sparsedisk,nbdkit:ramdisk,nbdkit:nbdkit-server --target=amd64-linux)"
head -c 268435456 /dev/urandom > "$work/256M.raw"
# One serve: write the file, then read it back; prints the read's seconds and nbdkit's own CPU seconds
# (user+sys of the serving process, which --run forks off and -P names) for the write and for the
# read. CPU time is what to compare on a loaded machine: wall time there measures the other users too.
serve_once() {
  $NBDKIT -U - -P "$work/nbdkit.pid" "$@" size=256M --run "
    cpu() { awk -v hz=\$(getconf CLK_TCK) '{ print (\$14 + \$15) / hz }' /proc/\$(cat '$work/nbdkit.pid')/stat; }
    c0=\$(cpu); nbdcopy --connections=4 '$work/256M.raw' \"\$uri\"; c1=\$(cpu)
    s=\$(date +%s.%N); nbdcopy --connections=4 \"\$uri\" /dev/null; e=\$(date +%s.%N); c2=\$(cpu)
    echo \"\$(echo \"\$e - \$s\" | bc) \$(echo \"\$c1 - \$c0\" | bc) \$(echo \"\$c2 - \$c1\" | bc)\""
}
median() { sort -n | sed -n 2p; }
# The C ramdisk (a dense calloc'd disk, SERIALIZE_ALL_REQUESTS), the C# sparsedisk (64 KiB pages,
# SERIALIZE_REQUESTS: connections in parallel) and nbdkit's own sparse RAM disk, the memory plugin
# (a sparse array, PARALLEL: 16 worker threads per connection), each served 3 times, interleaved.
: > "$work/serve.txt"
for i in 1 2 3; do
  for name in ramdisk sparsedisk memory; do
    if [ $name = memory ]; then plugin=memory; else var=NBDKIT_PLUGIN_${name^^}; plugin=${!var}; fi
    echo "$name $(serve_once "$plugin")" >> "$work/serve.txt"
  done
done
for name in ramdisk sparsedisk memory; do
  read_s=$(awk -v n=$name '$1 == n { print $2 }' "$work/serve.txt" | median)
  write_cpu=$(awk -v n=$name '$1 == n { print $3 }' "$work/serve.txt" | median)
  read_cpu=$(awk -v n=$name '$1 == n { print $4 }' "$work/serve.txt" | median)
  eval "read_$name=$read_s; read_cpu_$name=$read_cpu"
  report "serve $name: 256 MiB read in $read_s s ($(echo "256 / $read_s" | bc) MiB/s); nbdkit CPU: write $write_cpu s, read $read_cpu s (medians of 3)"
done
report "serve ratio C# sparsedisk / C ramdisk (read throughput, medians): $(echo "scale=2; $read_ramdisk / $read_sparsedisk" | bc)"
report "serve ratio C# sparsedisk / nbdkit memory (read throughput, medians): $(echo "scale=2; $read_memory / $read_sparsedisk" | bc)"
rm -f "$work/256M.raw"
