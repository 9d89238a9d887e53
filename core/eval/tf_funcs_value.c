/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_value.c -- value helpers for the function library.
 *
 * Stage: evaluation. Constructors that stamp the call's range, cty's type
 * conversions (number <-> string, "true"/"false" -> bool), canonical number
 * text (plain positional decimals, as cty's big.Float Text('f', -1) prints
 * them), Terraform equality, the unification and ordering cty applies to
 * lists, sets and maps, UAX #29 grapheme clusters (Terraform counts string
 * lengths in them) and a bounded string builder in the arena.
 *
 * Trusts nothing: recursion is bounded by TF_FN__MAX_DEPTH, every size is
 * checked before it is allocated, strings may hold invalid UTF-8 (such
 * bytes count as one character each).
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"
#include "parsers/hcl/hcl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unictype.h>

/* ---- constructors -------------------------------------------------------- */

static mls_value *stamp(tf_fn__call *c, mls_value *v)
{
  if (v && c->ctx->at) {
    v->range = *c->ctx->at;
  }
  return v;
}

mls_value *tf_fn__null(tf_fn__call *c)
{
  return stamp(c, mls_value_null(c->ctx->arena));
}

mls_value *tf_fn__bool(tf_fn__call *c, bool b)
{
  return stamp(c, mls_value_bool(c->ctx->arena, b));
}

mls_value *tf_fn__str(tf_fn__call *c, mls_span s)
{
  return stamp(c, mls_value_string(c->ctx->arena, s));
}

mls_value *tf_fn__str_borrow(tf_fn__call *c, mls_span s)
{
  return stamp(c, mls_value_string_borrowed(c->ctx->arena, s));
}

/* Canonical text of raw into an arena or stack buffer; *out borrows raw
 * when it is canonical already. False when raw is not a decimal. */
static int canon_text(tf_fn__call *c, mls_span raw, mls_span *out)
{
  char small[64];
  int n = hcl_number_canon(small, sizeof(small), raw);
  char *big;
  size_t cap;

  if (n >= 0) {
    if ((size_t)n == raw.len && memcmp(small, raw.ptr, raw.len) == 0) {
      *out = raw;
      return 1;
    }
    if (!(big = mls_arena_memdup(c->ctx->arena, small, (size_t)n))) {
      return MLS_ENOMEM;
    }
    *out = mls_span_of(big, (size_t)n);
    return 1;
  }
  /* Exponents print as zeros: at most about 1240 more than the input. */
  if (!mls_add_sz(&cap, raw.len, 2600) ||
      !(big = mls_arena_alloc(c->ctx->arena, cap))) {
    return MLS_ENOMEM;
  }
  n = hcl_number_canon(big, cap, raw);
  if (n < 0) {
    return 0;
  }
  *out = mls_span_of(big, (size_t)n);
  return 1;
}

size_t tf_fn__fmt_double(char *buf, size_t cap, double d)
{
  char tmp[40];
  int n, p;

  if (cap < 32 || !isfinite(d)) {
    return 0;
  }
  if (d == 0) {
    buf[0] = '0';
    buf[1] = '\0';
    return 1;
  }
  if (d == trunc(d) && fabs(d) < 9007199254740992.0) {
    n = snprintf(buf, cap, "%lld", (long long)d);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
  }
  /* The shortest digits that read back as d (Go's strconv 'g', -1). */
  for (p = 1; p <= 17; p++) {
    snprintf(tmp, sizeof(tmp), "%.*e", p - 1, d);
    if (strtod(tmp, NULL) == d) {
      break;
    }
  }
  n = hcl_number_canon(buf, cap, mls_span_of(tmp, strlen(tmp)));
  return n > 0 ? (size_t)n : 0;
}

mls_value *tf_fn__num_d(tf_fn__call *c, double d)
{
  char buf[400];
  size_t n = tf_fn__fmt_double(buf, sizeof(buf), d);
  if (n == 0) {
    /* Not finite: callers report that before they get here. */
    n = (size_t)snprintf(buf, sizeof(buf), "%s", d < 0 ? "-inf" : "inf");
  }
  return stamp(c, mls_value_number(c->ctx->arena, d, mls_span_of(buf, n)));
}

