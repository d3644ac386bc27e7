/*
 * vld - `vld sum`: whole-file checksums, printed byte for byte as
 * xxhsum 0.8.1 prints them.
 * SPDX-License-Identifier: MIT
 */
#include "cmds.h"

#include "check.h"
#include "progress.h"
#include "sumfile.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char sum_help[] =
    "Usage: vld sum [OPTION]... [FILE]...\n"
    "Print xxHash checksums of FILEs, in the format of xxhsum 0.8.1.\n"
    "With no FILE, or when FILE is -, read standard input (named 'stdin').\n"
    "\n"
    "  -a, --algorithm ALGO  xxh32, xxh64 (default), xxh3 or xxh128\n"
    "  -H N                  xxhsum's spelling: 0 or 32, 1 or 64, 2 or 128, 3 (XXH3)\n"
    "      --tag             BSD-style lines: XXH64 (FILE) = HASH\n"
    "                        (XXH3 lines are always BSD-style, as in xxhsum)\n"
    "      --little-endian   print digests in little-endian order\n"
    "  -c, --check           read checksum lists and check them, as 'vld check'\n"
    "                        (which describes --quiet, --status, --strict, --warn,\n"
    "                        --ignore-missing)\n"
    "  -q, --quiet           no progress bar\n"
    "      --no-progress     no progress bar\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Names are printed as given, unescaped, as xxhsum 0.8.1 does.\n"
    "Exit status: 0 every file was hashed, 1 a file could not be read, 2 usage error.\n";

static bool parse_algo(const char *s, vld_hash *out)
{
    static const struct {
        const char *name;
        vld_hash algo;
    } names[] = {
        {"xxh32", VLD_HASH_XXH32},   {"xxh64", VLD_HASH_XXH64},  {"xxh3", VLD_HASH_XXH3_64},
        {"xxh128", VLD_HASH_XXH3_128}, {"XXH32", VLD_HASH_XXH32},  {"XXH64", VLD_HASH_XXH64},
        {"XXH3", VLD_HASH_XXH3_64},  {"XXH128", VLD_HASH_XXH3_128},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].algo;
            return true;
        }
    }
    return false;
}

/* xxhsum's -H values */
static bool parse_h(const char *s, vld_hash *out)
{
    uint64_t v;
    if (!parse_u64(s, &v))
        return false;
    switch (v) {
    case 0: case 32: *out = VLD_HASH_XXH32; return true;
    case 1: case 64: *out = VLD_HASH_XXH64; return true;
    case 2: case 128: *out = VLD_HASH_XXH3_128; return true;
    case 3: *out = VLD_HASH_XXH3_64; return true;
    default: return false;
    }
}

/* Hash one FILE ("-" is standard input) and print its line. */
static bool sum_one(vld_ctx *ctx, progress *pg, const char *path, vld_hash algo, bool bsd,
                    bool le)
{
    uint8_t digest[16];
    size_t len = 0;
    bool from_stdin = strcmp(path, "-") == 0;
    const char *name = from_stdin ? "stdin" : path;
    vld_status st;
    int fd = open_input(path, NULL);

    if (fd < 0)
        return false;
    progress_begin(pg, ctx, name);
    st = vld_digest_fd(ctx, algo, fd, digest, &len);
    progress_end(pg, ctx);
    close_input(fd);
    if (st != VLD_OK) {
        msg_lib_error(name, ctx, st);
        return false;
    }
    sumline_print(stdout, algo, digest, len, name, bsd, le);
    return true;
}

enum { OPT_TAG = 256, OPT_LE, OPT_STATUS, OPT_STRICT, OPT_IGNORE_MISSING, OPT_NO_PROGRESS };

int cmd_sum(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"algorithm", required_argument, NULL, 'a'},
        {"tag", no_argument, NULL, OPT_TAG},
        {"little-endian", no_argument, NULL, OPT_LE},
        {"check", no_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},
        {"status", no_argument, NULL, OPT_STATUS},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"warn", no_argument, NULL, 'w'},
        {"ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    vld_hash algo = VLD_HASH_XXH64; /* xxhsum's default */
    bool bsd = false, check = false, no_progress = false, ok = true;
    check_opts co;
    progress pg;
    vld_ctx *ctx;
    int c;

    memset(&co, 0, sizeof co);
    while ((c = getopt_long(argc, argv, ":a:H:cqwh", longopts, NULL)) != -1) {
        switch (c) {
        case 'a':
            if (!parse_algo(optarg, &algo))
                return usage_error("unknown algorithm '%s' (xxh32, xxh64, xxh3, xxh128)", optarg);
            break;
        case 'H':
            if (!parse_h(optarg, &algo))
                return usage_error("unknown algorithm '-H%s' (0, 1, 2, 3, 32, 64, 128)", optarg);
            break;
        case OPT_TAG: bsd = true; break;
        case OPT_LE: co.little_endian = true; break;
        case 'c': check = true; break;
        case 'q': co.quiet = true; break;
        case 'w': co.warn = true; break;
        case OPT_STATUS: co.status = true; break;
        case OPT_STRICT: co.strict = true; break;
        case OPT_IGNORE_MISSING: co.ignore_missing = true; break;
        case OPT_NO_PROGRESS: no_progress = true; break;
        case 'h': fputs(sum_help, stdout); return 0;
        default: return usage_bad_option(argv, c);
        }
    }
    if (optind == argc && isatty(STDIN_FILENO))
        return usage_error("no FILE given and standard input is a terminal (use - to read it)");

    if (check) {
        co.progress = progress_wanted(co.quiet || co.status, no_progress);
        return check_run(&co, argv + optind, argc - optind);
    }

    ctx = new_ctx();
    if (!ctx)
        return 1;
    progress_init(&pg, progress_wanted(co.quiet, no_progress));
    if (optind == argc) {
        ok = sum_one(ctx, &pg, "-", algo, bsd, co.little_endian);
    } else {
        for (int i = optind; i < argc; i++)
            ok = sum_one(ctx, &pg, argv[i], algo, bsd, co.little_endian) && ok;
    }
    vld_ctx_free(ctx);
    if (fflush(stdout) != 0) {
        msg_error(NULL, "standard output: %s", strerror(errno));
        return 1;
    }
    return ok ? 0 : 1;
}
