/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/test_pathological.c -- hostile inputs for the HCL
 * parsers (cmark test/pathological_tests.py).
 *
 * Each input must end in a diagnostic (or a clean parse, where the input is
 * merely large) within the tcase timeout, so quadratic behaviour fails as
 * surely as a crash does; the ASan build checks memory on the same inputs.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/buf.h"
#include "parsers/cfn/cfn.h"
#include "parsers/hcl/hcl.h"

#include <stdio.h>
#include <string.h>

/* owned (mls_free): prefix + `unit` repeated n times + suffix. */
static char *repeat(const char *prefix, const char *unit, size_t n,
                    const char *suffix, size_t *len)
{
  size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
  size_t total = pl + ul * n + sl;
  char *b = mls_malloc(total + 1);
  ck_assert_ptr_nonnull(b);
  memcpy(b, prefix, pl);
  for (size_t i = 0; i < n; i++) {
    memcpy(b + pl + i * ul, unit, ul);
  }
  memcpy(b + pl + ul * n, suffix, sl);
  b[total] = '\0';
  *len = total;
  return b;
}

static bool has_rc(const mls_diag *d, int rc)
{
  for (size_t i = 0; i < d->n; i++) {
    if (d->v[i].rc == rc) {
      return true;
    }
  }
  return false;
}

/* Parse and expect `want` with at least one diagnostic carrying it. */
static void expect_rc(const char *src, size_t len, int want)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  int rc = hcl_parse(&f, src, len, &diag);
  ck_assert_msg(rc == want, "rc %s, want %s", mls_rc_name(rc),
                mls_rc_name(want));
  if (want != MLS_OK) {
    ck_assert(diag.nerrors > 0);
    ck_assert_msg(has_rc(&diag, want), "no %s diagnostic", mls_rc_name(want));
  }
  hcl_file_free(f);
  mls_diag_dispose(&diag);
}

static void expect_repeat(const char *prefix, const char *unit, size_t n,
                          const char *suffix, int want)
{
  size_t len;
  char *src = repeat(prefix, unit, n, suffix, &len);
  expect_rc(src, len, want);
  mls_free(src);
}

START_TEST(parsers_pathological__million_open_brackets)
{
  expect_repeat("a = ", "[", 1000000, "\n", MLS_ELIMIT);
}
END_TEST

START_TEST(parsers_pathological__deep_but_balanced_brackets)
{
  size_t len;
  char *open = repeat("a = ", "[", MLS_MAX_NESTING + 10, "", &len);
  char *src = repeat(open, "]", MLS_MAX_NESTING + 10, "\nb = 1\n", &len);
  mls_free(open);
  expect_rc(src, len, MLS_ELIMIT);
  mls_free(src);
  /* Just under the bound parses cleanly. */
  open = repeat("a = ", "[", MLS_MAX_NESTING - 20, "", &len);
  src = repeat(open, "]", MLS_MAX_NESTING - 20, "\n", &len);
  mls_free(open);
  expect_rc(src, len, MLS_OK);
  mls_free(src);
}
END_TEST

START_TEST(parsers_pathological__every_nesting_construct)
{
  expect_repeat("a = ", "(", 1000000, "\n", MLS_ELIMIT);
  expect_repeat("a = ", "{a=", 300000, "\n", MLS_ELIMIT);
  expect_repeat("a = ", "f(", 500000, "\n", MLS_ELIMIT);
  expect_repeat("a = ", "!", 1000000, "true\n", MLS_ELIMIT);
  expect_repeat("a = ", "-", 1000000, "1\n", MLS_ELIMIT);
  expect_repeat("a = ", "x ? y : ", 300000, "z\n", MLS_ELIMIT);
  expect_repeat("a = ", "[for x in ", 300000, "\n", MLS_ELIMIT);
  expect_repeat("a = ", "x[", 500000, "\n", MLS_ELIMIT);
  expect_repeat("a = x", "[*]", 500000, "\n", MLS_ELIMIT);
  expect_repeat("a = ", "\"${", 500000, "\n", MLS_ELIMIT);
  expect_repeat("a = \"", "%{if x}", 300000, "\"\n", MLS_ELIMIT);
  expect_repeat("", "b {\n", 300000, "\n", MLS_ELIMIT);
  expect_repeat("a = x", "+x", 1000000, "\n", MLS_ELIMIT);
  expect_repeat("a = <<E\n", "${<<E\n", 200000, "\n", MLS_ELIMIT);
}
END_TEST

