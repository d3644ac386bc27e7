/* Files: agreement with buffers, I/O actually saved by sampling, re-reads
 * of mismatching chunks, files that shrink or vanish, files over 4 GiB. */
#define _GNU_SOURCE
#include "support.h"

#include <stdarg.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define CS 65536
#define CHUNKS 300
#define LEN ((size_t)CHUNKS * CS - 4321)

static int temp_file(const uint8_t *data, size_t len, char *path)
{
    strcpy(path, "/tmp/vld-files-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    return fd;
}

/* The I/O hook: counts bytes and remembers which chunks were touched. */
typedef struct io_log {
    pthread_mutex_t lock;
    uint64_t bytes, calls;
    uint8_t touched[CHUNKS + 1];
    int flip_chunk;        /* flip a byte of this chunk on its first read (-1: none) */
    int flipped;
    int truncate_at_chunk; /* ftruncate the file when this chunk is first read (-1: none) */
    off_t truncate_to;
    const char *path;      /* the file, to truncate (the library opened it read-only) */
    int unlink_it;
} io_log;

static void io_log_init(io_log *l)
{
    memset(l, 0, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
    l->flip_chunk = -1;
    l->truncate_at_chunk = -1;
}

static int64_t hook(void *user, int fd, void *buf, size_t len, uint64_t off)
{
    io_log *l = user;
    uint64_t chunk = off / CS;
    pthread_mutex_lock(&l->lock);
    l->calls++;
    l->bytes += len;
    for (uint64_t c = chunk; c <= (off + len - 1) / CS && c <= CHUNKS; c++)
        l->touched[c] = 1;
    if (l->truncate_at_chunk >= 0 && chunk <= (uint64_t)l->truncate_at_chunk &&
        (off + len - 1) / CS >= (uint64_t)l->truncate_at_chunk) {
        l->truncate_at_chunk = -1;
        assert_int_equal(truncate(l->path, l->truncate_to), 0);
        if (l->unlink_it)
            unlink(l->path);
    }
    pthread_mutex_unlock(&l->lock);
    ssize_t n = pread(fd, buf, len, (off_t)off);
    if (n < 0)
        return -errno;
    pthread_mutex_lock(&l->lock);
    if (l->flip_chunk >= 0 && chunk == (uint64_t)l->flip_chunk && !l->flipped && n > 0) {
        ((uint8_t *)buf)[0] ^= 0x40;
        l->flipped = 1;
    }
    pthread_mutex_unlock(&l->lock);
    return n;
}

static void files_agree_with_buffers(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 1);
    uint8_t *bad = make_pattern(LEN, 1);
    bad[7 * CS] ^= 1;
    bad[100 * CS + 99] ^= 1;
    char path[64];
    int fd = temp_file(bad, LEN - 100, path);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_128, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const vld_depth depths[] = {VLD_DEPTH_SHALLOW, VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL,
                                       VLD_DEPTH_DEEP};
    static const int64_t threads[] = {1, 2, 8};
    for (size_t d = 0; d < 4; d++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depths[d]), VLD_OK);
        vld_report *ref;
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 1), VLD_OK);
        assert_int_equal(vld_verify_buffer(ctx, m, bad, LEN - 100, &ref), VLD_OK);
        for (size_t t = 0; t < 3; t++) {
            assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
            vld_report *r;
            assert_int_equal(vld_verify_file(ctx, m, path, &r), VLD_OK);
            assert_reports_equal(ref, r);
            vld_report_free(r);
            assert_int_equal(vld_verify_fd(ctx, m, fd, &r), VLD_OK);
            assert_reports_equal(ref, r);
            vld_report_free(r);
        }
        vld_report_free(ref);
    }
    /* Building from the file gives the bytes building from memory gives. */
    for (size_t t = 0; t < 3; t++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
        vld_manifest *mb, *mf;
        assert_int_equal(vld_manifest_build(ctx, bad, LEN - 100, &mb), VLD_OK);
        assert_int_equal(vld_manifest_build_file(ctx, path, &mf), VLD_OK);
        size_t na, nb;
        uint8_t *a = serialize(mb, &na), *b = serialize(mf, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        free(a);
        free(b);
        vld_manifest_free(mb);
        vld_manifest_free(mf);
    }
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

static void sampled_reads_only_chosen_chunks_and_shallow_none(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 2);
    char path[64];
    int fd = temp_file(data, LEN, path);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_SAMPLED);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const int64_t threads[] = {1, 2};
    for (size_t t = 0; t < 2; t++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SAMPLED), VLD_OK);
        io_log log;
        io_log_init(&log);
        assert_int_equal(vld_ctx_set_read_fn(ctx, hook, &log), VLD_OK);
        vld_report *r;
        assert_int_equal(vld_verify_fd(ctx, m, fd, &r), VLD_OK);
        vld_report_summary s = summary_of(r);
        assert_true(s.chunks_checked > 5 && s.chunks_checked < CHUNKS / 8);
        assert_int_equal(log.bytes, s.bytes_checked);
        for (uint64_t i = 0; i < CHUNKS; i++) {
            vld_chunk_state cs;
            assert_int_equal(vld_report_get_chunk_state(r, i, &cs), VLD_OK);
            assert_int_equal(log.touched[i], cs == VLD_CHUNK_OK);
        }
        vld_report_free(r);
        io_log_init(&log);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SHALLOW), VLD_OK);
        assert_int_equal(vld_verify_file(ctx, m, path, &r), VLD_OK);
        assert_int_equal(log.calls, 0);
        assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
        vld_report_free(r);
        assert_int_equal(vld_ctx_set_read_fn(ctx, NULL, NULL), VLD_OK);
    }
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static uint32_t flags_of_first_range(const vld_report *r, uint64_t *offset)
{
    vld_range g = {.size = sizeof g};
    assert_int_equal(vld_report_get_range(r, 0, &g), VLD_OK);
    *offset = g.offset;
    return g.flags;
}

