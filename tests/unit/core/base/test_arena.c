/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_arena.c -- core/base/arena.c: alignment, the
 * byte cap and its sticky failure, large requests, MLS_ARENA_DEBUG's one
 * malloc per allocation, and out-of-memory at every allocation.
 *
 * The same tests run in both arena modes; the few facts that differ between
 * them are tested under #ifdef MLS_ARENA_DEBUG, which mls_defaults() sets
 * for this binary exactly when it sets it for core/base.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/limits.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#define ALIGN ((uintptr_t)alignof(max_align_t))

static bool aligned(const void *p)
{
  return ((uintptr_t)p % ALIGN) == 0;
}

START_TEST(base_arena__new_is_empty_and_free_is_null_safe)
{
  mls_arena *a = mls_arena_new(1024);
  ck_assert_ptr_nonnull(a);
  ck_assert(!mls_arena_failed(a));
  ck_assert_uint_eq(mls_arena_used(a), 0);
  mls_arena_free(a);
  mls_arena_free(NULL);
}
END_TEST

START_TEST(base_arena__every_allocation_is_aligned)
{
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(a);
  for (size_t n = 1; n <= 300; n++) {
    unsigned char *p = mls_arena_alloc(a, n);
    ck_assert_ptr_nonnull(p);
    ck_assert_msg(aligned(p), "allocation of %zu bytes misaligned", n);
    memset(p, 0xA5, n); /* ASan checks the whole request is ours */
  }
  /* Odd-sized strings must not misalign what follows them. */
  char *s = mls_arena_strndup(a, "abc", 3);
  ck_assert_ptr_nonnull(s);
  double *d = mls_arena_alloc(a, sizeof(double));
  ck_assert(aligned(d));
  *d = 1.5;
  ck_assert(!mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__cap_hit_returns_null_and_sticks)
{
  mls_arena *a = mls_arena_new(1024);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(mls_arena_alloc(a, 1000));
  ck_assert(!mls_arena_failed(a));
  size_t used = mls_arena_used(a);
  ck_assert_uint_ge(used, 1000);
  ck_assert_uint_le(used, 1024);

  ck_assert_ptr_null(mls_arena_alloc(a, 100)); /* past the cap */
  ck_assert(mls_arena_failed(a));
  /* Sticky: even a request that would fit now fails. */
  ck_assert_ptr_null(mls_arena_alloc(a, 1));
  ck_assert_ptr_null(mls_arena_zalloc(a, 1));
  ck_assert_ptr_null(mls_arena_strndup(a, "x", 1));
  ck_assert_ptr_null(mls_arena_memdup(a, "x", 1));
  ck_assert(mls_arena_failed(a));
  ck_assert_uint_eq(mls_arena_used(a), used);
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__zero_cap_fails_first_allocation)
{
  mls_arena *a = mls_arena_new(0);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_null(mls_arena_alloc(a, 1));
  ck_assert(mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__overflowing_request_fails)
{
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_null(mls_arena_alloc(a, SIZE_MAX));
  ck_assert(mls_arena_failed(a));
  mls_arena_free(a);

#ifndef MLS_ARENA_DEBUG
  /* No cap to save us: rounding SIZE_MAX - 3 up to the alignment wraps.
   * (Debug mode does not round, and would hand the size to malloc, which
   * ASan rejects outright instead of returning NULL.) */
  a = mls_arena_new(SIZE_MAX);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_null(mls_arena_alloc(a, SIZE_MAX - 3));
  ck_assert(mls_arena_failed(a));
  mls_arena_free(a);
#endif

  a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_null(mls_arena_strndup(a, "x", SIZE_MAX));
  ck_assert(mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__big_allocations_keep_small_ones_intact)
{
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  const size_t sizes[] = { 100, 3u << 20, 24, (1u << 20) + 1, 2048, 5000, 7 };
  unsigned char *p[sizeof(sizes) / sizeof(sizes[0])];
  size_t total = 0;

  ck_assert_ptr_nonnull(a);
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    p[i] = mls_arena_alloc(a, sizes[i]);
    ck_assert_ptr_nonnull(p[i]);
    ck_assert(aligned(p[i]));
    memset(p[i], (int)(i + 1), sizes[i]);
    total += sizes[i];
  }
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    for (size_t j = 0; j < sizes[i]; j += 997) {
      ck_assert_uint_eq(p[i][j], i + 1);
    }
    ck_assert_uint_eq(p[i][sizes[i] - 1], i + 1);
  }
  ck_assert_uint_ge(mls_arena_used(a), total);
  ck_assert(!mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__many_small_allocations_survive_chunk_growth)
{
  enum { N = 50000 };
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  uint32_t **v = mls_calloc(N, sizeof(*v));

  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(v);
  for (uint32_t i = 0; i < N; i++) {
    v[i] = mls_arena_alloc(a, sizeof(uint32_t) * (1 + i % 7));
    ck_assert_ptr_nonnull(v[i]);
    for (uint32_t k = 0; k < 1 + i % 7; k++) {
      v[i][k] = i ^ k;
    }
  }
  for (uint32_t i = 0; i < N; i++) {
    for (uint32_t k = 0; k < 1 + i % 7; k++) {
      ck_assert_uint_eq(v[i][k], i ^ k);
    }
  }
  mls_free(v);
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__copies_and_zeroing)
{
  mls_arena *a = mls_arena_new(4096);
  ck_assert_ptr_nonnull(a);

  unsigned char *z = mls_arena_zalloc(a, 64);
  ck_assert_ptr_nonnull(z);
  for (size_t i = 0; i < 64; i++) {
    ck_assert_uint_eq(z[i], 0);
  }
  char *s = mls_arena_strndup(a, "terraform{}", 9);
  ck_assert_str_eq(s, "terraform");
  char *e = mls_arena_strndup(a, NULL, 0);
  ck_assert_str_eq(e, "");
  char *m = mls_arena_memdup(a, "a\0b", 3);
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(memcmp(m, "a\0b", 3), 0);
  ck_assert_ptr_nonnull(mls_arena_memdup(a, NULL, 0)); /* never NULL: ok */
  ck_assert(!mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST

START_TEST(base_arena__heap_use_matches_mode)
{
  mls_alloc_fail_after(-1); /* resets the counter */
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(a);
  for (int i = 0; i < 100; i++) {
    ck_assert_ptr_nonnull(mls_arena_alloc(a, 16));
  }
  unsigned long n = mls_alloc_count();
#ifdef MLS_ARENA_DEBUG
  /* One heap block per allocation, so ASan sees every overflow, plus the
   * arena itself and the growth of its block list. */
  ck_assert_uint_ge(n, 101);
  ck_assert_uint_eq(mls_arena_used(a), 1600);
#else
  /* The arena itself and one 4 KB chunk. */
  ck_assert_uint_eq(n, 2);
  ck_assert_uint_eq(mls_arena_used(a) % ALIGN, 0);
#endif
  mls_arena_free(a);
}
END_TEST

/* A reset arena is as new -- nothing used, no failure, the whole cap
 * again -- and, outside debug mode, reuses its newest chunk: a round of
 * small allocations after a reset takes nothing from the heap. */
START_TEST(base_arena__reset_forgets_and_reuses)
{
  mls_arena *a = mls_arena_new(8192);
  ck_assert_ptr_nonnull(a);
  for (int round = 0; round < 3; round++) {
    unsigned long before;
    char *p;
    mls_alloc_fail_after(-1);
    before = mls_alloc_count();
    for (int i = 0; i < 50; i++) {
      ck_assert_ptr_nonnull(p = mls_arena_alloc(a, 48));
      memset(p, 'a' + round, 48);
    }
#ifndef MLS_ARENA_DEBUG
    if (round > 0) {
      ck_assert_uint_eq(mls_alloc_count(), before);
    }
#else
    (void)before;
#endif
    ck_assert_ptr_nonnull(mls_arena_alloc(a, 4000)); /* a chunk of its own */
    ck_assert_ptr_null(mls_arena_alloc(a, 8192));    /* past the cap */
    ck_assert(mls_arena_failed(a));
    mls_arena_reset(a);
    ck_assert(!mls_arena_failed(a));
    ck_assert(!mls_arena_capped(a));
    ck_assert_uint_eq(mls_arena_used(a), 0);
  }
  /* The whole cap is there again. */
  ck_assert_ptr_nonnull(mls_arena_alloc(a, 8000));
  mls_arena_free(a);
}
END_TEST

#ifdef MLS_ARENA_DEBUG
START_TEST(base_arena__debug_mode_counts_exact_bytes)
{
  mls_arena *a = mls_arena_new(10);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(mls_arena_alloc(a, 3));
  ck_assert_ptr_nonnull(mls_arena_alloc(a, 7)); /* exactly the cap */
  ck_assert_uint_eq(mls_arena_used(a), 10);
  ck_assert_ptr_null(mls_arena_alloc(a, 1));
  ck_assert(mls_arena_failed(a));
  mls_arena_free(a);
}
END_TEST
#endif

/* The allocation-failure scenario: an arena, small and big allocations and
 * copies. Returns 0 when everything succeeded, 1 when an allocation failed
 * and the arena behaved (NULL, sticky failure, earlier data intact), -1 on
 * a broken contract. Uses no ck_assert so the suite can count its
 * allocations outside a test. */
static int arena_scenario(void)
{
  static const size_t sizes[] = { 8, 100, 4000, 70000, 16, 2u << 20, 1, 300 };
  unsigned char *p[sizeof(sizes) / sizeof(sizes[0])];
  size_t ok = 0;
  int rc = 0;
  mls_arena *a = mls_arena_new(MLS_ARENA_CAP_BYTES);

  if (!a) {
    return 1;
  }
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
    p[i] = i % 2 ? mls_arena_zalloc(a, sizes[i]) : mls_arena_alloc(a, sizes[i]);
    if (!p[i]) {
      rc = mls_arena_failed(a) ? 1 : -1;
      break;
    }
    if (mls_arena_failed(a)) {
      rc = -1;
      break;
    }
    memset(p[i], (int)i, sizes[i]);
    ok++;
  }
  if (rc == 1) {
    /* Sticky: nothing succeeds after the first failure. */
    if (mls_arena_alloc(a, 1) || mls_arena_strndup(a, "x", 1)) {
      rc = -1;
    }
  }
  for (size_t i = 0; rc >= 0 && i < ok; i++) {
    if (p[i][0] != i || p[i][sizes[i] - 1] != i) {
      rc = -1;
    }
  }
  mls_arena_free(a);
  return rc;
}

static int arena_scenario_allocs;

START_TEST(base_arena__enomem_at_every_allocation)
{
  mls_alloc_fail_after(_i);
  int rc = arena_scenario();
  mls_alloc_fail_after(-1);
  if (_i < arena_scenario_allocs) {
    ck_assert_int_eq(rc, 1);
  } else {
    ck_assert_int_eq(rc, 0);
  }
}
END_TEST

/* The footprint covers what was handed out and never shrinks while the
 * arena grows; a new chunk shows in it. */
START_TEST(base_arena__footprint_covers_what_was_handed_out)
{
  mls_arena *a = mls_arena_new(1 << 20);
  size_t empty, before;
  ck_assert_ptr_nonnull(a);
  empty = mls_arena_footprint(a);
  ck_assert_uint_gt(empty, 0);
  ck_assert_ptr_nonnull(mls_arena_alloc(a, 100));
  before = mls_arena_footprint(a);
  ck_assert_uint_ge(before, empty + 100);
  for (int i = 0; i < 200; i++) {
    ck_assert_ptr_nonnull(mls_arena_alloc(a, 100));
  }
  ck_assert_uint_ge(mls_arena_footprint(a), empty + mls_arena_used(a));
  ck_assert_uint_gt(mls_arena_footprint(a), before);
  mls_arena_free(a);
}
END_TEST

Suite *base_arena_suite(void)
{
  Suite *s = suite_create("base_arena_suite");
  TCase *tc = tcase_create("arena");
  TCase *oom = tcase_create("enomem");

  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, base_arena__new_is_empty_and_free_is_null_safe);
  tcase_add_test(tc, base_arena__every_allocation_is_aligned);
  tcase_add_test(tc, base_arena__cap_hit_returns_null_and_sticks);
  tcase_add_test(tc, base_arena__zero_cap_fails_first_allocation);
  tcase_add_test(tc, base_arena__overflowing_request_fails);
  tcase_add_test(tc, base_arena__big_allocations_keep_small_ones_intact);
  tcase_add_test(tc, base_arena__many_small_allocations_survive_chunk_growth);
  tcase_add_test(tc, base_arena__copies_and_zeroing);
  tcase_add_test(tc, base_arena__heap_use_matches_mode);
  tcase_add_test(tc, base_arena__reset_forgets_and_reuses);
  tcase_add_test(tc, base_arena__footprint_covers_what_was_handed_out);
#ifdef MLS_ARENA_DEBUG
  tcase_add_test(tc, base_arena__debug_mode_counts_exact_bytes);
#endif
  suite_add_tcase(s, tc);

  /* Count the allocations of a clean run, then fail each one in turn; the
   * last iteration fails none and must succeed. */
  mls_alloc_fail_after(-1);
  (void)arena_scenario();
  arena_scenario_allocs = (int)mls_alloc_count();
  tcase_add_checked_fixture(oom, NULL, mls_test_alloc_reset);
  tcase_add_loop_test(oom, base_arena__enomem_at_every_allocation, 0,
                      arena_scenario_allocs + 1);
  suite_add_tcase(s, oom);
  return s;
}
