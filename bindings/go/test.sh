#!/bin/sh
# Run the Go binding's checks against a Meson build tree (not an installed
# library): bindings/go/test.sh [BUILD_DIR]   (default: <repo>/build)
# Meson runs it as the `go-binding` test with the build directory.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
go=${GO:-go}
if ! command -v "$go" >/dev/null 2>&1; then
    echo "go not found: install golang-go (Go >= 1.19)" >&2
    exit 1
fi
# meson-uninstalled/libvalidate-uninstalled.pc points at the build tree.
export PKG_CONFIG_PATH="$build/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CGO_ENABLED=1 GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on
export VLD_TEST_VECTORS="${VLD_TEST_VECTORS:-$here/../../tests/vectors/manifests.json}"
# Meson's test environment may have no HOME; Go needs a cache directory.
export GOCACHE="${GOCACHE:-$build/go-cache}"
# pkg-config prefers libvalidate-uninstalled.pc to libvalidate.pc by itself.
cd "$here"
"$go" vet ./...
"$go" test -race -count=1 ./...
