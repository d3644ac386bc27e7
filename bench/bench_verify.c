/*
 * In-memory benchmarks of libvalidate next to the limits of the machine
 * (issues 4, 5 and 7), all in one process over the same random buffer:
 *
 *   bench-verify [--size MiB] [--reps N] [--objects N] [--only SECTION,...]
 *
 * Sections: limits (read bandwidth and raw XXH3 on 1 and all threads),
 * depth (build, and verify at every depth, 1 and 2 threads), chunks (chunk
 * size 4 KiB..16 MiB), stream (piece sizes), small (64 B..64 KiB objects
 * against raw XXH3 on the same sizes), callback (metrics callback
 * overhead), job (budgeted steps of 5 ms) and latency (the mixed-size
 * workload of issue 5 under a 50 ms budget, and at fixed full depth).
 *
 * Every measurement runs once untimed (warm-up), then N timed repetitions.
 * Output is one JSON line per figure on standard output (raw times of each
 * repetition); bench/report.py turns them into medians, ratios, the table
 * and the plots. Progress goes to standard error.
 */
#define _GNU_SOURCE
#include "bench_util.h"

#include <libvalidate.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xxh_x86dispatch.h>
#define HASH64 XXH3_64bits_dispatch
#define HASH128 XXH3_128bits_dispatch
#else
#define HASH64 XXH3_64bits
#define HASH128 XXH3_128bits
#endif

#define MAX_THREADS 64

static const uint8_t *g_data;
static size_t g_len;
static int g_reps = 5;
static volatile uint64_t g_sink;

static void check(vld_status st, const char *what)
{
    if (st != VLD_OK) {
        fprintf(stderr, "%s: %s\n", what, vld_strerror(st));
        exit(1);
    }
}

static void set(vld_ctx *ctx, vld_param p, int64_t v)
{
    check(vld_ctx_set_param(ctx, p, v), "set param");
}

/* ---- limits: work split evenly over T threads, the caller being one ---- */

typedef struct part {
    const uint8_t *p;
    size_t n;
    int kind; /* 0 read, 1 XXH3-64, 2 XXH3-128 */
    uint64_t out;
} part;

/* A read loop the compiler vectorizes with the widest loads the CPU has. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static uint64_t read_xor(const uint64_t *q, size_t words)
{
    uint64_t acc = 0;
    for (size_t i = 0; i < words; i++)
        acc ^= q[i];
    return acc;
}

static void *run_part(void *arg)
{
    part *w = arg;
    if (w->kind == 0) {
        w->out = read_xor((const uint64_t *)w->p, w->n / 8);
    } else if (w->kind == 1) {
        w->out = HASH64(w->p, w->n);
    } else {
        XXH128_hash_t h = HASH128(w->p, w->n);
        w->out = h.low64 ^ h.high64;
    }
    return NULL;
}

typedef struct split {
    int threads, kind;
} split;

static void run_split(void *arg)
{
    split *s = arg;
    pthread_t th[MAX_THREADS];
    part ps[MAX_THREADS];
    size_t per = (g_len / (size_t)s->threads) & ~(size_t)63;
    for (int i = 0; i < s->threads; i++) {
        ps[i] = (part){g_data + per * (size_t)i, i == s->threads - 1 ? g_len - per * (size_t)i : per,
                       s->kind, 0};
        if (i)
            pthread_create(&th[i], NULL, run_part, &ps[i]);
    }
    run_part(&ps[0]);
    for (int i = 1; i < s->threads; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < s->threads; i++)
        g_sink += ps[i].out;
}

/* ---- library calls ---- */

typedef struct call {
    vld_ctx *ctx;
    vld_manifest *m;
    const uint8_t *data;
    size_t len;
    size_t piece;
    uint64_t checked; /* bytes_checked of the last report */
    long calls;       /* small objects: calls per repetition */
    split sp;         /* limits: the split to run */
} call;

