/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/git/test_walk.c -- core/git/walk.c and worktree.c: which
 * paths are candidates, the --include/--exclude globs, the tree walk and
 * the work-tree walk (same entries, same order), notes for gitlinks,
 * symbolic links and nested repositories, bounds, and splitting a walk
 * into subtree jobs.
 */
#define _XOPEN_SOURCE 700 /* symlink, mkfifo */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/git/repo.h"
#include "core/git/walk.h"
#include "tests/unit/core/git/fixture.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The candidates of the basic fixture at HEAD, in tree order. */
static const char basic_head[] = "app/config.yaml\n"
                                 "bin/tool.tf\n"
                                 "cfn/Stack.YML\n"
                                 "cfn/stack.template\n"
                                 "envs/dev/dev.tf.json\n"
                                 "envs/prod/prod.tfvars\n"
                                 "envs/prod/prod.tfvars.json\n"
                                 "extra.tf\n"
                                 "main.tf\n"
                                 "modules/net/main.tf\n"
                                 "variables.tf";

static repo *open_target(repo_target_kind kind, const char *rel, bool worktree)
{
  char *path = gfx_path(rel);
  repo_target t = gfx_target(kind, path);
  repo_open_opts o = REPO_OPEN_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  repo *r = NULL;
  int rc;

  o.worktree = worktree;
  rc = repo_open(&r, &t, &o, &d);
  if (rc != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_int_eq(rc, MLS_OK);
  mls_free(path);
  mls_diag_dispose(&d);
  return r;
}

/* Walk r with opts; returns the '\n'-joined paths (owned). */
static char *walk_paths(repo *r, const walk_opts *opts, mls_diag *d)
{
  gfx_walk w = { .n = 0 };
  mls_diag local = MLS_DIAG_INIT;
  char *paths;
  int rc = walk_repo(r, opts, gfx_collect, &w, d ? d : &local);

  if (rc != MLS_OK) {
    gfx_diag_dump(d ? d : &local);
  }
  ck_assert_int_eq(rc, MLS_OK);
  paths = gfx_paths(&w);
  gfx_walk_dispose(&w);
  mls_diag_dispose(&local);
  return paths;
}

/* Load path of the walk of r as text (owned). */
static char *load_text(repo *r, const char *path)
{
  gfx_walk w = { .n = 0 };
  mls_diag d = MLS_DIAG_INIT;
  const gfx_entry *g;
  walk_entry e;
  mls_blob b = MLS_BLOB_INIT;

  ck_assert_int_eq(walk_repo(r, NULL, gfx_collect, &w, &d), MLS_OK);
  ck_assert_ptr_nonnull(g = gfx_find(&w, path));
  memset(&e, 0, sizeof(e));
  e.path = g->path;
  e.path_len = strlen(g->path);
  e.has_id = g->has_id;
  e.id = g->id;
  e.kind = g->kind;
  e.has_size = g->has_size;
  e.size = g->size;
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_OK);
  gfx_walk_dispose(&w);
  mls_diag_dispose(&d);
  return b.data;
}

/* ---------------------------------------------------------------------- */
/* Names and globs.                                                         */

START_TEST(walk_walk__candidate_names)
{
  static const struct {
    const char *name;
    int kind; /* -1: not a candidate */
  } cases[] = {
    { "main.tf", WALK_TF },
    { "x.tf.json", WALK_TF_JSON },
    { "prod.tfvars", WALK_TFVARS },
    { "prod.tfvars.json", WALK_TFVARS_JSON },
    { "stack.yaml", WALK_YAML },
    { "stack.yml", WALK_YAML },
    { "Stack.YML", WALK_YAML },
    { "package.json", WALK_JSON },
    { "Template.JSON", WALK_JSON },
    { "stack.template", WALK_TEMPLATE },
    { "main.TF", -1 }, /* terraform reads lower-case suffixes only */
    { ".tf", -1 },     /* a hidden file, not a Terraform file */
    { "main.hcl", -1 },
    { "README.md", -1 },
    { "tf", -1 },
    { "main.tf.bak", -1 },
    { "", -1 },
  };

  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    walk_kind k = WALK_TEMPLATE;
    bool is = walk_kind_of(&k, cases[i].name, strlen(cases[i].name));
    ck_assert_msg(is == (cases[i].kind >= 0), "%s", cases[i].name);
    if (is) {
      ck_assert_msg((int)k == cases[i].kind, "%s: kind %s", cases[i].name,
                    walk_kind_name(k));
    }
  }
  ck_assert(walk_kind_is_terraform(WALK_TFVARS_JSON));
  ck_assert(!walk_kind_is_terraform(WALK_YAML));
  ck_assert_str_eq(walk_kind_name(WALK_TF_JSON), "tf.json");
}
END_TEST

