/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/alloc.c -- heap wrappers with allocation-failure injection.
 *
 * The only file outside third-party code that calls malloc/free. The
 * failure counter is an atomic so a test that forgets to reset it cannot
 * race in a threaded build, but the hook itself is meant for tests that run
 * one thread.
 */
#include "core/base/alloc.h"

#include <stdatomic.h>
#include <stdlib.h> /* first libc header: defines __GLIBC__ where it applies */
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

static _Atomic long fail_after = -1;   /* -1: never fail */
static _Atomic unsigned long n_allocs; /* since the last fail_after() */
/* Set by the first mls_alloc_fail_after(): until then (in every sweep)
 * no allocation writes the shared counters, whose cache line would
 * otherwise bounce between the workers' cores at every malloc. */
static _Atomic bool hooked;

void mls_alloc_tune_for_batch(void)
{
#ifdef __GLIBC__
  /* Above the arena cap, so no per-file block is ever mmapped; trimming
   * only past 256 MB, so freed pages stay for the next file. */
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

void mls_alloc_release_free(void)
{
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void mls_alloc_fail_after(long n)
{
  atomic_store(&fail_after, n);
  atomic_store(&n_allocs, 0);
  atomic_store(&hooked, true);
}

unsigned long mls_alloc_count(void)
{
  return atomic_load(&n_allocs);
}

static bool should_fail(void)
{
  if (!atomic_load_explicit(&hooked, memory_order_relaxed)) {
    return false;
  }
  atomic_fetch_add(&n_allocs, 1);
  long f = atomic_load(&fail_after);
  if (f < 0) {
    return false;
  }
  if (f == 0) {
    /* Fail this one and every later one until reset, as curl's torture
     * mode does: the code under test must cope with a dead heap. */
    return true;
  }
  atomic_store(&fail_after, f - 1);
  return false;
}

void *mls_malloc(size_t n)
{
  if (should_fail()) {
    return NULL;
  }
  return malloc(n ? n : 1);
}

void *mls_calloc(size_t n, size_t sz)
{
  size_t bytes;
  if (!mls_mul_sz(&bytes, n, sz) || should_fail()) {
    return NULL;
  }
  return calloc(bytes ? bytes : 1, 1);
}

void *mls_realloc(void *p, size_t n)
{
  if (should_fail()) {
    return NULL;
  }
  return realloc(p, n ? n : 1);
}

void mls_free(void *p)
{
  free(p);
}

void mls_free_foreign(void *p)
{
  free(p);
}

char *mls_strndup(const char *s, size_t n)
{
  size_t bytes;
  if (!mls_add_sz(&bytes, n, 1)) {
    return NULL;
  }
  char *d = mls_malloc(bytes);
  if (d) {
    if (n) {
      memcpy(d, s, n);
    }
    d[n] = '\0';
  }
  return d;
}
