/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/sarif.h -- the output writers: SARIF 2.1.0 for GitHub code
 * scanning (one file per repository, and an org rollup), statistics JSON,
 * OpenMetrics text, and the human/CI formats (text, JSON, JUnit, Markdown).
 *
 * Stage: repo finalize -> outputs. Every writer takes finished
 * mls_repo_report values (core/model/result.h), one at a time, so memory
 * follows the largest repository, not the number of repositories. Where an
 * output must list repositories in name order and the engine hands them
 * over in completion order (the org SARIF, the per-repository parts of the
 * statistics and of the human formats), the writer spools each
 * repository's piece to an unnamed temporary file (tmpfile()) and keeps
 * only (name, offset, length) per repository in memory; the pieces are
 * copied out in name order when the writer finishes. See docs/outputs.md.
 *
 * Rule metadata comes through sarif_rules, a plain array indexed by
 * mls_result.rule_index, so this layer does not depend on how core/rules
 * stores its rule set: the engine fills it from rule_set_get().
 *
 * Output is deterministic: the same reports give the same bytes, with no
 * timestamps, GUIDs or host paths except where the caller passes them in
 * (sarif_sweep_info). Inputs are trusted to be what the engine built, but
 * every string is escaped and every path is checked before it becomes a
 * URI, so a hostile file name cannot break the output.
 *
 * Threads: a writer object belongs to one thread; the free functions
 * (line hash, fingerprint, safe names, sarif_write_repo) are reentrant.
 */
#ifndef MLS_SARIF_SARIF_H
#define MLS_SARIF_SARIF_H

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/model/result.h"
#include "core/rules/rules.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- identities: line hash, fingerprint, safe file names ---------------- */

/* Bytes of a primaryLocationLineHash text ("<hex>:<n>") with its NUL: a
 * result's line_hash holds one. */
#define SARIF_LINE_HASH_SIZE MLS_LINE_HASH_SIZE

/* Called once per line of a file, in line order, with GitHub's
 * primaryLocationLineHash of that line: `hash` is the rolling hash and
 * `count` the number of lines so far (this one included) with the same
 * hash. A non-zero return stops the walk and is returned by the caller. */
typedef int (*sarif_line_hash_cb)(void *payload, uint32_t line, uint64_t hash,
                                  uint32_t count);

/* Walk every line of bytes[0..len) as github/codeql-action's
 * src/fingerprints.ts does (UTF-16 code units after WHATWG UTF-8
 * decoding, spaces and tabs skipped, CR/LF/CRLF folded, 100-unit window).
 * Returns 0, MLS_ENOMEM, or cb's non-zero value. */
int sarif_line_hash_each(const char *bytes, size_t len, sarif_line_hash_cb cb,
                         void *payload);

/* The hash text ("8b6bbc57411e24fc:1") of 1-based `line` of the file.
 * MLS_EINPUT when the file has fewer lines (out is then ""). */
int sarif_line_hash(char out[SARIF_LINE_HASH_SIZE], const char *bytes,
                    size_t len, uint32_t line);

/* Fill line_hash of every result in v[0..n) whose path equals `path`
 * (all of them when path is NULL) from that file's bytes: one pass over
 * the file for any number of results. A result whose line is past the
 * end of the file keeps "" (the writers then omit partialFingerprints).
 * This is the function the engine calls while it holds the file bytes. */
int sarif_line_hash_fill(mls_result *v, size_t n, const char *path,
                         const char *bytes, size_t len);

/* Bytes of an mlsweep/v1 fingerprint (32 lowercase hex digits) + NUL. */
#define SARIF_FINGERPRINT_SIZE 33

/* The stable mlsweep/v1 fingerprint: lowercase hex of XXH3-128 (canonical,
 * big-endian) over "mlsweep/v1", rule id, resource address, module call
 * chain and path, each followed by a NUL byte. NULL strings hash as "".
 * Line numbers are deliberately not part of it, so editing lines above a
 * finding keeps its identity. MLS_ENOMEM or MLS_ELIMIT (out is "") when
 * the fields cannot be copied together. */
int sarif_fingerprint(char out[SARIF_FINGERPRINT_SIZE], const char *rule_id,
                      const char *address, const char *module,
                      const char *path);

/* Bytes of a safe repository file name (without ".sarif"), NUL included. */
#define SARIF_SAFE_NAME_SIZE 192

