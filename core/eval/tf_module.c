/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_module.c -- module instances: variables, locals, outputs,
 * resources and data sources with count/for_each, dynamic blocks, local
 * module calls; and the walk that turns them into the resource model.
 *
 * Stage: evaluation. Everything is evaluated on demand and memoised, the
 * way Terraform's graph walk orders it: a reference to local.x evaluates x
 * (once), a reference to aws_s3_bucket.b.arn expands b's count/for_each and
 * evaluates the selected instance's body. A reference back to something
 * being evaluated is a cycle: an unknown value and a diagnostic. Module
 * calls with a local source ("./", "../") are loaded through the loader
 * and instantiated per count/for_each key with the arguments passed; any
 * other source is remote and its outputs are unknown. Once the tree is
 * built, resources are emitted in declaration order (a module's own
 * resources, then its calls in order), so the model does not depend on
 * the order references happened to be followed. References to resources
 * collected while evaluating each body become mls_edges.
 */
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ----------------------------------------------------- */

/* Whether depends_on's expression is what Terraform takes: a list whose
 * items are each a reference (a traversal from a name, literal keys). */
static bool static_refs(const hcl_expr *e)
{
  if (e->kind != HCL_EXPR_TUPLE) {
    return false;
  }
  for (uint32_t i = 0; i < e->u.tuple.n; i++) {
    if (e->u.tuple.items[i]->kind != HCL_EXPR_SCOPE_TRAVERSAL) {
      return false;
    }
  }
  return true;
}

static const char *arena_printf(tf_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *arena_printf(tf_ctx *c, const char *fmt, ...)
{
  char buf[MLS_MAX_DIAG_MESSAGE];
  va_list ap;
  const char *s;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  s = mls_arena_strndup(c->a, buf, strlen(buf));
  if (!s) {
    tf__fail(c, MLS_ENOMEM);
    return "out of memory";
  }
  return s;
}

static const tf_aref *body_attr(const tf_mbody *b, const char *name)
{
  for (uint32_t i = 0; i < b->nattrs; i++) {
    if (mls_span_eq(b->attrs[i].attr->name, name)) {
      return &b->attrs[i];
    }
  }
  return NULL;
}

static bool span_equal(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* The path buffer names the attribute being evaluated for edges. */
static size_t path_push(tf_ctx *c, mls_span seg)
{
  size_t old = c->path.len;
  int rc = old ? mls_buf_putc(&c->path, '.') : MLS_OK;
  if (rc == MLS_OK) {
    rc = mls_buf_put(&c->path, seg.ptr, seg.len);
  }
  if (rc < 0) {
    /* A path past its bound is dropped, not fatal: edges lose it. A heap
     * that failed fails the evaluation, or its edges would be silently
     * missing from a model that looks whole. */
    if (rc == MLS_ENOMEM) {
      tf__fail(c, MLS_ENOMEM);
    }
    mls_buf_clear(&c->path);
    old = 0;
  }
  c->path_str = NULL;
  return old;
}

size_t tf__path_push_index(tf_ctx *c, uint32_t i)
{
  char num[16];
  int n = snprintf(num, sizeof(num), "%u", i);
  return path_push(c, mls_span_of(num, (size_t)(n > 0 ? n : 0)));
}

size_t tf__path_push_key(tf_ctx *c, mls_span key)
{
  return path_push(c, key);
}

void tf__path_pop(tf_ctx *c, size_t old)
{
  if (old <= c->path.len) {
    c->path.len = old;
    if (c->path.ptr) {
      c->path.ptr[old] = '\0';
    }
  }
  c->path_str = NULL;
}

/* Saved reference-collection state around a nested evaluation. */
typedef struct sink_save {
  tf_refs *sink;        /* the outer sink */
  mls_buf path;         /* the outer path buffer */
  const char *path_str; /* its materialised form */
} sink_save;

static void sink_enter(tf_ctx *c, sink_save *sv, tf_refs *inner)
{
  sv->sink = c->sink;
  sv->path = c->path;
  sv->path_str = c->path_str;
  c->sink = inner;
  mls_buf_init(&c->path, MLS_MAX_DIAG_MESSAGE);
  c->path_str = NULL;
}

static void sink_leave(tf_ctx *c, sink_save *sv)
{
  mls_buf_dispose(&c->path);
  c->sink = sv->sink;
  c->path = sv->path;
  c->path_str = sv->path_str;
}

/* ---- memoised values --------------------------------------------------- */

static mls_value *cycle(tf_ctx *c, uint32_t file, const mls_range *r,
                        const char *what, mls_span name)
{
  tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, file, r,
           "%s \"%.*s\" refers to itself (a reference cycle); its value is "
           "unknown",
           what, (int)name.len, name.ptr);
  return tf__unknown(c, file, r, "reference cycle");
}

/* Evaluate `e` as memo `m` in scope `s` and return the value, adding its
 * references to the caller's sink. */
static mls_value *memo_eval(tf_ctx *c, tf_memo *m, const tf_scope *s,
                            const hcl_expr *e)
{
  tf_refs refs = { NULL, 0, 0 };
  sink_save sv;
  mls_value *v;
  uint32_t quiet = c->quiet;
  sink_enter(c, &sv, &refs);
  /* Evaluated once, for whoever asks first: its diagnostics are its own,
   * not silenced because that was inside try() (see loud()). */
  c->quiet = 0;
  v = tf__eval(c, s, e);
  c->quiet = quiet;
  sink_leave(c, &sv);
  m->v = v;
  m->refs = refs.v;
  m->nrefs = refs.n;
  m->state = TF_S_DONE;
  return v;
}

static mls_value *memo_use(tf_ctx *c, tf_memo *m)
{
  tf__refs_add_all(c, m->refs, m->nrefs);
  return m->v;
}

static void scope_init(tf_scope *s, tf_minst *mi, uint32_t file)
{
  memset(s, 0, sizeof(*s));
  s->mi = mi;
  s->file = file;
}

/* ---- count and for_each ------------------------------------------------ */

/* The instance keys a count or for_each gives. */
typedef struct keyset {
  uint8_t shape;    /* tf_shape */
  bool deployed;    /* false: no instance (a representative is kept) */
  bool is_count;    /* from count (keys are numbers) */
  uint32_t n;       /* keys */
  mls_value **keys; /* ctx arena */
  mls_value **vals; /* ctx arena: each.value per key (for_each) */
  const char *why;  /* UNKNOWN: why the keys are unknown */
  tf_refs refs;     /* references the for_each made (none for count) */
} keyset;

static bool keyset_alloc(tf_ctx *c, keyset *ks, uint32_t n)
{
  ks->n = n;
  if (!n) {
    return true;
  }
  ks->keys = mls_arena_zalloc(c->a, (size_t)n * sizeof(*ks->keys));
  ks->vals = mls_arena_zalloc(c->a, (size_t)n * sizeof(*ks->vals));
  if (!ks->keys || !ks->vals) {
    tf__fail(c, MLS_ENOMEM);
    return false;
  }
  return true;
}

static void keyset_unknown(tf_ctx *c, keyset *ks, const char *why)
{
  ks->shape = TF_SH_UNKNOWN;
  ks->deployed = true;
  ks->why = why;
  if (keyset_alloc(c, ks, 1)) {
    ks->keys[0] = tf__unknown(c, TF_NO_FILE, NULL, why);
    ks->vals[0] = ks->keys[0];
  }
}

/* Insertion of a string key into a sorted, duplicate-free array. */
static bool sorted_insert(mls_value **keys, uint32_t *n, mls_value *k)
{
  uint32_t lo = 0, hi = *n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    int r = mls_span_cmp(keys[mid]->u.str, k->u.str);
    if (r == 0) {
      return false;
    }
    if (r < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  memmove(&keys[lo + 1], &keys[lo], (size_t)(*n - lo) * sizeof(*keys));
  keys[lo] = k;
  (*n)++;
  return true;
}

static void expand_keys(tf_ctx *c, tf_minst *mi, const tf_mbody *body,
                        mls_span what, keyset *ks)
{
  const tf_aref *cnt = body_attr(body, "count");
  const tf_aref *fe = body_attr(body, "for_each");
  tf_refs none = { NULL, 0, 0 };
  sink_save sv;
  tf_scope s;
  mls_value *v;

  memset(ks, 0, sizeof(*ks));
  ks->deployed = true;
  if (!cnt && !fe) {
    ks->shape = TF_SH_SINGLE;
    keyset_alloc(c, ks, 1);
    return;
  }
  /* References made by count and for_each are not body attributes; they
   * do not become edges themselves. A for_each's are kept: each.value is
   * one of its elements, and an attribute that uses it refers to what the
   * element came from (eval_scope). */
  sink_enter(c, &sv, cnt ? &none : &ks->refs);
  scope_init(&s, mi, cnt ? cnt->file : fe->file);
  v = tf__eval(c, &s, cnt ? cnt->attr->expr : fe->attr->expr);
  sink_leave(c, &sv);
  if (c->fail) {
    return;
  }
  if (v->kind == MLS_V_UNKNOWN) {
    const char *why = v->u.unknown.why;
    /* One level of "count of a is unknown: count of b is unknown: ..."
     * says enough; keep the innermost block's reason. */
    if (strncmp(why, "count of ", 9) != 0 &&
        strncmp(why, "for_each of ", 12) != 0) {
      why = arena_printf(c, "%s of %.*s is unknown: %s",
                         cnt ? "count" : "for_each", (int)what.len, what.ptr,
                         why);
    }
    keyset_unknown(c, ks, why);
    ks->is_count = cnt != NULL;
    return;
  }
  if (cnt) {
    double d;
    ks->is_count = true;
    ks->shape = TF_SH_LIST;
    /* floor(), not a cast: a count past 2^64 (or NaN) cannot be cast. */
    if (!tf__as_number(v, &d)) {
      /* Terraform: "number required" (a bool does not convert). */
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, cnt->file,
               &cnt->attr->expr->range,
               "count must be a number, not %s (Terraform refuses it)",
               v->kind == MLS_V_BOOL     ? "a bool"
               : v->kind == MLS_V_STRING ? "a string that is no number"
               : v->kind == MLS_V_NULL   ? "null"
                                         : "a collection");
      keyset_unknown(c, ks, "error: count is not a number");
      return;
    }
    if (!(d >= 0) || d != floor(d)) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, cnt->file,
               &cnt->attr->expr->range,
               "count must be a whole number of zero or more");
      keyset_unknown(c, ks, "error: count is not a whole number");
      return;
    }
    if (d > MLS_MAX_EXPANSION) {
      tf__diag(c, MLS_ELIMIT, MLS_SEV_WARNING, cnt->file,
               &cnt->attr->expr->range,
               "count %.0f is more than %d instances; one representative "
               "instance is evaluated",
               d, MLS_MAX_EXPANSION);
      keyset_unknown(c, ks, "count exceeds the expansion limit");
      return;
    }
    if (!keyset_alloc(c, ks, (uint32_t)d)) {
      return;
    }
    for (uint32_t i = 0; i < ks->n; i++) {
      ks->keys[i] = mls_value_number_d(c->a, (double)i);
      if (!ks->keys[i]) {
        tf__fail(c, MLS_ENOMEM);
        return;
      }
    }
    ks->deployed = ks->n > 0;
    return;
  }
  ks->shape = TF_SH_MAP;
  if (v->kind == MLS_V_MAP) {
    uint32_t *order;
    if (v->u.map.n > MLS_MAX_EXPANSION) {
      tf__diag(c, MLS_ELIMIT, MLS_SEV_WARNING, fe->file, &fe->attr->expr->range,
               "for_each has more than %d elements; one representative "
               "instance is evaluated",
               MLS_MAX_EXPANSION);
      keyset_unknown(c, ks, "for_each exceeds the expansion limit");
      return;
    }
    if (!keyset_alloc(c, ks, v->u.map.n)) {
      return;
    }
    order = tf__sorted_keys(c, v);
    for (uint32_t i = 0; i < ks->n && order; i++) {
      const mls_map_entry *en = &v->u.map.entries[order[i]];
      ks->keys[i] = mls_value_string_borrowed(c->a, en->key);
      ks->vals[i] = en->value;
      if (!ks->keys[i]) {
        tf__fail(c, MLS_ENOMEM);
        return;
      }
    }
    ks->deployed = ks->n > 0;
    return;
  }
  if (v->kind == MLS_V_LIST) {
    uint32_t n = 0;
    mls_value **keys;
    if (v->u.list.n > MLS_MAX_EXPANSION) {
      tf__diag(c, MLS_ELIMIT, MLS_SEV_WARNING, fe->file, &fe->attr->expr->range,
               "for_each has more than %d elements; one representative "
               "instance is evaluated",
               MLS_MAX_EXPANSION);
      keyset_unknown(c, ks, "for_each exceeds the expansion limit");
      return;
    }
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      mls_value *x = v->u.list.items[i];
      if (x->kind == MLS_V_UNKNOWN) {
        keyset_unknown(c, ks,
                       arena_printf(c,
                                    "for_each of %.*s has unknown "
                                    "elements: %s",
                                    (int)what.len, what.ptr, x->u.unknown.why));
        return;
      }
      if (x->kind != MLS_V_STRING) {
        tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, fe->file,
                 &fe->attr->expr->range,
                 "for_each over a set needs strings (use a map for other "
                 "values)");
        keyset_unknown(c, ks, "error: for_each set of non-strings");
        return;
      }
    }
    if (!keyset_alloc(c, ks, v->u.list.n)) {
      return;
    }
    keys = ks->keys;
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      sorted_insert(keys, &n, v->u.list.items[i]);
    }
    ks->n = n;
    for (uint32_t i = 0; i < n; i++) {
      ks->vals[i] = ks->keys[i]; /* a set's each.value is each.key */
    }
    ks->deployed = n > 0;
    return;
  }
  tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, fe->file, &fe->attr->expr->range,
           "for_each must be a map or a set of strings%s",
           v->kind == MLS_V_NULL ? ", not null" : "");
  keyset_unknown(c, ks, "error: for_each is not a map or set");
}

