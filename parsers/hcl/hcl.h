/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/hcl.h -- HCL2 syntax trees: native syntax (.tf, .tfvars, .hcl)
 * and JSON syntax (.tf.json, .tfvars.json) into one body structure.
 *
 * Stage: blob -> file model. The tree follows hclsyntax's node kinds (see
 * ../shared/tools/hclref/README.md) so it can be dumped in hclref's
 * canonical JSON and compared byte for byte with HashiCorp's parser.
 *
 * Memory: one arena per file holds every node. Spans named "borrowed: src"
 * point into the caller's bytes, which must outlive the hcl_file; spans that
 * needed decoding (escapes, NFC) point into the arena. Nothing here is
 * shared between threads; a file belongs to one job.
 */
#ifndef MLS_HCL_H
#define MLS_HCL_H

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "core/base/span.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hcl_expr hcl_expr;
typedef struct hcl_body hcl_body;

typedef enum hcl_expr_kind {
  HCL_EXPR_LITERAL = 0,        /* u.lit */
  HCL_EXPR_TEMPLATE,           /* u.tmpl: "..." or heredoc or directive body */
  HCL_EXPR_TEMPLATE_WRAP,      /* u.wrap: "${x}" alone */
  HCL_EXPR_TEMPLATE_JOIN,      /* u.wrap: %{for} (inner is a FOR) */
  HCL_EXPR_SCOPE_TRAVERSAL,    /* u.scope: var.a["k"][0].b */
  HCL_EXPR_RELATIVE_TRAVERSAL, /* u.rel: steps after a non-traversal */
  HCL_EXPR_FUNCTION_CALL,      /* u.call */
  HCL_EXPR_CONDITIONAL,        /* u.cond: c ? t : f, and %{if} */
  HCL_EXPR_FOR,                /* u.forx */
  HCL_EXPR_SPLAT,              /* u.splat */
  HCL_EXPR_ANON_SYMBOL,        /* no payload: a splat's per-element value */
  HCL_EXPR_INDEX,              /* u.index: a[b] with non-literal b */
  HCL_EXPR_TUPLE,              /* u.tuple: [ ... ] */
  HCL_EXPR_OBJECT,             /* u.object: { ... } */
  HCL_EXPR_BINARY,             /* u.binary */
  HCL_EXPR_UNARY,              /* u.unary */
  HCL_EXPR_PARENS              /* u.wrap: ( ... ) */
} hcl_expr_kind;

typedef enum hcl_lit_type {
  HCL_LIT_STRING = 0, /* str: decoded, NFC-normalized */
  HCL_LIT_NUMBER,     /* str: the literal's source text (e.g. "1e3") */
  HCL_LIT_BOOL,       /* b */
  HCL_LIT_NULL,       /* no payload */
  HCL_LIT_UNKNOWN     /* placeholder after a syntax error (dynamic) */
} hcl_lit_type;

typedef struct hcl_value {
  hcl_lit_type type; /* which payload is meaningful */
  bool b;            /* HCL_LIT_BOOL */
  mls_span str;      /* borrowed: src or arena (STRING, NUMBER) */
} hcl_value;

typedef enum hcl_step_kind {
  HCL_STEP_ATTR = 0, /* .name */
  HCL_STEP_INDEX,    /* [literal] or legacy .0 */
  HCL_STEP_SPLAT     /* never produced by the parser; kept for hclref */
} hcl_step_kind;

typedef struct hcl_step {
  hcl_step_kind kind; /* attribute or index */
  mls_span name;      /* borrowed: src (ATTR) */
  hcl_value key;      /* INDEX: a STRING or NUMBER literal */
  mls_range range;    /* from the '.' or '[' to the end of the step */
} hcl_step;

typedef enum hcl_binop {
  HCL_OP_OR = 0, /* || */
  HCL_OP_AND,    /* && */
  HCL_OP_EQ,     /* == */
  HCL_OP_NE,     /* != */
  HCL_OP_LT,     /* < */
  HCL_OP_LE,     /* <= */
  HCL_OP_GT,     /* > */
  HCL_OP_GE,     /* >= */
  HCL_OP_ADD,    /* + */
  HCL_OP_SUB,    /* - */
  HCL_OP_MUL,    /* * */
  HCL_OP_DIV,    /* / */
  HCL_OP_MOD     /* % */
} hcl_binop;

typedef enum hcl_unop {
  HCL_OP_NEG = 0, /* - */
  HCL_OP_NOT      /* ! */
} hcl_unop;

typedef struct hcl_object_item {
  hcl_expr *key;          /* arena: a traversal with no steps for a bare key */
  hcl_expr *value;        /* arena */
  bool force_non_literal; /* the key was written in parentheses */
} hcl_object_item;

/* hcl_expr.flags */
/* A TEMPLATE written as one literal chunk. */
#define HCL_EXPR_F_SINGLE_LITERAL 1

