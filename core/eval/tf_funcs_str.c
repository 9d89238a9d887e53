/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_str.c -- string functions, format() and formatlist().
 *
 * Stage: evaluation. Terraform's string functions are Go's strings package
 * under cty: upper/lower map code points one by one (unicode.ToUpper, no
 * special casing), title() is strings.Title, trimspace() strips
 * unicode.IsSpace, and lengths, substr() and format() widths count
 * grapheme clusters. format() follows cty's format_fsm (flags, width,
 * precision, [n] argument index, then the verb; unused arguments are an
 * error) and Go's fmt for numbers: %d/%b/%o/%x as big.Int, %e/%f/%g as
 * big.Float, %v of a number as the shortest decimal.
 *
 * Trusts nothing: strings may hold invalid UTF-8 (such bytes are kept and
 * count as one character), every result goes through the bounded builder.
 */
#define _GNU_SOURCE /* memmem(): glibc declares it only on request */

#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

/* The substring s[a..b) as a result (borrowed from the argument). */
static int sub(tf_fn__call *c, mls_value **out, mls_span s, size_t a, size_t b)
{
  return ok(out, tf_fn__str_borrow(c, mls_span_of(s.ptr + a, b - a)));
}

/* ---- case ---------------------------------------------------------------- */

/* Go's unicode.IsSpace. */
static bool go_space(uint32_t cp)
{
  switch (cp) {
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
  case ' ':
  case 0x85:
  case 0xA0:
    return true;
  default:
    return cp > 0xFF && uc_is_property_white_space(cp);
  }
}

/* Go's strings.Title: a letter or digit after a "separator" is titled. */
static bool go_separator(uint32_t cp)
{
  if (cp <= 0x7F) {
    return !(mls_isalnum((unsigned char)cp) || cp == '_');
  }
  if (uc_is_general_category(cp, UC_CATEGORY_L) ||
      uc_is_general_category(cp, UC_CATEGORY_Nd)) {
    return false;
  }
  return go_space(cp);
}

enum { CASE_UPPER, CASE_LOWER, CASE_TITLE };

static int map_case(tf_fn__call *c, mls_value **out, int mode)
{
  const unsigned char *p, *end;
  uint32_t prev = ' ';
  mls_span s;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0) {
    return rc;
  }
  tf_fn__sb_init(&sb, c);
  p = (const unsigned char *)s.ptr;
  end = p + s.len;
  if (mode != CASE_TITLE) {
    /* ASCII (most names and tags): byte by byte, a chunk at a time. */
    const unsigned char *q = p;
    while (q < end && *q < 0x80) {
      q++;
    }
    if (q == end) {
      char chunk[256];
      while (p < end) {
        size_t n = (size_t)(end - p) < sizeof(chunk) ? (size_t)(end - p)
                                                     : sizeof(chunk);
        for (size_t i = 0; i < n; i++) {
          unsigned char ch = p[i];
          chunk[i] = (char)(mode == CASE_LOWER ? mls_tolower(ch)
                            : mls_islower(ch)  ? ch - 32
                                               : ch);
        }
        tf_fn__sb_put(&sb, chunk, n);
        p += n;
      }
      return tf_fn__sb_result(c, &sb, out);
    }
  }
  while (p < end) {
    uint32_t cp, m;
    unsigned char enc[4];
    size_t n = mls_utf8_decode(&cp, p, end), e;
    if (n == 0) {
      tf_fn__sb_putc(&sb, (char)*p++);
      prev = 0xFFFD;
      continue;
    }
    switch (mode) {
    case CASE_UPPER:
      m = cp < 0x80 ? (mls_islower((unsigned char)cp) ? cp - 32 : cp)
                    : uc_toupper(cp);
      break;
    case CASE_LOWER:
      m = cp < 0x80 ? mls_tolower((unsigned char)cp) : uc_tolower(cp);
      break;
    default:
      m = go_separator(prev) ? uc_totitle(cp) : cp;
      prev = cp;
      break;
    }
    e = mls_utf8_encode(enc, m);
    if (e == 0) { /* cannot happen for a case mapping; keep the input */
      e = mls_utf8_encode(enc, cp);
    }
    tf_fn__sb_put(&sb, enc, e);
    p += n;
  }
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_upper(tf_fn__call *c, mls_value **out)
{
  return map_case(c, out, CASE_UPPER);
}

int tf_fn__fn_lower(tf_fn__call *c, mls_value **out)
{
  return map_case(c, out, CASE_LOWER);
}

int tf_fn__fn_title(tf_fn__call *c, mls_value **out)
{
  return map_case(c, out, CASE_TITLE);
}

/* ---- trimming ------------------------------------------------------------ */

/* The code point that ends at s[end) (decoding backwards), its start in
 * *start; invalid bytes are one-byte "code points" 0xFFFD. */
static uint32_t last_cp(mls_span s, size_t end, size_t *start)
{
  size_t i = end;
  uint32_t cp;
  while (i > 0 && end - i < 4) {
    i--;
    if (((unsigned char)s.ptr[i] & 0xC0) != 0x80) {
      break;
    }
  }
  if (mls_utf8_decode(&cp, (const unsigned char *)s.ptr + i,
                      (const unsigned char *)s.ptr + end) == end - i) {
    *start = i;
    return cp;
  }
  *start = end - 1;
  return 0xFFFD;
}

