/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/test_report.c -- core/engine/report.c and
 * report_codec.c: a report with listed and tallied results survives the
 * cache encoding; units' tallies merge into one sorted entry per (rule,
 * status, severity) with the counts added up, in linear and in sorted
 * mode alike; every truncation of an encoded report is refused, and no
 * flipped byte crashes the decoder; a report stored in parts reads back
 * as the whole encoding does, and a head whose parts are missing, cut or
 * of another store is refused.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/engine/report.h"
#include "core/rules/rules.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rule_set *test_rules(void)
{
  rule_set *rs = NULL;
  mls_diag d = MLS_DIAG_INIT;
  ck_assert_int_eq(rule_set_new(&rs), MLS_OK);
  ck_assert_int_eq(
      rule_set_add_path(rs, MLS_TEST_SOURCE_DIR "/tests/engine/rules", &d),
      MLS_OK);
  ck_assert_int_eq(rule_set_compile(rs, NULL, &d), MLS_OK);
  ck_assert_int_ge((int)rule_set_count(rs), 2);
  mls_diag_dispose(&d);
  return rs;
}

/* A report of one failing listed result and three tally entries. */
static void sample(mls_repo_report *r, mls_result *x, mls_tally *t,
                   const rule_set *rs)
{
  const rule_meta *m0 = rule_set_get(rs, 0), *m1 = rule_set_get(rs, 1);
  memset(r, 0, sizeof(*r));
  memset(x, 0, sizeof(*x));
  x->rule_id = m0->id;
  x->rule_index = 0;
  x->severity = MLS_RSEV_HIGH;
  x->status = MLS_ST_FAIL;
  x->path = "main.tf";
  x->line = 3;
  x->col = 1;
  x->resource_type = "aws_s3_bucket";
  x->address = "aws_s3_bucket.b";
  x->module = "";
  x->attr = "versioning";
  x->message = "no versioning";
  memcpy(x->fingerprint, "0123456789abcdef0123456789abcdef", 33);
  t[0] = (mls_tally){ 0, m0->id, MLS_RSEV_HIGH, MLS_ST_PASS, 7 };
  t[1] = (mls_tally){ 1, m1->id, MLS_RSEV_LOW, MLS_ST_PASS, 2 };
  t[2] = (mls_tally){ 1, m1->id, MLS_RSEV_LOW, MLS_ST_UNKNOWN, 1 };
  r->results = x;
  r->nresults = 1;
  r->tally = t;
  r->ntally = 3;
  r->counts.resources = 5;
}

