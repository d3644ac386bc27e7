/*
 * The chunk runner: hands out batches of chunks to the caller and the
 * context's workers. Each chunk's state has its own byte, so participants
 * never write the same memory; everything else a report says is derived
 * from those states at the end, which is why the report does not depend on
 * the thread count. The object digest is sequential by nature: participant
 * 0 computes it first while the others start on the chunks.
 */
#include "parallel.h"
#include "pool.h"

#include <stdio.h>
#include <string.h>

#define READ_PIECE ((size_t)4 << 20)
#define BATCH_BYTES ((uint64_t)1 << 20)

typedef struct scratch {
    uint8_t *buf;
    vldi_hasher *hasher;
} scratch;

typedef struct run {
    vldi_verifier *v;
    const vldi_source *src;
    uint64_t end, batch, digest_len;
    size_t cap;           /* file read buffer size */
    bool digest_first;    /* participant 0 hashes the object first */
    bool inline_digest;   /* one participant, in order: feed the digest as we read */
    bool reread;
    vldi_atomic_u64 next; /* next chunk to hand out */
    vldi_atomic_u64 stop;
    vldi_mutex lock;      /* guards progress and the error below */
    vld_status err;
    uint64_t err_index;
    char msg[256];
    scratch *slots;
    unsigned nslots;
} run;

/* Keep the error of the lowest chunk, so the status does not depend on
 * which thread got there first. */
static void record(run *r, uint64_t index, vld_status st, const char *msg)
{
    vldi_mutex_lock(&r->lock);
    if (!r->err || index < r->err_index) {
        r->err = st;
        r->err_index = index;
        snprintf(r->msg, sizeof r->msg, "%s", msg);
    }
    vldi_mutex_unlock(&r->lock);
    vldi_atomic_store(&r->stop, 1);
}

static vld_status read_digest(run *r, scratch *sc, uint64_t index, uint8_t digest[16], bool feed,
                              char *msg, size_t cap)
{
    const vld_manifest *m = r->v->m;
    uint64_t off = index * m->chunk_size, clen = vldi_manifest_chunk_len(m, index);
    vld_status st;
    if (clen <= r->cap) {
        if ((st = vldi_file_read(r->src->file, sc->buf, (size_t)clen, off, msg, cap)) != VLD_OK)
            return st;
        if (feed)
            vldi_hasher_update(r->v->whole, sc->buf, (size_t)clen);
        vldi_digest(m->hash, sc->buf, (size_t)clen, digest);
        return VLD_OK;
    }
    vldi_hasher_reset(sc->hasher);
    for (uint64_t done = 0; done < clen;) {
        size_t n = clen - done < r->cap ? (size_t)(clen - done) : r->cap;
        if ((st = vldi_file_read(r->src->file, sc->buf, n, off + done, msg, cap)) != VLD_OK)
            return st;
        vldi_hasher_update(sc->hasher, sc->buf, n);
        if (feed)
            vldi_hasher_update(r->v->whole, sc->buf, n);
        done += n;
    }
    vldi_hasher_final(sc->hasher, digest);
    return VLD_OK;
}

/* A mismatching chunk is read again: if the second read matches, the first
 * one was a read or memory error, not damage on the medium. */
static vld_status file_chunk(run *r, scratch *sc, uint64_t index, char *msg, size_t cap)
{
    vldi_verifier *v = r->v;
    const vld_manifest *m = v->m;
    uint64_t clen = vldi_manifest_chunk_len(m, index);
    uint8_t d[16], d2[16];
    vld_status st = read_digest(r, sc, index, d, r->inline_digest, msg, cap);
    if (st != VLD_OK)
        return st;
    bool transient = false;
    const uint8_t *want = vldi_manifest_chunk_digest(m, index);
    if (r->reread && memcmp(d, want, m->digest_size) != 0) {
        if ((st = read_digest(r, sc, index, d2, false, msg, cap)) != VLD_OK)
            return st;
        transient = memcmp(d2, want, m->digest_size) == 0;
    }
    st = vldi_verifier_chunk(v, index, d, clen <= r->cap ? sc->buf : NULL, (size_t)clen);
    if (transient)
        vldi_verifier_mark_transient(v, index);
    return st;
}

static vld_status object_digest(run *r, scratch *sc, char *msg, size_t cap)
{
    /* In pieces, so that a cancel or another participant's error stops it. */
    size_t piece = r->src->mem ? READ_PIECE : r->cap;
    for (uint64_t off = 0; off < r->digest_len;) {
        size_t n = r->digest_len - off < piece ? (size_t)(r->digest_len - off) : piece;
        const uint8_t *p = r->src->mem ? r->src->mem + off : sc->buf;
        if (!r->src->mem) {
            vld_status st = vldi_file_read(r->src->file, sc->buf, n, off, msg, cap);
            if (st != VLD_OK)
                return st;
        }
        vldi_hasher_update(r->v->whole, p, n);
        off += n;
        if (vldi_atomic_load(&r->stop))
            return VLD_OK;
        if (vldi_verifier_cancelled(r->v)) {
            snprintf(msg, cap, "the verification was cancelled");
            return VLD_E_CANCELLED;
        }
    }
    return VLD_OK;
}

