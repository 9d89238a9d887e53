/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/regex_end.c -- the ends of the strings an anchored pattern
 * matches, as a pattern of its own.
 *
 * Stage: rules. An unknown string whose end is known ("${repo_url}:latest")
 * is tested against `@sha256:[0-9a-f]{64}$` by asking whether any string
 * with that end can match. A match must end where the string ends; either
 * it lies inside the known end (regexec on the end says so), or it starts
 * in the unknown part, and then the known end is an end of some string the
 * pattern matches whole. For a pattern R$ that set is the language of
 * Suf(R), built on R's syntax:
 *
 *   Suf(atom)        = (atom)?
 *   Suf(A1 A2 .. Ak) = Suf(A1) A2 .. Ak | Suf(A2) A3 .. Ak | .. | Suf(Ak)
 *   Suf(B1 | .. | Bm) = Suf(B1) | .. | Suf(Bm)
 *   Suf(A{m,n})      = Suf(A) (A){0,n-1}    (A* and A+: Suf(A) (A)*)
 *
 * A leading ^ changes nothing: the unknown part is anything. Patterns this
 * does not cover (a ^ or $ elsewhere, an alternation around the $,
 * back-references, GNU's word assertions, a repetition of a repetition,
 * more than REGEX_END_MAX_REPS of them, a pattern of more than
 * REGEX_END_MAX_PATTERN bytes) give no pattern, and the caller stays
 * undecided: what glibc's regcomp would make of Suf() of the first kinds
 * takes it time exponential in their number.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Longer patterns are left alone: Suf() grows with the square of a
 * branch's atoms, and the library's long patterns are alternations of
 * action names tested on known strings. */
#define REGEX_END_MAX_PATTERN 256
/* Bytes of the pattern built, at most. */
#define REGEX_END_MAX_OUT 4096
/* Group nesting, at most. */
#define REGEX_END_MAX_DEPTH 16
/* Repetitions in the pattern, at most. */
#define REGEX_END_MAX_REPS 16

typedef enum { N_ATOM, N_CAT, N_ALT, N_REP } node_kind;

typedef struct node node;
struct node {
  node_kind kind;
  const char *text; /* N_ATOM: its bytes in the pattern */
  size_t len;
  node **kids; /* N_CAT, N_ALT: the parts; N_REP: one */
  size_t n;
  size_t cap;
  unsigned min, max; /* N_REP; max NO_BOUND: no bound */
};

typedef struct parser {
  const char *p, *end;
  node **all; /* every node, for freeing */
  size_t nall, capall;
  unsigned nrep; /* repetitions so far */
  bool bad;
} parser;

#define NO_BOUND 0xffffffffu

static node *new_node(parser *ps, node_kind k)
{
  node *nd;
  if (ps->nall == ps->capall) {
    size_t cap = ps->capall ? ps->capall * 2 : 32;
    node **v = mls_realloc(ps->all, cap * sizeof(*v));
    if (!v) {
      ps->bad = true;
      return NULL;
    }
    ps->all = v;
    ps->capall = cap;
  }
  if (!(nd = mls_calloc(1, sizeof(*nd)))) {
    ps->bad = true;
    return NULL;
  }
  nd->kind = k;
  ps->all[ps->nall++] = nd;
  return nd;
}

static bool add_kid(parser *ps, node *to, node *kid)
{
  if (to->n == to->cap) {
    size_t cap = to->cap ? to->cap * 2 : 4;
    node **v = mls_realloc(to->kids, cap * sizeof(*v));
    if (!v) {
      ps->bad = true;
      return false;
    }
    to->kids = v;
    to->cap = cap;
  }
  to->kids[to->n++] = kid;
  return true;
}

static void free_nodes(parser *ps)
{
  for (size_t i = 0; i < ps->nall; i++) {
    mls_free(ps->all[i]->kids);
    mls_free(ps->all[i]);
  }
  mls_free(ps->all);
}

/* A bracket expression starting at ps->p ('['): its length, 0 if it does
 * not close. */
static size_t bracket_len(const parser *ps)
{
  const char *q = ps->p + 1;
  if (q < ps->end && *q == '^') {
    q++;
  }
  if (q < ps->end && *q == ']') {
    q++; /* a leading ] is a member */
  }
  while (q < ps->end && *q != ']') {
    if (*q == '[' && q + 1 < ps->end && strchr(":=.", q[1])) {
      char close = q[1];
      q += 2;
      while (q + 1 < ps->end && !(q[0] == close && q[1] == ']')) {
        q++;
      }
      if (q + 1 >= ps->end) {
        return 0;
      }
      q += 2;
      continue;
    }
    q++;
  }
  return q < ps->end ? (size_t)(q + 1 - ps->p) : 0;
}

