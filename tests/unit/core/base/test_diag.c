/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/base/test_diag.c -- core/base/diag.c: recording entries,
 * the MLS_MAX_DIAGS_PER_JOB cap with dropped and error counting, message
 * truncation, moving entries between jobs, and out-of-memory at every
 * allocation.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static mls_range range_at(uint32_t line, uint32_t col)
{
  mls_range r;
  r.start.byte = 10 * line + col;
  r.start.line = line;
  r.start.col = col;
  r.end = r.start;
  r.end.byte += 3;
  r.end.col += 3;
  return r;
}

START_TEST(base_diag__add_records_entry_and_returns_rc)
{
  mls_diag d = MLS_DIAG_INIT;
  char path[] = "modules/s3/main.tf";
  mls_range r = range_at(3, 7);

  d.path = path;
  ck_assert_int_eq(
      mls_diag_add(&d, MLS_EINPUT, &r, "unexpected %s at %d", "'}'", 7),
      MLS_EINPUT);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_uint_eq(d.nerrors, 1);
  ck_assert_uint_eq(d.dropped, 0);

  const mls_diag_entry *e = &d.v[0];
  ck_assert_int_eq(e->rc, MLS_EINPUT);
  ck_assert_int_eq(e->sev, MLS_SEV_ERROR);
  ck_assert_str_eq(e->message, "unexpected '}' at 7");
  ck_assert(e->has_range);
  ck_assert_uint_eq(e->range.start.line, 3);
  ck_assert_uint_eq(e->range.start.col, 7);
  ck_assert_uint_eq(e->range.end.byte, r.end.byte);
  /* The path is copied: the entry outlives the borrowed d.path. */
  ck_assert_str_eq(e->path, "modules/s3/main.tf");
  ck_assert_ptr_ne(e->path, path);
  path[0] = 'X';
  ck_assert_str_eq(d.v[0].path, "modules/s3/main.tf");
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(base_diag__range_and_path_are_optional)
{
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(mls_diag_add(&d, MLS_ELIMIT, NULL, "too deep"), MLS_ELIMIT);
  ck_assert(!d.v[0].has_range);
  ck_assert_ptr_null(d.v[0].path);
  ck_assert_str_eq(d.v[0].message, "too deep");
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(base_diag__notes_and_warnings_are_not_errors)
{
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(
      mls_diag_note(&d, MLS_OK, MLS_SEV_NOTE, NULL, "LFS pointer skipped"),
      MLS_OK);
  ck_assert_int_eq(mls_diag_note(&d, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                                 "partial %s", "tree"),
                   MLS_EINPUT);
  ck_assert_int_eq(
      mls_diag_note(&d, MLS_EIO, MLS_SEV_ERROR, NULL, "read failed"), MLS_EIO);
  ck_assert_uint_eq(d.n, 3);
  ck_assert_uint_eq(d.nerrors, 1);
  ck_assert_int_eq(d.v[0].sev, MLS_SEV_NOTE);
  ck_assert_int_eq(d.v[1].sev, MLS_SEV_WARNING);
  ck_assert_str_eq(d.v[1].message, "partial tree");
  ck_assert_int_eq(d.v[2].sev, MLS_SEV_ERROR);
  mls_diag_dispose(&d);
}
END_TEST

static int add_via_va_list(mls_diag *d, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int add_via_va_list(mls_diag *d, int rc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int r = mls_diag_addv(d, rc, MLS_SEV_WARNING, NULL, fmt, ap);
  va_end(ap);
  return r;
}

START_TEST(base_diag__addv_takes_a_va_list)
{
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(add_via_va_list(&d, MLS_ELIMIT, "%d > %d", 300, 256),
                   MLS_ELIMIT);
  ck_assert_str_eq(d.v[0].message, "300 > 256");
  ck_assert_int_eq(d.v[0].sev, MLS_SEV_WARNING);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(base_diag__cap_keeps_first_entries_and_counts_the_rest)
{
  mls_diag d = MLS_DIAG_INIT;
  const size_t extra = 50;

  for (size_t i = 0; i < MLS_MAX_DIAGS_PER_JOB + extra; i++) {
    ck_assert_int_eq(mls_diag_add(&d, MLS_EINPUT, NULL, "e%zu", i), MLS_EINPUT);
  }
  ck_assert_uint_eq(d.n, MLS_MAX_DIAGS_PER_JOB);
  ck_assert_uint_le(d.cap, MLS_MAX_DIAGS_PER_JOB);
  ck_assert_uint_eq(d.dropped, extra);
  ck_assert_uint_eq(d.nerrors, MLS_MAX_DIAGS_PER_JOB + extra);
  ck_assert_str_eq(d.v[0].message, "e0");
  ck_assert_str_eq(d.v[MLS_MAX_DIAGS_PER_JOB - 1].message, "e99");

  /* Warnings past the cap are dropped but are not errors. */
  ck_assert_int_eq(
      mls_diag_note(&d, MLS_OK, MLS_SEV_WARNING, NULL, "late warning"), MLS_OK);
  ck_assert_uint_eq(d.dropped, extra + 1);
  ck_assert_uint_eq(d.nerrors, MLS_MAX_DIAGS_PER_JOB + extra);
  mls_diag_dispose(&d);
}
END_TEST

/* Past the cap a file is still named once per severity: the first entry
 * of each path and severity is kept, a second of the same path and
 * severity is counted, and an entry with no path is counted. */
START_TEST(base_diag__past_the_cap_first_of_each_path_is_kept)
{
  mls_diag d = MLS_DIAG_INIT, m = MLS_DIAG_INIT;
  char path[32];

  d.path = "full.tf";
  for (size_t i = 0; i < MLS_MAX_DIAGS_PER_JOB; i++) {
    mls_diag_add(&d, MLS_EINPUT, NULL, "e%zu", i);
  }
  for (int i = 0; i < 30; i++) {
    snprintf(path, sizeof(path), "broken-%02d.tf", i);
    d.path = path;
    mls_diag_add(&d, MLS_EINPUT, NULL, "first error");
    mls_diag_add(&d, MLS_EINPUT, NULL, "second error");
    mls_diag_note(&d, MLS_OK, MLS_SEV_WARNING, NULL, "a warning");
  }
  d.path = NULL;
  mls_diag_add(&d, MLS_EINPUT, NULL, "no path");
  ck_assert_uint_eq(d.n, MLS_MAX_DIAGS_PER_JOB + 60);
  ck_assert_uint_eq(d.dropped, 30 + 1);
  ck_assert_uint_eq(d.nerrors, MLS_MAX_DIAGS_PER_JOB + 60 + 1);
  ck_assert_str_eq(d.v[MLS_MAX_DIAGS_PER_JOB].path, "broken-00.tf");
  ck_assert_str_eq(d.v[MLS_MAX_DIAGS_PER_JOB].message, "first error");
  ck_assert_str_eq(d.v[MLS_MAX_DIAGS_PER_JOB + 1].message, "a warning");
  ck_assert_str_eq(d.v[d.n - 1].path, "broken-29.tf");

  /* Moving applies the same rule to the destination. */
  m.path = "full.tf";
  for (size_t i = 0; i < MLS_MAX_DIAGS_PER_JOB; i++) {
    mls_diag_add(&m, MLS_EINPUT, NULL, "m%zu", i);
  }
  m.path = NULL;
  mls_diag_move(&m, &d);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_uint_eq(m.n, MLS_MAX_DIAGS_PER_JOB + 60);
  /* d's first hundred name full.tf, which m has named already. */
  ck_assert_uint_eq(m.dropped, 31 + MLS_MAX_DIAGS_PER_JOB);
  mls_diag_dispose(&m);

  /* MLS_MAX_DIAGS_KEPT bounds it all. */
  for (size_t i = 0; i < MLS_MAX_DIAGS_KEPT + 10; i++) {
    snprintf(path, sizeof(path), "f%zu.tf", i);
    d.path = path;
    mls_diag_add(&d, MLS_EINPUT, NULL, "e");
  }
  ck_assert_uint_eq(d.n, MLS_MAX_DIAGS_KEPT);
  ck_assert_uint_eq(d.dropped, 10);
  d.path = NULL;
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(base_diag__long_message_is_truncated)
{
  mls_diag d = MLS_DIAG_INIT;
  char big[3 * MLS_MAX_DIAG_MESSAGE];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  ck_assert_int_eq(mls_diag_add(&d, MLS_EINPUT, NULL, "%s", big), MLS_EINPUT);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_uint_eq(strlen(d.v[0].message), MLS_MAX_DIAG_MESSAGE - 1);
  mls_diag_dispose(&d);
}
END_TEST

/* mls_diag_note_text() keeps the message as "%s" would: the same entry,
 * the same truncation, nothing formatted ("%d" stays), and past the cap
 * counted as dropped. */
START_TEST(base_diag__note_text_is_note_with_percent_s)
{
  mls_diag a = MLS_DIAG_INIT, b = MLS_DIAG_INIT;
  char big[3 * MLS_MAX_DIAG_MESSAGE];
  mls_range r;

  memset(&r, 0, sizeof(r));
  r.start.line = 3;
  a.path = b.path = "p/main.tf";
  ck_assert_int_eq(
      mls_diag_note_text(&a, MLS_EINPUT, MLS_SEV_WARNING, &r, "100%d sure"),
      MLS_EINPUT);
  mls_diag_note(&b, MLS_EINPUT, MLS_SEV_WARNING, &r, "%s", "100%d sure");
  ck_assert_str_eq(a.v[0].message, "100%d sure");
  ck_assert_str_eq(a.v[0].message, b.v[0].message);
  ck_assert_str_eq(a.v[0].path, b.v[0].path);
  ck_assert_uint_eq(a.v[0].range.start.line, 3);
  ck_assert(a.v[0].has_range && a.v[0].sev == MLS_SEV_WARNING);
  memset(big, 'y', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  mls_diag_note_text(&a, MLS_OK, MLS_SEV_NOTE, NULL, big);
  ck_assert_uint_eq(strlen(a.v[1].message), MLS_MAX_DIAG_MESSAGE - 1);
  while (a.n < MLS_MAX_DIAGS_PER_JOB) {
    mls_diag_note_text(&a, MLS_OK, MLS_SEV_NOTE, NULL, "n");
  }
  /* A note of a path already named past the cap: counted only. */
  mls_diag_note_text(&a, MLS_OK, MLS_SEV_NOTE, NULL, "late");
  ck_assert_uint_eq(a.dropped, 1);
  ck_assert_uint_eq(a.nerrors, 0);
  mls_diag_dispose(&a);
  mls_diag_dispose(&b);
}
END_TEST

START_TEST(base_diag__move_appends_and_empties_source)
{
  mls_diag dst = MLS_DIAG_INIT, src = MLS_DIAG_INIT;
  char p1[] = "a.tf", p2[] = "b.tf";

  dst.path = p1;
  src.path = p2;
  mls_diag_add(&dst, MLS_EINPUT, NULL, "d0");
  mls_diag_add(&src, MLS_EINPUT, NULL, "s0");
  mls_diag_note(&src, MLS_OK, MLS_SEV_NOTE, NULL, "s1");
  src.dropped = 2; /* as if the source had overflowed */

  ck_assert_int_eq(mls_diag_move(&dst, &src), MLS_OK);
  ck_assert_uint_eq(dst.n, 3);
  ck_assert_str_eq(dst.v[1].message, "s0");
  ck_assert_str_eq(dst.v[1].path, "b.tf"); /* entries keep their path */
  ck_assert_str_eq(dst.v[2].message, "s1");
  ck_assert_uint_eq(dst.nerrors, 2);
  ck_assert_uint_eq(dst.dropped, 2);
  ck_assert_uint_eq(src.n, 0);
  ck_assert_ptr_null(src.v);
  ck_assert_uint_eq(src.nerrors, 0);
  ck_assert_uint_eq(src.dropped, 0);
  ck_assert_ptr_eq(src.path, p2);

  mls_diag_dispose(&src);
  mls_diag_dispose(&dst);
}
END_TEST

START_TEST(base_diag__move_past_cap_drops)
{
  mls_diag dst = MLS_DIAG_INIT, src = MLS_DIAG_INIT;

  for (int i = 0; i < MLS_MAX_DIAGS_PER_JOB - 1; i++) {
    mls_diag_add(&dst, MLS_EINPUT, NULL, "d%d", i);
  }
  for (int i = 0; i < 5; i++) {
    mls_diag_add(&src, MLS_EINPUT, NULL, "s%d", i);
  }
  ck_assert_int_eq(mls_diag_move(&dst, &src), MLS_OK);
  ck_assert_uint_eq(dst.n, MLS_MAX_DIAGS_PER_JOB);
  ck_assert_str_eq(dst.v[MLS_MAX_DIAGS_PER_JOB - 1].message, "s0");
  ck_assert_uint_eq(dst.dropped, 4);
  ck_assert_uint_eq(dst.nerrors, MLS_MAX_DIAGS_PER_JOB - 1 + 5);
  ck_assert_uint_eq(src.n, 0);
  mls_diag_dispose(&src);
  mls_diag_dispose(&dst);
}
END_TEST

START_TEST(base_diag__clear_keeps_path_dispose_drops_it)
{
  mls_diag d = MLS_DIAG_INIT;
  char path[] = "x.tf";
  d.path = path;
  mls_diag_add(&d, MLS_EINPUT, NULL, "one");
  mls_diag_clear(&d);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_uint_eq(d.nerrors, 0);
  ck_assert_ptr_null(d.v);
  ck_assert_ptr_eq(d.path, path);
  mls_diag_add(&d, MLS_EINPUT, NULL, "two");
  ck_assert_str_eq(d.v[0].path, "x.tf");
  mls_diag_dispose(&d);
  ck_assert_ptr_null(d.path);
  ck_assert_uint_eq(d.n, 0);
  mls_diag_dispose(&d); /* twice is fine */
}
END_TEST

/* What a parser does to its job's diag: many entries with a path, then a
 * move into the repository's diag. Returns 0 when no entry was lost, 1
 * when some were lost to out-of-memory and every count still adds up, -1
 * when the contract broke. No ck_assert: the suite counts allocations by
 * running it outside a test. */
static int diag_scenario(void)
{
  mls_diag file = MLS_DIAG_INIT, repo = MLS_DIAG_INIT;
  const size_t adds = 20;
  char path[] = "main.tf";
  int rc = 0;

  file.path = path;
  for (size_t i = 0; i < adds; i++) {
    if (mls_diag_add(&file, MLS_EINPUT, NULL, "error %zu", i) != MLS_EINPUT) {
      rc = -1;
    }
  }
  if (file.n + file.dropped != adds || file.nerrors != adds) {
    rc = -1;
  }
  for (size_t i = 0; i < file.n; i++) {
    if (!file.v[i].message || !file.v[i].path ||
        strcmp(file.v[i].path, "main.tf") != 0) {
      rc = -1;
    }
  }
  mls_diag_add(&repo, MLS_EIO, NULL, "repo-level");
  mls_diag_move(&repo, &file);
  if (repo.n + repo.dropped != adds + 1 || repo.nerrors != adds + 1 ||
      file.n != 0 || file.v != NULL) {
    rc = -1;
  }
  if (rc == 0 && repo.dropped > 0) {
    rc = 1;
  }
  mls_diag_dispose(&file);
  mls_diag_dispose(&repo);
  return rc;
}

static int diag_scenario_allocs;

START_TEST(base_diag__enomem_at_every_allocation)
{
  mls_alloc_fail_after(_i);
  int rc = diag_scenario();
  mls_alloc_fail_after(-1);
  ck_assert_int_eq(rc, _i < diag_scenario_allocs ? 1 : 0);
}
END_TEST

Suite *base_diag_suite(void)
{
  Suite *s = suite_create("base_diag_suite");
  TCase *tc = tcase_create("diag");
  TCase *oom = tcase_create("enomem");

  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_add_test(tc, base_diag__add_records_entry_and_returns_rc);
  tcase_add_test(tc, base_diag__note_text_is_note_with_percent_s);
  tcase_add_test(tc, base_diag__range_and_path_are_optional);
  tcase_add_test(tc, base_diag__notes_and_warnings_are_not_errors);
  tcase_add_test(tc, base_diag__addv_takes_a_va_list);
  tcase_add_test(tc, base_diag__cap_keeps_first_entries_and_counts_the_rest);
  tcase_add_test(tc, base_diag__past_the_cap_first_of_each_path_is_kept);
  tcase_add_test(tc, base_diag__long_message_is_truncated);
  tcase_add_test(tc, base_diag__move_appends_and_empties_source);
  tcase_add_test(tc, base_diag__move_past_cap_drops);
  tcase_add_test(tc, base_diag__clear_keeps_path_dispose_drops_it);
  suite_add_tcase(s, tc);

  mls_alloc_fail_after(-1);
  (void)diag_scenario();
  diag_scenario_allocs = (int)mls_alloc_count();
  tcase_add_checked_fixture(oom, NULL, mls_test_alloc_reset);
  tcase_add_loop_test(oom, base_diag__enomem_at_every_allocation, 0,
                      diag_scenario_allocs + 1);
  suite_add_tcase(s, oom);
  return s;
}
