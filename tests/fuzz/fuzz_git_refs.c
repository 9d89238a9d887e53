/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_git_refs.c -- libFuzzer target for the ref files and the
 * config file a warm sweep reads without libgit2 (core/git/peek.c): HEAD,
 * a loose ref, packed-refs and config, all written by whoever owns the
 * repository.
 *
 * The input is up to four files separated by NUL bytes, in that order,
 * written into a bare repository's layout in a private temporary
 * directory; then repo_peek() (HEAD, and the short name "main") and
 * repo_peek_origin() read them. Checks what callers rely on: an answer
 * names a reference that could be a ref file below the git directory, and
 * a remote URL is a non-empty line of printable ASCII. A violation traps.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "tests/fuzz/fuzz_tmprepo.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/repo.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static const char *const files[] = { "HEAD", "refs/heads/main", "packed-refs",
                                     "config" };
static const char *const subdirs[] = { "refs/heads", "refs", "objects" };
#define NFILES  (sizeof(files) / sizeof(files[0]))
#define NSUBDIR (sizeof(subdirs) / sizeof(subdirs[0]))

/* The temporary repository goes when the process ends. */
static void cleanup(void)
{
  fuzz_tmprepo_remove(dir, files, NFILES, subdirs, NSUBDIR);
}

static void setup(void)
{
  if (dir[0]) {
    return;
  }
  fuzz_tmprepo_make(dir, "fuzz_git_refs", subdirs, NSUBDIR);
  atexit(cleanup);
}

/* A reference name that stays below the git directory: the alphabet
 * repo_peek() reads, no "..", no empty or dot-led component. */
static void check_name(const repo_peeked *pk)
{
  size_t n = strnlen(pk->name, sizeof(pk->name));
  fuzz_check(n > 0 && n < sizeof(pk->name));
  fuzz_check(strstr(pk->name, "..") == NULL && strstr(pk->name, "//") == NULL);
  fuzz_check(pk->name[0] != '/' && pk->name[0] != '.' &&
             pk->name[n - 1] != '/');
  fuzz_check(strstr(pk->name, "/.") == NULL);
  for (size_t i = 0; i < n; i++) {
    char c = pk->name[i];
    fuzz_check((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
               c == '/');
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  repo_target t;
  repo_peeked pk;
  char *uri = NULL;
  const uint8_t *p = data, *end = data + size;
  int rc;

  setup();
  for (size_t i = 0; i < 4; i++) {
    const uint8_t *z = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
    size_t n = p < end ? (size_t)((z ? z : end) - p) : 0;
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
    fuzz_put(path, p, n);
    p = z ? z + 1 : end;
  }
  memset(&t, 0, sizeof(t));
  t.kind = REPO_TARGET_BARE;
  t.path = dir;
  t.name = dir;
  if (repo_peek(&pk, &t, NULL) == MLS_OK) {
    check_name(&pk);
  } else {
    fuzz_check(pk.name[0] == '\0');
  }
  if (repo_peek(&pk, &t, "main") == MLS_OK) {
    check_name(&pk);
  }
  {
    /* The same answer through repo_peek_all() (the object known: no
     * commit to read), with its dependencies: racy here (just written),
     * so never vouched for, and never held. */
    repo_peeked all, one;
    repo_peek_deps deps;
    repo_oid tree;
    if (repo_peek(&one, &t, "main") == MLS_OK) {
      rc = repo_peek_all(&all, &tree, NULL, &t, "main", &one.target, false,
                         &deps);
      fuzz_check(rc == MLS_OK || rc == MLS_ENOMEM);
      fuzz_check(rc != MLS_OK || (repo_oid_equal(&one.target, &all.target) &&
                                  strcmp(one.name, all.name) == 0));
      fuzz_check(deps.n <= REPO_PEEK_DEPS_MAX && !deps.ok);
      fuzz_check(!repo_peek_deps_hold(&t, &deps));
    }
  }
  rc = repo_peek_origin(&uri, &t);
  fuzz_check(rc == MLS_OK || rc == MLS_ERROR || rc == MLS_ENOMEM);
  if (uri) {
    fuzz_check(rc == MLS_OK && uri[0] != '\0');
    for (const char *c = uri; *c; c++) {
      fuzz_check(*c >= 0x20 && *c < 0x7f);
    }
    mls_free(uri);
  }
  return 0;
}
