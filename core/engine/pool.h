/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/pool.h -- the worker pool that runs the sweep's jobs
 * (DESIGN "Units of work and the pool").
 *
 * Two schedulers behind one API:
 *   POOL_STEAL  one Chase-Lev deque per worker (owner LIFO at the bottom,
 *               thieves FIFO at the top; Le, Pop, Cohen, Zappa Nardelli,
 *               PPoPP 2013), spin-then-sleep parking;
 *   POOL_MUTEX  one FIFO queue under one mutex: the reference.
 * pool_new() picks POOL_MUTEX when the build sets MLS_POOL_MUTEX=ON, and
 * POOL_STEAL otherwise; pool_new_kind() picks at run time.
 *
 * A job is fn(pool, arg). It runs on a worker with no pool lock held, may
 * submit more jobs with pool_submit(), and cannot fail: a job keeps its
 * errors in its own state. pool_wait() returns when every job submitted so
 * far, and every job those submitted, has finished.
 */
#ifndef MLS_ENGINE_POOL_H
#define MLS_ENGINE_POOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct pool pool;
typedef void (*pool_fn)(pool *p, void *arg);

typedef enum pool_kind {
  POOL_DEFAULT = 0, /* the build's choice (MLS_POOL_MUTEX) */
  POOL_STEAL = 1,
  POOL_MUTEX = 2
} pool_kind;

/* owned (pool_free): a pool of nthreads workers, already running
 * (0 = mls_cpu_count(): the CPUs this process may use). NULL when memory
 * or threads run out. */
pool *pool_new(size_t nthreads);
pool *pool_new_kind(size_t nthreads, pool_kind kind);

/* Queue fn(p, arg). From any thread: outside the pool, or inside one of its
 * jobs (then the job goes to the calling worker's own deque). MLS_OK, or
 * MLS_ENOMEM with nothing queued (arg stays the caller's). */
int pool_submit(pool *p, pool_fn fn, void *arg);

/* Block until no job is queued or running. Call from outside the pool's
 * jobs only (a job that waits for itself would never return). The pool can
 * be used again afterwards. */
void pool_wait(pool *p);

/* pool_wait(), then stop the workers and release everything. NULL-safe. */
void pool_free(pool *p);

size_t pool_nthreads(const pool *p);
/* The calling thread's worker index in p, in [0, pool_nthreads(p)), or
 * pool_nthreads(p) for any other thread (one that runs a job itself when
 * pool_submit() fails): a slot for per-worker state no other thread
 * touches while the job runs. */
size_t pool_worker_index(const pool *p);
pool_kind pool_get_kind(const pool *p);
/* Jobs taken from another worker's deque so far (always 0 for POOL_MUTEX
 * and for one thread). For tests and statistics. */
uint64_t pool_steals(pool *p);

#endif
