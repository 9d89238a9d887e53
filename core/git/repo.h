/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/repo.h -- targets, repositories, refs and blobs.
 *
 * Stage: targets -> repo job (DESIGN.md "Targets", "Units of work"). This
 * layer is the only code that includes <git2.h>; nothing in this header
 * needs it, so the layers above see opaque handles and our own object id.
 *
 * Process-wide: repo_global_init() once, before any worker starts, and
 * repo_global_shutdown() after the last one ends. Everything else is per
 * job: a `repo` is opened by one worker for one repository and is never
 * shared (libgit2 docs/threading.md). Every failure that concerns the
 * repository or one of its files is a diagnostic in the caller's mls_diag
 * (libgit2's thread-local message is copied at once); none ends the
 * process. Trusts nothing in a repository: object sizes, paths, modes and
 * refs are checked against core/base/limits.h. docs/git.md describes the
 * rules for targets, walks and skipped files.
 */
#ifndef MLS_GIT_REPO_H
#define MLS_GIT_REPO_H

#include "core/base/blob.h"
#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------- */
/* Process-wide set-up.                                                     */

typedef struct repo_global_opts {
  bool trust_mirrors; /* --trust-mirrors: do not re-hash objects on read */
} repo_global_opts;

#define REPO_GLOBAL_OPTS_INIT                                                  \
  {                                                                            \
    false                                                                      \
  }

/* Initialise libgit2 for a sweep: pack files open at once bounded by
 * MLS_GIT_MAX_OPEN_PACKS, no object cache, the system, global, XDG and
 * ProgramData configuration search paths emptied (a sweep must not read
 * the user's git configuration), and strict hash
 * verification on unless opts->trust_mirrors. opts may be NULL (defaults).
 * Call from one thread before any worker starts; calls nest, each needs a
 * repo_global_shutdown(). MLS_EGIT with a diagnostic on failure. */
int repo_global_init(const repo_global_opts *opts, mls_diag *diag);
/* Undo one repo_global_init(); the last one releases libgit2. */
void repo_global_shutdown(void);

/* ---------------------------------------------------------------------- */
/* Object ids.                                                              */

#define REPO_OID_RAWSZ 20 /* SHA-1; libgit2 1.5 reads no other kind */
#define REPO_OID_HEXSZ 40

typedef struct repo_oid {
  unsigned char id[REPO_OID_RAWSZ]; /* raw bytes, as Git stores them */
} repo_oid;

/* Lower-case hex of id, NUL-terminated. */
void repo_oid_fmt(char out[REPO_OID_HEXSZ + 1], const repo_oid *id);
bool repo_oid_equal(const repo_oid *a, const repo_oid *b);

/* ---------------------------------------------------------------------- */
/* Targets (docs/git.md "Targets").                                         */

typedef enum repo_target_kind {
  REPO_TARGET_BARE = 0, /* a bare repository: read at a ref */
  REPO_TARGET_CLONE,    /* a working clone (has .git): read at a ref, or
                           its files on disk with --worktree */
  REPO_TARGET_DIR,      /* a plain directory: its files on disk */
  REPO_TARGET_ORG       /* a directory of repositories; repo_targets_add()
                           expands it into its members, never stores it */
} repo_target_kind;

/* Static name of a kind: "bare", "clone", "directory" or "org". */
const char *repo_target_kind_name(repo_target_kind k);

/* What lstat says of a file, as a peek's dependency: equal again only if
 * it is the same file, unchanged. */
typedef struct repo_fsig {
  uint64_t ino, dev, size;
  int64_t mtime_ns, ctime_ns;
  uint32_t mode;
} repo_fsig;

typedef struct repo_target {
  repo_target_kind kind; /* bare, clone or directory; never org */
  char *path;            /* owned: the filesystem path to open */
  char *name;            /* owned: display name: the path relative to its
                            org directory, or the path as given */
  char *only;            /* owned, or NULL: a single file named as the
                            target (a directory target of its directory,
                            kind REPO_TARGET_DIR): its name in path; the
                            walk reads that file alone */
  char *scope;           /* owned, or NULL: for a plain directory inside a
                            clone's work tree (kind REPO_TARGET_DIR), path
                            is the work tree's top and scope the directory
                            below it ('/'-separated, no trailing slash):
                            only scope is walked, while paths are the
                            work tree's and module sources resolve
                            anywhere in it (docs/git.md "A directory inside
                            a clone") */
  char *root;            /* owned, or NULL: the directory given as the
                            target this one came from (an org directory,
                            or the repository's own), resolved: libgit2
                            may read nothing outside it (repo__confine) */
  bool has_head_sig;     /* head_sig holds: a bare repository an org search
                            found, which lstat'ed its HEAD then */
  repo_fsig head_sig;    /* that HEAD's: repo_peek_deps_hold() compares it
                            rather than stat HEAD again (one system call
                            of a warm sweep's seven per repository) */
} repo_target;

typedef struct repo_targets {
  repo_target *v; /* owned: n targets, in the order added */
  size_t n;       /* targets held */
  size_t cap;     /* slots allocated */
} repo_targets;

#define REPO_TARGETS_INIT                                                      \
  {                                                                            \
    NULL, 0, 0                                                                 \
  }

/* Classify the directory at path: a clone when it holds `.git` (a
 * directory or a gitlink file), else bare when libgit2 opens it as a
 * repository, else an org when a repository lies anywhere below it, else a
 * plain directory. The search below stops at every repository (it never
 * reads .git internals or a repository's work tree), skips .terraform and
 * node_modules, follows no symbolic link below path and stops past
 * MLS_MAX_TREE_DEPTH. MLS_EIO (with a diagnostic) when path is not a
 * directory or cannot be read. */
int repo_classify(repo_target_kind *out, const char *path, mls_diag *diag);

/* Classify path and append what it stands for: one target, or for an org
 * every repository below it sorted by name in byte order (a name is the
 * '/'-separated path below the org directory). *kind_out (may be NULL)
 * receives the classification. An unreadable directory below an org is a
 * warning and the search goes on. MLS_EIO when path itself is unusable,
 * MLS_ELIMIT for a path past MLS_MAX_PATH_BYTES, MLS_ENOMEM. On failure the
 * targets added so far stay. */
int repo_targets_add(repo_targets *ts, const char *path,
                     repo_target_kind *kind_out, mls_diag *diag);

/* Read a targets file (--targets-file): one path per line; blank lines and
 * lines whose first non-blank byte is '#' are skipped; leading and
 * trailing blanks and a CR before the newline are trimmed; a relative path
 * is taken from the current directory, as on the command line. Each path
 * is added with repo_targets_add(). A bad line is a diagnostic naming its
 * line number and the file goes on; MLS_EIO when the file cannot be read,
 * MLS_ENOMEM. Returns the first error after reading every line. */
int repo_targets_read_file(repo_targets *ts, const char *file, mls_diag *diag);

void repo_targets_dispose(repo_targets *ts);

/* ---------------------------------------------------------------------- */
/* One repository, opened by one worker.                                    */

typedef struct repo repo; /* opaque; see core/git/git_int.h */

typedef struct repo_open_opts {
  const char *ref;      /* borrowed: --ref: a branch, tag, commit id or any Git
                           revision; NULL for HEAD. Unused with worktree */
  bool worktree;        /* --worktree: read a clone's files on disk, uncommitted
                           changes included, instead of its object database */
  const repo_oid *tree; /* borrowed, or NULL: read this root tree (one an
                           earlier open resolved) and resolve no ref; the
                           handle then has no commit id nor ref target.
                           Its objects are read without libgit2 where they
                           can be (core/git/odb.h), libgit2 being opened
                           only for one they cannot */
  bool trust_mirrors;   /* --trust-mirrors: the native reader does not hash
                           what it reads (libgit2 is told by
                           repo_global_init()) */
  /* Called before libgit2 is first used by this handle, to set it up
   * (MLS_OK) or say why not (an error in diag); NULL: it is set up. */
  int (*git_need)(void *payload, mls_diag *diag);
  void *git_need_payload;
  bool libgit2_only; /* every object read by libgit2, none natively: the
                        reference the tests hold the native reader to */
  /* --allow-git-dir, resolved (borrowed): directories besides the
   * target's that a repository's alternates, gitlink, commondir, includes
   * and links may lead libgit2 into. */
  const char *const *allow_git_dirs;
  size_t nallow_git_dirs;
} repo_open_opts;

#define REPO_OPEN_OPTS_INIT                                                    \
  {                                                                            \
    NULL, false, NULL, false, NULL, NULL, false, NULL, 0                       \
  }

/* Open target t for one job. A bare repository, or a clone without
 * opts->worktree, is opened with GIT_REPOSITORY_OPEN_NO_SEARCH (a path
 * inside a repository is not a repository) and the ref is resolved to a
 * commit and its root tree. A plain directory, or a clone with worktree,
 * is read from disk beneath its directory. A corrupt repository, a missing
 * or unborn ref, or a bare repository with worktree: MLS_EGIT (or MLS_EIO
 * for an unreadable directory) with a diagnostic and *out untouched. */
int repo_open(repo **out, const repo_target *t, const repo_open_opts *opts,
              mls_diag *diag);
void repo_free(repo *r); /* NULL-safe */

/* Whether r reads files on disk (plain directory, --worktree) rather than
 * Git objects. Walk entries then carry no blob id. */
bool repo_is_worktree(const repo *r);
/* borrowed (valid until repo_free): the commit and root tree the ref
 * resolved to; NULL in worktree mode (and the commit when opened at a tree).
 * The tree id is the repository-level cache key of DESIGN.md "Cache". */
const repo_oid *repo_commit_id(const repo *r);
const repo_oid *repo_tree_id(const repo *r);
/* borrowed (valid until repo_free): the path r was opened from. */
const char *repo_path(const repo *r);

/* Resolve spec (NULL: HEAD) in r's object database to a commit and its
 * root tree, without changing what r walks. MLS_EGIT with a diagnostic for
 * an unknown, unborn or non-commit revision; MLS_ERROR in worktree mode. */
int repo_resolve(repo_oid *commit_out, repo_oid *tree_out, repo *r,
                 const char *spec, mls_diag *diag);

/* The object a reference names (before peeling: a commit, or an annotated
 * tag), as repo_resolve() found it; NULL when the revision was not a
 * reference name (a commit id, HEAD~2 resolved by libgit2) or in worktree
 * mode. */
const repo_oid *repo_ref_target(const repo *r);

/* Whether r has opened libgit2's handle: always, but for one opened at a
 * given tree whose objects the native reader has read so far. */
bool repo_uses_libgit2(const repo *r);

/* ---------------------------------------------------------------------- */
/* Refs read without opening the repository.                               */

#define REPO_REFNAME_MAX 1024

typedef struct repo_peeked {
  repo_oid target;             /* the object the ref names, unpeeled */
  char name[REPO_REFNAME_MAX]; /* the reference it resolved through:
                                  "refs/heads/main", or "HEAD" detached */
} repo_peeked;

/* What `ref` (NULL: HEAD) of the bare repository or clone t points to,
 * read from its ref files (HEAD, loose refs, packed-refs) as libgit2's
 * git_reference_dwim() finds it, without libgit2 and without reading an
 * object; a full commit id, or a name or id with ancestry steps (HEAD~1,
 * main^2), reads the commits it names or steps through, and out->name is
 * empty (no reference names that commit). MLS_OK with *out filled; MLS_ERROR
 * when it cannot say for sure -- a plain directory, a gitlink .git file, a
 * linked worktree, a symbolic link on the way, a revision that is neither a
 * plain reference name nor one with ancestry steps, a ref file or packed-refs
 * of another shape, a missing or dangling ref, a step the commits do not allow
 * or an object the native reader declines -- and the caller opens the
 * repository instead, which decides and reports. Reads only below the git
 * directory; no diagnostics. */
int repo_peek(repo_peeked *out, const repo_target *t, const char *ref);
/* Whether `ref` (NULL: HEAD) is a name repo_peek() may resolve: false for
 * a revision it never reads (an abbreviated id, main^{tree}, a name with other
 * bytes), which libgit2 resolves in every repository. Reads nothing. */
bool repo_peek_may_read(const char *ref);
/* Whether the bare repository or clone t has no commit at all -- HEAD
 * names a branch not born yet and there is no reference, loose or packed
 * -- read from its files without libgit2: 1 when it has none (repo_open()
 * at the default ref would sweep it empty), 0 when it has a reference,
 * MLS_ERROR when it cannot say for sure (a linked worktree, a symbolic
 * link on the way, a detached or odd HEAD, a directory where the branch
 * would be, an error or a bound) and the caller opens the repository.
 * Reads only below the git directory; no diagnostics. */
int repo_peek_empty(const repo_target *t);
/* The note of a repository swept empty (repo_open(), or a caller that
 * found it empty with repo_peek_empty()). */
#define REPO_EMPTY_NOTE "the repository has no commit yet: nothing to sweep"
/* What repo_describe() would give as *uri (remote.origin.url from the
 * repository's own config file), read without libgit2. MLS_OK with *uri
 * owned (mls_free), or NULL when there is no such URL (or it is empty);
 * MLS_ERROR when the file has anything read otherwise than plainly
 * (includes, quotes, escapes, continuations, inline comments, the key
 * set twice, legacy "[remote.origin]" headers, non-ASCII): the caller then
 * asks libgit2. MLS_ENOMEM. */
int repo_peek_origin(char **uri, const repo_target *t);
/* The root tree of the commit `id` in the object database of the bare
 * repository or clone t, read without libgit2: a loose object, or a whole
 * commit (not a delta) in a pack with a version-2 index. With `verify`
 * the object's bytes must hash to id, as libgit2's strict verification
 * requires. MLS_OK with *tree; MLS_ERROR when it cannot say for sure -- no
 * such object here (an alternate store, a multi-pack index alone), a tag,
 * a delta, a corrupt or odd file, a symbolic link on the way, no memory --
 * and the caller opens the repository, which decides and reports. Reads
 * only below the git directory; no diagnostics. */
int repo_peek_tree(repo_oid *tree, const repo_target *t, const repo_oid *id,
                   bool verify);
#define REPO_PEEK_DEPS_MAX     10
#define REPO_PEEK_DEP_NAME_MAX 200

/* The files below the git directory a peek's answer came from, each with
 * its signature or its absence: while every one is as it was, the answer
 * is (repo_peek_deps_hold). */
typedef struct repo_peek_deps {
  bool ok;  /* recorded whole: none changed in the last two seconds (as
               Git's index calls racy), none odd, no more than fit */
  size_t n; /* entries of v */
  struct {
    char name[REPO_PEEK_DEP_NAME_MAX + 1]; /* relative to the git dir */
    bool found;                            /* a file; else absent */
    repo_fsig sig;                         /* when found */
  } v[REPO_PEEK_DEPS_MAX];
} repo_peek_deps;

/* repo_peek(), repo_peek_tree() and repo_peek_origin() in one opening of
 * t's git directory: the ref into *out; unless it names `known`, the root
 * tree of that commit into *tree (left alone when it is `known`); with
 * `uri` non-NULL, the origin URL into *uri. With `deps` non-NULL, the
 * files the ref and the origin came from (deps->ok false when they cannot
 * vouch for them; the commit needs none: its id names it). MLS_OK when
 * every part was read; otherwise MLS_ERROR or MLS_ENOMEM, *out cleared
 * and *uri NULL, and the caller opens the repository. */
int repo_peek_all(repo_peeked *out, repo_oid *tree, char **uri,
                  const repo_target *t, const char *ref, const repo_oid *known,
                  bool verify, repo_peek_deps *deps);
/* Whether the directories t's objects/info/alternates names (and theirs)
 * all lie below t->root (else t's own directory) or one of allow[nallow]
 * (--allow-git-dir): what a sweep asks before it serves a peeked
 * repository from the cache, whose objects it then does not read. True at
 * once when `deps` (what repo_peek_all() recorded; may be NULL) noted the
 * file absent; false when it cannot be read or checked. */
bool repo_alternates_confined(const repo_target *t, const repo_peek_deps *deps,
                              const char *const *allow, size_t nallow);

/* Whether every file of deps (recorded by repo_peek_all() for t) is as it
 * was: one lstat each, nothing read. False when deps is not ok. */
bool repo_peek_deps_hold(const repo_target *t, const repo_peek_deps *deps);

/* Copy blob id of r's object database into out, with a NUL sentinel
 * (CONVENTIONS sections 4 and 7). A missing or corrupt object (strict
 * verification catches a wrong hash) or a non-blob: MLS_EGIT with a
 * diagnostic; larger than MLS_MAX_BLOB_BYTES: MLS_ELIMIT with a warning;
 * MLS_ENOMEM. On failure *out is left empty. */
int repo_blob_load(mls_blob *out, repo *r, const repo_oid *id, mls_diag *diag);

/* What SARIF's versionControlProvenance names: *uri the repository's
 * remote.origin.url from its own configuration (credentials are the
 * writer's to strip), *branch the full name of the branch `ref` (NULL:
 * HEAD) names, "refs/heads/main"; either is NULL when unknown (no remote,
 * a detached HEAD, a tag, a commit id, worktree mode). Both owned
 * (mls_free). MLS_OK, or MLS_ENOMEM. */
int repo_describe(repo *r, const char *ref, char **uri, char **branch);

/* Copy the regular file at path (repository-relative, normalized) into
 * out: from the root tree repo_open() resolved, or beneath the directory in
 * worktree mode. For reads that are not walk candidates (Terraform's
 * file() and templatefile()). A path that does not exist: MLS_EIO and no
 * diagnostic (what that means is the caller's to say: Terraform's file()
 * warns where it is called, fileexists() answers false); a symbolic link,
 * a gitlink or a directory: MLS_EIO with a diagnostic; otherwise as
 * repo_blob_load(). */
int repo_read_path(mls_blob *out, repo *r, const char *path, mls_diag *diag);

/* What repo_list_tree() reports for one entry. */
typedef enum repo_list_kind {
  REPO_LIST_FILE = 0, /* a regular file (Git modes 100644 and 100755) */
  REPO_LIST_DIR,      /* a directory (a tree) */
  REPO_LIST_OTHER     /* an entry that is not listed further although a
                         checkout may hold files there or through it: a
                         symbolic link, a submodule (a gitlink, or on disk a
                         directory holding .git), an unknown mode, a
                         directory nested past MLS_MAX_TREE_DEPTH */
} repo_list_kind;

/* Called by repo_list_tree() for each entry: `path` relative to the
 * directory listed, '/'-separated, `len` bytes and a NUL, valid until the
 * callback returns. A negative return stops the listing with it. */
typedef int (*repo_list_cb)(void *payload, const char *path, size_t len,
                            repo_list_kind kind);

/* Every entry below the directory `dir` (repository-relative, normalized,
 * "" for the root) of the tree repo_open() resolved, or beneath the
 * directory in worktree mode, at most max_depth levels down (1: dir's own
 * entries): regular files, directories (entered while above max_depth)
 * and the entries it does not follow (REPO_LIST_OTHER). For Terraform's
 * fileset(), which needs every file, not only the walk's candidates. As
 * the walk, .git is left out everywhere and nothing leads outside the
 * repository: no symbolic link is followed, and on disk every directory
 * is opened beneath its parent with O_NOFOLLOW; FIFOs, sockets and devices
 * on disk are left out (they are not regular files). Trees are read
 * natively where the reader takes them (odb.h), else by libgit2. Order:
 * as stored or as the directory reads, no promise.
 *
 * MLS_OK. Answers, without a diagnostic: MLS_EIO when dir does not exist
 * or is not a directory (nothing is there); MLS_EINPUT when dir cannot be
 * reached without following a symbolic link or entering a submodule or
 * .git (something may be there). Failures, with a diagnostic: MLS_ELIMIT
 * for a path past MLS_MAX_PATH_BYTES; MLS_EINPUT for a tree entry no
 * checkout could hold ("", ".", "..", a '/'); MLS_EGIT for a tree that
 * cannot be read; MLS_ERROR for a directory on disk that cannot be read
 * (never MLS_EIO, which means "no such directory"); MLS_ENOMEM. A
 * negative return of cb stops the listing and is returned. */
int repo_list_tree(repo *r, const char *dir, unsigned max_depth,
                   repo_list_cb cb, void *payload, mls_diag *diag);

#endif
