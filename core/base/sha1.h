/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/sha1.h -- SHA-1 (FIPS 180-4), one-shot and incremental.
 *
 * Two users: Terraform's sha1() family (core/eval/tf_funcs_hash.c) and the
 * object ids of Git objects read without libgit2 (core/git/peek.c), which
 * must hash to the id that named them. Not for anything that needs a
 * collision-resistant hash.
 */
#ifndef MLS_BASE_SHA1_H
#define MLS_BASE_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define MLS_SHA1_BYTES 20

typedef struct mls_sha1 {
  uint32_t h[5];         /* chaining state */
  uint64_t total;        /* bytes hashed so far */
  unsigned char buf[64]; /* a partial block */
  size_t nbuf;           /* bytes in buf */
} mls_sha1;

/* One 64-byte block into the chaining state h. */
void mls_sha1_block(uint32_t h[5], const unsigned char *p);

void mls_sha1_init(mls_sha1 *s);
void mls_sha1_update(mls_sha1 *s, const void *p, size_t n);
/* The digest of everything hashed; s must be initialised again to reuse. */
void mls_sha1_final(mls_sha1 *s, unsigned char out[MLS_SHA1_BYTES]);

#endif
