/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/worktree.c -- the walk over files on disk: a plain directory,
 * or a clone read with --worktree (uncommitted changes included).
 *
 * Stage: repo job -> file jobs, the same entries as the tree walk of
 * walk.c for the same content: the same filters, bounds and notes, and
 * Git's tree order (a directory sorts as if its name ended in '/'), so
 * output does not depend on where bytes come from. Entries carry no blob
 * id; directories get a content id instead (below).
 *
 * Never leaves the directory: every directory is opened with openat()
 * beneath its parent's descriptor with O_NOFOLLOW, entries are examined
 * with lstat semantics (fstatat AT_SYMLINK_NOFOLLOW), and symbolic links
 * are noted, never followed. .git (directory or gitlink file) is skipped;
 * a directory holding .git is a nested repository (a submodule checkout or
 * a clone inside the clone) and is noted, not entered. Ignore rules
 * (.gitignore) are not consulted: every file on disk counts.
 *
 * A directory's content id (walk_opts.on_dir_done) stands in for a tree id,
 * so the cache can key what was read from disk: SHA-1 over its entries in
 * Git order, each with its name, type and what lstat says of it (size,
 * mode, mtime, ctime, inode, device), a subdirectory walked by its own
 * content id. Editing, adding, removing or renaming anything below the
 * directory changes those, as it changes a Git tree id: the walk reads no
 * file to learn it. An entry whose mtime or ctime is within REPO_RACY_NS of
 * the walk's start (or later) could change again within the same timestamp
 * tick unseen, as Git's index calls "racy": its directory and every one
 * above it get no id, and nothing there is cached.
 */
#define _GNU_SOURCE /* getdents64; openat, fstatat */

#include "core/git/git_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/sha1.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One directory entry, as lstat saw it. */
typedef struct dent {
  char *name;   /* owned: NUL-terminated */
  size_t len;   /* bytes of name */
  repo_fsig st; /* fstatat(AT_SYMLINK_NOFOLLOW): mode, size, and what the
                   content id takes */
} dent;

/* One directory being walked. */
typedef struct dframe {
  int fd;         /* owned: the directory */
  dent *v;        /* owned: its entries in Git order */
  size_t n;       /* entries of v */
  size_t next;    /* index of the next entry to visit */
  size_t len;     /* bytes of the walker's path for this directory */
  unsigned depth; /* path components of this directory */
  bool hashing;   /* its content id is still knowable */
  mls_sha1 id;    /* the content id so far, when hashing */
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
  return repo__git_order(x->name, x->len, S_ISDIR(x->st.mode), y->name, y->len,
                         S_ISDIR(y->st.mode));
}

static void dents_free(dent *v, size_t n)
{
  for (size_t i = 0; v && i < n; i++) {
    mls_free(v[i].name);
  }
  mls_free(v);
}

/* Read the directory fd into *out (Git order). *gone is set when an entry
 * vanished between readdir and lstat (its directory's content id cannot
 * be known). MLS_EIO with errno set, MLS_ENOMEM. fd stays open and owned
 * by the caller. */
/* One entry of read_dir(), named `name`, into v (lstat beneath fd). */
static int add_dent(dent **v, size_t *n, size_t *cap, bool *gone, int fd,
                    const char *name)
{
  struct stat st;
  size_t len;

  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    return MLS_OK;
  }
  if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    *gone = true;
    return MLS_OK; /* removed since it was listed: it is not there to scan */
  }
  if (*n == *cap) {
    size_t ncap = *cap ? *cap * 2 : 32, bytes;
    dent *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(*v, bytes))) {
      return MLS_ENOMEM;
    }
    *v = nv;
    *cap = ncap;
  }
  len = strlen(name);
  if (!((*v)[*n].name = mls_strndup(name, len))) {
    return MLS_ENOMEM;
  }
  (*v)[*n].len = len;
  repo__fsig_of(&(*v)[*n].st, &st);
  (*n)++;
  return MLS_OK;
}

static int read_dir(dent **out, size_t *nout, bool *gone, int fd)
{
  /* getdents64 on fd itself: no dup, fdopendir and closedir (three system
   * calls of each directory a warm sweep of a plain directory walks). */
  _Alignas(8) char buf[16384];
  dent *v = NULL;
  size_t n = 0, cap = 0;
  int rc = MLS_OK;

  for (;;) {
    ssize_t got = getdents64(fd, buf, sizeof(buf));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      rc = MLS_EIO;
      break;
    }
    if (got == 0) {
      break;
    }
    for (size_t off = 0; off < (size_t)got && rc == MLS_OK;) {
      /* The kernel aligns every record to 8 bytes, as buf is. */
      const struct dirent64 *de = (const void *)(buf + off);
      if (de->d_reclen == 0 || de->d_reclen > (size_t)got - off ||
          !memchr(de->d_name, '\0',
                  de->d_reclen - offsetof(struct dirent64, d_name))) {
        rc = MLS_EIO; /* not a record the kernel writes */
        break;
      }
      off += de->d_reclen;
      rc = add_dent(&v, &n, &cap, gone, fd, de->d_name);
    }
    if (rc < 0) {
      break;
    }
  }
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

