/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/blob.c -- the bytes of one candidate, from the object database
 * or from a file beneath the work tree.
 *
 * Stage: file job. Every load is a private copy with a NUL sentinel into
 * mls_malloc'd memory, capped at MLS_MAX_BLOB_BYTES before anything is
 * inflated or read. Trusts nothing: object sizes come from the object
 * header and are checked first, files are opened beneath the work tree
 * without following symbolic links, and a file that changes size while it
 * is read is an error rather than a short or long read. A failure is a
 * diagnostic for that file; the caller's walk goes on.
 *
 * Also the reads by path that are not walk candidates: a file for
 * Terraform's file() (repo_read_path) and every entry below a directory
 * for fileset() (repo_list_tree), with explicit stacks bounded by
 * MLS_MAX_TREE_DEPTH.
 */
#define _GNU_SOURCE /* syscall(); openat, O_NOFOLLOW, O_CLOEXEC */

#include "core/git/git_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include "core/git/git2_dl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The first line of every Git LFS pointer file (the LFS specification,
 * docs/spec.md: "version https://git-lfs.github.com/spec/v1"). */
static const char lfs_magic[] = "version https://git-lfs.github.com/spec/v1";

int repo__diag_git_read(repo *r, mls_diag *d, int error, const char *what)
{
  odb *nat = r->worktree ? NULL : repo__side_reader(r);
  if (error == GIT_ENOTFOUND && nat && odb_is_partial(nat)) {
    /* Left out by design: say how to get it, not that it is lost. */
    git_error_clear();
    return mls_diag_add(d, MLS_EGIT, NULL,
                        "%s: this is a partial clone (git clone --filter) "
                        "and the object was left out; sweep a full clone "
                        "or mirror",
                        what);
  }
  return mls_diag_git(d, error, "%s", what);
}

/* What the native reader read (odb.h), worded as blob_load() words
 * libgit2's answers: obj's bytes as the blob, or why not (big: only its
 * type and size were read). */
static int native_blob(mls_blob *out, odb_obj *obj, bool big, mls_diag *diag,
                       const walk_entry *we, walk_loaded *info)
{
  bool walk_words = we != NULL;
  int error;

  if (obj->type != ODB_BLOB) {
    mls_free(obj->data);
    if (walk_words) {
      error = mls_diag_note(diag, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                            "tree entry names a %s, not a blob; skipped",
                            odb_type_name(obj->type));
      if (info) {
        info->skipped = true;
      }
      return error;
    }
    return mls_diag_add(diag, MLS_EGIT, NULL, "object is a %s, not a blob",
                        odb_type_name(obj->type));
  }
  if (info) {
    info->has_size = true;
    info->size = (uint64_t)obj->size;
  }
  if (big) {
    if (walk_words) {
      error =
          mls_diag_note(diag, MLS_ELIMIT, walk__big_sev(we->kind), NULL,
                        "file of %llu bytes skipped (limit %u bytes)%s",
                        (unsigned long long)obj->size,
                        (unsigned)MLS_MAX_BLOB_BYTES, walk__big_why(we->kind));
      if (info) {
        info->skipped = true;
      }
      return error;
    }
    return mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                         "blob of %zu bytes skipped (limit %u bytes)",
                         obj->size, (unsigned)MLS_MAX_BLOB_BYTES);
  }
  /* The reader's allocation is already a blob: size bytes and a NUL. */
  out->data = (char *)obj->data;
  out->size = obj->size;
  return MLS_OK;
}

/* Load blob id. we: the walk entry it is the load of, or NULL; a walk
 * entry's failed checks (missing object, not a blob, too big) are worded
 * as the walk worded them when it read headers itself, and set
 * info->skipped. info may be NULL. */
