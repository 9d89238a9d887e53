/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/jsonw.c -- JSON string escaping (see jsonw.h).
 */
#include "core/base/jsonw.h"

#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Whether none of the 8 bytes of w needs escaping or a UTF-8 check: no
 * byte below 0x20, none of 0x80 or above, no '"' and no '\\'. The tests
 * for a byte below n and for a zero byte are exact as booleans for n <=
 * 0x80 (a borrow only marks bytes above one already marked). */
static bool word_plain(uint64_t w)
{
  const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
  uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');
  uint64_t marks = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
                   ((bslash - ones) & ~bslash) | w;
  return (marks & high) == 0;
}

int mls_json_string(mls_buf *out, const char *s, size_t n)
{
  return mls_json_string_opts(out, s, n, 0);
}

int mls_json_string_opts(mls_buf *out, const char *s, size_t n, unsigned flags)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)(n ? s : "");
  const unsigned char *end = p + n;
  int rc;

  if ((rc = mls_buf_putc(out, '"')) < 0) {
    return rc;
  }
  while (p < end) {
    const unsigned char *run = p;
    uint32_t cp;
    size_t k;
    /* Most strings are mostly plain: 8 bytes a step while they are. */
    while (end - p >= 8) {
      uint64_t w;
      memcpy(&w, p, sizeof(w));
      if (!word_plain(w)) {
        break;
      }
      p += 8;
    }
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
      p++;
    }
    if (p > run && (rc = mls_buf_put(out, run, (size_t)(p - run))) < 0) {
      return rc;
    }
    if (p == end) {
      break;
    }
    if (*p >= 0x80) {
      if ((k = mls_utf8_decode(&cp, p, end)) != 0) {
        rc = mls_buf_put(out, p, k);
        p += k;
      } else {
        rc = mls_buf_put(out, "\xEF\xBF\xBD", 3);
        p++;
      }
    } else if (*p == '"' || *p == '\\') {
      char esc[2] = { '\\', (char)*p };
      rc = mls_buf_put(out, esc, 2);
      p++;
    } else if (*p == '\n') {
      rc = mls_buf_put(out, "\\n", 2);
      p++;
    } else if (*p == '\r') {
      rc = mls_buf_put(out, "\\r", 2);
      p++;
    } else if (*p == '\t') {
      rc = mls_buf_put(out, "\\t", 2);
      p++;
    } else if ((flags & MLS_JSON_SHORT_BF) && (*p == '\b' || *p == '\f')) {
      rc = mls_buf_put(out, *p == '\b' ? "\\b" : "\\f", 2);
      p++;
    } else {
      char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
      rc = mls_buf_put(out, esc, 6);
      p++;
    }
    if (rc < 0) {
      return rc;
    }
  }
  return mls_buf_putc(out, '"');
}
