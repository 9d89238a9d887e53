/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/rules.h -- the rule engine: load rule files, compile them into
 * an index by resource type, evaluate a resource model against them.
 *
 * Stage: module job (evaluation of one model) over a rule set built once
 * per sweep. The rule language is docs/rules-format.md: mlsweep's own YAML
 * (built-in rules under rules/ are compiled into the binary) and Checkov's
 * YAML custom-policy format. Rule files are untrusted input like any
 * repository file (a user's --rules DIR, a repository's .mlsweep.yaml):
 * bounded by core/base/limits.h, errors are diagnostics.
 *
 * Threads: a rule set is built and compiled by one thread; after
 * rule_set_compile() it is immutable and any number of threads may call
 * rule_eval_model() on it at once. Each call's findings and diagnostics
 * belong to its caller. (The one thing that changes afterwards is hidden:
 * a built-in rule's regex is compiled on its first use, once, under a lock
 * of its own.)
 */
#ifndef MLS_RULES_RULES_H
#define MLS_RULES_RULES_H

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "core/model/model.h"
#include "core/model/result.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One peer tool's equivalent check ids ("checkov": CKV_AWS_122, ...). */
typedef struct rule_peer {
  const char *tool;       /* "checkov", "kics", "trivy", "tfsec", "cfn_nag",
                           * "guard", "cfn-lint" */
  const char *const *ids; /* as the tool writes them */
  size_t nids;
} rule_peer;

/* Terraform's azapi provider declares every Azure resource as one type,
 * azapi_resource, whose `type` argument names the ARM type and API
 * version ("Microsoft.MachineLearningServices/workspaces@2024-04-01"). A
 * Terraform binding names such a resource "azapi_resource:" + the ARM
 * type, without the version. */
#define RULE_AZAPI        "azapi_resource"
#define RULE_AZAPI_PREFIX "azapi_resource:"

/* Whether a binding's type names an azapi_resource by its ARM type. */
bool rule_type_is_azapi(const char *type);

/* Everything about a rule except its conditions. Strings are owned by the
 * rule set; NULL when the rule file leaves them out. */
typedef struct rule_meta {
  const char *id;              /* "MLS-SM-001", unique in the set */
  const char *title;           /* one line */
  mls_rsev severity;           /* as written, before overrides */
  const char *description;     /* paragraphs, Markdown */
  const char *remediation_tf;  /* a Terraform fix snippet */
  const char *remediation_cfn; /* a CloudFormation fix snippet */
  const char *help_uri;        /* or NULL: the engine links docs/rules/ID.md */
  const char *const *tags;     /* service tags first: "sagemaker", ... */
  size_t ntags;
  const char *const *frameworks; /* "NIST-800-53:SC-7", "CIS-AWS-1.5:2.1.1" */
  size_t nframeworks;
  const rule_peer *peers;
  size_t npeers;
  const char *const *envs; /* the rule applies only under these --env */
  size_t nenvs;
  const char *const *tf_types; /* resource types of the terraform binding */
  size_t ntf_types;
  const char *const *cfn_types; /* of the cloudformation binding */
  size_t ncfn_types;
  const char *source;  /* "builtin:rules/sagemaker/MLS-SM-001.yaml" or path */
  bool checkov_format; /* loaded from a Checkov custom policy */
} rule_meta;

typedef struct rule_set rule_set;

/* Configuration applied at compile time (.mlsweep.yaml and options). */
typedef struct rule_sev_override {
  const char *match; /* a rule id or a tag */
  mls_rsev severity;
  const char *env; /* only under this --env, or NULL: always */
} rule_sev_override;

typedef struct rule_config {
  const char *const *enable; /* rule ids or tags; empty: every rule */
  size_t nenable;
  const char *const *disable; /* rule ids or tags, applied after enable */
  size_t ndisable;
  const rule_sev_override *overrides; /* later ones win */
  size_t noverrides;
} rule_config;

#define RULE_CONFIG_INIT                                                       \
  {                                                                            \
    NULL, 0, NULL, 0, NULL, 0                                                  \
  }

int rule_set_new(rule_set **out);
void rule_set_free(rule_set *rs); /* NULL-safe */

/* The built-in library (rules/ in the source tree, embedded at build
 * time). Its regexes are compiled on first use, not here: a sweep whose
 * results all come from the cache never pays for them. */
int rule_set_add_builtin(rule_set *rs, mls_diag *diag);
/* Compile now every regex that is still deferred (the built-in ones); one
 * diagnostic, naming the rule file and line, per pattern that does not
 * compile, and MLS_EINPUT then. `mlsweep rules` calls it so that a broken
 * built-in pattern fails at load (rules.library) as a user rule's does. */
