/*
 * vld - `vld verify`: verify a file against its manifest at a chosen depth
 * and say where the damage is.
 * SPDX-License-Identifier: MIT
 */
#include "cmds.h"

#include "manifest_file.h"
#include "progress.h"
#include "util.h"
#include "metrics_out.h"
#include "verify_output.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char verify_help[] =
    "Usage: vld verify [OPTION]... FILE [MANIFEST]\n"
    "Verify FILE (- for standard input) against MANIFEST (default FILE.vldm).\n"
    "\n"
    "  -d, --depth DEPTH     shallow (length only), sampled (a subset of chunks),\n"
    "                        full (every chunk, the default) or deep (every chunk\n"
    "                        and the whole-file digest)\n"
    "  -s, --sample RATE     sampled depth: a fraction (0.0625), a percentage\n"
    "                        (6.25%) or a group n/t (chunks of group n of t);\n"
    "                        implies --depth sampled\n"
    "      --seed S          sampled depth: seed of the chunk selection (default 0);\n"
    "                        implies --depth sampled\n"
    "  -j, --threads N       worker threads: 0 one per core (default), 1 none\n"
    "      --budget-ms MS    latency budget: the library's auto-tuner picks the\n"
    "                        deepest depth (up to --depth) and the largest sample\n"
    "                        that fit MS milliseconds, and says what it chose\n"
    "      --metrics         print the library's metrics snapshots on standard\n"
    "                        error (JSON lines with --json)\n"
    "      --metrics-interval MS  milliseconds between snapshots (default 1000)\n"
    "      --json            print one JSON object instead of text\n"
    "  -q, --quiet           print nothing when no damage is found; no progress bar\n"
    "      --no-progress     no progress bar\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 no damage found in what was checked, 1 damage or a length\n"
    "mismatch found, 2 usage error, unreadable input or invalid manifest.\n";

typedef struct verify_opts {
    vld_depth depth;
    bool depth_given, sample_given, json, quiet, no_progress;
    int64_t sample_ppm;    /* when the sample is a rate */
    uint64_t group, groups; /* when it is a group (groups != 0) */
    uint64_t seed;
    int64_t threads; /* -1: library default */
    int64_t budget_ms; /* 0: no budget */
    bool metrics;
    int64_t metrics_interval_ms;
} verify_opts;

static bool parse_depth(const char *s, vld_depth *d)
{
    static const struct {
        const char *name;
        vld_depth depth;
    } names[] = {{"shallow", VLD_DEPTH_SHALLOW},
                 {"sampled", VLD_DEPTH_SAMPLED},
                 {"full", VLD_DEPTH_FULL},
                 {"deep", VLD_DEPTH_DEEP}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *d = names[i].depth;
            return true;
        }
    }
    return false;
}

/* RATE: "0.0625", "6.25%" or "n/t". */
static bool parse_sample(const char *s, verify_opts *o)
{
    const char *slash = strchr(s, '/');
    char *end;
    double v;
    if (slash) {
        char nbuf[32];
        size_t n = (size_t)(slash - s);
        if (n == 0 || n >= sizeof nbuf)
            return false;
        memcpy(nbuf, s, n);
        nbuf[n] = '\0';
        if (!parse_u64(nbuf, &o->group) || !parse_u64(slash + 1, &o->groups))
            return false;
        return o->groups >= 1 && o->group < o->groups;
    }
    errno = 0;
    v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return false;
    if (*end == '%') {
        end++;
        v /= 100.0;
    }
    if (*end || v <= 0.0 || v > 1.0)
        return false;
    o->sample_ppm = (int64_t)llround(v * 1e6);
    o->groups = 0;
    return o->sample_ppm >= 1;
}

