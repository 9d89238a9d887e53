/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_inspect.c -- `mlsweep inspect`: evaluate a Terraform module and
 * print the resource model rules would see.
 *
 * Stage: argv -> core/eval -> stdout. PATH is a module directory (a file
 * stands for its directory). Files are read from disk below a repository
 * root: --root DIR, else the nearest directory above PATH holding .git,
 * else PATH itself; nothing outside the root is read (module sources and
 * file() paths that leave it are diagnostics). The output is
 * mls_model_write_json()'s document with a "diagnostics" array added, one
 * line, deterministic. With --roots, every root module below PATH
 * (DESIGN.md "Root modules") is evaluated and printed, one document per
 * line with a "root" member, in byte order of directory; --bench N times
 * N evaluations instead (bench/tf_eval.sh). Trusts nothing it reads;
 * --var-file files are bounded by MLS_MAX_BLOB_BYTES.
 */
#define _XOPEN_SOURCE 700 /* realpath (XSI), lstat */

#include "cmd/cmd.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/jsonw.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/cfn_eval.h"
#include "core/eval/tf_eval.h"
#include "core/model/model.h"
#include "parsers/cfn/cfn.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Output of one model is bounded: the model arena is at most
 * MLS_ARENA_CAP_BYTES, and its JSON is within a small factor of it. */
#define INSPECT_OUT_MAX ((size_t)MLS_ARENA_CAP_BYTES * 4)

static const char usage_text[] =
    "usage: mlsweep inspect [--format json] [--env NAME] [--var-file F]...\n"
    "                       [--var NAME=VALUE]... [--env-vars] [--root DIR]\n"
    "                       [--roots] [--bench N] PATH\n"
    "       mlsweep inspect [--format json] [--param NAME=VALUE]...\n"
    "                       [--params-file F] TEMPLATE\n"
    "\n"
    "Evaluates the Terraform module in directory PATH (variables, locals,\n"
    "count/for_each, local module calls) and prints its resource model as\n"
    "JSON: resources with addresses and evaluated attributes, reference\n"
    "edges and diagnostics. Values Terraform would know only at apply time\n"
    "print as {\"unknown\": <expression>, \"why\": <reason>}.\n"
    "\n"
    "  --env NAME        select NAME.tfvars in env/, envs/, environments/,\n"
    "                    vars/, tfvars/ and beside the module, and the\n"
    "                    .tfvars of {env,envs,environments}/NAME/;\n"
    "                    terraform.workspace = NAME\n"
    "  --var-file F      a variable file (repeatable; later ones win)\n"
    "  --var NAME=VALUE  one variable (repeatable; in order with --var-file)\n"
    "  --env-vars        also read TF_VAR_* from the environment\n"
    "  --root DIR        the repository root nothing is read outside of\n"
    "                    (default: the nearest directory above PATH with\n"
    "                    .git, else PATH)\n"
    "  --roots           evaluate every root module below PATH, one JSON\n"
    "                    document per line\n"
    "  --bench N         load every module below PATH, then time N\n"
    "                    evaluations of each root (or of PATH without\n"
    "                    --roots); print one JSON line of timings instead\n"
    "\n"
    "A PATH that is a CloudFormation template (YAML or JSON, SAM, CDK\n"
    "output) is evaluated as one: Parameters, Conditions and intrinsic\n"
    "functions; pseudo parameters such as AWS::Region are unknown unless\n"
    "given with --param.\n"
    "  --param NAME=VALUE  one template parameter (repeatable; later wins)\n"
    "  --params-file F   a parameters file: [{\"ParameterKey\": ..,\n"
    "                    \"ParameterValue\": ..}] or {\"Parameters\": {..}}\n"
    "\n"
    "Exit status: 0, or 2 on usage errors and modules that cannot be\n"
    "evaluated (the diagnostics say why).\n";

/* Options after parsing. */
typedef struct inspect_opts {
  const char *path; /* borrowed: argv */
  const char *root; /* borrowed: argv, or NULL */
  const char *env;  /* borrowed: argv, or NULL */
  bool env_vars;    /* --env-vars */
  bool roots;       /* --roots */
  long bench;       /* --bench N, or -1 */
  tf_cli_var *cli;  /* owned: --var-file and --var in order */
  size_t ncli;
  char **files; /* owned: the bytes of each --var-file */
  size_t nfiles;
  const char **tfvars; /* owned array of borrowed environ strings */
  size_t ntfvars;
  const char **params; /* owned array of borrowed argv: --param */
  size_t nparams;
  const char *params_file; /* borrowed: argv, --params-file, or NULL */
  char *params_data;       /* owned: its bytes */
  size_t params_len;
} inspect_opts;