START_TEST(test_codec_roundtrip)
{
  rule_set *rs = test_rules();
  mls_repo_report in, *out = NULL;
  mls_result x;
  mls_tally t[3];
  mls_buf b = MLS_BUF_INIT(1 << 20);

  sample(&in, &x, t, rs);
  ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
  ck_assert_int_eq(mls_report_decode(&out, b.ptr, b.len, rs, "2026-01-01",
                                     "repo", "repo", NULL),
                   MLS_OK);
  ck_assert_uint_eq(out->nresults, 1);
  ck_assert_str_eq(out->results[0].address, "aws_s3_bucket.b");
  ck_assert_ptr_null(out->results[0].res_path);
  ck_assert_uint_eq(out->results[0].res_line, 0);
  ck_assert_uint_eq(out->ntally, 3);
  for (size_t i = 0; i < 3; i++) {
    ck_assert_uint_eq(out->tally[i].rule_index, t[i].rule_index);
    ck_assert_str_eq(out->tally[i].rule_id, t[i].rule_id);
    ck_assert_int_eq(out->tally[i].status, t[i].status);
    ck_assert_int_eq(out->tally[i].severity, t[i].severity);
    ck_assert_uint_eq(out->tally[i].count, t[i].count);
  }
  ck_assert_uint_eq(out->counts.resources, 5);
  ck_assert_ptr_null(out->repo_config);
  mls_repo_report_free(out);
  /* A result found outside its resource keeps where that is declared. */
  x.res_path = "modules/b/main.tf";
  x.res_line = 12;
  mls_buf_clear(&b);
  ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
  ck_assert_int_eq(mls_report_decode(&out, b.ptr, b.len, rs, "2026-01-01",
                                     "repo", "repo", NULL),
                   MLS_OK);
  ck_assert_str_eq(out->results[0].res_path, "modules/b/main.tf");
  ck_assert_uint_eq(out->results[0].res_line, 12);
  mls_repo_report_free(out);
  x.res_path = NULL;
  x.res_line = 0;
  mls_buf_clear(&b);
  /* The repository's own configuration travels with the report, bytes as
   * they are (a NUL included); every cut of its section is refused. */
  {
    static const char conf[] = "disable:\n  - id: s3\0x\n";
    size_t n = sizeof(conf) - 1;
    in.repo_config = conf;
    in.repo_config_len = n;
    mls_buf_clear(&b);
    ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
    ck_assert_int_eq(mls_report_decode(&out, b.ptr, b.len, rs, "2026-01-01",
                                       "repo", "repo", NULL),
                     MLS_OK);
    ck_assert_uint_eq(out->repo_config_len, n);
    ck_assert_int_eq(memcmp(out->repo_config, conf, n), 0);
    ck_assert_int_eq(out->repo_config[n], '\0');
    ck_assert_uint_eq(out->nresults, 1);
    mls_repo_report_free(out);
    for (size_t cut = 1; cut < 8 + n; cut++) {
      ck_assert_int_eq(mls_report_decode(&out, b.ptr, cut, rs, "2026-01-01",
                                         "repo", "repo", NULL),
                       MLS_EINPUT);
      ck_assert_ptr_null(out);
    }
    in.repo_config = NULL;
    in.repo_config_len = 0;
  }
  /* A stored tally is read as it is when sorted with one entry per key;
   * one that is not (no writer stores it, but a value is untrusted) is
   * added up and sorted on the way in. */
  {
    mls_tally twice[3] = { t[2], t[0], t[2] };
    in.tally = twice;
    in.ntally = 3;
    mls_buf_clear(&b);
    ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
    ck_assert_int_eq(mls_report_decode(&out, b.ptr, b.len, rs, "2026-01-01",
                                       "repo", "repo", NULL),
                     MLS_OK);
    ck_assert_uint_eq(out->ntally, 2);
    ck_assert_uint_eq(out->tally[0].rule_index, 0);
    ck_assert_uint_eq(out->tally[1].count, 2 * t[2].count);
    mls_repo_report_free(out);
    in.tally = t;
    in.ntally = 3;
  }
  /* A rule is stored as its index in the set (every key names the rule
   * pack): one past the end of the set is a bad value. */
  x.rule_index = (uint32_t)rule_set_count(rs);
  mls_buf_clear(&b);
  ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
  ck_assert_int_eq(mls_report_decode(&out, b.ptr, b.len, rs, "2026-01-01",
                                     "repo", "repo", NULL),
                   MLS_EINPUT);
  ck_assert_ptr_null(out);
  mls_buf_dispose(&b);
  rule_set_free(rs);
}
END_TEST

START_TEST(test_codec_truncated_and_flipped)
{
  rule_set *rs = test_rules();
  mls_repo_report in, *out = NULL;
  mls_result x;
  mls_tally t[3];
  mls_buf b = MLS_BUF_INIT(1 << 20);
  unsigned char *copy;

  sample(&in, &x, t, rs);
  ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
  for (size_t n = 0; n < b.len; n++) {
    ck_assert_int_eq(
        mls_report_decode(&out, b.ptr, n, rs, "2026-01-01", "r", "r", NULL),
        MLS_EINPUT);
    ck_assert_ptr_null(out);
  }
  copy = mls_malloc(b.len);
  ck_assert_ptr_nonnull(copy);
  for (size_t i = 0; i < b.len; i++) {
    memcpy(copy, b.ptr, b.len);
    copy[i] ^= 0xa5;
    if (mls_report_decode(&out, copy, b.len, rs, "2026-01-01", "r", "r",
                          NULL) == MLS_OK) {
      /* A flip inside a string or a count may still decode: then the
       * report is whole. */
      ck_assert_ptr_nonnull(out);
      for (size_t k = 0; k < out->ntally; k++) {
        ck_assert_uint_gt(out->tally[k].count, 0);
        ck_assert_ptr_nonnull(out->tally[k].rule_id);
      }
      mls_repo_report_free(out);
    }
    out = NULL;
  }
  mls_free(copy);
  mls_buf_dispose(&b);
  rule_set_free(rs);
}
END_TEST

