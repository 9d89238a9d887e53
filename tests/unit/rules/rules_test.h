/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/rules_test.h -- helpers shared by the rule engine's
 * suites: build a rule set from YAML text, evaluate Terraform or
 * CloudFormation held in memory into a model, run the rules and look up
 * one resource's finding.
 */
#ifndef MLS_TESTS_UNIT_RULES_TEST_H
#define MLS_TESTS_UNIT_RULES_TEST_H

#include "tests/unit/test_util.h"

#include "core/base/diag.h"
#include "core/model/model.h"
#include "core/rules/rules.h"

/* One evaluation and everything it owns. */
typedef struct rt_run {
  rule_set *rs;     /* owned */
  mls_model *m;     /* owned */
  void *ld;         /* owned tf_loader: the model borrows its bytes */
  rule_findings f;  /* owned */
  mls_diag diag;    /* owned: loading, compiling and evaluation */
  const char *text; /* borrowed: the source, for file_text */
  int load_rc;      /* rule_set_add_buffer()'s result */
  int eval_rc;      /* rule_eval_model()'s result */
} rt_run;

/* A compiled set of one rule file (cfg may be NULL). Fails the test when
 * the rule does not load. */
rule_set *rt_rules(const char *yaml, const rule_config *cfg);
/* The built-in library, compiled; fails the test if it does not load
 * cleanly. */
rule_set *rt_builtin(void);
/* Load `yaml` and return the load result; diagnostics in *diag. */
int rt_load(const char *yaml, mls_diag *diag);
/* The first diagnostic's message, or "". */
const char *rt_first_diag(const mls_diag *d);

/* Evaluate main.tf / a CloudFormation template against `rules` (a rule
 * file) with `opts` (may be NULL). */
rt_run *rt_tf(const char *rules, const char *main_tf,
              const rule_eval_opts *opts);
rt_run *rt_cfn(const char *rules, const char *tmpl, const rule_eval_opts *opts);
/* The same over a compiled set the run takes ownership of. */
rt_run *rt_tf_set(rule_set *rs, const char *main_tf,
                  const rule_eval_opts *opts);
void rt_free(rt_run *r);
/* A rule_eval_opts.file_text over the run's source (its payload is set to
 * the run by rt_tf and rt_cfn). */
int rt_file_text(void *payload, uint16_t file, const char **text, size_t *len);

/* The finding for (rule id, resource address), or NULL. */
const rule_finding *rt_find(const rt_run *r, const char *id,
                            const char *address);
/* Its status; fails the test when there is none. */
mls_status rt_status(const rt_run *r, const char *id, const char *address);
/* Number of findings of resource `address`. */
size_t rt_count(const rt_run *r, const char *address);

#endif
