#!/bin/sh
# Install into a temporary prefix (meson install --destdir), then build and
# run a small program outside the tree with nothing but
# `pkg-config --cflags --libs libvalidate`, against the shared and the
# static library.
set -eu
cd "$(dirname "$0")/.."
command -v pkg-config >/dev/null || apt-get install -y pkg-config
[ -f build-consumer/build.ninja ] || meson setup build-consumer --prefix=/opt/libvalidate -Dtests=false
ninja -C build-consumer
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C build-consumer --destdir "$tmp/root" --quiet

pc=$(find "$tmp/root" -name libvalidate.pc)
[ -n "$pc" ] || { echo "check-consumer: no libvalidate.pc installed" >&2; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$tmp/root"
libdir=$(pkg-config --libs-only-L libvalidate | sed "s/^ *-L//; s/ *$//")

cat >"$tmp/consumer.c" <<'C'
#include <libvalidate.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    static unsigned char data[10000];
    vld_ctx *ctx = NULL;
    vld_manifest *m = NULL;
    vld_report *r = NULL;
    vld_report_summary s;
    memset(data, 7, sizeof data);
    if (vld_version_number() != VLD_VERSION_NUMBER || vld_ctx_new(NULL, &ctx) != VLD_OK ||
        vld_manifest_build(ctx, data, sizeof data, &m) != VLD_OK ||
        vld_verify_buffer(ctx, m, data, sizeof data, &r) != VLD_OK)
        return 1;
    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    if (vld_report_get_summary(r, &s) != VLD_OK || s.verdict != VLD_VERDICT_OK)
        return 1;
    printf("libvalidate %s: ok\n", vld_version_string());
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    return 0;
}
C
cd "$tmp"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror -o consumer consumer.c $(pkg-config --cflags --libs libvalidate)
LD_LIBRARY_PATH="$libdir" ./consumer
# The loader must have picked the installed copy, not some other one.
LD_LIBRARY_PATH="$libdir" ldd ./consumer | grep -q "$tmp/root" ||
    { echo "check-consumer: consumer did not load the installed library" >&2; exit 1; }
# Static: the same flags with --static, libvalidate itself taken from its .a.
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror -o consumer-static consumer.c $(pkg-config --cflags libvalidate) \
    $(pkg-config --static --libs libvalidate | sed 's/-lvalidate/-Wl,-Bstatic -lvalidate -Wl,-Bdynamic/')
! ldd ./consumer-static | grep -q libvalidate ||
    { echo "check-consumer: static consumer still needs libvalidate.so" >&2; exit 1; }
./consumer-static
echo "check-consumer: ok"