/* "[0]", "[\"k\"]" or "[*]" after an address, by key. */
static int put_key(mls_buf *b, const mls_value *key)
{
  if (!key) {
    return MLS_OK;
  }
  if (key->kind == MLS_V_NUMBER) {
    return mls_buf_printf(b, "[%.*s]", (int)key->u.num.text.len,
                          key->u.num.text.ptr);
  }
  if (key->kind == MLS_V_STRING) {
    int rc = mls_buf_putc(b, '[');
    if (rc >= 0) {
      rc = tf__quote_key(b, key->u.str);
    }
    return rc < 0 ? rc : mls_buf_putc(b, ']');
  }
  return mls_buf_puts(b, "[*]");
}

static mls_span make_addr(tf_ctx *c, mls_span prefix, const char *kind,
                          mls_span type, mls_span name, const mls_value *key)
{
  mls_buf b = MLS_BUF_INIT(1u << 16);
  mls_span out = { "", 0 };
  char *s;
  int rc = MLS_OK;
  if (prefix.len) {
    rc = mls_buf_put(&b, prefix.ptr, prefix.len);
    if (rc >= 0) {
      rc = mls_buf_putc(&b, '.');
    }
  }
  if (rc >= 0 && kind) {
    rc = mls_buf_puts(&b, kind);
  }
  if (rc >= 0 && type.len) {
    rc = mls_buf_put(&b, type.ptr, type.len);
    if (rc >= 0) {
      rc = mls_buf_putc(&b, '.');
    }
  }
  if (rc >= 0) {
    rc = mls_buf_put(&b, name.ptr, name.len);
  }
  if (rc >= 0) {
    rc = put_key(&b, key);
  }
  if (rc >= 0 && (s = mls_arena_strndup(c->a, b.ptr, b.len))) {
    out = mls_span_of(s, b.len);
  } else {
    tf__fail(c, MLS_ENOMEM);
  }
  mls_buf_dispose(&b);
  return out;
}

/* ---- resources --------------------------------------------------------- */

static bool count_instance(tf_ctx *c, uint32_t n)
{
  if (c->ninst + n > MLS_MAX_INSTANCES) {
    if (!c->fail) {
      c->quiet = 0;
      tf__diag(c, MLS_ELIMIT, MLS_SEV_ERROR, TF_NO_FILE, NULL,
               "the module tree expands to more than %u instances; it is "
               "not evaluated",
               (unsigned)MLS_MAX_INSTANCES);
    }
    tf__fail(c, MLS_ELIMIT);
    return false;
  }
  c->ninst += n;
  return true;
}

static void expand_res_now(tf_ctx *c, tf_rstate *rs)
{
  const tf_decl *d = rs->decl;
  keyset ks;
  if (rs->state != TF_S_NONE) {
    return;
  }
  rs->state = TF_S_BUSY;
  expand_keys(c, rs->mi, &d->body, d->name, &ks);
  if (c->fail) {
    rs->state = TF_S_DONE;
    return;
  }
  rs->shape = ks.shape;
  rs->deployed = ks.deployed;
  rs->each_refs = ks.refs;
  /* No instance at all keeps one undeployed representative, so the
   * configuration still shows in the model. */
  if (!ks.deployed && ks.n == 0) {
    keyset_unknown(c, &ks,
                   ks.is_count ? "count is 0: no instance"
                               : "for_each is empty: no instance");
    ks.deployed = false;
  }
  if (!count_instance(c, ks.n) ||
      !(rs->inst = mls_arena_zalloc(c->a, (size_t)ks.n * sizeof(tf_rinst)))) {
    tf__fail(c, c->fail ? c->fail : MLS_ENOMEM);
    rs->state = TF_S_DONE;
    return;
  }
  rs->n = ks.n;
  for (uint32_t i = 0; i < ks.n; i++) {
    tf_rinst *ri = &rs->inst[i];
    ri->key = rs->shape == TF_SH_SINGLE ? NULL : ks.keys[i];
    ri->each_value = ks.is_count ? NULL : ks.vals[i];
    ri->model_index = -1;
    ri->addr =
        make_addr(c, rs->mi->addr, d->data ? "data." : NULL, d->type, d->name,
                  rs->deployed || rs->shape == TF_SH_UNKNOWN ? ri->key : NULL);
  }
  rs->state = TF_S_DONE;
}

/* A resource's instances, a resource instance's body and a module call's
 * expansion are evaluated once, for whichever expression refers to them
 * first. When that expression is inside try() or can(), or a branch of a
 * condition not yet known, its diagnostics are silenced (c->quiet) -- but
 * the configuration's own errors in what it refers to are not its to
 * silence, and they would be lost for good: the result is kept. So these
 * evaluate loud, as Terraform evaluates each graph node on its own, and a
 * diagnostic does not depend on which expression came first. */
static void expand_res(tf_ctx *c, tf_rstate *rs)
{
  uint32_t quiet = c->quiet;
  c->quiet = 0;
  expand_res_now(c, rs);
  c->quiet = quiet;
}

static bool is_meta_attr(mls_span n)
{
  return mls_span_eq(n, "count") || mls_span_eq(n, "for_each") ||
         mls_span_eq(n, "provider") || mls_span_eq(n, "depends_on");
}

static bool is_meta_block(mls_span n)
{
  return mls_span_eq(n, "lifecycle") || mls_span_eq(n, "provisioner") ||
         mls_span_eq(n, "connection");
}

/* A body to evaluate: a merged top-level body or a nested block's. */
typedef struct bview {
  const tf_mbody *mb; /* merged body, or NULL */
  const hcl_body *hb; /* nested body (mb == NULL) */
  uint32_t file;      /* tf_file id of hb */
} bview;

static uint32_t bv_nattrs(const bview *v)
{
  return v->mb ? v->mb->nattrs : v->hb ? v->hb->nattrs : 0;
}

static uint32_t bv_nblocks(const bview *v)
{
  return v->mb ? v->mb->nblocks : v->hb ? v->hb->nblocks : 0;
}

static const hcl_attr *bv_attr(const bview *v, uint32_t i, uint32_t *file)
{
  if (v->mb) {
    *file = v->mb->attrs[i].file;
    return v->mb->attrs[i].attr;
  }
  *file = v->file;
  return &v->hb->attrs[i];
}

static const hcl_block *bv_block(const bview *v, uint32_t i, uint32_t *file)
{
  if (v->mb) {
    *file = v->mb->blocks[i].file;
    return v->mb->blocks[i].block;
  }
  *file = v->file;
  return &v->hb->blocks[i];
}

/* Entries of one body under construction. */
typedef struct ebuild {
  mls_map_entry *v; /* ctx arena */
  uint32_t n;
  uint32_t cap;
} ebuild;

static mls_map_entry *eb_find(ebuild *eb, mls_span k)
{
  for (uint32_t i = 0; i < eb->n; i++) {
    if (span_equal(eb->v[i].key, k)) {
      return &eb->v[i];
    }
  }
  return NULL;
}

static bool eb_put(tf_ctx *c, ebuild *eb, mls_span k, mls_value *v)
{
  if (eb->n == eb->cap) {
    uint32_t ncap = eb->cap ? eb->cap * 2 : 8;
    mls_map_entry *nv = mls_arena_alloc(c->a, (size_t)ncap * sizeof(*nv));
    if (!nv) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    if (eb->n) {
      memcpy(nv, eb->v, (size_t)eb->n * sizeof(*nv));
    }
    eb->v = nv;
    eb->cap = ncap;
  }
  eb->v[eb->n].key = k;
  eb->v[eb->n].value = v;
  eb->n++;
  return true;
}

/* Append one block map to the block list named `type` in eb. */
static bool eb_add_block(tf_ctx *c, ebuild *eb, mls_span type, mls_value *blk)
{
  mls_map_entry *en = eb_find(eb, type);
  mls_value *list;
  mls_value **items;
  if (!en) {
    if (!(list = mls_value_list(c->a, NULL, 0))) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    list->flags = MLS_VF_BLOCK;
    list->file = blk->file;
    list->range = blk->range;
    if (!eb_put(c, eb, type, list)) {
      return false;
    }
    en = &eb->v[eb->n - 1];
  }
  list = en->value;
  if (list->kind != MLS_V_LIST || !(list->flags & MLS_VF_BLOCK)) {
    return true; /* an attribute of the same name wins; Terraform rejects */
  }
  /* Blocks of one type are few; copying the array on each add is fine. */
  if (!(items = mls_arena_alloc(c->a, ((size_t)list->u.list.n + 1) *
                                          sizeof(*items)))) {
    tf__fail(c, MLS_ENOMEM);
    return false;
  }
  if (list->u.list.n) {
    memcpy(items, list->u.list.items, list->u.list.n * sizeof(*items));
  }
  items[list->u.list.n] = blk;
  list->u.list.items = items;
  list->u.list.n++;
  return true;
}