int rule_set_check_regexes(rule_set *rs, mls_diag *diag);
/* A rule file, or every *.yaml / *.yml file below a directory (sorted,
 * symbolic links not followed). Either format. A file that fails to load
 * is a diagnostic; the others still load (returns MLS_EINPUT then). */
int rule_set_add_path(rule_set *rs, const char *path, mls_diag *diag);
/* One rule file's bytes; `name` names it in diagnostics and rule_meta. */
int rule_set_add_buffer(rule_set *rs, const char *name, const char *data,
                        size_t len, mls_diag *diag);
/* Build the index by resource type and apply `cfg` (NULL: none). After
 * this the set is immutable. A second rule with an id already loaded is a
 * diagnostic and is dropped (the first one wins). */
int rule_set_compile(rule_set *rs, const rule_config *cfg, mls_diag *diag);

/* Rules in id order (after compile). Disabled rules are not counted. */
size_t rule_set_count(const rule_set *rs);
const rule_meta *rule_set_get(const rule_set *rs, size_t i);
/* The index of rule `id`, or -1. */
int rule_set_find(const rule_set *rs, const char *id);
/* The Terraform resource types whose attributes the set's rules can read:
 * the types its rules apply to, and the types their conditions name
 * (connected, referenced, references), whose resources a condition
 * evaluates or tests. *types is sorted (strcmp) and borrowed from the
 * set; *all is true when a condition follows a reference to a resource of
 * any type (then every resource's attributes may be read). The built-in
 * rules' names were read from their files at build time, so no deferred
 * condition is compiled for this. MLS_OK or MLS_ENOMEM; any number of
 * threads may call it at once (the first computes, under a lock). */
int rule_set_tf_body_types(const rule_set *rs, const char *const **types,
                           size_t *n, bool *all);
/* Call cb on the exact bytes of every rule file loaded from outside (the
 * built-in library: once, on its build-time digest), in a fixed order, and
 * on the configuration, so a caller can digest the rule pack for cache
 * keys. */
void rule_set_each_source(const rule_set *rs,
                          void (*cb)(void *payload, const char *data,
                                     size_t len),
                          void *payload);

typedef struct rule_eval_opts {
  const char *env;        /* --env NAME, or NULL */
  bool no_inline_ignores; /* --no-inline-ignores */
  const char *today;      /* "YYYY-MM-DD" for suppression expiry */
  /* The bytes of model file `file` (for inline suppression comments), or
   * MLS_EIO when they are not available. May be NULL. */
  int (*file_text)(void *payload, uint16_t file, const char **text,
                   size_t *len);
  /* The CloudFormation template the caller parsed model file `file` into
   * (borrowed; the same bytes file_text gives), or NULL: suppressions in
   * Metadata then parse the text themselves. May be NULL. */
  const struct cfn_template *(*file_template)(void *payload, uint16_t file);
  void *payload;
  /* Findings the caller will only count (mls_detail_lists() false for
   * their final status) get no message (NULL): formatting one per (rule,
   * resource) is wasted on them. MLS_DETAIL_ALL: every finding has one. */
  mls_detail detail;
} rule_eval_opts;

#define RULE_EVAL_OPTS_INIT                                                    \
  {                                                                            \
    NULL, false, NULL, NULL, NULL, NULL, MLS_DETAIL_ALL                        \
  }

/* One (rule, resource) outcome in one model. */
typedef struct rule_finding {
  uint32_t rule;       /* index in the rule set */
  uint32_t resource;   /* index in mls_model.resources */
  mls_status status;   /* pass, fail, unknown, suppressed */
  mls_rsev severity;   /* after overrides and --env */
  uint16_t file;       /* index in mls_model.files */
  mls_range range;     /* the attribute that decided, else the resource */
  const char *attr;    /* that attribute's path ("" for the resource) */
  const char *message; /* one sentence naming resource and attribute;
                        * NULL for a finding opts.detail only counts */
  bool has_supp;
  mls_suppression supp;
} rule_finding;

typedef struct rule_findings {
  mls_arena *arena; /* owned: messages and strings of the findings */
  rule_finding *v;  /* owned (mls_malloc) */
  size_t n;
  size_t cap;
} rule_findings;

void rule_findings_init(rule_findings *f);
void rule_findings_dispose(rule_findings *f);

/* Evaluate every deployed resource of `m` against the rules bound to its
 * type (and framework). Appends one finding per (rule, resource) the rule
 * applies to, in (resource, rule) order. Rules scoped to an env other than
 * opts->env are skipped. Returns MLS_OK, MLS_ENOMEM or MLS_ELIMIT (with a
 * diagnostic; the findings so far are kept). */
int rule_eval_model(rule_findings *out, const rule_set *rs, const mls_model *m,
                    const rule_eval_opts *opts, mls_diag *diag);

#endif