static uint32_t first_cp(mls_span s, size_t at, size_t *next)
{
  uint32_t cp;
  size_t n = mls_utf8_decode(&cp, (const unsigned char *)s.ptr + at,
                             (const unsigned char *)s.ptr + s.len);
  *next = at + (n ? n : 1);
  return n ? cp : 0xFFFD;
}

int tf_fn__fn_trimspace(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  size_t a = 0, b, next;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0) {
    return rc;
  }
  b = s.len;
  while (a < b && go_space(first_cp(s, a, &next))) {
    a = next;
  }
  while (b > a && go_space(last_cp(s, b, &next))) {
    b = next;
  }
  return sub(c, out, s, a, b);
}

/* The code points of a cutset: ASCII in a table, the rest sorted. */
typedef struct cutset {
  bool ascii[128];  /* ASCII members */
  uint32_t *others; /* arena: non-ASCII members, ascending */
  size_t nothers;   /* entries in others */
} cutset;

static int cp_order(const void *pa, const void *pb)
{
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return a < b ? -1 : a > b;
}

static int cutset_init(tf_fn__call *c, mls_span cut, cutset *cs)
{
  size_t i = 0, next, bytes;
  memset(cs->ascii, 0, sizeof(cs->ascii));
  cs->nothers = 0;
  if (!mls_mul_sz(&bytes, cut.len ? cut.len : 1, sizeof(uint32_t)) ||
      !(cs->others = mls_arena_alloc(c->ctx->arena, bytes))) {
    return MLS_ENOMEM;
  }
  while (i < cut.len) {
    uint32_t cp = first_cp(cut, i, &next);
    if (cp < 128) {
      cs->ascii[cp] = true;
    } else {
      cs->others[cs->nothers++] = cp;
    }
    i = next;
  }
  qsort(cs->others, cs->nothers, sizeof(uint32_t), cp_order);
  return MLS_OK;
}

static bool in_cutset(const cutset *cs, uint32_t cp)
{
  size_t lo = 0, hi = cs->nothers;
  if (cp < 128) {
    return cs->ascii[cp];
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cs->others[mid] == cp) {
      return true;
    }
    if (cs->others[mid] < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

int tf_fn__fn_trim(tf_fn__call *c, mls_value **out)
{
  mls_span s, cut;
  size_t a = 0, b, next;
  cutset cs;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &cut)) <= 0) {
    return rc;
  }
  if ((rc = cutset_init(c, cut, &cs)) < 0) {
    return rc;
  }
  b = s.len;
  while (a < b && in_cutset(&cs, first_cp(s, a, &next))) {
    a = next;
  }
  while (b > a && in_cutset(&cs, last_cp(s, b, &next))) {
    b = next;
  }
  return sub(c, out, s, a, b);
}

int tf_fn__fn_trimprefix(tf_fn__call *c, mls_value **out)
{
  mls_span s, p;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &p)) <= 0) {
    return rc;
  }
  if (p.len <= s.len && memcmp(s.ptr, p.ptr, p.len) == 0) {
    return sub(c, out, s, p.len, s.len);
  }
  return sub(c, out, s, 0, s.len);
}

int tf_fn__fn_trimsuffix(tf_fn__call *c, mls_value **out)
{
  mls_span s, p;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &p)) <= 0) {
    return rc;
  }
  if (p.len <= s.len && memcmp(s.ptr + s.len - p.len, p.ptr, p.len) == 0) {
    return sub(c, out, s, 0, s.len - p.len);
  }
  return sub(c, out, s, 0, s.len);
}

int tf_fn__fn_chomp(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  size_t b;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0) {
    return rc;
  }
  b = s.len;
  while (b > 0 && (s.ptr[b - 1] == '\n' || s.ptr[b - 1] == '\r')) {
    b--;
  }
  return sub(c, out, s, 0, b);
}

/* ---- predicates ---------------------------------------------------------- */

static int str_pred(tf_fn__call *c, mls_value **out, int which)
{
  mls_span s, p;
  bool r = false;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &p)) <= 0) {
    return rc;
  }
  if (p.len <= s.len) {
    switch (which) {
    case 0:
      r = memcmp(s.ptr, p.ptr, p.len) == 0;
      break;
    case 1:
      r = memcmp(s.ptr + s.len - p.len, p.ptr, p.len) == 0;
      break;
    default:
      r = p.len == 0 || memmem(s.ptr, s.len, p.ptr, p.len) != NULL;
      break;
    }
  }
  return ok(out, tf_fn__bool(c, r));
}

int tf_fn__fn_startswith(tf_fn__call *c, mls_value **out)
{
  return str_pred(c, out, 0);
}

int tf_fn__fn_endswith(tf_fn__call *c, mls_value **out)
{
  return str_pred(c, out, 1);
}

int tf_fn__fn_strcontains(tf_fn__call *c, mls_value **out)
{
  return str_pred(c, out, 2);
}

/* ---- indent, join, split, replace, strrev, substr ------------------------ */

