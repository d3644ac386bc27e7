/* The parameter API: defaults, bounds, rejection, reset. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <cmocka.h>

static const vld_param KEYS[] = {VLD_PARAM_DEPTH,         VLD_PARAM_CHUNK_SIZE,
                                 VLD_PARAM_HASH,          VLD_PARAM_SAMPLE_RATE_PPM,
                                 VLD_PARAM_SAMPLE_SEED,   VLD_PARAM_SAMPLE_GROUP,
                                 VLD_PARAM_SAMPLE_GROUPS, VLD_PARAM_MAX_RANGES,
                                 VLD_PARAM_THREADS};

static void a_new_context_holds_every_default(void **state)
{
    (void)state;
    vld_ctx *ctx;
    assert_int_equal(vld_ctx_new(NULL, &ctx), VLD_OK);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        int64_t min, max, def, v;
        assert_int_equal(vld_param_bounds(KEYS[i], &min, &max, &def), VLD_OK);
        assert_true(min <= def && def <= max);
        assert_int_equal(vld_ctx_get_param(ctx, KEYS[i], &v), VLD_OK);
        assert_int_equal(v, def);
    }
    int64_t v;
    assert_int_equal(vld_ctx_get_param(ctx, VLD_PARAM_DEPTH, &v), VLD_OK);
    assert_int_equal(v, VLD_DEPTH_FULL);
    assert_int_equal(vld_ctx_get_param(ctx, VLD_PARAM_HASH, &v), VLD_OK);
    assert_int_equal(v, VLD_HASH_XXH3_64);
    vld_ctx_free(ctx);
}

static void bounds_are_enforced_and_values_unchanged_on_error(void **state)
{
    (void)state;
    vld_ctx *ctx;
    assert_int_equal(vld_ctx_new(NULL, &ctx), VLD_OK);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        int64_t min, max, before, after;
        assert_int_equal(vld_param_bounds(KEYS[i], &min, &max, NULL), VLD_OK);
        assert_int_equal(vld_ctx_get_param(ctx, KEYS[i], &before), VLD_OK);
        if (min > INT64_MIN)
            assert_int_equal(vld_ctx_set_param(ctx, KEYS[i], min - 1), VLD_E_OUT_OF_RANGE);
        if (max < INT64_MAX)
            assert_int_equal(vld_ctx_set_param(ctx, KEYS[i], max + 1), VLD_E_OUT_OF_RANGE);
        assert_int_equal(vld_ctx_get_param(ctx, KEYS[i], &after), VLD_OK);
        assert_int_equal(before, after);
        assert_int_equal(vld_ctx_set_param(ctx, KEYS[i], max), VLD_OK);
        assert_int_equal(vld_ctx_get_param(ctx, KEYS[i], &after), VLD_OK);
        assert_int_equal(after, max);
    }
    vld_ctx_free(ctx);
}

static void chunk_size_must_be_a_power_of_two_in_range(void **state)
{
    (void)state;
    vld_ctx *ctx;
    assert_int_equal(vld_ctx_new(NULL, &ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 4096), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 1 << 30), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 0), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 2048), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 4097), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 3 * 4096), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, (int64_t)1 << 31), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, -4096), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_set_param(ctx, VLD_PARAM_HASH, VLD_HASH_XXH64), VLD_E_OUT_OF_RANGE);
    vld_ctx_free(ctx);
}

static void unknown_keys_and_nulls_are_rejected(void **state)
{
    (void)state;
    vld_ctx *ctx;
    int64_t v;
    assert_int_equal(vld_ctx_new(NULL, &ctx), VLD_OK);
    assert_int_equal(vld_ctx_set_param(ctx, (vld_param)0, 1), VLD_E_UNKNOWN_PARAM);
    assert_int_equal(vld_ctx_set_param(ctx, (vld_param)199, 1), VLD_E_UNKNOWN_PARAM);
    assert_int_equal(vld_ctx_get_param(ctx, (vld_param)-1, &v), VLD_E_UNKNOWN_PARAM);
    assert_int_equal(vld_param_bounds((vld_param)12345, &v, &v, &v), VLD_E_UNKNOWN_PARAM);
    assert_int_equal(vld_param_bounds(VLD_PARAM_DEPTH, NULL, NULL, NULL), VLD_OK);
    assert_int_equal(vld_ctx_set_param(NULL, VLD_PARAM_DEPTH, 1), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_get_param(NULL, VLD_PARAM_DEPTH, &v), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_get_param(ctx, VLD_PARAM_DEPTH, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_reset_params(NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_set_chunk_check(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_set_progress(NULL, NULL, NULL), VLD_E_INVALID_ARGUMENT);
    vld_ctx_free(ctx);
}

static void reset_restores_defaults(void **state)
{
    (void)state;
    vld_ctx *ctx = new_ctx(8192, VLD_HASH_XXH3_128, VLD_DEPTH_SHALLOW);
    int64_t v;
    assert_int_equal(vld_ctx_reset_params(ctx), VLD_OK);
    assert_int_equal(vld_ctx_get_param(ctx, VLD_PARAM_CHUNK_SIZE, &v), VLD_OK);
    assert_int_equal(v, 0);
    assert_int_equal(vld_ctx_get_param(ctx, VLD_PARAM_DEPTH, &v), VLD_OK);
    assert_int_equal(v, VLD_DEPTH_FULL);
    vld_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_context_holds_every_default),
        cmocka_unit_test(bounds_are_enforced_and_values_unchanged_on_error),
        cmocka_unit_test(chunk_size_must_be_a_power_of_two_in_range),
        cmocka_unit_test(unknown_keys_and_nulls_are_rejected),
        cmocka_unit_test(reset_restores_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
