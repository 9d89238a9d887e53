/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/test_sweep.c -- core/engine/sweep.c: mls_run()
 * over an org of fixture repositories (a clone, a bare repository, one
 * with special entries, a plain directory and a broken one) gives the same
 * reports, in repository-name order, for 1, 2 and 8 workers under both
 * schedulers, from no cache, a cold cache and a warm one; every repository
 * is reported, the broken one as failed with a diagnostic; shards
 * partition the org; a missing target is a diagnostic and MLS_EINPUT; a
 * report callback's error stops delivery. Runs under ThreadSanitizer (the
 * tsan label): the engine is the one layer that starts threads.
 */
#define _GNU_SOURCE /* symlink */

#include "tests/unit/test_util.h"
#include "tests/unit/core/engine/cache_peek.h"
#include "tests/unit/core/git/fixture.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/engine/sweep.h"
#include "core/rules/rules.h"

#include <git2.h> /* libgit2's init count, and a commit made in a test */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a sweep delivered: a canonical dump of every report. Reports
 * arrive as repositories finish; finish() orders the dumps by name, as
 * the writers order repositories, before they are compared. */
typedef struct collected {
  mls_buf dump;      /* one block per report, by name after finish() */
  char *one[64];     /* owned: each report's block, as delivered */
  size_t reports;    /* reports delivered */
  size_t results;    /* results over all reports */
  size_t stop_after; /* return an error after this many reports (0: never) */
} collected;

static int cmp_block(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void finish(collected *c)
{
  qsort(c->one, c->reports, sizeof(c->one[0]), cmp_block);
  for (size_t i = 0; i < c->reports; i++) {
    ck_assert_int_eq(mls_buf_puts(&c->dump, c->one[i]), MLS_OK);
    mls_free(c->one[i]);
    c->one[i] = NULL;
  }
}

static int collect(void *payload, const mls_repo_report *r)
{
  collected *c = payload;
  mls_buf block = MLS_BUF_INIT(1u << 24), *b = &block;

  mls_buf_printf(b,
                 "repo %s failed=%d tf=%u cfn=%u modules=%u res=%u uri=%s "
                 "branch=%s commit=%s\n",
                 r->name, r->failed, r->counts.files_tf, r->counts.files_cfn,
                 r->counts.modules, r->counts.resources, r->uri ? r->uri : "-",
                 r->branch ? r->branch : "-", r->commit ? r->commit : "-");
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    mls_buf_printf(b, "  %s %s:%u:%u %s %s %s [%s] %s %s %s\n", x->rule_id,
                   x->path, x->line, x->col, mls_status_name(x->status),
                   mls_rsev_name(x->severity), x->address, x->module,
                   x->message, x->fingerprint, x->line_hash);
  }
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *d = &r->diag.v[i];
    mls_buf_printf(b, "  ! %s:%u %s\n", d->path ? d->path : "-",
                   d->has_range ? d->range.start.line : 0, d->message);
  }
  ck_assert_uint_lt(c->reports, 64);
  c->one[c->reports] = mls_buf_detach(b);
  c->reports++;
  c->results += r->nresults;
  if (c->stop_after && c->reports >= c->stop_after) {
    return MLS_ERROR;
  }
  return MLS_OK;
}

static rule_set *test_rules(void)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  char path[4096];

  snprintf(path, sizeof(path), "%s/tests/engine/rules", MLS_TEST_SOURCE_DIR);
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(rule_set_add_path(rs, path, &d), MLS_OK);
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  mls_diag_dispose(&d);
  return rs;
}

/* The org: fixture copies and a broken repository; beside it, a plain
 * directory (a target of its own: an org holds repositories only). */
static char *make_org(void)
{
  mls_free(gfx_copy("basic", false, "org/basic"));
  mls_free(gfx_copy("basic", true, "org/mirror.git"));
  mls_free(gfx_copy("special", true, "org/special.git"));
  gfx_write("plain/nb.tf",
            "resource \"aws_sagemaker_notebook_instance\" \"n\" {\n"
            "  name = \"x\"\n}\n");
  gfx_write("plain/cfn/t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n"
                                "Resources:\n"
                                "  Nb:\n"
                                "    Type: AWS::SageMaker::NotebookInstance\n"
                                "    Properties:\n"
                                "      DirectInternetAccess: Disabled\n");
  /* A clone whose .git is junk: libgit2 cannot open it. */
  gfx_write("org/broken/.git/HEAD", "not a ref\n");
  gfx_write("org/broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
  return gfx_path("org");
}

static void sweep_into(collected *c, const char *org, const rule_set *rs,
                       size_t jobs, pool_kind kind, const char *cache_dir,
                       unsigned shard_k, unsigned shard_n)
{
  mls_config cfg = MLS_CONFIG_INIT;
  mls_diag d = MLS_DIAG_INIT;
  const char *targets[2];
  char *plain = gfx_path("plain");
  int rc;

  memset(c, 0, sizeof(*c));
  mls_buf_init(&c->dump, 1u << 24);
  targets[0] = org;
  targets[1] = plain;
  cfg.targets = targets;
  cfg.ntargets = 2;
  cfg.jobs = jobs;
  cfg.pool = kind;
  cfg.rules = rs;
  cfg.today = "2026-06-01";
  cfg.cache_dir = cache_dir;
  cfg.shard_k = shard_k;
  cfg.shard_n = shard_n;
  cfg.on_report = collect;
  cfg.payload = c;
  rc = mls_run(&cfg, NULL, &d);
  finish(c);
  if (rc != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_int_eq(rc, MLS_OK);
  mls_diag_dispose(&d);
  mls_free(plain);
}

START_TEST(engine_sweep__same_reports_for_any_schedule)
{
  char *org = make_org();
  char *cache = gfx_path("cache");
  rule_set *rs = test_rules();
  static const size_t jobs[] = { 1, 2, 8 };
  static const pool_kind kinds[] = { POOL_STEAL, POOL_MUTEX };
  collected ref, c;

  sweep_into(&ref, org, rs, 1, POOL_STEAL, NULL, 0, 0);
  ck_assert_uint_eq(ref.reports, 5);
  ck_assert_uint_gt(ref.results, 0);
  /* Name order; the broken repository reported as failed. */
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "repo basic "));
  ck_assert(strstr(ref.dump.ptr, "repo basic ") <
            strstr(ref.dump.ptr, "repo broken "));
  ck_assert(strstr(ref.dump.ptr, "repo broken ") <
            strstr(ref.dump.ptr, "repo mirror.git "));
  ck_assert(strstr(ref.dump.ptr, "repo mirror.git ") <
            strstr(ref.dump.ptr, "repo special.git "));
  /* The plain directory is named by its own name. */
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "repo plain failed=0"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "repo broken failed=1"));
  /* The plain directory's notebook: absent => Enabled => fail; the
   * template's passes. */
  ck_assert_ptr_nonnull(strstr(
      ref.dump.ptr,
      "MLS-TEST-001 nb.tf:1:1 fail high aws_sagemaker_notebook_instance.n"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "MLS-TEST-001 cfn/t.yaml:6:29 "
                                             "pass high Nb"));
  for (size_t k = 0; k < 2; k++) {
    for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
      sweep_into(&c, org, rs, jobs[j], kinds[k], NULL, 0, 0);
      ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
      mls_buf_dispose(&c.dump);
    }
  }
  /* Cold, then warm: a warm sweep reads the stored reports. */
  for (int round = 0; round < 2; round++) {
    sweep_into(&c, org, rs, 2, POOL_STEAL, cache, 0, 0);
    ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
    mls_buf_dispose(&c.dump);
  }
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(cache);
}
END_TEST

/* Sweep targets[0..n) with a cache, no SARIF provenance (so the ref
 * files may serve a repository), into c; the summary into *sum. */
/* One sweep of targets with jobs workers of kind, cache or none, with or
 * without the repositories' remote and branch. */
/* mls_config.entry_part_bytes of the sweeps below (0: the default). */
static size_t test_part_bytes;

static void sweep_with(collected *c, mls_sweep_summary *sum,
                       const char *const *targets, size_t n, const rule_set *rs,
                       size_t jobs, pool_kind kind, const char *cache,
                       bool describe)
{
  mls_config cfg = MLS_CONFIG_INIT;
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  memset(c, 0, sizeof(*c));
  mls_buf_init(&c->dump, 1u << 24);
  cfg.targets = targets;
  cfg.ntargets = n;
  cfg.jobs = jobs;
  cfg.pool = kind;
  cfg.rules = rs;
  cfg.today = "2026-06-01";
  cfg.cache_dir = cache;
  cfg.entry_part_bytes = test_part_bytes;
  /* A sweep without a cache is the reference the cached ones are held
   * to: libgit2 alone reads its refs and objects. */
  cfg.libgit2_only = cache == NULL;
  cfg.no_describe = !describe;
  cfg.on_report = collect;
  cfg.payload = c;
  rc = mls_run(&cfg, sum, &d);
  finish(c);
  if (rc != MLS_OK) {
    gfx_diag_dump(&d);
  }
  ck_assert_int_eq(rc, MLS_OK);
  mls_diag_dispose(&d);
}

