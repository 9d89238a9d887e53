/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_utf8.c -- core/base/utf8.c: strict RFC 3629
 * decoding (no overlong forms, no surrogates, nothing past U+10FFFF, no
 * truncated sequences, no reads past `end`), encoding, and validation.
 */
#include "tests/unit/test_util.h"

#include "core/base/utf8.h"

#include <stdint.h>
#include <string.h>

/* Decode the bytes of a string literal (without its NUL), placed at the
 * very end of a stack array so that a read past `end` leaves the array and
 * ASan reports it. */
static size_t decode_lit(uint32_t *cp, const char *s, size_t n)
{
  unsigned char buf[16];
  ck_assert_uint_le(n, sizeof(buf));
  unsigned char *p = buf + sizeof(buf) - n;
  memcpy(p, s, n);
  return mls_utf8_decode(cp, p, p + n);
}

#define DECODE(cp, lit) decode_lit((cp), (lit), sizeof(lit) - 1)

START_TEST(base_utf8__decodes_each_length)
{
  uint32_t cp = 0;
  ck_assert_uint_eq(DECODE(&cp, "A"), 1);
  ck_assert_uint_eq(cp, 0x41);
  ck_assert_uint_eq(DECODE(&cp, "\x7F"), 1);
  ck_assert_uint_eq(cp, 0x7F);
  ck_assert_uint_eq(DECODE(&cp, "\xC2\x80"), 2); /* smallest 2-byte */
  ck_assert_uint_eq(cp, 0x80);
  ck_assert_uint_eq(DECODE(&cp, "\xC3\xA9"), 2); /* é */
  ck_assert_uint_eq(cp, 0xE9);
  ck_assert_uint_eq(DECODE(&cp, "\xDF\xBF"), 2);
  ck_assert_uint_eq(cp, 0x7FF);
  ck_assert_uint_eq(DECODE(&cp, "\xE0\xA0\x80"), 3);
  ck_assert_uint_eq(cp, 0x800);
  ck_assert_uint_eq(DECODE(&cp, "\xE2\x82\xAC"), 3); /* € */
  ck_assert_uint_eq(cp, 0x20AC);
  ck_assert_uint_eq(DECODE(&cp, "\xED\x9F\xBF"), 3); /* below surrogates */
  ck_assert_uint_eq(cp, 0xD7FF);
  ck_assert_uint_eq(DECODE(&cp, "\xEE\x80\x80"), 3); /* above surrogates */
  ck_assert_uint_eq(cp, 0xE000);
  ck_assert_uint_eq(DECODE(&cp, "\xEF\xBF\xBF"), 3);
  ck_assert_uint_eq(cp, 0xFFFF);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x90\x80\x80"), 4);
  ck_assert_uint_eq(cp, 0x10000);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x9F\x98\x80"), 4); /* emoji */
  ck_assert_uint_eq(cp, 0x1F600);
  ck_assert_uint_eq(DECODE(&cp, "\xF4\x8F\xBF\xBF"), 4);
  ck_assert_uint_eq(cp, 0x10FFFF);
  /* Only the first code point is decoded. */
  ck_assert_uint_eq(DECODE(&cp, "\xC3\xA9z"), 2);
}
END_TEST

START_TEST(base_utf8__rejects_overlong_forms)
{
  uint32_t cp = 0;
  ck_assert_uint_eq(DECODE(&cp, "\xC0\x80"), 0); /* NUL as 2 bytes */
  ck_assert_uint_eq(DECODE(&cp, "\xC0\xAF"), 0); /* '/' as 2 bytes */
  ck_assert_uint_eq(DECODE(&cp, "\xC1\xBF"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE0\x80\x80"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE0\x80\xAF"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE0\x9F\xBF"), 0); /* 0x7FF as 3 bytes */
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x80\x80\x80"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x8F\xBF\xBF"), 0);     /* 0xFFFF as 4 */
  ck_assert_uint_eq(DECODE(&cp, "\xF8\x88\x80\x80\x80"), 0); /* 5 bytes */
  ck_assert_uint_eq(DECODE(&cp, "\xFC\x84\x80\x80\x80\x80"), 0);
}
END_TEST

START_TEST(base_utf8__rejects_surrogates)
{
  uint32_t cp = 0;
  ck_assert_uint_eq(DECODE(&cp, "\xED\xA0\x80"), 0); /* U+D800 */
  ck_assert_uint_eq(DECODE(&cp, "\xED\xAD\xBF"), 0); /* U+DB7F */
  ck_assert_uint_eq(DECODE(&cp, "\xED\xB0\x80"), 0); /* U+DC00 */
  ck_assert_uint_eq(DECODE(&cp, "\xED\xBF\xBF"), 0); /* U+DFFF */
  /* CESU-8 pair for U+10000 */
  ck_assert_uint_eq(DECODE(&cp, "\xED\xA0\x80\xED\xB0\x80"), 0);
}
END_TEST

