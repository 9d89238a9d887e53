/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_eval.c -- rule evaluation (core/rules/eval.c)
 * over models evaluated from real Terraform and CloudFormation text:
 * every operator with its absent, default and unknown cases, paths with
 * [*], [N] and nested blocks, IAM's string-or-list, references,
 * referenced and connected, env scoping, severity overrides, messages and
 * finding ranges.
 */
#include "tests/unit/rules/rules_test.h"

#include "core/base/rc.h"
#include "core/rules/rules_int.h"

#include <stdio.h>
#include <string.h>

#define HEAD(id)                                                               \
  "id: " id "\n"                                                               \
  "title: Test rule\n"                                                         \
  "severity: high\n"                                                           \
  "tags: [test]\n"

/* A Terraform rule on aws_s3_bucket with one condition (indented 4). */
#define TF_RULE(cond)                                                          \
  HEAD("MLS-T-001")                                                            \
  "terraform:\n"                                                               \
  "  resource_types: [aws_s3_bucket]\n"                                        \
  "  condition:\n" cond

/* Status of rule MLS-T-001 on aws_s3_bucket.<name> in `tf`. */
static mls_status st1(const char *rule, const char *tf, const char *name)
{
  char addr[128];
  rt_run *r = rt_tf(rule, tf, NULL);
  mls_status s;
  snprintf(addr, sizeof(addr), "aws_s3_bucket.%s", name);
  s = rt_status(r, "MLS-T-001", addr);
  rt_free(r);
  return s;
}

START_TEST(rules_eval__equals_absent_default_unknown)
{
  const char *rule = TF_RULE("    attribute: acl\n"
                             "    equals: private\n");
  const char *rule_d = TF_RULE("    attribute: acl\n"
                               "    equals: private\n"
                               "    default_when_absent: private\n");
  const char *tf = "variable \"v\" {}\n"
                   "resource \"aws_s3_bucket\" \"p\" { acl = \"private\" }\n"
                   "resource \"aws_s3_bucket\" \"f\" { acl = \"public\" }\n"
                   "resource \"aws_s3_bucket\" \"a\" {}\n"
                   "resource \"aws_s3_bucket\" \"n\" { acl = null }\n"
                   "resource \"aws_s3_bucket\" \"u\" { acl = var.v }\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(rt_status(r, "MLS-T-001", "aws_s3_bucket.p"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-001", "aws_s3_bucket.f"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-001", "aws_s3_bucket.a"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-001", "aws_s3_bucket.n"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-001", "aws_s3_bucket.u"),
                   MLS_ST_UNKNOWN);
  rt_free(r);
  ck_assert_int_eq(st1(rule_d, tf, "a"), MLS_ST_PASS);
  ck_assert_int_eq(st1(rule_d, tf, "f"), MLS_ST_FAIL);
}
END_TEST

/* empty_is_absent: a "" is not set (a key left empty), for any operator;
 * without it "" exists. An unknown stays set. */
START_TEST(rules_eval__empty_is_absent)
{
  const char *rule = TF_RULE("    attribute: kms_key\n"
                             "    exists: true\n"
                             "    empty_is_absent: true\n");
  const char *plain = TF_RULE("    attribute: kms_key\n"
                              "    exists: true\n");
  const char *dflt = TF_RULE("    attribute: kms_key\n"
                             "    equals: cmk\n"
                             "    default_when_absent: cmk\n"
                             "    empty_is_absent: true\n");
  const char *tf = "variable \"v\" {}\n"
                   "resource \"aws_s3_bucket\" \"k\" { kms_key = \"k1\" }\n"
                   "resource \"aws_s3_bucket\" \"e\" { kms_key = \"\" }\n"
                   "resource \"aws_s3_bucket\" \"a\" {}\n"
                   "resource \"aws_s3_bucket\" \"u\" { kms_key = var.v }\n";
  ck_assert_int_eq(st1(rule, tf, "k"), MLS_ST_PASS);
  ck_assert_int_eq(st1(rule, tf, "e"), MLS_ST_FAIL);
  ck_assert_int_eq(st1(rule, tf, "a"), MLS_ST_FAIL);
  ck_assert_int_eq(st1(rule, tf, "u"), MLS_ST_PASS);
  ck_assert_int_eq(st1(plain, tf, "e"), MLS_ST_PASS);
  /* the default stands in for "" as for an absent attribute */
  ck_assert_int_eq(st1(dflt, tf, "e"), MLS_ST_PASS);
  ck_assert_int_eq(st1(dflt, tf, "k"), MLS_ST_FAIL);
}
END_TEST

START_TEST(rules_eval__terraform_comparisons)
{
  const char *tf = "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  flag = true\n"
                   "  sflag = \"true\"\n"
                   "  num = 1\n"
                   "  snum = \"1.0\"\n"
                   "  text = \"Disabled\"\n"
                   "}\n";
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: flag\n    equals: \"true\"\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: sflag\n    equals: true\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: num\n    equals: \"1\"\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: snum\n    equals: 1\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: text\n    equals: disabled\n"), tf, "b"),
      MLS_ST_FAIL);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: text\n    regex: \"^[Dd]isabled$\"\n"), tf,
          "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: flag\n    equals: false\n"), tf, "b"),
      MLS_ST_FAIL);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: gone\n    equals: null\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: text\n    equals: null\n"), tf, "b"),
      MLS_ST_FAIL);
}
END_TEST

/* An unknown string with a known start (a template over an unknown part)
 * decides the comparisons its prefix settles and no others. */
START_TEST(rules_eval__unknown_string_prefix)
{
  const char *tf = "variable \"v\" {}\n"
                   "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  arn  = \"arn:aws:iam::${var.v}:root\"\n"
                   "  star = \"*${var.v}\"\n"
                   "  digits = \"12${var.v}\"\n"
                   "  bare = var.v\n"
                   "  tail = \"${var.v}:root\"\n"
                   "}\n";
  static const struct {
    const char *cond; /* the condition, indented 4 */
    mls_status want;  /* its status on aws_s3_bucket.b */
  } cases[] = {
    /* "*" cannot start with "arn:aws:iam::": determinately unequal */
    { "    attribute: arn\n    equals: \"*\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    not_equals: \"*\"\n", MLS_ST_PASS },
    /* "arn:aws:iam::*" starts as the value does but does not end with
     * its ":root": unequal too */
    { "    attribute: arn\n    one_of: [\"*\", \"arn:aws:iam::*\"]\n",
      MLS_ST_FAIL },
    { "    attribute: arn\n    one_of: [\"*\", \"arn:aws:iam::1:root\"]\n",
      MLS_ST_UNKNOWN },
    { "    attribute: arn\n    one_of: [\"*\", x]\n", MLS_ST_FAIL },
    { "    attribute: arn\n    not_one_of: [\"*\", x]\n", MLS_ST_PASS },
    /* a literal that starts with the prefix may still be the value */
    { "    attribute: arn\n    equals: \"arn:aws:iam::1:root\"\n",
      MLS_ST_UNKNOWN },
    /* shorter than the prefix: never equal, even though the prefix
     * starts with it */
    { "    attribute: arn\n    equals: \"arn:\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    equals: 12\n", MLS_ST_FAIL },
    { "    attribute: arn\n    equals: true\n", MLS_ST_FAIL },
    { "    attribute: arn\n    equals: null\n", MLS_ST_FAIL },
    { "    attribute: digits\n    equals: 123\n", MLS_ST_UNKNOWN },
    { "    attribute: star\n    equals: \"*\"\n", MLS_ST_UNKNOWN },
    { "    attribute: arn\n    contains: \"iam\"\n", MLS_ST_PASS },
    /* its end is known too */
    { "    attribute: arn\n    contains: \"root\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    contains: \"admin\"\n", MLS_ST_UNKNOWN },
    { "    attribute: arn\n    not_contains: \"iam\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    is_empty: true\n", MLS_ST_FAIL },
    { "    attribute: arn\n    is_empty: false\n", MLS_ST_PASS },
    { "    attribute: arn\n    exists: true\n", MLS_ST_PASS },
    /* a regex every string so starting matches, or none does, is
     * decided by the prefix; one that reads past it is not */
    { "    attribute: arn\n    regex: \"^arn:\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    not_regex: \"^arn:\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    regex: \"iam\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    regex: \"^arn:[a-z]+:iam::\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    regex: \"^s3://\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    regex: \"^(s3|https)://\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    not_regex: \"^(s3|https)://\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    regex: \"^arn:aws:iam::1\"\n", MLS_ST_UNKNOWN },
    /* the end is known too (":root"): a $-anchored text is decided by
     * it, any pattern that matches inside it (^ not at its start) too */
    { "    attribute: arn\n    regex: \"root$\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    regex: \"boot$\"\n", MLS_ST_FAIL },
    { "    attribute: arn\n    not_regex: \"boot$\"\n", MLS_ST_PASS },
    { "    attribute: arn\n    regex: \"x:root$\"\n", MLS_ST_UNKNOWN },
    { "    attribute: arn\n    regex: \"(:root|:admin)$\"\n", MLS_ST_PASS },
    { "    attribute: tail\n    regex: \"^:root\"\n", MLS_ST_UNKNOWN },
    { "    attribute: tail\n    regex: \"(:root|:admin)$\"\n", MLS_ST_PASS },
    { "    attribute: tail\n    regex: \"^x\"\n", MLS_ST_UNKNOWN },
    { "    attribute: tail\n    equals: \":root\"\n", MLS_ST_UNKNOWN },
    /* known by its end alone: "${var.ip}/32" is never "0.0.0.0/0" */
    { "    attribute: tail\n    equals: \"0.0.0.0/0\"\n", MLS_ST_FAIL },
    { "    attribute: tail\n    not_one_of: [\"*\", \"x\"]\n", MLS_ST_PASS },
    { "    attribute: tail\n    contains: \"oot\"\n", MLS_ST_PASS },
    { "    attribute: tail\n    equals: 5\n", MLS_ST_FAIL },
    /* a string known by its start or end is one item, itself */
    { "    attribute: tail\n    any_item:\n      attribute: \"[*]\"\n"
      "      regex: \"root$\"\n",
      MLS_ST_PASS },
    { "    attribute: arn\n    no_item:\n      attribute: \"[*]\"\n"
      "      regex: \"^arn:\"\n",
      MLS_ST_FAIL },
    { "    attribute: bare\n    any_item:\n      attribute: \"[*]\"\n"
      "      regex: \"root$\"\n",
      MLS_ST_UNKNOWN },
    { "    attribute: arn\n    regex: \"\\\\<root$\"\n", MLS_ST_UNKNOWN },
    { "    attribute: digits\n    regex: \"2$\"\n", MLS_ST_UNKNOWN },
    { "    attribute: arn\n    regex: \"^arn:.*$\"\n", MLS_ST_UNKNOWN },
    { "    attribute: arn\n    regex: \"^(arn|s3):\"\n", MLS_ST_PASS },
    /* sound but not complete: a group that may be absent is not read */
    { "    attribute: arn\n    regex: \"^(x|y)?:\"\n", MLS_ST_UNKNOWN },
    { "    attribute: star\n    regex: \"^\\\\*\"\n", MLS_ST_PASS },
    { "    attribute: bare\n    regex: \".\"\n", MLS_ST_UNKNOWN },
    /* nothing known: unknown, as before */
    { "    attribute: bare\n    equals: \"*\"\n", MLS_ST_UNKNOWN },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char rule[1024];
    snprintf(rule, sizeof(rule), "%s%s", TF_RULE(""), cases[i].cond);
    ck_assert_msg(st1(rule, tf, "b") == cases[i].want, "case %zu: %s", i,
                  cases[i].cond);
  }
}
END_TEST

