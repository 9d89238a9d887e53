/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/test_peek.c -- core/git/peek.c: refs read from their
 * files without libgit2.
 *
 * repo_peek() must say what libgit2 says or nothing: every case where it
 * answers is checked against the object libgit2's resolution went through
 * (repo_ref_target), and every shape it does not read exactly as libgit2
 * does must make it decline. Works on copies of tests/fixtures/repos/basic
 * (fixture.h), changed in place.
 */
#define _POSIX_C_SOURCE 200809L /* symlink */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/repo.h"
#include "tests/unit/core/git/fixture.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Ids in the committed fixture (make-fixtures.sh fixes their content). */
#define MAIN    "c93e7b51fbcdbad59b460ce274303a9cc85141fb"
#define FEATURE "9aa23f8b6a65f1706f70c48006a89d2104014805"
#define V1      "be5fc8c325448de53ab5b36db4add56dc57f4c42"

/* The copy, as a clone at "basic" or a bare repository at "bare". */
static repo_target copy(bool bare)
{
  char *path = gfx_copy("basic", bare, bare ? "bare" : "basic");
  return gfx_target(bare ? REPO_TARGET_BARE : REPO_TARGET_CLONE, path);
}

/* "basic/.git/<rel>" or "bare/<rel>". */
static void put(bool bare, const char *rel, const char *text)
{
  char p[512];
  snprintf(p, sizeof(p), "%s/%s", bare ? "bare" : "basic/.git", rel);
  gfx_write(p, text);
}

static void drop(bool bare, const char *rel)
{
  char p[512];
  snprintf(p, sizeof(p), "%s/%s", bare ? "bare" : "basic/.git", rel);
  gfx_remove(p);
}

/* repo_peek() answers hex through `name`, and libgit2 agrees: the same
 * object, reached through a reference. */
