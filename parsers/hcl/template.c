/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/template.c -- HCL templates: quoted strings, heredocs and the
 * bare templates of JSON-syntax strings.
 *
 * Stage: tokens -> template nodes. Mirrors hclsyntax's two passes: first
 * the literal chunks, interpolations and directives are collected as
 * template tokens (applying `~` strip markers to neighbouring chunks and
 * `<<-` indentation removal, which work per chunk -- hcl splits literal
 * text at newlines, `$` and `%`, and so do we), then directives are matched
 * into conditionals and for-joins. Adjacent literals are merged at the end,
 * so the tree holds one literal per run of text, as hclref prints it.
 * String values are NFC-normalized, as cty does.
 */
#include "parsers/hcl/parser_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <string.h>

typedef enum ttok_kind {
  TT_LIT = 0, /* literal text */
  TT_INTERP,  /* ${ expr } */
  TT_IF,      /* %{ if expr } */
  TT_ELSE,    /* %{ else } */
  TT_ENDIF,   /* %{ endif } */
  TT_FOR,     /* %{ for k, v in expr } */
  TT_ENDFOR,  /* %{ endfor } */
  TT_END      /* end of the template */
} ttok_kind;

typedef struct ttok {
  int kind;         /* ttok_kind */
  mls_range range;  /* source of the chunk or sequence */
  mls_span str;     /* TT_LIT: decoded value (src, arena or scratch-free) */
  hcl_expr *expr;   /* arena: interpolated, condition or collection */
  mls_span key_var; /* TT_FOR: borrowed: src; len 0 when absent */
  mls_span val_var; /* TT_FOR: borrowed: src */
} ttok;

static inline mls_span tok_text(const parser *p, const hcl_tok *t)
{
  return mls_span_of(p->src + (t->range.start.byte - p->base_byte),
                     t->range.end.byte - t->range.start.byte);
}

static inline mls_range between(mls_range a, mls_range b)
{
  mls_range r;
  r.start = a.start.byte <= b.start.byte ? a.start : b.start;
  r.end = a.end.byte >= b.end.byte ? a.end : b.end;
  return r;
}

static ttok *tt_at(parser *p, size_t base, size_t i)
{
  return (ttok *)(void *)(p->scratch + base + i * sizeof(ttok));
}

/* ---- literal decoding -------------------------------------------------- */

void hcl__decode_literal(parser *p, const hcl_tok *t, mls_span s, bool quoted,
                         mls_span *out)
{
  size_t base = p->nscratch;
  const char *q = s.ptr, *end = s.ptr + s.len, *run = q;

  if ((s.len == 3 || (s.len == 4 && s.ptr[3] == '~')) &&
      (s.ptr[0] == '$' || s.ptr[0] == '%') && s.ptr[1] == s.ptr[0] &&
      s.ptr[2] == '{') {
    /* "$${" and "%%{" stand for "${" and "%{"; a '~' after them is text. */
    if (out) {
      *out = mls_span_of(s.ptr + 1, s.len - 1);
    } else {
      hcl__scratch_push(p, s.ptr + 1, s.len - 1);
    }
    return;
  }
  if (!quoted || !memchr(s.ptr, '\\', s.len)) {
    if (out) {
      *out = s;
    } else {
      hcl__scratch_push(p, s.ptr, s.len);
    }
    return;
  }
  while (q < end) {
    if (*q != '\\') {
      q++;
      continue;
    }
    if (q > run) {
      hcl__scratch_push(p, run, (size_t)(q - run));
    }
    if (q + 1 >= end) {
      hcl__error(p, &t->range, "Invalid escape sequence");
      q++;
      run = q;
      continue;
    }
    switch (q[1]) {
    case 'n':
      hcl__scratch_push(p, "\n", 1);
      q += 2;
      break;
    case 'r':
      hcl__scratch_push(p, "\r", 1);
      q += 2;
      break;
    case 't':
      hcl__scratch_push(p, "\t", 1);
      q += 2;
      break;
    case '"':
      hcl__scratch_push(p, "\"", 1);
      q += 2;
      break;
    case '\\':
      hcl__scratch_push(p, "\\", 1);
      q += 2;
      break;
    case 'u':
    case 'U': {
      size_t want = q[1] == 'u' ? 4 : 8, n = 0;
      uint32_t cp = 0;
      unsigned char enc[4];
      size_t k;
      while (n < want && q + 2 + n < end &&
             mls_isxdigit((unsigned char)q[2 + n])) {
        cp = (cp << 4) | (uint32_t)mls_hexval((unsigned char)q[2 + n]);
        n++;
      }
      if (n != want) {
        hcl__error(p, &t->range, "Invalid escape sequence");
        q += 2 + n;
        break;
      }
      q += 2 + n;
      if (!(k = mls_utf8_encode(enc, cp))) {
        hcl__error(p, &t->range, "Invalid escape sequence");
        break;
      }
      hcl__scratch_push(p, enc, k);
      break;
    }
    default: {
      /* hclsyntax reports it and keeps the character after the '\'. */
      uint32_t cp;
      size_t k = mls_utf8_decode(&cp, (const unsigned char *)q + 1,
                                 (const unsigned char *)end);
      hcl__error(p, &t->range, "Invalid escape sequence");
      q += 1;
      run = q;
      q += k ? k : 1;
      continue;
    }
    }
    run = q;
  }
  if (end > run) {
    hcl__scratch_push(p, run, (size_t)(end - run));
  }
  if (out) {
    size_t n = p->nscratch - base;
    char *v = hcl__scratch_take(p, base);
    *out = mls_span_of(v ? v : "", v ? n : 0);
  }
}