static void sweep_refs(collected *c, mls_sweep_summary *sum,
                       const char *const *targets, size_t n, const rule_set *rs,
                       const char *cache, bool describe)
{
  sweep_with(c, sum, targets, n, rs, 2, POOL_DEFAULT, cache, describe);
}

/* A commit on top of the bare repository rel's main with main's own tree
 * (a merge that changed no file), written by libgit2 as a loose object
 * and the branch moved to it; its id into hex. */
static void recommit_same_tree(const char *rel, char hex[GIT_OID_HEXSZ + 1])
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_commit *parent = NULL;
  git_oid id;

  ck_assert_int_eq(git_repository_open(&gr, path), 0);
  ck_assert_int_eq(git_reference_name_to_id(&id, gr, "refs/heads/main"), 0);
  ck_assert_int_eq(git_commit_lookup(&parent, gr, &id), 0);
  gfx_commit_main(&id, gr, git_commit_tree_id(parent), "same tree\n");
  git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
  git_commit_free(parent);
  git_repository_free(gr);
  mls_free(path);
}

/* A bare repository at rel with `ndirs` directories svc-00..., each with
 * a main.tf holding a notebook instance; svc-03 also holds a symbolic
 * link and a gitlink (walk notes). With `manifests`, each directory also
 * holds a Kubernetes manifest and a workflow (YAML that is not a
 * template). Branch main, then branch next, where only svc-07's main.tf
 * and manifest differ. HEAD names main. With more than 64 directories
 * (a walk that splits, SPLIT_AFTER_DIRS), svc-50 also holds the two
 * notes and svc-60 changes in next too: both past the 64th directory in
 * the tree's order (svc-00..svc-09, svc-10, svc-100..svc-109, svc-11,
 * ...), so in directories the walk leaves to subtree jobs. */
static void build_mono_n(const char *rel, bool manifests, int ndirs)
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_signature *sig = NULL;
  git_oid main_id, parent_id;

  ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  ck_assert_int_eq(
      git_signature_new(&sig, "t", "t@example.invalid", 1767225600, 0), 0);
  for (int round = 0; round < 3; round++) {
    git_treebuilder *root = NULL;
    git_oid root_id, commit_id;
    git_tree *tree = NULL;
    git_commit *parent = NULL;
    ck_assert_int_eq(git_treebuilder_new(&root, gr, NULL), 0);
    for (int d = 0; d < ndirs; d++) {
      git_treebuilder *tb = NULL;
      git_oid blob, dir;
      char text[256], name[16];
      bool late = ndirs > 64 && d == 60;
      snprintf(text, sizeof(text),
               "resource \"aws_sagemaker_notebook_instance\" \"n%d\" {\n"
               "  name = \"nb-%d%s\"\n}\n",
               d, d, round >= 1 && (d == 7 || late) ? "-changed" : "");
      ck_assert_int_eq(
          git_blob_create_from_buffer(&blob, gr, text, strlen(text)), 0);
      ck_assert_int_eq(git_treebuilder_new(&tb, gr, NULL), 0);
      ck_assert_int_eq(
          git_treebuilder_insert(NULL, tb, "main.tf", &blob, GIT_FILEMODE_BLOB),
          0);
      if (manifests) {
        git_oid k8s, wf;
        snprintf(text, sizeof(text),
                 "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                 "  name: app-%d%s\n",
                 d,
                 round >= 1 && d == 7    ? "-changed"
                 : round == 2 && d == 12 ? "-third"
                                         : "");
        ck_assert_int_eq(
            git_blob_create_from_buffer(&k8s, gr, text, strlen(text)), 0);
        snprintf(text, sizeof(text), "name: ci-%d\non: [push]\njobs: {}\n", d);
        ck_assert_int_eq(
            git_blob_create_from_buffer(&wf, gr, text, strlen(text)), 0);
        ck_assert_int_eq(git_treebuilder_insert(NULL, tb, "deploy.yaml", &k8s,
                                                GIT_FILEMODE_BLOB),
                         0);
        ck_assert_int_eq(
            git_treebuilder_insert(NULL, tb, "ci.yml", &wf, GIT_FILEMODE_BLOB),
            0);
      }
      if (d == 3 || (ndirs > 64 && d == 50)) {
        git_oid link;
        ck_assert_int_eq(
            git_blob_create_from_buffer(&link, gr, "../svc-00/main.tf", 17), 0);
        ck_assert_int_eq(git_treebuilder_insert(NULL, tb, "link.tf", &link,
                                                GIT_FILEMODE_LINK),
                         0);
        ck_assert_int_eq(git_treebuilder_insert(NULL, tb, "vendored", &blob,
                                                GIT_FILEMODE_COMMIT),
                         0);
      }
      ck_assert_int_eq(git_treebuilder_write(&dir, tb), 0);
      git_treebuilder_free(tb);
      snprintf(name, sizeof(name), "svc-%02d", d);
      ck_assert_int_eq(
          git_treebuilder_insert(NULL, root, name, &dir, GIT_FILEMODE_TREE), 0);
    }
    ck_assert_int_eq(git_treebuilder_write(&root_id, root), 0);
    git_treebuilder_free(root);
    ck_assert_int_eq(git_tree_lookup(&tree, gr, &root_id), 0);
    if (round >= 1) {
      ck_assert_int_eq(git_commit_lookup(&parent, gr, &parent_id), 0);
    }
    ck_assert_int_eq(git_commit_create_v(&commit_id, gr,
                                         round == 0   ? "refs/heads/main"
                                         : round == 1 ? "refs/heads/next"
                                                      : "refs/heads/third",
                                         sig, sig, NULL, "c\n", tree,
                                         round ? 1 : 0, parent),
                     0);
    git_commit_free(parent);
    git_tree_free(tree);
    parent_id = commit_id;
    if (round == 0) {
      main_id = commit_id;
    }
  }
  (void)main_id;
  git_signature_free(sig);
  git_repository_free(gr);
  mls_free(path);
  {
    char head[512];
    snprintf(head, sizeof(head), "%s/HEAD", rel);
    gfx_write(head, "ref: refs/heads/main\n");
  }
}

static void build_mono(const char *rel, bool manifests)
{
  build_mono_n(rel, manifests, 40);
}

/* The configuration of the fileset() repositories below: one notebook
 * per file of policies/ (JSON policies and a text file the walk does not
 * keep), its setting read from the file; one whose setting depends on how
 * many files linked/ holds, one of which is a symbolic link. */
static const char fileset_tf[] =
    "resource \"aws_sagemaker_notebook_instance\" \"n\" {\n"
    "  for_each = fileset(path.module, \"policies/*\")\n"
    "  name     = each.key\n"
    "  direct_internet_access = endswith(each.key, \".txt\") ? \"Enabled\" : "
    "jsondecode(file(\"${path.module}/${each.key}\")).access\n"
    "}\n"
    "resource \"aws_sagemaker_notebook_instance\" \"l\" {\n"
    "  name = \"l\"\n"
    "  direct_internet_access = length(fileset(path.module, \"linked/*\")) "
    "== 1 ? \"Disabled\" : \"Enabled\"\n"
    "}\n";

/* A blob of text in gr; its id into out. */
static void blob_of(git_oid *out, git_repository *gr, const char *text)
{
  ck_assert_int_eq(git_blob_create_from_buffer(out, gr, text, strlen(text)), 0);
}

/* The bare repository at rel: fileset_tf and its files, committed on main
 * by libgit2, linked/link.txt a symbolic link to real.txt. */
static void build_fileset_repo(const char *rel)
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_treebuilder *root = NULL, *pol = NULL, *lnk = NULL;
  git_oid id;

  ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  ck_assert_int_eq(git_treebuilder_new(&root, gr, NULL), 0);
  ck_assert_int_eq(git_treebuilder_new(&pol, gr, NULL), 0);
  ck_assert_int_eq(git_treebuilder_new(&lnk, gr, NULL), 0);
  blob_of(&id, gr, fileset_tf);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, root, "main.tf", &id, GIT_FILEMODE_BLOB), 0);
  blob_of(&id, gr, "{\"access\": \"Disabled\"}\n");
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, pol, "a.json", &id, GIT_FILEMODE_BLOB), 0);
  blob_of(&id, gr, "{\"access\": \"Enabled\"}\n");
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, pol, "b.json", &id, GIT_FILEMODE_BLOB), 0);
  blob_of(&id, gr, "not a policy\n");
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, pol, "readme.txt", &id, GIT_FILEMODE_BLOB),
      0);
  ck_assert_int_eq(git_treebuilder_write(&id, pol), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, root, "policies", &id, GIT_FILEMODE_TREE),
      0);
  blob_of(&id, gr, "text\n");
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, lnk, "real.txt", &id, GIT_FILEMODE_BLOB), 0);
  blob_of(&id, gr, "real.txt");
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, lnk, "link.txt", &id, GIT_FILEMODE_LINK), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, lnk), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, root, "linked", &id, GIT_FILEMODE_TREE), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, root), 0);
  gfx_commit_main(NULL, gr, &id, "fileset\n");
  git_treebuilder_free(lnk);
  git_treebuilder_free(pol);
  git_treebuilder_free(root);
  git_repository_free(gr);
  mls_free(path);
  {
    char head[512];
    snprintf(head, sizeof(head), "%s/HEAD", rel);
    gfx_write(head, "ref: refs/heads/main\n");
  }
}

