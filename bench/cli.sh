#!/usr/bin/env bash
# Times whole `profile` processes side by side, in one run, against two floors:
#   pkgconf --cflags zlib   the floor for "look something up and print it" (a small C program)
#   hello                   a NativeAOT hello-world published like `profile`: the floor for any .NET process
# and prints a table of medians and ratios. See docs/performance.md for the numbers and how to read them.
#
# Usage: bench/cli.sh            build what is needed, then measure
#   SKIP_BUILD=1 bench/cli.sh    reuse artifacts/bin/profile and artifacts/bench/hello/hello
#   RUNS=200 bench/cli.sh        more runs per case (default 100)
#
# Uses hyperfine (Debian packages `hyperfine` and `jq`; installed when running as root) with --export-json, and
# takes the median of each case; without hyperfine, a bash loop over `date +%s%N` does the same, less
# precisely (it includes the loop's own fork and the date processes).
set -euo pipefail
export PROFILES_NO_BINARY_CACHE=1   # builds, not restores from the developer's binary cache (bench/binary-cache.sh measures those)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
runs=${RUNS:-100}
work="$repo/artifacts/bench/cli"
profile="$repo/artifacts/bin/profile"
hello="$repo/artifacts/bench/hello/hello"

# --- what it needs -------------------------------------------------------------------------------
scripts/install-deps
# hyperfine times, jq reads its JSON; both are Debian packages.
if { ! command -v hyperfine >/dev/null || ! command -v jq >/dev/null; } && [ "$(id -u)" -eq 0 ]; then
  echo "cli.sh: installing hyperfine and jq" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine jq >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine jq >/dev/null; }; } \
    || echo "cli.sh: could not install hyperfine and jq; falling back to a bash loop" >&2
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "cli.sh: publishing profile and hello (NativeAOT, net10.0, linux-x64, Release)" >&2
  scripts/publish
  dotnet publish bench/hello -r linux-x64 -c Release -o artifacts/bench/hello -nologo -v quiet
fi

# --- databases -----------------------------------------------------------------------------------
# A v5 database directory of <targets> targets: one file per installer (i00, i01, ...), each holding
# profile "eg" with up to <per file> (default 100) targets arch<N>-linux@1, each with three env vars.
# The measured lookup is i01:eg for arch1-linux@1 (i00 when there is only one file).
make_db() { # make_db <dir> <targets> [<per file>]
  local dir=$1 targets=$2 per=${3:-100}
  rm -rf "$dir" && mkdir -p "$dir"
  awk -v dir="$dir" -v n="$targets" -v per="$per" 'BEGIN {
    for (i = 0; i * per < n; i++) {
      inst = sprintf("i%02d", i); file = dir "/" inst
      printf "<profiles version=\"5\" installer=\"%s\">\n  <profile name=\"eg\" root=\"%s/eg\">\n", inst, inst > file
      for (j = 0; j < per && i * per + j < n; j++) {
        printf "    <target arch=\"arch%d\" os=\"linux\" installation-directory=\"%s/eg/arch%d_linux/1\" version=\"1\" date=\"2026-01-02T03:04:05.1234567Z\">\n", j, inst, j > file
        printf "      <envvars>\n        <var>CC=${PROFILES_ROOT}/toolchains/arch%d/bin/gcc</var>\n", j > file
        printf "        <var>CFLAGS=-O2 -I&#34;%s&#34; &amp; more</var>\n        <var>PKG_CONFIG_PATH=/usr/lib/pkgconfig</var>\n      </envvars>\n", inst > file
        printf "      <command-line>\n        <var>GOARM=7</var>\n      </command-line>\n    </target>\n" > file
      }
      printf "  </profile>\n</profiles>\n" > file
      close(file)
    }
  }'
}
rm -rf "$work" && mkdir -p "$work"
for n in 10 10000; do
  make_db "$work/root$n/db" "$n"
