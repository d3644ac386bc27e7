/* Verify data that arrives in pieces (a download, a socket, a pipe) and
 * hear about damage as soon as its chunk completes, so that range can be
 * fetched again without waiting for the end. Compiled and run by the tests. */
#include <libvalidate.h>

#include <stdio.h>
#include <stdlib.h>

static int refetch(void *user, const vld_range *bad)
{
    int *count = user;
    (*count)++;
    printf("re-fetch %llu+%llu\n", (unsigned long long)bad->offset,
           (unsigned long long)bad->length);
    return 0; /* go on; non-zero would stop the stream */
}

int main(void)
{
    enum { LEN = 3 << 20, PIECE = 1500 }; /* network-sized pieces */
    unsigned char *data = malloc(LEN);
    if (!data)
        return 1;
    for (size_t i = 0; i < LEN; i++)
        data[i] = (unsigned char)(i ^ (i >> 11));

    vld_ctx *ctx = NULL;
    vld_manifest *m = NULL;
    vld_stream *s = NULL;
    vld_report *r = NULL;
    if (vld_ctx_new(NULL, &ctx) || vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 256 * 1024) ||
        vld_manifest_build(ctx, data, LEN, &m))
        return 1;
    data[1 << 20] ^= 0xff; /* damaged in transit */

    int damaged = 0;
    if (vld_stream_new(ctx, m, &s) || vld_stream_set_damage_callback(s, refetch, &damaged))
        return 1;
    for (size_t off = 0; off < LEN; off += PIECE) {
        size_t n = LEN - off < PIECE ? LEN - off : PIECE;
        if (vld_stream_update(s, data + off, n) != VLD_OK)
            return 1;
    }
    if (vld_stream_finish(s, &r) != VLD_OK)
        return 1;
    vld_report_summary sum = {.size = sizeof sum};
    vld_report_get_summary(r, &sum);
    int ok = damaged == 1 && sum.verdict == VLD_VERDICT_CORRUPT;
    vld_report_free(r);
    vld_stream_free(s); /* before its context */
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    free(data);
    return ok ? 0 : 1;
}
