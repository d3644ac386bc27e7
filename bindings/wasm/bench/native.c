/*
 * The native side of bench.mjs: the same work on the same bytes, timed the
 * same way, so one run gives both figures. One thread (threads = 1) to
 * compare like with like: the wasm build has no threads.
 * Usage: native MIB REPEATS  -> "build_mbs verify_mbs"
 */
#include <libvalidate.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t len = (size_t)atoi(argc > 1 ? argv[1] : "256") << 20;
    int reps = atoi(argc > 2 ? argv[2] : "5");
    unsigned char *data = malloc(len);
    vld_ctx *ctx = NULL;
    if (!data || vld_ctx_new(NULL, &ctx) || vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 1))
        return 1;
    for (size_t i = 0; i < len; i++) /* the vectors' pattern, seed 0 */
        data[i] = (unsigned char)(((uint32_t)i * 2654435761u) >> 24);
    double best_build = 1e9, best_verify = 1e9;
    for (int r = 0; r < reps; r++) {
        vld_manifest *m = NULL;
        vld_report *rep = NULL;
        double t0 = now();
        if (vld_manifest_build(ctx, data, len, &m))
            return 1;
        double t1 = now();
        if (vld_verify_buffer(ctx, m, data, len, &rep))
            return 1;
        double t2 = now();
        best_build = t1 - t0 < best_build ? t1 - t0 : best_build;
        best_verify = t2 - t1 < best_verify ? t2 - t1 : best_verify;
        vld_report_free(rep);
        vld_manifest_free(m);
    }
    printf("%.0f %.0f\n", (double)len / 1e6 / best_build, (double)len / 1e6 / best_verify);
    vld_ctx_free(ctx);
    free(data);
    return 0;
}
