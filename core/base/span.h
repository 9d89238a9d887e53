/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/span.h -- byte spans and source positions.
 *
 * An mls_span borrows bytes (from a blob or an arena; the holder of the span
 * says which). Positions carry a 0-based byte offset, a 1-based line and a
 * 1-based column counted in bytes from the start of the line (a UTF-8 BOM at
 * the start of the file is not counted). Writers that need another column
 * kind (code points for SARIF) recompute it from the byte offset.
 */
#ifndef MLS_BASE_SPAN_H
#define MLS_BASE_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct mls_span {
  const char *ptr; /* borrowed: see the holder; NULL only when len is 0 */
  size_t len;      /* bytes */
} mls_span;

typedef struct mls_pos {
  uint32_t byte; /* 0-based offset into the file */
  uint32_t line; /* 1-based */
  uint32_t col;  /* 1-based, bytes from line start (BOM excluded) */
} mls_pos;

typedef struct mls_range {
  mls_pos start; /* first byte */
  mls_pos end;   /* just past the last byte */
} mls_range;

static inline bool mls_span_eq(mls_span s, const char *lit)
{
  size_t n = strlen(lit);
  return s.len == n && (n == 0 || memcmp(s.ptr, lit, n) == 0);
}

static inline mls_span mls_span_of(const char *p, size_t n)
{
  mls_span s;
  s.ptr = p;
  s.len = n;
  return s;
}

/* Byte order (unsigned, as memcmp and strcmp), a prefix first: <0, 0, >0.
 * Sorted C strings (strcmp) are in this order too. */
static inline int mls_span_cmp(mls_span a, mls_span b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  int r = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (r == 0) {
    r = a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
  }
  return r;
}

#endif
