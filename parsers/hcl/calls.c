/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/calls.c -- the top-level module blocks of a native-syntax
 * file from its tokens, for the root-module search.
 *
 * Stage: blob -> (not a tree). The scan accepts a file only when its token
 * stream has the plain shape below, where the parser's answer is certain
 * without running it; anything else is MLS_EINPUT and the caller parses.
 * The shape: no invalid token; every bracket, quote, heredoc and template
 * sequence closed by its own closer, at most HCL_SCAN_MAX_DEPTH deep; at
 * the top level and in every block body, only blocks and attributes, one
 * per line, each block's `{` ending its header line (or closed by `}` at
 * once) and its `}` on a line of its own followed by a newline. The parser
 * recovers from an error inside such a line without leaving it (its
 * recovery follows brackets, and the line's brackets are balanced), so an
 * error in an expression cannot move a block's boundaries; and in module
 * blocks, which the answer is about, the `source` line is checked token
 * by token. tests/unit/parsers/hcl/test_calls.c compares the scan with
 * the parser on real code and on the fuzz corpus.
 */
#include "parsers/hcl/calls.h"

#include "parsers/hcl/hcl_int.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/rc.h"

#include <string.h>

/* The scan's state: the tokens and a cursor. */
typedef struct scan {
  const char *src;      /* borrowed: the input */
  const hcl_tok *toks;  /* borrowed: the lexed tokens, TK_EOF last */
  uint32_t ntoks;       /* tokens */
  uint32_t next;        /* the next token to read */
  hcl_call_scan *calls; /* owned: the module blocks found */
  size_t n;             /* entries of calls in use */
  size_t cap;           /* entries allocated */
} scan;

/* Whether t is an opener, and its closer. */
static int closer_of(int type)
{
  switch (type) {
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
  case TK_INTERP:
  case TK_CONTROL:
    return TK_SEQ_END;
  default:
    return TK_NIL;
  }
}

static bool is_closer(int type)
{
  return type == TK_CBRACE || type == TK_CBRACK || type == TK_CPAREN ||
         type == TK_CQUOTE || type == TK_CHEREDOC || type == TK_SEQ_END;
}

/* Tokens that are errors whatever surrounds them. */
static bool is_invalid(int type)
{
  return (type >= TK_BITAND && type <= TK_NUL) || type == TK_NIL;
}

/* Every token valid, every opener closed by its own closer, nesting
 * bounded. */
static bool nests(const hcl_lexed *lx)
{
  uint8_t stack[HCL_SCAN_MAX_DEPTH];
  size_t depth = 0;

  if (lx->ninvalid > 0 || lx->comment_nul) {
    return false;
  }
  for (uint32_t i = 0; i < lx->ntoks; i++) {
    int ty = lx->toks[i].type;
    int want = closer_of(ty);
    if (is_invalid(ty)) {
      return false;
    }
    if (want != TK_NIL) {
      if (depth == HCL_SCAN_MAX_DEPTH) {
        return false;
      }
      stack[depth++] = (uint8_t)want;
    } else if (is_closer(ty)) {
      if (depth == 0 || stack[depth - 1] != ty) {
        return false;
      }
      depth--;
    }
  }
  return depth == 0;
}

static mls_span text_of(const scan *s, const hcl_tok *t)
{
  return mls_span_of(s->src + t->range.start.byte,
                     t->range.end.byte - t->range.start.byte);
}

/* The next token where newlines count (a block body, the top level), as
 * the parser peeks: comments skipped, a line comment's newline kept. */
static hcl_tok next_sig(scan *s)
{
  while (s->next < s->ntoks) {
    hcl_tok t = s->toks[s->next++];
    if (t.type == TK_COMMENT) {
      if (t.range.end.byte > t.range.start.byte &&
          s->src[t.range.end.byte - 1] == '\n') {
        t.type = TK_NEWLINE;
        return t;
      }
      continue;
    }
    if (t.type == TK_EOF) {
      s->next--; /* stay on EOF */
    }
    return t;
  }
  return s->toks[s->ntoks - 1];
}

/* A literal chunk whose bytes are its decoded value: no escape, no
 * "$${"/"%%{" (which decode to "${"/"%{"), ASCII only (no NFC change). */
static bool plain_literal(mls_span t)
{
  for (size_t i = 0; i < t.len; i++) {
    unsigned char c = (unsigned char)t.ptr[i];
    if (c == '\\' || c >= 0x80 || c < 0x20 ||
        ((c == '$' || c == '%') && i + 1 < t.len && t.ptr[i + 1] == c)) {
      return false;
    }
  }
  return true;
}

/* After an OQUOTE just read: a plain string up to its CQUOTE. */
static bool plain_string(scan *s, mls_span *out)
{
  hcl_tok t = s->toks[s->next];
  *out = mls_span_of(s->src + t.range.start.byte, 0);
  if (t.type == TK_QUOTED_LIT) {
    *out = text_of(s, &t);
    if (!plain_literal(*out)) {
      return false;
    }
    t = s->toks[++s->next];
  }
  if (t.type != TK_CQUOTE) {
    return false;
  }
  s->next++;
  return true;
}

/* Skip an attribute's expression up to the newline that ends it: the
 * first newline (or line comment) outside brackets. The brackets nest
 * (nests()), so a depth count is enough. False when the expression is
 * empty or the line ends otherwise. */
static bool skip_expression(scan *s)
{
  size_t depth = 0;
  bool any = false;
  for (;;) {
    hcl_tok t = depth == 0 ? next_sig(s) : s->toks[s->next++];
    int ty = t.type;
    if (ty == TK_EOF) {
      return false;
    }
    if (depth == 0 && ty == TK_NEWLINE) {
      return any;
    }
    if (closer_of(ty) != TK_NIL) {
      depth++;
    } else if (is_closer(ty)) {
      if (depth == 0) {
        return false; /* the body's `}` on the attribute's line */
      }
      depth--;
    }
    any = true;
  }
}

static bool push_call(scan *s, mls_span name)
{
  if (s->n == s->cap) {
    size_t ncap = s->cap ? 2 * s->cap : 8, bytes;
    hcl_call_scan *v;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*v)) ||
        !(v = mls_realloc(s->calls, bytes))) {
      return false;
    }
    s->calls = v;
    s->cap = ncap;
  }
  memset(&s->calls[s->n], 0, sizeof(s->calls[s->n]));
  s->calls[s->n++].name = name;
  return true;
}

