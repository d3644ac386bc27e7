/*
 * vld - `vld inspect`: what a manifest says.
 * SPDX-License-Identifier: MIT
 */
#include "cmds.h"

#include "json.h"
#include "manifest_file.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char inspect_help[] =
    "Usage: vld inspect [OPTION]... MANIFEST\n"
    "Describe MANIFEST (- for standard input): format version, chunk algorithm,\n"
    "chunk size and count, object length and whole-object XXH128 digest.\n"
    "\n"
    "      --json    print one JSON object instead of text\n"
    "      --chunks  also list every chunk: index, offset, length, digest\n"
    "  -h, --help    show this help and exit\n"
    "\n"
    "Exit status: 0 the manifest is valid, 2 usage error, unreadable or invalid\n"
    "manifest.\n";

/* Offset and length of chunk i. */
static void chunk_span(const vld_manifest_info *in, uint64_t i, uint64_t *off, uint64_t *len)
{
    *off = i * in->chunk_size;
    *len = in->length - *off < in->chunk_size ? in->length - *off : in->chunk_size;
}

static int print_text(const vld_manifest *m, const vld_manifest_info *in, const char *name,
                      bool chunks)
{
    char hex[33];
    hex_encode(in->digest, sizeof in->digest, hex);
    printf("manifest:       %s\n", name);
    printf("format version: %u\n", (unsigned)in->format_version);
    printf("chunk hash:     %s\n", hash_name(in->hash));
    printf("length:         %llu bytes\n", (unsigned long long)in->length);
    printf("chunk size:     %llu bytes\n", (unsigned long long)in->chunk_size);
    printf("chunks:         %llu\n", (unsigned long long)in->chunk_count);
    printf("digest:         xxh128 %s\n", hex);
    for (uint64_t i = 0; chunks && i < in->chunk_count; i++) {
        uint8_t d[16];
        size_t n = 0;
        uint64_t off, len;
        vld_status st = vld_manifest_get_chunk_digest(m, i, d, &n);
        if (st != VLD_OK) {
            msg_lib_error(name, NULL, st);
            return EXIT_USAGE;
        }
        hex_encode(d, n, hex);
        chunk_span(in, i, &off, &len);
        printf("chunk %llu: %llu+%llu %s\n", (unsigned long long)i, (unsigned long long)off,
               (unsigned long long)len, hex);
    }
    return 0;
}

static int print_json(const vld_manifest *m, const vld_manifest_info *in, const char *name,
                      bool chunks)
{
    char hex[33];
    json_writer w;
    json_init(&w, stdout);
    hex_encode(in->digest, sizeof in->digest, hex);
    json_begin_object(&w);
    json_key(&w, "manifest");
    json_string(&w, name);
    json_key(&w, "format_version");
    json_u64(&w, in->format_version);
    json_key(&w, "algorithm");
    json_string(&w, hash_name(in->hash));
    json_key(&w, "length");
    json_u64(&w, in->length);
    json_key(&w, "chunk_size");
    json_u64(&w, in->chunk_size);
    json_key(&w, "chunk_count");
    json_u64(&w, in->chunk_count);
    json_key(&w, "digest_algorithm");
    json_string(&w, "xxh128");
    json_key(&w, "digest");
    json_string(&w, hex);
    if (chunks) {
        json_key(&w, "chunks");
        json_begin_array(&w);
        for (uint64_t i = 0; i < in->chunk_count; i++) {
            uint8_t d[16];
            size_t n = 0;
            uint64_t off, len;
            if (vld_manifest_get_chunk_digest(m, i, d, &n) != VLD_OK)
                break;
            hex_encode(d, n, hex);
            chunk_span(in, i, &off, &len);
            json_begin_array(&w);
            json_u64(&w, off);
            json_u64(&w, len);
            json_string(&w, hex);
            json_end_array(&w);
        }
        json_end_array(&w);
    }
    json_end_object(&w);
    json_finish(&w);
    return 0;
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 256},
        {"chunks", no_argument, NULL, 257},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    vld_manifest_info info;
    bool json = false, chunks = false;
    const char *name;
    vld_manifest *m;
    vld_status st;
    vld_ctx *ctx;
    int c, rc;

    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 256: json = true; break;
        case 257: chunks = true; break;
        case 'h': fputs(inspect_help, stdout); return 0;
        default: return usage_bad_option(argv, c);
        }
    }
    if (argc - optind != 1)
        return usage_error(argc == optind ? "no MANIFEST given" : "only one MANIFEST at a time");
    name = strcmp(argv[optind], "-") == 0 ? "stdin" : argv[optind];
    ctx = new_ctx();
    if (!ctx)
        return EXIT_USAGE;
    m = manifest_file_load(ctx, argv[optind]);
    vld_ctx_free(ctx);
    if (!m)
        return EXIT_USAGE;
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    st = vld_manifest_get_info(m, &info);
    if (st != VLD_OK) {
        msg_lib_error(name, NULL, st);
        vld_manifest_free(m);
        return EXIT_USAGE;
    }
    rc = json ? print_json(m, &info, name, chunks) : print_text(m, &info, name, chunks);
    vld_manifest_free(m);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return rc;
}