/* ---- white space (Go's unicode.IsSpace) -------------------------------- */

static mls_span trim_left(mls_span s)
{
  const unsigned char *q = (const unsigned char *)s.ptr, *e = q + s.len;
  while (q < e) {
    uint32_t cp;
    size_t k = *q < 0x80 ? (cp = *q, 1) : mls_utf8_decode(&cp, q, e);
    if (!k || !hcl__is_space(cp)) {
      break;
    }
    q += k;
  }
  return mls_span_of((const char *)q, (size_t)(e - q));
}

static mls_span trim_right(mls_span s)
{
  const unsigned char *q = (const unsigned char *)s.ptr, *e = q + s.len;
  const unsigned char *keep = q;
  while (q < e) {
    uint32_t cp;
    size_t k = *q < 0x80 ? (cp = *q, 1) : mls_utf8_decode(&cp, q, e);
    if (!k) {
      k = 1;
      cp = 0xFFFD;
    }
    q += k;
    if (!hcl__is_space(cp)) {
      keep = q;
    }
  }
  return mls_span_of(s.ptr, (size_t)(keep - (const unsigned char *)s.ptr));
}

/* Leading white space of s in code points, and its length in bytes. */
static size_t leading_spaces(mls_span s, size_t *bytes)
{
  mls_span t = trim_left(s);
  size_t n = 0;
  const unsigned char *q = (const unsigned char *)s.ptr;
  const unsigned char *e = (const unsigned char *)t.ptr;
  *bytes = (size_t)(e - q);
  while (q < e) {
    if (q + 1 < e && q[0] == '\r' && q[1] == '\n') {
      q += 2; /* one grapheme cluster */
    } else {
      uint32_t cp;
      size_t k = mls_utf8_decode(&cp, q, e);
      q += k ? k : 1;
    }
    n++;
  }
  return n;
}

/* <<- : remove the smallest indentation of any line from every line
 * (hclsyntax flushHeredocTemplateParts). */
