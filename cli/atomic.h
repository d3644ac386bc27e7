/*
 * vld - replacing a file atomically: a crash or a signal leaves the old
 * file or the new one, never half of one, and no temporary file behind.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_ATOMIC_H
#define VLD_CLI_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write len bytes to path: a temporary file in the same directory is
 * written, fsync'ed and renamed over path, then the directory is fsync'ed.
 * Without overwrite an existing path is never replaced, even one created
 * while we wrote (EEXIST). SIGINT, SIGTERM and SIGHUP during the write
 * remove the temporary file before the process dies.
 * @return 0 or an errno value.
 */
int atomic_write(const char *path, const void *buf, size_t len, bool overwrite);

#endif
