/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_source.c -- the disk tf_source, and repository-relative
 * path arithmetic for module sources and file().
 *
 * Stage: module job, reading. Paths handed to a source are normalized by
 * tf__path_join() first, so "..", absolute paths and empty segments never
 * reach the file system. The disk source also refuses any path whose
 * components include a symbolic link (lstat on each prefix), so a link in a
 * hostile repository cannot lead outside it. Blobs are read whole, bounded
 * by MLS_MAX_BLOB_BYTES, with a NUL sentinel (CONVENTIONS section 7).
 * Listings for fileset() (list_tree) report symbolic links without
 * following them and enter at most MLS_MAX_TREE_DEPTH levels.
 */
#define _POSIX_C_SOURCE 200809L /* lstat, opendir, O_NOFOLLOW */

#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- paths ------------------------------------------------------------- */

int tf__path_join(char *out, size_t cap, const char *dir, const char *rel)
{
  /* Segments are pushed onto out; ".." pops one, and popping past the
   * root fails. `starts` remembers where each pushed segment began. */
  size_t starts[MLS_MAX_PATH_BYTES / 2 + 1];
  size_t nseg = 0, len = 0;
  const char *parts[2] = { dir, rel };

  if (cap == 0 || !rel || rel[0] == '/') {
    return -1;
  }
  for (int k = 0; k < 2; k++) {
    const char *p = parts[k] ? parts[k] : "";
    while (*p) {
      const char *q = p;
      size_t n;
      while (*q && *q != '/') {
        q++;
      }
      n = (size_t)(q - p);
      if (n == 0 || (n == 1 && p[0] == '.')) {
        /* empty segment or ".": nothing */
      } else if (n == 2 && p[0] == '.' && p[1] == '.') {
        if (nseg == 0) {
          return -1;
        }
        len = starts[--nseg];
        len = len > 0 ? len - 1 : 0; /* drop the '/' before it */
      } else {
        size_t need = len + (len ? 1 : 0) + n + 1;
        if (need > cap || nseg >= sizeof(starts) / sizeof(starts[0])) {
          return -1;
        }
        if (len) {
          out[len++] = '/';
        }
        starts[nseg++] = len;
        memcpy(out + len, p, n);
        len += n;
      }
      p = *q ? q + 1 : q;
    }
  }
  out[len] = '\0';
  return 0;
}

int tf__path_rel(char *out, size_t cap, const char *from, const char *to)
{
  size_t common = 0, i = 0, len = 0;

  /* The longest common prefix that ends at a segment boundary. */
  for (;;) {
    if ((from[i] == '\0' || from[i] == '/') &&
        (to[i] == '\0' || to[i] == '/')) {
      common = i;
      if (from[i] == '\0' || to[i] == '\0') {
        break;
      }
    }
    if (from[i] == '\0' || to[i] == '\0' || from[i] != to[i]) {
      break;
    }
    i++;
  }
  if (from[0] == '\0' || to[0] == '\0') {
    common = 0;
  }
  /* One ".." for each segment of `from` after the common prefix. */
  for (const char *p = from + common; *p;) {
    while (*p == '/') {
      p++;
    }
    if (!*p) {
      break;
    }
    if (len + 3 >= cap) {
      return -1;
    }
    memcpy(out + len, len ? "/.." : "..", len ? 3 : 2);
    len += len ? 3 : 2;
    while (*p && *p != '/') {
      p++;
    }
  }
  {
    const char *rest = to + common;
    size_t n;
    while (*rest == '/') {
      rest++;
    }
    n = strlen(rest);
    if (n) {
      if (len + (len ? 1 : 0) + n + 1 > cap) {
        return -1;
      }
      if (len) {
        out[len++] = '/';
      }
      memcpy(out + len, rest, n);
      len += n;
    }
  }
  if (len == 0) {
    if (cap < 2) {
      return -1;
    }
    out[len++] = '.';
  }
  out[len] = '\0';
  return 0;
}

/* ---- the disk source --------------------------------------------------- */

/* root + "/" + path into buf; refuses any component that is a symbolic
 * link or not a directory (the last one may be a file). */
