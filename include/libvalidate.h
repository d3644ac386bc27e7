/*
 * libvalidate - check that data is still what it was.
 * SPDX-License-Identifier: MIT
 */
#ifndef LIBVALIDATE_H
#define LIBVALIDATE_H

/**
 * @mainpage libvalidate
 *
 * libvalidate cuts data into fixed-size chunks, hashes each chunk with XXH3,
 * keeps the hashes in a **manifest**, and later verifies buffers, streams and
 * files against that manifest at a chosen **depth**. The **report** says
 * whether damage was found, where (byte ranges), and how much was actually
 * checked (coverage).
 *
 * Everything lives behind opaque handles: ::vld_ctx (parameters, allocator,
 * error detail), ::vld_manifest, ::vld_report, ::vld_stream and ::vld_builder.
 * Every function returns a ::vld_status (0 on success, negative on error)
 * unless documented otherwise; vld_strerror() names the error and
 * vld_ctx_last_error() gives a human-readable detail.
 *
 * @section example_build Building a manifest and verifying a buffer
 * @code{.c}
 * #include <libvalidate.h>
 *
 * vld_ctx *ctx = NULL;
 * vld_manifest *m = NULL;
 * vld_report *r = NULL;
 * if (vld_ctx_new(NULL, &ctx) != VLD_OK) abort();
 * vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, 64 * 1024);
 * if (vld_manifest_build(ctx, data, len, &m) != VLD_OK) abort();
 *
 * // ... later, possibly in another process, after vld_manifest_serialize()
 * // and vld_manifest_load() ...
 * vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_FULL);
 * if (vld_verify_buffer(ctx, m, data, len, &r) == VLD_OK) {
 *     vld_report_summary s = { .size = sizeof s };
 *     vld_report_get_summary(r, &s);
 *     for (size_t i = 0; i < s.ranges_count; i++) {
 *         vld_range bad = { .size = sizeof bad };
 *         vld_report_get_range(r, i, &bad);
 *         printf("damaged: %llu+%llu\n", (unsigned long long)bad.offset,
 *                (unsigned long long)bad.length);
 *     }
 * }
 * vld_report_free(r);
 * vld_manifest_free(m);
 * vld_ctx_free(ctx);
 * @endcode
 *
 * @section example_stream Verifying a stream
 * @code{.c}
 * vld_stream *s = NULL;
 * vld_stream_new(ctx, m, &s);
 * while ((n = read(fd, buf, sizeof buf)) > 0)
 *     if (vld_stream_update(s, buf, (size_t)n) != VLD_OK) break;
 * vld_stream_finish(s, &r);
 * vld_stream_free(s);
 * @endcode
 *
 * @section example_file Verifying a file
 * @code{.c}
 * vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_SAMPLED);
 * vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, 62500); // 1/16
 * vld_status st = vld_verify_file(ctx, m, "data.bin", &r);
 * @endcode
 *
 * @section threading Thread safety
 * - A ::vld_ctx may be shared by any number of threads. Every function that
 *   takes a context may be called concurrently with any other, including the
 *   parameter setters; a verification uses the parameters in force when it
 *   starts. Only vld_ctx_free() must not race with anything on that context.
 *   The error detail (vld_ctx_last_error()) is the most recent one recorded
 *   by any thread; give each thread its own context if it needs its own.
 * - A ::vld_manifest and a ::vld_report are immutable once returned: any
 *   number of threads may read them at once. Free them once.
 * - A ::vld_stream, ::vld_builder or ::vld_job belongs to one thread at a time.
 * - Files, large buffers and manifest builds are split by chunks over the
 *   context's worker threads (::VLD_PARAM_THREADS); the caller's thread
 *   works too, and the report is the same whatever the thread count. Host
 *   callbacks may therefore run on a worker thread.
 * - vld_ctx_cancel() stops, from any thread, the verifications and jobs
 *   running on a context; they return ::VLD_E_CANCELLED and a partial report.
 *
 * @section ownership Ownership
 * Every `*_new`, `*_build`, `*_load`, `*_finish` and `vld_verify_*` that
 * succeeds hands the caller a handle that the caller frees with the matching
 * `*_free`. Every `*_free` accepts NULL.
 * - A ::vld_manifest or ::vld_report carries a copy of the allocator of the
 *   context that made it, so it may outlive that context.
 * - A ::vld_stream, ::vld_builder or ::vld_job works through its context
 *   (parameters, workers, error detail): free it before the context.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup version Versions
 * The header you compiled against and the library you run may differ.
 * @{ */
#define VLD_VERSION_MAJOR 0 /**< Incremented on incompatible API changes. */
#define VLD_VERSION_MINOR 1 /**< Incremented when API is added. */
#define VLD_VERSION_PATCH 0 /**< Incremented for fixes. */
/** Compile-time version as one number: MAJOR*10000 + MINOR*100 + PATCH. */
#define VLD_VERSION_NUMBER \
    (VLD_VERSION_MAJOR * 10000 + VLD_VERSION_MINOR * 100 + VLD_VERSION_PATCH)

#if defined(VLD_BUILDING_LIBRARY) && defined(__GNUC__)
#define VLD_API __attribute__((visibility("default")))
#else
#define VLD_API /**< Marks exported symbols. */
#endif

/** @return the run-time library version, in the form of ::VLD_VERSION_NUMBER. */
VLD_API unsigned vld_version_number(void);
/** @return the run-time library version as "MAJOR.MINOR.PATCH" (static storage). */
VLD_API const char *vld_version_string(void);
/** @} */

/** @defgroup errors Status codes
 * Every status comes from ::VLD_STATUS_LIST, which also generates
 * vld_strerror() and vld_status_name(), so names and messages cannot drift.
 * Values are grouped by concern and never reused.
 * @{ */