mls_value *tf_fn__num_i(tf_fn__call *c, int64_t i)
{
  char buf[32];
  int n = snprintf(buf, sizeof(buf), "%lld", (long long)i);
  return stamp(c, mls_value_number(c->ctx->arena, (double)i,
                                   mls_span_of(buf, (size_t)n)));
}

mls_value *tf_fn__num_text(tf_fn__call *c, double d, mls_span text)
{
  mls_span canon;
  int rc = canon_text(c, text, &canon);
  if (rc < 0) {
    return NULL;
  }
  if (rc == 0) {
    return tf_fn__num_d(c, d);
  }
  return stamp(c, mls_value_number(c->ctx->arena, d, canon));
}

mls_value *tf_fn__list(tf_fn__call *c, mls_value **items, uint32_t n, bool set)
{
  mls_value *v = stamp(c, mls_value_list(c->ctx->arena, items, n));
  if (v && set) {
    v->flags |= MLS_VF_SET;
  }
  return v;
}

mls_value *tf_fn__map(tf_fn__call *c, mls_map_entry *e, uint32_t n)
{
  return stamp(c, mls_value_map(c->ctx->arena, e, n));
}

mls_value *tf_fn__reflag(tf_fn__call *c, const mls_value *v, uint16_t set,
                         uint16_t clear)
{
  mls_value *n = mls_arena_alloc(c->ctx->arena, sizeof(*n));
  if (n) {
    *n = *v;
    n->flags = (uint16_t)((v->flags | set) & ~clear);
  }
  return n;
}

mls_value **tf_fn__items(tf_fn__call *c, size_t n)
{
  size_t bytes;
  if (n > UINT32_MAX || !mls_mul_sz(&bytes, n ? n : 1, sizeof(mls_value *))) {
    return NULL;
  }
  return mls_arena_alloc(c->ctx->arena, bytes);
}

mls_map_entry *tf_fn__entries(tf_fn__call *c, size_t n)
{
  size_t bytes;
  if (n > UINT32_MAX || !mls_mul_sz(&bytes, n ? n : 1, sizeof(mls_map_entry))) {
    return NULL;
  }
  return mls_arena_alloc(c->ctx->arena, bytes);
}

const char *tf_fn__kind(const mls_value *v)
{
  if (!v) {
    return "null";
  }
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
    return (v->flags & MLS_VF_SET) ? "set" : "list";
  case MLS_V_MAP:
    return "map";
  default:
    return "unknown";
  }
}

/* ---- conversions --------------------------------------------------------- */

int tf_fn__num_canon(tf_fn__call *c, const mls_value *v, mls_span *out)
{
  int rc;
  if (v->u.num.text.len > 0) {
    if ((rc = canon_text(c, v->u.num.text, out)) != 0) {
      return rc < 0 ? rc : MLS_OK;
    }
  }
  char buf[400];
  size_t n = tf_fn__fmt_double(buf, sizeof(buf), v->u.num.d);
  char *t = mls_arena_memdup(c->ctx->arena, buf, n);
  if (!t) {
    return MLS_ENOMEM;
  }
  *out = mls_span_of(t, n);
  return MLS_OK;
}

int tf_fn__as_str(tf_fn__call *c, const mls_value *v, mls_span *out)
{
  int rc;
  if (!v) {
    return 0;
  }
  switch (v->kind) {
  case MLS_V_STRING:
    *out = v->u.str;
    return 1;
  case MLS_V_NUMBER:
    return (rc = tf_fn__num_canon(c, v, out)) < 0 ? rc : 1;
  case MLS_V_BOOL:
    *out = v->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    return 1;
  default:
    return 0;
  }
}

int tf_fn__want_str(tf_fn__call *c, mls_value **out, uint32_t i, mls_span *s)
{
  int rc = tf_fn__as_str(c, c->args[i], s);
  if (rc == 0) {
    rc = tf_fn__error(c, out, "argument %u: a string is required, not %s",
                      i + 1, tf_fn__kind(c->args[i]));
    return rc < 0 ? rc : 0;
  }
  return rc;
}

