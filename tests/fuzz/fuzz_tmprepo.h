/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_tmprepo.h -- the private temporary repository both Git
 * fuzz targets (fuzz_git_refs.c, fuzz_git_objects.c) write each input
 * into: made once, on the first input, and removed when the process ends.
 *
 * Header-only so each target stays one source file, as
 * tests/fuzz/CMakeLists.txt builds them. A failed step traps, so libFuzzer
 * (or the standalone replay driver under ctest) reports it as a crash.
 * The including file defines _POSIX_C_SOURCE 200809L first (mkdtemp).
 */
#ifndef MLS_FUZZ_TMPREPO_H
#define MLS_FUZZ_TMPREPO_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void fuzz_check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

/* path's contents become p[0..n). */
static inline void fuzz_put(const char *path, const uint8_t *p, size_t n)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  fuzz_check(fd >= 0);
  fuzz_check(n == 0 || write(fd, p, n) == (ssize_t)n);
  close(fd);
}

/* dir (64 bytes) becomes a new directory /tmp/<name>.XXXXXX holding
 * subdirs, which are listed children first (they are made last first). */
static inline void fuzz_tmprepo_make(char dir[64], const char *name,
                                     const char *const *subdirs, size_t nsub)
{
  char path[160];
  snprintf(dir, 64, "/tmp/%s.XXXXXX", name);
  fuzz_check(mkdtemp(dir) != NULL);
  for (size_t i = nsub; i-- > 0;) {
    snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]);
    fuzz_check(mkdir(path, 0700) == 0);
  }
}

/* Remove files and subdirs (children first) below dir, then dir. */
static inline void fuzz_tmprepo_remove(const char *dir,
                                       const char *const *files, size_t nfiles,
                                       const char *const *subdirs, size_t nsub)
{
  char path[160];
  for (size_t i = 0; i < nfiles; i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
    unlink(path);
  }
  for (size_t i = 0; i < nsub; i++) {
    snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]);
    rmdir(path);
  }
  rmdir(dir);
}

#endif /* MLS_FUZZ_TMPREPO_H */
