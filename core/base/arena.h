/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/arena.h -- one bump allocator per parsed file.
 *
 * Everything built from one file lives in its arena and is released with one
 * mls_arena_free() (libgit2 git_pool). Failure is sticky (SQLite's
 * mallocFailed): once an allocation fails, mls_arena_failed() stays true and
 * callers check it at stage boundaries. With MLS_ARENA_DEBUG defined every
 * allocation is its own mls_malloc, so ASan sees overflows and the
 * allocation-failure loop reaches each one. Not thread-safe: one owner.
 */
#ifndef MLS_BASE_ARENA_H
#define MLS_BASE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mls_arena mls_arena;

mls_arena *mls_arena_new(size_t cap_bytes);     /* owned; NULL on OOM */
void *mls_arena_alloc(mls_arena *a, size_t n);  /* arena; NULL past the cap */
void *mls_arena_zalloc(mls_arena *a, size_t n); /* arena; zeroed */
/* arena: a NUL-terminated copy of s[0..n); NULL on failure */
char *mls_arena_strndup(mls_arena *a, const char *s, size_t n);
/* arena: copy of n bytes of p; NULL on failure */
void *mls_arena_memdup(mls_arena *a, const void *p, size_t n);
/* Size the first chunk for about `bytes` of allocations (clamped to the
 * chunk limits) so a parser that knows its input size allocates once. */
void mls_arena_hint(mls_arena *a, size_t bytes);
bool mls_arena_failed(const mls_arena *a); /* sticky once set */
/* The failure came from the byte cap, not from the heap: the input was too
 * big for its budget (MLS_ELIMIT) rather than the machine out of memory. */
bool mls_arena_capped(const mls_arena *a);
size_t mls_arena_used(const mls_arena *a); /* bytes handed out so far */
/* Bytes the arena holds from the allocator: its chunks, whole. */
size_t mls_arena_footprint(const mls_arena *a);
void mls_arena_free(mls_arena *a); /* NULL-safe */
/* Forget everything handed out (and a failure): as new, but keeping the
 * newest chunk for the next round, so a loop reusing one scratch arena
 * allocates nothing from the heap after its first round. */
void mls_arena_reset(mls_arena *a);

#endif