static void mismatches_are_read_twice(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 3);
    char path[64];
    int fd = temp_file(data, LEN, path);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const int64_t threads[] = {1, 2};
    for (size_t t = 0; t < 2; t++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
        /* A read that goes wrong once: transient. */
        io_log log;
        io_log_init(&log);
        log.flip_chunk = 42;
        assert_int_equal(vld_ctx_set_read_fn(ctx, hook, &log), VLD_OK);
        vld_report *r;
        uint64_t off;
        assert_int_equal(vld_verify_fd(ctx, m, fd, &r), VLD_OK);
        assert_true(log.flipped);
        assert_int_equal(summary_of(r).chunks_damaged, 1);
        assert_int_equal(flags_of_first_range(r, &off), VLD_RANGE_TRANSIENT);
        assert_int_equal(off, 42 * CS);
        assert_int_equal(log.bytes, LEN + CS); /* the chunk was read twice */
        vld_report_free(r);
        /* Without re-reads the same fault looks like stored damage. */
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_REREAD, 0), VLD_OK);
        io_log_init(&log);
        log.flip_chunk = 42;
        assert_int_equal(vld_verify_fd(ctx, m, fd, &r), VLD_OK);
        assert_int_equal(flags_of_first_range(r, &off), 0);
        assert_int_equal(log.bytes, LEN);
        vld_report_free(r);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_REREAD, 1), VLD_OK);
        /* Damage on the medium reads the same twice: persistent. */
        uint8_t byte = data[9 * CS + 3] ^ 0xff;
        assert_int_equal(pwrite(fd, &byte, 1, 9 * CS + 3), 1);
        io_log_init(&log);
        assert_int_equal(vld_verify_fd(ctx, m, fd, &r), VLD_OK);
        assert_int_equal(flags_of_first_range(r, &off), 0);
        assert_int_equal(off, 9 * CS);
        assert_int_equal(log.bytes, LEN + CS);
        vld_report_free(r);
        assert_int_equal(pwrite(fd, data + 9 * CS + 3, 1, 9 * CS + 3), 1);
        /* Jobs re-read too. */
        io_log_init(&log);
        log.flip_chunk = 7;
        vld_job *job;
        assert_int_equal(vld_job_new_fd(ctx, m, fd, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
        int done = 0;
        while (!done)
            assert_int_equal(vld_job_step(job, 1000000, &done), VLD_OK);
        assert_int_equal(vld_job_finish(job, &r), VLD_OK);
        assert_int_equal(flags_of_first_range(r, &off), VLD_RANGE_TRANSIENT);
        assert_int_equal(off, 7 * CS);
        vld_report_free(r);
        vld_job_free(job);
        assert_int_equal(vld_ctx_set_read_fn(ctx, NULL, NULL), VLD_OK);
    }
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void a_file_that_shrinks_or_vanishes(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 4);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const int64_t threads[] = {1, 2, 8};
    for (size_t t = 0; t < 3; t++) {
        for (int vanish = 0; vanish < 2; vanish++) {
            assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads[t]), VLD_OK);
            char path[64];
            int fd = temp_file(data, LEN, path);
            io_log log;
            io_log_init(&log);
            log.truncate_at_chunk = 120;
            log.truncate_to = vanish ? 0 : 100 * CS + 17;
            log.path = path;
            log.unlink_it = vanish;
            assert_int_equal(vld_ctx_set_read_fn(ctx, hook, &log), VLD_OK);
            vld_report *r = NULL;
            assert_int_equal(vld_verify_file(ctx, m, path, &r), VLD_E_FILE_CHANGED);
            assert_non_null(r);
            vld_report_summary s = summary_of(r);
            assert_int_equal(s.status, VLD_E_FILE_CHANGED);
            assert_true(s.chunks_checked < CHUNKS);
            assert_int_equal(s.chunks_damaged, 0);
            if (threads[t] == 1 && !vanish)
                assert_int_equal(s.chunks_checked, 120);
            char msg[256];
            vld_ctx_last_error(ctx, msg, sizeof msg);
            assert_non_null(strstr(msg, path));
            vld_report_free(r);
            close(fd);
            unlink(path);
        }
    }
    /* Building from a file that shrinks fails precisely, too. */
    char path[64];
    int fd = temp_file(data, LEN, path);
    io_log log;
    io_log_init(&log);
    log.truncate_at_chunk = 50;
    log.truncate_to = 10;
    log.path = path;
    assert_int_equal(vld_ctx_set_read_fn(ctx, hook, &log), VLD_OK);
    vld_manifest *mf = (vld_manifest *)1;
    assert_int_equal(vld_manifest_build_fd(ctx, fd, &mf), VLD_E_FILE_CHANGED);
    assert_null(mf);
    close(fd);
    unlink(path);
    /* A path that does not exist. */
    vld_report *r = (vld_report *)1;
    assert_int_equal(vld_verify_file(ctx, m, "/nonexistent/vld-file", &r), VLD_E_IO);
    assert_null(r);
    char msg[256];
    vld_ctx_last_error(ctx, msg, sizeof msg);
    assert_non_null(strstr(msg, "/nonexistent/vld-file"));
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

