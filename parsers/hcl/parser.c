/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/parser.c -- HCL2 native syntax: tokens -> body tree.
 *
 * Stage: blob -> file model. A recursive-descent parser over the token
 * array of lexer.c that follows hclsyntax (hcl 2.14) production by
 * production, including where newlines count, operator precedence, how
 * traversals fold literal index keys, and how it recovers after an error,
 * so its trees match HashiCorp's byte for byte in hclref's canonical JSON
 * (../shared/tools/hclref/README.md). Spec: ../shared/corpus/hcl-specsuite/
 * hclsyntax/spec.md. Every node lives in the file's arena; spans borrow the
 * source. Nesting is bounded by MLS_MAX_NESTING, so recursion depth is too.
 */
#include "parsers/hcl/hcl.h"

#include "parsers/hcl/hcl_int.h"
#include "parsers/hcl/parser_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stddef.h>
#include <string.h>

/* ---- token access ------------------------------------------------------ */

static inline bool include_newlines(const parser *p)
{
  return p->nl_stack[p->nl_depth - 1] != 0;
}

void hcl__push_nl(parser *p, bool include)
{
  if (p->nl_depth < NL_STACK) {
    p->nl_stack[p->nl_depth] = include;
  }
  p->nl_depth++;
}

void hcl__pop_nl(parser *p)
{
  if (p->nl_depth > 1) {
    p->nl_depth--;
  }
}

/* The next significant token and the index after it, as hclsyntax's
 * peeker: comments are skipped, but a line comment ends in a newline that
 * counts where newlines do; newlines are skipped inside brackets. */
static hcl_tok next_token(const parser *p, uint32_t *after)
{
  bool nl = include_newlines(p);
  uint32_t i;
  for (i = p->next; i < p->ntoks; i++) {
    const hcl_tok *t = &p->toks[i];
    if (t->type == TK_COMMENT) {
      const char *e = p->src + t->range.end.byte - p->base_byte;
      if (nl && t->range.end.byte > t->range.start.byte && e[-1] == '\n') {
        hcl_tok fake = *t;
        fake.type = TK_NEWLINE;
        *after = i + 1;
        return fake;
      }
      continue;
    }
    if (t->type == TK_NEWLINE && !nl) {
      continue;
    }
    /* Reading the final EOF leaves the cursor on it. */
    *after = t->type == TK_EOF ? i : i + 1;
    return *t;
  }
  *after = p->ntoks - 1;
  return p->toks[p->ntoks - 1];
}

hcl_tok hcl__peek_slow(const parser *p)
{
  uint32_t after;
  return next_token(p, &after);
}

hcl_tok hcl__read_slow(parser *p)
{
  uint32_t after;
  hcl_tok t = next_token(p, &after);
  p->next = after;
  return t;
}

/* Range of the last token read (hclsyntax PrevRange). */
static mls_range prev_range(const parser *p)
{
  if (p->next == 0) {
    return hcl__peek(p).range;
  }
  return p->toks[p->next - 1].range;
}

static inline mls_range between(mls_range a, mls_range b)
{
  mls_range r;
  r.start = a.start.byte <= b.start.byte ? a.start : b.start;
  r.end = a.end.byte >= b.end.byte ? a.end : b.end;
  return r;
}

static inline mls_span tok_text(const parser *p, const hcl_tok *t)
{
  return mls_span_of(p->src + (t->range.start.byte - p->base_byte),
                     t->range.end.byte - t->range.start.byte);
}

static bool tok_is_keyword(const parser *p, const hcl_tok *t, const char *kw)
{
  return t->type == TK_IDENT && mls_span_eq(tok_text(p, t), kw);
}

/* ---- diagnostics ------------------------------------------------------- */

void hcl__error(parser *p, const mls_range *at, const char *msg)
{
  p->nerrors++;
  if (p->rc == MLS_OK) {
    p->rc = MLS_EINPUT;
  }
  mls_diag_add(p->diag, MLS_EINPUT, at, "%s", msg);
}

void hcl__limit_error(parser *p, const mls_range *at, const char *what)
{
  p->nerrors++;
  if (!p->limit_hit) {
    p->limit_hit = true;
    mls_diag_add(p->diag, MLS_ELIMIT, at, "%s", what);
  }
  p->rc = MLS_ELIMIT;
}

static void limit_error(parser *p, const mls_range *at)
{
  hcl__limit_error(p, at,
                   "nested deeper than MLS_MAX_NESTING (256) levels; the rest "
                   "of this construct is skipped");
}

static void items_error(parser *p, const mls_range *at)
{
  hcl__limit_error(p, at,
                   "more than MLS_MAX_BODY_ITEMS (100000) items in one body, "
                   "tuple, object or call; the rest are dropped");
}

/* ---- allocation -------------------------------------------------------- */

void *hcl__alloc(parser *p, size_t n)
{
  void *v = mls_arena_zalloc(p->arena, n);
  if (!v) {
    p->oom = true;
  }
  return v;
}

/* Bytes of an hcl_expr of each kind: the header plus its union member, so
 * small nodes (literals, traversals) do not pay for the largest. */
#define EXPR_SIZE(member)                                                      \
  (offsetof(hcl_expr, u) + sizeof(((hcl_expr *)0)->u.member))
static const uint8_t expr_size[] = {
  [HCL_EXPR_LITERAL] = EXPR_SIZE(lit),
  [HCL_EXPR_TEMPLATE] = EXPR_SIZE(tmpl),
  [HCL_EXPR_TEMPLATE_WRAP] = EXPR_SIZE(wrap),
  [HCL_EXPR_TEMPLATE_JOIN] = EXPR_SIZE(wrap),
  [HCL_EXPR_SCOPE_TRAVERSAL] = EXPR_SIZE(scope),
  [HCL_EXPR_RELATIVE_TRAVERSAL] = EXPR_SIZE(rel),
  [HCL_EXPR_FUNCTION_CALL] = EXPR_SIZE(call),
  [HCL_EXPR_CONDITIONAL] = EXPR_SIZE(cond),
  [HCL_EXPR_FOR] = EXPR_SIZE(forx),
  [HCL_EXPR_SPLAT] = EXPR_SIZE(splat),
  [HCL_EXPR_ANON_SYMBOL] = offsetof(hcl_expr, u),
  [HCL_EXPR_INDEX] = EXPR_SIZE(index),
  [HCL_EXPR_TUPLE] = EXPR_SIZE(tuple),
  [HCL_EXPR_OBJECT] = EXPR_SIZE(object),
  [HCL_EXPR_BINARY] = EXPR_SIZE(binary),
  [HCL_EXPR_UNARY] = EXPR_SIZE(unary),
  [HCL_EXPR_PARENS] = EXPR_SIZE(wrap),
};

hcl_expr *hcl__new_expr(parser *p, hcl_expr_kind kind, mls_range range)
{
  hcl_expr *e = hcl__alloc(p, expr_size[kind]);
  if (!e) {
    /* Keep parsing with a shared placeholder; the caller sees p->oom at the
     * end and returns MLS_ENOMEM without handing the tree out. */
    e = &p->oom_expr;
    memset(e, 0, sizeof(*e));
  }
  e->kind = kind;
  e->range = range;
  return e;
}

hcl_expr *hcl__placeholder(parser *p, mls_range range)
{
  hcl_expr *e = hcl__new_expr(p, HCL_EXPR_LITERAL, range);
  e->u.lit.type = HCL_LIT_UNKNOWN;
  return e;
}

/* Scratch stack: children are pushed while a node is parsed, then copied
 * into one arena array. Nested nodes push above their parent's items, so
 * the stack discipline holds. Pointers into it never survive a push. */
bool hcl__scratch_push(parser *p, const void *item, size_t n)
{
  if (p->nscratch + n > p->capscratch) {
    size_t ncap = p->capscratch ? p->capscratch * 2 : 4096;
    unsigned char *ns;
    while (ncap < p->nscratch + n) {
      ncap *= 2;
    }
    if (!(ns = mls_realloc(p->scratch, ncap))) {
      p->oom = true;
      return false;
    }
    p->scratch = ns;
    p->capscratch = ncap;
  }
  memcpy(p->scratch + p->nscratch, item, n);
  p->nscratch += n;
  return true;
}

