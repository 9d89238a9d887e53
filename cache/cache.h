/* SPDX-License-Identifier: Apache-2.0
 *
 * cache/cache.h -- the content cache: one LMDB environment per process
 * (DESIGN.md "Cache", CONVENTIONS sections 6 and 7).
 *
 * Stage: open once in mls_run() before workers start; workers read through
 * their own read transactions (cache_read_begin, lock-free, MDB_NOTLS so a
 * transaction is not tied to a thread); puts are queued from any thread and
 * committed in one write transaction by cache_flush(), which the single
 * writer thread calls. `--no-cache` means no cache object at all: every
 * caller checks for NULL.
 *
 * Keys are XXH3-128 digests built by the helpers below. Values are
 * envelopes (cache/codec.h): magic, version, payload length, XXH3-64 of the
 * payload and a last-used time. The cache file is untrusted input: every
 * read is bounds-checked, and an entry that fails any check is a miss with
 * a diagnostic and is deleted by the next flush. A killed process leaves a
 * valid cache (LMDB commits are durable; only MDB_NOMETASYNC is used).
 */
#ifndef MLS_CACHE_CACHE_H
#define MLS_CACHE_CACHE_H

#include "core/base/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cache cache;
typedef struct cache_txn cache_txn;

/* The named databases of the environment. */
typedef enum cache_db {
  CACHE_DB_FILES = 0, /* file models, by cache_key_file() */
  CACHE_DB_MODULES,   /* module results, by cache_key_module() */
  CACHE_DB_REPOS,     /* repository results, by cache_key_repo() */
  CACHE_DB_META,      /* repository sizes for largest-first scheduling,
                         tree walks' listings (cache_key_listing()) and
                         large trees' "nothing" keys (cache_key_nothing()) */
  CACHE_DB_COUNT
} cache_db;

/* Static name of a database ("files", ...); "?" outside the enum. */
const char *cache_db_name(cache_db db);

/* An XXH3-128 digest in canonical (big-endian) byte order. */
typedef struct cache_key {
  uint8_t b[16];
} cache_key;

/* A borrowed byte string: a git object id, a digest, a path. */
typedef struct cache_id {
  const void *p; /* borrowed */
  size_t len;
} cache_id;

/* Whether dir holds a cache with entries in it (its data file has grown
 * past an empty one's few pages). A guess, without opening anything: the
 * caller may start early what only a cold sweep needs. */
bool cache_looks_filled(const char *dir);

typedef struct cache_opts {
  size_t map_bytes; /* 0: MLS_CACHE_MAP_BYTES */
  bool parents;     /* create a given dir's missing parents too (0700): the
                       caller resolved the default dir itself */
} cache_opts;

/* owned (mls_free): the default cache directory, $XDG_CACHE_HOME/mlsweep
 * when XDG_CACHE_HOME is an absolute path, else $HOME/.cache/mlsweep.
 * MLS_ERROR with a diagnostic when neither variable is usable, or HOME is
 * not an existing directory (it is never made). */
int cache_default_dir(char **out, mls_diag *d);

/* Open (creating it 0700 if missing) the environment in `dir`; dir NULL
 * means cache_default_dir() (its parents are created too; for an explicit
 * dir only the last component is, unless opts->parents). opts may be
 * NULL. On failure *out is
 * NULL and d says why (MLS_EIO for a missing or unwritable dir). */
int cache_open(cache **out, const char *dir, const cache_opts *opts,
               mls_diag *d);
/* Flush queued puts (errors go nowhere: the cache is best-effort), close
 * the environment and free c. NULL-safe. No read txn may be open. */
void cache_close(cache *c);

/* A read transaction, used by one thread at a time. */
int cache_read_begin(cache *c, cache_txn **out, mls_diag *d);
void cache_read_end(cache_txn *t); /* NULL-safe */

/* Look key up in db. Hit: MLS_OK, *bytes and *len the payload, borrowed until
 * cache_read_end(t). Miss: MLS_OK with *bytes NULL and *len 0. A bad entry
 * is a miss with a warning in d (may be NULL) and is queued for deletion.
 * An LMDB failure is MLS_EIO. */
int cache_get(cache *c, cache_txn *t, cache_db db, const cache_key *key,
              const void **bytes, size_t *len, mls_diag *d);