/** X-macro list of every status: X(NAME, value, "message"). */
#define VLD_STATUS_LIST(X)                                                          \
    X(OK, 0, "success")                                                             \
    X(E_INVALID_ARGUMENT, -1, "invalid argument (NULL pointer or bad value)")      \
    X(E_UNKNOWN_PARAM, -2, "unknown parameter")                                    \
    X(E_OUT_OF_RANGE, -3, "parameter value out of bounds")                         \
    X(E_NOMEM, -4, "out of memory")                                                \
    X(E_STRUCT_SIZE, -5, "struct size field too small or unsupported")             \
    X(E_BUFFER_TOO_SMALL, -6, "output buffer too small")                           \
    X(E_STATE, -7, "call not allowed in the handle's current state")               \
    X(E_INDEX, -8, "index out of range")                                           \
    X(E_UNSUPPORTED, -9, "operation not supported by this build or algorithm")     \
    X(E_MANIFEST_TRUNCATED, -20, "manifest is truncated")                          \
    X(E_MANIFEST_MAGIC, -21, "not a libvalidate manifest (bad magic)")             \
    X(E_MANIFEST_VERSION, -22, "unsupported manifest format version")              \
    X(E_MANIFEST_FLAGS, -23, "manifest uses unknown flags")                        \
    X(E_MANIFEST_CHECKSUM, -24, "manifest checksum mismatch (manifest is damaged)") \
    X(E_MANIFEST_INVALID, -25, "manifest fields are inconsistent")                 \
    X(E_MANIFEST_TRAILING, -26, "trailing bytes after manifest")                   \
    X(E_MISMATCH, -27, "handles belong to different objects or algorithms")        \
    X(E_IO, -40, "input/output error")                                             \
    X(E_FILE_CHANGED, -41, "file changed size while being read")                   \
    X(E_CANCELLED, -60, "operation cancelled")                                     \
    X(E_CALLBACK_ABORT, -61, "a host callback asked to stop")                      \
    X(E_THREAD, -62, "could not create a worker thread")                           \
    X(E_INTERNAL, -99, "internal error (please report)")

/** Result of every call: ::VLD_OK (0) or a negative error. */
typedef enum vld_status {
#define VLD_STATUS_ENUM_(name, value, msg) VLD_##name = value,
    VLD_STATUS_LIST(VLD_STATUS_ENUM_)
#undef VLD_STATUS_ENUM_
    VLD_STATUS_MIN_ = -0x7fff /**< Not a status; keeps the enum signed. */
} vld_status;

/** @return a one-line English message for @p status (static storage, never NULL). */
VLD_API const char *vld_strerror(int status);
/** @return the symbolic name of @p status, e.g. "VLD_E_NOMEM", or "VLD_E_UNKNOWN" (never NULL). */
VLD_API const char *vld_status_name(int status);
/** @} */

/** @defgroup ctx Context, parameters and allocator
 * @{ */

/** Opaque context: parameters, allocator, host callbacks and error detail. */
typedef struct vld_ctx vld_ctx;

/**
 * Memory hooks, for embedders with their own allocator and for fault
 * injection. All three functions are required. @c size must be set to
 * `sizeof(vld_allocator)`; a value the library does not know gives
 * ::VLD_E_STRUCT_SIZE.
 */
typedef struct vld_allocator {
    size_t size; /**< `sizeof(vld_allocator)` as compiled by the caller. */
    void *(*malloc_fn)(void *user, size_t size);             /**< Like malloc(). */
    void *(*realloc_fn)(void *user, void *ptr, size_t size); /**< Like realloc(). */
    void (*free_fn)(void *user, void *ptr);                  /**< Like free(); may get NULL. */
    void *user; /**< Passed to every hook, never interpreted. */
} vld_allocator;

/**
 * Create a context with default parameters.
 * @param alloc allocator to use for this context and every handle it makes,
 *              or NULL for the C library's. It is copied.
 * @param[out] out receives the context; set to NULL on failure.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_STRUCT_SIZE or ::VLD_E_NOMEM.
 */
VLD_API vld_status vld_ctx_new(const vld_allocator *alloc, vld_ctx **out);
/** Free a context (NULL is fine). Handles it made stay valid. */
VLD_API void vld_ctx_free(vld_ctx *ctx);

/**
 * Copy the detail of the most recent error recorded on @p ctx into @p buf
 * (always NUL-terminated when @p cap > 0, truncated if needed). The detail
 * is empty when no error was recorded.
 * @return ::VLD_OK or ::VLD_E_INVALID_ARGUMENT.
 */
VLD_API vld_status vld_ctx_last_error(const vld_ctx *ctx, char *buf, size_t cap);

/** Verification depth: how much of the data a verification reads. */
typedef enum vld_depth {
    VLD_DEPTH_SHALLOW = 1, /**< No payload bytes: length only. */
    VLD_DEPTH_SAMPLED = 2, /**< A deterministic subset of chunks (see ::VLD_PARAM_SAMPLE_RATE_PPM). */
    VLD_DEPTH_FULL = 3,    /**< Every chunk. */
    VLD_DEPTH_DEEP = 4     /**< Every chunk, the whole-object digest and the host's chunk check. */
} vld_depth;

/** Hash algorithms. Chunk manifests use only the XXH3 ones. */
typedef enum vld_hash {
    VLD_HASH_XXH3_64 = 1,  /**< XXH3 64-bit (default chunk hash). */
    VLD_HASH_XXH3_128 = 2, /**< XXH3 128-bit (XXH128). */
    VLD_HASH_XXH32 = 3,    /**< XXH32, for whole-file sums only. */
    VLD_HASH_XXH64 = 4     /**< XXH64, for whole-file sums only. */
} vld_hash;

/**
 * Parameter keys. Values are grouped by concern with gaps so new keys never
 * renumber old ones. Parameters are sticky until vld_ctx_reset_params().
 */
