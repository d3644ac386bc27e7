/* Reading files by position, through the context's read hook (or pread). */
#ifndef VLD_FILEIO_H
#define VLD_FILEIO_H

#include "internal.h"

typedef struct vldi_file {
    int fd;
    const char *name; /* for messages */
    char fdname[24];
    vld_read_fn read; /* NULL: pread() */
    void *read_user;
} vldi_file;

void vldi_file_init_fd(vldi_file *f, const vldi_settings *s, int fd);
vld_status vldi_file_open(vld_ctx *ctx, vldi_file *f, const vldi_settings *s, const char *path);
/* Size of a regular file or block device; anything else is refused. */
vld_status vldi_file_size(vld_ctx *ctx, const vldi_file *f, uint64_t *size);
/* Read exactly `len` bytes at `off`. A file that ends early has changed
 * (VLD_E_FILE_CHANGED). The detail goes to `msg` rather than the context,
 * so that concurrent readers can decide which error is reported. */
vld_status vldi_file_read(const vldi_file *f, void *buf, size_t len, uint64_t off, char *msg,
                          size_t cap);

#endif
