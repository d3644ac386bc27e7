#!/bin/sh
# `meson dist` from build-dist/: makes the release tarball from the last
# commit, then unpacks, configures, builds and tests it from scratch (meson
# dist does all of that and fails if any step does). Then checks that the
# tarball carries its version and the files a release needs.
# Only committed files are packed; uncommitted changes are left out (--allow-dirty).
set -eu
cd "$(dirname "$0")/.."
git rev-parse --verify -q HEAD >/dev/null || { echo "check-dist: no commit yet" >&2; exit 1; }
[ -f build-dist/build.ninja ] || meson setup build-dist
meson dist -C build-dist --formats xztar --allow-dirty

version=$(scripts/header-version.sh include/libvalidate.h)
tarball=build-dist/meson-dist/libvalidate-$version.tar.xz
[ -f "$tarball" ] || { echo "check-dist: $tarball missing" >&2; exit 1; }
for f in include/libvalidate.h lib/libvalidate.map meson_options.txt abi/libvalidate.abi \
    scripts/header-version.sh; do
    tar -tJf "$tarball" "libvalidate-$version/$f" >/dev/null ||
        { echo "check-dist: $f is not in $tarball" >&2; exit 1; }
done
grep -q "^## \[$version\]" CHANGELOG.md 2>/dev/null ||
    echo "check-dist: warning: CHANGELOG.md has no section for $version yet" >&2
echo "check-dist: ok ($tarball)"