/* Parts as a cache would hold them: the bytes after the room. */
typedef struct part_store {
  char *v[64];
  size_t len[64];
  size_t n;
  int fail_at; /* put() fails for this index (-1: never) */
} part_store;

static int store_part(void *payload, uint32_t index, char *bytes, size_t len)
{
  part_store *ps = payload;
  ck_assert_uint_eq(index, ps->n);
  ck_assert_uint_lt(ps->n, 64);
  /* The room is the caller's: zero here, untouched by the encoder. */
  for (size_t i = 0; i < 32; i++) {
    ck_assert_int_eq(bytes[i], 0);
  }
  if ((int)index == ps->fail_at) {
    mls_free(bytes);
    return MLS_ENOMEM;
  }
  ps->v[ps->n] = bytes;
  ps->len[ps->n++] = len;
  return MLS_OK;
}

static int get_part(void *payload, uint32_t index, const void **bytes,
                    size_t *len)
{
  const part_store *ps = payload;
  *bytes = NULL;
  *len = 0;
  if (index < ps->n && ps->v[index]) {
    *bytes = ps->v[index] + 32;
    *len = ps->len[index];
  }
  return MLS_OK;
}

static void parts_dispose(part_store *ps)
{
  for (size_t i = 0; i < ps->n; i++) {
    mls_free(ps->v[i]);
  }
  memset(ps, 0, sizeof(*ps));
}

/* The head's decoding with the parts in ps: its rc, *out the report. */
static int decode_head(const mls_buf *head, size_t len, part_store *ps,
                       const rule_set *rs, mls_repo_report **out)
{
  return mls_report_decode_parts(out, head->ptr, len, rs, "2026-01-01", "r",
                                 "r", NULL, get_part, ps);
}

/* The head with the parts in ps is a bad value. */
static void refused(const mls_buf *head, size_t len, part_store *ps,
                    const rule_set *rs)
{
  mls_repo_report *out = NULL;
  ck_assert_int_eq(decode_head(head, len, ps, rs, &out), MLS_EINPUT);
  ck_assert_ptr_null(out);
}

/* 300 results on 30 paths, with a configuration and a tally, in parts of
 * about 2 KB: decoded from the parts, the report encodes to the bytes the
 * original does. */
