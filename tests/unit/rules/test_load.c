/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_load.c -- loading rule files (core/rules/ytree.c,
 * load.c, rules.c): every validation is a diagnostic with a line, unknown
 * keys reject the rule, and hostile files (deep nesting, huge regexes,
 * aliases, bad YAML, huge files) end in diagnostics, not crashes.
 */
#include "tests/unit/rules/rules_test.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdlib.h>
#include <string.h>

#define OK_RULE                                                                \
  "id: MLS-SM-901\n"                                                           \
  "title: Notebook has no direct internet access\n"                            \
  "severity: high\n"                                                           \
  "description: |\n"                                                           \
  "  Why.\n"                                                                   \
  "remediation:\n"                                                             \
  "  terraform: |\n"                                                           \
  "    direct_internet_access = \"Disabled\"\n"                                \
  "  cloudformation: |\n"                                                      \
  "    DirectInternetAccess: Disabled\n"                                       \
  "frameworks: [NIST-800-53:SC-7]\n"                                           \
  "peers:\n"                                                                   \
  "  checkov: [CKV_AWS_122]\n"                                                 \
  "  trivy: [AVD-AWS-0371]\n"                                                  \
  "tags: [sagemaker, network]\n"                                               \
  "help_uri: https://example.com/x\n"                                          \
  "terraform:\n"                                                               \
  "  resource_types: [aws_sagemaker_notebook_instance]\n"                      \
  "  condition:\n"                                                             \
  "    attribute: direct_internet_access\n"                                    \
  "    equals: Disabled\n"                                                     \
  "    default_when_absent: Enabled\n"                                         \
  "cloudformation:\n"                                                          \
  "  resource_types: [\"AWS::SageMaker::NotebookInstance\"]\n"                 \
  "  condition:\n"                                                             \
  "    attribute: DirectInternetAccess\n"                                      \
  "    equals: Disabled\n"                                                     \
  "    default_when_absent: Enabled\n"

START_TEST(rules_load__full_rule_metadata)
{
  rule_set *rs = rt_rules(OK_RULE, NULL);
  const rule_meta *m;
  ck_assert_uint_eq(rule_set_count(rs), 1);
  m = rule_set_get(rs, 0);
  ck_assert_str_eq(m->id, "MLS-SM-901");
  ck_assert_int_eq(m->severity, MLS_RSEV_HIGH);
  ck_assert_str_eq(m->description, "Why.\n");
  ck_assert_ptr_nonnull(strstr(m->remediation_tf, "Disabled"));
  ck_assert_ptr_nonnull(strstr(m->remediation_cfn, "Disabled"));
  ck_assert_uint_eq(m->nframeworks, 1);
  ck_assert_uint_eq(m->npeers, 2);
  ck_assert_str_eq(m->peers[0].tool, "checkov");
  ck_assert_str_eq(m->peers[0].ids[0], "CKV_AWS_122");
  ck_assert_str_eq(m->peers[1].tool, "trivy");
  ck_assert_uint_eq(m->ntags, 2);
  ck_assert_str_eq(m->tags[0], "sagemaker");
  ck_assert_str_eq(m->help_uri, "https://example.com/x");
  ck_assert_uint_eq(m->ntf_types, 1);
  ck_assert_str_eq(m->cfn_types[0], "AWS::SageMaker::NotebookInstance");
  ck_assert_str_eq(m->source, "test.yaml");
  ck_assert(!m->checkov_format);
  rule_set_free(rs);
}
END_TEST

/* Each bad file: the load fails with a diagnostic that names the problem
 * and, where it has one, the line. */
