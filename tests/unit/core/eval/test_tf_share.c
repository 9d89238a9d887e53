/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_share.c -- Terraform files read and parsed
 * once for every loader that reads the same content (core/eval/tf_share.c).
 *
 * Repositories are in-memory sources whose content id is a hash of a
 * file's bytes, counting their reads. A loader given the share must give
 * the model and the diagnostics a loader without it gives, read a content
 * another loader read not at all, parse it once per syntax, report a
 * shared file's problems under its own path, and let go of what no loader
 * holds past the share's bound. The threaded case runs under TSan (the
 * tsan label of tests/CMakeLists.txt).
 */
#define _POSIX_C_SOURCE 200809L /* core/base/thread.h */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/base/thread.h"
#include "core/eval/tf_eval.h"
#include "core/eval/tf_share.h"
#include "tests/unit/core/eval/mem_source.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an in-memory repository ------------------------------------------- */

static void m_source(tf_source *src, memsrc *ms, bool ids)
{
  memset(src, 0, sizeof(*src));
  src->list = mem_list;
  src->read = mem_read;
  src->payload = ms;
  if (ids) {
    src->content_id = mem_content_id;
  }
}

/* ---- one evaluation, written out ---------------------------------------- */

/* Root "" of ms through a loader (with the share s, or none), written as
 * text: every resource's address and body, then every diagnostic with its
 * path. The loader is freed after, or kept in *keep. */
static char *eval_text(memsrc *ms, tf_share *s, tf_loader **keep)
{
  tf_source src;
  tf_loader *ld = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  mls_buf b = MLS_BUF_INIT(1 << 24);
  char *out;
  int rc;

  m_source(&src, ms, true);
  ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
  if (s) {
    tf_loader_share(ld, s);
  }
  rc = tf_eval_root(&m, ld, "", NULL, &d);
  ck_assert_int_eq(mls_buf_printf(&b, "rc %d\n", rc), MLS_OK);
  for (uint32_t i = 0; m && i < m->nresources; i++) {
    const mls_resource *r = &m->resources[i];
    ck_assert_int_eq(
        mls_buf_printf(&b, "%.*s ", (int)r->address.len, r->address.ptr),
        MLS_OK);
    if (r->body) {
      ck_assert_int_eq(mls_value_write_json(&b, r->body), MLS_OK);
    }
    ck_assert_int_eq(mls_buf_putc(&b, '\n'), MLS_OK);
  }
  for (size_t i = 0; i < d.n; i++) {
    const mls_diag_entry *e = &d.v[i];
    ck_assert_int_eq(
        mls_buf_printf(&b, "diag %s:%u %s\n", e->path ? e->path : "-",
                       e->has_range ? e->range.start.line : 0, e->message),
        MLS_OK);
  }
  out = strdup(b.ptr ? b.ptr : "");
  ck_assert_ptr_nonnull(out);
  mls_buf_dispose(&b);
  mls_diag_dispose(&d);
  mls_model_free(m);
  if (keep) {
    *keep = ld;
  } else {
    tf_loader_free(ld);
  }
  return out;
}

/* ---- the cases ----------------------------------------------------------- */

#define VENDORED                                                               \
  "variable \"name\" {}\n"                                                     \
  "resource \"aws_s3_bucket\" \"b\" {\n"                                       \
  "  bucket = var.name\n"                                                      \
  "}\n"                                                                        \
  "output \"arn\" { value = aws_s3_bucket.b.arn }\n"

static const memfile repo_a[] = {
  { "main.tf", "module \"store\" {\n  source = \"./modules/store\"\n"
               "  name = \"alpha\"\n}\n" },
  { "modules/store/main.tf", VENDORED },
};

static const memfile repo_b[] = {
  { "main.tf", "module \"store\" {\n  source = \"./modules/store\"\n"
               "  name = \"beta\"\n}\n" },
  { "modules/store/main.tf", VENDORED },
};

/* Two repositories vendoring one module: the second reads only its own
 * root, and both models are what a loader without the share gives. */