/* A sparse file a little over 4 GiB with damage past the 4 GiB mark. */
static void files_over_4_gib(void **state)
{
    (void)state;
    const uint64_t size = ((uint64_t)4 << 30) + 3 * 1048576 + 77;
    char path[] = "/tmp/vld-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        unlink(path);
        skip();
    }
    const char tail[] = "the end of a big file";
    assert_int_equal(pwrite(fd, tail, sizeof tail, (off_t)(size - sizeof tail)), (ssize_t)sizeof tail);
    vld_ctx *ctx = new_ctx(1 << 24, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build_fd(ctx, fd, &m), VLD_OK);
    vld_manifest_info info = {.size = sizeof info};
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
    assert_int_equal(info.length, size);
    assert_int_equal(info.chunk_count, 257);
    const uint64_t bad_at = ((uint64_t)4 << 30) + 1048576 + 5;
    uint8_t one = 1;
    assert_int_equal(pwrite(fd, &one, 1, (off_t)bad_at), 1);
    uint64_t first, count;
    assert_int_equal(vld_manifest_chunk_range(m, bad_at - 10, 20, &first, &count), VLD_OK);
    assert_int_equal(first, 256);
    assert_int_equal(count, 1);
    vld_report *r;
    assert_int_equal(vld_verify_fd_range(ctx, m, fd, 250, VLD_CHUNKS_ALL, &r), VLD_OK);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.verdict, VLD_VERDICT_CORRUPT);
    assert_int_equal(s.bytes_seen, size);
    vld_range g = {.size = sizeof g};
    assert_int_equal(vld_report_get_range(r, 0, &g), VLD_OK);
    assert_int_equal(g.offset, (uint64_t)256 << 24);
    assert_int_equal(g.length, size - ((uint64_t)256 << 24));
    vld_report_free(r);
    /* Sampled depth over the whole file, as a job resumed at chunk 240. */
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SAMPLED), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUPS, 1), VLD_OK);
    vld_job *job;
    assert_int_equal(vld_job_new_fd(ctx, m, fd, 240, VLD_CHUNKS_ALL, &job), VLD_OK);
    int done = 0;
    while (!done)
        assert_int_equal(vld_job_step(job, 5000000, &done), VLD_OK);
    assert_int_equal(vld_job_finish(job, &r), VLD_OK);
    s = summary_of(r);
    assert_int_equal(s.chunks_checked, 17);
    assert_int_equal(s.chunks_damaged, 1);
    vld_report_free(r);
    vld_job_free(job);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    close(fd);
    unlink(path);
}

