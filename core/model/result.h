/* SPDX-License-Identifier: Apache-2.0
 *
 * core/model/result.h -- findings: what one rule said about one resource,
 * and one repository's report, as the writers see them.
 *
 * Stage: produced by the engine's module and repo-finalize jobs from the
 * rule engine's per-model findings (core/rules/rules.h), consumed by the
 * writers (sarif/: per-repository SARIF, org SARIF, statistics, OpenMetrics,
 * text, JSON, JUnit). A result owns nothing: its strings live in the
 * report's arenas (or, for rule ids, in the rule set, which outlives every
 * report). Reports are sorted by (path, line, column, rule id, address)
 * before any writer sees them, so output does not depend on thread count
 * or cache state. A report belongs to one thread at a time.
 */
#ifndef MLS_MODEL_RESULT_H
#define MLS_MODEL_RESULT_H

#include "core/base/arena.h"
#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A rule's severity (not a diagnostic's: that is mls_severity). Ordered, so
 * `sev >= MLS_RSEV_HIGH` reads as "high or worse". */
typedef enum mls_rsev {
  MLS_RSEV_NONE = 0, /* --fail-on none; never a rule's severity */
  MLS_RSEV_LOW,
  MLS_RSEV_MEDIUM,
  MLS_RSEV_HIGH,
  MLS_RSEV_CRITICAL
} mls_rsev;

/* "low" .. "critical" ("none" for MLS_RSEV_NONE). */
const char *mls_rsev_name(mls_rsev s);
/* Parse a severity name (case-insensitive); -1 when it is not one. */
int mls_rsev_parse(const char *name);

typedef enum mls_status {
  MLS_ST_PASS = 0,  /* the resource satisfies the rule */
  MLS_ST_FAIL,      /* it does not: a finding */
  MLS_ST_UNKNOWN,   /* a value the rule needs is unknown: data, not fail */
  MLS_ST_SUPPRESSED /* it failed, and a suppression covers it */
} mls_status;

/* "pass", "fail", "unknown", "suppressed". */
const char *mls_status_name(mls_status s);

/* Why a failing result is suppressed (status MLS_ST_SUPPRESSED), or why a
 * suppression was ignored (expired set, status stays MLS_ST_FAIL). */
typedef struct mls_suppression {
  const char *origin;  /* "mlsweep", "checkov", "tfsec", "trivy", "kics",
                        * "terrascan", "cfn_nag", "cfn-lint", "config",
                        * "baseline" */
  const char *reason;  /* justification as written, or NULL */
  const char *expires; /* "YYYY-MM-DD" as written, or NULL: never */
  uint32_t line;       /* line of the comment or Metadata, 0 if external */
  bool in_source;      /* SARIF kind: inSource (a comment or Metadata in the
                        * file), else external (.mlsweep.yaml, baseline) */
  bool expired;        /* past `expires`: it no longer suppresses */
} mls_suppression;

typedef enum mls_fw_kind {
  MLS_RES_TERRAFORM = 0,
  MLS_RES_CLOUDFORMATION
} mls_fw_kind;

/* One (rule, resource) outcome. */
/* Bytes of a primaryLocationLineHash ("<hex>:<n>": a 64-bit hash in at
 * most 16 hex digits, a 32-bit count in at most 10 decimal ones) with its
 * NUL: sarif.h's SARIF_LINE_HASH_SIZE. */
#define MLS_LINE_HASH_SIZE 28

/* One result. A monorepo's report lists hundreds of thousands, so the
 * fields go pointers first, then 32-bit ones, then bytes: no padding. */
typedef struct mls_result {
  const char *rule_id;       /* borrowed from the rule set: "MLS-SM-001" */
  const char *path;          /* repository-relative, '/'-separated, never
                                empty */
  const char *resource_type; /* "aws_s3_bucket", "AWS::S3::Bucket" */
  const char *address;       /* Terraform address or CFN logical id */
  const char *module;        /* module call chain, "" at the root */
  const char *attr;          /* attribute path the finding is about, or "" */
  const char *message;       /* one sentence naming resource and attribute */
  const char *construct;     /* CDK aws:cdk:path, or NULL */
  const char *snippet;       /* a few source lines around `line`, or NULL */
  uint32_t rule_index;       /* index in the rule set (rule_set_get) */
  mls_rsev severity;         /* after configuration and --env overrides */
  mls_status status;
  mls_fw_kind framework;
  uint32_t line;     /* 1-based: the attribute's line, else the resource's */
  uint32_t col;      /* 1-based, 0 when unknown */
  uint32_t end_line; /* >= line, 0 when unknown */
  uint32_t snippet_line; /* line number of the snippet's first line */
  /* Where the resource is declared, when the finding is located elsewhere
   * (a variable's default, a module output, another file): its path and
   * first line; NULL and 0 when the finding is inside the resource. */
  const char *res_path;
  uint32_t res_line;
  mls_suppression supp;               /* meaningful when has_supp */
  char fingerprint[33];               /* mlsweep/v1: 32 lowercase hex digits */
  char line_hash[MLS_LINE_HASH_SIZE]; /* GitHub primaryLocationLineHash
                                         "hex:n", or "" */
  bool has_supp;                      /* supp is meaningful */
  bool baseline_existing; /* --baseline: the finding was already known */
} mls_result;