START_TEST(rules_load__errors_are_diagnostics)
{
  struct {
    const char *yaml;
    const char *needle;
    uint32_t line;
  } cases[] = {
    { "id: SM-1\ntitle: t\nseverity: high\n", "not MLS-", 1 },
    { "id: MLS-sm-001\ntitle: t\nseverity: high\n", "not MLS-", 1 },
    { "id: MLS-SM-01\ntitle: t\nseverity: high\n", "not MLS-", 1 },
    { "id: MLS-SM-001\ntitle: t\nseverity: urgent\n", "severity is", 3 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\n", "no terraform", 1 },
    { "id: MLS-SM-001\nseverity: high\n", "no title", 1 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nsevrity: low\n",
      "unknown key 'sevrity'", 4 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n"
      "    defualt_when_absent: 1\n    equals: 1\n",
      "unknown key 'defualt_when_absent'", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n"
      "    equals: 1\n    exists: true\n",
      "exactly one operator", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n",
      "exactly one operator", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n"
      "    exists: true\n    empty_is_absent: yes please\n",
      "empty_is_absent wants true or false", 9 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    equals: 1\n",
      "needs 'attribute'", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n"
      "    regex: \"(unclosed\"\n",
      "bad regex", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: x\n"
      "    gt: ten\n",
      "want a number", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: \"a..b\"\n"
      "    exists: true\n",
      "bad attribute path", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    attribute: \"a[x]\"\n"
      "    exists: true\n",
      "bad index", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    all: []\n",
      "non-empty list", 7 },
    /* by_type: Terraform's whole condition, one branch per bound type. */
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a, \"azapi_resource:Microsoft.X/y\"]\n"
      "  condition:\n    by_type:\n      a:\n        attribute: x\n"
      "        exists: true\n",
      "no condition for 'azapi_resource:Microsoft.X/y'", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    by_type:\n      a:\n"
      "        attribute: x\n        exists: true\n      b:\n"
      "        attribute: x\n        exists: true\n",
      "which resource_types does not list", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    not:\n      by_type:\n"
      "        a:\n          attribute: x\n          exists: true\n",
      "only a binding's whole condition", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  condition:\n    by_type: [a]\n",
      "mapping of resource types", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [\"azapi_resource:A.B/c\"]\n"
      "  condition:\n    by_type:\n"
      "      azapi_resource:A.B/c:\n        attribute: x\n"
      "        exists: true\n"
      "      azapi_resource:a.b/C:\n        attribute: y\n"
      "        exists: true\n",
      "listed twice", 11 },
    /* a key listing several types: each once, default alone */
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a, b, c]\n  condition:\n    by_type:\n"
      "      a, b:\n        attribute: x\n        exists: true\n"
      "      c, a:\n        attribute: y\n        exists: true\n",
      "'a' is listed twice", 11 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a, b]\n  condition:\n    by_type:\n"
      "      a, default:\n        attribute: x\n        exists: true\n",
      "'default' stands alone", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a, b]\n  condition:\n    by_type:\n"
      "      \" , \":\n        attribute: x\n        exists: true\n",
      "bad resource type ''", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [\"azapi_resource:workspaces\"]\n"
      "  condition:\n    attribute: x\n    exists: true\n",
      "bad resource type", 5 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [\"AWS::S3::Bucket\"]\n"
      "  condition:\n    attribute: x\n    exists: true\n",
      "bad resource type", 5 },
    /* CloudFormation's by_type: its own types, each listed */
    { "id: MLS-SM-001\ntitle: t\nseverity: high\ncloudformation:\n"
      "  resource_types: [\"AWS::S3::Bucket\"]\n  condition:\n"
      "    by_type:\n      \"AWS::S3::Bucket\":\n"
      "        attribute: x\n        exists: true\n"
      "      \"AWS::S3::BucketPolicy\":\n"
      "        attribute: x\n        exists: true\n",
      "which resource_types does not list", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\ncloudformation:\n"
      "  resource_types: [\"AWS::S3::Bucket\", \"AWS::EC2::Volume\"]\n"
      "  condition:\n    by_type:\n      \"AWS::S3::Bucket\":\n"
      "        attribute: x\n        exists: true\n",
      "no condition for 'AWS::EC2::Volume'", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\ncloudformation:\n"
      "  resource_types: [\"AWS::S3::Bucket\"]\n  condition:\n"
      "    by_type:\n      \"AWS::S3::Bucket!\":\n        attribute: x\n"
      "        exists: true\n",
      "bad resource type", 8 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\npeers:\n  snyk: [x]\n",
      "unknown peer tool", 5 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a, b]\n  applies_if:\n    by_type:\n"
      "      a:\n        attribute: x\n        exists: true\n"
      "      b:\n        attribute: x\n        exists: true\n"
      "  condition:\n    attribute: x\n    exists: true\n",
      "not allowed in applies_if", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
      "  resource_types: [a]\n  applies_if:\n    attribute: x\n"
      "  condition:\n    attribute: x\n    exists: true\n",
      "exactly one operator", 7 },
    { "id: MLS-SM-001\ntitle: t\nseverity: high\nmessage: \"{name}\"\n",
      "message may use", 4 },
    { "id: MLS-SM-001\nid: MLS-SM-002\n", "repeated", 2 },
    { "id: [unclosed\n", "YAML", 2 },
    { "a: &x 1\nb: *x\n", "aliases", 2 },
    { "id: a\n---\nid: b\n", "one YAML document", 2 },
    { "- just\n- a list\n", "is a mapping", 1 },
    { "", "empty rule file", 0 },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    mls_diag d = MLS_DIAG_INIT;
    int rc = rt_load(cases[i].yaml, &d);
    ck_assert_msg(rc < 0, "case %zu loaded", i);
    ck_assert_msg(d.n >= 1, "case %zu: no diagnostic", i);
    ck_assert_msg(strstr(d.v[0].message, cases[i].needle) != NULL,
                  "case %zu: '%s' lacks '%s'", i, d.v[0].message,
                  cases[i].needle);
    ck_assert_str_eq(d.v[0].path, "test.yaml");
    if (cases[i].line) {
      ck_assert_msg(
          d.v[0].has_range && d.v[0].range.start.line == cases[i].line,
          "case %zu: line %u, want %u", i,
          d.v[0].has_range ? d.v[0].range.start.line : 0, cases[i].line);
    }
    mls_diag_dispose(&d);
  }
}
END_TEST