static mls_value *eval_body(tf_ctx *c, const tf_scope *s, const bview *bv,
                            bool top, const mls_range *range, int depth);

/* A block's own map, from its body. */
static mls_value *eval_block(tf_ctx *c, const tf_scope *s, const hcl_block *b,
                             uint32_t file, int depth)
{
  bview nb = { NULL, b->body, file };
  tf_scope in = *s;
  in.file = file;
  return eval_body(c, &in, &nb, false, &b->range, depth + 1);
}

/* Expand `dynamic "type" { for_each, iterator, content }` into eb. */
static void eval_dynamic(tf_ctx *c, const tf_scope *s, const hcl_block *b,
                         uint32_t file, ebuild *eb, int depth)
{
  const hcl_body *body = b->body;
  const hcl_attr *fe = NULL, *itn = NULL;
  const hcl_block *content = NULL;
  mls_span type = b->labels[0].value, iter = type;
  tf_scope in = *s;
  mls_value *coll;
  uint32_t n, *order = NULL;
  tf_bind bind;

  in.file = file;
  for (uint32_t i = 0; body && i < body->nattrs; i++) {
    if (mls_span_eq(body->attrs[i].name, "for_each")) {
      fe = &body->attrs[i];
    } else if (mls_span_eq(body->attrs[i].name, "iterator")) {
      itn = &body->attrs[i];
    }
  }
  for (uint32_t i = 0; body && i < body->nblocks; i++) {
    if (mls_span_eq(body->blocks[i].type, "content")) {
      content = &body->blocks[i];
    }
  }
  if (!fe || !content) {
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, file, &b->type_range,
             "a dynamic block needs for_each and a content block");
    return;
  }
  if (itn && itn->expr->kind == HCL_EXPR_SCOPE_TRAVERSAL &&
      itn->expr->u.scope.nsteps == 0) {
    iter = itn->expr->u.scope.root;
  }
  coll = tf__eval(c, &in, fe->expr);
  if (c->fail) {
    return;
  }
  bind.name = iter;
  bind.next = s->binds;
  in.binds = &bind;
  if (coll->kind == MLS_V_UNKNOWN || coll->kind == MLS_V_NULL ||
      (coll->kind != MLS_V_LIST && coll->kind != MLS_V_MAP)) {
    /* One representative block: its iterator's key and value unknown. */
    mls_map_entry *it = mls_arena_alloc(c->a, 2 * sizeof(*it));
    mls_value *u;
    if (coll->kind != MLS_V_UNKNOWN) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, file, &fe->expr->range,
               "a dynamic block's for_each must be a collection%s",
               coll->kind == MLS_V_NULL ? ", not null" : "");
      return;
    }
    u = tf__unknown(c, file, &fe->expr->range, coll->u.unknown.why);
    if (!it || c->fail) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    it[0].key = mls_span_of("key", 3);
    it[0].value = u;
    it[1].key = mls_span_of("value", 5);
    it[1].value = u;
    bind.v = mls_value_map(c->a, it, 2);
    if (!bind.v) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    {
      mls_value *blk = eval_block(c, &in, content, file, depth);
      if (!c->fail && blk->kind == MLS_V_MAP) {
        blk->flags |= MLS_VF_MAYBE; /* none of it, one or several */
      }
      eb_add_block(c, eb, type, blk);
    }
    return;
  }
  n = coll->kind == MLS_V_LIST ? coll->u.list.n : coll->u.map.n;
  if (n > MLS_MAX_EXPANSION) {
    tf__diag(c, MLS_ELIMIT, MLS_SEV_WARNING, file, &fe->expr->range,
             "a dynamic block over more than %d elements; only the first "
             "are evaluated",
             MLS_MAX_EXPANSION);
    n = MLS_MAX_EXPANSION;
  }
  if (coll->kind == MLS_V_MAP && n && !(order = tf__sorted_keys(c, coll))) {
    return;
  }
  for (uint32_t i = 0; i < n && !c->fail; i++) {
    mls_map_entry *it = mls_arena_alloc(c->a, 2 * sizeof(*it));
    size_t old;
    if (!it) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    it[0].key = mls_span_of("key", 3);
    it[1].key = mls_span_of("value", 5);
    if (coll->kind == MLS_V_LIST) {
      it[1].value = coll->u.list.items[i];
      it[0].value = (coll->flags & MLS_VF_SET)
                        ? it[1].value
                        : mls_value_number_d(c->a, (double)i);
    } else {
      const mls_map_entry *en = &coll->u.map.entries[order[i]];
      it[0].value = mls_value_string_borrowed(c->a, en->key);
      it[1].value = en->value;
    }
    if (!it[0].value || !(bind.v = mls_value_map(c->a, it, 2))) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    {
      mls_map_entry *en = eb_find(eb, type);
      uint32_t idx =
          en && en->value->kind == MLS_V_LIST ? en->value->u.list.n : 0;
      old = path_push(c, type);
      tf__path_push_index(c, idx);
      eb_add_block(c, eb, type, eval_block(c, &in, content, file, depth));
      tf__path_pop(c, old);
    }
  }
}

static mls_value *eval_body(tf_ctx *c, const tf_scope *s, const bview *bv,
                            bool top, const mls_range *range, int depth)
{
  ebuild eb = { NULL, 0, 0 };
  mls_value *map;
  uint32_t na = bv_nattrs(bv), nb = bv_nblocks(bv);

  if (depth > MLS_MAX_NESTING) {
    return tf__unknown(c, s->file, range, "error: blocks nested too deep");
  }
  for (uint32_t i = 0; i < na && !c->fail; i++) {
    uint32_t file;
    const hcl_attr *at = bv_attr(bv, i, &file);
    tf_scope in = *s;
    size_t old;
    mls_value *v;
    if (top && is_meta_attr(at->name)) {
      continue;
    }
    in.file = file;
    old = path_push(c, at->name);
    c->index_items = at->expr;
    v = tf__eval(c, &in, at->expr);
    c->index_items = NULL;
    tf__path_pop(c, old);
    if (!eb_put(c, &eb, at->name, v)) {
      break;
    }
  }
  for (uint32_t i = 0; i < nb && !c->fail; i++) {
    uint32_t file;
    const hcl_block *b = bv_block(bv, i, &file);
    if (top && is_meta_block(b->type)) {
      continue;
    }
    if (mls_span_eq(b->type, "dynamic") && b->nlabels == 1) {
      eval_dynamic(c, s, b, file, &eb, depth);
      continue;
    }
    {
      mls_map_entry *en = eb_find(&eb, b->type);
      uint32_t idx =
          en && en->value->kind == MLS_V_LIST ? en->value->u.list.n : 0;
      size_t old = path_push(c, b->type);
      tf__path_push_index(c, idx);
      eb_add_block(c, &eb, b->type, eval_block(c, s, b, file, depth));
      tf__path_pop(c, old);
    }
  }
  if (c->fail) {
    return c->oom;
  }
  if (!(map = mls_value_map(c->a, eb.v, eb.n))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  map->flags = TF_VF_OPEN | (top ? 0 : MLS_VF_BLOCK);
  map->file = tf__model_file(c, s->file);
  if (range) {
    map->range = *range;
  }
  return map;
}

/* Whether the body of ri references, at attribute attr, something the
 * configuration creates (a resource, not a data source). */
static bool refs_created(const tf_rinst *ri, const char *attr)
{
  size_t n = strlen(attr);
  for (uint32_t i = 0; i < ri->refs.n; i++) {
    const tf_ref *r = &ri->refs.v[i];
    if (r->to && r->to->decl && !r->to->decl->data && r->path &&
        strncmp(r->path, attr, n) == 0 &&
        (r->path[n] == '\0' || r->path[n] == '.')) {
      return true;
    }
  }
  return false;
}

/* The body of instance i of rs, evaluated once. */
static mls_value *inst_body_now(tf_ctx *c, tf_rstate *rs, uint32_t i)
{
  tf_rinst *ri = &rs->inst[i];
  const tf_decl *d = rs->decl;
  bview bv = { &d->body, NULL, d->file };
  mls_value *count_index = NULL;
  sink_save sv;
  tf_scope s;
  mls_value *body;
  const tf_aref *dep;

  if (ri->body.state == TF_S_DONE) {
    return ri->body.v;
  }
  if (ri->body.state == TF_S_BUSY) {
    return cycle(c, d->file, &d->block->type_range,
                 d->data ? "data source" : "resource", d->name);
  }
  ri->body.state = TF_S_BUSY;
  scope_init(&s, rs->mi, d->file);
  if (rs->shape == TF_SH_LIST ||
      (rs->shape == TF_SH_UNKNOWN && body_attr(&d->body, "count"))) {
    count_index = ri->key;
    s.count_index = count_index;
  } else if (rs->shape == TF_SH_MAP || rs->shape == TF_SH_UNKNOWN) {
    s.each_key = ri->key;
    s.each_value = ri->each_value;
    s.each_refs = &rs->each_refs;
  }
  sink_enter(c, &sv, &ri->refs);
  /* Terraform never evaluates a block with no instance; its errors (an
   * index into an empty list, say) are not the configuration's, so the
   * representative is evaluated without diagnostics. */
  c->quiet += rs->deployed ? 0 : 1;
  body = eval_body(c, &s, &bv, true, &d->block->range, 0);
  if ((dep = body_attr(&d->body, "depends_on")) != NULL) {
    tf_scope ds = s;
    size_t old = path_push(c, mls_span_of("depends_on", 10));
    bool fixed = static_refs(dep->attr->expr);
    ds.file = dep->file;
    if (!fixed) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, dep->file,
               &dep->attr->expr->range,
               "depends_on must be a static list of references, not an "
               "expression (Terraform refuses it)");
    }
    /* Its references are still edges; what it would evaluate to is not
     * Terraform's concern, so not ours either. */
    c->quiet += fixed ? 0 : 1;
    (void)tf__eval(c, &ds, dep->attr->expr);
    c->quiet -= fixed ? 0 : 1;
    tf__path_pop(c, old);
  }
  c->quiet -= rs->deployed ? 0 : 1;
  sink_leave(c, &sv);
  if (!c->fail && d->data && mls_span_eq(d->type, "aws_iam_policy_document")) {
    body = tf__policy_document(c, body, ri->addr, d->file, &d->block->range);
  } else if (!c->fail && d->data && mls_span_eq(d->type, "aws_iam_policy")) {
    body = tf__managed_policy(c, body, d->file, &d->block->range);
  } else if (!c->fail &&
             ((d->data &&
               (mls_span_eq(d->type, "aws_partition") ||
                mls_span_eq(d->type, "aws_caller_identity") ||
                mls_span_eq(d->type, "aws_region") ||
                mls_span_eq(d->type, "aws_sagemaker_prebuilt_ecr_image"))) ||
              mls_span_eq(d->type, "aws_ecr_repository"))) {
    body = tf__aws_fixed_form(c, body, d->type, d->data, d->file,
                              &d->block->range);
  } else if (!c->fail && d->data &&
             (mls_span_eq(d->type, "google_compute_default_service_account") ||
              mls_span_eq(d->type,
                          "google_app_engine_default_service_account"))) {
    body = tf__gcp_default_sa(c, body, d->file, &d->block->range,
                              mls_span_eq(d->type, "google_app_engine_default_"
                                                   "service_account"));
  } else if (!c->fail && d->data && mls_span_eq(d->type, "google_iam_policy")) {
    body = tf__gcp_iam_policy(c, body, d->file, &d->block->range);
  } else if (!c->fail && !d->data &&
             mls_span_eq(d->type, "google_service_account")) {
    body = tf__gcp_sa(c, body, d->file, &d->block->range);
  } else if (!c->fail && d->data &&
             (mls_span_eq(d->type, "aws_kms_key") ||
              mls_span_eq(d->type, "aws_kms_alias"))) {
    bool alias = mls_span_eq(d->type, "aws_kms_alias");
    body = tf__managed_kms(c, body, alias, &ri->aws_managed);
    if (!ri->aws_managed &&
        tf__kms_maybe_managed(mls_value_get(body, alias ? "name" : "key_id")) &&
        !refs_created(ri, alias ? "name" : "key_id")) {
      /* var.kms_key_id with no value may be "alias/aws/s3": no edge, so a
       * rule's `references: aws_kms_key` is not satisfied by it, and the
       * unknown ARN leaves the rule unknown. */
      ri->aws_managed = true;
    }
  }
  ri->body.v = body;
  ri->body.state = TF_S_DONE;
  return body;
}