static int apply_params(vld_ctx *ctx, const verify_opts *o)
{
    if (vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, o->depth) != VLD_OK)
        return usage_error("depth %s is not supported by this library", depth_name(o->depth));
    if (o->groups) {
        if (vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUPS, (int64_t)o->groups) != VLD_OK ||
            vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUP, (int64_t)o->group) != VLD_OK)
            return usage_error("sample group %llu/%llu is out of range",
                               (unsigned long long)o->group, (unsigned long long)o->groups);
    } else if (o->sample_ppm > 0 &&
               vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, o->sample_ppm) != VLD_OK) {
        return usage_error("sample rate of %lld ppm is out of range", (long long)o->sample_ppm);
    }
    if (vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_SEED, (int64_t)o->seed) != VLD_OK)
        return usage_error("seed %llu is out of range", (unsigned long long)o->seed);
    if (o->threads >= 0 && vld_ctx_set_param(ctx, VLD_PARAM_THREADS, o->threads) != VLD_OK) {
        int64_t lo = 0, hi = 0;
        vld_param_bounds(VLD_PARAM_THREADS, &lo, &hi, NULL);
        return usage_error("--threads must be from %lld to %lld", (long long)lo, (long long)hi);
    }
    if (o->budget_ms && vld_ctx_set_param(ctx, VLD_PARAM_BUDGET_MS, o->budget_ms) != VLD_OK) {
        int64_t lo = 0, hi = 0;
        vld_param_bounds(VLD_PARAM_BUDGET_MS, &lo, &hi, NULL);
        return usage_error("--budget-ms must be from 1 to %lld", (long long)hi);
    }
    if (o->metrics && metrics_out_install(ctx, o->json, o->metrics_interval_ms) != VLD_OK)
        return usage_error("--metrics-interval must be from 0 to 3600000");
    return 0;
}

static vld_status feed_stream(void *s, const void *p, size_t n)
{
    return vld_stream_update(s, p, n);
}

/* Standard input or another non-seekable input: through a stream. */
static vld_status verify_stream(vld_ctx *ctx, const vld_manifest *m, int fd, const char *name,
                                vld_report **r)
{
    vld_stream *s = NULL;
    vld_status st = vld_stream_new(ctx, m, &s);
    if (st == VLD_OK)
        st = feed_fd(fd, name, feed_stream, s);
    if (st == VLD_OK)
        st = vld_stream_finish(s, r);
    if (st != VLD_OK && st != VLD_E_IO) /* read errors are reported already */
        msg_lib_error(name, ctx, st);
    vld_stream_free(s);
    return st;
}

static int run(const char *file, const char *manifest_path, const verify_opts *o)
{
    const char *name = strcmp(file, "-") == 0 ? "stdin" : file;
    verify_result res;
    vld_manifest *m = NULL;
    vld_report *r = NULL;
    vld_status st;
    bool regular = false;
    progress pg;
    uint64_t t0;
    int rc, fd;
    vld_ctx *ctx = new_ctx();

    if (!ctx)
        return EXIT_USAGE;
    rc = apply_params(ctx, o);
    if (rc) {
        vld_ctx_free(ctx);
        return rc;
    }
    /* the data first: "vld: data.bin: No such file or directory" beats a
     * complaint about the data.bin.vldm nobody could have written */
    fd = open_input(file, &regular);
    if (fd < 0) {
        vld_ctx_free(ctx);
        return EXIT_USAGE;
    }
    m = manifest_file_load(ctx, manifest_path);
    if (!m) {
        close_input(fd);
        vld_ctx_free(ctx);
        return EXIT_USAGE;
    }

    progress_init(&pg, progress_wanted(o->quiet || o->json, o->no_progress));
    progress_begin(&pg, ctx, name);
    t0 = now_ms();
    if (regular) {
        st = vld_verify_fd(ctx, m, fd, &r);
        if (st != VLD_OK)
            msg_lib_error(name, ctx, st);
    } else {
        st = verify_stream(ctx, m, fd, name, &r);
    }
    progress_end(&pg, ctx);
    close_input(fd);

    memset(&res, 0, sizeof res);
    res.file = name;
    res.manifest = strcmp(manifest_path, "-") == 0 ? "stdin" : manifest_path;
    res.report = r;
    res.status = st;
    res.elapsed_ms = now_ms() - t0;
    rc = verify_print(&res, o->json, o->quiet);

    vld_report_free(r);
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    return rc;
}

