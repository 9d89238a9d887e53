/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_eval.h -- Terraform evaluation: a module directory (and the
 * local modules it calls) into the resource model of core/model/model.h.
 *
 * Stage: module job. A module is a directory: its .tf and .tf.json files
 * form one module, override files merged into the declarations they name.
 * This step reads and parses them; evaluation (variables, expressions,
 * count/for_each, module calls) builds on it. See docs/tf-eval.md.
 *
 * Files are read through a tf_source: a directory on disk today
 * (tf_disk_source), a git tree once core/git plugs in. Nothing is read
 * outside the source's root. A tf_loader parses each directory once and
 * keeps the trees. One loader belongs to one job; nothing here is shared
 * between threads.
 */
#ifndef MLS_EVAL_TF_EVAL_H
#define MLS_EVAL_TF_EVAL_H

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Called by tf_source.list for each entry of a directory: `name` is one
 * path segment (no '/'), `is_dir` says whether it is a directory. Return
 * MLS_OK to go on, or a negative mls_rc to stop the listing with it. */
typedef int (*tf_list_cb)(void *cb_payload, const char *name, bool is_dir);

/*
 * A read-only view of one repository's files. Paths are repository
 * relative, '/'-separated and normalized: "" is the root, and there is no
 * "." or ".." segment and no leading or trailing '/'. The evaluator never
 * hands a path that is not normalized, so a source need not check.
 */
typedef struct tf_source {
  /* Report the regular files and directories directly inside `dir`, in
   * any order. Symbolic links and special files are left out (a link could
   * lead outside the repository). MLS_EIO when `dir` cannot be listed. */
  int (*list)(void *payload, const char *dir, tf_list_cb cb, void *cb_payload);
  /* Read the regular file `path`: *out is owned by the caller (mls_free),
   * holds *len bytes and a NUL sentinel. MLS_EIO when it is missing or not
   * a regular file, MLS_ELIMIT past MLS_MAX_BLOB_BYTES, MLS_ENOMEM. */
  int (*read)(void *payload, const char *path, char **out, size_t *len);
  void *payload; /* passed to both */
} tf_source;

/* A source over the directory `root` on disk; `root` is borrowed and must
 * outlive the source. Symbolic links are never followed. */
void tf_disk_source(tf_source *out, const char *root);

typedef struct tf_loader tf_loader;

/* A loader over `src` (copied; its payload is borrowed). */
int tf_loader_new(tf_loader **out, const tf_source *src);
void tf_loader_free(tf_loader *ld); /* NULL-safe */

/*
 * The root modules below `dir` (DESIGN.md "Root modules"): every directory
 * holding .tf or .tf.json files that no other directory of the tree calls
 * with a local `source`. *out is an owned array of *n owned strings (free
 * with tf_roots_free), sorted in byte order. .git, .terraform and
 * node_modules directories are skipped.
 */
int tf_find_roots(char ***out, size_t *n, tf_loader *ld, const char *dir,
                  mls_diag *diag);
void tf_roots_free(char **roots, size_t n);

#endif
