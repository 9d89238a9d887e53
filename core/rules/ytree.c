/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/ytree.c -- one rule file's YAML into a small tree, through
 * libyaml's event API.
 *
 * Stage: rule loading (once per sweep). Rule files are untrusted: the tree
 * is built with an explicit stack bounded by MLS_MAX_NESTING, at most
 * MLS_MAX_RULE_NODES nodes, no aliases (a rule has no use for them, and
 * refusing them removes "billion laughs" outright), one document. libyaml
 * keeps its own state on the heap, so deep input cannot exhaust the C stack
 * before the bound is seen. Positions are libyaml's marks (lines 0-based
 * there, 1-based here).
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>
#include <yaml.h>

/* An open sequence or mapping and the children read so far. */
typedef struct yframe {
  ynode *node;   /* arena: the container */
  ynode **items; /* owned: children so far */
  uint32_t n;    /* entries in items */
  uint32_t cap;  /* entries allocated */
} yframe;

typedef struct yreader {
  mls_arena *a;   /* borrowed: where nodes go */
  mls_diag *diag; /* borrowed */
  yframe *stack;  /* owned: MLS_MAX_NESTING + 1 frames */
  uint32_t depth; /* open containers */
  uint32_t nodes; /* nodes made */
  uint32_t docs;  /* documents started */
  ynode *root;    /* arena: the document's node */
  int err;        /* first error */
} yreader;

static int fail(yreader *r, int rc, const yaml_mark_t *m, const char *msg)
{
  mls_range at;
  memset(&at, 0, sizeof(at));
  if (m) {
    at.start.line = (uint32_t)m->line + 1;
    at.start.col = (uint32_t)m->column + 1;
    at.end = at.start;
  }
  if (!r->err) {
    r->err = rc;
    mls_diag_add(r->diag, rc, m ? &at : NULL, "%s", msg);
  }
  return rc;
}

static int push_child(yreader *r, ynode *n, const yaml_mark_t *m)
{
  yframe *f;
  if (r->depth == 0) {
    if (r->root) {
      return fail(r, MLS_EINPUT, m, "more than one document");
    }
    r->root = n;
    return MLS_OK;
  }
  f = &r->stack[r->depth - 1];
  if (f->n == f->cap) {
    uint32_t ncap = f->cap ? f->cap * 2 : 8;
    ynode **ni = mls_realloc(f->items, (size_t)ncap * sizeof(*ni));
    if (!ni) {
      return fail(r, MLS_ENOMEM, m, "out of memory");
    }
    f->items = ni;
    f->cap = ncap;
  }
  f->items[f->n++] = n;
  return MLS_OK;
}

static ynode *new_node(yreader *r, ykind k, const yaml_mark_t *m)
{
  ynode *n;
  if (++r->nodes > MLS_MAX_RULE_NODES) {
    fail(r, MLS_ELIMIT, m, "rule file has too many YAML nodes");
    return NULL;
  }
  if (!(n = mls_arena_zalloc(r->a, sizeof(*n)))) {
    fail(r, MLS_ENOMEM, m, "out of memory");
    return NULL;
  }
  n->kind = k;
  n->line = (uint32_t)m->line + 1;
  n->col = (uint32_t)m->column + 1;
  return n;
}

static void on_event(yreader *r, const yaml_event_t *ev)
{
  const yaml_mark_t *m = &ev->start_mark;
  ynode *n;
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (++r->docs > 1) {
      fail(r, MLS_EINPUT, m, "a rule file holds one YAML document");
    }
    break;
  case YAML_ALIAS_EVENT:
    fail(r, MLS_EINPUT, m, "YAML aliases are not allowed in rule files");
    break;
  case YAML_SCALAR_EVENT:
    if (ev->data.scalar.length > MLS_MAX_STRING_BYTES) {
      fail(r, MLS_ELIMIT, m, "scalar too long");
      break;
    }
    if (!(n = new_node(r, Y_SCALAR, m))) {
      break;
    }
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
               !ev->data.scalar.tag;
    n->len = ev->data.scalar.length;
    if (!(n->s = mls_arena_strndup(r->a, (const char *)ev->data.scalar.value,
                                   n->len))) {
      fail(r, MLS_ENOMEM, m, "out of memory");
      break;
    }
    if (memchr(n->s, '\0', n->len)) {
      fail(r, MLS_EINPUT, m, "NUL byte in a scalar");
      break;
    }
    push_child(r, n, m);
    break;
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT:
    if (r->depth >= MLS_MAX_NESTING) {
      fail(r, MLS_ELIMIT, m, "rule file nests too deeply");
      break;
    }
    if (!(n = new_node(r, ev->type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ,
                       m))) {
      break;
    }
    if (push_child(r, n, m) < 0) {
      break;
    }
    memset(&r->stack[r->depth], 0, sizeof(r->stack[0]));
    r->stack[r->depth++].node = n;
    break;
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT: {
    yframe *f;
    if (r->depth == 0) {
      fail(r, MLS_EINPUT, m, "unbalanced YAML");
      break;
    }
    f = &r->stack[--r->depth];
    if (f->n) {
      size_t bytes;
      if (!mls_mul_sz(&bytes, f->n, sizeof(ynode *)) ||
          !(f->node->kids = mls_arena_alloc(r->a, bytes))) {
        fail(r, MLS_ENOMEM, m, "out of memory");
      } else {
        memcpy(f->node->kids, f->items, bytes);
        f->node->n = f->n;
      }
    }
    mls_free(f->items);
    f->items = NULL;
    if (!r->err && f->node->kind == Y_MAP) {
      /* Keys are scalars, each once: a repeated key would let a typo hide
       * the first value. */
      for (uint32_t i = 0; i < f->node->n; i += 2) {
        const ynode *k = f->node->kids[i];
        if (k->kind != Y_SCALAR) {
          mls_range at;
          memset(&at, 0, sizeof(at));
          at.start.line = k->line;
          at.start.col = k->col;
          at.end = at.start;
          r->err = MLS_EINPUT;
          mls_diag_add(r->diag, MLS_EINPUT, &at, "mapping keys are scalars");
          break;
        }
        for (uint32_t j = 0; j < i; j += 2) {
          if (strcmp(f->node->kids[j]->s, k->s) == 0) {
            mls_range at;
            memset(&at, 0, sizeof(at));
            at.start.line = k->line;
            at.start.col = k->col;
            at.end = at.start;
            r->err = MLS_EINPUT;
            mls_diag_add(r->diag, MLS_EINPUT, &at, "key '%s' repeated", k->s);
            break;
          }
        }
        if (r->err) {
          break;
        }
      }
    }
    break;
  }
  default:
    break;
  }
}