/* What a walk of files on disk needs to know of content ids. */
typedef struct disk_ids {
  bool on;            /* on_dir_done is set: ids are computed */
  int64_t racy_after; /* entries changed at or after this are racy */
} disk_ids;

static void put_u64(mls_sha1 *h, uint64_t v)
{
  unsigned char b[8];
  for (int i = 0; i < 8; i++) {
    b[i] = (unsigned char)(v >> (8 * i));
  }
  mls_sha1_update(h, b, sizeof(b));
}

/* What the content ids take of an entry's lstat. */
static void put_sig(mls_sha1 *h, const repo_fsig *s)
{
  put_u64(h, s->mode);
  put_u64(h, s->size);
  put_u64(h, (uint64_t)s->mtime_ns);
  put_u64(h, (uint64_t)s->ctime_ns);
  put_u64(h, s->ino);
  put_u64(h, s->dev);
}

/* Entry e of frame f into f's content id: `tag` says what it is ('f' a
 * file, 'l' a link, 'D' a directory not walked, 'o' anything else: its
 * lstat; 'd' a directory walked: its content id `sub`). A racy entry
 * ends f's id. */
static void id_put(dframe *f, const disk_ids *ids, const dent *e, char tag,
                   const unsigned char *sub)
{
  if (!f->hashing) {
    return;
  }
  if (tag != 'd' && repo__fsig_racy(&e->st, ids->racy_after)) {
    f->hashing = false;
    return;
  }
  put_u64(&f->id, e->len);
  mls_sha1_update(&f->id, e->name, e->len);
  mls_sha1_update(&f->id, &tag, 1);
  if (tag == 'd') {
    mls_sha1_update(&f->id, sub, MLS_SHA1_BYTES);
    return;
  }
  put_sig(&f->id, &e->st);
}

/* The content id of file e (walk_entry.cid) into *out; false when it is
 * racy. */
static bool file_cid(repo_oid *out, const disk_ids *ids, const dent *e)
{
  static const char magic[] = "mlsweep-disk-file/1";
  mls_sha1 h;

  if (!ids->on || repo__fsig_racy(&e->st, ids->racy_after)) {
    return false;
  }
  mls_sha1_init(&h);
  mls_sha1_update(&h, magic, sizeof(magic));
  put_sig(&h, &e->st);
  mls_sha1_final(&h, out->id);
  return true;
}

static void frame_init(dframe *f, int fd, dent *v, size_t n, size_t len,
                       unsigned depth, bool hashing)
{
  static const char magic[] = "mlsweep-disk-tree/1";
  *f = (dframe){ fd, v, n, 0, len, depth, hashing, { { 0 }, 0, { 0 }, 0 } };
  if (hashing) {
    mls_sha1_init(&f->id);
    mls_sha1_update(&f->id, magic, sizeof(magic));
  }
}

/* Push the directory at fd (taking ownership) onto the stack. A directory
 * that cannot be read is a warning (*failed set); MLS_ENOMEM only fails
 * the walk. */
static int push_dir(walker *w, dframe *stack, size_t *sp, int fd,
                    unsigned depth, const disk_ids *ids, bool *failed)
{
  dent *v = NULL;
  size_t n = 0;
  bool gone = false;
  int rc = read_dir(&v, &n, &gone, fd);

  if (rc < 0) {
    close(fd);
    *failed = true;
    if (rc == MLS_ENOMEM) {
      return rc;
    }
    walk__diag(w, MLS_EIO, MLS_SEV_WARNING, "cannot read directory");
    return MLS_OK;
  }
  frame_init(&stack[(*sp)++], fd, v, n, w->len, depth, ids->on && !gone);
  return MLS_OK;
}

/* A subdirectory entry of f whose path is w->path. *failed when it could
 * not be opened or read (not when it is left out on purpose). */
