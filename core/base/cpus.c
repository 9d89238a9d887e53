/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/cpus.c -- how many CPUs this process may use: the default of
 * --jobs.
 *
 * Online CPUs, narrowed by the process's affinity mask (taskset, a
 * container's cpuset) and by a CPU quota on its cgroup or any ancestor (a
 * container's --cpus, a Kubernetes CPU limit), rounded up. A nightly sweep
 * in a pod limited to 2 CPUs on a 64-CPU node would otherwise start 64
 * workers that share 2 CPUs' time, each with its own memory. Files that
 * cannot be read mean no limit from them.
 */
#define _GNU_SOURCE             /* sched_getaffinity, CPU_COUNT */
#define _POSIX_C_SOURCE 200809L /* core/base/thread.h */

#include "core/base/thread.h"

#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Ancestors of a cgroup looked at, at most. */
#define CGROUP_MAX_DEPTH 64

unsigned mls__cpu_quota(const char *text, const char *period_text)
{
  char *end;
  long long quota, period;

  if (!text) {
    return 0;
  }
  while (*text == ' ' || *text == '\t') {
    text++;
  }
  if (strncmp(text, "max", 3) == 0) {
    return 0; /* cgroup v2: no quota */
  }
  quota = strtoll(text, &end, 10);
  if (end == text || quota <= 0) {
    return 0; /* v1's -1, or not a number */
  }
  if (period_text) {
    text = period_text; /* v1: the period is a file of its own */
  } else {
    text = end; /* v2: "QUOTA PERIOD" */
  }
  period = strtoll(text, &end, 10);
  if (end == text || period <= 0) {
    return 0;
  }
  /* Rounded up: a quota of 1.5 CPUs keeps two workers busy. */
  quota = (quota + period - 1) / period;
  return quota > 0 && quota < 1 << 20 ? (unsigned)quota : 0;
}

unsigned mls__cpus_allowed(unsigned online, unsigned affinity, unsigned quota)
{
  unsigned n = online ? online : 1;
  if (affinity && affinity < n) {
    n = affinity;
  }
  if (quota && quota < n) {
    n = quota;
  }
  return n;
}

/* The first line of file into buf; false when it cannot be read. */
static bool read_line(const char *file, char *buf, size_t cap)
{
  FILE *f = fopen(file, "re");
  bool ok = f && fgets(buf, (int)cap, f) != NULL;
  if (f) {
    fclose(f);
  }
  return ok;
}

/* The smallest quota on dir (below the mount `root`) and its ancestors,
 * or 0. v2 reads cpu.max; v1 cpu.cfs_quota_us and cpu.cfs_period_us. */
static unsigned quota_up(const char *root, const char *dir, bool v2)
{
  char path[4096], file[4200], a[64], b[64];
  unsigned best = 0;

  if (snprintf(path, sizeof(path), "%s%s", root, dir) >= (int)sizeof(path)) {
    return 0;
  }
  for (int depth = 0; depth < CGROUP_MAX_DEPTH; depth++) {
    unsigned q = 0;
    size_t n = strlen(path);
    if (v2) {
      snprintf(file, sizeof(file), "%s/cpu.max", path);
      q = read_line(file, a, sizeof(a)) ? mls__cpu_quota(a, NULL) : 0;
    } else {
      snprintf(file, sizeof(file), "%s/cpu.cfs_quota_us", path);
      if (read_line(file, a, sizeof(a))) {
        snprintf(file, sizeof(file), "%s/cpu.cfs_period_us", path);
        q = read_line(file, b, sizeof(b)) ? mls__cpu_quota(a, b) : 0;
      }
    }
    if (q && (!best || q < best)) {
      best = q;
    }
    /* Up one level, not above the mount. */
    while (n > strlen(root) && path[n - 1] != '/') {
      n--;
    }
    if (n <= strlen(root) + 1) {
      break;
    }
    path[n - 1] = '\0';
  }
  return best;
}

/* The CPU quota of this process's cgroup (v2, or v1's cpu controller), or
 * 0 for none found. */
static unsigned cgroup_quota(void)
{
  FILE *f = fopen("/proc/self/cgroup", "re");
  char line[4096];
  unsigned best = 0;

  if (!f) {
    return 0;
  }
  while (fgets(line, sizeof(line), f)) {
    char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    char *nl;
    unsigned q = 0;
    if (!c2) {
      continue;
    }
    if ((nl = strchr(c2, '\n')) != NULL) {
      *nl = '\0';
    }
    *c2 = '\0';
    if (strcmp(line, "0") == 0 && c1[1] == '\0') {
      q = quota_up("/sys/fs/cgroup", c2 + 1, true);
    } else {
      /* v1: a hierarchy whose controllers include "cpu". */
      char *save = NULL;
      for (char *t = strtok_r(c1 + 1, ",", &save); t;
           t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "cpu") == 0) {
          q = quota_up("/sys/fs/cgroup/cpu", c2 + 1, false);
          if (!q) {
            q = quota_up("/sys/fs/cgroup/cpu,cpuacct", c2 + 1, false);
          }
          break;
        }
      }
    }
    if (q && (!best || q < best)) {
      best = q;
    }
  }
  fclose(f);
  return best;
}

unsigned mls_cpu_count(void)
{
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned affinity = 0;
  cpu_set_t set;

  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    affinity = n > 0 ? (unsigned)n : 0;
  }
  return mls__cpus_allowed(online < 1 ? 1u : (unsigned)online, affinity,
                           cgroup_quota());
}