int rule__yaml_read(ynode **out, mls_arena *a, const char *data, size_t len,
                    mls_diag *diag)
{
  yaml_parser_t parser;
  yreader r;
  bool done = false;

  *out = NULL;
  memset(&r, 0, sizeof(r));
  r.a = a;
  r.diag = diag;
  if (len > MLS_MAX_RULE_BYTES) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "rule file of %zu bytes is too large", len);
  }
  if (!(r.stack = mls_calloc(MLS_MAX_NESTING + 1, sizeof(*r.stack)))) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  if (!yaml_parser_initialize(&parser)) {
    mls_free(r.stack);
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  while (!done && !r.err) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      mls_range at;
      memset(&at, 0, sizeof(at));
      at.start.line = (uint32_t)parser.problem_mark.line + 1;
      at.start.col = (uint32_t)parser.problem_mark.column + 1;
      at.end = at.start;
      r.err = parser.error == YAML_MEMORY_ERROR ? MLS_ENOMEM : MLS_EINPUT;
      mls_diag_add(diag, r.err, &at, "YAML: %s",
                   parser.problem ? parser.problem : "syntax error");
      break;
    }
    on_event(&r, &ev);
    done = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  for (uint32_t i = 0; i <= MLS_MAX_NESTING; i++) {
    mls_free(r.stack[i].items);
  }
  mls_free(r.stack);
  if (!r.err && !r.root) {
    r.err = mls_diag_add(diag, MLS_EINPUT, NULL, "empty rule file");
  }
  if (r.err) {
    return r.err;
  }
  *out = r.root;
  return MLS_OK;
}

mls_range rule__ynode_range(const ynode *at)
{
  mls_range r;
  memset(&r, 0, sizeof(r));
  r.start.line = at->line;
  r.start.col = at->col;
  r.end = r.start;
  return r;
}

const ynode *rule__ymap_get(const ynode *m, const char *k)
{
  if (!m || m->kind != Y_MAP) {
    return NULL;
  }
  for (uint32_t i = 0; i + 1 < m->n; i += 2) {
    if (strcmp(m->kids[i]->s, k) == 0) {
      return m->kids[i + 1];
    }
  }
  return NULL;
}

/* Values of `type:`, `references:` and `references_managed:` keys below n;
 * `referenced:` maps without `type:` set *all. */
static int named_walk(const ynode *n, int (*cb)(void *p, const char *s),
                      void *p, bool *all, int depth)
{
  int rc = MLS_OK;
  if (!n || depth > 4 * MLS_MAX_NESTING) {
    return MLS_OK; /* the reader bounds the depth long before */
  }
  if (n->kind == Y_MAP) {
    for (uint32_t i = 0; i + 1 < n->n && rc == MLS_OK; i += 2) {
      const ynode *k = n->kids[i], *v = n->kids[i + 1];
      if (k->kind == Y_SCALAR && v->kind == Y_SCALAR &&
          (strcmp(k->s, "type") == 0 || strcmp(k->s, "references") == 0 ||
           strcmp(k->s, "references_managed") == 0)) {
        rc = cb(p, v->s);
      } else if (k->kind == Y_SCALAR && strcmp(k->s, "referenced") == 0 &&
                 !rule__ymap_get(v, "type")) {
        *all = true;
      }
      if (rc == MLS_OK) {
        rc = named_walk(v, cb, p, all, depth + 1);
      }
    }
  } else if (n->kind == Y_SEQ) {
    for (uint32_t i = 0; i < n->n && rc == MLS_OK; i++) {
      rc = named_walk(n->kids[i], cb, p, all, depth + 1);
    }
  }
  return rc;
}

int rule__ytree_tf_named(const ynode *root, int (*cb)(void *p, const char *s),
                         void *p, bool *all)
{
  const ynode *tf = rule__ymap_get(root, "terraform");
  int rc;
  *all = false;
  rc = named_walk(rule__ymap_get(tf, "condition"), cb, p, all, 0);
  return rc < 0 ? rc
                : named_walk(rule__ymap_get(tf, "applies_if"), cb, p, all, 0);
}
