/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/yaml_fast.c -- the events of plain block YAML without
 * libyaml (yaml_fast.h says which subset, and why).
 *
 * A recursive reader of the indentation structure. Every node is read
 * with `indent`, the column of the block collection it belongs to
 * (libyaml's parser->indent; -1 for the document's node), and leaves the
 * cursor on the next content byte after it (past comments and blank
 * lines), or at the end. The rule that keeps it libyaml's: after a node,
 * the next content must stand at or left of `indent`. Anything right of it
 * would be a plain scalar's continuation or a syntax error to libyaml, and
 * is declined either way.
 *
 * Marks are libyaml's, counted in bytes: a scalar runs from its tag (or
 * its first byte) to after its last non-space byte or closing quote; an
 * empty value sits just after its ':'; a block mapping starts at its
 * first key (its tag when it has one) and ends its start event there; a
 * block sequence starts and ends its start event at its first '-', an
 * indentless one (a mapping's value at the mapping's column) ends it
 * after the '-'; a flow collection's events cover its bracket; a block
 * scalar runs from its indicator to the start of the first non-empty line
 * after it. Stream, document and block end marks are not read by yaml.c
 * and only approximated here.
 *
 * Bounded: recursion stops at MLS_YAML_FAST_MAX_DEPTH, input and events
 * at MLS_YAML_FAST_MAX_BYTES and _EVENTS, and the text buffer is sized
 * once, 2 * len + 16: a scalar or tag takes at most its source bytes and
 * a NUL, and an empty value (one NUL) needs a ':' of its own.
 */
#include "parsers/cfn/yaml_fast.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/utf8.h"

#include <stdint.h>
#include <string.h>

typedef enum fctx {
  CTX_DOC,       /* the document's node */
  CTX_MAP_VALUE, /* a block mapping's value */
  CTX_SEQ_ENTRY  /* a block sequence's entry */
} fctx;

typedef struct fp {
  const unsigned char *s; /* borrowed: the input */
  size_t len;             /* bytes in s */
  size_t pos;             /* cursor */
  size_t line;            /* line of the cursor, from 0 */
  size_t lstart;          /* byte offset of that line's start */
  unsigned depth;         /* nodes open around the cursor */
  cfn_yfast *out;         /* borrowed: where the events go */
} fp;

/* A tag read before a node: "!Name" in out->text, or none. */
typedef struct ftag {
  char *name;       /* NULL: no tag */
  yaml_mark_t mark; /* where the '!' is */
  yaml_mark_t end;  /* after its last byte */
} ftag;

/* A scalar read but not yet emitted (a key is known only at its ':'). */
typedef struct fscalar {
  char *value;               /* out->text, NUL-terminated */
  size_t length;             /* bytes in value */
  yaml_scalar_style_t style; /* plain, single or double quoted */
  yaml_mark_t start, end;
  size_t at; /* byte offset of its first byte */
} fscalar;

static bool block_node(fp *p, int indent, fctx ctx, bool same_line);
static bool node_body(fp *p, int indent, const ftag *t, fctx ctx,
                      bool same_line);
static bool seq_entry(fp *p, size_t col);

/* The mark of byte `pos` of the cursor's line. libyaml's marks count
 * characters; these count bytes, which is what yaml.c turns libyaml's
 * into (yaml_fast.h), so multi-byte text costs nothing here. */
static yaml_mark_t mark_at(const fp *p, size_t pos)
{
  yaml_mark_t m;
  m.index = pos;
  m.line = p->line;
  m.column = pos - p->lstart;
  return m;
}

static size_t column(const fp *p)
{
  return p->pos - p->lstart;
}

static bool at_end(const fp *p)
{
  return p->pos >= p->len;
}

/* A line break starts here: LF, or CR (text_ok() lets a CR stand only
 * before an LF, which libyaml reads as one break). */
static bool is_break(unsigned char c)
{
  return c == '\n' || c == '\r';
}

/* Past the line break at the cursor, to the next line's start. */
static void next_line(fp *p)
{
  p->pos += p->s[p->pos] == '\r' ? 2 : 1;
  p->line++;
  p->lstart = p->pos;
}

