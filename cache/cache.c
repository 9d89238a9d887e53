/* SPDX-License-Identifier: Apache-2.0
 *
 * cache/cache.c -- the LMDB environment, reads, the batched writer, stats
 * and gc.
 *
 * Stage: opened once before workers start (CONVENTIONS section 6). Shared
 * state and its locks:
 *   - env, dbi[]: immutable after cache_open();
 *   - queue (puts, deletions of bad entries, last-used updates): c->qlock;
 *   - write transactions (flush, clear, gc, debug_put_raw): c->wlock, so
 *     this process has one writer at a time (LMDB also serialises writers
 *     across processes);
 *   - counters: _Atomic, no lock.
 * Lock order: wlock, then qlock; never the reverse. Read transactions take
 * no lock of ours. LMDB is opened with MDB_NOTLS (read transactions belong
 * to the caller, not the thread) and MDB_NOMETASYNC (a crash may lose the
 * last commit, never corrupt the file).
 */
#define _POSIX_C_SOURCE 200809L /* mkdir, strerror_r */
#define _DEFAULT_SOURCE         /* flock */

#include "cache/cache.h"
#include "cache/codec.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An entry's last-used time is rewritten when a hit finds it older than
 * this, so a warm sweep does not rewrite every value it reads. */
#define CACHE_TOUCH_SECS 3600u

typedef enum qop { Q_PUT, Q_DEL, Q_TOUCH } qop;

typedef struct qitem {
  struct qitem *next; /* next queued item */
  qop op;             /* what to do at flush */
  cache_db db;        /* which database */
  cache_key key;      /* which entry */
  size_t len;         /* bytes in v */
  uint8_t *v;         /* Q_PUT: the whole envelope; in the same block as
                         the item, or owned apart (cache_put_owned) */
} qitem;

/* A value this process put, kept in memory (the memo): what cache_get()
 * finds before LMDB. In the table and the FIFO while `listed`; freed when
 * no longer listed and no read transaction pins it. */
typedef struct memo_ent {
  struct memo_ent *hnext; /* mlock: the next in its bucket */
  struct memo_ent *fnext; /* mlock: the next newer one */
  struct memo_ent *fprev; /* mlock: the next older one */
  cache_db db;            /* which database */
  cache_key key;          /* which entry */
  size_t len;             /* payload bytes at data */
  unsigned pins;          /* mlock: read transactions holding data */
  bool listed;            /* mlock: in the table and the FIFO */
  uint8_t data[];         /* the payload (no envelope) */
} memo_ent;

struct cache {
  MDB_env *env;                /* immutable after cache_open() */
  int use_fd;                  /* owned: USE_LOCK held shared, or -1 */
  MDB_dbi dbi[CACHE_DB_COUNT]; /* immutable after cache_open() */
  size_t map_bytes;            /* immutable after cache_open() */
  pthread_mutex_t wlock;       /* one write transaction at a time */
  pthread_mutex_t qlock;       /* guards head, tail, qbytes */
  qitem *head, *tail;          /* qlock; queued in order, owned */
  size_t qbytes;               /* qlock; bytes of queued items */
  _Atomic uint64_t hits, misses, bad, puts, skipped;
  pthread_mutex_t mlock; /* guards the memo */
  memo_ent **mtab;       /* mlock: mcap buckets, owned */
  size_t mcap;           /* mlock: a power of two, or 0 */
  size_t mcount, mbytes; /* mlock: entries listed, their bytes */
  memo_ent *mold, *mnew; /* mlock: FIFO, oldest first */
};

struct cache_txn {
  cache *c;        /* borrowed */
  MDB_txn *t;      /* owned: an LMDB read transaction */
  memo_ent **pins; /* owned: memo values handed out, npins of capins */
  size_t npins, capins;
};

/* ---- the memo --------------------------------------------------------- */

static size_t memo_slot(const cache *c, cache_db db, const cache_key *key)
{
  uint64_t h;
  memcpy(&h, key->b, sizeof(h)); /* already a digest */
  return (size_t)(h ^ (uint64_t)db * 0x9E3779B97F4A7C15ull) & (c->mcap - 1);
}

static memo_ent *memo_find(const cache *c, cache_db db, const cache_key *key)
{
  if (!c->mcap) {
    return NULL;
  }
  for (memo_ent *e = c->mtab[memo_slot(c, db, key)]; e; e = e->hnext) {
    if (e->db == db && memcmp(e->key.b, key->b, sizeof(key->b)) == 0) {
      return e;
    }
  }
  return NULL;
}

/* Take e out of the table and the FIFO; freed unless pinned. */
static void memo_unlist(cache *c, memo_ent *e)
{
  memo_ent **pp = &c->mtab[memo_slot(c, e->db, &e->key)];
  while (*pp != e) {
    pp = &(*pp)->hnext;
  }
  *pp = e->hnext;
  if (e->fprev) {
    e->fprev->fnext = e->fnext;
  } else {
    c->mold = e->fnext;
  }
  if (e->fnext) {
    e->fnext->fprev = e->fprev;
  } else {
    c->mnew = e->fprev;
  }
  e->listed = false;
  c->mcount--;
  c->mbytes -= sizeof(*e) + e->len;
  if (!e->pins) {
    mls_free(e);
  }
}

