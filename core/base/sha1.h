/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/sha1.h -- SHA-1 (FIPS 180-4), one-shot and incremental.
 *
 * Three users: Terraform's sha1() family (core/eval/tf_funcs_hash.c), the
 * object ids of Git objects read without libgit2 (core/git/peek.c and
 * odb.c), which must hash to the id that named them, and the content ids
 * of directories on disk (core/git/worktree.c). Not for anything that
 * needs a collision-resistant hash. On an x86 processor with the SHA
 * extensions the blocks are hashed with them (about a tenth of the
 * instructions of the portable code); the digests are the same.
 */
#ifndef MLS_BASE_SHA1_H
#define MLS_BASE_SHA1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MLS_SHA1_BYTES 20

typedef struct mls_sha1 {
  uint32_t h[5];         /* chaining state */
  uint64_t total;        /* bytes hashed so far */
  unsigned char buf[64]; /* a partial block */
  size_t nbuf;           /* bytes in buf */
} mls_sha1;

/* One 64-byte block into the chaining state h (the portable code). */
void mls_sha1_block(uint32_t h[5], const unsigned char *p);

/* Whether the SHA extensions are used. For tests: mls__sha1_use_ext(false)
 * makes every later hash portable, (true) uses them again where the
 * processor has them. Not thread-safe: call it before hashing. */
bool mls_sha1_ext(void);
void mls__sha1_use_ext(bool on);

void mls_sha1_init(mls_sha1 *s);
void mls_sha1_update(mls_sha1 *s, const void *p, size_t n);
/* The digest of everything hashed; s must be initialised again to reuse. */
void mls_sha1_final(mls_sha1 *s, unsigned char out[MLS_SHA1_BYTES]);

#endif