START_TEST(parsers_pathological__long_flat_constructs)
{
  /* Long but flat: a traversal, a tuple, a template. */
  expect_repeat("a = x", ".b", 90000, "\n", MLS_OK);
  expect_repeat("a = x", ".b", 500000, "\n", MLS_ELIMIT);
  expect_repeat("a = [", "1,", 90000, "]\n", MLS_OK);
  expect_repeat("a = \"", "${x}", 200000, "\"\n", MLS_OK);
  expect_repeat("a = [", "1,", 100001, "]\n", MLS_ELIMIT);
}
END_TEST

START_TEST(parsers_pathological__ten_megabyte_string)
{
  /* Over the file bound: refused before lexing. */
  expect_repeat("a = \"", "x", 10u << 20, "\"\n", MLS_ELIMIT);
  /* Inside the file bound but over the string bound. */
  expect_repeat("a = \"", "x", 3u << 20, "\"\n", MLS_ELIMIT);
  expect_repeat("a = <<EOT\n", "xxxxxxxxxxxxxxx\n", 200000, "EOT\n",
                MLS_ELIMIT);
  /* Under both: fine. */
  expect_repeat("a = \"", "x", 512u << 10, "\"\n", MLS_OK);
}
END_TEST

START_TEST(parsers_pathological__hundred_thousand_attributes)
{
  char *src = mls_malloc(100001u * 16);
  size_t len = 0;
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  int rc;

  ck_assert_ptr_nonnull(src);
  for (unsigned i = 0; i < 100000; i++) {
    len += (size_t)snprintf(src + len, 16, "a%u = %u\n", i, i);
  }
  rc = hcl_parse(&f, src, len, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  ck_assert_uint_eq(f->body->nattrs, 100000);
  ck_assert_int_eq((int)mls_span_eq(f->body->attrs[99999].name, "a99999"), 1);
  hcl_file_free(f);
  mls_diag_dispose(&diag);

  /* One more is past MLS_MAX_BODY_ITEMS. */
  len += (size_t)snprintf(src + len, 16, "z = 1\n");
  f = NULL;
  rc = hcl_parse(&f, src, len, &diag);
  ck_assert_int_eq(rc, MLS_ELIMIT);
  ck_assert_uint_eq(f->body->nattrs, 100000);
  hcl_file_free(f);
  mls_diag_dispose(&diag);
  mls_free(src);
}
END_TEST

START_TEST(parsers_pathological__hundred_thousand_duplicates)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  size_t len;
  char *src = repeat("", "a = 1\n", 100000, "", &len);
  int rc = hcl_parse(&f, src, len, &diag);
  ck_assert_int_eq(rc, MLS_EINPUT);
  ck_assert_uint_eq(f->body->nattrs, 1);
  ck_assert_uint_eq(diag.nerrors, 99999);
  ck_assert_uint_le(diag.n, MLS_MAX_DIAGS_PER_JOB);
  hcl_file_free(f);
  mls_diag_dispose(&diag);
  mls_free(src);
}
END_TEST

/* An unterminated construct: EINPUT, the first error on `line`, and the
 * file is still returned. */
static void expect_unterminated(const char *src, uint32_t line)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  int rc = hcl_parse(&f, src, strlen(src), &diag);
  ck_assert_msg(rc == MLS_EINPUT, "%s: rc %s", src, mls_rc_name(rc));
  ck_assert_ptr_nonnull(f);
  ck_assert(diag.n > 0 && diag.v[0].has_range);
  ck_assert_msg(diag.v[0].range.start.line == line, "%s: line %u, want %u", src,
                diag.v[0].range.start.line, line);
  hcl_file_free(f);
  mls_diag_dispose(&diag);
}

