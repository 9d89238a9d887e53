/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/test_yaml.c -- cfn_load_yaml(): CloudFormation
 * YAML through libyaml into the node tree.
 *
 * Covers every short-form tag in scalar, sequence and mapping form, the
 * YAML 1.1 scalar types CloudFormation reads, keys, duplicate keys,
 * anchors and aliases, merge keys, unsupported tags, multiple documents,
 * TAB rules, encodings, exact positions (multi-byte text, BOM, CRLF, NEL)
 * and allocation failure. Expected JSON follows cfnref's output for the
 * same input (../shared/tools/cfnref), which was checked by running it.
 */
#include "tests/unit/parsers/cfn/cfn_test.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define Y(src) cfn_test_load(CFN_TEST_YAML, (src), SIZE_MAX, MLS_OK)

/* ---------------------------------------------------------------------- */
/* Short-form tags.                                                        */

/* Tags that become "Fn::" + name. */
static const char *const fn_tags[] = {
  "Sub",         "Join",   "Select",    "Split",     "If",          "Equals",
  "And",         "Or",     "Not",       "FindInMap", "Base64",      "Cidr",
  "ImportValue", "GetAZs", "Transform", "Length",    "ToJsonString"
};

START_TEST(cfn_yaml__every_fn_tag_in_every_form)
{
  const char *name = fn_tags[_i];
  char src[256], want[256];

  snprintf(src, sizeof(src),
           "s: !%s x\nq: !%s [x, 1]\nm: !%s {k: v}\nb: !%s\n  - y\n", name,
           name, name, name);
  const cfn_node *root = Y(src);
  snprintf(want, sizeof(want), "{\"Fn::%s\":\"x\"}", name);
  cfn_test_json(cfn_test_at(root, "s"), want);
  snprintf(want, sizeof(want), "{\"Fn::%s\":[\"x\",1]}", name);
  cfn_test_json(cfn_test_at(root, "q"), want);
  snprintf(want, sizeof(want), "{\"Fn::%s\":{\"k\":\"v\"}}", name);
  cfn_test_json(cfn_test_at(root, "m"), want);
  snprintf(want, sizeof(want), "{\"Fn::%s\":[\"y\"]}", name);
  cfn_test_json(cfn_test_at(root, "b"), want);
  /* Known tags are not warned about. */
  ck_assert_uint_eq(cfn_test_diag.n, 0);
  ck_assert(cfn_test_at(root, "s")->flags & CFN_F_SHORT_FORM);
}
END_TEST

START_TEST(cfn_yaml__ref_and_condition_keep_their_names)
{
  const cfn_node *root = Y("a: !Ref x\n"
                           "b: !Condition IsProd\n"
                           "c: !Ref [x]\n"
                           "d: !Condition {k: v}\n"
                           "e: !Ref 'AWS::Region'\n"
                           "f: !Ref 123\n"
                           "g: !Ref\n");
  cfn_test_json(cfn_test_at(root, "a"), "{\"Ref\":\"x\"}");
  cfn_test_json(cfn_test_at(root, "b"), "{\"Condition\":\"IsProd\"}");
  cfn_test_json(cfn_test_at(root, "c"), "{\"Ref\":[\"x\"]}");
  cfn_test_json(cfn_test_at(root, "d"), "{\"Condition\":{\"k\":\"v\"}}");
  cfn_test_json(cfn_test_at(root, "e"), "{\"Ref\":\"AWS::Region\"}");
  /* A tagged scalar is its text, never typed. */
  cfn_test_json(cfn_test_at(root, "f"), "{\"Ref\":\"123\"}");
  cfn_test_json(cfn_test_at(root, "g"), "{\"Ref\":\"\"}");
}
END_TEST

