/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/test_template.c -- cfn_load(), template detection,
 * cfn_sniff() and the section accessors.
 *
 * Detection follows cfnref's rule (a top-level mapping with
 * AWSTemplateFormatVersion, or a Resources entry whose Type is a string
 * with "::"); the files that must not be templates are the ones a
 * monorepo is full of: Kubernetes manifests, GitHub workflows,
 * docker-compose files, package.json. The accessors are what core/eval
 * will build on: resources with Type/Properties/Metadata/Condition/
 * DependsOn, parameters, outputs, the Transform, SAM and CDK flags.
 */
#include "tests/unit/parsers/cfn/cfn_test.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <string.h>

#define A(src) cfn_test_load(CFN_TEST_AUTO, (src), SIZE_MAX, MLS_OK)

static const char K8S[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: web\n          image: nginx:1.25\n";

static const char WORKFLOW[] =
    "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: make\n";

static const char PACKAGE_JSON[] =
    "{\n  \"name\": \"x\",\n  \"version\": \"1.0.0\",\n"
    "  \"scripts\": {\"test\": \"jest\"},\n  \"dependencies\": {}\n}\n";

/* Looks close, but the Type has no "::": a Serverless Framework file. */
static const char NEAR_MISS[] =
    "service: api\nResources:\n  Table:\n    Type: DynamoTable\n";

START_TEST(cfn_template__non_templates)
{
  const char *const files[] = { K8S,
                                WORKFLOW,
                                PACKAGE_JSON,
                                NEAR_MISS,
                                "- Resources\n",
                                "Resources: [a]\n",
                                "Resources:\n  R: AWS::X::Y\n",
                                "Resources:\n  R:\n    Type: [AWS::X::Y]\n" };
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    A(files[i]);
    ck_assert_msg(!cfn_test_tmpl->is_template, "file %zu", i);
  }
  /* The cheap pre-check rules the first three out without loading. */
  ck_assert(!cfn_sniff(K8S, sizeof(K8S) - 1));
  ck_assert(!cfn_sniff(WORKFLOW, sizeof(WORKFLOW) - 1));
  ck_assert(!cfn_sniff(PACKAGE_JSON, sizeof(PACKAGE_JSON) - 1));
  ck_assert(cfn_sniff(NEAR_MISS, sizeof(NEAR_MISS) - 1));
}
END_TEST

START_TEST(cfn_template__templates)
{
  A("AWSTemplateFormatVersion: 2010-09-09\n");
  ck_assert(cfn_test_tmpl->is_template);
  cfn_test_json(cfn_section(cfn_test_tmpl, CFN_SEC_FORMAT_VERSION),
                "\"2010-09-09\"");
  A("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
  ck_assert(cfn_test_tmpl->is_template);
  A("Resources:\n  C:\n    Type: Custom::Thing\n");
  ck_assert(cfn_test_tmpl->is_template);
  A("Resources:\n  M:\n    Type: Org::Svc::Type::MODULE\n");
  ck_assert(cfn_test_tmpl->is_template);
  /* One real resource among others is enough. */
  A("Resources:\n  A: x\n  B:\n    Type: AWS::S3::Bucket\n");
  ck_assert(cfn_test_tmpl->is_template);
  A("{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}");
  ck_assert(cfn_test_tmpl->is_template);
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_JSON);
  ck_assert(cfn_sniff("x: \"R\\u0065sources\"", 20));
}
END_TEST

START_TEST(cfn_template__format_choice)
{
  A("  \r\n\t{\"a\": 1}");
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_JSON);
  A("\xEF\xBB\xBF{\"a\": 1}");
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_JSON);
  A("[1, 2]");
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_YAML);
  A("# c\n{\"a\": 1}");
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_YAML);
  /* Flow YAML that starts with '{' is read as JSON, as cfnref does. */
  cfn_test_load(CFN_TEST_AUTO, "{Resources: {R: {Type: AWS::S3::Bucket}}}",
                SIZE_MAX, MLS_EINPUT);
  ck_assert_int_eq(cfn_test_tmpl->format, CFN_FORMAT_JSON);
  ck_assert(cfn_test_tmpl->looks_cfn);
}
END_TEST

