/* Status names and messages, and versions. */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

static const int ALL[] = {
#define X(name, value, msg) value,
    VLD_STATUS_LIST(X)
#undef X
};

static void every_status_has_a_distinct_name_and_message(void **state)
{
    (void)state;
    size_t n = sizeof ALL / sizeof ALL[0];
    for (size_t i = 0; i < n; i++) {
        assert_true(ALL[i] <= 0);
        assert_string_not_equal(vld_strerror(ALL[i]), "unknown status");
        assert_true(strncmp(vld_status_name(ALL[i]), "VLD_", 4) == 0);
        for (size_t j = 0; j < i; j++) {
            assert_int_not_equal(ALL[i], ALL[j]);
            assert_string_not_equal(vld_status_name(ALL[i]), vld_status_name(ALL[j]));
        }
    }
    assert_string_equal(vld_status_name(VLD_E_NOMEM), "VLD_E_NOMEM");
    assert_string_equal(vld_status_name(VLD_OK), "VLD_OK");
}

static void unknown_statuses_are_named_unknown(void **state)
{
    (void)state;
    assert_string_equal(vld_strerror(12345), "unknown status");
    assert_string_equal(vld_status_name(-12345), "VLD_E_UNKNOWN");
    assert_string_equal(vld_status_name(1), "VLD_E_UNKNOWN");
}

static void runtime_version_matches_header(void **state)
{
    (void)state;
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", VLD_VERSION_MAJOR, VLD_VERSION_MINOR,
             VLD_VERSION_PATCH);
    assert_int_equal(vld_version_number(), VLD_VERSION_NUMBER);
    assert_string_equal(vld_version_string(), expect);
}

static void last_error_is_per_context_and_truncates(void **state)
{
    (void)state;
    vld_ctx *a = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    vld_ctx *b = new_ctx(0, VLD_HASH_XXH3_64, VLD_DEPTH_FULL);
    char buf[256];
    assert_int_equal(vld_ctx_last_error(a, buf, sizeof buf), VLD_OK);
    assert_string_equal(buf, "");
    assert_int_equal(vld_ctx_set_param(a, VLD_PARAM_DEPTH, 99), VLD_E_OUT_OF_RANGE);
    assert_int_equal(vld_ctx_last_error(a, buf, sizeof buf), VLD_OK);
    assert_non_null(strstr(buf, "99"));
    assert_int_equal(vld_ctx_last_error(b, buf, sizeof buf), VLD_OK);
    assert_string_equal(buf, "");
    char tiny[4];
    assert_int_equal(vld_ctx_last_error(a, tiny, sizeof tiny), VLD_OK);
    assert_int_equal(strlen(tiny), 3);
    assert_int_equal(vld_ctx_last_error(NULL, buf, sizeof buf), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_last_error(a, NULL, 5), VLD_E_INVALID_ARGUMENT);
    assert_int_equal(vld_ctx_last_error(a, NULL, 0), VLD_OK);
    vld_ctx_free(a);
    vld_ctx_free(b);
}

static void ctx_new_checks_its_arguments(void **state)
{
    (void)state;
    vld_ctx *ctx = (vld_ctx *)1;
    assert_int_equal(vld_ctx_new(NULL, NULL), VLD_E_INVALID_ARGUMENT);
    failing_alloc fa;
    vld_allocator a = failing_allocator(&fa);
    a.size = sizeof a - 1;
    assert_int_equal(vld_ctx_new(&a, &ctx), VLD_E_STRUCT_SIZE);
    assert_null(ctx);
    a = failing_allocator(&fa);
    a.realloc_fn = NULL;
    assert_int_equal(vld_ctx_new(&a, &ctx), VLD_E_INVALID_ARGUMENT);
    vld_ctx_free(NULL);
    vld_manifest_free(NULL);
    vld_report_free(NULL);
    vld_stream_free(NULL);
    vld_builder_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_status_has_a_distinct_name_and_message),
        cmocka_unit_test(unknown_statuses_are_named_unknown),
        cmocka_unit_test(runtime_version_matches_header),
        cmocka_unit_test(last_error_is_per_context_and_truncates),
        cmocka_unit_test(ctx_new_checks_its_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
