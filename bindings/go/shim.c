#include "shim.h"
#include "_cgo_export.h"

#include <string.h>

static int progress(void *user, uint64_t done, uint64_t total)
{
    return goVldProgress((uintptr_t)user, done, total);
}

static int chunk_check(void *user, uint64_t index, uint64_t offset, const void *data, size_t len)
{
    return goVldChunkCheck((uintptr_t)user, index, offset, (void *)data, len);
}

static int damage(void *user, const vld_range *range)
{
    return goVldDamage((uintptr_t)user, range->offset, range->length, range->flags);
}

/* handle 0 removes the callback */
vld_status vldgo_set_progress(vld_ctx *ctx, uintptr_t handle)
{
    return vld_ctx_set_progress(ctx, handle ? progress : NULL, (void *)handle);
}

vld_status vldgo_set_chunk_check(vld_ctx *ctx, uintptr_t handle)
{
    return vld_ctx_set_chunk_check(ctx, handle ? chunk_check : NULL, (void *)handle);
}

vld_status vldgo_set_damage(vld_stream *s, uintptr_t handle)
{
    return vld_stream_set_damage_callback(s, handle ? damage : NULL, (void *)handle);
}

/* The snapshot of an observation is delivered synchronously on the thread
 * that called vld_ctx_observe(), so a thread-local pointer, set only for
 * the duration of that one C call, tells it apart from the snapshots of
 * verifications running on other threads. No Go code depends on which OS
 * thread it runs on: the pointer never outlives the call. */
static _Thread_local vld_metrics *capture;

static int metrics(void *user, const vld_metrics *m)
{
    if (capture && m->reason == VLD_METRICS_DONE) {
        size_t n = m->size < sizeof *capture ? m->size : sizeof *capture;
        memcpy(capture, m, n);
        capture->size = n;
        capture = NULL;
    }
    return goVldMetrics((uintptr_t)user, (void *)m);
}

static uint64_t clock_fn(void *user)
{
    return goVldClock((uintptr_t)user);
}

vld_status vldgo_set_metrics(vld_ctx *ctx, uintptr_t handle)
{
    return vld_ctx_set_metrics_callback(ctx, handle ? metrics : NULL, (void *)handle);
}

vld_status vldgo_set_clock(vld_ctx *ctx, uintptr_t handle)
{
    return vld_ctx_set_clock(ctx, handle ? clock_fn : NULL, (void *)handle);
}

vld_status vldgo_observe(vld_ctx *ctx, const vld_observation *obs, vld_metrics *out)
{
    memset(out, 0, sizeof *out);
    capture = out;
    vld_status st = vld_ctx_observe(ctx, obs);
    capture = NULL;
    return st;
}
