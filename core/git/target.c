/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/target.c -- what a target path stands for: a bare repository, a
 * working clone, a plain directory, or a directory of repositories (an org
 * mirror), and the repositories below an org in byte order of name.
 *
 * Stage: targets (DESIGN.md "Targets"), before any repo job, on the main
 * thread; libgit2 need not be set up (a warm sweep may never set it up).
 * Trusts nothing below the target:
 * the search lstat()s every entry, follows no symbolic link, never reads
 * inside a repository (it stops at one: neither .git internals nor a
 * repository's work tree is searched), skips .terraform and node_modules,
 * and is bounded by MLS_MAX_TREE_DEPTH and MLS_MAX_PATH_BYTES. Only the
 * target path itself may be a symbolic link, since the user named it.
 */
#define _DEFAULT_SOURCE /* DT_DIR; lstat, fstatat, dirfd, realpath */

#include "core/git/repo.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/thread.h"
#include "core/git/git_int.h"

#include "core/git/git2_dl.h"
#include "core/git/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *repo_target_kind_name(repo_target_kind k)
{
  switch (k) {
  case REPO_TARGET_BARE:
    return "bare";
  case REPO_TARGET_CLONE:
    return "clone";
  case REPO_TARGET_DIR:
    return "directory";
  case REPO_TARGET_ORG:
    return "org";
  }
  return "?";
}

/* ---------------------------------------------------------------------- */
/* One directory.                                                           */

/* "dir/name" into out (MLS_MAX_PATH_BYTES + 1 bytes); false if too long. */
static bool join(char *out, const char *dir, const char *name)
{
  size_t dl = strlen(dir), nl = strlen(name);
  bool slash = dl > 0 && dir[dl - 1] != '/';
  if (dl + slash + nl > MLS_MAX_PATH_BYTES) {
    return false;
  }
  memcpy(out, dir, dl);
  if (slash) {
    out[dl] = '/';
  }
  memcpy(out + dl + slash, name, nl);
  out[dl + slash + nl] = '\0';
  return true;
}

/* What the directory `dir` is by itself: a clone, a bare repository, or
 * neither (REPO_TARGET_DIR). `rel` is dir's name beneath the directory
 * open as `at` (an org search's, so lookups do not walk the whole path
 * again), or dir itself with AT_FDCWD. */
/* Whether `rel` beneath `at` holds .git, a directory or a gitlink file
 * ("gitdir: ..."), as git's own discovery accepts both: a clone's top. */
static bool has_dot_git(int at, const char *rel)
{
  char p[MLS_MAX_PATH_BYTES + 1];
  struct stat st;
  return join(p, rel, ".git") &&
         fstatat(at, p, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
}

/* Whether `rel` beneath `at` has the shape of a git directory: HEAD and
 * objects/ (never symbolic links here). What lstat said of HEAD goes to
 * *head when head is not NULL. */
static bool git_dir_shape(int at, const char *rel, struct stat *head)
{
  char p[MLS_MAX_PATH_BYTES + 1];
  struct stat st, hs;
  if (!head) {
    head = &hs;
  }
  return join(p, rel, "HEAD") &&
         fstatat(at, p, head, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISREG(head->st_mode) && join(p, rel, "objects") &&
         fstatat(at, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

static bool has_git_dir_shape(int at, const char *rel)
{
  return git_dir_shape(at, rel, NULL);
}

/* The kind of directory `rel` beneath `at` (path `dir`). For a bare
 * repository, *head_ok is set and *head is what lstat said of its HEAD,
 * when those are not NULL. */
static repo_target_kind repo_kind_at(int at, const char *rel, const char *dir,
                                     repo_fsig *head, bool *head_ok)
{
  char p[MLS_MAX_PATH_BYTES + 1];
  struct stat st, hs;
  bool bare;

  if (head_ok) {
    *head_ok = false;
  }
  if (has_dot_git(at, rel)) {
    return REPO_TARGET_CLONE;
  }
  /* A bare repository has a git directory's shape and refs/, which is
   * what libgit2's open checks for a directory without a commondir file.
   * With one (a worktree's git directory), libgit2 decides: it reads the
   * file and looks in the directory it names. */
  if (!git_dir_shape(at, rel, &hs)) {
    return REPO_TARGET_DIR;
  }
  if (join(p, rel, "commondir") &&
      fstatat(at, p, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) {
    if (!join(p, rel, "refs") || fstatat(at, p, &st, 0) != 0 ||
        !S_ISDIR(st.st_mode)) {
      return REPO_TARGET_DIR;
    }
    if (head && head_ok) {
      repo__fsig_of(head, &hs);
      *head_ok = true;
    }
    return REPO_TARGET_BARE;
  }
  /* What libgit2 would read to decide must stay inside the directory (a
   * FIFO config would block the org search). If it does not, the
   * directory is taken as the repository it looks like, and opening it
   * says what leads where (repo__confine, with the target's bound). */
  {
    mls_diag scratch = MLS_DIAG_INIT;
    int rc = repo__confine(dir, REPO_TARGET_BARE, NULL, NULL, 0, &scratch);
    mls_diag_dispose(&scratch);
    if (rc < 0) {
      return REPO_TARGET_BARE;
    }
  }
  /* libgit2 is set up by whoever sweeps; this rare check may come before
   * that (an org is searched first), so it holds a reference of its own. */
  if (mls__git2_load() != NULL) {
    return REPO_TARGET_DIR; /* and the sweep reports libgit2 missing */
  }
  if (git_libgit2_init() < 0) {
    git_error_clear();
    return REPO_TARGET_DIR;
  }
  bare = git_repository_open_ext(NULL, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
                                 NULL) == 0;
  git_error_clear();
  git_libgit2_shutdown();
  return bare ? REPO_TARGET_BARE : REPO_TARGET_DIR;
}

static repo_target_kind repo_kind(const char *dir)
{
  return repo_kind_at(AT_FDCWD, dir, dir, NULL, NULL);
}

/* ---------------------------------------------------------------------- */
/* The search below an org directory.                                       */

/* A growable stack of owned strings (directories still to search). */
typedef struct strstack {
  char **v;   /* owned: n owned strings */
  size_t n;   /* strings held */
  size_t cap; /* slots allocated */
} strstack;

static int strstack_push(strstack *s, const char *str)
{
  if (s->n == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 16, bytes;
    char **nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(s->v, bytes))) {
      return MLS_ENOMEM;
    }
    s->v = nv;
    s->cap = ncap;
  }
  if (!(s->v[s->n] = mls_strndup(str, strlen(str)))) {
    return MLS_ENOMEM;
  }
  s->n++;
  return MLS_OK;
}

static void strstack_dispose(strstack *s)
{
  for (size_t i = 0; i < s->n; i++) {
    mls_free(s->v[i]);
  }
  mls_free(s->v);
  memset(s, 0, sizeof(*s));
}

/* Append a target (copies of path, name, and of only and scope when not
 * NULL). */
static int targets_push_scoped(repo_targets *ts, repo_target_kind kind,
                               const char *path, const char *name,
                               const char *only, const char *scope)
{
  repo_target *t;

  if (ts->n == ts->cap) {
    size_t ncap = ts->cap ? ts->cap * 2 : 8, bytes;
    repo_target *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(ts->v, bytes))) {
      return MLS_ENOMEM;
    }
    ts->v = nv;
    ts->cap = ncap;
  }
  t = &ts->v[ts->n];
  t->kind = kind;
  t->path = mls_strndup(path, strlen(path));
  t->name = mls_strndup(name, strlen(name));
  t->only = only ? mls_strndup(only, strlen(only)) : NULL;
  t->scope = scope ? mls_strndup(scope, strlen(scope)) : NULL;
  t->root = NULL; /* repo_targets_add() sets it */
  t->has_head_sig = false;
  memset(&t->head_sig, 0, sizeof(t->head_sig));
  if (!t->path || !t->name || (only && !t->only) || (scope && !t->scope)) {
    mls_free(t->path);
    mls_free(t->name);
    mls_free(t->only);
    mls_free(t->scope);
    return MLS_ENOMEM;
  }
  ts->n++;
  return MLS_OK;
}

static int targets_push_only(repo_targets *ts, repo_target_kind kind,
                             const char *path, const char *name,
                             const char *only)
{
  return targets_push_scoped(ts, kind, path, name, only, NULL);
}

static int targets_push(repo_targets *ts, repo_target_kind kind,
                        const char *path, const char *name)
{
  return targets_push_only(ts, kind, path, name, NULL);
}

static int enclosing_clone(const char *real, char **top, char **scope);

/* A target inside the clone at `top` is named by the clone's own name and
 * the path below it ("ml-infra/envs/prod"); false when that is too long. */
static bool scoped_name(char out[MLS_MAX_PATH_BYTES + 1], const char *top,
                        const char *below)
{
  const char *tb = strrchr(top, '/');
  return join(out, tb && tb[1] ? tb + 1 : top, below);
}

/* A regular file named as the target (the user's own path may be a
 * symbolic link): the directory it is in, resolved, read from disk with
 * the walk limited to that file. Named by the file's own name; below a
 * clone's top, by the clone's name and its path there. */
static int add_file(repo_targets *ts, const char *path, mls_diag *diag)
{
  char *real = realpath(path, NULL);
  const char *base;
  char dir[MLS_MAX_PATH_BYTES + 1];
  size_t dlen;
  int rc;

  if (!real) {
    return mls_diag_add(diag, MLS_EIO, NULL, "target '%s': cannot be read",
                        path);
  }
  base = strrchr(real, '/');
  base = base ? base + 1 : real;
  dlen = (size_t)(base - real);
  if (dlen > 1) {
    dlen--; /* the slash, unless it is the root's */
  }
  if (dlen == 0 || dlen > MLS_MAX_PATH_BYTES || !*base) {
    mls_free_foreign(real);
    return mls_diag_add(diag, MLS_EIO, NULL,
                        "target '%s' is not a directory or repository", path);
  }
  {
    walk_kind kind;
    if (!walk_kind_of(&kind, base, strlen(base))) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "target '%s' is neither a directory, a repository "
                        "nor a Terraform or CloudFormation file (.tf, "
                        ".tf.json, .tfvars, .tfvars.json, .yaml, .yml, "
                        ".json, .template)",
                        path);
      mls_free_foreign(real);
      return rc;
    }
  }
  memcpy(dir, real, dlen);
  dir[dlen] = '\0';
  {
    /* A file in a clone's work tree: its path is the clone's, as for a
     * directory inside one (repo_targets_add). */
    char *top = NULL, *scope = NULL;
    rc = repo_kind(dir) == REPO_TARGET_CLONE
             ? MLS_OK
             : enclosing_clone(dir, &top, &scope);
    if (rc == MLS_OK && top) {
      char only[MLS_MAX_PATH_BYTES + 1], name[MLS_MAX_PATH_BYTES + 1];
      rc =
          join(only, scope, base) && scoped_name(name, top, only)
              ? targets_push_scoped(ts, REPO_TARGET_DIR, top, name, only, scope)
              : targets_push_only(ts, REPO_TARGET_DIR, dir, base, base);
    } else if (rc == MLS_OK) {
      rc = targets_push_only(ts, REPO_TARGET_DIR, dir, base, base);
    }
    mls_free(top);
    mls_free(scope);
  }
  mls_free_foreign(real); /* from realpath(): libc's malloc */
  return rc;
}

