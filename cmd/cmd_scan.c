/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_scan.c -- `mlsweep scan`: argv -> mls_config -> mls_run(), and
 * every report to the writers the options ask for.
 *
 * Stage: the command line. Loads the rule set (built-in, --rules), turns
 * options into an mls_config, and hands each repository's report, in
 * repository-name order, to the writers: per-repository SARIF
 * (--sarif-dir), the org SARIF (--sarif), statistics (--stats) and
 * OpenMetrics (--metrics), and the human and CI formats (--format with
 * --output). The exit code follows DESIGN.md "Outputs": 1 when a failing,
 * unsuppressed result is at or above --fail-on, 2 for usage or fatal
 * errors, 0 otherwise.
 */
#define _XOPEN_SOURCE 700 /* gmtime_r, mkdir */

#include "cmd/cmd.h"

#include "cache/cache.h"
#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/rc.h"
#include "core/engine/sweep.h"
#include "core/git/repo.h"
#include "core/model/result.h"
#include "core/rules/config.h"
#include "core/rules/rules.h"
#include "sarif/baseline.h"
#include "sarif/sarif.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef MLS_VERSION
#define MLS_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: mlsweep scan [options] [TARGET...]\n"
    "\n"
    "Sweep repositories for misconfigured ML infrastructure-as-code.\n"
    "A TARGET is a bare repository, a working clone (read at --ref), a plain\n"
    "directory, a directory of repositories, or one Terraform or\n"
    "CloudFormation file (read alone); default: the current directory.\n"
    "A directory or file inside a clone is read from disk with the clone's\n"
    "paths, and its modules may come from anywhere in the clone.\n"
    "\n"
    "Targets:\n"
    "  --targets-file F      one target per line\n"
    "  --ref REV             revision to read (default HEAD)\n"
    "  --worktree            read clones' files on disk, uncommitted changes\n"
    "  --include GLOB        only these paths (repeatable)\n"
    "  --exclude GLOB        skip these paths (repeatable)\n"
    "  --trust-mirrors       do not re-hash Git objects on read\n"
    "  --allow-git-dir DIR   let repositories' alternates, gitlinks and\n"
    "                        links lead below DIR too (repeatable; by\n"
    "                        default nothing outside the target is read)\n"
    "  --shard K/N           sweep only shard K of N of the repositories\n"
    "  -j, --jobs N          worker threads (default: the CPUs it may use:\n"
    "                        online, affinity, cgroup CPU quota)\n"
    "  --scheduler S         steal (default) or mutex, the reference queue\n"
    "Evaluation:\n"
    "  --env NAME            environment: per-env var files, workspace\n"
    "  --var-file F          Terraform variable file (repeatable)\n"
    "  --var NAME=VALUE      Terraform variable (repeatable)\n"
    "  --env-vars            read TF_VAR_* from the environment\n"
    "  --param NAME=VALUE    CloudFormation parameter (repeatable)\n"
    "Rules:\n"
    "  --rules DIR|FILE      more rule files (repeatable)\n"
    "  --no-builtin-rules    only the --rules given\n"
    "  --enable ID|TAG       only these rules (repeatable)\n"
    "  --disable ID|TAG      not these rules (repeatable)\n"
    "  --no-inline-ignores   ignore every inline suppression\n"
    "Configuration (docs/configuration.md):\n"
    "  --config FILE         read FILE (default: .mlsweep.yaml at the root\n"
    "                        of a single directory or org target)\n"
    "  --no-config           read no .mlsweep.yaml at all\n"
    "Baseline:\n"
    "  --baseline FILE       findings in FILE are existing, not new: they\n"
    "                        do not count for --fail-on\n"
    "  --baseline-create F   write the failing findings to F as a baseline\n"
    "Outputs:\n"
    "  --format FMT          text (default), json, junit, markdown or sarif\n"
    "                        (repeatable; each may take an --output;\n"
    "                        sarif is --sarif with that output)\n"
    "  --output FILE         write the preceding --format to FILE\n"
    "  --only-failed         json/junit: failing results only\n"
    "  --sarif-dir DIR       one SARIF file per repository (GitHub upload)\n"
    "  --sarif FILE          org SARIF: one run per repository (- stdout)\n"
    "  --sarif-category C    automationDetails.id prefix (default mlsweep)\n"
    "  --sarif-unknown       unknown results become SARIF notes\n"
    "  --stats FILE          statistics JSON\n"
    "  --metrics FILE        statistics as OpenMetrics text\n"
    "  --previous FILE       last sweep's --stats file: adds trends\n"
    "  --out-dir DIR         every output under fixed names, for `mlsweep\n"
    "                        merge`: DIR/sarif/, DIR/org.sarif,\n"
    "                        DIR/stats.json, DIR/metrics.prom,\n"
    "                        DIR/results.json (--format json)\n"
    "  --fail-on SEV         exit 1 at or above: critical, high (default),\n"
    "                        medium, low, none\n"
    "  --soft-fail           exit 0 even with findings\n"
    "  -q, --quiet           no progress or summary on stderr\n"
    "Cache:\n"
    "  --cache-dir DIR       content cache (default $XDG_CACHE_HOME/mlsweep\n"
    "                        or ~/.cache/mlsweep)\n"
    "  --no-cache            neither read nor write the cache\n"
    "  --cache-max-mb N      evict entries unused longest past N MB\n"
    "                        (default 2048; 0: no cap)\n"
    "Benchmarks:\n"
    "  --read-only-pass      walk and read every candidate, parse nothing\n"
    "                        (the baseline of bench/sweep.py)\n";

/* One --format, with its --output (NULL: stdout). */
typedef struct fmt_out {
  sarif_format fmt;
  bool sarif;       /* --format sarif: folded into --sarif (sarif_fold) */
  const char *file; /* borrowed from argv, or NULL */
  FILE *f;          /* open stream (stdout or owned) */
  sarif_report *w;  /* owned writer */
} fmt_out;

typedef struct scan_opts {
  const char **targets; /* owned array of borrowed argv */
  size_t ntargets;
  const char **include, **exclude, **rules_paths, **enable, **disable;
  size_t ninclude, nexclude, nrules_paths, nenable, ndisable;
  const char **params; /* --param */
  size_t nparams;
  tf_cli_var *cli; /* owned: --var-file and --var */
  size_t ncli;
  char **files; /* owned: --var-file bytes */
  size_t nfiles;
  const char **env_vars; /* owned array of environ pointers */
  size_t nenv_vars;
  fmt_out *fmts; /* owned */
  size_t nfmts;
  const char *targets_file, *ref, *env, *sarif_dir, *sarif_file, *category;
  const char *stats_file, *metrics_file, *previous_file, *cache_dir;
  const char *config_file;     /* --config, or NULL */
  const char *baseline_file;   /* --baseline, or NULL */
  const char *baseline_create; /* --baseline-create, or NULL */
  char **owned;                /* owned: paths resolved from the config */
  size_t nowned;
  const char **allow_git; /* --allow-git-dir as given */
  size_t nallow_git;
  char **allow_real;   /* owned: each of them resolved (realpath) */
  const char *out_dir; /* --out-dir: the merge layout (apply_out_dir) */
  char *out_paths[5];  /* owned: out_dir's file names */
  bool worktree, trust_mirrors, env_vars_on, no_builtin, no_inline;
  bool only_failed, sarif_unknown, soft_fail, quiet, no_cache, no_config;
  bool read_only;      /* --read-only-pass: the benchmarks' baseline */
  bool no_default_fmt; /* `baseline create`: no text output unless asked */
  mls_rsev fail_on;
  unsigned shard_k, shard_n;
  size_t jobs;
  pool_kind pool; /* --scheduler: the reference mutex queue, for tests */
  uint64_t cache_max_bytes; /* --cache-max-mb, in bytes */
} scan_opts;

