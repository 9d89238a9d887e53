/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_eval.h -- Terraform evaluation: a module directory (and the
 * local modules it calls) into the resource model of core/model/model.h.
 *
 * Stage: module job. A module is a directory: its .tf and .tf.json files
 * form one module (override files merged), its variables come from
 * defaults, variable files and the options below, and every expression is
 * evaluated statically the way Terraform would at plan time. What Terraform
 * itself would know only at apply time (resource attributes that are not
 * configured, data source results, variables without a value, a remote
 * module's outputs) is an unknown value, never a guess. See
 * docs/tf-eval.md.
 *
 * Files are read through a tf_source: a directory on disk today
 * (tf_disk_source), a git tree once core/git plugs in. Nothing is read
 * outside the source's root. A tf_loader parses each directory once and
 * keeps the trees; models borrow strings from them, so free every model of
 * a loader before the loader. One loader and its models belong to one job;
 * nothing here is shared between threads but a tf_share (tf_share.h), which
 * lends loaders the files other loaders read and parsed.
 */
#ifndef MLS_EVAL_TF_EVAL_H
#define MLS_EVAL_TF_EVAL_H

#include "core/base/diag.h"
#include "core/model/model.h"

#include <stdbool.h>
#include <stddef.h>

/* Called by tf_source.list for each entry of a directory: `name` is one
 * path segment (no '/'), `is_dir` says whether it is a directory. Return
 * MLS_OK to go on, or a negative mls_rc to stop the listing with it. */
typedef int (*tf_list_cb)(void *cb_payload, const char *name, bool is_dir);

/* What tf_source.list_tree reports for one entry. */
typedef enum tf_entry_kind {
  TF_ENTRY_FILE = 0, /* a regular file */
  TF_ENTRY_DIR,      /* a directory */
  TF_ENTRY_OTHER     /* an entry the source does not follow although
                        Terraform, reading a checkout, might find files
                        there or through it: a symbolic link, a submodule,
                        a directory it cannot read or past its depth bound */
} tf_entry_kind;

/* Called by tf_source.list_tree for each entry below the directory listed:
 * `path` relative to it, '/'-separated. Return MLS_OK to go on, or a
 * negative mls_rc to stop the listing with it. */
typedef int (*tf_tree_cb)(void *cb_payload, const char *path,
                          tf_entry_kind kind);

/* A file's content name: equal names mean equal bytes (a git blob id). */
#define TF_CONTENT_ID_MAX 32
typedef struct tf_content_id {
  unsigned char b[TF_CONTENT_ID_MAX];
  size_t len; /* bytes of b in use: 1 to TF_CONTENT_ID_MAX */
} tf_content_id;

/*
 * A read-only view of one repository's files. Paths are repository
 * relative, '/'-separated and normalized: "" is the root, and there is no
 * "." or ".." segment and no leading or trailing '/'. The evaluator never
 * hands a path that is not normalized, so a source need not check.
 *
 * A source is a struct of function pointers: set every member (memset the
 * struct first), a member added later is then NULL.
 */
typedef struct tf_source {
  /* Report the regular files and directories directly inside `dir`, in
   * any order. Symbolic links and special files are left out (a link could
   * lead outside the repository). MLS_EIO when `dir` cannot be listed. */
  int (*list)(void *payload, const char *dir, tf_list_cb cb, void *cb_payload);
  /* Read the regular file `path`: *out is owned by the caller (mls_free),
   * holds *len bytes and a NUL sentinel. MLS_EIO when it is missing or not
   * a regular file, MLS_ELIMIT past MLS_MAX_BLOB_BYTES, MLS_ENOMEM;
   * MLS_EINPUT when it is there but not content (a Git LFS pointer) and
   * the source has said so in its own diagnostics. */
  int (*read)(void *payload, const char *path, char **out, size_t *len);
  void *payload; /* passed to every member */
  /* For fileset(), optional (NULL: fileset() is unknown). Report every
   * entry below `dir` at most max_depth levels down (1: dir's own
   * entries; directories above max_depth are entered), in any order:
   * every file of the repository, not only the IaC candidates. .git is
   * left out; symbolic links are reported as TF_ENTRY_OTHER, never
   * followed. MLS_EIO when `dir` does not exist or is not a directory
   * (fileset() then gives an empty set, as Terraform does); MLS_EINPUT
   * when it cannot be reached without following a symbolic link or
   * entering a submodule; any other failure (fileset() is then unknown),
   * or the callback's negative return. */
  int (*list_tree)(void *payload, const char *dir, unsigned max_depth,
                   tf_tree_cb cb, void *cb_payload);
  /* Optional (NULL: none). The content id of the regular file `path`:
   * MLS_OK, or MLS_EIO when the source names none (the loader then reads
   * it). Two files with one id must hold the same bytes: a loader given a
   * tf_share (tf_share.h) takes the bytes and the tree another loader read
   * for that id instead of calling read. */
  int (*content_id)(void *payload, const char *path, tf_content_id *out);
} tf_source;

/* A source over the directory `root` on disk; `root` is borrowed and must
 * outlive the source. Symbolic links are never followed. */
void tf_disk_source(tf_source *out, const char *root);

/* One variable assignment from the command line, in the order given
 * (Terraform: a later -var or -var-file wins over an earlier one). */
typedef struct tf_cli_var {
  const char *file; /* a --var-file's name for diagnostics, or NULL: --var */
  const char *data; /* the file's bytes (len), or "NAME=VALUE" (NUL-ended) */
  size_t len;       /* bytes in data */
} tf_cli_var;

typedef struct tf_opts {
  /* --env NAME: selects env/NAME.tfvars, environments/NAME/ *.tfvars and
   * NAME.tfvars beside the root module, and terraform.workspace = NAME.
   * NULL: no environment, terraform.workspace is unknown. */
  const char *env;
  const tf_cli_var *cli_vars; /* borrowed: --var-file and --var, in order */
  size_t ncli_vars;
  /* --env-vars: "TF_VAR_name=value" strings (an environ subset), or none.
   * They rank below every variable file, as in Terraform. */
  const char *const *env_vars;
  size_t nenv_vars;
  /* The files read are one file named as the target (repo_target.only):
   * a local module it calls is not read, and the diagnostic says so
   * rather than that its directory holds nothing. */
  bool one_file;
  /* Out, when not NULL: set true when the evaluation read a file
   * (file(), templatefile(), fileexists(), ...) or listed a directory
   * (fileset()) outside the root module's directory and the directories
   * of the modules it instantiated. What it computed then depends on more
   * than those directories' contents, which is what a cache keys a root
   * module's results by. Never set false here. */
  bool *reads_outside;
  /* When not NULL: the resource types (sorted, strcmp) whose attributes
   * the caller will read, nbody_types of them. A resource of another type
   * is in the model with its address, instances, range and deployment,
   * and no body (NULL): its attributes are evaluated only when something
   * evaluated refers to them, and its diagnostics and unknown values are
   * those of that much. NULL: every body, as `mlsweep inspect` shows. */
  const char *const *body_types;
  size_t nbody_types;
  /* Read the root's .terraform/modules/modules.json, where `terraform
   * init` put its remote modules, and evaluate those from there. A caller
   * sets it when the root has a .terraform directory (a work tree after
   * init); the lookup is not free, and a mirror never holds one. */
  bool manifest;
} tf_opts;

#define TF_OPTS_INIT                                                           \
  {                                                                            \
    NULL, NULL, 0, NULL, 0, false, NULL, NULL, 0, false                        \
  }

typedef struct tf_loader tf_loader;

/* A loader over `src` (copied; its payload is borrowed). */
int tf_loader_new(tf_loader **out, const tf_source *src);
void tf_loader_free(tf_loader *ld); /* NULL-safe */

/* The bytes of file `path` as the loader read them (NUL after *len
 * bytes), so a caller that needs a model file's text (suppression
 * comments, snippets) does not read it again: MLS_OK, or MLS_EIO when
 * the loader did not read that file. Valid until tf_loader_free(). */
int tf_loader_file_text(const tf_loader *ld, const char *path,
                        const char **data, size_t *len);

/*
 * Evaluate the module in directory `dir` as a root module: variables from
 * `opts` and the variable files beside it, every local module it calls
 * evaluated inside it with the arguments passed.
 *
 * Returns MLS_OK with *out set (owned; free it before the loader), also
 * when parts of the module failed to parse or to evaluate: those failures
 * are diagnostics in `diag` and unknown values in the model. Returns
 * MLS_ELIMIT (a bound of core/base/limits.h: arena, instances, evaluation
 * steps) or MLS_ENOMEM with *out NULL and a diagnostic; MLS_EINPUT when
 * `dir` holds no Terraform file.
 */
int tf_eval_root(mls_model **out, tf_loader *ld, const char *dir,
                 const tf_opts *opts, mls_diag *diag);

/*
 * The root modules below `dir` (DESIGN.md "Root modules"): every directory
 * holding .tf or .tf.json files that no other directory of the tree calls
 * with a local `source`, and one directory of each cycle of calls that no
 * such root reaches (tf_mark_roots()). *out is an owned array of *n owned
 * strings (free with tf_roots_free), sorted in byte order. .git, .terraform and
 * node_modules directories are skipped.
 */
int tf_find_roots(char ***out, size_t *n, tf_loader *ld, const char *dir,
                  mls_diag *diag);
void tf_roots_free(char **roots, size_t n);

/*
 * The local module calls of the module in `dir`: the literal `source` of
 * each module block that starts with "./" or "../", as written, sorted in
 * byte order (duplicates kept). tf_find_roots() is built on it; the sweep
 * engine calls it per directory so it can cache a directory's calls by its
 * content and parse only directories that changed. Free with
 * tf_roots_free(). MLS_ENOMEM; a directory that does not parse has the
 * calls that parsed (its errors are the evaluator's to report).
 */
int tf_dir_calls(char ***out, size_t *n, tf_loader *ld, const char *dir);

/* One local module call between two directories of a tree, by their
 * indices in the caller's array of module directories. */
typedef struct tf_call_edge {
  size_t from; /* the calling directory */
  size_t to;   /* the called directory */
} tf_call_edge;

/*
 * Which of `ndirs` module directories are root modules, given the local
 * calls between them (edges from a directory to itself are ignored).
 * is_root[i] is set for every directory nothing calls and, so that no
 * module goes unchecked, for the first directory in index order of each
 * group that only the group itself reaches (modules calling each other
 * with no root above them): evaluating it reports the cycle and checks the
 * resources. tf_find_roots() and the sweep engine both decide with it.
 * MLS_ENOMEM, else MLS_OK.
 */
int tf_mark_roots(bool *is_root, size_t ndirs, const tf_call_edge *edges,
                  size_t nedges);

/* Join a normalized repository-relative directory and a relative path
 * ("../modules/x") into out (cap bytes with the NUL), normalized as
 * tf_source paths are. 0, or -1 when the result leaves the root, rel is
 * absolute or the result does not fit. */
int tf_path_join(char *out, size_t cap, const char *dir, const char *rel);

#endif
