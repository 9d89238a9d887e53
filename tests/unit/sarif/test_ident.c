/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/sarif/test_ident.c -- sarif/linehash.c and sarif/ident.c:
 * GitHub's primaryLocationLineHash against the vectors of the shared
 * reference (sarif-github.md section 5: upstream's fingerprints.test.ts and
 * two computed under Node), filling results from one pass over a file,
 * the mlsweep/v1 fingerprint and safe repository file names.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "sarif/sarif.h"
#include "sarif/sarif_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINES 16

typedef struct collected {
  char h[MAX_LINES][SARIF_LINE_HASH_SIZE]; /* hash text per line */
  uint32_t n;                              /* lines seen */
} collected;

static int collect(void *payload, uint32_t line, uint64_t hash, uint32_t count)
{
  collected *c = payload;
  ck_assert_uint_eq(line, c->n + 1); /* every line, in order */
  ck_assert_uint_lt(c->n, MAX_LINES);
  snprintf(c->h[c->n++], SARIF_LINE_HASH_SIZE, "%" PRIx64 ":%" PRIu32, hash,
           count);
  return 0;
}

static void check_vector(const char *text, size_t len, const char *const *want,
                         size_t nwant)
{
  collected c;
  memset(&c, 0, sizeof(c));
  ck_assert_int_eq(sarif_line_hash_each(text, len, collect, &c), 0);
  ck_assert_uint_eq(c.n, nwant);
  for (size_t i = 0; i < nwant; i++) {
    ck_assert_str_eq(c.h[i], want[i]);
    /* The one-line entry point agrees with the walk. */
    char one[SARIF_LINE_HASH_SIZE];
    ck_assert_int_eq(sarif_line_hash(one, text, len, (uint32_t)(i + 1)), 0);
    ck_assert_str_eq(one, want[i]);
  }
}

#define VEC(text, ...)                                                         \
  do {                                                                         \
    static const char *const w[] = { __VA_ARGS__ };                            \
    check_vector(text, sizeof(text) - 1, w, sizeof(w) / sizeof(w[0]));         \
  } while (0)

