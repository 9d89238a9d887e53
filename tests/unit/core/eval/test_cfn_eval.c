/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_cfn_eval.c -- the CloudFormation evaluator
 * (core/eval/cfn_eval.c): one test per intrinsic function and per
 * evaluation rule of issue 3 (parameters and parameters files in both
 * shapes, pseudo parameters, three-valued conditions, false Conditions,
 * Fn::If with AWS::NoValue, Fn::Sub's three placeholder kinds, reference
 * edges), SAM and CDK templates, every template of ../shared/corpus/real,
 * bounds and allocation failure.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/cfn_eval.h"
#include "core/model/model.h"
#include "parsers/cfn/cfn.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

/* One evaluation and everything it owns. */
typedef struct run {
  cfn_template *t;    /* owned */
  mls_model *m;       /* owned; NULL when the evaluation failed */
  mls_diag diag;      /* owned */
  int rc;             /* cfneval_template()'s result */
  char json[8][4096]; /* scratch for js() */
  int njson;
} run;

static run *run_opts(const char *src, const cfneval_opts *o)
{
  run *r = calloc(1, sizeof(*r));
  ck_assert_ptr_nonnull(r);
  cfn_load(&r->t, src, strlen(src), &r->diag);
  ck_assert_ptr_nonnull(r->t);
  r->rc = cfneval_template(&r->m, r->t, o, &r->diag);
  return r;
}

static run *run_src(const char *src)
{
  return run_opts(src, NULL);
}

static void run_free(run *r)
{
  if (r) {
    mls_model_free(r->m);
    cfn_template_free(r->t);
    mls_diag_dispose(&r->diag);
    free(r);
  }
}

static const mls_resource *res(const run *r, const char *addr)
{
  ck_assert_msg(r->m != NULL, "evaluation failed: %d", r->rc);
  for (uint32_t i = 0; i < r->m->nresources; i++) {
    if (mls_span_eq(r->m->resources[i].address, addr)) {
      return &r->m->resources[i];
    }
  }
  ck_abort_msg("no resource %s", addr);
  return NULL;
}

/* The JSON of attribute `path` of resource `addr` ("" for the body), or
 * "(absent)". */
static const char *js(run *r, const char *addr, const char *path)
{
  const mls_resource *x = res(r, addr);
  const mls_value *v = *path ? mls_value_path(x->body, path) : x->body;
  mls_buf b = MLS_BUF_INIT(1u << 20);
  char *out = r->json[r->njson++ % 8];
  if (!v) {
    return "(absent)";
  }
  ck_assert_int_eq(mls_value_write_json(&b, v), MLS_OK);
  snprintf(out, sizeof(r->json[0]), "%s", b.ptr ? b.ptr : "");
  mls_buf_dispose(&b);
  return out;
}

static const mls_value *val(run *r, const char *addr, const char *path)
{
  const mls_value *v = mls_value_path(res(r, addr)->body, path);
  ck_assert_msg(v != NULL, "%s.%s absent", addr, path);
  return v;
}

#define JS(r, addr, path, want) ck_assert_str_eq(js((r), (addr), (path)), want)

static bool is_unknown(run *r, const char *addr, const char *path)
{
  return val(r, addr, path)->kind == MLS_V_UNKNOWN;
}

static bool has_edge(const run *r, const char *from, const char *to,
                     const char *path, const char *attr)
{
  for (uint32_t i = 0; i < r->m->nedges; i++) {
    const mls_edge *e = &r->m->edges[i];
    if (mls_span_eq(r->m->resources[e->from].address, from) &&
        mls_span_eq(r->m->resources[e->to].address, to) &&
        mls_span_eq(e->path, path) && mls_span_eq(e->attr, attr)) {
      return true;
    }
  }
  return false;
}

static bool has_diag(const run *r, const char *needle)
{
  for (size_t i = 0; i < r->diag.n; i++) {
    if (strstr(r->diag.v[i].message, needle)) {
      return true;
    }
  }
  return false;
}

static const char PARAMS_TMPL[] =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  Env:\n"
    "    Type: String\n"
    "    Default: dev\n"
    "    AllowedValues: [dev, prod]\n"
    "  Size:\n"
    "    Type: Number\n"
    "    Default: '20'\n"
    "  Subnets:\n"
    "    Type: CommaDelimitedList\n"
    "    Default: 'a,b,c'\n"
    "  KeyArn:\n"
    "    Type: String\n"
    "  Secret:\n"
    "    Type: String\n"
    "    NoEcho: true\n"
    "    Default: hunter2\n"
    "  Ami:\n"
    "    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>\n"
    "    Default: /aws/service/ami\n"
    "Resources:\n"
    "  B:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Properties:\n"
    "      Env: !Ref Env\n"
    "      Size: !Ref Size\n"
    "      Subnets: !Ref Subnets\n"
    "      Key: !Ref KeyArn\n"
    "      Secret: !Ref Secret\n"
    "      Ami: !Ref Ami\n";

/* ---- parameters -------------------------------------------------------- */

