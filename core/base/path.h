/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/path.h -- checks on repository-relative paths.
 */
#ifndef MLS_BASE_PATH_H
#define MLS_BASE_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether every '/'-separated component of path (NUL-terminated, not
 * empty) is a plain name: none empty, none "." or "..". */
static inline bool mls_path_plain(const char *path)
{
  for (const char *c = path;;) {
    const char *slash = strchr(c, '/');
    size_t n = slash ? (size_t)(slash - c) : strlen(c);
    if (n == 0 || (n == 1 && c[0] == '.') ||
        (n == 2 && c[0] == '.' && c[1] == '.')) {
      return false;
    }
    if (!slash) {
      return true;
    }
    c = slash + 1;
  }
}

#endif