void *tf_fn__grow_one(tf_fn__call *c, tf_fn__grow *g, size_t size)
{
  if (g->n == g->cap) {
    uint32_t ncap = g->cap ? g->cap * 2 : 8;
    size_t bytes;
    void *nv;
    if (g->cap > UINT32_MAX / 2 || !mls_mul_sz(&bytes, ncap, size) ||
        !(nv = mls_arena_alloc(c->ctx->arena, bytes))) {
      return NULL;
    }
    if (g->n) {
      memcpy(nv, g->v, (size_t)g->n * size);
    }
    g->v = nv;
    g->cap = ncap;
  }
  return (char *)g->v + (size_t)g->n++ * size;
}

/* Length of a decimal at s (cty: big.Float.Parse base 10), or 0. */
static size_t decimal_len(mls_span s)
{
  size_t i = 0, digits = 0;
  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    i++;
  }
  while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
    i++;
    digits++;
  }
  if (i < s.len && s.ptr[i] == '.') {
    i++;
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
      i++;
      digits++;
    }
  }
  if (digits == 0) {
    return 0;
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    size_t e = ++i;
    if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
      i++;
      e++;
    }
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
      i++;
    }
    if (i == e) {
      return 0;
    }
  }
  return i == s.len ? i : 0;
}

bool tf_fn__parse_num(mls_span s, double *d)
{
  char small[64];
  char *buf = small, *heap = NULL;
  bool ok;

  if (s.len == 0 || decimal_len(s) != s.len) {
    return false;
  }
  if (s.len >= sizeof(small)) {
    if (!(heap = mls_malloc(s.len + 1))) {
      /* Too long for the stack and no heap: the value is all that is
       * lost, the digits are still a number. */
      *d = nan("");
      return true;
    }
    buf = heap;
  }
  memcpy(buf, s.ptr, s.len);
  buf[s.len] = '\0';
  *d = strtod(buf, NULL);
  ok = true;
  mls_free(heap);
  return ok;
}

int tf_fn__as_num(tf_fn__call *c, const mls_value *v, double *d, mls_span *text)
{
  int rc;
  if (!v) {
    return 0;
  }
  if (v->kind == MLS_V_NUMBER) {
    *d = v->u.num.d;
    if (text && (rc = tf_fn__num_canon(c, v, text)) < 0) {
      return rc;
    }
    return 1;
  }
  if (v->kind != MLS_V_STRING || !tf_fn__parse_num(v->u.str, d)) {
    return 0;
  }
  if (text) {
    mls_span raw = v->u.str;
    if (raw.ptr[0] == '+') {
      raw.ptr++;
      raw.len--;
    }
    if ((rc = canon_text(c, raw, text)) <= 0) {
      return rc;
    }
  }
  return 1;
}

int tf_fn__as_bool(const mls_value *v, bool *out)
{
  if (!v) {
    return 0;
  }
  if (v->kind == MLS_V_BOOL) {
    *out = v->u.b;
    return 1;
  }
  if (v->kind == MLS_V_STRING) {
    if (mls_span_eq(v->u.str, "true") || mls_span_eq(v->u.str, "1")) {
      *out = true;
      return 1;
    }
    if (mls_span_eq(v->u.str, "false") || mls_span_eq(v->u.str, "0")) {
      *out = false;
      return 1;
    }
  }
  return 0;
}

int tf_fn__as_int(tf_fn__call *c, const mls_value *v, int64_t *out)
{
  double d;
  mls_span text;
  int rc = tf_fn__as_num(c, v, &d, &text);

  if (rc <= 0) {
    return rc;
  }
  if (isfinite(d) && d == trunc(d) && fabs(d) < 9007199254740992.0) {
    *out = (int64_t)d;
    return 1;
  }
  /* Past 2^53 the double is not exact: read the canonical digits. */
  size_t i = 0;
  bool neg = text.len > 0 && text.ptr[0] == '-';
  uint64_t acc = 0;
  if (neg) {
    i++;
  }
  if (i == text.len) {
    return 0;
  }
  for (; i < text.len; i++) {
    unsigned dig;
    if (!mls_isdigit((unsigned char)text.ptr[i])) {
      return 0;
    }
    dig = (unsigned)(text.ptr[i] - '0');
    if (acc > (UINT64_MAX - dig) / 10) {
      return 0;
    }
    acc = acc * 10 + dig;
  }
  if (acc > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
    return 0;
  }
  *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
  return 1;
}

