/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/git_int.h -- what the files of core/git share: the repository
 * handle, the walker state and the libgit2 diagnostic helper.
 *
 * Internal to core/git (the only layer that includes <git2.h>); the layers
 * above see repo.h and walk.h. Functions shared between files of the
 * module and not part of its API carry a double underscore.
 */
#ifndef MLS_GIT_GIT_INT_H
#define MLS_GIT_GIT_INT_H

#include "core/git/odb.h"
#include "core/git/repo.h"
#include "core/git/walk.h"

#include "core/base/diag.h"
#include "core/base/limits.h"

#include "core/git/git2_dl.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

_Static_assert(sizeof(repo_oid) == GIT_OID_RAWSZ,
               "repo_oid must hold a libgit2 object id");

/* Trees kept by a handle for lookups by path, and the largest kept: the
 * root and a few directories below it, which is what fileset() and file()
 * walk through again and again. */
#define REPO_SIDE_TREES    8
#define REPO_SIDE_TREE_MAX ((size_t)1 << 20)

/* One open repository or directory, owned by the one worker that opened
 * it (libgit2 docs/threading.md: a git_repository is never shared). */

struct repo {
  git_repository *git; /* owned: NULL in worktree mode, and until the
                          native reader first declines (repo__git) */
  git_odb *odb;        /* owned: git's object database, for header reads;
                          NULL whenever git is */
  odb *nat;            /* owned, or NULL: the objects read without libgit2
                          (odb.h), when the repository was opened at a
                          given tree and its objects directory is plain */
  odb *side;           /* owned, or NULL: the reader repo__side_reader()
                          opened for a handle opened through libgit2 */
  bool side_tried;     /* repo__side_reader() tried to open it */
  struct {
    repo_oid id;            /* a tree the side reader read */
    unsigned char *data;    /* owned: its bytes, or NULL: an empty slot */
    size_t size;            /* their length */
  } trees[REPO_SIDE_TREES]; /* the last ones read, for lookups by path:
                               fileset() and file() start at the root */
  unsigned trees_next;      /* the slot replaced next (round robin) */
  bool verify;              /* hash what the native reader reads (not
                               --trust-mirrors) */
  repo_target_kind kind;    /* the target's kind, for repo__side_reader() */
  bool git_failed;          /* repo__git() failed once */
  int (*git_need)(void *, mls_diag *); /* repo_open_opts.git_need */
  void *git_need_payload;              /* its payload */
  int root_fd;              /* owned: the directory read in worktree mode (every
                               file is opened beneath it); -1 otherwise */
  bool worktree;            /* files on disk rather than Git objects */
  repo_oid commit;          /* the commit the ref resolved to (not worktree) */
  repo_oid tree;            /* that commit's root tree (not worktree) */
  bool by_tree;             /* opened at a given tree: no commit resolved */
  bool empty;               /* no commit at all (HEAD unborn, no reference): a
                               walk finds nothing */
  bool has_target;          /* the ref was a reference: target is set */
  repo_oid target;          /* the object it names, before peeling */
  char *path;               /* owned: the path the repository was opened from */
  char *root;               /* owned, or NULL: repo_target.root */
  const char *const *allow; /* borrowed: repo_open_opts.allow_git_dirs */
  size_t nallow;            /* how many */
};

/* Add an error entry for a failed libgit2 call: the formatted text, then
 * ": " and libgit2's message for this thread, copied now (it is
 * thread-local and the next call overwrites it) and then cleared. Returns
 * MLS_ENOMEM when libgit2 ran out of memory, else MLS_EGIT. error is the
 * libgit2 return code, named in the message when libgit2 left none. */
