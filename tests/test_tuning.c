/*
 * The tuner and metrics on real verifications: what the report says was
 * chosen, rotating coverage, floor alerts, snapshots during and after work,
 * and a callback that stops the work. Throughput is supplied
 * (VLD_PARAM_CALIBRATED_BPS) and objects stay under the 1 MiB refinement
 * threshold, so every decision is deterministic.
 */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define CHUNKS 240 /* 240 x 4 KiB: under the 1 MiB refinement threshold */

static vld_tuning tuning_of(const vld_report *r)
{
    vld_tuning t = {.size = sizeof t};
    assert_int_equal(vld_report_get_tuning(r, &t), VLD_OK);
    return t;
}

static void untuned_verifications_say_so_and_are_timed(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(CHUNKS * 4096, 1);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    vld_report *r;
    assert_int_equal(vld_manifest_build(ctx, data, CHUNKS * 4096, &m), VLD_OK);
    assert_int_equal(vld_verify_buffer(ctx, m, data, CHUNKS * 4096, &r), VLD_OK);
    vld_tuning t = tuning_of(r);
    assert_false(t.tuned);
    assert_int_equal(t.depth, VLD_DEPTH_FULL);
    assert_true(t.actual_ns > 0);
    vld_tuning small = {.size = sizeof small - 1};
    assert_int_equal(vld_report_get_tuning(r, &small), VLD_E_STRUCT_SIZE);
    assert_int_equal(vld_report_get_tuning(NULL, &small), VLD_E_INVALID_ARGUMENT);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void rotation_covers_every_chunk_within_t_passes(void **state)
{
    (void)state;
    const size_t len = CHUNKS * 4096;
    uint8_t *data = make_pattern(len, 2);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    /* 1 ms budget, 0.8 ms planned, 20 us overhead, at 200 MB/s: 156 KB of
     * the 983 KB object, a rate of 15.9 %: t = 7 groups. */
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, 1), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CALIBRATED_BPS, 200000000), VLD_OK);
    uint8_t seen[CHUNKS] = {0};
    uint32_t groups = 0;
    for (uint32_t pass = 0; pass < 7; pass++) {
        vld_report *r;
        assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
        vld_tuning t = tuning_of(r);
        assert_true(t.tuned);
        assert_int_equal(t.depth, VLD_DEPTH_SAMPLED);
        assert_true(t.reasons & VLD_TUNE_ROTATED);
        assert_true(t.reasons & VLD_TUNE_FITS);
        assert_int_equal(t.group, pass);
        groups = t.groups;
        assert_true(t.predicted_ns <= 800000);
        assert_int_equal(summary_of(r).depth, VLD_DEPTH_SAMPLED);
        assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
        for (uint64_t i = 0; i < CHUNKS; i++) {
            vld_chunk_state cs;
            assert_int_equal(vld_report_get_chunk_state(r, i, &cs), VLD_OK);
            seen[i] += cs == VLD_CHUNK_OK;
        }
        vld_report_free(r);
    }
    assert_int_equal(groups, 7);
    for (int i = 0; i < CHUNKS; i++)
        assert_int_equal(seen[i], 1);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void an_ample_budget_keeps_full_depth(void **state)
{
    (void)state;
    const size_t len = CHUNKS * 4096;
    uint8_t *data = make_pattern(len, 3);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_DEEP);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, 50), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CALIBRATED_BPS, 1000000000), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    vld_tuning t = tuning_of(r);
    assert_int_equal(t.depth, VLD_DEPTH_DEEP);
    assert_int_equal(t.reasons, VLD_TUNE_FITS | VLD_TUNE_CAPPED);
    assert_true(summary_of(r).digest_ok);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

typedef struct seen_metrics {
    int done, interval;
    uint32_t events, alerts;
    vld_metrics last;
    int stop_on_interval;
    uint64_t now, step;
} seen_metrics;

static int on_metrics(void *user, const vld_metrics *m)
{
    seen_metrics *s = user;
    s->done += m->reason == VLD_METRICS_DONE;
    s->interval += m->reason == VLD_METRICS_INTERVAL;
    s->events |= m->events;
    s->alerts |= m->alerts;
    s->last = *m;
    return s->stop_on_interval && m->reason == VLD_METRICS_INTERVAL;
}

static uint64_t stepping_clock(void *user)
{
    seen_metrics *s = user;
    return s->now += s->step;
}

