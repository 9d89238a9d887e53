/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/eval.c -- evaluate a resource model against a compiled rule
 * set: three-valued conditions over value trees, references through the
 * model's edges, messages, severities per env, suppressions.
 *
 * Stage: module job, any number of threads at once over one immutable rule
 * set; everything this file allocates belongs to the call (a scratch arena
 * per resource, the findings' arena). Semantics are docs/rules-format.md:
 *
 *  - Paths resolve to a list of visited items, each a value (or absent)
 *    with its concrete path ("ingress.1.cidr_blocks", the form the model's
 *    edges use). A key over a list looks into each map of it (nested
 *    blocks); over an empty list it is absent. [*] visits every item, a
 *    non-list value itself, nothing for an empty list. [N] one item.
 *  - Kleene logic; an unknown value makes a test unknown, except `exists`
 *    (an unknown value is set: a reference known after apply exists) and
 *    `references` (decided by edges, not by the value).
 *  - The witness of a result is the item that decided it: a failing
 *    finding points at that value's range, else at the resource.
 *
 * Bounds: condition depth (MLS_MAX_NESTING, checked at load and again
 * here through referenced/connected chains), MLS_MAX_RULE_VISITS items
 * per leaf, equality depth MLS_MAX_NESTING.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of one evaluation's scratch (paths, item lists) per resource. */
#define SCRATCH_CAP ((size_t)MLS_ARENA_CAP_BYTES)

typedef enum tri { T_FALSE = 0, T_TRUE = 1, T_UNK = 2 } tri;

static tri t_not(tri a)
{
  return a == T_UNK ? T_UNK : a == T_TRUE ? T_FALSE : T_TRUE;
}

static tri t_of(bool b)
{
  return b ? T_TRUE : T_FALSE;
}

/* A concrete path ("ingress.1.cidr_blocks"), kept as its last step below
 * the path it extends: most are never spelled out, so the string is made
 * only when one is needed (a result's attribute, an edge test). NULL is
 * the resource itself (""). */
typedef struct pnode {
  const struct pnode *up; /* the path extended, or NULL: the resource */
  const char *key;        /* borrowed from the rule: a key, or NULL */
  uint32_t klen;          /* its bytes */
  uint32_t index;         /* a list index, when key is NULL */
  size_t slen;            /* bytes of the whole path spelled out */
} pnode;

/* A result and the item that decided it. */
typedef struct outcome {
  tri t;               /* the three-valued answer */
  const mls_value *wv; /* the deciding value, or NULL (absent, none) */
  const pnode *wattr;  /* scratch: its concrete path; NULL: none, or "" */
} outcome;

/* One visited item of a path. */
typedef struct item {
  const mls_value *v; /* the value, or NULL: absent */
  const pnode *path;  /* scratch: concrete path */
} item;

/* Most paths reach a few items: those live in the frame (inl), and only a
 * longer list is allocated. Never copied (v may point into it). */
#define ITEMS_INLINE 8

typedef struct items {
  item *v;                /* inl, or owned when longer */
  size_t n;               /* entries used */
  size_t cap;             /* entries available at v */
  item inl[ITEMS_INLINE]; /* the first entries */
} items;

static void items_init(items *its)
{
  its->v = its->inl;
  its->n = 0;
  its->cap = ITEMS_INLINE;
}

static void items_dispose(items *its)
{
  if (its->v != its->inl) {
    mls_free(its->v);
  }
  its->v = its->inl;
  its->n = 0;
  its->cap = ITEMS_INLINE;
}

/* Path nodes are taken from the scratch this many at a time. */
#define PNODE_BLOCK 64

/* Whether some deployed resource of a connected: type could reference
 * any resource without an edge saying so (unknown_link), per (type, via)
 * of the rule set: asked by every resource a rule finds unconnected. */
#define LINK_MEMO 64

/* The model's edges by source and by target, each resource's in the
 * model's order (a counting sort): referenced(), connected() and
 * references() walk a resource's own edges, not every edge of the model
 * (which made a module of thousands of resources quadratic). Built at
 * the first need, once per rule_eval_model(). */
typedef struct edge_ix {
  uint32_t *from_off; /* owned: nresources + 1 offsets into from_e */
  uint32_t *from_e;   /* owned: edge indices grouped by e->from */
  uint32_t *to_off;   /* owned: nresources + 1 offsets into to_e */
  uint32_t *to_e;     /* owned: edge indices grouped by e->to */
  struct {
    const char *type, *via; /* borrowed from the rule set */
    bool open;
  } link[LINK_MEMO];
  uint32_t nlink;
} edge_ix; /* built once to_off is set (the last of the four) */

typedef struct ectx {
  const mls_model *m; /* borrowed: the model */
  edge_ix *ex;        /* borrowed: rule_eval_model's index */
  mls_arena *scratch; /* owned by the caller: per resource */
  pnode *pool;        /* scratch: npool unused path nodes */
  size_t npool;
  int err;         /* first error: MLS_ENOMEM, MLS_ELIMIT */
  uint32_t visits; /* items visited by the current leaf */
  /* The item that decided the last over_items() (a no_item's match, an
   * all_items' failure, an any_item's success), or NULL: the leaf's
   * witness is that item, not the whole list. */
  const mls_value *item_wv;
  const pnode *item_wp;
  mls_span type; /* the resource's bound type (bound_type): by_type's key */
} ectx;

/* ---- paths --------------------------------------------------------------- */

static unsigned digits(uint32_t i)
{
  unsigned n = 1;
  while (i >= 10) {
    i /= 10;
    n++;
  }
  return n;
}

/* base extended by key (index when key is NULL); NULL when out of scratch
 * (c->err says so, and the result is unknown anyway). */
static const pnode *step(ectx *c, const pnode *base, const char *key,
                         size_t klen, uint32_t index)
{
  pnode *p;
  if (c->npool == 0) {
    if (!(c->pool = mls_arena_alloc(c->scratch, PNODE_BLOCK * sizeof(*p)))) {
      if (!c->err) {
        c->err = MLS_ENOMEM;
      }
      return NULL;
    }
    c->npool = PNODE_BLOCK;
  }
  p = c->pool++;
  c->npool--;
  p->up = base;
  p->key = key;
  p->klen = (uint32_t)klen;
  p->index = index;
  p->slen = (base ? base->slen + 1 : 0) + (key ? klen : digits(index));
  return p;
}

static const pnode *join(ectx *c, const pnode *base, const char *key,
                         size_t klen)
{
  return step(c, base, key, klen, 0);
}

static const pnode *join_ix(ectx *c, const pnode *base, uint32_t i)
{
  return step(c, base, NULL, 0, i);
}

/* Path p with `root` (another resource's address) before its first step;
 * p itself when out of room. */
static const pnode *rebase(ectx *c, const pnode *p, mls_span root)
{
  const pnode *chain[64];
  const pnode *q;
  size_t n = 0;
  for (q = p; q && n < sizeof(chain) / sizeof(chain[0]); q = q->up) {
    chain[n++] = q;
  }
  if (q || !(q = join(c, NULL, root.ptr, root.len))) {
    return p;
  }
  while (n-- > 0 && q) {
    q = chain[n]->key ? join(c, q, chain[n]->key, chain[n]->klen)
                      : join_ix(c, q, chain[n]->index);
  }
  return q ? q : p;
}

/* Path p spelled out into a (NUL-terminated), from its last step back;
 * NULL out of memory. */
static char *spell(mls_arena *a, const pnode *p)
{
  size_t n = p ? p->slen : 0;
  char *s = mls_arena_alloc(a, n + 1), *e;
  if (!s) {
    return NULL;
  }
  e = s + n;
  *e = '\0';
  for (; p; p = p->up) {
    if (p->key) {
      e -= p->klen;
      memcpy(e, p->key, p->klen);
    } else {
      uint32_t i = p->index;
      do {
        *--e = (char)('0' + i % 10);
        i /= 10;
      } while (i);
    }
    if (p->up) {
      *--e = '.';
    }
  }
  return s;
}

static void push(ectx *c, items *out, const mls_value *v, const pnode *path)
{
  if (c->err) {
    return;
  }
  if (++c->visits > MLS_MAX_RULE_VISITS) {
    c->err = MLS_ELIMIT;
    return;
  }
  if (out->n == out->cap) {
    size_t ncap = out->cap * 2;
    item *nv = out->v == out->inl ? mls_malloc(ncap * sizeof(*nv))
                                  : mls_realloc(out->v, ncap * sizeof(*nv));
    if (!nv) {
      c->err = MLS_ENOMEM;
      return;
    }
    if (out->v == out->inl) {
      memcpy(nv, out->inl, out->n * sizeof(*nv));
    }
    out->v = nv;
    out->cap = ncap;
  }
  out->v[out->n].v = v;
  out->v[out->n].path = path;
  out->n++;
}

/* The path of an absent item: what was resolved, then the rest as keys. */
static const pnode *rest_path(ectx *c, const pnode *path, const rule_seg *segs,
                              uint32_t i, uint32_t n)
{
  for (; i < n; i++) {
    if (segs[i].kind == SEG_KEY) {
      path = join(c, path, segs[i].key, segs[i].len);
    } else if (segs[i].kind == SEG_INDEX) {
      path = join_ix(c, path, segs[i].index);
    }
  }
  return path;
}

/* What one segment of a path did (resolve_step). */
typedef enum rs_step {
  RS_NEXT, /* moved on: *v, *path and *i are the next position */
  RS_ITEM, /* (*v, *path) is the path's one item from here */
  RS_FORK  /* *v is a list segs[*i] takes several items of, or none */
} rs_step;

/* Follow segment segs[*i] from *v: the single-item part of resolve(),
 * shared with resolve_one(). An absent value, or a key of a scalar, is
 * the item NULL at the rest of the path spelled as keys; an unknown value
 * is the item where it stands; a block that is a list of one is entered. */
/* An unknown string whose start is known (or a partition template) is a
 * string: it has no attribute, as a known string has none -- unless it
 * reads as a JSON document (its start is '{' or '['), which a service takes
 * as a tree (a policy) and whose members are then unknown. */
static bool unknown_scalar(const mls_value *v)
{
  const char *p = v->u.unknown.prefix, *q = v->u.unknown.suffix;
  size_t n;
  if (p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      p++;
    }
    return *p != '{' && *p != '[' && *p != '\0';
  }
  if (q) {
    /* Likewise by its end: a document ends with '}' or ']'. */
    for (n = strlen(q); n && (q[n - 1] == ' ' || q[n - 1] == '\t' ||
                              q[n - 1] == '\n' || q[n - 1] == '\r');
         n--) {
    }
    return n && q[n - 1] != '}' && q[n - 1] != ']';
  }
  return (v->flags & MLS_VF_PARTITION) != 0;
}

