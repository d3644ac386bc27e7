/*
 * The verification engine. Buffers, streams and files all feed it whole
 * chunks; it records each chunk's state and, at the end, turns the states
 * into the report's verdict, coverage and merged damaged ranges. Keeping
 * this in one place is what makes every front end give the same report.
 */
#include "internal.h"
#include "metrics.h"

#include <string.h>

#define PROGRESS_STEP ((uint64_t)4 << 20)

vld_status vldi_verifier_init(vldi_verifier *v, vld_ctx *ctx, const vld_manifest *m)
{
    return vldi_verifier_init_range(v, ctx, m, 0, m->chunk_count);
}

vld_status vldi_verifier_init_range(vldi_verifier *v, vld_ctx *ctx, const vld_manifest *m,
                                    uint64_t first, uint64_t count)
{
    memset(v, 0, sizeof *v);
    v->ctx = ctx;
    v->m = m;
    v->first = first;
    v->end = first + count;
    v->cancel_epoch = vldi_atomic_load(&ctx->cancel_epoch);
    vldi_ctx_snapshot(ctx, &v->settings);
    /* With a budget the tuner replaces depth and sample before anything
     * depends on them; without one this only records the settings. */
    vldi_metrics_plan(ctx, m, &v->settings.params, &v->tuning);
    const vldi_params *p = &v->settings.params;
    if (p->depth == VLD_DEPTH_SAMPLED && p->sample_groups && p->sample_group >= p->sample_groups)
        return vldi_fail(ctx, VLD_E_OUT_OF_RANGE, "sample group %lld is not below the group count %lld",
                         (long long)p->sample_group, (long long)p->sample_groups);
    vld_report *r = vldi_report_new(&ctx->alloc, m->chunk_count, m->hash, m->chunk_size, m->digest,
                                    (size_t)p->max_ranges);
    if (!r)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for the report of %llu chunks",
                         (unsigned long long)m->chunk_count);
    v->report = r;
    for (uint64_t i = first; i < v->end; i++)
        r->chunk_states[i] = VLDI_IN_SCOPE;
    bool whole_object = first == 0 && v->end == m->chunk_count;
    if (p->depth == VLD_DEPTH_DEEP && whole_object && vldi_hasher_new(&ctx->alloc, VLD_HASH_XXH3_128, &v->whole) != VLD_OK) {
        vldi_verifier_release(v);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for the whole-object digest");
    }
    vldi_sampler_init(&v->sampler, p, m->chunk_count);
    v->progress_next = PROGRESS_STEP;
    v->active = 1;
    v->metered = vldi_metrics_metered(ctx);
    v->started_ns = vldi_metrics_now(&ctx->metrics);
    vldi_metrics_begin(ctx);
    v->counted = true;
    return VLD_OK;
}

void vldi_verifier_release(vldi_verifier *v)
{
    if (v->counted) /* abandoned before its end (a stream freed unfinished) */
        vldi_metrics_abandon(v->ctx);
    v->counted = false;
    vld_report_free(v->report);
    v->report = NULL;
    vldi_hasher_free(&v->ctx->alloc, v->whole);
    v->whole = NULL;
}

bool vldi_verifier_cancelled(vldi_verifier *v)
{
    return vldi_atomic_load(&v->ctx->cancel_epoch) != v->cancel_epoch;
}

bool vldi_verifier_wants(const vldi_verifier *v, uint64_t index)
{
    return vldi_sampler_selects(&v->sampler, index);
}

static uint64_t chunk_offset(const vld_manifest *m, uint64_t index)
{
    return index * m->chunk_size;
}

vld_status vldi_verifier_chunk(vldi_verifier *v, uint64_t index, const uint8_t digest[16],
                               const void *data, size_t len)
{
    const vld_manifest *m = v->m;
    uint8_t state = VLD_CHUNK_OK;
    if (memcmp(digest, vldi_manifest_chunk_digest(m, index), m->digest_size) != 0) {
        state = VLD_CHUNK_DAMAGED;
    } else if (v->settings.params.depth == VLD_DEPTH_DEEP && v->settings.chunk_check && data) {
        if (v->settings.chunk_check(v->settings.chunk_check_user, index, chunk_offset(m, index),
                                    data, len))
            state = VLD_CHUNK_DAMAGED | (VLD_RANGE_HOST << VLDI_FLAG_SHIFT);
    }
    /* Each chunk has its own byte: worker threads record chunks concurrently. */
    v->report->chunk_states[index] = (uint8_t)(state | VLDI_IN_SCOPE);
    vldi_atomic_add(&v->hashed, len);
    if ((state & VLDI_STATE_MASK) == VLD_CHUNK_DAMAGED && v->on_damage) {
        vld_range r = {sizeof r, chunk_offset(m, index), len, (uint32_t)(state >> VLDI_FLAG_SHIFT)};
        if (v->on_damage(v->on_damage_user, &r))
            return vldi_fail(v->ctx, VLD_E_CALLBACK_ABORT, "the damage callback stopped the verification");
    }
    return VLD_OK;
}

