/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_checkov.c -- Checkov YAML custom policies
 * (core/rules/checkov.c): attribute, connection and filter blocks, and/or,
 * operator mapping, wildcard paths, unsupported operators.
 */
#include "tests/unit/rules/rules_test.h"

#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

static const char policy[] =
    "metadata:\n"
    "  name: \"Buckets are private and have a public access block\"\n"
    "  id: \"CKV2_CUSTOM_1\"\n"
    "  category: \"GENERAL_SECURITY\"\n"
    "  severity: high\n"
    "definition:\n"
    "  and:\n"
    "    - cond_type: attribute\n"
    "      resource_types: [aws_s3_bucket]\n"
    "      attribute: acl\n"
    "      operator: not_within\n"
    "      value: [public-read, public-read-write]\n"
    "    - cond_type: attribute\n"
    "      resource_types: [aws_s3_bucket]\n"
    "      attribute: tags.Owner\n"
    "      operator: exists\n"
    "    - or:\n"
    "      - cond_type: connection\n"
    "        resource_types: [aws_s3_bucket]\n"
    "        connected_resource_types: [aws_s3_bucket_public_access_block]\n"
    "        operator: exists\n"
    "      - cond_type: attribute\n"
    "        resource_types: [aws_s3_bucket]\n"
    "        attribute: bucket\n"
    "        operator: starting_with\n"
    "        value: \"public.\"\n";

static const char tf[] =
    "resource \"aws_s3_bucket\" \"pass\" {\n"
    "  bucket = \"data\"\n"
    "  tags = { Owner = \"ml\" }\n"
    "}\n"
    "resource \"aws_s3_bucket_public_access_block\" \"pab\" {\n"
    "  bucket = aws_s3_bucket.pass.id\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"pass_prefix\" {\n"
    "  bucket = \"public.site\"\n"
    "  tags = { Owner = \"ml\" }\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"fail_no_block\" {\n"
    "  bucket = \"publicXsite\"\n"
    "  tags = { Owner = \"ml\" }\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"fail_acl\" {\n"
    "  bucket = \"public.x\"\n"
    "  acl = \"public-read\"\n"
    "  tags = { Owner = \"ml\" }\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"fail_tags\" {\n"
    "  bucket = \"public.y\"\n"
    "}\n";

