/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_eval.c -- the Terraform evaluator
 * (core/eval/tf_*.c) over the module trees of tests/fixtures/tf/: path
 * arithmetic, loading a module directory with its override files, and
 * finding root modules.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/eval/tf_eval.h"
#include "core/eval/tf_int.h"

#include <string.h>

#define FIXTURES MLS_TEST_SOURCE_DIR "/tests/fixtures/tf"

START_TEST(eval_tf_eval__path_arithmetic)
{
  char out[64];
  static const struct {
    const char *dir, *rel, *want; /* want NULL: refused */
  } joins[] = {
    { "", "./a", "a" },           { "a/b", "../c", "a/c" },
    { "a/b", "..", "a" },         { "a", "./b//c/./d/", "a/b/c/d" },
    { "a", "../../x", NULL },     { "", "..", NULL },
    { "a", "/etc/passwd", NULL }, { "modules/x", "../y", "modules/y" },
  };
  static const struct {
    const char *from, *to, *want;
  } rels[] = {
    { "", "", "." },
    { "", "modules/x", "modules/x" },
    { "examples/complete", "", "../.." },
    { "a/b", "a/c/d", "../c/d" },
    { "ab", "a", "../a" },
    { "a", "a", "." },
  };
  for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
    int rc = tf__path_join(out, sizeof(out), joins[i].dir, joins[i].rel);
    if (!joins[i].want) {
      ck_assert_msg(rc < 0, "%s + %s should be refused", joins[i].dir,
                    joins[i].rel);
    } else {
      ck_assert_int_eq(rc, 0);
      ck_assert_str_eq(out, joins[i].want);
    }
  }
  for (size_t i = 0; i < sizeof(rels) / sizeof(rels[0]); i++) {
    ck_assert_int_eq(tf__path_rel(out, sizeof(out), rels[i].from, rels[i].to),
                     0);
    ck_assert_str_eq(out, rels[i].want);
  }
  /* a result that does not fit is refused, not truncated */
  ck_assert_int_lt(tf__path_join(out, 4, "abc", "def"), 0);
}
END_TEST

START_TEST(eval_tf_eval__loader_merges_overrides_once)
{
  tf_source src;
  tf_loader *ld = NULL;
  tf_module *m, *again, *none;
  const tf_decl *d;
  mls_span none_span = { NULL, 0 };
  int idx;
  bool root_access = false, lifecycle = false;

  tf_disk_source(&src, FIXTURES);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  m = tf__module_load(ld, "override");
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(m->rc, MLS_OK);
  again = tf__module_load(ld, "override");
  ck_assert_ptr_eq(m, again); /* parsed once per loader */
  ck_assert_uint_eq(m->nfiles, 2);
  idx = tf__decl_find(m, TF_D_RES, false,
                      mls_span_of("aws_sagemaker_notebook_"
                                  "instance",
                                  31),
                      mls_span_of("nb", 2));
  ck_assert_int_ge(idx, 0);
  d = &m->decls[TF_D_RES][idx];
  for (uint32_t i = 0; i < d->body.nattrs; i++) {
    root_access =
        root_access || mls_span_eq(d->body.attrs[i].attr->name, "root_access");
  }
  for (uint32_t i = 0; i < d->body.nblocks; i++) {
    lifecycle =
        lifecycle || mls_span_eq(d->body.blocks[i].block->type, "lifecycle");
  }
  ck_assert(root_access && lifecycle);
  /* the override's attribute comes from the override file */
  idx = tf__decl_find(m, TF_D_VAR, false, none_span,
                      mls_span_of("instance_type", 13));
  ck_assert_int_ge(idx, 0);
  d = &m->decls[TF_D_VAR][idx];
  ck_assert_str_eq(ld->files[d->body.attrs[0].file]->path,
                   "override/main_override.tf");
  ck_assert_int_lt(tf__decl_find(m, TF_D_RES, false,
                                 mls_span_of("aws_s3_bucket", 13),
                                 mls_span_of("missing", 7)),
                   0);
  ck_assert_uint_eq(m->diag.n, 1);
  ck_assert_ptr_nonnull(strstr(m->diag.v[0].message, "no primary file"));
  /* a directory with no Terraform file */
  none = tf__module_load(ld, "env_conditional/env");
  ck_assert_ptr_nonnull(none);
  ck_assert_int_eq(none->rc, MLS_EINPUT);
  tf_loader_free(ld);
}
END_TEST

START_TEST(eval_tf_eval__root_modules)
{
  tf_source src;
  tf_loader *ld = NULL;
  mls_diag d = MLS_DIAG_INIT;
  char **roots = NULL;
  size_t n = 0;
  bool twice = false, bucket = false, team = false, foreach = false;

  tf_disk_source(&src, FIXTURES);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  ck_assert_int_eq(tf_find_roots(&roots, &n, ld, "", &d), MLS_OK);
  for (size_t i = 0; i < n; i++) {
    twice = twice || strcmp(roots[i], "module_twice") == 0;
    bucket = bucket || strcmp(roots[i], "module_twice/modules/bucket") == 0;
    team = team || strcmp(roots[i], "module_foreach/modules/team") == 0;
    /* module_foreach calls itself; a self call does not make it called */
    foreach = foreach || strcmp(roots[i], "module_foreach") == 0;
    if (i) {
      ck_assert_int_lt(strcmp(roots[i - 1], roots[i]), 0);
    }
  }
  ck_assert(twice && foreach);
  ck_assert(!bucket && !team);
  tf_roots_free(roots, n);
  tf_loader_free(ld);
  mls_diag_dispose(&d);
}
END_TEST

Suite *eval_tf_eval_suite(void)
{
  Suite *s = suite_create("eval_tf_eval");
  TCase *load = tcase_create("loading");

  tcase_add_test(load, eval_tf_eval__path_arithmetic);
  tcase_add_test(load, eval_tf_eval__loader_merges_overrides_once);
  tcase_add_test(load, eval_tf_eval__root_modules);
  suite_add_tcase(s, load);
  return s;
}
