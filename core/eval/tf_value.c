/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_value.c -- Terraform's conversions between mls_values, and
 * variable type constraints with optional() defaults.
 *
 * Stage: evaluation. Follows cty's conversion rules as Terraform applies
 * them: number and bool convert to string and back ("1" <-> 1, "true" <->
 * true), tuples convert to lists and sets, objects to maps and to object
 * types (attributes the type lacks are dropped, optional ones missing get
 * their default or null). Unknown and null convert to anything and stay
 * what they are. A value that cannot be converted is an "error:" unknown
 * with a diagnostic, never a made-up value. Type expressions come from the
 * parsed configuration and are walked with a depth bound.
 */
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- primitives -------------------------------------------------------- */

bool tf__as_string(const mls_value *v, mls_span *out)
{
  switch (v->kind) {
  case MLS_V_STRING:
    *out = v->u.str;
    return true;
  case MLS_V_NUMBER:
    *out = v->u.num.text;
    return true;
  case MLS_V_BOOL:
    *out = v->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    return true;
  default:
    return false;
  }
}

mls_value *tf__number_from_text(mls_arena *a, mls_span text, bool *ok)
{
  char canon[512];
  int n = hcl_number_canon(canon, sizeof(canon), text);
  *ok = n >= 0;
  if (n < 0) {
    return NULL;
  }
  return mls_value_number(a, strtod(canon, NULL),
                          mls_span_of(canon, (size_t)n));
}

bool tf__as_number(const mls_value *v, double *out)
{
  char canon[512];
  int n;
  if (v->kind == MLS_V_NUMBER) {
    *out = v->u.num.d;
    return true;
  }
  if (v->kind != MLS_V_STRING ||
      (n = hcl_number_canon(canon, sizeof(canon), v->u.str)) < 0) {
    return false;
  }
  *out = strtod(canon, NULL);
  return true;
}

bool tf__as_bool(const mls_value *v, bool *out)
{
  if (v->kind == MLS_V_BOOL) {
    *out = v->u.b;
    return true;
  }
  if (v->kind == MLS_V_STRING && mls_span_eq(v->u.str, "true")) {
    *out = true;
    return true;
  }
  if (v->kind == MLS_V_STRING && mls_span_eq(v->u.str, "false")) {
    *out = false;
    return true;
  }
  return false;
}

bool tf__equal(const mls_value *x, const mls_value *y)
{
  if (x->kind == MLS_V_NUMBER && y->kind == MLS_V_NUMBER) {
    /* Canonical texts first: exact for numbers past a double. */
    return (x->u.num.text.len == y->u.num.text.len &&
            memcmp(x->u.num.text.ptr, y->u.num.text.ptr, x->u.num.text.len) ==
                0) ||
           x->u.num.d == y->u.num.d;
  }
  return mls_value_equal(x, y);
}

mls_value *tf__with_flags(tf_ctx *c, const mls_value *v, uint16_t flags)
{
  mls_value *copy = mls_arena_memdup(c->a, v, sizeof(*v));
  if (!copy) {
    return tf__fail(c, MLS_ENOMEM);
  }
  copy->flags |= flags;
  return copy;
}