void *hcl__scratch_take(parser *p, size_t base)
{
  size_t n = p->nscratch - base;
  void *out = NULL;
  if (n) {
    out = mls_arena_alloc(p->arena, n);
    if (!out) {
      p->oom = true;
    } else {
      memcpy(out, p->scratch + base, n);
    }
  }
  p->nscratch = base;
  return out;
}

/* ---- recovery (hclsyntax recover, recoverAfterBodyItem) ----------------- */

static int opposite(int ty)
{
  switch (ty) {
  case TK_OBRACE:
    return TK_CBRACE;
  case TK_OBRACK:
    return TK_CBRACK;
  case TK_OPAREN:
    return TK_CPAREN;
  case TK_OQUOTE:
    return TK_CQUOTE;
  case TK_OHEREDOC:
    return TK_CHEREDOC;
  case TK_CBRACE:
    return TK_OBRACE;
  case TK_CBRACK:
    return TK_OBRACK;
  case TK_CPAREN:
    return TK_OPAREN;
  case TK_CQUOTE:
    return TK_OQUOTE;
  case TK_CHEREDOC:
    return TK_OHEREDOC;
  case TK_CONTROL:
  case TK_INTERP:
    return TK_SEQ_END;
  case TK_SEQ_END:
    return TK_INTERP;
  default:
    return TK_NIL;
  }
}

hcl_tok hcl__recover(parser *p, int end)
{
  int start = opposite(end);
  uint32_t nest = 0;
  p->recovery = true;
  for (;;) {
    hcl_tok t = hcl__read(p);
    int ty = t.type;
    if (end == TK_SEQ_END && ty == TK_CONTROL) {
      ty = TK_INTERP;
    }
    if (ty == TK_EOF) {
      return t;
    }
    if (ty == start) {
      nest++;
    } else if (ty == end) {
      if (nest < 1) {
        return t;
      }
      nest--;
    }
  }
}

static void recover_after_body_item(parser *p)
{
  /* The open-bracket stack is kept as a counted byte array on the heap;
   * depth beyond the fixed part only needs a count per kind, but a simple
   * bounded array is enough: past its size, brackets are only counted. */
  uint8_t open[512];
  size_t nopen = 0, overflow = 0;

  p->recovery = true;
  for (;;) {
    hcl_tok t = hcl__read(p);
    switch (t.type) {
    case TK_NEWLINE:
      if (nopen == 0 && overflow == 0) {
        return;
      }
      break;
    case TK_EOF:
      return;
    case TK_OBRACE:
    case TK_OBRACK:
    case TK_OPAREN:
    case TK_OQUOTE:
    case TK_OHEREDOC:
    case TK_INTERP:
    case TK_CONTROL:
      if (nopen < sizeof(open)) {
        open[nopen++] = t.type;
      } else {
        overflow++;
      }
      break;
    case TK_CBRACE:
    case TK_CBRACK:
    case TK_CPAREN:
    case TK_CQUOTE:
    case TK_CHEREDOC: {
      int opener = opposite(t.type);
      if (overflow) {
        overflow--;
        break;
      }
      while (nopen > 0 && open[nopen - 1] != opener) {
        nopen--;
      }
      if (nopen > 0) {
        nopen--;
      }
      break;
    }
    case TK_SEQ_END:
      if (overflow) {
        overflow--;
        break;
      }
      while (nopen > 0 && open[nopen - 1] != TK_INTERP &&
             open[nopen - 1] != TK_CONTROL) {
        nopen--;
      }
      if (nopen > 0) {
        nopen--;
      }
      break;
    default:
      break;
    }
  }
}

/* ---- expressions ------------------------------------------------------- */

static hcl_expr *parse_expression_term(parser *p);
static hcl_expr *parse_traversals(parser *p, hcl_expr *from);

static bool number_valid(mls_span s)
{
  size_t i = 0;
  while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
    i++;
  }
  if (i == 0) {
    return false;
  }
  if (i < s.len && s.ptr[i] == '.') {
    i++;
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
      i++;
    }
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    size_t d;
    i++;
    if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
      i++;
    }
    d = i;
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i])) {
      i++;
    }
    if (i == d) {
      return false;
    }
  }
  return i == s.len;
}

/* Value of a number token, with a diagnostic when it is malformed. */
static hcl_value number_value(parser *p, const hcl_tok *t)
{
  hcl_value v;
  memset(&v, 0, sizeof(v));
  v.str = tok_text(p, t);
  if (number_valid(v.str)) {
    v.type = HCL_LIT_NUMBER;
  } else {
    v.type = HCL_LIT_UNKNOWN;
    hcl__error(p, &t->range, "Invalid number literal");
  }
  return v;
}

static bool enter(parser *p)
{
  if (p->depth >= MLS_MAX_NESTING) {
    hcl_tok t = hcl__peek(p);
    limit_error(p, &t.range);
    p->recovery = true;
    return false;
  }
  p->depth++;
  return true;
}

static inline void leave(parser *p)
{
  p->depth--;
}

static hcl_expr *parse_ternary(parser *p);

hcl_expr *hcl__parse_expression(parser *p)
{
  hcl_expr *e;
  if (!enter(p)) {
    return hcl__placeholder(p, hcl__peek(p).range);
  }
  e = parse_ternary(p);
  leave(p);
  return e;
}

/* Binary operator levels, lowest first, as hclsyntax's binaryOps. */
static int binop_of(int level, int tok)
{
  switch (level) {
  case 0:
    return tok == TK_OR ? HCL_OP_OR : -1;
  case 1:
    return tok == TK_AND ? HCL_OP_AND : -1;
  case 2:
    return tok == TK_EQOP ? HCL_OP_EQ : tok == TK_NEQ ? HCL_OP_NE : -1;
  case 3:
    switch (tok) {
    case TK_GT:
      return HCL_OP_GT;
    case TK_GE:
      return HCL_OP_GE;
    case TK_LT:
      return HCL_OP_LT;
    case TK_LE:
      return HCL_OP_LE;
    default:
      return -1;
    }
  case 4:
    return tok == TK_PLUS ? HCL_OP_ADD : tok == TK_MINUS ? HCL_OP_SUB : -1;
  case 5:
    switch (tok) {
    case TK_STAR:
      return HCL_OP_MUL;
    case TK_SLASH:
      return HCL_OP_DIV;
    case TK_PERCENT:
      return HCL_OP_MOD;
    default:
      return -1;
    }
  default:
    return -1;
  }
}

/* Precedence climbing over the levels of binop_of(); for left-associative
 * operators it builds the same trees as hclsyntax's one-function-per-level
 * recursion, without six calls per operand. */
static int binop_level(int tok, int *op)
{
  for (int level = 0; level < 6; level++) {
    if ((*op = binop_of(level, tok)) >= 0) {
      return level;
    }
  }
  return -1;
}

static hcl_expr *parse_binary(parser *p, int min_level)
{
  hcl_expr *lhs, *rhs;
  uint32_t errs = p->nerrors;

  lhs = parse_traversals(p, parse_expression_term(p));
  if (p->recovery && p->nerrors > errs) {
    return lhs;
  }
  for (uint32_t chain = 0;; chain++) {
    hcl_tok t = hcl__peek(p);
    int op, level;
    hcl_expr *b;
    if (t.type < TK_STAR || (level = binop_level(t.type, &op)) < min_level) {
      break;
    }
    if (chain >= MLS_MAX_NESTING) {
      /* a+a+a+... builds a left-deep tree; bound its depth like any other
       * nesting so consumers that recurse over it stay within their stack. */
      limit_error(p, &t.range);
      p->recovery = true;
      return lhs;
    }
    hcl__read(p);
    errs = p->nerrors;
    rhs = parse_binary(p, level + 1);
    b = hcl__new_expr(p, HCL_EXPR_BINARY, between(lhs->range, rhs->range));
    b->u.binary.op = (hcl_binop)op;
    b->u.binary.lhs = lhs;
    b->u.binary.rhs = rhs;
    if (p->recovery && p->nerrors > errs) {
      /* hclsyntax returns the left side alone here; the tree is partial
       * either way. */
      return lhs;
    }
    lhs = b;
  }
  return lhs;
}

