/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/baseline.h -- baseline files: the failing findings a team has
 * accepted as known, so a later sweep reports them as existing rather
 * than new (`scan --baseline FILE`, `mlsweep baseline create`).
 *
 * Stage: output side, after the engine. A baseline is JSON:
 *   {"version":"mlsweep-baseline/1","fingerprint":"mlsweep/v1",
 *    "findings":[{"repo":..,"path":..,"rule":..,"resource":..,
 *                 "fingerprint":..}, ...]}
 * sorted by (repo, path, rule, resource, fingerprint) so two runs over the
 * same code write the same bytes. A finding matches the baseline when its
 * repository and its mlsweep/v1 fingerprint (rule id, resource address,
 * module chain and path; never the line) are both there, so moving lines
 * keeps a finding "existing" while a new resource, file or rule is "new".
 * A baseline file is read as untrusted input: bounded by
 * MLS_MAX_BASELINE_BYTES and MLS_MAX_BASELINE_ENTRIES, every malformed
 * entry is an error.
 *
 * Threads: one thread at a time.
 */
#ifndef MLS_SARIF_BASELINE_H
#define MLS_SARIF_BASELINE_H

#include "core/base/diag.h"
#include "core/model/result.h"
#include "sarif/sarif.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The value of "version" this code reads and writes. */
#define SARIF_BASELINE_VERSION "mlsweep-baseline/1"

typedef struct sarif_baseline sarif_baseline;

int sarif_baseline_new(sarif_baseline **out);
void sarif_baseline_free(sarif_baseline *b); /* NULL-safe */

/* Read a baseline file's bytes into b (added to what it holds). MLS_EINPUT
 * or MLS_ELIMIT with a diagnostic when it is not a version-1 baseline. */
int sarif_baseline_load(sarif_baseline *b, const char *json, size_t len,
                        mls_diag *diag);

/* Whether repository `repo` has a finding of this fingerprint in b. */
bool sarif_baseline_has(const sarif_baseline *b, const char *repo,
                        const char *fingerprint);

/* The mlsweep/v1 fingerprint of x, as every writer computes it: the one the
 * engine stored, else computed from the rule id (from `rules` when it names
 * the rule), address, module and path. */
int sarif_result_fingerprint(char out[SARIF_FINGERPRINT_SIZE],
                             const mls_result *x, const sarif_rules *rules);

/* Add every failing (not suppressed) result of r. Strings are copied. */
int sarif_baseline_add(sarif_baseline *b, const mls_repo_report *r,
                       const sarif_rules *rules);

/* Number of findings held. */
size_t sarif_baseline_count(const sarif_baseline *b);

/* Write b, sorted, as a baseline file. MLS_EIO when f fails. */
int sarif_baseline_write(sarif_baseline *b, FILE *f);

#endif