static int blob_load(mls_blob *out, repo *r, const repo_oid *id, mls_diag *diag,
                     const walk_entry *we, walk_loaded *info)
{
  bool walk_words = we != NULL;
  git_blob *blob = NULL;
  git_oid oid;
  size_t hsize = 0;
  git_object_t htype = GIT_OBJECT_INVALID;
  git_object_size_t size;
  odb *nat;
  int error;

  MLS_ASSERT_ARG(out && r && id);
  if (r->worktree) {
    return mls_diag_add(diag, MLS_ERROR, NULL,
                        "no object database in a directory read from disk");
  }
  /* The native reader, libgit2's set-up or not: its reads hash with the
   * CPU's SHA instructions where libgit2's detect collisions in C. */
  if ((nat = repo__side_reader(r)) != NULL) {
    odb_obj obj;
    int rc = odb_read(nat, id, MLS_MAX_BLOB_BYTES, &obj);
    if (rc == MLS_ENOMEM) {
      return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    }
    if (rc == MLS_OK || rc == ODB_TOO_BIG) {
      return native_blob(out, &obj, rc == ODB_TOO_BIG, diag, we, info);
    }
    /* Not read here: libgit2 reads it, and says what is wrong. */
  }
  if ((error = repo__git(r, diag)) < 0) {
    if (info && error != MLS_ENOMEM) {
      info->skipped = walk_words;
    }
    return error;
  }
  repo__oid_to_git(&oid, id);
  /* The header gives the size without inflating the object, so a hostile
   * multi-gigabyte blob is refused before it costs memory. */
  if ((error = git_odb_read_header(&hsize, &htype, r->odb, &oid)) < 0) {
    error = repo__diag_git_read(r, diag, error,
                                walk_words ? "cannot read blob"
                                           : "reading blob header");
    if (info && error != MLS_ENOMEM) {
      info->skipped = walk_words;
    }
    goto done;
  }
  if (htype != GIT_OBJECT_BLOB) {
    if (walk_words) {
      error = mls_diag_note(diag, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                            "tree entry names a %s, not a blob; skipped",
                            git_object_type2string(htype));
      if (info) {
        info->skipped = true;
      }
    } else {
      error = mls_diag_add(diag, MLS_EGIT, NULL, "object is a %s, not a blob",
                           git_object_type2string(htype));
    }
    goto done;
  }
  if (info) {
    info->has_size = true;
    info->size = (uint64_t)hsize;
  }
  if (hsize > MLS_MAX_BLOB_BYTES) {
    if (walk_words) {
      error =
          mls_diag_note(diag, MLS_ELIMIT, walk__big_sev(we->kind), NULL,
                        "file of %llu bytes skipped (limit %u bytes)%s",
                        (unsigned long long)hsize, (unsigned)MLS_MAX_BLOB_BYTES,
                        walk__big_why(we->kind));
      if (info) {
        info->skipped = true;
      }
    } else {
      error = mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                            "blob of %zu bytes skipped (limit %u bytes)", hsize,
                            (unsigned)MLS_MAX_BLOB_BYTES);
    }
    goto done;
  }
  /* Strict hash verification (repo_global_init) fails this lookup for an
   * object whose content does not match its id. */
  if ((error = git_blob_lookup(&blob, r->git, &oid)) < 0) {
    error = mls_diag_git(diag, error, "reading blob");
    goto done;
  }
  size = git_blob_rawsize(blob);
  if (size > MLS_MAX_BLOB_BYTES) { /* the header lied */
    error = mls_diag_note(diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                          "blob of %" PRIu64 " bytes skipped (limit %u bytes)",
                          (uint64_t)size, (unsigned)MLS_MAX_BLOB_BYTES);
    goto done;
  }
  error = mls_blob_copy(out, git_blob_rawcontent(blob), (size_t)size);

done:
  git_blob_free(blob);
  return error;
}

int repo_blob_load(mls_blob *out, repo *r, const repo_oid *id, mls_diag *diag)
{
  return blob_load(out, r, id, diag, NULL, NULL);
}

/* Whether the kernel has openat2() (Linux 5.6): cleared on the first
 * ENOSYS (or EPERM from a seccomp filter that does not know it). */
static atomic_bool have_openat2 = true;

/* path beneath dir in one system call, no symbolic link on the way; -1
 * with errno ENOSYS when the kernel cannot. */
static int openat2_beneath(int dir, const char *path, int flags)
{
#ifdef SYS_openat2
  struct open_how how;
  long fd;

  memset(&how, 0, sizeof(how));
  how.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  fd = syscall(SYS_openat2, dir, path, &how, sizeof(how));
  if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
    atomic_store_explicit(&have_openat2, false, memory_order_relaxed);
    errno = ENOSYS;
  }
  return (int)fd;
#else
  (void)dir;
  (void)path;
  (void)flags;
  errno = ENOSYS;
  return -1;
#endif
}

int repo__open_beneath(int root_fd, const char *path, int flags)
{
  int dir = root_fd;
  const char *p = path;

  /* Every component a plain name: no empty one, no "." or "..". */
  for (const char *c = path;;) {
    const char *slash = strchr(c, '/');
    size_t n = slash ? (size_t)(slash - c) : strlen(c);
    if (n == 0 || n > MLS_MAX_PATH_BYTES || (n == 1 && c[0] == '.') ||
        (n == 2 && c[0] == '.' && c[1] == '.')) {
      errno = EINVAL;
      return -1;
    }
    if (!slash) {
      break;
    }
    c = slash + 1;
  }
  if (atomic_load_explicit(&have_openat2, memory_order_relaxed)) {
    int fd = openat2_beneath(root_fd, path, flags);
    if (fd >= 0 || errno != ENOSYS) {
      return fd;
    }
  }
  /* One component at a time, each opened with O_NOFOLLOW. */
  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    char comp[MLS_MAX_PATH_BYTES + 1];
    int fd, saved;

    memcpy(comp, p, n);
    comp[n] = '\0';
    if (slash) {
      fd = openat(dir, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    } else {
      fd = openat(dir, comp, flags | O_NOFOLLOW | O_CLOEXEC);
    }
    saved = errno;
    if (dir != root_fd) {
      close(dir);
    }
    if (fd < 0 || !slash) {
      errno = saved;
      return fd;
    }
    dir = fd;
    p = slash + 1;
  }
}

