/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/test_target.c -- core/git/target.c: classifying a
 * target path, finding the repositories of an org directory in byte order
 * (stopping at each repository), and reading a targets file.
 */
#define _XOPEN_SOURCE 700 /* symlink */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/repo.h"
#include "tests/unit/core/git/fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static repo_target_kind classify(const char *rel, int want_rc)
{
  char *p = gfx_path(rel);
  repo_target_kind k = REPO_TARGET_ORG;
  mls_diag d = MLS_DIAG_INIT;

  ck_assert_int_eq(repo_classify(&k, p, &d), want_rc);
  mls_free(p);
  mls_diag_dispose(&d);
  return k;
}

/* "kind name" lines of ts, '\n'-joined (owned). */
static char *describe(const repo_targets *ts)
{
  mls_buf b = MLS_BUF_INIT(1 << 16);
  for (size_t i = 0; i < ts->n; i++) {
    ck_assert_int_eq(mls_buf_printf(&b, "%s%s %s", i ? "\n" : "",
                                    repo_target_kind_name(ts->v[i].kind),
                                    ts->v[i].name),
                     MLS_OK);
  }
  return b.ptr ? b.ptr : mls_strndup("", 0);
}

/* The org layout most tests use. */
static void make_org(void)
{
  char *p, *link;

  mls_free(gfx_copy("basic", false, "org/zeta"));
  mls_free(gfx_copy("bare", true, "org/alpha.git"));
  mls_free(gfx_copy("basic", false, "org/team/b"));
  mls_free(gfx_copy("bare", true, "org/team-x/c.git"));
  /* Not repositories: a plain directory, and repositories the search must
   * not reach (inside a work tree, inside node_modules, behind a link). */
  gfx_write("org/plain/sub/x.tf", "locals {}\n");
  mls_free(gfx_copy("bare", true, "org/zeta/vendor/inner.git"));
  mls_free(gfx_copy("basic", false, "org/node_modules/dep"));
  p = gfx_path("org/zeta");
  link = gfx_path("org/link");
  ck_assert_int_eq(symlink(p, link), 0);
  mls_free(p);
  mls_free(link);
}

START_TEST(repo_target__kinds)
{
  mls_free(gfx_copy("basic", false, "clone"));
  mls_free(gfx_copy("bare", true, "bare.git"));
  gfx_write("plain/a/main.tf", "locals {}\n");
  gfx_write("afile", "x\n");
  make_org();
  ck_assert_int_eq(classify("clone", MLS_OK), REPO_TARGET_CLONE);
  ck_assert_int_eq(classify("bare.git", MLS_OK), REPO_TARGET_BARE);
  ck_assert_int_eq(classify("plain", MLS_OK), REPO_TARGET_DIR);
  ck_assert_int_eq(classify("org", MLS_OK), REPO_TARGET_ORG);
  ck_assert_int_eq(classify("org/team", MLS_OK), REPO_TARGET_ORG);
  ck_assert_int_eq(classify("org/plain", MLS_OK), REPO_TARGET_DIR);
  /* Inside a clone, a path is not a repository (no upward search). */
  ck_assert_int_eq(classify("clone/modules", MLS_OK), REPO_TARGET_DIR);
  classify("missing", MLS_EIO);
  classify("afile", MLS_EIO);
}
END_TEST

START_TEST(repo_target__org_members_in_byte_order)
{
  repo_targets ts = REPO_TARGETS_INIT;
  repo_target_kind k;
  mls_diag d = MLS_DIAG_INIT;
  char *org, *got, *want_path;

  make_org();
  org = gfx_path("org");
  ck_assert_int_eq(repo_targets_add(&ts, org, &k, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_ORG);
  got = describe(&ts);
  /* '-' sorts before '/': team-x/ comes before team/. zeta's vendored
   * repository, node_modules and the link are not members. */
  ck_assert_str_eq(got, "bare alpha.git\n"
                        "bare team-x/c.git\n"
                        "clone team/b\n"
                        "clone zeta");
  want_path = gfx_path("org/team/b");
  ck_assert_str_eq(ts.v[2].path, want_path);
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL,
                         "symbolic link to a directory not followed"));
  /* plain/sub/x.tf lies outside every repository: said, not swept. */
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL,
                         "plain/sub' holds Terraform or CloudFormation "
                         "files outside any repository"));
  ck_assert_uint_eq(d.nerrors, 0);
  mls_free(got);
  mls_free(want_path);
  mls_free(org);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