/* Scan result of a body: keep going, not the plain shape, out of memory. */
#define SCAN_OK    0
#define SCAN_NO    1
#define SCAN_NOMEM 2

static int body(scan *s, unsigned depth, hcl_call_scan *call);

/* After a block's type identifier: its labels, `{`, body and `}` and the
 * newline after it. depth counts enclosing blocks (0: top level). A
 * top-level module block is recorded, and its body fills in its source. */
static int block(scan *s, unsigned depth, mls_span type)
{
  mls_span label = { NULL, 0 };
  size_t nlabels = 0;
  hcl_call_scan *call = NULL;
  hcl_tok t;
  int rc;

  for (;;) {
    t = s->toks[s->next];
    if (t.type == TK_OQUOTE) {
      s->next++;
      if (!plain_string(s, &label)) {
        return SCAN_NO; /* escapes or template sequences: parse it */
      }
    } else if (t.type == TK_IDENT) {
      s->next++;
      label = text_of(s, &t);
    } else if (t.type == TK_OBRACE) {
      s->next++;
      break;
    } else {
      return SCAN_NO; /* a newline, comment or anything else mid-header */
    }
    nlabels++;
  }
  if (depth == 0 && mls_span_eq(type, "module")) {
    if (nlabels != 1) {
      return SCAN_NO;
    }
    if (!push_call(s, label)) {
      return SCAN_NOMEM;
    }
    call = &s->calls[s->n - 1];
  }
  /* `{}` on the header line, or `{` ending it. */
  t = s->toks[s->next];
  if (t.type == TK_CBRACE) {
    s->next++;
  } else {
    t = next_sig(s);
    if (t.type != TK_NEWLINE) {
      return SCAN_NO; /* a one-line block: parsed differently */
    }
    if ((rc = body(s, depth + 1, call)) != SCAN_OK) {
      return rc;
    }
  }
  t = next_sig(s);
  return t.type == TK_NEWLINE || t.type == TK_EOF ? SCAN_OK : SCAN_NO;
}

