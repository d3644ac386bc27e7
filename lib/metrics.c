/*
 * Per-context metrics: counters, the latency window, throughput and runner
 * CPU accounting; snapshots delivered to the host's callback with the
 * policy's events; and the tuner's plan for each verification.
 */
#include "metrics.h"
#include "pool.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Per-verification throughput only refines the estimate from objects large
 * enough that fixed costs do not dominate. */
#define SMOOTH_MIN_BYTES ((uint64_t)1 << 20)
#define SMOOTH_WEIGHT 0.2
/* The self-benchmark hashes a cache-hot buffer; real work streams from
 * memory or the page cache, measured here 3.5x to 7x slower. Start from a
 * quarter of it so the first tuned verification errs towards less work;
 * the first measured verification then replaces the estimate. */
#define CALIBRATION_DERATE 0.25

static uint64_t monotonic_ns(void *user)
{
    (void)user;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int vldi_metrics_init(vldi_metrics *mt)
{
    memset(mt, 0, sizeof *mt);
    if (vldi_mutex_init(&mt->lock) != 0)
        return -1;
    if (vldi_mutex_init(&mt->deliver) != 0) {
        vldi_mutex_destroy(&mt->lock);
        return -1;
    }
    mt->clock = monotonic_ns;
    mt->created_ns = mt->last_ns = monotonic_ns(NULL);
    return 0;
}

void vldi_metrics_release(vldi_metrics *mt)
{
    vldi_mutex_destroy(&mt->deliver);
    vldi_mutex_destroy(&mt->lock);
}

uint64_t vldi_metrics_now(vldi_metrics *mt)
{
    vldi_mutex_lock(&mt->lock);
    vld_clock_fn clock = mt->clock;
    void *user = mt->clock_user;
    vldi_mutex_unlock(&mt->lock);
    return clock(user);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentiles of the window, in milliseconds. */
static void percentiles(vldi_metrics *mt, vld_metrics *s)
{
    s->latency_p50_ms = s->latency_p95_ms = s->latency_p99_ms = 0;
    if (!mt->filled)
        return;
    memcpy(mt->sorted_us, mt->latencies_us, mt->filled * sizeof *mt->sorted_us);
    qsort(mt->sorted_us, mt->filled, sizeof *mt->sorted_us, cmp_u32);
    const double q[3] = {0.50, 0.95, 0.99};
    double *out[3] = {&s->latency_p50_ms, &s->latency_p95_ms, &s->latency_p99_ms};
    for (int i = 0; i < 3; i++) {
        size_t rank = (size_t)(q[i] * mt->filled + 0.999999);
        *out[i] = (double)mt->sorted_us[(rank ? rank : 1) - 1] / 1e3;
    }
}

/* Fill a snapshot under mt->lock; a delivered one also closes the interval. */
static void fill(vldi_metrics *mt, const vldi_params *p, uint64_t now,
                 vld_metrics_reason reason, vld_metrics *s)
{
    *s = mt->totals;
    s->size = sizeof *s;
    s->reason = reason;
    s->events = s->alerts = 0;
    s->now_ns = now;
    s->elapsed_ns = now - mt->created_ns;
    s->calibrated_bps = p->calibrated_bps ? (double)p->calibrated_bps : mt->calibrated_bps;
    s->runners_max = vldi_threads_wanted(p->threads);
    uint64_t wall = now > mt->last_ns ? now - mt->last_ns : 0;
    s->throughput_recent_bps =
        wall ? (double)(s->bytes_hashed - mt->bytes_at_last) / ((double)wall / 1e9) : 0;
    double util = wall ? (double)(mt->cpu_ns - mt->cpu_at_last) / ((double)wall * s->runners_max) : 0;
    s->runner_cpu_utilization = util > 1 ? 1 : util;
    double bps = s->throughput_smoothed_bps > 0 ? s->throughput_smoothed_bps : s->calibrated_bps;
    s->step_bytes = p->budget_ms ? (uint64_t)((double)p->budget_ms / 1e3 * VLDI_TUNE_HEADROOM * bps) : 0;
    percentiles(mt, s);
    if (reason != VLD_METRICS_PULL) {
        mt->last_ns = now;
        mt->bytes_at_last = s->bytes_hashed;
        mt->cpu_at_last = mt->cpu_ns;
    }
}

/* Hand a snapshot to the callback, one delivery at a time per context. */
static vld_status deliver(vld_ctx *ctx, vldi_metrics *mt, vld_metrics_fn fn, void *user,
                          const vld_metrics *s)
{
    vldi_mutex_lock(&mt->deliver);
    int stop = fn(user, s);
    vldi_mutex_unlock(&mt->deliver);
    if (!stop)
        return VLD_OK;
    vldi_mutex_lock(&mt->lock);
    mt->aborted = true;
    vldi_mutex_unlock(&mt->lock);
    vld_ctx_cancel(ctx);
    return vldi_fail(ctx, VLD_E_CALLBACK_ABORT, "the metrics callback stopped the work");
}

void vldi_metrics_begin(vld_ctx *ctx)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    mt->totals.verifications_in_flight++;
    vldi_mutex_unlock(&mt->lock);
}

void vldi_metrics_abandon(vld_ctx *ctx)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    if (mt->totals.verifications_in_flight)
        mt->totals.verifications_in_flight--;
    vldi_mutex_unlock(&mt->lock);
}

