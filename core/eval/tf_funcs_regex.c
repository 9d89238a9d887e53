/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_regex.c -- regex(), regexall() and replace(/re/).
 *
 * Stage: evaluation. Terraform patterns are RE2 (Go's regexp); we match
 * with POSIX <regex.h> (REG_EXTENDED), so each pattern is first translated
 * into an extended regular expression: \d \w \s (and negations outside
 * brackets) become bracket expressions, (?:...) and (?P<name>...) become
 * plain groups whose POSIX numbers are mapped back to RE2's, a leading
 * (?i) (?s) (?m) becomes REG_ICASE / a dot that matches newlines /
 * REG_NEWLINE, and escaped punctuation becomes a literal. What POSIX
 * cannot express (lazy repetition, \pN classes, inline flags in the middle,
 * non-ASCII inside brackets, nested counted repetition) gives an unknown
 * result and a diagnostic; what RE2 itself rejects gives an error value.
 *
 * Known differences: POSIX picks the leftmost-longest match where RE2
 * picks the leftmost-first ("a|ab" on "ab": POSIX "ab", RE2 "a"), and
 * matching is by bytes, so "." matches one byte of a multi-byte character.
 *
 * Trusts nothing: the translated pattern is bounded by the string builder,
 * repetition counts by RE2's own limit of 1000, nesting by MLS_MAX_NESTING.
 * regcomp() allocates with the C library; every path calls regfree().
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <regex.h>
#include <stdio.h>
#include <string.h>

/* RE2's limit on a repetition count. */
#define RE2_MAX_REPEAT 1000

/* A translated, compiled pattern. */
typedef struct re {
  regex_t rx;        /* compiled ERE, valid when compiled */
  bool compiled;     /* regfree() needed */
  uint32_t ngroups;  /* RE2 capture groups */
  uint32_t nnamed;   /* how many of them have names */
  uint32_t *posix;   /* arena: POSIX group number of each RE2 group */
  mls_span *names;   /* arena: name of each RE2 group ("" if unnamed) */
  size_t nsub;       /* POSIX groups, re_nsub */
  regmatch_t *match; /* arena: nsub + 1 slots for regexec */
} re;

/* Why a translation stopped. */
enum { TR_OK = 0, TR_INVALID, TR_UNSUPPORTED };

/* Translator state. */
typedef struct tr {
  tf_fn__call *c;     /* borrowed: the call */
  mls_span pat;       /* borrowed: the RE2 pattern */
  size_t i;           /* position in pat */
  tf_fn__sb *out;     /* the ERE being written */
  re *re;             /* the pattern's group tables */
  uint32_t cap_names; /* slots in re->posix / re->names */
  uint32_t nposix;    /* POSIX groups opened so far */
  bool dotall;        /* (?s) */
  bool multiline;     /* (?m) */
  bool icase;         /* (?i) */
  /* What precedes the current position, for repetition operators. */
  bool atom;         /* a repeatable atom was just written */
  bool repeated;     /* a repetition operator was just written */
  bool atom_counted; /* the atom is a group holding a {n,m} */
  /* Open groups: whether each holds a counted repetition. */
  bool counted[MLS_MAX_NESTING];
  uint32_t depth; /* open groups */
  int fail;       /* TR_* */
  char why[160];  /* message when fail != TR_OK */
} tr;

static void tr_fail(tr *t, int kind, const char *msg)
{
  if (t->fail == TR_OK) {
    t->fail = kind;
    snprintf(t->why, sizeof(t->why), "%s", msg);
  }
}

/* Write one literal byte, escaped when it is special in an ERE. */
static void put_literal(tr *t, unsigned char ch)
{
  if (ch == 0) {
    tr_fail(t, TR_UNSUPPORTED, "a NUL character in the pattern");
    return;
  }
  if (strchr(".[]()*+?{}|^$\\", ch)) {
    tf_fn__sb_putc(t->out, '\\');
  }
  tf_fn__sb_putc(t->out, (char)ch);
}

/* Write the code point cp as a literal atom. A multi-byte character is
 * grouped so that a following repetition applies to all of its bytes. */
static void put_cp(tr *t, uint32_t cp)
{
  unsigned char enc[4];
  size_t n;
  if (cp < 0x80) {
    put_literal(t, (unsigned char)cp);
    return;
  }
  if (!(n = mls_utf8_encode(enc, cp))) {
    tr_fail(t, TR_INVALID, "invalid escape sequence");
    return;
  }
  tf_fn__sb_putc(t->out, '(');
  t->nposix++;
  tf_fn__sb_put(t->out, enc, n);
  tf_fn__sb_putc(t->out, ')');
}

static int hexval(char ch)
{
  return mls_hexval((unsigned char)ch);
}

/* \xHH or \x{H...} at pat[i] (just past the x); -1 when malformed. */
static long read_hex(tr *t)
{
  long v = 0;
  size_t digits = 0;
  if (t->i < t->pat.len && t->pat.ptr[t->i] == '{') {
    t->i++;
    while (t->i < t->pat.len && hexval(t->pat.ptr[t->i]) >= 0) {
      v = v * 16 + hexval(t->pat.ptr[t->i++]);
      if (++digits > 8 || v > 0x10FFFF) {
        return -1;
      }
    }
    if (t->i >= t->pat.len || t->pat.ptr[t->i] != '}' || digits == 0) {
      return -1;
    }
    t->i++;
    return v;
  }
  for (int k = 0; k < 2; k++) {
    if (t->i >= t->pat.len || hexval(t->pat.ptr[t->i]) < 0) {
      return -1;
    }
    v = v * 16 + hexval(t->pat.ptr[t->i++]);
  }
  return v;
}

/* A bracket-expression member set: ASCII bytes and POSIX class names. */
typedef struct cset {
  bool byte[128];      /* members among ASCII */
  const char *cls[16]; /* static: "[:alpha:]" style members */
  unsigned ncls;
} cset;

static void cset_range(cset *s, unsigned lo, unsigned hi)
{
  for (unsigned ch = lo; ch <= hi && ch < 128; ch++) {
    s->byte[ch] = true;
  }
}

/* Class escapes \d \w \s; true when ch is one. */
static bool class_escape(cset *s, char ch)
{
  switch (ch) {
  case 'd':
    cset_range(s, '0', '9');
    return true;
  case 'w':
    cset_range(s, '0', '9');
    cset_range(s, 'A', 'Z');
    cset_range(s, 'a', 'z');
    s->byte['_'] = true;
    return true;
  case 's':
    s->byte['\t'] = s->byte['\n'] = s->byte['\f'] = s->byte['\r'] = true;
    s->byte[' '] = true;
    return true;
  default:
    return false;
  }
}

/* Write s as a bracket expression. */
static void put_cset(tr *t, const cset *s, bool negated)
{
  unsigned count = 0;
  for (unsigned ch = 1; ch < 128; ch++) {
    count += s->byte[ch];
  }
  if (!negated && s->ncls == 0 && count == 1 && s->byte['^']) {
    tf_fn__sb_puts(t->out, "\\^");
    return;
  }
  tf_fn__sb_putc(t->out, '[');
  if (negated) {
    tf_fn__sb_putc(t->out, '^');
  }
  if (s->byte[']']) {
    tf_fn__sb_putc(t->out, ']');
  }
  for (unsigned ch = 1; ch < 128; ch++) {
    unsigned end = ch;
    if (!s->byte[ch] || strchr("]^-[", (int)ch)) {
      continue;
    }
    /* Runs of three or more become ranges; none of them may hold a
     * character with a meaning inside brackets. */
    while (end + 1 < 128 && s->byte[end + 1] && !strchr("]^-[", (int)end + 1)) {
      end++;
    }
    if (end - ch >= 2) {
      tf_fn__sb_putc(t->out, (char)ch);
      tf_fn__sb_putc(t->out, '-');
      tf_fn__sb_putc(t->out, (char)end);
      ch = end;
    } else {
      tf_fn__sb_putc(t->out, (char)ch);
    }
  }
  for (unsigned k = 0; k < s->ncls; k++) {
    tf_fn__sb_puts(t->out, s->cls[k]);
  }
  if (s->byte['[']) {
    tf_fn__sb_putc(t->out, '[');
  }
  if (s->byte['^']) {
    tf_fn__sb_putc(t->out, '^');
  }
  if (s->byte['-']) {
    tf_fn__sb_putc(t->out, '-');
  }
  tf_fn__sb_putc(t->out, ']');
}

/* One member character of a bracket at pat[i]: its code point, or -1 when
 * it was a class escape (added to s) or the translation failed. */
static long class_char(tr *t, cset *s)
{
  char ch = t->pat.ptr[t->i++];
  long v;
  if ((unsigned char)ch >= 0x80) {
    tr_fail(t, TR_UNSUPPORTED, "a non-ASCII character inside brackets");
    return -1;
  }
  if (ch != '\\') {
    return (unsigned char)ch;
  }
  if (t->i >= t->pat.len) {
    tr_fail(t, TR_INVALID, "trailing backslash at end of expression");
    return -1;
  }
  ch = t->pat.ptr[t->i++];
  if (class_escape(s, ch)) {
    return -1;
  }
  switch (ch) {
  case 'n':
    return '\n';
  case 't':
    return '\t';
  case 'r':
    return '\r';
  case 'f':
    return '\f';
  case 'v':
    return '\v';
  case 'a':
    return '\a';
  case 'x':
    v = read_hex(t);
    if (v < 0) {
      tr_fail(t, TR_INVALID, "invalid escape sequence");
    } else if (v >= 0x80) {
      tr_fail(t, TR_UNSUPPORTED, "a non-ASCII character inside brackets");
      v = -1;
    }
    return v;
  case 'D':
  case 'W':
  case 'S':
  case 'p':
  case 'P':
    tr_fail(t, TR_UNSUPPORTED, "a negated or Unicode class inside brackets");
    return -1;
  default:
    if (mls_isalnum((unsigned char)ch)) {
      tr_fail(t, TR_INVALID, "invalid escape sequence");
      return -1;
    }
    return (unsigned char)ch;
  }
}

static const char *posix_class(mls_span name)
{
  static const char *const names[] = { "[:alnum:]", "[:alpha:]", "[:blank:]",
                                       "[:cntrl:]", "[:digit:]", "[:graph:]",
                                       "[:lower:]", "[:print:]", "[:punct:]",
                                       "[:space:]", "[:upper:]", "[:xdigit:]" };
  for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
    if (strlen(names[k]) == name.len + 4 &&
        memcmp(names[k] + 2, name.ptr, name.len) == 0) {
      return names[k];
    }
  }
  return NULL;
}

