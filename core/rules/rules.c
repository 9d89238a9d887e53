/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/rules.c -- the rule set: loading files (built-in, paths,
 * buffers), compiling the index by resource type with the configuration,
 * and the accessors.
 *
 * Stage: built once per sweep by one thread; immutable after
 * rule_set_compile(), except that a deferred (built-in) regex is compiled
 * by the first worker that needs it, under that regex's lock. Compilation drops
 * disabled rules and later duplicates (the first loaded wins, with a
 * diagnostic), sorts the rest by id and builds a sorted (framework, type, rule)
 * array searched by binary search. Configuration overrides that carry an env,
 * and severity_by_env, are resolved per evaluation (rule_eval_model knows the
 * env).
 */
#define _XOPEN_SOURCE 700 /* lstat, DT_* via dirent, strnlen */

#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/thread.h"

#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Rules and their conditions for a large library stay far below this. */
#define RULE_ARENA_CAP ((size_t)MLS_ARENA_CAP_BYTES)

/* Grow an owned array of `sz`-byte elements to hold one more. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
  size_t ncap, bytes;
  void *nv;
  if (n < *cap) {
    return MLS_OK;
  }
  ncap = *cap ? *cap * 2 : 16;
  if (!mls_mul_sz(&bytes, ncap, sz) || !(nv = mls_realloc(*v, bytes))) {
    return MLS_ENOMEM;
  }
  *v = nv;
  *cap = ncap;
  return MLS_OK;
}

/* ---- regexes --------------------------------------------------------------
 */

/* Where a regex is in its life. RE_PENDING only when deferred; the state
 * moves once, to RE_READY or RE_FAILED, and never back. */
enum { RE_PENDING = 0, RE_READY, RE_FAILED };

struct rule_regex {
  /* RE_PENDING, RE_READY or RE_FAILED. Written once, under `lock`, with
   * release order after `re` is filled in; read with acquire order, so a
   * thread that sees RE_READY also sees the compiled `re`. */
  _Atomic int state;
  int cflags;          /* regcomp flags */
  const char *pattern; /* arena (rule set): the pattern, NUL-terminated */
  size_t len;          /* strlen(pattern) */
  const char *source;  /* arena (rule set): the rule file's name */
  uint32_t line;       /* 1-based line of the pattern in source */
  int err;             /* regcomp's code once RE_FAILED */
  mls_mutex lock;      /* serialises the deferred regcomp */
  regex_t re;          /* compiled; valid once RE_READY */
  /* The ends of the strings it matches (rule__regex_end_pattern), built
   * and compiled on first use under `lock`: RE_PENDING, RE_READY, or
   * RE_FAILED when the pattern has none. */
  _Atomic int end_state;
  regex_t end_re;
  /* A pattern that is a plain string, perhaps anchored, is matched
   * without regexec (see literal_plan). */
  int lit;        /* LIT_NONE, LIT_ANY or LIT_TEXT */
  bool lit_start; /* LIT_TEXT: anchored by ^ */
  bool lit_end;   /* LIT_TEXT: anchored by $ */
  char *lit_text; /* owned: LIT_TEXT's bytes, unescaped */
  size_t lit_len; /* bytes in lit_text */
};

/* How a pattern is matched: by regexec, "." (any one byte: the sweep runs
 * in the C locale, where RE_DOT_NEWLINE lets it match a newline too), or
 * as a literal string. */
enum { LIT_NONE = 0, LIT_ANY, LIT_TEXT };

static void regex_free(rule_regex *rx)
{
  if (!rx) {
    return;
  }
  if (atomic_load_explicit(&rx->state, memory_order_acquire) == RE_READY) {
    regfree(&rx->re);
  }
  if (atomic_load_explicit(&rx->end_state, memory_order_acquire) == RE_READY) {
    regfree(&rx->end_re);
  }
  mls_mutex_dispose(&rx->lock);
  mls_free(rx->lit_text);
  mls_free(rx);
}

/* The bytes an ERE gives a meaning; a backslash makes any of them literal. */
static const char ERE_SPECIAL[] = ".[]()*+?{}|^$\\";

/* Whether ERE pattern p (len bytes, case-sensitive) is a plain string,
 * optionally anchored, and fill in rx's plan. A backslash before a
 * special character makes it literal; any other escape (GNU's \w, \b,
 * \<) and every unescaped special character leave the pattern to
 * regexec. MLS_ENOMEM, or MLS_OK whatever the plan. */
static int literal_plan(rule_regex *rx, const char *p, size_t len)
{
  size_t i = 0, n = 0;
  bool start = false, end = false;
  char *t;

  rx->lit = LIT_NONE;
  if (rx->cflags & REG_ICASE) {
    return MLS_OK;
  }
  if (len == 1 && p[0] == '.') {
    rx->lit = LIT_ANY;
    return MLS_OK;
  }
  if (len && p[0] == '^') {
    start = true;
    i = 1;
  }
  /* A trailing $ anchors unless a backslash escapes it: count the
   * backslashes before it. */
  if (len > i && p[len - 1] == '$') {
    size_t bs = 0;
    while (len - 1 - bs > i && p[len - 2 - bs] == '\\') {
      bs++;
    }
    if (bs % 2 == 0) {
      end = true;
      len--;
    }
  }
  if (!(t = mls_malloc(len - i + 1))) {
    return MLS_ENOMEM;
  }
  for (; i < len; i++) {
    char ch = p[i];
    if (ch == '\\') {
      if (i + 1 >= len ||
          !memchr(ERE_SPECIAL, p[i + 1], sizeof(ERE_SPECIAL) - 1) ||
          p[i + 1] == '\0') {
        mls_free(t);
        return MLS_OK;
      }
      ch = p[++i];
    } else if (ch == '\0' || memchr(ERE_SPECIAL, ch, sizeof(ERE_SPECIAL) - 1)) {
      mls_free(t);
      return MLS_OK;
    }
    t[n++] = ch;
  }
  t[n] = '\0';
  rx->lit = LIT_TEXT;
  rx->lit_start = start;
  rx->lit_end = end;
  rx->lit_text = t;
  rx->lit_len = n;
  return MLS_OK;
}

const char *rule__regex_pattern(const rule_regex *rx)
{
  return rx->pattern;
}

