/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/test_listing.c -- core/engine/listing.c: a walk's
 * listing survives the cache encoding (front-coded paths, repeated note
 * paths); what is not sorted or not whole is refused on both sides; every
 * truncation of a value is refused and no flipped byte crashes the
 * decoder; the ranges below a directory take "a/" and not "a.b" or "ab".
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/engine/listing.h"

#include <stdio.h>
#include <string.h>

static const listing_file files[] = {
  { "a.tf", WALK_TF, { { 1 } } },
  { "a/b.tf", WALK_TF, { { 2 } } },
  { "a/c/d.yaml", WALK_YAML, { { 3 } } },
  { "a/c/e.json", WALK_JSON, { { 4 } } },
  { "ab/x.template", WALK_TEMPLATE, { { 5 } } },
};
static const listing_dir dirs[] = {
  { "a", { { 10 } } },
  { "a/c", { { 11 } } },
  { "ab", { { 12 } } },
};
static const listing_note notes[] = {
  { "a/c/link.tf", "symbolic link not followed", MLS_OK, MLS_SEV_NOTE },
  { "a/c/link.tf", "another note", MLS_EINPUT, MLS_SEV_WARNING },
  { "ab/sub", "submodule (gitlink) not followed", MLS_OK, MLS_SEV_NOTE },
};

static listing sample(void)
{
  listing l = { files, 5, dirs, 3, notes, 3 };
  return l;
}

