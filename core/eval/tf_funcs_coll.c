/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_coll.c -- collection and type-conversion functions.
 *
 * Stage: evaluation. concat, merge, lookup, element, length, keys, values,
 * contains, index, coalesce, coalescelist, compact, distinct, flatten, one,
 * sort, reverse, slice, chunklist, zipmap, transpose, matchkeys, alltrue,
 * anytrue, the set functions and tolist/toset/tomap/tostring/tonumber/
 * tobool, after cty's stdlib and Terraform's lang/funcs. Maps are built
 * with their keys in byte order, as cty iterates them; sets are ordered as
 * cty orders them (strings and numbers ascending).
 *
 * The dispatcher has already handed on error arguments and made the result
 * unknown for unknown arguments; functions flagged TF_FN__F_SHALLOW see
 * nested unknowns and decide here whether the result can still be known.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <stdlib.h>
#include <string.h>

static bool is_list(const mls_value *v)
{
  return v && v->kind == MLS_V_LIST;
}

static bool is_set(const mls_value *v)
{
  return is_list(v) && (v->flags & MLS_VF_SET);
}

static bool is_map(const mls_value *v)
{
  return v && v->kind == MLS_V_MAP;
}

static bool is_null(const mls_value *v)
{
  return !v || v->kind == MLS_V_NULL;
}

static bool is_unknown(const mls_value *v)
{
  return v && v->kind == MLS_V_UNKNOWN;
}

/* An item of a list, never a NULL pointer. */
static mls_value *item(tf_fn__call *c, const mls_value *l, uint32_t i)
{
  mls_value *v = l->u.list.items[i];
  return v ? v : tf_fn__null(c);
}

/* The first unknown inside v, or NULL; MLS_ELIMIT-worthy depth gives v. */
static const mls_value *find_unknown(const mls_value *v, int depth)
{
  const mls_value *u;
  if (!v || depth > TF_FN__MAX_DEPTH) {
    return NULL;
  }
  switch (v->kind) {
  case MLS_V_UNKNOWN:
    return v;
  case MLS_V_LIST:
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if ((u = find_unknown(v->u.list.items[i], depth + 1))) {
        return u;
      }
    }
    return NULL;
  case MLS_V_MAP:
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      if ((u = find_unknown(v->u.map.entries[i].value, depth + 1))) {
        return u;
      }
    }
    return NULL;
  default:
    return NULL;
  }
}

static int unknown_from(tf_fn__call *c, mls_value **out, const mls_value *u)
{
  return tf_fn__unknown(c, out,
                        u && u->u.unknown.why && u->u.unknown.why[0]
                            ? u->u.unknown.why
                            : "an element is unknown");
}

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

/* ---- alltrue, anytrue ---------------------------------------------------- */

/* Check every element converts to bool first, as cty converts the whole
 * list(bool) argument before the function runs. */
static int bools_ok(tf_fn__call *c, mls_value **out, const mls_value *l,
                    bool *failed)
{
  *failed = true;
  if (!is_list(l)) {
    return tf_fn__error(c, out, "a list of bools is required, not %s",
                        tf_fn__kind(l));
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    const mls_value *v = l->u.list.items[i];
    bool b;
    if (is_null(v) || is_unknown(v)) {
      continue;
    }
    if (!tf_fn__as_bool(v, &b)) {
      return tf_fn__error(c, out, "element %u: a bool is required, not %s", i,
                          tf_fn__kind(v));
    }
  }
  *failed = false;
  return MLS_OK;
}

int tf_fn__fn_alltrue(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  bool failed;
  int rc = bools_ok(c, out, l, &failed);

  if (rc < 0 || failed) {
    return rc;
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    const mls_value *v = l->u.list.items[i];
    bool b = false;
    if (is_unknown(v)) {
      return unknown_from(c, out, v);
    }
    if (is_null(v) || (tf_fn__as_bool(v, &b), !b)) {
      return ok(out, tf_fn__bool(c, false));
    }
  }
  return ok(out, tf_fn__bool(c, true));
}

int tf_fn__fn_anytrue(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0], *unknown = NULL;
  bool failed;
  int rc = bools_ok(c, out, l, &failed);

  if (rc < 0 || failed) {
    return rc;
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    const mls_value *v = l->u.list.items[i];
    bool b = false;
    if (is_unknown(v)) {
      unknown = unknown ? unknown : v;
      continue;
    }
    if (!is_null(v) && tf_fn__as_bool(v, &b) && b) {
      return ok(out, tf_fn__bool(c, true));
    }
  }
  if (unknown) {
    return unknown_from(c, out, unknown);
  }
  return ok(out, tf_fn__bool(c, false));
}

/* ---- chunklist, coalesce, coalescelist, compact, concat ------------------ */

