/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/utf8.c -- strict UTF-8 (see utf8.h).
 */
#include "core/base/utf8.h"

size_t mls_utf8_decode(uint32_t *cp, const unsigned char *p,
                       const unsigned char *end)
{
  unsigned char c = p[0];
  size_t n;
  uint32_t v, min;

  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    v = c & 0x1Fu;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    v = c & 0x0Fu;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    v = c & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if ((size_t)(end - p) < n) {
    return 0;
  }
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) {
      return 0;
    }
    v = (v << 6) | (p[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return n;
}

size_t mls_utf8_encode(unsigned char out[4], uint32_t cp)
{
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  } else if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    return 0;
  } else if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  } else if (cp <= 0x10FFFF) {
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
  }
  return 0;
}

size_t mls_utf8_validate(const unsigned char *s, size_t n)
{
  const unsigned char *p = s, *end = s + n;
  uint32_t cp;
  while (p < end) {
    if (*p < 0x80) {
      p++;
      continue;
    }
    size_t k = mls_utf8_decode(&cp, p, end);
    if (!k) {
      return (size_t)(p - s);
    }
    p += k;
  }
  return n;
}