static void peeks_as_libgit2(const repo_target *t, const char *ref,
                             const char *hex, const char *name)
{
  repo_peeked pk;
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char got[REPO_OID_HEXSZ + 1];
  repo *r = NULL;

  ck_assert_msg(repo_peek(&pk, t, ref) == MLS_OK, "peek %s",
                ref ? ref : "NULL");
  repo_oid_fmt(got, &pk.target);
  ck_assert_str_eq(got, hex);
  ck_assert_str_eq(pk.name, name);
  o.ref = ref;
  if (repo_open(&r, t, &o, &d) != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_ptr_nonnull(r);
  ck_assert_ptr_nonnull(repo_ref_target(r));
  ck_assert(repo_oid_equal(repo_ref_target(r), &pk.target));
  repo_free(r);
  mls_diag_dispose(&d);
}

/* A revision with ancestry steps (main~1): repo_peek() answers hex with no
 * reference name (libgit2's describe names no branch for it), the commit
 * libgit2's revparse resolves the same revision to. */
static void peeks_revision_as_libgit2(const repo_target *t, const char *ref,
                                      const char *hex)
{
  repo_peeked pk;
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char got[REPO_OID_HEXSZ + 1];
  repo *r = NULL;

  ck_assert_msg(repo_peek(&pk, t, ref) == MLS_OK, "peek %s", ref);
  repo_oid_fmt(got, &pk.target);
  ck_assert_msg(strcmp(got, hex) == 0, "%s: %s, want %s", ref, got, hex);
  ck_assert_uint_eq(pk.name[0], 0);
  o.ref = ref;
  if (repo_open(&r, t, &o, &d) != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_ptr_nonnull(r);
  repo_oid_fmt(got, repo_commit_id(r));
  ck_assert_msg(strcmp(got, hex) == 0, "libgit2 %s: %s, want %s", ref, got,
                hex);
  repo_free(r);
  mls_diag_dispose(&d);
}

static void declines(const repo_target *t, const char *ref)
{
  repo_peeked pk;
  ck_assert_int_eq(repo_peek(&pk, t, ref), MLS_ERROR);
  ck_assert_uint_eq(pk.name[0], 0);
}

static void target_dispose(repo_target *t)
{
  mls_free(t->path);
}

START_TEST(repo_peek__loose_refs_as_libgit2_finds_them)
{
  for (int bare = 0; bare < 2; bare++) {
    repo_target t = copy(bare);
    peeks_as_libgit2(&t, NULL, MAIN, "refs/heads/main");
    peeks_as_libgit2(&t, "", MAIN, "refs/heads/main");
    peeks_as_libgit2(&t, "HEAD", MAIN, "refs/heads/main");
    peeks_as_libgit2(&t, "main", MAIN, "refs/heads/main");
    peeks_as_libgit2(&t, "heads/main", MAIN, "refs/heads/main");
    peeks_as_libgit2(&t, "refs/heads/feature", FEATURE, "refs/heads/feature");
    peeks_as_libgit2(&t, "v1", V1, "refs/tags/v1");
    /* A tag named like a branch wins, as git_reference_dwim()'s order
     * has it. */
    put(bare, "refs/tags/feature", V1 "\n");
    peeks_as_libgit2(&t, "feature", V1, "refs/tags/feature");
    peeks_as_libgit2(&t, "heads/feature", FEATURE, "refs/heads/feature");
    /* A remote's HEAD, and a detached HEAD. */
    put(bare, "refs/remotes/origin/HEAD", "ref: refs/remotes/origin/main\n");
    put(bare, "refs/remotes/origin/main", FEATURE "\n");
    peeks_as_libgit2(&t, "origin", FEATURE, "refs/remotes/origin/main");
    put(bare, "HEAD", FEATURE "\n");
    peeks_as_libgit2(&t, NULL, FEATURE, "HEAD");
    target_dispose(&t);
  }
}
END_TEST

/* main and feature each have the first commit (v1) for parent. */
START_TEST(repo_peek__ancestry_steps_as_libgit2_resolves_them)
{
  for (int bare = 0; bare < 2; bare++) {
    repo_target t = copy(bare);
    peeks_revision_as_libgit2(&t, "HEAD~1", V1);
    peeks_revision_as_libgit2(&t, "main^", V1);
    peeks_revision_as_libgit2(&t, "main~", V1);
    peeks_revision_as_libgit2(&t, "main^1", V1);
    peeks_revision_as_libgit2(&t, "feature~1", V1);
    peeks_revision_as_libgit2(&t, "main~1^0", V1);
    peeks_revision_as_libgit2(&t, "HEAD^0", MAIN);
    peeks_revision_as_libgit2(&t, "refs/heads/feature^", V1);
    /* A commit id, alone or with steps. */
    peeks_revision_as_libgit2(&t, MAIN, MAIN);
    peeks_revision_as_libgit2(&t, MAIN "~1", V1);
    peeks_revision_as_libgit2(&t, FEATURE "^", V1);
    target_dispose(&t);
  }
}
END_TEST

START_TEST(repo_peek__packed_refs_under_loose_ones)
{
  repo_target t = copy(true);

  put(true, "packed-refs",
      "# pack-refs with: peeled fully-peeled sorted \n" MAIN
      " refs/heads/main\n" FEATURE " refs/heads/packed\n" V1
      " refs/tags/old\n^" MAIN "\n");
  peeks_as_libgit2(&t, "packed", FEATURE, "refs/heads/packed");
  peeks_as_libgit2(&t, "old", V1, "refs/tags/old");
  /* The loose main (MAIN) and the packed one agree; make them differ:
   * the loose file wins. */
  put(true, "refs/heads/main", FEATURE "\n");
  peeks_as_libgit2(&t, NULL, FEATURE, "refs/heads/main");
  drop(true, "refs/heads/main");
  peeks_as_libgit2(&t, NULL, MAIN, "refs/heads/main");
  target_dispose(&t);
}
END_TEST

/* Which --ref values the peek may resolve at all: a sweep at one it never
 * reads sets libgit2 up at once (cmd_scan), since every repository needs
 * it. */
START_TEST(repo_peek__may_read_only_plain_names)
{
  /* "tag." is read as refs/remotes/tag./HEAD, the last of
   * git_reference_dwim()'s forms: only the whole name may not end in '.'. */
  static const char *const plain[] = {
    NULL, "",    "HEAD", "main", "v1", "feature/x-1.2_b", "refs/heads/main",
    MAIN, "tag."
  };
  static const char *const not_plain[] = { "main^{tree}",
                                           "ma in",
                                           "refs/heads/../tags/v1",
                                           "a..b",
                                           "main@{1}",
                                           "x:y",
                                           "topic.lock",
                                           "/main",
                                           "main/",
                                           "tag..lock",
                                           "~1",
                                           "HEAD~x",
                                           "HEAD~12345",
                                           "HEAD~999^{commit}" };
  /* A name with ancestry steps is read too (the steps' commits). */
  static const char *const steps[] = { "HEAD~1", "main^",  "main~",
                                       "HEAD^2", "v1~3^0", "main~1^1~2",
                                       MAIN "~1" };
  for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
    ck_assert_msg(repo_peek_may_read(steps[i]), "%s", steps[i]);
  }
  for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
    ck_assert_msg(repo_peek_may_read(plain[i]), "%s",
                  plain[i] ? plain[i] : "(null)");
  }
  for (size_t i = 0; i < sizeof(not_plain) / sizeof(not_plain[0]); i++) {
    ck_assert_msg(!repo_peek_may_read(not_plain[i]), "%s", not_plain[i]);
  }
}
END_TEST

