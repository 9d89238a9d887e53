/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/test_pool.c -- core/engine/pool.c: both
 * schedulers (work stealing and the mutex-queue reference) give the same
 * sums for 1, 2, 8 and 16 threads over 10k flat jobs and a tree of 100k
 * jobs that spawn their children; pools are reusable; a job that submits
 * after every other job finished is still waited for; no wakeup is lost
 * (a parent that blocks until its child ran needs a sleeping worker woken,
 * with a deadline instead of a hang); and thieves really steal.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/engine/pool.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static const size_t thread_counts[] = { 1, 2, 8, 16 };
#define N_COUNTS (sizeof thread_counts / sizeof thread_counts[0])
static const pool_kind kinds[] = { POOL_STEAL, POOL_MUTEX };

static void yield_now(void)
{
  (void)sched_yield();
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deadlines stretch under sanitizers (CONVENTIONS 10). */
static double deadline_s(double base)
{
  const char *m = getenv("CK_TIMEOUT_MULTIPLIER");
  double k = 1.0;
  if (m && *m >= '1' && *m <= '9') {
    k = (double)(*m - '0');
    if (m[1] >= '0' && m[1] <= '9') {
      k = k * 10 + (double)(m[1] - '0');
    }
  }
  return base * k;
}

/* --- 10k flat jobs --------------------------------------------------- */

typedef struct flat_ctx {
  _Atomic uint64_t sum;
  _Atomic uint64_t runs;
  uint64_t values[10000];
} flat_ctx;

typedef struct flat_arg {
  flat_ctx *ctx;
  size_t i;
} flat_arg;

static void flat_job(pool *p, void *arg)
{
  (void)p;
  flat_arg *a = arg;
  atomic_fetch_add(&a->ctx->sum, a->ctx->values[a->i] * (a->i + 1));
  atomic_fetch_add(&a->ctx->runs, 1);
}

static uint64_t run_flat(pool_kind kind, size_t nthreads)
{
  static flat_ctx ctx;
  static flat_arg args[10000];
  atomic_init(&ctx.sum, 0);
  atomic_init(&ctx.runs, 0);
  for (size_t i = 0; i < 10000; i++) {
    ctx.values[i] = (i * 2654435761u) % 1000003u;
    args[i].ctx = &ctx;
    args[i].i = i;
  }
  pool *p = pool_new_kind(nthreads, kind);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_eq(pool_nthreads(p), nthreads);
  ck_assert_int_eq(pool_get_kind(p), kind);
  for (size_t i = 0; i < 10000; i++) {
    ck_assert_int_eq(pool_submit(p, flat_job, &args[i]), MLS_OK);
  }
  pool_wait(p);
  ck_assert_uint_eq(atomic_load(&ctx.runs), 10000);
  pool_free(p);
  return atomic_load(&ctx.sum);
}

START_TEST(engine_pool__flat_10k_same_sum_everywhere)
{
  uint64_t want = 0;
  for (size_t i = 0; i < 10000; i++) {
    want += ((i * 2654435761u) % 1000003u) * (i + 1);
  }
  for (size_t k = 0; k < 2; k++) {
    for (size_t c = 0; c < N_COUNTS; c++) {
      ck_assert_uint_eq(run_flat(kinds[k], thread_counts[c]), want);
    }
  }
}
END_TEST

/* --- a tree of 100k jobs, each spawning its children ---------------- */

typedef struct tree_ctx {
  _Atomic uint64_t sum;
  _Atomic uint64_t jobs;
  _Atomic int failed;
} tree_ctx;

typedef struct tree_arg {
  tree_ctx *ctx;
  uint64_t lo, hi; /* leaves [lo, hi) */
} tree_arg;

static void tree_job(pool *p, void *arg);

static void tree_spawn(pool *p, tree_ctx *ctx, uint64_t lo, uint64_t hi)
{
  tree_arg *a = mls_malloc(sizeof *a);
  if (!a) {
    atomic_store(&ctx->failed, 1);
    return;
  }
  a->ctx = ctx;
  a->lo = lo;
  a->hi = hi;
  if (pool_submit(p, tree_job, a) != MLS_OK) {
    mls_free(a);
    atomic_store(&ctx->failed, 1);
  }
}

static void tree_job(pool *p, void *arg)
{
  tree_arg a = *(tree_arg *)arg;
  mls_free(arg);
  atomic_fetch_add(&a.ctx->jobs, 1);
  if (a.hi - a.lo == 1) {
    uint64_t x = a.lo;
    atomic_fetch_add(&a.ctx->sum, (x * x) ^ (x >> 3));
    return;
  }
  uint64_t mid = a.lo + (a.hi - a.lo) / 2;
  tree_spawn(p, a.ctx, a.lo, mid);
  tree_spawn(p, a.ctx, mid, a.hi);
}

#define TREE_LEAVES 50000u /* 2 * 50000 - 1 = 99999 jobs */

static uint64_t run_tree(pool_kind kind, size_t nthreads, uint64_t *steals)
{
  tree_ctx ctx;
  atomic_init(&ctx.sum, 0);
  atomic_init(&ctx.jobs, 0);
  atomic_init(&ctx.failed, 0);
  pool *p = pool_new_kind(nthreads, kind);
  ck_assert_ptr_nonnull(p);
  tree_spawn(p, &ctx, 0, TREE_LEAVES);
  pool_wait(p);
  ck_assert_int_eq(atomic_load(&ctx.failed), 0);
  ck_assert_uint_eq(atomic_load(&ctx.jobs), 2 * TREE_LEAVES - 1);
  if (steals) {
    *steals = pool_steals(p);
  }
  if (kind == POOL_MUTEX || nthreads == 1) {
    ck_assert_uint_eq(pool_steals(p), 0);
  }
  pool_free(p);
  return atomic_load(&ctx.sum);
}

START_TEST(engine_pool__tree_100k_same_sum_everywhere)
{
  uint64_t want = 0;
  for (uint64_t x = 0; x < TREE_LEAVES; x++) {
    want += (x * x) ^ (x >> 3);
  }
  for (size_t k = 0; k < 2; k++) {
    for (size_t c = 0; c < N_COUNTS; c++) {
      ck_assert_uint_eq(run_tree(kinds[k], thread_counts[c], NULL), want);
    }
  }
}
END_TEST

START_TEST(engine_pool__default_kind_and_cpu_count)
{
  pool *p = pool_new(0);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_ge(pool_nthreads(p), 1);
  ck_assert(pool_get_kind(p) == POOL_STEAL || pool_get_kind(p) == POOL_MUTEX);
  pool_wait(p); /* nothing submitted: returns at once */
  pool_free(p);
  pool_free(NULL);
}
END_TEST

/* --- reuse ------------------------------------------------------------ */

typedef struct count_ctx {
  _Atomic uint64_t n;
} count_ctx;

static void count_job(pool *p, void *arg)
{
  (void)p;
  atomic_fetch_add(&((count_ctx *)arg)->n, 1);
}

START_TEST(engine_pool__reuse_after_wait)
{
  for (size_t k = 0; k < 2; k++) {
    pool *p = pool_new_kind(4, kinds[k]);
    ck_assert_ptr_nonnull(p);
    count_ctx ctx;
    atomic_init(&ctx.n, 0);
    for (uint64_t round = 1; round <= 20; round++) {
      for (int i = 0; i < 500; i++) {
        ck_assert_int_eq(pool_submit(p, count_job, &ctx), MLS_OK);
      }
      pool_wait(p);
      ck_assert_uint_eq(atomic_load(&ctx.n), round * 500);
      pool_wait(p); /* twice is fine */
    }
    pool_free(p);
  }
}
END_TEST

/* --- a job that submits after every other job finished --------------- */

typedef struct late_ctx {
  _Atomic int others_done;
  _Atomic int child_ran;
  _Atomic int timed_out;
  int others;
  double deadline;
} late_ctx;

static void late_other(pool *p, void *arg)
{
  (void)p;
  atomic_fetch_add(&((late_ctx *)arg)->others_done, 1);
}

static void late_child(pool *p, void *arg)
{
  (void)p;
  atomic_store(&((late_ctx *)arg)->child_ran, 1);
}

static void late_parent(pool *p, void *arg)
{
  late_ctx *c = arg;
  while (atomic_load(&c->others_done) < c->others) {
    if (now_s() > c->deadline) {
      atomic_store(&c->timed_out, 1);
      break;
    }
    struct timespec ts = { 0, 100000 };
    nanosleep(&ts, NULL);
  }
  /* Every other job is done and the other workers are asleep by now. */
  struct timespec ts = { 0, 20000000 };
  nanosleep(&ts, NULL);
  if (pool_submit(p, late_child, c) != MLS_OK) {
    atomic_store(&c->timed_out, 1);
  }
}

START_TEST(engine_pool__submit_after_others_finished)
{
  for (size_t k = 0; k < 2; k++) {
    for (size_t c = 1; c < N_COUNTS; c++) { /* the parent blocks a worker */
      pool *p = pool_new_kind(thread_counts[c], kinds[k]);
      ck_assert_ptr_nonnull(p);
      late_ctx ctx;
      atomic_init(&ctx.others_done, 0);
      atomic_init(&ctx.child_ran, 0);
      atomic_init(&ctx.timed_out, 0);
      ctx.others = 200;
      ctx.deadline = now_s() + deadline_s(10);
      ck_assert_int_eq(pool_submit(p, late_parent, &ctx), MLS_OK);
      for (int i = 0; i < ctx.others; i++) {
        ck_assert_int_eq(pool_submit(p, late_other, &ctx), MLS_OK);
      }
      pool_wait(p);
      ck_assert_int_eq(atomic_load(&ctx.timed_out), 0);
      ck_assert_int_eq(atomic_load(&ctx.child_ran), 1);
      pool_free(p);
    }
  }
}
END_TEST

/* --- no lost wakeups ---------------------------------------------------- */

/* The parent submits a child from inside the pool and then blocks until
 * the child has run. Its own worker is busy, so the child runs only if a
 * sleeping worker is woken (POOL_STEAL: it must steal it from the parent's
 * deque). A lost wakeup shows as a missed deadline, not a hang. */
typedef struct wake_ctx {
  _Atomic int child_ran;
  _Atomic int timed_out;
  double deadline;
} wake_ctx;

static void wake_child(pool *p, void *arg)
{
  (void)p;
  atomic_store(&((wake_ctx *)arg)->child_ran, 1);
}

static void wake_parent(pool *p, void *arg)
{
  wake_ctx *c = arg;
  if (pool_submit(p, wake_child, c) != MLS_OK) {
    atomic_store(&c->timed_out, 1);
    return;
  }
  while (!atomic_load(&c->child_ran)) {
    if (now_s() > c->deadline) {
      atomic_store(&c->timed_out, 1);
      return;
    }
  }
}

static void wake_rounds(pool_kind kind, size_t nthreads, int rounds, bool pause)
{
  pool *p = pool_new_kind(nthreads, kind);
  ck_assert_ptr_nonnull(p);
  for (int r = 0; r < rounds; r++) {
    wake_ctx ctx;
    atomic_init(&ctx.child_ran, 0);
    atomic_init(&ctx.timed_out, 0);
    ctx.deadline = now_s() + deadline_s(10);
    if (pause && r % 8 == 0) {
      /* Long enough for every worker to pass its spin and sleep. */
      struct timespec ts = { 0, 2000000 };
      nanosleep(&ts, NULL);
    }
    ck_assert_int_eq(pool_submit(p, wake_parent, &ctx), MLS_OK);
    /* The outside submitter's own deadline: pool_wait would hang. */
    while (!atomic_load(&ctx.child_ran) && !atomic_load(&ctx.timed_out)) {
      ck_assert_msg(now_s() <= ctx.deadline + 1, "round %d: lost wakeup", r);
      yield_now();
    }
    pool_wait(p);
    ck_assert_msg(!atomic_load(&ctx.timed_out), "round %d: child never ran", r);
  }
  if (kind == POOL_STEAL) {
    /* Every child was taken from its blocked parent's deque. */
    ck_assert_uint_ge(pool_steals(p), (uint64_t)rounds);
  } else {
    ck_assert_uint_eq(pool_steals(p), 0);
  }
  pool_free(p);
}

START_TEST(engine_pool__no_lost_wakeups)
{
  for (size_t k = 0; k < 2; k++) {
    wake_rounds(kinds[k], 2, 400, true);
    wake_rounds(kinds[k], 8, 200, true);
    wake_rounds(kinds[k], 16, 200, false);
  }
}
END_TEST

/* Outside submits to an idle pool, one at a time, each waited for by
 * polling with a deadline before pool_wait(). */
START_TEST(engine_pool__outside_submit_to_idle_pool)
{
  for (size_t k = 0; k < 2; k++) {
    pool *p = pool_new_kind(3, kinds[k]);
    ck_assert_ptr_nonnull(p);
    count_ctx ctx;
    atomic_init(&ctx.n, 0);
    for (uint64_t r = 1; r <= 300; r++) {
      if (r % 16 == 0) {
        struct timespec ts = { 0, 2000000 };
        nanosleep(&ts, NULL);
      }
      ck_assert_int_eq(pool_submit(p, count_job, &ctx), MLS_OK);
      double deadline = now_s() + deadline_s(10);
      while (atomic_load(&ctx.n) < r) {
        ck_assert_msg(now_s() <= deadline, "round %d: lost wakeup", (int)r);
        yield_now();
      }
      pool_wait(p);
    }
    pool_free(p);
  }
}
END_TEST

/* --- stealing happens ---------------------------------------------------- */

/* A root job that pushes jobs onto its own worker's deque and then keeps
 * that worker busy until another worker has run one of them: only a
 * thief can. (A tree of quick jobs is not enough on a loaded machine: its
 * one worker may finish it before a parked thief wakes.) */
typedef struct steal_ctx {
  size_t root;         /* the root job's worker */
  atomic_int by_other; /* a pushed job ran on another worker */
  double deadline;
} steal_ctx;

static void pushed_job(pool *p, void *arg)
{
  steal_ctx *c = arg;
  if (pool_worker_index(p) != c->root) {
    atomic_store(&c->by_other, 1);
  }
}

static void root_job(pool *p, void *arg)
{
  steal_ctx *c = arg;
  c->root = pool_worker_index(p);
  for (int i = 0; i < 64; i++) {
    ck_assert_int_eq(pool_submit(p, pushed_job, c), MLS_OK);
  }
  while (!atomic_load(&c->by_other) && now_s() <= c->deadline) {
    yield_now();
  }
}

START_TEST(engine_pool__thieves_steal)
{
  uint64_t steals = 0;
  for (size_t c = 1; c < N_COUNTS; c++) {
    steal_ctx ctx;
    pool *p = pool_new_kind(thread_counts[c], POOL_STEAL);
    ck_assert_ptr_nonnull(p);
    ctx.root = SIZE_MAX;
    atomic_init(&ctx.by_other, 0);
    ctx.deadline = now_s() + deadline_s(10);
    ck_assert_int_eq(pool_submit(p, root_job, &ctx), MLS_OK);
    pool_wait(p);
    /* Every job another worker ran was stolen from the root's deque. */
    ck_assert_msg(atomic_load(&ctx.by_other), "%zu threads: nothing stolen",
                  thread_counts[c]);
    ck_assert_uint_gt(pool_steals(p), 0);
    pool_free(p);
    /* And a tree of jobs still adds up with thieves about. */
    (void)run_tree(POOL_STEAL, thread_counts[c], &steals);
  }
}
END_TEST

Suite *engine_pool_suite(void)
{
  Suite *s = suite_create("engine_pool_suite");
  TCase *tc = tcase_create("pool");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, engine_pool__flat_10k_same_sum_everywhere);
  tcase_add_test(tc, engine_pool__tree_100k_same_sum_everywhere);
  tcase_add_test(tc, engine_pool__default_kind_and_cpu_count);
  tcase_add_test(tc, engine_pool__reuse_after_wait);
  tcase_add_test(tc, engine_pool__submit_after_others_finished);
  tcase_add_test(tc, engine_pool__no_lost_wakeups);
  tcase_add_test(tc, engine_pool__outside_submit_to_idle_pool);
  tcase_add_test(tc, engine_pool__thieves_steal);
  suite_add_tcase(s, tc);
  return s;
}