START_TEST(walk_walk__glob_semantics)
{
  static const struct {
    const char *glob, *path;
    bool match;
  } cases[] = {
    /* No '/': any component. */
    { "*.tf", "main.tf", true },
    { "*.tf", "modules/net/main.tf", true },
    { "test", "test/a.tf", true },
    { "test", "modules/test/b.tf", true },
    { "test", "tests/a.tf", false },
    { "*.tf", "main.tf.json", false },
    { "*", ".hidden.tf", true }, /* leading dots are not special */
    /* With '/': anchored, whole path or a directory prefix. */
    { "modules/legacy", "modules/legacy/x/main.tf", true },
    { "modules/legacy", "old/modules/legacy/main.tf", false },
    { "envs/*/main.tf", "envs/prod/main.tf", true },
    { "envs/*/main.tf", "envs/prod/eu/main.tf", false }, /* * stops at / */
    { "envs/*", "envs/prod/eu/main.tf", true },          /* prefix envs/prod */
    { "modules/*.tf", "modules/a/b.tf", false },
    { "modules/", "modules/a/b.tf", true }, /* trailing / ignored */
    /* Leading '/': anchored even without another '/'. */
    { "/main.tf", "main.tf", true },
    { "/main.tf", "modules/main.tf", false },
    /* Leading "**" + '/': anchored glob at any depth. */
    { "**/envs/prod", "a/b/envs/prod/x.tf", true },
    { "**/envs/prod", "envs/prod/x.tf", true },
    { "**/envs/prod", "envs/production/x.tf", false },
    { "[ab]*.tf", "b1.tf", true },
    { "?.tf", "ab.tf", false },
    { "", "main.tf", false },
    { "/", "main.tf", false },
  };

  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    ck_assert_msg(walk_glob_match(cases[i].glob, cases[i].path) ==
                      cases[i].match,
                  "glob '%s' path '%s': want %d", cases[i].glob, cases[i].path,
                  cases[i].match);
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* The object database.                                                     */

START_TEST(walk_walk__head_in_tree_order)
{
  repo *r;
  gfx_walk w = { .n = 0 };
  mls_diag d = MLS_DIAG_INIT;
  char *paths;
  const gfx_entry *e;

  mls_free(gfx_copy("basic", false, "basic"));
  r = open_target(REPO_TARGET_CLONE, "basic", false);
  ck_assert_int_eq(walk_repo(r, NULL, gfx_collect, &w, &d), MLS_OK);
  paths = gfx_paths(&w);
  /* .terraform/ and node_modules/ are skipped, README.md and run.sh are
   * not candidates; nothing needs a diagnostic. */
  ck_assert_str_eq(paths, basic_head);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_ptr_nonnull(e = gfx_find(&w, "bin/tool.tf"));
  ck_assert_uint_eq(e->mode, 0100755);
  ck_assert_int_eq(e->kind, WALK_TF);
  ck_assert(e->has_id);
  ck_assert_ptr_nonnull(e = gfx_find(&w, "main.tf"));
  ck_assert_uint_eq(e->mode, 0100644);
  /* No blob header is read: sizes are known when blobs are loaded. */
  ck_assert(!e->has_size);
  ck_assert_uint_eq(e->size, 0);
  ck_assert_ptr_nonnull(e = gfx_find(&w, "cfn/stack.template"));
  ck_assert_int_eq(e->kind, WALK_TEMPLATE);
  mls_free(paths);
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_walk__special_entries_are_noted)
{
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  gfx_walk w = { .n = 0 };
  mls_blob b = MLS_BLOB_INIT;
  const gfx_entry *g;
  walk_loaded li;
  walk_entry e;
  char *paths;

  mls_free(gfx_copy("special", false, "special"));
  r = open_target(REPO_TARGET_CLONE, "special", false);
  paths = walk_paths(r, NULL, &d);
  /* LFS pointers are candidates by name (they are recognised on load);
   * the link and the gitlink are not yielded. The oversized blob is: no
   * blob header is read in the walk, its load refuses it. */
  ck_assert_str_eq(paths, "data/weights.json\ngenerated/big.tfvars.json\n"
                          "generated/huge.tf\nok.tf\nvictim.tf");
  ck_assert(
      gfx_diag_has(&d, MLS_SEV_NOTE, "link.tf", "symbolic link not followed"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, "vendor/mod",
                         "submodule (gitlink to commit "
                         "1111111111111111111111111111111111111111) not "
                         "followed"));
  ck_assert_uint_eq(d.nerrors, 0);
  ck_assert_uint_eq(d.n, 2);
  ck_assert_ptr_null(d.path);
  ck_assert_int_eq(walk_repo(r, NULL, gfx_collect, &w, &d), MLS_OK);
  ck_assert_ptr_nonnull(g = gfx_find(&w, "generated/huge.tf"));
  memset(&e, 0, sizeof(e));
  e.path = g->path;
  e.path_len = strlen(g->path);
  e.kind = g->kind;
  e.has_id = g->has_id;
  e.id = g->id;
  /* The warning the walk gave when it read headers, and `skipped`. */
  ck_assert_int_eq(walk_load_ex(&b, r, &e, &d, &li), MLS_ELIMIT);
  ck_assert_ptr_null(b.data);
  ck_assert(li.skipped);
  ck_assert(li.has_size);
  ck_assert_uint_eq(li.size, 8388609);
  ck_assert(gfx_diag_has(&d, MLS_SEV_WARNING, "generated/huge.tf",
                         "file of 8388609 bytes skipped (limit 8388608 "
                         "bytes)"));
  ck_assert_uint_eq(d.nerrors, 0);
  /* The same blob as a .json candidate: a note, since no CloudFormation
   * template is that large (a lockfile or a dataset is). */
  e.kind = WALK_JSON;
  ck_assert(!gfx_diag_has(&d, MLS_SEV_NOTE, "generated/huge.tf",
                          "CloudFormation takes templates of 1 MB at most"));
  ck_assert_int_eq(walk_load_ex(&b, r, &e, &d, &li), MLS_ELIMIT);
  ck_assert(li.skipped);
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, "generated/huge.tf",
                         "file of 8388609 bytes skipped (limit 8388608 "
                         "bytes); CloudFormation takes templates of 1 MB at "
                         "most"));
  ck_assert_uint_eq(d.nerrors, 0);
  e.kind = g->kind;
  /* A good blob: sized by its header, not skipped. */
  ck_assert_ptr_nonnull(g = gfx_find(&w, "ok.tf"));
  e.path = g->path;
  e.path_len = strlen(g->path);
  e.id = g->id;
  ck_assert_int_eq(walk_load_ex(&b, r, &e, &d, &li), MLS_OK);
  ck_assert(!li.skipped);
  ck_assert(li.has_size);
  ck_assert_uint_eq(li.size, b.size);
  mls_blob_dispose(&b);
  gfx_walk_dispose(&w);
  mls_free(paths);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_walk__excluded_entries_are_not_noted)
{
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  const char *exclude[] = { "vendor", "link.tf", "generated" };
  walk_opts o = WALK_OPTS_INIT;
  char *paths;

  mls_free(gfx_copy("special", false, "special"));
  r = open_target(REPO_TARGET_CLONE, "special", false);
  o.exclude = exclude;
  o.nexclude = 3;
  paths = walk_paths(r, &o, &d);
  ck_assert_str_eq(paths, "data/weights.json\nok.tf\nvictim.tf");
  ck_assert_uint_eq(d.n, 0);
  mls_free(paths);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_walk__include_and_exclude)
{
  static const struct {
    const char *include, *exclude, *want;
  } cases[] = {
    { NULL, "envs",
      "app/config.yaml\nbin/tool.tf\ncfn/Stack.YML\ncfn/stack.template\n"
      "extra.tf\nmain.tf\nmodules/net/main.tf\nvariables.tf" },
    { "*.tf", NULL,
      "bin/tool.tf\nextra.tf\nmain.tf\nmodules/net/main.tf\nvariables.tf" },
    { "envs/*/prod.tfvars", NULL, "envs/prod/prod.tfvars" },
    { "*.tf", "modules/net", "bin/tool.tf\nextra.tf\nmain.tf\nvariables.tf" },
    { "envs", "prod", "envs/dev/dev.tf.json" }, /* exclude wins */
    { "*.md", NULL, "" }, /* include never adds a non-candidate */
    { "/main.tf", NULL, "main.tf" },
  };

  mls_free(gfx_copy("basic", false, "basic"));
  for (int wt = 0; wt < 2; wt++) {
    repo *r = open_target(REPO_TARGET_CLONE, "basic", wt == 1);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
      walk_opts o = WALK_OPTS_INIT;
      const char *inc[1], *exc[1];
      char *paths;
      if (cases[i].include) {
        inc[0] = cases[i].include;
        o.include = inc;
        o.ninclude = 1;
      }
      if (cases[i].exclude) {
        exc[0] = cases[i].exclude;
        o.exclude = exc;
        o.nexclude = 1;
      }
      paths = walk_paths(r, &o, NULL);
      if (wt == 1) {
        /* The work tree lacks variables.tf and has untracked.tf. */
        ck_assert_ptr_null(strstr(paths, "variables.tf"));
      } else {
        ck_assert_msg(strcmp(paths, cases[i].want) == 0,
                      "include %s exclude %s: got\n%s", cases[i].include,
                      cases[i].exclude, paths);
      }
      mls_free(paths);
    }
    repo_free(r);
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Splitting into subtree jobs.                                             */

typedef struct split_state {
  gfx_walk files;     /* what the walk yielded */
  walk_dir dirs[16];  /* claimed directories; paths point into owned */
  char *owned[16];    /* owned: copies of the claimed paths */
  size_t ndirs;       /* entries of dirs */
  const char *claim1; /* claim directories with these paths */
  const char *claim2;
} split_state;

static int collect_split(const walk_entry *e, void *payload)
{
  return gfx_collect(e, &((split_state *)payload)->files);
}

static int claim(const walk_dir *d, void *payload)
{
  split_state *s = payload;
  if (strcmp(d->path, s->claim1) != 0 && strcmp(d->path, s->claim2) != 0) {
    return WALK_DESCEND;
  }
  ck_assert_uint_lt(s->ndirs, 16);
  s->owned[s->ndirs] = mls_strndup(d->path, d->path_len);
  ck_assert_ptr_nonnull(s->owned[s->ndirs]);
  s->dirs[s->ndirs] = *d;
  s->dirs[s->ndirs].path = s->owned[s->ndirs];
  s->ndirs++;
  return WALK_SPLIT;
}

static void check_split(bool worktree)
{
  repo *r = open_target(REPO_TARGET_CLONE, "basic", worktree);
  split_state s;
  walk_opts o = WALK_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;
  char *whole = walk_paths(r, NULL, NULL), *main_part, *sub;
  mls_buf all = MLS_BUF_INIT(1 << 16);

  memset(&s, 0, sizeof(s));
  s.claim1 = "envs";
  s.claim2 = "modules/net";
  o.on_dir = claim;
  ck_assert_int_eq(walk_repo(r, &o, collect_split, &s, &d), MLS_OK);
  main_part = gfx_paths(&s.files);
  ck_assert_ptr_null(strstr(main_part, "envs/"));
  ck_assert_ptr_null(strstr(main_part, "modules/"));
  ck_assert_uint_eq(s.ndirs, 2);
  ck_assert_str_eq(s.dirs[0].path, "envs");
  ck_assert_uint_eq(s.dirs[0].depth, 1);
  ck_assert(s.dirs[0].has_id == !worktree);
  ck_assert_str_eq(s.dirs[1].path, "modules/net");
  ck_assert_uint_eq(s.dirs[1].depth, 2);
  /* Each claimed directory walked as its own job adds exactly what the
   * main walk left out. */
  gfx_walk_dispose(&s.files);
  for (size_t i = 0; i < s.ndirs; i++) {
    ck_assert_int_eq(walk_subtree(r, &s.dirs[i], NULL, collect_split, &s, &d),
                     MLS_OK);
  }
  sub = gfx_paths(&s.files);
  ck_assert_int_eq(mls_buf_printf(&all, "%s\n%s", main_part, sub), MLS_OK);
  /* Same set: every line of whole is in main_part + sub, and the counts
   * agree. */
  {
    size_t nw = 1, na = 1;
    for (const char *p = whole; *p; p++) {
      nw += *p == '\n';
    }
    for (const char *p = all.ptr; *p; p++) {
      na += *p == '\n';
    }
    ck_assert_uint_eq(nw, na);
  }
  ck_assert_ptr_nonnull(strstr(sub, "envs/prod/prod.tfvars.json"));
  ck_assert_ptr_nonnull(strstr(sub, "modules/net/main.tf"));
  ck_assert_uint_eq(d.n, 0);
  for (size_t i = 0; i < s.ndirs; i++) {
    mls_free(s.owned[i]);
  }
  gfx_walk_dispose(&s.files);
  mls_free(whole);
  mls_free(main_part);
  mls_free(sub);
  mls_buf_dispose(&all);
  repo_free(r);
  mls_diag_dispose(&d);
}

START_TEST(walk_walk__split_into_subtree_jobs)
{
  mls_free(gfx_copy("basic", false, "basic"));
  check_split(false);
  check_split(true);
}
END_TEST

static int stop_at_second(const walk_entry *e, void *payload)
{
  int *n = payload;
  (void)e;
  return ++*n == 2 ? MLS_ECANCEL : MLS_OK;
}

START_TEST(walk_walk__callback_stops_the_walk)
{
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  int n = 0;

  mls_free(gfx_copy("basic", false, "basic"));
  r = open_target(REPO_TARGET_CLONE, "basic", false);
  ck_assert_int_eq(walk_repo(r, NULL, stop_at_second, &n, &d), MLS_ECANCEL);
  ck_assert_int_eq(n, 2);
  repo_free(r);
  n = 0;
  r = open_target(REPO_TARGET_CLONE, "basic", true);
  ck_assert_int_eq(walk_repo(r, NULL, stop_at_second, &n, &d), MLS_ECANCEL);
  ck_assert_int_eq(n, 2);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* The work tree.                                                           */

START_TEST(walk_worktree__sees_uncommitted_changes)
{
  repo *odb, *wt;
  gfx_walk a = { .n = 0 }, b = { .n = 0 };
  mls_diag d = MLS_DIAG_INIT;
  char *pa, *pb, *ta, *tb;

  mls_free(gfx_copy("basic", false, "basic"));
  odb = open_target(REPO_TARGET_CLONE, "basic", false);
  wt = open_target(REPO_TARGET_CLONE, "basic", true);
  ck_assert_int_eq(walk_repo(odb, NULL, gfx_collect, &a, &d), MLS_OK);
  ck_assert_int_eq(walk_repo(wt, NULL, gfx_collect, &b, &d), MLS_OK);
  pa = gfx_paths(&a);
  pb = gfx_paths(&b);
  ck_assert_str_eq(pa, basic_head);
  /* variables.tf deleted and untracked.tf added on disk; same order. */
  ck_assert_str_eq(pb, "app/config.yaml\n"
                       "bin/tool.tf\n"
                       "cfn/Stack.YML\n"
                       "cfn/stack.template\n"
                       "envs/dev/dev.tf.json\n"
                       "envs/prod/prod.tfvars\n"
                       "envs/prod/prod.tfvars.json\n"
                       "extra.tf\n"
                       "main.tf\n"
                       "modules/net/main.tf\n"
                       "untracked.tf");
  ck_assert(!gfx_find(&b, "main.tf")->has_id);
  ck_assert_uint_eq(gfx_find(&b, "bin/tool.tf")->mode, 0100755);
  ck_assert_uint_eq(gfx_find(&b, "extra.tf")->mode, 0100644);
  ck_assert(gfx_find(&b, "extra.tf")->has_size);
  ck_assert_uint_eq(gfx_find(&b, "extra.tf")->size, 27);
  ck_assert(!gfx_find(&a, "extra.tf")->has_size);
  ta = load_text(odb, "main.tf");
  tb = load_text(wt, "main.tf");
  ck_assert_ptr_nonnull(strstr(ta, "training-data-v2"));
  ck_assert_ptr_nonnull(strstr(tb, "uncommitted"));
  ck_assert_uint_eq(d.n, 0);
  mls_free(pa);
  mls_free(pb);
  mls_free(ta);
  mls_free(tb);
  gfx_walk_dispose(&a);
  gfx_walk_dispose(&b);
  repo_free(odb);
  repo_free(wt);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_worktree__plain_directory_never_leaves_it)
{
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  char *paths, *p, *link, *fifo;

  gfx_write("plain/a.tf", "locals {}\n");
  gfx_write("plain/.terraform/cached.tf", "locals {}\n");
  gfx_write("plain/sub/.git/HEAD", "ref: refs/heads/main\n");
  gfx_write("plain/sub/inner.tf", "locals {}\n");
  gfx_write("outside/secret.tf", "locals {}\n");
  p = gfx_path("outside");
  link = gfx_path("plain/linkdir");
  ck_assert_int_eq(symlink(p, link), 0);
  mls_free(link);
  link = gfx_path("plain/link.tf");
  ck_assert_int_eq(symlink("a.tf", link), 0);
  fifo = gfx_path("plain/pipe.tf");
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  r = open_target(REPO_TARGET_DIR, "plain", false);
  ck_assert(repo_is_worktree(r));
  paths = walk_paths(r, NULL, &d);
  /* Only a.tf: the link to outside/ is not followed (and, without a
   * candidate name, not noted), link.tf is noted, the nested repository
   * is noted, the FIFO and .terraform are skipped. */
  ck_assert_str_eq(paths, "a.tf");
  ck_assert(
      gfx_diag_has(&d, MLS_SEV_NOTE, "link.tf", "symbolic link not followed"));
  ck_assert(
      gfx_diag_has(&d, MLS_SEV_NOTE, "sub", "nested repository not followed"));
  ck_assert_uint_eq(d.n, 2);
  mls_free(paths);
  mls_free(p);
  mls_free(link);
  mls_free(fifo);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

/* What on_dir_done offered in one walk. */
typedef struct ids_seen {
  size_t n, nf;
  struct {
    char path[64];
    bool has_id;
    repo_oid id;
  } v[16], f[16]; /* directories; candidates (has_cid, cid) */
} ids_seen;

static int note_id(const walk_dir *d, void *payload)
{
  ids_seen *s = payload;
  ck_assert_uint_lt(s->n, 16);
  ck_assert_uint_lt(d->path_len, sizeof(s->v[0].path));
  memcpy(s->v[s->n].path, d->path, d->path_len);
  s->v[s->n].path[d->path_len] = '\0';
  s->v[s->n].has_id = d->has_id;
  s->v[s->n].id = d->id;
  s->n++;
  return MLS_OK;
}

/* The entry for path, or NULL when none was offered. */
static const repo_oid *id_at(const ids_seen *s, const char *path, bool *has)
{
  for (size_t i = 0; i < s->n; i++) {
    if (strcmp(s->v[i].path, path) == 0) {
      *has = s->v[i].has_id;
      return &s->v[i].id;
    }
  }
  return NULL;
}

static int note_file(const walk_entry *e, void *payload)
{
  ids_seen *s = payload;
  ck_assert_uint_lt(s->nf, 16);
  ck_assert_uint_lt(e->path_len, sizeof(s->f[0].path));
  memcpy(s->f[s->nf].path, e->path, e->path_len);
  s->f[s->nf].path[e->path_len] = '\0';
  s->f[s->nf].has_id = e->has_cid;
  s->f[s->nf].id = e->cid;
  s->nf++;
  return MLS_OK;
}

/* The candidate at path's content id, or NULL when it has none. */
static const repo_oid *cid_at(const ids_seen *s, const char *path)
{
  for (size_t i = 0; i < s->nf; i++) {
    if (strcmp(s->f[i].path, path) == 0) {
      return s->f[i].has_id ? &s->f[i].id : NULL;
    }
  }
  ck_abort_msg("%s not walked", path);
  return NULL;
}

static void walk_ids(repo *r, ids_seen *s)
{
  walk_opts o = WALK_OPTS_INIT;
  mls_diag d = MLS_DIAG_INIT;

  memset(s, 0, sizeof(*s));
  o.on_dir_done = note_id; /* the payload is the file callback's too */
  ck_assert_int_eq(walk_repo(r, &o, note_file, s, &d), MLS_OK);
  mls_diag_dispose(&d);
}

/* A directory's content id on disk: none while an entry is younger than
 * the racy window; then one per directory walked, the same on the next
 * walk, and changed by an edit of any file below (a candidate or not)
 * for that directory and those above it only. A directory left out is
 * offered without an id. */
START_TEST(walk_worktree__content_ids)
{
  ids_seen s1, s2, s3, s4;
  const repo_oid *x, *y;
  bool has = true;
  repo *r;

  gfx_write("ids/a/main.tf", "locals {}\n");
  gfx_write("ids/a/policy.json", "{}\n");
  gfx_write("ids/b/main.tf", "locals {}\n");
  gfx_write("ids/node_modules/pkg/x.json", "{}\n");
  r = open_target(REPO_TARGET_DIR, "ids", false);

  walk_ids(r, &s1);
  for (size_t i = 0; i < s1.n; i++) {
    ck_assert_msg(!s1.v[i].has_id, "%s has an id while racy", s1.v[i].path);
  }
  ck_assert_uint_eq(s1.nf, 3);
  for (size_t i = 0; i < s1.nf; i++) {
    ck_assert_msg(!s1.f[i].has_id, "%s has an id while racy", s1.f[i].path);
  }
  ck_assert_ptr_nonnull(id_at(&s1, "node_modules", &has));
  ck_assert(!has);

  gfx_past_racy_window();
  walk_ids(r, &s2);
  walk_ids(r, &s3);
  ck_assert_uint_eq(s2.n, 4); /* a, b, node_modules, the root */
  for (size_t i = 0; i < s2.n; i++) {
    ck_assert_str_eq(s2.v[i].path, s3.v[i].path);
    ck_assert(s2.v[i].has_id == s3.v[i].has_id);
    ck_assert(repo_oid_equal(&s2.v[i].id, &s3.v[i].id));
  }
  ck_assert_ptr_nonnull(x = id_at(&s2, "", &has));
  ck_assert(has);
  ck_assert_ptr_nonnull(y = id_at(&s2, "a", &has));
  ck_assert(has);
  ck_assert(!repo_oid_equal(x, y));
  ck_assert_ptr_nonnull(id_at(&s2, "node_modules", &has));
  ck_assert(!has);
  ck_assert_ptr_nonnull(cid_at(&s2, "a/policy.json"));
  ck_assert(repo_oid_equal(cid_at(&s2, "a/policy.json"),
                           cid_at(&s3, "a/policy.json")));
  ck_assert(
      !repo_oid_equal(cid_at(&s2, "a/policy.json"), cid_at(&s2, "a/main.tf")));

  /* Not a candidate, same size: still a change. */
  gfx_write("ids/a/policy.json", "[]\n");
  gfx_past_racy_window();
  walk_ids(r, &s4);
  ck_assert(!repo_oid_equal(id_at(&s2, "a", &has), id_at(&s4, "a", &has)));
  ck_assert(!repo_oid_equal(id_at(&s2, "", &has), id_at(&s4, "", &has)));
  ck_assert(repo_oid_equal(id_at(&s2, "b", &has), id_at(&s4, "b", &has)));
  ck_assert(!repo_oid_equal(cid_at(&s2, "a/policy.json"),
                            cid_at(&s4, "a/policy.json")));
  ck_assert(repo_oid_equal(cid_at(&s2, "a/main.tf"), cid_at(&s4, "a/main.tf")));
  repo_free(r);
}
END_TEST

START_TEST(walk_worktree__load_refuses_a_swapped_in_link)
{
  repo *r;
  gfx_walk w = { .n = 0 };
  mls_diag d = MLS_DIAG_INIT;
  mls_blob b = MLS_BLOB_INIT;
  walk_entry e;
  char *a, *target;

  gfx_write("plain/dir/a.tf", "locals {}\n");
  gfx_write("outside/secret.tf", "secret\n");
  r = open_target(REPO_TARGET_DIR, "plain", false);
  ck_assert_int_eq(walk_repo(r, NULL, gfx_collect, &w, &d), MLS_OK);
  ck_assert_uint_eq(w.n, 1);
  memset(&e, 0, sizeof(e));
  e.path = w.v[0].path;
  e.path_len = strlen(e.path);
  /* Between walk and load, a.tf becomes a link out of the directory. */
  a = gfx_path("plain/dir/a.tf");
  target = gfx_path("outside/secret.tf");
  ck_assert_int_eq(unlink(a), 0);
  ck_assert_int_eq(symlink(target, a), 0);
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_EIO);
  ck_assert_ptr_null(b.data);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, "dir/a.tf", "symbolic link"));
  /* And a directory on the way. */
  gfx_remove("plain/dir");
  mls_free(target);
  target = gfx_path("outside");
  mls_free(a);
  a = gfx_path("plain/dir");
  ck_assert_int_eq(symlink(target, a), 0);
  e.path = "dir/secret.tf";
  e.path_len = strlen(e.path);
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_EIO);
  ck_assert_ptr_null(b.data);
  /* Paths that climb are refused whatever the disk holds. */
  e.path = "../outside/secret.tf";
  e.path_len = strlen(e.path);
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_EIO);
  ck_assert_ptr_null(b.data);
  mls_free(a);
  mls_free(target);
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_worktree__oversized_file_and_lfs_pointer)
{
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  gfx_walk w = { .n = 0 };
  mls_blob b = MLS_BLOB_INIT;
  walk_entry e;
  char *big, *paths;
  FILE *f;

  gfx_write("plain/lfs.tf", "version https://git-lfs.github.com/spec/v1\n"
                            "oid sha256:00\nsize 1\n");
  gfx_write("plain/big.tf", "");
  big = gfx_path("plain/big.tf");
  f = fopen(big, "wb");
  ck_assert_ptr_nonnull(f);
  /* Sparse: one byte past the bound costs no disk. */
  ck_assert_int_eq(fseek(f, (long)MLS_MAX_BLOB_BYTES, SEEK_SET), 0);
  ck_assert_int_eq(fputc('#', f), '#');
  ck_assert_int_eq(fclose(f), 0);
  mls_free(big);
  gfx_write("plain/big.json", "");
  big = gfx_path("plain/big.json");
  ck_assert_ptr_nonnull(f = fopen(big, "wb"));
  ck_assert_int_eq(fseek(f, (long)MLS_MAX_BLOB_BYTES, SEEK_SET), 0);
  ck_assert_int_eq(fputc(' ', f), ' ');
  ck_assert_int_eq(fclose(f), 0);
  r = open_target(REPO_TARGET_DIR, "plain", false);
  ck_assert_int_eq(walk_repo(r, NULL, gfx_collect, &w, &d), MLS_OK);
  paths = gfx_paths(&w);
  ck_assert_str_eq(paths, "lfs.tf");
  ck_assert(gfx_diag_has(&d, MLS_SEV_WARNING, "big.tf",
                         "file of 8388609 bytes skipped"));
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, "big.json",
                         "file of 8388609 bytes skipped (limit 8388608 "
                         "bytes); CloudFormation takes templates of 1 MB at "
                         "most"));
  memset(&e, 0, sizeof(e));
  e.path = "lfs.tf";
  e.path_len = 6;
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_EINPUT);
  ck_assert(gfx_diag_has(&d, MLS_SEV_NOTE, "lfs.tf", "Git LFS pointer"));
  /* Loading the big file anyway re-checks its size. */
  e.path = "big.tf";
  e.path_len = 6;
  ck_assert_int_eq(walk_load(&b, r, &e, &d), MLS_ELIMIT);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(d.nerrors, 0);
  mls_free(big);
  mls_free(paths);
  gfx_walk_dispose(&w);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(walk_worktree__depth_is_bounded)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_PATH_BYTES);
  repo *r;
  mls_diag d = MLS_DIAG_INIT;
  char *rel, *paths;

  ck_assert_int_eq(mls_buf_puts(&b, "plain"), MLS_OK);
  for (int i = 0; i < MLS_MAX_TREE_DEPTH + 1; i++) {
    ck_assert_int_eq(mls_buf_puts(&b, "/d"), MLS_OK);
  }
  ck_assert_int_eq(mls_buf_puts(&b, "/deep.tf"), MLS_OK);
  rel = mls_buf_detach(&b);
  gfx_write(rel, "locals {}\n");
  gfx_write("plain/top.tf", "locals {}\n");
  r = open_target(REPO_TARGET_DIR, "plain", false);
  paths = walk_paths(r, NULL, &d);
  ck_assert_str_eq(paths, "top.tf");
  ck_assert(gfx_diag_has(&d, MLS_SEV_WARNING, NULL, "nested deeper than"));
  mls_free(rel);
  mls_free(paths);
  repo_free(r);
  mls_diag_dispose(&d);
}
END_TEST

