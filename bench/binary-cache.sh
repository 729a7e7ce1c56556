#!/usr/bin/env bash
# What the binary cache saves (docs/binary-cache.md): a 4-target install of nbdkit:ramdisk with its
# requirements (toolchain, SDK, nbdkit server, plugin) into an empty root,
#   1. built (no binary cache; .debs already in a shared mirror, so the network is not measured),
#   2. pulled from a registry (Debian's docker-registry on 127.0.0.1, filled by run 1's pushes),
#   3. pulled from a `files` directory,
# side by side as ratios, plus the bytes each source holds per target and the cost of the cache
# lookup when everything is already installed (a no-op install with and without the cache).
#
# Usage: bench/binary-cache.sh         RUNS=3 bench/binary-cache.sh       SKIP_BUILD=1 reuses artifacts/bin/profile
# Needs hyperfine and scripts/install-deps (docker-registry in artifacts/tools). Works in
# artifacts/bench/binary-cache; run it on a quiet machine: the numbers are wall-clock.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${RUNS:-3}
targets=${TARGETS:-amd64-linux,arm64-linux,arm-linux,amd64-windows}
work="$repo/artifacts/bench/binary-cache"
rm -rf "$work" && mkdir -p "$work"
command -v hyperfine >/dev/null || { echo "binary-cache.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ "${SKIP_BUILD:-0}" = 1 ] || scripts/publish >/dev/null
profile="$repo/artifacts/bin/profile"
unset PROFILES_ROOT PROFILES_DB PROFILES_DIR PROFILES_TARGET PROFILES_MIRROR PROFILES_BINARY_CACHE

registry="$repo/artifacts/tools/docker-registry/usr/bin/docker-registry"
[ -x "$registry" ] || { echo "binary-cache.sh: no docker-registry in artifacts/tools; run scripts/install-deps" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YAML
version: 0.1
storage: { filesystem: { rootdirectory: $work/registry-data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
log: { level: error }
YAML
"$registry" serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

oci="oci,127.0.0.1:$port/bench/profiles"
files="files,$work/files-cache"
install() { "$profile" install --target="$targets" nbdkit:ramdisk > /dev/null; }

# Warm-up: fill the download mirror (every .deb once) and both caches, so later runs measure building
# or pulling only.
echo "binary-cache.sh: warm-up build, filling the caches" >&2
PROFILES_ROOT="$work/warm" PROFILES_BINARY_CACHE="clear;$oci,readwrite;$files,readwrite" install
export PROFILES_MIRROR="$work/warm/cache"

# Each run starts from an empty root that has only the package indexes (<root>/cache/apt, what a CI
# runner keeps between jobs): planning resolves every input's version and sha256 from them either way,
# and fetching them again would measure the Debian mirror, not the cache.
hyperfine --runs "$runs" --export-markdown "$work/install.md" \
  --prepare "rm -rf $work/fresh && mkdir -p $work/fresh/cache && cp -a $work/warm/cache/apt $work/fresh/cache/apt" \
  -n build  "PROFILES_ROOT=$work/fresh PROFILES_BINARY_CACHE=clear $profile install --target=$targets nbdkit:ramdisk" \
  -n registry "PROFILES_ROOT=$work/fresh PROFILES_BINARY_CACHE='clear;$oci,read' $profile install --target=$targets nbdkit:ramdisk" \
  -n files "PROFILES_ROOT=$work/fresh PROFILES_BINARY_CACHE='clear;$files,read' $profile install --target=$targets nbdkit:ramdisk"

# The no-op: everything installed; with the cache configured the plan still has nothing to build, so
# no source is asked.
PROFILES_ROOT="$work/noop" PROFILES_BINARY_CACHE="clear;$files,read" install
hyperfine --runs $((runs * 5)) --warmup 1 --export-markdown "$work/noop.md" \
  -n "no-op, no cache" "PROFILES_ROOT=$work/noop PROFILES_BINARY_CACHE=clear $profile install --target=$targets nbdkit:ramdisk" \
  -n "no-op, registry" "PROFILES_ROOT=$work/noop PROFILES_BINARY_CACHE='clear;$oci,read' $profile install --target=$targets nbdkit:ramdisk"

echo
echo "Bytes per target in the files cache (layers and configs):"
PROFILES_ROOT="$work/noop" PROFILES_BINARY_CACHE="clear;$files,read" "$profile" cache ls 2>/dev/null || du -sh "$work/files-cache"
cat "$work/install.md" "$work/noop.md"
