#!/usr/bin/env bash
# Times whole installs through the built-in managers (nbdkit:ramdisk with its requirements: the cross
# toolchain, the nbdkit SDK and the nbdkit server root, all from Debian packages), as a user runs them:
#   cold            a fresh root, empty download cache: everything downloaded, built and proven
#   warm reinstall  the same in a root whose cache (<root>/cache: .debs, the unpacked .debs that the
#                   sysroots hard-link, private apt lists and apt's answers) is kept
#   --force         the plugin alone rebuilt (its requirements are installed), next to the plugin's
#                   gcc command run by hand (the exact argv, taken from the forced install with
#                   strace) and next to `profile verify` (the proof alone, always run in full). Two
#                   rows: the same source, so byte-identical output whose proof in this nbdkit is on
#                   record (<root>/cache/proofs) and reused; and a copy of the plugin in a catalog of
#                   its own whose source gets a new string before every run, so the output is new
#                   and the proof (nbdkit --dump-plugin and a 1 MiB serve) runs
#   four targets    amd64-linux, arm64-linux, arm-linux, 386-linux: one process with all four
#                   (installed concurrently) against four processes one after another, warm cache
# Medians of hyperfine runs; see docs/performance.md. Called by bench/cli.sh (INSTALLS=0 skips it);
# runs alone after bench/cli.sh has published artifacts/bin/profile.
#   INSTALL_RUNS=5 bench/installs.sh   runs per case (default 3; the cold case downloads every time)
#   INSTALL_CASES=force bench/installs.sh   only some rows (cold-warm, force, four; default all three)
set -euo pipefail
export PROFILES_NO_BINARY_CACHE=1   # builds, not restores from the developer's binary cache (bench/binary-cache.sh measures those)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${INSTALL_RUNS:-3}
work="$repo/artifacts/bench/installs"
profile="$repo/artifacts/bin/profile"
[ -x "$profile" ] || { echo "installs.sh: $profile is missing; run bench/cli.sh first" >&2; exit 1; }
command -v hyperfine >/dev/null && command -v jq >/dev/null || { echo "installs.sh: needs hyperfine and jq" >&2; exit 1; }
command -v strace >/dev/null || { echo "installs.sh: needs strace (to copy the plugin's gcc command)" >&2; exit 1; }
cases=${INSTALL_CASES:-cold-warm,force,four}
wants() { case ",$cases," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
rm -rf "$work" && mkdir -p "$work"

# Empties a root except its download cache (and private apt state, which lives in the cache).
keep_cache() { echo "find $1 -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +"; }
declare -A median
measure() { # measure <name> <hyperfine args...>
  local name=$1; shift
  hyperfine --runs "$runs" --style none --export-json "$work/$name.json" "$@" >"$work/$name.txt" 2>&1 \
    || { cat "$work/$name.txt" >&2; exit 1; }
  median[$name]=$(jq -r '.results[0].median * 1000' "$work/$name.json")
}

# --- cold and warm: arm64-linux nbdkit:ramdisk with its requirements -----------------------------
if wants cold-warm; then
cold="$work/cold" warm="$work/warm"
measure cold --prepare "rm -rf $cold" "$profile install --root=$cold --target=arm64-linux nbdkit:ramdisk"
"$profile" install --root="$warm" --target=arm64-linux nbdkit:ramdisk >/dev/null
measure warm --prepare "$(keep_cache "$warm")" "$profile install --root=$warm --target=arm64-linux nbdkit:ramdisk"
out=$("$profile" install --root="$warm" --force --target=arm64-linux nbdkit:nbdkit-server)
case $out in *"(0 downloaded)"*) ;; *) echo "installs.sh: the warm root downloaded again: $out" >&2; exit 1 ;; esac
# The warm root's runtime files are hard links to the unpacked .debs in the cache (docs/performance.md).
warm_links=$(find "$warm/nbdkit/nbdkit-server" -type f -links +1 | wc -l)
warm_files=$(find "$warm/nbdkit/nbdkit-server" -type f | wc -l)
[ "$warm_links" -gt 0 ] || { echo "installs.sh: no file of the warm server root is linked from the cache" >&2; exit 1; }
fi

# --- --force: the plugin rebuilt, against its gcc command by hand ---------------------------------
if wants force; then
force="$work/force"
"$profile" install --root="$force" --target=amd64-linux nbdkit:ramdisk >/dev/null
strace -f -qq -s 4096 -e trace=execve -o "$work/force.strace" \
  "$profile" install --root="$force" --force --target=amd64-linux nbdkit:ramdisk >/dev/null
# The execve of the compiler that links the plugin: the one with -shared.
gcc_line=$(grep -E 'execve\("[^"]*gcc", .*"-shared"' "$work/force.strace" | head -n1)
[ -n "$gcc_line" ] || { echo "installs.sh: no gcc -shared in $work/force.strace" >&2; exit 1; }
mkdir -p "$work/by-hand"
# ["a", "b", ...] -> one word a line; the output (in the install's staging dir, gone now) goes to by-hand/.
mapfile -t argv < <(sed -E 's/^[^[]*\[//; s/\], 0x.*$//; s/", "/"\n"/g' <<<"$gcc_line" | sed -E 's/^"//; s/"$//')
for i in "${!argv[@]}"; do
  if [ "${argv[$i]}" = "-o" ]; then argv[$((i + 1))]="$work/by-hand/$(basename "${argv[$((i + 1))]}")"; fi
