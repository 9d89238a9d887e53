/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/pool.c -- the work-stealing pool and its mutex-queue
 * reference (pool.h; DESIGN "Units of work and the pool").
 *
 * POOL_STEAL. Every worker owns a Chase-Lev deque: it pushes and pops at
 * the bottom (LIFO, so a job's children run hot in its cache) and other
 * workers steal at the top (FIFO, so a thief takes the oldest, usually
 * largest, piece of work). push/take/steal follow Figure 1 of Le, Pop,
 * Cohen, Zappa Nardelli, "Correct and Efficient Work-Stealing for Weak
 * Memory Models" (PPoPP 2013) order for order; the one departure is noted
 * at POOL_BOTTOM_PUBLISH. A full deque grows into an array twice the size;
 * a thief may still be reading the old one, so old arrays are kept on the
 * owner's `retired` list and freed only by pool_free(). Jobs submitted from
 * outside the pool go to the injection queue under `lock`.
 *
 * Termination: `pending` counts jobs submitted and not yet finished. A job
 * counts its children before it finishes itself, so `pending` reaches zero
 * only when the whole tree is done; the worker that brings it to zero
 * wakes pool_wait() under `lock`.
 *
 * Parking: a worker that finds nothing spins POOL_SPIN rounds of
 * sched_yield() and a full search, then sleeps on `has_work`. Before it
 * sleeps it announces itself in `sleepers` and looks once more under
 * `lock`; a pusher publishes its job and then reads `sleepers`, with a
 * seq_cst fence on both sides (a Dekker handshake), so at least one of the
 * two sees the other: either the sleeper sees the job, or the pusher sees
 * the sleeper and signals it, taking `lock` first so the signal cannot
 * fall between the sleeper's last look and its wait. One sleeper is woken
 * per job pushed.
 *
 * POOL_MUTEX. One FIFO queue (the injection queue) under `lock` holds every
 * job; idle workers sleep on `has_work`. Same API, same termination.
 *
 * Lock order: pool->lock is the only lock here and is never held while a
 * job runs. Job callbacks run with no pool lock held and cannot fail:
 * errors stay in the job. Callers' locks (cache/) may be taken inside jobs
 * and therefore always after, never around, pool->lock.
 */
#define _POSIX_C_SOURCE 200809L /* sysconf, pthread_attr_setstacksize */

#include "core/engine/pool.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/base/thread.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Slots of a new deque; it doubles when full. */
#define POOL_DEQUE_INIT 256
/* Rounds of yield-and-search before an idle worker sleeps. */
#define POOL_SPIN 32
/* More threads than this is a caller's mistake, not a machine. */
#define POOL_MAX_THREADS 4096

/* ThreadSanitizer does not model atomic_thread_fence(), so the release
 * fence in push would not order the job's fields before `bottom` for it
 * and it would report a race that is not there. Under TSan the store to
 * `bottom` is itself a release (stronger than the paper's relaxed store
 * after a release fence, never weaker); elsewhere the paper's order. */
#if defined(__SANITIZE_THREAD__)
#define POOL_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define POOL_TSAN 1
#endif
#endif
#ifdef POOL_TSAN
#define POOL_BOTTOM_PUBLISH memory_order_release
#else
#define POOL_BOTTOM_PUBLISH memory_order_relaxed
#endif

typedef struct pool_job {
  pool_fn fn;            /* immutable once queued */
  void *arg;             /* immutable once queued */
  struct pool_job *next; /* pool->lock while in the injection queue */
} pool_job;

/* A circular array of 2^k slots. Slot i of the deque is slot[i & mask]. */
typedef struct pool_array {
  int64_t mask;               /* immutable */
  struct pool_array *older;   /* owner only: the retired list's link */
  _Atomic(pool_job *) slot[]; /* relaxed: published by `bottom`/`array` */
} pool_array;

typedef struct pool_worker {
  /* The deque. `top` and `bottom` sit on different cache lines (the pads)
   * so thieves CASing `top` do not slow the owner's pushes. */
  _Atomic int64_t top; /* CAS by thieves and by the owner taking the last
                          job; seq_cst CAS, acquire loads (Le et al.) */
  char pad0[64 - sizeof(int64_t)];
  _Atomic int64_t bottom;      /* stored by the owner only; loaded by
                                  thieves with acquire (Le et al.) */
  _Atomic(pool_array *) array; /* stored by the owner only (release, on
                                  growth); thieves load with acquire */
  char pad1[64 - sizeof(int64_t) - sizeof(void *)];
  pool_array *retired; /* owner only: replaced arrays, freed by pool_free */
  uint64_t seed;       /* owner only: victim choice */
  struct pool *pool;   /* immutable */
  size_t index;        /* immutable */
  mls_thread thread;   /* immutable after pool_new(); joined by pool_free */
} pool_worker;

struct pool {
  mls_mutex lock;            /* guards every field down to `closing` */
  mls_cond has_work;         /* lock: idle workers sleep here */
  mls_cond all_done;         /* lock: pool_wait() sleeps here */
  pool_job *head;            /* lock: the injection queue's oldest job */
  pool_job *tail;            /* lock: its newest; a queued job is owned by the
                                queue (POOL_MUTEX: every job is queued here) */
  bool closing;              /* lock: set by pool_free(); workers exit */
  _Atomic size_t ninject;    /* written under lock; read without it as a
                                hint (relaxed), re-checked under lock */
  _Atomic unsigned sleepers; /* written under lock; read without it by
                                pushers after a seq_cst fence (Dekker) */
  _Atomic size_t pending;    /* no lock: jobs submitted, not finished;
                                acq_rel decrement, see the file comment */
  _Atomic uint64_t steals;   /* no lock: statistics only (relaxed) */
  size_t nthreads;           /* immutable after pool_new() */
  pool_kind kind;            /* immutable after pool_new() */
  pool_worker *workers;      /* immutable after pool_new(); each worker's
                                fields as commented in pool_worker */
};

/* The worker this thread is, or NULL outside every pool. */
static _Thread_local pool_worker *pool_self;

/* --- the Chase-Lev deque (Le et al., Figure 1) ----------------------- */

static pool_array *array_new(int64_t size)
{
  size_t bytes;
  if (!mls_mul_sz(&bytes, (size_t)size, sizeof(_Atomic(pool_job *))) ||
      !mls_add_sz(&bytes, bytes, sizeof(pool_array))) {
    return NULL;
  }
  pool_array *a = mls_malloc(bytes);
  if (!a) {
    return NULL;
  }
  a->mask = size - 1;
  a->older = NULL;
  for (int64_t i = 0; i < size; i++) {
    atomic_init(&a->slot[i], NULL);
  }
  return a;
}

/* Owner only: replace the full array `a` holding [t, b) by one twice its
 * size. The old one is retired, not freed: a thief may be reading it. */
static pool_array *deque_grow(pool_worker *w, pool_array *a, int64_t t,
                              int64_t b)
{
  if (a->mask + 1 > INT64_MAX / 2) {
    return NULL;
  }
  pool_array *n = array_new(2 * (a->mask + 1));
  if (!n) {
    return NULL;
  }
  for (int64_t i = t; i < b; i++) {
    atomic_store_explicit(
        &n->slot[i & n->mask],
        atomic_load_explicit(&a->slot[i & a->mask], memory_order_relaxed),
        memory_order_relaxed);
  }
  a->older = w->retired;
  w->retired = a;
  atomic_store_explicit(&w->array, n, memory_order_release);
  return n;
}

/* Owner only. MLS_ENOMEM when the deque is full and cannot grow. */
static int deque_push(pool_worker *w, pool_job *job)
{
  int64_t b = atomic_load_explicit(&w->bottom, memory_order_relaxed);
  int64_t t = atomic_load_explicit(&w->top, memory_order_acquire);
  pool_array *a = atomic_load_explicit(&w->array, memory_order_relaxed);
  if (b - t > a->mask) {
    a = deque_grow(w, a, t, b);
    if (!a) {
      return MLS_ENOMEM;
    }
  }
  atomic_store_explicit(&a->slot[b & a->mask], job, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&w->bottom, b + 1, POOL_BOTTOM_PUBLISH);
  return MLS_OK;
}

/* Owner only: the newest job, or NULL. */
static pool_job *deque_take(pool_worker *w)
{
  int64_t b = atomic_load_explicit(&w->bottom, memory_order_relaxed) - 1;
  pool_array *a = atomic_load_explicit(&w->array, memory_order_relaxed);
  atomic_store_explicit(&w->bottom, b, memory_order_relaxed);
  atomic_thread_fence(memory_order_seq_cst);
  int64_t t = atomic_load_explicit(&w->top, memory_order_relaxed);
  pool_job *x = NULL;
  if (t <= b) {
    x = atomic_load_explicit(&a->slot[b & a->mask], memory_order_relaxed);
    if (t == b) {
      /* The last job: race the thieves for it. */
      if (!atomic_compare_exchange_strong_explicit(
              &w->top, &t, t + 1, memory_order_seq_cst, memory_order_relaxed)) {
        x = NULL;
      }
      atomic_store_explicit(&w->bottom, b + 1, memory_order_relaxed);
    }
  } else {
    atomic_store_explicit(&w->bottom, b + 1, memory_order_relaxed);
  }
  return x;
}

typedef enum { STEAL_EMPTY, STEAL_ABORT, STEAL_OK } steal_rc;

/* Any thread: the oldest job of w's deque into *out. STEAL_ABORT when
 * another thread won the race for it (worth retrying). */
static steal_rc deque_steal(pool_worker *w, pool_job **out)
{
  int64_t t = atomic_load_explicit(&w->top, memory_order_acquire);
  atomic_thread_fence(memory_order_seq_cst);
  int64_t b = atomic_load_explicit(&w->bottom, memory_order_acquire);
  if (t >= b) {
    return STEAL_EMPTY;
  }
  /* The paper loads `array` with memory_order_consume, which compilers
   * implement as acquire. */
  pool_array *a = atomic_load_explicit(&w->array, memory_order_acquire);
  pool_job *x =
      atomic_load_explicit(&a->slot[t & a->mask], memory_order_relaxed);
  if (!atomic_compare_exchange_strong_explicit(
          &w->top, &t, t + 1, memory_order_seq_cst, memory_order_relaxed)) {
    return STEAL_ABORT;
  }
  *out = x;
  return STEAL_OK;
}

/* --- queues, waking, running ------------------------------------------ */

/* lock held. */
static void inject_append(pool *p, pool_job *job)
{
  job->next = NULL;
  if (p->tail) {
    p->tail->next = job;
  } else {
    p->head = job;
  }
  p->tail = job;
  atomic_store_explicit(
      &p->ninject, atomic_load_explicit(&p->ninject, memory_order_relaxed) + 1,
      memory_order_relaxed);
}

/* lock held: the oldest queued job, or NULL. */
static pool_job *inject_pop(pool *p)
{
  pool_job *job = p->head;
  if (job) {
    p->head = job->next;
    if (!p->head) {
      p->tail = NULL;
    }
    atomic_store_explicit(
        &p->ninject,
        atomic_load_explicit(&p->ninject, memory_order_relaxed) - 1,
        memory_order_relaxed);
  }
  return job;
}

/* After a lock-free push: wake one sleeper if there is one (the pusher's
 * half of the handshake described at the top of the file). */
static void wake_one(pool *p)
{
  atomic_thread_fence(memory_order_seq_cst);
  if (atomic_load_explicit(&p->sleepers, memory_order_seq_cst) > 0) {
    mls_mutex_lock(&p->lock);
    mls_cond_signal(&p->has_work);
    mls_mutex_unlock(&p->lock);
  }
}

/* Run one job with no lock held; it is owned (and freed) here. */
static void run_job(pool *p, pool_job *job)
{
  pool_fn fn = job->fn;
  void *arg = job->arg;
  mls_free(job);
  fn(p, arg);
  if (atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel) == 1) {
    mls_mutex_lock(&p->lock);
    mls_cond_broadcast(&p->all_done);
    mls_mutex_unlock(&p->lock);
  }
}

