/*
 * vld - subcommand entry points. Each takes its own argv (argv[0] is the
 * subcommand's name) and returns the process exit status.
 * SPDX-License-Identifier: MIT
 */
#ifndef VLD_CLI_CMDS_H
#define VLD_CLI_CMDS_H

int cmd_sum(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_manifest(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

#endif