START_TEST(eval_cfn_eval__parameter_defaults_typed)
{
  run *r = run_src(PARAMS_TMPL);
  ck_assert_int_eq(r->rc, MLS_OK);
  JS(r, "B", "Env", "\"dev\"");
  JS(r, "B", "Size", "20");
  ck_assert_int_eq(val(r, "B", "Size")->kind, MLS_V_NUMBER);
  JS(r, "B", "Subnets", "[\"a\",\"b\",\"c\"]");
  JS(r, "B", "Secret", "\"(sensitive)\"");
  /* An SSM parameter's Default names the parameter, not its value. */
  ck_assert(is_unknown(r, "B", "Ami"));
  /* The value sits at the Ref, line 26 ("Env: !Ref Env"). */
  ck_assert_uint_eq(val(r, "B", "Env")->range.start.line, 26);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__parameter_without_value_is_unknown)
{
  run *r = run_src(PARAMS_TMPL);
  const mls_value *v = val(r, "B", "Key");
  ck_assert_int_eq(v->kind, MLS_V_UNKNOWN);
  ck_assert(strstr(v->u.unknown.why, "no Default") != NULL);
  ck_assert(mls_span_eq(v->u.unknown.expr, "!Ref KeyArn"));
  ck_assert_uint_eq(r->m->nunknown, 2);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__params_file_list_shape)
{
  static const char file[] =
      "[{\"ParameterKey\": \"Env\", \"ParameterValue\": \"prod\"},\n"
      " {\"ParameterKey\": \"KeyArn\", \"ParameterValue\": \"arn:k\"},\n"
      " {\"ParameterKey\": \"Size\", \"ParameterValue\": \"100\"}]\n";
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  run *r;
  o.params_file = file;
  o.params_file_len = sizeof(file) - 1;
  o.params_file_name = "params.json";
  r = run_opts(PARAMS_TMPL, &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  JS(r, "B", "Env", "\"prod\"");
  JS(r, "B", "Key", "\"arn:k\"");
  JS(r, "B", "Size", "100");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__params_file_map_shape_and_overrides)
{
  static const char file[] =
      "{\"Parameters\": {\"Env\": \"prod\", \"KeyArn\": \"arn:file\",\n"
      "  \"Subnets\": [\"x\", \"y\"]}}\n";
  const char *const kv[] = { "KeyArn=arn:cli", "Env=dev", "Env=prod" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  run *r;
  o.params_file = file;
  o.params_file_len = sizeof(file) - 1;
  o.params = kv;
  o.nparams = 3;
  r = run_opts(PARAMS_TMPL, &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  /* NAME=VALUE wins over the file, a later one over an earlier one. */
  JS(r, "B", "Key", "\"arn:cli\"");
  JS(r, "B", "Env", "\"prod\"");
  JS(r, "B", "Subnets", "[\"x\",\"y\"]");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__params_file_rejected)
{
  static const char file[] = "{\"Env\": \"prod\"}";
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  const char *const bad[] = { "novalue" };
  run *r;
  o.params_file = file;
  o.params_file_len = sizeof(file) - 1;
  r = run_opts(PARAMS_TMPL, &o);
  ck_assert_int_eq(r->rc, MLS_EINPUT);
  ck_assert_ptr_null(r->m);
  ck_assert(has_diag(r, "neither"));
  run_free(r);
  o = (cfneval_opts)CFNEVAL_OPTS_INIT;
  o.params = bad;
  o.nparams = 1;
  r = run_opts(PARAMS_TMPL, &o);
  ck_assert_int_eq(r->rc, MLS_EINPUT);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__allowed_values_warns)
{
  const char *const kv[] = { "Env=staging" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  run *r;
  o.params = kv;
  o.nparams = 1;
  r = run_opts(PARAMS_TMPL, &o);
  JS(r, "B", "Env", "\"staging\"");
  ck_assert(has_diag(r, "AllowedValues"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__yaml_booleans_in_allowed_values)
{
  /* Unquoted Yes/No are YAML 1.1 booleans on both sides: no warning, and
   * the condition comparing them is false. */
  static const char src[] = "Parameters:\n"
                            "  Logs:\n"
                            "    Type: String\n"
                            "    AllowedValues: [Yes, No]\n"
                            "    Default: No\n"
                            "Conditions:\n"
                            "  LogsOn: !Equals [!Ref Logs, Yes]\n"
                            "Resources:\n"
                            "  R:\n"
                            "    Type: AWS::EC2::FlowLog\n"
                            "    Condition: LogsOn\n";
  run *r = run_src(src);
  ck_assert(!has_diag(r, "AllowedValues"));
  ck_assert(!res(r, "R")->deployed);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__pseudo_parameters_unknown_unless_given)
{
  static const char src[] = "Resources:\n"
                            "  B:\n"
                            "    Type: AWS::S3::Bucket\n"
                            "    Properties:\n"
                            "      Region: !Ref AWS::Region\n"
                            "      Account: !Ref AWS::AccountId\n"
                            "      Stack: !Ref AWS::StackName\n"
                            "      Partition: !Ref AWS::Partition\n"
                            "      Suffix: !Ref AWS::URLSuffix\n"
                            "      Bogus: !Ref AWS::Bogus\n";
  const char *const kv[] = { "AWS::Region=eu-west-1" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  run *r = run_src(src);
  ck_assert(is_unknown(r, "B", "Region"));
  ck_assert(is_unknown(r, "B", "Account"));
  ck_assert(is_unknown(r, "B", "Stack"));
  ck_assert(is_unknown(r, "B", "Partition"));
  ck_assert(is_unknown(r, "B", "Suffix"));
  ck_assert(strncmp(val(r, "B", "Bogus")->u.unknown.why, "error:", 6) == 0);
  run_free(r);
  o.params = kv;
  o.nparams = 1;
  r = run_opts(src, &o);
  JS(r, "B", "Region", "\"eu-west-1\"");
  ck_assert(is_unknown(r, "B", "Account"));
  run_free(r);
}
END_TEST

/* ---- conditions -------------------------------------------------------- */

static const char COND_TMPL[] =
    "Parameters:\n"
    "  Env: {Type: String, Default: dev}\n"
    "  Free: {Type: String}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  IsDev: !Equals [dev, !Ref Env]\n"
    "  FreeIsX: !Equals [!Ref Free, x]\n"
    "  NotProd: !Not [!Condition IsProd]\n"
    "  AndF: !And [!Condition IsDev, !Condition IsProd]\n"
    "  AndU: !And [!Condition IsDev, !Condition FreeIsX]\n"
    "  AndFU: !And [!Condition FreeIsX, !Condition IsProd]\n"
    "  OrT: !Or [!Condition FreeIsX, !Condition IsDev]\n"
    "  OrU: !Or [!Condition FreeIsX, !Condition IsProd]\n"
    "  Num: !Equals [1, '1']\n"
    "  Region: !Equals [!Ref AWS::Region, us-east-1]\n"
    "Resources:\n"
    "  Prod:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: IsProd\n"
    "  Dev:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: IsDev\n"
    "  Maybe:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Condition: FreeIsX\n"
    "  Values:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Properties:\n"
    "      NotProd: !Condition NotProd\n"
    "      AndF: !Condition AndF\n"
    "      AndU: !Condition AndU\n"
    "      AndFU: !Condition AndFU\n"
    "      OrT: !Condition OrT\n"
    "      OrU: !Condition OrU\n"
    "      Num: !Condition Num\n"
    "      Region: !Condition Region\n";

START_TEST(eval_cfn_eval__false_condition_not_deployed)
{
  run *r = run_src(COND_TMPL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(!res(r, "Prod")->deployed);
  ck_assert(res(r, "Dev")->deployed);
  /* Unknown is not false: the resource may deploy. */
  ck_assert(res(r, "Maybe")->deployed);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__conditions_three_valued)
{
  run *r = run_src(COND_TMPL);
  JS(r, "Values", "NotProd", "true");
  JS(r, "Values", "AndF", "false");
  ck_assert(is_unknown(r, "Values", "AndU"));
  JS(r, "Values", "AndFU", "false");
  JS(r, "Values", "OrT", "true");
  ck_assert(is_unknown(r, "Values", "OrU"));
  JS(r, "Values", "Num", "true");
  ck_assert(is_unknown(r, "Values", "Region"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__condition_cycle_detected)
{
  static const char src[] = "Conditions:\n"
                            "  A: !Condition B\n"
                            "  B: !And [!Condition A, !Equals [1, 1]]\n"
                            "  Self: !Not [!Condition Self]\n"
                            "Resources:\n"
                            "  R:\n"
                            "    Type: AWS::S3::Bucket\n"
                            "    Condition: A\n"
                            "  S:\n"
                            "    Type: AWS::S3::Bucket\n"
                            "    Condition: Self\n";
  run *r = run_src(src);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "depends on itself"));
  ck_assert(res(r, "R")->deployed);
  ck_assert(res(r, "S")->deployed);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__condition_chain_past_bound)
{
  /* 400 conditions each naming the next: deeper than the evaluator's
   * bound, so the head is unknown with a diagnostic, not a stack crash. */
  mls_buf b = MLS_BUF_INIT(1u << 20);
  run *r;
  ck_assert_int_eq(mls_buf_puts(&b, "Conditions:\n"), 0);
  for (int i = 0; i < 400; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "  C%d: !Condition C%d\n", i, i + 1),
                     0);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "  C400: !Equals [a, b]\n"
                                    "Resources:\n  R:\n"
                                    "    Type: AWS::S3::Bucket\n"
                                    "    Condition: C0\n"),
                   0);
  r = run_src(b.ptr);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_diag(r, "nesting deeper"));
  ck_assert(res(r, "R")->deployed);
  run_free(r);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(eval_cfn_eval__if_takes_known_branch)
{
  static const char src[] =
      "Parameters:\n"
      "  Env: {Type: String, Default: prod}\n"
      "  Free: {Type: String}\n"
      "Conditions:\n"
      "  IsProd: !Equals [!Ref Env, prod]\n"
      "  Unk: !Equals [!Ref Free, x]\n"
      "Resources:\n"
      "  B:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Properties:\n"
      "      Versioning: !If [IsProd, Enabled, Suspended]\n"
      "      Unknown: !If [Unk, a, b]\n"
      "      Same: !If [Unk, a, a]\n"
      "      Missing: !If [Nope, a, b]\n";
  run *r = run_src(src);
  JS(r, "B", "Versioning", "\"Enabled\"");
  ck_assert(is_unknown(r, "B", "Unknown"));
  JS(r, "B", "Same", "\"a\"");
  ck_assert(is_unknown(r, "B", "Missing"));
  ck_assert(has_diag(r, "no condition named Nope"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__if_novalue_removes_property)
{
  static const char src[] =
      "Parameters:\n"
      "  Env: {Type: String, Default: dev}\n"
      "Conditions:\n"
      "  IsProd: !Equals [!Ref Env, prod]\n"
      "Resources:\n"
      "  B:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Properties:\n"
      "      BucketName: keep\n"
      "      BucketEncryption: !If [IsProd, {A: 1}, !Ref AWS::NoValue]\n"
      "      Tags:\n"
      "        - !If [IsProd, {Key: k}, !Ref AWS::NoValue]\n"
      "        - {Key: env, Value: !Ref Env}\n"
      "      Direct: !Ref AWS::NoValue\n";
  run *r = run_src(src);
  JS(r, "B", "",
     "{\"BucketName\":\"keep\",\"Tags\":[{\"Key\":\"env\","
     "\"Value\":\"dev\"}]}");
  run_free(r);
}
END_TEST

/* ---- references -------------------------------------------------------- */

START_TEST(eval_cfn_eval__ref_resource_edge_and_unknown)
{
  static const char src[] = "Resources:\n"
                            "  Key:\n"
                            "    Type: AWS::KMS::Key\n"
                            "  B:\n"
                            "    Type: AWS::S3::Bucket\n"
                            "    DependsOn: [Key]\n"
                            "    Properties:\n"
                            "      Enc:\n"
                            "        Rules:\n"
                            "          - KMSMasterKeyID: !Ref Key\n"
                            "      Arn: !GetAtt Key.Arn\n"
                            "      Arn2: {\"Fn::GetAtt\": [Key, KeyId]}\n"
                            "      Bad: !Ref Nothing\n";
  run *r = run_src(src);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(is_unknown(r, "B", "Enc.Rules.0.KMSMasterKeyID"));
  ck_assert(is_unknown(r, "B", "Arn"));
  ck_assert(has_edge(r, "B", "Key", "Enc.Rules.0.KMSMasterKeyID", ""));
  ck_assert(has_edge(r, "B", "Key", "Arn", "Arn"));
  ck_assert(has_edge(r, "B", "Key", "Arn2", "KeyId"));
  ck_assert(has_edge(r, "B", "Key", "DependsOn", ""));
  ck_assert(has_diag(r, "Ref to undefined name Nothing"));
  ck_assert_uint_eq(r->m->nedges, 4);
  run_free(r);
}
END_TEST

/* ---- intrinsic functions ----------------------------------------------- */

static const char FN_TMPL[] =
    "Parameters:\n"
    "  Env: {Type: String, Default: prod}\n"
    "  Free: {Type: String}\n"
    "Mappings:\n"
    "  Sizes:\n"
    "    prod: {Instance: ml.m5.xlarge, Count: 3, Azs: [a, b]}\n"
    "Resources:\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "  B:\n"
    "    Type: AWS::SageMaker::NotebookInstance\n"
    "    Properties:\n"
    "      FindInMap: !FindInMap [Sizes, !Ref Env, Instance]\n"
    "      FindCount: !FindInMap [Sizes, prod, Count]\n"
    "      FindList: !FindInMap [Sizes, prod, Azs]\n"
    "      FindMissing: !FindInMap [Sizes, dev, Instance]\n"
    "      FindDefault: !FindInMap [Sizes, dev, X, {DefaultValue: dflt}]\n"
    "      FindUnknown: !FindInMap [Sizes, !Ref Free, Instance]\n"
    "      Join: !Join ['-', [a, !Ref Env, 3]]\n"
    "      JoinUnknown: !Join ['-', [a, !GetAtt Role.Arn]]\n"
    "      JoinEmpty: !Join ['', []]\n"
    "      Select: !Select [1, [x, y, z]]\n"
    "      SelectStr: !Select ['0', !Split [',', 'p,q']]\n"
    "      SelectOut: !Select [5, [x]]\n"
    "      Split: !Split ['::', 'a::b::::c']\n"
    "      SplitUnknown: !Split [',', !Ref Free]\n"
    "      Base64: !Base64 'hello world'\n"
    "      Base64Sub: !Base64 {'Fn::Sub': 'env=${Env}'}\n"
    "      GetAZs: !GetAZs ''\n"
    "      Import: !ImportValue shared-vpc-id\n"
    "      Cidr: !Cidr ['10.0.0.0/16', 3, 8]\n"
    "      Cidr6: !Cidr [!Ref Free, 2, 64]\n"
    "      Cidr6b: !Cidr ['2001:db8::/56', 2, 64]\n"
    "      Length: !Length [a, b, c]\n"
    "      Transform: {'Fn::Transform': {Name: X}}\n";

START_TEST(eval_cfn_eval__fn_findinmap)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "FindInMap", "\"ml.m5.xlarge\"");
  JS(r, "B", "FindCount", "3");
  JS(r, "B", "FindList", "[\"a\",\"b\"]");
  ck_assert(strncmp(val(r, "B", "FindMissing")->u.unknown.why, "error:", 6) ==
            0);
  JS(r, "B", "FindDefault", "\"dflt\"");
  ck_assert(is_unknown(r, "B", "FindUnknown"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_join)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Join", "\"a-prod-3\"");
  ck_assert(is_unknown(r, "B", "JoinUnknown"));
  ck_assert(has_edge(r, "B", "Role", "JoinUnknown", "Arn"));
  JS(r, "B", "JoinEmpty", "\"\"");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_select)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Select", "\"y\"");
  JS(r, "B", "SelectStr", "\"p\"");
  ck_assert(is_unknown(r, "B", "SelectOut"));
  ck_assert(has_diag(r, "Fn::Select index 5"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_split)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Split", "[\"a\",\"b\",\"\",\"c\"]");
  ck_assert(is_unknown(r, "B", "SplitUnknown"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_base64)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Base64", "\"aGVsbG8gd29ybGQ=\"");
  JS(r, "B", "Base64Sub", "\"ZW52PXByb2Q=\"");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_getazs_importvalue_unknown)
{
  run *r = run_src(FN_TMPL);
  ck_assert(is_unknown(r, "B", "GetAZs"));
  ck_assert(is_unknown(r, "B", "Import"));
  /* An import is not an error: no diagnostic names it. */
  ck_assert(!has_diag(r, "ImportValue"));
  ck_assert(strncmp(val(r, "B", "Import")->u.unknown.why, "error:", 6) != 0);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_cidr)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Cidr", "[\"10.0.0.0/24\",\"10.0.1.0/24\",\"10.0.2.0/24\"]");
  ck_assert(is_unknown(r, "B", "Cidr6"));
  ck_assert(is_unknown(r, "B", "Cidr6b"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_length_and_transform)
{
  run *r = run_src(FN_TMPL);
  JS(r, "B", "Length", "3");
  ck_assert(is_unknown(r, "B", "Transform"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__fn_sub_placeholders)
{
  static const char src[] =
      "Parameters:\n"
      "  Env: {Type: String, Default: prod}\n"
      "Resources:\n"
      "  Bucket:\n"
      "    Type: AWS::S3::Bucket\n"
      "  B:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Properties:\n"
      "      Param: !Sub 'ml-${Env}-data'\n"
      "      Literal: !Sub 'echo ${!HOME} ${Env}'\n"
      "      Attr: !Sub 'arn:${Bucket.Arn}/*'\n"
      "      Res: !Sub '${Bucket}'\n"
      "      Pseudo: !Sub 'ml-${AWS::Region}'\n"
      "      Map: !Sub ['${X}-${Env}', {X: !Join ['', [a, b]]}]\n"
      "      MapUnknown: !Sub ['${X}', {X: !GetAtt Bucket.DomainName}]\n"
      "      Unclosed: !Sub 'a${Env'\n";
  run *r = run_src(src);
  JS(r, "B", "Param", "\"ml-prod-data\"");
  JS(r, "B", "Literal", "\"echo ${HOME} prod\"");
  ck_assert(is_unknown(r, "B", "Attr"));
  ck_assert(has_edge(r, "B", "Bucket", "Attr", "Arn"));
  ck_assert(is_unknown(r, "B", "Res"));
  ck_assert(has_edge(r, "B", "Bucket", "Res", ""));
  ck_assert(is_unknown(r, "B", "Pseudo"));
  JS(r, "B", "Map", "\"ab-prod\"");
  ck_assert(is_unknown(r, "B", "MapUnknown"));
  ck_assert(has_edge(r, "B", "Bucket", "MapUnknown", "DomainName"));
  JS(r, "B", "Unclosed", "\"a${Env\"");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__json_template_and_model_json)
{
  static const char src[] =
      "{\n"
      "  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
      "  \"Resources\": {\n"
      "    \"Nb\": {\n"
      "      \"Type\": \"AWS::SageMaker::NotebookInstance\",\n"
      "      \"Properties\": {\n"
      "        \"DirectInternetAccess\": \"Enabled\",\n"
      "        \"KmsKeyId\": {\"Ref\": \"AWS::NoValue\"}\n"
      "      }\n"
      "    }\n"
      "  }\n"
      "}\n";
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  mls_buf b = MLS_BUF_INIT(1u << 20);
  run *r;
  o.path = "stacks/nb.json";
  r = run_opts(src, &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_eq(res(r, "Nb")->range.start.line, 4);
  ck_assert_uint_eq(res(r, "Nb")->range.end.line, 10);
  ck_assert_uint_eq(val(r, "Nb", "DirectInternetAccess")->range.start.line, 7);
  ck_assert_int_eq(mls_model_write_json(&b, r->m), MLS_OK);
  ck_assert_str_eq(
      b.ptr, "{\"files\":[\"stacks/nb.json\"],\"resources\":[{\"framework\":"
             "\"cloudformation\",\"mode\":\"managed\",\"type\":\"AWS::"
             "SageMaker::NotebookInstance\",\"address\":\"Nb\",\"module\":"
             "\"\",\"file\":\"stacks/nb.json\",\"start_line\":4,\"end_line\":"
             "10,\"deployed\":true,\"attributes\":{\"DirectInternetAccess\":"
             "\"Enabled\"}}],\"edges\":[],\"unknown_values\":0}");
  mls_buf_dispose(&b);
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__not_a_template)
{
  run *r = run_src("- a\n- b\n");
  ck_assert_int_eq(r->rc, MLS_EINPUT);
  ck_assert_ptr_null(r->m);
  run_free(r);
}
END_TEST

/* ---- Outputs ------------------------------------------------------------ */

START_TEST(eval_cfn_eval__outputs_evaluated)
{
  run *r = run_src("Parameters:\n"
                   "  Env: {Type: String, Default: prod}\n"
                   "Conditions:\n"
                   "  IsDev: !Equals [!Ref Env, dev]\n"
                   "Resources:\n"
                   "  B:\n"
                   "    Type: AWS::S3::Bucket\n"
                   "Outputs:\n"
                   "  B:\n"
                   "    Description: !Sub 'bucket of ${Env}'\n"
                   "    Value: !GetAtt B.Arn\n"
                   "    Export:\n"
                   "      Name: !Sub '${Env}-${B}'\n"
                   "  DevOnly:\n"
                   "    Condition: IsDev\n"
                   "    Value: !Ref B\n"
                   "  Bad:\n"
                   "    Value: !Ref Nothing\n");
  const mls_resource *o;
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_eq(r->m->nresources, 4);
  ck_assert(mls_span_eq(r->m->resources[0].address, "B"));
  o = res(r, "Outputs.B");
  ck_assert(mls_span_eq(o->type, "AWS::CloudFormation::Output"));
  ck_assert(o->deployed);
  ck_assert_uint_eq(o->range.start.line, 9);
  ck_assert_uint_eq(o->range.end.line, 13);
  JS(r, "Outputs.B", "Description", "\"bucket of prod\"");
  ck_assert(is_unknown(r, "Outputs.B", "Value"));
  ck_assert(is_unknown(r, "Outputs.B", "Export.Name"));
  ck_assert_uint_eq(val(r, "Outputs.B", "Export.Name")->range.start.line, 13);
  ck_assert(has_edge(r, "Outputs.B", "B", "Value", "Arn"));
  ck_assert(has_edge(r, "Outputs.B", "B", "Export.Name", ""));
  /* under a false Condition: in the model, not deployed; no Condition key */
  ck_assert(!res(r, "Outputs.DevOnly")->deployed);
  JS(r, "Outputs.DevOnly", "Condition", "(absent)");
  ck_assert(has_edge(r, "Outputs.DevOnly", "B", "Value", ""));
  /* a Ref to nothing in an output: a warning, an error unknown */
  ck_assert(is_unknown(r, "Outputs.Bad", "Value"));
  ck_assert_msg(
      strncmp(val(r, "Outputs.Bad", "Value")->u.unknown.why, "error:", 6) == 0,
      "why: %s", val(r, "Outputs.Bad", "Value")->u.unknown.why);
  /* the resource B is not confused with the output B */
  ck_assert(!has_edge(r, "B", "B", "Value", "Arn"));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__output_malformed)
{
  run *r = run_src("Resources:\n"
                   "  B: {Type: AWS::S3::Bucket}\n"
                   "Outputs:\n"
                   "  L: [1, 2]\n"
                   "  N:\n"
                   "    Description: no value\n"
                   "  C:\n"
                   "    Condition: [x]\n"
                   "    Value: 1\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  JS(r, "Outputs.L", "", "{}");
  JS(r, "Outputs.N", "Description", "\"no value\"");
  ck_assert(res(r, "Outputs.C")->deployed);
  JS(r, "Outputs.C", "Value", "1");
  ck_assert_uint_ge(r->diag.n, 3);
  run_free(r);
}
END_TEST

/* ---- ARNs in policies ---------------------------------------------------- */

START_TEST(eval_cfn_eval__policy_reference_edges)
{
  /* Already edges through the intrinsics: GetAtt, Ref, Sub with ${X.Arn}. */
  run *r = run_src("Resources:\n"
                   "  B: {Type: AWS::S3::Bucket}\n"
                   "  R:\n"
                   "    Type: AWS::IAM::Role\n"
                   "    Properties:\n"
                   "      Policies:\n"
                   "        - PolicyName: p\n"
                   "          PolicyDocument:\n"
                   "            Statement:\n"
                   "              - Effect: Allow\n"
                   "                Action: s3:*\n"
                   "                Resource:\n"
                   "                  - !GetAtt B.Arn\n"
                   "                  - !Sub '${B.Arn}/*'\n"
                   "  P:\n"
                   "    Type: AWS::S3::BucketPolicy\n"
                   "    Properties:\n"
                   "      Bucket: !Ref B\n"
                   "      PolicyDocument:\n"
                   "        Statement:\n"
                   "          Principal: {AWS: !GetAtt R.Arn}\n"
                   "          Resource: !Sub 'arn:aws:s3:::${B}/*'\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(has_edge(
      r, "R", "B", "Policies.0.PolicyDocument.Statement.0.Resource.0", "Arn"));
  ck_assert(has_edge(
      r, "R", "B", "Policies.0.PolicyDocument.Statement.0.Resource.1", "Arn"));
  ck_assert(has_edge(r, "P", "B", "Bucket", ""));
  ck_assert(
      has_edge(r, "P", "R", "PolicyDocument.Statement.Principal.AWS", "Arn"));
  ck_assert(has_edge(r, "P", "B", "PolicyDocument.Statement.Resource", ""));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__literal_arn_edges)
{
  static const char src[] =
      "Parameters:\n"
      "  Name: {Type: String, Default: data-bkt}\n"
      "Resources:\n"
      "  B:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Properties: {BucketName: !Ref Name}\n"
      "  Other:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Properties: {BucketName: other}\n"
      "  Q:\n"
      "    Type: AWS::SQS::Queue\n"
      "    Properties: {QueueName: jobs}\n"
      "  Role:\n"
      "    Type: AWS::IAM::Role\n"
      "    Properties: {RoleName: exec}\n"
      "  T:\n"
      "    Type: AWS::DynamoDB::Table\n"
      "    Properties: {TableName: runs}\n"
      "  Pol:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Statement:\n"
      "          - Effect: Allow\n"
      "            Action: '*'\n"
      "            Resource:\n"
      "              - arn:aws:s3:::data-bkt\n"
      "              - arn:aws:s3:::data-bkt/prefix/*\n"
      "              - !Join ['', ['arn:aws:s3:::', other, '/*']]\n"
      "              - arn:aws:s3:::data-*\n"
      "              - !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:"
      "${AWS::AccountId}:jobs'\n"
      "              - arn:aws:sqs:eu-west-1:111122223333:jobs\n"
      "              - arn:aws:dynamodb:*:*:table/runs/index/byDate\n"
      "          - Effect: Deny\n"
      "            Action: '*'\n"
      "            NotPrincipal:\n"
      "              AWS: arn:aws:iam::111122223333:role/svc/exec\n"
      "            Resource: '*'\n"
      "      Description: arn:aws:s3:::other\n";
  const char *given[] = { "AWS::AccountId=111122223333",
                          "AWS::Region=eu-west-1" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  const char *base = "PolicyDocument.Statement.0.Resource.";
  char p[128];
  run *r = run_src(src);
  ck_assert_int_eq(r->rc, MLS_OK);
  snprintf(p, sizeof(p), "%s0", base);
  ck_assert(has_edge(r, "Pol", "B", p, "Arn"));
  snprintf(p, sizeof(p), "%s1", base);
  ck_assert(has_edge(r, "Pol", "B", p, "Arn"));
  snprintf(p, sizeof(p), "%s2", base); /* a computed ARN */
  ck_assert(has_edge(r, "Pol", "Other", p, "Arn"));
  snprintf(p, sizeof(p), "%s3", base); /* a pattern: not decided */
  ck_assert(!has_edge(r, "Pol", "B", p, "Arn"));
  snprintf(p, sizeof(p), "%s4", base); /* the stack's own region, account */
  ck_assert(has_edge(r, "Pol", "Q", p, "Arn"));
  snprintf(p, sizeof(p), "%s5", base); /* another account? not known */
  ck_assert(!has_edge(r, "Pol", "Q", p, "Arn"));
  snprintf(p, sizeof(p), "%s6", base);
  ck_assert(has_edge(r, "Pol", "T", p, "Arn"));
  ck_assert(!has_edge(r, "Pol", "Role",
                      "PolicyDocument.Statement.1.NotPrincipal.AWS", "Arn"));
  /* outside a statement: no edge */
  ck_assert(!has_edge(r, "Pol", "Other", "Description", "Arn"));
  run_free(r);

  /* with the account and region given, the literal ARNs decide */
  o.params = given;
  o.nparams = 2;
  r = run_opts(src, &o);
  ck_assert_int_eq(r->rc, MLS_OK);
  snprintf(p, sizeof(p), "%s5", base);
  ck_assert(has_edge(r, "Pol", "Q", p, "Arn"));
  ck_assert(has_edge(r, "Pol", "Role",
                     "PolicyDocument.Statement.1.NotPrincipal.AWS", "Arn"));
  run_free(r);

  /* a different account given: no edge */
  given[0] = "AWS::AccountId=999999999999";
  r = run_opts(src, &o);
  snprintf(p, sizeof(p), "%s5", base);
  ck_assert(!has_edge(r, "Pol", "Q", p, "Arn"));
  snprintf(p, sizeof(p), "%s4", base);
  ck_assert(has_edge(r, "Pol", "Q", p, "Arn"));
  run_free(r);
}
END_TEST

/* ---- Fn::ForEach (AWS::LanguageExtensions) --------------------------------
 */

START_TEST(eval_cfn_eval__foreach_expands_known_collection)
{
  run *r =
      run_src("Transform: AWS::LanguageExtensions\n"
              "Parameters:\n"
              "  Envs: {Type: CommaDelimitedList, Default: 'dev,prod-eu'}\n"
              "Conditions:\n"
              "  Fn::ForEach::Conds:\n"
              "    - E\n"
              "    - !Ref Envs\n"
              "    - 'Is&{E}': !Equals [!Ref 'AWS::Region', '${E}']\n"
              "Resources:\n"
              "  Fn::ForEach::Buckets:\n"
              "    - E\n"
              "    - !Ref Envs\n"
              "    - 'Bucket&{E}':\n"
              "        Type: AWS::S3::Bucket\n"
              "        Properties:\n"
              "          BucketName: !Sub 'data-${E}-${AWS::Region}'\n"
              "          Tags:\n"
              "            - {Key: env, Value: !Ref E}\n"
              "            - {Key: name, Value: '${E}'}\n"
              "          Fn::ForEach::Props:\n"
              "            - P\n"
              "            - [Versioning, Logging]\n"
              "            - '${P}Note': '${P} of ${E}'\n"
              "      'Policy&{E}':\n"
              "        Type: AWS::S3::BucketPolicy\n"
              "        Properties:\n"
              "          Bucket: !Ref 'Bucket&{E}'\n"
              "  Fn::ForEach::Nested:\n"
              "    - A\n"
              "    - [x, y]\n"
              "    - Fn::ForEach::Inner:\n"
              "        - B\n"
              "        - ['1', '2']\n"
              "        - 'Q${A}${B}': {Type: AWS::SQS::Queue}\n"
              "Outputs:\n"
              "  Fn::ForEach::Outs:\n"
              "    - E\n"
              "    - [dev]\n"
              "    - 'Out${E}': {Value: !Ref 'Bucket${E}'}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  /* 2 buckets, 2 policies, 4 queues, then 1 output */
  ck_assert_uint_eq(r->m->nresources, 9);
  ck_assert(mls_span_eq(res(r, "Bucketprodeu")->type, "AWS::S3::Bucket"));
  ck_assert_uint_eq(res(r, "Bucketprodeu")->range.start.line, 13);
  ck_assert(is_unknown(r, "Bucketdev", "BucketName"));
  JS(r, "Bucketdev", "Tags",
     "[{\"Key\":\"env\",\"Value\":\"dev\"},{\"Key\":\"name\","
     "\"Value\":\"dev\"}]");
  JS(r, "Bucketprodeu", "VersioningNote", "\"Versioning of prod-eu\"");
  JS(r, "Bucketprodeu", "LoggingNote", "\"Logging of prod-eu\"");
  ck_assert(has_edge(r, "Policydev", "Bucketdev", "Bucket", ""));
  ck_assert(has_edge(r, "Policyprodeu", "Bucketprodeu", "Bucket", ""));
  res(r, "Qx1");
  res(r, "Qy2");
  ck_assert(has_edge(r, "Outputs.Outdev", "Bucketdev", "Value", ""));
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__foreach_unknown_collection)
{
  run *r = run_src("Transform: [AWS::LanguageExtensions]\n"
                   "Parameters:\n"
                   "  Names: {Type: CommaDelimitedList}\n"
                   "Resources:\n"
                   "  Fn::ForEach::B:\n"
                   "    - N\n"
                   "    - !Ref Names\n"
                   "    - 'Bucket${N}':\n"
                   "        Type: AWS::S3::Bucket\n"
                   "        Properties:\n"
                   "          BucketName: !Ref N\n"
                   "          Other: 'x-${N}'\n"
                   "          Fixed: 'kept'\n"
                   "  Fn::ForEach::Bad: [N, [a]]\n"
                   "Outputs:\n"
                   "  Fn::ForEach::O:\n"
                   "    - N\n"
                   "    - !Ref Names\n"
                   "    - Fn::ForEach::P:\n"
                   "        - P\n"
                   "        - [Arn, Id]\n"
                   "        - 'O${N}${P}': {Value: !Ref P}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_eq(r->m->nresources, 3);
  ck_assert(mls_span_eq(res(r, "Bucket${N}")->type, "AWS::S3::Bucket"));
  /* the known inner loop still expands inside the representative */
  JS(r, "Outputs.O${N}Arn", "Value", "\"Arn\"");
  JS(r, "Outputs.O${N}Id", "Value", "\"Id\"");
  ck_assert(is_unknown(r, "Bucket${N}", "BucketName"));
  ck_assert(is_unknown(r, "Bucket${N}", "Other"));
  JS(r, "Bucket${N}", "Fixed", "\"kept\"");
  ck_assert_uint_ge(r->diag.n, 2); /* unknown collection, malformed loop */
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__foreach_bounded)
{
  /* a collection longer than MLS_MAX_EXPANSION: one representative */
  mls_buf b = MLS_BUF_INIT(1u << 24);
  run *r;
  ck_assert_int_eq(mls_buf_printf(&b, "Transform: AWS::LanguageExtensions\n"
                                      "Resources:\n"
                                      "  Fn::ForEach::L:\n"
                                      "    - I\n"
                                      "    - ["),
                   MLS_OK);
  for (int i = 0; i <= MLS_MAX_EXPANSION; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "%s'%d'", i ? "," : "", i), MLS_OK);
  }
  ck_assert_int_eq(
      mls_buf_printf(&b, "]\n    - 'R${I}': {Type: AWS::SQS::Queue}\n"),
      MLS_OK);
  r = run_src(b.ptr);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_uint_eq(r->m->nresources, 1);
  res(r, "R${I}");
  run_free(r);
  mls_buf_clear(&b);

  /* nested loops past MLS_MAX_INSTANCES copies: the template fails */
  ck_assert_int_eq(mls_buf_printf(&b, "Transform: AWS::LanguageExtensions\n"
                                      "Mappings: {M: {K: {L: ["),
                   MLS_OK);
  for (int i = 0; i < 1000; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "%s'%d'", i ? "," : "", i), MLS_OK);
  }
  ck_assert_int_eq(
      mls_buf_printf(&b, "]}}}\nResources:\n"
                         "  Fn::ForEach::A:\n"
                         "    - A\n"
                         "    - !FindInMap [M, K, L]\n"
                         "    - Fn::ForEach::B:\n"
                         "        - B\n"
                         "        - !FindInMap [M, K, L]\n"
                         "        - 'R${A}x${B}': {Type: AWS::SQS::Queue}\n"),
      MLS_OK);
  r = run_src(b.ptr);
  ck_assert_int_eq(r->rc, MLS_ELIMIT);
  ck_assert_ptr_null(r->m);
  run_free(r);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(eval_cfn_eval__fn_tojsonstring)
{
  run *r = run_src("Transform: AWS::LanguageExtensions\n"
                   "Parameters:\n"
                   "  P: {Type: String}\n"
                   "Resources:\n"
                   "  D:\n"
                   "    Type: AWS::CloudWatch::Dashboard\n"
                   "    Properties:\n"
                   "      DashboardBody: !ToJsonString\n"
                   "        widgets: [{type: text, width: 6}]\n"
                   "      Other: {'Fn::ToJsonString': [1, true, 'a']}\n"
                   "      Unk: {'Fn::ToJsonString': {a: !Ref P}}\n"
                   "      Len: {'Fn::Length': [1, 2, 3]}\n"
                   "      Bad: {'Fn::ToJsonString': 'str'}\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  JS(r, "D", "DashboardBody",
     "\"{\\\"widgets\\\":[{\\\"type\\\":\\\"text\\\","
     "\\\"width\\\":6}]}\"");
  JS(r, "D", "Other", "\"[1,true,\\\"a\\\"]\"");
  ck_assert(is_unknown(r, "D", "Unk"));
  JS(r, "D", "Len", "3");
  ck_assert(is_unknown(r, "D", "Bad"));
  run_free(r);
}
END_TEST

/* ---- SAM, CDK, the corpus ---------------------------------------------- */

START_TEST(eval_cfn_eval__sam_template_from_corpus)
{
  size_t len;
  char *src = mls_test_read_shared(
      "corpus/real/aws-cloudformation__aws-cloudformation-templates/"
      "CloudFormation/MacrosExamples/Boto3/macro.yaml",
      &len);
  cfn_template *t = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  if (!src) {
    return; /* ../shared is absent */
  }
  cfn_load(&t, src, len, &d);
  ck_assert(t->flags & CFN_T_SAM);
  ck_assert_int_eq(cfneval_template(&m, t, NULL, &d), MLS_OK);
  ck_assert_uint_eq(m->nresources, 3);
  ck_assert(mls_span_eq(m->resources[0].type, "AWS::Serverless::Function"));
  ck_assert_uint_eq(m->nedges, 2);
  mls_model_free(m);
  cfn_template_free(t);
  mls_diag_dispose(&d);
  mls_free(src);
}
END_TEST

/* The shape `cdk synth` writes: partition-aware Fn::Join ARNs, an SSM
 * BootstrapVersion parameter, a CDKMetadata resource under a region
 * condition and a Rules section. */
static const char CDK_TMPL[] =
    "{\n"
    " \"Resources\": {\n"
    "  \"ModelBucketA1B2\": {\n"
    "   \"Type\": \"AWS::S3::Bucket\",\n"
    "   \"Properties\": {\"BucketEncryption\": {\"ServerSideEncryption"
    "Configuration\": [{\"ServerSideEncryptionByDefault\": {"
    "\"SSEAlgorithm\": \"aws:kms\", \"KMSMasterKeyID\": {\"Fn::GetAtt\": "
    "[\"KeyC3D4\", \"Arn\"]}}}]}},\n"
    "   \"UpdateReplacePolicy\": \"Retain\",\n"
    "   \"Metadata\": {\"aws:cdk:path\": \"MlStack/ModelBucket/Resource\"}\n"
    "  },\n"
    "  \"KeyC3D4\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {"
    "\"KeyPolicy\": {\"Statement\": [{\"Principal\": {\"AWS\": {\"Fn::Join\":"
    " [\"\", [\"arn:\", {\"Ref\": \"AWS::Partition\"}, \":iam::\", "
    "{\"Ref\": \"AWS::AccountId\"}, \":root\"]]}}}]}}},\n"
    "  \"CDKMetadata\": {\n"
    "   \"Type\": \"AWS::CDK::Metadata\",\n"
    "   \"Properties\": {\"Analytics\": \"v2:deflate64:H4sI\"},\n"
    "   \"Metadata\": {\"aws:cdk:path\": \"MlStack/CDKMetadata/Default\"},\n"
    "   \"Condition\": \"CDKMetadataAvailable\"\n"
    "  }\n"
    " },\n"
    " \"Conditions\": {\"CDKMetadataAvailable\": {\"Fn::Or\": ["
    "{\"Fn::Equals\": [{\"Ref\": \"AWS::Region\"}, \"us-east-1\"]}, "
    "{\"Fn::Equals\": [{\"Ref\": \"AWS::Region\"}, \"eu-west-1\"]}]}},\n"
    " \"Parameters\": {\"BootstrapVersion\": {\"Type\": "
    "\"AWS::SSM::Parameter::Value<String>\", \"Default\": "
    "\"/cdk-bootstrap/hnb659fds/version\"}},\n"
    " \"Rules\": {\"CheckBootstrapVersion\": {\"Assertions\": [{\"Assert\":"
    " {\"Fn::Not\": [{\"Fn::Contains\": [[\"1\"], {\"Ref\": "
    "\"BootstrapVersion\"}]}]}}]}}\n"
    "}\n";

START_TEST(eval_cfn_eval__sam_globals_merged)
{
  run *r = run_src("Transform: AWS::Serverless-2016-10-31\n"
                   "Globals:\n"
                   "  Function:\n"
                   "    Runtime: python3.12\n"
                   "    Timeout: 30\n"
                   "    Environment:\n"
                   "      Variables: {STAGE: prod, TABLE: !Ref T}\n"
                   "    Layers: [arn:aws:lambda:eu-west-1:1:layer:a:1]\n"
                   "    VpcConfig: !Ref AWS::NoValue\n"
                   "  SimpleTable:\n"
                   "    SSESpecification: {SSEEnabled: true}\n"
                   "  Api:\n"
                   "    TracingEnabled: true\n"
                   "Resources:\n"
                   "  T: {Type: AWS::Serverless::SimpleTable}\n"
                   "  F:\n"
                   "    Type: AWS::Serverless::Function\n"
                   "    Properties:\n"
                   "      Handler: app.h\n"
                   "      Timeout: 5\n"
                   "      Environment:\n"
                   "        Variables: {STAGE: dev, EXTRA: x}\n"
                   "      Layers: [!Ref L]\n"
                   "  G:\n"
                   "    Type: AWS::Serverless::Function\n"
                   "    Properties:\n"
                   "      Environment: !If [C, {Variables: {A: b}}, "
                   "!Ref AWS::NoValue]\n"
                   "  L: {Type: AWS::Serverless::LayerVersion}\n"
                   "  Plain: {Type: AWS::Lambda::Function, Properties: {}}\n"
                   "Conditions:\n"
                   "  C: !Equals [a, a]\n");
  ck_assert_int_eq(r->rc, MLS_OK);
  JS(r, "F", "Runtime", "\"python3.12\"");
  JS(r, "F", "Timeout", "5");
  JS(r, "F", "Handler", "\"app.h\"");
  JS(r, "F", "Environment.Variables.STAGE", "\"dev\"");
  JS(r, "F", "Environment.Variables.EXTRA", "\"x\"");
  ck_assert(is_unknown(r, "F", "Environment.Variables.TABLE"));
  ck_assert(has_edge(r, "F", "T", "Environment.Variables.TABLE", ""));
  ck_assert(has_edge(r, "F", "L", "Layers.1", ""));
  JS(r, "F", "Layers.0", "\"arn:aws:lambda:eu-west-1:1:layer:a:1\"");
  JS(r, "F", "VpcConfig", "(absent)");
  ck_assert_uint_eq(val(r, "F", "Runtime")->range.start.line, 4);
  /* an intrinsic on the resource's side wins whole */
  JS(r, "G", "Environment", "{\"Variables\":{\"A\":\"b\"}}");
  JS(r, "G", "Runtime", "\"python3.12\"");
  /* no Properties: the globals are the properties */
  JS(r, "T", "SSESpecification.SSEEnabled", "true");
  JS(r, "Plain", "Runtime", "(absent)");
  run_free(r);

  /* without the SAM transform, Globals means nothing */
  r = run_src("Globals: {Function: {Runtime: python3.12}}\n"
              "Resources:\n"
              "  F: {Type: AWS::Serverless::Function, Properties: {}}\n");
  JS(r, "F", "Runtime", "(absent)");
  run_free(r);
}
END_TEST

START_TEST(eval_cfn_eval__cdk_output)
{
  const char *const kv[] = { "AWS::Region=ap-south-2" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  run *r = run_src(CDK_TMPL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(r->t->flags & CFN_T_CDK);
  ck_assert_uint_eq(r->m->nresources, 3);
  ck_assert(is_unknown(r, "ModelBucketA1B2",
                       "BucketEncryption.ServerSideEncryptionConfiguration.0."
                       "ServerSideEncryptionByDefault.KMSMasterKeyID"));
  ck_assert(has_edge(r, "ModelBucketA1B2", "KeyC3D4",
                     "BucketEncryption.ServerSideEncryptionConfiguration.0."
                     "ServerSideEncryptionByDefault.KMSMasterKeyID",
                     "Arn"));
  ck_assert(is_unknown(r, "KeyC3D4", "KeyPolicy.Statement.0.Principal.AWS"));
  ck_assert(res(r, "CDKMetadata")->deployed);
  /* The construct path names the resource in messages. */
  ck_assert(mls_span_eq(res(r, "ModelBucketA1B2")->construct,
                        "MlStack/ModelBucket/Resource"));
  ck_assert_uint_eq(res(r, "KeyC3D4")->construct.len, 0);
  run_free(r);
  o.params = kv;
  o.nparams = 1;
  r = run_opts(CDK_TMPL, &o);
  ck_assert(!res(r, "CDKMetadata")->deployed);
  run_free(r);
}
END_TEST

/* Policy documents written as JSON strings (a literal, or Fn::Sub over a
 * JSON body) are decoded into trees rules can read, flagged MLS_VF_JSON,
 * every node pointing at the string's line; a string that is not JSON,
 * or a property that is not a policy, stays a string. */
static const char POLICY_STRINGS_TMPL[] =
    "Parameters:\n"
    "  Bucket: {Type: String, Default: data}\n"
    "Resources:\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument: '{\"Statement\":[{\"Effect\":\"Allow\","
    "\"Action\":\"sts:AssumeRole\"}]}'\n"
    "      Description: '{\"not\": \"a policy property\"}'\n"
    "  Pol:\n"
    "    Type: AWS::IAM::Policy\n"
    "    Properties:\n"
    "      PolicyDocument: !Sub |\n"
    "        {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n"
    "          \"Resource\": \"arn:aws:s3:::${Bucket}/*\"}]}\n"
    "  Bad:\n"
    "    Type: AWS::IAM::Policy\n"
    "    Properties:\n"
    "      PolicyDocument: '{\"Statement\": [trailing,]}'\n";

START_TEST(eval_cfn_eval__policy_strings_decoded)
{
  run *r = run_src(POLICY_STRINGS_TMPL);
  const mls_value *doc;
  ck_assert_int_eq(r->rc, MLS_OK);
  doc = val(r, "Role", "AssumeRolePolicyDocument");
  ck_assert_int_eq(doc->kind, MLS_V_MAP);
  ck_assert(doc->flags & MLS_VF_JSON);
  ck_assert_str_eq(js(r, "Role", "AssumeRolePolicyDocument.Statement.0.Action"),
                   "\"sts:AssumeRole\"");
  ck_assert_uint_eq(
      val(r, "Role", "AssumeRolePolicyDocument.Statement.0.Effect")
          ->range.start.line,
      7);
  ck_assert_int_eq(val(r, "Role", "Description")->kind, MLS_V_STRING);
  ck_assert_str_eq(js(r, "Pol", "PolicyDocument.Statement.0.Action"), "\"*\"");
  ck_assert_str_eq(js(r, "Pol", "PolicyDocument.Statement.0.Resource"),
                   "\"arn:aws:s3:::data/*\"");
  ck_assert_int_eq(val(r, "Bad", "PolicyDocument")->kind, MLS_V_STRING);
  run_free(r);
}
END_TEST

/* A policy written with Fn::Sub whose unknown placeholders are all inside
 * JSON strings is decoded: those strings are unknowns keeping their known
 * start, the rest is the document. An unknown where JSON wants a value or
 * in a key, a text holding the marker character itself, or a property
 * that is not a policy stays the unknown string. */
START_TEST(eval_cfn_eval__sub_policy_shape)
{
  static const char src[] =
      "Parameters:\n"
      "  Flag:\n"
      "    Type: String\n"
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: !Sub |\n"
      "        {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\",\n"
      "          \"Resource\": \"arn:aws:s3:::${AWS::AccountId}-data/*\"}]}\n"
      "  Q:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: !Sub '{\"Statement\": [{\"Effect\": ${Flag}}]}'\n"
      "  K:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: !Sub '{\"${Flag}\": 1}'\n"
      "  M:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: !Sub '{\"A\": \"\xee\x80\x80${Flag}\"}'\n"
      "  T:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: !Sub '{\"Statement\": [{\"Action\": \"s3:*\", "
      "\"Resource\": \"arn:${AWS::Partition}:s3:::d\"}]}'\n"
      "  D:\n"
      "    Type: AWS::SSM::Parameter\n"
      "    Properties:\n"
      "      Value: !Sub '{\"A\": \"${AWS::AccountId}\"}'\n";
  run *r = run_src(src);
  const mls_value *v;
  ck_assert_int_eq(r->rc, MLS_OK);
  v = val(r, "P", "PolicyDocument");
  ck_assert_int_eq(v->kind, MLS_V_MAP);
  ck_assert(v->flags & MLS_VF_JSON);
  ck_assert_str_eq(js(r, "P", "PolicyDocument.Statement.0.Action"), "\"*\"");
  v = val(r, "P", "PolicyDocument.Statement.0.Resource");
  ck_assert_int_eq(v->kind, MLS_V_UNKNOWN);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:aws:s3:::");
  ck_assert_str_eq(v->u.unknown.suffix, "-data/*");
  ck_assert_uint_eq(v->range.start.line, 8);
  /* known but for the partition: decoded the same way */
  ck_assert_str_eq(js(r, "T", "PolicyDocument.Statement.0.Action"), "\"s3:*\"");
  v = val(r, "T", "PolicyDocument.Statement.0.Resource");
  ck_assert_int_eq(v->kind, MLS_V_UNKNOWN);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:");
  ck_assert_int_eq(val(r, "Q", "PolicyDocument")->kind, MLS_V_UNKNOWN);
  ck_assert_int_eq(val(r, "K", "PolicyDocument")->kind, MLS_V_UNKNOWN);
  ck_assert_int_eq(val(r, "M", "PolicyDocument")->kind, MLS_V_UNKNOWN);
  ck_assert_int_eq(val(r, "D", "Value")->kind, MLS_V_UNKNOWN);
  run_free(r);
}
END_TEST

/* Fn::GetAtt of an attribute named *Arn of an AWS resource is a string
 * starting "arn:", and so is the Ref of a type whose Ref is its ARN; a
 * custom resource's or a nested stack's outputs, and other attributes,
 * are what they are. */
START_TEST(eval_cfn_eval__getatt_arn_is_an_arn)
{
  static const char src[] = "Resources:\n"
                            "  Role:\n"
                            "    Type: AWS::IAM::Role\n"
                            "  Topic:\n"
                            "    Type: AWS::SNS::Topic\n"
                            "  Cr:\n"
                            "    Type: Custom::Thing\n"
                            "  Nested:\n"
                            "    Type: AWS::CloudFormation::Stack\n"
                            "  P:\n"
                            "    Type: AWS::SSM::Parameter\n"
                            "    Properties:\n"
                            "      A: !GetAtt Role.Arn\n"
                            "      B: !GetAtt [Topic, TopicArn]\n"
                            "      C: !GetAtt Role.RoleId\n"
                            "      D: !GetAtt Cr.RoleArn\n"
                            "      E: !GetAtt Nested.Outputs.RoleArn\n"
                            "      F: !Ref Topic\n"
                            "      G: !Ref Secret\n"
                            "      H: !Ref Role\n"
                            "  Secret:\n"
                            "    Type: AWS::SecretsManager::Secret\n";
  run *r = run_src(src);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert_str_eq(val(r, "P", "A")->u.unknown.prefix, "arn:");
  ck_assert_str_eq(val(r, "P", "B")->u.unknown.prefix, "arn:");
  ck_assert(val(r, "P", "C")->u.unknown.prefix == NULL);
  ck_assert(val(r, "P", "D")->u.unknown.prefix == NULL);
  ck_assert(val(r, "P", "E")->u.unknown.prefix == NULL);
  /* a Ref is an ARN for the types whose Ref returns one; a role's Ref is
   * its name */
  ck_assert_str_eq(val(r, "P", "F")->u.unknown.prefix, "arn:");
  ck_assert_str_eq(val(r, "P", "G")->u.unknown.prefix, "arn:");
  ck_assert(val(r, "P", "H")->u.unknown.prefix == NULL);
  run_free(r);
}
END_TEST

/* Fn::Sub and Fn::Join with unknown parts keep their known start (a
 * refinement, docs/cfn-eval.md); a policy string with a trailing comma is
 * decoded as AWS reads it. */
START_TEST(eval_cfn_eval__unknown_string_prefix)
{
  static const char src[] =
      "Parameters:\n"
      "  Name: {Type: String}\n"
      "Resources:\n"
      "  Bucket:\n"
      "    Type: AWS::S3::Bucket\n"
      "  B:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Properties:\n"
      "      Sub: !Sub 'arn:aws:iam::${AWS::AccountId}:root'\n"
      "      SubLeading: !Sub '${Name}-data'\n"
      "      SubNested: !Sub ['x/${A}', {A: !Sub 'arn:${Name}'}]\n"
      "      Join: !Join [':', [arn, aws, !Ref Name, x]]\n"
      "      JoinFirst: !Join [':', [!Ref Name, x]]\n"
      "      JoinRoot: !Join ['', ['arn:', !Ref AWS::Partition, ':iam::',\n"
      "                            !Ref AWS::AccountId, ':root']]\n"
      "      JoinTwo: !Join ['/', [!Ref Name, a, !Sub '${Name}-b', c]]\n"
      "      JoinList: !Join ['', [!Ref Name, x, [y]]]\n"
      "      Select: !Select [0, [!Sub 'arn:${Name}']]\n"
      "      PolicyDocument: |\n"
      "        {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
      "\"s3:*\",},],}\n"
      "  C:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Properties:\n"
      "      PolicyDocument: |\n"
      "        {\"Statement\": [{\"Effect\": \"Allow\",, \"Action\": "
      "\"s3:*\"}]}\n";
  run *r = run_src(src);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(is_unknown(r, "B", "Sub"));
  ck_assert_str_eq(val(r, "B", "Sub")->u.unknown.prefix, "arn:aws:iam::");
  ck_assert(val(r, "B", "SubLeading")->u.unknown.prefix == NULL);
  /* its end: the text after the last unknown part */
  ck_assert_str_eq(val(r, "B", "Sub")->u.unknown.suffix, ":root");
  ck_assert_str_eq(val(r, "B", "SubLeading")->u.unknown.suffix, "-data");
  ck_assert(val(r, "B", "SubNested")->u.unknown.suffix == NULL);
  ck_assert_str_eq(val(r, "B", "SubNested")->u.unknown.prefix, "x/arn:");
  ck_assert_str_eq(val(r, "B", "Join")->u.unknown.prefix, "arn:aws:");
  ck_assert(val(r, "B", "JoinFirst")->u.unknown.prefix == NULL);
  /* a join's end: the text after its last unknown item, with that item's
   * own end before it */
  ck_assert_str_eq(val(r, "B", "JoinFirst")->u.unknown.suffix, ":x");
  ck_assert_str_eq(val(r, "B", "JoinRoot")->u.unknown.prefix, "arn:");
  ck_assert_str_eq(val(r, "B", "JoinRoot")->u.unknown.suffix, ":root");
  ck_assert_str_eq(val(r, "B", "JoinTwo")->u.unknown.suffix, "-b/c");
  ck_assert(val(r, "B", "Join")->u.unknown.suffix &&
            strcmp(val(r, "B", "Join")->u.unknown.suffix, ":x") == 0);
  /* an item that is no text after the unknown one: no end known */
  ck_assert(is_unknown(r, "B", "JoinList"));
  ck_assert(val(r, "B", "JoinList")->u.unknown.suffix == NULL);
  /* the element is the Fn::Sub value itself, refinement and all */
  ck_assert_str_eq(val(r, "B", "Select")->u.unknown.prefix, "arn:");
  ck_assert(val(r, "B", "PolicyDocument")->flags & MLS_VF_JSON);
  JS(r, "B", "PolicyDocument.Statement.0.Action", "\"s3:*\"");
  /* only the trailing comma is forgiven */
  ck_assert_int_eq(val(r, "C", "PolicyDocument")->kind, MLS_V_STRING);
  run_free(r);
}
END_TEST

/* A string known but for the partition is a template of it
 * (MLS_VF_PARTITION): each AWS partition gives one string, and rules that
 * accept any decide (tests/rules MLS-IAM-009). Another unknown, a literal
 * that reads as the variable or a given partition make no template. */
START_TEST(eval_cfn_eval__partition_template)
{
  static const char src[] =
      "Resources:\n"
      "  R:\n"
      "    Type: AWS::IAM::Role\n"
      "    Properties:\n"
      "      Ref: !Ref AWS::Partition\n"
      "      Sub: !Sub 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess'\n"
      "      Join: !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:x']]\n"
      "      Twice: !Sub '${AWS::Partition}/${AWS::Partition}'\n"
      "      Account: !Sub "
      "'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'\n"
      "      Ecr: !Join ['', [!Ref AWS::AccountId, '.dkr.ecr.', !Ref "
      "AWS::Region, '.', !Ref AWS::URLSuffix, '/llm:1']]\n"
      "      Suffix: !Sub 's3.${AWS::URLSuffix}'\n"
      "      Literal: !Sub '${!AWS::Partition}:${AWS::Partition}'\n"
      "      JoinLiteral: !Join ['', ['${AWS::Partition}', !Ref "
      "AWS::Partition]]\n";
  run *r = run_src(src);
  const mls_value *v;
  char buf[128];
  size_t len;
  ck_assert_int_eq(r->rc, MLS_OK);
  v = val(r, "R", "Ref");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_partition_expand(v, "aws-cn", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "aws-cn");
  v = val(r, "R", "Sub");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:");
  ck_assert(mls_partition_expand(v, "aws-us-gov", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess");
  ck_assert_uint_eq(len, strlen(buf));
  v = val(r, "R", "Join");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert_str_eq(v->u.unknown.prefix, "arn:");
  ck_assert(mls_partition_expand(v, "aws", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "arn:aws:iam::aws:x");
  ck_assert(mls_partition_expand(val(r, "R", "Twice"), "aws-iso", buf,
                                 sizeof(buf), &len));
  ck_assert_str_eq(buf, "aws-iso/aws-iso");
  /* too small a buffer is refused, not cut */
  ck_assert(
      !mls_partition_expand(val(r, "R", "Twice"), "aws-iso", buf, 8, &len));
  /* an account id is a variable of the template too, which no partition
   * fixes: not expanded, known by its ends (and as a shape by a regex) */
  v = val(r, "R", "Account");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_partition_free(v));
  ck_assert(!mls_partition_expand(v, "aws", buf, sizeof(buf), &len));
  ck_assert_str_eq(v->u.unknown.prefix, "arn:");
  ck_assert_str_eq(v->u.unknown.suffix, ":root");
  v = val(r, "R", "Ecr");
  ck_assert(v->flags & MLS_VF_PARTITION);
  ck_assert(mls_span_eq(v->u.unknown.expr,
                        MLS_ACCOUNT_VAR ".dkr.ecr." MLS_REGION_VAR
                                        "." MLS_URLSUFFIX_VAR "/llm:1"));
  v = val(r, "R", "Suffix");
  ck_assert(!mls_partition_free(v));
  ck_assert(mls_partition_expand(v, "aws-cn", buf, sizeof(buf), &len));
  ck_assert_str_eq(buf, "s3.amazonaws.com.cn");
  ck_assert(!(val(r, "R", "Literal")->flags & MLS_VF_PARTITION));
  ck_assert(!(val(r, "R", "JoinLiteral")->flags & MLS_VF_PARTITION));
  run_free(r);
}
END_TEST

/* References to what the SAM transform creates (the implicit API, a
 * function's role, DeploymentPreference's CodeDeploy application and
 * service role) are unknown without a warning; the same names in a
 * template without the transform are undefined. */
static const char SAM_IMPLICIT_TMPL[] =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties: {Handler: app.handler, Runtime: python3.12}\n"
    "  Out:\n"
    "    Type: AWS::SSM::Parameter\n"
    "    Properties:\n"
    "      Value: !Sub 'https://${ServerlessRestApi}.execute-api'\n"
    "      Name: !GetAtt FnRole.Arn\n"
    "      Description: !Join ['', [!Ref ServerlessDeploymentApplication,\n"
    "                               !GetAtt CodeDeployServiceRole.Arn]]\n";

START_TEST(eval_cfn_eval__sam_implicit_resources)
{
  run *r = run_src(SAM_IMPLICIT_TMPL);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(is_unknown(r, "Out", "Value"));
  ck_assert(is_unknown(r, "Out", "Name"));
  ck_assert(is_unknown(r, "Out", "Description"));
  ck_assert(!has_diag(r, "undefined"));
  run_free(r);
  r = run_src(SAM_IMPLICIT_TMPL +
              strlen("Transform: AWS::Serverless-2016-10-31\n"));
  ck_assert(has_diag(r, "undefined"));
  run_free(r);
}
END_TEST

static unsigned corpus_files, corpus_models, corpus_resources;

static int corpus_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
  static const char *const exts[] = { ".yaml", ".yml", ".json", ".template" };
  size_t n = strlen(path), len;
  bool want = false;
  char *src;
  cfn_template *t = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  mls_buf b = MLS_BUF_INIT((size_t)MLS_ARENA_CAP_BYTES * 4);
  (void)st;
  (void)ftw;
  if (flag != FTW_F) {
    return 0;
  }
  for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
    size_t e = strlen(exts[i]);
    want |= n > e && strcmp(path + n - e, exts[i]) == 0;
  }
  if (!want) {
    return 0;
  }
  src = mls_test_read_file(path, &len);
  corpus_files++;
  if (cfn_load(&t, src, len, &d) != MLS_ENOMEM && t->is_template) {
    int rc = cfneval_template(&m, t, NULL, &d);
    ck_assert_msg(rc == MLS_OK, "%s: %d", path, rc);
    corpus_models++;
    corpus_resources += m->nresources;
    ck_assert_int_eq(mls_model_write_json(&b, m), MLS_OK);
  }
  mls_buf_dispose(&b);
  mls_model_free(m);
  cfn_template_free(t);
  mls_diag_dispose(&d);
  mls_free(src);
  return 0;
}

START_TEST(eval_cfn_eval__every_corpus_template)
{
  char *probe = mls_test_read_shared("corpus/real/README.md", NULL);
  if (!probe) {
    return;
  }
  mls_free(probe);
  corpus_files = corpus_models = corpus_resources = 0;
  ck_assert_int_eq(
      nftw(MLS_TEST_SHARED_DIR "/corpus/real", corpus_one, 16, FTW_PHYS), 0);
  ck_assert_uint_eq(corpus_files, 356);
  ck_assert_uint_ge(corpus_models, 353);
  ck_assert_uint_ge(corpus_resources, 3059);
}
END_TEST

/* The loaders' fuzz corpus (aliases, deep nesting, odd tags and scalars):
 * whatever tree loads, evaluation ends in a model or an input error. */
static unsigned fuzz_files;

static int fuzz_one(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
  size_t len;
  char *src;
  cfn_template *t = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  (void)st;
  (void)ftw;
  if (flag != FTW_F) {
    return 0;
  }
  src = mls_test_read_file(path, &len);
  fuzz_files++;
  if (cfn_load(&t, src, len, &d) != MLS_ENOMEM) {
    int rc = cfneval_template(&m, t, NULL, &d);
    ck_assert_msg(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ELIMIT,
                  "%s: %d", path, rc);
    ck_assert_msg((rc == MLS_OK) == (m != NULL), "%s", path);
  }
  mls_model_free(m);
  cfn_template_free(t);
  mls_diag_dispose(&d);
  mls_free(src);
  return 0;
}

START_TEST(eval_cfn_eval__loader_fuzz_corpus)
{
  fuzz_files = 0;
  ck_assert_int_eq(nftw(MLS_TEST_SOURCE_DIR "/tests/fuzz/corpus/cfn_yaml",
                        fuzz_one, 16, FTW_PHYS),
                   0);
  ck_assert_int_eq(nftw(MLS_TEST_SOURCE_DIR "/tests/fuzz/corpus/cfn_json",
                        fuzz_one, 16, FTW_PHYS),
                   0);
  ck_assert_uint_gt(fuzz_files, 0);
}
END_TEST

/* ---- bounds and allocation failure ------------------------------------- */

START_TEST(eval_cfn_eval__long_join_bounded)
{
  /* 80 joins of a list of 64 aliases of a 4 KB string is 20 MB joined:
   * the join is refused past its bound, nothing crashes. Aliases make the
   * template not ok, but it still loads and evaluates. */
  mls_buf b = MLS_BUF_INIT(1u << 22);
  run *r;
  ck_assert_int_eq(mls_buf_puts(&b, "Resources:\n  R:\n    Type: A::B::C\n"
                                    "    Properties:\n      S: &s '"),
                   0);
  for (int i = 0; i < 4096; i++) {
    ck_assert_int_eq(mls_buf_putc(&b, 'x'), 0);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "'\n      L: &l ["), 0);
  for (int i = 0; i < 64; i++) {
    ck_assert_int_eq(mls_buf_puts(&b, i ? ", *s" : "*s"), 0);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "]\n      J: !Join ['', ["), 0);
  for (int i = 0; i < 80; i++) {
    ck_assert_int_eq(
        mls_buf_puts(&b, i ? ", !Join ['', *l]" : "!Join ['', *l]"), 0);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "]]\n"), 0);
  r = run_src(b.ptr);
  ck_assert_int_eq(r->rc, MLS_OK);
  ck_assert(is_unknown(r, "R", "J") || r->m == NULL);
  run_free(r);
  mls_buf_dispose(&b);
}
END_TEST

/* Allocations of one clean run below, with room to spare (158 with
 * MLS_ARENA_DEBUG when written). */
#define ENOMEM_LOOP_END 800

START_TEST(eval_cfn_eval__enomem_at_every_allocation)
{
  static const char file[] =
      "[{\"ParameterKey\": \"Env\", \"ParameterValue\": \"prod\"}]";
  const char *const kv[] = { "AWS::Region=us-east-1" };
  cfneval_opts o = CFNEVAL_OPTS_INIT;
  cfn_template *t = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  bool fired;
  int rc;
  o.params_file = file;
  o.params_file_len = sizeof(file) - 1;
  o.params = kv;
  o.nparams = 1;
  ck_assert_int_eq(cfn_load(&t, FN_TMPL, sizeof(FN_TMPL) - 1, &d), MLS_OK);
  mls_alloc_fail_after(_i);
  rc = cfneval_template(&m, t, &o, &d);
  fired = mls_alloc_count() > (unsigned long)_i;
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_OK || (rc == MLS_ENOMEM && m == NULL), "rc %d", rc);
  /* A failed allocation never yields a model that looks whole. */
  ck_assert_msg(!fired || rc != MLS_OK || d.nerrors > 0,
                "allocation %d failed, yet MLS_OK and no error", _i);
  /* The loop reaches past the last allocation of a clean run. */
  ck_assert(_i < ENOMEM_LOOP_END - 1 || rc == MLS_OK);
  mls_model_free(m);
  cfn_template_free(t);
  mls_diag_dispose(&d);
}
END_TEST

Suite *eval_cfn_eval_suite(void)
{
  Suite *s = suite_create("eval_cfn_eval");
  TCase *tc = tcase_create("params");
  tcase_add_test(tc, eval_cfn_eval__parameter_defaults_typed);
  tcase_add_test(tc, eval_cfn_eval__parameter_without_value_is_unknown);
  tcase_add_test(tc, eval_cfn_eval__params_file_list_shape);
  tcase_add_test(tc, eval_cfn_eval__params_file_map_shape_and_overrides);
  tcase_add_test(tc, eval_cfn_eval__params_file_rejected);
  tcase_add_test(tc, eval_cfn_eval__allowed_values_warns);
  tcase_add_test(tc, eval_cfn_eval__yaml_booleans_in_allowed_values);
  tcase_add_test(tc, eval_cfn_eval__pseudo_parameters_unknown_unless_given);
  suite_add_tcase(s, tc);

  tc = tcase_create("conditions");
  tcase_add_test(tc, eval_cfn_eval__false_condition_not_deployed);
  tcase_add_test(tc, eval_cfn_eval__conditions_three_valued);
  tcase_add_test(tc, eval_cfn_eval__condition_cycle_detected);
  tcase_add_test(tc, eval_cfn_eval__condition_chain_past_bound);
  tcase_add_test(tc, eval_cfn_eval__if_takes_known_branch);
  tcase_add_test(tc, eval_cfn_eval__if_novalue_removes_property);
  suite_add_tcase(s, tc);

  tc = tcase_create("functions");
  tcase_add_test(tc, eval_cfn_eval__ref_resource_edge_and_unknown);
  tcase_add_test(tc, eval_cfn_eval__fn_findinmap);
  tcase_add_test(tc, eval_cfn_eval__fn_join);
  tcase_add_test(tc, eval_cfn_eval__fn_select);
  tcase_add_test(tc, eval_cfn_eval__fn_split);
  tcase_add_test(tc, eval_cfn_eval__fn_base64);
  tcase_add_test(tc, eval_cfn_eval__fn_getazs_importvalue_unknown);
  tcase_add_test(tc, eval_cfn_eval__fn_cidr);
  tcase_add_test(tc, eval_cfn_eval__fn_length_and_transform);
  tcase_add_test(tc, eval_cfn_eval__fn_sub_placeholders);
  tcase_add_test(tc, eval_cfn_eval__json_template_and_model_json);
  tcase_add_test(tc, eval_cfn_eval__not_a_template);
  tcase_add_test(tc, eval_cfn_eval__outputs_evaluated);
  tcase_add_test(tc, eval_cfn_eval__output_malformed);
  tcase_add_test(tc, eval_cfn_eval__policy_reference_edges);
  tcase_add_test(tc, eval_cfn_eval__literal_arn_edges);
  tcase_add_test(tc, eval_cfn_eval__foreach_expands_known_collection);
  tcase_add_test(tc, eval_cfn_eval__foreach_unknown_collection);
  tcase_add_test(tc, eval_cfn_eval__foreach_bounded);
  tcase_add_test(tc, eval_cfn_eval__fn_tojsonstring);
  suite_add_tcase(s, tc);

  tc = tcase_create("templates");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, eval_cfn_eval__sam_template_from_corpus);
  tcase_add_test(tc, eval_cfn_eval__sam_globals_merged);
  tcase_add_test(tc, eval_cfn_eval__cdk_output);
  tcase_add_test(tc, eval_cfn_eval__policy_strings_decoded);
  tcase_add_test(tc, eval_cfn_eval__sub_policy_shape);
  tcase_add_test(tc, eval_cfn_eval__unknown_string_prefix);
  tcase_add_test(tc, eval_cfn_eval__partition_template);
  tcase_add_test(tc, eval_cfn_eval__getatt_arn_is_an_arn);
  tcase_add_test(tc, eval_cfn_eval__sam_implicit_resources);
  tcase_add_test(tc, eval_cfn_eval__every_corpus_template);
  tcase_add_test(tc, eval_cfn_eval__loader_fuzz_corpus);
  suite_add_tcase(s, tc);

  tc = tcase_create("bounds");
  tcase_set_timeout(tc, 120);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, eval_cfn_eval__long_join_bounded);
  tcase_add_loop_test(tc, eval_cfn_eval__enomem_at_every_allocation, 0,
                      ENOMEM_LOOP_END);
  suite_add_tcase(s, tc);
  return s;
}
