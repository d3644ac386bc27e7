/*
 * Unit test of the checksum-line parser (cli/sumfile.c): every accepted
 * form, the rejections xxhsum makes, and round trips through sumline_print.
 * Plain C, no framework: a failed check prints its line and the test fails.
 * SPDX-License-Identifier: MIT
 */
#include "sumfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                      \
        }                                                                    \
    } while (0)

static sumline_result parse(const char *text, sumline *l, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", text);
    return sumline_parse(buf, false, l);
}

static void test_gnu(void)
{
    char buf[256];
    sumline l;
    static const uint8_t h64[8] = {0xe4, 0xc1, 0x91, 0xd0, 0x91, 0xbd, 0x88, 0x53};

    CHECK(parse("e4c191d091bd8853  a.txt", &l, buf, sizeof buf) == SUMLINE_OK);
    CHECK(l.algo == VLD_HASH_XXH64 && l.digest_len == 8 && !memcmp(l.digest, h64, 8));
    CHECK(strcmp(l.filename, "a.txt") == 0 && !l.escaped);

    CHECK(parse("946b5bf9  x", &l, buf, sizeof buf) == SUMLINE_OK && l.algo == VLD_HASH_XXH32);
    CHECK(parse("6bba86c7e069f56d5a10b435f1c8e49c  x", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH3_128 && l.digest_len == 16);
    CHECK(parse("XXH3_99fc819aaba2462a  x", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH3_64 && l.digest[0] == 0x99);
    CHECK(parse("E4C191D091BD8853 *star", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "star") == 0);
    CHECK(parse("e4c191d091bd8853 one-space", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "ne-space") == 0);
    CHECK(parse("e4c191d091bd8853  ", &l, buf, sizeof buf) == SUMLINE_OK && l.filename[0] == 0);
    CHECK(parse("e4c191d091bd8853  two  spaces ", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "two  spaces ") == 0);

    CHECK(parse("e4c191d091bd8853 ", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("e4c191d091bd885g  a", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("e4c191d091bd88  a", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH4_99fc819aaba2462a  x", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse(" e4c191d091bd8853  a", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("# comment", &l, buf, sizeof buf) == SUMLINE_COMMENT);
}

static void test_bsd(void)
{
    char buf[256];
    sumline l;
    CHECK(parse("XXH64 (a b) = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH64 && strcmp(l.filename, "a b") == 0);
    CHECK(parse("XXH3 (x) = 99fc819aaba2462a", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH3_64);
    CHECK(parse("XXH128 (x) = 6bba86c7e069f56d5a10b435f1c8e49c", &l, buf, sizeof buf) ==
              SUMLINE_OK && l.algo == VLD_HASH_XXH3_128);
    CHECK(parse("XXH32 (x) = 946b5bf9", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH32);
    CHECK(parse("XXH64_LE (x) = 5388bd91d091c1e4", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.digest[0] == 0xe4 && l.digest[7] == 0x53);
    CHECK(parse("XXH64 (a) = (b) = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "a) = (b") == 0);
    CHECK(parse("XXH64 () = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.filename[0] == 0);
    CHECK(parse("Z (x) = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.algo == VLD_HASH_XXH64);

    CHECK(parse("XXH32 (x) = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH3 (x) = 946b5bf9", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH64 (x)= e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH64 (x) =  e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH64 (x) = e4c191d091bd8853 ", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("XXH64 (", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("X (", &l, buf, sizeof buf) == SUMLINE_INVALID);
}

static void test_escaped(void)
{
    char buf[256];
    sumline l;
    CHECK(parse("\\e4c191d091bd8853  a\\nb\\\\c\\rd", &l, buf, sizeof buf) == SUMLINE_OK &&
          l.escaped && strcmp(l.filename, "a\nb\\c\rd") == 0);
    CHECK(parse("\\XXH64 (a\\\\b) = e4c191d091bd8853", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "a\\b") == 0);
    CHECK(parse("\\e4c191d091bd8853  bad\\t", &l, buf, sizeof buf) == SUMLINE_INVALID);
    CHECK(parse("\\e4c191d091bd8853  end\\", &l, buf, sizeof buf) == SUMLINE_INVALID);
    /* an unescaped line keeps its backslashes (xxhsum 0.8.1 writes them raw) */
    CHECK(parse("e4c191d091bd8853  a\\nb", &l, buf, sizeof buf) == SUMLINE_OK &&
          strcmp(l.filename, "a\\nb") == 0);
}

static void test_round_trip(void)
{
    static const vld_hash algos[] = {VLD_HASH_XXH32, VLD_HASH_XXH64, VLD_HASH_XXH3_64,
                                     VLD_HASH_XXH3_128};
    uint8_t d[16];
    for (int i = 0; i < 16; i++)
        d[i] = (uint8_t)(i * 37 + 1);
    for (size_t a = 0; a < 4; a++) {
        size_t len = algos[a] == VLD_HASH_XXH32 ? 4 : algos[a] == VLD_HASH_XXH3_128 ? 16 : 8;
        for (int bsd = 0; bsd < 2; bsd++) {
            for (int le = 0; le < 2; le++) {
                char *text = NULL;
                size_t size = 0;
                sumline l;
                FILE *f = open_memstream(&text, &size);
                sumline_print(f, algos[a], d, len, "name with ( ) = spaces", bsd, le);
                fclose(f);
                CHECK(size > 0 && text[size - 1] == '\n');
                text[size - 1] = '\0';
                /* GNU lines from --little-endian need the reader told */
                CHECK(sumline_parse(text, le && !bsd && algos[a] != VLD_HASH_XXH3_64, &l) ==
                      SUMLINE_OK);
                CHECK(l.digest_len == len && memcmp(l.digest, d, len) == 0);
                CHECK(strcmp(l.filename, "name with ( ) = spaces") == 0);
                CHECK(l.algo == algos[a] ||
                      (algos[a] == VLD_HASH_XXH64 && l.algo == VLD_HASH_XXH64));
                free(text);
            }
        }
    }
}

static void test_getline(void)
{
    char *buf = NULL;
    size_t cap = 0;
    char *big = malloc(SUMLINE_MAX + 3);
    FILE *f;
    memset(big, 'a', SUMLINE_MAX + 2);
    big[SUMLINE_MAX] = '\n'; /* SUMLINE_MAX bytes and a newline: too long, as in xxhsum */
    big[SUMLINE_MAX + 1] = '\0';
    f = fmemopen(big, SUMLINE_MAX + 1, "r");
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_TOO_LONG);
    fclose(f);
    f = fmemopen(big + 1, SUMLINE_MAX, "r"); /* SUMLINE_MAX-1 bytes and a newline: fine */
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_OK && strlen(buf) == SUMLINE_MAX - 1);
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_EOF);
    fclose(f);
    f = fmemopen("x\n\nlast", 8, "r");
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_OK && strcmp(buf, "x") == 0);
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_OK && strcmp(buf, "") == 0);
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_OK && strcmp(buf, "last") == 0);
    CHECK(sumfile_getline(f, &buf, &cap) == GETLINE_EOF);
    fclose(f);
    free(buf);
    free(big);
}

int main(void)
{
    test_gnu();
    test_bsd();
    test_escaped();
    test_round_trip();
    test_getline();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