/* The items of a body, one per line, up to its `}` (or EOF at the top
 * level, depth 0), which is left read. */
static int body(scan *s, unsigned depth, hcl_call_scan *call)
{
  for (;;) {
    hcl_tok t = next_sig(s), after;
    mls_span name;
    int rc;

    if (t.type == TK_NEWLINE) {
      continue;
    }
    if (t.type == TK_EOF) {
      return depth == 0 ? SCAN_OK : SCAN_NO;
    }
    if (t.type == TK_CBRACE) {
      return depth > 0 ? SCAN_OK : SCAN_NO;
    }
    if (t.type != TK_IDENT || depth > HCL_SCAN_MAX_DEPTH) {
      return SCAN_NO;
    }
    name = text_of(s, &t);
    after = s->toks[s->next];
    if (after.type == TK_EQUAL) {
      s->next++;
      if (depth == 0) {
        return SCAN_NO; /* a top-level attribute: not Terraform */
      }
      if (call && mls_span_eq(name, "source")) {
        mls_span v;
        if (call->has_source || s->toks[s->next].type != TK_OQUOTE) {
          return SCAN_NO;
        }
        s->next++;
        if (!plain_string(s, &v) || next_sig(s).type != TK_NEWLINE) {
          return SCAN_NO;
        }
        call->has_source = true;
        call->source = v;
        continue;
      }
      if (!skip_expression(s)) {
        return SCAN_NO;
      }
      continue;
    }
    if (after.type == TK_OQUOTE || after.type == TK_IDENT ||
        after.type == TK_OBRACE) {
      /* call points into s->calls, which a nested block never grows
       * (only top-level module blocks are recorded). */
      if ((rc = block(s, depth, name)) != SCAN_OK) {
        return rc;
      }
      continue;
    }
    return SCAN_NO;
  }
}

int hcl_scan_module_calls(hcl_call_scan **out, size_t *n, const char *src,
                          size_t len)
{
  mls_diag scratch = MLS_DIAG_INIT;
  mls_pos base = { 0, 1, 1 };
  hcl_lexed lx;
  scan s;
  int rc;

  *out = NULL;
  *n = 0;
  if (len > HCL_SCAN_MAX_BYTES || (len > 0 && memchr(src, '\0', len))) {
    return MLS_EINPUT;
  }
  rc = hcl__lex(&lx, src, len, false, base, &scratch);
  mls_diag_dispose(&scratch);
  if (rc == MLS_ENOMEM) {
    return rc;
  }
  if (rc < 0) {
    return MLS_EINPUT;
  }
  if (!nests(&lx)) {
    hcl__lexed_dispose(&lx);
    return MLS_EINPUT;
  }
  memset(&s, 0, sizeof(s));
  s.src = src;
  s.toks = lx.toks;
  s.ntoks = lx.ntoks;
  rc = body(&s, 0, NULL);
  hcl__lexed_dispose(&lx);
  if (rc != SCAN_OK) {
    mls_free(s.calls);
    return rc == SCAN_NOMEM ? MLS_ENOMEM : MLS_EINPUT;
  }
  *out = s.calls;
  *n = s.n;
  return MLS_OK;
}
