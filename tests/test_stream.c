/* Streaming verification: any split gives the whole-buffer report. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static vld_report *stream_in_pieces(vld_ctx *ctx, const vld_manifest *m, const uint8_t *data,
                                    size_t len, size_t piece, unsigned seed)
{
    vld_stream *s;
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    srand(seed);
    for (size_t off = 0; off < len;) {
        size_t n = piece ? piece : 1 + (size_t)rand() % 9000;
        if (n > len - off)
            n = len - off;
        assert_int_equal(vld_stream_update(s, data + off, n), VLD_OK);
        off += n;
    }
    vld_report *r;
    assert_int_equal(vld_stream_finish(s, &r), VLD_OK);
    vld_stream_free(s);
    return r;
}

static void every_split_gives_the_buffer_report(void **state)
{
    (void)state;
    const size_t len = 9 * 4096 + 321;
    uint8_t *data = make_pattern(len + 50, 6);
    static const vld_depth depths[] = {VLD_DEPTH_SHALLOW, VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL,
                                       VLD_DEPTH_DEEP};
    static const size_t pieces[] = {1, 2, 4095, 4096, 4097, 0 /* random */};
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, 300000), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    data[3 * 4096 + 1] ^= 0x10;
    data[8 * 4096 + 9] ^= 0x10;
    /* Same length, shorter, longer. */
    static const size_t lens[] = {9 * 4096 + 321, 5 * 4096 + 3, 9 * 4096 + 321 + 50};
    for (size_t d = 0; d < 4; d++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depths[d]), VLD_OK);
        for (size_t l = 0; l < 3; l++) {
            vld_report *want;
            assert_int_equal(vld_verify_buffer(ctx, m, data, lens[l], &want), VLD_OK);
            for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
                vld_report *got = stream_in_pieces(ctx, m, data, lens[l], pieces[p], (unsigned)(p + l));
                assert_reports_equal(want, got);
                vld_report_free(got);
            }
            vld_report_free(want);
        }
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

typedef struct damage_log {
    uint64_t offsets[8];
    int count;
    int stop_after;
} damage_log;

static int log_damage(void *user, const vld_range *r)
{
    damage_log *log = user;
    log->offsets[log->count++] = r->offset;
    return log->stop_after && log->count >= log->stop_after;
}

static void damage_is_reported_as_soon_as_its_chunk_completes(void **state)
{
    (void)state;
    const size_t len = 4 * 4096;
    uint8_t *data = make_pattern(len, 7);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    data[4096 + 7] ^= 1;
    data[3 * 4096] ^= 1;
    vld_stream *s;
    damage_log log = {{0}, 0, 0};
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    assert_int_equal(vld_stream_set_damage_callback(s, log_damage, &log), VLD_OK);
    assert_int_equal(vld_stream_update(s, data, 2 * 4096 - 1), VLD_OK);
    assert_int_equal(log.count, 0);
    assert_int_equal(vld_stream_update(s, data + 2 * 4096 - 1, 1), VLD_OK);
    assert_int_equal(log.count, 1);
    assert_int_equal(log.offsets[0], 4096);
    assert_int_equal(vld_stream_update(s, data + 2 * 4096, 2 * 4096), VLD_OK);
    assert_int_equal(log.count, 2);
    assert_int_equal(log.offsets[1], 3 * 4096);
    vld_report *r;
    assert_int_equal(vld_stream_finish(s, &r), VLD_OK);
    assert_int_equal(summary_of(r).ranges_count, 2);
    vld_report_free(r);
    vld_stream_free(s);

    /* A callback that says stop ends the stream with a partial report. */
    damage_log stop = {{0}, 0, 1};
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    assert_int_equal(vld_stream_set_damage_callback(s, log_damage, &stop), VLD_OK);
    assert_int_equal(vld_stream_update(s, data, len), VLD_E_CALLBACK_ABORT);
    assert_int_equal(vld_stream_update(s, data, 1), VLD_E_CALLBACK_ABORT);
    assert_int_equal(vld_stream_finish(s, &r), VLD_E_CALLBACK_ABORT);
    vld_report_summary sum = summary_of(r);
    assert_int_equal(sum.status, VLD_E_CALLBACK_ABORT);
    assert_int_equal(sum.verdict, VLD_VERDICT_CORRUPT);
    assert_int_equal(sum.chunks_checked, 2);
    vld_report_free(r);
    vld_stream_free(s);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void a_finished_stream_accepts_nothing(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, "abc", 3, &m), VLD_OK);
    vld_stream *s = (vld_stream *)1;
    assert_int_equal(vld_stream_new(NULL, m, &s), VLD_E_INVALID_ARGUMENT);
    assert_null(s);
    assert_int_equal(vld_stream_new(ctx, NULL, &s), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_stream_new(ctx, m, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    assert_int_equal(vld_stream_update(s, NULL, 1), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_stream_update(s, "abc", 3), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_stream_finish(s, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_stream_finish(s, &r), VLD_OK);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report *again = (vld_report *)1;
    assert_int_equal(vld_stream_update(s, "x", 1), VLD_E_STATE);
    assert_int_equal(vld_stream_finish(s, &again), VLD_E_STATE);
    assert_null(again);
    assert_int_equal(vld_stream_set_damage_callback(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    vld_report_free(r);
    vld_stream_free(s);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_split_gives_the_buffer_report),
        cmocka_unit_test(damage_is_reported_as_soon_as_its_chunk_completes),
        cmocka_unit_test(a_finished_stream_accepts_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
