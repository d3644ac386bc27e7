/* The report handle: accessors and release. verify.c fills it. */
#include "internal.h"

#include <string.h>

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
