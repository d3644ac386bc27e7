#!/bin/sh
# Regenerate the seed corpus in fuzz/corpus/ (committed) with gen_corpus.c.
# Inputs the fuzzer finds worth keeping may be added next to the seeds.
set -eu
cd "$(dirname "$0")/.."
command -v clang >/dev/null || apt-get install -y clang libclang-rt-14-dev
[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=false
ninja -C build-fuzz fuzz/gen_corpus
build-fuzz/fuzz/gen_corpus fuzz/corpus
