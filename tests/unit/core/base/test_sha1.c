/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_sha1.c -- core/base/sha1.{h,c}: FIPS 180
 * example vectors, a Git object id, and the incremental interface giving
 * the one-shot digest however the input is split (block boundaries and
 * the padding's two-block case included). Each test runs twice: with the
 * portable code (_i = 0) and with the SHA extensions where the processor
 * has them (_i = 1); a last test compares the two on 4,000 inputs.
 */
#include "tests/unit/test_util.h"

#include "core/base/sha1.h"

#include <stdio.h>
#include <string.h>

static void hex_of(char out[41], const unsigned char d[MLS_SHA1_BYTES])
{
  for (int i = 0; i < MLS_SHA1_BYTES; i++) {
    snprintf(out + 2 * i, 3, "%02x", d[i]);
  }
}

static void digest_hex(char out[41], const void *p, size_t n)
{
  mls_sha1 s;
  unsigned char d[MLS_SHA1_BYTES];
  mls_sha1_init(&s);
  mls_sha1_update(&s, p, n);
  mls_sha1_final(&s, d);
  hex_of(out, d);
}

START_TEST(base_sha1__fips_vectors)
{
  mls__sha1_use_ext(_i == 1);
  char h[41];
  digest_hex(h, "", 0);
  ck_assert_str_eq(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  digest_hex(h, "abc", 3);
  ck_assert_str_eq(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
  digest_hex(h, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
  ck_assert_str_eq(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}
END_TEST

START_TEST(base_sha1__million_a)
{
  mls__sha1_use_ext(_i == 1);
  static char a[1000];
  mls_sha1 s;
  unsigned char d[MLS_SHA1_BYTES];
  char h[41];
  memset(a, 'a', sizeof(a));
  mls_sha1_init(&s);
  for (int i = 0; i < 1000; i++) {
    mls_sha1_update(&s, a, sizeof(a));
  }
  mls_sha1_final(&s, d);
  hex_of(h, d);
  ck_assert_str_eq(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}
END_TEST

START_TEST(base_sha1__git_empty_blob)
{
  mls__sha1_use_ext(_i == 1);
  /* `git hash-object /dev/null`: the header is hashed with the bytes. */
  char h[41];
  digest_hex(h, "blob 0", 7);
  ck_assert_str_eq(h, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}
END_TEST

START_TEST(base_sha1__any_split_same_digest)
{
  mls__sha1_use_ext(_i == 1);
  unsigned char text[200];
  for (size_t i = 0; i < sizeof(text); i++) {
    text[i] = (unsigned char)(i * 7 + 3);
  }
  for (size_t len = 0; len <= sizeof(text); len += 1) {
    char whole[41];
    digest_hex(whole, text, len);
    for (size_t cut = 0; cut <= len; cut += 13) {
      mls_sha1 s;
      unsigned char d[MLS_SHA1_BYTES];
      char h[41];
      mls_sha1_init(&s);
      mls_sha1_update(&s, text, cut);
      mls_sha1_update(&s, text + cut, len - cut);
      mls_sha1_final(&s, d);
      hex_of(h, d);
      ck_assert_msg(strcmp(h, whole) == 0, "len %zu cut %zu", len, cut);
    }
  }
}
END_TEST

/* The extensions and the portable code agree on every length from 0 to
 * 1,000 bytes and on every alignment of the input (where the processor has
 * no extensions both sides are the portable code, and this checks that
 * switching between them is harmless). */
START_TEST(base_sha1__extensions_match_portable)
{
  static unsigned char text[1100];
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < sizeof(text); i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    text[i] = (unsigned char)x;
  }
  for (size_t len = 0; len <= 1000; len++) {
    for (size_t off = 0; off < 4; off++) {
      char a[41], b[41];
      mls__sha1_use_ext(false);
      ck_assert(!mls_sha1_ext());
      digest_hex(a, text + off + len % 61, len);
      mls__sha1_use_ext(true);
      digest_hex(b, text + off + len % 61, len);
      ck_assert_msg(strcmp(a, b) == 0, "len %zu off %zu", len, off);
    }
  }
}
END_TEST

Suite *base_sha1_suite(void)
{
  Suite *s = suite_create("base_sha1_suite");
  TCase *tc = tcase_create("sha1");
  tcase_add_loop_test(tc, base_sha1__fips_vectors, 0, 2);
  tcase_add_loop_test(tc, base_sha1__million_a, 0, 2);
  tcase_add_loop_test(tc, base_sha1__git_empty_blob, 0, 2);
  tcase_add_loop_test(tc, base_sha1__any_split_same_digest, 0, 2);
  tcase_add_test(tc, base_sha1__extensions_match_portable);
  suite_add_tcase(s, tc);
  return s;
}