static void flush_heredoc(parser *p, size_t base, size_t n)
{
  size_t min = SIZE_MAX;
  bool newline = true;
  size_t i;
  /* Literal indexes to adjust are marked with a flag array on the heap;
   * heredocs are small, one byte per token. */
  unsigned char *adjust = mls_calloc(n ? n : 1, 1);
  if (!adjust) {
    p->oom = true;
    return;
  }
  for (i = 0; i < n; i++) {
    ttok *t = tt_at(p, base, i);
    if (newline) {
      size_t spaces = SIZE_MAX, bytes;
      newline = false;
      if (t->kind == TT_LIT) {
        mls_span trimmed = trim_left(t->str);
        if (trimmed.len == 0 && t->str.len &&
            t->str.ptr[t->str.len - 1] == '\n') {
          spaces = SIZE_MAX;
        } else {
          spaces = leading_spaces(t->str, &bytes);
          adjust[i] = 1;
        }
      } else if (t->kind == TT_END) {
        break;
      } else {
        spaces = 0;
      }
      if (spaces < min) {
        min = spaces;
      }
    }
    if (t->kind == TT_LIT && t->str.len && t->str.ptr[t->str.len - 1] == '\n') {
      newline = true;
    }
  }
  for (i = 0; i < n && min != SIZE_MAX; i++) {
    if (adjust[i]) {
      ttok *t = tt_at(p, base, i);
      const unsigned char *q = (const unsigned char *)t->str.ptr;
      const unsigned char *e = q + t->str.len;
      for (size_t k = 0; k < min && q < e; k++) {
        /* Whole grapheme clusters, as hclsyntax removes them: a space
         * followed by a combining mark or ZWJ goes as one. */
        q = hcl__grapheme_next(q, e);
      }
      t->range.start.col += (uint32_t)min;
      t->range.start.byte += (uint32_t)((const char *)q - t->str.ptr);
      t->str.len -= (size_t)((const char *)q - t->str.ptr);
      t->str.ptr = (const char *)q;
    }
  }
  mls_free(adjust);
}

/* ---- pass 1: template tokens ------------------------------------------- */

static bool push_tt(parser *p, const ttok *t)
{
  return hcl__scratch_push(p, t, sizeof(*t));
}

/* Collect template tokens up to `end` onto the scratch stack from `base`.
 * Returns the number collected (without the final TT_END, which is pushed
 * too) and the range from the first token to the end token. */
