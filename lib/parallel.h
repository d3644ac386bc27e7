/* Verifying and hashing chunks on the context's workers (pool.h). */
#ifndef VLD_PARALLEL_H
#define VLD_PARALLEL_H

#include "fileio.h"

/* Below this much data, waking workers costs more than it saves. */
#define VLDI_PARALLEL_MIN ((uint64_t)4 << 20)

/* Where chunk bytes come from: memory holding the object from offset
 * `base` on (`len` bytes), or a file holding the whole object. */
typedef struct vldi_source {
    const uint8_t *mem;
    uint64_t base;
    uint64_t len;
    const vldi_file *file;
} vldi_source;

/* Verify the chunks [v->first, end) the verifier wants. At deep depth over
 * the whole object, also feed the object digest the first `digest_len`
 * bytes. Returns VLD_OK or what stopped it (the detail is on the context);
 * chunks finished before the stop are recorded either way. */
vld_status vldi_verify_chunks(vldi_verifier *v, const vldi_source *src, uint64_t end,
                              uint64_t digest_len);

/* Check a chunk range against a manifest; VLD_CHUNKS_ALL becomes a count. */
vld_status vldi_check_range(vld_ctx *ctx, const vld_manifest *m, uint64_t first, uint64_t *count);

/* Build a manifest of `size` bytes of `src` (base 0) with worker threads:
 * chunk digests in parallel while participant 0 computes the object digest. */
vld_status vldi_build_parallel(vld_ctx *ctx, const vldi_settings *s, unsigned threads,
                               const vldi_source *src, uint64_t size, vld_manifest **out);

#endif