static void opts_dispose(inspect_opts *o)
{
  for (size_t i = 0; i < o->nfiles; i++) {
    mls_free(o->files[i]);
  }
  mls_free(o->files);
  mls_free(o->cli);
  mls_free(o->tfvars);
  mls_free(o->params);
  mls_free(o->params_data);
}

/* Returns MLS_OK, or MLS_EINPUT after printing a usage message. */
static int parse_args(inspect_opts *o, int argc, char **argv, bool *help)
{
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      *help = true;
      return MLS_OK;
    }
    if (cmd_is_opt(a, "--format")) {
      if (!(v = cmd_opt_value("inspect", argc, argv, &i, "--format"))) {
        return MLS_EINPUT;
      }
      if (strcmp(v, "json") != 0) {
        fprintf(stderr, "mlsweep inspect: unknown format '%s' (json)\n", v);
        return MLS_EINPUT;
      }
    } else if (cmd_is_opt(a, "--env")) {
      if (!(o->env = cmd_opt_value("inspect", argc, argv, &i, "--env"))) {
        return MLS_EINPUT;
      }
    } else if (cmd_is_opt(a, "--root")) {
      if (!(o->root = cmd_opt_value("inspect", argc, argv, &i, "--root"))) {
        return MLS_EINPUT;
      }
    } else if (cmd_is_opt(a, "--var-file") || cmd_is_opt(a, "--var")) {
      int rc = cmd_var_option("inspect", argc, argv, &i, &o->cli, &o->ncli,
                              &o->files, &o->nfiles);
      if (rc < 0) {
        return rc;
      }
    } else if (cmd_is_opt(a, "--param")) {
      const char **np;
      if (!(v = cmd_opt_value("inspect", argc, argv, &i, "--param"))) {
        return MLS_EINPUT;
      }
      if (!strchr(v, '=') || v[0] == '=') {
        fprintf(stderr, "mlsweep inspect: --param wants NAME=VALUE, not '%s'\n",
                v);
        return MLS_EINPUT;
      }
      if (!(np = mls_realloc(o->params, (o->nparams + 1) * sizeof(*np)))) {
        return MLS_ENOMEM;
      }
      o->params = np;
      o->params[o->nparams++] = v;
    } else if (cmd_is_opt(a, "--params-file")) {
      int rc;
      if (!(v = cmd_opt_value("inspect", argc, argv, &i, "--params-file"))) {
        return MLS_EINPUT;
      }
      mls_free(o->params_data);
      o->params_data = NULL;
      if ((rc = cmd_read_whole(v, &o->params_data, &o->params_len)) < 0) {
        fprintf(stderr, "mlsweep inspect: %s: %s\n", v,
                rc == MLS_ELIMIT ? "file too large" : "cannot read");
        return MLS_EINPUT;
      }
      o->params_file = v;
    } else if (strcmp(a, "--env-vars") == 0) {
      o->env_vars = true;
    } else if (strcmp(a, "--roots") == 0) {
      o->roots = true;
    } else if (cmd_is_opt(a, "--bench")) {
      char *end = NULL;
      if (!(v = cmd_opt_value("inspect", argc, argv, &i, "--bench"))) {
        return MLS_EINPUT;
      }
      errno = 0;
      o->bench = strtol(v, &end, 10);
      if (errno || !end || *end || o->bench < 0 || o->bench > 1000000) {
        fprintf(stderr, "mlsweep inspect: --bench wants a count, not '%s'\n",
                v);
        return MLS_EINPUT;
      }
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "mlsweep inspect: unknown option '%s'\n", a);
      return MLS_EINPUT;
    } else if (o->path) {
      fprintf(stderr, "mlsweep inspect: one PATH only ('%s', '%s')\n", o->path,
              a);
      return MLS_EINPUT;
    } else {
      o->path = a;
    }
  }
  if (!o->path) {
    fputs(usage_text, stderr);
    return MLS_EINPUT;
  }
  return MLS_OK;
}

static int collect_tfvars(inspect_opts *o)
{
  size_t n = 0;
  for (char **e = environ; e && *e; e++) {
    n += strncmp(*e, "TF_VAR_", 7) == 0 ? 1 : 0;
  }
  if (!n) {
    return MLS_OK;
  }
  if (!(o->tfvars = mls_calloc(n, sizeof(*o->tfvars)))) {
    return MLS_ENOMEM;
  }
  for (char **e = environ; e && *e; e++) {
    if (strncmp(*e, "TF_VAR_", 7) == 0) {
      o->tfvars[o->ntfvars++] = *e;
    }
  }
  return MLS_OK;
}

