/* SPDX-License-Identifier: Apache-2.0
 *
 * core/model/result.c -- names of rule severities and result statuses.
 *
 * Stage: shared by the rule engine, the engine and the writers. Pure
 * functions over constants; nothing here allocates.
 */
#include "core/model/result.h"

#include "core/base/ascii.h"

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
