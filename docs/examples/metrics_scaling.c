/* Wire the metrics callback to a host's scaling logic, and verify under a
 * latency budget. Compiled and run by the test suite. */
#include <libvalidate.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct host {
    int snapshots;
    int runners_wanted;
} host;

static int on_metrics(void *user, const vld_metrics *m)
{
    host *h = user;
    h->snapshots++;
    if (m->events & VLD_EVENT_SCALE_OUT)
        h->runners_wanted++; /* provision a runner */
    if (m->events & VLD_EVENT_SCALE_IN && h->runners_wanted > 1)
        h->runners_wanted--;
    if (m->events & VLD_EVENT_ALERT)
        fprintf(stderr, "alert: %s\n",
                m->alerts & VLD_ALERT_BUDGET ? "budget cannot be met" : "throughput regression");
    printf("%s: %.1f MB/s, p95 %.2f ms, cpu %.0f%% of %u runners\n",
           m->reason == VLD_METRICS_DONE ? "done" : "tick", m->throughput_recent_bps / 1e6,
           m->latency_p95_ms, m->runner_cpu_utilization * 100, m->runners_max);
    return 0;
}

int main(void)
{
    size_t len = 32 << 20;
    unsigned char *data = malloc(len);
    if (!data)
        return 1;
    for (size_t i = 0; i < len; i++)
        data[i] = (unsigned char)(i * 13);

    host h = {0, 1};
    vld_ctx *ctx = NULL;
    vld_manifest *m = NULL;
    if (vld_ctx_new(NULL, &ctx) || vld_manifest_build(ctx, data, len, &m))
        return 1;
    vld_ctx_set_metrics_callback(ctx, on_metrics, &h);
    vld_ctx_set_param(ctx, VLD_PARAM_METRICS_INTERVAL_MS, 100);
    vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, 50); /* per verification */

    int ok = 1;
    for (int i = 0; i < 3 && ok; i++) {
        vld_report *r = NULL;
        ok = vld_verify_buffer(ctx, m, data, len, &r) == VLD_OK;
        vld_tuning t = {.size = sizeof t};
        if (ok && vld_report_get_tuning(r, &t) == VLD_OK)
            printf("tuned: depth %d, rate %u ppm, predicted %.1f ms, took %.1f ms\n", (int)t.depth,
                   t.sample_rate_ppm, t.predicted_ns / 1e6, t.actual_ns / 1e6);
        vld_report_free(r);
    }
    ok = ok && h.snapshots >= 3; /* at least one at the end of each verification */
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
    return ok ? 0 : 1;
}