int tf_fn__fn_indent(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  int64_t spaces;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_int(c, c->args[0], &spaces)) < 0) {
    return rc;
  }
  if (rc == 0 || spaces < 0 || spaces > (int64_t)MLS_MAX_FUNC_STRING_BYTES) {
    return tf_fn__error(c, out, "spaces must be a whole number from 0");
  }
  if ((rc = tf_fn__want_str(c, out, 1, &s)) <= 0) {
    return rc;
  }
  tf_fn__sb_init(&sb, c);
  for (size_t i = 0; i < s.len; i++) {
    tf_fn__sb_putc(&sb, s.ptr[i]);
    if (s.ptr[i] == '\n') {
      for (int64_t k = 0; k < spaces && !sb.err; k++) {
        tf_fn__sb_putc(&sb, ' ');
      }
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_join(tf_fn__call *c, mls_value **out)
{
  mls_span sep;
  tf_fn__sb sb;
  bool first = true;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &sep)) <= 0) {
    return rc;
  }
  if (c->nargs < 2) {
    return tf_fn__error(c, out, "at least one list is required");
  }
  for (uint32_t a = 1; a < c->nargs; a++) {
    if (c->args[a]->kind != MLS_V_LIST) {
      return tf_fn__error(c, out,
                          "argument %u: a list of strings is required, "
                          "not %s",
                          a + 1, tf_fn__kind(c->args[a]));
    }
  }
  tf_fn__sb_init(&sb, c);
  for (uint32_t a = 1; a < c->nargs; a++) {
    const mls_value *l = c->args[a];
    for (uint32_t i = 0; i < l->u.list.n; i++) {
      const mls_value *v = l->u.list.items[i];
      mls_span s;
      if (!v || v->kind == MLS_V_NULL) {
        return c->nargs > 2
                   ? tf_fn__error(c, out,
                                  "element %u of list %u is null; cannot "
                                  "concatenate null values",
                                  i, a)
                   : tf_fn__error(c, out,
                                  "element %u is null; cannot "
                                  "concatenate null values",
                                  i);
      }
      if ((rc = tf_fn__as_str(c, v, &s)) <= 0) {
        return rc < 0 ? rc
                      : tf_fn__error(c, out,
                                     "element %u: a string is required, not %s",
                                     i, tf_fn__kind(v));
      }
      if (!first) {
        tf_fn__sb_span(&sb, sep);
      }
      tf_fn__sb_span(&sb, s);
      first = false;
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}

/* Length of the UTF-8 sequence at s[i] (1 for an invalid byte). */
static size_t seq_len(mls_span s, size_t i)
{
  size_t next;
  (void)first_cp(s, i, &next);
  return next - i;
}

int tf_fn__fn_split(tf_fn__call *c, mls_value **out)
{
  mls_span sep, s;
  mls_value **items;
  size_t n = 0, k = 0;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &sep)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &s)) <= 0) {
    return rc;
  }
  /* Count the pieces first (Go's strings.Split). */
  if (sep.len == 0) {
    for (size_t i = 0; i < s.len; i += seq_len(s, i)) {
      n++;
    }
  } else {
    n = 1;
    for (const char *q = s.ptr, *end = s.ptr + s.len;
         (q = memmem(q, (size_t)(end - q), sep.ptr, sep.len)) != NULL;
         q += sep.len) {
      n++;
    }
  }
  if (n > MLS_MAX_BODY_ITEMS) {
    return tf_fn__limit(c, out,
                        "the result has more elements than "
                        "MLS_MAX_BODY_ITEMS");
  }
  if (!(items = tf_fn__items(c, n))) {
    return MLS_ENOMEM;
  }
  if (sep.len == 0) {
    for (size_t i = 0; i < s.len; i += seq_len(s, i)) {
      if (!(items[k++] =
                tf_fn__str_borrow(c, mls_span_of(s.ptr + i, seq_len(s, i))))) {
        return MLS_ENOMEM;
      }
    }
  } else {
    const char *q = s.ptr, *end = s.ptr + s.len, *hit;
    while ((hit = memmem(q, (size_t)(end - q), sep.ptr, sep.len)) != NULL) {
      if (!(items[k++] =
                tf_fn__str_borrow(c, mls_span_of(q, (size_t)(hit - q))))) {
        return MLS_ENOMEM;
      }
      q = hit + sep.len;
    }
    if (!(items[k++] =
              tf_fn__str_borrow(c, mls_span_of(q, (size_t)(end - q))))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, items, (uint32_t)k, false));
}

int tf_fn__fn_replace(tf_fn__call *c, mls_value **out)
{
  mls_span s, old, repl;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &old)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 2, &repl)) <= 0) {
    return rc;
  }
  if (old.len > 1 && old.ptr[0] == '/' && old.ptr[old.len - 1] == '/') {
    return tf_fn__regex_replace(c, s, mls_span_of(old.ptr + 1, old.len - 2),
                                repl, out);
  }
  tf_fn__sb_init(&sb, c);
  if (old.len == 0) {
    /* Go: a match before every character and at the end. */
    for (size_t i = 0; i < s.len; i += seq_len(s, i)) {
      tf_fn__sb_span(&sb, repl);
      tf_fn__sb_put(&sb, s.ptr + i, seq_len(s, i));
    }
    tf_fn__sb_span(&sb, repl);
    return tf_fn__sb_result(c, &sb, out);
  }
  for (const char *q = s.ptr, *end = s.ptr + s.len, *hit;; q = hit + old.len) {
    hit = memmem(q, (size_t)(end - q), old.ptr, old.len);
    tf_fn__sb_put(&sb, q, (size_t)((hit ? hit : end) - q));
    if (!hit) {
      break;
    }
    tf_fn__sb_span(&sb, repl);
  }
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_strrev(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  char *buf;
  size_t pos;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0) {
    return rc;
  }
  if (!(buf = mls_arena_alloc(c->ctx->arena, s.len ? s.len : 1))) {
    return MLS_ENOMEM;
  }
  pos = s.len;
  for (size_t i = 0; i < s.len;) {
    size_t e = tf_fn__grapheme_next(s.ptr, s.len, i);
    pos -= e - i;
    memcpy(buf + pos, s.ptr + i, e - i);
    i = e;
  }
  return ok(out, tf_fn__str_borrow(c, mls_span_of(buf, s.len)));
}

