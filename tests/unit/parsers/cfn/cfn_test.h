/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/cfn_test.h -- helpers the parsers/cfn suites
 * share: load a template into a per-test fixture, walk to a node by a
 * path, and compare a node with the compact JSON cfnref would print.
 *
 * Test code only. Every helper fails the running test on a mismatch.
 */
#ifndef MLS_TESTS_UNIT_PARSERS_CFN_TEST_H
#define MLS_TESTS_UNIT_PARSERS_CFN_TEST_H

#include "tests/unit/test_util.h"

#include "parsers/cfn/cfn.h"

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* The template and diagnostics of the running test (checked fixture). */
extern cfn_template *cfn_test_tmpl;
extern mls_diag cfn_test_diag;

void cfn_test_setup(void);    /* empty fixture */
void cfn_test_teardown(void); /* frees it, disarms allocation failures */

/* Which reader cfn_test_load() uses. */
typedef enum cfn_test_reader {
  CFN_TEST_AUTO = 0, /* cfn_load() */
  CFN_TEST_YAML,     /* cfn_load_yaml() */
  CFN_TEST_JSON      /* cfn_load_json() */
} cfn_test_reader;

/* Load src[0..len) (len SIZE_MAX: strlen) into the fixture, replacing the
 * previous template, and check the return code. Returns the root (may be
 * NULL). */
const cfn_node *cfn_test_load(cfn_test_reader reader, const char *src,
                              size_t len, int want_rc);

/* The node at `path` under n: segments separated by '/', a segment is a
 * mapping key or, on a sequence, a decimal index ("Resources/R/Type",
 * "a/0/Fn::If/1"). Fails the test when a step is missing. */
const cfn_node *cfn_test_at(const cfn_node *n, const char *path);

/* Fail unless n dumps as exactly `json` (cfn_dump_value). */
void cfn_test_json(const cfn_node *n, const char *json);

/* Fail unless the diagnostics hold an entry of severity `sev` whose
 * message contains `needle`. */
void cfn_test_has_diag(mls_severity sev, const char *needle);

/* Fail unless n's range starts at (line, col, byte). */
void cfn_test_start(const cfn_node *n, unsigned line, unsigned col,
                    unsigned byte);

#endif