typedef enum vld_param {
    /** ::vld_depth used by verifications. Default ::VLD_DEPTH_FULL. */
    VLD_PARAM_DEPTH = 100,
    /** Chunk size in bytes for new manifests: a power of two from 4096 to
     * 2^30, or 0 for automatic (see docs/manifest-format.md; with
     * ::VLD_PARAM_BUDGET_MS set, automatic also keeps one chunk's hashing
     * within a sixteenth of the budget, see docs/metrics.md). Default 0. */
    VLD_PARAM_CHUNK_SIZE = 101,
    /** ::vld_hash for chunk digests of new manifests: ::VLD_HASH_XXH3_64 or
     * ::VLD_HASH_XXH3_128. Default ::VLD_HASH_XXH3_64. */
    VLD_PARAM_HASH = 102,
    /** Sampled depth: fraction of chunks to check, in parts per million
     * (1..1000000). Default 62500 (1/16). Ignored while
     * ::VLD_PARAM_SAMPLE_GROUPS is non-zero. */
    VLD_PARAM_SAMPLE_RATE_PPM = 200,
    /** Sampled depth: seed of the deterministic selection (any 64-bit value,
     * passed as int64_t). Default 0. */
    VLD_PARAM_SAMPLE_SEED = 201,
    /** Sampled depth, group form `n/t`: the group index n (0..t-1). Default 0. */
    VLD_PARAM_SAMPLE_GROUP = 202,
    /** Sampled depth, group form `n/t`: the number of groups t, or 0 to use
     * the rate instead (0..1000000). Default 0. */
    VLD_PARAM_SAMPLE_GROUPS = 203,
    /** Most damaged ranges a report keeps (1..2^31-1); past it the report
     * says it stopped collecting. Default 1024. */
    VLD_PARAM_MAX_RANGES = 300,
    /** Worker threads for files and large buffers: 0 = one per available
     * core (CPU affinity respected, counted once per process), 1 = no
     * threads at all (0..256). Default 0. The context starts
     * its workers on first use and joins them in vld_ctx_free(); host
     * threads verifying through one context share them batch by batch.
     * Reports are identical whatever the count. Builds without thread
     * support (WebAssembly) accept the parameter and always use 1. */
    VLD_PARAM_THREADS = 400,
    /** Files: read a chunk whose digest mismatched a second time before
     * reporting it (1) or not (0). When the second read matches the
     * manifest, the damage is marked ::VLD_RANGE_TRANSIENT. Default 1. */
    VLD_PARAM_REREAD = 500,
    /** Metrics: milliseconds between metrics callbacks while work runs
     * (0 = only at the end of each verification). Default 1000. */
    VLD_PARAM_METRICS_INTERVAL_MS = 600,
    /** Metrics: completed verifications in the latency percentile window
     * (1..4096). Default 256. */
    VLD_PARAM_LATENCY_WINDOW = 601,
    /** Scaling policy: runner CPU utilization, in percent, above which
     * `scale_out` is considered (1..100). Default 70. */
    VLD_PARAM_SCALE_CPU_PCT = 700,
    /** Scaling policy: request latency p95 target in milliseconds, above
     * which `scale_out_edge` is considered (1..3600000). Default 50. */
    VLD_PARAM_SCALE_LATENCY_MS = 701,
    /** Scaling policy: `scale_in` is considered when CPU and p95 latency are
     * both below this percentage of their thresholds (1..99). Default 40. */
    VLD_PARAM_SCALE_IN_PCT = 702,
    /** Scaling policy: consecutive snapshots a scale-out or regression
     * condition must hold before its event is raised (1..1000). Default 3. */
    VLD_PARAM_SCALE_SUSTAIN = 703,
    /** Scaling policy: consecutive snapshots the scale-in condition must hold
     * (1..10000). Default 20. */
    VLD_PARAM_SCALE_IN_SUSTAIN = 704,
    /** Scaling policy: snapshots after an event during which no event of the
     * same kind or its opposite is raised (0..10000). Default 10. */
    VLD_PARAM_SCALE_COOLDOWN = 705,
    /** Scaling policy: raise an alert when the smoothed throughput stays below
     * this percentage of the calibrated figure (0 = never, 1..99). Default 50. */
    VLD_PARAM_REGRESSION_PCT = 706,
    /** Auto-tuner: latency budget per verification in milliseconds; 0 turns
     * the tuner off (0..3600000). Default 0. See ::vld_tuning. */
    VLD_PARAM_BUDGET_MS = 800,
    /** Auto-tuner floor: the shallowest ::vld_depth it may choose. Default
     * ::VLD_DEPTH_SAMPLED. */
    VLD_PARAM_MIN_DEPTH = 801,
    /** Auto-tuner floor: the smallest sample rate in parts per million it may
     * choose (1..1000000). Default 10000 (1 %). */
    VLD_PARAM_MIN_SAMPLE_PPM = 802,
    /** Auto-tuner: calibrated verification throughput in bytes per second
     * for this context with all its runners; 0 = estimate it with a short,
     * deliberately conservative self-benchmark on first use (about 1 ms; see
     * docs/metrics.md). Refined from measured work either way (0..2^62).
     * Default 0. */
    VLD_PARAM_CALIBRATED_BPS = 803,
    /** Auto-tuner: 1 = rotating coverage (a sampled verification of an object
     * checks the next `n/t` group each time, so t passes cover every chunk),
     * 0 = rate sampling. Default 1. */
    VLD_PARAM_ROTATE = 804
} vld_param;

/**
 * Set a parameter. Takes effect for operations started afterwards.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT (NULL ctx), ::VLD_E_UNKNOWN_PARAM
 *         or ::VLD_E_OUT_OF_RANGE (value outside vld_param_bounds(); also a
 *         chunk size that is not a power of two). The parameter is unchanged on error.
 */
VLD_API vld_status vld_ctx_set_param(vld_ctx *ctx, vld_param param, int64_t value);
/** Read a parameter into @p value. @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_UNKNOWN_PARAM. */
VLD_API vld_status vld_ctx_get_param(const vld_ctx *ctx, vld_param param, int64_t *value);
/** Restore every parameter to its default. Callbacks and allocator are kept. */
VLD_API vld_status vld_ctx_reset_params(vld_ctx *ctx);
/**
 * Query the inclusive bounds and default of a parameter. Any out pointer may be NULL.
 * @return ::VLD_OK or ::VLD_E_UNKNOWN_PARAM.
 */
VLD_API vld_status vld_param_bounds(vld_param param, int64_t *min, int64_t *max, int64_t *def);

/**
 * Host check run on every chunk at ::VLD_DEPTH_DEEP, after the chunk's hash
 * matched. Called from the verifying thread (or a worker thread), possibly
 * concurrently for different chunks.
 * @return 0 to accept the chunk, non-zero to mark it damaged.
 */
typedef int (*vld_chunk_check_fn)(void *user, uint64_t chunk_index, uint64_t offset,
                                  const void *data, size_t len);
/** Install (or with NULL remove) the deep-depth host chunk check. */
VLD_API vld_status vld_ctx_set_chunk_check(vld_ctx *ctx, vld_chunk_check_fn fn, void *user);

/**
 * Progress of a long operation (building, verifying, digesting): bytes
 * processed (read, hashed or skipped) so far out of @p bytes_total
 * (::VLD_LENGTH_UNKNOWN for a stream of unknown length). Called at most once
 * per 4 MiB of progress and once at the end; calls for one operation never
 * overlap, but may come from a worker thread.
 * @return 0 to go on, non-zero to stop the operation with ::VLD_E_CALLBACK_ABORT.
 */