/* git_int.h. Used by the ref peek (peek.c) and the object reader's loose
 * files (odb.c). */
repo_read_rc repo__read_beneath(int gd, const char *name, size_t max, char *buf,
                                char **out, size_t *len, bool *oom)
{
  return repo__read_beneath_st(gd, name, max, buf, out, len, oom, NULL);
}

repo_read_rc repo__read_beneath_st(int gd, const char *name, size_t max,
                                   char *buf, char **out, size_t *len,
                                   bool *oom, struct stat *want_st)
{
  struct stat st;
  ssize_t got;
  size_t off = 0;
  char *p = buf;
  int fd = repo__open_beneath(gd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY);

  if (fd < 0) {
    return errno == ENOENT ? REPO_READ_ABSENT : REPO_READ_UNSURE;
  }
  /* The file read, not whatever is at the name later. */
  if (want_st && fstat(fd, want_st) != 0) {
    close(fd);
    return REPO_READ_UNSURE;
  }
  if (buf) {
    /* A small file into the caller's buffer: read it without an fstat
     * (two system calls for each repository of a warm sweep). A directory
     * fails
     * the read with EISDIR; anything but a regular file (O_NONBLOCK: a
     * FIFO reads empty) gives bytes that are not a ref, which the caller
     * declines, as it declines one over max. */
    int err = 0;
    for (;;) {
      size_t want = max + 1 - off;
      got = read(fd, p + off, want);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got < 0) {
        err = errno;
      }
      /* A short read is the end of a regular file: no second read to see
       * it return 0. */
      if (got <= 0 || (off += (size_t)got) > max || (size_t)got < want) {
        break;
      }
    }
    close(fd);
    if (got < 0) {
      return err == EISDIR ? REPO_READ_DIR : REPO_READ_UNSURE;
    }
    if (off > max) {
      return REPO_READ_UNSURE;
    }
    p[off] = '\0';
    *len = off;
    return REPO_READ_FOUND;
  }
  if (fstat(fd, &st) != 0) {
    close(fd);
    return REPO_READ_UNSURE;
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return REPO_READ_DIR;
  }
  if (!S_ISREG(st.st_mode) || st.st_size < 0 || (uint64_t)st.st_size > max) {
    close(fd);
    return REPO_READ_UNSURE;
  }
  if (!p && !(p = mls_malloc((size_t)st.st_size + 1))) {
    close(fd);
    if (oom) {
      *oom = true;
    }
    return REPO_READ_UNSURE;
  }
  /* Its size is known: no read past it to see the end. */
  while (off < (size_t)st.st_size &&
         (got = read(fd, p + off, (size_t)st.st_size - off)) != 0) {
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      break;
    }
    off += (size_t)got;
  }
  close(fd);
  if (off != (size_t)st.st_size) { /* a read error, or it shrank */
    if (p != buf) {
      mls_free(p);
    }
    return REPO_READ_UNSURE;
  }
  p[off] = '\0';
  *len = off;
  if (p != buf) {
    *out = p;
  }
  return REPO_READ_FOUND;
}

/* A short reason for errno after a failed open or read. */
static const char *io_reason(int err)
{
  switch (err) {
  case ENOENT:
    return "no such file";
  case ELOOP:
    return "it is a symbolic link";
  case EACCES:
    return "permission denied";
  case ENOTDIR:
    return "a parent is not a directory";
  case EINVAL:
    return "not a path beneath the work tree";
  default:
    return "I/O error";
  }
}

int repo__file_load(mls_blob *out, repo *r, const walk_entry *e, mls_diag *diag)
{
  int fd = -1, error;
  struct stat st;
  char *data = NULL;
  size_t size, got = 0;

  /* O_NONBLOCK: a FIFO swapped in after the walk must not hang the job;
   * it is refused below as not a regular file. */
  fd =
      repo__open_beneath(r->root_fd, e->path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    error =
        mls_diag_add(diag, MLS_EIO, NULL, "cannot open: %s", io_reason(errno));
    goto done;
  }
  if (fstat(fd, &st) != 0) {
    error =
        mls_diag_add(diag, MLS_EIO, NULL, "cannot stat: %s", io_reason(errno));
    goto done;
  }
  if (!S_ISREG(st.st_mode)) {
    error = mls_diag_add(diag, MLS_EINPUT, NULL, "not a regular file");
    goto done;
  }
  if ((uintmax_t)st.st_size > MLS_MAX_BLOB_BYTES) {
    error = mls_diag_note(diag, MLS_ELIMIT, walk__big_sev(e->kind), NULL,
                          "file of %jd bytes skipped (limit %u bytes)%s",
                          (intmax_t)st.st_size, (unsigned)MLS_MAX_BLOB_BYTES,
                          walk__big_why(e->kind));
    goto done;
  }
  size = (size_t)st.st_size;
  /* One byte more than the size, to see a file that grew while read. */
  if (!(data = mls_malloc(size + 2))) {
    error = MLS_ENOMEM;
    goto done;
  }
  while (got < size + 1) {
    ssize_t n = read(fd, data + got, size + 1 - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      error = mls_diag_add(diag, MLS_EIO, NULL, "cannot read: %s",
                           io_reason(errno));
      goto done;
    }
    if (n == 0) {
      break;
    }
    got += (size_t)n;
  }
  if (got != size) {
    error = mls_diag_add(diag, MLS_EIO, NULL,
                         "file changed size while it was read");
    goto done;
  }
  data[size] = '\0';
  out->data = data;
  out->size = size;
  data = NULL;
  error = MLS_OK;

done:
  mls_free(data);
  if (fd >= 0) {
    close(fd);
  }
  return error;
}

