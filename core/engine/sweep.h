/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/sweep.h -- one sweep: targets in, one report per repository
 * out (DESIGN.md "Data flow", "Units of work and the pool").
 *
 * Stage: the top of the engine. mls_run() expands the targets (org
 * mirrors into their repositories, a targets file into its lines), keeps
 * this shard's part, and runs one repo job per repository on a pool of
 * workers. A repo job opens the repository (one git_repository per job,
 * never shared), walks its tree at the ref, finds the Terraform root
 * modules and the CloudFormation candidates, and splits them into unit
 * jobs that other workers can steal; a unit job evaluates its modules or
 * templates and runs the rules on them; the last unit of a repository
 * finalizes it (sorts its results and diagnostics) and hands the report to
 * the caller's callback, one at a time, as repositories finish. Each
 * report is sorted, and the writers order repositories by name, so the
 * outputs are the same whatever the thread count.
 *
 * Trusts nothing in a repository: every file is read through core/git
 * (no symbolic link followed, nothing outside the repository), every
 * bound is core/base/limits.h, and a file, module or repository that
 * fails is a diagnostic in its report; the sweep goes on.
 */
#ifndef MLS_ENGINE_SWEEP_H
#define MLS_ENGINE_SWEEP_H

#include "core/base/diag.h"
#include "core/engine/pool.h"
#include "core/eval/tf_eval.h"
#include "core/model/result.h"
#include "core/rules/rules.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libgit2's process-wide set-up (repo_global_init), either started now on
 * a thread of its own, so that it overlaps what the caller does before
 * mls_run(), or left to the first repository that needs it. Most of it is
 * libgit2 reading the system's CA certificates, which a sweep never uses:
 * as much work as loading the rules, and more than a warm sweep of an
 * unchanged org, which needs no libgit2 at all (issue 5). */
typedef struct mls_git_init mls_git_init;

/* Prepare libgit2's set-up, with --trust-mirrors as given (it must be the
 * mls_config's trust_mirrors), and start it now on a thread when `now`
 * (the sweep will surely open repositories: no cache to serve them);
 * otherwise, or when no thread can be started, the first job that opens a
 * repository runs it. *out is owned: hand it to mls_run() through
 * mls_config.git_init, and free it with mls_git_init_free() either way.
 * MLS_ENOMEM. */
int mls_git_init_start(mls_git_init **out, bool trust_mirrors, bool now);
/* Wait for the set-up if it was started, and free `gi`. If mls_run() did
 * not take it over (the caller stopped before the sweep: the rules did
 * not load, say; or no repository needed libgit2), libgit2 is shut down
 * again and the set-up's diagnostics are dropped, as if it had never run.
 * NULL-safe. */
void mls_git_init_free(mls_git_init *gi);

/* A sweep's targets found on a thread of their own (mls_targets_start),
 * so that searching an org for repositories overlaps what the caller does
 * before mls_run() (loading the rules): on a warm sweep of an org of
 * mirrors the two take about as long. */
typedef struct mls_targets_early mls_targets_early;

/* Start finding the targets a sweep with these mls_config fields would
 * find (targets, ntargets, targets_file, shard_k, shard_n; borrowed until
 * mls_targets_early_free): classified, expanded, sorted and sharded as
 * mls_run() does. When no thread can be started they are found here.
 * Hand *out to mls_run() through mls_config.targets_early, with the same
 * fields, and free it with mls_targets_early_free() either way.
 * MLS_ENOMEM. */
int mls_targets_start(mls_targets_early **out, const char *const *targets,
                      size_t ntargets, const char *targets_file,
                      unsigned shard_k, unsigned shard_n);
/* Wait for the search if mls_run() did not, and free `e`. NULL-safe. */
void mls_targets_early_free(mls_targets_early *e);

/* Called once per repository as it finishes (in no fixed order: writers
 * sort what they write, so memory does not grow with the org while a
 * large repository is still running), never concurrently. The report is
 * borrowed: it is freed when the callback returns. A negative return stops
 * the sweep (no more reports are delivered) and becomes mls_run()'s
 * result. */
typedef int (*mls_report_cb)(void *payload, const mls_repo_report *r);