START_TEST(cfn_template__looks_cfn_after_a_failure)
{
  cfn_test_load(CFN_TEST_AUTO, "Resources:\n  R:\n    Type: AWS::X::Y\n  [\n",
                SIZE_MAX, MLS_EINPUT);
  ck_assert(cfn_test_tmpl->looks_cfn);
  cfn_test_load(CFN_TEST_AUTO, "\"Type\" : 'Alexa::ASK::Skill'\n[", SIZE_MAX,
                MLS_EINPUT);
  ck_assert(cfn_test_tmpl->looks_cfn);
  cfn_test_load(CFN_TEST_AUTO, "Type: AWS\n[", SIZE_MAX, MLS_EINPUT);
  ck_assert(!cfn_test_tmpl->looks_cfn);
  cfn_test_load(CFN_TEST_AUTO, "kind: Pod\nspec: [\n", SIZE_MAX, MLS_EINPUT);
  ck_assert(!cfn_test_tmpl->looks_cfn);
}
END_TEST

static const char SAM[] =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Transform: AWS::Serverless-2016-10-31\n"
    "Globals:\n  Function:\n    Timeout: 3\n"
    "Resources:\n"
    "  Fn:\n    Type: AWS::Serverless::Function\n"
    "    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n"
    "      Policies: [S3ReadPolicy: {BucketName: !Ref B}]\n"
    "  B:\n    Type: AWS::S3::Bucket\n";

START_TEST(cfn_template__sam)
{
  A(SAM);
  ck_assert(cfn_test_tmpl->is_template);
  ck_assert(cfn_test_tmpl->flags & CFN_T_SAM);
  ck_assert(cfn_has_transform(cfn_test_tmpl, "AWS::Serverless-2016-10-31"));
  ck_assert(!cfn_has_transform(cfn_test_tmpl, "AWS::LanguageExtensions"));
  A("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
    "Resources:\n  F:\n    Type: AWS::Serverless::Api\n");
  ck_assert(cfn_test_tmpl->flags & CFN_T_SAM);
  ck_assert(cfn_has_transform(cfn_test_tmpl, "AWS::LanguageExtensions"));
  A("Resources:\n  F:\n    Type: AWS::Serverless::Function\n");
  ck_assert(cfn_test_tmpl->is_template);
  ck_assert(!(cfn_test_tmpl->flags & CFN_T_SAM));
}
END_TEST

/* The shape `cdk synth` writes to cdk.out/<Stack>.template.json. */
static const char CDK[] =
    "{\n"
    " \"Resources\": {\n"
    "  \"ModelBucket1A2B3C4D\": {\n"
    "   \"Type\": \"AWS::S3::Bucket\",\n"
    "   \"Properties\": {\"VersioningConfiguration\": {\"Status\": "
    "\"Enabled\"}},\n"
    "   \"UpdateReplacePolicy\": \"Retain\",\n"
    "   \"DeletionPolicy\": \"Retain\",\n"
    "   \"Metadata\": {\"aws:cdk:path\": \"MlStack/ModelBucket/Resource\"}\n"
    "  },\n"
    "  \"CDKMetadata\": {\n"
    "   \"Type\": \"AWS::CDK::Metadata\",\n"
    "   \"Properties\": {\"Analytics\": \"v2:deflate64:H4sI\"},\n"
    "   \"Metadata\": {\"aws:cdk:path\": \"MlStack/CDKMetadata/Default\"},\n"
    "   \"Condition\": \"CDKMetadataAvailable\"\n"
    "  }\n"
    " },\n"
    " \"Parameters\": {\"BootstrapVersion\": {\"Type\": "
    "\"AWS::SSM::Parameter::Value<String>\", \"Default\": "
    "\"/cdk-bootstrap/hnb659fds/version\"}}\n"
    "}\n";

