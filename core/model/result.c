/* SPDX-License-Identifier: Apache-2.0
 *
 * core/model/result.c -- names of rule severities and result statuses.
 *
 * Stage: shared by the rule engine, the engine and the writers. Pure
 * functions over constants; nothing here allocates.
 */
#include "core/model/result.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"

#include <stdlib.h>
#include <string.h>

static bool name_eq(const char *a, const char *b)
{
  if (!a)
    return false;
  for (; *a && *b; a++, b++)
    if (mls_tolower((unsigned char)*a) != (unsigned char)*b)
      return false;
  return *a == *b;
}

static const char *const sev_names[] = { "none", "low", "medium", "high",
                                         "critical" };

const char *mls_rsev_name(mls_rsev s)
{
  if ((unsigned)s > MLS_RSEV_CRITICAL)
    return "none";
  return sev_names[s];
}

int mls_rsev_parse(const char *name)
{
  for (int i = 0; i <= (int)MLS_RSEV_CRITICAL; i++)
    if (name_eq(name, sev_names[i]))
      return i;
  return -1;
}

const char *mls_status_name(mls_status s)
{
  switch (s) {
  case MLS_ST_PASS:
    return "pass";
  case MLS_ST_FAIL:
    return "fail";
  case MLS_ST_UNKNOWN:
    return "unknown";
  case MLS_ST_SUPPRESSED:
    return "suppressed";
  }
  return "unknown";
}

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int cmp_path_ptr(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Terraform files of the report that did not parse: distinct paths with a
 * syntax error (an MLS_EINPUT error; evaluation reports warnings). */
static uint32_t tf_parse_failures(const mls_diag *d)
{
  const char *stack[64], **v = stack;
  size_t n = 0, cap = 64;
  uint32_t distinct = 0;
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    if (e->sev != MLS_SEV_ERROR || e->rc != MLS_EINPUT || !e->path ||
        !(ends_with(e->path, ".tf") || ends_with(e->path, ".tf.json") ||
          ends_with(e->path, ".tofu") || ends_with(e->path, ".tofu.json") ||
          ends_with(e->path, ".tfvars") ||
          ends_with(e->path, ".tfvars.json"))) {
      continue;
    }
    if (n == cap) {
      const char **w = mls_malloc(cap * 2 * sizeof(*w));
      if (!w) {
        break; /* a lower count, never a wrong one */
      }
      memcpy(w, v, n * sizeof(*v));
      if (v != stack) {
        mls_free(v);
      }
      v = w;
      cap *= 2;
    }
    v[n++] = e->path;
  }
  if (n > 1) {
    qsort(v, n, sizeof(*v), cmp_path_ptr);
  }
  for (size_t i = 0; i < n; i++) {
    distinct += i == 0 || strcmp(v[i - 1], v[i]) != 0;
  }
  if (v != stack) {
    mls_free(v);
  }
  return distinct;
}

uint32_t mls_repo_report_parse_failures(const mls_repo_report *r)
{
  return r->counts.parse_failures + tf_parse_failures(&r->diag);
}
