/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/peek.c -- what a repository's ref points to, read from its ref
 * files without libgit2 and without reading any object.
 *
 * Stage: repo job, before the repository is opened. A warm sweep of an
 * unchanged org only needs to know that each ref still names the object
 * it named last time; that is two small file reads, where opening the
 * repository with libgit2 costs some thirty system calls and libgit2's
 * own set-up. The answer must be the one libgit2 1.5 would give
 * (git_reference_dwim(), refdb_fs), or none: anything this file does not
 * read exactly as libgit2 does -- a gitlink `.git` file, a `commondir`, a
 * symbolic link, an odd reference name, a ref file or packed-refs line of
 * another shape, a dangling symbolic ref -- is "not peeked", and the
 * caller opens the repository, which decides (and reports). Reads stay in
 * the repository's git directory: every name read is checked first, and
 * the final component is opened with O_NOFOLLOW.
 */
#define _POSIX_C_SOURCE 200809L /* O_NOFOLLOW, O_CLOEXEC */

#include "core/git/repo.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/git_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A loose ref holds an id or "ref: name": anything longer is not one we
 * read. packed-refs of a large mirror holds one line per branch and tag. */
#define LOOSE_MAX_BYTES  1024
#define PACKED_MAX_BYTES ((size_t)32 << 20)
/* Symbolic refs followed (libgit2 allows 10; HEAD -> branch is one). */
#define PEEK_MAX_NESTING 5

/* git_reference_name_is_valid() (GIT_REFERENCE_FORMAT_ALLOW_ONELEVEL)
 * over a narrower alphabet: letters, digits, '.', '_', '-', '/'. A name
 * with any other byte is not peeked (libgit2 may still take it). */
static bool name_ok(const char *name)
{
  size_t n = strlen(name), segs = 0, seg0 = 0;
  const char *s = name;

  if (n == 0 || n >= REPO_REFNAME_MAX || name[0] == '/' || name[n - 1] == '/' ||
      name[n - 1] == '.') {
    return false;
  }
  for (;;) {
    const char *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == 0 || s[0] == '.' ||
        (len >= 5 && memcmp(s + len - 5, ".lock", 5) == 0)) {
      return false;
    }
    for (size_t i = 0; i < len; i++) {
      unsigned char c = (unsigned char)s[i];
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9');
      if (!alnum && c != '.' && c != '_' && c != '-') {
        return false;
      }
      if (c == '.' && i > 0 && s[i - 1] == '.') {
        return false;
      }
    }
    if (segs++ == 0) {
      seg0 = len;
    }
    if (!e) {
      break;
    }
    s = e + 1;
  }
  /* One level: only HEAD-like names (all caps and '_', not at an end);
   * more: the first level must not be one. */
  {
    bool caps = name[0] != '_' && name[seg0 - 1] != '_';
    for (size_t i = 0; caps && i < seg0; i++) {
      caps = (name[i] >= 'A' && name[i] <= 'Z') || name[i] == '_';
    }
    return segs == 1 ? caps : !caps;
  }
}

/* git_reference_dwim()'s forms of a short name, in its order. */
static const struct {
  const char *pre, *post;
} dwim_forms[] = { { "", "" },
                   { "refs/", "" },
                   { "refs/tags/", "" },
                   { "refs/heads/", "" },
                   { "refs/remotes/", "" },
                   { "refs/remotes/", "/HEAD" } };
#define DWIM_FORMS (sizeof(dwim_forms) / sizeof(dwim_forms[0]))

/* Form i of ref into name (of size REPO_REFNAME_MAX + 32) when it is a
 * name the peek reads; false when it is not (libgit2 skips names that are
 * not valid too). */
static bool dwim_form(char *name, size_t i, const char *ref)
{
  int n = snprintf(name, REPO_REFNAME_MAX + 32, "%s%s%s", dwim_forms[i].pre,
                   ref, dwim_forms[i].post);
  return n >= 0 && n < REPO_REFNAME_MAX + 32 && name_ok(name);
}

/* Ancestry steps after a reference name, as git rev-parse reads them:
 * "~N" (N first parents; "~" is "~1"), "^N" (the Nth parent; "^" is "^1",
 * "^0" the commit itself), in any sequence. The peek follows at most this
 * many parents in all; past it libgit2 resolves the revision. */
#define STEPS_MAX_PARENTS 1000u

/* Split ref into the name before its first '~' or '^' (into base, of size
 * cap) and its steps (*steps, "" for none). False when the steps are
 * anything else (main^{tree}, HEAD@{1}, ~x) or ask for more than
 * STEPS_MAX_PARENTS parents. */