enum { OPT_SEED = 256, OPT_BUDGET, OPT_JSON, OPT_NO_PROGRESS, OPT_METRICS, OPT_METRICS_INTERVAL };

int cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"depth", required_argument, NULL, 'd'},
        {"sample", required_argument, NULL, 's'},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, 'j'},
        {"budget-ms", required_argument, NULL, OPT_BUDGET},
        {"json", no_argument, NULL, OPT_JSON},
        {"metrics", no_argument, NULL, OPT_METRICS},
        {"metrics-interval", required_argument, NULL, OPT_METRICS_INTERVAL},
        {"quiet", no_argument, NULL, 'q'},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    verify_opts o;
    char *default_manifest = NULL;
    const char *file, *manifest;
    uint64_t v;
    int c, rc;

    memset(&o, 0, sizeof o);
    o.depth = VLD_DEPTH_FULL;
    o.threads = -1;
    o.metrics_interval_ms = 1000;
    while ((c = getopt_long(argc, argv, ":d:s:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!parse_depth(optarg, &o.depth))
                return usage_error("unknown depth '%s' (shallow, sampled, full, deep)", optarg);
            o.depth_given = true;
            break;
        case 's':
            if (!parse_sample(optarg, &o))
                return usage_error("invalid sample '%s' (a fraction in (0,1], a percentage "
                                   "or n/t with n < t)", optarg);
            o.sample_given = true;
            break;
        case OPT_SEED:
            if (!parse_u64(optarg, &o.seed))
                return usage_error("invalid seed '%s' (an unsigned 64-bit number)", optarg);
            o.sample_given = true;
            break;
        case 'j':
            if (!parse_u64(optarg, &v) || v > INT64_MAX)
                return usage_error("invalid thread count '%s'", optarg);
            o.threads = (int64_t)v;
            break;
        case OPT_BUDGET:
            if (!parse_u64(optarg, &v) || v == 0 || v > INT64_MAX)
                return usage_error("invalid budget '%s' (milliseconds, at least 1)", optarg);
            o.budget_ms = (int64_t)v;
            break;
        case OPT_METRICS: o.metrics = true; break;
        case OPT_METRICS_INTERVAL:
            if (!parse_u64(optarg, &v) || v > INT64_MAX)
                return usage_error("invalid metrics interval '%s'", optarg);
            o.metrics_interval_ms = (int64_t)v;
            o.metrics = true;
            break;
        case OPT_JSON: o.json = true; break;
        case 'q': o.quiet = true; break;
        case OPT_NO_PROGRESS: o.no_progress = true; break;
        case 'h': fputs(verify_help, stdout); return 0;
        default: return usage_bad_option(argv, c);
        }
    }
    if (o.sample_given) {
        if (o.depth_given && o.depth != VLD_DEPTH_SAMPLED)
            return usage_error("--sample and --seed apply only to --depth sampled");
        o.depth = VLD_DEPTH_SAMPLED;
    }
    if (argc - optind < 1)
        return usage_error("no FILE given");
    if (argc - optind > 2)
        return usage_error("too many arguments: FILE [MANIFEST]");
    file = argv[optind];
    manifest = argc - optind == 2 ? argv[optind + 1] : NULL;
    if (!manifest) {
        if (strcmp(file, "-") == 0)
            return usage_error("verifying standard input needs a MANIFEST");
        default_manifest = manifest_default_path(file);
        if (!default_manifest) {
            msg_error(NULL, "%s", strerror(ENOMEM));
            return EXIT_USAGE;
        }
        manifest = default_manifest;
    }
    if (strcmp(file, "-") == 0 && strcmp(manifest, "-") == 0)
        return usage_error("FILE and MANIFEST cannot both be standard input");
    rc = run(file, manifest, &o);
    free(default_manifest);
    return rc;
}