static mls_value *inst_body(tf_ctx *c, tf_rstate *rs, uint32_t i)
{
  uint32_t quiet = c->quiet;
  mls_value *v;
  c->quiet = 0; /* see expand_res() */
  v = inst_body_now(c, rs, i);
  c->quiet = quiet;
  return v;
}

/* The instance of rs with `key`, or -1. */
static int32_t find_inst(const tf_rstate *rs, const mls_value *key)
{
  for (uint32_t i = 0; i < rs->n; i++) {
    const mls_value *k = rs->inst[i].key;
    if (k && k->kind != MLS_V_UNKNOWN && tf__equal(k, key)) {
      return (int32_t)i;
    }
  }
  return -1;
}

/* The instance of rs whose body is v itself (each.value taken from the
 * collection as it is, or through a for that keeps the element), or -1. */
static int32_t inst_of_body(const tf_rstate *rs, const mls_value *v)
{
  for (uint32_t i = 0; v && i < rs->n; i++) {
    if (rs->inst[i].body.state == TF_S_DONE && rs->inst[i].body.v == v) {
      return (int32_t)i;
    }
  }
  return -1;
}

void tf__each_value_refs(tf_ctx *c, const tf_scope *s, mls_span attr)
{
  const tf_refs *r = s->each_refs;
  bool exact = false;
  if (!r) {
    return;
  }
  /* for_each = aws_s3_bucket.this, or a for over it (filtered, merged,
   * keys renamed): each.value is one instance's body. It refers to that
   * instance alone. */
  for (uint32_t i = 0; i < r->n && !c->fail; i++) {
    const tf_ref *x = &r->v[i];
    int32_t k = x->inst < 0 ? inst_of_body(x->to, s->each_value) : -1;
    if (k >= 0) {
      tf__ref_add(c, x->to, k, attr.len ? attr : x->attr);
      exact = true;
    }
  }
  if (exact) {
    return;
  }
  /* Something taken from the instances (b.id): the instance with the same
   * key in a map of them; otherwise what the for_each referred to, as any
   * attribute naming the whole collection does. A map with no instance of
   * that key is not what each.value came from. */
  for (uint32_t i = 0; i < r->n && !c->fail; i++) {
    const tf_ref *x = &r->v[i];
    int32_t inst = x->inst;
    if (inst < 0 && x->to->shape == TF_SH_MAP && x->to->deployed) {
      if (!s->each_key || s->each_key->kind != MLS_V_STRING ||
          (inst = find_inst(x->to, s->each_key)) < 0) {
        continue;
      }
    }
    tf__ref_add(c, x->to, inst, attr.len ? attr : x->attr);
  }
}

/* A key value from a literal index step, converted to the shape's type. */
static mls_value *step_key(tf_ctx *c, const hcl_step *st, uint8_t shape)
{
  bool ok;
  mls_value *k;
  if (st->kind != HCL_STEP_INDEX) {
    return NULL;
  }
  if (shape == TF_SH_LIST) {
    k = tf__number_from_text(c->a, st->key.str, &ok);
    return ok ? k : NULL;
  }
  return mls_value_string_borrowed(c->a, st->key.str);
}

static mls_value *res_ref(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                          tf_rstate *rs, const hcl_step *steps, uint32_t k,
                          uint32_t n)
{
  const tf_decl *d = rs->decl;
  mls_value *v;
  mls_span attr = { "", 0 };

  if (rs->state == TF_S_BUSY) {
    return cycle(c, s->file, &e->range, "count or for_each of", d->name);
  }
  expand_res(c, rs);
  if (c->fail) {
    return c->oom;
  }
  if (rs->shape == TF_SH_UNKNOWN) {
    /* One instance of an unknown set: the representative stands for it
     * (what depends on the key is unknown in it already). The whole set
     * is unknown. */
    if (k < n && steps[k].kind == HCL_STEP_INDEX) {
      k++;
      if (k < n && steps[k].kind == HCL_STEP_ATTR) {
        attr = steps[k].name;
      }
      tf__ref_add(c, rs, 0, attr);
      return tf__apply_steps(c, s, e, inst_body(c, rs, 0), steps + k, n - k);
    }
    tf__ref_add(c, rs, -1, attr);
    return tf__unknown(c, s->file, &e->range, rs->inst[0].key->u.unknown.why);
  }
  if (!rs->deployed) {
    v = mls_value_list(c->a, NULL, 0);
    if (v && rs->shape == TF_SH_MAP) {
      v = mls_value_map(c->a, NULL, 0);
    }
    if (!v) {
      return tf__fail(c, MLS_ENOMEM);
    }
    if (rs->shape == TF_SH_SINGLE) {
      return tf__unknown(c, s->file, &e->range, "error: no instance");
    }
    return tf__apply_steps(c, s, e, v, steps + k, n - k);
  }
  if (rs->shape == TF_SH_SINGLE || (k < n && steps[k].kind == HCL_STEP_INDEX)) {
    int32_t idx = 0;
    if (rs->shape != TF_SH_SINGLE) {
      mls_value *key = step_key(c, &steps[k], rs->shape);
      idx = key ? find_inst(rs, key) : -1;
      if (idx < 0) {
        tf__ref_add(c, rs, -1, attr);
        return tf__unknown(
            c, s->file, &e->range,
            arena_printf(c, "error: %.*s has no instance with that key",
                         (int)d->name.len, d->name.ptr));
      }
      k++;
    }
    if (k < n && steps[k].kind == HCL_STEP_ATTR) {
      attr = steps[k].name;
    }
    tf__ref_add(c, rs, idx, attr);
    v = inst_body(c, rs, (uint32_t)idx);
    return tf__apply_steps(c, s, e, v, steps + k, n - k);
  }
  /* The whole collection of instances. */
  tf__ref_add(c, rs, -1, attr);
  if (rs->shape == TF_SH_LIST) {
    mls_value **items = mls_arena_alloc(c->a, rs->n * sizeof(*items));
    if (!items) {
      return tf__fail(c, MLS_ENOMEM);
    }
    for (uint32_t i = 0; i < rs->n; i++) {
      items[i] = inst_body(c, rs, i);
    }
    v = mls_value_list(c->a, items, rs->n);
  } else {
    mls_map_entry *ents = mls_arena_alloc(c->a, rs->n * sizeof(*ents));
    if (!ents) {
      return tf__fail(c, MLS_ENOMEM);
    }
    for (uint32_t i = 0; i < rs->n; i++) {
      ents[i].key = rs->inst[i].key->u.str;
      ents[i].value = inst_body(c, rs, i);
    }
    v = mls_value_map(c->a, ents, rs->n);
  }
  if (!v) {
    return tf__fail(c, MLS_ENOMEM);
  }
  return tf__apply_steps(c, s, e, v, steps + k, n - k);
}

/* ---- variables, locals, outputs ---------------------------------------- */

/* Module call `call` leaves out variable `var`, which has no default:
 * Terraform refuses the call (one warning per call and variable, however
 * often it is evaluated: tf__diag). */
static void missing_arg(tf_ctx *c, const tf_decl *call, mls_span var)
{
  tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, call->file, &call->block->type_range,
           "module \"%.*s\" is called without the required argument "
           "\"%.*s\"",
           (int)call->name.len, call->name.ptr, (int)var.len, var.ptr);
}

