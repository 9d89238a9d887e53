/* SPDX-License-Identifier: Apache-2.0
 *
 * bench/pool_bench.c -- core/engine/pool.c: work stealing against the
 * mutex-queue reference on 1M tiny jobs.
 *
 * Two shapes, each run with both schedulers on the same thread count:
 *   flat  one root job submits 1M children from inside the pool (a walk
 *         job fanning out file jobs);
 *   tree  a binary tree of jobs, each spawning its two children, with
 *         2^19 leaves (1M jobs in all).
 * Every job does a few dozen instructions of arithmetic, so what is timed
 * is the scheduler. The two schedulers run as alternating pairs (steal,
 * mutex, steal, mutex, ...; BENCH_PAIRS, default 5) and the median of the
 * per-pair ratios mutex seconds / steal seconds is reported, so machine
 * drift cancels. Prints one JSON line per shape:
 *   {"bench":"pool","shape":"flat","threads":N,"jobs":N,"pairs":P,
 *    "steal_s":S,"mutex_s":S,"mutex_over_steal":R,"ratio_min":A,
 *    "ratio_max":B,"steals":N}
 * (seconds: medians; steals: of the last work-stealing run).
 *
 * usage: mls_pool_bench [threads]   (default: online CPUs)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/engine/pool.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FLAT_JOBS  1000000u
#define TREE_DEPTH 19 /* 2^20 - 1 jobs */
#define MAX_PAIRS  99

static _Atomic uint64_t bench_sum;
static _Atomic int bench_failed;

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t tiny_work(uint64_t x)
{
  for (int i = 0; i < 16; i++) {
    x = x * 6364136223846793005u + 1442695040888963407u;
  }
  return x >> 60;
}

static void flat_leaf(pool *p, void *arg)
{
  (void)p;
  atomic_fetch_add_explicit(&bench_sum, tiny_work((uint64_t)(uintptr_t)arg),
                            memory_order_relaxed);
}

static void flat_root(pool *p, void *arg)
{
  (void)arg;
  for (uintptr_t i = 0; i < FLAT_JOBS; i++) {
    if (pool_submit(p, flat_leaf, (void *)i) != MLS_OK) {
      atomic_store(&bench_failed, 1);
      return;
    }
  }
}

/* arg encodes (depth << 32 | index). */
static void tree_node(pool *p, void *arg)
{
  uint64_t v = (uint64_t)(uintptr_t)arg;
  uint64_t depth = v >> 32;
  uint64_t index = v & 0xffffffffu;
  atomic_fetch_add_explicit(&bench_sum, tiny_work(v), memory_order_relaxed);
  if (depth == TREE_DEPTH) {
    return;
  }
  for (uint64_t c = 0; c < 2; c++) {
    uint64_t child = ((depth + 1) << 32) | (index * 2 + c);
    if (pool_submit(p, tree_node, (void *)(uintptr_t)child) != MLS_OK) {
      atomic_store(&bench_failed, 1);
    }
  }
}

static double run(pool_kind kind, size_t threads, int tree, uint64_t *sum,
                  uint64_t *steals)
{
  pool *p = pool_new_kind(threads, kind);
  if (!p) {
    fprintf(stderr, "mls_pool_bench: pool_new failed\n");
    exit(1);
  }
  atomic_store(&bench_sum, 0);
  double t0 = now_s();
  if (pool_submit(p, tree ? tree_node : flat_root, NULL) != MLS_OK) {
    exit(1);
  }
  pool_wait(p);
  double dt = now_s() - t0;
  *steals = pool_steals(p);
  pool_free(p);
  if (atomic_load(&bench_failed)) {
    fprintf(stderr, "mls_pool_bench: out of memory\n");
    exit(1);
  }
  *sum = atomic_load(&bench_sum);
  return dt;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/* The median of v[0..n) (n >= 1); sorts v. */
static double median(double *v, int n)
{
  qsort(v, (size_t)n, sizeof(*v), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
  size_t threads = 0;
  if (argc > 1) {
    char *end = NULL;
    unsigned long n = strtoul(argv[1], &end, 10);
    if (!end || *end || n == 0 || n > 4096) {
      fprintf(stderr, "usage: mls_pool_bench [threads]\n");
      return 2;
    }
    threads = n;
  }
  if (threads == 0) {
    pool *p = pool_new(0);
    if (!p) {
      return 1;
    }
    threads = pool_nthreads(p);
    pool_free(p);
  }
  int pairs = 5;
  const char *env = getenv("BENCH_PAIRS");
  if (env && *env) {
    char *end = NULL;
    long n = strtol(env, &end, 10);
    if (!end || *end || n < 1 || n > MAX_PAIRS) {
      fprintf(stderr, "mls_pool_bench: BENCH_PAIRS wants 1..%d\n", MAX_PAIRS);
      return 2;
    }
    pairs = (int)n;
  }
  const char *shapes[] = { "flat", "tree" };
  const uint64_t jobs[] = { FLAT_JOBS + 1, (2u << TREE_DEPTH) - 1 };
  for (int tree = 0; tree < 2; tree++) {
    double steal_s[MAX_PAIRS], mutex_s[MAX_PAIRS], ratios[MAX_PAIRS];
    uint64_t want = 0, steals = 0;
    for (int i = 0; i < pairs; i++) {
      uint64_t sum, st;
      steal_s[i] = run(POOL_STEAL, threads, tree, &sum, &steals);
      if (i == 0) {
        want = sum;
      }
      mutex_s[i] = run(POOL_MUTEX, threads, tree, &sum, &st);
      if (sum != want) {
        fprintf(stderr, "mls_pool_bench: %s: sums differ\n", shapes[tree]);
        return 1;
      }
      ratios[i] = mutex_s[i] / steal_s[i];
      fprintf(stderr,
              "mls_pool_bench: %s pair %d: steal %.4f s, mutex %.4f s\n",
              shapes[tree], i + 1, steal_s[i], mutex_s[i]);
    }
    double lo = ratios[0], hi = ratios[0];
    for (int i = 1; i < pairs; i++) {
      lo = ratios[i] < lo ? ratios[i] : lo;
      hi = ratios[i] > hi ? ratios[i] : hi;
    }
    printf("{\"bench\":\"pool\",\"shape\":\"%s\",\"threads\":%zu,"
           "\"jobs\":%llu,\"pairs\":%d,\"steal_s\":%.4f,\"mutex_s\":%.4f,"
           "\"mutex_over_steal\":%.3f,\"ratio_min\":%.3f,"
           "\"ratio_max\":%.3f,\"steals\":%llu}\n",
           shapes[tree], threads, (unsigned long long)jobs[tree], pairs,
           median(steal_s, pairs), median(mutex_s, pairs),
           median(ratios, pairs), lo, hi, (unsigned long long)steals);
    fflush(stdout);
  }
  return 0;
}
