/* Build a manifest of a buffer, store it, load it back, damage the data and
 * find the damage. Compiled and run by the test suite (suite 'examples'). */
#include <libvalidate.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                                        \
    do {                                                                                   \
        vld_status st_ = (call);                                                           \
        if (st_ != VLD_OK) {                                                               \
            char detail_[256] = "";                                                        \
            vld_ctx_last_error(ctx, detail_, sizeof detail_);                              \
            fprintf(stderr, "%s: %s (%s)\n", #call, vld_strerror(st_), detail_);           \
            return 1;                                                                      \
        }                                                                                  \
    } while (0)

int main(void)
{
    size_t len = 1 << 20;
    unsigned char *data = malloc(len);
    if (!data)
        return 1;
    for (size_t i = 0; i < len; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 9));

    vld_ctx *ctx = NULL;
    if (vld_ctx_new(NULL, &ctx) != VLD_OK)
        return 1;
    CHECK(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 64 * 1024));

    /* Build and serialize: these bytes can travel with or apart from the data. */
    vld_manifest *m = NULL;
    CHECK(vld_manifest_build(ctx, data, len, &m));
    size_t size = 0, written = 0;
    CHECK(vld_manifest_serialized_size(m, &size));
    unsigned char *bytes = malloc(size);
    CHECK(vld_manifest_serialize(m, bytes, size, &written));
    vld_manifest_free(m);

    /* Later: load (every size checked, checksum verified) and verify. */
    CHECK(vld_manifest_load(ctx, bytes, written, &m));
    data[300000] ^= 0x01;
    vld_report *r = NULL;
    CHECK(vld_verify_buffer(ctx, m, data, len, &r));
    vld_report_summary s = {.size = sizeof s};
    CHECK(vld_report_get_summary(r, &s));
    printf("verdict %d, %llu of %llu bytes checked\n", (int)s.verdict,
           (unsigned long long)s.bytes_checked, (unsigned long long)s.bytes_total);
    for (size_t i = 0; i < s.ranges_count; i++) {
        vld_range g = {.size = sizeof g};
        CHECK(vld_report_get_range(r, i, &g));
        printf("damaged %llu+%llu\n", (unsigned long long)g.offset, (unsigned long long)g.length);
    }
    int ok = s.verdict == VLD_VERDICT_CORRUPT && s.ranges_count == 1;
    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(bytes);
    free(data);
    return ok ? 0 : 1;
}