bool vldi_metrics_metered(vld_ctx *ctx)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    bool on = mt->callback != NULL;
    vldi_mutex_unlock(&mt->lock);
    return on;
}

uint64_t vldi_thread_cpu_ns(void)
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
    return 0;
}

static void record_latency(vldi_metrics *mt, uint32_t window, uint64_t ns)
{
    if (window != mt->window) {
        /* A new window size starts a new window. */
        mt->window = window;
        mt->filled = mt->next = 0;
    }
    uint64_t us = ns / 1000;
    mt->latencies_us[mt->next] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    mt->next = (mt->next + 1) % mt->window;
    if (mt->filled < mt->window)
        mt->filled++;
}

vld_status vldi_metrics_end(vld_ctx *ctx, const vldi_params *params, const vldi_completion *c)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_params current;
    if (!params) {
        vldi_settings set;
        vldi_ctx_snapshot(ctx, &set);
        current = set.params;
        params = &current;
    }
    vldi_mutex_lock(&mt->lock);
    vld_metrics *t = &mt->totals;
    t->bytes_hashed += c->bytes_hashed;
    t->bytes_skipped += c->bytes_skipped;
    t->chunks_ok += c->chunks_ok;
    t->chunks_damaged += c->chunks_damaged;
    t->verifications_completed++;
    if (t->verifications_in_flight)
        t->verifications_in_flight--;
    t->runners_active = c->runners_active;
    t->queued_chunks = c->queued_chunks;
    t->depth = c->depth;
    t->sample_rate_ppm = c->sample_rate_ppm;
    mt->cpu_ns += c->cpu_ns;
    mt->pending_alerts |= c->alerts;
    record_latency(mt, (uint32_t)params->latency_window, c->latency_ns);
    uint64_t work = c->total_hashed * (c->deep ? 2 : 1);
    if (work >= SMOOTH_MIN_BYTES && c->latency_ns) {
        double rate = (double)work / ((double)c->latency_ns / 1e9);
        /* A bias-corrected average: the first measurement counts fully,
         * then the weight decays to SMOOTH_WEIGHT. */
        mt->smoothed_samples++;
        double w = 1.0 / (double)mt->smoothed_samples;
        if (w < SMOOTH_WEIGHT)
            w = SMOOTH_WEIGHT;
        t->throughput_smoothed_bps = (1 - w) * t->throughput_smoothed_bps + w * rate;
    }
    vld_metrics_fn fn = mt->callback;
    void *user = mt->callback_user;
    vld_metrics s;
    if (fn) {
        fill(mt, params, mt->clock(mt->clock_user), VLD_METRICS_DONE, &s);
        s.events = vldi_policy_eval(&mt->policy, params, &s, mt->pending_alerts, &s.alerts);
        mt->pending_alerts = 0;
    }
    vldi_mutex_unlock(&mt->lock);
    return fn ? deliver(ctx, mt, fn, user, &s) : VLD_OK;
}