int tf_fn__fn_chunklist(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  int64_t size;
  mls_value **chunks;
  uint32_t n, nchunks, k = 0;
  int rc;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "a list is required, not %s", tf_fn__kind(l));
  }
  if ((rc = tf_fn__as_int(c, c->args[1], &size)) < 0) {
    return rc;
  }
  if (rc == 0) {
    return tf_fn__error(c, out, "invalid size: a whole number is required");
  }
  if (size < 0) {
    return tf_fn__error(c, out, "the size argument must be positive");
  }
  n = l->u.list.n;
  if (n == 0) {
    return ok(out, tf_fn__list(c, NULL, 0, false));
  }
  if (size == 0 || size >= (int64_t)n) {
    /* One chunk holding the whole list. */
    mls_value *whole = tf_fn__list(c, l->u.list.items, n, false);
    if (!whole || !(chunks = tf_fn__items(c, 1))) {
      return MLS_ENOMEM;
    }
    chunks[0] = whole;
    return ok(out, tf_fn__list(c, chunks, 1, false));
  }
  nchunks = (uint32_t)((n + (uint64_t)size - 1) / (uint64_t)size);
  if (!(chunks = tf_fn__items(c, nchunks))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i += (uint32_t)size) {
    uint32_t len = n - i < (uint32_t)size ? n - i : (uint32_t)size;
    if (!(chunks[k++] = tf_fn__list(c, l->u.list.items + i, len, false))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, chunks, nchunks, false));
}

static bool is_primitive(const mls_value *v)
{
  return v && (v->kind == MLS_V_STRING || v->kind == MLS_V_NUMBER ||
               v->kind == MLS_V_BOOL);
}

int tf_fn__fn_coalesce(tf_fn__call *c, mls_value **out)
{
  unsigned kinds = 0;
  bool collections = false, strings;

  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *v = c->args[i];
    if (is_primitive(v)) {
      kinds |= 1u << v->kind;
    } else if (is_list(v) || is_map(v)) {
      collections = true;
    }
  }
  if (kinds && collections) {
    return tf_fn__error(c, out, "all arguments must have the same type");
  }
  /* The result is a string when any argument is (cty unifies mixed
   * primitives to string), and then "" counts as empty. */
  strings = (kinds & (1u << MLS_V_STRING)) || (kinds & (kinds - 1));
  for (uint32_t i = 0; i < c->nargs; i++) {
    mls_value *v = c->args[i];
    mls_span s;
    int rc;
    if (is_unknown(v)) {
      int urc = unknown_from(c, out, v);
      /* Whatever it turns out to be, coalesce() never returns null. */
      if (urc == MLS_OK && *out && strncmp(v->u.unknown.why, "error:", 6)) {
        (*out)->flags |= TF_VF_NOTNULL;
      }
      return urc;
    }
    if (is_null(v)) {
      continue;
    }
    if (strings && is_primitive(v)) {
      if ((rc = tf_fn__as_str(c, v, &s)) < 0) {
        return rc;
      }
      if (s.len == 0) {
        continue;
      }
      return ok(out, v->kind == MLS_V_STRING ? v : tf_fn__str_borrow(c, s));
    }
    *out = v;
    return MLS_OK;
  }
  return tf_fn__error(c, out, "no non-null, non-empty-string arguments");
}

int tf_fn__fn_coalescelist(tf_fn__call *c, mls_value **out)
{
  if (c->nargs == 0) {
    return tf_fn__error(c, out, "at least one argument is required");
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    if (!is_null(c->args[i]) && !is_unknown(c->args[i]) &&
        !is_list(c->args[i])) {
      return tf_fn__error(c, out,
                          "coalescelist arguments must be lists or tuples, "
                          "argument %u is %s",
                          i + 1, tf_fn__kind(c->args[i]));
    }
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    mls_value *v = c->args[i];
    if (is_unknown(v)) {
      return unknown_from(c, out, v);
    }
    if (!is_null(v) && v->u.list.n > 0) {
      *out = v;
      return MLS_OK;
    }
  }
  return tf_fn__error(c, out, "no non-null arguments");
}

int tf_fn__fn_compact(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0], *u;
  mls_value **items;
  uint32_t k = 0;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "a list of strings is required, not %s",
                        tf_fn__kind(l));
  }
  if ((u = find_unknown(l, 0))) {
    return unknown_from(c, out, u);
  }
  if (!(items = tf_fn__items(c, l->u.list.n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    mls_value *v = l->u.list.items[i];
    mls_span s;
    int rc;
    if (is_null(v)) {
      continue;
    }
    if ((rc = tf_fn__as_str(c, v, &s)) < 0) {
      return rc;
    }
    if (rc == 0) {
      return tf_fn__error(c, out, "element %u: a string is required, not %s", i,
                          tf_fn__kind(v));
    }
    if (s.len == 0) {
      continue;
    }
    if (!(items[k++] = v->kind == MLS_V_STRING ? v : tf_fn__str_borrow(c, s))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, items, k, false));
}

int tf_fn__fn_concat(tf_fn__call *c, mls_value **out)
{
  size_t total = 0;
  mls_value **items;
  uint32_t k = 0;

  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *v = c->args[i];
    if (!is_list(v) || is_set(v)) {
      return tf_fn__error(c, out,
                          "all arguments must be lists or tuples; argument %u "
                          "is %s",
                          i + 1, tf_fn__kind(v));
    }
    total += v->u.list.n;
  }
  if (total > UINT32_MAX || !(items = tf_fn__items(c, total))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *v = c->args[i];
    for (uint32_t j = 0; j < v->u.list.n; j++) {
      items[k++] = v->u.list.items[j];
    }
  }
  return ok(out, tf_fn__list(c, items, k, false));
}

/* ---- contains, distinct, element, flatten, index ------------------------- */