int tf_fn__fn_substr(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  int64_t offset, length, pos = 0;
  size_t i = 0, start = 0;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &s)) <= 0) {
    return rc;
  }
  if ((rc = tf_fn__as_int(c, c->args[1], &offset)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "offset: a whole number is required");
  }
  if ((rc = tf_fn__as_int(c, c->args[2], &length)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "length: a whole number is required");
  }
  if (length == 0) {
    return sub(c, out, s, 0, 0);
  }
  if (offset < 0) {
    offset += (int64_t)tf_fn__grapheme_count(s);
  }
  /* Seek to the offset-th character, as cty does. */
  if (offset > 0) {
    while (i < s.len) {
      i = tf_fn__grapheme_next(s.ptr, s.len, i);
      if (++pos == offset) {
        break;
      }
    }
    if (pos < offset) {
      return sub(c, out, s, 0, 0);
    }
    start = i;
  }
  if (length < 0) {
    return sub(c, out, s, start, s.len);
  }
  pos = 0;
  for (i = start; i < s.len;) {
    i = tf_fn__grapheme_next(s.ptr, s.len, i);
    if (++pos == length) {
      break;
    }
  }
  return sub(c, out, s, start, i);
}

/* ---- format -------------------------------------------------------------- */

/* One % sequence of a format string. */
typedef struct verb {
  size_t offset;   /* of the '%' in the spec */
  mls_span raw;    /* the whole sequence, for messages */
  uint32_t argnum; /* 1-based argument number */
  char mode;       /* the verb letter */
  bool zero, sharp, plus, minus, space;
  bool has_width, has_prec;
  long width, prec; /* bounded to MLS_MAX_FUNC_STRING_BYTES */
} verb;

/* Pad `body` (already formatted, cnt characters) to v->width. */
static void pad(tf_fn__sb *sb, const verb *v, mls_span body, size_t cnt)
{
  size_t padn =
      v->has_width && (size_t)v->width > cnt ? (size_t)v->width - cnt : 0;
  char ch = v->zero ? '0' : ' ';
  if (!v->minus) {
    for (size_t i = 0; i < padn && !sb->err; i++) {
      tf_fn__sb_putc(sb, ch);
    }
  }
  tf_fn__sb_span(sb, body);
  if (v->minus) {
    for (size_t i = 0; i < padn && !sb->err; i++) {
      tf_fn__sb_putc(sb, ch);
    }
  }
}

/* Digits of the non-negative decimal `dec` in base 2, 8 or 16, most
 * significant first, into an arena buffer. */
static int to_base(tf_fn__call *c, mls_span dec, unsigned base, bool upper,
                   mls_span *out)
{
  const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  size_t n = dec.len, cap, k = 0;
  unsigned char *num;
  char *digits;

  if (!mls_mul_sz(&cap, n ? n : 1, 4) ||
      !(num = mls_arena_memdup(c->ctx->arena, dec.ptr, n ? n : 1)) ||
      !(digits = mls_arena_alloc(c->ctx->arena, cap))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    num[i] = (unsigned char)(num[i] - '0');
  }
  /* Long division of the decimal digits by base, until zero. */
  for (size_t first = 0; first < n;) {
    unsigned rem = 0;
    for (size_t i = first; i < n; i++) {
      unsigned cur = rem * 10 + num[i];
      num[i] = (unsigned char)(cur / base);
      rem = cur % base;
    }
    digits[k++] = hex[rem];
    while (first < n && num[first] == 0) {
      first++;
    }
  }
  if (k == 0) {
    digits[k++] = '0';
  }
  for (size_t i = 0; i < k / 2; i++) {
    char t = digits[i];
    digits[i] = digits[k - 1 - i];
    digits[k - 1 - i] = t;
  }
  *out = mls_span_of(digits, k);
  return MLS_OK;
}

/* %b %d %o %x %X of an integer, as Go formats a *big.Int. */
static int fmt_integer(tf_fn__call *c, tf_fn__sb *sb, const verb *v,
                       mls_span text)
{
  bool neg = text.len > 0 && text.ptr[0] == '-';
  mls_span dec = neg ? mls_span_of(text.ptr + 1, text.len - 1) : text;
  mls_span digits = dec;
  const char *sign = neg ? "-" : v->plus ? "+" : v->space ? " " : "";
  const char *prefix = "";
  size_t zeros = 0, left = 0, right = 0, length;
  int rc;

  if (v->mode != 'd') {
    if ((rc = to_base(c, dec,
                      v->mode == 'b'   ? 2
                      : v->mode == 'o' ? 8
                                       : 16,
                      v->mode == 'X', &digits)) < 0) {
      return rc;
    }
    if (v->sharp) {
      prefix = v->mode == 'b'   ? "0b"
               : v->mode == 'o' ? "0"
               : v->mode == 'x' ? "0x"
                                : "0X";
    }
  }
  if (v->has_prec) {
    if (digits.len < (size_t)v->prec) {
      zeros = (size_t)v->prec - digits.len;
    } else if (digits.len == 1 && digits.ptr[0] == '0' && v->prec == 0) {
      return MLS_OK; /* Go prints nothing for zero at precision 0 */
    }
  }
  length = strlen(sign) + strlen(prefix) + zeros + digits.len;
  if (v->has_width && length < (size_t)v->width) {
    size_t d = (size_t)v->width - length;
    if (v->minus) {
      right = d;
    } else if (v->zero && !v->has_prec) {
      zeros = d;
    } else {
      left = d;
    }
  }
  for (size_t i = 0; i < left && !sb->err; i++) {
    tf_fn__sb_putc(sb, ' ');
  }
  tf_fn__sb_puts(sb, sign);
  tf_fn__sb_puts(sb, prefix);
  for (size_t i = 0; i < zeros && !sb->err; i++) {
    tf_fn__sb_putc(sb, '0');
  }
  tf_fn__sb_span(sb, digits);
  for (size_t i = 0; i < right && !sb->err; i++) {
    tf_fn__sb_putc(sb, ' ');
  }
  return MLS_OK;
}

