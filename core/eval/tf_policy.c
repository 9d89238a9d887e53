/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_policy.c -- IAM policy documents as value trees: the
 * aws_iam_policy_document data source evaluated statically, and JSON policy
 * strings (jsonencode(), heredocs, file()) decoded for rules.
 *
 * Stage: evaluation. Rules ask "does any statement Allow s3:* on *", so a
 * policy must be a tree, not a string. Decision (docs/tf-eval.md): in the
 * body rules see, an attribute that holds a JSON policy is replaced by the
 * decoded tree, flagged MLS_VF_JSON; the string is its JSON encoding, so
 * nothing is lost. References keep seeing the string, as in Terraform. An
 * attribute is decoded when its name says policy ("policy", "*_policy",
 * "access_policies", "policy_document") or when its JSON object has a
 * "Statement" (the "json" of a policy document, say). Decoding accepts a
 * trailing comma before ] or }, as AWS does (tf_decode_policy_json());
 * jsondecode() itself stays strict.
 *
 * A policy whose string is unknown only because some of its parts are (an
 * ARN known after apply) keeps its structure: jsonencode() of a value with
 * unknown parts, a heredoc with unknown interpolations and a policy
 * document with unknown inputs record the tree they encode (a "shape")
 * against the unknown string, and decoding uses it, so Action and Effect
 * stay visible and only the unknown leaves are unknown. aws_iam_policy_
 * document's json follows the AWS provider's encoding: statement fields in
 * its order, a single-element list as a string, longer lists sorted in
 * reverse, principals and conditions merged by type and test.
 */
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>

#define MAX_DEPTH (MLS_MAX_NESTING * 4)

/* Placeholder for an unknown template part while its JSON is decoded:
 * U+E000, the part's index in decimal, U+E001 (private use characters,
 * valid inside JSON strings, never produced by a policy). */
#define PH_OPEN  "\xEE\x80\x80"
#define PH_CLOSE "\xEE\x80\x81"

/* ---- shapes ------------------------------------------------------------ */

static uint32_t ptr_hash(const void *p)
{
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= 0x9E3779B1u;
  return (uint32_t)(x ^ (x >> 15));
}

void tf__shape_put(tf_ctx *c, const mls_value *u, mls_value *tree)
{
  uint32_t mask, i;
  if (!u || u == c->oom ||
      (u->kind != MLS_V_UNKNOWN && u->kind != MLS_V_STRING)) {
    return;
  }
  if ((c->nshapes + 1) * 2 > c->capshapes) {
    uint32_t ncap = c->capshapes ? c->capshapes * 2 : 64;
    tf_shape_ent *nv = mls_calloc(ncap, sizeof(*nv));
    if (!nv) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    for (uint32_t j = 0; j < c->capshapes; j++) {
      if (c->shapes[j].unknown) {
        uint32_t k = ptr_hash(c->shapes[j].unknown) & (ncap - 1);
        while (nv[k].unknown) {
          k = (k + 1) & (ncap - 1);
        }
        nv[k] = c->shapes[j];
      }
    }
    mls_free(c->shapes);
    c->shapes = nv;
    c->capshapes = ncap;
  }
  mask = c->capshapes - 1;
  for (i = ptr_hash(u) & mask; c->shapes[i].unknown; i = (i + 1) & mask) {
    if (c->shapes[i].unknown == u) {
      c->shapes[i].tree = tree;
      return;
    }
  }
  c->shapes[i].unknown = u;
  c->shapes[i].tree = tree;
  c->nshapes++;
}

mls_value *tf__shape_get(const tf_ctx *c, const mls_value *u)
{
  uint32_t mask, i;
  if (!c->capshapes || !u) {
    return NULL;
  }
  mask = c->capshapes - 1;
  for (i = ptr_hash(u) & mask; c->shapes[i].unknown; i = (i + 1) & mask) {
    if (c->shapes[i].unknown == u) {
      return c->shapes[i].tree;
    }
  }
  return NULL;
}

/* ---- heredoc policies with unknown parts ------------------------------- */

/* Refine u, the unknown a decoded string leaf s stands for, with its end:
 * the last placeholder's part's own known end, then the text after it. */
static int refine_leaf_end(tf_ctx *c, mls_value *u, mls_span s,
                           mls_value **parts, uint32_t nparts)
{
  const char *p = s.ptr, *end = s.ptr + s.len, *close = NULL, *q;
  uint32_t idx = 0;

  for (q = p; q + 3 <= end; q++) {
    if (memcmp(q, PH_CLOSE, 3) == 0) {
      close = q;
    }
  }
  if (!close) {
    return MLS_OK;
  }
  /* Its index: the digits before PH_CLOSE, after PH_OPEN. */
  for (q = close; q > p && q[-1] >= '0' && q[-1] <= '9'; q--) {
  }
  if (q - p < 3 || memcmp(q - 3, PH_OPEN, 3) != 0 || q == close) {
    return MLS_OK;
  }
  for (const char *d = q; d < close; d++) {
    idx = idx * 10 + (uint32_t)(*d - '0');
    if (idx > nparts) {
      return MLS_OK;
    }
  }
  if (idx >= nparts || !parts[idx] || parts[idx]->kind != MLS_V_UNKNOWN) {
    return MLS_OK;
  }
  return mls_value_refine_suffix_after(
      c->a, u, parts[idx], mls_span_of(close + 3, (size_t)(end - close - 3)));
}

