/*
 * vld - checking files against xxhsum checksum files (`vld check`, `vld sum -c`).
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_CHECK_H
#define VLD_CLI_CHECK_H

#include <libvalidate.h>

#include <stdbool.h>

typedef struct check_opts {
    bool quiet;          /* no "NAME: OK" lines */
    bool status;         /* nothing on stdout; the exit status tells */
    bool strict;         /* improperly formatted lines make the check fail */
    bool warn;           /* report each improperly formatted line on stderr */
    bool ignore_missing; /* files that do not exist are neither failures nor reported */
    bool little_endian;  /* GNU lines were written with --little-endian */
    bool progress;       /* draw a progress bar */
} check_opts;

/*
 * Check every SUMFILE (none, or "-", reads standard input) as `xxhsum -c`
 * does. Returns 0 when everything checked out, 1 otherwise.
 */
int check_run(const check_opts *o, char **files, int nfiles);

int cmd_check(int argc, char **argv);

#endif
