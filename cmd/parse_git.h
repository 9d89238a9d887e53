/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/parse_git.h -- `mlsweep parse --git`: the Terraform of a repository
 * at a ref, read from its object database (cmd/cmd_parse_git.c).
 *
 * Kept apart from cmd/cmd_parse.c, which hands over to it when --git is
 * among the options, so the two grow without touching each other.
 */
#ifndef MLS_CMD_PARSE_GIT_H
#define MLS_CMD_PARSE_GIT_H

#include <stdbool.h>

/* Whether argv (as cmd_parse receives it) asks for --git: "--git" or
 * "--git=..." before any "--". */
bool cmd_parse_git_wanted(int argc, char **argv);

/* `mlsweep parse --git REPO_OR_DIR [--ref R] ...`; argv as cmd_parse()
 * receives it. Returns an MLS_EXIT_* code. */
int cmd_parse_git(int argc, char **argv);

#endif
