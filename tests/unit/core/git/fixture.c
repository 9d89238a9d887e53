/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/fixture.c -- temporary copies of the fixture
 * repositories, and recorders for walks and diagnostics (fixture.h).
 *
 * Test code only: it trusts the committed fixtures, and any failure fails
 * the running test.
 */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp, symlink, readlink */

#include "tests/unit/core/git/fixture.h"

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char root[4096]; /* the current test's temporary directory */

static char *fmt_path(const char *a, const char *b)
{
  mls_buf buf = MLS_BUF_INIT(8192);
  ck_assert_int_eq(mls_buf_printf(&buf, "%s/%s", a, b), MLS_OK);
  return buf.ptr;
}

void gfx_setup(void)
{
  const char *tmp = getenv("TMPDIR");
  mls_diag d = MLS_DIAG_INIT;

  snprintf(root, sizeof(root), "%s/mlsweep-git-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  ck_assert_msg(mkdtemp(root) != NULL, "mkdtemp failed");
  ck_assert_int_eq(repo_global_init(NULL, &d), MLS_OK);
  mls_diag_dispose(&d);
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
  (void)st;
  (void)ftw;
  if (flag == FTW_DP || flag == FTW_D) {
    return rmdir(path) == 0 ? 0 : -1;
  }
  return unlink(path) == 0 ? 0 : -1;
}

static void rm_tree(const char *path)
{
  struct stat st;
  if (lstat(path, &st) != 0) {
    return;
  }
  /* Loose objects are read-only; their directories are not, so unlink
   * works. FTW_PHYS: links are removed, not followed. */
  ck_assert_msg(nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0,
                "cannot remove %s", path);
}

void gfx_teardown(void)
{
  repo_global_shutdown();
  if (root[0]) {
    rm_tree(root);
    root[0] = '\0';
  }
}

const char *gfx_root(void)
{
  return root;
}

char *gfx_path(const char *rel)
{
  return fmt_path(root, rel);
}

char *gfx_loose_object(const char *gitdir_rel, const repo_oid *id)
{
  char hex[REPO_OID_HEXSZ + 1], rel[4096];
  repo_oid_fmt(hex, id);
  snprintf(rel, sizeof(rel), "%s/objects/%.2s/%s", gitdir_rel, hex, hex + 2);
  return gfx_path(rel);
}

static void mkdirs(const char *path)
{
  char buf[8192];
  size_t n = strlen(path);
  ck_assert(n < sizeof(buf));
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0755) != 0) {
        ck_assert_msg(errno == EEXIST, "mkdir %s", buf);
      }
      buf[i] = c;
    }
  }
}

char *gfx_mkdir(const char *rel)
{
  char *p = gfx_path(rel);
  mkdirs(p);
  return p;
}

void gfx_write(const char *rel, const char *text)
{
  char *p = gfx_path(rel);
  char *slash = strrchr(p, '/');
  FILE *f;

  *slash = '\0';
  mkdirs(p);
  *slash = '/';
  unlink(p); /* fixture objects are read-only */
  f = fopen(p, "wb");
  ck_assert_msg(f != NULL, "cannot write %s", p);
  ck_assert(fwrite(text, 1, strlen(text), f) == strlen(text));
  ck_assert(fclose(f) == 0);
  mls_free(p);
}

void gfx_commit_main(git_oid *out, git_repository *gr, const git_oid *tree,
                     const char *msg)
{
  git_signature *sig = NULL;
  git_commit *parent = NULL;
  git_reference *ref = NULL;
  git_tree *t = NULL;
  git_oid id;
  int np = 0;

  ck_assert_int_eq(git_tree_lookup(&t, gr, tree), 0);
  if (git_reference_name_to_id(&id, gr, "refs/heads/main") == 0) {
    ck_assert_int_eq(git_commit_lookup(&parent, gr, &id), 0);
    np = 1;
  }
  ck_assert_int_eq(
      git_signature_new(&sig, "t", "t@example.invalid", 1767225600, 0), 0);
  ck_assert_int_eq(
      git_commit_create_v(&id, gr, NULL, sig, sig, NULL, msg, t, np, parent),
      0);
  ck_assert_int_eq(
      git_reference_create(&ref, gr, "refs/heads/main", &id, 1, msg), 0);
  if (out) {
    *out = id;
  }
  git_reference_free(ref);
  git_signature_free(sig);
  git_commit_free(parent);
  git_tree_free(t);
}

void gfx_remove(const char *rel)
{
  char *p = gfx_path(rel);
  rm_tree(p);
  mls_free(p);
}

