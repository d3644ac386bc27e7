/*
 * Helpers shared by the libFuzzer targets: a reader that takes typed values
 * off the front of the fuzzer's input (never failing: past the end it gives
 * zeros), and a check that aborts so libFuzzer records the input.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_FUZZ_COMMON_H
#define VLD_FUZZ_COMMON_H

#include <libvalidate.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An oracle violation is a finding like a crash: print and abort. */
#define FUZZ_CHECK(cond)                                                           \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* A library call that must not fail on valid arguments. */
#define FUZZ_OK(call)                                                              \
    do {                                                                           \
        vld_status st_ = (call);                                                   \
        if (st_ != VLD_OK) {                                                       \
            fprintf(stderr, "%s:%d: %s returned %s\n", __FILE__, __LINE__, #call,  \
                    vld_status_name(st_));                                         \
            abort();                                                               \
        }                                                                          \
    } while (0)

typedef struct fuzz_input {
    const uint8_t *p;
    size_t left;
} fuzz_input;

static inline uint64_t fuzz_take(fuzz_input *in, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) {
        uint64_t b = 0;
        if (in->left) {
            b = *in->p++;
            in->left--;
        }
        v |= b << (8 * i);
    }
    return v;
}

static inline uint8_t fuzz_u8(fuzz_input *in) { return (uint8_t)fuzz_take(in, 1); }
static inline uint16_t fuzz_u16(fuzz_input *in) { return (uint16_t)fuzz_take(in, 2); }
static inline uint32_t fuzz_u32(fuzz_input *in) { return (uint32_t)fuzz_take(in, 4); }
static inline uint64_t fuzz_u64(fuzz_input *in) { return fuzz_take(in, 8); }

/* Deterministic filler for large buffers grown from a short input. */
static inline uint64_t fuzz_splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Recompute a serialized manifest's trailing checksum (XXH3-64 of every
 * byte before it, canonical), so mutations reach the checks behind it. */
static inline void fuzz_fix_manifest_checksum(uint8_t *buf, size_t len)
{
    uint8_t sum[16];
    size_t n;
    if (len < 8)
        return;
    FUZZ_OK(vld_digest_buffer(VLD_HASH_XXH3_64, buf, len - 8, sum, &n));
    memcpy(buf + len - 8, sum, 8);
}

#endif