static bool split_steps(const char *ref, char *base, size_t cap,
                        const char **steps)
{
  size_t n = strcspn(ref, "~^");
  unsigned long total = 0;
  const char *p = ref + n;

  if (n == 0 || n >= cap) {
    return false;
  }
  memcpy(base, ref, n);
  base[n] = '\0';
  *steps = p;
  while (*p) {
    unsigned long v = 0;
    size_t digits = 0;
    char op = *p++;
    if (op != '~' && op != '^') {
      return false;
    }
    while (*p >= '0' && *p <= '9') {
      if (++digits > 4) {
        return false;
      }
      v = v * 10 + (unsigned long)(*p++ - '0');
    }
    total += digits ? (op == '~' ? v : v != 0) : 1;
    if (total > STEPS_MAX_PARENTS) {
      return false;
    }
  }
  return true;
}

bool repo_peek_may_read(const char *ref)
{
  char name[REPO_REFNAME_MAX + 32], base[REPO_REFNAME_MAX + 1];
  const char *steps;

  if (!ref || !*ref) {
    return true;
  }
  if (!split_steps(ref, base, sizeof(base), &steps)) {
    return false;
  }
  for (size_t i = 0; i < DWIM_FORMS; i++) {
    if (dwim_form(name, i, base)) {
      return true;
    }
  }
  return false;
}

static int64_t ts_ns(const struct timespec *t)
{
  return (int64_t)t->tv_sec * 1000000000 + (int64_t)t->tv_nsec;
}

/* git_int.h. */
int64_t repo__racy_after(void)
{
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
    return INT64_MIN;
  }
  return ts_ns(&now) - REPO_RACY_NS;
}

/* git_int.h. */
bool repo__fsig_racy(const repo_fsig *s, int64_t racy_after)
{
  return s->mtime_ns >= racy_after || s->ctime_ns >= racy_after;
}

/* git_int.h. */
void repo__fsig_of(repo_fsig *out, const struct stat *st)
{
  memset(out, 0, sizeof(*out));
  out->ino = (uint64_t)st->st_ino;
  out->dev = (uint64_t)st->st_dev;
  out->size = st->st_size < 0 ? 0 : (uint64_t)st->st_size;
  out->mtime_ns = ts_ns(&st->st_mtim);
  out->ctime_ns = ts_ns(&st->st_ctim);
  out->mode = (uint32_t)st->st_mode;
}

/* Note in deps (may be NULL) that reading `name` found rc, and the file's
 * st when FOUND. Anything but a plain file or its absence, a racy file,
 * a long name or one too many: deps can no longer vouch. */
static void dep_note(repo_peek_deps *deps, const char *name, repo_read_rc rc,
                     const struct stat *st)
{
  size_t n;

  if (!deps || !deps->ok) {
    return;
  }
  n = strlen(name);
  if ((rc != REPO_READ_FOUND && rc != REPO_READ_ABSENT) ||
      deps->n == REPO_PEEK_DEPS_MAX || n > REPO_PEEK_DEP_NAME_MAX) {
    deps->ok = false;
    return;
  }
  memcpy(deps->v[deps->n].name, name, n + 1);
  deps->v[deps->n].found = rc == REPO_READ_FOUND;
  if (rc == REPO_READ_FOUND) {
    repo__fsig_of(&deps->v[deps->n].sig, st);
    if (!S_ISREG(st->st_mode) ||
        repo__fsig_racy(&deps->v[deps->n].sig, repo__racy_after())) {
      deps->ok = false;
      return;
    }
  } else {
    memset(&deps->v[deps->n].sig, 0, sizeof(deps->v[deps->n].sig));
  }
  deps->n++;
}

/* repo__read_beneath(), noted in deps (may be NULL). */
static repo_read_rc dep_read(repo_peek_deps *deps, int gd, const char *name,
                             size_t max, char *buf, char **out, size_t *len,
                             bool *oom)
{
  struct stat st;
  bool want = deps && deps->ok;
  repo_read_rc rc = repo__read_beneath_st(gd, name, max, buf, out, len, oom,
                                          want ? &st : NULL);
  if (want) {
    dep_note(deps, name, rc, &st);
  }
  return rc;
}

/* A loose ref or another small file into buf (cap bytes with its NUL). A
 * directory holds no ref: libgit2 reads none there either. */
static repo_read_rc read_small(char *buf, size_t cap, size_t *len, int gd,
                               const char *name, repo_peek_deps *deps)
{
  repo_read_rc rc = dep_read(deps, gd, name, cap - 1, buf, NULL, len, NULL);
  return rc == REPO_READ_DIR ? REPO_READ_ABSENT : rc;
}