START_TEST(cfn_template__cdk_output)
{
  cfn_resource r;
  A(CDK);
  ck_assert(cfn_test_tmpl->is_template);
  ck_assert(cfn_test_tmpl->flags & CFN_T_CDK);
  ck_assert_uint_eq(cfn_resource_count(cfn_test_tmpl), 2);
  ck_assert(cfn_resource_at(&r, cfn_test_tmpl, 0));
  ck_assert(mls_span_eq(r.id, "ModelBucket1A2B3C4D"));
  ck_assert(mls_span_eq(r.cdk_path, "MlStack/ModelBucket/Resource"));
  ck_assert(mls_span_eq(r.type_name, "AWS::S3::Bucket"));
  cfn_test_json(r.deletion_policy, "\"Retain\"");
  cfn_test_json(r.update_replace_policy, "\"Retain\"");
  cfn_test_start(r.id_node, 3, 3, 20);
  ck_assert(cfn_resource_at(&r, cfn_test_tmpl, 1));
  ck_assert(mls_span_eq(r.condition_name, "CDKMetadataAvailable"));
}
END_TEST

static const char FULL[] =
    "AWSTemplateFormatVersion: \"2010-09-09\"\n"
    "Description: d\n"
    "Metadata: {m: 1}\n"
    "Parameters:\n"
    "  Env:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, "
    "prod]\n"
    "  Secret: {Type: String, NoEcho: true}\n"
    "Rules: {}\n"
    "Mappings:\n  M: {us-east-1: {ami: ami-1}}\n"
    "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
    "Resources:\n"
    "  Key:\n    Type: AWS::KMS::Key\n"
    "  Bucket:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n"
    "    DependsOn: [Key]\n    Metadata: {note: x}\n"
    "    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n"
    "  Bare: 5\n"
    "Outputs:\n"
    "  Arn:\n    Value: !GetAtt Bucket.Arn\n    Condition: IsProd\n"
    "    Export: {Name: !Sub '${AWS::StackName}-arn'}\n";

START_TEST(cfn_template__accessors)
{
  cfn_resource r;
  cfn_parameter p;
  cfn_output o;

  A(FULL);
  for (int s = 0; s < CFN_SEC_COUNT; s++) {
    if (s != CFN_SEC_TRANSFORM) {
      ck_assert_msg(cfn_section(cfn_test_tmpl, (cfn_section_id)s), "sec %d", s);
    }
  }
  ck_assert_ptr_null(cfn_section(cfn_test_tmpl, CFN_SEC_TRANSFORM));
  ck_assert_uint_eq(
      cfn_test_tmpl->sections[CFN_SEC_RESOURCES]->key->range.start.line, 15);

  ck_assert_uint_eq(cfn_resource_count(cfn_test_tmpl), 3);
  ck_assert(cfn_resource_at(&r, cfn_test_tmpl, 1));
  ck_assert(mls_span_eq(r.id, "Bucket"));
  ck_assert(mls_span_eq(r.type_name, "AWS::S3::Bucket"));
  ck_assert(mls_span_eq(r.condition_name, "IsProd"));
  cfn_test_json(r.depends_on, "[\"Key\"]");
  cfn_test_json(r.metadata, "{\"note\":\"x\"}");
  cfn_test_json(r.properties,
                "{\"KmsKeyId\":{\"Fn::GetAtt\":[\"Key\",\"Arn\"]}}");
  ck_assert_uint_eq(r.id_node->range.start.line, 18);
  ck_assert_ptr_null(r.cdk_path.ptr);
  ck_assert(cfn_resource_at(&r, cfn_test_tmpl, 2));
  ck_assert(mls_span_eq(r.id, "Bare"));
  ck_assert_ptr_null(r.type);
  ck_assert_ptr_null(r.properties);
  ck_assert(!cfn_resource_at(&r, cfn_test_tmpl, 3));

  ck_assert_uint_eq(cfn_parameter_count(cfn_test_tmpl), 2);
  ck_assert(cfn_parameter_at(&p, cfn_test_tmpl, 0));
  ck_assert(mls_span_eq(p.id, "Env") && mls_span_eq(p.type_name, "String"));
  cfn_test_json(p.default_value, "\"dev\"");
  cfn_test_json(p.allowed_values, "[\"dev\",\"prod\"]");
  ck_assert(cfn_parameter_at(&p, cfn_test_tmpl, 1));
  cfn_test_json(p.no_echo, "true");
  ck_assert_ptr_null(p.default_value);

  ck_assert_uint_eq(cfn_output_count(cfn_test_tmpl), 1);
  ck_assert(cfn_output_at(&o, cfn_test_tmpl, 0));
  cfn_test_json(o.value, "{\"Fn::GetAtt\":[\"Bucket\",\"Arn\"]}");
  cfn_test_json(o.export_name, "{\"Fn::Sub\":\"${AWS::StackName}-arn\"}");
  cfn_test_json(o.condition, "\"IsProd\"");

  cfn_test_json(cfn_test_at(cfn_section(cfn_test_tmpl, CFN_SEC_MAPPINGS),
                            "M/us-east-1/ami"),
                "\"ami-1\"");
  cfn_test_json(cfn_section(cfn_test_tmpl, CFN_SEC_CONDITIONS),
                "{\"IsProd\":{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"prod\"]}}");
}
END_TEST