START_TEST(test_codec_parts)
{
  rule_set *rs = test_rules();
  static const char conf[] = "disable:\n  - id: s3\n";
  static const uint8_t stamp[16] = "0123456789abcdef",
                       other[16] = "fedcba9876543210";
  mls_repo_report in, *out = NULL;
  mls_result x, *v = mls_calloc(300, sizeof(*v));
  mls_tally t[3];
  mls_buf whole = MLS_BUF_INIT(1 << 20), head = MLS_BUF_INIT(1 << 20),
          again = MLS_BUF_INIT(1 << 20);
  part_store ps, ps2;
  char(*addr)[48] = mls_calloc(300, 48), (*path)[32] = mls_calloc(300, 32);

  ck_assert_ptr_nonnull(v);
  sample(&in, &x, t, rs);
  for (int i = 0; i < 300; i++) {
    v[i] = x;
    snprintf(path[i], 32, "stacks/s%02d/main.tf", i / 10);
    snprintf(addr[i], 48, "aws_s3_bucket.b%d", i);
    v[i].path = path[i];
    v[i].address = addr[i];
    v[i].line = (uint32_t)(1 + i % 10);
  }
  in.results = v;
  in.nresults = 300;
  in.repo_config = conf;
  in.repo_config_len = sizeof(conf) - 1;
  ck_assert_int_eq(mls_report_encode(&whole, &in), MLS_OK);

  memset(&ps, 0, sizeof(ps));
  ps.fail_at = -1;
  ck_assert_int_eq(
      mls_report_encode_parts(&head, &in, stamp, 2000, 32, store_part, &ps),
      MLS_OK);
  ck_assert_uint_gt(ps.n, 5);
  ck_assert_uint_lt(head.len, 16 * ps.n + 200); /* no result in it */
  for (size_t i = 0; i + 1 < ps.n; i++) {
    ck_assert_uint_ge(ps.len[i], 2000); /* whole results past the size */
    ck_assert_uint_lt(ps.len[i], 2000 + 200);
  }
  ck_assert_int_eq(mls_report_decode_parts(&out, head.ptr, head.len, rs,
                                           "2026-01-01", "repo", "repo", NULL,
                                           get_part, &ps),
                   MLS_OK);
  ck_assert_uint_eq(out->nresults, 300);
  ck_assert_str_eq(out->results[299].address, "aws_s3_bucket.b299");
  ck_assert_uint_eq(out->repo_config_len, sizeof(conf) - 1);
  ck_assert_int_eq(mls_report_encode(&again, out), MLS_OK);
  ck_assert_uint_eq(again.len, whole.len);
  ck_assert_int_eq(memcmp(again.ptr, whole.ptr, whole.len), 0);
  mls_repo_report_free(out);
  out = NULL;

  /* Without a way to its parts, a head is a bad value. */
  ck_assert_int_eq(mls_report_decode(&out, head.ptr, head.len, rs, "2026-01-01",
                                     "r", "r", NULL),
                   MLS_EINPUT);
  /* Every cut of the head is refused. */
  for (size_t n = 0; n < head.len; n++) {
    refused(&head, n, &ps, rs);
  }
  /* A part missing, one byte short, or from another store of the same
   * report (its stamp) makes the head bad. */
  {
    char *keep = ps.v[2];
    ps.v[2] = NULL;
    refused(&head, head.len, &ps, rs);
    ps.v[2] = keep;
    ps.len[2]--;
    refused(&head, head.len, &ps, rs);
    ps.len[2]++;
  }
  memset(&ps2, 0, sizeof(ps2));
  ps2.fail_at = -1;
  mls_buf_clear(&again);
  ck_assert_int_eq(
      mls_report_encode_parts(&again, &in, other, 2000, 32, store_part, &ps2),
      MLS_OK);
  ck_assert_uint_eq(ps2.n, ps.n);
  {
    char *mine = ps.v[1];
    ps.v[1] = ps2.v[1];
    refused(&head, head.len, &ps, rs);
    /* Two parts swapped within one store: their indexes differ. */
    ps.v[1] = ps.v[3];
    ps.v[3] = mine;
    refused(&head, head.len, &ps, rs);
    ps.v[3] = ps.v[1];
    ps.v[1] = mine;
  }
  /* No flipped byte of a part crashes the decoder. */
  for (size_t i = 32; i < 32 + ps.len[0]; i++) {
    ps.v[0][i] ^= 0x5a;
    if (decode_head(&head, head.len, &ps, rs, &out) == MLS_OK) {
      ck_assert_uint_eq(out->nresults, 300);
      mls_repo_report_free(out);
    }
    ps.v[0][i] ^= 0x5a;
  }
  parts_dispose(&ps2);
  /* A part the store refuses fails the encoding, and nothing leaks. */
  ps2.fail_at = 3;
  mls_buf_clear(&again);
  ck_assert_int_eq(
      mls_report_encode_parts(&again, &in, other, 2000, 32, store_part, &ps2),
      MLS_ENOMEM);
  ck_assert_uint_eq(ps2.n, 3);
  parts_dispose(&ps2);
  /* An empty report still has one part, which it names. */
  ps2.fail_at = -1;
  in.nresults = 0;
  mls_buf_clear(&again);
  ck_assert_int_eq(
      mls_report_encode_parts(&again, &in, other, 2000, 32, store_part, &ps2),
      MLS_OK);
  ck_assert_uint_eq(ps2.n, 1);
  ck_assert_int_eq(mls_report_decode_parts(&out, again.ptr, again.len, rs,
                                           "2026-01-01", "r", "r", NULL,
                                           get_part, &ps2),
                   MLS_OK);
  ck_assert_uint_eq(out->nresults, 0);
  ck_assert_uint_eq(out->ntally, 3);
  mls_repo_report_free(out);
  parts_dispose(&ps2);
  parts_dispose(&ps);
  mls_free(addr);
  mls_free(path);
  mls_free(v);
  mls_buf_dispose(&whole);
  mls_buf_dispose(&head);
  mls_buf_dispose(&again);
  rule_set_free(rs);
}
END_TEST

