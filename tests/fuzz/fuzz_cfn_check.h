/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_cfn_check.h -- the invariants both CloudFormation fuzz
 * targets (fuzz_cfn_yaml.c, fuzz_cfn_json.c) check on a loaded template.
 *
 * Header-only so each target stays one source file, as
 * tests/fuzz/CMakeLists.txt builds them. A violation traps, so libFuzzer
 * (or the standalone replay driver under ctest) reports it as a crash:
 * the return code agrees with `ok` and the error count, every range lies
 * inside the input with start <= end and 1-based lines and columns, keys
 * are strings, child arrays match their counts, a walk of the tree (which
 * may share nodes through YAML aliases) visits a bounded number of nodes,
 * and the accessors and the cfnref dumper accept whatever was loaded.
 */
#ifndef MLS_FUZZ_CFN_CHECK_H
#define MLS_FUZZ_CFN_CHECK_H

#include "parsers/cfn/cfn.h"
#include "parsers/cfn/dump.h"

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stddef.h>
#include <stdint.h>

/* Nodes a walk may visit: every node of the input (at most one per input
 * byte, plus the key and map a short-form tag adds) plus what aliases
 * share. */
static size_t fuzz_cfn_budget(size_t size)
{
  return 3 * size + 16 + 2 * (size_t)MLS_MAX_YAML_ALIAS_NODES;
}

static void fuzz_cfn_range(const mls_range *r, size_t size)
{
  if (r->start.byte > r->end.byte || r->end.byte > size || r->start.line < 1 ||
      r->start.col < 1 || r->end.line < r->start.line || r->end.col < 1) {
    __builtin_trap();
  }
}

static void fuzz_cfn_walk(const cfn_node *n, size_t size, unsigned depth,
                          size_t *visits)
{
  if (!n || depth > MLS_MAX_NESTING + 1 || ++*visits > fuzz_cfn_budget(size)) {
    __builtin_trap();
  }
  fuzz_cfn_range(&n->range, size);
  switch (n->kind) {
  case CFN_SEQ:
    if (n->n && !n->u.items) {
      __builtin_trap();
    }
    for (uint32_t i = 0; i < n->n; i++) {
      fuzz_cfn_walk(n->u.items[i], size, depth + 1, visits);
    }
    break;
  case CFN_MAP:
    if ((n->n && !n->u.pairs) || ((n->flags & CFN_F_SHORT_FORM) && n->n != 1)) {
      __builtin_trap();
    }
    for (uint32_t i = 0; i < n->n; i++) {
      const cfn_node *k = n->u.pairs[i].key;
      if (!k || k->kind != CFN_STRING || (k->text.len && !k->text.ptr)) {
        __builtin_trap();
      }
      fuzz_cfn_range(&k->range, size);
      fuzz_cfn_walk(n->u.pairs[i].value, size, depth + 1, visits);
    }
    break;
  case CFN_NULL:
  case CFN_BOOL:
  case CFN_INT:
  case CFN_FLOAT:
  case CFN_STRING:
    if (n->text.len && !n->text.ptr) {
      __builtin_trap();
    }
    break;
  default:
    __builtin_trap();
  }
}

static void fuzz_cfn_check(const uint8_t *data, size_t size, bool json)
{
  mls_diag diag = MLS_DIAG_INIT;
  cfn_template *t = NULL;
  const char *src = (const char *)data;
  int rc = json ? cfn_load_json(&t, src, size, &diag)
                : cfn_load_yaml(&t, src, size, &diag);

  if (rc == MLS_ENOMEM) {
    if (t) {
      __builtin_trap(); /* *out stays unset on ENOMEM */
    }
    mls_diag_dispose(&diag);
    return;
  }
  if (!t || (rc == MLS_OK) != t->ok || t->ok != (t->nerrors == 0) ||
      (rc != MLS_OK && rc != MLS_EINPUT && rc != MLS_ELIMIT) ||
      (t->is_template && !t->root)) {
    __builtin_trap();
  }
  if (t->root) {
    size_t visits = 0;
    fuzz_cfn_walk(t->root, size, 0, &visits);
  }
  for (size_t i = 0; i < cfn_resource_count(t); i++) {
    cfn_resource r;
    if (!cfn_resource_at(&r, t, i) || !r.id_node || !r.body) {
      __builtin_trap();
    }
  }
  for (size_t i = 0; i < cfn_parameter_count(t); i++) {
    cfn_parameter p;
    if (!cfn_parameter_at(&p, t, i)) {
      __builtin_trap();
    }
  }
  mls_buf out = MLS_BUF_INIT(64u << 20);
  rc = cfn_dump_cfnref(&out, t, "fuzz", &diag);
  if (rc != MLS_OK && rc != MLS_ENOMEM) {
    __builtin_trap();
  }
  if (rc == MLS_OK && (out.len == 0 || out.ptr[out.len - 1] != '\n')) {
    __builtin_trap();
  }
  mls_buf_dispose(&out);
  cfn_template_free(t);
  mls_diag_dispose(&diag);
}

#endif