int tf_fn__fn_contains(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0], *unknown = NULL;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "argument must be list, tuple, or set, not %s",
                        tf_fn__kind(l));
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    int eq = tf_fn__equal(c, c->args[1], l->u.list.items[i], 0);
    if (eq == TF_FN__EQ_DEEP) {
      return MLS_ELIMIT;
    }
    if (eq == TF_FN__EQ_YES) {
      return ok(out, tf_fn__bool(c, true));
    }
    if (eq == TF_FN__EQ_UNKNOWN && !unknown) {
      unknown = find_unknown(l->u.list.items[i], 0);
      unknown = unknown ? unknown : find_unknown(c->args[1], 0);
    }
  }
  if (unknown) {
    return unknown_from(c, out, unknown);
  }
  return ok(out, tf_fn__bool(c, false));
}

int tf_fn__fn_distinct(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0], *u;
  mls_value **uni, **res;
  uint32_t m;
  int rc;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "a list is required, not %s", tf_fn__kind(l));
  }
  if ((u = find_unknown(l, 0))) {
    return unknown_from(c, out, u);
  }
  if ((rc = tf_fn__unify(c, l->u.list.items, l->u.list.n, &uni)) <= 0) {
    return rc < 0
               ? rc
               : tf_fn__error(c, out, "all elements must have the same type");
  }
  if ((rc = tf_fn__dedup(c, uni, l->u.list.n, &res, &m)) < 0) {
    return rc;
  }
  return ok(out, tf_fn__list(c, res, m, false));
}

int tf_fn__fn_element(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  int64_t idx;
  int rc;

  if (!is_list(l) || is_set(l)) {
    return tf_fn__error(c, out, "cannot read elements from %s", tf_fn__kind(l));
  }
  if ((rc = tf_fn__as_int(c, c->args[1], &idx)) < 0) {
    return rc;
  }
  if (rc == 0) {
    return tf_fn__error(c, out, "invalid index: a whole number is required");
  }
  if (idx < 0) {
    return tf_fn__error(c, out,
                        "cannot use element function with a negative "
                        "index");
  }
  if (l->u.list.n == 0) {
    return tf_fn__error(c, out,
                        "cannot use element function with an empty "
                        "list");
  }
  return ok(out, item(c, l, (uint32_t)(idx % (int64_t)l->u.list.n)));
}

/* A growing array of items in the arena. */
typedef struct vec {
  mls_value **items; /* arena */
  uint32_t n;        /* used */
  uint32_t cap;      /* allocated */
} vec;

static int vec_push(tf_fn__call *c, vec *v, mls_value *x)
{
  if (v->n == v->cap) {
    uint32_t ncap = v->cap ? v->cap * 2 : 16;
    mls_value **ni;
    if (v->cap > UINT32_MAX / 2 || !(ni = tf_fn__items(c, ncap))) {
      return MLS_ENOMEM;
    }
    if (v->n) {
      memcpy(ni, v->items, (size_t)v->n * sizeof(*ni));
    }
    v->items = ni;
    v->cap = ncap;
  }
  v->items[v->n++] = x;
  return MLS_OK;
}

/* Append the flattened elements of l; *unknown set when one is unknown. */
static int flatten_into(tf_fn__call *c, vec *v, const mls_value *l, int depth,
                        const mls_value **unknown)
{
  int rc;
  if (depth > TF_FN__MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    mls_value *x = l->u.list.items[i];
    if (is_unknown(x)) {
      *unknown = *unknown ? *unknown : x;
    } else if (is_list(x)) {
      if ((rc = flatten_into(c, v, x, depth + 1, unknown)) < 0) {
        return rc;
      }
    } else if ((rc = vec_push(c, v, x ? x : tf_fn__null(c))) < 0 ||
               !v->items[v->n - 1]) {
      return MLS_ENOMEM;
    }
  }
  return MLS_OK;
}

int tf_fn__fn_flatten(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0], *unknown = NULL;
  vec v = { NULL, 0, 0 };
  int rc;

  if (!is_list(l)) {
    return tf_fn__error(c, out,
                        "can only flatten lists, sets and tuples, not %s",
                        tf_fn__kind(l));
  }
  if ((rc = flatten_into(c, &v, l, 0, &unknown)) < 0) {
    return rc;
  }
  if (unknown) {
    return unknown_from(c, out, unknown);
  }
  return ok(out, tf_fn__list(c, v.items, v.n, false));
}

int tf_fn__fn_index(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];

  if (!is_list(l) || is_set(l)) {
    return tf_fn__error(c, out, "argument must be a list or tuple, not %s",
                        tf_fn__kind(l));
  }
  if (l->u.list.n == 0) {
    return tf_fn__error(c, out, "cannot search an empty list");
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    int eq = tf_fn__equal(c, l->u.list.items[i], c->args[1], 0);
    if (eq == TF_FN__EQ_DEEP) {
      return MLS_ELIMIT;
    }
    if (eq == TF_FN__EQ_UNKNOWN) {
      const mls_value *u = find_unknown(l->u.list.items[i], 0);
      return unknown_from(c, out, u ? u : find_unknown(c->args[1], 0));
    }
    if (eq == TF_FN__EQ_YES) {
      return ok(out, tf_fn__num_i(c, i));
    }
  }
  return tf_fn__error(c, out, "item not found");
}

