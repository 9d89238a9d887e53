/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/cache/test_cache.c -- the LMDB content cache (cache/).
 *
 * Every test works in its own mkdtemp() directory, removed at the end.
 * Corrupt entries are planted with cache_debug_put_raw(), a raw LMDB write
 * of bytes that bypass the envelope encoder.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw, setenv */

#include "tests/unit/test_util.h"

#include "cache/cache.h"
#include "cache/codec.h"
#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/diag.h"
#include "core/base/rc.h"

#include <ftw.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

static char tmpdir[64];

static void make_tmp(void)
{
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/mls-cache-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

static void rm_tmp(void)
{
  chmod(tmpdir, 0700);
  nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static cache *open_ok(void)
{
  mls_diag d = MLS_DIAG_INIT;
  cache *c = NULL;
  cache_opts o = { (size_t)64 << 20, false };

  ck_assert_int_eq(cache_open(&c, tmpdir, &o, &d), MLS_OK);
  ck_assert_ptr_nonnull(c);
  ck_assert_uint_eq(d.n, 0);
  mls_diag_dispose(&d);
  return c;
}

static cache_key key_of(const char *s)
{
  cache_key k;
  ck_assert_int_eq(cache_key_meta_repo(&k, s), MLS_OK);
  return k;
}

/* Get key from db in a fresh read txn; returns a copy (mls_free) or NULL
 * on a miss. */
static char *get_copy(cache *c, cache_db db, const cache_key *k, mls_diag *d)
{
  cache_txn *t;
  const void *b;
  size_t n;
  char *out = NULL;

  ck_assert_int_eq(cache_read_begin(c, &t, d), MLS_OK);
  ck_assert_int_eq(cache_get(c, t, db, k, &b, &n, d), MLS_OK);
  if (b) {
    out = mls_strndup(b, n);
  } else {
    ck_assert_uint_eq(n, 0);
  }
  cache_read_end(t);
  return out;
}

/* Key in db holds want (fails the test otherwise). */
static void holds(cache *c, cache_db db, const cache_key *k, const char *want,
                  mls_diag *d)
{
  char *v = get_copy(c, db, k, d);
  ck_assert_ptr_nonnull(v);
  ck_assert_str_eq(v, want);
  mls_free(v);
}

/* c closed (which commits what is queued) and the directory opened again. */
static cache *reopened(cache *c)
{
  cache_close(c);
  return open_ok();
}

START_TEST(cache_cache__round_trip_and_reopen)
{
  cache_key k = key_of("repo-a"), k2 = key_of("repo-b");
  mls_diag d = MLS_DIAG_INIT;
  cache *c;
  char *v;

  make_tmp();
  c = open_ok();
  v = get_copy(c, CACHE_DB_FILES, &k, &d);
  ck_assert_ptr_null(v);
  ck_assert_int_eq(cache_put(c, CACHE_DB_FILES, &k, "hello", 5), MLS_OK);
  ck_assert_int_eq(cache_put(c, CACHE_DB_REPOS, &k2, "", 0), MLS_OK);
  /* Visible to this process at once (the memo), before the batch is
   * committed. */
  holds(c, CACHE_DB_FILES, &k, "hello", &d);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  holds(c, CACHE_DB_FILES, &k, "hello", &d);
  /* The same key in another database is another entry. */
  v = get_copy(c, CACHE_DB_MODULES, &k, &d);
  ck_assert_ptr_null(v);
  holds(c, CACHE_DB_REPOS, &k2, "", &d);

  c = reopened(c);
  holds(c, CACHE_DB_FILES, &k, "hello", &d);
  /* cache_close() flushes what is queued. */
  ck_assert_int_eq(cache_put(c, CACHE_DB_META, &k, "42", 2), MLS_OK);
  c = reopened(c);
  holds(c, CACHE_DB_META, &k, "42", &d);
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

START_TEST(cache_cache__keys_differ_per_field)
{
  cache_key a, b, rp, cf, rp2;
  uint8_t blob1[20] = { 1 }, blob2[20] = { 2 };
  cache_id id1 = { blob1, sizeof(blob1) }, id2 = { blob2, sizeof(blob2) };
  cache_id trees[2] = { { blob1, 20 }, { blob2, 20 } };

  ck_assert_int_eq(cache_key_file(&a, "1", 1, id1), MLS_OK);
  ck_assert_int_eq(cache_key_file(&b, "1", 1, id1), MLS_OK);
  ck_assert_mem_eq(a.b, b.b, 16);
  ck_assert_int_eq(cache_key_file(&b, "2", 1, id1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_file(&b, "1", 2, id1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_file(&b, "1", 1, id2), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);

  cache_key_content(&rp, "rules", 5);
  cache_key_content(&rp2, "rules2", 6);
  cache_key_content(&cf, "config", 6);
  ck_assert(memcmp(rp.b, rp2.b, 16) != 0);
  ck_assert_int_eq(cache_key_repo(&a, &rp, &cf, id1), MLS_OK);
  ck_assert_int_eq(cache_key_repo(&b, &rp2, &cf, id1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_repo(&b, &rp, &rp2, id1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_repo(&b, &rp, &cf, id2), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  /* A tree's "nothing" bundle has the repo key's fields, not its key. */
  ck_assert_int_eq(cache_key_nothing(&b, &rp, &cf, id1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_nothing(&a, &rp, &cf, id2), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  ck_assert_int_eq(cache_key_repo(&a, &rp, &cf, id1), MLS_OK);

  ck_assert_int_eq(cache_key_module(&a, &rp, &cf, trees, 1, NULL, 0), MLS_OK);
  ck_assert_int_eq(cache_key_module(&b, &rp, &cf, trees, 2, NULL, 0), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  /* A tree id and a var file with the same bytes are different fields. */
  ck_assert_int_eq(cache_key_module(&a, &rp, &cf, trees, 1, &id2, 1), MLS_OK);
  ck_assert(memcmp(a.b, b.b, 16) != 0);
  /* A module needs its own tree. */
  ck_assert_int_eq(cache_key_module(&a, &rp, &cf, trees, 0, NULL, 0),
                   MLS_ERROR);
}
END_TEST

/* The documented input of a key, hashed in one call: kind (u32), then
 * each field as tag (u32), length (u64), bytes, little-endian. */
static void put_le(unsigned char *p, uint64_t v, unsigned n)
{
  for (unsigned i = 0; i < n; i++) {
    p[i] = (unsigned char)(v >> (8 * i));
  }
}

static size_t put_field(unsigned char *at, unsigned tag, const void *p,
                        size_t len)
{
  put_le(at, tag, 4);
  put_le(at + 4, len, 8);
  memcpy(at + 12, p, len);
  return 12 + len;
}

START_TEST(cache_cache__key_is_the_hash_of_its_fields)
{
  /* Short (held inline) and long (past CACHE_KB_INLINE: streamed) keys
   * hash the same bytes as one XXH3-128 call over the whole input. */
  static const size_t ntrees[] = { 1, 40 };
  cache_key rp, cf, got;
  memset(rp.b, 0x11, sizeof(rp.b));
  memset(cf.b, 0x22, sizeof(cf.b));
  for (size_t t = 0; t < 2; t++) {
    unsigned char in[4096], tree[20];
    cache_id ids[40];
    size_t n = 0;
    XXH128_canonical_t c;
    memset(tree, 0x33, sizeof(tree));
    for (size_t i = 0; i < ntrees[t]; i++) {
      ids[i].p = tree;
      ids[i].len = sizeof(tree);
    }
    ck_assert_int_eq(cache_key_module(&got, &rp, &cf, ids, ntrees[t], NULL, 0),
                     MLS_OK);
    put_le(in, CACHE_KEY_MODULE, 4);
    n = 4;
    n += put_field(in + n, CACHE_F_RULEPACK, rp.b, sizeof(rp.b));
    n += put_field(in + n, CACHE_F_CONFIG, cf.b, sizeof(cf.b));
    for (size_t i = 0; i < ntrees[t]; i++) {
      n += put_field(in + n, CACHE_F_TREE_ID, tree, sizeof(tree));
    }
    ck_assert(t == 0 ? n <= CACHE_KB_INLINE : n > CACHE_KB_INLINE);
    XXH128_canonicalFromHash(&c, XXH3_128bits(in, n));
    ck_assert_int_eq(memcmp(got.b, c.digest, sizeof(got.b)), 0);
  }
}
END_TEST

START_TEST(cache_cache__builder_enforces_schema)
{
  cache_key_builder b;
  cache_key k;

  /* Missing field. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_FILE), MLS_OK);
  cache_kb_str(&b, CACHE_F_ENGINE_VERSION, "1");
  cache_kb_bytes(&b, CACHE_F_CONTENT_ID, "x", 1);
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_ERROR);
  /* Forgotten last field. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_FILE), MLS_OK);
  cache_kb_str(&b, CACHE_F_ENGINE_VERSION, "1");
  cache_kb_u64(&b, CACHE_F_FILE_KIND, 1);
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_ERROR);
  /* Out of order. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_FILE), MLS_OK);
  cache_kb_u64(&b, CACHE_F_FILE_KIND, 1);
  cache_kb_str(&b, CACHE_F_ENGINE_VERSION, "1");
  cache_kb_bytes(&b, CACHE_F_CONTENT_ID, "x", 1);
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_ERROR);
  /* Repeated single field; foreign tag. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_META_REPO), MLS_OK);
  cache_kb_str(&b, CACHE_F_REPO_ID, "a");
  cache_kb_str(&b, CACHE_F_REPO_ID, "a");
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_ERROR);
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_META_REPO), MLS_OK);
  cache_kb_str(&b, CACHE_F_ROOT_TREE, "a");
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_ERROR);
  /* Complete. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_FILE), MLS_OK);
  cache_kb_str(&b, CACHE_F_ENGINE_VERSION, "1");
  cache_kb_u64(&b, CACHE_F_FILE_KIND, 1);
  cache_kb_bytes(&b, CACHE_F_CONTENT_ID, "x", 1);
  ck_assert_int_eq(cache_kb_final(&b, &k), MLS_OK);
  /* Dispose without final. */
  ck_assert_int_eq(cache_kb_init(&b, CACHE_KEY_REPO), MLS_OK);
  cache_kb_dispose(&b);
  cache_kb_dispose(&b);
}
END_TEST

/* Plant raw bytes under k, read: must be a miss with a diagnostic, and the
 * next flush deletes the entry. */
static void expect_dropped(cache *c, const cache_key *k, const void *raw,
                           size_t n, const char *why)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_stats_t st;
  char *v;

  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_FILES, k, raw, n), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES], 1);
  v = get_copy(c, CACHE_DB_FILES, k, &d);
  ck_assert_ptr_null(v);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_int_eq(d.v[0].rc, MLS_EINPUT);
  ck_assert_msg(strstr(d.v[0].message, why) != NULL, "%s", d.v[0].message);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES], 0);
  ck_assert_uint_eq(d.n, 1);
  mls_diag_dispose(&d);
}

START_TEST(cache_cache__corrupt_entries_are_dropped)
{
  cache_key k = key_of("x");
  uint8_t good[64], bad[64];
  size_t n;
  cache *c;
  cache_stats_t st;
  mls_diag d = MLS_DIAG_INIT;

  make_tmp();
  c = open_ok();
  n = cache_envelope_encode(good, sizeof(good), "payload bytes", 13, 1);
  ck_assert_uint_eq(n, CACHE_ENVELOPE_HEADER + 13);

  memcpy(bad, good, n);
  bad[n - 1] ^= 0x40; /* flipped payload byte */
  expect_dropped(c, &k, bad, n, "checksum");
  memcpy(bad, good, n);
  bad[17] ^= 1; /* flipped checksum byte */
  expect_dropped(c, &k, bad, n, "checksum");
  expect_dropped(c, &k, good, n - 3, "length"); /* truncated */
  expect_dropped(c, &k, good, 10, "shorter");   /* shorter than a header */
  expect_dropped(c, &k, good, 0, "shorter");
  memcpy(bad, good, n);
  bad[4] = 9; /* wrong version */
  expect_dropped(c, &k, bad, n, "version");
  memcpy(bad, good, n);
  bad[0] = 'X'; /* wrong magic */
  expect_dropped(c, &k, bad, n, "magic");
  memcpy(bad, good, n);
  bad[8] = 0xFF; /* huge claimed length */
  bad[13] = 0xFF;
  expect_dropped(c, &k, bad, n, "length");

  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.bad, 8);
  ck_assert_uint_eq(st.misses, 8);
  ck_assert_uint_eq(st.hits, 0);

  /* A good entry rewritten before the flush is not deleted. */
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_FILES, &k, bad, n), MLS_OK);
  ck_assert_ptr_null(get_copy(c, CACHE_DB_FILES, &k, &d));
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_FILES, &k, good, n), MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  char *v = get_copy(c, CACHE_DB_FILES, &k, &d);
  ck_assert_str_eq(v, "payload bytes");
  mls_free(v);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

START_TEST(cache_cache__stats_clear_gc)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_stats_t st;
  uint64_t removed = 0;
  uint8_t old[64];
  char big[1000];
  cache *c;
  size_t n;

  make_tmp();
  c = open_ok();
  memset(big, 'b', sizeof(big));
  for (int i = 0; i < 10; i++) {
    char name[16];
    snprintf(name, sizeof(name), "k%d", i);
    cache_key k = key_of(name);
    ck_assert_int_eq(
        cache_put(c, (cache_db)(i % CACHE_DB_COUNT), &k, big, sizeof(big)),
        MLS_OK);
  }
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES] + st.entries[CACHE_DB_MODULES] +
                        st.entries[CACHE_DB_REPOS] + st.entries[CACHE_DB_META],
                    10);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES], 3);
  ck_assert_uint_gt(st.bytes[CACHE_DB_FILES], 0);
  ck_assert_uint_eq(st.puts, 10);

  /* Two entries last used long ago; max_age removes exactly them. */
  n = cache_envelope_encode(old, sizeof(old), "old", 3, 1000);
  cache_key o1 = key_of("old1"), o2 = key_of("old2");
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_MODULES, &o1, old, n),
                   MLS_OK);
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_REPOS, &o2, old, n), MLS_OK);
  ck_assert_int_eq(cache_gc(c, 86400, 0, &removed, &d), MLS_OK);
  ck_assert_uint_eq(removed, 2);

  /* An old entry is the first to go under a size budget. */
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_MODULES, &o1, old, n),
                   MLS_OK);
  ck_assert_int_eq(cache_gc(c, 0, 10 * (16 + 32 + sizeof(big)), &removed, &d),
                   MLS_OK);
  ck_assert_uint_eq(removed, 1);
  ck_assert_ptr_null(get_copy(c, CACHE_DB_MODULES, &o1, &d));
  /* Budget for 4 entries: 6 removed. */
  ck_assert_int_eq(cache_gc(c, 0, 4 * (16 + 32 + sizeof(big)), &removed, &d),
                   MLS_OK);
  ck_assert_uint_eq(removed, 6);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES] + st.entries[CACHE_DB_MODULES] +
                        st.entries[CACHE_DB_REPOS] + st.entries[CACHE_DB_META],
                    4);
  /* A hit on an old entry renews its last-used time at the next flush, so
   * an age-limited gc keeps it. */
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_MODULES, &o1, old, n),
                   MLS_OK);
  char *ov = get_copy(c, CACHE_DB_MODULES, &o1, &d);
  ck_assert_str_eq(ov, "old");
  mls_free(ov);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_gc(c, 86400, 0, &removed, &d), MLS_OK);
  ck_assert_uint_eq(removed, 0);
  ck_assert_int_eq(cache_gc(c, 0, 4 * (16 + 32 + sizeof(big)), &removed, &d),
                   MLS_OK);
  ck_assert_uint_eq(removed, 1);
  /* gc deletes bad entries too. */
  cache_key b = key_of("bad");
  ck_assert_int_eq(cache_debug_put_raw(c, CACHE_DB_META, &b, "junk", 4),
                   MLS_OK);
  ck_assert_int_eq(cache_gc(c, 0, 0, &removed, &d), MLS_OK);
  ck_assert_uint_eq(removed, 1);

  ck_assert_int_eq(cache_clear(c, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  for (unsigned i = 0; i < CACHE_DB_COUNT; i++) {
    ck_assert_uint_eq(st.entries[i], 0);
  }
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

typedef struct writer_arg {
  cache *c;
  int n;
} writer_arg;

static void *writer_main(void *p)
{
  writer_arg *a = p;
  for (int i = 0; i < a->n; i++) {
    char name[16];
    cache_key k;
    snprintf(name, sizeof(name), "w%d", i);
    (void)cache_key_meta_repo(&k, name);
    (void)cache_put(a->c, CACHE_DB_FILES, &k, name, strlen(name));
    if (i % 10 == 9) {
      (void)cache_flush(a->c, NULL);
    }
  }
  (void)cache_flush(a->c, NULL);
  return NULL;
}

START_TEST(cache_cache__readers_with_a_writer_thread)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_key k0 = key_of("fixed");
  cache_txn *t1, *t2;
  const void *b1, *b2;
  size_t n1, n2;
  writer_arg a;
  pthread_t th;
  cache *c;

  make_tmp();
  c = open_ok();
  ck_assert_int_eq(cache_put(c, CACHE_DB_FILES, &k0, "v0", 2), MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_read_begin(c, &t1, &d), MLS_OK);
  ck_assert_int_eq(cache_read_begin(c, &t2, &d), MLS_OK);
  a.c = c;
  a.n = 200;
  ck_assert_int_eq(pthread_create(&th, NULL, writer_main, &a), 0);
  for (int i = 0; i < 200; i++) {
    ck_assert_int_eq(cache_get(c, t1, CACHE_DB_FILES, &k0, &b1, &n1, &d),
                     MLS_OK);
    ck_assert_int_eq(cache_get(c, t2, CACHE_DB_FILES, &k0, &b2, &n2, &d),
                     MLS_OK);
    ck_assert_ptr_nonnull(b1);
    ck_assert_ptr_nonnull(b2);
    ck_assert_mem_eq(b1, "v0", 2);
    ck_assert_mem_eq(b2, "v0", 2);
  }
  ck_assert_int_eq(pthread_join(th, NULL), 0);
  /* This process's own puts: seen at once, whatever the snapshot (the
   * memo). */
  cache_key kw = key_of("w5");
  ck_assert_int_eq(cache_get(c, t1, CACHE_DB_FILES, &kw, &b1, &n1, &d), MLS_OK);
  ck_assert_ptr_nonnull(b1);
  ck_assert_mem_eq(b1, "w5", 2);
  cache_read_end(t1);
  cache_read_end(t2);
  char *v = get_copy(c, CACHE_DB_FILES, &kw, &d);
  ck_assert_str_eq(v, "w5");
  mls_free(v);
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

/* A value this process put is a hit before the writer commits it, for a
 * transaction begun earlier too; one over a quarter of the memo's budget
 * is not kept, so only LMDB has it: not before the commit, and not for a
 * snapshot older than the commit. */
START_TEST(cache_cache__memo_serves_own_puts)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_key small = key_of("small"), big = key_of("big");
  size_t nbig = MLS_CACHE_MEMO_BYTES / 4 + 1;
  char *bigv = mls_malloc(nbig);
  cache_txn *old;
  const void *b;
  size_t n;
  cache *c;

  ck_assert_ptr_nonnull(bigv);
  memset(bigv, 'b', nbig);
  make_tmp();
  c = open_ok();
  ck_assert_int_eq(cache_read_begin(c, &old, &d), MLS_OK);
  ck_assert_int_eq(cache_put(c, CACHE_DB_MODULES, &small, "units", 5), MLS_OK);
  ck_assert_int_eq(cache_put(c, CACHE_DB_REPOS, &big, bigv, nbig), MLS_OK);
  ck_assert_int_eq(cache_get(c, old, CACHE_DB_MODULES, &small, &b, &n, &d),
                   MLS_OK);
  ck_assert_ptr_nonnull(b);
  ck_assert_uint_eq(n, 5);
  ck_assert_mem_eq(b, "units", 5);
  /* Another database: another entry. */
  ck_assert_int_eq(cache_get(c, old, CACHE_DB_FILES, &small, &b, &n, &d),
                   MLS_OK);
  ck_assert_ptr_null(b);
  ck_assert_int_eq(cache_get(c, old, CACHE_DB_REPOS, &big, &b, &n, &d), MLS_OK);
  ck_assert_ptr_null(b);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  /* The old snapshot still does not have it; a new transaction does. */
  ck_assert_int_eq(cache_get(c, old, CACHE_DB_REPOS, &big, &b, &n, &d), MLS_OK);
  ck_assert_ptr_null(b);
  cache_read_end(old);
  ck_assert_int_eq(cache_read_begin(c, &old, &d), MLS_OK);
  ck_assert_int_eq(cache_get(c, old, CACHE_DB_REPOS, &big, &b, &n, &d), MLS_OK);
  ck_assert_uint_eq(n, nbig);
  ck_assert_mem_eq(b, bigv, nbig);
  cache_read_end(old);
  /* A later put of the same key replaces the kept value. */
  ck_assert_int_eq(cache_put(c, CACHE_DB_MODULES, &small, "again", 5), MLS_OK);
  holds(c, CACHE_DB_MODULES, &small, "again", &d);
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_free(bigv);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

/* The memo keeps MLS_CACHE_MEMO_BYTES of values, the oldest going first
 * (until committed they are then misses), and a value a transaction was
 * given stays intact until that transaction ends, even once dropped. */
START_TEST(cache_cache__memo_is_bounded_and_pins)
{
  mls_diag d = MLS_DIAG_INIT;
  size_t each = MLS_CACHE_MEMO_BYTES / 8, nput = 20;
  char *v = mls_malloc(each), name[32];
  cache_txn *t;
  const void *first;
  size_t n;
  cache_key k;
  cache *c;

  ck_assert_ptr_nonnull(v);
  make_tmp();
  c = open_ok();
  memset(v, 'a', each);
  k = key_of("v0");
  ck_assert_int_eq(cache_put(c, CACHE_DB_MODULES, &k, v, each), MLS_OK);
  ck_assert_int_eq(cache_read_begin(c, &t, &d), MLS_OK);
  ck_assert_int_eq(cache_get(c, t, CACHE_DB_MODULES, &k, &first, &n, &d),
                   MLS_OK);
  ck_assert_ptr_nonnull(first);
  for (size_t i = 1; i < nput; i++) {
    snprintf(name, sizeof(name), "v%zu", i);
    k = key_of(name);
    memset(v, 'a' + (int)(i % 26), each);
    ck_assert_int_eq(cache_put(c, CACHE_DB_MODULES, &k, v, each), MLS_OK);
  }
  /* v0 was dropped from the memo long ago, and is pinned: intact (one
   * assertion, not one per byte: 2M of them took seconds on a busy
   * machine). */
  {
    size_t bad = each;
    for (size_t i = 0; i < each && bad == each; i++) {
      bad = ((const char *)first)[i] == 'a' ? each : i;
    }
    ck_assert_uint_eq(bad, each);
  }
  cache_read_end(t);
  {
    size_t kept = 0;
    for (size_t i = 0; i < nput; i++) {
      char *got;
      snprintf(name, sizeof(name), "v%zu", i);
      k = key_of(name);
      got = get_copy(c, CACHE_DB_MODULES, &k, &d);
      kept += got != NULL;
      if (i >= nput - 4) {
        ck_assert_ptr_nonnull(got); /* the newest are kept */
      }
      mls_free(got);
    }
    ck_assert_uint_le(kept * (each + 64), MLS_CACHE_MEMO_BYTES + each);
    ck_assert_uint_lt(kept, nput);
  }
  /* Committed, every one is there again. */
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  for (size_t i = 0; i < nput; i++) {
    char *got;
    snprintf(name, sizeof(name), "v%zu", i);
    k = key_of(name);
    ck_assert_ptr_nonnull(got = get_copy(c, CACHE_DB_MODULES, &k, &d));
    mls_free(got);
  }
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_free(v);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

START_TEST(cache_cache__bad_dirs_are_clean_errors)
{
  mls_diag d = MLS_DIAG_INIT;
  char path[128];
  cache *c = (cache *)&d; /* must be reset to NULL */
  FILE *f;

  make_tmp();
  snprintf(path, sizeof(path), "%s/missing/deeper", tmpdir);
  ck_assert_int_eq(cache_open(&c, path, NULL, &d), MLS_EIO);
  ck_assert_ptr_null(c);
  ck_assert_uint_eq(d.n, 1);
  mls_diag_clear(&d);

  snprintf(path, sizeof(path), "%s/file", tmpdir);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fclose(f);
  ck_assert_int_eq(cache_open(&c, path, NULL, &d), MLS_EIO);
  ck_assert_ptr_null(c);
  ck_assert_uint_eq(d.n, 1);
  mls_diag_clear(&d);

  if (geteuid() != 0) { /* root writes anywhere */
    snprintf(path, sizeof(path), "%s/ro", tmpdir);
    ck_assert_int_eq(mkdir(path, 0500), 0);
    ck_assert_int_eq(cache_open(&c, path, NULL, &d), MLS_EIO);
    ck_assert_ptr_null(c);
    ck_assert_uint_ge(d.n, 1);
    chmod(path, 0700);
  }
  /* A new leaf directory is created 0700. */
  snprintf(path, sizeof(path), "%s/new", tmpdir);
  ck_assert_int_eq(cache_open(&c, path, NULL, &d), MLS_OK);
  struct stat st;
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_uint_eq(st.st_mode & 0777, 0700);
  cache_close(c);
  cache_close(NULL);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

START_TEST(cache_cache__default_dir)
{
  mls_diag d = MLS_DIAG_INIT;
  char *old_x = getenv("XDG_CACHE_HOME");
  char *old_h = getenv("HOME");
  char *sx = old_x ? mls_strndup(old_x, strlen(old_x)) : NULL;
  char *sh = old_h ? mls_strndup(old_h, strlen(old_h)) : NULL;
  char *dir = NULL;

  setenv("XDG_CACHE_HOME", "/x/y", 1);
  ck_assert_int_eq(cache_default_dir(&dir, &d), MLS_OK);
  ck_assert_str_eq(dir, "/x/y/mlsweep");
  mls_free(dir);
  setenv("XDG_CACHE_HOME", "relative", 1);
  setenv("HOME", "/tmp", 1);
  ck_assert_int_eq(cache_default_dir(&dir, &d), MLS_OK);
  ck_assert_str_eq(dir, "/tmp/.cache/mlsweep");
  mls_free(dir);
  /* A HOME that does not exist is never made (Debian's /nonexistent). */
  setenv("HOME", "/nonexistent/mlsweep-test", 1);
  ck_assert_int_eq(cache_default_dir(&dir, &d), MLS_ERROR);
  ck_assert_ptr_null(dir);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_ptr_nonnull(strstr(d.v[0].message, "is not a directory"));
  unsetenv("XDG_CACHE_HOME");
  unsetenv("HOME");
  ck_assert_int_eq(cache_default_dir(&dir, &d), MLS_ERROR);
  ck_assert_ptr_null(dir);
  ck_assert_uint_eq(d.n, 2);
  if (sx) {
    setenv("XDG_CACHE_HOME", sx, 1);
  }
  if (sh) {
    setenv("HOME", sh, 1);
  }
  mls_free(sx);
  mls_free(sh);
  mls_diag_dispose(&d);
}
END_TEST

START_TEST(cache_cache__oversized_put_is_skipped)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_key k = key_of("big");
  cache_stats_t st;
  cache *c;

  make_tmp();
  c = open_ok();
  /* The length alone decides; the bytes are never read. */
  ck_assert_int_eq(cache_put(c, CACHE_DB_FILES, &k, "x", (size_t)1 << 40),
                   MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.skipped_puts, 1);
  ck_assert_uint_eq(st.entries[CACHE_DB_FILES], 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

/* cache_put_owned() stores the value behind its room, as cache_put()
 * would, and takes the buffer in every case: stored, too big (skipped),
 * or queued and never flushed (cache_close() commits it). ASan checks
 * that each is freed once. */
START_TEST(cache_cache__owned_put_takes_the_buffer)
{
  mls_diag d = MLS_DIAG_INIT;
  cache_key k = key_of("owned"), k2 = key_of("owned-2"),
            big = key_of("owned-big");
  cache_stats_t st;
  cache *c;
  char *buf;

  make_tmp();
  c = open_ok();
  /* A buffer larger than room and value: the rest is given back. */
  buf = mls_malloc(CACHE_PUT_ROOM + 64);
  ck_assert_ptr_nonnull(buf);
  memset(buf, 'x', CACHE_PUT_ROOM);
  memcpy(buf + CACHE_PUT_ROOM, "a report", 8);
  ck_assert_int_eq(cache_put_owned(c, CACHE_DB_REPOS, &k, buf, 8), MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  holds(c, CACHE_DB_REPOS, &k, "a report", &d);
  /* Too big: skipped and freed, as cache_put() skips it. */
  buf = mls_malloc(CACHE_PUT_ROOM + 1);
  ck_assert_ptr_nonnull(buf);
  ck_assert_int_eq(cache_put_owned(c, CACHE_DB_REPOS, &big, buf,
                                   MLS_CACHE_MAX_VALUE_BYTES + 1),
                   MLS_OK);
  /* An empty value. */
  buf = mls_malloc(CACHE_PUT_ROOM);
  ck_assert_ptr_nonnull(buf);
  ck_assert_int_eq(cache_put_owned(c, CACHE_DB_REPOS, &k2, buf, 0), MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_eq(st.skipped_puts, 1);
  ck_assert_uint_eq(st.entries[CACHE_DB_REPOS], 2);
  holds(c, CACHE_DB_REPOS, &k2, "", &d);
  /* Queued at close: committed there, then freed. */
  buf = mls_malloc(CACHE_PUT_ROOM + 3);
  ck_assert_ptr_nonnull(buf);
  memcpy(buf + CACHE_PUT_ROOM, "new", 3);
  ck_assert_int_eq(cache_put_owned(c, CACHE_DB_REPOS, &k, buf, 3), MLS_OK);
  c = reopened(c);
  holds(c, CACHE_DB_REPOS, &k, "new", &d);
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

/* A writer killed with SIGKILL mid-sweep leaves a cache the next process
 * opens and uses: every entry decodes (gc finds nothing bad) and the
 * batches committed before the kill are there. */
START_TEST(cache_cache__kill_9_leaves_a_valid_cache)
{
  mls_diag d = MLS_DIAG_INIT;
  struct timespec nap = { 0, 100 * 1000 * 1000 };
  cache_stats_t st;
  uint64_t removed = 1;
  char big[3000];
  pid_t pid;
  cache *c;
  int status;

  int fds[2];
  char ready;

  make_tmp();
  memset(big, 'k', sizeof(big));
  ck_assert_int_eq(pipe(fds), 0);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    cache_opts o = { (size_t)64 << 20, false };
    if (cache_open(&c, tmpdir, &o, NULL) != MLS_OK) {
      _exit(3);
    }
    for (unsigned i = 0;; i++) {
      char name[32];
      cache_key k;
      snprintf(name, sizeof(name), "kill%u", i % 5000u);
      (void)cache_key_meta_repo(&k, name);
      (void)cache_put(c, CACHE_DB_FILES, &k, big, sizeof(big));
      if (i % 50 == 49) {
        (void)cache_flush(c, NULL);
        if (i == 49 && write(fds[1], "r", 1) != 1) {
          _exit(4);
        }
      }
    }
  }
  /* Kill it some time after its first batch is committed. */
  close(fds[1]);
  ck_assert_int_eq(read(fds[0], &ready, 1), 1);
  close(fds[0]);
  nanosleep(&nap, NULL);
  ck_assert_int_eq(kill(pid, SIGKILL), 0);
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFSIGNALED(status));

  c = open_ok();
  ck_assert_int_eq(cache_stats(c, &st, &d), MLS_OK);
  ck_assert_uint_gt(st.entries[CACHE_DB_FILES], 0);
  char *v = get_copy(c, CACHE_DB_FILES, &(cache_key){ { 0 } }, &d);
  ck_assert_ptr_null(v);
  cache_key k0 = key_of("kill0");
  cache_txn *t;
  const void *b;
  size_t n;
  ck_assert_int_eq(cache_read_begin(c, &t, &d), MLS_OK);
  ck_assert_int_eq(cache_get(c, t, CACHE_DB_FILES, &k0, &b, &n, &d), MLS_OK);
  ck_assert_ptr_nonnull(b);
  ck_assert_uint_eq(n, sizeof(big));
  ck_assert_mem_eq(b, big, sizeof(big));
  cache_read_end(t);
  ck_assert_int_eq(cache_gc(c, 0, 0, &removed, &d), MLS_OK);
  ck_assert_uint_eq(removed, 0);
  /* And it takes new writes. */
  ck_assert_int_eq(cache_put(c, CACHE_DB_REPOS, &k0, "after", 5), MLS_OK);
  ck_assert_int_eq(cache_flush(c, &d), MLS_OK);
  ck_assert_uint_eq(d.n, 0);
  cache_close(c);
  mls_diag_dispose(&d);
  rm_tmp();
}
END_TEST

Suite *cache_cache_suite(void)
{
  Suite *s = suite_create("cache_cache");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, cache_cache__round_trip_and_reopen);
  tcase_add_test(tc, cache_cache__keys_differ_per_field);
  tcase_add_test(tc, cache_cache__builder_enforces_schema);
  tcase_add_test(tc, cache_cache__key_is_the_hash_of_its_fields);
  tcase_add_test(tc, cache_cache__corrupt_entries_are_dropped);
  tcase_add_test(tc, cache_cache__stats_clear_gc);
  tcase_add_test(tc, cache_cache__readers_with_a_writer_thread);
  tcase_add_test(tc, cache_cache__memo_serves_own_puts);
  tcase_add_test(tc, cache_cache__memo_is_bounded_and_pins);
  tcase_add_test(tc, cache_cache__bad_dirs_are_clean_errors);
  tcase_add_test(tc, cache_cache__default_dir);
  tcase_add_test(tc, cache_cache__oversized_put_is_skipped);
  tcase_add_test(tc, cache_cache__owned_put_takes_the_buffer);
  tcase_add_test(tc, cache_cache__kill_9_leaves_a_valid_cache);
  suite_add_tcase(s, tc);
  return s;
}
