#!/bin/sh
# Print MAJOR.MINOR.PATCH from the VLD_VERSION_* macros of the public header,
# so the version number lives in the header alone.
set -eu
hdr=$1
get() { sed -n "s/^#define VLD_VERSION_$1 \([0-9][0-9]*\).*/\1/p" "$hdr"; }
printf '%s.%s.%s\n' "$(get MAJOR)" "$(get MINOR)" "$(get PATCH)"
