/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/test_yaml_fast.c -- cfn__yaml_fast(): libyaml's
 * events for the plain block subset of YAML, without libyaml.
 *
 * Every case is read by both readers (yaml_fast_diff.h): the fast reader
 * must make libyaml's events exactly, and each case also says whether the
 * subset takes it, so a reader that declined everything would fail. Cases
 * cover each construct of the subset, the constructs it leaves to libyaml,
 * and invalid YAML, which it must never accept. The real templates under
 * ../shared/corpus are read both ways too.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "tests/unit/parsers/cfn/cfn_test.h"
#include "tests/unit/parsers/cfn/yaml_fast_diff.h"

#include "core/base/alloc.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct yf_case {
  const char *src;
  bool taken; /* the subset takes it (else libyaml reads it) */
} yf_case;

static const yf_case cases[] = {
  /* Taken: the subset, construct by construct. */
  { "a: b\n", true },
  { "a: b", true },
  { "---\na: 1\n", true },
  { "# c\n\n---  # c\na: 'x''y'  # c\nb: \"q\"\n", true },
  { "k:\n- a\n- b\nn: 1\n", true },
  { "k:\n  - a\n  -  b\n", true },
  { "- - a\n  - b\n- c\n", true },
  { "s: !Sub '${X}'\nj: !Join\n  - ''\n  - - !Ref A\n    - b\n", true },
  { "v: !If\n- c\n- a\n- b\nw: 1\n", true },
  { "z: !GetAZs\nw: x\ny:\n- !GetAZs\n- 1\n", true },
  { "f: [a, [b, c], {d: e}, !Ref x, 'q', \"r\"]\ne: {}\ng: []\n", true },
  { "a:\n  b:\n    c: d\n  e: f\ng: h\n", true },
  { "x: Fn::GetAtt\ny: arn:aws:s3:::b/*\nz: a#b\nw: a b  c\n", true },
  { "k :  v  \n", true },
  { "t: !Rain::Module ../vpc.yml\n", true },
  { "- a: 1\n  b: 2\n- c\n", true },
  { "k:\n\n  # comment\n  v\n", true },
  { "\"k\": 1\n'k2': 2\n", true },
  { "-x: -1\n", true },
  { "a:\n- :iot\n- ?x\n- b::c\n", true },
  { "e:\n", true },
  { "e:\nf:\n  g:\n", true },
  { "tagged: !Equals [a, b]\nm: !Sub {a: b}\n", true },
  { "c: !If\n  - x\n  - !Ref y\n", true },
  { "  a: 1\n  b: 2\n", true },
  { "- x\n", true },
  { "plain text\n", true },
  { "m: !Transform\n  Name: x\n  Parameters: {a: b}\n", true },
  { "k: v # c\n# c\n", true },
  { "a: 'it''s'\nb: ''\nc: \"\"\n", true },
  /* Backslash escapes in double quotes, decoded as libyaml does. */
  { "a: \"x\\ny\\t\\\"z\\\\ \\x41\\u00e9\\U0001F600\\/\\0\\e\\a\\b\\v\\f"
    "\\r\\ \"\n",
    true },
  { "a: [\"a\\\"b\", \"\\u20AC\\xe9\"]\n", true },
  /* Block scalars: literal and folded, each chomping, empty lines kept,
   * more-indented lines, the end of the input with and without a break. */
  { "a: |\n  x\n  y\nb: 1\n", true },
  { "a: |-\n  x\n\n  y\n\n\nb: 1\n", true },
  { "a: |+\n  x\n\n", true },
  { "a: >\n  one\n  two\n\n  three\n    more\n  four\n", true },
  { "a: >-\n  one\n  two", true },
  { "a: >+\n  x\n\n\n", true },
  { "- !Sub |  # c\n    echo ${X}\n     indented\n- |\n  y\n", true },
  { "UserData:\n  Fn::Base64: !Sub |\n    #!/bin/bash\n    x\nNext: 1\n",
    true },
  /* CRLF line breaks: one break of two bytes, in values an LF. */
  { "a:\r\n  b: c\r\n# x\r\n\r\nd:\r\n- e  \r\n- 'f'\r\n", true },
  { "a: |\r\n  x\r\n\r\n  y\r\nb: >+\r\n  p\r\n  q\r\n\r\n", true },
  { "---\r\na: [b, {c: d}]  # e\r\nf: !If\r\n- g\r\n", true },
  /* Multi-byte text: marks count characters, as libyaml's do. */
  { "a: \xc3\xa9t\xc3\xa9\nb: [\xe2\x82\xac, 'x\xf0\x9f\x98\x80']\nc: d\n",
    true },
  { "# \xe2\x86\x92 comment\n\xc3\xa9: |\n  \xc3\xa9\xc3\xa9\n  "
    "x\n\xc3\xa0: !Ref \xc3\xa9\n",
    true },
  /* Left to libyaml: outside the subset. */
  { "", false },
  { "# only a comment\n", false },
  { "a: |2\n   x\n", false },
  { "a: |\n\n  x\n", false },
  { "a: |\n  x\n  \n  y\n", false },
  { "a: |\nb: 1\n", false },
  { "a: |x\n  y\n", false },
  /* Found by the yaml_fast fuzz target. */
  { "a: |- - b:\n  y\n", false },
  { "!T |\nx\n", false },
  { "[-", false },
  { "a: \xc2\x85\n", false },
  { "a: \xe2\x80\xa8\n", false },
  { "a: \xef\xbb\xbf\n", false },
  { "a: \xed\xa0\x80\n", false },
  { "a: \xc0\xaf\n", false },
  { "a: \xf4\x90\x80\x80\n", false },
  { "a: \xc3\n", false },
  { "a: &x 1\nb: *x\n", false },
  { "a: \"\\q\"\n", false },
  { "a: \"\\ud800\"\n", false },
  { "a: \"\\U00110000\"\n", false },
  { "a: \"\\x4g\"\n", false },
  { "a: \"\\u12\"\n", false },
  { "a: \"\\N\\_\\L\\P\"\n", false },
  { "a: \"x\\\n  y\"\n", false },
  { "a: b\n  c\n", false },
  { "a: b\rc: d\n", false },
  { "a: b\r", false },
  { "a:\tb\n", false },
  { "? a\n: b\n", false },
  { "a: [b,\n c]\n", false },
  { "%YAML 1.1\n---\na: b\n", false },
  { "a: b\n---\nc: d\n", false },
  { "a: b\n...\n", false },
  { "--- a\n", false },
  { "- \n- a\n", false },
  { "a: !!str b\n", false },
  { "a: ! b\n", false },
  { "a: !<tag:x> b\n", false },
  { "a: [b, ]\n", false },
  { "a: {b}\n", false },
  { "a: {b: }\n", false },
  { "a: 'x'#c\n", false },
  { "a: [b: c]\n", false },
  { "a: [:x]\n", false },
  { "a: [?x]\n", false },
  { "a: [-]\n", false },
  { "a: !Ref\n  b\n", false },
  { "a: b\x01\n", false },
  { "a: b\x7f\n", false },
  { "abcdefgh: ijk\x01lmnopqrstu\n", false },
  { "abcdefgh: ijklmn\x7fopqrstu\n", false },
  { "abcdefgh: ijklmn\xffopqrstu\n", false },
  { "abcdefgh: ijklmn\xc2\x9fopqrstu\n", false },
  /* Invalid YAML: never taken. */
  { "a: b: c\n", false },
  { "a:\n  - b\n c: d\n", false },
  { "- a\nb: c\n", false },
  { "a: - b\n", false },
  { "k: v\n  x: y\n", false },
  { "a:\n    b: 1\n  c: 2\n", false },
  { "a: 'unterminated\n", false },
  { "a: [b\n", false },
  { "a: b]\n", true }, /* a plain scalar in block context */
  { "{a: b}: c\n", false },
  { "a: b\n- c\n", false },
  { "- a\n - b\n", false },
};