int rule__regex_literal(const rule_regex *rx, const char *s, size_t n)
{
  const char *t = rx->lit_text;
  size_t m = rx->lit_len;
  switch (rx->lit) {
  case LIT_ANY:
    return n > 0;
  case LIT_TEXT:
    if (m > n) {
      return 0;
    }
    if (rx->lit_start && rx->lit_end) {
      return m == n && memcmp(s, t, m) == 0;
    }
    if (rx->lit_start) {
      return memcmp(s, t, m) == 0;
    }
    if (rx->lit_end) {
      return memcmp(s + n - m, t, m) == 0;
    }
    if (m == 0) {
      return 1;
    }
    for (const char *q = s, *last = s + (n - m); q <= last; q++) {
      if (!(q = memchr(q, t[0], (size_t)(last - q) + 1))) {
        return 0;
      }
      if (memcmp(q, t, m) == 0) {
        return 1;
      }
    }
    return 0;
  default:
    return -1;
  }
}

/* Past a bracket expression starting at pat[i] == '[': the index after
 * its closing ']' (a ']' first, or after '^', is a member), or len. */
static size_t bracket_end(const char *pat, size_t len, size_t i)
{
  i++;
  if (i < len && pat[i] == '^') {
    i++;
  }
  if (i < len && pat[i] == ']') {
    i++;
  }
  while (i < len && pat[i] != ']') {
    /* [:alpha:], [.x.], [=x=]: their own ']' is not the end */
    if (pat[i] == '[' && i + 1 < len &&
        (pat[i + 1] == ':' || pat[i + 1] == '.' || pat[i + 1] == '=')) {
      char close = pat[i + 1];
      i += 2;
      while (i + 1 < len && !(pat[i] == close && pat[i + 1] == ']')) {
        i++;
      }
      i += 2;
      continue;
    }
    i++;
  }
  return i < len ? i + 1 : len;
}

/* The literal bytes one alternative of an ERE starts with, from pat[i]
 * up to `end`, unescaped into lit (at most cap bytes): they stop at the
 * first special character, and a byte a quantifier follows is not
 * literal (it may repeat or be absent). Returns the count. */
static size_t leading_literal(const char *pat, size_t i, size_t end, char *lit,
                              size_t cap)
{
  size_t n = 0;
  while (i < end && n < cap) {
    char ch = pat[i];
    size_t next = i + 1;
    if (ch == '\\') {
      if (i + 1 >= end ||
          !memchr(ERE_SPECIAL, pat[i + 1], sizeof(ERE_SPECIAL) - 1)) {
        break; /* \w, \b, a back-reference: not a literal byte */
      }
      ch = pat[i + 1];
      next = i + 2;
    } else if (memchr(ERE_SPECIAL, ch, sizeof(ERE_SPECIAL) - 1)) {
      break;
    }
    if (next < end && (pat[next] == '*' || pat[next] == '+' ||
                       pat[next] == '?' || pat[next] == '{')) {
      break;
    }
    lit[n++] = ch;
    i = next;
  }
  return n;
}

/* Whether no string starting with p (n bytes) can match pattern pat (len
 * bytes, case-sensitive ERE): it is anchored at the start by ^ and every
 * alternative it can start with -- the pattern itself, or each branch of
 * a leading group that no quantifier follows -- begins with literal bytes
 * that p contradicts. False when that cannot be told this way. */
static bool anchored_excludes(const char *pat, size_t len, const char *p,
                              size_t n)
{
  char lit[64];
  size_t i = 1, end = len, depth = 0, start;
  bool group;

  if (len < 2 || pat[0] != '^') {
    return false;
  }
  /* A '|' outside every group would make another, unanchored, pattern. */
  for (size_t j = 1; j < len; j++) {
    if (pat[j] == '\\') {
      j++;
    } else if (pat[j] == '[') {
      j = bracket_end(pat, len, j) - 1;
    } else if (pat[j] == '(') {
      depth++;
    } else if (pat[j] == ')') {
      if (depth == 0) {
        return false;
      }
      depth--;
      /* the leading group's end */
      if (depth == 0 && pat[1] == '(' && end == len) {
        end = j;
      }
    } else if (pat[j] == '|' && depth == 0) {
      return false;
    }
  }
  group = pat[1] == '(';
  if (group) {
    if (end == len ||
        (end + 1 < len && (pat[end + 1] == '*' || pat[end + 1] == '+' ||
                           pat[end + 1] == '?' || pat[end + 1] == '{'))) {
      return false;
    }
    i = 2;
  }
  /* Each alternative of the group (or the one pattern) at depth 0 of it. */
  start = i;
  depth = 0;
  for (size_t j = i; j <= end; j++) {
    bool cut = j == end;
    if (!cut) {
      if (pat[j] == '\\') {
        j++;
        continue;
      }
      if (pat[j] == '[') {
        j = bracket_end(pat, len, j) - 1;
        continue;
      }
      depth += pat[j] == '(';
      depth -= pat[j] == ')' && depth > 0;
      cut = group && depth == 0 && pat[j] == '|';
    }
    if (cut) {
      size_t m = leading_literal(pat, start, j, lit, sizeof(lit));
      size_t k = m < n ? m : n;
      if (m == 0 || memcmp(lit, p, k) == 0) {
        return false; /* this alternative may match */
      }
      start = j + 1;
    }
  }
  return true;
}

/* Whether rx's pattern uses a GNU word or buffer assertion (\b, \B, \<,
 * \>, \`, \'), which tests the bytes around a match; *dollar (when
 * given) says whether a $ comes before the first one. */
static bool gnu_assertion(const rule_regex *rx, bool *dollar)
{
  for (size_t i = 0; i < rx->len; i++) {
    if (rx->pattern[i] == '$') {
      if (dollar) {
        *dollar = true;
      }
    } else if (rx->pattern[i] == '\\' && i + 1 < rx->len) {
      if (strchr("bB<>`'", rx->pattern[i + 1])) {
        return true;
      }
      i++;
    }
  }
  return false;
}

/* rx's end pattern (rule__regex_end_pattern), compiled on first use; NULL
 * when it has none. */
static const regex_t *end_get(rule_regex *rx)
{
  int st = atomic_load_explicit(&rx->end_state, memory_order_acquire);
  if (st == RE_PENDING) {
    mls_mutex_lock(&rx->lock);
    st = atomic_load_explicit(&rx->end_state, memory_order_relaxed);
    if (st == RE_PENDING) {
      char *pat = NULL;
      st = RE_FAILED;
      if (rule__regex_end_pattern(rx->pattern, rx->len, &pat) == MLS_OK &&
          pat && regcomp(&rx->end_re, pat, rx->cflags) == 0) {
        st = RE_READY;
      }
      mls_free(pat);
      atomic_store_explicit(&rx->end_state, st, memory_order_release);
    }
    mls_mutex_unlock(&rx->lock);
  }
  return st == RE_READY ? &rx->end_re : NULL;
}