static hcl_expr *parse_ternary(parser *p)
{
  mls_range start = hcl__peek(p).range;
  hcl_expr *cond, *t, *f, *e;
  hcl_tok tok;
  uint32_t errs = p->nerrors;

  cond = parse_binary(p, 0);
  if (p->recovery && p->nerrors > errs) {
    return cond;
  }
  if (hcl__peek(p).type != TK_QUESTION) {
    return cond;
  }
  hcl__read(p);
  errs = p->nerrors;
  t = hcl__parse_expression(p);
  if (p->recovery && p->nerrors > errs) {
    return cond;
  }
  tok = hcl__peek(p);
  if (tok.type != TK_COLON) {
    hcl__error(p, &tok.range, "Missing false expression in conditional");
    return cond;
  }
  hcl__read(p);
  errs = p->nerrors;
  f = hcl__parse_expression(p);
  if (p->recovery && p->nerrors > errs) {
    return cond;
  }
  e = hcl__new_expr(p, HCL_EXPR_CONDITIONAL, between(start, f->range));
  e->u.cond.cond = cond;
  e->u.cond.t = t;
  e->u.cond.f = f;
  return e;
}

/* Append a step to a traversal, or wrap `expr` in a relative traversal
 * (hclsyntax makeRelativeTraversal). Steps are kept in a per-node growable
 * arena array: traversals are short, so doubling copies are cheap. */
static hcl_expr *add_step(parser *p, hcl_expr *expr, const hcl_step *step)
{
  hcl_step **steps;
  uint32_t *n;
  hcl_step *ns;

  if (expr->kind == HCL_EXPR_SCOPE_TRAVERSAL) {
    steps = &expr->u.scope.steps;
    n = &expr->u.scope.nsteps;
  } else if (expr->kind == HCL_EXPR_RELATIVE_TRAVERSAL) {
    steps = &expr->u.rel.steps;
    n = &expr->u.rel.nsteps;
  } else {
    hcl_expr *r = hcl__new_expr(p, HCL_EXPR_RELATIVE_TRAVERSAL,
                                between(expr->range, step->range));
    r->u.rel.source = expr;
    expr = r;
    steps = &r->u.rel.steps;
    n = &r->u.rel.nsteps;
  }
  if (*n >= MLS_MAX_BODY_ITEMS) {
    items_error(p, &step->range);
    return expr;
  }
  /* Capacity is the next power of two >= n (min 4). */
  if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
    uint32_t cap = *n < 4 ? 4 : *n * 2;
    ns = mls_arena_alloc(p->arena, sizeof(hcl_step) * cap);
    if (!ns) {
      p->oom = true;
      return expr;
    }
    if (*n) {
      memcpy(ns, *steps, sizeof(hcl_step) * *n);
    }
    *steps = ns;
  }
  (*steps)[(*n)++] = *step;
  expr->range = between(expr->range, step->range);
  return expr;
}

static hcl_expr *parse_traversals(parser *p, hcl_expr *from)
{
  hcl_expr *ret = from;

  for (;;) {
    hcl_tok next = hcl__peek(p);
    hcl_step step;

    if (next.type != TK_DOT && next.type != TK_OBRACK) {
      break;
    }
    memset(&step, 0, sizeof(step));
    if (next.type == TK_DOT) {
      hcl_tok dot = hcl__read(p);
      hcl_tok at = hcl__peek(p);
      if (at.type == TK_IDENT) {
        hcl__read(p);
        step.kind = HCL_STEP_ATTR;
        step.name = tok_text(p, &at);
        step.range = between(dot.range, at.range);
        ret = add_step(p, ret, &step);
      } else if (at.type == TK_NUMBER) {
        mls_span txt = tok_text(p, &at);
        hcl__read(p);
        step.kind = HCL_STEP_INDEX;
        step.range = between(dot.range, at.range);
        if (memchr(txt.ptr, '.', txt.len)) {
          hcl__error(p, &at.range, "Invalid legacy index syntax");
          step.key.type = HCL_LIT_UNKNOWN;
        } else {
          step.key = number_value(p, &at);
        }
        ret = add_step(p, ret, &step);
      } else if (at.type == TK_STAR) {
        /* Attribute-only splat: only .name and .N steps join `each`. */
        hcl_tok marker = hcl__read(p);
        hcl_expr *item, *each, *sp;
        mls_range first = hcl__peek(p).range, last = marker.range;
        item = hcl__new_expr(p, HCL_EXPR_ANON_SYMBOL,
                             between(dot.range, marker.range));
        each = item;
        bool abandoned = false;
        while (hcl__peek(p).type == TK_DOT) {
          hcl_tok d2 = hcl__read(p);
          hcl_tok n2 = hcl__peek(p);
          hcl_step s2;
          memset(&s2, 0, sizeof(s2));
          if (n2.type == TK_NUMBER) {
            mls_span txt = tok_text(p, &n2);
            hcl__read(p);
            s2.kind = HCL_STEP_INDEX;
            s2.range = between(d2.range, n2.range);
            if (memchr(txt.ptr, '.', txt.len)) {
              hcl__error(p, &at.range, "Invalid legacy index syntax");
              s2.key.type = HCL_LIT_UNKNOWN;
            } else {
              s2.key = number_value(p, &n2);
            }
            last = n2.range;
            each = add_step(p, each, &s2);
            continue;
          }
          if (n2.type != TK_IDENT) {
            if (!p->recovery) {
              if (n2.type == TK_STAR) {
                hcl__error(p, &n2.range, "Nested splat expression not allowed");
              } else {
                hcl__error(p, &at.range, "Invalid attribute name");
              }
            }
            p->recovery = true;
            abandoned = true;
            break;
          }
          hcl__read(p);
          s2.kind = HCL_STEP_ATTR;
          s2.name = tok_text(p, &n2);
          s2.range = between(d2.range, n2.range);
          last = n2.range;
          each = add_step(p, each, &s2);
        }
        if (abandoned) {
          continue;
        }
        if (each != item) {
          each->range = between(first, last);
        }
        sp = hcl__new_expr(p, HCL_EXPR_SPLAT, between(from->range, last));
        sp->u.splat.source = ret;
        sp->u.splat.each = each;
        sp->u.splat.attr_style = true;
        ret = sp;
      } else {
        hcl__error(p, &at.range, "Invalid attribute name");
        p->recovery = true;
      }
    } else if (next.type == TK_OBRACK) {
      hcl_tok open = hcl__read(p);
      if (hcl__peek(p).type == TK_STAR) {
        hcl_tok close;
        hcl_expr *item, *each, *sp;
        hcl__read(p);
        close = hcl__read(p);
        if (close.type != TK_CBRACK && !p->recovery) {
          /* hclsyntax's diagnostic points at `close` by address and then
           * reassigns it, so the subject is where recovery stopped. */
          close = hcl__recover(p, TK_CBRACK);
          hcl__error(p, &close.range, "Missing close bracket on splat index");
        }
        item = hcl__new_expr(p, HCL_EXPR_ANON_SYMBOL,
                             between(open.range, close.range));
        if (!enter(p)) {
          return ret;
        }
        each = parse_traversals(p, item);
        leave(p);
        sp =
            hcl__new_expr(p, HCL_EXPR_SPLAT, between(from->range, each->range));
        sp->u.splat.source = ret;
        sp->u.splat.each = each;
        sp->u.splat.attr_style = false;
        ret = sp;
      } else {
        hcl_tok close;
        hcl_expr *key;
        uint32_t errs = p->nerrors;
        mls_range rng;
        hcl__push_nl(p, false);
        key = hcl__parse_expression(p);
        if (p->recovery && p->nerrors > errs) {
          close = hcl__recover(p, TK_CBRACK);
        } else {
          close = hcl__read(p);
          if (close.type != TK_CBRACK && !p->recovery) {
            /* As above: the subject is where recovery stopped. */
            close = hcl__recover(p, TK_CBRACK);
            hcl__error(p, &close.range, "Missing close bracket on index");
          }
        }
        hcl__pop_nl(p);
        rng = between(open.range, close.range);
        if (key->kind == HCL_EXPR_LITERAL) {
          step.kind = HCL_STEP_INDEX;
          step.key = key->u.lit;
          step.range = rng;
          ret = add_step(p, ret, &step);
        } else if (key->kind == HCL_EXPR_TEMPLATE &&
                   (key->flags & HCL_EXPR_F_SINGLE_LITERAL)) {
          step.kind = HCL_STEP_INDEX;
          step.key.type = HCL_LIT_STRING;
          step.key.str = mls_span_of("", 0);
          if (key->u.tmpl.nparts == 1) {
            step.key.str = key->u.tmpl.parts[0]->u.lit.str;
          }
          step.range = rng;
          ret = add_step(p, ret, &step);
        } else {
          hcl_expr *ix =
              hcl__new_expr(p, HCL_EXPR_INDEX, between(from->range, rng));
          ix->u.index.coll = ret;
          ix->u.index.key = key;
          ret = ix;
        }
      }
    } else {
      break;
    }
  }
  return ret;
}