typedef int (*vld_progress_fn)(void *user, uint64_t bytes_done, uint64_t bytes_total);
/** Install (or with NULL remove) the progress callback. */
VLD_API vld_status vld_ctx_set_progress(vld_ctx *ctx, vld_progress_fn fn, void *user);

/**
 * Positional read used for files instead of pread(): an I/O hook to count,
 * throttle or fault-inject reads (tests use it to prove that sampled depth
 * reads only the chosen chunks and shallow depth none). Called by file
 * verification, file manifest building and file jobs, possibly
 * concurrently from worker threads; not by vld_digest_file()/vld_digest_fd(),
 * which read sequentially with read().
 * @param fd the descriptor being read (opened by the library for a path).
 * @return bytes read (0 only at end of file), or a negative errno value;
 *         -EINTR is retried.
 */
typedef int64_t (*vld_read_fn)(void *user, int fd, void *buf, size_t len, uint64_t offset);
/** Install (or with NULL restore pread()) the file read hook. */
VLD_API vld_status vld_ctx_set_read_fn(vld_ctx *ctx, vld_read_fn fn, void *user);

/**
 * Cancel every verification and job in flight on @p ctx, from any thread.
 * Each returns ::VLD_E_CANCELLED at its next check (at most one batch of
 * chunks, or one 64 KiB slice for a job, later) with a partial report of
 * the chunks it finished; see the @ref verify group. Operations started
 * after this call are not affected, and manifest builds are never
 * cancelled. Thread-safe and async-signal-safe in threaded builds.
 * @return ::VLD_OK or ::VLD_E_INVALID_ARGUMENT.
 */
VLD_API vld_status vld_ctx_cancel(vld_ctx *ctx);
/** @} */

/** @defgroup manifest Manifests
 * A manifest records an object's length, chunk size, chunk digests and
 * whole-object XXH3-128 digest. Its byte format is docs/manifest-format.md.
 * @{ */

/** Opaque, immutable manifest. */
typedef struct vld_manifest vld_manifest;

/**
 * Build a manifest of @p len bytes at @p data using the context's chunk size
 * and hash parameters. @p data may be NULL only when @p len is 0.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_NOMEM; *out is NULL on error.
 */
VLD_API vld_status vld_manifest_build(vld_ctx *ctx, const void *data, size_t len,
                                      vld_manifest **out);
/**
 * Load a serialized manifest. Nothing is trusted: sizes are checked before
 * anything is allocated and the whole-manifest checksum before anything is
 * returned. Trailing bytes are an error.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_NOMEM or one of the
 *         `VLD_E_MANIFEST_*` codes; *out is NULL on error.
 */
VLD_API vld_status vld_manifest_load(vld_ctx *ctx, const void *buf, size_t len,
                                     vld_manifest **out);
/** Number of bytes vld_manifest_serialize() writes. */
VLD_API vld_status vld_manifest_serialized_size(const vld_manifest *m, size_t *size);
/**
 * Serialize into @p buf of @p cap bytes; *written gets the byte count.
 * Deterministic: the same manifest gives the same bytes everywhere.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_BUFFER_TOO_SMALL (nothing written).
 */
VLD_API vld_status vld_manifest_serialize(const vld_manifest *m, void *buf, size_t cap,
                                          size_t *written);
/** Free a manifest (NULL is fine). */
VLD_API void vld_manifest_free(vld_manifest *m);

/**
 * Manifest facts. Set @c size to `sizeof(vld_manifest_info)` before the call;
 * fields beyond the caller's size are not written (so older callers keep working).
 */
typedef struct vld_manifest_info {
    size_t size;             /**< `sizeof(vld_manifest_info)` as compiled by the caller. */
    uint32_t format_version; /**< Format version the manifest was loaded from or will be written as. */
    vld_hash hash;           /**< Chunk digest algorithm. */
    uint64_t length;         /**< Object length in bytes. */
    uint64_t chunk_size;     /**< Chunk size in bytes (the last chunk may be shorter). */
    uint64_t chunk_count;    /**< Number of chunks (0 for an empty object). */
    uint8_t digest[16];      /**< Whole-object XXH3-128, canonical (big-endian) bytes. */
} vld_manifest_info;
/** Fill @p info. @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_STRUCT_SIZE. */
VLD_API vld_status vld_manifest_get_info(const vld_manifest *m, vld_manifest_info *info);
/**
 * Copy chunk @p index's digest (canonical big-endian bytes, 8 or 16 of them)
 * into @p out (at least 16 bytes); *len receives 8 or 16.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_INDEX.
 */
VLD_API vld_status vld_manifest_get_chunk_digest(const vld_manifest *m, uint64_t index,
                                                 uint8_t out[16], size_t *len);
/** @} */

/** @defgroup report Reports
 * @{ */

/** Opaque, immutable verification report. */
typedef struct vld_report vld_report;

/** What a verification concluded about the bytes it checked. */
typedef enum vld_verdict {
    /** No damage found in what was checked. Look at the coverage: at
     * ::VLD_DEPTH_SHALLOW that is the length only, at ::VLD_DEPTH_SAMPLED a subset. */
    VLD_VERDICT_OK = 0,
    VLD_VERDICT_CORRUPT = 1,         /**< At least one checked chunk (or the digest) did not match. */
    VLD_VERDICT_LENGTH_MISMATCH = 2  /**< The data is shorter or longer than the manifest says. */
} vld_verdict;

/** Per-range flags. */
#define VLD_RANGE_MISSING 0x1u   /**< Bytes the manifest has but the data lacks (truncation). */
#define VLD_RANGE_EXTRA 0x2u     /**< Bytes the data has beyond the manifest's length. */
#define VLD_RANGE_HOST 0x4u      /**< The host's chunk check rejected it (deep depth). */
#define VLD_RANGE_TRANSIENT 0x8u /**< A re-read matched: a read or memory error, not stored damage. */

/** One damaged byte range. Set @c size to `sizeof(vld_range)` before the call. */
typedef struct vld_range {
    size_t size;     /**< `sizeof(vld_range)` as compiled by the caller. */
    uint64_t offset; /**< First damaged byte. */
    uint64_t length; /**< Number of bytes. */
    uint32_t flags;  /**< `VLD_RANGE_*` bits; 0 for a plain digest mismatch. */
} vld_range;