START_TEST(sarif_linehash__upstream_vectors)
{
  VEC("", "c129715d7a2bc9a3:1");
  VEC(" a\nb\n  \t\tc\n d", "271789c17abda88f:1", "54703d4cd895b18:1",
      "180aee12dab6264:1", "a23a3dc5e078b07b:1");
  VEC(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", "8b7cf3e952e7aeb2:1",
      "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1");
#define SEVEN                                                                  \
  "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",            \
      "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",        \
      "c129715d7a2bc9a3:1"
  VEC(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", SEVEN);
  VEC(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", SEVEN);
  VEC(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", SEVEN);
  VEC(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", SEVEN);
#undef SEVEN
#define L "Lorem ipsum dolor sit amet.\n"
  VEC(L L L L L L L L L L, "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2",
      "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5",
      "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1");
#undef L
}
END_TEST

START_TEST(sarif_linehash__non_ascii_and_terraform_vectors)
{
  /* U+00E9, U+65E5 U+672C and U+1F600 (a surrogate pair in UTF-16). */
  VEC("r\xc3\xa9sum\xc3\xa9 = \"\xe6\x97\xa5\xe6\x9c\xac\"\n"
      "# \xf0\x9f\x98\x80 emoji\nx = 1\n",
      "6c4da12dc1d4065e:1", "12717379e00dae41:1", "8e00d41f0ebba6bf:1",
      "c129715d7a2bc9a3:1");
  VEC("resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
      "  direct_internet_access = \"Enabled\"\n}\n",
      "656d01ea0da6f337:1", "8b6bbc57411e24fc:1", "32dce9ccfdbc9d3e:1",
      "c129715d7a2bc9a3:1");
}
END_TEST

/* Invalid UTF-8 decodes as WHATWG says: one U+FFFD per maximal invalid
 * subsequence. So a lone 0xFF, a truncated 3-byte sequence (E6 97) and
 * an encoded surrogate (ED A0 80, three U+FFFD) hash as the equivalent
 * valid text with U+FFFD written out. */
START_TEST(sarif_linehash__invalid_utf8_is_replaced_like_whatwg)
{
  static const char bad[] = "a\xff"
                            "b\xe6\x97"
                            "c\xed\xa0\x80"
                            "d\n";
  static const char good[] = "a\xef\xbf\xbd"
                             "b\xef\xbf\xbd"
                             "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                             "d\n";
  char h1[SARIF_LINE_HASH_SIZE], h2[SARIF_LINE_HASH_SIZE];
  ck_assert_int_eq(sarif_line_hash(h1, bad, sizeof(bad) - 1, 1), 0);
  ck_assert_int_eq(sarif_line_hash(h2, good, sizeof(good) - 1, 1), 0);
  ck_assert_str_eq(h1, h2);
  /* A truncated sequence at the end of the file is one U+FFFD too. */
  ck_assert_int_eq(sarif_line_hash(h1, "x\xf0\x9f", 3, 1), 0);
  ck_assert_int_eq(sarif_line_hash(h2, "x\xef\xbf\xbd", 4, 1), 0);
  ck_assert_str_eq(h1, h2);
  /* Past the last line: no hash. */
  ck_assert_int_eq(sarif_line_hash(h1, "a\n", 2, 3), MLS_EINPUT);
  ck_assert_str_eq(h1, "");
}
END_TEST

START_TEST(sarif_linehash__fill_sets_each_result_of_the_file)
{
  static const char tf[] =
      "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
      "  direct_internet_access = \"Enabled\"\n}\n";
  mls_result v[4];
  memset(v, 0, sizeof(v));
  v[0].path = "main.tf";
  v[0].line = 2;
  v[1].path = "other.tf"; /* another file: untouched */
  v[1].line = 1;
  strcpy(v[1].line_hash, "keep");
  v[2].path = "main.tf";
  v[2].line = 1;
  v[3].path = "main.tf";
  v[3].line = 9; /* past the end */
  strcpy(v[3].line_hash, "stale");
  ck_assert_int_eq(sarif_line_hash_fill(v, 4, "main.tf", tf, sizeof(tf) - 1),
                   0);
  ck_assert_str_eq(v[0].line_hash, "8b6bbc57411e24fc:1");
  ck_assert_str_eq(v[1].line_hash, "keep");
  ck_assert_str_eq(v[2].line_hash, "656d01ea0da6f337:1");
  ck_assert_str_eq(v[3].line_hash, "");
}
END_TEST

START_TEST(sarif_ident__fingerprint_is_stable_and_field_separated)
{
  char a[SARIF_FINGERPRINT_SIZE], b[SARIF_FINGERPRINT_SIZE];
  ck_assert_int_eq(sarif_fingerprint(a, "MLS-SM-001", "aws_x.y", "", "main.tf"),
                   0);
  ck_assert_uint_eq(strlen(a), 32);
  for (int i = 0; i < 32; i++) {
    ck_assert(strchr("0123456789abcdef", a[i]) != NULL);
  }
  ck_assert_int_eq(sarif_fingerprint(b, "MLS-SM-001", "aws_x.y", "", "main.tf"),
                   0);
  ck_assert_str_eq(a, b);
  ck_assert_int_eq(
      sarif_fingerprint(b, "MLS-SM-001", "aws_x.y", NULL, "main.tf"), 0);
  ck_assert_str_eq(a, b); /* NULL hashes as "" */
  /* Moving a byte across a field boundary changes it. */
  ck_assert_int_eq(sarif_fingerprint(b, "MLS-SM-001", "aws_x.", "y", "main.tf"),
                   0);
  ck_assert_str_ne(a, b);
  ck_assert_int_eq(
      sarif_fingerprint(b, "MLS-SM-001", "aws_x.y", "module.a", "main.tf"), 0);
  ck_assert_str_ne(a, b);
  ck_assert_int_eq(sarif_fingerprint(b, "MLS-SM-002", "aws_x.y", "", "main.tf"),
                   0);
  ck_assert_str_ne(a, b);
}
END_TEST

static void assert_safe(const char *s)
{
  ck_assert(s[0] != '\0' && s[0] != '.');
  ck_assert_uint_lt(strlen(s), SARIF_SAFE_NAME_SIZE);
  for (const char *p = s; *p; p++) {
    ck_assert_msg(strchr("abcdefghijklmnopqrstuvwxyz0123456789._-~", *p),
                  "bad char in %s", s);
  }
}

START_TEST(sarif_ident__safe_names)
{
  char a[SARIF_SAFE_NAME_SIZE], b[SARIF_SAFE_NAME_SIZE];
  static const char *const hostile[] = {
    "",          ".",         "..",      "../../etc/passwd",
    "/abs/path", "a/../b",    "a\\b",    "a b",
    "A/B",       "a//b",      "a/",      "x__y",
    "x/_y",      "\xff\xfe",  ".hidden", "acme/repo",
    "acme_repo", "acme__repo"
  };
  for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
    sarif_safe_name(a, hostile[i]);
    assert_safe(a);
    /* No two of these map to the same name. */
    for (size_t j = 0; j < i; j++) {
      sarif_safe_name(b, hostile[j]);
      ck_assert_msg(strcmp(a, b) != 0, "%s and %s collide", hostile[i],
                    hostile[j]);
    }
  }
  sarif_safe_name(a, "acme/ml-infra");
  ck_assert_str_eq(a, "acme__ml-infra"); /* kept readable */
  sarif_safe_name(a, "ml_infra.v2");
  ck_assert_str_eq(a, "ml_infra.v2");
  /* Case differences never collide (case-insensitive file systems). */
  sarif_safe_name(a, "Acme/X");
  sarif_safe_name(b, "acme/x");
  ck_assert_str_ne(a, b);
  /* A very long name is cut and stays unique. */
  char longname[600];
  memset(longname, 'a', sizeof(longname) - 1);
  longname[sizeof(longname) - 1] = '\0';
  sarif_safe_name(a, longname);
  assert_safe(a);
  longname[500] = 'b';
  sarif_safe_name(b, longname);
  ck_assert_str_ne(a, b);
}
END_TEST

static void uri_is(const char *path, const char *want)
{
  mls_buf b = MLS_BUF_INIT(4096);
  ck_assert_int_eq(sarif__uri(&b, path), MLS_OK);
  ck_assert_str_eq(b.ptr, want);
  mls_buf_dispose(&b);
}

/* A repository-relative path as a SARIF uri: every byte a URI does not
 * allow percent-encoded (a backslash is a file name's own byte in a Git
 * tree, not a separator); what is not a path in the repository refused. */
START_TEST(sarif_uri__encoded_or_refused)
{
  static const char *const refused[] = {
    "", "/etc/passwd", "a//b", "a/./b", "../x.tf", "a/..", "git::https://x/y.tf"
  };
  uri_is("infra/ml dir/main.tf", "\"infra/ml%20dir/main.tf\"");
  uri_is("back\\slash.tf", "\"back%5Cslash.tf\"");
  uri_is("a:b|c\"d.tf", "\"a%3Ab%7Cc%22d.tf\"");
  uri_is("\xc3\xbc.tf", "\"%C3%BC.tf\"");
  for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
    mls_buf b = MLS_BUF_INIT(4096);
    ck_assert_int_eq(sarif__uri(&b, refused[i]), MLS_EINPUT);
    mls_buf_dispose(&b);
  }
  {
    /* Every byte but NUL and '/' in one file name: RFC 3986's pchar less
     * ':' kept, the rest %XX. */
    char path[300], want[1000];
    size_t n = 0, w = 0;
    want[w++] = '"';
    for (unsigned c = 1; c < 256; c++) {
      if (c == '/') {
        continue;
      }
      path[n++] = (char)c;
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
          (c >= 'a' && c <= 'z') || strchr("-._~!$&'()*+,;=@", (int)c)) {
        want[w++] = (char)c;
      } else {
        w += (size_t)snprintf(want + w, sizeof(want) - w, "%%%02X", c);
      }
    }
    path[n] = '\0';
    want[w++] = '"';
    want[w] = '\0';
    uri_is(path, want);
  }
}
END_TEST

/* The compliance ratios of the statistics, written from integers, are
 * what printf writes for the double: every p <= n up to 1,200 (ties
 * among them, 1/32 and 3/32 included), and larger ones. */
START_TEST(sarif_ratio4__as_printf_writes_the_double)
{
  static const uint64_t big[][2] = {
    { 1, 20000 },
    { 3, 20000 },
    { 1, 32 },
    { 624999, 20000000 },
    { 999950, 1000000 },
    { 999949, 1000000 },
    { 1, 3 },
    { 2, 3 },
    { 68719476735, 68719476736 },
    { 5, 68719476736 },
    { 1, 68719476737 },
    { UINT64_MAX / 3, UINT64_MAX },
  };
  mls_buf b = MLS_BUF_INIT(64);
  char want[64];

  for (uint64_t n = 1; n <= 1200; n++) {
    for (uint64_t p = 0; p <= n; p++) {
      mls_buf_clear(&b);
      ck_assert_int_eq(sarif__ratio4(&b, p, n), MLS_OK);
      snprintf(want, sizeof(want), "%.4f", (double)p / (double)n);
      if (strcmp(b.ptr, want) != 0) {
        ck_abort_msg("%" PRIu64 "/%" PRIu64 ": %s, printf %s", p, n, b.ptr,
                     want);
      }
    }
  }
  for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
    mls_buf_clear(&b);
    ck_assert_int_eq(sarif__ratio4(&b, big[i][0], big[i][1]), MLS_OK);
    snprintf(want, sizeof(want), "%.4f", (double)big[i][0] / (double)big[i][1]);
    ck_assert_str_eq(b.ptr, want);
  }
  mls_buf_dispose(&b);
}
END_TEST

Suite *sarif_ident_suite(void)
{
  Suite *s = suite_create("sarif_ident");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, sarif_linehash__upstream_vectors);
  tcase_add_test(tc, sarif_linehash__non_ascii_and_terraform_vectors);
  tcase_add_test(tc, sarif_linehash__invalid_utf8_is_replaced_like_whatwg);
  tcase_add_test(tc, sarif_linehash__fill_sets_each_result_of_the_file);
  tcase_add_test(tc, sarif_ident__fingerprint_is_stable_and_field_separated);
  tcase_add_test(tc, sarif_ident__safe_names);
  tcase_add_test(tc, sarif_uri__encoded_or_refused);
  tcase_add_test(tc, sarif_ratio4__as_printf_writes_the_double);
  suite_add_tcase(s, tc);
  return s;
}