/* The state the report callback works with. */
typedef struct scan_run {
  scan_opts *o;
  sarif_rules rules;                     /* rule metadata by index */
  sarif_opts so;                         /* writer options */
  sarif_org *org;                        /* --sarif, or NULL */
  FILE *org_f;                           /* owned, unless org_stdout */
  bool org_stdout;                       /* org_f is stdout: --sarif - */
  sarif_stats *stats;                    /* --stats / --metrics, or NULL */
  size_t failing[MLS_RSEV_CRITICAL + 1]; /* unsuppressed fails by severity */
  size_t results, files, repos_failed;
  size_t at_or_above;     /* failing results that trip --fail-on */
  size_t existing;        /* failing results found in the --baseline */
  int write_rc;           /* first writer failure */
  const rule_set *rs;     /* the compiled rules (config matches by tag) */
  rule_file_config *conf; /* the sweep's configuration, or NULL */
  sarif_baseline *known;  /* --baseline, or NULL */
  sarif_baseline *create; /* --baseline-create, or NULL */
  const char *today;      /* "YYYY-MM-DD" for config expiry */
  /* Repositories' diagnostic lines, held until the sweep ends and then
   * printed by repository name: reports arrive as repositories finish,
   * in an order that depends on the threads. */
  struct held_line *held;
  size_t nheld, capheld;
  size_t held_bytes; /* of the held lines; bounded by HELD_LINES_MAX */
  /* Why --previous gave no trend (a file missing, unreadable or not a
   * statistics file): a warning in the statistics' sweep diagnostics. */
  mls_diag prev_diag;
} scan_run;

/* Past this many bytes of held lines they are printed as they stand (in
 * name order among themselves): memory must not grow with the org. */
#define HELD_LINES_MAX ((size_t)8 << 20)

typedef struct held_line {
  const char *name; /* the repository's, in `text`'s allocation */
  char *text;       /* owned: the line, its newline included */
  size_t seq;       /* order of arrival, within a repository */
} held_line;

static int push(const char ***v, size_t *n, const char *s)
{
  const char **nv = mls_realloc(*v, (*n + 1) * sizeof(*nv));
  if (!nv) {
    return MLS_ENOMEM;
  }
  nv[(*n)++] = s;
  *v = nv;
  return MLS_OK;
}

static void opts_dispose(scan_opts *o)
{
  mls_free(o->targets);
  mls_free(o->include);
  mls_free(o->exclude);
  mls_free(o->rules_paths);
  mls_free(o->enable);
  mls_free(o->disable);
  mls_free(o->params);
  mls_free(o->cli);
  for (size_t i = 0; i < o->nfiles; i++) {
    mls_free(o->files[i]);
  }
  mls_free(o->files);
  mls_free(o->env_vars);
  mls_free(o->fmts);
  for (size_t i = 0; i < o->nowned; i++) {
    mls_free(o->owned[i]);
  }
  mls_free(o->owned);
  mls_free(o->allow_git);
  for (size_t i = 0; o->allow_real && i < o->nallow_git; i++) {
    mls_free(o->allow_real[i]);
  }
  mls_free(o->allow_real);
  for (size_t i = 0; i < 5; i++) {
    mls_free(o->out_paths[i]);
  }
}

static int push_fmt(scan_opts *o, sarif_format fmt)
{
  fmt_out *nv = mls_realloc(o->fmts, (o->nfmts + 1) * sizeof(*nv));
  if (!nv) {
    return MLS_ENOMEM;
  }
  o->fmts = nv;
  memset(&nv[o->nfmts], 0, sizeof(*nv));
  nv[o->nfmts++].fmt = fmt;
  return MLS_OK;
}

static bool parse_shard(const char *v, unsigned *k, unsigned *n)
{
  char *end;
  unsigned long a, b;
  errno = 0;
  a = strtoul(v, &end, 10);
  if (errno || end == v || *end != '/') {
    return false;
  }
  v = end + 1;
  b = strtoul(v, &end, 10);
  if (errno || end == v || *end || b == 0 || b > 1000000 || a == 0 || a > b) {
    return false;
  }
  *k = (unsigned)a;
  *n = (unsigned)b;
  return true;
}

extern char **environ;

/* Returns MLS_OK, or MLS_EINPUT after printing why. */
/* Turn `--format sarif [--output F]` into --sarif F (F "-", or none:
 * stdout), and any other format's `--output -` into stdout. One SARIF log
 * per run, and one output on stdout. */
static int sarif_fold(scan_opts *o)
{
  size_t n = 0, on_stdout = 0;
  bool folded = false;
  for (size_t i = 0; i < o->nfmts; i++) {
    fmt_out *f = &o->fmts[i];
    if (f->file && strcmp(f->file, "-") == 0) {
      f->file = NULL; /* --output -: standard output, as --sarif - */
    }
    if (!f->sarif) {
      on_stdout += f->file == NULL;
      o->fmts[n++] = *f;
      continue;
    }
    if (o->sarif_file) {
      fprintf(stderr, "mlsweep scan: --format sarif and --sarif both name "
                      "the SARIF log; give one\n");
      return MLS_EINPUT;
    }
    o->sarif_file = f->file ? f->file : "-";
    folded = true;
  }
  o->nfmts = n;
  if (on_stdout > 1) {
    fprintf(stderr, "mlsweep scan: two --format outputs write to standard "
                    "output; give one of them --output\n");
    return MLS_EINPUT;
  }
  if (o->sarif_file && strcmp(o->sarif_file, "-") == 0) {
    if (on_stdout) {
      fprintf(stderr,
              "mlsweep scan: %s writes to standard output, and so "
              "does another --format; give one of them --output\n",
              folded ? "--format sarif" : "--sarif -");
      return MLS_EINPUT;
    }
    /* The SARIF log is what was asked for on standard output: the text
     * report would be written into it. */
    o->no_default_fmt = o->no_default_fmt || n == 0;
  } else if (folded && n == 0) {
    o->no_default_fmt = true; /* the SARIF log is what was asked for */
  }
  return MLS_OK;
}

/* --allow-git-dir: each directory resolved, as the paths a repository
 * leads to are (core/git/confine.c); one that does not exist is a usage
 * error, not a silent no-op. */
static int resolve_allow(scan_opts *o)
{
  if (o->nallow_git == 0) {
    return MLS_OK;
  }
  if (!(o->allow_real = mls_calloc(o->nallow_git, sizeof(*o->allow_real)))) {
    fputs("mlsweep scan: out of memory\n", stderr);
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < o->nallow_git; i++) {
    struct stat st;
    char *real = realpath(o->allow_git[i], NULL);
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
      cmd_eprint("mlsweep scan: --allow-git-dir %s: not a directory\n",
                 o->allow_git[i]);
      mls_free_foreign(real);
      return MLS_ERROR;
    }
    o->allow_real[i] = mls_strndup(real, strlen(real));
    mls_free_foreign(real);
    if (!o->allow_real[i]) {
      fputs("mlsweep scan: out of memory\n", stderr);
      return MLS_ENOMEM;
    }
  }
  return MLS_OK;
}