/* A decimal the way Go's big.Float formatter holds one: the value is
 * 0.mant x 10^exp, mant has no leading or trailing zeros ("" for zero). */
typedef struct decimal {
  char *mant; /* arena: the digits, with room for one more */
  size_t n;   /* digits in mant */
  long exp;   /* position of the decimal point */
  bool neg;   /* a minus sign */
} decimal;

/* Parse a number's exact text ([-]digits[.digits][e[+-]digits]). */
static int dec_parse(tf_fn__call *c, mls_span t, decimal *d)
{
  size_t i = 0, k = 0;
  long e = 0, intdigits = 0;
  bool seen_point = false, eneg = false;

  memset(d, 0, sizeof(*d));
  if (!(d->mant = mls_arena_alloc(c->ctx->arena, t.len + 2))) {
    return MLS_ENOMEM;
  }
  if (i < t.len && t.ptr[i] == '-') {
    d->neg = true;
    i++;
  }
  for (; i < t.len && (mls_isdigit((unsigned char)t.ptr[i]) ||
                       (t.ptr[i] == '.' && !seen_point));
       i++) {
    if (t.ptr[i] == '.') {
      seen_point = true;
      continue;
    }
    if (k == 0 && t.ptr[i] == '0') {
      intdigits -= seen_point; /* a leading zero: the point moves */
      continue;
    }
    d->mant[k++] = t.ptr[i];
    intdigits += !seen_point;
  }
  if (i < t.len && (t.ptr[i] == 'e' || t.ptr[i] == 'E')) {
    i++;
    if (i < t.len && (t.ptr[i] == '+' || t.ptr[i] == '-')) {
      eneg = t.ptr[i++] == '-';
    }
    for (; i < t.len && mls_isdigit((unsigned char)t.ptr[i]); i++) {
      e = e < 100000000L ? e * 10 + (t.ptr[i] - '0') : e;
    }
  }
  while (k > 0 && d->mant[k - 1] == '0') {
    k--;
  }
  d->n = k;
  d->exp = k ? intdigits + (eneg ? -e : e) : 0;
  if (!k) {
    d->neg = false;
  }
  return MLS_OK;
}

/* big's decimal.round: keep `keep` digits, half to even on a tie. */
static void dec_round(decimal *d, long keep)
{
  size_t n;
  bool up;

  if (keep < 0 || (size_t)keep >= d->n) {
    return;
  }
  n = (size_t)keep;
  if (d->mant[n] == '5' && n + 1 == d->n) {
    up = n > 0 && ((d->mant[n - 1] - '0') & 1) != 0;
  } else {
    up = d->mant[n] >= '5';
  }
  if (up) {
    while (n > 0 && d->mant[n - 1] == '9') {
      n--;
    }
    if (n == 0) {
      d->mant[0] = '1';
      d->n = 1;
      d->exp++;
      return;
    }
    d->mant[n - 1]++;
    d->n = n;
    return;
  }
  d->n = n;
  while (d->n > 0 && d->mant[d->n - 1] == '0') {
    d->n--;
  }
  if (d->n == 0) {
    d->exp = 0;
  }
}

static char dec_at(const decimal *d, long i)
{
  return i >= 0 && (size_t)i < d->n ? d->mant[i] : '0';
}

/* Go's fmtE: d.ddde+XX, at least two exponent digits. */
static void dec_fmt_e(tf_fn__sb *sb, const decimal *d, long prec, char e)
{
  long exp = d->n ? d->exp - 1 : 0;
  tf_fn__sb_putc(sb, dec_at(d, 0));
  if (prec > 0) {
    tf_fn__sb_putc(sb, '.');
    for (long i = 1; i <= prec && !sb->err; i++) {
      tf_fn__sb_putc(sb, dec_at(d, i));
    }
  }
  tf_fn__sb_printf(sb, "%c%c%s%ld", e, exp < 0 ? '-' : '+',
                   (exp < 0 ? -exp : exp) < 10 ? "0" : "",
                   exp < 0 ? -exp : exp);
}

/* Go's fmtF: ddd.ddd. */
static void dec_fmt_f(tf_fn__sb *sb, const decimal *d, long prec)
{
  if (d->exp > 0) {
    for (long i = 0; i < d->exp && !sb->err; i++) {
      tf_fn__sb_putc(sb, dec_at(d, i));
    }
  } else {
    tf_fn__sb_putc(sb, '0');
  }
  if (prec > 0) {
    tf_fn__sb_putc(sb, '.');
    for (long i = 1; i <= prec && !sb->err; i++) {
      tf_fn__sb_putc(sb, dec_at(d, d->exp + i - 1));
    }
  }
}

/* big.Float.Append(mode, prec) of the exact decimal `text`; prec < 0 is
 * the shortest form. The sign is written as a leading '-'. */
