/*
 * Fault injection at every point (issue 8): a read error at every read, a
 * short read at every read, and a callback that stops the work at every
 * call. Each case must end in a precise error with nothing leaked and no
 * partial result presented as complete — or, for short reads, in exactly
 * the report an undisturbed run gives.
 */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define LEN (9 * 4096 + 77)

typedef struct fault {
    long calls;
    long at;   /* the call that misbehaves (1-based); 0 = none */
    int short_read; /* 1: return fewer bytes instead of an error */
    int fired;
} fault;

static int64_t faulty_read(void *user, int fd, void *buf, size_t len, uint64_t offset)
{
    fault *f = user;
    long n = __atomic_add_fetch(&f->calls, 1, __ATOMIC_SEQ_CST);
    if (n == f->at) {
        f->fired = 1;
        if (!f->short_read)
            return -EIO;
        len = len > 1 ? len / 2 : len; /* a legal short read: the caller must go on */
    }
    ssize_t got = pread(fd, buf, len, (off_t)offset);
    return got < 0 ? -errno : got;
}

static char path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/vld-faults-%d.bin", (int)getpid());
    uint8_t *data = make_pattern(LEN, 21);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, LEN, f), LEN);
    fclose(f);
    free(data);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static vld_ctx *ctx_with(int64_t threads, vld_depth depth, vld_allocator *a)
{
    vld_ctx *ctx;
    assert_int_equal(vld_ctx_new(a, &ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 4096), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depth), VLD_OK);
    return ctx;
}

static void a_read_error_at_every_read_is_reported(void **state)
{
    (void)state;
    static const vld_depth depths[] = {VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL, VLD_DEPTH_DEEP};
    for (int threads = 1; threads <= 2; threads++) {
        for (size_t d = 0; d < 3; d++) {
            long clean_calls = 0;
            for (long k = 1;; k++) {
                failing_alloc fa;
                vld_allocator a = failing_allocator(&fa);
                vld_ctx *ctx = ctx_with(threads, depths[d], &a);
                vld_manifest *m;
                assert_int_equal(vld_manifest_build_file(ctx, path, &m), VLD_OK);
                fault f = {0, k, 0, 0};
                assert_int_equal(vld_ctx_set_read_fn(ctx, faulty_read, &f), VLD_OK);
                vld_report *r = NULL;
                vld_status st = vld_verify_file(ctx, m, path, &r);
                if (!f.fired) {
                    /* Past the last read: the run was undisturbed. */
                    assert_int_equal(st, VLD_OK);
                    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
                    clean_calls = f.calls;
                } else {
                    assert_int_equal(st, VLD_E_IO);
                    char detail[256];
                    assert_int_equal(vld_ctx_last_error(ctx, detail, sizeof detail), VLD_OK);
                    assert_non_null(strstr(detail, path));
                    assert_non_null(r);
                    vld_report_summary s = summary_of(r);
                    assert_int_equal(s.status, VLD_E_IO);
                    /* Something is left unchecked: a chunk, or at deep depth
                     * (another runner may have done every chunk) the digest. */
                    assert_true(s.chunks_checked < s.chunks_total || !s.digest_checked);
                    assert_false(s.digest_checked && s.digest_ok &&
                                 s.chunks_checked == s.chunks_total);
                }
                vld_report_free(r);
                vld_manifest_free(m);
                vld_ctx_free(ctx);
                assert_int_equal(fa.live, 0);
                if (!f.fired)
                    break;
            }
            assert_true(clean_calls > 0);
        }
    }
}

