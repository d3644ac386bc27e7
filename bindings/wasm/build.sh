#!/bin/sh
# Build libvalidate.wasm: the library cross-compiled for wasm32-wasi.
#   bindings/wasm/build.sh            -> build-wasm/bindings/wasm/src/libvalidate.wasm
#   bindings/wasm/build.sh --no-simd  -> build-wasm-nosimd/... (for bench.mjs)
# BUILD_DIR overrides the build directory. Prints the .wasm path last.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
builddir=${BUILD_DIR:-$top/build-wasm}
extra=
if [ "${1:-}" = --no-simd ]; then
    builddir=${BUILD_DIR:-$top/build-wasm-nosimd}
    extra=-Dc_args=   # the cross file's c_args carry -msimd128
fi

# Debian packages: wasi-libc (headers, libc, crt1-reactor.o) and the
# compiler-rt builtins clang links into every wasm32 binary.
missing=
for p in wasi-libc libclang-rt-14-dev-wasm32; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -q >&2
    # shellcheck disable=SC2086
    $sudo apt-get install -y -q $missing >&2
fi

if [ ! -f "$builddir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$builddir" "$top" --cross-file "$here/wasm32-wasi.ini" $extra >&2
fi
# Only the module: the cross build also knows the shared library and the
# CLI, which are not meant for wasm32-wasi.
meson compile -C "$builddir" bindings/wasm/src/libvalidate:executable >&2
echo "$builddir/bindings/wasm/src/libvalidate.wasm"
