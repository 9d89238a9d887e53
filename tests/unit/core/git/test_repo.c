/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/test_repo.c -- core/git/global.c, repo.c and blob.c:
 * libgit2's process-wide settings, opening repositories and resolving refs,
 * and loading blobs (missing, corrupt, oversized, LFS pointers).
 *
 * Every test works on copies of tests/fixtures/repos in a temporary
 * directory (fixture.h) and damages only the copy.
 */
#define _GNU_SOURCE /* setenv, unsetenv; RTLD_DEFAULT */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/repo.h"
#include "core/git/walk.h"
#include "tests/unit/core/git/fixture.h"

#include <git2.h> /* an empty repository made in a test */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

/* Ids in the committed fixtures (make-fixtures.sh fixes their content). */
#define BASIC_MAIN_COMMIT "c93e7b51fbcdbad59b460ce274303a9cc85141fb"
#define SPECIAL_HUGE_BLOB "120882273d9be502a085b3230cf689f77198ba40"

static void oid_parse(repo_oid *out, const char *hex)
{
  ck_assert_uint_eq(strlen(hex), REPO_OID_HEXSZ);
  for (size_t i = 0; i < REPO_OID_RAWSZ; i++) {
    unsigned v;
    char two[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
    char *end;
    v = (unsigned)strtoul(two, &end, 16);
    ck_assert(*end == '\0');
    out->id[i] = (unsigned char)v;
  }
}

/* Open the copy at path as kind with ref; asserts success. */
static repo *open_ok(repo_target_kind kind, char *path, const char *ref,
                     bool worktree)
{
  repo_target t = gfx_target(kind, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;
  int rc;

  o.ref = ref;
  o.worktree = worktree;
  rc = repo_open(&r, &t, &o, &d);
  if (rc != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_int_eq(rc, MLS_OK);
  ck_assert_ptr_nonnull(r);
  mls_diag_dispose(&d);
  return r;
}

/* Walk r and return what it reported (no diagnostics expected unless d). */
static void walk_all(gfx_walk *w, repo *r, mls_diag *d)
{
  mls_diag local = MLS_DIAG_INIT;
  int rc = walk_repo(r, NULL, gfx_collect, w, d ? d : &local);
  if (rc != MLS_OK) {
    gfx_diag_dump(d ? d : &local);
  }
  ck_assert_int_eq(rc, MLS_OK);
  mls_diag_dispose(&local);
}

/* The blob id of path in r's tree at its ref. */
static repo_oid id_of(repo *r, const char *path)
{
  gfx_walk w = { .n = 0 };
  const gfx_entry *e;
  repo_oid id;

  walk_all(&w, r, NULL);
  e = gfx_find(&w, path);
  ck_assert_msg(e != NULL, "%s not walked", path);
  ck_assert(e->has_id);
  id = e->id;
  gfx_walk_dispose(&w);
  return id;
}

/* ---------------------------------------------------------------------- */

START_TEST(repo_global__config_search_paths_are_blank)
{
  char *home = gfx_mkdir("home");
  char *path = gfx_copy("basic", false, "basic");
  const char *old_home = getenv("HOME");
  char *saved = old_home ? mls_strndup(old_home, strlen(old_home)) : NULL;
  mls_diag d = MLS_DIAG_INIT;
  repo *r;

  /* libgit2 finds the global config through $HOME when it initialises. A
   * malformed one fails every open unless the search paths are blanked. */
  gfx_write("home/.gitconfig", "[core\n broken =\n");
  gfx_write("home/.config/git/config", "[core\n broken =\n");
  repo_global_shutdown(); /* the one gfx_setup() made */
  ck_assert_int_eq(setenv("HOME", home, 1), 0);
  ck_assert_int_eq(setenv("XDG_CONFIG_HOME", home, 1), 0);
  ck_assert_int_eq(repo_global_init(NULL, &d), MLS_OK);
  r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_free(r);
  if (saved) {
    setenv("HOME", saved, 1);
  }
  unsetenv("XDG_CONFIG_HOME");
  mls_free(saved);
  mls_free(home);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__head_resolves_to_main)
{
  char *path = gfx_copy("basic", false, "basic");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  char hex[REPO_OID_HEXSZ + 1];

  ck_assert(!repo_is_worktree(r));
  repo_oid_fmt(hex, repo_commit_id(r));
  ck_assert_str_eq(hex, BASIC_MAIN_COMMIT);
  ck_assert_ptr_nonnull(repo_tree_id(r));
  ck_assert_str_eq(repo_path(r), path);
  repo_free(r);
  mls_free(path);
}
END_TEST

START_TEST(repo_repo__named_refs_give_their_trees)
{
  char *path = gfx_copy("basic", false, "basic");
  repo *head = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo *v1 = open_ok(REPO_TARGET_CLONE, path, "v1", false);
  repo *feature = open_ok(REPO_TARGET_CLONE, path, "refs/heads/feature", false);
  repo *sha = open_ok(REPO_TARGET_CLONE, path, BASIC_MAIN_COMMIT, false);
  gfx_walk a = { .n = 0 }, b = { .n = 0 }, c = { .n = 0 };

  walk_all(&a, head, NULL);
  walk_all(&b, v1, NULL);
  walk_all(&c, feature, NULL);
  /* extra.tf came in main's second commit; feature.tf only on feature. */
  ck_assert_ptr_nonnull(gfx_find(&a, "extra.tf"));
  ck_assert_ptr_null(gfx_find(&b, "extra.tf"));
  ck_assert_ptr_null(gfx_find(&a, "feature.tf"));
  ck_assert_ptr_nonnull(gfx_find(&c, "feature.tf"));
  ck_assert(!repo_oid_equal(repo_tree_id(head), repo_tree_id(v1)));
  ck_assert(repo_oid_equal(repo_commit_id(head), repo_commit_id(sha)));
  ck_assert(repo_oid_equal(repo_tree_id(head), repo_tree_id(sha)));
  gfx_walk_dispose(&a);
  gfx_walk_dispose(&b);
  gfx_walk_dispose(&c);
  repo_free(head);
  repo_free(v1);
  repo_free(feature);
  repo_free(sha);
  mls_free(path);
}
END_TEST

START_TEST(repo_repo__resolve_another_revision)
{
  char *path = gfx_copy("basic", false, "basic");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid commit, tree;
  mls_diag d = MLS_DIAG_INIT;

  ck_assert_int_eq(repo_resolve(&commit, &tree, r, "HEAD~1", &d), MLS_OK);
  ck_assert(!repo_oid_equal(&commit, repo_commit_id(r)));
  /* A tree is not a commit. */
  ck_assert_int_eq(repo_resolve(&commit, &tree, r, "HEAD^{tree}", &d),
                   MLS_EGIT);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "does not name a commit"));
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__bare_repository_reads_its_pack)
{
  char *path = gfx_copy("bare", true, "bare.git");
  repo *r = open_ok(REPO_TARGET_BARE, path, NULL, false);
  gfx_walk w = { .n = 0 };
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *paths;

  walk_all(&w, r, NULL);
  paths = gfx_paths(&w);
  ck_assert_str_eq(paths, "infra/endpoint.tf\ninfra/stack.yml");
  ck_assert_int_eq(repo_blob_load(&b, r, &w.v[0].id, &d), MLS_OK);
  ck_assert_str_eq(b.data, "resource \"aws_sagemaker_endpoint\" \"e\" {}\n");
  mls_blob_dispose(&b);
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_free(paths);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__missing_ref_is_a_diagnostic)
{
  char *path = gfx_copy("basic", false, "basic");
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;

  o.ref = "no-such-branch";
  ck_assert_int_eq(repo_open(&r, &t, &o, &d), MLS_EGIT);
  ck_assert_ptr_null(r);
  ck_assert(
      gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "cannot resolve 'no-such-branch'"));
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__unborn_head_is_a_diagnostic)
{
  char *path = gfx_copy("basic", false, "basic");
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;

  /* HEAD names refs/heads/main; without it the repository looks empty. */
  gfx_remove("basic/.git/refs/heads/main");
  ck_assert_int_eq(repo_open(&r, &t, NULL, &d), MLS_EGIT);
  ck_assert_ptr_null(r);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "cannot resolve 'HEAD'"));
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* A repository with no commit at all -- HEAD names a branch not born yet
 * and there is no reference -- is swept with nothing in it and a note;
 * a ref the user names must still exist, and an unborn HEAD beside other
 * references stays an error (the test above). */
