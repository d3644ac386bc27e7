/* Budgeted jobs: steps slice work below chunk size, expose their position,
 * resume from a range and finish with the one-shot report. */
#define _GNU_SOURCE
#include "support.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define CS (256 * 1024)
#define CHUNKS 24
#define LEN (CHUNKS * CS - 12345)
#define SLICE (64 * 1024)

static uint8_t *damaged(uint32_t seed)
{
    uint8_t *d = make_pattern(LEN, seed);
    d[2 * CS + 5] ^= 1;
    d[9 * CS + CS - 1] ^= 1;
    d[LEN - 1] ^= 1;
    return d;
}

static int temp_file(const uint8_t *data, size_t len, char *path)
{
    strcpy(path, "/tmp/vld-jobs-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    return fd;
}

static vld_report *run_job(vld_job *job, uint64_t budget, unsigned *steps)
{
    int done = 0;
    unsigned n = 0;
    while (!done) {
        assert_int_equal(vld_job_step(job, budget, &done), VLD_OK);
        n++;
        assert_true(n < 100000);
    }
    if (steps)
        *steps = n;
    vld_report *r = NULL;
    assert_int_equal(vld_job_finish(job, &r), VLD_OK);
    return r;
}

static void jobs_give_the_one_shot_report(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 1);
    uint8_t *bad = damaged(1);
    char path[64];
    int fd = temp_file(bad, LEN, path);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, 300000), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    static const vld_depth depths[] = {VLD_DEPTH_SHALLOW, VLD_DEPTH_SAMPLED, VLD_DEPTH_FULL,
                                       VLD_DEPTH_DEEP};
    static const uint64_t budgets[] = {0, 200000, 1000000000};
    for (size_t d = 0; d < 4; d++) {
        assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depths[d]), VLD_OK);
        vld_report *one, *onef, *clean1;
        assert_int_equal(vld_verify_buffer(ctx, m, bad, LEN, &one), VLD_OK);
        assert_int_equal(vld_verify_fd(ctx, m, fd, &onef), VLD_OK);
        assert_int_equal(vld_verify_buffer(ctx, m, data, LEN - 3, &clean1), VLD_OK);
        for (size_t b = 0; b < 3; b++) {
            vld_job *job;
            assert_int_equal(vld_job_new_buffer(ctx, m, bad, LEN, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
            vld_report *r = run_job(job, budgets[b], NULL);
            assert_reports_equal(one, r);
            vld_report_free(r);
            vld_job_free(job);
            assert_int_equal(vld_job_new_fd(ctx, m, fd, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
            r = run_job(job, budgets[b], NULL);
            assert_reports_equal(onef, r);
            vld_report_free(r);
            vld_job_free(job);
            assert_int_equal(vld_job_new_buffer(ctx, m, data, LEN - 3, 0, VLD_CHUNKS_ALL, &job),
                             VLD_OK);
            r = run_job(job, budgets[b], NULL);
            assert_reports_equal(clean1, r);
            vld_report_free(r);
            vld_job_free(job);
        }
        vld_report_free(one);
        vld_report_free(onef);
        vld_report_free(clean1);
    }
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

static void a_zero_budget_step_does_one_slice(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 2);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_job *job;
    assert_int_equal(vld_job_new_buffer(ctx, m, data, LEN, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
    uint64_t next = 9, bytes = 9, prev = 0;
    assert_int_equal(vld_job_get_position(job, &next, &bytes), VLD_OK);
    assert_int_equal(next, 0);
    assert_int_equal(bytes, 0);
    int done = 0;
    unsigned steps = 0;
    while (!done) {
        assert_int_equal(vld_job_step(job, 0, &done), VLD_OK);
        assert_int_equal(vld_job_get_position(job, &next, &bytes), VLD_OK);
        assert_true(bytes > prev || done);
        assert_true(bytes - prev <= SLICE); /* slices below the 256 KiB chunk */
        assert_int_equal(next, bytes == LEN ? CHUNKS : bytes / CS);
        prev = bytes;
        steps++;
    }
    assert_int_equal(bytes, LEN);
    assert_true(steps >= LEN / SLICE);
    vld_report *r;
    assert_int_equal(vld_job_finish(job, &r), VLD_OK);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report *again = (vld_report *)1;
    assert_int_equal(vld_job_finish(job, &again), VLD_E_STATE);
    assert_null(again);
    assert_int_equal(vld_job_step(job, 0, &done), VLD_E_STATE);
    vld_report_free(r);
    vld_job_free(job);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void stop_resume_and_merge(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 3);
    uint8_t *bad = damaged(3);
    char path[64];
    int fd = temp_file(bad, LEN, path);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_report *one;
    assert_int_equal(vld_verify_buffer(ctx, m, bad, LEN, &one), VLD_OK);
    for (int use_fd = 0; use_fd < 2; use_fd++) {
        for (unsigned stop_after = 1; stop_after < 80; stop_after += 13) {
            vld_job *job;
            if (use_fd)
                assert_int_equal(vld_job_new_fd(ctx, m, fd, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
            else
                assert_int_equal(vld_job_new_buffer(ctx, m, bad, LEN, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
            int done = 0;
            for (unsigned i = 0; i < stop_after && !done; i++)
                assert_int_equal(vld_job_step(job, 0, &done), VLD_OK);
            uint64_t next;
            assert_int_equal(vld_job_get_position(job, &next, NULL), VLD_OK);
            vld_report *first;
            assert_int_equal(vld_job_finish(job, &first), VLD_OK);
            vld_job_free(job);
            assert_int_equal(summary_of(first).chunks_in_scope, next);
            assert_int_equal(summary_of(first).status, VLD_OK);
            if (use_fd)
                assert_int_equal(vld_job_new_fd(ctx, m, fd, next, VLD_CHUNKS_ALL, &job), VLD_OK);
            else
                assert_int_equal(vld_job_new_buffer(ctx, m, bad + next * CS, LEN - next * CS, next,
                                                    VLD_CHUNKS_ALL, &job),
                                 VLD_OK);
            vld_report *rest = run_job(job, 100000, NULL);
            vld_job_free(job);
            vld_report *merged;
            assert_int_equal(vld_report_merge(ctx, first, rest, &merged), VLD_OK);
            assert_reports_equal(one, merged);
            vld_report_free(merged);
            vld_report_free(rest);
            vld_report_free(first);
        }
    }
    vld_report_free(one);
    close(fd);
    unlink(path);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bad);
    free(data);
}

static void a_cancelled_job_stops_with_a_partial_report(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 4);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_job *job;
    assert_int_equal(vld_job_new_buffer(ctx, m, data, LEN, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
    int done = 0;
    for (int i = 0; i < 12; i++)
        assert_int_equal(vld_job_step(job, 0, &done), VLD_OK);
    assert_int_equal(vld_ctx_cancel(ctx), VLD_OK);
    assert_int_equal(vld_job_step(job, 0, &done), VLD_E_CANCELLED);
    assert_true(done);
    assert_int_equal(vld_job_step(job, 0, &done), VLD_E_CANCELLED);
    vld_report *r;
    assert_int_equal(vld_job_finish(job, &r), VLD_E_CANCELLED);
    vld_report_summary s = summary_of(r);
    assert_int_equal(s.status, VLD_E_CANCELLED);
    assert_int_equal(s.chunks_checked, 3); /* 12 slices of 64 KiB */
    vld_report_free(r);
    vld_job_free(job);
    /* A job created after the cancel runs normally. */
    assert_int_equal(vld_job_new_buffer(ctx, m, data, LEN, 0, VLD_CHUNKS_ALL, &job), VLD_OK);
    r = run_job(job, 1000000, NULL);
    assert_int_equal(summary_of(r).chunks_checked, CHUNKS);
    vld_report_free(r);
    vld_job_free(job);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

static void misuse_is_refused(void **state)
{
    (void)state;
    uint8_t *data = make_pattern(LEN, 5);
    vld_ctx *ctx = new_ctx(CS, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, LEN, &m), VLD_OK);
    vld_job *job = (vld_job *)1;
    int done;
    assert_int_equal(vld_job_new_buffer(NULL, m, data, LEN, 0, 1, &job), VLD_E_INVALID_ARGUMENT);
    assert_null(job);
    assert_int_equal(vld_job_new_buffer(ctx, m, NULL, 5, 0, 1, &job), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_job_new_buffer(ctx, m, data, LEN, CHUNKS, 1, &job), VLD_E_INDEX);
    assert_int_equal(vld_job_new_fd(ctx, m, -1, 0, 1, &job), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_job_step(NULL, 0, &done), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_job_get_position(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_job_finish(NULL, NULL), VLD_E_INVALID_ARGUMENT);
    vld_job_free(NULL);
    /* A pipe is not a file. */
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(vld_job_new_fd(ctx, m, p[0], 0, 1, &job), VLD_E_INVALID_ARGUMENT);
    close(p[0]);
    close(p[1]);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jobs_give_the_one_shot_report),
        cmocka_unit_test(a_zero_budget_step_does_one_slice),
        cmocka_unit_test(stop_resume_and_merge),
        cmocka_unit_test(a_cancelled_job_stops_with_a_partial_report),
        cmocka_unit_test(misuse_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
