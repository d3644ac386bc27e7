#!/bin/sh
# Build libvalidate.wasm and run the Node.js tests against it.
# VLD_CLI (the native vld, for the cross-check) and VLD_TEST_VECTORS may be
# set by the caller; meson test sets both.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
VLD_WASM=$("$here/build.sh")
export VLD_WASM
# node:wasi is marked experimental in Node 20; the warning is noise here.
exec node --disable-warning=ExperimentalWarning --test "$here"/test/*.test.mjs