/* ---- keys, length, lookup, matchkeys, merge ------------------------------ */

int tf_fn__fn_keys(tf_fn__call *c, mls_value **out)
{
  const mls_value *m = c->args[0];
  mls_map_entry *e;
  mls_value **items;
  uint32_t n;
  int rc;

  if (!is_map(m)) {
    return tf_fn__error(c, out, "must have map or object type, not %s",
                        tf_fn__kind(m));
  }
  if ((rc = tf_fn__sorted_entries(c, m, &e, &n)) < 0) {
    return rc;
  }
  if (!(items = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!(items[i] = tf_fn__str_borrow(c, e[i].key))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, items, n, false));
}

int tf_fn__fn_values(tf_fn__call *c, mls_value **out)
{
  const mls_value *m = c->args[0];
  mls_map_entry *e;
  mls_value **items;
  uint32_t n;
  int rc;

  if (!is_map(m)) {
    return tf_fn__error(c, out,
                        "values() requires a map as the first "
                        "argument");
  }
  if ((rc = tf_fn__sorted_entries(c, m, &e, &n)) < 0) {
    return rc;
  }
  if (!(items = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!(items[i] = e[i].value ? e[i].value : tf_fn__null(c))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, items, n, false));
}

int tf_fn__fn_length(tf_fn__call *c, mls_value **out)
{
  const mls_value *v = c->args[0];
  switch (v->kind) {
  case MLS_V_STRING:
    return ok(out, tf_fn__num_i(c, (int64_t)tf_fn__grapheme_count(v->u.str)));
  case MLS_V_LIST:
    return ok(out, tf_fn__num_i(c, v->u.list.n));
  case MLS_V_MAP:
    return ok(out, tf_fn__num_i(c, v->u.map.n));
  default:
    return tf_fn__error(c, out,
                        "argument must be a string, a collection type, or a "
                        "structural type, not %s",
                        tf_fn__kind(v));
  }
}

int tf_fn__fn_lookup(tf_fn__call *c, mls_value **out)
{
  const mls_value *m = c->args[0];
  mls_span key;
  int rc;

  if (is_null(m)) {
    return tf_fn__error(c, out, "argument 1 must not be null");
  }
  if (!is_map(m)) {
    return tf_fn__error(c, out,
                        "lookup() requires a map as the first "
                        "argument, not %s",
                        tf_fn__kind(m));
  }
  if ((rc = tf_fn__as_str(c, c->args[1], &key)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "the key must be a string, not %s",
                                 tf_fn__kind(c->args[1]));
  }
  for (uint32_t i = m->u.map.n; i-- > 0;) {
    if (tf_fn__strcmp(m->u.map.entries[i].key, key) == 0) {
      mls_value *v = m->u.map.entries[i].value;
      return ok(out, v ? v : tf_fn__null(c));
    }
  }
  if (c->nargs == 3) {
    return ok(out, c->args[2] ? c->args[2] : tf_fn__null(c));
  }
  return tf_fn__error(c, out, "lookup failed to find key \"%.*s\"",
                      (int)(key.len > 64 ? 64 : key.len), key.ptr);
}

/* A hash index over items, so membership tests on large lists are not
 * quadratic. */
typedef struct vindex {
  struct vslot {
    uint64_t hash;   /* tf_fn__value_hash(items[pos]) */
    uint32_t pos;    /* index into items */
  } * slot;          /* arena: sorted by hash */
  mls_value **items; /* borrowed: the indexed values */
  uint32_t n;        /* slots */
} vindex;

static int vslot_order(const void *pa, const void *pb)
{
  const struct vslot *a = pa, *b = pb;
  if (a->hash != b->hash) {
    return a->hash < b->hash ? -1 : 1;
  }
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int index_build(tf_fn__call *c, mls_value **items, uint32_t n,
                       vindex *ix)
{
  size_t bytes;
  if (!mls_mul_sz(&bytes, n ? n : 1, sizeof(*ix->slot)) ||
      !(ix->slot = mls_arena_alloc(c->ctx->arena, bytes))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    ix->slot[i].hash = tf_fn__value_hash(items[i]);
    ix->slot[i].pos = i;
  }
  qsort(ix->slot, n, sizeof(*ix->slot), vslot_order);
  ix->items = items;
  ix->n = n;
  return MLS_OK;
}

/* TF_FN__EQ_YES when an item equals v, TF_FN__EQ_UNKNOWN when only an
 * unknown comparison stands in the way, else TF_FN__EQ_NO (or _DEEP). */
static int index_find(tf_fn__call *c, const vindex *ix, const mls_value *v)
{
  uint64_t h = tf_fn__value_hash(v);
  uint32_t lo = 0, hi = ix->n;
  int res = TF_FN__EQ_NO;

  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ix->slot[mid].hash < h) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (uint32_t i = lo; i < ix->n && ix->slot[i].hash == h; i++) {
    int eq = tf_fn__equal(c, ix->items[ix->slot[i].pos], v, 0);
    if (eq == TF_FN__EQ_YES || eq == TF_FN__EQ_DEEP) {
      return eq;
    }
    if (eq == TF_FN__EQ_UNKNOWN) {
      res = eq;
    }
  }
  return res;
}