static mls_value *var_value(tf_ctx *c, tf_minst *mi, uint32_t i,
                            const mls_range *at, uint32_t at_file)
{
  tf_memo *m = &mi->vars[i];
  const tf_decl *d = &mi->mod->decls[TF_D_VAR][i];
  const tf_aref *type = body_attr(&d->body, "type");
  const tf_aref *def = body_attr(&d->body, "default");
  const tf_aref *nullable = body_attr(&d->body, "nullable");
  const tf_aref *sens = body_attr(&d->body, "sensitive");
  tf_refs refs = { NULL, 0, 0 };
  mls_value *raw = NULL, *v;
  const mls_range *vat = &d->block->type_range;
  uint32_t vfile = d->file;
  sink_save sv;
  tf_scope s;

  if (m->state == TF_S_DONE) {
    return memo_use(c, m);
  }
  if (m->state == TF_S_BUSY) {
    return cycle(c, at_file, at, "variable", d->name);
  }
  m->state = TF_S_BUSY;
  sink_enter(c, &sv, &refs);
  if (!mi->parent) {
    raw = c->rootvals ? c->rootvals[i].v : NULL;
  } else {
    const tf_aref *arg = NULL;
    for (uint32_t j = 0; j < mi->cs->decl->body.nattrs; j++) {
      if (span_equal(mi->cs->decl->body.attrs[j].attr->name, d->name)) {
        arg = &mi->cs->decl->body.attrs[j];
        break;
      }
    }
    if (arg) {
      scope_init(&s, mi->parent, arg->file);
      if (mi->cs->shape == TF_SH_LIST ||
          (mi->cs->shape == TF_SH_UNKNOWN &&
           body_attr(&mi->cs->decl->body, "count"))) {
        s.count_index = mi->ci->key;
      } else if (mi->cs->shape != TF_SH_SINGLE) {
        s.each_key = mi->ci->key;
        s.each_value = mi->ci->each_value;
        s.each_refs = &mi->cs->each_refs;
      }
      raw = tf__eval(c, &s, arg->attr->expr);
      vat = &arg->attr->expr->range;
      vfile = arg->file;
    }
  }
  if (!raw && def) {
    scope_init(&s, NULL, def->file);
    raw = tf__eval(c, &s, def->attr->expr);
  }
  if (!raw) {
    if (mi->parent) {
      missing_arg(c, mi->cs->decl, d->name);
    }
    const char *expr =
        arena_printf(c, "var.%.*s", (int)d->name.len, d->name.ptr);
    raw = mls_value_unknown(
        c->a, mls_span_of(expr, strlen(expr)),
        arena_printf(c, "var.%.*s has no value (no default, tfvars or --var)",
                     (int)d->name.len, d->name.ptr));
    if (!raw) {
      raw = tf__fail(c, MLS_ENOMEM);
    }
    tf__stamp(c, raw, d->file, &d->block->range);
  }
  v = raw;
  if (type) {
    v = tf__convert(c, type->attr->expr, type->file, raw, vat, vfile);
  }
  if (v->kind == MLS_V_NULL && def && nullable) {
    scope_init(&s, NULL, nullable->file);
    mls_value *nb = tf__eval(c, &s, nullable->attr->expr);
    if (nb->kind == MLS_V_BOOL && !nb->u.b) {
      scope_init(&s, NULL, def->file);
      v = tf__eval(c, &s, def->attr->expr);
      if (type) {
        v = tf__convert(c, type->attr->expr, type->file, v,
                        &def->attr->expr->range, def->file);
      }
    }
  }
  if (sens) {
    scope_init(&s, NULL, sens->file);
    mls_value *sb = tf__eval(c, &s, sens->attr->expr);
    if (sb->kind == MLS_V_BOOL && sb->u.b && v != c->oom) {
      v = tf__with_flags(c, v, MLS_VF_SENSITIVE);
    }
  }
  sink_leave(c, &sv);
  m->v = v;
  m->refs = refs.v;
  m->nrefs = refs.n;
  m->state = TF_S_DONE;
  return memo_use(c, m);
}

static mls_value *local_value(tf_ctx *c, tf_minst *mi, uint32_t i,
                              const mls_range *at, uint32_t at_file)
{
  tf_memo *m = &mi->locals[i];
  const tf_decl *d = &mi->mod->decls[TF_D_LOCAL][i];
  tf_scope s;
  if (m->state == TF_S_DONE) {
    return memo_use(c, m);
  }
  if (m->state == TF_S_BUSY) {
    return cycle(c, at_file, at, "local value", d->name);
  }
  m->state = TF_S_BUSY;
  scope_init(&s, mi, d->file);
  memo_eval(c, m, &s, d->local->expr);
  return memo_use(c, m);
}

static mls_value *output_value(tf_ctx *c, tf_minst *mi, uint32_t i,
                               const mls_range *at, uint32_t at_file)
{
  tf_memo *m = &mi->outputs[i];
  const tf_decl *d = &mi->mod->decls[TF_D_OUTPUT][i];
  const tf_aref *val = body_attr(&d->body, "value");
  tf_scope s;
  if (m->state == TF_S_DONE) {
    return memo_use(c, m);
  }
  if (m->state == TF_S_BUSY) {
    return cycle(c, at_file, at, "output", d->name);
  }
  m->state = TF_S_BUSY;
  if (!val) {
    m->v = tf__unknown(c, d->file, &d->block->type_range,
                       "error: the output has no value");
    m->state = TF_S_DONE;
    return m->v;
  }
  scope_init(&s, mi, val->file);
  memo_eval(c, m, &s, val->attr->expr);
  return memo_use(c, m);
}

/* ---- module calls ------------------------------------------------------ */

static tf_minst *minst_new(tf_ctx *c, const tf_module *mod, tf_minst *parent,
                           const tf_cstate *cs, const tf_cinst *ci,
                           mls_span addr);

static bool is_local_source(mls_span s)
{
  return (s.len >= 2 && memcmp(s.ptr, "./", 2) == 0) ||
         (s.len >= 3 && memcmp(s.ptr, "../", 3) == 0) ||
         (s.len >= 2 && memcmp(s.ptr, ".\\", 2) == 0) ||
         (s.len >= 3 && memcmp(s.ptr, "..\\", 3) == 0);
}

static bool literal_string(const hcl_expr *e, mls_span *out)
{
  if (e->kind == HCL_EXPR_TEMPLATE && e->u.tmpl.nparts == 1) {
    e = e->u.tmpl.parts[0];
  }
  if (e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING) {
    *out = e->u.lit.str;
    return true;
  }
  return false;
}

/* ---- remote modules that `terraform init` downloaded -------------------- */

/* Read the root's .terraform/modules/modules.json ({"Modules": [{"Key":
 * "s3", "Source": "registry.terraform.io/...", "Dir":
 * ".terraform/modules/s3"}, ...]}, which Terraform and OpenTofu write at
 * init): with it a remote module call is evaluated from the directory
 * init filled, as Trivy and Checkov do. A work tree after `terraform init`
 * has one; a mirror, which ignores .terraform/, does not. Silent when
 * there is none; a file that is not such a manifest is a note. */
static void load_manifest(tf_ctx *c, const char *dir)
{
  static const char *const field[3] = { "Key", "Source", "Dir" };
  char path[MLS_MAX_PATH_BYTES];
  char *data = NULL;
  size_t len = 0, n = 0;
  const cJSON *mods, *m;
  cJSON *doc;

  if (tf__path_join(path, sizeof(path), dir,
                    ".terraform/modules/modules.json") < 0 ||
      !c->ld->src.read ||
      c->ld->src.read(c->ld->src.payload, path, &data, &len) < 0) {
    return;
  }
  doc = cJSON_ParseWithLength(data, len);
  mls_free(data);
  mods = doc ? cJSON_GetObjectItemCaseSensitive(doc, "Modules") : NULL;
  if (!cJSON_IsArray(mods)) {
    tf__diag(c, MLS_OK, MLS_SEV_NOTE, TF_NO_FILE, NULL,
             "%s is not a module manifest; remote modules are not "
             "evaluated",
             path);
    cJSON_Delete(doc);
    return;
  }
  n = (size_t)cJSON_GetArraySize(mods);
  if (n > MLS_MAX_BODY_ITEMS) {
    n = MLS_MAX_BODY_ITEMS;
  }
  if (n > 0 &&
      !(c->manifest = mls_arena_alloc(c->a, 3 * n * sizeof(*c->manifest)))) {
    cJSON_Delete(doc);
    return; /* the arena's failure stops the evaluation */
  }
  cJSON_ArrayForEach(m, mods)
  {
    const char **e = c->manifest + 3 * c->nmanifest;
    bool ok = c->nmanifest < n;
    for (int k = 0; k < 3 && ok; k++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, field[k]);
      ok = cJSON_IsString(v) &&
           (e[k] = mls_arena_strndup(c->a, v->valuestring,
                                     strlen(v->valuestring))) != NULL;
    }
    c->nmanifest += ok ? 1 : 0;
  }
  cJSON_Delete(doc);
}

/* The manifest's key of call d in module instance mi: the call names from
 * the root down, joined by dots ("s3", "vpc.flow_logs"). */
static bool manifest_key(const tf_minst *mi, const tf_decl *d, char *out,
                         size_t cap)
{
  mls_span names[MLS_MAX_MODULE_DEPTH + 1];
  size_t n = 0, w = 0;

  names[n++] = d->name;
  for (const tf_minst *p = mi; p && p->cs; p = p->parent) {
    if (n == sizeof(names) / sizeof(names[0])) {
      return false;
    }
    names[n++] = p->cs->decl->name;
  }
  while (n-- > 0) {
    if (w + names[n].len + 2 > cap) {
      return false;
    }
    memcpy(out + w, names[n].ptr, names[n].len);
    w += names[n].len;
    out[w++] = n ? '.' : '\0';
  }
  return true;
}

/* Whether the manifest's source is the call's: the same text, or the call's
 * registry address with the registry host init added. */
static bool manifest_source_is(const char *m, mls_span s)
{
  static const char *const hosts[] = { "registry.terraform.io/",
                                       "registry.opentofu.org/" };
  if (mls_span_eq(s, m)) {
    return true;
  }
  for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
    size_t h = strlen(hosts[i]);
    if (strncmp(m, hosts[i], h) == 0 && mls_span_eq(s, m + h)) {
      return true;
    }
  }
  return false;
}

/* The directory init put remote call d's module in (relative to the
 * root's), or NULL: no manifest, no entry, or an entry for another
 * source (the call changed since init: a note). */
static const char *manifest_dir(tf_ctx *c, const tf_minst *mi, const tf_decl *d,
                                const tf_aref *src, mls_span s)
{
  char key[MLS_MAX_PATH_BYTES];

  if (!c->nmanifest || !manifest_key(mi, d, key, sizeof(key))) {
    return NULL;
  }
  for (uint32_t i = 0; i < c->nmanifest; i++) {
    const char **e = c->manifest + 3 * i;
    if (strcmp(e[0], key) != 0) {
      continue;
    }
    if (!manifest_source_is(e[1], s) || !e[2][0]) {
      tf__diag(c, MLS_OK, MLS_SEV_NOTE, src->file, &src->attr->expr->range,
               "module \"%.*s\": .terraform/modules/modules.json has it "
               "from another source (%s); run terraform init again to "
               "evaluate it",
               (int)d->name.len, d->name.ptr, e[1]);
      return NULL;
    }
    return e[2];
  }
  return NULL;
}

