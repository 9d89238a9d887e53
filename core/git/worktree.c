/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/worktree.c -- the walk over files on disk: a plain directory,
 * or a clone read with --worktree (uncommitted changes included).
 *
 * Stage: repo job -> file jobs, the same entries as the tree walk of
 * walk.c for the same content: the same filters, bounds and notes, and
 * Git's tree order (a directory sorts as if its name ended in '/'), so
 * output does not depend on where bytes come from. Entries carry no blob
 * id; the cache keys files read from disk by a hash of their bytes.
 *
 * Never leaves the directory: every directory is opened with openat()
 * beneath its parent's descriptor with O_NOFOLLOW, entries are examined
 * with lstat semantics (fstatat AT_SYMLINK_NOFOLLOW), and symbolic links
 * are noted, never followed. .git (directory or gitlink file) is skipped;
 * a directory holding .git is a nested repository (a submodule checkout or
 * a clone inside the clone) and is noted, not entered. Ignore rules
 * (.gitignore) are not consulted: every file on disk counts.
 */
#define _POSIX_C_SOURCE 200809L /* openat, fdopendir, fstatat */

#include "core/git/git_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One directory entry, as lstat saw it. */
typedef struct dent {
  char *name;    /* owned: NUL-terminated */
  size_t len;    /* bytes of name */
  mode_t mode;   /* st_mode from fstatat(AT_SYMLINK_NOFOLLOW) */
  uint64_t size; /* st_size */
} dent;

/* One directory being walked. */
typedef struct dframe {
  int fd;         /* owned: the directory */
  dent *v;        /* owned: its entries in Git order */
  size_t n;       /* entries of v */
  size_t next;    /* index of the next entry to visit */
  size_t len;     /* bytes of the walker's path for this directory */
  unsigned depth; /* path components of this directory */
} dframe;

int repo__git_order(const char *a, size_t an, bool adir, const char *b,
                    size_t bn, bool bdir)
{
  size_t n = an < bn ? an : bn;
  int c = memcmp(a, b, n);
  unsigned ca, cb;

  if (c != 0) {
    return c;
  }
  ca = n < an ? (unsigned char)a[n] : (adir ? '/' : 0);
  cb = n < bn ? (unsigned char)b[n] : (bdir ? '/' : 0);
  return ca < cb ? -1 : (ca > cb ? 1 : 0);
}

/* Directory entries in Git's tree order (qsort). */
static int git_order(const void *a, const void *b)
{
  const dent *x = a, *y = b;
  return repo__git_order(x->name, x->len, S_ISDIR(x->mode), y->name, y->len,
                         S_ISDIR(y->mode));
}

static void dents_free(dent *v, size_t n)
{
  for (size_t i = 0; v && i < n; i++) {
    mls_free(v[i].name);
  }
  mls_free(v);
}

/* Read the directory fd into *out (Git order). MLS_EIO with errno set,
 * MLS_ENOMEM. fd stays open and owned by the caller. */
static int read_dir(dent **out, size_t *nout, int fd)
{
  DIR *d = NULL;
  struct dirent *de;
  dent *v = NULL;
  size_t n = 0, cap = 0;
  int dup_fd, rc = MLS_OK;

  /* fdopendir takes its descriptor; fd stays for openat/fstatat. */
  if ((dup_fd = dup(fd)) < 0) {
    return MLS_EIO;
  }
  if (!(d = fdopendir(dup_fd))) {
    int saved = errno;
    close(dup_fd);
    errno = saved;
    return MLS_EIO;
  }
  for (;;) {
    struct stat st;
    size_t len;

    errno = 0;
    if (!(de = readdir(d))) {
      if (errno != 0) {
        rc = MLS_EIO;
      }
      break;
    }
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
      continue;
    }
    if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      continue; /* removed since readdir: it is not there to scan */
    }
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 32, bytes;
      dent *nv;
      if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
          !(nv = mls_realloc(v, bytes))) {
        rc = MLS_ENOMEM;
        break;
      }
      v = nv;
      cap = ncap;
    }
    len = strlen(de->d_name);
    if (!(v[n].name = mls_strndup(de->d_name, len))) {
      rc = MLS_ENOMEM;
      break;
    }
    v[n].len = len;
    v[n].mode = st.st_mode;
    v[n].size = st.st_size < 0 ? 0 : (uint64_t)st.st_size;
    n++;
  }
  closedir(d);
  if (rc < 0) {
    dents_free(v, n);
    return rc;
  }
  if (n > 1) {
    qsort(v, n, sizeof(*v), git_order);
  }
  *out = v;
  *nout = n;
  return MLS_OK;
}

