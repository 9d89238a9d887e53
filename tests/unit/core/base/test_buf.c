/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_buf.c -- core/base/buf.c: appends, the bound
 * given at init (MLS_ELIMIT and a reset buffer), detaching, and
 * out-of-memory at every allocation (CONVENTIONS section 8).
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <string.h>

static void assert_reset(const mls_buf *b)
{
  ck_assert_ptr_null(b->ptr);
  ck_assert_uint_eq(b->len, 0);
  ck_assert_uint_eq(b->cap, 0);
}

START_TEST(base_buf__appends_stay_nul_terminated)
{
  mls_buf b;
  mls_buf_init(&b, 1024);
  assert_reset(&b);
  ck_assert_uint_eq(b.max, 1024);

  ck_assert_int_eq(mls_buf_put(&b, "ab", 2), MLS_OK);
  ck_assert_int_eq(mls_buf_putc(&b, 'c'), MLS_OK);
  ck_assert_int_eq(mls_buf_puts(&b, "de"), MLS_OK);
  ck_assert_int_eq(mls_buf_printf(&b, "-%d-%s", 42, "x"), MLS_OK);
  ck_assert_uint_eq(b.len, 10);
  ck_assert_str_eq(b.ptr, "abcde-42-x");
  ck_assert_uint_eq(strlen(b.ptr), b.len);
  ck_assert_uint_gt(b.cap, b.len);

  ck_assert_int_eq(mls_buf_put(&b, NULL, 0), MLS_OK); /* no-op */
  ck_assert_uint_eq(b.len, 10);
  mls_buf_dispose(&b);
  assert_reset(&b);
  mls_buf_dispose(&b); /* twice is fine */
}
END_TEST

