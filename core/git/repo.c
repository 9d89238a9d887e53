/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/repo.c -- open one repository (or directory) for one job and
 * resolve its ref to a commit and root tree.
 *
 * Stage: repo job. The handle belongs to the worker that opened it and is
 * never shared. Trusts nothing in the repository: a corrupt repository, an
 * unknown ref or one that names no commit is a diagnostic and an error
 * code, never a crash, and *out stays untouched.
 */
#define _POSIX_C_SOURCE 200809L /* openat, O_CLOEXEC, O_DIRECTORY */

#include "core/git/repo.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/git_int.h"

#include "core/git/git2_dl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int repo_resolve(repo_oid *commit_out, repo_oid *tree_out, repo *r,
                 const char *spec, mls_diag *diag)
{
  git_object *obj = NULL, *commit = NULL;
  const char *what = spec ? spec : "HEAD";
  int error;

  MLS_ASSERT_ARG(r && commit_out && tree_out);
  if (r->worktree) {
    return mls_diag_add(diag, MLS_ERROR, NULL,
                        "cannot resolve '%s' in a directory read from disk",
                        what);
  }
  /* A reference name (HEAD, a branch, a tag) is looked up and peeled
   * directly: libgit2 1.5's revparse leaks the reference when it names a
   * missing object (a ref pointing nowhere is a case hostile mirrors
   * have). Anything else goes to revparse, which takes what git rev-parse
   * takes: a commit id, HEAD~2. An unborn HEAD fails here too. */
  {
    git_reference *ref = NULL;
    if (git_reference_dwim(&ref, r->git, what) == 0) {
      /* dwim resolves symbolic refs: ref is direct, its target the
       * object repo_peek() reads from the ref files. */
      const git_oid *t = git_reference_target(ref);
      r->has_target = t != NULL;
      if (t) {
        repo__oid_from_git(&r->target, t);
      }
      error = git_reference_peel(&obj, ref, GIT_OBJECT_ANY);
      git_reference_free(ref);
    } else {
      git_error_clear();
      error = git_revparse_single(&obj, r->git, what);
    }
  }
  if (error < 0) {
    error = mls_diag_git(diag, error, "cannot resolve '%s'", what);
    goto done;
  }
  if ((error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) < 0) {
    error = mls_diag_git(diag, error, "'%s' does not name a commit", what);
    goto done;
  }
  repo__oid_from_git(commit_out, git_object_id(commit));
  repo__oid_from_git(tree_out, git_commit_tree_id((git_commit *)commit));
  error = MLS_OK;

done:
  git_object_free(commit);
  git_object_free(obj);
  return error;
}

/* Whether r has no commit to sweep: HEAD names a branch not born yet and
 * no reference exists at all (a repository just created, or a mirror of
 * one nobody pushed to). A HEAD naming a missing branch beside other
 * references is not empty: that is a mirror to look at. */
static bool is_empty(repo *r)
{
  git_reference_iterator *it = NULL;
  const char *name = NULL;
  bool none = false;

  if (git_repository_head_unborn(r->git) != 1) {
    git_error_clear();
    return false;
  }
  if (git_reference_iterator_new(&it, r->git) == 0) {
    none = git_reference_next_name(&name, it) == GIT_ITEROVER;
  }
  git_reference_iterator_free(it);
  git_error_clear();
  return none;
}