/* The tree of a JSON policy string, decoded the lenient way rules need
 * (tf_decode_policy_json(): a trailing comma is accepted); an error value
 * when it is not JSON, which callers treat as "not a policy". */
static mls_value *policy_json(tf_ctx *c, mls_value *str)
{
  mls_diag d = MLS_DIAG_INIT;
  tf_fn_ctx fc;
  mls_value *out = NULL;
  int rc;

  memset(&fc, 0, sizeof(fc));
  fc.arena = c->a;
  fc.diag = &d; /* not JSON after all: it stays a string, silently */
  rc = tf_decode_policy_json(&fc, str, &out);
  mls_diag_dispose(&d);
  if (rc == MLS_ENOMEM || mls_arena_failed(c->a)) {
    return tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
  }
  return rc < 0 || !out ? tf__unknown(c, TF_NO_FILE, NULL, "error: not JSON")
                        : out;
}

/* Track whether the JSON text so far ends inside a string. */
static void scan_json(const char *p, size_t n, bool *in_str, bool *esc)
{
  for (size_t i = 0; i < n; i++) {
    if (*esc) {
      *esc = false;
    } else if (*in_str && p[i] == '\\') {
      *esc = true;
    } else if (p[i] == '"') {
      *in_str = !*in_str;
    }
  }
}

/* Replace placeholder strings in a decoded tree with the unknown parts. */
static mls_value *substitute(tf_ctx *c, mls_value *v, mls_value **parts,
                             uint32_t nparts, int depth)
{
  if (depth > MAX_DEPTH || c->fail) {
    return v;
  }
  if (v->kind == MLS_V_STRING) {
    const char *p = v->u.str.ptr, *end = p + v->u.str.len, *q, *ph;
    uint32_t idx = 0;
    bool any = false;
    for (q = p; q + 3 <= end; q++) {
      if (memcmp(q, PH_OPEN, 3) == 0) {
        any = true;
        break;
      }
    }
    if (!any) {
      return v;
    }
    ph = q;
    for (q += 3; q < end && *q >= '0' && *q <= '9'; q++) {
      idx = idx * 10 + (uint32_t)(*q - '0');
      if (idx > nparts) {
        break;
      }
    }
    if (idx >= nparts || !parts[idx]) {
      return tf__unknown(c, TF_NO_FILE, NULL, "known after apply");
    }
    /* The whole string is one unknown part: that part. Otherwise the
     * string mixes known text with it: unknown, for the same reason, and
     * refined with the text before the part (then the part's own known
     * prefix), as a template is (docs/tf-eval.md). */
    if (v->u.str.len == (size_t)(q - p) + 3 && p + 3 <= end &&
        memcmp(p, PH_OPEN, 3) == 0) {
      return parts[idx];
    }
    {
      mls_value *u = mls_value_unknown(c->a, parts[idx]->u.unknown.expr,
                                       parts[idx]->u.unknown.why);
      const char *up = parts[idx]->u.unknown.prefix;
      size_t before = (size_t)(ph - p), n = up ? strlen(up) : 0;
      char *text = NULL;
      if (!u || (before + n && !(text = mls_arena_alloc(c->a, before + n)))) {
        return tf__fail(c, MLS_ENOMEM);
      }
      u->file = parts[idx]->file;
      u->range = parts[idx]->range;
      if (before + n) {
        memcpy(text, p, before);
        if (n) {
          memcpy(text + before, up, n);
        }
        if (mls_value_refine_prefix(c->a, u, mls_span_of(text, before + n)) <
            0) {
          return tf__fail(c, MLS_ENOMEM);
        }
      }
      if (refine_leaf_end(c, u, v->u.str, parts, nparts) < 0) {
        return tf__fail(c, MLS_ENOMEM);
      }
      return u;
    }
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      v->u.list.items[i] =
          substitute(c, v->u.list.items[i], parts, nparts, depth + 1);
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      v->u.map.entries[i].value =
          substitute(c, v->u.map.entries[i].value, parts, nparts, depth + 1);
    }
  }
  return v;
}