static call mk(vld_ctx *ctx, vld_manifest *m, const uint8_t *data, size_t len, size_t piece,
               uint64_t checked, long calls)
{
    return (call){.ctx = ctx, .m = m, .data = data, .len = len, .piece = piece, .checked = checked,
                  .calls = calls};
}

static void do_split(void *arg)
{
    run_split(&((call *)arg)->sp);
}

static void do_verify(void *arg)
{
    call *c = arg;
    vld_report *r = NULL;
    check(vld_verify_buffer(c->ctx, c->m, c->data, c->len, &r), "verify");
    vld_report_summary s = {.size = sizeof s};
    vld_report_get_summary(r, &s);
    if (s.verdict != VLD_VERDICT_OK) {
        fprintf(stderr, "verify: unexpected verdict %d\n", (int)s.verdict);
        exit(1);
    }
    c->checked = s.bytes_checked;
    vld_report_free(r);
}

static void do_build(void *arg)
{
    call *c = arg;
    vld_manifest *m = NULL;
    check(vld_manifest_build(c->ctx, c->data, c->len, &m), "build");
    vld_manifest_free(m);
}

static void do_stream(void *arg)
{
    call *c = arg;
    vld_stream *st = NULL;
    vld_report *r = NULL;
    check(vld_stream_new(c->ctx, c->m, &st), "stream");
    for (size_t off = 0; off < c->len; off += c->piece)
        check(vld_stream_update(st, c->data + off, c->len - off < c->piece ? c->len - off : c->piece),
              "stream update");
    check(vld_stream_finish(st, &r), "stream finish");
    vld_report_summary s = {.size = sizeof s};
    vld_report_get_summary(r, &s);
    c->checked = s.bytes_checked;
    vld_report_free(r);
    vld_stream_free(st);
}

static void do_small_vld(void *arg)
{
    call *c = arg;
    for (long i = 0; i < c->calls; i++) {
        vld_report *r = NULL;
        vld_verify_buffer(c->ctx, c->m, c->data, c->len, &r);
        vld_report_free(r);
    }
}

static void do_small_raw(void *arg)
{
    call *c = arg;
    uint64_t acc = 0;
    for (long i = 0; i < c->calls; i++)
        acc += HASH64(c->data, c->len);
    g_sink += acc;
}

static vld_manifest *build(vld_ctx *ctx, const uint8_t *data, size_t len)
{
    vld_manifest *m = NULL;
    check(vld_manifest_build(ctx, data, len, &m), "build");
    return m;
}

/*
 * A set of cases measured round-robin: every case once untimed, then
 * repetition r of every case before repetition r+1 of any, so that a burst
 * of load from elsewhere on the machine spreads over the cases instead of
 * spoiling one. Parameters are applied before each call, untimed.
 */
typedef struct bcase {
    char id[64], label[128];
    void (*fn)(void *);
    call c;
    int nparams;
    vld_param param[4];
    int64_t value[4];
    double secs[BENCH_MAX_REPS], others[BENCH_MAX_REPS];
} bcase;

static bcase *add_case(bcase *cs, int *n, void (*fn)(void *), call c, const char *id,
                       const char *label)
{
    bcase *b = &cs[(*n)++];
    memset(b, 0, sizeof *b);
    snprintf(b->id, sizeof b->id, "%s", id);
    snprintf(b->label, sizeof b->label, "%s", label);
    b->fn = fn;
    b->c = c;
    return b;
}

static void case_param(bcase *b, vld_param p, int64_t v)
{
    b->param[b->nparams] = p;
    b->value[b->nparams++] = v;
}

static void run_case(bcase *b, double *secs, double *others)
{
    for (int k = 0; k < b->nparams; k++)
        set(b->c.ctx, b->param[k], b->value[k]);
    bench_measure(0, 1, b->fn, &b->c, secs, others);
}