static int dec_format(tf_fn__call *c, tf_fn__sb *sb, mls_span text, char mode,
                      long prec)
{
  bool shortest = prec < 0;
  decimal d;
  int rc;

  if ((rc = dec_parse(c, text, &d)) < 0) {
    return rc;
  }
  if (d.neg) {
    tf_fn__sb_putc(sb, '-');
  }
  if (shortest) {
    prec = (long)d.n; /* only 'g' and 'G' come here without precision */
  } else if (mode == 'e' || mode == 'E') {
    dec_round(&d, 1 + prec);
  } else if (mode == 'f') {
    dec_round(&d, d.exp + prec);
  } else {
    if (prec == 0) {
      prec = 1;
    }
    dec_round(&d, prec);
  }
  switch (mode) {
  case 'e':
  case 'E':
    dec_fmt_e(sb, &d, prec, mode);
    return MLS_OK;
  case 'f':
    dec_fmt_f(sb, &d, prec);
    return MLS_OK;
  default: {
    long eprec = prec, x = d.exp - 1;
    if (eprec > (long)d.n && (long)d.n >= d.exp) {
      eprec = (long)d.n;
    }
    if (shortest) {
      eprec = 6;
    }
    if (x < -4 || x >= eprec) {
      if (prec > (long)d.n) {
        prec = (long)d.n;
      }
      dec_fmt_e(sb, &d, prec - 1, mode == 'g' ? 'e' : 'E');
    } else {
      if (prec > d.exp) {
        prec = (long)d.n;
      }
      dec_fmt_f(sb, &d, prec - d.exp > 0 ? prec - d.exp : 0);
    }
    return MLS_OK;
  }
  }
}

/* %e %E %f %g %G of a number, as Go formats a *big.Float: the digits come
 * from the exact decimal text, so 1e38 prints all 39 digits. */
static int fmt_float(tf_fn__call *c, tf_fn__sb *sb, const verb *v,
                     mls_span text)
{
  const char *body, *sign = "";
  size_t n, padn = 0;
  tf_fn__sb num;
  long prec = v->has_prec ? v->prec : 6;
  int rc;

  if (!v->has_prec && (v->mode == 'g' || v->mode == 'G')) {
    prec = -1;
  }
  tf_fn__sb_init(&num, c);
  if ((rc = dec_format(c, &num, text, v->mode, prec)) < 0) {
    return rc;
  }
  if (num.err) {
    return num.err;
  }
  body = num.ptr;
  n = num.len;
  if (n > 0 && body[0] == '-') {
    sign = "-";
    body++;
    n--;
  } else if (v->plus) {
    sign = "+";
  } else if (v->space) {
    sign = " ";
  }
  if (v->has_width && (size_t)v->width > strlen(sign) + n) {
    padn = (size_t)v->width - strlen(sign) - n;
  }
  if (v->zero) {
    tf_fn__sb_puts(sb, sign);
    for (size_t i = 0; i < padn && !sb->err; i++) {
      tf_fn__sb_putc(sb, '0');
    }
    tf_fn__sb_put(sb, body, n);
  } else if (v->minus) {
    tf_fn__sb_puts(sb, sign);
    tf_fn__sb_put(sb, body, n);
    for (size_t i = 0; i < padn && !sb->err; i++) {
      tf_fn__sb_putc(sb, ' ');
    }
  } else {
    for (size_t i = 0; i < padn && !sb->err; i++) {
      tf_fn__sb_putc(sb, ' ');
    }
    tf_fn__sb_puts(sb, sign);
    tf_fn__sb_put(sb, body, n);
  }
  return MLS_OK;
}