START_TEST(repo_peek__declines_what_it_cannot_read_exactly)
{
  repo_target t = copy(false);
  char *p;

  /* Revisions that are not reference names. */
  declines(&t, "0000000000000000000000000000000000000001"); /* no object */
  declines(&t, "main^{tree}");
  /* Steps past the history, or to a parent a commit does not have:
   * libgit2 resolves them and says so. */
  declines(&t, "v1~1");
  declines(&t, "main~2");
  declines(&t, "main^2");
  declines(&t, "no-such-branch");
  declines(&t, "refs/heads/../tags/v1");
  declines(&t, "ma in");
  /* A loose ref of another shape. */
  put(false, "refs/heads/odd", MAIN " trailing\n");
  declines(&t, "odd");
  put(false, "refs/heads/odd", "c93e7b51\n");
  declines(&t, "odd");
  /* A dangling symbolic ref (libgit2 goes on to other forms). */
  put(false, "refs/heads/dangling", "ref: refs/heads/nowhere\n");
  declines(&t, "dangling");
  /* Symbolic links: the ref file, and a directory on the way. */
  p = gfx_path("basic/.git/refs/heads/linked");
  ck_assert_int_eq(symlink(MAIN, p), 0);
  declines(&t, "linked");
  mls_free(p);
  gfx_remove("basic/.git/refs/tags");
  p = gfx_path("basic/.git/refs/tags");
  ck_assert_int_eq(symlink("heads", p), 0);
  declines(&t, "v1");
  mls_free(p);
  /* packed-refs that is not plainly packed-refs. */
  put(false, "packed-refs", MAIN " refs/heads/p1\r\n");
  declines(&t, "p1");
  put(false, "packed-refs", MAIN " refs/heads/p1\n" MAIN " refs/heads/p1\n");
  declines(&t, "p1");
  put(false, "packed-refs", MAIN " refs/heads/p1");
  declines(&t, "p1");
  put(false, "packed-refs", MAIN " refs/heads/p1\nnot a line\n");
  declines(&t, "p1");
  /* Out of order: libgit2 binary-searches, and may not find p1. */
  put(false, "packed-refs", MAIN " refs/heads/p2\n" MAIN " refs/heads/p1\n");
  declines(&t, "p1");
  drop(false, "packed-refs");
  /* A linked worktree's git directory. */
  put(false, "commondir", "../..\n");
  declines(&t, NULL);
  drop(false, "commondir");
  /* An unborn HEAD. */
  put(false, "HEAD", "ref: refs/heads/unborn\n");
  declines(&t, NULL);
  put(false, "HEAD", "ref: refs/heads/main\n");
  peeks_as_libgit2(&t, NULL, MAIN, "refs/heads/main");
  /* A gitlink .git file, and a plain directory. */
  gfx_remove("basic/.git");
  gfx_write("basic/.git", "gitdir: elsewhere\n");
  declines(&t, NULL);
  t.kind = REPO_TARGET_DIR;
  declines(&t, NULL);
  target_dispose(&t);
}
END_TEST