/** Report summary. Set @c size to `sizeof(vld_report_summary)` before the call. */
typedef struct vld_report_summary {
    size_t size;             /**< `sizeof(vld_report_summary)` as compiled by the caller. */
    vld_verdict verdict;     /**< See ::vld_verdict. */
    vld_depth depth;         /**< Depth used. */
    vld_status status;       /**< ::VLD_OK when the verification ran to its end, else what stopped it. */
    uint64_t bytes_total;    /**< Object length according to the manifest. */
    uint64_t bytes_seen;     /**< Length of the data actually presented. */
    uint64_t bytes_checked;  /**< Bytes hashed and compared with the manifest. */
    uint64_t chunks_total;   /**< Chunks in the manifest. */
    uint64_t chunks_checked; /**< Chunks hashed and compared. */
    uint64_t chunks_damaged; /**< Chunks found damaged or missing. */
    uint64_t ranges_count;   /**< Damaged ranges kept (see vld_report_get_range()). */
    int ranges_truncated;    /**< Non-zero when more ranges existed than ::VLD_PARAM_MAX_RANGES. */
    int digest_checked;      /**< Non-zero when the whole-object digest was computed (deep). */
    int digest_ok;           /**< When digest_checked: non-zero if it matched. */
    /** Chunks the report answers for: chunks_total for a whole-object
     * verification, fewer for a range (see vld_verify_buffer_range()) or
     * a merge of ranges that do not yet cover the object. */
    uint64_t chunks_in_scope;
} vld_report_summary;

/** Fill @p s. @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_STRUCT_SIZE. */
VLD_API vld_status vld_report_get_summary(const vld_report *r, vld_report_summary *s);
/** Get damaged range @p index (0 .. ranges_count-1), in increasing offset order. */
VLD_API vld_status vld_report_get_range(const vld_report *r, size_t index, vld_range *out);

/** State of one chunk in a report. */
typedef enum vld_chunk_state {
    VLD_CHUNK_UNCHECKED = 0, /**< Not read (shallow, or not in the sample, or not reached). */
    VLD_CHUNK_OK = 1,        /**< Read and matched. */
    VLD_CHUNK_DAMAGED = 2,   /**< Read and did not match (or rejected by the host check). */
    VLD_CHUNK_MISSING = 3    /**< The data ends before this chunk does. */
} vld_chunk_state;
/** Get the state of chunk @p index. @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_INDEX. */
VLD_API vld_status vld_report_get_chunk_state(const vld_report *r, uint64_t index,
                                              vld_chunk_state *state);
/** Free a report (NULL is fine). */
VLD_API void vld_report_free(vld_report *r);
/** @} */

/** @defgroup verify Verification
 * A verification returns ::VLD_OK when it ran to its end, whatever it found:
 * the verdict is in the report. On an error *out is NULL, except for the
 * partial errors ::VLD_E_IO, ::VLD_E_FILE_CHANGED, ::VLD_E_CANCELLED and
 * ::VLD_E_CALLBACK_ABORT, where *out may hold a report of what was checked
 * before the stop (its summary's status says so); free it either way.
 * @{ */

/**
 * Verify @p len bytes at @p data against @p m at the context's depth.
 * Buffers of 4 MiB and more are verified on the context's worker threads.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_NOMEM, ::VLD_E_CALLBACK_ABORT,
 *         ::VLD_E_CANCELLED.
 */
VLD_API vld_status vld_verify_buffer(vld_ctx *ctx, const vld_manifest *m, const void *data,
                                     size_t len, vld_report **out);
/** @} */

/** @defgroup ranges Ranges and merged reports
 * A host that spreads one object over many machines verifies each shard as
 * a chunk range and merges the reports of disjoint ranges into one. A
 * range report answers only for its chunks (summary `chunks_in_scope`):
 * the others stay ::VLD_CHUNK_UNCHECKED. Its `bytes_seen` is the object
 * offset the data reached. The whole-object digest (deep depth) is checked
 * only when the range is the whole object. Merging the reports of ranges
 * that cover the object gives the report a whole-object verification at
 * the same depth would give (except for that digest).
 * @{ */

/** Chunk count meaning "through the last chunk". */
#define VLD_CHUNKS_ALL UINT64_MAX

/**
 * The chunks that cover the bytes [@p offset, @p offset + @p length) of
 * @p m's object (a byte range is verified as the chunks that hold it).
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT or ::VLD_E_INDEX (the bytes are
 *         not all inside the object). A zero @p length gives a zero count.
 */
VLD_API vld_status vld_manifest_chunk_range(const vld_manifest *m, uint64_t offset,
                                            uint64_t length, uint64_t *first_chunk,
                                            uint64_t *chunk_count);
/**
 * Verify chunks [@p first_chunk, @p first_chunk + @p chunk_count) of @p m.
 * @p data holds the object's bytes from the first chunk's offset
 * (`first_chunk * chunk_size`) on; @p len may stop early (the chunks it
 * lacks are ::VLD_CHUNK_MISSING). Bytes past the range are ignored, except
 * past the object's end, which are ::VLD_RANGE_EXTRA.
 * @param chunk_count a count, or ::VLD_CHUNKS_ALL for the rest of the object.
 * @return as vld_verify_buffer(), plus ::VLD_E_INDEX for a range outside
 *         the manifest and ::VLD_E_CANCELLED (partial report).
 */
VLD_API vld_status vld_verify_buffer_range(vld_ctx *ctx, const vld_manifest *m,
                                           uint64_t first_chunk, uint64_t chunk_count,
                                           const void *data, size_t len, vld_report **out);
/** As vld_verify_fd() for a chunk range; the file is the whole object. */
VLD_API vld_status vld_verify_fd_range(vld_ctx *ctx, const vld_manifest *m, int fd,
                                       uint64_t first_chunk, uint64_t chunk_count,
                                       vld_report **out);
/** As vld_verify_file() for a chunk range; the file is the whole object. */
VLD_API vld_status vld_verify_file_range(vld_ctx *ctx, const vld_manifest *m, const char *path,
                                         uint64_t first_chunk, uint64_t chunk_count,
                                         vld_report **out);
/**
 * Merge the reports of two disjoint ranges of one object into a new report.
 * Either may itself be a merge. The result's status is the first non-OK
 * status of @p a then @p b; verdict, counts and ranges are recomputed.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_NOMEM, or
 *         ::VLD_E_MISMATCH when the reports are of different manifests or
 *         depths, or their ranges overlap (the detail says which).
 */
