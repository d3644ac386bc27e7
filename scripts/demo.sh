#!/usr/bin/env bash
# The main job, on a fresh Debian machine: build libvalidate and `vld`, then
# use them on real data — 64 MiB of this machine's own programs — and show
# that a single damaged byte is found and localized.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
build=build-demo
[ -d "$build" ] || meson setup "$build" >/dev/null 2>&1
meson compile -C "$build" >/dev/null 2>&1 || meson compile -C "$build"
vld="$build/cli/vld"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat /usr/bin/* 2>/dev/null | head -c $((64 << 20)) >"$work/data.bin" || true
echo "+ data: $(stat -c %s "$work/data.bin") bytes of /usr/bin"

run() { echo "+ $*"; "$@"; }
run "$vld" manifest -c 1M "$work/data.bin"
run "$vld" inspect "$work/data.bin.vldm"
run "$vld" verify "$work/data.bin"

cp "$work/data.bin" "$work/copy.bin"
printf '\x00' | dd of="$work/copy.bin" bs=1 seek=$((40 << 20 | 12345)) conv=notrunc status=none
echo "+ damaged one byte of a copy at offset $((40 << 20 | 12345))"
set +e
run "$vld" verify "$work/copy.bin" "$work/data.bin.vldm"; echo "exit status $?"
run "$vld" verify --depth sampled --sample 1/16 "$work/copy.bin" "$work/data.bin.vldm"; echo "exit status $?"
run "$vld" verify --json "$work/copy.bin" "$work/data.bin.vldm"; echo "exit status $?"
run "$vld" verify --budget-ms 2 "$work/copy.bin" "$work/data.bin.vldm"; echo "exit status $?"
head -c $((30 << 20)) "$work/data.bin" >"$work/short.bin"
run "$vld" verify --depth shallow "$work/short.bin" "$work/data.bin.vldm"; echo "exit status $?"
