/* Verifying data that arrives in pieces. Each piece is cut on the
 * manifest's chunk boundaries; whole chunks in a piece are hashed in one
 * call, the others through an incremental state. */
#include "internal.h"

#include <string.h>

struct vld_stream {
    vldi_verifier v;
    vldi_hasher *chunk; /* the chunk being filled, when it came in pieces */
    uint8_t *held;      /* deep depth with a host check: the chunk's bytes */
    uint64_t pos;       /* bytes fed so far */
    uint64_t in_chunk;  /* bytes of the current chunk fed so far */
    vld_status failed;  /* sticky */
    bool finished;
};

vld_status vld_stream_new(vld_ctx *ctx, const vld_manifest *m, vld_stream **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out)
        return VLD_E_INVALID_ARGUMENT;
    vld_stream *s = vldi_calloc(&ctx->alloc, 1, sizeof *s);
    if (!s)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a stream");
    vld_status st = vldi_verifier_init(&s->v, ctx, m);
    if (st != VLD_OK) {
        vldi_free(&ctx->alloc, s);
        return st;
    }
    if (vldi_hasher_new(&ctx->alloc, m->hash, &s->chunk) != VLD_OK) {
        vld_stream_free(s);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a stream");
    }
    /* The host check needs a chunk's bytes in one piece. */
    if (s->v.settings.params.depth == VLD_DEPTH_DEEP && s->v.settings.chunk_check &&
        m->chunk_count && !(s->held = vldi_malloc(&ctx->alloc, (size_t)m->chunk_size))) {
        vld_stream_free(s);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory to hold a %llu-byte chunk for the host check",
                         (unsigned long long)m->chunk_size);
    }
    *out = s;
    return VLD_OK;
}

void vld_stream_free(vld_stream *s)
{
    if (!s)
        return;
    vld_ctx *ctx = s->v.ctx;
    vldi_verifier_release(&s->v);
    vldi_hasher_free(&ctx->alloc, s->chunk);
    vldi_free(&ctx->alloc, s->held);
    vldi_free(&ctx->alloc, s);
}

vld_status vld_stream_set_damage_callback(vld_stream *s, vld_damage_fn fn, void *user)
{
    if (!s)
        return VLD_E_INVALID_ARGUMENT;
    s->v.on_damage = fn;
    s->v.on_damage_user = fn ? user : NULL;
    return VLD_OK;
}

/* Feed bytes that lie within chunk `index`, starting at s->in_chunk. */
static vld_status feed_chunk(vld_stream *s, uint64_t index, const uint8_t *p, size_t n)
{
    const vld_manifest *m = s->v.m;
    uint64_t clen = vldi_manifest_chunk_len(m, index);
    bool wanted = vldi_verifier_wants(&s->v, index);
    if (wanted && s->in_chunk == 0 && n == clen)
        return vldi_verifier_chunk_data(&s->v, index, p, n);
    if (wanted) {
        vldi_hasher_update(s->chunk, p, n);
        if (s->held)
            memcpy(s->held + s->in_chunk, p, n);
    }
    s->in_chunk += n;
    if (s->in_chunk < clen)
        return VLD_OK;
    s->in_chunk = 0;
    if (!wanted)
        return VLD_OK;
    uint8_t digest[16];
    vldi_hasher_final(s->chunk, digest);
    vldi_hasher_reset(s->chunk);
    return vldi_verifier_chunk(&s->v, index, digest, s->held, (size_t)clen);
}

static vld_status stream_update(vld_stream *s, const void *data, size_t len)
{
    if (!s || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    if (s->finished)
        return vldi_fail(s->v.ctx, VLD_E_STATE, "stream already finished");
    if (s->failed)
        return s->failed;
    const vld_manifest *m = s->v.m;
    const uint8_t *p = data;
    if (s->v.whole)
        vldi_hasher_update(s->v.whole, p, len);
    vld_status st = VLD_OK;
    size_t left = len;
    while (left && s->pos < m->length && st == VLD_OK) {
        if (vldi_verifier_cancelled(&s->v)) {
            st = vldi_fail(s->v.ctx, VLD_E_CANCELLED, "the stream verification was cancelled");
            break;
        }
        uint64_t index = s->pos / m->chunk_size;
        uint64_t room = vldi_manifest_chunk_len(m, index) - s->in_chunk;
        size_t n = left < room ? left : (size_t)room;
        st = feed_chunk(s, index, p, n);
        s->pos += n;
        p += n;
        left -= n;
    }
    s->pos += left; /* bytes past the manifest's length: counted, not chunked */
    if (st == VLD_OK)
        st = vldi_verifier_progress(&s->v, len);
    s->failed = st;
    return st;
}

/* The runner's CPU time is counted while a metrics callback is installed. */
vld_status vld_stream_update(vld_stream *s, const void *data, size_t len)
{
    if (!s || !s->v.metered)
        return stream_update(s, data, len);
    uint64_t cpu = vldi_thread_cpu_ns();
    vld_status st = stream_update(s, data, len);
    vldi_atomic_add(&s->v.cpu_ns, vldi_thread_cpu_ns() - cpu);
    return st;
}

vld_status vld_stream_finish(vld_stream *s, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!s || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (s->finished)
        return vldi_fail(s->v.ctx, VLD_E_STATE, "stream already finished");
    s->finished = true;
    return vldi_verifier_finish(&s->v, s->pos, s->failed, out);
}
