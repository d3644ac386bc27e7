/* The serialized manifest: round trips, and rejection of every damage. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static uint8_t *small_manifest(vld_ctx *ctx, size_t *len)
{
    uint8_t *data = make_pattern(3 * 4096 + 100, 11);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, data, 3 * 4096 + 100, &m), VLD_OK);
    uint8_t *bytes = serialize(m, len);
    vld_manifest_free(m);
    free(data);
    return bytes;
}

static void load_then_serialize_gives_the_same_bytes(void **state)
{
    (void)state;
    for (int h = VLD_HASH_XXH3_64; h <= VLD_HASH_XXH3_128; h++) {
        vld_ctx *ctx = new_ctx(4096, (vld_hash)h, VLD_DEPTH_FULL);
        size_t len, len2;
        uint8_t *bytes = small_manifest(ctx, &len);
        assert_int_equal(len, 64 + 4 * (h == VLD_HASH_XXH3_64 ? 8 : 16) + 8);
        vld_manifest *m;
        assert_int_equal(vld_manifest_load(ctx, bytes, len, &m), VLD_OK);
        uint8_t *again = serialize(m, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(bytes, again, len);
        free(again);
        vld_manifest_free(m);
        free(bytes);
        vld_ctx_free(ctx);
    }
}

static void empty_object_has_a_valid_manifest(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, NULL, 0, &m), VLD_OK);
    size_t len;
    uint8_t *bytes = serialize(m, &len);
    assert_int_equal(len, 72);
    vld_manifest_free(m);
    assert_int_equal(vld_manifest_load(ctx, bytes, len, &m), VLD_OK);
    vld_report *r;
    assert_int_equal(vld_verify_buffer(ctx, m, NULL, 0, &r), VLD_OK);
    assert_int_equal(summary_of(r).verdict, VLD_VERDICT_OK);
    vld_report_free(r);
    vld_manifest_free(m);
    free(bytes);
    vld_ctx_free(ctx);
}

static void every_truncation_is_rejected(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    size_t len;
    uint8_t *bytes = small_manifest(ctx, &len);
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);
        memcpy(copy, bytes, cut);
        vld_manifest *m = (vld_manifest *)1;
        vld_status st = vld_manifest_load(ctx, copy, cut, &m);
        assert_true(st == VLD_E_MANIFEST_TRUNCATED || st == VLD_E_MANIFEST_MAGIC ||
                    st == VLD_E_MANIFEST_CHECKSUM);
        if (cut >= 8 + 64)
            assert_true(st == VLD_E_MANIFEST_TRUNCATED || st == VLD_E_MANIFEST_CHECKSUM);
        assert_null(m);
        free(copy);
    }
    free(bytes);
    vld_ctx_free(ctx);
}

static void every_single_bit_flip_is_rejected(void **state)
{
    (void)state;
    for (int h = VLD_HASH_XXH3_64; h <= VLD_HASH_XXH3_128; h++) {
        vld_ctx *ctx = new_ctx(4096, (vld_hash)h, VLD_DEPTH_FULL);
        size_t len;
        uint8_t *bytes = small_manifest(ctx, &len);
        for (size_t bit = 0; bit < len * 8; bit++) {
            bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            vld_manifest *m = (vld_manifest *)1;
            vld_status st = vld_manifest_load(ctx, bytes, len, &m);
            assert_true(st < 0);
            assert_null(m);
            bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        free(bytes);
        vld_ctx_free(ctx);
    }
}

static void precise_errors_for_each_kind_of_damage(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    size_t len;
    uint8_t *bytes = small_manifest(ctx, &len);
    uint8_t *copy = malloc(len + 1);
    vld_manifest *m;
    char detail[256];

    memcpy(copy, bytes, len);
    copy[0] = 'X';
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_MAGIC);

    memcpy(copy, bytes, len);
    copy[8] = 2; /* format version 2 */
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_VERSION);
    vld_ctx_last_error(ctx, detail, sizeof detail);
    assert_non_null(strstr(detail, "version 2"));

    memcpy(copy, bytes, len);
    copy[10] = 1; /* the flag reserved for variable-length chunks */
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_FLAGS);

    memcpy(copy, bytes, len);
    copy[len - 20] ^= 0x40; /* inside the chunk table */
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_CHECKSUM);

    memcpy(copy, bytes, len);
    copy[len] = 0;
    assert_int_equal(vld_manifest_load(ctx, copy, len + 1, &m), VLD_E_MANIFEST_TRAILING);

    memcpy(copy, bytes, len);
    copy[12] = 7; /* unknown algorithm */
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_INVALID);

    memcpy(copy, bytes, len);
    copy[13] = 31; /* 2 GiB chunks */
    assert_int_equal(vld_manifest_load(ctx, copy, len, &m), VLD_E_MANIFEST_INVALID);

    assert_int_equal(vld_manifest_load(ctx, "XYZ", 3, &m), VLD_E_MANIFEST_MAGIC);
    assert_int_equal(vld_manifest_load(ctx, bytes, 3, &m), VLD_E_MANIFEST_TRUNCATED);
    assert_int_equal(vld_manifest_load(ctx, NULL, 0, &m), VLD_E_MANIFEST_TRUNCATED);
    assert_int_equal(vld_manifest_load(NULL, bytes, len, &m), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_load(ctx, NULL, len, &m), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_load(ctx, bytes, len, NULL), VLD_E_INVALID_ARGUMENT);
    free(copy);
    free(bytes);
    vld_ctx_free(ctx);
}