void tf__template_shape(tf_ctx *c, const hcl_expr *tmpl, mls_value **parts,
                        uint32_t nparts, const mls_value *result)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES + 64);
  bool in_str = false, esc = false;
  const hcl_expr *first;
  mls_value *str, *tree;
  int rc = MLS_OK;

  if (!nparts || c->fail) {
    return;
  }
  first = tmpl->u.tmpl.parts[0];
  if (first->kind != HCL_EXPR_LITERAL || first->u.lit.type != HCL_LIT_STRING ||
      !tf_looks_like_json(first->u.lit.str)) {
    return;
  }
  for (uint32_t i = 0; i < nparts && rc >= 0; i++) {
    const hcl_expr *p = tmpl->u.tmpl.parts[i];
    mls_span s;
    if (p->kind == HCL_EXPR_LITERAL && p->u.lit.type == HCL_LIT_STRING) {
      rc = mls_buf_put(&b, p->u.lit.str.ptr, p->u.lit.str.len);
      scan_json(p->u.lit.str.ptr, p->u.lit.str.len, &in_str, &esc);
      continue;
    }
    if (!parts[i]) {
      rc = MLS_ERROR;
      break;
    }
    if (parts[i]->kind == MLS_V_UNKNOWN) {
      rc = mls_buf_printf(&b, "%s" PH_OPEN "%u" PH_CLOSE "%s",
                          in_str ? "" : "\"", i, in_str ? "" : "\"");
      continue;
    }
    if (!tf__as_string(parts[i], &s)) {
      rc = MLS_ERROR; /* a list or null: the template was an error */
      break;
    }
    rc = mls_buf_put(&b, s.ptr, s.len);
    scan_json(s.ptr, s.len, &in_str, &esc);
  }
  if (rc < 0 || !b.len) {
    mls_buf_dispose(&b);
    return;
  }
  str = mls_value_string(c->a, mls_span_of(b.ptr, b.len));
  mls_buf_dispose(&b);
  if (!str) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  tree = policy_json(c, str);
  if (tree->kind != MLS_V_MAP && tree->kind != MLS_V_LIST) {
    return;
  }
  tf__shape_put(c, result, substitute(c, tree, parts, nparts, 0));
}

/* ---- decoding policy attributes ---------------------------------------- */

static bool ends_with(mls_span s, const char *suffix)
{
  size_t k = strlen(suffix);
  return s.len >= k && memcmp(s.ptr + s.len - k, suffix, k) == 0;
}

static bool policy_name(mls_span k)
{
  return mls_span_eq(k, "policy") || ends_with(k, "_policy") ||
         mls_span_eq(k, "access_policies") || mls_span_eq(k, "policy_document");
}

static bool contains(mls_span s, const char *needle)
{
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= s.len; i++) {
    if (s.ptr[i] == needle[0] && memcmp(s.ptr + i, needle, k) == 0) {
      return true;
    }
  }
  return false;
}

static bool has_statement(const mls_value *v)
{
  return v && v->kind == MLS_V_MAP && mls_value_get(v, "Statement") != NULL;
}

/* The decoded tree for one attribute value, or NULL to keep it; `any`
 * decodes any JSON object or array, not only a policy. */
static mls_value *decode_one(tf_ctx *c, mls_span key, mls_value *v, bool any)
{
  mls_value *tree = NULL, *out;
  bool named = any || policy_name(key);

  if (v->kind == MLS_V_UNKNOWN || v->kind == MLS_V_STRING) {
    tree = tf__shape_get(c, v);
  }
  if (!tree && v->kind == MLS_V_STRING && tf_looks_like_json(v->u.str) &&
      (named || contains(v->u.str, "\"Statement\""))) {
    tree = policy_json(c, v);
    if (named && tree && tree->kind == MLS_V_UNKNOWN &&
        strncmp(tree->u.unknown.why, "error:", 6) == 0) {
      /* A policy that is not JSON: the provider refuses it (the aws
       * provider validates every policy argument), and a string would
       * pass every rule that looks for a statement in it. */
      const char *why = tree->u.unknown.why + 6;
      while (*why == ' ') {
        why++;
      }
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, v->file, &v->range,
               "\"%.*s\" is not valid JSON: %s", (int)key.len, key.ptr, why);
      return tf__unknown(c, v->file, &v->range, tree->u.unknown.why);
    }
  }
  if (!tree || (tree->kind != MLS_V_MAP && tree->kind != MLS_V_LIST) ||
      (!named && !has_statement(tree))) {
    return NULL;
  }
  if (!(out = tf__with_flags(c, tree, MLS_VF_JSON)) || out == c->oom) {
    return NULL;
  }
  out->flags &= (uint16_t) ~(MLS_VF_BLOCK | TF_VF_OPEN);
  out->file = v->file;
  out->range = v->range;
  return out;
}

