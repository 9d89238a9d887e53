/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_hcl.c -- libFuzzer target for HCL native syntax
 * (parsers/hcl/lexer.c, parser.c, template.c) and the hclref dumper.
 *
 * Parses each input, then walks the tree checking what every consumer
 * relies on: the return code agrees with nerrors, no child pointer is NULL,
 * every range lies inside the input with start <= end and 1-based
 * lines/columns, spans that borrow the source lie inside it, and the
 * dumper turns any tree it gets into output. Differentially, the
 * token-level module-call scan (parsers/hcl/calls.c), when it answers,
 * gives the parser's top-level module blocks, labels and `source`
 * strings. A violation traps, so libFuzzer (or the
 * standalone replay driver under ctest) reports it.
 */
#include "parsers/hcl/hcl.h"

#include "core/base/alloc.h"
#include "parsers/hcl/calls.h"

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/rc.h"
#include "parsers/hcl/dump.h"

#include <stdbool.h>
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

static void check_range(const mls_range *r, size_t size)
{
  check(r->start.byte <= r->end.byte && r->end.byte <= size &&
        r->start.line >= 1 && r->start.col >= 1 &&
        r->end.line >= r->start.line && r->end.col >= 1);
}

static void walk_body(const hcl_body *b, size_t size, unsigned depth);

static void walk_steps(const hcl_step *s, uint32_t n, size_t size)
{
  check(n == 0 || s != NULL);
  for (uint32_t i = 0; i < n; i++) {
    check_range(&s[i].range, size);
  }
}

static void walk_expr(const hcl_expr *e, size_t size, unsigned depth)
{
  check(e != NULL && depth < 100000);
  check_range(&e->range, size);
  switch (e->kind) {
  case HCL_EXPR_LITERAL:
  case HCL_EXPR_ANON_SYMBOL:
    break;
  case HCL_EXPR_TEMPLATE:
    check(e->u.tmpl.nparts == 0 || e->u.tmpl.parts != NULL);
    for (uint32_t i = 0; i < e->u.tmpl.nparts; i++) {
      walk_expr(e->u.tmpl.parts[i], size, depth + 1);
    }
    break;
  case HCL_EXPR_TEMPLATE_WRAP:
  case HCL_EXPR_TEMPLATE_JOIN:
  case HCL_EXPR_PARENS:
    walk_expr(e->u.wrap.inner, size, depth + 1);
    break;
  case HCL_EXPR_SCOPE_TRAVERSAL:
    check(e->u.scope.root.len > 0);
    walk_steps(e->u.scope.steps, e->u.scope.nsteps, size);
    break;
  case HCL_EXPR_RELATIVE_TRAVERSAL:
    walk_expr(e->u.rel.source, size, depth + 1);
    walk_steps(e->u.rel.steps, e->u.rel.nsteps, size);
    break;
  case HCL_EXPR_FUNCTION_CALL:
    check(e->u.call.nargs == 0 || e->u.call.args != NULL);
    for (uint32_t i = 0; i < e->u.call.nargs; i++) {
      walk_expr(e->u.call.args[i], size, depth + 1);
    }
    break;
  case HCL_EXPR_CONDITIONAL:
    walk_expr(e->u.cond.cond, size, depth + 1);
    walk_expr(e->u.cond.t, size, depth + 1);
    walk_expr(e->u.cond.f, size, depth + 1);
    break;
  case HCL_EXPR_FOR:
    walk_expr(e->u.forx.coll, size, depth + 1);
    if (e->u.forx.key) {
      walk_expr(e->u.forx.key, size, depth + 1);
    }
    walk_expr(e->u.forx.value, size, depth + 1);
    if (e->u.forx.cond) {
      walk_expr(e->u.forx.cond, size, depth + 1);
    }
    break;
  case HCL_EXPR_SPLAT:
    walk_expr(e->u.splat.source, size, depth + 1);
    walk_expr(e->u.splat.each, size, depth + 1);
    break;
  case HCL_EXPR_INDEX:
    walk_expr(e->u.index.coll, size, depth + 1);
    walk_expr(e->u.index.key, size, depth + 1);
    break;
  case HCL_EXPR_TUPLE:
    check(e->u.tuple.n == 0 || e->u.tuple.items != NULL);
    for (uint32_t i = 0; i < e->u.tuple.n; i++) {
      walk_expr(e->u.tuple.items[i], size, depth + 1);
    }
    break;
  case HCL_EXPR_OBJECT:
    check(e->u.object.n == 0 || e->u.object.items != NULL);
    for (uint32_t i = 0; i < e->u.object.n; i++) {
      walk_expr(e->u.object.items[i].key, size, depth + 1);
      walk_expr(e->u.object.items[i].value, size, depth + 1);
    }
    break;
  case HCL_EXPR_BINARY:
    walk_expr(e->u.binary.lhs, size, depth + 1);
    walk_expr(e->u.binary.rhs, size, depth + 1);
    break;
  case HCL_EXPR_UNARY:
    walk_expr(e->u.unary.operand, size, depth + 1);
    break;
  default:
    check(0);
  }
}

