/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/thread.h -- the few pthreads calls the project uses, wrapped
 * (CONVENTIONS section 6: macOS has no <threads.h>; atomics come from C11
 * <stdatomic.h>).
 *
 * Header-only. Locking and waiting cannot fail on a correct program, so
 * those wrappers abort on an error code instead of returning it (a failed
 * pthread_mutex_lock means memory corruption or a lock-order bug).
 * Threads get an explicit 8 MB stack, as libuv's src/threadpool.c does, so
 * MLS_MAX_NESTING does not depend on the platform's default stack size.
 *
 * The build is strict C11, so a file that includes this header defines
 * _POSIX_C_SOURCE 200809L (or _XOPEN_SOURCE 700) before its first include.
 */
#ifndef MLS_BASE_THREAD_H
#define MLS_BASE_THREAD_H

#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#error "define _POSIX_C_SOURCE 200809L before including core/base/thread.h"
#endif

#include "core/base/rc.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#define MLS_THREAD_STACK_SIZE (8u << 20)

typedef pthread_mutex_t mls_mutex;
typedef pthread_cond_t mls_cond;
typedef pthread_t mls_thread;

static inline int mls_mutex_init(mls_mutex *m)
{
  return pthread_mutex_init(m, NULL) == 0 ? MLS_OK : MLS_ERROR;
}

static inline void mls_mutex_dispose(mls_mutex *m)
{
  (void)pthread_mutex_destroy(m);
}

static inline void mls_mutex_lock(mls_mutex *m)
{
  if (pthread_mutex_lock(m) != 0) {
    abort();
  }
}

static inline void mls_mutex_unlock(mls_mutex *m)
{
  if (pthread_mutex_unlock(m) != 0) {
    abort();
  }
}

static inline int mls_cond_init(mls_cond *c)
{
  return pthread_cond_init(c, NULL) == 0 ? MLS_OK : MLS_ERROR;
}

static inline void mls_cond_dispose(mls_cond *c)
{
  (void)pthread_cond_destroy(c);
}

static inline void mls_cond_wait(mls_cond *c, mls_mutex *m)
{
  if (pthread_cond_wait(c, m) != 0) {
    abort();
  }
}

static inline void mls_cond_signal(mls_cond *c)
{
  if (pthread_cond_signal(c) != 0) {
    abort();
  }
}

static inline void mls_cond_broadcast(mls_cond *c)
{
  if (pthread_cond_broadcast(c) != 0) {
    abort();
  }
}

/* Start fn(arg) on a new thread with an 8 MB stack. MLS_ERROR when the
 * thread cannot be created (out of memory or of threads). */
static inline int mls_thread_create(mls_thread *t, void *(*fn)(void *),
                                    void *arg)
{
  pthread_attr_t attr;
  int rc;
  if (pthread_attr_init(&attr) != 0) {
    return MLS_ERROR;
  }
  rc = pthread_attr_setstacksize(&attr, MLS_THREAD_STACK_SIZE);
  if (rc == 0) {
    rc = pthread_create(t, &attr, fn, arg);
  }
  (void)pthread_attr_destroy(&attr);
  return rc == 0 ? MLS_OK : MLS_ERROR;
}

static inline void mls_thread_join(mls_thread t)
{
  if (pthread_join(t, NULL) != 0) {
    abort();
  }
}

static inline void mls_thread_yield(void)
{
  (void)sched_yield();
}

/* The CPUs this process may use, at least 1: online CPUs, narrowed by
 * its affinity mask and by a CPU quota on its cgroup or an ancestor's,
 * rounded up (core/base/cpus.c). The default of --jobs. */
unsigned mls_cpu_count(void);

/* For tests: the CPUs a cgroup quota allows, rounded up, from cpu.max's
 * text (v2, "QUOTA PERIOD" or "max ...") with period_text NULL, or from
 * cpu.cfs_quota_us and cpu.cfs_period_us (v1); 0 for no quota. */
unsigned mls__cpu_quota(const char *text, const char *period_text);
/* For tests: online narrowed by affinity and quota (0: none). */
unsigned mls__cpus_allowed(unsigned online, unsigned affinity, unsigned quota);

#endif