/* Counters of one repository's sweep, for statistics. */
typedef struct mls_repo_counts {
  uint32_t files_tf;       /* .tf and .tf.json */
  uint32_t files_tfvars;   /* .tfvars and .tfvars.json */
  uint32_t files_cfn;      /* CloudFormation templates detected */
  uint32_t files_skipped;  /* candidates that were not IaC, LFS, too big */
  uint32_t parse_failures; /* files that did not parse */
  uint32_t modules;        /* Terraform root-module instances + templates */
  uint32_t resources;      /* resources evaluated against rules */
  uint32_t unknown_values; /* unknown values in evaluated resources */
  uint32_t cache_hits;     /* file models or module results from the cache */
  uint32_t cache_misses;
  uint64_t bytes; /* bytes of IaC read */
} mls_repo_counts;

/* How much of each result a sweep keeps (mls_config.detail). Results a
 * sweep does not list are still counted, in the report's tally, so every
 * count a writer prints is the same at every level; only the lists
 * differ. A result carrying a suppression (has_supp) is always listed:
 * its expiry is judged again when a cached report is read. */
typedef enum mls_detail {
  MLS_DETAIL_ALL = 0,  /* every result, passing ones included (JSON, JUnit) */
  MLS_DETAIL_FINDINGS, /* fail, unknown, suppressed listed; passes counted
                          (SARIF with --sarif-unknown) */
  MLS_DETAIL_FAILURES, /* fail and suppressed listed; passes and unknowns
                          counted (SARIF, text, statistics, baselines) */
  MLS_DETAIL_COUNTS    /* counted only (Markdown tables, exit codes) */
} mls_detail;

/* Whether a result of this status is listed at `detail`. */
static inline bool mls_detail_lists(mls_detail detail, mls_status st,
                                    bool has_supp)
{
  return detail == MLS_DETAIL_ALL || has_supp ||
         (detail == MLS_DETAIL_FINDINGS && st != MLS_ST_PASS) ||
         (detail == MLS_DETAIL_FAILURES &&
          (st == MLS_ST_FAIL || st == MLS_ST_SUPPRESSED));
}

/* `count` results of one rule, status and severity that the report
 * counts but does not list. A tally may name the same key more than once
 * (after configuration suppressions); readers add the counts up. */
typedef struct mls_tally {
  uint32_t rule_index; /* index in the rule set, as mls_result.rule_index */
  const char *rule_id; /* borrowed from the rule set */
  mls_rsev severity;   /* after configuration and --env overrides */
  mls_status status;
  uint32_t count; /* results, > 0 */
} mls_tally;

/* One repository's results: what every writer gets. */
typedef struct mls_repo_report {
  mls_arena *arena;    /* owned: the results array, names */
  mls_arena **more;    /* owned: further arenas holding result strings */
  size_t nmore;        /* entries of more */
  const char *name;    /* display name, unique in the sweep ("acme/ml-infra") */
  const char *target;  /* the target path as given or found */
  const char *uri;     /* repository URI (origin remote) or NULL */
  const char *commit;  /* 40-hex commit scanned, or NULL (plain directory) */
  const char *branch;  /* "refs/heads/main", or NULL */
  const char *scope;   /* a directory inside a clone: its path there
                          (repo_target.scope), or NULL: the whole tree */
  bool failed;         /* the repository could not be swept at all */
  bool worktree;       /* target is a clone, with its work tree there */
  mls_result *results; /* arena: sorted (path, line, col, rule, address) */
  size_t nresults;
  mls_tally *tally; /* arena: results counted, not listed (mls_detail),
                     * sorted (rule index, status, severity) */
  size_t ntally;
  mls_diag diag; /* every diagnostic of the repository, sorted */
  mls_repo_counts counts;
  /* The repository's own .mlsweep.yaml as swept (from the tree at the
   * ref, or on disk with --worktree), NUL-terminated, in arena; NULL when
   * it has none (or the target is a plain directory, whose root file is
   * the sweep's configuration). The command line applies it. */
  const char *repo_config;
  size_t repo_config_len;
} mls_repo_report;

/* Files of the repository that did not parse: the CloudFormation
 * templates that did not load (counts.parse_failures, counted as they are
 * loaded) and the Terraform files with a syntax error, read from the
 * diagnostics so that a report rebuilt from cached parts counts what a
 * cold one does. */
uint32_t mls_repo_report_parse_failures(const mls_repo_report *r);

#endif