/* An unknown that stands for a value below it says nothing of that
 * value: what it refines (its start, its partition) is its own, not a
 * member's (docs/rules-format.md), and the member may not exist. A copy
 * without them, marked MLS_VF_BELOW, where the unknown is. */
static const mls_value *below_unknown(ectx *c, const mls_value *v)
{
  mls_value *u;
  if (v->flags & MLS_VF_BELOW) {
    return v;
  }
  if (!(u = mls_arena_alloc(c->scratch, sizeof(*u)))) {
    c->err = MLS_ENOMEM;
    return v;
  }
  *u = *v;
  u->u.unknown.prefix = NULL;
  u->u.unknown.suffix = NULL;
  u->flags &= (uint16_t)~MLS_VF_PARTITION;
  u->flags |= MLS_VF_BELOW; /* the member may be absent: exists is unknown */
  return u;
}

/* resolve_step() at an unknown with segments left: out of line, so that
 * resolve_step() stays small enough to inline into its loops. */
static rs_step step_unknown(ectx *c, const mls_value **vp, const pnode **path,
                            const rule_seg *segs, uint32_t *i, uint32_t n)
{
  const mls_value *v = *vp;
  if (!unknown_scalar(v)) {
    *vp = below_unknown(c, v);
  } else if (segs[*i].kind == SEG_STAR) {
    ++*i; /* a string's [*] is the string, as a known one's */
    return RS_NEXT;
  } else {
    *vp = NULL; /* a key or an index of a string: absent */
    *path = rest_path(c, *path, segs, *i, n);
  }
  return RS_ITEM;
}

static inline rs_step resolve_step(ectx *c, const mls_value **vp,
                                   const pnode **path, const rule_seg *segs,
                                   uint32_t *i, uint32_t n)
{
  const mls_value *v = *vp;
  const rule_seg *sg;

  if (*i == n) {
    return RS_ITEM;
  }
  if (v && v->kind == MLS_V_UNKNOWN) {
    return step_unknown(c, vp, path, segs, i, n);
  }
  if (!v || v->kind == MLS_V_NULL) {
    *vp = NULL;
    *path = rest_path(c, *path, segs, *i, n);
    return RS_ITEM;
  }
  sg = &segs[*i];
  switch (sg->kind) {
  case SEG_KEY:
    if (v->kind == MLS_V_MAP) {
      const mls_value *child = NULL;
      for (uint32_t j = 0; j < v->u.map.n; j++) {
        mls_span k = v->u.map.entries[j].key;
        if (k.len == sg->len && memcmp(k.ptr, sg->key, k.len) == 0) {
          child = v->u.map.entries[j].value;
          break;
        }
      }
      *vp = child;
      *path = join(c, *path, sg->key, sg->len);
      ++*i;
      return RS_NEXT;
    }
    if (v->kind == MLS_V_LIST && v->u.list.n == 1) {
      /* A list of blocks: the key of its one block. */
      const mls_value *it = v->u.list.items[0];
      *path = join_ix(c, *path, 0);
      if (it && (it->kind == MLS_V_MAP || it->kind == MLS_V_UNKNOWN)) {
        *vp = it;
        return RS_NEXT;
      }
    } else if (v->kind == MLS_V_LIST && v->u.list.n > 1) {
      return RS_FORK;
    }
    break; /* none, a scalar or a block that is not one: absent */
  case SEG_STAR:
    if (v->kind == MLS_V_LIST) {
      if (v->u.list.n != 1) {
        return RS_FORK;
      }
      *vp = v->u.list.items[0];
      *path = join_ix(c, *path, 0);
    }
    ++*i;
    return RS_NEXT;
  case SEG_INDEX:
    if (v->kind == MLS_V_LIST && sg->index < v->u.list.n) {
      *vp = v->u.list.items[sg->index];
      *path = join_ix(c, *path, sg->index);
      ++*i;
      return RS_NEXT;
    }
    break;
  }
  *vp = NULL;
  *path = rest_path(c, *path, segs, *i, n);
  return RS_ITEM;
}

static void resolve(ectx *c, const mls_value *v, const pnode *path,
                    const rule_seg *segs, uint32_t i, uint32_t n, items *out)
{
  rs_step st = RS_NEXT;

  while (!c->err && (st = resolve_step(c, &v, &path, segs, &i, n)) == RS_NEXT) {
  }
  if (c->err) {
    return;
  }
  if (st == RS_ITEM) {
    push(c, out, v, path);
    return;
  }
  /* A list segs[i] takes each item of. */
  for (uint32_t j = 0; j < v->u.list.n && !c->err; j++) {
    const mls_value *it = v->u.list.items[j];
    const pnode *ip = join_ix(c, path, j);
    if (segs[i].kind == SEG_STAR) {
      resolve(c, it, ip, segs, i + 1, n, out);
    } else if (it && (it->kind == MLS_V_MAP || it->kind == MLS_V_UNKNOWN)) {
      resolve(c, it, ip, segs, i, n, out); /* a list of blocks */
    } else {
      push(c, out, NULL, rest_path(c, ip, segs, i, n));
    }
  }
}

/* ---- Terraform-style comparisons ----------------------------------------- */

/* A string that is a number, as Terraform converts it. */
static bool str_number(mls_span s, double *d)
{
  char buf[64];
  char *end = NULL;
  bool digit = false;
  if (s.len == 0 || s.len >= sizeof(buf)) {
    return false;
  }
  for (size_t i = 0; i < s.len; i++) {
    char ch = s.ptr[i];
    if (ch >= '0' && ch <= '9') {
      digit = true;
    } else if (ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') {
      return false;
    }
  }
  if (!digit) {
    return false;
  }
  memcpy(buf, s.ptr, s.len);
  buf[s.len] = '\0';
  *d = strtod(buf, &end);
  return end && *end == '\0' && isfinite(*d);
}

static bool value_number(const mls_value *v, double *d)
{
  if (v->kind == MLS_V_NUMBER) {
    *d = v->u.num.d;
    return true;
  }
  return v->kind == MLS_V_STRING && str_number(v->u.str, d);
}

/* The text of a scalar: strings, numbers (their exact text), bools. */
static bool value_text(const mls_value *v, mls_span *out)
{
  switch (v->kind) {
  case MLS_V_STRING:
    *out = v->u.str;
    return true;
  case MLS_V_NUMBER:
    *out = v->u.num.text;
    return out->len > 0;
  case MLS_V_BOOL:
    *out = v->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    return true;
  default:
    return false;
  }
}