/* What a report says of the fileset() notebooks, repository by
 * repository: a notebook for each file, the text file included, whose
 * setting comes from the file; and "unknown" for the one that counts a
 * directory holding a symbolic link (not 1 or 2 files: never followed,
 * never ignored). */
static void assert_fileset_report(const char *dump, const char *repo_name)
{
  static const char *const want[] = {
    "pass high aws_sagemaker_notebook_instance.n[\"policies/a.json\"]",
    "fail high aws_sagemaker_notebook_instance.n[\"policies/b.json\"]",
    "fail high aws_sagemaker_notebook_instance.n[\"policies/readme.txt\"]",
    "unknown high aws_sagemaker_notebook_instance.l ",
  };
  char head[256];
  const char *start, *end;

  snprintf(head, sizeof(head), "repo %s failed=0", repo_name);
  ck_assert_msg((start = strstr(dump, head)) != NULL, "no %s in\n%s", head,
                dump);
  end = strstr(start + 1, "\nrepo ");
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    const char *at = strstr(start, want[i]);
    ck_assert_msg(at != NULL && (!end || at < end), "%s: no \"%s\" in\n%s",
                  repo_name, want[i], dump);
  }
}

/* fileset() in a sweep sees every file of the tree, not only the walk's
 * candidates (readme.txt is none), in a bare repository and in a plain
 * directory on disk, and follows no symbolic link in either. */
START_TEST(engine_sweep__fileset_lists_every_file_of_the_tree)
{
  rule_set *rs = test_rules();
  char *bare = gfx_path("fs/fileset.git"), *plain = gfx_path("fsplain");
  const char *targets[2];
  mls_sweep_summary sum;
  collected c;
  char *link;

  build_fileset_repo("fs/fileset.git");
  gfx_write("fsplain/main.tf", fileset_tf);
  gfx_write("fsplain/policies/a.json", "{\"access\": \"Disabled\"}\n");
  gfx_write("fsplain/policies/b.json", "{\"access\": \"Enabled\"}\n");
  gfx_write("fsplain/policies/readme.txt", "not a policy\n");
  gfx_write("fsplain/linked/real.txt", "text\n");
  link = gfx_path("fsplain/linked/link.txt");
  ck_assert_int_eq(symlink("real.txt", link), 0);
  mls_free(link);
  targets[0] = bare;
  targets[1] = plain;
  sweep_with(&c, &sum, targets, 2, rs, 2, POOL_DEFAULT, NULL, false);
  assert_fileset_report(c.dump.ptr, "fileset.git");
  assert_fileset_report(c.dump.ptr, "fsplain");
  mls_buf_dispose(&c.dump);
  rule_set_free(rs);
  mls_free(bare);
  mls_free(plain);
}
END_TEST

/* A root module in root/ that reads ../shared/p.json: the bare
 * repository at rel gets a commit on main with that file saying `access`
 * (created on the first call, moved on the next). */
static const char outside_tf[] =
    "resource \"aws_sagemaker_notebook_instance\" \"x\" {\n"
    "  name                   = \"x\"\n"
    "  direct_internet_access = jsondecode(file(\"../shared/p.json\")).access\n"
    "}\n";

static void commit_outside(const char *rel, const char *access, bool first)
{
  char *path = gfx_path(rel), text[128];
  git_repository *gr = NULL;
  git_treebuilder *top = NULL, *sub = NULL;
  git_oid id;

  if (first) {
    ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  } else {
    ck_assert_int_eq(git_repository_open(&gr, path), 0);
  }
  ck_assert_int_eq(git_treebuilder_new(&top, gr, NULL), 0);
  ck_assert_int_eq(git_treebuilder_new(&sub, gr, NULL), 0);
  blob_of(&id, gr, outside_tf);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, sub, "main.tf", &id, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, sub), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, top, "root", &id, GIT_FILEMODE_TREE), 0);
  git_treebuilder_free(sub);
  ck_assert_int_eq(git_treebuilder_new(&sub, gr, NULL), 0);
  snprintf(text, sizeof(text), "{\"access\": \"%s\"}\n", access);
  blob_of(&id, gr, text);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, sub, "p.json", &id, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, sub), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, top, "shared", &id, GIT_FILEMODE_TREE), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, top), 0);
  gfx_commit_main(NULL, gr, &id, access);
  git_treebuilder_free(sub);
  git_treebuilder_free(top);
  git_repository_free(gr);
  mls_free(path);
  if (first) {
    char head[512];
    snprintf(head, sizeof(head), "%s/HEAD", rel);
    gfx_write(head, "ref: refs/heads/main\n");
  }
}

/* A root module whose result depends on a file outside its directory is
 * not served from the cache: after shared/p.json changes (root/'s tree
 * does not), the next sweep reports the new value, warm cache or not. */
START_TEST(engine_sweep__reads_outside_the_module_are_not_cached)
{
  static const char pass[] = "pass high aws_sagemaker_notebook_instance.x ";
  static const char fail[] = "fail high aws_sagemaker_notebook_instance.x ";
  rule_set *rs = test_rules();
  char *bare = gfx_path("out/outside.git"), *cache = gfx_path("out-cache");
  const char *targets[1] = { bare };
  mls_sweep_summary sum;
  collected c;

  commit_outside("out/outside.git", "Disabled", true);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_msg(strstr(c.dump.ptr, pass) != NULL, "%s", c.dump.ptr);
  mls_buf_dispose(&c.dump);
  commit_outside("out/outside.git", "Enabled", false);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_msg(strstr(c.dump.ptr, fail) != NULL && !strstr(c.dump.ptr, pass),
                "a stale result from the cache:\n%s", c.dump.ptr);
  mls_buf_dispose(&c.dump);
  rule_set_free(rs);
  mls_free(bare);
  mls_free(cache);
}
END_TEST

/* Occurrences of needle in hay. */
static size_t count_of(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++) {
    n++;
  }
  return n;
}

/* file() of a file that is not there (generated at apply time, say) is
 * one warning where it is called, as Terraform reports it; fileexists()
 * of one is false and no diagnostic at all. Read from Git objects and
 * from a plain directory alike. */
START_TEST(engine_sweep__missing_file_is_one_warning)
{
  static const char tf[] =
      "locals {\n"
      "  here = fileexists(\"${path.module}/gone.json\")\n"
      "}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"x\" {\n"
      "  name                   = \"x\"\n"
      "  lifecycle_config_name  = local.here ? \"a\" : \"b\"\n"
      "  direct_internet_access = jsondecode(file(\"gone.json\")).access\n"
      "}\n";
  rule_set *rs = test_rules();
  char *bare = gfx_path("miss/m.git"), *dir = gfx_path("miss-dir");
  const char *targets[2] = { bare, dir };
  git_repository *gr = NULL;
  git_treebuilder *tb = NULL;
  mls_sweep_summary sum;
  collected c;
  git_oid id;

  ck_assert_int_eq(git_repository_init(&gr, bare, 1), 0);
  ck_assert_int_eq(git_treebuilder_new(&tb, gr, NULL), 0);
  blob_of(&id, gr, tf);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, tb, "main.tf", &id, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, tb), 0);
  gfx_commit_main(NULL, gr, &id, "missing");
  git_treebuilder_free(tb);
  git_repository_free(gr);
  gfx_write("miss/m.git/HEAD", "ref: refs/heads/main\n");
  gfx_write("miss-dir/main.tf", tf);
  sweep_refs(&c, &sum, targets, 2, rs, NULL, false);
  ck_assert_msg(count_of(c.dump.ptr, "  ! ") == 2 &&
                    count_of(c.dump.ptr,
                             "  ! main.tf:7 file(): no file exists at "
                             "\"gone.json\"") == 2,
                "%s", c.dump.ptr);
  mls_buf_dispose(&c.dump);
  rule_set_free(rs);
  mls_free(bare);
  mls_free(dir);
}
END_TEST

/* Three roots call one module by the same name (two examples and the top
 * of the repository): three deployments, so three results with three
 * module paths and fingerprints, never identical copies of one. */
