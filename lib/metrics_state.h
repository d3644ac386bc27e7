/*
 * The state a context keeps for metrics, the scaling policy and tuner
 * rotation (the functions are in metrics.h). Apart so that internal.h can
 * embed it in the context without the functions' dependencies.
 */
#ifndef VLD_METRICS_STATE_H
#define VLD_METRICS_STATE_H

#include "libvalidate.h"
#include "sync.h"

#include <stdbool.h>

typedef struct vldi_policy {
    uint32_t cpu_run, edge_run, idle_run, regress_run; /* consecutive snapshots the condition held */
    uint32_t quiet_out, quiet_edge, quiet_in, quiet_regress; /* cooldown snapshots left */
} vldi_policy;

#define VLDI_ROTATION_SLOTS 64
#define VLDI_WINDOW_MAX 4096

typedef struct vldi_rotation {
    uint8_t digest[16]; /* whole-object digest: which object */
    uint64_t length;
    uint64_t next;      /* next group to check */
    uint64_t used;      /* age stamp for replacement */
} vldi_rotation;

typedef struct vldi_metrics {
    vldi_mutex lock;       /* guards everything below; never held across a callback */
    vldi_mutex deliver;    /* one callback at a time */
    vld_clock_fn clock;
    void *clock_user;
    vld_metrics_fn callback;
    void *callback_user;
    uint64_t created_ns;
    vld_metrics totals;    /* cumulative counters and the last-used settings */
    /* The latency window lives in the context: metrics never allocate, so
     * they can neither fail nor slow down a verification. */
    uint32_t latencies_us[VLDI_WINDOW_MAX];
    uint32_t sorted_us[VLDI_WINDOW_MAX]; /* scratch for percentiles, under lock */
    uint32_t window, filled, next;
    uint64_t last_ns;      /* time of the previous delivered snapshot */
    uint64_t bytes_at_last;
    uint64_t cpu_ns;       /* runner CPU time, cumulative */
    uint64_t cpu_at_last;
    uint32_t pending_alerts;
    vldi_policy policy;
    double calibrated_bps; /* 0 until calibrated or supplied */
    uint64_t smoothed_samples; /* verifications behind throughput_smoothed_bps */
    vldi_rotation rotation[VLDI_ROTATION_SLOTS];
    uint64_t rotation_clock;
    bool aborted;          /* the callback asked to stop the work in flight */
} vldi_metrics;

#endif
