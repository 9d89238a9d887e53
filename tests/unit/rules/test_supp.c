/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_supp.c -- suppressions (core/rules/supp.c): our
 * own comments, each peer's comment syntax mapped through the rule's
 * peers, CloudFormation Metadata, expiry against opts->today, scope, and
 * --no-inline-ignores.
 */
#include "tests/unit/rules/rules_test.h"

#include "parsers/cfn/cfn.h"

#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

#define RULE                                                                   \
  "id: MLS-T-030\n"                                                            \
  "title: Bucket ACL is private\n"                                             \
  "severity: high\n"                                                           \
  "peers:\n"                                                                   \
  "  checkov: [CKV_AWS_20]\n"                                                  \
  "  tfsec: [aws-s3-no-public-access-with-acl]\n"                              \
  "  trivy: [AVD-AWS-0092]\n"                                                  \
  "  kics: [d535387f-20c8-45ef-a7b1-b40eb1ec5a49]\n"                           \
  "  cfn_nag: [W31]\n"                                                         \
  "  cfn-lint: [W3045]\n"                                                      \
  "  terrascan: [AC_AWS_0214]\n"                                               \
  "terraform:\n"                                                               \
  "  resource_types: [aws_s3_bucket]\n"                                        \
  "  condition:\n"                                                             \
  "    attribute: acl\n"                                                       \
  "    equals: private\n"                                                      \
  "    default_when_absent: private\n"                                         \
  "cloudformation:\n"                                                          \
  "  resource_types: [\"AWS::S3::Bucket\"]\n"                                  \
  "  condition:\n"                                                             \
  "    attribute: AccessControl\n"                                             \
  "    equals: Private\n"                                                      \
  "    default_when_absent: Private\n"

static const char tf[] =
    "resource \"aws_s3_bucket\" \"plain\" {\n"                        /* 1 */
    "  acl = \"public-read\"\n"                                       /* 2 */
    "}\n"                                                             /* 3 */
    "resource \"aws_s3_bucket\" \"own_line\" { # mlsweep:ignore "     /* 4 */
    "MLS-T-030 reason=\"static site\"\n"                              /* 4 */
    "  acl = \"public-read\"\n"                                       /* 5 */
    "}\n"                                                             /* 6 */
    "# mlsweep:ignore MLS-X-001,MLS-T-030 expires=2099-01-01\n"       /* 7 */
    "resource \"aws_s3_bucket\" \"own_above\" {\n"                    /* 8 */
    "  acl = \"public-read\"\n"                                       /* 9 */
    "}\n"                                                             /* 10 */
    "resource \"aws_s3_bucket\" \"own_expired\" {\n"                  /* 11 */
    "  acl = \"public-read\" // mlsweep:ignore MLS-T-030 "            /* 12 */
    "reason=old expires=2020-01-31\n"                                 /* 12 */
    "}\n"                                                             /* 13 */
    "resource \"aws_s3_bucket\" \"other_id\" {\n"                     /* 14 */
    "  acl = \"public-read\" # mlsweep:ignore MLS-T-031\n"            /* 15 */
    "}\n"                                                             /* 16 */
    "resource \"aws_s3_bucket\" \"checkov\" {\n"                      /* 17 */
    "  #checkov:skip=CKV_AWS_19,CKV_AWS_20:The bucket is public\n"    /* 18 */
    "  acl = \"public-read\"\n"                                       /* 19 */
    "}\n"                                                             /* 20 */
    "#checkov:skip=CKV_AWS_20:outside the resource\n"                 /* 21 */
    "resource \"aws_s3_bucket\" \"checkov_outside\" {\n"              /* 22 */
    "  acl = \"public-read\"\n"                                       /* 23 */
    "}\n"                                                             /* 24 */
    "#tfsec:ignore:aws-s3-no-public-access-with-acl:exp:2099-01-02\n" /* 25 */
    "resource \"aws_s3_bucket\" \"tfsec\" {\n"                        /* 26 */
    "  acl = \"public-read\"\n"                                       /* 27 */
    "}\n"                                                             /* 28 */
    "resource \"aws_s3_bucket\" \"trivy\" {\n"                        /* 29 */
    "  #trivy:ignore:AWS-0092 trivy:ignore:aws-ec2-*\n"               /* 30 */
    "  acl = \"public-read\"\n"                                       /* 31 */
    "}\n"                                                             /* 32 */
    "# trivy:ignore:aws-s3-*:exp:2021-05-05\n"                        /* 33 */
    "resource \"aws_s3_bucket\" \"trivy_expired\" {\n"                /* 34 */
    "  acl = \"public-read\"\n"                                       /* 35 */
    "}\n"                                                             /* 36 */
    "#trivy:ignore:AVD-AWS-0092[acl=private]\n"                       /* 37 */
    "resource \"aws_s3_bucket\" \"trivy_filter\" {\n"                 /* 38 */
    "  acl = \"public-read\"\n"                                       /* 39 */
    "}\n"                                                             /* 40 */
    "resource \"aws_s3_bucket\" \"kics_line\" {\n"                    /* 41 */
    "  # kics-scan ignore-line\n"                                     /* 42 */
    "  acl = \"public-read\"\n"                                       /* 43 */
    "}\n"                                                             /* 44 */
    "# kics-scan ignore-block\n"                                      /* 45 */
    "resource \"aws_s3_bucket\" \"kics_block\" {\n"                   /* 46 */
    "  acl = \"public-read\"\n"                                       /* 47 */
    "}\n"                                                             /* 48 */
    "#tfsec:ignore:aws-s3-no-public-access-with-acl:ws:prod\n"        /* 49 */
    "resource \"aws_s3_bucket\" \"tfsec_ws\" {\n"                     /* 50 */
    "  acl = \"public-read\"\n"                                       /* 51 */
    "}\n";                                                            /* 52 */