START_TEST(cfn_yaml__getatt_splits_at_the_first_dot)
{
  const cfn_node *root = Y("a: !GetAtt Res.Arn\n"
                           "b: !GetAtt Stack.Outputs.Name\n"
                           "c: !GetAtt [Res, Arn]\n"
                           "d: !GetAtt nodot\n"
                           "e: !GetAtt\n"
                           "f: !GetAtt\n  - R\n  - !Ref A\n"
                           "g: !GetAtt {x: y}\n");
  cfn_test_json(cfn_test_at(root, "a"), "{\"Fn::GetAtt\":[\"Res\",\"Arn\"]}");
  cfn_test_json(cfn_test_at(root, "b"),
                "{\"Fn::GetAtt\":[\"Stack\",\"Outputs.Name\"]}");
  cfn_test_json(cfn_test_at(root, "c"), "{\"Fn::GetAtt\":[\"Res\",\"Arn\"]}");
  cfn_test_json(cfn_test_at(root, "d"), "{\"Fn::GetAtt\":[\"nodot\"]}");
  cfn_test_json(cfn_test_at(root, "e"), "{\"Fn::GetAtt\":[\"\"]}");
  cfn_test_json(cfn_test_at(root, "f"),
                "{\"Fn::GetAtt\":[\"R\",{\"Ref\":\"A\"}]}");
  cfn_test_json(cfn_test_at(root, "g"), "{\"Fn::GetAtt\":{\"x\":\"y\"}}");
  /* The parts of a plain scalar keep exact positions. */
  cfn_test_start(cfn_test_at(root, "a/Fn::GetAtt/0"), 1, 12, 11);
  cfn_test_start(cfn_test_at(root, "a/Fn::GetAtt/1"), 1, 16, 15);
}
END_TEST

START_TEST(cfn_yaml__tags_nest_and_keep_long_forms)
{
  const cfn_node *root =
      Y("a: !If [C, !Ref 'AWS::NoValue', !Select [0, !GetAZs '']]\n"
        "b: !Sub\n  - '${A}-${B}'\n  - A: !Ref X\n    B: !GetAtt Y.Z\n"
        "c: !Sub |\n  line ${A}\n"
        "d:\n  Fn::GetAtt: a.b\n"
        "e: !Join [',', !Split ['|', !ImportValue Out]]\n");
  cfn_test_json(cfn_test_at(root, "a"),
                "{\"Fn::If\":[\"C\",{\"Ref\":\"AWS::NoValue\"},{\"Fn::Select\":"
                "[0,{\"Fn::GetAZs\":\"\"}]}]}");
  cfn_test_json(cfn_test_at(root, "b"),
                "{\"Fn::Sub\":[\"${A}-${B}\",{\"A\":{\"Ref\":\"X\"},\"B\":"
                "{\"Fn::GetAtt\":[\"Y\",\"Z\"]}}]}");
  cfn_test_json(cfn_test_at(root, "c"), "{\"Fn::Sub\":\"line ${A}\\n\"}");
  /* Long forms stay as written: no split of a.b. */
  cfn_test_json(cfn_test_at(root, "d"), "{\"Fn::GetAtt\":\"a.b\"}");
  cfn_test_json(
      cfn_test_at(root, "e"),
      "{\"Fn::Join\":[\",\",{\"Fn::Split\":[\"|\",{\"Fn::ImportValue\":"
      "\"Out\"}]}]}");
}
END_TEST

START_TEST(cfn_yaml__rain_and_unknown_tags)
{
  const cfn_node *root = Y("a: !Rain::Embed file.txt\n"
                           "b: !Rain::Module [x]\n"
                           "c: !Unknown 12\n"
                           "d: !aws:InstanceId\n");
  cfn_test_json(cfn_test_at(root, "a"), "{\"Rain::Embed\":\"file.txt\"}");
  cfn_test_json(cfn_test_at(root, "b"), "{\"Rain::Module\":[\"x\"]}");
  cfn_test_json(cfn_test_at(root, "c"), "{\"Fn::Unknown\":\"12\"}");
  cfn_test_json(cfn_test_at(root, "d"), "{\"Fn::aws:InstanceId\":\"\"}");
  /* Unknown tags load (ok) with a warning each; rain's do not warn. */
  cfn_test_has_diag(MLS_SEV_WARNING, "unknown tag !Unknown");
  cfn_test_has_diag(MLS_SEV_WARNING, "unknown tag !aws:InstanceId");
  ck_assert_uint_eq(cfn_test_diag.n, 2);
  ck_assert(cfn_test_tmpl->flags & CFN_T_UNKNOWN_TAGS);
}
END_TEST