int walk_load_ex(mls_blob *out, repo *r, const walk_entry *e, mls_diag *diag,
                 walk_loaded *info)
{
  const char *saved;
  int rc;

  MLS_ASSERT_ARG(out && r && e && e->path && diag);
  saved = diag->path;
  if (info) {
    memset(info, 0, sizeof(*info));
    info->has_size = e->has_size;
    info->size = e->size;
  }
  diag->path = e->path; /* stamp this file's diagnostics with its path */
  if (r->worktree) {
    /* The walk checked the size on disk; a file that grew since is an
     * error of this load, not an entry the walk would have left out. */
    rc = repo__file_load(out, r, e, diag);
  } else if (!e->has_id) {
    rc = mls_diag_add(diag, MLS_ERROR, NULL, "entry has no blob id");
  } else {
    rc = blob_load(out, r, &e->id, diag, e, info);
  }
  if (rc == MLS_OK && out->size >= sizeof(lfs_magic) - 1 &&
      memcmp(out->data, lfs_magic, sizeof(lfs_magic) - 1) == 0) {
    /* The real content lives on an LFS server a sweep does not contact. */
    mls_blob_dispose(out);
    rc = mls_diag_note(diag, MLS_EINPUT, MLS_SEV_NOTE, NULL,
                       "Git LFS pointer file skipped: its content is stored "
                       "outside the repository");
  }
  diag->path = saved;
  return rc;
}

int walk_load(mls_blob *out, repo *r, const walk_entry *e, mls_diag *diag)
{
  return walk_load_ex(out, r, e, diag, NULL);
}

/* Git's order of two entries of one tree (repo__git_order). */
static int git_order(const odb_tree_ent *a, const odb_tree_ent *b)
{
  return repo__git_order(a->name, a->n, a->mode == 0040000, b->name, b->n,
                         b->mode == 0040000);
}

/* Tree id's bytes from r's side reader (repo__side_reader): MLS_OK with
 * *data (borrowed: valid until the next call) and *size, -1 when the
 * reader is not there or declines (libgit2's to read), or MLS_ENOMEM. The
 * last REPO_SIDE_TREES trees read are kept. */
static int side_tree(repo *r, const repo_oid *id, const unsigned char **data,
                     size_t *size)
{
  odb *o = repo__side_reader(r);
  odb_obj obj;
  unsigned slot;
  int rc;

  if (!o) {
    return -1;
  }
  for (unsigned i = 0; i < REPO_SIDE_TREES; i++) {
    if (r->trees[i].data && repo_oid_equal(&r->trees[i].id, id)) {
      *data = r->trees[i].data;
      *size = r->trees[i].size;
      return MLS_OK;
    }
  }
  rc = odb_read(o, id, ODB_TREE_MAX, &obj);
  if (rc == MLS_ENOMEM) {
    return rc;
  }
  if (rc != MLS_OK || obj.type != ODB_TREE || obj.size > REPO_SIDE_TREE_MAX) {
    mls_free(obj.data);
    return -1; /* (a tree past the bound is left to libgit2) */
  }
  slot = r->trees_next;
  r->trees_next = (slot + 1) % REPO_SIDE_TREES;
  mls_free(r->trees[slot].data);
  r->trees[slot].id = *id;
  r->trees[slot].data = obj.data;
  r->trees[slot].size = obj.size;
  *data = obj.data;
  *size = obj.size;
  return MLS_OK;
}

/* The entry named name (n bytes) of tree, read by r's side reader as
 * libgit2's git_tree_entry_byname() would find it: 1 with *hit (its name
 * pointing into bytes that may be freed: use its id and mode only), 0 when
 * there is none, -1 when this does not decide (no side reader, an object
 * it declines, a tree out of Git's order -- libgit2's search relies on
 * that order), or MLS_ENOMEM. */
static int native_entry(repo *r, const repo_oid *tree, const char *name,
                        size_t n, odb_tree_ent *hit)
{
  const unsigned char *data;
  odb_tree_ent e, prev;
  bool found = false, first = true;
  size_t at = 0, size;
  int rc;

  if ((rc = side_tree(r, tree, &data, &size)) != MLS_OK) {
    return rc;
  }
  while (at < size) {
    if (!odb_tree_next(data, size, &at, &e) ||
        (!first && git_order(&prev, &e) >= 0)) {
      return -1;
    }
    if (e.n == n && memcmp(e.name, name, n) == 0) {
      found = true;
      *hit = e;
    }
    prev = e;
    first = false;
  }
  return found;
}

