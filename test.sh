#!/usr/bin/env bash
# Quick start, step 2: run every test. Installs what the tests need first.
# The last line is the total over all test projects: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps
# The CLI tests run the binary users get: the NativeAOT `profile` (set PROFILE_EXE yourself to test
# another build; unset, and without this publish, they run the JIT build through `dotnet exec`).
if [ -z "${PROFILE_EXE:-}" ]; then
  scripts/publish
  export PROFILE_EXE="$PWD/artifacts/bin/profile"
fi
results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test profiles.sln -c Release --logger "trx" --results-directory "$results" -nologo "$@" || status=$?
passed=0 failed=0 skipped=0 total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
done
skipped=$((total - passed - failed))
if [ "$total" -eq 0 ]; then
  echo "test.sh: no test results were found in $results" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
