/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/scalar.c -- YAML 1.1 scalar types as CloudFormation reads
 * them.
 *
 * Stage: blob -> file model. CloudFormation documents YAML 1.1 minus the
 * binary, omap, pairs, set and timestamp types, aliases and merges; the
 * reference dumper (../shared/tools/cfnref) applies PyYAML's implicit
 * resolvers without timestamp, merge, value and yaml. This file implements
 * the same regular expressions by hand, first character first, so a plain
 * scalar costs a few comparisons:
 *
 *   bool   yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE
 *          |on|On|ON|off|Off|OFF
 *   null   ~|null|Null|NULL|(empty)
 *   int    [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*)
 *          | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
 *   float  [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?
 *          | \.[0-9][0-9_]*([eE][-+][0-9]+)?
 *          | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
 *          | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
 *
 * Values follow PyYAML's constructors: '_' is dropped, a leading 0 means
 * octal (0755 is 493; 0800 matches nothing and stays a string), ':'
 * separates base-60 digits. A float that is not finite (.inf, .nan, or too
 * large for a double) stays a string of its text, as cfnref keeps it.
 * Integers keep their text and base; u.i is set when the value fits in 64
 * bits (dump.c prints any size exactly). Trusts nothing: every read is
 * bounded by the span.
 */
#include "parsers/cfn/cfn_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_word(const char *s, size_t n, const char *a, const char *b,
                    const char *c)
{
  return (strlen(a) == n && memcmp(s, a, n) == 0) ||
         (strlen(b) == n && memcmp(s, b, n) == 0) ||
         (strlen(c) == n && memcmp(s, c, n) == 0);
}

/* The boolean a plain scalar spells: 1 true, 0 false, -1 neither. */
static int plain_bool(const char *s, size_t n)
{
  switch (s[0]) {
  case 'y':
  case 'Y':
    return is_word(s, n, "yes", "Yes", "YES") ? 1 : -1;
  case 'n':
  case 'N':
    return is_word(s, n, "no", "No", "NO") ? 0 : -1;
  case 't':
  case 'T':
    return is_word(s, n, "true", "True", "TRUE") ? 1 : -1;
  case 'f':
  case 'F':
    return is_word(s, n, "false", "False", "FALSE") ? 0 : -1;
  case 'o':
  case 'O':
    if (is_word(s, n, "on", "On", "ON")) {
      return 1;
    }
    return is_word(s, n, "off", "Off", "OFF") ? 0 : -1;
  default:
    return -1;
  }
}

static bool is_digit_(unsigned char c)
{
  return mls_isdigit(c) || c == '_';
}

/* `(:[0-5]?[0-9])+` from p: each group is ':' and one or two digits, the
 * first of two at most 5. Returns the end of the groups, or NULL when
 * there is not at least one. */
static const char *sexagesimal(const char *p, const char *end)
{
  const char *start = p;
  while (p < end && *p == ':') {
    const char *d = p + 1;
    size_t k = 0;
    while (d + k < end && mls_isdigit((unsigned char)d[k])) {
      k++;
    }
    if (k == 0 || k > 2 || (k == 2 && d[0] > '5')) {
      return NULL;
    }
    p = d + k;
  }
  return p == start ? NULL : p;
}

/* `([eE][-+][0-9]+)?$` from p. */
static bool exponent_end(const char *p, const char *end)
{
  if (p == end) {
    return true;
  }
  if ((*p != 'e' && *p != 'E') || end - p < 3 || (p[1] != '+' && p[1] != '-')) {
    return false;
  }
  for (p += 2; p < end; p++) {
    if (!mls_isdigit((unsigned char)*p)) {
      return false;
    }
  }
  return true;
}

static bool all_of(const char *p, const char *end, bool (*ok)(unsigned char))
{
  for (; p < end; p++) {
    if (!ok((unsigned char)*p)) {
      return false;
    }
  }
  return true;
}

static bool is_bin_(unsigned char c)
{
  return c == '0' || c == '1' || c == '_';
}
static bool is_oct_(unsigned char c)
{
  return (c >= '0' && c <= '7') || c == '_';
}
static bool is_hex_(unsigned char c)
{
  return mls_isxdigit(c) || c == '_';
}

/* Which float alternative s matches: 0 none, 1 decimal, 2 base 60,
 * 3 infinity, 4 nan. */
