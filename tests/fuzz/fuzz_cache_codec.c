/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_cache_codec.c -- libFuzzer target for the cache value
 * envelope decoder (cache/codec.c), the code that reads the untrusted cache
 * file.
 *
 * Decodes each input as a stored value and checks what callers rely on:
 * success means the payload lies inside the input and has exactly the
 * length the header claims, a failure gives a reason, and re-encoding a
 * decoded payload reproduces the input byte for byte. A violation traps.
 */
#include "cache/codec.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *payload = NULL;
  const char *why = NULL;
  size_t len = 0;
  uint64_t last_used = 0;
  int rc = cache_envelope_decode(data, size, &payload, &len, &last_used, &why);

  if (rc != MLS_OK) {
    check(rc == MLS_EINPUT && why != NULL);
    return 0;
  }
  check(why == NULL && size >= CACHE_ENVELOPE_HEADER);
  check(payload == data + CACHE_ENVELOPE_HEADER);
  check(len == size - CACHE_ENVELOPE_HEADER);
  uint8_t *again = mls_malloc(size);
  if (!again) {
    return 0;
  }
  check(cache_envelope_encode(again, size, payload, len, last_used) == size);
  check(memcmp(again, data, size) == 0);
  mls_free(again);
  return 0;
}