START_TEST(repo_repo__empty_repository_is_swept_empty)
{
  static const char *const kinds[] = { "clone", "bare" };
  for (int bare = 0; bare <= 1; bare++) {
    char *top = gfx_mkdir(kinds[bare]);
    repo_target t =
        gfx_target(bare ? REPO_TARGET_BARE : REPO_TARGET_CLONE, top);
    repo_open_opts o = REPO_OPEN_OPTS_INIT;
    mls_diag d = MLS_DIAG_INIT;
    gfx_walk w = { .n = 0 };
    repo *r = NULL;
    git_repository *gr = NULL;

    ck_assert_int_eq(git_libgit2_init() > 0, 1);
    ck_assert_int_eq(git_repository_init(&gr, top, (unsigned)bare), 0);
    git_repository_free(gr);
    ck_assert_int_eq(repo_open(&r, &t, NULL, &d), MLS_OK);
    ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "no commit yet"));
    ck_assert_ptr_null(repo_tree_id(r));
    ck_assert_ptr_null(repo_commit_id(r));
    walk_all(&w, r, NULL);
    ck_assert_uint_eq(w.n, 0);
    gfx_walk_dispose(&w);
    repo_free(r);
    r = NULL;
    mls_diag_dispose(&d);
    /* Named, the ref must exist. */
    o.ref = "main";
    ck_assert_int_eq(repo_open(&r, &t, &o, &d), MLS_EGIT);
    ck_assert_ptr_null(r);
    ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "cannot resolve 'main'"));
    mls_diag_dispose(&d);
    git_libgit2_shutdown();
    mls_free(top);
  }
}
END_TEST

