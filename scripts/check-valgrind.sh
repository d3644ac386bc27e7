#!/bin/sh
# Run the C test programs under valgrind memcheck (the 'valgrind' test setup
# of meson.build) in build-valgrind/; any error or definite leak fails.
# Suites of scripts (not C programs) are left out: valgrind would check the
# interpreter, not libvalidate.
set -eu
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || apt-get install -y valgrind
[ -f build-valgrind/build.ninja ] || meson setup build-valgrind -Dbuildtype=debug
ninja -C build-valgrind
meson test -C build-valgrind --setup valgrind --print-errorlogs \
    --no-suite abi --no-suite fuzz --no-suite cli --no-suite bindings "$@"