/* Every allocation of file verification, parallel building, jobs and
 * merging fails in turn: a precise NOMEM (or success), never a leak. */
static void allocation_failures_are_clean(void **state)
{
    (void)state;
    const size_t len = (size_t)6 << 20;
    uint8_t *data = make_pattern(len, 6);
    char path[64];
    int fd = temp_file(data, len, path);
    for (int threads = 1; threads <= 2; threads++) {
        int clean_runs = 0;
        for (long k = 1; clean_runs < 1 && k < 400; k++) {
            failing_alloc fa;
            vld_allocator a = failing_allocator(&fa);
            fa.fail_at = k;
            vld_ctx *ctx = NULL;
            vld_status st = vld_ctx_new(&a, &ctx);
            vld_manifest *m = NULL;
            vld_report *r1 = NULL, *r2 = NULL, *merged = NULL;
            vld_job *job = NULL;
            if (st == VLD_OK) {
                vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads);
                vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, CS);
                st = vld_manifest_build_fd(ctx, fd, &m);
            }
            if (st == VLD_OK)
                st = vld_verify_fd_range(ctx, m, fd, 0, 40, &r1);
            if (st == VLD_OK)
                st = vld_verify_buffer_range(ctx, m, 40, VLD_CHUNKS_ALL, data + 40 * CS,
                                             len - 40 * CS, &r2);
            if (st == VLD_OK)
                st = vld_report_merge(ctx, r1, r2, &merged);
            if (st == VLD_OK)
                st = vld_job_new_fd(ctx, m, fd, 0, VLD_CHUNKS_ALL, &job);
            int done = 0;
            while (st == VLD_OK && !done)
                st = vld_job_step(job, 1000000, &done);
            assert_true(st == VLD_OK || st == VLD_E_NOMEM);
            assert_true(st == VLD_OK || fa.failed);
            if (st == VLD_OK) {
                assert_int_equal(summary_of(merged).verdict, VLD_VERDICT_OK);
                clean_runs++;
            }
            vld_job_free(job);
            vld_report_free(merged);
            vld_report_free(r1);
            vld_report_free(r2);
            vld_manifest_free(m);
            vld_ctx_free(ctx);
            assert_int_equal(fa.live, 0);
        }
        assert_int_equal(clean_runs, 1);
    }
    close(fd);
    unlink(path);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_agree_with_buffers),
        cmocka_unit_test(sampled_reads_only_chosen_chunks_and_shallow_none),
        cmocka_unit_test(mismatches_are_read_twice),
        cmocka_unit_test(a_file_that_shrinks_or_vanishes),
        cmocka_unit_test(allocation_failures_are_clean),
        cmocka_unit_test(files_over_4_gib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
