/* Helpers shared by the C test suites. */
#ifndef VLD_TEST_SUPPORT_H
#define VLD_TEST_SUPPORT_H

#include <libvalidate.h>

#include <stddef.h>
#include <stdint.h>

/* The deterministic test data every language's vectors use (see
 * tests/vectors/manifests.json `_comment`):
 * byte i = (((i + seed) * 2654435761) mod 2^32) >> 24. */
void fill_pattern(uint8_t *buf, size_t len, uint32_t seed);
uint8_t *make_pattern(size_t len, uint32_t seed); /* malloc'd */

/* A context with the given chunk size, hash and depth; fails the test on error. */
vld_ctx *new_ctx(int64_t chunk_size, vld_hash hash, vld_depth depth);

/* Build and serialize a manifest; *len receives its size. malloc'd. */
uint8_t *serialize(const vld_manifest *m, size_t *len);

/* A summary read from a report; fails the test on error. */
vld_report_summary summary_of(const vld_report *r);

/* An allocator that fails its k-th call (counting from 1; 0 = never) and
 * tracks live blocks, for fault injection and leak checks. */
typedef struct failing_alloc {
    long calls;
    long fail_at;
    long live;
    int failed; /* set once a call was refused */
} failing_alloc;
vld_allocator failing_allocator(failing_alloc *state);



/* Fails the test unless the two reports say the same thing: summary,
 * ranges and every chunk state. */
void assert_reports_equal(const vld_report *a, const vld_report *b);
#endif
