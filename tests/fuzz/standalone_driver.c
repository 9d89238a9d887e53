/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/standalone_driver.c -- replays a fuzz corpus without libFuzzer
 * (libgit2 fuzzers/standalone_driver.c).
 *
 * Every build, gcc included, links each fuzz_<t>.c target against this
 * main() and ctest runs it over tests/fuzz/corpus/<t>/, so inputs that once
 * crashed a parser stay fixed. Arguments are files or directories (one
 * level, sorted by name so runs are repeatable). A target that misbehaves
 * traps or trips a sanitizer; the driver itself only reads files.
 */
#include "core/base/alloc.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char *__asan_default_options(void);

/* Under ASan, a target reading a dead function's stack is reported even
 * when nothing was inlined: the Debug replay builds keep every frame, so
 * stack-use-after-scope alone (what libFuzzer's -O2 builds catch) would
 * miss it (rule_yaml/crash-harness-stack-list.yaml). ASAN_OPTIONS adds to
 * these defaults; other builds never call this. */
const char *__asan_default_options(void)
{
  return "detect_stack_use_after_return=1";
}

/* Inputs larger than this are not fuzz inputs; refuse rather than run. */
#define MAX_INPUT (16u << 20)

static int run_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  long n;
  int rc = 1;

  if (!f) {
    fprintf(stderr, "standalone_driver: cannot open %s\n", path);
    return 1;
  }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      (unsigned long)n > MAX_INPUT || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "standalone_driver: cannot size %s\n", path);
    goto done;
  }
  /* Exactly n bytes, no sentinel: an overread is ASan's to report. */
  if (!(buf = mls_malloc((size_t)n ? (size_t)n : 1))) {
    goto done;
  }
  if (n && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "standalone_driver: short read on %s\n", path);
    goto done;
  }
  LLVMFuzzerTestOneInput(buf, (size_t)n);
  rc = 0;

done:
  mls_free(buf);
  fclose(f);
  return rc;
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, unsigned *count)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;

  if (!d) {
    fprintf(stderr, "standalone_driver: cannot open directory %s\n", dir);
    return 1;
  }
  while ((e = readdir(d)) != NULL) {
    char **nn;
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      if (!(nn = mls_realloc(names, cap * sizeof(*names)))) {
        rc = 1;
        break;
      }
      names = nn;
    }
    if (!(names[n] = mls_strndup(e->d_name, strlen(e->d_name)))) {
      rc = 1;
      break;
    }
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof(*names), cmp_names);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(dir) + strlen(names[i]) + 2;
    char *path = mls_malloc(len);
    struct stat st;
    if (path) {
      snprintf(path, len, "%s/%s", dir, names[i]);
      if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        rc |= run_file(path);
        (*count)++;
      }
      mls_free(path);
    }
    mls_free(names[i]);
  }
  mls_free(names);
  return rc;
}

int main(int argc, char **argv)
{
  unsigned count = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "standalone_driver: no such input %s\n", argv[i]);
      return 1;
    }
    if (S_ISDIR(st.st_mode)) {
      rc |= run_dir(argv[i], &count);
    } else {
      rc |= run_file(argv[i]);
      count++;
    }
  }
  if (count == 0) {
    fprintf(stderr, "standalone_driver: no inputs replayed\n");
    return 1;
  }
  printf("%u passed, %d failed\n", count, rc ? 1 : 0);
  return rc;
}
