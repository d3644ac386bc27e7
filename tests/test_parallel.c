/* Worker threads: identical results whatever the thread count, a pool
 * shared by several host threads, and cancellation from another thread. */
#define _GNU_SOURCE
#include "support.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define LEN ((size_t)24 << 20) /* above the size where workers start */
#define CHUNK 65536

static const int64_t THREADS[] = {1, 2, 8};

static uint8_t *damaged_copy(const uint8_t *data, size_t len)
{
    uint8_t *d = malloc(len);
    assert_non_null(d);
    memcpy(d, data, len);
    d[5 * CHUNK + 7] ^= 1;
    d[6 * CHUNK] ^= 0x80;    /* adjacent chunk: the ranges merge */
    d[200 * CHUNK + 9] ^= 4;
    d[len - 1] ^= 2;         /* the last chunk */
    return d;
}

static vld_report *verify_with(vld_ctx *ctx, int64_t threads, const vld_manifest *m,
                               const uint8_t *data, size_t len)
{
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
    vld_report *r = NULL;
    assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
    return r;
}

static void buffer_reports_do_not_depend_on_threads(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 11);
    uint8_t *bad = damaged_copy(data, LEN);
    vld_ctx *ctx = new_ctx(CHUNK, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const vld_depth depths[] = {VLD_DEPTH_SHALLOW, VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL,
                                       VLD_DEPTH_DEEP};
    static const size_t lens[] = {LEN, LEN - 100000, LEN + 4000};
    uint8_t *longer = malloc(LEN + 4000);
    assert_non_null(longer);
    memcpy(longer, bad, LEN);
    memset(longer + LEN, 0, 4000);
    for (size_t d = 0; d < 4; d++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depths[d]), VLD_OK);
        for (size_t l = 0; l < 3; l++) {
            vld_report *ref = verify_with(ctx, 1, m, longer, lens[l]);
            vld_report_summary s = summary_of(ref);
            if (depths[d] >= VLD_DEPTH_FULL)
                assert_int_not_equal(s.verdict, VLD_VERDICT_OK);
            for (size_t t = 1; t < 3; t++) {
                vld_report *r = verify_with(ctx, THREADS[t], m, longer, lens[l]);
                assert_reports_equal(ref, r);
                assert_int_equal(summary_of(r).chunks_in_scope, s.chunks_in_scope);
                vld_report_free(r);
            }
            vld_report_free(ref);
        }
    }
    /* The clean data is clean at every thread count, digest included. */
    for (size_t t = 0; t < 3; t++) {
        vld_report *r = verify_with(ctx, THREADS[t], m, data, LEN);
        vld_report_summary s = summary_of(r);
        assert_int_equal(s.verdict, VLD_VERDICT_OK);
        assert_true(s.digest_checked && s.digest_ok);
        assert_int_equal(s.chunks_checked, LEN / CHUNK);
        vld_report_free(r);
    }
    free(longer);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

static uint8_t *manifest_bytes(vld_ctx *ctx, int64_t threads, const uint8_t *data, size_t len,
                               size_t *n)
{
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    uint8_t *b = serialize(m, n);
    vld_manifest_free(m);
    return b;
}

static void built_manifests_do_not_depend_on_threads(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN + 777, 12);
    static const int64_t chunks[] = {4096, CHUNK, 0};
    static const vld_hash hashes[] = {VLD_HASH_XXH3_64, VLD_HASH_XXH3_128};
    for (size_t c = 0; c < 3; c++) {
        for (size_t h = 0; h < 2; h++) {
            vld_ctx *ctx = new_ctx(chunks[c], hashes[h], VLD_DEPTH_FULL);
            size_t n1, n2;
            uint8_t *ref = manifest_bytes(ctx, 1, data, LEN + 777, &n1);
            for (size_t t = 1; t < 3; t++) {
                uint8_t *b = manifest_bytes(ctx, THREADS[t], data, LEN + 777, &n2);
                assert_int_equal(n1, n2);
                assert_memory_equal(ref, b, n1);
                free(b);
            }
            free(ref);
            vld_ctx_free(ctx);
        }
    }
    free(data);
}