static bool span_eq(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* eq() of an unknown string known to start with `prefix` and end with
 * `suffix` (either may be NULL) and a value x. The string is prefix +
 * anything + suffix, so it can equal x only when x is a string that starts
 * and ends so: any other x is determinately unequal ("${var.ip}/32" is
 * never "0.0.0.0/0"). A number converts to the string only when every
 * known byte can be part of a number; a bool compares as "true"/"false". */
static tri eq_ends(const char *prefix, const char *suffix, const mls_value *x)
{
  size_t n = prefix ? strlen(prefix) : 0, m = suffix ? strlen(suffix) : 0;
  mls_span t;
  if (x->kind == MLS_V_UNKNOWN) {
    /* Two refined strings differ when neither start begins the other, or
     * neither end ends the other. */
    const char *o = x->u.unknown.prefix, *e = x->u.unknown.suffix;
    size_t k = o ? strlen(o) : 0, l = e ? strlen(e) : 0;
    size_t c = l < m ? l : m;
    if ((o && prefix && memcmp(o, prefix, k < n ? k : n) != 0) ||
        (e && suffix && memcmp(e + l - c, suffix + m - c, c) != 0)) {
      return T_FALSE;
    }
    return T_UNK;
  }
  if (x->kind == MLS_V_NUMBER) {
    /* str_number() accepts only these bytes. */
    return (!prefix || strspn(prefix, "0123456789.+-eE") == n) &&
                   (!suffix || strspn(suffix, "0123456789.+-eE") == m)
               ? T_UNK
               : T_FALSE;
  }
  if (!value_text(x, &t)) {
    return T_FALSE; /* null, a list or a map is never a string */
  }
  return t.len >= n + m && (n == 0 || memcmp(t.ptr, prefix, n) == 0) &&
                 (m == 0 || memcmp(t.ptr + t.len - m, suffix, m) == 0)
             ? T_UNK
             : T_FALSE;
}

static tri eq(const mls_value *a, const mls_value *b, int depth)
{
  if (depth > MLS_MAX_NESTING) {
    return T_UNK;
  }
  if (a->kind == MLS_V_UNKNOWN &&
      (a->u.unknown.prefix || a->u.unknown.suffix)) {
    return eq_ends(a->u.unknown.prefix, a->u.unknown.suffix, b);
  }
  if (b->kind == MLS_V_UNKNOWN &&
      (b->u.unknown.prefix || b->u.unknown.suffix)) {
    return eq_ends(b->u.unknown.prefix, b->u.unknown.suffix, a);
  }
  if (a->kind == MLS_V_UNKNOWN || b->kind == MLS_V_UNKNOWN) {
    return T_UNK;
  }
  if (a->kind == MLS_V_NULL || b->kind == MLS_V_NULL) {
    return t_of(a->kind == b->kind);
  }
  if (a->kind == MLS_V_LIST && b->kind == MLS_V_LIST) {
    tri r = T_TRUE;
    if (a->u.list.n != b->u.list.n) {
      return T_FALSE;
    }
    for (uint32_t i = 0; i < a->u.list.n; i++) {
      tri t = eq(a->u.list.items[i], b->u.list.items[i], depth + 1);
      if (t == T_FALSE) {
        return T_FALSE;
      }
      if (t == T_UNK) {
        r = T_UNK;
      }
    }
    return r;
  }
  if (a->kind == MLS_V_MAP && b->kind == MLS_V_MAP) {
    tri r = T_TRUE;
    if (a->u.map.n != b->u.map.n) {
      return T_FALSE;
    }
    for (uint32_t i = 0; i < b->u.map.n; i++) {
      const mls_map_entry *e = &b->u.map.entries[i];
      const mls_value *av = NULL;
      tri t;
      for (uint32_t j = 0; j < a->u.map.n; j++) {
        if (span_eq(a->u.map.entries[j].key, e->key)) {
          av = a->u.map.entries[j].value;
          break;
        }
      }
      if (!av) {
        return T_FALSE;
      }
      t = eq(av, e->value, depth + 1);
      if (t == T_FALSE) {
        return T_FALSE;
      }
      if (t == T_UNK) {
        r = T_UNK;
      }
    }
    return r;
  }
  if (a->kind == MLS_V_LIST || a->kind == MLS_V_MAP || b->kind == MLS_V_LIST ||
      b->kind == MLS_V_MAP) {
    return T_FALSE;
  }
  /* Scalars, converted the way Terraform converts them. */
  if (a->kind == MLS_V_NUMBER || b->kind == MLS_V_NUMBER) {
    double x, y;
    if (a->kind == MLS_V_BOOL || b->kind == MLS_V_BOOL) {
      return T_FALSE;
    }
    return t_of(value_number(a, &x) && value_number(b, &y) && x == y);
  }
  {
    mls_span x, y;
    if (!value_text(a, &x) || !value_text(b, &y)) {
      return T_FALSE;
    }
    return t_of(span_eq(x, y));
  }
}

/* Kleene or of eq(v, item) over a list operand. */
static tri one_of(const mls_value *v, const mls_value *list)
{
  tri r = T_FALSE;
  for (uint32_t i = 0; i < list->u.list.n; i++) {
    tri t = eq(v, list->u.list.items[i], 0);
    if (t == T_TRUE) {
      return T_TRUE;
    }
    if (t == T_UNK) {
      r = T_UNK;
    }
  }
  return r;
}

static bool span_contains(mls_span hay, mls_span needle)
{
  if (needle.len == 0) {
    return true;
  }
  if (needle.len > hay.len) {
    return false;
  }
  for (size_t i = 0; i + needle.len <= hay.len; i++) {
    if (memcmp(hay.ptr + i, needle.ptr, needle.len) == 0) {
      return true;
    }
  }
  return false;
}

/* Whether v contains arg. An unknown string with a known start or end
 * (its refinements) contains what they hold; anything else may be in its
 * unknown rest. */
static tri contains(const mls_value *v, const mls_value *arg)
{
  mls_span hay, needle;
  if (v->kind == MLS_V_UNKNOWN) {
    const char *p = v->u.unknown.prefix, *q = v->u.unknown.suffix;
    if (!p && !q) {
      return T_UNK;
    }
    if (!value_text(arg, &needle)) {
      return T_FALSE; /* a string never contains a non-scalar */
    }
    return (p && span_contains(mls_span_of(p, strlen(p)), needle)) ||
                   (q && span_contains(mls_span_of(q, strlen(q)), needle))
               ? T_TRUE
               : T_UNK;
  }
  if (v->kind == MLS_V_LIST) {
    tri r = T_FALSE;
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      tri t = eq(v->u.list.items[i], arg, 0);
      if (t == T_TRUE) {
        return T_TRUE;
      }
      if (t == T_UNK) {
        r = T_UNK;
      }
    }
    return r;
  }
  if (v->kind == MLS_V_MAP) {
    /* A map contains its keys (Checkov's reading). */
    if (!value_text(arg, &needle)) {
      return T_FALSE;
    }
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      if (span_eq(v->u.map.entries[i].key, needle)) {
        return T_TRUE;
      }
    }
    return T_FALSE;
  }
  if (v->kind == MLS_V_STRING && value_text(arg, &needle)) {
    hay = v->u.str;
    return t_of(span_contains(hay, needle));
  }
  return T_FALSE;
}

static tri regex_match(ectx *c, rule_regex *rx, const mls_value *v)
{
  const regex_t *re;
  mls_span s;
  char small[256];
  char *buf = small;
  int r;
  if (!value_text(v, &s)) {
    return T_FALSE;
  }
  if (!s.ptr) {
    s.ptr = ""; /* an empty string may come without bytes */
  }
  if (memchr(s.ptr, '\0', s.len)) {
    return T_FALSE; /* an embedded NUL would truncate the search */
  }
  if ((r = rule__regex_literal(rx, s.ptr, s.len)) >= 0) {
    return t_of(r == 1);
  }
  /* A built-in pattern is compiled here on its first use. One that does
   * not compile (rules.library makes sure none does) decides nothing. */
  if (!(re = rule__regex_get(rx))) {
    return T_UNK;
  }
  if (s.len >= sizeof(small)) {
    if (!(buf = mls_arena_alloc(c->scratch, s.len + 1))) {
      c->err = MLS_ENOMEM;
      return T_UNK;
    }
  }
  memcpy(buf, s.ptr, s.len);
  buf[s.len] = '\0';
  r = regexec(re, buf, 0, NULL, 0);
  return t_of(r == 0);
}

/* rules_int.h. The classic greedy match: at a `*`, remember where it
 * stood and where the name was, and on a mismatch let the last `*` eat
 * one more byte. O(n * len) at worst, with no recursion. */
bool rule__glob(const char *p, size_t n, const char *name, size_t len,
                bool qmark)
{
  size_t i = 0, j = 0, star = SIZE_MAX, mark = 0;

  while (j < len) {
    if (i < n && p[i] == '*') {
      star = i++;
      mark = j;
    } else if (i < n && ((qmark && p[i] == '?') ||
                         mls_tolower((unsigned char)p[i]) ==
                             mls_tolower((unsigned char)name[j]))) {
      i++;
      j++;
    } else if (star != SIZE_MAX) {
      i = star + 1;
      j = ++mark;
    } else {
      return false;
    }
  }
  while (i < n && p[i] == '*') {
    i++;
  }
  return i == n;
}

bool rule__covers(const char *p, size_t n, const char *name, size_t len)
{
  return rule__glob(p, n, name, len, true);
}

/* covers_any: v (a string) as a pattern over the names of `list`. */
static tri covers_any(const mls_value *v, const mls_value *list)
{
  mls_span s;
  if (v->kind != MLS_V_STRING || !value_text(v, &s) ||
      s.len > RULE_COVERS_PATTERN_MAX) {
    return T_FALSE;
  }
  for (uint32_t i = 0; i < list->u.list.n; i++) {
    const mls_value *e = list->u.list.items[i];
    mls_span name;
    if (e && value_text(e, &name) &&
        rule__covers(s.ptr ? s.ptr : "", s.len, name.ptr, name.len)) {
      return T_TRUE;
    }
  }
  return T_FALSE;
}

static bool is_empty(const mls_value *v)
{
  switch (v->kind) {
  case MLS_V_NULL:
    return true;
  case MLS_V_STRING:
    return v->u.str.len == 0;
  case MLS_V_LIST:
    return v->u.list.n == 0;
  case MLS_V_MAP:
    return v->u.map.n == 0;
  default:
    return false;
  }
}

/* ---- references ---------------------------------------------------------- */

/* Edge path `ep` is the attribute `path` (spelled out) or lies inside
 * it. */
static bool path_within(mls_span ep, const char *path)
{
  size_t pl = strlen(path);
  if (pl == 0) {
    return true; /* the whole resource: any attribute */
  }
  if (ep.len < pl || memcmp(ep.ptr, path, pl) != 0) {
    return false;
  }
  return ep.len == pl || ep.ptr[pl] == '.';
}

static bool type_is(const mls_resource *r, const char *type)
{
  return !type || mls_span_eq(r->type, type);
}

static void edge_ix_dispose(edge_ix *x)
{
  mls_free(x->from_off);
  mls_free(x->from_e);
  mls_free(x->to_off);
  mls_free(x->to_e);
  memset(x, 0, sizeof(*x));
}

/* Group edge indices by key (from or to) into off/ix; false out of
 * memory. Edges whose key is no resource are left out: no resource's
 * walk would take them. */
static bool edge_group(const mls_model *m, bool by_to, uint32_t **off_out,
                       uint32_t **ix_out)
{
  uint32_t nr = m->nresources, *off, *ix;
  if (!(off = mls_calloc((size_t)nr + 1, sizeof(*off))) ||
      !(ix = mls_malloc(((size_t)m->nedges + 1) * sizeof(*ix)))) {
    mls_free(off);
    return false;
  }
  for (uint32_t i = 0; i < m->nedges; i++) {
    uint32_t k = by_to ? m->edges[i].to : m->edges[i].from;
    if (k < nr) {
      off[k + 1]++;
    }
  }
  for (uint32_t r = 0; r < nr; r++) {
    off[r + 1] += off[r];
  }
  {
    uint32_t *next = mls_malloc(((size_t)nr + 1) * sizeof(*next));
    if (!next) {
      mls_free(off);
      mls_free(ix);
      return false;
    }
    memcpy(next, off, ((size_t)nr + 1) * sizeof(*next));
    for (uint32_t i = 0; i < m->nedges; i++) {
      uint32_t k = by_to ? m->edges[i].to : m->edges[i].from;
      if (k < nr) {
        ix[next[k]++] = i;
      }
    }
    mls_free(next);
  }
  *off_out = off;
  *ix_out = ix;
  return true;
}

