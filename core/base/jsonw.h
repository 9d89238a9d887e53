/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/jsonw.h -- writing JSON strings.
 *
 * Every writer of JSON (the resource model, SARIF, statistics) escapes
 * strings the same way: `"` `\` and control characters escaped (\n \r \t,
 * others as \u00xx), valid UTF-8 copied as is, each byte of an invalid
 * sequence replaced by U+FFFD, so output is always valid JSON whatever the
 * input bytes were.
 */
#ifndef MLS_BASE_JSONW_H
#define MLS_BASE_JSONW_H

#include "core/base/buf.h"

#include <stddef.h>

/* Append s[0..n) as a JSON string, quotes included. */
int mls_json_string(mls_buf *out, const char *s, size_t n);

/* mls_json_string() with options: MLS_JSON_SHORT_BF writes backspace and
 * form feed as \b and \f (Python's json module) instead of \u0008 and
 * \u000c (Go's encoding/json, hclref). */
#define MLS_JSON_SHORT_BF 1u
int mls_json_string_opts(mls_buf *out, const char *s, size_t n, unsigned flags);

#endif