/* repo_peek_origin() on a clone whose config is `text`: declines, or
 * gives what repo_describe() gives. */
static void origin_as_libgit2(const repo_target *t, const char *text,
                              bool peeks, const char *want)
{
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *uri = NULL, *guri = NULL, *gbranch = NULL;
  repo *r = NULL;
  int rc;

  put(false, "config", text);
  rc = repo_peek_origin(&uri, t);
  ck_assert_msg(rc == (peeks ? MLS_OK : MLS_ERROR), "config: %s", text);
  if (!peeks) {
    ck_assert_ptr_null(uri);
    return;
  }
  if (want) {
    ck_assert_ptr_nonnull(uri);
    ck_assert_str_eq(uri, want);
  } else {
    ck_assert_ptr_null(uri);
  }
  ck_assert_int_eq(repo_open(&r, t, &o, &d), MLS_OK);
  ck_assert_int_eq(repo_describe(r, NULL, &guri, &gbranch), MLS_OK);
  if (want) {
    ck_assert_ptr_nonnull(guri);
    ck_assert_str_eq(guri, uri);
  } else {
    ck_assert_ptr_null(guri);
  }
  mls_free(uri);
  mls_free(guri);
  mls_free(gbranch);
  repo_free(r);
  mls_diag_dispose(&d);
}

START_TEST(repo_peek__origin_url_as_libgit2_reads_it)
{
  repo_target t = copy(false);
  const char *core = "[core]\n\trepositoryformatversion = 0\n"
                     "\tbare = false\n";
  char text[1024];

  /* Plain files, as git writes them. */
  snprintf(text, sizeof(text),
           "%s[remote \"origin\"]\n\turl = https://git.example/a/b.git\n"
           "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
           "[branch \"main\"]\n\tremote = origin\n",
           core);
  origin_as_libgit2(&t, text, true, "https://git.example/a/b.git");
  snprintf(text, sizeof(text), "%s", core);
  origin_as_libgit2(&t, text, true, NULL);
  /* Section and key names ignore case; the subsection does not. */
  snprintf(text, sizeof(text),
           "%s; comment\r\n[Remote \"origin\"] # note\r\n  URL = "
           "git@host:x/y.git  \r\n",
           core);
  origin_as_libgit2(&t, text, true, "git@host:x/y.git");
  snprintf(text, sizeof(text), "%s[remote \"Origin\"]\n\turl = x\n", core);
  origin_as_libgit2(&t, text, true, NULL);
  snprintf(text, sizeof(text), "%s[remote \"origin\"]\n\turl =\n", core);
  origin_as_libgit2(&t, text, true, NULL);
  /* What it leaves to libgit2. */
  static const char *const odd[] = {
    "[remote \"origin\"]\n\turl = a\n\turl = b\n",
    "[remote \"origin\"]\n\turl = \"quoted\"\n",
    "[remote \"origin\"]\n\turl = a\\\nb\n",
    "[remote \"origin\"]\n\turl = a # comment\n",
    "[remote.origin]\n\turl = a\n",
    "[include]\n\tpath = other\n[remote \"origin\"]\n\turl = a\n",
    "[includeIf \"gitdir:/x/\"]\n\tpath = other\n",
    "[remote \"origin\"] url = a\n",
    "[remote \"or\\\"igin\"]\n\turl = a\n",
    "[remote \"origin\"]\n\turl = caf\xc3\xa9\n",
    "[remote \"origin\"]\n\turl = a\tb\n",
  };
  for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
    snprintf(text, sizeof(text), "%s%s", core, odd[i]);
    origin_as_libgit2(&t, text, false, NULL);
  }
  /* No config file, or a link in its place. */
  drop(false, "config");
  ck_assert_int_eq(repo_peek_origin(&(char *){ NULL }, &t), MLS_ERROR);
  {
    char *p = gfx_path("basic/.git/config");
    ck_assert_int_eq(symlink("HEAD", p), 0);
    mls_free(p);
  }
  ck_assert_int_eq(repo_peek_origin(&(char *){ NULL }, &t), MLS_ERROR);
  target_dispose(&t);
}
END_TEST