/* Format one verb; *bad gets a message when the argument does not fit. */
static int fmt_verb(tf_fn__call *c, tf_fn__sb *sb, const verb *v,
                    const mls_value *arg, char *bad, size_t badcap)
{
  bool null = !arg || arg->kind == MLS_V_NULL;
  int rc;

  if (v->mode != 'v' && null) {
    snprintf(bad, badcap,
             "unsupported value for \"%.*s\" at %zu: null value cannot be "
             "formatted",
             (int)v->raw.len, v->raw.ptr, v->offset);
    return MLS_OK;
  }
  switch (v->mode) {
  case 'v':
    if (!v->sharp && !null && arg->kind == MLS_V_STRING) {
      pad(sb, v, arg->u.str, tf_fn__grapheme_count(arg->u.str));
      return MLS_OK;
    }
    if (!v->sharp && !null && arg->kind == MLS_V_NUMBER) {
      mls_span text;
      tf_fn__sb num;
      tf_fn__sb_init(&num, c);
      if ((rc = tf_fn__num_canon(c, arg, &text)) < 0 ||
          (rc = dec_format(c, &num, text, 'g', -1)) < 0) {
        return rc;
      }
      if (num.err) {
        return num.err;
      }
      pad(sb, v, mls_span_of(num.ptr, num.len), num.len);
      return MLS_OK;
    }
    {
      tf_fn__sb json;
      tf_fn__sb_init(&json, c);
      if (null) {
        tf_fn__sb_puts(&json, "null");
      } else if ((rc = tf_fn__json_write(c, &json, arg, 0)) < 0) {
        return rc;
      }
      if (json.err) {
        return json.err;
      }
      pad(sb, v, mls_span_of(json.ptr, json.len),
          tf_fn__grapheme_count(mls_span_of(json.ptr, json.len)));
    }
    return MLS_OK;
  case 't': {
    bool b;
    if (!tf_fn__as_bool(arg, &b)) {
      snprintf(bad, badcap,
               "unsupported value for \"%.*s\" at %zu: a bool is required",
               (int)v->raw.len, v->raw.ptr, v->offset);
      return MLS_OK;
    }
    tf_fn__sb_puts(sb, b ? "true" : "false");
    return MLS_OK;
  }
  case 'b':
  case 'd':
  case 'o':
  case 'x':
  case 'X':
  case 'e':
  case 'E':
  case 'f':
  case 'g':
  case 'G': {
    double d;
    mls_span text;
    if ((rc = tf_fn__as_num(c, arg, &d, &text)) < 0) {
      return rc;
    }
    if (rc == 0) {
      snprintf(bad, badcap,
               "unsupported value for \"%.*s\" at %zu: a number is required",
               (int)v->raw.len, v->raw.ptr, v->offset);
      return MLS_OK;
    }
    if (strchr("bdoxX", v->mode)) {
      if (memchr(text.ptr, '.', text.len)) {
        snprintf(bad, badcap,
                 "unsupported value for \"%.*s\" at %zu: an integer is "
                 "required",
                 (int)v->raw.len, v->raw.ptr, v->offset);
        return MLS_OK;
      }
      return fmt_integer(c, sb, v, text);
    }
    return fmt_float(c, sb, v, text);
  }
  case 's':
  case 'q': {
    mls_span s;
    size_t end = 0;
    if ((rc = tf_fn__as_str(c, arg, &s)) < 0) {
      return rc;
    }
    if (rc == 0) {
      snprintf(bad, badcap,
               "unsupported value for \"%.*s\" at %zu: a string is required",
               (int)v->raw.len, v->raw.ptr, v->offset);
      return MLS_OK;
    }
    if (v->has_prec && v->prec > 0) {
      for (long i = 0; i < v->prec && end < s.len; i++) {
        end = tf_fn__grapheme_next(s.ptr, s.len, end);
      }
      s.len = end;
    }
    if (v->mode == 's') {
      pad(sb, v, s, tf_fn__grapheme_count(s));
    } else {
      tf_fn__sb q;
      tf_fn__sb_init(&q, c);
      tf_fn__json_string(&q, s);
      if (q.err) {
        return q.err;
      }
      pad(sb, v, mls_span_of(q.ptr, q.len),
          tf_fn__grapheme_count(mls_span_of(q.ptr, q.len)));
    }
    return MLS_OK;
  }
  default:
    snprintf(bad, badcap,
             "unsupported format verb '%c' in \"%.*s\" at "
             "offset %zu",
             v->mode, (int)v->raw.len, v->raw.ptr, v->offset);
    return MLS_OK;
  }
}

/* A decimal number at spec[*i] starting with 1-9; false when none. */
static bool read_num(mls_span spec, size_t *i, long *out)
{
  long n = 0;
  if (*i >= spec.len || spec.ptr[*i] < '1' || spec.ptr[*i] > '9') {
    return false;
  }
  while (*i < spec.len && mls_isdigit((unsigned char)spec.ptr[*i])) {
    if (n < (long)MLS_MAX_FUNC_STRING_BYTES) {
      n = n * 10 + (spec.ptr[*i] - '0');
    }
    (*i)++;
  }
  *out = n;
  return true;
}

/* Run a format spec over args into sb. A failure leaves a message in bad
 * (bad[0] != 0) and returns MLS_OK; MLS_ENOMEM/MLS_ELIMIT otherwise. */
static int run_format(tf_fn__call *c, tf_fn__sb *sb, mls_span spec,
                      mls_value *const *args, uint32_t nargs, char *bad,
                      size_t badcap)
{
  uint32_t next = 1, highest = 0;
  size_t i = 0;
  int rc;

  bad[0] = '\0';
  while (i < spec.len) {
    verb v;
    long num;
    if (spec.ptr[i] != '%') {
      size_t j = i;
      while (j < spec.len && spec.ptr[j] != '%') {
        j++;
      }
      tf_fn__sb_put(sb, spec.ptr + i, j - i);
      i = j;
      continue;
    }
    if (i + 1 < spec.len && spec.ptr[i + 1] == '%') {
      tf_fn__sb_putc(sb, '%');
      i += 2;
      continue;
    }
    memset(&v, 0, sizeof(v));
    v.offset = i;
    v.argnum = next;
    i++;
    for (; i < spec.len && strchr("0#-+ ", spec.ptr[i]); i++) {
      switch (spec.ptr[i]) {
      case '0':
        v.zero = true;
        break;
      case '#':
        v.sharp = true;
        break;
      case '-':
        v.minus = true;
        break;
      case '+':
        v.plus = true;
        break;
      default:
        v.space = true;
        break;
      }
    }
    if (read_num(spec, &i, &num)) {
      v.has_width = true;
      v.width = num;
    }
    if (i < spec.len && spec.ptr[i] == '.') {
      v.has_prec = true;
      for (i++; i < spec.len && mls_isdigit((unsigned char)spec.ptr[i]); i++) {
        if (v.prec < (long)MLS_MAX_FUNC_STRING_BYTES) {
          v.prec = v.prec * 10 + (spec.ptr[i] - '0');
        }
      }
    }
    if (i < spec.len && spec.ptr[i] == '[') {
      i++;
      if (!read_num(spec, &i, &num) || i >= spec.len || spec.ptr[i] != ']') {
        if (i >= spec.len) {
          snprintf(bad, badcap, "invalid format string starting at offset %zu",
                   i);
        } else {
          snprintf(bad, badcap,
                   "unrecognized format character '%c' at offset %zu",
                   spec.ptr[i], i);
        }
        return MLS_OK;
      }
      i++;
      v.argnum = num > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)num;
    }
    if (i >= spec.len) {
      snprintf(bad, badcap, "invalid format string starting at offset %zu", i);
      return MLS_OK;
    }
    if (!mls_isalpha((unsigned char)spec.ptr[i])) {
      snprintf(bad, badcap, "unrecognized format character '%c' at offset %zu",
               spec.ptr[i], i);
      return MLS_OK;
    }
    v.mode = spec.ptr[i++];
    v.raw = mls_span_of(spec.ptr + v.offset, i - v.offset);
    if (v.argnum > highest) {
      highest = v.argnum;
    }
    if (v.argnum > nargs) {
      snprintf(bad, badcap,
               "not enough arguments for \"%.*s\" at %zu: need index %u but "
               "have %u total",
               (int)v.raw.len, v.raw.ptr, v.offset, v.argnum, nargs);
      return MLS_OK;
    }
    if ((rc = fmt_verb(c, sb, &v, args[v.argnum - 1], bad, badcap)) < 0) {
      return rc;
    }
    if (bad[0]) {
      return MLS_OK;
    }
    next = v.argnum + 1;
  }
  if (highest < nargs) {
    if (highest == 0) {
      snprintf(bad, badcap, "too many arguments; no verbs in format string");
    } else {
      snprintf(bad, badcap,
               "too many arguments; only %u used by format "
               "string",
               highest);
    }
  }
  return sb->err;
}