static int disk_path(char *buf, size_t cap, const char *root, const char *path)
{
  size_t rl = strlen(root), pl = strlen(path);
  struct stat st;

  if (rl + 1 + pl + 1 > cap) {
    return MLS_ELIMIT;
  }
  memcpy(buf, root, rl);
  buf[rl] = '\0';
  if (pl == 0) {
    return MLS_OK;
  }
  buf[rl] = '/';
  memcpy(buf + rl + 1, path, pl + 1);
  /* lstat each prefix root/a, root/a/b, ... */
  for (size_t i = rl + 1; i <= rl + 1 + pl; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char saved = buf[i];
      buf[i] = '\0';
      if (lstat(buf, &st) != 0 || S_ISLNK(st.st_mode)) {
        buf[i] = saved;
        return MLS_EIO;
      }
      buf[i] = saved;
      if (saved == '/' && !S_ISDIR(st.st_mode)) {
        return MLS_EIO;
      }
    }
  }
  return MLS_OK;
}

static int disk_list(void *payload, const char *dir, tf_list_cb cb,
                     void *cb_payload)
{
  char path[MLS_MAX_PATH_BYTES * 2];
  char child[MLS_MAX_PATH_BYTES * 2 + 256];
  DIR *d;
  struct dirent *de;
  int rc;

  if ((rc = disk_path(path, sizeof(path), payload, dir)) < 0) {
    return rc;
  }
  if (!(d = opendir(path))) {
    return MLS_EIO;
  }
  rc = MLS_OK;
  while ((de = readdir(d)) != NULL) {
    const char *name = de->d_name;
    struct stat st;
    int n;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      continue;
    }
    n = snprintf(child, sizeof(child), "%s/%s", path, name);
    if (n < 0 || (size_t)n >= sizeof(child) || lstat(child, &st) != 0) {
      continue;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
      continue; /* links, sockets, devices */
    }
    if ((rc = cb(cb_payload, name, S_ISDIR(st.st_mode))) < 0) {
      break;
    }
  }
  closedir(d);
  return rc;
}

static int disk_read(void *payload, const char *path, char **out, size_t *len)
{
  char full[MLS_MAX_PATH_BYTES * 2];
  struct stat st;
  char *buf = NULL;
  size_t cap, got = 0;
  int fd, rc;

  *out = NULL;
  *len = 0;
  if ((rc = disk_path(full, sizeof(full), payload, path)) < 0) {
    return rc;
  }
  fd = open(full, O_RDONLY | O_NOFOLLOW);
  if (fd < 0) {
    return MLS_EIO;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return MLS_EIO;
  }
  if ((uintmax_t)st.st_size > MLS_MAX_BLOB_BYTES) {
    close(fd);
    return MLS_ELIMIT;
  }
  cap = (size_t)st.st_size + 1;
  if (!(buf = mls_malloc(cap))) {
    close(fd);
    return MLS_ENOMEM;
  }
  /* Read what is there now; a file that grew since fstat is cut at its
   * old size, one that shrank ends early. */
  while (got + 1 < cap) {
    ssize_t r = read(fd, buf + got, cap - 1 - got);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r < 0) {
      mls_free(buf);
      close(fd);
      return MLS_EIO;
    }
    if (r == 0) {
      break;
    }
    got += (size_t)r;
  }
  close(fd);
  buf[got] = '\0';
  *out = buf;
  *len = got;
  return MLS_OK;
}

/* root + "/" + dir into buf for a listing: MLS_OK; MLS_EIO when a
 * component is missing or not a directory; MLS_EINPUT when one is a
 * symbolic link or .git (not followed); MLS_ERROR when one cannot be
 * examined; MLS_ELIMIT when it does not fit. */
static int disk_dir(char *buf, size_t cap, const char *root, const char *dir)
{
  size_t rl = strlen(root), dl = strlen(dir), start;
  struct stat st;

  if (rl + 1 + dl + 1 > cap) {
    return MLS_ELIMIT;
  }
  memcpy(buf, root, rl);
  buf[rl] = '\0';
  if (dl == 0) {
    return MLS_OK;
  }
  buf[rl] = '/';
  memcpy(buf + rl + 1, dir, dl + 1);
  start = rl + 1;
  for (size_t i = start; i <= rl + 1 + dl; i++) {
    char saved;
    int rc = MLS_OK;
    if (buf[i] != '/' && buf[i] != '\0') {
      continue;
    }
    saved = buf[i];
    buf[i] = '\0';
    if (strcmp(buf + start, ".git") == 0) {
      rc = MLS_EINPUT;
    } else if (lstat(buf, &st) != 0) {
      rc = errno == ENOENT || errno == ENOTDIR ? MLS_EIO : MLS_ERROR;
    } else if (S_ISLNK(st.st_mode)) {
      rc = MLS_EINPUT;
    } else if (!S_ISDIR(st.st_mode)) {
      rc = MLS_EIO;
    }
    buf[i] = saved;
    if (rc < 0) {
      return rc;
    }
    start = i + 1;
  }
  return MLS_OK;
}