/* Several host threads verify through one context at once. */
typedef struct host_arg {
    vld_ctx *ctx;
    const vld_manifest *m;
    const uint8_t *data;
    const vld_report *ref;
    int ok;
} host_arg;

static void *host_main(void *p)
{
    host_arg *a = p;
    a->ok = 1;
    for (int i = 0; i < 4; i++) {
        vld_report *r = NULL;
        if (vld_verify_buffer(a->ctx, a->m, a->data, LEN, &r) != VLD_OK) {
            a->ok = 0;
            break;
        }
        vld_report_summary s = {.size = sizeof s}, x = {.size = sizeof x};
        vld_report_get_summary(r, &s);
        vld_report_get_summary(a->ref, &x);
        if (s.chunks_checked != x.chunks_checked || s.chunks_damaged != x.chunks_damaged ||
            s.verdict != x.verdict || s.ranges_count != x.ranges_count)
            a->ok = 0;
        vld_report_free(r);
    }
    return NULL;
}

static void host_threads_share_one_context(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 13);
    uint8_t *bad = damaged_copy(data, LEN);
    vld_ctx *ctx = new_ctx(CHUNK, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_report *ref = verify_with(ctx, 1, m, bad, LEN);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 3), VLD_OK);
    pthread_t th[4];
    host_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (host_arg){ctx, m, bad, ref, 0};
        assert_int_equal(pthread_create(&th[i], NULL, host_main, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(args[i].ok);
    }
    vld_report_free(ref);
    vld_manifest_free(m);
    vld_ctx_free(ctx); /* joins the workers */
    free(bad);
    free(data);
}

/* The verifying thread reports progress, then waits until the main thread
 * has cancelled: the cancellation happens mid-verification, every time. */
typedef struct cancel_sync {
    atomic_int progressed;
    atomic_int cancelled;
} cancel_sync;

static int on_progress(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    cancel_sync *c = user;
    atomic_store(&c->progressed, 1);
    while (!atomic_load(&c->cancelled))
        usleep(100);
    return 0;
}

typedef struct verify_arg {
    vld_ctx *ctx;
    const vld_manifest *m;
    const uint8_t *data;
    vld_status st;
    vld_report *r;
} verify_arg;

static void *verify_main(void *p)
{
    verify_arg *a = p;
    a->st = vld_verify_buffer(a->ctx, a->m, a->data, LEN, &a->r);
    return NULL;
}

static void cancel_from_another_thread(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 14);
    for (size_t t = 0; t < 3; t++) {
        vld_ctx *ctx = new_ctx(CHUNK, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
        vld_manifest *m;
        assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, THREADS[t]), VLD_OK);
        cancel_sync sync;
        atomic_init(&sync.progressed, 0);
        atomic_init(&sync.cancelled, 0);
        assert_int_equal(vld_ctx_set_progress(ctx, on_progress, &sync), VLD_OK);
        verify_arg a = {ctx, m, data, VLD_OK, NULL};
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, verify_main, &a), 0);
        while (!atomic_load(&sync.progressed))
            usleep(100);
        assert_int_equal(vld_ctx_cancel(ctx), VLD_OK);
        atomic_store(&sync.cancelled, 1);
        pthread_join(th, NULL);
        assert_int_equal(a.st, VLD_E_CANCELLED);
        assert_non_null(a.r); /* a partial report */
        vld_report_summary s = summary_of(a.r);
        assert_int_equal(s.status, VLD_E_CANCELLED);
        assert_true(s.chunks_checked > 0 && s.chunks_checked < s.chunks_total);
        assert_int_equal(s.chunks_damaged, 0);
        assert_int_equal(s.verdict, VLD_VERDICT_OK);
        char msg[128];
        assert_int_equal(vld_ctx_last_error(ctx, msg, sizeof msg), VLD_OK);
        assert_non_null(strstr(msg, "cancel"));
        vld_report_free(a.r);
        /* A verification started after the cancel is not affected. */
        vld_ctx_set_progress(ctx, NULL, NULL);
        vld_report *r;
        assert_int_equal(vld_verify_buffer(ctx, m, data, LEN, &r), VLD_OK);
        assert_int_equal(summary_of(r).chunks_checked, LEN / CHUNK);
        vld_report_free(r);
        vld_manifest_free(m);
        vld_ctx_free(ctx);
    }
    assert_int_equal(vld_ctx_cancel(NULL), VLD_E_INVALID_ARGUMENT);
    free(data);
}