vld_status vldi_metrics_tick(vld_ctx *ctx, uint64_t hashed_since, uint64_t runners_active,
                             uint64_t queued_chunks)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_settings set;
    vldi_mutex_lock(&mt->lock);
    mt->totals.bytes_hashed += hashed_since;
    mt->totals.runners_active = (uint32_t)runners_active;
    mt->totals.queued_chunks = queued_chunks;
    vld_metrics_fn fn = mt->callback;
    void *user = mt->callback_user;
    vldi_mutex_unlock(&mt->lock);
    if (!fn)
        return VLD_OK;
    vldi_ctx_snapshot(ctx, &set);
    if (!set.params.metrics_interval_ms)
        return VLD_OK;
    vld_metrics s;
    vldi_mutex_lock(&mt->lock);
    uint64_t now = mt->clock(mt->clock_user);
    bool due = now - mt->last_ns >= (uint64_t)set.params.metrics_interval_ms * 1000000u;
    if (due) {
        fill(mt, &set.params, now, VLD_METRICS_INTERVAL, &s);
        s.events = vldi_policy_eval(&mt->policy, &set.params, &s, mt->pending_alerts, &s.alerts);
        mt->pending_alerts = 0;
    }
    vldi_mutex_unlock(&mt->lock);
    return due ? deliver(ctx, mt, fn, user, &s) : VLD_OK;
}

void vldi_metrics_add_cpu(vld_ctx *ctx, uint64_t cpu_ns)
{
    vldi_mutex_lock(&ctx->metrics.lock);
    ctx->metrics.cpu_ns += cpu_ns;
    vldi_mutex_unlock(&ctx->metrics.lock);
}

/* The rotation slot of an object, found by digest and length, or the
 * least recently used one taken over. */
static vldi_rotation *rotation_slot(vldi_metrics *mt, const vld_manifest *m)
{
    vldi_rotation *oldest = &mt->rotation[0];
    for (int i = 0; i < VLDI_ROTATION_SLOTS; i++) {
        vldi_rotation *r = &mt->rotation[i];
        if (r->used && r->length == m->length && memcmp(r->digest, m->digest, 16) == 0)
            return r;
        if (r->used < oldest->used)
            oldest = r;
    }
    memcpy(oldest->digest, m->digest, 16);
    oldest->length = m->length;
    oldest->next = 0;
    return oldest;
}

/* The throughput the tuner predicts with: measured work once there is some,
 * else the calibration (supplied, or measured now, once per context). */
static double estimate_bps(vld_ctx *ctx, const vldi_params *p)
{
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    double calibrated = p->calibrated_bps ? (double)p->calibrated_bps : mt->calibrated_bps;
    vldi_mutex_unlock(&mt->lock);
    if (calibrated <= 0) {
        /* Measured outside the lock: about a millisecond. */
        unsigned runners = vldi_threads_wanted(p->threads);
        calibrated = vldi_tune_calibrate() * CALIBRATION_DERATE * (runners > 1 ? 0.85 * runners : 1.0);
    }
    vldi_mutex_lock(&mt->lock);
    if (!p->calibrated_bps && mt->calibrated_bps <= 0)
        mt->calibrated_bps = calibrated;
    double bps = mt->totals.throughput_smoothed_bps > 0 ? mt->totals.throughput_smoothed_bps : calibrated;
    vldi_mutex_unlock(&mt->lock);
    return bps > 0 ? bps : 1e9;
}

uint64_t vldi_chunk_size_for(vld_ctx *ctx, const vldi_params *p, uint64_t length)
{
    if (p->chunk_size)
        return (uint64_t)p->chunk_size;
    if (!p->budget_ms || length == VLD_LENGTH_UNKNOWN)
        return vldi_auto_chunk_size(length);
    /* A chunk is hashed by one runner: its share of the throughput. */
    double per_runner = estimate_bps(ctx, p) / vldi_threads_wanted(p->threads);
    return vldi_tune_chunk_size(length, (uint64_t)p->budget_ms * 1000000u, per_runner);
}