static hcl_expr *parse_function_call(parser *p, hcl_tok name, mls_span fname)
{
  hcl_tok open = hcl__read(p), close = open;
  size_t base = p->nscratch;
  bool expand = false;
  hcl_expr *e;
  uint32_t nargs = 0;

  hcl__push_nl(p, false);
  for (;;) {
    hcl_tok t = hcl__peek(p), sep;
    hcl_expr *arg;
    uint32_t errs;
    if (t.type == TK_CPAREN) {
      close = hcl__read(p);
      break;
    }
    errs = p->nerrors;
    arg = hcl__parse_expression(p);
    if (hcl__scratch_push(p, &arg, sizeof(arg))) {
      nargs++;
    }
    if (p->recovery && p->nerrors > errs) {
      close = hcl__recover(p, TK_CPAREN);
      break;
    }
    sep = hcl__read(p);
    if (sep.type == TK_CPAREN) {
      close = sep;
      break;
    }
    if (sep.type == TK_ELLIPSIS) {
      expand = true;
      if (hcl__peek(p).type != TK_CPAREN) {
        if (!p->recovery) {
          hcl__error(p, &sep.range, "Missing closing parenthesis");
        }
        close = hcl__recover(p, TK_CPAREN);
      } else {
        close = hcl__read(p);
      }
      break;
    }
    if (sep.type != TK_COMMA) {
      if (sep.type == TK_EOF) {
        mls_range r = between(name.range, open.range);
        hcl__error(p, &r, "Unterminated function call");
      } else {
        hcl__error(p, &sep.range, "Missing argument separator");
      }
      close = hcl__recover(p, TK_CPAREN);
      break;
    }
    if (hcl__peek(p).type == TK_CPAREN) {
      close = hcl__read(p);
      break;
    }
  }
  hcl__pop_nl(p);
  if (nargs > MLS_MAX_BODY_ITEMS) {
    items_error(p, &open.range);
  }
  e = hcl__new_expr(p, HCL_EXPR_FUNCTION_CALL,
                    between(name.range, close.range));
  e->u.call.name = fname;
  e->u.call.nargs = nargs;
  e->u.call.args = hcl__scratch_take(p, base);
  e->u.call.expand_final = expand;
  return e;
}

static hcl_expr *parse_for(parser *p, hcl_tok open)
{
  bool make_obj = open.type == TK_OBRACE;
  int close_type = make_obj ? TK_CBRACE : TK_CBRACK;
  hcl_tok t, close;
  mls_span key_name = { NULL, 0 }, val_name;
  hcl_expr *coll, *key = NULL, *val, *cond = NULL, *e;
  bool group = false;
  uint32_t errs, key_errs = 0, val_errs;
  mls_range ellipsis = open.range;

  hcl__push_nl(p, false);
  hcl__read(p); /* "for" */
  t = hcl__peek(p);
  if (t.type != TK_IDENT) {
    if (!p->recovery) {
      hcl__error(p, &t.range, "Invalid 'for' expression");
    }
    goto bad;
  }
  val_name = tok_text(p, &t);
  hcl__read(p);
  if (hcl__peek(p).type == TK_COMMA) {
    key_name = val_name;
    hcl__read(p);
    t = hcl__peek(p);
    if (t.type != TK_IDENT) {
      if (!p->recovery) {
        hcl__error(p, &t.range, "Invalid 'for' expression");
      }
      goto bad;
    }
    val_name = tok_text(p, &t);
    hcl__read(p);
  }
  t = hcl__peek(p);
  if (!tok_is_keyword(p, &t, "in")) {
    if (!p->recovery) {
      hcl__error(p, &t.range, "Invalid 'for' expression");
    }
    goto bad;
  }
  hcl__read(p);
  errs = p->nerrors;
  coll = hcl__parse_expression(p);
  if (p->recovery && p->nerrors > errs) {
    goto bad;
  }
  t = hcl__peek(p);
  if (t.type != TK_COLON) {
    if (!p->recovery) {
      hcl__error(p, &t.range, "Invalid 'for' expression");
    }
    goto bad;
  }
  hcl__read(p);
  errs = p->nerrors;
  val = hcl__parse_expression(p);
  val_errs = p->nerrors - errs;
  if (hcl__peek(p).type == TK_FATARROW) {
    hcl__read(p);
    key = val;
    key_errs = val_errs;
    errs = p->nerrors;
    val = hcl__parse_expression(p);
    val_errs = p->nerrors - errs;
  }
  if (p->recovery && (key_errs || val_errs)) {
    goto bad;
  }
  if (hcl__peek(p).type == TK_ELLIPSIS) {
    ellipsis = hcl__read(p).range;
    group = true;
  }
  t = hcl__peek(p);
  if (tok_is_keyword(p, &t, "if")) {
    hcl__read(p);
    errs = p->nerrors;
    cond = hcl__parse_expression(p);
    if (p->recovery && p->nerrors > errs) {
      goto bad;
    }
  }
  t = hcl__peek(p);
  if (t.type == close_type) {
    close = hcl__read(p);
  } else {
    if (!p->recovery) {
      hcl__error(p, &t.range, "Invalid 'for' expression");
    }
    close = hcl__recover(p, close_type);
  }
  if (!make_obj) {
    if (key) {
      hcl__error(p, &key->range, "Invalid 'for' expression");
    }
    if (group) {
      hcl__error(p, &ellipsis, "Invalid 'for' expression");
    }
  } else if (!key) {
    hcl__error(p, &val->range, "Invalid 'for' expression");
  }
  hcl__pop_nl(p);
  e = hcl__new_expr(p, HCL_EXPR_FOR, between(open.range, close.range));
  e->u.forx.key_var = key_name;
  e->u.forx.value_var = val_name;
  e->u.forx.coll = coll;
  e->u.forx.key = key;
  e->u.forx.value = val;
  e->u.forx.cond = cond;
  e->u.forx.group = group;
  return e;

bad:
  close = hcl__recover(p, close_type);
  hcl__pop_nl(p);
  return hcl__placeholder(p, between(open.range, close.range));
}