/* Enough iterations that the last one fails no allocation: the loop then
 * provably reached every allocation of a clean walk. */
#define WALK_ENOMEM_LOOPS 200

/* repo_read_path(): any regular file by path (Terraform's file() reads
 * files that are not candidates), never a link, a gitlink or a tree. */
START_TEST(walk_read_path__regular_files_only)
{
  repo *r, *s, *w;
  mls_blob b = MLS_BLOB_INIT;
  mls_diag d = MLS_DIAG_INIT;

  mls_free(gfx_copy("basic", false, "basic"));
  mls_free(gfx_copy("special", true, "special"));
  r = open_target(REPO_TARGET_CLONE, "basic", false);
  s = open_target(REPO_TARGET_BARE, "special", false);
  w = open_target(REPO_TARGET_CLONE, "basic", true);

  ck_assert_int_eq(repo_read_path(&b, r, "scripts/run.sh", &d), MLS_OK);
  ck_assert_str_eq(b.data, "#!/bin/sh\n");
  mls_blob_dispose(&b);
  ck_assert_int_eq(repo_read_path(&b, w, "scripts/run.sh", &d), MLS_OK);
  ck_assert_str_eq(b.data, "#!/bin/sh\n");
  mls_blob_dispose(&b);
  ck_assert_uint_eq(d.n, 0);
  /* A path that is not there: no diagnostic (file() warns where it is
   * called, fileexists() answers false), from the tree and on disk. */
  ck_assert_int_eq(repo_read_path(&b, r, "no/such.tf", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, r, "scripts/none.sh", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, w, "no/such.tf", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, w, "scripts/run.sh/x", &d), MLS_EIO);
  ck_assert_uint_eq(d.n, 0);
  /* The same by libgit2 alone (alternates: the native reader declines). */
  {
    repo *a;
    mls_free(gfx_copy("basic", false, "basic-alt"));
    gfx_write("basic-alt/.git/objects/info/alternates", "");
    a = open_target(REPO_TARGET_CLONE, "basic-alt", false);
    ck_assert_int_eq(repo_read_path(&b, a, "scripts/run.sh", &d), MLS_OK);
    ck_assert_str_eq(b.data, "#!/bin/sh\n");
    mls_blob_dispose(&b);
    ck_assert_int_eq(repo_read_path(&b, a, "no/such.tf", &d), MLS_EIO);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_int_eq(repo_read_path(&b, a, "scripts", &d), MLS_EIO);
    ck_assert_uint_eq(d.n, 1);
    mls_diag_clear(&d);
    repo_free(a);
  }
  ck_assert_int_eq(repo_read_path(&b, r, "scripts", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, s, "link.tf", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, s, "vendor/mod", &d), MLS_EIO);
  ck_assert_int_eq(repo_read_path(&b, s, "generated/huge.tf", &d), MLS_ELIMIT);
  ck_assert_int_eq(repo_read_path(&b, w, "../etc/passwd", &d), MLS_EIO);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(d.n, 5);
  mls_diag_dispose(&d);
  repo_free(r);
  repo_free(s);
  repo_free(w);
}
END_TEST