/* git_tree_entry_bypath() from r's root tree, read by r's side reader:
 * 1 with the entry's id and (normalised) mode, 0 when libgit2 would
 * find no such entry, -1 when this does not decide (native_entry(), or a
 * path with an empty, "." or ".." component or a trailing '/'), or
 * MLS_ENOMEM. */
static int native_bypath(repo *r, const char *path, repo_oid *id,
                         unsigned *mode)
{
  repo_oid cur = r->tree;
  const char *p = path;

  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    odb_tree_ent hit;
    int found;

    if (n == 0 || (slash && slash[1] == '\0') || (n == 1 && p[0] == '.') ||
        (n == 2 && p[0] == '.' && p[1] == '.')) {
      return -1;
    }
    if ((found = native_entry(r, &cur, p, n, &hit)) != 1) {
      return found;
    }
    if (!slash) {
      *id = hit.id;
      *mode = hit.mode;
      return 1;
    }
    if (hit.mode != 0040000) {
      return 0; /* more components: libgit2 wants a tree */
    }
    cur = hit.id;
    p = slash + 1;
  }
}

int repo_read_path(mls_blob *out, repo *r, const char *path, mls_diag *diag)
{
  git_tree *root = NULL;
  git_tree_entry *ent = NULL;
  git_oid oid;
  repo_oid id;
  int error;

  MLS_ASSERT_ARG(out && r && path);
  if (r->worktree) {
    walk_entry e;
    int fd =
        repo__open_beneath(r->root_fd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
      return MLS_EIO; /* no such file: the caller's to report */
    }
    if (fd >= 0) {
      close(fd);
    }
    memset(&e, 0, sizeof(e));
    e.path = path;
    e.path_len = strlen(path);
    return repo__file_load(out, r, &e, diag);
  }
  if (repo__side_reader(r)) {
    unsigned mode = 0;
    int found = native_bypath(r, path, &id, &mode);
    if (found == MLS_ENOMEM) {
      return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    }
    if (found == 0) {
      return MLS_EIO; /* no such file: the caller's to report */
    }
    if (found == 1) {
      /* Only regular files, as below. */
      if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
        return mls_diag_add(diag, MLS_EIO, NULL, "%s: not a regular file",
                            path);
      }
      return repo_blob_load(out, r, &id, diag);
    }
    /* Not decided here: libgit2 looks it up. */
  }
  if ((error = repo__git(r, diag)) < 0) {
    return error;
  }
  repo__oid_to_git(&oid, &r->tree);
  if ((error = git_tree_lookup(&root, r->git, &oid)) < 0) {
    error = mls_diag_git(diag, error, "reading the root tree");
    goto done;
  }
  if ((error = git_tree_entry_bypath(&ent, root, path)) < 0) {
    if (error == GIT_ENOTFOUND) {
      git_error_clear();
      error = MLS_EIO; /* no such file: the caller's to report */
    } else {
      error = mls_diag_git(diag, error, "looking up %s", path);
    }
    goto done;
  }
  /* Only regular files: a symbolic link could name anything, a gitlink is
   * another repository's commit. */
  if (git_tree_entry_filemode(ent) != GIT_FILEMODE_BLOB &&
      git_tree_entry_filemode(ent) != GIT_FILEMODE_BLOB_EXECUTABLE) {
    error = mls_diag_add(diag, MLS_EIO, NULL, "%s: not a regular file", path);
    goto done;
  }
  repo__oid_from_git(&id, git_tree_entry_id(ent));
  error = repo_blob_load(out, r, &id, diag);

done:
  git_tree_entry_free(ent);
  git_tree_free(root);
  return error;
}

/* ---------------------------------------------------------------------- */
/* Directory listings (repo_list_tree).                                     */

/* The entry named name (n bytes, a name_ok() one) of tree: 1 with its id
 * and (normalised) mode, 0 when there is none, or a failure with a
 * diagnostic naming path. Natively when the reader decides, else as
 * libgit2's git_tree_entry_bypath() finds it, as repo_read_path() looks
 * files up. */
static int entry_in(repo *r, const repo_oid *tree, const char *name, size_t n,
                    const char *path, repo_oid *id, unsigned *mode,
                    mls_diag *diag)
{
  char one[MLS_MAX_PATH_BYTES + 1];
  git_tree *t = NULL;
  git_tree_entry *ent = NULL;
  git_oid oid;
  int error;

  {
    odb_tree_ent hit;
    int found = native_entry(r, tree, name, n, &hit);
    if (found == MLS_ENOMEM) {
      return mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    }
    if (found == 1) {
      *id = hit.id;
      *mode = hit.mode;
    }
    if (found >= 0) {
      return found;
    }
  }
  if ((error = repo__git(r, diag)) < 0) {
    return error;
  }
  repo__oid_to_git(&oid, tree);
  if ((error = git_tree_lookup(&t, r->git, &oid)) < 0) {
    error = mls_diag_git(diag, error, "cannot read the tree above %s", path);
    goto done;
  }
  memcpy(one, name, n);
  one[n] = '\0';
  error = git_tree_entry_bypath(&ent, t, one);
  if (error == GIT_ENOTFOUND) {
    git_error_clear();
    error = 0;
    goto done;
  }
  if (error < 0) {
    error = mls_diag_git(diag, error, "looking up %s", path);
    goto done;
  }
  *mode = (unsigned)git_tree_entry_filemode(ent);
  repo__oid_from_git(id, git_tree_entry_id(ent));
  error = 1;

done:
  git_tree_entry_free(ent);
  git_tree_free(t);
  return error;
}

