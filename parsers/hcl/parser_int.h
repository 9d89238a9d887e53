/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/parser_int.h -- the parser state shared by parser.c and
 * template.c; not part of the API.
 */
#ifndef MLS_HCL_PARSER_INT_H
#define MLS_HCL_PARSER_INT_H

#include "parsers/hcl/hcl_int.h"

#include "core/base/limits.h"

/* Include-newlines stack entries: a few per nesting level. */
#define NL_STACK (MLS_MAX_NESTING * 4 + 16)

typedef struct parser {
  const char *src;     /* borrowed: the bytes being parsed */
  size_t len;          /* bytes in src */
  uint32_t base_byte;  /* file offset of src[0] (templates in JSON) */
  hcl_lexed lexed;     /* owned: the token array */
  const hcl_tok *toks; /* borrowed: lexed.toks */
  uint32_t ntoks;      /* tokens, the last one TK_EOF */
  uint32_t next;       /* index of the next unread token */
  mls_arena *arena;    /* borrowed: where nodes go */
  mls_diag *diag;      /* borrowed: where errors go */
  uint32_t nerrors;    /* errors so far, reported or not */
  int rc;              /* MLS_OK, MLS_EINPUT or MLS_ELIMIT so far */
  bool recovery;       /* hclsyntax's recovery mode: fewer errors */
  bool oom;            /* an allocation failed; the tree is not returned */
  bool limit_hit;      /* the nesting bound was reported once */
  uint32_t depth;      /* current nesting, bounded by MLS_MAX_NESTING */
  uint8_t nl_stack[NL_STACK]; /* include newlines? one entry per push */
  uint32_t nl_depth;          /* entries in nl_stack */
  unsigned char *scratch;     /* owned: byte stack of children being built */
  size_t nscratch;            /* bytes used in scratch */
  size_t capscratch;          /* bytes allocated */
  hcl_block *bscratch;        /* owned: stack of blocks being built */
  size_t nbscratch;           /* blocks used */
  size_t capbscratch;         /* blocks allocated */
  hcl_expr oom_expr;          /* placeholder handed out after an OOM */
  hcl_body oom_body;          /* placeholder handed out after an OOM */
} parser;

hcl_tok hcl__peek_slow(const parser *p);
hcl_tok hcl__read_slow(parser *p);

/* The next significant token. Fast path: most tokens are neither comments
 * nor newlines, and the token array always ends with two TK_EOF entries so
 * toks[next] is readable even after the final EOF was read. */
static inline bool hcl__fast_tok(const parser *p, const hcl_tok *t)
{
  return t->type > TK_COMMENT || t->type == TK_EOF ||
         (t->type == TK_NEWLINE && p->nl_stack[p->nl_depth - 1]);
}

static inline hcl_tok hcl__peek(const parser *p)
{
  const hcl_tok *t = &p->toks[p->next];
  if (hcl__fast_tok(p, t)) {
    return *t;
  }
  return hcl__peek_slow(p);
}

static inline hcl_tok hcl__read(parser *p)
{
  const hcl_tok *t = &p->toks[p->next];
  if (hcl__fast_tok(p, t)) {
    if (t->type != TK_EOF) {
      p->next++;
    }
    return *t;
  }
  return hcl__read_slow(p);
}
hcl_tok hcl__recover(parser *p, int end);
void hcl__push_nl(parser *p, bool include);
void hcl__pop_nl(parser *p);
void hcl__error(parser *p, const mls_range *at, const char *msg);
/* A bound of limits.h was hit at `at`: an MLS_ELIMIT diagnostic (the first
 * one only) and the file fails. */
void hcl__limit_error(parser *p, const mls_range *at, const char *what);
void *hcl__alloc(parser *p, size_t n);
hcl_expr *hcl__new_expr(parser *p, hcl_expr_kind kind, mls_range range);
hcl_expr *hcl__placeholder(parser *p, mls_range range);
bool hcl__scratch_push(parser *p, const void *item, size_t n);
void *hcl__scratch_take(parser *p, size_t base);
bool hcl__bscratch_push(parser *p, const hcl_block *b);
hcl_block *hcl__bscratch_take(parser *p, size_t base);
hcl_expr *hcl__parse_expression(parser *p);

/* template.c */
hcl_expr *hcl__parse_template_expr(parser *p); /* at " or <<EOT */
hcl_expr *hcl__parse_bare_template(parser *p); /* whole input */
/* Decode a literal chunk. With out == NULL the bytes are appended to the
 * scratch stack; otherwise *out is the decoded value (borrowed from src
 * when nothing needed decoding, else arena). */
void hcl__decode_literal(parser *p, const hcl_tok *t, mls_span s, bool quoted,
                         mls_span *out);

#endif
