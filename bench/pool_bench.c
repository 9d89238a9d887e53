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
 * is the scheduler. Prints one JSON line per (shape, scheduler):
 *   {"bench":"pool","shape":"flat","scheduler":"steal","threads":N,
 *    "jobs":N,"seconds":S,"jobs_per_s":X,"steals":N}
 * and a last line with the ratios mutex seconds / steal seconds.
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
  const char *shapes[] = { "flat", "tree" };
  const uint64_t jobs[] = { FLAT_JOBS + 1, (2u << TREE_DEPTH) - 1 };
  double secs[2][2];
  for (int tree = 0; tree < 2; tree++) {
    uint64_t want = 0;
    for (int k = 0; k < 2; k++) {
      pool_kind kind = k == 0 ? POOL_STEAL : POOL_MUTEX;
      uint64_t sum, steals;
      secs[tree][k] = run(kind, threads, tree, &sum, &steals);
      if (k == 0) {
        want = sum;
      } else if (sum != want) {
        fprintf(stderr, "mls_pool_bench: %s: sums differ\n", shapes[tree]);
        return 1;
      }
      printf("{\"bench\":\"pool\",\"shape\":\"%s\",\"scheduler\":\"%s\","
             "\"threads\":%zu,\"jobs\":%llu,\"seconds\":%.4f,"
             "\"jobs_per_s\":%.0f,\"steals\":%llu}\n",
             shapes[tree], k == 0 ? "steal" : "mutex", threads,
             (unsigned long long)jobs[tree], secs[tree][k],
             (double)jobs[tree] / secs[tree][k], (unsigned long long)steals);
    }
  }
  printf("{\"bench\":\"pool_ratio\",\"threads\":%zu,"
         "\"flat_mutex_over_steal\":%.2f,\"tree_mutex_over_steal\":%.2f}\n",
         threads, secs[0][1] / secs[0][0], secs[1][1] / secs[1][0]);
  return 0;
}