/* Which module a call loads, or why none: sets cs->child or cs->why. */
static void resolve_child(tf_ctx *c, tf_minst *mi, tf_cstate *cs)
{
  const tf_decl *d = cs->decl;
  const tf_aref *src = body_attr(&d->body, "source");
  char rel[MLS_MAX_PATH_BYTES], dir[MLS_MAX_PATH_BYTES];
  mls_span s;
  tf_module *child;

  if (!src || !literal_string(src->attr->expr, &s)) {
    cs->why = "the module's source is not a literal string";
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, d->file, &d->block->type_range,
             "module \"%.*s\": source must be a literal string; its outputs "
             "are unknown",
             (int)d->name.len, d->name.ptr);
    return;
  }
  const char *base = mi->mod->dir;
  const char *installed = NULL;
  if (!is_local_source(s) &&
      (installed = manifest_dir(c, mi, d, src, s)) != NULL) {
    /* Downloaded by init: read like a local module, from the root. */
    base = c->root->mod->dir;
    s = mls_span_of(installed, strlen(installed));
  } else if (!is_local_source(s)) {
    cs->why = arena_printf(c,
                           "output of remote module \"%.*s\" (%.*s): not "
                           "evaluated",
                           (int)d->name.len, d->name.ptr,
                           (int)(s.len > 200 ? 200 : s.len), s.ptr);
    tf__diag(c, MLS_OK, MLS_SEV_NOTE, src->file, &src->attr->expr->range,
             "module \"%.*s\" has a remote source (%.*s); it is not "
             "evaluated and its outputs are unknown",
             (int)d->name.len, d->name.ptr, (int)(s.len > 200 ? 200 : s.len),
             s.ptr);
    return;
  }
  if (s.len >= sizeof(rel)) {
    cs->why = "the module's source path is too long";
    return;
  }
  memcpy(rel, s.ptr, s.len);
  rel[s.len] = '\0';
  for (size_t i = 0; i < s.len; i++) {
    rel[i] = rel[i] == '\\' ? '/' : rel[i];
  }
  if (tf__path_join(dir, sizeof(dir), base, rel) < 0) {
    cs->why = "the module's source is outside the repository";
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, src->file, &src->attr->expr->range,
             "module \"%.*s\": source \"%s\" is outside the repository; its "
             "outputs are unknown",
             (int)d->name.len, d->name.ptr, rel);
    return;
  }
  for (tf_minst *p = mi; p; p = p->parent) {
    if (strcmp(p->mod->dir, dir) == 0) {
      cs->why = "the module calls itself (a cycle)";
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, src->file,
               &src->attr->expr->range,
               "module \"%.*s\": calling \"%s\" makes a cycle of module "
               "calls; its outputs are unknown",
               (int)d->name.len, d->name.ptr, rel);
      return;
    }
  }
  if (mi->depth + 1 > MLS_MAX_MODULE_DEPTH) {
    cs->why = "module calls nested too deep";
    tf__diag(c, MLS_ELIMIT, MLS_SEV_WARNING, src->file, &src->attr->expr->range,
             "module \"%.*s\": calls nested deeper than %d; its outputs are "
             "unknown",
             (int)d->name.len, d->name.ptr, MLS_MAX_MODULE_DEPTH);
    return;
  }
  if (!(child = tf__module_load(c->ld, dir))) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  if (child->rc < 0) {
    cs->why = arena_printf(c,
                           "module directory \"%s\" has no Terraform "
                           "configuration",
                           dir);
    if (c->opts && c->opts->one_file) {
      tf__diag(c, child->rc, MLS_SEV_WARNING, src->file,
               &src->attr->expr->range,
               "module \"%.*s\": \"%s\" is not read (the target is one "
               "file); its outputs are unknown",
               (int)d->name.len, d->name.ptr, rel);
    } else {
      tf__diag(c, child->rc, MLS_SEV_WARNING, src->file,
               &src->attr->expr->range,
               "module \"%.*s\": \"%s\" holds no readable Terraform files; "
               "its outputs are unknown",
               (int)d->name.len, d->name.ptr, rel);
    }
    return;
  }
  cs->child = child;
  if (installed) {
    tf__diag(c, MLS_OK, MLS_SEV_NOTE, src->file, &src->attr->expr->range,
             "module \"%.*s\" (a remote source) is read from %s, where "
             "terraform init put it",
             (int)d->name.len, d->name.ptr, installed);
  }
  /* Terraform refuses an argument the module does not declare
   * ("Unsupported argument"): the value goes nowhere, and a caller that
   * meant to set something (a key, a flag) did not. */
  for (uint32_t i = 0; i < d->body.nattrs; i++) {
    static const char *const meta[] = { "source",   "version",   "count",
                                        "for_each", "providers", "depends_on" };
    const tf_aref *a = &d->body.attrs[i];
    mls_span name = a->attr->name, none = { NULL, 0 };
    bool is_meta = false;
    for (size_t k = 0; k < sizeof(meta) / sizeof(meta[0]); k++) {
      is_meta = is_meta || mls_span_eq(name, meta[k]);
    }
    if (!is_meta && tf__decl_find(child, TF_D_VAR, false, none, name) < 0) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, a->file, &a->attr->name_range,
               "module \"%.*s\": an argument named \"%.*s\" is not expected "
               "here: \"%s\" declares no such variable (Terraform refuses "
               "it)",
               (int)d->name.len, d->name.ptr, (int)name.len, name.ptr, rel);
    }
  }
}

/* Every variable without a default that a call leaves out, whether or
 * not the module reads it (var_value() meets those it reads). */
static void missing_args(tf_ctx *c, const tf_cstate *cs)
{
  const tf_module *m = cs->child;
  const tf_decl *call = cs->decl;
  for (uint32_t i = 0; i < m->ndecls[TF_D_VAR]; i++) {
    const tf_decl *v = &m->decls[TF_D_VAR][i];
    bool given = false;
    if (body_attr(&v->body, "default")) {
      continue;
    }
    for (uint32_t j = 0; j < call->body.nattrs && !given; j++) {
      given = span_equal(call->body.attrs[j].attr->name, v->name);
    }
    if (!given) {
      missing_arg(c, call, v->name);
    }
  }
}

static void expand_call_now(tf_ctx *c, tf_minst *mi, tf_cstate *cs)
{
  const tf_decl *d = cs->decl;
  keyset ks;
  if (cs->state != TF_S_NONE) {
    return;
  }
  cs->state = TF_S_BUSY;
  resolve_child(c, mi, cs);
  if (cs->child) {
    missing_args(c, cs);
  }
  expand_keys(c, mi, &d->body, d->name, &ks);
  if (c->fail) {
    cs->state = TF_S_DONE;
    return;
  }
  cs->shape = ks.shape;
  cs->deployed = ks.deployed;
  cs->each_refs = ks.refs;
  if (ks.n && !(cs->inst = mls_arena_zalloc(c->a, ks.n * sizeof(tf_cinst)))) {
    tf__fail(c, MLS_ENOMEM);
    cs->state = TF_S_DONE;
    return;
  }
  cs->n = ks.n;
  for (uint32_t i = 0; i < ks.n && !c->fail; i++) {
    tf_cinst *ci = &cs->inst[i];
    ci->key = cs->shape == TF_SH_SINGLE ? NULL : ks.keys[i];
    ci->each_value = ks.is_count ? NULL : ks.vals[i];
    if (cs->child && count_instance(c, 1)) {
      mls_span addr = make_addr(c, mi->addr, "module.", mls_span_of(NULL, 0),
                                d->name, ci->key);
      ci->mi = minst_new(c, cs->child, mi, cs, ci, addr);
    }
  }
  cs->state = TF_S_DONE;
}

static void expand_call(tf_ctx *c, tf_minst *mi, tf_cstate *cs)
{
  uint32_t quiet = c->quiet;
  c->quiet = 0; /* see expand_res() */
  expand_call_now(c, mi, cs);
  c->quiet = quiet;
}

/* A module instance's outputs as one object. */
static mls_value *outputs_object(tf_ctx *c, tf_minst *child, const tf_scope *s,
                                 const hcl_expr *e)
{
  uint32_t n = child->mod->ndecls[TF_D_OUTPUT];
  mls_map_entry *ents = NULL;
  mls_value *v;
  if (n && !(ents = mls_arena_alloc(c->a, n * sizeof(*ents)))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  for (uint32_t i = 0; i < n; i++) {
    ents[i].key = child->mod->decls[TF_D_OUTPUT][i].name;
    ents[i].value = output_value(c, child, i, &e->range, s->file);
  }
  if (!(v = mls_value_map(c->a, ents, n))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  return v;
}

static mls_value *inst_outputs(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                               tf_cstate *cs, tf_cinst *ci,
                               const hcl_step *steps, uint32_t k, uint32_t n)
{
  tf_minst *child = ci->mi;
  int idx;
  mls_value *v;
  if (!child) {
    return tf__unknown(c, s->file, &e->range, cs->why ? cs->why : "unknown");
  }
  if (k < n && steps[k].kind == HCL_STEP_ATTR) {
    idx = tf__decl_find(child->mod, TF_D_OUTPUT, false, mls_span_of(NULL, 0),
                        steps[k].name);
    if (idx < 0) {
      return tf__err_at(c, s->file, &e->range,
                        "module \"%.*s\" has no output \"%.*s\"",
                        (int)cs->decl->name.len, cs->decl->name.ptr,
                        (int)steps[k].name.len, steps[k].name.ptr);
    }
    v = output_value(c, child, (uint32_t)idx, &e->range, s->file);
    return tf__apply_steps(c, s, e, v, steps + k + 1, n - k - 1);
  }
  return tf__apply_steps(c, s, e, outputs_object(c, child, s, e),
                         steps ? steps + k : NULL, n - k);
}

static mls_value *mod_ref(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                          tf_cstate *cs, const hcl_step *steps, uint32_t k,
                          uint32_t n)
{
  mls_value *v;
  if (cs->state == TF_S_BUSY) {
    return cycle(c, s->file, &e->range, "module", cs->decl->name);
  }
  expand_call(c, s->mi, cs);
  if (c->fail) {
    return c->oom;
  }
  if (!cs->child) {
    return tf__unknown(c, s->file, &e->range, cs->why ? cs->why : "unknown");
  }
  if (cs->shape == TF_SH_UNKNOWN) {
    /* As for resources: one instance is the representative's outputs. */
    if (k < n && steps[k].kind == HCL_STEP_INDEX) {
      return inst_outputs(c, s, e, cs, &cs->inst[0], steps, k + 1, n);
    }
    return tf__unknown(c, s->file, &e->range, cs->inst[0].key->u.unknown.why);
  }
  if (cs->shape == TF_SH_SINGLE) {
    return inst_outputs(c, s, e, cs, &cs->inst[0], steps, k, n);
  }
  if (k < n && steps[k].kind == HCL_STEP_INDEX) {
    mls_value *key = step_key(c, &steps[k], cs->shape);
    for (uint32_t i = 0; key && i < cs->n; i++) {
      if (cs->inst[i].key && tf__equal(cs->inst[i].key, key)) {
        return inst_outputs(c, s, e, cs, &cs->inst[i], steps, k + 1, n);
      }
    }
    return tf__unknown(c, s->file, &e->range,
                       "error: the module call has no instance with that key");
  }
  if (cs->shape == TF_SH_LIST) {
    mls_value **items = NULL;
    if (cs->n && !(items = mls_arena_alloc(c->a, cs->n * sizeof(*items)))) {
      return tf__fail(c, MLS_ENOMEM);
    }
    for (uint32_t i = 0; i < cs->n; i++) {
      items[i] = inst_outputs(c, s, e, cs, &cs->inst[i], NULL, 0, 0);
    }
    v = mls_value_list(c->a, items, cs->n);
  } else {
    mls_map_entry *ents = NULL;
    if (cs->n && !(ents = mls_arena_alloc(c->a, cs->n * sizeof(*ents)))) {
      return tf__fail(c, MLS_ENOMEM);
    }
    for (uint32_t i = 0; i < cs->n; i++) {
      ents[i].key = cs->inst[i].key->u.str;
      ents[i].value = inst_outputs(c, s, e, cs, &cs->inst[i], NULL, 0, 0);
    }
    v = mls_value_map(c->a, ents, cs->n);
  }
  if (!v) {
    return tf__fail(c, MLS_ENOMEM);
  }
  return tf__apply_steps(c, s, e, v, steps + k, n - k);
}

/* ---- name resolution --------------------------------------------------- */

mls_value *tf__resolve(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  tf_minst *mi = s->mi;
  const tf_module *mod = mi->mod;
  mls_span root = e->u.scope.root, none = { NULL, 0 };
  const hcl_step *st = e->u.scope.steps;
  uint32_t n = e->u.scope.nsteps;
  int idx;

  if (mls_span_eq(root, "var") || mls_span_eq(root, "local") ||
      mls_span_eq(root, "module")) {
    tf_dkind kind = root.ptr[0] == 'v'   ? TF_D_VAR
                    : root.ptr[0] == 'l' ? TF_D_LOCAL
                                         : TF_D_CALL;
    if (n < 1 || st[0].kind != HCL_STEP_ATTR) {
      return tf__unknown(c, s->file, &e->range,
                         "error: a name must follow var., local. or module.");
    }
    idx = tf__decl_find(mod, kind, false, none, st[0].name);
    if (idx < 0) {
      static const char *const what[] = { "input variable", "local value", "",
                                          "", "module call" };
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, s->file, &e->range,
               "reference to an undeclared %s \"%.*s\"", what[kind],
               (int)st[0].name.len, st[0].name.ptr);
      return tf__unknown(c, s->file, &e->range,
                         "error: reference to an undeclared name");
    }
    if (kind == TF_D_CALL) {
      return mod_ref(c, s, e, &mi->calls[idx], st, 1, n);
    }
    return tf__apply_steps(
        c, s, e,
        kind == TF_D_VAR
            ? var_value(c, mi, (uint32_t)idx, &e->range, s->file)
            : local_value(c, mi, (uint32_t)idx, &e->range, s->file),
        st + 1, n - 1);
  }
  if (mls_span_eq(root, "data")) {
    if (n < 2 || st[0].kind != HCL_STEP_ATTR || st[1].kind != HCL_STEP_ATTR) {
      return NULL;
    }
    idx = tf__decl_find(mod, TF_D_RES, true, st[0].name, st[1].name);
    if (idx < 0) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, s->file, &e->range,
               "reference to an undeclared data source \"%.*s.%.*s\"",
               (int)st[0].name.len, st[0].name.ptr, (int)st[1].name.len,
               st[1].name.ptr);
      return tf__unknown(c, s->file, &e->range,
                         "error: reference to an undeclared data source");
    }
    return res_ref(c, s, e, &mi->res[idx], st, 2, n);
  }
  if (mls_span_eq(root, "resource")) {
    /* resource.TYPE.NAME: a managed resource, spelled so that a type
     * whose name is now reserved (template, lazy, arg) still reads as
     * one (Terraform's addrs.ParseRef); TYPE.NAME from here on. */
    if (n < 1 || st[0].kind != HCL_STEP_ATTR) {
      return NULL;
    }
    root = st[0].name;
    st++;
    n--;
  }
  if (n < 1 || st[0].kind != HCL_STEP_ATTR) {
    return NULL;
  }
  idx = tf__decl_find(mod, TF_D_RES, false, root, st[0].name);
  if (idx < 0) {
    /* Terraform reads any other name as a resource type: say which
     * resource is missing, as for a data source. */
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, s->file, &e->range,
             "reference to an undeclared resource \"%.*s.%.*s\"", (int)root.len,
             root.ptr, (int)st[0].name.len, st[0].name.ptr);
    return tf__unknown(c, s->file, &e->range,
                       "error: reference to an undeclared resource");
  }
  return res_ref(c, s, e, &mi->res[idx], st, 1, n);
}

