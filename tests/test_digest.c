/* Whole-file digests: the same bytes as vld_digest_buffer() whatever the
 * size, algorithm and thread setting, from files and pipes (short reads);
 * errors and stops end cleanly. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define MiB ((size_t)1 << 20)

static char path[64];

static void write_file(const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void files_digest_like_buffers(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/vld-digest-%d.bin", (int)getpid());
    static const size_t sizes[] = {0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 13 * MiB + 5};
    uint8_t *data = make_pattern(13 * MiB + 5, 31);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        write_file(data, sizes[k]);
        for (int algo = VLD_HASH_XXH3_64; algo <= VLD_HASH_XXH64; algo++) {
            uint8_t want[16], got[16];
            size_t wn, gn;
            assert_int_equal(vld_digest_buffer((vld_hash)algo, data, sizes[k], want, &wn), VLD_OK);
            for (int threads = 1; threads <= 2; threads++) {
                vld_ctx *ctx = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
                assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
                assert_int_equal(vld_digest_file(ctx, (vld_hash)algo, path, got, &gn), VLD_OK);
                assert_int_equal(gn, wn);
                assert_memory_equal(got, want, wn);
                vld_ctx_free(ctx);
            }
        }
    }
    unlink(path);
    free(data);
}

typedef struct feeder {
    int fd;
    const uint8_t *data;
    size_t len;
} feeder;

/* Writes in odd-sized pieces so the reader sees short reads. */
static void *feed(void *arg)
{
    feeder *f = arg;
    for (size_t off = 0; off < f->len;) {
        size_t n = f->len - off < 70001 ? f->len - off : 70001;
        ssize_t w = write(f->fd, f->data + off, n);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(f->fd);
    return NULL;
}

static void pipes_digest_like_buffers(void **state)
{
    (void)state;
    const size_t len = 9 * MiB + 3;
    uint8_t *data = make_pattern(len, 32);
    uint8_t want[16], got[16];
    size_t wn, gn;
    assert_int_equal(vld_digest_buffer(VLD_HASH_XXH3_128, data, len, want, &wn), VLD_OK);
    for (int threads = 1; threads <= 2; threads++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        feeder f = {fds[1], data, len};
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, feed, &f), 0);
        vld_ctx *ctx = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
        assert_int_equal(vld_digest_fd(ctx, VLD_HASH_XXH3_128, fds[0], got, &gn), VLD_OK);
        assert_memory_equal(got, want, wn);
        pthread_join(t, NULL);
        close(fds[0]);
        vld_ctx_free(ctx);
    }
    free(data);
}

typedef struct stopper {
    int calls, at;
} stopper;

static int stop_at(void *user, uint64_t done, uint64_t total)
{
    (void)done;
    (void)total;
    stopper *s = user;
    return ++s->calls == s->at;
}

static void a_stop_at_every_progress_call_ends_cleanly(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/vld-digest-%d.bin", (int)getpid());
    uint8_t *data = make_pattern(21 * MiB, 33);
    write_file(data, 21 * MiB);
    for (int threads = 1; threads <= 2; threads++) {
        for (int at = 1; at <= 6; at++) {
            failing_alloc fa;
            vld_allocator a = failing_allocator(&fa);
            vld_ctx *ctx;
            assert_int_equal(vld_ctx_new(&a, &ctx), VLD_OK);
            assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, threads), VLD_OK);
            stopper s = {0, at};
            assert_int_equal(vld_ctx_set_progress(ctx, stop_at, &s), VLD_OK);
            uint8_t d[16];
            size_t n;
            vld_status st = vld_digest_file(ctx, VLD_HASH_XXH3_64, path, d, &n);
            /* 21 MiB: progress after 4, 8, 12, 16 and 20 MiB. */
            assert_int_equal(st, at <= 5 ? VLD_E_CALLBACK_ABORT : VLD_OK);
            vld_ctx_free(ctx);
            assert_int_equal(fa.live, 0);
        }
    }
    unlink(path);
    free(data);
}

static void errors_name_the_file(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    uint8_t d[16];
    size_t n;
    assert_int_equal(vld_digest_file(ctx, VLD_HASH_XXH3_64, "/nonexistent/x", d, &n), VLD_E_IO);
    char detail[256];
    vld_ctx_last_error(ctx, detail, sizeof detail);
    assert_non_null(strstr(detail, "/nonexistent/x"));
    /* A directory opens but cannot be read. */
    assert_int_equal(vld_digest_file(ctx, VLD_HASH_XXH3_64, "/tmp", d, &n), VLD_E_IO);
    vld_ctx_last_error(ctx, detail, sizeof detail);
    assert_non_null(strstr(detail, "/tmp"));
    assert_int_equal(vld_digest_file(ctx, (vld_hash)0, "/tmp", d, &n), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_digest_fd(ctx, VLD_HASH_XXH3_64, -1, d, &n), VLD_E_INVALID_ARGUMENT);
    vld_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_digest_like_buffers),
        cmocka_unit_test(pipes_digest_like_buffers),
        cmocka_unit_test(a_stop_at_every_progress_call_ends_cleanly),
        cmocka_unit_test(errors_name_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
