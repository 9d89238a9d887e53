/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/walk.h -- the IaC candidates of one repository, and their bytes.
 *
 * Stage: repo job -> file jobs (DESIGN.md "Units of work"). A walk visits
 * a repository's tree at the resolved ref (or, in worktree mode, its files
 * on disk) with an explicit stack, in Git's tree order (which is byte order
 * of the full paths), and calls back once per IaC candidate with its
 * repository-relative path, blob id and mode (and, on disk, its size).
 * Both sources give the same entries for the same content, so callers do
 * not care where bytes come from; walk_load() fetches them either way.
 *
 * The object-database walk reads trees only, no blob or blob header: on a
 * re-sweep most candidates are never read (their results come from the
 * cache by tree or blob id), and a header read per candidate was most of
 * the walk's cost. So a blob's size, and whether its object is there at
 * all, is checked when it is loaded: walk_load_ex() reports an entry that
 * fails those checks as `skipped`, with the diagnostic the walk itself
 * used to give, and callers drop it as the walk used to.
 *
 * Candidates by name: *.tf, *.tf.json, *.tfvars, *.tfvars.json (Terraform)
 * and *.yaml, *.yml, *.json, *.template (CloudFormation candidates; the CFN
 * detector decides later). Skipped: .terraform/ and node_modules/ at any
 * depth, .git, and whatever --include/--exclude leave out. Reported and not
 * followed: gitlinks (submodules), symbolic links, nested repositories in
 * a work tree. Skipped with a warning: files over MLS_MAX_BLOB_BYTES (on
 * disk here; blobs when loaded), paths over MLS_MAX_PATH_BYTES, trees deeper
 * than MLS_MAX_TREE_DEPTH, unreadable trees or objects (the walk goes on with
 * their siblings). docs/git.md has the precise rules and the glob semantics.
 *
 * A large tree can be split: opts.on_dir sees every directory before the
 * walk enters it and may claim it (WALK_SPLIT); walk_subtree() later walks
 * a claimed directory as its own job, with the same filters and bounds.
 */
#ifndef MLS_GIT_WALK_H
#define MLS_GIT_WALK_H

#include "core/git/repo.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum walk_kind {
  WALK_TF = 0,      /* *.tf, *.tofu: Terraform native syntax */
  WALK_TF_JSON,     /* *.tf.json, *.tofu.json: Terraform JSON syntax */
  WALK_TFVARS,      /* *.tfvars: variable values, native syntax */
  WALK_TFVARS_JSON, /* *.tfvars.json: variable values, JSON syntax */
  WALK_YAML,        /* *.yaml, *.yml: CloudFormation candidate */
  WALK_JSON,        /* any other *.json: CloudFormation candidate */
  WALK_TEMPLATE     /* *.template: CloudFormation candidate, YAML or JSON */
} walk_kind;

/* The kind of a file named name (its last path component), or false when
 * it is not a candidate. Terraform suffixes are matched as Terraform does
 * (case-sensitive); the CloudFormation ones ignoring ASCII case. */
bool walk_kind_of(walk_kind *out, const char *name, size_t len);
/* Whether k is one of the four Terraform kinds. */
bool walk_kind_is_terraform(walk_kind k);
/* Static name: "tf", "tf.json", "tfvars", "tfvars.json", "yaml", "json",
 * "template". */
const char *walk_kind_name(walk_kind k);

typedef struct walk_entry {
  const char *path; /* borrowed: repository-relative, '/'-separated,
                       NUL-terminated; valid until the callback returns */
  size_t path_len;  /* bytes of path */
  walk_kind kind;   /* which candidate it is, from its name */
  uint32_t mode;    /* Git file mode: 0100644, or 0100755 if executable */
  bool has_size;    /* size is known: true on disk (from the directory
                       entry), false for a blob (its header is read only
                       when it is loaded: walk_load_ex()) */
  uint64_t size;    /* bytes, at most MLS_MAX_BLOB_BYTES, when has_size;
                       else 0 */
  bool has_id;      /* id is its blob id (object database); false on disk */
  repo_oid id;      /* blob id when has_id, else all zero */
  bool has_cid;     /* on disk, with on_dir_done set: cid is the file's
                       content id, from what lstat says of it (none when
                       it changed too recently to trust: see on_dir_done) */
  repo_oid cid;     /* content id when has_cid, else all zero */
} walk_entry;

typedef struct walk_dir {
  const char *path; /* borrowed: repository-relative path, "" for the root;
                       valid until the callback returns (copy to keep) */
  size_t path_len;  /* bytes of path */
  unsigned depth;   /* path components: 0 for the root */
  bool has_id;      /* id is its tree id (object database) */
  repo_oid id;      /* tree id when has_id, else all zero */
} walk_dir;

/* Called once per candidate. A negative return stops the walk and is
 * returned from it; anything else goes on. */
typedef int (*walk_file_cb)(const walk_entry *e, void *payload);

/* Called before the walk enters a directory: WALK_DESCEND (0) to enter it,
 * WALK_SPLIT to leave it to a later walk_subtree() job, WALK_SKIP when the
 * caller has its entries from elsewhere, negative to stop
 * the walk with that code. Directories the walk skips anyway (.terraform,
 * excluded ones) are not offered. */
