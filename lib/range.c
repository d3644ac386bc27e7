/* Verifying part of an object, and merging the reports of disjoint parts. */
#include "parallel.h"

#include <string.h>

vld_status vldi_check_range(vld_ctx *ctx, const vld_manifest *m, uint64_t first, uint64_t *count)
{
    if (first > m->chunk_count || (*count != VLD_CHUNKS_ALL && *count > m->chunk_count - first))
        return vldi_fail(ctx, VLD_E_INDEX, "chunk range %llu+%llu is outside the manifest's %llu chunks",
                         (unsigned long long)first, (unsigned long long)*count,
                         (unsigned long long)m->chunk_count);
    if (*count == VLD_CHUNKS_ALL)
        *count = m->chunk_count - first;
    return VLD_OK;
}

vld_status vld_manifest_chunk_range(const vld_manifest *m, uint64_t offset, uint64_t length,
                                    uint64_t *first_chunk, uint64_t *chunk_count)
{
    if (!m || !first_chunk || !chunk_count)
        return VLD_E_INVALID_ARGUMENT;
    if (offset > m->length || length > m->length - offset)
        return VLD_E_INDEX;
    if (length == 0) {
        *first_chunk = offset / m->chunk_size;
        *chunk_count = 0;
        return VLD_OK;
    }
    *first_chunk = offset / m->chunk_size;
    *chunk_count = (offset + length - 1) / m->chunk_size - *first_chunk + 1;
    return VLD_OK;
}

vld_status vld_verify_buffer_range(vld_ctx *ctx, const vld_manifest *m, uint64_t first,
                                   uint64_t count, const void *data, size_t len, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    vld_status st = vldi_check_range(ctx, m, first, &count);
    if (st != VLD_OK)
        return st;
    vldi_verifier v;
    if ((st = vldi_verifier_init_range(&v, ctx, m, first, count)) != VLD_OK)
        return st;
    uint64_t base = first * m->chunk_size;
    uint64_t reach = len ? base + len : 0; /* the object offset the data reaches */
    uint64_t end = first + count;
    while (end > first && (end - 1) * m->chunk_size + vldi_manifest_chunk_len(m, end - 1) > reach)
        end--;
    vldi_source src = {data, base, len, NULL};
    st = vldi_verify_chunks(&v, &src, end, len);
    if (first + count < m->chunk_count && reach > (first + count) * m->chunk_size)
        reach = (first + count) * m->chunk_size;
    return vldi_verifier_finish(&v, reach, st, out);
}

vld_status vld_verify_buffer(vld_ctx *ctx, const vld_manifest *m, const void *data, size_t len,
                             vld_report **out)
{
    return vld_verify_buffer_range(ctx, m, 0, VLD_CHUNKS_ALL, data, len, out);
}

static bool same_object(const vld_report *a, const vld_report *b)
{
    return a->hash == b->hash && a->chunk_size == b->chunk_size && a->chunk_count == b->chunk_count &&
           a->summary.bytes_total == b->summary.bytes_total &&
           memcmp(a->object_digest, b->object_digest, sizeof a->object_digest) == 0;
}

vld_status vld_report_merge(vld_ctx *ctx, const vld_report *a, const vld_report *b, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !a || !b || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (!same_object(a, b))
        return vldi_fail(ctx, VLD_E_MISMATCH, "the reports are of different manifests");
    if (a->summary.depth != b->summary.depth)
        return vldi_fail(ctx, VLD_E_MISMATCH, "the reports are of different depths (%d and %d)",
                         (int)a->summary.depth, (int)b->summary.depth);
    for (uint64_t i = 0; i < a->chunk_count; i++)
        if (a->chunk_states[i] & b->chunk_states[i] & VLDI_IN_SCOPE)
            return vldi_fail(ctx, VLD_E_MISMATCH, "the reports' ranges overlap at chunk %llu",
                             (unsigned long long)i);
    vld_report *r = vldi_report_new(&ctx->alloc, a->chunk_count, a->hash, a->chunk_size,
                                    a->object_digest,
                                    a->max_ranges > b->max_ranges ? a->max_ranges : b->max_ranges);
    if (!r)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a merged report");
    for (uint64_t i = 0; i < a->chunk_count; i++)
        r->chunk_states[i] = a->chunk_states[i] | b->chunk_states[i]; /* one of them is 0 */
    const vld_report_summary *sa = &a->summary, *sb = &b->summary;
    vld_report_summary *s = &r->summary;
    s->size = sizeof *s;
    s->depth = sa->depth;
    s->status = sa->status != VLD_OK ? sa->status : sb->status;
    s->bytes_total = sa->bytes_total;
    s->bytes_seen = sa->bytes_seen > sb->bytes_seen ? sa->bytes_seen : sb->bytes_seen;
    s->chunks_total = sa->chunks_total;
    s->digest_checked = sa->digest_checked || sb->digest_checked;
    s->digest_ok = sa->digest_checked ? sa->digest_ok : sb->digest_ok;
    if (vldi_report_summarize(r) != VLD_OK) {
        vld_report_free(r);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a merged report's ranges");
    }
    *out = r;
    return VLD_OK;
}