/* Loose files are said only of an org: a plain directory's own files
 * are what it sweeps. Past 20 directories the rest are counted. */
START_TEST(repo_target__loose_files_noted_for_an_org_only)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *plain, *org, rel[64];

  gfx_write("plain/a/main.tf", "locals {}\n");
  plain = gfx_path("plain");
  ck_assert_int_eq(repo_targets_add(&ts, plain, NULL, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  mls_free(gfx_copy("basic", false, "org/repo"));
  for (int i = 0; i < 25; i++) {
    snprintf(rel, sizeof(rel), "org/loose%02d/x.template", i);
    gfx_write(rel, "{}\n");
  }
  gfx_write("org/docs/readme.yaml", "a: 1\n"); /* YAML alone: not said */
  org = gfx_path("org");
  ck_assert_int_eq(repo_targets_add(&ts, org, NULL, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 21);
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "loose00' holds"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "loose19' holds"));
  ck_assert(!gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "loose20' holds"));
  ck_assert(!gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "docs"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "and 5 more directories"));
  mls_free(plain);
  mls_free(org);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

/* A directory of many entries is classified on two threads: the same
 * members, notes and order as one thread gives (the fixture above is too
 * small to split). */
/* Expected members: "kind name", sorted by name. */
typedef struct member {
  char kind[8];
  char name[32];
} member;

static int cmp_member(const void *a, const void *b)
{
  return strcmp(((const member *)a)->name, ((const member *)b)->name);
}