static size_t collect_parts(parser *p, int end, size_t base, mls_range *range)
{
  mls_range start = hcl__peek(p).range, end_range = start;
  bool ltrim_next = false, next_can_trim_prev = false;
  size_t n = 0;
  ttok tt;

  for (;;) {
    hcl_tok next = hcl__read(p);
    bool ltrim = ltrim_next, can_trim_prev = next_can_trim_prev;
    mls_span text;

    if (next.type == end) {
      end_range = next.range;
      break;
    }
    ltrim_next = false;
    next_can_trim_prev = false;
    memset(&tt, 0, sizeof(tt));
    text = tok_text(p, &next);

    switch (next.type) {
    case TK_QUOTED_LIT:
    case TK_STRING_LIT:
      tt.kind = TT_LIT;
      tt.range = next.range;
      hcl__decode_literal(p, &next, text, next.type == TK_QUOTED_LIT, &tt.str);
      if (ltrim) {
        tt.str = trim_left(tt.str);
      }
      n += push_tt(p, &tt);
      next_can_trim_prev = true;
      break;

    case TK_INTERP:
    case TK_CONTROL: {
      hcl_tok close, kw;
      if (can_trim_prev && text.len == 3 && text.ptr[2] == '~' && n > 0) {
        ttok *prev = tt_at(p, base, n - 1);
        if (prev->kind == TT_LIT) {
          prev->str = trim_right(prev->str);
        }
      }
      hcl__push_nl(p, false);
      if (next.type == TK_INTERP) {
        hcl_expr *e = hcl__parse_expression(p);
        close = hcl__peek(p);
        if (close.type != TK_SEQ_END) {
          if (!p->recovery) {
            if (close.type == TK_EOF ||
                ((close.type == TK_CQUOTE || close.type == TK_OQUOTE) &&
                 end == TK_CQUOTE)) {
              hcl__error(p, &start, "Unclosed template interpolation sequence");
            } else {
              hcl__error(p, &close.range,
                         "Extra characters after interpolation expression");
            }
          }
          hcl__recover(p, TK_SEQ_END);
        } else {
          mls_span ct = tok_text(p, &close);
          hcl__read(p);
          if (ct.len == 2 && ct.ptr[0] == '~') {
            ltrim_next = true;
          }
        }
        hcl__pop_nl(p);
        tt.kind = TT_INTERP;
        tt.expr = e;
        tt.range = between(next.range, close.range);
        n += push_tt(p, &tt);
        break;
      }
      /* A directive. */
      kw = hcl__peek(p);
      if (kw.type != TK_IDENT) {
        if (!p->recovery) {
          hcl__error(p, &kw.range, "Invalid template directive");
        }
        hcl__recover(p, TK_SEQ_END);
        hcl__pop_nl(p);
        continue;
      }
      hcl__read(p);
      {
        mls_span k = tok_text(p, &kw);
        tt.range = next.range;
        if (mls_span_eq(k, "if")) {
          tt.kind = TT_IF;
          tt.expr = hcl__parse_expression(p);
        } else if (mls_span_eq(k, "else")) {
          tt.kind = TT_ELSE;
        } else if (mls_span_eq(k, "endif")) {
          tt.kind = TT_ENDIF;
        } else if (mls_span_eq(k, "for")) {
          hcl_tok v = hcl__peek(p);
          tt.kind = TT_FOR;
          if (v.type != TK_IDENT) {
            if (!p->recovery) {
              hcl__error(p, &v.range, "Invalid 'for' directive");
            }
            hcl__recover(p, TK_SEQ_END);
            hcl__pop_nl(p);
            continue;
          }
          hcl__read(p);
          tt.val_var = tok_text(p, &v);
          if (hcl__peek(p).type == TK_COMMA) {
            hcl__read(p);
            tt.key_var = tt.val_var;
            v = hcl__peek(p);
            if (v.type != TK_IDENT) {
              if (!p->recovery) {
                hcl__error(p, &v.range, "Invalid 'for' directive");
              }
              hcl__recover(p, TK_SEQ_END);
              hcl__pop_nl(p);
              continue;
            }
            hcl__read(p);
            tt.val_var = tok_text(p, &v);
          }
          v = hcl__peek(p);
          if (!(v.type == TK_IDENT && mls_span_eq(tok_text(p, &v), "in"))) {
            if (!p->recovery) {
              hcl__error(p, &v.range, "Invalid 'for' directive");
            }
            hcl__recover(p, TK_SEQ_END);
            hcl__pop_nl(p);
            continue;
          }
          hcl__read(p);
          tt.expr = hcl__parse_expression(p);
        } else if (mls_span_eq(k, "endfor")) {
          tt.kind = TT_ENDFOR;
        } else {
          if (!p->recovery) {
            hcl__error(p, &kw.range, "Invalid template control keyword");
          }
          hcl__recover(p, TK_SEQ_END);
          hcl__pop_nl(p);
          continue;
        }
      }
      close = hcl__peek(p);
      tt.range = between(next.range, close.range);
      n += push_tt(p, &tt);
      if (close.type != TK_SEQ_END) {
        if (!p->recovery) {
          hcl__error(p, &close.range, "Extra characters in template marker");
        }
        hcl__recover(p, TK_SEQ_END);
      } else {
        mls_span ct = tok_text(p, &close);
        hcl__read(p);
        if (ct.len == 2 && ct.ptr[0] == '~') {
          ltrim_next = true;
        }
      }
      hcl__pop_nl(p);
      break;
    }

    default: {
      hcl_tok final;
      if (!p->recovery) {
        hcl__error(p, &next.range, "Unterminated template string");
      }
      /* hclsyntax recovers (and so enters recovery mode) even at EOF. */
      final = next.type == TK_EOF ? (p->recovery = true, next)
                                  : hcl__recover(p, end);
      end_range = final.range;
      goto done;
    }
    }
  }
done:
  if (n == 0) {
    memset(&tt, 0, sizeof(tt));
    tt.kind = TT_LIT;
    tt.range.start = tt.range.end = start.end;
    tt.str = mls_span_of("", 0);
    n += push_tt(p, &tt);
  }
  memset(&tt, 0, sizeof(tt));
  tt.kind = TT_END;
  tt.range = end_range;
  push_tt(p, &tt);
  *range = between(start, end_range);
  return n;
}

