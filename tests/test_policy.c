/*
 * The scaling policy, driven deterministically: an injected clock and
 * injected observations (vld_ctx_observe), no timing, no threads.
 */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#define STEP_NS 100000000ull /* 100 ms of fake time per observation */

typedef struct harness {
    vld_ctx *ctx;
    uint64_t now;
    uint32_t events[200];
    uint32_t alerts[200];
    vld_metrics last;
    int n;
    int stop_at; /* return non-zero from this delivery on (1-based), 0 = never */
} harness;

static uint64_t fake_clock(void *user)
{
    return ((harness *)user)->now;
}

static int on_metrics(void *user, const vld_metrics *m)
{
    harness *h = user;
    h->events[h->n] = m->events;
    h->alerts[h->n] = m->alerts;
    h->last = *m;
    h->n++;
    return h->stop_at && h->n >= h->stop_at;
}

static void setup_harness(harness *h)
{
    memset(h, 0, sizeof *h);
    h->now = 1000 * STEP_NS;
    assert_int_equal(vld_ctx_new(NULL, &h->ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(h->ctx, VLD_PARAM_THREADS, 2), VLD_OK);
    assert_int_equal(vld_ctx_set_clock(h->ctx, fake_clock, h), VLD_OK);
    assert_int_equal(vld_ctx_set_metrics_callback(h->ctx, on_metrics, h), VLD_OK);
}

/* One observation after STEP_NS of fake time: `cpu` is the runner
 * utilization to produce (0..1, of 2 runners), latency in ms. */
static vld_status observe(harness *h, double cpu, double latency_ms, uint64_t queued, uint32_t active)
{
    h->now += STEP_NS;
    vld_observation o = {.size = sizeof o};
    o.bytes = 64u << 20;
    o.latency_ns = (uint64_t)(latency_ms * 1e6);
    o.cpu_ns = (uint64_t)(cpu * 2 * STEP_NS);
    o.queued_chunks = queued;
    o.runners_active = active;
    return vld_ctx_observe(h->ctx, &o);
}

static int count(const harness *h, uint32_t event)
{
    int c = 0;
    for (int i = 0; i < h->n; i++)
        c += (h->events[i] & event) != 0;
    return c;
}

static void scale_out_needs_sustained_cpu_with_queued_work_and_a_full_pool(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    /* Two high snapshots are not enough; the third raises it. */
    observe(&h, 0.9, 1, 10, 2);
    observe(&h, 0.9, 1, 10, 2);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_OUT), 0);
    observe(&h, 0.9, 1, 10, 2);
    assert_int_equal(h.events[2], VLD_EVENT_SCALE_OUT);
    assert_true(h.last.runner_cpu_utilization > 0.89 && h.last.runner_cpu_utilization < 0.91);
    assert_int_equal(h.last.runners_max, 2);
    vld_ctx_free(h.ctx);

    /* Below the threshold, without queued work, or with idle runners: never. */
    const struct {
        double cpu;
        uint64_t queued;
        uint32_t active;
    } no[] = {{0.69, 10, 2}, {0.95, 0, 2}, {0.95, 10, 1}};
    for (size_t k = 0; k < 3; k++) {
        setup_harness(&h);
        for (int i = 0; i < 30; i++)
            observe(&h, no[k].cpu, 1, no[k].queued, no[k].active);
        assert_int_equal(count(&h, VLD_EVENT_SCALE_OUT), 0);
        vld_ctx_free(h.ctx);
    }
}

static void events_respect_the_cooldown(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    for (int i = 0; i < 40; i++)
        observe(&h, 0.95, 1, 10, 2);
    /* Sustain 3, then 10 quiet snapshots before it may fire again. */
    int fired[8], nf = 0;
    for (int i = 0; i < h.n; i++)
        if (h.events[i] & VLD_EVENT_SCALE_OUT)
            fired[nf++] = i + 1;
    assert_int_equal(nf, 4);
    assert_int_equal(fired[0], 3);
    assert_int_equal(fired[1], 14);
    assert_int_equal(fired[2], 25);
    assert_int_equal(fired[3], 36);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_IN), 0);
    vld_ctx_free(h.ctx);
}

static void a_load_that_hovers_does_not_flap(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    /* A window of one makes p95 the latest latency, so it hovers too. */
    assert_int_equal(vld_ctx_set_param(h.ctx, VLD_PARAM_LATENCY_WINDOW, 1), VLD_OK);
    for (int i = 0; i < 100; i++)
        observe(&h, i % 2 ? 0.95 : 0.5, i % 2 ? 30 : 60, 10, 2);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_OUT), 0);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_OUT_EDGE), 0);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_IN), 0);
    vld_ctx_free(h.ctx);
}

static void high_latency_asks_for_edge_workers(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    assert_int_equal(vld_ctx_set_param(h.ctx, VLD_PARAM_SCALE_LATENCY_MS, 50), VLD_OK);
    for (int i = 0; i < 3; i++)
        observe(&h, 0.3, 80, 0, 1);
    assert_int_equal(h.events[2], VLD_EVENT_SCALE_OUT_EDGE);
    assert_true(h.last.latency_p95_ms > 79.9 && h.last.latency_p95_ms < 80.1);
    vld_ctx_free(h.ctx);

    /* At 49 ms the p95 never crosses the 50 ms target. */
    setup_harness(&h);
    for (int i = 0; i < 30; i++)
        observe(&h, 0.3, 49, 0, 1);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_OUT_EDGE), 0);
    vld_ctx_free(h.ctx);
}