START_TEST(repo_repo__corrupt_repository_is_a_diagnostic)
{
  char *a = gfx_mkdir("broken/.git");
  char *b = gfx_path("gitfile");
  repo_target ta, tb;
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;

  /* A .git directory with nothing valid in it, and a gitlink file that
   * points nowhere: both look like clones, neither opens. */
  gfx_write("broken/.git/HEAD", "garbage\n");
  gfx_write("gitfile/.git", "gitdir: /nonexistent/mlsweep/x.git\n");
  mls_free(a);
  a = gfx_path("broken");
  ta = gfx_target(REPO_TARGET_CLONE, a);
  tb = gfx_target(REPO_TARGET_CLONE, b);
  ck_assert_int_eq(repo_open(&r, &ta, NULL, &d), MLS_EGIT);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(repo_open(&r, &tb, NULL, &d), MLS_EGIT);
  ck_assert_ptr_null(r);
  ck_assert_uint_eq(d.nerrors, 2);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "cannot open repository"));
  mls_free(a);
  mls_free(b);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__worktree_of_a_bare_repository_is_refused)
{
  char *path = gfx_copy("bare", true, "bare.git");
  repo_target t = gfx_target(REPO_TARGET_BARE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;

  o.worktree = true;
  ck_assert_int_eq(repo_open(&r, &t, &o, &d), MLS_EGIT);
  ck_assert_ptr_null(r);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "bare repository"));
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_repo__worktree_has_no_refs)
{
  char *path = gfx_copy("basic", false, "basic");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, true);
  repo_oid c, t, any;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  memset(&any, 0, sizeof(any));
  ck_assert(repo_is_worktree(r));
  ck_assert_ptr_null(repo_commit_id(r));
  ck_assert_ptr_null(repo_tree_id(r));
  ck_assert_int_eq(repo_resolve(&c, &t, r, NULL, &d), MLS_ERROR);
  ck_assert_int_eq(repo_blob_load(&b, r, &any, &d), MLS_ERROR);
  ck_assert_ptr_null(b.data);
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Blobs.                                                                   */

START_TEST(repo_blob__copy_has_a_nul_sentinel)
{
  char *path = gfx_copy("basic", false, "basic");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid id = id_of(r, "main.tf");
  static const char want[] =
      "resource \"aws_s3_bucket\" \"data\" {\n  bucket = "
      "\"training-data-v2\"\n}\n";
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  ck_assert_int_eq(repo_blob_load(&b, r, &id, &d), MLS_OK);
  ck_assert_uint_eq(b.size, sizeof(want) - 1);
  ck_assert(memcmp(b.data, want, b.size) == 0);
  ck_assert_int_eq(b.data[b.size], '\0');
  ck_assert_uint_eq(d.n, 0);
  mls_blob_dispose(&b);
  repo_free(r);
  mls_free(path);
}
END_TEST

