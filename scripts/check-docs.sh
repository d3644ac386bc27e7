#!/bin/sh
# Build the Doxygen API reference in build-docs/; any warning (an
# undocumented public symbol, a broken reference) fails it.
set -eu
cd "$(dirname "$0")/.."
command -v doxygen >/dev/null || apt-get install -y doxygen
[ -f build-docs/build.ninja ] || meson setup build-docs -Ddocs=enabled -Dtests=false
meson compile -C build-docs api-docs
echo "check-docs: ok (build-docs/docs/html/index.html)"