static int parse_args(scan_opts *o, int argc, char **argv, bool *help)
{
  /* String-valued options that append to a list. */
  struct {
    const char *name;
    const char ***v;
    size_t *n;
  } lists[] = {
    { "--include", &o->include, &o->ninclude },
    { "--exclude", &o->exclude, &o->nexclude },
    { "--allow-git-dir", &o->allow_git, &o->nallow_git },
    { "--rules", &o->rules_paths, &o->nrules_paths },
    { "--enable", &o->enable, &o->nenable },
    { "--disable", &o->disable, &o->ndisable },
  };
  /* String-valued options with one value. */
  struct {
    const char *name;
    const char **v;
  } ones[] = {
    { "--targets-file", &o->targets_file },
    { "--ref", &o->ref },
    { "--env", &o->env },
    { "--sarif-dir", &o->sarif_dir },
    { "--sarif", &o->sarif_file },
    { "--sarif-category", &o->category },
    { "--stats", &o->stats_file },
    { "--metrics", &o->metrics_file },
    { "--previous", &o->previous_file },
    { "--cache-dir", &o->cache_dir },
    { "--config", &o->config_file },
    { "--baseline", &o->baseline_file },
    { "--baseline-create", &o->baseline_create },
    { "--out-dir", &o->out_dir },
  };
  /* Flags. */
  struct {
    const char *name;
    bool *v;
  } flags[] = {
    { "--worktree", &o->worktree },
    { "--trust-mirrors", &o->trust_mirrors },
    { "--env-vars", &o->env_vars_on },
    { "--no-builtin-rules", &o->no_builtin },
    { "--no-inline-ignores", &o->no_inline },
    { "--only-failed", &o->only_failed },
    { "--sarif-unknown", &o->sarif_unknown },
    { "--soft-fail", &o->soft_fail },
    { "--quiet", &o->quiet },
    { "--no-cache", &o->no_cache },
    { "--read-only-pass", &o->read_only },
    { "--no-config", &o->no_config },
  };
  bool dashdash = false;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    bool done = false;
    if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
      if (push(&o->targets, &o->ntargets, a) < 0) {
        return MLS_ENOMEM;
      }
      continue;
    }
    if (strcmp(a, "--") == 0) {
      dashdash = true;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      *help = true;
      return MLS_OK;
    }
    if (strcmp(a, "-q") == 0) {
      o->quiet = true;
      continue;
    }
    for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]) && !done; k++) {
      if (strcmp(a, flags[k].name) == 0) {
        *flags[k].v = true;
        done = true;
      }
    }
    for (size_t k = 0; k < sizeof(ones) / sizeof(ones[0]) && !done; k++) {
      if (cmd_is_opt(a, ones[k].name)) {
        if (!(*ones[k].v =
                  cmd_opt_value("scan", argc, argv, &i, ones[k].name))) {
          return MLS_EINPUT;
        }
        done = true;
      }
    }
    for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]) && !done; k++) {
      if (cmd_is_opt(a, lists[k].name)) {
        if (!(v = cmd_opt_value("scan", argc, argv, &i, lists[k].name))) {
          return MLS_EINPUT;
        }
        if (push(lists[k].v, lists[k].n, v) < 0) {
          return MLS_ENOMEM;
        }
        done = true;
      }
    }
    if (done) {
      continue;
    }
    if (strcmp(a, "-j") == 0 || cmd_is_opt(a, "--jobs") ||
        (a[1] == 'j' && a[2] >= '0' && a[2] <= '9')) {
      char *end;
      long n;
      if (a[1] == 'j' && a[2]) {
        v = a + 2;
      } else if (!(v = cmd_opt_value("scan", argc, argv, &i, "--jobs"))) {
        return MLS_EINPUT;
      }
      n = strtol(v, &end, 10);
      if (end == v || *end || n < 1 || n > 1024) {
        fprintf(stderr, "mlsweep scan: --jobs wants 1..1024, not '%s'\n", v);
        return MLS_EINPUT;
      }
      o->jobs = (size_t)n;
    } else if (cmd_is_opt(a, "--cache-max-mb")) {
      char *end;
      unsigned long long mb;
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--cache-max-mb"))) {
        return MLS_EINPUT;
      }
      errno = 0;
      mb = strtoull(v, &end, 10);
      if (errno || end == v || *end || mb > (1ull << 30)) {
        fprintf(stderr,
                "mlsweep scan: --cache-max-mb wants a number of MB, "
                "not '%s'\n",
                v);
        return MLS_EINPUT;
      }
      o->cache_max_bytes = (uint64_t)mb << 20;
    } else if (cmd_is_opt(a, "--scheduler")) {
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--scheduler"))) {
        return MLS_EINPUT;
      }
      if (strcmp(v, "steal") == 0) {
        o->pool = POOL_STEAL;
      } else if (strcmp(v, "mutex") == 0) {
        o->pool = POOL_MUTEX;
      } else {
        fprintf(stderr, "mlsweep scan: --scheduler wants steal or mutex\n");
        return MLS_EINPUT;
      }
    } else if (cmd_is_opt(a, "--format")) {
      int f = 0;
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--format"))) {
        return MLS_EINPUT;
      }
      /* `--format sarif` is what peers' users type (Checkov's -o sarif,
       * Trivy's --format sarif): the org-wide SARIF log, as --sarif. */
      bool is_sarif = strcmp(v, "sarif") == 0;
      if (!is_sarif && (f = sarif_format_parse(v)) < 0) {
        fprintf(stderr,
                "mlsweep scan: unknown format '%s' (text, json, junit, "
                "markdown, sarif; per-repository SARIF is --sarif-dir)\n",
                v);
        return MLS_EINPUT;
      }
      if (push_fmt(o, is_sarif ? SARIF_FMT_TEXT : (sarif_format)f) < 0) {
        return MLS_ENOMEM;
      }
      o->fmts[o->nfmts - 1].sarif = is_sarif;
    } else if (cmd_is_opt(a, "--output") || strcmp(a, "-o") == 0) {
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--output"))) {
        return MLS_EINPUT;
      }
      if (o->nfmts == 0 && push_fmt(o, SARIF_FMT_TEXT) < 0) {
        return MLS_ENOMEM;
      }
      if (o->fmts[o->nfmts - 1].file) {
        fprintf(stderr,
                "mlsweep scan: --output %s: the preceding --format "
                "already has an output; give --format again\n",
                v);
        return MLS_EINPUT;
      }
      o->fmts[o->nfmts - 1].file = v;
    } else if (cmd_is_opt(a, "--fail-on")) {
      int s;
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--fail-on"))) {
        return MLS_EINPUT;
      }
      if ((s = mls_rsev_parse(v)) < 0) {
        fprintf(stderr,
                "mlsweep scan: --fail-on wants critical, high, medium, low "
                "or none, not '%s'\n",
                v);
        return MLS_EINPUT;
      }
      o->fail_on = (mls_rsev)s;
    } else if (cmd_is_opt(a, "--shard")) {
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--shard"))) {
        return MLS_EINPUT;
      }
      if (!parse_shard(v, &o->shard_k, &o->shard_n)) {
        fprintf(stderr,
                "mlsweep scan: --shard wants K/N with 1<=K<=N, not "
                "'%s'\n",
                v);
        return MLS_EINPUT;
      }
    } else if (cmd_is_opt(a, "--var-file") || cmd_is_opt(a, "--var")) {
      int rc = cmd_var_option("scan", argc, argv, &i, &o->cli, &o->ncli,
                              &o->files, &o->nfiles);
      if (rc < 0) {
        return rc;
      }
    } else if (cmd_is_opt(a, "--param")) {
      if (!(v = cmd_opt_value("scan", argc, argv, &i, "--param"))) {
        return MLS_EINPUT;
      }
      if (!strchr(v, '=')) {
        fprintf(stderr, "mlsweep scan: --param wants NAME=VALUE, not '%s'\n",
                v);
        return MLS_EINPUT;
      }
      if (push(&o->params, &o->nparams, v) < 0) {
        return MLS_ENOMEM;
      }
    } else {
      fprintf(stderr, "mlsweep scan: unknown option '%s' (see --help)\n", a);
      return MLS_EINPUT;
    }
  }
  if (sarif_fold(o) < 0) {
    return MLS_EINPUT;
  }
  if (o->env_vars_on) {
    for (char **e = environ; e && *e; e++) {
      if (strncmp(*e, "TF_VAR_", 7) == 0 &&
          push(&o->env_vars, &o->nenv_vars, *e) < 0) {
        return MLS_ENOMEM;
      }
    }
  }
  return MLS_OK;
}

/* --- --out-dir: the layout `mlsweep merge` reads (cmd/cmd_merge.c) ------ */

/* Set every output under o->out_dir and add --format json with
 * DIR/results.json. Naming one of them as well is a usage error: the
 * directory would not be what `mlsweep merge` reads. */
static int apply_out_dir(scan_opts *o)
{
  static const char *const names[5] = { "sarif", "org.sarif", "stats.json",
                                        "metrics.prom", "results.json" };
  const char **slot[4] = { &o->sarif_dir, &o->sarif_file, &o->stats_file,
                           &o->metrics_file };
  size_t n = strlen(o->out_dir);

  if (cmd_mkdir_p(o->out_dir) < 0) {
    fprintf(stderr, "mlsweep scan: %s: cannot create the directory\n",
            o->out_dir);
    return MLS_EINPUT;
  }
  for (size_t i = 0; i < 5; i++) {
    size_t m = strlen(names[i]);
    if (!(o->out_paths[i] = mls_malloc(n + m + 2))) {
      return MLS_ENOMEM;
    }
    memcpy(o->out_paths[i], o->out_dir, n);
    o->out_paths[i][n] = '/';
    memcpy(o->out_paths[i] + n + 1, names[i], m + 1);
    if (i < 4 && *slot[i]) {
      fprintf(stderr, "mlsweep scan: --out-dir sets %s itself\n",
              o->out_paths[i]);
      return MLS_EINPUT;
    }
    if (i < 4) {
      *slot[i] = o->out_paths[i];
    }
  }
  if (push_fmt(o, SARIF_FMT_JSON) < 0) {
    return MLS_ENOMEM;
  }
  o->fmts[o->nfmts - 1].file = o->out_paths[4];
  return MLS_OK;
}