static uint64_t next_rand(pool_worker *w)
{
  uint64_t x = w->seed;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  w->seed = x;
  return x;
}

/* POOL_STEAL: own deque, then the injection queue, then the others'. */
static pool_job *find_work(pool_worker *w)
{
  pool *p = w->pool;
  pool_job *job = deque_take(w);
  if (job) {
    return job;
  }
  if (atomic_load_explicit(&p->ninject, memory_order_relaxed) > 0) {
    mls_mutex_lock(&p->lock);
    job = inject_pop(p);
    mls_mutex_unlock(&p->lock);
    if (job) {
      return job;
    }
  }
  size_t n = p->nthreads;
  if (n < 2) {
    return NULL;
  }
  size_t start = (size_t)(next_rand(w) % n);
  for (size_t i = 0; i < n; i++) {
    pool_worker *v = &p->workers[(start + i) % n];
    if (v == w) {
      continue;
    }
    for (;;) {
      steal_rc rc = deque_steal(v, &job);
      if (rc == STEAL_OK) {
        atomic_fetch_add_explicit(&p->steals, 1, memory_order_relaxed);
        return job;
      }
      if (rc == STEAL_EMPTY) {
        break;
      }
    }
  }
  return NULL;
}

/* lock held, after `sleepers` was raised: is any job queued anywhere? */
static bool work_visible(pool *p)
{
  if (p->head) {
    return true;
  }
  for (size_t i = 0; i < p->nthreads; i++) {
    pool_worker *v = &p->workers[i];
    int64_t t = atomic_load_explicit(&v->top, memory_order_seq_cst);
    int64_t b = atomic_load_explicit(&v->bottom, memory_order_seq_cst);
    if (t < b) {
      return true;
    }
  }
  return false;
}

