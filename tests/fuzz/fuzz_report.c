/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_report.c -- libFuzzer target for a repository's report
 * and a unit's results as stored in the cache (core/engine/report_codec.c),
 * which every warm sweep reads back as untrusted bytes: a whole value, or
 * a head whose parts are stored under keys of their own.
 *
 * The input is: one byte n (the parts offered, taken modulo 9), n parts of
 * a two-byte little-endian length and that many bytes, then the value. The
 * value is decoded as a report, with the parts looked up by index, and
 * added to a unit as a unit's entry. Each must refuse it or give results
 * and tally entries whose rules are in the set; a decoded report must
 * encode again, whole and in parts, and decode to the same encoding. A
 * refused unit entry must leave the unit as it was. A violation traps.
 */
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/rc.h"
#include "core/engine/report.h"
#include "core/rules/rules.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 8

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

/* The built-in library, compiled once: rule indexes in values are
 * resolved against it. */
static const rule_set *rules(void)
{
  static rule_set *rs;
  if (!rs) {
    mls_diag d = MLS_DIAG_INIT;
    check(rule_set_new(&rs) == MLS_OK);
    check(rule_set_add_builtin(rs, &d) == MLS_OK);
    check(rule_set_compile(rs, NULL, &d) == MLS_OK);
    mls_diag_dispose(&d);
  }
  return rs;
}

typedef struct parts {
  const uint8_t *p[MAX_PARTS];
  size_t n[MAX_PARTS];
  uint32_t k;
} parts;

static int get(void *payload, uint32_t index, const void **bytes, size_t *len)
{
  parts *ps = payload;
  *bytes = NULL;
  *len = 0;
  if (index < ps->k) {
    *bytes = ps->p[index];
    *len = ps->n[index];
  }
  return MLS_OK;
}

/* Parts handed back by mls_report_encode_parts(), owned here. */
typedef struct store {
  char *p[64];
  size_t n[64];
  uint32_t k;
} store;

static int put(void *payload, uint32_t index, char *bytes, size_t len)
{
  store *s = payload;
  if (index != s->k || s->k == 64) {
    free(bytes);
    return MLS_ELIMIT;
  }
  s->p[s->k] = bytes;
  s->n[s->k++] = len;
  return MLS_OK;
}

static int get_stored(void *payload, uint32_t index, const void **bytes,
                      size_t *len)
{
  store *s = payload;
  *bytes = index < s->k ? s->p[index] : NULL;
  *len = index < s->k ? s->n[index] : 0;
  return MLS_OK;
}

static void check_report(const mls_repo_report *r, const rule_set *rs)
{
  uint32_t nrules = (uint32_t)rule_set_count(rs);
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    check(x->rule_index < nrules && x->rule_id != NULL);
    check(strcmp(x->rule_id, rule_set_get(rs, x->rule_index)->id) == 0);
    check(x->path != NULL && x->address != NULL && x->message != NULL);
  }
  for (size_t i = 0; i < r->ntally; i++) {
    check(r->tally[i].rule_index < nrules && r->tally[i].count > 0);
  }
}

/* r encodes, whole and in parts, to values that decode to the same
 * encoding. */
static void check_again(const mls_repo_report *r, const rule_set *rs)
{
  static const uint8_t stamp[16] = { 1, 2,  3,  4,  5,  6,  7,  8,
                                     9, 10, 11, 12, 13, 14, 15, 16 };
  mls_buf one = MLS_BUF_INIT(1u << 26), two = MLS_BUF_INIT(1u << 26);
  mls_buf head = MLS_BUF_INIT(1u << 26);
  mls_repo_report *again = NULL;
  store s;
  int rc;

  memset(&s, 0, sizeof(s));
  check(mls_report_encode(&one, r) == MLS_OK);
  check(mls_report_decode(&again, one.ptr, one.len, rs, "2026-01-01", "r", "r",
                          NULL) == MLS_OK);
  check(mls_report_encode(&two, again) == MLS_OK);
  check(two.len == one.len && memcmp(two.ptr, one.ptr, one.len) == 0);
  mls_repo_report_free(again);
  again = NULL;
  /* In parts of 256 bytes: more than 64 is refused, nothing else. */
  rc = mls_report_encode_parts(&head, r, stamp, 256, 0, put, &s);
  check(rc == MLS_OK || rc == MLS_ELIMIT || rc == MLS_ENOMEM);
  if (rc == MLS_OK) {
    check(mls_report_decode_parts(&again, head.ptr, head.len, rs, "2026-01-01",
                                  "r", "r", NULL, get_stored, &s) == MLS_OK);
    mls_buf_clear(&two);
    check(mls_report_encode(&two, again) == MLS_OK);
    check(two.len == one.len && memcmp(two.ptr, one.ptr, one.len) == 0);
    mls_repo_report_free(again);
  }
  for (uint32_t i = 0; i < s.k; i++) {
    free(s.p[i]);
  }
  mls_buf_dispose(&one);
  mls_buf_dispose(&two);
  mls_buf_dispose(&head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const rule_set *rs = rules();
  mls_repo_report *r = NULL;
  mls_unit_out u;
  parts ps;
  int rc;

  memset(&ps, 0, sizeof(ps));
  if (size < 1) {
    return 0;
  }
  ps.k = data[0] % (MAX_PARTS + 1);
  data++;
  size--;
  for (uint32_t i = 0; i < ps.k; i++) {
    size_t n;
    if (size < 2) {
      ps.k = i;
      break;
    }
    n = (size_t)data[0] | (size_t)data[1] << 8;
    data += 2;
    size -= 2;
    n = n < size ? n : size;
    ps.p[i] = data;
    ps.n[i] = n;
    data += n;
    size -= n;
  }
  rc = mls_report_decode_parts(&r, data, size, rs, "2026-01-01", "r", "r", NULL,
                               get, &ps);
  check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ENOMEM);
  check((rc == MLS_OK) == (r != NULL));
  if (r) {
    check_report(r, rs);
    check_again(r, rs);
    mls_repo_report_free(r);
  }
  /* The same bytes as a unit's entry; twice, the second after the
   * first's results. */
  mls_unit_out_init(&u);
  rc = mls_unit_add_cached(&u, data, size, rs, "2026-01-01");
  check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ENOMEM);
  if (rc == MLS_OK) {
    size_t n0 = u.n, nt0 = u.nt;
    check(mls_unit_add_cached(&u, data, size, rs, "2026-01-01") == MLS_OK);
    check(u.n == 2 * n0 && u.nt == 2 * nt0);
  } else {
    check(u.n == 0 && u.nt == 0);
  }
  mls_unit_out_dispose(&u);
  return 0;
}
