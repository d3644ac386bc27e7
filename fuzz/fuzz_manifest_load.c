/*
 * Manifest loading: any input may be given; whatever loads must serialize
 * back to the very same bytes and answer its accessors consistently.
 *
 * The whole-manifest checksum would stop almost every mutation at the door,
 * so each input is tried twice: as given, and with its checksum recomputed.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"

static vld_ctx *ctx;

static void check_loaded(const vld_manifest *m, const uint8_t *buf, size_t len)
{
    size_t size = 0, written = 0;
    FUZZ_OK(vld_manifest_serialized_size(m, &size));
    FUZZ_CHECK(size == len);

    uint8_t *out = malloc(size);
    FUZZ_CHECK(out != NULL);
    if (size > 0)
        FUZZ_CHECK(vld_manifest_serialize(m, out, size - 1, &written) == VLD_E_BUFFER_TOO_SMALL &&
                   written == 0);
    FUZZ_OK(vld_manifest_serialize(m, out, size, &written));
    FUZZ_CHECK(written == len);
    FUZZ_CHECK(memcmp(out, buf, len) == 0);
    free(out);

    vld_manifest_info info = {.size = sizeof info};
    FUZZ_OK(vld_manifest_get_info(m, &info));
    FUZZ_CHECK(info.hash == VLD_HASH_XXH3_64 || info.hash == VLD_HASH_XXH3_128);
    FUZZ_CHECK(info.chunk_size >= 4096 && (info.chunk_size & (info.chunk_size - 1)) == 0);
    FUZZ_CHECK(info.chunk_count == info.length / info.chunk_size +
                                       (info.length % info.chunk_size != 0));
    FUZZ_CHECK(memcmp(info.digest, buf + 32, 16) == 0);

    size_t dsize = info.hash == VLD_HASH_XXH3_64 ? 8 : 16;
    for (uint64_t i = 0; i < info.chunk_count; i++) {
        uint8_t d[16];
        size_t n = 0;
        FUZZ_OK(vld_manifest_get_chunk_digest(m, i, d, &n));
        FUZZ_CHECK(n == dsize);
        FUZZ_CHECK(memcmp(d, buf + 64 + i * dsize, dsize) == 0);
    }
    uint8_t d[16];
    size_t n;
    FUZZ_CHECK(vld_manifest_get_chunk_digest(m, info.chunk_count, d, &n) == VLD_E_INDEX);
}

static void try_load(const uint8_t *buf, size_t len)
{
    vld_manifest *m = (vld_manifest *)1;
    vld_status st = vld_manifest_load(ctx, buf, len, &m);
    if (st != VLD_OK) {
        FUZZ_CHECK(m == NULL);
        FUZZ_CHECK(st < 0);
        /* every failure is named and explained */
        FUZZ_CHECK(strcmp(vld_status_name(st), "VLD_E_UNKNOWN") != 0);
        char detail[256];
        FUZZ_OK(vld_ctx_last_error(ctx, detail, sizeof detail));
        return;
    }
    FUZZ_CHECK(m != NULL);
    check_loaded(m, buf, len);
    vld_manifest_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx && vld_ctx_new(NULL, &ctx) != VLD_OK)
        abort();

    /* an exact-size heap copy lets ASan see any read past the end */
    uint8_t *buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf != NULL);
    memcpy(buf, data, size);
    try_load(buf, size);
    if (size >= 8) {
        fuzz_fix_manifest_checksum(buf, size);
        try_load(buf, size);
    }
    free(buf);
    return 0;
}
