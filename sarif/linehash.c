/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/linehash.c -- GitHub's primaryLocationLineHash.
 *
 * Stage: called by the engine while it holds a file's bytes, so the
 * writers never need the file again. Implements the algorithm of
 * github/codeql-action src/fingerprints.ts as the shared reference
 * (sarif-github.md section 5) describes it: the bytes are decoded as UTF-8
 * the way WHATWG (and Node) do, one U+FFFD per maximal invalid
 * subsequence, and hashed as UTF-16 code units with a 100-unit rolling
 * hash (multiplier 37, uint64 arithmetic that wraps). Trusts nothing in
 * the bytes: any input gives one hash per line. Memory: one counter per
 * distinct line hash of the file.
 */
#include "sarif/sarif.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <inttypes.h>
#include <string.h>

#define BLOCK 100

/* Counts of hash values seen so far: open addressing, linear probing. */
typedef struct hcount {
  uint64_t key;   /* the hash */
  uint32_t count; /* 0: empty slot */
} hcount;

typedef struct lh {
  uint64_t window[BLOCK]; /* the last BLOCK code units */
  int64_t line_at[BLOCK]; /* line starting at that unit, or -1 */
  uint64_t first_mod;     /* 37^BLOCK mod 2^64 */
  hcount *tab;            /* owned: the counts */
  size_t cap;             /* slots in tab, a power of two */
  size_t used;            /* filled slots */
  sarif_line_hash_cb cb;  /* borrowed: the caller's callback */
  void *payload;          /* borrowed: its argument */
  int rc;                 /* first failure or cb stop value, sticky */
} lh;

static uint32_t *count_slot(lh *s, uint64_t key)
{
  if (s->used * 2 >= s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 64;
    hcount *nt = mls_calloc(ncap, sizeof(*nt));
    if (!nt) {
      return NULL;
    }
    for (size_t i = 0; i < s->cap; i++) {
      if (s->tab[i].count) {
        size_t j = (size_t)(s->tab[i].key * 0x9E3779B97F4A7C15u) & (ncap - 1);
        while (nt[j].count) {
          j = (j + 1) & (ncap - 1);
        }
        nt[j] = s->tab[i];
      }
    }
    mls_free(s->tab);
    s->tab = nt;
    s->cap = ncap;
  }
  size_t j = (size_t)(key * 0x9E3779B97F4A7C15u) & (s->cap - 1);
  while (s->tab[j].count && s->tab[j].key != key) {
    j = (j + 1) & (s->cap - 1);
  }
  if (!s->tab[j].count) {
    s->tab[j].key = key;
    s->used++;
  }
  return &s->tab[j].count;
}

/* The rolling hash's scalar state, in locals while the input is hashed
 * (decode) so that it stays in registers. */
typedef struct run {
  uint64_t hash;   /* rolling hash of the window */
  unsigned idx;    /* next slot of the window */
  int64_t line;    /* lines started so far */
  bool line_start; /* the next unit starts a line */
  bool prev_cr;    /* the last unit was a CR */
} run;

/* The hash of the line that started at the window's oldest unit: to the
 * callback, counted among the equal ones seen so far (once a line, so
 * out of line; emit_at() is the per-unit test). */
static void emit(lh *s, const run *r)
{
  if (s->rc == 0) {
    uint32_t *c = count_slot(s, r->hash);
    if (!c) {
      s->rc = MLS_ENOMEM;
    } else {
      ++*c;
      s->rc = s->cb(s->payload, (uint32_t)s->line_at[r->idx], r->hash, *c);
    }
  }
  s->line_at[r->idx] = -1;
}

static inline void emit_at(lh *s, const run *r)
{
  if (s->line_at[r->idx] != -1) {
    emit(s, r);
  }
}

/* Slide the window by one unit c. */
static inline void roll(lh *s, run *r, uint64_t c)
{
  uint64_t begin = s->window[r->idx];
  s->window[r->idx] = c;
  r->hash = 37u * r->hash + c - s->first_mod * begin;
  if (++r->idx == BLOCK) {
    r->idx = 0;
  }
}

/* One UTF-16 code unit. */
static inline void unit(lh *s, run *r, uint32_t c)
{
  if (c == ' ' || c == '\t' || (r->prev_cr && c == '\n')) {
    r->prev_cr = false;
    return;
  }
  if (c == '\r') {
    c = '\n';
    r->prev_cr = true;
  } else {
    r->prev_cr = false;
  }
  emit_at(s, r);
  if (r->line_start) {
    r->line_start = false;
    r->line++;
    s->line_at[r->idx] = r->line;
  }
  if (c == '\n') {
    r->line_start = true;
  }
  roll(s, r, c);
}

/* A code point as JavaScript's charCodeAt sees it: one unit, or a
 * surrogate pair above U+FFFF. */
static inline void unit_cp(lh *s, run *r, uint32_t cp)
{
  if (cp > 0xFFFF) {
    cp -= 0x10000;
    unit(s, r, 0xD800 + (cp >> 10));
    unit(s, r, 0xDC00 + (cp & 0x3FF));
  } else {
    unit(s, r, cp);
  }
}

/* Hash the n bytes at p to their end, decoded the way WHATWG's UTF-8
 * decoder does (Encoding Standard, "UTF-8 decoder"): a byte outside the
 * expected range ends the sequence with one U+FFFD and is itself decoded
 * again. */
