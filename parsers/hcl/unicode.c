/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/unicode.c -- identifier classes, white space and NFC.
 *
 * Stage: used by the lexer and parser. HCL identifiers are Unicode
 * ID_Start/ID_Continue (UAX #31) plus '-'; string values are NFC-normalized
 * as cty does. Both come from libunistring (Debian libunistring-dev): its
 * tables are generated from the Unicode Character Database and kept current,
 * which beats carrying hand-made tables. ASCII never reaches these paths.
 */
#include "parsers/hcl/hcl_int.h"

#include "core/base/alloc.h"

#include <stdint.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <uninorm.h>

bool hcl__is_id_start(uint32_t cp)
{
  return uc_is_property_id_start(cp);
}

bool hcl__is_id_continue(uint32_t cp)
{
  return uc_is_property_id_continue(cp);
}

bool hcl__is_space(uint32_t cp)
{
  switch (cp) {
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
  case ' ':
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
    return true;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

const unsigned char *hcl__grapheme_next(const unsigned char *p,
                                        const unsigned char *e)
{
  const uint8_t *n = u8_grapheme_next(p, e);
  return n && n > p ? n : p + 1;
}

mls_span hcl__nfc(mls_arena *arena, mls_span s, bool *failed)
{
  size_t i, outlen = 0;
  uint8_t *norm;
  char *copy;

  /* Most strings are ASCII: test eight bytes at a time. */
  for (i = 0; i + 8 <= s.len; i += 8) {
    uint64_t w;
    memcpy(&w, s.ptr + i, 8);
    if (w & 0x8080808080808080u) {
      break;
    }
  }
  for (; i < s.len; i++) {
    if ((unsigned char)s.ptr[i] >= 0x80) {
      break;
    }
  }
  if (i == s.len) {
    return s;
  }
  norm =
      u8_normalize(UNINORM_NFC, (const uint8_t *)s.ptr, s.len, NULL, &outlen);
  if (!norm) {
    /* Invalid UTF-8 makes libunistring fail; the lexer has reported it
     * already, and the bytes are kept as they are. */
    return s;
  }
  if (outlen == s.len && memcmp(norm, s.ptr, s.len) == 0) {
    mls_free_foreign(norm);
    return s;
  }
  copy = mls_arena_memdup(arena, norm, outlen);
  mls_free_foreign(norm);
  if (!copy) {
    *failed = true;
    return s;
  }
  return mls_span_of(copy, outlen);
}
