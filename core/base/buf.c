/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/buf.c -- bounded growable buffer (see buf.h).
 */
#include "core/base/buf.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void mls_buf_init(mls_buf *b, size_t max_bytes)
{
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->max = max_bytes;
}

void mls_buf_dispose(mls_buf *b)
{
  mls_free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

void mls_buf_clear(mls_buf *b)
{
  b->len = 0;
  if (b->ptr) {
    b->ptr[0] = '\0';
  }
}

int mls_buf_reserve(mls_buf *b, size_t n)
{
  size_t need, ncap;
  char *p;

  /* need == SIZE_MAX leaves no room for the NUL. */
  if (!mls_add_sz(&need, b->len, n) || need > b->max || need == SIZE_MAX) {
    mls_buf_dispose(b);
    return MLS_ELIMIT;
  }
  if (need + 1 <= b->cap) {
    return MLS_OK;
  }
  ncap = b->cap ? b->cap : 64;
  while (ncap < need + 1) {
    if (!mls_mul_sz(&ncap, ncap, 2)) {
      ncap = need + 1;
      break;
    }
  }
  if (ncap - 1 > b->max) { /* not max + 1: a max of SIZE_MAX would wrap */
    ncap = b->max + 1;
  }
  if (!(p = mls_realloc(b->ptr, ncap))) {
    mls_buf_dispose(b);
    return MLS_ENOMEM;
  }
  b->ptr = p;
  b->cap = ncap;
  return MLS_OK;
}

int mls_buf_put_slow(mls_buf *b, const void *p, size_t n)
{
  int rc;
  if (n == 0) {
    return MLS_OK;
  }
  if ((rc = mls_buf_reserve(b, n)) < 0) {
    return rc;
  }
  memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = '\0';
  return MLS_OK;
}

int mls_buf_putc(mls_buf *b, char c)
{
  if (b->len + 1 < b->cap) {
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return MLS_OK;
  }
  return mls_buf_put(b, &c, 1);
}

int mls_buf_puts(mls_buf *b, const char *s)
{
  return mls_buf_put(b, s, strlen(s));
}

int mls_buf_put_u64(mls_buf *b, uint64_t v)
{
  char d[20];
  size_t i = sizeof(d);
  do {
    d[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  return mls_buf_put(b, d + i, sizeof(d) - i);
}

int mls_buf_vprintf(mls_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  int n, rc;

  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) {
    return MLS_ERROR;
  }
  if ((rc = mls_buf_reserve(b, (size_t)n)) < 0) {
    return rc;
  }
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return MLS_OK;
}

int mls_buf_printf(mls_buf *b, const char *fmt, ...)
{
  va_list ap;
  int rc;
  va_start(ap, fmt);
  rc = mls_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

char *mls_buf_detach(mls_buf *b)
{
  char *p = b->ptr;
  if (!p) {
    p = mls_strndup("", 0);
  }
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

int mls_buf_put_varint_slow(mls_buf *b, uint32_t v)
{
  unsigned char x[5];
  size_t n = 0;
  while (v >= 0x80) {
    x[n++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  x[n++] = (unsigned char)v;
  return mls_buf_put(b, x, n);
}