/* Queue (a copy of) bytes under key; thread-safe. Values over
 * MLS_CACHE_MAX_VALUE_BYTES, or past MLS_CACHE_QUEUE_BYTES of queued puts,
 * are not stored (counted in stats, MLS_OK: the cache is best-effort).
 * MLS_ENOMEM if the copy cannot be made. */
int cache_put(cache *c, cache_db db, const cache_key *key, const void *bytes,
              size_t len);
/* cache_put() without the copy: data (owned, mls_malloc'd; taken in every
 * case) holds CACHE_ENVELOPE_HEADER bytes of room (CACHE_PUT_ROOM), then
 * the len bytes of the value. For a value as large as a monorepo's report,
 * which would otherwise be held twice until the writer commits it. */
#define CACHE_PUT_ROOM 32u
int cache_put_owned(cache *c, cache_db db, const cache_key *key, void *data,
                    size_t len);
/* cache_put_owned() of a value no later read of this sweep asks for (a
 * tree's listing, read by the next sweep of that repository only): not
 * kept in the memo, where a megabyte-sized copy would push out entries a
 * fork could use. */
int cache_put_owned_later(cache *c, cache_db db, const cache_key *key,
                          void *data, size_t len);
/* Commit every queued put, deletion of bad entries and last-used update in
 * one write transaction. On failure the batch is dropped, MLS_EIO. */
int cache_flush(cache *c, mls_diag *d);
/* Bytes of puts queued and not yet flushed; thread-safe. A long sweep
 * flushes when this grows, so the queue does not hold a whole org. */
size_t cache_queued_bytes(cache *c);

typedef struct cache_stats_t {
  uint64_t entries[CACHE_DB_COUNT]; /* entries per database */
  uint64_t bytes[CACHE_DB_COUNT];   /* pages used per database, in bytes */
  uint64_t map_bytes;               /* the map size limit */
  uint64_t hits, misses, bad;       /* this process's cache_get() results */
  uint64_t puts, skipped_puts;      /* stored / not stored (too big, full) */
} cache_stats_t;

int cache_stats(cache *c, cache_stats_t *st, mls_diag *d);
/* Delete every entry of every database. */
int cache_clear(cache *c, mls_diag *d);

/* What cache_compact() did. */
typedef struct cache_compact_result {
  bool compacted;  /* data.mdb was replaced by a compacted copy */
  bool busy;       /* not: another process has the environment open */
  bool unlocked;   /* not: dir/use.lock cannot be locked here */
  uint64_t before; /* bytes of data.mdb before, and after */
  uint64_t after;
} cache_compact_result;

/* Give back the pages the environment in dir no longer uses: LMDB never
 * shrinks data.mdb, so after `gc` or `clear` it is copied without its free
 * pages (mdb_env_copy2, MDB_CP_COMPACT) and the copy renamed over it. Only
 * when no other process has the environment open (every cache_open()
 * holds a shared flock on dir/use.lock; this takes it exclusively, without
 * waiting): otherwise out->busy and nothing changes. Not while this
 * process has it open either: after cache_close(). Where use.lock cannot
 * be locked at all, out->unlocked and nothing changes. A kill at any
 * point leaves the old file or the new one. MLS_OK, or MLS_EIO with a
 * diagnostic. */
int cache_compact(const char *dir, cache_compact_result *out, mls_diag *d);
/* Delete entries unused for more than max_age seconds (0: no age limit),
 * then, oldest first, until the live keys and values fit max_bytes (0: no
 * size limit). Bad entries are deleted too. *removed (may be NULL) counts
 * the deletions. The LMDB file keeps its size; freed pages are reused. */
int cache_gc(cache *c, uint64_t max_age, uint64_t max_bytes, uint64_t *removed,
             mls_diag *d);

/* --- keys ------------------------------------------------------------- */

/* The kinds of key; each fixes which fields, in which order, it hashes. */
typedef enum cache_key_kind {
  CACHE_KEY_FILE = 1,
  CACHE_KEY_MODULE,
  CACHE_KEY_REPO,
  CACHE_KEY_META_REPO,
  CACHE_KEY_LISTING,
  CACHE_KEY_NOTHING
} cache_key_kind;

/* Field tags. A kind's schema (cache/key.c) lists its tags in order with a
 * minimum and maximum count; cache_kb_final() fails on any deviation, so a
 * caller cannot forget or reorder a field. */