VLD_API vld_status vld_report_merge(vld_ctx *ctx, const vld_report *a, const vld_report *b,
                                    vld_report **out);
/** @} */

/** @defgroup jobs Budgeted jobs
 * Verification in time slices, for event loops and edge runtimes with a
 * per-request CPU limit. A job runs on the calling thread only (no
 * workers). Each vld_job_step() returns after about its budget: it hashes
 * in 64 KiB slices and looks at the clock between them, so a step
 * overshoots by at most one slice (a re-read of a damaged chunk is not
 * sliced). A finished job gives the report the matching one-shot
 * verification gives.
 * @code{.c}
 * vld_job *job = NULL;
 * vld_job_new_buffer(ctx, m, data, len, 0, VLD_CHUNKS_ALL, &job);
 * int done = 0;
 * while (!done && vld_job_step(job, 5000000, &done) == VLD_OK)
 *     yield_to_event_loop();
 * vld_job_finish(job, &r);
 * vld_job_free(job);
 * @endcode
 * To stop and resume later: read vld_job_get_position(), finish the job
 * (its report covers the chunks before the position), later start a job
 * at that chunk, and vld_report_merge() the two reports.
 * @{ */

/** Opaque budgeted verification. One thread at a time. */
typedef struct vld_job vld_job;

/**
 * Start a job over chunks [@p first_chunk, @p first_chunk + @p chunk_count)
 * of the bytes at @p data, laid out as for vld_verify_buffer_range(). The
 * bytes must stay valid and unchanged until vld_job_free(). Uses the
 * context's depth at this call; no work is done until the first step.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_INDEX or ::VLD_E_NOMEM.
 */
VLD_API vld_status vld_job_new_buffer(vld_ctx *ctx, const vld_manifest *m, const void *data,
                                      size_t len, uint64_t first_chunk, uint64_t chunk_count,
                                      vld_job **out);
/**
 * Start a job over a chunk range of the file open at @p fd (the whole
 * object, read with the context's read hook; kept open by the caller).
 * @return as vld_job_new_buffer(), plus ::VLD_E_IO when the file cannot be examined.
 */
VLD_API vld_status vld_job_new_fd(vld_ctx *ctx, const vld_manifest *m, int fd,
                                  uint64_t first_chunk, uint64_t chunk_count, vld_job **out);
/**
 * Work for about @p budget_ns nanoseconds (at least one slice). *done
 * becomes non-zero when nothing is left. ::VLD_OK while the job goes on or
 * has finished; ::VLD_E_CANCELLED, ::VLD_E_IO, ::VLD_E_FILE_CHANGED or
 * ::VLD_E_CALLBACK_ABORT stop it (*done is then set, and vld_job_finish()
 * gives the partial report). Further steps repeat the stopping status.
 */
VLD_API vld_status vld_job_step(vld_job *job, uint64_t budget_ns, int *done);
/**
 * Where the job is: @p next_chunk is the first chunk not yet fully
 * processed, @p bytes_done the bytes processed (read, hashed or skipped)
 * so far. Either pointer may be NULL.
 */
VLD_API vld_status vld_job_get_position(const vld_job *job, uint64_t *next_chunk,
                                        uint64_t *bytes_done);
/**
 * Produce the report. Once done it is the one-shot report; before that it
 * is the report of the range from the first chunk up to the position
 * (status ::VLD_OK, fewer `chunks_in_scope`), ready to be merged with the
 * report of a job that resumes there. Afterwards only vld_job_free() is allowed.
 * @return the job's stopping status, or ::VLD_OK; ::VLD_E_STATE when already finished.
 */
VLD_API vld_status vld_job_finish(vld_job *job, vld_report **out);
/** Free a job (NULL is fine), finished or not. */
VLD_API void vld_job_free(vld_job *job);
/** @} */

/** @defgroup stream Streams
 * Data that arrives in pieces: feed pieces of any size in order. Results are
 * identical to verifying (or building from) the whole buffer at once.
 * @{ */

/** Opaque streaming verification. One thread at a time. */
typedef struct vld_stream vld_stream;

/**
 * Called as soon as a damaged chunk is known (a host downloading an object
 * can re-fetch just that range). The range is valid only during the call.
 * @return 0 to go on, non-zero to stop: the current call then returns
 *         ::VLD_E_CALLBACK_ABORT and the stream accepts no more data.
 */
typedef int (*vld_damage_fn)(void *user, const vld_range *range);

/** Open a stream verification of @p m at the context's current depth. */
VLD_API vld_status vld_stream_new(vld_ctx *ctx, const vld_manifest *m, vld_stream **out);
/** Install (or with NULL remove) the early damage callback. */
VLD_API vld_status vld_stream_set_damage_callback(vld_stream *s, vld_damage_fn fn, void *user);
/** Feed the next @p len bytes (@p data may be NULL only when @p len is 0). */
VLD_API vld_status vld_stream_update(vld_stream *s, const void *data, size_t len);
/**
 * End of data: produce the report. After this only vld_stream_free() is allowed
 * (anything else gives ::VLD_E_STATE).
 */
VLD_API vld_status vld_stream_finish(vld_stream *s, vld_report **out);
/** Free a stream (NULL is fine), finished or not. */
VLD_API void vld_stream_free(vld_stream *s);

/** Opaque streaming manifest builder. One thread at a time. */
typedef struct vld_builder vld_builder;
/** Pass to vld_builder_new() when the length is not known in advance. */
#define VLD_LENGTH_UNKNOWN UINT64_MAX
/**
 * Start building a manifest from a stream. @p expected_length only matters
 * when ::VLD_PARAM_CHUNK_SIZE is 0 (automatic): the chunk size is chosen from
 * it, and ::VLD_LENGTH_UNKNOWN chooses 1 MiB. The manifest records the real
 * length, whatever was expected.
 */
VLD_API vld_status vld_builder_new(vld_ctx *ctx, uint64_t expected_length, vld_builder **out);
/** Feed the next @p len bytes. */
VLD_API vld_status vld_builder_update(vld_builder *b, const void *data, size_t len);
/** End of data: produce the manifest. After this only vld_builder_free() is allowed. */
VLD_API vld_status vld_builder_finish(vld_builder *b, vld_manifest **out);
/** Free a builder (NULL is fine). */
VLD_API void vld_builder_free(vld_builder *b);
/** @} */