/* Whether byte i is a space, a line break or past the end. */
static bool blank_at(const fp *p, size_t i)
{
  return i >= p->len || p->s[i] == ' ' || is_break(p->s[i]);
}

static bool flow_indicator(unsigned char c)
{
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* A block sequence entry: '-' and a space, a line break or the end. */
static bool at_entry(const fp *p)
{
  return p->pos < p->len && p->s[p->pos] == '-' && blank_at(p, p->pos + 1);
}

static void skip_spaces(fp *p)
{
  while (p->pos < p->len && p->s[p->pos] == ' ') {
    p->pos++;
  }
}

static yaml_event_t *push(fp *p, yaml_event_type_t type, yaml_mark_t start,
                          yaml_mark_t end)
{
  cfn_yfast *f = p->out;
  yaml_event_t *e;

  if (f->n == MLS_YAML_FAST_MAX_EVENTS) {
    return NULL;
  }
  if (f->n == f->cap) {
    /* First sized from the input: templates run at about one event per
     * 16 bytes (the real corpus's 216 YAML files: 2.1 MB, 131k events), so
     * len / 12 seldom grows, and growing by doubling copied the array
     * over and over (12M instructions of a cold sweep of that corpus). */
    size_t ncap = f->cap ? 2 * f->cap : p->len / 12 + 64, bytes;
    yaml_event_t *g;
    if (ncap > MLS_YAML_FAST_MAX_EVENTS) {
      ncap = MLS_YAML_FAST_MAX_EVENTS;
    }
    if (!mls_mul_sz(&bytes, ncap, sizeof(*g)) ||
        !(g = mls_realloc(f->ev, bytes))) {
      return NULL;
    }
    f->ev = g;
    f->cap = ncap;
  }
  e = &f->ev[f->n++];
  /* The emitters set every field of their event's data. */
  e->type = type;
  e->start_mark = start;
  e->end_mark = end;
  return e;
}

/* out->text: a copy of n bytes and a NUL (never fails: see the bound). */
static char *text_put(fp *p, const unsigned char *src, size_t n)
{
  char *t = p->out->text + p->out->used;
  if (n) {
    memcpy(t, src, n);
  }
  t[n] = '\0';
  p->out->used += n + 1;
  return t;
}

/* To the next content byte: past spaces, comments (after a space or at a
 * line's start) and line breaks. False at a directive, or a '#' that
 * follows a token directly (libyaml would take it as a comment where YAML
 * does not), or at a document marker -- but for a "---" line when
 * `doc_start` (the stream's first content). */
static bool skip_to_content(fp *p, bool doc_start)
{
  for (;;) {
    skip_spaces(p);
    if (at_end(p)) {
      return true;
    }
    unsigned char c = p->s[p->pos];
    if (c == '#') {
      if (p->pos > p->lstart && p->s[p->pos - 1] != ' ') {
        return false;
      }
      while (p->pos < p->len && !is_break(p->s[p->pos])) {
        p->pos++;
      }
      continue;
    }
    if (is_break(c)) {
      next_line(p);
      continue;
    }
    if (p->pos == p->lstart &&
        (c == '%' || ((c == '-' || c == '.') && p->len - p->pos >= 3 &&
                      p->s[p->pos + 1] == c && p->s[p->pos + 2] == c &&
                      blank_at(p, p->pos + 3)))) {
      return doc_start && c == '-';
    }
    return true;
  }
}

static bool next_content(fp *p)
{
  return skip_to_content(p, false);
}

/* After a node that ended on its line: only spaces and a comment may
 * follow; then to the next content. */
static bool end_line(fp *p)
{
  skip_spaces(p);
  if (!at_end(p) && !is_break(p->s[p->pos]) && p->s[p->pos] != '#') {
    return false;
  }
  return next_content(p);
}

/* Bytes at which plain() looks closer: where a plain scalar may end. */
static const unsigned char stop_block[256] = {
  [' '] = 1, [':'] = 1, ['\n'] = 1, ['\r'] = 1
};
static const unsigned char stop_flow[256] = {
  [' '] = 1, [':'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1,
  ['['] = 1, [']'] = 1, ['{'] = 1,  ['}'] = 1
};

/* A one-line plain scalar at the cursor. */
static bool plain(fp *p, bool flow, fscalar *out)
{
  const unsigned char *stop = flow ? stop_flow : stop_block;
  size_t b = p->pos, i = b, e = b;
  unsigned char c = p->s[b];

  if (strchr("-?:,[]{}#&*!|>'\"%@`", c) || c == ' ' || is_break(c)) {
    /* Among the indicators only "-x", and in block context "?x" and
     * ":x", start a plain scalar (libyaml's rule). */
    if (blank_at(p, b + 1)) {
      return false;
    }
    bool dash = c == '-' && !(flow && flow_indicator(p->s[b + 1]));
    if (!(dash || (!flow && (c == '?' || c == ':')))) {
      return false;
    }
  }
  for (;;) {
    size_t run = i;
    while (i < p->len && !stop[p->s[i]]) {
      i++;
    }
    e = i > run ? i : e;
    if (i >= p->len) {
      break;
    }
    c = p->s[i];
    if (c == ':') {
      if (blank_at(p, i + 1)) {
        break;
      }
      if (flow && (flow_indicator(p->s[i + 1]) || p->s[i + 1] == '?')) {
        return false;
      }
      e = ++i;
    } else if (c == ' ') {
      while (i < p->len && p->s[i] == ' ') {
        i++;
      }
      if (i < p->len && p->s[i] == '#') {
        break; /* a comment */
      }
    } else {
      break; /* a line break, or a flow indicator in flow context */
    }
  }
  out->start = mark_at(p, b);
  out->end = mark_at(p, e);
  out->at = b;
  out->style = YAML_PLAIN_SCALAR_STYLE;
  out->length = e - b;
  out->value = text_put(p, p->s + b, e - b);
  p->pos = e;
  return true;
}

/* Source bytes of the escape that starts with "\\" and e. */
static size_t escape_len(unsigned char e)
{
  return e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
}

/* The backslash escape at s[i] of a double-quoted scalar, written to w as
 * libyaml decodes it: the bytes written (never more than the escape's
 * source bytes), or 0 for an escaped line break, \N \_ \L \P, a bad hex
 * digit, a surrogate, a code point past U+10FFFF or an unknown escape. */
static size_t escape(const fp *p, size_t i, char *w)
{
  static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\033 \040\"\"//\\\\";
  unsigned char e = i + 1 < p->len ? p->s[i + 1] : '\n';
  size_t n = escape_len(e) - 2;
  uint32_t v = 0;

  if (e != 'x' && e != 'u' && e != 'U') {
    for (size_t k = 0; k + 1 < sizeof(simple); k += 2) {
      if ((unsigned char)simple[k] == e) {
        *w = simple[k + 1];
        return 1;
      }
    }
    return 0;
  }
  if (p->len - i < n + 2) {
    return 0;
  }
  for (size_t k = 0; k < n; k++) {
    int h = mls_hexval(p->s[i + 2 + k]);
    if (h < 0) {
      return 0;
    }
    v = v << 4 | (uint32_t)h;
  }
  /* libyaml writes the code point as UTF-8, refusing what
   * mls_utf8_encode() refuses (surrogates, past U+10FFFF). */
  return mls_utf8_encode((unsigned char *)w, v);
}

/* A one-line quoted scalar at the cursor. */
static bool quoted(fp *p, fscalar *out)
{
  unsigned char q = p->s[p->pos];
  size_t i = p->pos + 1;
  char *t = p->out->text + p->out->used, *w = t;

  for (;;) {
    if (i >= p->len || is_break(p->s[i])) {
      return false;
    }
    unsigned char c = p->s[i];
    if (c == q) {
      if (q == '\'' && i + 1 < p->len && p->s[i + 1] == '\'') {
        *w++ = '\'';
        i += 2;
        continue;
      }
      i++;
      break;
    }
    if (q == '"' && c == '\\') {
      size_t n = escape(p, i, w);
      if (n == 0) {
        return false;
      }
      w += n;
      i += escape_len(p->s[i + 1]);
      continue;
    }
    *w++ = (char)c;
    i++;
  }
  *w = '\0';
  p->out->used += (size_t)(w - t) + 1;
  out->start = mark_at(p, p->pos);
  out->end = mark_at(p, i);
  out->at = p->pos;
  out->style = q == '\'' ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                         : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  out->value = t;
  out->length = (size_t)(w - t);
  p->pos = i;
  return true;
}

static bool scalar(fp *p, bool flow, fscalar *out)
{
  unsigned char c = p->s[p->pos];
  return c == '\'' || c == '"' ? quoted(p, out) : plain(p, flow, out);
}

/* "!Name" and a blank after it. */
static bool tag(fp *p, ftag *out)
{
  size_t i = p->pos + 1;
  while (i < p->len && ((p->s[i] >= 'A' && p->s[i] <= 'Z') ||
                        (p->s[i] >= 'a' && p->s[i] <= 'z') ||
                        (p->s[i] >= '0' && p->s[i] <= '9') || p->s[i] == '_' ||
                        p->s[i] == '-' || p->s[i] == ':' || p->s[i] == '.')) {
    i++;
  }
  if (i == p->pos + 1 || !blank_at(p, i)) {
    return false;
  }
  out->mark = mark_at(p, p->pos);
  out->end = mark_at(p, i);
  out->name = text_put(p, p->s + p->pos, i - p->pos);
  p->pos = i;
  return true;
}

static bool emit_scalar(fp *p, const fscalar *sc, const ftag *t)
{
  yaml_event_t *e =
      push(p, YAML_SCALAR_EVENT, t && t->name ? t->mark : sc->start, sc->end);
  if (!e) {
    return false;
  }
  e->data.scalar.anchor = NULL;
  e->data.scalar.value = (yaml_char_t *)sc->value;
  e->data.scalar.length = sc->length;
  e->data.scalar.style = sc->style;
  e->data.scalar.tag = t && t->name ? (yaml_char_t *)t->name : NULL;
  e->data.scalar.plain_implicit =
      !e->data.scalar.tag && sc->style == YAML_PLAIN_SCALAR_STYLE;
  e->data.scalar.quoted_implicit =
      !e->data.scalar.tag && sc->style != YAML_PLAIN_SCALAR_STYLE;
  return true;
}

/* An empty plain scalar at `m`: a value left out after its ':', or after
 * its tag t (it then spans the tag). */
static bool emit_empty(fp *p, yaml_mark_t m, const ftag *t)
{
  fscalar sc;
  sc.value = text_put(p, NULL, 0);
  sc.length = 0;
  sc.style = YAML_PLAIN_SCALAR_STYLE;
  sc.start = sc.end = m;
  sc.at = 0;
  return emit_scalar(p, &sc, t);
}

static bool emit_start(fp *p, bool seq, bool block, const ftag *t,
                       yaml_mark_t start, yaml_mark_t end)
{
  yaml_event_t *e =
      push(p, seq ? YAML_SEQUENCE_START_EVENT : YAML_MAPPING_START_EVENT,
           t->name ? t->mark : start, end);
  if (!e) {
    return false;
  }
  if (seq) {
    e->data.sequence_start.anchor = NULL;
    e->data.sequence_start.tag = (yaml_char_t *)t->name;
    e->data.sequence_start.implicit = t->name == NULL;
    e->data.sequence_start.style =
        block ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE;
  } else {
    e->data.mapping_start.anchor = NULL;
    e->data.mapping_start.tag = (yaml_char_t *)t->name;
    e->data.mapping_start.implicit = t->name == NULL;
    e->data.mapping_start.style =
        block ? YAML_BLOCK_MAPPING_STYLE : YAML_FLOW_MAPPING_STYLE;
  }
  return true;
}

static bool emit_end(fp *p, bool seq, yaml_mark_t start, yaml_mark_t end)
{
  return push(p, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, start,
              end) != NULL;
}

/* ---------------------------------------------------------------------- */
/* Block scalars.                                                          */

/* Spaces at the start of the line at the cursor, and whether the line
 * holds nothing else (LF or the end follows them). */
static size_t line_indent(const fp *p, bool *blank)
{
  size_t i = p->pos;
  while (i < p->len && p->s[i] == ' ') {
    i++;
  }
  *blank = i >= p->len || is_break(p->s[i]);
  return i - p->pos;
}

/* A literal (|) or folded (>) block scalar whose indicator is at the
 * cursor, in a collection at column `indent`: libyaml's value, without an
 * indentation indicator, leading empty lines or lines of spaces only.
 * Leaves the cursor at the start of the first non-empty line after it
 * (its end mark), or at the end. */
static bool block_scalar(fp *p, int indent, fscalar *out)
{
  bool literal = p->s[p->pos] == '|', blank, had_line = false;
  bool prev_blank = false, broke = false;
  int chomp = 0; /* -1 strip, 0 clip, 1 keep */
  size_t bi, trailing = 0;
  char *t = p->out->text + p->out->used, *w = t;

  out->start = mark_at(p, p->pos);
  out->at = p->pos;
  p->pos++;
  if (!at_end(p) && (p->s[p->pos] == '-' || p->s[p->pos] == '+')) {
    chomp = p->s[p->pos] == '-' ? -1 : 1;
    p->pos++;
  }
  if (!blank_at(p, p->pos)) {
    return false; /* an indentation indicator, or another byte */
  }
  skip_spaces(p);
  if (!at_end(p) && p->s[p->pos] == '#') {
    if (p->s[p->pos - 1] != ' ') {
      return false;
    }
    while (p->pos < p->len && !is_break(p->s[p->pos])) {
      p->pos++;
    }
  }
  if (at_end(p) || !is_break(p->s[p->pos])) {
    return false; /* more on the indicator's line */
  }
  next_line(p);
  bi = line_indent(p, &blank);
  if (blank || (int)bi <= indent || bi == 0) {
    return false; /* leading empty lines, or an empty scalar */
  }
  for (;;) {
    size_t k = line_indent(p, &blank);
    if (blank) {
      if (k > 0) {
        return false; /* a line of spaces: libyaml's */
      }
      if (at_end(p)) {
        break;
      }
      trailing++;
      next_line(p);
      continue;
    }
    if (k < bi) {
      break;
    }
    if (had_line) {
      /* libyaml folds a break between two lines that do not start with
       * a space into a space, or drops it before empty lines. */
      if (!literal && !prev_blank && k == bi) {
        if (trailing == 0) {
          *w++ = ' ';
        }
      } else {
        *w++ = '\n';
      }
    }
    for (; trailing > 0; trailing--) {
      *w++ = '\n';
    }
    prev_blank = k > bi;
    had_line = true;
    p->pos += bi;
    while (p->pos < p->len && !is_break(p->s[p->pos])) {
      *w++ = (char)p->s[p->pos++];
    }
    broke = !at_end(p);
    if (!broke) {
      break;
    }
    next_line(p);
  }
  if (chomp >= 0 && broke) {
    *w++ = '\n';
  }
  for (; chomp == 1 && trailing > 0; trailing--) {
    *w++ = '\n';
  }
  *w = '\0';
  p->out->used += (size_t)(w - t) + 1;
  out->end = mark_at(p, p->pos);
  out->style = literal ? YAML_LITERAL_SCALAR_STYLE : YAML_FOLDED_SCALAR_STYLE;
  out->value = t;
  out->length = (size_t)(w - t);
  return true;
}

/* ---------------------------------------------------------------------- */
/* Flow collections, on one line.                                          */

static bool flow_node(fp *p, const ftag *t);

/* A flow item: a collection or a scalar, perhaps tagged. */
static bool flow_item(fp *p)
{
  ftag t = { NULL, { 0, 0, 0 }, { 0, 0, 0 } };
  fscalar sc;

  if (at_end(p)) {
    return false;
  }
  if (p->s[p->pos] == '!') {
    if (!tag(p, &t)) {
      return false;
    }
    skip_spaces(p);
    if (at_end(p) || p->s[p->pos] == '!') {
      return false;
    }
  }
  if (p->s[p->pos] == '[' || p->s[p->pos] == '{') {
    return flow_node(p, &t);
  }
  return scalar(p, true, &sc) && emit_scalar(p, &sc, &t);
}

static bool flow_node(fp *p, const ftag *t)
{
  bool seq = p->s[p->pos] == '[';
  unsigned char close = seq ? ']' : '}';

  if (++p->depth > MLS_YAML_FAST_MAX_DEPTH ||
      !emit_start(p, seq, false, t, mark_at(p, p->pos),
                  mark_at(p, p->pos + 1))) {
    return false;
  }
  p->pos++;
  skip_spaces(p);
  if (!at_end(p) && p->s[p->pos] != close) {
    for (;;) {
      if (!seq) {
        fscalar key;
        if (at_end(p) || p->s[p->pos] == '!' || p->s[p->pos] == '[' ||
            p->s[p->pos] == '{' || !scalar(p, true, &key)) {
          return false;
        }
        skip_spaces(p);
        if (at_end(p) || p->s[p->pos] != ':' || !blank_at(p, p->pos + 1) ||
            !emit_scalar(p, &key, NULL)) {
          return false;
        }
        p->pos++;
        skip_spaces(p);
      }
      if (!flow_item(p)) {
        return false;
      }
      skip_spaces(p);
      if (at_end(p)) {
        return false;
      }
      if (p->s[p->pos] == ',') {
        p->pos++;
        skip_spaces(p);
        if (at_end(p) || p->s[p->pos] == close) {
          return false; /* a trailing comma */
        }
        continue;
      }
      if (p->s[p->pos] == close) {
        break;
      }
      return false;
    }
  }
  if (at_end(p) ||
      !emit_end(p, seq, mark_at(p, p->pos), mark_at(p, p->pos + 1))) {
    return false;
  }
  p->pos++;
  p->depth--;
  return true;
}

/* ---------------------------------------------------------------------- */
/* Block collections.                                                      */

/* A mapping's value that is a block sequence at the mapping's own column
 * (the cursor is on its first '-'). Leaves the cursor on the content
 * after it: the mapping's next key, or left of the column. */
static bool indentless_seq(fp *p, const ftag *t)
{
  size_t col = column(p);

  if (!emit_start(p, true, true, t, mark_at(p, p->pos),
                  mark_at(p, p->pos + 1))) {
    return false;
  }
  for (;;) {
    if (!seq_entry(p, col)) {
      return false;
    }
    if (at_end(p) || column(p) < col || !at_entry(p)) {
      break;
    }
  }
  return emit_end(p, true, mark_at(p, p->pos), mark_at(p, p->pos));
}

/* One entry of a block sequence at column col, from its '-' to the
 * content after it. */
static bool seq_entry(fp *p, size_t col)
{
  p->pos++; /* the '-' */
  skip_spaces(p);
  if (at_end(p) || is_break(p->s[p->pos]) || p->s[p->pos] == '#') {
    /* An empty entry is libyaml's. */
    return next_content(p) && !at_end(p) && column(p) > col &&
           block_node(p, (int)col, CTX_SEQ_ENTRY, false);
  }
  return block_node(p, (int)col, CTX_SEQ_ENTRY, true);
}

/* The block mapping whose first key, `first`, is read; the cursor is on
 * spaces before its ':'. Leaves the cursor on the content after it. */
static bool block_map(fp *p, const ftag *t, const fscalar *first)
{
  size_t col = first->at - p->lstart;
  fscalar key = *first;

  if (!emit_start(p, false, true, t, first->start, first->start)) {
    return false;
  }
  for (;;) {
    yaml_mark_t after;
    /* libyaml looks for a simple key's ':' within 1024 characters. */
    skip_spaces(p);
    if (at_end(p) || p->s[p->pos] != ':' || !blank_at(p, p->pos + 1) ||
        p->pos - key.at > 1000 || !emit_scalar(p, &key, NULL)) {
      return false;
    }
    p->pos++;
    after = mark_at(p, p->pos);
    skip_spaces(p);
    if (at_end(p) || is_break(p->s[p->pos]) || p->s[p->pos] == '#') {
      if (!next_content(p)) {
        return false;
      }
      if (!at_end(p) && column(p) > col) {
        if (!block_node(p, (int)col, CTX_MAP_VALUE, false)) {
          return false;
        }
      } else if (!at_end(p) && column(p) == col && at_entry(p)) {
        ftag none = { NULL, { 0, 0, 0 }, { 0, 0, 0 } };
        if (!indentless_seq(p, &none)) {
          return false;
        }
      } else if (!emit_empty(p, after, NULL)) {
        return false;
      }
    } else if (at_entry(p) || !block_node(p, (int)col, CTX_MAP_VALUE, true)) {
      return false;
    }
    /* The cursor is on the next content, if any. */
    if (at_end(p) || column(p) < col) {
      break;
    }
    if (column(p) > col || at_entry(p)) {
      return false;
    }
    if (p->s[p->pos] == '!' || p->s[p->pos] == '[' || p->s[p->pos] == '{' ||
        !scalar(p, false, &key)) {
      return false;
    }
  }
  return emit_end(p, false, mark_at(p, p->pos), mark_at(p, p->pos));
}

/* The block sequence whose first '-' is at the cursor, right of its
 * parent's column. Leaves the cursor on the content after it. */
static bool block_seq(fp *p, const ftag *t)
{
  size_t col = column(p);
  yaml_mark_t dash = mark_at(p, p->pos);

  if (!emit_start(p, true, true, t, dash, dash)) {
    return false;
  }
  for (;;) {
    if (!seq_entry(p, col)) {
      return false;
    }
    if (at_end(p) || column(p) < col) {
      break;
    }
    if (column(p) > col || !at_entry(p)) {
      return false;
    }
  }
  return emit_end(p, true, mark_at(p, p->pos), mark_at(p, p->pos));
}

/* The block node at the cursor (a content byte) in a collection at column
 * `indent`; `same_line`: after its key's ':' or its entry's '-'. */
static bool block_node(fp *p, int indent, fctx ctx, bool same_line)
{
  ftag t = { NULL, { 0, 0, 0 }, { 0, 0, 0 } };
  fscalar sc;

  if (++p->depth > MLS_YAML_FAST_MAX_DEPTH) {
    return false;
  }
  if (p->s[p->pos] == '!') {
    if (!tag(p, &t)) {
      return false;
    }
    skip_spaces(p);
    if (at_end(p) || is_break(p->s[p->pos]) || p->s[p->pos] == '#') {
      /* A tagged collection on the lines below, or an empty value. */
      if (!next_content(p)) {
        return false;
      }
      if (!at_end(p) && ctx == CTX_MAP_VALUE && (int)column(p) == indent &&
          at_entry(p)) {
        if (!indentless_seq(p, &t)) {
          return false;
        }
      } else if (at_end(p) || (int)column(p) <= indent) {
        if (!emit_empty(p, t.end, &t)) {
          return false;
        }
      } else if (at_entry(p)) {
        if (!block_seq(p, &t)) {
          return false;
        }
      } else if (p->s[p->pos] == '!' || p->s[p->pos] == '[' ||
                 p->s[p->pos] == '{' || !scalar(p, false, &sc)) {
        return false;
      } else {
        skip_spaces(p);
        if (at_end(p) || p->s[p->pos] != ':' || !blank_at(p, p->pos + 1) ||
            !block_map(p, &t, &sc)) {
          return false; /* a tagged scalar on its own line */
        }
      }
    } else if (p->s[p->pos] == '!' || at_entry(p)) {
      return false;
    } else if (!node_body(p, indent, &t, ctx, true)) {
      return false;
    }
  } else if (!node_body(p, indent, &t, ctx, same_line)) {
    return false;
  }
  /* The next content may not stand right of the collection's column. */
  if (!at_end(p) && (int)column(p) > indent) {
    return false;
  }
  p->depth--;
  return true;
}

/* A node whose first byte is at the cursor (no tag left to read): a flow
 * collection, a block sequence, a block mapping or a scalar. */
static bool node_body(fp *p, int indent, const ftag *t, fctx ctx,
                      bool same_line)
{
  fscalar sc;

  if (p->s[p->pos] == '[' || p->s[p->pos] == '{') {
    return flow_node(p, t) && end_line(p);
  }
  if (p->s[p->pos] == '|' || p->s[p->pos] == '>') {
    return same_line && block_scalar(p, indent, &sc) &&
           emit_scalar(p, &sc, t) && next_content(p);
  }
  if (at_entry(p)) {
    /* "- - x" nests a sequence; "k: - x" is an error. */
    return (!same_line || ctx == CTX_SEQ_ENTRY) && block_seq(p, t);
  }
  if (!scalar(p, false, &sc)) {
    return false;
  }
  size_t after = p->pos;
  skip_spaces(p);
  if (!at_end(p) && p->s[p->pos] == ':' && blank_at(p, p->pos + 1)) {
    /* A key: the node is a block mapping at its column. */
    if (t->name || (ctx == CTX_MAP_VALUE && same_line)) {
      return false;
    }
    p->pos = after;
    return block_map(p, t, &sc);
  }
  return emit_scalar(p, &sc, t) && end_line(p);
}

/* ---------------------------------------------------------------------- */

/* Bytes of the character at s[i] when it is valid UTF-8 above ASCII that
 * libyaml reads as an ordinary printable character; 0 for anything else:
 * bad, overlong or cut sequences, surrogates (mls_utf8_decode() refuses
 * those), C1 controls (NEL among them), the line separators LS and PS,
 * the BOM, U+FFFE and U+FFFF. */
static size_t utf8_ok(const unsigned char *s, size_t i, size_t len)
{
  uint32_t cp;
  size_t n = mls_utf8_decode(&cp, s + i, s + len);

  if (n == 0 || cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
      cp == 0xFFFE || cp == 0xFFFF) {
    return 0;
  }
  return n;
}

/* Only printable ASCII, LF, CR before LF and utf8_ok() characters. Eight
 * ASCII bytes at a time while none is below 0x20 (the usual "has less"
 * test, exact for bytes under 0x80) or above 0x7E (adding 1 carries none
 * of them into bit 7). */
static bool text_ok(const unsigned char *s, size_t len)
{
  const uint64_t ones = UINT64_C(0x0101010101010101);
  const uint64_t highs = UINT64_C(0x8080808080808080);
  size_t i = 0;

  while (i < len) {
    if (len - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (((w | (w + ones)) & highs) == 0) {
        if (((w - 0x20 * ones) & ~w & highs) != 0) {
          for (size_t k = i; k < i + 8; k++) {
            if (s[k] < 0x20 && s[k] != '\n' &&
                !(s[k] == '\r' && k + 1 < len && s[k + 1] == '\n')) {
              return false;
            }
          }
        }
        i += 8;
        continue;
      }
    }
    if (s[i] >= 0x80) {
      size_t n = utf8_ok(s, i, len);
      if (n == 0) {
        return false;
      }
      i += n;
    } else if ((s[i] < 0x20 && s[i] != '\n' &&
                !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) ||
               s[i] == 0x7F) {
      return false;
    } else {
      i++;
    }
  }
  return true;
}

static bool read_stream(fp *p)
{
  yaml_mark_t zero = { 0, 0, 0 };

  if (!push(p, YAML_STREAM_START_EVENT, zero, zero)) {
    return false;
  }
  /* Blank and comment lines, then perhaps one "---" line. */
  if (!skip_to_content(p, true) || at_end(p)) {
    return false; /* no document is libyaml's too */
  }
  if (p->pos == p->lstart && p->len - p->pos >= 3 &&
      memcmp(p->s + p->pos, "---", 3) == 0 && blank_at(p, p->pos + 3)) {
    p->pos += 3;
    if (!end_line(p)) {
      return false;
    }
  }
  if (at_end(p) ||
      !push(p, YAML_DOCUMENT_START_EVENT, mark_at(p, p->pos),
            mark_at(p, p->pos)) ||
      !block_node(p, -1, CTX_DOC, false) || !at_end(p)) {
    return false;
  }
  return push(p, YAML_DOCUMENT_END_EVENT, mark_at(p, p->pos),
              mark_at(p, p->pos)) &&
         push(p, YAML_STREAM_END_EVENT, mark_at(p, p->pos), mark_at(p, p->pos));
}

bool cfn__yaml_fast(cfn_yfast *out, const unsigned char *src, size_t len)
{
  fp p;

  memset(out, 0, sizeof(*out));
  memset(&p, 0, sizeof(p));
  if (len == 0 || len > MLS_YAML_FAST_MAX_BYTES || !text_ok(src, len) ||
      !(out->text = mls_malloc(2 * len + 16))) {
    return false;
  }
  out->size = 2 * len + 16;
  p.s = src;
  p.len = len;
  p.out = out;
  if (!read_stream(&p)) {
    cfn__yaml_fast_dispose(out);
    return false;
  }
  return true;
}

void cfn__yaml_fast_dispose(cfn_yfast *f)
{
  mls_free(f->ev);
  mls_free(f->text);
  memset(f, 0, sizeof(*f));
}
