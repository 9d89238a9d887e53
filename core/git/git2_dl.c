/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/git2_dl.c -- loading libgit2 (see git2_dl.h).
 *
 * Stage: the first repo_global_init() (on the set-up thread, or the first
 * job that needs libgit2), or a rare target classification before it.
 * pthread_once makes it one load per process; the table is written before
 * pthread_once returns and only read afterwards.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* The declarations only: this file names the functions as strings. */
#include "core/git/git2_dl.h"

#ifndef MLS_LIBGIT2_SONAME
#error "MLS_LIBGIT2_SONAME (the libgit2 built against) must be defined"
#endif

mls_git2_api mls__git2;

/* libgit2 1.5 built with mbed TLS (Debian's) parses the system's CA bundle
 * in git_libgit2_init() for its HTTPS transport: 53M instructions, 5 ms,
 * nearly all of its set-up, and on the critical path of a sweep whose
 * first repository needs libgit2. A sweep never opens a connection, and
 * libgit2 has no setting to skip the bundle. This definition is exported
 * from the executable (mls_git's link options), so the dynamic linker
 * finds it before mbed TLS's own when libgit2 calls it: the bundle is not
 * read, and libgit2 keeps an empty CA chain it never uses. A libgit2 built
 * with another TLS library never calls it. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
  (void)chain;
  (void)path;
  return 0;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *load_error = "libgit2 was not loaded";

static void load(void)
{
  static const struct {
    const char *name;
    size_t offset;
  } table[] = {
#define MLS_GIT2_ENTRY(name) { "git_" #name, offsetof(mls_git2_api, name) },
    MLS_GIT2_FUNCS(MLS_GIT2_ENTRY)
#undef MLS_GIT2_ENTRY
  };
  mls_git2_api api = { 0 };
  /* Never closed: libgit2 is in use until the process ends. */
  void *h = dlopen(MLS_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);

  if (!h) {
    load_error = "cannot load " MLS_LIBGIT2_SONAME;
    return;
  }
  for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
    void *f = dlsym(h, table[i].name);
    if (!f) {
      load_error = MLS_LIBGIT2_SONAME " lacks a function mlsweep calls";
      return;
    }
    /* POSIX dlsym(): a function's address converts to and from void *. */
    *(void **)(void *)((char *)&api + table[i].offset) = f;
  }
  mls__git2 = api;
  load_error = NULL;
}

const char *mls__git2_load(void)
{
  if (pthread_once(&once, load) != 0) {
    return "cannot load libgit2 (pthread_once failed)";
  }
  return load_error;
}