static void short_reads_at_every_read_change_nothing(void **state)
{
    (void)state;
    vld_ctx *ctx = ctx_with(1, VLD_DEPTH_DEEP, NULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build_file(ctx, path, &m), VLD_OK);
    vld_report *want;
    assert_int_equal(vld_verify_file(ctx, m, path, &want), VLD_OK);
    for (long k = 1; k < 64; k++) {
        fault f = {0, k, 1, 0};
        assert_int_equal(vld_ctx_set_read_fn(ctx, faulty_read, &f), VLD_OK);
        vld_report *r;
        assert_int_equal(vld_verify_file(ctx, m, path, &r), VLD_OK);
        assert_reports_equal(want, r);
        vld_report_free(r);
        /* Building from the file through the same short read. */
        f = (fault){0, k, 1, 0};
        vld_manifest *again;
        assert_int_equal(vld_manifest_build_file(ctx, path, &again), VLD_OK);
        size_t a_len, b_len;
        uint8_t *a = serialize(m, &a_len), *b = serialize(again, &b_len);
        assert_int_equal(a_len, b_len);
        assert_memory_equal(a, b, a_len);
        free(a);
        free(b);
        vld_manifest_free(again);
        if (!f.fired)
            break;
    }
    vld_report_free(want);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

typedef struct stopper {
    int calls;
    int at;
} stopper;

static int stop_progress(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    stopper *s = user;
    return ++s->calls == s->at;
}

static int stop_check(void *user, uint64_t index, uint64_t offset, const void *data, size_t len)
{
    (void)index;
    (void)offset;
    (void)data;
    (void)len;
    stopper *s = user;
    return ++s->calls == s->at; /* rejecting is not stopping: a damaged chunk */
}

static void a_progress_callback_can_stop_at_every_call(void **state)
{
    (void)state;
    /* 16 MiB in 1 MiB chunks: a progress call every 4 MiB and at the end. */
    const size_t len = 16u << 20;
    uint8_t *data = make_pattern(len, 22);
    for (int at = 1;; at++) {
        failing_alloc fa;
        vld_allocator a = failing_allocator(&fa);
        vld_ctx *ctx;
        assert_int_equal(vld_ctx_new(&a, &ctx), VLD_OK);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 1 << 20), VLD_OK);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 1), VLD_OK);
        vld_manifest *m;
        assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
        stopper s = {0, at};
        assert_int_equal(vld_ctx_set_progress(ctx, stop_progress, &s), VLD_OK);
        vld_report *r = NULL;
        vld_status st = vld_verify_buffer(ctx, m, data, len, &r);
        int stopped = s.calls >= at;
        if (stopped) {
            assert_int_equal(st, VLD_E_CALLBACK_ABORT);
            assert_int_equal(summary_of(r).status, VLD_E_CALLBACK_ABORT);
        } else {
            assert_int_equal(st, VLD_OK);
            assert_int_equal(summary_of(r).chunks_checked, 16);
        }
        vld_report_free(r);
        vld_manifest_free(m);
        vld_ctx_free(ctx);
        assert_int_equal(fa.live, 0);
        if (!stopped)
            break;
        assert_true(at < 100);
    }
    free(data);
}

static void a_host_check_rejects_at_every_chunk(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 21);
    vld_ctx *ctx = ctx_with(1, VLD_DEPTH_DEEP, NULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    for (int at = 1; at <= 10; at++) {
        stopper s = {0, at};
        assert_int_equal(vld_ctx_set_chunk_check(ctx, stop_check, &s), VLD_OK);
        vld_report *r;
        assert_int_equal(vld_verify_buffer(ctx, m, data, LEN, &r), VLD_OK);
        vld_report_summary sum = summary_of(r);
        assert_int_equal(sum.verdict, VLD_VERDICT_CORRUPT);
        assert_int_equal(sum.chunks_damaged, 1);
        vld_range g = {.size = sizeof g};
        assert_int_equal(vld_report_get_range(r, 0, &g), VLD_OK);
        assert_int_equal(g.offset, (uint64_t)(at - 1) * 4096);
        assert_int_equal(g.flags, VLD_RANGE_HOST);
        vld_report_free(r);
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_read_error_at_every_read_is_reported),
        cmocka_unit_test(short_reads_at_every_read_change_nothing),
        cmocka_unit_test(a_progress_callback_can_stop_at_every_call),
        cmocka_unit_test(a_host_check_rejects_at_every_chunk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