static hcl_expr *parse_tuple(parser *p)
{
  hcl_tok open = hcl__read(p), close = open, t;
  size_t base = p->nscratch;
  uint32_t n = 0;
  hcl_expr *e;

  hcl__push_nl(p, false);
  t = hcl__peek(p);
  if (tok_is_keyword(p, &t, "for")) {
    e = parse_for(p, open);
    hcl__pop_nl(p);
    return e;
  }
  for (;;) {
    hcl_expr *item;
    uint32_t errs;
    t = hcl__peek(p);
    if (t.type == TK_CBRACK) {
      close = hcl__read(p);
      break;
    }
    errs = p->nerrors;
    item = hcl__parse_expression(p);
    if (hcl__scratch_push(p, &item, sizeof(item))) {
      n++;
    }
    if (p->recovery && p->nerrors > errs) {
      close = hcl__recover(p, TK_CBRACK);
      break;
    }
    t = hcl__peek(p);
    if (t.type == TK_CBRACK) {
      close = hcl__read(p);
      break;
    }
    if (t.type != TK_COMMA) {
      if (!p->recovery) {
        if (t.type == TK_EOF) {
          hcl__error(p, &open.range,
                     "Unterminated tuple constructor expression");
        } else {
          hcl__error(p, &t.range, "Missing item separator");
        }
      }
      close = hcl__recover(p, TK_CBRACK);
      break;
    }
    hcl__read(p);
  }
  hcl__pop_nl(p);
  if (n > MLS_MAX_BODY_ITEMS) {
    items_error(p, &open.range);
  }
  e = hcl__new_expr(p, HCL_EXPR_TUPLE, between(open.range, close.range));
  e->u.tuple.n = n;
  e->u.tuple.items = hcl__scratch_take(p, base);
  return e;
}

static hcl_expr *parse_object(parser *p)
{
  hcl_tok open = hcl__read(p), close = open, t;
  size_t base = p->nscratch;
  uint32_t n = 0;
  hcl_expr *e;
  bool is_for;

  hcl__push_nl(p, false);
  t = hcl__peek(p);
  is_for = tok_is_keyword(p, &t, "for");
  hcl__pop_nl(p);
  if (is_for) {
    return parse_for(p, open);
  }
  hcl__push_nl(p, true);
  for (;;) {
    hcl_object_item item;
    uint32_t errs;
    t = hcl__peek(p);
    if (t.type == TK_NEWLINE) {
      hcl__read(p);
      continue;
    }
    if (t.type == TK_CBRACE) {
      close = hcl__read(p);
      break;
    }
    memset(&item, 0, sizeof(item));
    item.force_non_literal = t.type == TK_OPAREN;
    errs = p->nerrors;
    item.key = hcl__parse_expression(p);
    if (p->recovery && p->nerrors > errs) {
      close = hcl__recover(p, TK_CBRACE);
      break;
    }
    t = hcl__peek(p);
    if (t.type != TK_EQUAL && t.type != TK_COLON) {
      if (!p->recovery) {
        switch (t.type) {
        case TK_NEWLINE:
        case TK_COMMA:
          hcl__error(p, &t.range, "Missing attribute value");
          break;
        case TK_EOF:
          hcl__error(p, &open.range,
                     "Unterminated object constructor expression");
          break;
        default:
          hcl__error(p, &t.range, "Missing key/value separator");
          break;
        }
      }
      close = hcl__recover(p, TK_CBRACE);
      break;
    }
    hcl__read(p);
    errs = p->nerrors;
    item.value = hcl__parse_expression(p);
    if (p->recovery && p->nerrors > errs) {
      close = hcl__recover(p, TK_CBRACE);
      break;
    }
    if (hcl__scratch_push(p, &item, sizeof(item))) {
      n++;
    }
    t = hcl__peek(p);
    if (t.type == TK_CBRACE) {
      close = hcl__read(p);
      break;
    }
    if (t.type != TK_COMMA && t.type != TK_NEWLINE) {
      if (!p->recovery) {
        if (t.type == TK_EOF) {
          hcl__error(p, &open.range,
                     "Unterminated object constructor expression");
        } else {
          hcl__error(p, &t.range, "Missing attribute separator");
        }
      }
      close = hcl__recover(p, TK_CBRACE);
      break;
    }
    hcl__read(p);
  }
  hcl__pop_nl(p);
  if (n > MLS_MAX_BODY_ITEMS) {
    items_error(p, &open.range);
  }
  e = hcl__new_expr(p, HCL_EXPR_OBJECT, between(open.range, close.range));
  e->u.object.n = n;
  e->u.object.items = hcl__scratch_take(p, base);
  return e;
}

/* provider::ns::fn: an identifier followed directly by "::" pairs and a
 * call. hcl 2.14 (the golden reference) rejects these; Terraform 1.8+
 * accepts them. Returns the number of extra tokens the name spans. */
static uint32_t provider_fn_tokens(const parser *p)
{
  uint32_t i = p->next, n = 0;
  while (i + 2 < p->ntoks && p->toks[i].type == TK_COLON &&
         p->toks[i + 1].type == TK_COLON && p->toks[i + 2].type == TK_IDENT &&
         p->toks[i].range.start.byte == p->toks[i - 1].range.end.byte &&
         p->toks[i + 1].range.start.byte == p->toks[i].range.end.byte &&
         p->toks[i + 2].range.start.byte == p->toks[i + 1].range.end.byte) {
    i += 3;
    n += 3;
  }
  if (n && i < p->ntoks && p->toks[i].type == TK_OPAREN) {
    return n;
  }
  return 0;
}

static hcl_expr *parse_expression_term(parser *p)
{
  hcl_tok start = hcl__peek(p);
  hcl_expr *e, *inner;

  switch (start.type) {
  case TK_OPAREN: {
    hcl_tok close;
    uint32_t errs = p->nerrors;
    hcl__read(p);
    hcl__push_nl(p, false);
    inner = hcl__parse_expression(p);
    if (p->nerrors > errs) {
      hcl__recover(p, TK_CPAREN);
      hcl__pop_nl(p);
      return inner;
    }
    close = hcl__peek(p);
    if (close.type != TK_CPAREN) {
      hcl__error(p, &close.range, "Unbalanced parentheses");
      p->recovery = true;
    }
    close = hcl__read(p);
    hcl__pop_nl(p);
    e = hcl__new_expr(p, HCL_EXPR_PARENS, between(start.range, close.range));
    e->u.wrap.inner = inner;
    return e;
  }
  case TK_NUMBER:
    hcl__read(p);
    e = hcl__new_expr(p, HCL_EXPR_LITERAL, start.range);
    e->u.lit = number_value(p, &start);
    return e;
  case TK_IDENT: {
    mls_span name = tok_text(p, &start);
    uint32_t extra;
    hcl__read(p);
    if (hcl__peek(p).type == TK_OPAREN) {
      return parse_function_call(p, start, name);
    }
    if ((extra = provider_fn_tokens(p)) != 0) {
      const hcl_tok *last = &p->toks[p->next + extra - 1];
      hcl_tok nt = start;
      name.len = last->range.end.byte - start.range.start.byte;
      nt.range.end = last->range.end;
      p->next += extra;
      return parse_function_call(p, nt, name);
    }
    if (mls_span_eq(name, "true") || mls_span_eq(name, "false")) {
      e = hcl__new_expr(p, HCL_EXPR_LITERAL, start.range);
      e->u.lit.type = HCL_LIT_BOOL;
      e->u.lit.b = name.len == 4;
      return e;
    }
    if (mls_span_eq(name, "null")) {
      e = hcl__new_expr(p, HCL_EXPR_LITERAL, start.range);
      e->u.lit.type = HCL_LIT_NULL;
      return e;
    }
    e = hcl__new_expr(p, HCL_EXPR_SCOPE_TRAVERSAL, start.range);
    e->u.scope.root = name;
    return e;
  }
  case TK_OQUOTE:
  case TK_OHEREDOC:
    return hcl__parse_template_expr(p);
  case TK_MINUS:
  case TK_BANG: {
    hcl_expr *operand;
    hcl__read(p);
    if (!enter(p)) {
      return hcl__placeholder(p, start.range);
    }
    operand = parse_traversals(p, parse_expression_term(p));
    leave(p);
    e = hcl__new_expr(p, HCL_EXPR_UNARY, between(start.range, operand->range));
    e->u.unary.op = start.type == TK_MINUS ? HCL_OP_NEG : HCL_OP_NOT;
    e->u.unary.operand = operand;
    return e;
  }
  case TK_OBRACK:
    return parse_tuple(p);
  case TK_OBRACE:
    return parse_object(p);
  default:
    if (!p->recovery) {
      if (start.type == TK_EOF) {
        hcl__error(p, &start.range, "Missing expression");
      } else {
        hcl__error(p, &start.range, "Invalid expression");
      }
    }
    p->recovery = true;
    return hcl__placeholder(p, start.range);
  }
}