static int match_float(const char *s, size_t n)
{
  const char *p = s, *end = s + n;

  if (p < end && (*p == '-' || *p == '+')) {
    p++;
  }
  if (p < end && *p == '.') {
    /* \.[0-9][0-9_]*exp (no sign), [-+]?\.inf, \.nan */
    size_t rest = (size_t)(end - p - 1);
    if (rest == 3 && is_word(p + 1, 3, "inf", "Inf", "INF")) {
      return 3;
    }
    if (p == s && rest == 3 && is_word(p + 1, 3, "nan", "NaN", "NAN")) {
      return 4;
    }
    if (p != s || rest == 0 || !mls_isdigit((unsigned char)p[1])) {
      return 0;
    }
    p += 2;
    while (p < end && is_digit_((unsigned char)*p)) {
      p++;
    }
    return exponent_end(p, end) ? 1 : 0;
  }
  if (p == end || !mls_isdigit((unsigned char)*p)) {
    return 0;
  }
  p++;
  while (p < end && is_digit_((unsigned char)*p)) {
    p++;
  }
  if (p < end && *p == ':') {
    const char *q = sexagesimal(p, end);
    if (!q || q == end || *q != '.') {
      return 0;
    }
    return all_of(q + 1, end, is_digit_) ? 2 : 0;
  }
  if (p == end || *p != '.') {
    return 0;
  }
  p++;
  while (p < end && is_digit_((unsigned char)*p)) {
    p++;
  }
  return exponent_end(p, end) ? 1 : 0;
}

/* Which int alternative s matches: its base (2, 8, 10, 16, 60) or 0. */
static int match_int(const char *s, size_t n)
{
  const char *p = s, *end = s + n;

  if (p < end && (*p == '-' || *p == '+')) {
    p++;
  }
  if (p == end || !mls_isdigit((unsigned char)*p)) {
    return 0;
  }
  if (*p == '0') {
    if (p + 1 == end) {
      return 10;
    }
    if (p[1] == 'b') {
      return p + 2 < end && all_of(p + 2, end, is_bin_) ? 2 : 0;
    }
    if (p[1] == 'x') {
      return p + 2 < end && all_of(p + 2, end, is_hex_) ? 16 : 0;
    }
    return all_of(p + 1, end, is_oct_) ? 8 : 0;
  }
  p++;
  while (p < end && is_digit_((unsigned char)*p)) {
    p++;
  }
  if (p == end) {
    return 10;
  }
  return sexagesimal(p, end) == end ? 60 : 0;
}

/* The digits of s without '_' and without the sign, into buf (cap bytes
 * with the NUL); *neg for a leading '-'. False when it does not fit. */
static bool clean_number(char *buf, size_t cap, const char *s, size_t n,
                         bool *neg)
{
  size_t k = 0, i = 0;
  *neg = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) {
    *neg = s[i] == '-';
    i++;
  }
  for (; i < n; i++) {
    if (s[i] == '_') {
      continue;
    }
    if (k + 1 >= cap) {
      return false;
    }
    buf[k++] = s[i];
  }
  buf[k] = '\0';
  return true;
}

static int digit_value(char c)
{
  return mls_hexval((unsigned char)c);
}

/* Accumulate v = v * base + d, false on overflow of 64 bits. */
static bool mul_add(uint64_t *v, unsigned base, unsigned d)
{
  uint64_t r;
  if (__builtin_mul_overflow(*v, (uint64_t)base, &r) ||
      __builtin_add_overflow(r, (uint64_t)d, &r)) {
    return false;
  }
  *v = r;
  return true;
}

/* The value of a cleaned integer (sign removed) in `base`, as PyYAML's
 * construct_yaml_int reads it; false when it does not fit in 63 bits
 * (with the sign) or has no digit. */
static bool int_value(int64_t *out, const char *d, bool neg, int base,
                      bool *has_digits)
{
  uint64_t v = 0;
  const char *p = d;

  *has_digits = true;
  if (base == 2 || base == 16) {
    p += 2; /* 0b, 0x */
  }
  if (*p == '\0') {
    *has_digits = false;
    return false;
  }
  if (base == 60) {
    /* Groups separated by ':', most significant first. */
    uint64_t group = 0;
    for (; *p; p++) {
      if (*p == ':') {
        if (!mul_add(&v, 1, 0) || __builtin_add_overflow(v, group, &v) ||
            !mul_add(&v, 60, 0)) {
          return false;
        }
        group = 0;
        continue;
      }
      if (!mul_add(&group, 10, (unsigned)(*p - '0'))) {
        return false;
      }
    }
    if (__builtin_add_overflow(v, group, &v)) {
      return false;
    }
  } else {
    for (; *p; p++) {
      int dv = digit_value(*p);
      if (dv < 0 || dv >= base || !mul_add(&v, (unsigned)base, (unsigned)dv)) {
        return false;
      }
    }
  }
  if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX) {
    return false;
  }
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return true;
}

