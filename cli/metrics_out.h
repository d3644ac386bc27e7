/*
 * vld - printing the library's metrics snapshots on standard error while
 * a verification runs (`vld verify --metrics`).
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_METRICS_OUT_H
#define VLD_CLI_METRICS_OUT_H

#include <libvalidate.h>

#include <stdbool.h>

/* Install a metrics callback on ctx that prints one line per snapshot on
 * stderr: text, or one JSON object per line when `json` is set. */
vld_status metrics_out_install(vld_ctx *ctx, bool json, int64_t interval_ms);

#endif