/* --- the report callback ----------------------------------------------- */

static void flush_lines(scan_run *run);

/* Keep one line for repository `name` (print it now if memory is short). */
static void hold_line(scan_run *run, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void hold_line(scan_run *run, const char *name, const char *fmt, ...)
{
  va_list ap;
  size_t nlen = strlen(name) + 1;
  int len;
  char *buf;
  va_start(ap, fmt);
  len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0) {
    return;
  }
  if (run->nheld == run->capheld) {
    size_t cap = run->capheld ? run->capheld * 2 : 64;
    held_line *v = mls_realloc(run->held, cap * sizeof(*v));
    if (v) {
      run->held = v;
      run->capheld = cap;
    }
  }
  buf = run->nheld < run->capheld ? mls_malloc(nlen + (size_t)len + 1) : NULL;
  va_start(ap, fmt);
  if (!buf) {
    cmd_veprint(fmt, ap); /* no room to hold it: printed now */
  } else {
    memcpy(buf, name, nlen);
    vsnprintf(buf + nlen, (size_t)len + 1, fmt, ap);
    /* Names, paths and messages come from the repository. */
    cmd_clean_line(buf + nlen, (size_t)len);
    run->held[run->nheld].name = buf;
    run->held[run->nheld].text = buf;
    run->held[run->nheld].seq = run->nheld;
    run->nheld++;
    run->held_bytes += nlen + (size_t)len + 1;
  }
  va_end(ap);
  if (run->held_bytes > HELD_LINES_MAX) {
    flush_lines(run);
  }
}

static int cmp_held(const void *a, const void *b)
{
  const held_line *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The held lines, by repository name (each repository's in its own
 * order: its report's, path and line), then forgotten. */
static void flush_lines(scan_run *run)
{
  if (run->nheld > 1) {
    qsort(run->held, run->nheld, sizeof(*run->held), cmp_held);
  }
  for (size_t i = 0; i < run->nheld; i++) {
    fputs(run->held[i].text + strlen(run->held[i].name) + 1, stderr);
    mls_free(run->held[i].text);
  }
  mls_free(run->held);
  run->held = NULL;
  run->nheld = run->capheld = run->held_bytes = 0;
}

static void print_diags(scan_run *run, const char *name, const mls_diag *d)
{
  static const char *const sev[] = { "error", "warning", "note" };
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    if (e->sev == MLS_SEV_NOTE) {
      continue;
    }
    if (e->path && e->has_range) {
      hold_line(run, name, "mlsweep: %s: %s:%u: %s: %s\n", name, e->path,
                e->range.start.line, sev[e->sev], e->message);
    } else if (e->path) {
      hold_line(run, name, "mlsweep: %s: %s: %s: %s\n", name, e->path,
                sev[e->sev], e->message);
    } else {
      hold_line(run, name, "mlsweep: %s: %s: %s\n", name, sev[e->sev],
                e->message);
    }
  }
  if (d->dropped > 0) {
    hold_line(run, name, "mlsweep: %s: %zu more diagnostics not shown\n", name,
              d->dropped);
  }
}

/* A repository's own .mlsweep.yaml (mls_repo_report.repo_config), in
 * RULE_CONFIG_REPO mode (only `disable`, with a reason), or NULL. */
static rule_file_config *repo_config(scan_run *run, const mls_repo_report *r)
{
  rule_file_config *c = NULL;
  mls_diag d = MLS_DIAG_INIT;

  /* The engine read it from the tree it swept (a bare mirror's too), or
   * from the work tree with --worktree. */
  if (run->o->no_config || !r->repo_config) {
    return NULL;
  }
  rule_file_config_load(&c, ".mlsweep.yaml", r->repo_config, r->repo_config_len,
                        RULE_CONFIG_REPO, &d);
  if (!run->o->quiet) {
    print_diags(run, r->name, &d);
  }
  mls_diag_dispose(&d);
  return c;
}

/* Turn a failing result into a suppressed one of origin "config" when a
 * `disable` entry of `c` covers its rule (an expired entry leaves it
 * failing, and says so). Returns whether x changed. */
static bool config_suppress(mls_result *x, const rule_file_config *c,
                            const rule_meta *m, const char *today)
{
  const rule_disable *d = rule_file_config_disabled(c, m);
  if (!d || (x->status != MLS_ST_FAIL && x->status != MLS_ST_SUPPRESSED)) {
    return false;
  }
  if (x->status == MLS_ST_SUPPRESSED && x->has_supp) {
    return false; /* an inline suppression already says why */
  }
  x->has_supp = true;
  memset(&x->supp, 0, sizeof(x->supp));
  x->supp.origin = "config";
  x->supp.in_source = false;
  x->supp.reason = d->reason;
  x->supp.expires = d->expires;
  x->supp.expired = d->expires && today && strcmp(d->expires, today) < 0;
  x->status = x->supp.expired ? MLS_ST_FAIL : MLS_ST_SUPPRESSED;
  return true;
}

/* config_suppress() for results counted in a tally: failing ones of a
 * disabled rule count as suppressed unless the entry has expired. */
static void config_suppress_tally(mls_tally *t, const rule_file_config *c,
                                  const rule_meta *m, const char *today)
{
  const rule_disable *d = rule_file_config_disabled(c, m);
  if (d && t->status == MLS_ST_FAIL &&
      !(d->expires && today && strcmp(d->expires, today) < 0)) {
    t->status = MLS_ST_SUPPRESSED;
  }
}

/* The report every writer sees: r, with the configuration's `disable`
 * entries (the sweep's and the repository's own) applied as suppressions
 * and the --baseline's findings marked existing. Returns r itself when
 * nothing changes; else *owned is the copied results array and
 * *owned_tally the copied tally. */
static int adjust_report(scan_run *run, const mls_repo_report *r,
                         mls_repo_report *view, mls_result **owned,
                         mls_tally **owned_tally, rule_file_config **repo_conf)
{
  rule_file_config *rc_repo = repo_config(run, r);
  *view = *r;
  *owned = NULL;
  *owned_tally = NULL;
  *repo_conf = rc_repo; /* the caller frees it after the writers */
  if ((!run->conf || run->conf->ndisable == 0) && !rc_repo && !run->known) {
    return MLS_OK;
  }
  if (r->nresults > 0) {
    if (!(*owned = mls_malloc(r->nresults * sizeof(**owned)))) {
      return MLS_ENOMEM;
    }
    memcpy(*owned, r->results, r->nresults * sizeof(**owned));
  }
  if (r->ntally > 0) {
    if (!(*owned_tally = mls_malloc(r->ntally * sizeof(**owned_tally)))) {
      return MLS_ENOMEM;
    }
    memcpy(*owned_tally, r->tally, r->ntally * sizeof(**owned_tally));
  }
  for (size_t i = 0; i < r->ntally; i++) {
    mls_tally *t = &(*owned_tally)[i];
    const rule_meta *m =
        t->rule_index < run->rules.n ? run->rules.v[t->rule_index] : NULL;
    if (run->conf) {
      config_suppress_tally(t, run->conf, m, run->today);
    }
    if (rc_repo) {
      config_suppress_tally(t, rc_repo, m, run->today);
    }
  }
  view->tally = *owned_tally;
  for (size_t i = 0; i < r->nresults; i++) {
    mls_result *x = &(*owned)[i];
    const rule_meta *m =
        x->rule_index < run->rules.n ? run->rules.v[x->rule_index] : NULL;
    if (run->conf) {
      config_suppress(x, run->conf, m, run->today);
    }
    if (rc_repo && x->status == MLS_ST_FAIL) {
      config_suppress(x, rc_repo, m, run->today);
    }
    if (run->known && x->status == MLS_ST_FAIL) {
      char fp[SARIF_FINGERPRINT_SIZE];
      if (sarif_result_fingerprint(fp, x, &run->rules) == MLS_OK &&
          sarif_baseline_has(run->known, r->name, fp)) {
        x->baseline_existing = true;
      }
    }
  }
  view->results = *owned;
  return MLS_OK;
}

static int on_report(void *payload, const mls_repo_report *in)
{
  scan_run *run = payload;
  scan_opts *o = run->o;
  sarif_repo_info info;
  bool have_info = false;
  mls_repo_report adj, view;
  const mls_repo_report *r = &adj;
  mls_result *owned = NULL;
  mls_tally *owned_tally = NULL;
  rule_file_config *repo_conf = NULL;
  int rc;

  if ((rc = adjust_report(run, in, &adj, &owned, &owned_tally, &repo_conf)) <
      0) {
    mls_free(owned);
    mls_free(owned_tally);
    rule_file_config_free(repo_conf);
    return rc;
  }
  memset(&info, 0, sizeof(info));
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    if (x->status == MLS_ST_FAIL && x->baseline_existing) {
      run->existing++;
    }
    if (x->status != MLS_ST_FAIL || x->baseline_existing) {
      continue;
    }
    if ((unsigned)x->severity <= MLS_RSEV_CRITICAL) {
      run->failing[x->severity]++;
    }
    if (o->fail_on != MLS_RSEV_NONE && x->severity >= o->fail_on) {
      run->at_or_above++;
    }
  }
  for (size_t i = 0; i < r->ntally; i++) {
    const mls_tally *t = &r->tally[i];
    run->results += t->count;
    if (t->status != MLS_ST_FAIL) {
      continue;
    }
    if ((unsigned)t->severity <= MLS_RSEV_CRITICAL) {
      run->failing[t->severity] += t->count;
    }
    if (o->fail_on != MLS_RSEV_NONE && t->severity >= o->fail_on) {
      run->at_or_above += t->count;
    }
  }
  run->results += r->nresults;
  run->files +=
      r->counts.files_tf + r->counts.files_tfvars + r->counts.files_cfn;
  if (r->failed) {
    run->repos_failed++;
  }
  if (!o->quiet) {
    print_diags(run, r->name, &r->diag);
  }
  if (run->create &&
      (rc = sarif_baseline_add(run->create, r, &run->rules)) < 0 &&
      !run->write_rc) {
    run->write_rc = rc;
  }
  if (o->sarif_dir) {
    mls_diag d = MLS_DIAG_INIT;
    rc = sarif_write_repo_file(o->sarif_dir, r, &run->rules, &run->so, &info,
                               &d);
    if (rc < 0) {
      print_diags(run, r->name, &d);
      if (!run->write_rc) {
        run->write_rc = rc;
      }
    } else {
      have_info = true;
    }
    mls_diag_dispose(&d);
  }
  if (run->org && (rc = sarif_org_add(run->org, r)) < 0 && !run->write_rc) {
    run->write_rc = rc;
  }
  if (run->stats &&
      (rc = sarif_stats_add(run->stats, r, have_info ? &info : NULL)) < 0 &&
      !run->write_rc) {
    run->write_rc = rc;
  }
  /* The human and CI formats, with passing results left out when asked. */
  view = *r;
  if (o->only_failed && r->nresults > 0) {
    size_t k = 0;
    view.results = mls_malloc(r->nresults * sizeof(*view.results));
    if (!view.results) {
      mls_free(owned);
      mls_free(owned_tally);
      rule_file_config_free(repo_conf);
      return MLS_ENOMEM;
    }
    for (size_t i = 0; i < r->nresults; i++) {
      if (r->results[i].status == MLS_ST_FAIL) {
        view.results[k++] = r->results[i];
      }
    }
    view.nresults = k;
  }
  if (o->only_failed) {
    /* Only failing results, listed: the tally holds passing ones. */
    view.tally = NULL;
    view.ntally = 0;
  }
  for (size_t i = 0; i < o->nfmts; i++) {
    /* Text and Markdown list failing results already and keep every
     * result for their summary tables; --only-failed trims the formats
     * that list every result. */
    bool full = o->fmts[i].fmt == SARIF_FMT_TEXT ||
                o->fmts[i].fmt == SARIF_FMT_MARKDOWN;
    if ((rc = sarif_report_add(o->fmts[i].w, full ? r : &view)) < 0 &&
        !run->write_rc) {
      run->write_rc = rc;
    }
  }
  if (view.results != r->results) {
    mls_free(view.results);
  }
  mls_free(owned);
  mls_free(owned_tally);
  rule_file_config_free(repo_conf);
  return MLS_OK;
}

