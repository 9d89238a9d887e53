/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_parse_git.c -- `mlsweep parse --git REPO_OR_DIR`: parse every
 * .tf, .tfvars, .tf.json and .tfvars.json of a repository's tree at a ref,
 * straight from the object database, and print the records `mlsweep parse`
 * prints for files.
 *
 * Stage: argv -> targets (core/git) -> walk -> blob -> parsers/hcl ->
 * stdout: the first visible use of core/git, before the sweep engine. The
 * target is anything core/git accepts: a bare repository, a clone (its
 * object database at --ref, default HEAD, or its files with --worktree), a
 * plain directory, or a directory of repositories, whose members are
 * visited in byte order of name and whose paths are printed prefixed by
 * that name. Paths are repository-relative. Diagnostics of core/git
 * (skipped, noted and unreadable files, bad refs, broken repositories) go
 * to stderr as "mlsweep parse: PATH: SEVERITY: MESSAGE"; parse diagnostics
 * stay in the records, as for files. Exit status: 0, or 2 on usage errors
 * and on any error diagnostic (the other files and repositories are still
 * processed). Single-threaded; output order is walk order, so it is
 * deterministic.
 */
#include "cmd/parse_git.h"

#include "cmd/cmd.h"
#include "core/base/alloc.h"
#include "core/base/blob.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/repo.h"
#include "core/git/walk.h"
#include "parsers/hcl/dump.h"
#include "parsers/hcl/hcl.h"
#include "parsers/hcl/json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Bound of one file's record, as cmd_parse.c's PARSE_OUT_FACTOR and
 * PARSE_OUT_FACTOR_RANGES: hclref JSON is about 30 bytes per source byte,
 * and up to about 130 with --ranges. */
#define GIT_OUT_FACTOR        64
#define GIT_OUT_FACTOR_RANGES 256

/* Globs given with --include / --exclude (borrowed from argv). */
#define GIT_MAX_GLOBS 64

static const char usage_text[] =
    "usage: mlsweep parse --git REPO_OR_DIR [--ref R] [--worktree]\n"
    "                     [--include GLOB]... [--exclude GLOB]...\n"
    "                     [--format hclref|summary] [--ranges]\n"
    "                     [--trust-mirrors]\n"
    "\n"
    "Parses every *.tf *.tofu *.tfvars *.tf.json *.tofu.json *.tfvars.json\n"
    "of a repository's tree at a ref, read from its object database, and\n"
    "prints what `mlsweep parse` prints for files, with repository-relative\n"
    "paths:\n"
    "  --git PATH        a bare repository, a clone, a plain directory, or\n"
    "                    a directory of repositories (each is visited in\n"
    "                    byte order of name; paths are prefixed NAME/)\n"
    "  --ref R           the revision to read (default HEAD): a branch, a\n"
    "                    tag, a commit id, anything git rev-parse accepts\n"
    "  --worktree        read a clone's files on disk instead, uncommitted\n"
    "                    changes included\n"
    "  --include GLOB    only paths matching GLOB (repeatable)\n"
    "  --exclude GLOB    no paths matching GLOB (repeatable; wins)\n"
    "  --format F        hclref (default) or summary, as for files\n"
    "  --ranges          with --format hclref: ranges on every node\n"
    "  --trust-mirrors   do not re-hash objects as they are read\n"
    "\n"
    "Globs are fnmatch(3) patterns with FNM_PATHNAME: without '/' they match\n"
    "any path component, with '/' the path from the root or a directory\n"
    "prefix of it (docs/git.md). .terraform/ and node_modules/ are skipped;\n"
    "submodules, symbolic links and Git LFS pointers are noted and skipped.\n"
    "Notes and errors go to stderr. Exit status: 0, or 2 on usage errors\n"
    "and unreadable repositories or files (the others are still read).\n";

/* What one run prints, and how. */
typedef struct git_ctx {
  bool summary;       /* --format summary, else hclref */
  hcl_dump_opts dump; /* --ranges */
  const char *prefix; /* borrowed: the member's name in an org, or NULL */
  repo *r;            /* borrowed: the repository being walked */
  bool bad;           /* an error was reported: exit 2 */
  mls_buf path;       /* the printed path: prefix/ + repository path */
  mls_buf out;        /* one record */
} git_ctx;

bool cmd_parse_git_wanted(int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      return false;
    }
    if (strcmp(argv[i], "--git") == 0 || strncmp(argv[i], "--git=", 6) == 0) {
      return true;
    }
  }
  return false;
}

/* Print every entry of d to stderr, each path prefixed with the member's
 * name in an org; an error entry makes the run fail. Empties d. */
