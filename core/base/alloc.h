/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/alloc.h -- the one route to the heap, and checked size maths.
 *
 * All heap memory goes through mls_malloc/mls_free (curl's curlx_malloc) so
 * test builds can fail any allocation: mls_alloc_fail_after(n) makes the
 * n-th allocation from now fail (SQLite src/test_malloc.c). The counter is
 * process-wide and meant for single-threaded tests only.
 */
#ifndef MLS_BASE_ALLOC_H
#define MLS_BASE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *mls_malloc(size_t n);            /* owned; NULL on failure */
void *mls_calloc(size_t n, size_t sz); /* owned; NULL on failure/overflow */
void *mls_realloc(void *p, size_t n);  /* owned; NULL on failure, p intact */
void mls_free(void *p);                /* NULL-safe */
/* Free memory a third-party library returned from the C allocator (e.g.
 * libunistring's u8_normalize); NULL-safe. */
void mls_free_foreign(void *p);
char *mls_strndup(const char *s, size_t n); /* owned; NUL-terminated */

/* Tune the C allocator for a batch process that allocates and frees large
 * per-file blocks continuously: keep freed memory in the heap instead of
 * returning it to the kernel to fault it in again (glibc; elsewhere a
 * no-op). Call once, before any thread starts. */
void mls_alloc_tune_for_batch(void);
/* Give the allocator's free memory back to the kernel (glibc's
 * malloc_trim; elsewhere a no-op): after a phase that freed much more
 * than a file's worth, which the tuning above would otherwise keep. */
void mls_alloc_release_free(void);

/* Test hook: fail the n-th allocation from now (0 = the next); -1 disables.
 * mls_alloc_count() returns allocations made since the last reset;
 * allocations are counted only once the hook has been called (a sweep
 * never calls it, and its workers share no counter). */
void mls_alloc_fail_after(long n);
unsigned long mls_alloc_count(void);

static inline bool mls_add_sz(size_t *out, size_t a, size_t b)
{
  return !__builtin_add_overflow(a, b, out);
}

static inline bool mls_mul_sz(size_t *out, size_t a, size_t b)
{
  return !__builtin_mul_overflow(a, b, out);
}

#endif
