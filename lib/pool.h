/*
 * The context's worker threads ("runners"). A caller hands the pool a team:
 * a function that does one batch of work per call. The caller's own thread
 * is participant 0 and works too; idle workers join the teams in turn, one
 * batch at a time, so several host threads verifying through one context
 * share the workers fairly. Single-threaded builds have no workers: the
 * caller does every batch.
 */
#ifndef VLD_POOL_H
#define VLD_POOL_H

#include "internal.h"

typedef struct vldi_pool vldi_pool;

typedef struct vldi_team {
    /* Do one batch as participant `slot` (0 = the caller, 1.. = workers);
     * return false when no work is left to hand out. */
    bool (*batch)(void *arg, unsigned slot);
    void *arg;
    unsigned slots; /* participants, caller included; set by vldi_team_slots() */
    /* owned by the pool */
    unsigned busy;
    bool drained;
    struct vldi_team *next;
} vldi_team;

/* Threads an operation may use: the parameter, with 0 meaning one per core. */
unsigned vldi_threads_wanted(int64_t param);
/* The context's pool grown to at least `threads - 1` workers, created on
 * first use; NULL when `threads` is 1 or no worker could be started (the
 * caller then works alone: results are the same, only slower). */
vldi_pool *vldi_ctx_pool(vld_ctx *ctx, unsigned threads);
/* Participants a team may have on `pool` (NULL: 1). */
unsigned vldi_team_slots(vldi_pool *pool, unsigned threads);
/* Run `t` to completion on the calling thread plus up to t->slots - 1 workers. */
void vldi_pool_run(vldi_pool *pool, vldi_team *t);
/* Join every worker and free the pool (NULL is fine). */
void vldi_pool_free(const vldi_alloc *a, vldi_pool *pool);

#endif