START_TEST(rules_checkov__policy_translates)
{
  rt_run *r = rt_tf(policy, tf, NULL);
  const rule_meta *m = rule_set_get(r->rs, 0);
  ck_assert_str_eq(m->id, "CKV2_CUSTOM_1");
  ck_assert(m->checkov_format);
  ck_assert_int_eq(m->severity, MLS_RSEV_HIGH);
  ck_assert_str_eq(m->tags[0], "general_security");
  ck_assert_uint_eq(m->ntf_types, 1);
  ck_assert_uint_eq(m->ncfn_types, 0);
  ck_assert_int_eq(rt_status(r, "CKV2_CUSTOM_1", "aws_s3_bucket.pass"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "CKV2_CUSTOM_1", "aws_s3_bucket.pass_prefix"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "CKV2_CUSTOM_1", "aws_s3_bucket.fail_no_block"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "CKV2_CUSTOM_1", "aws_s3_bucket.fail_acl"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "CKV2_CUSTOM_1", "aws_s3_bucket.fail_tags"),
                   MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

#define CK(op_and_value)                                                       \
  "metadata:\n  id: CKV_X_1\n  name: n\n"                                      \
  "definition:\n"                                                              \
  "  cond_type: attribute\n"                                                   \
  "  resource_types: [aws_security_group]\n" op_and_value

START_TEST(rules_checkov__operators_and_wildcards)
{
  const char *sg = "resource \"aws_security_group\" \"sg\" {\n"
                   "  name = \"Web-SG\"\n"
                   "  port = \"8080\"\n"
                   "  enabled = true\n"
                   "  ingress {\n"
                   "    cidr_blocks = [\"10.0.0.0/8\"]\n"
                   "  }\n"
                   "  ingress {\n"
                   "    cidr_blocks = [\"0.0.0.0/0\"]\n"
                   "  }\n"
                   "}\n";
  struct {
    const char *body;
    mls_status want;
  } cases[] = {
    { "  attribute: ingress.*.cidr_blocks\n  operator: contains\n"
      "  value: 0.0.0.0/0\n",
      MLS_ST_PASS },
    { "  attribute: ingress.*.cidr_blocks\n  operator: not_contains\n"
      "  value: 0.0.0.0/0\n",
      MLS_ST_FAIL },
    { "  attribute: ingress.0.cidr_blocks\n  operator: not_contains\n"
      "  value: 0.0.0.0/0\n",
      MLS_ST_PASS },
    { "  attribute: name\n  operator: equals_ignore_case\n  value: web-sg\n",
      MLS_ST_PASS },
    { "  attribute: name\n  operator: regex_match\n  value: \"SG\"\n",
      MLS_ST_FAIL },
    { "  attribute: name\n  operator: regex_match\n  value: \"Web-.*\"\n",
      MLS_ST_PASS },
    { "  attribute: name\n  operator: ending_with\n  value: \"-SG\"\n",
      MLS_ST_PASS },
    { "  attribute: port\n  operator: greater_than\n  value: 1024\n",
      MLS_ST_PASS },
    { "  attribute: port\n  operator: less_than\n  value: \"1024\"\n",
      MLS_ST_FAIL },
    { "  attribute: enabled\n  operator: is_true\n", MLS_ST_PASS },
    { "  attribute: enabled\n  operator: is_false\n", MLS_ST_FAIL },
    { "  attribute: missing\n  operator: not_exists\n", MLS_ST_PASS },
    { "  attribute: name\n  operator: within\n  value: Web-SG\n", MLS_ST_PASS },
    { "  attribute: ingress\n  operator: is_not_empty\n", MLS_ST_PASS },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char rule[1024];
    rt_run *r;
    snprintf(rule, sizeof(rule), CK("%s"), cases[i].body);
    r = rt_tf(rule, sg, NULL);
    ck_assert_msg(rt_status(r, "CKV_X_1", "aws_security_group.sg") ==
                      cases[i].want,
                  "case %zu:\n%s", i, cases[i].body);
    rt_free(r);
  }
}
END_TEST

START_TEST(rules_checkov__filter_and_errors)
{
  const char *filtered =
      "metadata:\n  id: CKV_X_2\n  name: n\n  severity: LOW\n"
      "definition:\n"
      "  and:\n"
      "    - cond_type: filter\n"
      "      attribute: resource_type\n"
      "      operator: within\n"
      "      value: [aws_s3_bucket, \"AWS::S3::Bucket\"]\n"
      "    - cond_type: attribute\n"
      "      resource_types: all\n"
      "      attribute: acl\n"
      "      operator: exists\n";
  rule_set *rs = rt_rules(filtered, NULL);
  const rule_meta *m = rule_set_get(rs, 0);
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(m->severity, MLS_RSEV_LOW);
  ck_assert_uint_eq(m->ntf_types, 1);
  ck_assert_str_eq(m->tf_types[0], "aws_s3_bucket");
  ck_assert_uint_eq(m->ncfn_types, 1);
  ck_assert_str_eq(m->cfn_types[0], "AWS::S3::Bucket");
  rule_set_free(rs);

  ck_assert_int_lt(rt_load(CK("  attribute: a\n  operator: jsonpath_equals\n"
                              "  value: 1\n"),
                           &d),
                   0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "not supported"));
  mls_diag_dispose(&d);
  ck_assert_int_lt(rt_load(CK("  attribute: a\n  operatr: equals\n"), &d), 0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "unknown key"));
  mls_diag_dispose(&d);
  ck_assert_int_lt(rt_load("metadata:\n  name: x\ndefinition:\n"
                           "  cond_type: attribute\n",
                           &d),
                   0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "no id"));
  mls_diag_dispose(&d);
}
END_TEST

Suite *rules_checkov_suite(void)
{
  Suite *s = suite_create("rules_checkov");
  TCase *tc = tcase_create("checkov");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, rules_checkov__policy_translates);
  tcase_add_test(tc, rules_checkov__operators_and_wildcards);
  tcase_add_test(tc, rules_checkov__filter_and_errors);
  suite_add_tcase(s, tc);
  return s;
}