/* A directory waiting to be listed by disk_list_tree. */
typedef struct disk_pending {
  char *rel;      /* owned: its path below the listed directory, "" first */
  unsigned depth; /* its levels below the listed directory */
} disk_pending;

static int disk_list_tree(void *payload, const char *dir, unsigned max_depth,
                          tf_tree_cb cb, void *cb_payload)
{
  char base[MLS_MAX_PATH_BYTES * 2];
  char full[MLS_MAX_PATH_BYTES * 3 + 8];
  disk_pending *stack = NULL;
  size_t sp = 0, cap = 0;
  DIR *d = NULL;
  int rc;

  if ((rc = disk_dir(base, sizeof(base), payload, dir)) < 0 || max_depth == 0) {
    return rc;
  }
  if (!(stack = mls_malloc(sizeof(*stack))) ||
      !(stack[0].rel = mls_strndup("", 0))) {
    mls_free(stack);
    return MLS_ENOMEM;
  }
  stack[0].depth = 0;
  sp = cap = 1;
  while (sp > 0) {
    disk_pending cur = stack[--sp];
    struct dirent *de;
    int n, fd;

    n = snprintf(full, sizeof(full), "%s%s%s", base, cur.rel[0] ? "/" : "",
                 cur.rel);
    fd = n < 0 || (size_t)n >= sizeof(full)
             ? -1
             : open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || !(d = fdopendir(fd))) {
      if (fd >= 0) {
        close(fd);
      }
      mls_free(cur.rel);
      rc = MLS_ERROR; /* it was a directory when it was reported */
      goto done;
    }
    while ((de = readdir(d)) != NULL) {
      const char *name = de->d_name;
      char rel[MLS_MAX_PATH_BYTES + 1];
      tf_entry_kind kind;
      bool enter = false;
      struct stat st;
      if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
          strcmp(name, ".git") == 0) {
        continue; /* .git: as the walk, never a file of the repository */
      }
      if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        continue; /* removed since readdir */
      }
      n = snprintf(rel, sizeof(rel), "%s%s%s", cur.rel, cur.rel[0] ? "/" : "",
                   name);
      if (n < 0 || (size_t)n >= sizeof(rel)) {
        rc = MLS_ELIMIT;
        break;
      }
      if (S_ISREG(st.st_mode)) {
        kind = TF_ENTRY_FILE;
      } else if (S_ISLNK(st.st_mode)) {
        kind = TF_ENTRY_OTHER;
      } else if (S_ISDIR(st.st_mode)) {
        struct stat gst;
        int m = snprintf(full, sizeof(full), "%s/%s/.git", base, rel);
        enter = cur.depth + 1 < max_depth;
        kind = TF_ENTRY_DIR;
        /* Another repository's files, or past the depth bound. */
        if (m < 0 || (size_t)m >= sizeof(full) || lstat(full, &gst) == 0 ||
            (enter && cur.depth + 1 > MLS_MAX_TREE_DEPTH)) {
          kind = TF_ENTRY_OTHER;
          enter = false;
        }
      } else {
        continue; /* FIFOs, sockets and devices are not regular files */
      }
      if ((rc = cb(cb_payload, rel, kind)) < 0) {
        break;
      }
      if (enter) {
        if (sp == cap) {
          size_t bytes;
          disk_pending *nv;
          if (!mls_mul_sz(&bytes, cap * 2, sizeof(*stack)) ||
              !(nv = mls_realloc(stack, bytes))) {
            rc = MLS_ENOMEM;
            break;
          }
          stack = nv;
          cap *= 2;
        }
        if (!(stack[sp].rel = mls_strndup(rel, (size_t)n))) {
          rc = MLS_ENOMEM;
          break;
        }
        stack[sp++].depth = cur.depth + 1;
      }
    }
    closedir(d);
    d = NULL;
    mls_free(cur.rel);
    if (rc < 0) {
      goto done;
    }
  }
  rc = MLS_OK;

done:
  while (sp > 0) {
    mls_free(stack[--sp].rel);
  }
  mls_free(stack);
  return rc;
}

void tf_disk_source(tf_source *out, const char *root)
{
  memset(out, 0, sizeof(*out));
  out->list = disk_list;
  out->read = disk_read;
  out->list_tree = disk_list_tree;
  /* The payload is only read; the cast drops const for the void *. */
  out->payload = (void *)(uintptr_t)root;
}
