/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/confine.c -- what a repository may have libgit2 read: nothing
 * outside the directories the sweep was given (docs/git.md "Nothing
 * outside the target").
 *
 * Stage: repo job, before libgit2 opens a repository. The native reader
 * opens every file beneath the git directory and declines anything else;
 * libgit2 follows what the repository names: a gitlink file (`.git`
 * holding `gitdir:`), `commondir`, `objects/info/alternates` (and the
 * alternates' own), `[include] path` in its config, and symbolic links
 * anywhere in it. Each of those is resolved here, and one that leads
 * outside the target's directory (or a directory --allow-git-dir names)
 * is a diagnostic: the repository is not opened. A FIFO, socket or device
 * where libgit2 would read a file is refused too: opening one blocks.
 * Bounded: directories are listed to REFS_MAX_DEPTH and CONFINE_MAX_ENTRIES
 * entries in all, alternates followed to ALT_MAX_DEPTH (libgit2's own
 * limit) and includes to INCLUDE_MAX_DEPTH (Git's).
 */
#define _POSIX_C_SOURCE 200809L /* openat, O_CLOEXEC, O_NOFOLLOW, realpath */
#define _DEFAULT_SOURCE         /* d_type */

#include "core/git/git_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REFS_MAX_DEPTH      16
#define ALT_MAX_DEPTH       5
#define INCLUDE_MAX_DEPTH   10
#define CONFINE_MAX_ENTRIES 1000000
#define LINK_FILE_MAX       4096
#define ALTERNATES_MAX      ((size_t)64 << 10)
#define CONFIG_MAX          ((size_t)1 << 20)

typedef struct confine {
  const char *root;         /* the target's directory, resolved */
  const char *const *allow; /* --allow-git-dir, resolved */
  size_t nallow;
  char *own[2];     /* a checkout's own git directories (vouch()), resolved */
  const char *repo; /* the repository's path, for messages */
  mls_diag *diag;
  size_t entries;                    /* directory entries looked at */
  char path[MLS_MAX_PATH_BYTES + 1]; /* scratch for joins */
} confine;

static bool below(const char *real, const char *dir)
{
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') {
    n--;
  }
  if (n == 1 && dir[0] == '/') {
    return real[0] == '/';
  }
  return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static bool allowed(const confine *c, const char *real)
{
  if (c->root && below(real, c->root)) {
    return true;
  }
  for (size_t i = 0; i < c->nallow; i++) {
    if (c->allow[i] && below(real, c->allow[i])) {
      return true;
    }
  }
  for (size_t i = 0; i < sizeof(c->own) / sizeof(c->own[0]); i++) {
    if (c->own[i] && below(real, c->own[i])) {
      return true;
    }
  }
  return false;
}

/* Why the repository is not opened: it leads outside (`what`, then the
 * place `where`), or, not `out`, holds what cannot be checked or read
 * safely. */
static int say(confine *c, bool out, const char *what, const char *where)
{
  return mls_diag_add(
      c->diag, MLS_EGIT, NULL, "repository '%s' %s: %s '%s'%s", c->repo,
      out ? "reads outside the directory swept" : "not opened", what, where,
      out ? "; not opened (--allow-git-dir DIR lets it read below DIR)"
          : " (what libgit2 would read cannot be checked to stay inside "
            "the directory swept)");
}

static int outside(confine *c, const char *what, const char *where)
{
  return say(c, true, what, where);
}

static int refuse(confine *c, const char *what, const char *where)
{
  return say(c, false, what, where);
}

/* dir "/" name into c->path; false past the length bound. */
static bool join(confine *c, const char *dir, const char *name)
{
  int n = snprintf(c->path, sizeof(c->path), "%s/%s", dir, name);
  return n > 0 && (size_t)n < sizeof(c->path);
}

/* Where path leads (every link resolved) must be allowed: MLS_OK, or a
 * diagnostic naming `what`. A path that leads nowhere (a dangling link, a
 * missing directory) is no read: libgit2 finds nothing there either. */
static int check_real(confine *c, const char *path, const char *what)
{
  char *real = realpath(path, NULL);
  int rc = MLS_OK;
  if (!real) {
    return errno == ENOENT || errno == ENOTDIR ? MLS_OK
           : errno == ENOMEM                   ? MLS_ENOMEM
                                               : outside(c, what, path);
  }
  if (!allowed(c, real)) {
    rc = outside(c, what, real);
  }
  mls_free_foreign(real);
  return rc;
}

/* A symbolic link at path: it must stay inside, and lead to a regular
 * file, a directory or nothing; *dir says whether a directory. */
static int check_link(confine *c, const char *path, const char *what, bool *dir)
{
  struct stat st;
  int rc = check_real(c, path, what);
  *dir = false;
  if (rc != MLS_OK || stat(path, &st) != 0) {
    return rc; /* refused, or dangling: nothing to read */
  }
  if (S_ISDIR(st.st_mode)) {
    *dir = true;
    return MLS_OK;
  }
  return S_ISREG(st.st_mode)
             ? MLS_OK
             : refuse(c,
                      "a link to a file that is neither regular nor a "
                      "directory:",
                      path);
}

/* One entry libgit2 may open: absent, a directory or a regular file is
 * fine; a link must stay inside; anything else (a FIFO) is refused. A
 * directory's entries are the caller's to scan (through the link). */
static int check_entry(confine *c, const char *path, const char *what)
{
  struct stat st;
  bool dir;
  if (lstat(path, &st) != 0) {
    return errno == ENOENT || errno == ENOTDIR
               ? MLS_OK
               : refuse(c, "an unreadable entry:", path);
  }
  if (S_ISLNK(st.st_mode)) {
    return check_link(c, path, what, &dir);
  }
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
    return refuse(c, "a file that is neither regular nor a directory:", path);
  }
  return MLS_OK;
}

/* Every entry below dir (itself checked by the caller) to depth: no link
 * leading outside, nothing but files and directories; a link to a
 * directory (inside) is scanned as a directory, within the same depth. */
static int scan_dir(confine *c, const char *dir, int depth)
{
  DIR *d;
  struct dirent *e;
  int rc = MLS_OK;
  char sub[MLS_MAX_PATH_BYTES + 1]; /* 4 KB a level: REFS_MAX_DEPTH deep */

  if (!(d = opendir(dir))) {
    return errno == ENOENT || errno == ENOTDIR
               ? MLS_OK
               : refuse(c, "an unreadable directory:", dir);
  }
  while (rc == MLS_OK && (e = readdir(d)) != NULL) {
    unsigned char t = e->d_type;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    if (++c->entries > CONFINE_MAX_ENTRIES) {
      rc = refuse(c, "more entries than can be checked below", dir);
      break;
    }
    if (t == DT_REG) {
      continue;
    }
    if (!join(c, dir, e->d_name)) {
      rc = refuse(c, "a path too long below", dir);
      break;
    }
    if (t == DT_UNKNOWN) {
      struct stat st;
      if (lstat(c->path, &st) != 0) {
        continue; /* gone meanwhile: libgit2 will not find it either */
      }
      t = S_ISREG(st.st_mode)   ? DT_REG
          : S_ISDIR(st.st_mode) ? DT_DIR
          : S_ISLNK(st.st_mode) ? DT_LNK
                                : DT_FIFO;
      if (t == DT_REG) {
        continue;
      }
    }
    if (t == DT_LNK) {
      bool isdir = false;
      rc = check_link(c, c->path, "a symbolic link to", &isdir);
      t = rc == MLS_OK && isdir ? DT_DIR : DT_REG;
    }
    if (t == DT_REG) {
      continue;
    }
    if (t == DT_DIR) {
      if (depth <= 0) {
        rc = refuse(c, "directories nested too deep below", dir);
      } else {
        memcpy(sub, c->path, strlen(c->path) + 1);
        rc = scan_dir(c, sub, depth - 1);
      }
    } else {
      rc =
          refuse(c, "a file that is neither regular nor a directory:", c->path);
    }
  }
  closedir(d);
  return rc;
}

/* The regular file behind path's links (which the caller checked stay
 * inside), at most max bytes, read whole into *out (NUL-terminated,
 * owned) by repo__read_beneath() from its directory, which the resolved
 * path reaches without a link: MLS_OK; 1 when there is none; MLS_ENOMEM;
 * MLS_ERROR when it is not a regular file (a FIFO is not waited on) or
 * is longer than max. */
static int read_resolved(const char *path, size_t max, char **out, size_t *len)
{
  char *real = realpath(path, NULL), *base;
  repo_read_rc r = REPO_READ_UNSURE;
  bool oom = false;
  int dir;

  *out = NULL;
  if (!real) {
    return errno == ENOENT || errno == ENOTDIR ? 1
           : errno == ENOMEM                   ? MLS_ENOMEM
                                               : MLS_ERROR;
  }
  base = strrchr(real, '/'); /* realpath() is absolute */
  *base = '\0';
  if ((dir = open(real[0] ? real : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >=
      0) {
    r = repo__read_beneath(dir, base + 1, max, NULL, out, len, &oom);
    close(dir);
  }
  mls_free_foreign(real);
  return r == REPO_READ_FOUND    ? MLS_OK
         : r == REPO_READ_ABSENT ? 1
         : oom                   ? MLS_ENOMEM
                                 : MLS_ERROR;
}

/* A file naming a directory (gitdir:, commondir, an alternates line):
 * `rel` taken from `base` when relative, into out; false past the bound. */
static bool resolve_from(char *out, size_t cap, const char *base,
                         const char *rel, size_t rlen)
{
  int n = rel[0] == '/' ? snprintf(out, cap, "%.*s", (int)rlen, rel)
                        : snprintf(out, cap, "%s/%.*s", base, (int)rlen, rel);
  return n > 0 && (size_t)n < cap;
}

static void trim(const char **p, size_t *n)
{
  while (*n && (**p == ' ' || **p == '\t')) {
    (*p)++;
    (*n)--;
  }
  while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
                (*p)[*n - 1] == '\r' || (*p)[*n - 1] == '\n')) {
    (*n)--;
  }
}

/* The next line of [*p, end) into (*line, *n), trimmed; false at the
 * end. */
static bool next_line(const char **p, const char *end, const char **line,
                      size_t *n)
{
  const char *nl;
  if (*p >= end) {
    return false;
  }
  nl = memchr(*p, '\n', (size_t)(end - *p));
  *line = *p;
  *n = (size_t)((nl ? nl : end) - *p);
  *p = nl ? nl + 1 : end;
  trim(line, n);
  return true;
}

/* read_resolved() of a file the check must read: 1 when absent, MLS_OK,
 * MLS_ENOMEM, or a refusal calling it `what`. */
static int read_checked(confine *c, const char *path, size_t max,
                        const char *what, char **text, size_t *len)
{
  int rc = read_resolved(path, max, text, len);
  return rc == MLS_ERROR ? refuse(c, what, path) : rc;
}

static int check_objects(confine *c, const char *objdir, int depth);

/* objects/info/alternates of objdir: each directory it names, and theirs
 * (with `deep`, each one checked whole as an object directory). */
static int alternates_of(confine *c, const char *objdir, int depth, bool deep)
{
  char alt[MLS_MAX_PATH_BYTES + 1];
  char *text = NULL;
  size_t len = 0, n;
  int rc;

  if (!join(c, objdir, "info/alternates")) {
    return refuse(c, "a path too long:", objdir);
  }
  if ((rc = check_entry(c, c->path, "objects/info/alternates is a link to")) <
      0) {
    return rc;
  }
  memcpy(alt, c->path, strlen(c->path) + 1);
  rc = read_checked(c, alt, ALTERNATES_MAX,
                    "an alternates file that cannot be read:", &text, &len);
  if (rc != MLS_OK) {
    return rc == 1 ? MLS_OK : rc;
  }
  for (const char *p = text, *end = text + len, *line;
       rc >= 0 && next_line(&p, end, &line, &n);) {
    char dir[MLS_MAX_PATH_BYTES + 1];
    if (n == 0 || line[0] == '#') {
      continue;
    }
    if (depth >= ALT_MAX_DEPTH) {
      rc = refuse(c, "alternates nested too deep at", alt);
    } else if (!resolve_from(dir, sizeof(dir), objdir, line, n)) {
      rc = refuse(c, "an alternates line too long in", alt);
    } else if ((rc = check_real(c, dir, "objects/info/alternates names")) ==
               MLS_OK) {
      rc = deep ? check_objects(c, dir, depth + 1)
                : alternates_of(c, dir, depth + 1, false);
    }
  }
  mls_free(text);
  return rc;
}

/* An object directory: its links, its packs and loose objects (and a
 * receive's quarantine directory, one level more), its alternates. */
static int check_objects(confine *c, const char *objdir, int depth)
{
  int rc = check_entry(c, objdir, "an objects directory is a link to");
  if (rc == MLS_OK) {
    rc = scan_dir(c, objdir, 2);
  }
  return rc == MLS_OK ? alternates_of(c, objdir, depth, true) : rc;
}

static int check_config(confine *c, const char *cfg, int depth);

/* One `path` value of an include section of the config file cfg. */
static int check_include(confine *c, const char *cfg, const char *v, size_t n,
                         int depth)
{
  char file[MLS_MAX_PATH_BYTES + 1], base[MLS_MAX_PATH_BYTES + 1];
  const char *slash = strrchr(cfg, '/');
  size_t blen = slash ? (size_t)(slash - cfg) : 1;
  struct stat st;
  int k;

  if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
    v++;
    n -= 2;
  }
  if (n == 0) {
    return MLS_OK;
  }
  /* Escapes and inner quotes are Git's to undo; a path read here other
   * than as libgit2 reads it could resolve inside for one and outside
   * for the other. */
  if (memchr(v, '\\', n) || memchr(v, '"', n)) {
    return refuse(c, "an include path with escapes or quotes in", cfg);
  }
  memcpy(base, slash ? cfg : ".", blen);
  base[blen] = '\0';
  if (n >= 2 && v[0] == '~' && v[1] == '/') {
    const char *home = getenv("HOME");
    k = snprintf(file, sizeof(file), "%s/%.*s", home ? home : "", (int)(n - 2),
                 v + 2);
    if (k <= 0 || (size_t)k >= sizeof(file)) {
      return refuse(c, "an include path too long in", cfg);
    }
  } else if (!resolve_from(file, sizeof(file), base, v, n)) {
    return refuse(c, "an include path too long in", cfg);
  }
  if (lstat(file, &st) != 0 && errno == ENOENT) {
    return MLS_OK; /* Git and libgit2 skip a missing include */
  }
  if (depth >= INCLUDE_MAX_DEPTH) {
    return refuse(c, "includes nested too deep at", cfg);
  }
  k = check_real(c, file, "its config includes");
  return k == MLS_OK ? check_config(c, file, depth + 1) : k;
}

/* A config file: not a FIFO, and every include it names inside. */
static int check_config(confine *c, const char *cfg, int depth)
{
  char *text = NULL;
  size_t len = 0;
  bool in_include = false;
  size_t n;
  /* No regular file behind it (a FIFO would block libgit2), or too long
   * for this check (libgit2 would read it): refused. */
  int rc = read_checked(c, cfg, CONFIG_MAX,
                        "a config file that cannot be checked:", &text, &len);

  if (rc != MLS_OK) {
    return rc == 1 ? MLS_OK : rc;
  }
  for (const char *p = text, *end = text + len, *line;
       rc == MLS_OK && next_line(&p, end, &line, &n);) {
    if (n == 0 || line[0] == '#' || line[0] == ';') {
      continue;
    }
    if (line[0] == '[') {
      size_t k = 1;
      while (k < n && line[k] != ']' && line[k] != ' ' && line[k] != '\t' &&
             line[k] != '.' && line[k] != '"') {
        k++;
      }
      in_include = mls_ieq_str(line + 1, k - 1, "include") ||
                   mls_ieq_str(line + 1, k - 1, "includeif");
      /* `[include] path = x` on the header's own line. */
      const char *rb = memchr(line, ']', n);
      if (!rb) {
        continue;
      }
      n -= (size_t)(rb + 1 - line);
      line = rb + 1;
      trim(&line, &n);
      if (n == 0) {
        continue;
      }
    }
    if (in_include) {
      const char *eq = memchr(line, '=', n);
      const char *key = line, *v;
      size_t kl = eq ? (size_t)(eq - line) : n, vl;
      trim(&key, &kl);
      if (!eq || !mls_ieq_str(key, kl, "path")) {
        continue;
      }
      v = eq + 1;
      vl = n - (size_t)(eq + 1 - line);
      /* An unquoted comment ends the value. */
      if (vl && v[0] != '"') {
        for (size_t i = 0; i < vl; i++) {
          if (v[i] == '#' || v[i] == ';') {
            vl = i;
            break;
          }
        }
      }
      trim(&v, &vl);
      rc = check_include(c, cfg, v, vl, depth);
    }
  }
  mls_free(text);
  return rc;
}

/* The files libgit2 opens at the top of a git directory, the
 * directories whose files it reads, and its config files. */
static int check_gitdir(confine *c, const char *gd)
{
  static const char *const files[] = {
    "HEAD",      "config", "config.worktree", "packed-refs",
    "commondir", "gitdir", "index",           "shallow",
    "info",      "refs",   "objects"
  };
  static const struct {
    const char *name;
    int depth;
  } dirs[] = { { "refs", REFS_MAX_DEPTH }, { "info", 1 } };
  static const char *const configs[] = { "config", "config.worktree" };
  char p[MLS_MAX_PATH_BYTES + 1];
  int rc = MLS_OK;

  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && rc == MLS_OK;
       i++) {
    if (!join(c, gd, files[i])) {
      return refuse(c, "a path too long:", gd);
    }
    rc = check_entry(c, c->path, "a link in the git directory to");
  }
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && rc == MLS_OK; i++) {
    if (join(c, gd, dirs[i].name)) {
      memcpy(p, c->path, strlen(c->path) + 1);
      rc = scan_dir(c, p, dirs[i].depth);
    }
  }
  for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]) && rc == MLS_OK;
       i++) {
    if (join(c, gd, configs[i])) {
      memcpy(p, c->path, strlen(c->path) + 1);
      rc = check_config(c, p, 0);
    }
  }
  return rc;
}