/* Whether name (n bytes) is one a checkout could hold: not "", "." or
 * "..", no '/'. */
static bool name_ok(const char *name, size_t n)
{
  return n > 0 && !(n == 1 && name[0] == '.') &&
         !(n == 2 && name[0] == '.' && name[1] == '.') && !memchr(name, '/', n);
}

static bool is_dot_git(const char *name, size_t n)
{
  return n == 4 && memcmp(name, ".git", 4) == 0;
}

/* Check dir (repo_list_tree's) and call each of its components in turn:
 * step(ctx, component, n) returns MLS_OK to go on. A component no
 * checkout could hold: MLS_ERROR with a diagnostic (the caller broke the
 * promise of a normalized path); .git: MLS_EINPUT (never listed). */
static int each_component(const char *dir,
                          int (*step)(void *, const char *, size_t), void *ctx,
                          mls_diag *diag)
{
  const char *p = dir;

  if (strlen(dir) > MLS_MAX_PATH_BYTES) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "directory path longer than %u bytes",
                        (unsigned)MLS_MAX_PATH_BYTES);
  }
  while (*p) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    int rc;
    if (!name_ok(p, n) || (slash && slash[1] == '\0')) {
      return mls_diag_add(diag, MLS_ERROR, NULL,
                          "directory path \"%s\" is not normalized", dir);
    }
    if (is_dot_git(p, n)) {
      return MLS_EINPUT;
    }
    if ((rc = step(ctx, p, n)) != MLS_OK) {
      return rc;
    }
    p = slash ? slash + 1 : p + n;
  }
  return MLS_OK;
}

/* Where each_component() walks a directory path of the object database:
 * the tree reached so far. */
typedef struct tree_walk {
  repo *r;                           /* borrowed: the repository */
  const char *dir;                   /* borrowed: the whole path */
  repo_oid tree;                     /* the tree reached */
  mls_diag *diag;                    /* borrowed: for failures */
  char path[MLS_MAX_PATH_BYTES + 1]; /* the prefix looked up */
} tree_walk;

static int tree_step(void *ctx, const char *name, size_t n)
{
  tree_walk *w = ctx;
  size_t end = (size_t)(name - w->dir) + n;
  unsigned mode = 0;
  repo_oid id;
  int found;

  memcpy(w->path, w->dir, end);
  w->path[end] = '\0';
  found = entry_in(w->r, &w->tree, name, n, w->path, &id, &mode, w->diag);
  if (found <= 0) {
    return found < 0 ? found : MLS_EIO; /* no such entry */
  }
  if (mode == GIT_FILEMODE_TREE) {
    w->tree = id;
    return MLS_OK;
  }
  if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
    return MLS_EIO; /* a file, not a directory */
  }
  return MLS_EINPUT; /* a symbolic link or a submodule: not followed */
}

/* One tree being listed: libgit2's, or its bytes as the native reader
 * read them, checked whole before the first entry is used (as walk.c). */
typedef struct lframe {
  git_tree *tree;     /* owned, or NULL for a native tree */
  unsigned char *raw; /* owned: a native tree's bytes */
  size_t rawlen;      /* their length */
  size_t next;        /* the next entry: index into tree, offset into raw */
  size_t count;       /* entries of tree (libgit2's) */
  size_t len;         /* bytes of the listing's path for this tree */
  unsigned depth;     /* levels below the listed directory */
} lframe;

static int lframe_open(repo *r, lframe *f, const repo_oid *id, mls_diag *diag)
{
  git_oid oid;
  int rc;

  memset(f, 0, sizeof(*f));
  if ((rc = repo__tree_native(repo__side_reader(r), id, &f->raw, &f->rawlen,
                              diag)) <= 0) {
    return rc; /* read natively, or out of memory */
  }
  if ((rc = repo__git(r, diag)) < 0) {
    return rc;
  }
  repo__oid_to_git(&oid, id);
  if ((rc = git_tree_lookup(&f->tree, r->git, &oid)) < 0) {
    f->tree = NULL;
    return repo__diag_git_read(r, diag, rc, "cannot read tree");
  }
  f->count = git_tree_entrycount(f->tree);
  return MLS_OK;
}

static bool lframe_next(lframe *f, odb_tree_ent *e)
{
  return repo__tree_next(f->raw, f->rawlen, f->tree, f->count, &f->next, e);
}

static void lframe_dispose(lframe *f)
{
  if (f->tree) { /* libgit2 may not be loaded for a native tree */
    git_tree_free(f->tree);
  }
  mls_free(f->raw);
  f->tree = NULL;
  f->raw = NULL;
}

