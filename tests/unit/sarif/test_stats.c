/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/sarif/test_stats.c -- sarif/stats.c and sarif/repo.c on
 * hand-built reports: the trend against a previous statistics file (new,
 * fixed, persisting), per-repository SARIF without suppressed or unknown
 * results unless asked, and byte-identical output.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "sarif/sarif.h"

#include <stdio.h>
#include <string.h>

static const char *const tags[] = { "sagemaker" };
static const rule_meta rule0 = { "MLS-SM-001",
                                 "Notebook has internet",
                                 MLS_RSEV_HIGH,
                                 "Desc.",
                                 "fix",
                                 NULL,
                                 NULL,
                                 tags,
                                 1,
                                 NULL,
                                 0,
                                 NULL,
                                 0,
                                 NULL,
                                 0,
                                 NULL,
                                 0,
                                 NULL,
                                 0,
                                 "x",
                                 false };
static const rule_meta *const rule_v[] = { &rule0 };
static const sarif_rules rules = { rule_v, 1, NULL };

static void result(mls_result *x, mls_status st, const char *addr,
                   uint32_t line)
{
  memset(x, 0, sizeof(*x));
  x->rule_id = "MLS-SM-001";
  x->severity = MLS_RSEV_HIGH;
  x->status = st;
  x->path = "main.tf";
  x->line = line;
  x->address = addr;
  x->module = "";
  x->message = "m.";
  strcpy(x->line_hash, "1:1");
  ck_assert_int_eq(
      sarif_fingerprint(x->fingerprint, x->rule_id, addr, "", x->path), 0);
}

/* owned: the whole stream as a string. */
static char *slurp(FILE *f, size_t *len)
{
  long n = ftell(f);
  char *p = mls_malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(p);
  rewind(f);
  ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
  p[n] = '\0';
  *len = (size_t)n;
  return p;
}

static char *stats_json(mls_repo_report *r, const char *prev, size_t prevlen,
                        size_t *len)
{
  sarif_stats *s = NULL;
  mls_diag d = MLS_DIAG_INIT;
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(sarif_stats_new(&s, &rules, NULL), 0);
  if (prev) {
    ck_assert_int_eq(sarif_stats_load_previous(s, prev, prevlen, &d), 0);
  }
  ck_assert_int_eq(sarif_stats_add(s, r, NULL), 0);
  ck_assert_int_eq(sarif_stats_write_json(s, f, NULL), 0);
  char *out = slurp(f, len);
  fclose(f);
  sarif_stats_free(s);
  mls_diag_dispose(&d);
  return out;
}

START_TEST(sarif_stats__trend_against_previous)
{
  mls_result v[3];
  mls_repo_report r;
  size_t len1, len2;
  memset(&r, 0, sizeof(r));
  r.name = "acme/x";
  r.results = v;
  /* Sweep 1: a and b fail. */
  result(&v[0], MLS_ST_FAIL, "aws_x.a", 1);
  result(&v[1], MLS_ST_FAIL, "aws_x.b", 2);
  r.nresults = 2;
  char *first = stats_json(&r, NULL, 0, &len1);
  ck_assert_ptr_null(strstr(first, "\"trend\""));
  /* Sweep 2: b still fails, a is fixed, c is new. */
  result(&v[0], MLS_ST_PASS, "aws_x.a", 1);
  result(&v[2], MLS_ST_FAIL, "aws_x.c", 3);
  r.nresults = 3;
  char *second = stats_json(&r, first, len1, &len2);
  ck_assert_ptr_nonnull(
      strstr(second, "\"trend\":{\"new\":1,\"fixed\":1,\"persisting\":1}"));
  /* A file that is not statistics is an input error. */
  sarif_stats *s = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(sarif_stats_new(&s, &rules, NULL), 0);
  ck_assert_int_eq(sarif_stats_load_previous(s, "{\"schema\":1}", 12, &d),
                   MLS_EINPUT);
  ck_assert_int_eq(sarif_stats_load_previous(s, "{", 1, &d), MLS_EINPUT);
  ck_assert_uint_eq(d.n, 2);
  sarif_stats_free(s);
  mls_diag_dispose(&d);
  mls_free(first);
  mls_free(second);
}
END_TEST