static void run_cases(bcase *cs, int n)
{
    double ignored, ignored2;
    for (int i = 0; i < n; i++)
        run_case(&cs[i], &ignored, &ignored2);
    for (int r = 0; r < g_reps; r++)
        for (int i = 0; i < n; i++)
            run_case(&cs[i], &cs[i].secs[r], &cs[i].others[r]);
    for (int i = 0; i < n; i++)
        bench_emit(cs[i].id, cs[i].label, (double)cs[i].c.len, (double)cs[i].c.checked, 1,
                   cs[i].secs, cs[i].others, g_reps);
}

/* The limits, as cases, so that they share the rounds of what they bound. */
static void add_limits(bcase *cs, int *n, int ncpu)
{
    static const char *ids[] = {"bw", "xxh3_64", "xxh3_128"};
    static const char *names[] = {"memory read bandwidth", "raw XXH3_64bits_dispatch",
                                  "raw XXH3_128bits_dispatch"};
    int counts[2] = {1, ncpu};
    for (int kind = 0; kind < 3; kind++)
        for (int c = 0; c < (ncpu > 1 ? 2 : 1); c++) {
            char id[64], label[128];
            snprintf(id, sizeof id, "limit.%s.t%d", ids[kind], counts[c]);
            snprintf(label, sizeof label, "%s, %d thread%s", names[kind], counts[c],
                     counts[c] > 1 ? "s" : "");
            call k = mk(NULL, NULL, g_data, g_len, 0, kind ? g_len : 0, 1);
            k.sp = (split){counts[c], kind};
            add_case(cs, n, do_split, k, id, label);
        }
}

static void section_depth(int ncpu, int limits, int depth)
{
    static const struct {
        const char *id, *name;
        vld_depth depth;
        int64_t ppm;
    } depths[] = {
        {"shallow", "shallow", VLD_DEPTH_SHALLOW, 0},
        {"sampled256", "sampled 1/256", VLD_DEPTH_SAMPLED, 3906},
        {"sampled16", "sampled 1/16", VLD_DEPTH_SAMPLED, 62500},
        {"full", "full", VLD_DEPTH_FULL, 0},
        {"deep", "deep", VLD_DEPTH_DEEP, 0},
    };
    vld_ctx *ctx[3];
    check(vld_ctx_new(NULL, &ctx[1]), "ctx");
    check(vld_ctx_new(NULL, &ctx[2]), "ctx");
    set(ctx[1], VLD_PARAM_THREADS, 1);
    set(ctx[2], VLD_PARAM_THREADS, 2);
    vld_manifest *m = build(ctx[2], g_data, g_len);
    bcase cs[24];
    int n = 0;
    char id[64], label[128];
    if (limits)
        add_limits(cs, &n, ncpu);
    for (int t = 1; t <= 2 && depth; t++) {
        snprintf(id, sizeof id, "build.t%d", t);
        snprintf(label, sizeof label, "build manifest, %d thread%s", t, t > 1 ? "s" : "");
        add_case(cs, &n, do_build, mk(ctx[t], NULL, g_data, g_len, 0, g_len, 1), id, label);
    }
    for (size_t d = 0; d < sizeof depths / sizeof *depths && depth; d++)
        for (int t = 1; t <= 2; t++) {
            snprintf(id, sizeof id, "verify.%s.t%d", depths[d].id, t);
            snprintf(label, sizeof label, "verify buffer %s, %d thread%s", depths[d].name, t,
                     t > 1 ? "s" : "");
            bcase *b = add_case(cs, &n, do_verify, mk(ctx[t], m, g_data, g_len, 0, 0, 1), id, label);
            case_param(b, VLD_PARAM_DEPTH, depths[d].depth);
            if (depths[d].ppm)
                case_param(b, VLD_PARAM_SAMPLE_RATE_PPM, depths[d].ppm);
        }
    run_cases(cs, n);
    vld_manifest_free(m);
    vld_ctx_free(ctx[1]);
    vld_ctx_free(ctx[2]);
}

