/*
 * Budgeted jobs: verification in time slices on the caller's thread. Work
 * goes in 64 KiB slices with a look at the clock after each, so a step
 * stops before the next slice would take it past its budget. A chunk cut
 * into slices is hashed through an incremental state; the chunk states,
 * and so the report, are those of the one-shot verification.
 */
#include "parallel.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLICE ((size_t)64 << 10)

struct vld_job {
    vldi_verifier v;
    const uint8_t *mem; /* object bytes from chunk `first` on, or NULL */
    vldi_file file;
    uint64_t reach;     /* object offset the data reaches */
    uint64_t next;      /* first chunk not yet done */
    uint64_t end;       /* chunks present in the data, within the range */
    uint64_t range_end;
    uint64_t in_chunk;  /* bytes of chunk `next` hashed so far */
    uint64_t bytes_done;
    vldi_hasher *h;
    uint8_t *buf;       /* file: one slice, or the whole chunk for the host check */
    bool hold_chunk;
    vld_status status;
    bool done, finished;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static vld_status job_new(vld_ctx *ctx, const vld_manifest *m, uint64_t first, uint64_t count,
                          vld_job **out)
{
    vld_status st = vldi_check_range(ctx, m, first, &count);
    if (st != VLD_OK)
        return st;
    vld_job *j = vldi_calloc(&ctx->alloc, 1, sizeof *j);
    if (!j)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a job");
    if ((st = vldi_verifier_init_range(&j->v, ctx, m, first, count)) != VLD_OK) {
        vldi_free(&ctx->alloc, j);
        return st;
    }
    j->next = first;
    j->range_end = first + count;
    if (vldi_hasher_new(&ctx->alloc, m->hash, &j->h) != VLD_OK) {
        vld_job_free(j);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a job");
    }
    *out = j;
    return VLD_OK;
}

/* Chunks of [first, range_end) wholly below the object offset `reach`. */
static void set_reach(vld_job *j, uint64_t reach)
{
    const vld_manifest *m = j->v.m;
    j->end = j->range_end;
    while (j->end > j->v.first &&
           (j->end - 1) * m->chunk_size + vldi_manifest_chunk_len(m, j->end - 1) > reach)
        j->end--;
    if (j->range_end < m->chunk_count && reach > j->range_end * m->chunk_size)
        reach = j->range_end * m->chunk_size;
    j->reach = reach;
}

vld_status vld_job_new_buffer(vld_ctx *ctx, const vld_manifest *m, const void *data, size_t len,
                              uint64_t first_chunk, uint64_t chunk_count, vld_job **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    vld_job *j;
    vld_status st = job_new(ctx, m, first_chunk, chunk_count, &j);
    if (st != VLD_OK)
        return st;
    j->mem = data ? data : (const uint8_t *)"";
    set_reach(j, len ? first_chunk * m->chunk_size + len : 0);
    *out = j;
    return VLD_OK;
}

vld_status vld_job_new_fd(vld_ctx *ctx, const vld_manifest *m, int fd, uint64_t first_chunk,
                          uint64_t chunk_count, vld_job **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out || fd < 0)
        return VLD_E_INVALID_ARGUMENT;
    vld_job *j;
    vld_status st = job_new(ctx, m, first_chunk, chunk_count, &j);
    if (st != VLD_OK)
        return st;
    vldi_file_init_fd(&j->file, &j->v.settings, fd);
    uint64_t size;
    if ((st = vldi_file_size(ctx, &j->file, &size)) != VLD_OK) {
        vld_job_free(j);
        return st;
    }
    set_reach(j, size);
    j->hold_chunk = j->v.settings.params.depth == VLD_DEPTH_DEEP && j->v.settings.chunk_check;
    size_t cap = j->hold_chunk ? (size_t)m->chunk_size : SLICE;
    if (!(j->buf = vldi_malloc(&ctx->alloc, cap))) {
        vld_job_free(j);
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a %zu-byte job buffer", cap);
    }
    *out = j;
    return VLD_OK;
}

void vld_job_free(vld_job *j)
{
    if (!j)
        return;
    vldi_alloc a = j->v.ctx->alloc;
    vldi_verifier_release(&j->v);
    vldi_hasher_free(&a, j->h);
    vldi_free(&a, j->buf);
    vldi_free(&a, j);
}

static vld_status stop(vld_job *j, vld_status st, const char *msg)
{
    j->status = st;
    j->done = true;
    return msg ? vldi_fail(j->v.ctx, st, "%s", msg) : st;
}

/* Hash a whole chunk again, for the re-read of a mismatching one. */
static vld_status reread(vld_job *j, uint64_t index, uint8_t digest[16], char *msg, size_t cap)
{
    const vld_manifest *m = j->v.m;
    uint64_t off = index * m->chunk_size, clen = vldi_manifest_chunk_len(m, index);
    vldi_hasher_reset(j->h);
    for (uint64_t done = 0; done < clen;) {
        size_t n = clen - done < SLICE ? (size_t)(clen - done) : SLICE;
        vld_status st = vldi_file_read(&j->file, j->buf, n, off + done, msg, cap);
        if (st != VLD_OK)
            return st;
        vldi_hasher_update(j->h, j->buf, n);
        done += n;
    }
    vldi_hasher_final(j->h, digest);
    return VLD_OK;
}

