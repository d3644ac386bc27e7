/*
 * Writes the seed corpus of every fuzz target into DIR/<target>/ (run by
 * fuzz/gen-corpus.sh). Seeds are small and deterministic, so regenerating
 * them gives the same files and a reviewable diff.
 * SPDX-License-Identifier: MIT
 */
#include <libvalidate.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *root;

static void die(const char *what)
{
    fprintf(stderr, "gen_corpus: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void put(const char *target, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, target);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        die(path);
    snprintf(path, sizeof path, "%s/%s/%s", root, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die(path);
}

/* ---- manifest_load: real manifests, and a few broken ones ------------- */

static void manifest(vld_ctx *ctx, const char *name, size_t len, int64_t chunk, int64_t hash,
                     size_t damage_at)
{
    uint8_t *data = malloc(len + 1), out[1024];
    size_t n;
    vld_manifest *m = NULL;
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i * 131 + i / 251);
    if (vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, chunk) != VLD_OK ||
        vld_ctx_set_param(ctx, VLD_PARAM_HASH, hash) != VLD_OK ||
        vld_manifest_build(ctx, data, len, &m) != VLD_OK ||
        vld_manifest_serialize(m, out, sizeof out, &n) != VLD_OK) {
        fprintf(stderr, "gen_corpus: cannot build manifest %s\n", name);
        exit(1);
    }
    if (damage_at)
        out[damage_at % n] ^= 0x40;
    put("manifest_load", name, out, n);
    vld_manifest_free(m);
    free(data);
}

static void manifests(vld_ctx *ctx)
{
    manifest(ctx, "empty", 0, 4096, VLD_HASH_XXH3_64, 0);
    manifest(ctx, "one-byte", 1, 4096, VLD_HASH_XXH3_64, 0);
    manifest(ctx, "one-chunk", 4096, 4096, VLD_HASH_XXH3_64, 0);
    manifest(ctx, "two-chunks", 4097, 4096, VLD_HASH_XXH3_64, 0);
    manifest(ctx, "xxh128", 3 * 8192 + 5, 8192, VLD_HASH_XXH3_128, 0);
    manifest(ctx, "auto-size", 300000, 0, VLD_HASH_XXH3_64, 0);
    manifest(ctx, "big-chunks", 5, (int64_t)1 << 30, VLD_HASH_XXH3_128, 0);
    manifest(ctx, "bad-checksum", 10000, 4096, VLD_HASH_XXH3_64, 70);
    manifest(ctx, "bad-magic", 100, 4096, VLD_HASH_XXH3_64, 1);
    static const uint8_t truncated[] = {0x89, 'V', 'L', 'D', '\r', '\n', 0x1a, '\n', 1, 0};
    put("manifest_load", "truncated", truncated, sizeof truncated);
}

/* ---- params: 13-byte operations (op, key u32, value u64) --------------- */

static size_t param_op(uint8_t *p, uint8_t op, uint32_t key, uint64_t value)
{
    p[0] = op;
    for (int i = 0; i < 4; i++)
        p[1 + i] = (uint8_t)(key >> 8 * i);
    for (int i = 0; i < 8; i++)
        p[5 + i] = (uint8_t)(value >> 8 * i);
    return 13;
}

static void params(void)
{
    uint8_t buf[13 * 64];
    size_t n = 0;
    /* every known key (raw key form: low bit set) at each edge kind */
    static const uint32_t keys[] = {100, 101, 102, 200, 201, 202, 203, 300, 400};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (uint64_t edge = 0; edge < 5; edge++)
            n += param_op(buf + n, 0, keys[k] << 1 | 1, edge | (uint64_t)k << 8);
    put("params", "edges", buf, n);
    n = 0;
    n += param_op(buf + n, 1, 101 << 1 | 1, 65536);
    n += param_op(buf + n, 1, 101 << 1 | 1, 65535);
    n += param_op(buf + n, 1, 400 << 1 | 1, 257);
    n += param_op(buf + n, 2, 0, 0);
    n += param_op(buf + n, 3, 999u << 1 | 1, 0);
    n += param_op(buf + n, 1, 0xffffffffu, UINT64_MAX);
    put("params", "mixed", buf, n);
}

/* ---- stream: header, damage, manifest mutations, piece sizes ----------- */

typedef struct stream_seed {
    uint8_t shape, flags;
    uint32_t len;
    uint64_t seed;
    uint32_t rate;
    uint64_t sample_seed;
    uint8_t groups, group;
    uint8_t n_damage, n_mmut;
} stream_seed;

static size_t le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> 8 * i);
    return (size_t)bytes;
}