/* ---- repo_peek_tree ------------------------------------------------------ */

#define MAIN_TREE    "96aa82616717379cb0743d252f9f5204989b0b8e"
#define FEATURE_TREE "1f97eda2b93fa49e09643af6a61557d637e0fa6c"
/* tests/fixtures/repos/bare: one pack, its one commit whole at offset 12. */
#define PACK_MAIN "9e970f72f210d6245935566638368dfd486fd1fd"
#define PACK_TREE "515eaa3f6ba5cecfcb7d8ba9d8353c45040c788a"
#define PACK_NAME "pack-bc2ec02b5d4b22ce265678b62bd3e12d1e0911bc"

static repo_oid oid_of(const char *hex)
{
  repo_oid id;
  memset(&id, 0, sizeof(id));
  for (size_t i = 0; i < REPO_OID_RAWSZ; i++) {
    unsigned v = 0;
    ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
    id.id[i] = (unsigned char)v;
  }
  return id;
}

/* repo_peek_tree() finds tree_hex for commit_hex, verified or not, and
 * libgit2 resolving `ref` finds the same commit and tree. */
static void tree_as_libgit2(const repo_target *t, const char *ref,
                            const char *commit_hex, const char *tree_hex)
{
  repo_oid id = oid_of(commit_hex), tree;
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char got[REPO_OID_HEXSZ + 1];
  repo *r = NULL;

  for (int verify = 0; verify < 2; verify++) {
    memset(&tree, 0, sizeof(tree));
    ck_assert_int_eq(repo_peek_tree(&tree, t, &id, verify), MLS_OK);
    repo_oid_fmt(got, &tree);
    ck_assert_str_eq(got, tree_hex);
  }
  o.ref = ref;
  if (repo_open(&r, t, &o, &d) != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_ptr_nonnull(r);
  repo_oid_fmt(got, repo_commit_id(r));
  ck_assert_str_eq(got, commit_hex);
  repo_oid_fmt(got, repo_tree_id(r));
  ck_assert_str_eq(got, tree_hex);
  repo_free(r);
  mls_diag_dispose(&d);
}

static void no_tree(const repo_target *t, const char *hex, bool verify)
{
  repo_oid id = oid_of(hex), tree;
  ck_assert_int_eq(repo_peek_tree(&tree, t, &id, verify), MLS_ERROR);
}

/* Bytes of root/rel, and writing them back. */
static size_t slurp(const char *rel, unsigned char *buf, size_t cap)
{
  char *p = gfx_path(rel);
  FILE *f = fopen(p, "rb");
  size_t n;
  ck_assert_ptr_nonnull(f);
  n = fread(buf, 1, cap, f);
  ck_assert(feof(f));
  fclose(f);
  mls_free(p);
  return n;
}

static void spill(const char *rel, const unsigned char *buf, size_t n)
{
  char *p = gfx_path(rel);
  FILE *f;
  (void)chmod(p, 0644); /* Git writes objects read-only */
  f = fopen(p, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
  fclose(f);
  mls_free(p);
}

START_TEST(repo_peek__commit_trees_as_libgit2_reads_them)
{
  /* Loose commits, in a clone and a bare copy; a commit in a pack. */
  for (int bare = 0; bare < 2; bare++) {
    repo_target t = copy(bare);
    tree_as_libgit2(&t, NULL, MAIN, MAIN_TREE);
    tree_as_libgit2(&t, "feature", FEATURE, FEATURE_TREE);
    target_dispose(&t);
  }
  {
    repo_target t =
        gfx_target(REPO_TARGET_BARE, gfx_copy("bare", true, "packed.git"));
    tree_as_libgit2(&t, NULL, PACK_MAIN, PACK_TREE);
    target_dispose(&t);
  }
}
END_TEST

START_TEST(repo_peek__commit_trees_declined_when_unsure)
{
  static unsigned char a[4096], b[4096];
  repo_target t = copy(true), p;
  size_t na, nb;

  /* Not a commit, or no such object. */
  no_tree(&t, MAIN_TREE, true);
  no_tree(&t, "0000000000000000000000000000000000000000", true);
  no_tree(&t, "c93e7b51fbcdbad59b460ce274303a9cc85141fa", true);
  /* Another commit's bytes under MAIN's name: the hash says so, unless
   * the mirror is trusted. */
  na = slurp("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", a,
             sizeof(a));
  nb = slurp("bare/objects/9a/a23f8b6a65f1706f70c48006a89d2104014805", b,
             sizeof(b));
  spill("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", b, nb);
  no_tree(&t, MAIN, true);
  {
    repo_oid id = oid_of(MAIN), tree;
    char got[REPO_OID_HEXSZ + 1];
    ck_assert_int_eq(repo_peek_tree(&tree, &t, &id, false), MLS_OK);
    repo_oid_fmt(got, &tree);
    ck_assert_str_eq(got, FEATURE_TREE);
  }
  /* Not zlib, cut short, or empty. */
  memset(b, 'x', 64);
  spill("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", b, 64);
  no_tree(&t, MAIN, false);
  spill("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", a, na / 2);
  no_tree(&t, MAIN, false);
  spill("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", a, 0);
  no_tree(&t, MAIN, false);
  /* The objects directory behind a symbolic link. */
  spill("bare/objects/c9/3e7b51fbcdbad59b460ce274303a9cc85141fb", a, na);
  tree_as_libgit2(&t, NULL, MAIN, MAIN_TREE);
  {
    char *from = gfx_path("bare/objects"), *to = gfx_path("bare/objects.real");
    ck_assert_int_eq(rename(from, to), 0);
    ck_assert_int_eq(symlink("objects.real", from), 0);
    no_tree(&t, MAIN, true);
    mls_free(from);
    mls_free(to);
  }
  target_dispose(&t);

  /* A pack: its commit's deflated bytes changed, then its index cut. */
  p = gfx_target(REPO_TARGET_BARE, gfx_copy("bare", true, "packed.git"));
  no_tree(&p, PACK_TREE, true); /* a tree in the pack */
  na = slurp("packed.git/objects/pack/" PACK_NAME ".pack", a, sizeof(a));
  a[12 + 20] ^= 0x5a;
  spill("packed.git/objects/pack/" PACK_NAME ".pack", a, na);
  no_tree(&p, PACK_MAIN, true);
  a[12 + 20] ^= 0x5a;
  spill("packed.git/objects/pack/" PACK_NAME ".pack", a, na);
  tree_as_libgit2(&p, NULL, PACK_MAIN, PACK_TREE);
  nb = slurp("packed.git/objects/pack/" PACK_NAME ".idx", b, sizeof(b));
  spill("packed.git/objects/pack/" PACK_NAME ".idx", b, nb - 41);
  no_tree(&p, PACK_MAIN, true);
  spill("packed.git/objects/pack/" PACK_NAME ".idx", b, 100);
  no_tree(&p, PACK_MAIN, true);
  target_dispose(&p);
}
END_TEST

/* repo_peek_all() answers what the three peeks answer one by one, reads
 * the tree only for a commit other than `known`, and declines as a whole
 * when one part declines. */
START_TEST(repo_peek__all_in_one_opening)
{
  for (int bare = 0; bare < 2; bare++) {
    repo_target t = copy(bare);
    repo_oid zero, main_id = oid_of(MAIN), tree, sentinel;
    repo_peeked pk;
    char got[REPO_OID_HEXSZ + 1], *uri = NULL;

    memset(&zero, 0, sizeof(zero));
    memset(&sentinel, 0xab, sizeof(sentinel));
    put(bare, "config",
        "[remote \"origin\"]\n\turl = https://git.example/a/b.git\n");
    /* Another commit known: the tree is read, and the origin. */
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, &uri, &t, NULL, &zero, true, NULL), MLS_OK);
    repo_oid_fmt(got, &pk.target);
    ck_assert_str_eq(got, MAIN);
    ck_assert_str_eq(pk.name, "refs/heads/main");
    repo_oid_fmt(got, &tree);
    ck_assert_str_eq(got, MAIN_TREE);
    ck_assert_ptr_nonnull(uri);
    ck_assert_str_eq(uri, "https://git.example/a/b.git");
    mls_free(uri);
    uri = NULL;
    /* The same commit known: the tree is left alone; no origin asked. */
    tree = sentinel;
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, NULL, &t, "feature", &zero, false, NULL),
        MLS_OK);
    repo_oid_fmt(got, &tree);
    ck_assert_str_eq(got, FEATURE_TREE);
    tree = sentinel;
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, NULL, &t, NULL, &main_id, true, NULL),
        MLS_OK);
    ck_assert(repo_oid_equal(&tree, &sentinel));
    /* A config read otherwise than plainly: the whole peek declines. */
    put(bare, "config", "[include]\n\tpath = other\n");
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, &uri, &t, NULL, &zero, true, NULL),
        MLS_ERROR);
    ck_assert_ptr_null(uri);
    ck_assert(repo_oid_equal(&pk.target, &zero));
    /* A commit that is not there: declines too. */
    put(bare, "refs/heads/main", "0000000000000000000000000000000000000001\n");
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, NULL, &t, NULL, &zero, true, NULL),
        MLS_ERROR);
    /* ...unless it is the known one: nothing to read. */
    {
      repo_oid one = oid_of("0000000000000000000000000000000000000001");
      ck_assert_int_eq(
          repo_peek_all(&pk, &tree, NULL, &t, NULL, &one, true, NULL), MLS_OK);
    }
    target_dispose(&t);
  }
}
END_TEST

