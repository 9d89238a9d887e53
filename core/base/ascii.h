/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/ascii.h -- locale-free character classes.
 *
 * <ctype.h> changes with the locale and is undefined for negative char, so
 * mlsweep never uses it (cmark src/cmark_ctype.h). These take the byte as
 * unsigned char and look it up in one static table.
 */
#ifndef MLS_BASE_ASCII_H
#define MLS_BASE_ASCII_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum {
  MLS_C_DIGIT = 1,  /* 0-9 */
  MLS_C_ALPHA = 2,  /* A-Z a-z */
  MLS_C_SPACE = 4,  /* space, \t, \n, \v, \f, \r */
  MLS_C_XDIGIT = 8, /* 0-9 A-F a-f */
  MLS_C_IDENT = 16, /* A-Z a-z 0-9 _ - : HCL identifier continue (ASCII) */
  MLS_C_UPPER = 32, /* A-Z */
  MLS_C_LOWER = 64  /* a-z */
};

extern const unsigned char mls_ascii_class[256];

static inline bool mls_isdigit(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_DIGIT) != 0;
}
static inline bool mls_isalpha(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_ALPHA) != 0;
}
static inline bool mls_isalnum(unsigned char c)
{
  return (mls_ascii_class[c] & (MLS_C_ALPHA | MLS_C_DIGIT)) != 0;
}
static inline bool mls_isspace(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_SPACE) != 0;
}
static inline bool mls_isxdigit(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_XDIGIT) != 0;
}
/* ASCII bytes that may continue an HCL identifier: letters, digits, _ and -. */
static inline bool mls_isident(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_IDENT) != 0;
}
static inline bool mls_isupper(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_UPPER) != 0;
}
static inline bool mls_islower(unsigned char c)
{
  return (mls_ascii_class[c] & MLS_C_LOWER) != 0;
}
static inline unsigned char mls_tolower(unsigned char c)
{
  return mls_isupper(c) ? (unsigned char)(c + 32) : c;
}
/* Whether a[0..an) and b[0..bn) are the same bytes but for ASCII case. */
static inline bool mls_ieq(const char *a, size_t an, const char *b, size_t bn)
{
  if (an != bn) {
    return false;
  }
  for (size_t i = 0; i < an; i++) {
    if (mls_tolower((unsigned char)a[i]) != mls_tolower((unsigned char)b[i])) {
      return false;
    }
  }
  return true;
}

/* mls_ieq() against the string s. */
static inline bool mls_ieq_str(const char *a, size_t an, const char *s)
{
  return mls_ieq(a, an, s, strlen(s));
}

static inline int mls_hexval(unsigned char c)
{
  if (mls_isdigit(c)) {
    return c - '0';
  }
  c = mls_tolower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

#endif