static void scale_in_after_a_long_quiet_spell(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    /* Scale-in thresholds: 40 % of 70 % CPU = 28 %, 40 % of 50 ms = 20 ms. */
    for (int i = 0; i < 19; i++)
        observe(&h, 0.1, 5, 0, 1);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_IN), 0);
    observe(&h, 0.1, 5, 0, 1);
    assert_int_equal(h.events[19], VLD_EVENT_SCALE_IN);
    vld_ctx_free(h.ctx);

    /* 30 % CPU is below the scale-out threshold but not "well below". */
    setup_harness(&h);
    for (int i = 0; i < 60; i++)
        observe(&h, 0.3, 5, 0, 1);
    assert_int_equal(count(&h, VLD_EVENT_SCALE_IN), 0);
    vld_ctx_free(h.ctx);
}

static void a_throughput_regression_raises_an_alert(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    assert_int_equal(vld_ctx_set_param(h.ctx, VLD_PARAM_CALIBRATED_BPS, 4000000000), VLD_OK);
    /* 64 MiB in 30 ms: about 2.2 GB/s, 56 % of calibration: no alert. */
    for (int i = 0; i < 10; i++)
        observe(&h, 0.5, 30, 0, 1);
    assert_int_equal(count(&h, VLD_EVENT_ALERT), 0);
    assert_true(h.last.calibrated_bps == 4e9);
    /* 64 MiB in 100 ms: 0.67 GB/s; the smoothed figure sinks below 50 %. */
    for (int i = 0; i < 20; i++)
        observe(&h, 0.5, 100, 0, 1);
    assert_true(count(&h, VLD_EVENT_ALERT) >= 1);
    for (int i = 0; i < h.n; i++)
        if (h.events[i] & VLD_EVENT_ALERT)
            assert_int_equal(h.alerts[i], VLD_ALERT_REGRESSION);
    vld_ctx_free(h.ctx);
}

static void percentiles_counters_and_the_pull_api(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    for (int i = 1; i <= 100; i++)
        observe(&h, 0.2, i, 0, 1);
    vld_metrics m = {.size = sizeof m};
    assert_int_equal(vld_ctx_get_metrics(h.ctx, &m), VLD_OK);
    assert_int_equal(m.reason, VLD_METRICS_PULL);
    assert_int_equal(m.events, 0);
    assert_int_equal(m.verifications_completed, 100);
    assert_int_equal(m.verifications_in_flight, 0);
    assert_int_equal(m.bytes_hashed, 100ull * (64u << 20));
    assert_true(m.latency_p50_ms > 49.9 && m.latency_p50_ms < 50.1);
    assert_true(m.latency_p95_ms > 94.9 && m.latency_p95_ms < 95.1);
    assert_true(m.latency_p99_ms > 98.9 && m.latency_p99_ms < 99.1);
    assert_int_equal(m.elapsed_ns, 100 * STEP_NS);
    /* The window keeps only the most recent verifications. */
    assert_int_equal(vld_ctx_set_param(h.ctx, VLD_PARAM_LATENCY_WINDOW, 10), VLD_OK);
    for (int i = 0; i < 10; i++)
        observe(&h, 0.2, 7, 0, 1);
    assert_int_equal(vld_ctx_get_metrics(h.ctx, &m), VLD_OK);
    assert_true(m.latency_p99_ms > 6.9 && m.latency_p99_ms < 7.1);
    vld_metrics small = {.size = sizeof small - 1};
    assert_int_equal(vld_ctx_get_metrics(h.ctx, &small), VLD_E_STRUCT_SIZE);
    assert_int_equal(vld_ctx_get_metrics(NULL, &m), VLD_E_INVALID_ARGUMENT);
    vld_ctx_free(h.ctx);
}

static void throughput_refinement_trusts_the_first_measurement(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    observe(&h, 0.5, 100, 0, 1); /* 64 MiB in 100 ms */
    double first = 64.0 * 1048576 / 0.1;
    assert_true(h.last.throughput_smoothed_bps > first * 0.999 &&
                h.last.throughput_smoothed_bps < first * 1.001);
    observe(&h, 0.5, 50, 0, 1); /* twice as fast: weight 1/2 */
    double second = (first + 2 * first) / 2;
    assert_true(h.last.throughput_smoothed_bps > second * 0.999 &&
                h.last.throughput_smoothed_bps < second * 1.001);
    for (int i = 0; i < 50; i++)
        observe(&h, 0.5, 50, 0, 1);
    /* Converges to the steady rate; the weight never drops below 0.2. */
    assert_true(h.last.throughput_smoothed_bps > 2 * first * 0.999);
    vld_ctx_free(h.ctx);
}

static void a_callback_that_says_stop_is_obeyed(void **state)
{
    (void)state;
    harness h;
    setup_harness(&h);
    h.stop_at = 2;
    assert_int_equal(observe(&h, 0.2, 1, 0, 1), VLD_OK);
    assert_int_equal(observe(&h, 0.2, 1, 0, 1), VLD_E_CALLBACK_ABORT);
    vld_observation bad = {.size = sizeof bad - 1};
    assert_int_equal(vld_ctx_observe(h.ctx, &bad), VLD_E_STRUCT_SIZE);
    assert_int_equal(vld_ctx_observe(h.ctx, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_set_metrics_callback(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_set_clock(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    vld_ctx_free(h.ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scale_out_needs_sustained_cpu_with_queued_work_and_a_full_pool),
        cmocka_unit_test(events_respect_the_cooldown),
        cmocka_unit_test(a_load_that_hovers_does_not_flap),
        cmocka_unit_test(high_latency_asks_for_edge_workers),
        cmocka_unit_test(scale_in_after_a_long_quiet_spell),
        cmocka_unit_test(a_throughput_regression_raises_an_alert),
        cmocka_unit_test(percentiles_counters_and_the_pull_api),
        cmocka_unit_test(throughput_refinement_trusts_the_first_measurement),
        cmocka_unit_test(a_callback_that_says_stop_is_obeyed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