static int cmp_target_name(const void *a, const void *b)
{
  /* strcmp compares as unsigned char: byte order, as LC_ALL=C sort. */
  return strcmp(((const repo_target *)a)->name, ((const repo_target *)b)->name);
}

/* One entry of a directory being searched. */
typedef struct kid {
  char *name;            /* owned */
  mode_t mode;           /* S_IFDIR, S_IFLNK, ...: from readdir or lstat */
  repo_target_kind kind; /* a directory's kind (REPO_TARGET_DIR if not) */
  bool head_ok;          /* a bare repository's HEAD, as lstat saw it */
  repo_fsig head;
} kid;

typedef struct kids {
  kid *v; /* owned: n entries, in readdir order */
  size_t n;
  size_t cap;
  bool iac; /* the directory holds a Terraform file or a .template */
} kids;

static void kids_clear(kids *k)
{
  for (size_t i = 0; i < k->n; i++) {
    mls_free(k->v[i].name);
  }
  k->n = 0;
}

static void kids_dispose(kids *k)
{
  kids_clear(k);
  mls_free(k->v);
  memset(k, 0, sizeof(*k));
}

/* Directories classified per thread: entries [first, end). */
typedef struct classify_job {
  kids *k;
  int fd;          /* the directory's */
  const char *dir; /* its path */
  size_t first, end;
} classify_job;