int tf_fn__fn_format(tf_fn__call *c, mls_value **out)
{
  char bad[MLS_MAX_DIAG_MESSAGE];
  mls_span spec;
  tf_fn__sb sb;
  int rc;

  if (!c->args[0] || c->args[0]->kind == MLS_V_NULL) {
    return tf_fn__error(c, out, "argument 1 must not be null");
  }
  if ((rc = tf_fn__want_str(c, out, 0, &spec)) <= 0) {
    return rc;
  }
  tf_fn__sb_init(&sb, c);
  if ((rc = run_format(c, &sb, spec, c->args + 1, c->nargs - 1, bad,
                       sizeof(bad))) < 0) {
    return rc;
  }
  if (bad[0]) {
    return tf_fn__error(c, out, "%s", bad);
  }
  return tf_fn__sb_result(c, &sb, out);
}

static bool has_unknown(const mls_value *v, int depth)
{
  if (!v || depth > TF_FN__MAX_DEPTH) {
    return false;
  }
  if (v->kind == MLS_V_UNKNOWN) {
    return true;
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if (has_unknown(v->u.list.items[i], depth + 1)) {
        return true;
      }
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      if (has_unknown(v->u.map.entries[i].value, depth + 1)) {
        return true;
      }
    }
  }
  return false;
}

int tf_fn__fn_formatlist(tf_fn__call *c, mls_value **out)
{
  char bad[MLS_MAX_DIAG_MESSAGE];
  mls_value **fargs, **items;
  uint32_t nf = c->nargs - 1;
  int64_t len = -1;
  mls_span spec;
  int rc;

  if (!c->args[0] || c->args[0]->kind == MLS_V_NULL) {
    return tf_fn__error(c, out, "argument 1 must not be null");
  }
  if (c->args[0]->kind == MLS_V_UNKNOWN) {
    return tf_fn__unknown(c, out, c->args[0]->u.unknown.why);
  }
  if ((rc = tf_fn__want_str(c, out, 0, &spec)) <= 0) {
    return rc;
  }
  for (uint32_t i = 1; i < c->nargs; i++) {
    const mls_value *a = c->args[i];
    if (a && a->kind == MLS_V_UNKNOWN) {
      return tf_fn__unknown(c, out, a->u.unknown.why);
    }
    if (a && a->kind == MLS_V_LIST) {
      if (len < 0) {
        len = a->u.list.n;
      } else if ((int64_t)a->u.list.n != len) {
        return tf_fn__error(c, out,
                            "argument %u has length %u, which is inconsistent "
                            "with the others of length %lld",
                            i + 1, a->u.list.n, (long long)len);
      }
    }
  }
  if (len < 0) {
    len = 1;
  }
  if (!(items = tf_fn__items(c, (size_t)len)) ||
      !(fargs = tf_fn__items(c, nf))) {
    return MLS_ENOMEM;
  }
  for (int64_t k = 0; k < len; k++) {
    bool unknown = false;
    tf_fn__sb sb;
    for (uint32_t i = 0; i < nf; i++) {
      mls_value *a = c->args[i + 1];
      fargs[i] = a && a->kind == MLS_V_LIST ? a->u.list.items[k] : a;
      unknown = unknown || has_unknown(fargs[i], 0);
    }
    if (unknown) {
      /* This element is unknown; the others may still be known. */
      if ((rc = tf_fn__unknown(c, &items[k], "an argument is unknown")) < 0) {
        return rc;
      }
      continue;
    }
    tf_fn__sb_init(&sb, c);
    if ((rc = run_format(c, &sb, spec, fargs, nf, bad, sizeof(bad))) < 0) {
      return rc;
    }
    if (bad[0]) {
      return tf_fn__error(c, out, "error on format iteration %lld: %s",
                          (long long)k, bad);
    }
    if ((rc = tf_fn__sb_result(c, &sb, &items[k])) < 0) {
      return rc;
    }
  }
  return ok(out, tf_fn__list(c, items, (uint32_t)len, false));
}
