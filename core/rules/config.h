/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/config.h -- `.mlsweep.yaml`: a sweep's configuration file
 * (docs/configuration.md).
 *
 * Stage: set-up, before the rule set is compiled. The loader reads one
 * YAML document into a rule_file_config: rules and tags to enable, rules
 * and tags to disable (each with a reason and an optional expiry),
 * severity overrides (optionally per --env), rule directories, the
 * default --env, Terraform variable files and exclude globs. The file is
 * untrusted input: bounded by MLS_MAX_CONFIG_BYTES and the YAML tree's
 * node and nesting bounds, every problem is a diagnostic with its line.
 *
 * A disabled rule is not dropped: its failing results become suppressed
 * results of origin "config" (rule_file_config_disabled() tells the caller
 * which entry covers a rule), so a configuration that turns every rule
 * off is visible in every output. RULE_CONFIG_REPO loads a configuration
 * a repository carries in its own tree: only `disable` (with a reason) is
 * accepted there; the other keys are ignored with a warning, because a
 * repository must not lower severities, add rule code or pick variable
 * files for the sweep that audits it.
 *
 * Threads: a loaded configuration is immutable and may be read by any
 * number of threads.
 */
#ifndef MLS_RULES_CONFIG_H
#define MLS_RULES_CONFIG_H

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "core/rules/rules.h"

#include <stdbool.h>
#include <stddef.h>

/* One `disable` entry. */
typedef struct rule_disable {
  const char *match;   /* a rule id or a tag */
  const char *reason;  /* why, as written, or NULL */
  const char *expires; /* "YYYY-MM-DD": suppresses until then; NULL: never */
  uint32_t line;       /* line of the entry in the file */
} rule_disable;

/* A loaded `.mlsweep.yaml`. Every string lives in `arena`. */
typedef struct rule_file_config {
  mls_arena *arena;          /* owned: everything below */
  const char *name;          /* the file's name for diagnostics */
  const char *env;           /* `env:` (default --env), or NULL */
  const char *const *enable; /* `enable:` rule ids or tags */
  size_t nenable;
  const rule_disable *disable; /* `disable:` entries, in file order */
  size_t ndisable;
  const rule_sev_override *overrides; /* `severity:`, in file order */
  size_t noverrides;
  const char *const *rule_paths; /* `rules:` as written (relative paths
                                  * are relative to the file's directory) */
  size_t nrule_paths;
  const char *const *var_files; /* `var_files:`, as written */
  size_t nvar_files;
  const char *const *exclude; /* `exclude:` globs */
  size_t nexclude;
} rule_file_config;

/* Load flags. */
#define RULE_CONFIG_REPO 1u /* a repository's own file: `disable` only */

/* Read one configuration file's bytes. `name` names it in diagnostics.
 * Returns MLS_OK, or MLS_EINPUT / MLS_ELIMIT / MLS_ENOMEM with diagnostics
 * (*out is NULL then). Unknown keys are errors in a trusted file (a typo
 * must not silently turn a setting off) and warnings in a repository's. */
int rule_file_config_load(rule_file_config **out, const char *name,
                          const char *data, size_t len, unsigned flags,
                          mls_diag *diag);
void rule_file_config_free(rule_file_config *c); /* NULL-safe */

/* The last `disable` entry that names rule `m` by id or by one of its
 * tags, or NULL. */
const rule_disable *rule_file_config_disabled(const rule_file_config *c,
                                              const rule_meta *m);

#endif