/* The edges from (by_to false) or to resource res: *n indices into
 * m->edges at *v, in the model's order. False (c->err set) out of memory. */
static bool edges_of(ectx *c, uint32_t res, bool by_to, const uint32_t **v,
                     uint32_t *n)
{
  edge_ix *x = c->ex;
  *v = NULL;
  *n = 0;
  if (!x->to_off) {
    if (!edge_group(c->m, false, &x->from_off, &x->from_e) ||
        !edge_group(c->m, true, &x->to_off, &x->to_e)) {
      edge_ix_dispose(x);
      c->err = MLS_ENOMEM;
      return false;
    }
  }
  if (res >= c->m->nresources) {
    return true;
  }
  if (by_to) {
    *v = x->to_e + x->to_off[res];
    *n = x->to_off[res + 1] - x->to_off[res];
  } else {
    *v = x->from_e + x->from_off[res];
    *n = x->from_off[res + 1] - x->from_off[res];
  }
  return true;
}

/* Some edge from resource `res` at `at` reaches a resource of `type` (a
 * managed one when `managed`: a data source's result may be anything its
 * lookup finds, an AWS-managed policy as well as the account's own). */
static bool references(ectx *c, uint32_t res, const pnode *at, const char *type,
                       bool managed)
{
  const char *path = NULL; /* spelled out at the first edge from res */
  const uint32_t *ev;
  uint32_t ne;
  if (!edges_of(c, res, false, &ev, &ne)) {
    return false;
  }
  for (uint32_t i = 0; i < ne; i++) {
    const mls_edge *e = &c->m->edges[ev[i]];
    if (!path && !(path = spell(c->scratch, at))) {
      c->err = MLS_ENOMEM;
      return false;
    }
    if (e->to < c->m->nresources && path_within(e->path, path) &&
        type_is(&c->m->resources[e->to], type) &&
        (!managed || c->m->resources[e->to].mode != MLS_RM_DATA)) {
      return true;
    }
  }
  return false;
}

/* ---- conditions ---------------------------------------------------------- */

static outcome eval(ectx *c, const rule_cond *k, const mls_value *root,
                    const pnode *base, uint32_t res, int depth);

/* Whether the body or block v holds, at any depth, a block that may not
 * exist (MLS_VF_MAYBE: a `dynamic` block over an unknown for_each). Only
 * nested blocks are looked into, not attribute values. */
static bool has_maybe(const mls_value *v, int depth)
{
  if (!v || v->kind != MLS_V_MAP || depth > MLS_MAX_NESTING) {
    return false;
  }
  if (v->flags & MLS_VF_MAYBE) {
    return true;
  }
  for (uint32_t i = 0; i < v->u.map.n; i++) {
    const mls_value *l = v->u.map.entries[i].value;
    if (!l || l->kind != MLS_V_LIST || !(l->flags & MLS_VF_BLOCK)) {
      continue;
    }
    for (uint32_t j = 0; j < l->u.list.n; j++) {
      if (has_maybe(l->u.list.items[j], depth + 1)) {
        return true;
      }
    }
  }
  return false;
}

/* A copy of v, a body or block with has_maybe(), without its MLS_VF_MAYBE
 * blocks: a block type left with none is no entry at all, as when
 * Terraform expands an empty for_each. Copies only what changes, into
 * c->scratch; NULL (and c->err) out of memory. */
static mls_value *drop_maybe(ectx *c, const mls_value *v, int depth)
{
  mls_map_entry *en;
  mls_value *out;
  uint32_t n = 0;

  if (!(en = mls_arena_alloc(c->scratch, v->u.map.n * sizeof(*en)))) {
    c->err = MLS_ENOMEM;
    return NULL;
  }
  for (uint32_t i = 0; i < v->u.map.n; i++) {
    const mls_value *l = v->u.map.entries[i].value;
    mls_value **kept;
    mls_value *nl;
    uint32_t m = 0;
    if (!l || l->kind != MLS_V_LIST || !(l->flags & MLS_VF_BLOCK)) {
      en[n++] = v->u.map.entries[i];
      continue;
    }
    if (!(kept = mls_arena_alloc(c->scratch, (l->u.list.n ? l->u.list.n : 1) *
                                                 sizeof(*kept)))) {
      c->err = MLS_ENOMEM;
      return NULL;
    }
    for (uint32_t j = 0; j < l->u.list.n; j++) {
      mls_value *b = l->u.list.items[j];
      if (b && b->kind == MLS_V_MAP && (b->flags & MLS_VF_MAYBE)) {
        continue;
      }
      if (has_maybe(b, depth + 1) && !(b = drop_maybe(c, b, depth + 1))) {
        return NULL;
      }
      kept[m++] = b;
    }
    if (m == 0 && l->u.list.n > 0) {
      continue; /* only blocks that may not exist: none */
    }
    if (!(nl = mls_arena_alloc(c->scratch, sizeof(*nl)))) {
      c->err = MLS_ENOMEM;
      return NULL;
    }
    *nl = *l;
    nl->u.list.items = kept;
    nl->u.list.n = m;
    en[n].key = v->u.map.entries[i].key;
    en[n++].value = nl;
  }
  if (!(out = mls_arena_alloc(c->scratch, sizeof(*out)))) {
    c->err = MLS_ENOMEM;
    return NULL;
  }
  *out = *v;
  out->u.map.entries = en;
  out->u.map.n = n;
  return out;
}

/* k on a resource's body, and when alt (the body without its blocks that
 * may not exist, drop_maybe) is given, on alt too: a verdict that turns on
 * whether they exist is unknown, one that does not stands. */
static outcome eval_both(ectx *c, const rule_cond *k, const mls_value *body,
                         const mls_value *alt, uint32_t res, int depth)
{
  outcome o = eval(c, k, body, NULL, res, depth);
  if (alt && o.t != T_UNK && !c->err &&
      eval(c, k, alt, NULL, res, depth).t != o.t && !c->err) {
    o.t = T_UNK;
  }
  return o;
}

/* eval_both for another resource's body (referenced, connected). */
static outcome eval_body(ectx *c, const rule_cond *k, const mls_value *body,
                         uint32_t res, int depth)
{
  const mls_value *alt = has_maybe(body, 0) ? drop_maybe(c, body, 0) : NULL;
  if (c->err) {
    outcome o = { T_UNK, NULL, NULL };
    return o;
  }
  return eval_both(c, k, body, alt, res, depth);
}

/* all_items / any_item / no_item over one value. */
static tri over_items(ectx *c, const rule_cond *k, const mls_value *v,
                      const pnode *path, uint32_t res, int depth)
{
  uint32_t n = v->kind == MLS_V_LIST ? v->u.list.n : 1;
  bool want_all = k->op == OP_ALL_ITEMS;
  tri r = want_all ? T_TRUE : T_FALSE;
  for (uint32_t i = 0; i < n && !c->err; i++) {
    const mls_value *it = v->kind == MLS_V_LIST ? v->u.list.items[i] : v;
    const pnode *ip = v->kind == MLS_V_LIST ? join_ix(c, path, i) : path;
    outcome so = eval(c, k->sub, it, ip, res, depth + 1);
    tri t = so.t;
    if ((want_all && t == T_FALSE) || (!want_all && t == T_TRUE)) {
      /* set after the item's own evaluation, which may have nested
       * item tests of its own: when one test of the item's condition
       * decided it, what decided that test (the statement of an inner
       * item test, the AllowFromPublic of a policy's rule), else this
       * item */
      /* what decided: a leaf's value; an any's first passing branch; an
       * all's first failing one (an all that passes, an any that fails,
       * name no one value: the item) */
      bool decided_by_one = k->sub->kind == RC_LEAF ||
                            (k->sub->kind == RC_ANY && t == T_TRUE) ||
                            (k->sub->kind == RC_ALL && t == T_FALSE);
      if (decided_by_one && so.wv && so.wattr) {
        c->item_wv = so.wv;
        c->item_wp = so.wattr;
      } else {
        c->item_wv = v->kind == MLS_V_LIST ? it : NULL;
        c->item_wp = ip;
      }
      r = t;
      break;
    }
    if (t == T_UNK) {
      r = T_UNK;
    }
  }
  return k->op == OP_NO_ITEM ? t_not(r) : r;
}

static tri leaf_one(ectx *c, const rule_cond *k, const mls_value *v,
                    const pnode *path, uint32_t res, int depth);

/* A test of a string known but for its partition (MLS_VF_PARTITION): the
 * test of each string it can be, when they all agree ("arn:${AWS::
 * Partition}:iam::aws:policy/AdministratorAccess" matches
 * ^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$ whatever the
 * partition), else unknown. */
static tri leaf_partitions(ectx *c, const rule_cond *k, const mls_value *v,
                           const pnode *path, uint32_t res, int depth)
{
  char buf[1024];
  mls_value s = *v;
  tri r = T_UNK;
  size_t len;

  s.kind = MLS_V_STRING;
  s.flags = 0;
  for (size_t i = 0; i < mls_npartitions; i++) {
    tri t;
    if (!mls_partition_expand(v, mls_partitions[i], buf, sizeof(buf), &len)) {
      return T_UNK;
    }
    s.u.str = mls_span_of(buf, len);
    t = leaf_one(c, k, &s, path, res, depth);
    if (i > 0 && t != r) {
      return T_UNK;
    }
    r = t;
  }
  return r;
}

/* A regex of an unknown string by its known start (or end): what it
 * matches whatever follows (or precedes). */