/* Key order of Go's sort.Strings: bytes, shorter prefix first. */
static int span_cmp(mls_span a, mls_span b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  int r = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (r != 0) {
    return r;
  }
  return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

/* Insertion sort is quadratic; a merge sort keeps hostile maps of 100k
 * keys fast, without qsort's need for a global to reach the entries. */
static void merge_sort(uint32_t *idx, uint32_t *tmp, uint32_t n,
                       const mls_map_entry *e)
{
  uint32_t mid, i, j, k;
  if (n < 2) {
    return;
  }
  mid = n / 2;
  merge_sort(idx, tmp, mid, e);
  merge_sort(idx + mid, tmp, n - mid, e);
  for (i = 0, j = mid, k = 0; i < mid && j < n;) {
    if (span_cmp(e[idx[j]].key, e[idx[i]].key) < 0) {
      tmp[k++] = idx[j++];
    } else {
      tmp[k++] = idx[i++];
    }
  }
  while (i < mid) {
    tmp[k++] = idx[i++];
  }
  while (j < n) {
    tmp[k++] = idx[j++];
  }
  memcpy(idx, tmp, (size_t)n * sizeof(*idx));
}

uint32_t *tf__sorted_keys(tf_ctx *c, const mls_value *m)
{
  uint32_t n = m->u.map.n, *idx, *tmp;
  if (n == 0) {
    return NULL;
  }
  idx = mls_arena_alloc(c->a, (size_t)n * sizeof(*idx));
  tmp = mls_arena_alloc(c->a, (size_t)n * sizeof(*tmp));
  if (!idx || !tmp) {
    tf__fail(c, MLS_ENOMEM);
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    idx[i] = i;
  }
  merge_sort(idx, tmp, n, m->u.map.entries);
  return idx;
}

int tf__quote_key(mls_buf *b, mls_span key)
{
  int rc = mls_buf_putc(b, '"');
  for (size_t i = 0; i < key.len && rc >= 0; i++) {
    unsigned char ch = (unsigned char)key.ptr[i];
    switch (ch) {
    case '"':
      rc = mls_buf_puts(b, "\\\"");
      break;
    case '\\':
      rc = mls_buf_puts(b, "\\\\");
      break;
    case '\n':
      rc = mls_buf_puts(b, "\\n");
      break;
    case '\r':
      rc = mls_buf_puts(b, "\\r");
      break;
    case '\t':
      rc = mls_buf_puts(b, "\\t");
      break;
    default:
      if (ch < 0x20) {
        rc = mls_buf_printf(b, "\\u%04x", ch);
      } else if (ch == '$' && i + 1 < key.len && key.ptr[i + 1] == '{') {
        rc = mls_buf_puts(b, "$$");
      } else {
        rc = mls_buf_putc(b, (char)ch);
      }
    }
  }
  return rc < 0 ? rc : mls_buf_putc(b, '"');
}

/* ---- type constraints -------------------------------------------------- */

typedef enum ty_kind {
  TY_ANY = 0,
  TY_STRING,
  TY_NUMBER,
  TY_BOOL,
  TY_LIST,
  TY_SET,
  TY_MAP,
  TY_TUPLE,
  TY_OBJECT,
  TY_BAD
} ty_kind;

/* The kind of a type expression; *arg is its argument (element type,
 * tuple list, object attribute map) when it has one. */
static ty_kind ty_of(const hcl_expr *t, const hcl_expr **arg)
{
  *arg = NULL;
  while (t && t->kind == HCL_EXPR_PARENS) {
    t = t->u.wrap.inner;
  }
  if (!t) {
    return TY_ANY;
  }
  if (t->kind == HCL_EXPR_SCOPE_TRAVERSAL && t->u.scope.nsteps == 0) {
    mls_span r = t->u.scope.root;
    if (mls_span_eq(r, "string")) {
      return TY_STRING;
    }
    if (mls_span_eq(r, "number")) {
      return TY_NUMBER;
    }
    if (mls_span_eq(r, "bool")) {
      return TY_BOOL;
    }
    if (mls_span_eq(r, "any")) {
      return TY_ANY;
    }
    /* Bare list/map/set are legacy spellings of list(any) and so on. */
    if (mls_span_eq(r, "list")) {
      return TY_LIST;
    }
    if (mls_span_eq(r, "map")) {
      return TY_MAP;
    }
    if (mls_span_eq(r, "set")) {
      return TY_SET;
    }
    return TY_BAD;
  }
  /* Terraform 0.11 quoted types: "string", "list", "map". */
  if (t->kind == HCL_EXPR_TEMPLATE && t->u.tmpl.nparts == 1) {
    t = t->u.tmpl.parts[0];
  }
  if (t->kind == HCL_EXPR_LITERAL && t->u.lit.type == HCL_LIT_STRING) {
    if (mls_span_eq(t->u.lit.str, "string")) {
      return TY_STRING;
    }
    if (mls_span_eq(t->u.lit.str, "list")) {
      return TY_LIST;
    }
    if (mls_span_eq(t->u.lit.str, "map")) {
      return TY_MAP;
    }
    return TY_BAD;
  }
  if (t->kind == HCL_EXPR_FUNCTION_CALL && t->u.call.nargs >= 1) {
    mls_span n = t->u.call.name;
    *arg = t->u.call.args[0];
    if (mls_span_eq(n, "list")) {
      return TY_LIST;
    }
    if (mls_span_eq(n, "set")) {
      return TY_SET;
    }
    if (mls_span_eq(n, "map")) {
      return TY_MAP;
    }
    if (mls_span_eq(n, "tuple")) {
      return TY_TUPLE;
    }
    if (mls_span_eq(n, "object")) {
      return TY_OBJECT;
    }
  }
  return TY_BAD;
}

bool tf__type_is_primitive(const hcl_expr *type)
{
  const hcl_expr *arg;
  ty_kind k = ty_of(type, &arg);
  return !type || k == TY_STRING || k == TY_NUMBER || k == TY_BOOL;
}

/* The attribute name of an object type item's key. */
static bool item_name(const hcl_object_item *it, mls_span *out)
{
  const hcl_expr *k = it->key;
  if (k->kind == HCL_EXPR_SCOPE_TRAVERSAL && k->u.scope.nsteps == 0) {
    *out = k->u.scope.root;
    return true;
  }
  if (k->kind == HCL_EXPR_TEMPLATE && k->u.tmpl.nparts == 1) {
    k = k->u.tmpl.parts[0];
  }
  if (k->kind == HCL_EXPR_LITERAL && k->u.lit.type == HCL_LIT_STRING) {
    *out = k->u.lit.str;
    return true;
  }
  return false;
}

typedef struct conv {
  tf_ctx *c;
  uint32_t file;   /* tf_file id of the type expression */
  const char *err; /* static or ctx arena: the first mismatch */
} conv;

static mls_value *convert(conv *cv, const hcl_expr *t, mls_value *v, int depth);

static mls_value *conv_fail(conv *cv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static mls_value *conv_fail(conv *cv, const char *fmt, ...)
{
  char buf[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (!cv->err) {
    cv->err = mls_arena_strndup(cv->c->a, buf, strlen(buf));
    if (!cv->err) {
      cv->err = "value does not match the type";
    }
  }
  return NULL;
}

static const char *kind_name(const mls_value *v)
{
  switch (v->kind) {
  case MLS_V_NULL:
    return "null";
  case MLS_V_BOOL:
    return "bool";
  case MLS_V_NUMBER:
    return "number";
  case MLS_V_STRING:
    return "string";
  case MLS_V_LIST:
    return (v->flags & MLS_VF_SET) ? "set" : "tuple";
  case MLS_V_MAP:
    return "object";
  default:
    return "unknown";
  }
}

static mls_value *fresh_list(conv *cv, const mls_value *src, uint32_t n)
{
  mls_value **items = NULL;
  mls_value *out;
  if (n && !(items = mls_arena_alloc(cv->c->a, n * sizeof(*items)))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  if (!(out = mls_value_list(cv->c->a, items, n))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  out->file = src->file;
  out->range = src->range;
  return out;
}

/* cty orders a set of strings lexically and a set of numbers by value;
 * other sets keep their order here. Insertion sort: sets are short. */
static void sort_set(mls_value *set)
{
  mls_value **it = set->u.list.items;
  uint32_t n = set->u.list.n;
  mls_vkind kind = n ? it[0]->kind : MLS_V_NULL;
  if (kind != MLS_V_STRING && kind != MLS_V_NUMBER) {
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (it[i]->kind != kind) {
      return;
    }
  }
  for (uint32_t i = 1; i < n; i++) {
    mls_value *x = it[i];
    uint32_t j = i;
    while (j > 0 &&
           (kind == MLS_V_STRING ? span_cmp(it[j - 1]->u.str, x->u.str) > 0
                                 : it[j - 1]->u.num.d > x->u.num.d)) {
      it[j] = it[j - 1];
      j--;
    }
    it[j] = x;
  }
}

static mls_value *conv_list(conv *cv, const hcl_expr *elem, mls_value *v,
                            bool set, int depth)
{
  mls_value *out;
  uint32_t n = 0;
  if (v->kind != MLS_V_LIST) {
    return conv_fail(cv, "a list or set is required, not %s", kind_name(v));
  }
  if (!(out = fresh_list(cv, v, v->u.list.n))) {
    return NULL;
  }
  for (uint32_t i = 0; i < v->u.list.n; i++) {
    mls_value *e = convert(cv, elem, v->u.list.items[i], depth + 1);
    bool dup = false;
    if (!e) {
      return NULL;
    }
    for (uint32_t j = 0; set && j < n && e->kind != MLS_V_UNKNOWN; j++) {
      dup = tf__equal(out->u.list.items[j], e);
      if (dup) {
        break;
      }
    }
    if (!dup) {
      out->u.list.items[n++] = e;
    }
  }
  out->u.list.n = n;
  out->flags = set ? MLS_VF_SET : 0;
  if (set) {
    sort_set(out);
  }
  return out;
}

static mls_value *conv_map(conv *cv, const hcl_expr *elem, mls_value *v,
                           int depth)
{
  mls_map_entry *ents = NULL;
  mls_value *out;
  uint32_t n = v->kind == MLS_V_MAP ? v->u.map.n : 0;
  if (v->kind != MLS_V_MAP) {
    return conv_fail(cv, "a map is required, not %s", kind_name(v));
  }
  if (n && !(ents = mls_arena_alloc(cv->c->a, n * sizeof(*ents)))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  for (uint32_t i = 0; i < n; i++) {
    ents[i].key = v->u.map.entries[i].key;
    if (!(ents[i].value =
              convert(cv, elem, v->u.map.entries[i].value, depth + 1))) {
      return NULL;
    }
  }
  if (!(out = mls_value_map(cv->c->a, ents, n))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  out->file = v->file;
  out->range = v->range;
  out->flags = v->flags & ~(uint16_t)MLS_VF_BLOCK;
  return out;
}

static mls_value *conv_tuple(conv *cv, const hcl_expr *types, mls_value *v,
                             int depth)
{
  mls_value *out;
  if (types->kind != HCL_EXPR_TUPLE) {
    return conv_fail(cv, "bad tuple type");
  }
  if (v->kind != MLS_V_LIST || v->u.list.n != types->u.tuple.n) {
    return conv_fail(cv, "a tuple of the declared length is required");
  }
  if (!(out = fresh_list(cv, v, v->u.list.n))) {
    return NULL;
  }
  for (uint32_t i = 0; i < v->u.list.n; i++) {
    if (!(out->u.list.items[i] = convert(cv, types->u.tuple.items[i],
                                         v->u.list.items[i], depth + 1))) {
      return NULL;
    }
  }
  return out;
}

/* optional(T) or optional(T, default): *is_opt, the inner type and the
 * default expression (NULL: none). */
static const hcl_expr *unwrap_optional(const hcl_expr *t, bool *is_opt,
                                       const hcl_expr **def)
{
  *is_opt = false;
  *def = NULL;
  if (t->kind == HCL_EXPR_FUNCTION_CALL &&
      mls_span_eq(t->u.call.name, "optional") && t->u.call.nargs >= 1) {
    *is_opt = true;
    if (t->u.call.nargs >= 2) {
      *def = t->u.call.args[1];
    }
    return t->u.call.args[0];
  }
  return t;
}

static mls_value *conv_object(conv *cv, const hcl_expr *attrs, mls_value *v,
                              int depth)
{
  mls_map_entry *ents = NULL;
  mls_value *out;
  uint32_t n = 0;
  if (attrs->kind != HCL_EXPR_OBJECT) {
    return conv_fail(cv, "bad object type");
  }
  if (v->kind != MLS_V_MAP) {
    return conv_fail(cv, "an object is required, not %s", kind_name(v));
  }
  if (attrs->u.object.n &&
      !(ents = mls_arena_alloc(cv->c->a, attrs->u.object.n * sizeof(*ents)))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  for (uint32_t i = 0; i < attrs->u.object.n; i++) {
    const hcl_object_item *it = &attrs->u.object.items[i];
    const hcl_expr *def, *ty;
    bool opt;
    mls_span name;
    mls_value *e = NULL;
    if (!item_name(it, &name)) {
      return conv_fail(cv, "bad object type attribute");
    }
    ty = unwrap_optional(it->value, &opt, &def);
    for (uint32_t j = 0; j < v->u.map.n; j++) {
      if (v->u.map.entries[j].key.len == name.len &&
          memcmp(v->u.map.entries[j].key.ptr, name.ptr, name.len) == 0) {
        e = v->u.map.entries[j].value;
        break;
      }
    }
    if ((!e || e->kind == MLS_V_NULL) && (v->flags & TF_VF_OPEN)) {
      /* A resource or data source given whole: what it does not set is
       * the provider's (its id), known after apply. */
      if ((e = tf__computed(cv->c, TF_NO_FILE, NULL, name)) == cv->c->oom) {
        return NULL;
      }
      e->file = v->file; /* where the resource was given */
      e->range = v->range;
    }
    if (!e || (opt && e->kind == MLS_V_NULL)) {
      if (!opt && !e) {
        char nm[96];
        snprintf(nm, sizeof(nm), "%.*s", (int)(name.len > 80 ? 80 : name.len),
                 name.ptr);
        return conv_fail(cv, "attribute \"%s\" is required", nm);
      }
      if (def) {
        tf_scope s;
        memset(&s, 0, sizeof(s));
        s.file = cv->file;
        e = tf__eval(cv->c, &s, def);
      } else if (!e && !(e = mls_value_null(cv->c->a))) {
        tf__fail(cv->c, MLS_ENOMEM);
        return NULL;
      }
    }
    ents[n].key = name;
    if (!(ents[n].value = convert(cv, ty, e, depth + 1))) {
      return NULL;
    }
    n++;
  }
  if (!(out = mls_value_map(cv->c->a, ents, n))) {
    tf__fail(cv->c, MLS_ENOMEM);
    return NULL;
  }
  out->file = v->file;
  out->range = v->range;
  out->flags = v->flags & ~(uint16_t)MLS_VF_BLOCK;
  return out;
}

static mls_value *convert(conv *cv, const hcl_expr *t, mls_value *v, int depth)
{
  const hcl_expr *arg;
  ty_kind k;
  mls_span s;
  mls_value *out;

  if (depth > MLS_MAX_NESTING) {
    return conv_fail(cv, "type or value nested too deep");
  }
  if (cv->c->fail) {
    return NULL;
  }
  k = ty_of(t, &arg);
  if (v->kind == MLS_V_UNKNOWN &&
      (v->u.unknown.prefix || v->u.unknown.suffix) && k != TY_STRING &&
      k != TY_ANY) {
    /* Converted, it is no longer the string its refinement describes. */
    mls_value *u =
        mls_value_unknown(cv->c->a, v->u.unknown.expr, v->u.unknown.why);
    if (!u) {
      return tf__fail(cv->c, MLS_ENOMEM);
    }
    u->file = v->file;
    u->range = v->range;
    return u;
  }
  if (v->kind == MLS_V_UNKNOWN || v->kind == MLS_V_NULL || k == TY_ANY) {
    return v;
  }
  switch (k) {
  case TY_STRING:
    if (v->kind == MLS_V_STRING) {
      return v;
    }
    if (!tf__as_string(v, &s)) {
      return conv_fail(cv, "a string is required, not %s", kind_name(v));
    }
    if (!(out = mls_value_string_borrowed(cv->c->a, s))) {
      tf__fail(cv->c, MLS_ENOMEM);
      return NULL;
    }
    out->file = v->file;
    out->range = v->range;
    return out;
  case TY_NUMBER: {
    bool ok;
    if (v->kind == MLS_V_NUMBER) {
      return v;
    }
    if (v->kind != MLS_V_STRING) {
      return conv_fail(cv, "a number is required, not %s", kind_name(v));
    }
    out = tf__number_from_text(cv->c->a, v->u.str, &ok);
    if (!ok) {
      return conv_fail(cv, "a number is required, not %s", "a string");
    }
    if (!out) {
      tf__fail(cv->c, MLS_ENOMEM);
      return NULL;
    }
    out->file = v->file;
    out->range = v->range;
    return out;
  }
  case TY_BOOL: {
    bool b;
    if (v->kind == MLS_V_BOOL) {
      return v;
    }
    if (!tf__as_bool(v, &b)) {
      return conv_fail(cv, "a bool is required, not %s", kind_name(v));
    }
    if (!(out = mls_value_bool(cv->c->a, b))) {
      tf__fail(cv->c, MLS_ENOMEM);
      return NULL;
    }
    out->file = v->file;
    out->range = v->range;
    return out;
  }
  case TY_LIST:
  case TY_SET:
    return conv_list(cv, arg, v, k == TY_SET, depth);
  case TY_MAP:
    return conv_map(cv, arg, v, depth);
  case TY_TUPLE:
    return conv_tuple(cv, arg, v, depth);
  case TY_OBJECT:
    return conv_object(cv, arg, v, depth);
  default:
    return v; /* a type we do not understand constrains nothing */
  }
}

mls_value *tf__convert(tf_ctx *c, const hcl_expr *type, uint32_t file,
                       mls_value *v, const mls_range *at, uint32_t at_file)
{
  conv cv;
  mls_value *out;
  char why[200];

  if (!type) {
    return v;
  }
  cv.c = c;
  cv.file = file;
  cv.err = NULL;
  out = convert(&cv, type, v, 0);
  if (out) {
    return out;
  }
  if (c->fail) {
    return c->oom;
  }
  tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, at_file, at,
           "value does not match the variable's type: %s", cv.err);
  snprintf(why, sizeof(why), "error: %s", cv.err);
  return tf__unknown(c, at_file, at, mls_arena_strndup(c->a, why, strlen(why)));
}
