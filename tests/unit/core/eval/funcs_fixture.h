/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/funcs_fixture.h -- what the suites of the function
 * library share (test_tf_funcs*.c, test_tf_fileset.c): a per-test arena
 * and diagnostics that the Check fixture sets up and tears down, and the
 * value helpers the assertions use. Each including file gets its own
 * copies (file-scope statics), as each suite runs in its own process.
 * The function context differs between the suites (mock file reads, a
 * mock listing), so each builds its own.
 */
#ifndef MLS_TESTS_EVAL_FUNCS_FIXTURE_H
#define MLS_TESTS_EVAL_FUNCS_FIXTURE_H

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/tf_funcs.h"
#include "core/model/model.h"

#include <stdbool.h>
#include <string.h>

static mls_arena *arena; /* owned: one per test, freed by teardown */
static mls_diag diag;    /* per test */

static inline void setup(void)
{
  mls_diag empty = MLS_DIAG_INIT;
  arena = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(arena);
  diag = empty;
}

static inline void teardown(void)
{
  mls_alloc_fail_after(-1);
  mls_arena_free(arena);
  arena = NULL;
  mls_diag_dispose(&diag);
}

static inline mls_span S(const char *s)
{
  return mls_span_of(s, strlen(s));
}

/* core/model's JSON of v, in the test arena. */
static inline const char *J(const mls_value *v)
{
  mls_buf b = MLS_BUF_INIT(1u << 26);
  char *s;
  ck_assert_int_eq(mls_value_write_json(&b, v), MLS_OK);
  s = mls_arena_strndup(arena, b.ptr ? b.ptr : "", b.len);
  mls_buf_dispose(&b);
  ck_assert_ptr_nonnull(s);
  return s;
}

static inline bool is_error(const mls_value *v)
{
  return tf_value_is_error(v);
}

static inline bool is_unknown(const mls_value *v)
{
  return v->kind == MLS_V_UNKNOWN && !tf_value_is_error(v);
}

#endif
