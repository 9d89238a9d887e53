/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/mem_source.c -- see mem_source.h.
 */
#include "tests/unit/core/eval/mem_source.h"

#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int mem_list(void *payload, const char *dir, tf_list_cb cb, void *cbp)
{
  const memsrc *ms = payload;
  size_t dl = strlen(dir);
  char seen[64][128];
  size_t nseen = 0;
  for (size_t i = 0; i < ms->n; i++) {
    const char *p = ms->files[i].path, *rest, *slash;
    char name[128];
    size_t nl;
    bool dup = false;
    int rc;
    if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/')) {
      continue;
    }
    rest = dl ? p + dl + 1 : p;
    slash = strchr(rest, '/');
    nl = slash ? (size_t)(slash - rest) : strlen(rest);
    snprintf(name, sizeof(name), "%.*s", (int)nl, rest);
    for (size_t j = 0; j < nseen; j++) {
      dup = dup || strcmp(seen[j], name) == 0;
    }
    if (dup) {
      continue;
    }
    ck_assert_uint_lt(nseen, 64);
    snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
    if ((rc = cb(cbp, name, slash != NULL)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

static const memfile *mem_find(const memsrc *ms, const char *path)
{
  for (size_t i = 0; i < ms->n; i++) {
    if (strcmp(ms->files[i].path, path) == 0) {
      return &ms->files[i];
    }
  }
  return NULL;
}

int mem_read(void *payload, const char *path, char **out, size_t *len)
{
  memsrc *ms = payload;
  const memfile *f = mem_find(ms, path);
  size_t n;
  if (!f) {
    return MLS_EIO;
  }
  n = strlen(f->data);
  if (!(*out = mls_malloc(n + 1))) {
    return MLS_ENOMEM;
  }
  memcpy(*out, f->data, n + 1);
  *len = n;
  atomic_fetch_add(&ms->reads, 1);
  return MLS_OK;
}

int mem_content_id(void *payload, const char *path, tf_content_id *out)
{
  const memfile *f = mem_find(payload, path);
  uint64_t h[2] = { 1469598103934665603ull, 0x9e3779b97f4a7c15ull };
  if (!f) {
    return MLS_EIO;
  }
  /* FNV-1a twice, from two seeds. */
  for (int k = 0; k < 2; k++) {
    for (const unsigned char *p = (const unsigned char *)f->data; *p; p++) {
      h[k] = (h[k] ^ *p) * 1099511628211ull;
    }
  }
  memcpy(out->b, h, sizeof(h));
  out->len = sizeof(h);
  return MLS_OK;
}