/* A one-line file's text: `prefix`, then one path (trimmed), taken from
 * base when relative, into out; false for any other form or past cap. */
static bool link_text(const char *text, size_t len, const char *prefix,
                      const char *base, char *out, size_t cap)
{
  size_t plen = strlen(prefix);
  const char *v;

  if (len < plen || memcmp(text, prefix, plen) != 0) {
    return false;
  }
  v = text + plen;
  len -= plen;
  trim(&v, &len);
  return len > 0 && !memchr(v, '\n', len) &&
         resolve_from(out, cap, base, v, len);
}

/* The directory a one-line file (`.git`'s "gitdir: X", commondir) names,
 * taken from base when relative, into out: MLS_OK, 1 when the file is
 * absent, or a diagnostic. */
static int link_file(confine *c, const char *file, const char *prefix,
                     const char *base, char *out, size_t cap)
{
  char *text = NULL;
  size_t len = 0;
  int rc = read_checked(c, file, LINK_FILE_MAX,
                        "a link file that cannot be read:", &text, &len);

  if (rc != MLS_OK) {
    return rc; /* 1: absent */
  }
  if (!link_text(text, len, prefix, base, out, cap)) {
    rc = refuse(c, "a link file of another form:", file);
  }
  mls_free(text);
  return rc;
}