static void decode(lh *s, const unsigned char *p, size_t n)
{
  uint32_t cp = 0;
  unsigned needed = 0, seen = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  run r = { 0, 0, 0, true, false };

  for (size_t i = 0; i < n && s->rc == 0; i++) {
    unsigned char b = p[i];
    if (needed == 0) {
      if (b <= 0x7F) {
        unit(s, &r, b); /* one UTF-16 unit */
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        cp = b & 0x1Fu;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) {
          lower = 0xA0;
        } else if (b == 0xED) {
          upper = 0x9F;
        }
        needed = 2;
        cp = b & 0xFu;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) {
          lower = 0x90;
        } else if (b == 0xF4) {
          upper = 0x8F;
        }
        needed = 3;
        cp = b & 0x7u;
      } else {
        unit(s, &r, 0xFFFD);
      }
      continue;
    }
    if (b < lower || b > upper) {
      cp = 0;
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      unit(s, &r, 0xFFFD);
      i--; /* decode b again as the start of a sequence */
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3Fu);
    if (++seen == needed) {
      unit_cp(s, &r, cp);
      cp = 0;
      needed = seen = 0;
    }
  }
  if (needed != 0 && s->rc == 0) {
    unit(s, &r, 0xFFFD);
  }
  if (s->rc == 0) {
    unit(s, &r, 0xFFFF); /* EOF: opens a last line after a final newline */
  }
  /* The lines still in the window. */
  for (int i = 0; i < BLOCK && s->rc == 0; i++) {
    emit_at(s, &r);
    roll(s, &r, 0);
  }
}

int sarif_line_hash_each(const char *bytes, size_t len, sarif_line_hash_cb cb,
                         void *payload)
{
  lh *s = mls_calloc(1, sizeof(*s));
  int rc;

  if (!s) {
    return MLS_ENOMEM;
  }
  s->first_mod = 1;
  for (int i = 0; i < BLOCK; i++) {
    s->first_mod *= 37u;
    s->line_at[i] = -1;
  }
  s->cb = cb;
  s->payload = payload;
  decode(s, (const unsigned char *)bytes, bytes ? len : 0);
  rc = s->rc;
  mls_free(s->tab);
  mls_free(s);
  return rc;
}

static void format_hash(char out[SARIF_LINE_HASH_SIZE], uint64_t hash,
                        uint32_t count)
{
  snprintf(out, SARIF_LINE_HASH_SIZE, "%" PRIx64 ":%" PRIu32, hash, count);
}

typedef struct one_line {
  uint32_t want; /* the line asked for */
  char *out;     /* borrowed: the caller's buffer */
} one_line;

/* 1: found, stop the walk (a positive value is never an mls_rc). */
static int one_line_cb(void *payload, uint32_t line, uint64_t hash,
                       uint32_t count)
{
  one_line *o = payload;
  if (line != o->want) {
    return 0;
  }
  format_hash(o->out, hash, count);
  return 1;
}

int sarif_line_hash(char out[SARIF_LINE_HASH_SIZE], const char *bytes,
                    size_t len, uint32_t line)
{
  one_line o = { line, out };
  int rc;

  out[0] = '\0';
  rc = sarif_line_hash_each(bytes, len, one_line_cb, &o);
  if (rc == 1) {
    return MLS_OK;
  }
  return rc < 0 ? rc : MLS_EINPUT;
}

typedef struct fill {
  mls_result *v;   /* borrowed: the caller's results */
  uint32_t *order; /* owned by the caller: indices sorted by line */
  size_t n;        /* entries in order */
  size_t next;     /* first entry of order not yet filled */
} fill;

static int fill_cb(void *payload, uint32_t line, uint64_t hash, uint32_t count)
{
  fill *f = payload;
  while (f->next < f->n && f->v[f->order[f->next]].line < line) {
    f->next++; /* line 0: no hash (the writers reject it anyway) */
  }
  while (f->next < f->n && f->v[f->order[f->next]].line == line) {
    format_hash(f->v[f->order[f->next]].line_hash, hash, count);
    f->next++;
  }
  return f->next == f->n ? 1 : 0;
}

/* Insertion sort of indices by (line, index). qsort() takes no payload,
 * and a global would not be thread-safe. One file's results number at most
 * a few MLS_MAX_FINDINGS_PER_FILE and usually arrive sorted, where this is
 * linear. */
static void sort_by_line(uint32_t *idx, size_t n, const mls_result *v)
{
  for (size_t i = 1; i < n; i++) {
    uint32_t x = idx[i];
    size_t j = i;
    while (j > 0 && (v[idx[j - 1]].line > v[x].line ||
                     (v[idx[j - 1]].line == v[x].line && idx[j - 1] > x))) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = x;
  }
}

int sarif_line_hash_fill(mls_result *v, size_t n, const char *path,
                         const char *bytes, size_t len)
{
  fill f = { v, NULL, 0, 0 };
  size_t bytes_needed;
  int rc;

  if (n == 0) {
    return MLS_OK;
  }
  if (n > UINT32_MAX || !mls_mul_sz(&bytes_needed, n, sizeof(uint32_t))) {
    return MLS_ELIMIT;
  }
  if (!(f.order = mls_malloc(bytes_needed))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    if (!path || (v[i].path && strcmp(v[i].path, path) == 0)) {
      v[i].line_hash[0] = '\0';
      f.order[f.n++] = (uint32_t)i;
    }
  }
  sort_by_line(f.order, f.n, v);
  rc = f.n ? sarif_line_hash_each(bytes, len, fill_cb, &f) : 0;
  mls_free(f.order);
  return rc == 1 ? MLS_OK : rc;
}
