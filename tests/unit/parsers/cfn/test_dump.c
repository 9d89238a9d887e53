/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/cfn/test_dump.c -- cfn_dump_cfnref() and
 * cfn_dump_value(): cfnref's JSON line, byte for byte.
 *
 * Every expected line below is what ../shared/tools/cfnref/cfnref.py
 * printed for the same input, with only the "error" text masked (PyYAML's
 * wording is not ours). Covers the template record (resources with and
 * without Properties, parameters with typed defaults, conditions, a tagged
 * resource body), non-templates, failures that do and do not look like a
 * template, files that are not UTF-8, numbers as Python prints them,
 * string escapes, and cfnref's line counting for JSON with unusual line
 * breaks.
 */
#include "tests/unit/parsers/cfn/cfn_test.h"

#include "parsers/cfn/dump.h"

#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* One input and cfnref's line for it. */
typedef struct dump_case {
  const char *name; /* the path printed as "file" */
  const char *src;  /* the file's bytes */
  const char *want; /* cfnref's line, without the trailing newline */
} dump_case;

static const dump_case cases[] = {
  { "d_tmpl",
    "AWSTemplateFormatVersion: 2010-09-09\nParameters:\n  Env:\n    Type: "
    "String\n    AllowedValues: [prod, dev]\n    Default: dev\n  N: {Type: "
    "Number, Default: 3}\n  Y: {Default: Yes}\n  Z: 5\nConditions:\n  "
    "IsProd: !Equals [!Ref Env, prod]\n  Other: !Not [!Condition IsProd]\n"
    "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Condition: "
    "IsProd\n    Properties:\n      Name: !Sub '${AWS::StackName}-logs'\n"
    "      Tags:\n        - {Key: a, Value: 0755}\n        - {Key: b, "
    "Value: 1.10}\n  NoProps:\n    Type: AWS::SQS::Queue\n    Condition: "
    "[x]\n  Null:\n    Type: AWS::SNS::Topic\n    Properties:\n  Tagged: "
    "!Foo {Type: AWS::X::Y}\n",
    "{\"file\":\"d_tmpl\",\"format\":\"yaml\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"Logs\",\"type\":\"AWS::S3::Bucket\",\"line\":"
    "14,\"condition\":\"IsProd\"},{\"id\":\"NoProps\",\"type\":\"AWS::SQS::"
    "Queue\",\"line\":22,\"condition\":null},{\"id\":\"Null\",\"type\":\"AWS"
    "::SNS::Topic\",\"line\":25,\"condition\":null},{\"id\":\"Tagged\","
    "\"type\":null,\"line\":28,\"condition\":null}],\"parameters\":[{\"id\":"
    "\"Env\",\"type\":\"String\",\"default\":\"dev\",\"line\":3},{\"id\":"
    "\"N\",\"type\":\"Number\",\"default\":3,\"line\":7},{\"id\":\"Y\","
    "\"type\":null,\"default\":true,\"line\":8},{\"id\":\"Z\",\"type\":null,"
    "\"default\":null,\"line\":9}],\"conditions\":[\"IsProd\",\"Other\"],"
    "\"properties\":{\"Logs\":{\"Name\":{\"Fn::Sub\":\"${AWS::StackName}-"
    "logs\"},\"Tags\":[{\"Key\":\"a\",\"Value\":493},{\"Key\":\"b\","
    "\"Value\":1.1}]},\"Null\":null}}" },
  { "d_esc",
    "{\"Resources\": {\"R\\u00e9 \\\"q\\\"\": {\"Type\": \"AWS::S3::Bucket\", "
    "\"Properties\": {\"s\": \"t\\tn\\n\\u0001\\u007f\\u00e9\\ud800\", \"f\": "
    "[1e16, 1.5e-7, 0.0001, 1e22, 5e-324, -0.0, 123456789.125, 1E400], "
    "\"i\": [-0, 12345678901234567890123]}}}}",
    "{\"file\":\"d_esc\",\"format\":\"json\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"R\xC3\xA9 \\\"q\\\"\",\"type\":\"AWS::S3::"
    "Bucket\",\"line\":1,\"condition\":null}],\"parameters\":[],"
    "\"conditions\":[],\"properties\":{\"R\xC3\xA9 \\\"q\\\"\":{\"s\":\"t\\tn"
    "\\n\\u0001\x7F\xC3\xA9\xEF\xBF\xBD\",\"f\":[1e+16,1.5e-07,0.0001,1e+22,"
    "5e-324,-0.0,123456789.125,Infinity],\"i\":[0,12345678901234567890123]}"
    "}}" },
  /* JSON with an LS in a value: cfnref's YAML reading counts it as a line
   * break; in a key it makes the YAML reading fail, so it does not. */
  { "d_ls",
    "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": "
    "{\"d\": \"x\xE2\x80\xA8y\"}},\n\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}",
    "{\"file\":\"d_ls\",\"format\":\"json\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"A\",\"type\":\"AWS::S3::Bucket\",\"line\":1,"
    "\"condition\":null},{\"id\":\"B\",\"type\":\"AWS::S3::Bucket\",\"line\":"
    "3,\"condition\":null}],\"parameters\":[],\"conditions\":[],"
    "\"properties\":{\"A\":{\"d\":\"x\xE2\x80\xA8y\"}}}" },
  { "d_lskey",
    "{\"Resources\": {\"A\xE2\x80\xA8\": {\"Type\": \"AWS::S3::Bucket\"},\n"
    "\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}",
    "{\"file\":\"d_lskey\",\"format\":\"json\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"A\xE2\x80\xA8\",\"type\":\"AWS::S3::Bucket\","
    "\"line\":1,\"condition\":null},{\"id\":\"B\",\"type\":\"AWS::S3::"
    "Bucket\",\"line\":2,\"condition\":null}],\"parameters\":[],"
    "\"conditions\":[],\"properties\":{}}" },
  /* A lone CR: a line break for the YAML reading, but a TAB makes that
   * reading fail and the token scan counts LF only. */
  { "d_lscr",
    "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\"},\r\"B\": "
    "{\"Type\": \"AWS::S3::Bucket\"}}}",
    "{\"file\":\"d_lscr\",\"format\":\"json\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"A\",\"type\":\"AWS::S3::Bucket\",\"line\":1,"
    "\"condition\":null},{\"id\":\"B\",\"type\":\"AWS::S3::Bucket\",\"line\":"
    "2,\"condition\":null}],\"parameters\":[],\"conditions\":[],"
    "\"properties\":{}}" },
  { "d_lscrtab",
    "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\"},\r\t\"B\": "
    "{\"Type\": \"AWS::S3::Bucket\"}}}",
    "{\"file\":\"d_lscrtab\",\"format\":\"json\",\"ok\":true,\"error\":null,"
    "\"resources\":[{\"id\":\"A\",\"type\":\"AWS::S3::Bucket\",\"line\":1,"
    "\"condition\":null},{\"id\":\"B\",\"type\":\"AWS::S3::Bucket\",\"line\":"
    "1,\"condition\":null}],\"parameters\":[],\"conditions\":[],"
    "\"properties\":{}}" },
  { "d_bad", "AWSTemplateFormatVersion: x\nResources: [\n",
    "{\"file\":\"d_bad\",\"format\":\"yaml\",\"ok\":false,\"error\":\"*\","
    "\"resources\":[],\"parameters\":[],\"conditions\":[],\"properties\":{}}" },
  { "d_badplain", "a: [\n",
    "{\"file\":\"d_badplain\",\"cfn\":false,\"ok\":false,\"error\":\"*\"}" },
  { "d_not", "a: 1\n", "{\"file\":\"d_not\",\"cfn\":false}" },
  /* Not UTF-8: cfnref names the format yaml, whatever the bytes look like. */
  { "d_notutf8",
    "{\"Resources\": {\"R\": {\"Type\": \"AWS::S3::Bucket\", \"x\": "
    "\"\xFF\"}}}",
    "{\"file\":\"d_notutf8\",\"format\":\"yaml\",\"ok\":false,\"error\":"
    "\"*\",\"resources\":[],\"parameters\":[],\"conditions\":[],"
    "\"properties\":{}}" },
};