START_TEST(engine_listing__round_trip)
{
  listing in = sample(), out;
  mls_buf b = MLS_BUF_INIT(1 << 20);
  mls_arena *a = mls_arena_new(1 << 20);

  ck_assert_int_eq(listing_encode(&b, &in), MLS_OK);
  ck_assert_int_eq(listing_decode(&out, b.ptr, b.len, a), MLS_OK);
  ck_assert_uint_eq(out.nfiles, 5);
  ck_assert_uint_eq(out.ndirs, 3);
  ck_assert_uint_eq(out.nnotes, 3);
  for (size_t i = 0; i < 5; i++) {
    ck_assert_str_eq(out.files[i].path, files[i].path);
    ck_assert_int_eq(out.files[i].kind, files[i].kind);
    ck_assert(repo_oid_equal(&out.files[i].id, &files[i].id));
  }
  for (size_t i = 0; i < 3; i++) {
    ck_assert_str_eq(out.dirs[i].path, dirs[i].path);
    ck_assert(repo_oid_equal(&out.dirs[i].id, &dirs[i].id));
    ck_assert_str_eq(out.notes[i].path, notes[i].path);
    ck_assert_str_eq(out.notes[i].message, notes[i].message);
    ck_assert_int_eq(out.notes[i].rc, notes[i].rc);
    ck_assert_int_eq(out.notes[i].sev, notes[i].sev);
  }
  mls_arena_free(a);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(engine_listing__below_and_at)
{
  listing l = sample();
  size_t lo, hi;

  listing_files_below(&l, "a", NULL, &lo, &hi);
  ck_assert_uint_eq(lo, 1); /* not a.tf */
  ck_assert_uint_eq(hi, 4); /* not ab/x.template */
  listing_files_below(&l, "a/c", NULL, &lo, &hi);
  ck_assert_uint_eq(hi - lo, 2);
  listing_files_below(&l, "b", NULL, &lo, &hi);
  ck_assert_uint_eq(hi - lo, 0);
  listing_dirs_below(&l, "a", NULL, &lo, &hi);
  ck_assert_uint_eq(hi - lo, 1);
  ck_assert_str_eq(l.dirs[lo].path, "a/c");
  listing_notes_below(&l, "a", NULL, &lo, &hi);
  ck_assert_uint_eq(hi - lo, 2);
  listing_notes_below(&l, "ab", NULL, &lo, &hi);
  ck_assert_uint_eq(hi - lo, 1);
  ck_assert_ptr_nonnull(listing_dir_at(&l, "a/c", NULL));
  ck_assert_ptr_null(listing_dir_at(&l, "a/", NULL));
  ck_assert_ptr_null(listing_dir_at(&l, "b", NULL));
}
END_TEST

/* A cursor changes how far a lookup searches, never its answer: a tree
 * of generated directories (names that sort around '/': "d1", "d1-x",
 * "d1.x", "d1/..."), looked up in ascending order, in descending order
 * and in a scrambled order, with one cursor throughout, gives what a
 * lookup without a cursor gives. */
#define CUR_DIRS 40
START_TEST(engine_listing__cursor_gives_the_same_answers)
{
  static const char *const sfx[] = { "", "-x", ".x", "/a", "/a/b", "/b" };
  char dpath[CUR_DIRS * 6][24], fpath[CUR_DIRS * 6][32];
  const char *dsorted[CUR_DIRS * 6], *fsorted[CUR_DIRS * 6];
  const char *q[CUR_DIRS * 6 + 8];
  listing_dir d[CUR_DIRS * 6];
  listing_file f[CUR_DIRS * 6];
  listing_note n[CUR_DIRS * 6];
  size_t nd = 0, nq = 0;

  for (int i = 0; i < CUR_DIRS; i++) {
    for (size_t k = 0; k < sizeof(sfx) / sizeof(sfx[0]); k++) {
      snprintf(dpath[nd], sizeof(dpath[nd]), "d%02d%s", i, sfx[k]);
      snprintf(fpath[nd], sizeof(fpath[nd]), "d%02d%s/main.tf", i, sfx[k]);
      dsorted[nd] = dpath[nd];
      nd++;
    }
  }
  /* Byte order, as a listing holds them ("d01-x/main.tf" sorts before
   * "d01/main.tf" although "d01" sorts before "d01-x"). */
  for (size_t i = 0; i < nd; i++) {
    fsorted[i] = fpath[i];
  }
  for (size_t i = 1; i < nd; i++) {
    for (size_t j = i; j > 0 && strcmp(dsorted[j - 1], dsorted[j]) > 0; j--) {
      const char *t = dsorted[j];
      dsorted[j] = dsorted[j - 1];
      dsorted[j - 1] = t;
    }
    for (size_t j = i; j > 0 && strcmp(fsorted[j - 1], fsorted[j]) > 0; j--) {
      const char *t = fsorted[j];
      fsorted[j] = fsorted[j - 1];
      fsorted[j - 1] = t;
    }
  }
  for (size_t i = 0; i < nd; i++) {
    memset(&d[i], 0, sizeof(d[i]));
    memset(&f[i], 0, sizeof(f[i]));
    memset(&n[i], 0, sizeof(n[i]));
    d[i].path = dsorted[i];
    d[i].id.id[0] = (unsigned char)i;
    f[i].path = fsorted[i];
    f[i].kind = WALK_TF;
    n[i].path = fsorted[i];
    n[i].message = "note";
    n[i].sev = MLS_SEV_NOTE;
  }
  for (size_t i = 0; i < nd; i++) {
    q[nq++] = dsorted[i];
  }
  q[nq++] = "a"; /* before everything */
  q[nq++] = "z"; /* after everything */
  q[nq++] = "d"; /* a prefix of everything */
  q[nq++] = "d05/a/c";

  listing l = { f, nd, d, nd, n, nd };
  for (int order = 0; order < 3; order++) {
    listing_cursor cur;
    memset(&cur, 0, sizeof(cur));
    for (size_t step = 0; step < nq; step++) {
      size_t i = order == 0   ? step
                 : order == 1 ? nq - 1 - step
                              : (step * 37) % nq; /* 37 is prime to nq */
      size_t lo, hi, lo2, hi2;
      ck_assert_ptr_eq(listing_dir_at(&l, q[i], &cur),
                       listing_dir_at(&l, q[i], NULL));
      listing_files_below(&l, q[i], &cur, &lo, &hi);
      listing_files_below(&l, q[i], NULL, &lo2, &hi2);
      ck_assert_uint_eq(lo, lo2);
      ck_assert_uint_eq(hi, hi2);
      listing_dirs_below(&l, q[i], &cur, &lo, &hi);
      listing_dirs_below(&l, q[i], NULL, &lo2, &hi2);
      ck_assert_uint_eq(lo, lo2);
      ck_assert_uint_eq(hi, hi2);
      listing_notes_below(&l, q[i], &cur, &lo, &hi);
      listing_notes_below(&l, q[i], NULL, &lo2, &hi2);
      ck_assert_uint_eq(lo, lo2);
      ck_assert_uint_eq(hi, hi2);
    }
  }
  /* And the answers are the right ones, not merely equal. */
  {
    size_t lo, hi;
    listing_cursor cur;
    memset(&cur, 0, sizeof(cur));
    listing_dirs_below(&l, "d07", &cur, &lo, &hi);
    ck_assert_uint_eq(hi - lo, 3); /* d07/a, d07/a/b, d07/b */
    ck_assert_str_eq(d[lo].path, "d07/a");
    listing_files_below(&l, "d07/a", &cur, &lo, &hi);
    ck_assert_uint_eq(hi - lo, 2); /* d07/a/b/main.tf, d07/a/main.tf */
    ck_assert_ptr_nonnull(listing_dir_at(&l, "d07/a", &cur));
    ck_assert_ptr_null(listing_dir_at(&l, "d07/c", &cur));
    ck_assert_ptr_nonnull(listing_dir_at(&l, "d08.x", &cur));
    ck_assert_ptr_nonnull(listing_dir_at(&l, "d01", &cur)); /* backwards */
  }
}
END_TEST

START_TEST(engine_listing__encode_refuses_what_is_not_sorted)
{
  listing_file swapped[2] = { files[1], files[0] };
  listing_file empty[1] = { { "", WALK_TF, { { 0 } } } };
  listing_dir twice[2] = { dirs[0], dirs[0] };
  listing_note nopath[1] = { { NULL, "x", MLS_OK, MLS_SEV_NOTE } };
  listing l;
  mls_buf b = MLS_BUF_INIT(1 << 20);

  l = sample();
  l.files = swapped;
  l.nfiles = 2;
  ck_assert_int_eq(listing_encode(&b, &l), MLS_EINPUT);
  l = sample();
  l.files = empty;
  l.nfiles = 1;
  ck_assert_int_eq(listing_encode(&b, &l), MLS_EINPUT);
  l = sample();
  l.dirs = twice;
  l.ndirs = 2;
  ck_assert_int_eq(listing_encode(&b, &l), MLS_EINPUT);
  l = sample();
  l.notes = nopath;
  l.nnotes = 1;
  ck_assert_int_eq(listing_encode(&b, &l), MLS_EINPUT);
  mls_buf_dispose(&b);
}
END_TEST

START_TEST(engine_listing__truncated_and_flipped)
{
  listing in = sample(), out;
  mls_buf b = MLS_BUF_INIT(1 << 20);
  unsigned char *copy;

  ck_assert_int_eq(listing_encode(&b, &in), MLS_OK);
  for (size_t n = 0; n < b.len; n++) {
    mls_arena *a = mls_arena_new(1 << 20);
    ck_assert_int_eq(listing_decode(&out, b.ptr, n, a), MLS_EINPUT);
    mls_arena_free(a);
  }
  copy = mls_malloc(b.len);
  ck_assert_ptr_nonnull(copy);
  for (size_t i = 0; i < b.len; i++) {
    for (unsigned bit = 0; bit < 8; bit++) {
      mls_arena *a = mls_arena_new(1 << 20);
      memcpy(copy, b.ptr, b.len);
      copy[i] ^= (unsigned char)(1u << bit);
      if (listing_decode(&out, copy, b.len, a) == MLS_OK) {
        /* A flip inside a path or an id may still decode: then what
         * decoded is still sorted and whole. */
        for (size_t k = 1; k < out.nfiles; k++) {
          ck_assert_int_lt(strcmp(out.files[k - 1].path, out.files[k].path), 0);
        }
        for (size_t k = 1; k < out.ndirs; k++) {
          ck_assert_int_lt(strcmp(out.dirs[k - 1].path, out.dirs[k].path), 0);
        }
        for (size_t k = 0; k < out.nnotes; k++) {
          ck_assert_ptr_nonnull(out.notes[k].message);
        }
      }
      mls_arena_free(a);
    }
  }
  mls_free(copy);
  mls_buf_dispose(&b);
}
END_TEST

Suite *engine_listing_suite(void)
{
  Suite *s = suite_create("engine_listing");
  TCase *tc = tcase_create("listing");
  tcase_add_test(tc, engine_listing__round_trip);
  tcase_add_test(tc, engine_listing__below_and_at);
  tcase_add_test(tc, engine_listing__cursor_gives_the_same_answers);
  tcase_add_test(tc, engine_listing__encode_refuses_what_is_not_sorted);
  tcase_add_test(tc, engine_listing__truncated_and_flipped);
  suite_add_tcase(s, tc);
  return s;
}