typedef struct holder {
  int pad;          /* the unit sits past other fields, as in the engine */
  mls_unit_out out; /* what mls_repo_report_build reads */
} holder;

/* Units holding `copies` decoded copies of the sample each, built into
 * one report: the tally adds up to one entry per key. */
/* nunits units of `copies` cached reports each, merged into one report;
 * `trim`: each unit is finished first (mls_unit_out_trim adds up its
 * tally, as a unit job does when it ends), which changes nothing in the
 * report. */
static void check_merge_ex(size_t nunits, size_t copies, bool trim)
{
  rule_set *rs = test_rules();
  mls_repo_report in, *rep = NULL;
  mls_result x;
  mls_tally t[3];
  mls_buf b = MLS_BUF_INIT(1 << 20);
  holder *h = mls_calloc(nunits, sizeof(*h));
  uint32_t n = (uint32_t)(nunits * copies);

  ck_assert_ptr_nonnull(h);
  sample(&in, &x, t, rs);
  ck_assert_int_eq(mls_report_encode(&b, &in), MLS_OK);
  for (size_t u = 0; u < nunits; u++) {
    mls_unit_out_init(&h[u].out);
    for (size_t c = 0; c < copies; c++) {
      ck_assert_int_eq(
          mls_unit_add_cached(&h[u].out, b.ptr, b.len, rs, "2026-01-01"),
          MLS_OK);
    }
    /* A value that does not decode leaves the unit as it was. */
    ck_assert_int_eq(
        mls_unit_add_cached(&h[u].out, b.ptr, b.len - 1, rs, "2026-01-01"),
        MLS_EINPUT);
    /* One cached report per module, merged within its own entries. */
    ck_assert_uint_eq(h[u].out.nt, 3 * copies);
    if (trim) {
      /* Finished: one entry per key, sorted, counts added up. */
      mls_unit_out_trim(&h[u].out);
      ck_assert_uint_eq(h[u].out.nt, copies > 0 ? 3 : 0);
      ck_assert_uint_eq(h[u].out.capt, h[u].out.nt);
      ck_assert_uint_eq(h[u].out.t[0].count, 7 * copies);
      ck_assert_uint_eq(h[u].out.t[1].count, 2 * copies);
      ck_assert_uint_eq(h[u].out.t[2].count, copies);
      ck_assert_uint_eq(h[u].out.n, copies);
    }
  }
  ck_assert_int_eq(mls_repo_report_build(&rep, "repo", "repo", NULL, false,
                                         NULL, NULL, h, nunits, sizeof(*h),
                                         offsetof(holder, out)),
                   MLS_OK);
  ck_assert_uint_eq(rep->nresults, n);
  ck_assert_uint_eq(rep->ntally, 3);
  /* Sorted by (rule index, status, severity). */
  ck_assert_uint_eq(rep->tally[0].rule_index, 0);
  ck_assert_int_eq(rep->tally[0].status, MLS_ST_PASS);
  ck_assert_uint_eq(rep->tally[0].count, 7 * n);
  ck_assert_uint_eq(rep->tally[1].rule_index, 1);
  ck_assert_int_eq(rep->tally[1].status, MLS_ST_PASS);
  ck_assert_uint_eq(rep->tally[1].count, 2 * n);
  ck_assert_int_eq(rep->tally[2].status, MLS_ST_UNKNOWN);
  ck_assert_uint_eq(rep->tally[2].count, n);
  ck_assert_str_eq(rep->tally[2].rule_id, rule_set_get(rs, 1)->id);
  ck_assert_uint_eq(rep->counts.resources, 5 * n);
  mls_repo_report_free(rep);
  mls_free(h);
  mls_buf_dispose(&b);
  rule_set_free(rs);
}

