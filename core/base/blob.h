/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/blob.h -- the bytes of one file, with a NUL sentinel.
 *
 * Stage: file job. core/git fills an mls_blob from the object database or
 * from a file on disk; parsers read it. The bytes are a private copy in
 * mls_malloc'd memory followed by one NUL that is not counted in `size`
 * (CONVENTIONS section 7, as SQLite's tokenizer assumes of its input).
 * Readers still stop at `size`: an embedded NUL is the parser's to report.
 * Header-only: two small functions every layer above may use.
 */
#ifndef MLS_BASE_BLOB_H
#define MLS_BASE_BLOB_H

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <stddef.h>
#include <string.h>

typedef struct mls_blob {
  char *data;  /* owned: size bytes plus a NUL; NULL only before a load */
  size_t size; /* bytes, without the sentinel */
} mls_blob;

#define MLS_BLOB_INIT                                                          \
  {                                                                            \
    NULL, 0                                                                    \
  }

/* Copy n bytes from p into *out, which must be empty (MLS_BLOB_INIT or
 * disposed). MLS_ENOMEM leaves *out empty. n == 0 still allocates the
 * sentinel, so a loaded blob's data is never NULL. */
static inline int mls_blob_copy(mls_blob *out, const void *p, size_t n)
{
  size_t bytes;
  char *d;

  if (!mls_add_sz(&bytes, n, 1) || !(d = mls_malloc(bytes))) {
    return MLS_ENOMEM;
  }
  if (n > 0) {
    memcpy(d, p, n);
  }
  d[n] = '\0';
  out->data = d;
  out->size = n;
  return MLS_OK;
}

/* Free the bytes and leave the blob empty; NULL-safe, idempotent. */
static inline void mls_blob_dispose(mls_blob *b)
{
  if (b) {
    mls_free(b->data);
    b->data = NULL;
    b->size = 0;
  }
}

#endif
