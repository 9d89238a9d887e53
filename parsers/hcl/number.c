/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/number.c -- canonical decimal text of an HCL number literal.
 *
 * Stage: tree -> output. hclref prints a number literal's value the way cty
 * holds it: the exact decimal in plain positional notation ("1.50" -> "1.5",
 * "1e3" -> "1000", "1e-7" -> "0.0000001", "0e5" -> "0"). This file does the
 * same with digit-string manipulation only, so any length stays exact; no
 * double is ever involved. Magnitudes whose binary exponent passes +-4096
 * are written the way Go's big.Float prints them with Text('e', -1)
 * ("1e+1300"), as hclref does. Trusts nothing about `raw`: text that is not
 * a number literal gives -1. Inputs with more than about 150 significant
 * digits are printed exactly, where cty would round them to 512 bits.
 */
#include "parsers/hcl/hcl.h"

#include "core/base/ascii.h"

#include <stdint.h>
#include <string.h>

/* Decimal exponents are accumulated up to this magnitude; anything larger
 * cannot be printed into any buffer and is only kept as "huge". */
#define EXP_CLAMP 100000000L

/* 2^4096 has 1234 decimal digits and 5^4097 has 2864; both fit these. */
#define POW_DIGITS_MAX 2900

/* The literal split into its significant digits: value = 0.D x 10^point,
 * where D = digits[0..ndigits) has no leading or trailing zero. */
typedef struct num_parts {
  const char *int_part;  /* borrowed: raw; integer digits */
  size_t int_len;        /* digits before '.' */
  const char *frac_part; /* borrowed: raw; fraction digits */
  size_t frac_len;       /* digits after '.' */
  long exp;              /* decimal exponent, clamped to +-EXP_CLAMP */
  bool negative;         /* a leading '-' (JSON syntax only) */
} num_parts;

/* Split raw text into its parts; false if it is not a number literal. */
static bool split(num_parts *np, mls_span raw)
{
  const char *p = raw.ptr, *end;

  memset(np, 0, sizeof(*np));
  if (raw.len == 0 || !raw.ptr) {
    return false;
  }
  end = raw.ptr + raw.len; /* not before the check: NULL + 0 is undefined */
  if (*p == '-') {
    np->negative = true;
    p++;
  }
  np->int_part = p;
  while (p < end && mls_isdigit((unsigned char)*p)) {
    p++;
  }
  np->int_len = (size_t)(p - np->int_part);
  if (p < end && *p == '.') {
    p++;
    np->frac_part = p;
    while (p < end && mls_isdigit((unsigned char)*p)) {
      p++;
    }
    np->frac_len = (size_t)(p - np->frac_part);
  }
  if (np->int_len == 0 && np->frac_len == 0) {
    return false;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    bool eneg = false;
    long e = 0;
    const char *ds;
    p++;
    if (p < end && (*p == '+' || *p == '-')) {
      eneg = *p == '-';
      p++;
    }
    ds = p;
    while (p < end && mls_isdigit((unsigned char)*p)) {
      if (e < EXP_CLAMP) {
        e = e * 10 + (*p - '0');
      }
      p++;
    }
    if (p == ds) {
      return false;
    }
    if (e > EXP_CLAMP) {
      e = EXP_CLAMP;
    }
    np->exp = eneg ? -e : e;
  }
  return p == end;
}

/* The i-th digit of the concatenation int_part ++ frac_part. */
static char digit_at(const num_parts *np, size_t i)
{
  return i < np->int_len ? np->int_part[i] : np->frac_part[i - np->int_len];
}

/* Decimal digits of b^n (b is 2 or 5), most significant first, into out.
 * Returns the number of digits. Only called for the boundary decades. */
static size_t pow_digits(char out[POW_DIGITS_MAX], unsigned b, unsigned n)
{
  unsigned char rev[POW_DIGITS_MAX]; /* least significant first */
  size_t len = 1;

  rev[0] = 1;
  for (unsigned k = 0; k < n; k++) {
    unsigned carry = 0;
    for (size_t i = 0; i < len; i++) {
      unsigned v = rev[i] * b + carry;
      rev[i] = (unsigned char)(v % 10);
      carry = v / 10;
    }
    while (carry && len < POW_DIGITS_MAX) {
      rev[len++] = (unsigned char)(carry % 10);
      carry /= 10;
    }
  }
  for (size_t i = 0; i < len; i++) {
    out[i] = (char)('0' + rev[len - 1 - i]);
  }
  return len;
}

/* Compare the significant digits d[0..n) with ref[0..m) as 0.d vs 0.ref. */
static int cmp_frac(const num_parts *np, size_t first, size_t n,
                    const char *ref, size_t m)
{
  size_t k = n > m ? n : m;
  for (size_t i = 0; i < k; i++) {
    char a = i < n ? digit_at(np, first + i) : '0';
    char b = i < m ? ref[i] : '0';
    if (a != b) {
      return a < b ? -1 : 1;
    }
  }
  return 0;
}