int rule__regex_prefix(rule_regex *rx, const char *p, size_t n)
{
  const regex_t *re;
  bool past = false, dollar = false;
  const char *t = rx->lit_text;
  size_t m = rx->lit_len, k = m < n ? m : n;

  switch (rx->lit) {
  case LIT_ANY:
    return n > 0 ? 1 : -1;
  case LIT_TEXT:
    if (rx->lit_start) {
      /* The string's first bytes are p's: they decide whether it starts
       * with the text; the whole string is the text only if p is no
       * longer and starts it. */
      if (memcmp(p, t, k) != 0 || (rx->lit_end && n > m)) {
        return 0;
      }
      return !rx->lit_end && n >= m ? 1 : -1;
    }
    if (!rx->lit_end) {
      return rule__regex_literal(rx, p, n) == 1 ? 1 : -1;
    }
    return -1;
  default:
    break;
  }
  /* A match inside p is a match inside every string that starts with p,
   * unless the pattern can test what follows: GNU's \b, \B, \<, \>,
   * \` and \'. A $ could match at p's end, which is not the string's:
   * with REG_NOTEOL it matches nowhere in p (no REG_NEWLINE), so what
   * still matches there does without it ("^serviceAccount:|x$" on
   * "serviceAccount:" followed by anything). */
  past = gnu_assertion(rx, &dollar);
  if (!past && (re = rule__regex_get(rx)) != NULL &&
      regexec(re, p, 0, NULL, dollar ? REG_NOTEOL : 0) == 0) {
    return 1;
  }
  return !(rx->cflags & REG_ICASE) &&
                 anchored_excludes(rx->pattern, rx->len, p, n)
             ? 0
             : -1;
}

int rule__regex_shape_of(rule_regex *rx, const rule_shape_seg *segs, size_t n)
{
  return rule__regex_shape(rx->pattern, rx->len, (rx->cflags & REG_ICASE) != 0,
                           segs, n);
}

bool rule_type_is_azapi(const char *type)
{
  return strncmp(type, RULE_AZAPI_PREFIX, sizeof(RULE_AZAPI_PREFIX) - 1) == 0;
}

int rule__regex_suffix(rule_regex *rx, const char *p, size_t n)
{
  const regex_t *re;
  const char *t = rx->lit_text;
  size_t m = rx->lit_len;

  switch (rx->lit) {
  case LIT_ANY:
    return n > 0 ? 1 : -1;
  case LIT_TEXT:
    if (rx->lit_start) {
      return -1; /* the start is not known */
    }
    if (rx->lit_end) {
      /* The string's last bytes are p's: they decide whether it ends
       * with the text as far as they reach. */
      if (n >= m) {
        return memcmp(p + n - m, t, m) == 0 ? 1 : 0;
      }
      return memcmp(t + m - n, p, n) == 0 ? -1 : 0;
    }
    return rule__regex_literal(rx, p, n) == 1 ? 1 : -1;
  default:
    break;
  }
  /* A match inside p is a match inside every string that ends with p,
   * unless the pattern can test what precedes: GNU's \b, \B, \<, \>,
   * \` and \'. A ^ could match at p's start, which is not the string's:
   * REG_NOTBOL. */
  if (gnu_assertion(rx, NULL) || !(re = rule__regex_get(rx))) {
    return -1;
  }
  if (regexec(re, p, 0, NULL, REG_NOTBOL) == 0) {
    return 1;
  }
  /* No string ending with p matches when no match lies inside p (with ^
   * at its start too: the unknown part may be empty) and none starts
   * before it: p is no end of a string the pattern matches whole. */
  if (regexec(re, p, 0, NULL, 0) != 0 && (re = end_get(rx)) != NULL &&
      regexec(re, p, 0, NULL, 0) != 0) {
    return 0;
  }
  return -1;
}

int rule__regex_new(rule_regex **out, rule_set *rs, const char *pattern,
                    size_t len, bool icase, const char *source, uint32_t line,
                    char *err, size_t errsz)
{
  rule_regex *rx;
  int cflags = REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0);
  int rc;

  *out = NULL;
  /* One compiled pattern however many conditions use it: a rule that
   * tests the same statement in five places (MLS-IAM-012: five policy
   * positions, seven patterns of up to 900 bytes) would compile each five
   * times. */
  for (size_t i = 0; i < rs->nres; i++) {
    rule_regex *old = rs->res[i];
    if (old->cflags == cflags && old->len == len &&
        memcmp(old->pattern, pattern, len) == 0) {
      *out = old;
      return MLS_OK;
    }
  }
  if (!(rx = mls_calloc(1, sizeof(*rx)))) {
    return MLS_ENOMEM;
  }
  if (mls_mutex_init(&rx->lock) < 0) {
    mls_free(rx);
    return MLS_ENOMEM;
  }
  rx->cflags = cflags;
  rx->line = line;
  atomic_init(&rx->state, RE_PENDING);
  atomic_init(&rx->end_state, RE_PENDING);
  /* The loader's pattern text dies with its YAML tree: keep a copy (for
   * the deferred regcomp and the search above), and the file's name for
   * rule_set_check_regexes. */
  if (!(rx->pattern = mls_arena_strndup(rs->arena, pattern, len)) ||
      !(rx->source = mls_arena_strndup(rs->arena, source, strlen(source)))) {
    regex_free(rx);
    return MLS_ENOMEM;
  }
  rx->len = strlen(rx->pattern);
  if (literal_plan(rx, rx->pattern, rx->len) < 0) {
    regex_free(rx);
    return MLS_ENOMEM;
  }
  /* Lazily, it is compiled on first use (rule__regex_get). */
  if (!rs->lazy_regex) {
    if ((rc = regcomp(&rx->re, pattern, rx->cflags)) != 0) {
      regerror(rc, &rx->re, err, errsz);
      regex_free(rx);
      return MLS_EINPUT;
    }
    atomic_init(&rx->state, RE_READY);
  }
  if (grow((void **)&rs->res, &rs->capres, rs->nres, sizeof(*rs->res)) < 0) {
    regex_free(rx);
    return MLS_ENOMEM;
  }
  rs->res[rs->nres++] = rx;
  *out = rx;
  return MLS_OK;
}