static void steal_worker_loop(pool_worker *w)
{
  pool *p = w->pool;
  for (;;) {
    pool_job *job = find_work(w);
    for (int spin = 0; !job && spin < POOL_SPIN; spin++) {
      mls_thread_yield();
      job = find_work(w);
    }
    if (job) {
      run_job(p, job);
      continue;
    }
    mls_mutex_lock(&p->lock);
    if (p->closing) {
      mls_mutex_unlock(&p->lock);
      return;
    }
    atomic_fetch_add_explicit(&p->sleepers, 1, memory_order_seq_cst);
    atomic_thread_fence(memory_order_seq_cst);
    if (!work_visible(p)) {
      mls_cond_wait(&p->has_work, &p->lock);
    }
    atomic_fetch_sub_explicit(&p->sleepers, 1, memory_order_seq_cst);
    mls_mutex_unlock(&p->lock);
  }
}

static void mutex_worker_loop(pool_worker *w)
{
  pool *p = w->pool;
  mls_mutex_lock(&p->lock);
  for (;;) {
    pool_job *job = inject_pop(p);
    if (job) {
      mls_mutex_unlock(&p->lock);
      run_job(p, job);
      mls_mutex_lock(&p->lock);
      continue;
    }
    if (p->closing) {
      break;
    }
    atomic_fetch_add_explicit(&p->sleepers, 1, memory_order_seq_cst);
    mls_cond_wait(&p->has_work, &p->lock);
    atomic_fetch_sub_explicit(&p->sleepers, 1, memory_order_seq_cst);
  }
  mls_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg)
{
  pool_worker *w = arg;
  pool_self = w;
  if (w->pool->kind == POOL_MUTEX) {
    mutex_worker_loop(w);
  } else {
    steal_worker_loop(w);
  }
  pool_self = NULL;
  return NULL;
}

