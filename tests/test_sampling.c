/* Sampled depth: deterministic selection, n/t groups, exact coverage. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define CHUNKS 1000

typedef struct fixture {
    vld_ctx *ctx;
    vld_manifest *m;
    uint8_t *data;
    size_t len;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->len = (size_t)CHUNKS * 4096 - 7;
    f->data = make_pattern(f->len, 8);
    f->ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_SAMPLED);
    assert_int_equal(vld_manifest_build(f->ctx, f->data, f->len, &f->m), VLD_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    vld_manifest_free(f->m);
    vld_ctx_free(f->ctx);
    free(f->data);
    free(f);
    return 0;
}

static vld_report *run(fixture *f)
{
    vld_report *r = NULL;
    assert_int_equal(vld_verify_buffer(f->ctx, f->m, f->data, f->len, &r), VLD_OK);
    return r;
}

/* Counts chunks in each state and checks the summary against the counts. */
static uint64_t checked_chunks(const vld_report *r, uint8_t *seen)
{
    vld_report_summary s = summary_of(r);
    uint64_t n = 0, bytes = 0;
    for (uint64_t i = 0; i < s.chunks_total; i++) {
        vld_chunk_state cs;
        assert_int_equal(vld_report_get_chunk_state(r, i, &cs), VLD_OK);
        assert_true(cs == VLD_CHUNK_OK || cs == VLD_CHUNK_UNCHECKED);
        if (cs == VLD_CHUNK_OK) {
            n++;
            bytes += i == s.chunks_total - 1 ? 4096 - 7 : 4096;
            if (seen)
                seen[i]++;
        }
    }
    assert_int_equal(s.chunks_checked, n);
    assert_int_equal(s.bytes_checked, bytes);
    return n;
}

static void groups_cover_every_chunk_exactly_once(void **state)
{
    fixture *f = *state;
    for (int t = 1; t <= 17; t += 4) {
        uint8_t seen[CHUNKS] = {0};
        assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_GROUPS, t), VLD_OK);
        for (int n = 0; n < t; n++) {
            assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_GROUP, n), VLD_OK);
            vld_report *r = run(f);
            assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
            checked_chunks(r, seen);
            vld_report_free(r);
        }
        for (int i = 0; i < CHUNKS; i++)
            assert_int_equal(seen[i], 1);
    }
}

static void group_index_must_be_below_the_count(void **state)
{
    fixture *f = *state;
    vld_report *r = (vld_report *)1;
    assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_GROUPS, 4), VLD_OK);
    assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_GROUP, 4), VLD_OK);
    assert_int_equal(vld_verify_buffer(f->ctx, f->m, f->data, f->len, &r), VLD_E_OUT_OF_RANGE);
    assert_null(r);
}

static void rate_selection_is_deterministic_and_near_the_rate(void **state)
{
    fixture *f = *state;
    assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_RATE_PPM, 62500), VLD_OK);
    vld_report *a = run(f), *b = run(f);
    assert_reports_equal(a, b);
    uint64_t n = checked_chunks(a, NULL);
    /* 1000 chunks at 1/16: 62.5 expected; binomial sd ~7.7. */
    assert_in_range(n, 30, 100);
    vld_report_free(b);
    assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_SEED, 42), VLD_OK);
    b = run(f);
    int differ = 0;
    for (uint64_t i = 0; i < CHUNKS; i++) {
        vld_chunk_state x, y;
        vld_report_get_chunk_state(a, i, &x);
        vld_report_get_chunk_state(b, i, &y);
        differ |= x != y;
    }
    assert_true(differ);
    vld_report_free(a);
    vld_report_free(b);
    assert_int_equal(vld_ctx_set_param(f->ctx, VLD_PARAM_SAMPLE_RATE_PPM, 1000000), VLD_OK);
    a = run(f);
    assert_int_equal(checked_chunks(a, NULL), CHUNKS);
    vld_report_free(a);
}

static void sampled_damage_is_found_only_in_chosen_chunks(void **state)
{
    fixture *f = *state;
    vld_report *r = run(f);
    for (uint64_t i = 0; i < CHUNKS; i++)
        f->data[i * 4096] ^= 1; /* damage every chunk */
    vld_report *d = run(f);
    vld_report_summary s = summary_of(d);
    assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
    assert_int_equal(s.chunks_damaged, summary_of(r).chunks_checked);
    for (uint64_t i = 0; i < CHUNKS; i++) {
        vld_chunk_state before, after;
        vld_report_get_chunk_state(r, i, &before);
        vld_report_get_chunk_state(d, i, &after);
        assert_int_equal(after, before == VLD_CHUNK_OK ? VLD_CHUNK_DAMAGED : VLD_CHUNK_UNCHECKED);
    }
    for (uint64_t i = 0; i < CHUNKS; i++)
        f->data[i * 4096] ^= 1;
    vld_report_free(r);
    vld_report_free(d);
}

static void a_tiny_rate_still_reads_one_chunk(void **state)
{
    (void)state;
    uint8_t data[3 * 4096];
    fill_pattern(data, sizeof data, 1);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_SAMPLED);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, 1), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, sizeof data, &m), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_verify_buffer(ctx, m, data, sizeof data, &r), VLD_OK);
    assert_int_equal(summary_of(r).chunks_checked, 1);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(groups_cover_every_chunk_exactly_once, setup, teardown),
        cmocka_unit_test_setup_teardown(group_index_must_be_below_the_count, setup, teardown),
        cmocka_unit_test_setup_teardown(rate_selection_is_deterministic_and_near_the_rate, setup, teardown),
        cmocka_unit_test_setup_teardown(sampled_damage_is_found_only_in_chosen_chunks, setup, teardown),
        cmocka_unit_test(a_tiny_rate_still_reads_one_chunk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