/* Fill an INT node from its text; false when the text has no digit after
 * its prefix (PyYAML itself fails on "0x_"). */
static bool set_int(cfn_builder *b, cfn_node *n, int base)
{
  char small[64];
  char *buf = small;
  size_t cap = sizeof(small);
  bool neg, digits = true, ok = true;
  int64_t v;

  if (n->text.len + 1 > cap) {
    if (base != 10 && n->text.len > MLS_MAX_RADIX_DIGITS) {
      if (b) {
        cfn__fail(b, MLS_ELIMIT, false, &n->range,
                  "integer of %zu characters in base %d is longer than %u "
                  "(MLS_MAX_RADIX_DIGITS)",
                  n->text.len, base, (unsigned)MLS_MAX_RADIX_DIGITS);
      }
      n->kind = CFN_STRING;
      return true;
    }
    cap = n->text.len + 1;
    if (!(buf = mls_malloc(cap))) {
      if (b) {
        cfn__nomem(b);
      }
      return true;
    }
  }
  clean_number(buf, cap, n->text.ptr, n->text.len, &neg);
  n->kind = CFN_INT;
  n->base = (uint8_t)base;
  if (int_value(&v, buf, neg, base, &digits)) {
    n->flags |= CFN_F_INT64;
    n->u.i = v;
  } else if (!digits) {
    ok = false;
  }
  if (buf != small) {
    mls_free(buf);
  }
  return ok;
}

/* Python's float() of a cleaned decimal text: strtod, which rounds
 * correctly as Python does. *end_ok when the whole text was read. */
static double to_double(const char *d, bool *end_ok)
{
  char *end = NULL;
  double v = strtod(d, &end);
  *end_ok = end && *end == '\0' && end != d;
  return v;
}

/* The value of a float written in base 60 ("1:30.5"), summed as PyYAML
 * does: least significant group first, base growing by 60. */
static double base60_double(char *d, bool *end_ok)
{
  double value = 0.0, base = 1.0;
  char *groups[64];
  size_t ng = 0;

  *end_ok = true;
  for (char *p = d;; p++) {
    if (ng == 64) {
      *end_ok = false;
      return 0;
    }
    groups[ng++] = p;
    p = strchr(p, ':');
    if (!p) {
      break;
    }
    *p = '\0';
  }
  while (ng > 0) {
    bool ok;
    double g = to_double(groups[--ng], &ok);
    if (!ok) {
      *end_ok = false;
      return 0;
    }
    value += g * base;
    base *= 60.0;
  }
  return value;
}

/* Fill a FLOAT node from its text (`kind` from match_float, or 5 for an
 * explicit !!float); a value that is not finite leaves a STRING. Returns
 * false when the text is not a number at all. */
static bool set_float(cfn_builder *b, cfn_node *n, int kind)
{
  char small[128];
  char *buf = small;
  size_t cap = sizeof(small);
  bool neg, ok = false;
  double v = 0;

  if (kind == 3 || kind == 4) {
    n->kind = CFN_STRING; /* .inf, .nan: no JSON form, kept as text */
    return true;
  }
  if (n->text.len + 2 > cap) {
    cap = n->text.len + 2;
    if (!(buf = mls_malloc(cap))) {
      if (b) {
        cfn__nomem(b);
      }
      n->kind = CFN_STRING;
      return true;
    }
  }
  clean_number(buf, cap, n->text.ptr, n->text.len, &neg);
  if (kind == 2 || (kind == 5 && strchr(buf, ':'))) {
    v = base60_double(buf, &ok);
  } else if (kind == 5 && (strchr(buf, 'x') || strchr(buf, 'X'))) {
    ok = false; /* strtod reads hex floats; Python's float() does not */
  } else {
    v = to_double(buf, &ok);
  }
  if (buf != small) {
    mls_free(buf);
  }
  if (!ok) {
    return false;
  }
  v = neg ? -v : v;
  if (!isfinite(v)) {
    n->kind = CFN_STRING;
    return true;
  }
  n->kind = CFN_FLOAT;
  n->u.d = v;
  return true;
}

