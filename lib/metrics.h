/*
 * Metrics, the scaling policy and the auto-tuner (issue 5). The policy and
 * the tuner are pure functions of their inputs, so tests drive them with an
 * injected clock and injected observations; metrics.c feeds them from real
 * work.
 */
#ifndef VLD_METRICS_H
#define VLD_METRICS_H

#include "internal.h"

/* ---- policy (policy.c) ------------------------------------------------- */


/* Evaluate one snapshot: returns the VLD_EVENT_* bits to raise and sets
 * *alerts. `pending_alerts` are alerts raised outside the policy (the
 * tuner's budget floor), delivered at once. */
uint32_t vldi_policy_eval(vldi_policy *st, const vldi_params *p, const vld_metrics *m,
                          uint32_t pending_alerts, uint32_t *alerts);

/* ---- tuner (tuner.c) --------------------------------------------------- */

typedef struct vldi_tune_input {
    uint64_t length;      /* object bytes */
    uint64_t chunk_size;
    uint64_t chunk_count;
    uint64_t budget_ns;
    double bps;           /* predicted throughput */
    vld_depth ceiling;    /* the depth the host asked for */
    uint32_t ceiling_ppm; /* and its sample rate, when that depth is sampled */
    vld_depth floor;      /* VLD_PARAM_MIN_DEPTH */
    uint32_t min_ppm;     /* VLD_PARAM_MIN_SAMPLE_PPM */
    bool rotate;
    uint64_t cursor;      /* rotation position for this object */
} vldi_tune_input;

/* Plan for this share of the budget, keeping headroom for variance. */
#define VLDI_TUNE_HEADROOM 0.8
/* Fixed cost of a verification, whatever its size. */
#define VLDI_TUNE_OVERHEAD_NS 20000.0

void vldi_tune(const vldi_tune_input *in, vld_tuning *out);
/* Predicted time to hash `bytes` (twice at deep depth). */
uint64_t vldi_tune_predict(double bps, uint64_t bytes, vld_depth depth);
/* Single-runner XXH3 throughput of this machine, measured in about 1 ms. */
double vldi_tune_calibrate(void);
/* Largest power-of-two chunk (4 KiB..auto) one runner hashes within a
 * sixteenth of the budget, so steps and samples can honour it. */
uint64_t vldi_tune_chunk_size(uint64_t length, uint64_t budget_ns, double bps);

/* ---- per-context metrics (metrics.c) ----------------------------------- */


int vldi_metrics_init(vldi_metrics *mt);
void vldi_metrics_release(vldi_metrics *mt);
uint64_t vldi_metrics_now(vldi_metrics *mt);

/* What a finished verification reports to the metrics. */
typedef struct vldi_completion {
    uint64_t bytes_hashed;  /* not yet reported by vldi_metrics_tick() */
    uint64_t total_hashed;  /* by the whole verification */
    uint64_t bytes_skipped;
    uint64_t chunks_ok, chunks_damaged;
    uint64_t latency_ns, cpu_ns, queued_chunks;
    uint32_t runners_active;
    vld_depth depth;
    uint32_t sample_rate_ppm;
    bool deep;             /* hashed twice: normalize throughput */
    uint32_t alerts;       /* raised by the tuner for this verification */
} vldi_completion;

void vldi_metrics_begin(vld_ctx *ctx);
/* A verification that began but will never end (freed unfinished). */
void vldi_metrics_abandon(vld_ctx *ctx);
/* Whether a metrics callback is installed: runner CPU is measured only then. */
bool vldi_metrics_metered(vld_ctx *ctx);
/* Record a completion, evaluate the policy (with the verification's
 * `params`, or the context's current ones when NULL) and deliver the snapshot.
 * Returns VLD_E_CALLBACK_ABORT when the callback asked to stop. */
vld_status vldi_metrics_end(vld_ctx *ctx, const vldi_params *params, const vldi_completion *c);
/* Deliver an interval snapshot if one is due. Cheap when none is. */
vld_status vldi_metrics_tick(vld_ctx *ctx, uint64_t hashed_since, uint64_t runners_active,
                             uint64_t queued_chunks);
/* Runner CPU time spent outside a completion (pool batches). */
void vldi_metrics_add_cpu(vld_ctx *ctx, uint64_t cpu_ns);
/* The chunk size of a new manifest of `length` bytes: the parameter, or
 * with a budget the tuner's choice (vldi_tune_chunk_size), else automatic. */
uint64_t vldi_chunk_size_for(vld_ctx *ctx, const vldi_params *p, uint64_t length);
/* The tuner's choice for a verification of `m` at the context's settings;
 * leaves `p` untouched (and out->tuned 0) when no budget is set. */
void vldi_metrics_plan(vld_ctx *ctx, const vld_manifest *m, vldi_params *p, vld_tuning *out);

#endif