/* The last slice of chunk `next` is in: compare it. */
static vld_status close_chunk(vld_job *j, const void *data, uint64_t clen)
{
    const vld_manifest *m = j->v.m;
    uint8_t d[16], d2[16];
    char msg[256];
    vldi_hasher_final(j->h, d);
    vldi_hasher_reset(j->h);
    bool transient = false;
    const uint8_t *want = vldi_manifest_chunk_digest(m, j->next);
    if (!j->mem && j->v.settings.params.reread && memcmp(d, want, m->digest_size) != 0) {
        vld_status st = reread(j, j->next, d2, msg, sizeof msg);
        vldi_hasher_reset(j->h);
        if (st != VLD_OK)
            return stop(j, st, msg);
        transient = memcmp(d2, want, m->digest_size) == 0;
    }
    vld_status st = vldi_verifier_chunk(&j->v, j->next, d, data, (size_t)clen);
    if (transient)
        vldi_verifier_mark_transient(&j->v, j->next);
    return st;
}

/* Hash the next slice of chunk `next`. */
static vld_status do_slice(vld_job *j, uint64_t clen)
{
    const vld_manifest *m = j->v.m;
    uint64_t off = j->next * m->chunk_size;
    size_t n = clen - j->in_chunk < SLICE ? (size_t)(clen - j->in_chunk) : SLICE;
    const uint8_t *p;
    if (j->mem) {
        p = j->mem + (off - j->v.first * m->chunk_size) + j->in_chunk;
    } else {
        uint8_t *dst = j->hold_chunk ? j->buf + j->in_chunk : j->buf;
        char msg[256];
        vld_status st = vldi_file_read(&j->file, dst, n, off + j->in_chunk, msg, sizeof msg);
        if (st != VLD_OK)
            return stop(j, st, msg);
        p = dst;
    }
    vldi_hasher_update(j->h, p, n);
    if (j->v.whole)
        vldi_hasher_update(j->v.whole, p, n);
    j->in_chunk += n;
    j->bytes_done += n;
    if (j->in_chunk < clen)
        return VLD_OK;
    const void *data = j->mem ? p + n - clen : j->hold_chunk ? j->buf : NULL;
    vld_status st = close_chunk(j, data, clen);
    if (st == VLD_OK && !j->done)
        st = vldi_verifier_progress(&j->v, clen);
    j->in_chunk = 0;
    j->next++;
    return st;
}

static vld_status job_step(vld_job *j, uint64_t budget_ns, int *done)
{
    if (!j || !done)
        return VLD_E_INVALID_ARGUMENT;
    if (j->finished)
        return vldi_fail(j->v.ctx, VLD_E_STATE, "job already finished");
    const vld_manifest *m = j->v.m;
    uint64_t t0 = now_ns(), longest = 0;
    unsigned skipped = 0;
    while (!j->done) {
        if (j->next >= j->end) {
            j->done = true;
            break;
        }
        if (vldi_verifier_cancelled(&j->v)) {
            stop(j, VLD_E_CANCELLED, "the job was cancelled");
            break;
        }
        uint64_t clen = vldi_manifest_chunk_len(m, j->next);
        uint64_t t = now_ns();
        vld_status st;
        if (!vldi_verifier_wants(&j->v, j->next)) {
            j->bytes_done += clen;
            j->next++;
            if ((st = vldi_verifier_progress(&j->v, clen)) != VLD_OK)
                stop(j, st, NULL);
            if (++skipped % 64 != 0)
                continue;
        } else if ((st = do_slice(j, clen)) != VLD_OK && !j->done) {
            stop(j, st, NULL);
        }
        uint64_t after = now_ns();
        if (after - t > longest)
            longest = after - t;
        if (after - t0 + longest >= budget_ns)
            break;
    }
    *done = j->done;
    return j->status;
}

/* The runner's CPU time is counted while a metrics callback is installed. */
vld_status vld_job_step(vld_job *j, uint64_t budget_ns, int *done)
{
    if (!j || !j->v.metered)
        return job_step(j, budget_ns, done);
    uint64_t cpu = vldi_thread_cpu_ns();
    vld_status st = job_step(j, budget_ns, done);
    vldi_atomic_add(&j->v.cpu_ns, vldi_thread_cpu_ns() - cpu);
    return st;
}

vld_status vld_job_get_position(const vld_job *j, uint64_t *next_chunk, uint64_t *bytes_done)
{
    if (!j)
        return VLD_E_INVALID_ARGUMENT;
    if (next_chunk)
        *next_chunk = j->next;
    if (bytes_done)
        *bytes_done = j->bytes_done;
    return VLD_OK;
}

vld_status vld_job_finish(vld_job *j, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!j || !out)
        return VLD_E_INVALID_ARGUMENT;
    if (j->finished)
        return vldi_fail(j->v.ctx, VLD_E_STATE, "job already finished");
    j->finished = true;
    uint64_t seen = j->reach;
    if (!j->done) {
        /* Stopped early: the report answers for the chunks before the
         * position only, so that it merges with the job that resumes there. */
        vld_report *r = j->v.report;
        for (uint64_t i = j->next; i < j->range_end; i++)
            r->chunk_states[i] &= (uint8_t)~VLDI_IN_SCOPE;
        j->v.end = j->next;
        const vld_manifest *m = j->v.m;
        seen = j->next * m->chunk_size < m->length ? j->next * m->chunk_size : m->length;
        vldi_hasher_free(&j->v.ctx->alloc, j->v.whole);
        j->v.whole = NULL;
    }
    return vldi_verifier_finish(&j->v, seen, j->status, out);
}
