/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_rule_yaml.c -- libFuzzer target for rule files
 * (core/rules: the YAML reader, both loaders, compile, evaluation).
 *
 * Loads each input as a rule file, compiles the set and, when a rule
 * loaded, evaluates it against a small fixed model (a Terraform bucket and
 * a CloudFormation bucket with nested blocks, a list, an unknown value and
 * an edge). Checks what callers rely on: a failed load leaves no rule and
 * a diagnostic, every finding names a rule and a resource of the set and
 * model, with a message. A violation traps.
 */
#include "core/rules/rules.h"

#include "core/base/diag.h"
#include "core/base/rc.h"
#include "core/model/model.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

static mls_value *str(mls_arena *a, const char *s)
{
  return mls_value_string(a, mls_span_of(s, strlen(s)));
}

/* A list of n values. mls_value_list() keeps the array it is given, so
 * the array is copied into the model's arena: a stack array would be gone
 * (and reused for the next list) by the time the rules read the model. */
static mls_value *list(mls_arena *a, uint32_t n, mls_value *const *items)
{
  mls_value **v = mls_arena_alloc(a, n * sizeof(*v));
  if (!v) {
    return NULL;
  }
  memcpy(v, items, n * sizeof(*v));
  return mls_value_list(a, v, n);
}

/* A map of n (key, value) pairs. */
static mls_value *map(mls_arena *a, uint32_t n, const char *const *keys,
                      mls_value **vals)
{
  mls_map_entry *e = mls_arena_alloc(a, n * sizeof(*e));
  if (!e) {
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    e[i].key = mls_span_of(keys[i], strlen(keys[i]));
    e[i].value = vals[i];
  }
  return mls_value_map(a, e, n);
}

static mls_model *model(void)
{
  mls_model *m = mls_model_new();
  mls_arena *a;
  mls_resource r;
  mls_edge e;
  mls_value *items[2], *ing, *vals[4];
  static const char *const ik[] = { "from_port", "cidr_blocks" };
  static const char *const bk[] = { "acl", "ingress", "kms_key_id", "tags" };
  if (!m) {
    return NULL;
  }
  a = m->arena;
  mls_model_add_file(m, "main.tf");
  vals[0] = mls_value_number_d(a, 22);
  items[0] = str(a, "0.0.0.0/0");
  vals[1] = list(a, 1, items);
  items[0] = map(a, 2, ik, vals);
  vals[0] = mls_value_number_d(a, 443);
  items[1] = map(a, 2, ik, vals);
  ing = list(a, 2, items);
  vals[0] = str(a, "public-read");
  vals[1] = ing;
  vals[2] = mls_value_unknown(a, mls_span_of("var.k", 5), "no value");
  vals[3] = mls_value_map(a, NULL, 0);
  memset(&r, 0, sizeof(r));
  r.framework = MLS_FW_TERRAFORM;
  r.type = mls_span_of("aws_s3_bucket", 13);
  r.address = mls_span_of("aws_s3_bucket.b", 15);
  r.body = map(a, 4, bk, vals);
  r.deployed = true;
  r.range.start.line = 1;
  mls_model_add_resource(m, &r);
  r.type = mls_span_of("aws_s3_bucket_public_access_block", 33);
  r.address = mls_span_of("aws_s3_bucket_public_access_block.p", 35);
  mls_model_add_resource(m, &r);
  r.framework = MLS_FW_CLOUDFORMATION;
  r.type = mls_span_of("AWS::S3::Bucket", 15);
  r.address = mls_span_of("Bucket", 6);
  mls_model_add_resource(m, &r);
  memset(&e, 0, sizeof(e));
  e.from = 1;
  e.to = 0;
  e.path = mls_span_of("bucket", 6);
  mls_model_add_edge(m, &e);
  if (mls_arena_failed(a)) {
    mls_model_free(m);
    return NULL;
  }
  return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  mls_model *m = NULL;
  rule_findings f;
  int rc;

  rule_findings_init(&f);
  if (rule_set_new(&rs) < 0) {
    return 0;
  }
  rc = rule_set_add_buffer(rs, "fuzz.yaml", (const char *)data, size, &d);
  check(rc == MLS_OK || d.n > 0 || d.dropped > 0);
  if (rule_set_compile(rs, NULL, &d) == MLS_OK) {
    check(rc == MLS_OK || rule_set_count(rs) == 0);
    if (rule_set_count(rs) && (m = model())) {
      rule_eval_opts o = RULE_EVAL_OPTS_INIT;
      o.env = "prod";
      if (rule_eval_model(&f, rs, m, &o, &d) == MLS_OK) {
        for (size_t i = 0; i < f.n; i++) {
          check(f.v[i].rule < rule_set_count(rs));
          check(f.v[i].resource < m->nresources);
          check(f.v[i].message != NULL && f.v[i].attr != NULL);
        }
      }
    }
  }
  rule_findings_dispose(&f);
  mls_model_free(m);
  rule_set_free(rs);
  mls_diag_dispose(&d);
  return 0;
}