/* ---- equality and order -------------------------------------------------- */

int tf_fn__strcmp(mls_span a, mls_span b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  int cmp = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (cmp != 0) {
    return cmp;
  }
  return a.len < b.len ? -1 : a.len > b.len;
}

static bool num_equal(const mls_value *a, const mls_value *b)
{
  char ca[128], cb[128];
  int na, nb;

  if (a->u.num.d != b->u.num.d && !(isnan(a->u.num.d) && isnan(b->u.num.d))) {
    return false;
  }
  if (tf_fn__strcmp(a->u.num.text, b->u.num.text) == 0) {
    return true;
  }
  na = hcl_number_canon(ca, sizeof(ca), a->u.num.text);
  nb = hcl_number_canon(cb, sizeof(cb), b->u.num.text);
  if (na < 0 || nb < 0) {
    return true; /* equal doubles, texts too long to compare here */
  }
  return na == nb && memcmp(ca, cb, (size_t)na) == 0;
}

static const mls_value *map_get(const mls_value *m, mls_span key)
{
  for (uint32_t i = 0; i < m->u.map.n; i++) {
    if (tf_fn__strcmp(m->u.map.entries[i].key, key) == 0) {
      return m->u.map.entries[i].value;
    }
  }
  return NULL;
}

/* Whether m has key (its value may be a NULL pointer, meaning null). */
static bool map_has(const mls_value *m, mls_span key)
{
  for (uint32_t i = 0; i < m->u.map.n; i++) {
    if (tf_fn__strcmp(m->u.map.entries[i].key, key) == 0) {
      return true;
    }
  }
  return false;
}

/* Map equality: same key set, equal values. Maps whose keys come in the
 * same order (the usual case) are compared in one pass; others are sorted
 * first when there is an arena to sort in, so hostile maps cannot make
 * this quadratic. */