/* A bracket expression; pat[i] is just past the '['. */
static void tr_class(tr *t)
{
  cset s;
  bool negated = false, first = true;

  memset(&s, 0, sizeof(s));
  if (t->i < t->pat.len && t->pat.ptr[t->i] == '^') {
    negated = true;
    t->i++;
  }
  for (;;) {
    long lo, hi;
    if (t->i >= t->pat.len) {
      tr_fail(t, TR_INVALID, "missing closing ]");
      return;
    }
    if (t->pat.ptr[t->i] == ']' && !first) {
      t->i++;
      break;
    }
    first = false;
    if (t->pat.ptr[t->i] == '[' && t->i + 1 < t->pat.len &&
        t->pat.ptr[t->i + 1] == ':') {
      const char *end = NULL, *p = t->pat.ptr + t->i + 2;
      size_t left = t->pat.len - t->i - 2;
      for (size_t k = 0; k + 1 < left; k++) {
        if (p[k] == ':' && p[k + 1] == ']') {
          end = p + k;
          break;
        }
      }
      if (end) {
        mls_span name = mls_span_of(p, (size_t)(end - p));
        const char *cls = posix_class(name);
        if (mls_span_eq(name, "word")) {
          class_escape(&s, 'w');
        } else if (mls_span_eq(name, "ascii")) {
          cset_range(&s, 1, 127);
        } else if (cls && s.ncls < 16) {
          s.cls[s.ncls++] = cls;
        } else if (name.len > 0 && name.ptr[0] == '^') {
          tr_fail(t, TR_UNSUPPORTED, "a negated POSIX class");
          return;
        } else {
          tr_fail(t, TR_INVALID, "invalid character class range");
          return;
        }
        t->i += 2 + name.len + 2;
        continue;
      }
    }
    lo = class_char(t, &s);
    if (t->fail) {
      return;
    }
    if (lo < 0) {
      continue;
    }
    if (t->i + 1 < t->pat.len && t->pat.ptr[t->i] == '-' &&
        t->pat.ptr[t->i + 1] != ']') {
      t->i++;
      hi = class_char(t, &s);
      if (t->fail) {
        return;
      }
      if (hi < 0 || hi < lo) {
        tr_fail(t, TR_INVALID, "invalid character class range");
        return;
      }
      cset_range(&s, (unsigned)lo, (unsigned)hi);
    } else if (lo == 0) {
      tr_fail(t, TR_UNSUPPORTED, "a NUL character in the pattern");
      return;
    } else {
      s.byte[lo] = true;
    }
  }
  s.byte[0] = false;
  put_cset(t, &s, negated);
}