int tf_fn__fn_matchkeys(tf_fn__call *c, mls_value **out)
{
  const mls_value *values = c->args[0], *keys = c->args[1],
                  *search = c->args[2], *u;
  mls_value **all, **uni, **res;
  vindex ix;
  uint32_t nk, ns, k = 0;
  int rc;

  if (!is_list(values) || !is_list(keys) || !is_list(search)) {
    return tf_fn__error(c, out, "all three arguments must be lists");
  }
  nk = keys->u.list.n;
  ns = search->u.list.n;
  if (values->u.list.n != nk) {
    return tf_fn__error(c, out, "length of keys and values should be equal");
  }
  if (ns == 0) {
    return ok(out, tf_fn__list(c, NULL, 0, false));
  }
  if ((u = find_unknown(values, 0)) || (u = find_unknown(keys, 0))) {
    return unknown_from(c, out, u);
  }
  /* keys and searchset are converted to one type together. */
  if ((size_t)nk + ns > UINT32_MAX ||
      !(all = tf_fn__items(c, (size_t)nk + ns)) ||
      !(res = tf_fn__items(c, nk))) {
    return MLS_ENOMEM;
  }
  if (nk) {
    memcpy(all, keys->u.list.items, (size_t)nk * sizeof(*all));
  }
  memcpy(all + nk, search->u.list.items, (size_t)ns * sizeof(*all));
  if ((rc = tf_fn__unify(c, all, nk + ns, &uni)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "keys and searchset must be of the same type");
  }
  /* An unknown search value matches nothing, as in Terraform. */
  for (uint32_t j = 0; j < ns; j++) {
    if (uni[nk + j] && uni[nk + j]->kind == MLS_V_UNKNOWN) {
      return ok(out, tf_fn__list(c, NULL, 0, false));
    }
  }
  if ((rc = index_build(c, uni + nk, ns, &ix)) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < nk; i++) {
    int eq = index_find(c, &ix, uni[i]);
    if (eq == TF_FN__EQ_DEEP) {
      return MLS_ELIMIT;
    }
    if (eq == TF_FN__EQ_YES && !(res[k++] = item(c, values, i))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, res, k, false));
}

int tf_fn__fn_merge(tf_fn__call *c, mls_value **out)
{
  size_t total = 0;
  mls_map_entry *all, *e;
  mls_value *tmp;
  uint32_t k = 0, n;
  int rc;

  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *v = c->args[i];
    if (is_null(v)) {
      continue;
    }
    if (!is_map(v)) {
      return tf_fn__error(c, out, "arguments must be maps or objects, got %s",
                          tf_fn__kind(v));
    }
    total += v->u.map.n;
  }
  if (total > UINT32_MAX || !(all = tf_fn__entries(c, total))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *v = c->args[i];
    if (is_null(v)) {
      continue;
    }
    for (uint32_t j = 0; j < v->u.map.n; j++) {
      all[k++] = v->u.map.entries[j];
    }
  }
  /* Later arguments win: tf_fn__sorted_entries keeps the last of equals. */
  if (!(tmp = tf_fn__map(c, all, k)) ||
      (rc = tf_fn__sorted_entries(c, tmp, &e, &n)) < 0) {
    return MLS_ENOMEM;
  }
  return ok(out, tf_fn__map(c, e, n));
}

/* ---- one, reverse, slice, sort ------------------------------------------- */

int tf_fn__fn_one(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  if (is_list(l) && l->u.list.n == 0) {
    return ok(out, tf_fn__null(c));
  }
  if (is_list(l) && l->u.list.n == 1) {
    return ok(out, item(c, l, 0));
  }
  return tf_fn__error(c, out,
                      "must be a list, set, or tuple value with either "
                      "zero or one elements");
}

int tf_fn__fn_reverse(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  mls_value **items;
  uint32_t n;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "can only reverse list or tuple values, not %s",
                        tf_fn__kind(l));
  }
  n = l->u.list.n;
  if (!(items = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    items[i] = l->u.list.items[n - 1 - i];
  }
  return ok(out, tf_fn__list(c, items, n, false));
}

int tf_fn__fn_slice(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  int64_t start, end;
  int rc;

  if (is_set(l)) {
    return tf_fn__error(c, out,
                        "cannot slice a set, because its elements do "
                        "not have indices; explicitly convert to a list "
                        "if the ordering of the result is not "
                        "important");
  }
  if (!is_list(l)) {
    return tf_fn__error(c, out, "must be a list or tuple value, not %s",
                        tf_fn__kind(l));
  }
  if ((rc = tf_fn__as_int(c, c->args[1], &start)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "invalid start index: a whole number "
                                 "is required");
  }
  if ((rc = tf_fn__as_int(c, c->args[2], &end)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "invalid end index: a whole number is "
                                 "required");
  }
  if (start < 0) {
    return tf_fn__error(c, out, "start index must not be less than zero");
  }
  if (start > (int64_t)l->u.list.n) {
    return tf_fn__error(c, out,
                        "start index must not be greater than the "
                        "length of the list");
  }
  if (end < 0) {
    return tf_fn__error(c, out, "end index must not be less than zero");
  }
  if (end > (int64_t)l->u.list.n) {
    return tf_fn__error(c, out,
                        "end index must not be greater than the length "
                        "of the list");
  }
  if (start > end) {
    return tf_fn__error(c, out,
                        "start index must not be greater than end "
                        "index");
  }
  return ok(out, tf_fn__list(c, l->u.list.items + start,
                             (uint32_t)(end - start), false));
}