/* Map a repository display name to a file name that is safe in any one
 * directory: only [a-z0-9._-] and "~"; '/' becomes "__"; never empty,
 * never starting with '.', never holding a path separator. The mapping
 * depends on the name alone (not on which other repositories exist or the
 * order they finish in) and is injective up to a 64-bit hash: a name that
 * maps one-to-one ([a-z0-9._-/] only, no "__", no leading '.', short
 * enough) is kept as is, any other is mapped and gets "~" and 16 hex
 * digits of XXH3-64 of the original name appended ('~' never appears
 * otherwise, so a mapped name cannot equal a kept one). Upper case counts
 * as lossy, so two names differing only in case never collide on a
 * case-insensitive file system. "acme/ml-infra" -> "acme__ml-infra". */
void sarif_safe_name(char out[SARIF_SAFE_NAME_SIZE], const char *name);

/* ---- rule metadata and options ------------------------------------------ */

/* The rules, indexed by mls_result.rule_index. */
/* Rendered rule objects (tool.driver.rules entries) by rule and severity,
 * so a sweep that writes a SARIF file per repository renders each rule's
 * help once rather than once per file. Not thread-safe: writers sharing
 * one must not run at the same time (mlsweep scan writes under one
 * lock). */
typedef struct sarif_rule_memo sarif_rule_memo;

typedef struct sarif_rules {
  const rule_meta *const *v; /* borrowed: from the rule set, for the run;
                              * an entry may be NULL (its results are
                              * dropped with a notification) */
  size_t n;                  /* entries in v */
  sarif_rule_memo *memo;     /* borrowed, or NULL: render every time */
} sarif_rules;

/* owned (sarif_rule_memo_free): an empty memo for n rules. NULL when out
 * of memory (writers then render every time). */
sarif_rule_memo *sarif_rule_memo_new(size_t n);
void sarif_rule_memo_free(sarif_rule_memo *m); /* NULL-safe */

/* Defaults for sarif_opts. 25,000 results is GitHub's hard maximum per
 * run (the file is rejected past it); GitHub stores only the first 5,000,
 * so a caller that wants to choose which 5,000 sets max_results to 5000.
 * The gzip bound is GitHub's 10 MB upload limit, kept strictly below. */
#define SARIF_DEFAULT_MAX_RESULTS    25000u
#define SARIF_DEFAULT_MAX_GZIP_BYTES ((size_t)10 * 1000 * 1000)
#define SARIF_DEFAULT_CATEGORY       "mlsweep"
#define SARIF_DEFAULT_INFO_URI       "https://github.com/mlsweep/mlsweep"
#define SARIF_DEFAULT_HELP_BASE                                                \
  "https://github.com/mlsweep/mlsweep/blob/main/docs/rules/"

typedef struct sarif_opts {
  const char *category;        /* borrowed: automationDetails.id is
                                * "<category>/"; NULL: "mlsweep" */
  const char *tool_version;    /* borrowed: semantic version, "0.1.0" */
  const char *information_uri; /* borrowed: tool.driver.informationUri */
  const char *help_uri_base;   /* borrowed: helpUri of a rule without
                                * one is this + id + ".md"; NULL: none */
  bool sarif_unknown;          /* --sarif-unknown: unknown results become
                                * SARIF results (level note) */
  bool color;                  /* text format: ANSI colour */
  size_t max_results;          /* per run; 0: SARIF_DEFAULT_MAX_RESULTS */
  size_t max_gzip_bytes;       /* per-repo file; 0: the default */
  size_t top_n;                /* stats: top failing rules/repos; 0: 10 */
  size_t metrics_max_series;   /* OpenMetrics cardinality cap per family;
                                * 0: SARIF_DEFAULT_METRICS_SERIES */
} sarif_opts;

#define SARIF_DEFAULT_METRICS_SERIES 1000u

#define SARIF_OPTS_INIT                                                        \
  {                                                                            \
    SARIF_DEFAULT_CATEGORY, "0.0.0", SARIF_DEFAULT_INFO_URI,                   \
        SARIF_DEFAULT_HELP_BASE, false, false, 0, 0, 0, 0                      \
  }

/* What the SARIF writer did with one repository's results; the statistics
 * take it so their totals equal the SARIF result counts. */
typedef struct sarif_repo_info {
  size_t eligible;   /* results that qualify (fail; + unknown with
                      * sarif_unknown; + suppressed in the org file) */
  size_t written;    /* SARIF results written */
  size_t merged;     /* folded into another result at the same (rule,
                      * path, line): GitHub would make them one alert */
  size_t cut_count;  /* dropped past max_results */
  size_t cut_size;   /* dropped to stay under max_gzip_bytes */
  size_t dropped;    /* unusable (bad path, unknown rule index) */
  size_t gzip_bytes; /* gzip size of the per-repo file, or a bound on it
                      * when the file is too small to need compressing
                      * (0 for org runs) */
} sarif_repo_info;