/* The directory the one-line file `name` in dir names (taken from dir
 * when relative), resolved: owned, or NULL when it is absent, unreadable,
 * not one plain line or leads nowhere. Reads no more than LINK_FILE_MAX
 * bytes of a regular file (read_resolved). */
static char *named_dir(const char *dir, const char *name)
{
  char file[MLS_MAX_PATH_BYTES + 1], to[MLS_MAX_PATH_BYTES + 1];
  char *text = NULL, *real = NULL;
  size_t len = 0;
  int n = snprintf(file, sizeof(file), "%s/%s", dir, name);

  if (n <= 0 || (size_t)n >= sizeof(file) ||
      read_resolved(file, LINK_FILE_MAX, &text, &len) != MLS_OK) {
    return NULL;
  }
  if (link_text(text, len, "", dir, to, sizeof(to))) {
    real = realpath(to, NULL);
  }
  mls_free(text);
  return real;
}

/* `[core] worktree = X` of a submodule's git directory, resolved as
 * named_dir() resolves: only the plain form Git writes (no quotes, no
 * escapes, no includes followed). */
static char *core_worktree(const char *gd)
{
  char file[MLS_MAX_PATH_BYTES + 1], to[MLS_MAX_PATH_BYTES + 1];
  char *text = NULL, *real = NULL;
  size_t len = 0, n;
  bool in_core = false;
  int k = snprintf(file, sizeof(file), "%s/config", gd);

  if (k <= 0 || (size_t)k >= sizeof(file) ||
      read_resolved(file, CONFIG_MAX, &text, &len) != MLS_OK) {
    return NULL;
  }
  for (const char *p = text, *end = text + len, *line;
       !real && next_line(&p, end, &line, &n);) {
    const char *eq, *key, *v;
    size_t kl, vl;
    if (n > 0 && line[0] == '[') {
      in_core = n == 6 && mls_ieq_str(line, n, "[core]");
      continue;
    }
    if (!in_core || !(eq = memchr(line, '=', n))) {
      continue;
    }
    key = line;
    kl = (size_t)(eq - line);
    trim(&key, &kl);
    v = eq + 1;
    vl = n - (size_t)(eq + 1 - line);
    trim(&v, &vl);
    if (!mls_ieq_str(key, kl, "worktree") || vl == 0 || memchr(v, '"', vl) ||
        memchr(v, '\\', vl) || memchr(v, '#', vl) || memchr(v, ';', vl) ||
        !resolve_from(to, sizeof(to), gd, v, vl)) {
      continue;
    }
    real = realpath(to, NULL);
    break;
  }
  mls_free(text);
  return real;
}