START_TEST(cfn_template__accessors_on_odd_shapes)
{
  cfn_resource r;
  A("Resources: [1]\nParameters: x\n");
  ck_assert_uint_eq(cfn_resource_count(cfn_test_tmpl), 0);
  ck_assert_uint_eq(cfn_parameter_count(cfn_test_tmpl), 0);
  ck_assert_uint_eq(cfn_output_count(cfn_test_tmpl), 0);
  ck_assert(!cfn_resource_at(&r, cfn_test_tmpl, 0));
  ck_assert_ptr_null(cfn_section(NULL, CFN_SEC_RESOURCES));
  ck_assert_ptr_null(cfn_map_get(NULL, "x"));
  A("- a\n");
  ck_assert_ptr_null(cfn_section(cfn_test_tmpl, CFN_SEC_RESOURCES));
  ck_assert(!cfn_has_transform(cfn_test_tmpl, "x"));
}
END_TEST

START_TEST(cfn_template__blob_limit)
{
  /* Past MLS_MAX_BLOB_BYTES nothing is read (the bytes are not touched). */
  static const char tiny[] = "a: 1\n";
  cfn_test_load(CFN_TEST_AUTO, tiny, (size_t)MLS_MAX_BLOB_BYTES + 1,
                MLS_ELIMIT);
  cfn_test_has_diag(MLS_SEV_ERROR, "MLS_MAX_BLOB_BYTES");
  ck_assert_ptr_null(cfn_test_tmpl->root);
}
END_TEST

Suite *cfn_template_suite(void)
{
  Suite *s = suite_create("cfn_template");
  TCase *tc = tcase_create("detection");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_template__non_templates);
  tcase_add_test(tc, cfn_template__templates);
  tcase_add_test(tc, cfn_template__format_choice);
  tcase_add_test(tc, cfn_template__looks_cfn_after_a_failure);
  tcase_add_test(tc, cfn_template__sam);
  tcase_add_test(tc, cfn_template__cdk_output);
  tcase_add_test(tc, cfn_template__blob_limit);
  suite_add_tcase(s, tc);

  tc = tcase_create("accessors");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_test(tc, cfn_template__accessors);
  tcase_add_test(tc, cfn_template__accessors_on_odd_shapes);
  suite_add_tcase(s, tc);
  return s;
}