/* ---- instances --------------------------------------------------------- */

static bool module_seen(tf_ctx *c, const tf_module *mod);

static tf_minst *minst_new(tf_ctx *c, const tf_module *mod, tf_minst *parent,
                           const tf_cstate *cs, const tf_cinst *ci,
                           mls_span addr)
{
  tf_minst *mi = mls_arena_zalloc(c->a, sizeof(*mi));
  char rel[MLS_MAX_PATH_BYTES];
  const char *root_dir = c->root ? c->root->mod->dir : mod->dir;
  const uint32_t *nd = mod->ndecls;

  if (!mi) {
    tf__fail(c, MLS_ENOMEM);
    return NULL;
  }
  mi->mod = mod;
  mi->parent = parent;
  if (mod->partial && c->model) {
    c->model->partial = true;
  }
  mi->cs = cs;
  mi->ci = ci;
  mi->addr = addr;
  mi->depth = parent ? parent->depth + 1 : 0;
  if (tf__path_rel(rel, sizeof(rel), root_dir, mod->dir) < 0) {
    snprintf(rel, sizeof(rel), ".");
  }
  {
    char *pm = mls_arena_strndup(c->a, rel, strlen(rel));
    mi->path_module = pm ? mls_span_of(pm, strlen(pm)) : mls_span_of(".", 1);
  }
  mi->vars = mls_arena_zalloc(c->a, (nd[TF_D_VAR] + 1) * sizeof(tf_memo));
  mi->locals = mls_arena_zalloc(c->a, (nd[TF_D_LOCAL] + 1) * sizeof(tf_memo));
  mi->outputs = mls_arena_zalloc(c->a, (nd[TF_D_OUTPUT] + 1) * sizeof(tf_memo));
  mi->res = mls_arena_zalloc(c->a, (nd[TF_D_RES] + 1) * sizeof(tf_rstate));
  mi->calls = mls_arena_zalloc(c->a, (nd[TF_D_CALL] + 1) * sizeof(tf_cstate));
  if (!mi->vars || !mi->locals || !mi->outputs || !mi->res || !mi->calls) {
    tf__fail(c, MLS_ENOMEM);
    return NULL;
  }
  for (uint32_t i = 0; i < nd[TF_D_RES]; i++) {
    mi->res[i].decl = &mod->decls[TF_D_RES][i];
    mi->res[i].mi = mi;
  }
  for (uint32_t i = 0; i < nd[TF_D_CALL]; i++) {
    mi->calls[i].decl = &mod->decls[TF_D_CALL][i];
  }
  /* The module's files join the model in byte order (and bring their parse
   * diagnostics) the first time the module is used. */
  if (!module_seen(c, mod)) {
    for (uint32_t i = 0; i < mod->nfiles; i++) {
      tf__model_file(c, mod->files[i]);
    }
    for (size_t i = 0; i < mod->diag.n; i++) {
      const mls_diag_entry *en = &mod->diag.v[i];
      const char *saved = c->diag->path;
      c->diag->path = en->path;
      mls_diag_note(c->diag, en->rc, en->sev, en->has_range ? &en->range : NULL,
                    "%s", en->message);
      c->diag->path = saved;
    }
  }
  return mi;
}

/* Whether mod was instantiated before in this evaluation; records it. */
static bool module_seen(tf_ctx *c, const tf_module *mod)
{
  tf_seen *s;
  for (s = c->seen_mods; s; s = s->next) {
    if (s->mod == mod) {
      return true;
    }
  }
  if (!(s = mls_arena_alloc(c->a, sizeof(*s)))) {
    tf__fail(c, MLS_ENOMEM);
    return true;
  }
  s->mod = mod;
  s->next = c->seen_mods;
  c->seen_mods = s;
  return false;
}

/* ---- emission ---------------------------------------------------------- */

/* The module path of mi's resources: "" in the root module; in a called
 * one, the root module's directory ("." at the top of the repository), a
 * ':' and the call chain -- "examples/complete:module.vpc". Two roots that
 * call a module by the same name (examples/a and examples/b both calling
 * module "vpc" from ../..) evaluate two deployments of it; with the root
 * in the path their results and fingerprints stay two, rather than two
 * identical copies of one. */
static mls_span module_path_of(tf_ctx *c, const tf_minst *mi)
{
  const char *root = c->root && c->root->mod->dir[0] ? c->root->mod->dir : ".";
  size_t rn = strlen(root);
  char *p;

  if (mi->addr.len == 0) {
    return mi->addr;
  }
  if (!(p = mls_arena_alloc(c->a, rn + 1 + mi->addr.len))) {
    tf__fail(c, MLS_ENOMEM);
    return mls_span_of(NULL, 0);
  }
  memcpy(p, root, rn);
  p[rn] = ':';
  memcpy(p + rn + 1, mi->addr.ptr, mi->addr.len);
  return mls_span_of(p, rn + 1 + mi->addr.len);
}

/* bsearch order of a type (an mls_span key) among sorted C strings. */
static int cmp_type_key(const void *key, const void *elem)
{
  const char *x = *(const char *const *)elem;
  return mls_span_cmp(*(const mls_span *)key, mls_span_of(x, strlen(x)));
}

/* Whether the caller reads resources of type t (tf_opts.body_types). */
static bool body_wanted(const tf_ctx *c, mls_span t)
{
  return !c->opts || !c->opts->body_types ||
         bsearch(&t, c->opts->body_types, c->opts->nbody_types,
                 sizeof(*c->opts->body_types), cmp_type_key) != NULL;
}

/* The resources of instance `mi` and of the modules it calls; `call` is
 * mls_resource.call for mi's own (0 at the root). */
static void emit(tf_ctx *c, tf_minst *mi, uint32_t call)
{
  const tf_module *mod = mi->mod;
  mls_span mpath = module_path_of(c, mi);
  for (uint32_t i = 0; i < mod->ndecls[TF_D_RES] && !c->fail; i++) {
    tf_rstate *rs = &mi->res[i];
    const tf_decl *d = rs->decl;
    bool wanted = body_wanted(c, d->type);
    expand_res(c, rs);
    for (uint32_t j = 0; j < rs->n && !c->fail; j++) {
      tf_rinst *ri = &rs->inst[j];
      mls_resource r;
      /* A body nobody reads is not evaluated (tf_opts.body_types): what
       * refers to it evaluates what it refers to, on demand. */
      mls_value *body = wanted ? inst_body(c, rs, j) : NULL;
      int idx;
      if (c->fail) {
        break;
      }
      ri->model_body = body ? tf__decode_policies(c, body, 0) : NULL;
      if (ri->model_body && !d->data &&
          (mls_span_eq(d->type, "azapi_resource") ||
           mls_span_eq(d->type, "azapi_update_resource"))) {
        ri->model_body = tf__decode_azapi_body(c, ri->model_body);
      }
      memset(&r, 0, sizeof(r));
      r.framework = MLS_FW_TERRAFORM;
      r.mode = d->data ? MLS_RM_DATA : MLS_RM_MANAGED;
      r.type = d->type;
      r.address = ri->addr;
      r.module_path = mpath;
      r.file = tf__model_file(c, d->file);
      r.range = d->block->range;
      if (d->block->nlabels &&
          d->block->labels[d->block->nlabels - 1].range.start.line >
              r.range.start.line) {
        /* A .tf.json block starts at its "resource" key, which holds
         * every resource of the file: a finding points at the resource's
         * own name instead. */
        r.range.start = d->block->labels[d->block->nlabels - 1].range.start;
      }
      r.body = ri->model_body;
      r.deployed = rs->deployed;
      r.call = call;
      if ((idx = mls_model_add_resource(c->model, &r)) < 0) {
        tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
        break;
      }
      ri->model_index = idx;
    }
  }
  for (uint32_t i = 0; i < mod->ndecls[TF_D_CALL] && !c->fail; i++) {
    tf_cstate *cs = &mi->calls[i];
    uint32_t inner = 0;
    expand_call(c, mi, cs);
    for (uint32_t j = 0; j < cs->n && !c->fail; j++) {
      if (!cs->inst[j].mi) {
        continue;
      }
      if (!inner) {
        mls_modcall mc;
        mc.file = tf__model_file(c, cs->decl->file);
        mc.line = cs->decl->block->range.start.line;
        mc.end = cs->decl->block->range.end.line;
        mc.parent = call;
        if (!(inner = mls_model_add_call(c->model, &mc))) {
          tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
          break;
        }
      }
      emit(c, cs->inst[j].mi, inner);
    }
  }
}

