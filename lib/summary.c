/* A report's summary, damaged ranges and verdict, derived from its chunk
 * states alone. Verifications and vld_report_merge() both end here, which is
 * what makes a merge of range reports equal the one-shot report. */
#include "internal.h"

static uint64_t chunk_len(const vld_report *r, uint64_t index)
{
    uint64_t rest = r->summary.bytes_total - index * r->chunk_size;
    return rest < r->chunk_size ? rest : r->chunk_size;
}

/* Append a range, merging it with the previous one when they touch and
 * carry the same flags; past the limit, only count it. */
static void add_range(vld_report *r, uint64_t off, uint64_t len, uint32_t flags, uint64_t *total)
{
    if (r->ranges_count) {
        vld_range *last = &r->ranges[r->ranges_count - 1];
        if (last->flags == flags && last->offset + last->length == off) {
            last->length += len;
            return;
        }
    }
    (*total)++;
    if (r->ranges_count < r->max_ranges)
        r->ranges[r->ranges_count++] = (vld_range){sizeof(vld_range), off, len, flags};
}

vld_status vldi_report_summarize(vld_report *r)
{
    vld_report_summary *s = &r->summary;
    uint64_t checked = 0, bytes = 0, damaged = 0, missing = 0, scope = 0;
    for (uint64_t i = 0; i < r->chunk_count; i++) {
        uint8_t st = r->chunk_states[i] & VLDI_STATE_MASK;
        scope += (r->chunk_states[i] & VLDI_IN_SCOPE) != 0;
        if (st == VLD_CHUNK_OK || st == VLD_CHUNK_DAMAGED) {
            checked++;
            bytes += chunk_len(r, i);
        }
        damaged += st == VLD_CHUNK_DAMAGED || st == VLD_CHUNK_MISSING;
        missing += st == VLD_CHUNK_MISSING;
    }
    size_t cap = damaged + 1 < r->max_ranges ? (size_t)damaged + 1 : r->max_ranges;
    r->ranges = vldi_calloc(&r->alloc, cap, sizeof *r->ranges);
    if (!r->ranges)
        return VLD_E_NOMEM;
    r->ranges_count = 0;
    uint64_t total = 0;
    for (uint64_t i = 0; i < r->chunk_count; i++) {
        uint8_t st = r->chunk_states[i] & VLDI_STATE_MASK;
        uint32_t flags = r->chunk_states[i] >> VLDI_FLAG_SHIFT;
        if (st == VLD_CHUNK_MISSING)
            flags |= VLD_RANGE_MISSING;
        else if (st != VLD_CHUNK_DAMAGED)
            continue;
        add_range(r, i * r->chunk_size, chunk_len(r, i), flags, &total);
    }
    bool extra = s->bytes_seen > s->bytes_total;
    if (extra)
        add_range(r, s->bytes_total, s->bytes_seen - s->bytes_total, VLD_RANGE_EXTRA, &total);
    s->chunks_checked = checked;
    s->bytes_checked = bytes;
    s->chunks_damaged = damaged;
    s->chunks_in_scope = scope;
    s->ranges_count = r->ranges_count;
    s->ranges_truncated = total > r->ranges_count;
    if (s->status == VLD_OK && (missing || extra))
        s->verdict = VLD_VERDICT_LENGTH_MISMATCH;
    else if (damaged || (s->digest_checked && !s->digest_ok))
        s->verdict = VLD_VERDICT_CORRUPT;
    else
        s->verdict = VLD_VERDICT_OK;
    return VLD_OK;
}
