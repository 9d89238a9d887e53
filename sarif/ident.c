/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/ident.c -- identities: the mlsweep/v1 fingerprint of a finding and
 * the safe file name of a repository.
 *
 * Stage: the fingerprint is computed by the engine when it builds a
 * result (and by the writers for a result that lacks one); safe names by
 * whoever writes --sarif-dir. Both are pure functions of their arguments,
 * so they are stable across runs, hosts and thread counts.
 */
#include "sarif/sarif.h"

#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>
#include <xxhash.h>

static int put_field(mls_buf *b, const char *s)
{
  int rc = s ? mls_buf_puts(b, s) : 0;
  return rc < 0 ? rc : mls_buf_put(b, "", 1);
}

int sarif_fingerprint(char out[SARIF_FINGERPRINT_SIZE], const char *rule_id,
                      const char *address, const char *module, const char *path)
{
  static const char hex[] = "0123456789abcdef";
  mls_buf b = MLS_BUF_INIT(4 * MLS_MAX_STRING_BYTES);
  XXH128_canonical_t c;
  int rc;

  out[0] = '\0';
  if ((rc = put_field(&b, "mlsweep/v1")) < 0 ||
      (rc = put_field(&b, rule_id)) < 0 || (rc = put_field(&b, address)) < 0 ||
      (rc = put_field(&b, module)) < 0 || (rc = put_field(&b, path)) < 0) {
    return rc;
  }
  XXH128_canonicalFromHash(&c, XXH3_128bits(b.ptr, b.len));
  mls_buf_dispose(&b);
  for (size_t i = 0; i < sizeof(c.digest); i++) {
    out[2 * i] = hex[c.digest[i] >> 4];
    out[2 * i + 1] = hex[c.digest[i] & 15];
  }
  out[32] = '\0';
  return MLS_OK;
}

/* Room for the kept part of a name: the whole buffer less "~" + 16 hex
 * digits + NUL, and less one more for a '/' that becomes two bytes. */
#define KEEP_MAX (SARIF_SAFE_NAME_SIZE - 1 - 16 - 1 - 1)

void sarif_safe_name(char out[SARIF_SAFE_NAME_SIZE], const char *name)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)(name ? name : "");
  size_t n = 0;
  bool lossy = (p[0] == '\0' || p[0] == '.' || p[0] == '/');

  for (; *p; p++) {
    unsigned char c = *p;
    if (n >= KEEP_MAX) {
      lossy = true; /* truncated */
      break;
    }
    if (c == '/') {
      out[n++] = '_';
      out[n++] = '_';
      if (p[1] == '.' || p[1] == '/' || p[1] == '\0') {
        lossy = true; /* "a/.x", "a//b", "a/" do not map back */
      }
    } else if (c == '.' && n == 0) {
      out[n++] = '_'; /* never a hidden file, never "." or ".." */
    } else if (mls_islower(c) || mls_isdigit(c) || c == '.' || c == '-') {
      out[n++] = (char)c;
    } else if (c == '_') {
      out[n++] = '_';
      if (p[1] == '_' || p[1] == '/' || (n >= 2 && out[n - 2] == '_')) {
        lossy = true; /* "__" in a name would read as a '/' */
      }
    } else if (mls_isupper(c)) {
      out[n++] = (char)mls_tolower(c);
      lossy = true;
    } else {
      out[n++] = '_';
      lossy = true;
    }
  }
  if (n == 0) {
    out[n++] = '_';
  }
  if (lossy) {
    XXH64_hash_t h = XXH3_64bits(name ? name : "", name ? strlen(name) : 0);
    out[n++] = '~';
    for (int i = 15; i >= 0; i--) {
      out[n++] = hex[(h >> (4 * i)) & 15];
    }
  }
  out[n] = '\0';
}
