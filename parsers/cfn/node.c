/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/node.c -- the node builder both readers share: collections,
 * duplicate keys, short-form tags, diagnostics.
 *
 * Stage: blob -> file model. A reader hands every finished node to
 * cfn__push(); closing a collection moves its children off the builder's
 * stack into one arena array, so no node is ever reallocated. Duplicate
 * keys are folded the way PyYAML and Python's json.loads fold them (a dict:
 * the first occurrence keeps its place, the last gives the value and the
 * key position), with a linear scan for small mappings and a hash table
 * for large ones, so 100k keys cost O(n). Trusts the readers to push keys
 * and values alternately; trusts nothing in the text.
 */
#include "parsers/cfn/cfn_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <string.h>

/* Mappings with more pairs than this look duplicates up in a hash table;
 * smaller ones compare every pair (at most 28 comparisons). */
#define LINEAR_MAX 8

void cfn__builder_init(cfn_builder *b, cfn_template *t, mls_diag *diag)
{
  memset(b, 0, sizeof(*b));
  b->t = t;
  b->arena = t->arena;
  b->diag = diag;
}

void cfn__builder_dispose(cfn_builder *b)
{
  mls_free(b->stack);
  mls_free(b->slots);
  b->stack = NULL;
  b->slots = NULL;
  b->nstack = b->capstack = b->capslots = 0;
}

/* Keep the most telling failure: out of memory, then a bound of
 * limits.h, then malformed input. */
static int rc_rank(int rc)
{
  return rc == MLS_ENOMEM ? 3 : rc == MLS_ELIMIT ? 2 : rc == MLS_OK ? 0 : 1;
}

static void note_rc(cfn_builder *b, int rc)
{
  if (rc_rank(rc) > rc_rank(b->rc)) {
    b->rc = rc;
  }
}

void cfn__fail(cfn_builder *b, int rc, bool stop, const mls_range *at,
               const char *fmt, ...)
{
  va_list ap;
  note_rc(b, rc);
  b->t->nerrors++;
  b->stop = b->stop || stop;
  va_start(ap, fmt);
  mls_diag_addv(b->diag, rc, MLS_SEV_ERROR, at, fmt, ap);
  va_end(ap);
}

void cfn__warn(cfn_builder *b, const mls_range *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  mls_diag_addv(b->diag, MLS_EINPUT, MLS_SEV_WARNING, at, fmt, ap);
  va_end(ap);
}

void cfn__nomem(cfn_builder *b)
{
  if (b->stop && b->rc == MLS_ENOMEM) {
    return; /* reported once */
  }
  if (mls_arena_capped(b->arena)) {
    if (b->rc != MLS_ELIMIT || !b->stop) {
      cfn__fail(b, MLS_ELIMIT, true, NULL,
                "the template needs more than %u bytes of memory "
                "(MLS_ARENA_CAP_BYTES)",
                (unsigned)MLS_ARENA_CAP_BYTES);
    }
    return;
  }
  note_rc(b, MLS_ENOMEM);
  b->t->nerrors++;
  b->stop = true;
}

cfn_node *cfn__node(cfn_builder *b, cfn_kind kind, const mls_range *range)
{
  cfn_node *n = mls_arena_alloc(b->arena, sizeof(*n));
  if (!n) {
    cfn__nomem(b);
    return NULL;
  }
  memset(n, 0, sizeof(*n));
  n->kind = (uint8_t)kind;
  n->range = *range;
  return n;
}

bool cfn__push(cfn_builder *b, cfn_node *child)
{
  if (b->nstack == b->capstack) {
    size_t ncap = b->capstack ? b->capstack * 2 : 256, bytes;
    cfn_node **nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(b->stack, bytes))) {
      note_rc(b, MLS_ENOMEM);
      b->t->nerrors++;
      b->stop = true;
      return false;
    }
    b->stack = nv;
    b->capstack = ncap;
  }
  b->stack[b->nstack++] = child;
  return true;
}

bool cfn__finish_seq(cfn_builder *b, cfn_node *seq, size_t first)
{
  size_t n = b->nstack - first, bytes;
  cfn_node **items = NULL;

  if (n > 0) {
    if (n > UINT32_MAX || !mls_mul_sz(&bytes, n, sizeof(*items)) ||
        !(items = mls_arena_alloc(b->arena, bytes))) {
      cfn__nomem(b);
      return false;
    }
    memcpy(items, b->stack + first, bytes);
  }
  seq->u.items = items;
  seq->n = (uint32_t)n;
  b->nstack = first;
  return true;
}

static bool same_key(const cfn_node *a, const cfn_node *k)
{
  return a->text.len == k->text.len &&
         (k->text.len == 0 ||
          memcmp(a->text.ptr, k->text.ptr, k->text.len) == 0);
}

