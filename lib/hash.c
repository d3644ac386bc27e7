/* Digests in canonical (big-endian) byte order: the bytes xxhsum prints in hex. */
#include "internal.h"
#include "xxh.h"

#include <string.h>

size_t vldi_digest_size(vld_hash algo)
{
    switch (algo) {
    case VLD_HASH_XXH32:
        return 4;
    case VLD_HASH_XXH64:
    case VLD_HASH_XXH3_64:
        return 8;
    case VLD_HASH_XXH3_128:
        return 16;
    }
    return 0;
}

static void put64(uint64_t v, uint8_t out[8])
{
    XXH64_canonical_t c;
    XXH64_canonicalFromHash(&c, v);
    memcpy(out, c.digest, 8);
}

static void put128(XXH128_hash_t v, uint8_t out[16])
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, v);
    memcpy(out, c.digest, 16);
}

void vldi_digest(vld_hash algo, const void *data, size_t len, uint8_t out[16])
{
    switch (algo) {
    case VLD_HASH_XXH3_64:
        put64(XXH3_64bits(data, len), out);
        return;
    case VLD_HASH_XXH3_128:
        put128(XXH3_128bits(data, len), out);
        return;
    case VLD_HASH_XXH64:
        put64(XXH64(data, len, 0), out);
        return;
    case VLD_HASH_XXH32: {
        XXH32_canonical_t c;
        XXH32_canonicalFromHash(&c, XXH32(data, len, 0));
        memcpy(out, c.digest, 4);
        return;
    }
    }
}

struct vldi_hasher {
    vld_hash algo;
    void *raw; /* what the allocator returned */
    union {
        XXH3_state_t *xxh3; /* 64-byte aligned inside raw */
        XXH64_state_t *xxh64;
        XXH32_state_t *xxh32;
    } u;
};

vld_status vldi_hasher_new(const vldi_alloc *a, vld_hash algo, vldi_hasher **out)
{
    *out = NULL;
    if (!vldi_digest_size(algo))
        return VLD_E_INVALID_ARGUMENT;
    vldi_hasher *h = vldi_malloc(a, sizeof *h);
    if (!h)
        return VLD_E_NOMEM;
    size_t need = algo == VLD_HASH_XXH32   ? sizeof(XXH32_state_t)
                  : algo == VLD_HASH_XXH64 ? sizeof(XXH64_state_t)
                                           : sizeof(XXH3_state_t);
    h->raw = vldi_malloc(a, need + 64);
    if (!h->raw) {
        vldi_free(a, h);
        return VLD_E_NOMEM;
    }
    uintptr_t p = ((uintptr_t)h->raw + 63) & ~(uintptr_t)63;
    h->algo = algo;
    h->u.xxh3 = (XXH3_state_t *)p;
    vldi_hasher_reset(h);
    *out = h;
    return VLD_OK;
}

void vldi_hasher_reset(vldi_hasher *h)
{
    switch (h->algo) {
    case VLD_HASH_XXH3_64:
        XXH3_64bits_reset(h->u.xxh3);
        break;
    case VLD_HASH_XXH3_128:
        XXH3_128bits_reset(h->u.xxh3);
        break;
    case VLD_HASH_XXH64:
        XXH64_reset(h->u.xxh64, 0);
        break;
    case VLD_HASH_XXH32:
        XXH32_reset(h->u.xxh32, 0);
        break;
    }
}

void vldi_hasher_update(vldi_hasher *h, const void *data, size_t len)
{
    if (!len)
        return;
    switch (h->algo) {
    case VLD_HASH_XXH3_64:
        XXH3_64bits_update(h->u.xxh3, data, len);
        break;
    case VLD_HASH_XXH3_128:
        XXH3_128bits_update(h->u.xxh3, data, len);
        break;
    case VLD_HASH_XXH64:
        XXH64_update(h->u.xxh64, data, len);
        break;
    case VLD_HASH_XXH32:
        XXH32_update(h->u.xxh32, data, len);
        break;
    }
}

void vldi_hasher_final(const vldi_hasher *h, uint8_t out[16])
{
    switch (h->algo) {
    case VLD_HASH_XXH3_64:
        put64(XXH3_64bits_digest(h->u.xxh3), out);
        break;
    case VLD_HASH_XXH3_128:
        put128(XXH3_128bits_digest(h->u.xxh3), out);
        break;
    case VLD_HASH_XXH64:
        put64(XXH64_digest(h->u.xxh64), out);
        break;
    case VLD_HASH_XXH32: {
        XXH32_canonical_t c;
        XXH32_canonicalFromHash(&c, XXH32_digest(h->u.xxh32));
        memcpy(out, c.digest, 4);
        break;
    }
    }
}

void vldi_hasher_free(const vldi_alloc *a, vldi_hasher *h)
{
    if (!h)
        return;
    vldi_free(a, h->raw);
    vldi_free(a, h);
}

vld_status vld_digest_buffer(vld_hash algo, const void *data, size_t len, uint8_t out[16],
                             size_t *out_len)
{
    size_t n = vldi_digest_size(algo);
    if (!n || !out || !out_len || (!data && len))
        return VLD_E_INVALID_ARGUMENT;
    vldi_digest(algo, data ? data : "", len, out);
    *out_len = n;
    return VLD_OK;
}