/* ---- bodies ------------------------------------------------------------ */

/* Duplicate-attribute detection: a linear scan for small bodies, an
 * open-addressing table of indexes once a body passes DUP_LINEAR attrs. */
#define DUP_LINEAR 16

typedef struct dupset {
  uint32_t *slots; /* owned: index+1 into the body's attrs, 0 = empty */
  uint32_t cap;    /* power of two */
  uint32_t n;      /* entries */
} dupset;

static uint32_t span_hash(mls_span s)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < s.len; i++) {
    h = (h ^ (unsigned char)s.ptr[i]) * 16777619u;
  }
  return h;
}

static const hcl_attr *attr_at(const parser *p, size_t base, uint32_t i)
{
  return (const hcl_attr *)(const void *)(p->scratch + base +
                                          (size_t)i * sizeof(hcl_attr));
}

static bool dup_insert(parser *p, dupset *d, size_t base, uint32_t idx)
{
  if ((d->n + 1) * 2 > d->cap) {
    uint32_t ncap = d->cap ? d->cap * 2 : 64;
    uint32_t *ns = mls_calloc(ncap, sizeof(uint32_t));
    if (!ns) {
      p->oom = true;
      return false;
    }
    for (uint32_t i = 0; i < d->cap; i++) {
      if (d->slots[i]) {
        uint32_t h = span_hash(attr_at(p, base, d->slots[i] - 1)->name);
        uint32_t j = h & (ncap - 1);
        while (ns[j]) {
          j = (j + 1) & (ncap - 1);
        }
        ns[j] = d->slots[i];
      }
    }
    mls_free(d->slots);
    d->slots = ns;
    d->cap = ncap;
  }
  mls_span name = attr_at(p, base, idx)->name;
  uint32_t j = span_hash(name) & (d->cap - 1);
  while (d->slots[j]) {
    j = (j + 1) & (d->cap - 1);
  }
  d->slots[j] = idx + 1;
  d->n++;
  return true;
}

/* Is `name` already an attribute of the body being collected? */
static bool dup_find(parser *p, dupset *d, size_t base, uint32_t n,
                     mls_span name)
{
  if (n <= DUP_LINEAR) {
    for (uint32_t i = 0; i < n; i++) {
      mls_span o = attr_at(p, base, i)->name;
      if (o.len == name.len && memcmp(o.ptr, name.ptr, name.len) == 0) {
        return true;
      }
    }
    return false;
  }
  if (!d->slots) {
    for (uint32_t i = 0; i < n; i++) {
      if (!dup_insert(p, d, base, i)) {
        return false;
      }
    }
  }
  uint32_t j = span_hash(name) & (d->cap - 1);
  while (d->slots[j]) {
    mls_span o = attr_at(p, base, d->slots[j] - 1)->name;
    if (o.len == name.len && memcmp(o.ptr, name.ptr, name.len) == 0) {
      return true;
    }
    j = (j + 1) & (d->cap - 1);
  }
  return false;
}

static hcl_body *parse_body(parser *p, int end);

static bool parse_attribute(parser *p, hcl_tok ident, bool single_line,
                            hcl_attr *out)
{
  hcl_tok eq = hcl__read(p);
  mls_range end_range;
  uint32_t errs = p->nerrors;
  (void)eq;

  memset(out, 0, sizeof(*out));
  out->name = tok_text(p, &ident);
  out->name_range = ident.range;
  out->expr = hcl__parse_expression(p);
  if (p->recovery && p->nerrors > errs) {
    end_range = prev_range(p);
    recover_after_body_item(p);
  } else {
    end_range = prev_range(p);
    if (!single_line) {
      hcl_tok end = hcl__peek(p);
      if (end.type != TK_NEWLINE && end.type != TK_EOF) {
        if (!p->recovery) {
          hcl__error(p, &end.range,
                     end.type == TK_COMMA ? "Unexpected comma after argument"
                                          : "Missing newline after argument");
        }
        end_range = prev_range(p);
        recover_after_body_item(p);
      } else {
        end_range = prev_range(p);
        hcl__read(p);
      }
    }
  }
  out->range = between(ident.range, end_range);
  return true;
}

static hcl_body *empty_body(parser *p, mls_range r)
{
  hcl_body *b = hcl__alloc(p, sizeof(*b));
  if (!b) {
    b = &p->oom_body;
    memset(b, 0, sizeof(*b));
  }
  b->range = r;
  return b;
}

/* Body of a one-line block: `name { attr = value }`. */
static hcl_body *parse_single_attr_body(parser *p)
{
  hcl_tok ident = hcl__read(p), next;
  hcl_attr attr;
  hcl_body *b;

  if (ident.type != TK_IDENT) {
    recover_after_body_item(p);
    hcl__error(p, &ident.range, "Argument or block definition required");
    return NULL;
  }
  next = hcl__peek(p);
  if (next.type != TK_EQUAL) {
    recover_after_body_item(p);
    if (next.type == TK_OQUOTE || next.type == TK_OBRACE ||
        next.type == TK_IDENT) {
      mls_range r = between(ident.range, next.range);
      hcl__error(p, &r, "Argument definition required");
    } else {
      hcl__error(p, &ident.range, "Argument or block definition required");
    }
    return NULL;
  }
  parse_attribute(p, ident, true, &attr);
  b = empty_body(p, attr.range);
  b->attrs = hcl__alloc(p, sizeof(hcl_attr));
  if (b->attrs) {
    b->attrs[0] = attr;
    b->nattrs = 1;
  }
  return b;
}

/* A quoted block label: a string with no template sequences. */
static void parse_label(parser *p, hcl_label *out)
{
  hcl_tok open = hcl__read(p), end_tok = open;
  size_t base = p->nscratch;

  memset(out, 0, sizeof(*out));
  out->quoted = true;
  for (;;) {
    hcl_tok t = hcl__read(p);
    if (t.type == TK_CQUOTE) {
      end_tok = t;
      break;
    }
    if (t.type == TK_QUOTED_LIT) {
      mls_span s = tok_text(p, &t);
      hcl__decode_literal(p, &t, s, true, NULL);
      continue;
    }
    if (t.type == TK_INTERP || t.type == TK_CONTROL) {
      hcl__error(p, &t.range, "Invalid string literal");
      hcl__scratch_push(p, t.type == TK_INTERP ? "${ ... }" : "%{ ... }", 8);
      hcl__recover(p, TK_SEQ_END);
      continue;
    }
    if (t.type == TK_EOF) {
      hcl__error(p, &t.range, "Unterminated string literal");
      end_tok = t;
      break;
    }
    hcl__error(p, &t.range, "Invalid string literal");
    hcl__recover(p, TK_CQUOTE);
    end_tok = t;
    break;
  }
  out->range = between(open.range, end_tok.range);
  {
    size_t n = p->nscratch - base;
    char *v = hcl__scratch_take(p, base);
    out->value = mls_span_of(v ? v : "", v ? n : 0);
  }
}

