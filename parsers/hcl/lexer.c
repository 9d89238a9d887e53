/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/lexer.c -- HCL2 native-syntax tokenizer.
 *
 * Stage: blob -> tokens. Follows the token grammar of hclsyntax's Ragel
 * scanner (../shared/corpus/hcl-specsuite/hclsyntax/spec.md, "Lexical
 * Elements"): three modes -- expressions, quoted templates and heredoc
 * templates -- on a mode stack, with `${`/`%{` entering expression mode and
 * the matching `}` leaving it. Token text is a byte range of the source (no
 * copies). Trusts nothing in the input: reads stop at `end`, the token count
 * and the mode stack are bounded by core/base/limits.h. One lexer per call;
 * no globals.
 */
#include "parsers/hcl/hcl_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <string.h>

/* Deepest mode stack: quoted strings inside interpolations inside heredocs,
 * and so on. Past MLS_MAX_NESTING the parser would refuse the input anyway. */
#define MODE_STACK (MLS_MAX_NESTING * 2)

typedef enum mode { M_MAIN = 0, M_STRING, M_HEREDOC } mode;

typedef struct frame {
  uint8_t mode;       /* mode */
  bool sol;           /* heredoc: at the start of a line */
  uint32_t ret_brace; /* main pushed by ${: brace depth that returns */
  mls_span marker;    /* heredoc: borrowed: src; the closing marker */
} frame;

typedef struct lexer {
  const unsigned char *src; /* borrowed: the input */
  const unsigned char *p;   /* next byte */
  const unsigned char *end; /* one past the last byte */
  uint32_t base_byte;       /* offset of src[0] in the file */
  uint32_t line;            /* line of *p */
  uint32_t line_start;      /* file offset where that line starts */
  uint32_t base_col;        /* extra columns on the first line */
  uint32_t first_line;      /* the line base_col applies to */
  uint32_t braces;          /* open { and ${ in expression mode */
  frame stack[MODE_STACK];  /* mode stack; stack[0] is the start mode */
  uint32_t depth;           /* frames in use */
  hcl_lexed *out;           /* borrowed: the token array being built */
  uint32_t cap;             /* tokens allocated in out->toks */
  mls_diag *diag;           /* borrowed: where a bound hit is reported */
  int rc;                   /* first failure: ENOMEM or ELIMIT */
} lexer;

static inline mls_pos pos_at(const lexer *lx, const unsigned char *p)
{
  mls_pos pos;
  pos.byte = lx->base_byte + (uint32_t)(p - lx->src);
  pos.line = lx->line;
  pos.col = pos.byte - lx->line_start + 1;
  if (pos.line == lx->first_line) {
    pos.col += lx->base_col;
  }
  return pos;
}

static bool grow(lexer *lx)
{
  size_t ncap = lx->cap ? (size_t)lx->cap * 2 : 256, bytes;
  hcl_tok *nt;
  if (lx->cap >= MLS_MAX_TOKENS) {
    mls_diag_add(lx->diag, MLS_ELIMIT, NULL, "more than %u tokens in one file",
                 (unsigned)MLS_MAX_TOKENS);
    lx->rc = MLS_ELIMIT;
    return false;
  }
  if (ncap > MLS_MAX_TOKENS + 1) {
    ncap = MLS_MAX_TOKENS + 1;
  }
  if (!mls_mul_sz(&bytes, ncap, sizeof(hcl_tok)) ||
      !(nt = mls_realloc(lx->out->toks, bytes))) {
    lx->rc = MLS_ENOMEM;
    return false;
  }
  lx->out->toks = nt;
  lx->cap = (uint32_t)ncap;
  return true;
}

/* Emit a token for [s, e) where no newline lies inside it. */
static inline bool emit(lexer *lx, int type, const unsigned char *s,
                        const unsigned char *e)
{
  hcl_tok *t;
  if (lx->out->ntoks + 1 >= lx->cap && !grow(lx)) {
    return false;
  }
  t = &lx->out->toks[lx->out->ntoks++];
  t->type = (uint8_t)type;
  t->range.start = pos_at(lx, s);
  t->range.end = pos_at(lx, e);
  /* Every token kind from TK_BITAND on is an error by itself. */
  lx->out->ninvalid += type >= TK_BITAND;
  return true;
}

/* Emit a token for [s, e) whose last byte is '\n': it ends at column 1 of
 * the next line, and the lexer moves to that line. */
static inline bool emit_nl(lexer *lx, int type, const unsigned char *s,
                           const unsigned char *e)
{
  hcl_tok *t;
  if (lx->out->ntoks + 1 >= lx->cap && !grow(lx)) {
    return false;
  }
  t = &lx->out->toks[lx->out->ntoks++];
  t->type = (uint8_t)type;
  t->range.start = pos_at(lx, s);
  lx->line++;
  lx->line_start = lx->base_byte + (uint32_t)(e - lx->src);
  t->range.end = pos_at(lx, e);
  lx->out->ninvalid += type >= TK_BITAND;
  return true;
}

/* Count newlines inside [s, e) for a token that spans lines (a block
 * comment, a run of newlines in a quoted string); the token is emitted with
 * its true start and end. */
static bool emit_multiline(lexer *lx, int type, const unsigned char *s,
                           const unsigned char *e)
{
  hcl_tok *t;
  if (lx->out->ntoks + 1 >= lx->cap && !grow(lx)) {
    return false;
  }
  t = &lx->out->toks[lx->out->ntoks++];
  t->type = (uint8_t)type;
  t->range.start = pos_at(lx, s);
  for (const unsigned char *q = s; q < e; q++) {
    if (*q == '\n') {
      lx->line++;
      lx->line_start = lx->base_byte + (uint32_t)(q + 1 - lx->src);
    }
  }
  t->range.end = pos_at(lx, e);
  lx->out->ninvalid += type >= TK_BITAND;
  return true;
}

static bool push(lexer *lx, mode m)
{
  if (lx->depth >= MODE_STACK) {
    mls_pos at = pos_at(lx, lx->p);
    mls_range r = { at, at };
    mls_diag_add(lx->diag, MLS_ELIMIT, &r, "templates nested more than %d deep",
                 MODE_STACK);
    lx->rc = MLS_ELIMIT;
    return false;
  }
  memset(&lx->stack[lx->depth], 0, sizeof(frame));
  lx->stack[lx->depth].mode = (uint8_t)m;
  lx->depth++;
  return true;
}

static inline void pop(lexer *lx)
{
  if (lx->depth > 1) {
    lx->depth--;
  }
}

/* Length of the identifier starting at p (0 if none). ASCII fast path. */
static inline size_t ident_len(const unsigned char *p, const unsigned char *end)
{
  const unsigned char *q = p;
  uint32_t cp;
  size_t k;

  if (mls_isalpha(*q) || *q == '_') {
    q++;
    while (q < end && mls_isident(*q)) {
      q++;
    }
    if (q == end || *q < 0x80) {
      return (size_t)(q - p);
    }
  } else if (*q >= 0x80 && (k = mls_utf8_decode(&cp, q, end)) &&
             hcl__is_id_start(cp)) {
    q += k;
  } else {
    return 0;
  }
  while (q < end) {
    if (mls_isident(*q)) {
      q++;
    } else if (*q >= 0x80 && (k = mls_utf8_decode(&cp, q, end)) &&
               hcl__is_id_continue(cp)) {
      q += k;
    } else {
      break;
    }
  }
  return (size_t)(q - p);
}

/* Number literal: digit (digit | '.' | [eE][+-]?digit)*, never ending in
 * '.', longest match (so "1.2.3" is one, malformed, token). */
static const unsigned char *scan_number(const unsigned char *p,
                                        const unsigned char *end)
{
  const unsigned char *q = p + 1, *last = p + 1;
  while (q < end) {
    if (mls_isdigit(*q)) {
      last = ++q;
    } else if (*q == '.') {
      q++;
    } else if ((*q == 'e' || *q == 'E') && q + 1 < end) {
      if (mls_isdigit(q[1])) {
        q += 2;
        last = q;
      } else if ((q[1] == '+' || q[1] == '-') && q + 2 < end &&
                 mls_isdigit(q[2])) {
        q += 3;
        last = q;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return last;
}

/* Length of a code point at p that is not valid UTF-8: one byte. */
static bool emit_bad_or_invalid(lexer *lx, const unsigned char *p)
{
  uint32_t cp;
  size_t k = mls_utf8_decode(&cp, p, lx->end);
  if (!k) {
    lx->p = p + 1;
    return emit(lx, TK_BAD_UTF8, p, p + 1);
  }
  lx->p = p + k;
  return emit(lx, cp == 0 ? TK_NUL : TK_INVALID, p, p + k);
}

/* "${" or "%{", with an optional '~'. */
static bool begin_seq(lexer *lx, int type)
{
  const unsigned char *s = lx->p;
  frame *top = &lx->stack[lx->depth - 1];
  lx->p += 2;
  if (lx->p < lx->end && *lx->p == '~') {
    lx->p++;
  }
  if (!emit(lx, type, s, lx->p)) {
    return false;
  }
  if (top->mode == M_HEREDOC) {
    top->sol = false;
  }
  lx->braces++;
  if (!push(lx, M_MAIN)) {
    return false;
  }
  lx->stack[lx->depth - 1].ret_brace = lx->braces;
  return true;
}

/* Close brace in expression mode: '}' or "~}". */
static bool close_brace(lexer *lx, size_t n)
{
  const unsigned char *s = lx->p;
  frame *top = &lx->stack[lx->depth - 1];
  bool seq =
      lx->depth > 1 && top->ret_brace != 0 && top->ret_brace == lx->braces;
  lx->p += n;
  if (seq || n == 2) {
    if (!emit(lx, TK_SEQ_END, s, lx->p)) {
      return false;
    }
    if (lx->braces) {
      lx->braces--;
    }
    if (seq) {
      pop(lx);
    }
    return true;
  }
  if (lx->braces) {
    lx->braces--;
  }
  return emit(lx, TK_CBRACE, s, lx->p);
}

/* "<<" '-'? Ident Newline at lx->p? Returns the end of the introducer. */
static const unsigned char *heredoc_intro(const lexer *lx, mls_span *marker)
{
  const unsigned char *q = lx->p + 2;
  size_t k;
  if (q < lx->end && *q == '-') {
    q++;
  }
  if (q >= lx->end || !(k = ident_len(q, lx->end))) {
    return NULL;
  }
  marker->ptr = (const char *)q;
  marker->len = k;
  q += k;
  if (q < lx->end && *q == '\r') {
    q++;
  }
  if (q < lx->end && *q == '\n') {
    return q + 1;
  }
  return NULL;
}

/* A NUL or non-ASCII byte inside a comment at p: hclsyntax accepts any
 * bytes there, but a NUL means a binary file (an error) and invalid UTF-8
 * is worth a warning. Returns where scanning goes on. The position is
 * approximate in line (the comment's) and exact in byte. */
static const unsigned char *comment_byte(lexer *lx, const unsigned char *p)
{
  uint32_t cp;
  size_t k;
  mls_range r;
  r.start = pos_at(lx, p);
  r.end = pos_at(lx, p + 1);
  if (*p == 0) {
    if (!lx->out->comment_nul) {
      lx->out->comment_nul = true;
      lx->out->comment_nul_at = r;
      lx->out->ninvalid++;
    }
    return p + 1;
  }
  if ((k = mls_utf8_decode(&cp, p, lx->end)) != 0) {
    return p + k;
  }
  if (!lx->out->comment_bad_utf8) {
    lx->out->comment_bad_utf8 = true;
    lx->out->comment_bad_at = r;
    lx->out->ninvalid++;
  }
  return p + 1;
}

/* Look for NUL and non-ASCII bytes in comment text [p, e): eight bytes at
 * a time, since nearly all comments are plain ASCII. */
static void check_comment(lexer *lx, const unsigned char *p,
                          const unsigned char *e)
{
  while (p < e) {
    if (e - p >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      /* No byte is zero and none has its high bit set. */
      if (!(((w - 0x0101010101010101u) & ~w) & 0x8080808080808080u) &&
          !(w & 0x8080808080808080u)) {
        p += 8;
        continue;
      }
    }
    if (*p == 0 || *p >= 0x80) {
      p = comment_byte(lx, p);
    } else {
      p++;
    }
  }
}

static inline bool lex_main_one(lexer *lx)
{
  const unsigned char *p = lx->p, *end = lx->end, *s;
  unsigned char c;
  size_t k;
  int type;

  /* Spaces and tabs separate tokens and are no token themselves; skipping
   * them here saves a trip through the mode dispatch for most tokens. */
  while (*p == ' ' || *p == '\t') {
    if (++p == end) {
      lx->p = p;
      return true;
    }
  }
  lx->p = s = p;
  c = *p;
  switch (c) {
  case '\n':
    lx->p = p + 1;
    return emit_nl(lx, TK_NEWLINE, s, p + 1);
  case '\r':
    if (p + 1 < end && p[1] == '\n') {
      lx->p = p + 2;
      return emit_nl(lx, TK_NEWLINE, s, p + 2);
    }
    lx->p = p + 1;
    return emit(lx, TK_INVALID, s, p + 1);
  case '#':
    goto line_comment;
  case '/':
    if (p + 1 < end && p[1] == '/') {
      goto line_comment;
    }
    if (p + 1 < end && p[1] == '*') {
      const unsigned char *q = p + 2;
      while (q + 1 < end && !(q[0] == '*' && q[1] == '/')) {
        if (*q == 0 || *q >= 0x80) {
          q = comment_byte(lx, q);
          continue;
        }
        q++;
      }
      if (q + 1 >= end) {
        /* Unterminated: hclsyntax would lex the rest as code and fail
         * somewhere later; one error at the comment is clearer. */
        lx->p = end;
        return emit_multiline(lx, TK_INVALID, s, end);
      }
      lx->p = q + 2;
      return emit_multiline(lx, TK_COMMENT, s, q + 2);
    }
    lx->p = p + 1;
    return emit(lx, TK_SLASH, s, p + 1);
  case '"':
    lx->p = p + 1;
    return emit(lx, TK_OQUOTE, s, p + 1) && push(lx, M_STRING);
  case '{':
    lx->p = p + 1;
    lx->braces++;
    return emit(lx, TK_OBRACE, s, p + 1);
  case '}':
    return close_brace(lx, 1);
  case '~':
    if (p + 1 < end && p[1] == '}') {
      return close_brace(lx, 2);
    }
    type = TK_TILDE;
    break;
  case '<':
    if (p + 1 < end && p[1] == '<') {
      mls_span marker;
      const unsigned char *q = heredoc_intro(lx, &marker);
      if (q) {
        lx->p = q;
        if (!emit_nl(lx, TK_OHEREDOC, s, q) || !push(lx, M_HEREDOC)) {
          return false;
        }
        lx->stack[lx->depth - 1].sol = true;
        lx->stack[lx->depth - 1].marker = marker;
        return true;
      }
    }
    if (p + 1 < end && p[1] == '=') {
      lx->p = p + 2;
      return emit(lx, TK_LE, s, p + 2);
    }
    type = TK_LT;
    break;
  case '>':
    if (p + 1 < end && p[1] == '=') {
      lx->p = p + 2;
      return emit(lx, TK_GE, s, p + 2);
    }
    type = TK_GT;
    break;
  case '=':
    if (p + 1 < end && p[1] == '=') {
      lx->p = p + 2;
      return emit(lx, TK_EQOP, s, p + 2);
    }
    if (p + 1 < end && p[1] == '>') {
      lx->p = p + 2;
      return emit(lx, TK_FATARROW, s, p + 2);
    }
    type = TK_EQUAL;
    break;
  case '!':
    if (p + 1 < end && p[1] == '=') {
      lx->p = p + 2;
      return emit(lx, TK_NEQ, s, p + 2);
    }
    type = TK_BANG;
    break;
  case '&':
    if (p + 1 < end && p[1] == '&') {
      lx->p = p + 2;
      return emit(lx, TK_AND, s, p + 2);
    }
    type = TK_BITAND;
    break;
  case '|':
    if (p + 1 < end && p[1] == '|') {
      lx->p = p + 2;
      return emit(lx, TK_OR, s, p + 2);
    }
    type = TK_BITOR;
    break;
  case '.':
    if (p + 2 < end && p[1] == '.' && p[2] == '.') {
      lx->p = p + 3;
      return emit(lx, TK_ELLIPSIS, s, p + 3);
    }
    type = TK_DOT;
    break;
  case '[':
    type = TK_OBRACK;
    break;
  case ']':
    type = TK_CBRACK;
    break;
  case '(':
    type = TK_OPAREN;
    break;
  case ')':
    type = TK_CPAREN;
    break;
  case ',':
    type = TK_COMMA;
    break;
  case '*':
    type = TK_STAR;
    break;
  case '%':
    type = TK_PERCENT;
    break;
  case '+':
    type = TK_PLUS;
    break;
  case '-':
    type = TK_MINUS;
    break;
  case '?':
    type = TK_QUESTION;
    break;
  case ':':
    type = TK_COLON;
    break;
  case '^':
    type = TK_BITXOR;
    break;
  case ';':
    type = TK_SEMI;
    break;
  case '`':
    type = TK_BACKTICK;
    break;
  case '\'':
    type = TK_APOS;
    break;
  default:
    if (mls_isdigit(c)) {
      p = scan_number(p, end);
      lx->p = p;
      return emit(lx, TK_NUMBER, s, p);
    }
    if ((k = ident_len(p, end)) != 0) {
      lx->p = p + k;
      return emit(lx, TK_IDENT, s, p + k);
    }
    return emit_bad_or_invalid(lx, p);
  }
  lx->p = p + 1;
  return emit(lx, type, s, p + 1);

line_comment : {
  const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
  check_comment(lx, p, nl ? nl : end);
  p = nl ? nl : end;
}
  if (p < end) {
    lx->p = p + 1;
    return emit_nl(lx, TK_COMMENT, s, p + 1);
  }
  lx->p = p;
  return emit(lx, TK_COMMENT, s, p);
}

/* Tokens in expression mode until the mode changes (a quote, a heredoc or
 * the end of an interpolation) or the input ends: one dispatch per run of
 * tokens rather than per token. */
static bool lex_main(lexer *lx)
{
  uint32_t depth = lx->depth;
  do {
    if (!lex_main_one(lx)) {
      return false;
    }
  } while (lx->p < lx->end && lx->depth == depth);
  return true;
}

/* Bytes that end a plain run inside a quoted template or need a closer
 * look: $ % " \ CR LF NUL and every non-ASCII byte. */
static const unsigned char string_stop[256] = {
  [0] = 1,    ['\n'] = 1, ['\r'] = 1, ['"'] = 1,
  ['$'] = 1,  ['%'] = 1,  ['\\'] = 1,
#define HI8(b)                                                                 \
  [b] = 1, [b + 1] = 1, [b + 2] = 1, [b + 3] = 1, [b + 4] = 1, [b + 5] = 1,    \
  [b + 6] = 1, [b + 7] = 1
#define HI32(b) HI8(b), HI8(b + 8), HI8(b + 16), HI8(b + 24)
  HI32(0x80), HI32(0xA0), HI32(0xC0), HI32(0xE0)
#undef HI32
#undef HI8
};

/* One token in a quoted template. */
static bool lex_string(lexer *lx)
{
  const unsigned char *p = lx->p, *end = lx->end, *s = p;
  unsigned char c = *p;

  if ((c == '$' || c == '%') && p + 1 < end && p[1] == '{') {
    return begin_seq(lx, c == '$' ? TK_INTERP : TK_CONTROL);
  }
  if (c == '"') {
    lx->p = p + 1;
    pop(lx);
    return emit(lx, TK_CQUOTE, s, p + 1);
  }
  if (c == '\n' || c == '\r') {
    while (p < end && (*p == '\n' || *p == '\r')) {
      p++;
    }
    lx->p = p;
    return emit_multiline(lx, TK_QUOTED_NEWLINE, s, p);
  }
  if (c == '$' || c == '%') {
    /* A lone '$' or '%', or the escapes "$${" and "%%{" (with the '~' of
     * a strip marker swallowed, as hclsyntax's TemplateInterp does). */
    if (p + 2 < end && p[1] == c && p[2] == '{') {
      lx->p = p + 3 + (p + 3 < end && p[3] == '~');
    } else {
      lx->p = p + 1;
    }
    return emit(lx, TK_QUOTED_LIT, s, lx->p);
  }
  /* A run of plain characters and backslash escapes. */
  while (p < end) {
    c = *p;
    if (!string_stop[c]) {
      p++;
      continue;
    }
    if (c < 0x80) {
      if (c != '\\') {
        break; /* $ % " \n \r NUL */
      }
      {
        uint32_t cp;
        size_t k;
        if (p + 1 >= end || p[1] == '\n' || p[1] == '\r' || p[1] == 0) {
          break;
        }
        if (p[1] < 0x80) {
          p += 2;
        } else if ((k = mls_utf8_decode(&cp, p + 1, end)) != 0) {
          p += 1 + k;
        } else {
          break;
        }
        continue;
      }
    } else {
      uint32_t cp;
      size_t k = mls_utf8_decode(&cp, p, end);
      if (!k) {
        break;
      }
      p += k;
    }
  }
  if (p == s) {
    /* A lone backslash, a NUL or a byte that is not UTF-8. */
    if (*p == '\\') {
      lx->p = p + 1;
      return emit(lx, TK_INVALID, s, p + 1);
    }
    return emit_bad_or_invalid(lx, p);
  }
  lx->p = p;
  return emit(lx, TK_QUOTED_LIT, s, p);
}

/* Trimmed line [s, e) equals the marker (Go's bytes.TrimSpace on ASCII
 * white space, which is all a marker line can sensibly hold). */
static bool is_marker_line(const unsigned char *s, const unsigned char *e,
                           mls_span marker)
{
  /* Go's bytes.TrimSpace: Unicode white space (U+00A0, U+2003, U+0085...)
   * on both sides, not only ASCII. */
  const unsigned char *q, *last;
  uint32_t cp;
  size_t k;

  while (s < e) {
    k = *s < 0x80 ? (cp = *s, 1) : mls_utf8_decode(&cp, s, e);
    if (!k || !hcl__is_space(cp)) {
      break;
    }
    s += k;
  }
  for (q = last = s; q < e;) {
    k = *q < 0x80 ? (cp = *q, 1) : mls_utf8_decode(&cp, q, e);
    if (!k) {
      k = 1;
      cp = 0xFFFD;
    }
    q += k;
    if (!hcl__is_space(cp)) {
      last = q;
    }
  }
  return (size_t)(last - s) == marker.len &&
         memcmp(s, marker.ptr, marker.len) == 0;
}

/* One token in a heredoc template. */
static bool lex_heredoc(lexer *lx)
{
  const unsigned char *p = lx->p, *end = lx->end, *s = p;
  frame *top = &lx->stack[lx->depth - 1];
  unsigned char c = *p;

  if ((c == '$' || c == '%') && p + 1 < end && p[1] == '{') {
    return begin_seq(lx, c == '$' ? TK_INTERP : TK_CONTROL);
  }
  if (c == '$' || c == '%') {
    if (p + 2 < end && p[1] == c && p[2] == '{') {
      lx->p = p + 3 + (p + 3 < end && p[3] == '~');
    } else {
      lx->p = p + 1;
    }
    top->sol = false;
    return emit(lx, TK_STRING_LIT, s, lx->p);
  }
  while (p < end) {
    c = *p;
    if (c == '$' || c == '%' || c == '\n' || c == '\r' || c == 0) {
      break;
    }
    if (c >= 0x80) {
      uint32_t cp;
      size_t k = mls_utf8_decode(&cp, p, end);
      if (!k) {
        break;
      }
      p += k;
    } else {
      p++;
    }
  }
  if (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))) {
    const unsigned char *nl = p, *e = p + (*p == '\r' ? 2 : 1);
    if (top->sol && is_marker_line(s, e, top->marker)) {
      /* The closing marker, then the newline as a token of its own so it
       * still ends the attribute. */
      lx->p = e;
      if (!emit(lx, TK_CHEREDOC, s, nl)) {
        return false;
      }
      pop(lx);
      return emit_nl(lx, TK_NEWLINE, nl, e);
    }
    lx->p = e;
    top->sol = true;
    return emit_nl(lx, TK_STRING_LIT, s, e);
  }
  if (p == s) {
    if (p >= end) {
      return true;
    }
    if (*p == '\r') {
      lx->p = p + 1;
      return emit(lx, TK_INVALID, s, p + 1);
    }
    return emit_bad_or_invalid(lx, p);
  }
  lx->p = p;
  top->sol = false;
  return emit(lx, TK_STRING_LIT, s, p);
}

int hcl__lex(hcl_lexed *out, const char *src, size_t len, bool template,
             mls_pos base, mls_diag *diag)
{
  lexer lx;

  memset(out, 0, sizeof(*out));
  /* Not memset: the mode stack is 16 KB and frames are set on push. */
  lx.braces = 0;
  lx.cap = 0;
  lx.rc = 0;
  lx.src = (const unsigned char *)src;
  lx.p = lx.src;
  lx.end = lx.src + len;
  lx.base_byte = base.byte;
  lx.line = base.line ? base.line : 1;
  lx.line_start = base.byte;
  lx.base_col = base.col ? base.col - 1 : 0;
  lx.first_line = lx.line;
  lx.out = out;
  lx.diag = diag;
  {
    /* Real Terraform has about one token per 7 bytes: size the array once
     * so most files never grow it. */
    size_t guess = len / 6 + 64, bytes;
    if (guess > MLS_MAX_TOKENS + 1) {
      guess = MLS_MAX_TOKENS + 1;
    }
    if (!mls_mul_sz(&bytes, guess, sizeof(hcl_tok)) ||
        !(out->toks = mls_malloc(bytes))) {
      return MLS_ENOMEM;
    }
    lx.cap = (uint32_t)guess;
  }
  lx.depth = 1;
  memset(&lx.stack[0], 0, sizeof(frame));
  lx.stack[0].mode = template ? M_HEREDOC : M_MAIN;

  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 && base.byte == 0) {
    /* A byte-order mark counts in byte offsets but not in columns. */
    lx.p += 3;
    lx.line_start = 3;
  }
  if (len > UINT32_MAX - 16 - base.byte) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL, "input too large");
  }

  while (lx.p < lx.end) {
    bool ok;
    switch (lx.stack[lx.depth - 1].mode) {
    case M_STRING:
      ok = lex_string(&lx);
      break;
    case M_HEREDOC:
      if (template && lx.depth == 1) {
        /* A bare template (JSON strings): no closing marker, and every
         * newline is literal text. */
        lx.stack[0].sol = false;
        lx.stack[0].marker.len = 0;
      }
      ok = lex_heredoc(&lx);
      break;
    default:
      ok = lex_main(&lx);
      break;
    }
    if (!ok) {
      hcl__lexed_dispose(out);
      return lx.rc ? lx.rc : MLS_ENOMEM;
    }
  }
  if (!emit(&lx, TK_EOF, lx.end, lx.end)) {
    hcl__lexed_dispose(out);
    return lx.rc ? lx.rc : MLS_ENOMEM;
  }
  /* A second EOF past the end (emit keeps one free slot) lets the parser
   * read toks[next] without a bounds check. */
  out->toks[out->ntoks] = out->toks[out->ntoks - 1];
  return MLS_OK;
}

void hcl__lexed_dispose(hcl_lexed *lx)
{
  mls_free(lx->toks);
  lx->toks = NULL;
  lx->ntoks = 0;
}