START_TEST(base_buf__static_init_matches_init)
{
  mls_buf b = MLS_BUF_INIT(16);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.max, 16);
  ck_assert_int_eq(mls_buf_puts(&b, "hello"), MLS_OK);
  ck_assert_str_eq(b.ptr, "hello");
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(base_buf__grows_across_many_appends)
{
  mls_buf b = MLS_BUF_INIT(1u << 20);
  for (int i = 0; i < 100000; i++) {
    ck_assert_int_eq(mls_buf_putc(&b, (char)('a' + i % 26)), MLS_OK);
  }
  ck_assert_uint_eq(b.len, 100000);
  for (size_t i = 0; i < b.len; i++) {
    ck_assert_int_eq(b.ptr[i], 'a' + (int)(i % 26));
  }
  ck_assert_int_eq(b.ptr[b.len], '\0');
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(base_buf__bound_is_inclusive)
{
  mls_buf b = MLS_BUF_INIT(10);
  ck_assert_int_eq(mls_buf_puts(&b, "0123456789"), MLS_OK); /* == max */
  ck_assert_uint_eq(b.len, 10);
  ck_assert_uint_le(b.cap, 11); /* never more than max plus the NUL */
  ck_assert_str_eq(b.ptr, "0123456789");
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(base_buf__bound_hit_is_elimit_and_resets)
{
  mls_buf b = MLS_BUF_INIT(10);

  ck_assert_int_eq(mls_buf_puts(&b, "0123456789"), MLS_OK);
  ck_assert_int_eq(mls_buf_putc(&b, 'x'), MLS_ELIMIT);
  assert_reset(&b);
  ck_assert_uint_eq(b.max, 10); /* the bound survives the reset */

  /* Each append kind fails the same way, and the buffer is usable again. */
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  ck_assert_int_eq(mls_buf_put(&b, "0123456789", 10), MLS_ELIMIT);
  assert_reset(&b);
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  ck_assert_int_eq(mls_buf_printf(&b, "%s", "0123456789"), MLS_ELIMIT);
  assert_reset(&b);
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  ck_assert_int_eq(mls_buf_reserve(&b, 8), MLS_ELIMIT);
  assert_reset(&b);
  ck_assert_int_eq(mls_buf_reserve(&b, SIZE_MAX), MLS_ELIMIT);
  assert_reset(&b);
}
END_TEST

START_TEST(base_buf__zero_bound_takes_nothing)
{
  mls_buf b = MLS_BUF_INIT(0);
  ck_assert_int_eq(mls_buf_put(&b, "", 0), MLS_OK);
  ck_assert_int_eq(mls_buf_putc(&b, 'a'), MLS_ELIMIT);
  assert_reset(&b);
}
END_TEST

START_TEST(base_buf__unbounded_max_does_not_wrap)
{
  /* SIZE_MAX as the bound means "no bound of our own"; max + 1 must not
   * wrap to 0 and shrink the allocation under the bytes written. */
  mls_buf b = MLS_BUF_INIT(SIZE_MAX);
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  ck_assert_uint_ge(b.cap, 4);
  for (int i = 0; i < 100; i++) {
    ck_assert_int_eq(mls_buf_putc(&b, 'x'), MLS_OK);
  }
  ck_assert_uint_eq(b.len, 103);
  ck_assert_uint_gt(b.cap, b.len);
  ck_assert_int_eq(mls_buf_reserve(&b, SIZE_MAX), MLS_ELIMIT);
  assert_reset(&b);
}
END_TEST

START_TEST(base_buf__clear_keeps_memory)
{
  mls_buf b = MLS_BUF_INIT(100);
  ck_assert_int_eq(mls_buf_puts(&b, "abcdef"), MLS_OK);
  char *p = b.ptr;
  size_t cap = b.cap;
  mls_buf_clear(&b);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_ptr_eq(b.ptr, p);
  ck_assert_uint_eq(b.cap, cap);
  ck_assert_str_eq(b.ptr, "");
  ck_assert_int_eq(mls_buf_puts(&b, "xy"), MLS_OK);
  ck_assert_str_eq(b.ptr, "xy");
  mls_buf_dispose(&b);

  mls_buf_clear(&b); /* on an empty buffer too */
  ck_assert_ptr_null(b.ptr);
}
END_TEST

START_TEST(base_buf__reserve_keeps_length)
{
  mls_buf b = MLS_BUF_INIT(1000);
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  ck_assert_int_eq(mls_buf_reserve(&b, 500), MLS_OK);
  ck_assert_uint_eq(b.len, 3);
  ck_assert_uint_ge(b.cap, 504);
  ck_assert_str_eq(b.ptr, "abc");
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(base_buf__detach_hands_over_bytes)
{
  mls_buf b = MLS_BUF_INIT(100);
  char *s = mls_buf_detach(&b); /* empty: an owned "" */
  ck_assert_str_eq(s, "");
  mls_free(s);

  ck_assert_int_eq(mls_buf_printf(&b, "%s=%u", "count", 7u), MLS_OK);
  s = mls_buf_detach(&b);
  ck_assert_str_eq(s, "count=7");
  assert_reset(&b);
  mls_free(s);
}
END_TEST

START_TEST(base_buf__printf_of_empty_string)
{
  mls_buf b = MLS_BUF_INIT(8);
  ck_assert_int_eq(mls_buf_printf(&b, "%s", ""), MLS_OK);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_int_eq(mls_buf_printf(&b, "%08d", 12), MLS_OK);
  ck_assert_str_eq(b.ptr, "00000012");
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(base_buf__enomem_resets)
{
  mls_buf b = MLS_BUF_INIT(100);
  mls_alloc_fail_after(0);
  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_ENOMEM);
  assert_reset(&b);
  mls_alloc_fail_after(-1);

  ck_assert_int_eq(mls_buf_puts(&b, "abc"), MLS_OK);
  mls_alloc_fail_after(0);
  ck_assert_int_eq(mls_buf_put(&b,
                               "0123456789012345678901234567890123456789"
                               "0123456789012345678901234567890123456789",
                               80),
                   MLS_ENOMEM); /* needs to grow past 64 bytes */
  assert_reset(&b);
  mls_alloc_fail_after(-1);
}
END_TEST

/* Build a string the way writers do. 0: all done and correct; 1: an
 * append reported MLS_ENOMEM and left the buffer reset; -1: contract broken.
 * No ck_assert, so the suite can count allocations outside a test. */
static int buf_scenario(void)
{
  mls_buf b = MLS_BUF_INIT(1u << 16);
  static const char line[] = "resource \"aws_s3_bucket\" \"b\" {}\n";
  int rc = MLS_OK;

  for (int i = 0; i < 200 && rc == MLS_OK; i++) {
    rc = i % 3 ? mls_buf_puts(&b, line) : mls_buf_printf(&b, "#%d\n", i);
  }
  if (rc == MLS_OK) {
    rc = mls_buf_putc(&b, '!');
  }
  if (rc != MLS_OK) {
    bool reset = b.ptr == NULL && b.len == 0 && b.cap == 0;
    return rc == MLS_ENOMEM && reset ? 1 : -1;
  }
  char *s = mls_buf_detach(&b);
  if (!s) {
    return 1;
  }
  int ok = strncmp(s, "#0\n", 3) == 0 && s[strlen(s) - 1] == '!';
  mls_free(s);
  return ok ? 0 : -1;
}

static int buf_scenario_allocs;

START_TEST(base_buf__enomem_at_every_allocation)
{
  mls_alloc_fail_after(_i);
  int rc = buf_scenario();
  mls_alloc_fail_after(-1);
  ck_assert_int_eq(rc, _i < buf_scenario_allocs ? 1 : 0);
}
END_TEST

START_TEST(base_buf__varints)
{
  static const uint32_t vals[] = { 0,           1,         127,   128,
                                   300,         16383,     16384, 0x0fffffffu,
                                   0x10000000u, UINT32_MAX };
  static const size_t sizes[] = { 1, 1, 1, 2, 2, 2, 3, 4, 5, 5 };
  mls_buf b = MLS_BUF_INIT(1 << 10);
  const unsigned char *p;
  size_t left;
  uint32_t v;
  bool bad;

  for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
    mls_buf_clear(&b);
    ck_assert_int_eq(mls_buf_put_varint(&b, vals[i]), MLS_OK);
    ck_assert_uint_eq(b.len, sizes[i]);
    p = (const unsigned char *)b.ptr;
    left = b.len;
    bad = false;
    v = mls_varint_get(&p, &left, &bad);
    ck_assert(!bad);
    ck_assert_uint_eq(v, vals[i]);
    ck_assert_uint_eq(left, 0);
    /* Cut short: refused, nothing consumed. */
    p = (const unsigned char *)b.ptr;
    left = b.len - 1;
    v = mls_varint_get(&p, &left, &bad);
    ck_assert(bad);
    ck_assert_uint_eq(v, 0);
    ck_assert_uint_eq(left, b.len - 1);
    /* Sticky: once bad, a whole value is not read either. */
    left = b.len;
    ck_assert_uint_eq(mls_varint_get(&p, &left, &bad), 0);
    ck_assert_uint_eq(left, b.len);
  }
  /* Past 32 bits, or longer than five bytes. */
  {
    static const unsigned char big[] = { 0xff, 0xff, 0xff, 0xff, 0x1f };
    static const unsigned char longer[] = {
      0x80, 0x80, 0x80, 0x80, 0x80, 0x00
    };
    p = big;
    left = sizeof(big);
    bad = false;
    (void)mls_varint_get(&p, &left, &bad);
    ck_assert(bad);
    p = longer;
    left = sizeof(longer);
    bad = false;
    (void)mls_varint_get(&p, &left, &bad);
    ck_assert(bad);
  }
  mls_buf_dispose(&b);
}
END_TEST

Suite *base_buf_suite(void)
{
  Suite *s = suite_create("base_buf_suite");
  TCase *tc = tcase_create("buf");
  TCase *oom = tcase_create("enomem");

  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, base_buf__appends_stay_nul_terminated);
  tcase_add_test(tc, base_buf__static_init_matches_init);
  tcase_add_test(tc, base_buf__grows_across_many_appends);
  tcase_add_test(tc, base_buf__bound_is_inclusive);
  tcase_add_test(tc, base_buf__bound_hit_is_elimit_and_resets);
  tcase_add_test(tc, base_buf__zero_bound_takes_nothing);
  tcase_add_test(tc, base_buf__unbounded_max_does_not_wrap);
  tcase_add_test(tc, base_buf__clear_keeps_memory);
  tcase_add_test(tc, base_buf__reserve_keeps_length);
  tcase_add_test(tc, base_buf__detach_hands_over_bytes);
  tcase_add_test(tc, base_buf__printf_of_empty_string);
  tcase_add_test(tc, base_buf__enomem_resets);
  tcase_add_test(tc, base_buf__varints);
  suite_add_tcase(s, tc);

  mls_alloc_fail_after(-1);
  (void)buf_scenario();
  buf_scenario_allocs = (int)mls_alloc_count();
  tcase_add_checked_fixture(oom, NULL, mls_test_alloc_reset);
  tcase_add_loop_test(oom, base_buf__enomem_at_every_allocation, 0,
                      buf_scenario_allocs + 1);
  suite_add_tcase(s, oom);
  return s;
}
