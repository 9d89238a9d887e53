/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/diag.h -- per-job diagnostics.
 *
 * A job (one file, module or repository) owns one mls_diag and every
 * message about it goes there, never into global or thread-local state
 * (libuv has none; libgit2's thread-local message is copied in right away).
 * An entry records the code, severity, where (path and range, either may be
 * absent) and a formatted message. The first MLS_MAX_DIAGS_PER_JOB entries
 * are kept, then only the first of each path and severity (up to
 * MLS_MAX_DIAGS_KEPT); later ones are only counted, so a binary file
 * cannot flood outputs and every file with a problem is still named.
 */
#ifndef MLS_BASE_DIAG_H
#define MLS_BASE_DIAG_H

#include "core/base/span.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum mls_severity {
  MLS_SEV_ERROR = 0, /* the file or job failed, at least in part */
  MLS_SEV_WARNING,   /* a result may be incomplete */
  MLS_SEV_NOTE       /* information: a skipped LFS pointer, say */
} mls_severity;

typedef struct mls_diag_entry {
  int rc;           /* the mls_rc this entry stands for */
  mls_severity sev; /* error, warning or note */
  char *path;       /* owned: repository-relative path, or NULL */
  bool has_range;   /* whether range is meaningful */
  mls_range range;  /* where in path */
  char *message;    /* owned: one sentence, no trailing newline */
} mls_diag_entry;

typedef struct mls_diag {
  mls_diag_entry *v; /* owned: the kept entries, in order added */
  size_t n;          /* entries kept */
  size_t cap;        /* entries allocated */
  size_t dropped;    /* entries past the bound, counted only */
  size_t nerrors;    /* MLS_SEV_ERROR entries, kept or dropped */
  const char *path;  /* borrowed: path stamped on new entries, or NULL */
} mls_diag;

#define MLS_DIAG_INIT                                                          \
  {                                                                            \
    NULL, 0, 0, 0, 0, NULL                                                     \
  }

/* Add an error entry. Returns rc, so `return mls_diag_add(...)` works. If
 * the entry cannot be stored (out of memory) it is counted as dropped. */
int mls_diag_add(mls_diag *d, int rc, const mls_range *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with an explicit severity. Returns rc. */
int mls_diag_addv(mls_diag *d, int rc, mls_severity sev, const mls_range *at,
                  const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
int mls_diag_note(mls_diag *d, int rc, mls_severity sev, const mls_range *at,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* mls_diag_note(d, rc, sev, at, "%s", msg) without formatting: a message
 * kept from before (a cached report's) costs a copy. */
int mls_diag_note_text(mls_diag *d, int rc, mls_severity sev,
                       const mls_range *at, const char *msg);
/* Move every entry of src to the end of dst; src is left empty. */
int mls_diag_move(mls_diag *dst, mls_diag *src);
void mls_diag_clear(mls_diag *d); /* free entries, keep path */
void mls_diag_dispose(mls_diag *d);

#endif