/* Entry e of directory dir (open as fd): its kind when it is a
 * directory. */
static void classify(kid *e, int fd, const char *dir)
{
  char child[MLS_MAX_PATH_BYTES + 1];
  e->kind = S_ISDIR(e->mode) && join(child, dir, e->name)
                ? repo_kind_at(fd, e->name, child, &e->head, &e->head_ok)
                : REPO_TARGET_DIR;
}

static void *classify_main(void *arg)
{
  classify_job *j = arg;
  for (size_t i = j->first; i < j->end; i++) {
    classify(&j->k->v[i], j->fd, j->dir);
  }
  return NULL;
}

/* Below this many entries one thread classifies them all. */
#define CLASSIFY_SPLIT 64

/* The entries of d (at path dir) worth a look -- directories and symbolic
 * links, without ".", "..", ".git", ".terraform" and node_modules -- each
 * directory classified. `first_only`: classify in order and stop at the
 * first repository (repo_classify needs no more). */
static int list_kids(kids *k, DIR *d, const char *dir, bool first_only)
{
  struct dirent *de;

  kids_clear(k);
  k->iac = false;
  while ((de = readdir(d)) != NULL) {
    const char *name = de->d_name;
    struct stat st;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
        walk_dir_name_skipped(name)) {
      continue;
    }
    /* The entry's type from readdir when the file system gives it. */
    if (de->d_type == DT_DIR) {
      st.st_mode = S_IFDIR;
    } else if (de->d_type == DT_REG) {
      st.st_mode = S_IFREG;
    } else if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      continue; /* removed since readdir */
    }
    if (S_ISREG(st.st_mode)) {
      /* Infrastructure files outside any repository (an org sweep reads
       * repositories only: search() says so). Not YAML or JSON: every
       * directory holds some. */
      walk_kind wk;
      k->iac = k->iac || (walk_kind_of(&wk, name, strlen(name)) &&
                          (walk_kind_is_terraform(wk) || wk == WALK_TEMPLATE));
      continue;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode)) {
      continue;
    }
    if (k->n == k->cap) {
      size_t ncap = k->cap ? k->cap * 2 : 32, bytes;
      kid *nv;
      if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
          !(nv = mls_realloc(k->v, bytes))) {
        return MLS_ENOMEM;
      }
      k->v = nv;
      k->cap = ncap;
    }
    if (!(k->v[k->n].name = mls_strndup(name, strlen(name)))) {
      return MLS_ENOMEM;
    }
    k->v[k->n].mode = st.st_mode;
    k->v[k->n].kind = REPO_TARGET_DIR;
    k->v[k->n].head_ok = false;
    k->n++;
  }
  if (first_only) {
    for (size_t i = 0; i < k->n; i++) {
      classify(&k->v[i], dirfd(d), dir);
      if (k->v[i].kind != REPO_TARGET_DIR) {
        break;
      }
    }
    return MLS_OK;
  }
  {
    classify_job mine = { k, dirfd(d), dir, 0, k->n }, other = mine;
    mls_thread t;
    bool two = k->n >= CLASSIFY_SPLIT;
    memset(&t, 0, sizeof(t)); /* set by mls_thread_create when two */
    if (two) {
      /* Halves, not alternate entries: each thread then walks its own
       * run of directories, and the two do not contend for neighbouring
       * entries of the directory cache. */
      mine.end = other.first = k->n / 2;
      two = mls_thread_create(&t, classify_main, &other) == MLS_OK;
      if (!two) {
        mine.end = k->n; /* no thread to spare: all here */
      }
    }
    classify_main(&mine);
    if (two) {
      mls_thread_join(t);
    }
  }
  return MLS_OK;
}

