/*
 * vld - reading a manifest file and naming manifests.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_MANIFEST_FILE_H
#define VLD_CLI_MANIFEST_FILE_H

#include <libvalidate.h>

/* Extension of a manifest written next to its data: data.bin -> data.bin.vldm */
#define MANIFEST_SUFFIX ".vldm"

/* Load the manifest at path ("-" is standard input). On failure prints one
 * line saying what is wrong with it and returns NULL. */
vld_manifest *manifest_file_load(vld_ctx *ctx, const char *path);

/* path + MANIFEST_SUFFIX, malloc'ed (NULL when out of memory). */
char *manifest_default_path(const char *data_path);

#endif