/* ---- per-repository SARIF (--sarif-dir) ---------------------------------- */

/* Append the whole per-repository SARIF document for `r` to `out`: one
 * run, only failing results (and unknown ones when o->sarif_unknown), no
 * suppressed ones, at most max_results results (highest severity first)
 * and under max_gzip_bytes gzipped, with every cut and every diagnostic
 * of the repository as a toolExecutionNotification. `info` may be NULL.
 * On failure `out` is left as it was given. */
int sarif_write_repo(mls_buf *out, const mls_repo_report *r,
                     const sarif_rules *rules, const sarif_opts *o,
                     sarif_repo_info *info);

/* sarif_write_repo() into DIR/<sarif_safe_name(name)>.sarif, written to a
 * temporary name in DIR and renamed into place. */
int sarif_write_repo_file(const char *dir, const mls_repo_report *r,
                          const sarif_rules *rules, const sarif_opts *o,
                          sarif_repo_info *info, mls_diag *diag);

/* ---- org SARIF (--sarif FILE) -------------------------------------------- */

typedef struct sarif_org sarif_org;

/* An org writer over `dst` (borrowed until sarif_org_finish()). Reports
 * may be added in any order; runs come out in repository name order. */
int sarif_org_new(sarif_org **out, FILE *dst, const sarif_rules *rules,
                  const sarif_opts *o);
/* One run for `r`, suppressed results kept with `suppressions`. */
int sarif_org_add(sarif_org *w, const mls_repo_report *r);
/* The sweep's own diagnostics, which belong to no repository (a target
 * that cannot be read, a symbolic link in an org not followed, files
 * outside every repository): borrowed until sarif_org_finish(), which
 * puts them first in the first run's toolExecutionNotifications, under
 * descriptor "mlsweep/sweep" and without a location (the message names
 * the path as given). */
void sarif_org_sweep_diag(sarif_org *w, const mls_diag *d);
/* Write the document; after this only sarif_org_free() is allowed. */
int sarif_org_finish(sarif_org *w);
void sarif_org_free(sarif_org *w); /* NULL-safe */

/* ---- statistics JSON and OpenMetrics --------------------------------------
 */

/* What the engine knows about the sweep as a whole. */
typedef struct sarif_sweep_info {
  const char *started;        /* borrowed: "2025-01-31T12:00:00Z", or NULL */
  double duration_s;          /* wall-clock seconds */
  const char *const *targets; /* borrowed: the targets as given */
  size_t ntargets;
  const char *rules_digest; /* borrowed: rule-pack digest, or NULL */
  double finished_unix;     /* end time (Unix seconds), 0: unknown;
                             * mlsweep_last_success_timestamp_seconds */
  const mls_diag *diag;     /* borrowed: the sweep's own diagnostics
                             * (sweep.diagnostics), or NULL */
} sarif_sweep_info;

#define SARIF_SWEEP_INFO_INIT                                                  \
  {                                                                            \
    NULL, 0, NULL, 0, NULL, 0, NULL                                            \
  }

/* Version of the statistics JSON ("schema": "mlsweep-stats/2"). Version 2
 * added what `mlsweep merge` needs to recompute every total from shards:
 * repos[].findings (failing results by severity), by_rule.*.frameworks,
 * and sweep.finished. */
#define SARIF_STATS_SCHEMA "mlsweep-stats/2"

typedef struct sarif_stats sarif_stats;

int sarif_stats_new(sarif_stats **out, const sarif_rules *rules,
                    const sarif_opts *o);
void sarif_stats_free(sarif_stats *s); /* NULL-safe */
/* Load the statistics of an earlier sweep (--previous FILE.json) so the
 * output carries new/fixed/persisting counts. Call before the first add.
 * A file that is not mlsweep-stats/1 or /2 is MLS_EINPUT with a
 * diagnostic. */
int sarif_stats_load_previous(sarif_stats *s, const char *json, size_t len,
                              mls_diag *diag);
/* Count one repository. `info` is what sarif_write_repo() reported for
 * it; NULL makes the statistics work the SARIF counts out themselves
 * (without the gzip bound, which needs the document). */
int sarif_stats_add(sarif_stats *s, const mls_repo_report *r,
                    const sarif_repo_info *info);
