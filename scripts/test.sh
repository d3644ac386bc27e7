#!/usr/bin/env bash
# Every test, on a fresh Debian machine: installs what it needs, builds with
# warnings as errors, runs every Meson suite, then the release checks
# (sanitizers, threads, valgrind, ABI, installed consumer, docs, fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

build=build-test
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" -Dwerror=true >/dev/null
else
  meson setup "$build" -Dwerror=true >/dev/null
fi
meson compile -C "$build"
meson test -C "$build" --print-errorlogs

# Release checks: each script builds in its own directory and fails loudly.
checks=()
for c in check-sanitizers check-tsan check-valgrind check-abi check-consumer check-docs check-dist; do
  [ -x "scripts/$c.sh" ] && checks+=("$c")
done
for c in "${checks[@]}"; do
  echo "== $c"
  "scripts/$c.sh"
done
if [ -x scripts/fuzz.sh ]; then
  echo "== fuzz"
  scripts/fuzz.sh "${VLD_FUZZ_SECONDS:-60}"
fi

# One closing line over the Meson suites (the checks above exit non-zero on failure).
python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
res = [json.loads(l)["result"] for l in open(sys.argv[1]) if l.strip()]
ok = sum(r in ("OK", "EXPECTEDFAIL") for r in res)
skip = sum(r == "SKIP" for r in res)
print(f"tests: {ok} passed, {len(res) - ok - skip} failed, {skip} skipped")
PY
