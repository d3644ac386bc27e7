/* Positional file reads shared by file verification, building and jobs. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void vldi_file_init_fd(vldi_file *f, const vldi_settings *s, int fd)
{
    f->fd = fd;
    snprintf(f->fdname, sizeof f->fdname, "fd %d", fd);
    f->name = f->fdname;
    f->read = s->read;
    f->read_user = s->read_user;
}

vld_status vldi_file_open(vld_ctx *ctx, vldi_file *f, const vldi_settings *s, const char *path)
{
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return vldi_fail(ctx, VLD_E_IO, "%s: %s", path, strerror(errno));
    vldi_file_init_fd(f, s, fd);
    f->name = path;
    return VLD_OK;
}

vld_status vldi_file_size(vld_ctx *ctx, const vldi_file *f, uint64_t *size)
{
    struct stat st;
    if (fstat(f->fd, &st) != 0)
        return vldi_fail(ctx, VLD_E_IO, "%s: %s", f->name, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return vldi_fail(ctx, VLD_E_IO, "%s: %s", f->name, strerror(EISDIR));
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
        return vldi_fail(ctx, VLD_E_INVALID_ARGUMENT, "%s: not a regular file (use a stream)", f->name);
    *size = (uint64_t)st.st_size;
    return VLD_OK;
}

static int64_t read_at(const vldi_file *f, void *buf, size_t len, uint64_t off)
{
    if (f->read)
        return f->read(f->read_user, f->fd, buf, len, off);
    ssize_t n = pread(f->fd, buf, len, (off_t)off);
    return n < 0 ? -(int64_t)errno : (int64_t)n;
}

vld_status vldi_file_read(const vldi_file *f, void *buf, size_t len, uint64_t off, char *msg,
                          size_t cap)
{
    uint8_t *p = buf;
    while (len) {
        int64_t n = read_at(f, p, len, off);
        if (n == -EINTR)
            continue;
        if (n < 0 || (uint64_t)n > len) {
            snprintf(msg, cap, "%s: %s at offset %llu", f->name,
                     n < 0 ? strerror((int)-n) : "read hook returned too many bytes",
                     (unsigned long long)off);
            return VLD_E_IO;
        }
        if (n == 0) {
            snprintf(msg, cap, "%s: file ended at offset %llu while being read", f->name,
                     (unsigned long long)off);
            return VLD_E_FILE_CHANGED;
        }
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return VLD_OK;
}