START_TEST(repo_target__many_members_same_as_few)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  mls_buf want = MLS_BUF_INIT(1 << 16);
  member m[100];
  size_t n = 0;
  char *org, *got, rel[64];

  for (int i = 0; i < 80; i++) {
    if (i % 7 == 0) {
      snprintf(m[n].kind, sizeof(m[n].kind), "bare");
      snprintf(m[n].name, sizeof(m[n].name), "m%02d.git", i);
      snprintf(rel, sizeof(rel), "big/%s", m[n++].name);
      mls_free(gfx_copy("bare", true, rel));
    } else if (i % 11 == 0) {
      snprintf(m[n].kind, sizeof(m[n].kind), "clone");
      snprintf(m[n].name, sizeof(m[n].name), "c%02d", i);
      snprintf(rel, sizeof(rel), "big/%s", m[n++].name);
      mls_free(gfx_copy("basic", false, rel));
    } else {
      /* Not a repository (HEAD and objects, but no refs): searched. */
      snprintf(rel, sizeof(rel), "big/d%02d/HEAD", i);
      gfx_write(rel, "ref: refs/heads/main\n");
      snprintf(rel, sizeof(rel), "big/d%02d/objects/x", i);
      gfx_write(rel, "");
    }
  }
  mls_free(gfx_copy("bare", true, "big/d01/inner.git"));
  snprintf(m[n].kind, sizeof(m[n].kind), "bare");
  snprintf(m[n++].name, sizeof(m[0].name), "d01/inner.git");
  qsort(m, n, sizeof(m[0]), cmp_member);
  for (size_t i = 0; i < n; i++) {
    mls_buf_printf(&want, "%s%s %s", i ? "\n" : "", m[i].kind, m[i].name);
  }
  org = gfx_path("big");
  ck_assert_int_eq(repo_targets_add(&ts, org, NULL, &d), MLS_OK);
  got = describe(&ts);
  ck_assert_str_eq(got, want.ptr);
  ck_assert_uint_eq(d.n, 0);
  mls_free(got);
  mls_free(org);
  mls_buf_dispose(&want);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_target__org_path_with_trailing_slashes)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *org = gfx_path("org//"), *got, *want_path;

  make_org();
  ck_assert_int_eq(repo_targets_add(&ts, org, NULL, &d), MLS_OK);
  got = describe(&ts);
  ck_assert_str_eq(got, "bare alpha.git\n"
                        "bare team-x/c.git\n"
                        "clone team/b\n"
                        "clone zeta");
  want_path = gfx_path("org/zeta");
  ck_assert_str_eq(ts.v[3].path, want_path);
  mls_free(got);
  mls_free(want_path);
  mls_free(org);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_target__lone_targets_are_named_by_their_directory)
{
  repo_targets ts = REPO_TARGETS_INIT;
  repo_target_kind k;
  mls_diag d = MLS_DIAG_INIT;
  char *clone = gfx_copy("basic", false, "clone");
  char *plain, *slashed;
  mls_buf b = MLS_BUF_INIT(8192);

  gfx_write("plain/main.tf", "locals {}\n");
  plain = gfx_path("plain");
  ck_assert_int_eq(mls_buf_printf(&b, "%s/", clone), MLS_OK);
  slashed = mls_buf_detach(&b);
  ck_assert_int_eq(repo_targets_add(&ts, slashed, &k, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_CLONE);
  ck_assert_int_eq(repo_targets_add(&ts, plain, &k, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_DIR);
  ck_assert_uint_eq(ts.n, 2);
  /* A lone target is named by its directory's own name, whatever path
   * (trailing '/', "..") led to it; the path is kept as given. */
  ck_assert_str_eq(ts.v[0].name, "clone");
  ck_assert_str_eq(ts.v[0].path, slashed);
  ck_assert_int_eq(ts.v[1].kind, REPO_TARGET_DIR);
  ck_assert_str_eq(ts.v[1].name, "plain");
  {
    char *dotted;
    ck_assert_int_eq(mls_buf_printf(&b, "%s/../plain", clone), MLS_OK);
    dotted = mls_buf_detach(&b);
    ck_assert_int_eq(repo_targets_add(&ts, dotted, &k, &d), MLS_OK);
    ck_assert_str_eq(ts.v[2].name, "plain");
    mls_free(dotted);
  }
  mls_free(clone);
  mls_free(plain);
  mls_free(slashed);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

/* A file named as a target: its directory, resolved, read with the walk
 * limited to that file (only), named by the file; a file that is not
 * Terraform or CloudFormation is refused with a diagnostic. */
START_TEST(repo_target__a_file_is_its_directory_limited_to_it)
{
  repo_targets ts = REPO_TARGETS_INIT;
  repo_target_kind k = REPO_TARGET_ORG;
  mls_diag d = MLS_DIAG_INIT;
  char *file, *other, *dir, *real, *link, *readme;

  gfx_write("plain/main.tf", "locals {}\n");
  gfx_write("plain/stack.yaml", "Resources: {}\n");
  gfx_write("plain/README.md", "# x\n");
  file = gfx_path("plain/main.tf");
  other = gfx_path("plain/stack.yaml");
  readme = gfx_path("plain/README.md");
  dir = gfx_path("plain");
  link = gfx_path("link.tf");
  ck_assert_int_eq(symlink(file, link), 0);
  ck_assert_ptr_nonnull(real = realpath(dir, NULL));
  ck_assert_int_eq(repo_targets_add(&ts, file, &k, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_DIR);
  ck_assert_int_eq(repo_targets_add(&ts, other, NULL, &d), MLS_OK);
  /* The user's own path may be a symbolic link: the file it names. */
  ck_assert_int_eq(repo_targets_add(&ts, link, NULL, &d), MLS_OK);
  ck_assert_uint_eq(ts.n, 3);
  ck_assert_int_eq(ts.v[0].kind, REPO_TARGET_DIR);
  ck_assert_str_eq(ts.v[0].path, real);
  ck_assert_str_eq(ts.v[0].name, "main.tf");
  ck_assert_str_eq(ts.v[0].only, "main.tf");
  ck_assert_str_eq(ts.v[1].path, real);
  ck_assert_str_eq(ts.v[1].only, "stack.yaml");
  ck_assert_str_eq(ts.v[2].path, real);
  ck_assert_str_eq(ts.v[2].only, "main.tf");
  ck_assert_uint_eq(d.n, 0);
  /* A directory target has no `only`. */
  ck_assert_int_eq(repo_targets_add(&ts, dir, NULL, &d), MLS_OK);
  ck_assert_ptr_null(ts.v[3].only);
  /* Not IaC: refused, nothing added. */
  ck_assert_int_lt(repo_targets_add(&ts, readme, NULL, &d), 0);
  ck_assert_uint_eq(ts.n, 4);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_ptr_nonnull(strstr(d.v[0].message, "README.md"));
  free(real);
  mls_free(file);
  mls_free(other);
  mls_free(readme);
  mls_free(dir);
  mls_free(link);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

/* A directory or file inside a clone's work tree is that clone's: path
 * its top, scope the directory below it, named "clone/scope"; the nearest
 * ancestor holding .git (a directory or a gitlink file) wins; nothing
 * inside a .git directory or a bare repository is scoped. */
START_TEST(repo_target__a_directory_inside_a_clone_is_scoped)
{
  repo_targets ts = REPO_TARGETS_INIT;
  repo_target_kind k = REPO_TARGET_ORG;
  mls_diag d = MLS_DIAG_INIT;
  char *top, *inner, *p, *real_top, *real_inner;

  mls_free(gfx_mkdir("ml-infra/.git/hooks"));
  gfx_write("ml-infra/envs/prod/main.tf", "locals {}\n");
  gfx_write("ml-infra/vendor/inner/.git", "gitdir: ../../.git/modules/x\n");
  gfx_write("ml-infra/vendor/inner/stack/main.tf", "locals {}\n");
  gfx_write("mirror.git/HEAD", "ref: refs/heads/main\n");
  mls_free(gfx_mkdir("mirror.git/refs/heads"));
  mls_free(gfx_mkdir("mirror.git/objects/info"));
  top = gfx_path("ml-infra");
  inner = gfx_path("ml-infra/vendor/inner");
  ck_assert_ptr_nonnull(real_top = realpath(top, NULL));
  ck_assert_ptr_nonnull(real_inner = realpath(inner, NULL));

  p = gfx_path("ml-infra/envs/prod");
  ck_assert_int_eq(repo_targets_add(&ts, p, &k, &d), MLS_OK);
  mls_free(p);
  ck_assert_int_eq(k, REPO_TARGET_DIR);
  ck_assert_uint_eq(ts.n, 1);
  ck_assert_int_eq(ts.v[0].kind, REPO_TARGET_DIR);
  ck_assert_str_eq(ts.v[0].path, real_top);
  ck_assert_str_eq(ts.v[0].scope, "envs/prod");
  ck_assert_str_eq(ts.v[0].name, "ml-infra/envs/prod");
  ck_assert_ptr_null(ts.v[0].only);

  /* A file below the top: scoped to its directory, limited to it. */
  p = gfx_path("ml-infra/envs/prod/main.tf");
  ck_assert_int_eq(repo_targets_add(&ts, p, NULL, &d), MLS_OK);
  mls_free(p);
  ck_assert_str_eq(ts.v[1].path, real_top);
  ck_assert_str_eq(ts.v[1].scope, "envs/prod");
  ck_assert_str_eq(ts.v[1].only, "envs/prod/main.tf");
  ck_assert_str_eq(ts.v[1].name, "ml-infra/envs/prod/main.tf");

  /* The nearest work tree: a submodule's, by its gitlink file. */
  p = gfx_path("ml-infra/vendor/inner/stack");
  ck_assert_int_eq(repo_targets_add(&ts, p, NULL, &d), MLS_OK);
  mls_free(p);
  ck_assert_str_eq(ts.v[2].path, real_inner);
  ck_assert_str_eq(ts.v[2].scope, "stack");
  ck_assert_str_eq(ts.v[2].name, "inner/stack");

  /* The clone's top itself is a clone, not scoped; a file right below it
   * is not scoped either. */
  ck_assert_int_eq(repo_targets_add(&ts, top, &k, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_CLONE);
  ck_assert_ptr_null(ts.v[3].scope);

  /* Inside a .git directory or a bare repository: a plain directory. */
  p = gfx_path("ml-infra/.git/hooks");
  ck_assert_int_eq(repo_targets_add(&ts, p, &k, &d), MLS_OK);
  mls_free(p);
  ck_assert_int_eq(k, REPO_TARGET_DIR);
  ck_assert_ptr_null(ts.v[4].scope);
  ck_assert_str_eq(ts.v[4].name, "hooks");
  p = gfx_path("mirror.git/objects/info");
  ck_assert_int_eq(repo_targets_add(&ts, p, &k, &d), MLS_OK);
  mls_free(p);
  ck_assert_ptr_null(ts.v[5].scope);
  ck_assert_str_eq(ts.v[5].name, "info");
  ck_assert_uint_eq(d.n, 0);

  free(real_top);
  free(real_inner);
  mls_free(top);
  mls_free(inner);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_target__search_depth_is_bounded)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_PATH_BYTES);
  repo_target_kind k;
  mls_diag d = MLS_DIAG_INIT;
  char *deep, *top;

  /* A repository below MLS_MAX_TREE_DEPTH + 2 directories is not found;
   * the search says where it stopped. */
  ck_assert_int_eq(mls_buf_puts(&b, "deep"), MLS_OK);
  for (int i = 0; i < MLS_MAX_TREE_DEPTH + 2; i++) {
    ck_assert_int_eq(mls_buf_puts(&b, "/d"), MLS_OK);
  }
  deep = mls_buf_detach(&b);
  mls_free(gfx_copy("bare", true, deep));
  top = gfx_path("deep");
  ck_assert_int_eq(repo_classify(&k, top, &d), MLS_OK);
  ck_assert_int_eq(k, REPO_TARGET_DIR);
  ck_assert(gfx_diag_has(&d, MLS_SEV_WARNING, NULL, "nested deeper than"));
  mls_free(deep);
  mls_free(top);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_target__targets_file)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  mls_buf text = MLS_BUF_INIT(1 << 16);
  char *clone, *bare, *org, *file, *got;

  make_org();
  clone = gfx_copy("basic", false, "clone");
  bare = gfx_copy("bare", true, "bare.git");
  org = gfx_path("org");
  ck_assert_int_eq(mls_buf_printf(&text,
                                  "# targets for the nightly sweep\n"
                                  "\n"
                                  "   %s   \r\n"
                                  "  # an indented comment\n"
                                  "%s\n"
                                  "/nonexistent/mlsweep/repo\n"
                                  "%s",
                                  clone, bare, org),
                   MLS_OK);
  gfx_write("targets.txt", text.ptr);
  file = gfx_path("targets.txt");
  /* The missing path fails its line; the rest are read, in file order. */
  ck_assert_int_eq(repo_targets_read_file(&ts, file, &d), MLS_EIO);
  got = describe(&ts);
  ck_assert_uint_eq(ts.n, 6);
  ck_assert_str_eq(ts.v[0].path, clone);
  ck_assert_str_eq(ts.v[1].path, bare);
  ck_assert_int_eq(ts.v[1].kind, REPO_TARGET_BARE);
  ck_assert_str_eq(ts.v[2].name, "alpha.git");
  ck_assert_str_eq(ts.v[5].name, "zeta");
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, NULL, "targets.txt:6:"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "no such file"));
  mls_free(got);
  mls_free(clone);
  mls_free(bare);
  mls_free(org);
  mls_free(file);
  mls_buf_dispose(&text);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(repo_target__missing_targets_file)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;

  ck_assert_int_eq(
      repo_targets_read_file(&ts, "/nonexistent/mlsweep/targets", &d), MLS_EIO);
  ck_assert_uint_eq(ts.n, 0);
  ck_assert_uint_eq(d.nerrors, 1);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

/* The last iteration fails no allocation (asserted below). */
#define TARGET_ENOMEM_LOOPS 60

START_TEST(repo_target__enomem_at_every_allocation)
{
  repo_targets ts = REPO_TARGETS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *org;
  int rc;

  make_org();
  org = gfx_path("org");
  mls_alloc_fail_after(_i);
  rc = repo_targets_add(&ts, org, NULL, &d);
  mls_alloc_fail_after(-1);
  ck_assert(rc == MLS_OK || rc == MLS_ENOMEM);
  ck_assert(rc == MLS_OK || _i < TARGET_ENOMEM_LOOPS - 1);
  if (rc == MLS_OK) {
    ck_assert_uint_eq(ts.n, 4);
  }
  mls_free(org);
  repo_targets_dispose(&ts);
  mls_diag_dispose(&d);
}
END_TEST

Suite *repo_target_suite(void)
{
  Suite *s = suite_create("repo_target");
  TCase *tc = tcase_create("target");

  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, repo_target__kinds);
  tcase_add_test(tc, repo_target__org_members_in_byte_order);
  tcase_add_test(tc, repo_target__org_path_with_trailing_slashes);
  tcase_add_test(tc, repo_target__many_members_same_as_few);
  tcase_add_test(tc, repo_target__lone_targets_are_named_by_their_directory);
  tcase_add_test(tc, repo_target__a_file_is_its_directory_limited_to_it);
  tcase_add_test(tc, repo_target__a_directory_inside_a_clone_is_scoped);
  tcase_add_test(tc, repo_target__loose_files_noted_for_an_org_only);
  tcase_add_test(tc, repo_target__search_depth_is_bounded);
  tcase_add_test(tc, repo_target__targets_file);
  tcase_add_test(tc, repo_target__missing_targets_file);
  tcase_add_loop_test(tc, repo_target__enomem_at_every_allocation, 0,
                      TARGET_ENOMEM_LOOPS);
  suite_add_tcase(s, tc);
  return s;
}