START_TEST(test_share_reads_once)
{
  memsrc a = { repo_a, 2, 0 }, b = { repo_b, 2, 0 };
  memsrc a0 = { repo_a, 2, 0 }, b0 = { repo_b, 2, 0 };
  tf_share *s = NULL;
  tf_share_stats st;
  char *ta, *tb, *ta0, *tb0;

  ck_assert_int_eq(tf_share_new(&s, (size_t)1 << 20), MLS_OK);
  ta = eval_text(&a, s, NULL);
  tb = eval_text(&b, s, NULL);
  ta0 = eval_text(&a0, NULL, NULL);
  tb0 = eval_text(&b0, NULL, NULL);
  ck_assert_str_eq(ta, ta0);
  ck_assert_str_eq(tb, tb0);
  ck_assert_ptr_nonnull(strstr(tb, "\"beta\""));
  ck_assert_uint_eq(atomic_load(&a.reads), 2);
  ck_assert_uint_eq(atomic_load(&b.reads), 1); /* main.tf only */
  ck_assert_uint_eq(atomic_load(&b0.reads), 2);
  tf_share_get_stats(s, &st);
  ck_assert_uint_eq(st.reads, 3);
  ck_assert_uint_eq(st.hits, 1);
  ck_assert_uint_eq(st.parses, 3);
  ck_assert_uint_eq(st.reuses, 1);
  ck_assert_uint_eq(st.evicted, 0);
  free(ta);
  free(tb);
  free(ta0);
  free(tb0);
  tf_share_free(s);
}
END_TEST

/* A broken file shared under two paths: each repository's diagnostic
 * names its own path, and says what an unshared parse says. */
START_TEST(test_share_diag_path)
{
  static const memfile x[] = {
    { "main.tf", "module \"m\" { source = \"./lib/one\" }\n" },
    { "lib/one/main.tf",
      "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n" },
  };
  static const memfile y[] = {
    { "main.tf", "module \"m\" { source = \"./other\" }\n" },
    { "other/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n" },
  };
  memsrc mx = { x, 2, 0 }, my = { y, 2, 0 }, my0 = { y, 2, 0 };
  tf_share *s = NULL;
  char *tx, *ty, *ty0;

  ck_assert_int_eq(tf_share_new(&s, (size_t)1 << 20), MLS_OK);
  tx = eval_text(&mx, s, NULL);
  ty = eval_text(&my, s, NULL);
  ty0 = eval_text(&my0, NULL, NULL);
  ck_assert_ptr_nonnull(strstr(tx, "diag lib/one/main.tf:"));
  ck_assert_ptr_nonnull(strstr(ty, "diag other/main.tf:"));
  ck_assert_ptr_null(strstr(ty, "lib/one"));
  ck_assert_str_eq(ty, ty0);
  ck_assert_uint_eq(atomic_load(&my.reads), 1);
  free(tx);
  free(ty);
  free(ty0);
  tf_share_free(s);
}
END_TEST

/* One content read as a variable file (JSON) in one repository and as a
 * configuration file (JSON) in another: two parses, each its own
 * syntax's answer (a variable's value there, a declaration here). */
#define BOTH_WAYS "{\"variable\": {\"region\": {\"default\": \"us-east-2\"}}}"

START_TEST(test_share_syntaxes)
{
  static const memfile v[] = {
    { "main.tf", "variable \"variable\" {}\n"
                 "resource \"aws_s3_bucket\" \"b\" {\n"
                 "  bucket = var.variable.region.default\n}\n" },
    { "terraform.tfvars.json", BOTH_WAYS },
  };
  static const memfile c[] = {
    { "main.tf", "resource \"aws_s3_bucket\" \"b\" { bucket = var.region }\n" },
    { "extra.tf.json", BOTH_WAYS },
  };
  memsrc mv = { v, 2, 0 }, mc = { c, 2, 0 }, mv0 = { v, 2, 0 },
         mc0 = { c, 2, 0 };
  tf_share *s = NULL;
  tf_share_stats st;
  char *tv, *tc, *tv0, *tc0;

  ck_assert_int_eq(tf_share_new(&s, (size_t)1 << 20), MLS_OK);
  tv = eval_text(&mv, s, NULL);
  tc = eval_text(&mc, s, NULL);
  tv0 = eval_text(&mv0, NULL, NULL);
  tc0 = eval_text(&mc0, NULL, NULL);
  ck_assert_str_eq(tv, tv0);
  ck_assert_str_eq(tc, tc0);
  ck_assert_ptr_nonnull(strstr(tv, "{\"bucket\":\"us-east-2\"}"));
  ck_assert_ptr_nonnull(strstr(tc, "{\"bucket\":\"us-east-2\"}"));
  ck_assert_uint_eq(atomic_load(&mc.reads), 1); /* the bytes were shared */
  tf_share_get_stats(s, &st);
  ck_assert_uint_eq(st.parses, 4); /* two main.tf, the JSON twice */
  free(tv);
  free(tc);
  free(tv0);
  free(tc0);
  tf_share_free(s);
}
END_TEST