typedef int (*walk_dir_cb)(const walk_dir *d, void *payload);

#define WALK_DESCEND 0
#define WALK_SPLIT   1
/* The caller has this directory's entries already (from a listing of the
 * same tree id, core/engine/listing.h): not entered. */
#define WALK_SKIP 2

typedef struct walk_opts {
  const char *const *include; /* borrowed: --include globs; a candidate must
                                 match one when ninclude > 0 */
  size_t ninclude;            /* entries of include */
  const char *const *exclude; /* borrowed: --exclude globs; a candidate or
                                 directory matching one is skipped */
  size_t nexclude;            /* entries of exclude */
  walk_dir_cb on_dir;         /* optional: see walk_dir_cb */
  const char *only;           /* borrowed, or NULL: the one root-level file
                                 to walk (a file named as the target); no
                                 directory is entered */
  walk_dir_cb on_dir_done;    /* optional, files on disk only (and not with
                                 `only`): called once a directory's entries
                                 were all walked, with has_id set and id
                                 its content id, which stands in for a tree
                                 id (core/git/worktree.c says what it
                                 covers); and with has_id false for a
                                 directory left out on purpose (.terraform,
                                 node_modules, --exclude, a nested
                                 repository, too deep), whose content no id
                                 covers. Not called for a directory whose
                                 id cannot be known: an entry changed too
                                 recently to trust its timestamps, one that
                                 could not be read or vanished, or such a
                                 directory below it. Its return: negative
                                 stops the walk with that code. */
} walk_opts;

#define WALK_OPTS_INIT                                                         \
  {                                                                            \
    NULL, 0, NULL, 0, NULL, NULL, NULL                                         \
  }

/* Whether path (repository-relative) is selected by one glob, as
 * --include/--exclude use it: fnmatch(3) with FNM_PATHNAME, against the
 * whole path or any directory prefix of it; a glob without '/' is matched
 * against each path component instead. docs/git.md has examples. */
bool walk_glob_match(const char *glob, const char *path);
/* Whether any of the n globs (NULL entries skipped) selects path. */
bool walk_glob_match_any(const char *const *globs, size_t n, const char *path);
/* Whether the walk leaves out every directory of this name, at any depth:
 * .git, .terraform and node_modules. */
bool walk_dir_name_skipped(const char *name);

/* Walk the whole of r: the root tree repo_open() resolved, or the
 * directory in worktree mode. opts may be NULL. Calls cb (and opts->on_dir)
 * with payload. Skipped and noted entries go to diag, each stamped with
 * its path. MLS_OK when the walk finished, even with skipped entries;
 * MLS_EGIT or MLS_EIO (with a diagnostic) when the root cannot be read;
 * MLS_ENOMEM; or a callback's negative return. */
int walk_repo(repo *r, const walk_opts *opts, walk_file_cb cb, void *payload,
              mls_diag *diag);

/* Walk one directory of r, as offered to on_dir (its path, depth and, for
 * the object database, tree id), with the same rules as walk_repo(): a
 * subtree job. The walk_dir may be a copy; its path must not end in '/'. */
int walk_subtree(repo *r, const walk_dir *dir, const walk_opts *opts,
                 walk_file_cb cb, void *payload, mls_diag *diag);

/* walk_repo(), or when scope is not NULL (repo_target.scope: a directory
 * inside a clone) walk_subtree() of the directory scope, without a tree
 * id: for a repository read from disk. */
int walk_scoped(repo *r, const char *scope, const walk_opts *opts,
                walk_file_cb cb, void *payload, mls_diag *diag);

/* Load the bytes of e into out with a NUL sentinel: repo_blob_load() for a
 * blob, or the file beneath the work tree (no symbolic link followed, size
 * re-checked) on disk. A Git LFS pointer file (it starts with "version
 * https://git-lfs.github.com/spec/v1") is not content: MLS_EINPUT with a
 * note, *out empty. Other failures as repo_blob_load(); MLS_EIO for a file
 * that cannot be read. Diagnostics are stamped with e->path. */
int walk_load(mls_blob *out, repo *r, const walk_entry *e, mls_diag *diag);

/* What walk_load_ex() learned about an entry besides its bytes. */
typedef struct walk_loaded {
  bool skipped;  /* the entry fails the checks a walk that read headers
                    made: its object is missing or unreadable, is not a
                    blob, or is over MLS_MAX_BLOB_BYTES. The diagnostic is
                    the one that walk gave ("cannot read blob: ...", "tree
                    entry names a tree, not a blob; skipped", "file of N
                    bytes skipped (limit L bytes)"); a caller treats the
                    entry as one the walk left out */
  bool has_size; /* size is known: the header was read, or the entry had
                    one (on disk), also when loading failed later */
  uint64_t size; /* bytes, when has_size */
} walk_loaded;

/* walk_load(), also telling what it learned in *info (may be NULL, which
 * is walk_load()). */
int walk_load_ex(mls_blob *out, repo *r, const walk_entry *e, mls_diag *diag,
                 walk_loaded *info);

#endif
