/*
 * The `vld check` checksum-line parser (cli/sumfile.c), fed arbitrary text.
 * Oracles: a parsed line has a digest length that fits its algorithm and a
 * file name inside the line; printing it back with sumline_print() and
 * parsing that gives the same algorithm, digest and name; sumfile_getline()
 * returns every line of a stream, each at most SUMLINE_MAX bytes.
 *
 * Input: one flags byte (bit 0: --little-endian, bit 1: BSD output form,
 * bit 2: read the rest as a file of lines rather than as one line).
 * SPDX-License-Identifier: MIT
 */
#include "fuzz_common.h"
#include "sumfile.h"

static size_t expected_len(vld_hash algo)
{
    switch (algo) {
    case VLD_HASH_XXH32: return 4;
    case VLD_HASH_XXH64:
    case VLD_HASH_XXH3_64: return 8;
    case VLD_HASH_XXH3_128: return 16;
    }
    return 0;
}

static void round_trip(const sumline *a, bool bsd, bool le)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    FUZZ_CHECK(f != NULL);
    sumline_print(f, a->algo, a->digest, a->digest_len, a->filename, bsd, le);
    FUZZ_CHECK(fclose(f) == 0);
    FUZZ_CHECK(n > 0 && text[n - 1] == '\n');
    text[n - 1] = '\0';

    sumline b;
    FUZZ_CHECK(sumline_parse(text, le, &b) == SUMLINE_OK);
    FUZZ_CHECK(b.algo == a->algo);
    FUZZ_CHECK(b.digest_len == a->digest_len);
    FUZZ_CHECK(memcmp(b.digest, a->digest, a->digest_len) == 0);
    FUZZ_CHECK(strcmp(b.filename, a->filename) == 0);
    free(text);
}

static void parse_one(char *line, size_t len, uint8_t flags)
{
    bool le = flags & 1, bsd = flags & 2;
    sumline s;
    sumline_result r = sumline_parse(line, le, &s);
    FUZZ_CHECK(r == SUMLINE_OK || r == SUMLINE_COMMENT || r == SUMLINE_INVALID);
    if (r != SUMLINE_OK)
        return;
    FUZZ_CHECK(s.digest_len == expected_len(s.algo));
    FUZZ_CHECK(s.filename >= line && s.filename <= line + len);
    FUZZ_CHECK(strlen(s.filename) <= len);
    round_trip(&s, bsd, le);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    data++;
    size--;

    if (!(flags & 4)) {
        /* one line: the bytes up to the first NUL, in an exact-size copy */
        size_t len = strnlen((const char *)data, size);
        char *line = malloc(len + 1);
        FUZZ_CHECK(line != NULL);
        memcpy(line, data, len);
        line[len] = '\0';
        parse_one(line, len, flags);
        free(line);
        return 0;
    }

    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0; /* glibc refuses a zero-size buffer */
    char *buf = NULL;
    size_t cap = 0, consumed = 0;
    for (;;) {
        sumfile_getline_result r = sumfile_getline(f, &buf, &cap);
        if (r == GETLINE_EOF) {
            FUZZ_CHECK(consumed == size);
            break;
        }
        FUZZ_CHECK(r == GETLINE_OK || r == GETLINE_TOO_LONG);
        if (r == GETLINE_TOO_LONG)
            break;
        size_t len = strnlen(buf, cap);
        FUZZ_CHECK(len <= SUMLINE_MAX && len < cap);
        /* the line is what the input holds (up to an embedded NUL) */
        FUZZ_CHECK(memcmp(buf, data + consumed, len) == 0);
        consumed = (size_t)ftell(f);
        parse_one(buf, len, flags);
    }
    free(buf);
    fclose(f);
    return 0;
}
