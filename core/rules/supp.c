/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/supp.c -- suppressions of failing findings.
 *
 * Stage: module job (rule_eval_model). Inline comments and CloudFormation
 * Metadata come in a later commit; until then nothing is suppressed.
 */
#include "core/rules/rules_int.h"

#include "core/base/rc.h"

int rule__supp_apply(rule_findings *out, rule_finding *f, const rule_def *d,
                     const mls_model *m, const mls_resource *r,
                     const rule_eval_opts *opts, rule_supp_cache **cache)
{
  (void)out;
  (void)f;
  (void)d;
  (void)m;
  (void)r;
  (void)opts;
  (void)cache;
  return MLS_OK;
}

void rule__supp_dispose(rule_supp_cache *cache)
{
  (void)cache;
}
