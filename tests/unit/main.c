/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/main.c -- the mls_unit runner: every Check suite in one binary.
 *
 * With CK_RUN_SUITE unset it runs every suite listed in tests/unit/suites.h
 * and Check prints one overall "N%: Checks: N, Failures: N, Errors: N"
 * line. With CK_RUN_SUITE=<name> (how ctest runs it, one test per suite)
 * only that suite is built and run. <name> is the suite function's name as
 * listed in suites.h, with or without its "_suite" suffix; the runner does
 * the selection itself and then clears CK_RUN_SUITE, so the name a test
 * file passes to suite_create() does not matter. CK_RUN_CASE narrows the
 * run further, as Check documents. Selecting a suite that does not exist,
 * or running no test at all, is a failure: a typo must not pass as a green
 * run. Exit status: 0 when every test passed, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L /* unsetenv */

#include "tests/unit/test_util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct suite_entry {
  const char *name;     /* static: the function's name, as in suites.h */
  Suite *(*make)(void); /* builds the suite; Check owns it once added */
} suite_entry;

#define MLS_SUITE(name) { #name, name },
static const suite_entry suites[] = {
#include "tests/unit/suites.h"
};
#undef MLS_SUITE

#define NSUITES (sizeof(suites) / sizeof(suites[0]))

/* Whether `want` names the suite function `name`, in full or without the
 * "_suite" suffix. */
static bool selects(const char *want, const char *name)
{
  static const char suffix[] = "_suite";
  size_t n = strlen(name), k = sizeof(suffix) - 1;

  if (strcmp(want, name) == 0) {
    return true;
  }
  return n > k && strcmp(name + n - k, suffix) == 0 && strlen(want) == n - k &&
         strncmp(want, name, n - k) == 0;
}

static void list_suites(FILE *out)
{
  for (size_t i = 0; i < NSUITES; i++) {
    fprintf(out, "  %s\n", suites[i].name);
  }
}

int main(int argc, char **argv)
{
  const char *only = getenv("CK_RUN_SUITE");
  SRunner *sr = NULL;
  int nrun, nfailed;

  if (argc > 1 && (strcmp(argv[1], "--list") == 0)) {
    list_suites(stdout);
    return 0;
  }
  if (argc > 1) {
    fprintf(stderr,
            "usage: %s [--list]\n"
            "  CK_RUN_SUITE=<suite> and CK_RUN_CASE=<case> select tests\n",
            argv[0]);
    return 2;
  }
  if (only && only[0] == '\0') {
    only = NULL;
  }
  for (size_t i = 0; i < NSUITES; i++) {
    if (only && !selects(only, suites[i].name)) {
      continue;
    }
    if (!sr) {
      sr = srunner_create(suites[i].make());
    } else {
      srunner_add_suite(sr, suites[i].make());
    }
  }
  if (!sr) {
    fprintf(stderr, "mls_unit: no suite named '%s'; suites are:\n", only);
    list_suites(stderr);
    return 1;
  }
  /* The suite is chosen; keep Check from filtering again by the name given
   * to suite_create(). Check still reads CK_RUN_CASE, CK_FORK and
   * CK_VERBOSITY. */
  unsetenv("CK_RUN_SUITE");
  srunner_run_all(sr, CK_ENV);
  nrun = srunner_ntests_run(sr);
  nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  if (nrun == 0) {
    fprintf(stderr,
            "mls_unit: no test ran (does CK_RUN_CASE name a test case of "
            "the suite?)\n");
    return 1;
  }
  return nfailed == 0 ? 0 : 1;
}
