/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_calls.c -- the module-call token scan
 * (parsers/hcl/calls.c) and tf_dir_calls()'s fast path against the full
 * parse: a differential test. Every .tf file of ../shared/corpus/real, of
 * tests/fixtures and tests/golden, and every input of the hcl fuzz corpus
 * is scanned; where the scan answers, hcl_parse() must give the same
 * top-level module blocks and sources. Every directory holding .tf files
 * under those roots gets tf__dir_calls_fast() and tf__dir_calls_full(),
 * which must agree whenever the fast path answers. The scan must answer
 * for most real files, or the fast path would be dead code; and a set of
 * small inputs pins down what it leaves to the parser.
 */
#define _POSIX_C_SOURCE 200809L /* lstat, opendir */

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/eval/tf_eval.h"
#include "core/eval/tf_int.h"
#include "parsers/hcl/calls.h"
#include "parsers/hcl/hcl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Roots searched, relative to the project root unless absolute. */
static const char *const roots[] = {
  MLS_TEST_SHARED_DIR "/corpus/real",
  MLS_TEST_SOURCE_DIR "/tests/fixtures",
  MLS_TEST_SOURCE_DIR "/tests/golden",
  MLS_TEST_SOURCE_DIR "/tests/eval",
};

/* What the comparisons saw, for the coverage checks. */
typedef struct tally {
  size_t files;    /* .tf files (or corpus inputs) scanned */
  size_t answered; /* of which the scan answered */
  size_t calls;    /* module blocks compared */
  size_t dirs;     /* directories compared */
  size_t fast;     /* of which the fast path answered */
} tally;

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The source the loader takes from a parsed module block (tf_load.c's
 * call_source): the first `source` attribute when it is a string literal
 * or a template of one literal part, else empty. */
static mls_span parsed_source(const hcl_block *b)
{
  for (uint32_t i = 0; b->body && i < b->body->nattrs; i++) {
    const hcl_attr *at = &b->body->attrs[i];
    const hcl_expr *e = at->expr;
    if (!mls_span_eq(at->name, "source")) {
      continue;
    }
    if (e->kind == HCL_EXPR_TEMPLATE && e->u.tmpl.nparts == 1) {
      e = e->u.tmpl.parts[0];
    }
    if (e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING) {
      return e->u.lit.str;
    }
    break;
  }
  return mls_span_of(NULL, 0);
}

