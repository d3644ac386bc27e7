/*
 * vld - reading manifest files.
 * SPDX-License-Identifier: MIT
 */
#include "manifest_file.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

vld_manifest *manifest_file_load(vld_ctx *ctx, const char *path)
{
    const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
    unsigned char *buf = NULL;
    size_t len = 0;
    vld_manifest *m = NULL;
    vld_status st;
    int e;
    int fd = open_input(path, NULL);

    if (fd < 0)
        return NULL;
    e = read_all(fd, &buf, &len);
    close_input(fd);
    if (e) {
        msg_error(name, "%s", strerror(e));
        return NULL;
    }
    st = vld_manifest_load(ctx, buf, len, &m);
    free(buf);
    if (st != VLD_OK) {
        msg_lib_error(name, ctx, st);
        return NULL;
    }
    return m;
}

char *manifest_default_path(const char *data_path)
{
    size_t n = strlen(data_path);
    char *p = malloc(n + sizeof MANIFEST_SUFFIX);
    if (p) {
        memcpy(p, data_path, n);
        memcpy(p + n, MANIFEST_SUFFIX, sizeof MANIFEST_SUFFIX);
    }
    return p;
}