static bool has_dep(const repo_peek_deps *d, const char *name, bool found)
{
  for (size_t i = 0; i < d->n; i++) {
    if (strcmp(d->v[i].name, name) == 0) {
      return d->v[i].found == found;
    }
  }
  return false;
}

/* The files a peek's answer came from: none vouched for while younger
 * than the racy window; then HEAD, the loose ref (and the clone's absent
 * commondir, and config for the origin), which hold until one of them is
 * written again, even with the same bytes, or one absent appears. */
START_TEST(repo_peek__deps_vouch_for_the_answer)
{
  for (int bare = 0; bare < 2; bare++) {
    repo_target t = copy(bare);
    repo_oid zero, tree;
    repo_peek_deps deps;
    repo_peeked pk;
    char *uri = NULL;

    memset(&zero, 0, sizeof(zero));
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, &uri, &t, NULL, &zero, true, &deps), MLS_OK);
    mls_free(uri);
    ck_assert(!deps.ok); /* just copied */
    gfx_past_racy_window();
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, &uri, &t, NULL, &zero, true, &deps), MLS_OK);
    mls_free(uri);
    ck_assert(deps.ok);
    ck_assert(has_dep(&deps, "HEAD", true));
    ck_assert(has_dep(&deps, "refs/heads/main", true));
    ck_assert(has_dep(&deps, "config", true));
    ck_assert(bare || has_dep(&deps, "commondir", false));
    ck_assert(repo_peek_deps_hold(&t, &deps));
    ck_assert(repo_peek_deps_hold(&t, &deps));
    /* The same bytes written again: another ctime. */
    put(bare, "refs/heads/main", MAIN "\n");
    ck_assert(!repo_peek_deps_hold(&t, &deps));
    gfx_past_racy_window();
    ck_assert_int_eq(
        repo_peek_all(&pk, &tree, NULL, &t, "feature", &zero, true, &deps),
        MLS_OK);
    ck_assert(deps.ok);
    /* A short name's earlier forms are absent, and must stay so. */
    ck_assert(has_dep(&deps, "refs/feature", false));
    ck_assert(repo_peek_deps_hold(&t, &deps));
    put(bare, "refs/tags/feature", FEATURE "\n");
    ck_assert(!repo_peek_deps_hold(&t, &deps));
    target_dispose(&t);
  }
}
END_TEST

