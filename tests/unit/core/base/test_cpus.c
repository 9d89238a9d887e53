/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_cpus.c -- core/base/cpus.c, the default of
 * --jobs: cgroup quotas as cpu.max (v2) and cpu.cfs_quota_us with
 * cpu.cfs_period_us (v1) give them, rounded up; the smallest of online
 * CPUs, affinity and quota wins; and mls_cpu_count() follows this
 * process's own affinity mask when the test narrows it to one CPU.
 */
#define _GNU_SOURCE     /* sched_setaffinity, CPU_SET */
#define _POSIX_C_SOURCE 200809L

#include "tests/unit/test_util.h"

#include "core/base/thread.h"

#include <sched.h>

START_TEST(base_cpus__quota_text)
{
  /* v2: "QUOTA PERIOD", or "max PERIOD" for none. */
  ck_assert_uint_eq(mls__cpu_quota("max 100000\n", NULL), 0);
  ck_assert_uint_eq(mls__cpu_quota("200000 100000\n", NULL), 2);
  ck_assert_uint_eq(mls__cpu_quota("150000 100000", NULL), 2); /* 1.5: 2 */
  ck_assert_uint_eq(mls__cpu_quota("50000 100000", NULL), 1);  /* 0.5: 1 */
  ck_assert_uint_eq(mls__cpu_quota("400000 100000", NULL), 4);
  /* v1: the quota and the period in two files; -1 is none. */
  ck_assert_uint_eq(mls__cpu_quota("-1\n", "100000\n"), 0);
  ck_assert_uint_eq(mls__cpu_quota("300000\n", "100000\n"), 3);
  ck_assert_uint_eq(mls__cpu_quota("100000\n", "50000\n"), 2);
  /* Anything else is no quota. */
  ck_assert_uint_eq(mls__cpu_quota("", NULL), 0);
  ck_assert_uint_eq(mls__cpu_quota("x 100000", NULL), 0);
  ck_assert_uint_eq(mls__cpu_quota("200000", NULL), 0);
  ck_assert_uint_eq(mls__cpu_quota("200000 0", NULL), 0);
  ck_assert_uint_eq(mls__cpu_quota("200000\n", "junk"), 0);
  ck_assert_uint_eq(mls__cpu_quota(NULL, NULL), 0);
}
END_TEST

START_TEST(base_cpus__smallest_wins)
{
  ck_assert_uint_eq(mls__cpus_allowed(64, 0, 0), 64);
  ck_assert_uint_eq(mls__cpus_allowed(64, 8, 0), 8);
  ck_assert_uint_eq(mls__cpus_allowed(64, 8, 2), 2);
  ck_assert_uint_eq(mls__cpus_allowed(64, 2, 8), 2);
  ck_assert_uint_eq(mls__cpus_allowed(4, 8, 16), 4);
  ck_assert_uint_eq(mls__cpus_allowed(0, 0, 0), 1);
}
END_TEST

START_TEST(base_cpus__follows_affinity)
{
  cpu_set_t old, one;
  int cpu = -1;

  ck_assert_int_eq(sched_getaffinity(0, sizeof(old), &old), 0);
  for (int i = 0; i < CPU_SETSIZE && cpu < 0; i++) {
    if (CPU_ISSET(i, &old)) {
      cpu = i;
    }
  }
  ck_assert_int_ge(cpu, 0);
  ck_assert_uint_ge(mls_cpu_count(), 1);
  ck_assert_uint_le(mls_cpu_count(), (unsigned)CPU_COUNT(&old));
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  ck_assert_int_eq(sched_setaffinity(0, sizeof(one), &one), 0);
  ck_assert_uint_eq(mls_cpu_count(), 1);
  ck_assert_int_eq(sched_setaffinity(0, sizeof(old), &old), 0);
}
END_TEST

Suite *base_cpus_suite(void)
{
  Suite *s = suite_create("base_cpus_suite");
  TCase *tc = tcase_create("cpus");
  tcase_add_test(tc, base_cpus__quota_text);
  tcase_add_test(tc, base_cpus__smallest_wins);
  tcase_add_test(tc, base_cpus__follows_affinity);
  suite_add_tcase(s, tc);
  return s;
}
