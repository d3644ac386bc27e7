#!/bin/sh
# Build everything with ThreadSanitizer in build-tsan/ and run the test
# suites (all of them, or those named: check-tsan.sh --suite parallel);
# any data race or lock-order report fails the test that made it.
set -eu
cd "$(dirname "$0")/.."
[ -f build-tsan/build.ninja ] ||
    meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debugoptimized
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
ninja -C build-tsan
# Bindings run in interpreters (python3, go test) that would need the TSan
# runtime preloaded; Go has its own -race run in the plain build.
meson test -C build-tsan --print-errorlogs --no-suite abi --no-suite header --no-suite bindings "$@"