static void cancel_a_stream(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(10 * 4096, 15);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, 10 * 4096, &m), VLD_OK);
    vld_stream *s;
    assert_int_equal(vld_stream_new(ctx, m, &s), VLD_OK);
    assert_int_equal(vld_stream_update(s, data, 3 * 4096), VLD_OK);
    assert_int_equal(vld_ctx_cancel(ctx), VLD_OK);
    assert_int_equal(vld_stream_update(s, data + 3 * 4096, 4096), VLD_E_CANCELLED);
    vld_report *r;
    assert_int_equal(vld_stream_finish(s, &r), VLD_E_CANCELLED);
    vld_report_summary sum = summary_of(r);
    assert_int_equal(sum.status, VLD_E_CANCELLED);
    assert_int_equal(sum.chunks_checked, 3);
    vld_report_free(r);
    vld_stream_free(s);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

/* The thread parameter may change between operations: the pool grows. */
static void thread_count_changes_between_operations(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 16);
    vld_ctx *ctx = new_ctx(CHUNK, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const int64_t seq[] = {2, 1, 8, 0, 3, 2};
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        vld_report *r = verify_with(ctx, seq[i], m, data, LEN);
        assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
        vld_report_free(r);
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

/* The deep-depth host check runs on whichever thread verifies the chunk:
 * it shows that workers take part, and that threads=1 uses none. */
typedef struct seen_threads {
    pthread_mutex_t lock;
    pthread_t ids[16];
    int count;
} seen_threads;

static int note_thread(void *user, uint64_t index, uint64_t offset, const void *data, size_t len)
{
    (void)index;
    (void)offset;
    (void)data;
    (void)len;
    seen_threads *t = user;
    usleep(1000); /* 128 chunks: ample time for every idle worker to join */
    pthread_mutex_lock(&t->lock);
    int known = 0;
    for (int i = 0; i < t->count; i++)
        known |= pthread_equal(t->ids[i], pthread_self());
    if (!known && t->count < 16)
        t->ids[t->count++] = pthread_self();
    pthread_mutex_unlock(&t->lock);
    return 0;
}

static void workers_take_part_only_when_asked(void **state)
{
    (void)state;
    const size_t len = (size_t)8 << 20;
    uint8_t *data = make_pattern(len, 17);
    vld_ctx *ctx = new_ctx(CHUNK, VLD_HASH_XXH3_64, VLD_DEPTH_DEEP);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
    static const int64_t threads[] = {1, 2, 4};
    for (size_t t = 0; t < 3; t++) {
        seen_threads seen = {.count = 0};
        pthread_mutex_init(&seen.lock, NULL);
        assert_int_equal(vld_ctx_set_chunk_check(ctx, note_thread, &seen), VLD_OK);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
        vld_report *r;
        assert_int_equal(vld_verify_buffer(ctx, m, data, len, &r), VLD_OK);
        assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
        vld_report_free(r);
        /* Never more threads than asked for; with threads > 1 at least one
         * worker joined (not a hard guarantee under extreme load, but the
         * caller alone needs 128 ms here). */
        assert_true(seen.count <= threads[t]);
        if (threads[t] == 1)
            assert_true(pthread_equal(seen.ids[0], pthread_self()));
        else
            assert_true(seen.count >= 2);
        pthread_mutex_destroy(&seen.lock);
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buffer_reports_do_not_depend_on_threads),
        cmocka_unit_test(built_manifests_do_not_depend_on_threads),
        cmocka_unit_test(host_threads_share_one_context),
        cmocka_unit_test(cancel_from_another_thread),
        cmocka_unit_test(cancel_a_stream),
        cmocka_unit_test(thread_count_changes_between_operations),
        cmocka_unit_test(workers_take_part_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
