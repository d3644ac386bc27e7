#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)((((uint32_t)i + seed) * 2654435761u) >> 24);
}

uint8_t *make_pattern(size_t len, uint32_t seed)
{
    uint8_t *p = malloc(len ? len : 1);
    assert_non_null(p);
    fill_pattern(p, len, seed);
    return p;
}

vld_ctx *new_ctx(int64_t chunk_size, vld_hash hash, vld_depth depth)
{
    vld_ctx *ctx = NULL;
    assert_int_equal(vld_ctx_new(NULL, &ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, chunk_size), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_HASH, hash), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depth), VLD_OK);
    return ctx;
}

uint8_t *serialize(const vld_manifest *m, size_t *len)
{
    size_t need = 0, written = 0;
    assert_int_equal(vld_manifest_serialized_size(m, &need), VLD_OK);
    uint8_t *buf = malloc(need);
    assert_non_null(buf);
    assert_int_equal(vld_manifest_serialize(m, buf, need, &written), VLD_OK);
    assert_int_equal(written, need);
    *len = need;
    return buf;
}

vld_report_summary summary_of(const vld_report *r)
{
    vld_report_summary s = {.size = sizeof s};
    assert_int_equal(vld_report_get_summary(r, &s), VLD_OK);
    return s;
}

static void *fa_malloc(void *user, size_t size)
{
    failing_alloc *st = user;
    st->calls++;
    if (st->fail_at && st->calls == st->fail_at) {
        st->failed = 1;
        return NULL;
    }
    void *p = malloc(size);
    if (p)
        st->live++;
    return p;
}

static void *fa_realloc(void *user, void *ptr, size_t size)
{
    failing_alloc *st = user;
    st->calls++;
    if (st->fail_at && st->calls == st->fail_at) {
        st->failed = 1;
        return NULL;
    }
    void *p = realloc(ptr, size);
    if (p && !ptr)
        st->live++;
    return p;
}

static void fa_free(void *user, void *ptr)
{
    failing_alloc *st = user;
    if (ptr)
        st->live--;
    free(ptr);
}

vld_allocator failing_allocator(failing_alloc *state)
{
    memset(state, 0, sizeof *state);
    vld_allocator a = {.size = sizeof a, fa_malloc, fa_realloc, fa_free, state};
    return a;
}

void assert_reports_equal(const vld_report *a, const vld_report *b)
{
    vld_report_summary sa = summary_of(a), sb = summary_of(b);
    assert_int_equal(sa.verdict, sb.verdict);
    assert_int_equal(sa.depth, sb.depth);
    assert_int_equal(sa.status, sb.status);
    assert_int_equal(sa.bytes_total, sb.bytes_total);
    assert_int_equal(sa.bytes_seen, sb.bytes_seen);
    assert_int_equal(sa.bytes_checked, sb.bytes_checked);
    assert_int_equal(sa.chunks_total, sb.chunks_total);
    assert_int_equal(sa.chunks_checked, sb.chunks_checked);
    assert_int_equal(sa.chunks_damaged, sb.chunks_damaged);
    assert_int_equal(sa.ranges_count, sb.ranges_count);
    assert_int_equal(sa.ranges_truncated, sb.ranges_truncated);
    assert_int_equal(sa.digest_checked, sb.digest_checked);
    assert_int_equal(sa.digest_ok, sb.digest_ok);
    for (size_t i = 0; i < sa.ranges_count; i++) {
        vld_range ra = {.size = sizeof ra}, rb = {.size = sizeof rb};
        assert_int_equal(vld_report_get_range(a, i, &ra), VLD_OK);
        assert_int_equal(vld_report_get_range(b, i, &rb), VLD_OK);
        assert_int_equal(ra.offset, rb.offset);
        assert_int_equal(ra.length, rb.length);
        assert_int_equal(ra.flags, rb.flags);
    }
    for (uint64_t i = 0; i < sa.chunks_total; i++) {
        vld_chunk_state ca, cb;
        assert_int_equal(vld_report_get_chunk_state(a, i, &ca), VLD_OK);
        assert_int_equal(vld_report_get_chunk_state(b, i, &cb), VLD_OK);
        assert_int_equal(ca, cb);
    }
}