static tri leaf_ends(const rule_cond *k, const mls_value *v)
{
  const char *p = v->u.unknown.prefix, *q = v->u.unknown.suffix;
  int r = p && p[0] ? rule__regex_prefix(k->re, p, strlen(p)) : -1;
  tri t;
  if (r < 0 && q && q[0]) {
    r = rule__regex_suffix(k->re, q, strlen(q));
  }
  t = r < 0 ? T_UNK : t_of(r == 1);
  return k->op == OP_REGEX ? t : t_not(t);
}

/* A template with an account or a region in it (mls_partition_free):
 * per partition, a shape of literal text and runs (12 digits; a region's
 * [a-z0-9-]{9,16}), which a regex decides when it matches every string of
 * it or none (rule__regex_shape); the result when every partition agrees,
 * else unknown. */
static tri leaf_shapes(const rule_cond *k, const mls_value *v)
{
  /* [0-9] and [a-z0-9-] as bitmaps: bit c of [c / 8] */
  static const uint8_t digits[32] = { [6] = 0xff, [7] = 0x03 };
  static const uint8_t region[32] = {
    [5] = 0x20,  [6] = 0xff,  [7] = 0x03, [12] = 0xfe,
    [13] = 0xff, [14] = 0xff, [15] = 0x07
  };
  char buf[1024];
  rule_shape_seg segs[32];
  mls_span t = v->u.unknown.expr;
  tri r = T_UNK;

  /* Without the partition or its suffix in it, one shape is every
   * partition's. */
  size_t nparts = 1;
  for (size_t i = 0, len; i < t.len; i++) {
    const char *var = mls_partition_var_at(t, i, &len);
    if (var && (strcmp(var, MLS_PARTITION_VAR) == 0 ||
                strcmp(var, MLS_URLSUFFIX_VAR) == 0)) {
      nparts = mls_npartitions;
      break;
    }
  }
  for (size_t p = 0; p < nparts; p++) {
    size_t o = 0, n = 0;
    int m;
    tri x;
    for (size_t i = 0; i < t.len;) {
      size_t len = 1;
      const char *var = mls_partition_var_at(t, i, &len);
      const char *text = t.ptr + i;
      size_t tl = 1;
      if (var && (strcmp(var, MLS_ACCOUNT_VAR) == 0 ||
                  strcmp(var, MLS_REGION_VAR) == 0)) {
        bool acct = strcmp(var, MLS_ACCOUNT_VAR) == 0;
        if (n == sizeof(segs) / sizeof(segs[0])) {
          return T_UNK;
        }
        segs[n++] = (rule_shape_seg){ NULL, 0, acct ? digits : region,
                                      acct ? 12 : 9, acct ? 12 : 16 };
        i += len;
        continue;
      }
      if (var) {
        text = strcmp(var, MLS_PARTITION_VAR) == 0
                   ? mls_partitions[p]
                   : mls_partition_url_suffix(mls_partitions[p]);
        tl = strlen(text);
      }
      if (o + tl > sizeof(buf)) {
        return T_UNK;
      }
      /* Literal text joins the segment before it when that is text too. */
      if (n == 0 || !segs[n - 1].lit) {
        if (n == sizeof(segs) / sizeof(segs[0])) {
          return T_UNK;
        }
        segs[n++] = (rule_shape_seg){ buf + o, 0, NULL, 0, 0 };
      }
      memcpy(buf + o, text, tl);
      o += tl;
      segs[n - 1].len += tl;
      i += len;
    }
    m = rule__regex_shape_of(k->re, segs, n);
    if (m < 0) {
      return T_UNK;
    }
    x = t_of(m == 1);
    if (p > 0 && x != r) {
      return T_UNK;
    }
    r = x;
  }
  return k->op == OP_REGEX ? r : t_not(r);
}

/* Whether the `n` bytes after a CIDR's last '/' are a prefix length of
 * 0 ("0", "00"): every address, whatever the address part says. */
static bool zero_bits(const char *p, size_t n)
{
  if (n == 0) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (p[i] != '0') {
      return false;
    }
  }
  return true;
}

/* A known string: an IPv4 or IPv6 address (digits, hex, '.', ':') then
 * "/0". 0.0.0.0/0, ::/0, 0000::/0 and 0:0::/0 are all of them. */
static bool world_cidr(mls_span s)
{
  const char *slash = NULL;
  for (size_t i = 0; i < s.len; i++) {
    char ch = s.ptr[i];
    if (ch == '/') {
      if (slash) {
        return false;
      }
      slash = s.ptr + i;
    } else if (!slash && !mls_isxdigit((unsigned char)ch) && ch != '.' &&
               ch != ':') {
      return false;
    }
  }
  return slash && slash > s.ptr &&
         zero_bits(slash + 1, (size_t)(s.ptr + s.len - slash - 1));
}

/* world_cidr of an unknown string: its known end decides when it holds
 * the '/' ("${var.my_ip}/32" is never every address, "${var.net}/0"
 * always is); else unknown. */
static tri world_cidr_unknown(const rule_cond *k, const mls_value *v)
{
  const char *sfx = v->u.unknown.suffix;
  const char *slash = sfx ? strrchr(sfx, '/') : NULL;
  if (!slash) {
    return T_UNK;
  }
  {
    const char *bits = slash + 1;
    bool digits = *bits != '\0';
    for (const char *q = bits; *q && digits; q++) {
      digits = *q >= '0' && *q <= '9';
    }
    if (!digits) {
      return t_of(!k->flag);
    }
    return t_of(zero_bits(bits, strlen(bits)) == k->flag);
  }
}

static tri leaf_one(ectx *c, const rule_cond *k, const mls_value *v,
                    const pnode *path, uint32_t res, int depth)
{
  bool absent =
      !v || v->kind == MLS_V_NULL ||
      (k->empty_absent && v->kind == MLS_V_STRING && v->u.str.len == 0);
  tri t;
  if (absent && k->dflt) {
    v = k->dflt;
    absent = v->kind == MLS_V_NULL;
  }
  if (absent) {
    switch (k->op) {
    case OP_EXISTS:
      return t_of(!k->flag);
    case OP_IS_EMPTY:
      return t_of(k->flag);
    case OP_EQUALS:
      return t_of(k->arg->kind == MLS_V_NULL);
    case OP_NOT_EQUALS:
      return t_of(k->arg->kind != MLS_V_NULL);
    case OP_NOT_ONE_OF:
    case OP_NOT_REGEX:
    case OP_NOT_CONTAINS:
    case OP_NOT_COVERS_ANY:
    case OP_NO_ITEM:
      return T_TRUE;
    case OP_WORLD_CIDR:
      return t_of(!k->flag);
    default:
      return T_FALSE;
    }
  }
  if (v->kind == MLS_V_UNKNOWN && (v->flags & MLS_VF_PARTITION) &&
      mls_partition_free(v)) {
    /* An account or a region: its known ends decide what they can, as
     * any unknown string's (below); a regex they leave undecided may still
     * decide it as a shape. */
    if (k->op == OP_REGEX || k->op == OP_NOT_REGEX) {
      tri x = leaf_ends(k, v);
      if (x == T_UNK) {
        x = leaf_shapes(k, v);
      }
      return x;
    }
  } else if (v->kind == MLS_V_UNKNOWN && (v->flags & MLS_VF_PARTITION)) {
    switch (k->op) {
    case OP_EQUALS:
    case OP_NOT_EQUALS:
    case OP_ONE_OF:
    case OP_NOT_ONE_OF:
    case OP_REGEX:
    case OP_NOT_REGEX:
    case OP_CONTAINS:
    case OP_NOT_CONTAINS:
    case OP_IS_EMPTY:
    case OP_COVERS_ANY:
    case OP_NOT_COVERS_ANY:
    case OP_REFERENCES: /* literal text but for the partition: its edges */
      return leaf_partitions(c, k, v, path, res, depth);
    default:
      break;
    }
  }
  if (v->kind == MLS_V_UNKNOWN) {
    switch (k->op) {
    case OP_EXISTS:
      /* An unknown value is set; a member of one may not be. */
      return (v->flags & MLS_VF_BELOW) ? T_UNK : t_of(k->flag);
    case OP_REFERENCES:
      /* Without such an edge, an unknown may still be that resource's
       * (a remote module's output); a string built around unknown parts
       * ("arn:${var.partition}:iam::aws:policy/X", known ends) is a new
       * string, whose references would be edges. */
      if (references(c, res, path, k->type, k->flag)) {
        return T_TRUE;
      }
      if (k->flag && references(c, res, path, k->type, false)) {
        return T_UNK; /* a data source's: the lookup may find either */
      }
      return (v->u.unknown.prefix || v->u.unknown.suffix) &&
                     !(v->flags & MLS_VF_BELOW)
                 ? T_FALSE
                 : T_UNK;
    case OP_EQUALS:
    case OP_NOT_EQUALS:
    case OP_ONE_OF:
    case OP_NOT_ONE_OF:
    case OP_CONTAINS:
    case OP_NOT_CONTAINS:
    case OP_IS_EMPTY:
      /* A string with a known start or end (refinements) decides these
       * below: eq(), one_of() and contains() read them, and it is never
       * empty. */
      if (v->u.unknown.prefix || v->u.unknown.suffix) {
        break;
      }
      return T_UNK;
    case OP_REGEX:
    case OP_NOT_REGEX:
      return leaf_ends(k, v);
    case OP_WORLD_CIDR:
      return world_cidr_unknown(k, v);
    case OP_ALL_ITEMS:
    case OP_ANY_ITEM:
    case OP_NO_ITEM:
      /* A string known by its start or end is one item, itself, as a
       * known string is (IAM's string-or-list). */
      if (unknown_scalar(v)) {
        break;
      }
      return T_UNK;
    default:
      return T_UNK;
    }
  }
  switch (k->op) {
  case OP_EXISTS:
    return t_of(k->flag);
  case OP_EQUALS:
    return eq(v, k->arg, 0);
  case OP_NOT_EQUALS:
    return t_not(eq(v, k->arg, 0));
  case OP_ONE_OF:
    return one_of(v, k->arg);
  case OP_NOT_ONE_OF:
    return t_not(one_of(v, k->arg));
  case OP_REGEX:
    return regex_match(c, k->re, v);
  case OP_NOT_REGEX:
    return t_not(regex_match(c, k->re, v));
  case OP_CONTAINS:
    return contains(v, k->arg);
  case OP_NOT_CONTAINS:
    return t_not(contains(v, k->arg));
  case OP_GT:
  case OP_GTE:
  case OP_LT:
  case OP_LTE: {
    double x, y = k->arg->u.num.d;
    if (!value_number(v, &x)) {
      return T_FALSE;
    }
    return t_of(k->op == OP_GT    ? x > y
                : k->op == OP_GTE ? x >= y
                : k->op == OP_LT  ? x < y
                                  : x <= y);
  }
  case OP_IS_EMPTY:
    t = t_of(is_empty(v));
    return k->flag ? t : t_not(t);
  case OP_ALL_ITEMS:
  case OP_ANY_ITEM:
  case OP_NO_ITEM:
    c->item_wv = NULL;
    return over_items(c, k, v, path, res, depth);
  case OP_REFERENCES:
    if (references(c, res, path, k->type, k->flag)) {
      return T_TRUE;
    }
    return mls_value_has_unknown(v) ? T_UNK : T_FALSE;
  case OP_COVERS_ANY:
    return covers_any(v, k->arg);
  case OP_NOT_COVERS_ANY:
    return t_not(covers_any(v, k->arg));
  case OP_WORLD_CIDR:
    return t_of((v->kind == MLS_V_STRING && world_cidr(v->u.str)) == k->flag);
  }
  return T_UNK;
}