/* Grow the table to at least one bucket per entry; false out of memory
 * (the memo then just keeps its size). */
static bool memo_grow(cache *c)
{
  size_t ncap = c->mcap ? c->mcap * 2 : 1024;
  memo_ent **nt = mls_calloc(ncap, sizeof(*nt)), **old = c->mtab;
  size_t ocap = c->mcap;
  if (!nt) {
    return false;
  }
  c->mtab = nt;
  c->mcap = ncap;
  for (size_t i = 0; i < ocap; i++) {
    memo_ent *e = old[i];
    while (e) {
      memo_ent *next = e->hnext;
      size_t s = memo_slot(c, e->db, &e->key);
      e->hnext = nt[s];
      nt[s] = e;
      e = next;
    }
  }
  mls_free(old);
  return true;
}

/* Keep a copy of payload (len bytes) under (db, key), in place of any
 * older one; the oldest values go past MLS_CACHE_MEMO_BYTES. Best-effort:
 * out of memory, nothing is kept. */
static void memo_put(cache *c, cache_db db, const cache_key *key,
                     const uint8_t *payload, size_t len)
{
  memo_ent *e, *old;
  if (len > MLS_CACHE_MEMO_BYTES / 4 || !(e = mls_malloc(sizeof(*e) + len))) {
    return;
  }
  e->db = db;
  e->key = *key;
  e->len = len;
  e->pins = 0;
  e->listed = true;
  e->fnext = NULL;
  if (len) {
    memcpy(e->data, payload, len); /* payload may be NULL when len is 0 */
  }
  pthread_mutex_lock(&c->mlock);
  if (c->mcount >= c->mcap && !memo_grow(c) && !c->mcap) {
    pthread_mutex_unlock(&c->mlock);
    mls_free(e);
    return;
  }
  if ((old = memo_find(c, db, key))) {
    memo_unlist(c, old);
  }
  {
    size_t s = memo_slot(c, db, key);
    e->hnext = c->mtab[s];
    c->mtab[s] = e;
  }
  e->fprev = c->mnew;
  if (c->mnew) {
    c->mnew->fnext = e;
  } else {
    c->mold = e;
  }
  c->mnew = e;
  c->mcount++;
  c->mbytes += sizeof(*e) + len;
  while (c->mbytes > MLS_CACHE_MEMO_BYTES && c->mold) {
    memo_unlist(c, c->mold);
  }
  pthread_mutex_unlock(&c->mlock);
}

static void memo_release(cache *c, memo_ent **v, size_t n)
{
  if (!n) {
    return;
  }
  pthread_mutex_lock(&c->mlock);
  for (size_t i = 0; i < n; i++) {
    if (--v[i]->pins == 0 && !v[i]->listed) {
      mls_free(v[i]);
    }
  }
  pthread_mutex_unlock(&c->mlock);
}

/* The memo's value for (db, key), pinned by t until cache_read_end(), or
 * NULL. */
static const memo_ent *memo_get(cache_txn *t, cache_db db, const cache_key *key)
{
  cache *c = t->c;
  memo_ent *e;
  pthread_mutex_lock(&c->mlock);
  if ((e = memo_find(c, db, key))) {
    e->pins++;
  }
  pthread_mutex_unlock(&c->mlock);
  if (!e) {
    return NULL; /* a miss allocates nothing */
  }
  if (t->npins == t->capins) {
    size_t ncap = t->capins ? t->capins * 2 : 8;
    memo_ent **nv = mls_realloc(t->pins, ncap * sizeof(*nv));
    if (!nv) {
      memo_release(c, &e, 1);
      return NULL; /* LMDB still has it, or will */
    }
    t->pins = nv;
    t->capins = ncap;
  }
  t->pins[t->npins++] = e;
  return e;
}

static void memo_free_all(cache *c)
{
  while (c->mold) {
    memo_unlist(c, c->mold);
  }
  mls_free(c->mtab);
  c->mtab = NULL;
  c->mcap = 0;
}

static const char *const db_names[CACHE_DB_COUNT] = { "files", "modules",
                                                      "repos", "meta" };

const char *cache_db_name(cache_db db)
{
  return (unsigned)db < CACHE_DB_COUNT ? db_names[db] : "?";
}

static uint64_t now_secs(void)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0) {
    return 0;
  }
  return (uint64_t)ts.tv_sec;
}

static int lmdb_fail(mls_diag *d, int err, const char *what)
{
  if (d) {
    mls_diag_add(d, MLS_EIO, NULL, "cache: %s: %s", what, mdb_strerror(err));
  }
  return MLS_EIO;
}

static int errno_fail(mls_diag *d, int err, const char *what, const char *path)
{
  char msg[256];
  if (strerror_r(err, msg, sizeof(msg)) != 0) {
    msg[0] = '\0';
  }
  if (d) {
    mls_diag_add(d, MLS_EIO, NULL, "cache: %s '%s': %s", what, path, msg);
  }
  return MLS_EIO;
}