static void check_merge(size_t nunits, size_t copies)
{
  check_merge_ex(nunits, copies, false);
}

/* A report keeps its first MLS_MAX_DIAGS_PER_JOB diagnostics in sorted
 * order, then the first of each further path, whatever units they came
 * from and in whatever order the units are: two units of 80 notes each,
 * two on each of 40 paths, merged one way and the other. */
static mls_repo_report *diag_report(bool swap)
{
  holder h[2];
  mls_repo_report *rep = NULL;

  memset(h, 0, sizeof(h));
  for (size_t u = 0; u < 2; u++) {
    mls_unit_out_init(&h[u].out);
    for (int i = 0; i < 80; i++) {
      char path[32];
      /* Unit 0 holds a-00..a-79, unit 1 b-00..b-79 (before the swap). */
      snprintf(path, sizeof(path), "%c-%02d.tf", (u == 0) != swap ? 'a' : 'b',
               i / 2);
      h[u].out.diag.path = path;
      mls_diag_note(&h[u].out.diag, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                    "note %d", i);
    }
    h[u].out.diag.path = NULL;
  }
  ck_assert_int_eq(mls_repo_report_build(&rep, "repo", "repo", NULL, false,
                                         NULL, NULL, h, 2, sizeof(*h),
                                         offsetof(holder, out)),
                   MLS_OK);
  return rep;
}

START_TEST(test_diag_cap_by_sorted_order)
{
  mls_repo_report *x = diag_report(false), *y = diag_report(true);

  ck_assert_uint_eq(x->diag.n, MLS_MAX_DIAGS_PER_JOB + 30);
  ck_assert_uint_eq(x->diag.dropped, 30);
  ck_assert_uint_eq(y->diag.n, x->diag.n);
  ck_assert_uint_eq(y->diag.dropped, x->diag.dropped);
  for (size_t i = 0; i < x->diag.n; i++) {
    ck_assert_str_eq(x->diag.v[i].path, y->diag.v[i].path);
    ck_assert_str_eq(x->diag.v[i].message, y->diag.v[i].message);
  }
  /* All 80 of "a-", the 20 of b-00..b-09, then one of each later path. */
  ck_assert_str_eq(x->diag.v[0].path, "a-00.tf");
  ck_assert_str_eq(x->diag.v[79].path, "a-39.tf");
  ck_assert_str_eq(x->diag.v[MLS_MAX_DIAGS_PER_JOB - 1].path, "b-09.tf");
  ck_assert_str_eq(x->diag.v[MLS_MAX_DIAGS_PER_JOB].path, "b-10.tf");
  ck_assert_str_eq(x->diag.v[MLS_MAX_DIAGS_PER_JOB].message, "note 20");
  ck_assert_str_eq(x->diag.v[x->diag.n - 1].path, "b-39.tf");
  mls_repo_report_free(x);
  mls_repo_report_free(y);
}
END_TEST

/* Diagnostics that read the same in every output (path, line, severity,
 * message) are kept once, whatever their columns and units; others on
 * that line stay, in column order. */