/* A checkout named alone whose .git file names a git directory outside
 * it: a linked worktree (`git worktree add`) or a submodule's checkout.
 * That directory is the checkout's own repository when it names the
 * checkout back -- a worktree's git directory by its `gitdir` file (this
 * .git file), a submodule's by `core.worktree` (this directory) -- and
 * then it, and a worktree's common directory, are allowed as
 * --allow-git-dir would allow them. Anything short of that allows
 * nothing, and the checks that follow refuse as before. In an org sweep
 * a checkout is never vouched for: its repository is not what was given. */
static void vouch(confine *c, const char *path, const char *dotgit,
                  const char *gd)
{
  char *rpath = realpath(path, NULL), *rdot = realpath(dotgit, NULL);
  char *rgd = realpath(gd, NULL), *back = NULL;

  if (rpath && rdot && rgd && strcmp(rpath, c->root) == 0 &&
      !below(rgd, rpath)) {
    if ((back = named_dir(rgd, "gitdir")) != NULL && strcmp(back, rdot) == 0) {
      c->own[0] = rgd;
      c->own[1] = named_dir(rgd, "commondir");
      rgd = NULL;
    } else {
      mls_free_foreign(back);
      if ((back = core_worktree(rgd)) != NULL && strcmp(back, rpath) == 0) {
        c->own[0] = rgd;
        rgd = NULL;
      }
    }
  }
  mls_free_foreign(back);
  mls_free_foreign(rgd);
  mls_free_foreign(rdot);
  mls_free_foreign(rpath);
}