/* Append "/name" (or "name" at the top) to path, whose first base bytes
 * are in use: its new length, or 0 past MLS_MAX_PATH_BYTES. */
static size_t path_push(char *path, size_t base, const char *name, size_t n)
{
  size_t len = base + (base > 0) + n;
  if (len > MLS_MAX_PATH_BYTES) {
    return 0;
  }
  if (base > 0) {
    path[base] = '/';
  }
  memcpy(path + base + (base > 0), name, n);
  path[len] = '\0';
  return len;
}

static int list_odb(repo *r, const char *dir, unsigned max_depth,
                    repo_list_cb cb, void *payload, mls_diag *diag)
{
  lframe *stack = NULL;
  tree_walk *tw = NULL;
  char *path = NULL;
  size_t sp = 0;
  int rc;

  if (r->empty) { /* no commit: an empty root, nothing below it */
    return dir[0] ? MLS_EIO : MLS_OK;
  }
  if (!(tw = mls_calloc(1, sizeof(*tw))) ||
      !(stack = mls_calloc(MLS_MAX_TREE_DEPTH + 1, sizeof(*stack))) ||
      !(path = mls_malloc(MLS_MAX_PATH_BYTES + 1))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  tw->r = r;
  tw->dir = dir;
  tw->tree = r->tree;
  tw->diag = diag;
  if ((rc = each_component(dir, tree_step, tw, diag)) != MLS_OK ||
      max_depth == 0) {
    goto done;
  }
  if ((rc = lframe_open(r, &stack[0], &tw->tree, diag)) < 0) {
    goto done;
  }
  sp = 1;
  while (sp > 0) {
    lframe *f = &stack[sp - 1];
    repo_list_kind kind = REPO_LIST_OTHER;
    bool enter = false;
    odb_tree_ent e;
    size_t len;

    if (!lframe_next(f, &e)) {
      lframe_dispose(f);
      sp--;
      continue;
    }
    if (!name_ok(e.name, e.n)) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "tree entry with an invalid name below %s",
                        dir[0] ? dir : "the root");
      goto done;
    }
    if (is_dot_git(e.name, e.n)) {
      continue; /* as the walk: never a file of the repository */
    }
    if (!(len = path_push(path, f->len, e.name, e.n))) {
      rc =
          mls_diag_add(diag, MLS_ELIMIT, NULL,
                       "entry whose path is longer than %u bytes below %s",
                       (unsigned)MLS_MAX_PATH_BYTES, dir[0] ? dir : "the root");
      goto done;
    }
    if (e.mode == GIT_FILEMODE_BLOB || e.mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
      kind = REPO_LIST_FILE;
    } else if (e.mode == GIT_FILEMODE_TREE) {
      enter = f->depth + 1 < max_depth;
      /* One frame per level: past the bound its files stay unlisted. */
      kind = enter && sp > MLS_MAX_TREE_DEPTH ? REPO_LIST_OTHER : REPO_LIST_DIR;
      enter = enter && kind == REPO_LIST_DIR;
    }
    if ((rc = cb(payload, path, len, kind)) < 0) {
      goto done;
    }
    if (enter) {
      repo_oid id = e.id;
      unsigned depth = f->depth + 1;
      if ((rc = lframe_open(r, &stack[sp], &id, diag)) < 0) {
        goto done;
      }
      stack[sp].len = len;
      stack[sp].depth = depth;
      sp++; /* f is not used past this point */
    }
  }
  rc = MLS_OK;

done:
  while (sp > 0) {
    lframe_dispose(&stack[--sp]);
  }
  mls_free(stack);
  mls_free(path);
  mls_free(tw);
  return rc;
}

/* Where each_component() walks a directory path on disk: the directory
 * reached so far, opened beneath the one before it. */
typedef struct disk_walk {
  int fd;          /* owned: the directory reached, or -1 */
  mls_diag *diag;  /* borrowed: for failures */
  const char *dir; /* borrowed: the whole path, for messages */
} disk_walk;

/* Whether the directory fd holds .git: another repository's files (a
 * submodule's checkout, a clone inside the clone), as the walk sees it. */