/* One condition and the status it must give bucket B. */
typedef struct cond_case {
  const char *cond; /* the condition, indented 4 */
  mls_status want;  /* its status on B */
} cond_case;

/* Each case's condition as a CloudFormation rule on AWS::S3::Bucket,
 * evaluated on template tmpl. */
static void cfn_cases(const char *tmpl, const cond_case *cases, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    char rule[1024];
    rt_run *r;
    snprintf(rule, sizeof(rule),
             "%s"
             "cloudformation:\n"
             "  resource_types: [\"AWS::S3::Bucket\"]\n"
             "  condition:\n"
             "%s",
             HEAD("MLS-T-001"), cases[i].cond);
    r = rt_cfn(rule, tmpl, NULL);
    ck_assert_msg(rt_status(r, "MLS-T-001", "B") == cases[i].want,
                  "case %zu: %s", i, cases[i].cond);
    rt_free(r);
  }
}

/* A string known but for the stack's partition decides a test when every
 * partition gives the same answer, and only then. */
START_TEST(rules_eval__partition_template)
{
  const char *tmpl = "Resources:\n"
                     "  B:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      Arn: !Sub 'arn:${AWS::Partition}:s3:::data'\n";
  static const cond_case cases[] = {
    { "    attribute: Arn\n    regex: \"^arn:aws[a-z-]*:s3:::data$\"\n",
      MLS_ST_PASS },
    { "    attribute: Arn\n    not_regex: \"^arn:aws[a-z-]*:s3:::\"\n",
      MLS_ST_FAIL },
    { "    attribute: Arn\n    contains: \":s3:::data\"\n", MLS_ST_PASS },
    { "    attribute: Arn\n    equals: \"arn:aws:s3:::other\"\n", MLS_ST_FAIL },
    /* the commercial partition only: the others differ, so unknown */
    { "    attribute: Arn\n    regex: \"^arn:aws:s3:\"\n", MLS_ST_UNKNOWN },
    { "    attribute: Arn\n    equals: \"arn:aws:s3:::data\"\n",
      MLS_ST_UNKNOWN },
    { "    attribute: Arn\n    contains: \"gov\"\n", MLS_ST_UNKNOWN },
  };
  cfn_cases(tmpl, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* What an unknown refines (its start, its partition) is its own: below
 * it, a string's key or index is absent, as a known string's is, and its
 * [*] is itself; a string that reads as JSON (a policy written with
 * Fn::Sub that cannot be decoded: an unknown where JSON wants a value)
 * has unknown members. Before, a member was judged by the whole
 * string's start: "AWSOwnedKey" of such a policy was "not true". */
START_TEST(rules_eval__below_a_refined_unknown)
{
  const char *tmpl = "Parameters:\n"
                     "  Flag:\n"
                     "    Type: String\n"
                     "Resources:\n"
                     "  B:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      Arn: !Sub 'arn:aws:s3:::${AWS::AccountId}-data'\n"
                     "      Part: !Sub 'arn:${AWS::Partition}:s3:::data'\n"
                     "      Policy: !Sub "
                     "'{\"AWSOwnedKey\":true,\"A\":${Flag}}'\n";
  static const cond_case cases[] = {
    { "    attribute: Policy.AWSOwnedKey\n    equals: true\n", MLS_ST_UNKNOWN },
    { "    attribute: Policy.AWSOwnedKey\n    not_equals: true\n",
      MLS_ST_UNKNOWN },
    { "    attribute: Arn.Key\n    exists: true\n", MLS_ST_FAIL },
    { "    attribute: Arn.Key\n    equals: \"*\"\n", MLS_ST_FAIL },
    { "    attribute: Arn[0]\n    exists: true\n", MLS_ST_FAIL },
    { "    attribute: Part.Key\n    exists: true\n", MLS_ST_FAIL },
    { "    attribute: \"Arn[*]\"\n    regex: \"^arn:aws:s3:::\"\n",
      MLS_ST_PASS },
    { "    attribute: \"Part[*]\"\n    regex: \"^arn:aws[a-z-]*:s3:::data$\"\n",
      MLS_ST_PASS },
    { "    attribute: Arn\n    regex: \"^arn:aws:s3:::\"\n", MLS_ST_PASS },
  };
  cfn_cases(tmpl, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(rules_eval__every_operator)
{
  const char *tf = "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  s = \"hello-world\"\n"
                   "  n = 30\n"
                   "  ns = \"45\"\n"
                   "  l = [\"a\", \"b\"]\n"
                   "  e = []\n"
                   "  es = \"\"\n"
                   "  m = { k = \"v\" }\n"
                   "}\n";
  struct {
    const char *cond;
    mls_status want;
  } cases[] = {
    { "    attribute: s\n    exists: true\n", MLS_ST_PASS },
    { "    attribute: zz\n    exists: true\n", MLS_ST_FAIL },
    { "    attribute: zz\n    exists: false\n", MLS_ST_PASS },
    { "    attribute: s\n    exists: false\n", MLS_ST_FAIL },
    { "    attribute: s\n    not_equals: x\n", MLS_ST_PASS },
    { "    attribute: zz\n    not_equals: x\n", MLS_ST_PASS },
    { "    attribute: s\n    one_of: [x, hello-world]\n", MLS_ST_PASS },
    { "    attribute: s\n    one_of: [x, y]\n", MLS_ST_FAIL },
    { "    attribute: zz\n    one_of: [x, y]\n", MLS_ST_FAIL },
    { "    attribute: s\n    not_one_of: [x, y]\n", MLS_ST_PASS },
    { "    attribute: zz\n    not_one_of: [x, y]\n", MLS_ST_PASS },
    { "    attribute: s\n    regex: \"^hello\"\n", MLS_ST_PASS },
    { "    attribute: s\n    regex: \"world$\"\n", MLS_ST_PASS },
    { "    attribute: s\n    regex: \"^world\"\n", MLS_ST_FAIL },
    { "    attribute: zz\n    regex: \".*\"\n", MLS_ST_FAIL },
    { "    attribute: s\n    not_regex: \"^world\"\n", MLS_ST_PASS },
    /* the empty string, through the plain-string matcher and regexec */
    { "    attribute: es\n    regex: \".\"\n", MLS_ST_FAIL },
    { "    attribute: es\n    regex: \"^$\"\n", MLS_ST_PASS },
    { "    attribute: es\n    regex: \"^a*$\"\n", MLS_ST_PASS },
    { "    attribute: es\n    not_regex: \"x\"\n", MLS_ST_PASS },
    { "    attribute: zz\n    not_regex: \"^world\"\n", MLS_ST_PASS },
    { "    attribute: s\n    contains: lo-wo\n", MLS_ST_PASS },
    { "    attribute: l\n    contains: b\n", MLS_ST_PASS },
    { "    attribute: l\n    contains: c\n", MLS_ST_FAIL },
    { "    attribute: m\n    contains: k\n", MLS_ST_PASS },
    { "    attribute: zz\n    contains: a\n", MLS_ST_FAIL },
    { "    attribute: l\n    not_contains: c\n", MLS_ST_PASS },
    { "    attribute: zz\n    not_contains: c\n", MLS_ST_PASS },
    { "    attribute: n\n    gt: 29\n", MLS_ST_PASS },
    { "    attribute: n\n    gt: 30\n", MLS_ST_FAIL },
    { "    attribute: n\n    gte: 30\n", MLS_ST_PASS },
    { "    attribute: n\n    lt: 30\n", MLS_ST_FAIL },
    { "    attribute: n\n    lte: 30\n", MLS_ST_PASS },
    { "    attribute: ns\n    gt: 44.5\n", MLS_ST_PASS },
    { "    attribute: s\n    gt: 1\n", MLS_ST_FAIL },
    { "    attribute: zz\n    lt: 1\n", MLS_ST_FAIL },
    { "    attribute: e\n    is_empty: true\n", MLS_ST_PASS },
    { "    attribute: es\n    is_empty: true\n", MLS_ST_PASS },
    { "    attribute: zz\n    is_empty: true\n", MLS_ST_PASS },
    { "    attribute: l\n    is_empty: true\n", MLS_ST_FAIL },
    { "    attribute: l\n    is_empty: false\n", MLS_ST_PASS },
    { "    attribute: zz\n    is_empty: false\n", MLS_ST_FAIL },
    { "    attribute: l\n    all_items:\n      attribute: x\n"
      "      exists: true\n",
      MLS_ST_FAIL },
    { "    not:\n      attribute: s\n      equals: x\n", MLS_ST_PASS },
    { "    all:\n      - attribute: s\n        exists: true\n"
      "      - attribute: n\n        gt: 100\n",
      MLS_ST_FAIL },
    { "    any:\n      - attribute: s\n        equals: x\n"
      "      - attribute: n\n        equals: 30\n",
      MLS_ST_PASS },
    { "    any:\n      - attribute: s\n        equals: x\n"
      "      - attribute: n\n        equals: 31\n",
      MLS_ST_FAIL },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char rule[1024];
    snprintf(rule, sizeof(rule), TF_RULE("%s"), cases[i].cond);
    ck_assert_msg(st1(rule, tf, "b") == cases[i].want, "case %zu:\n%s", i,
                  cases[i].cond);
  }
}
END_TEST

/* covers_any: the value is an IAM-style pattern (`*`, `?`, case ignored)
 * that matches one of the listed names; rule__covers() itself over the
 * shapes IAM policies write. */
START_TEST(rules_eval__covers_any)
{
  const char *tf = "variable \"v\" {}\n"
                   "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  exact = \"iam:CreateAccessKey\"\n"
                   "  lower = \"IAM:createaccesskey\"\n"
                   "  star  = \"*\"\n"
                   "  svc   = \"iam:*\"\n"
                   "  pre   = \"iam:Create*\"\n"
                   "  mid   = \"iam:*Access*\"\n"
                   "  q     = \"iam:CreateAccessKe?\"\n"
                   "  other = \"iam:CreateRole\"\n"
                   "  s3    = \"s3:*\"\n"
                   "  list  = [\"s3:GetObject\", \"iam:Create*\"]\n"
                   "  num   = 1\n"
                   "  u     = var.v\n"
                   "}\n";
  struct {
    const char *cond;
    mls_status want;
  } cases[] = {
    { "    attribute: exact\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: lower\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: star\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: svc\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: pre\n    covers_any: [sts:AssumeRole, "
      "iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: mid\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: q\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: q\n    covers_any: [iam:CreateAccessKeys]\n",
      MLS_ST_FAIL },
    { "    attribute: other\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_FAIL },
    { "    attribute: s3\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_FAIL },
    { "    attribute: other\n    not_covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: svc\n    not_covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_FAIL },
    { "    attribute: \"list[*]\"\n    match: any\n"
      "    covers_any: [iam:CreateUser]\n",
      MLS_ST_PASS },
    { "    attribute: \"list[*]\"\n    covers_any: [iam:CreateUser]\n",
      MLS_ST_FAIL },
    /* absent: false, and its negation true; not a string: false */
    { "    attribute: zz\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_FAIL },
    { "    attribute: zz\n    not_covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_PASS },
    { "    attribute: num\n    covers_any: [\"1\"]\n", MLS_ST_FAIL },
    { "    attribute: list\n    covers_any: [s3:GetObject]\n", MLS_ST_FAIL },
    /* unknown: unknown either way */
    { "    attribute: u\n    covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_UNKNOWN },
    { "    attribute: u\n    not_covers_any: [iam:CreateAccessKey]\n",
      MLS_ST_UNKNOWN },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char rule[1024];
    snprintf(rule, sizeof(rule), TF_RULE("%s"), cases[i].cond);
    ck_assert_msg(st1(rule, tf, "b") == cases[i].want, "case %zu:\n%s", i,
                  cases[i].cond);
  }
  /* The matcher: backtracking stars, `?`, case, the empty pattern. */
  ck_assert(rule__covers("*", 1, "a", 1));
  ck_assert(rule__covers("**", 2, "", 0));
  ck_assert(!rule__covers("", 0, "a", 1));
  ck_assert(rule__covers("", 0, "", 0));
  ck_assert(rule__covers("a*b*c", 5, "aXbYbZc", 7));
  /* Suppression patterns take `?` as a byte of the name. */
  ck_assert(rule__glob("S3-00?", 6, "s3-001", 6, true));
  ck_assert(!rule__glob("S3-00?", 6, "s3-001", 6, false));
  ck_assert(rule__glob("S3-*?", 5, "s3-00?", 6, false));
  ck_assert(!rule__covers("a*b*c", 5, "aXbYbZ", 6));
  ck_assert(rule__covers("*Object", 7, "s3:GetObject", 12));
  ck_assert(rule__covers("S3:GET*", 7, "s3:GetObject", 12));
  ck_assert(!rule__covers("s3:Get?", 7, "s3:GetObject", 12));
  ck_assert(rule__covers("*:*", 3, "s3:GetObject", 12));
  ck_assert(!rule__covers("*:*", 3, "nocolon", 7));
}
END_TEST

START_TEST(rules_eval__covers_any_names_are_checked)
{
  const char *bad[] = {
    "    attribute: a\n    covers_any: []\n",
    "    attribute: a\n    covers_any: iam:CreateUser\n",
    "    attribute: a\n    covers_any: [\"iam:Create*\"]\n",
    "    attribute: a\n    covers_any: [\"iam:CreateUse?\"]\n",
    "    attribute: a\n    covers_any: [[x]]\n",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char rule[1024];
    mls_diag d = MLS_DIAG_INIT;
    snprintf(rule, sizeof(rule), TF_RULE("%s"), bad[i]);
    ck_assert_msg(rt_load(rule, &d) < 0, "case %zu loaded:\n%s", i, bad[i]);
    ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "covers_any"));
    mls_diag_dispose(&d);
  }
}
END_TEST

START_TEST(rules_eval__kleene_logic_with_unknown)
{
  const char *tf = "variable \"v\" {}\n"
                   "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  u = var.v\n"
                   "  s = \"x\"\n"
                   "}\n";
  /* all: false wins over unknown; any: true wins over unknown. */
  ck_assert_int_eq(st1(TF_RULE("    all:\n"
                               "      - attribute: u\n        equals: a\n"
                               "      - attribute: s\n        equals: y\n"),
                       tf, "b"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(st1(TF_RULE("    all:\n"
                               "      - attribute: u\n        equals: a\n"
                               "      - attribute: s\n        equals: x\n"),
                       tf, "b"),
                   MLS_ST_UNKNOWN);
  ck_assert_int_eq(st1(TF_RULE("    any:\n"
                               "      - attribute: u\n        equals: a\n"
                               "      - attribute: s\n        equals: x\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    not:\n"
                               "      attribute: u\n      equals: a\n"),
                       tf, "b"),
                   MLS_ST_UNKNOWN);
  /* An unknown value is set: exists is true. A member of one may not
   * be: exists either way is unknown there. */
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: u\n    exists: true\n"), tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: u.HF_TOKEN\n    exists: false\n"), tf, "b"),
      MLS_ST_UNKNOWN);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: u.x.y\n    exists: true\n"), tf, "b"),
      MLS_ST_UNKNOWN);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: u\n    is_empty: false\n"), tf, "b"),
      MLS_ST_UNKNOWN);
}
END_TEST

/* Two ingress blocks (the second with two CIDR blocks), one vpc_config
 * block, and a bucket without either: the paths tests' resources. */
static const char blocks_tf[] =
    "resource \"aws_s3_bucket\" \"b\" {\n"
    "  ingress {\n"
    "    from_port = 22\n"
    "    cidr_blocks = [\"0.0.0.0/0\"]\n"
    "  }\n"
    "  ingress {\n"
    "    from_port = 443\n"
    "    cidr_blocks = [\"10.0.0.0/8\", \"10.1.0.0/16\"]\n"
    "  }\n"
    "  vpc_config {\n"
    "    subnet_ids = [\"s-1\"]\n"
    "  }\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"none\" {}\n";

/* Attribute path of MLS-T-001's finding on aws_s3_bucket.<name>. */
static void attr1(const char *rule, const char *tf, const char *name,
                  mls_status want, const char *attr)
{
  char addr[128];
  rt_run *r = rt_tf(rule, tf, NULL);
  const rule_finding *f;
  snprintf(addr, sizeof(addr), "aws_s3_bucket.%s", name);
  ck_assert_ptr_nonnull(f = rt_find(r, "MLS-T-001", addr));
  ck_assert_int_eq(f->status, want);
  ck_assert_str_eq(f->attr, attr);
  rt_free(r);
}

/* A finding names the concrete path of the item that decided it: list
 * indexes spelled out, keys over a list of blocks per block, an absent
 * item's path completed with the rest of the rule's path, the item that
 * decided an item condition (its base when no item did). */
START_TEST(rules_eval__witness_paths_are_concrete)
{
  const char *tf = blocks_tf;
  attr1(TF_RULE("    attribute: ingress[*].cidr_blocks\n"
                "    not_contains: 0.0.0.0/0\n"),
        tf, "b", MLS_ST_FAIL, "ingress.0.cidr_blocks");
  attr1(TF_RULE("    attribute: ingress.from_port\n"
                "    match: any\n"
                "    equals: 443\n"),
        tf, "b", MLS_ST_PASS, "ingress.1.from_port");
  attr1(TF_RULE("    attribute: ingress[1].cidr_blocks[1]\n"
                "    equals: 10.1.0.0/16\n"),
        tf, "b", MLS_ST_PASS, "ingress.1.cidr_blocks.1");
  attr1(TF_RULE("    attribute: ingress[12].from_port\n"
                "    exists: true\n"),
        tf, "b", MLS_ST_FAIL, "ingress.12.from_port");
  attr1(TF_RULE("    attribute: vpc_config.subnet_ids\n    exists: true\n"), tf,
        "none", MLS_ST_FAIL, "vpc_config.subnet_ids");
  attr1(TF_RULE("    attribute: vpc_config[*].subnet_ids[*]\n"
                "    equals: s-1\n"),
        tf, "b", MLS_ST_PASS, "vpc_config.0.subnet_ids.0");
  /* an item condition that is one test points at what decided it in the
   * item that decided: all_items at the failing item's value, no_item at
   * the matching one's, any_item at the passing one's */
  attr1(TF_RULE("    attribute: ingress\n"
                "    all_items:\n"
                "      attribute: from_port\n"
                "      equals: 22\n"),
        tf, "b", MLS_ST_FAIL, "ingress.1.from_port");
  attr1(TF_RULE("    attribute: ingress\n"
                "    no_item:\n"
                "      attribute: cidr_blocks\n"
                "      contains: 0.0.0.0/0\n"),
        tf, "b", MLS_ST_FAIL, "ingress.0.cidr_blocks");
  attr1(TF_RULE("    attribute: ingress\n"
                "    any_item:\n"
                "      attribute: from_port\n"
                "      equals: 443\n"),
        tf, "b", MLS_ST_PASS, "ingress.1.from_port");
  /* an any that matched points at its passing branch's value */
  attr1(TF_RULE("    attribute: ingress\n"
                "    no_item:\n"
                "      any:\n"
                "        - attribute: ipv6_cidr_blocks\n"
                "          contains: ::/0\n"
                "        - attribute: cidr_blocks\n"
                "          contains: 0.0.0.0/0\n"),
        tf, "b", MLS_ST_FAIL, "ingress.0.cidr_blocks");
  /* a condition of several tests that all held points at the item */
  attr1(TF_RULE("    attribute: ingress\n"
                "    no_item:\n"
                "      all:\n"
                "        - attribute: cidr_blocks\n"
                "          contains: 0.0.0.0/0\n"
                "        - attribute: from_port\n"
                "          equals: 22\n"),
        tf, "b", MLS_ST_FAIL, "ingress.0");
  attr1(TF_RULE("    attribute: ingress\n"
                "    no_item:\n"
                "      attribute: from_port\n"
                "      equals: 8080\n"),
        tf, "b", MLS_ST_PASS, "ingress");
}
END_TEST

START_TEST(rules_eval__paths_blocks_star_index)
{
  const char *tf = blocks_tf;
  /* Plain segment over blocks and [*] agree. */
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: vpc_config.subnet_ids\n    exists: true\n"),
          tf, "b"),
      MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: vpc_config[*].subnet_ids\n"
                               "    exists: true\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(
      st1(TF_RULE("    attribute: vpc_config.subnet_ids\n    exists: true\n"),
          tf, "none"),
      MLS_ST_FAIL);
  /* match: all (default) and any over [*]. */
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[*].cidr_blocks\n"
                               "    not_contains: 0.0.0.0/0\n"),
                       tf, "b"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[*].cidr_blocks\n"
                               "    not_contains: 0.0.0.0/0\n"),
                       tf, "none"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[*].from_port\n"
                               "    match: any\n"
                               "    equals: 443\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[*].from_port\n"
                               "    equals: 443\n"),
                       tf, "b"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[1].from_port\n"
                               "    equals: 443\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress[5].from_port\n"
                               "    exists: true\n"),
                       tf, "b"),
                   MLS_ST_FAIL);
  /* Items: relative paths. */
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress\n"
                               "    no_item:\n"
                               "      all:\n"
                               "        - attribute: from_port\n"
                               "          equals: 22\n"
                               "        - attribute: cidr_blocks\n"
                               "          contains: 0.0.0.0/0\n"),
                       tf, "b"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress\n"
                               "    any_item:\n"
                               "      attribute: from_port\n"
                               "      equals: 443\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress\n"
                               "    all_items:\n"
                               "      attribute: from_port\n"
                               "      lt: 1000\n"),
                       tf, "b"),
                   MLS_ST_PASS);
  ck_assert_int_eq(st1(TF_RULE("    attribute: ingress\n"
                               "    no_item:\n"
                               "      attribute: from_port\n"
                               "      equals: 22\n"),
                       tf, "none"),
                   MLS_ST_PASS);
}
END_TEST