static void print_diag(git_ctx *c, mls_diag *d, const char *where)
{
  static const char *const sev[] = { "error", "warning", "note" };

  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    const char *path = e->path ? e->path : where;
    fprintf(stderr, "mlsweep parse: %s%s%s%s%s: %s\n",
            c->prefix && e->path ? c->prefix : "",
            c->prefix && e->path ? "/" : "", path ? path : "", path ? ": " : "",
            sev[e->sev], e->message ? e->message : "");
  }
  if (d->dropped > 0) {
    fprintf(stderr, "mlsweep parse: %s: %zu more diagnostics not shown\n",
            where ? where : "-", d->dropped);
  }
  if (d->nerrors > 0) {
    c->bad = true;
  }
  mls_diag_clear(d);
}

/* Parse one loaded file and print its record under `path`. */
static int dump_blob(git_ctx *c, const char *path, const walk_entry *e,
                     const mls_blob *b)
{
  hcl_file *f = NULL;
  mls_diag diag = MLS_DIAG_INIT;
  size_t max;
  int rc;

  diag.path = path;
  if (e->kind == WALK_TF_JSON || e->kind == WALK_TFVARS_JSON) {
    /* .tfvars.json values are literals: no template interpolation. */
    rc = hcl_parse_json_ex(&f, b->data, b->size, e->kind == WALK_TFVARS_JSON,
                           &diag);
  } else {
    rc = hcl_parse(&f, b->data, b->size, &diag);
  }
  if (rc == MLS_ENOMEM && !f) {
    goto done;
  }
  if (!mls_mul_sz(&max, b->size + 4096,
                  c->dump.ranges ? GIT_OUT_FACTOR_RANGES : GIT_OUT_FACTOR)) {
    max = SIZE_MAX / 2;
  }
  mls_buf_dispose(&c->out);
  mls_buf_init(&c->out, max);
  if (c->summary) {
    rc = hcl_dump_summary(&c->out, f, path, &diag);
  } else {
    rc = hcl_dump_hclref_ex(&c->out, f, path, b->size, &diag, &c->dump);
  }
  if (rc == MLS_ELIMIT) {
    fprintf(stderr,
            "mlsweep parse: %s: error: syntax tree too deep or too "
            "large to print\n",
            path);
    c->bad = true;
    rc = MLS_OK;
    goto done;
  }
  if (rc == MLS_OK && c->out.len > 0 &&
      fwrite(c->out.ptr, 1, c->out.len, stdout) != c->out.len) {
    rc = MLS_EIO;
  }

done:
  hcl_file_free(f);
  mls_diag_dispose(&diag);
  return rc;
}

/* walk_file_cb: load a Terraform candidate and print its record. */
static int on_file(const walk_entry *e, void *payload)
{
  git_ctx *c = payload;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  if (!walk_kind_is_terraform(e->kind)) {
    return MLS_OK; /* CloudFormation candidates: not this command's */
  }
  mls_buf_clear(&c->path);
  if ((c->prefix && (rc = mls_buf_printf(&c->path, "%s/", c->prefix)) < 0) ||
      (rc = mls_buf_put(&c->path, e->path, e->path_len)) < 0) {
    return rc;
  }
  rc = walk_load(&b, c->r, e, &d);
  if (rc == MLS_OK) {
    rc = dump_blob(c, c->path.ptr, e, &b);
  } else if (rc != MLS_ENOMEM) {
    rc = MLS_OK; /* this file is skipped; its diagnostic says why */
  }
  print_diag(c, &d, NULL);
  mls_blob_dispose(&b);
  mls_diag_dispose(&d);
  return rc;
}

/* Open, walk and print one target. Only MLS_ENOMEM and output errors end
 * the run; anything about the repository is a diagnostic. */
static int run_target(git_ctx *c, const repo_target *t,
                      const repo_open_opts *oo, const walk_opts *wo)
{
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;
  int rc;

  rc = repo_open(&r, t, oo, &d);
  if (rc < 0) {
    print_diag(c, &d, t->name);
    mls_diag_dispose(&d);
    return rc == MLS_ENOMEM ? rc : MLS_OK;
  }
  c->r = r;
  rc = walk_scoped(r, t->scope, wo, on_file, c, &d);
  print_diag(c, &d, t->name);
  c->r = NULL;
  repo_free(r);
  mls_diag_dispose(&d);
  return rc == MLS_ENOMEM || rc == MLS_EIO ? rc : MLS_OK;
}

/* The value of option `name` at argv[*i]: "--name=V" or "--name V". */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0) {
    return NULL;
  }
  if (a[n] == '=') {
    return a + n + 1;
  }
  if (a[n] == '\0' && *i + 1 < argc) {
    return argv[++*i];
  }
  return NULL;
}