/* Fold the duplicate of pairs[i] that arrived as (key, value). */
static void fold(cfn_builder *b, cfn_pair *kept, cfn_node *key, cfn_node *value)
{
  int shown = key->text.len > 60 ? 60 : (int)key->text.len;
  cfn__warn(b, &key->range,
            "duplicate key '%.*s%s' (first at line %u): the last value "
            "wins, as in PyYAML and json.loads; CloudFormation's behaviour "
            "is undefined",
            shown, key->text.ptr ? key->text.ptr : "",
            key->text.len > 60 ? "..." : "",
            (unsigned)kept->key->range.start.line);
  b->t->flags |= CFN_T_DUPLICATE_KEYS;
  kept->key = key;
  kept->value = value;
}

static bool grow_slots(cfn_builder *b, size_t want)
{
  size_t cap = 16, bytes;
  while (cap < want) {
    cap *= 2;
  }
  if (cap <= b->capslots) {
    return true;
  }
  uint32_t *ns;
  if (!mls_mul_sz(&bytes, cap, sizeof(*ns)) || !(ns = mls_malloc(bytes))) {
    note_rc(b, MLS_ENOMEM);
    b->t->nerrors++;
    b->stop = true;
    return false;
  }
  mls_free(b->slots);
  b->slots = ns;
  b->capslots = cap;
  return true;
}

bool cfn__finish_map(cfn_builder *b, cfn_node *map, size_t first)
{
  size_t npairs = (b->nstack - first) / 2, kept = 0, bytes;
  cfn_node **st = b->stack ? b->stack + first : NULL;
  cfn_pair *pairs = NULL;

  if (npairs > 0) {
    if (npairs > UINT32_MAX || !mls_mul_sz(&bytes, npairs, sizeof(*pairs)) ||
        !(pairs = mls_arena_alloc(b->arena, bytes))) {
      cfn__nomem(b);
      return false;
    }
  }
  if (npairs <= LINEAR_MAX) {
    for (size_t j = 0; j < npairs; j++) {
      cfn_node *key = st[2 * j], *value = st[2 * j + 1];
      size_t i = 0;
      while (i < kept && !same_key(pairs[i].key, key)) {
        i++;
      }
      if (i < kept) {
        fold(b, &pairs[i], key, value);
      } else {
        pairs[kept].key = key;
        pairs[kept].value = value;
        kept++;
      }
    }
  } else {
    /* Open addressing at load <= 1/2: slots hold index+1 into pairs. */
    size_t used = 16, mask;
    while (used < npairs * 2) {
      used *= 2;
    }
    if (!grow_slots(b, used)) {
      return false;
    }
    mask = used - 1;
    memset(b->slots, 0, used * sizeof(*b->slots));
    for (size_t j = 0; j < npairs; j++) {
      cfn_node *key = st[2 * j], *value = st[2 * j + 1];
      size_t h = cfn__hash(key->text.ptr, key->text.len) & mask;
      while (b->slots[h] != 0 && !same_key(pairs[b->slots[h] - 1].key, key)) {
        h = (h + 1) & mask;
      }
      if (b->slots[h] != 0) {
        fold(b, &pairs[b->slots[h] - 1], key, value);
      } else {
        pairs[kept].key = key;
        pairs[kept].value = value;
        kept++;
        b->slots[h] = (uint32_t)kept;
      }
    }
  }
  map->u.pairs = pairs;
  map->n = (uint32_t)kept;
  b->nstack = first;
  return true;
}

/* Short-form names CloudFormation defines (intrinsic functions, condition
 * functions and the rule functions of the Rules section). Any other local
 * tag is converted by the same rule, with a warning. */
static const char *const known_tags[] = { "Ref",
                                          "Condition",
                                          "GetAtt",
                                          "Sub",
                                          "Join",
                                          "Select",
                                          "Split",
                                          "If",
                                          "Equals",
                                          "And",
                                          "Or",
                                          "Not",
                                          "FindInMap",
                                          "Base64",
                                          "Cidr",
                                          "ImportValue",
                                          "GetAZs",
                                          "Transform",
                                          "Length",
                                          "ToJsonString",
                                          "Contains",
                                          "EachMemberEquals",
                                          "EachMemberIn",
                                          "RefAll",
                                          "ValueOf",
                                          "ValueOfAll",
                                          "GetStackOutput" };

static bool starts_with(mls_span s, const char *lit)
{
  size_t n = strlen(lit);
  return s.len >= n && memcmp(s.ptr, lit, n) == 0;
}

/* Split !GetAtt's scalar at the first '.' into a SEQ of one or two
 * strings. Part positions are exact when the text is the source bytes. */