bool cache_looks_filled(const char *dir)
{
  char path[MLS_MAX_PATH_BYTES + 16];
  struct stat st;
  int n = snprintf(path, sizeof(path), "%s/data.mdb", dir ? dir : "");

  /* An environment with only its named databases is a few 4 KB pages. */
  return dir && n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 &&
         S_ISREG(st.st_mode) && st.st_size > 64 * 1024;
}

int cache_default_dir(char **out, mls_diag *d)
{
  const char *x = getenv("XDG_CACHE_HOME");
  const char *base = NULL, *suffix = NULL;
  size_t n1, n2, total;

  *out = NULL;
  if (x && x[0] == '/') {
    base = x;
    suffix = "/mlsweep";
  } else {
    base = getenv("HOME");
    suffix = "/.cache/mlsweep";
    if (!base || base[0] != '/') {
      if (d) {
        mls_diag_add(d, MLS_ERROR, NULL,
                     "cache: neither XDG_CACHE_HOME nor HOME is an absolute "
                     "path; use --cache-dir or --no-cache");
      }
      return MLS_ERROR;
    }
    /* ~/.cache is made when missing, the home directory never: a service
     * account's HOME is often a path that must not exist (Debian's
     * /nonexistent). XDG_CACHE_HOME is made whole, as its spec asks. */
    struct stat st;
    if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode)) {
      if (d) {
        mls_diag_add(d, MLS_ERROR, NULL,
                     "cache: HOME (%s) is not a directory; use --cache-dir "
                     "or --no-cache",
                     base);
      }
      return MLS_ERROR;
    }
  }
  n1 = strlen(base);
  n2 = strlen(suffix);
  if (!mls_add_sz(&total, n1, n2) || !mls_add_sz(&total, total, 1)) {
    return MLS_ELIMIT;
  }
  *out = mls_malloc(total);
  if (!*out) {
    return MLS_ENOMEM;
  }
  memcpy(*out, base, n1);
  memcpy(*out + n1, suffix, n2 + 1);
  return MLS_OK;
}

/* mkdir -p for the default dir (parents 0700 too: they are ours). */
static int make_dirs(char *path, bool parents, mls_diag *d)
{
  if (parents) {
    for (char *p = path + 1; *p; p++) {
      if (*p != '/') {
        continue;
      }
      *p = '\0';
      int r = mkdir(path, 0700);
      int e = errno;
      *p = '/';
      if (r != 0 && e != EEXIST) {
        return errno_fail(d, e, "cannot create directory", path);
      }
    }
  }
  if (mkdir(path, 0700) != 0 && errno != EEXIST) {
    return errno_fail(d, errno, "cannot create directory", path);
  }
  struct stat st;
  if (stat(path, &st) != 0) {
    return errno_fail(d, errno, "cannot stat", path);
  }
  if (!S_ISDIR(st.st_mode)) {
    return errno_fail(d, ENOTDIR, "not a directory", path);
  }
  return MLS_OK;
}

/* The file every process that opens the environment holds a shared
 * flock(2) on, for as long as it has it open; cache_compact() replaces
 * data.mdb only while it holds it exclusively (no one else has the
 * environment open). */
#define USE_LOCK "use.lock"

/* USE_LOCK of dir, opened and locked with op (LOCK_SH, LOCK_EX|LOCK_NB):
 * its descriptor; -1 with errno when it cannot be (a read-only directory
 * then simply has no lock: nothing compacts it either). */