mls_value *tf__decode_policies(tf_ctx *c, mls_value *body, int depth)
{
  mls_map_entry *ents = NULL;
  mls_value *out;

  if (!body || body->kind != MLS_V_MAP || depth > MLS_MAX_NESTING || c->fail) {
    return body;
  }
  for (uint32_t i = 0; i < body->u.map.n; i++) {
    mls_map_entry *en = &body->u.map.entries[i];
    mls_value *nv = NULL;
    if (en->value->kind == MLS_V_MAP && !(en->value->flags & MLS_VF_JSON)) {
      /* An object attribute: the Cloud Control provider nests settings
       * so. */
      nv = tf__decode_policies(c, en->value, depth + 1);
      nv = nv == en->value ? NULL : nv;
    } else if (en->value->kind == MLS_V_LIST &&
               !(en->value->flags & MLS_VF_JSON)) {
      /* Nested blocks, and lists of objects: awscc_iam_role's `policies`
       * holds each inline policy's `policy_document` as a JSON string. */
      mls_value *list = en->value;
      mls_value **items = NULL;
      for (uint32_t j = 0; j < list->u.list.n; j++) {
        mls_value *b = tf__decode_policies(c, list->u.list.items[j], depth + 1);
        if (b != list->u.list.items[j] && !items) {
          items = mls_arena_memdup(c->a, list->u.list.items,
                                   list->u.list.n * sizeof(*items));
          if (!items) {
            tf__fail(c, MLS_ENOMEM);
            return body;
          }
        }
        if (items) {
          items[j] = b;
        }
      }
      if (items) {
        nv = mls_arena_memdup(c->a, list, sizeof(*list));
        if (!nv) {
          tf__fail(c, MLS_ENOMEM);
          return body;
        }
        nv->u.list.items = items;
      }
    } else {
      nv = decode_one(c, en->key, en->value, false);
    }
    if (!nv) {
      continue;
    }
    if (!ents) {
      ents = mls_arena_memdup(c->a, body->u.map.entries,
                              body->u.map.n * sizeof(*ents));
      if (!ents) {
        tf__fail(c, MLS_ENOMEM);
        return body;
      }
    }
    ents[i].value = nv;
  }
  if (!ents) {
    return body;
  }
  if (!(out = mls_arena_memdup(c->a, body, sizeof(*body)))) {
    tf__fail(c, MLS_ENOMEM);
    return body;
  }
  out->u.map.entries = ents;
  return out;
}

mls_value *tf__decode_azapi_body(tf_ctx *c, mls_value *body)
{
  mls_map_entry *ents;
  mls_value *out, *nv;
  uint32_t i;

  if (!body || body->kind != MLS_V_MAP || c->fail) {
    return body;
  }
  for (i = 0; i < body->u.map.n; i++) {
    if (mls_span_eq(body->u.map.entries[i].key, "body")) {
      break;
    }
  }
  if (i == body->u.map.n ||
      !(nv = decode_one(c, body->u.map.entries[i].key,
                        body->u.map.entries[i].value, true))) {
    return body;
  }
  if (!(ents = mls_arena_memdup(c->a, body->u.map.entries,
                                body->u.map.n * sizeof(*ents))) ||
      !(out = mls_arena_memdup(c->a, body, sizeof(*body)))) {
    tf__fail(c, MLS_ENOMEM);
    return body;
  }
  ents[i].value = nv;
  out->u.map.entries = ents;
  return out;
}

/* ---- aws_iam_policy_document ------------------------------------------- */

/* A growable map under construction (keys unique). */
typedef struct tmap {
  mls_map_entry *v; /* ctx arena */
  uint32_t n;
  uint32_t cap;
} tmap;

static mls_map_entry *tm_find(tmap *m, mls_span k)
{
  for (uint32_t i = 0; i < m->n; i++) {
    if (m->v[i].key.len == k.len &&
        (k.len == 0 || memcmp(m->v[i].key.ptr, k.ptr, k.len) == 0)) {
      return &m->v[i];
    }
  }
  return NULL;
}

static bool tm_put(tf_ctx *c, tmap *m, mls_span k, mls_value *v)
{
  mls_map_entry *en = tm_find(m, k);
  if (en) {
    en->value = v;
    return true;
  }
  if (m->n == m->cap) {
    uint32_t ncap = m->cap ? m->cap * 2 : 8;
    mls_map_entry *nv = mls_arena_alloc(c->a, ncap * sizeof(*nv));
    if (!nv) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    if (m->n) {
      memcpy(nv, m->v, m->n * sizeof(*nv));
    }
    m->v = nv;
    m->cap = ncap;
  }
  m->v[m->n].key = k;
  m->v[m->n].value = v;
  m->n++;
  return true;
}

static mls_value *tm_value(tf_ctx *c, tmap *m)
{
  mls_value *v = mls_value_map(c->a, m->v, m->n);
  return v ? v : tf__fail(c, MLS_ENOMEM);
}