static void a_floor_that_cannot_fit_raises_a_budget_alert(void **state)
{
    (void)state;
    const size_t len = 4096 * 4096; /* 16 MiB */
    uint8_t *data = make_pattern(len, 4);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    seen_metrics seen = {0};
    assert_int_equal(vld_ctx_set_metrics_callback(ctx, on_metrics, &seen), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_METRICS_INTERVAL_MS, 0), VLD_OK);
    /* 1 ms at 100 MB/s fits 0.47 % of 16 MiB: below the 1 % floor. */
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, 1), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CALIBRATED_BPS, 100000000), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_ROTATE, 0), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    vld_tuning t = tuning_of(r);
    assert_int_equal(t.depth, VLD_DEPTH_SAMPLED);
    assert_int_equal(t.sample_rate_ppm, 10000);
    assert_int_equal(t.reasons, VLD_TUNE_FLOOR);
    assert_int_equal(seen.done, 1);
    assert_true(seen.events & VLD_EVENT_ALERT);
    assert_int_equal(seen.alerts, VLD_ALERT_BUDGET);
    assert_int_equal(seen.last.depth, VLD_DEPTH_SAMPLED);
    assert_int_equal(seen.last.sample_rate_ppm, 10000);
    assert_int_equal(seen.last.bytes_hashed, summary_of(r).bytes_checked);
    assert_int_equal(seen.last.bytes_hashed + seen.last.bytes_skipped, len);
    assert_int_equal(seen.last.verifications_completed, 1);
    assert_int_equal(seen.last.verifications_in_flight, 0);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void snapshots_arrive_during_work_and_can_stop_it(void **state)
{
    (void)state;
    const size_t len = 64u << 20;
    uint8_t *data = make_pattern(len, 5);
    vld_ctx *ctx = new_ctx(65536, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    /* Every clock reading is 10 ms later: every batch's tick is due. */
    seen_metrics seen = {0};
    seen.step = 10000000;
    assert_int_equal(vld_ctx_set_clock(ctx, stepping_clock, &seen), VLD_OK);
    assert_int_equal(vld_ctx_set_metrics_callback(ctx, on_metrics, &seen), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_METRICS_INTERVAL_MS, 5), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    assert_true(seen.interval >= 2);
    assert_int_equal(seen.done, 1);
    assert_int_equal(seen.last.bytes_hashed, len);
    assert_int_equal(seen.last.chunks_ok, 1024);
    assert_true(seen.last.runner_cpu_utilization >= 0 && seen.last.runner_cpu_utilization <= 1);
    vld_report_free(r);

    /* A callback that says stop: the verification ends early, with a
     * partial report, and the next one on the context is unaffected. */
    seen.stop_on_interval = 1;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_E_CALLBACK_ABORT);
    assert_non_null(r);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.status, VLD_E_CALLBACK_ABORT);
    assert_true(s.chunks_checked < s.chunks_total);
    vld_report_free(r);
    seen.stop_on_interval = 0;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    assert_int_equal(summary_of(r).chunks_checked, 1024);
    vld_report_free(r);
    vld_metrics pulled = {.size = sizeof pulled};
    assert_int_equal(vld_ctx_get_metrics(ctx, &pulled), VLD_OK);
    assert_int_equal(pulled.verifications_completed, 3);
    assert_int_equal(pulled.verifications_in_flight, 0);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void an_unfinished_stream_leaves_nothing_in_flight(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, "abc", 3, &m), VLD_OK);
    vld_stream *s;
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    vld_metrics pulled = {.size = sizeof pulled};
    assert_int_equal(vld_ctx_get_metrics(ctx, &pulled), VLD_OK);
    assert_int_equal(pulled.verifications_in_flight, 1);
    vld_stream_free(s);
    assert_int_equal(vld_ctx_get_metrics(ctx, &pulled), VLD_OK);
    assert_int_equal(pulled.verifications_in_flight, 0);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

static void a_budget_picks_the_chunk_size_of_new_manifests(void **state)
{
    (void)state;
    const size_t len = 1u << 20;
    uint8_t *data = make_pattern(len, 6);
    vld_ctx *ctx = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 1), VLD_OK);
    vld_manifest *m;
    vld_manifest_info info = {.size = sizeof info};
    /* Without a budget: automatic, 64 KiB for 1 MiB. */
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
    assert_int_equal(info.chunk_size, 65536);
    vld_manifest_free(m);
    /* 1 ms at 320 MB/s: a sixteenth of the budget hashes 20 KB: 16 KiB chunks. */
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, 1), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CALIBRATED_BPS, 320000000), VLD_OK);
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
    assert_int_equal(info.chunk_size, 16384);
    vld_manifest_free(m);
    /* An explicit chunk size is the host's decision. */
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 8192), VLD_OK);
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
    assert_int_equal(info.chunk_size, 8192);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(untuned_verifications_say_so_and_are_timed),
        cmocka_unit_test(rotation_covers_every_chunk_within_t_passes),
        cmocka_unit_test(an_ample_budget_keeps_full_depth),
        cmocka_unit_test(a_floor_that_cannot_fit_raises_a_budget_alert),
        cmocka_unit_test(snapshots_arrive_during_work_and_can_stop_it),
        cmocka_unit_test(an_unfinished_stream_leaves_nothing_in_flight),
        cmocka_unit_test(a_budget_picks_the_chunk_size_of_new_manifests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