const regex_t *rule__regex_get(rule_regex *rx)
{
  int st = atomic_load_explicit(&rx->state, memory_order_acquire);
  if (st == RE_PENDING) {
    mls_mutex_lock(&rx->lock);
    /* Another thread may have compiled it while this one waited. */
    st = atomic_load_explicit(&rx->state, memory_order_relaxed);
    if (st == RE_PENDING) {
      rx->err = regcomp(&rx->re, rx->pattern, rx->cflags);
      st = rx->err == 0 ? RE_READY : RE_FAILED;
      atomic_store_explicit(&rx->state, st, memory_order_release);
    }
    mls_mutex_unlock(&rx->lock);
  }
  return st == RE_READY ? &rx->re : NULL;
}

/* The lock of the built-in rules' deferred conditions, and the one of
 * rule_set_tf_body_types()'s computation. */
struct rule_lazy {
  mls_mutex lock;
  mls_mutex body_lock;
};

int rule__conds_ensure(const rule_set *crs)
{
  /* The set is immutable to its readers once compiled; the deferred
   * conditions are the one part written later, rule by rule
   * (rule__def_ensure). conds_ready saves the walk over them next time. */
  rule_set *rs = (rule_set *)(uintptr_t)crs;
  int rc;

  if (atomic_load_explicit(&rs->conds_ready, memory_order_acquire)) {
    return MLS_OK;
  }
  for (size_t i = 0; i < rs->nall; i++) {
    if ((rc = rule__def_ensure(rs, rs->all[i])) < 0) {
      return rc; /* tried again next time */
    }
  }
  atomic_store_explicit(&rs->conds_ready, true, memory_order_release);
  return MLS_OK;
}

int rule__def_ensure(const rule_set *crs, const rule_def *cd)
{
  /* Each rule's deferred conditions are written once, under the set's
   * lock, and published by its cond_pending. */
  rule_set *rs = (rule_set *)(uintptr_t)crs;
  rule_def *d = (rule_def *)(uintptr_t)cd;
  int rc = MLS_OK;

  if (!atomic_load_explicit(&d->cond_pending, memory_order_acquire)) {
    return MLS_OK;
  }
  mls_mutex_lock(&rs->lazy->lock);
  if (atomic_load_explicit(&d->cond_pending, memory_order_relaxed) &&
      (rc = rule__def_compile(rs, d)) == MLS_OK) {
    atomic_store_explicit(&d->cond_pending, false, memory_order_release);
  }
  mls_mutex_unlock(&rs->lazy->lock);
  return rc;
}

int rule_set_check_regexes(rule_set *rs, mls_diag *diag)
{
  const char *saved;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(rs && diag);
  /* The built-in rules' patterns are registered with their conditions. */
  if (rule__conds_ensure(rs) < 0) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  saved = diag->path;
  for (size_t i = 0; i < rs->nres; i++) {
    rule_regex *rx = rs->res[i];
    char buf[128];
    mls_range at;
    if (rule__regex_get(rx)) {
      continue;
    }
    /* Only a deferred regex can fail here: an eager one that did not
     * compile was never kept. Same text as the loader's diagnostic. */
    memset(&at, 0, sizeof(at));
    at.start.line = rx->line;
    at.end = at.start;
    regerror(rx->err, &rx->re, buf, sizeof(buf));
    diag->path = rx->source;
    mls_diag_add(diag, MLS_EINPUT, rx->line ? &at : NULL,
                 "bad regex '%.60s': %s", rx->pattern, buf);
    rc = MLS_EINPUT;
  }
  diag->path = saved;
  return rc;
}

/* ---- the set ---------------------------------------------------------------
 */

int rule_set_new(rule_set **out)
{
  rule_set *rs = mls_calloc(1, sizeof(*rs));
  *out = NULL;
  if (!rs) {
    return MLS_ENOMEM;
  }
  if (!(rs->arena = mls_arena_new(RULE_ARENA_CAP))) {
    mls_free(rs);
    return MLS_ENOMEM;
  }
  if (!(rs->lazy = mls_calloc(1, sizeof(*rs->lazy))) ||
      mls_mutex_init(&rs->lazy->lock) < 0) {
    mls_free(rs->lazy);
    mls_arena_free(rs->arena);
    mls_free(rs);
    return MLS_ENOMEM;
  }
  if (mls_mutex_init(&rs->lazy->body_lock) < 0) {
    mls_mutex_dispose(&rs->lazy->lock);
    mls_free(rs->lazy);
    mls_arena_free(rs->arena);
    mls_free(rs);
    return MLS_ENOMEM;
  }
  atomic_init(&rs->conds_ready, false);
  atomic_init(&rs->body_ready, false);
  atomic_init(&rs->ix_ready, false);
  *out = rs;
  return MLS_OK;
}

void rule_set_free(rule_set *rs)
{
  if (!rs) {
    return;
  }
  for (size_t i = 0; i < rs->nres; i++) {
    regex_free(rs->res[i]);
  }
  mls_free(rs->res);
  mls_free(rs->all);
  mls_free(rs->srcs);
  mls_free(rs->v);
  mls_free(rs->ix);
  mls_free(rs->idx);
  mls_free(rs->cfg_text);
  mls_free(rs->body_types);
  mls_mutex_dispose(&rs->lazy->lock);
  mls_mutex_dispose(&rs->lazy->body_lock);
  mls_free(rs->lazy);
  mls_arena_free(rs->arena);
  mls_free(rs);
}

int rule__add_def(rule_set *rs, rule_def *d)
{
  if (grow((void **)&rs->all, &rs->capall, rs->nall, sizeof(*rs->all)) < 0) {
    return MLS_ENOMEM;
  }
  d->order = (uint32_t)rs->nall;
  rs->all[rs->nall++] = d;
  return MLS_OK;
}

/* Keep a rule file's exact bytes for rule_set_each_source (cache keys);
 * static ones (the built-in library's digest) are not copied. */
