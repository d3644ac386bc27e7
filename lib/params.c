/* The parameter table: one row per key with bounds and default, so the
 * setter, the getter and vld_param_bounds() agree by construction. */
#include "internal.h"

#include <stddef.h>

typedef struct param_desc {
    vld_param key;
    size_t offset; /* into vldi_params */
    int64_t min, max, def;
} param_desc;

#define FIELD(f) offsetof(vldi_params, f)

static const param_desc PARAMS[] = {
    {VLD_PARAM_DEPTH, FIELD(depth), VLD_DEPTH_SHALLOW, VLD_DEPTH_DEEP, VLD_DEPTH_FULL},
    {VLD_PARAM_CHUNK_SIZE, FIELD(chunk_size), 0, (int64_t)VLDI_CHUNK_MAX, 0},
    {VLD_PARAM_HASH, FIELD(hash), VLD_HASH_XXH3_64, VLD_HASH_XXH3_128, VLD_HASH_XXH3_64},
    {VLD_PARAM_SAMPLE_RATE_PPM, FIELD(sample_rate_ppm), 1, 1000000, 62500},
    {VLD_PARAM_SAMPLE_SEED, FIELD(sample_seed), INT64_MIN, INT64_MAX, 0},
    {VLD_PARAM_SAMPLE_GROUP, FIELD(sample_group), 0, 999999, 0},
    {VLD_PARAM_SAMPLE_GROUPS, FIELD(sample_groups), 0, 1000000, 0},
    {VLD_PARAM_MAX_RANGES, FIELD(max_ranges), 1, INT32_MAX, 1024},
    {VLD_PARAM_THREADS, FIELD(threads), 0, 256, 0},
    {VLD_PARAM_REREAD, FIELD(reread), 0, 1, 1},
    {VLD_PARAM_METRICS_INTERVAL_MS, FIELD(metrics_interval_ms), 0, 3600000, 1000},
    {VLD_PARAM_LATENCY_WINDOW, FIELD(latency_window), 1, 4096, 256},
    {VLD_PARAM_SCALE_CPU_PCT, FIELD(scale_cpu_pct), 1, 100, 70},
    {VLD_PARAM_SCALE_LATENCY_MS, FIELD(scale_latency_ms), 1, 3600000, 50},
    {VLD_PARAM_SCALE_IN_PCT, FIELD(scale_in_pct), 1, 99, 40},
    {VLD_PARAM_SCALE_SUSTAIN, FIELD(scale_sustain), 1, 1000, 3},
    {VLD_PARAM_SCALE_IN_SUSTAIN, FIELD(scale_in_sustain), 1, 10000, 20},
    {VLD_PARAM_SCALE_COOLDOWN, FIELD(scale_cooldown), 0, 10000, 10},
    {VLD_PARAM_REGRESSION_PCT, FIELD(regression_pct), 0, 99, 50},
    {VLD_PARAM_BUDGET_MS, FIELD(budget_ms), 0, 3600000, 0},
    {VLD_PARAM_MIN_DEPTH, FIELD(min_depth), VLD_DEPTH_SHALLOW, VLD_DEPTH_DEEP, VLD_DEPTH_SAMPLED},
    {VLD_PARAM_MIN_SAMPLE_PPM, FIELD(min_sample_ppm), 1, 1000000, 10000},
    {VLD_PARAM_CALIBRATED_BPS, FIELD(calibrated_bps), 0, (int64_t)1 << 62, 0},
    {VLD_PARAM_ROTATE, FIELD(rotate), 0, 1, 1},
};

static const param_desc *find(vld_param key)
{
    for (size_t i = 0; i < sizeof PARAMS / sizeof PARAMS[0]; i++)
        if (PARAMS[i].key == key)
            return &PARAMS[i];
    return NULL;
}

static int64_t *slot(vldi_params *p, const param_desc *d)
{
    return (int64_t *)((char *)p + d->offset);
}

void vldi_params_default(vldi_params *p)
{
    for (size_t i = 0; i < sizeof PARAMS / sizeof PARAMS[0]; i++)
        *slot(p, &PARAMS[i]) = PARAMS[i].def;
}

vld_status vldi_params_set(vldi_params *p, vld_param key, int64_t value)
{
    const param_desc *d = find(key);
    if (!d)
        return VLD_E_UNKNOWN_PARAM;
    if (value < d->min || value > d->max)
        return VLD_E_OUT_OF_RANGE;
    if (key == VLD_PARAM_CHUNK_SIZE && value != 0 && !vldi_is_valid_chunk_size((uint64_t)value))
        return VLD_E_OUT_OF_RANGE;
    *slot(p, d) = value;
    return VLD_OK;
}

vld_status vldi_params_get(const vldi_params *p, vld_param key, int64_t *value)
{
    const param_desc *d = find(key);
    if (!d)
        return VLD_E_UNKNOWN_PARAM;
    *value = *slot((vldi_params *)p, d);
    return VLD_OK;
}

vld_status vld_param_bounds(vld_param param, int64_t *min, int64_t *max, int64_t *def)
{
    const param_desc *d = find(param);
    if (!d)
        return VLD_E_UNKNOWN_PARAM;
    if (min)
        *min = d->min;
    if (max)
        *max = d->max;
    if (def)
        *def = d->def;
    return VLD_OK;
}
