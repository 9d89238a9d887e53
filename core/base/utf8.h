/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/utf8.h -- strict UTF-8 decoding and encoding.
 *
 * Strict per RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF. Reads never pass `end`.
 */
#ifndef MLS_BASE_UTF8_H
#define MLS_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at p. Returns its length in bytes (1-4) and sets
 * *cp, or returns 0 for an invalid or truncated sequence. p < end. */
size_t mls_utf8_decode(uint32_t *cp, const unsigned char *p,
                       const unsigned char *end);

/* Encode cp (<= 0x10FFFF, not a surrogate) into out[0..4). Returns bytes
 * written, 0 for an invalid code point. */
size_t mls_utf8_encode(unsigned char out[4], uint32_t cp);

/* Offset of the first invalid byte of s[0..n), or n when all is valid. */
size_t mls_utf8_validate(const unsigned char *s, size_t n);

#endif