static int span_order(const void *pa, const void *pb)
{
  const mls_value *a = *(mls_value *const *)pa, *b = *(mls_value *const *)pb;
  return tf_fn__strcmp(a->u.str, b->u.str);
}

int tf_fn__fn_sort(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  mls_value **items;

  if (!is_list(l)) {
    return tf_fn__error(c, out, "a list of strings is required, not %s",
                        tf_fn__kind(l));
  }
  if (!(items = tf_fn__items(c, l->u.list.n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    mls_value *v = l->u.list.items[i];
    mls_span s;
    int rc;
    if (is_null(v)) {
      return tf_fn__error(c, out,
                          "given list element %u is null; a null "
                          "string cannot be sorted",
                          i);
    }
    if ((rc = tf_fn__as_str(c, v, &s)) <= 0) {
      return rc < 0 ? rc
                    : tf_fn__error(c, out,
                                   "element %u: a string is required, not %s",
                                   i, tf_fn__kind(v));
    }
    if (!(items[i] = v->kind == MLS_V_STRING ? v : tf_fn__str_borrow(c, s))) {
      return MLS_ENOMEM;
    }
  }
  qsort(items, l->u.list.n, sizeof(*items), span_order);
  return ok(out, tf_fn__list(c, items, l->u.list.n, false));
}

/* ---- sets ---------------------------------------------------------------- */

/* Every argument as a set, converted together to one element type. */
static int arg_sets(tf_fn__call *c, mls_value **out, mls_value **sets,
                    bool *failed)
{
  size_t total = 0;
  mls_value **all, **uni;
  uint32_t k = 0;
  int rc;

  *failed = true;
  for (uint32_t i = 0; i < c->nargs; i++) {
    if (!is_list(c->args[i])) {
      return tf_fn__error(c, out, "argument %u: a set is required, not %s",
                          i + 1, tf_fn__kind(c->args[i]));
    }
    total += c->args[i]->u.list.n;
  }
  if (total > UINT32_MAX || !(all = tf_fn__items(c, total))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *l = c->args[i];
    if (l->u.list.n) {
      memcpy(all + k, l->u.list.items, (size_t)l->u.list.n * sizeof(*all));
    }
    k += l->u.list.n;
  }
  if ((rc = tf_fn__unify(c, all, k, &uni)) <= 0) {
    return rc < 0
               ? rc
               : tf_fn__error(c, out, "all elements must have the same type");
  }
  k = 0;
  for (uint32_t i = 0; i < c->nargs; i++) {
    uint32_t n = c->args[i]->u.list.n;
    if ((rc = tf_fn__make_set(c, uni + k, n, &sets[i])) <= 0) {
      return rc < 0 ? rc
                    : tf_fn__error(c, out,
                                   "all elements must have the same "
                                   "type");
    }
    k += n;
  }
  *failed = false;
  return MLS_OK;
}

/* op: 'u' union, 'i' intersection, 's' subtraction. */
static int set_op(tf_fn__call *c, mls_value **out, char op)
{
  mls_value **sets, **items, *res;
  vindex *ix;
  bool failed;
  uint32_t k = 0;
  int rc;

  if (!(sets = tf_fn__items(c, c->nargs))) {
    return MLS_ENOMEM;
  }
  if ((rc = arg_sets(c, out, sets, &failed)) < 0 || failed) {
    return rc;
  }
  if (op == 'u') {
    size_t total = 0;
    for (uint32_t i = 0; i < c->nargs; i++) {
      total += sets[i]->u.list.n;
    }
    if (!(items = tf_fn__items(c, total))) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < c->nargs; i++) {
      for (uint32_t j = 0; j < sets[i]->u.list.n; j++) {
        items[k++] = sets[i]->u.list.items[j];
      }
    }
    if ((rc = tf_fn__make_set(c, items, k, &res)) < 0) {
      return rc;
    }
    return ok(out, res);
  }
  if (!(items = tf_fn__items(c, sets[0]->u.list.n)) ||
      !(ix = mls_arena_alloc(c->ctx->arena, c->nargs * sizeof(*ix)))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 1; i < c->nargs; i++) {
    if ((rc = index_build(c, sets[i]->u.list.items, sets[i]->u.list.n,
                          &ix[i])) < 0) {
      return rc;
    }
  }
  for (uint32_t j = 0; j < sets[0]->u.list.n; j++) {
    mls_value *v = sets[0]->u.list.items[j];
    bool keep = true;
    for (uint32_t i = 1; i < c->nargs && keep; i++) {
      int eq = index_find(c, &ix[i], v);
      if (eq == TF_FN__EQ_DEEP) {
        return MLS_ELIMIT;
      }
      keep = op == 'i' ? eq == TF_FN__EQ_YES : eq != TF_FN__EQ_YES;
    }
    if (keep) {
      items[k++] = v;
    }
  }
  return ok(out, tf_fn__list(c, items, k, true));
}

int tf_fn__fn_setunion(tf_fn__call *c, mls_value **out)
{
  return set_op(c, out, 'u');
}

int tf_fn__fn_setintersection(tf_fn__call *c, mls_value **out)
{
  return set_op(c, out, 'i');
}

int tf_fn__fn_setsubtract(tf_fn__call *c, mls_value **out)
{
  return set_op(c, out, 's');
}

int tf_fn__fn_setproduct(tf_fn__call *c, mls_value **out)
{
  uint64_t total = 1;
  bool any_set = false;
  mls_value **lists, **res;
  uint32_t *idx;
  int rc;

  if (!(lists = tf_fn__items(c, c->nargs)) ||
      !(idx =
            mls_arena_zalloc(c->ctx->arena, (size_t)c->nargs * sizeof(*idx)))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < c->nargs; i++) {
    const mls_value *l = c->args[i];
    mls_value **uni;
    if (!is_list(l)) {
      return tf_fn__error(c, out,
                          "argument %u: a set or a list is required, "
                          "not %s",
                          i + 1, tf_fn__kind(l));
    }
    any_set = any_set || is_set(l);
    if ((rc = tf_fn__unify(c, l->u.list.items, l->u.list.n, &uni)) <= 0) {
      return rc < 0 ? rc
                    : tf_fn__error(c, out,
                                   "argument %u: all elements must be of "
                                   "the same type",
                                   i + 1);
    }
    if (!(lists[i] = tf_fn__list(c, uni, l->u.list.n, false))) {
      return MLS_ENOMEM;
    }
    total *= l->u.list.n;
    if (total > MLS_MAX_BODY_ITEMS) {
      return tf_fn__limit(c, out,
                          "the product has more elements than "
                          "MLS_MAX_BODY_ITEMS");
    }
  }
  if (!(res = tf_fn__items(c, (size_t)total))) {
    return MLS_ENOMEM;
  }
  for (uint64_t p = 0; p < total; p++) {
    mls_value **tuple = tf_fn__items(c, c->nargs);
    if (!tuple) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < c->nargs; i++) {
      tuple[i] = lists[i]->u.list.items[idx[i]];
    }
    if (!(res[p] = tf_fn__list(c, tuple, c->nargs, false))) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = c->nargs; i-- > 0;) {
      if (++idx[i] < lists[i]->u.list.n) {
        break;
      }
      idx[i] = 0;
    }
  }
  return ok(out, tf_fn__list(c, res, (uint32_t)total, any_set));
}