/* REPO_OID_HEXSZ hex digits at p into out. */
static bool parse_hex(repo_oid *out, const char *p)
{
  for (size_t i = 0; i < REPO_OID_RAWSZ; i++) {
    int hi = mls_hexval((unsigned char)p[2 * i]);
    int lo = hi < 0 ? -1 : mls_hexval((unsigned char)p[2 * i + 1]);
    if (lo < 0) {
      return false;
    }
    out->id[i] = (unsigned char)(hi << 4 | lo);
  }
  return true;
}

/* The repository's packed-refs, read once on first need. */
typedef struct packed {
  bool read;  /* tried */
  bool bad;   /* present but not read (too big, odd): give up on it */
  char *text; /* owned: the file and a NUL, or NULL when absent */
  size_t len;
} packed;

static bool packed_load(packed *pk, int gd, repo_peek_deps *deps)
{
  repo_read_rc rc;

  if (pk->read) {
    return !pk->bad;
  }
  pk->read = true;
  rc = dep_read(deps, gd, "packed-refs", PACKED_MAX_BYTES, NULL, &pk->text,
                &pk->len, NULL);
  pk->bad = rc != REPO_READ_FOUND && rc != REPO_READ_ABSENT;
  return !pk->bad;
}

/* name's id in packed-refs. Every line must be a comment, "<hex> <name>"
 * or "^<hex>", each ending in '\n', and the names strictly increasing
 * (libgit2 binary-searches a file that says it is sorted, as git writes
 * them all), or nothing of the file is trusted. */
static repo_read_rc packed_find(repo_oid *out, packed *pk, int gd,
                                const char *name, repo_peek_deps *deps)
{
  size_t nlen = strlen(name), plen = 0;
  const char *prev = NULL;
  bool found = false;

  if (!packed_load(pk, gd, deps)) {
    return REPO_READ_UNSURE;
  }
  if (!pk->text) {
    return REPO_READ_ABSENT;
  }
  for (const char *p = pk->text, *end = pk->text + pk->len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len;
    if (!nl) {
      return REPO_READ_UNSURE; /* a last line without its newline */
    }
    len = (size_t)(nl - p);
    if (p[0] == '#') {
      /* the header ("# pack-refs with: ...") */
    } else if (p[0] == '^') {
      repo_oid skip;
      if (len != 1 + REPO_OID_HEXSZ || !parse_hex(&skip, p + 1)) {
        return REPO_READ_UNSURE;
      }
    } else {
      repo_oid id;
      const char *ref = p + REPO_OID_HEXSZ + 1;
      size_t rlen = len - REPO_OID_HEXSZ - 1;
      int c;
      if (len < REPO_OID_HEXSZ + 2 || p[REPO_OID_HEXSZ] != ' ' ||
          !parse_hex(&id, p) || memchr(p, '\r', len)) {
        return REPO_READ_UNSURE;
      }
      c = prev ? memcmp(prev, ref, plen < rlen ? plen : rlen) : -1;
      if (c > 0 || (c == 0 && plen >= rlen)) {
        return REPO_READ_UNSURE; /* out of order, or twice */
      }
      prev = ref;
      plen = rlen;
      if (rlen == nlen && memcmp(ref, name, nlen) == 0) {
        *out = id;
        found = true;
      }
    }
    p = nl + 1;
  }
  return found ? REPO_READ_FOUND : REPO_READ_ABSENT;
}

/* Resolve the reference `name` (loose first, then packed, as refdb_fs
 * does), following symbolic refs. REPO_READ_ABSENT only when name itself does
 * not exist; a symbolic ref whose target is missing is REPO_READ_UNSURE. */
static repo_read_rc resolve(repo_oid *out, packed *pk, int gd, const char *name,
                            char *resolved, repo_peek_deps *deps)
{
  char buf[LOOSE_MAX_BYTES], cur[REPO_REFNAME_MAX];
  size_t n = strlen(name);

  memcpy(cur, name, n + 1);
  for (int depth = 0; depth <= PEEK_MAX_NESTING; depth++) {
    size_t len = 0;
    repo_read_rc rc = read_small(buf, sizeof(buf), &len, gd, cur, deps);
    if (rc == REPO_READ_UNSURE) {
      return rc;
    }
    if (rc == REPO_READ_ABSENT) {
      rc = packed_find(out, pk, gd, cur, deps);
      if (rc == REPO_READ_FOUND) {
        break;
      }
      return rc == REPO_READ_ABSENT && depth > 0 ? REPO_READ_UNSURE : rc;
    }
    /* libgit2 trims trailing whitespace; we take one newline at most. */
    if (len > 0 && buf[len - 1] == '\n') {
      buf[--len] = '\0';
    }
    if (len > 5 && memcmp(buf, "ref: ", 5) == 0) {
      if (!name_ok(buf + 5)) {
        return REPO_READ_UNSURE;
      }
      memcpy(cur, buf + 5, len - 5 + 1);
      continue;
    }
    if (len != REPO_OID_HEXSZ || !parse_hex(out, buf)) {
      return REPO_READ_UNSURE;
    }
    break;
  }
  if (strlen(cur) >= REPO_REFNAME_MAX) {
    return REPO_READ_UNSURE;
  }
  if (resolved) {
    memcpy(resolved, cur, strlen(cur) + 1);
  }
  return REPO_READ_FOUND;
}