static mls_status st(const rt_run *r, const char *name)
{
  char a[96];
  snprintf(a, sizeof(a), "aws_s3_bucket.%s", name);
  return rt_status(r, "MLS-T-030", a);
}

static const rule_finding *fd(const rt_run *r, const char *name)
{
  char a[96];
  snprintf(a, sizeof(a), "aws_s3_bucket.%s", name);
  return rt_find(r, "MLS-T-030", a);
}

/* The marker check skips what is not a comment (outside Metadata): a
 * file whose only marker is in a "//" comment, after a "#"-less URL in a
 * string, is still read for it; one whose marker word is only in a value
 * is not suppressed. */
START_TEST(rules_supp__markers_only_in_comments)
{
  static const char slashes[] =
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  website = \"https://example.invalid/x\"\n"
      "  acl = \"public-read\" // mlsweep:ignore MLS-T-030 static site\n"
      "}\n";
  static const char value[] =
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  acl = \"public-read\"\n"
      "  tags = { note = \"mlsweep:ignore MLS-T-030\" }\n"
      "}\n";
  static const char banner[] =
      "################################ buckets ###########################\n"
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  # mlsweep:ignore MLS-T-030 static site\n"
      "  acl = \"public-read\" # ### #\n"
      "}\n";
  static const char last_line[] =
      "resource \"aws_s3_bucket\" \"b\" { acl = \"public-read\" } "
      "# mlsweep:ignore MLS-T-030 static site";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;

  o.today = "2024-06-01";
  o.file_text = rt_file_text;
  r = rt_tf(RULE, slashes, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(st(r, "b"), MLS_ST_SUPPRESSED);
  rt_free(r);
  r = rt_tf(RULE, value, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(st(r, "b"), MLS_ST_FAIL);
  rt_free(r);
  /* A banner line is one comment (looked at once): the marker after it
   * counts, and so does one in a comment that ends the file without a
   * newline. */
  r = rt_tf(RULE, banner, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(st(r, "b"), MLS_ST_SUPPRESSED);
  rt_free(r);
  r = rt_tf(RULE, last_line, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(st(r, "b"), MLS_ST_SUPPRESSED);
  rt_free(r);
}
END_TEST

START_TEST(rules_supp__terraform_comments)
{
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  const rule_finding *f;
  o.today = "2024-06-01";
  o.file_text = rt_file_text;
  r = rt_tf(RULE, tf, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(st(r, "plain"), MLS_ST_FAIL);
  ck_assert(!fd(r, "plain")->has_supp);

  f = fd(r, "own_line");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "mlsweep");
  ck_assert_str_eq(f->supp.reason, "static site");
  ck_assert(f->supp.in_source);
  ck_assert_uint_eq(f->supp.line, 4);
  ck_assert_ptr_null(f->supp.expires);

  f = fd(r, "own_above");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.expires, "2099-01-01");
  ck_assert(!f->supp.expired);
  ck_assert_uint_eq(f->supp.line, 7);

  f = fd(r, "own_expired");
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert(f->has_supp);
  ck_assert(f->supp.expired);
  ck_assert_str_eq(f->supp.reason, "old");
  ck_assert_str_eq(f->supp.expires, "2020-01-31");

  ck_assert_int_eq(st(r, "other_id"), MLS_ST_FAIL);

  f = fd(r, "checkov");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "checkov");
  ck_assert_str_eq(f->supp.reason, "The bucket is public");
  ck_assert_uint_eq(f->supp.line, 18);
  /* Checkov's scope is inside the resource. */
  ck_assert_int_eq(st(r, "checkov_outside"), MLS_ST_FAIL);

  f = fd(r, "tfsec");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "tfsec");
  ck_assert_str_eq(f->supp.expires, "2099-01-02");

  /* AVD- optional, on the comment line above the finding's line. */
  f = fd(r, "trivy");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "trivy");
  /* A wildcard matches the long id (tfsec's); it expired. */
  f = fd(r, "trivy_expired");
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert(f->supp.expired);
  /* The value filter does not hold: not suppressed. */
  ck_assert_int_eq(st(r, "trivy_filter"), MLS_ST_FAIL);

  ck_assert_int_eq(st(r, "kics_line"), MLS_ST_SUPPRESSED);
  ck_assert_str_eq(fd(r, "kics_line")->supp.origin, "kics");
  ck_assert_int_eq(st(r, "kics_block"), MLS_ST_SUPPRESSED);
  /* :ws: needs a matching --env. */
  ck_assert_int_eq(st(r, "tfsec_ws"), MLS_ST_FAIL);
  rt_free(r);

  o.env = "prod";
  r = rt_tf(RULE, tf, &o);
  ck_assert_int_eq(st(r, "tfsec_ws"), MLS_ST_SUPPRESSED);
  rt_free(r);

  /* --no-inline-ignores: nothing is suppressed. */
  o.no_inline_ignores = true;
  r = rt_tf(RULE, tf, &o);
  ck_assert_int_eq(st(r, "own_line"), MLS_ST_FAIL);
  ck_assert_int_eq(st(r, "checkov"), MLS_ST_FAIL);
  ck_assert(!fd(r, "checkov")->has_supp);
  rt_free(r);

  /* Without file text there is nothing to read. */
  r = rt_tf(RULE, tf, NULL);
  ck_assert_int_eq(st(r, "own_line"), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* A rule without that peer is not silenced by the peer's comment. */
START_TEST(rules_supp__peer_ids_must_be_listed)
{
  const char *rule = "id: MLS-T-030\n"
                     "title: t\n"
                     "severity: low\n"
                     "terraform:\n"
                     "  resource_types: [aws_s3_bucket]\n"
                     "  condition:\n"
                     "    attribute: acl\n"
                     "    equals: private\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  o.file_text = rt_file_text;
  r = rt_tf(rule, tf, &o);
  ck_assert_int_eq(st(r, "checkov"), MLS_ST_FAIL);
  ck_assert_int_eq(st(r, "tfsec"), MLS_ST_FAIL);
  ck_assert_int_eq(st(r, "kics_block"), MLS_ST_FAIL);
  ck_assert_int_eq(st(r, "own_line"), MLS_ST_SUPPRESSED);
  rt_free(r);
}
END_TEST

START_TEST(rules_supp__kics_file_scope)
{
  const char *text =
      "# kics-scan disable=d535387f-20c8-45ef-a7b1-b40eb1ec5a49\n"
      "resource \"aws_s3_bucket\" \"b\" {\n"
      "  acl = \"public-read\"\n"
      "}\n";
  const char *late = "resource \"aws_s3_bucket\" \"b\" {\n"
                     "  acl = \"public-read\"\n"
                     "}\n"
                     "# kics-scan ignore\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  o.file_text = rt_file_text;
  r = rt_tf(RULE, text, &o);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.b"),
                   MLS_ST_SUPPRESSED);
  rt_free(r);
  /* Only at the start of the file. */
  r = rt_tf(RULE, late, &o);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.b"), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* Terrascan: `#ts:skip=ID reason` inside the resource; in CloudFormation
 * the runterrascan.io/skip Metadata, a JSON string (or a list). */
START_TEST(rules_supp__terrascan)
{
  const char *text = "resource \"aws_s3_bucket\" \"in\" {\n"
                     "  #ts:skip=AC_AWS_0214 public website\n"
                     "  acl = \"public-read\"\n"
                     "}\n"
                     "#ts:skip=AC_AWS_0214 outside\n"
                     "resource \"aws_s3_bucket\" \"out\" {\n"
                     "  acl = \"public-read\"\n"
                     "}\n"
                     "resource \"aws_s3_bucket\" \"other\" {\n"
                     "  #ts:skip=AC_AWS_0215\n"
                     "  acl = \"public-read\"\n"
                     "}\n";
  const char *tmpl =
      "Resources:\n"
      "  Json:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Metadata:\n"
      "      runterrascan.io/skip: '[{\"rule\": \"AC_AWS_0214\", "
      "\"comment\": \"logs\"}]'\n"
      "    Properties:\n"
      "      AccessControl: PublicRead\n"
      "  List:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Metadata:\n"
      "      runterrascan.io/skip:\n"
      "        - {rule: AC_AWS_0214}\n"
      "    Properties:\n"
      "      AccessControl: PublicRead\n"
      "  Broken:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Metadata:\n"
      "      runterrascan.io/skip: '[{\"rule\": \"AC_AWS_0214\"'\n"
      "    Properties:\n"
      "      AccessControl: PublicRead\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  const rule_finding *f;
  o.file_text = rt_file_text;
  r = rt_tf(RULE, text, &o);
  f = rt_find(r, "MLS-T-030", "aws_s3_bucket.in");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "terrascan");
  ck_assert_str_eq(f->supp.reason, "public website");
  ck_assert_uint_eq(f->supp.line, 2);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.out"), MLS_ST_FAIL);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "aws_s3_bucket.other"),
                   MLS_ST_FAIL);
  rt_free(r);
  r = rt_cfn(RULE, tmpl, &o);
  f = rt_find(r, "MLS-T-030", "Json");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "terrascan");
  ck_assert_str_eq(f->supp.reason, "logs");
  ck_assert_uint_eq(f->supp.line, 5);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "List"), MLS_ST_SUPPRESSED);
  /* Not JSON: nothing is suppressed, nothing fails. */
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "Broken"), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* Checkov judges an aws_iam_policy_document on its own, so its skip sits
 * in the data source: it covers the policy that document feeds. */
