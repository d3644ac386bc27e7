/* The worker pool: a list of teams in progress and threads that serve them
 * in turn, a batch at a time. See pool.h. */
#include "pool.h"

#if defined(VLD_SINGLE_THREADED)

unsigned vldi_threads_wanted(int64_t param)
{
    (void)param;
    return 1;
}

vldi_pool *vldi_ctx_pool(vld_ctx *ctx, unsigned threads)
{
    (void)ctx;
    (void)threads;
    return NULL;
}

unsigned vldi_team_slots(vldi_pool *pool, unsigned threads)
{
    (void)pool;
    (void)threads;
    return 1;
}

void vldi_pool_run(vldi_pool *pool, vldi_team *t)
{
    (void)pool;
    while (t->batch(t->arg, 0))
        ;
}

void vldi_pool_free(const vldi_alloc *a, vldi_pool *pool)
{
    (void)a;
    (void)pool;
}

#else

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#define MAX_WORKERS 255

typedef struct worker {
    struct vldi_pool *pool;
    unsigned id; /* 1.. */
    pthread_t thread;
} worker;

struct vldi_pool {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a team arrived, or shutdown */
    pthread_cond_t done; /* a participant left a drained team */
    vldi_team *head, *tail;
    worker *workers[MAX_WORKERS];
    unsigned count;
    bool shutdown;
};

/* Cores this process may run on, counted once: sched_getaffinity() is a
 * system call, and this is asked several times per verification. */
static unsigned available_cores(void)
{
    static vldi_atomic_u64 cached;
    uint64_t n = vldi_atomic_load(&cached);
    if (n)
        return (unsigned)n;
    cpu_set_t set;
    long c = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        c = CPU_COUNT(&set);
    if (c <= 0)
        c = sysconf(_SC_NPROCESSORS_ONLN);
    n = c > 0 ? (uint64_t)c : 1;
    vldi_atomic_store(&cached, n);
    return (unsigned)n;
}

unsigned vldi_threads_wanted(int64_t param)
{
    uint64_t n = param > 0 ? (uint64_t)param : available_cores();
    return n > MAX_WORKERS + 1 ? MAX_WORKERS + 1 : (unsigned)n;
}

static void unlink_team(vldi_pool *p, vldi_team *t)
{
    vldi_team **pp = &p->head, *prev = NULL;
    while (*pp && *pp != t) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (!*pp)
        return;
    *pp = t->next;
    if (p->tail == t)
        p->tail = prev;
    t->next = NULL;
}

/* The first team this worker may serve; it goes to the back of the line so
 * the next idle worker serves another team first. */
static vldi_team *pick(vldi_pool *p, unsigned id)
{
    for (vldi_team *t = p->head; t; t = t->next) {
        if (id >= t->slots)
            continue;
        if (t != p->tail) {
            unlink_team(p, t);
            p->tail->next = t;
            p->tail = t;
        }
        return t;
    }
    return NULL;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    vldi_pool *p = w->pool;
    pthread_mutex_lock(&p->lock);
    while (!p->shutdown) {
        vldi_team *t = pick(p, w->id);
        if (!t) {
            pthread_cond_wait(&p->work, &p->lock);
            continue;
        }
        t->busy++;
        pthread_mutex_unlock(&p->lock);
        bool more = t->batch(t->arg, w->id);
        pthread_mutex_lock(&p->lock);
        t->busy--;
        if (!more && !t->drained) {
            t->drained = true;
            unlink_team(p, t);
        }
        if (t->drained && t->busy == 0)
            pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Called with p->lock held. */
static void grow(vldi_pool *p, const vldi_alloc *a, unsigned workers)
{
    while (p->count < workers && p->count < MAX_WORKERS) {
        worker *w = vldi_malloc(a, sizeof *w);
        if (!w)
            return;
        w->pool = p;
        w->id = p->count + 1;
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            vldi_free(a, w);
            return;
        }
        p->workers[p->count++] = w;
    }
}

vldi_pool *vldi_ctx_pool(vld_ctx *ctx, unsigned threads)
{
    if (threads <= 1)
        return NULL;
    vldi_mutex_lock(&ctx->lock);
    vldi_pool *p = ctx->pool;
    if (!p && (p = vldi_calloc(&ctx->alloc, 1, sizeof *p)) != NULL) {
        if (pthread_mutex_init(&p->lock, NULL) != 0) {
            vldi_free(&ctx->alloc, p);
            p = NULL;
        } else if (pthread_cond_init(&p->work, NULL) != 0) {
            pthread_mutex_destroy(&p->lock);
            vldi_free(&ctx->alloc, p);
            p = NULL;
        } else if (pthread_cond_init(&p->done, NULL) != 0) {
            pthread_cond_destroy(&p->work);
            pthread_mutex_destroy(&p->lock);
            vldi_free(&ctx->alloc, p);
            p = NULL;
        }
        ctx->pool = p;
    }
    if (p) {
        pthread_mutex_lock(&p->lock);
        grow(p, &ctx->alloc, threads - 1);
        pthread_mutex_unlock(&p->lock);
    }
    vldi_mutex_unlock(&ctx->lock);
    return p;
}

unsigned vldi_team_slots(vldi_pool *p, unsigned threads)
{
    if (!p || threads <= 1)
        return 1;
    pthread_mutex_lock(&p->lock);
    unsigned n = p->count + 1; /* workers are never removed before free */
    pthread_mutex_unlock(&p->lock);
    return threads < n ? threads : n;
}

void vldi_pool_run(vldi_pool *p, vldi_team *t)
{
    t->busy = 0;
    t->drained = false;
    t->next = NULL;
    if (p && t->slots > 1) {
        pthread_mutex_lock(&p->lock);
        if (p->tail)
            p->tail->next = t;
        else
            p->head = t;
        p->tail = t;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
    }
    while (t->batch(t->arg, 0))
        ;
    if (!p || t->slots <= 1)
        return;
    pthread_mutex_lock(&p->lock);
    if (!t->drained) {
        t->drained = true;
        unlink_team(p, t);
    }
    while (t->busy)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void vldi_pool_free(const vldi_alloc *a, vldi_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->shutdown = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->count; i++) {
        pthread_join(p->workers[i]->thread, NULL);
        vldi_free(a, p->workers[i]);
    }
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
    vldi_free(a, p);
}

#endif
