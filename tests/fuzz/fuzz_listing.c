/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_listing.c -- libFuzzer target for a tree walk's listing
 * as stored in the cache (core/engine/listing.c), which the next sweep
 * reads back as untrusted bytes.
 *
 * The input is a value. listing_decode() must refuse it or give arrays
 * sorted by path with non-empty, bounded paths and known kinds; what it
 * gives must encode again and decode to the same entries. A violation
 * traps.
 */
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/engine/listing.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

static void check_path(const char *p)
{
  size_t n = strlen(p);
  check(n > 0 && n <= MLS_MAX_PATH_BYTES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  mls_arena *a = mls_arena_new((size_t)64 << 20);
  mls_buf b = MLS_BUF_INIT(1u << 26);
  listing l, again;
  int rc;

  check(a != NULL);
  rc = listing_decode(&l, data, size, a);
  check(rc == MLS_OK || rc == MLS_EINPUT || rc == MLS_ENOMEM);
  if (rc == MLS_OK) {
    for (size_t i = 0; i < l.nfiles; i++) {
      check_path(l.files[i].path);
      check((unsigned)l.files[i].kind <= WALK_TEMPLATE);
      check(i == 0 || strcmp(l.files[i - 1].path, l.files[i].path) < 0);
    }
    for (size_t i = 0; i < l.ndirs; i++) {
      check_path(l.dirs[i].path);
      check(i == 0 || strcmp(l.dirs[i - 1].path, l.dirs[i].path) < 0);
    }
    for (size_t i = 0; i < l.nnotes; i++) {
      check_path(l.notes[i].path);
      check(l.notes[i].message != NULL && l.notes[i].rc <= 0);
      check(i == 0 || strcmp(l.notes[i - 1].path, l.notes[i].path) <= 0);
    }
    check(listing_encode(&b, &l) == MLS_OK);
    check(listing_decode(&again, b.ptr, b.len, a) == MLS_OK);
    check(again.nfiles == l.nfiles && again.ndirs == l.ndirs &&
          again.nnotes == l.nnotes);
    for (size_t i = 0; i < l.nfiles; i++) {
      check(strcmp(again.files[i].path, l.files[i].path) == 0);
      check(memcmp(again.files[i].id.id, l.files[i].id.id,
                   sizeof(l.files[i].id.id)) == 0);
    }
  }
  mls_buf_dispose(&b);
  mls_arena_free(a);
  return 0;
}