/* Record RE2 capture group k as POSIX group t->nposix, named or not. */
static void add_group(tr *t, mls_span name)
{
  re *r = t->re;
  if (r->ngroups == t->cap_names) {
    uint32_t ncap = t->cap_names ? t->cap_names * 2 : 8;
    uint32_t *np = mls_arena_alloc(t->c->ctx->arena, ncap * sizeof(*np));
    mls_span *nn = mls_arena_alloc(t->c->ctx->arena, ncap * sizeof(*nn));
    if (!np || !nn) {
      t->out->err = MLS_ENOMEM;
      return;
    }
    if (r->ngroups) {
      memcpy(np, r->posix, r->ngroups * sizeof(*np));
      memcpy(nn, r->names, r->ngroups * sizeof(*nn));
    }
    r->posix = np;
    r->names = nn;
    t->cap_names = ncap;
  }
  for (uint32_t k = 0; k < r->ngroups && name.len; k++) {
    if (tf_fn__strcmp(r->names[k], name) == 0) {
      tr_fail(t, TR_INVALID, "duplicate capture group name");
      return;
    }
  }
  r->posix[r->ngroups] = t->nposix;
  r->names[r->ngroups] = name;
  r->ngroups++;
  r->nnamed += name.len > 0;
}

/* Flags of a (?flags) group at the start of the pattern. */
static bool tr_flags(tr *t)
{
  size_t j = t->i + 2;
  bool i = false, s = false, m = false;
  while (j < t->pat.len && strchr("ims", t->pat.ptr[j]) && t->pat.ptr[j]) {
    i = i || t->pat.ptr[j] == 'i';
    s = s || t->pat.ptr[j] == 's';
    m = m || t->pat.ptr[j] == 'm';
    j++;
  }
  if (j >= t->pat.len || t->pat.ptr[j] != ')' || j == t->i + 2) {
    return false;
  }
  t->icase = t->icase || i;
  t->dotall = t->dotall || s;
  t->multiline = t->multiline || m;
  t->i = j + 1;
  return true;
}

