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

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/git/repo.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

static char dir[64];

static void put(const char *rel, const uint8_t *p, size_t n)
{
  char path[128];
  int fd;
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  check(fd >= 0);
  check(n == 0 || write(fd, p, n) == (ssize_t)n);
  close(fd);
}

static const char *const files[] = { "HEAD", "refs/heads/main", "packed-refs",
                                     "config" };
static const char *const subdirs[] = { "refs/heads", "refs", "objects" };

/* The temporary repository goes when the process ends. */
static void cleanup(void)
{
  char path[128];
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
    unlink(path);
  }
  for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]);
    rmdir(path);
  }
  rmdir(dir);
}

static void setup(void)
{
  char path[128];
  if (dir[0]) {
    return;
  }
  snprintf(dir, sizeof(dir), "/tmp/fuzz_git_refs.XXXXXX");
  check(mkdtemp(dir) != NULL);
  for (size_t i = sizeof(subdirs) / sizeof(subdirs[0]); i-- > 0;) {
    snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]);
    check(mkdir(path, 0700) == 0);
  }
  atexit(cleanup);
}

/* A reference name that stays below the git directory: the alphabet
 * repo_peek() reads, no "..", no empty or dot-led component. */
static void check_name(const repo_peeked *pk)
{
  size_t n = strnlen(pk->name, sizeof(pk->name));
  check(n > 0 && n < sizeof(pk->name));
  check(strstr(pk->name, "..") == NULL && strstr(pk->name, "//") == NULL);
  check(pk->name[0] != '/' && pk->name[0] != '.' && pk->name[n - 1] != '/');
  check(strstr(pk->name, "/.") == NULL);
  for (size_t i = 0; i < n; i++) {
    char c = pk->name[i];
    check((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
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
    put(files[i], p, n);
    p = z ? z + 1 : end;
  }
  t.kind = REPO_TARGET_BARE;
  t.path = dir;
  t.name = dir;
  if (repo_peek(&pk, &t, NULL) == MLS_OK) {
    check_name(&pk);
  } else {
    check(pk.name[0] == '\0');
  }
  if (repo_peek(&pk, &t, "main") == MLS_OK) {
    check_name(&pk);
  }
  rc = repo_peek_origin(&uri, &t);
  check(rc == MLS_OK || rc == MLS_ERROR || rc == MLS_ENOMEM);
  if (uri) {
    check(rc == MLS_OK && uri[0] != '\0');
    for (const char *c = uri; *c; c++) {
      check(*c >= 0x20 && *c < 0x7f);
    }
    mls_free(uri);
  }
  return 0;
}