static void section_chunks(void)
{
    vld_ctx *ctx[3];
    check(vld_ctx_new(NULL, &ctx[1]), "ctx");
    check(vld_ctx_new(NULL, &ctx[2]), "ctx");
    set(ctx[1], VLD_PARAM_THREADS, 1);
    set(ctx[2], VLD_PARAM_THREADS, 2);
    bcase cs[3 * 13];
    vld_manifest *ms[13];
    int n = 0, nm = 0;
    char id[64], label[128];
    for (uint64_t cs_ = 4096; cs_ <= ((uint64_t)16 << 20) && cs_ <= g_len; cs_ <<= 1) {
        const char *unit = cs_ >= (1u << 20) ? "MiB" : "KiB";
        unsigned long v = (unsigned long)(cs_ >= (1u << 20) ? cs_ >> 20 : cs_ >> 10);
        set(ctx[2], VLD_PARAM_CHUNK_SIZE, (int64_t)cs_);
        vld_manifest *m = ms[nm++] = build(ctx[2], g_data, g_len);
        snprintf(id, sizeof id, "chunk.%llu.build.t2", (unsigned long long)cs_);
        snprintf(label, sizeof label, "build manifest, chunk %lu %s, 2 threads", v, unit);
        bcase *b = add_case(cs, &n, do_build, mk(ctx[2], NULL, g_data, g_len, 0, g_len, 1), id, label);
        case_param(b, VLD_PARAM_CHUNK_SIZE, (int64_t)cs_);
        for (int t = 1; t <= 2; t++) {
            snprintf(id, sizeof id, "chunk.%llu.verify.t%d", (unsigned long long)cs_, t);
            snprintf(label, sizeof label, "verify full, chunk %lu %s, %d thread%s", v, unit, t,
                     t > 1 ? "s" : "");
            add_case(cs, &n, do_verify, mk(ctx[t], m, g_data, g_len, 0, 0, 1), id, label);
        }
    }
    run_cases(cs, n);
    for (int i = 0; i < nm; i++)
        vld_manifest_free(ms[i]);
    vld_ctx_free(ctx[1]);
    vld_ctx_free(ctx[2]);
}

static void section_stream(void)
{
    vld_ctx *ctx;
    check(vld_ctx_new(NULL, &ctx), "ctx");
    set(ctx, VLD_PARAM_THREADS, 1);
    vld_manifest *m = build(ctx, g_data, g_len);
    static const size_t pieces[] = {4096, 65536, 1 << 20, 0};
    bcase cs[4];
    int n = 0;
    char id[64], label[128];
    for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
        if (pieces[i]) {
            snprintf(id, sizeof id, "stream.%zu", pieces[i]);
            snprintf(label, sizeof label, "stream full, %zu KiB pieces, 1 thread", pieces[i] >> 10);
        } else {
            snprintf(id, sizeof id, "stream.whole");
            snprintf(label, sizeof label, "stream full, one piece, 1 thread");
        }
        add_case(cs, &n, do_stream,
                 mk(ctx, m, g_data, g_len, pieces[i] ? pieces[i] : g_len, 0, 1), id, label);
    }
    run_cases(cs, n);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