static unsigned read_num(parser *ps, bool *ok)
{
  unsigned v = 0;
  *ok = false;
  while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
    v = v * 10 + (unsigned)(*ps->p - '0');
    if (v > 1000) {
      ps->bad = true; /* past anything a rule writes */
      return 0;
    }
    ps->p++;
    *ok = true;
  }
  return v;
}

static node *parse_alt(parser *ps, int depth);

/* Whether nd holds a repetition. */
static bool has_rep(const node *nd)
{
  if (nd->kind == N_REP) {
    return true;
  }
  for (size_t i = 0; i < nd->n; i++) {
    if (has_rep(nd->kids[i])) {
      return true;
    }
  }
  return false;
}

/* One atom and its quantifiers, or NULL at a branch's end. */
static node *parse_piece(parser *ps, int depth)
{
  node *a = NULL;
  char ch;
  if (ps->p >= ps->end || ps->bad) {
    return NULL;
  }
  ch = *ps->p;
  if (ch == '|' || ch == ')') {
    return NULL;
  }
  if (ch == '(') {
    ps->p++;
    if (!(a = parse_alt(ps, depth + 1)) || ps->p >= ps->end || *ps->p != ')') {
      ps->bad = true;
      return NULL;
    }
    ps->p++;
  } else if (ch == '[') {
    size_t n = bracket_len(ps);
    if (n == 0 || !(a = new_node(ps, N_ATOM))) {
      ps->bad = true;
      return NULL;
    }
    a->text = ps->p;
    a->len = n;
    ps->p += n;
  } else if (ch == '\\') {
    if (ps->p + 1 >= ps->end || (ps->p[1] >= '1' && ps->p[1] <= '9') ||
        strchr("bB<>`'", ps->p[1]) || !(a = new_node(ps, N_ATOM))) {
      ps->bad = true; /* back-references and assertions are not covered */
      return NULL;
    }
    a->text = ps->p;
    a->len = 2;
    ps->p += 2;
  } else if (strchr("*+?{^$", ch)) {
    ps->bad = true; /* a quantifier with nothing before it, an anchor */
    return NULL;
  } else {
    if (!(a = new_node(ps, N_ATOM))) {
      return NULL;
    }
    a->text = ps->p;
    a->len = 1;
    ps->p++;
  }
  while (ps->p < ps->end && strchr("*+?{", *ps->p)) {
    node *r;
    bool ok, ok2;
    /* Stacked quantifiers (a**), a repetition inside a repetition, and
     * many of them are left alone: glibc's regcomp takes exponential time
     * over what Suf() makes of them. */
    if (a->kind == N_REP || has_rep(a) || ++ps->nrep > REGEX_END_MAX_REPS) {
      ps->bad = true;
      return NULL;
    }
    if (!(r = new_node(ps, N_REP)) || !add_kid(ps, r, a)) {
      return NULL;
    }
    switch (*ps->p++) {
    case '*':
      r->min = 0;
      r->max = NO_BOUND;
      break;
    case '+':
      r->min = 1;
      r->max = NO_BOUND;
      break;
    case '?':
      r->min = 0;
      r->max = 1;
      break;
    default:
      r->min = read_num(ps, &ok);
      r->max = r->min;
      if (ok && ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        r->max = read_num(ps, &ok2);
        if (!ok2) {
          r->max = NO_BOUND;
        }
      }
      if (!ok || ps->p >= ps->end || *ps->p != '}' || r->max < r->min) {
        ps->bad = true;
        return NULL;
      }
      ps->p++;
      break;
    }
    a = r;
  }
  return a;
}

static node *parse_cat(parser *ps, int depth)
{
  node *c = new_node(ps, N_CAT), *a;
  if (!c) {
    return NULL;
  }
  while ((a = parse_piece(ps, depth)) != NULL) {
    if (!add_kid(ps, c, a)) {
      return NULL;
    }
  }
  return ps->bad ? NULL : c;
}

