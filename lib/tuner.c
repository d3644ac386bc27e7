/*
 * The auto-tuner: for one verification under a latency budget, the deepest
 * depth and largest sample rate whose predicted time fits, never below the
 * floor. Predictions are bytes / throughput plus a fixed overhead, planned
 * against VLDI_TUNE_HEADROOM of the budget.
 */
#include "metrics.h"
#include "xxh.h"

#include <stdlib.h>
#include <time.h>

uint64_t vldi_tune_predict(double bps, uint64_t bytes, vld_depth depth)
{
    if (depth == VLD_DEPTH_SHALLOW)
        return (uint64_t)VLDI_TUNE_OVERHEAD_NS;
    double hashed = (double)bytes * (depth == VLD_DEPTH_DEEP ? 2.0 : 1.0);
    return (uint64_t)(VLDI_TUNE_OVERHEAD_NS + hashed / bps * 1e9);
}

static void choose(vld_tuning *out, vld_depth depth, uint32_t ppm, uint64_t predicted, uint32_t reasons)
{
    out->depth = depth;
    out->sample_rate_ppm = ppm;
    out->predicted_ns = predicted;
    out->reasons |= reasons;
}

void vldi_tune(const vldi_tune_input *in, vld_tuning *out)
{
    out->tuned = 1;
    out->budget_ns = in->budget_ns;
    out->throughput_bps = in->bps;
    out->reasons = 0;
    out->group = out->groups = 0;
    double plan = (double)in->budget_ns * VLDI_TUNE_HEADROOM;
    vld_depth ceiling = in->ceiling;
    vld_depth floor = in->floor < ceiling ? in->floor : ceiling;

    /* Full or deep: the whole object. */
    for (vld_depth d = ceiling; d >= VLD_DEPTH_FULL; d = (vld_depth)(d - 1)) {
        uint64_t t = vldi_tune_predict(in->bps, in->length, d);
        if ((double)t <= plan || d == floor || in->chunk_count == 0) {
            choose(out, d, 1000000, t, (double)t <= plan ? VLD_TUNE_FITS : VLD_TUNE_FLOOR);
            if (d == ceiling && (double)t <= plan)
                out->reasons |= VLD_TUNE_CAPPED;
            return;
        }
    }
    if (ceiling == VLD_DEPTH_SHALLOW) {
        choose(out, VLD_DEPTH_SHALLOW, 0, vldi_tune_predict(in->bps, 0, VLD_DEPTH_SHALLOW),
               VLD_TUNE_FITS | VLD_TUNE_CAPPED);
        return;
    }
    /* Sampled: the largest rate that fits. */
    double fits = (plan - VLDI_TUNE_OVERHEAD_NS) / 1e9 * in->bps / (double)in->length;
    uint32_t ppm = fits >= 1.0 ? 999999 : fits <= 0 ? 0 : (uint32_t)(fits * 1e6);
    if (ceiling == VLD_DEPTH_SAMPLED && ppm >= in->ceiling_ppm) {
        ppm = in->ceiling_ppm;
        out->reasons |= VLD_TUNE_CAPPED;
    }
    uint32_t reasons = VLD_TUNE_FITS;
    if (ppm < in->min_ppm) {
        if (floor == VLD_DEPTH_SHALLOW) {
            choose(out, VLD_DEPTH_SHALLOW, 0, vldi_tune_predict(in->bps, 0, VLD_DEPTH_SHALLOW),
                   VLD_TUNE_FITS);
            return;
        }
        ppm = in->min_ppm;
        reasons = VLD_TUNE_FLOOR;
    }
    uint64_t bytes = (uint64_t)((double)in->length * ppm / 1e6);
    if (in->rotate) {
        /* t groups of about 1/t of the chunks each; t passes cover the object. */
        uint64_t t = (1000000 + ppm - 1) / ppm;
        out->groups = (uint32_t)t;
        out->group = (uint32_t)(in->cursor % t);
        bytes = in->length / t;
        reasons |= VLD_TUNE_ROTATED;
    }
    if (bytes < in->chunk_size)
        bytes = in->chunk_size < in->length ? in->chunk_size : in->length;
    choose(out, VLD_DEPTH_SAMPLED, ppm, vldi_tune_predict(in->bps, bytes, VLD_DEPTH_SAMPLED), reasons);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double vldi_tune_calibrate(void)
{
    enum { SIZE = 1 << 20, ROUNDS = 4 };
    uint8_t *buf = malloc(SIZE);
    if (!buf)
        return 0;
    for (size_t i = 0; i < SIZE; i++)
        buf[i] = (uint8_t)(i * 131u + (i >> 7));
    uint64_t best = UINT64_MAX, sink = 0;
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = mono_ns();
        sink ^= XXH3_64bits(buf, SIZE);
        uint64_t dt = mono_ns() - t0;
        if (dt && dt < best)
            best = dt;
    }
    free(buf);
    /* `sink` keeps the hashing from being optimized away. */
    return best == UINT64_MAX ? 0 : (double)SIZE / ((double)best / 1e9) + (double)(sink & 0);
}

uint64_t vldi_tune_chunk_size(uint64_t length, uint64_t budget_ns, double bps)
{
    uint64_t cs = vldi_auto_chunk_size(length);
    double limit = (double)budget_ns / 16.0 / 1e9 * bps;
    while (cs > VLDI_CHUNK_MIN && (double)cs > limit)
        cs >>= 1;
    return cs;
}
