#!/bin/sh
# Build everything with AddressSanitizer + UndefinedBehaviorSanitizer in
# build-asan/ and run the whole test suite there; any report fails it.
set -eu
cd "$(dirname "$0")/.."
[ -f build-asan/build.ninja ] ||
    meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
# The first report of either sanitizer, or any leak, fails the test that made it.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ninja -C build-asan
# The bindings' interpreters (python3, go test) would need the ASan runtime
# preloaded into them; they are checked natively and by their own -race run.
meson test -C build-asan --print-errorlogs --no-suite bindings "$@"