done
printf '%s\n' "${argv[@]}" >"$work/gcc-argv.txt"
gcc_cmd="${argv[*]}"
"${argv[@]}"   # it must work before it is timed
measure gcc_by_hand -N --warmup 2 "$gcc_cmd"
out=$("$profile" install --root="$force" --force --target=amd64-linux nbdkit:ramdisk)
case $out in *"proof reused"*) ;; *) echo "installs.sh: a forced rebuild of the same source did not reuse its proof: $out" >&2; exit 1 ;; esac
measure force -N --warmup 1 "$profile install --root=$force --force --target=amd64-linux nbdkit:ramdisk"
# The same plugin from a catalog of its own, its source changed before every run (new bytes: the proof runs).
changed="$work/catalog/ramdisk"
mkdir -p "$changed"
cp profiles/nbdkit-plugins/ramdisk/plugin.json "$changed/"
cp profiles/nbdkit-plugins/ramdisk/ramdisk.c "$work/ramdisk.c.orig"
printf '#!/bin/sh\n{ cat %s; echo "__attribute__((used)) static const char bench_run[] = \\"$(date +%%s%%N)\\";"; } >%s\n' \
  "$work/ramdisk.c.orig" "$changed/ramdisk.c" >"$work/change-source.sh"
chmod +x "$work/change-source.sh"
"$work/change-source.sh"
out=$("$profile" install --root="$force" --catalog="$work/catalog" --force --target=amd64-linux nbdkit:ramdisk)
case $out in *"served 1048576 bytes"*) ;; *) echo "installs.sh: a forced rebuild of a changed source did not run its proof: $out" >&2; exit 1 ;; esac
measure force_changed -N --warmup 1 --prepare "$work/change-source.sh" \
  "$profile install --root=$force --catalog=$work/catalog --force --target=amd64-linux nbdkit:ramdisk"
measure verify -N --warmup 1 "$profile verify --root=$force --target=amd64-linux nbdkit:ramdisk"
fi

# --- four targets: concurrently in one process, or one process after another ---------------------
if wants four; then
four="$work/four" targets=(amd64-linux arm64-linux arm-linux 386-linux)
"$profile" install --root="$four" --target="$(IFS=,; echo "${targets[*]}")" nbdkit:ramdisk >/dev/null   # fills the cache
seq_cmd=""
for t in "${targets[@]}"; do seq_cmd+="$profile install --root=$four --target=$t nbdkit:ramdisk >/dev/null && "; done
seq_cmd+=true
measure four_sequential --prepare "$(keep_cache "$four")" "$seq_cmd"
measure four_parallel --prepare "$(keep_cache "$four")" "$profile install --root=$four --target=$(IFS=,; echo "${targets[*]}") nbdkit:ramdisk"
fi

# --- table ---------------------------------------------------------------------------------------
ms() { awk -v m="${median[$1]}" 'BEGIN { printf "%.1f", m }'; }
ratio() { awk -v a="${median[$1]}" -v b="${median[$2]}" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "$(nproc) cores, hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs each (medians, ms)"
printf '| %-58s | %10s |\n' "install case" "median ms"
printf '|%s|%s:|\n' "------------------------------------------------------------" "-----------"
row() { [ -n "${median[$2]:-}" ] && printf '| %-58s | %10s |\n' "$1" "$(ms "$2")"; return 0; }
row "cold: arm64-linux nbdkit:ramdisk + requirements, empty cache" cold
row "warm reinstall: the same, cache kept" warm
row "gcc command of the plugin, by hand (amd64-linux)" gcc_by_hand
row "install --force, same source (proof reused)" force
row "install --force, source changed every run (proof runs)" force_changed
row "verify amd64-linux nbdkit:ramdisk (the proof alone)" verify
row "4 targets, one process after another (warm cache)" four_sequential
row "4 targets, one process, concurrently (warm cache)" four_parallel
echo
if wants cold-warm; then
  echo "warm / cold:                 $(ratio warm cold)x   (target <= 0.1; $warm_links of $warm_files server files hard-linked from the cache)"
fi
if wants force; then
  echo "--force same / gcc:          $(ratio force gcc_by_hand)x   (target <= 1.2; identical output, proof on record)"
  echo "--force changed / gcc:       $(ratio force_changed gcc_by_hand)x   (new output, the proof runs)"
  echo "verify / gcc:                $(ratio verify gcc_by_hand)x   (the whole proof, its own process start included)"
fi
if wants four; then
  echo "4 concurrent / 4 in a row:   $(ratio four_parallel four_sequential)x   (target <= 0.6)"
fi
echo "gcc argv: $work/gcc-argv.txt; raw hyperfine output: $work/*.json"