mls_value *tf__with_attr(tf_ctx *c, mls_value *body, mls_span key, mls_value *v)
{
  tmap out = { NULL, 0, 0 };
  mls_value *nb;

  for (uint32_t i = 0; i < body->u.map.n; i++) {
    tm_put(c, &out, body->u.map.entries[i].key, body->u.map.entries[i].value);
  }
  tm_put(c, &out, key, v);
  if (c->fail || !(nb = tm_value(c, &out))) {
    return body;
  }
  nb->flags = body->flags;
  nb->file = body->file;
  nb->range = body->range;
  return nb;
}

static mls_value *str_value(tf_ctx *c, const char *s)
{
  mls_value *v = mls_value_string_borrowed(c->a, mls_span_of(s, strlen(s)));
  return v ? v : tf__fail(c, MLS_ENOMEM);
}

static int span_cmp(mls_span a, mls_span b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  int r = n ? memcmp(a.ptr, b.ptr, n) : 0;
  return r ? r : (a.len < b.len ? -1 : a.len > b.len ? 1 : 0);
}

/* The provider's string list: one element as a string, more sorted in
 * reverse; NULL (omit) for null, absent or empty. Unknowns stay. */
static mls_value *string_list(tf_ctx *c, const mls_value *v)
{
  mls_value **items;
  uint32_t n;
  if (!v || v->kind == MLS_V_NULL) {
    return NULL;
  }
  if (v->kind != MLS_V_LIST) {
    return (mls_value *)(uintptr_t)v;
  }
  n = v->u.list.n;
  if (n == 0) {
    return NULL;
  }
  if (n == 1) {
    return v->u.list.items[0];
  }
  for (uint32_t i = 0; i < n; i++) {
    if (v->u.list.items[i]->kind != MLS_V_STRING) {
      return (mls_value *)(uintptr_t)v;
    }
  }
  if (!(items = mls_arena_memdup(c->a, v->u.list.items, n * sizeof(*items)))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  /* Insertion sort, descending: statement lists are short. */
  for (uint32_t i = 1; i < n; i++) {
    mls_value *x = items[i];
    uint32_t j = i;
    while (j > 0 && span_cmp(items[j - 1]->u.str, x->u.str) < 0) {
      items[j] = items[j - 1];
      j--;
    }
    items[j] = x;
  }
  return mls_value_list(c->a, items, n);
}

/* Append the strings of list v (or v itself) to the list value in *slot. */
static void append_list(tf_ctx *c, mls_value **slot, mls_value *add)
{
  mls_value *cur = *slot, **items;
  uint32_t na, nb;
  if (!cur) {
    *slot = add;
    return;
  }
  if (cur->kind == MLS_V_UNKNOWN || add->kind == MLS_V_UNKNOWN) {
    *slot = cur->kind == MLS_V_UNKNOWN ? cur : add;
    return;
  }
  na = cur->kind == MLS_V_LIST ? cur->u.list.n : 1;
  nb = add->kind == MLS_V_LIST ? add->u.list.n : 1;
  if (!(items = mls_arena_alloc(c->a, (na + nb) * sizeof(*items)))) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  for (uint32_t i = 0; i < na; i++) {
    items[i] = cur->kind == MLS_V_LIST ? cur->u.list.items[i] : cur;
  }
  for (uint32_t i = 0; i < nb; i++) {
    items[na + i] = add->kind == MLS_V_LIST ? add->u.list.items[i] : add;
  }
  *slot = mls_value_list(c->a, items, na + nb);
}

static const mls_value *blocks_of(const mls_value *m, const char *type)
{
  const mls_value *l = mls_value_get(m, type);
  return l && l->kind == MLS_V_LIST ? l : NULL;
}

/* principals / not_principals blocks into {"AWS": ..., "Service": ...}. */
static mls_value *principals(tf_ctx *c, const mls_value *blocks)
{
  tmap m = { NULL, 0, 0 };
  if (!blocks || blocks->u.list.n == 0) {
    return NULL;
  }
  for (uint32_t i = 0; i < blocks->u.list.n; i++) {
    const mls_value *b = blocks->u.list.items[i];
    const mls_value *type = mls_value_get(b, "type");
    mls_value *ids = string_list(c, mls_value_get(b, "identifiers"));
    mls_map_entry *en;
    if (!type || type->kind == MLS_V_UNKNOWN) {
      return type ? (mls_value *)(uintptr_t)type : NULL;
    }
    if (type->kind != MLS_V_STRING || !ids) {
      continue;
    }
    if (blocks->u.list.n == 1 && mls_span_eq(type->u.str, "*")) {
      return str_value(c, "*");
    }
    en = tm_find(&m, type->u.str);
    if (en) {
      append_list(c, &en->value, ids);
    } else if (!tm_put(c, &m, type->u.str, ids)) {
      return NULL;
    }
  }
  /* Go marshals a map with its keys sorted. */
  for (uint32_t i = 1; i < m.n; i++) {
    mls_map_entry x = m.v[i];
    uint32_t j = i;
    while (j > 0 && span_cmp(m.v[j - 1].key, x.key) > 0) {
      m.v[j] = m.v[j - 1];
      j--;
    }
    m.v[j] = x;
  }
  return m.n ? tm_value(c, &m) : NULL;
}

/* condition blocks into {"test": {"variable": values}}. */
static mls_value *conditions(tf_ctx *c, const mls_value *blocks)
{
  tmap m = { NULL, 0, 0 };
  if (!blocks || blocks->u.list.n == 0) {
    return NULL;
  }
  for (uint32_t i = 0; i < blocks->u.list.n; i++) {
    const mls_value *b = blocks->u.list.items[i];
    const mls_value *test = mls_value_get(b, "test");
    const mls_value *var = mls_value_get(b, "variable");
    mls_value *vals = string_list(c, mls_value_get(b, "values"));
    mls_map_entry *en;
    tmap inner = { NULL, 0, 0 };
    if (!test || !var || test->kind != MLS_V_STRING ||
        var->kind != MLS_V_STRING || !vals) {
      if ((test && test->kind == MLS_V_UNKNOWN) ||
          (var && var->kind == MLS_V_UNKNOWN)) {
        return tf__unknown(c, TF_NO_FILE, NULL,
                           "a condition's test or variable is unknown");
      }
      continue;
    }
    en = tm_find(&m, test->u.str);
    if (en) {
      inner.v = en->value->u.map.entries;
      inner.n = inner.cap = en->value->u.map.n;
    }
    {
      mls_map_entry *ve = tm_find(&inner, var->u.str);
      if (ve) {
        append_list(c, &ve->value, vals);
      } else if (!tm_put(c, &inner, var->u.str, vals)) {
        return NULL;
      }
    }
    if (en) {
      en->value = tm_value(c, &inner);
    } else if (!tm_put(c, &m, test->u.str, tm_value(c, &inner))) {
      return NULL;
    }
  }
  return m.n ? tm_value(c, &m) : NULL;
}

static mls_value *statement(tf_ctx *c, const mls_value *b)
{
  static const struct {
    const char *json; /* key in the policy */
    const char *attr; /* argument of the statement block */
  } lists[] = { { "Action", "actions" },
                { "NotAction", "not_actions" },
                { "Resource", "resources" },
                { "NotResource", "not_resources" } };
  tmap m = { NULL, 0, 0 };
  const mls_value *sid = mls_value_get(b, "sid");
  const mls_value *effect = mls_value_get(b, "effect");
  mls_value *x;

  if (sid && !(sid->kind == MLS_V_STRING && sid->u.str.len == 0) &&
      sid->kind != MLS_V_NULL) {
    tm_put(c, &m, mls_span_of("Sid", 3), (mls_value *)(uintptr_t)sid);
  }
  tm_put(c, &m, mls_span_of("Effect", 6),
         effect && effect->kind != MLS_V_NULL ? (mls_value *)(uintptr_t)effect
                                              : str_value(c, "Allow"));
  for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
    if ((x = string_list(c, mls_value_get(b, lists[i].attr))) != NULL) {
      tm_put(c, &m, mls_span_of(lists[i].json, strlen(lists[i].json)), x);
    }
  }
  if ((x = principals(c, blocks_of(b, "principals"))) != NULL) {
    tm_put(c, &m, mls_span_of("Principal", 9), x);
  }
  if ((x = principals(c, blocks_of(b, "not_principals"))) != NULL) {
    tm_put(c, &m, mls_span_of("NotPrincipal", 12), x);
  }
  if ((x = conditions(c, blocks_of(b, "condition"))) != NULL) {
    tm_put(c, &m, mls_span_of("Condition", 9), x);
  }
  return tm_value(c, &m);
}

