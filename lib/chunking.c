/* How objects are cut into chunks, and which chunks a sampled pass reads. */
#include "internal.h"
#include "xxh.h"

bool vldi_is_valid_chunk_size(uint64_t cs)
{
    return cs >= VLDI_CHUNK_MIN && cs <= VLDI_CHUNK_MAX && (cs & (cs - 1)) == 0;
}

/*
 * Automatic chunk size: the smallest power of two of at least 64 KiB that
 * cuts the object into at most 4096 chunks, capped at 1 GiB. Enough chunks to
 * localize damage to 1/4096 of the object and to keep every core busy, few
 * enough that the manifest stays under 64 KiB and per-chunk overhead is nil.
 */
uint64_t vldi_auto_chunk_size(uint64_t length)
{
    if (length == VLD_LENGTH_UNKNOWN)
        return VLDI_CHUNK_UNKNOWN_LENGTH;
    uint64_t cs = (uint64_t)64 * 1024;
    while (cs < VLDI_CHUNK_MAX && (length + cs - 1) / cs > 4096)
        cs <<= 1;
    return cs;
}

uint64_t vldi_chunk_count(uint64_t length, uint64_t chunk_size)
{
    return length / chunk_size + (length % chunk_size != 0);
}

/* The deterministic score of a chunk: XXH3-64 of its index (8 bytes,
 * little-endian) with the sample seed. docs/depth.md states this so other
 * implementations can reproduce the selection. */
static uint64_t score(uint64_t seed, uint64_t index)
{
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(index >> (8 * i));
    return XXH3_64bits_withSeed(le, sizeof le, seed);
}

void vldi_sampler_init(vldi_sampler *s, const vldi_params *p, uint64_t chunk_count)
{
    s->depth = (vld_depth)p->depth;
    s->seed = (uint64_t)p->sample_seed;
    s->groups = (uint64_t)p->sample_groups;
    s->group = (uint64_t)p->sample_group;
    s->threshold = p->sample_rate_ppm >= 1000000
                       ? UINT64_MAX
                       : (uint64_t)p->sample_rate_ppm * (UINT64_MAX / 1000000u);
    s->fallback = UINT64_MAX;
    if (s->depth != VLD_DEPTH_SAMPLED || s->groups || chunk_count == 0)
        return;
    /* A rate that happens to select nothing would check nothing and still say
     * "ok": read the lowest-scoring chunk instead. The scan stops at the
     * first selected chunk, so it is short unless the object is tiny. */
    uint64_t best = UINT64_MAX, best_i = 0;
    for (uint64_t i = 0; i < chunk_count; i++) {
        uint64_t sc = score(s->seed, i);
        if (sc < s->threshold)
            return;
        if (sc < best || i == 0) {
            best = sc;
            best_i = i;
        }
    }
    s->fallback = best_i;
}

bool vldi_sampler_selects(const vldi_sampler *s, uint64_t index)
{
    switch (s->depth) {
    case VLD_DEPTH_SHALLOW:
        return false;
    case VLD_DEPTH_SAMPLED:
        if (s->groups)
            return score(s->seed, index) % s->groups == s->group;
        return index == s->fallback || score(s->seed, index) < s->threshold;
    case VLD_DEPTH_FULL:
    case VLD_DEPTH_DEEP:
        return true;
    }
    return false;
}
