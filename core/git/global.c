/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/global.c -- libgit2's process-wide settings, libgit2 errors as
 * diagnostics, and object ids.
 *
 * Stage: before any job (CONVENTIONS section 6). repo_global_init() runs on
 * one thread before workers start; every setting it makes is read-only
 * afterwards. Nothing here keeps state of its own: libgit2 counts init and
 * shutdown calls itself.
 */
#define _POSIX_C_SOURCE 200809L /* ssize_t for GIT_OPT_SET_CACHE_MAX_SIZE */

#include "core/git/git_int.h"

#include "core/base/limits.h"
#include "core/base/rc.h"

#include "core/git/git2_dl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

int mls_diag_git(mls_diag *d, int error, const char *fmt, ...)
{
  const git_error *e = git_error_last();
  char what[MLS_MAX_DIAG_MESSAGE];
  int rc = MLS_EGIT;
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  if (e && e->klass == GIT_ERROR_NOMEMORY) {
    rc = MLS_ENOMEM;
  }
  /* The message is copied into the diagnostic here, on the thread that
   * failed; libgit2 overwrites it on its next failure. */
  if (e && e->message) {
    mls_diag_add(d, rc, NULL, "%s: %s", what, e->message);
  } else { /* libgit2 failed without a message: keep its code at least */
    mls_diag_add(d, rc, NULL, "%s: libgit2 error %d", what, error);
  }
  git_error_clear();
  return rc;
}

/* Each configuration level libgit2 would search outside the repository. */
static const int config_levels[] = { GIT_CONFIG_LEVEL_PROGRAMDATA,
                                     GIT_CONFIG_LEVEL_SYSTEM,
                                     GIT_CONFIG_LEVEL_XDG,
                                     GIT_CONFIG_LEVEL_GLOBAL };

int repo_global_init(const repo_global_opts *opts, mls_diag *diag)
{
  bool trust = opts && opts->trust_mirrors;
  const char *why = mls__git2_load();
  int error;

  if (why) {
    mls_diag_add(diag, MLS_EGIT, NULL, "%s", why);
    return MLS_EGIT;
  }
  if ((error = git_libgit2_init()) < 0) {
    return mls_diag_git(diag, error, "initialising libgit2");
  }
  /* A sweep reads thousands of repositories: bound the pack files kept
   * open (core/base/limits.h says why). No object cache: a sweep reads
   * each tree once per job and each blob once, so filling and freeing it
   * (a monorepo's 14,000 trees) cost more than it ever saved. */
  if ((error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT,
                                (size_t)MLS_GIT_MAX_OPEN_PACKS)) < 0 ||
      (error = git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0)) < 0) {
    goto fail;
  }
  /* An empty search path makes libgit2 read no system, XDG, global or
   * ProgramData configuration: the user's includes, url rewrites and
   * core.* settings must not change what a sweep reads. Each repository's
   * own config is still read, as it must be to open it. */
  for (size_t i = 0; i < sizeof(config_levels) / sizeof(config_levels[0]);
       i++) {
    if ((error = git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, config_levels[i],
                                  "")) < 0) {
      goto fail;
    }
  }
#if LIBGIT2_VER_MAJOR > 1 || (LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR >= 5)
  /* Ownership validation (safe.directory) keeps git from running what a
   * stranger's repository config names: hooks, filters, fsmonitor. A sweep
   * runs none of them, and a nightly one commonly runs as another user
   * than the mirror's owner. The native reader never asks who owns a
   * repository, so libgit2 must not either: a --ref only libgit2 can
   * resolve would otherwise refuse a mirror the same sweep reads at HEAD
   * (and the user's safe.directory, in the global config, is not read). */
  if ((error = git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0)) < 0) {
    goto fail;
  }
#endif
  /* Strict verification re-hashes every object read, so a corrupt or
   * tampered object is a diagnostic, not content. --trust-mirrors skips it
   * for mirrors the operator already verifies. */
  if ((error = git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION,
                                trust ? 0 : 1)) < 0) {
    goto fail;
  }
  return MLS_OK;

fail:
  error = mls_diag_git(diag, error, "configuring libgit2");
  git_libgit2_shutdown();
  return error;
}

void repo_global_shutdown(void)
{
  git_libgit2_shutdown();
}

void repo__oid_from_git(repo_oid *out, const git_oid *in)
{
  memcpy(out->id, in->id, REPO_OID_RAWSZ);
}

void repo__oid_to_git(git_oid *out, const repo_oid *in)
{
  memset(out, 0, sizeof(*out));
  memcpy(out->id, in->id, REPO_OID_RAWSZ);
}

void repo_oid_fmt(char out[REPO_OID_HEXSZ + 1], const repo_oid *id)
{
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < REPO_OID_RAWSZ; i++) {
    out[2 * i] = hex[id->id[i] >> 4];
    out[2 * i + 1] = hex[id->id[i] & 0xf];
  }
  out[REPO_OID_HEXSZ] = '\0';
}

bool repo_oid_equal(const repo_oid *a, const repo_oid *b)
{
  return memcmp(a->id, b->id, REPO_OID_RAWSZ) == 0;
}
