/*
 * Whole-file digests (vld_digest_file, vld_digest_fd), read sequentially
 * with read() so that pipes work too. The hash of one stream is sequential,
 * but reading is not hashing: with two or more runners a reader thread keeps
 * a few buffers filled ahead while the caller hashes, so the copy out of the
 * page cache and the hashing overlap instead of taking turns.
 */
#include "fileio.h"
#include "pool.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PIECE ((size_t)4 << 20)
#define PROGRESS_STEP ((uint64_t)4 << 20)

/* Read until `len` bytes, end of file or an error: short reads from pipes
 * are not the end. Returns the count, or a negative errno value. */
static int64_t read_full(int fd, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -(int64_t)errno;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (int64_t)got;
}

typedef struct hashing {
    vld_ctx *ctx;
    const vldi_file *f;
    vldi_hasher *h;
    vldi_settings s;
    uint64_t done, next_progress;
} hashing;

/* Hash one piece; false when the progress callback says stop. */
static bool consume(hashing *x, const uint8_t *buf, size_t len)
{
    vldi_hasher_update(x->h, buf, len);
    x->done += len;
    if (!x->s.progress || x->done < x->next_progress)
        return true;
    x->next_progress = x->done + PROGRESS_STEP;
    return x->s.progress(x->s.progress_user, x->done, VLD_LENGTH_UNKNOWN) == 0;
}

static vld_status stopped(hashing *x)
{
    return vldi_fail(x->ctx, VLD_E_CALLBACK_ABORT, "the progress callback stopped hashing %s",
                     x->f->name);
}

static vld_status io_error(hashing *x, int64_t err)
{
    return vldi_fail(x->ctx, VLD_E_IO, "%s: %s", x->f->name, strerror((int)-err));
}

static vld_status hash_sequential(hashing *x)
{
    uint8_t *buf = vldi_malloc(&x->ctx->alloc, PIECE);
    if (!buf)
        return vldi_fail(x->ctx, VLD_E_NOMEM, "no memory to hash %s", x->f->name);
    vld_status st = VLD_OK;
    for (;;) {
        int64_t n = read_full(x->f->fd, buf, PIECE);
        if (n < 0) {
            st = io_error(x, n);
            break;
        }
        if (n > 0 && !consume(x, buf, (size_t)n)) {
            st = stopped(x);
            break;
        }
        if ((size_t)n < PIECE)
            break;
    }
    vldi_free(&x->ctx->alloc, buf);
    return st;
}

#if defined(VLD_SINGLE_THREADED)

static vld_status hash_pipelined(hashing *x, bool *ran)
{
    (void)x;
    *ran = false;
    return VLD_OK;
}

#else

#include <pthread.h>

#define NBUF 3

typedef struct pipeline {
    int fd;
    uint8_t *buf[NBUF];
    size_t len[NBUF];
    unsigned head, filled; /* next piece to hash; pieces ready */
    bool eof, stop;
    int64_t err;
    pthread_mutex_t lock;
    pthread_cond_t ready, space;
} pipeline;

static void *reader_main(void *arg)
{
    pipeline *p = arg;
    for (unsigned tail = 0;; tail = (tail + 1) % NBUF) {
        pthread_mutex_lock(&p->lock);
        while (p->filled == NBUF && !p->stop)
            pthread_cond_wait(&p->space, &p->lock);
        bool stop = p->stop;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        /* Slot `tail` is free: only this thread writes it until it is published. */
        int64_t n = read_full(p->fd, p->buf[tail], PIECE);
        pthread_mutex_lock(&p->lock);
        if (n < 0) {
            p->err = n;
        } else if (n > 0) {
            p->len[tail] = (size_t)n;
            p->filled++;
        }
        p->eof = n < (int64_t)PIECE;
        pthread_cond_signal(&p->ready);
        bool end = p->eof;
        pthread_mutex_unlock(&p->lock);
        if (end)
            break;
    }
    return NULL;
}

static void pipeline_release(const vldi_alloc *a, pipeline *p)
{
    for (int i = 0; i < NBUF; i++)
        vldi_free(a, p->buf[i]);
}