/* Directories of an org named in its notes about infrastructure files
 * outside any repository; the rest are counted. */
#define LOOSE_NOTES_MAX 20

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An org does not sweep files outside its repositories: say where there
 * are Terraform files or templates that are not swept (sorted, so the
 * notes do not depend on readdir order). */
static void note_loose(strstack *loose, mls_diag *diag)
{
  if (loose->n > 1) {
    qsort(loose->v, loose->n, sizeof(*loose->v), cmp_str);
  }
  for (size_t i = 0; i < loose->n && i < LOOSE_NOTES_MAX; i++) {
    mls_diag_note(diag, MLS_OK, MLS_SEV_NOTE, NULL,
                  "'%s' holds Terraform or CloudFormation files outside any "
                  "repository, which an org sweep does not read (name them "
                  "as targets to sweep them)",
                  loose->v[i]);
  }
  if (loose->n > LOOSE_NOTES_MAX) {
    mls_diag_note(diag, MLS_OK, MLS_SEV_NOTE, NULL,
                  "and %zu more directories with files outside any "
                  "repository",
                  loose->n - LOOSE_NOTES_MAX);
  }
}

/* Search below root for repositories. With ts, append each (name relative
 * to root) and return how many were found in *found; without, stop at the
 * first. Unreadable directories are warnings. */
