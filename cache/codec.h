/* SPDX-License-Identifier: Apache-2.0
 *
 * cache/codec.h -- the envelope around every cache value.
 *
 * Layout, all integers little-endian, no alignment assumed:
 *   0  magic "MLSC"            4 bytes
 *   4  format version          u32 (CACHE_FORMAT_VERSION)
 *   8  payload length          u64 (must equal the value length - 32)
 *  16  XXH3-64 of the payload  u64
 *  24  last used, Unix seconds u64 (not checksummed: only orders gc)
 *  32  payload
 * The decoder trusts nothing: it checks the length first, then magic,
 * version, the exact payload length and the checksum.
 */
#ifndef MLS_CACHE_CODEC_H
#define MLS_CACHE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_FORMAT_VERSION  1u
#define CACHE_ENVELOPE_HEADER 32u

/* Write the envelope for payload into out (cap >= CACHE_ENVELOPE_HEADER +
 * len). Returns the bytes written, 0 if cap is too small. */
size_t cache_envelope_encode(uint8_t *out, size_t cap, const void *payload,
                             size_t len, uint64_t last_used);

/* Write only the envelope's header into out[0..CACHE_ENVELOPE_HEADER) for
 * the len bytes of payload that follow it there. */
void cache_envelope_header(uint8_t *out, size_t len, uint64_t last_used);

/* Check v[0..n). MLS_OK with *payload (inside v), *len and *last_used (any
 * may be NULL); else MLS_EINPUT and *why a static reason. */
int cache_envelope_decode(const uint8_t *v, size_t n, const uint8_t **payload,
                          size_t *len, uint64_t *last_used, const char **why);

/* Overwrite the last-used field of a valid envelope in place. */
void cache_envelope_set_last_used(uint8_t *v, uint64_t last_used);

#endif