/* Whether Go's big.Float would print this value in %e form: its binary
 * exponent (MantExp, 0.5 <= mant < 1) is above 4096 or below -4096, that
 * is v >= 2^4096 (about 1.04e1233) or v < 2^-4097 (about 4.79e-1234).
 * `point` is the decimal position: v = 0.D x 10^point, D[0] != 0. */
static bool needs_e_form(const num_parts *np, size_t first, size_t n,
                         long point)
{
  char ref[POW_DIGITS_MAX];
  size_t m;

  if (point > 1234) {
    return true;
  }
  if (point == 1234) { /* 2^4096 has 1234 digits: compare 0.D with 0.R */
    m = pow_digits(ref, 2, 4096);
    return cmp_frac(np, first, n, ref, m) >= 0;
  }
  if (point < -1233) {
    return true;
  }
  if (point == -1233) {
    /* 2^-4097 = 5^4097 x 10^-4097; 5^4097 has 2864 digits, so
     * 2^-4097 = 0.R x 10^(2864 - 4097) = 0.R x 10^-1233. */
    m = pow_digits(ref, 5, 4097);
    return cmp_frac(np, first, n, ref, m) < 0;
  }
  return false;
}

/* Appends into buf[*len..cap); false once it would not fit with the NUL. */
static bool put(char *buf, size_t cap, size_t *len, char c)
{
  if (*len + 1 >= cap) {
    return false;
  }
  buf[(*len)++] = c;
  return true;
}

static bool put_zeros(char *buf, size_t cap, size_t *len, size_t n)
{
  if (n >= cap || *len + n + 1 > cap) {
    return false;
  }
  memset(buf + *len, '0', n);
  *len += n;
  return true;
}

static bool put_long(char *buf, size_t cap, size_t *len, long v)
{
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) {
    if (!put(buf, cap, len, tmp[--n])) {
      return false;
    }
  }
  return true;
}

int hcl_number_canon(char *buf, size_t cap, mls_span raw)
{
  num_parts np;
  size_t total, first, last, n, len = 0;
  long point;

  if (!buf || cap == 0 || !split(&np, raw)) {
    return -1;
  }
  total = np.int_len + np.frac_len;
  first = 0;
  while (first < total && digit_at(&np, first) == '0') {
    first++;
  }
  if (first == total) { /* zero, whatever the exponent: cty prints "0" */
    if (cap < 2) {
      return -1;
    }
    buf[0] = '0';
    buf[1] = '\0';
    return 1;
  }
  last = total;
  while (digit_at(&np, last - 1) == '0') {
    last--;
  }
  n = last - first;
  /* v = 0.D x 10^point with D = digits[first..last). */
  point = (long)np.int_len - (long)first + np.exp;
  if (np.negative && !put(buf, cap, &len, '-')) {
    return -1;
  }
  if (needs_e_form(&np, first, n, point)) {
    /* Go: d[.ddd]e(+|-)XX with at least two exponent digits. */
    long e10 = point - 1;
    if (!put(buf, cap, &len, digit_at(&np, first))) {
      return -1;
    }
    if (n > 1 && !put(buf, cap, &len, '.')) {
      return -1;
    }
    for (size_t i = 1; i < n; i++) {
      if (!put(buf, cap, &len, digit_at(&np, first + i))) {
        return -1;
      }
    }
    if (!put(buf, cap, &len, 'e') ||
        !put(buf, cap, &len, e10 < 0 ? '-' : '+')) {
      return -1;
    }
    if (e10 < 0) {
      e10 = -e10;
    }
    if ((e10 < 10 && !put(buf, cap, &len, '0')) ||
        !put_long(buf, cap, &len, e10)) {
      return -1;
    }
  } else if (point <= 0) { /* 0.000ddd */
    if (!put(buf, cap, &len, '0') || !put(buf, cap, &len, '.') ||
        !put_zeros(buf, cap, &len, (size_t)-point)) {
      return -1;
    }
    for (size_t i = 0; i < n; i++) {
      if (!put(buf, cap, &len, digit_at(&np, first + i))) {
        return -1;
      }
    }
  } else if ((size_t)point >= n) { /* ddd000 */
    for (size_t i = 0; i < n; i++) {
      if (!put(buf, cap, &len, digit_at(&np, first + i))) {
        return -1;
      }
    }
    if (!put_zeros(buf, cap, &len, (size_t)point - n)) {
      return -1;
    }
  } else { /* ddd.ddd */
    for (size_t i = 0; i < n; i++) {
      if ((size_t)point == i && !put(buf, cap, &len, '.')) {
        return -1;
      }
      if (!put(buf, cap, &len, digit_at(&np, first + i))) {
        return -1;
      }
    }
  }
  if (len > INT32_MAX) {
    return -1;
  }
  buf[len] = '\0';
  return (int)len;
}
