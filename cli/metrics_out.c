/*
 * vld - metrics lines on standard error.
 * SPDX-License-Identifier: MIT
 */
#include "metrics_out.h"

#include "json.h"
#include "util.h"

#include <stdio.h>

static const struct {
    uint32_t bit;
    const char *name;
} event_names[] = {
    {VLD_EVENT_SCALE_OUT, "scale_out"},
    {VLD_EVENT_SCALE_OUT_EDGE, "scale_out_edge"},
    {VLD_EVENT_SCALE_IN, "scale_in"},
    {VLD_EVENT_ALERT, "alert"},
};

static const char *reason_name(vld_metrics_reason r)
{
    return r == VLD_METRICS_INTERVAL ? "interval" : r == VLD_METRICS_DONE ? "done" : "pull";
}

static void print_json(const vld_metrics *m)
{
    json_writer w;
    json_init(&w, stderr);
    json_begin_object(&w);
    json_key(&w, "metrics");
    json_string(&w, reason_name(m->reason));
    json_key(&w, "events");
    json_begin_array(&w);
    for (size_t i = 0; i < sizeof event_names / sizeof *event_names; i++)
        if (m->events & event_names[i].bit)
            json_string(&w, event_names[i].name);
    json_end_array(&w);
    json_key(&w, "alerts");
    json_u64(&w, m->alerts);
    json_key(&w, "elapsed_ms");
    json_double(&w, (double)m->elapsed_ns / 1e6);
    json_key(&w, "bytes_hashed");
    json_u64(&w, m->bytes_hashed);
    json_key(&w, "bytes_skipped");
    json_u64(&w, m->bytes_skipped);
    json_key(&w, "chunks_ok");
    json_u64(&w, m->chunks_ok);
    json_key(&w, "chunks_damaged");
    json_u64(&w, m->chunks_damaged);
    json_key(&w, "throughput_recent_bps");
    json_double(&w, m->throughput_recent_bps);
    json_key(&w, "throughput_smoothed_bps");
    json_double(&w, m->throughput_smoothed_bps);
    json_key(&w, "latency_p50_ms");
    json_double(&w, m->latency_p50_ms);
    json_key(&w, "latency_p95_ms");
    json_double(&w, m->latency_p95_ms);
    json_key(&w, "latency_p99_ms");
    json_double(&w, m->latency_p99_ms);
    json_key(&w, "runner_cpu_utilization");
    json_double(&w, m->runner_cpu_utilization);
    json_key(&w, "runners_active");
    json_u64(&w, m->runners_active);
    json_key(&w, "runners_max");
    json_u64(&w, m->runners_max);
    json_key(&w, "queued_chunks");
    json_u64(&w, m->queued_chunks);
    json_key(&w, "depth");
    json_string(&w, depth_name(m->depth));
    json_key(&w, "sample_rate_ppm");
    json_u64(&w, m->sample_rate_ppm);
    json_end_object(&w);
    json_finish(&w);
}

static void print_text(const vld_metrics *m)
{
    fprintf(stderr,
            "vld: metrics %s: %.0f ms, %llu bytes hashed, %.1f MB/s, cpu %.0f%% of %u runner%s, "
            "p95 %.1f ms",
            reason_name(m->reason), (double)m->elapsed_ns / 1e6, (unsigned long long)m->bytes_hashed,
            m->throughput_recent_bps / 1e6, m->runner_cpu_utilization * 100, m->runners_max,
            m->runners_max == 1 ? "" : "s", m->latency_p95_ms);
    for (size_t i = 0; i < sizeof event_names / sizeof *event_names; i++)
        if (m->events & event_names[i].bit)
            fprintf(stderr, " [%s]", event_names[i].name);
    fputc('\n', stderr);
}

static int on_metrics(void *user, const vld_metrics *m)
{
    if (*(const bool *)user)
        print_json(m);
    else
        print_text(m);
    fflush(stderr);
    return 0;
}

vld_status metrics_out_install(vld_ctx *ctx, bool json, int64_t interval_ms)
{
    /* Static: the callback's user pointer must outlive every call. */
    static bool as_json;
    as_json = json;
    vld_status st = vld_ctx_set_param(ctx, VLD_PARAM_METRICS_INTERVAL_MS, interval_ms);
    if (st == VLD_OK)
        st = vld_ctx_set_metrics_callback(ctx, on_metrics, &as_json);
    return st;
}
