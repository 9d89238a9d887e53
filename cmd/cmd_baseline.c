/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_baseline.c -- `mlsweep baseline create [scan options] --output
 * FILE`: sweep as `mlsweep scan` does and record every failing,
 * unsuppressed finding in a baseline file (sarif/baseline.h), so later
 * sweeps with `scan --baseline FILE` report only new findings as failing.
 *
 * Stage: the command line. Takes `--output FILE` (required) out of the
 * arguments and hands the rest to the scan; every scan option (targets,
 * --ref, --env, --rules, --config, ...) means what it means there, so the
 * baseline holds exactly the findings the same scan would report.
 */
#include "cmd/cmd.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: mlsweep baseline create [scan options] [TARGET...] --output "
    "FILE\n"
    "\n"
    "Sweep the targets as `mlsweep scan` does and write every failing,\n"
    "unsuppressed finding to FILE (JSON, sorted). `mlsweep scan --baseline\n"
    "FILE` then reports those findings as existing, and only new ones count\n"
    "for --fail-on. Exit 0 whatever was found, 2 on errors.\n";

int cmd_baseline(int argc, char **argv)
{
  const char *out = NULL;
  char **args;
  int n = 0, status;

  if (argc < 2 || strcmp(argv[1], "create") != 0) {
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
      fputs(usage_text, stdout);
      return MLS_EXIT_OK;
    }
    fputs(usage_text, stderr);
    return MLS_EXIT_USAGE;
  }
  if (!(args = mls_calloc((size_t)argc, sizeof(*args)))) {
    fputs("mlsweep baseline: out of memory\n", stderr);
    return MLS_EXIT_USAGE;
  }
  args[n++] = argv[0];
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      while (i < argc) {
        args[n++] = argv[i++];
      }
      break;
    }
    if (strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) {
      if (i + 1 >= argc) {
        fputs("mlsweep baseline: --output needs a value\n", stderr);
        mls_free(args);
        return MLS_EXIT_USAGE;
      }
      out = argv[++i];
    } else if (strncmp(a, "--output=", 9) == 0) {
      out = a + 9;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage_text, stdout);
      mls_free(args);
      return MLS_EXIT_OK;
    } else {
      args[n++] = argv[i];
    }
  }
  if (!out) {
    fputs("mlsweep baseline create: --output FILE is required\n", stderr);
    mls_free(args);
    return MLS_EXIT_USAGE;
  }
  status = cmd_scan_run(n, args, out);
  mls_free(args);
  return status;
}