/* A bare repository found by an org search carries what lstat said of its
 * HEAD then: the deps check takes that instead of a stat of its own, so
 * HEAD written after the search is seen by the next search, not by the
 * check of a target found before it. */
START_TEST(repo_peek__org_search_vouches_for_head)
{
  repo_target t = copy(true), *found = NULL;
  repo_targets ts = REPO_TARGETS_INIT, again = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  repo_oid zero, tree;
  repo_peek_deps deps;
  repo_peeked pk;

  memset(&zero, 0, sizeof(zero));
  gfx_past_racy_window();
  ck_assert_int_eq(repo_targets_add(&ts, gfx_root(), NULL, &d), MLS_OK);
  for (size_t i = 0; i < ts.n; i++) {
    if (strcmp(ts.v[i].path, t.path) == 0) {
      found = &ts.v[i];
    }
  }
  ck_assert_ptr_nonnull(found);
  ck_assert_int_eq(found->kind, REPO_TARGET_BARE);
  ck_assert(found->has_head_sig);
  ck_assert_int_eq(
      repo_peek_all(&pk, &tree, NULL, found, NULL, &zero, true, &deps), MLS_OK);
  ck_assert(deps.ok && has_dep(&deps, "HEAD", true));
  ck_assert(repo_peek_deps_hold(found, &deps));
  /* HEAD written again (the same bytes, another ctime): the target found
   * before still holds what its search saw; a new search does not. */
  put(true, "HEAD", "ref: refs/heads/main\n");
  ck_assert(repo_peek_deps_hold(found, &deps));
  ck_assert(!repo_peek_deps_hold(&t, &deps)); /* no signature: a stat */
  ck_assert_int_eq(repo_targets_add(&again, gfx_root(), NULL, &d), MLS_OK);
  for (size_t i = 0; i < again.n; i++) {
    if (strcmp(again.v[i].path, t.path) == 0) {
      ck_assert(again.v[i].has_head_sig);
      ck_assert(!repo_peek_deps_hold(&again.v[i], &deps));
    }
  }
  repo_targets_dispose(&ts);
  repo_targets_dispose(&again);
  mls_diag_dispose(&d);
  target_dispose(&t);
}
END_TEST

Suite *repo_peek_suite(void)
{
  Suite *s = suite_create("repo_peek");
  TCase *tc = tcase_create("peek");

  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_test(tc, repo_peek__loose_refs_as_libgit2_finds_them);
  tcase_add_test(tc, repo_peek__org_search_vouches_for_head);
  tcase_add_test(tc, repo_peek__ancestry_steps_as_libgit2_resolves_them);
  tcase_add_test(tc, repo_peek__packed_refs_under_loose_ones);
  tcase_add_test(tc, repo_peek__declines_what_it_cannot_read_exactly);
  tcase_add_test(tc, repo_peek__may_read_only_plain_names);
  tcase_add_test(tc, repo_peek__origin_url_as_libgit2_reads_it);
  tcase_add_test(tc, repo_peek__commit_trees_as_libgit2_reads_them);
  tcase_add_test(tc, repo_peek__commit_trees_declined_when_unsure);
  tcase_add_test(tc, repo_peek__all_in_one_opening);
  suite_add_tcase(s, tc);
  /* It waits out the racy window. */
  tc = tcase_create("deps");
  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, repo_peek__deps_vouch_for_the_answer);
  suite_add_tcase(s, tc);
  return s;
}
