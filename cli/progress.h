/*
 * vld - progress bar on standard error, fed by the library's progress
 * callback. Drawn only when enabled (stderr is a terminal and neither
 * --quiet nor --no-progress was given) and the work has lasted a second.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_PROGRESS_H
#define VLD_CLI_PROGRESS_H

#include <libvalidate.h>

#include <stdbool.h>
#include <stdint.h>

typedef struct progress {
    bool enabled;
    bool drawn;
    char label[41]; /* printable copy of the operation's name */
    uint64_t start_ms;
    uint64_t last_draw_ms;
} progress;

/* Whether a progress bar may be drawn: stderr is a tty and not silenced. */
bool progress_wanted(bool quiet, bool no_progress);
void progress_init(progress *p, bool enabled);
/* Install the callback on ctx for one operation named label. */
void progress_begin(progress *p, vld_ctx *ctx, const char *label);
/* Remove the callback and erase the bar if one was drawn. */
void progress_end(progress *p, vld_ctx *ctx);

#endif
