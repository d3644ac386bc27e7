/*
 * The parameter API with arbitrary keys and values: a set succeeds exactly
 * when the key is known and the value lies within vld_param_bounds() (chunk
 * sizes must also be 0 or a power of two), a failed set changes nothing, a
 * get returns the last accepted value, and a reset restores the defaults.
 *
 * Input: a list of 13-byte operations (op, key:u32, value:u64).
 * SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"

/* Keys the header defines, plus neighbours, so the fuzzer meets them often. */
static const uint32_t KNOWN[] = {100, 101, 102, 200, 201, 202, 203, 300, 400};

static vld_param pick_key(uint32_t raw)
{
    /* the low bit chooses between a known key and a raw 32-bit one */
    if (raw & 1)
        return (vld_param)(raw >> 1);
    uint32_t k = KNOWN[(raw >> 1) % (sizeof KNOWN / sizeof KNOWN[0])];
    return (vld_param)(k + (raw >> 8) % 3 - 1); /* k-1, k or k+1 */
}

static int64_t pick_value(uint64_t raw, int64_t min, int64_t max)
{
    switch (raw & 7) {
    case 0: return min;
    case 1: return max;
    case 2: return (int64_t)((uint64_t)min - 1); /* wraps at INT64_MIN: still a value */
    case 3: return (int64_t)((uint64_t)max + 1);
    case 4: return (int64_t)((uint64_t)1 << ((raw >> 3) & 63));
    default: return (int64_t)(raw >> 3) - (int64_t)(raw & 4 ? 0 : 1000);
    }
}

static int valid_value(vld_param key, int64_t v, int64_t min, int64_t max)
{
    if (v < min || v > max)
        return 0;
    if (key == VLD_PARAM_CHUNK_SIZE && v != 0 && (v < 4096 || (v & (v - 1)) != 0))
        return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    vld_ctx *ctx = NULL;
    FUZZ_OK(vld_ctx_new(NULL, &ctx));

    while (in.left) {
        uint8_t op = fuzz_u8(&in);
        vld_param key = pick_key(fuzz_u32(&in));
        uint64_t raw = fuzz_u64(&in);
        int64_t min = 0, max = 0, def = 0, before = 0, after = 0;
        vld_status bst = vld_param_bounds(key, &min, &max, &def);
        vld_status gst = vld_ctx_get_param(ctx, key, &before);
        FUZZ_CHECK(bst == gst);
        if (bst != VLD_OK) {
            FUZZ_CHECK(bst == VLD_E_UNKNOWN_PARAM);
            FUZZ_CHECK(vld_ctx_set_param(ctx, key, (int64_t)raw) == VLD_E_UNKNOWN_PARAM);
            FUZZ_CHECK(vld_param_bounds(key, NULL, NULL, NULL) == VLD_E_UNKNOWN_PARAM);
            continue;
        }
        FUZZ_CHECK(min <= def && def <= max);
        FUZZ_CHECK(min <= before && before <= max);
        FUZZ_OK(vld_param_bounds(key, NULL, NULL, NULL));

        switch (op % 4) {
        case 0:
        case 1: {
            int64_t v = op % 4 ? (int64_t)raw : pick_value(raw, min, max);
            vld_status st = vld_ctx_set_param(ctx, key, v);
            FUZZ_OK(vld_ctx_get_param(ctx, key, &after));
            if (valid_value(key, v, min, max)) {
                FUZZ_CHECK(st == VLD_OK);
                FUZZ_CHECK(after == v);
            } else {
                FUZZ_CHECK(st == VLD_E_OUT_OF_RANGE);
                FUZZ_CHECK(after == before);
            }
            break;
        }
        case 2:
            FUZZ_OK(vld_ctx_reset_params(ctx));
            for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++) {
                int64_t d, v;
                FUZZ_OK(vld_param_bounds((vld_param)KNOWN[i], NULL, NULL, &d));
                FUZZ_OK(vld_ctx_get_param(ctx, (vld_param)KNOWN[i], &v));
                FUZZ_CHECK(v == d);
            }
            break;
        case 3:
            /* NULL arguments are refused, never dereferenced */
            FUZZ_CHECK(vld_ctx_set_param(NULL, key, def) == VLD_E_INVALID_ARGUMENT);
            FUZZ_CHECK(vld_ctx_get_param(NULL, key, &after) == VLD_E_INVALID_ARGUMENT);
            FUZZ_CHECK(vld_ctx_get_param(ctx, key, NULL) == VLD_E_INVALID_ARGUMENT);
            break;
        }
    }
    vld_ctx_free(ctx);
    return 0;
}
