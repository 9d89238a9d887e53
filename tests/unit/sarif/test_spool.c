/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/sarif/test_spool.c -- sarif/repo.c's spool: pieces added in
 * any order come back in key order (then the order added), whether they
 * were kept in memory, written to the temporary file past the memory
 * budget, or some of each.
 */
#include "tests/unit/test_util.h"

#include "core/base/rc.h"
#include "sarif/sarif_int.h"

#include <stdio.h>
#include <string.h>

/* Copy every piece, sorted, into one string. */
static void drain(sarif__spool *sp, char *out, size_t cap)
{
  FILE *f = tmpfile();
  size_t n;

  ck_assert_ptr_nonnull(f);
  sarif__spool_sort(sp);
  for (size_t i = 0; i < sp->n; i++) {
    ck_assert_int_eq(sarif__spool_copy(sp, i, f), MLS_OK);
  }
  rewind(f);
  n = fread(out, 1, cap - 1, f);
  out[n] = '\0';
  fclose(f);
}

static void add_all(sarif__spool *sp)
{
  /* Keys out of order, a repeated key (kept in the order added), an
   * empty piece and one longer than a stdio buffer. */
  static char big[70000];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  ck_assert_int_eq(sarif__spool_add(sp, "c", "C1|", 3, 3), MLS_OK);
  ck_assert_int_eq(sarif__spool_add(sp, "a", "A1|", 3, 1), MLS_OK);
  ck_assert_int_eq(sarif__spool_add(sp, "b", "", 0, 0), MLS_OK);
  ck_assert_int_eq(sarif__spool_add(sp, "c", "C2|", 3, 4), MLS_OK);
  ck_assert_int_eq(sarif__spool_add(sp, "d", big, strlen(big), 5), MLS_OK);
  ck_assert_int_eq(sarif__spool_add(sp, "a", "A2|", 3, 2), MLS_OK);
}

static void check_order(size_t mem_cap, bool want_file, bool want_mem)
{
  static char out[80000];
  sarif__spool sp;
  bool in_file = false, in_mem = false;

  sarif__spool_init(&sp);
  sp.mem_cap = mem_cap;
  add_all(&sp);
  for (size_t i = 0; i < sp.n; i++) {
    in_mem = in_mem || (sp.v[i].mem && sp.v[i].len > 0);
    in_file = in_file || (!sp.v[i].mem);
  }
  ck_assert_int_eq(in_file, want_file);
  ck_assert_int_eq(in_mem, want_mem);
  ck_assert_int_eq(sp.f != NULL, want_file);
  ck_assert_uint_le(sp.mem, mem_cap);
  drain(&sp, out, sizeof(out));
  ck_assert_int_eq(strncmp(out, "A1|A2|C1|C2|", 12), 0);
  ck_assert_uint_eq(strlen(out), 12 + 69999);
  ck_assert_int_eq(out[12], 'x');
  /* The aux numbers travel with their pieces. */
  ck_assert_uint_eq(sp.v[0].aux, 1);
  ck_assert_uint_eq(sp.v[1].aux, 2);
  ck_assert_uint_eq(sp.v[5].aux, 5);
  /* Copying again gives the same bytes (the file is read again). */
  drain(&sp, out, sizeof(out));
  ck_assert_int_eq(strncmp(out, "A1|A2|C1|C2|x", 13), 0);
  sarif__spool_dispose(&sp);
}

START_TEST(sarif_spool__in_memory_under_the_budget)
{
  check_order(SARIF_SPOOL_MEM_BYTES, false, true);
}
END_TEST

START_TEST(sarif_spool__all_to_the_file_without_a_budget)
{
  check_order(0, true, false);
}
END_TEST

START_TEST(sarif_spool__past_the_budget_to_the_file)
{
  /* The four short pieces fit in 12 bytes; the long one and the last do
   * not, whatever came before. */
  check_order(12, true, true);
}
END_TEST

Suite *sarif_spool_suite(void)
{
  Suite *s = suite_create("sarif_spool");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, sarif_spool__in_memory_under_the_budget);
  tcase_add_test(tc, sarif_spool__all_to_the_file_without_a_budget);
  tcase_add_test(tc, sarif_spool__past_the_budget_to_the_file);
  suite_add_tcase(s, tc);
  return s;
}