int mls_diag_git(mls_diag *d, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* mls_diag_git() for a failed libgit2 read of an object ("cannot read
 * tree"), unless the object is missing from a partial clone (its packs are
 * promisor packs): then a diagnostic that says so and how to sweep it. */
int repo__diag_git_read(repo *r, mls_diag *d, int error, const char *what);

void repo__oid_from_git(repo_oid *out, const git_oid *in);
void repo__oid_to_git(git_oid *out, const repo_oid *in);

/* The state of one walk (walk_repo or walk_subtree), on the heap: the
 * path buffer is MLS_MAX_PATH_BYTES. Owned by the worker running it. */
typedef struct walker {
  repo *r;               /* borrowed: the repository walked */
  const walk_opts *opts; /* borrowed: filters and on_dir; never NULL */
  walk_file_cb cb;       /* called per candidate */
  void *payload;         /* passed to cb and opts->on_dir */
  mls_diag *diag;        /* borrowed: the job's diagnostics */
  const repo_oid *cid;   /* the disk walk's content id for the entry it
                            emits next, or NULL (walk_entry.cid) */
  size_t len;            /* bytes of path in use */
  char path[MLS_MAX_PATH_BYTES + 1]; /* the current repository-relative
                                        path, NUL-terminated */
} walker;

/* What the walk does with a directory it meets. */
typedef enum walk__dir_verdict {
  WALK__DIR_ENTER = 0, /* walk into it */
  WALK__DIR_SKIP,      /* leave it out (too deep) */
  WALK__DIR_CLAIMED    /* on_dir took it as a subtree job */
} walk__dir_verdict;

/* Append "/name" (or "name" at the root) to w->path. MLS_ELIMIT with a
 * warning when the path would pass MLS_MAX_PATH_BYTES (w->len unchanged),
 * MLS_EINPUT with a warning for a name no Git tree may hold ("", ".",
 * "..", or one with '/' or NUL in it). */
int walk__push_name(walker *w, const char *name, size_t n);

/* A candidate over MLS_MAX_BLOB_BYTES is skipped with a diagnostic of
 * walk__big_sev(its kind), the message ending in walk__big_why(its kind):
 * a warning for a Terraform file or a .template; a note for a .json or
 * YAML file, which at that size is no CloudFormation template
 * (CloudFormation takes 1 MB at most) but a lockfile, a dataset or a
 * tokenizer's vocabulary, common in ML repositories, and a warning each
 * night would be noise. */
mls_severity walk__big_sev(walk_kind k);
const char *walk__big_why(walk_kind k);

/* Add a diagnostic stamped with w->path. Returns rc. */
int walk__diag(walker *w, int rc, mls_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Whether the directory (or gitlink) whose path is w->path is left out
 * silently: .git, .terraform, node_modules, or --exclude. */
bool walk__dir_skipped(walker *w);

/* Decide about entering the directory whose path is w->path (just pushed
 * and not skipped), at depth: the depth bound (a warning), then
 * opts->on_dir. *verdict receives the decision; a negative return is an
 * on_dir abort. */
int walk__dir_offer(walker *w, unsigned depth, const repo_oid *id,
                    walk__dir_verdict *verdict);

/* The candidate test for a file whose path is w->path: its kind when the
 * name is a candidate kept by --include/--exclude. */
bool walk__candidate(walker *w, const char *name, size_t n, walk_kind *kind);

/* Whether w->path is kept by --include/--exclude (used for notes about
 * symbolic links and gitlinks: noting an excluded path would be noise). */
bool walk__selected(walker *w);

/* Report a candidate: a warning when its size is known (has_size: on disk)
 * and passes MLS_MAX_BLOB_BYTES, else the callback. Returns the callback's
 * result. */
int walk__emit(walker *w, walk_kind kind, uint32_t mode, bool has_size,
               uint64_t size, const repo_oid *id);

/* The two sources. base_depth is the depth of the directory walked; w->path
 * holds its path. */
int walk__odb(walker *w, const repo_oid *tree, unsigned base_depth);
int walk__disk(walker *w, unsigned base_depth);

/* Open path (repository-relative, '/'-separated) beneath the directory
 * root_fd, one component at a time with O_NOFOLLOW, so neither a symbolic
 * link nor ".." leads out of it. flags are added for the last component.
 * Returns the descriptor, or -1 with errno set (ELOOP for a symbolic link,
 * EINVAL for a bad component). */
int repo__open_beneath(int root_fd, const char *path, int flags);

/* Open r's libgit2 handle if it is not open yet (the repository was
 * opened for the native reader, which declined an object): libgit2 is set
 * up first through repo_open_opts.git_need. MLS_OK, or an error entry in
 * diag (when given) and its code. */
int repo__git(repo *r, mls_diag *diag);

/* The git directory of bare repository or clone t whose objects and refs
 * are its own (no gitlink file, no commondir), or -1 (peek.c). */
int repo__open_gitdir(const repo_target *t);

/* Whether libgit2 may open the repository at path (kind bare or clone):
 * MLS_OK when everything it would follow -- a gitlink file, commondir,
 * alternates, config includes, symbolic links in the git directory --
 * stays below root (the target's directory, resolved; NULL: the
 * repository's own) or one of allow[nallow]; else a diagnostic saying what
 * leads where (core/git/confine.c). */
int repo__confine(const char *path, repo_target_kind kind, const char *root,
                  const char *const *allow, size_t nallow, mls_diag *diag);

/* The native reader every object is asked of first -- the walk's trees,
 * blobs, fileset()'s listings and file()'s paths: r->nat, else one opened
 * on first use beside libgit2's handle (a repository opened at its ref,
 * as a cold sweep opens it: libgit2 resolved the ref, and its reading
 * hashes with collision detection in C and keeps no object cache);
 * NULL in worktree mode or when the reader does not take the repository.
 * What it declines, libgit2 still reads. (repo.c) */
odb *repo__side_reader(repo *r);

/* Git's tree order of two entry names (git's base_name_compare()):
 * bytewise, a directory's name as if it ended in '/'. <0, 0 or >0.
 * (worktree.c) */
int repo__git_order(const char *a, size_t an, bool adir, const char *b,
                    size_t bn, bool bdir);

/* Tree id read by the native reader o, its bytes checked whole
 * (odb_tree_valid): MLS_OK with *raw (owned) and *rawlen; 1 when it is
 * libgit2's to read (o NULL, or declined); MLS_ENOMEM with a
 * diagnostic. (walk.c) */
int repo__tree_native(odb *o, const repo_oid *id, unsigned char **raw,
                      size_t *rawlen, mls_diag *diag);

/* The next entry of a tree being listed, read natively (raw, rawlen: the
 * tree's bytes, checked whole with odb_tree_valid(); *next an offset) or
 * by libgit2 (tree with count entries; *next an index): false after the
 * last. Entries as git_tree_entry_filemode() gives them. (walk.c) */
bool repo__tree_next(const unsigned char *raw, size_t rawlen, git_tree *tree,
                     size_t count, size_t *next, odb_tree_ent *e);

/* The file naming the object directories a repository borrows from, below
 * its git directory: libgit2's to follow (odb.c declines it), noted by a
 * peek (peek.c) and checked by confine.c. */
#define REPO_ALTERNATES_FILE "objects/info/alternates"

/* What reading one file beneath a directory found (repo__read_beneath). */
typedef enum repo_read_rc {
  REPO_READ_FOUND = 0, /* read */
  REPO_READ_ABSENT,    /* no such file: look elsewhere */
  REPO_READ_DIR,       /* a directory where the file would be */
  REPO_READ_UNSURE     /* present but not plainly a file we read: give up */
} repo_read_rc;

/* Read the regular file `name` beneath the directory gd (the git
 * directory, objects/, ...), at most max bytes and a NUL: into buf (max +
 * 1 bytes) when given, else into an owned allocation, *out. ABSENT when
 * there is no such file and DIR for a directory; UNSURE for a symbolic
 * link anywhere on the way, anything but a regular file, a file over max,
 * a read error, or no memory (*oom, when given, then set). (blob.c) */
repo_read_rc repo__read_beneath(int gd, const char *name, size_t max, char *buf,
                                char **out, size_t *len, bool *oom);
/* repo__read_beneath(), and what fstat says of the file it read into *st
 * (when FOUND; st may be NULL). (blob.c) */
repo_read_rc repo__read_beneath_st(int gd, const char *name, size_t max,
                                   char *buf, char **out, size_t *len,
                                   bool *oom, struct stat *st);

/* Signatures of files from lstat (repo_fsig), as the disk walk's content
 * ids and a peek's dependencies take them. A file changed at or after
 * repo__racy_after() -- now less REPO_RACY_NS: the granularity of file
 * timestamps (a clock tick locally, 2 s on FAT) and a file server's
 * clock skew -- could change again within the same tick unseen, as Git's
 * index calls racy: its signature vouches for nothing. (peek.c) */
#define REPO_RACY_NS ((int64_t)2000000000)
void repo__fsig_of(repo_fsig *out, const struct stat *st);
/* now - REPO_RACY_NS; on a clock error, the earliest time (all racy). */
int64_t repo__racy_after(void);
bool repo__fsig_racy(const repo_fsig *s, int64_t racy_after);

/* Load a file of the work tree (worktree mode) into out. */
int repo__file_load(mls_blob *out, repo *r, const walk_entry *e,
                    mls_diag *diag);

#endif