static int search(repo_targets *ts, size_t *found, const char *path,
                  mls_diag *diag)
{
  strstack todo = { NULL, 0, 0 }, loose = { NULL, 0, 0 };
  kids kl = { NULL, 0, 0, false };
  char root[MLS_MAX_PATH_BYTES + 1], child[MLS_MAX_PATH_BYTES + 1];
  size_t n = strlen(path), off;
  int rc;

  /* Without its trailing slashes, root + '/' is the prefix of every path
   * below it; off is where the name below root starts ("/" is its own
   * prefix). check_dir() bounded the length. */
  while (n > 1 && path[n - 1] == '/') {
    n--;
  }
  memcpy(root, path, n);
  root[n] = '\0';
  off = strcmp(root, "/") == 0 ? 1 : n + 1;
  *found = 0;
  if ((rc = strstack_push(&todo, root)) < 0) {
    goto done;
  }
  while (todo.n > 0) {
    char *dir = todo.v[--todo.n];
    size_t depth = 0;
    DIR *d;

    if (strlen(dir) > n) {
      depth = 1;
      for (const char *p = dir + off; *p; p++) {
        depth += *p == '/';
      }
    }
    if (!(d = opendir(dir))) {
      mls_diag_note(diag, MLS_EIO, MLS_SEV_WARNING, NULL,
                    "cannot search directory '%s' for repositories", dir);
      mls_free(dir);
      continue;
    }
    /* Every entry first, classified (on two threads when there are many:
     * an org of mirrors is thousands of stat calls), then acted on in
     * readdir order. */
    if ((rc = list_kids(&kl, d, dir, !ts)) < 0) {
      closedir(d);
      mls_free(dir);
      goto done;
    }
    if (ts && kl.iac && (rc = strstack_push(&loose, dir)) < 0) {
      closedir(d);
      mls_free(dir);
      goto done;
    }
    for (size_t i = 0; i < kl.n; i++) {
      const kid *e = &kl.v[i];
      const char *name = e->name;

      if (!join(child, dir, name)) {
        mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                      "path longer than %u bytes not searched: '%s/%s'",
                      (unsigned)MLS_MAX_PATH_BYTES, dir, name);
        continue;
      }
      if (S_ISLNK(e->mode)) {
        struct stat target;
        if (stat(child, &target) == 0 && S_ISDIR(target.st_mode)) {
          mls_diag_note(diag, MLS_OK, MLS_SEV_NOTE, NULL,
                        "symbolic link to a directory not followed: '%s'",
                        child);
        }
        continue;
      }
      if (!S_ISDIR(e->mode)) {
        continue;
      }
      if (e->kind != REPO_TARGET_DIR) {
        ++*found;
        if (!ts) {
          break;
        }
        /* The name is the path below root, without the leading '/'. */
        rc = targets_push(ts, e->kind, child, child + off);
        if (rc < 0) {
          closedir(d);
          mls_free(dir);
          goto done;
        }
        if (e->kind == REPO_TARGET_BARE && e->head_ok) {
          ts->v[ts->n - 1].has_head_sig = true;
          ts->v[ts->n - 1].head_sig = e->head;
        }
        continue; /* a repository: never searched inside */
      }
      if (depth + 1 >= MLS_MAX_TREE_DEPTH) {
        mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                      "directory nested deeper than %u levels not searched: "
                      "'%s'",
                      (unsigned)MLS_MAX_TREE_DEPTH, child);
        continue;
      }
      if ((rc = strstack_push(&todo, child)) < 0) {
        closedir(d);
        mls_free(dir);
        goto done;
      }
    }
    closedir(d);
    mls_free(dir);
    if (!ts && *found > 0) {
      break;
    }
  }
  rc = MLS_OK;
  /* A directory holding repositories is an org: its own loose files (and
   * those of plain directories beside the repositories) are not swept. */
  if (*found > 0) {
    note_loose(&loose, diag);
  }

