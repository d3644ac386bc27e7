/*
 * The auto-tuner's decisions, unit-tested on the internal function with
 * chosen throughputs (linked against the static library).
 */
#include "../lib/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

#define MiB ((uint64_t)1 << 20)

static vld_tuning tune(uint64_t length, uint64_t budget_ms, double bps, vld_depth ceiling,
                       vld_depth floor, uint32_t min_ppm, bool rotate, uint64_t cursor)
{
    vldi_tune_input in = {length, 64 * 1024, (length + 65535) / 65536, budget_ms * 1000000,
                          bps, ceiling, 62500, floor, min_ppm, rotate, cursor};
    vld_tuning t = {.size = sizeof t};
    vldi_tune(&in, &t);
    assert_true(t.tuned);
    assert_int_equal(t.budget_ns, budget_ms * 1000000);
    return t;
}

static void an_ample_budget_keeps_the_depth_asked_for(void **state)
{
    (void)state;
    /* 64 MiB at 10 GB/s: 6.7 ms, deep 13.4 ms; budget 50 ms. */
    vld_tuning t = tune(64 * MiB, 50, 1e10, VLD_DEPTH_DEEP, VLD_DEPTH_SAMPLED, 10000, true, 0);
    assert_int_equal(t.depth, VLD_DEPTH_DEEP);
    assert_int_equal(t.reasons, VLD_TUNE_FITS | VLD_TUNE_CAPPED);
    assert_true(t.predicted_ns < 40000000);
    t = tune(64 * MiB, 50, 1e10, VLD_DEPTH_FULL, VLD_DEPTH_SAMPLED, 10000, true, 0);
    assert_int_equal(t.depth, VLD_DEPTH_FULL);
    assert_int_equal(t.sample_rate_ppm, 1000000);
}

static void deep_gives_way_to_full_before_sampling(void **state)
{
    (void)state;
    /* 256 MiB at 10 GB/s: full 26.8 ms fits 40 ms of planning, deep 53.7 does not. */
    vld_tuning t = tune(256 * MiB, 50, 1e10, VLD_DEPTH_DEEP, VLD_DEPTH_SAMPLED, 10000, true, 0);
    assert_int_equal(t.depth, VLD_DEPTH_FULL);
    assert_int_equal(t.reasons, VLD_TUNE_FITS);
}

static void the_largest_fitting_rate_is_chosen(void **state)
{
    (void)state;
    /* 1 GiB at 10 GB/s: 107 ms; 40 ms of planning fits about 37 %. */
    vld_tuning t = tune(1024 * MiB, 50, 1e10, VLD_DEPTH_FULL, VLD_DEPTH_SAMPLED, 10000, false, 0);
    assert_int_equal(t.depth, VLD_DEPTH_SAMPLED);
    assert_in_range(t.sample_rate_ppm, 370000, 373000);
    assert_int_equal(t.reasons, VLD_TUNE_FITS);
    assert_true(t.predicted_ns <= 40000000);
    assert_true(t.predicted_ns > 39000000);
}

static void rotation_walks_through_the_groups(void **state)
{
    (void)state;
    vld_tuning t = tune(1024 * MiB, 50, 1e10, VLD_DEPTH_FULL, VLD_DEPTH_SAMPLED, 10000, true, 0);
    assert_int_equal(t.reasons, VLD_TUNE_FITS | VLD_TUNE_ROTATED);
    assert_int_equal(t.groups, 3); /* ceil(1 / 0.372) */
    assert_int_equal(t.group, 0);
    assert_int_equal(tune(1024 * MiB, 50, 1e10, VLD_DEPTH_FULL, VLD_DEPTH_SAMPLED, 10000, true, 4).group, 1);
    /* A group is 1/3 of the object: within the plan. */
    assert_true(t.predicted_ns <= 40000000);
}

static void the_floor_is_kept_and_flagged(void **state)
{
    (void)state;
    /* 100 GiB at 1 GB/s in 50 ms fits 0.04 %: below the 1 % floor. */
    vld_tuning t = tune(102400 * MiB, 50, 1e9, VLD_DEPTH_FULL, VLD_DEPTH_SAMPLED, 10000, false, 0);
    assert_int_equal(t.depth, VLD_DEPTH_SAMPLED);
    assert_int_equal(t.sample_rate_ppm, 10000);
    assert_int_equal(t.reasons, VLD_TUNE_FLOOR);
    assert_true(t.predicted_ns > 50000000);
    /* A floor of full depth: verified at full, flagged. */
    t = tune(1024 * MiB, 50, 1e10, VLD_DEPTH_DEEP, VLD_DEPTH_FULL, 10000, true, 0);
    assert_int_equal(t.depth, VLD_DEPTH_FULL);
    assert_int_equal(t.reasons, VLD_TUNE_FLOOR);
    /* A shallow floor: shallow fits, so no alert is due. */
    t = tune(102400 * MiB, 50, 1e9, VLD_DEPTH_FULL, VLD_DEPTH_SHALLOW, 10000, false, 0);
    assert_int_equal(t.depth, VLD_DEPTH_SHALLOW);
    assert_int_equal(t.reasons, VLD_TUNE_FITS);
}

static void a_sampled_request_caps_the_rate(void **state)
{
    (void)state;
    vld_tuning t = tune(64 * MiB, 50, 1e10, VLD_DEPTH_SAMPLED, VLD_DEPTH_SAMPLED, 10000, false, 0);
    assert_int_equal(t.depth, VLD_DEPTH_SAMPLED);
    assert_int_equal(t.sample_rate_ppm, 62500);
    assert_true(t.reasons & VLD_TUNE_CAPPED);
}

static void chunk_size_for_a_budget(void **state)
{
    (void)state;
    /* 5 ms at 1 GB/s: 312 KB per sixteenth; auto for 1 GiB is 256 KiB. */
    assert_int_equal(vldi_tune_chunk_size(1024 * MiB, 5000000, 1e9), 256 * 1024);
    /* 1 ms at 100 MB/s: 6.25 KB: 4 KiB. */
    assert_int_equal(vldi_tune_chunk_size(1024 * MiB, 1000000, 1e8), 4096);
    assert_true(vldi_tune_calibrate() > 1e8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_ample_budget_keeps_the_depth_asked_for),
        cmocka_unit_test(deep_gives_way_to_full_before_sampling),
        cmocka_unit_test(the_largest_fitting_rate_is_chosen),
        cmocka_unit_test(rotation_walks_through_the_groups),
        cmocka_unit_test(the_floor_is_kept_and_flagged),
        cmocka_unit_test(a_sampled_request_caps_the_rate),
        cmocka_unit_test(chunk_size_for_a_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