/* libgit2's handle on r->path and its object database. */
static int open_git(repo *r, mls_diag *diag)
{
  int error;

  if (r->git_need && (error = r->git_need(r->git_need_payload, diag)) < 0) {
    return error;
  }
  /* libgit2 follows what the repository names, wherever it leads: not
   * outside the directory swept. */
  if ((error = repo__confine(r->path, r->kind, r->root, r->allow, r->nallow,
                             diag)) < 0) {
    return error;
  }
  /* NO_SEARCH: the path must itself be the repository (or its work tree);
   * walking up to a parent repository would scan the wrong thing. */
  if ((error = git_repository_open_ext(
           &r->git, r->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) < 0) {
    const git_error *e = git_error_last();
    r->git = NULL;
    /* extensions.objectFormat = sha256 (git init --object-format): say
     * what it means and what still works. */
    if (e && e->message && strstr(e->message, "objectformat")) {
      return mls_diag_git(diag, error,
                          "cannot open repository '%s' (its objects are "
                          "named by SHA-256, which libgit2 cannot read; a "
                          "clone's files can be swept with --worktree)",
                          r->path);
    }
    return mls_diag_git(diag, error, "cannot open repository '%s'", r->path);
  }
  if ((error = git_repository_odb(&r->odb, r->git)) < 0) {
    r->odb = NULL;
    return mls_diag_git(diag, error, "cannot open the object database of '%s'",
                        r->path);
  }
  return MLS_OK;
}

int repo__git(repo *r, mls_diag *diag)
{
  mls_diag scratch = MLS_DIAG_INIT;
  int rc;

  if (r->odb) {
    return MLS_OK;
  }
  if (r->git || r->git_failed) {
    /* It did not open before: not tried again for every object; each
     * caller still gets its diagnostic. */
    rc = mls_diag_add(diag ? diag : &scratch, MLS_EGIT, NULL,
                      "cannot open repository '%s' with libgit2", r->path);
    mls_diag_dispose(&scratch);
    return rc;
  }
  rc = open_git(r, diag ? diag : &scratch);
  r->git_failed = rc < 0;
  mls_diag_dispose(&scratch);
  return rc;
}

/* The objects of the repository at t, read without libgit2 (odb.h),
 * into *out: false (and *out NULL) when its git directory is not one the
 * reader takes. */
static bool open_native(odb **out, const repo_target *t, bool verify)
{
  int gd = repo__open_gitdir(t);
  bool ok;

  *out = NULL;
  if (gd < 0) {
    return false;
  }
  ok = odb_open(out, gd, verify) == MLS_OK;
  close(gd);
  return ok;
}

odb *repo__side_reader(repo *r)
{
  repo_target t;

  if (r->nat || r->worktree || r->side_tried) {
    return r->nat ? r->nat : r->side;
  }
  r->side_tried = true;
  memset(&t, 0, sizeof(t));
  t.kind = r->kind;
  t.path = r->path;
  (void)open_native(&r->side, &t, r->verify);
  return r->side;
}

/* Open the repository at path from its object database. */
static int open_odb(repo *r, const repo_target *t, const repo_open_opts *opts,
                    mls_diag *diag)
{
  int error;

  r->git_need = opts->git_need;
  r->git_need_payload = opts->git_need_payload;
  r->side_tried = opts->libgit2_only; /* no side reader, then */
  if (opts->tree) {
    r->tree = *opts->tree;
    r->by_tree = true;
    if (!opts->libgit2_only && open_native(&r->nat, t, r->verify)) {
      return MLS_OK; /* libgit2 waits for an object the reader declines */
    }
  }
  if ((error = open_git(r, diag)) < 0) {
    return error;
  }
  if (opts->tree) {
    return MLS_OK;
  }
  /* Nothing committed yet: swept, with nothing in it (the default ref
   * only: a ref the user names must exist). */
  if ((!opts->ref || strcmp(opts->ref, "HEAD") == 0) && is_empty(r)) {
    r->empty = true;
    mls_diag_note(diag, MLS_OK, MLS_SEV_NOTE, NULL, "%s", REPO_EMPTY_NOTE);
    return MLS_OK;
  }
  return repo_resolve(&r->commit, &r->tree, r, opts->ref, diag);
}

/* Open the directory at path for reading files beneath it. */
static int open_disk(repo *r, const repo_target *t, mls_diag *diag)
{
  /* The target itself may be a symbolic link the user named; everything
   * below it is opened with O_NOFOLLOW (repo__open_beneath). */
  r->root_fd = open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (r->root_fd < 0) {
    return mls_diag_add(diag, MLS_EIO, NULL, "cannot open directory '%s': %s",
                        t->path,
                        errno == ENOENT    ? "no such directory"
                        : errno == ENOTDIR ? "not a directory"
                        : errno == EACCES  ? "permission denied"
                                           : "cannot be read");
  }
  r->worktree = true;
  return MLS_OK;
}

int repo_open(repo **out, const repo_target *t, const repo_open_opts *opts,
              mls_diag *diag)
{
  static const repo_open_opts defaults = REPO_OPEN_OPTS_INIT;
  repo *r = NULL;
  int rc;

  MLS_ASSERT_ARG(out && t && t->path);
  if (!opts) {
    opts = &defaults;
  }
  if (t->kind == REPO_TARGET_ORG) {
    return mls_diag_add(diag, MLS_ERROR, NULL,
                        "'%s' holds repositories; open each of them", t->path);
  }
  if (t->kind == REPO_TARGET_BARE && opts->worktree) {
    return mls_diag_add(diag, MLS_EGIT, NULL,
                        "'%s' is a bare repository: it has no files on disk "
                        "for --worktree",
                        t->path);
  }
  if (!(r = mls_calloc(1, sizeof(*r)))) {
    return MLS_ENOMEM;
  }
  r->root_fd = -1;
  r->kind = t->kind;
  r->verify = !opts->trust_mirrors;
  r->allow = opts->allow_git_dirs;
  r->nallow = opts->nallow_git_dirs;
  if (!(r->path = mls_strndup(t->path, strlen(t->path))) ||
      (t->root && !(r->root = mls_strndup(t->root, strlen(t->root))))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  if (t->kind == REPO_TARGET_DIR || opts->worktree) {
    rc = open_disk(r, t, diag);
  } else {
    rc = open_odb(r, t, opts, diag);
  }
  if (rc == MLS_OK) {
    *out = r;
    r = NULL;
  }

done:
  repo_free(r);
  return rc;
}

void repo_free(repo *r)
{
  if (!r) {
    return;
  }
  /* A directory read from disk holds no libgit2 object, and libgit2 may
   * not be loaded at all (git2_dl.c: its functions are NULL until then):
   * no call into it. */
  odb_free(r->nat);
  odb_free(r->side);
  for (size_t i = 0; i < REPO_SIDE_TREES; i++) {
    mls_free(r->trees[i].data);
  }
  if (r->odb) {
    git_odb_free(r->odb);
  }
  if (r->git) {
    git_repository_free(r->git);
  }
  if (r->root_fd >= 0) {
    close(r->root_fd);
  }
  mls_free(r->path);
  mls_free(r->root);
  mls_free(r);
}

bool repo_uses_libgit2(const repo *r)
{
  return r->git != NULL;
}

bool repo_is_worktree(const repo *r)
{
  return r->worktree;
}

const repo_oid *repo_commit_id(const repo *r)
{
  return r->worktree || r->by_tree || r->empty ? NULL : &r->commit;
}

const repo_oid *repo_ref_target(const repo *r)
{
  return r->worktree || !r->has_target ? NULL : &r->target;
}

const repo_oid *repo_tree_id(const repo *r)
{
  return r->worktree || r->empty ? NULL : &r->tree;
}

const char *repo_path(const repo *r)
{
  return r->path;
}

int repo_describe(repo *r, const char *ref, char **uri, char **branch)
{
  git_config *cfg = NULL;
  git_reference *head = NULL;
  const char *s = NULL;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(r && uri && branch);
  *uri = NULL;
  *branch = NULL;
  if (r->worktree || !r->git) {
    return MLS_OK;
  }
  /* The repository's own configuration only: repo_global_init() emptied
   * the system, global and XDG search paths. */
  if (git_repository_config_snapshot(&cfg, r->git) == 0 &&
      git_config_get_string(&s, cfg, "remote.origin.url") == 0 && s && *s &&
      !(*uri = mls_strndup(s, strlen(s)))) {
    rc = MLS_ENOMEM;
  }
  git_config_free(cfg);
  git_error_clear();
  if (rc == MLS_OK) {
    int e = ref ? git_reference_dwim(&head, r->git, ref)
                : git_repository_head(&head, r->git);
    if (e == 0 && git_reference_is_branch(head)) {
      const char *name = git_reference_name(head);
      if (!(*branch = mls_strndup(name, strlen(name)))) {
        rc = MLS_ENOMEM;
      }
    }
    git_reference_free(head);
    git_error_clear();
  }
  if (rc < 0) {
    mls_free(*uri);
    *uri = NULL;
  }
  return rc;
}