static bool parse_block(parser *p, hcl_tok ident, hcl_block *out)
{
  mls_diag body_diag = MLS_DIAG_INIT;
  size_t lbase = p->nscratch;
  uint32_t nlabels = 0, errs = p->nerrors;
  bool recovering = p->recovery;
  hcl_tok obrace, t;
  hcl_body *body = NULL;
  mls_range cbrace;

  memset(out, 0, sizeof(*out));
  out->type = tok_text(p, &ident);
  out->type_range = ident.range;
  for (;;) {
    hcl_label label;
    t = hcl__peek(p);
    if (t.type == TK_OBRACE) {
      obrace = hcl__read(p);
      break;
    }
    if (t.type == TK_OQUOTE) {
      /* Labels are built in scratch above the label array; parse_label
       * restores the stack before we push the finished label. */
      parse_label(p, &label);
      if (hcl__scratch_push(p, &label, sizeof(label))) {
        nlabels++;
      }
      continue;
    }
    if (t.type == TK_IDENT) {
      hcl__read(p);
      memset(&label, 0, sizeof(label));
      label.value = tok_text(p, &t);
      label.range = t.range;
      if (hcl__scratch_push(p, &label, sizeof(label))) {
        nlabels++;
      }
      continue;
    }
    if (t.type == TK_EQUAL || t.type == TK_NEWLINE || !p->recovery) {
      hcl__error(p, &t.range, "Invalid block definition");
    }
    recover_after_body_item(p);
    out->nlabels = nlabels;
    out->labels = hcl__scratch_take(p, lbase);
    out->range = ident.range;
    out->body = empty_body(p, ident.range);
    out->broken = true;
    return true;
  }
  out->nlabels = nlabels;
  out->labels = hcl__scratch_take(p, lbase);

  t = hcl__peek(p);
  if (t.type == TK_NEWLINE || t.type == TK_EOF || t.type == TK_CBRACE) {
    body = parse_body(p, TK_CBRACE);
  } else {
    /* hclsyntax appends the one-line body's diagnostics after the block's
     * own, so collect them aside and move them over below. */
    mls_diag *outer = p->diag;
    body_diag.path = outer->path;
    p->diag = &body_diag;
    body = parse_single_attr_body(p);
    p->diag = outer;
    t = hcl__peek(p);
    switch (t.type) {
    case TK_CBRACE:
      hcl__read(p);
      break;
    case TK_COMMA:
    case TK_NEWLINE:
      hcl__error(p, &t.range, "Invalid single-argument block definition");
      hcl__recover(p, TK_CBRACE);
      break;
    default:
      if (!p->recovery) {
        if (t.type == TK_EOF) {
          hcl__error(p, &obrace.range, "Unclosed configuration block");
        } else {
          hcl__error(p, &t.range, "Invalid single-argument block definition");
        }
      }
      hcl__recover(p, TK_CBRACE);
      break;
    }
    mls_diag_move(p->diag, &body_diag);
  }
  cbrace = prev_range(p);
  /* Before what follows the brace: a block whose body is whole is not
   * broken by text after it on the line. */
  out->broken = p->nerrors > errs || (!recovering && p->recovery);
  t = hcl__peek(p);
  if (t.type == TK_NEWLINE || t.type == TK_EOF) {
    hcl__read(p);
  } else {
    if (!p->recovery) {
      hcl__error(p, &t.range, "Missing newline after block definition");
    }
    recover_after_body_item(p);
  }
  if (!body) {
    body = empty_body(p, between(obrace.range, cbrace));
  }
  out->body = body;
  out->range = between(ident.range, cbrace);
  return true;
}

static hcl_body *parse_body(parser *p, int end)
{
  mls_range start = prev_range(p), end_range;
  size_t abase = p->nscratch;
  size_t bbase;
  uint32_t nattrs = 0, nblocks = 0;
  dupset dups = { NULL, 0, 0 };
  hcl_body *body;
  /* Blocks are collected on a second stack so attributes and blocks can
   * interleave in the source. */
  size_t bstack_base = p->nbscratch;
  (void)bbase;

  if (!enter(p)) {
    hcl__recover(p, end);
    return empty_body(p, start);
  }
  for (;;) {
    hcl_tok next = hcl__peek(p);
    if (next.type == end) {
      end_range = next.range;
      hcl__read(p);
      break;
    }
    if (next.type == TK_NEWLINE) {
      hcl__read(p);
      continue;
    }
    if (next.type == TK_IDENT) {
      hcl_tok ident = hcl__read(p);
      hcl_tok after = hcl__peek(p);
      if (after.type == TK_EQUAL) {
        hcl_attr attr;
        parse_attribute(p, ident, false, &attr);
        if (dup_find(p, &dups, abase, nattrs, attr.name)) {
          hcl__error(p, &attr.name_range, "Attribute redefined");
        } else if (nattrs >= MLS_MAX_BODY_ITEMS) {
          items_error(p, &attr.name_range);
        } else {
          if (hcl__scratch_push(p, &attr, sizeof(attr))) {
            if (dups.slots) {
              dup_insert(p, &dups, abase, nattrs);
            }
            nattrs++;
          }
        }
      } else if (after.type == TK_OQUOTE || after.type == TK_OBRACE ||
                 after.type == TK_IDENT) {
        hcl_block blk;
        /* The block's own labels and attributes use the scratch stack
         * above ours; blocks go to the block stack. */
        size_t mark = p->nscratch;
        parse_block(p, ident, &blk);
        p->nscratch = mark;
        if (nblocks >= MLS_MAX_BODY_ITEMS) {
          items_error(p, &blk.type_range);
        } else if (hcl__bscratch_push(p, &blk)) {
          nblocks++;
        }
      } else {
        recover_after_body_item(p);
        hcl__error(p, &ident.range, "Argument or block definition required");
      }
      continue;
    }
    {
      hcl_tok bad = hcl__read(p);
      if (!p->recovery) {
        if (bad.type == TK_OQUOTE) {
          hcl__error(p, &bad.range, "Invalid argument name");
        } else if (bad.type == TK_EOF) {
          hcl__error(p, &start,
                     end == TK_CBRACE ? "Unclosed configuration block"
                                      : "Unclosed configuration body");
        } else {
          hcl__error(p, &bad.range, "Argument or block definition required");
        }
      }
      end_range = prev_range(p);
      if (bad.type != TK_EOF) {
        hcl__recover(p, end);
      }
      break;
    }
  }
  leave(p);
  mls_free(dups.slots);
  body = empty_body(p, between(start, end_range));
  body->nattrs = nattrs;
  body->attrs = hcl__scratch_take(p, abase);
  body->nblocks = nblocks;
  body->blocks = hcl__bscratch_take(p, bstack_base);
  return body;
}

bool hcl__bscratch_push(parser *p, const hcl_block *b)
{
  if (p->nbscratch == p->capbscratch) {
    size_t ncap = p->capbscratch ? p->capbscratch * 2 : 64, bytes;
    hcl_block *nb;
    if (!mls_mul_sz(&bytes, ncap, sizeof(hcl_block)) ||
        !(nb = mls_realloc(p->bscratch, bytes))) {
      p->oom = true;
      return false;
    }
    p->bscratch = nb;
    p->capbscratch = ncap;
  }
  p->bscratch[p->nbscratch++] = *b;
  return true;
}

hcl_block *hcl__bscratch_take(parser *p, size_t base)
{
  size_t n = p->nbscratch - base;
  hcl_block *out = NULL;
  if (n) {
    out = mls_arena_alloc(p->arena, n * sizeof(hcl_block));
    if (!out) {
      p->oom = true;
    } else {
      memcpy(out, p->bscratch + base, n * sizeof(hcl_block));
    }
  }
  p->nbscratch = base;
  return out;
}

/* ---- lexical errors (hclsyntax checkInvalidTokens) --------------------- */