static bool holds_git(int fd)
{
  struct stat st;
  return fstatat(fd, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int disk_step(void *ctx, const char *name, size_t n)
{
  disk_walk *w = ctx;
  char comp[MLS_MAX_PATH_BYTES + 1];
  struct stat st;
  int fd;

  memcpy(comp, name, n);
  comp[n] = '\0';
  if (fstatat(w->fd, comp, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return MLS_EIO;
    }
    return mls_diag_add(w->diag, MLS_ERROR, NULL, "cannot list %s: %s", w->dir,
                        io_reason(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    return MLS_EINPUT; /* never followed */
  }
  if (!S_ISDIR(st.st_mode)) {
    return MLS_EIO; /* a file: no such directory */
  }
  fd = openat(w->fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    /* Swapped for a link since fstatat, or unreadable. */
    return errno == ELOOP || errno == ENOTDIR
               ? MLS_EINPUT
               : mls_diag_add(w->diag, MLS_ERROR, NULL, "cannot list %s: %s",
                              w->dir, io_reason(errno));
  }
  close(w->fd);
  w->fd = fd;
  return holds_git(fd) ? MLS_EINPUT : MLS_OK;
}

/* One directory being listed on disk. */
typedef struct dlframe {
  DIR *d;         /* owned: the directory, read as it is listed */
  size_t len;     /* bytes of the listing's path for it */
  unsigned depth; /* levels below the listed directory */
} dlframe;

static int list_disk(repo *r, const char *dir, unsigned max_depth,
                     repo_list_cb cb, void *payload, mls_diag *diag)
{
  disk_walk w = { -1, diag, dir };
  dlframe *stack = NULL;
  char *path = NULL;
  size_t sp = 0;
  int rc;

  w.fd = openat(r->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (w.fd < 0) {
    return mls_diag_add(diag, MLS_ERROR, NULL, "cannot list %s: %s",
                        dir[0] ? dir : "the root", io_reason(errno));
  }
  if ((rc = each_component(dir, disk_step, &w, diag)) != MLS_OK ||
      max_depth == 0) {
    goto done;
  }
  if (!(stack = mls_calloc(MLS_MAX_TREE_DEPTH + 1, sizeof(*stack))) ||
      !(path = mls_malloc(MLS_MAX_PATH_BYTES + 1))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  if (!(stack[0].d = fdopendir(w.fd))) {
    rc = mls_diag_add(diag, MLS_ERROR, NULL, "cannot list %s: %s",
                      dir[0] ? dir : "the root", io_reason(errno));
    goto done;
  }
  w.fd = -1; /* the DIR owns it */
  sp = 1;
  while (sp > 0) {
    dlframe *f = &stack[sp - 1];
    repo_list_kind kind;
    struct dirent *de;
    struct stat st;
    int sub = -1;
    size_t len, n;

    errno = 0;
    if (!(de = readdir(f->d))) {
      if (errno != 0) {
        rc = mls_diag_add(diag, MLS_ERROR, NULL, "cannot list %s: %s",
                          dir[0] ? dir : "the root", io_reason(errno));
        goto done;
      }
      closedir(f->d);
      f->d = NULL;
      sp--;
      continue;
    }
    n = strlen(de->d_name);
    if (!name_ok(de->d_name, n) || is_dot_git(de->d_name, n)) {
      continue; /* ".", "..", and .git as the walk leaves it out */
    }
    if (fstatat(dirfd(f->d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      continue; /* removed since readdir: it is not there to list */
    }
    if (S_ISREG(st.st_mode)) {
      kind = REPO_LIST_FILE;
    } else if (S_ISDIR(st.st_mode)) {
      kind = REPO_LIST_DIR;
      sub = openat(dirfd(f->d), de->d_name,
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      /* Unreadable, swapped for a link, another repository, or past the
       * depth bound: its files stay unlisted. */
      if (sub < 0 || holds_git(sub) ||
          (f->depth + 1 < max_depth && sp > MLS_MAX_TREE_DEPTH)) {
        kind = REPO_LIST_OTHER;
      }
      if (sub >= 0 && (kind != REPO_LIST_DIR || f->depth + 1 >= max_depth)) {
        close(sub);
        sub = -1;
      }
    } else if (S_ISLNK(st.st_mode)) {
      kind = REPO_LIST_OTHER;
    } else {
      continue; /* FIFOs, sockets and devices are not files to list */
    }
    if (!(len = path_push(path, f->len, de->d_name, n))) {
      if (sub >= 0) {
        close(sub);
      }
      rc =
          mls_diag_add(diag, MLS_ELIMIT, NULL,
                       "entry whose path is longer than %u bytes below %s",
                       (unsigned)MLS_MAX_PATH_BYTES, dir[0] ? dir : "the root");
      goto done;
    }
    if ((rc = cb(payload, path, len, kind)) < 0) {
      if (sub >= 0) {
        close(sub);
      }
      goto done;
    }
    if (sub >= 0) {
      unsigned depth = f->depth + 1;
      if (!(stack[sp].d = fdopendir(sub))) {
        close(sub);
        rc = mls_diag_add(diag, MLS_ERROR, NULL, "cannot list %s: %s", path,
                          io_reason(errno));
        goto done;
      }
      stack[sp].len = len;
      stack[sp].depth = depth;
      sp++; /* f is not used past this point */
    }
  }
  rc = MLS_OK;

done:
  while (sp > 0) {
    closedir(stack[--sp].d);
  }
  if (w.fd >= 0) {
    close(w.fd);
  }
  mls_free(stack);
  mls_free(path);
  return rc;
}

int repo_list_tree(repo *r, const char *dir, unsigned max_depth,
                   repo_list_cb cb, void *payload, mls_diag *diag)
{
  MLS_ASSERT_ARG(r && dir && cb && diag);
  if (r->worktree) {
    return list_disk(r, dir, max_depth, cb, payload, diag);
  }
  return list_odb(r, dir, max_depth, cb, payload, diag);
}