/* Statements of another policy document (source_ or override_policy_
 * documents): from a known JSON string or a recorded shape. */
static const mls_value *doc_statements(tf_ctx *c, mls_value *doc, bool *unk)
{
  const mls_value *tree = tf__shape_get(c, doc), *st;
  if (!tree && doc->kind == MLS_V_STRING) {
    c->quiet++;
    tree = tf__call(c, "jsondecode", &doc, 1);
    c->quiet--;
  }
  if (!tree || tree->kind != MLS_V_MAP) {
    *unk = true;
    return NULL;
  }
  st = mls_value_get(tree, "Statement");
  if (st && st->kind == MLS_V_MAP) {
    return st; /* a lone statement object */
  }
  return st && st->kind == MLS_V_LIST ? st : NULL;
}

/* Add statement st to the list, replacing one with the same non-empty Sid
 * when `replace`. */
static bool add_statement(tf_ctx *c, mls_value ***items, uint32_t *n,
                          uint32_t *cap, mls_value *st, bool replace)
{
  const mls_value *sid = mls_value_get(st, "Sid");
  if (replace && sid && sid->kind == MLS_V_STRING && sid->u.str.len) {
    for (uint32_t i = 0; i < *n; i++) {
      const mls_value *other = mls_value_get((*items)[i], "Sid");
      if (other && other->kind == MLS_V_STRING &&
          span_cmp(other->u.str, sid->u.str) == 0) {
        (*items)[i] = st;
        return true;
      }
    }
  }
  if (*n == *cap) {
    uint32_t ncap = *cap ? *cap * 2 : 8;
    mls_value **nv = mls_arena_alloc(c->a, ncap * sizeof(*nv));
    if (!nv) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    if (*n) {
      memcpy(nv, *items, *n * sizeof(*nv));
    }
    *items = nv;
    *cap = ncap;
  }
  (*items)[(*n)++] = st;
  return true;
}

