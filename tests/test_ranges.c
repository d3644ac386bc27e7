/* Chunk and byte ranges, and merging the reports of disjoint ranges. */
#define _GNU_SOURCE
#include "support.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define CS 4096
#define CHUNKS 40
#define LEN (CHUNKS * CS - 1000) /* a short last chunk */

static uint8_t *damaged(uint32_t seed)
{
    uint8_t *d = make_pattern(LEN, seed);
    d[3 * CS + 1] ^= 1;
    d[4 * CS] ^= 1;
    d[17 * CS + 100] ^= 1;
    d[LEN - 1] ^= 1;
    return d;
}

static void byte_ranges_map_to_covering_chunks(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 1);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    uint64_t f, c;
    assert_int_equal(vld_manifest_chunk_range(m, 0, LEN, &f, &c), VLD_OK);
    assert_int_equal(f, 0);
    assert_int_equal(c, CHUNKS);
    assert_int_equal(vld_manifest_chunk_range(m, CS - 1, 2, &f, &c), VLD_OK);
    assert_int_equal(f, 0);
    assert_int_equal(c, 2);
    assert_int_equal(vld_manifest_chunk_range(m, CS, CS, &f, &c), VLD_OK);
    assert_int_equal(f, 1);
    assert_int_equal(c, 1);
    assert_int_equal(vld_manifest_chunk_range(m, 5 * CS + 3, 0, &f, &c), VLD_OK);
    assert_int_equal(c, 0);
    assert_int_equal(vld_manifest_chunk_range(m, LEN - 1, 1, &f, &c), VLD_OK);
    assert_int_equal(f, CHUNKS - 1);
    assert_int_equal(c, 1);
    assert_int_equal(vld_manifest_chunk_range(m, LEN, 1, &f, &c), VLD_E_INDEX);
    assert_int_equal(vld_manifest_chunk_range(m, 1, UINT64_MAX, &f, &c), VLD_E_INDEX);
    assert_int_equal(vld_manifest_chunk_range(NULL, 0, 1, &f, &c), VLD_E_INVALID_ARGUMENT);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

/* Verify [first, first + count) from a copy holding only those bytes. */
static vld_report *verify_range(vld_ctx *ctx, const vld_manifest *m, const uint8_t *obj,
                                size_t objlen, uint64_t first, uint64_t count)
{
    size_t off = first * CS;
    size_t n = objlen > off ? objlen - off : 0;
    if (count != VLD_CHUNKS_ALL && first + count < CHUNKS && n > count * CS)
        n = count * CS;
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, obj + off, n);
    vld_report *r = NULL;
    assert_int_equal(vld_verify_buffer_range(ctx, m, first, count, copy, n, &r), VLD_OK);
    free(copy);
    return r;
}

static void merged_ranges_equal_the_one_shot_report(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN + 300, 2);
    uint8_t *bad = damaged(2);
    uint8_t *longer = malloc(LEN + 300);
    assert_non_null(longer);
    memcpy(longer, bad, LEN);
    memset(longer + LEN, 7, 300);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, 400000), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const vld_depth depths[] = {VLD_DEPTH_SHALLOW, VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL};
    static const size_t lens[] = {LEN, LEN - 5000, LEN + 300, 7 * CS + 5};
    /* cut points: ranges [0,5) [5,6) [6,23) [23,end) */
    static const uint64_t cuts[] = {0, 5, 6, 23, CHUNKS};
    for (size_t d = 0; d < 3; d++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depths[d]), VLD_OK);
        for (size_t l = 0; l < 4; l++) {
            vld_report *one;
            assert_int_equal(vld_verify_buffer(ctx, m, longer, lens[l], &one), VLD_OK);
            vld_report *acc = NULL;
            /* merge in a scrambled order: 2, 0, 3, 1 */
            static const size_t order[] = {2, 0, 3, 1};
            for (size_t k = 0; k < 4; k++) {
                size_t i = order[k];
                uint64_t count = i == 3 ? VLD_CHUNKS_ALL : cuts[i + 1] - cuts[i];
                vld_report *part = verify_range(ctx, m, longer, lens[l], cuts[i], count);
                vld_report_summary ps = summary_of(part);
                assert_int_equal(ps.chunks_in_scope, cuts[i + 1] - cuts[i]);
                if (!acc) {
                    acc = part;
                    continue;
                }
                vld_report *merged;
                assert_int_equal(vld_report_merge(ctx, acc, part, &merged), VLD_OK);
                vld_report_free(acc);
                vld_report_free(part);
                acc = merged;
            }
            assert_reports_equal(one, acc);
            assert_int_equal(summary_of(acc).chunks_in_scope, CHUNKS);
            vld_report_free(acc);
            vld_report_free(one);
        }
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(longer);
    free(bad);
    free(data);
}

