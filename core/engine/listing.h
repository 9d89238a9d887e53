/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/listing.h -- what a walk of one Git tree found, as a cache
 * value, so that a later walk of a tree sharing subtrees with it reads
 * only the directories that changed.
 *
 * Stage: repo job. A listing holds the walk's candidates (path, kind,
 * blob id), every directory it offered (path, tree id) and its notes
 * (path-stamped diagnostics), each sorted by path. The walk of a
 * monorepo reads every tree of it through libgit2, which is most of a
 * re-sweep after a small change; with the previous tree's listing, a
 * directory whose tree id is the one listed under the same path is not
 * entered: its entries come from the listing. A listing depends only on
 * the tree and the walk's options (the configuration digest keys it), so
 * a reused subtree gives exactly what walking it would. Internal to
 * core/engine.
 */
#ifndef MLS_ENGINE_LISTING_H
#define MLS_ENGINE_LISTING_H

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/git/walk.h"

#include <stddef.h>

typedef struct listing_file {
  const char *path; /* repository-relative */
  walk_kind kind;
  repo_oid id; /* blob id */
} listing_file;

typedef struct listing_dir {
  const char *path; /* repository-relative, never "" */
  repo_oid id;      /* tree id */
} listing_dir;

typedef struct listing_note {
  const char *path; /* where the walk was (never NULL in a listing) */
  const char *message;
  int rc;           /* the diagnostic's mls_rc (<= 0) */
  mls_severity sev; /* its severity */
} listing_note;

/* Each array sorted by path (strcmp; notes may repeat a path). Every
 * entry type starts with its path (listing.c searches them alike). */
typedef struct listing {
  const listing_file *files;
  size_t nfiles;
  const listing_dir *dirs;
  size_t ndirs;
  const listing_note *notes;
  size_t nnotes;
} listing;

/* Append l as a value to out. MLS_EINPUT when l is not sorted as above,
 * holds an empty path or one over MLS_MAX_PATH_BYTES, a note without a
 * path or with an rc or severity out of range; MLS_ENOMEM. */
int listing_encode(mls_buf *out, const listing *l);

/* The listing stored by listing_encode(), every array and string in
 * arena a (which the caller keeps as long as it uses *out). MLS_EINPUT
 * for a value that does not decode (truncated, unsorted, an unknown kind,
 * counts the bytes cannot hold), MLS_ENOMEM. */
int listing_decode(listing *out, const void *bytes, size_t len, mls_arena *a);

/* Where the last lookups of each array ended, for lookups made in
 * ascending path order (a walk's): they then start there instead of
 * searching the whole array. Zeroed to start; any order of lookups still
 * gives the right answers, only slower. NULL: no cursor. */
typedef struct listing_cursor {
  size_t file; /* into files */
  size_t dir;  /* into dirs */
  size_t note; /* into notes */
} listing_cursor;

/* The directory listed at path, or NULL. */
const listing_dir *listing_dir_at(const listing *l, const char *path,
                                  listing_cursor *cur);

/* The entries strictly below directory dir (whose paths start with
 * dir + "/"): [*lo, *hi) of files, dirs or notes. */
void listing_files_below(const listing *l, const char *dir, listing_cursor *cur,
                         size_t *lo, size_t *hi);
void listing_dirs_below(const listing *l, const char *dir, listing_cursor *cur,
                        size_t *lo, size_t *hi);
void listing_notes_below(const listing *l, const char *dir, listing_cursor *cur,
                         size_t *lo, size_t *hi);

#endif