/* ---- pass 2: structure ------------------------------------------------- */

typedef struct tcursor {
  size_t base; /* scratch offset of the template tokens */
  size_t pos;  /* next token */
} tcursor;

static hcl_expr *parse_texpr(parser *p, tcursor *c);

/* Make a TEMPLATE node of the expressions pushed since `ebase` (as
 * hcl_expr pointers), merging adjacent literals and dropping empty ones. */
static hcl_expr *finish_template(parser *p, size_t ebase, mls_range range,
                                 bool range_from_parts)
{
  size_t n = (p->nscratch - ebase) / sizeof(hcl_expr *);
  hcl_expr **v = (hcl_expr **)(void *)(p->scratch + ebase);
  size_t out = 0, i = 0;
  hcl_expr *t;

  if (range_from_parts && n > 0) {
    /* A directive's branch or body spans its parts (hclsyntax takes the
     * range before merging, so do we). */
    range = between(v[0]->range, v[n - 1]->range);
  }
  t = hcl__new_expr(p, HCL_EXPR_TEMPLATE, range);

  while (i < n) {
    hcl_expr *e = v[i];
    if (e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING) {
      size_t j = i + 1, total = e->u.lit.str.len;
      while (j < n && v[j]->kind == HCL_EXPR_LITERAL &&
             v[j]->u.lit.type == HCL_LIT_STRING) {
        total += v[j]->u.lit.str.len;
        j++;
      }
      if (j > i + 1) {
        char *buf = mls_arena_alloc(p->arena, total ? total : 1);
        size_t off = 0;
        hcl_expr *m;
        if (!buf) {
          p->oom = true;
          p->nscratch = ebase;
          return t;
        }
        for (size_t k = i; k < j; k++) {
          if (v[k]->u.lit.str.len) {
            memcpy(buf + off, v[k]->u.lit.str.ptr, v[k]->u.lit.str.len);
            off += v[k]->u.lit.str.len;
          }
        }
        m = hcl__new_expr(p, HCL_EXPR_LITERAL,
                          between(v[i]->range, v[j - 1]->range));
        m->u.lit.type = HCL_LIT_STRING;
        m->u.lit.str = mls_span_of(buf, total);
        e = m;
      }
      i = j;
      if (e->u.lit.str.len == 0) {
        continue;
      }
      v[out++] = e;
      continue;
    }
    v[out++] = e;
    i++;
  }
  p->nscratch = ebase + out * sizeof(hcl_expr *);
  t->u.tmpl.nparts = (uint32_t)out;
  t->u.tmpl.parts = hcl__scratch_take(p, ebase);
  return t;
}

static hcl_expr *literal_expr(parser *p, const ttok *t)
{
  hcl_expr *e = hcl__new_expr(p, HCL_EXPR_LITERAL, t->range);
  bool failed = false;
  e->u.lit.type = HCL_LIT_STRING;
  e->u.lit.str = hcl__nfc(p->arena, t->str, &failed);
  if (failed) {
    p->oom = true;
  }
  return e;
}

static mls_range empty_at(mls_pos at)
{
  mls_range r;
  r.start = r.end = at;
  return r;
}