START_TEST(yaml_fast__cases_match_libyaml)
{
  const yf_case *c = &cases[_i];
  char why[512];
  yfast_verdict v = yfast_diff((const unsigned char *)c->src, strlen(c->src),
                               why, sizeof(why));

  ck_assert_msg(v != YFAST_DIFFERENT, "case %d %s: %s", _i, c->src, why);
  ck_assert_msg(v == (c->taken ? YFAST_SAME : YFAST_DECLINED), "case %d %s: %s",
                _i, c->src, c->taken ? "declined" : "taken");
}
END_TEST

/* Nesting deeper than the fast reader's bound is libyaml's, which then
 * reports yaml.c's limit; just under it is taken. */
START_TEST(yaml_fast__depth_bound)
{
  char buf[4 * MLS_YAML_FAST_MAX_DEPTH + 16], why[512];
  for (int depth = MLS_YAML_FAST_MAX_DEPTH - 4;
       depth <= MLS_YAML_FAST_MAX_DEPTH + 2; depth++) {
    size_t n = 0;
    memcpy(buf, "a: ", 3);
    n = 3;
    for (int i = 0; i < depth; i++) {
      buf[n++] = '[';
    }
    for (int i = 0; i < depth; i++) {
      buf[n++] = ']';
    }
    buf[n++] = '\n';
    yfast_verdict v =
        yfast_diff((const unsigned char *)buf, n, why, sizeof(why));
    /* The document's mapping and a's value count as two levels more. */
    ck_assert_msg(v == (depth + 2 <= MLS_YAML_FAST_MAX_DEPTH ? YFAST_SAME
                                                             : YFAST_DECLINED),
                  "depth %d: %d %s", depth, (int)v, why);
  }
}
END_TEST

/* Input over MLS_YAML_FAST_MAX_BYTES, or making more than
 * MLS_YAML_FAST_MAX_EVENTS events, is libyaml's; just under both is
 * taken. */