START_TEST(base_utf8__rejects_past_max_and_bad_leads)
{
  uint32_t cp = 0;
  ck_assert_uint_eq(DECODE(&cp, "\xF4\x90\x80\x80"), 0); /* U+110000 */
  ck_assert_uint_eq(DECODE(&cp, "\xF5\x80\x80\x80"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xF7\xBF\xBF\xBF"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xFE"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xFF"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\x80"), 0); /* lone continuation */
  ck_assert_uint_eq(DECODE(&cp, "\xBF"), 0);
}
END_TEST

START_TEST(base_utf8__rejects_truncated_and_bad_continuations)
{
  uint32_t cp = 0;
  ck_assert_uint_eq(DECODE(&cp, "\xC3"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE2\x82"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE2"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x9F\x98"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x9F"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xC3\x28"), 0); /* ASCII, not cont. */
  ck_assert_uint_eq(DECODE(&cp, "\xE2\x28\xA1"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xE2\x82\x28"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xF0\x9F\x98\x28"), 0);
  ck_assert_uint_eq(DECODE(&cp, "\xC3\xC3"), 0); /* lead, not cont. */
}
END_TEST

START_TEST(base_utf8__encode_round_trips_every_scalar_value)
{
  unsigned char out[4];
  uint32_t back = 0;
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
    size_t n = mls_utf8_encode(out, cp);
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      ck_assert_uint_eq(n, 0);
      continue;
    }
    size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n != want) {
      ck_abort_msg("U+%04X encoded in %zu bytes", (unsigned)cp, n);
    }
    if (mls_utf8_decode(&back, out, out + n) != n || back != cp) {
      ck_abort_msg("U+%04X does not round-trip", (unsigned)cp);
    }
  }
  ck_assert_uint_eq(mls_utf8_encode(out, 0x110000), 0);
  ck_assert_uint_eq(mls_utf8_encode(out, UINT32_MAX), 0);
}
END_TEST

/* Every accepted sequence must be the shortest encoding of its value: a
 * decoder that accepts anything the encoder would not produce lets two byte
 * strings mean the same identifier. Exhaustive over 1-3 bytes. */
START_TEST(base_utf8__accepts_only_what_encode_produces)
{
  unsigned char in[3], enc[4];
  uint32_t cp = 0;
  unsigned long accepted = 0;

  for (unsigned b0 = 0; b0 < 256; b0++) {
    for (unsigned b1 = 0; b1 < 256; b1++) {
      for (unsigned b2 = 0; b2 < 256; b2++) {
        in[0] = (unsigned char)b0;
        in[1] = (unsigned char)b1;
        in[2] = (unsigned char)b2;
        size_t n = mls_utf8_decode(&cp, in, in + 3);
        if (n == 0) {
          continue;
        }
        if (mls_utf8_encode(enc, cp) != n || memcmp(enc, in, n) != 0) {
          ck_abort_msg("accepted non-canonical %02X %02X %02X", b0, b1, b2);
        }
        accepted += n == 3;
        if (n < 3) {
          break; /* b2 is not looked at; skip its other values */
        }
      }
    }
  }
  /* 3-byte scalar values: U+0800..U+FFFF minus 2048 surrogates. */
  ck_assert_uint_eq(accepted, 0x10000 - 0x800 - 0x800);
}
END_TEST

START_TEST(base_utf8__validate_reports_first_bad_offset)
{
  const unsigned char ok[] =
      "plain ascii \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  ck_assert_uint_eq(mls_utf8_validate(ok, sizeof(ok) - 1), sizeof(ok) - 1);
  ck_assert_uint_eq(mls_utf8_validate(ok, 0), 0);

  const unsigned char bad[] = "ab\xC3\xA9"
                              "c\xED\xA0\x80z";
  ck_assert_uint_eq(mls_utf8_validate(bad, sizeof(bad) - 1), 5);

  /* A sequence cut by the end of the input is invalid at its lead byte. */
  ck_assert_uint_eq(mls_utf8_validate(ok, 16), 15);
  ck_assert_uint_eq(mls_utf8_validate(ok, 17), 15);

  const unsigned char nul[] = { 'a', 0, 'b' }; /* NUL is valid UTF-8 */
  ck_assert_uint_eq(mls_utf8_validate(nul, 3), 3);
}
END_TEST

Suite *base_utf8_suite(void)
{
  Suite *s = suite_create("base_utf8_suite");
  TCase *tc = tcase_create("utf8");

  tcase_add_test(tc, base_utf8__decodes_each_length);
  tcase_add_test(tc, base_utf8__rejects_overlong_forms);
  tcase_add_test(tc, base_utf8__rejects_surrogates);
  tcase_add_test(tc, base_utf8__rejects_past_max_and_bad_leads);
  tcase_add_test(tc, base_utf8__rejects_truncated_and_bad_continuations);
  tcase_add_test(tc, base_utf8__encode_round_trips_every_scalar_value);
  tcase_add_test(tc, base_utf8__accepts_only_what_encode_produces);
  tcase_add_test(tc, base_utf8__validate_reports_first_bad_offset);
  suite_add_tcase(s, tc);
  return s;
}
