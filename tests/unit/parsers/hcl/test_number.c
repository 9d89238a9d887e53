/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/hcl/test_number.c -- hcl_number_canon().
 *
 * Expected strings are hclref's (cty's) output for the same literals, taken
 * from ../shared/tools/hclref runs: plain positional decimals, exact at any
 * length, Go's %e form past a binary exponent of +-4096.
 */
#include "parsers/hcl/hcl.h"

#include "tests/unit/test_util.h"

#include <string.h>

/* Canonical form of `raw` in a generous buffer; "ERR" when rejected. */
static const char *canon(char *buf, size_t cap, const char *raw)
{
  int n = hcl_number_canon(buf, cap, mls_span_of(raw, strlen(raw)));
  if (n < 0) {
    return "ERR";
  }
  ck_assert_uint_eq((size_t)n, strlen(buf));
  return buf;
}

#define CHECK_CANON(raw, want)                                                 \
  do {                                                                         \
    char buf_[4096];                                                           \
    ck_assert_str_eq(canon(buf_, sizeof(buf_), (raw)), (want));                \
  } while (0)

/* An empty span may carry a NULL pointer (an empty string value in the
 * evaluator); the fuzzer found split() doing NULL + 0 before checking. */
START_TEST(hcl_number__empty_and_null_spans)
{
  char buf[64];
  mls_span none = { NULL, 0 };
  ck_assert_int_eq(hcl_number_canon(buf, sizeof(buf), none), -1);
  ck_assert_int_eq(hcl_number_canon(buf, sizeof(buf), mls_span_of("", 0)), -1);
}
END_TEST

START_TEST(hcl_number__readme_examples)
{
  CHECK_CANON("1.50", "1.5");
  CHECK_CANON("1e3", "1000");
  CHECK_CANON("1e-7", "0.0000001");
  CHECK_CANON("0.0", "0");
  CHECK_CANON("007", "7");
  CHECK_CANON("12345678901234567890123", "12345678901234567890123");
}
END_TEST

START_TEST(hcl_number__zero_forms)
{
  CHECK_CANON("0", "0");
  CHECK_CANON("0e5", "0");
  CHECK_CANON("0.000", "0");
  CHECK_CANON("0.0e-10", "0");
  CHECK_CANON("000", "0");
  CHECK_CANON("0e99999999999999999999", "0");
}
END_TEST

START_TEST(hcl_number__exponents)
{
  CHECK_CANON("1E2", "100");
  CHECK_CANON("1.5e+3", "1500");
  CHECK_CANON("00.100e2", "10");
  CHECK_CANON("10.5e-1", "1.05");
  CHECK_CANON("5e-1", "0.5");
  CHECK_CANON("1.25e1", "12.5");
  CHECK_CANON("123.456e-3", "0.123456");
  CHECK_CANON("123.456e3", "123456");
  CHECK_CANON("0.001e3", "1");
  CHECK_CANON("123456789012345678901234567890.000001e-40",
              "0.0000000000123456789012345678901234567890000001");
}
END_TEST

START_TEST(hcl_number__fractions)
{
  CHECK_CANON("3.14159", "3.14159");
  CHECK_CANON("0.5", "0.5");
  CHECK_CANON("00.50", "0.5");
  CHECK_CANON("10.0", "10");
  CHECK_CANON("100", "100");
  CHECK_CANON("0.10000000000000000000000000000000000001",
              "0.10000000000000000000000000000000000001");
}
END_TEST

START_TEST(hcl_number__huge_magnitudes_use_go_e_form)
{
  char buf[2048];
  /* 1e1233 < 2^4096: still positional, 1234 digits. */
  const char *s = canon(buf, sizeof(buf), "1e1233");
  ck_assert_uint_eq(strlen(s), 1234);
  ck_assert_int_eq(s[0], '1');
  ck_assert_int_eq(s[1233], '0');
  CHECK_CANON("1.05e1233", "1.05e+1233");
  CHECK_CANON("1e1300", "1e+1300");
  CHECK_CANON("12345e1300", "1.2345e+1304");
  CHECK_CANON("1.5e-1300", "1.5e-1300");
  /* 2^-4097 is about 4.7875e-1234: below it the form switches. */
  CHECK_CANON("4.7874e-1234", "4.7874e-1234");
  s = canon(buf, sizeof(buf), "4.7875e-1234");
  ck_assert_int_eq(s[0], '0');
  ck_assert_uint_eq(strlen(s), 2 + 1233 + 5); /* 0. zeros 47875 */
}
END_TEST

START_TEST(hcl_number__buffer_too_small)
{
  char buf[8];
  /* "10000000" needs 9 bytes with the NUL. */
  ck_assert_int_eq(hcl_number_canon(buf, sizeof(buf), mls_span_of("1e7", 3)),
                   -1);
  ck_assert_int_eq(hcl_number_canon(buf, 9, mls_span_of("1e6", 3)), 7);
  ck_assert_str_eq(buf, "1000000");
  ck_assert_int_eq(hcl_number_canon(buf, 1, mls_span_of("0", 1)), -1);
  ck_assert_int_eq(hcl_number_canon(buf, 2, mls_span_of("0", 1)), 1);
  ck_assert_int_eq(
      hcl_number_canon(buf, sizeof(buf), mls_span_of("1e999999999", 11)), -1);
}
END_TEST

START_TEST(hcl_number__rejects_non_numbers)
{
  CHECK_CANON("", "ERR");
  CHECK_CANON("abc", "ERR");
  CHECK_CANON("1e", "ERR");
  CHECK_CANON("1e+", "ERR");
  CHECK_CANON("1x", "ERR");
  CHECK_CANON(".", "ERR");
  CHECK_CANON("1.2.3", "ERR");
  CHECK_CANON("0x10", "ERR");
}
END_TEST

START_TEST(hcl_number__lenient_forms)
{
  /* Not produced by the native lexer, but harmless: JSON syntax numbers
   * may carry a sign, and a bare fraction reads naturally. */
  CHECK_CANON("-1.50", "-1.5");
  CHECK_CANON("-0", "0");
  CHECK_CANON(".5", "0.5");
  CHECK_CANON("5.", "5");
}
END_TEST

START_TEST(hcl_number__long_literal_is_exact)
{
  char raw[601], want[601], buf[1024];
  memset(raw, '9', 600);
  raw[600] = '\0';
  memcpy(want, raw, sizeof(want));
  ck_assert_str_eq(canon(buf, sizeof(buf), raw), want);
}
END_TEST

Suite *hcl_number_suite(void)
{
  Suite *s = suite_create("hcl_number");
  TCase *tc = tcase_create("canon");
  tcase_add_test(tc, hcl_number__empty_and_null_spans);
  tcase_add_test(tc, hcl_number__readme_examples);
  tcase_add_test(tc, hcl_number__zero_forms);
  tcase_add_test(tc, hcl_number__exponents);
  tcase_add_test(tc, hcl_number__fractions);
  tcase_add_test(tc, hcl_number__huge_magnitudes_use_go_e_form);
  tcase_add_test(tc, hcl_number__buffer_too_small);
  tcase_add_test(tc, hcl_number__rejects_non_numbers);
  tcase_add_test(tc, hcl_number__lenient_forms);
  tcase_add_test(tc, hcl_number__long_literal_is_exact);
  suite_add_tcase(s, tc);
  return s;
}