START_TEST(repo_blob__oversized_blob_is_refused_before_inflating)
{
  char *path = gfx_copy("special", false, "special");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid id;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  oid_parse(&id, SPECIAL_HUGE_BLOB);
  ck_assert_int_eq(repo_blob_load(&b, r, &id, &d), MLS_ELIMIT);
  ck_assert_ptr_null(b.data);
  ck_assert(gfx_diag_has(&d, MLS_SEV_WARNING, NULL, "8388609 bytes skipped"));
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_blob__lfs_pointer_is_noted_and_skipped)
{
  char *path = gfx_copy("special", false, "special");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  gfx_walk w = { .n = 0 };
  walk_entry e;
  const gfx_entry *g;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  walk_all(&w, r, NULL);
  ck_assert_ptr_nonnull(g = gfx_find(&w, "data/weights.json"));
  memset(&e, 0, sizeof(e));
  e.path = g->path;
  e.path_len = strlen(g->path);
  e.kind = g->kind;
  e.has_id = true;
  e.id = g->id;
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_EINPUT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(d.nerrors, 0); /* a note, not an error */
  ck_assert(
      gfx_diag_has(&d, MLS_SEV_NOTE, "data/weights.json", "Git LFS pointer"));
  ck_assert_ptr_null(d.path); /* the stamp was restored */
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* Load every entry of w from r; returns how many loaded. */
static size_t load_all(repo *r, const gfx_walk *w, mls_diag *d)
{
  size_t ok = 0;
  for (size_t i = 0; i < w->n; i++) {
    walk_entry e;
    mls_blob b = MLS_BLOB_INIT;
    memset(&e, 0, sizeof(e));
    e.path = w->v[i].path;
    e.path_len = strlen(w->v[i].path);
    e.kind = w->v[i].kind;
    e.has_id = w->v[i].has_id;
    e.id = w->v[i].id;
    e.has_size = w->v[i].has_size;
    e.size = w->v[i].size;
    if (walk_load(&b, r, &e, d) == MLS_OK) {
      ok++;
      if (e.has_size) {
        ck_assert_uint_eq(b.size, w->v[i].size);
      }
    }
    mls_blob_dispose(&b);
  }
  return ok;
}

START_TEST(repo_blob__deleted_object_fails_that_file_only)
{
  char *path = gfx_copy("special", false, "special");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid victim = id_of(r, "victim.tf");
  char *obj = gfx_loose_object("special/.git", &victim);
  gfx_walk w = { .n = 0 };
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;
  const gfx_entry *g;
  walk_loaded li;
  walk_entry e;

  ck_assert_int_eq(unlink(obj), 0);
  /* The walk reads no blob header: victim.tf is yielded, unsized. */
  walk_all(&w, r, &d);
  ck_assert_ptr_nonnull(g = gfx_find(&w, "victim.tf"));
  ck_assert(!g->has_size);
  ck_assert_ptr_nonnull(gfx_find(&w, "ok.tf"));
  ck_assert_uint_eq(d.nerrors, 0); /* notes only: the link, the gitlink */
  /* Loading it fails as the walk used to, as an error stamped with its
   * path, and says the walk would have left it out. */
  memset(&e, 0, sizeof(e));
  e.path = g->path;
  e.path_len = strlen(g->path);
  e.kind = g->kind;
  e.has_id = true;
  e.id = g->id;
  ck_assert_int_eq(walk_load_ex(&b, r, &e, &d, &li), MLS_EGIT);
  ck_assert(li.skipped);
  ck_assert(!li.has_size);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, "victim.tf", "cannot read blob"));
  ck_assert_uint_eq(d.nerrors, 1);
  /* Loading it by id fails the same way; the others still load. */
  ck_assert_int_eq(repo_blob_load(&b, r, &victim, &d), MLS_EGIT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(load_all(r, &w, &d), 1); /* ok.tf; the rest are LFS */
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_free(obj);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* Replace victim.tf's loose object with ok.tf's: a well-formed object
 * whose content does not match its id. */
static void swap_objects(repo *r)
{
  repo_oid ok = id_of(r, "ok.tf"), victim = id_of(r, "victim.tf");
  char *from = gfx_loose_object("special/.git", &ok);
  char *to = gfx_loose_object("special/.git", &victim);
  char *bytes;
  size_t n;

  bytes = mls_test_read_file(from, &n);
  ck_assert_int_eq(unlink(to), 0);
  FILE *f = fopen(to, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
  ck_assert_int_eq(fclose(f), 0);
  mls_free(bytes);
  mls_free(from);
  mls_free(to);
}

START_TEST(repo_blob__strict_verification_catches_a_wrong_hash)
{
  char *path = gfx_copy("special", false, "special");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid victim = id_of(r, "victim.tf");
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  swap_objects(r);
  repo_free(r);
  r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  ck_assert_int_eq(repo_blob_load(&b, r, &victim, &d), MLS_EGIT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(d.nerrors, 1);
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* Opened at a tree (as a sweep opens a repository whose tree the peek
 * read), the repository's trees and blobs are read without libgit2; opened
 * at its ref (a cold sweep), libgit2 resolves the ref and the native
 * reader beside it still reads the objects. Walks and loads of both give
 * what libgit2 alone gives (a copy with an alternates file, which the
 * native reader declines whole). An object the native reader declines --
 * here one whose bytes do not match its id -- is read by libgit2, opened
 * then, which reports it as before. */
START_TEST(repo_repo__opened_at_a_tree_reads_without_libgit2)
{
  char *path = gfx_copy("special", false, "special");
  char *apath = gfx_copy("special", false, "special-alt");
  repo *lb = open_ok(REPO_TARGET_CLONE, path, NULL, false), *lg;
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  repo_oid tree = *repo_tree_id(lb), victim = id_of(lb, "victim.tf");
  gfx_walk wl = { .n = 0 }, wn = { .n = 0 }, wb = { .n = 0 };
  mls_diag dl = MLS_DIAG_INIT, dn = MLS_DIAG_INIT, db = MLS_DIAG_INIT;
  char *pl, *pn, *pb;
  size_t loaded;
  mls_blob b = MLS_BLOB_INIT;
  repo *r = NULL;

  gfx_write("special-alt/.git/objects/info/alternates", "");
  lg = open_ok(REPO_TARGET_CLONE, apath, NULL, false);
  ck_assert(repo_uses_libgit2(lg));
  ck_assert(repo_uses_libgit2(lb));
  ck_assert(repo_oid_equal(repo_tree_id(lg), &tree));
  o.tree = &tree;
  ck_assert_int_eq(repo_open(&r, &t, &o, &dn), MLS_OK);
  ck_assert(!repo_uses_libgit2(r));
  walk_all(&wl, lg, &dl);
  walk_all(&wn, r, &dn);
  walk_all(&wb, lb, &db);
  pl = gfx_paths(&wl);
  pn = gfx_paths(&wn);
  pb = gfx_paths(&wb);
  ck_assert_str_eq(pn, pl);
  ck_assert_str_eq(pb, pl);
  ck_assert_uint_eq(wn.n, wl.n);
  ck_assert_uint_eq(wb.n, wl.n);
  for (size_t i = 0; i < wn.n; i++) {
    ck_assert_uint_eq(wn.v[i].mode, wl.v[i].mode);
    ck_assert_uint_eq(wb.v[i].mode, wl.v[i].mode);
    ck_assert(repo_oid_equal(&wn.v[i].id, &wl.v[i].id));
    ck_assert(repo_oid_equal(&wb.v[i].id, &wl.v[i].id));
  }
  loaded = load_all(lg, &wl, &dl);
  ck_assert_uint_eq(load_all(r, &wn, &dn), loaded);
  ck_assert_uint_eq(load_all(lb, &wb, &db), loaded);
  for (size_t i = 0; i < wn.n; i++) {
    mls_blob x = MLS_BLOB_INIT, y = MLS_BLOB_INIT, z = MLS_BLOB_INIT;
    int rx = repo_blob_load(&x, r, &wn.v[i].id, &dn);
    int ry = repo_blob_load(&y, lg, &wl.v[i].id, &dl);
    int rz = repo_blob_load(&z, lb, &wb.v[i].id, &db);
    ck_assert_int_eq(rx, ry);
    ck_assert_int_eq(rz, ry);
    if (rx == MLS_OK) {
      ck_assert_uint_eq(x.size, y.size);
      ck_assert_mem_eq(x.data, y.data, x.size + 1);
      ck_assert_uint_eq(z.size, y.size);
      ck_assert_mem_eq(z.data, y.data, z.size + 1);
    }
    mls_blob_dispose(&x);
    mls_blob_dispose(&y);
    mls_blob_dispose(&z);
  }
  ck_assert_uint_eq(dn.n, dl.n);
  ck_assert_uint_eq(dn.nerrors, dl.nerrors);
  ck_assert_uint_eq(db.n, dl.n);
  ck_assert_uint_eq(db.nerrors, dl.nerrors);
  for (size_t k = 0; k < dl.n; k++) {
    ck_assert_str_eq(dn.v[k].message, dl.v[k].message);
    ck_assert_str_eq(db.v[k].message, dl.v[k].message);
  }
  /* file() and templatefile() reads by path: a file in a subdirectory,
   * no such file, a path through a file, a symbolic link, a gitlink,
   * a directory -- answered as libgit2's lookup answers them. */
  {
    static const char
        *const paths[] = {
          "ok.tf",        "data/weights.json", "absent.tf",  "ok.tf/x",
          "data/nope",    "link.tf",           "vendor/mod", "data",
          "data/../ok.tf" /* last: not decided natively, libgit2 is opened */
        };
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
      mls_blob x = MLS_BLOB_INIT, y = MLS_BLOB_INIT;
      mls_diag ex = MLS_DIAG_INIT, ey = MLS_DIAG_INIT;
      int rx = repo_read_path(&x, r, paths[i], &ex);
      int ry = repo_read_path(&y, lg, paths[i], &ey);
      ck_assert_msg(rx == ry, "%s: %d, libgit2 %d", paths[i], rx, ry);
      ck_assert(repo_uses_libgit2(r) ==
                (paths[i][0] == 'd' && strstr(paths[i], "..") != NULL));
      ck_assert_uint_eq(ex.n, ey.n);
      for (size_t k = 0; k < ex.n; k++) {
        ck_assert_str_eq(ex.v[k].message, ey.v[k].message);
      }
      if (rx == MLS_OK) {
        ck_assert_uint_eq(x.size, y.size);
        ck_assert_mem_eq(x.data, y.data, x.size + 1);
      }
      mls_blob_dispose(&x);
      mls_blob_dispose(&y);
      mls_diag_dispose(&ex);
      mls_diag_dispose(&ey);
    }
  }
  repo_free(r);
  r = NULL;
  mls_diag_dispose(&dn);

  /* victim.tf's object now holds ok.tf's bytes: declined, then libgit2,
   * whether the handle was opened at the tree or at the ref. */
  swap_objects(lb);
  ck_assert_int_eq(repo_open(&r, &t, &o, &dn), MLS_OK);
  ck_assert_int_eq(repo_blob_load(&b, r, &victim, &dn), MLS_EGIT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(dn.nerrors, 1);
  ck_assert(repo_uses_libgit2(r));
  repo_free(r);
  repo_free(lb);
  lb = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  mls_diag_clear(&db);
  ck_assert_int_eq(repo_blob_load(&b, lb, &victim, &db), MLS_EGIT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(db.nerrors, 1);
  ck_assert_str_eq(db.v[0].message, dn.v[dn.n - 1].message);
  repo_free(lb);
  repo_free(lg);
  mls_free(pl);
  mls_free(pn);
  mls_free(pb);
  gfx_walk_dispose(&wl);
  gfx_walk_dispose(&wn);
  gfx_walk_dispose(&wb);
  mls_diag_dispose(&dl);
  mls_diag_dispose(&dn);
  mls_diag_dispose(&db);
  mls_free(path);
  mls_free(apath);
}
END_TEST

/* repo_open_opts.git_need for the test below: counts its calls and
 * refuses, as when libgit2 cannot be set up. */
static int need_calls;
static int refuse_git(void *payload, mls_diag *diag)
{
  (void)payload;
  need_calls++;
  return mls_diag_add(diag, MLS_ERROR, NULL, "libgit2 could not be set up");
}

/* Two objects the native reader declines (deleted) while libgit2 cannot
 * be had: each load fails with a diagnostic, and libgit2 is asked for
 * once, not once per object. */
START_TEST(repo_repo__libgit2_asked_once_when_it_cannot_open)
{
  char *path = gfx_copy("special", false, "special");
  repo *lg = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  repo_oid tree = *repo_tree_id(lg);
  repo_oid ids[2] = { id_of(lg, "ok.tf"), id_of(lg, "victim.tf") };
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;

  for (int i = 0; i < 2; i++) {
    char *obj = gfx_loose_object("special/.git", &ids[i]);
    ck_assert_int_eq(unlink(obj), 0);
    mls_free(obj);
  }
  repo_free(lg);
  o.tree = &tree;
  o.git_need = refuse_git;
  need_calls = 0;
  ck_assert_int_eq(repo_open(&r, &t, &o, &d), MLS_OK);
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 2; i++) {
      mls_blob b = MLS_BLOB_INIT;
      size_t before = d.nerrors;
      ck_assert_int_lt(repo_blob_load(&b, r, &ids[i], &d), 0);
      ck_assert_ptr_null(b.data);
      ck_assert_uint_eq(d.nerrors, before + 1);
    }
  }
  ck_assert_int_eq(need_calls, 1);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "could not be set up"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "with libgit2"));
  ck_assert(!repo_uses_libgit2(r));
  repo_free(r);
  mls_diag_dispose(&d);
  mls_free(path);
}
END_TEST

START_TEST(repo_blob__trust_mirrors_skips_verification)
{
  char *path = gfx_copy("special", false, "special");
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid victim = id_of(r, "victim.tf");
  repo_global_opts g = REPO_GLOBAL_OPTS_INIT;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  swap_objects(r);
  repo_free(r);
  repo_global_shutdown();
  g.trust_mirrors = true;
  ck_assert_int_eq(repo_global_init(&g, &d), MLS_OK);
  r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  /* Unverified, the object's bytes are ok.tf's: the flag is for mirrors
   * whose integrity is checked elsewhere. */
  ck_assert_int_eq(repo_blob_load(&b, r, &victim, &d), MLS_OK);
  ck_assert_str_eq(b.data, "resource \"aws_iam_role\" \"ok\" {}\n");
  mls_blob_dispose(&b);
  repo_free(r);
  /* Back to the defaults for the next test in this process. */
  repo_global_shutdown();
  ck_assert_int_eq(repo_global_init(NULL, &d), MLS_OK);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* The last iteration fails no allocation (asserted below). */
#define BLOB_ENOMEM_LOOPS 8

START_TEST(repo_blob__enomem_at_every_allocation)
{
  char *path = gfx_copy("basic", false, "basic");
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  repo *r = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo_oid id = id_of(r, "main.tf");
  repo *r2 = NULL;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;
  int rc1, rc2;

  mls_alloc_fail_after(_i);
  rc1 = repo_blob_load(&b, r, &id, &d);
  rc2 = repo_open(&r2, &t, NULL, &d);
  mls_alloc_fail_after(-1);
  ck_assert(rc1 == MLS_OK || (rc1 == MLS_ENOMEM && b.data == NULL));
  ck_assert(rc2 == MLS_OK || (rc2 == MLS_ENOMEM && r2 == NULL));
  ck_assert((rc1 == MLS_OK && rc2 == MLS_OK) || _i < BLOB_ENOMEM_LOOPS - 1);
  mls_blob_dispose(&b);
  repo_free(r2);
  repo_free(r);
  mls_free(path);
  mls_diag_dispose(&d);
}
END_TEST

/* ---- listings (repo_list_tree) ------------------------------------------ */

/* What a listing reported: one line "K path" per entry (K is F, D or O),
 * sorted, so listings read in any order compare. */
typedef struct listed {
  char lines[64][256]; /* the entries */
  size_t n;            /* entries held */
  size_t stop_after;   /* fail with MLS_ECANCEL after this many (0: never) */
} listed;

static int list_cb(void *payload, const char *path, size_t len,
                   repo_list_kind kind)
{
  listed *l = payload;
  ck_assert_uint_eq(strlen(path), len);
  ck_assert_uint_lt(l->n, 64);
  snprintf(l->lines[l->n++], sizeof(l->lines[0]), "%c %s",
           kind == REPO_LIST_FILE  ? 'F'
           : kind == REPO_LIST_DIR ? 'D'
                                   : 'O',
           path);
  return l->stop_after && l->n >= l->stop_after ? MLS_ECANCEL : MLS_OK;
}

static int cmp_line(const void *a, const void *b)
{
  return strcmp((const char *)a, (const char *)b);
}

/* List dir of r into a '|'-joined sorted text (static); *rc gets the
 * listing's result. */
static const char *list_text(repo *r, const char *dir, unsigned depth, int *rc,
                             mls_diag *d)
{
  static listed l;
  static char out[64 * 258];
  size_t w = 0;
  memset(&l, 0, sizeof(l));
  *rc = repo_list_tree(r, dir, depth, list_cb, &l, d);
  qsort(l.lines, l.n, sizeof(l.lines[0]), cmp_line);
  out[0] = '\0';
  for (size_t i = 0; i < l.n; i++) {
    w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%s", i ? "|" : "",
                          l.lines[i]);
  }
  return out;
}

/* Every file of a tree is listed -- not only the walk's candidates --,
 * with its directories; a symbolic link and a gitlink are reported, not
 * followed; .git is never there. Three handles list the same, and answer
 * the same for directories that are missing, files, links and submodules:
 * one opened at a tree (the native reader), one opened at its ref through
 * libgit2 (which reads trees for listings with a side reader), and one
 * whose objects the native reader declines (alternates: libgit2 alone). */
START_TEST(repo_list__tree_natively_and_by_libgit2)
{
  char *path = gfx_copy("special", false, "special");
  char *apath = gfx_copy("special", false, "special-alt");
  repo *lg = open_ok(REPO_TARGET_CLONE, path, NULL, false);
  repo *lx;
  repo_target t = gfx_target(REPO_TARGET_CLONE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  repo_oid tree = *repo_tree_id(lg);
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL, *hs[3];
  int rc;
  static const char all[] =
      "D data|D generated|D vendor|F .gitmodules|F data/weights.json|"
      "F generated/big.tfvars.json|F generated/huge.tf|F ok.tf|F victim.tf|"
      "O link.tf|O vendor/mod";
  static const struct {
    const char *dir;
    int rc;
  } answers[] = {
    { "absent", MLS_EIO },          { "data/absent", MLS_EIO },
    { "ok.tf", MLS_EIO },           { "ok.tf/x", MLS_EIO },
    { "link.tf", MLS_EINPUT },      { "vendor/mod", MLS_EINPUT },
    { "vendor/mod/x", MLS_EINPUT }, { ".git", MLS_EINPUT },
    { "data/", MLS_ERROR },         { "data/../ok.tf", MLS_ERROR },
  };

  /* An empty alternates file: no other repository, but the native reader
   * leaves the whole object database to libgit2. */
  gfx_write("special-alt/.git/objects/info/alternates", "");
  lx = open_ok(REPO_TARGET_CLONE, apath, NULL, false);
  o.tree = &tree;
  ck_assert_int_eq(repo_open(&r, &t, &o, &d), MLS_OK);
  ck_assert(!repo_uses_libgit2(r));
  hs[0] = r;
  hs[1] = lg;
  hs[2] = lx;
  /* Twice over: the second round reads the trees the handles kept. */
  for (int round = 0; round < 2; round++) {
    for (size_t h = 0; h < 3; h++) {
      ck_assert_str_eq(list_text(hs[h], "", UINT_MAX, &rc, &d), all);
      ck_assert_int_eq(rc, MLS_OK);
      /* One level: the directories reported, not entered. */
      ck_assert_str_eq(list_text(hs[h], "", 1, &rc, &d),
                       "D data|D generated|D vendor|F .gitmodules|F ok.tf|"
                       "F victim.tf|O link.tf");
      ck_assert_str_eq(list_text(hs[h], "generated", 1, &rc, &d),
                       "F big.tfvars.json|F huge.tf");
      ck_assert_int_eq(rc, MLS_OK);
      for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        size_t before = d.n;
        ck_assert_str_eq(list_text(hs[h], answers[i].dir, UINT_MAX, &rc, &d),
                         "");
        ck_assert_msg(rc == answers[i].rc, "%s (handle %zu): %d",
                      answers[i].dir, h, rc);
        /* Answers are not problems: no diagnostic. */
        if (answers[i].rc != MLS_ERROR) {
          ck_assert_uint_eq(d.n, before);
        }
      }
    }
  }
  ck_assert(!repo_uses_libgit2(r)); /* the trees were read natively */
  /* The callback's error stops the listing. */
  for (size_t h = 0; h < 3; h++) {
    listed l;
    memset(&l, 0, sizeof(l));
    l.stop_after = 2;
    ck_assert_int_eq(repo_list_tree(hs[h], "", UINT_MAX, list_cb, &l, &d),
                     MLS_ECANCEL);
    ck_assert_uint_eq(l.n, 2);
  }
  repo_free(r);
  repo_free(lg);
  repo_free(lx);
  mls_diag_dispose(&d);
  mls_free(path);
  mls_free(apath);
}
END_TEST

/* Entries of each kind a listing reported. */
typedef struct counted {
  unsigned files, dirs, others;
} counted;

static int count_cb(void *payload, const char *path, size_t len,
                    repo_list_kind kind)
{
  counted *c = payload;
  (void)path;
  (void)len;
  c->files += kind == REPO_LIST_FILE;
  c->dirs += kind == REPO_LIST_DIR;
  c->others += kind == REPO_LIST_OTHER;
  return MLS_OK;
}

/* A tree nested past MLS_MAX_TREE_DEPTH: the directory past the bound is
 * reported as not followed and nothing below it is listed, natively and
 * by libgit2. */
START_TEST(repo_list__deep_tree_is_bounded)
{
  char *path = gfx_path("deep.git");
  git_repository *gr = NULL;
  git_oid id;
  repo_target t = gfx_target(REPO_TARGET_BARE, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  repo_oid root;
  repo *r, *rn = NULL;
  mls_diag d = MLS_DIAG_INIT;
  unsigned levels = MLS_MAX_TREE_DEPTH + 3;

  ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  ck_assert_int_eq(git_blob_create_from_buffer(&id, gr, "x", 1), 0);
  for (unsigned i = 0; i < levels; i++) {
    git_treebuilder *tb = NULL;
    ck_assert_int_eq(git_treebuilder_new(&tb, gr, NULL), 0);
    ck_assert_int_eq(
        git_treebuilder_insert(NULL, tb, i ? "d" : "f.txt", &id,
                               i ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB),
        0);
    ck_assert_int_eq(git_treebuilder_write(&id, tb), 0);
    git_treebuilder_free(tb);
  }
  gfx_commit_main(NULL, gr, &id, "deep\n");
  git_repository_free(gr);
  gfx_write("deep.git/HEAD", "ref: refs/heads/main\n");
  r = open_ok(REPO_TARGET_BARE, path, NULL, false);
  root = *repo_tree_id(r);
  o.tree = &root;
  ck_assert_int_eq(repo_open(&rn, &t, &o, &d), MLS_OK);
  for (int k = 0; k < 2; k++) {
    counted c = { 0, 0, 0 };
    ck_assert_int_eq(repo_list_tree(k ? rn : r, "", UINT_MAX, count_cb, &c, &d),
                     MLS_OK);
    ck_assert_uint_eq(c.dirs, MLS_MAX_TREE_DEPTH);
    ck_assert_uint_eq(c.others, 1);
    ck_assert_uint_eq(c.files, 0);
  }
  /* Listed from deep inside, the file is within reach. */
  {
    char dir[2 * MLS_MAX_TREE_DEPTH + 8];
    counted c = { 0, 0, 0 };
    size_t w = 0;
    for (unsigned i = 0; i < levels - 2; i++) {
      w += (size_t)snprintf(dir + w, sizeof(dir) - w, "%sd", i ? "/" : "");
    }
    for (int k = 0; k < 2; k++) {
      memset(&c, 0, sizeof(c));
      ck_assert_int_eq(
          repo_list_tree(k ? rn : r, dir, UINT_MAX, count_cb, &c, &d), MLS_OK);
      ck_assert_uint_eq(c.dirs, 1);
      ck_assert_uint_eq(c.files, 1);
    }
  }
  /* The walk down passed more trees than a handle keeps: the top is read
   * again, and lists as before. */
  for (int k = 0; k < 2; k++) {
    counted c = { 0, 0, 0 };
    ck_assert_int_eq(repo_list_tree(k ? rn : r, "", UINT_MAX, count_cb, &c, &d),
                     MLS_OK);
    ck_assert_uint_eq(c.dirs, MLS_MAX_TREE_DEPTH);
  }
  ck_assert_uint_eq(d.n, 0);
  repo_free(rn);
  repo_free(r);
  mls_diag_dispose(&d);
  mls_free(path);
}
END_TEST

/* A directory on disk (worktree mode): every regular file, .git left out,
 * a symbolic link and a nested repository reported and not followed, a
 * FIFO left out; a directory reached through a link or into a nested
 * repository is not listed. */
START_TEST(repo_list__disk_never_follows_links)
{
  char *path = gfx_copy("basic", false, "basic");
  char *p;
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  gfx_write("basic/policies/a.json", "{}");
  gfx_write("basic/policies/notes.txt", "text");
  gfx_write("basic/nested/.git/HEAD", "ref: refs/heads/main\n");
  gfx_write("basic/nested/x.tf", "");
  p = gfx_path("basic/policies/link.json");
  ck_assert_int_eq(symlink("a.json", p), 0);
  mls_free(p);
  p = gfx_path("basic/policies/etc");
  ck_assert_int_eq(symlink("/etc", p), 0);
  mls_free(p);
  p = gfx_path("basic/policies/fifo");
  ck_assert_int_eq(mkfifo(p, 0644), 0);
  mls_free(p);
  r = open_ok(REPO_TARGET_CLONE, path, NULL, true);
  ck_assert_str_eq(list_text(r, "policies", UINT_MAX, &rc, &d),
                   "F a.json|F notes.txt|O etc|O link.json");
  ck_assert_int_eq(rc, MLS_OK);
  {
    const char *all = list_text(r, "", 1, &rc, &d);
    ck_assert_int_eq(rc, MLS_OK);
    ck_assert(strstr(all, "F README.md") != NULL);
    ck_assert(strstr(all, "O nested") != NULL);
    ck_assert(strstr(all, ".git") == NULL);
    ck_assert(strstr(all, "D policies") != NULL);
  }
  ck_assert_str_eq(list_text(r, "scripts", UINT_MAX, &rc, &d), "F run.sh");
  (void)list_text(r, "policies/etc", UINT_MAX, &rc, &d);
  ck_assert_int_eq(rc, MLS_EINPUT);
  (void)list_text(r, "nested", UINT_MAX, &rc, &d);
  ck_assert_int_eq(rc, MLS_EINPUT);
  (void)list_text(r, ".git", UINT_MAX, &rc, &d);
  ck_assert_int_eq(rc, MLS_EINPUT);
  (void)list_text(r, "absent", UINT_MAX, &rc, &d);
  ck_assert_int_eq(rc, MLS_EIO);
  (void)list_text(r, "README.md", UINT_MAX, &rc, &d);
  ck_assert_int_eq(rc, MLS_EIO);
  ck_assert_uint_eq(d.n, 0);
  repo_free(r);
  mls_diag_dispose(&d);
  mls_free(path);
}
END_TEST

/* git2_dl.c's stand-in for mbed TLS's CA-bundle parser is what a lookup
 * in the global scope finds -- as libgit2's call does -- and not the
 * library's (this binary links libgit2, so mbed TLS is loaded too). */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

START_TEST(repo_global__ca_bundle_parser_is_the_stand_in)
{
  void *found = dlsym(RTLD_DEFAULT, "mbedtls_x509_crt_parse_file");
  int (*mine)(void *, const char *) = mbedtls_x509_crt_parse_file;
  ck_assert_ptr_nonnull(found);
  ck_assert(found == *(void **)(void *)&mine);
  ck_assert_int_eq(mbedtls_x509_crt_parse_file(NULL, "/nonexistent"), 0);
}
END_TEST

Suite *repo_repo_suite(void)
{
  Suite *s = suite_create("repo_repo");
  TCase *tc = tcase_create("repo");

  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, repo_global__config_search_paths_are_blank);
  tcase_add_test(tc, repo_global__ca_bundle_parser_is_the_stand_in);
  tcase_add_test(tc, repo_repo__head_resolves_to_main);
  tcase_add_test(tc, repo_repo__named_refs_give_their_trees);
  tcase_add_test(tc, repo_repo__resolve_another_revision);
  tcase_add_test(tc, repo_repo__bare_repository_reads_its_pack);
  tcase_add_test(tc, repo_repo__missing_ref_is_a_diagnostic);
  tcase_add_test(tc, repo_repo__unborn_head_is_a_diagnostic);
  tcase_add_test(tc, repo_repo__empty_repository_is_swept_empty);
  tcase_add_test(tc, repo_repo__corrupt_repository_is_a_diagnostic);
  tcase_add_test(tc, repo_repo__worktree_of_a_bare_repository_is_refused);
  tcase_add_test(tc, repo_repo__worktree_has_no_refs);
  tcase_add_test(tc, repo_blob__copy_has_a_nul_sentinel);
  tcase_add_test(tc, repo_blob__oversized_blob_is_refused_before_inflating);
  tcase_add_test(tc, repo_blob__lfs_pointer_is_noted_and_skipped);
  tcase_add_test(tc, repo_blob__deleted_object_fails_that_file_only);
  tcase_add_test(tc, repo_blob__strict_verification_catches_a_wrong_hash);
  tcase_add_test(tc, repo_blob__trust_mirrors_skips_verification);
  tcase_add_test(tc, repo_repo__opened_at_a_tree_reads_without_libgit2);
  tcase_add_test(tc, repo_repo__libgit2_asked_once_when_it_cannot_open);
  tcase_add_loop_test(tc, repo_blob__enomem_at_every_allocation, 0,
                      BLOB_ENOMEM_LOOPS);
  tcase_add_test(tc, repo_list__tree_natively_and_by_libgit2);
  tcase_add_test(tc, repo_list__deep_tree_is_bounded);
  tcase_add_test(tc, repo_list__disk_never_follows_links);
  suite_add_tcase(s, tc);
  return s;
}