static void add_edge(tf_ctx *c, uint32_t from, const tf_rinst *to,
                     const tf_ref *ref, uint32_t first)
{
  mls_edge e;
  if (to->model_index < 0 || (uint32_t)to->model_index == from ||
      to->aws_managed) {
    return;
  }
  e.from = from;
  e.to = (uint32_t)to->model_index;
  e.path = ref->path ? mls_span_of(ref->path, strlen(ref->path))
                     : mls_span_of("", 0);
  e.attr = ref->attr;
  for (uint32_t i = first; i < c->model->nedges; i++) {
    const mls_edge *x = &c->model->edges[i];
    if (x->to == e.to && span_equal(x->path, e.path) &&
        span_equal(x->attr, e.attr)) {
      return;
    }
  }
  if (mls_model_add_edge(c->model, &e) < 0) {
    tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
  }
}

static void edges(tf_ctx *c, tf_minst *mi)
{
  const tf_module *mod = mi->mod;
  for (uint32_t i = 0; i < mod->ndecls[TF_D_RES] && !c->fail; i++) {
    tf_rstate *rs = &mi->res[i];
    for (uint32_t j = 0; j < rs->n && !c->fail; j++) {
      const tf_rinst *ri = &rs->inst[j];
      uint32_t first = c->model->nedges;
      if (ri->model_index < 0) {
        continue;
      }
      for (uint32_t k = 0; k < ri->refs.n && !c->fail; k++) {
        const tf_ref *ref = &ri->refs.v[k];
        const tf_rstate *to = ref->to;
        if (ref->inst >= 0 && (uint32_t)ref->inst < to->n) {
          add_edge(c, (uint32_t)ri->model_index, &to->inst[ref->inst], ref,
                   first);
        } else {
          for (uint32_t t = 0; t < to->n; t++) {
            add_edge(c, (uint32_t)ri->model_index, &to->inst[t], ref, first);
          }
        }
      }
    }
  }
  for (uint32_t i = 0; i < mod->ndecls[TF_D_CALL] && !c->fail; i++) {
    tf_cstate *cs = &mi->calls[i];
    for (uint32_t j = 0; j < cs->n; j++) {
      if (cs->inst[j].mi) {
        edges(c, cs->inst[j].mi);
      }
    }
  }
}

/* Resources that name what they configure by a unique name: the S3
 * split resources (aws_s3_bucket_acl, _public_access_block, _policy, ...)
 * by `bucket`, azurerm 2.x's storage account network rules by
 * `storage_account_name`, a secret's rotation by `secret_id`. One whose
 * name is the same (mls_value_same_name: an equal string, or an unknown
 * written the same way) as that of exactly one resource of the target
 * type in the root ("bucket = local.name" in both, or a literal) is about
 * that resource as surely as one written aws_s3_bucket.b.id: it gets the
 * edge a reference would give (the path is the naming attribute). A name
 * two targets share (only one can be created) links neither. */
static const mls_name_link name_links[] = {
  { "aws_s3_bucket_", "bucket", "aws_s3_bucket", "bucket" },
  { "azurerm_storage_account_network_rules", "storage_account_name",
    "azurerm_storage_account", "name" },
  /* Secrets Manager takes a secret's name wherever it takes its ARN;
   * names are unique in an account and region. */
  { "aws_secretsmanager_secret_rotation", "secret_id",
    "aws_secretsmanager_secret", "name" },
};

static void name_edges(tf_ctx *c)
{
  if (mls_model_name_edges(c->model, name_links,
                           sizeof(name_links) / sizeof(name_links[0]),
                           true) < 0) {
    tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
  }
}

/* Account-wide settings the root deploys hold for every resource of the
 * kinds they govern: each gets an edge from the setting (path
 * "account_id"), so a rule that asks for the resource's own setting can
 * find the account's with `connected` (docs/tf-eval.md). */
static const struct {
  const char *from;  /* the account setting's type */
  const char *to[4]; /* the types it holds for */
} account_settings[] = {
  /* S3 Block Public Access for the account. */
  { "aws_s3_account_public_access_block", { "aws_s3_bucket" } },
  /* EBS encryption by default, in the provider's region. */
  { "aws_ebs_encryption_by_default",
    { "aws_ebs_volume", "aws_instance", "aws_launch_template",
      "aws_launch_configuration" } },
  /* The KMS key EBS encrypts with by default, in the region. */
  { "aws_ebs_default_kms_key", { "aws_ebs_volume" } },
  /* The instance metadata defaults of the account, in the region. */
  { "aws_ec2_instance_metadata_defaults",
    { "aws_instance", "aws_launch_template", "aws_launch_configuration" } },
  /* A Google Cloud project's metadata (OS Login, project SSH keys), for
   * its VMs: the root's, whatever project each names. */
  { "google_compute_project_metadata",
    { "google_compute_instance", "google_compute_instance_template",
      "google_compute_region_instance_template" } },
  { "google_compute_project_metadata_item",
    { "google_compute_instance", "google_compute_instance_template",
      "google_compute_region_instance_template" } },
};

#define NSETTINGS (sizeof(account_settings) / sizeof(account_settings[0]))

static bool account_governs(size_t s, mls_span type)
{
  for (size_t k = 0;
       k < sizeof(account_settings[s].to) / sizeof(account_settings[s].to[0]) &&
       account_settings[s].to[k];
       k++) {
    if (mls_span_eq(type, account_settings[s].to[k])) {
      return true;
    }
  }
  return false;
}

static void account_edges(tf_ctx *c)
{
  const mls_model *m = c->model;

  for (uint32_t i = 0; i < m->nresources && !c->fail; i++) {
    const mls_resource *a = &m->resources[i];
    size_t s;
    if (a->mode != MLS_RM_MANAGED || !a->deployed) {
      continue;
    }
    for (s = 0;
         s < NSETTINGS && !mls_span_eq(a->type, account_settings[s].from);
         s++) {
    }
    if (s == NSETTINGS) {
      continue;
    }
    for (uint32_t j = 0; j < m->nresources && !c->fail; j++) {
      const mls_resource *b = &m->resources[j];
      mls_edge e;
      if (b->mode != MLS_RM_MANAGED || !account_governs(s, b->type)) {
        continue;
      }
      e.from = i;
      e.to = j;
      e.path = mls_span_of("account_id", 10);
      e.attr = mls_span_of("", 0);
      if (mls_model_add_edge(c->model, &e) < 0) {
        tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
      }
    }
  }
}

/* A root whose managed resources are all left out by their count or
 * for_each (create = false by default, a feature flag not set) gets no
 * result at all: say so once, so that an empty report is not read as a
 * clean one. */
static void undeployed_note(tf_ctx *c, const char *dir)
{
  uint32_t managed = 0;
  for (uint32_t i = 0; i < c->model->nresources; i++) {
    const mls_resource *r = &c->model->resources[i];
    if (r->mode != MLS_RM_MANAGED) {
      continue;
    }
    if (r->deployed) {
      return;
    }
    managed++;
  }
  if (managed > 0) {
    uint32_t quiet = c->quiet;
    c->quiet = 0;
    tf__diag(c, MLS_OK, MLS_SEV_NOTE, TF_NO_FILE, NULL,
             "%s: none of its %u resources is deployed with the values given "
             "(count or for_each leaves each out), so none is checked; set "
             "the variables that enable them (--var, --var-file, --env)",
             dir[0] ? dir : ".", managed);
    c->quiet = quiet;
  }
}

/* ---- the entry point --------------------------------------------------- */

int tf_eval_root(mls_model **out, tf_loader *ld, const char *dir,
                 const tf_opts *opts, mls_diag *diag)
{
  static const tf_opts no_opts = TF_OPTS_INIT;
  tf_ctx c;
  tf_module *mod;
  int rc = MLS_OK;

  *out = NULL;
  memset(&c, 0, sizeof(c));
  if (!(mod = tf__module_load(ld, dir))) {
    return MLS_ENOMEM;
  }
  if (mod->rc < 0) {
    if (mod->rc == MLS_EINPUT) {
      return mls_diag_note(diag, MLS_EINPUT, MLS_SEV_ERROR, NULL,
                           "%s: no Terraform configuration (.tf, .tf.json)",
                           dir[0] ? dir : ".");
    }
    return mls_diag_note(diag, mod->rc, MLS_SEV_ERROR, NULL,
                         "%s: cannot read the directory", dir[0] ? dir : ".");
  }
  c.ld = ld;
  c.diag = diag;
  c.opts = opts ? opts : &no_opts;
  mls_buf_init(&c.path, MLS_MAX_DIAG_MESSAGE);
  if (!(c.model = mls_model_new()) ||
      !(c.oom = mls_calloc(1, sizeof(*c.oom)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  c.a = c.model->arena;
  c.oom->kind = MLS_V_UNKNOWN;
  c.oom->file = MLS_NO_FILE;
  c.oom->u.unknown.expr = mls_span_of("", 0);
  c.oom->u.unknown.why = "error: evaluation stopped";
  if (c.opts->manifest) {
    load_manifest(&c, dir);
  }
  c.root = minst_new(&c, mod, NULL, NULL, NULL, mls_span_of("", 0));
  if (c.root) {
    tf__root_vars(&c);
  }
  if (!c.fail) {
    emit(&c, c.root, 0);
  }
  if (!c.fail) {
    edges(&c, c.root);
  }
  if (!c.fail) {
    name_edges(&c);
  }
  if (!c.fail) {
    account_edges(&c);
  }
  if (!c.fail) {
    undeployed_note(&c, dir);
  }
  rc = c.fail;
  if (!rc && mls_arena_failed(c.a)) {
    rc = mls_arena_capped(c.a) ? MLS_ELIMIT : MLS_ENOMEM;
  }
  if (rc == MLS_ELIMIT) {
    c.quiet = 0;
    tf__diag(&c, MLS_ELIMIT, MLS_SEV_ERROR, TF_NO_FILE, NULL,
             "%s: the module's evaluation passed a bound of "
             "core/base/limits.h (%s); no result",
             dir[0] ? dir : ".",
             mls_arena_capped(c.a) ? "the model's memory" : "see above");
  } else if (rc == MLS_ENOMEM) {
    mls_diag_note(diag, MLS_ENOMEM, MLS_SEV_ERROR, NULL,
                  "%s: out of memory while evaluating", dir[0] ? dir : ".");
  }
done:
  mls_buf_dispose(&c.path);
  mls_free(c.fmap);
  mls_free(c.shapes);
  mls_free(c.oom);
  if (rc == MLS_OK) {
    *out = c.model;
  } else {
    mls_model_free(c.model);
  }
  return rc;
}