static bool verify_batch_work(void *arg, unsigned slot)
{
    run *r = arg;
    vldi_verifier *v = r->v;
    const vld_manifest *m = v->m;
    char msg[256];
    if (slot == 0 && r->digest_first) {
        r->digest_first = false;
        vld_status st = object_digest(r, r->slots, msg, sizeof msg);
        if (st != VLD_OK) {
            record(r, 0, st, msg);
            return false;
        }
    }
    if (vldi_atomic_load(&r->stop))
        return false;
    if (vldi_verifier_cancelled(v)) {
        record(r, 0, VLD_E_CANCELLED, "the verification was cancelled");
        return false;
    }
    uint64_t i = vldi_atomic_add(&r->next, r->batch);
    if (i >= r->end)
        return false;
    uint64_t e = r->end - i < r->batch ? r->end : i + r->batch, bytes = 0;
    for (; i < e; i++) {
        uint64_t clen = vldi_manifest_chunk_len(m, i);
        bytes += clen;
        if (!vldi_verifier_wants(v, i))
            continue;
        vld_status st;
        msg[0] = 0;
        if (r->src->mem)
            st = vldi_verifier_chunk_data(v, i, r->src->mem + (i * m->chunk_size - r->src->base),
                                          (size_t)clen);
        else
            st = file_chunk(r, &r->slots[slot], i, msg, sizeof msg);
        if (st != VLD_OK) {
            record(r, i, st, msg[0] ? msg : "the host stopped the verification");
            return false;
        }
    }
    vldi_mutex_lock(&r->lock);
    uint64_t next = vldi_atomic_load(&r->next);
    v->queued = next < r->end ? r->end - next : 0;
    v->active = r->nslots;
    vld_status st = vldi_verifier_progress(v, bytes);
    vldi_mutex_unlock(&r->lock);
    if (st != VLD_OK) {
        record(r, e, st, "the progress callback stopped the verification");
        return false;
    }
    return e < r->end;
}

/* A batch, with the runner's CPU time counted while metrics are on. */
static bool verify_batch(void *arg, unsigned slot)
{
    run *r = arg;
    if (!r->v->metered)
        return verify_batch_work(arg, slot);
    uint64_t cpu = vldi_thread_cpu_ns();
    bool more = verify_batch_work(arg, slot);
    vldi_atomic_add(&r->v->cpu_ns, vldi_thread_cpu_ns() - cpu);
    return more;
}

static void free_slots(const vldi_alloc *a, run *r)
{
    for (unsigned i = 0; r->slots && i < r->nslots; i++) {
        vldi_free(a, r->slots[i].buf);
        vldi_hasher_free(a, r->slots[i].hasher);
    }
    vldi_free(a, r->slots);
}

/* Every participant's buffers come from the caller's thread, before any
 * worker runs: host allocators are not asked to be thread-safe. */
static vld_status alloc_slots(const vldi_alloc *a, run *r, vld_hash hash)
{
    if (!(r->slots = vldi_calloc(a, r->nslots, sizeof *r->slots)))
        return VLD_E_NOMEM;
    for (unsigned i = 0; i < r->nslots; i++)
        if (!(r->slots[i].buf = vldi_malloc(a, r->cap)) ||
            vldi_hasher_new(a, hash, &r->slots[i].hasher) != VLD_OK)
            return VLD_E_NOMEM;
    return VLD_OK;
}

/* Bytes of chunks [first, end). */
static uint64_t span_bytes(const vld_manifest *m, uint64_t first, uint64_t end)
{
    if (end <= first)
        return 0;
    uint64_t stop = end * m->chunk_size < m->length ? end * m->chunk_size : m->length;
    return stop - first * m->chunk_size;
}

static uint64_t batch_chunks(uint64_t chunk_size)
{
    return chunk_size >= BATCH_BYTES ? 1 : BATCH_BYTES / chunk_size;
}

vld_status vldi_verify_chunks(vldi_verifier *v, const vldi_source *src, uint64_t end,
                              uint64_t digest_len)
{
    vld_ctx *ctx = v->ctx;
    const vld_manifest *m = v->m;
    const vldi_params *p = &v->settings.params;
    if (end < v->first)
        end = v->first;
    if (p->depth == VLD_DEPTH_SHALLOW && !v->whole)
        return vldi_verifier_progress(v, span_bytes(m, v->first, end));
    run r;
    memset(&r, 0, sizeof r);
    r.v = v;
    r.src = src;
    r.end = end;
    r.batch = batch_chunks(m->chunk_size);
    r.digest_len = digest_len;
    r.reread = p->reread != 0;
    vldi_atomic_store(&r.next, v->first);
    vldi_atomic_store(&r.stop, 0);
    uint64_t present = span_bytes(m, v->first, end);
    unsigned threads = vldi_threads_wanted(p->threads);
    if (end - v->first < 2 || (src->mem && present < VLDI_PARALLEL_MIN))
        threads = 1;
    vldi_pool *pool = vldi_ctx_pool(ctx, threads);
    r.nslots = vldi_team_slots(pool, threads);
    r.digest_first = v->whole && (src->mem || r.nslots > 1);
    r.inline_digest = v->whole && !r.digest_first;
    if (!src->mem) {
        /* The host check sees whole chunks, so deep depth with one reads a chunk at once. */
        r.cap = m->chunk_size < READ_PIECE ? (size_t)m->chunk_size : READ_PIECE;
        if (p->depth == VLD_DEPTH_DEEP && v->settings.chunk_check)
            r.cap = (size_t)m->chunk_size;
        if (alloc_slots(&ctx->alloc, &r, m->hash) != VLD_OK) {
            free_slots(&ctx->alloc, &r);
            return vldi_fail(ctx, VLD_E_NOMEM, "no memory for %u read buffers of %zu bytes",
                             r.nslots, r.cap);
        }
    }
    if (vldi_mutex_init(&r.lock) != 0) {
        free_slots(&ctx->alloc, &r);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a lock");
    }
    vldi_team team = {verify_batch, &r, r.nslots, 0, false, NULL};
    vldi_pool_run(pool, &team);
    vldi_mutex_destroy(&r.lock);
    free_slots(&ctx->alloc, &r);
    if (r.err == VLD_OK)
        return VLD_OK;
    return vldi_fail(ctx, r.err, "%s", r.msg);
}
