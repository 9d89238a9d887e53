/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_int.h -- internals shared by the Terraform evaluator's files
 * (tf_source.c, tf_load.c). Not part of the API: see tf_eval.h.
 *
 * tf_loader holds the parsed files and module tables of one repository;
 * read-only once a module is loaded. Single-threaded: one job owns it.
 */
#ifndef MLS_EVAL_TF_INT_H
#define MLS_EVAL_TF_INT_H

#include "core/eval/tf_eval.h"

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "parsers/hcl/hcl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TF_NO_FILE UINT32_MAX /* a tf_file id for text with no file */

/* ---- loader ------------------------------------------------------------ */

typedef enum tf_fkind {
  TF_F_CONFIG = 0, /* .tf / .tf.json of a module */
  TF_F_VARS,       /* .tfvars / .tfvars.json, or a --var-file */
  TF_F_TEXT        /* read by file()/templatefile(): not parsed */
} tf_fkind;

/* One file the loader read. */
typedef struct tf_file {
  char *path;       /* loader arena: repository-relative (or as given) */
  char *data;       /* owned (mls_malloc): len bytes and a NUL */
  size_t len;       /* bytes in data */
  hcl_file *hcl;    /* owned: the tree, or NULL (TEXT, unreadable) */
  mls_diag diag;    /* owned: what reading and parsing reported */
  uint32_t id;      /* index in tf_loader.files */
  tf_fkind kind;    /* how it was parsed */
  bool is_override; /* CONFIG: *_override.tf or override.tf(.json) */
  int rc;           /* MLS_OK, or why it could not be read */
} tf_file;

/* An attribute or a nested block together with the file it came from
 * (after override merging one body mixes files). */
typedef struct tf_aref {
  const hcl_attr *attr; /* borrowed: a tf_file's tree */
  uint32_t file;        /* tf_file id */
} tf_aref;

typedef struct tf_bref {
  const hcl_block *block; /* borrowed: a tf_file's tree */
  uint32_t file;          /* tf_file id */
} tf_bref;

/* A top-level block's body after override files were merged into it. */
typedef struct tf_mbody {
  tf_aref *attrs; /* loader arena */
  uint32_t nattrs;
  tf_bref *blocks; /* loader arena */
  uint32_t nblocks;
} tf_mbody;

typedef enum tf_dkind {
  TF_D_VAR = 0, /* variable "name" */
  TF_D_LOCAL,   /* one attribute of a locals block */
  TF_D_OUTPUT,  /* output "name" */
  TF_D_RES,     /* resource "type" "name" and data "type" "name" */
  TF_D_CALL,    /* module "name" */
  TF_D_NKINDS
} tf_dkind;

/* One declaration of a module. */
typedef struct tf_decl {
  tf_dkind kind;          /* which table it is in */
  bool data;              /* TF_D_RES: a data source */
  mls_span type;          /* TF_D_RES: the type label */
  mls_span name;          /* the name label, or the local's name */
  const hcl_block *block; /* borrowed: the declaring block (NULL: local) */
  const hcl_attr *local;  /* borrowed: TF_D_LOCAL: the attribute */
  uint32_t file;          /* tf_file id of block or local */
  tf_mbody body;          /* block's body with overrides (not for locals) */
} tf_decl;

/* One directory's module. */
typedef struct tf_module {
  char *dir;       /* loader arena: repository-relative, "" = root */
  uint32_t *files; /* loader arena: tf_file ids in byte order */
  uint32_t nfiles; /* config files (primaries and overrides) */
  tf_decl *decls[TF_D_NKINDS]; /* loader arena: by kind, in source order */
  uint32_t ndecls[TF_D_NKINDS];
  uint32_t *hash; /* loader arena: (kind << 28 | index), UINT32_MAX free */
  uint32_t hcap;  /* slots in hash, a power of two */
  mls_diag diag;  /* owned: duplicates, overrides without a base, ... */
  int rc;         /* MLS_OK, MLS_EINPUT (no Terraform file), MLS_EIO ... */
} tf_module;

struct tf_loader {
  tf_source src;    /* copied; payload borrowed */
  mls_arena *arena; /* owned: paths, tables, merged bodies, parsed exprs */
  tf_file **files;  /* owned (mls_malloc): every file read */
  uint32_t nfiles;
  uint32_t capfiles;
  tf_module **mods; /* owned (mls_malloc): every directory loaded */
  uint32_t nmods;
  uint32_t capmods;
};

/* The module in `dir` (normalized), loaded on first use. NULL only when out
 * of memory; a directory that cannot be loaded gives a module whose rc
 * says why. */
tf_module *tf__module_load(tf_loader *ld, const char *dir);

/* A file read and parsed as `kind` on first use (TF_F_VARS: by name,
 * .tfvars.json in JSON syntax). NULL only when out of memory; a file that
 * cannot be read has rc < 0. */
tf_file *tf__file_load(tf_loader *ld, const char *path, tf_fkind kind);

/* Register bytes that do not come from the source (a --var-file) as a
 * parsed TF_F_VARS file; the bytes are copied. NULL when out of memory. */
tf_file *tf__file_add(tf_loader *ld, const char *name, const char *data,
                      size_t len);

/* Index of the declaration (kind, type, name) in mod->decls[kind], or -1.
 * `type` is ignored except for TF_D_RES, where `data` also must match. */
int tf__decl_find(const tf_module *mod, tf_dkind kind, bool data, mls_span type,
                  mls_span name);

/* Files of a directory, sorted in byte order: owned array of owned names. */
int tf__list_files(tf_loader *ld, const char *dir, char ***out, size_t *n,
                   bool want_dirs);
void tf__names_free(char **names, size_t n);

/* ---- paths (tf_source.c) ----------------------------------------------- */

/* Join `rel` (a relative path as written: "./x", "../y/z") to the
 * normalized directory `dir` and normalize the result into out (cap bytes
 * with the NUL). Returns 0, or -1 when the result leaves the root, rel is
 * absolute or the result does not fit. */
int tf__path_join(char *out, size_t cap, const char *dir, const char *rel);

/* The path of `to` relative to the directory `from` (both normalized), as
 * Terraform prints path.module: "." when equal, "modules/x", "../a". */
int tf__path_rel(char *out, size_t cap, const char *from, const char *to);

#endif
