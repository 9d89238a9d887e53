/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_git_objects.c -- libFuzzer target for the object files a
 * sweep reads itself (core/git/odb.c, through repo_peek_tree() and
 * directly): a loose object, a pack's version-2 index and the pack, all
 * written by whoever owns the repository.
 *
 * The input: one flag byte (bit 0: verify hashes), the 20-byte id looked
 * up, then three parts -- the loose object (filed under that id), the
 * .idx and the .pack -- each a 4-byte little-endian length and its bytes
 * (a short input leaves the later parts empty). They are written into a
 * bare repository's layout in a private temporary directory and
 * repo_peek_tree() reads the id. It must answer MLS_OK or MLS_ERROR, and
 * with verification on, an answer of MLS_OK means the bytes hashed to the
 * id (checked by the seed corpus's real commits; here, that it returns).
 * Then the reader is driven directly: odb_read() of the id packs first,
 * and loose first, under a bound taken from the flag byte's other bits; a
 * tree read is walked entry by entry as the sweep's walk does. Every
 * answer must be one odb.h names, with data exactly when it says so. A
 * crash, leak or overrun is the finding.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "tests/fuzz/fuzz_tmprepo.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/odb.h"
#include "core/git/repo.h"

#include <fcntl.h>
#include <unistd.h>

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
  memset(&t, 0, sizeof(t));
  t.kind = REPO_TARGET_BARE;
  t.path = dir;
  t.name = dir;
  memset(&tree, 0, sizeof(tree));
  rc = repo_peek_tree(&tree, &t, &id, verify);
  fuzz_check(rc == MLS_OK || rc == MLS_ERROR);
  {
    /* Bounds: tiny, at a pack entry's header sizes, the blob bound. */
    static const size_t bounds[] = { 0, 15, 4096, (size_t)8 << 20 };
    size_t max = bounds[(data[0] >> 1) & 3];
    int gd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    odb *o = NULL;
    if (gd >= 0 && odb_open(&o, gd, verify) == MLS_OK) {
      for (unsigned order = 0; order < 2; order++) {
        odb_obj obj;
        rc = odb_read_ex(o, &id, max, order ? ODB_LOOSE_FIRST : 0, &obj);
        fuzz_check(rc == MLS_OK || rc == MLS_ERROR || rc == ODB_TOO_BIG ||
                   rc == MLS_ENOMEM);
        fuzz_check((rc == MLS_OK) == (obj.data != NULL));
        if (rc == MLS_OK) {
          fuzz_check(obj.size <= max && obj.data[obj.size] == '\0');
        }
        if (rc == ODB_TOO_BIG) {
          fuzz_check(obj.size > max);
        }
        if (rc == MLS_OK && obj.type == ODB_TREE) {
          size_t at = 0, entries = 0;
          odb_tree_ent e;
          bool valid = odb_tree_valid(obj.data, obj.size);
          while (odb_tree_next(obj.data, obj.size, &at, &e)) {
            fuzz_check(e.n > 0 && e.name[e.n] == '\0' && at <= obj.size);
            entries++;
          }
          fuzz_check(!valid || at == obj.size);
          (void)entries;
        }
        mls_free(obj.data);
      }
    }
    odb_free(o);
    if (gd >= 0) {
      close(gd);
    }
  }
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