/* --- set-up ------------------------------------------------------------ */

/* What the outputs asked for need listed: every result when a format
 * lists passing ones; unknown ones too when SARIF shows them
 * (--sarif-unknown); the failing and suppressed ones when any output
 * lists findings or needs their fingerprints (SARIF, text, statistics,
 * baselines, --only-failed JSON and JUnit: each counts unknown results,
 * none lists them); else only counts (a Markdown summary, the exit
 * code). A level lists all that the ones after it list. */
static mls_detail scan_detail(const scan_opts *o)
{
  mls_detail d = MLS_DETAIL_COUNTS;
  if (o->sarif_dir || o->sarif_file || o->stats_file || o->metrics_file ||
      o->baseline_file || o->baseline_create) {
    d = o->sarif_unknown && (o->sarif_dir || o->sarif_file)
            ? MLS_DETAIL_FINDINGS
            : MLS_DETAIL_FAILURES;
  }
  for (size_t i = 0; i < o->nfmts; i++) {
    switch (o->fmts[i].fmt) {
    case SARIF_FMT_JSON:
    case SARIF_FMT_JUNIT:
      if (!o->only_failed) {
        return MLS_DETAIL_ALL;
      }
      d = d < MLS_DETAIL_FAILURES ? d : MLS_DETAIL_FAILURES;
      break;
    case SARIF_FMT_TEXT:
      d = d < MLS_DETAIL_FAILURES ? d : MLS_DETAIL_FAILURES;
      break;
    case SARIF_FMT_MARKDOWN:
      break;
    }
  }
  return d;
}

static int load_rules(rule_set **out, const scan_opts *o, rule_config *cfg)
{
  mls_diag d = MLS_DIAG_INIT;
  rule_set *rs = NULL;
  int rc = rule_set_new(&rs), bad = 0;

  if (rc < 0) {
    return rc;
  }
  if (!o->no_builtin && (rc = rule_set_add_builtin(rs, &d)) < 0) {
    bad = rc;
  }
  for (size_t i = 0; i < o->nrules_paths; i++) {
    if ((rc = rule_set_add_path(rs, o->rules_paths[i], &d)) < 0 && !bad) {
      bad = rc;
    }
  }
  cfg->enable = o->enable;
  cfg->nenable = o->nenable;
  cfg->disable = o->disable;
  cfg->ndisable = o->ndisable;
  if ((rc = rule_set_compile(rs, cfg, &d)) < 0 && !bad) {
    bad = rc;
  }
  for (size_t i = 0; i < d.n; i++) {
    const mls_diag_entry *e = &d.v[i];
    if (e->path && e->has_range) {
      cmd_eprint("mlsweep scan: %s:%u: %s\n", e->path, e->range.start.line,
                 e->message);
    } else {
      cmd_eprint("mlsweep scan: %s%s%s\n", e->path ? e->path : "",
                 e->path ? ": " : "", e->message);
    }
  }
  mls_diag_dispose(&d);
  if (bad == MLS_ENOMEM ||
      (bad < 0 && !o->no_builtin && o->nrules_paths == 0)) {
    rule_set_free(rs);
    return bad;
  }
  if (bad < 0) {
    /* A broken --rules file is a usage error: the user asked for it. */
    rule_set_free(rs);
    return MLS_EINPUT;
  }
  *out = rs;
  return MLS_OK;
}