static int use_lock(const char *dir, int op)
{
  char p[MLS_MAX_PATH_BYTES + sizeof(USE_LOCK) + 2];
  int fd, n = snprintf(p, sizeof(p), "%s/%s", dir, USE_LOCK);
  if (n <= 0 || (size_t)n >= sizeof(p)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return -1;
  }
  while (flock(fd, op) != 0) {
    if (errno != EINTR) {
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
  }
  return fd;
}

int cache_open(cache **out, const char *dir, const cache_opts *opts,
               mls_diag *d)
{
  cache *c;
  char *path = NULL;
  MDB_txn *txn = NULL;
  int rc, err;

  *out = NULL;
  if (dir) {
    path = mls_strndup(dir, strlen(dir));
    if (!path) {
      return MLS_ENOMEM;
    }
  } else if ((rc = cache_default_dir(&path, d)) != MLS_OK) {
    return rc;
  }
  if ((rc = make_dirs(path, dir == NULL || (opts && opts->parents), d)) !=
      MLS_OK) {
    mls_free(path);
    return rc;
  }
  c = mls_calloc(1, sizeof(*c));
  if (!c) {
    mls_free(path);
    return MLS_ENOMEM;
  }
  /* Waits while `cache gc` or `cache clear` compacts the file. */
  c->use_fd = use_lock(path, LOCK_SH);
  c->map_bytes =
      opts && opts->map_bytes ? opts->map_bytes : MLS_CACHE_MAP_BYTES;
  if ((err = mdb_env_create(&c->env)) != 0) {
    rc = lmdb_fail(d, err, "mdb_env_create");
    goto fail;
  }
  if ((err = mdb_env_set_mapsize(c->env, c->map_bytes)) != 0 ||
      (err = mdb_env_set_maxdbs(c->env, CACHE_DB_COUNT)) != 0 ||
      (err = mdb_env_set_maxreaders(c->env, MLS_CACHE_MAX_READERS)) != 0) {
    rc = lmdb_fail(d, err, "configuring the environment");
    goto fail;
  }
  err = mdb_env_open(c->env, path, MDB_NOTLS | MDB_NOMETASYNC | MDB_NORDAHEAD,
                     0600);
  if (err != 0) {
    rc = err > 0 ? errno_fail(d, err, "cannot open cache in", path)
                 : lmdb_fail(d, err, "mdb_env_open");
    goto fail;
  }
  /* Free the reader slots of processes that were killed mid-read, so their
   * stale snapshots do not keep pages from being reused. */
  (void)mdb_reader_check(c->env, NULL);
  if ((err = mdb_txn_begin(c->env, NULL, 0, &txn)) != 0) {
    rc = lmdb_fail(d, err, "opening the databases");
    goto fail;
  }
  for (unsigned i = 0; i < CACHE_DB_COUNT; i++) {
    if ((err = mdb_dbi_open(txn, db_names[i], MDB_CREATE, &c->dbi[i])) != 0) {
      mdb_txn_abort(txn);
      rc = lmdb_fail(d, err, "opening a database");
      goto fail;
    }
  }
  if ((err = mdb_txn_commit(txn)) != 0) {
    rc = lmdb_fail(d, err, "opening the databases");
    goto fail;
  }
  pthread_mutex_init(&c->wlock, NULL);
  pthread_mutex_init(&c->qlock, NULL);
  pthread_mutex_init(&c->mlock, NULL);
  mls_free(path);
  *out = c;
  return MLS_OK;

fail:
  if (c->env) {
    mdb_env_close(c->env);
  }
  if (c->use_fd >= 0) {
    close(c->use_fd);
  }
  mls_free(c);
  mls_free(path);
  return rc;
}

static void item_free(qitem *q)
{
  if (q->v && q->v != (uint8_t *)(q + 1)) {
    mls_free(q->v); /* cache_put_owned()'s */
  }
  mls_free(q);
}

static void free_items(qitem *q)
{
  while (q) {
    qitem *next = q->next;
    item_free(q);
    q = next;
  }
}

void cache_close(cache *c)
{
  if (!c) {
    return;
  }
  (void)cache_flush(c, NULL);
  mdb_env_close(c->env);
  if (c->use_fd >= 0) {
    close(c->use_fd); /* after the environment: the lock covers its use */
  }
  free_items(c->head);
  memo_free_all(c);
  pthread_mutex_destroy(&c->wlock);
  pthread_mutex_destroy(&c->qlock);
  pthread_mutex_destroy(&c->mlock);
  mls_free(c);
}

int cache_read_begin(cache *c, cache_txn **out, mls_diag *d)
{
  cache_txn *t;
  int err;

  *out = NULL;
  t = mls_malloc(sizeof(*t));
  if (!t) {
    return MLS_ENOMEM;
  }
  t->c = c;
  t->pins = NULL;
  t->npins = t->capins = 0;
  if ((err = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &t->t)) != 0) {
    mls_free(t);
    return lmdb_fail(d, err, "beginning a read transaction");
  }
  *out = t;
  return MLS_OK;
}

void cache_read_end(cache_txn *t)
{
  if (t) {
    mdb_txn_abort(t->t);
    memo_release(t->c, t->pins, t->npins);
    mls_free(t->pins);
    mls_free(t);
  }
}

/* Queue an item; takes ownership of q. Returns false if it was refused. */
static bool enqueue(cache *c, qitem *q)
{
  bool ok = true;

  /* Every item counts, so repeated deletions or touches stay bounded. */
  size_t cost = sizeof(*q) + q->len;

  pthread_mutex_lock(&c->qlock);
  if (cost > MLS_CACHE_QUEUE_BYTES - c->qbytes) {
    ok = false;
  } else {
    q->next = NULL;
    if (c->tail) {
      c->tail->next = q;
    } else {
      c->head = q;
    }
    c->tail = q;
    c->qbytes += cost;
  }
  pthread_mutex_unlock(&c->qlock);
  if (!ok) {
    item_free(q);
  }
  return ok;
}

static void enqueue_op(cache *c, qop op, cache_db db, const cache_key *key)
{
  qitem *q = mls_malloc(sizeof(*q));
  if (!q) {
    return; /* best-effort: the entry is dealt with next time */
  }
  q->op = op;
  q->db = db;
  q->key = *key;
  q->v = NULL;
  q->len = 0;
  (void)enqueue(c, q);
}