static void stream(const char *name, stream_seed s, const uint8_t *tail, size_t tail_len)
{
    uint8_t buf[512];
    size_t n = 0;
    n += le(buf + n, s.shape, 1);
    n += le(buf + n, s.flags, 1);
    n += le(buf + n, s.len, 4);
    n += le(buf + n, s.seed, 8);
    n += le(buf + n, s.rate, 4);
    n += le(buf + n, s.sample_seed, 8);
    n += le(buf + n, s.groups, 1);
    n += le(buf + n, s.group, 1);
    n += le(buf + n, s.n_damage, 1);
    n += le(buf + n, s.n_mmut, 1);
    memcpy(buf + n, tail, tail_len);
    put("stream", name, buf, n + tail_len);
}

static void streams(void)
{
    /* depth = 1 + (shape >> 3 & 3); chunk = 4096 << (shape & 3); shape & 4: XXH128 */
    static const uint8_t pieces[] = {1, 0, 0xff, 0, 0x00, 0x90, 7, 0, 0x01, 0x80};
    stream("full-clean", (stream_seed){2 << 3, 0, 20000, 1, 62500, 0, 0, 0, 0, 0}, pieces,
           sizeof pieces);
    stream("shallow", (stream_seed){0 << 3, 0, 9000, 2, 62500, 0, 0, 0, 0, 0}, pieces,
           sizeof pieces);
    stream("sampled-rate", (stream_seed){1 << 3, 0, 70000, 3, 100000, 42, 0, 0, 0, 0}, pieces,
           sizeof pieces);
    stream("sampled-groups", (stream_seed){1 << 3 | 1, 0, 70000, 4, 1, 7, 4, 1, 0, 0}, pieces,
           sizeof pieces);
    stream("deep-host-128", (stream_seed){3 << 3 | 4, 2, 50000, 5, 1, 0, 0, 0, 0, 0}, pieces,
           sizeof pieces);
    stream("auto-chunk", (stream_seed){2 << 3, 0x10, 131072, 6, 1, 0, 0, 0, 0, 0}, pieces,
           sizeof pieces);
    /* damage ops: op (0 flip, 1 truncate, 2 append), val, at (u32) */
    static const uint8_t flip[] = {0, 0x10, 0x34, 0x12, 0, 0, 1, 0x20, 0x00, 0x50, 0, 0,
                                   2, 0x33, 0x10, 0x02, 0, 0, 1, 0, 3, 0};
    stream("damaged", (stream_seed){2 << 3, 8 | 1 << 5, 40000, 7, 1, 0, 0, 0, 3, 0}, flip,
           sizeof flip);
    /* manifest mutation: at (u32), xor; hits the length field */
    static const uint8_t mm[] = {17, 0, 0, 0, 0x01, 1, 0, 8, 0};
    stream("manifest-mutated", (stream_seed){3 << 3, 0, 12288, 8, 1, 0, 0, 0, 0, 1}, mm,
           sizeof mm);
}

/* ---- sumline: a flags byte, then a line or a file of lines ------------- */

static void line(const char *name, uint8_t flags, const char *text)
{
    uint8_t buf[512];
    size_t n = strlen(text);
    buf[0] = flags;
    memcpy(buf + 1, text, n);
    put("sumline", name, buf, n + 1);
}

static void sumlines(void)
{
    line("gnu-xxh32", 0, "e2f1d3a9  file.txt");
    line("gnu-xxh64", 0, "0123456789abcdef  a b c");
    line("gnu-xxh128", 2, "0123456789abcdef0123456789ABCDEF *binary.bin");
    line("gnu-xxh3", 0, "XXH3_0123456789abcdef  name");
    line("bsd-xxh3", 0, "XXH3 (some (file) = x) = 0123456789abcdef");
    line("bsd-le", 1, "XXH64_LE (f) = efcdab8967452301");
    line("escaped", 0, "\\0123456789abcdef  back\\\\slash\\nnewline");
    line("comment", 0, "# xxhsum 0.8.2");
    line("invalid", 0, "0123456789abcdef");
    line("file", 4, "e2f1d3a9  a\nXXH32 (b) = e2f1d3a9\n\n# c\nXXH128 (d) = "
                    "0123456789abcdef0123456789abcdef");
}

int main(int argc, char **argv)
{
    vld_ctx *ctx = NULL;
    if (argc != 2) {
        fprintf(stderr, "usage: gen_corpus DIR\n");
        return 2;
    }
    root = argv[1];
    if (mkdir(root, 0777) != 0 && errno != EEXIST)
        die(root);
    if (vld_ctx_new(NULL, &ctx) != VLD_OK)
        return 1;
    manifests(ctx);
    params();
    streams();
    sumlines();
    vld_ctx_free(ctx);
    return 0;
}
