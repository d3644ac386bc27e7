/*
 * Building a manifest on the context's workers. Chunk digests are
 * independent; the object's XXH3-128 is not (it must see the bytes in
 * order), so participant 0 computes it while the others hash chunks, then
 * joins them. A file is therefore read twice (once in order for the object
 * digest, once by chunk), both from the page cache when the file is hot.
 */
#include "parallel.h"
#include "metrics.h"
#include "pool.h"

#include <stdio.h>
#include <string.h>

#define READ_PIECE ((size_t)4 << 20)
#define BATCH_BYTES ((uint64_t)1 << 20)
#define PROGRESS_STEP ((uint64_t)4 << 20)

typedef struct build {
    vld_manifest *m;
    const vldi_source *src;
    const vldi_settings *s;
    uint64_t batch;
    size_t cap;
    bool digest_pending;
    vldi_atomic_u64 next;
    vldi_atomic_u64 stop;
    vldi_mutex lock; /* guards progress and the error */
    uint64_t done, progress_next;
    vld_status err;
    uint64_t err_index;
    char msg[256];
    uint8_t **bufs;
    vldi_hasher **hashers;
    unsigned nslots;
} build;

static void record(build *b, uint64_t index, vld_status st, const char *msg)
{
    vldi_mutex_lock(&b->lock);
    if (!b->err || index < b->err_index) {
        b->err = st;
        b->err_index = index;
        snprintf(b->msg, sizeof b->msg, "%s", msg);
    }
    vldi_mutex_unlock(&b->lock);
    vldi_atomic_store(&b->stop, 1);
}

/* Hash `len` bytes at object offset `off` into hasher `h` (file sources). */
static vld_status hash_file(build *b, unsigned slot, vldi_hasher *h, uint64_t off, uint64_t len,
                            char *msg, size_t cap)
{
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < b->cap ? (size_t)(len - done) : b->cap;
        vld_status st = vldi_file_read(b->src->file, b->bufs[slot], n, off + done, msg, cap);
        if (st != VLD_OK)
            return st;
        vldi_hasher_update(h, b->bufs[slot], n);
        done += n;
    }
    return VLD_OK;
}

static bool build_batch(void *arg, unsigned slot)
{
    build *b = arg;
    vld_manifest *m = b->m;
    char msg[256];
    vld_status st;
    if (slot == 0 && b->digest_pending) {
        b->digest_pending = false;
        if (b->src->mem) {
            vldi_digest(VLD_HASH_XXH3_128, b->src->mem, (size_t)m->length, m->digest);
        } else {
            vldi_hasher *h = b->hashers[b->nslots]; /* the extra XXH3-128 state */
            if ((st = hash_file(b, 0, h, 0, m->length, msg, sizeof msg)) != VLD_OK) {
                record(b, 0, st, msg);
                return false;
            }
            vldi_hasher_final(h, m->digest);
        }
    }
    if (vldi_atomic_load(&b->stop))
        return false;
    uint64_t i = vldi_atomic_add(&b->next, b->batch);
    if (i >= m->chunk_count)
        return false;
    uint64_t e = m->chunk_count - i < b->batch ? m->chunk_count : i + b->batch, bytes = 0;
    for (; i < e; i++) {
        uint64_t off = i * m->chunk_size, clen = vldi_manifest_chunk_len(m, i);
        uint8_t *out = m->chunk_digests + (size_t)i * m->digest_size, d[16];
        bytes += clen;
        if (b->src->mem) {
            vldi_digest(m->hash, b->src->mem + off, (size_t)clen, d);
        } else {
            vldi_hasher_reset(b->hashers[slot]);
            if ((st = hash_file(b, slot, b->hashers[slot], off, clen, msg, sizeof msg)) != VLD_OK) {
                record(b, i, st, msg);
                return false;
            }
            vldi_hasher_final(b->hashers[slot], d);
        }
        memcpy(out, d, m->digest_size);
    }
    vldi_mutex_lock(&b->lock);
    b->done += bytes;
    bool abort = false;
    if (b->s->progress && b->done >= b->progress_next) {
        b->progress_next = b->done + PROGRESS_STEP;
        abort = b->s->progress(b->s->progress_user, b->done, m->length) != 0;
    }
    vldi_mutex_unlock(&b->lock);
    if (abort) {
        record(b, e, VLD_E_CALLBACK_ABORT, "the progress callback stopped the build");
        return false;
    }
    return e < m->chunk_count;
}

static void free_scratch(const vldi_alloc *a, build *b)
{
    for (unsigned i = 0; i <= b->nslots; i++) {
        if (b->bufs && i < b->nslots)
            vldi_free(a, b->bufs[i]);
        if (b->hashers)
            vldi_hasher_free(a, b->hashers[i]);
    }
    vldi_free(a, b->bufs);
    vldi_free(a, b->hashers);
}

static vld_status alloc_scratch(const vldi_alloc *a, build *b)
{
    if (!(b->bufs = vldi_calloc(a, b->nslots, sizeof *b->bufs)) ||
        !(b->hashers = vldi_calloc(a, b->nslots + 1, sizeof *b->hashers)))
        return VLD_E_NOMEM;
    for (unsigned i = 0; i < b->nslots; i++)
        if (!(b->bufs[i] = vldi_malloc(a, b->cap)) ||
            vldi_hasher_new(a, b->m->hash, &b->hashers[i]) != VLD_OK)
            return VLD_E_NOMEM;
    return vldi_hasher_new(a, VLD_HASH_XXH3_128, &b->hashers[b->nslots]);
}

vld_status vldi_build_parallel(vld_ctx *ctx, const vldi_settings *s, unsigned threads,
                               const vldi_source *src, uint64_t size, vld_manifest **out)
{
    *out = NULL;
    uint64_t cs = vldi_chunk_size_for(ctx, &s->params, size);
    build b;
    memset(&b, 0, sizeof b);
    vld_status st = vldi_manifest_new(&ctx->alloc, (vld_hash)s->params.hash, size, cs, &b.m);
    if (st != VLD_OK)
        return vldi_fail(ctx, st, "no memory for a manifest of %llu chunks",
                         (unsigned long long)vldi_chunk_count(size, cs));
    b.src = src;
    b.s = s;
    b.batch = cs >= BATCH_BYTES ? 1 : BATCH_BYTES / cs;
    b.cap = cs < READ_PIECE ? (size_t)cs : READ_PIECE;
    b.digest_pending = true;
    b.progress_next = PROGRESS_STEP;
    vldi_atomic_store(&b.next, 0);
    vldi_atomic_store(&b.stop, 0);
    vldi_pool *pool = vldi_ctx_pool(ctx, threads);
    b.nslots = vldi_team_slots(pool, threads);
    if ((!src->mem && alloc_scratch(&ctx->alloc, &b) != VLD_OK) || vldi_mutex_init(&b.lock) != 0) {
        free_scratch(&ctx->alloc, &b);
        vld_manifest_free(b.m);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for %u build buffers", b.nslots);
    }
    vldi_team team = {build_batch, &b, b.nslots, 0, false, NULL};
    vldi_pool_run(pool, &team);
    vldi_mutex_destroy(&b.lock);
    free_scratch(&ctx->alloc, &b);
    if (b.err == VLD_OK && s->progress && s->progress(s->progress_user, size, size))
        record(&b, UINT64_MAX, VLD_E_CALLBACK_ABORT, "the progress callback stopped the build");
    if (b.err != VLD_OK) {
        vld_manifest_free(b.m);
        return vldi_fail(ctx, b.err, "%s", b.msg);
    }
    *out = b.m;
    return VLD_OK;
}