int cache_get(cache *c, cache_txn *t, cache_db db, const cache_key *key,
              const void **bytes, size_t *len, mls_diag *d)
{
  MDB_val k = { sizeof(key->b), (void *)(uintptr_t)key->b }, v;
  const uint8_t *payload;
  const char *why;
  uint64_t last_used;
  int err;

  *bytes = NULL;
  *len = 0;
  if ((unsigned)db >= CACHE_DB_COUNT) {
    return MLS_ERROR;
  }
  {
    /* This sweep's own puts first: the writer may not have committed them
     * yet, and t's snapshot may be older than the commit. */
    const memo_ent *e = memo_get(t, db, key);
    if (e) {
      atomic_fetch_add(&c->hits, 1);
      *bytes = e->data;
      *len = e->len;
      return MLS_OK;
    }
  }
  err = mdb_get(t->t, c->dbi[db], &k, &v);
  if (err == MDB_NOTFOUND) {
    atomic_fetch_add(&c->misses, 1);
    return MLS_OK;
  }
  if (err != 0) {
    atomic_fetch_add(&c->misses, 1);
    return lmdb_fail(d, err, "reading an entry");
  }
  if (cache_envelope_decode(v.mv_data, v.mv_size, &payload, len, &last_used,
                            &why) != MLS_OK) {
    *len = 0;
    atomic_fetch_add(&c->misses, 1);
    atomic_fetch_add(&c->bad, 1);
    if (d) {
      mls_diag_note(d, MLS_EINPUT, MLS_SEV_WARNING, NULL,
                    "cache: bad entry in '%s' dropped (%s); recomputing",
                    db_names[db], why);
    }
    enqueue_op(c, Q_DEL, db, key);
    return MLS_OK;
  }
  atomic_fetch_add(&c->hits, 1);
  *bytes = payload;
  uint64_t now = now_secs(); /* last_used is untrusted: no overflow */
  if (now > last_used && now - last_used > CACHE_TOUCH_SECS) {
    enqueue_op(c, Q_TOUCH, db, key);
  }
  return MLS_OK;
}

/* Queue q, a put of envelope v (len bytes) under key in db; a put the
 * queue refuses is counted as skipped. */
static int put_item(cache *c, qitem *q, cache_db db, const cache_key *key,
                    uint8_t *v, size_t len)
{
  q->op = Q_PUT;
  q->db = db;
  q->key = *key;
  q->v = v;
  q->len = len;
  if (!enqueue(c, q)) {
    atomic_fetch_add(&c->skipped, 1);
  }
  return MLS_OK;
}

int cache_put(cache *c, cache_db db, const cache_key *key, const void *bytes,
              size_t len)
{
  qitem *q;

  if ((unsigned)db >= CACHE_DB_COUNT || (!bytes && len > 0)) {
    return MLS_ERROR;
  }
  if (len > MLS_CACHE_MAX_VALUE_BYTES) {
    atomic_fetch_add(&c->skipped, 1);
    return MLS_OK;
  }
  /* Item and envelope in one block (len is bounded). */
  if (!(q = mls_malloc(sizeof(*q) + CACHE_ENVELOPE_HEADER + len))) {
    return MLS_ENOMEM;
  }
  memo_put(c, db, key, bytes, len);
  return put_item(c, q, db, key, (uint8_t *)(q + 1),
                  cache_envelope_encode((uint8_t *)(q + 1),
                                        CACHE_ENVELOPE_HEADER + len, bytes, len,
                                        now_secs()));
}

_Static_assert(CACHE_PUT_ROOM == CACHE_ENVELOPE_HEADER,
               "the room cache_put_owned() fills is the envelope's header");

static int put_owned(cache *c, cache_db db, const cache_key *key, void *data,
                     size_t len, bool memo)
{
  uint8_t *v = data;
  qitem *q;

  if ((unsigned)db >= CACHE_DB_COUNT || !v) {
    mls_free(data);
    return MLS_ERROR;
  }
  if (len > MLS_CACHE_MAX_VALUE_BYTES) {
    atomic_fetch_add(&c->skipped, 1);
    mls_free(data);
    return MLS_OK;
  }
  if (!(q = mls_malloc(sizeof(*q)))) {
    mls_free(data);
    return MLS_ENOMEM;
  }
  /* A grown buffer's unused end goes back (in place for a large one). */
  {
    uint8_t *shrunk = mls_realloc(v, CACHE_PUT_ROOM + len);
    if (shrunk) {
      v = shrunk;
    }
  }
  cache_envelope_header(v, len, now_secs());
  if (memo) {
    memo_put(c, db, key, v + CACHE_ENVELOPE_HEADER, len);
  }
  return put_item(c, q, db, key, v, CACHE_ENVELOPE_HEADER + len);
}

int cache_put_owned(cache *c, cache_db db, const cache_key *key, void *data,
                    size_t len)
{
  return put_owned(c, db, key, data, len, true);
}

int cache_put_owned_later(cache *c, cache_db db, const cache_key *key,
                          void *data, size_t len)
{
  return put_owned(c, db, key, data, len, false);
}

