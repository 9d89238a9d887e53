/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/cfn_int.h -- internals shared by the YAML and JSON readers of
 * parsers/cfn; not part of the API.
 *
 * Both readers produce nodes through one builder (node.c): a reader pushes
 * every finished child on the builder's stack and, when a collection
 * closes, cfn__finish_seq()/cfn__finish_map() move its children off the
 * stack into one arena array, folding duplicate keys. Short-form tags and
 * YAML 1.1 scalar types are applied by the same helpers, so the two readers
 * cannot drift apart. The stack and the hash slots are heap memory owned by
 * the builder, reused for the whole file and freed by cfn__builder_dispose.
 */
#ifndef MLS_CFN_INT_H
#define MLS_CFN_INT_H

#include "parsers/cfn/cfn.h"

#include "core/base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cfn_builder {
  cfn_template *t;  /* borrowed: the template being built */
  mls_arena *arena; /* borrowed: t->arena */
  mls_diag *diag;   /* borrowed: the job's diagnostics */
  cfn_node **stack; /* owned: children of the open collections, in order */
  size_t nstack;    /* entries used in stack */
  size_t capstack;  /* entries allocated in stack */
  uint32_t *slots;  /* owned: open-addressing table for duplicate keys */
  size_t capslots;  /* entries allocated in slots (a power of two) */
  int rc;           /* worst failure: ENOMEM, then ELIMIT, then EINPUT */
  bool stop;        /* a failure ends the read */
} cfn_builder;

void cfn__builder_init(cfn_builder *b, cfn_template *t, mls_diag *diag);
void cfn__builder_dispose(cfn_builder *b);

/* Record a failure: an error diagnostic at `at` (may be NULL) with code rc
 * (MLS_EINPUT, MLS_ELIMIT or MLS_ENOMEM), counted in t->nerrors; the read
 * stops when `stop` is set. */
void cfn__fail(cfn_builder *b, int rc, bool stop, const mls_range *at,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A warning (MLS_SEV_WARNING, code MLS_EINPUT): t->ok is unaffected. */
void cfn__warn(cfn_builder *b, const mls_range *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Out of memory: MLS_ENOMEM, or MLS_ELIMIT when the arena hit its cap. */
void cfn__nomem(cfn_builder *b);

/* arena: a zeroed node of `kind` with `range`; NULL (and the builder
 * failed) when the arena is exhausted. */
cfn_node *cfn__node(cfn_builder *b, cfn_kind kind, const mls_range *range);

/* Push a finished child for the collection being built. */
bool cfn__push(cfn_builder *b, cfn_node *child);

/* Close the SEQ `seq` whose children are stack[first..nstack). */
bool cfn__finish_seq(cfn_builder *b, cfn_node *seq, size_t first);
/* Close the MAP `map` whose keys and values alternate in
 * stack[first..nstack): duplicates are folded (the last value and key
 * position win, at the first one's place) with a warning each. */
bool cfn__finish_map(cfn_builder *b, cfn_node *map, size_t first);

/* arena: the long form of a node written with local tag `!name`: the MAP
 * {key: value} where key is "Ref", "Condition", "Rain::..." as written, or
 * "Fn::" + name. `tag_range` is where the tag is written (key range);
 * `range` the whole tagged node. A scalar `value` must already be a
 * CFN_STRING of its text; !GetAtt's scalar is split at the first '.'. */
cfn_node *cfn__short_form(cfn_builder *b, mls_span name,
                          const mls_range *tag_range, const mls_range *range,
                          cfn_node *value);

/* Type a plain YAML scalar whose text is already in n->text, by the YAML
 * 1.1 resolvers CloudFormation applies (see scalar.c). */
void cfn__resolve_plain(cfn_builder *b, cfn_node *n);

/* Type the scalar n (text set) for an explicit !!bool, !!int, !!float or
 * !!null tag; false when the text is not such a value. */
bool cfn__resolve_tagged(cfn_node *n, cfn_kind kind);

/* The readers: load t->src[0..t->len) into t (arena set). Return MLS_OK
 * or the first failure's code; t->root is set only when the read was not
 * stopped by a syntax error or a bound. */
int cfn__load_yaml(cfn_template *t, mls_diag *diag);
int cfn__load_json(cfn_template *t, mls_diag *diag);

/* Fill t->sections, is_template, looks_cfn and the SAM/CDK flags once the
 * tree is complete (template.c). */
void cfn__finish_template(cfn_template *t);

/* Whether the bytes look like a template by cfnref's regular expression
 * `AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?[A-Za-z0-9]+::`. */
bool cfn__looks_cfn(const char *src, size_t len);

/* Compact JSON of `n` as cfnref's json.dumps writes it (dump.c): keys in
 * order, numbers as Python prints them, strings with non-ASCII raw. Depth
 * is bounded by MLS_MAX_NESTING (MLS_ELIMIT). */
int cfn__json_value(mls_buf *out, const cfn_node *n, unsigned depth);
/* Append s[0..n) as a JSON string, quotes included, escaped as Python's
 * json.dumps(ensure_ascii=False) escapes. */
int cfn__json_string(mls_buf *out, const char *s, size_t n);
/* Append a double as Python's repr() prints it ("1.1", "100000.0",
 * "1e+16", "-0.0"; "Infinity" and "NaN" as json.dumps). */
int cfn__json_double(mls_buf *out, double d);
/* Append INT node `n` in decimal, exactly (any size, any base). */
int cfn__json_int(mls_buf *out, const cfn_node *n);

/* FNV-1a of a span, for the duplicate-key and anchor tables. */
static inline uint32_t cfn__hash(const char *p, size_t n)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h = (h ^ (unsigned char)p[i]) * 16777619u;
  }
  return h;
}

#endif