static node *parse_alt(parser *ps, int depth)
{
  node *alt, *c;
  if (depth > REGEX_END_MAX_DEPTH || !(alt = new_node(ps, N_ALT))) {
    ps->bad = true;
    return NULL;
  }
  for (;;) {
    if (!(c = parse_cat(ps, depth)) || !add_kid(ps, alt, c)) {
      return NULL;
    }
    if (ps->p < ps->end && *ps->p == '|') {
      ps->p++;
      continue;
    }
    return alt;
  }
}

/* The pattern being built; `bad` once it outgrew its bound. */
typedef struct out {
  mls_buf b;
  bool bad;
} out;

static void put(out *o, const char *s, size_t n)
{
  if (!o->bad && mls_buf_put(&o->b, s, n) < 0) {
    o->bad = true;
  }
}

static void puts_(out *o, const char *s)
{
  put(o, s, strlen(s));
}

/* An alternation's branches, each written by f, in parentheses. */
static void alt(out *b, const node *nd, void (*f)(out *, const node *))
{
  puts_(b, "(");
  for (size_t i = 0; i < nd->n; i++) {
    if (i) {
      puts_(b, "|");
    }
    f(b, nd->kids[i]);
  }
  puts_(b, ")");
}

/* The node as written, in parentheses where a quantifier would bind. */
static void emit(out *b, const node *nd)
{
  switch (nd->kind) {
  case N_ATOM:
    put(b, nd->text, nd->len);
    break;
  case N_CAT:
    for (size_t i = 0; i < nd->n; i++) {
      emit(b, nd->kids[i]);
    }
    break;
  case N_ALT:
    alt(b, nd, emit);
    break;
  case N_REP: {
    char q[32];
    puts_(b, "(");
    emit(b, nd->kids[0]);
    if (nd->max == NO_BOUND) {
      snprintf(q, sizeof(q), "){%u,}", nd->min);
    } else {
      snprintf(q, sizeof(q), "){%u,%u}", nd->min, nd->max);
    }
    puts_(b, q);
    break;
  }
  }
}

/* Suf(nd): every end of every string nd matches (the empty one too). */
static void suf(out *b, const node *nd)
{
  switch (nd->kind) {
  case N_ATOM:
    puts_(b, "(");
    put(b, nd->text, nd->len);
    puts_(b, ")?");
    break;
  case N_CAT:
    puts_(b, "(");
    if (nd->n == 0) {
      puts_(b, "()");
    }
    for (size_t i = 0; i < nd->n; i++) {
      if (i) {
        puts_(b, "|");
      }
      suf(b, nd->kids[i]);
      for (size_t j = i + 1; j < nd->n; j++) {
        emit(b, nd->kids[j]);
      }
    }
    puts_(b, ")");
    break;
  case N_ALT:
    alt(b, nd, suf);
    break;
  case N_REP: {
    char q[32];
    if (nd->max == 0) {
      puts_(b, "()");
      break;
    }
    puts_(b, "(");
    suf(b, nd->kids[0]);
    if (nd->max == NO_BOUND || nd->max > 1) {
      puts_(b, "(");
      emit(b, nd->kids[0]);
      if (nd->max == NO_BOUND) {
        snprintf(q, sizeof(q), ")*");
      } else {
        snprintf(q, sizeof(q), "){0,%u}", nd->max - 1);
      }
      puts_(b, q);
    }
    puts_(b, ")");
    break;
  }
  }
}

int rule__regex_end_pattern(const char *pattern, size_t len, char **result)
{
  parser ps;
  node *root;
  out o = { MLS_BUF_INIT(REGEX_END_MAX_OUT), false };
  int rc = MLS_OK;

  *result = NULL;
  if (len < 2 || len > REGEX_END_MAX_PATTERN || pattern[len - 1] != '$' ||
      pattern[len - 2] == '\\') {
    return MLS_OK;
  }
  memset(&ps, 0, sizeof(ps));
  ps.p = pattern[0] == '^' ? pattern + 1 : pattern;
  ps.end = pattern + len - 1; /* before the $ */
  root = parse_alt(&ps, 0);
  /* One branch at the top: "a|b$" anchors only b. */
  if (root && !ps.bad && ps.p == ps.end && root->n == 1) {
    puts_(&o, "^");
    suf(&o, root->kids[0]);
    puts_(&o, "$");
    if (!o.bad && !(*result = mls_strndup(o.b.ptr, o.b.len))) {
      rc = MLS_ENOMEM;
    }
  }
  /* Otherwise not covered (or out of memory while parsing): no pattern,
   * and the caller stays undecided either way. */
  mls_buf_dispose(&o.b);
  free_nodes(&ps);
  return rc;
}