static void check_invalid_tokens(parser *p)
{
  unsigned told_bitwise = 0, told_apos = 0, told_backtick = 0;
  unsigned told_semi = 0, told_bad_utf8 = 0;
  size_t nuls = 0; /* NUL bytes after the first, reported as one count */
  for (uint32_t i = 0; i < p->ntoks; i++) {
    const hcl_tok *t = &p->toks[i];
    switch (t->type) {
    case TK_BITAND:
    case TK_BITOR:
    case TK_BITXOR:
    case TK_TILDE:
      if (told_bitwise < 4) {
        hcl__error(p, &t->range, "Unsupported operator");
        told_bitwise++;
      } else {
        p->nerrors++;
      }
      break;
    case TK_APOS:
      if ((told_apos % 2) == 0) {
        hcl__error(p, &t->range,
                   "Invalid character: single quotes are not "
                   "valid, use double quotes");
      } else {
        p->nerrors++;
      }
      if (told_apos <= 2) {
        told_apos++;
      }
      break;
    case TK_INVALID:
      if (t->range.end.byte - t->range.start.byte >= 2 &&
          p->src[t->range.start.byte - p->base_byte] == '/' &&
          p->src[t->range.start.byte - p->base_byte + 1] == '*') {
        hcl__error(p, &t->range, "Unterminated comment: no closing */");
      } else {
        hcl__error(p, &t->range, "Invalid character");
      }
      break;
    case TK_BACKTICK:
      /* hclsyntax reports every other backtick (one per pair), as for
       * apostrophes, and a semicolon or bad encoding once per file. */
      if ((told_backtick % 2) == 0) {
        hcl__error(p, &t->range, "Invalid character: backtick");
      } else {
        p->nerrors++;
      }
      if (told_backtick <= 2) {
        told_backtick++;
      }
      break;
    case TK_SEMI:
      if (told_semi++ < 1) {
        hcl__error(p, &t->range, "Invalid character: semicolon");
      } else {
        p->nerrors++;
      }
      break;
    case TK_NUL:
      /* One error for the first NUL: a binary file would otherwise fill
       * the job's diagnostics with copies of it. */
      if (nuls++ == 0) {
        hcl__error(p, &t->range, "Invalid character: NUL byte");
      } else {
        p->nerrors++;
      }
      break;
    case TK_BAD_UTF8:
      if (told_bad_utf8++ < 1) {
        hcl__error(p, &t->range, "Invalid character encoding");
      } else {
        p->nerrors++;
      }
      break;
    case TK_QUOTED_NEWLINE:
      hcl__error(p, &t->range, "Invalid multi-line string");
      break;
    default:
      break;
    }
  }
  if (nuls > 1) {
    mls_diag_note(p->diag, MLS_EINPUT, MLS_SEV_NOTE, NULL,
                  "%zu more NUL bytes in this file", nuls - 1);
  }
  if (p->lexed.comment_nul) {
    hcl__error(p, &p->lexed.comment_nul_at,
               "Invalid character: NUL byte in a comment");
  }
  if (p->lexed.comment_bad_utf8) {
    /* A note, not a warning: nothing is lost, and hclsyntax is silent. */
    mls_diag_note(p->diag, MLS_EINPUT, MLS_SEV_NOTE, &p->lexed.comment_bad_at,
                  "Invalid UTF-8 in a comment (ignored)");
  }
}

/* ---- entry points ------------------------------------------------------ */

static int parser_init(parser *p, mls_arena *arena, const char *src, size_t len,
                       bool template, mls_pos base, mls_diag *diag)
{
  int rc;
  memset(p, 0, sizeof(*p));
  p->src = src;
  p->len = len;
  p->base_byte = base.byte;
  p->arena = arena;
  p->diag = diag;
  p->nl_stack[0] = 1;
  p->nl_depth = 1;
  if ((rc = hcl__lex(&p->lexed, src, len, template, base, diag)) < 0) {
    return rc;
  }
  p->toks = p->lexed.toks;
  p->ntoks = p->lexed.ntoks;
  if (p->lexed.ninvalid) {
    check_invalid_tokens(p);
  }
  return MLS_OK;
}

static void parser_dispose(parser *p)
{
  hcl__lexed_dispose(&p->lexed);
  mls_free(p->scratch);
  mls_free(p->bscratch);
}

/* parser_rc(): the arena cap was hit (a private positive code: every
 * mls_rc is zero or negative). */
#define RC_CAPPED 1

static int parser_rc(parser *p)
{
  if (p->oom || mls_arena_failed(p->arena)) {
    if (mls_arena_capped(p->arena)) {
      /* The tree is incomplete (nodes may point at the parser's own
       * placeholders), so it is never handed out; the input was simply
       * too big for MLS_ARENA_CAP_BYTES. */
      mls_diag_add(p->diag, MLS_ELIMIT, NULL,
                   "parsing needs more than MLS_ARENA_CAP_BYTES (%u MiB)",
                   (unsigned)(MLS_ARENA_CAP_BYTES >> 20));
      return RC_CAPPED;
    }
    return MLS_ENOMEM;
  }
  if (p->rc == MLS_ELIMIT) {
    return MLS_ELIMIT;
  }
  return p->nerrors ? MLS_EINPUT : MLS_OK;
}

int hcl_parse(hcl_file **out, const char *src, size_t len, mls_diag *diag)
{
  mls_arena *arena = NULL;
  hcl_body *empty;
  hcl_file *f;
  parser p;
  mls_pos base = { 0, 1, 1 };
  int rc;

  MLS_ASSERT_ARG(out);
  *out = NULL;
  if (len > MLS_MAX_BLOB_BYTES) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "file of %zu bytes is larger than the %u byte limit",
                        len, (unsigned)MLS_MAX_BLOB_BYTES);
  }
  if (!(arena = mls_arena_new(MLS_ARENA_CAP_BYTES))) {
    return MLS_ENOMEM;
  }
  mls_arena_hint(arena, len * 3); /* trees are about 3x their source */
  if (!(f = mls_arena_zalloc(arena, sizeof(*f)))) {
    mls_arena_free(arena);
    return MLS_ENOMEM;
  }
  /* Kept aside before parsing: the body handed out if the arena cap is
   * hit, when nothing more can be allocated. */
  if (!(empty = mls_arena_zalloc(arena, sizeof(hcl_body)))) {
    mls_arena_free(arena);
    return MLS_ENOMEM;
  }
  f->arena = arena;
  f->src = src;
  f->len = len;
  f->syntax = HCL_SYNTAX_NATIVE;

  if ((rc = parser_init(&p, arena, src, len, false, base, diag)) < 0) {
    parser_dispose(&p);
    if (rc == MLS_ENOMEM) {
      mls_arena_free(arena);
      return rc;
    }
    /* Too many tokens: an empty, failed file. */
    f->body = mls_arena_zalloc(arena, sizeof(hcl_body));
    if (!f->body) {
      mls_arena_free(arena);
      return MLS_ENOMEM;
    }
    f->nerrors = 1;
    *out = f;
    return rc;
  }
  f->body = parse_body(&p, TK_EOF);
  f->nerrors = p.nerrors;
  rc = parser_rc(&p);
  parser_dispose(&p);
  if (rc == MLS_ENOMEM) {
    mls_arena_free(arena);
    return rc;
  }
  if (rc == RC_CAPPED) {
    f->body = empty;
    f->nerrors++;
    rc = MLS_ELIMIT;
  }
  *out = f;
  return rc;
}

int hcl_parse_template(hcl_expr **out, mls_arena *arena, const char *src,
                       size_t len, mls_pos base, mls_diag *diag)
{
  parser p;
  int rc;

  *out = NULL;
  if ((rc = parser_init(&p, arena, src, len, true, base, diag)) < 0) {
    parser_dispose(&p);
    return rc;
  }
  *out = hcl__parse_bare_template(&p);
  rc = parser_rc(&p);
  parser_dispose(&p);
  if (rc == MLS_ENOMEM || rc == RC_CAPPED) {
    *out = NULL;
    rc = rc == MLS_ENOMEM ? rc : MLS_ELIMIT;
  }
  return rc;
}

int hcl_parse_expression(hcl_expr **out, mls_arena *arena, const char *src,
                         size_t len, mls_pos base, mls_diag *diag)
{
  parser p;
  hcl_tok t;
  int rc;

  *out = NULL;
  if ((rc = parser_init(&p, arena, src, len, false, base, diag)) < 0) {
    parser_dispose(&p);
    return rc;
  }
  hcl__push_nl(&p, false);
  *out = hcl__parse_expression(&p);
  t = hcl__peek(&p);
  if (t.type != TK_EOF && !p.recovery) {
    hcl__error(&p, &t.range, "Extra characters after expression");
  }
  hcl__pop_nl(&p);
  rc = parser_rc(&p);
  parser_dispose(&p);
  if (rc == MLS_ENOMEM || rc == RC_CAPPED) {
    *out = NULL;
    rc = rc == MLS_ENOMEM ? rc : MLS_ELIMIT;
  }
  return rc;
}

void hcl_file_free(hcl_file *f)
{
  if (f) {
    mls_arena_free(f->arena); /* f itself lives in the arena */
  }
}