void cfn__resolve_plain(cfn_builder *b, cfn_node *n)
{
  const char *s = n->text.ptr;
  size_t len = n->text.len;
  int k;

  n->kind = CFN_STRING;
  if (len == 0) {
    n->kind = CFN_NULL;
    return;
  }
  switch (s[0]) {
  case '~':
    if (len == 1) {
      n->kind = CFN_NULL;
    }
    return;
  case 'n':
  case 'N':
    if (is_word(s, len, "null", "Null", "NULL")) {
      n->kind = CFN_NULL;
      return;
    }
    break;
  case '-':
  case '+':
  case '.':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    if ((k = match_float(s, len)) != 0) {
      set_float(b, n, k);
    } else if ((k = match_int(s, len)) != 0 && !set_int(b, n, k)) {
      n->kind = CFN_STRING; /* 0b_ or 0x_: no digits */
      n->flags &= (uint8_t)~CFN_F_INT64;
    }
    return;
  default:
    break;
  }
  if ((k = plain_bool(s, len)) >= 0) {
    n->kind = CFN_BOOL;
    n->u.b = k == 1;
  }
}

/* Whether d (sign and '_' removed) is an integer PyYAML's
 * construct_yaml_int reads, and in which base. */
static int explicit_int_base(const char *d)
{
  size_t n = strlen(d);
  if (n == 0) {
    return 0;
  }
  if (strcmp(d, "0") == 0) {
    return 10;
  }
  if (d[0] == '0' && d[1] == 'b') {
    return n > 2 && strspn(d + 2, "01") == n - 2 ? 2 : 0;
  }
  if (d[0] == '0' && d[1] == 'x') {
    return n > 2 && strspn(d + 2, "0123456789abcdefABCDEF") == n - 2 ? 16 : 0;
  }
  if (d[0] == '0') {
    return strspn(d, "01234567") == n ? 8 : 0;
  }
  if (strchr(d, ':')) {
    for (const char *p = d; *p; p++) {
      if (*p == ':' && (p == d || p[1] == ':' || p[1] == '\0')) {
        return 0;
      }
      if (*p != ':' && !mls_isdigit((unsigned char)*p)) {
        return 0;
      }
    }
    return 60;
  }
  return strspn(d, "0123456789") == n ? 10 : 0;
}

bool cfn__resolve_tagged(cfn_node *n, cfn_kind kind)
{
  char small[64];
  char *buf = small;
  bool neg, ok = false;
  int base;

  switch (kind) {
  case CFN_NULL:
    n->kind = CFN_NULL;
    return true;
  case CFN_BOOL:
    if (n->text.len == 0 || n->text.len > 5) {
      return false;
    }
    for (size_t i = 0; i < n->text.len; i++) {
      small[i] = (char)mls_tolower((unsigned char)n->text.ptr[i]);
    }
    {
      int v = plain_bool(small, n->text.len);
      if (v < 0) {
        return false;
      }
      n->kind = CFN_BOOL;
      n->u.b = v == 1;
    }
    return true;
  case CFN_INT: {
    size_t cap =
        n->text.len + 1 > sizeof(small) ? n->text.len + 1 : sizeof(small);
    if (cap > sizeof(small) && !(buf = mls_malloc(cap))) {
      return false;
    }
    clean_number(buf, cap, n->text.ptr, n->text.len, &neg);
    base = explicit_int_base(buf);
    if (buf != small) {
      mls_free(buf);
    }
    if (base == 0 || (base != 10 && n->text.len > MLS_MAX_RADIX_DIGITS)) {
      return false;
    }
    return set_int(NULL, n, base);
  }
  case CFN_FLOAT: {
    /* PyYAML lowercases, so .INF and .NaN are accepted here too. */
    char low[8];
    size_t k = 0;
    const char *p = n->text.ptr;
    size_t len = n->text.len;
    if (len > 0 && (p[0] == '-' || p[0] == '+')) {
      p++;
      len--;
    }
    for (; k < len && k < sizeof(low) - 1; k++) {
      low[k] = (char)mls_tolower((unsigned char)p[k]);
    }
    low[k] = '\0';
    if (len == 4 && (strcmp(low, ".inf") == 0 || strcmp(low, ".nan") == 0)) {
      n->kind = CFN_STRING;
      return true;
    }
    if (len == 0 || n->text.len > MLS_MAX_RADIX_DIGITS) {
      return false;
    }
    ok = set_float(NULL, n, 5);
    return ok;
  }
  default:
    return false;
  }
}
