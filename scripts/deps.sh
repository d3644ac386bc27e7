#!/usr/bin/env bash
# Install the Debian packages a job needs: `scripts/deps.sh build|test|bench`.
# Idempotent and quick when everything is already there.
set -euo pipefail

build=(meson ninja-build pkg-config gcc libxxhash-dev xxhash)
test=(libcmocka-dev libjansson-dev python3 clang libclang-rt-14-dev valgrind
      abigail-tools doxygen golang-go wasi-libc libclang-rt-14-dev-wasm32
      python3-distributed)
bench=(b3sum gnuplot-nox python3 util-linux)

case "${1:-build}" in
  build) want=("${build[@]}") ;;
  test) want=("${build[@]}" "${test[@]}") ;;
  bench) want=("${build[@]}" "${bench[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
