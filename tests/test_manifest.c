/* Building manifests: chunking, digests, automatic chunk size, builders. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static vld_manifest_info info_of(const vld_manifest *m)
{
    vld_manifest_info info = {.size = sizeof info};
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
    return info;
}

static void chunks_are_cut_and_hashed_as_documented(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 3 * 4096, 3 * 4096 + 17};
    for (int h = VLD_HASH_XXH3_64; h <= VLD_HASH_XXH3_128; h++) {
        vld_ctx *ctx = new_ctx(4096, (vld_hash)h, VLD_DEPTH_FULL);
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t len = sizes[k];
            uint8_t *data = make_pattern(len, 7);
            vld_manifest *m;
            assert_int_equal(vld_manifest_build(ctx, data, len, &m), VLD_OK);
            vld_manifest_info info = info_of(m);
            assert_int_equal(info.format_version, 1);
            assert_int_equal(info.hash, h);
            assert_int_equal(info.length, len);
            assert_int_equal(info.chunk_size, 4096);
            assert_int_equal(info.chunk_count, (len + 4095) / 4096);
            uint8_t want[16], got[16];
            size_t wlen, glen;
            assert_int_equal(vld_digest_buffer(VLD_HASH_XXH3_128, data, len, want, &wlen), VLD_OK);
            assert_memory_equal(info.digest, want, 16);
            for (uint64_t i = 0; i < info.chunk_count; i++) {
                size_t clen = len - i * 4096 < 4096 ? len - i * 4096 : 4096;
                assert_int_equal(vld_digest_buffer((vld_hash)h, data + i * 4096, clen, want, &wlen), VLD_OK);
                assert_int_equal(vld_manifest_get_chunk_digest(m, i, got, &glen), VLD_OK);
                assert_int_equal(glen, wlen);
                assert_int_equal(glen, h == VLD_HASH_XXH3_64 ? 8 : 16);
                assert_memory_equal(got, want, glen);
            }
            assert_int_equal(vld_manifest_get_chunk_digest(m, info.chunk_count, got, &glen), VLD_E_INDEX);
            vld_manifest_free(m);
            free(data);
        }
        vld_ctx_free(ctx);
    }
}

static void automatic_chunk_size_follows_the_rule(void **state)
{
    (void)state;
    /* Smallest power of two >= 64 KiB giving at most 4096 chunks. */
    vld_ctx *ctx = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    struct {
        size_t len;
        uint64_t chunk;
    } cases[] = {{0, 65536},
                 {1, 65536},
                 {(size_t)4096 * 65536, 65536},
                 {(size_t)4096 * 65536 + 1, 131072}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        uint8_t *data = calloc(cases[k].len ? cases[k].len : 1, 1);
        assert_non_null(data);
        vld_manifest *m;
        assert_int_equal(vld_manifest_build(ctx, data, cases[k].len, &m), VLD_OK);
        vld_manifest_info info = info_of(m);
        assert_int_equal(info.chunk_size, cases[k].chunk);
        assert_true(info.chunk_count <= 4096);
        vld_manifest_free(m);
        free(data);
    }
    vld_builder *b;
    assert_int_equal(vld_builder_new(ctx, VLD_LENGTH_UNKNOWN, &b), VLD_OK);
    vld_manifest *m;
    assert_int_equal(vld_builder_finish(b, &m), VLD_OK);
    assert_int_equal(info_of(m).chunk_size, 1 << 20);
    vld_manifest_free(m);
    vld_builder_free(b);
    vld_ctx_free(ctx);
}