static bool span_same(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Scan data; when the scan answers, parse it and compare. */
static void compare_file(const char *name, const char *data, size_t len,
                         tally *t)
{
  hcl_call_scan *v = NULL;
  size_t n = 0, k = 0;
  hcl_file *f = NULL;
  mls_diag d = MLS_DIAG_INIT;
  int rc = hcl_scan_module_calls(&v, &n, data, len);

  t->files++;
  ck_assert_msg(rc == MLS_OK || rc == MLS_EINPUT, "%s: scan rc %d", name, rc);
  if (rc != MLS_OK) {
    ck_assert_ptr_null(v);
    return;
  }
  t->answered++;
  rc = hcl_parse(&f, data, len, &d);
  ck_assert_msg(rc == MLS_OK || rc == MLS_EINPUT, "%s: parse rc %d", name, rc);
  ck_assert_ptr_nonnull(f);
  for (uint32_t i = 0; f->body && i < f->body->nblocks; i++) {
    const hcl_block *b = &f->body->blocks[i];
    mls_span want;
    if (!mls_span_eq(b->type, "module")) {
      continue;
    }
    ck_assert_msg(k < n, "%s: the parser has more module blocks", name);
    ck_assert_msg(b->nlabels == 1, "%s: module block with %u labels", name,
                  (unsigned)b->nlabels);
    ck_assert_msg(span_same(b->labels[0].value, v[k].name),
                  "%s: module %zu is named \"%.*s\", the scan says \"%.*s\"",
                  name, k, (int)b->labels[0].value.len, b->labels[0].value.ptr,
                  (int)v[k].name.len, v[k].name.ptr);
    want = parsed_source(b);
    ck_assert_msg(
        span_same(want, v[k].has_source ? v[k].source : mls_span_of(NULL, 0)),
        "%s: module \"%.*s\": source \"%.*s\", the scan says "
        "\"%.*s\"",
        name, (int)v[k].name.len, v[k].name.ptr, (int)want.len,
        want.ptr ? want.ptr : "", (int)v[k].source.len,
        v[k].source.ptr ? v[k].source.ptr : "");
    k++;
    t->calls++;
  }
  ck_assert_msg(k == n, "%s: the scan has %zu module blocks, the parser %zu",
                name, n, k);
  hcl_file_free(f);
  mls_diag_dispose(&d);
  mls_free(v);
}

static bool same_calls(char **a, size_t na, char **b, size_t nb)
{
  if (na != nb) {
    return false;
  }
  for (size_t i = 0; i < na; i++) {
    if (strcmp(a[i], b[i]) != 0) {
      return false;
    }
  }
  return true;
}

static int cmp_cstr(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory rel (relative to root) through both paths, with a loader
 * each. */
static void compare_dir(const char *root, const char *rel, tally *t)
{
  tf_source src;
  tf_loader *a = NULL, *b = NULL;
  char **fa = NULL, **fb = NULL;
  size_t na = 0, nb = 0;
  bool done = false;

  tf_disk_source(&src, root);
  ck_assert_int_eq(tf_loader_new(&a, &src), MLS_OK);
  ck_assert_int_eq(tf_loader_new(&b, &src), MLS_OK);
  ck_assert_int_eq(tf__dir_calls_fast(&fa, &na, a, rel, &done), MLS_OK);
  ck_assert_int_eq(tf__dir_calls_full(&fb, &nb, b, rel), MLS_OK);
  t->dirs++;
  if (done) {
    t->fast++;
    if (na > 1) {
      qsort(fa, na, sizeof(*fa), cmp_cstr);
    }
    if (nb > 1) {
      qsort(fb, nb, sizeof(*fb), cmp_cstr);
    }
    ck_assert_msg(same_calls(fa, na, fb, nb),
                  "%s/%s: fast path %zu calls, full parse %zu", root, rel, na,
                  nb);
  } else {
    ck_assert_uint_eq(na, 0);
  }
  tf_roots_free(fa, na);
  tf_roots_free(fb, nb);
  tf_loader_free(a);
  tf_loader_free(b);
}

/* out = a + sep + b, failing the test when it does not fit. */
static void join3(char *out, size_t cap, const char *a, const char *sep,
                  const char *b)
{
  int k = snprintf(out, cap, "%s%s%s", a, sep, b);
  ck_assert(k >= 0 && (size_t)k < cap);
}

/* Every directory below root/rel (depth-first, bounded), comparing each
 * .tf file and each directory that holds one. */
static void visit(const char *root, const char *rel, unsigned depth,
                  bool any_hcl, tally *t)
{
  char path[4096], child[4096];
  DIR *dir;
  struct dirent *de;
  bool has_tf = false;

  ck_assert(depth < 64);
  join3(path, sizeof(path), root, rel[0] ? "/" : "", rel);
  if (!(dir = opendir(path))) {
    return;
  }
  while ((de = readdir(dir)) != NULL) {
    struct stat st;
    char full[4096];
    if (de->d_name[0] == '.' &&
        (de->d_name[1] == '\0' || strcmp(de->d_name, "..") == 0 ||
         strcmp(de->d_name, ".git") == 0 ||
         strcmp(de->d_name, ".terraform") == 0)) {
      continue;
    }
    join3(full, sizeof(full), path, "/", de->d_name);
    if (lstat(full, &st) != 0) {
      continue;
    }
    join3(child, sizeof(child), rel, rel[0] ? "/" : "", de->d_name);
    if (S_ISDIR(st.st_mode)) {
      visit(root, child, depth + 1, any_hcl, t);
    } else if (S_ISREG(st.st_mode) && any_hcl &&
               ends_with(de->d_name, ".hcl")) {
      size_t len = 0;
      char *data = mls_test_read_file(full, &len);
      compare_file(full, data, len, t);
      mls_free(data);
    } else if (S_ISREG(st.st_mode) && ends_with(de->d_name, ".tf") &&
               strlen(de->d_name) > 3) {
      size_t len = 0;
      char *data = mls_test_read_file(full, &len);
      compare_file(full, data, len, t);
      mls_free(data);
      has_tf = true;
    }
  }
  closedir(dir);
  if (has_tf && !any_hcl) {
    compare_dir(root, rel, t);
  }
}

START_TEST(eval_tf_calls__fast_path_matches_the_parser)
{
  tally t;
  memset(&t, 0, sizeof(t));
  for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
    visit(roots[i], "", 0, false, &t);
  }
  fprintf(stderr,
          "tf_calls: %zu .tf files, the scan answered %zu (%zu module "
          "blocks); %zu directories, the fast path answered %zu\n",
          t.files, t.answered, t.calls, t.dirs, t.fast);
  /* The repository's own fixtures hold hundreds of .tf files; the fast
   * path must answer for most real code. */
  ck_assert_uint_gt(t.files, 100);
  ck_assert_uint_gt(t.calls, 20);
  ck_assert_uint_ge(t.answered * 10, t.files * 8);
  ck_assert_uint_ge(t.fast * 10, t.dirs * 7);
}
END_TEST

/* The HCL specification suite and the parser's golden inputs, many of
 * them syntax errors: whatever the scan answers, the parser agrees. */
START_TEST(eval_tf_calls__hcl_corpora_agree)
{
  static const char *const hcl_roots[] = {
    MLS_TEST_SHARED_DIR "/corpus/hcl-specsuite",
    MLS_TEST_SHARED_DIR "/corpus/golden",
    MLS_TEST_SOURCE_DIR "/tests/golden/diff",
  };
  tally t;
  memset(&t, 0, sizeof(t));
  for (size_t i = 0; i < sizeof(hcl_roots) / sizeof(hcl_roots[0]); i++) {
    visit(hcl_roots[i], "", 0, true, &t);
  }
  fprintf(stderr, "tf_calls: %zu HCL corpus files, the scan answered %zu\n",
          t.files, t.answered);
  ck_assert_uint_gt(t.files, 50);
}
END_TEST

/* Hostile and odd inputs: whatever the scan answers, the parser agrees. */
START_TEST(eval_tf_calls__fuzz_corpus_agrees)
{
  const char *dir_path = MLS_TEST_SOURCE_DIR "/tests/fuzz/corpus/hcl";
  DIR *dir = opendir(dir_path);
  struct dirent *de;
  tally t;

  memset(&t, 0, sizeof(t));
  ck_assert_ptr_nonnull(dir);
  while ((de = readdir(dir)) != NULL) {
    char full[4096];
    struct stat st;
    size_t len = 0;
    char *data;
    join3(full, sizeof(full), dir_path, "/", de->d_name);
    if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
      continue;
    }
    data = mls_test_read_file(full, &len);
    compare_file(full, data, len, &t);
    mls_free(data);
  }
  closedir(dir);
  ck_assert_uint_gt(t.files, 0);
}
END_TEST