static bool is_opt(const char *a, const char *name)
{
  size_t n = strlen(name);
  return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int cmd_parse_git(int argc, char **argv)
{
  const char *target = NULL, *include[GIT_MAX_GLOBS], *exclude[GIT_MAX_GLOBS];
  repo_global_opts go = REPO_GLOBAL_OPTS_INIT;
  repo_open_opts oo = REPO_OPEN_OPTS_INIT;
  walk_opts wo = WALK_OPTS_INIT;
  repo_targets ts = REPO_TARGETS_INIT;
  repo_target_kind kind = REPO_TARGET_DIR;
  mls_diag d = MLS_DIAG_INIT;
  git_ctx c;
  bool inited = false;
  int status = MLS_EXIT_OK, rc;

  memset(&c, 0, sizeof(c));
  c.dump = (hcl_dump_opts)HCL_DUMP_OPTS_INIT;
  mls_buf_init(&c.path, MLS_MAX_PATH_BYTES * 2 + 2);
  mls_buf_init(&c.out, 0);
  for (int i = 1; i < argc; i++) {
    /* Anywhere, even where a value is due: `--git --help` asks for help. */
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage_text, stdout);
      goto done;
    }
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (strcmp(a, "--worktree") == 0) {
      oo.worktree = true;
    } else if (strcmp(a, "--ranges") == 0) {
      c.dump.ranges = true;
    } else if (strcmp(a, "--trust-mirrors") == 0) {
      go.trust_mirrors = true;
    } else if (is_opt(a, "--git")) {
      if (!(v = opt_value(argc, argv, &i, "--git")) || target) {
        fprintf(stderr, "mlsweep parse: --git takes one REPO_OR_DIR\n");
        goto usage;
      }
      target = v;
    } else if (is_opt(a, "--ref")) {
      if (!(v = opt_value(argc, argv, &i, "--ref")) || !*v) {
        fprintf(stderr, "mlsweep parse: --ref needs a revision\n");
        goto usage;
      }
      oo.ref = v;
    } else if (is_opt(a, "--include") || is_opt(a, "--exclude")) {
      bool inc = is_opt(a, "--include");
      const char *name = inc ? "--include" : "--exclude";
      size_t *n = inc ? &wo.ninclude : &wo.nexclude;
      if (!(v = opt_value(argc, argv, &i, name)) || !*v ||
          *n == GIT_MAX_GLOBS) {
        fprintf(stderr, "mlsweep parse: %s needs a glob (at most %d)\n", name,
                GIT_MAX_GLOBS);
        goto usage;
      }
      (inc ? include : exclude)[(*n)++] = v;
    } else if (is_opt(a, "--format")) {
      if (!(v = opt_value(argc, argv, &i, "--format"))) {
        goto usage;
      }
      if (strcmp(v, "summary") == 0) {
        c.summary = true;
      } else if (strcmp(v, "hclref") == 0) {
        c.summary = false;
      } else {
        fprintf(stderr, "mlsweep parse: --git prints --format hclref or "
                        "summary\n");
        goto usage;
      }
    } else {
      fprintf(stderr, "mlsweep parse: '%s' is not an option of --git\n", a);
      goto usage;
    }
  }
  if (!target) {
    goto usage;
  }
  if (c.dump.ranges && c.summary) {
    fprintf(stderr, "mlsweep parse: --ranges needs --format hclref\n");
    goto usage;
  }
  wo.include = include;
  wo.exclude = exclude;

  if ((rc = repo_global_init(&go, &d)) < 0) {
    print_diag(&c, &d, target);
    status = MLS_EXIT_USAGE;
    goto done;
  }
  inited = true;
  rc = repo_targets_add(&ts, target, &kind, &d);
  print_diag(&c, &d, target);
  if (rc == MLS_ENOMEM) {
    goto oom;
  }
  if (rc < 0) {
    status = MLS_EXIT_USAGE;
    goto done;
  }
  if (ts.n == 1 && ts.v[0].only) {
    /* A file target is read from disk, not from a repository. */
    fprintf(stderr, "mlsweep parse: '%s' is a file: parse it without --git\n",
            target);
    status = MLS_EXIT_USAGE;
    goto done;
  }
  for (size_t i = 0; i < ts.n; i++) {
    c.prefix = kind == REPO_TARGET_ORG ? ts.v[i].name : NULL;
    if ((rc = run_target(&c, &ts.v[i], &oo, &wo)) == MLS_ENOMEM) {
      goto oom;
    } else if (rc < 0) {
      fprintf(stderr, "mlsweep parse: error writing output\n");
      status = MLS_EXIT_USAGE;
      goto done;
    }
  }
  status = c.bad ? MLS_EXIT_USAGE : MLS_EXIT_OK;
  goto done;

usage:
  fputs(usage_text, stderr);
  status = MLS_EXIT_USAGE;
  goto done;
oom:
  fprintf(stderr, "mlsweep parse: out of memory\n");
  status = MLS_EXIT_USAGE;

done:
  if (fflush(stdout) != 0) {
    fprintf(stderr, "mlsweep parse: error writing output\n");
    status = MLS_EXIT_USAGE;
  }
  repo_targets_dispose(&ts);
  if (inited) {
    repo_global_shutdown();
  }
  mls_buf_dispose(&c.path);
  mls_buf_dispose(&c.out);
  mls_diag_dispose(&d);
  return status;
}
