/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/engine/cache_peek.c -- cache_peek.h.
 */
#include "tests/unit/core/engine/cache_peek.h"
#include "tests/unit/test_util.h"

#include "cache/cache.h"
#include "core/base/diag.h"
#include "core/base/rc.h"

void cache_peek_entries(const char *dir, uint64_t entries[4])
{
  cache *c = NULL;
  cache_stats_t st;
  mls_diag d = MLS_DIAG_INIT;

  ck_assert_int_eq(cache_open(&c, dir, NULL, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  entries[0] = st.entries[CACHE_DB_FILES];
  entries[1] = st.entries[CACHE_DB_MODULES];
  entries[2] = st.entries[CACHE_DB_REPOS];
  entries[3] = st.entries[CACHE_DB_META];
  cache_close(c);
  mls_diag_dispose(&d);
}

uint64_t cache_peek_damage(const char *dir)
{
  cache *c = NULL;
  mls_diag d = MLS_DIAG_INIT;
  uint64_t damaged = 0;

  ck_assert_int_eq(cache_open(&c, dir, NULL, &d), MLS_OK);
  ck_assert_int_eq(cache_damage(c, &damaged, &d), MLS_OK);
  cache_close(c);
  mls_diag_dispose(&d);
  return damaged;
}