/* A header claiming 2^60 chunks must fail on the byte count, before any
 * allocation is attempted. */
static void huge_counts_fail_before_allocating(void **state)
{
    (void)state;
    failing_alloc fa;
    vld_allocator a = failing_allocator(&fa);
    vld_ctx *ctx;
    assert_int_equal(vld_ctx_new(&a, &ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 4096), VLD_OK);
    size_t len;
    uint8_t *bytes = small_manifest(ctx, &len);
    long before = fa.calls;
    uint64_t length = (uint64_t)1 << 62; /* 2^50 chunks of 4 KiB */
    for (int i = 0; i < 8; i++) {
        bytes[16 + i] = (uint8_t)(length >> (8 * i));
        bytes[24 + i] = (uint8_t)((length >> 12) >> (8 * i));
    }
    vld_manifest *m;
    assert_int_equal(vld_manifest_load(ctx, bytes, len, &m), VLD_E_MANIFEST_TRUNCATED);
    assert_int_equal(fa.calls, before);
    free(bytes);
    vld_ctx_free(ctx);
    assert_int_equal(fa.live, 0);
}

static void serialize_checks_its_buffer(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(4096, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_manifest *m;
    assert_int_equal(vld_manifest_build(ctx, "abc", 3, &m), VLD_OK);
    size_t need, written = 99;
    assert_int_equal(vld_manifest_serialized_size(m, &need), VLD_OK);
    uint8_t *buf = malloc(need);
    assert_int_equal(vld_manifest_serialize(m, buf, need - 1, &written), VLD_E_BUFFER_TOO_SMALL);
    assert_int_equal(written, 0);
    assert_int_equal(vld_manifest_serialize(m, NULL, need, &written), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_serialize(NULL, buf, need, &written), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_serialized_size(NULL, &need), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_manifest_serialized_size(m, NULL), VLD_E_INVALID_ARGUMENT);
    free(buf);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_then_serialize_gives_the_same_bytes),
        cmocka_unit_test(empty_object_has_a_valid_manifest),
        cmocka_unit_test(every_truncation_is_rejected),
        cmocka_unit_test(every_single_bit_flip_is_rejected),
        cmocka_unit_test(precise_errors_for_each_kind_of_damage),
        cmocka_unit_test(huge_counts_fail_before_allocating),
        cmocka_unit_test(serialize_checks_its_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
