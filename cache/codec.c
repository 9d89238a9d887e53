/* SPDX-License-Identifier: Apache-2.0
 *
 * cache/codec.c -- encode and check the envelope of cache values.
 *
 * Stage: every cache read and write. The decoder is the one place cache
 * bytes are trusted, so it checks every field before returning a pointer.
 */
#include "cache/codec.h"

#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>
#include <xxhash.h>

static const uint8_t magic[4] = { 'M', 'L', 'S', 'C' };

static void put_u32(uint8_t *p, uint32_t v)
{
  for (unsigned i = 0; i < 4; i++) {
    p[i] = (uint8_t)(v >> (8 * i));
  }
}

static void put_u64(uint8_t *p, uint64_t v)
{
  for (unsigned i = 0; i < 8; i++) {
    p[i] = (uint8_t)(v >> (8 * i));
  }
}

static uint32_t get_u32(const uint8_t *p)
{
  uint32_t v = 0;
  for (unsigned i = 0; i < 4; i++) {
    v |= (uint32_t)p[i] << (8 * i);
  }
  return v;
}

static uint64_t get_u64(const uint8_t *p)
{
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; i++) {
    v |= (uint64_t)p[i] << (8 * i);
  }
  return v;
}

static void header(uint8_t *out, const void *payload, size_t len,
                   uint64_t last_used)
{
  memcpy(out, magic, 4);
  put_u32(out + 4, CACHE_FORMAT_VERSION);
  put_u64(out + 8, (uint64_t)len);
  put_u64(out + 16, (uint64_t)XXH3_64bits(payload, len));
  put_u64(out + 24, last_used);
}

size_t cache_envelope_encode(uint8_t *out, size_t cap, const void *payload,
                             size_t len, uint64_t last_used)
{
  if (cap < CACHE_ENVELOPE_HEADER || len > cap - CACHE_ENVELOPE_HEADER) {
    return 0;
  }
  header(out, payload, len, last_used);
  if (len > 0) {
    memcpy(out + CACHE_ENVELOPE_HEADER, payload, len);
  }
  return CACHE_ENVELOPE_HEADER + len;
}

void cache_envelope_header(uint8_t *out, size_t len, uint64_t last_used)
{
  header(out, out + CACHE_ENVELOPE_HEADER, len, last_used);
}

int cache_envelope_decode(const uint8_t *v, size_t n, const uint8_t **payload,
                          size_t *len, uint64_t *last_used, const char **why)
{
  const char *dummy;
  uint64_t plen;

  if (!why) {
    why = &dummy;
  }
  if (!v || n < CACHE_ENVELOPE_HEADER) {
    *why = "shorter than the envelope header";
    return MLS_EINPUT;
  }
  if (memcmp(v, magic, 4) != 0) {
    *why = "wrong magic";
    return MLS_EINPUT;
  }
  if (get_u32(v + 4) != CACHE_FORMAT_VERSION) {
    *why = "unknown format version";
    return MLS_EINPUT;
  }
  plen = get_u64(v + 8);
  if (plen > MLS_CACHE_MAX_VALUE_BYTES ||
      plen != (uint64_t)(n - CACHE_ENVELOPE_HEADER)) {
    *why = "payload length does not match the value";
    return MLS_EINPUT;
  }
  if ((uint64_t)XXH3_64bits(v + CACHE_ENVELOPE_HEADER, (size_t)plen) !=
      get_u64(v + 16)) {
    *why = "checksum mismatch";
    return MLS_EINPUT;
  }
  if (payload) {
    *payload = v + CACHE_ENVELOPE_HEADER;
  }
  if (len) {
    *len = (size_t)plen;
  }
  if (last_used) {
    *last_used = get_u64(v + 24);
  }
  *why = NULL;
  return MLS_OK;
}

void cache_envelope_set_last_used(uint8_t *v, uint64_t last_used)
{
  put_u64(v + 24, last_used);
}
