/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/checkov.c -- Checkov YAML custom policies.
 *
 * Stage: rule loading. The translation into conditions comes in a later
 * commit; until then such a file is a diagnostic, never a silent no-op.
 */
#include "core/rules/rules_int.h"

#include "core/base/rc.h"

int rule__load_checkov(rule_set *rs, const char *name, const ynode *root,
                       mls_diag *diag)
{
  (void)rs;
  (void)name;
  return mls_diag_add(diag, MLS_EINPUT, NULL,
                      "line %u: Checkov custom policies are not supported yet",
                      root->line);
}