static void walk_body(const hcl_body *b, size_t size, unsigned depth)
{
  check(b != NULL && depth < 100000);
  check(b->nattrs == 0 || b->attrs != NULL);
  check(b->nblocks == 0 || b->blocks != NULL);
  for (uint32_t i = 0; i < b->nattrs; i++) {
    check(b->attrs[i].name.len > 0);
    check_range(&b->attrs[i].range, size);
    walk_expr(b->attrs[i].expr, size, depth + 1);
  }
  for (uint32_t i = 0; i < b->nblocks; i++) {
    const hcl_block *k = &b->blocks[i];
    check(k->type.len > 0 && (k->nlabels == 0 || k->labels != NULL));
    check_range(&k->range, size);
    walk_body(k->body, size, depth + 1);
  }
}

static bool span_is(mls_span a, const char *p, size_t n)
{
  return a.len == n && (n == 0 || memcmp(a.ptr, p, n) == 0);
}

/* What the scan said, against the parse of the same bytes. */
static void check_calls(const hcl_file *f, int parse_rc, const uint8_t *data,
                        size_t size)
{
  hcl_call_scan *v = NULL;
  size_t n = 0, k = 0;
  int rc = hcl_scan_module_calls(&v, &n, (const char *)data, size);
  check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ENOMEM);
  if (rc != MLS_OK || parse_rc == MLS_ENOMEM) {
    mls_free(v);
    return;
  }
  /* The parser recovers from an error inside one attribute's line
   * without leaving it, so the scan may answer for such input: the
   * module blocks must still be the parser's. */
  check(f != NULL);
  for (uint32_t i = 0; i < f->body->nblocks; i++) {
    const hcl_block *b = &f->body->blocks[i];
    const hcl_attr *src = NULL;
    if (!span_is(b->type, "module", 6)) {
      continue;
    }
    check(k < n && b->nlabels == 1);
    check(span_is(v[k].name, b->labels[0].value.ptr, b->labels[0].value.len));
    for (uint32_t j = 0; j < b->body->nattrs && !src; j++) {
      if (span_is(b->body->attrs[j].name, "source", 6)) {
        src = &b->body->attrs[j];
      }
    }
    check(v[k].has_source == (src != NULL));
    if (src) {
      /* A plain one-line string: its bytes between the quotes. */
      const mls_range *r = &src->expr->range;
      check(r->end.byte >= r->start.byte + 2 && r->end.byte <= size);
      check(span_is(v[k].source, (const char *)data + r->start.byte + 1,
                    r->end.byte - r->start.byte - 2));
    }
    k++;
  }
  check(k == n);
  mls_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_file *f = NULL;
  mls_buf out = MLS_BUF_INIT(64u << 20);
  int rc = hcl_parse(&f, (const char *)data, size, &diag);

  check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ELIMIT ||
        rc == MLS_ENOMEM);
  if (rc == MLS_ENOMEM) {
    check(f == NULL);
  } else {
    check(f != NULL);
    check((rc == MLS_OK) == (f->nerrors == 0));
    check((rc == MLS_OK) == (diag.nerrors == 0));
    walk_body(f->body, size, 0);
    check_calls(f, rc, data, size);
    rc = hcl_dump_hclref(&out, f, "fuzz.tf", size, &diag);
    check(rc == MLS_OK || rc == MLS_ELIMIT);
  }
  mls_buf_dispose(&out);
  hcl_file_free(f);
  mls_diag_dispose(&diag);
  return 0;
}
