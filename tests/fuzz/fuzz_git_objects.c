/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_git_objects.c -- libFuzzer target for the object files a
 * sweep reads itself (core/git/peek.c, repo_peek_tree()): a loose object,
 * a pack's version-2 index and the pack, all written by whoever owns the
 * repository.
 *
 * The input: one flag byte (bit 0: verify hashes), the 20-byte id looked
 * up, then three parts -- the loose object (filed under that id), the
 * .idx and the .pack -- each a 4-byte little-endian length and its bytes
 * (a short input leaves the later parts empty). They are written into a
 * bare repository's layout in a private temporary directory and
 * repo_peek_tree() reads the id. It must answer MLS_OK or MLS_ERROR, and
 * with verification on, an answer of MLS_OK means the bytes hashed to the
 * id (checked by the seed corpus's real commits; here, that it returns).
 * A crash, leak or overrun is the finding.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "tests/fuzz/fuzz_tmprepo.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/repo.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char loose[128]; /* the loose object's path of the last input */

static const char *const subdirs[] = { "objects/pack", "objects", "refs" };
#define IDX  "objects/pack/pack-f.idx"
#define PACK "objects/pack/pack-f.pack"
static const char *const files[] = { IDX, PACK };

static void cleanup(void)
{
  if (loose[0]) {
    char *slash;
    unlink(loose);
    if ((slash = strrchr(loose, '/'))) {
      *slash = '\0';
      rmdir(loose);
    }
  }
  fuzz_tmprepo_remove(dir, files, sizeof(files) / sizeof(files[0]), subdirs,
                      sizeof(subdirs) / sizeof(subdirs[0]));
}

static void setup(void)
{
  if (dir[0]) {
    return;
  }
  fuzz_tmprepo_make(dir, "fuzz_git_objects", subdirs,
                    sizeof(subdirs) / sizeof(subdirs[0]));
  atexit(cleanup);
}

/* The next part: a 4-byte length (cut to what is left) and its bytes. */
static const uint8_t *part(const uint8_t **p, const uint8_t *end, size_t *n)
{
  const uint8_t *q = *p;
  uint32_t len;
  if (end - q < 4) {
    *n = 0;
    *p = end;
    return q;
  }
  len = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
        (uint32_t)q[3] << 24;
  q += 4;
  *n = len < (size_t)(end - q) ? len : (size_t)(end - q);
  *p = q + *n;
  return q;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *p = data, *end = data + size, *b;
  char hex[REPO_OID_HEXSZ + 1], path[160];
  repo_target t;
  repo_oid id, tree;
  size_t n;
  bool verify;
  int rc;

  setup();
  if (size < 1 + REPO_OID_RAWSZ) {
    return 0;
  }
  verify = (p[0] & 1) != 0;
  memcpy(id.id, p + 1, REPO_OID_RAWSZ);
  p += 1 + REPO_OID_RAWSZ;
  /* The last input's loose object goes: this one files its own. */
  if (loose[0]) {
    unlink(loose);
  }
  repo_oid_fmt(hex, &id);
  snprintf(path, sizeof(path), "%s/objects/%.2s", dir, hex);
  (void)mkdir(path, 0700);
  snprintf(loose, sizeof(loose), "%s/objects/%.2s/%s", dir, hex, hex + 2);
  b = part(&p, end, &n);
  if (n > 0) {
    fuzz_put(loose, b, n);
  }
  b = part(&p, end, &n);
  snprintf(path, sizeof(path), "%s/%s", dir, IDX);
  fuzz_put(path, b, n);
  b = part(&p, end, &n);
  snprintf(path, sizeof(path), "%s/%s", dir, PACK);
  fuzz_put(path, b, n);
  t.kind = REPO_TARGET_BARE;
  t.path = dir;
  t.name = dir;
  memset(&tree, 0, sizeof(tree));
  rc = repo_peek_tree(&tree, &t, &id, verify);
  fuzz_check(rc == MLS_OK || rc == MLS_ERROR);
  /* The loose object's directory is emptied for the next input, so the
   * directory count stays bounded. */
  unlink(loose);
  {
    char *slash = strrchr(loose, '/');
    *slash = '\0';
    rmdir(loose);
    *slash = '/';
  }
  return 0;
}
