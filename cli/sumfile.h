/*
 * vld - the checksum-line format of xxhsum: writing lines as xxhsum 0.8.1
 * does, and reading every form any xxhsum version writes.
 *
 * Nothing here does I/O on the named files or touches global state, so a
 * fuzzer can drive sumline_parse() directly.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_SUMFILE_H
#define VLD_CLI_SUMFILE_H

#include <libvalidate.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest checksum line xxhsum accepts (its MAX_LINE_LENGTH is 32 KiB,
 * NUL included, so 32767 bytes before the newline). */
#define SUMLINE_MAX 32767

typedef enum sumline_result {
    SUMLINE_OK = 0,
    SUMLINE_COMMENT = 1, /* starts with '#': not counted at all (xxhsum >= 0.8.2) */
    SUMLINE_INVALID = 2  /* "improperly formatted" */
} sumline_result;

typedef struct sumline {
    vld_hash algo;
    uint8_t digest[16]; /* canonical (big-endian) bytes */
    size_t digest_len;  /* 4, 8 or 16 */
    char *filename;     /* points into the parsed line */
    bool escaped;       /* the line used the leading-'\' escaped form */
} sumline;

/*
 * Parse one line (NUL-terminated, no trailing newline; it is modified in
 * place and out->filename points into it). Accepted forms:
 *   HEX  NAME                  8, 16 or 32 hex digits: XXH32, XXH64, XXH128
 *   XXH3_HEX  NAME             GNU form of XXH3-64 (xxhsum >= 0.8.2)
 *   TAG (NAME) = HEX           BSD form; TAG picks the algorithm, "_LE" in
 *                              it means little-endian digits
 *   \...                       either form with NAME escaped (\\ \n \r)
 *   #...                       comment
 * The character after the two-space separator is skipped whatever it is,
 * as xxhsum does (so "HEX *NAME" works). @p little_endian reads GNU lines
 * as written by `xxhsum --little-endian`.
 */
sumline_result sumline_parse(char *line, bool little_endian, sumline *out);

/* True when NAME holds a byte that newer xxhsum escapes (\, LF, CR). */
bool sumline_needs_escape(const char *name);
/* Print NAME with \\, \n, \r escapes (no leading marker). */
void sumline_print_escaped(FILE *f, const char *name);

/*
 * Print one checksum line exactly as xxhsum 0.8.1 does: names are printed
 * raw (0.8.1 never escapes), XXH3-64 always in BSD form.
 */
void sumline_print(FILE *f, vld_hash algo, const uint8_t *digest, size_t len,
                   const char *name, bool bsd, bool little_endian);

typedef enum sumfile_getline_result {
    GETLINE_OK,
    GETLINE_EOF,
    GETLINE_TOO_LONG,
    GETLINE_NOMEM
} sumfile_getline_result;

/*
 * Read one line (without its newline) into *buf (grown as needed). A last
 * line without a newline is still a line. Longer than SUMLINE_MAX gives
 * GETLINE_TOO_LONG, after which the rest of the stream is not read.
 */
sumfile_getline_result sumfile_getline(FILE *f, char **buf, size_t *cap);

#endif
