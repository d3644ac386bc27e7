/* The shared test vectors (tests/vectors/manifests.json): the library
 * produces every manifest byte for byte, loads it, and verifies its input. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

static uint8_t *unhex(const char *s, size_t *len)
{
    size_t n = strlen(s) / 2;
    uint8_t *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
        p[i] = (uint8_t)v;
    }
    *len = n;
    return p;
}

static void every_vector_is_reproduced(void **state)
{
    (void)state;
    const char *path = getenv("VLD_TEST_VECTORS");
    assert_non_null(path);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        fail_msg("%s:%d: %s", path, err.line, err.text);
    json_t *list = json_object_get(root, "vectors");
    assert_true(json_array_size(list) >= 20);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        const char *name, *hash, *mhex, *dhex;
        json_int_t length, seed, chunk, eff, count;
        assert_int_equal(json_unpack(v, "{s:s, s:I, s:I, s:I, s:s, s:I, s:I, s:s, s:s}", "name", &name,
                                     "length", &length, "seed", &seed, "chunk_size", &chunk, "hash",
                                     &hash, "effective_chunk_size", &eff, "chunk_count", &count,
                                     "digest_hex", &dhex, "manifest_hex", &mhex),
                         0);
        vld_hash h = strcmp(hash, "xxh3") == 0 ? VLD_HASH_XXH3_64 : VLD_HASH_XXH3_128;
        uint8_t *data = make_pattern((size_t)length, (uint32_t)seed);
        vld_ctx *ctx = new_ctx(chunk, h, VLD_DEPTH_DEEP);
        vld_manifest *m;
        assert_int_equal(vld_manifest_build(ctx, data, (size_t)length, &m), VLD_OK);
        size_t got_len, want_len, dlen;
        uint8_t *got = serialize(m, &got_len);
        uint8_t *want = unhex(mhex, &want_len);
        if (got_len != want_len || memcmp(got, want, want_len) != 0)
            fail_msg("vector %s: manifest bytes differ", name);
        vld_manifest_info info = {.size = sizeof info};
        assert_int_equal(vld_manifest_get_info(m, &info), VLD_OK);
        assert_int_equal(info.chunk_size, eff);
        assert_int_equal(info.chunk_count, count);
        uint8_t *digest = unhex(dhex, &dlen);
        assert_memory_equal(info.digest, digest, 16);
        vld_manifest_free(m);
        assert_int_equal(vld_manifest_load(ctx, want, want_len, &m), VLD_OK);
        vld_report *r;
        assert_int_equal(vld_verify_buffer(ctx, m, data, (size_t)length, &r), VLD_OK);
        vld_report_summary s = summary_of(r);
        assert_int_equal(s.verdict, VLD_VERDICT_OK);
        assert_true(s.digest_ok);
        assert_int_equal(s.bytes_checked, length);
        vld_report_free(r);
        vld_manifest_free(m);
        vld_ctx_free(ctx);
        free(digest);
        free(want);
        free(got);
        free(data);
    }
    json_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_vector_is_reproduced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