START_TEST(engine_sweep__same_call_from_two_roots_stays_two)
{
  static const char nb[] =
      "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
      "  name = \"x\"\n"
      "}\n";
  rule_set *rs = test_rules();
  char *dir = gfx_path("roots");
  const char *targets[1] = { dir };
  mls_sweep_summary sum;
  collected c;

  gfx_write("roots/modules/nb/main.tf", nb);
  gfx_write("roots/main.tf",
            "module \"nb\" {\n  source = \"./modules/nb\"\n}\n");
  gfx_write("roots/examples/a/main.tf",
            "module \"nb\" {\n  source = \"../../modules/nb\"\n}\n");
  gfx_write("roots/examples/b/main.tf",
            "module \"nb\" {\n  source = \"../../modules/nb\"\n}\n");
  sweep_refs(&c, &sum, targets, 1, rs, NULL, false);
  ck_assert_msg(count_of(c.dump.ptr, "MLS-TEST-001 modules/nb/main.tf:1:1 "
                                     "fail high module.nb.aws_sagemaker_"
                                     "notebook_instance.nb [") == 3,
                "%s", c.dump.ptr);
  ck_assert_msg(count_of(c.dump.ptr, "[.:module.nb]") == 1 &&
                    count_of(c.dump.ptr, "[examples/a:module.nb]") == 1 &&
                    count_of(c.dump.ptr, "[examples/b:module.nb]") == 1,
                "%s", c.dump.ptr);
  {
    /* Three fingerprints. */
    const char *p = c.dump.ptr;
    char fps[3][33];
    for (int i = 0; i < 3; i++) {
      const char *q;
      ck_assert_ptr_nonnull(p = strstr(p, "module.nb] "));
      ck_assert_ptr_nonnull(q = strchr(p + 11, ' ')); /* after the message */
      p = strstr(p, ") ");
      ck_assert_ptr_nonnull(p);
      memcpy(fps[i], p + 2, 32);
      fps[i][32] = '\0';
      (void)q;
      p += 2;
    }
    ck_assert_str_ne(fps[0], fps[1]);
    ck_assert_str_ne(fps[0], fps[2]);
    ck_assert_str_ne(fps[1], fps[2]);
  }
  mls_buf_dispose(&c.dump);
  rule_set_free(rs);
  mls_free(dir);
}
END_TEST

/* Three roots load one broken module: each reports its parse error, and
 * the repository's report holds it once, whatever units the roots ran
 * in (-j1 keeps them in one unit, -j2 in a one-repository sweep splits
 * them); each root's own warning stays. */
START_TEST(engine_sweep__a_diagnostic_is_reported_once)
{
  rule_set *rs = test_rules();
  char *dir = gfx_path("broken");
  const char *targets[1] = { dir };
  static const char *const ex[3] = { "a", "b", "c" };
  mls_sweep_summary sum;
  collected c;

  gfx_write("broken/modules/bad/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n"
            "  oops =\n}\n");
  for (int i = 0; i < 3; i++) {
    char rel[64];
    snprintf(rel, sizeof(rel), "broken/examples/%s/main.tf", ex[i]);
    gfx_write(rel, "module \"m\" {\n  source = \"../../modules/bad\"\n}\n"
                   "resource \"aws_s3_bucket\" \"own\" {\n"
                   "  bucket = var.x\n}\n");
  }
  for (size_t jobs = 1; jobs <= 2; jobs++) {
    sweep_with(&c, &sum, targets, 1, rs, jobs, POOL_DEFAULT, NULL, false);
    /* the syntax error, and the resource it costs, once each */
    ck_assert_msg(count_of(c.dump.ptr, "  ! modules/bad/main.tf:") == 2 &&
                      count_of(c.dump.ptr, "main.tf:3 Invalid expression") ==
                          1 &&
                      count_of(c.dump.ptr, "is not evaluated") == 1 &&
                      count_of(c.dump.ptr, "undeclared input variable") == 3,
                  "-j%zu:\n%s", jobs, c.dump.ptr);
    mls_buf_dispose(&c.dump);
  }
  rule_set_free(rs);
  mls_free(dir);
}
END_TEST

/* The bare repository rel: main.tf calling ./modules/store with `name`,
 * and modules/store/main.tf, the same bytes in every repository (a
 * vendored module; it also names a variable it does not declare). */
static void build_vendoring(const char *rel, const char *name)
{
  static const char store[] =
      "variable \"name\" {}\n"
      "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
      "  name = var.name\n"
      "  role_arn = var.role\n"
      "}\n";
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_treebuilder *root = NULL, *mods = NULL, *st = NULL;
  git_oid id;
  char text[256], head[512];

  ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  ck_assert_int_eq(git_treebuilder_new(&root, gr, NULL), 0);
  ck_assert_int_eq(git_treebuilder_new(&mods, gr, NULL), 0);
  ck_assert_int_eq(git_treebuilder_new(&st, gr, NULL), 0);
  blob_of(&id, gr, store);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, st, "main.tf", &id, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, st), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, mods, "store", &id, GIT_FILEMODE_TREE), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, mods), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, root, "modules", &id, GIT_FILEMODE_TREE), 0);
  snprintf(text, sizeof(text),
           "module \"store\" {\n  source = \"./modules/store\"\n"
           "  name = \"%s\"\n}\n",
           name);
  blob_of(&id, gr, text);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, root, "main.tf", &id, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&id, root), 0);
  gfx_commit_main(NULL, gr, &id, "vendoring\n");
  git_treebuilder_free(st);
  git_treebuilder_free(mods);
  git_treebuilder_free(root);
  git_repository_free(gr);
  mls_free(path);
  snprintf(head, sizeof(head), "%s/HEAD", rel);
  gfx_write(head, "ref: refs/heads/main\n");
}

/* Repositories vendoring one module: a sweep with a cache reads and
 * parses it once and lends it to the others (tf_share), with each
 * repository's reports -- its findings, and the module's warning under
 * the module's path -- those of a sweep without one, which reads every
 * repository's own copy. */
START_TEST(engine_sweep__vendored_module_read_once)
{
  rule_set *rs = test_rules();
  char *org = gfx_path("org"), *cache = gfx_path("cache");
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;

  build_vendoring("org/svc-a.git", "alpha");
  build_vendoring("org/svc-b.git", "beta");
  build_vendoring("org/svc-c.git", "gamma");
  targets[0] = org;
  sweep_with(&ref, &sum, targets, 1, rs, 1, POOL_STEAL, NULL, false);
  ck_assert_uint_eq(sum.tf_shared, 0);
  ck_assert_msg(count_of(ref.dump.ptr,
                         "! modules/store/main.tf:4 reference to an "
                         "undeclared input variable \"role\"") == 3,
                "%s", ref.dump.ptr);
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "repo svc-b.git failed=0"));
  for (size_t jobs = 1; jobs <= 2; jobs++) {
    gfx_remove("cache");
    sweep_with(&c, &sum, targets, 1, rs, jobs, POOL_STEAL, cache, false);
    ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
    ck_assert_uint_ge(sum.tf_shared, 2);
    mls_buf_dispose(&c.dump);
  }
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(cache);
}
END_TEST

/* org/mono.git swept cold at main into cache, then at next with that
 * cache: the report is next's without a cache, and `reused` directories
 * came from main's listing. Leaves HEAD at next. */
static void sweep_main_then_next(const char *const *targets, const rule_set *rs,
                                 const char *cache, size_t reused)
{
  mls_sweep_summary sum;
  collected ref, c;

  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_ptr_nonnull(strstr(c.dump.ptr, "repo mono.git failed=0"));
  ck_assert_uint_eq(sum.dirs_reused, 0);
  mls_buf_dispose(&c.dump);
  gfx_write("org/mono.git/HEAD", "ref: refs/heads/next\n");
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "symbolic link not followed"));
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.dirs_reused, reused);
  ck_assert_uint_eq(sum.cache_hits, 0);
  mls_buf_dispose(&c.dump);
  mls_buf_dispose(&ref.dump);
}

START_TEST(engine_sweep__changed_tree_walks_only_what_changed)
{
  rule_set *rs = test_rules();
  char *org = gfx_path("org"), *cache = gfx_path("cache");
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;

  build_mono("org/mono.git", false);
  targets[0] = org;
  /* Cold at main: every directory walked, the listing stored. At next,
   * one directory changed: the other 39 come from main's listing (notes
   * too), and the reports are those of a sweep without a cache. */
  sweep_main_then_next(targets, rs, cache, 39);
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  /* Then unchanged: the repository's stored report. */
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.cache_hits, 1);
  mls_buf_dispose(&c.dump);
  /* Back to main: next's listing serves the 39 again. */
  gfx_write("org/mono.git/HEAD", "ref: refs/heads/main\n");
  mls_buf_dispose(&ref.dump);
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  mls_buf_dispose(&c.dump);
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(cache);
}
END_TEST