/* owned (mls_malloc): the absolute canonical form of `path`, or NULL. */
static char *canonical(const char *path)
{
  char *r = realpath(path, NULL), *copy;
  if (!r) {
    return NULL;
  }
  copy = mls_strndup(r, strlen(r));
  mls_free_foreign(r);
  return copy;
}

static bool has_git(const char *dir)
{
  char p[MLS_MAX_PATH_BYTES + 8];
  struct stat st;
  int n = snprintf(p, sizeof(p), "%s/.git", dir);
  return n > 0 && (size_t)n < sizeof(p) && lstat(p, &st) == 0;
}

/* The repository root for `dir` (both absolute): the nearest ancestor with
 * .git, else dir. owned. */
static char *find_root(const char *dir)
{
  char *p = mls_strndup(dir, strlen(dir));
  if (!p) {
    return NULL;
  }
  for (;;) {
    char *slash;
    if (has_git(p)) {
      return p;
    }
    slash = strrchr(p, '/');
    if (!slash || slash == p) {
      break;
    }
    *slash = '\0';
  }
  mls_free(p);
  return mls_strndup(dir, strlen(dir));
}

static const char *sev_name(mls_severity s)
{
  return s == MLS_SEV_ERROR     ? "error"
         : s == MLS_SEV_WARNING ? "warning"
                                : "note";
}

static int put_diags(mls_buf *out, const mls_diag *d)
{
  int rc = mls_buf_puts(out, ",\"diagnostics\":[");
  for (size_t i = 0; i < d->n && rc >= 0; i++) {
    const mls_diag_entry *e = &d->v[i];
    const char *path = e->path ? e->path : "";
    if (i) {
      rc = mls_buf_putc(out, ',');
    }
    if (rc >= 0) {
      rc = mls_buf_puts(out, "{\"path\":");
    }
    if (rc >= 0) {
      rc = mls_json_string(out, path, strlen(path));
    }
    if (rc >= 0) {
      rc = mls_buf_printf(out, ",\"line\":%u,\"severity\":\"%s\",\"message\":",
                          e->has_range ? e->range.start.line : 0,
                          sev_name(e->sev));
    }
    if (rc >= 0) {
      rc = mls_json_string(out, e->message, strlen(e->message));
    }
    if (rc >= 0) {
      rc = mls_buf_putc(out, '}');
    }
  }
  if (rc >= 0 && d->dropped) {
    rc = mls_buf_printf(out, "],\"diagnostics_dropped\":%zu", d->dropped);
  } else if (rc >= 0) {
    rc = mls_buf_putc(out, ']');
  }
  return rc;
}

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --bench: every module below `dir` is loaded (parsed) first, so the timed
 * part is evaluation alone; `bench/tf_eval.sh` subtracts a --bench 0 run
 * under callgrind for instructions per resource. */
static int run_bench(tf_loader *ld, const char *dir, bool roots,
                     const tf_opts *to, long iters)
{
  mls_diag diag = MLS_DIAG_INIT;
  char **list = NULL;
  size_t n = 0, resources = 0, unknown = 0, failed = 0;
  const char *one[1];
  double t0, t1;
  int rc = tf_find_roots(&list, &n, ld, dir, &diag);

  if (rc < 0) {
    mls_diag_dispose(&diag);
    fprintf(stderr, "mlsweep inspect: %s: cannot search (%s)\n",
            dir[0] ? dir : ".", mls_rc_name(rc));
    return MLS_EXIT_USAGE;
  }
  one[0] = dir;
  t0 = now_seconds();
  for (long it = 0; it < iters; it++) {
    size_t count = roots ? n : 1;
    for (size_t i = 0; i < count; i++) {
      mls_model *m = NULL;
      mls_diag_clear(&diag);
      if (tf_eval_root(&m, ld, roots ? list[i] : one[0], to, &diag) < 0) {
        failed += it == 0 ? 1 : 0;
        continue;
      }
      if (it == 0) {
        resources += m->nresources;
        unknown += m->nunknown;
      }
      mls_model_free(m);
    }
  }
  t1 = now_seconds();
  printf("{\"bench\":\"tf_eval\",\"roots\":%zu,\"failed\":%zu,"
         "\"resources\":%zu,\"unknown_values\":%zu,\"iterations\":%ld,"
         "\"seconds\":%.6f,\"resources_per_s\":%.1f}\n",
         roots ? n : 1, failed, resources, unknown, iters, t1 - t0,
         t1 > t0 && iters ? (double)resources * (double)iters / (t1 - t0)
                          : 0.0);
  tf_roots_free(list, n);
  mls_diag_dispose(&diag);
  return MLS_EXIT_OK;
}

