/*
 * vld - small helpers shared by the subcommands: messages, exit codes,
 * number parsing, opening inputs.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_UTIL_H
#define VLD_CLI_UTIL_H

#include <libvalidate.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses shared by manifest, verify and inspect. sum and check use
 * xxhsum's 0/1 and keep EXIT_USAGE for bad command lines. */
enum {
    EXIT_OK_ = 0,
    EXIT_FOUND = 1, /* damage or mismatch found */
    EXIT_USAGE = 2  /* bad command line, unreadable input, invalid manifest */
};

/* Name of the running subcommand, e.g. "vld verify", for usage errors. */
extern const char *g_cmd_name;

#if defined(__GNUC__)
#define VLD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define VLD_PRINTF(a, b)
#endif

/* "vld: NAME: MESSAGE" on stderr (NAME may be NULL). One line. */
void msg_error(const char *name, const char *fmt, ...) VLD_PRINTF(2, 3);
/* "vld verify: MESSAGE (see 'vld verify --help')" on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) VLD_PRINTF(1, 2);
/* getopt_long returned ':' (missing argument) or '?' (unknown option);
 * optstrings start with ':' so the two differ. Returns EXIT_USAGE. */
int usage_bad_option(char *const argv[], int c);
/*
 * A library failure on NAME: "vld: NAME: vld_strerror(st) (detail)". The
 * detail comes from vld_ctx_last_error(); a leading "NAME: " in it and a
 * detail equal to the message are dropped so the line says things once.
 */
void msg_lib_error(const char *name, const vld_ctx *ctx, vld_status st);

/* Parse a whole unsigned decimal number. */
bool parse_u64(const char *s, uint64_t *out);
/* Parse a size with optional K/M/G/T suffix (powers of 1024; "KiB", "K", "k" all work). */
bool parse_size(const char *s, uint64_t *out);

/* Names of enum values, for output. */
const char *depth_name(vld_depth d);
const char *hash_name(vld_hash h); /* "xxh3", "xxh128", "xxh32", "xxh64" */

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void hex_encode(const uint8_t *bytes, size_t n, char *out);

/*
 * Open FILE for reading ("-" gives standard input, not closed by
 * close_input). On failure prints "vld: FILE: reason" and returns -1.
 * Directories are refused with EISDIR. *is_regular tells whether the
 * descriptor is a regular (seekable) file.
 */
int open_input(const char *path, bool *is_regular);
void close_input(int fd);

/* Read all of fd into a malloc'ed buffer. Returns 0 or an errno value. */
int read_all(int fd, unsigned char **buf, size_t *len);

/*
 * Read `fd` to its end in 1 MiB pieces and hand each to feed(obj, piece,
 * len) (vld_stream_update, vld_builder_update), stopping at the first status
 * that is not VLD_OK and returning it. A read error is reported on stderr,
 * naming `name`, and returns VLD_E_IO.
 */
vld_status feed_fd(int fd, const char *name, vld_status (*feed)(void *obj, const void *p, size_t n),
                   void *obj);

/* Write all of buf to fd (retrying short writes). Returns 0 or an errno value. */
int write_all(int fd, const void *buf, size_t len);

/* Milliseconds on a monotonic clock. */
uint64_t now_ms(void);

/* Create a context or print why not. */
vld_ctx *new_ctx(void);

#endif