void gfx_past_racy_window(void)
{
  struct timespec t = { 2, 200000000 };
  while (nanosleep(&t, &t) != 0) {
  }
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
  char buf[65536];
  int in = open(from, O_RDONLY), out;
  ssize_t n;

  ck_assert_msg(in >= 0, "cannot open %s", from);
  out = open(to, O_WRONLY | O_CREAT | O_TRUNC, (mode & 0111) ? 0755 : 0644);
  ck_assert_msg(out >= 0, "cannot create %s", to);
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    ck_assert(write(out, buf, (size_t)n) == n);
  }
  ck_assert(n == 0);
  close(in);
  close(out);
}

/* Copy the tree at from to to; at the top level, .gitted becomes .git. */
static void copy_tree(const char *from, const char *to, bool top)
{
  DIR *d = opendir(from);
  struct dirent *de;

  ck_assert_msg(d != NULL, "cannot open fixture %s", from);
  mkdirs(to);
  while ((de = readdir(d)) != NULL) {
    const char *name = de->d_name;
    char *src, *dst;
    struct stat st;

    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      continue;
    }
    src = fmt_path(from, name);
    dst = fmt_path(to, top && strcmp(name, ".gitted") == 0 ? ".git" : name);
    ck_assert(lstat(src, &st) == 0);
    if (S_ISDIR(st.st_mode)) {
      copy_tree(src, dst, false);
    } else if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t n = readlink(src, target, sizeof(target) - 1);
      ck_assert(n >= 0);
      target[n] = '\0';
      ck_assert(symlink(target, dst) == 0);
    } else {
      copy_file(src, dst, st.st_mode);
    }
    mls_free(src);
    mls_free(dst);
  }
  closedir(d);
}

char *gfx_copy(const char *name, bool bare, const char *dest)
{
  char *src = fmt_path(MLS_TEST_SOURCE_DIR "/tests/fixtures/repos", name);
  char *dst = gfx_path(dest);
  char *objects, *refs;

  if (bare) {
    char *gitted = fmt_path(src, ".gitted");
    copy_tree(gitted, dst, false);
    mls_free(gitted);
  } else {
    copy_tree(src, dst, true);
  }
  /* Git does not keep empty directories; a repository copied out of a
   * Git checkout may lack objects/pack or refs/tags, which is fine. */
  objects = fmt_path(dst, bare ? "objects" : ".git/objects");
  refs = fmt_path(dst, bare ? "refs" : ".git/refs");
  struct stat st;
  ck_assert_msg(stat(objects, &st) == 0 && stat(refs, &st) == 0,
                "fixture %s is incomplete", name);
  mls_free(objects);
  mls_free(refs);
  mls_free(src);
  return dst;
}

int gfx_collect(const walk_entry *e, void *payload)
{
  gfx_walk *w = payload;
  gfx_entry *g;

  ck_assert_msg(w->n < sizeof(w->v) / sizeof(w->v[0]), "too many entries");
  ck_assert_uint_eq(strlen(e->path), e->path_len);
  g = &w->v[w->n++];
  g->path = mls_strndup(e->path, e->path_len);
  if (!g->path) { /* an allocation-failure test: stop the walk */
    w->n--;
    return MLS_ENOMEM;
  }
  g->kind = e->kind;
  g->mode = e->mode;
  g->has_size = e->has_size;
  g->size = e->size;
  g->has_id = e->has_id;
  g->id = e->id;
  return MLS_OK;
}

void gfx_walk_dispose(gfx_walk *w)
{
  for (size_t i = 0; i < w->n; i++) {
    mls_free(w->v[i].path);
  }
  w->n = 0;
}

const gfx_entry *gfx_find(const gfx_walk *w, const char *path)
{
  for (size_t i = 0; i < w->n; i++) {
    if (strcmp(w->v[i].path, path) == 0) {
      return &w->v[i];
    }
  }
  return NULL;
}

char *gfx_paths(const gfx_walk *w)
{
  mls_buf b = MLS_BUF_INIT(1 << 20);
  for (size_t i = 0; i < w->n; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "%s%s", i ? "\n" : "", w->v[i].path),
                     MLS_OK);
  }
  return b.ptr ? b.ptr : mls_strndup("", 0);
}

bool gfx_diag_has(const mls_diag *d, mls_severity sev, const char *path,
                  const char *text)
{
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    if (e->sev != sev || !e->message || !strstr(e->message, text)) {
      continue;
    }
    if (path && (!e->path || strcmp(e->path, path) != 0)) {
      continue;
    }
    return true;
  }
  return false;
}

void gfx_diag_dump(const mls_diag *d)
{
  static const char *const sev[] = { "error", "warning", "note" };
  for (size_t i = 0; i < d->n; i++) {
    fprintf(stderr, "  diag: %s: %s: %s (%s)\n",
            d->v[i].path ? d->v[i].path : "-", sev[d->v[i].sev],
            d->v[i].message, mls_rc_name(d->v[i].rc));
  }
}

repo_target gfx_target(repo_target_kind kind, char *path)
{
  repo_target t;
  memset(&t, 0, sizeof(t));
  t.kind = kind;
  t.path = path;
  t.name = path;
  return t;
}