void vldi_metrics_plan(vld_ctx *ctx, const vld_manifest *m, vldi_params *p, vld_tuning *out)
{
    memset(out, 0, sizeof *out);
    out->size = sizeof *out;
    out->depth = (vld_depth)p->depth;
    out->sample_rate_ppm = p->depth == VLD_DEPTH_SAMPLED ? (uint32_t)p->sample_rate_ppm : 1000000;
    if (!p->budget_ms)
        return;
    vldi_metrics *mt = &ctx->metrics;
    double bps = estimate_bps(ctx, p);
    vldi_mutex_lock(&mt->lock);
    vldi_rotation *slot = p->rotate ? rotation_slot(mt, m) : NULL;
    vldi_tune_input in = {m->length, m->chunk_size, m->chunk_count,
                          (uint64_t)p->budget_ms * 1000000u, bps,
                          (vld_depth)p->depth, (uint32_t)p->sample_rate_ppm,
                          (vld_depth)p->min_depth, (uint32_t)p->min_sample_ppm, slot != NULL,
                          slot ? slot->next : 0};
    vldi_tune(&in, out);
    if (slot) {
        slot->used = ++mt->rotation_clock;
        if (out->reasons & VLD_TUNE_ROTATED)
            slot->next = (uint64_t)out->group + 1;
    }
    vldi_mutex_unlock(&mt->lock);
    p->depth = out->depth;
    if (out->depth == VLD_DEPTH_SAMPLED) {
        p->sample_rate_ppm = out->sample_rate_ppm;
        p->sample_groups = out->groups;
        p->sample_group = out->group;
    }
}

vld_status vld_ctx_set_metrics_callback(vld_ctx *ctx, vld_metrics_fn fn, void *user)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_mutex_lock(&ctx->metrics.lock);
    ctx->metrics.callback = fn;
    ctx->metrics.callback_user = fn ? user : NULL;
    vldi_mutex_unlock(&ctx->metrics.lock);
    return VLD_OK;
}

vld_status vld_ctx_get_metrics(vld_ctx *ctx, vld_metrics *out)
{
    if (!ctx || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (out->size < sizeof *out)
        return VLD_E_STRUCT_SIZE;
    vldi_settings set;
    vldi_ctx_snapshot(ctx, &set);
    vld_metrics s;
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    fill(mt, &set.params, mt->clock(mt->clock_user), VLD_METRICS_PULL, &s);
    vldi_mutex_unlock(&mt->lock);
    return vldi_copy_sized(out, &s, sizeof s, sizeof s);
}

vld_status vld_ctx_set_clock(vld_ctx *ctx, vld_clock_fn fn, void *user)
{
    if (!ctx)
        return VLD_E_INVALID_ARGUMENT;
    vldi_metrics *mt = &ctx->metrics;
    vldi_mutex_lock(&mt->lock);
    mt->clock = fn ? fn : monotonic_ns;
    mt->clock_user = fn ? user : NULL;
    /* Times from different clocks cannot be compared: start afresh. */
    mt->created_ns = mt->last_ns = mt->clock(mt->clock_user);
    mt->bytes_at_last = mt->totals.bytes_hashed;
    mt->cpu_at_last = mt->cpu_ns;
    vldi_mutex_unlock(&mt->lock);
    return VLD_OK;
}

vld_status vld_ctx_observe(vld_ctx *ctx, const vld_observation *obs)
{
    if (!ctx || !obs)
        return VLD_E_INVALID_ARGUMENT;
    if (obs->size < sizeof *obs)
        return VLD_E_STRUCT_SIZE;
    vldi_completion c = {0};
    c.bytes_hashed = c.total_hashed = obs->bytes;
    c.chunks_ok = 0;
    c.latency_ns = obs->latency_ns;
    c.cpu_ns = obs->cpu_ns;
    c.queued_chunks = obs->queued_chunks;
    c.runners_active = obs->runners_active;
    vldi_metrics_begin(ctx);
    vld_status st = vldi_metrics_end(ctx, NULL, &c);
    return st;
}