int repo__confine(const char *path, repo_target_kind kind, const char *root,
                  const char *const *allow, size_t nallow, mls_diag *diag)
{
  confine cs, *c = &cs;
  char gd[MLS_MAX_PATH_BYTES + 1], common[MLS_MAX_PATH_BYTES + 1];
  char objects[MLS_MAX_PATH_BYTES + 1], file[MLS_MAX_PATH_BYTES + 1];
  char *rroot = NULL;
  struct stat st;
  int rc;

  memset(c, 0, sizeof(*c));
  /* Without a target directory, the repository's own is the bound. */
  if (!root && !(rroot = realpath(path, NULL))) {
    return mls_diag_add(diag, MLS_EGIT, NULL, "cannot resolve '%s'", path);
  }
  c->root = root ? root : rroot;
  c->allow = allow;
  c->nallow = nallow;
  c->repo = path;
  c->diag = diag;

  rc = MLS_OK;
  if (kind == REPO_TARGET_CLONE) {
    int k = snprintf(file, sizeof(file), "%s/.git", path);
    if (k <= 0 || (size_t)k >= sizeof(file)) {
      rc = refuse(c, "a path too long:", path);
    } else if (lstat(file, &st) != 0) {
      rc = refuse(c, "a .git that cannot be read:", file);
    } else if (S_ISREG(st.st_mode)) {
      k = link_file(c, file, "gitdir:", path, gd, sizeof(gd));
      rc = k == 1 ? refuse(c, "a .git file that vanished:", file) : k;
      if (rc == MLS_OK) {
        vouch(c, path, file, gd);
      }
    } else if (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode)) {
      memcpy(gd, file, strlen(file) + 1);
    } else {
      rc = refuse(c, "a .git that is neither a file nor a directory:", file);
    }
  } else if (strlen(path) < sizeof(gd)) {
    memcpy(gd, path, strlen(path) + 1);
  } else {
    rc = refuse(c, "a path too long:", path);
  }
  if (rc == MLS_OK) {
    rc = check_real(c, gd, "its git directory is");
  }
  if (rc == MLS_OK) {
    rc = check_gitdir(c, gd);
  }
  /* A linked worktree's refs and objects are its common directory's. */
  memcpy(common, gd, strlen(gd) + 1);
  if (rc == MLS_OK) {
    if (!join(c, gd, "commondir")) {
      rc = refuse(c, "a path too long:", gd);
    } else {
      memcpy(file, c->path, strlen(c->path) + 1);
      int k = link_file(c, file, "", gd, common, sizeof(common));
      if (k == MLS_OK) {
        rc = check_real(c, common, "its commondir names");
        if (rc == MLS_OK) {
          rc = check_gitdir(c, common);
        }
      } else if (k != 1) {
        rc = k;
      }
    }
  }
  if (rc == MLS_OK) {
    int k = snprintf(objects, sizeof(objects), "%s/objects", common);
    rc = k > 0 && (size_t)k < sizeof(objects)
             ? check_objects(c, objects, 0)
             : refuse(c, "a path too long:", common);
  }
  mls_free_foreign(c->own[0]);
  mls_free_foreign(c->own[1]);
  mls_free_foreign(rroot);
  return rc;
}