/* A walk past SPLIT_AFTER_DIRS directories leaves the rest to subtree
 * jobs: of 150 directories, 86 go to three jobs. Every file and note of
 * the split directories is in the report once, the reports are the same
 * for 1, 2 and 8 workers under both schedulers, and a changed tree's
 * walk, split and served partly by the previous listing, gives the
 * report of a sweep without a cache. */
START_TEST(engine_sweep__large_walk_split_into_subtree_jobs)
{
  rule_set *rs = test_rules();
  char *org = gfx_path("org"), *cache = gfx_path("cache");
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;
  static const size_t jobs[] = { 1, 2, 8 };

  build_mono_n("org/mono.git", false, 150);
  targets[0] = org;
  sweep_with(&ref, &sum, targets, 1, rs, 1, POOL_STEAL, NULL, false);
  ck_assert_uint_eq(sum.dirs_split, 86);
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "repo mono.git failed=0 tf=150"));
  for (int d = 0; d < 150; d++) {
    char path[32];
    snprintf(path, sizeof(path), " svc-%02d/main.tf:", d);
    ck_assert_msg(strstr(ref.dump.ptr, path) != NULL, "%s", path);
  }
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "! svc-03/link.tf:0 symbolic"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "! svc-50/link.tf:0 symbolic"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "! svc-50/vendored:0"));
  for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
    for (int k = 0; k < 2; k++) {
      sweep_with(&c, &sum, targets, 1, rs, jobs[j], k ? POOL_MUTEX : POOL_STEAL,
                 NULL, false);
      ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
      ck_assert_uint_eq(sum.dirs_split, 86);
      mls_buf_dispose(&c.dump);
    }
  }
  mls_buf_dispose(&ref.dump);
  /* Cold, then at next: svc-07 and svc-60 changed, the other 148 from
   * main's listing; the same report as without a cache. */
  sweep_main_then_next(targets, rs, cache, 148);
  rule_set_free(rs);
  mls_free(org);
  mls_free(cache);
}
END_TEST

/* Repositories with no commit yet (a clone and a bare one, made with
 * libgit2) are swept empty with a note: the cold sweep by libgit2, the
 * warm one from their files alone (libgit2 is not set up), with the same
 * reports. When the files do not let the peek decide (refs/ nested past
 * its bound, still without a reference), libgit2 opens the same
 * repository and the report is the same. An unborn HEAD beside other
 * references stays a failure. */
START_TEST(engine_sweep__empty_repositories_swept_empty)
{
  rule_set *rs = test_rules();
  const char *targets[2];
  mls_sweep_summary sum;
  collected a, b, c;
  git_repository *gr = NULL;
  char *clone = gfx_path("org/empty"), *bare = gfx_path("org/empty-bare.git");
  char *unborn = gfx_copy("bare", true, "org/unborn.git");
  char *cache = gfx_path("cache");

  ck_assert_int_eq(git_repository_init(&gr, clone, 0), 0);
  git_repository_free(gr);
  ck_assert_int_eq(git_repository_init(&gr, bare, 1), 0);
  git_repository_free(gr);
  gfx_write("org/empty-bare.git/config",
            "[core]\n\tbare = true\n[remote \"origin\"]\n"
            "\turl = https://example.com/acme/empty.git\n");
  gfx_write("org/unborn.git/HEAD", "ref: refs/heads/nosuch\n");
  targets[0] = clone;
  targets[1] = bare;
  sweep_refs(&c, &sum, targets, 2, rs, cache, true);
  ck_assert(sum.git_used);
  sweep_refs(&a, &sum, targets, 2, rs, cache, true);
  ck_assert_uint_eq(a.reports, 2);
  ck_assert(!sum.git_used);
  ck_assert_uint_eq(sum.repos_failed, 0);
  ck_assert_ptr_nonnull(strstr(a.dump.ptr, "repo empty failed=0"));
  ck_assert_ptr_nonnull(strstr(a.dump.ptr, "repo empty-bare.git failed=0"));
  ck_assert_ptr_nonnull(strstr(a.dump.ptr, "uri=https://example.com/acme"));
  ck_assert_ptr_nonnull(strstr(a.dump.ptr, "no commit yet"));
  ck_assert_str_eq(c.dump.ptr, a.dump.ptr);
  /* Past the peek's bound: libgit2 decides, with the same reports. */
  mls_free(gfx_mkdir("org/empty/.git/refs/a/b/c/d/e/f/g/h/i/j"));
  mls_free(gfx_mkdir("org/empty-bare.git/refs/a/b/c/d/e/f/g/h/i/j"));
  sweep_refs(&b, &sum, targets, 2, rs, cache, true);
  ck_assert(sum.git_used);
  ck_assert_str_eq(b.dump.ptr, a.dump.ptr);
  mls_buf_dispose(&a.dump);
  mls_buf_dispose(&b.dump);
  mls_buf_dispose(&c.dump);
  /* HEAD unborn beside other references: not empty, a failure. */
  targets[0] = unborn;
  sweep_refs(&a, &sum, targets, 1, rs, NULL, true);
  ck_assert_uint_eq(sum.repos_failed, 1);
  mls_buf_dispose(&a.dump);
  rule_set_free(rs);
  mls_free(clone);
  mls_free(bare);
  mls_free(unborn);
  mls_free(cache);
}
END_TEST

START_TEST(engine_sweep__nothing_verdicts_bundled_per_tree)
{
  rule_set *rs = test_rules();
  char *org = gfx_path("org"), *cache = gfx_path("cache");
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;
  uint64_t n[4];

  build_mono("org/mono.git", true);
  targets[0] = org;
  /* Cold at main: the 80 manifests' verdicts are one META entry beside
   * the listing and the repository's size, not 80 module entries; the
   * 40 roots' results are module entries. */
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.nothing_reused, 0);
  mls_buf_dispose(&c.dump);
  mls_buf_dispose(&ref.dump);
  cache_peek_entries(cache, n);
  ck_assert_uint_eq(n[1], 40); /* modules */
  ck_assert_uint_eq(n[3], 3);  /* meta */
  /* At next: 79 verdicts come from main's bundle, svc-07's changed
   * manifest is read again; the reports are those without a cache, and
   * next's bundle is stored. */
  gfx_write("org/mono.git/HEAD", "ref: refs/heads/next\n");
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.nothing_reused, 79);
  mls_buf_dispose(&c.dump);
  cache_peek_entries(cache, n);
  ck_assert_uint_eq(n[1], 41);
  ck_assert_uint_eq(n[3], 5);
  /* At third, svc-12's manifest changes too: next's bundle holds the 79
   * verdicts it found in main's and svc-07's new one, so 79 are reused
   * (78 if a bundle kept only the verdicts it found in the previous). */
  gfx_write("org/mono.git/HEAD", "ref: refs/heads/third\n");
  mls_buf_dispose(&ref.dump);
  sweep_refs(&ref, &sum, targets, 1, rs, NULL, false);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.nothing_reused, 79);
  mls_buf_dispose(&c.dump);
  /* Every value damaged (cache_damage): the bundles are not trusted,
   * third is swept again from its blobs, with the same reports. */
  ck_assert_uint_gt(cache_peek_damage(cache), 0);
  sweep_refs(&c, &sum, targets, 1, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.nothing_reused, 0);
  mls_buf_dispose(&c.dump);
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(cache);
}
END_TEST

