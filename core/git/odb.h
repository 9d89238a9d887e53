/* SPDX-License-Identifier: Apache-2.0
 *
 * core/git/odb.h -- Git objects read without libgit2.
 *
 * Stage: repo job and file jobs (internal to core/git). A changed
 * repository of a warm sweep, or any repository of a cold one, needs its
 * trees and a few blobs; libgit2 costs ~6 ms of set-up per process (it
 * loads a TLS stack and parses the system's CA certificates) and some
 * hundred system calls per repository opened, and its reads hash with
 * SHA-1 collision detection in C (this reader: the CPU's SHA instructions
 * where there are some), so this reader is asked first even where
 * libgit2 resolved the ref (repo__side_reader()). This reader takes loose
 * objects and version-2 packs (deltas included) of one plain objects
 * directory. It answers only what it reads exactly: anything else -- an
 * absent object, alternates, an index or pack of another shape, a
 * corrupt stream, a hash that does not match, a delta chain past the
 * bound -- is "not read here", and the caller asks libgit2, which decides
 * and reports as before. So a diagnostic never comes from this file.
 *
 * Not thread-safe: one odb per repository handle, which one worker owns.
 */
#ifndef MLS_GIT_ODB_H
#define MLS_GIT_ODB_H

#include "core/git/repo.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct odb odb;

/* Git's object types, with their pack type numbers. */
typedef enum odb_type {
  ODB_NONE = 0,
  ODB_COMMIT = 1,
  ODB_TREE = 2,
  ODB_BLOB = 3,
  ODB_TAG = 4
} odb_type;

/* "commit", "tree", "blob", "tag" (libgit2's git_object_type2string()). */
const char *odb_type_name(odb_type t);

/* One object read. */
typedef struct odb_obj {
  odb_type type;       /* its type */
  size_t size;         /* its size in bytes */
  unsigned char *data; /* owned (mls_free): size bytes and a NUL; NULL when
                          the object was over the caller's bound */
} odb_obj;

/* The bound the walk and path lookups read a tree under: a bigger one is
 * left to libgit2. */
#define ODB_TREE_MAX ((size_t)64 << 20)

/* odb_read() found the object bigger than max: type and size are set. */
#define ODB_TOO_BIG 1

/* The object database of the git directory gd (borrowed; its objects/
 * is opened beneath it). verify: hash every object read and refuse a
 * mismatch (strict hash verification, off with --trust-mirrors).
 * MLS_ERROR when it is not one this reader takes (alternates, no objects
 * directory, a symbolic link on the way); MLS_ENOMEM. */
int odb_open(odb **out, int gd, bool verify);

void odb_free(odb *o); /* NULL-safe */

/* Read object id, at most max bytes of it: MLS_OK with *out filled,
 * ODB_TOO_BIG (type and size set, no data), MLS_ENOMEM, or MLS_ERROR when
 * it is not read here (libgit2's to read and to report). */
int odb_read(odb *o, const repo_oid *id, size_t max, odb_obj *out);

/* odb_read() with flags: ODB_LOOSE_FIRST looks for a loose file before the
 * packs (which are then not even listed when it is there): for an object
 * more likely loose, a new commit say. */
#define ODB_LOOSE_FIRST 1u
int odb_read_ex(odb *o, const repo_oid *id, size_t max, unsigned flags,
                odb_obj *out);

/* One entry of a tree read here, as libgit2 gives it. */
typedef struct odb_tree_ent {
  const char *name; /* NUL-terminated, inside the tree's bytes */
  size_t n;         /* its length */
  unsigned mode;    /* as git_tree_entry_filemode() gives it (normalised) */
  unsigned raw;     /* as stored (git_tree_entry_filemode_raw()) */
  repo_oid id;      /* the object it names */
} odb_tree_ent;

/* The entry at *at of a tree's bytes p[0..len), *at moved past it: false
 * at the end, or for an entry libgit2 1.5 might parse differently (this
 * reads "<octal mode> <name>\0<20-byte id>" with digits only, a mode that
 * fits 16 bits and a name of 1 to 65,535 bytes). */
bool odb_tree_next(const unsigned char *p, size_t len, size_t *at,
                   odb_tree_ent *e);

/* Whether a tree's bytes are such entries to their end. */
bool odb_tree_valid(const unsigned char *p, size_t len);

/* Whether objects/pack, once listed (after a read that needed a pack),
 * holds a promisor pack (`git clone --filter`): objects the clone left
 * out are then missing by design, not lost. */
bool odb_is_partial(const odb *o);

/* Counters for tests: objects read from packs, loose files, and delta
 * bases served from the base cache. */
typedef struct odb_stats {
  size_t packed, loose, base_hits;
} odb_stats;

void odb_get_stats(const odb *o, odb_stats *out);

#endif