#define DOC_RULE                                                               \
  "id: MLS-T-031\n"                                                            \
  "title: Policy allows every action\n"                                        \
  "severity: high\n"                                                           \
  "peers:\n"                                                                   \
  "  checkov: [CKV_AWS_111]\n"                                                 \
  "terraform:\n"                                                               \
  "  resource_types: [aws_iam_role_policy]\n"                                  \
  "  condition:\n"                                                             \
  "    attribute: policy.Statement\n"                                          \
  "    no_item:\n"                                                             \
  "      attribute: \"Action[*]\"\n"                                           \
  "      match: any\n"                                                         \
  "      equals: \"*\"\n"

START_TEST(rules_supp__checkov_in_policy_document)
{
  const char *text =
      "data \"aws_iam_policy_document\" \"skipped\" {\n"        /* 1 */
      "  #checkov:skip=CKV_AWS_111:reviewed\n"                  /* 2 */
      "  statement {\n"                                         /* 3 */
      "    actions   = [\"*\"]\n"                               /* 4 */
      "    resources = [\"*\"]\n"                               /* 5 */
      "  }\n"                                                   /* 6 */
      "}\n"                                                     /* 7 */
      "data \"aws_iam_policy_document\" \"other_id\" {\n"       /* 8 */
      "  #checkov:skip=CKV_AWS_1:another check\n"               /* 9 */
      "  statement {\n"                                         /* 10 */
      "    actions   = [\"*\"]\n"                               /* 11 */
      "    resources = [\"*\"]\n"                               /* 12 */
      "  }\n"                                                   /* 13 */
      "}\n"                                                     /* 14 */
      "resource \"aws_iam_role_policy\" \"from_skipped\" {\n"   /* 15 */
      "  role   = \"r\"\n"                                      /* 16 */
      "  policy = data.aws_iam_policy_document.skipped.json\n"  /* 17 */
      "}\n"                                                     /* 18 */
      "resource \"aws_iam_role_policy\" \"from_other\" {\n"     /* 19 */
      "  role   = \"r\"\n"                                      /* 20 */
      "  policy = data.aws_iam_policy_document.other_id.json\n" /* 21 */
      "}\n";                                                    /* 22 */
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  const rule_finding *f;

  o.file_text = rt_file_text;
  r = rt_tf(DOC_RULE, text, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  f = rt_find(r, "MLS-T-031", "aws_iam_role_policy.from_skipped");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "checkov");
  ck_assert_str_eq(f->supp.reason, "reviewed");
  ck_assert_uint_eq(f->supp.line, 2);
  ck_assert_int_eq(rt_status(r, "MLS-T-031", "aws_iam_role_policy.from_other"),
                   MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* Guard's Metadata: a template whose only suppression is Guard's is read
 * (its marker is SuppressedRules), in both the list-of-names form and the
 * registry's `- RULE: reason` form; an entry naming another rule does not
 * suppress this one. */
#define GUARD_RULE                                                             \
  "id: MLS-T-032\n"                                                            \
  "title: Bucket versioning\n"                                                 \
  "severity: medium\n"                                                         \
  "peers:\n"                                                                   \
  "  guard: [S3_BUCKET_VERSIONING_ENABLED]\n"                                  \
  "cloudformation:\n"                                                          \
  "  resource_types: [\"AWS::S3::Bucket\"]\n"                                  \
  "  condition:\n"                                                             \
  "    attribute: VersioningConfiguration.Status\n"                            \
  "    equals: Enabled\n"

START_TEST(rules_supp__guard_metadata)
{
  const char *tmpl = "Resources:\n"
                     "  Named:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      guard:\n"
                     "        SuppressedRules:\n"
                     "          - S3_BUCKET_VERSIONING_ENABLED\n"
                     "  Reasoned:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      guard:\n"
                     "        SuppressedRules:\n"
                     "          - S3_BUCKET_VERSIONING_ENABLED: scratch data\n"
                     "  Other:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      guard:\n"
                     "        SuppressedRules:\n"
                     "          - S3_BUCKET_LOGGING_ENABLED: another check\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  const rule_finding *f;

  o.file_text = rt_file_text;
  r = rt_cfn(GUARD_RULE, tmpl, &o);
  ck_assert_int_eq(r->eval_rc, MLS_OK);
  f = rt_find(r, "MLS-T-032", "Named");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "guard");
  f = rt_find(r, "MLS-T-032", "Reasoned");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.reason, "scratch data");
  ck_assert_int_eq(rt_status(r, "MLS-T-032", "Other"), MLS_ST_FAIL);
  rt_free(r);
}
END_TEST