static int keep_source(rule_set *rs, const char *data, size_t len,
                       bool is_static)
{
  const char *copy;
  if (grow((void **)&rs->srcs, &rs->capsrcs, rs->nsrcs, sizeof(*rs->srcs)) <
      0) {
    return MLS_ENOMEM;
  }
  copy = is_static || !len ? (len ? data : "")
                           : mls_arena_memdup(rs->arena, data, len);
  if (!copy) {
    return MLS_ENOMEM;
  }
  rs->srcs[rs->nsrcs].data = copy;
  rs->srcs[rs->nsrcs].len = len;
  rs->nsrcs++;
  return MLS_OK;
}

bool rule__is_checkov(const ynode *root)
{
  return root->kind == Y_MAP && rule__ymap_get(root, "metadata") &&
         rule__ymap_get(root, "definition");
}

/* Load the rule file whose YAML tree is `root`, in either format. */
static int load_root(rule_set *rs, const char *name, const ynode *root,
                     mls_diag *diag)
{
  int rc;
  if (rule__is_checkov(root)) {
    rc = rule__load_checkov(rs, name, root, diag);
  } else {
    rc = rule__load_native(rs, name, root, diag);
  }
  if (rc >= 0 && mls_arena_failed(rs->arena)) {
    rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  return rc;
}

int rule_set_add_buffer(rule_set *rs, const char *name, const char *data,
                        size_t len, mls_diag *diag)
{
  mls_arena *tmp = NULL;
  ynode *root = NULL;
  const char *saved = diag->path;
  int rc;

  MLS_ASSERT_ARG(rs && !rs->compiled && name && (data || !len) && diag);
  diag->path = name;
  if (len > MLS_MAX_RULE_BYTES) {
    rc = mls_diag_add(diag, MLS_ELIMIT, NULL,
                      "rule file of %zu bytes is too large", len);
    goto done;
  }
  if (keep_source(rs, data, len, false) < 0) {
    rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    goto done;
  }
  if (!(tmp = mls_arena_new(RULE_ARENA_CAP))) {
    rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    goto done;
  }
  if ((rc = rule__yaml_read(&root, tmp, data, len, diag)) < 0) {
    goto done;
  }
  rc = load_root(rs, name, root, diag);
done:
  mls_arena_free(tmp);
  diag->path = saved;
  return rc;
}

/* One built-in file from the tree the build read (core/rules/gen/rulec.c);
 * from its YAML if that tree does not decode (it always should). */
static int add_builtin_file(rule_set *rs, const rule_builtin *b,
                            const char *name, mls_arena *tmp, mls_diag *diag)
{
  const char *saved = diag->path;
  ynode *root = NULL;
  int rc;

  if (!b->tree ||
      rule__ytree_decode_meta(&root, tmp, b->tree, b->tree_len) < 0) {
    return rule_set_add_buffer(rs, name, (const char *)b->data, b->len, diag);
  }
  diag->path = name;
  /* Its conditions wait for their first use (rule__conds_ensure): the
   * library is tested (rules.library), and a warm sweep needs none. Its
   * bytes are in rule__builtin_digest. */
  rs->loading_builtin = b;
  rc = load_root(rs, name, root, diag);
  rs->loading_builtin = NULL;
  diag->path = saved;
  return rc;
}

/* A built-in rule from its snapshot: the rule_def rule__load_native()
 * would make of the file's tree, conditions waiting for first use. */
static int add_builtin_snap(rule_set *rs, const rule_builtin *b)
{
  const rule_snap *sn = b->snap;
  rule_def *d = mls_arena_zalloc(rs->arena, sizeof(*d));

  if (!d) {
    return MLS_ENOMEM;
  }
  d->meta = sn->meta;
  d->message = sn->message;
  d->has_tf = sn->has_tf;
  d->has_cfn = sn->has_cfn;
  if (sn->nsev_by_env > 0) {
    /* Copied: the set's own (rule_def.sev_by_env is not const). */
    if (!(d->sev_by_env =
              mls_arena_memdup(rs->arena, sn->sev_by_env,
                               sn->nsev_by_env * sizeof(*sn->sev_by_env)))) {
      return MLS_ENOMEM;
    }
    d->nsev_by_env = sn->nsev_by_env;
  }
  if (d->has_tf || d->has_cfn) {
    d->lazy_from = b;
    d->builtin = b;
    atomic_store_explicit(&d->cond_pending, true, memory_order_relaxed);
  }
  d->base_severity = d->meta.severity;
  return rule__add_def(rs, d);
}

static int add_builtins(rule_set *rs, mls_diag *diag, bool snaps);

int rule_set_add_builtin(rule_set *rs, mls_diag *diag)
{
  return add_builtins(rs, diag, true);
}

int rule__add_builtin_trees(rule_set *rs, mls_diag *diag)
{
  return add_builtins(rs, diag, false);
}

static int add_builtins(rule_set *rs, mls_diag *diag, bool snaps)
{
  int rc = MLS_OK;
  mls_arena *tmp;

  MLS_ASSERT_ARG(rs && !rs->compiled && diag);
  /* The library's patterns are tested (rules.library runs
   * rule_set_check_regexes); defer their regcomp to first use. */
  /* The library stands in the rule-pack digest by its build-time digest
   * (a file that falls back to rule_set_add_buffer adds its bytes too). */
  if (keep_source(rs, rule__builtin_digest, strlen(rule__builtin_digest),
                  true) < 0) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  rs->lazy_regex = true;
  for (size_t i = 0; i < rule__nbuiltins; i++) {
    const rule_builtin *b = &rule__builtins[i];
    char name[MLS_MAX_PATH_BYTES];
    int r;
    if (snaps && b->snap) {
      if (add_builtin_snap(rs, b) < 0) {
        rs->lazy_regex = false;
        return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
      }
      continue;
    }
    /* A fresh arena per file: the trees are dropped once loaded. */
    if (!(tmp = mls_arena_new(RULE_ARENA_CAP))) {
      rs->lazy_regex = false;
      return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    }
    snprintf(name, sizeof(name), "builtin:%s", b->name);
    r = add_builtin_file(rs, b, name, tmp, diag);
    mls_arena_free(tmp);
    if (r == MLS_ENOMEM) {
      rs->lazy_regex = false;
      return r;
    }
    if (r < 0) {
      rc = MLS_EINPUT;
    }
  }
  rs->lazy_regex = false;
  return rc;
}

/* owned: the whole file, or NULL with *rc set. */
static char *read_file(const char *path, size_t *len, int *rc)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0;
  *rc = MLS_OK;
  if (!f) {
    *rc = MLS_EIO;
    return NULL;
  }
  if (!(buf = mls_malloc((size_t)MLS_MAX_RULE_BYTES + 2))) {
    fclose(f);
    *rc = MLS_ENOMEM;
    return NULL;
  }
  n = fread(buf, 1, (size_t)MLS_MAX_RULE_BYTES + 1, f);
  if (ferror(f)) {
    *rc = MLS_EIO;
  } else if (n > MLS_MAX_RULE_BYTES) {
    *rc = MLS_ELIMIT;
  }
  fclose(f);
  if (*rc < 0) {
    mls_free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

static int add_file(rule_set *rs, const char *path, mls_diag *diag)
{
  size_t len = 0;
  int rc;
  char *data = read_file(path, &len, &rc);
  if (!data) {
    const char *saved = diag->path;
    diag->path = path;
    mls_diag_add(diag, rc == MLS_ENOMEM ? MLS_ENOMEM : MLS_EINPUT, NULL, "%s",
                 rc == MLS_ELIMIT ? "rule file too large"
                                  : "cannot read the rule file");
    diag->path = saved;
    return rc == MLS_ENOMEM ? rc : MLS_EINPUT;
  }
  rc = rule_set_add_buffer(rs, path, data, len, diag);
  mls_free(data);
  return rc;
}

static bool yaml_name(const char *n)
{
  size_t l = strlen(n);
  return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
         (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every *.yaml / *.yml below dir, sorted by name at each level, links not
 * followed. depth bounds the recursion (MLS_MAX_TREE_DEPTH). */
static int add_dir(rule_set *rs, const char *dir, int depth, mls_diag *diag)
{
  DIR *d;
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = MLS_OK;

  if (depth > MLS_MAX_TREE_DEPTH) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "%s: rule directories nest too deeply", dir);
  }
  if (!(d = opendir(dir))) {
    return mls_diag_add(diag, MLS_EINPUT, NULL, "%s: cannot list", dir);
  }
  while ((e = readdir(d))) {
    char *copy;
    if (e->d_name[0] == '.') {
      continue;
    }
    if (grow((void **)&names, &cap, n, sizeof(*names)) < 0 ||
        !(copy = mls_strndup(e->d_name, strlen(e->d_name)))) {
      rc = MLS_ENOMEM;
      break;
    }
    names[n++] = copy;
  }
  closedir(d);
  if (rc == MLS_OK) {
    qsort(names, n, sizeof(*names), cmp_str);
  }
  for (size_t i = 0; i < n && rc != MLS_ENOMEM; i++) {
    char path[MLS_MAX_PATH_BYTES];
    struct stat st;
    int r = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    if (r < 0 || (size_t)r >= sizeof(path) || lstat(path, &st) != 0) {
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      r = add_dir(rs, path, depth + 1, diag);
    } else if (S_ISREG(st.st_mode) && yaml_name(names[i])) {
      r = add_file(rs, path, diag);
    } else {
      continue;
    }
    if (r == MLS_ENOMEM) {
      rc = r;
    } else if (r < 0) {
      rc = MLS_EINPUT;
    }
  }
  for (size_t i = 0; i < n; i++) {
    mls_free(names[i]);
  }
  mls_free(names);
  return rc;
}

int rule_set_add_path(rule_set *rs, const char *path, mls_diag *diag)
{
  struct stat st;
  MLS_ASSERT_ARG(rs && path && diag);
  if (stat(path, &st) != 0) {
    return mls_diag_add(diag, MLS_EINPUT, NULL, "%s: no such rule file", path);
  }
  if (S_ISDIR(st.st_mode)) {
    return add_dir(rs, path, 0, diag);
  }
  return add_file(rs, path, diag);
}

/* ---- compile --------------------------------------------------------------
 */

static bool has_str(const char *const *v, size_t n, const char *s)
{
  for (size_t i = 0; i < n; i++) {
    if (strcmp(v[i], s) == 0) {
      return true;
    }
  }
  return false;
}

/* A config entry (`match`) names rule d by id or by one of its tags. */
static bool matches(const rule_def *d, const char *match)
{
  return strcmp(d->meta.id, match) == 0 ||
         has_str(d->meta.tags, d->meta.ntags, match);
}

static int cmp_def(const void *a, const void *b)
{
  const rule_def *x = *(rule_def *const *)a, *y = *(rule_def *const *)b;
  int c = strcmp(x->meta.id, y->meta.id);
  if (c) {
    return c;
  }
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static int cmp_ix(const void *a, const void *b)
{
  const rule_ix *x = a, *y = b;
  int c;
  if (x->fw != y->fw) {
    return x->fw < y->fw ? -1 : 1;
  }
  if ((c = strcmp(x->type, y->type))) {
    return c;
  }
  return x->rule < y->rule ? -1 : x->rule > y->rule ? 1 : 0;
}

/* The configuration as text, so cache keys change with it. */
static int config_text(rule_set *rs, const rule_config *cfg)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_RULE_BYTES);
  int rc = mls_buf_puts(&b, "mlsweep-rule-config/1\n");
  for (size_t i = 0; cfg && i < cfg->nenable && rc >= 0; i++) {
    rc = mls_buf_printf(&b, "enable %s\n", cfg->enable[i]);
  }
  for (size_t i = 0; cfg && i < cfg->ndisable && rc >= 0; i++) {
    rc = mls_buf_printf(&b, "disable %s\n", cfg->disable[i]);
  }
  for (size_t i = 0; cfg && i < cfg->noverrides && rc >= 0; i++) {
    const rule_sev_override *o = &cfg->overrides[i];
    rc = mls_buf_printf(&b, "severity %s %s %s\n", o->match,
                        mls_rsev_name(o->severity), o->env ? o->env : "*");
  }
  if (rc < 0 || !(rs->cfg_text = mls_buf_detach(&b))) {
    mls_buf_dispose(&b);
    return MLS_ENOMEM;
  }
  return MLS_OK;
}

/* FNV-1a of a rule id, for the id index. */
static size_t id_hash(const char *id)
{
  uint64_t h = 14695981039346656037u;
  for (; *id; id++) {
    h = (h ^ (unsigned char)*id) * 1099511628211u;
  }
  return (size_t)h;
}

/* rule_set.ix of a compiled set: each enabled rule's binding types,
 * sorted by (framework, type, rule), without repeats. */
static int ix_build(rule_set *rs)
{
  size_t nix = 0;

  for (size_t i = 0; i < rs->nv; i++) {
    nix += rs->v[i]->meta.ntf_types + rs->v[i]->meta.ncfn_types;
  }
  if (nix && !(rs->ix = mls_calloc(nix, sizeof(*rs->ix)))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < rs->nv; i++) {
    const rule_def *d = rs->v[i];
    for (size_t j = 0; d->has_tf && j < d->meta.ntf_types; j++) {
      rule_ix *x = &rs->ix[rs->nix++];
      x->fw = MLS_FW_TERRAFORM;
      x->type = d->meta.tf_types[j];
      x->tlen = strlen(x->type);
      x->rule = (uint32_t)i;
      if (rule_type_is_azapi(x->type)) {
        /* Looked up by the ARM type as the resource writes it, in any
         * case (rule_eval_model). */
        char t[RULE_TYPE_MAX];
        if (!(x->tlen = rule__norm_type(t, sizeof(t), x->type, x->tlen)) ||
            !(x->type = mls_arena_memdup(rs->arena, t, x->tlen + 1))) {
          return MLS_ENOMEM;
        }
      }
    }
    for (size_t j = 0; d->has_cfn && j < d->meta.ncfn_types; j++) {
      rule_ix *x = &rs->ix[rs->nix++];
      x->fw = MLS_FW_CLOUDFORMATION;
      x->type = d->meta.cfn_types[j];
      x->tlen = strlen(x->type);
      x->rule = (uint32_t)i;
    }
  }
  if (rs->nix) {
    qsort(rs->ix, rs->nix, sizeof(*rs->ix), cmp_ix);
  }
  /* A type listed twice in one binding would give two findings. */
  {
    size_t w = 0;
    for (size_t i = 0; i < rs->nix; i++) {
      if (w && cmp_ix(&rs->ix[w - 1], &rs->ix[i]) == 0) {
        continue;
      }
      rs->ix[w++] = rs->ix[i];
    }
    rs->nix = w;
  }
  return mls_arena_failed(rs->arena) ? MLS_ENOMEM : MLS_OK;
}

int rule__ix_ensure(const rule_set *crs)
{
  /* Written once, under the lock the deferred conditions take (both
   * allocate from the set's arena). */
  rule_set *rs = (rule_set *)(uintptr_t)crs;
  int rc = MLS_OK;

  if (atomic_load_explicit(&rs->ix_ready, memory_order_acquire)) {
    return MLS_OK;
  }
  mls_mutex_lock(&rs->lazy->lock);
  if (!atomic_load_explicit(&rs->ix_ready, memory_order_relaxed)) {
    if ((rc = ix_build(rs)) == MLS_OK) {
      atomic_store_explicit(&rs->ix_ready, true, memory_order_release);
    } else {
      mls_free(rs->ix);
      rs->ix = NULL;
      rs->nix = 0;
    }
  }
  mls_mutex_unlock(&rs->lazy->lock);
  return rc;
}

int rule_set_compile(rule_set *rs, const rule_config *cfg, mls_diag *diag)
{
  rule_def **sorted = NULL, *first = NULL;
  size_t n = 0;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(rs && diag && !rs->compiled);
  if (config_text(rs, cfg) < 0) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  if (rs->nall && !(sorted = mls_calloc(rs->nall, sizeof(*sorted)))) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  if (rs->nall) {
    memcpy(sorted, rs->all, rs->nall * sizeof(*sorted));
    qsort(sorted, rs->nall, sizeof(*sorted), cmp_def);
  }
  /* Drop duplicates (first loaded wins: sorted by id, then load order)
   * and disabled rules. */
  for (size_t i = 0; i < rs->nall; i++) {
    rule_def *d = sorted[i];
    bool on;
    if (first && strcmp(first->meta.id, d->meta.id) == 0) {
      const char *saved = diag->path;
      diag->path = d->meta.source;
      mls_diag_note(diag, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                    "rule %s is already loaded from %s; this one is ignored",
                    d->meta.id, first->meta.source);
      diag->path = saved;
      continue;
    }
    first = d;
    on = !cfg || cfg->nenable == 0;
    for (size_t j = 0; cfg && j < cfg->nenable; j++) {
      on = on || matches(d, cfg->enable[j]);
    }
    for (size_t j = 0; cfg && j < cfg->ndisable; j++) {
      on = on && !matches(d, cfg->disable[j]);
    }
    if (!on) {
      continue;
    }
    /* Overrides that name this rule, in order (later ones win). */
    d->noverrides = 0;
    for (size_t j = 0; cfg && j < cfg->noverrides; j++) {
      d->noverrides += matches(d, cfg->overrides[j].match) ? 1 : 0;
    }
    if (d->noverrides) {
      size_t k = 0;
      if (!(d->overrides = mls_arena_zalloc(
                rs->arena, d->noverrides * sizeof(*d->overrides)))) {
        rc = MLS_ENOMEM;
        break;
      }
      for (size_t j = 0; j < cfg->noverrides; j++) {
        const rule_sev_override *o = &cfg->overrides[j];
        if (!matches(d, o->match)) {
          continue;
        }
        d->overrides[k].severity = o->severity;
        d->overrides[k].env =
            o->env ? mls_arena_strndup(rs->arena, o->env, strlen(o->env))
                   : NULL;
        if (o->env && !d->overrides[k].env) {
          rc = MLS_ENOMEM;
          break;
        }
        k++;
      }
    }
    /* Overrides without an env fix the severity rules list with. */
    d->meta.severity = d->base_severity;
    for (size_t j = 0; j < d->noverrides; j++) {
      if (!d->overrides[j].env) {
        d->meta.severity = d->overrides[j].severity;
      }
    }
    sorted[n++] = d;
  }
  if (rc < 0) {
    mls_free(sorted);
    return mls_diag_add(diag, rc, NULL, "out of memory");
  }
  rs->v = sorted;
  rs->nv = n;
  /* rule_set_find() by hash: a cached report names its rules by id, and
   * a changed monorepo's sweep reads hundreds of thousands of them. */
  for (rs->idxcap = 16; rs->idxcap < 2 * n; rs->idxcap *= 2) {
  }
  if (!(rs->idx = mls_calloc(rs->idxcap, sizeof(*rs->idx)))) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < n; i++) {
    size_t h = id_hash(sorted[i]->meta.id) & (rs->idxcap - 1);
    while (rs->idx[h]) {
      h = (h + 1) & (rs->idxcap - 1);
    }
    rs->idx[h] = (uint32_t)i + 1;
  }
  if (mls_arena_failed(rs->arena)) {
    return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  rs->compiled = true;
  return MLS_OK;
}

size_t rule_set_count(const rule_set *rs)
{
  return rs && rs->compiled ? rs->nv : 0;
}

const rule_meta *rule_set_get(const rule_set *rs, size_t i)
{
  if (!rs || !rs->compiled || i >= rs->nv) {
    return NULL;
  }
  return &rs->v[i]->meta;
}

int rule_set_find(const rule_set *rs, const char *id)
{
  size_t h;
  if (!rs || !rs->compiled || !id || !rs->idx) {
    return -1;
  }
  for (h = id_hash(id) & (rs->idxcap - 1); rs->idx[h];
       h = (h + 1) & (rs->idxcap - 1)) {
    const rule_def *d = rs->v[rs->idx[h] - 1];
    if (strcmp(d->meta.id, id) == 0) {
      return (int)(rs->idx[h] - 1);
    }
  }
  return -1;
}

/* A growable list of type names (borrowed), for body_types. */
typedef struct type_list {
  const char **v;
  size_t n, cap;
} type_list;

static int type_push(type_list *l, const char *t)
{
  if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)) < 0) {
    return MLS_ENOMEM;
  }
  l->v[l->n++] = t;
  return MLS_OK;
}

