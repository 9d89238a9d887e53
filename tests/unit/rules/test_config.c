/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/test_config.c -- the .mlsweep.yaml loader
 * (core/rules/config.c): every key, both severity forms, disable entries
 * with reasons and expiry, matching by id and tag, line-numbered
 * diagnostics, the repository mode (disable only, reason required) and
 * hostile input (wrong shapes, bad dates, oversize files, aliases).
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/rules/config.h"

#include <stdio.h>
#include <string.h>

static int load(rule_file_config **c, const char *text, unsigned flags,
                mls_diag *d)
{
  return rule_file_config_load(c, "cfg.yaml", text, strlen(text), flags, d);
}

START_TEST(rules_config__every_key)
{
  static const char text[] = "version: 1\n"
                             "env: prod\n"
                             "enable: [sagemaker, MLS-S3-001]\n"
                             "disable:\n"
                             "  - MLS-SM-030\n"
                             "  - id: iam\n"
                             "    reason: reviewed by security\n"
                             "    expires: 2027-01-31\n"
                             "severity:\n"
                             "  - match: MLS-SM-009\n"
                             "    severity: critical\n"
                             "    env: prod\n"
                             "rules: [policies, /abs/extra.yaml]\n"
                             "var_files: env/prod.tfvars\n"
                             "exclude: [\"examples/**\", \"test/**\"]\n";
  rule_file_config *c = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(load(&c, text, 0, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_str_eq(c->env, "prod");
  ck_assert_uint_eq(c->nenable, 2);
  ck_assert_str_eq(c->enable[1], "MLS-S3-001");
  ck_assert_uint_eq(c->ndisable, 2);
  ck_assert_str_eq(c->disable[0].match, "MLS-SM-030");
  ck_assert_ptr_null(c->disable[0].reason);
  ck_assert_str_eq(c->disable[1].match, "iam");
  ck_assert_str_eq(c->disable[1].reason, "reviewed by security");
  ck_assert_str_eq(c->disable[1].expires, "2027-01-31");
  ck_assert_uint_eq(c->disable[1].line, 6);
  ck_assert_uint_eq(c->noverrides, 1);
  ck_assert_str_eq(c->overrides[0].match, "MLS-SM-009");
  ck_assert_int_eq(c->overrides[0].severity, MLS_RSEV_CRITICAL);
  ck_assert_str_eq(c->overrides[0].env, "prod");
  ck_assert_uint_eq(c->nrule_paths, 2);
  ck_assert_str_eq(c->rule_paths[1], "/abs/extra.yaml");
  ck_assert_uint_eq(c->nvar_files, 1);
  ck_assert_str_eq(c->var_files[0], "env/prod.tfvars");
  ck_assert_uint_eq(c->nexclude, 2);
  rule_file_config_free(c);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(rules_config__severity_map_and_matching)
{
  static const char text[] = "severity:\n"
                             "  MLS-S3-011: high\n"
                             "  network: low\n"
                             "disable:\n"
                             "  - id: network\n"
                             "    reason: a\n"
                             "  - id: MLS-SM-009\n"
                             "    reason: b\n";
  static const char *const tags[] = { "sagemaker", "network" };
  rule_meta m;
  rule_file_config *c = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(load(&c, text, 0, &d), MLS_OK);
  ck_assert_uint_eq(c->noverrides, 2);
  ck_assert_int_eq(c->overrides[0].severity, MLS_RSEV_HIGH);
  ck_assert_ptr_null(c->overrides[1].env);
  memset(&m, 0, sizeof(m));
  m.id = "MLS-SM-009";
  m.tags = tags;
  m.ntags = 2;
  /* The last entry that names the rule, by id or tag, wins. */
  ck_assert_str_eq(rule_file_config_disabled(c, &m)->reason, "b");
  m.id = "MLS-SM-002";
  ck_assert_str_eq(rule_file_config_disabled(c, &m)->reason, "a");
  m.ntags = 1;
  ck_assert_ptr_null(rule_file_config_disabled(c, &m));
  ck_assert_ptr_null(rule_file_config_disabled(NULL, &m));
  rule_file_config_free(c);
  mls_diag_dispose(&d);
}
END_TEST

/* Each bad file fails with a diagnostic at the given line. */
START_TEST(rules_config__errors_have_lines)
{
  static const struct {
    const char *text;
    uint32_t line;
    const char *needle;
  } cases[] = {
    { "version: 1\ndisabel: [x]\n", 2, "unknown key 'disabel'" },
    { "version: 2\n", 1, "version 1" },
    { "disable:\n  - id: X\n    expires: tomorrow\n", 3, "YYYY-MM-DD" },
    { "disable:\n  - id: X\n    expires: 2027-1-31\n", 3, "YYYY-MM-DD" },
    { "disable:\n  - reason: r\n", 2, "needs an 'id'" },
    { "disable:\n  - id: X\n    why: r\n", 3, "unknown key 'why'" },
    { "severity:\n  MLS-X: urgent\n", 2, "critical, high" },
    { "severity:\n  MLS-X: none\n", 2, "critical, high" },
    { "severity:\n  - match: X\n", 2, "needs 'match' and 'severity'" },
    { "enable: {a: b}\n", 1, "list of strings" },
    { "enable: [\"has space\"]\n", 1, "no spaces" },
    { "env: [a]\n", 1, "rule id, tag or name" },
    { "exclude: [\"\"]\n", 1, "empty entry" },
    { "disable:\n  - [a]\n", 2, "a 'disable' entry is" },
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    rule_file_config *c = (rule_file_config *)1;
    mls_diag d = MLS_DIAG_INIT;
    int rc = load(&c, cases[i].text, 0, &d);
    ck_assert_msg(rc < 0, "case %zu loaded", i);
    ck_assert_ptr_null(c);
    ck_assert_uint_ge(d.n, 1);
    ck_assert_msg(d.v[0].has_range && d.v[0].range.start.line == cases[i].line,
                  "case %zu: line %u, want %u (%s)", i, d.v[0].range.start.line,
                  cases[i].line, d.v[0].message);
    ck_assert_msg(strstr(d.v[0].message, cases[i].needle), "case %zu: %s", i,
                  d.v[0].message);
    ck_assert_str_eq(d.v[0].path, "cfg.yaml");
    mls_diag_dispose(&d);
  }
}
END_TEST

START_TEST(rules_config__repository_mode)
{
  static const char text[] = "disable:\n"
                             "  - id: sagemaker\n"
                             "    reason: fine\n"
                             "severity:\n"
                             "  MLS-IAM-001: low\n"
                             "rules: [evil]\n"
                             "env: dev\n"
                             "whatever: 1\n";
  rule_file_config *c = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(load(&c, text, RULE_CONFIG_REPO, &d), MLS_OK);
  /* Only the waiver is kept; each other key is a warning. */
  ck_assert_uint_eq(c->ndisable, 1);
  ck_assert_uint_eq(c->noverrides, 0);
  ck_assert_uint_eq(c->nrule_paths, 0);
  ck_assert_ptr_null(c->env);
  ck_assert_uint_eq(d.n, 4);
  ck_assert_uint_eq(d.nerrors, 0);
  ck_assert_int_eq(d.v[0].sev, MLS_SEV_WARNING);
  ck_assert_uint_eq(d.v[0].range.start.line, 4);
  rule_file_config_free(c);
  mls_diag_dispose(&d);
  /* A waiver without a reason is refused. */
  ck_assert_int_eq(load(&c, "disable: [sagemaker]\n", RULE_CONFIG_REPO, &d),
                   MLS_EINPUT);
  ck_assert_ptr_null(c);
  ck_assert_ptr_nonnull(strstr(d.v[0].message, "needs a 'reason'"));
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(rules_config__hostile_input)
{
  rule_file_config *c = NULL;
  mls_diag d = MLS_DIAG_INIT;
  size_t big = (size_t)MLS_MAX_CONFIG_BYTES + 1;
  char *buf = mls_malloc(big);
  ck_assert_ptr_nonnull(buf);
  memset(buf, '#', big);
  ck_assert_int_eq(rule_file_config_load(&c, "big", buf, big, 0, &d),
                   MLS_ELIMIT);
  ck_assert_ptr_null(c);
  mls_free(buf);
  mls_diag_dispose(&d);
  /* Aliases (billion laughs), non-mappings, nesting. */
  ck_assert_int_lt(load(&c, "a: &x [1]\nenable: *x\n", 0, &d), 0);
  mls_diag_dispose(&d);
  ck_assert_int_lt(load(&c, "- a\n- b\n", 0, &d), 0);
  mls_diag_dispose(&d);
  {
    char deep[4 * MLS_MAX_NESTING + 16];
    size_t n = 0;
    n += (size_t)snprintf(deep, sizeof(deep), "enable: ");
    for (size_t i = 0; i < MLS_MAX_NESTING + 2; i++) {
      deep[n++] = '[';
    }
    deep[n] = '\0';
    ck_assert_int_lt(load(&c, deep, 0, &d), 0);
    mls_diag_dispose(&d);
  }
  /* Empty and comment-only files configure nothing. */
  ck_assert_int_eq(load(&c, "", 0, &d), MLS_OK);
  ck_assert_uint_eq(c->ndisable + c->nenable + c->noverrides, 0);
  rule_file_config_free(c);
  ck_assert_int_eq(load(&c, "# nothing\n", 0, &d), MLS_OK);
  rule_file_config_free(c);
  mls_diag_dispose(&d);
}
END_TEST

Suite *rules_config_suite(void)
{
  Suite *s = suite_create("rules_config");
  TCase *tc = tcase_create("config");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, rules_config__every_key);
  tcase_add_test(tc, rules_config__severity_map_and_matching);
  tcase_add_test(tc, rules_config__errors_have_lines);
  tcase_add_test(tc, rules_config__repository_mode);
  tcase_add_test(tc, rules_config__hostile_input);
  suite_add_tcase(s, tc);
  return s;
}