done:
  kids_dispose(&kl);
  strstack_dispose(&todo);
  strstack_dispose(&loose);
  return rc;
}

/* Check that path is a usable directory; a diagnostic if not. */
static int check_dir(const char *path, mls_diag *diag)
{
  struct stat st;

  if (strlen(path) > MLS_MAX_PATH_BYTES) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "target path longer than %u bytes",
                        (unsigned)MLS_MAX_PATH_BYTES);
  }
  if (stat(path, &st) != 0) {
    return mls_diag_add(diag, MLS_EIO, NULL, "target '%s': %s", path,
                        errno == ENOENT ? "no such file or directory"
                                        : "cannot be read");
  }
  if (!S_ISDIR(st.st_mode)) {
    return mls_diag_add(diag, MLS_EIO, NULL,
                        "target '%s' is not a directory or repository", path);
  }
  return MLS_OK;
}

int repo_classify(repo_target_kind *out, const char *path, mls_diag *diag)
{
  repo_target_kind k;
  size_t found = 0;
  int rc;

  MLS_ASSERT_ARG(out && path);
  if ((rc = check_dir(path, diag)) < 0) {
    return rc;
  }
  k = repo_kind(path);
  if (k == REPO_TARGET_DIR) {
    if ((rc = search(NULL, &found, path, diag)) < 0) {
      return rc;
    }
    if (found > 0) {
      k = REPO_TARGET_ORG;
    }
  }
  *out = k;
  return MLS_OK;
}

/* The work tree a plain directory lies in, found as git's own discovery
 * finds it: the nearest ancestor of `real` (a resolved path) that holds
 * .git, a directory or a gitlink file, on the same filesystem. Its path
 * goes to *top and real's path below it to *scope (both owned). None
 * (both NULL, MLS_OK) when no ancestor holds .git, when the search would
 * cross into another filesystem (as git stops), or when an ancestor on
 * the way is a repository's git directory (HEAD and objects/: real is
 * inside .git or a bare repository, not in a work tree). */