START_TEST(test_diag_same_line_once)
{
  holder h[2];
  mls_repo_report *rep = NULL;
  mls_range at[3] = { { { 40, 4, 3 }, { 46, 4, 9 } },
                      { { 57, 4, 20 }, { 63, 4, 26 } },
                      { { 49, 4, 12 }, { 52, 4, 15 } } };

  memset(h, 0, sizeof(h));
  for (size_t u = 0; u < 2; u++) {
    mls_unit_out_init(&h[u].out);
    h[u].out.diag.path = "main.tf";
  }
  mls_diag_note(&h[0].out.diag, MLS_EINPUT, MLS_SEV_WARNING, &at[0],
                "reference to an undeclared input variable \"x\"");
  mls_diag_note(&h[0].out.diag, MLS_EINPUT, MLS_SEV_WARNING, &at[2],
                "another warning");
  mls_diag_note(&h[1].out.diag, MLS_EINPUT, MLS_SEV_WARNING, &at[1],
                "reference to an undeclared input variable \"x\"");
  h[0].out.diag.path = h[1].out.diag.path = NULL;
  ck_assert_int_eq(mls_repo_report_build(&rep, "repo", "repo", NULL, false,
                                         NULL, NULL, h, 2, sizeof(*h),
                                         offsetof(holder, out)),
                   MLS_OK);
  ck_assert_uint_eq(rep->diag.n, 2);
  ck_assert_str_eq(rep->diag.v[0].message,
                   "reference to an undeclared input variable \"x\"");
  ck_assert_uint_eq(rep->diag.v[0].range.start.col, 3);
  ck_assert_str_eq(rep->diag.v[1].message, "another warning");
  mls_repo_report_free(rep);
}
END_TEST

START_TEST(test_tally_merge_small)
{
  check_merge(1, 1); /* one unit: nothing to add up */
}
END_TEST

/* Entries whose rule indexes are far apart take the sort-and-merge way;
 * the outcome is the same shape. */
START_TEST(test_tally_merge_sparse)
{
  holder h[2];
  mls_repo_report *rep = NULL;
  const mls_tally v[] = {
    { 9000, "MLS-X-9000", MLS_RSEV_LOW, MLS_ST_FAIL, 1 },
    { 1, "MLS-X-1", MLS_RSEV_HIGH, MLS_ST_PASS, UINT32_MAX - 1 },
    { 9000, "MLS-X-9000", MLS_RSEV_LOW, MLS_ST_FAIL, 2 },
    { 1, "MLS-X-1", MLS_RSEV_HIGH, MLS_ST_PASS, 5 }, /* saturates */
  };
  memset(h, 0, sizeof(h));
  for (size_t u = 0; u < 2; u++) {
    mls_unit_out_init(&h[u].out);
    h[u].out.t = mls_malloc(2 * sizeof(mls_tally));
    ck_assert_ptr_nonnull(h[u].out.t);
    memcpy(h[u].out.t, &v[2 * u], 2 * sizeof(mls_tally));
    h[u].out.nt = h[u].out.capt = 2;
  }
  ck_assert_int_eq(mls_repo_report_build(&rep, "repo", "repo", NULL, false,
                                         NULL, NULL, h, 2, sizeof(*h),
                                         offsetof(holder, out)),
                   MLS_OK);
  ck_assert_uint_eq(rep->ntally, 2);
  ck_assert_uint_eq(rep->tally[0].rule_index, 1);
  ck_assert_uint_eq(rep->tally[0].count, UINT32_MAX);
  ck_assert_uint_eq(rep->tally[1].rule_index, 9000);
  ck_assert_str_eq(rep->tally[1].rule_id, "MLS-X-9000");
  ck_assert_uint_eq(rep->tally[1].count, 3);
  mls_repo_report_free(rep);
}
END_TEST

/* A unit's tally added up against a plain reference (sort, then add up
 * neighbours, saturating): 3,000 seeded entries over rules 100..399 with
 * gaps, every status and severity, some counts near the top. */
static int cmp_ref(const void *pa, const void *pb)
{
  const mls_tally *a = pa, *b = pb;
  if (a->rule_index != b->rule_index) {
    return a->rule_index < b->rule_index ? -1 : 1;
  }
  if (a->status != b->status) {
    return a->status < b->status ? -1 : 1;
  }
  return a->severity < b->severity ? -1 : a->severity > b->severity;
}

