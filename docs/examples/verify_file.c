/* Scrub a file: a sampled pass each night with n/t groups, so that t nights
 * check every chunk exactly once, reading only the chosen chunks. Compiled
 * and run by the test suite. */
#include <libvalidate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "example-scrub.bin";
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    for (int i = 0; i < 4 << 20; i++)
        fputc((i * 31) & 0xff, f);
    fclose(f);

    vld_ctx *ctx = NULL;
    vld_manifest *m = NULL;
    if (vld_ctx_new(NULL, &ctx) || vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 64 * 1024) ||
        vld_manifest_build_file(ctx, path, &m))
        return 1;

    const int nights = 7;
    unsigned long long checked = 0;
    vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SAMPLED);
    vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUPS, nights);
    for (int night = 0; night < nights; night++) {
        vld_report *r = NULL;
        vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUP, night);
        vld_status st = vld_verify_file(ctx, m, path, &r);
        if (st != VLD_OK) {
            char detail[256];
            vld_ctx_last_error(ctx, detail, sizeof detail);
            fprintf(stderr, "%s: %s\n", vld_strerror(st), detail);
            vld_report_free(r); /* a partial report, when there is one */
            return 1;
        }
        vld_report_summary s = {.size = sizeof s};
        vld_report_get_summary(r, &s);
        printf("night %d: %llu chunks checked, verdict %d\n", night,
               (unsigned long long)s.chunks_checked, (int)s.verdict);
        checked += s.chunks_checked;
        vld_report_free(r);
    }
    vld_manifest_info info = {.size = sizeof info};
    vld_manifest_get_info(m, &info);
    int ok = checked == info.chunk_count;
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    remove(path);
    return ok ? 0 : 1;
}