START_TEST(cfn_yaml__intrinsic_helper)
{
  const cfn_node *root = Y("a: !Ref x\nb: {Fn::Sub: y}\nc: {Ref: x, z: 1}\n"
                           "d: {Fnx: 1}\n");
  mls_span name;
  const cfn_node *arg;
  ck_assert(cfn_intrinsic(cfn_test_at(root, "a"), &name, &arg));
  ck_assert(mls_span_eq(name, "Ref") && cfn_is_string(arg, "x"));
  ck_assert(cfn_intrinsic(cfn_test_at(root, "b"), &name, &arg));
  ck_assert(mls_span_eq(name, "Fn::Sub") && cfn_is_string(arg, "y"));
  ck_assert(!cfn_intrinsic(cfn_test_at(root, "c"), &name, &arg));
  ck_assert(!cfn_intrinsic(cfn_test_at(root, "d"), &name, &arg));
  ck_assert(!cfn_intrinsic(NULL, &name, &arg));
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Scalar types.                                                           */

/* A plain scalar and the JSON cfnref prints for it. */
static const struct {
  const char *yaml;
  const char *json;
} plain_types[] = {
  /* booleans: YAML 1.1 words, not y/n */
  { "yes", "true" },
  { "Yes", "true" },
  { "YES", "true" },
  { "no", "false" },
  { "NO", "false" },
  { "on", "true" },
  { "On", "true" },
  { "OFF", "false" },
  { "true", "true" },
  { "False", "false" },
  { "TRUE", "true" },
  { "y", "\"y\"" },
  { "n", "\"n\"" },
  { "yEs", "\"yEs\"" },
  /* null */
  { "~", "null" },
  { "null", "null" },
  { "Null", "null" },
  { "NULL", "null" },
  { "nULL", "\"nULL\"" },
  /* integers */
  { "0", "0" },
  { "-0", "0" },
  { "+12", "12" },
  { "1_000", "1000" },
  { "0755", "493" },
  { "0800", "\"0800\"" },
  { "00", "0" },
  { "0_7", "7" },
  { "-0_7", "-7" },
  { "0x1F", "31" },
  { "0x_1f", "31" },
  { "-0x10", "-16" },
  { "0b101", "5" },
  { "1:30", "90" },
  { "190:20:30", "685230" },
  { "1:60", "\"1:60\"" },
  { "9223372036854775807", "9223372036854775807" },
  { "9223372036854775808", "9223372036854775808" },
  { "-9223372036854775809", "-9223372036854775809" },
  { "123456789012345678901234567890", "123456789012345678901234567890" },
  { "0x123456789abcdef0123456789", "90144042682896311822508713865" },
  { "0b_", "\"0b_\"" },
  { "0x", "\"0x\"" },
  /* floats: need a '.', signed exponent */
  { "1.10", "1.1" },
  { "1.", "1.0" },
  { ".5", "0.5" },
  { "-.5", "\"-.5\"" },
  { "+1.5", "1.5" },
  { "1.0e+3", "1000.0" },
  { "1.0E-3", "0.001" },
  { "1e3", "\"1e3\"" },
  { "1.0e3", "\"1.0e3\"" },
  { "1_0.5_0", "10.5" },
  { "1:30.5", "90.5" },
  { "100000.0", "100000.0" },
  { "1.0e+16", "1e+16" },
  { "0.00001", "1e-05" },
  { "0.0001", "0.0001" },
  { "-0.0", "-0.0" },
  { "0.1", "0.1" },
  { "1.7976931348623157e+308", "1.7976931348623157e+308" },
  { "1.8e+308", "\"1.8e+308\"" },
  { ".inf", "\".inf\"" },
  { "-.Inf", "\"-.Inf\"" },
  { ".NaN", "\".NaN\"" },
  { "-.nan", "\"-.nan\"" },
  /* strings: timestamps, merge, value and yaml resolvers are dropped */
  { "2010-09-09", "\"2010-09-09\"" },
  { "2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\"" },
  { "<<", "\"<<\"" },
  { "=", "\"=\"" },
  { "'!'", "\"!\"" },
  { "\"0755\"", "\"0755\"" },
  { "'yes'", "\"yes\"" },
  { "'~'", "\"~\"" },
  { "\"\"", "\"\"" },
  { "abc def", "\"abc def\"" },
  /* explicit standard tags */
  { "!!str 123", "\"123\"" },
  { "!!str yes", "\"yes\"" },
  { "!!int \"0x10\"", "16" },
  { "!!int '0755'", "493" },
  { "!!float 1", "1.0" },
  { "!!float 1e3", "1000.0" },
  { "!!float .INF", "\".INF\"" },
  { "!!bool YES", "true" },
  { "!!bool 'off'", "false" },
  { "!!null whatever", "null" },
  /* the non-specific tag resolves as plain, even when quoted (PyYAML) */
  { "! 123", "123" },
  { "! '123'", "123" },
  { "! abc", "\"abc\"" },
};

START_TEST(cfn_yaml__plain_scalar_types)
{
  char src[256];
  snprintf(src, sizeof(src), "v: %s\n", plain_types[_i].yaml);
  const cfn_node *root = Y(src);
  cfn_test_json(cfn_test_at(root, "v"), plain_types[_i].json);
}
END_TEST

START_TEST(cfn_yaml__empty_values_are_null)
{
  const cfn_node *root = Y("a:\nb: {c: }\nd:\n  - \ne: !!str\nf: !!null\n");
  cfn_test_json(root, "{\"a\":null,\"b\":{\"c\":null},\"d\":[null],"
                      "\"e\":\"\",\"f\":null}");
}
END_TEST

START_TEST(cfn_yaml__scalar_values_and_kinds)
{
  const cfn_node *root = Y("a:\n"
                           "i: 0755\n"
                           "f: 1.10\n"
                           "b: Off\n"
                           "s: |\n  line1\n   line2\n"
                           "t: >-\n  folded\n  text\n\n  para\n"
                           "q: \"\\x41\\u00e9\\U0001F600\\t\\0 \\/ \\_\"\n");
  const cfn_node *n = cfn_test_at(root, "a");
  int64_t v;
  ck_assert_int_eq(n->kind, CFN_NULL);
  n = cfn_test_at(root, "i");
  ck_assert_int_eq(n->kind, CFN_INT);
  ck_assert_int_eq(n->base, 8);
  ck_assert(cfn_int64(n, &v) && v == 493);
  ck_assert(mls_span_eq(n->text, "0755"));
  n = cfn_test_at(root, "f");
  ck_assert_int_eq(n->kind, CFN_FLOAT);
  ck_assert(n->u.d == 1.1);
  ck_assert(mls_span_eq(n->text, "1.10"));
  n = cfn_test_at(root, "b");
  ck_assert(n->kind == CFN_BOOL && !n->u.b && mls_span_eq(n->text, "Off"));
  cfn_test_json(cfn_test_at(root, "s"), "\"line1\\n line2\\n\"");
  cfn_test_json(cfn_test_at(root, "t"), "\"folded text\\npara\"");
  /* YAML escapes, an escaped NUL included, decoded into the arena. */
  n = cfn_test_at(root, "q");
  ck_assert(n->flags & CFN_F_QUOTED);
  cfn_test_json(n, "\"A\xC3\xA9\xF0\x9F\x98\x80\\t\\u0000 / \xC2\xA0\"");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Keys.                                                                   */

START_TEST(cfn_yaml__keys_are_their_text)
{
  const cfn_node *root = Y("80: a\nyes: b\n~: c\n'q': d\n!Ref t: e\n"
                           "? [a, 1]\n: f\n? {x: yes}\n: g\n? |\n  blk\n: h\n");
  ck_assert_uint_eq(root->n, 8);
  const char *const want[] = { "80",        "yes",          "~",    "q", "t",
                               "[\"a\",1]", "{\"x\":true}", "blk\n" };
  for (uint32_t i = 0; i < 8; i++) {
    const cfn_node *k = root->u.pairs[i].key;
    ck_assert_int_eq(k->kind, CFN_STRING);
    ck_assert_msg(mls_span_eq(k->text, want[i]), "key %u is '%.*s'", i,
                  (int)k->text.len, k->text.ptr);
  }
  ck_assert(root->u.pairs[5].key->flags & CFN_F_COMPLEX_KEY);
}
END_TEST

START_TEST(cfn_yaml__duplicate_keys_last_value_wins)
{
  const cfn_node *root = Y("a: 1\nb: 2\na: 3\n");
  ck_assert_uint_eq(root->n, 2);
  /* First position, last value and last key position (PyYAML's dict). */
  ck_assert(mls_span_eq(root->u.pairs[0].key->text, "a"));
  cfn_test_json(root->u.pairs[0].value, "3");
  ck_assert_uint_eq(root->u.pairs[0].key->range.start.line, 3);
  ck_assert(cfn_test_tmpl->ok);
  ck_assert(cfn_test_tmpl->flags & CFN_T_DUPLICATE_KEYS);
  cfn_test_has_diag(MLS_SEV_WARNING, "duplicate key 'a' (first at line 1)");
  cfn_test_has_diag(MLS_SEV_WARNING, "the last value wins");
}
END_TEST

START_TEST(cfn_yaml__duplicate_keys_in_large_mappings)
{
  /* Past the linear-scan size the hash table folds the same way. */
  char src[4096];
  size_t k = 0;
  for (int i = 0; i < 40; i++) {
    k += (size_t)snprintf(src + k, sizeof(src) - k, "k%d: %d\n", i % 20, i);
  }
  const cfn_node *root = Y(src);
  ck_assert_uint_eq(root->n, 20);
  for (int i = 0; i < 20; i++) {
    char key[8], want[8];
    snprintf(key, sizeof(key), "k%d", i);
    snprintf(want, sizeof(want), "%d", i + 20);
    cfn_test_json(cfn_test_at(root, key), want);
    ck_assert_uint_eq(root->u.pairs[i].key->range.start.line, (unsigned)i + 21);
  }
}
END_TEST

START_TEST(cfn_yaml__merge_key_stays_a_key)
{
  const cfn_node *root = Y("a:\n  <<: {x: 1}\n  y: 2\n");
  cfn_test_json(cfn_test_at(root, "a"), "{\"<<\":{\"x\":1},\"y\":2}");
  ck_assert(cfn_test_tmpl->flags & CFN_T_MERGE_KEYS);
  cfn_test_has_diag(MLS_SEV_WARNING, "merge key '<<'");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Aliases, documents, tags CloudFormation rejects.                        */

START_TEST(cfn_yaml__alias_is_an_error_but_loads)
{
  const cfn_node *root = cfn_test_load(CFN_TEST_YAML,
                                       "base: &b {x: 1, y: [1, 2]}\n"
                                       "copy: *b\n"
                                       "merged:\n  <<: *b\n  z: 3\n",
                                       SIZE_MAX, MLS_EINPUT);
  ck_assert_ptr_nonnull(root);
  ck_assert(cfn_test_tmpl->flags & CFN_T_ALIASES);
  cfn_test_has_diag(MLS_SEV_ERROR, "YAML aliases are not allowed");
  /* The alias shares the anchored node. */
  ck_assert_ptr_eq(cfn_test_at(root, "copy"), cfn_test_at(root, "base"));
  cfn_test_json(cfn_test_at(root, "merged"),
                "{\"<<\":{\"x\":1,\"y\":[1,2]},\"z\":3}");
}
END_TEST

START_TEST(cfn_yaml__undefined_and_recursive_aliases)
{
  cfn_test_load(CFN_TEST_YAML, "a: *nope\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_has_diag(MLS_SEV_ERROR, "undefined alias *nope");
  ck_assert_ptr_null(cfn_test_tmpl->root);
  /* An anchor is usable only once its node is complete: no cycles. */
  cfn_test_load(CFN_TEST_YAML, "a: &x [1, *x]\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_has_diag(MLS_SEV_ERROR, "undefined alias *x");
}
END_TEST

START_TEST(cfn_yaml__alias_budget)
{
  /* Each level multiplies by 10: level 4 reaches 10^4 leaves plus lists. */
  const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
  cfn_test_load(CFN_TEST_YAML, bomb, SIZE_MAX, MLS_ELIMIT);
  cfn_test_has_diag(MLS_SEV_ERROR, "MLS_MAX_YAML_ALIAS_NODES");
  ck_assert_ptr_null(cfn_test_tmpl->root);
  /* Within the budget the same shape loads (with its alias errors). */
  cfn_test_load(CFN_TEST_YAML, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
                SIZE_MAX, MLS_EINPUT);
  cfn_test_json(
      cfn_test_at(cfn_test_tmpl->root, "c"),
      "[[[\"x\",\"x\"],[\"x\",\"x\"]],[[\"x\",\"x\"],[\"x\",\"x\"]]]");
}
END_TEST

START_TEST(cfn_yaml__alias_cannot_deepen_past_the_bound)
{
  /* A 200-deep anchored list aliased 200 levels down would be 400 deep. */
  char src[4096];
  size_t k = 0;
  k += (size_t)snprintf(src + k, sizeof(src) - k, "a: &d ");
  for (int i = 0; i < 200; i++) {
    src[k++] = '[';
  }
  for (int i = 0; i < 200; i++) {
    src[k++] = ']';
  }
  k += (size_t)snprintf(src + k, sizeof(src) - k, "\nb: ");
  for (int i = 0; i < 200; i++) {
    src[k++] = '[';
  }
  k += (size_t)snprintf(src + k, sizeof(src) - k, "*d");
  for (int i = 0; i < 200; i++) {
    src[k++] = ']';
  }
  src[k++] = '\n';
  src[k] = '\0';
  cfn_test_load(CFN_TEST_YAML, src, k, MLS_ELIMIT);
  cfn_test_has_diag(MLS_SEV_ERROR, "alias nests deeper");
}
END_TEST

START_TEST(cfn_yaml__one_document_only)
{
  cfn_test_load(CFN_TEST_YAML, "a: 1\n---\nb: 2\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_has_diag(MLS_SEV_ERROR, "expected a single document");
  /* Empty streams have no root; a lone "---" is a null document. */
  ck_assert_ptr_null(Y(""));
  ck_assert_ptr_null(Y("# only a comment\n"));
  ck_assert_int_eq(Y("---\n")->kind, CFN_NULL);
  ck_assert_int_eq(Y("--- a\n...\n")->kind, CFN_STRING);
}
END_TEST

START_TEST(cfn_yaml__unsupported_standard_tags)
{
  static const char *const bad[] = { "a: !!binary aGVsbG8=\n",
                                     "a: !!set {x, y}\n",
                                     "a: !!omap [{x: 1}]\n",
                                     "a: !!timestamp 2001-01-01\n",
                                     "a: !!seq {x: 1}\n",
                                     "a: !!map [1]\n",
                                     "a: !!int abc\n",
                                     "a: !!bool maybe\n",
                                     "a: !!float x1\n",
                                     "a: !<tag:example.com:x> y\n",
                                     "a: !!python/name:os.system ''\n" };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    cfn_test_load(CFN_TEST_YAML, bad[i], SIZE_MAX, MLS_EINPUT);
    ck_assert_ptr_nonnull(cfn_test_tmpl->root);
  }
  /* A %TAG directive that moves '!' makes !Ref a foreign tag too. */
  cfn_test_load(CFN_TEST_YAML, "%TAG ! tag:example.com,2000:\n---\na: !Ref x\n",
                SIZE_MAX, MLS_EINPUT);
  cfn_test_has_diag(MLS_SEV_ERROR, "unsupported tag tag:example.com,2000:Ref");
  /* Verbatim tags name the same thing as their short forms. */
  const cfn_node *root = Y("a: !<!Ref> x\nb: !<tag:yaml.org,2002:str> 5\n");
  cfn_test_json(cfn_test_at(root, "a"), "{\"Ref\":\"x\"}");
  cfn_test_json(cfn_test_at(root, "b"), "\"5\"");
}
END_TEST

START_TEST(cfn_yaml__tabs_outside_quotes_are_reported)
{
  /* PyYAML (the reference) takes only spaces between tokens. */
  static const char *const bad[] = { "a:\tb\n", "a: b\t\n", "a: [1,\t2]\n",
                                     "a: b\tc\n", "a: \"x\"\t\n" };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    const cfn_node *root =
        cfn_test_load(CFN_TEST_YAML, bad[i], SIZE_MAX, MLS_EINPUT);
    ck_assert_ptr_nonnull(root); /* libyaml read it: the tree is kept */
    cfn_test_has_diag(MLS_SEV_ERROR, "TAB character");
  }
  /* In quoted and block scalars and in comments a TAB is fine. */
  const cfn_node *root =
      Y("a: \"x\ty\"\nb: 'p\tq'\nc: |\n  s\tt\nd: e # c\td\n#\tonly\n");
  cfn_test_json(cfn_test_at(root, "a"), "\"x\\ty\"");
  cfn_test_json(cfn_test_at(root, "c"), "\"s\\tt\\n\"");
}
END_TEST

START_TEST(cfn_yaml__encodings)
{
  /* Invalid UTF-8, a UTF-16 BOM, control characters: errors. */
  cfn_test_load(CFN_TEST_YAML, "a: \xff\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_load(CFN_TEST_YAML, "a: \xc3\x28\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_load(CFN_TEST_YAML, "a: \xed\xa0\x80\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_load(CFN_TEST_YAML, "a: \xc0\xaf\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_load(CFN_TEST_YAML,
                "\xff\xfe"
                "a\0:\0",
                6, MLS_EINPUT);
  cfn_test_has_diag(MLS_SEV_ERROR, "not UTF-8");
  cfn_test_load(CFN_TEST_YAML, "a: b\x07\n", SIZE_MAX, MLS_EINPUT);
  cfn_test_load(CFN_TEST_YAML, "a: b\0c\n", 7, MLS_EINPUT);
  /* A BOM (even two) is skipped. */
  cfn_test_json(Y("\xEF\xBB\xBF"
                  "a: 1\n"),
                "{\"a\":1}");
  ck_assert(cfn_test_tmpl->flags & CFN_T_BOM);
  cfn_test_json(Y("\xEF\xBB\xBF\xEF\xBB\xBF"
                  "a: 1\n"),
                "{\"a\":1}");
}
END_TEST

START_TEST(cfn_yaml__syntax_errors)
{
  static const char *const bad[] = { "a: [\n",
                                     "a: {b: c\n",
                                     "a: 'x\n",
                                     "a:\n  b: 1\n c: 2\n",
                                     "- a\nb: c\n",
                                     "a: b: c\n",
                                     "[a]]\n",
                                     "a: !Sub]\n",
                                     "%YAML 2.0\n---\na\n" };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    cfn_test_load(CFN_TEST_YAML, bad[i], SIZE_MAX, MLS_EINPUT);
    ck_assert_ptr_null(cfn_test_tmpl->root);
    ck_assert_uint_gt(cfn_test_tmpl->nerrors, 0);
    ck_assert(cfn_test_diag.n > 0 && cfn_test_diag.v[0].has_range);
  }
  cfn_test_load(CFN_TEST_YAML, "a:\n  b: 1\n c: 2\n", SIZE_MAX, MLS_EINPUT);
  ck_assert_uint_eq(cfn_test_diag.v[0].range.start.line, 3);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Positions.                                                              */

START_TEST(cfn_yaml__positions_block_and_flow)
{
  const cfn_node *root = Y("Resources:\n"
                           "  Bucket:\n"
                           "    Type: AWS::S3::Bucket\n"
                           "    Properties: {Tags: [a, \"b\"]}\n");
  const cfn_node *res = cfn_test_at(root, "Resources");
  cfn_test_start(root->u.pairs[0].key, 1, 1, 0);
  cfn_test_start(res->u.pairs[0].key, 2, 3, 13);
  cfn_test_start(cfn_test_at(res, "Bucket/Type"), 3, 11, 31);
  const cfn_node *props = cfn_test_at(res, "Bucket/Properties");
  cfn_test_start(props, 4, 17, 63);
  ck_assert_uint_eq(props->range.end.byte, 79); /* after '}' */
  cfn_test_start(cfn_test_at(props, "Tags/1"), 4, 28, 74);
  ck_assert_uint_eq(cfn_test_at(props, "Tags/1")->range.end.col, 31);
  /* A block mapping ends where its last value ends. */
  ck_assert_uint_eq(res->range.end.line, 4);
  ck_assert_uint_eq(res->range.end.byte, 79);
}
END_TEST

START_TEST(cfn_yaml__positions_tagged_nodes)
{
  const cfn_node *root = Y("a: !Ref x\nb: !If\n  - c\n  - 1\n  - 2\n");
  const cfn_node *a = cfn_test_at(root, "a");
  cfn_test_start(a, 1, 4, 3);
  ck_assert_uint_eq(a->range.end.byte, 9);
  const cfn_node *key = a->u.pairs[0].key;
  ck_assert(key->flags & CFN_F_SYNTHETIC);
  cfn_test_start(key, 1, 4, 3);
  ck_assert_uint_eq(key->range.end.byte, 7); /* the tag "!Ref" */
  cfn_test_start(cfn_test_at(root, "a/Ref"), 1, 9, 8);
  cfn_test_start(cfn_test_at(root, "b"), 2, 4, 13);
  /* The wrapped sequence starts at its first "-", on the next line. */
  cfn_test_start(cfn_test_at(root, "b/Fn::If"), 3, 3, 19);
  cfn_test_start(cfn_test_at(root, "b/Fn::If/2"), 5, 5, 33);
}
END_TEST

START_TEST(cfn_yaml__positions_multibyte_bom_crlf)
{
  /* Columns count bytes; lines and bytes follow libyaml's marks. */
  const cfn_node *root = Y("\xEF\xBB\xBF"
                           "k\xC3\xA9: \xC3\xA9x\r\n"
                           "b: caf\xC3\xA9 \xE2\x82\xAC ok\r\n"
                           "c: [\xC3\xA9, d]\n");
  cfn_test_start(root->u.pairs[0].key, 1, 1, 3);
  cfn_test_start(cfn_test_at(root, "k\xC3\xA9"), 1, 6, 8);
  cfn_test_start(root->u.pairs[1].key, 2, 1, 13);
  cfn_test_start(cfn_test_at(root, "b"), 2, 4, 16);
  ck_assert_uint_eq(cfn_test_at(root, "b")->range.end.col, 16);
  cfn_test_start(cfn_test_at(root, "c/1"), 3, 9, 38);
}
END_TEST

START_TEST(cfn_yaml__positions_other_line_breaks)
{
  /* A lone CR, NEL, LS and PS end lines for YAML 1.1, as for PyYAML. */
  const cfn_node *root = Y("a: 1\rb: 2\xC2\x85"
                           "c: 3\xE2\x80\xA8"
                           "d: 4\n");
  cfn_test_start(root->u.pairs[1].key, 2, 1, 5);
  cfn_test_start(root->u.pairs[2].key, 3, 1, 11);
  cfn_test_start(root->u.pairs[3].key, 4, 1, 18);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Allocation failure.                                                     */

static const char SAMPLE[] =
    "AWSTemplateFormatVersion: 2010-09-09\n"
    "Parameters:\n  Env: {Type: String, Default: dev, AllowedValues: [a, b]}\n"
    "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
    "Resources:\n"
    "  B:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n"
    "    Properties:\n      Name: !Sub '${AWS::StackName}-x'\n"
    "      Arn: !GetAtt K.Arn\n      Tags: [{Key: a, Value: yes}]\n"
    "      Keys: {k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, "
    "k9: 9, k1: 10}\n"
    "      Big: 0x123456789abcdef0123456789\n"
    "      ? [x]\n      : y\n"
    "      A: &a [1]\n      B: *a\n"
    "      Unknown: !Nope z\n";

START_TEST(cfn_yaml__enomem_at_every_allocation)
{
  cfn_template *t = NULL;
  mls_diag d = MLS_DIAG_INIT;

  /* The number of allocations a clean run makes bounds the loop. */
  mls_alloc_fail_after(-1);
  ck_assert_int_eq(cfn_load_yaml(&t, SAMPLE, sizeof(SAMPLE) - 1, &d),
                   MLS_EINPUT);
  unsigned long total = mls_alloc_count();
  cfn_template_free(t);
  t = NULL;
  mls_diag_dispose(&d);
  if ((unsigned long)_i > total) {
    return;
  }

  mls_alloc_fail_after(_i);
  int rc = cfn_load_yaml(&t, SAMPLE, sizeof(SAMPLE) - 1, &d);
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_EINPUT || (rc == MLS_ENOMEM && t == NULL),
                "allocation %d: rc %d", _i, rc);
  cfn_template_free(t);
  mls_diag_dispose(&d);
}
END_TEST

Suite *cfn_yaml_suite(void)
{
  Suite *s = suite_create("cfn_yaml");
  TCase *tc = tcase_create("tags");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_loop_test(tc, cfn_yaml__every_fn_tag_in_every_form, 0,
                      (int)(sizeof(fn_tags) / sizeof(fn_tags[0])));
  tcase_add_test(tc, cfn_yaml__ref_and_condition_keep_their_names);
  tcase_add_test(tc, cfn_yaml__getatt_splits_at_the_first_dot);
  tcase_add_test(tc, cfn_yaml__tags_nest_and_keep_long_forms);
  tcase_add_test(tc, cfn_yaml__rain_and_unknown_tags);
  tcase_add_test(tc, cfn_yaml__intrinsic_helper);
  suite_add_tcase(s, tc);

  tc = tcase_create("scalars");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_loop_test(tc, cfn_yaml__plain_scalar_types, 0,
                      (int)(sizeof(plain_types) / sizeof(plain_types[0])));
  tcase_add_test(tc, cfn_yaml__empty_values_are_null);
  tcase_add_test(tc, cfn_yaml__scalar_values_and_kinds);
  suite_add_tcase(s, tc);

  tc = tcase_create("keys");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_yaml__keys_are_their_text);
  tcase_add_test(tc, cfn_yaml__duplicate_keys_last_value_wins);
  tcase_add_test(tc, cfn_yaml__duplicate_keys_in_large_mappings);
  tcase_add_test(tc, cfn_yaml__merge_key_stays_a_key);
  suite_add_tcase(s, tc);

  tc = tcase_create("rejected");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_yaml__alias_is_an_error_but_loads);
  tcase_add_test(tc, cfn_yaml__undefined_and_recursive_aliases);
  tcase_add_test(tc, cfn_yaml__alias_budget);
  tcase_add_test(tc, cfn_yaml__alias_cannot_deepen_past_the_bound);
  tcase_add_test(tc, cfn_yaml__one_document_only);
  tcase_add_test(tc, cfn_yaml__unsupported_standard_tags);
  tcase_add_test(tc, cfn_yaml__tabs_outside_quotes_are_reported);
  tcase_add_test(tc, cfn_yaml__encodings);
  tcase_add_test(tc, cfn_yaml__syntax_errors);
  suite_add_tcase(s, tc);

  tc = tcase_create("positions");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_yaml__positions_block_and_flow);
  tcase_add_test(tc, cfn_yaml__positions_tagged_nodes);
  tcase_add_test(tc, cfn_yaml__positions_multibyte_bom_crlf);
  tcase_add_test(tc, cfn_yaml__positions_other_line_breaks);
  suite_add_tcase(s, tc);

  tc = tcase_create("enomem");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_loop_test(tc, cfn_yaml__enomem_at_every_allocation, 0, 400);
  suite_add_tcase(s, tc);
  return s;
}
