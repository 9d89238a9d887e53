/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_ascii.c -- core/base/ascii.{h,c}: the class
 * table checked against the definitions of each class for all 256 bytes,
 * so a hand-edited table cannot drift; bytes >= 0x80 are in no class.
 */
#include "tests/unit/test_util.h"

#include "core/base/ascii.h"

static bool in(unsigned c, unsigned lo, unsigned hi)
{
  return c >= lo && c <= hi;
}

START_TEST(base_ascii__classes_match_definitions)
{
  for (unsigned c = 0; c < 256; c++) {
    unsigned char u = (unsigned char)c;
    bool upper = in(c, 'A', 'Z'), lower = in(c, 'a', 'z');
    bool digit = in(c, '0', '9'), alpha = upper || lower;
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
                 c == '\r';
    bool xdigit = digit || in(c, 'A', 'F') || in(c, 'a', 'f');
    bool ident = alpha || digit || c == '_' || c == '-';

    ck_assert_msg(mls_isdigit(u) == digit, "isdigit(0x%02X)", c);
    ck_assert_msg(mls_isalpha(u) == alpha, "isalpha(0x%02X)", c);
    ck_assert_msg(mls_isalnum(u) == (alpha || digit), "isalnum(0x%02X)", c);
    ck_assert_msg(mls_isspace(u) == space, "isspace(0x%02X)", c);
    ck_assert_msg(mls_isxdigit(u) == xdigit, "isxdigit(0x%02X)", c);
    ck_assert_msg(mls_isident(u) == ident, "isident(0x%02X)", c);
    ck_assert_msg(mls_isupper(u) == upper, "isupper(0x%02X)", c);
    ck_assert_msg(mls_islower(u) == lower, "islower(0x%02X)", c);
    if (c >= 0x80) {
      ck_assert_msg(mls_ascii_class[c] == 0, "class of 0x%02X", c);
    }
  }
}
END_TEST

START_TEST(base_ascii__tolower_only_touches_upper)
{
  for (unsigned c = 0; c < 256; c++) {
    unsigned char want =
        in(c, 'A', 'Z') ? (unsigned char)(c + 32) : (unsigned char)c;
    ck_assert_uint_eq(mls_tolower((unsigned char)c), want);
  }
}
END_TEST

START_TEST(base_ascii__hexval)
{
  ck_assert_int_eq(mls_hexval('0'), 0);
  ck_assert_int_eq(mls_hexval('9'), 9);
  ck_assert_int_eq(mls_hexval('a'), 10);
  ck_assert_int_eq(mls_hexval('F'), 15);
  ck_assert_int_eq(mls_hexval('g'), -1);
  ck_assert_int_eq(mls_hexval('G'), -1);
  ck_assert_int_eq(mls_hexval(' '), -1);
  ck_assert_int_eq(mls_hexval(0xC1), -1); /* 'A' | 0x80 */
  ck_assert_int_eq(mls_hexval(0xE1), -1); /* 'a' | 0x80 */
}
END_TEST

START_TEST(base_ascii__negative_char_is_safe)
{
  /* A plain char holding a UTF-8 byte is negative on x86; callers convert
   * to unsigned char, and such bytes belong to no class. */
  const char *s = "\xC3\xA9";
  ck_assert(!mls_isalpha((unsigned char)s[0]));
  ck_assert(!mls_isident((unsigned char)s[1]));
  ck_assert(!mls_isspace((unsigned char)s[1]));
}
END_TEST

Suite *base_ascii_suite(void)
{
  Suite *s = suite_create("base_ascii_suite");
  TCase *tc = tcase_create("ascii");

  tcase_add_test(tc, base_ascii__classes_match_definitions);
  tcase_add_test(tc, base_ascii__tolower_only_touches_upper);
  tcase_add_test(tc, base_ascii__hexval);
  tcase_add_test(tc, base_ascii__negative_char_is_safe);
  suite_add_tcase(s, tc);
  return s;
}