static int map_equal(tf_fn__call *c, const mls_value *a, const mls_value *b,
                     int depth)
{
  uint32_t n = a->u.map.n;
  const mls_map_entry *ea = a->u.map.entries, *eb = b->u.map.entries;
  mls_map_entry *sa, *sb;
  uint32_t na, nb;
  bool aligned = true, unknown = false;

  if (n != b->u.map.n) {
    return TF_FN__EQ_NO;
  }
  for (uint32_t i = 0; i < n && aligned; i++) {
    aligned = tf_fn__strcmp(ea[i].key, eb[i].key) == 0;
  }
  if (!aligned && c && n > 16 &&
      tf_fn__sorted_entries(c, a, &sa, &na) == MLS_OK &&
      tf_fn__sorted_entries(c, b, &sb, &nb) == MLS_OK) {
    if (na != nb) {
      return TF_FN__EQ_NO;
    }
    ea = sa;
    eb = sb;
    n = na;
    aligned = true;
    for (uint32_t i = 0; i < n && aligned; i++) {
      aligned = tf_fn__strcmp(ea[i].key, eb[i].key) == 0;
    }
    if (!aligned) {
      return TF_FN__EQ_NO;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    const mls_value *vb = aligned ? eb[i].value : map_get(b, ea[i].key);
    int eq;
    if (!aligned && !vb && !map_has(b, ea[i].key)) {
      return TF_FN__EQ_NO;
    }
    eq = tf_fn__equal(c, ea[i].value, vb, depth + 1);
    if (eq == TF_FN__EQ_NO || eq == TF_FN__EQ_DEEP) {
      return eq;
    }
    unknown = unknown || eq == TF_FN__EQ_UNKNOWN;
  }
  return unknown ? TF_FN__EQ_UNKNOWN : TF_FN__EQ_YES;
}

int tf_fn__equal(tf_fn__call *c, const mls_value *a, const mls_value *b,
                 int depth)
{
  mls_vkind ka = a ? a->kind : MLS_V_NULL, kb = b ? b->kind : MLS_V_NULL;
  bool unknown = false;

  if (depth > TF_FN__MAX_DEPTH) {
    return TF_FN__EQ_DEEP;
  }
  if (ka == MLS_V_UNKNOWN || kb == MLS_V_UNKNOWN) {
    return TF_FN__EQ_UNKNOWN;
  }
  if (ka != kb) {
    return TF_FN__EQ_NO;
  }
  switch (ka) {
  case MLS_V_NULL:
    return TF_FN__EQ_YES;
  case MLS_V_BOOL:
    return a->u.b == b->u.b;
  case MLS_V_NUMBER:
    return num_equal(a, b);
  case MLS_V_STRING:
    return tf_fn__strcmp(a->u.str, b->u.str) == 0;
  case MLS_V_LIST:
    if (a->u.list.n != b->u.list.n) {
      return TF_FN__EQ_NO;
    }
    for (uint32_t i = 0; i < a->u.list.n; i++) {
      int eq =
          tf_fn__equal(c, a->u.list.items[i], b->u.list.items[i], depth + 1);
      if (eq == TF_FN__EQ_NO || eq == TF_FN__EQ_DEEP) {
        return eq;
      }
      unknown = unknown || eq == TF_FN__EQ_UNKNOWN;
    }
    return unknown ? TF_FN__EQ_UNKNOWN : TF_FN__EQ_YES;
  case MLS_V_MAP:
    return map_equal(c, a, b, depth);
  default:
    return TF_FN__EQ_UNKNOWN;
  }
}

static bool is_primitive(const mls_value *v)
{
  return v && (v->kind == MLS_V_STRING || v->kind == MLS_V_NUMBER ||
               v->kind == MLS_V_BOOL);
}

int tf_fn__unify(tf_fn__call *c, mls_value **items, uint32_t n,
                 mls_value ***out)
{
  unsigned kinds = 0;
  bool collections = false;
  mls_value **conv;

  for (uint32_t i = 0; i < n; i++) {
    const mls_value *v = items[i];
    if (is_primitive(v)) {
      kinds |= 1u << v->kind;
    } else if (v && (v->kind == MLS_V_LIST || v->kind == MLS_V_MAP)) {
      collections = true;
    }
  }
  if (kinds && collections) {
    return 0;
  }
  if ((kinds & (kinds - 1)) == 0) { /* zero or one primitive kind */
    *out = items;
    return 1;
  }
  if (!(conv = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    mls_span s;
    int rc;
    conv[i] = items[i];
    if (!is_primitive(items[i]) || items[i]->kind == MLS_V_STRING) {
      continue;
    }
    if ((rc = tf_fn__as_str(c, items[i], &s)) < 0) {
      return rc;
    }
    if (!(conv[i] = tf_fn__str_borrow(c, s))) {
      return MLS_ENOMEM;
    }
  }
  *out = conv;
  return 1;
}

/* qsort order for set elements of one primitive kind; nulls last. */
static int set_order(const void *pa, const void *pb)
{
  const mls_value *a = *(mls_value *const *)pa, *b = *(mls_value *const *)pb;
  bool na = !a || a->kind == MLS_V_NULL, nb = !b || b->kind == MLS_V_NULL;

  if (na || nb) {
    return na - nb;
  }
  switch (a->kind) {
  case MLS_V_STRING:
    return tf_fn__strcmp(a->u.str, b->u.str);
  case MLS_V_NUMBER:
    if (a->u.num.d != b->u.num.d) {
      return a->u.num.d < b->u.num.d ? -1 : 1;
    }
    return tf_fn__strcmp(a->u.num.text, b->u.num.text);
  case MLS_V_BOOL:
    return (int)a->u.b - (int)b->u.b;
  default:
    return 0;
  }
}

int tf_fn__make_set(tf_fn__call *c, mls_value **items, uint32_t n,
                    mls_value **out)
{
  mls_value **uni, **copy;
  uint32_t m = 0;
  bool primitive = true;
  int rc;

  for (uint32_t i = 0; i < n; i++) {
    if (items[i] && items[i]->kind == MLS_V_UNKNOWN) {
      *out = NULL;
      return 1;
    }
    if (items[i] && !is_primitive(items[i]) && items[i]->kind != MLS_V_NULL) {
      primitive = false;
    }
  }
  if ((rc = tf_fn__unify(c, items, n, &uni)) <= 0) {
    return rc;
  }
  if (!(copy = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  if (n > 0) {
    memcpy(copy, uni, (size_t)n * sizeof(*copy));
  }
  if (primitive) {
    qsort(copy, n, sizeof(*copy), set_order);
    for (uint32_t i = 0; i < n; i++) {
      if (m > 0 && tf_fn__equal(c, copy[m - 1], copy[i], 0) == TF_FN__EQ_YES) {
        continue;
      }
      copy[m++] = copy[i];
    }
  } else if ((rc = tf_fn__dedup(c, copy, n, &copy, &m)) < 0) {
    /* Collections: cty orders them by hash; keep first occurrences. */
    return rc;
  }
  *out = tf_fn__list(c, copy, m, true);
  return *out ? 1 : MLS_ENOMEM;
}

/* An entry with its position, so equal keys keep insertion order. */
typedef struct keyed {
  mls_map_entry e; /* the entry, borrowed from the map */
  uint32_t pos;    /* its index in the map */
} keyed;

static int keyed_order(const void *pa, const void *pb)
{
  const keyed *a = pa, *b = pb;
  int cmp = tf_fn__strcmp(a->e.key, b->e.key);
  if (cmp != 0) {
    return cmp;
  }
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int tf_fn__sorted_entries(tf_fn__call *c, const mls_value *m,
                          mls_map_entry **out, uint32_t *n)
{
  uint32_t count = m->u.map.n, k = 0;
  mls_map_entry *res;
  keyed *tmp;
  size_t bytes;

  if (!(res = tf_fn__entries(c, count)) ||
      !mls_mul_sz(&bytes, count ? count : 1, sizeof(keyed)) ||
      !(tmp = mls_arena_alloc(c->ctx->arena, bytes))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < count; i++) {
    tmp[i].e = m->u.map.entries[i];
    tmp[i].pos = i;
  }
  qsort(tmp, count, sizeof(*tmp), keyed_order);
  for (uint32_t i = 0; i < count; i++) {
    if (i + 1 < count && tf_fn__strcmp(tmp[i].e.key, tmp[i + 1].e.key) == 0) {
      continue; /* a later entry with this key wins */
    }
    res[k++] = tmp[i].e;
  }
  *out = res;
  *n = k;
  return MLS_OK;
}

/* ---- hashing and duplicates ---------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t x)
{
  /* splitmix64 finaliser over h ^ x: cheap, and good enough to spread
   * values into runs that are then compared exactly. */
  uint64_t z = h ^ (x + 0x9E3779B97F4A7C15u + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static uint64_t hash_bytes(mls_span s)
{
  uint64_t h = 0xCBF29CE484222325u; /* FNV-1a */
  for (size_t i = 0; i < s.len; i++) {
    h = (h ^ (unsigned char)s.ptr[i]) * 0x100000001B3u;
  }
  return h;
}

/* A hash that equal values (tf_fn__equal) share: numbers hash their double,
 * map entries combine order-independently. */
static uint64_t value_hash(const mls_value *v, int depth);

uint64_t tf_fn__value_hash(const mls_value *v)
{
  return value_hash(v, 0);
}

static uint64_t value_hash(const mls_value *v, int depth)
{
  uint64_t h;
  double d;

  if (!v || depth > TF_FN__MAX_DEPTH) {
    return 1;
  }
  switch (v->kind) {
  case MLS_V_BOOL:
    return v->u.b ? 3 : 2;
  case MLS_V_NUMBER:
    d = v->u.num.d == 0 ? 0 : v->u.num.d; /* -0 hashes as 0 */
    memcpy(&h, &d, sizeof(h));
    return mix(4, h);
  case MLS_V_STRING:
    return mix(5, hash_bytes(v->u.str));
  case MLS_V_LIST:
    h = 6;
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      h = mix(h, value_hash(v->u.list.items[i], depth + 1));
    }
    return h;
  case MLS_V_MAP:
    h = 0;
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      h += mix(hash_bytes(v->u.map.entries[i].key),
               value_hash(v->u.map.entries[i].value, depth + 1));
    }
    return mix(7, h);
  default:
    return 1;
  }
}

/* A position with its value's hash, sorted to find equal values. */
typedef struct hashed {
  uint64_t hash; /* value_hash() of items[pos] */
  uint32_t pos;  /* index into the items */
} hashed;

static int hashed_order(const void *pa, const void *pb)
{
  const hashed *a = pa, *b = pb;
  if (a->hash != b->hash) {
    return a->hash < b->hash ? -1 : 1;
  }
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

int tf_fn__dedup(tf_fn__call *c, mls_value **items, uint32_t n,
                 mls_value ***out, uint32_t *nout)
{
  hashed *h;
  bool *dup;
  mls_value **res;
  size_t bytes;
  uint32_t m = 0;

  if (!mls_mul_sz(&bytes, n ? n : 1, sizeof(*h)) ||
      !(h = mls_arena_alloc(c->ctx->arena, bytes)) ||
      !(dup = mls_arena_zalloc(c->ctx->arena, n ? n : 1)) ||
      !(res = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    h[i].hash = value_hash(items[i], 0);
    h[i].pos = i;
  }
  qsort(h, n, sizeof(*h), hashed_order);
  for (uint32_t i = 0; i < n;) {
    uint32_t end = i;
    while (end < n && h[end].hash == h[i].hash) {
      end++;
    }
    /* Within a run the positions ascend, so the first of equals stays. */
    for (uint32_t j = i + 1; j < end; j++) {
      for (uint32_t k = i; k < j; k++) {
        int eq;
        if (dup[h[k].pos]) {
          continue;
        }
        eq = tf_fn__equal(c, items[h[k].pos], items[h[j].pos], 0);
        if (eq == TF_FN__EQ_DEEP) {
          return MLS_ELIMIT;
        }
        if (eq == TF_FN__EQ_YES) {
          dup[h[j].pos] = true;
          break;
        }
      }
    }
    i = end;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!dup[i]) {
      res[m++] = items[i];
    }
  }
  *out = res;
  *nout = m;
  return MLS_OK;
}

/* ---- grapheme clusters --------------------------------------------------- */

/* Grapheme_Cluster_Break of cp, with the Unicode 11 emoji classes folded
 * the way UAX #29 now defines them. */
static int gcb(uint32_t cp)
{
  int p = uc_graphemeclusterbreak_property(cp);
  switch (p) {
  case GBP_EB:
  case GBP_EBG:
  case GBP_GAZ:
    return GBP_OTHER;
  case GBP_EM:
    return GBP_EXTEND;
  default:
    return p;
  }
}

static bool is_control(int p)
{
  return p == GBP_CONTROL || p == GBP_CR || p == GBP_LF;
}

size_t tf_fn__grapheme_next(const char *s, size_t n, size_t i)
{
  const unsigned char *u = (const unsigned char *)s;
  uint32_t cp;
  size_t len, j;
  int prev, ri, ep;

  /* ASCII other than CR, followed by ASCII (or the end): one byte. */
  if (u[i] < 0x80 && u[i] != '\r' && (i + 1 == n || u[i + 1] < 0x80)) {
    return i + 1;
  }
  if (!(len = mls_utf8_decode(&cp, u + i, u + n))) {
    return i + 1;
  }
  prev = gcb(cp);
  ri = prev == GBP_RI;
  ep = uc_is_property_extended_pictographic(cp) ? 1 : 0;
  for (j = i + len; j < n; j += len) {
    int cur;
    bool join;
    if (!(len = mls_utf8_decode(&cp, u + j, u + n))) {
      break;
    }
    cur = gcb(cp);
    if (prev == GBP_CR && cur == GBP_LF) {
      join = true; /* GB3 */
    } else if (is_control(prev) || is_control(cur)) {
      join = false; /* GB4, GB5 */
    } else if (prev == GBP_L && (cur == GBP_L || cur == GBP_V ||
                                 cur == GBP_LV || cur == GBP_LVT)) {
      join = true; /* GB6 */
    } else if ((prev == GBP_LV || prev == GBP_V) &&
               (cur == GBP_V || cur == GBP_T)) {
      join = true; /* GB7 */
    } else if ((prev == GBP_LVT || prev == GBP_T) && cur == GBP_T) {
      join = true; /* GB8 */
    } else if (cur == GBP_EXTEND || cur == GBP_ZWJ || cur == GBP_SPACINGMARK ||
               prev == GBP_PREPEND) {
      join = true; /* GB9, GB9a, GB9b */
    } else if (ep == 2 && uc_is_property_extended_pictographic(cp)) {
      join = true; /* GB11 */
    } else if (prev == GBP_RI && cur == GBP_RI) {
      join = (ri % 2) == 1; /* GB12, GB13 */
    } else {
      join = false;
    }
    if (!join) {
      break;
    }
    if (uc_is_property_extended_pictographic(cp)) {
      ep = 1;
    } else if (ep == 1 && cur == GBP_ZWJ) {
      ep = 2;
    } else if (!(ep == 1 && cur == GBP_EXTEND)) {
      ep = 0;
    }
    ri = cur == GBP_RI ? ri + 1 : 0;
    prev = cur;
  }
  return j;
}

size_t tf_fn__grapheme_count(mls_span s)
{
  size_t k = 0;
  for (size_t i = 0; i < s.len; i = tf_fn__grapheme_next(s.ptr, s.len, i)) {
    k++;
  }
  return k;
}

/* ---- string builder ------------------------------------------------------ */

void tf_fn__sb_init(tf_fn__sb *sb, tf_fn__call *c)
{
  sb->arena = c->ctx->arena;
  sb->ptr = NULL;
  sb->len = 0;
  sb->cap = 0;
  sb->err = 0;
}

static bool sb_reserve(tf_fn__sb *sb, size_t n)
{
  size_t need, ncap;
  char *np;

  if (sb->err) {
    return false;
  }
  if (!mls_add_sz(&need, sb->len, n) || need > MLS_MAX_FUNC_STRING_BYTES) {
    sb->err = MLS_ELIMIT;
    return false;
  }
  if (need <= sb->cap) {
    return true;
  }
  ncap = sb->cap < 64 ? 64 : sb->cap * 2;
  if (ncap < need) {
    ncap = need;
  }
  if (ncap > MLS_MAX_FUNC_STRING_BYTES) {
    ncap = MLS_MAX_FUNC_STRING_BYTES;
  }
  if (!(np = mls_arena_alloc(sb->arena, ncap))) {
    sb->err = MLS_ENOMEM;
    return false;
  }
  if (sb->len) {
    memcpy(np, sb->ptr, sb->len);
  }
  sb->ptr = np;
  sb->cap = ncap;
  return true;
}

void tf_fn__sb_put(tf_fn__sb *sb, const void *p, size_t n)
{
  if (n && sb_reserve(sb, n)) {
    memcpy(sb->ptr + sb->len, p, n);
    sb->len += n;
  }
}

void tf_fn__sb_putc(tf_fn__sb *sb, char ch)
{
  if (sb_reserve(sb, 1)) {
    sb->ptr[sb->len++] = ch;
  }
}

void tf_fn__sb_puts(tf_fn__sb *sb, const char *s)
{
  tf_fn__sb_put(sb, s, strlen(s));
}

void tf_fn__sb_span(tf_fn__sb *sb, mls_span s)
{
  tf_fn__sb_put(sb, s.ptr, s.len);
}

void tf_fn__sb_printf(tf_fn__sb *sb, const char *fmt, ...)
{
  char buf[128];
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  /* Only short numeric conversions come here; a longer one is cut. */
  if (n > 0) {
    tf_fn__sb_put(sb, buf,
                  (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
  }
}

int tf_fn__sb_result(tf_fn__call *c, tf_fn__sb *sb, mls_value **out)
{
  if (sb->err) {
    return sb->err;
  }
  *out = tf_fn__str_borrow(c, mls_span_of(sb->ptr, sb->len));
  return *out ? MLS_OK : MLS_ENOMEM;
}
