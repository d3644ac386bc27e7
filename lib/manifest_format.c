/*
 * Manifest format version 1 (docs/manifest-format.md is the specification):
 *
 *   0  8  magic            89 56 4C 44 0D 0A 1A 0A  ("\x89VLD\r\n\x1a\n")
 *   8  2  format version   1 (u16 LE)
 *  10  2  flags            0 (u16 LE; any set bit is unknown to v1)
 *  12  1  chunk hash       1 = XXH3-64, 2 = XXH3-128
 *  13  1  log2 chunk size  12..30
 *  14  2  header size      64 (u16 LE)
 *  16  8  length           u64 LE
 *  24  8  chunk count      u64 LE, = ceil(length / chunk size)
 *  32 16  object digest    XXH3-128 of all bytes, canonical (big-endian)
 *  48 16  reserved         zero
 *  64  .  chunk digests    chunk count x (8 or 16) bytes, canonical
 *   .  8  checksum         XXH3-64 of every byte before it, canonical
 *
 * Loading trusts nothing: each size is checked against the bytes actually
 * given before anything is allocated.
 */
#include "internal.h"
#include "xxh.h"

#include <string.h>

#define HEADER_SIZE 64u
#define TRAILER_SIZE 8u
static const uint8_t MAGIC[8] = {0x89, 'V', 'L', 'D', '\r', '\n', 0x1a, '\n'};

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static int log2_exact(uint64_t v)
{
    int n = 0;
    while (v > 1) {
        v >>= 1;
        n++;
    }
    return n;
}

vld_status vld_manifest_serialized_size(const vld_manifest *m, size_t *size)
{
    if (!m || !size)
        return VLD_E_INVALID_ARGUMENT;
    /* A manifest in memory already holds its table in one allocation, so
     * this sum cannot overflow by more than the fixed parts. */
    size_t table = (size_t)m->chunk_count * m->digest_size;
    if (table > SIZE_MAX - HEADER_SIZE - TRAILER_SIZE)
        return VLD_E_NOMEM;
    *size = HEADER_SIZE + table + TRAILER_SIZE;
    return VLD_OK;
}

vld_status vld_manifest_serialize(const vld_manifest *m, void *buf, size_t cap, size_t *written)
{
    size_t need;
    if (written)
        *written = 0;
    if (!m || !buf || !written)
        return VLD_E_INVALID_ARGUMENT;
    vld_status st = vld_manifest_serialized_size(m, &need);
    if (st != VLD_OK)
        return st;
    if (cap < need)
        return VLD_E_BUFFER_TOO_SMALL;
    uint8_t *p = buf;
    memset(p, 0, HEADER_SIZE);
    memcpy(p, MAGIC, sizeof MAGIC);
    put_le(p + 8, VLDI_FORMAT_VERSION, 2);
    put_le(p + 10, 0, 2);
    p[12] = (uint8_t)m->hash;
    p[13] = (uint8_t)log2_exact(m->chunk_size);
    put_le(p + 14, HEADER_SIZE, 2);
    put_le(p + 16, m->length, 8);
    put_le(p + 24, m->chunk_count, 8);
    memcpy(p + 32, m->digest, 16);
    size_t table = need - HEADER_SIZE - TRAILER_SIZE;
    if (table)
        memcpy(p + HEADER_SIZE, m->chunk_digests, table);
    vldi_digest(VLD_HASH_XXH3_64, p, need - TRAILER_SIZE, p + need - TRAILER_SIZE);
    *written = need;
    return VLD_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

vld_status vld_manifest_load(vld_ctx *ctx, const void *buf, size_t len, vld_manifest **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !out || (!buf && len))
        return VLD_E_INVALID_ARGUMENT;
    const uint8_t *p = buf;
    size_t magic_len = len < sizeof MAGIC ? len : sizeof MAGIC;
    if (memcmp(p ? (const void *)p : "", MAGIC, magic_len) != 0)
        return vldi_fail(ctx, VLD_E_MANIFEST_MAGIC, "not a libvalidate manifest (bad magic)");
    if (len < HEADER_SIZE + TRAILER_SIZE)
        return vldi_fail(ctx, VLD_E_MANIFEST_TRUNCATED,
                         "manifest is %zu bytes, shorter than the %u-byte minimum", len,
                         HEADER_SIZE + TRAILER_SIZE);
    uint64_t version = get_le(p + 8, 2);
    if (version != VLDI_FORMAT_VERSION)
        return vldi_fail(ctx, VLD_E_MANIFEST_VERSION,
                         "manifest format version %u is not supported (this library reads 1)",
                         (unsigned)version);
    uint64_t flags = get_le(p + 10, 2);
    if (flags)
        return vldi_fail(ctx, VLD_E_MANIFEST_FLAGS, "manifest uses unknown flags 0x%04x",
                         (unsigned)flags);
    if (get_le(p + 14, 2) != HEADER_SIZE)
        return vldi_fail(ctx, VLD_E_MANIFEST_INVALID, "manifest header size is %u, expected %u",
                         (unsigned)get_le(p + 14, 2), HEADER_SIZE);
    vld_hash hash = (vld_hash)p[12];
    if (hash != VLD_HASH_XXH3_64 && hash != VLD_HASH_XXH3_128)
        return vldi_fail(ctx, VLD_E_MANIFEST_INVALID, "unknown chunk hash algorithm %u", p[12]);
    if (p[13] < 12 || p[13] > 30)
        return vldi_fail(ctx, VLD_E_MANIFEST_INVALID,
                         "chunk size 2^%u is outside 2^12..2^30", p[13]);
    uint64_t chunk_size = (uint64_t)1 << p[13];
    uint64_t length = get_le(p + 16, 8);
    uint64_t count = get_le(p + 24, 8);
    if (count != vldi_chunk_count(length, chunk_size))
        return vldi_fail(ctx, VLD_E_MANIFEST_INVALID,
                         "chunk count %llu does not match length %llu at chunk size %llu",
                         (unsigned long long)count, (unsigned long long)length,
                         (unsigned long long)chunk_size);
    size_t dsize = vldi_digest_size(hash);
    /* Compare with the bytes we were given before multiplying anything. */
    size_t room = len - HEADER_SIZE - TRAILER_SIZE;
    if (count > room / dsize)
        return vldi_fail(ctx, VLD_E_MANIFEST_TRUNCATED,
                         "manifest declares %llu chunks but holds room for %zu",
                         (unsigned long long)count, room / dsize);
    size_t table = (size_t)count * dsize;
    if (table != room)
        return vldi_fail(ctx, VLD_E_MANIFEST_TRAILING, "%zu unexpected bytes after the manifest",
                         room - table);
    uint8_t sum[16];
    vldi_digest(VLD_HASH_XXH3_64, p, len - TRAILER_SIZE, sum);
    if (memcmp(sum, p + len - TRAILER_SIZE, TRAILER_SIZE) != 0)
        return vldi_fail(ctx, VLD_E_MANIFEST_CHECKSUM,
                         "manifest checksum mismatch: the manifest is damaged");
    if (!all_zero(p + 48, 16))
        return vldi_fail(ctx, VLD_E_MANIFEST_INVALID, "reserved header bytes are not zero");
    vld_manifest *m;
    vld_status st = vldi_manifest_new(&ctx->alloc, hash, length, chunk_size, &m);
    if (st != VLD_OK)
        return vldi_fail(ctx, st, "no memory for a manifest of %llu chunks",
                         (unsigned long long)count);
    memcpy(m->digest, p + 32, 16);
    if (table)
        memcpy(m->chunk_digests, p + HEADER_SIZE, table);
    *out = m;
    return VLD_OK;
}
