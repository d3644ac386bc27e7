/*
 * The one lock the library needs, behind a seam so that single-threaded
 * builds (WebAssembly without threads) compile without pthreads.
 */
#ifndef VLD_SYNC_H
#define VLD_SYNC_H

#include <stdint.h>

#if defined(VLD_SINGLE_THREADED)
typedef struct { int unused; } vldi_mutex;
static inline int vldi_mutex_init(vldi_mutex *m) { (void)m; return 0; }
static inline void vldi_mutex_destroy(vldi_mutex *m) { (void)m; }
static inline void vldi_mutex_lock(vldi_mutex *m) { (void)m; }
static inline void vldi_mutex_unlock(vldi_mutex *m) { (void)m; }
/* Counters shared with worker threads (and with vld_ctx_cancel()). */
typedef struct { uint64_t v; } vldi_atomic_u64;
static inline uint64_t vldi_atomic_load(vldi_atomic_u64 *a) { return a->v; }
static inline void vldi_atomic_store(vldi_atomic_u64 *a, uint64_t v) { a->v = v; }
static inline uint64_t vldi_atomic_add(vldi_atomic_u64 *a, uint64_t n)
{
    uint64_t old = a->v;
    a->v += n;
    return old;
}
#else
#include <pthread.h>
typedef pthread_mutex_t vldi_mutex;
static inline int vldi_mutex_init(vldi_mutex *m) { return pthread_mutex_init(m, NULL); }
static inline void vldi_mutex_destroy(vldi_mutex *m) { pthread_mutex_destroy(m); }
static inline void vldi_mutex_lock(vldi_mutex *m) { pthread_mutex_lock(m); }
static inline void vldi_mutex_unlock(vldi_mutex *m) { pthread_mutex_unlock(m); }
#include <stdatomic.h>
typedef struct { _Atomic uint64_t v; } vldi_atomic_u64;
static inline uint64_t vldi_atomic_load(vldi_atomic_u64 *a) { return atomic_load(&a->v); }
static inline void vldi_atomic_store(vldi_atomic_u64 *a, uint64_t v) { atomic_store(&a->v, v); }
static inline uint64_t vldi_atomic_add(vldi_atomic_u64 *a, uint64_t n)
{
    return atomic_fetch_add(&a->v, n);
}
#endif

#endif
