/* SPDX-License-Identifier: Apache-2.0
 *
 * core/base/rc.h -- return codes shared by every layer.
 *
 * Functions return 0 or a negative mls_rc. The set is kept to the failures a
 * caller branches on (libgit2 docs/error-handling.md); the words that explain
 * a failure go into the job's mls_diag, never into global state.
 */
#ifndef MLS_BASE_RC_H
#define MLS_BASE_RC_H

typedef enum mls_rc {
  MLS_OK = 0,
  MLS_ERROR = -1,  /* nothing a caller would branch on */
  MLS_ENOMEM = -2, /* an allocation failed: the job fails */
  MLS_EIO = -3,    /* reading a file or object failed: the job fails */
  MLS_EGIT = -4,   /* libgit2 failed; its message is in the diag */
  MLS_EINPUT = -5, /* malformed input: this file fails, the run goes on */
  MLS_ELIMIT = -6, /* a bound in core/base/limits.h was hit */
  MLS_ECANCEL = -7 /* the run was cancelled */
} mls_rc;

/* Below every code: the bound a cache decoder holds a stored diagnostic's
 * code to (room for codes added later). */
#define MLS_RC_FLOOR (-100)

/* Static name of a code, e.g. "EINPUT"; "?" for values outside the enum. */
const char *mls_rc_name(int rc);

#ifdef NDEBUG
#define MLS_ASSERT_ARG(x)                                                      \
  do {                                                                         \
    if (!(x)) {                                                                \
      return MLS_ERROR;                                                        \
    }                                                                          \
  } while (0)
#else
#include <assert.h>
#define MLS_ASSERT_ARG(x) assert(x)
#endif

#endif