static hcl_expr *parse_tif(parser *p, tcursor *c)
{
  ttok open = *tt_at(p, c->base, c->pos++);
  size_t ebase = p->nscratch;
  hcl_expr *t_branch = NULL, *f_branch, *e;
  mls_range endif_range = open.range;
  bool in_else = false;
  size_t n = 0;

  for (;;) {
    ttok *next = tt_at(p, c->base, c->pos);
    if (next->kind == TT_END) {
      hcl__error(p, &next->range, "Unexpected end of template");
      p->nscratch = ebase;
      return hcl__placeholder(p, next->range);
    }
    if (next->kind == TT_ELSE || next->kind == TT_ENDIF ||
        next->kind == TT_ENDFOR) {
      ttok end = *next;
      c->pos++;
      if (end.kind == TT_ELSE && !in_else) {
        t_branch = finish_template(p, ebase, empty_at(open.range.end), true);
        in_else = true;
        n = 0;
        continue;
      }
      if (end.kind == TT_ENDIF) {
        endif_range = end.range;
        break;
      }
      hcl__error(p, &end.range,
                 end.kind == TT_ELSE ? "Unexpected else directive"
                                     : "Unexpected endfor directive");
      p->nscratch = ebase;
      return hcl__placeholder(p, end.range);
    }
    e = parse_texpr(p, c);
    if (hcl__scratch_push(p, &e, sizeof(e))) {
      n++;
    }
  }
  if (!in_else) {
    t_branch = finish_template(p, ebase, empty_at(open.range.end), true);
    n = 0;
  }
  f_branch = finish_template(p, ebase, empty_at(endif_range.start), true);
  (void)n;
  e = hcl__new_expr(p, HCL_EXPR_CONDITIONAL, between(open.range, endif_range));
  e->u.cond.cond = open.expr ? open.expr : hcl__placeholder(p, open.range);
  e->u.cond.t = t_branch;
  e->u.cond.f = f_branch;
  return e;
}

static hcl_expr *parse_tfor(parser *p, tcursor *c)
{
  ttok open = *tt_at(p, c->base, c->pos++);
  size_t ebase = p->nscratch;
  mls_range endfor_range = open.range;
  hcl_expr *body, *fe, *join, *e;

  for (;;) {
    ttok *next = tt_at(p, c->base, c->pos);
    if (next->kind == TT_END) {
      hcl__error(p, &next->range, "Unexpected end of template");
      p->nscratch = ebase;
      return hcl__placeholder(p, next->range);
    }
    if (next->kind == TT_ELSE || next->kind == TT_ENDIF ||
        next->kind == TT_ENDFOR) {
      ttok end = *next;
      c->pos++;
      if (end.kind == TT_ENDFOR) {
        endfor_range = end.range;
        break;
      }
      hcl__error(p, &end.range,
                 end.kind == TT_ELSE ? "Unexpected else directive"
                                     : "Unexpected endif directive");
      p->nscratch = ebase;
      return hcl__placeholder(p, end.range);
    }
    e = parse_texpr(p, c);
    hcl__scratch_push(p, &e, sizeof(e));
  }
  body = finish_template(p, ebase, empty_at(open.range.end), true);
  fe = hcl__new_expr(p, HCL_EXPR_FOR, between(open.range, endfor_range));
  fe->u.forx.key_var = open.key_var;
  fe->u.forx.value_var = open.val_var;
  fe->u.forx.coll = open.expr ? open.expr : hcl__placeholder(p, open.range);
  fe->u.forx.value = body;
  join = hcl__new_expr(p, HCL_EXPR_TEMPLATE_JOIN, fe->range);
  join->u.wrap.inner = fe;
  return join;
}

static hcl_expr *parse_texpr(parser *p, tcursor *c)
{
  ttok *t = tt_at(p, c->base, c->pos);
  hcl_expr *e;

  switch (t->kind) {
  case TT_LIT:
    c->pos++;
    return literal_expr(p, t);
  case TT_INTERP:
    c->pos++;
    return t->expr ? t->expr : hcl__placeholder(p, t->range);
  case TT_IF:
  case TT_FOR:
    if (p->depth >= MLS_MAX_NESTING) {
      hcl__limit_error(p, &t->range,
                       "template directives nested deeper than "
                       "MLS_MAX_NESTING (256)");
      c->pos++;
      return hcl__placeholder(p, t->range);
    }
    p->depth++;
    e = t->kind == TT_IF ? parse_tif(p, c) : parse_tfor(p, c);
    p->depth--;
    return e;
  default: {
    mls_range r = t->range;
    c->pos++;
    hcl__error(p, &r,
               t->kind == TT_ELSE    ? "Unexpected else directive"
               : t->kind == TT_ENDIF ? "Unexpected endif directive"
                                     : "Unexpected endfor directive");
    return hcl__placeholder(p, r);
  }
  }
}