static void builder_gives_the_same_manifest_whatever_the_split(void **state)
{
    (void)state;
    const size_t len = 5 * 4096 + 1234;
    uint8_t *data = make_pattern(len, 3);
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *whole;
    assert_int_equal(vld_manifest_build(ctx, data, len, &whole), VLD_OK);
    size_t wlen;
    uint8_t *want = serialize(whole, &wlen);
    static const size_t pieces[] = {1, 7, 4095, 4096, 4097, 10000, 5 * 4096 + 1234};
    for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
        vld_builder *b;
        assert_int_equal(vld_builder_new(ctx, len, &b), VLD_OK);
        for (size_t off = 0; off < len; off += pieces[k]) {
            size_t n = len - off < pieces[k] ? len - off : pieces[k];
            assert_int_equal(vld_builder_update(b, data + off, n), VLD_OK);
        }
        assert_int_equal(vld_builder_update(b, NULL, 0), VLD_OK);
        vld_manifest *m;
        assert_int_equal(vld_builder_finish(b, &m), VLD_OK);
        size_t glen;
        uint8_t *got = serialize(m, &glen);
        assert_int_equal(glen, wlen);
        assert_memory_equal(got, want, wlen);
        free(got);
        vld_manifest_free(m);
        /* A finished builder takes nothing more. */
        assert_int_equal(vld_builder_update(b, data, 1), VLD_E_STATE);
        assert_int_equal(vld_builder_finish(b, &m), VLD_E_STATE);
        assert_null(m);
        vld_builder_free(b);
    }
    free(want);
    vld_manifest_free(whole);
    vld_ctx_free(ctx);
    free(data);
}

static void bad_arguments_are_rejected(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m = (vld_manifest *)1;
    uint8_t d[16];
    size_t n;
    assert_int_equal(vld_manifest_build(NULL, "x", 1, &m), VLD_E_INVALID_ARGUMENT);
    assert_null(m);
    assert_int_equal(vld_manifest_build(ctx, NULL, 1, &m), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_build(ctx, "x", 1, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_build(ctx, NULL, 0, &m), VLD_OK);
    vld_manifest_info info = {.size = sizeof info - 1};
    assert_int_equal(vld_manifest_get_info(m, &info), VLD_E_STRUCT_SIZE);
    assert_int_equal(vld_manifest_get_info(NULL, &info), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_get_info(m, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_get_chunk_digest(m, 0, d, &n), VLD_E_INDEX);
    assert_int_equal(vld_manifest_get_chunk_digest(NULL, 0, d, &n), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_get_chunk_digest(m, 0, NULL, &n), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_digest_buffer((vld_hash)9, "x", 1, d, &n), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_digest_buffer(VLD_HASH_XXH64, NULL, 1, d, &n), VLD_E_INVALID_ARGUMENT);
    vld_builder *b = (vld_builder *)1;
    assert_int_equal(vld_builder_new(NULL, 0, &b), VLD_E_INVALID_ARGUMENT);
    assert_null(b);
    assert_int_equal(vld_builder_update(NULL, "x", 1), VLD_E_INVALID_ARGUMENT);
    vld_manifest *none = (vld_manifest *)1;
    assert_int_equal(vld_builder_finish(NULL, &none), VLD_E_INVALID_ARGUMENT);
    assert_null(none);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

static void digests_match_known_xxhsum_values(void **state)
{
    (void)state;
    /* Printed by xxhsum 0.8.1 for the 3 bytes "abc". */
    static const struct {
        vld_hash algo;
        const char *hex;
    } known[] = {{VLD_HASH_XXH32, "32d153ff"},
                 {VLD_HASH_XXH64, "44bc2cf5ad770999"},
                 {VLD_HASH_XXH3_64, "78af5f94892f3950"},
                 {VLD_HASH_XXH3_128, "06b05ab6733a618578af5f94892f3950"}};
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
        uint8_t d[16];
        size_t n;
        char hex[33] = {0};
        assert_int_equal(vld_digest_buffer(known[k].algo, "abc", 3, d, &n), VLD_OK);
        for (size_t i = 0; i < n; i++)
            snprintf(hex + 2 * i, 3, "%02x", d[i]);
        assert_string_equal(hex, known[k].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunks_are_cut_and_hashed_as_documented),
        cmocka_unit_test(automatic_chunk_size_follows_the_rule),
        cmocka_unit_test(builder_gives_the_same_manifest_whatever_the_split),
        cmocka_unit_test(bad_arguments_are_rejected),
        cmocka_unit_test(digests_match_known_xxhsum_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