static int apply(cache *c, MDB_txn *txn, const qitem *q)
{
  MDB_val k = { sizeof(q->key.b), (void *)(uintptr_t)q->key.b }, v;
  int err;

  switch (q->op) {
  case Q_PUT:
    v.mv_size = q->len;
    v.mv_data = (void *)(uintptr_t)q->v;
    err = mdb_put(txn, c->dbi[q->db], &k, &v, 0);
    if (err == 0) {
      atomic_fetch_add(&c->puts, 1);
    }
    return err;
  case Q_DEL:
    /* Delete only if still bad: another sweep may have rewritten it. */
    err = mdb_get(txn, c->dbi[q->db], &k, &v);
    if (err == 0 && cache_envelope_decode(v.mv_data, v.mv_size, NULL, NULL,
                                          NULL, NULL) != MLS_OK) {
      err = mdb_del(txn, c->dbi[q->db], &k, NULL);
    }
    return err == MDB_NOTFOUND ? 0 : err;
  case Q_TOUCH:
    err = mdb_get(txn, c->dbi[q->db], &k, &v);
    if (err == 0 && cache_envelope_decode(v.mv_data, v.mv_size, NULL, NULL,
                                          NULL, NULL) == MLS_OK) {
      uint8_t *copy = mls_malloc(v.mv_size);
      if (!copy) {
        return 0; /* best-effort */
      }
      memcpy(copy, v.mv_data, v.mv_size);
      cache_envelope_set_last_used(copy, now_secs());
      v.mv_data = copy;
      err = mdb_put(txn, c->dbi[q->db], &k, &v, 0);
      mls_free(copy);
    }
    return err == MDB_NOTFOUND ? 0 : err;
  }
  return 0;
}

size_t cache_queued_bytes(cache *c)
{
  size_t n;
  pthread_mutex_lock(&c->qlock);
  n = c->qbytes;
  pthread_mutex_unlock(&c->qlock);
  return n;
}

int cache_flush(cache *c, mls_diag *d)
{
  qitem *q;
  MDB_txn *txn;
  int err = 0, rc = MLS_OK;

  pthread_mutex_lock(&c->wlock);
  pthread_mutex_lock(&c->qlock);
  q = c->head;
  c->head = c->tail = NULL;
  c->qbytes = 0;
  pthread_mutex_unlock(&c->qlock);
  if (q) {
    if ((err = mdb_txn_begin(c->env, NULL, 0, &txn)) != 0) {
      rc = lmdb_fail(d, err, "beginning a write transaction");
    } else {
      /* Each item goes as soon as LMDB has copied it into the
       * transaction's pages: a failed batch is dropped whole anyway, and
       * a large value (a monorepo's report) is not held twice until the
       * commit. */
      while (q && err == 0) {
        qitem *next = q->next;
        err = apply(c, txn, q);
        item_free(q);
        q = next;
      }
      if (err != 0) {
        mdb_txn_abort(txn);
        rc = lmdb_fail(d, err, "writing a batch (not stored)");
      } else if ((err = mdb_txn_commit(txn)) != 0) {
        rc = lmdb_fail(d, err, "committing a batch (not stored)");
      }
    }
  }
  pthread_mutex_unlock(&c->wlock);
  free_items(q); /* what a failure left */
  return rc;
}

int cache_debug_put_raw(cache *c, cache_db db, const cache_key *key,
                        const void *bytes, size_t len)
{
  MDB_val k = { sizeof(key->b), (void *)(uintptr_t)key->b };
  MDB_val v = { len, (void *)(uintptr_t)bytes };
  MDB_txn *txn;
  int err;

  if ((unsigned)db >= CACHE_DB_COUNT) {
    return MLS_ERROR;
  }
  pthread_mutex_lock(&c->wlock);
  err = mdb_txn_begin(c->env, NULL, 0, &txn);
  if (err == 0) {
    err = mdb_put(txn, c->dbi[db], &k, &v, 0);
    if (err == 0) {
      err = mdb_txn_commit(txn);
    } else {
      mdb_txn_abort(txn);
    }
  }
  pthread_mutex_unlock(&c->wlock);
  return err ? MLS_EIO : MLS_OK;
}

int cache_damage(cache *c, uint64_t *damaged, mls_diag *d)
{
  MDB_txn *txn;
  MDB_cursor *cur = NULL;
  MDB_val k, v;
  uint64_t n = 0;
  int err;

  pthread_mutex_lock(&c->wlock);
  if ((err = mdb_txn_begin(c->env, NULL, 0, &txn)) != 0) {
    pthread_mutex_unlock(&c->wlock);
    return lmdb_fail(d, err, "beginning a write transaction");
  }
  for (int db = 0; db < CACHE_DB_COUNT && err == 0; db++) {
    if ((err = mdb_cursor_open(txn, c->dbi[db], &cur)) != 0) {
      break;
    }
    for (err = mdb_cursor_get(cur, &k, &v, MDB_FIRST); err == 0;
         err = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
      unsigned char *copy;
      if (v.mv_size == 0 || !(copy = mls_malloc(v.mv_size))) {
        continue;
      }
      memcpy(copy, v.mv_data, v.mv_size);
      copy[v.mv_size / 2] ^= 0x5a; /* inside the checksummed payload */
      v.mv_data = copy;
      err = mdb_cursor_put(cur, &k, &v, MDB_CURRENT);
      mls_free(copy);
      if (err != 0) {
        break;
      }
      n++;
    }
    mdb_cursor_close(cur);
    cur = NULL;
    if (err == MDB_NOTFOUND) {
      err = 0;
    }
  }
  if (err != 0) {
    mdb_txn_abort(txn);
    pthread_mutex_unlock(&c->wlock);
    return lmdb_fail(d, err, "damaging values");
  }
  err = mdb_txn_commit(txn);
  pthread_mutex_unlock(&c->wlock);
  if (err != 0) {
    return lmdb_fail(d, err, "committing damaged values");
  }
  if (damaged) {
    *damaged = n;
  }
  return MLS_OK;
}