START_TEST(parsers_pathological__unterminated_everything)
{
  expect_unterminated("a = 1\nb = \"abc\n", 2);
  expect_unterminated("a = 1\nb = \"abc", 2);
  expect_unterminated("a = <<EOT\nabc\n", 3);
  expect_unterminated("a = \"${x\"\n", 1);
  expect_unterminated("a = \"${x", 1);
  expect_unterminated("a = \"%{if x}y\"\n", 1);
  expect_unterminated("a = 1\n/* never closed\nb = 2\n", 2);
  expect_unterminated("r \"x\" {\n  a = 1\n", 1);
  expect_unterminated("a = [1, 2\n", 1);
  expect_unterminated("a = {x = 1\n", 2);
  expect_unterminated("a = f(1,\n", 2);
}
END_TEST

START_TEST(parsers_pathological__every_byte_value)
{
  static const char *const shapes[][2] = {
    { "a = \"x", "y\"\nb = 1\n" }, { "a = 1", "\nb = 1\n" }, { "", "\n" },
    { "a = <<E\n", "\nE\n" },      { "# ", "\nb = 1\n" },
  };
  char src[64];
  for (int b = 0; b < 256; b++) {
    for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
      mls_diag diag = MLS_DIAG_INIT;
      hcl_file *f = NULL;
      size_t pl = strlen(shapes[s][0]), sl = strlen(shapes[s][1]);
      size_t n = pl + 1 + sl;
      int rc;
      memcpy(src, shapes[s][0], pl);
      src[pl] = (char)b;
      memcpy(src + pl + 1, shapes[s][1], sl);
      rc = hcl_parse(&f, src, n, &diag);
      ck_assert(rc == MLS_OK || rc == MLS_EINPUT);
      ck_assert_ptr_nonnull(f);
      if (b == 0 || (b >= 0x80 && s != 4)) {
        /* NUL is never valid; a lone non-ASCII byte is invalid UTF-8,
         * which inside a comment is only a warning (shape 4). */
        ck_assert_msg(rc == MLS_EINPUT, "byte %d shape %zu accepted", b, s);
      }
      if (b >= 0x80 && s == 4) {
        ck_assert_int_eq(rc, MLS_OK);
        ck_assert(diag.n == 1 && diag.v[0].sev == MLS_SEV_NOTE);
      }
      hcl_file_free(f);
      mls_diag_dispose(&diag);
    }
  }
  {
    /* All 256 bytes in one file. */
    char all[256];
    mls_diag diag = MLS_DIAG_INIT;
    hcl_file *f = NULL;
    for (int b = 0; b < 256; b++) {
      all[b] = (char)b;
    }
    ck_assert_int_eq(hcl_parse(&f, all, sizeof(all), &diag), MLS_EINPUT);
    hcl_file_free(f);
    mls_diag_dispose(&diag);
  }
}
END_TEST

START_TEST(parsers_pathological__json_deep_and_large)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  size_t len;
  char *src = repeat("{\"locals\": {\"a\": ", "[", 1000000, "}}", &len);
  int rc = hcl_parse_json(&f, src, len, &diag);
  ck_assert(rc == MLS_ELIMIT || rc == MLS_EINPUT);
  ck_assert(diag.nerrors > 0);
  hcl_file_free(f);
  mls_diag_dispose(&diag);
  mls_free(src);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* CloudFormation (parsers/cfn): every input ends in a diagnostic or a     */
/* clean load, in bounded time and memory.                                 */

/* Load src as YAML (json false) or JSON and expect `want`, with at least
 * one diagnostic carrying it when it is not MLS_OK. */
static void cfn_expect(bool json, const char *src, size_t len, int want)
{
  mls_diag diag = MLS_DIAG_INIT;
  cfn_template *t = NULL;
  int rc = json ? cfn_load_json(&t, src, len, &diag)
                : cfn_load_yaml(&t, src, len, &diag);
  ck_assert_msg(rc == want, "rc %s, want %s; first diagnostic: %s",
                mls_rc_name(rc), mls_rc_name(want),
                diag.n ? diag.v[0].message : "(none)");
  ck_assert_ptr_nonnull(t);
  if (want != MLS_OK) {
    ck_assert(!t->ok && t->nerrors > 0);
    ck_assert_msg(has_rc(&diag, want), "no %s diagnostic", mls_rc_name(want));
  }
  cfn_template_free(t);
  mls_diag_dispose(&diag);
}

