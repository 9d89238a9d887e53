/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/util.c -- small helpers the subcommands share.
 *
 * Stage: argv -> work. Reads files named on the command line (variable
 * files, parameters files, previous statistics), capped at
 * MLS_MAX_BLOB_BYTES like every other input.
 */
#include "cmd/cmd.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdio.h>

int cmd_read_whole(const char *path, char **out, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  *out = NULL;
  *len = 0;
  if (!f) {
    return MLS_EIO;
  }
  for (;;) {
    size_t got;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 4096;
      char *nb;
      if (ncap > (size_t)MLS_MAX_BLOB_BYTES + 1) {
        ncap = (size_t)MLS_MAX_BLOB_BYTES + 1;
      }
      if (ncap == cap) {
        mls_free(buf);
        fclose(f);
        return MLS_ELIMIT;
      }
      if (!(nb = mls_realloc(buf, ncap + 1))) {
        mls_free(buf);
        fclose(f);
        return MLS_ENOMEM;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      break;
    }
  }
  if (ferror(f)) {
    mls_free(buf);
    fclose(f);
    return MLS_EIO;
  }
  fclose(f);
  if (!buf && !(buf = mls_malloc(1))) {
    return MLS_ENOMEM;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return MLS_OK;
}