/* Most attribute paths reach one item: keys, and blocks that are lists of
 * one. That item and its path, as resolve() would push them, without its
 * item list and recursion; false when the path forks. */
static bool resolve_one(ectx *c, const mls_value *v, const pnode *path,
                        const rule_seg *segs, uint32_t n, const mls_value **out,
                        const pnode **out_path)
{
  uint32_t i = 0;
  rs_step st;

  while ((st = resolve_step(c, &v, &path, segs, &i, n)) == RS_NEXT) {
  }
  *out = v;
  *out_path = path;
  return st == RS_ITEM;
}

/* An item test decided by one item of a list points at that item (the
 * statement, the policy ARN), not at the whole list. */
static void item_witness(ectx *c, const rule_cond *k, outcome *o)
{
  if ((k->op == OP_ALL_ITEMS || k->op == OP_ANY_ITEM || k->op == OP_NO_ITEM) &&
      c->item_wv && c->item_wp) {
    o->wv = c->item_wv;
    o->wattr = c->item_wp;
  }
  c->item_wv = NULL;
}

static outcome leaf(ectx *c, const rule_cond *k, const mls_value *root,
                    const pnode *base, uint32_t res, int depth)
{
  items its;
  outcome o = { k->match_any ? T_FALSE : T_TRUE, NULL, NULL };
  bool have_unk = false, have_first = false;
  outcome unk = { T_UNK, NULL, NULL };
  const mls_value *one;

  const pnode *path;

  c->visits = 0;
  if (resolve_one(c, root, base, k->segs, k->nsegs, &one, &path)) {
    /* One item: whatever it decides is the outcome, as the loop below
     * would find. */
    if (c->err) {
      o.t = T_UNK;
      return o;
    }
    c->item_wv = NULL;
    o.t = leaf_one(c, k, one, path, res, depth);
    o.wv = one;
    o.wattr = path;
    item_witness(c, k, &o);
    if (c->err) {
      o.t = T_UNK;
    }
    return o;
  }
  items_init(&its);
  c->visits = 0;
  resolve(c, root, base, k->segs, 0, k->nsegs, &its);
  if (c->err) {
    items_dispose(&its);
    o.t = T_UNK;
    return o;
  }
  if (its.n == 0) {
    o.wattr = rest_path(c, base, k->segs, 0, k->nsegs);
  }
  for (size_t i = 0; i < its.n && !c->err; i++) {
    tri t;
    c->item_wv = NULL;
    t = leaf_one(c, k, its.v[i].v, its.v[i].path, res, depth);
    if (!have_first) {
      o.wv = its.v[i].v;
      o.wattr = its.v[i].path;
      have_first = true;
    }
    if (t == T_UNK && !have_unk) {
      unk.wv = its.v[i].v;
      unk.wattr = its.v[i].path;
      have_unk = true;
    }
    if ((k->match_any && t == T_TRUE) || (!k->match_any && t == T_FALSE)) {
      o.t = t;
      o.wv = its.v[i].v;
      o.wattr = its.v[i].path;
      item_witness(c, k, &o);
      items_dispose(&its);
      return o;
    }
  }
  items_dispose(&its);
  if (c->err) {
    o.t = T_UNK;
    return o;
  }
  return have_unk ? unk : o;
}

static tri absent_tri(rule_absent a)
{
  return a == RA_PASS ? T_TRUE : a == RA_FAIL ? T_FALSE : T_UNK;
}

/* Add resource index r to a small owned set. */
static int add_unique(uint32_t **v, size_t *n, size_t *cap, uint32_t r)
{
  for (size_t i = 0; i < *n; i++) {
    if ((*v)[i] == r) {
      return MLS_OK;
    }
  }
  if (*n == *cap) {
    size_t ncap = *cap ? *cap * 2 : 4;
    uint32_t *nv = mls_realloc(*v, ncap * sizeof(*nv));
    if (!nv) {
      return MLS_ENOMEM;
    }
    *v = nv;
    *cap = ncap;
  }
  (*v)[(*n)++] = r;
  return MLS_OK;
}

static outcome referenced(ectx *c, const rule_cond *k, const mls_value *root,
                          const pnode *base, uint32_t res, int depth)
{
  items its;
  uint32_t *targets = NULL;
  size_t nt = 0, cap = 0;
  outcome o = { T_TRUE, NULL, NULL };
  bool witness = false; /* o.wv and o.wattr are the first item that refers */

  items_init(&its);
  c->visits = 0;
  resolve(c, root, base, k->segs, 0, k->nsegs, &its);
  for (size_t i = 0; i < its.n && !c->err; i++) {
    const char *path = NULL;
    const uint32_t *ev;
    uint32_t ne;
    if (!edges_of(c, res, false, &ev, &ne)) {
      break;
    }
    for (uint32_t j = 0; j < ne && !c->err; j++) {
      const mls_edge *e = &c->m->edges[ev[j]];
      if (!path && !(path = spell(c->scratch, its.v[i].path))) {
        c->err = MLS_ENOMEM;
        break;
      }
      if (e->to < c->m->nresources && path_within(e->path, path) &&
          type_is(&c->m->resources[e->to], k->type)) {
        if (!witness) {
          o.wv = its.v[i].v;
          o.wattr = its.v[i].path;
          witness = true;
        }
        if (add_unique(&targets, &nt, &cap, e->to) < 0) {
          c->err = MLS_ENOMEM;
        }
      }
    }
  }
  if (!witness && its.n) {
    o.wv = its.v[0].v;
    o.wattr = its.v[0].path;
  }
  items_dispose(&its);
  if (c->err) {
    mls_free(targets);
    o.t = T_UNK;
    return o;
  }
  if (nt == 0) {
    o.t = absent_tri(k->when_absent);
  }
  for (size_t i = 0; i < nt; i++) {
    const mls_resource *r = &c->m->resources[targets[i]];
    tri t = k->sub ? eval_body(c, k->sub, r->body, targets[i], depth + 1).t
                   : T_TRUE;
    if (t == T_FALSE) {
      o.t = T_FALSE;
      break;
    }
    if (t == T_UNK) {
      o.t = T_UNK;
    }
  }
  mls_free(targets);
  return o;
}

/* The first segment of an edge path is `via`. */
static bool first_seg_is(mls_span p, const char *via)
{
  size_t vl = strlen(via);
  return p.len >= vl && memcmp(p.ptr, via, vl) == 0 &&
         (p.len == vl || p.ptr[vl] == '.');
}

/* Whether a deployed resource of k's type names what it configures by
 * an unknown value with no edge (`bucket = var.bucket_id`,
 * `secret_id = local.secret`): it may be about any resource, so one found
 * unconnected may still have it. Only with `via`, which says what the
 * naming attribute is. */
static bool unknown_link(ectx *c, const rule_cond *k)
{
  edge_ix *x = c->ex;
  bool open = false;

  if (!k->via) {
    return false;
  }
  for (uint32_t i = 0; x && i < x->nlink; i++) {
    if (x->link[i].type == k->type && x->link[i].via == k->via) {
      return x->link[i].open;
    }
  }
  for (uint32_t i = 0; i < c->m->nresources && !open; i++) {
    const mls_resource *r = &c->m->resources[i];
    const mls_value *v;
    const uint32_t *ev;
    uint32_t ne;
    bool linked = false;
    if (!r->deployed || r->mode != MLS_RM_MANAGED || !type_is(r, k->type) ||
        !r->body || !(v = mls_value_get(r->body, k->via)) ||
        !(v->kind == MLS_V_UNKNOWN ||
          ((v->kind == MLS_V_LIST || v->kind == MLS_V_MAP) &&
           mls_value_has_unknown(v)))) {
      continue; /* a block's: the naming attribute may be inside it */
    }
    if (!edges_of(c, i, false, &ev, &ne)) {
      return false;
    }
    for (uint32_t j = 0; j < ne && !linked; j++) {
      linked = first_seg_is(c->m->edges[ev[j]].path, k->via);
    }
    open = !linked;
  }
  if (x && x->nlink < LINK_MEMO) {
    x->link[x->nlink].type = k->type;
    x->link[x->nlink].via = k->via;
    x->link[x->nlink].open = open;
    x->nlink++;
  }
  return open;
}