int cache_stats(cache *c, cache_stats_t *st, mls_diag *d)
{
  MDB_txn *txn;
  int err;

  memset(st, 0, sizeof(*st));
  if ((err = mdb_txn_begin(c->env, NULL, MDB_RDONLY, &txn)) != 0) {
    return lmdb_fail(d, err, "beginning a read transaction");
  }
  for (unsigned i = 0; i < CACHE_DB_COUNT; i++) {
    MDB_stat s;
    if ((err = mdb_stat(txn, c->dbi[i], &s)) != 0) {
      mdb_txn_abort(txn);
      return lmdb_fail(d, err, "reading statistics");
    }
    st->entries[i] = s.ms_entries;
    st->bytes[i] = (uint64_t)s.ms_psize *
                   (s.ms_branch_pages + s.ms_leaf_pages + s.ms_overflow_pages);
  }
  mdb_txn_abort(txn);
  st->map_bytes = c->map_bytes;
  st->hits = atomic_load(&c->hits);
  st->misses = atomic_load(&c->misses);
  st->bad = atomic_load(&c->bad);
  st->puts = atomic_load(&c->puts);
  st->skipped_puts = atomic_load(&c->skipped);
  return MLS_OK;
}

int cache_clear(cache *c, mls_diag *d)
{
  MDB_txn *txn;
  int err;

  pthread_mutex_lock(&c->wlock);
  err = mdb_txn_begin(c->env, NULL, 0, &txn);
  for (unsigned i = 0; err == 0 && i < CACHE_DB_COUNT; i++) {
    err = mdb_drop(txn, c->dbi[i], 0);
    if (err != 0) {
      mdb_txn_abort(txn);
    }
  }
  if (err == 0) {
    err = mdb_txn_commit(txn);
  }
  pthread_mutex_unlock(&c->wlock);
  return err ? lmdb_fail(d, err, "clearing") : MLS_OK;
}

typedef struct gc_entry {
  uint64_t last_used; /* from the envelope */
  uint64_t bytes;     /* key + value */
  cache_key key;      /* which entry */
  cache_db db;        /* in which database */
} gc_entry;

static int gc_cmp(const void *a, const void *b)
{
  const gc_entry *x = a, *y = b;
  if (x->last_used != y->last_used) {
    return x->last_used < y->last_used ? -1 : 1;
  }
  if (x->db != y->db) {
    return x->db < y->db ? -1 : 1;
  }
  return memcmp(x->key.b, y->key.b, sizeof(x->key.b));
}

int cache_gc(cache *c, uint64_t max_age, uint64_t max_bytes, uint64_t *removed,
             mls_diag *d)
{
  MDB_txn *txn = NULL;
  MDB_cursor *cur = NULL;
  gc_entry *v = NULL;
  size_t n = 0, cap = 0;
  uint64_t now = now_secs(), total = 0, gone = 0;
  int err;

  if (removed) {
    *removed = 0;
  }
  pthread_mutex_lock(&c->wlock);
  if ((err = mdb_txn_begin(c->env, NULL, 0, &txn)) != 0) {
    goto out;
  }
  /* Pass 1: delete bad and expired entries; remember the rest. */
  for (unsigned i = 0; i < CACHE_DB_COUNT; i++) {
    MDB_val k, val;
    int op = MDB_FIRST;
    if ((err = mdb_cursor_open(txn, c->dbi[i], &cur)) != 0) {
      goto out;
    }
    while ((err = mdb_cursor_get(cur, &k, &val, (MDB_cursor_op)op)) == 0) {
      uint64_t lu = 0;
      bool bad = k.mv_size != sizeof(cache_key) ||
                 cache_envelope_decode(val.mv_data, val.mv_size, NULL, NULL,
                                       &lu, NULL) != MLS_OK;
      op = MDB_NEXT;
      if (bad || (max_age > 0 && now > lu && now - lu > max_age)) {
        if ((err = mdb_cursor_del(cur, 0)) != 0) {
          goto out;
        }
        gone++;
        continue; /* MDB_NEXT after a delete yields the next entry */
      }
      if (n == cap) {
        size_t ncap = cap ? cap * 2 : 256, bytes;
        gc_entry *nv;
        if (!mls_mul_sz(&bytes, ncap, sizeof(*v)) ||
            !(nv = mls_realloc(v, bytes))) {
          err = ENOMEM;
          goto out;
        }
        v = nv;
        cap = ncap;
      }
      v[n].last_used = lu;
      v[n].bytes = (uint64_t)k.mv_size + val.mv_size;
      memcpy(v[n].key.b, k.mv_data, sizeof(v[n].key.b));
      v[n].db = (cache_db)i;
      total += v[n].bytes;
      n++;
    }
    if (err != MDB_NOTFOUND) {
      goto out;
    }
    err = 0;
    mdb_cursor_close(cur);
    cur = NULL;
  }
  /* Pass 2: oldest first until the rest fits the budget. */
  if (max_bytes > 0 && total > max_bytes) {
    if (n > 1) {
      qsort(v, n, sizeof(*v), gc_cmp);
    }
    for (size_t i = 0; i < n && total > max_bytes; i++) {
      MDB_val k = { sizeof(v[i].key.b), v[i].key.b };
      if ((err = mdb_del(txn, c->dbi[v[i].db], &k, NULL)) != 0 &&
          err != MDB_NOTFOUND) {
        goto out;
      }
      err = 0;
      total -= v[i].bytes;
      gone++;
    }
  }
  err = mdb_txn_commit(txn);
  txn = NULL;

out:
  if (cur) {
    mdb_cursor_close(cur);
  }
  if (txn) {
    mdb_txn_abort(txn);
  }
  pthread_mutex_unlock(&c->wlock);
  mls_free(v);
  if (err == ENOMEM) {
    return MLS_ENOMEM;
  }
  if (err != 0) {
    return lmdb_fail(d, err, "collecting garbage");
  }
  if (removed) {
    *removed = gone;
  }
  return MLS_OK;
}

