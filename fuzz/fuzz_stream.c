/*
 * Streaming: random data cut into random pieces, verified against its own
 * manifest or a mutated one, after random damage. Oracles:
 *  - a builder fed the pieces makes the same manifest as vld_manifest_build();
 *  - a stream fed the pieces gives the same report as vld_verify_buffer()
 *    (the header promises identical results);
 *  - undamaged data verifies OK; at full or deep depth any change is found;
 *  - the damage callback fires once per damaged chunk.
 *
 * Input: a fixed header (sizes, depth, sampling, seeds, damage, manifest
 * mutations), then 2-byte piece sizes until the input ends.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"

#define MAX_LENGTH ((size_t)1 << 17) /* up to 32 chunks of 4 KiB: fast yet multi-chunk */

static vld_ctx *ctx;

typedef struct pieces {
    const uint8_t *sizes; /* 2 bytes per piece */
    size_t count;
} pieces;

static size_t piece_size(const pieces *pc, size_t i)
{
    unsigned v = pc->sizes[2 * i] | (unsigned)pc->sizes[2 * i + 1] << 8;
    /* mostly small pieces, sometimes large ones */
    return v & 0x8000 ? v & 0x7fff : v & 0xff;
}

/* Feed data in the given pieces; the rest in one final piece. */
#define FEED(pc, data, len, update, handle)                                  \
    do {                                                                     \
        size_t off_ = 0;                                                     \
        for (size_t i_ = 0; i_ < (pc)->count && off_ < (len); i_++) {        \
            size_t n_ = piece_size((pc), i_);                                \
            if (n_ > (len) - off_)                                           \
                n_ = (len) - off_;                                           \
            FUZZ_OK(update((handle), n_ ? (data) + off_ : NULL, n_));        \
            off_ += n_;                                                      \
        }                                                                    \
        FUZZ_OK(update((handle), (data) + off_, (len) - off_));              \
    } while (0)

static int host_check(void *user, uint64_t index, uint64_t offset, const void *data, size_t len)
{
    (void)user;
    const uint8_t *p = data;
    /* deterministic, data-dependent and occasionally rejecting */
    return len > 0 && p[0] == (uint8_t)(index * 37 + offset / 4096);
}

static int count_damage(void *user, const vld_range *r)
{
    FUZZ_CHECK(r->size == sizeof *r && r->length > 0);
    ++*(uint64_t *)user;
    return 0;
}

static size_t serialize(const vld_manifest *m, uint8_t **out)
{
    size_t size = 0, written = 0;
    FUZZ_OK(vld_manifest_serialized_size(m, &size));
    *out = malloc(size);
    FUZZ_CHECK(*out != NULL);
    FUZZ_OK(vld_manifest_serialize(m, *out, size, &written));
    FUZZ_CHECK(written == size);
    return size;
}

static void check_builder(const uint8_t *data, size_t len, const pieces *pc, const vld_manifest *ref)
{
    vld_builder *b = NULL;
    vld_manifest *m = NULL;
    uint8_t *a, *z;
    FUZZ_OK(vld_builder_new(ctx, len, &b));
    FEED(pc, data, len, vld_builder_update, b);
    FUZZ_OK(vld_builder_finish(b, &m));
    FUZZ_CHECK(vld_builder_update(b, data, 0) == VLD_E_STATE);
    vld_builder_free(b);
    size_t na = serialize(ref, &a), nz = serialize(m, &z);
    FUZZ_CHECK(na == nz && memcmp(a, z, na) == 0);
    free(a);
    free(z);
    vld_manifest_free(m);
}