done
# The same 10,000 targets in one installer's file (4.3 MB), as one installer with many targets would have.
make_db "$work/root10000one/db" 10000 10000
lookup_small="i00:eg" lookup_large="i01:eg"
target="arch1-linux@1"

# Written env files, as a build would source them (profile env --write), for the large database.
PROFILES_ROOT="$work/root10000" "$profile" env --profiles="$lookup_large" --target="$target" --write >/dev/null
envfile="$work/root10000/env/i01/eg/arch1-linux@1.sh"
[ -f "$envfile" ] || { echo "cli.sh: profile env --write did not write $envfile" >&2; exit 1; }

# A no-op install: example:hello is installed once, then installed again (nothing to do). This is the
# external-installer path (profile runs profiles/examples/profile-example, a sh script that takes a
# flock); the built-in path (nbdkit:ramdisk) follows.
install_root="$work/install-root"
mkdir -p "$install_root"
PATH="$repo/profiles/examples:$PATH" "$profile" install --root="$install_root" example:hello >/dev/null
again=$(PATH="$repo/profiles/examples:$PATH" "$profile" install --root="$install_root" example:hello)
case $again in
  *"is already installed"*) ;;
  *) echo "cli.sh: a second install of example:hello was not a no-op: $again" >&2; exit 1 ;;
esac
install_db_before=$(stat -c '%i %Y' "$install_root/db/example")

# The same through a built-in manager: nbdkit:ramdisk for arm64-linux (with cross:toolchain,
# nbdkit:nbdkit-sdk and nbdkit:nbdkit-server), installed once here (this downloads Debian packages
# into the root's cache), then installed again: nothing to do.
nbd_root="$work/nbdkit-root"
"$profile" install --root="$nbd_root" --target=arm64-linux nbdkit:ramdisk >/dev/null
again=$("$profile" install --root="$nbd_root" --target=arm64-linux nbdkit:ramdisk)
case $again in
  *"is already installed"*) ;;
  *) echo "cli.sh: a second install of nbdkit:ramdisk was not a no-op: $again" >&2; exit 1 ;;
esac
nbd_db_before=$(stat -c '%i %Y' "$nbd_root/db/nbdkit")

# --- cases ---------------------------------------------------------------------------------------
# Each command is one process started directly (hyperfine -N: no shell around it), with --root
# instead of an environment variable so that no `env` process is added. The rows "in a running sh"
# are a loop of $loop iterations inside one sh, divided by $loop: what one more line costs in a build
# step's script, where the shell is already running (sourcing starts no process at all; pkgconf
# costs a fork and exec). The eval row includes the start of its sh, as a build step that evals does.
loop=${LOOP:-50}
export PATH="$repo/profiles/examples:$PATH"   # the example installer, for the install row
names=() commands=()
add() { names+=("$1"); commands+=("$2"); }
add "pkgconf --cflags zlib" "pkgconf --cflags zlib"
add "hello (NativeAOT)" "$hello"
add "env, 10 targets" "$profile env --root=$work/root10 --profiles=$lookup_small --target=$target"
add "env, 10,000 targets" "$profile env --root=$work/root10000 --profiles=$lookup_large --target=$target"
add "env, 10,000 targets in one file" "$profile env --root=$work/root10000one --profiles=$lookup_small --target=$target"
add "list, 10 targets" "$profile list --root=$work/root10"
add "list, 10,000 targets" "$profile list --root=$work/root10000"
add "pkgconf, in a running sh" "sh -c 'for i in \$(seq $loop); do pkgconf --cflags zlib >/dev/null; done'"
add ". env file, in a running sh" "sh -c 'for i in \$(seq $loop); do . $envfile; done'"
add "sh -c 'eval \$(profile env)', 10,000" "sh -c 'eval \"\$($profile env --root=$work/root10000 --profiles=$lookup_large --target=$target)\"'"
add "install (no-op, external)" "$profile install --root=$install_root example:hello"
add "install (no-op, built-in nbdkit)" "$profile install --root=$nbd_root --target=arm64-linux nbdkit:ramdisk"

