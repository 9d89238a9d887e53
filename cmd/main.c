/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/main.c -- the mlsweep entry point: global options and dispatch.
 *
 * Stage: argv -> subcommand. Handles --version and help itself and hands
 * everything else to a cmd_<name>() of cmd/cmd.h, which receives argv from
 * the subcommand's name on. Subcommands that this version does not ship
 * yet are listed in the usage text and fail with exit code 2, so scripts
 * written against the documented interface fail loudly instead of seeming
 * to pass. Trusts nothing in argv beyond its being NUL-terminated strings.
 */
#include "cmd/cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef MLS_VERSION
#define MLS_VERSION "unknown" /* set by CMakeLists.txt from project() */
#endif

typedef struct command {
  const char *name;                  /* static: argv[1] that selects it */
  int (*run)(int argc, char **argv); /* NULL: not in this version yet */
  const char *summary;               /* static: one line for the usage text */
} command;

static const command commands[] = {
  { "scan", cmd_scan, "sweep repositories, write SARIF and statistics" },
  { "parse", cmd_parse, "parse IaC files and print their syntax trees" },
  { "inspect", cmd_inspect, "show the resource model of a Terraform module" },
  { "rules", cmd_rules, "list, show and validate policy rules" },
  { "baseline", cmd_baseline, "record known findings (baseline create)" },
  { "merge", cmd_merge, "combine the outputs of sharded runs" },
  { "cache", cmd_cache, "inspect or prune the result cache" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
  fputs("usage: mlsweep <command> [options] [args]\n"
        "       mlsweep --version | --help\n"
        "\n"
        "Security scanner for ML Infrastructure-as-Code (Terraform and\n"
        "CloudFormation).\n"
        "\n"
        "Commands:\n",
        out);
  bool coming = false;
  for (size_t i = 0; i < NCOMMANDS; i++) {
    fprintf(out, "  %-9s %s%s\n", commands[i].name, commands[i].summary,
            commands[i].run ? "" : " (coming)");
    coming = coming || !commands[i].run;
  }
  fputs("  help      show this text; help COMMAND: that command's options\n\n",
        out);
  if (coming) {
    fputs("Commands marked (coming) are not in this version yet and exit 2.\n",
          out);
  }
  fputs("Exit status: 0 ok, 1 findings, 2 usage or fatal error.\n", out);
}

int main(int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (!name) {
    usage(stderr);
    return MLS_EXIT_USAGE;
  }
  if (strcmp(name, "--version") == 0) {
    printf("mlsweep %s\n", MLS_VERSION);
    return MLS_EXIT_OK;
  }
  if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
      strcmp(name, "-h") == 0) {
    /* `mlsweep help scan` is `mlsweep scan --help`. */
    for (size_t i = 0; argc > 2 && i < NCOMMANDS; i++) {
      if (commands[i].run && strcmp(argv[2], commands[i].name) == 0) {
        static char help[] = "--help";
        char *hargv[] = { argv[2], help, NULL };
        return commands[i].run(2, hargv);
      }
    }
    if (argc > 2) {
      fprintf(stderr,
              "mlsweep: unknown command '%s'; 'mlsweep help' lists them\n",
              argv[2]);
      return MLS_EXIT_USAGE;
    }
    usage(stdout);
    return MLS_EXIT_OK;
  }
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strcmp(name, commands[i].name) != 0) {
      continue;
    }
    if (!commands[i].run) {
      fprintf(stderr, "mlsweep: '%s' is not yet available in this version\n",
              name);
      return MLS_EXIT_USAGE;
    }
    return commands[i].run(argc - 1, argv + 1);
  }
  fprintf(stderr, "mlsweep: unknown command '%s'; 'mlsweep help' lists them\n",
          name);
  return MLS_EXIT_USAGE;
}
