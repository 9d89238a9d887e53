/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/test_json.c -- cfn_load_json(): CloudFormation
 * JSON into the node tree, with a position on every key and value.
 *
 * cJSON keeps no positions, so parsers/cfn reads JSON itself; these tests
 * prove the positions (multi-line, BOM, CRLF, lone CR, TAB indentation,
 * escapes before a key, multi-byte text), the values (numbers of every
 * shape, escapes, lone surrogates), json.loads's strictness (NaN, trailing
 * commas, extra data, control characters) and allocation failure.
 * Expected positions were counted by hand from the small inputs.
 */
#include "tests/unit/parsers/cfn/cfn_test.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "parsers/cfn/dump.h"

#include <stdint.h>
#include <string.h>

#define J(src) cfn_test_load(CFN_TEST_JSON, (src), SIZE_MAX, MLS_OK)

START_TEST(cfn_json__values)
{
  const cfn_node *root = J("{\"s\": \"x\", \"i\": -12, \"f\": 1.10, "
                           "\"e\": 1e5, \"E\": -2.5E-3, \"z\": -0, "
                           "\"big\": 123456789012345678901234567890, "
                           "\"t\": true, \"n\": null, \"a\": [false, {}], "
                           "\"o\": {\"Ref\": \"x\"}}");
  cfn_test_json(
      root, "{\"s\":\"x\",\"i\":-12,\"f\":1.1,\"e\":100000.0,"
            "\"E\":-0.0025,\"z\":0,\"big\":123456789012345678901234567890,"
            "\"t\":true,\"n\":null,\"a\":[false,{}],\"o\":{\"Ref\":\"x\"}}");
  const cfn_node *i = cfn_test_at(root, "i");
  int64_t v;
  ck_assert(i->kind == CFN_INT && cfn_int64(i, &v) && v == -12);
  ck_assert(mls_span_eq(cfn_test_at(root, "f")->text, "1.10"));
  ck_assert_int_eq(cfn_test_at(root, "big")->kind, CFN_INT);
  ck_assert(!cfn_int64(cfn_test_at(root, "big"), &v));
  ck_assert(cfn_test_at(root, "s")->flags & CFN_F_QUOTED);
  /* JSON has no YAML typing: "yes" and "0755" stay strings. */
  cfn_test_json(J("{\"a\": \"yes\", \"b\": \"0755\"}"),
                "{\"a\":\"yes\",\"b\":\"0755\"}");
}
END_TEST

