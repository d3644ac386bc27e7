/*
 * vld - printing a verification's outcome, as text or JSON, and choosing
 * the exit status from it.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_VERIFY_OUTPUT_H
#define VLD_CLI_VERIFY_OUTPUT_H

#include <libvalidate.h>

#include <stdbool.h>
#include <stdint.h>

typedef struct verify_result {
    const char *file;     /* as shown: "stdin" for - */
    const char *manifest; /* as shown */
    const vld_report *report; /* may be NULL after an error */
    vld_status status;        /* of the verification call */
    uint64_t elapsed_ms;
} verify_result;

/*
 * Print the result on stdout (the error itself was already reported on
 * stderr). Returns 0 (nothing found), 1 (damage or length mismatch) or
 * 2 (the verification failed).
 */
int verify_print(const verify_result *res, bool json, bool quiet);

#endif
