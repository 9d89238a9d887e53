/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/rules/rules_test.c -- helpers of the rule engine's suites
 * (rules_test.h).
 */
#include "tests/unit/rules/rules_test.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/eval/cfn_eval.h"
#include "core/eval/tf_eval.h"
#include "parsers/cfn/cfn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rt_load(const char *yaml, mls_diag *diag)
{
  rule_set *rs = NULL;
  int rc;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  rc = rule_set_add_buffer(rs, "test.yaml", yaml, strlen(yaml), diag);
  rule_set_free(rs);
  return rc;
}

const char *rt_first_diag(const mls_diag *d)
{
  return d->n ? d->v[0].message : "";
}

rule_set *rt_rules(const char *yaml, const rule_config *cfg)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  int rc;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  rc = rule_set_add_buffer(rs, "test.yaml", yaml, strlen(yaml), &d);
  ck_assert_msg(rc == MLS_OK, "rule did not load: %s", rt_first_diag(&d));
  ck_assert_int_eq(rule_set_compile(rs, cfg, &d), MLS_OK);
  mls_diag_dispose(&d);
  return rs;
}

static int one_list(void *payload, const char *dir, tf_list_cb cb, void *cbp)
{
  (void)payload;
  if (dir[0]) {
    return MLS_EIO;
  }
  return cb(cbp, "main.tf", false);
}

static int one_read(void *payload, const char *path, char **out, size_t *len)
{
  const rt_run *f = payload; /* the source is its text, as main.tf */
  size_t n = strlen(f->text);
  if (strcmp(path, "main.tf") != 0) {
    return MLS_EIO;
  }
  if (!(*out = mls_malloc(n + 1))) {
    return MLS_ENOMEM;
  }
  memcpy(*out, f->text, n + 1);
  *len = n;
  return MLS_OK;
}

int rt_file_text(void *payload, uint16_t file, const char **text, size_t *len)
{
  const rt_run *r = payload;
  if (file != 0 || !r->text) {
    return MLS_EIO;
  }
  *text = r->text;
  *len = strlen(r->text);
  return MLS_OK;
}

static void run_rules(rt_run *r, const rule_eval_opts *opts)
{
  rule_eval_opts o = RULE_EVAL_OPTS_INIT;
  if (opts) {
    o = *opts;
  }
  if (o.file_text) {
    o.payload = r;
  }
  rule_findings_init(&r->f);
  r->eval_rc = rule_eval_model(&r->f, r->rs, r->m, &o, &r->diag);
}

rule_set *rt_builtin(void)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_builtin(rs, &d), MLS_OK);
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  mls_diag_dispose(&d);
  return rs;
}

rt_run *rt_tf_set(rule_set *rs, const char *main_tf, const rule_eval_opts *opts)
{
  rt_run *r = calloc(1, sizeof(*r));
  tf_loader *ld = NULL;
  tf_source src;
  ck_assert_ptr_nonnull(r);
  r->rs = rs;
  r->text = main_tf;
  memset(&src, 0, sizeof(src)); /* members not set here stay NULL */
  src.list = one_list;
  src.read = one_read;
  src.payload = r;
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_eval_root(&r->m, ld, "", NULL, &r->diag), MLS_OK);
  r->ld = ld;
  run_rules(r, opts);
  return r;
}

rt_run *rt_tf(const char *rules, const char *main_tf,
              const rule_eval_opts *opts)
{
  return rt_tf_set(rt_rules(rules, NULL), main_tf, opts);
}

rt_run *rt_cfn(const char *rules, const char *tmpl, const rule_eval_opts *opts)
{
  rt_run *r = calloc(1, sizeof(*r));
  cfn_template *t = NULL;
  cfneval_opts co = CFNEVAL_OPTS_INIT;
  ck_assert_ptr_nonnull(r);
  r->rs = rt_rules(rules, NULL);
  r->text = tmpl;
  co.path = "template.yaml";
  ck_assert_int_eq(cfn_load(&t, tmpl, strlen(tmpl), &r->diag), MLS_OK);
  ck_assert_int_eq(cfneval_template(&r->m, t, &co, &r->diag), MLS_OK);
  cfn_template_free(t);
  run_rules(r, opts);
  return r;
}

void rt_free(rt_run *r)
{
  if (!r) {
    return;
  }
  rule_findings_dispose(&r->f);
  mls_model_free(r->m);
  tf_loader_free(r->ld);
  rule_set_free(r->rs);
  mls_diag_dispose(&r->diag);
  free(r);
}

const rule_finding *rt_find(const rt_run *r, const char *id,
                            const char *address)
{
  for (size_t i = 0; i < r->f.n; i++) {
    const rule_finding *f = &r->f.v[i];
    const rule_meta *m = rule_set_get(r->rs, f->rule);
    if (strcmp(m->id, id) == 0 &&
        mls_span_eq(r->m->resources[f->resource].address, address)) {
      return f;
    }
  }
  return NULL;
}

mls_status rt_status(const rt_run *r, const char *id, const char *address)
{
  const rule_finding *f = rt_find(r, id, address);
  ck_assert_msg(f != NULL, "no finding of %s for %s (eval rc %d)", id, address,
                r->eval_rc);
  return f->status;
}

size_t rt_count(const rt_run *r, const char *address)
{
  size_t n = 0;
  for (size_t i = 0; i < r->f.n; i++) {
    n += mls_span_eq(r->m->resources[r->f.v[i].resource].address, address) ? 1
                                                                           : 0;
  }
  return n;
}
