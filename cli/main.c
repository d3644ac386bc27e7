/*
 * vld - command-line front end of libvalidate: dispatch to subcommands.
 * SPDX-License-Identifier: MIT
 */
#include "cmds.h"

#include "util.h"

#include <libvalidate.h>

#include <stdio.h>
#include <string.h>

#ifndef VLD_CLI_VERSION
#define VLD_CLI_VERSION "unknown"
#endif

static const char main_help[] =
    "Usage: vld COMMAND [OPTION]... [ARG]...\n"
    "Check that data is still what it was.\n"
    "\n"
    "Commands:\n"
    "  sum       print xxHash checksums, as xxhsum does\n"
    "  check     verify files against xxhsum checksum lists (also 'sum -c')\n"
    "  manifest  write a chunk manifest of a file\n"
    "  verify    verify a file against its manifest and locate damage\n"
    "  inspect   describe a manifest\n"
    "  help      show help for a command\n"
    "\n"
    "'vld COMMAND --help' describes each command. See also vld(1).\n"
    "  -h, --help     show this help and exit\n"
    "  -V, --version  show the versions of vld and libvalidate\n";

typedef int (*cmd_fn)(int, char **);

static const struct {
    const char *name;
    cmd_fn fn;
} commands[] = {
    {"sum", cmd_sum},           {"check", cmd_check},   {"manifest", cmd_manifest},
    {"verify", cmd_verify},     {"inspect", cmd_inspect},
};

static cmd_fn find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn;
    return NULL;
}

static char cmd_name_buf[64];

static int run(const char *name, cmd_fn fn, int argc, char **argv)
{
    snprintf(cmd_name_buf, sizeof cmd_name_buf, "vld %s", name);
    g_cmd_name = cmd_name_buf;
    return fn(argc, argv);
}

int main(int argc, char **argv)
{
    cmd_fn fn;

    if (argc < 2)
        return usage_error("no command given (sum, check, manifest, verify, inspect)");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("vld %s (libvalidate %s)\n", VLD_CLI_VERSION, vld_version_string());
        return 0;
    }
    if (strcmp(argv[1], "help") == 0) {
        char help_flag[] = "--help";
        char *hargv[] = {argv[2], help_flag, NULL};
        if (argc < 3) {
            fputs(main_help, stdout);
            return 0;
        }
        fn = find(argv[2]);
        if (!fn)
            return usage_error("unknown command '%s'", argv[2]);
        return run(argv[2], fn, 2, hargv);
    }
    fn = find(argv[1]);
    if (!fn)
        return usage_error("unknown command '%s'", argv[1]);
    return run(argv[1], fn, argc - 1, argv + 1);
}