/* `got` with the value of "error" replaced by "*" when it is a string. */
static void mask_error(char *got)
{
  char *e = strstr(got, "\"error\":\"");
  if (!e) {
    return;
  }
  char *v = e + 9, *p = v;
  while (*p && *p != '"') {
    p += (*p == '\\' && p[1]) ? 2 : 1;
  }
  if (*p == '"') {
    v[0] = '*';
    memmove(v + 1, p, strlen(p) + 1);
  }
}

START_TEST(cfn_dump__matches_cfnref)
{
  const dump_case *c = &cases[_i];
  mls_buf b = MLS_BUF_INIT(1u << 20);

  cfn_test_load(CFN_TEST_AUTO, c->src, SIZE_MAX,
                strstr(c->want, "\"ok\":false") ? MLS_EINPUT : MLS_OK);
  ck_assert_int_eq(cfn_dump_cfnref(&b, cfn_test_tmpl, c->name, &cfn_test_diag),
                   MLS_OK);
  ck_assert(b.len > 0 && b.ptr[b.len - 1] == '\n');
  b.ptr[--b.len] = '\0';
  mask_error(b.ptr);
  ck_assert_msg(strcmp(b.ptr, c->want) == 0, "%s:\n got %s\nwant %s", c->name,
                b.ptr, c->want);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(cfn_dump__file_not_loaded)
{
  mls_buf b = MLS_BUF_INIT(4096);
  mls_diag_add(&cfn_test_diag, MLS_ELIMIT, NULL, "file too large");
  ck_assert_int_eq(cfn_dump_cfnref(&b, NULL, "big.yaml", &cfn_test_diag),
                   MLS_OK);
  ck_assert_str_eq(b.ptr, "{\"file\":\"big.yaml\",\"cfn\":false,\"ok\":false,"
                          "\"error\":\"file too large\"}\n");
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(cfn_dump__paths_and_strings_are_escaped)
{
  mls_buf b = MLS_BUF_INIT(4096);
  cfn_test_load(CFN_TEST_AUTO, "a: 1\n", SIZE_MAX, MLS_OK);
  ck_assert_int_eq(cfn_dump_cfnref(&b, cfn_test_tmpl, "d\"i\\r/\x01\xff.yaml",
                                   &cfn_test_diag),
                   MLS_OK);
  ck_assert_str_eq(b.ptr, "{\"file\":\"d\\\"i\\\\r/\\u0001\xEF\xBF\xBD.yaml\","
                          "\"cfn\":false}\n");
  mls_buf_dispose(&b);
}
END_TEST

/* Doubles as Python's repr() writes them. */
static const struct {
  double d;
  const char *want;
} doubles[] = {
  { 1.1, "1.1" },
  { 100000.0, "100000.0" },
  { 1e15, "1000000000000000.0" },
  { 1e16, "1e+16" },
  { 1.2345678901234568e+17, "1.2345678901234568e+17" },
  { 0.0001, "0.0001" },
  { 1e-05, "1e-05" },
  { 1.5e-07, "1.5e-07" },
  { 5e-324, "5e-324" },
  { 0.30000000000000004, "0.30000000000000004" },
  { -0.0, "-0.0" },
  { 0.0, "0.0" },
  { 9999999999999998.0, "9999999999999998.0" },
  { 12345.678, "12345.678" },
  { 1.7976931348623157e+308, "1.7976931348623157e+308" },
  { -2.5, "-2.5" },
};

START_TEST(cfn_dump__doubles_as_python)
{
  mls_buf b = MLS_BUF_INIT(256);
  char src[64];
  /* Through the JSON reader, so the value is exactly the double. */
  snprintf(src, sizeof(src), "%.17g", doubles[_i].d);
  if (!strpbrk(src, ".en")) {
    snprintf(src, sizeof(src), "%.1f", doubles[_i].d);
  }
  const cfn_node *n = cfn_test_load(CFN_TEST_JSON, src, SIZE_MAX, MLS_OK);
  ck_assert_int_eq(n->kind, CFN_FLOAT);
  ck_assert_int_eq(cfn_dump_value(&b, n), MLS_OK);
  ck_assert_msg(strcmp(b.ptr, doubles[_i].want) == 0, "%s: got %s, want %s",
                src, b.ptr, doubles[_i].want);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(cfn_dump__bounded_output)
{
  /* A buffer too small for the record fails cleanly. */
  mls_buf b = MLS_BUF_INIT(16);
  cfn_test_load(CFN_TEST_AUTO, cases[0].src, SIZE_MAX, MLS_OK);
  ck_assert_int_eq(cfn_dump_cfnref(&b, cfn_test_tmpl, "x", &cfn_test_diag),
                   MLS_ELIMIT);
  mls_buf_dispose(&b);
}
END_TEST

Suite *cfn_dump_suite(void)
{
  Suite *s = suite_create("cfn_dump");
  TCase *tc = tcase_create("cfnref");
  tcase_add_checked_fixture(tc, cfn_test_setup, cfn_test_teardown);
  tcase_add_loop_test(tc, cfn_dump__matches_cfnref, 0,
                      (int)(sizeof(cases) / sizeof(cases[0])));
  tcase_add_test(tc, cfn_dump__file_not_loaded);
  tcase_add_test(tc, cfn_dump__paths_and_strings_are_escaped);
  tcase_add_loop_test(tc, cfn_dump__doubles_as_python, 0,
                      (int)(sizeof(doubles) / sizeof(doubles[0])));
  tcase_add_test(tc, cfn_dump__bounded_output);
  suite_add_tcase(s, tc);
  return s;
}
