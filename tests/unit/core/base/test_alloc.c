/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_alloc.c -- core/base/alloc.c: the heap wrappers,
 * checked size maths and the allocation-failure hook every other
 * allocation-failure test relies on.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"

#include <stdint.h>
#include <string.h>

START_TEST(base_alloc__malloc_zero_is_usable)
{
  char *p = mls_malloc(0);
  ck_assert_ptr_nonnull(p);
  mls_free(p);
  mls_free(NULL); /* NULL-safe */
}
END_TEST

START_TEST(base_alloc__calloc_zeroes_and_checks_overflow)
{
  unsigned char *p = mls_calloc(100, 3);
  ck_assert_ptr_nonnull(p);
  for (size_t i = 0; i < 300; i++) {
    ck_assert_uint_eq(p[i], 0);
  }
  mls_free(p);
  ck_assert_ptr_null(mls_calloc(SIZE_MAX / 2, 3));
  ck_assert_ptr_null(mls_calloc(SIZE_MAX, SIZE_MAX));
}
END_TEST

START_TEST(base_alloc__realloc_keeps_contents)
{
  char *p = mls_malloc(4);
  ck_assert_ptr_nonnull(p);
  memcpy(p, "abcd", 4);
  char *q = mls_realloc(p, 4096);
  ck_assert_ptr_nonnull(q);
  ck_assert_int_eq(memcmp(q, "abcd", 4), 0);
  mls_free(q);
}
END_TEST

START_TEST(base_alloc__strndup_terminates)
{
  char *s = mls_strndup("hello world", 5);
  ck_assert_str_eq(s, "hello");
  mls_free(s);
  s = mls_strndup(NULL, 0); /* n == 0 never reads s */
  ck_assert_str_eq(s, "");
  mls_free(s);
  ck_assert_ptr_null(mls_strndup("x", SIZE_MAX));
}
END_TEST

START_TEST(base_alloc__size_helpers_detect_overflow)
{
  size_t out = 0;
  ck_assert(mls_add_sz(&out, 1, 2));
  ck_assert_uint_eq(out, 3);
  ck_assert(!mls_add_sz(&out, SIZE_MAX, 1));
  ck_assert(mls_mul_sz(&out, 1u << 16, 1u << 15));
  ck_assert_uint_eq(out, (size_t)1 << 31);
  ck_assert(!mls_mul_sz(&out, SIZE_MAX / 2 + 1, 2));
  ck_assert(mls_mul_sz(&out, 0, SIZE_MAX));
  ck_assert_uint_eq(out, 0);
}
END_TEST

START_TEST(base_alloc__fail_after_counts_from_zero)
{
  void *a, *b, *c;

  mls_alloc_fail_after(2); /* the third allocation from now fails */
  a = mls_malloc(8);
  b = mls_calloc(1, 8);
  c = mls_malloc(8);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_ptr_null(c);
  ck_assert_uint_eq(mls_alloc_count(), 3);
  mls_alloc_fail_after(-1);
  mls_free(a);
  mls_free(b);
}
END_TEST

START_TEST(base_alloc__failure_is_sticky_until_reset)
{
  char *keep = mls_malloc(4);
  ck_assert_ptr_nonnull(keep);
  memcpy(keep, "abc", 4);

  /* Like curl's torture mode, once the hook fires every later allocation
   * fails too, and a failed realloc leaves the old block intact. */
  mls_alloc_fail_after(0);
  ck_assert_ptr_null(mls_malloc(1));
  ck_assert_ptr_null(mls_calloc(1, 1));
  ck_assert_ptr_null(mls_realloc(keep, 64));
  ck_assert_ptr_null(mls_strndup("x", 1));
  ck_assert_str_eq(keep, "abc");

  mls_alloc_fail_after(-1);
  ck_assert_uint_eq(mls_alloc_count(), 0);
  void *p = mls_malloc(1);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_eq(mls_alloc_count(), 1);
  mls_free(p);
  mls_free(keep);
}
END_TEST

Suite *base_alloc_suite(void)
{
  Suite *s = suite_create("base_alloc_suite");
  TCase *tc = tcase_create("alloc");

  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, base_alloc__malloc_zero_is_usable);
  tcase_add_test(tc, base_alloc__calloc_zeroes_and_checks_overflow);
  tcase_add_test(tc, base_alloc__realloc_keeps_contents);
  tcase_add_test(tc, base_alloc__strndup_terminates);
  tcase_add_test(tc, base_alloc__size_helpers_detect_overflow);
  tcase_add_test(tc, base_alloc__fail_after_counts_from_zero);
  tcase_add_test(tc, base_alloc__failure_is_sticky_until_reset);
  suite_add_tcase(s, tc);
  return s;
}