/* An owned copy of `path` resolved against the directory of the
 * configuration file `conf` (unless it is absolute), kept in o->owned. */
static const char *conf_path(scan_opts *o, const char *conf, const char *path)
{
  const char *slash = strrchr(conf, '/');
  size_t dlen = slash ? (size_t)(slash - conf) : 0;
  size_t plen = strlen(path);
  char *out, **nv;
  if (path[0] == '/' || !slash) {
    out = mls_strndup(path, plen);
  } else if ((out = mls_malloc(dlen + 1 + plen + 1))) {
    memcpy(out, conf, dlen);
    out[dlen] = '/';
    memcpy(out + dlen + 1, path, plen + 1);
  }
  if (!out || !(nv = mls_realloc(o->owned, (o->nowned + 1) * sizeof(*nv)))) {
    mls_free(out);
    return NULL;
  }
  o->owned = nv;
  o->owned[o->nowned++] = out;
  return out;
}

/* The sweep's configuration: --config FILE, else .mlsweep.yaml at the root
 * of the one target (or ".") when that is a plain directory or an org
 * directory. A clone's own file is repository content: repo_config()
 * reads it per repository, with only `disable` honoured. Applies what the
 * command line did not set. MLS_EINPUT after printing why. */
static int load_config(scan_run *run, scan_opts *o)
{
  const char *file = o->config_file;
  char found[4096];
  char *data = NULL;
  size_t len = 0;
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  if (!file && !o->no_config && o->ntargets <= 1 && !o->targets_file) {
    const char *base = o->ntargets ? o->targets[0] : ".";
    struct stat st;
    char git[4096];
    int n = snprintf(found, sizeof(found), "%s/.mlsweep.yaml", base);
    int g = snprintf(git, sizeof(git), "%s/.git", base);
    /* Not when the target is itself a repository (a clone holds .git, a
     * bare one HEAD): its file is repository content. */
    bool is_repo = g < 0 || (size_t)g >= sizeof(git) || lstat(git, &st) == 0;
    g = snprintf(git, sizeof(git), "%s/HEAD", base);
    is_repo =
        is_repo || g < 0 || (size_t)g >= sizeof(git) || lstat(git, &st) == 0;
    if (!is_repo && n > 0 && (size_t)n < sizeof(found) &&
        lstat(found, &st) == 0 && S_ISREG(st.st_mode)) {
      file = found;
    }
  }
  if (!file) {
    return MLS_OK;
  }
  if ((rc = cmd_read_whole(file, &data, &len)) < 0) {
    fprintf(stderr, "mlsweep scan: %s: %s\n", file,
            rc == MLS_ELIMIT ? "file too large" : "cannot read");
    return MLS_EINPUT;
  }
  rc = rule_file_config_load(&run->conf, file, data, len, 0, &d);
  mls_free(data);
  for (size_t i = 0; i < d.n; i++) {
    const mls_diag_entry *e = &d.v[i];
    if (e->has_range) {
      cmd_eprint("mlsweep scan: %s:%u: %s\n", file, e->range.start.line,
                 e->message);
    } else {
      cmd_eprint("mlsweep scan: %s: %s\n", file, e->message);
    }
  }
  mls_diag_dispose(&d);
  if (rc < 0) {
    return rc == MLS_ENOMEM ? rc : MLS_EINPUT;
  }
  const rule_file_config *c = run->conf;
  if (!o->env) {
    o->env = c->env;
  }
  if (o->nenable == 0) {
    for (size_t i = 0; i < c->nenable; i++) {
      if (push(&o->enable, &o->nenable, c->enable[i]) < 0) {
        return MLS_ENOMEM;
      }
    }
  }
  for (size_t i = 0; i < c->nrule_paths; i++) {
    const char *p = conf_path(o, file, c->rule_paths[i]);
    if (!p || push(&o->rules_paths, &o->nrules_paths, p) < 0) {
      return MLS_ENOMEM;
    }
  }
  for (size_t i = 0; i < c->nexclude; i++) {
    if (push(&o->exclude, &o->nexclude, c->exclude[i]) < 0) {
      return MLS_ENOMEM;
    }
  }
  /* Variable files of the configuration come before --var-file and --var,
   * so the command line wins (later definitions win in Terraform). */
  for (size_t i = c->nvar_files; i-- > 0;) {
    const char *p = conf_path(o, file, c->var_files[i]);
    char **nf;
    tf_cli_var *nv;
    if (!p) {
      return MLS_ENOMEM;
    }
    if ((rc = cmd_read_whole(p, &data, &len)) < 0) {
      fprintf(stderr, "mlsweep scan: %s: var_files: %s: %s\n", file, p,
              rc == MLS_ELIMIT ? "file too large" : "cannot read");
      return MLS_EINPUT;
    }
    if (!(nf = mls_realloc(o->files, (o->nfiles + 1) * sizeof(*nf)))) {
      mls_free(data);
      return MLS_ENOMEM;
    }
    o->files = nf;
    o->files[o->nfiles++] = data;
    if (!(nv = mls_realloc(o->cli, (o->ncli + 1) * sizeof(*nv)))) {
      return MLS_ENOMEM;
    }
    o->cli = nv;
    memmove(nv + 1, nv, o->ncli * sizeof(*nv));
    nv[0].file = p;
    nv[0].data = data;
    nv[0].len = len;
    o->ncli++;
  }
  return MLS_OK;
}

/* --baseline FILE into run->known; --baseline-create into run->create. */
static int open_baselines(scan_run *run, const scan_opts *o)
{
  int rc;
  if (o->baseline_create && (rc = sarif_baseline_new(&run->create)) < 0) {
    return rc;
  }
  if (o->baseline_file) {
    char *data = NULL;
    size_t len = 0;
    mls_diag d = MLS_DIAG_INIT;
    if ((rc = sarif_baseline_new(&run->known)) < 0) {
      return rc;
    }
    if ((rc = cmd_read_whole(o->baseline_file, &data, &len)) < 0) {
      fprintf(stderr, "mlsweep scan: %s: %s\n", o->baseline_file,
              rc == MLS_ELIMIT ? "file too large" : "cannot read");
      return MLS_EINPUT;
    }
    rc = sarif_baseline_load(run->known, data, len, &d);
    mls_free(data);
    if (rc < 0) {
      fprintf(stderr, "mlsweep scan: %s: %s\n", o->baseline_file,
              d.n ? d.v[0].message : "not a baseline");
      mls_diag_dispose(&d);
      return rc == MLS_ENOMEM ? rc : MLS_EINPUT;
    }
    mls_diag_dispose(&d);
  }
  return MLS_OK;
}

static int write_baseline(scan_run *run, const char *file)
{
  FILE *f = fopen(file, "w");
  int rc;
  if (!f) {
    fprintf(stderr, "mlsweep scan: %s: cannot write\n", file);
    return MLS_EIO;
  }
  rc = sarif_baseline_write(run->create, f);
  if (fclose(f) != 0 && rc == MLS_OK) {
    rc = MLS_EIO;
  }
  return rc;
}