void vldi_verifier_mark_transient(vldi_verifier *v, uint64_t index)
{
    v->report->chunk_states[index] |= (uint8_t)(VLD_RANGE_TRANSIENT << VLDI_FLAG_SHIFT);
}

vld_status vldi_verifier_chunk_data(vldi_verifier *v, uint64_t index, const void *data, size_t len)
{
    uint8_t digest[16];
    vldi_digest(v->m->hash, data, len, digest);
    return vldi_verifier_chunk(v, index, digest, data, len);
}

vld_status vldi_verifier_progress(vldi_verifier *v, uint64_t bytes)
{
    uint64_t hashed = vldi_atomic_load(&v->hashed);
    vld_status st = vldi_metrics_tick(v->ctx, hashed - v->hashed_reported, v->active, v->queued);
    v->hashed_reported = hashed;
    if (st != VLD_OK)
        return st;
    v->progress_done += bytes;
    if (!v->settings.progress || v->progress_done < v->progress_next)
        return VLD_OK;
    v->progress_next = v->progress_done + PROGRESS_STEP;
    if (v->settings.progress(v->settings.progress_user, v->progress_done, v->m->length))
        return vldi_fail(v->ctx, VLD_E_CALLBACK_ABORT, "the progress callback stopped the verification");
    return VLD_OK;
}

/* Hand the finished verification to the metrics: counters, latency,
 * throughput, the policy and the callback; and record the tuning. A stop
 * asked for by that callback cancels the work still in flight (metrics.c);
 * this verification itself has already run to its end. */
static void report_metrics(vldi_verifier *v, vld_report *r, uint64_t seen)
{
    const vld_manifest *m = v->m;
    const vld_report_summary *s = &r->summary;
    vldi_completion c = {0};
    uint64_t hashed = vldi_atomic_load(&v->hashed);
    c.bytes_hashed = hashed - v->hashed_reported;
    c.total_hashed = hashed;
    for (uint64_t i = v->first; i < v->end; i++) {
        uint8_t st = r->chunk_states[i] & VLDI_STATE_MASK;
        c.chunks_ok += st == VLD_CHUNK_OK;
        c.chunks_damaged += st == VLD_CHUNK_DAMAGED || st == VLD_CHUNK_MISSING;
    }
    uint64_t scope_end = v->end * m->chunk_size < m->length ? v->end * m->chunk_size : m->length;
    uint64_t present = (seen < scope_end ? seen : scope_end);
    present = present > v->first * m->chunk_size ? present - v->first * m->chunk_size : 0;
    c.bytes_skipped = present > hashed ? present - hashed : 0;
    c.latency_ns = vldi_metrics_now(&v->ctx->metrics) - v->started_ns;
    c.cpu_ns = vldi_atomic_load(&v->cpu_ns);
    c.runners_active = v->active;
    c.depth = s->depth;
    c.sample_rate_ppm = v->tuning.sample_rate_ppm;
    c.deep = s->depth == VLD_DEPTH_DEEP;
    c.alerts = v->tuning.reasons & VLD_TUNE_FLOOR ? VLD_ALERT_BUDGET : 0;
    r->tuning = v->tuning;
    r->tuning.actual_ns = c.latency_ns;
    v->counted = false;
    vldi_metrics_end(v->ctx, &v->settings.params, &c);
}

vld_status vldi_verifier_finish(vldi_verifier *v, uint64_t seen, vld_status status, vld_report **out)
{
    const vld_manifest *m = v->m;
    vld_report *r = v->report;
    /* Only a verification that reached the end of the data knows where the
     * data ends; a stopped one leaves the chunks it never reached unchecked. */
    if (status == VLD_OK && seen < m->length) {
        for (uint64_t i = seen / m->chunk_size; i < v->end; i++)
            if ((r->chunk_states[i] & (VLDI_STATE_MASK | VLDI_IN_SCOPE)) == VLDI_IN_SCOPE)
                r->chunk_states[i] = VLDI_IN_SCOPE | VLD_CHUNK_MISSING;
    }
    vld_report_summary *s = &r->summary;
    s->size = sizeof *s;
    s->depth = (vld_depth)v->settings.params.depth;
    s->status = status;
    s->bytes_total = m->length;
    s->bytes_seen = seen;
    s->chunks_total = m->chunk_count;
    if (v->whole && status == VLD_OK) {
        uint8_t digest[16];
        vldi_hasher_final(v->whole, digest);
        s->digest_checked = 1;
        s->digest_ok = seen == m->length && memcmp(digest, m->digest, 16) == 0;
    }
    if (vldi_report_summarize(r) != VLD_OK) {
        vldi_verifier_release(v);
        return vldi_fail(v->ctx, VLD_E_NOMEM, "no memory for the report's ranges");
    }
    if (status == VLD_OK && v->settings.progress &&
        v->settings.progress(v->settings.progress_user, v->progress_done, m->length)) {
        status = s->status = vldi_fail(v->ctx, VLD_E_CALLBACK_ABORT,
                                       "the progress callback stopped the verification");
    }
    report_metrics(v, r, seen);
    *out = r;
    v->report = NULL;
    vldi_verifier_release(v);
    return status;
}