typedef struct mls_config {
  const char *const *targets; /* paths as given; none: "." */
  size_t ntargets;
  const char *targets_file; /* --targets-file, or NULL */
  const char *ref;          /* --ref, or NULL: HEAD */
  bool worktree;            /* --worktree: files on disk, not the ref */
  bool trust_mirrors;       /* --trust-mirrors */
  /* --allow-git-dir, resolved: where a repository's alternates, gitlink,
   * includes and links may lead libgit2 besides its target's directory
   * (core/git/confine.c). */
  const char *const *allow_git_dirs;
  size_t nallow_git_dirs;
  const char *const *include; /* --include globs */
  size_t ninclude;
  const char *const *exclude; /* --exclude globs */
  size_t nexclude;
  size_t jobs;    /* --jobs; 0: mls_cpu_count() */
  pool_kind pool; /* scheduler: POOL_DEFAULT unless testing */
  /* Terraform: --env, --var-file/--var (in order), --env-vars. */
  const char *env;
  const tf_cli_var *cli_vars;
  size_t ncli_vars;
  const char *const *env_vars;
  size_t nenv_vars;
  /* CloudFormation: --param NAME=VALUE, in order. */
  const char *const *params;
  size_t nparams;
  const rule_set *rules;  /* compiled; borrowed for the whole sweep */
  bool no_inline_ignores; /* --no-inline-ignores */
  const char *today;      /* "YYYY-MM-DD" for suppression expiry */
  unsigned shard_k;       /* --shard K/N: keep shard K (1-based) of N */
  unsigned shard_n;       /* 0: no sharding */
  bool progress;          /* progress lines on stderr */
  /* The content cache: a directory (opened, created if missing), or NULL
   * for no cache (--no-cache). The engine version is part of every key. */
  const char *cache_dir;
  /* Past this many bytes of entries at the end of a sweep, the cache
   * evicts those unused longest (cache_gc); 0: no cap. */
  uint64_t cache_max_bytes;
  /* The benchmarks' baseline (bench/sweep.py): walk every repository and
   * read every candidate's bytes on the same workers, parse nothing, no
   * results, no cache. */
  bool read_only;
  /* Testing: a repository entry expected past twice this many bytes is
   * stored in parts of about this many (0: 4 MB parts). */
  size_t entry_part_bytes;
  mls_report_cb on_report;
  void *payload; /* passed to on_report */
  /* Which results reports list (the rest are counted in their tally):
   * what the caller's outputs need, so a sweep that prints a table does
   * not build, store and sort every passing result. */
  mls_detail detail;
  /* libgit2's set-up prepared by mls_git_init_start(), or NULL: mls_run()
   * runs repo_global_init() itself. Either way only when the first
   * repository needs libgit2. Borrowed: mls_run() waits for it, adds its
   * diagnostics to `diag` and shuts libgit2 down at the end; the caller
   * still frees it. */
  mls_git_init *git_init;
  /* No output names a repository's remote URL or branch (only SARIF's
   * versionControlProvenance does): reports leave uri and branch NULL
   * and the sweep does not read each repository's configuration. */
  bool no_describe;
  /* The targets, already being found by mls_targets_start() with this
   * configuration's fields, or NULL: mls_run() finds them. Borrowed:
   * mls_run() waits for the search and takes its targets and diagnostics;
   * the caller still frees it. */
  mls_targets_early *targets_early;
  /* Refs and objects read by libgit2 alone, never from the ref and object
   * files (core/git/odb.h, repo_peek): the reference the engine tests
   * hold those reads to. No command-line option. */
  bool libgit2_only;
  /* cache_dir is the default one ($XDG_CACHE_HOME/mlsweep or
   * ~/.cache/mlsweep): its missing parents are created as well (a new
   * machine may have no ~/.cache yet). */
  bool cache_dir_default;
} mls_config;

#define MLS_CONFIG_INIT                                                        \
  {                                                                            \
    NULL, 0, NULL, NULL, false, false, NULL, 0, NULL, 0, NULL, 0, 0,           \
        POOL_DEFAULT, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, false, NULL, 0,   \
        0, false, NULL, 0, false, 0, NULL, NULL, MLS_DETAIL_ALL, NULL, false,  \
        NULL, false, false                                                     \
  }

/* What the whole sweep did, for statistics. */
typedef struct mls_sweep_summary {
  size_t targets;        /* repositories after expansion and sharding */
  size_t repos_ok;       /* swept */
  size_t repos_failed;   /* could not be opened or walked at all */
  double seconds;        /* wall time of the sweep */
  size_t cache_hits;     /* repositories whose results came from the cache */
  size_t peeked;         /* of those, found by their ref files alone */
  bool git_used;         /* libgit2 was set up (some repository needed it) */
  size_t dirs_reused;    /* directories not walked: the previous sweep's
                            listing of the same tree was used */
  size_t dirs_split;     /* directories a large walk left to subtree jobs */
  size_t nothing_reused; /* YAML and JSON files known not to be templates
                            from the previous tree's bundle (no lookup) */
  size_t cfn_early;      /* large repositories whose CloudFormation units
                            started before their Terraform roots were
                            searched */
  size_t tf_shared;      /* Terraform files a loader took from the sweep's
                            share (another repository's or root's read of
                            the same blob) instead of reading them */
  size_t target_diags;   /* mls_run()'s diag entries about the targets (a
                            path that cannot be read, a link not followed,
                            files outside every repository): the first
                            this many it added, which depend on the
                            targets alone and so go to the outputs; the
                            rest (the cache, libgit2) are the machine's */
} mls_sweep_summary;

/* Run the sweep. Sweep-level problems (a target that does not exist, a
 * targets file that cannot be read) are diagnostics in `diag` and the
 * sweep goes on with the other targets; they make mls_run() return
 * MLS_EINPUT at the end. MLS_ENOMEM or a pool failure stops it. `summary`
 * may be NULL. */
int mls_run(const mls_config *cfg, mls_sweep_summary *summary, mls_diag *diag);

/* Whether a repository of this identity (its display name) belongs to
 * shard k of n (1 <= k <= n): a hash of the name, so every run and every
 * machine agrees. */
bool mls_shard_keep(const char *identity, unsigned k, unsigned n);

#endif
