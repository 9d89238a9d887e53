/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/buf.h -- a growable byte buffer with a maximum size.
 *
 * Every buffer takes its bound at init (curl lib/curlx/dynbuf.c). An append
 * that would pass the bound fails with MLS_ELIMIT, an allocation failure
 * with MLS_ENOMEM; either way the buffer is freed and reset, so a caller
 * never writes a half-built value. The contents are always NUL-terminated
 * when non-empty.
 */
#ifndef MLS_BASE_BUF_H
#define MLS_BASE_BUF_H

#include "core/base/rc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct mls_buf {
  char *ptr;  /* owned: the bytes, NUL-terminated; NULL while empty */
  size_t len; /* bytes used, without the NUL */
  size_t cap; /* bytes allocated */
  size_t max; /* most bytes len may reach */
} mls_buf;

#define MLS_BUF_INIT(max_bytes)                                                \
  {                                                                            \
    NULL, 0, 0, (max_bytes)                                                    \
  }

void mls_buf_init(mls_buf *b, size_t max_bytes);
void mls_buf_dispose(mls_buf *b);
void mls_buf_clear(mls_buf *b); /* len = 0, memory kept */

/* Read a varint of at most 32 bits from *p, which has *left bytes,
 * advancing both. One cut short or longer sets *bad (sticky: nothing is
 * read once it is set) and gives 0, so a decoder checks once at the end.
 * Inline: the cache decoders read one per tally entry. */
static inline uint32_t mls_varint_get(const unsigned char **p, size_t *left,
                                      bool *bad)
{
  const unsigned char *q = *p;
  uint32_t v = 0;
  for (size_t i = 0; !*bad && i < 5 && i < *left; i++) {
    /* The fifth byte holds bits 28..31: anything above is past 32 bits. */
    if (i == 4 && (q[i] & 0xf0) != 0) {
      break;
    }
    v |= (uint32_t)(q[i] & 0x7f) << (7 * i);
    if (!(q[i] & 0x80)) {
      *p = q + i + 1;
      *left -= i + 1;
      return v;
    }
  }
  *bad = true;
  return 0;
}
int mls_buf_put_slow(mls_buf *b, const void *p, size_t n);
/* Append n bytes. Inline when they fit (codecs append a few bytes at a
 * time, a million times a sweep); else mls_buf_put_slow() grows b. */
static inline int mls_buf_put(mls_buf *b, const void *p, size_t n)
{
  /* cap <= max + 1, so fitting before cap is within max too. */
  if (n > 0 && n < b->cap - b->len) {
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return MLS_OK;
  }
  return mls_buf_put_slow(b, p, n);
}
int mls_buf_put_varint_slow(mls_buf *b, uint32_t v);
/* Append v as a varint: LEB128, 7 bits a byte, low bits first, at most 5
 * bytes (the cache codecs' counts and indexes). Inline: most are one byte,
 * and an encoded report writes several per result. */
static inline int mls_buf_put_varint(mls_buf *b, uint32_t v)
{
  if (v < 0x80 && b->cap - b->len > 1) {
    b->ptr[b->len++] = (char)v;
    b->ptr[b->len] = '\0';
    return MLS_OK;
  }
  return mls_buf_put_varint_slow(b, v);
}
int mls_buf_putc(mls_buf *b, char c);
int mls_buf_puts(mls_buf *b, const char *s);
/* v in decimal: what mls_buf_printf(b, "%" PRIu64, v) writes, without
 * the cost of a format string (output writers call this per result). */
int mls_buf_put_u64(mls_buf *b, uint64_t v);
int mls_buf_printf(mls_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int mls_buf_vprintf(mls_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Ensure room for n more bytes without changing len. */
int mls_buf_reserve(mls_buf *b, size_t n);
/* owned: detach the bytes (NUL-terminated, "" when empty); NULL on OOM. */
char *mls_buf_detach(mls_buf *b);

#endif
