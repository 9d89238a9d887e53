/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/sarif/test_spool.c -- sarif/repo.c's spool: pieces added in
 * any order come back in key order (then the order added), whether they
 * were kept in memory, written to the temporary file past the memory
 * budget, or some of each; and a piece written in parts goes to the
 * file as it grows, between whole pieces, without being held whole.
 */
#include "tests/unit/test_util.h"

#include "core/base/buf.h"
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

/* A piece of three parts past SARIF_SPOOL_PART_BYTES between pieces
 * added whole: b never holds more than a part and a step, each part
 * goes to the file, and the piece reads back whole in its key's place. */
START_TEST(sarif_spool__a_piece_in_parts)
{
  static char out[3 * (1 << 20) + 4096];
  enum { step = 1000 };
  char chunk[step];
  sarif__spool sp;
  mls_buf b = MLS_BUF_INIT(SARIF_SPOOL_PART_BYTES + step);
  size_t total = 0, parts = 0, len;

  sarif__spool_init(&sp);
  ck_assert_int_eq(sarif__spool_add(&sp, "c", "C|", 2, 0), MLS_OK);
  while (total < 3 * SARIF_SPOOL_PART_BYTES) {
    size_t before = b.len;
    ck_assert_int_eq(sarif__spool_part(&sp, "b", &b, false, 7), MLS_OK);
    if (before && b.len == 0) {
      parts++;
      ck_assert_uint_ge(before, SARIF_SPOOL_PART_BYTES);
      ck_assert(sp.open);
    }
    for (size_t i = 0; i < step; i++) {
      chunk[i] = (char)('0' + (total + i) % 10);
    }
    ck_assert_int_eq(mls_buf_put(&b, chunk, step), MLS_OK);
    total += step;
  }
  ck_assert_uint_eq(parts, 2);
  /* Another piece cannot start while one is open. */
  ck_assert_int_ne(sarif__spool_add(&sp, "d", "D|", 2, 0), MLS_OK);
  ck_assert_int_eq(sarif__spool_part(&sp, "b", &b, true, 7), MLS_OK);
  ck_assert(!sp.open);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_int_eq(sarif__spool_add(&sp, "a", "A|", 2, 0), MLS_OK);
  /* A piece ended before a part went is kept as a whole one. */
  ck_assert_int_eq(mls_buf_puts(&b, "B2|"), MLS_OK);
  ck_assert_int_eq(sarif__spool_part(&sp, "b", &b, false, 0), MLS_OK);
  ck_assert_uint_eq(b.len, 3);
  ck_assert_int_eq(sarif__spool_part(&sp, "b", &b, true, 0), MLS_OK);
  ck_assert_uint_eq(sp.n, 4);
  ck_assert_ptr_nonnull(sp.v[3].mem);
  ck_assert_ptr_null(sp.v[1].mem);
  ck_assert_uint_eq(sp.v[1].len, total);
  ck_assert_uint_eq(sp.v[1].aux, 7);
  drain(&sp, out, sizeof(out));
  len = strlen(out);
  ck_assert_uint_eq(len, 2 + total + 3 + 2);
  ck_assert_int_eq(strncmp(out, "A|0123456789", 12), 0);
  for (size_t i = 0; i < total; i++) {
    if (out[2 + i] != '0' + (int)(i % 10)) {
      ck_abort_msg("byte %zu of the piece differs", i);
    }
  }
  ck_assert_str_eq(out + 2 + total, "B2|C|");
  mls_buf_dispose(&b);
  sarif__spool_dispose(&sp);
}
END_TEST

/* A build that fails with a piece open leaves no piece behind. */
START_TEST(sarif_spool__an_open_piece_dropped)
{
  static char out[64];
  sarif__spool sp;
  mls_buf b = MLS_BUF_INIT(SARIF_SPOOL_PART_BYTES);

  sarif__spool_init(&sp);
  ck_assert_int_eq(sarif__spool_add(&sp, "a", "A|", 2, 0), MLS_OK);
  ck_assert_int_eq(mls_buf_reserve(&b, SARIF_SPOOL_PART_BYTES), MLS_OK);
  memset(b.ptr, 'y', SARIF_SPOOL_PART_BYTES);
  b.len = SARIF_SPOOL_PART_BYTES;
  ck_assert_int_eq(sarif__spool_part(&sp, "b", &b, false, 0), MLS_OK);
  ck_assert(sp.open);
  ck_assert_uint_eq(sp.n, 2);
  sarif__spool_drop_open(&sp);
  ck_assert(!sp.open);
  ck_assert_uint_eq(sp.n, 1);
  /* The spool goes on: a later piece lands after the dropped bytes. */
  ck_assert_int_eq(sarif__spool_add(&sp, "c", "C|", 2, 0), MLS_OK);
  sp.mem_cap = 0;
  ck_assert_int_eq(sarif__spool_add(&sp, "d", "D|", 2, 0), MLS_OK);
  drain(&sp, out, sizeof(out));
  ck_assert_str_eq(out, "A|C|D|");
  mls_buf_dispose(&b);
  sarif__spool_dispose(&sp);
}
END_TEST

Suite *sarif_spool_suite(void)
{
  Suite *s = suite_create("sarif_spool");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, sarif_spool__in_memory_under_the_budget);
  tcase_add_test(tc, sarif_spool__all_to_the_file_without_a_budget);
  tcase_add_test(tc, sarif_spool__past_the_budget_to_the_file);
  tcase_add_test(tc, sarif_spool__a_piece_in_parts);
  tcase_add_test(tc, sarif_spool__an_open_piece_dropped);
  suite_add_tcase(s, tc);
  return s;
}
