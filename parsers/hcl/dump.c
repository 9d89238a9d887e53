/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/dump.c -- hclref's canonical JSON and summary of a syntax tree.
 *
 * Stage: tree -> text. Reproduces ../shared/tools/hclref/main.go (format 1,
 * with or without --ranges) byte for byte: key order, escaping, literal
 * VALUE forms, number canonicalisation (number.c) and the normalisations
 * hclref applies (adjacent template string literals merged, empty ones
 * dropped), so the parser may emit split literals. With ranges, every node
 * and step prints the range the tree holds for it; only a merged literal's
 * range is made here, as hclref makes it. Columns are recomputed from the
 * source in grapheme clusters (libunistring), since mls_pos.col counts
 * bytes.
 *
 * Trusts the tree's shape as hcl.h describes it; every string is escaped,
 * whatever its bytes. Recursion is bounded by DUMP_MAX_DEPTH.
 */
#include "parsers/hcl/dump.h"

#include "parsers/hcl/hcl_int.h"

#include "core/base/alloc.h"
#include "core/base/jsonw.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <unigbrk.h>

/* Nodes the dumper descends through. One level of source nesting can give
 * up to three nodes (a template holding a template_wrap holding
 * parentheses, say) and bodies nest inside expressions' depth budget, so
 * the parser's MLS_MAX_NESTING is scaled; deeper trees give MLS_ELIMIT
 * rather than an unbounded recursion. */
#define DUMP_MAX_DEPTH (4 * MLS_MAX_NESTING)

/* Line prefixes up to this many bytes get their grapheme breaks computed
 * in a stack buffer; longer ones take a heap buffer. */
#define COL_STACK_BYTES 1024

typedef struct dump_ctx {
  mls_buf *out;     /* borrowed: the caller's output buffer */
  const char *src;  /* borrowed: the parsed bytes, or NULL without a tree */
  size_t len;       /* bytes in src */
  mls_buf scratch;  /* owned: merged template literal text */
  uint32_t *cols;   /* owned: column of each offset 0..len, or NULL */
  bool cols_failed; /* building cols ran out of memory: count per position */
  bool ranges;      /* hclref --ranges: a range ends every node and step */
  bool native;      /* src is HCL native syntax: columns follow its tokens */
} dump_ctx;

static int put_expr(dump_ctx *c, const hcl_expr *e, int depth);
static int put_body(dump_ctx *c, const hcl_body *b, int depth);

/* ---------------------------------------------------------------------- */
/* Strings and scalars.                                                    */

int hcl_dump_json_string(mls_buf *out, const char *s, size_t n)
{
  /* hclref's framing rules are core/base's JSON escaping exactly. */
  return mls_json_string(out, s, n);
}

static int put_str(dump_ctx *c, mls_span s)
{
  return hcl_dump_json_string(c->out, s.ptr, s.len);
}

static int put_lit(dump_ctx *c, const char *s)
{
  return mls_buf_puts(c->out, s);
}

static int put_bool(dump_ctx *c, bool b)
{
  return mls_buf_puts(c->out, b ? "true" : "false");
}

/* A number's canonical value as a JSON string. Text that number.c cannot
 * read (which the parser never produces) is written as it came. */