# Every command must succeed before it is timed.
for i in "${!commands[@]}"; do
  eval "${commands[$i]}" >/dev/null || { echo "cli.sh: failed: ${commands[$i]}" >&2; exit 1; }
done

declare -A median
if command -v hyperfine >/dev/null && command -v jq >/dev/null; then
  args=()
  for i in "${!commands[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
  hyperfine -N --warmup 5 --runs "$runs" --style none --export-json "$work/hyperfine.json" "${args[@]}" >"$work/hyperfine.txt" 2>&1
  # Medians from the JSON (hyperfine's "median" field, in seconds).
  while IFS=$'\t' read -r name seconds; do
    median[$name]=$(awk -v s="$seconds" 'BEGIN { printf "%.4f", s * 1000 }')
  done < <(jq -r '.results[] | [.command, .median] | @tsv' "$work/hyperfine.json")
  method="hyperfine $(hyperfine --version | cut -d' ' -f2) -N, $runs runs, 5 warm-ups"
else
  for i in "${!commands[@]}"; do
    for _ in 1 2 3 4 5; do eval "${commands[$i]}" >/dev/null; done
    times=()
    for ((r = 0; r < runs; r++)); do
      start=$(date +%s%N); eval "${commands[$i]}" >/dev/null; end=$(date +%s%N)
      times+=($(( end - start )))
    done
    median[${names[$i]}]=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.4f", m / 1e6}')
  done
  method="bash loop, $runs runs, date +%s%N around each command (includes bash's fork and the date calls)"
fi

# Per iteration for the in-shell loops.
for name in "pkgconf, in a running sh" ". env file, in a running sh"; do
  median[$name]=$(awk -v m="${median[$name]}" -v n="$loop" 'BEGIN { printf "%.4f", m / n }')
done

# The install must have been a no-op in every run: same database file, same inode, same time.
if [ "$(stat -c '%i %Y' "$install_root/db/example")" != "$install_db_before" ] \
  || [ "$(stat -c '%i %Y' "$nbd_root/db/nbdkit")" != "$nbd_db_before" ]; then
  echo "cli.sh: a timed install changed the database: it was not a no-op" >&2
  exit 1
fi

# --- table ---------------------------------------------------------------------------------------
pk=${median["pkgconf --cflags zlib"]} hw=${median["hello (NativeAOT)"]}
echo
echo "$(nproc) cores, $(uname -sr), $method"
printf '| %-38s | %9s | %9s | %9s |\n' "case" "median ms" "× pkgconf" "× hello"
printf '|%s|%s:|%s:|%s:|\n' "----------------------------------------" "----------" "----------" "----------"
for name in "${names[@]}"; do
  m=${median[$name]}
  printf '| %-38s | %9.3f | %9s | %9s |\n' "$name" "$m" \
    "$(awk -v a="$m" -v b="$pk" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="$m" -v b="$hw" 'BEGIN { printf "%.2f", a / b }')"
done
ratio() { awk -v a="${median[$1]}" -v b="${median[$2]}" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "env growth, 10 -> 10,000 targets:  $(ratio "env, 10,000 targets" "env, 10 targets")x"
echo "env growth, 10 -> 10,000 targets in one file:  $(ratio "env, 10,000 targets in one file" "env, 10 targets")x"
echo "list growth, 10 -> 10,000 targets: $(ratio "list, 10,000 targets" "list, 10 targets")x"
echo "sourcing vs pkgconf, in a running sh:  $(ratio ". env file, in a running sh" "pkgconf, in a running sh")x"
echo "(in-shell rows are per iteration of a $loop-iteration loop in one sh; the no-op install was checked: database file untouched)"
echo "raw hyperfine output: $work/hyperfine.json"

[ "${INSTALLS:-1}" = 1 ] || exit 0
exec "$repo/bench/installs.sh"