/* A bad rule among good ones: the others still load. */
START_TEST(rules_load__bad_file_does_not_stop_others)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  const char *bad = "id: MLS-SM-001\ntitle: t\nseverity: nope\n";
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_lt(rule_set_add_buffer(rs, "bad.yaml", bad, strlen(bad), &d),
                   0);
  ck_assert_int_eq(
      rule_set_add_buffer(rs, "ok.yaml", OK_RULE, strlen(OK_RULE), &d), 0);
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_uint_eq(rule_set_count(rs), 1);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_str_eq(d.v[0].path, "bad.yaml");
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(rules_load__path_loads_directory_sorted)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_path(
                       rs, MLS_TEST_SOURCE_DIR "/tests/rules-engine/rules", &d),
                   MLS_OK);
  ck_assert_msg(d.n == 0, "%s", rt_first_diag(&d));
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_uint_ge(rule_set_count(rs), 2);
  for (size_t i = 1; i < rule_set_count(rs); i++) {
    ck_assert_int_lt(
        strcmp(rule_set_get(rs, i - 1)->id, rule_set_get(rs, i)->id), 0);
  }
  rule_set_free(rs);
  mls_diag_dispose(&d);
  /* A missing path is a diagnostic. */
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_path(rs, "/nonexistent/rules", &d), MLS_EINPUT);
  ck_assert_uint_eq(d.n, 1);
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

/* owned: `n` copies of `unit` then `tail`. */
static char *repeat(const char *head, const char *unit, size_t n,
                    const char *tail)
{
  size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
  char *s = malloc(hl + ul * n + tl + 1), *p;
  ck_assert_ptr_nonnull(s);
  memcpy(s, head, hl);
  p = s + hl;
  for (size_t i = 0; i < n; i++) {
    memcpy(p, unit, ul);
    p += ul;
  }
  memcpy(p, tail, tl + 1);
  return s;
}

START_TEST(rules_load__hostile_files)
{
  mls_diag d = MLS_DIAG_INIT;
  char *s;
  /* 100k nested flow sequences. */
  s = repeat("a: ", "[", 100000, "");
  ck_assert_int_lt(rt_load(s, &d), 0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "nests too deeply"));
  free(s);
  mls_diag_dispose(&d);
  /* Conditions nested past the bound through not:. */
  s = repeat("id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
             "  resource_types: [a]\n  condition: ",
             "{not: ", 300, "{attribute: x, exists: true}");
  ck_assert_int_lt(rt_load(s, &d), 0);
  ck_assert_uint_ge(d.n, 1);
  free(s);
  mls_diag_dispose(&d);
  /* A huge regex. */
  s = repeat("id: MLS-SM-001\ntitle: t\nseverity: high\nterraform:\n"
             "  resource_types: [a]\n  condition:\n    attribute: x\n"
             "    regex: \"",
             "(a|b)*", 20000, "\"\n");
  ck_assert_int_lt(rt_load(s, &d), 0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "too long"));
  free(s);
  mls_diag_dispose(&d);
  /* Many nodes. */
  s = repeat("tags: [", "x,", MLS_MAX_RULE_NODES + 10, "x]\n");
  ck_assert_int_lt(rt_load(s, &d), 0);
  ck_assert_ptr_nonnull(strstr(rt_first_diag(&d), "too many"));
  free(s);
  mls_diag_dispose(&d);
  /* Bigger than the file bound. */
  s = repeat("description: \"", "x", MLS_MAX_RULE_BYTES, "\"\n");
  ck_assert_int_eq(rt_load(s, &d), MLS_ELIMIT);
  free(s);
  mls_diag_dispose(&d);
  /* Binary junk. */
  {
    char junk[512];
    for (size_t i = 0; i < sizeof(junk) - 1; i++) {
      junk[i] = (char)(1 + (i * 37) % 250);
    }
    junk[sizeof(junk) - 1] = '\0';
    ck_assert_int_lt(rt_load(junk, &d), 0);
    ck_assert_uint_ge(d.n, 1);
    mls_diag_dispose(&d);
  }
}
END_TEST

/* Every allocation of a load, compile and evaluation may fail: the result
 * is MLS_ENOMEM or success, never a crash or a leak. */
START_TEST(rules_load__enomem_at_every_allocation)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  int rc;
  mls_alloc_fail_after(_i);
  rc = rule_set_new(&rs);
  if (rc == MLS_OK) {
    rc = rule_set_add_buffer(rs, "x.yaml", OK_RULE, strlen(OK_RULE), &d);
    if (rc == MLS_OK) {
      rc = rule_set_compile(rs, NULL, &d);
    }
  }
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_OK || rc == MLS_ENOMEM, "rc %d at %d", rc, _i);
  rule_set_free(rs);
  mls_diag_dispose(&d);
}
END_TEST

Suite *rules_load_suite(void)
{
  Suite *s = suite_create("rules_load");
  TCase *tc = tcase_create("load");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, rules_load__full_rule_metadata);
  tcase_add_test(tc, rules_load__errors_are_diagnostics);
  tcase_add_test(tc, rules_load__bad_file_does_not_stop_others);
  tcase_add_test(tc, rules_load__path_loads_directory_sorted);
  tcase_add_test(tc, rules_load__hostile_files);
  tcase_add_loop_test(tc, rules_load__enomem_at_every_allocation, 0, 120);
  suite_add_tcase(s, tc);
  return s;
}