/* Past its bound the share keeps what a loader holds, and drops the rest
 * once no loader holds it. */
START_TEST(test_share_bound)
{
  memsrc a = { repo_a, 2, 0 }, b = { repo_b, 2, 0 };
  tf_share *s = NULL;
  tf_loader *held = NULL;
  tf_share_stats st;
  tf_content_id id;
  size_t len = 0;
  char *ta, *tb;

  ck_assert_int_eq(tf_share_new(&s, 0), MLS_OK);
  ta = eval_text(&a, s, &held);
  /* Held by a's loader: b borrows it although the bound is 0. */
  tb = eval_text(&b, s, NULL);
  ck_assert_uint_eq(atomic_load(&b.reads), 1);
  ck_assert_int_eq(mem_content_id(&a, "modules/store/main.tf", &id), MLS_OK);
  ck_assert(tf_share_has(s, &id, &len));
  ck_assert_uint_eq(len, strlen(VENDORED));
  tf_loader_free(held);
  ck_assert(!tf_share_has(s, &id, &len));
  tf_share_get_stats(s, &st);
  ck_assert_uint_eq(st.evicted, st.reads);
  free(ta);
  free(tb);
  tf_share_free(s);
}
END_TEST

/* Loaders on four threads at once, each evaluating both repositories
 * eight times: every model as an unshared loader's. */
typedef struct worker {
  tf_share *s;
  const char *want_a, *want_b;
  int failures;
} worker;

static void *work(void *arg)
{
  worker *w = arg;
  for (int i = 0; i < 8; i++) {
    memsrc a = { repo_a, 2, 0 }, b = { repo_b, 2, 0 };
    char *ta = eval_text(i % 2 ? &a : &b, w->s, NULL);
    char *tb = eval_text(i % 2 ? &b : &a, w->s, NULL);
    w->failures += strcmp(ta, i % 2 ? w->want_a : w->want_b) != 0;
    w->failures += strcmp(tb, i % 2 ? w->want_b : w->want_a) != 0;
    free(ta);
    free(tb);
  }
  return NULL;
}

START_TEST(test_share_threads)
{
  memsrc a0 = { repo_a, 2, 0 }, b0 = { repo_b, 2, 0 };
  char *wa = eval_text(&a0, NULL, NULL), *wb = eval_text(&b0, NULL, NULL);
  tf_share *s = NULL;
  pthread_t t[4];
  worker w[4];
  tf_share_stats st;

  ck_assert_int_eq(tf_share_new(&s, (size_t)1 << 20), MLS_OK);
  for (int i = 0; i < 4; i++) {
    w[i].s = s;
    w[i].want_a = wa;
    w[i].want_b = wb;
    w[i].failures = 0;
    ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    ck_assert_int_eq(w[i].failures, 0);
  }
  tf_share_get_stats(s, &st);
  ck_assert_uint_eq(st.reads, 3); /* two roots and the module, once */
  ck_assert_uint_eq(st.parses, 3);
  free(wa);
  free(wb);
  tf_share_free(s);
}
END_TEST

Suite *eval_tf_share_suite(void)
{
  Suite *s = suite_create("eval_tf_share");
  TCase *tc = tcase_create("share");
  tcase_add_test(tc, test_share_reads_once);
  tcase_add_test(tc, test_share_diag_path);
  tcase_add_test(tc, test_share_syntaxes);
  tcase_add_test(tc, test_share_bound);
  tcase_add_test(tc, test_share_threads);
  suite_add_tcase(s, tc);
  return s;
}