int sarif_stats_write_json(sarif_stats *s, FILE *f, const sarif_sweep_info *sw);
int sarif_stats_write_openmetrics(sarif_stats *s, FILE *f,
                                  const sarif_sweep_info *sw);

/* ---- merging the outputs of shards (mlsweep merge) -------------------------
 * Runs over disjoint targets (`mlsweep scan --shard K/N --out-dir S_K`)
 * are combined into the bytes one run over all of them writes. Each
 * function takes the shards' documents as written by this version (the
 * writers' framing is checked; anything else is MLS_EINPUT with a
 * diagnostic naming the file), copies every repository's piece verbatim
 * and puts them in repository name order. A repository in two shards is
 * MLS_EINPUT. Documents are borrowed; the caller maps or reads them. See
 * docs/outputs.md "Merging shards". */

/* One shard's copy of a document. */
typedef struct sarif_shard_doc {
  const char *name; /* borrowed: the file, for diagnostics */
  const char *p;    /* borrowed: its bytes */
  size_t len;       /* bytes */
} sarif_shard_doc;

/* The org SARIF (--sarif) of every shard -> one, runs in name order.
 * Every run's tool.driver.version must be `tool_version`. */
int sarif_merge_org(FILE *dst, const sarif_shard_doc *docs, size_t n,
                    const char *tool_version, mls_diag *diag);

/* The JSON results (--format json) of every shard -> one: results, then
 * diagnostics, each in repository name order, a repository's own order
 * kept. */
int sarif_merge_results(FILE *dst, const sarif_shard_doc *docs, size_t n,
                        mls_diag *diag);

/* The statistics (--stats) of every shard -> the statistics and the
 * OpenMetrics of the whole. Every shard must be SARIF_STATS_SCHEMA,
 * written by `tool_version`, with the same rules and rules digest, and
 * all with or all without a trend. Totals and breakdowns are sums of the
 * shards'; top lists, compliance, ratios and the metrics' cardinality cap
 * are recomputed over all repositories. The sweep section: `started` is
 * the earliest, `finished` the latest, `duration_seconds` the longest
 * shard's (the sweep's wall-clock time when shards run side by side),
 * `targets` the union in order of first appearance; counters are sums. */
typedef struct sarif_stats_merge sarif_stats_merge;

int sarif_stats_merge_new(sarif_stats_merge **out, const char *tool_version);
void sarif_stats_merge_free(sarif_stats_merge *m); /* NULL-safe */
int sarif_stats_merge_add(sarif_stats_merge *m, const sarif_shard_doc *doc,
                          mls_diag *diag);
/* Repositories added so far, and the name of the i-th, in order added. */
size_t sarif_stats_merge_count(const sarif_stats_merge *m);
const char *sarif_stats_merge_repo(const sarif_stats_merge *m, size_t i);
/* Write the merged statistics to json and/or metrics (either may be
 * NULL). MLS_EINPUT when a repository came in twice, or nothing was
 * added. */
int sarif_stats_merge_write(sarif_stats_merge *m, FILE *json, FILE *metrics,
                            mls_diag *diag);

/* ---- human and CI formats --------------------------------------------------
 */

typedef enum sarif_format {
  SARIF_FMT_TEXT = 0, /* grouped by repository and file, with snippets */
  SARIF_FMT_JSON,     /* every result, one JSON document */
  SARIF_FMT_JUNIT,    /* JUnit XML: a testcase per rule x resource */
  SARIF_FMT_MARKDOWN  /* a GitHub job-summary table */
} sarif_format;

/* Parse "text", "json", "junit", "markdown"; -1 otherwise. */
int sarif_format_parse(const char *name);

typedef struct sarif_report sarif_report;

/* A writer of `fmt` over `dst` (borrowed until finish). Reports may be
 * added in any order; repositories come out in name order. */
int sarif_report_new(sarif_report **out, FILE *dst, sarif_format fmt,
                     const sarif_rules *rules, const sarif_opts *o);
int sarif_report_add(sarif_report *w, const mls_repo_report *r);
/* The sweep's own diagnostics (see sarif_org_sweep_diag), borrowed
 * until sarif_report_finish(): JSON lists them first among the
 * diagnostics with "repo": null; text and Markdown after the
 * repositories; JUnit as a testsuite "(sweep)" whose errors are its
 * error entries. */
void sarif_report_sweep_diag(sarif_report *w, const mls_diag *d);
int sarif_report_finish(sarif_report *w);
void sarif_report_free(sarif_report *w); /* NULL-safe */

#endif