/* Push the directory at fd (taking ownership) onto the stack. A directory
 * that cannot be read is a warning; MLS_ENOMEM only fails the walk. */
static int push_dir(walker *w, dframe *stack, size_t *sp, int fd,
                    unsigned depth)
{
  dent *v = NULL;
  size_t n = 0;
  int rc = read_dir(&v, &n, fd);

  if (rc < 0) {
    close(fd);
    if (rc == MLS_ENOMEM) {
      return rc;
    }
    walk__diag(w, MLS_EIO, MLS_SEV_WARNING, "cannot read directory");
    return MLS_OK;
  }
  stack[(*sp)++] = (dframe){ fd, v, n, 0, w->len, depth };
  return MLS_OK;
}

/* A subdirectory entry of f whose path is w->path. */
static int visit_dir(walker *w, dframe *stack, size_t *sp, const dframe *f,
                     const dent *e)
{
  walk__dir_verdict v;
  struct stat st;
  int fd, rc;

  if (walk__dir_skipped(w)) {
    return MLS_OK;
  }
  fd = openat(f->fd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    walk__diag(w, MLS_EIO, MLS_SEV_WARNING, "cannot open directory");
    return MLS_OK;
  }
  if (fstatat(fd, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0) {
    /* Its files belong to another repository, a target of its own. */
    close(fd);
    walk__diag(w, MLS_OK, MLS_SEV_NOTE, "nested repository not followed");
    return MLS_OK;
  }
  if ((rc = walk__dir_offer(w, f->depth + 1, NULL, &v)) < 0 ||
      v != WALK__DIR_ENTER || *sp > MLS_MAX_TREE_DEPTH) {
    close(fd);
    return rc < 0 ? rc : MLS_OK;
  }
  return push_dir(w, stack, sp, fd, f->depth + 1);
}

int walk__disk(walker *w, unsigned base_depth)
{
  dframe *stack = NULL;
  size_t sp = 0;
  int fd, rc = MLS_OK;

  if (w->len == 0) {
    fd = openat(w->r->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } else {
    fd = repo__open_beneath(w->r->root_fd, w->path, O_RDONLY | O_DIRECTORY);
  }
  if (fd < 0) {
    const char *saved = w->diag->path;
    w->diag->path = w->len > 0 ? w->path : NULL;
    rc = mls_diag_add(w->diag, MLS_EIO, NULL, "cannot open directory");
    w->diag->path = saved;
    return rc;
  }
  if (!(stack = mls_calloc(MLS_MAX_TREE_DEPTH + 1, sizeof(*stack)))) {
    close(fd);
    return MLS_ENOMEM;
  }
  {
    dent *v = NULL;
    size_t n = 0;
    if ((rc = read_dir(&v, &n, fd)) < 0) {
      close(fd);
      if (rc != MLS_ENOMEM) {
        const char *saved = w->diag->path;
        w->diag->path = w->len > 0 ? w->path : NULL;
        rc = mls_diag_add(w->diag, MLS_EIO, NULL, "cannot read directory");
        w->diag->path = saved;
      }
      goto done;
    }
    stack[sp++] = (dframe){ fd, v, n, 0, w->len, base_depth };
  }

  while (sp > 0) {
    dframe *f = &stack[sp - 1];
    const dent *e;
    walk_kind kind;

    if (f->next == f->n) {
      close(f->fd);
      dents_free(f->v, f->n);
      memset(f, 0, sizeof(*f));
      sp--;
      continue;
    }
    e = &f->v[f->next++];
    w->len = f->len;
    w->path[w->len] = '\0';
    if (walk__push_name(w, e->name, e->len) < 0) {
      continue;
    }
    if (S_ISDIR(e->mode)) {
      if ((rc = visit_dir(w, stack, &sp, f, e)) < 0) {
        goto done;
      }
    } else if (S_ISREG(e->mode)) {
      if (strcmp(e->name, ".git") == 0 ||
          !walk__candidate(w, e->name, e->len, &kind)) {
        continue;
      }
      if ((rc = walk__emit(w, kind, (e->mode & S_IXUSR) ? 0100755 : 0100644,
                           true, e->size, NULL)) < 0) {
        goto done;
      }
    } else if (S_ISLNK(e->mode)) {
      if (walk__candidate(w, e->name, e->len, &kind)) {
        walk__diag(w, MLS_OK, MLS_SEV_NOTE, "symbolic link not followed");
      }
    }
    /* FIFOs, sockets and devices are not files a repository holds. */
  }
  rc = MLS_OK;

done:
  while (sp > 0) {
    dframe *f = &stack[--sp];
    close(f->fd);
    dents_free(f->v, f->n);
  }
  mls_free(stack);
  return rc;
}