/* A group opener at pat[i] == '('. */
static void tr_group(tr *t)
{
  mls_span name = mls_span_of("", 0);
  bool capture = true;

  if (t->depth >= MLS_MAX_NESTING) {
    tr_fail(t, TR_UNSUPPORTED, "groups nested too deeply");
    return;
  }
  if (t->i + 1 < t->pat.len && t->pat.ptr[t->i + 1] == '?') {
    size_t j = t->i + 2;
    if (j < t->pat.len && t->pat.ptr[j] == ':') {
      capture = false;
      t->i = j + 1;
    } else if (j < t->pat.len && (t->pat.ptr[j] == '<' ||
                                  (t->pat.ptr[j] == 'P' && j + 1 < t->pat.len &&
                                   t->pat.ptr[j + 1] == '<'))) {
      size_t start = t->pat.ptr[j] == 'P' ? j + 2 : j + 1, k = start;
      while (k < t->pat.len && (mls_isalnum((unsigned char)t->pat.ptr[k]) ||
                                t->pat.ptr[k] == '_')) {
        k++;
      }
      if (k == start || k >= t->pat.len || t->pat.ptr[k] != '>') {
        tr_fail(t, TR_INVALID, "invalid named capture");
        return;
      }
      name = mls_span_of(t->pat.ptr + start, k - start);
      t->i = k + 1;
    } else {
      size_t k = j;
      while (k < t->pat.len && strchr("imsU-", t->pat.ptr[k]) &&
             t->pat.ptr[k]) {
        k++;
      }
      if (k > j && k < t->pat.len &&
          (t->pat.ptr[k] == ')' || t->pat.ptr[k] == ':')) {
        tr_fail(t, TR_UNSUPPORTED, "flags other than a leading (?ims)");
      } else {
        tr_fail(t, TR_INVALID, "invalid or unsupported Perl syntax");
      }
      return;
    }
  } else {
    t->i++;
  }
  t->nposix++;
  if (capture) {
    add_group(t, name);
  }
  tf_fn__sb_putc(t->out, '(');
  t->counted[t->depth++] = false;
  t->atom = false;
  t->repeated = false;
}

/* A repetition {n}, {n,} or {n,m} at pat[i] == '{'; false (and nothing
 * consumed) when the brace is a literal, as in RE2. */
static bool tr_counted(tr *t)
{
  size_t j = t->i + 1;
  long lo = 0, hi;
  size_t digits = 0;

  while (j < t->pat.len && mls_isdigit((unsigned char)t->pat.ptr[j])) {
    lo = lo < 100000 ? lo * 10 + (t->pat.ptr[j] - '0') : lo;
    j++;
    digits++;
  }
  if (digits == 0) {
    return false;
  }
  hi = lo;
  if (j < t->pat.len && t->pat.ptr[j] == ',') {
    j++;
    hi = -1;
    if (j < t->pat.len && mls_isdigit((unsigned char)t->pat.ptr[j])) {
      hi = 0;
      while (j < t->pat.len && mls_isdigit((unsigned char)t->pat.ptr[j])) {
        hi = hi < 100000 ? hi * 10 + (t->pat.ptr[j] - '0') : hi;
        j++;
      }
    }
  }
  if (j >= t->pat.len || t->pat.ptr[j] != '}') {
    return false;
  }
  if (!t->atom) {
    tr_fail(t, TR_INVALID,
            t->repeated ? "invalid nested repetition operator"
                        : "missing argument to repetition operator");
    return true;
  }
  if (lo > RE2_MAX_REPEAT || hi > RE2_MAX_REPEAT || (hi >= 0 && hi < lo)) {
    tr_fail(t, TR_INVALID, "invalid repeat count");
    return true;
  }
  if (t->atom_counted) {
    tr_fail(t, TR_UNSUPPORTED,
            "a counted repetition of a group that holds "
            "one");
    return true;
  }
  tf_fn__sb_put(t->out, t->pat.ptr + t->i, j + 1 - t->i);
  if (t->depth > 0) {
    t->counted[t->depth - 1] = true;
  }
  t->i = j + 1;
  return true;
}

