/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_tf_json.c -- libFuzzer target for Terraform JSON syntax
 * (parsers/hcl/json.c).
 *
 * Parses each input as a .tf.json configuration and as a .tfvars.json
 * variable file, then walks the whole tree checking what every caller
 * relies on: the return code agrees with nerrors, every range lies inside
 * the input with start <= end, lines and columns are 1-based, and child
 * arrays match their counts. A violation traps, so libFuzzer (or the
 * standalone replay driver under ctest) reports it as a crash.
 */
#include "parsers/hcl/json.h"

#include "core/base/diag.h"
#include "core/base/rc.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_range(const mls_range *r, size_t size)
{
  if (r->start.byte > r->end.byte || r->end.byte > size || r->start.line < 1 ||
      r->start.col < 1 || r->end.line < r->start.line || r->end.col < 1) {
    __builtin_trap();
  }
}

static void walk_body(const hcl_body *b, size_t size, unsigned depth);

static void walk_expr(const hcl_expr *e, size_t size, unsigned depth)
{
  if (!e || depth > 4096) {
    __builtin_trap(); /* no NULL children; recursion is bounded */
  }
  /* Nodes from the template and expression parsers sit inside a JSON
   * string, so they are inside the input too. */
  check_range(&e->range, size);
  switch (e->kind) {
  case HCL_EXPR_TEMPLATE:
    for (uint32_t i = 0; i < e->u.tmpl.nparts; i++) {
      walk_expr(e->u.tmpl.parts[i], size, depth + 1);
    }
    break;
  case HCL_EXPR_TEMPLATE_WRAP:
  case HCL_EXPR_TEMPLATE_JOIN:
  case HCL_EXPR_PARENS:
    walk_expr(e->u.wrap.inner, size, depth + 1);
    break;
  case HCL_EXPR_TUPLE:
    for (uint32_t i = 0; i < e->u.tuple.n; i++) {
      walk_expr(e->u.tuple.items[i], size, depth + 1);
    }
    break;
  case HCL_EXPR_OBJECT:
    for (uint32_t i = 0; i < e->u.object.n; i++) {
      walk_expr(e->u.object.items[i].key, size, depth + 1);
      walk_expr(e->u.object.items[i].value, size, depth + 1);
    }
    break;
  case HCL_EXPR_LITERAL:
    if ((e->u.lit.type == HCL_LIT_STRING || e->u.lit.type == HCL_LIT_NUMBER) &&
        e->u.lit.str.len && !e->u.lit.str.ptr) {
      __builtin_trap();
    }
    break;
  default:
    /* Kinds only the native-syntax parsers build; their own fuzz target
     * covers them. */
    break;
  }
}

static void walk_body(const hcl_body *b, size_t size, unsigned depth)
{
  if (!b || depth > 4096 || (b->nattrs && !b->attrs) ||
      (b->nblocks && !b->blocks)) {
    __builtin_trap();
  }
  check_range(&b->range, size);
  for (uint32_t i = 0; i < b->nattrs; i++) {
    const hcl_attr *a = &b->attrs[i];
    check_range(&a->range, size);
    check_range(&a->name_range, size);
    walk_expr(a->expr, size, depth + 1);
  }
  for (uint32_t i = 0; i < b->nblocks; i++) {
    const hcl_block *k = &b->blocks[i];
    check_range(&k->range, size);
    check_range(&k->type_range, size);
    for (uint32_t j = 0; j < k->nlabels; j++) {
      check_range(&k->labels[j].range, size);
    }
    walk_body(k->body, size, depth + 1);
  }
}

static void run(const uint8_t *data, size_t size, bool tfvars)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *file = NULL;
  int rc = hcl_parse_json_ex(&file, (const char *)data, size, tfvars, &diag);

  if (rc == MLS_ENOMEM) {
    if (file) {
      __builtin_trap(); /* *out stays unset on ENOMEM */
    }
  } else if (!file || (rc == MLS_OK) != (file->nerrors == 0) ||
             (rc != MLS_OK && rc != MLS_EINPUT && rc != MLS_ELIMIT)) {
    __builtin_trap();
  } else {
    walk_body(file->body, size, 0);
  }
  hcl_file_free(file);
  mls_diag_dispose(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  run(data, size, false);
  run(data, size, true);
  return 0;
}