static void section_small(int quick)
{
    vld_ctx *ctx;
    check(vld_ctx_new(NULL, &ctx), "ctx");
    set(ctx, VLD_PARAM_THREADS, 1);
    set(ctx, VLD_PARAM_DEPTH, VLD_DEPTH_FULL);
    double target = quick ? 0.005 : 0.02; /* seconds per repetition */
    char id[64], label[128];
    double secs[BENCH_MAX_REPS];
    for (size_t size = 64; size <= 65536 && size <= g_len; size <<= 1) {
        /* A different region of the buffer for each size. */
        const uint8_t *p = g_data + ((size * 977) % (g_len - size)) / 64 * 64;
        call c = mk(ctx, build(ctx, p, size), p, size, 0, 0, 64);
        /* Calls per repetition: about `target` seconds of library calls. */
        double t0 = bench_now();
        do_small_vld(&c);
        double one = (bench_now() - t0) / (double)c.calls;
        c.calls = (long)(target / (one > 1e-9 ? one : 1e-9));
        if (c.calls < 64)
            c.calls = 64;
        const char *unit = size >= 1024 ? "KiB" : "B";
        size_t v = size >= 1024 ? size >> 10 : size;
        /* Alternate library and raw repetitions so both see the same load. */
        double sv[BENCH_MAX_REPS], sr[BENCH_MAX_REPS], ov[BENCH_MAX_REPS], or_[BENCH_MAX_REPS];
        do_small_vld(&c);
        do_small_raw(&c);
        for (int r = 0; r < g_reps; r++) {
            bench_measure(0, 1, do_small_vld, &c, &sv[r], &ov[r]);
            bench_measure(0, 1, do_small_raw, &c, &sr[r], &or_[r]);
        }
        snprintf(id, sizeof id, "small.%zu.vld", size);
        snprintf(label, sizeof label, "vld_verify_buffer, %zu %s object", v, unit);
        bench_emit(id, label, (double)size * (double)c.calls, (double)size * (double)c.calls,
                   (double)c.calls, sv, ov, g_reps);
        snprintf(id, sizeof id, "small.%zu.raw", size);
        snprintf(label, sizeof label, "raw XXH3_64bits_dispatch, %zu %s", v, unit);
        bench_emit(id, label, (double)size * (double)c.calls, (double)size * (double)c.calls,
                   (double)c.calls, sr, or_, g_reps);
        (void)secs;
        vld_manifest_free(c.m);
    }
    vld_ctx_free(ctx);
}

static int on_metrics(void *user, const vld_metrics *m)
{
    (void)m;
    ++*(long *)user;
    return 0;
}

