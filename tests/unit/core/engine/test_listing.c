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

  listing_files_below(&l, "a", &lo, &hi);
  ck_assert_uint_eq(lo, 1); /* not a.tf */
  ck_assert_uint_eq(hi, 4); /* not ab/x.template */
  listing_files_below(&l, "a/c", &lo, &hi);
  ck_assert_uint_eq(hi - lo, 2);
  listing_files_below(&l, "b", &lo, &hi);
  ck_assert_uint_eq(hi - lo, 0);
  listing_dirs_below(&l, "a", &lo, &hi);
  ck_assert_uint_eq(hi - lo, 1);
  ck_assert_str_eq(l.dirs[lo].path, "a/c");
  listing_notes_below(&l, "a", &lo, &hi);
  ck_assert_uint_eq(hi - lo, 2);
  listing_notes_below(&l, "ab", &lo, &hi);
  ck_assert_uint_eq(hi - lo, 1);
  ck_assert_ptr_nonnull(listing_dir_at(&l, "a/c"));
  ck_assert_ptr_null(listing_dir_at(&l, "a/"));
  ck_assert_ptr_null(listing_dir_at(&l, "b"));
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
  tcase_add_test(tc, engine_listing__encode_refuses_what_is_not_sorted);
  tcase_add_test(tc, engine_listing__truncated_and_flipped);
  suite_add_tcase(s, tc);
  return s;
}
