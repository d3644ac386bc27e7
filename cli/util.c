/*
 * vld - shared helpers.
 * SPDX-License-Identifier: MIT
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *g_cmd_name = "vld";

void msg_error(const char *name, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout); /* keep stdout and stderr in order on a terminal */
    fputs("vld: ", stderr);
    if (name)
        fprintf(stderr, "%s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int usage_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", g_cmd_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see '%s --help')\n", g_cmd_name);
    return EXIT_USAGE;
}

int usage_bad_option(char *const argv[], int c)
{
    const char *arg = optind > 0 ? argv[optind - 1] : NULL;
    if (c == ':')
        return usage_error("option '%s' needs an argument", arg ? arg : "?");
    if (optopt > ' ' && optopt < 127)
        return usage_error("unknown option '-%c'", optopt);
    return usage_error("unknown option '%s'", arg ? arg : "?");
}

void msg_lib_error(const char *name, const vld_ctx *ctx, vld_status st)
{
    char detail[512] = "";
    const char *msg = vld_strerror(st);
    const char *d = detail;
    if (ctx)
        vld_ctx_last_error(ctx, detail, sizeof detail);
    if (name) {
        size_t n = strlen(name);
        if (strncmp(d, name, n) == 0 && d[n] == ':' && d[n + 1] == ' ')
            d += n + 2;
    }
    /* a detail that opens with the message's own words only restates it */
    size_t same = 0;
    while (d[same] && d[same] == msg[same])
        same++;
    if (*d && msg[same] != '\0' && same < 16)
        msg_error(name, "%s (%s)", msg, d);
    else
        msg_error(name, "%s", msg);
}

bool parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

bool parse_size(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    unsigned shift = 0;
    if (!s || *s < '0' || *s > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    switch (*p) {
    case '\0': break;
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    default: return false;
    }
    if (*p) {
        p++;
        if (*p == 'i')
            p++;
        if (*p == 'B' || *p == 'b')
            p++;
        if (*p)
            return false;
    }
    if (shift && v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

const char *depth_name(vld_depth d)
{
    switch (d) {
    case VLD_DEPTH_SHALLOW: return "shallow";
    case VLD_DEPTH_SAMPLED: return "sampled";
    case VLD_DEPTH_FULL: return "full";
    case VLD_DEPTH_DEEP: return "deep";
    }
    return "unknown";
}

const char *hash_name(vld_hash h)
{
    switch (h) {
    case VLD_HASH_XXH3_64: return "xxh3";
    case VLD_HASH_XXH3_128: return "xxh128";
    case VLD_HASH_XXH32: return "xxh32";
    case VLD_HASH_XXH64: return "xxh64";
    }
    return "unknown";
}

void hex_encode(const uint8_t *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

int open_input(const char *path, bool *is_regular)
{
    struct stat st;
    int fd;
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        do
            fd = open(path, O_RDONLY | O_CLOEXEC);
        while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            msg_error(path, "%s", strerror(errno));
            return -1;
        }
    }
    if (fstat(fd, &st) != 0) {
        int e = errno;
        msg_error(strcmp(path, "-") == 0 ? "stdin" : path, "%s", strerror(e));
        close_input(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        msg_error(strcmp(path, "-") == 0 ? "stdin" : path, "%s", strerror(EISDIR));
        close_input(fd);
        return -1;
    }
    if (is_regular)
        *is_regular = S_ISREG(st.st_mode);
    return fd;
}

void close_input(int fd)
{
    if (fd > STDERR_FILENO)
        close(fd);
}

int read_all(int fd, unsigned char **buf, size_t *len)
{
    size_t cap = 0, n = 0;
    unsigned char *b = NULL;
    for (;;) {
        ssize_t r;
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nb;
            if (ncap < cap) {
                free(b);
                return ENOMEM;
            }
            nb = realloc(b, ncap);
            if (!nb) {
                free(b);
                return ENOMEM;
            }
            b = nb;
            cap = ncap;
        }
        r = read(fd, b + n, cap - n);
        if (r < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            free(b);
            return e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *buf = b;
    *len = n;
    return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

vld_ctx *new_ctx(void)
{
    vld_ctx *ctx = NULL;
    vld_status st = vld_ctx_new(NULL, &ctx);
    if (st != VLD_OK) {
        msg_error(NULL, "cannot create a context: %s", vld_strerror(st));
        return NULL;
    }
    return ctx;
}

vld_status feed_fd(int fd, const char *name, vld_status (*feed)(void *obj, const void *p, size_t n),
                   void *obj)
{
    enum { BUF = 1 << 20 };
    unsigned char *buf = malloc(BUF);
    vld_status st = VLD_OK;
    if (!buf)
        return VLD_E_NOMEM;
    while (st == VLD_OK) {
        ssize_t n = read(fd, buf, BUF);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            msg_error(name, "%s", strerror(errno));
            st = VLD_E_IO;
            break;
        }
        if (n == 0)
            break;
        st = feed(obj, buf, (size_t)n);
    }
    free(buf);
    return st;
}