START_TEST(yaml_fast__size_bounds)
{
  size_t cap = MLS_YAML_FAST_MAX_BYTES + 64, n;
  unsigned char *buf = mls_malloc(cap);
  cfn_yfast f;
  char why[512];

  ck_assert_ptr_nonnull(buf);
  /* "a: [b,b,...]": 9 events around the items, one per item. */
  for (size_t items = MLS_YAML_FAST_MAX_EVENTS - 10;
       items <= MLS_YAML_FAST_MAX_EVENTS - 8; items++) {
    n = 0;
    memcpy(buf, "a: [", 4);
    n = 4;
    for (size_t i = 0; i < items; i++) {
      buf[n++] = 'b';
      buf[n++] = i + 1 < items ? ',' : ']';
    }
    buf[n++] = '\n';
    bool taken = cfn__yaml_fast(&f, buf, n);
    ck_assert_msg(taken == (items + 9 <= MLS_YAML_FAST_MAX_EVENTS), "%zu items",
                  items);
    if (taken) {
      ck_assert_uint_eq(f.n, items + 9);
      ck_assert_int_eq(yfast_diff(buf, n, why, sizeof(why)), YFAST_SAME);
      cfn__yaml_fast_dispose(&f);
    }
  }
  /* A comment padded to the byte bound. */
  for (size_t len = MLS_YAML_FAST_MAX_BYTES; len <= cap - 1;
       len += cap - 1 - MLS_YAML_FAST_MAX_BYTES) {
    memcpy(buf, "a: b\n#", 6);
    memset(buf + 6, 'x', len - 7);
    buf[len - 1] = '\n';
    bool taken = cfn__yaml_fast(&f, buf, len);
    ck_assert_msg(taken == (len <= MLS_YAML_FAST_MAX_BYTES), "%zu bytes", len);
    if (taken) {
      cfn__yaml_fast_dispose(&f);
    }
  }
  mls_free(buf);
}
END_TEST

/* Every allocation failure declines, leaving nothing behind. */
START_TEST(yaml_fast__enomem_declines)
{
  static const char src[] =
      "a: [b, c]\nd:\n- e: !Ref f\n  g: 'h'\ni: !If\n  - j\n  - k\n";
  cfn_yfast f;
  bool taken = false;
  for (int k = 0; k < 64 && !taken; k++) {
    mls_alloc_fail_after(k);
    taken = cfn__yaml_fast(&f, (const unsigned char *)src, sizeof(src) - 1);
    mls_alloc_fail_after(-1);
    if (!taken) {
      ck_assert_ptr_null(f.ev);
      ck_assert_ptr_null(f.text);
    }
  }
  ck_assert(taken);
  ck_assert_uint_gt(f.n, 20);
  cfn__yaml_fast_dispose(&f);
}
END_TEST

/* The real templates: none differs, and most are taken. */
static size_t corpus_taken, corpus_declined, corpus_files;

static int corpus_file(const char *path, const struct stat *st, int type,
                       struct FTW *ftw)
{
  size_t n = strlen(path);
  char why[512];
  (void)st;
  (void)ftw;
  if (type != FTW_F || !((n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
                         (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
                         (n > 9 && strcmp(path + n - 9, ".template") == 0))) {
    return 0;
  }
  FILE *fp = fopen(path, "rb");
  ck_assert_ptr_nonnull(fp);
  static unsigned char buf[1 << 22];
  size_t len = fread(buf, 1, sizeof(buf), fp);
  fclose(fp);
  size_t off =
      len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
  yfast_verdict v = yfast_diff(buf + off, len - off, why, sizeof(why));
  ck_assert_msg(v != YFAST_DIFFERENT, "%s: %s", path, why);
  corpus_files++;
  corpus_taken += v == YFAST_SAME;
  corpus_declined += v == YFAST_DECLINED;
  return 0;
}

START_TEST(yaml_fast__real_templates_match_libyaml)
{
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s/corpus", MLS_TEST_SHARED_DIR);
  corpus_taken = corpus_declined = corpus_files = 0;
  ck_assert_int_eq(nftw(dir, corpus_file, 16, FTW_PHYS), 0);
  /* 216 files when this was written: 213 taken. */
  ck_assert_uint_ge(corpus_files, 200);
  ck_assert_uint_ge(corpus_taken, corpus_files * 9 / 10);
}
END_TEST

Suite *cfn_yaml_fast_suite(void)
{
  Suite *s = suite_create("cfn_yaml_fast");
  TCase *tc = tcase_create("events");
  tcase_add_loop_test(tc, yaml_fast__cases_match_libyaml, 0,
                      (int)(sizeof(cases) / sizeof(cases[0])));
  tcase_add_test(tc, yaml_fast__depth_bound);
  tcase_add_test(tc, yaml_fast__size_bounds);
  tcase_add_test(tc, yaml_fast__enomem_declines);
  tcase_add_test(tc, yaml_fast__real_templates_match_libyaml);
  suite_add_tcase(s, tc);
  return s;
}