/** @defgroup file Files
 * Files are read with pread() (or the hook of vld_ctx_set_read_fn()):
 * ::VLD_DEPTH_SHALLOW reads no payload and ::VLD_DEPTH_SAMPLED reads only
 * the chosen chunks. Chunks are read and hashed on the context's worker
 * threads. A chunk whose digest mismatches is read once more
 * (::VLD_PARAM_REREAD); when the second read matches, its range carries
 * ::VLD_RANGE_TRANSIENT (it still counts as damaged: the bytes delivered
 * were wrong). A file that shrinks or vanishes while it is read gives
 * ::VLD_E_FILE_CHANGED or ::VLD_E_IO with a partial report; the detail
 * names the file and the system error. Files over 4 GiB are fine on every
 * platform (64-bit offsets). At ::VLD_DEPTH_DEEP with more than one thread,
 * the whole-object digest is computed by one thread reading the file in
 * order while the others check chunks, so the file is read twice.
 * @{ */

/** Verify the file at @p path against @p m at the context's depth. */
VLD_API vld_status vld_verify_file(vld_ctx *ctx, const vld_manifest *m, const char *path,
                                   vld_report **out);
/** Verify an open, seekable file descriptor (not closed, offset unchanged). */
VLD_API vld_status vld_verify_fd(vld_ctx *ctx, const vld_manifest *m, int fd, vld_report **out);
/** Build a manifest of the file at @p path (chunk size chosen from its size when automatic). */
VLD_API vld_status vld_manifest_build_file(vld_ctx *ctx, const char *path, vld_manifest **out);
/** Build a manifest of an open, seekable file descriptor. */
VLD_API vld_status vld_manifest_build_fd(vld_ctx *ctx, int fd, vld_manifest **out);
/** @} */

/** @defgroup digest Whole-object digests
 * @{ */
/**
 * Hash @p len bytes with @p algo into @p out (canonical big-endian bytes, as
 * xxhsum prints them); *out_len receives 4, 8 or 16.
 */
VLD_API vld_status vld_digest_buffer(vld_hash algo, const void *data, size_t len,
                                     uint8_t out[16], size_t *out_len);
/**
 * Hash the whole file at @p path with @p algo, as vld_digest_buffer() would
 * hash its contents, on the calling thread (one stream's hash is
 * sequential). Errors name the file in the context's detail.
 */
VLD_API vld_status vld_digest_file(vld_ctx *ctx, vld_hash algo, const char *path,
                                   uint8_t out[16], size_t *out_len);
/** As vld_digest_file() on an open descriptor, read sequentially from its current offset to EOF. */
VLD_API vld_status vld_digest_fd(vld_ctx *ctx, vld_hash algo, int fd, uint8_t out[16],
                                 size_t *out_len);
/** @} */

/** @defgroup metrics Metrics, scaling signals and the auto-tuner
 * The library measures its own work and hands the host precise signals, so
 * the host runs its own scaling logic (add a runner, add edge workers, trade
 * depth for latency). It provisions nothing itself.
 *
 * - A **snapshot** (::vld_metrics) is delivered to the metrics callback every
 *   ::VLD_PARAM_METRICS_INTERVAL_MS while work runs and once at the end of
 *   each verification, and can be pulled at any time with vld_ctx_get_metrics().
 * - A **policy** evaluated at every delivered snapshot raises events in its
 *   `events` field: ::VLD_EVENT_SCALE_OUT, ::VLD_EVENT_SCALE_OUT_EDGE,
 *   ::VLD_EVENT_SCALE_IN and ::VLD_EVENT_ALERT. Conditions must hold for
 *   ::VLD_PARAM_SCALE_SUSTAIN snapshots (scale-in: ::VLD_PARAM_SCALE_IN_SUSTAIN)
 *   and an event is followed by ::VLD_PARAM_SCALE_COOLDOWN quiet snapshots,
 *   so events do not flap.
 * - The **auto-tuner** (on when ::VLD_PARAM_BUDGET_MS > 0) picks, for each
 *   verification, the deepest depth and largest sample rate whose predicted
 *   time fits the budget, never below the floor (::VLD_PARAM_MIN_DEPTH,
 *   ::VLD_PARAM_MIN_SAMPLE_PPM). vld_report_get_tuning() says what it chose and why.
 * @{ */

/** Events raised by the scaling policy (bits of vld_metrics::events). */
#define VLD_EVENT_SCALE_OUT 0x1u      /**< Runner CPU stayed above its threshold with work queued and every runner busy: provision another runner. */
#define VLD_EVENT_SCALE_OUT_EDGE 0x2u /**< Request latency p95 stayed above its target: deploy more edge workers. */
#define VLD_EVENT_SCALE_IN 0x4u       /**< CPU and latency stayed well below their thresholds: capacity can be released. */
#define VLD_EVENT_ALERT 0x8u          /**< See vld_metrics::alerts for the reason. */

/** Alert reasons (bits of vld_metrics::alerts). */
#define VLD_ALERT_BUDGET 0x1u     /**< A tuned verification could not fit its budget even at the floor. */
#define VLD_ALERT_REGRESSION 0x2u /**< Smoothed throughput stayed far below the calibrated figure. */

/** Why a snapshot was taken. */
typedef enum vld_metrics_reason {
    VLD_METRICS_INTERVAL = 1, /**< The interval elapsed while work ran. */
    VLD_METRICS_DONE = 2,     /**< A verification (or injected observation) completed. */
    VLD_METRICS_PULL = 3      /**< vld_ctx_get_metrics() was called. */
} vld_metrics_reason;

/**
 * A metrics snapshot. Counters are cumulative since the context was
 * created. Set @c size to `sizeof(vld_metrics)` before vld_ctx_get_metrics();
 * a callback receives a struct whose @c size says how much of it is valid.
 */
