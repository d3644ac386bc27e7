/*
 * vld - a minimal streaming JSON writer for --json output: one object per
 * run, keys in the order written, commas handled here.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_JSON_H
#define VLD_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 8

typedef struct json_writer {
    FILE *f;
    int depth;
    bool has_items[JSON_MAX_DEPTH]; /* per open container: a comma is due */
} json_writer;

void json_init(json_writer *w, FILE *f);
void json_begin_object(json_writer *w);
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w);
void json_end_array(json_writer *w);
/* Inside an object: the key of the next value. */
void json_key(json_writer *w, const char *key);
/* Strings are bytes; invalid UTF-8 becomes U+FFFD, control characters are escaped. */
void json_string(json_writer *w, const char *s);
void json_u64(json_writer *w, uint64_t v);
void json_double(json_writer *w, double v);
void json_bool(json_writer *w, bool v);
void json_null(json_writer *w);
/* Ends the document with a newline. */
void json_finish(json_writer *w);

#endif