static int enclosing_clone(const char *real, char **top, char **scope)
{
  char p[MLS_MAX_PATH_BYTES + 1];
  size_t n = strlen(real);
  struct stat st;
  dev_t dev;

  *top = *scope = NULL;
  if (n == 0 || n > MLS_MAX_PATH_BYTES || real[0] != '/' ||
      stat(real, &st) != 0) {
    return MLS_OK;
  }
  dev = st.st_dev;
  memcpy(p, real, n + 1);
  while (n > 1) {
    size_t cut = n, len;
    while (cut > 0 && p[cut - 1] != '/') {
      cut--;
    }
    /* p[cut..n) is the component given up; the ancestor is p[0..cut-1),
     * or "/" itself. */
    if (n - cut == 4 && memcmp(p + cut, ".git", 4) == 0) {
      return MLS_OK;
    }
    len = cut > 1 ? cut - 1 : 1;
    p[len] = '\0';
    if (stat(p, &st) != 0 || st.st_dev != dev) {
      return MLS_OK;
    }
    if (has_dot_git(AT_FDCWD, p)) {
      *top = mls_strndup(p, len);
      *scope = mls_strndup(real + (len > 1 ? len + 1 : 1),
                           strlen(real) - (len > 1 ? len + 1 : 1));
      if (!*top || !*scope) {
        mls_free(*top);
        mls_free(*scope);
        *top = *scope = NULL;
        return MLS_ENOMEM;
      }
      return MLS_OK;
    }
    if (has_git_dir_shape(AT_FDCWD, p)) {
      return MLS_OK; /* a git directory */
    }
    n = len;
  }
  return MLS_OK;
}

static int targets_add(repo_targets *ts, const char *path,
                       repo_target_kind *kind_out, mls_diag *diag)
{
  repo_target_kind k;
  size_t first = ts->n, found = 0, n;
  char name[MLS_MAX_PATH_BYTES + 1];
  int rc;

  MLS_ASSERT_ARG(ts && path);
  {
    struct stat st;
    if (strlen(path) <= MLS_MAX_PATH_BYTES && stat(path, &st) == 0 &&
        S_ISREG(st.st_mode)) {
      if (kind_out) {
        *kind_out = REPO_TARGET_DIR;
      }
      return add_file(ts, path, diag);
    }
  }
  if ((rc = check_dir(path, diag)) < 0) {
    return rc;
  }
  k = repo_kind(path);
  if (k == REPO_TARGET_DIR) {
    if ((rc = search(ts, &found, path, diag)) < 0) {
      return rc;
    }
    if (found > 0) {
      k = REPO_TARGET_ORG;
      qsort(ts->v + first, ts->n - first, sizeof(*ts->v), cmp_target_name);
    }
  }
  if (kind_out) {
    *kind_out = k;
  }
  if (k == REPO_TARGET_ORG) {
    return MLS_OK;
  }
  /* The name of a lone target is its directory's own name ("ml-infra",
   * "ml-infra.git"), like an org member's last component: what outputs
   * call the repository (JSON "repo", the SARIF file name), the same on
   * every machine whatever path led to it. "." and ".." are resolved
   * first; a path that cannot be resolved keeps its last component. */
  {
    char *real = realpath(path, NULL);
    const char *p = real ? real : path, *base;
    n = strlen(p);
    while (n > 1 && p[n - 1] == '/') {
      n--;
    }
    base = p + n;
    while (base > p && base[-1] != '/') {
      base--;
    }
    if (base == p + n) { /* the root directory */
      base = p;
    }
    n = (size_t)(p + n - base);
    if (n > MLS_MAX_PATH_BYTES) {
      n = MLS_MAX_PATH_BYTES;
    }
    memcpy(name, base, n);
    name[n] = '\0';
    /* A plain directory inside a clone is that repository's, seen through
     * the directory: named by the clone's own name and the path below it
     * ("ml-infra/envs/prod"), its paths the clone's (SARIF's URIs must be
     * relative to the repository's root for GitHub to place them). */
    if (k == REPO_TARGET_DIR && real) {
      char *top = NULL, *scope = NULL;
      rc = enclosing_clone(real, &top, &scope);
      if (rc == MLS_OK && top) {
        char scoped[MLS_MAX_PATH_BYTES + 1];
        rc = targets_push_scoped(
            ts, k, top, scoped_name(scoped, top, scope) ? scoped : name, NULL,
            scope);
      } else if (rc == MLS_OK) {
        rc = targets_push(ts, k, path, name);
      }
      mls_free(top);
      mls_free(scope);
      mls_free_foreign(real); /* from realpath(): libc's malloc */
      return rc;
    }
    mls_free_foreign(real); /* from realpath(): libc's malloc */
  }
  return targets_push(ts, k, path, name);
}