/* Write one evaluated model (or, when evaluation failed with `rc` < 0,
 * an empty one) with its diagnostics. Returns the exit status. */
static int write_doc(const char *dir, mls_model *model, mls_diag *diag, int rc,
                     bool with_root);

/* Evaluate one module and write its document. Returns the exit status. */
static int inspect_one(tf_loader *ld, const char *dir, const tf_opts *to,
                       bool with_root)
{
  mls_diag diag = MLS_DIAG_INIT;
  mls_model *model = NULL;
  int rc = tf_eval_root(&model, ld, dir, to, &diag);
  return write_doc(dir, model, &diag, rc, with_root);
}

/* If the file PATH (`rel`: its repository-relative name) is a
 * CloudFormation template, evaluate it, write its document, set *handled
 * and return the exit status; otherwise leave *handled false. */
static int inspect_cfn(const inspect_opts *o, const char *rel, bool *handled)
{
  mls_diag diag = MLS_DIAG_INIT;
  cfneval_opts co = CFNEVAL_OPTS_INIT;
  cfn_template *t = NULL;
  mls_model *model = NULL;
  char *data = NULL;
  size_t len;
  int rc, status = MLS_EXIT_USAGE;

  *handled = false;
  if ((rc = cmd_read_whole(o->path, &data, &len)) < 0) {
    /* Not readable as one file: the Terraform path reports it. */
    return MLS_EXIT_USAGE;
  }
  if (!cfn_sniff(data, len)) {
    goto done;
  }
  rc = cfn_load(&t, data, len, &diag);
  if (rc == MLS_ENOMEM) {
    fputs("mlsweep inspect: out of memory\n", stderr);
    *handled = true;
    goto done;
  }
  if (!t->is_template) {
    goto done;
  }
  *handled = true;
  diag.path = rel;
  co.path = rel;
  co.params_file = o->params_data;
  co.params_file_len = o->params_len;
  co.params_file_name = o->params_file;
  co.params = o->params;
  co.nparams = o->nparams;
  rc = cfneval_template(&model, t, &co, &diag);
  status = write_doc(rel, model, &diag, rc, false);
  model = NULL; /* write_doc freed it */

done:
  mls_model_free(model);
  cfn_template_free(t);
  mls_diag_dispose(&diag);
  mls_free(data);
  return status;
}

static int write_doc(const char *dir, mls_model *model, mls_diag *diag, int rc,
                     bool with_root)
{
  mls_model *empty = NULL;
  mls_buf out = MLS_BUF_INIT(INSPECT_OUT_MAX);
  int status = MLS_EXIT_OK;

  if (rc < 0) {
    status = MLS_EXIT_USAGE;
    if (!(empty = mls_model_new())) {
      mls_model_free(model);
      mls_diag_dispose(diag);
      fputs("mlsweep inspect: out of memory\n", stderr);
      return MLS_EXIT_USAGE;
    }
  }
  if (with_root) {
    rc = mls_buf_puts(&out, "{\"root\":");
    if (rc >= 0) {
      rc =
          mls_json_string(&out, dir[0] ? dir : ".", strlen(dir[0] ? dir : "."));
    }
    if (rc >= 0) {
      rc = mls_buf_putc(&out, ',');
    }
  } else {
    rc = MLS_OK;
  }
  {
    size_t start = out.len;
    if (rc >= 0) {
      rc = mls_model_write_json(&out, model ? model : empty);
    }
    /* Splice the diagnostics in before the document's closing brace; with
     * --roots drop its opening one (the root member opened the object). */
    if (rc >= 0 && out.len > start && out.ptr[out.len - 1] == '}') {
      out.len--;
      if (with_root) {
        memmove(out.ptr + start, out.ptr + start + 1, out.len - start - 1);
        out.len--;
      }
      rc = put_diags(&out, diag);
      if (rc >= 0) {
        rc = mls_buf_puts(&out, "}\n");
      }
    }
  }
  if (rc < 0) {
    fprintf(stderr, "mlsweep inspect: %s: cannot write the model (%s)\n",
            dir[0] ? dir : ".", mls_rc_name(rc));
    status = MLS_EXIT_USAGE;
  } else if (fwrite(out.ptr, 1, out.len, stdout) != out.len) {
    status = MLS_EXIT_USAGE;
  }
  mls_buf_dispose(&out);
  mls_model_free(model);
  mls_model_free(empty);
  mls_diag_dispose(diag);
  return status;
}