typedef struct vld_metrics {
    size_t size;                     /**< Size of this struct as filled. */
    vld_metrics_reason reason;       /**< Why this snapshot was taken. */
    uint32_t events;                 /**< `VLD_EVENT_*` raised at this snapshot (0 on pulls). */
    uint32_t alerts;                 /**< `VLD_ALERT_*` reasons when ::VLD_EVENT_ALERT is set. */
    uint64_t now_ns;                 /**< Clock reading (see vld_ctx_set_clock()). */
    uint64_t elapsed_ns;             /**< Time since the context was created. */
    uint64_t bytes_hashed;           /**< Payload bytes hashed. */
    uint64_t bytes_skipped;          /**< Payload bytes not read because of depth or sampling. */
    uint64_t chunks_ok;              /**< Chunks that matched. */
    uint64_t chunks_damaged;         /**< Chunks found damaged or missing. */
    uint64_t verifications_completed; /**< Verifications finished (with or without error). */
    uint64_t verifications_in_flight; /**< Verifications running now. */
    double throughput_recent_bps;    /**< Bytes hashed per second since the previous delivered snapshot. */
    double throughput_smoothed_bps;  /**< Exponentially smoothed per-verification throughput (what the tuner predicts with). */
    double calibrated_bps;           /**< The tuner's calibrated throughput (0 until calibrated). */
    double latency_p50_ms;           /**< Median verification latency over the window. */
    double latency_p95_ms;           /**< 95th percentile over the window. */
    double latency_p99_ms;           /**< 99th percentile over the window. */
    double runner_cpu_utilization;   /**< CPU time of the runners over wall time × runners, since the previous delivered snapshot (0..1). */
    uint32_t runners_active;         /**< Runners working on the verification that delivered the snapshot (its calling thread included; from vld_ctx_observe(), the observation's figure). */
    uint32_t runners_max;            /**< Configured maximum (::VLD_PARAM_THREADS, resolved). */
    uint64_t queued_chunks;          /**< Chunks of the verification that delivered the snapshot not yet handed to a runner (0 in the snapshot at its end; from vld_ctx_observe(), the observation's figure). */
    vld_depth depth;                 /**< Depth used by the most recent verification. */
    uint32_t sample_rate_ppm;        /**< Sample rate used by the most recent verification (1000000 = every chunk). */
    uint64_t step_bytes;             /**< Bytes per budgeted step the tuner recommends (0 without a budget). */
} vld_metrics;

/**
 * Metrics callback. Called from a thread doing the work (never two at once
 * for one context). @p snapshot is valid only during the call. It must not
 * start work on the same context.
 * @return 0 to go on; non-zero stops the work:
 *   - from an interval snapshot, the verification that delivered it returns
 *     ::VLD_E_CALLBACK_ABORT with a partial report;
 *   - from the snapshot at the end of a verification, that verification has
 *     already completed and returns as usual;
 *   - from vld_ctx_observe(), that call returns ::VLD_E_CALLBACK_ABORT;
 *   - in every case every other verification and job in flight on the
 *     context is cancelled as by vld_ctx_cancel() (::VLD_E_CANCELLED).
 */
typedef int (*vld_metrics_fn)(void *user, const vld_metrics *snapshot);
/** Install (or with NULL remove) the metrics callback. */
VLD_API vld_status vld_ctx_set_metrics_callback(vld_ctx *ctx, vld_metrics_fn fn, void *user);
/** Take a snapshot now (reason ::VLD_METRICS_PULL; the policy is not evaluated). */
VLD_API vld_status vld_ctx_get_metrics(vld_ctx *ctx, vld_metrics *out);

/** A clock in nanoseconds, monotonic. */
typedef uint64_t (*vld_clock_fn)(void *user);
/**
 * Replace the context's clock (default: CLOCK_MONOTONIC), for hosts with a
 * virtual clock and for deterministic tests; NULL restores the default.
 * Set it before any work, since time differences across clocks mean nothing.
 */
VLD_API vld_status vld_ctx_set_clock(vld_ctx *ctx, vld_clock_fn fn, void *user);

/** A measurement the host hands the context as if a verification had completed. */
typedef struct vld_observation {
    size_t size;         /**< `sizeof(vld_observation)` as compiled by the caller. */
    uint64_t bytes;      /**< Bytes hashed. */
    uint64_t latency_ns; /**< Wall time of the verification. */
    uint64_t cpu_ns;     /**< CPU time the runners spent on it. */
    uint64_t queued_chunks; /**< Work waiting when it completed. */
    uint32_t runners_active; /**< Runners busy when it completed. */
} vld_observation;
/**
 * Feed a measurement to the metrics, policy and tuner, exactly as a completed
 * verification would: the snapshot it produces (reason ::VLD_METRICS_DONE)
 * goes to the callback with any events. For hosts that verify elsewhere (a
 * cluster) and for deterministic tests.
 * @return ::VLD_OK, ::VLD_E_INVALID_ARGUMENT, ::VLD_E_STRUCT_SIZE, or
 *         ::VLD_E_CALLBACK_ABORT if the callback asked to stop.
 */
VLD_API vld_status vld_ctx_observe(vld_ctx *ctx, const vld_observation *obs);

/** Why the tuner chose what it chose (bits of vld_tuning::reasons). */
#define VLD_TUNE_FITS 0x1u       /**< The chosen depth and rate fit the budget. */
#define VLD_TUNE_CAPPED 0x2u     /**< The depth asked for (::VLD_PARAM_DEPTH) was the limit, not the budget. */
#define VLD_TUNE_FLOOR 0x4u      /**< Even the floor did not fit: verified at the floor and raised an alert. */
#define VLD_TUNE_ROTATED 0x8u    /**< Sampled by rotating `n/t` groups (see vld_tuning::group). */

/** What the auto-tuner chose for one verification. Set @c size before the call. */
typedef struct vld_tuning {
    size_t size;                 /**< `sizeof(vld_tuning)` as compiled by the caller. */
    int tuned;                   /**< Non-zero when the tuner chose the depth (a budget was set). */
    vld_depth depth;             /**< Depth chosen. */
    uint32_t sample_rate_ppm;    /**< Rate chosen (1000000 at full or deep depth). */
    uint32_t group;              /**< With ::VLD_TUNE_ROTATED: the group n checked ... */
    uint32_t groups;             /**< ... out of t groups; t passes cover every chunk. */
    uint32_t reasons;            /**< `VLD_TUNE_*` bits. */
    uint64_t budget_ns;          /**< The budget. */
    uint64_t predicted_ns;       /**< Predicted time for the choice. */
    uint64_t actual_ns;          /**< Measured time. */
    double throughput_bps;       /**< The throughput the prediction used. */
} vld_tuning;
/**
 * What the tuner chose for the verification that made @p r. For an untuned
 * verification `tuned` is 0 and `actual_ns` still holds the measured time.
 */
VLD_API vld_status vld_report_get_tuning(const vld_report *r, vld_tuning *out);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* LIBVALIDATE_H */