/* The types condition k names, into l; *all when one follows a reference
 * to any type. (A built-in rule's come from its file's tree instead:
 * rule__ytree_tf_named, which names the same.) */
static int cond_types(const rule_cond *k, type_list *l, bool *all, int depth)
{
  int rc = MLS_OK;
  if (!k || depth > 4 * MLS_MAX_NESTING) {
    return MLS_OK; /* the loader bounds the depth long before */
  }
  switch (k->kind) {
  case RC_REFERENCED:
  case RC_CONNECTED:
    if (!k->type) {
      *all = true;
    } else if ((rc = type_push(l, k->type)) < 0) {
      return rc;
    }
    break;
  case RC_LEAF:
    if (k->op == OP_REFERENCES) {
      if (!k->type) {
        *all = true;
      } else if ((rc = type_push(l, k->type)) < 0) {
        return rc;
      }
    }
    break;
  default:
    break;
  }
  for (uint32_t i = 0; i < k->nkids && rc == MLS_OK; i++) {
    rc = cond_types(k->kids[i], l, all, depth + 1);
  }
  if (rc == MLS_OK && k->sub) {
    rc = cond_types(k->sub, l, all, depth + 1);
  }
  return rc;
}

static int cmp_type(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort l and drop repeats. */
static void type_unique(type_list *l)
{
  size_t u = 0;
  if (l->n > 1) {
    qsort(l->v, l->n, sizeof(*l->v), cmp_type);
  }
  for (size_t i = 0; i < l->n; i++) {
    if (u == 0 || strcmp(l->v[u - 1], l->v[i]) != 0) {
      l->v[u++] = l->v[i];
    }
  }
  l->n = u;
}

int rule__cond_tf_named(const rule_cond *k, const char ***v, size_t *n,
                        bool *all)
{
  type_list l = { NULL, 0, 0 };
  int rc;
  *all = false;
  if ((rc = cond_types(k, &l, all, 0)) < 0) {
    mls_free(l.v);
    return rc;
  }
  type_unique(&l);
  *v = l.v;
  *n = l.n;
  return MLS_OK;
}

int rule_set_tf_body_types(const rule_set *crs, const char *const **types,
                           size_t *n, bool *all)
{
  rule_set *rs = (rule_set *)(uintptr_t)crs;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(rs && rs->compiled && types && n && all);
  if ((rc = rule__ix_ensure(rs)) < 0) {
    return rc;
  }
  if (!atomic_load_explicit(&rs->body_ready, memory_order_acquire)) {
    mls_mutex_lock(&rs->lazy->body_lock);
    if (!atomic_load_explicit(&rs->body_ready, memory_order_relaxed)) {
      type_list l = { NULL, 0, 0 };
      bool any = false;
      for (size_t i = 0; i < rs->nix && rc == MLS_OK; i++) {
        if (rs->ix[i].fw == MLS_FW_TERRAFORM) {
          /* An azapi binding reads azapi_resource bodies, and those of
           * the azapi_update_resource patches of any bound type. */
          bool az = strchr(rs->ix[i].type, ':') != NULL;
          rc = type_push(&l, az ? RULE_AZAPI : rs->ix[i].type);
          if (az && rc == MLS_OK) {
            rc = type_push(&l, "azapi_update_resource");
          }
        }
      }
      for (size_t i = 0; i < rs->nv && rc == MLS_OK; i++) {
        const rule_def *d = rs->v[i];
        /* A built-in rule's names were read at build time: its
         * deferred conditions need not be compiled to learn them. */
        if (d->builtin && d->has_tf) {
          any = any || d->builtin->tf_named_all;
          for (size_t k = 0; k < d->builtin->ntf_named && rc == MLS_OK; k++) {
            rc = type_push(&l, d->builtin->tf_named[k]);
          }
        } else if (!d->builtin) {
          rc = cond_types(d->cond_tf, &l, &any, 0);
          rc = rc < 0 ? rc : cond_types(d->applies_tf, &l, &any, 0);
        }
      }
      if (rc == MLS_OK) {
        type_unique(&l);
        rs->body_types = l.v;
        rs->nbody_types = l.n;
        rs->body_all = any;
        atomic_store_explicit(&rs->body_ready, true, memory_order_release);
      } else {
        mls_free(l.v);
      }
    }
    mls_mutex_unlock(&rs->lazy->body_lock);
    if (rc < 0) {
      return rc;
    }
  }
  *types = rs->body_types;
  *n = rs->nbody_types;
  *all = rs->body_all;
  return MLS_OK;
}

void rule_set_each_source(const rule_set *rs,
                          void (*cb)(void *payload, const char *data,
                                     size_t len),
                          void *payload)
{
  if (!rs || !cb) {
    return;
  }
  for (size_t i = 0; i < rs->nsrcs; i++) {
    cb(payload, rs->srcs[i].data, rs->srcs[i].len);
  }
  if (rs->cfg_text) {
    cb(payload, rs->cfg_text, strlen(rs->cfg_text));
  }
}