int cmd_inspect(int argc, char **argv)
{
  inspect_opts o;
  tf_opts to = TF_OPTS_INIT;
  tf_source src;
  tf_loader *ld = NULL;
  char *abs_path = NULL, *abs_root = NULL, *rel = NULL;
  struct stat st;
  const char *file_name = NULL;
  bool help = false;
  int rc, status = MLS_EXIT_USAGE;

  memset(&o, 0, sizeof(o));
  o.bench = -1;
  rc = parse_args(&o, argc, argv, &help);
  if (help) {
    fputs(usage_text, stdout);
    opts_dispose(&o);
    return MLS_EXIT_OK;
  }
  if (rc < 0) {
    if (rc == MLS_ENOMEM) {
      fputs("mlsweep inspect: out of memory\n", stderr);
    }
    goto done;
  }
  if (o.env_vars && collect_tfvars(&o) < 0) {
    goto done;
  }
  if (stat(o.path, &st) != 0) {
    fprintf(stderr, "mlsweep inspect: %s: no such file or directory\n", o.path);
    goto done;
  }
  if (!(abs_path = canonical(o.path))) {
    fprintf(stderr, "mlsweep inspect: %s: cannot resolve the path\n", o.path);
    goto done;
  }
  if (!S_ISDIR(st.st_mode)) {
    char *slash = strrchr(abs_path, '/');
    if (slash && slash != abs_path) {
      *slash = '\0';
      file_name = slash + 1;
    }
  }
  abs_root = o.root ? canonical(o.root) : find_root(abs_path);
  if (!abs_root) {
    fprintf(stderr, "mlsweep inspect: %s: cannot resolve the root\n",
            o.root ? o.root : o.path);
    goto done;
  }
  {
    size_t rl = strlen(abs_root);
    if (strcmp(abs_root, "/") == 0) {
      rl = 0;
    }
    if (strncmp(abs_path, abs_root, rl) != 0 ||
        (abs_path[rl] != '\0' && abs_path[rl] != '/')) {
      fprintf(stderr, "mlsweep inspect: %s is not inside the root %s\n", o.path,
              abs_root);
      goto done;
    }
    rel = abs_path + rl + (abs_path[rl] == '/' ? 1 : 0);
  }
  if (file_name && o.bench < 0 && !o.roots) {
    /* A file that is a CloudFormation template is inspected as one; any
     * other file stands for its Terraform module directory. */
    char name[MLS_MAX_PATH_BYTES + 1];
    bool handled;
    int n = snprintf(name, sizeof(name), "%s%s%s", rel, rel[0] ? "/" : "",
                     file_name);
    if (n > 0 && (size_t)n < sizeof(name)) {
      status = inspect_cfn(&o, name, &handled);
      if (handled) {
        goto done;
      }
      status = MLS_EXIT_USAGE;
    }
  }
  to.env = o.env;
  to.manifest = true; /* a directory on disk: read what terraform init put */
  to.cli_vars = o.cli;
  to.ncli_vars = o.ncli;
  to.env_vars = o.tfvars;
  to.nenv_vars = o.ntfvars;
  tf_disk_source(&src, strcmp(abs_root, "/") == 0 ? "" : abs_root);
  if (tf_loader_new(&ld, &src) < 0) {
    fputs("mlsweep inspect: out of memory\n", stderr);
    goto done;
  }
  if (o.bench >= 0) {
    status = run_bench(ld, rel, o.roots, &to, o.bench);
  } else if (!o.roots) {
    status = inspect_one(ld, rel, &to, false);
  } else {
    mls_diag diag = MLS_DIAG_INIT;
    char **roots = NULL;
    size_t n = 0;
    status = MLS_EXIT_OK;
    if ((rc = tf_find_roots(&roots, &n, ld, rel, &diag)) < 0) {
      fprintf(stderr, "mlsweep inspect: %s: cannot search (%s)\n", o.path,
              mls_rc_name(rc));
      status = MLS_EXIT_USAGE;
    }
    for (size_t i = 0; i < diag.n; i++) {
      cmd_eprint("mlsweep inspect: %s\n", diag.v[i].message);
    }
    mls_diag_dispose(&diag);
    for (size_t i = 0; i < n; i++) {
      int s = inspect_one(ld, roots[i], &to, true);
      if (s != MLS_EXIT_OK) {
        status = s;
      }
    }
    tf_roots_free(roots, n);
  }
done:
  tf_loader_free(ld);
  mls_free(abs_path);
  mls_free(abs_root);
  opts_dispose(&o);
  if (fflush(stdout) != 0) {
    status = MLS_EXIT_USAGE;
  }
  return status;
}