/* A repetition operator at pat[i]: * + ? or {..}. */
static void tr_repeat(tr *t)
{
  char ch = t->pat.ptr[t->i];
  if (ch == '{') {
    if (!tr_counted(t)) {
      put_literal(t, '{');
      t->i++;
      t->atom = true;
      t->atom_counted = false;
      return;
    }
  } else {
    if (!t->atom) {
      tr_fail(t, TR_INVALID,
              t->repeated ? "invalid nested repetition operator"
                          : "missing argument to repetition operator");
      return;
    }
    tf_fn__sb_putc(t->out, ch);
    t->i++;
  }
  if (t->i < t->pat.len && t->pat.ptr[t->i] == '?') {
    tr_fail(t, TR_UNSUPPORTED, "a lazy repetition (*? +? ?? {n,m}?)");
    return;
  }
  t->atom = false;
  t->repeated = true;
  t->atom_counted = false;
}

/* An escape outside brackets; pat[i] is just past the backslash. */
static void tr_escape(tr *t)
{
  cset s;
  char ch;
  long v;

  if (t->i >= t->pat.len) {
    tr_fail(t, TR_INVALID, "trailing backslash at end of expression");
    return;
  }
  ch = t->pat.ptr[t->i++];
  memset(&s, 0, sizeof(s));
  t->atom = true;
  t->atom_counted = false;
  switch (ch) {
  case 'd':
  case 'w':
  case 's':
    class_escape(&s, ch);
    put_cset(t, &s, false);
    return;
  case 'D':
  case 'W':
  case 'S':
    class_escape(&s, (char)(ch + 32));
    put_cset(t, &s, true);
    return;
  case 'A':
  case 'z':
    if (t->multiline) {
      tr_fail(t, TR_UNSUPPORTED, "\\A or \\z with the m flag");
      return;
    }
    tf_fn__sb_putc(t->out, ch == 'A' ? '^' : '$');
    t->atom = false;
    return;
  case 'b':
  case 'B':
#ifdef __GLIBC__
    tf_fn__sb_putc(t->out, '\\');
    tf_fn__sb_putc(t->out, ch);
    t->atom = false;
#else
    tr_fail(t, TR_UNSUPPORTED, "a word boundary (\\b, \\B)");
#endif
    return;
  case 'Q': {
    /* Literal text up to \E; like RE2, a repetition after it applies to
     * its last character only. */
    size_t stop = t->pat.len, k = t->i;
    for (size_t j = t->i; j + 1 < t->pat.len; j++) {
      if (t->pat.ptr[j] == '\\' && t->pat.ptr[j + 1] == 'E') {
        stop = j;
        break;
      }
    }
    t->atom = stop > t->i;
    while (k < stop && !t->fail) {
      uint32_t cp;
      size_t n = mls_utf8_decode(&cp, (const unsigned char *)t->pat.ptr + k,
                                 (const unsigned char *)t->pat.ptr + stop);
      if (n == 0) {
        tr_fail(t, TR_INVALID, "invalid UTF-8");
        return;
      }
      put_cp(t, cp);
      k += n;
    }
    t->i = stop < t->pat.len ? stop + 2 : stop;
    return;
  }
  case 'n':
    put_literal(t, '\n');
    return;
  case 't':
    put_literal(t, '\t');
    return;
  case 'r':
    put_literal(t, '\r');
    return;
  case 'f':
    put_literal(t, '\f');
    return;
  case 'v':
    put_literal(t, '\v');
    return;
  case 'a':
    put_literal(t, '\a');
    return;
  case 'x':
    if ((v = read_hex(t)) < 0) {
      tr_fail(t, TR_INVALID, "invalid escape sequence");
      return;
    }
    put_cp(t, (uint32_t)v);
    return;
  case 'p':
  case 'P':
    tr_fail(t, TR_UNSUPPORTED, "a Unicode class (\\pN, \\p{Greek})");
    return;
  default:
    if (ch >= '0' && ch <= '7') {
      /* RE2: \1-\7 alone are backreferences (rejected), \0.. octal. */
      long o = ch - '0';
      size_t digits = 1;
      if (ch != '0' && (t->i >= t->pat.len || t->pat.ptr[t->i] < '0' ||
                        t->pat.ptr[t->i] > '7')) {
        tr_fail(t, TR_INVALID, "invalid escape sequence");
        return;
      }
      while (digits < 3 && t->i < t->pat.len && t->pat.ptr[t->i] >= '0' &&
             t->pat.ptr[t->i] <= '7') {
        o = o * 8 + (t->pat.ptr[t->i++] - '0');
        digits++;
      }
      put_cp(t, (uint32_t)o);
      return;
    }
    if (mls_isalnum((unsigned char)ch) || (unsigned char)ch >= 0x80) {
      tr_fail(t, TR_INVALID, "invalid escape sequence");
      return;
    }
    put_literal(t, (unsigned char)ch);
    return;
  }
}

