/*
 * vld - JSON writer.
 * SPDX-License-Identifier: MIT
 */
#include "json.h"

#include <math.h>
#include <string.h>

void json_init(json_writer *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

/* Before any value: a comma unless it is the first in its container. A
 * value right after a key never takes one (json_key wrote it). */
static void before_value(json_writer *w)
{
    if (w->depth > 0 && w->has_items[w->depth - 1])
        fputc(',', w->f);
    if (w->depth > 0)
        w->has_items[w->depth - 1] = true;
}

static void open_container(json_writer *w, char c)
{
    fputc(c, w->f);
    if (w->depth < JSON_MAX_DEPTH)
        w->has_items[w->depth] = false;
    w->depth++;
}

void json_begin_object(json_writer *w)
{
    before_value(w);
    open_container(w, '{');
}

void json_begin_array(json_writer *w)
{
    before_value(w);
    open_container(w, '[');
}

void json_end_object(json_writer *w)
{
    w->depth--;
    fputc('}', w->f);
}

void json_end_array(json_writer *w)
{
    w->depth--;
    fputc(']', w->f);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void write_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    fputc('"', f);
    while (*s) {
        size_t n;
        switch (*s) {
        case '"': fputs("\\\"", f); s++; continue;
        case '\\': fputs("\\\\", f); s++; continue;
        case '\n': fputs("\\n", f); s++; continue;
        case '\r': fputs("\\r", f); s++; continue;
        case '\t': fputs("\\t", f); s++; continue;
        default: break;
        }
        if (*s < 0x20 || *s == 0x7F) {
            fprintf(f, "\\u%04x", *s);
            s++;
            continue;
        }
        n = utf8_len(s);
        if (n == 0) {
            fputs("\\ufffd", f);
            s++;
            continue;
        }
        fwrite(s, 1, n, f);
        s += n;
    }
    fputc('"', f);
}

void json_key(json_writer *w, const char *key)
{
    before_value(w);
    write_string(w->f, key);
    fputc(':', w->f);
    /* the value that follows must not write a comma */
    if (w->depth > 0)
        w->has_items[w->depth - 1] = false;
}

/* After a value that followed a key, the next key needs a comma again. */
static void after_value(json_writer *w)
{
    if (w->depth > 0)
        w->has_items[w->depth - 1] = true;
}

void json_string(json_writer *w, const char *s)
{
    before_value(w);
    write_string(w->f, s);
    after_value(w);
}

void json_double(json_writer *w, double v)
{
    before_value(w);
    /* JSON has no NaN or infinity; a measurement that is not finite is unknown. */
    if (isfinite(v))
        fprintf(w->f, "%.6g", v);
    else
        fputs("null", w->f);
    after_value(w);
}

void json_u64(json_writer *w, uint64_t v)
{
    before_value(w);
    fprintf(w->f, "%llu", (unsigned long long)v);
    after_value(w);
}

void json_bool(json_writer *w, bool v)
{
    before_value(w);
    fputs(v ? "true" : "false", w->f);
    after_value(w);
}

void json_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->f);
    after_value(w);
}

void json_finish(json_writer *w)
{
    fputc('\n', w->f);
}