static void cfn_expect_repeat(bool json, const char *prefix, const char *unit,
                              size_t n, const char *suffix, int want)
{
  size_t len;
  char *src = repeat(prefix, unit, n, suffix, &len);
  cfn_expect(json, src, len, want);
  mls_free(src);
}

START_TEST(parsers_pathological__cfn_billion_laughs)
{
  /* Nine levels of nine aliases: 387,420,489 nodes if expanded. */
  char src[2048];
  size_t k = (size_t)snprintf(src, sizeof(src), "l0: &l0 [lol]\n");
  for (int lvl = 1; lvl < 10; lvl++) {
    k += (size_t)snprintf(src + k, sizeof(src) - k, "l%d: &l%d [", lvl, lvl);
    for (int i = 0; i < 9; i++) {
      k += (size_t)snprintf(src + k, sizeof(src) - k, "%s*l%d", i ? ", " : "",
                            lvl - 1);
    }
    k += (size_t)snprintf(src + k, sizeof(src) - k, "]\n");
  }
  cfn_expect(false, src, k, MLS_ELIMIT);
  /* The same through mapping merges and as the Resources of a template. */
  k = (size_t)snprintf(src, sizeof(src),
                       "AWSTemplateFormatVersion: x\nResources:\n"
                       "  a: &a {x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n");
  for (int lvl = 1; lvl < 8; lvl++) {
    k += (size_t)snprintf(src + k, sizeof(src) - k, "  %c: &%c {", 'a' + lvl,
                          'a' + lvl);
    for (int i = 0; i < 10; i++) {
      k += (size_t)snprintf(src + k, sizeof(src) - k, "%sk%d: *%c",
                            i ? ", " : "", i, 'a' + lvl - 1);
    }
    k += (size_t)snprintf(src + k, sizeof(src) - k, "}\n");
  }
  cfn_expect(false, src, k, MLS_ELIMIT);
}
END_TEST

START_TEST(parsers_pathological__cfn_alias_chains)
{
  /* 20k one-node aliases: each is an error, the budget ends the file. */
  cfn_expect_repeat(false, "a: &a x\nb: [", "*a, ", 20000, "*a]\n", MLS_ELIMIT);
  /* An alias to an anchor still open would be a cycle: refused. */
  cfn_expect(false, "a: &a [*a]\n", 11, MLS_EINPUT);
}
END_TEST

START_TEST(parsers_pathological__cfn_deep_flow)
{
  cfn_expect_repeat(false, "a: ", "[", 100000, "", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: ", "{a: ", 100000, "", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: ", "!Ref [", 100000, "", MLS_ELIMIT);
  /* Balanced but too deep. */
  size_t len;
  char *src = repeat("", "[", 100000, "", &len);
  char *both = mls_malloc(2 * len + 1);
  ck_assert_ptr_nonnull(both);
  memcpy(both, src, len);
  memset(both + len, ']', len);
  cfn_expect(false, both, 2 * len, MLS_ELIMIT);
  mls_free(both);
  mls_free(src);
}
END_TEST

START_TEST(parsers_pathological__cfn_deep_block)
{
  /* Block sequences nest on one line: "- - - - x". */
  cfn_expect_repeat(false, "", "- ", 100000, "x\n", MLS_ELIMIT);
  /* Explicit keys: "? ? ? x". */
  cfn_expect_repeat(false, "", "? ", 100000, "x\n", MLS_ELIMIT);
  /* Indented mappings, a short-form tag on every level: 300 levels. */
  mls_buf b = MLS_BUF_INIT(1u << 20);
  for (int i = 0; i < 300; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "%*sa: !If\n", i, ""), MLS_OK);
  }
  ck_assert_int_eq(mls_buf_printf(&b, "%*sa: x\n", 300, ""), MLS_OK);
  cfn_expect(false, b.ptr, b.len, MLS_ELIMIT);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(parsers_pathological__cfn_deep_json)
{
  cfn_expect_repeat(true, "", "[", 100000, "", MLS_ELIMIT);
  cfn_expect_repeat(true, "{\"Resources\": ", "{\"a\": ", 100000, "",
                    MLS_ELIMIT);
}
END_TEST