int repo_targets_add(repo_targets *ts, const char *path,
                     repo_target_kind *kind_out, mls_diag *diag)
{
  size_t first;
  char *real = NULL;
  int rc;

  MLS_ASSERT_ARG(ts && path);
  first = ts->n;
  rc = targets_add(ts, path, kind_out, diag);
  /* What the repositories found here may have libgit2 read: nothing
   * outside the directory named (repo__confine). A file target's
   * directory, read from disk, never reaches libgit2. */
  for (size_t i = first; i < ts->n; i++) {
    if (ts->v[i].kind != REPO_TARGET_BARE &&
        ts->v[i].kind != REPO_TARGET_CLONE) {
      continue;
    }
    if (!real && !(real = realpath(path, NULL))) {
      break; /* gone meanwhile: each repository is its own bound */
    }
    if (!(ts->v[i].root = mls_strndup(real, strlen(real)))) {
      rc = MLS_ENOMEM;
      break;
    }
  }
  mls_free_foreign(real);
  return rc;
}

int repo_targets_read_file(repo_targets *ts, const char *file, mls_diag *diag)
{
  char line[MLS_MAX_PATH_BYTES + 2];
  FILE *f = NULL;
  unsigned long lineno = 0;
  int rc = MLS_OK, first_err = MLS_OK;
  bool skipping = false; /* in the rest of a line that was too long */

  MLS_ASSERT_ARG(ts && file);
  if (!(f = fopen(file, "r"))) {
    return mls_diag_add(diag, MLS_EIO, NULL, "cannot open targets file '%s'",
                        file);
  }
  while (fgets(line, sizeof(line), f)) {
    size_t n = strlen(line);
    bool whole = n > 0 && line[n - 1] == '\n';
    char *p = line;

    if (skipping) {
      skipping = !whole;
      continue;
    }
    lineno++;
    if (!whole && !feof(f)) {
      mls_diag_add(diag, MLS_ELIMIT, NULL,
                   "%s:%lu: path longer than %u bytes skipped", file, lineno,
                   (unsigned)MLS_MAX_PATH_BYTES);
      first_err = first_err ? first_err : MLS_ELIMIT;
      skipping = true;
      continue;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
                     mls_isspace((unsigned char)line[n - 1]))) {
      line[--n] = '\0';
    }
    while (*p && mls_isspace((unsigned char)*p)) {
      p++;
    }
    if (*p == '\0' || *p == '#') {
      continue;
    }
    if ((rc = repo_targets_add(ts, p, NULL, diag)) == MLS_ENOMEM) {
      goto done;
    }
    if (rc < 0) {
      /* The diagnostic names the path; add where it came from. */
      mls_diag_note(diag, rc, MLS_SEV_NOTE, NULL, "%s:%lu: target skipped",
                    file, lineno);
      first_err = first_err ? first_err : rc;
    }
  }
  if (ferror(f)) {
    rc = mls_diag_add(diag, MLS_EIO, NULL, "error reading targets file '%s'",
                      file);
    goto done;
  }
  rc = first_err;

done:
  fclose(f);
  return rc;
}

void repo_targets_dispose(repo_targets *ts)
{
  for (size_t i = 0; ts && i < ts->n; i++) {
    mls_free(ts->v[i].path);
    mls_free(ts->v[i].name);
    mls_free(ts->v[i].only);
    mls_free(ts->v[i].scope);
    mls_free(ts->v[i].root);
  }
  if (ts) {
    mls_free(ts->v);
    ts->v = NULL;
    ts->n = ts->cap = 0;
  }
}