static int put_number(dump_ctx *c, mls_span raw)
{
  char small[128];
  char *big = NULL;
  size_t cap;
  int n, rc;

  if ((n = hcl_number_canon(small, sizeof(small), raw)) >= 0) {
    return hcl_dump_json_string(c->out, small, (size_t)n);
  }
  /* Positional output is at most the digits plus 1234 zeros (past that
   * number.c switches to exponent form), a sign, "0." and the NUL. */
  if (!mls_add_sz(&cap, raw.len, 1300) || !(big = mls_malloc(cap))) {
    return MLS_ENOMEM;
  }
  if ((n = hcl_number_canon(big, cap, raw)) >= 0) {
    rc = hcl_dump_json_string(c->out, big, (size_t)n);
  } else {
    rc = put_str(c, raw);
  }
  mls_free(big);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* Positions.                                                              */

static bool force_break_at(unsigned char ch)
{
  /* hclsyntax segments each token on its own: a string's quote and an
   * interpolation's braces never share a cluster with the text next to
   * them, although they would in one pass over the whole line. */
  return ch == '"' || ch == '{' || ch == '}';
}

/* Grapheme clusters that start in s[from..to), `from` taken to be a
 * cluster boundary (every position the dumper prints is a token boundary,
 * and hclsyntax segments each token on its own). */
static size_t clusters_between(const unsigned char *s, size_t from, size_t to)
{
  char stackp[COL_STACK_BYTES];
  char *p = stackp;
  size_t n = to - from, clusters = 0;
  bool ascii = true;

  for (size_t i = from; i < to; i++) {
    if (s[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) { /* every ASCII byte is a cluster: CR LF never reaches here */
    return n;
  }
  if (n > sizeof(stackp) && !(p = mls_malloc(n))) {
    /* Out of memory: code points are the nearest cheap approximation. */
    for (size_t i = from; i < to; i++) {
      clusters += (s[i] & 0xC0) != 0x80;
    }
    return clusters;
  }
  u8_grapheme_breaks(s + from, n, p);
  for (size_t i = 0; i < n; i++) {
    if (i > 0 &&
        (force_break_at(s[from + i]) || force_break_at(s[from + i - 1]))) {
      p[i] = 1;
    }
    clusters += p[i] != 0;
  }
  if (p != stackp) {
    mls_free(p);
  }
  return clusters;
}

/* The first byte of the line holding offset `end` (after a UTF-8 BOM on
 * the first line, which hclsyntax does not count as a column). */
static size_t line_start(const unsigned char *s, size_t len, size_t end)
{
  size_t start = end;
  while (start > 0 && s[start - 1] != '\n') {
    start--;
  }
  if (start == 0 && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    start = end < 3 ? end : 3;
  }
  return start;
}

static uint32_t column_at(struct dump_ctx *c, uint32_t byte);

/* Per-position count, the fallback when no table can be built. */
static uint32_t column_by_lines(const char *src, size_t len, uint32_t byte)
{
  const unsigned char *s = (const unsigned char *)src;
  size_t end = byte < len ? byte : len;

  if (!src) {
    return 1;
  }
  return (uint32_t)(clusters_between(s, line_start(s, len, end), end) + 1);
}

uint32_t hcl_dump_column(const char *src, size_t len, uint32_t byte)
{
  /* The same table the dumper uses, built for this one question. */
  dump_ctx c;
  uint32_t col;
  memset(&c, 0, sizeof(c));
  c.src = src;
  c.len = src ? len : 0;
  c.native = true;
  col = src ? column_at(&c, byte) : 1;
  mls_free(c.cols);
  return col;
}

/* Fill c->cols[0..len] with the column of every offset of the source, in
 * one pass over it: per line, grapheme breaks as hcl_dump_column() counts
 * them. A minified .tf.json file is one line holding every range, so
 * counting from the line start for each position would be quadratic.
 * Returns MLS_ENOMEM when the table cannot be had; callers then count per
 * position. */
static int build_cols(dump_ctx *c)
{
  const unsigned char *s = (const unsigned char *)c->src;
  size_t n = c->len, ls = 0, bytes, bcap = 0;
  char *breaks = NULL;
  uint32_t *cols;

  if (!mls_add_sz(&bytes, n, 1) || !mls_mul_sz(&bytes, bytes, sizeof(*cols)) ||
      !(cols = mls_malloc(bytes))) {
    return MLS_ENOMEM;
  }
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    cols[0] = cols[1] = cols[2] = 1; /* the BOM takes no column */
    ls = 3;
  }
  while (ls <= n) {
    const unsigned char *nl = memchr(s + ls, '\n', n - ls);
    size_t le = nl ? (size_t)(nl - s) : n, len = le - ls;
    bool ascii = true;
    uint32_t col = 1;

    for (size_t i = ls; i < le && ascii; i++) {
      ascii = s[i] < 0x80;
    }
    if (!ascii && len > bcap) {
      char *nb = mls_realloc(breaks, len);
      if (!nb) {
        mls_free(breaks);
        mls_free(cols);
        return MLS_ENOMEM;
      }
      breaks = nb;
      bcap = len;
    }
    if (!ascii) {
      u8_grapheme_breaks(s + ls, len, breaks);
    }
    for (size_t i = ls; i < le; i++) {
      cols[i] = col; /* 1 + the clusters that start in [ls, i) */
      if (ascii || i == ls || breaks[i - ls] || force_break_at(s[i]) ||
          force_break_at(s[i - 1])) {
        col++;
      }
    }
    cols[le] = col;
    ls = le + 1;
  }
  mls_free(breaks);
  c->cols = cols;
  return MLS_OK;
}

/* Native syntax holding non-ASCII bytes: columns exactly as hclsyntax
 * counts them. Its scanner segments each token into grapheme clusters on
 * its own and counts the gap before a token in bytes (only spaces and tabs
 * lie between tokens), so a combining mark after a lone `$` in a string
 * starts a column of its own while one after `}` inside string text does
 * not. The lexer of this layer cuts tokens where hclsyntax's does, so the
 * table is built from its tokens. Returns MLS_ENOMEM when it cannot be
 * had; MLS_ERROR when the lexer refuses the input (callers then fall back
 * to per-line counting). */
static int build_cols_tokens(dump_ctx *c)
{
  const unsigned char *s = (const unsigned char *)c->src;
  size_t n = c->len, bytes, pos, bcap = 0;
  uint32_t *cols = NULL, col = 1;
  char *breaks = NULL; /* owned: grapheme breaks of the current token */
  hcl_lexed lx;
  mls_diag quiet = MLS_DIAG_INIT;
  mls_pos base = { 0, 1, 1 };
  int rc;

  if ((rc = hcl__lex(&lx, c->src, n, false, base, &quiet)) < 0) {
    mls_diag_dispose(&quiet);
    return rc == MLS_ENOMEM ? rc : MLS_ERROR;
  }
  mls_diag_dispose(&quiet);
  if (!mls_add_sz(&bytes, n, 1) || !mls_mul_sz(&bytes, bytes, sizeof(*cols)) ||
      !(cols = mls_malloc(bytes))) {
    hcl__lexed_dispose(&lx);
    return MLS_ENOMEM;
  }
  pos = 0;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    cols[0] = cols[1] = cols[2] = 1; /* the BOM takes no column */
    pos = 3;
  }
  for (uint32_t i = 0; i < lx.ntoks; i++) {
    size_t ts = lx.toks[i].range.start.byte, te = lx.toks[i].range.end.byte;
    if (ts < pos || te > n || te < ts) {
      continue; /* never for the lexer's own tokens; be safe */
    }
    while (pos < ts) { /* the gap: spaces and tabs, one column a byte */
      cols[pos++] = col++;
    }
    {
      /* Breaks for the whole token at once: the emoji ZWJ rule (GB11)
       * needs context that a pairwise "next cluster" step lacks. */
      bool ascii = true;
      for (size_t k = ts; k < te && ascii; k++) {
        ascii = s[k] < 0x80;
      }
      if (!ascii) {
        if (te - ts > bcap) {
          char *nb = mls_realloc(breaks, te - ts);
          if (!nb) {
            mls_free(breaks);
            mls_free(cols);
            hcl__lexed_dispose(&lx);
            return MLS_ENOMEM;
          }
          breaks = nb;
          bcap = te - ts;
        }
        u8_grapheme_breaks(s + ts, te - ts, breaks);
      }
      while (pos < te) {
        size_t cl = 1;
        bool newline;
        if (s[pos] == '\r' && pos + 1 < te && s[pos + 1] == '\n') {
          cl = 2;
        } else if (!ascii) {
          while (pos + cl < te && !breaks[pos + cl - ts]) {
            cl++;
          }
        }
        newline = (cl == 1 && s[pos] == '\n') ||
                  (cl == 2 && s[pos] == '\r' && s[pos + 1] == '\n');
        for (size_t k = 0; k < cl; k++) {
          cols[pos + k] = col;
        }
        pos += cl;
        col = newline ? 1 : col + 1;
      }
    }
  }
  while (pos < n) {
    cols[pos++] = col++;
  }
  cols[n] = col;
  mls_free(breaks);
  hcl__lexed_dispose(&lx);
  c->cols = cols;
  return MLS_OK;
}

/* hcl_dump_column() for the dumper, from the table when it could be
 * built. */
static uint32_t column_at(dump_ctx *c, uint32_t byte)
{
  size_t end = byte < c->len ? byte : c->len;
  if (!c->cols && !c->cols_failed && c->native) {
    bool ascii = true;
    for (size_t i = 0; i < c->len && ascii; i++) {
      ascii = (unsigned char)c->src[i] < 0x80;
    }
    if (!ascii && build_cols_tokens(c) == MLS_ENOMEM) {
      c->cols_failed = true;
    }
  }
  if (!c->cols && !c->cols_failed && build_cols(c) < 0) {
    c->cols_failed = true;
  }
  if (c->cols) {
    return c->cols[end];
  }
  return column_by_lines(c->src, c->len, byte);
}

static int put_pos(dump_ctx *c, mls_pos pos)
{
  uint32_t col = c->src ? column_at(c, pos.byte) : pos.col;
  return mls_buf_printf(
      c->out, "{\"line\":%" PRIu32 ",\"col\":%" PRIu32 ",\"byte\":%" PRIu32 "}",
      pos.line, col, pos.byte);
}

static int put_range(dump_ctx *c, const mls_range *r)
{
  int rc;
  if ((rc = put_lit(c, "{\"start\":")) < 0 || (rc = put_pos(c, r->start)) < 0 ||
      (rc = put_lit(c, ",\"end\":")) < 0 || (rc = put_pos(c, r->end)) < 0) {
    return rc;
  }
  return mls_buf_putc(c->out, '}');
}

/* With --ranges, the `,"range":RANGE` that ends an expression node or a
 * traversal step (hclsyntax's Range() of it); nothing otherwise. */
static int put_node_range(dump_ctx *c, const mls_range *r)
{
  int rc;
  if (!c->ranges) {
    return MLS_OK;
  }
  if ((rc = put_lit(c, ",\"range\":")) < 0) {
    return rc;
  }
  return put_range(c, r);
}

/* ---------------------------------------------------------------------- */
/* Values and traversal steps.                                             */

/* The VALUE members after an opening brace (and after "kind" for literal
 * nodes): "type" and "value" or "unknown", plus "raw" for number nodes. */
static int put_value_members(dump_ctx *c, const hcl_value *v, bool with_raw)
{
  int rc;
  switch (v->type) {
  case HCL_LIT_STRING:
    if ((rc = put_lit(c, "\"type\":\"string\",\"value\":")) < 0) {
      return rc;
    }
    return put_str(c, v->str);
  case HCL_LIT_NUMBER:
    if ((rc = put_lit(c, "\"type\":\"number\",\"value\":")) < 0 ||
        (rc = put_number(c, v->str)) < 0) {
      return rc;
    }
    if (with_raw) {
      if ((rc = put_lit(c, ",\"raw\":")) < 0) {
        return rc;
      }
      return put_str(c, v->str);
    }
    return MLS_OK;
  case HCL_LIT_BOOL:
    if ((rc = put_lit(c, "\"type\":\"bool\",\"value\":")) < 0) {
      return rc;
    }
    return put_bool(c, v->b);
  case HCL_LIT_NULL:
    return put_lit(c, "\"type\":\"null\",\"value\":null");
  case HCL_LIT_UNKNOWN:
  default:
    return put_lit(c, "\"type\":\"dynamic\",\"unknown\":true");
  }
}

static int put_steps(dump_ctx *c, const hcl_step *steps, uint32_t n)
{
  int rc;
  if ((rc = mls_buf_putc(c->out, '[')) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    const hcl_step *s = &steps[i];
    if (i > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) {
      return rc;
    }
    switch (s->kind) {
    case HCL_STEP_ATTR:
      if ((rc = put_lit(c, "{\"step\":\"attr\",\"name\":")) < 0 ||
          (rc = put_str(c, s->name)) < 0) {
        return rc;
      }
      break;
    case HCL_STEP_INDEX:
      if ((rc = put_lit(c, "{\"step\":\"index\",\"key\":{")) < 0 ||
          (rc = put_value_members(c, &s->key, false)) < 0 ||
          (rc = mls_buf_putc(c->out, '}')) < 0) {
        return rc;
      }
      break;
    case HCL_STEP_SPLAT:
    default:
      if ((rc = put_lit(c, "{\"step\":\"splat\"")) < 0) {
        return rc;
      }
      break;
    }
    if ((rc = put_node_range(c, &s->range)) < 0 ||
        (rc = mls_buf_putc(c->out, '}')) < 0) {
      return rc;
    }
  }
  return mls_buf_putc(c->out, ']');
}

/* ---------------------------------------------------------------------- */
/* Expressions.                                                            */

static bool is_string_literal(const hcl_expr *e)
{
  return e && e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING;
}

/* One merged string literal node for parts[from..to), all string literals,
 * or nothing when their text is empty. Its range runs from the start of
 * the run's first literal to the end of its last, empty ones included, as
 * hclref's hcl.RangeBetween(first, last) does. */
static int put_merged_literal(dump_ctx *c, hcl_expr *const *parts,
                              uint32_t from, uint32_t to, bool *wrote)
{
  const hcl_value *only = NULL;
  uint32_t nonempty = 0;
  int rc;

  *wrote = false;
  for (uint32_t i = from; i < to; i++) {
    if (parts[i]->u.lit.str.len > 0) {
      only = &parts[i]->u.lit;
      nonempty++;
    }
  }
  if (nonempty == 0) {
    return MLS_OK;
  }
  if ((rc = put_lit(
           c, "{\"kind\":\"literal\",\"type\":\"string\",\"value\":")) < 0) {
    return rc;
  }
  if (nonempty == 1) {
    rc = put_str(c, only->str);
  } else {
    /* Concatenate first: an invalid UTF-8 sequence split across two parts
     * must be judged as one string, as hclref's strings.Builder does. */
    mls_buf_clear(&c->scratch);
    for (uint32_t i = from; i < to; i++) {
      mls_span s = parts[i]->u.lit.str;
      if ((rc = mls_buf_put(&c->scratch, s.ptr, s.len)) < 0) {
        return rc;
      }
    }
    rc = hcl_dump_json_string(c->out, c->scratch.ptr, c->scratch.len);
  }
  if (rc < 0) {
    return rc;
  }
  if (c->ranges) {
    mls_range r;
    r.start = parts[from]->range.start;
    r.end = parts[to - 1]->range.end;
    if ((rc = put_node_range(c, &r)) < 0) {
      return rc;
    }
  }
  *wrote = true;
  return mls_buf_putc(c->out, '}');
}

static int put_template_parts(dump_ctx *c, hcl_expr *const *parts, uint32_t n,
                              int depth)
{
  bool first = true, wrote;
  uint32_t i = 0;
  int rc;

  if ((rc = mls_buf_putc(c->out, '[')) < 0) {
    return rc;
  }
  while (i < n) {
    uint32_t j = i;
    while (j < n && is_string_literal(parts[j])) {
      j++;
    }
    if (j > i) {
      size_t mark = c->out->len;
      if (!first && (rc = mls_buf_putc(c->out, ',')) < 0) {
        return rc;
      }
      if ((rc = put_merged_literal(c, parts, i, j, &wrote)) < 0) {
        return rc;
      }
      if (wrote) {
        first = false;
      } else { /* drop the comma written for an empty run */
        c->out->len = mark;
        if (c->out->ptr) {
          c->out->ptr[mark] = '\0';
        }
      }
      i = j;
      continue;
    }
    if (!first && (rc = mls_buf_putc(c->out, ',')) < 0) {
      return rc;
    }
    if ((rc = put_expr(c, parts[i], depth + 1)) < 0) {
      return rc;
    }
    first = false;
    i++;
  }
  return mls_buf_putc(c->out, ']');
}

static int put_expr_list(dump_ctx *c, hcl_expr *const *v, uint32_t n, int depth)
{
  int rc;
  if ((rc = mls_buf_putc(c->out, '[')) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (i > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) {
      return rc;
    }
    if ((rc = put_expr(c, v[i], depth + 1)) < 0) {
      return rc;
    }
  }
  return mls_buf_putc(c->out, ']');
}

/* `,"key":` followed by the expression, or null when it is absent. */
static int put_member(dump_ctx *c, const char *key, const hcl_expr *e,
                      int depth)
{
  int rc;
  if ((rc = mls_buf_printf(c->out, ",\"%s\":", key)) < 0) {
    return rc;
  }
  return put_expr(c, e, depth + 1);
}

static const char *binop_str(hcl_binop op)
{
  switch (op) {
  case HCL_OP_OR:
    return "||";
  case HCL_OP_AND:
    return "&&";
  case HCL_OP_EQ:
    return "==";
  case HCL_OP_NE:
    return "!=";
  case HCL_OP_LT:
    return "<";
  case HCL_OP_LE:
    return "<=";
  case HCL_OP_GT:
    return ">";
  case HCL_OP_GE:
    return ">=";
  case HCL_OP_ADD:
    return "+";
  case HCL_OP_SUB:
    return "-";
  case HCL_OP_MUL:
    return "*";
  case HCL_OP_DIV:
    return "/";
  case HCL_OP_MOD:
    return "%";
  }
  return "?";
}

static int put_for(dump_ctx *c, const hcl_expr *e, int depth)
{
  int rc;
  if ((rc = put_lit(c, "{\"kind\":\"for\",\"key_var\":")) < 0) {
    return rc;
  }
  if (e->u.forx.key_var.len > 0) {
    rc = put_str(c, e->u.forx.key_var);
  } else {
    rc = put_lit(c, "null");
  }
  if (rc < 0 || (rc = put_lit(c, ",\"value_var\":")) < 0 ||
      (rc = put_str(c, e->u.forx.value_var)) < 0 ||
      (rc = put_member(c, "collection", e->u.forx.coll, depth)) < 0 ||
      (rc = put_member(c, "key", e->u.forx.key, depth)) < 0 ||
      (rc = put_member(c, "value", e->u.forx.value, depth)) < 0 ||
      (rc = put_member(c, "condition", e->u.forx.cond, depth)) < 0 ||
      (rc = put_lit(c, ",\"group\":")) < 0 ||
      (rc = put_bool(c, e->u.forx.group)) < 0 ||
      (rc = put_node_range(c, &e->range)) < 0) {
    return rc;
  }
  return mls_buf_putc(c->out, '}');
}

static int put_object(dump_ctx *c, const hcl_expr *e, int depth)
{
  int rc;
  if ((rc = put_lit(c, "{\"kind\":\"object_cons\",\"items\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < e->u.object.n; i++) {
    const hcl_object_item *it = &e->u.object.items[i];
    if ((i > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) ||
        (rc = put_lit(c, "{\"key\":")) < 0 ||
        (rc = put_expr(c, it->key, depth + 1)) < 0 ||
        (rc = put_lit(c, ",\"force_non_literal\":")) < 0 ||
        (rc = put_bool(c, it->force_non_literal)) < 0 ||
        (rc = put_member(c, "value", it->value, depth)) < 0 ||
        (rc = mls_buf_putc(c->out, '}')) < 0) {
      return rc;
    }
  }
  if ((rc = mls_buf_putc(c->out, ']')) < 0 ||
      (rc = put_node_range(c, &e->range)) < 0) {
    return rc;
  }
  return mls_buf_putc(c->out, '}');
}

/* The kinds whose first child comes first in the JSON, right after the
 * node's opening: binary_op (lhs), index (collection), relative_traversal
 * (source) and splat (source). */
static bool is_left_chain(const hcl_expr *e)
{
  return e &&
         (e->kind == HCL_EXPR_BINARY || e->kind == HCL_EXPR_INDEX ||
          e->kind == HCL_EXPR_RELATIVE_TRAVERSAL || e->kind == HCL_EXPR_SPLAT);
}

static const hcl_expr *left_child(const hcl_expr *e)
{
  switch (e->kind) {
  case HCL_EXPR_BINARY:
    return e->u.binary.lhs;
  case HCL_EXPR_INDEX:
    return e->u.index.coll;
  case HCL_EXPR_RELATIVE_TRAVERSAL:
    return e->u.rel.source;
  default:
    return e->u.splat.source;
  }
}

/* The node's opening, up to and including the key of its left child. */
static int put_chain_open(dump_ctx *c, const hcl_expr *e)
{
  switch (e->kind) {
  case HCL_EXPR_BINARY:
    return mls_buf_printf(c->out,
                          "{\"kind\":\"binary_op\",\"op\":\"%s\",\"lhs\":",
                          binop_str(e->u.binary.op));
  case HCL_EXPR_INDEX:
    return put_lit(c, "{\"kind\":\"index\",\"collection\":");
  case HCL_EXPR_RELATIVE_TRAVERSAL:
    return put_lit(c, "{\"kind\":\"relative_traversal\",\"source\":");
  default:
    return put_lit(c,
                   e->u.splat.attr_style
                       ? "{\"kind\":\"splat\",\"style\":\"attr\",\"source\":"
                       : "{\"kind\":\"splat\",\"style\":\"full\",\"source\":");
  }
}

/* The node's members after its left child, and its closing brace. */
static int put_chain_close(dump_ctx *c, const hcl_expr *e, int depth)
{
  int rc;
  switch (e->kind) {
  case HCL_EXPR_BINARY:
    rc = put_member(c, "rhs", e->u.binary.rhs, depth);
    break;
  case HCL_EXPR_INDEX:
    rc = put_member(c, "key", e->u.index.key, depth);
    break;
  case HCL_EXPR_RELATIVE_TRAVERSAL:
    if ((rc = put_lit(c, ",\"steps\":")) == MLS_OK) {
      rc = put_steps(c, e->u.rel.steps, e->u.rel.nsteps);
    }
    break;
  default:
    rc = put_member(c, "each", e->u.splat.each, depth);
    break;
  }
  if (rc < 0 || (rc = put_node_range(c, &e->range)) < 0) {
    return rc;
  }
  return mls_buf_putc(c->out, '}');
}

/* A chain of left-first nodes. `a + b + c + ...`, `x[a][b][c]...` and
 * `f()[a].b[c].d...` parse left-deep, one level per operator or bracket
 * pair with no nesting in the source, so generated code can make such a
 * chain thousands of nodes long, past any depth bound that protects the
 * stack. The left spine is therefore walked in a loop: every opening down
 * to the first node that is not such a kind, that node, then the rest of
 * each node on the way back up (from a stack of the spine), at the depth
 * of the chain's top. */
static int put_chain(dump_ctx *c, const hcl_expr *e, int depth)
{
  const hcl_expr *small[64];
  const hcl_expr **spine = small;
  const hcl_expr *left;
  size_t n = 0, cap = sizeof(small) / sizeof(small[0]);
  int rc = MLS_OK;

  for (left = e; is_left_chain(left); left = left_child(left)) {
    if (n == cap) {
      size_t ncap, bytes;
      const hcl_expr **ns;
      if (!mls_mul_sz(&ncap, cap, 2) ||
          !mls_mul_sz(&bytes, ncap, sizeof(*spine)) ||
          !(ns = mls_malloc(bytes))) {
        rc = MLS_ENOMEM;
        goto done;
      }
      memcpy(ns, spine, n * sizeof(*spine));
      if (spine != small) {
        mls_free(spine);
      }
      spine = ns;
      cap = ncap;
    }
    spine[n++] = left;
    if ((rc = put_chain_open(c, left)) < 0) {
      goto done;
    }
  }
  if ((rc = put_expr(c, left, depth + 1)) < 0) {
    goto done;
  }
  while (n > 0) {
    if ((rc = put_chain_close(c, spine[--n], depth)) < 0) {
      goto done;
    }
  }

done:
  if (spine != small) {
    mls_free(spine);
  }
  return rc;
}

static int put_expr(dump_ctx *c, const hcl_expr *e, int depth)
{
  int rc;

  if (depth > DUMP_MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  if (!e) {
    return put_lit(c, "null");
  }
  switch (e->kind) {
  case HCL_EXPR_LITERAL:
    if ((rc = put_lit(c, "{\"kind\":\"literal\",")) < 0 ||
        (rc = put_value_members(c, &e->u.lit, true)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_TEMPLATE:
    if (e->u.tmpl.heredoc) {
      if ((rc = put_lit(c, "{\"kind\":\"heredoc\",\"marker\":")) < 0 ||
          (rc = put_str(c, e->u.tmpl.marker)) < 0 ||
          (rc = put_lit(c, ",\"flush\":")) < 0 ||
          (rc = put_bool(c, e->u.tmpl.flush)) < 0) {
        return rc;
      }
      rc = put_lit(c, ",\"parts\":");
    } else {
      rc = put_lit(c, "{\"kind\":\"template\",\"parts\":");
    }
    if (rc < 0 || (rc = put_template_parts(c, e->u.tmpl.parts, e->u.tmpl.nparts,
                                           depth)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_TEMPLATE_WRAP:
    if ((rc = put_lit(c, "{\"kind\":\"template_wrap\",\"wrapped\":")) < 0 ||
        (rc = put_expr(c, e->u.wrap.inner, depth + 1)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_TEMPLATE_JOIN:
    if ((rc = put_lit(c, "{\"kind\":\"template_join\",\"tuple\":")) < 0 ||
        (rc = put_expr(c, e->u.wrap.inner, depth + 1)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_SCOPE_TRAVERSAL:
    if ((rc = put_lit(c, "{\"kind\":\"scope_traversal\",\"root\":")) < 0 ||
        (rc = put_str(c, e->u.scope.root)) < 0 ||
        (rc = put_lit(c, ",\"steps\":")) < 0 ||
        (rc = put_steps(c, e->u.scope.steps, e->u.scope.nsteps)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_RELATIVE_TRAVERSAL:
  case HCL_EXPR_SPLAT:
  case HCL_EXPR_INDEX:
  case HCL_EXPR_BINARY:
    return put_chain(c, e, depth);
  case HCL_EXPR_FUNCTION_CALL:
    if ((rc = put_lit(c, "{\"kind\":\"function_call\",\"name\":")) < 0 ||
        (rc = put_str(c, e->u.call.name)) < 0 ||
        (rc = put_lit(c, ",\"expand_final\":")) < 0 ||
        (rc = put_bool(c, e->u.call.expand_final)) < 0 ||
        (rc = put_lit(c, ",\"args\":")) < 0 ||
        (rc = put_expr_list(c, e->u.call.args, e->u.call.nargs, depth)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_CONDITIONAL:
    if ((rc = put_lit(c, "{\"kind\":\"conditional\"")) < 0 ||
        (rc = put_member(c, "condition", e->u.cond.cond, depth)) < 0 ||
        (rc = put_member(c, "true", e->u.cond.t, depth)) < 0 ||
        (rc = put_member(c, "false", e->u.cond.f, depth)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_FOR:
    return put_for(c, e, depth);
  case HCL_EXPR_ANON_SYMBOL:
    if ((rc = put_lit(c, "{\"kind\":\"anon_symbol\"")) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_TUPLE:
    if ((rc = put_lit(c, "{\"kind\":\"tuple_cons\",\"items\":")) < 0 ||
        (rc = put_expr_list(c, e->u.tuple.items, e->u.tuple.n, depth)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_OBJECT:
    return put_object(c, e, depth);
  case HCL_EXPR_UNARY:
    if ((rc = put_lit(c, e->u.unary.op == HCL_OP_NOT
                             ? "{\"kind\":\"unary_op\",\"op\":\"!\""
                             : "{\"kind\":\"unary_op\",\"op\":\"-\"")) < 0 ||
        (rc = put_member(c, "operand", e->u.unary.operand, depth)) < 0) {
      return rc;
    }
    break;
  case HCL_EXPR_PARENS:
    if ((rc = put_lit(c, "{\"kind\":\"parentheses\"")) < 0 ||
        (rc = put_member(c, "expr", e->u.wrap.inner, depth)) < 0) {
      return rc;
    }
    break;
  default:
    if ((rc = put_lit(c, "{\"kind\":\"unsupported\",\"go_type\":\"?\"")) < 0) {
      return rc;
    }
    break;
  }
  if ((rc = put_node_range(c, &e->range)) < 0) {
    return rc;
  }
  return mls_buf_putc(c->out, '}');
}

/* ---------------------------------------------------------------------- */
/* Bodies and the document.                                                */

static int put_body(dump_ctx *c, const hcl_body *b, int depth)
{
  int rc;

  if (depth > DUMP_MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  if (!b) {
    return put_lit(c, "{\"attributes\":[],\"blocks\":[]}");
  }
  if ((rc = put_lit(c, "{\"attributes\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < b->nattrs; i++) {
    const hcl_attr *a = &b->attrs[i];
    if ((i > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) ||
        (rc = put_lit(c, "{\"name\":")) < 0 || (rc = put_str(c, a->name)) < 0 ||
        (rc = put_lit(c, ",\"range\":")) < 0 ||
        (rc = put_range(c, &a->range)) < 0 ||
        (rc = put_member(c, "expr", a->expr, depth)) < 0 ||
        (rc = mls_buf_putc(c->out, '}')) < 0) {
      return rc;
    }
  }
  if ((rc = put_lit(c, "],\"blocks\":[")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < b->nblocks; i++) {
    const hcl_block *k = &b->blocks[i];
    if ((i > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) ||
        (rc = put_lit(c, "{\"type\":")) < 0 || (rc = put_str(c, k->type)) < 0 ||
        (rc = put_lit(c, ",\"labels\":[")) < 0) {
      return rc;
    }
    for (uint32_t j = 0; j < k->nlabels; j++) {
      if ((j > 0 && (rc = mls_buf_putc(c->out, ',')) < 0) ||
          (rc = put_str(c, k->labels[j].value)) < 0) {
        return rc;
      }
    }
    if ((rc = put_lit(c, "],\"range\":")) < 0 ||
        (rc = put_range(c, &k->range)) < 0 ||
        (rc = put_lit(c, ",\"body\":")) < 0 ||
        (rc = put_body(c, k->body, depth + 1)) < 0 ||
        (rc = mls_buf_putc(c->out, '}')) < 0) {
      return rc;
    }
  }
  return put_lit(c, "]}");
}

static int put_diagnostics(dump_ctx *c, const mls_diag *diag)
{
  bool first = true;
  int rc;

  if ((rc = mls_buf_putc(c->out, '[')) < 0) {
    return rc;
  }
  for (size_t i = 0; diag && i < diag->n; i++) {
    const mls_diag_entry *d = &diag->v[i];
    const char *msg = d->message ? d->message : "";
    if (d->sev == MLS_SEV_NOTE) {
      continue; /* hclsyntax has only errors and warnings */
    }
    if ((!first && (rc = mls_buf_putc(c->out, ',')) < 0) ||
        (rc = put_lit(c, d->sev == MLS_SEV_ERROR
                             ? "{\"severity\":\"error\",\"summary\":"
                             : "{\"severity\":\"warning\",\"summary\":")) < 0 ||
        (rc = hcl_dump_json_string(c->out, msg, strlen(msg))) < 0 ||
        (rc = put_lit(c, ",\"detail\":\"\",\"subject\":")) < 0) {
      return rc;
    }
    rc = d->has_range ? put_range(c, &d->range) : put_lit(c, "null");
    if (rc < 0 || (rc = mls_buf_putc(c->out, '}')) < 0) {
      return rc;
    }
    first = false;
  }
  return mls_buf_putc(c->out, ']');
}

static bool file_ok(const hcl_file *f, const mls_diag *diag)
{
  return f && f->nerrors == 0 && (!diag || diag->nerrors == 0);
}

/* Undo a failed append, unless the buffer failed and freed itself. */
static void rewind_out(mls_buf *out, size_t mark)
{
  if (out->ptr && out->len >= mark) {
    out->len = mark;
    out->ptr[mark] = '\0';
  }
}

int hcl_dump_hclref(mls_buf *out, const hcl_file *f, const char *path,
                    size_t nbytes, const mls_diag *diag)
{
  return hcl_dump_hclref_ex(out, f, path, nbytes, diag, NULL);
}

int hcl_dump_hclref_ex(mls_buf *out, const hcl_file *f, const char *path,
                       size_t nbytes, const mls_diag *diag,
                       const hcl_dump_opts *opts)
{
  dump_ctx c;
  size_t mark;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(out && path);
  mark = out->len;
  memset(&c, 0, sizeof(c));
  c.out = out;
  c.src = f ? f->src : NULL;
  c.len = f ? f->len : 0;
  c.native = f && f->syntax == HCL_SYNTAX_NATIVE;
  c.ranges = opts && opts->ranges;
  mls_buf_init(&c.scratch, MLS_MAX_BLOB_BYTES);

  if ((rc = put_lit(&c, "{\"format\":1,\"file\":")) < 0 ||
      (rc = hcl_dump_json_string(out, path, strlen(path))) < 0 ||
      (rc = mls_buf_printf(out, ",\"bytes\":%zu,\"ok\":", nbytes)) < 0 ||
      (rc = put_bool(&c, file_ok(f, diag))) < 0 ||
      (rc = put_lit(&c, ",\"diagnostics\":")) < 0 ||
      (rc = put_diagnostics(&c, diag)) < 0 ||
      (rc = put_lit(&c, ",\"body\":")) < 0) {
    goto done;
  }
  if (f && f->body) {
    rc = put_body(&c, f->body, 0);
  } else {
    rc = put_lit(&c, "null");
  }
  if (rc < 0 || (rc = put_lit(&c, "}\n")) < 0) {
    goto done;
  }

done:
  if (rc < 0) {
    rewind_out(out, mark);
  }
  mls_buf_dispose(&c.scratch);
  mls_free(c.cols);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* Summary.                                                                */

static int put_indent(mls_buf *out, int depth)
{
  int rc = MLS_OK;
  for (int i = 0; i < depth && rc == MLS_OK; i++) {
    rc = mls_buf_put(out, "  ", 2);
  }
  return rc;
}

static int summary_body(mls_buf *out, const hcl_body *b, int depth)
{
  int rc;

  if (depth > DUMP_MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  if ((rc = put_indent(out, depth)) < 0 ||
      (rc = mls_buf_puts(out, "attrs:")) < 0) {
    return rc;
  }
  for (uint32_t i = 0; b && i < b->nattrs; i++) {
    if ((rc = mls_buf_putc(out, ' ')) < 0 ||
        (rc = mls_buf_put(out, b->attrs[i].name.ptr, b->attrs[i].name.len)) <
            0) {
      return rc;
    }
  }
  if ((rc = mls_buf_putc(out, '\n')) < 0) {
    return rc;
  }
  for (uint32_t i = 0; b && i < b->nblocks; i++) {
    const hcl_block *k = &b->blocks[i];
    if ((rc = put_indent(out, depth)) < 0 ||
        (rc = mls_buf_puts(out, "block: ")) < 0 ||
        (rc = mls_buf_put(out, k->type.ptr, k->type.len)) < 0) {
      return rc;
    }
    for (uint32_t j = 0; j < k->nlabels; j++) {
      mls_span l = k->labels[j].value;
      if ((rc = mls_buf_putc(out, ' ')) < 0 ||
          (rc = hcl_dump_json_string(out, l.ptr, l.len)) < 0) {
        return rc;
      }
    }
    if ((rc = mls_buf_putc(out, '\n')) < 0 ||
        (rc = summary_body(out, k->body, depth + 1)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

int hcl_dump_summary(mls_buf *out, const hcl_file *f, const char *path,
                     const mls_diag *diag)
{
  size_t ndiags = 0;
  size_t mark;
  int rc;

  MLS_ASSERT_ARG(out && path);
  mark = out->len;
  for (size_t i = 0; diag && i < diag->n; i++) {
    ndiags += diag->v[i].sev != MLS_SEV_NOTE;
  }
  if (diag) {
    ndiags += diag->dropped;
  }
  if ((rc = mls_buf_printf(out, "file: %s\ndiagnostics: %zu\n", path, ndiags)) <
      0) {
    goto done;
  }
  if (!file_ok(f, diag) || !f->body) {
    goto done;
  }
  if ((rc = mls_buf_printf(out, "blocks: %" PRIu32 "\n", f->body->nblocks)) <
          0 ||
      (rc = summary_body(out, f->body, 0)) < 0) {
    goto done;
  }

done:
  if (rc < 0) {
    rewind_out(out, mark);
  }
  return rc;
}