static void a_range_answers_only_for_its_chunks(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 3);
    uint8_t *bad = damaged(3);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_DEEP);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    /* chunks 2..5 of the damaged object: 3 and 4 are damaged */
    vld_report *r = verify_range(ctx, m, bad, LEN, 2, 4);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.status, VLD_OK);
    assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
    assert_int_equal(s.chunks_in_scope, 4);
    assert_int_equal(s.chunks_checked, 4);
    assert_int_equal(s.chunks_damaged, 2);
    assert_int_equal(s.digest_checked, 0); /* only for the whole object */
    assert_int_equal(s.bytes_seen, 6 * CS);
    vld_range g = {.size = sizeof g};
    assert_int_equal(s.ranges_count, 1);
    assert_int_equal(vld_report_get_range(r, 0, &g), VLD_OK);
    assert_int_equal(g.offset, 3 * CS);
    assert_int_equal(g.length, 2 * CS);
    vld_chunk_state cs;
    assert_int_equal(vld_report_get_chunk_state(r, 1, &cs), VLD_OK);
    assert_int_equal(cs, VLD_CHUNK_UNCHECKED);
    assert_int_equal(vld_report_get_chunk_state(r, 17, &cs), VLD_OK);
    assert_int_equal(cs, VLD_CHUNK_UNCHECKED);
    vld_report_free(r);
    /* Data that stops inside the range: the rest of the range is missing. */
    vld_report *shortr;
    assert_int_equal(vld_verify_buffer_range(ctx, m, 10, 5, data + 10 * CS, 2 * CS + 10, &shortr),
                     VLD_OK);
    s = summary_of(shortr);
    assert_int_equal(s.verdict, VLD_VERDICT_LENGTH_MISMATCH);
    assert_int_equal(s.chunks_checked, 2);
    assert_int_equal(s.chunks_damaged, 3);
    assert_int_equal(vld_report_get_range(shortr, 0, &g), VLD_OK);
    assert_int_equal(g.offset, 12 * CS);
    assert_int_equal(g.length, 3 * CS);
    assert_int_equal(g.flags, VLD_RANGE_MISSING);
    vld_report_free(shortr);
    /* The whole object as a range is the one-shot verification, digest included. */
    vld_report *all, *one;
    assert_int_equal(vld_verify_buffer_range(ctx, m, 0, CHUNKS, data, LEN, &all), VLD_OK);
    assert_int_equal(vld_verify_buffer(ctx, m, data, LEN, &one), VLD_OK);
    assert_reports_equal(all, one);
    assert_true(summary_of(all).digest_ok);
    vld_report_free(all);
    vld_report_free(one);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

static void bad_ranges_and_merges_are_refused(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 4);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m, *other;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    assert_int_equal(vld_manifest_build(ctx, data, LEN - 1, &other), VLD_OK);
    vld_report *r = (vld_report *)1;
    assert_int_equal(vld_verify_buffer_range(ctx, m, CHUNKS + 1, 0, data, 0, &r), VLD_E_INDEX);
    assert_null(r);
    assert_int_equal(vld_verify_buffer_range(ctx, m, 39, 2, data, 10, &r), VLD_E_INDEX);
    assert_int_equal(vld_verify_buffer_range(ctx, m, 0, 1, NULL, 10, &r), VLD_E_INVALID_ARGUMENT);
    vld_report *a, *b, *c, *d, *x, *merged = (vld_report *)1;
    a = verify_range(ctx, m, data, LEN, 0, 10);
    b = verify_range(ctx, m, data, LEN, 9, 5);    /* overlaps a at chunk 9 */
    c = verify_range(ctx, m, data, LEN, 10, 5);
    assert_int_equal(vld_verify_buffer_range(ctx, other, 10, 5, data + 10 * CS, 5 * CS, &x), VLD_OK);
    assert_int_equal(vld_report_merge(ctx, a, b, &merged), VLD_E_MISMATCH);
    assert_null(merged);
    char msg[128];
    vld_ctx_last_error(ctx, msg, sizeof msg);
    assert_non_null(strstr(msg, "overlap"));
    assert_int_equal(vld_report_merge(ctx, a, x, &merged), VLD_E_MISMATCH);
    vld_ctx_last_error(ctx, msg, sizeof msg);
    assert_non_null(strstr(msg, "manifest"));
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SHALLOW), VLD_OK);
    d = verify_range(ctx, m, data, LEN, 20, 5);
    assert_int_equal(vld_report_merge(ctx, a, d, &merged), VLD_E_MISMATCH);
    assert_int_equal(vld_report_merge(ctx, a, a, &merged), VLD_E_MISMATCH);
    assert_int_equal(vld_report_merge(NULL, a, c, &merged), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_report_merge(ctx, a, NULL, &merged), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_report_merge(ctx, a, c, &merged), VLD_OK);
    vld_report_summary s = summary_of(merged);
    assert_int_equal(s.chunks_in_scope, 15);
    assert_int_equal(s.chunks_checked, 15);
    assert_int_equal(s.verdict, VLD_VERDICT_OK);
    vld_report_free(merged);
    vld_report_free(a);
    vld_report_free(b);
    vld_report_free(c);
    vld_report_free(d);
    vld_report_free(x);
    vld_manifest_free(other);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void file_ranges_merge_like_buffer_ranges(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 5);
    uint8_t *bad = damaged(5);
    char path[] = "/tmp/vld-ranges-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bad, LEN), LEN);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_report *one, *a, *b, *merged;
    assert_int_equal(vld_verify_buffer(ctx, m, bad, LEN, &one), VLD_OK);
    assert_int_equal(vld_verify_fd_range(ctx, m, fd, 0, 17, &a), VLD_OK);
    assert_int_equal(vld_verify_file_range(ctx, m, path, 17, VLD_CHUNKS_ALL, &b), VLD_OK);
    assert_int_equal(vld_report_merge(ctx, b, a, &merged), VLD_OK);
    assert_reports_equal(one, merged);
    vld_report_free(a);
    assert_int_equal(vld_verify_fd_range(ctx, m, fd, 0, CHUNKS + 1, &a), VLD_E_INDEX);
    assert_null(a);
    vld_report_free(merged);
    vld_report_free(b);
    vld_report_free(one);
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(byte_ranges_map_to_covering_chunks),
        cmocka_unit_test(merged_ranges_equal_the_one_shot_report),
        cmocka_unit_test(a_range_answers_only_for_its_chunks),
        cmocka_unit_test(bad_ranges_and_merges_are_refused),
        cmocka_unit_test(file_ranges_merge_like_buffer_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
