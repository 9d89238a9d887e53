/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/regex_shape.c -- whether a pattern matches every string of a
 * shape, or none.
 *
 * Stage: rules. A value known but for an AWS account id and region
 * ("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/llm") is a set
 * of strings: literal bytes and runs of bytes from a class (12 digits; a
 * region's letters, digits and hyphens). A rule's regex decides it when
 * every string of the set contains a match, or none does.
 *
 * The pattern (POSIX ERE, as regcomp reads it with REG_EXTENDED) is
 * compiled into a Thompson NFA, and the NFA is run over the shape with a
 * set of states, as a search (a thread starts at every position):
 *
 *   every string matches when one path matches them all: a transition is
 *   taken on a run's byte only when its class holds every byte the run
 *   may hold, and a run of variable length is followed at each length
 *   (each distinct state set once);
 *
 *   no string matches when no path matches any: a transition is taken
 *   when its class holds some byte the run may hold, over every length.
 *
 * Both are sound whatever the pattern (but for glibc's anchors next to a
 * line break: a shape holding one is undecided when the pattern has an
 * anchor); neither is complete, and the answer is then "undecided".
 * Patterns outside the subset compiled here
 * (back-references, GNU's \w, \b and friends, collating elements) are
 * undecided too, as are patterns and shapes past the bounds below.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define SHAPE_MAX_PATTERN 1024 /* bytes of pattern */
#define SHAPE_MAX_NODES   512  /* parse nodes */
#define SHAPE_MAX_STATES  1024 /* NFA states, repetitions unrolled */
#define SHAPE_MAX_DEPTH   32   /* group nesting */
#define SHAPE_MAX_COUNT   64   /* the largest {m,n} bound unrolled */
#define SHAPE_MAX_SETS    64   /* distinct state sets followed in one run */
#define SHAPE_MAX_WORK    4096 /* branches of the every-string search */

#define WORDS    (SHAPE_MAX_STATES / 64)
#define NO_BOUND 0xffffffffu

typedef struct bset {
  uint64_t w[WORDS];
} bset;

/* ---- the pattern ------------------------------------------------------- */

typedef enum { P_SET, P_BOL, P_EOL, P_EMPTY, P_CAT, P_ALT, P_REP } pkind;

typedef struct pnode {
  pkind kind;
  uint16_t set;      /* P_SET: index into the class table */
  uint16_t a, b;     /* P_CAT, P_ALT: the two parts; P_REP: a */
  unsigned min, max; /* P_REP */
} pnode;

typedef struct byteset {
  uint8_t m[32];
} byteset;

typedef struct parser {
  const char *p, *end;
  bool icase;
  pnode nodes[SHAPE_MAX_NODES];
  unsigned nnodes;
  byteset *sets;
  unsigned nsets, capsets;
  bool anchors; /* the pattern has a ^ or a $ */
  bool bad;
} parser;

static bool bs_has(const byteset *s, unsigned c)
{
  return (s->m[c >> 3] >> (c & 7)) & 1;
}

static void bs_add(byteset *s, unsigned c)
{
  s->m[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static int node(parser *ps, pkind k)
{
  if (ps->nnodes >= SHAPE_MAX_NODES) {
    ps->bad = true;
    return -1;
  }
  memset(&ps->nodes[ps->nnodes], 0, sizeof(pnode));
  ps->nodes[ps->nnodes].kind = k;
  return (int)ps->nnodes++;
}

/* A new class, empty; -1 when out of room. */
static int new_set(parser *ps)
{
  if (ps->nsets == ps->capsets) {
    unsigned cap = ps->capsets ? ps->capsets * 2 : 16;
    byteset *v;
    if (cap > 0xffff || !(v = mls_realloc(ps->sets, cap * sizeof(*v)))) {
      ps->bad = true;
      return -1;
    }
    ps->sets = v;
    ps->capsets = cap;
  }
  memset(&ps->sets[ps->nsets], 0, sizeof(byteset));
  return (int)ps->nsets++;
}

static void fold(parser *ps, byteset *s)
{
  if (!ps->icase) {
    return;
  }
  for (unsigned c = 'a'; c <= 'z'; c++) {
    unsigned u = c - 'a' + 'A';
    if (bs_has(s, c) || bs_has(s, u)) {
      bs_add(s, c);
      bs_add(s, u);
    }
  }
}

static int set_node(parser *ps, int set)
{
  int n = set < 0 ? -1 : node(ps, P_SET);
  if (n >= 0) {
    fold(ps, &ps->sets[set]);
    ps->nodes[n].set = (uint16_t)set;
  }
  return n;
}

/* Membership of byte c (< 128, the C locale) in [:name:]. */
static bool class_is(int k, unsigned char c)
{
  bool print = c >= 0x20 && c < 0x7f;
  switch (k) {
  case 0:
    return mls_isalpha(c);
  case 1:
    return mls_isdigit(c);
  case 2:
    return mls_isalnum(c);
  case 3:
    return mls_isupper(c);
  case 4:
    return mls_islower(c);
  case 5:
    return c == ' ' || (c >= '\t' && c <= '\r');
  case 6:
    return print && c != ' ' && !mls_isalnum(c);
  case 7:
    return mls_isxdigit(c);
  case 8:
    return print;
  case 9:
    return print && c != ' ';
  case 10:
    return c < 0x20 || c == 0x7f;
  case 11:
    return c == ' ' || c == '\t';
  default:
    return false;
  }
}

/* The index of [:name:] for class_is(), or -1 when not a class. */
static int class_index(const char *name, size_t len)
{
  static const char *const names[] = { "alpha", "digit", "alnum", "upper",
                                       "lower", "space", "punct", "xdigit",
                                       "print", "graph", "cntrl", "blank" };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* A bracket expression at ps->p ('['), in the C locale. Bytes of 128 and
 * up are members only when named or in a range (as glibc's C locale). */
static int bracket(parser *ps)
{
  int set = new_set(ps);
  byteset *s;
  bool neg = false, first = true;
  if (set < 0) {
    return -1;
  }
  s = &ps->sets[set];
  ps->p++;
  if (ps->p < ps->end && *ps->p == '^') {
    neg = true;
    ps->p++;
  }
  for (;;) {
    unsigned lo, hi;
    if (ps->p >= ps->end) {
      ps->bad = true;
      return -1;
    }
    if (*ps->p == ']' && !first) {
      ps->p++;
      break;
    }
    first = false;
    if (*ps->p == '[' && ps->p + 1 < ps->end &&
        (ps->p[1] == ':' || ps->p[1] == '=' || ps->p[1] == '.')) {
      const char *name = ps->p + 2, *q = name;
      if (ps->p[1] != ':') {
        ps->bad = true; /* equivalence classes, collating elements */
        return -1;
      }
      while (q + 1 < ps->end && !(q[0] == ':' && q[1] == ']')) {
        q++;
      }
      int k = q + 1 < ps->end ? class_index(name, (size_t)(q - name)) : -1;
      if (k < 0) {
        ps->bad = true;
        return -1;
      }
      for (unsigned c = 1; c < 128; c++) {
        if (class_is(k, (unsigned char)c)) {
          bs_add(s, c);
        }
      }
      ps->p = q + 2;
      continue;
    }
    lo = (unsigned char)*ps->p++;
    hi = lo;
    if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
      hi = (unsigned char)ps->p[1];
      if (ps->p[1] == '[' || hi < lo) {
        ps->bad = true;
        return -1;
      }
      ps->p += 2;
    }
    for (unsigned c = lo; c <= hi; c++) {
      bs_add(s, c);
    }
  }
  fold(ps, s);
  if (neg) {
    for (unsigned i = 0; i < 32; i++) {
      s->m[i] = (uint8_t)~s->m[i];
    }
  }
  s->m[0] &= (uint8_t)~1u; /* no string holds a NUL */
  return set_node(ps, set);
}

static int one_byte(parser *ps, unsigned c)
{
  int set = new_set(ps);
  if (set < 0) {
    return -1;
  }
  bs_add(&ps->sets[set], c);
  return set_node(ps, set);
}

static int any_byte(parser *ps)
{
  int set = new_set(ps);
  if (set < 0) {
    return -1;
  }
  memset(ps->sets[set].m, 0xff, 32);
  ps->sets[set].m[0] &= (uint8_t)~1u;
  return set_node(ps, set);
}

static int pair(parser *ps, pkind k, int a, int b)
{
  int n;
  if (a < 0 || b < 0 || (n = node(ps, k)) < 0) {
    ps->bad = true;
    return -1;
  }
  ps->nodes[n].a = (uint16_t)a;
  ps->nodes[n].b = (uint16_t)b;
  return n;
}

static int parse_alt(parser *ps, int depth);

static unsigned number(parser *ps, bool *ok)
{
  unsigned v = 0;
  *ok = false;
  while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
    v = v * 10 + (unsigned)(*ps->p++ - '0');
    if (v > 255) {
      ps->bad = true; /* RE_DUP_MAX is 255 */
      return 0;
    }
    *ok = true;
  }
  return v;
}

/* An atom with its quantifiers; -2 at the end of a branch. */
static int parse_piece(parser *ps, int depth)
{
  int a;
  char ch;
  if (ps->p >= ps->end || *ps->p == '|' || *ps->p == ')') {
    return -2;
  }
  ch = *ps->p;
  if (ch == '(') {
    ps->p++;
    if (ps->p < ps->end && *ps->p == ')') {
      ps->bad = true; /* () is an error to regcomp */
      return -1;
    }
    a = parse_alt(ps, depth + 1);
    if (a < 0 || ps->p >= ps->end || *ps->p != ')') {
      ps->bad = true;
      return -1;
    }
    ps->p++;
  } else if (ch == '[') {
    a = bracket(ps);
  } else if (ch == '.') {
    ps->p++;
    a = any_byte(ps);
  } else if (ch == '^') {
    ps->p++;
    ps->anchors = true;
    a = node(ps, P_BOL);
  } else if (ch == '$') {
    ps->p++;
    ps->anchors = true;
    a = node(ps, P_EOL);
  } else if (ch == '\\') {
    if (ps->p + 1 >= ps->end || !strchr(".[]{}()*+?|^$\\/-", ps->p[1])) {
      ps->bad = true; /* back-references, GNU's \w \b \< ... */
      return -1;
    }
    a = one_byte(ps, (unsigned char)ps->p[1]);
    ps->p += 2;
  } else if (strchr("*+?{", ch)) {
    ps->bad = true; /* nothing to repeat */
    return -1;
  } else {
    ps->p++;
    a = one_byte(ps, (unsigned char)ch);
  }
  while (a >= 0 && ps->p < ps->end && strchr("*+?{", *ps->p)) {
    unsigned min, max;
    bool ok, ok2;
    int r;
    switch (*ps->p++) {
    case '*':
      min = 0;
      max = NO_BOUND;
      break;
    case '+':
      min = 1;
      max = NO_BOUND;
      break;
    case '?':
      min = 0;
      max = 1;
      break;
    default:
      min = number(ps, &ok);
      max = min;
      if (ok && ps->p < ps->end && *ps->p == ',') {
        ps->p++;
        max = number(ps, &ok2);
        if (!ok2) {
          max = NO_BOUND;
        }
      }
      if (!ok || ps->p >= ps->end || *ps->p != '}' || max < min) {
        ps->bad = true;
        return -1;
      }
      ps->p++;
      break;
    }
    if (min > SHAPE_MAX_COUNT || (max != NO_BOUND && max > SHAPE_MAX_COUNT) ||
        (r = node(ps, P_REP)) < 0) {
      ps->bad = true;
      return -1;
    }
    ps->nodes[r].a = (uint16_t)a;
    ps->nodes[r].min = min;
    ps->nodes[r].max = max;
    a = r;
  }
  return a;
}

static int parse_cat(parser *ps, int depth)
{
  int acc = -1, a;
  while ((a = parse_piece(ps, depth)) >= 0) {
    acc = acc < 0 ? a : pair(ps, P_CAT, acc, a);
  }
  if (a == -1 || ps->bad) {
    ps->bad = true;
    return -1;
  }
  return acc >= 0 ? acc : node(ps, P_EMPTY);
}

static int parse_alt(parser *ps, int depth)
{
  int acc;
  if (depth > SHAPE_MAX_DEPTH) {
    ps->bad = true;
    return -1;
  }
  acc = parse_cat(ps, depth);
  while (acc >= 0 && ps->p < ps->end && *ps->p == '|') {
    ps->p++;
    acc = pair(ps, P_ALT, acc, parse_cat(ps, depth));
  }
  return acc;
}

/* ---- the NFA ----------------------------------------------------------- */

typedef enum { S_SET, S_SPLIT, S_BOL, S_EOL, S_MATCH } skind;

typedef struct nstate {
  uint8_t kind;
  uint16_t set; /* S_SET */
  int out, out1;
} nstate;

typedef struct nfa {
  nstate st[SHAPE_MAX_STATES];
  int n;
  int start;
  const byteset *sets;
  bool bad;
} nfa;

static int state(nfa *a, skind k, int out, int out1)
{
  if (a->n >= SHAPE_MAX_STATES) {
    a->bad = true;
    return 0;
  }
  a->st[a->n].kind = (uint8_t)k;
  a->st[a->n].set = 0;
  a->st[a->n].out = out;
  a->st[a->n].out1 = out1;
  return a->n++;
}

/* The states that match node `i` and continue at `next`, built backwards;
 * the entry state. */
static int emit(nfa *a, const parser *ps, int i, int next)
{
  const pnode *nd = &ps->nodes[i];
  int s, r;
  if (a->bad) {
    return 0;
  }
  switch (nd->kind) {
  case P_SET:
    s = state(a, S_SET, next, -1);
    a->st[s].set = nd->set;
    return s;
  case P_BOL:
    return state(a, S_BOL, next, -1);
  case P_EOL:
    return state(a, S_EOL, next, -1);
  case P_EMPTY:
    return next;
  case P_CAT:
    return emit(a, ps, nd->a, emit(a, ps, nd->b, next));
  case P_ALT:
    s = emit(a, ps, nd->a, next);
    return state(a, S_SPLIT, s, emit(a, ps, nd->b, next));
  case P_REP:
    if (nd->max == NO_BOUND) {
      /* a loop: a split whose first way is the body, back to itself */
      r = state(a, S_SPLIT, -1, next);
      if (!a->bad) {
        a->st[r].out = emit(a, ps, nd->a, r);
      }
    } else {
      r = next;
      for (unsigned k = nd->min; k < nd->max && !a->bad; k++) {
        r = state(a, S_SPLIT, emit(a, ps, nd->a, r), next);
      }
    }
    for (unsigned k = 0; k < nd->min && !a->bad; k++) {
      r = emit(a, ps, nd->a, r);
    }
    return r;
  }
  return next;
}

/* ---- running it -------------------------------------------------------- */

static bool bset_has(const bset *s, int i)
{
  return (s->w[i >> 6] >> (i & 63)) & 1;
}

static void bset_add(bset *s, int i)
{
  s->w[i >> 6] |= (uint64_t)1 << (i & 63);
}

static bool bset_eq(const bset *x, const bset *y)
{
  return memcmp(x, y, sizeof(*x)) == 0;
}

/* Where a position is: the string's start (^ holds), its end ($ holds). */
typedef struct where {
  bool start, end;
} where;

/* s with every state reachable without reading a byte; *matched when one
 * of them is the match. A thread starts here too (a search). */
static void closure(const nfa *a, bset *s, where at, bool *matched)
{
  int stack[SHAPE_MAX_STATES];
  int top = 0;
  bset_add(s, a->start);
  for (int i = 0; i < a->n; i++) {
    if (bset_has(s, i)) {
      stack[top++] = i;
    }
  }
  while (top > 0) {
    const nstate *st = &a->st[stack[--top]];
    int to[2] = { -1, -1 };
    switch (st->kind) {
    case S_SPLIT:
      to[0] = st->out;
      to[1] = st->out1;
      break;
    case S_BOL:
      to[0] = at.start ? st->out : -1;
      break;
    case S_EOL:
      to[0] = at.end ? st->out : -1;
      break;
    case S_MATCH:
      *matched = true;
      break;
    default:
      break;
    }
    for (int k = 0; k < 2; k++) {
      if (to[k] >= 0 && !bset_has(s, to[k])) {
        bset_add(s, to[k]);
        stack[top++] = to[k];
      }
    }
  }
}

/* The states after reading one byte of class c: with `every`, on
 * transitions that take every byte of c; else on those that take one. */
static void step(const nfa *a, const bset *s, const byteset *c, bool every,
                 bset *out)
{
  memset(out, 0, sizeof(*out));
  for (int i = 0; i < a->n; i++) {
    const byteset *t;
    bool take = every;
    if (!bset_has(s, i) || a->st[i].kind != S_SET) {
      continue;
    }
    t = &a->sets[a->st[i].set];
    for (unsigned k = 0; k < 32; k++) {
      uint8_t both = (uint8_t)(c->m[k] & t->m[k]);
      if (every ? both != c->m[k] : both != 0) {
        take = !every;
        break;
      }
    }
    if (take) {
      bset_add(out, a->st[i].out);
    }
  }
}

typedef struct run_ctx {
  const nfa *a;
  const rule_shape_seg *segs;
  size_t n;
  byteset *lits; /* one class per byte value, made as needed */
  unsigned work;
} run_ctx;

static const byteset *lit_class(run_ctx *r, unsigned char c)
{
  byteset *s = &r->lits[c];
  if (!bs_has(s, c)) {
    bs_add(s, c);
  }
  return s;
}

/* Whether the segments from i on can all be empty. */
static bool rest_empty(const run_ctx *r, size_t i)
{
  for (; i < r->n; i++) {
    if (r->segs[i].lit ? r->segs[i].len > 0 : r->segs[i].min > 0) {
      return false;
    }
  }
  return true;
}

/* Every string: true when every string of segments [i, n) read from the
 * states s (closed, not at the start) holds a match. */
static bool every_from(run_ctx *r, size_t i, const bset *s0)
{
  bset s = *s0, t;
  bool matched = false;
  if (++r->work > SHAPE_MAX_WORK) {
    return false; /* a bound: undecided */
  }
  for (; i < r->n; i++) {
    const rule_shape_seg *g = &r->segs[i];
    if (g->lit) {
      for (size_t k = 0; k < g->len; k++) {
        step(r->a, &s, lit_class(r, (unsigned char)g->lit[k]), true, &t);
        s = t;
        closure(r->a, &s, (where){ false, false }, &matched);
        if (matched) {
          return true;
        }
      }
      continue;
    }
    {
      const byteset *c = (const byteset *)(const void *)g->set;
      bset seen[SHAPE_MAX_SETS];
      unsigned nseen = 0;
      for (unsigned k = 0; k < g->min; k++) {
        step(r->a, &s, c, true, &t);
        s = t;
        closure(r->a, &s, (where){ false, false }, &matched);
        if (matched) {
          return true;
        }
      }
      /* Each length from min on: the rest from each distinct set. */
      for (unsigned k = g->min;; k++) {
        bool dup = false;
        for (unsigned j = 0; j < nseen && !dup; j++) {
          dup = bset_eq(&seen[j], &s);
        }
        if (dup) {
          break; /* the sets repeat from here on: each was followed */
        }
        if (nseen == SHAPE_MAX_SETS) {
          return false; /* a bound: undecided */
        }
        seen[nseen++] = s;
        if (!every_from(r, i + 1, &s)) {
          return false;
        }
        if (g->max != NO_BOUND && k >= g->max) {
          break;
        }
        step(r->a, &s, c, true, &t);
        s = t;
        closure(r->a, &s, (where){ false, false }, &matched);
        if (matched) {
          return true; /* every longer run matches here */
        }
      }
      return true;
    }
  }
  closure(r->a, &s, (where){ false, true }, &matched);
  return matched;
}

/* Some string: whether a path matches some string of the segments. */
static bool some(run_ctx *r)
{
  bset s, t, u;
  bool matched = false;
  memset(&s, 0, sizeof(s));
  closure(r->a, &s, (where){ true, rest_empty(r, 0) }, &matched);
  for (size_t i = 0; i < r->n && !matched; i++) {
    const rule_shape_seg *g = &r->segs[i];
    if (g->lit) {
      for (size_t k = 0; k < g->len && !matched; k++) {
        step(r->a, &s, lit_class(r, (unsigned char)g->lit[k]), false, &t);
        s = t;
        closure(r->a, &s,
                (where){ false, k + 1 == g->len && rest_empty(r, i + 1) },
                &matched);
      }
      continue;
    }
    {
      const byteset *c = (const byteset *)(const void *)g->set;
      bool end = rest_empty(r, i + 1);
      for (unsigned k = 0; k < g->min && !matched; k++) {
        step(r->a, &s, c, false, &t);
        s = t;
        closure(r->a, &s, (where){ false, k + 1 == g->min && end }, &matched);
      }
      /* Every length from min on: the union, grown to a fixpoint. */
      for (unsigned k = g->min; !matched; k++) {
        if (g->max != NO_BOUND && k >= g->max) {
          break;
        }
        step(r->a, &s, c, false, &t);
        closure(r->a, &t, (where){ false, end }, &matched);
        u = s;
        for (int w = 0; w < WORDS; w++) {
          u.w[w] |= t.w[w];
        }
        if (bset_eq(&u, &s)) {
          break;
        }
        s = u;
      }
    }
  }
  return matched;
}

int rule__regex_shape(const char *pattern, size_t len, bool icase,
                      const rule_shape_seg *segs, size_t n)
{
  parser *ps;
  nfa *a;
  run_ctx r;
  bset s;
  bool matched = false;
  int root, rc = -1;

  if (len > SHAPE_MAX_PATTERN || n == 0) {
    return -1;
  }
  ps = mls_calloc(1, sizeof(*ps));
  a = mls_calloc(1, sizeof(*a));
  memset(&r, 0, sizeof(r));
  r.lits = mls_calloc(256, sizeof(byteset));
  if (!ps || !a || !r.lits) {
    goto done;
  }
  ps->p = pattern;
  ps->end = pattern + len;
  ps->icase = icase;
  root = parse_alt(ps, 0);
  if (root < 0 || ps->bad || ps->p != ps->end) {
    goto done;
  }
  /* glibc's ^ and $ inside a pattern also hold next to a line break
   * (".^b" matches "a\nb", "^b" does not): with a line break in the
   * shape, anchors are left undecided rather than modelled. */
  if (ps->anchors) {
    for (size_t i = 0; i < n; i++) {
      if (segs[i].lit ? memchr(segs[i].lit, '\n', segs[i].len) != NULL
                      : (segs[i].set['\n' >> 3] >> ('\n' & 7)) & 1) {
        goto done;
      }
    }
  }
  a->sets = ps->sets;
  a->start = emit(a, ps, root, state(a, S_MATCH, -1, -1));
  if (a->bad) {
    goto done;
  }
  r.a = a;
  r.segs = segs;
  r.n = n;
  memset(&s, 0, sizeof(s));
  closure(a, &s, (where){ true, false }, &matched);
  if (matched || every_from(&r, 0, &s)) {
    rc = 1;
  } else if (!some(&r)) {
    rc = 0;
  }
done:
  if (ps) {
    mls_free(ps->sets);
  }
  mls_free(ps);
  mls_free(a);
  mls_free(r.lits);
  return rc;
}