/* Both passes over tokens up to `end`; returns TEMPLATE or TEMPLATE_WRAP. */
static hcl_expr *parse_template(parser *p, int end, bool flush,
                                mls_range open_range, bool use_open)
{
  size_t base = p->nscratch, ebase;
  mls_range range;
  size_t n = collect_parts(p, end, base, &range);
  tcursor c;
  hcl_expr *e;
  bool single_lit, passthru;

  if (p->oom) {
    /* Some template token may be missing (the TT_END sentinel too); the
     * tree is not handed out after an OOM anyway. */
    p->nscratch = base;
    return hcl__placeholder(p, range);
  }
  if (flush) {
    flush_heredoc(p, base, n + 1);
  }
  {
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
      ttok *t = tt_at(p, base, i);
      if (t->kind == TT_LIT) {
        total += t->str.len;
      }
    }
    if (total > MLS_MAX_STRING_BYTES) {
      hcl__limit_error(p, &range,
                       "string longer than MLS_MAX_STRING_BYTES (1 MiB)");
    }
  }
  passthru = n == 1 && tt_at(p, base, 0)->kind == TT_INTERP;
  single_lit = n == 1 && tt_at(p, base, 0)->kind == TT_LIT;
  if (use_open) {
    range = between(open_range, range);
  }
  if (passthru) {
    hcl_expr *inner = tt_at(p, base, 0)->expr;
    p->nscratch = base;
    e = hcl__new_expr(p, HCL_EXPR_TEMPLATE_WRAP, range);
    e->u.wrap.inner = inner ? inner : hcl__placeholder(p, range);
    return e;
  }
  c.base = base;
  c.pos = 0;
  ebase = p->nscratch;
  while (tt_at(p, base, c.pos)->kind != TT_END) {
    e = parse_texpr(p, &c);
    hcl__scratch_push(p, &e, sizeof(e));
  }
  /* Move the expression pointers down over the template tokens, then
   * build the node from there. */
  {
    size_t bytes = p->nscratch - ebase;
    memmove(p->scratch + base, p->scratch + ebase, bytes);
    p->nscratch = base + bytes;
  }
  e = finish_template(p, base, range, false);
  if (single_lit) {
    e->flags |= HCL_EXPR_F_SINGLE_LITERAL;
  }
  return e;
}

hcl_expr *hcl__parse_template_expr(parser *p)
{
  hcl_tok open = hcl__read(p);
  hcl_expr *e;
  bool heredoc = open.type == TK_OHEREDOC;
  bool flush = false;
  mls_span marker = { NULL, 0 };
  mls_range close;

  if (heredoc) {
    mls_span t = tok_text(p, &open);
    size_t i = 2;
    if (i < t.len && t.ptr[i] == '-') {
      flush = true;
      i++;
    }
    marker.ptr = t.ptr + i;
    marker.len = t.len - i;
    while (marker.len && (marker.ptr[marker.len - 1] == '\n' ||
                          marker.ptr[marker.len - 1] == '\r')) {
      marker.len--;
    }
  }
  e = parse_template(p, heredoc ? TK_CHEREDOC : TK_CQUOTE, flush, open.range,
                     false);
  close = p->next ? p->toks[p->next - 1].range : open.range;
  e->range = between(open.range, close);
  if (heredoc && e->kind == HCL_EXPR_TEMPLATE) {
    e->u.tmpl.heredoc = true;
    e->u.tmpl.flush = flush;
    e->u.tmpl.marker = marker;
  }
  return e;
}

hcl_expr *hcl__parse_bare_template(parser *p)
{
  mls_range none;
  memset(&none, 0, sizeof(none));
  return parse_template(p, TK_EOF, false, none, false);
}
