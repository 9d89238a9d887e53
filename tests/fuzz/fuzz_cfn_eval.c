/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_cfn_eval.c -- libFuzzer target for the CloudFormation
 * evaluator (core/eval/cfn_eval.c): intrinsics, conditions, Fn::ForEach,
 * policy strings decoded into trees (Fn::Sub ones too), ARNs in policies.
 *
 * The input is a template, YAML or JSON as cfn_load() decides. A template
 * that loads is evaluated; the contract checked: the return code is one
 * the API names, a model comes with MLS_OK and only then, every resource
 * has a body whose nodes name a file of the model (or none), every edge
 * leaves a resource, and the JSON writer accepts the model. A violation
 * traps; sanitizers report the rest.
 */
#include "core/eval/cfn_eval.h"

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/model/model.h"
#include "parsers/cfn/cfn.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

/* Every node of v names a file of m, or none. */
static void check_value(const mls_model *m, const mls_value *v, int depth)
{
  check(v != NULL);
  check(v->file == MLS_NO_FILE || v->file < m->nfiles);
  if (depth > MLS_MAX_NESTING) {
    return;
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      check_value(m, v->u.list.items[i], depth + 1);
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      check_value(m, v->u.map.entries[i].value, depth + 1);
    }
  } else if (v->kind == MLS_V_UNKNOWN) {
    check(v->u.unknown.why != NULL);
    check(!v->u.unknown.prefix || v->u.unknown.prefix[0] != '\0');
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  mls_diag d = MLS_DIAG_INIT;
  cfn_template *t = NULL;
  mls_model *m = NULL;
  int rc;

  if (cfn_load(&t, (const char *)data, size, &d) == MLS_OK && t) {
    rc = cfneval_template(&m, t, NULL, &d);
    check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ELIMIT ||
          rc == MLS_ENOMEM);
    check((rc == MLS_OK) == (m != NULL));
    if (m) {
      mls_buf b = MLS_BUF_INIT((size_t)1 << 28);
      for (uint32_t i = 0; i < m->nresources; i++) {
        if (m->resources[i].body) {
          check_value(m, m->resources[i].body, 0);
        }
      }
      for (uint32_t i = 0; i < m->nedges; i++) {
        check(m->edges[i].from < m->nresources);
      }
      rc = mls_model_write_json(&b, m);
      check(rc == MLS_OK || rc == MLS_ENOMEM || rc == MLS_ELIMIT);
      mls_buf_dispose(&b);
      mls_model_free(m);
    }
  }
  cfn_template_free(t);
  mls_diag_dispose(&d);
  return 0;
}
