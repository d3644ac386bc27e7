/* The manifest handle: construction, accessors, release. */
#include "parallel.h"
#include "pool.h"

#include <string.h>

vld_status vldi_manifest_new(const vldi_alloc *a, vld_hash hash, uint64_t length,
                             uint64_t chunk_size, vld_manifest **out)
{
    *out = NULL;
    size_t dsize = vldi_digest_size(hash);
    uint64_t count = vldi_chunk_count(length, chunk_size);
    if (count > SIZE_MAX / dsize)
        return VLD_E_NOMEM;
    vld_manifest *m = vldi_malloc(a, sizeof *m);
    if (!m)
        return VLD_E_NOMEM;
    memset(m, 0, sizeof *m);
    m->chunk_digests = vldi_malloc(a, (size_t)count * dsize);
    if (!m->chunk_digests) {
        vldi_free(a, m);
        return VLD_E_NOMEM;
    }
    m->alloc = *a;
    m->format_version = VLDI_FORMAT_VERSION;
    m->hash = hash;
    m->digest_size = dsize;
    m->length = length;
    m->chunk_size = chunk_size;
    m->chunk_count = count;
    *out = m;
    return VLD_OK;
}

uint64_t vldi_manifest_chunk_len(const vld_manifest *m, uint64_t index)
{
    uint64_t off = index * m->chunk_size;
    uint64_t rest = m->length - off;
    return rest < m->chunk_size ? rest : m->chunk_size;
}

const uint8_t *vldi_manifest_chunk_digest(const vld_manifest *m, uint64_t index)
{
    return m->chunk_digests + (size_t)index * m->digest_size;
}

void vld_manifest_free(vld_manifest *m)
{
    if (!m)
        return;
    vldi_alloc a = m->alloc;
    vldi_free(&a, m->chunk_digests);
    vldi_free(&a, m);
}

vld_status vld_manifest_build(vld_ctx *ctx, const void *data, size_t len, vld_manifest **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !out || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    unsigned threads = vldi_threads_wanted(s.params.threads);
    if (threads > 1 && len >= VLDI_PARALLEL_MIN) {
        vldi_source src = {data, 0, len, NULL};
        return vldi_build_parallel(ctx, &s, threads, &src, len, out);
    }
    vld_builder *b = NULL;
    vld_status st = vld_builder_new(ctx, len, &b);
    if (st == VLD_OK)
        st = vld_builder_update(b, data, len);
    if (st == VLD_OK)
        st = vld_builder_finish(b, out);
    vld_builder_free(b);
    return st;
}

vld_status vldi_copy_sized(void *dst, const void *src, size_t full, size_t minimum)
{
    size_t have = *(const size_t *)dst;
    if (have < minimum)
        return VLD_E_STRUCT_SIZE;
    size_t n = have < full ? have : full;
    memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t), n - sizeof(size_t));
    /* A newer caller learns how much of its struct this library filled. */
    *(size_t *)dst = n;
    return VLD_OK;
}

vld_status vld_manifest_get_info(const vld_manifest *m, vld_manifest_info *info)
{
    if (!m || !info)
        return VLD_E_INVALID_ARGUMENT;
    vld_manifest_info full = {sizeof full, m->format_version, m->hash, m->length,
                              m->chunk_size, m->chunk_count, {0}};
    memcpy(full.digest, m->digest, sizeof full.digest);
    return vldi_copy_sized(info, &full, sizeof full, sizeof full);
}

vld_status vld_manifest_get_chunk_digest(const vld_manifest *m, uint64_t index, uint8_t out[16],
                                         size_t *len)
{
    if (!m || !out || !len)
        return VLD_E_INVALID_ARGUMENT;
    if (index >= m->chunk_count)
        return VLD_E_INDEX;
    memcpy(out, vldi_manifest_chunk_digest(m, index), m->digest_size);
    *len = m->digest_size;
    return VLD_OK;
}
