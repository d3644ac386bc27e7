#!/bin/sh
# Compare the ABI of the freshly built shared library with the committed
# baseline abi/libvalidate.abi and fail on an incompatible change (added
# symbols are fine). `check-abi.sh --update` rewrites the baseline instead:
# do that only when releasing (docs/abi.md).
set -eu
cd "$(dirname "$0")/.."
command -v abidiff >/dev/null || apt-get install -y abigail-tools
# The baseline is made with gcc and debug info; build the same way.
[ -f build-abi/build.ninja ] ||
    CC=gcc meson setup build-abi -Dbuildtype=debugoptimized -Dtests=false
meson compile -C build-abi lib/validate:shared_library
lib=$(readlink -f build-abi/lib/libvalidate.so)
# Only types reachable from the public header belong to the ABI.
abidw_args="--headers-dir include --drop-private-types --no-corpus-path --no-comp-dir-path --type-id-style hash"

if [ "${1:-}" = --update ]; then
    # shellcheck disable=SC2086
    abidw $abidw_args --out-file abi/libvalidate.abi "$lib"
    echo "abi/libvalidate.abi updated from $lib"
    exit 0
fi

# shellcheck disable=SC2086
abidw $abidw_args --out-file build-abi/current.abi "$lib"
set +e
abidiff abi/libvalidate.abi build-abi/current.abi >build-abi/abidiff.txt
status=$?
set -e
cat build-abi/abidiff.txt
# abidiff's status is a bit field: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible change (a symbol removed). A change alone (4) is either an
# addition (fine) or a changed type or signature that a human must judge:
# ABI_STRICT=1 fails on those too.
if [ $((status & 11)) -ne 0 ]; then
    echo "check-abi: incompatible ABI change or abidiff error (status $status)" >&2
    exit 1
fi
if grep -Eq '[1-9][0-9]* Changed' build-abi/abidiff.txt; then
    echo "check-abi: changed functions or variables above: compatible only if deliberate (docs/abi.md)" >&2
    [ "${ABI_STRICT:-0}" = 0 ] || exit 1
fi
echo "check-abi: ok (abidiff status $status)"