/* ---- compaction ------------------------------------------------------ */

/* The directory compaction writes the new file in, below the cache's. */
#define COMPACT_DIR "compact.tmp"

static uint64_t file_bytes(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && st.st_size > 0 ? (uint64_t)st.st_size : 0;
}

/* Flush path's data to disk: its rename must not leave an empty file
 * after a crash. */
static int sync_path(const char *path, int flags)
{
  int fd = open(path, flags | O_CLOEXEC), rc;
  if (fd < 0) {
    return -1;
  }
  rc = fsync(fd);
  close(fd);
  return rc;
}

int cache_compact(const char *dir, cache_compact_result *out, mls_diag *d)
{
  char data[MLS_MAX_PATH_BYTES + 32], tmp[MLS_MAX_PATH_BYTES + 32];
  char tmpdata[MLS_MAX_PATH_BYTES + 48], tmplock[MLS_MAX_PATH_BYTES + 48];
  MDB_env *env = NULL;
  int fd, err, rc = MLS_OK;

  memset(out, 0, sizeof(*out));
  if (snprintf(data, sizeof(data), "%s/data.mdb", dir) >= (int)sizeof(data) ||
      snprintf(tmp, sizeof(tmp), "%s/" COMPACT_DIR, dir) >= (int)sizeof(tmp)) {
    return MLS_ELIMIT;
  }
  snprintf(tmpdata, sizeof(tmpdata), "%s/data.mdb", tmp);
  snprintf(tmplock, sizeof(tmplock), "%s/lock.mdb", tmp);
  out->before = out->after = file_bytes(data);
  if (!out->before) {
    return MLS_OK; /* no cache here: nothing to compact */
  }
  /* Only while no other process has the environment open. */
  if ((fd = use_lock(dir, LOCK_EX | LOCK_NB)) < 0) {
    /* Held by another process; or no lock at all here (a file system
     * without flock, a read-only directory): then no process could say
     * it has the environment open, and the file stays as it is. */
    out->busy = errno == EWOULDBLOCK || errno == EAGAIN;
    out->unlocked = !out->busy;
    return MLS_OK;
  }
  /* What a killed compaction left. */
  (void)unlink(tmpdata);
  (void)unlink(tmplock);
  (void)rmdir(tmp);
  if (mkdir(tmp, 0700) != 0) {
    rc = errno_fail(d, errno, "cannot create directory", tmp);
    goto done;
  }
  if ((err = mdb_env_create(&env)) != 0 ||
      (err = mdb_env_set_mapsize(env, MLS_CACHE_MAP_BYTES)) != 0 ||
      (err = mdb_env_set_maxdbs(env, CACHE_DB_COUNT)) != 0 ||
      (err = mdb_env_set_maxreaders(env, MLS_CACHE_MAX_READERS)) != 0 ||
      (err = mdb_env_open(env, dir, MDB_NOTLS | MDB_NORDAHEAD, 0600)) != 0 ||
      (err = mdb_env_copy2(env, tmp, MDB_CP_COMPACT)) != 0) {
    rc = err > 0 ? errno_fail(d, err, "cannot compact the cache in", dir)
                 : lmdb_fail(d, err, "compacting");
    goto done;
  }
  mdb_env_close(env);
  env = NULL;
  /* The copy is whole on disk before it takes the old one's name; a
   * kill before the rename leaves the old file, after it the new one. */
  /* mdb_env_copy2() creates the copy by the umask; the cache holds
   * findings, and is the owner's alone as cache_open() made it. */
  if (chmod(tmpdata, 0600) != 0 || sync_path(tmpdata, O_RDONLY) != 0 ||
      rename(tmpdata, data) != 0) {
    rc = errno_fail(d, errno, "cannot replace", data);
    goto done;
  }
  (void)sync_path(dir, O_RDONLY | O_DIRECTORY);
  out->compacted = true;
  out->after = file_bytes(data);

done:
  if (env) {
    mdb_env_close(env);
  }
  (void)unlink(tmpdata);
  (void)unlink(tmplock);
  (void)rmdir(tmp);
  close(fd);
  return rc;
}