/* What the scan answers for one input: rc, and the calls as
 * "name=source;..." ("name" alone without a source). */
static int scan_str(const char *src, char *out, size_t cap)
{
  hcl_call_scan *v = NULL;
  size_t n = 0, at = 0;
  int rc = hcl_scan_module_calls(&v, &n, src, strlen(src));
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    at += (size_t)snprintf(out + at, cap - at, "%.*s%s%.*s;",
                           (int)v[i].name.len, v[i].name.ptr,
                           v[i].has_source ? "=" : "", (int)v[i].source.len,
                           v[i].source.ptr ? v[i].source.ptr : "");
    ck_assert_uint_lt(at, cap);
  }
  mls_free(v);
  return rc;
}

START_TEST(eval_tf_calls__scan_shapes)
{
  static const struct {
    const char *src;  /* input */
    int rc;           /* expected result */
    const char *want; /* expected calls when MLS_OK */
  } cases[] = {
    { "", MLS_OK, "" },
    { "module \"a\" {\n  source = \"./a\"\n  x = [1,\n 2]\n}\n"
      "resource \"t\" \"n\" {}\nmodule b {\n  # c\n  source = \"../b\" # c\n"
      "  count = 2\n}\n",
      MLS_OK, "a=./a;b=../b;" },
    { "module \"r\" {\n  source  = \"hashicorp/x/aws\"\n  version = \"1.0\"\n}"
      "\nmodule \"n\" {\n}\n",
      MLS_OK, "r=hashicorp/x/aws;n;" },
    { "locals {\n  p = <<EOT\n  module \"x\" {\n  }\nEOT\n}\n", MLS_OK, "" },
    /* Left to the parser. */
    { "module \"a\" { source = \"./a\" }\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = var.s\n}\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = \"./${var.s}\"\n}\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = \"./\\u0061\"\n}\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = \"./a\"\n  source = \"./b\"\n}\n", MLS_EINPUT,
      "" },
    { "module \"a\" \"b\" {\n  source = \"./a\"\n}\n", MLS_EINPUT, "" },
    { "module {\n  source = \"./a\"\n}\n", MLS_EINPUT, "" },
    { "x = 1\n", MLS_EINPUT, "" },
    { "resource \"t\" \"n\" {\n  a = (1\n}\n", MLS_EINPUT, "" },
    { "resource \"t\" \"n\" {\n  a = 1 + }\nmodule \"m\" {\n  source = "
      "\"./m\"\n}\n",
      MLS_EINPUT, "" },
    { "resource \"t\" \"n\" {\n  a = 1\n} module \"m\" {\n}\n", MLS_EINPUT,
      "" },
    { "resource \"t\" \"n\"\n{\n}\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = \"./a\"\n", MLS_EINPUT, "" },
    { "module \"a\" {\n  source = \"./caf\xc3\xa9\"\n}\n", MLS_EINPUT, "" },
    { "a ; b\n", MLS_EINPUT, "" },
  };
  char got[512];

  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int rc = scan_str(cases[i].src, got, sizeof(got));
    ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d, want %d", i, rc,
                  cases[i].rc);
    ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: \"%s\"", i, got);
  }
}
END_TEST