/* An IAM policy: jsonencode() is decoded into a tree (MLS_VF_JSON), and
 * Action is a string or a list. */
START_TEST(rules_eval__iam_string_or_list)
{
  const char *rule = HEAD("MLS-T-002") "terraform:\n"
                                       "  resource_types: [aws_iam_policy]\n"
                                       "  condition:\n"
                                       "    attribute: policy.Statement\n"
                                       "    no_item:\n"
                                       "      all:\n"
                                       "        - attribute: Effect\n"
                                       "          equals: Allow\n"
                                       "        - attribute: Action[*]\n"
                                       "          match: any\n"
                                       "          one_of: [\"*\", \"s3:*\"]\n";
  const char *tf =
      "resource \"aws_iam_policy\" \"star\" {\n"
      "  policy = jsonencode({ Version = \"2012-10-17\", Statement = [\n"
      "    { Effect = \"Allow\", Action = \"*\", Resource = \"*\" } ] })\n"
      "}\n"
      "resource \"aws_iam_policy\" \"list\" {\n"
      "  policy = jsonencode({ Statement = [\n"
      "    { Effect = \"Allow\", Action = [\"s3:GetObject\", \"s3:*\"] } ] "
      "})\n"
      "}\n"
      "resource \"aws_iam_policy\" \"ok\" {\n"
      "  policy = <<EOT\n"
      "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": "
      "\"s3:GetObject\"}}\n"
      "EOT\n"
      "}\n"
      "resource \"aws_iam_policy\" \"deny\" {\n"
      "  policy = jsonencode({ Statement = [\n"
      "    { Effect = \"Deny\", Action = \"*\" } ] })\n"
      "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-002", "aws_iam_policy.star"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-002", "aws_iam_policy.list"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-002", "aws_iam_policy.ok"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-002", "aws_iam_policy.deny"),
                   MLS_ST_PASS);
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__references_and_referenced)
{
  const char *rule =
      HEAD("MLS-T-003") "terraform:\n"
                        "  resource_types: [aws_sagemaker_notebook_instance]\n"
                        "  condition:\n"
                        "    all:\n"
                        "      - attribute: kms_key_id\n"
                        "        references: aws_kms_key\n"
                        "      - referenced:\n"
                        "          attribute: role_arn\n"
                        "          type: aws_iam_role\n"
                        "          condition:\n"
                        "            attribute: name\n"
                        "            regex: \"^sm-\"\n";
  const char *tf =
      "variable \"k\" {}\n"
      "resource \"aws_kms_key\" \"k\" {}\n"
      "resource \"aws_iam_role\" \"good\" { name = \"sm-exec\" }\n"
      "resource \"aws_iam_role\" \"bad\" { name = \"admin\" }\n"
      "resource \"aws_sagemaker_notebook_instance\" \"pass\" {\n"
      "  kms_key_id = aws_kms_key.k.arn\n"
      "  role_arn = aws_iam_role.good.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"fail_role\" {\n"
      "  kms_key_id = aws_kms_key.k.arn\n"
      "  role_arn = aws_iam_role.bad.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"fail_key\" {\n"
      "  kms_key_id = \"arn:aws:kms:us-east-1:1:key/x\"\n"
      "  role_arn = aws_iam_role.good.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"unknown_key\" {\n"
      "  kms_key_id = var.k\n"
      "  role_arn = aws_iam_role.good.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"unknown_role\" {\n"
      "  kms_key_id = aws_kms_key.k.arn\n"
      "  role_arn = \"arn:aws:iam::1:role/elsewhere\"\n"
      "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  const char *p = "aws_sagemaker_notebook_instance.";
  char a[128];
  snprintf(a, sizeof(a), "%spass", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-003", a), MLS_ST_PASS);
  snprintf(a, sizeof(a), "%sfail_role", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-003", a), MLS_ST_FAIL);
  snprintf(a, sizeof(a), "%sfail_key", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-003", a), MLS_ST_FAIL);
  ck_assert_str_eq(rt_find(r, "MLS-T-003", a)->attr, "kms_key_id");
  ck_assert_int_eq(rt_find(r, "MLS-T-003", a)->range.start.line, 14);
  snprintf(a, sizeof(a), "%sunknown_key", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-003", a), MLS_ST_UNKNOWN);
  snprintf(a, sizeof(a), "%sunknown_role", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-003", a), MLS_ST_UNKNOWN);
  rt_free(r);
}
END_TEST

/* referenced without a condition: whether the attribute references a
 * resource of the type, when_absent otherwise. With it a rule follows a
 * role of either of two types, each read its own way, and stays unknown
 * when it references neither (MLS-SM-006 and the awscc_iam_role). */
START_TEST(rules_eval__referenced_without_condition)
{
  const char *rule =
      HEAD("MLS-T-032") "terraform:\n"
                        "  resource_types: [aws_sagemaker_notebook_instance]\n"
                        "  condition:\n"
                        "    all:\n"
                        "      - referenced:\n"
                        "          attribute: role_arn\n"
                        "          type: aws_iam_role\n"
                        "          when_absent: pass\n"
                        "          condition:\n"
                        "            attribute: name\n"
                        "            regex: \"^sm-\"\n"
                        "      - referenced:\n"
                        "          attribute: role_arn\n"
                        "          type: awscc_iam_role\n"
                        "          when_absent: pass\n"
                        "          condition:\n"
                        "            attribute: role_name\n"
                        "            regex: \"^sm-\"\n"
                        "      - any:\n"
                        "          - referenced:\n"
                        "              attribute: role_arn\n"
                        "              type: aws_iam_role\n"
                        "              when_absent: fail\n"
                        "          - referenced:\n"
                        "              attribute: role_arn\n"
                        "              type: awscc_iam_role\n"
                        "              when_absent: unknown\n";
  const char *tf =
      "variable \"r\" {}\n"
      "resource \"aws_iam_role\" \"good\" { name = \"sm-exec\" }\n"
      "resource \"aws_iam_role\" \"bad\" { name = \"admin\" }\n"
      "resource \"awscc_iam_role\" \"good\" { role_name = \"sm-exec\" }\n"
      "resource \"awscc_iam_role\" \"bad\" { role_name = \"admin\" }\n"
      "resource \"aws_sagemaker_notebook_instance\" \"pass_aws\" {\n"
      "  role_arn = aws_iam_role.good.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"fail_aws\" {\n"
      "  role_arn = aws_iam_role.bad.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"pass_cc\" {\n"
      "  role_arn = awscc_iam_role.good.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"fail_cc\" {\n"
      "  role_arn = awscc_iam_role.bad.arn\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"literal\" {\n"
      "  role_arn = \"arn:aws:iam::1:role/elsewhere\"\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"variable\" {\n"
      "  role_arn = var.r\n"
      "}\n";
  static const struct {
    const char *name;
    mls_status want;
  } cases[] = {
    { "pass_aws", MLS_ST_PASS },   { "fail_aws", MLS_ST_FAIL },
    { "pass_cc", MLS_ST_PASS },    { "fail_cc", MLS_ST_FAIL },
    { "literal", MLS_ST_UNKNOWN }, { "variable", MLS_ST_UNKNOWN },
  };
  rt_run *r = rt_tf(rule, tf, NULL);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char a[128];
    snprintf(a, sizeof(a), "aws_sagemaker_notebook_instance.%s", cases[i].name);
    ck_assert_msg(rt_status(r, "MLS-T-032", a) == cases[i].want, "%s", a);
  }
  /* A failing role points at the reference to it. */
  ck_assert_str_eq(
      rt_find(r, "MLS-T-032", "aws_sagemaker_notebook_instance.fail_cc")->attr,
      "role_arn");
  rt_free(r);
}
END_TEST

/* references_managed: an edge to a data source does not count (a lookup
 * may find an AWS-managed policy); references does count it. A string
 * known but for its partition is literal text: no edge, so false. */
START_TEST(rules_eval__references_managed)
{
  const char *rule =
      HEAD("MLS-T-030") "terraform:\n"
                        "  resource_types: [aws_iam_role_policy_attachment]\n"
                        "  condition:\n"
                        "    attribute: policy_arn\n"
                        "    references_managed: aws_iam_policy\n";
  const char *any =
      HEAD("MLS-T-031") "terraform:\n"
                        "  resource_types: [aws_iam_role_policy_attachment]\n"
                        "  condition:\n"
                        "    attribute: policy_arn\n"
                        "    references: aws_iam_policy\n";
  const char *tf =
      "variable \"p\" {}\n"
      "data \"aws_partition\" \"cur\" {}\n"
      "resource \"aws_iam_policy\" \"own\" { name = \"own\" }\n"
      "data \"aws_iam_policy\" \"looked_up\" { name = var.p }\n"
      "resource \"aws_iam_role_policy_attachment\" \"resource\" {\n"
      "  policy_arn = aws_iam_policy.own.arn\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"data\" {\n"
      "  policy_arn = data.aws_iam_policy.looked_up.arn\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"partition\" {\n"
      "  policy_arn = \"arn:${data.aws_partition.cur.partition}:iam::aws:"
      "policy/ReadOnlyAccess\"\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"template\" {\n"
      "  policy_arn = \"arn:${var.p}:iam::aws:policy/AdministratorAccess\"\n"
      "}\n"
      "resource \"aws_iam_role_policy_attachment\" \"opaque\" {\n"
      "  policy_arn = var.p\n"
      "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  const char *p = "aws_iam_role_policy_attachment.";
  char a[128];
  snprintf(a, sizeof(a), "%sresource", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", a), MLS_ST_PASS);
  snprintf(a, sizeof(a), "%sdata", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", a), MLS_ST_UNKNOWN);
  snprintf(a, sizeof(a), "%spartition", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", a), MLS_ST_FAIL);
  /* a string built around unknown parts is a new string: no edge, no
   * reference; an unknown with nothing known may be anything's */
  snprintf(a, sizeof(a), "%stemplate", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", a), MLS_ST_FAIL);
  snprintf(a, sizeof(a), "%sopaque", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", a), MLS_ST_UNKNOWN);
  rt_free(r);
  r = rt_tf(any, tf, NULL);
  snprintf(a, sizeof(a), "%sdata", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", a), MLS_ST_PASS);
  snprintf(a, sizeof(a), "%spartition", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", a), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* The S3 split model: a bucket passes when a public access block that
 * references it blocks everything. */
START_TEST(rules_eval__connected_public_access_block)
{
  const char *rule =
      HEAD("MLS-T-004") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    connected:\n"
                        "      type: aws_s3_bucket_public_access_block\n"
                        "      via: bucket\n"
                        "      condition:\n"
                        "        all:\n"
                        "          - attribute: block_public_acls\n"
                        "            equals: true\n"
                        "          - attribute: restrict_public_buckets\n"
                        "            equals: true\n";
  const char *tf = "resource \"aws_s3_bucket\" \"with\" { bucket = \"a\" }\n"
                   "resource \"aws_s3_bucket\" \"without\" { bucket = \"b\" }\n"
                   "resource \"aws_s3_bucket\" \"weak\" { bucket = \"c\" }\n"
                   "resource \"aws_s3_bucket_public_access_block\" \"with\" {\n"
                   "  bucket = aws_s3_bucket.with.id\n"
                   "  block_public_acls = true\n"
                   "  restrict_public_buckets = true\n"
                   "}\n"
                   "resource \"aws_s3_bucket_public_access_block\" \"weak\" {\n"
                   "  bucket = aws_s3_bucket.weak.id\n"
                   "  block_public_acls = true\n"
                   "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-004", "aws_s3_bucket.with"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-004", "aws_s3_bucket.without"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-004", "aws_s3_bucket.weak"),
                   MLS_ST_FAIL);
  /* Not bound: the access blocks themselves get no finding. */
  ck_assert_uint_eq(rt_count(r, "aws_s3_bucket_public_access_block.with"), 0);
  rt_free(r);
}
END_TEST

/* A failing any whose first branch names no value points at the first
 * connection's failed value (a separate logging configuration), never at
 * a later connection that is another way to pass (the bucket's ACL). */
/* A resource that names what it configures by an unresolved value (a
 * variable with no value) may be about any resource of the module: one
 * found unconnected is unknown, not failing. One whose name leads to
 * another resource (an edge) leaves the rest failing. */
START_TEST(rules_eval__connected_unknown_link)
{
  const char *rule =
      HEAD("MLS-T-033") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    connected:\n"
                        "      type: aws_s3_bucket_public_access_block\n"
                        "      via: bucket\n"
                        "      when_absent: fail\n";
  const char *open = "variable \"target\" {}\n"
                     "resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n"
                     "resource \"aws_s3_bucket_public_access_block\" \"p\" {\n"
                     "  bucket = var.target\n"
                     "}\n";
  const char *closed =
      "resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n"
      "resource \"aws_s3_bucket\" \"b\" { bucket = \"b\" }\n"
      "resource \"aws_s3_bucket_public_access_block\" \"p\" {\n"
      "  bucket = aws_s3_bucket.b.id\n"
      "}\n";
  rt_run *r = rt_tf(rule, open, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", "aws_s3_bucket.a"),
                   MLS_ST_UNKNOWN);
  rt_free(r);
  r = rt_tf(rule, closed, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", "aws_s3_bucket.a"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", "aws_s3_bucket.b"), MLS_ST_PASS);
  rt_free(r);
}
END_TEST

/* The account's S3 public access block holds for every bucket of the
 * root: it is connected to each (path account_id). */
START_TEST(rules_eval__account_public_access_block)
{
  const char *rule =
      HEAD("MLS-T-034") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    any:\n"
                        "      - connected:\n"
                        "          type: aws_s3_bucket_public_access_block\n"
                        "          via: bucket\n"
                        "          condition:\n"
                        "            attribute: block_public_acls\n"
                        "            equals: true\n"
                        "      - connected:\n"
                        "          type: aws_s3_account_public_access_block\n"
                        "          via: account_id\n"
                        "          condition:\n"
                        "            attribute: block_public_acls\n"
                        "            equals: true\n";
  const char *with =
      "resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n"
      "resource \"aws_s3_account_public_access_block\" \"acct\" {\n"
      "  block_public_acls = true\n"
      "}\n";
  const char *off =
      "resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n"
      "resource \"aws_s3_account_public_access_block\" \"acct\" {\n"
      "  block_public_acls = false\n"
      "}\n";
  rt_run *r = rt_tf(rule, with, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-034", "aws_s3_bucket.a"), MLS_ST_PASS);
  rt_free(r);
  r = rt_tf(rule, off, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-034", "aws_s3_bucket.a"), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__any_witness_first_connection)
{
  const char *rule =
      HEAD("MLS-T-032") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    any:\n"
                        "      - attribute: logging[*].target_bucket\n"
                        "        exists: true\n"
                        "      - connected:\n"
                        "          type: aws_s3_bucket_logging\n"
                        "          via: bucket\n"
                        "          condition:\n"
                        "            attribute: target_bucket\n"
                        "            equals: logs\n"
                        "      - connected:\n"
                        "          type: aws_s3_bucket_acl\n"
                        "          via: bucket\n"
                        "          condition:\n"
                        "            attribute: acl\n"
                        "            equals: log-delivery-write\n";
  const char *tf = "resource \"aws_s3_bucket\" \"a\" { bucket = \"a\" }\n"
                   "resource \"aws_s3_bucket_acl\" \"a\" {\n"
                   "  bucket = aws_s3_bucket.a.id\n"
                   "  acl    = \"private\"\n"
                   "}\n"
                   "resource \"aws_s3_bucket\" \"b\" { bucket = \"b\" }\n"
                   "resource \"aws_s3_bucket_logging\" \"b\" {\n"
                   "  bucket        = aws_s3_bucket.b.id\n"
                   "  target_bucket = \"elsewhere\"\n"
                   "}\n"
                   "resource \"aws_s3_bucket_acl\" \"b\" {\n"
                   "  bucket = aws_s3_bucket.b.id\n"
                   "  acl    = \"private\"\n"
                   "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  const rule_finding *f = rt_find(r, "MLS-T-032", "aws_s3_bucket.a");
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert_str_eq(f->attr, "logging.target_bucket");
  ck_assert_uint_eq(f->range.start.line, 1);
  f = rt_find(r, "MLS-T-032", "aws_s3_bucket.b");
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert_str_eq(f->attr, "aws_s3_bucket_logging.b.target_bucket");
  ck_assert_uint_eq(f->range.start.line, 9);
  rt_free(r);
}
END_TEST

/* A block from a dynamic block over an unknown for_each may not exist: a
 * verdict that turns on it is unknown, one that holds with or without it
 * stands, on the resource and on a connected one alike. */
START_TEST(rules_eval__maybe_blocks)
{
  const char *open_rule =
      HEAD("MLS-T-035") "terraform:\n"
                        "  resource_types: [aws_security_group]\n"
                        "  condition:\n"
                        "    attribute: ingress\n"
                        "    no_item:\n"
                        "      attribute: \"cidr_blocks[*]\"\n"
                        "      match: any\n"
                        "      equals: 0.0.0.0/0\n";
  const char *sse_rule =
      HEAD("MLS-T-036") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    connected:\n"
                        "      type: aws_s3_bucket_server_side_encryption_"
                        "configuration\n"
                        "      via: bucket\n"
                        "      condition:\n"
                        "        attribute: rule\n"
                        "        exists: true\n";
  const char *tf =
      "variable \"rules\" {}\n"
      "resource \"aws_security_group\" \"maybe_open\" {\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = var.rules\n"
      "    content {\n"
      "      cidr_blocks = [\"0.0.0.0/0\"]\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_security_group\" \"open_anyway\" {\n"
      "  ingress {\n"
      "    cidr_blocks = [\"0.0.0.0/0\"]\n"
      "  }\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = var.rules\n"
      "    content {\n"
      "      cidr_blocks = [\"10.0.0.0/8\"]\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_security_group\" \"closed_anyway\" {\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = var.rules\n"
      "    content {\n"
      "      cidr_blocks = [\"10.0.0.0/8\"]\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_security_group\" \"known_open\" {\n"
      "  dynamic \"ingress\" {\n"
      "    for_each = [1]\n"
      "    content {\n"
      "      cidr_blocks = [\"0.0.0.0/0\"]\n"
      "    }\n"
      "  }\n"
      "}\n"
      "resource \"aws_s3_bucket\" \"b\" { bucket = \"b\" }\n"
      "resource \"aws_s3_bucket_server_side_encryption_configuration\" "
      "\"b\" {\n"
      "  bucket = aws_s3_bucket.b.id\n"
      "  dynamic \"rule\" {\n"
      "    for_each = var.rules\n"
      "    content {\n"
      "      bucket_key_enabled = true\n"
      "    }\n"
      "  }\n"
      "}\n";
  rt_run *r = rt_tf(open_rule, tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-035", "aws_security_group.maybe_open"),
                   MLS_ST_UNKNOWN);
  ck_assert_int_eq(rt_status(r, "MLS-T-035", "aws_security_group.open_anyway"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(
      rt_status(r, "MLS-T-035", "aws_security_group.closed_anyway"),
      MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-035", "aws_security_group.known_open"),
                   MLS_ST_FAIL);
  rt_free(r);
  r = rt_tf(sse_rule, tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-036", "aws_s3_bucket.b"),
                   MLS_ST_UNKNOWN);
  rt_free(r);
}
END_TEST

/* The account's EBS encryption by default and instance metadata defaults
 * hold for every volume, instance and template of the root (edges from
 * the setting, path account_id), as the built-in MLS-EC2-001 and 003 read
 * them; an instance's own setting or its template's still wins. So does
 * a Google Cloud project's metadata for its VMs (MLS-GCE-004). */
START_TEST(rules_eval__builtin_account_defaults)
{
  const char *tf = "resource \"aws_ebs_encryption_by_default\" \"on\" {}\n"
                   "resource \"aws_ec2_instance_metadata_defaults\" \"d\" {\n"
                   "  http_tokens = \"required\"\n"
                   "}\n"
                   "resource \"aws_ebs_volume\" \"v\" {\n"
                   "  availability_zone = \"us-east-1a\"\n"
                   "  size              = 100\n"
                   "}\n"
                   "resource \"aws_instance\" \"plain\" {\n"
                   "  ami = \"ami-0123456789abcdef0\"\n"
                   "  root_block_device {\n"
                   "    volume_size = 100\n"
                   "  }\n"
                   "}\n"
                   "resource \"aws_instance\" \"optional\" {\n"
                   "  ami = \"ami-0123456789abcdef0\"\n"
                   "  metadata_options {\n"
                   "    http_tokens = \"optional\"\n"
                   "  }\n"
                   "}\n"
                   "resource \"aws_launch_template\" \"bare\" {}\n"
                   "resource \"aws_launch_template\" \"opt\" {\n"
                   "  metadata_options {\n"
                   "    http_tokens = \"optional\"\n"
                   "  }\n"
                   "}\n"
                   "resource \"aws_instance\" \"from_bare\" {\n"
                   "  launch_template {\n"
                   "    id = aws_launch_template.bare.id\n"
                   "  }\n"
                   "}\n"
                   "resource \"aws_instance\" \"from_opt\" {\n"
                   "  launch_template {\n"
                   "    id = aws_launch_template.opt.id\n"
                   "  }\n"
                   "}\n";
  const char *gcp_item =
      "resource \"google_compute_project_metadata_item\" \"os\" {\n"
      "  key   = \"enable-oslogin\"\n"
      "  value = \"TRUE\"\n"
      "}\n"
      "resource \"google_compute_instance\" \"vm\" {\n"
      "  name = \"a\"\n"
      "}\n"
      "resource \"google_compute_instance\" \"opted_out\" {\n"
      "  name     = \"b\"\n"
      "  metadata = { enable-oslogin = \"FALSE\" }\n"
      "}\n";
  const char *gcp_map = "resource \"google_compute_project_metadata\" \"p\" {\n"
                        "  metadata = { enable-oslogin = \"TRUE\" }\n"
                        "}\n"
                        "resource \"google_compute_instance\" \"vm\" {\n"
                        "  name = \"a\"\n"
                        "}\n";
  const char *off = "resource \"aws_ebs_encryption_by_default\" \"off\" {\n"
                    "  enabled = false\n"
                    "}\n"
                    "resource \"aws_ebs_volume\" \"v\" {\n"
                    "  availability_zone = \"us-east-1a\"\n"
                    "}\n";
  const char *cmk = "resource \"aws_kms_key\" \"ebs\" {}\n"
                    "resource \"aws_ebs_default_kms_key\" \"d\" {\n"
                    "  key_arn = aws_kms_key.ebs.arn\n"
                    "}\n"
                    "resource \"aws_ebs_volume\" \"v\" {\n"
                    "  availability_zone = \"us-east-1a\"\n"
                    "  encrypted         = true\n"
                    "}\n";
  rt_run *r = rt_tf_set(rt_builtin(), tf, NULL);

  ck_assert_int_eq(rt_status(r, "MLS-EC2-003", "aws_ebs_volume.v"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-003", "aws_instance.plain"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_instance.plain"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_instance.optional"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_launch_template.bare"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_launch_template.opt"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_instance.from_bare"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-001", "aws_instance.from_opt"),
                   MLS_ST_FAIL);
  rt_free(r);

  r = rt_tf_set(rt_builtin(), off, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-003", "aws_ebs_volume.v"),
                   MLS_ST_FAIL);
  /* No key of the account's: the AWS managed one (MLS-EC2-004). */
  ck_assert_int_eq(rt_status(r, "MLS-EC2-004", "aws_ebs_volume.v"),
                   MLS_ST_FAIL);
  rt_free(r);

  /* The account's default EBS key is a customer-managed one. */
  r = rt_tf_set(rt_builtin(), cmk, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-EC2-004", "aws_ebs_volume.v"),
                   MLS_ST_PASS);
  rt_free(r);

  /* A Google Cloud project's OS Login, as an item or in the whole map,
   * for MLS-GCE-004; a VM that turns it off is on its own. */
  r = rt_tf_set(rt_builtin(), gcp_item, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-GCE-004", "google_compute_instance.vm"),
                   MLS_ST_PASS);
  ck_assert_int_eq(
      rt_status(r, "MLS-GCE-004", "google_compute_instance.opted_out"),
      MLS_ST_FAIL);
  rt_free(r);
  r = rt_tf_set(rt_builtin(), gcp_map, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-GCE-004", "google_compute_instance.vm"),
                   MLS_ST_PASS);
  rt_free(r);
}
END_TEST

/* applies_if: false gives the resource no result, true lets the
 * condition decide, unknown turns a failure into unknown (a pass stays). */
START_TEST(rules_eval__applies_if)
{
  const char *rule =
      HEAD("MLS-T-033") "terraform:\n"
                        "  resource_types: "
                        "[aws_opensearchserverless_security_policy]\n"
                        "  applies_if:\n"
                        "    attribute: type\n"
                        "    equals: network\n"
                        "  condition:\n"
                        "    attribute: public\n"
                        "    equals: false\n";
  const char *tf =
      "variable \"t\" { type = string }\n"
      "resource \"aws_opensearchserverless_security_policy\" \"net_open\" {\n"
      "  type = \"network\"\n"
      "  public = true\n"
      "}\n"
      "resource \"aws_opensearchserverless_security_policy\" \"net_closed\" {\n"
      "  type = \"network\"\n"
      "  public = false\n"
      "}\n"
      "resource \"aws_opensearchserverless_security_policy\" \"enc\" {\n"
      "  type = \"encryption\"\n"
      "  public = true\n"
      "}\n"
      "resource \"aws_opensearchserverless_security_policy\" \"maybe_open\" {\n"
      "  type = var.t\n"
      "  public = true\n"
      "}\n"
      "resource \"aws_opensearchserverless_security_policy\" \"maybe_closed\" "
      "{\n"
      "  type = var.t\n"
      "  public = false\n"
      "}\n";
  const char *p = "aws_opensearchserverless_security_policy.";
  char a[96];
  rt_run *r = rt_tf(rule, tf, NULL);
  snprintf(a, sizeof(a), "%snet_open", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", a), MLS_ST_FAIL);
  snprintf(a, sizeof(a), "%snet_closed", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", a), MLS_ST_PASS);
  snprintf(a, sizeof(a), "%senc", p);
  ck_assert_uint_eq(rt_count(r, a), 0);
  snprintf(a, sizeof(a), "%smaybe_open", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", a), MLS_ST_UNKNOWN);
  snprintf(a, sizeof(a), "%smaybe_closed", p);
  ck_assert_int_eq(rt_status(r, "MLS-T-033", a), MLS_ST_PASS);
  rt_free(r);
}
END_TEST

/* The Terraform types whose attributes rules read: those they apply to
 * and those their conditions name, at any depth; a reference followed to
 * any type makes it every type. CloudFormation types are not in it. */
START_TEST(rules_eval__tf_body_types)
{
  const char *rule = HEAD(
      "MLS-T-020") "terraform:\n"
                   "  resource_types: [aws_sagemaker_notebook_instance]\n"
                   "  condition:\n"
                   "    all:\n"
                   "      - attribute: kms_key_id\n"
                   "        references: aws_kms_key\n"
                   "      - referenced:\n"
                   "          attribute: role_arn\n"
                   "          type: aws_iam_role\n"
                   "          condition:\n"
                   "            connected:\n"
                   "              type: aws_iam_role_policy_attachment\n"
                   "              via: role\n"
                   "              condition:\n"
                   "                attribute: policy_arn\n"
                   "                exists: true\n"
                   "cloudformation:\n"
                   "  resource_types: [\"AWS::SageMaker::NotebookInstance\"]\n"
                   "  condition:\n"
                   "    attribute: KmsKeyId\n"
                   "    references: \"AWS::KMS::Key\"\n";
  const char *any =
      HEAD("MLS-T-021") "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    referenced:\n"
                        "      attribute: logging[*].target_bucket\n"
                        "      condition:\n"
                        "        attribute: bucket\n"
                        "        exists: true\n";
  static const char *const want[] = { "aws_iam_role",
                                      "aws_iam_role_policy_attachment",
                                      "aws_kms_key",
                                      "aws_sagemaker_notebook_instance" };
  rule_set *rs = rt_rules(rule, NULL);
  const char *const *types, *const *again;
  size_t n, n2;
  bool all = true;

  ck_assert_int_eq(rule_set_tf_body_types(rs, &types, &n, &all), MLS_OK);
  ck_assert(!all);
  ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
  for (size_t i = 0; i < n; i++) {
    ck_assert_str_eq(types[i], want[i]);
  }
  /* Computed once. */
  ck_assert_int_eq(rule_set_tf_body_types(rs, &again, &n2, &all), MLS_OK);
  ck_assert_ptr_eq(again, types);
  ck_assert_uint_eq(n2, n);
  rule_set_free(rs);

  rs = rt_rules(any, NULL);
  ck_assert_int_eq(rule_set_tf_body_types(rs, &types, &n, &all), MLS_OK);
  ck_assert(all);
  rule_set_free(rs);
}
END_TEST

/* by_type: a branch per bound type; an azapi_resource is bound by the
 * ARM type its `type` names (case ignored, version dropped), its body read
 * whether an object (azapi 2.x) or jsonencode()d (1.x). */
START_TEST(rules_eval__by_type_and_azapi)
{
  const char *rule =
      HEAD("MLS-T-030") "terraform:\n"
                        "  resource_types:\n"
                        "    - aws_s3_bucket\n"
                        "    - azapi_resource:Microsoft.Foo/bars\n"
                        "  condition:\n"
                        "    by_type:\n"
                        "      aws_s3_bucket:\n"
                        "        attribute: acl\n"
                        "        equals: private\n"
                        "      azapi_resource:microsoft.foo/BARS:\n"
                        "        attribute: body.properties.public\n"
                        "        equals: false\n"
                        "        default_when_absent: true\n";
  const char *tf = "variable \"t\" {}\n"
                   "resource \"aws_s3_bucket\" \"a\" { acl = \"private\" }\n"
                   "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  acl  = \"public-read\"\n"
                   "  body = { properties = { public = false } }\n"
                   "}\n"
                   "resource \"azapi_resource\" \"obj\" {\n"
                   "  type = \"Microsoft.Foo/bars@2024-01-01\"\n"
                   "  body = { properties = { public = false } }\n"
                   "}\n"
                   "resource \"azapi_resource\" \"json\" {\n"
                   "  type = \"MICROSOFT.FOO/Bars@2021-01-01-preview\"\n"
                   "  body = jsonencode({ properties = { public = true } })\n"
                   "}\n"
                   "resource \"azapi_resource\" \"absent\" {\n"
                   "  type = \"Microsoft.Foo/bars\"\n"
                   "  body = { acl = \"private\" }\n"
                   "}\n"
                   "resource \"azapi_resource\" \"child\" {\n"
                   "  type = \"Microsoft.Foo/bars/children@2024-01-01\"\n"
                   "  body = { properties = { public = true } }\n"
                   "}\n"
                   "resource \"azapi_resource\" \"vartype\" {\n"
                   "  type = var.t\n"
                   "  body = { properties = { public = true } }\n"
                   "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  const char *const *types;
  size_t n;
  bool all, azapi = false;

  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.a"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.b"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "azapi_resource.obj"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "azapi_resource.json"),
                   MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "azapi_resource.absent"),
                   MLS_ST_FAIL);
  /* Not the bound ARM type, or not known: no result at all. */
  ck_assert_uint_eq(rt_count(r, "azapi_resource.child"), 0);
  ck_assert_uint_eq(rt_count(r, "azapi_resource.vartype"), 0);
  ck_assert_int_eq(rule_set_tf_body_types(r->rs, &types, &n, &all), MLS_OK);
  for (size_t i = 0; i < n; i++) {
    azapi = azapi || strcmp(types[i], "azapi_resource") == 0;
    ck_assert(strchr(types[i], ':') == NULL);
  }
  ck_assert(azapi);
  rt_free(r);

  /* default: the branch of every listed type without one of its own. */
  r = rt_tf(HEAD("MLS-T-031") "terraform:\n"
                              "  resource_types:\n"
                              "    - aws_s3_bucket\n"
                              "    - azapi_resource:Microsoft.Foo/bars\n"
                              "  condition:\n"
                              "    by_type:\n"
                              "      azapi_resource:Microsoft.Foo/bars:\n"
                              "        attribute: body.properties.public\n"
                              "        equals: false\n"
                              "      default:\n"
                              "        attribute: acl\n"
                              "        equals: private\n",
            tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", "aws_s3_bucket.a"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", "aws_s3_bucket.b"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", "azapi_resource.obj"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", "azapi_resource.absent"),
                   MLS_ST_FAIL);
  rt_free(r);

  /* One branch for several types: a key may list them. */
  r = rt_tf(HEAD("MLS-T-032") "terraform:\n"
                              "  resource_types:\n"
                              "    - aws_s3_bucket\n"
                              "    - azapi_resource:Microsoft.Foo/bars\n"
                              "  condition:\n"
                              "    by_type:\n"
                              "      \"aws_s3_bucket, "
                              "azapi_resource:Microsoft.Foo/bars\":\n"
                              "        attribute: body.properties.public\n"
                              "        equals: false\n",
            tf, NULL);
  ck_assert_int_eq(rt_status(r, "MLS-T-032", "aws_s3_bucket.a"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-032", "aws_s3_bucket.b"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-032", "azapi_resource.obj"),
                   MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-032", "azapi_resource.json"),
                   MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__cloudformation_paths_and_refs)
{
  const char *rule =
      HEAD("MLS-T-005") "cloudformation:\n"
                        "  resource_types: [\"AWS::S3::Bucket\"]\n"
                        "  condition:\n"
                        "    attribute: BucketEncryption."
                        "ServerSideEncryptionConfiguration[*]."
                        "ServerSideEncryptionByDefault.KMSMasterKeyID\n"
                        "    references: \"AWS::KMS::Key\"\n";
  const char *tmpl = "Resources:\n"
                     "  Key:\n"
                     "    Type: AWS::KMS::Key\n"
                     "  PassBucket:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      BucketEncryption:\n"
                     "        ServerSideEncryptionConfiguration:\n"
                     "          - ServerSideEncryptionByDefault:\n"
                     "              SSEAlgorithm: aws:kms\n"
                     "              KMSMasterKeyID: !GetAtt Key.Arn\n"
                     "  FailBucket:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      BucketEncryption:\n"
                     "        ServerSideEncryptionConfiguration:\n"
                     "          - ServerSideEncryptionByDefault:\n"
                     "              SSEAlgorithm: AES256\n"
                     "  Off:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Condition: Never\n"
                     "Conditions:\n"
                     "  Never: !Equals [a, b]\n";
  rt_run *r = rt_cfn(rule, tmpl, NULL);
  const rule_finding *f;
  ck_assert_int_eq(rt_status(r, "MLS-T-005", "PassBucket"), MLS_ST_PASS);
  ck_assert_int_eq(rt_status(r, "MLS-T-005", "FailBucket"), MLS_ST_FAIL);
  f = rt_find(r, "MLS-T-005", "FailBucket");
  /* Absent attribute: the finding points at the resource. */
  ck_assert_uint_eq(f->range.start.line, 12);
  /* Not deployed: no finding at all. */
  ck_assert_ptr_null(rt_find(r, "MLS-T-005", "Off"));
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__finding_range_message_attr)
{
  const char *rule =
      HEAD("MLS-T-006") "message: \"{address} ({type}) leaves {attr} open\"\n"
                        "terraform:\n"
                        "  resource_types: [aws_s3_bucket]\n"
                        "  condition:\n"
                        "    attribute: acl\n"
                        "    equals: private\n";
  const char *tf = "resource \"aws_s3_bucket\" \"b\" {\n"
                   "  bucket = \"x\"\n"
                   "  acl    = \"public-read\"\n"
                   "}\n";
  rt_run *r = rt_tf(rule, tf, NULL);
  const rule_finding *f = rt_find(r, "MLS-T-006", "aws_s3_bucket.b");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert_uint_eq(f->range.start.line, 3);
  ck_assert_str_eq(f->attr, "acl");
  ck_assert_str_eq(f->message,
                   "aws_s3_bucket.b (aws_s3_bucket) leaves acl open");
  ck_assert_int_eq(f->severity, MLS_RSEV_HIGH);
  rt_free(r);
  /* The default message: title, address, attribute. */
  r = rt_tf(TF_RULE("    attribute: acl\n    equals: private\n"), tf, NULL);
  f = rt_find(r, "MLS-T-001", "aws_s3_bucket.b");
  ck_assert_str_eq(f->message, "Test rule: aws_s3_bucket.b (acl)");
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__env_scoping_and_severity)
{
  const char *rule = HEAD("MLS-T-007") "envs: [prod]\n"
                                       "severity_by_env:\n"
                                       "  prod: critical\n"
                                       "terraform:\n"
                                       "  resource_types: [aws_s3_bucket]\n"
                                       "  condition:\n"
                                       "    attribute: acl\n"
                                       "    exists: true\n";
  const char *rule2 = HEAD("MLS-T-008") "severity_by_env:\n"
                                        "  prod: critical\n"
                                        "terraform:\n"
                                        "  resource_types: [aws_s3_bucket]\n"
                                        "  condition:\n"
                                        "    attribute: acl\n"
                                        "    exists: true\n";
  const char *tf = "resource \"aws_s3_bucket\" \"b\" {}\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r = rt_tf(rule, tf, NULL);
  ck_assert_uint_eq(r->f.n, 0);
  rt_free(r);
  o.env = "dev";
  r = rt_tf(rule, tf, &o);
  ck_assert_uint_eq(r->f.n, 0);
  rt_free(r);
  o.env = "prod";
  r = rt_tf(rule, tf, &o);
  ck_assert_uint_eq(r->f.n, 1);
  ck_assert_int_eq(r->f.v[0].severity, MLS_RSEV_CRITICAL);
  rt_free(r);
  o.env = "dev";
  r = rt_tf(rule2, tf, &o);
  ck_assert_int_eq(r->f.v[0].severity, MLS_RSEV_HIGH);
  rt_free(r);
}
END_TEST

START_TEST(rules_eval__config_enable_disable_override)
{
  const char *a = HEAD("MLS-T-010") "terraform:\n"
                                    "  resource_types: [aws_s3_bucket]\n"
                                    "  condition:\n"
                                    "    attribute: acl\n"
                                    "    exists: true\n";
  const char *b = "id: MLS-T-011\n"
                  "title: Other\n"
                  "severity: low\n"
                  "tags: [other, s3]\n"
                  "terraform:\n"
                  "  resource_types: [aws_s3_bucket]\n"
                  "  condition:\n"
                  "    attribute: acl\n"
                  "    exists: true\n";
  const char *tf = "resource \"aws_s3_bucket\" \"b\" {}\n";
  const char *dis[] = { "other" };
  const char *en[] = { "MLS-T-011", "test" };
  rule_sev_override ov[] = { { "s3", MLS_RSEV_CRITICAL, NULL },
                             { "MLS-T-011", MLS_RSEV_MEDIUM, "prod" },
                             { "MLS-T-010", MLS_RSEV_LOW, NULL } };
  rule_config cfg = RULE_CONFIG_INIT;
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;

  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_buffer(rs, "a.yaml", a, strlen(a), &d), 0);
  ck_assert_int_eq(rule_set_add_buffer(rs, "b.yaml", b, strlen(b), &d), 0);
  cfg.disable = dis;
  cfg.ndisable = 1;
  ck_assert_int_eq(rule_set_compile(rs, &cfg, &d), MLS_OK);
  ck_assert_uint_eq(rule_set_count(rs), 1);
  ck_assert_str_eq(rule_set_get(rs, 0)->id, "MLS-T-010");
  ck_assert_int_eq(rule_set_find(rs, "MLS-T-011"), -1);
  r = rt_tf_set(rs, tf, NULL);
  ck_assert_uint_eq(r->f.n, 1);
  rt_free(r);

  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_buffer(rs, "b.yaml", b, strlen(b), &d), 0);
  ck_assert_int_eq(rule_set_add_buffer(rs, "a.yaml", a, strlen(a), &d), 0);
  cfg = (rule_config)RULE_CONFIG_INIT;
  cfg.enable = en;
  cfg.nenable = 2;
  cfg.overrides = ov;
  cfg.noverrides = 3;
  ck_assert_int_eq(rule_set_compile(rs, &cfg, &d), MLS_OK);
  ck_assert_uint_eq(rule_set_count(rs), 2);
  ck_assert_int_eq(rule_set_find(rs, "MLS-T-010"), 0);
  ck_assert_int_eq(rule_set_find(rs, "MLS-T-011"), 1);
  ck_assert_int_eq(rule_set_get(rs, 1)->severity, MLS_RSEV_CRITICAL);
  ck_assert_int_eq(rule_set_get(rs, 0)->severity, MLS_RSEV_LOW);
  o.env = "prod";
  r = rt_tf_set(rs, tf, &o);
  ck_assert_int_eq(rt_find(r, "MLS-T-011", "aws_s3_bucket.b")->severity,
                   MLS_RSEV_MEDIUM);
  ck_assert_int_eq(rt_find(r, "MLS-T-010", "aws_s3_bucket.b")->severity,
                   MLS_RSEV_LOW);
  /* (resource, rule) order: rule index order within the resource. */
  ck_assert_uint_eq(r->f.v[0].rule, 0);
  ck_assert_uint_eq(r->f.v[1].rule, 1);
  rt_free(r);
  mls_diag_dispose(&d);
}
END_TEST

/* Two rules with one id: the first loaded wins, with a diagnostic. */
START_TEST(rules_eval__duplicate_id_first_wins)
{
  const char *a = HEAD("MLS-T-020") "terraform:\n"
                                    "  resource_types: [aws_s3_bucket]\n"
                                    "  condition:\n"
                                    "    attribute: acl\n"
                                    "    exists: true\n";
  const char *b = "id: MLS-T-020\n"
                  "title: Second\n"
                  "severity: low\n"
                  "terraform:\n"
                  "  resource_types: [aws_s3_bucket]\n"
                  "  condition:\n"
                  "    attribute: acl\n"
                  "    exists: false\n";
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_buffer(rs, "z.yaml", a, strlen(a), &d), 0);
  ck_assert_int_eq(rule_set_add_buffer(rs, "a.yaml", b, strlen(b), &d), 0);
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_uint_eq(rule_set_count(rs), 1);
  ck_assert_str_eq(rule_set_get(rs, 0)->title, "Test rule");
  ck_assert_str_eq(rule_set_get(rs, 0)->source, "z.yaml");
  ck_assert_uint_eq(d.n, 1);
  ck_assert_ptr_nonnull(strstr(d.v[0].message, "already loaded"));
  ck_assert_str_eq(d.v[0].path, "a.yaml");
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

static void count_bytes(void *payload, const char *data, size_t len)
{
  (void)data;
  *(size_t *)payload += len;
}

typedef struct sources_seen {
  size_t n;    /* calls */
  bool digest; /* one of them was the library's digest */
  size_t most; /* longest source */
} sources_seen;

static void see_source(void *payload, const char *data, size_t len)
{
  sources_seen *s = payload;
  s->n++;
  s->most = len > s->most ? len : s->most;
  if (len == strlen(rule__builtin_digest) &&
      memcmp(data, rule__builtin_digest, len) == 0) {
    s->digest = true;
  }
}

/* The built-in library enters the rule-pack digest as its build-time
 * digest, not as ~200 files hashed at every start; a user's rule file
 * enters as its bytes. */
START_TEST(rules_eval__builtin_digest_source)
{
  static const char user[] = "id: MLS-USR-001\n"
                             "title: t\n"
                             "severity: low\n"
                             "description: d\n"
                             "terraform:\n"
                             "  resource_types: [aws_s3_bucket]\n"
                             "  condition:\n"
                             "    attribute: bucket\n"
                             "    exists: true\n";
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  sources_seen seen = { 0, false, 0 };
  ck_assert_uint_eq(strlen(rule__builtin_digest), 32);
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_builtin(rs, &d), MLS_OK);
  rule_set_each_source(rs, see_source, &seen);
  ck_assert(seen.digest);
  ck_assert_uint_eq(seen.n, 1); /* no configuration yet */
  ck_assert_int_eq(
      rule_set_add_buffer(rs, "user.yaml", user, sizeof(user) - 1, &d), MLS_OK);
  memset(&seen, 0, sizeof(seen));
  rule_set_each_source(rs, see_source, &seen);
  ck_assert(seen.digest);
  ck_assert_uint_eq(seen.n, 2);
  ck_assert_uint_eq(seen.most, sizeof(user) - 1);
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(rules_eval__builtin_and_sources)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  size_t bytes = 0;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  /* Works with whatever rules/ holds, including nothing. */
  ck_assert_int_eq(rule_set_add_builtin(rs, &d), MLS_OK);
  ck_assert_msg(d.n == 0, "built-in rule diagnostic: %s", rt_first_diag(&d));
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  for (size_t i = 0; i < rule_set_count(rs); i++) {
    ck_assert_ptr_nonnull(strstr(rule_set_get(rs, i)->source, "builtin:"));
  }
  rule_set_each_source(rs, count_bytes, &bytes);
  ck_assert_uint_gt(bytes, 0); /* the configuration text at least */
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

Suite *rules_eval_suite(void)
{
  Suite *s = suite_create("rules_eval");
  TCase *tc = tcase_create("eval");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, rules_eval__equals_absent_default_unknown);
  tcase_add_test(tc, rules_eval__empty_is_absent);
  tcase_add_test(tc, rules_eval__builtin_digest_source);
  tcase_add_test(tc, rules_eval__terraform_comparisons);
  tcase_add_test(tc, rules_eval__unknown_string_prefix);
  tcase_add_test(tc, rules_eval__below_a_refined_unknown);
  tcase_add_test(tc, rules_eval__partition_template);
  tcase_add_test(tc, rules_eval__every_operator);
  tcase_add_test(tc, rules_eval__covers_any);
  tcase_add_test(tc, rules_eval__covers_any_names_are_checked);
  tcase_add_test(tc, rules_eval__kleene_logic_with_unknown);
  tcase_add_test(tc, rules_eval__paths_blocks_star_index);
  tcase_add_test(tc, rules_eval__witness_paths_are_concrete);
  tcase_add_test(tc, rules_eval__iam_string_or_list);
  tcase_add_test(tc, rules_eval__references_and_referenced);
  tcase_add_test(tc, rules_eval__referenced_without_condition);
  tcase_add_test(tc, rules_eval__references_managed);
  tcase_add_test(tc, rules_eval__connected_public_access_block);
  tcase_add_test(tc, rules_eval__any_witness_first_connection);
  tcase_add_test(tc, rules_eval__connected_unknown_link);
  tcase_add_test(tc, rules_eval__account_public_access_block);
  tcase_add_test(tc, rules_eval__applies_if);
  tcase_add_test(tc, rules_eval__tf_body_types);
  tcase_add_test(tc, rules_eval__by_type_and_azapi);
  tcase_add_test(tc, rules_eval__cloudformation_paths_and_refs);
  tcase_add_test(tc, rules_eval__finding_range_message_attr);
  tcase_add_test(tc, rules_eval__env_scoping_and_severity);
  tcase_add_test(tc, rules_eval__config_enable_disable_override);
  tcase_add_test(tc, rules_eval__duplicate_id_first_wins);
  tcase_add_test(tc, rules_eval__builtin_and_sources);
  tcase_add_test(tc, rules_eval__maybe_blocks);
  tcase_add_test(tc, rules_eval__builtin_account_defaults);
  suite_add_tcase(s, tc);
  return s;
}