START_TEST(cfn_json__escapes_and_surrogates)
{
  const cfn_node *root = J("{\"a\": \"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\", "
                           "\"u\": \"\\u00e9\\u20AC\\ud83d\\ude00\", "
                           "\"lone\": \"\\ud800x\\udc00\", \"k\\u0065y\": 1, "
                           "\"raw\": \"caf\xC3\xA9\"}");
  cfn_test_json(cfn_test_at(root, "a"), "\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\f\"");
  cfn_test_json(cfn_test_at(root, "u"),
                "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
  /* Lone surrogates become U+FFFD, as cfnref writes them. */
  cfn_test_json(cfn_test_at(root, "lone"), "\"\xEF\xBF\xBDx\xEF\xBF\xBD\"");
  cfn_test_json(cfn_test_at(root, "key"), "1");
  cfn_test_json(cfn_test_at(root, "raw"), "\"caf\xC3\xA9\"");
  /* Without escapes a string borrows the source bytes. */
  const cfn_node *raw = cfn_test_at(root, "raw");
  ck_assert(raw->text.ptr > cfn_test_tmpl->src &&
            raw->text.ptr < cfn_test_tmpl->src + cfn_test_tmpl->len);
}
END_TEST

START_TEST(cfn_json__duplicate_keys)
{
  const cfn_node *root = J("{\"R\": 1, \"S\": 2, \"R\": 3}");
  cfn_test_json(root, "{\"R\":3,\"S\":2}");
  cfn_test_has_diag(MLS_SEV_WARNING, "duplicate key 'R'");
  ck_assert(cfn_test_tmpl->ok);
}
END_TEST

START_TEST(cfn_json__strict_like_json_loads)
{
  static const char *const bad[] = {
    "{\"a\": 1,}",
    "{\"a\": NaN}",
    "{\"a\": Infinity}",
    "{\"a\": -Infinity}",
    "{\"a\": 01}",
    "{\"a\": 1.}",
    "{\"a\": .5}",
    "{\"a\": +1}",
    "{\"a\": 1e}",
    "{\"a\": \"x\ty\"}",
    "{\"a\": \"x\ny\"}",
    "{\"a\": \"\\x41\"}",
    "{\"a\": \"\\u12\"}",
    "{\"a\": \"\\u12g4\"}",
    "{a: 1}",
    "{'a': 1}",
    "{\"a\" 1}",
    "{\"a\": 1} x",
    "{\"a\": 1}}",
    "{\"a\": [1 2]}",
    "{\"a\": tru}",
    "{\"a\": \"unterminated}",
    "",
    "{\"a\": 1",
    "[1,]",
    "{\"a\": 1}\n{\"b\": 2}",
    "{\"a\": \"\xff\"}",
    "{\"a\": \"\xed\xa0\x80\"}",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    cfn_test_load(CFN_TEST_JSON, bad[i], SIZE_MAX, MLS_EINPUT);
    ck_assert_ptr_null(cfn_test_tmpl->root);
    ck_assert_uint_gt(cfn_test_diag.n, 0);
  }
  cfn_test_load(CFN_TEST_JSON, "{\"a\": \"\xff\"}", SIZE_MAX, MLS_EINPUT);
  ck_assert(cfn_test_tmpl->flags & CFN_T_NOT_UTF8);
  cfn_test_has_diag(MLS_SEV_ERROR, "not UTF-8");
  /* Any value at the top level, and whitespace around it, is fine. */
  cfn_test_json(J(" \t\r\n[1, \"a\"]\r\n "), "[1,\"a\"]");
  cfn_test_json(J("7"), "7");
}
END_TEST

START_TEST(cfn_json__positions_multiline)
{
  const cfn_node *root = J("{\n"
                           "  \"Resources\": {\n"
                           "    \"Bucket\": {\"Type\": \"AWS::S3::Bucket\"},\n"
                           "    \"Q\": [1, \"x\"]\n"
                           "  }\n"
                           "}\n");
  const cfn_node *res = cfn_test_at(root, "Resources");
  cfn_test_start(root, 1, 1, 0);
  cfn_test_start(root->u.pairs[0].key, 2, 3, 4);
  ck_assert_uint_eq(root->u.pairs[0].key->range.end.byte, 15);
  cfn_test_start(res, 2, 16, 17);
  cfn_test_start(res->u.pairs[0].key, 3, 5, 23);
  cfn_test_start(cfn_test_at(res, "Bucket"), 3, 15, 33);
  cfn_test_start(cfn_test_at(res, "Bucket/Type"), 3, 24, 42);
  ck_assert_uint_eq(cfn_test_at(res, "Bucket/Type")->range.end.col, 41);
  cfn_test_start(cfn_test_at(res, "Q/1"), 4, 14, 75);
  ck_assert_uint_eq(res->range.end.line, 5);
  ck_assert_uint_eq(res->range.end.col, 4);
  ck_assert_uint_eq(root->range.end.byte, 85);
}
END_TEST

START_TEST(cfn_json__positions_bom_crlf_cr_tabs)
{
  /* The BOM counts in bytes, not in columns; CRLF and a lone CR end a
   * line; a TAB is one byte of indentation. */
  const cfn_node *root = J("\xEF\xBB\xBF{\r\n"
                           "\t\"a\": 1,\r"
                           "\t\t\"b\": [\r\n"
                           "\t\t\t2]}");
  ck_assert(cfn_test_tmpl->flags & CFN_T_BOM);
  cfn_test_start(root, 1, 1, 3);
  cfn_test_start(root->u.pairs[0].key, 2, 2, 7);
  cfn_test_start(cfn_test_at(root, "a"), 2, 7, 12);
  cfn_test_start(root->u.pairs[1].key, 3, 3, 17);
  cfn_test_start(cfn_test_at(root, "b/0"), 4, 4, 28);
}
END_TEST

START_TEST(cfn_json__positions_after_escapes_and_multibyte)
{
  const cfn_node *root =
      J("{\"k\\u00e9\": \"\\n\\u20ac\", \"x\": \"\xC3\xA9\", "
        "\"y\": 1}");
  cfn_test_start(root->u.pairs[0].key, 1, 2, 1);
  ck_assert_uint_eq(root->u.pairs[0].key->range.end.byte, 10);
  cfn_test_start(root->u.pairs[0].value, 1, 13, 12);
  ck_assert_uint_eq(root->u.pairs[0].value->range.end.byte, 22);
  cfn_test_start(root->u.pairs[1].key, 1, 25, 24);
  cfn_test_start(cfn_test_at(root, "x"), 1, 30, 29);
  /* Columns count bytes: the two-byte e-acute moves "y" by two. */
  cfn_test_start(root->u.pairs[2].key, 1, 36, 35);
}
END_TEST

START_TEST(cfn_json__limits)
{
  /* 300 nested arrays: past MLS_MAX_NESTING. */
  char src[700];
  size_t k = 0;
  for (int i = 0; i < 300; i++) {
    src[k++] = '[';
  }
  for (int i = 0; i < 300; i++) {
    src[k++] = ']';
  }
  cfn_test_load(CFN_TEST_JSON, src, k, MLS_ELIMIT);
  cfn_test_has_diag(MLS_SEV_ERROR, "MLS_MAX_NESTING");
  /* MLS_MAX_NESTING levels exactly are fine. */
  k = 0;
  for (int i = 0; i < MLS_MAX_NESTING; i++) {
    src[k++] = '[';
  }
  for (int i = 0; i < MLS_MAX_NESTING; i++) {
    src[k++] = ']';
  }
  cfn_test_load(CFN_TEST_JSON, src, k, MLS_OK);
}
END_TEST

static const char SAMPLE[] =
    "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
    " \"Parameters\": {\"Env\": {\"Type\": \"String\", \"Default\": "
    "\"dev\"}},\n"
    " \"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {"
    "\"Name\": {\"Fn::Sub\": \"${AWS::StackName}-x\"}, \"N\": 1.5e3, "
    "\"Esc\": \"caf\\u00e9\", \"Keys\": {\"k1\": 1, \"k2\": 2, \"k3\": 3, "
    "\"k4\": 4, \"k5\": 5, \"k6\": 6, \"k7\": 7, \"k8\": 8, \"k9\": 9, "
    "\"k1\": 10}, \"L\": [1, 2, [3]]}}}}";

START_TEST(cfn_json__enomem_at_every_allocation)
{
  cfn_template *t = NULL;
  mls_diag d = MLS_DIAG_INIT;
  mls_buf clean = MLS_BUF_INIT(1u << 20), got = MLS_BUF_INIT(1u << 20);
  const mls_diag none = MLS_DIAG_INIT; /* dumps compare templates only */

  mls_alloc_fail_after(-1);
  ck_assert_int_eq(cfn_load_json(&t, SAMPLE, sizeof(SAMPLE) - 1, &d), MLS_OK);
  unsigned long total = mls_alloc_count();
  ck_assert_int_eq(cfn_dump_cfnref(&clean, t, "t.json", &none), MLS_OK);
  cfn_template_free(t);
  t = NULL;
  mls_diag_dispose(&d);
  if ((unsigned long)_i > total) {
    mls_buf_dispose(&clean);
    return;
  }

  mls_alloc_fail_after(_i);
  int rc = cfn_load_json(&t, SAMPLE, sizeof(SAMPLE) - 1, &d);
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_OK || (rc == MLS_ENOMEM && t == NULL),
                "allocation %d: rc %d", _i, rc);
  /* MLS_OK despite the failure only when the template is whole: what
   * failed was a warning's text (counted in d.dropped) or an allocation
   * the loader can do without. */
  if (rc == MLS_OK) {
    ck_assert_int_eq(cfn_dump_cfnref(&got, t, "t.json", &none), MLS_OK);
    ck_assert_msg(got.len == clean.len &&
                      memcmp(got.ptr, clean.ptr, got.len) == 0,
                  "allocation %d: MLS_OK with a different template", _i);
  }
  mls_buf_dispose(&clean);
  mls_buf_dispose(&got);
  cfn_template_free(t);
  mls_diag_dispose(&d);
}
END_TEST

Suite *cfn_json_suite(void)
{
  Suite *s = suite_create("cfn_json");
  TCase *tc = tcase_create("values");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_json__values);
  tcase_add_test(tc, cfn_json__escapes_and_surrogates);
  tcase_add_test(tc, cfn_json__duplicate_keys);
  tcase_add_test(tc, cfn_json__strict_like_json_loads);
  tcase_add_test(tc, cfn_json__limits);
  suite_add_tcase(s, tc);

  tc = tcase_create("positions");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_json__positions_multiline);
  tcase_add_test(tc, cfn_json__positions_bom_crlf_cr_tabs);
  tcase_add_test(tc, cfn_json__positions_after_escapes_and_multibyte);
  suite_add_tcase(s, tc);

  tc = tcase_create("enomem");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_loop_test(tc, cfn_json__enomem_at_every_allocation, 0, 200);
  suite_add_tcase(s, tc);
  return s;
}
