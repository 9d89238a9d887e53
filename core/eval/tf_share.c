/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_share.c -- the sweep-wide table of Terraform files by
 * content (tf_share.h).
 *
 * Shared state and its lock: the table, the list of entries no loader
 * holds, every entry's reference count and byte count, the counters, and
 * whether each of an entry's trees is set: s->lock. An entry's bytes are
 * set before it is published and a tree before its `done` is set (both
 * under the lock), and neither changes until the entry is freed, which
 * happens only when no loader holds it; so a loader that got them under
 * the lock reads them without it. Parsing runs outside the lock: two
 * loaders may parse one file at once, and the second tree is dropped.
 */
#define _POSIX_C_SOURCE 200809L /* core/base/thread.h */

#include "core/eval/tf_share.h"
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"
#include "core/base/thread.h"
#include "parsers/hcl/json.h"

#include <string.h>

typedef struct share_tree {
  hcl_file *hcl; /* owned: the tree, set with done */
  mls_diag diag; /* owned: what parsing reported, with no path */
  bool done;     /* s->lock: hcl and diag are set */
} share_tree;

struct tf_share_ent {
  tf_share_ent *hnext; /* s->lock: the next in its bucket */
  tf_share_ent *older; /* s->lock: in the idle list, the next older */
  tf_share_ent *newer; /* s->lock: in the idle list, the next newer */
  tf_content_id id;    /* immutable */
  char *data;          /* owned, immutable: len bytes and a NUL */
  size_t len;          /* immutable */
  size_t bytes;        /* s->lock: data and trees, as counted in s->bytes */
  unsigned refs;       /* s->lock: loaders holding it */
  bool idle;           /* s->lock: in the idle list (refs == 0) */
  share_tree trees[TF_SH_NSYNTAX];
};

struct tf_share {
  mls_mutex lock;
  tf_share_ent **tab;            /* lock: cap buckets */
  size_t cap;                    /* lock: a power of two */
  size_t n;                      /* lock: entries */
  size_t bytes;                  /* lock: bytes of every entry */
  size_t max_bytes;              /* immutable */
  tf_share_ent *oldest, *newest; /* lock: entries no loader holds */
  tf_share_stats stats;          /* lock */
};

#define SHARE_MIN_BUCKETS 256

int tf_share_new(tf_share **out, size_t max_bytes)
{
  tf_share *s = mls_calloc(1, sizeof(*s));
  *out = NULL;
  if (!s) {
    return MLS_ENOMEM;
  }
  if (!(s->tab = mls_calloc(SHARE_MIN_BUCKETS, sizeof(*s->tab)))) {
    mls_free(s);
    return MLS_ENOMEM;
  }
  if (mls_mutex_init(&s->lock) != MLS_OK) {
    mls_free(s->tab);
    mls_free(s);
    return MLS_ENOMEM;
  }
  s->cap = SHARE_MIN_BUCKETS;
  s->max_bytes = max_bytes;
  *out = s;
  return MLS_OK;
}

static void ent_free(tf_share_ent *e)
{
  for (int i = 0; i < TF_SH_NSYNTAX; i++) {
    hcl_file_free(e->trees[i].hcl);
    mls_diag_dispose(&e->trees[i].diag);
  }
  mls_free(e->data);
  mls_free(e);
}

void tf_share_free(tf_share *s)
{
  if (!s) {
    return;
  }
  for (size_t i = 0; i < s->cap; i++) {
    tf_share_ent *e = s->tab[i], *next;
    for (; e; e = next) {
      next = e->hnext;
      ent_free(e);
    }
  }
  mls_free(s->tab);
  mls_mutex_dispose(&s->lock);
  mls_free(s);
}

/* The id's bucket: ids are hashes (git's), so their first bytes spread. */
static size_t bucket_of(const tf_share *s, const tf_content_id *id)
{
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < id->len && i < 8; i++) {
    h = (h ^ id->b[i]) * 1099511628211ull;
  }
  return (size_t)(h ^ (h >> 29)) & (s->cap - 1);
}

static bool id_eq(const tf_content_id *a, const tf_content_id *b)
{
  return a->len == b->len && memcmp(a->b, b->b, a->len) == 0;
}

static tf_share_ent **find_slot(tf_share *s, const tf_content_id *id)
{
  tf_share_ent **p = &s->tab[bucket_of(s, id)];
  while (*p && !id_eq(&(*p)->id, id)) {
    p = &(*p)->hnext;
  }
  return p;
}

/* Twice the buckets once there are more entries than buckets; staying
 * as it is when out of memory only makes chains longer. */
static void grow_table(tf_share *s)
{
  size_t ncap = s->cap * 2;
  tf_share_ent **nt, **old = s->tab;
  size_t ocap = s->cap;
  if (s->n <= s->cap || ncap > SIZE_MAX / sizeof(*nt) ||
      !(nt = mls_calloc(ncap, sizeof(*nt)))) {
    return;
  }
  s->tab = nt;
  s->cap = ncap;
  for (size_t i = 0; i < ocap; i++) {
    tf_share_ent *e = old[i], *next;
    for (; e; e = next) {
      size_t b = bucket_of(s, &e->id);
      next = e->hnext;
      e->hnext = nt[b];
      nt[b] = e;
    }
  }
  mls_free(old);
}

