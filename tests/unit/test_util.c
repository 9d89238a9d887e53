/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/test_util.c -- fixture helpers shared by the unit tests.
 *
 * Test code only: it trusts the paths it is given, and failing to read a
 * fixture fails the running test rather than returning an error code.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Fixtures are small; this keeps a wrong path from reading a device. */
#define MAX_FIXTURE_BYTES ((size_t)64 << 20)

static char *read_path(const char *path, size_t *len_out, bool must_exist)
{
  mls_buf b = MLS_BUF_INIT(MAX_FIXTURE_BYTES);
  char chunk[8192];
  FILE *f = fopen(path, "rb");
  size_t n;
  char *out;

  if (!f) {
    ck_assert_msg(!must_exist, "cannot open fixture %s", path);
    return NULL;
  }
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (mls_buf_put(&b, chunk, n) < 0) {
      fclose(f);
      ck_abort_msg("fixture %s: too large or out of memory", path);
    }
  }
  ck_assert_msg(!ferror(f), "error reading fixture %s", path);
  fclose(f);
  if (len_out) {
    *len_out = b.len;
  }
  out = mls_buf_detach(&b);
  ck_assert_msg(out != NULL, "out of memory reading %s", path);
  return out;
}

static char *join(const char *dir, const char *rel)
{
  mls_buf b = MLS_BUF_INIT(4096);
  ck_assert_int_eq(mls_buf_printf(&b, "%s/%s", dir, rel), MLS_OK);
  return b.ptr;
}

char *mls_test_read_file(const char *path, size_t *len_out)
{
  if (path[0] == '/') {
    return read_path(path, len_out, true);
  }
  char *full = join(MLS_TEST_SOURCE_DIR, path);
  char *data = read_path(full, len_out, true);
  mls_free(full);
  return data;
}

char *mls_test_read_shared(const char *rel, size_t *len_out)
{
  char *full = join(MLS_TEST_SHARED_DIR, rel);
  char *data = read_path(full, len_out, false);
  mls_free(full);
  return data;
}

void mls_test_alloc_reset(void)
{
  mls_alloc_fail_after(-1);
}