/* ---- conversions ----------------------------------------------------------
 */

int tf_fn__fn_tostring(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0];
  mls_span s;
  int rc;

  if (is_null(v) || v->kind == MLS_V_STRING) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if ((rc = tf_fn__as_str(c, v, &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "cannot convert %s to string",
                                 tf_fn__kind(v));
  }
  return ok(out, tf_fn__str_borrow(c, s));
}

int tf_fn__fn_tonumber(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0];
  double d;
  mls_span text;
  int rc;

  if (is_null(v) || v->kind == MLS_V_NUMBER) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if (v->kind != MLS_V_STRING) {
    return tf_fn__error(c, out, "cannot convert %s to number", tf_fn__kind(v));
  }
  if ((rc = tf_fn__as_num(c, v, &d, &text)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "cannot convert \"%.*s\" to number; given "
                                 "string must be a decimal representation of a "
                                 "number",
                                 (int)(v->u.str.len > 64 ? 64 : v->u.str.len),
                                 v->u.str.ptr);
  }
  return ok(out, tf_fn__num_text(c, d, text));
}

int tf_fn__fn_tobool(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0];
  bool b;

  if (is_null(v) || v->kind == MLS_V_BOOL) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if (v->kind != MLS_V_STRING) {
    return tf_fn__error(c, out, "cannot convert %s to bool", tf_fn__kind(v));
  }
  if (!tf_fn__as_bool(v, &b)) {
    return tf_fn__error(c, out,
                        "cannot convert \"%.*s\" to bool; only the strings "
                        "\"true\" or \"false\" are allowed",
                        (int)(v->u.str.len > 64 ? 64 : v->u.str.len),
                        v->u.str.ptr);
  }
  return ok(out, tf_fn__bool(c, b));
}

int tf_fn__fn_tolist(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0];
  mls_value **uni;
  int rc;

  if (is_null(v)) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if (!is_list(v)) {
    return tf_fn__error(c, out, "cannot convert %s to list", tf_fn__kind(v));
  }
  if ((rc = tf_fn__unify(c, v->u.list.items, v->u.list.n, &uni)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "cannot convert tuple to list of any "
                                 "single type");
  }
  return ok(out, tf_fn__list(c, uni, v->u.list.n, false));
}

int tf_fn__fn_toset(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0], *res;
  int rc;

  if (is_null(v)) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if (!is_list(v)) {
    return tf_fn__error(c, out, "cannot convert %s to set", tf_fn__kind(v));
  }
  if ((rc = tf_fn__make_set(c, v->u.list.items, v->u.list.n, &res)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "cannot convert tuple to set of any "
                                 "single type");
  }
  if (!res) {
    /* Which elements are duplicates, and their order, is not known. */
    return unknown_from(c, out, find_unknown(v, 0));
  }
  return ok(out, res);
}

