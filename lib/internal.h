/*
 * Declarations shared by the library's source files. Nothing here is part of
 * the ABI: internal names use the `vldi_` prefix, which the version script
 * (`vld_*`) never exports.
 */
#ifndef VLD_INTERNAL_H
#define VLD_INTERNAL_H

#include "libvalidate.h"
#include "sync.h"

#include <stdarg.h>
#include <stdbool.h>

/* ---- memory (context.c) ---------------------------------------------- */

typedef struct vldi_alloc {
    void *(*malloc_fn)(void *user, size_t size);
    void *(*realloc_fn)(void *user, void *ptr, size_t size);
    void (*free_fn)(void *user, void *ptr);
    void *user;
} vldi_alloc;

void *vldi_malloc(const vldi_alloc *a, size_t size);
void *vldi_calloc(const vldi_alloc *a, size_t count, size_t size);
void vldi_free(const vldi_alloc *a, void *ptr);
/* Grow *ptr to hold `count` items of `size` bytes; *ptr is unchanged on failure. */
vld_status vldi_grow(const vldi_alloc *a, void **ptr, size_t count, size_t size);

/* ---- parameters (params.c) -------------------------------------------- */

typedef struct vldi_params {
    int64_t depth;
    int64_t chunk_size;
    int64_t hash;
    int64_t sample_rate_ppm;
    int64_t sample_seed;
    int64_t sample_group;
    int64_t sample_groups;
    int64_t max_ranges;
    int64_t threads;
    int64_t reread;
    int64_t metrics_interval_ms;
    int64_t latency_window;
    int64_t scale_cpu_pct;
    int64_t scale_latency_ms;
    int64_t scale_in_pct;
    int64_t scale_sustain;
    int64_t scale_in_sustain;
    int64_t scale_cooldown;
    int64_t regression_pct;
    int64_t budget_ms;
    int64_t min_depth;
    int64_t min_sample_ppm;
    int64_t calibrated_bps;
    int64_t rotate;
} vldi_params;

void vldi_params_default(vldi_params *p);
/* Validates and stores one value. */
vld_status vldi_params_set(vldi_params *p, vld_param key, int64_t value);
vld_status vldi_params_get(const vldi_params *p, vld_param key, int64_t *value);

/* ---- context (context.c) ---------------------------------------------- */

/* What an operation needs of its context, copied once at its start so that
 * concurrent parameter changes never tear a running operation. */
typedef struct vldi_settings {
    vldi_params params;
    vld_chunk_check_fn chunk_check;
    void *chunk_check_user;
    vld_progress_fn progress;
    void *progress_user;
    vld_read_fn read;
    void *read_user;
} vldi_settings;

struct vldi_pool;

#include "metrics_state.h"

struct vld_ctx {
    vldi_alloc alloc;
    vldi_atomic_u64 cancel_epoch; /* bumped by vld_ctx_cancel() */
    vldi_mutex lock;              /* guards everything below */
    vldi_settings settings;
    struct vldi_pool *pool;       /* created on first parallel use (pool.c) */
    char error[256];
    vldi_metrics metrics; /* has its own locks (metrics.c) */
};