START_TEST(test_tally_compact_matches_reference)
{
  static const char *ids[400];
  static char names[400][16];
  enum { N = 3000 };
  mls_unit_out u;
  mls_tally *ref = mls_malloc(N * sizeof(*ref));
  uint64_t x = 0x9E3779B97F4A7C15u;
  size_t k = 0;

  ck_assert_ptr_nonnull(ref);
  for (int i = 0; i < 400; i++) {
    snprintf(names[i], sizeof(names[i]), "MLS-T-%03d", i);
    ids[i] = names[i];
  }
  mls_unit_out_init(&u);
  u.t = mls_malloc(N * sizeof(*u.t));
  ck_assert_ptr_nonnull(u.t);
  for (size_t i = 0; i < N; i++) {
    uint32_t r;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r = 100 + (uint32_t)(x % 300);
    if (r % 7 == 3) {
      r += 1; /* gaps: no rule index 7k+3 */
    }
    u.t[i].rule_index = r;
    u.t[i].rule_id = ids[r];
    u.t[i].status = (mls_status)((x >> 20) % (MLS_ST_SUPPRESSED + 1));
    u.t[i].severity = (mls_rsev)(MLS_RSEV_LOW + (x >> 24) % (MLS_RSEV_CRITICAL +
                                                             1 - MLS_RSEV_LOW));
    u.t[i].count =
        (x >> 30) % 50 == 0 ? UINT32_MAX - 3 : 1 + (uint32_t)((x >> 32) % 9);
  }
  u.nt = u.capt = N;
  memcpy(ref, u.t, N * sizeof(*ref));
  qsort(ref, N, sizeof(*ref), cmp_ref);
  for (size_t i = 0; i < N; i++) {
    if (k > 0 && cmp_ref(&ref[k - 1], &ref[i]) == 0) {
      ref[k - 1].count = ref[k - 1].count > UINT32_MAX - ref[i].count
                             ? UINT32_MAX
                             : ref[k - 1].count + ref[i].count;
    } else {
      ref[k++] = ref[i];
    }
  }
  mls_unit_tally_compact(&u);
  ck_assert_uint_eq(u.nt, k);
  ck_assert_uint_gt(k, 1000);
  for (size_t i = 0; i < k; i++) {
    ck_assert_uint_eq(u.t[i].rule_index, ref[i].rule_index);
    ck_assert_str_eq(u.t[i].rule_id, ref[i].rule_id);
    ck_assert_int_eq(u.t[i].status, ref[i].status);
    ck_assert_int_eq(u.t[i].severity, ref[i].severity);
    ck_assert_uint_eq(u.t[i].count, ref[i].count);
  }
  mls_unit_out_dispose(&u);
  mls_free(ref);
}
END_TEST

START_TEST(test_tally_merge_of_finished_units)
{
  check_merge_ex(1, 1, true);
  check_merge_ex(3, 2, true);   /* a few entries each: sorted and merged */
  check_merge_ex(40, 25, true); /* 75 entries each: the counting pass */
}
END_TEST

START_TEST(test_tally_merge_many)
{
  check_merge(40, 25); /* 3,000 entries: the counting pass */
}
END_TEST

Suite *engine_report_suite(void)
{
  Suite *s = suite_create("engine_report");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_codec_roundtrip);
  tcase_add_test(tc, test_codec_truncated_and_flipped);
  tcase_add_test(tc, test_codec_parts);
  tcase_add_test(tc, test_tally_merge_small);
  tcase_add_test(tc, test_tally_merge_many);
  tcase_add_test(tc, test_tally_merge_of_finished_units);
  tcase_add_test(tc, test_tally_merge_sparse);
  tcase_add_test(tc, test_tally_compact_matches_reference);
  tcase_add_test(tc, test_diag_cap_by_sorted_order);
  tcase_add_test(tc, test_diag_same_line_once);
  suite_add_tcase(s, tc);
  return s;
}