static void add_doc_list(tf_ctx *c, const mls_value *docs, mls_value ***items,
                         uint32_t *n, uint32_t *cap, bool replace, bool *unk)
{
  if (!docs || docs->kind == MLS_V_NULL) {
    return;
  }
  if (docs->kind != MLS_V_LIST) {
    if (replace) {
      *unk = true;
    } else {
      /* Unknown source documents: unknown statements, before ours. */
      add_statement(c, items, n, cap,
                    docs->kind == MLS_V_UNKNOWN
                        ? (mls_value *)(uintptr_t)docs
                        : tf__unknown(c, TF_NO_FILE, NULL,
                                      "error: source_policy_documents is not "
                                      "a list"),
                    false);
    }
    return;
  }
  for (uint32_t i = 0; i < docs->u.list.n; i++) {
    bool this_unk = false;
    const mls_value *st = doc_statements(c, docs->u.list.items[i], &this_unk);
    if (this_unk && !replace) {
      /* An unknown source document adds statements we cannot see, and
       * cannot take any away: one unknown statement stands for them. */
      mls_value *u = docs->u.list.items[i];
      add_statement(c, items, n, cap,
                    u->kind == MLS_V_UNKNOWN
                        ? u
                        : tf__unknown(c, TF_NO_FILE, NULL,
                                      "a source policy document is not JSON"),
                    false);
      continue;
    }
    *unk = *unk || this_unk;
    if (!st) {
      continue;
    }
    if (st->kind == MLS_V_MAP) {
      add_statement(c, items, n, cap, (mls_value *)(uintptr_t)st, replace);
      continue;
    }
    for (uint32_t j = 0; j < st->u.list.n; j++) {
      add_statement(c, items, n, cap, st->u.list.items[j], replace);
    }
  }
}

/* Go's encoding/json string escaping (with its default HTML escaping). */
int tf__json_string(mls_buf *b, mls_span s)
{
  int rc = mls_buf_putc(b, '"');
  for (size_t i = 0; i < s.len && rc >= 0; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    if (ch == '"' || ch == '\\') {
      rc = mls_buf_putc(b, '\\');
      if (rc >= 0) {
        rc = mls_buf_putc(b, (char)ch);
      }
    } else if (ch == '\n') {
      rc = mls_buf_puts(b, "\\n");
    } else if (ch == '\r') {
      rc = mls_buf_puts(b, "\\r");
    } else if (ch == '\t') {
      rc = mls_buf_puts(b, "\\t");
    } else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
      rc = mls_buf_printf(b, "\\u%04x", ch);
    } else if (ch == 0xE2 && i + 2 < s.len &&
               (unsigned char)s.ptr[i + 1] == 0x80 &&
               ((unsigned char)s.ptr[i + 2] == 0xA8 ||
                (unsigned char)s.ptr[i + 2] == 0xA9)) {
      rc = mls_buf_printf(b, "\\u20%s",
                          (unsigned char)s.ptr[i + 2] == 0xA8 ? "28" : "29");
      i += 2;
    } else {
      rc = mls_buf_putc(b, (char)ch);
    }
  }
  return rc < 0 ? rc : mls_buf_putc(b, '"');
}

static int indent(mls_buf *b, int level)
{
  int rc = mls_buf_putc(b, '\n');
  for (int i = 0; i < level && rc >= 0; i++) {
    rc = mls_buf_puts(b, "  ");
  }
  return rc;
}

