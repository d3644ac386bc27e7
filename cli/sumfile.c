/*
 * vld - checksum lines: reading and writing xxhsum's formats.
 * SPDX-License-Identifier: MIT
 */
#include "sumfile.h"

#include <stdlib.h>
#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* n bytes from 2n hex digits; little-endian digits are stored reversed. */
static bool hex_decode(const char *hex, size_t n, bool reverse, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = reverse ? n - 1 - i : i;
        int hi = hex_value(hex[2 * j]);
        int lo = hi < 0 ? -1 : hex_value(hex[2 * j + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Undo \\, \n and \r in place; any other escape or a final lone '\' is invalid. */
static bool unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != '\\') {
            *w++ = *r;
            continue;
        }
        switch (*++r) {
        case '\\': *w++ = '\\'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        default: return false; /* includes the terminating NUL */
        }
    }
    *w = '\0';
    return true;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The algorithm a BSD tag names; like xxhsum, unknown tags mean XXH64 and
 * the length check below decides. */
static vld_hash tag_algo(const char *tag)
{
    vld_hash a = VLD_HASH_XXH64;
    if (starts_with(tag, "XXH3"))
        a = VLD_HASH_XXH3_64;
    if (starts_with(tag, "XXH32"))
        a = VLD_HASH_XXH32;
    if (starts_with(tag, "XXH64"))
        a = VLD_HASH_XXH64;
    if (starts_with(tag, "XXH128"))
        a = VLD_HASH_XXH3_128;
    return a;
}

sumline_result sumline_parse(char *line, bool little_endian, sumline *out)
{
    char *first_space;
    const char *hex;
    size_t hex_len;
    bool reverse = little_endian;
    vld_hash algo = VLD_HASH_XXH64;

    memset(out, 0, sizeof *out);
    if (line[0] == '#')
        return SUMLINE_COMMENT;
    if (line[0] == '\\') {
        out->escaped = true;
        line++;
    }

    first_space = strchr(line, ' ');
    if (!first_space || first_space[1] == '\0')
        return SUMLINE_INVALID;

    if (first_space[1] == '(') {
        /* TAG (NAME) = HEX: NAME may hold anything but ") = " at its end */
        char *last_space = strrchr(line, ' ');
        if (last_space - first_space < 5)
            return SUMLINE_INVALID;
        if (last_space[-1] != '=' || last_space[-2] != ' ' || last_space[-3] != ')')
            return SUMLINE_INVALID;
        last_space[-3] = '\0';
        *first_space = '\0';
        reverse = strstr(line, "_LE") != NULL;
        algo = tag_algo(line);
        hex = last_space + 1;
        hex_len = strlen(hex);
    } else {
        hex = line;
        hex_len = (size_t)(first_space - line);
        switch (hex_len) {
        case 8: algo = VLD_HASH_XXH32; break;
        case 16: algo = VLD_HASH_XXH64; break;
        case 21: algo = VLD_HASH_XXH3_64; break;
        case 32: algo = VLD_HASH_XXH3_128; break;
        default: return SUMLINE_INVALID;
        }
    }

    switch (hex_len) {
    case 8:
        if (algo != VLD_HASH_XXH32)
            return SUMLINE_INVALID;
        break;
    case 16:
        if (algo != VLD_HASH_XXH64 && algo != VLD_HASH_XXH3_64)
            return SUMLINE_INVALID;
        break;
    case 21:
        if (algo != VLD_HASH_XXH3_64 || !starts_with(hex, "XXH3_"))
            return SUMLINE_INVALID;
        hex += 5;
        hex_len = 16;
        break;
    case 32:
        if (algo != VLD_HASH_XXH3_128)
            return SUMLINE_INVALID;
        break;
    default:
        return SUMLINE_INVALID;
    }
    if (!hex_decode(hex, hex_len / 2, reverse, out->digest))
        return SUMLINE_INVALID;

    /* skip the second separator character, whatever it is ('*', ' ', '(') */
    out->filename = first_space + 2;
    if (out->escaped && !unescape(out->filename))
        return SUMLINE_INVALID;
    out->algo = algo;
    out->digest_len = hex_len / 2;
    return SUMLINE_OK;
}

bool sumline_needs_escape(const char *name)
{
    return strpbrk(name, "\\\n\r") != NULL;
}

void sumline_print_escaped(FILE *f, const char *name)
{
    for (; *name; name++) {
        switch (*name) {
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default: putc(*name, f); break;
        }
    }
}

static void print_hex(FILE *f, const uint8_t *d, size_t len, bool little_endian)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        uint8_t b = d[little_endian ? len - 1 - i : i];
        putc(digits[b >> 4], f);
        putc(digits[b & 15], f);
    }
}

static const char *algo_tag(vld_hash algo)
{
    switch (algo) {
    case VLD_HASH_XXH32: return "XXH32";
    case VLD_HASH_XXH64: return "XXH64";
    case VLD_HASH_XXH3_128: return "XXH128";
    case VLD_HASH_XXH3_64: return "XXH3";
    }
    return "XXH64";
}

void sumline_print(FILE *f, vld_hash algo, const uint8_t *digest, size_t len,
                   const char *name, bool bsd, bool little_endian)
{
    if (bsd || algo == VLD_HASH_XXH3_64) {
        fprintf(f, "%s%s (%s) = ", algo_tag(algo), little_endian ? "_LE" : "", name);
        print_hex(f, digest, len, little_endian);
        putc('\n', f);
    } else {
        print_hex(f, digest, len, little_endian);
        fprintf(f, "  %s\n", name);
    }
}

sumfile_getline_result sumfile_getline(FILE *f, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        int c = getc(f);
        if (c == EOF) {
            if (len == 0)
                return GETLINE_EOF;
            break;
        }
        /* xxhsum checks the room before it looks at the character, so a
         * newline after SUMLINE_MAX bytes is already too long */
        if (len >= SUMLINE_MAX)
            return GETLINE_TOO_LONG;
        if (len + 1 >= *cap) {
            size_t ncap = *cap ? *cap * 2 : 4096;
            char *nb = realloc(*buf, ncap);
            if (!nb)
                return GETLINE_NOMEM;
            *buf = nb;
            *cap = ncap;
        }
        if (c == '\n')
            break;
        (*buf)[len++] = (char)c;
    }
    (*buf)[len] = '\0';
    return GETLINE_OK;
}