START_TEST(sarif_repo__only_failures_unless_asked_and_deterministic)
{
  mls_result v[3];
  mls_repo_report r;
  sarif_opts o = SARIF_OPTS_INIT;
  sarif_repo_info info;
  mls_buf a = MLS_BUF_INIT(1 << 24), b = MLS_BUF_INIT(1 << 24);
  memset(&r, 0, sizeof(r));
  r.name = "acme/x";
  r.results = v;
  r.nresults = 3;
  result(&v[0], MLS_ST_FAIL, "aws_x.a", 1);
  result(&v[1], MLS_ST_SUPPRESSED, "aws_x.b", 2);
  result(&v[2], MLS_ST_UNKNOWN, "aws_x.c", 3);
  ck_assert_int_eq(sarif_write_repo(&a, &r, &rules, &o, &info), 0);
  ck_assert_uint_eq(info.written, 1);
  ck_assert_ptr_null(strstr(a.ptr, "suppressions"));
  ck_assert_ptr_null(strstr(a.ptr, "aws_x.c"));
  ck_assert_int_eq(sarif_write_repo(&b, &r, &rules, &o, NULL), 0);
  ck_assert_uint_eq(a.len, b.len);
  ck_assert(memcmp(a.ptr, b.ptr, a.len) == 0);
  o.sarif_unknown = true;
  mls_buf_clear(&b);
  ck_assert_int_eq(sarif_write_repo(&b, &r, &rules, &o, &info), 0);
  ck_assert_uint_eq(info.written, 2);
  ck_assert_ptr_nonnull(strstr(b.ptr, "aws_x.c"));
  mls_buf_dispose(&a);
  mls_buf_dispose(&b);
}
END_TEST

/* A rule memo changes no byte of a SARIF file: the first write renders
 * the rule and keeps it, the next ones copy it -- also for a writer whose
 * options are a copy held elsewhere (the org SARIF keeps its own) -- and
 * a writer with another help URI base renders its own. */
START_TEST(sarif_repo__rule_memo_writes_the_same_bytes)
{
  mls_result v[2];
  mls_repo_report r;
  sarif_opts o = SARIF_OPTS_INIT, other = SARIF_OPTS_INIT;
  sarif_rules memo_rules = rules;
  mls_buf plain = MLS_BUF_INIT(1 << 24), a = MLS_BUF_INIT(1 << 24),
          b = MLS_BUF_INIT(1 << 24), c = MLS_BUF_INIT(1 << 24),
          d = MLS_BUF_INIT(1 << 24);

  memset(&r, 0, sizeof(r));
  r.name = "acme/x";
  r.results = v;
  r.nresults = 2;
  result(&v[0], MLS_ST_FAIL, "aws_x.a", 1);
  result(&v[1], MLS_ST_FAIL, "aws_x.b", 2);
  memo_rules.memo = sarif_rule_memo_new(1);
  ck_assert_ptr_nonnull(memo_rules.memo);
  ck_assert_int_eq(sarif_write_repo(&plain, &r, &rules, &o, NULL), 0);
  ck_assert_int_eq(sarif_write_repo(&a, &r, &memo_rules, &o, NULL), 0);
  ck_assert_int_eq(sarif_write_repo(&b, &r, &memo_rules, &o, NULL), 0);
  ck_assert_str_eq(a.ptr, plain.ptr);
  ck_assert_str_eq(b.ptr, plain.ptr);
  ck_assert_ptr_nonnull(strstr(plain.ptr, "\"helpUri\""));
  {
    /* Served from the memo: a rule whose title changed since is still
     * written as rendered first (a sweep's rules never change). */
    sarif_opts copy = o;
    rule_meta retitled = rule0;
    const rule_meta *retitled_v[] = { &retitled };
    sarif_rules memo_retitled = { retitled_v, 1, memo_rules.memo };
    mls_buf e = MLS_BUF_INIT(1 << 24);
    retitled.title = "A title rendered only without the memo";
    ck_assert_int_eq(sarif_write_repo(&e, &r, &memo_retitled, &copy, NULL), 0);
    ck_assert_str_eq(e.ptr, plain.ptr);
    mls_buf_dispose(&e);
  }
  /* Other options (another help URI base): not the memo's rendering. */
  other.help_uri_base = "https://example.test/rules/";
  ck_assert_int_eq(sarif_write_repo(&c, &r, &rules, &other, NULL), 0);
  ck_assert_int_eq(sarif_write_repo(&d, &r, &memo_rules, &other, NULL), 0);
  ck_assert_str_eq(d.ptr, c.ptr);
  ck_assert_str_ne(c.ptr, plain.ptr);
  sarif_rule_memo_free(memo_rules.memo);
  sarif_rule_memo_free(NULL);
  mls_buf_dispose(&plain);
  mls_buf_dispose(&a);
  mls_buf_dispose(&b);
  mls_buf_dispose(&c);
  mls_buf_dispose(&d);
}
END_TEST

Suite *sarif_stats_suite(void)
{
  Suite *s = suite_create("sarif_stats");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, sarif_stats__trend_against_previous);
  tcase_add_test(tc, sarif_repo__only_failures_unless_asked_and_deterministic);
  tcase_add_test(tc, sarif_repo__rule_memo_writes_the_same_bytes);
  suite_add_tcase(s, tc);
  return s;
}