bool repo_alternates_confined(const repo_target *t, const repo_peek_deps *deps,
                              const char *const *allow, size_t nallow)
{
  confine cs, *c = &cs;
  mls_diag scratch = MLS_DIAG_INIT;
  char objects[MLS_MAX_PATH_BYTES + 1];
  char *rroot = NULL;
  int k, rc;

  if (!t || !t->path ||
      (t->kind != REPO_TARGET_BARE && t->kind != REPO_TARGET_CLONE)) {
    return false;
  }
  /* Noted absent by the peek: nothing to ask. Found, or not noted (a peek
   * that could not vouch, or one recorded before peeks noted it): asked,
   * one open when there is none. */
  for (size_t i = 0; deps && deps->ok && i < deps->n; i++) {
    if (strcmp(deps->v[i].name, REPO_ALTERNATES_FILE) == 0 &&
        !deps->v[i].found) {
      return true;
    }
  }
  memset(c, 0, sizeof(*c));
  if (!t->root && !(rroot = realpath(t->path, NULL))) {
    return false;
  }
  c->root = t->root ? t->root : rroot;
  c->allow = allow;
  c->nallow = nallow;
  c->repo = t->path;
  c->diag = &scratch;
  k = snprintf(objects, sizeof(objects), "%s%s/objects", t->path,
               t->kind == REPO_TARGET_CLONE ? "/.git" : "");
  /* Only where the alternates lead: the objects are not read on the way
   * this serves (a cache hit), and the sweep that read them checked the
   * rest (repo__confine). */
  rc = k > 0 && (size_t)k < sizeof(objects)
           ? alternates_of(c, objects, 0, false)
           : MLS_ERROR;
  mls_diag_dispose(&scratch);
  mls_free_foreign(rroot);
  return rc == MLS_OK;
}