START_TEST(walk_walk__enomem_at_every_allocation)
{
  repo *odb, *wt;
  gfx_walk w = { .n = 0 };
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  mls_free(gfx_copy("basic", false, "basic"));
  odb = open_target(REPO_TARGET_CLONE, "basic", false);
  wt = open_target(REPO_TARGET_CLONE, "basic", true);
  mls_alloc_fail_after(_i);
  rc = walk_repo(odb, NULL, gfx_collect, &w, &d);
  mls_alloc_fail_after(-1);
  ck_assert(rc == MLS_OK || rc == MLS_ENOMEM);
  ck_assert(rc == MLS_OK || _i < WALK_ENOMEM_LOOPS - 1);
  gfx_walk_dispose(&w);
  mls_alloc_fail_after(_i);
  rc = walk_repo(wt, NULL, gfx_collect, &w, &d);
  mls_alloc_fail_after(-1);
  ck_assert(rc == MLS_OK || rc == MLS_ENOMEM);
  ck_assert(rc == MLS_OK || _i < WALK_ENOMEM_LOOPS - 1);
  gfx_walk_dispose(&w);
  repo_free(odb);
  repo_free(wt);
  mls_diag_dispose(&d);
}
END_TEST

Suite *walk_walk_suite(void)
{
  Suite *s = suite_create("walk_walk");
  TCase *tc = tcase_create("walk");

  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, walk_walk__candidate_names);
  tcase_add_test(tc, walk_walk__glob_semantics);
  tcase_add_test(tc, walk_walk__head_in_tree_order);
  tcase_add_test(tc, walk_walk__special_entries_are_noted);
  tcase_add_test(tc, walk_walk__excluded_entries_are_not_noted);
  tcase_add_test(tc, walk_walk__include_and_exclude);
  tcase_add_test(tc, walk_walk__split_into_subtree_jobs);
  tcase_add_test(tc, walk_walk__callback_stops_the_walk);
  tcase_add_test(tc, walk_worktree__sees_uncommitted_changes);
  tcase_add_test(tc, walk_worktree__plain_directory_never_leaves_it);
  tcase_add_test(tc, walk_worktree__load_refuses_a_swapped_in_link);
  tcase_add_test(tc, walk_worktree__oversized_file_and_lfs_pointer);
  tcase_add_test(tc, walk_worktree__depth_is_bounded);
  tcase_add_test(tc, walk_read_path__regular_files_only);
  tcase_add_loop_test(tc, walk_walk__enomem_at_every_allocation, 0,
                      WALK_ENOMEM_LOOPS);
  suite_add_tcase(s, tc);
  /* It waits out the racy window twice. */
  tc = tcase_create("content_ids");
  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, walk_worktree__content_ids);
  suite_add_tcase(s, tc);
  return s;
}