static void same_reports(const vld_report *x, const vld_report *y)
{
    vld_report_summary s = {.size = sizeof s}, t = {.size = sizeof t};
    FUZZ_OK(vld_report_get_summary(x, &s));
    FUZZ_OK(vld_report_get_summary(y, &t));
    FUZZ_CHECK(s.verdict == t.verdict);
    FUZZ_CHECK(s.depth == t.depth);
    FUZZ_CHECK(s.status == t.status);
    FUZZ_CHECK(s.bytes_total == t.bytes_total);
    FUZZ_CHECK(s.bytes_seen == t.bytes_seen);
    FUZZ_CHECK(s.bytes_checked == t.bytes_checked);
    FUZZ_CHECK(s.chunks_total == t.chunks_total);
    FUZZ_CHECK(s.chunks_checked == t.chunks_checked);
    FUZZ_CHECK(s.chunks_damaged == t.chunks_damaged);
    FUZZ_CHECK(s.ranges_count == t.ranges_count);
    FUZZ_CHECK(s.ranges_truncated == t.ranges_truncated);
    FUZZ_CHECK(s.digest_checked == t.digest_checked);
    FUZZ_CHECK(s.digest_ok == t.digest_ok);
    uint64_t prev_end = 0;
    for (size_t i = 0; i < s.ranges_count; i++) {
        vld_range a = {.size = sizeof a}, b = {.size = sizeof b};
        FUZZ_OK(vld_report_get_range(x, i, &a));
        FUZZ_OK(vld_report_get_range(y, i, &b));
        FUZZ_CHECK(a.offset == b.offset && a.length == b.length && a.flags == b.flags);
        FUZZ_CHECK(a.length > 0 && a.offset >= prev_end); /* sorted, disjoint */
        prev_end = a.offset + a.length;
    }
    vld_range r = {.size = sizeof r};
    FUZZ_CHECK(vld_report_get_range(x, (size_t)s.ranges_count, &r) == VLD_E_INDEX);
    for (uint64_t i = 0; i < s.chunks_total; i++) {
        vld_chunk_state a, b;
        FUZZ_OK(vld_report_get_chunk_state(x, i, &a));
        FUZZ_OK(vld_report_get_chunk_state(y, i, &b));
        FUZZ_CHECK(a == b);
    }
    vld_chunk_state c;
    FUZZ_CHECK(vld_report_get_chunk_state(x, s.chunks_total, &c) == VLD_E_INDEX);
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
    if (!ctx && vld_ctx_new(NULL, &ctx) != VLD_OK)
        abort();
    fuzz_input in = {input, size};
    uint8_t shape = fuzz_u8(&in), flags = fuzz_u8(&in);
    size_t len = fuzz_u32(&in) % (MAX_LENGTH + 1);
    uint64_t seed = fuzz_u64(&in);
    int64_t rate = 1 + fuzz_u32(&in) % 1000000;
    int64_t sample_seed = (int64_t)fuzz_u64(&in);
    int64_t groups = fuzz_u8(&in) % 8, group = fuzz_u8(&in) % 9;
    uint8_t n_damage = fuzz_u8(&in) % 8, n_mmut = fuzz_u8(&in) % 8;

    int depth = 1 + (shape >> 3 & 3);
    FUZZ_OK(vld_ctx_reset_params(ctx));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_CHUNK_SIZE, flags & 0x10 ? 0 : 4096 << (shape & 3)));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_HASH, shape & 4 ? VLD_HASH_XXH3_128 : VLD_HASH_XXH3_64));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_DEPTH, depth));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_RATE_PPM, rate));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_SEED, sample_seed));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUPS, groups));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_SAMPLE_GROUP, group));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_MAX_RANGES, flags & 8 ? 1 + (flags >> 5) : 1024));
    FUZZ_OK(vld_ctx_set_param(ctx, VLD_PARAM_THREADS, 1 + (shape >> 5 & 3)));
    FUZZ_OK(vld_ctx_set_chunk_check(ctx, flags & 2 ? host_check : NULL, NULL));

    /* the original object: len bytes grown from the seed */
    uint8_t *orig = malloc(len ? len : 1);
    FUZZ_CHECK(orig != NULL);
    for (size_t i = 0; i < len; i++)
        orig[i] = (uint8_t)(fuzz_splitmix(&seed) >> 56);

    /* damage: flip bytes, truncate, or append */
    size_t dlen = len, cap = len + 8 * 9000;
    uint8_t *data = malloc(cap);
    FUZZ_CHECK(data != NULL);
    memcpy(data, orig, len);
    for (int i = 0; i < n_damage; i++) {
        uint8_t op = fuzz_u8(&in), val = fuzz_u8(&in);
        uint32_t at = fuzz_u32(&in);
        if (op % 3 == 0 && dlen)
            data[at % dlen] ^= val | 1;
        else if (op % 3 == 1)
            dlen = dlen ? at % (dlen + 1) : 0;
        else if (op % 3 == 2)
            for (size_t k = at % 9000; k; k--)
                data[dlen++] = val;
    }
    int changed = dlen != len || memcmp(data, orig, len) != 0;

    vld_manifest *ref = NULL, *m = NULL;
    FUZZ_OK(vld_manifest_build(ctx, orig, len, &ref));

    /* a mutated manifest (checksum fixed up) when it still loads */
    int mutated = 0;
    if (n_mmut) {
        uint8_t *ser;
        size_t sn = serialize(ref, &ser);
        for (int i = 0; i < n_mmut; i++) {
            uint32_t at = fuzz_u32(&in);
            uint8_t val = fuzz_u8(&in);
            ser[at % sn] ^= val;
        }
        fuzz_fix_manifest_checksum(ser, sn);
        mutated = vld_manifest_load(ctx, ser, sn, &m) == VLD_OK;
        free(ser);
    }
    if (!mutated)
        m = ref;

    pieces pc = {in.p, in.left / 2};
    check_builder(orig, len, &pc, ref);

    vld_report *rb = NULL, *rs = NULL;
    vld_stream *s = NULL;
    vld_status bst = vld_verify_buffer(ctx, m, data, dlen, &rb);
    vld_status sst = vld_stream_new(ctx, m, &s);
    if (groups && group >= groups) {
        /* an impossible sample is refused up front by both */
        FUZZ_CHECK(depth != VLD_DEPTH_SAMPLED || (bst == VLD_E_OUT_OF_RANGE && sst == bst));
    }
    if (bst == VLD_OK || sst == VLD_OK) {
        FUZZ_OK(bst);
        FUZZ_OK(sst);
        uint64_t damage_calls = 0;
        FUZZ_OK(vld_stream_set_damage_callback(s, count_damage, &damage_calls));
        FEED(&pc, data, dlen, vld_stream_update, s);
        FUZZ_OK(vld_stream_finish(s, &rs));
        vld_report *again = rs;
        FUZZ_CHECK(vld_stream_update(s, data, 0) == VLD_E_STATE);
        FUZZ_CHECK(vld_stream_finish(s, &again) == VLD_E_STATE && again == NULL);
        same_reports(rb, rs);

        vld_report_summary sum = {.size = sizeof sum};
        FUZZ_OK(vld_report_get_summary(rs, &sum));
        uint64_t damaged = 0;
        for (uint64_t i = 0; i < sum.chunks_total; i++) {
            vld_chunk_state cs;
            FUZZ_OK(vld_report_get_chunk_state(rs, i, &cs));
            damaged += cs == VLD_CHUNK_DAMAGED;
        }
        FUZZ_CHECK(damage_calls == damaged);
        FUZZ_CHECK(sum.status == VLD_OK);
        FUZZ_CHECK(sum.bytes_seen == dlen);
        FUZZ_CHECK(sum.chunks_checked <= sum.chunks_total);
        FUZZ_CHECK(sum.bytes_checked <= sum.bytes_total);
        FUZZ_CHECK(sum.ranges_count <= (flags & 8 ? 1u + (flags >> 5) : 1024u));
        int host = (flags & 2) && depth == VLD_DEPTH_DEEP;
        if (!mutated && !changed && !host)
            FUZZ_CHECK(sum.verdict == VLD_VERDICT_OK);
        if (!mutated && !changed && depth >= VLD_DEPTH_FULL)
            FUZZ_CHECK(sum.chunks_checked == sum.chunks_total && sum.bytes_checked == len);
        if (!mutated && changed && depth >= VLD_DEPTH_FULL)
            FUZZ_CHECK(sum.verdict != VLD_VERDICT_OK);
        if (depth == VLD_DEPTH_SHALLOW)
            FUZZ_CHECK(sum.chunks_checked == 0 && sum.bytes_checked == 0);
        if (depth == VLD_DEPTH_SAMPLED && sum.chunks_total && !groups && dlen >= sum.bytes_total)
            FUZZ_CHECK(sum.chunks_checked > 0); /* a sample never checks nothing */
    } else {
        FUZZ_CHECK(bst == sst && rb == NULL && s == NULL);
    }
    vld_report_free(rb);
    vld_report_free(rs);
    vld_stream_free(s);
    if (m != ref)
        vld_manifest_free(m);
    vld_manifest_free(ref);
    free(data);
    free(orig);
    return 0;
}