START_TEST(engine_sweep__warm_sweep_reads_refs_not_libgit2)
{
  rule_set *rs = test_rules();
  char *org, *plain, *cache = gfx_path("cache");
  const char *targets[2];
  mls_sweep_summary sum;
  collected ref, c;

  mls_free(gfx_copy("basic", false, "org/basic"));
  mls_free(gfx_copy("basic", true, "org/mirror.git"));
  mls_free(gfx_copy("special", true, "org/special.git"));
  gfx_write("plain/nb.tf", "resource \"aws_sagemaker_notebook_instance\" "
                           "\"n\" {\n  name = \"x\"\n}\n");
  org = gfx_path("org");
  plain = gfx_path("plain");
  targets[0] = org;
  targets[1] = plain;

  sweep_refs(&ref, &sum, targets, 2, rs, NULL, false);
  ck_assert_uint_eq(ref.reports, 4);
  ck_assert(sum.git_used);
  /* Cold: every repository's ref, commit, trees and blobs read from its
   * files, libgit2 never set up, the reports libgit2's reading gives.
   * org/basic and org/mirror.git hold the same tree: on one worker, the
   * second is served the first's report, put this very sweep (the
   * cache's memo), and reads no object. */
  sweep_with(&c, &sum, targets, 2, rs, 1, POOL_DEFAULT, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert(!sum.git_used);
  ck_assert_uint_eq(sum.peeked, 1);
  ck_assert_uint_eq(sum.cache_hits, 1);
  mls_buf_dispose(&c.dump);
  /* Warm: the same reports, every repository found by its ref files,
   * libgit2 never set up (the plain directory needs none). */
  sweep_refs(&c, &sum, targets, 2, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.peeked, 3);
  ck_assert_uint_eq(sum.cache_hits, 3);
  ck_assert(!sum.git_used);
  mls_buf_dispose(&c.dump);
  /* With SARIF's provenance (remote and branch): read from the config
   * file and the ref, as libgit2 gives them... */
  gfx_write("org/mirror.git/config",
            "[core]\n\tbare = true\n[remote \"origin\"]\n"
            "\turl = https://git.example/acme/mirror.git\n");
  {
    collected dref;
    sweep_refs(&dref, &sum, targets, 2, rs, NULL, true);
    ck_assert_ptr_nonnull(strstr(dref.dump.ptr,
                                 "uri=https://git.example/acme/mirror.git "
                                 "branch=refs/heads/main"));
    sweep_refs(&c, &sum, targets, 2, rs, cache, true);
    ck_assert_str_eq(c.dump.ptr, dref.dump.ptr);
    ck_assert_uint_eq(sum.peeked, 3);
    ck_assert(!sum.git_used);
    mls_buf_dispose(&c.dump);
    /* ...unless the config is more than plain: libgit2 reads it. */
    gfx_write("org/mirror.git/config",
              "[core]\n\tbare = true\n[remote \"origin\"]\n"
              "\turl = \"https://git.example/acme/mirror.git\"\n");
    sweep_refs(&c, &sum, targets, 2, rs, cache, true);
    ck_assert_str_eq(c.dump.ptr, dref.dump.ptr);
    ck_assert_uint_eq(sum.peeked, 2);
    ck_assert(sum.git_used);
    mls_buf_dispose(&c.dump);
    mls_buf_dispose(&dref.dump);
  }
  /* A new commit with the same tree: its tree read from the object files,
   * the report served from the cache under the new commit, and META
   * learns it (the next sweep needs no object read either). */
  {
    char hex[GIT_OID_HEXSZ + 1], want[64];
    recommit_same_tree("org/mirror.git", hex);
    snprintf(want, sizeof(want), "commit=%s", hex);
    mls_buf_dispose(&ref.dump);
    sweep_refs(&ref, &sum, targets, 2, rs, NULL, false);
    ck_assert_ptr_nonnull(strstr(ref.dump.ptr, want));
    for (int round = 0; round < 2; round++) {
      sweep_refs(&c, &sum, targets, 2, rs, cache, false);
      ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
      ck_assert_uint_eq(sum.peeked, 3);
      ck_assert_uint_eq(sum.cache_hits, 3);
      ck_assert(!sum.git_used);
      mls_buf_dispose(&c.dump);
    }
  }
  /* The mirror's branch moves (packed this time, the loose file gone):
   * that one is swept at its new commit, its commit, trees and blobs read
   * from the object files without libgit2 (core/git/odb.h), and its
   * report is the one libgit2's reading gives without a cache; the others
   * still come from their ref files. */
  gfx_remove("org/mirror.git/refs/heads/main");
  gfx_write("org/mirror.git/packed-refs",
            "9aa23f8b6a65f1706f70c48006a89d2104014805 refs/heads/main\n");
  mls_buf_dispose(&ref.dump);
  sweep_refs(&ref, &sum, targets, 2, rs, NULL, false);
  ck_assert(sum.git_used);
  sweep_refs(&c, &sum, targets, 2, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.peeked, 2);
  ck_assert(!sum.git_used);
  mls_buf_dispose(&c.dump);
  /* And then it is found by its ref files too. */
  sweep_refs(&c, &sum, targets, 2, rs, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.peeked, 3);
  ck_assert(!sum.git_used);
  mls_buf_dispose(&c.dump);
  /* Other rules (an upgrade, a new rule): every repository is walked
   * again at the tree its ref files give, and META keeps the ref, so the
   * sweep after that is served by the ref files again, not by libgit2
   * (it was left a size alone). */
  {
    rule_set *other = NULL;
    mls_diag d = MLS_DIAG_INIT;
    ck_assert_int_eq(rule_set_new(&other), MLS_OK);
    ck_assert_int_eq(rule_set_add_builtin(other, &d), MLS_OK);
    ck_assert_int_eq(rule_set_compile(other, NULL, &d), MLS_OK);
    sweep_refs(&c, &sum, targets, 2, other, cache, false);
    ck_assert_uint_eq(sum.peeked, 0);
    mls_buf_dispose(&c.dump);
    sweep_refs(&c, &sum, targets, 2, other, cache, false);
    ck_assert_uint_eq(sum.peeked, 3);
    ck_assert(!sum.git_used);
    mls_buf_dispose(&c.dump);
    rule_set_free(other);
    mls_diag_dispose(&d);
  }

  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(plain);
  mls_free(cache);
}
END_TEST

/* A bare repository at rel of 50 directories, each with a notebook in
 * main.tf, a template with one in t.yaml (internet access enabled in the
 * even ones) and a workflow ci.yml: 150 candidates, more than a repo job
 * runs inline. svc-05/main.tf's blob is deleted: the root search finds
 * it missing and drops it from the index. */
static void build_big(const char *rel)
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_treebuilder *root = NULL;
  git_oid root_id, victim;

  ck_assert_int_eq(git_repository_init(&gr, path, 1), 0);
  ck_assert_int_eq(git_treebuilder_new(&root, gr, NULL), 0);
  for (int d = 0; d < 50; d++) {
    git_treebuilder *tb = NULL;
    git_oid tf, cfn, wf, dir;
    char text[512], name[16];
    snprintf(text, sizeof(text),
             "resource \"aws_sagemaker_notebook_instance\" \"n%d\" {\n"
             "  name = \"nb-%d\"\n}\n",
             d, d);
    ck_assert_int_eq(git_blob_create_from_buffer(&tf, gr, text, strlen(text)),
                     0);
    if (d == 5) {
      victim = tf;
    }
    snprintf(text, sizeof(text),
             "AWSTemplateFormatVersion: '2010-09-09'\n"
             "Resources:\n"
             "  Nb%d:\n"
             "    Type: AWS::SageMaker::NotebookInstance\n"
             "    Properties:\n"
             "      DirectInternetAccess: %s\n",
             d, d % 2 ? "Disabled" : "Enabled");
    ck_assert_int_eq(git_blob_create_from_buffer(&cfn, gr, text, strlen(text)),
                     0);
    snprintf(text, sizeof(text), "name: ci-%d\non: [push]\njobs: {}\n", d);
    ck_assert_int_eq(git_blob_create_from_buffer(&wf, gr, text, strlen(text)),
                     0);
    ck_assert_int_eq(git_treebuilder_new(&tb, gr, NULL), 0);
    ck_assert_int_eq(
        git_treebuilder_insert(NULL, tb, "main.tf", &tf, GIT_FILEMODE_BLOB), 0);
    ck_assert_int_eq(
        git_treebuilder_insert(NULL, tb, "t.yaml", &cfn, GIT_FILEMODE_BLOB), 0);
    ck_assert_int_eq(
        git_treebuilder_insert(NULL, tb, "ci.yml", &wf, GIT_FILEMODE_BLOB), 0);
    ck_assert_int_eq(git_treebuilder_write(&dir, tb), 0);
    git_treebuilder_free(tb);
    snprintf(name, sizeof(name), "svc-%02d", d);
    ck_assert_int_eq(
        git_treebuilder_insert(NULL, root, name, &dir, GIT_FILEMODE_TREE), 0);
  }
  ck_assert_int_eq(git_treebuilder_write(&root_id, root), 0);
  git_treebuilder_free(root);
  gfx_commit_main(NULL, gr, &root_id, "c\n");
  git_repository_free(gr);
  {
    char obj[512], *loose;
    repo_oid id;
    memcpy(id.id, victim.id, sizeof(id.id));
    loose = gfx_loose_object(rel, &id);
    ck_assert_int_eq(unlink(loose), 0);
    mls_free(loose);
    snprintf(obj, sizeof(obj), "%s/HEAD", rel);
    gfx_write(obj, "ref: refs/heads/main\n");
  }
  mls_free(path);
}

/* Branch "next" of build_big()'s repository: svc-10's template turned
 * from Enabled to Disabled (svc-10 and the root changed, 49 not). */