typedef enum cache_field {
  CACHE_F_ENGINE_VERSION = 1, /* file: mlsweep's model format version */
  CACHE_F_FILE_KIND,          /* file: what kind of IaC file it is */
  CACHE_F_CONTENT_ID,         /* file: git blob id or cache_key_content() */
  CACHE_F_RULEPACK,           /* module, repo: rule-pack digest */
  CACHE_F_CONFIG,             /* module, repo: config digest */
  CACHE_F_TREE_ID,            /* module: module dir, then local modules */
  CACHE_F_VAR_FILE,           /* module: content ids of var files used */
  CACHE_F_ROOT_TREE,          /* repo: root tree id */
  CACHE_F_REPO_ID             /* meta: the repository's identity */
} cache_field;

/* Bytes of a key's input held before the builder needs a hash state:
 * most keys fit, and hash in one call with no allocation. */
#define CACHE_KB_INLINE 512

typedef struct cache_key_builder {
  void *state;         /* owned: the hash state, once buf is outgrown */
  cache_key_kind kind; /* the schema being followed */
  unsigned pos;        /* index of the current schema entry */
  unsigned count;      /* fields seen for the current entry */
  int err;             /* first error, sticky */
  size_t nbuf;         /* bytes in buf (state NULL) */
  unsigned char buf[CACHE_KB_INLINE]; /* the input so far (state NULL) */
} cache_key_builder;

/* Start a key of `kind`. MLS_ENOMEM, or MLS_ERROR for an unknown kind. */
int cache_kb_init(cache_key_builder *b, cache_key_kind kind);
/* Hash one tagged field (tag, length, bytes: unambiguous). Errors are
 * sticky and reported by cache_kb_final(). */
void cache_kb_bytes(cache_key_builder *b, cache_field tag, const void *p,
                    size_t len);
void cache_kb_u64(cache_key_builder *b, cache_field tag, uint64_t v);
void cache_kb_str(cache_key_builder *b, cache_field tag, const char *s);
/* Finish: MLS_OK and *out, or MLS_ERROR if the fields did not follow the
 * kind's schema. Always releases b. */
int cache_kb_final(cache_key_builder *b, cache_key *out);
void cache_kb_dispose(cache_key_builder *b); /* without a key; idempotent */

/* XXH3-128 of bytes: the content id of a file read from disk. */
void cache_key_content(cache_key *out, const void *p, size_t len);
/* File model: (engine version, file kind, content id). */
int cache_key_file(cache_key *out, const char *engine_version,
                   uint32_t file_kind, cache_id content_id);
/* Module results: (rule pack, config, trees[0] = the module dir, then each
 * local module it calls (ntrees >= 1), the var files used). */
int cache_key_module(cache_key *out, const cache_key *rulepack,
                     const cache_key *config, const cache_id *trees,
                     size_t ntrees, const cache_id *var_files, size_t nvars);
/* Repository results: (rule pack, config, root tree id). */
int cache_key_repo(cache_key *out, const cache_key *rulepack,
                   const cache_key *config, cache_id root_tree);
/* The META entry of a repository (its size from the last sweep). */
int cache_key_meta_repo(cache_key *out, const char *repo_identity);
/* A tree walk's listing (stored in META): (config, root tree id). The
 * rules play no part in which files a walk finds. */
int cache_key_listing(cache_key *out, const cache_key *config,
                      cache_id root_tree);
/* The module keys whose value is "nothing" (a YAML or JSON file that is
 * not a template), of one tree of a large repository, in one META entry:
 * (rule pack, config, root tree id), the inputs of the keys it holds. */
int cache_key_nothing(cache_key *out, const cache_key *rulepack,
                      const cache_key *config, cache_id root_tree);

/* Flip one byte in the middle of every stored value, through LMDB (so
 * LMDB's own pages stay intact): the checksums make every entry bad, and
 * the next sweep must recompute them all with the same outputs. For
 * `mlsweep cache damage`, which tests and users run to check exactly
 * that. *damaged (may be NULL) counts the values. */
int cache_damage(cache *c, uint64_t *damaged, mls_diag *d);

/* Test hook: write `bytes` verbatim (no envelope) under key in one write
 * transaction, so tests can plant corrupt entries. */
int cache_debug_put_raw(cache *c, cache_db db, const cache_key *key,
                        const void *bytes, size_t len);

#endif