/* A file is scanned unless `module` occurs in it only inside a longer
 * identifier, after a '.' or before one: the fast path and the parser
 * agree on
 * directories built around the boundary -- path.module and modules/
 * only (no scan), a block after a comment, one whose name follows on the
 * next line, `module` ending the file. */
START_TEST(eval_tf_calls__module_token_boundaries)
{
  static const struct {
    const char *text;
    size_t calls;
  } dirs[] = {
    { "locals {\n  p = \"${path.module}/x\"\n  q = \"../modules/y\"\n"
      "  my-module = 1\n  module_x = 2\n}\n",
      0 },
    { "/* first */ module \"a\" {\n  source = \"./a\"\n}\n", 1 },
    { "module\n\"a\" {\n  source = \"./a\"\n}\n", 0 },
    { "module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" {\n"
      "  source = \"${path.module}/b\"\n}\n",
      1 }, /* (a source that is not a literal names no directory) */
    { "x = 1\n# module", 0 },
    /* outputs.tf of a root: references to its calls only (no scan) */
    { "output \"id\" {\n  value = module.vpc.id\n}\n", 0 },
    /* a reference first, then the block it refers to */
    { "output \"id\" {\n  value = module.vpc.id\n}\nmodule \"vpc\" {\n"
      "  source = \"./v\"\n}\n",
      1 },
  };
  char tmpl[] = "/tmp/mls-calls-XXXXXX";
  char *root = mkdtemp(tmpl);

  ck_assert_ptr_nonnull(root);
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
    char dir[64], path[4096], file[4096];
    tally t;
    FILE *f;
    memset(&t, 0, sizeof(t));
    snprintf(dir, sizeof(dir), "d%zu", i);
    join3(path, sizeof(path), root, "/", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    join3(file, sizeof(file), path, "/", "main.tf");
    ck_assert_ptr_nonnull(f = fopen(file, "w"));
    fputs(dirs[i].text, f);
    fclose(f);
    compare_dir(root, dir, &t);
    ck_assert_msg(t.dirs == 1, "case %zu", i);
    {
      /* And the parser's count, which the fast path matched. */
      tf_source src;
      tf_loader *ld = NULL;
      char **v = NULL;
      size_t n = 0;
      tf_disk_source(&src, root);
      ck_assert_int_eq(tf_loader_new(&ld, &src), MLS_OK);
      ck_assert_int_eq(tf__dir_calls_full(&v, &n, ld, dir), MLS_OK);
      ck_assert_msg(n == dirs[i].calls, "case %zu: %zu calls", i, n);
      tf_roots_free(v, n);
      tf_loader_free(ld);
    }
    unlink(file);
    rmdir(path);
  }
  rmdir(root);
}
END_TEST

Suite *eval_tf_calls_suite(void)
{
  Suite *s = suite_create("eval_tf_calls");
  TCase *tc = tcase_create("differential");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, eval_tf_calls__fast_path_matches_the_parser);
  tcase_add_test(tc, eval_tf_calls__hcl_corpora_agree);
  tcase_add_test(tc, eval_tf_calls__fuzz_corpus_agrees);
  tcase_add_test(tc, eval_tf_calls__scan_shapes);
  tcase_add_test(tc, eval_tf_calls__module_token_boundaries);
  suite_add_tcase(s, tc);
  return s;
}