/* A caller's parse of the template, for rule_eval_opts.file_template. */
static cfn_template *given_tmpl;
static unsigned given_calls;

static const struct cfn_template *given_template(void *payload, uint16_t file)
{
  (void)payload;
  given_calls++;
  return file == 0 ? given_tmpl : NULL;
}

START_TEST(rules_supp__cloudformation_metadata)
{
  const char *tmpl = "Resources:\n"
                     "  Plain:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Own:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      mlsweep:\n"
                     "        ignore:\n"
                     "          - id: MLS-T-030\n"
                     "            reason: public website\n"
                     "            expires: 2099-12-31\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Checkov:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      checkov:\n"
                     "        skip:\n"
                     "          - id: CKV_AWS_20\n"
                     "            comment: it is fine\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Nag:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      cfn_nag:\n"
                     "        rules_to_suppress:\n"
                     "          - id: W31\n"
                     "            reason: logs\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Lint:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      cfn-lint:\n"
                     "        config:\n"
                     "          ignore_checks: [W3045]\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Expired:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Metadata:\n"
                     "      mlsweep:\n"
                     "        ignore:\n"
                     "          - id: MLS-T-030\n"
                     "            expires: 2001-01-01\n"
                     "    Properties:\n"
                     "      AccessControl: PublicRead\n"
                     "  Comment:\n"
                     "    Type: AWS::S3::Bucket\n"
                     "    Properties:\n"
                     "      #checkov:skip=CKV_AWS_20:in a comment\n"
                     "      AccessControl: PublicRead\n";
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  rt_run *r;
  const rule_finding *f;
  o.today = "2024-06-01";
  o.file_text = rt_file_text;
  r = rt_cfn(RULE, tmpl, &o);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "Plain"), MLS_ST_FAIL);
  f = rt_find(r, "MLS-T-030", "Own");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "mlsweep");
  ck_assert_str_eq(f->supp.reason, "public website");
  ck_assert_str_eq(f->supp.expires, "2099-12-31");
  ck_assert_uint_eq(f->supp.line, 11);
  f = rt_find(r, "MLS-T-030", "Checkov");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "checkov");
  ck_assert_str_eq(f->supp.reason, "it is fine");
  f = rt_find(r, "MLS-T-030", "Nag");
  ck_assert_int_eq(f->status, MLS_ST_SUPPRESSED);
  ck_assert_str_eq(f->supp.origin, "cfn_nag");
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "Lint"), MLS_ST_SUPPRESSED);
  f = rt_find(r, "MLS-T-030", "Expired");
  ck_assert_int_eq(f->status, MLS_ST_FAIL);
  ck_assert(f->supp.expired);
  ck_assert_int_eq(rt_status(r, "MLS-T-030", "Comment"), MLS_ST_SUPPRESSED);
  rt_free(r);
  /* With the caller's parse of the template (file_template): the same
   * outcomes, from a template parsed once, by the caller. */
  {
    mls_diag d = MLS_DIAG_INIT;
    ck_assert_int_eq(cfn_load(&given_tmpl, tmpl, strlen(tmpl), &d), MLS_OK);
    mls_diag_dispose(&d);
    given_calls = 0;
    o.file_template = given_template;
    r = rt_cfn(RULE, tmpl, &o);
    ck_assert_uint_gt(given_calls, 0);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Plain"), MLS_ST_FAIL);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Own"), MLS_ST_SUPPRESSED);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Checkov"), MLS_ST_SUPPRESSED);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Nag"), MLS_ST_SUPPRESSED);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Lint"), MLS_ST_SUPPRESSED);
    ck_assert_int_eq(rt_status(r, "MLS-T-030", "Expired"), MLS_ST_FAIL);
    rt_free(r);
    cfn_template_free(given_tmpl);
    given_tmpl = NULL;
  }
}
END_TEST

Suite *rules_supp_suite(void)
{
  Suite *s = suite_create("rules_supp");
  TCase *tc = tcase_create("supp");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, rules_supp__terraform_comments);
  tcase_add_test(tc, rules_supp__peer_ids_must_be_listed);
  tcase_add_test(tc, rules_supp__kics_file_scope);
  tcase_add_test(tc, rules_supp__terrascan);
  tcase_add_test(tc, rules_supp__checkov_in_policy_document);
  tcase_add_test(tc, rules_supp__guard_metadata);
  tcase_add_test(tc, rules_supp__cloudformation_metadata);
  tcase_add_test(tc, rules_supp__markers_only_in_comments);
  suite_add_tcase(s, tc);
  return s;
}
