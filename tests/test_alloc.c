/*
 * Allocation failure at every allocation point: each operation is run with
 * an allocator that refuses its k-th request, for k = 1, 2, ... until the
 * operation succeeds. Every refusal must give VLD_E_NOMEM (nothing else,
 * and no half-built handle), and nothing may leak.
 */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define LEN (6 * 4096 + 100)

typedef vld_status (*operation)(vld_ctx *ctx, const uint8_t *data, const uint8_t *manifest,
                                size_t manifest_len);

static vld_status op_build(vld_ctx *ctx, const uint8_t *data, const uint8_t *mb, size_t ml)
{
    (void)mb;
    (void)ml;
    vld_manifest *m = (vld_manifest *)1;
    vld_status st = vld_manifest_build(ctx, data, LEN, &m);
    if (st != VLD_OK)
        assert_null(m);
    vld_manifest_free(m);
    return st;
}

static vld_status op_build_pieces(vld_ctx *ctx, const uint8_t *data, const uint8_t *mb, size_t ml)
{
    (void)mb;
    (void)ml;
    vld_builder *b = NULL;
    vld_manifest *m = NULL;
    vld_status st = vld_builder_new(ctx, VLD_LENGTH_UNKNOWN, &b);
    for (size_t off = 0; st == VLD_OK && off < LEN; off += 1000)
        st = vld_builder_update(b, data + off, LEN - off < 1000 ? LEN - off : 1000);
    if (st == VLD_OK)
        st = vld_builder_finish(b, &m);
    if (st != VLD_OK)
        assert_null(m);
    vld_manifest_free(m);
    vld_builder_free(b);
    return st;
}

static vld_status op_load(vld_ctx *ctx, const uint8_t *data, const uint8_t *mb, size_t ml)
{
    (void)data;
    vld_manifest *m = (vld_manifest *)1;
    vld_status st = vld_manifest_load(ctx, mb, ml, &m);
    if (st != VLD_OK)
        assert_null(m);
    vld_manifest_free(m);
    return st;
}

static vld_status verify_at(vld_ctx *ctx, const uint8_t *data, const uint8_t *mb, size_t ml,
                            vld_depth depth, int streaming)
{
    vld_manifest *m;
    vld_status st = vld_manifest_load(ctx, mb, ml, &m);
    if (st != VLD_OK)
        return st;
    vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depth);
    vld_report *r = (vld_report *)1;
    if (streaming) {
        vld_stream *s = (vld_stream *)1;
        st = vld_stream_new(ctx, m, &s);
        if (st != VLD_OK)
            assert_null(s);
        for (size_t off = 0; st == VLD_OK && off < LEN; off += 3000)
            st = vld_stream_update(s, data + off, LEN - off < 3000 ? LEN - off : 3000);
        r = NULL;
        if (s && st == VLD_OK)
            st = vld_stream_finish(s, &r);
        vld_stream_free(s);
    } else {
        st = vld_verify_buffer(ctx, m, data, LEN, &r);
    }
    if (st != VLD_OK)
        assert_null(r);
    else
        assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report_free(r);
    vld_manifest_free(m);
    return st;
}

static vld_status op_verify_full(vld_ctx *c, const uint8_t *d, const uint8_t *mb, size_t ml)
{
    return verify_at(c, d, mb, ml, VLD_DEPTH_FULL, 0);
}

static vld_status op_verify_deep(vld_ctx *c, const uint8_t *d, const uint8_t *mb, size_t ml)
{
    return verify_at(c, d, mb, ml, VLD_DEPTH_DEEP, 0);
}

static vld_status op_stream_deep(vld_ctx *c, const uint8_t *d, const uint8_t *mb, size_t ml)
{
    return verify_at(c, d, mb, ml, VLD_DEPTH_DEEP, 1);
}

static vld_status op_stream_sampled(vld_ctx *c, const uint8_t *d, const uint8_t *mb, size_t ml)
{
    return verify_at(c, d, mb, ml, VLD_DEPTH_SAMPLED, 1);
}

static void run_with_every_failure(operation op)
{
    uint8_t *data = make_pattern(LEN, 12);
    vld_ctx *plain = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(plain, data, LEN, &m), VLD_OK);
    size_t ml;
    uint8_t *mb = serialize(m, &ml);
    vld_manifest_free(m);
    vld_ctx_free(plain);

    int succeeded = 0;
    for (long k = 1; k < 200 && !succeeded; k++) {
        failing_alloc fa;
        vld_allocator a = failing_allocator(&fa);
        vld_ctx *ctx = NULL;
        vld_status st = vld_ctx_new(&a, &ctx);
        if (st == VLD_OK) {
            assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 4096), VLD_OK);
            fa.fail_at = fa.calls + k;
            st = op(ctx, data, mb, ml);
            vld_ctx_free(ctx);
        }
        if (fa.failed)
            assert_int_equal(st, VLD_E_NOMEM);
        else {
            assert_int_equal(st, VLD_OK);
            succeeded = 1;
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
    free(mb);
    free(data);
}

static void ctx_new_fails_cleanly(void **state)
{
    (void)state;
    failing_alloc fa;
    vld_allocator a = failing_allocator(&fa);
    fa.fail_at = 1;
    vld_ctx *ctx = (vld_ctx *)1;
    assert_int_equal(vld_ctx_new(&a, &ctx), VLD_E_NOMEM);
    assert_null(ctx);
    assert_int_equal(fa.live, 0);
}

static void build_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_build); }
static void builder_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_build_pieces); }
static void load_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_load); }
static void verify_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_verify_full); }
static void deep_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_verify_deep); }
static void stream_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_stream_deep); }
static void sampled_fails_cleanly(void **s) { (void)s; run_with_every_failure(op_stream_sampled); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctx_new_fails_cleanly),  cmocka_unit_test(build_fails_cleanly),
        cmocka_unit_test(builder_fails_cleanly),  cmocka_unit_test(load_fails_cleanly),
        cmocka_unit_test(verify_fails_cleanly),   cmocka_unit_test(deep_fails_cleanly),
        cmocka_unit_test(stream_fails_cleanly),   cmocka_unit_test(sampled_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