/* The git directory of bare repository or clone t, or -1. The target
 * path itself may be a symbolic link the user named; the git directory of
 * a clone must be a plain directory (a gitlink file is libgit2's to
 * follow). */
static int open_gitdir(const repo_target *t)
{
  int top, gd;

  if (t->kind == REPO_TARGET_BARE) {
    return open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  if (t->kind != REPO_TARGET_CLONE ||
      (top = open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
    return -1;
  }
  gd = openat(top, ".git", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  close(top);
  return gd;
}

/* The longest objects/info/alternates a peek notes as read. */
#define ALTERNATES_MAX_BYTES ((size_t)64 << 10)

/* open_gitdir(), when the refs and objects are that directory's own: a
 * linked worktree's live in its common directory, and alternates name
 * other object directories, both libgit2's to follow. A bare target was
 * classified without a commondir (repo_targets_add). */
static int open_gitdir_deps(const repo_target *t, repo_peek_deps *deps)
{
  char scratch[2];
  size_t len = 0;
  int gd = open_gitdir(t);

  if (gd >= 0 && t->kind == REPO_TARGET_CLONE &&
      read_small(scratch, sizeof(scratch), &len, gd, "commondir", deps) !=
          REPO_READ_ABSENT) {
    close(gd);
    return -1;
  }
  /* Objects borrowed from another directory (alternates): noted, so that
   * a sweep serving this repository from the cache can ask where they
   * lead (repo_alternates_confined) and see the file change. The objects
   * themselves are libgit2's to read: odb_open() declines them. */
  if (gd >= 0 && deps && deps->ok) {
    char *text = NULL;
    bool oom = false;
    repo_read_rc rc = dep_read(deps, gd, REPO_ALTERNATES_FILE,
                               ALTERNATES_MAX_BYTES, NULL, &text, &len, &oom);
    mls_free(text);
    if (rc != REPO_READ_FOUND && rc != REPO_READ_ABSENT) {
      close(gd);
      return -1;
    }
  }
  return gd;
}

int repo__open_gitdir(const repo_target *t)
{
  return open_gitdir_deps(t, NULL);
}

#define COMMIT_MAX_BYTES ((size_t)1 << 20)

/* Commit id read from the object files into *obj (free obj->data): false
 * when it is not here, not a commit, or its bytes do not start with the
 * tree line, as every commit Git writes does. A new commit is more often a
 * loose file than packed: looked for first, the packs are not even listed. */
static bool read_commit(odb *o, const repo_oid *id, odb_obj *obj)
{
  if (odb_read_ex(o, id, COMMIT_MAX_BYTES, ODB_LOOSE_FIRST, obj) != MLS_OK) {
    return false;
  }
  if (obj->type == ODB_COMMIT && obj->size >= 5 + REPO_OID_HEXSZ + 1 &&
      memcmp(obj->data, "tree ", 5) == 0 &&
      obj->data[5 + REPO_OID_HEXSZ] == '\n') {
    return true;
  }
  mls_free(obj->data);
  return false;
}

/* The nth parent (1-based) of commit *id, read from the object files, into
 * *id; nth 0: whether *id is a commit, which stays. False when it cannot
 * say for sure: no such object here, not a commit, a commit without that
 * parent, odd header lines. */
static bool nth_parent(odb *o, repo_oid *id, unsigned long nth)
{
  odb_obj obj;
  const char *p, *end;
  unsigned long k = 0;
  bool ok = nth == 0;

  if (!read_commit(o, id, &obj)) {
    return false;
  }
  p = (const char *)obj.data + 5 + REPO_OID_HEXSZ + 1;
  end = (const char *)obj.data + obj.size;
  /* Git writes the parent lines right after the tree line. */
  while (!ok && (size_t)(end - p) >= 7 + REPO_OID_HEXSZ + 1 &&
         memcmp(p, "parent ", 7) == 0 && p[7 + REPO_OID_HEXSZ] == '\n') {
    if (++k == nth) {
      ok = parse_hex(id, p + 7);
    }
    p += 7 + REPO_OID_HEXSZ + 1;
  }
  mls_free(obj.data);
  return ok;
}

/* *id moved along steps (split_steps' syntax; "" for none), each commit
 * on the way read once. MLS_ERROR when *id is not a commit here (a tag is
 * libgit2's to peel) or the peek cannot follow the steps for sure:
 * libgit2 then resolves the revision and says what is wrong with it. */
static int follow_steps(repo_oid *id, int gd, const char *steps, bool verify)
{
  odb *o = NULL;
  bool moved = false; /* a step read *id, which proved it a commit */
  int rc = MLS_OK;

  if (odb_open(&o, gd, verify) != MLS_OK) {
    return MLS_ERROR;
  }
  for (const char *p = steps; rc == MLS_OK && *p;) {
    char op = *p++;
    unsigned long v = 0;
    bool digits = false;
    while (*p >= '0' && *p <= '9') {
      v = v * 10 + (unsigned long)(*p++ - '0');
      digits = true;
    }
    if (!digits) {
      v = 1;
    }
    if (op == '~') {
      for (unsigned long i = 0; i < v && rc == MLS_OK; i++) {
        rc = nth_parent(o, id, 1) ? MLS_OK : MLS_ERROR;
        moved = true;
      }
    } else if (v > 0) {
      rc = nth_parent(o, id, v) ? MLS_OK : MLS_ERROR;
      moved = true;
    }
  }
  if (rc == MLS_OK && !moved && !nth_parent(o, id, 0)) {
    rc = MLS_ERROR; /* no step (a commit id, "^0", "~0"): still a commit */
  }
  odb_free(o);
  return rc;
}

/* repo_peek() in the git directory gd (not closed here). */
static int peek_at(repo_peeked *out, int gd, const char *ref,
                   repo_peek_deps *deps, bool verify)
{
  char name[REPO_REFNAME_MAX + 32], base[REPO_REFNAME_MAX + 1];
  packed pk = { false, false, NULL, 0 };
  size_t nforms = DWIM_FORMS;
  const char *steps = "";
  bool id_only = false;
  int rc = MLS_ERROR;

  memset(out, 0, sizeof(*out));
  if (!ref || !*ref) {
    ref = "HEAD"; /* git_reference_dwim() tries no other form of it */
    nforms = 1;
  } else if (!split_steps(ref, base, sizeof(base), &steps)) {
    return MLS_ERROR;
  } else if (*steps) {
    ref = base;
  }
  if (strlen(ref) == REPO_OID_HEXSZ &&
      strspn(ref, "0123456789abcdef") == REPO_OID_HEXSZ) {
    /* A commit id: rev-parse takes an object of that id before any
     * reference of that name, so the peek answers only when it finds the
     * commit (follow_steps, below) and declines otherwise. No file it read
     * can change it. */
    id_only = true;
    nforms = 0;
    rc = parse_hex(&out->target, ref) ? MLS_OK : MLS_ERROR;
  }
  for (size_t i = 0; i < nforms; i++) {
    repo_read_rc pr;
    if (!dwim_form(name, i, ref)) {
      continue;
    }
    pr = resolve(&out->target, &pk, gd, name, out->name, deps);
    if (pr == REPO_READ_ABSENT) {
      continue;
    }
    rc = pr == REPO_READ_FOUND ? MLS_OK : MLS_ERROR;
    break;
  }
  mls_free(pk.text);
  if (rc == MLS_OK && (*steps || id_only)) {
    /* A revision, not a reference: libgit2's describe names no branch
     * for it, and its commits never change while the ref files hold. */
    rc = follow_steps(&out->target, gd, steps, verify);
    out->name[0] = '\0';
  }
  if (rc < 0) {
    memset(out, 0, sizeof(*out));
  }
  return rc;
}

int repo_peek(repo_peeked *out, const repo_target *t, const char *ref)
{
  int gd, rc;

  MLS_ASSERT_ARG(out && t && t->path);
  memset(out, 0, sizeof(*out));
  if ((gd = repo__open_gitdir(t)) < 0) {
    return MLS_ERROR;
  }
  rc = peek_at(out, gd, ref, NULL, true);
  close(gd);
  return rc;
}

/* ---- a repository with no commit ------------------------------------------
 */

/* Directories below refs/ looked into, and entries read, before the peek
 * gives up and libgit2 decides. */
#define EMPTY_MAX_DEPTH   8
#define EMPTY_MAX_ENTRIES 1024

/* Whether the directory `fd` (owned: closed here) holds no reference:
 * only directories, none deeper than EMPTY_MAX_DEPTH. REPO_READ_FOUND when it
 * holds none, REPO_READ_ABSENT when it holds a file, REPO_READ_UNSURE for a
 * link, anything odd, an error or a bound. */
static repo_read_rc refs_none(int fd, int depth, size_t *seen)
{
  DIR *d = fdopendir(fd);
  struct dirent *e;
  repo_read_rc rc = REPO_READ_FOUND;

  if (!d) {
    close(fd);
    return REPO_READ_UNSURE;
  }
  errno = 0;
  while (rc == REPO_READ_FOUND && (e = readdir(d)) != NULL) {
    struct stat st;
    int sub;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    if (++*seen > EMPTY_MAX_ENTRIES ||
        fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      rc = REPO_READ_UNSURE;
    } else if (S_ISREG(st.st_mode)) {
      rc = REPO_READ_ABSENT; /* a loose reference */
    } else if (!S_ISDIR(st.st_mode) || depth >= EMPTY_MAX_DEPTH ||
               (sub = repo__open_beneath(dirfd(d), e->d_name,
                                         O_RDONLY | O_DIRECTORY)) < 0) {
      rc = REPO_READ_UNSURE;
    } else {
      rc = refs_none(sub, depth + 1, seen);
    }
    errno = 0;
  }
  if (rc == REPO_READ_FOUND && errno != 0) {
    rc = REPO_READ_UNSURE;
  }
  closedir(d);
  return rc;
}

int repo_peek_empty(const repo_target *t)
{
  char buf[LOOSE_MAX_BYTES], *head;
  packed pk = { false, false, NULL, 0 };
  size_t len = 0, seen = 0;
  int rc = MLS_ERROR, gd, fd;

  MLS_ASSERT_ARG(t && t->path);
  if ((gd = repo__open_gitdir(t)) < 0) {
    return MLS_ERROR;
  }
  /* HEAD names a branch ... */
  if (repo__read_beneath(gd, "HEAD", sizeof(buf) - 1, buf, NULL, &len, NULL) !=
          REPO_READ_FOUND ||
      len < 6 || memcmp(buf, "ref: ", 5) != 0) {
    goto done;
  }
  if (buf[len - 1] == '\n') {
    buf[--len] = '\0';
  }
  head = buf + 5;
  if (!name_ok(head) || strncmp(head, "refs/", 5) != 0) {
    goto done;
  }
  /* ... that is not born: no such loose file (a directory there is
   * libgit2's to judge) ... */
  {
    char scratch[2];
    size_t n = 0;
    if (repo__read_beneath(gd, head, 1, scratch, NULL, &n, NULL) !=
        REPO_READ_ABSENT) {
      goto done;
    }
  }
  /* ... and there is no reference at all: packed-refs, when present,
   * holds nothing but comments, and refs/ holds only directories. */
  if (!packed_load(&pk, gd, NULL)) {
    goto done;
  }
  for (size_t i = 0; pk.text && i < pk.len;) {
    const char *nl = memchr(pk.text + i, '\n', pk.len - i);
    size_t end = nl ? (size_t)(nl - pk.text) : pk.len;
    if (end > i && pk.text[i] != '#') {
      rc = 0; /* a packed reference: not empty */
      goto done;
    }
    i = end + 1;
  }
  if ((fd = repo__open_beneath(gd, "refs", O_RDONLY | O_DIRECTORY)) < 0) {
    goto done; /* libgit2 would not open it either, and says why */
  }
  switch (refs_none(fd, 0, &seen)) {
  case REPO_READ_FOUND:
    rc = 1;
    break;
  case REPO_READ_ABSENT:
    rc = 0;
    break;
  default:
    break;
  }

done:
  close(gd);
  mls_free(pk.text);
  return rc;
}

/* ---- a commit's root tree, read from the object database ----------------
 *
 * A ref that names a new commit whose tree did not change (a rebuilt
 * branch, a merge of nothing IaC, the bench's 1% change in the other
 * repositories) is still served from the cache if the commit's tree can
 * be read; libgit2's set-up and repository open cost more than the rest
 * of such a repository's sweep. Read with core/git/odb.c (a loose object,
 * or a commit in a pack with a version-2 index, deltas applied, hashed
 * against its id unless the mirrors are trusted). Anything it declines --
 * a tag, an alternate object store, a multi-pack index without the packs'
 * own indexes, a file of another shape -- is "not read", and the caller
 * opens the repository. */

/* A commit bigger than this is libgit2's to read. */

/* repo_peek_tree() in the git directory gd (not closed here). */
static int peek_tree_at(repo_oid *tree, int gd, const repo_oid *id, bool verify)
{
  odb *o = NULL;
  odb_obj obj;
  int rc = MLS_ERROR;

  if (odb_open(&o, gd, verify) == MLS_OK && read_commit(o, id, &obj)) {
    if (parse_hex(tree, (const char *)obj.data + 5)) {
      rc = MLS_OK;
    }
    mls_free(obj.data);
  }
  odb_free(o);
  return rc;
}

int repo_peek_tree(repo_oid *tree, const repo_target *t, const repo_oid *id,
                   bool verify)
{
  int gd, rc;

  MLS_ASSERT_ARG(tree && t && t->path && id);
  if ((gd = open_gitdir(t)) < 0) {
    return MLS_ERROR;
  }
  rc = peek_tree_at(tree, gd, id, verify);
  close(gd);
  return rc;
}

/* ---- remote.origin.url, as libgit2 reads it ------------------------------
 */

#define CONFIG_MAX_BYTES ((size_t)64 << 10)

static bool is_blank(char c)
{
  return c == ' ' || c == '\t';
}

/* The [section "subsection"] header at p (just past '['), up to its ']':
 * false for every other shape (legacy "[a.b]", escapes in the
 * subsection, anything after ']'), which is libgit2's to read. */
static bool parse_header(const char *p, const char *end, bool *in_origin,
                         bool *include)
{
  const char *name = p, *sub = NULL;
  size_t nlen, slen = 0;

  while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '-')) {
    p++;
  }
  nlen = (size_t)(p - name);
  if (nlen == 0) {
    return false;
  }
  if (p < end && is_blank(*p)) {
    while (p < end && is_blank(*p)) {
      p++;
    }
    if (p >= end || *p != '"') {
      return false;
    }
    sub = ++p;
    while (p < end && *p != '"' && *p != '\\') {
      p++;
    }
    if (p >= end || *p != '"') {
      return false;
    }
    slen = (size_t)(p - sub);
    p++;
  }
  if (p >= end || *p != ']') {
    return false;
  }
  for (p++; p < end && is_blank(*p); p++) {
  }
  if (p < end && *p != '#' && *p != ';') {
    return false; /* a variable after the header: libgit2's to read */
  }
  /* [include] and [includeIf "..."] read other files: not ours. */
  *include = mls_ieq_str(name, nlen, "include") ||
             mls_ieq_str(name, nlen, "includeif");
  *in_origin = mls_ieq_str(name, nlen, "remote") && sub && slen == 6 &&
               memcmp(sub, "origin", 6) == 0;
  return true;
}

/* repo_peek_origin() in the git directory gd (not closed here). */
static int peek_origin_at(char **uri, int gd, repo_peek_deps *deps)
{
  char *text = NULL;
  bool in_origin = false, seen = false;
  const char *val = NULL;
  size_t vlen = 0, got = 0;
  bool oom = false;
  repo_read_rc prc;
  int rc = MLS_ERROR;

  *uri = NULL;
  /* No config, or not plainly one: libgit2 decides what that means. */
  prc = dep_read(deps, gd, "config", CONFIG_MAX_BYTES, NULL, &text, &got, &oom);
  if (prc != REPO_READ_FOUND) {
    return oom ? MLS_ENOMEM : MLS_ERROR;
  }
  if (memchr(text, '\0', got)) {
    goto done;
  }
  for (const char *p = text, *end = text + got; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end, *k;
    bool include = false;

    while (p < e && is_blank(*p)) {
      p++;
    }
    if (e > p && e[-1] == '\r') {
      e--;
    }
    for (const char *c = p; c < e; c++) {
      unsigned char u = (unsigned char)*c;
      if ((u < 0x20 && u != '\t') || u >= 0x7f) {
        goto done; /* control bytes, non-ASCII: libgit2's to read */
      }
    }
    if (p == e || *p == '#' || *p == ';') {
      /* blank or comment */
    } else if (*p == '[') {
      if (!parse_header(p + 1, e, &in_origin, &include) || include) {
        goto done;
      }
    } else {
      /* name [= value] */
      k = p;
      while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || *p == '-')) {
        p++;
      }
      if (p == k || !((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z'))) {
        goto done;
      }
      {
        size_t klen = (size_t)(p - k);
        const char *v = NULL, *ve;
        while (p < e && is_blank(*p)) {
          p++;
        }
        if (p < e && *p == '=') {
          for (p++; p < e && is_blank(*p); p++) {
          }
          v = p;
          ve = e;
          /* Quotes, escapes, continuations and inline comments are
           * libgit2's to read. */
          for (const char *c = v; c < ve; c++) {
            if (*c == '"' || *c == '\\' || *c == '#' || *c == ';') {
              goto done;
            }
          }
          while (ve > v && is_blank(ve[-1])) {
            ve--;
          }
          /* A tab inside a value: how it is kept is libgit2's. */
          if (memchr(v, '\t', (size_t)(ve - v))) {
            goto done;
          }
          if (in_origin && mls_ieq_str(k, klen, "url")) {
            if (seen) {
              goto done; /* set twice: which one wins is libgit2's */
            }
            seen = true;
            val = v;
            vlen = (size_t)(ve - v);
          }
        } else if (p < e && *p != '#' && *p != ';') {
          goto done;
        } else if (in_origin && mls_ieq_str(k, klen, "url")) {
          if (seen) {
            goto done;
          }
          seen = true; /* "url" alone: a boolean, no URI */
          val = NULL;
          vlen = 0;
        }
      }
    }
    p = nl ? nl + 1 : end;
  }
  rc = MLS_OK;
  if (val && vlen > 0 && !(*uri = mls_strndup(val, vlen))) {
    rc = MLS_ENOMEM;
  }

done:
  mls_free(text);
  return rc;
}

int repo_peek_origin(char **uri, const repo_target *t)
{
  int gd, rc;

  MLS_ASSERT_ARG(uri && t && t->path);
  *uri = NULL;
  if ((gd = open_gitdir(t)) < 0) {
    return MLS_ERROR;
  }
  rc = peek_origin_at(uri, gd, NULL);
  close(gd);
  return rc;
}

/* ---- all of it at once ---------------------------------------------------
 */

int repo_peek_all(repo_peeked *out, repo_oid *tree, char **uri,
                  const repo_target *t, const char *ref, const repo_oid *known,
                  bool verify, repo_peek_deps *deps)
{
  int gd, rc;

  MLS_ASSERT_ARG(out && tree && t && t->path && known);
  memset(out, 0, sizeof(*out));
  if (uri) {
    *uri = NULL;
  }
  if (deps) {
    deps->ok = true;
    deps->n = 0;
  }
  /* One git directory for the three reads: an unchanged repository of a
   * nightly sweep costs its ref files and nothing else. */
  if ((gd = open_gitdir_deps(t, deps)) < 0) {
    if (deps) {
      deps->ok = false;
    }
    return MLS_ERROR;
  }
  rc = peek_at(out, gd, ref, deps, verify);
  if (rc == MLS_OK && !repo_oid_equal(&out->target, known)) {
    rc = peek_tree_at(tree, gd, &out->target, verify);
  }
  if (rc == MLS_OK && uri && (rc = peek_origin_at(uri, gd, deps)) < 0) {
    *uri = NULL;
  }
  close(gd);
  if (rc < 0) {
    memset(out, 0, sizeof(*out));
    if (deps) {
      deps->ok = false;
    }
  }
  return rc;
}

bool repo_peek_deps_hold(const repo_target *t, const repo_peek_deps *deps)
{
  char path[MLS_MAX_PATH_BYTES + REPO_PEEK_DEP_NAME_MAX + 8];
  size_t plen;

  if (!t || !t->path || !deps || !deps->ok || deps->n == 0 ||
      (t->kind != REPO_TARGET_BARE && t->kind != REPO_TARGET_CLONE)) {
    return false;
  }
  plen = strlen(t->path);
  if (plen > MLS_MAX_PATH_BYTES) {
    return false;
  }
  memcpy(path, t->path, plen);
  if (t->kind == REPO_TARGET_CLONE) {
    memcpy(path + plen, "/.git", 5);
    plen += 5;
  }
  path[plen++] = '/';
  for (size_t i = 0; i < deps->n; i++) {
    struct stat st;
    repo_fsig sig;
    size_t n = strlen(deps->v[i].name);
    if (n > REPO_PEEK_DEP_NAME_MAX) {
      return false;
    }
    memcpy(path + plen, deps->v[i].name, n + 1);
    /* HEAD as the org search saw it a moment ago: the state the sweep
     * takes for this repository, without a second look. */
    if (t->has_head_sig && t->kind == REPO_TARGET_BARE &&
        strcmp(deps->v[i].name, "HEAD") == 0) {
      if (!deps->v[i].found ||
          memcmp(&t->head_sig, &deps->v[i].sig, sizeof(t->head_sig)) != 0) {
        return false;
      }
      continue;
    }
    /* The same file (inode, device, size, mode, mtime, ctime), or still
     * none: a ref rewritten by Git is a new file (a lock renamed over
     * it), and one created or removed changes the answer's inputs. */
    if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (deps->v[i].found || errno != ENOENT) {
        return false;
      }
      continue;
    }
    if (!deps->v[i].found) {
      return false;
    }
    repo__fsig_of(&sig, &st);
    if (memcmp(&sig, &deps->v[i].sig, sizeof(sig)) != 0) {
      return false;
    }
  }
  return true;
}