/* --- the API ----------------------------------------------------------- */

int pool_submit(pool *p, pool_fn fn, void *arg)
{
  MLS_ASSERT_ARG(p && fn);
  pool_job *job = mls_malloc(sizeof *job);
  if (!job) {
    return MLS_ENOMEM;
  }
  job->fn = fn;
  job->arg = arg;
  job->next = NULL;
  atomic_fetch_add_explicit(&p->pending, 1, memory_order_relaxed);

  pool_worker *w = pool_self;
  if (p->kind == POOL_STEAL && w && w->pool == p) {
    if (deque_push(w, job) != MLS_OK) {
      /* The running job is still counted, so this cannot reach zero. */
      atomic_fetch_sub_explicit(&p->pending, 1, memory_order_relaxed);
      mls_free(job);
      return MLS_ENOMEM;
    }
    wake_one(p);
    return MLS_OK;
  }
  mls_mutex_lock(&p->lock);
  inject_append(p, job);
  if (atomic_load_explicit(&p->sleepers, memory_order_relaxed) > 0) {
    mls_cond_signal(&p->has_work);
  }
  mls_mutex_unlock(&p->lock);
  return MLS_OK;
}

void pool_wait(pool *p)
{
  if (!p) {
    return;
  }
  mls_mutex_lock(&p->lock);
  while (atomic_load_explicit(&p->pending, memory_order_acquire) != 0) {
    mls_cond_wait(&p->all_done, &p->lock);
  }
  mls_mutex_unlock(&p->lock);
}