static void build_big_next(const char *rel)
{
  char *path = gfx_path(rel);
  git_repository *gr = NULL;
  git_reference *main_ref = NULL;
  git_commit *main_commit = NULL;
  const git_commit *parents[1];
  git_tree *root = NULL, *svc = NULL;
  git_treebuilder *rb = NULL, *sb = NULL;
  git_signature *sig = NULL;
  git_oid blob, svc_id, root_id, commit_id;
  const char *text = "AWSTemplateFormatVersion: '2010-09-09'\n"
                     "Resources:\n"
                     "  Nb10:\n"
                     "    Type: AWS::SageMaker::NotebookInstance\n"
                     "    Properties:\n"
                     "      DirectInternetAccess: Disabled\n";

  ck_assert_int_eq(git_repository_open(&gr, path), 0);
  ck_assert_int_eq(git_reference_lookup(&main_ref, gr, "refs/heads/main"), 0);
  ck_assert_int_eq(
      git_commit_lookup(&main_commit, gr, git_reference_target(main_ref)), 0);
  ck_assert_int_eq(git_commit_tree(&root, main_commit), 0);
  ck_assert_int_eq(
      git_tree_lookup(&svc, gr,
                      git_tree_entry_id(git_tree_entry_byname(root, "svc-10"))),
      0);
  ck_assert_int_eq(git_blob_create_from_buffer(&blob, gr, text, strlen(text)),
                   0);
  ck_assert_int_eq(git_treebuilder_new(&sb, gr, svc), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, sb, "t.yaml", &blob, GIT_FILEMODE_BLOB), 0);
  ck_assert_int_eq(git_treebuilder_write(&svc_id, sb), 0);
  ck_assert_int_eq(git_treebuilder_new(&rb, gr, root), 0);
  ck_assert_int_eq(
      git_treebuilder_insert(NULL, rb, "svc-10", &svc_id, GIT_FILEMODE_TREE),
      0);
  ck_assert_int_eq(git_treebuilder_write(&root_id, rb), 0);
  git_tree_free(root);
  ck_assert_int_eq(git_tree_lookup(&root, gr, &root_id), 0);
  ck_assert_int_eq(
      git_signature_new(&sig, "t", "t@example.invalid", 1767225600, 0), 0);
  parents[0] = main_commit;
  ck_assert_int_eq(git_commit_create(&commit_id, gr, "refs/heads/next", sig,
                                     sig, NULL, "next\n", root, 1, parents),
                   0);
  git_signature_free(sig);
  git_treebuilder_free(rb);
  git_treebuilder_free(sb);
  git_tree_free(svc);
  git_tree_free(root);
  git_commit_free(main_commit);
  git_reference_free(main_ref);
  git_repository_free(gr);
  mls_free(path);
}

/* A large repository's CloudFormation units run while its Terraform roots
 * are searched, and that search drops a file from the index: the reports
 * are the same for every schedule, with or without a cache, and hold
 * every template's results and the missing file's diagnostic. (The
 * engine's tests also run under ThreadSanitizer.) */
START_TEST(engine_sweep__cfn_units_run_beside_the_root_search)
{
  rule_set *rs = test_rules();
  char *repo_path = gfx_path("big.git"), *cache = gfx_path("cache");
  static const size_t jobs[] = { 1, 2, 4 };
  static const pool_kind kinds[] = { POOL_STEAL, POOL_MUTEX };
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;

  build_big("big.git");
  targets[0] = repo_path;
  sweep_with(&ref, &sum, targets, 1, rs, 1, POOL_STEAL, NULL, false);
  ck_assert_uint_eq(sum.cfn_early, 1);
  ck_assert_uint_eq(ref.reports, 1);
  ck_assert_ptr_nonnull(
      strstr(ref.dump.ptr, "MLS-TEST-001 svc-00/t.yaml:6:29 fail high Nb0"));
  ck_assert_ptr_nonnull(
      strstr(ref.dump.ptr, "MLS-TEST-001 svc-49/t.yaml:6:29 pass high Nb49"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "svc-04/main.tf:1:1 fail"));
  ck_assert_ptr_null(strstr(ref.dump.ptr, "svc-05/main.tf:1:1 fail"));
  ck_assert_ptr_nonnull(strstr(ref.dump.ptr, "svc-05/main.tf"));
  for (size_t k = 0; k < 2; k++) {
    for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
      sweep_with(&c, &sum, targets, 1, rs, jobs[j], kinds[k], NULL, false);
      ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
      ck_assert_uint_eq(sum.cfn_early, 1);
      mls_buf_dispose(&c.dump);
    }
  }
  /* Cold and warm with a cache (warm: served whole, nothing run). */
  for (int round = 0; round < 2; round++) {
    sweep_with(&c, &sum, targets, 1, rs, 2, POOL_STEAL, cache, false);
    ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
    ck_assert_uint_eq(sum.cfn_early, round == 0 ? 1 : 0);
    mls_buf_dispose(&c.dump);
  }
  mls_buf_dispose(&ref.dump);
  /* The cold sweep's listing, stored by a unit that ran beside the root
   * search: at "next" the 49 unchanged directories come from it, with the
   * reports of a sweep without a cache. */
  build_big_next("big.git");
  gfx_write("big.git/HEAD", "ref: refs/heads/next\n");
  sweep_with(&ref, &sum, targets, 1, rs, 2, POOL_STEAL, NULL, false);
  ck_assert_ptr_nonnull(
      strstr(ref.dump.ptr, "MLS-TEST-001 svc-10/t.yaml:6:29 pass high Nb10"));
  sweep_with(&c, &sum, targets, 1, rs, 2, POOL_STEAL, cache, false);
  ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
  ck_assert_uint_eq(sum.dirs_reused, 49);
  ck_assert_uint_eq(sum.cfn_early, 1);
  mls_buf_dispose(&c.dump);
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(repo_path);
  mls_free(cache);
}
END_TEST

/* A repository whose entry is stored in parts (parts of 512 bytes here,
 * as a monorepo's are of 4 MB): the warm sweep is served from the head
 * and its parts with the reports of a sweep without a cache; with every
 * value damaged, the sweep recomputes and stores it again. */
START_TEST(engine_sweep__large_entry_stored_in_parts)
{
  rule_set *rs = test_rules();
  char *repo_path = gfx_path("big.git"), *cache = gfx_path("cache");
  const char *targets[1];
  mls_sweep_summary sum;
  collected ref, c;
  uint64_t entries[4];

  build_big("big.git");
  targets[0] = repo_path;
  sweep_with(&ref, &sum, targets, 1, rs, 2, POOL_STEAL, NULL, false);
  test_part_bytes = 512;
  for (int round = 0; round < 2; round++) {
    sweep_with(&c, &sum, targets, 1, rs, 2, POOL_STEAL, cache, false);
    ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
    ck_assert_uint_eq(sum.cache_hits, round == 0 ? 0 : 1);
    mls_buf_dispose(&c.dump);
  }
  /* The head and its parts (the report is some 20 KB). */
  cache_peek_entries(cache, entries);
  ck_assert_uint_gt(entries[2], 10);
  ck_assert_uint_gt(cache_peek_damage(cache), entries[2]);
  for (int round = 0; round < 2; round++) {
    sweep_with(&c, &sum, targets, 1, rs, 2, POOL_STEAL, cache, false);
    ck_assert_str_eq(c.dump.ptr, ref.dump.ptr);
    ck_assert_uint_eq(sum.cache_hits, round == 0 ? 0 : 1);
    mls_buf_dispose(&c.dump);
  }
  test_part_bytes = 0;
  mls_buf_dispose(&ref.dump);
  rule_set_free(rs);
  mls_free(repo_path);
  mls_free(cache);
}
END_TEST

START_TEST(engine_sweep__shards_partition_the_org)
{
  char *org = make_org();
  rule_set *rs = test_rules();
  collected all, part;
  size_t reports = 0, results = 0;

  sweep_into(&all, org, rs, 2, POOL_STEAL, NULL, 0, 0);
  for (unsigned k = 1; k <= 3; k++) {
    sweep_into(&part, org, rs, 2, POOL_STEAL, NULL, k, 3);
    reports += part.reports;
    results += part.results;
    mls_buf_dispose(&part.dump);
  }
  ck_assert_uint_eq(reports, all.reports);
  ck_assert_uint_eq(results, all.results);
  /* The hash is of the name alone: stable across runs and machines. */
  ck_assert(mls_shard_keep("acme/ml-infra", 1, 1));
  ck_assert_int_eq(mls_shard_keep("acme/ml-infra", 1, 2) +
                       mls_shard_keep("acme/ml-infra", 2, 2),
                   1);
  mls_buf_dispose(&all.dump);
  rule_set_free(rs);
  mls_free(org);
}
END_TEST

START_TEST(engine_sweep__missing_target_and_stopping)
{
  char *org = make_org();
  char *missing = gfx_path("no-such-dir");
  rule_set *rs = test_rules();
  mls_config cfg = MLS_CONFIG_INIT;
  mls_diag d = MLS_DIAG_INIT;
  const char *targets[2];
  collected c;

  memset(&c, 0, sizeof(c));
  mls_buf_init(&c.dump, 1u << 24);
  targets[0] = missing;
  targets[1] = org;
  cfg.targets = targets;
  cfg.ntargets = 2;
  cfg.jobs = 2;
  cfg.rules = rs;
  cfg.on_report = collect;
  cfg.payload = &c;
  ck_assert_int_eq(mls_run(&cfg, NULL, &d), MLS_EINPUT);
  finish(&c);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "no-such-dir"));
  ck_assert_uint_eq(c.reports, 4); /* the rest of the sweep went on */
  mls_diag_dispose(&d);
  mls_buf_dispose(&c.dump);

  /* A callback error stops delivery and is returned. */
  memset(&c, 0, sizeof(c));
  mls_buf_init(&c.dump, 1u << 24);
  c.stop_after = 2;
  cfg.targets = targets + 1;
  cfg.ntargets = 1;
  ck_assert_int_eq(mls_run(&cfg, NULL, &d), MLS_ERROR);
  finish(&c);
  ck_assert_uint_eq(c.reports, 2);
  mls_diag_dispose(&d);
  mls_buf_dispose(&c.dump);
  rule_set_free(rs);
  mls_free(org);
  mls_free(missing);
}
END_TEST

