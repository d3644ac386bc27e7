/* Verifying buffers: verdicts, localization, coverage, depths, host checks. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static vld_report *verify(vld_ctx *ctx, const vld_manifest *m, const uint8_t *data, size_t len)
{
    vld_report *r = NULL;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    assert_non_null(r);
    return r;
}

static vld_range range_of(const vld_report *r, size_t i)
{
    vld_range g = {.size = sizeof g};
    assert_int_equal(vld_report_get_range(r, i, &g), VLD_OK);
    return g;
}

/* The proof: every single-byte change of a 64 KiB object is
 * detected at full depth and localized to the right chunk. */
static void every_byte_change_is_found_in_its_chunk(void **state)
{
    (void)state;
    const size_t len = 64 * 1024;
    uint8_t *data = make_pattern(len, 1);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    for (size_t i = 0; i < len; i++) {
        data[i] ^= 0x5a;
        vld_report *r = verify(ctx, m, data, len);
        vld_report_summary s = summary_of(r);
        assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
        assert_int_equal(s.chunks_damaged, 1);
        assert_int_equal(s.ranges_count, 1);
        vld_range g = range_of(r, 0);
        assert_int_equal(g.offset, i / 4096 * 4096);
        assert_int_equal(g.length, 4096);
        assert_int_equal(g.flags, 0);
        vld_report_free(r);
        data[i] ^= 0x5a;
    }
    vld_report *r = verify(ctx, m, data, len);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_OK);
    assert_int_equal(s.bytes_checked, len);
    assert_int_equal(s.chunks_checked, 16);
    assert_int_equal(s.status, VLD_OK);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void truncation_and_extension_are_found_at_shallow_depth(void **state)
{
    (void)state;
    const size_t len = 10 * 4096 + 5;
    uint8_t *data = make_pattern(len + 100, 2);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_SHALLOW);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);

    vld_report *r = verify(ctx, m, data, len);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_OK);
    assert_int_equal(s.bytes_checked, 0);
    assert_int_equal(s.chunks_checked, 0);
    assert_int_equal(s.depth, VLD_DEPTH_SHALLOW);
    vld_report_free(r);

    /* Truncated inside chunk 7: chunks 7..10 are missing from the data. */
    r = verify(ctx, m, data, 7 * 4096 + 10);
    s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_LENGTH_MISMATCH);
    assert_int_equal(s.bytes_seen, 7 * 4096 + 10);
    assert_int_equal(s.bytes_checked, 0);
    assert_int_equal(s.ranges_count, 1);
    vld_range g = range_of(r, 0);
    assert_int_equal(g.offset, 7 * 4096);
    assert_int_equal(g.length, len - 7 * 4096);
    assert_int_equal(g.flags, VLD_RANGE_MISSING);
    vld_report_free(r);

    r = verify(ctx, m, data, len + 100);
    s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_LENGTH_MISMATCH);
    g = range_of(r, 0);
    assert_int_equal(g.offset, len);
    assert_int_equal(g.length, 100);
    assert_int_equal(g.flags, VLD_RANGE_EXTRA);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void extension_at_full_depth_still_checks_the_object(void **state)
{
    (void)state;
    const size_t len = 3 * 4096;
    uint8_t *data = make_pattern(len + 1, 2);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    data[5000] ^= 1;
    vld_report *r = verify(ctx, m, data, len + 1);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_LENGTH_MISMATCH);
    assert_int_equal(s.chunks_checked, 3);
    assert_int_equal(s.chunks_damaged, 1);
    assert_int_equal(s.ranges_count, 2);
    assert_int_equal(range_of(r, 0).offset, 4096);
    assert_int_equal(range_of(r, 0).flags, 0);
    assert_int_equal(range_of(r, 1).offset, len);
    assert_int_equal(range_of(r, 1).flags, VLD_RANGE_EXTRA);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void adjacent_damage_merges_and_max_ranges_stops_collecting(void **state)
{
    (void)state;
    const size_t len = 20 * 4096;
    uint8_t *data = make_pattern(len, 4);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_128, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    /* Damage chunks 2,3,4 (one range), 9 and 15, 17 (three more). */
    static const int bad[] = {2, 3, 4, 9, 15, 17};
    for (size_t k = 0; k < 6; k++)
        data[bad[k] * 4096 + 100] ^= 0xff;
    vld_report *r = verify(ctx, m, data, len);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.chunks_damaged, 6);
    assert_int_equal(s.ranges_count, 4);
    assert_false(s.ranges_truncated);
    assert_int_equal(range_of(r, 0).offset, 2 * 4096);
    assert_int_equal(range_of(r, 0).length, 3 * 4096);
    assert_int_equal(range_of(r, 3).offset, 17 * 4096);
    vld_range out = {.size = sizeof out};
    assert_int_equal(vld_report_get_range(r, 4, &out), VLD_E_INDEX);
    vld_chunk_state cs;
    assert_int_equal(vld_report_get_chunk_state(r, 9, &cs), VLD_OK);
    assert_int_equal(cs, VLD_CHUNK_DAMAGED);
    assert_int_equal(vld_report_get_chunk_state(r, 10, &cs), VLD_OK);
    assert_int_equal(cs, VLD_CHUNK_OK);
    assert_int_equal(vld_report_get_chunk_state(r, 20, &cs), VLD_E_INDEX);
    vld_report_free(r);

    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_MAX_RANGES, 2), VLD_OK);
    r = verify(ctx, m, data, len);
    s = summary_of(r);
    assert_int_equal(s.ranges_count, 2);
    assert_true(s.ranges_truncated);
    assert_int_equal(s.chunks_damaged, 6);
    assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