static outcome connected(ectx *c, const rule_cond *k, uint32_t res, int depth)
{
  uint32_t *from = NULL;
  size_t nf = 0, cap = 0;
  outcome o = { T_UNK, NULL, NULL };
  const uint32_t *ev;
  uint32_t ne;

  if (!edges_of(c, res, true, &ev, &ne)) {
    return o;
  }
  for (uint32_t j = 0; j < ne && !c->err; j++) {
    const mls_edge *e = &c->m->edges[ev[j]];
    const mls_resource *r;
    if (e->from >= c->m->nresources || e->from == res) {
      continue;
    }
    r = &c->m->resources[e->from];
    if (!r->deployed || r->mode != MLS_RM_MANAGED || !type_is(r, k->type) ||
        (k->via && !first_seg_is(e->path, k->via))) {
      continue;
    }
    if (add_unique(&from, &nf, &cap, e->from) < 0) {
      c->err = MLS_ENOMEM;
    }
  }
  if (c->err) {
    mls_free(from);
    return o;
  }
  if (nf == 0) {
    /* In a model whose syntax errors may have swallowed blocks, the
     * resource may be among them (a bucket's versioning configuration
     * after a broken encryption block). */
    o.t = c->m->partial ||
                  (absent_tri(k->when_absent) == T_FALSE && unknown_link(c, k))
              ? T_UNK
              : absent_tri(k->when_absent);
    return o;
  }
  o.t = k->match_any ? T_FALSE : T_TRUE;
  for (size_t i = 0; i < nf; i++) {
    const mls_resource *r = &c->m->resources[from[i]];
    outcome so = { T_TRUE, NULL, NULL };
    if (k->sub) {
      so = eval_body(c, k->sub, r->body, from[i], depth + 1);
    }
    /* A failure points at the value that failed in the other resource
     * (an aws_s3_bucket_server_side_encryption_configuration's
     * sse_algorithm), its path named after that resource. */
    if (so.t == T_FALSE && so.wv && !o.wv) {
      o.wv = so.wv;
      o.wattr = rebase(c, so.wattr, r->address);
    }
    if (k->match_any && so.t == T_TRUE) {
      o.t = T_TRUE;
      o.wv = NULL;
      o.wattr = NULL;
      break;
    }
    if (!k->match_any && so.t == T_FALSE) {
      o.t = T_FALSE;
      break;
    }
    if (so.t == T_UNK) {
      o.t = T_UNK;
    }
  }
  if (o.t != T_FALSE) {
    o.wv = NULL;
    o.wattr = NULL;
  }
  mls_free(from);
  return o;
}

/* RULE_AZAPI_PREFIX and the ARM type r's body names (its `type`, the API
 * version cut), normalised (rule__norm_type), into buf (cap bytes); ""
 * when that type is not a known string. */
static mls_span arm_type(const mls_resource *r, char *buf, size_t cap)
{
  const mls_value *t;
  size_t n = strlen(RULE_AZAPI_PREFIX), len;
  const char *at;
  if (!r->body || !(t = mls_value_get(r->body, "type")) ||
      t->kind != MLS_V_STRING) {
    return mls_span_of("", 0);
  }
  at = memchr(t->u.str.ptr, '@', t->u.str.len);
  len = at ? (size_t)(at - t->u.str.ptr) : t->u.str.len;
  if (n + len >= cap) {
    return mls_span_of("", 0);
  }
  memcpy(buf, RULE_AZAPI_PREFIX, n);
  memcpy(buf + n, t->u.str.ptr, len);
  if (!(len = rule__norm_type(buf, cap, buf, n + len))) {
    return mls_span_of("", 0);
  }
  return mls_span_of(buf, len);
}

/* The type rule_eval_model looks r's rules up by, into buf (cap bytes):
 * r's own, or for an azapi_resource its ARM type (arm_type). An
 * azapi_resource of an unknown type gets no rules: which checks apply is
 * not known. */
static mls_span bound_type(const mls_resource *r, char *buf, size_t cap)
{
  if (r->framework != MLS_FW_TERRAFORM || !mls_span_eq(r->type, RULE_AZAPI)) {
    return r->type;
  }
  return arm_type(r, buf, cap);
}

/* ---- azapi_update_resource --------------------------------------------- */

#define AZAPI_UPDATE "azapi_update_resource"

/* Whether a bound type is an azapi_resource's (arm_type). */
static bool is_arm_type(mls_span t)
{
  size_t n = strlen(RULE_AZAPI_PREFIX);
  return t.len >= n && memcmp(t.ptr, RULE_AZAPI_PREFIX, n) == 0;
}

/* Whether the patch body `root` sets a value some leaf of k reads: the
 * leaves under k's all, any and not, not another resource's condition. */
static bool sets_what_it_reads(ectx *c, const rule_cond *k,
                               const mls_value *root)
{
  items its;
  bool set = false;
  switch (k->kind) {
  case RC_ALL:
  case RC_ANY:
  case RC_NOT:
    for (uint32_t i = 0; i < k->nkids && !set; i++) {
      set = sets_what_it_reads(c, k->kids[i], root);
    }
    return set;
  case RC_LEAF:
    items_init(&its);
    resolve(c, root, NULL, k->segs, 0, k->nsegs, &its);
    for (size_t i = 0; i < its.n && !set; i++) {
      set = its.v[i].v != NULL;
    }
    items_dispose(&its);
    return set;
  default:
    return false;
  }
}

/* An azurerm resource that an azapi_update_resource patches: ARM applies
 * the patch's properties after the resource's own, so where the patch
 * sets what the by_type k's branch for its ARM type reads, that branch,
 * evaluated on the patch, decides (a workspace made private, or public
 * again, by a patch). Several patches that disagree are unknown. False
 * when no deployed patch of resource res (through its resource_id) has an
 * ARM type k has a branch for, and sets a value that branch reads. */
static bool patched(ectx *c, const rule_cond *k, uint32_t res, int depth,
                    outcome *out)
{
  const uint32_t *ev;
  uint32_t ne;
  bool found = false;

  if (!k->flag || !edges_of(c, res, true, &ev, &ne)) {
    return false; /* no azapi branch: nothing a patch could say */
  }
  for (uint32_t j = 0; j < ne && !c->err; j++) {
    const mls_edge *e = &c->m->edges[ev[j]];
    const mls_resource *p;
    const rule_cond *br = NULL;
    char tbuf[RULE_TYPE_MAX];
    mls_span t;
    outcome o;
    if (e->from >= c->m->nresources || e->from == res ||
        !first_seg_is(e->path, "resource_id")) {
      continue;
    }
    p = &c->m->resources[e->from];
    if (!p->deployed || p->mode != MLS_RM_MANAGED ||
        p->framework != MLS_FW_TERRAFORM ||
        !mls_span_eq(p->type, AZAPI_UPDATE)) {
      continue;
    }
    t = arm_type(p, tbuf, sizeof(tbuf));
    for (uint32_t i = 0; i < k->nkids && t.len > 0; i++) {
      if (k->types[i][0] && mls_span_eq(t, k->types[i])) {
        br = k->kids[i];
      }
    }
    if (!br || !sets_what_it_reads(c, br, p->body)) {
      continue;
    }
    o = eval(c, br, p->body, NULL, e->from, depth + 1);
    if (o.wattr) {
      o.wattr = rebase(c, o.wattr, p->address);
    }
    if (!found) {
      *out = o;
    } else if (out->t != o.t) {
      out->t = T_UNK;
      out->wv = NULL;
      out->wattr = NULL;
    }
    found = true;
  }
  return found && !c->err;
}

static outcome eval(ectx *c, const rule_cond *k, const mls_value *root,
                    const pnode *base, uint32_t res, int depth)
{
  outcome o = { T_UNK, NULL, NULL };
  if (c->err) {
    return o;
  }
  if (depth > 2 * MLS_MAX_NESTING) {
    c->err = MLS_ELIMIT;
    return o;
  }
  switch (k->kind) {
  case RC_ALL:
  case RC_ANY: {
    bool all = k->kind == RC_ALL;
    bool have_unk = false, have_other = false, seen_connected = false;
    outcome first = o, unk = o, other = o;
    for (uint32_t i = 0; i < k->nkids; i++) {
      outcome x = eval(c, k->kids[i], root, base, res, depth + 1);
      if (i == 0) {
        first = x;
      } else if (!all && !seen_connected && k->kids[i]->kind == RC_CONNECTED) {
        /* the value another resource set for the first branch's setting,
         * which failed; a later connection is another way to pass (a
         * log bucket's own ACL), not that setting */
        seen_connected = true;
        other = x;
        have_other = x.wv != NULL;
      }
      if ((all && x.t == T_FALSE) || (!all && x.t == T_TRUE)) {
        return x;
      }
      if (x.t == T_UNK && !have_unk) {
        unk = x;
        have_unk = true;
      }
    }
    if (have_unk) {
      return unk;
    }
    /* An any that fails points at its first branch, unless that names
     * no value (an inline setting left out) and the first connection
     * names one that failed: the bucket's separate encryption
     * configuration. */
    if (!all && !first.wv && have_other) {
      first = other;
    }
    first.t = all ? T_TRUE : T_FALSE;
    return first;
  }
  case RC_NOT:
    o = eval(c, k->kids[0], root, base, res, depth + 1);
    o.t = t_not(o.t);
    return o;
  case RC_LEAF:
    return leaf(c, k, root, base, res, depth);
  case RC_REFERENCED:
    return referenced(c, k, root, base, res, depth);
  case RC_CONNECTED:
    return connected(c, k, res, depth);
  case RC_BY_TYPE: {
    /* A binding's whole condition: res is the resource c->type is of. */
    const rule_cond *dflt = NULL, *own = NULL;
    for (uint32_t i = 0; i < k->nkids && !own; i++) {
      if (!k->types[i][0]) {
        dflt = k->kids[i];
      } else if (mls_span_eq(c->type, k->types[i])) {
        own = k->kids[i];
      }
    }
    /* The loader gives every bound type a branch or the default. */
    if (!(own = own ? own : dflt)) {
      return o;
    }
    if (!is_arm_type(c->type) && patched(c, k, res, depth, &o)) {
      return o;
    }
    return eval(c, own, root, base, res, depth + 1);
  }
  }
  return o;
}