static void today_utc(char out[11], char started[21], time_t now)
{
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
  strftime(started, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): when set to a Unix time,
 * the sweep's clock reads that time and its duration 0, so statistics and
 * metrics are byte-identical from run to run (tests, shard merges, and
 * anyone diffing two nightly outputs); suppression expiry uses that date
 * too. -1 when unset or not a number. */
static long long source_date_epoch(void)
{
  const char *v = getenv("SOURCE_DATE_EPOCH");
  char *end;
  long long t;
  if (!v || !*v) {
    return -1;
  }
  errno = 0;
  t = strtoll(v, &end, 10);
  if (errno || *end || t < 0 || t > 253402300799LL) {
    return -1;
  }
  return t;
}

static int write_stats(scan_run *run, const mls_sweep_summary *sum,
                       const char *started, const mls_diag *sweep_diag)
{
  scan_opts *o = run->o;
  sarif_sweep_info si = SARIF_SWEEP_INFO_INIT;
  mls_diag all = MLS_DIAG_INIT;
  int rc = MLS_OK;

  si.started = started;
  si.diag = sweep_diag;
  /* The sweep's diagnostics, then why there is no trend. */
  if (run->prev_diag.n > 0) {
    for (size_t i = 0; i < sweep_diag->n && rc == MLS_OK; i++) {
      const mls_diag_entry *e = &sweep_diag->v[i];
      all.path = e->path;
      rc = mls_diag_note_text(&all, e->rc, e->sev,
                              e->has_range ? &e->range : NULL, e->message);
    }
    all.path = NULL;
    all.dropped += sweep_diag->dropped;
    if (rc == MLS_OK) {
      rc = mls_diag_move(&all, &run->prev_diag);
    }
    if (rc < 0) {
      mls_diag_dispose(&all);
      return rc;
    }
    si.diag = &all;
  }
  si.duration_s = sum->seconds;
  si.targets = o->targets;
  si.ntargets = o->ntargets;
  si.finished_unix = (double)time(NULL);
  if (source_date_epoch() >= 0) {
    si.duration_s = 0;
    si.finished_unix = (double)source_date_epoch();
  }
  if (o->stats_file) {
    FILE *f = fopen(o->stats_file, "w");
    if (!f) {
      fprintf(stderr, "mlsweep scan: %s: cannot write\n", o->stats_file);
      rc = MLS_EIO;
      goto out;
    }
    rc = sarif_stats_write_json(run->stats, f, &si);
    if (fclose(f) != 0 && rc == MLS_OK) {
      rc = MLS_EIO;
    }
  }
  if (rc == MLS_OK && o->metrics_file) {
    FILE *f = fopen(o->metrics_file, "w");
    if (!f) {
      fprintf(stderr, "mlsweep scan: %s: cannot write\n", o->metrics_file);
      rc = MLS_EIO;
      goto out;
    }
    rc = sarif_stats_write_openmetrics(run->stats, f, &si);
    if (fclose(f) != 0 && rc == MLS_OK) {
      rc = MLS_EIO;
    }
  }
out:
  mls_diag_dispose(&all);
  return rc;
}

int cmd_scan(int argc, char **argv)
{
  return cmd_scan_run(argc, argv, NULL);
}

int cmd_scan_run(int argc, char **argv, const char *baseline_out)
{
  scan_opts o;
  scan_run run;
  mls_config cfg = MLS_CONFIG_INIT;
  rule_config rc_cfg = RULE_CONFIG_INIT;
  mls_sweep_summary sum;
  mls_diag diag = MLS_DIAG_INIT;
  mls_diag tdiag; /* a view of diag's first entries: not disposed */
  rule_set *rs = NULL;
  const rule_meta **metas = NULL;
  char today[11], started[21];
  char *cache_dir = NULL;
  mls_diag cache_why = MLS_DIAG_INIT; /* no default cache directory: why */
  mls_git_init *git_init = NULL;
  mls_targets_early *targets_early = NULL;
  bool help = false;
  int rc, status = MLS_EXIT_USAGE;

  memset(&o, 0, sizeof(o));
  memset(&run, 0, sizeof(run));
  memset(&sum, 0, sizeof(sum));
  o.fail_on = MLS_RSEV_HIGH;
  o.cache_max_bytes = (uint64_t)2048 << 20;
  run.o = &o;
  rc = parse_args(&o, argc, argv, &help);
  if (baseline_out) {
    /* `mlsweep baseline create`: the baseline is the output; other
     * formats only when asked, and findings are not a failure. */
    o.baseline_create = baseline_out;
    o.no_default_fmt = true;
    o.soft_fail = true;
  }
  if (help) {
    fputs(usage_text, stdout);
    opts_dispose(&o);
    return MLS_EXIT_OK;
  }
  if (rc < 0) {
    if (rc == MLS_ENOMEM) {
      fputs("mlsweep scan: out of memory\n", stderr);
    }
    goto done;
  }
  if ((rc = resolve_allow(&o)) < 0) {
    goto done;
  }
  /* A sweep it is. Repositories are read from their ref and object files
   * (core/git/odb.h), and libgit2 is set up by the first one those cannot
   * answer; a sweep of plain branches never needs it. When every
   * repository will need it -- a cold sweep at a --ref the ref files
   * cannot resolve (main^{tree}, an abbreviated id) -- libgit2 sets itself up
   * on another thread while this one loads the configuration and the rules and
   * opens the outputs. Out of memory here, mls_run() just does it itself later.
   */
  if (!o.no_cache && !o.cache_dir) {
    /* Why there is none is said with the sweep's other set-up (below). */
    (void)cache_default_dir(&cache_dir, &cache_why);
  }
  {
    const char *dir = o.no_cache ? NULL : o.cache_dir ? o.cache_dir : cache_dir;
    bool warm = dir && !o.read_only && cache_looks_filled(dir);
    /* --worktree reads every target from disk: libgit2 is needed only
     * for what the engine asks it (git_need), which is then set up. */
    (void)mls_git_init_start(&git_init, o.trust_mirrors,
                             !warm && !o.worktree &&
                                 !repo_peek_may_read(o.ref));
  }
  /* And the org is searched for repositories meanwhile. */
  (void)mls_targets_start(&targets_early, o.targets, o.ntargets, o.targets_file,
                          o.shard_k, o.shard_n);
  if (o.out_dir && (rc = apply_out_dir(&o)) < 0) {
    goto done;
  }
  if (o.nfmts == 0 && !o.no_default_fmt && push_fmt(&o, SARIF_FMT_TEXT) < 0) {
    goto done;
  }
  today_utc(today, started,
            source_date_epoch() >= 0 ? (time_t)source_date_epoch()
                                     : time(NULL));
  run.today = today;
  if (load_config(&run, &o) < 0 || open_baselines(&run, &o) < 0) {
    goto done;
  }
  if (run.conf) {
    rc_cfg.overrides = run.conf->overrides;
    rc_cfg.noverrides = run.conf->noverrides;
  }
  if ((rc = load_rules(&rs, &o, &rc_cfg)) < 0) {
    fprintf(stderr, "mlsweep scan: cannot load the rules (%s)\n",
            mls_rc_name(rc));
    goto done;
  }
  /* Rule metadata by index, for the writers. */
  run.rules.n = rule_set_count(rs);
  if (run.rules.n > 0) {
    if (!(metas = mls_calloc(run.rules.n, sizeof(*metas)))) {
      goto done;
    }
    for (size_t i = 0; i < run.rules.n; i++) {
      metas[i] = rule_set_get(rs, i);
    }
  }
  run.rules.v = metas;
  /* Every output renders a rule's help once per sweep (on_report runs
   * under the engine's delivery lock: one writer at a time). */
  run.rules.memo = sarif_rule_memo_new(run.rules.n);
  run.rs = rs;
  {
    sarif_opts so = SARIF_OPTS_INIT;
    run.so = so;
  }
  run.so.tool_version = MLS_VERSION;
  if (o.category) {
    run.so.category = o.category;
  }
  run.so.sarif_unknown = o.sarif_unknown;
  /* Open every output before the sweep, so a bad path fails fast. */
  if (o.sarif_dir && cmd_mkdir_p(o.sarif_dir) < 0) {
    fprintf(stderr, "mlsweep scan: %s: cannot create the directory\n",
            o.sarif_dir);
    goto done;
  }
  if (o.sarif_file) {
    if (strcmp(o.sarif_file, "-") == 0) {
      run.org_f = stdout;
      run.org_stdout = true;
    } else if (!(run.org_f = fopen(o.sarif_file, "w"))) {
      fprintf(stderr, "mlsweep scan: %s: cannot write\n", o.sarif_file);
      goto done;
    }
    if (sarif_org_new(&run.org, run.org_f, &run.rules, &run.so) < 0) {
      goto done;
    }
  }
  if (o.stats_file || o.metrics_file) {
    if (sarif_stats_new(&run.stats, &run.rules, &run.so) < 0) {
      goto done;
    }
    if (o.previous_file) {
      /* Trends are information: last night's file missing (the first
       * night) or cut short must not cost tonight's sweep. The statistics
       * say why they have no trend; only running out of memory stops. */
      char *data = NULL;
      size_t len = 0;
      mls_diag pd = MLS_DIAG_INIT;
      int prc = cmd_read_whole(o.previous_file, &data, &len);
      if (prc == MLS_ENOMEM ||
          (prc == MLS_OK && (prc = sarif_stats_load_previous(
                                 run.stats, data, len, &pd)) == MLS_ENOMEM)) {
        fprintf(stderr, "mlsweep scan: out of memory\n");
        mls_free(data);
        mls_diag_dispose(&pd);
        goto done;
      }
      if (prc < 0) {
        const char *why = data ? (pd.n ? pd.v[0].message : "not a --stats file")
                               : "cannot read it";
        mls_diag_note(&run.prev_diag, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                      "--previous %s: %s; the statistics have no trend",
                      o.previous_file, why);
        fprintf(stderr, "mlsweep scan: warning: %s\n",
                run.prev_diag.n ? run.prev_diag.v[0].message : why);
      }
      mls_free(data);
      mls_diag_dispose(&pd);
    }
  }
  for (size_t i = 0; i < o.nfmts; i++) {
    fmt_out *f = &o.fmts[i];
    f->f = stdout;
    if (f->file && !(f->f = fopen(f->file, "w"))) {
      fprintf(stderr, "mlsweep scan: %s: cannot write\n", f->file);
      goto done;
    }
    run.so.color = !f->file && f->fmt == SARIF_FMT_TEXT && isatty(1) &&
                   !getenv("NO_COLOR");
    if (sarif_report_new(&f->w, f->f, f->fmt, &run.rules, &run.so) < 0) {
      goto done;
    }
  }
  run.so.color = false;

  cfg.targets = o.targets;
  cfg.ntargets = o.ntargets;
  cfg.targets_file = o.targets_file;
  cfg.ref = o.ref;
  cfg.worktree = o.worktree;
  cfg.trust_mirrors = o.trust_mirrors;
  cfg.allow_git_dirs = (const char *const *)o.allow_real;
  cfg.nallow_git_dirs = o.allow_real ? o.nallow_git : 0;
  cfg.include = o.include;
  cfg.ninclude = o.ninclude;
  cfg.exclude = o.exclude;
  cfg.nexclude = o.nexclude;
  cfg.jobs = o.jobs;
  cfg.pool = o.pool;
  cfg.read_only = o.read_only;
  cfg.cache_max_bytes = o.cache_max_bytes;
  cfg.env = o.env;
  cfg.cli_vars = o.cli;
  cfg.ncli_vars = o.ncli;
  cfg.env_vars = o.env_vars;
  cfg.nenv_vars = o.nenv_vars;
  cfg.params = o.params;
  cfg.nparams = o.nparams;
  cfg.rules = rs;
  cfg.no_inline_ignores = o.no_inline;
  cfg.today = today;
  cfg.shard_k = o.shard_k;
  cfg.shard_n = o.shard_n;
  cfg.progress = !o.quiet && isatty(2);
  if (!o.no_cache) {
    if (o.cache_dir) {
      cfg.cache_dir = o.cache_dir;
    } else if (cache_dir) {
      cfg.cache_dir = cache_dir;
      cfg.cache_dir_default = true;
    } else if (!o.quiet) {
      fprintf(stderr, "mlsweep scan: no cache: %s\n",
              cache_why.n ? cache_why.v[0].message : "no cache directory");
    }
  }
  cfg.on_report = on_report;
  cfg.payload = &run;
  cfg.detail = scan_detail(&o);
  cfg.no_describe = !o.sarif_dir && !o.sarif_file;
  cfg.git_init = git_init;
  cfg.targets_early = targets_early;
  rc = mls_run(&cfg, &sum, &diag);
  flush_lines(&run);
  for (size_t i = 0; i < diag.n; i++) {
    cmd_eprint("mlsweep scan: %s%s%s\n", diag.v[i].path ? diag.v[i].path : "",
               diag.v[i].path ? ": " : "", diag.v[i].message);
  }
  if (rc < 0 && rc != MLS_EINPUT) {
    fprintf(stderr, "mlsweep scan: the sweep failed (%s)\n", mls_rc_name(rc));
    goto done;
  }
  if (sum.targets == 0 && rc == MLS_EINPUT) {
    goto done; /* nothing could be swept: a usage error */
  }
  /* The sweep's own diagnostics about the targets go to every output
   * (those about the cache or libgit2 stay on stderr: the outputs depend
   * on the targets alone). */
  tdiag = diag;
  tdiag.n = sum.target_diags < diag.n ? sum.target_diags : diag.n;
  tdiag.dropped = tdiag.n == diag.n ? diag.dropped : 0;
  for (size_t i = 0; i < o.nfmts; i++) {
    sarif_report_sweep_diag(o.fmts[i].w, &tdiag);
  }
  if (run.org) {
    sarif_org_sweep_diag(run.org, &tdiag);
  }
  for (size_t i = 0; i < o.nfmts; i++) {
    if (sarif_report_finish(o.fmts[i].w) < 0 && !run.write_rc) {
      run.write_rc = MLS_EIO;
    }
  }
  if (run.org && sarif_org_finish(run.org) < 0 && !run.write_rc) {
    run.write_rc = MLS_EIO;
  }
  if (run.stats && write_stats(&run, &sum, started, &tdiag) < 0 &&
      !run.write_rc) {
    run.write_rc = MLS_EIO;
  }
  if (run.create && !run.write_rc &&
      (run.write_rc = write_baseline(&run, o.baseline_create)) == MLS_OK &&
      !o.quiet) {
    fprintf(stderr, "mlsweep: %s: baseline of %zu findings\n",
            o.baseline_create, sarif_baseline_count(run.create));
  }
  if (run.write_rc < 0) {
    fprintf(stderr, "mlsweep scan: cannot write the outputs (%s)\n",
            mls_rc_name(run.write_rc));
    goto done;
  }
  if (!o.quiet) {
    fprintf(stderr,
            "mlsweep: %zu repositories (%zu failed), %zu IaC files, %zu "
            "results; failing: %zu critical, %zu high, %zu medium, %zu low"
            "%s; %.2f s\n",
            sum.targets, run.repos_failed, run.files, run.results,
            run.failing[MLS_RSEV_CRITICAL], run.failing[MLS_RSEV_HIGH],
            run.failing[MLS_RSEV_MEDIUM], run.failing[MLS_RSEV_LOW],
            run.known ? " (new)" : "", sum.seconds);
    if (run.known) {
      fprintf(stderr, "mlsweep: %zu failing results are in the baseline\n",
              run.existing);
    }
  }
  status =
      run.at_or_above > 0 && !o.soft_fail ? MLS_EXIT_FINDINGS : MLS_EXIT_OK;
  if (sum.targets > 0 && sum.repos_failed == sum.targets) {
    /* Nothing could be swept (a bad --ref, a corrupt repository given
     * alone): a gate must not pass on that. */
    fprintf(stderr, "mlsweep scan: no repository could be swept\n");
    status = MLS_EXIT_USAGE;
  }

done:
  flush_lines(&run);
  /* Joins the set-up if the sweep never started (and undoes it). */
  mls_targets_early_free(targets_early);
  mls_git_init_free(git_init);
  for (size_t i = 0; i < o.nfmts; i++) {
    sarif_report_free(o.fmts[i].w);
    if (o.fmts[i].f && o.fmts[i].f != stdout) {
      if (fclose(o.fmts[i].f) != 0) {
        status = MLS_EXIT_USAGE;
      }
    }
  }
  sarif_org_free(run.org);
  if (run.org_f &&
      (run.org_stdout ? fflush(run.org_f) : fclose(run.org_f)) != 0) {
    status = MLS_EXIT_USAGE;
  }
  sarif_stats_free(run.stats);
  sarif_baseline_free(run.known);
  sarif_baseline_free(run.create);
  rule_file_config_free(run.conf);
  sarif_rule_memo_free(run.rules.memo);
  mls_free(metas);
  mls_free(cache_dir);
  mls_diag_dispose(&cache_why);
  mls_diag_dispose(&run.prev_diag);
  rule_set_free(rs);
  mls_diag_dispose(&diag);
  opts_dispose(&o);
  if (fflush(stdout) != 0) {
    status = MLS_EXIT_USAGE;
  }
  return status;
}