static void idle_unlink(tf_share *s, tf_share_ent *e)
{
  if (!e->idle) {
    return;
  }
  if (e->older) {
    e->older->newer = e->newer;
  } else {
    s->oldest = e->newer;
  }
  if (e->newer) {
    e->newer->older = e->older;
  } else {
    s->newest = e->older;
  }
  e->older = e->newer = NULL;
  e->idle = false;
}

/* Drop idle entries, oldest first, until the share is within its bound. */
static void evict(tf_share *s)
{
  while (s->bytes > s->max_bytes && s->oldest) {
    tf_share_ent *e = s->oldest, **p;
    idle_unlink(s, e);
    p = find_slot(s, &e->id);
    if (*p == e) {
      *p = e->hnext;
    }
    s->n--;
    s->bytes -= e->bytes;
    s->stats.evicted++;
    ent_free(e);
  }
}

bool tf_share_has(tf_share *s, const tf_content_id *id, size_t *len)
{
  bool has;
  mls_mutex_lock(&s->lock);
  {
    tf_share_ent *e = *find_slot(s, id);
    has = e != NULL;
    if (e) {
      *len = e->len;
    }
  }
  mls_mutex_unlock(&s->lock);
  return has;
}

tf_share_ent *tf__share_get(tf_share *s, const tf_content_id *id)
{
  tf_share_ent *e;
  mls_mutex_lock(&s->lock);
  if ((e = *find_slot(s, id)) != NULL) {
    idle_unlink(s, e);
    e->refs++;
    s->stats.hits++;
  }
  mls_mutex_unlock(&s->lock);
  return e;
}

tf_share_ent *tf__share_put(tf_share *s, const tf_content_id *id, char **data,
                            size_t len)
{
  tf_share_ent *e, **p;
  if (id->len == 0 || id->len > TF_CONTENT_ID_MAX) {
    return NULL;
  }
  mls_mutex_lock(&s->lock);
  p = find_slot(s, id);
  if ((e = *p) != NULL) {
    /* Read by two loaders at once: the first one's bytes are the same. */
    idle_unlink(s, e);
    e->refs++;
    s->stats.hits++;
    mls_mutex_unlock(&s->lock);
    mls_free(*data);
    *data = NULL;
    return e;
  }
  if (!(e = mls_calloc(1, sizeof(*e)))) {
    mls_mutex_unlock(&s->lock);
    return NULL; /* the caller keeps its bytes */
  }
  e->id = *id;
  e->data = *data;
  e->len = len;
  e->bytes = len + 1;
  e->refs = 1;
  *data = NULL;
  *p = e;
  s->n++;
  s->bytes += e->bytes;
  s->stats.reads++;
  grow_table(s);
  evict(s);
  mls_mutex_unlock(&s->lock);
  return e;
}

const char *tf__share_data(const tf_share_ent *e, size_t *len)
{
  *len = e->len;
  return e->data;
}

static int parse(hcl_file **out, const tf_share_ent *e, tf_share_syntax syn,
                 mls_diag *diag)
{
  if (syn == TF_SH_NATIVE) {
    return hcl_parse(out, e->data, e->len, diag);
  }
  return hcl_parse_json_ex(out, e->data, e->len, syn == TF_SH_JSON_VARS, diag);
}

int tf__share_tree(tf_share *s, tf_share_ent *e, tf_share_syntax syn,
                   const hcl_file **hcl, const mls_diag **diag)
{
  share_tree *t = &e->trees[syn];
  hcl_file *mine = NULL;
  mls_diag md = MLS_DIAG_INIT;
  bool done;
  int rc;

  mls_mutex_lock(&s->lock);
  if ((done = t->done)) {
    s->stats.reuses++;
  }
  mls_mutex_unlock(&s->lock);
  if (!done) {
    rc = parse(&mine, e, syn, &md);
    if (rc == MLS_ENOMEM) {
      /* Not the content's answer: nothing kept, the caller reports it. */
      hcl_file_free(mine);
      mls_diag_dispose(&md);
      return MLS_ENOMEM;
    }
    mls_mutex_lock(&s->lock);
    if (!t->done) {
      t->hcl = mine;
      t->diag = md;
      t->done = true;
      mine = NULL;
      md = (mls_diag)MLS_DIAG_INIT;
      if (t->hcl && t->hcl->arena) {
        size_t add = mls_arena_footprint(t->hcl->arena);
        e->bytes += add;
        s->bytes += add;
      }
      s->stats.parses++;
    } else {
      s->stats.reuses++;
    }
    mls_mutex_unlock(&s->lock);
    hcl_file_free(mine);
    mls_diag_dispose(&md);
  }
  *hcl = t->hcl;
  *diag = &t->diag;
  return MLS_OK;
}

void tf__share_release(tf_share *s, tf_share_ent *e)
{
  if (!e) {
    return;
  }
  mls_mutex_lock(&s->lock);
  if (--e->refs == 0) {
    e->older = s->newest;
    e->newer = NULL;
    if (s->newest) {
      s->newest->newer = e;
    } else {
      s->oldest = e;
    }
    s->newest = e;
    e->idle = true;
    evict(s);
  }
  mls_mutex_unlock(&s->lock);
}

void tf_share_get_stats(tf_share *s, tf_share_stats *out)
{
  mls_mutex_lock(&s->lock);
  *out = s->stats;
  mls_mutex_unlock(&s->lock);
}