/* ---- findings ------------------------------------------------------------ */

void rule_findings_init(rule_findings *f)
{
  memset(f, 0, sizeof(*f));
}

void rule_findings_dispose(rule_findings *f)
{
  if (!f) {
    return;
  }
  mls_arena_free(f->arena);
  mls_free(f->v);
  memset(f, 0, sizeof(*f));
}

static bool has_env(const rule_meta *m, const char *env)
{
  for (size_t i = 0; env && i < m->nenvs; i++) {
    if (strcmp(m->envs[i], env) == 0) {
      return true;
    }
  }
  return false;
}

static mls_rsev severity_for(const rule_def *d, const char *env)
{
  mls_rsev s = d->base_severity;
  for (size_t i = 0; env && i < d->nsev_by_env; i++) {
    if (strcmp(d->sev_by_env[i].env, env) == 0) {
      s = d->sev_by_env[i].severity;
    }
  }
  for (size_t i = 0; i < d->noverrides; i++) {
    const rule_env_sev *o = &d->overrides[i];
    if (!o->env || (env && strcmp(o->env, env) == 0)) {
      s = o->severity;
    }
  }
  return s;
}

static int put_span(mls_buf *b, mls_span s)
{
  return s.len ? mls_buf_put(b, s.ptr, s.len) : MLS_OK;
}

/* The finding's message, in the findings' arena. */
static const char *message(mls_arena *a, const rule_def *d,
                           const mls_resource *r, const char *attr,
                           mls_status st)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  const char *out = NULL;
  int rc = MLS_OK;
  if (d->message) {
    const char *p = d->message;
    while (*p && rc >= 0) {
      if (strncmp(p, "{address}", 9) == 0) {
        rc = put_span(&b, r->address);
        p += 9;
      } else if (strncmp(p, "{type}", 6) == 0) {
        rc = put_span(&b, r->type);
        p += 6;
      } else if (strncmp(p, "{attr}", 6) == 0) {
        rc = mls_buf_puts(&b, attr);
        p += 6;
      } else {
        rc = mls_buf_putc(&b, *p++);
      }
    }
  } else {
    rc = mls_buf_printf(&b, "%s: ", d->meta.title);
    if (rc >= 0) {
      rc = put_span(&b, r->address);
    }
    if (rc >= 0 && st == MLS_ST_FAIL && attr[0]) {
      rc = mls_buf_printf(&b, " (%s)", attr);
    }
  }
  if (rc >= 0) {
    out = b.ptr ? mls_arena_strndup(a, b.ptr, b.len) : "";
  }
  mls_buf_dispose(&b);
  return out;
}

static int add_finding(rule_findings *out, const rule_finding *f)
{
  if (out->n == out->cap) {
    size_t ncap = out->cap ? out->cap * 2 : 64, bytes;
    rule_finding *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(out->v, bytes))) {
      return MLS_ENOMEM;
    }
    out->v = nv;
    out->cap = ncap;
  }
  out->v[out->n++] = *f;
  return MLS_OK;
}

/* Whether index entry x is (fw, type). */
static bool ix_is(const rule_ix *x, mls_framework fw, mls_span type)
{
  return x->fw == fw && x->tlen == type.len &&
         (type.len == 0 || memcmp(x->type, type.ptr, type.len) == 0);
}

/* First index entry of (fw, type), or rs->nix. */
static size_t ix_first(const rule_set *rs, mls_framework fw, mls_span type)
{
  size_t lo = 0, hi = rs->nix;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const rule_ix *x = &rs->ix[mid];
    int c;
    if (x->fw != fw) {
      c = x->fw < fw ? -1 : 1;
    } else {
      c = mls_span_cmp(mls_span_of(x->type, x->tlen), type);
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

int rule_eval_model(rule_findings *out, const rule_set *rs, const mls_model *m,
                    const rule_eval_opts *opts, mls_diag *diag)
{
  static const rule_eval_opts none = RULE_EVAL_OPTS_INIT;
  rule_supp_cache *supp = NULL;
  mls_arena *scratch = NULL; /* reset for each resource */
  edge_ix ex;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(out && rs && rs->compiled && m && diag);
  if (!opts) {
    opts = &none;
  }
  if (rule__ix_ensure(rs) < 0 ||
      (!out->arena && !(out->arena = mls_arena_new(MLS_ARENA_CAP_BYTES)))) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  memset(&ex, 0, sizeof(ex));
  for (uint32_t ri = 0; ri < m->nresources && rc >= 0; ri++) {
    const mls_resource *r = &m->resources[ri];
    char tbuf[RULE_TYPE_MAX];
    mls_span type;
    size_t i, end;
    const mls_value *alt = NULL;
    ectx c;
    if (!r->deployed || r->mode != MLS_RM_MANAGED || !r->body) {
      continue;
    }
    /* The resource's rules: the index entries [i, end) of its type. */
    type = bound_type(r, tbuf, sizeof(tbuf));
    i = ix_first(rs, r->framework, type);
    for (end = i; end < rs->nix && ix_is(&rs->ix[end], r->framework, type);
         end++) {
    }
    if (i == end) {
      continue;
    }
    memset(&c, 0, sizeof(c));
    c.m = m;
    c.ex = &ex;
    c.type = type;
    if (scratch) {
      mls_arena_reset(scratch);
    } else if (!(scratch = mls_arena_new(SCRATCH_CAP))) {
      rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
      break;
    }
    c.scratch = scratch;
    /* The body without its blocks that may not exist, once for all the
     * resource's rules (the scratch arena lives until the next resource). */
    if (has_maybe(r->body, 0) && !(alt = drop_maybe(&c, r->body, 0))) {
      rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
      break;
    }
    for (; i < end && rc >= 0; i++) {
      const rule_def *d = rs->v[rs->ix[i].rule];
      const rule_cond *k, *a;
      rule_finding f;
      outcome o;
      tri applies;
      /* A built-in rule's conditions, compiled by its first evaluation. */
      if (atomic_load_explicit(&d->cond_pending, memory_order_acquire) &&
          rule__def_ensure(rs, d) < 0) {
        rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
        break;
      }
      k = r->framework == MLS_FW_TERRAFORM ? d->cond_tf : d->cond_cfn;
      if (!k || (d->meta.nenvs && !has_env(&d->meta, opts->env))) {
        continue;
      }
      c.err = 0;
      applies = T_TRUE;
      if ((a = r->framework == MLS_FW_TERRAFORM ? d->applies_tf
                                                : d->applies_cfn) != NULL) {
        applies = eval_both(&c, a, r->body, alt, ri, 0).t;
        if (applies == T_FALSE && !c.err) {
          continue; /* not a resource the rule is about: no result */
        }
      }
      o = eval_both(&c, k, r->body, alt, ri, 0);
      if (applies == T_UNK && o.t == T_FALSE) {
        o.t = T_UNK; /* a failure, if the rule applies at all */
      }
      if (c.err == MLS_ENOMEM) {
        rc = mls_diag_add(diag, MLS_ENOMEM, &r->range, "out of memory");
        break;
      }
      if (c.err) {
        mls_diag_note(diag, c.err, MLS_SEV_WARNING, &r->range,
                      "rule %s on %.*s: a bound was hit; the result is "
                      "unknown",
                      d->meta.id, (int)r->address.len, r->address.ptr);
        o.t = T_UNK;
        o.wv = NULL;
        o.wattr = NULL;
      }
      memset(&f, 0, sizeof(f));
      f.rule = rs->ix[i].rule;
      f.resource = ri;
      f.status = o.t == T_TRUE    ? MLS_ST_PASS
                 : o.t == T_FALSE ? MLS_ST_FAIL
                                  : MLS_ST_UNKNOWN;
      f.severity = severity_for(d, opts->env);
      /* A finding points at the value that decided it (docs/design.md),
       * wherever it is written; a pass, only when that value is in the
       * resource's own file (a module's output or a variable's default
       * elsewhere satisfied it: the resource is where a reader of passing
       * results looks for them). */
      if (o.wv && o.wv->file != MLS_NO_FILE && o.wv->file < m->nfiles &&
          o.wv->range.start.line > 0 &&
          (f.status != MLS_ST_PASS || o.wv->file == r->file)) {
        f.file = o.wv->file;
        f.range = o.wv->range;
      } else {
        f.file = r->file;
        f.range = r->range;
      }
      {
        /* The message says what the rule decided, before suppressions. */
        mls_status decided = f.status;
        if (f.status == MLS_ST_FAIL && !opts->no_inline_ignores &&
            opts->file_text) {
          if ((rc = rule__supp_apply(out, &f, d, m, r, opts, &supp)) < 0) {
            rc = mls_diag_add(diag, rc, NULL, "out of memory");
            break;
          }
        }
        /* A finding only counted (most passes) needs neither its
         * attribute spelled out nor a message. */
        if (!mls_detail_lists(opts->detail, f.status, f.has_supp)) {
          f.attr = "";
        } else if (!(f.attr = spell(out->arena, o.wattr)) ||
                   !(f.message = message(out->arena, d, r, f.attr, decided))) {
          rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
          break;
        }
      }
      if ((rc = add_finding(out, &f)) < 0) {
        rc = mls_diag_add(diag, rc, NULL, "out of memory");
        break;
      }
    }
  }
  mls_arena_free(scratch);
  edge_ix_dispose(&ex);
  rule__supp_dispose(supp);
  return rc;
}
