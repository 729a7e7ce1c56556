#!/usr/bin/env bash
# Times the lock file workflow (docs/offline.md), as a CI pipeline runs it:
#   noop            `install --locked` when everything is installed, against a plain no-op install
#                   of the same (goal: under 10 ms more): reading the lock and comparing the plan
#   lock            `profile lock` of nbdkit:ramdisk for 4 targets (amd64-linux, arm64-linux,
#                   arm-linux, amd64-windows): cold (a fresh root: apt's package lists fetched) and
#                   with warm apt indexes (the root's cache kept, the lock written again)
#   offline         `install --locked --mirror vendor/` of arm64-linux nbdkit:ramdisk in a fresh root
#                   inside `unshare --net` (no network at all; root only), against an online
#                   install whose download cache is warm; and the vendor directory's size for the
#                   README quick start's profiles (nbdkit:ramdisk with nbdkit-sdk and nbdkit-server,
#                   arm64-linux)
# Medians of hyperfine runs. Runs after bench/cli.sh (or scripts/publish) has built artifacts/bin/profile.
#   LOCK_RUNS=5 bench/lock.sh        runs per case of the slow rows (default 3); the no-op rows run 20 times
#   LOCK_CASES=noop,lock bench/lock.sh   only some rows (noop, lock, offline; default all three)
set -euo pipefail
export PROFILES_NO_BINARY_CACHE=1   # builds, not restores from the developer's binary cache (bench/binary-cache.sh measures those)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${LOCK_RUNS:-3}
work="$repo/artifacts/bench/lock"
profile=${PROFILE_EXE:-$repo/artifacts/bin/profile}   # PROFILE_EXE: another build, as the tests take it
[ -x "$profile" ] || { echo "lock.sh: $profile is missing; run scripts/publish (or bench/cli.sh) first" >&2; exit 1; }
command -v hyperfine >/dev/null && command -v jq >/dev/null || { echo "lock.sh: needs hyperfine and jq" >&2; exit 1; }
cases=${LOCK_CASES:-noop,lock,offline}
wants() { case ",$cases," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
rm -rf "$work" && mkdir -p "$work"
export PROFILES_BINARY_CACHE=clear   # every install builds: no binary cache hit hides the work

# Empties a root except its download cache (and private apt state, which lives in the cache).
keep_cache() { echo "find $1 -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +"; }
declare -A median
measure() { # measure <name> <hyperfine args...>
  local name=$1; shift
  hyperfine --style none --export-json "$work/$name.json" "$@" >"$work/$name.txt" 2>&1 \
    || { cat "$work/$name.txt" >&2; exit 1; }
  median[$name]=$(jq -r '.results[0].median * 1000' "$work/$name.json")
}

# The quick start's install, locked and vendored: shared by the noop and offline rows.
root="$work/root" lockfile="$work/profiles.lock.json" vendor="$work/vendor"
if wants noop || wants offline; then
  "$profile" lock --root="$root" --lock="$lockfile" --target=arm64-linux nbdkit:ramdisk >/dev/null
  "$profile" vendor --root="$root" --lock="$lockfile" "$vendor" >/dev/null
  "$profile" install --root="$root" --lock="$lockfile" --locked --target=arm64-linux nbdkit:ramdisk >/dev/null
fi

# --- noop: install --locked with everything installed, against a plain no-op install ------------
if wants noop; then
  measure noop_plain -N --warmup 3 --runs 20 "$profile install --root=$root --target=arm64-linux nbdkit:ramdisk"
  measure noop_locked -N --warmup 3 --runs 20 "$profile install --root=$root --lock=$lockfile --locked --target=arm64-linux nbdkit:ramdisk"
fi

# --- lock: 4 targets, cold and with warm apt indexes ----------------------------------------------
if wants lock; then
  four="$work/four" fourlock="$work/four.lock.json"
  # One process, four plans (lock takes several targets, as install does).
  lock_cmd="$profile lock --root=$four --lock=$fourlock --target=amd64-linux,arm64-linux,arm-linux,amd64-windows nbdkit:ramdisk"
  measure lock_cold --runs "$runs" --prepare "rm -rf $four $fourlock" "$lock_cmd"
  measure lock_warm --runs "$runs" --warmup 1 --prepare "rm -f $fourlock" "$lock_cmd"
  lock_entries=$(jq '.entries | length' "$fourlock")
fi

# --- offline: from the vendor directory without network, against an online warm install ----------
if wants offline; then
  [ "$(id -u)" = 0 ] || { echo "lock.sh: the offline row needs root (unshare --net)" >&2; exit 1; }
  fresh="$work/offline" warm="$work/warm"
  offline_cmd="unshare --net $profile install --root=$fresh --lock=$lockfile --locked --mirror=$vendor --target=arm64-linux nbdkit:ramdisk"
  measure offline --runs "$runs" --prepare "rm -rf $fresh" "$offline_cmd"
  "$profile" install --root="$warm" --target=arm64-linux nbdkit:ramdisk >/dev/null
  measure online_warm --runs "$runs" --prepare "$(keep_cache "$warm")" "$profile install --root=$warm --target=arm64-linux nbdkit:ramdisk"
  offline_sha=$(sha256sum "$fresh/nbdkit/ramdisk/arm64_linux/1.0/nbdkit-ramdisk-plugin.so" | cut -d' ' -f1)
  online_sha=$(sha256sum "$root/nbdkit/ramdisk/arm64_linux/1.0/nbdkit-ramdisk-plugin.so" | cut -d' ' -f1)
  [ "$offline_sha" = "$online_sha" ] || { echo "lock.sh: the offline build differs: $offline_sha, online $online_sha" >&2; exit 1; }
  vendor_bytes=$(du -sb "$vendor" | cut -f1)
  vendor_blobs=$(jq '.blobs | length' "$vendor/index.json")
fi

# --- table ---------------------------------------------------------------------------------------
ms() { awk -v m="${median[$1]}" 'BEGIN { printf "%.1f", m }'; }
ratio() { awk -v a="${median[$1]}" -v b="${median[$2]}" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), hyperfine $(hyperfine --version | cut -d' ' -f2) (medians, ms)"
printf '| %-66s | %10s |\n' "case" "median ms"
printf '|%s|%s:|\n' "--------------------------------------------------------------------" "-----------"
row() { [ -n "${median[$2]:-}" ] && printf '| %-66s | %10s |\n' "$1" "$(ms "$2")"; return 0; }
row "install, everything installed (no-op)" noop_plain
row "install --locked, everything installed" noop_locked
row "lock nbdkit:ramdisk, 4 targets, cold (fresh root)" lock_cold
row "lock nbdkit:ramdisk, 4 targets, warm apt indexes" lock_warm
row "install --locked --mirror vendor/, fresh root, unshare --net" offline
row "install, online, download cache warm" online_warm
echo
if wants noop; then
  echo "--locked no-op overhead:     $(awk -v a="${median[noop_locked]}" -v b="${median[noop_plain]}" 'BEGIN { printf "%.1f", a - b }') ms   (goal: < 10 ms)"
fi
if wants lock; then
  echo "lock warm / cold:            $(ratio lock_warm lock_cold)x   ($lock_entries entries)"
fi
if wants offline; then
  echo "offline / online warm:       $(ratio offline online_warm)x   (same plugin sha256 $offline_sha)"
  echo "vendor directory:            $vendor_bytes bytes in $vendor_blobs blobs (arm64-linux nbdkit:ramdisk + nbdkit-sdk + nbdkit-server)"
fi
echo "raw hyperfine output: $work/*.json"