static cfn_node *split_getatt(cfn_builder *b, cfn_node *v)
{
  const char *dot = v->text.len ? memchr(v->text.ptr, '.', v->text.len) : NULL;
  size_t nparts = dot ? 2 : 1;
  cfn_node *seq = cfn__node(b, CFN_SEQ, &v->range);
  cfn_node **items = mls_arena_alloc(b->arena, nparts * sizeof(*items));
  const char *tsrc = b->t->src;
  bool in_src = v->text.ptr && tsrc && v->text.ptr >= tsrc &&
                v->text.ptr + v->text.len <= tsrc + b->t->len &&
                !memchr(v->text.ptr, '\n', v->text.len) &&
                !memchr(v->text.ptr, '\r', v->text.len);

  if (!seq || !items) {
    cfn__nomem(b);
    return NULL;
  }
  for (size_t i = 0; i < nparts; i++) {
    size_t off = i == 0 ? 0 : (size_t)(dot - v->text.ptr) + 1;
    size_t len = i == 0 ? (dot ? (size_t)(dot - v->text.ptr) : v->text.len)
                        : v->text.len - off;
    mls_range r = v->range;
    if (in_src) {
      uint32_t at = (uint32_t)(v->text.ptr - tsrc) + (uint32_t)off;
      r.start.col += at - r.start.byte;
      r.start.byte = at;
      r.end = r.start;
      r.end.byte += (uint32_t)len;
      r.end.col += (uint32_t)len;
    }
    cfn_node *part = cfn__node(b, CFN_STRING, &r);
    if (!part) {
      return NULL;
    }
    part->flags = v->flags & CFN_F_QUOTED;
    part->text = mls_span_of(v->text.ptr + off, len);
    items[i] = part;
  }
  seq->u.items = items;
  seq->n = (uint32_t)nparts;
  return seq;
}

cfn_node *cfn__short_form(cfn_builder *b, mls_span name,
                          const mls_range *tag_range, const mls_range *range,
                          cfn_node *value)
{
  bool bare = mls_span_eq(name, "Ref") || mls_span_eq(name, "Condition") ||
              starts_with(name, "Rain::");
  bool known = starts_with(name, "Rain::");
  cfn_node *key, *map;
  cfn_pair *pair;
  char *text;
  size_t keylen;

  for (size_t i = 0; !known && i < sizeof(known_tags) / sizeof(*known_tags);
       i++) {
    known = mls_span_eq(name, known_tags[i]);
  }
  if (!known) {
    int shown = name.len > 60 ? 60 : (int)name.len;
    cfn__warn(b, tag_range,
              "unknown tag !%.*s%s, read as Fn::%.*s%s; CloudFormation "
              "rejects tags it does not define",
              shown, name.ptr, name.len > 60 ? "..." : "", shown, name.ptr,
              name.len > 60 ? "..." : "");
    b->t->flags |= CFN_T_UNKNOWN_TAGS;
  }
  keylen = bare ? name.len : name.len + 4;
  if (!(text = mls_arena_alloc(b->arena, keylen + 1))) {
    cfn__nomem(b);
    return NULL;
  }
  if (bare) {
    memcpy(text, name.ptr, name.len);
  } else {
    memcpy(text, "Fn::", 4);
    memcpy(text + 4, name.ptr, name.len);
  }
  text[keylen] = '\0';
  if (mls_span_eq(name, "GetAtt") && value->kind == CFN_STRING) {
    if (!(value = split_getatt(b, value))) {
      return NULL;
    }
  }
  key = cfn__node(b, CFN_STRING, tag_range);
  map = cfn__node(b, CFN_MAP, range);
  pair = mls_arena_alloc(b->arena, sizeof(*pair));
  if (!key || !map || !pair) {
    cfn__nomem(b);
    return NULL;
  }
  key->flags = CFN_F_SYNTHETIC;
  key->text = mls_span_of(text, keylen);
  pair->key = key;
  pair->value = value;
  map->flags = CFN_F_SHORT_FORM;
  map->text = key->text;
  map->n = 1;
  map->u.pairs = pair;
  return map;
}

/* ---------------------------------------------------------------------- */
/* Reading the tree.                                                       */

const cfn_node *cfn_map_getn(const cfn_node *map, const char *key,
                             size_t keylen)
{
  if (!map || map->kind != CFN_MAP) {
    return NULL;
  }
  for (uint32_t i = 0; i < map->n; i++) {
    const cfn_node *k = map->u.pairs[i].key;
    if (k->text.len == keylen &&
        (keylen == 0 || memcmp(k->text.ptr, key, keylen) == 0)) {
      return map->u.pairs[i].value;
    }
  }
  return NULL;
}

const cfn_node *cfn_map_get(const cfn_node *map, const char *key)
{
  return cfn_map_getn(map, key, strlen(key));
}

bool cfn_is_string(const cfn_node *n, const char *s)
{
  return n && n->kind == CFN_STRING && mls_span_eq(n->text, s);
}

bool cfn_intrinsic(const cfn_node *n, mls_span *name, const cfn_node **arg)
{
  if (!n || n->kind != CFN_MAP || n->n != 1) {
    return false;
  }
  mls_span k = n->u.pairs[0].key->text;
  if (!mls_span_eq(k, "Ref") && !mls_span_eq(k, "Condition") &&
      !starts_with(k, "Fn::")) {
    return false;
  }
  *name = k;
  *arg = n->u.pairs[0].value;
  return true;
}

bool cfn_int64(const cfn_node *n, int64_t *out)
{
  if (!n || n->kind != CFN_INT || !(n->flags & CFN_F_INT64)) {
    return false;
  }
  *out = n->u.i;
  return true;
}
