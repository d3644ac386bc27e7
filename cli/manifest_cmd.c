/*
 * vld - `vld manifest`: write the chunk manifest of a file.
 * SPDX-License-Identifier: MIT
 */
#include "cmds.h"

#include "atomic.h"
#include "manifest_file.h"
#include "progress.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char manifest_help[] =
    "Usage: vld manifest [OPTION]... FILE\n"
    "Write the chunk manifest of FILE (- for standard input) to FILE.vldm.\n"
    "\n"
    "  -c, --chunk-size SIZE|auto  chunk size: a power of two from 4K to 1G\n"
    "                              (suffixes K, M, G), or auto (default), which\n"
    "                              picks it from the file's size\n"
    "  -a, --algorithm ALGO        chunk hash: xxh3 (default) or xxh128\n"
    "  -o, --output OUT            write to OUT instead of FILE.vldm (required\n"
    "                              for standard input; - writes to standard output)\n"
    "  -f, --force                 replace OUT if it exists\n"
    "  -q, --quiet                 print nothing on success; no progress bar\n"
    "      --no-progress           no progress bar\n"
    "  -h, --help                  show this help and exit\n"
    "\n"
    "The manifest is written to a temporary file in OUT's directory, synced and\n"
    "renamed, so OUT is always either the old manifest or the new one.\n"
    "Exit status: 0 written, 2 usage error, unreadable FILE, OUT exists or\n"
    "cannot be written.\n";

typedef struct manifest_opts {
    uint64_t chunk_size; /* 0: automatic */
    vld_hash algo;
    const char *out;
    bool force, quiet, no_progress;
} manifest_opts;

static vld_status feed_builder(void *b, const void *p, size_t n)
{
    return vld_builder_update(b, p, n);
}

/* Build from a non-seekable descriptor through the streaming builder. */
static vld_status build_stream(vld_ctx *ctx, int fd, const char *name, vld_manifest **m)
{
    vld_builder *b = NULL;
    vld_status st = vld_builder_new(ctx, VLD_LENGTH_UNKNOWN, &b);
    if (st == VLD_OK)
        st = feed_fd(fd, name, feed_builder, b);
    if (st == VLD_OK)
        st = vld_builder_finish(b, m);
    if (st != VLD_OK && st != VLD_E_IO) /* read errors are reported already */
        msg_lib_error(name, ctx, st);
    vld_builder_free(b);
    return st;
}

static bool same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

static int write_manifest(const vld_manifest *m, const manifest_opts *o)
{
    size_t size = 0, written = 0;
    unsigned char *buf;
    vld_status st = vld_manifest_serialized_size(m, &size);
    int e;

    if (st != VLD_OK) {
        msg_lib_error(o->out, NULL, st);
        return EXIT_USAGE;
    }
    buf = malloc(size ? size : 1);
    if (!buf) {
        msg_error(o->out, "%s", strerror(ENOMEM));
        return EXIT_USAGE;
    }
    st = vld_manifest_serialize(m, buf, size, &written);
    if (st != VLD_OK) {
        free(buf);
        msg_lib_error(o->out, NULL, st);
        return EXIT_USAGE;
    }
    if (strcmp(o->out, "-") == 0) {
        e = write_all(STDOUT_FILENO, buf, written);
        if (e)
            msg_error("standard output", "%s", strerror(e));
    } else {
        e = atomic_write(o->out, buf, written, o->force);
        if (e == EEXIST)
            msg_error(o->out, "%s (use --force to replace it)", strerror(e));
        else if (e)
            msg_error(o->out, "%s", strerror(e));
    }
    free(buf);
    return e ? EXIT_USAGE : 0;
}