START_TEST(parsers_pathological__cfn_huge_scalars)
{
  /* Five times MLS_MAX_STRING_BYTES in every scalar style. */
  size_t n = 5u * MLS_MAX_STRING_BYTES;
  cfn_expect_repeat(false, "a: ", "x", n, "\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: \"", "x", n, "\"\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: '", "x", n, "'\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: |\n  ", "x", n, "\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: !Sub ", "x", n, "\n", MLS_ELIMIT);
  cfn_expect_repeat(true, "{\"a\": \"", "x", n, "\"}", MLS_ELIMIT);
  cfn_expect_repeat(true, "{\"a\": ", "1", n, "}", MLS_ELIMIT);
  /* Just under the bound loads. */
  cfn_expect_repeat(false, "a: ", "x", MLS_MAX_STRING_BYTES - 16, "\n", MLS_OK);
}
END_TEST

START_TEST(parsers_pathological__cfn_hundred_thousand_keys)
{
  /* The same key 100k times: folded in O(n), warnings capped. */
  cfn_expect_repeat(false, "", "k: 1\n", 100000, "", MLS_OK);
  cfn_expect_repeat(true, "{", "\"k\": 1, ", 100000, "\"k\": 2}", MLS_OK);
  /* 100k distinct keys (the hash table grows). */
  mls_buf b = MLS_BUF_INIT(8u << 20);
  ck_assert_int_eq(mls_buf_puts(&b, "{"), MLS_OK);
  for (int i = 0; i < 100000; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "\"k%d\": %d, ", i, i), MLS_OK);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "\"end\": 0}"), MLS_OK);
  cfn_expect(true, b.ptr, b.len, MLS_OK);
  cfn_expect(false, b.ptr, b.len, MLS_OK);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(parsers_pathological__cfn_hundred_thousand_anchors)
{
  mls_buf b = MLS_BUF_INIT(8u << 20);
  for (int i = 0; i < 100000; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "k%d: &a%d v\n", i, i), MLS_OK);
  }
  /* Aliases to the last anchors: errors, but bounded lookups. */
  for (int i = 0; i < 5000; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "r%d: *a%d\n", i, 99999 - i), MLS_OK);
  }
  cfn_expect(false, b.ptr, b.len, MLS_EINPUT);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(parsers_pathological__cfn_long_multibyte_line)
{
  /* 200k multi-byte scalars on one line: marks are converted to bytes by
   * a forward cursor, not by rescanning the line. */
  cfn_expect_repeat(false, "a: [", "\xC3\xA9\xE2\x82\xAC, ", 200000, "x]\n",
                    MLS_OK);
  cfn_expect_repeat(false, "", "\xC3\xA9: \xE2\x82\xAC\n", 200000, "", MLS_OK);
}
END_TEST

START_TEST(parsers_pathological__cfn_tabs_and_comments)
{
  /* A million TABs in one comment, after many quoted scalars. */
  cfn_expect_repeat(false, "a: ['x', 'y', 'z'] #", "\t", 1000000, "\n", MLS_OK);
  cfn_expect_repeat(false, "", "a: 'x\ty' # \t\n", 100000, "", MLS_OK);
  cfn_expect_repeat(false, "a: [", "'\t', ", 100000, "'\t']\t\n", MLS_EINPUT);
}
END_TEST

START_TEST(parsers_pathological__cfn_million_items)
{
  /* A million items: loads, or stops at the arena cap (MLS_ELIMIT). */
  size_t len;
  char *src = repeat("[", "1,", 1000000, "1]", &len);
  mls_diag diag = MLS_DIAG_INIT;
  cfn_template *t = NULL;
  int rc = cfn_load_json(&t, src, len, &diag);
  ck_assert(rc == MLS_OK || rc == MLS_ELIMIT);
  cfn_template_free(t);
  mls_diag_dispose(&diag);
  t = NULL;
  rc = cfn_load_yaml(&t, src, len, &diag);
  ck_assert(rc == MLS_OK || rc == MLS_ELIMIT);
  cfn_template_free(t);
  mls_diag_dispose(&diag);
  mls_free(src);
}
END_TEST