typedef struct check_state {
    uint64_t reject;
    int calls;
} check_state;

static int reject_one(void *user, uint64_t index, uint64_t offset, const void *data, size_t len)
{
    check_state *cs = user;
    cs->calls++;
    assert_int_equal(offset, index * 4096);
    assert_non_null(data);
    assert_true(len > 0 && len <= 4096);
    return index == cs->reject;
}

static void deep_depth_checks_digest_and_host_callback(void **state)
{
    (void)state;
    const size_t len = 8 * 4096 + 1;
    uint8_t *data = make_pattern(len, 5);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_DEEP);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    vld_report *r = verify(ctx, m, data, len);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_OK);
    assert_true(s.digest_checked);
    assert_true(s.digest_ok);
    vld_report_free(r);

    check_state cs = {6, 0};
    assert_int_equal(vld_ctx_set_chunk_check(ctx, reject_one, &cs), VLD_OK);
    r = verify(ctx, m, data, len);
    s = summary_of(r);
    assert_int_equal(cs.calls, 9);
    assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
    assert_true(s.digest_ok);
    assert_int_equal(s.ranges_count, 1);
    assert_int_equal(range_of(r, 0).offset, 6 * 4096);
    assert_int_equal(range_of(r, 0).flags, VLD_RANGE_HOST);
    vld_report_free(r);

    /* The host check runs only at deep depth. */
    cs.calls = 0;
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_FULL), VLD_OK);
    r = verify(ctx, m, data, len);
    assert_int_equal(cs.calls, 0);
    assert_false(summary_of(r).digest_checked);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void misuse_is_rejected(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, "abc", 3, &m), VLD_OK);
    vld_report *r = (vld_report *)1;
    assert_int_equal(vld_verify_buffer(NULL, m, "abc", 3, &r), VLD_E_INVALID_ARGUMENT);
    assert_null(r);
    assert_int_equal(vld_verify_buffer(ctx, NULL, "abc", 3, &r), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_verify_buffer(ctx, m, NULL, 3, &r), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_verify_buffer(ctx, m, "abc", 3, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_verify_buffer(ctx, m, "abc", 3, &r), VLD_OK);
    vld_report_summary small = {.size = sizeof small - 1};
    assert_int_equal(vld_report_get_summary(r, &small), VLD_E_STRUCT_SIZE);
    assert_int_equal(vld_report_get_summary(NULL, &small), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_report_get_summary(r, NULL), VLD_E_INVALID_ARGUMENT);
    vld_range g = {.size = sizeof g - 1};
    assert_int_equal(vld_report_get_range(r, 0, &g), VLD_E_INDEX);
    vld_chunk_state cs;
    assert_int_equal(vld_report_get_chunk_state(NULL, 0, &cs), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_report_get_chunk_state(r, 0, NULL), VLD_E_INVALID_ARGUMENT);
    vld_report_free(r);

    /* A manifest made with XXH3-128 verifies with its own algorithm,
     * whatever the context now says for new manifests. */
    vld_manifest *m128;
    vld_ctx *ctx128 = new_ctx(4096, VLD_HASH_XXH3_128, VLD_DEPTH_FULL);
    assert_int_equal(vld_manifest_build(ctx128, "abc", 3, &m128), VLD_OK);
    assert_int_equal(vld_verify_buffer(ctx, m128, "abc", 3, &r), VLD_OK);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report_free(r);
    assert_int_equal(vld_verify_buffer(ctx, m128, "abd", 3, &r), VLD_OK);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_CORRUPT);
    vld_report_free(r);
    vld_manifest_free(m128);
    vld_ctx_free(ctx128);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

static int stop_at_once(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    int *calls = user;
    (*calls)++;
    return 1;
}

static void a_progress_callback_can_stop_the_work(void **state)
{
    (void)state;
    const size_t len = 16u << 20;
    uint8_t *data = make_pattern(len, 9);
    vld_ctx *ctx = new_ctx(1 << 20, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    int calls = 0;
    assert_int_equal(vld_ctx_set_progress(ctx, stop_at_once, &calls), VLD_OK);
    vld_report *r = NULL;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_E_CALLBACK_ABORT);
    assert_int_equal(calls, 1);
    assert_non_null(r);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.status, VLD_E_CALLBACK_ABORT);
    assert_true(s.chunks_checked < s.chunks_total);
    assert_int_equal(s.verdict, VLD_VERDICT_OK);
    vld_report_free(r);
    vld_manifest *m2 = (vld_manifest *)1;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m2), VLD_E_CALLBACK_ABORT);
    assert_null(m2);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_byte_change_is_found_in_its_chunk),
        cmocka_unit_test(truncation_and_extension_are_found_at_shallow_depth),
        cmocka_unit_test(extension_at_full_depth_still_checks_the_object),
        cmocka_unit_test(adjacent_damage_merges_and_max_ranges_stops_collecting),
        cmocka_unit_test(deep_depth_checks_digest_and_host_callback),
        cmocka_unit_test(misuse_is_rejected),
        cmocka_unit_test(a_progress_callback_can_stop_the_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
