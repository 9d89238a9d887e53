/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/test_util.h -- what every unit test file includes.
 *
 * Brings in Check, declares every suite function listed in
 * tests/unit/suites.h (so a test file that defines a suite missing from the
 * list fails -Wmissing-prototypes), and offers small helpers for reading
 * fixtures. The helpers use mls_malloc, so a test that arms
 * mls_alloc_fail_after() must load its fixtures first.
 */
#ifndef MLS_TESTS_UNIT_TEST_UTIL_H
#define MLS_TESTS_UNIT_TEST_UTIL_H

#include <check.h>
#include <stddef.h>

#include "tests/unit/suites.h"

/* Absolute path of the project root and of the shared material beside it
 * (../shared), fixed at configure time by tests/CMakeLists.txt. */
#ifndef MLS_TEST_SOURCE_DIR
#error "MLS_TEST_SOURCE_DIR must be defined by tests/CMakeLists.txt"
#endif
#ifndef MLS_TEST_SHARED_DIR
#error "MLS_TEST_SHARED_DIR must be defined by tests/CMakeLists.txt"
#endif

/* owned (mls_free): the whole file at `path`, NUL-terminated, with its
 * length in *len_out (may be NULL). A relative path is taken from the
 * project root. Fails the current test if the file cannot be read. */
char *mls_test_read_file(const char *path, size_t *len_out);

/* owned (mls_free): the file at `rel` under ../shared (for example
 * "corpus/real/x/main.tf"), as mls_test_read_file(). Returns NULL without
 * failing when ../shared is absent, so callers can skip. */
char *mls_test_read_shared(const char *rel, size_t *len_out);

/* Checked-fixture teardown that disarms mls_alloc_fail_after(), so a test
 * that fails while an injected failure is armed cannot poison the next one
 * under CK_FORK=no. Add it to every tcase that arms the hook. */
void mls_test_alloc_reset(void);

#endif
