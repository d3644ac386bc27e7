/*
 * Files, read by position (pread() or the context's read hook) so that a
 * sampled pass reads only the chunks it chose and a shallow pass reads
 * none: the I/O saved is real. The chunk work itself is parallel.c's.
 */
#include "parallel.h"
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_PIECE ((size_t)4 << 20)

/* Chunks wholly inside the first `size` bytes, from `first` to `end`. */
static uint64_t present_end(const vld_manifest *m, uint64_t end, uint64_t size)
{
    uint64_t whole = size / m->chunk_size;
    if (size >= m->length)
        return end;
    return whole < end ? whole : end;
}

static vld_status verify_src(vld_ctx *ctx, const vld_manifest *m, const vldi_file *f, uint64_t first,
                             uint64_t count, vld_report **out)
{
    uint64_t size;
    vld_status st = vldi_file_size(ctx, f, &size);
    if (st != VLD_OK)
        return st;
    vldi_verifier v;
    if ((st = vldi_verifier_init_range(&v, ctx, m, first, count)) != VLD_OK)
        return st;
    uint64_t end = present_end(m, first + count, size);
    vldi_source src = {NULL, 0, 0, f};
    st = vldi_verify_chunks(&v, &src, end, size < m->length ? size : m->length);
    /* A range report says how far into the object the data reached. */
    uint64_t seen = size;
    if (first + count < m->chunk_count && seen > (first + count) * m->chunk_size)
        seen = (first + count) * m->chunk_size;
    return vldi_verifier_finish(&v, seen, st, out);
}

vld_status vld_verify_fd_range(vld_ctx *ctx, const vld_manifest *m, int fd, uint64_t first,
                               uint64_t count, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out || fd < 0)
        return VLD_E_INVALID_ARGUMENT;
    vld_status st = vldi_check_range(ctx, m, first, &count);
    if (st != VLD_OK)
        return st;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    vldi_file_init_fd(&f, &s, fd);
    return verify_src(ctx, m, &f, first, count, out);
}

vld_status vld_verify_file_range(vld_ctx *ctx, const vld_manifest *m, const char *path,
                                 uint64_t first, uint64_t count, vld_report **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !m || !out || !path)
        return VLD_E_INVALID_ARGUMENT;
    vld_status st = vldi_check_range(ctx, m, first, &count);
    if (st != VLD_OK)
        return st;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    if ((st = vldi_file_open(ctx, &f, &s, path)) != VLD_OK)
        return st;
    st = verify_src(ctx, m, &f, first, count, out);
    close(f.fd);
    return st;
}

vld_status vld_verify_fd(vld_ctx *ctx, const vld_manifest *m, int fd, vld_report **out)
{
    return vld_verify_fd_range(ctx, m, fd, 0, VLD_CHUNKS_ALL, out);
}

vld_status vld_verify_file(vld_ctx *ctx, const vld_manifest *m, const char *path, vld_report **out)
{
    return vld_verify_file_range(ctx, m, path, 0, VLD_CHUNKS_ALL, out);
}

/* A file that grew while we read it is not the object we measured. */
static vld_status check_not_grown(vld_ctx *ctx, const vldi_file *f, uint64_t size)
{
    uint8_t byte;
    char msg[256];
    vld_status st = vldi_file_read(f, &byte, 1, size, msg, sizeof msg);
    if (st == VLD_OK)
        return vldi_fail(ctx, VLD_E_FILE_CHANGED, "%s: file grew while being read", f->name);
    if (st != VLD_E_FILE_CHANGED)
        return vldi_fail(ctx, st, "%s", msg);
    return VLD_OK;
}

static vld_status build_src(vld_ctx *ctx, const vldi_file *f, const vldi_settings *s,
                            vld_manifest **out)
{
    uint64_t size;
    vld_status st = vldi_file_size(ctx, f, &size);
    if (st != VLD_OK)
        return st;
    unsigned threads = vldi_threads_wanted(s->params.threads);
    if (threads > 1 && size >= VLDI_PARALLEL_MIN) {
        vldi_source src = {NULL, 0, 0, f};
        if ((st = vldi_build_parallel(ctx, s, threads, &src, size, out)) == VLD_OK &&
            (st = check_not_grown(ctx, f, size)) != VLD_OK) {
            vld_manifest_free(*out);
            *out = NULL;
        }
        return st;
    }
    vld_builder *b = NULL;
    uint8_t *buf = vldi_malloc(&ctx->alloc, READ_PIECE);
    if (!buf)
        return vldi_fail(ctx, VLD_E_NOMEM, "no memory for a read buffer");
    char msg[256];
    st = vld_builder_new(ctx, size, &b);
    for (uint64_t off = 0; off < size && st == VLD_OK;) {
        size_t n = size - off < READ_PIECE ? (size_t)(size - off) : READ_PIECE;
        if ((st = vldi_file_read(f, buf, n, off, msg, sizeof msg)) != VLD_OK)
            st = vldi_fail(ctx, st, "%s", msg);
        else
            st = vld_builder_update(b, buf, n);
        off += n;
    }
    if (st == VLD_OK)
        st = check_not_grown(ctx, f, size);
    if (st == VLD_OK)
        st = vld_builder_finish(b, out);
    vld_builder_free(b);
    vldi_free(&ctx->alloc, buf);
    return st;
}

vld_status vld_manifest_build_fd(vld_ctx *ctx, int fd, vld_manifest **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !out || fd < 0)
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    vldi_file_init_fd(&f, &s, fd);
    return build_src(ctx, &f, &s, out);
}

vld_status vld_manifest_build_file(vld_ctx *ctx, const char *path, vld_manifest **out)
{
    if (out)
        *out = NULL;
    if (!ctx || !out || !path)
        return VLD_E_INVALID_ARGUMENT;
    vldi_settings s;
    vldi_ctx_snapshot(ctx, &s);
    vldi_file f;
    vld_status st = vldi_file_open(ctx, &f, &s, path);
    if (st != VLD_OK)
        return st;
    st = build_src(ctx, &f, &s, out);
    close(f.fd);
    return st;
}
