/* The report handle: accessors and release. verify.c fills it. */
#include "internal.h"

#include <string.h>

vld_report *vldi_report_new(const vldi_alloc *a, uint64_t chunk_count, vld_hash hash,
                            uint64_t chunk_size, const uint8_t digest[16], size_t max_ranges)
{
    if (chunk_count > SIZE_MAX)
        return NULL;
    vld_report *r = vldi_calloc(a, 1, sizeof *r);
    if (!r)
        return NULL;
    if (!(r->chunk_states = vldi_calloc(a, (size_t)chunk_count, 1))) {
        vldi_free(a, r);
        return NULL;
    }
    r->alloc = *a;
    r->chunk_count = chunk_count;
    r->hash = hash;
    r->chunk_size = chunk_size;
    memcpy(r->object_digest, digest, sizeof r->object_digest);
    r->max_ranges = max_ranges;
    return r;
}

vld_status vld_report_get_summary(const vld_report *r, vld_report_summary *s)
{
    if (!r || !s)
        return VLD_E_INVALID_ARGUMENT;
    /* chunks_in_scope came with ranges: callers built before it still work,
     * with exactly the struct they were built with. */
    size_t before_ranges = offsetof(vld_report_summary, chunks_in_scope);
    if (s->size != before_ranges && s->size < sizeof r->summary)
        return VLD_E_STRUCT_SIZE;
    return vldi_copy_sized(s, &r->summary, sizeof r->summary, before_ranges);
}

vld_status vld_report_get_range(const vld_report *r, size_t index, vld_range *out)
{
    if (!r || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (index >= r->ranges_count)
        return VLD_E_INDEX;
    return vldi_copy_sized(out, &r->ranges[index], sizeof(vld_range), sizeof(vld_range));
}

vld_status vld_report_get_chunk_state(const vld_report *r, uint64_t index, vld_chunk_state *state)
{
    if (!r || !state)
        return VLD_E_INVALID_ARGUMENT;
    if (index >= r->chunk_count)
        return VLD_E_INDEX;
    *state = (vld_chunk_state)(r->chunk_states[index] & VLDI_STATE_MASK);
    return VLD_OK;
}

void vld_report_free(vld_report *r)
{
    if (!r)
        return;
    vldi_alloc a = r->alloc;
    vldi_free(&a, r->chunk_states);
    vldi_free(&a, r->ranges);
    vldi_free(&a, r);
}

vld_status vld_report_get_tuning(const vld_report *r, vld_tuning *out)
{
    if (!r || !out)
        return VLD_E_INVALID_ARGUMENT;
    vld_tuning t = r->tuning;
    t.size = sizeof t;
    return vldi_copy_sized(out, &t, sizeof t, sizeof t);
}