START_TEST(parsers_pathological__cfn_invalid_utf8)
{
  static const char *const bad[] = {
    "\x80",
    "\xc0\x80",
    "\xc3",
    "\xe2\x82",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "\xf8\x88\x80\x80\x80",
    "\xfe\xff",
    "\xff\xfe",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char src[64];
    int n =
        snprintf(src, sizeof(src), "Resources:\n  R: {Type: \"%s\"}\n", bad[i]);
    cfn_expect(false, src, (size_t)n, MLS_EINPUT);
    n = snprintf(src, sizeof(src), "{\"Resources\": \"%s\"}", bad[i]);
    cfn_expect(true, src, (size_t)n, MLS_EINPUT);
    cfn_expect(false, bad[i], strlen(bad[i]), MLS_EINPUT);
  }
}
END_TEST

START_TEST(parsers_pathological__cfn_every_byte_value)
{
  char all[256];
  for (int b = 0; b < 256; b++) {
    all[b] = (char)b;
  }
  for (int json = 0; json < 2; json++) {
    mls_diag diag = MLS_DIAG_INIT;
    cfn_template *t = NULL;
    int rc = json ? cfn_load_json(&t, all, sizeof(all), &diag)
                  : cfn_load_yaml(&t, all, sizeof(all), &diag);
    ck_assert_int_eq(rc, MLS_EINPUT);
    cfn_template_free(t);
    mls_diag_dispose(&diag);
  }
}
END_TEST

START_TEST(parsers_pathological__cfn_radix_integers)
{
  /* Hex and octal integers longer than MLS_MAX_RADIX_DIGITS would cost
   * quadratic time to print in decimal. */
  cfn_expect_repeat(false, "a: 0x", "f", 100000, "\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: 0", "7", 100000, "\n", MLS_ELIMIT);
  cfn_expect_repeat(false, "a: !!int 0x", "f", 100000, "\n", MLS_EINPUT);
  /* Decimal integers of any length are copied, not converted. */
  cfn_expect_repeat(false, "a: 1", "0", 100000, "\n", MLS_OK);
}
END_TEST

Suite *parsers_pathological_suite(void)
{
  Suite *s = suite_create("parsers_pathological");
  TCase *tc = tcase_create("hostile");
  /* Generous: the ASan+UBSan build with one malloc per arena allocation
   * is ~20x slower; quadratic behaviour would still take minutes. */
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, parsers_pathological__million_open_brackets);
  tcase_add_test(tc, parsers_pathological__deep_but_balanced_brackets);
  tcase_add_test(tc, parsers_pathological__every_nesting_construct);
  tcase_add_test(tc, parsers_pathological__long_flat_constructs);
  tcase_add_test(tc, parsers_pathological__ten_megabyte_string);
  tcase_add_test(tc, parsers_pathological__hundred_thousand_attributes);
  tcase_add_test(tc, parsers_pathological__hundred_thousand_duplicates);
  tcase_add_test(tc, parsers_pathological__unterminated_everything);
  tcase_add_test(tc, parsers_pathological__every_byte_value);
  tcase_add_test(tc, parsers_pathological__json_deep_and_large);
  suite_add_tcase(s, tc);

  /* CloudFormation (parsers/cfn): YAML through libyaml, JSON. */
  tc = tcase_create("cloudformation");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, parsers_pathological__cfn_billion_laughs);
  tcase_add_test(tc, parsers_pathological__cfn_alias_chains);
  tcase_add_test(tc, parsers_pathological__cfn_deep_flow);
  tcase_add_test(tc, parsers_pathological__cfn_deep_block);
  tcase_add_test(tc, parsers_pathological__cfn_deep_json);
  tcase_add_test(tc, parsers_pathological__cfn_huge_scalars);
  tcase_add_test(tc, parsers_pathological__cfn_hundred_thousand_keys);
  tcase_add_test(tc, parsers_pathological__cfn_hundred_thousand_anchors);
  tcase_add_test(tc, parsers_pathological__cfn_long_multibyte_line);
  tcase_add_test(tc, parsers_pathological__cfn_tabs_and_comments);
  tcase_add_test(tc, parsers_pathological__cfn_million_items);
  tcase_add_test(tc, parsers_pathological__cfn_invalid_utf8);
  tcase_add_test(tc, parsers_pathological__cfn_every_byte_value);
  tcase_add_test(tc, parsers_pathological__cfn_radix_integers);
  suite_add_tcase(s, tc);
  return s;
}