static vld_status hash_pipelined(hashing *x, bool *ran)
{
    const vldi_alloc *a = &x->ctx->alloc;
    pipeline p;
    memset(&p, 0, sizeof p);
    p.fd = x->f->fd;
    *ran = false;
    for (int i = 0; i < NBUF; i++)
        if (!(p.buf[i] = vldi_malloc(a, PIECE))) {
            pipeline_release(a, &p);
            return vldi_fail(x->ctx, VLD_E_NOMEM, "no memory to hash %s", x->f->name);
        }
    pthread_t reader;
    if (pthread_mutex_init(&p.lock, NULL) != 0) {
        pipeline_release(a, &p);
        return VLD_OK; /* not ran: the caller reads alone */
    }
    if (pthread_cond_init(&p.ready, NULL) != 0 || pthread_cond_init(&p.space, NULL) != 0 ||
        pthread_create(&reader, NULL, reader_main, &p) != 0) {
        pthread_mutex_destroy(&p.lock);
        pipeline_release(a, &p);
        return VLD_OK; /* the conds need no destroy: Linux allocates nothing for them */
    }
    *ran = true;
    vld_status st = VLD_OK;
    pthread_mutex_lock(&p.lock);
    for (;;) {
        while (p.filled == 0 && !p.eof)
            pthread_cond_wait(&p.ready, &p.lock);
        if (p.filled == 0)
            break;
        unsigned i = p.head;
        pthread_mutex_unlock(&p.lock);
        bool go_on = consume(x, p.buf[i], p.len[i]);
        pthread_mutex_lock(&p.lock);
        p.head = (p.head + 1) % NBUF;
        p.filled--;
        pthread_cond_signal(&p.space);
        if (!go_on) {
            p.stop = true;
            st = VLD_E_CALLBACK_ABORT;
            break;
        }
    }
    int64_t err = p.err;
    pthread_mutex_unlock(&p.lock);
    pthread_cond_signal(&p.space);
    pthread_join(reader, NULL);
    pthread_cond_destroy(&p.ready);
    pthread_cond_destroy(&p.space);
    pthread_mutex_destroy(&p.lock);
    pipeline_release(a, &p);
    if (st != VLD_OK)
        return stopped(x);
    return err ? io_error(x, err) : VLD_OK;
}

#endif

static vld_status digest_src(vld_ctx *ctx, vld_hash algo, const vldi_file *f, uint8_t out[16],
                             size_t *out_len)
{
    hashing x;
    memset(&x, 0, sizeof x);
    x.ctx = ctx;
    x.f = f;
    x.next_progress = PROGRESS_STEP;
    vldi_ctx_snapshot(ctx, &x.s);
    if (vldi_hasher_new(&ctx->alloc, algo, &x.h) != VLD_OK)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory to hash %s", f->name);
    bool ran = false;
    vld_status st = VLD_OK;
    if (vldi_threads_wanted(x.s.params.threads) > 1)
        st = hash_pipelined(&x, &ran);
    if (!ran && st == VLD_OK)
        st = hash_sequential(&x);
    if (st == VLD_OK) {
        vldi_hasher_final(x.h, out);
        *out_len = vldi_digest_size(algo);
    }
    vldi_hasher_free(&ctx->alloc, x.h);
    return st;
}

vld_status vld_digest_fd(vld_ctx *ctx, vld_hash algo, int fd, uint8_t out[16], size_t *out_len)
{
    if (!ctx || !out || !out_len || fd < 0 || !vldi_digest_size(algo))
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    vldi_file_init_fd(&f, &s, fd);
    return digest_src(ctx, algo, &f, out, out_len);
}

vld_status vld_digest_file(vld_ctx *ctx, vld_hash algo, const char *path, uint8_t out[16],
                           size_t *out_len)
{
    if (!ctx || !out || !out_len || !path || !vldi_digest_size(algo))
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    vld_status st = vldi_file_open(ctx, &f, &s, path);
    if (st != VLD_OK)
        return st;
    st = digest_src(ctx, algo, &f, out, out_len);
    close(f.fd);
    return st;
}
