/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/ytree_bin.c -- a rule file's YAML tree as bytes, and back.
 *
 * Stage: build time and rule loading. The built-in library is read into
 * trees once, when mlsweep is built (core/rules/gen/rulec.c writes them
 * next to the YAML it embeds), so a sweep does not run libyaml over 440 KB
 * of rules at every start: decoding is one pass that points scalars into
 * the embedded bytes. The bytes are the build's own, yet the decoder still
 * checks every length and bounds depth and node count as the YAML reader
 * does, so a damaged table is an error, not a crash.
 *
 * Layout (little-endian), node by node in preorder: u8 kind, u8 plain,
 * u32 line, u32 col; a scalar then has u32 len and len bytes and a NUL; a
 * sequence or mapping has u32 n, u32 bytes (the length of what follows)
 * and its n children (a mapping's are key, value, key, value, ...). The
 * length lets a reader that wants only a rule's metadata step over its
 * conditions (rule__ytree_decode_meta): most of a rule's nodes, and
 * compiled only when a sweep evaluates something.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>

static int put_u32(mls_buf *b, uint32_t v)
{
  unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                         (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
  return mls_buf_put(b, x, 4);
}

static int encode(mls_buf *b, const ynode *n, unsigned depth)
{
  unsigned char head[2] = { (unsigned char)n->kind, n->plain ? 1 : 0 };
  int rc;
  if (depth > MLS_MAX_NESTING) {
    return MLS_ELIMIT;
  }
  rc = mls_buf_put(b, head, 2);
  rc = rc < 0 ? rc : put_u32(b, n->line);
  rc = rc < 0 ? rc : put_u32(b, n->col);
  if (n->kind == Y_SCALAR) {
    if (n->len > UINT32_MAX - 1) {
      return MLS_ELIMIT;
    }
    rc = rc < 0 ? rc : put_u32(b, (uint32_t)n->len);
    rc = rc < 0 || !n->len ? rc : mls_buf_put(b, n->s, n->len);
    return rc < 0 ? rc : mls_buf_putc(b, '\0');
  }
  rc = rc < 0 ? rc : put_u32(b, n->n);
  rc = rc < 0 ? rc : put_u32(b, 0); /* the children's bytes, set below */
  if (rc < 0) {
    return rc;
  }
  {
    size_t at = b->len, len;
    for (uint32_t i = 0; i < n->n && rc >= 0; i++) {
      rc = encode(b, n->kids[i], depth + 1);
    }
    len = b->len - at;
    if (rc < 0 || len > UINT32_MAX) {
      return rc < 0 ? rc : MLS_ELIMIT;
    }
    for (int i = 0; i < 4; i++) {
      b->ptr[at - 4 + (size_t)i] = (char)(unsigned char)(len >> (8 * i));
    }
  }
  return rc;
}

int rule__ytree_encode(mls_buf *out, const ynode *root)
{
  return encode(out, root, 0);
}

typedef struct ydec {
  const unsigned char *p; /* next byte */
  size_t left;            /* bytes after p */
  mls_arena *a;           /* nodes and child arrays */
  uint32_t nodes;         /* nodes made */
  int err;                /* first error */
  bool meta;              /* step over conditions (decode_meta) */
  bool bindings;          /* step over all but the bindings (decode_bindings) */
} ydec;

static uint32_t get_u32(ydec *d)
{
  uint32_t v;
  if (d->left < 4) {
    d->err = MLS_EINPUT;
    return 0;
  }
  v = (uint32_t)d->p[0] | (uint32_t)d->p[1] << 8 | (uint32_t)d->p[2] << 16 |
      (uint32_t)d->p[3] << 24;
  d->p += 4;
  d->left -= 4;
  return v;
}

static ynode *decode(ydec *d, unsigned depth, bool skip);

/* Whether n is the key `terraform` or `cloudformation`: a binding. */
static bool is_binding_key(const ynode *n)
{
  return n && n->kind == Y_SCALAR &&
         ((n->len == 9 && memcmp(n->s, "terraform", 9) == 0) ||
          (n->len == 14 && memcmp(n->s, "cloudformation", 14) == 0));
}

/* Whether n is the key `condition`. */
static bool is_condition_key(const ynode *n)
{
  return n && n->kind == Y_SCALAR && n->len == 9 &&
         memcmp(n->s, "condition", 9) == 0;
}

/* skip: the node is a binding's condition and the reader wants only
 * metadata: a sequence or mapping comes back empty, its children stepped
 * over by their length. */
static ynode *decode(ydec *d, unsigned depth, bool skip)
{
  ynode *n;
  size_t bytes, left0;
  if (depth > MLS_MAX_NESTING || ++d->nodes > MLS_MAX_RULE_NODES ||
      d->left < 2 || d->p[0] > Y_MAP || d->p[1] > 1) {
    d->err = d->err ? d->err : MLS_EINPUT;
    return NULL;
  }
  if (!(n = mls_arena_zalloc(d->a, sizeof(*n)))) {
    d->err = MLS_ENOMEM;
    return NULL;
  }
  n->kind = (ykind)d->p[0];
  n->plain = d->p[1] == 1;
  d->p += 2;
  d->left -= 2;
  n->line = get_u32(d);
  n->col = get_u32(d);
  if (n->kind == Y_SCALAR) {
    uint32_t len = get_u32(d);
    if (d->err || len >= d->left || d->p[len] != '\0') {
      d->err = d->err ? d->err : MLS_EINPUT;
      return NULL;
    }
    n->s = (const char *)d->p; /* points into the table: no copy */
    n->len = len;
    d->p += (size_t)len + 1;
    d->left -= (size_t)len + 1;
    return n;
  }
  n->n = get_u32(d);
  bytes = get_u32(d);
  /* Each child takes at least 10 bytes. */
  if (d->err || n->n > d->left / 10 || bytes > d->left ||
      (n->kind == Y_MAP && n->n % 2 != 0)) {
    d->err = d->err ? d->err : MLS_EINPUT;
    return NULL;
  }
  if (skip) {
    d->p += bytes;
    d->left -= bytes;
    n->n = 0;
    return n;
  }
  if (n->n > 0 &&
      !(n->kids = mls_arena_alloc(d->a, (size_t)n->n * sizeof(*n->kids)))) {
    d->err = MLS_ENOMEM;
    return NULL;
  }
  left0 = d->left;
  for (uint32_t i = 0; i < n->n; i++) {
    /* A binding (a mapping under the root's) has its condition: stepped
     * over when only metadata is wanted. */
    bool s = (d->meta && n->kind == Y_MAP && depth == 1 && i % 2 == 1 &&
              is_condition_key(n->kids[i - 1])) ||
             (d->bindings && n->kind == Y_MAP && depth == 0 && i % 2 == 1 &&
              !is_binding_key(n->kids[i - 1]));
    if (!(n->kids[i] = decode(d, depth + 1, s))) {
      return NULL;
    }
  }
  if (left0 - d->left != bytes) {
    d->err = MLS_EINPUT; /* the length does not match the children */
    return NULL;
  }
  return n;
}

static int decode_tree(ynode **out, mls_arena *a, const unsigned char *bytes,
                       size_t len, bool meta, bool bindings)
{
  ydec d = { bytes, len, a, 0, MLS_OK, meta, bindings };
  ynode *root = decode(&d, 0, false);
  *out = NULL;
  if (!root || d.err) {
    return d.err ? d.err : MLS_EINPUT;
  }
  if (d.left != 0) {
    return MLS_EINPUT;
  }
  *out = root;
  return MLS_OK;
}

int rule__ytree_decode(ynode **out, mls_arena *a, const unsigned char *bytes,
                       size_t len)
{
  return decode_tree(out, a, bytes, len, false, false);
}

int rule__ytree_decode_meta(ynode **out, mls_arena *a,
                            const unsigned char *bytes, size_t len)
{
  return decode_tree(out, a, bytes, len, true, false);
}

int rule__ytree_decode_bindings(ynode **out, mls_arena *a,
                                const unsigned char *bytes, size_t len)
{
  return decode_tree(out, a, bytes, len, false, true);
}