/* Translate t->pat into t->out; t->fail says whether it worked. */
static void translate(tr *t)
{
  while (t->i + 1 < t->pat.len && t->pat.ptr[t->i] == '(' &&
         t->pat.ptr[t->i + 1] == '?' && tr_flags(t)) {
  }
  if (t->dotall && t->multiline) {
    tr_fail(t, TR_UNSUPPORTED, "the s and m flags together");
  }
  while (t->i < t->pat.len && !t->fail && !t->out->err) {
    unsigned char ch = (unsigned char)t->pat.ptr[t->i];
    switch (ch) {
    case '\\':
      t->i++;
      tr_escape(t);
      t->repeated = false;
      break;
    case '[':
      t->i++;
      tr_class(t);
      t->atom = true;
      t->atom_counted = false;
      t->repeated = false;
      break;
    case '(':
      tr_group(t);
      break;
    case ')':
      if (t->depth == 0) {
        tr_fail(t, TR_INVALID, "unexpected )");
        break;
      }
      t->depth--;
      tf_fn__sb_putc(t->out, ')');
      t->i++;
      t->atom = true;
      t->atom_counted = t->counted[t->depth];
      if (t->atom_counted && t->depth > 0) {
        t->counted[t->depth - 1] = true;
      }
      t->repeated = false;
      break;
    case '|':
      tf_fn__sb_putc(t->out, '|');
      t->i++;
      t->atom = false;
      t->repeated = false;
      break;
    case '*':
    case '+':
    case '?':
    case '{':
      tr_repeat(t);
      break;
    case '^':
    case '$':
      tf_fn__sb_putc(t->out, (char)ch);
      t->i++;
      t->atom = false;
      t->repeated = false;
      break;
    case '.':
      if (t->dotall || t->multiline) {
        tf_fn__sb_putc(t->out, '.');
      } else {
        tf_fn__sb_puts(t->out, "[^\n]");
      }
      t->i++;
      t->atom = true;
      t->atom_counted = false;
      t->repeated = false;
      break;
    default:
      if (ch < 0x80) {
        put_literal(t, ch);
        t->i++;
      } else {
        uint32_t cp;
        size_t n =
            mls_utf8_decode(&cp, (const unsigned char *)t->pat.ptr + t->i,
                            (const unsigned char *)t->pat.ptr + t->pat.len);
        if (n == 0) {
          tr_fail(t, TR_INVALID, "invalid UTF-8");
          break;
        }
        t->i += n;
        put_cp(t, cp);
      }
      t->atom = true;
      t->atom_counted = false;
      t->repeated = false;
      break;
    }
  }
  if (!t->fail && t->depth > 0) {
    tr_fail(t, TR_INVALID, "missing closing )");
  }
}

/* Compile pattern into r. Returns MLS_OK with *out set to an error or
 * unknown value when it cannot be used (then r is not compiled), or
 * MLS_ENOMEM / MLS_ELIMIT. */
static int compile(tf_fn__call *c, mls_span pattern, re *r, mls_value **out,
                   bool *failed)
{
  tr t;
  tf_fn__sb sb;
  int flags = REG_EXTENDED, rc;

  memset(r, 0, sizeof(*r));
  memset(&t, 0, sizeof(t));
  *failed = true;
  tf_fn__sb_init(&sb, c);
  t.c = c;
  t.pat = pattern;
  t.out = &sb;
  t.re = r;
  translate(&t);
  tf_fn__sb_putc(&sb, '\0');
  if (sb.err) {
    return sb.err;
  }
  if (t.fail == TR_INVALID) {
    return tf_fn__error(c, out, "invalid regexp pattern: %s", t.why);
  }
  if (t.fail == TR_UNSUPPORTED) {
    mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_WARNING, c->ctx->at,
                  "%s(): the pattern uses %s, which mlsweep's POSIX "
                  "matcher cannot express; the result is unknown",
                  c->fn->name, t.why);
    return tf_fn__unknown(c, out, "regular expression not supported");
  }
  if (r->nnamed > 0 && r->nnamed < r->ngroups) {
    return tf_fn__error(c, out,
                        "invalid regexp pattern: cannot mix both named "
                        "and unnamed capture groups");
  }
  if (t.icase) {
    flags |= REG_ICASE;
  }
  if (t.multiline) {
    flags |= REG_NEWLINE;
  }
  if ((rc = regcomp(&r->rx, sb.ptr, flags)) != 0) {
    char msg[128];
    regerror(rc, &r->rx, msg, sizeof(msg));
    mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_WARNING, c->ctx->at,
                  "%s(): the POSIX matcher rejected the translated pattern "
                  "(%s); the result is unknown",
                  c->fn->name, msg);
    return tf_fn__unknown(c, out, "regular expression not supported");
  }
  r->compiled = true;
  r->nsub = r->rx.re_nsub;
  if (!(r->match = mls_arena_alloc(c->ctx->arena,
                                   (r->nsub + 1) * sizeof(regmatch_t)))) {
    regfree(&r->rx);
    r->compiled = false;
    return MLS_ENOMEM;
  }
  *failed = false;
  return MLS_OK;
}

/* s copied with a NUL after it: regexec() implementations (and ASan's
 * interceptor of it) may read up to a NUL even with REG_STARTEND. */