/* libgit2's init count now: one more init, then undone. */
static int git_inits(void)
{
  int n = git_libgit2_init();
  ck_assert_int_eq(git_libgit2_shutdown(), n - 1);
  return n - 1;
}

/* A sweep over `org` with libgit2 set up by `gi` (or by mls_run). */
static int sweep_gi(collected *c, const char *org, const rule_set *rs,
                    mls_git_init *gi, bool trust, mls_diag *d)
{
  mls_config cfg = MLS_CONFIG_INIT;
  int rc;
  memset(c, 0, sizeof(*c));
  mls_buf_init(&c->dump, 1u << 24);
  cfg.targets = &org;
  cfg.ntargets = 1;
  cfg.jobs = 2;
  cfg.rules = rs;
  cfg.today = "2026-06-01";
  cfg.trust_mirrors = trust;
  cfg.on_report = collect;
  cfg.payload = c;
  cfg.git_init = gi;
  rc = mls_run(&cfg, NULL, d);
  finish(c);
  return rc;
}

START_TEST(engine_sweep__git_init_started_early)
{
  char *org = make_org();
  rule_set *rs = test_rules();
  mls_diag d = MLS_DIAG_INIT;
  mls_git_init *gi = NULL;
  collected ref, early;
  int base = git_inits(); /* gfx_setup's */

  ck_assert_int_eq(sweep_gi(&ref, org, rs, NULL, false, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_int_eq(git_inits(), base);

  /* Handed to mls_run: the same reports, libgit2 released at its end. */
  ck_assert_int_eq(mls_git_init_start(&gi, false, true), MLS_OK);
  ck_assert_int_eq(sweep_gi(&early, org, rs, gi, false, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_uint_eq(early.reports, ref.reports);
  ck_assert_str_eq(early.dump.ptr, ref.dump.ptr);
  ck_assert_int_eq(git_inits(), base);
  mls_git_init_free(gi);
  ck_assert_int_eq(git_inits(), base);
  mls_buf_dispose(&early.dump);

  /* Left to the first repository: the same reports. */
  ck_assert_int_eq(mls_git_init_start(&gi, false, false), MLS_OK);
  ck_assert_int_eq(sweep_gi(&early, org, rs, gi, false, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_str_eq(early.dump.ptr, ref.dump.ptr);
  mls_git_init_free(gi);
  ck_assert_int_eq(git_inits(), base);
  mls_buf_dispose(&early.dump);

  /* Not handed over (the caller stopped first): undone by free, started
   * or not. */
  ck_assert_int_eq(mls_git_init_start(&gi, false, true), MLS_OK);
  mls_git_init_free(gi);
  ck_assert_int_eq(git_inits(), base);
  ck_assert_int_eq(mls_git_init_start(&gi, false, false), MLS_OK);
  mls_git_init_free(gi);
  ck_assert_int_eq(git_inits(), base);

  /* Set up for another --trust-mirrors: refused when the first
   * repository needs it (each is reported failed, none lost), the sweep
   * fails, and free undoes the set-up. */
  ck_assert_int_eq(mls_git_init_start(&gi, true, true), MLS_OK);
  ck_assert_int_eq(sweep_gi(&early, org, rs, gi, false, &d), MLS_ERROR);
  ck_assert_uint_eq(early.reports, ref.reports);
  ck_assert(gfx_diag_has(&d, MLS_SEV_ERROR, NULL, "--trust-mirrors"));
  mls_git_init_free(gi);
  ck_assert_int_eq(git_inits(), base);
  mls_buf_dispose(&early.dump);

  mls_git_init_free(NULL);
  mls_buf_dispose(&ref.dump);
  mls_diag_dispose(&d);
  rule_set_free(rs);
  mls_free(org);
}
END_TEST

/* What one report said about its files. */
typedef struct counted {
  mls_repo_counts counts; /* the report's counters */
  size_t big;             /* diagnostics about generated/huge.tf */
  bool big_worded;        /* one of them in the walk's words */
} counted;

static int count_report(void *payload, const mls_repo_report *r)
{
  counted *c = payload;
  c->counts = r->counts;
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *d = &r->diag.v[i];
    if (d->path && strcmp(d->path, "generated/huge.tf") == 0) {
      c->big++;
      c->big_worded |= strstr(d->message, "file of 8388609 bytes skipped "
                                          "(limit 8388608 bytes)") != NULL;
    }
  }
  return MLS_OK;
}

/* The walk reads no blob header, so the sweep checks sizes when it loads
 * (walk.h). It must still report what a walk that read headers reported:
 * the oversized .tf is not a Terraform file, is noted once in the walk's
 * words, and the bytes are those of the other .tf files. */
START_TEST(engine_sweep__unread_blobs_count_as_the_walk_counted)
{
  char *repo_path = gfx_copy("special", true, "special.git");
  rule_set *rs = test_rules();
  mls_config cfg = MLS_CONFIG_INIT;
  mls_diag d = MLS_DIAG_INIT;
  const char *targets[1];
  counted c;

  memset(&c, 0, sizeof(c));
  targets[0] = repo_path;
  cfg.targets = targets;
  cfg.ntargets = 1;
  cfg.jobs = 1;
  cfg.rules = rs;
  cfg.on_report = count_report;
  cfg.payload = &c;
  ck_assert_int_eq(mls_run(&cfg, NULL, &d), MLS_OK);
  /* ok.tf and victim.tf; huge.tf is left out. */
  ck_assert_uint_eq(c.counts.files_tf, 2);
  ck_assert_uint_eq(c.big, 1);
  ck_assert(c.big_worded);
  ck_assert_uint_gt(c.counts.bytes, 0);
  ck_assert_uint_lt(c.counts.bytes, 4096);
  mls_diag_dispose(&d);

  /* The read-only pass counts the same files, as it loads them. */
  {
    uint64_t bytes_tf = c.counts.bytes;
    memset(&c, 0, sizeof(c));
    cfg.read_only = true;
    ck_assert_int_eq(mls_run(&cfg, NULL, &d), MLS_OK);
    ck_assert_uint_eq(c.counts.files_tf, 2);
    ck_assert_uint_eq(c.big, 1);
    ck_assert_uint_gt(c.counts.bytes, bytes_tf);
    mls_diag_dispose(&d);
  }
  rule_set_free(rs);
  mls_free(repo_path);
}
END_TEST

Suite *engine_sweep_suite(void)
{
  Suite *s = suite_create("engine_sweep");
  TCase *tc = tcase_create("sweep");
  tcase_add_checked_fixture(tc, gfx_setup, gfx_teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, engine_sweep__same_reports_for_any_schedule);
  tcase_add_test(tc, engine_sweep__large_entry_stored_in_parts);
  tcase_add_test(tc, engine_sweep__shards_partition_the_org);
  tcase_add_test(tc, engine_sweep__warm_sweep_reads_refs_not_libgit2);
  tcase_add_test(tc, engine_sweep__vendored_module_read_once);
  tcase_add_test(tc, engine_sweep__changed_tree_walks_only_what_changed);
  tcase_add_test(tc, engine_sweep__large_walk_split_into_subtree_jobs);
  tcase_add_test(tc, engine_sweep__nothing_verdicts_bundled_per_tree);
  tcase_add_test(tc, engine_sweep__cfn_units_run_beside_the_root_search);
  tcase_add_test(tc, engine_sweep__empty_repositories_swept_empty);
  tcase_add_test(tc, engine_sweep__missing_target_and_stopping);
  tcase_add_test(tc, engine_sweep__git_init_started_early);
  tcase_add_test(tc, engine_sweep__unread_blobs_count_as_the_walk_counted);
  tcase_add_test(tc, engine_sweep__fileset_lists_every_file_of_the_tree);
  tcase_add_test(tc, engine_sweep__reads_outside_the_module_are_not_cached);
  tcase_add_test(tc, engine_sweep__missing_file_is_one_warning);
  tcase_add_test(tc, engine_sweep__same_call_from_two_roots_stays_two);
  tcase_add_test(tc, engine_sweep__a_diagnostic_is_reported_once);
  suite_add_tcase(s, tc);
  return s;
}