void vldi_ctx_snapshot(vld_ctx *ctx, vldi_settings *out);
/* Record a detail message on ctx (may be NULL) and return `status`. */
vld_status vldi_fail(vld_ctx *ctx, vld_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- hashing (hash.c) ------------------------------------------------- */

/* Digest bytes for an algorithm: 4, 8 or 16; 0 for an unknown one. */
size_t vldi_digest_size(vld_hash algo);
/* One-shot digest in canonical (big-endian) bytes. */
void vldi_digest(vld_hash algo, const void *data, size_t len, uint8_t out[16]);

/* Incremental digest. XXH3 states need 64-byte alignment, which a host
 * allocator need not give, so the state is over-allocated and aligned here. */
typedef struct vldi_hasher vldi_hasher;
vld_status vldi_hasher_new(const vldi_alloc *a, vld_hash algo, vldi_hasher **out);
void vldi_hasher_reset(vldi_hasher *h);
void vldi_hasher_update(vldi_hasher *h, const void *data, size_t len);
void vldi_hasher_final(const vldi_hasher *h, uint8_t out[16]);
void vldi_hasher_free(const vldi_alloc *a, vldi_hasher *h);

/* ---- chunking and sampling (chunking.c) ------------------------------- */

#define VLDI_CHUNK_MIN ((uint64_t)4096)
#define VLDI_CHUNK_MAX ((uint64_t)1 << 30)
#define VLDI_CHUNK_UNKNOWN_LENGTH ((uint64_t)1 << 20)

uint64_t vldi_auto_chunk_size(uint64_t length);
uint64_t vldi_chunk_count(uint64_t length, uint64_t chunk_size);
bool vldi_is_valid_chunk_size(uint64_t chunk_size);

/* Which chunks a verification reads (all, none, or a deterministic sample). */
typedef struct vldi_sampler {
    vld_depth depth;
    uint64_t seed;
    uint64_t threshold; /* rate form: selected if score < threshold */
    uint64_t groups;    /* group form when non-zero */
    uint64_t group;
    uint64_t fallback;  /* rate form: chunk read when the rate selects none */
} vldi_sampler;

void vldi_sampler_init(vldi_sampler *s, const vldi_params *p, uint64_t chunk_count);
bool vldi_sampler_selects(const vldi_sampler *s, uint64_t index);

/* ---- manifests (manifest.c, manifest_format.c) ------------------------ */

#define VLDI_FORMAT_VERSION 1u

struct vld_manifest {
    vldi_alloc alloc;
    uint32_t format_version;
    vld_hash hash;
    size_t digest_size; /* 8 or 16 */
    uint64_t length;
    uint64_t chunk_size;
    uint64_t chunk_count;
    uint8_t digest[16];
    uint8_t *chunk_digests; /* chunk_count * digest_size bytes */
};

/* A manifest with its digest table allocated but not filled. */
vld_status vldi_manifest_new(const vldi_alloc *a, vld_hash hash, uint64_t length,
                             uint64_t chunk_size, vld_manifest **out);
uint64_t vldi_manifest_chunk_len(const vld_manifest *m, uint64_t index);
const uint8_t *vldi_manifest_chunk_digest(const vld_manifest *m, uint64_t index);

/* Copy the fields of a size-prefixed public struct that fit in the caller's
 * version of it (its first member, a size_t, says how big that is). Older,
 * smaller callers below `minimum` get VLD_E_STRUCT_SIZE. */
vld_status vldi_copy_sized(void *dst, const void *src, size_t full, size_t minimum);

/* ---- reports and the verification engine (report.c, verify.c) --------- */

/* A chunk's byte in a report: its vld_chunk_state in the low bits, and the
 * VLD_RANGE_* flags that explain damage shifted above them. */
#define VLDI_STATE_MASK 0x07u
#define VLDI_IN_SCOPE 0x08u /* the chunk lies in the range the report covers */
#define VLDI_FLAG_SHIFT 4

struct vld_report {
    vldi_alloc alloc;
    vld_report_summary summary;
    vld_tuning tuning; /* what the tuner chose, and the measured time */
    uint64_t chunk_count;
    uint8_t *chunk_states; /* vld_chunk_state per chunk */
    vld_range *ranges;
    size_t ranges_count;
    /* what vld_report_merge() needs: which manifest, and how to redo ranges */
    vld_hash hash;
    uint64_t chunk_size;
    uint8_t object_digest[16];
    size_t max_ranges;
};

/* An empty report (every chunk out of scope) for an object of `chunk_count`
 * chunks, identified by its hash, chunk size and digest; NULL when out of memory. */
vld_report *vldi_report_new(const vldi_alloc *a, uint64_t chunk_count, vld_hash hash,
                            uint64_t chunk_size, const uint8_t digest[16], size_t max_ranges);

/* Derive coverage, damage counts, ranges and verdict from the chunk states
 * and the summary's status, bytes_seen and digest fields. */
vld_status vldi_report_summarize(vld_report *r);

/* The state of one verification, fed chunk by chunk by the buffer, stream
 * and file front ends. */
typedef struct vldi_verifier {
    vld_ctx *ctx;
    vldi_settings settings;
    const vld_manifest *m;
    vldi_sampler sampler;
    vld_report *report;         /* being filled */
    vldi_hasher *whole;         /* deep depth over the whole object: its digest */
    uint64_t first, end;        /* chunks in scope: [first, end) */
    uint64_t cancel_epoch;      /* ctx->cancel_epoch when it started */
    uint64_t progress_done;
    uint64_t progress_next;
    vld_damage_fn on_damage;
    void *on_damage_user;
    /* metrics and tuning (metrics.c) */
    vld_tuning tuning;          /* the tuner's choice, copied into the report */
    uint64_t started_ns;
    vldi_atomic_u64 hashed;     /* bytes hashed so far, by any participant */
    uint64_t hashed_reported;   /* of which already counted by a tick */
    vldi_atomic_u64 cpu_ns;     /* runner CPU time, measured while metered */
    uint64_t queued;            /* chunks not yet handed out, for the next tick */
    uint32_t active;            /* participants, for the next tick */
    bool metered;               /* a metrics callback was installed at the start */
    bool counted;               /* in the context's in-flight count */
} vldi_verifier;

/* CPU time of the calling thread, in nanoseconds (0 where unknown). */
uint64_t vldi_thread_cpu_ns(void);

vld_status vldi_verifier_init(vldi_verifier *v, vld_ctx *ctx, const vld_manifest *m);
/* As vldi_verifier_init() for chunks [first, first + count) only. */
vld_status vldi_verifier_init_range(vldi_verifier *v, vld_ctx *ctx, const vld_manifest *m,
                                    uint64_t first, uint64_t count);
/* Whether vld_ctx_cancel() was called since the verification started. */
bool vldi_verifier_cancelled(vldi_verifier *v);
void vldi_verifier_release(vldi_verifier *v);
/* Whether the depth and sample read chunk `index`. */
bool vldi_verifier_wants(const vldi_verifier *v, uint64_t index);
/* Compare a complete chunk's digest (and at deep depth run the host check on
 * `data`, which may be NULL when no host check is installed). */
vld_status vldi_verifier_chunk(vldi_verifier *v, uint64_t index, const uint8_t digest[16],
                               const void *data, size_t len);
/* Hash and compare a complete chunk held in memory. */
vld_status vldi_verifier_chunk_data(vldi_verifier *v, uint64_t index, const void *data,
                                    size_t len);
/* Account bytes processed; calls the progress callback when due. */
vld_status vldi_verifier_progress(vldi_verifier *v, uint64_t bytes);
/* Mark chunk `index` (already recorded damaged) as damage a re-read did not see. */
void vldi_verifier_mark_transient(vldi_verifier *v, uint64_t index);
/* Close the verification: `seen` is the object position the data reached, `status`
 * what stopped it (VLD_OK when it ran to its end). Hands out the report. */
vld_status vldi_verifier_finish(vldi_verifier *v, uint64_t seen, vld_status status,
                                vld_report **out);

#endif