int tf_fn__fn_tomap(tf_fn__call *c, mls_value **out)
{
  mls_value *v = c->args[0];
  mls_map_entry *e;
  mls_value **vals, **uni;
  uint32_t n;
  int rc;

  if (is_null(v)) {
    return ok(out, v ? v : tf_fn__null(c));
  }
  if (!is_map(v)) {
    return tf_fn__error(c, out, "cannot convert %s to map", tf_fn__kind(v));
  }
  if ((rc = tf_fn__sorted_entries(c, v, &e, &n)) < 0) {
    return rc;
  }
  if (!(vals = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    vals[i] = e[i].value;
  }
  if ((rc = tf_fn__unify(c, vals, n, &uni)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "cannot convert object to map of any "
                                 "single type");
  }
  for (uint32_t i = 0; i < n; i++) {
    e[i].value = uni[i];
  }
  return ok(out, tf_fn__map(c, e, n));
}

/* ---- transpose, zipmap -----------------------------------------------------
 */

/* One output pair of transpose(): value -> key. */
typedef struct tpair {
  mls_span out_key; /* borrowed: an element of an input list */
  mls_span in_key;  /* borrowed: the input map's key */
  uint32_t pos;     /* order of appearance, to keep input key order */
} tpair;

static int tpair_order(const void *pa, const void *pb)
{
  const tpair *a = pa, *b = pb;
  int cmp = tf_fn__strcmp(a->out_key, b->out_key);
  if (cmp != 0) {
    return cmp;
  }
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int tf_fn__fn_transpose(tf_fn__call *c, mls_value **out)
{
  const mls_value *m = c->args[0];
  mls_map_entry *e, *res;
  tpair *pairs;
  size_t total = 0, bytes;
  uint32_t n, k = 0, nres = 0;
  int rc;

  if (!is_map(m)) {
    return tf_fn__error(c, out, "input must be map of lists of strings");
  }
  if ((rc = tf_fn__sorted_entries(c, m, &e, &n)) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!is_list(e[i].value)) {
      return tf_fn__error(c, out, "input must be map of lists of strings");
    }
    total += e[i].value->u.list.n;
  }
  if (total > UINT32_MAX ||
      !mls_mul_sz(&bytes, total ? total : 1, sizeof(*pairs)) ||
      !(pairs = mls_arena_alloc(c->ctx->arena, bytes)) ||
      !(res = tf_fn__entries(c, total))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    const mls_value *l = e[i].value;
    for (uint32_t j = 0; j < l->u.list.n; j++) {
      mls_span s;
      if ((rc = tf_fn__as_str(c, l->u.list.items[j], &s)) <= 0) {
        return rc < 0 ? rc
                      : tf_fn__error(c, out,
                                     "input must be map of lists of strings");
      }
      pairs[k].out_key = s;
      pairs[k].in_key = e[i].key;
      pairs[k].pos = k;
      k++;
    }
  }
  qsort(pairs, k, sizeof(*pairs), tpair_order);
  for (uint32_t i = 0; i < k;) {
    uint32_t end = i;
    mls_value **items;
    while (end < k &&
           tf_fn__strcmp(pairs[end].out_key, pairs[i].out_key) == 0) {
      end++;
    }
    if (!(items = tf_fn__items(c, end - i))) {
      return MLS_ENOMEM;
    }
    for (uint32_t j = i; j < end; j++) {
      if (!(items[j - i] = tf_fn__str_borrow(c, pairs[j].in_key))) {
        return MLS_ENOMEM;
      }
    }
    res[nres].key = pairs[i].out_key;
    if (!(res[nres++].value = tf_fn__list(c, items, end - i, false))) {
      return MLS_ENOMEM;
    }
    i = end;
  }
  return ok(out, tf_fn__map(c, res, nres));
}

int tf_fn__fn_zipmap(tf_fn__call *c, mls_value **out)
{
  const mls_value *keys = c->args[0], *vals = c->args[1], *u;
  mls_map_entry *all, *e;
  mls_value *tmp;
  uint32_t n;
  int rc;

  if (!is_list(keys)) {
    return tf_fn__error(c, out, "keys must be a list of strings, not %s",
                        tf_fn__kind(keys));
  }
  if (!is_list(vals)) {
    return tf_fn__error(c, out,
                        "values argument must be a list or tuple "
                        "value, not %s",
                        tf_fn__kind(vals));
  }
  if ((u = find_unknown(keys, 0))) {
    return unknown_from(c, out, u);
  }
  if (keys->u.list.n != vals->u.list.n) {
    return tf_fn__error(c, out,
                        "number of keys (%u) does not match number of values "
                        "(%u)",
                        keys->u.list.n, vals->u.list.n);
  }
  if (!(all = tf_fn__entries(c, keys->u.list.n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < keys->u.list.n; i++) {
    const mls_value *k = keys->u.list.items[i];
    if (is_null(k)) {
      return tf_fn__error(c, out, "keys list has null value at index %u", i);
    }
    if ((rc = tf_fn__as_str(c, k, &all[i].key)) <= 0) {
      return rc < 0 ? rc
                    : tf_fn__error(c, out,
                                   "element %u of keys: a string is required, "
                                   "not %s",
                                   i, tf_fn__kind(k));
    }
    if (!(all[i].value = item(c, vals, i))) {
      return MLS_ENOMEM;
    }
  }
  if (!(tmp = tf_fn__map(c, all, keys->u.list.n)) ||
      (rc = tf_fn__sorted_entries(c, tmp, &e, &n)) < 0) {
    return MLS_ENOMEM;
  }
  return ok(out, tf_fn__map(c, e, n));
}
