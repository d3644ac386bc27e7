/* Building a manifest from data that arrives in pieces. vld_manifest_build()
 * is this with a single piece, so there is one way to cut and hash. */
#include "internal.h"
#include "metrics.h"
#include "xxh.h"

#include <string.h>

struct vld_builder {
    vldi_alloc alloc;
    vld_ctx *ctx;
    vld_hash hash;
    size_t digest_size;
    uint64_t chunk_size;
    vldi_hasher *chunk; /* the chunk being filled, when it came in pieces */
    vldi_hasher *whole; /* XXH3-128 of every byte */
    uint64_t length;
    uint64_t in_chunk; /* bytes of the current chunk hashed so far */
    uint8_t *digests;
    uint64_t count, capacity;
    vld_progress_fn progress;
    void *progress_user;
    uint64_t progress_next;
    vld_status failed; /* sticky: a failed builder accepts nothing more */
    bool finished;
};

#define PROGRESS_STEP ((uint64_t)4 << 20)

vld_status vld_builder_new(vld_ctx *ctx, uint64_t expected_length, vld_builder **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !out)
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vld_builder *b = vldi_calloc(&ctx->alloc, 1, sizeof *b);
    if (!b)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a manifest builder");
    b->alloc = ctx->alloc;
    b->ctx = ctx;
    b->hash = (vld_hash)s.params.hash;
    b->digest_size = vldi_digest_size(b->hash);
    b->chunk_size = vldi_chunk_size_for(ctx, &s.params, expected_length);
    b->progress = s.progress;
    b->progress_user = s.progress_user;
    b->progress_next = PROGRESS_STEP;
    vld_status st = vldi_hasher_new(&b->alloc, b->hash, &b->chunk);
    if (st == VLD_OK)
        st = vldi_hasher_new(&b->alloc, VLD_HASH_XXH3_128, &b->whole);
    if (st != VLD_OK) {
        vld_builder_free(b);
        return vldi_fail(ctx, st, "no memory for a manifest builder");
    }
    *out = b;
    return VLD_OK;
}

void vld_builder_free(vld_builder *b)
{
    if (!b)
        return;
    vldi_alloc a = b->alloc;
    vldi_hasher_free(&a, b->chunk);
    vldi_hasher_free(&a, b->whole);
    vldi_free(&a, b->digests);
    vldi_free(&a, b);
}

static vld_status append(vld_builder *b, const uint8_t digest[16])
{
    if (b->count == b->capacity) {
        uint64_t cap = b->capacity ? b->capacity * 2 : 64;
        if (cap > SIZE_MAX / b->digest_size)
            return VLD_E_NOMEM;
        void *p = b->digests;
        vld_status st = vldi_grow(&b->alloc, &p, (size_t)cap, b->digest_size);
        if (st != VLD_OK)
            return st;
        b->digests = p;
        b->capacity = cap;
    }
    memcpy(b->digests + (size_t)b->count * b->digest_size, digest, b->digest_size);
    b->count++;
    return VLD_OK;
}

static vld_status stop(vld_builder *b, vld_status st, const char *what)
{
    b->failed = st;
    return vldi_fail(b->ctx, st, "%s", what);
}

vld_status vld_builder_update(vld_builder *b, const void *data, size_t len)
{
    if (!b || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    if (b->finished)
        return vldi_fail(b->ctx, VLD_E_STATE, "builder already finished");
    if (b->failed)
        return b->failed;
    const uint8_t *p = data;
    vldi_hasher_update(b->whole, p, len);
    b->length += len;
    while (len) {
        uint8_t digest[16];
        if (b->in_chunk == 0 && len >= b->chunk_size) {
            /* The common case: a whole chunk in hand, hashed in one call. */
            vldi_digest(b->hash, p, (size_t)b->chunk_size, digest);
            p += b->chunk_size;
            len -= (size_t)b->chunk_size;
        } else {
            uint64_t want = b->chunk_size - b->in_chunk;
            size_t n = len < want ? len : (size_t)want;
            vldi_hasher_update(b->chunk, p, n);
            b->in_chunk += n;
            p += n;
            len -= n;
            if (b->in_chunk < b->chunk_size)
                break;
            vldi_hasher_final(b->chunk, digest);
            vldi_hasher_reset(b->chunk);
            b->in_chunk = 0;
        }
        if (append(b, digest) != VLD_OK)
            return stop(b, VLD_E_NOMEM, "no memory for the chunk table");
    }
    if (b->progress && b->length >= b->progress_next) {
        b->progress_next = b->length + PROGRESS_STEP;
        if (b->progress(b->progress_user, b->length, VLD_LENGTH_UNKNOWN))
            return stop(b, VLD_E_CALLBACK_ABORT, "the progress callback stopped the build");
    }
    return VLD_OK;
}

vld_status vld_builder_finish(vld_builder *b, vld_manifest **out)
{
    if (out)
        *out = NULL;
    if (!b || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (b->finished)
        return vldi_fail(b->ctx, VLD_E_STATE, "builder already finished");
    if (b->failed)
        return b->failed;
    if (b->in_chunk) {
        uint8_t digest[16];
        vldi_hasher_final(b->chunk, digest);
        if (append(b, digest) != VLD_OK)
            return stop(b, VLD_E_NOMEM, "no memory for the chunk table");
    }
    vld_manifest *m;
    vld_status st = vldi_manifest_new(&b->alloc, b->hash, b->length, b->chunk_size, &m);
    if (st != VLD_OK)
        return stop(b, st, "no memory for the manifest");
    if (m->chunk_count)
        memcpy(m->chunk_digests, b->digests, (size_t)m->chunk_count * b->digest_size);
    vldi_hasher_final(b->whole, m->digest);
    b->finished = true;
    if (b->progress && b->progress(b->progress_user, b->length, b->length)) {
        vld_manifest_free(m);
        return vldi_fail(b->ctx, VLD_E_CALLBACK_ABORT, "the progress callback stopped the build");
    }
    *out = m;
    return VLD_OK;
}