static int terminated(tf_fn__call *c, mls_span *s)
{
  char *copy = mls_arena_strndup(c->ctx->arena, s->ptr ? s->ptr : "", s->len);
  if (!copy) {
    return MLS_ENOMEM;
  }
  s->ptr = copy;
  return MLS_OK;
}

/* Match r against s from byte `from`; true with r->match filled. */
static bool exec_at(re *r, mls_span s, size_t from)
{
#ifdef REG_STARTEND
  r->match[0].rm_so = (regoff_t)from;
  r->match[0].rm_eo = (regoff_t)s.len;
  return regexec(&r->rx, s.ptr ? s.ptr : "", r->nsub + 1, r->match,
                 REG_STARTEND) == 0;
#else
#error "regexec() needs REG_STARTEND (glibc, musl >= 1.2.2, the BSDs, macOS)"
#endif
}

/* The result for one match: a string, a list or a map, as regex(). */
static int match_value(tf_fn__call *c, const re *r, mls_span s, mls_value **out)
{
  if (r->ngroups == 0) {
    *out = tf_fn__str_borrow(
        c, mls_span_of(s.ptr + r->match[0].rm_so,
                       (size_t)(r->match[0].rm_eo - r->match[0].rm_so)));
    return *out ? MLS_OK : MLS_ENOMEM;
  }
  mls_value **items = tf_fn__items(c, r->ngroups);
  if (!items) {
    return MLS_ENOMEM;
  }
  for (uint32_t k = 0; k < r->ngroups; k++) {
    const regmatch_t *m = &r->match[r->posix[k]];
    items[k] =
        m->rm_so < 0
            ? tf_fn__null(c)
            : tf_fn__str_borrow(c, mls_span_of(s.ptr + m->rm_so,
                                               (size_t)(m->rm_eo - m->rm_so)));
    if (!items[k]) {
      return MLS_ENOMEM;
    }
  }
  if (r->nnamed == 0) {
    *out = tf_fn__list(c, items, r->ngroups, false);
    return *out ? MLS_OK : MLS_ENOMEM;
  }
  mls_map_entry *e = tf_fn__entries(c, r->ngroups), *sorted;
  mls_value *tmp;
  uint32_t n;
  if (!e) {
    return MLS_ENOMEM;
  }
  for (uint32_t k = 0; k < r->ngroups; k++) {
    e[k].key = r->names[k];
    e[k].value = items[k];
  }
  if (!(tmp = tf_fn__map(c, e, r->ngroups)) ||
      tf_fn__sorted_entries(c, tmp, &sorted, &n) < 0) {
    return MLS_ENOMEM;
  }
  *out = tf_fn__map(c, sorted, n);
  return *out ? MLS_OK : MLS_ENOMEM;
}

/* Width of the UTF-8 sequence at s[i] (1 for an invalid byte or the end). */
static size_t rune_width(mls_span s, size_t i)
{
  uint32_t cp;
  size_t n;
  if (i >= s.len) {
    return 1;
  }
  n = mls_utf8_decode(&cp, (const unsigned char *)s.ptr + i,
                      (const unsigned char *)s.ptr + s.len);
  return n ? n : 1;
}

static int pattern_and_string(tf_fn__call *c, mls_value **out, mls_span *pat,
                              mls_span *s)
{
  int rc;
  if ((rc = tf_fn__as_str(c, c->args[0], pat)) <= 0 ||
      (rc = tf_fn__as_str(c, c->args[1], s)) <= 0) {
    if (rc == 0) {
      rc = tf_fn__error(c, out, "the pattern and the string must be strings");
      return rc < 0 ? rc : 0;
    }
    return rc;
  }
  return 1;
}

int tf_fn__fn_regex(tf_fn__call *c, mls_value **out)
{
  mls_span pat, s;
  bool failed;
  re r;
  int rc;

  if ((rc = pattern_and_string(c, out, &pat, &s)) <= 0) {
    return rc;
  }
  if ((rc = compile(c, pat, &r, out, &failed)) < 0 || failed) {
    return rc;
  }
  if ((rc = terminated(c, &s)) < 0) {
    regfree(&r.rx);
    return rc;
  }
  if (!exec_at(&r, s, 0)) {
    rc = tf_fn__error(c, out,
                      "pattern did not match any part of the given "
                      "string");
  } else {
    rc = match_value(c, &r, s, out);
  }
  regfree(&r.rx);
  return rc;
}