static void section_callback(void)
{
    vld_ctx *plain, *hooked;
    long delivered = 0;
    check(vld_ctx_new(NULL, &plain), "ctx");
    check(vld_ctx_new(NULL, &hooked), "ctx");
    set(plain, VLD_PARAM_THREADS, 2);
    set(hooked, VLD_PARAM_THREADS, 2);
    set(hooked, VLD_PARAM_METRICS_INTERVAL_MS, 100);
    check(vld_ctx_set_metrics_callback(hooked, on_metrics, &delivered), "callback");
    vld_manifest *m = build(plain, g_data, g_len);
    call a = mk(plain, m, g_data, g_len, 0, 0, 1), b = mk(hooked, m, g_data, g_len, 0, 0, 1);
    /* Twice the usual repetitions, alternated: the target is a 2 % difference. */
    int reps = 2 * g_reps > BENCH_MAX_REPS ? BENCH_MAX_REPS : 2 * g_reps;
    double sa[BENCH_MAX_REPS], sb[BENCH_MAX_REPS], oa[BENCH_MAX_REPS], ob[BENCH_MAX_REPS];
    do_verify(&a);
    do_verify(&b);
    for (int r = 0; r < reps; r++) {
        bench_measure(0, 1, do_verify, &a, &sa[r], &oa[r]);
        bench_measure(0, 1, do_verify, &b, &sb[r], &ob[r]);
    }
    bench_emit("callback.none.t2", "verify full, no metrics callback, 2 threads", (double)g_len,
               (double)g_len, 1, sa, oa, reps);
    bench_emit("callback.100ms.t2", "verify full, metrics callback every 100 ms, 2 threads",
               (double)g_len, (double)g_len, 1, sb, ob, reps);
    vld_manifest_free(m);
    vld_ctx_free(plain);
    vld_ctx_free(hooked);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void section_job(int jobs)
{
    vld_ctx *ctx;
    check(vld_ctx_new(NULL, &ctx), "ctx");
    vld_manifest *m = build(ctx, g_data, g_len);
    const uint64_t budget = 5000000;
    size_t cap = 1 << 18, n = 0;
    double *steps = malloc(cap * sizeof *steps), whole[BENCH_MAX_REPS];
    int kept = 0;
    double m0 = 0, s0 = 0, busy = 0;
    for (int pass = -1; pass < jobs && kept < BENCH_MAX_REPS; pass++) { /* pass -1: warm-up */
        if (pass == 0) {
            m0 = bench_machine_busy();
            s0 = bench_self_busy();
        }
        vld_job *job;
        check(vld_job_new_buffer(ctx, m, g_data, g_len, 0, VLD_CHUNKS_ALL, &job), "job");
        int done = 0;
        double t0 = bench_now();
        while (!done) {
            double a = bench_now();
            check(vld_job_step(job, budget, &done), "step");
            if (pass >= 0 && n < cap)
                steps[n++] = bench_now() - a;
        }
        if (pass >= 0)
            whole[kept++] = bench_now() - t0;
        vld_report *r;
        check(vld_job_finish(job, &r), "job finish");
        vld_report_free(r);
        vld_job_free(job);
    }
    busy = (bench_machine_busy() - m0) - (bench_self_busy() - s0);
    double wall = 0;
    for (int i = 0; i < kept; i++)
        wall += whole[i];
    qsort(steps, n, sizeof *steps, cmp_double);
    bench_emit("job.5ms", "budgeted job, 5 ms steps (whole job)", (double)g_len, (double)g_len, 1,
               whole, NULL, kept);
    printf("{\"id\":\"job.5ms.steps\",\"budget_ms\":5,\"steps\":%zu,\"p50_ms\":%.4f,"
           "\"p99_ms\":%.4f,\"max_ms\":%.4f,\"others_cores\":%.3f}\n",
           n, steps[n / 2] * 1e3, steps[(n * 99 + 99) / 100 - 1] * 1e3, steps[n - 1] * 1e3,
           wall > 0 && busy > 0 ? busy / wall : 0.0);
    fflush(stdout);
    free(steps);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
}

/*
 * Issue 5's mixed workload: `count` objects whose sizes are spread
 * log-uniformly from 1 KiB to the buffer size (1 GiB in the full run),
 * each a different region of the random buffer with its own manifest,
 * verified in a shuffled order on 2 threads: under a 50 ms budget (the
 * tuner) and at fixed full depth. Pass 0 is the warm-up (the tuner's
 * calibration and first refinements); every verification is printed.
 */
static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void section_latency(int count, int passes)
{
    const int64_t budget_ms = 50;
    size_t *size = malloc((size_t)count * sizeof *size);
    const uint8_t **ptr = malloc((size_t)count * sizeof *ptr);
    vld_manifest **man = malloc((size_t)count * sizeof *man);
    int *order = malloc((size_t)count * sizeof *order);
    double lo = 10.0, hi = 0;
    for (size_t v = g_len; v > 1; v >>= 1)
        hi += 1;
    vld_ctx *tuned, *fixed;
    check(vld_ctx_new(NULL, &tuned), "ctx");
    check(vld_ctx_new(NULL, &fixed), "ctx");
    set(tuned, VLD_PARAM_THREADS, 2);
    set(fixed, VLD_PARAM_THREADS, 2);
    set(fixed, VLD_PARAM_DEPTH, VLD_DEPTH_FULL);
    set(tuned, VLD_PARAM_BUDGET_MS, budget_ms);
    for (int i = 0; i < count; i++) {
        /* Stratified: one size per 1/count quantile of log2(size). */
        double e = lo + (hi - lo) * ((double)i + 0.5) / (double)count;
        size[i] = (size_t)exp2(e);
        if (size[i] > g_len)
            size[i] = g_len;
        size_t room = g_len - size[i];
        ptr[i] = g_data + (room ? (rng() % room) & ~(size_t)63 : 0);
        man[i] = build(fixed, ptr[i], size[i]);
        order[i] = i;
    }
    printf("{\"id\":\"latency.setup\",\"objects\":%d,\"passes\":%d,\"budget_ms\":%lld,"
           "\"min_size\":%zu,\"max_size\":%zu,\"threads\":2}\n",
           count, passes, (long long)budget_ms, size[0], size[count - 1]);
    for (int mode = 0; mode < 2; mode++) {
        vld_ctx *ctx = mode ? fixed : tuned;
        double m0 = 0, s0 = 0, w0 = 0;
        for (int pass = 0; pass <= passes; pass++) {
            if (pass == 1) {
                m0 = bench_machine_busy();
                s0 = bench_self_busy();
                w0 = bench_now();
            }
            for (int i = count - 1; i > 0; i--) { /* Fisher-Yates */
                int j = (int)(rng() % (uint64_t)(i + 1)), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int k = 0; k < count; k++) {
                int i = order[k];
                vld_report *r = NULL;
                double t0 = bench_now();
                check(vld_verify_buffer(ctx, man[i], ptr[i], size[i], &r), "verify");
                double took = bench_now() - t0;
                vld_report_summary s = {.size = sizeof s};
                vld_tuning tu = {.size = sizeof tu};
                vld_report_get_summary(r, &s);
                vld_report_get_tuning(r, &tu);
                printf("{\"lat\":\"%s\",\"pass\":%d,\"size\":%zu,\"ns\":%.0f,\"checked\":%llu,"
                       "\"depth\":%d,\"groups\":%u,\"pred_ns\":%llu,\"bps\":%.0f}\n",
                       mode ? "full" : "tuned", pass, size[i], took * 1e9,
                       (unsigned long long)s.bytes_checked, (int)s.depth, tu.groups,
                       (unsigned long long)tu.predicted_ns, tu.throughput_bps);
                vld_report_free(r);
            }
            fflush(stdout);
        }
        double others = (bench_machine_busy() - m0) - (bench_self_busy() - s0);
        printf("{\"id\":\"latency.load.%s\",\"others_cores\":%.3f}\n", mode ? "full" : "tuned",
               (others > 0 ? others : 0) / (bench_now() - w0));
        fprintf(stderr, "  latency workload, %s\n", mode ? "fixed full depth" : "50 ms budget");
    }
    for (int i = 0; i < count; i++)
        vld_manifest_free(man[i]);
    vld_ctx_free(tuned);
    vld_ctx_free(fixed);
    free(size);
    free(ptr);
    free(man);
    free(order);
}

static int wanted(const char *only, const char *name)
{
    if (!only)
        return 1;
    size_t n = strlen(name);
    for (const char *p = only; (p = strstr(p, name)) != NULL; p += n)
        if ((p == only || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    size_t mib = 1024;
    int objects = 300, passes = 3, jobs = 10, quick = 0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--size") && i + 1 < argc)
            mib = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            g_reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--objects") && i + 1 < argc)
            objects = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--passes") && i + 1 < argc)
            passes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--jobs") && i + 1 < argc)
            jobs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else {
            fprintf(stderr,
                    "usage: %s [--size MiB] [--reps N] [--objects N] [--passes N] [--jobs N]\n"
                    "          [--only limits,depth,chunks,stream,small,callback,job,latency] [--quick]\n",
                    argv[0]);
            return 2;
        }
    }
    if (g_reps < 1 || g_reps > BENCH_MAX_REPS || mib < 1 || objects < 2 || passes < 1) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu < 1)
        ncpu = 1;
    if (ncpu > MAX_THREADS)
        ncpu = MAX_THREADS;
    g_len = mib << 20;
    g_data = bench_alloc(g_len, 0);
    printf("{\"id\":\"setup\",\"libvalidate\":\"%s\",\"xxhash\":%u,\"size\":%zu,\"reps\":%d,"
           "\"warmup\":1,\"cpus\":%ld}\n",
           vld_version_string(), XXH_versionNumber(), g_len, g_reps, ncpu);
    if (wanted(only, "limits") || wanted(only, "depth"))
        section_depth((int)ncpu, wanted(only, "limits"), wanted(only, "depth"));
    if (wanted(only, "chunks"))
        section_chunks();
    if (wanted(only, "stream"))
        section_stream();
    if (wanted(only, "small"))
        section_small(quick);
    if (wanted(only, "callback"))
        section_callback();
    if (wanted(only, "job"))
        section_job(jobs);
    if (wanted(only, "latency"))
        section_latency(objects, passes);
    free((void *)g_data);
    return (int)(g_sink & 0);
}