struct hcl_expr {
  hcl_expr_kind kind; /* selects the member of u */
  uint8_t flags;      /* HCL_EXPR_F_* */
  mls_range range;    /* hclsyntax's Range() of the node */
  union {
    hcl_value lit; /* LITERAL */
    struct {
      hcl_expr **parts; /* arena: nparts literals and expressions */
      uint32_t nparts;
      bool heredoc;    /* opened by <<MARKER */
      bool flush;      /* <<-MARKER: common indentation removed */
      mls_span marker; /* borrowed: src; the heredoc's marker */
    } tmpl;
    struct {
      hcl_expr *inner; /* arena: TEMPLATE_WRAP, TEMPLATE_JOIN, PARENS */
    } wrap;
    struct {
      mls_span root;   /* borrowed: src; first name */
      hcl_step *steps; /* arena: nsteps steps after the root */
      uint32_t nsteps;
    } scope;
    struct {
      hcl_expr *source; /* arena */
      hcl_step *steps;  /* arena */
      uint32_t nsteps;
    } rel;
    struct {
      mls_span name;   /* borrowed: src; may contain "::" (provider fns) */
      hcl_expr **args; /* arena */
      uint32_t nargs;
      bool expand_final; /* last argument followed by ... */
    } call;
    struct {
      hcl_expr *cond, *t, *f; /* arena */
    } cond;
    struct {
      mls_span key_var;   /* borrowed: src; len 0 when absent */
      mls_span value_var; /* borrowed: src */
      hcl_expr *coll;     /* arena */
      hcl_expr *key;      /* arena; NULL for a tuple for */
      hcl_expr *value;    /* arena */
      hcl_expr *cond;     /* arena; NULL without `if` */
      bool group;         /* value followed by ... */
    } forx;
    struct {
      hcl_expr *source; /* arena */
      hcl_expr *each;   /* arena: ANON_SYMBOL or a RELATIVE_TRAVERSAL on it */
      bool attr_style;  /* .* rather than [*] */
    } splat;
    struct {
      hcl_expr *coll, *key; /* arena */
    } index;
    struct {
      hcl_expr **items; /* arena */
      uint32_t n;
    } tuple;
    struct {
      hcl_object_item *items; /* arena */
      uint32_t n;
    } object;
    struct {
      hcl_binop op;
      hcl_expr *lhs, *rhs; /* arena */
    } binary;
    struct {
      hcl_unop op;
      hcl_expr *operand; /* arena */
    } unary;
  } u;
};

typedef struct hcl_attr {
  mls_span name;        /* borrowed: src (JSON: arena) */
  mls_range range;      /* name through end of expression */
  mls_range name_range; /* the name alone */
  hcl_expr *expr;       /* arena */
} hcl_attr;

typedef struct hcl_label {
  mls_span value;  /* borrowed: src or arena (decoded) */
  mls_range range; /* the label token, quotes included */
  bool quoted;     /* written "x" rather than x */
} hcl_label;

typedef struct hcl_block {
  mls_span type;     /* borrowed: src (JSON: arena) */
  hcl_label *labels; /* arena: nlabels labels */
  uint32_t nlabels;
  mls_range range;      /* type keyword through the closing brace */
  mls_range type_range; /* the type keyword */
  hcl_body *body;       /* arena */
  bool broken;          /* a syntax error was found inside: the body holds
                           what recovery kept, not the whole block (errors
                           past a file's first one are not reported, so
                           only a block with the first can tell) */
} hcl_block;

struct hcl_body {
  hcl_attr *attrs; /* arena: in source order, duplicates dropped */
  uint32_t nattrs;
  hcl_block *blocks; /* arena: in source order */
  uint32_t nblocks;
  mls_range range; /* the whole body (between the braces for a block) */
};

typedef enum hcl_syntax {
  HCL_SYNTAX_NATIVE = 0, /* .tf, .tfvars, .hcl */
  HCL_SYNTAX_JSON        /* .tf.json, .tfvars.json */
} hcl_syntax;

typedef struct hcl_file {
  mls_arena *arena;  /* owned: every node of this file */
  hcl_body *body;    /* arena: the root body, never NULL */
  const char *src;   /* borrowed: the bytes parsed */
  size_t len;        /* bytes in src */
  hcl_syntax syntax; /* which parser built it */
  uint32_t nerrors;  /* syntax errors found; 0 means the tree is complete */
} hcl_file;

/*
 * Parse HCL native syntax. `src` need not be NUL-terminated and must outlive
 * the file. Diagnostics go to `diag` (with `diag->path` stamped on them).
 *
 * Returns MLS_OK with a complete tree; MLS_EINPUT (syntax errors) or
 * MLS_ELIMIT (a bound in limits.h) with *out set to the partial tree that
 * was recovered, so blocks after a broken block are still returned;
 * MLS_ENOMEM with *out unset.
 */
int hcl_parse(hcl_file **out, const char *src, size_t len, mls_diag *diag);

/* Parse Terraform JSON syntax into the same tree: block types, labels and
 * nesting follow Terraform's configuration schema; strings are parsed as
 * templates. Same contract as hcl_parse(). */
int hcl_parse_json(hcl_file **out, const char *src, size_t len, mls_diag *diag);

/* Parse `src` as a template (the inside of a quoted string without the
 * quotes), for the JSON syntax. Nodes go to `arena`; positions are offset
 * by `base` (the position of the first byte of src). *out is a TEMPLATE or
 * TEMPLATE_WRAP node. Returns as hcl_parse() does. */
int hcl_parse_template(hcl_expr **out, mls_arena *arena, const char *src,
                       size_t len, mls_pos base, mls_diag *diag);

/* Parse `src` as one expression (JSON syntax: a variable's type, a
 * traversal like depends_on entries). Same contract as hcl_parse_template. */
int hcl_parse_expression(hcl_expr **out, mls_arena *arena, const char *src,
                         size_t len, mls_pos base, mls_diag *diag);

void hcl_file_free(hcl_file *f); /* NULL-safe */

/* Canonical exact decimal of a number literal's source text, as cty prints
 * it ("1.50" -> "1.5", "1e3" -> "1000"). Writes into `buf` (at most `cap`
 * bytes with the NUL); returns the length, or -1 if it does not fit. */
int hcl_number_canon(char *buf, size_t cap, mls_span raw);

#endif