int tf_fn__fn_regexall(tf_fn__call *c, mls_value **out)
{
  mls_span pat, s;
  bool failed;
  mls_value **items = NULL;
  uint32_t n = 0, cap = 0;
  long prev_end = -1;
  re r;
  int rc;

  if ((rc = pattern_and_string(c, out, &pat, &s)) <= 0) {
    return rc;
  }
  if ((rc = compile(c, pat, &r, out, &failed)) < 0 || failed) {
    return rc;
  }
  if ((rc = terminated(c, &s)) < 0) {
    goto done;
  }
  /* Go's FindAll: no empty match right after the previous match. */
  for (size_t pos = 0; pos <= s.len && exec_at(&r, s, pos);) {
    size_t so = (size_t)r.match[0].rm_so, eo = (size_t)r.match[0].rm_eo;
    bool accept = true;
    if (eo == so && (long)so == prev_end) {
      accept = false;
    }
    pos = eo > so ? eo : eo + rune_width(s, eo);
    prev_end = (long)eo;
    if (!accept) {
      continue;
    }
    if (n == MLS_MAX_BODY_ITEMS) {
      rc = tf_fn__limit(c, out, "more matches than MLS_MAX_BODY_ITEMS");
      goto done;
    }
    if (n == cap) {
      uint32_t ncap = cap ? cap * 2 : 8;
      mls_value **ni = tf_fn__items(c, ncap);
      if (!ni) {
        rc = MLS_ENOMEM;
        goto done;
      }
      if (n) {
        memcpy(ni, items, n * sizeof(*ni));
      }
      items = ni;
      cap = ncap;
    }
    if ((rc = match_value(c, &r, s, &items[n])) < 0) {
      goto done;
    }
    n++;
  }
  *out = tf_fn__list(c, items, n, false);
  rc = *out ? MLS_OK : MLS_ENOMEM;

done:
  regfree(&r.rx);
  return rc;
}

/* Append Go's Regexp.Expand of template for the current match. */
static void expand(tf_fn__sb *sb, const re *r, mls_span s, mls_span tpl)
{
  for (size_t i = 0; i < tpl.len;) {
    size_t j = i + 1, start, end;
    mls_span name;
    bool braced = false;
    if (tpl.ptr[i] != '$') {
      tf_fn__sb_putc(sb, tpl.ptr[i++]);
      continue;
    }
    if (j < tpl.len && tpl.ptr[j] == '$') {
      tf_fn__sb_putc(sb, '$');
      i = j + 1;
      continue;
    }
    if (j < tpl.len && tpl.ptr[j] == '{') {
      braced = true;
      j++;
    }
    start = j;
    while (j < tpl.len &&
           (mls_isalnum((unsigned char)tpl.ptr[j]) || tpl.ptr[j] == '_')) {
      j++;
    }
    end = j;
    if (end == start || (braced && (j >= tpl.len || tpl.ptr[j] != '}'))) {
      tf_fn__sb_putc(sb, '$'); /* malformed: the $ is text */
      i++;
      continue;
    }
    i = braced ? j + 1 : j;
    name = mls_span_of(tpl.ptr + start, end - start);
    {
      long num = 0;
      bool numeric = true;
      const regmatch_t *m = NULL;
      for (size_t k = 0; k < name.len; k++) {
        if (!mls_isdigit((unsigned char)name.ptr[k])) {
          numeric = false;
          break;
        }
        num = num < 100000 ? num * 10 + (name.ptr[k] - '0') : num;
      }
      if (numeric) {
        if (num == 0) {
          m = &r->match[0];
        } else if ((uint32_t)num <= r->ngroups) {
          m = &r->match[r->posix[num - 1]];
        }
      } else {
        for (uint32_t k = 0; k < r->ngroups; k++) {
          if (tf_fn__strcmp(r->names[k], name) == 0) {
            m = &r->match[r->posix[k]];
            break;
          }
        }
      }
      if (m && m->rm_so >= 0) {
        tf_fn__sb_put(sb, s.ptr + m->rm_so, (size_t)(m->rm_eo - m->rm_so));
      }
    }
  }
}

int tf_fn__regex_replace(tf_fn__call *c, mls_span str, mls_span pattern,
                         mls_span repl, mls_value **out)
{
  bool failed;
  size_t last = 0, pos = 0;
  tf_fn__sb sb;
  re r;
  int rc;

  if ((rc = compile(c, pattern, &r, out, &failed)) < 0 || failed) {
    return rc;
  }
  if ((rc = terminated(c, &str)) < 0) {
    regfree(&r.rx);
    return rc;
  }
  tf_fn__sb_init(&sb, c);
  /* Go's ReplaceAllString. */
  while (pos <= str.len && exec_at(&r, str, pos)) {
    size_t so = (size_t)r.match[0].rm_so, eo = (size_t)r.match[0].rm_eo;
    if (so > last) {
      tf_fn__sb_put(&sb, str.ptr + last, so - last);
    }
    if (eo > last || so == 0) {
      expand(&sb, &r, str, repl);
    }
    last = eo;
    if (pos + rune_width(str, pos) > eo) {
      pos += rune_width(str, pos);
    } else if (pos + 1 > eo) {
      pos++;
    } else {
      pos = eo;
    }
    if (sb.err) {
      break;
    }
  }
  if (last < str.len) {
    tf_fn__sb_put(&sb, str.ptr + last, str.len - last);
  }
  regfree(&r.rx);
  return tf_fn__sb_result(c, &sb, out);
}