static int run(const char *path, manifest_opts *o)
{
    const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
    bool regular = false;
    vld_manifest *m = NULL;
    vld_status st;
    progress pg;
    int rc, fd;
    vld_ctx *ctx = new_ctx();

    if (!ctx)
        return EXIT_USAGE;
    if (vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, (int64_t)o->chunk_size) != VLD_OK) {
        vld_ctx_free(ctx);
        return usage_error("invalid chunk size %llu: must be a power of two from 4096 to 2^30",
                           (unsigned long long)o->chunk_size);
    }
    if (vld_ctx_set_param(ctx, VLD_PARAM_HASH, o->algo) != VLD_OK) {
        vld_ctx_free(ctx);
        return usage_error("algorithm %s is not supported for manifests", hash_name(o->algo));
    }
    fd = open_input(path, &regular);
    if (fd < 0) {
        vld_ctx_free(ctx);
        return EXIT_USAGE;
    }
    if (strcmp(o->out, "-") != 0 && same_file(fd, o->out)) {
        msg_error(o->out, "refusing to write the manifest over its own input");
        close_input(fd);
        vld_ctx_free(ctx);
        return EXIT_USAGE;
    }
    progress_init(&pg, progress_wanted(o->quiet, o->no_progress));
    progress_begin(&pg, ctx, name);
    if (regular) {
        st = vld_manifest_build_fd(ctx, fd, &m);
        if (st != VLD_OK)
            msg_lib_error(name, ctx, st);
    } else {
        st = build_stream(ctx, fd, name, &m);
    }
    progress_end(&pg, ctx);
    close_input(fd);

    rc = st == VLD_OK ? write_manifest(m, o) : EXIT_USAGE;
    if (rc == 0 && !o->quiet && strcmp(o->out, "-") != 0) {
        vld_manifest_info info = {.size = sizeof info};
        if (vld_manifest_get_info(m, &info) == VLD_OK)
            printf("%s: %llu bytes, %llu chunks of %llu bytes (%s) -> %s\n", name,
                   (unsigned long long)info.length, (unsigned long long)info.chunk_count,
                   (unsigned long long)info.chunk_size, hash_name(info.hash), o->out);
    }
    vld_manifest_free(m);
    vld_ctx_free(ctx);
    return rc;
}

int cmd_manifest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"chunk-size", required_argument, NULL, 'c'},
        {"algorithm", required_argument, NULL, 'a'},
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},
        {"no-progress", no_argument, NULL, 256},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    manifest_opts o;
    char *default_out = NULL;
    int c, rc;

    memset(&o, 0, sizeof o);
    o.algo = VLD_HASH_XXH3_64;
    while ((c = getopt_long(argc, argv, ":c:a:o:fqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (strcmp(optarg, "auto") == 0)
                o.chunk_size = 0;
            else if (!parse_size(optarg, &o.chunk_size) || o.chunk_size == 0)
                return usage_error("invalid chunk size '%s' (a power of two from 4K to 1G, "
                                   "or auto)", optarg);
            break;
        case 'a':
            if (strcmp(optarg, "xxh3") == 0)
                o.algo = VLD_HASH_XXH3_64;
            else if (strcmp(optarg, "xxh128") == 0)
                o.algo = VLD_HASH_XXH3_128;
            else
                return usage_error("unknown chunk algorithm '%s' (xxh3 or xxh128)", optarg);
            break;
        case 'o': o.out = optarg; break;
        case 'f': o.force = true; break;
        case 'q': o.quiet = true; break;
        case 256: o.no_progress = true; break;
        case 'h': fputs(manifest_help, stdout); return 0;
        default: return usage_bad_option(argv, c);
        }
    }
    if (argc - optind != 1)
        return usage_error(argc == optind ? "no FILE given" : "only one FILE at a time");
    if (!o.out) {
        if (strcmp(argv[optind], "-") == 0)
            return usage_error("reading standard input needs -o OUT");
        default_out = manifest_default_path(argv[optind]);
        if (!default_out) {
            msg_error(NULL, "%s", strerror(ENOMEM));
            return EXIT_USAGE;
        }
        o.out = default_out;
    }
    if (strcmp(o.out, "-") == 0 && isatty(STDOUT_FILENO)) {
        free(default_out);
        return usage_error("refusing to write a binary manifest to a terminal");
    }
    if (!o.force && strcmp(o.out, "-") != 0) {
        struct stat sb;
        /* fail before the work; atomic_write checks again at the end */
        if (lstat(o.out, &sb) == 0) {
            msg_error(o.out, "%s (use --force to replace it)", strerror(EEXIST));
            free(default_out);
            return EXIT_USAGE;
        }
    }
    rc = run(argv[optind], &o);
    free(default_out);
    return rc;
}