/* json.MarshalIndent(v, "", "  ") of a fully known value. */
static int put_json(mls_buf *b, const mls_value *v, int level)
{
  int rc = MLS_OK;
  if (level > MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  switch (v->kind) {
  case MLS_V_NULL:
    return mls_buf_puts(b, "null");
  case MLS_V_BOOL:
    return mls_buf_puts(b, v->u.b ? "true" : "false");
  case MLS_V_NUMBER:
    return mls_buf_put(b, v->u.num.text.ptr, v->u.num.text.len);
  case MLS_V_STRING:
    return tf__json_string(b, v->u.str);
  case MLS_V_LIST:
    if (v->u.list.n == 0) {
      return mls_buf_puts(b, "[]");
    }
    rc = mls_buf_putc(b, '[');
    for (uint32_t i = 0; i < v->u.list.n && rc >= 0; i++) {
      if (i) {
        rc = mls_buf_putc(b, ',');
      }
      if (rc >= 0) {
        rc = indent(b, level + 1);
      }
      if (rc >= 0) {
        rc = put_json(b, v->u.list.items[i], level + 1);
      }
    }
    if (rc >= 0) {
      rc = indent(b, level);
    }
    return rc < 0 ? rc : mls_buf_putc(b, ']');
  case MLS_V_MAP:
    if (v->u.map.n == 0) {
      return mls_buf_puts(b, "{}");
    }
    rc = mls_buf_putc(b, '{');
    for (uint32_t i = 0; i < v->u.map.n && rc >= 0; i++) {
      if (i) {
        rc = mls_buf_putc(b, ',');
      }
      if (rc >= 0) {
        rc = indent(b, level + 1);
      }
      if (rc >= 0) {
        rc = tf__json_string(b, v->u.map.entries[i].key);
      }
      if (rc >= 0) {
        rc = mls_buf_puts(b, ": ");
      }
      if (rc >= 0) {
        rc = put_json(b, v->u.map.entries[i].value, level + 1);
      }
    }
    if (rc >= 0) {
      rc = indent(b, level);
    }
    return rc < 0 ? rc : mls_buf_putc(b, '}');
  default:
    return MLS_ERROR;
  }
}

mls_value *tf__policy_document(tf_ctx *c, mls_value *body, mls_span addr,
                               uint32_t file, const mls_range *at)
{
  const mls_value *version, *id, *sts;
  mls_value **items = NULL, *doc, *json, *list;
  uint32_t n = 0, cap = 0;
  bool unk = false;
  tmap m = { NULL, 0, 0 };

  if (body->kind != MLS_V_MAP) {
    return body;
  }
  version = mls_value_get(body, "version");
  id = mls_value_get(body, "policy_id");
  add_doc_list(c, mls_value_get(body, "source_policy_documents"), &items, &n,
               &cap, false, &unk);
  sts = blocks_of(body, "statement");
  for (uint32_t i = 0; sts && i < sts->u.list.n; i++) {
    add_statement(c, &items, &n, &cap, statement(c, sts->u.list.items[i]),
                  true);
  }
  add_doc_list(c, mls_value_get(body, "override_policy_documents"), &items, &n,
               &cap, true, &unk);
  if (c->fail) {
    return body;
  }
  tm_put(c, &m, mls_span_of("Version", 7),
         version && version->kind != MLS_V_NULL
             ? (mls_value *)(uintptr_t)version
             : str_value(c, "2012-10-17"));
  if (id && id->kind != MLS_V_NULL) {
    tm_put(c, &m, mls_span_of("Id", 2), (mls_value *)(uintptr_t)id);
  }
  if (!(list = mls_value_list(c->a, items, n))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  tm_put(c, &m, mls_span_of("Statement", 9), list);
  doc = tm_value(c, &m);
  if (c->fail) {
    return body;
  }
  if (unk || mls_value_has_unknown(doc)) {
    /* The unknown names the reference that reads it, not the block. */
    char *expr = mls_arena_alloc(c->a, addr.len + 6);
    if (!expr) {
      return tf__fail(c, MLS_ENOMEM);
    }
    memcpy(expr, addr.ptr, addr.len);
    memcpy(expr + addr.len, ".json", 6);
    json = mls_value_unknown(c->a, mls_span_of(expr, addr.len + 5),
                             unk ? "an override policy document is unknown"
                                 : "the policy document has unknown parts");
    if (!json) {
      return tf__fail(c, MLS_ENOMEM);
    }
    tf__stamp(c, json, file, at);
    if (!unk) {
      tf__shape_put(c, json, doc);
    }
  } else {
    mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
    if (put_json(&b, doc, 0) < 0) {
      mls_buf_dispose(&b);
      json = tf__unknown(c, file, at, "error: the policy is too large");
    } else {
      json = mls_value_string(c->a, mls_span_of(b.ptr ? b.ptr : "", b.len));
      mls_buf_dispose(&b);
      if (!json) {
        return tf__fail(c, MLS_ENOMEM);
      }
      tf__stamp(c, json, file, at);
      /* The string decodes to exactly doc: record it so decoding does not
       * depend on jsondecode(). */
      tf__shape_put(c, json, doc);
    }
  }
  return tf__with_attr(c, body, mls_span_of("json", 4), json);
}