static int visit_dir(walker *w, dframe *stack, size_t *sp, const dframe *f,
                     const disk_ids *ids, bool *failed)
{
  walk__dir_verdict v;
  struct stat st;
  int fd, rc;

  if (walk__dir_skipped(w)) {
    return MLS_OK;
  }
  fd = openat(f->fd, f->v[f->next - 1].name,
              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    *failed = true;
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
  return push_dir(w, stack, sp, fd, f->depth + 1, ids, failed);
}

/* Frame f (the top of the stack, w->path its directory) is done: offer
 * its content id, and give it to its parent (NULL at the walk's root). */
static int frame_done(walker *w, dframe *f, dframe *parent, const disk_ids *ids)
{
  unsigned char id[MLS_SHA1_BYTES];
  walk_dir d;
  int rc;

  if (!ids->on) {
    return MLS_OK;
  }
  if (!f->hashing) {
    if (parent) {
      parent->hashing = false;
    }
    return MLS_OK;
  }
  mls_sha1_final(&f->id, id);
  memset(&d, 0, sizeof(d));
  d.path = w->path;
  d.path_len = w->len;
  d.depth = f->depth;
  d.has_id = true;
  memcpy(d.id.id, id, sizeof(d.id.id));
  if ((rc = w->opts->on_dir_done(&d, w->payload)) < 0) {
    return rc;
  }
  if (parent) {
    id_put(parent, ids, &parent->v[parent->next - 1], 'd', id);
  }
  return MLS_OK;
}

/* The directory at w->path was left out on purpose (skipped by name or
 * --exclude, a nested repository, too deep): no content id covers what
 * is below it, which on_dir_done is told without an id. */
static int left_out(walker *w, const disk_ids *ids)
{
  walk_dir d;

  if (!ids->on) {
    return MLS_OK;
  }
  memset(&d, 0, sizeof(d));
  d.path = w->path;
  d.path_len = w->len;
  return w->opts->on_dir_done(&d, w->payload);
}

int walk__disk(walker *w, unsigned base_depth)
{
  dframe *stack = NULL;
  size_t sp = 0;
  int fd, rc = MLS_OK;
  disk_ids ids = { false, 0 };

  if (w->opts->on_dir_done && !w->opts->only) {
    ids.on = true;
    ids.racy_after = repo__racy_after(); /* a clock error: all racy */
  }
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
    bool gone = false;
    if ((rc = read_dir(&v, &n, &gone, fd)) < 0) {
      close(fd);
      if (rc != MLS_ENOMEM) {
        const char *saved = w->diag->path;
        w->diag->path = w->len > 0 ? w->path : NULL;
        rc = mls_diag_add(w->diag, MLS_EIO, NULL, "cannot read directory");
        w->diag->path = saved;
      }
      goto done;
    }
    frame_init(&stack[sp++], fd, v, n, w->len, base_depth, ids.on && !gone);
  }

  while (sp > 0) {
    dframe *f = &stack[sp - 1];
    const dent *e;
    walk_kind kind;

    if (f->next == f->n) {
      w->len = f->len;
      w->path[w->len] = '\0';
      if ((rc = frame_done(w, f, sp > 1 ? &stack[sp - 2] : NULL, &ids)) < 0) {
        goto done;
      }
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
      /* A name no tree may hold: not walked, but it is there. */
      id_put(f, &ids, e, 'o', NULL);
      continue;
    }
    if (S_ISDIR(e->st.mode)) {
      size_t before = sp;
      bool failed = false;
      if ((rc = visit_dir(w, stack, &sp, f, &ids, &failed)) < 0) {
        goto done;
      }
      if (failed) {
        f->hashing = false;
      } else if (sp == before) {
        id_put(f, &ids, e, 'D', NULL); /* left out: its lstat */
        if ((rc = left_out(w, &ids)) < 0) {
          goto done;
        }
      } /* else: entered; frame_done() gives its id to f */
    } else if (S_ISREG(e->st.mode)) {
      id_put(f, &ids, e, 'f', NULL);
      if (strcmp(e->name, ".git") == 0 ||
          !walk__candidate(w, e->name, e->len, &kind)) {
        continue;
      }
      {
        repo_oid cid;
        w->cid = file_cid(&cid, &ids, e) ? &cid : NULL;
        rc = walk__emit(w, kind, (e->st.mode & S_IXUSR) ? 0100755 : 0100644,
                        true, e->st.size, NULL);
        w->cid = NULL;
        if (rc < 0) {
          goto done;
        }
      }
    } else if (S_ISLNK(e->st.mode)) {
      id_put(f, &ids, e, 'l', NULL);
      if (walk__candidate(w, e->name, e->len, &kind)) {
        walk__diag(w, MLS_OK, MLS_SEV_NOTE, "symbolic link not followed");
      }
    } else {
      /* FIFOs, sockets and devices are not files a repository holds. */
      id_put(f, &ids, e, 'o', NULL);
    }
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