/* Stop and join the first `started` workers, then release everything. */
static void pool_destroy(pool *p, size_t started)
{
  mls_mutex_lock(&p->lock);
  p->closing = true;
  mls_cond_broadcast(&p->has_work);
  mls_mutex_unlock(&p->lock);
  for (size_t i = 0; i < started; i++) {
    mls_thread_join(p->workers[i].thread);
  }
  for (size_t i = 0; i < p->nthreads; i++) {
    pool_worker *w = &p->workers[i];
    mls_free(atomic_load_explicit(&w->array, memory_order_relaxed));
    while (w->retired) {
      pool_array *a = w->retired;
      w->retired = a->older;
      mls_free(a);
    }
  }
  while (p->head) { /* only after a failed pool_new(): none were queued */
    mls_free(inject_pop(p));
  }
  mls_cond_dispose(&p->all_done);
  mls_cond_dispose(&p->has_work);
  mls_mutex_dispose(&p->lock);
  mls_free(p->workers);
  mls_free(p);
}

pool *pool_new_kind(size_t nthreads, pool_kind kind)
{
  if (kind == POOL_DEFAULT) {
#ifdef MLS_POOL_MUTEX
    kind = POOL_MUTEX;
#else
    kind = POOL_STEAL;
#endif
  }
  if (kind != POOL_STEAL && kind != POOL_MUTEX) {
    return NULL;
  }
  if (nthreads == 0) {
    nthreads = mls_cpu_count();
  }
  if (nthreads > POOL_MAX_THREADS) {
    nthreads = POOL_MAX_THREADS;
  }
  pool *p = mls_calloc(1, sizeof *p);
  if (!p) {
    return NULL;
  }
  p->workers = mls_calloc(nthreads, sizeof *p->workers);
  if (!p->workers) {
    mls_free(p);
    return NULL;
  }
  if (mls_mutex_init(&p->lock) != MLS_OK) {
    mls_free(p->workers);
    mls_free(p);
    return NULL;
  }
  if (mls_cond_init(&p->has_work) != MLS_OK) {
    mls_mutex_dispose(&p->lock);
    mls_free(p->workers);
    mls_free(p);
    return NULL;
  }
  if (mls_cond_init(&p->all_done) != MLS_OK) {
    mls_cond_dispose(&p->has_work);
    mls_mutex_dispose(&p->lock);
    mls_free(p->workers);
    mls_free(p);
    return NULL;
  }
  p->head = p->tail = NULL;
  p->closing = false;
  atomic_init(&p->ninject, 0);
  atomic_init(&p->sleepers, 0);
  atomic_init(&p->pending, 0);
  atomic_init(&p->steals, 0);
  p->nthreads = nthreads;
  p->kind = kind;

  bool ok = true;
  for (size_t i = 0; i < nthreads; i++) {
    pool_worker *w = &p->workers[i];
    atomic_init(&w->top, 0);
    atomic_init(&w->bottom, 0);
    pool_array *a =
        kind == POOL_STEAL ? array_new(POOL_DEQUE_INIT) : array_new(1);
    atomic_init(&w->array, a);
    ok = ok && a;
    w->retired = NULL;
    w->seed = 0x9E3779B97F4A7C15u * (uint64_t)(i + 1) | 1u;
    w->pool = p;
    w->index = i;
  }
  size_t started = 0;
  while (ok && started < nthreads) {
    pool_worker *w = &p->workers[started];
    if (mls_thread_create(&w->thread, worker_main, w) != MLS_OK) {
      ok = false;
      break;
    }
    started++;
  }
  if (!ok) {
    pool_destroy(p, started);
    return NULL;
  }
  return p;
}

pool *pool_new(size_t nthreads)
{
  return pool_new_kind(nthreads, POOL_DEFAULT);
}

void pool_free(pool *p)
{
  if (!p) {
    return;
  }
  pool_wait(p);
  pool_destroy(p, p->nthreads);
}

size_t pool_nthreads(const pool *p)
{
  return p->nthreads;
}

size_t pool_worker_index(const pool *p)
{
  pool_worker *w = pool_self;
  return w && w->pool == p ? w->index : p->nthreads;
}

pool_kind pool_get_kind(const pool *p)
{
  return p->kind;
}

uint64_t pool_steals(pool *p)
{
  return atomic_load_explicit(&p->steals, memory_order_relaxed);
}
