/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_cache.c -- `mlsweep cache stats|clear|gc [--cache-dir DIR]`.
 *
 * Stage: argv -> one cache operation -> exit code. Opens the cache
 * (cache/cache.h) in --cache-dir or the default directory, runs the action
 * and prints a short report on stdout; diagnostics go to stderr.
 */
#include "cmd/cmd.h"

#include "cache/cache.h"
#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/rc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cache_usage(FILE *out)
{
  fputs("usage: mlsweep cache stats [--cache-dir DIR]\n"
        "       mlsweep cache clear [--cache-dir DIR]\n"
        "       mlsweep cache gc [--cache-dir DIR] [--max-age SECONDS]\n"
        "                        [--max-bytes BYTES]\n"
        "       mlsweep cache damage [--cache-dir DIR]\n"
        "\n"
        "stats  entries and bytes per database\n"
        "clear  delete every entry\n"
        "gc     delete entries unused for SECONDS, then the least recently\n"
        "       used until the rest fits BYTES (default: 1073741824)\n"
        "       After clear and gc the file is compacted to what is left,\n"
        "       unless another process has the cache open.\n"
        "damage flip a byte in every stored value, to check that a sweep\n"
        "       recomputes damaged entries and writes the same outputs\n",
        out);
}

static int parse_u64(const char *s, uint64_t *out)
{
  char *end;
  unsigned long long v;

  if (!s || s[0] < '0' || s[0] > '9') {
    return -1;
  }
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0') {
    return -1;
  }
  *out = (uint64_t)v;
  return 0;
}

static void print_diag(const mls_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    fprintf(stderr, "mlsweep: %s\n", d->v[i].message);
  }
}

/* LMDB never shrinks its file: after `clear` and `gc`, give the freed
 * pages back (cache_compact) and say what came of it. */
static int compact(const char *dir, mls_diag *d)
{
  cache_compact_result r;
  char *def = NULL;
  int rc;

  if (!dir) {
    if ((rc = cache_default_dir(&def, d)) != MLS_OK) {
      return rc;
    }
    dir = def;
  }
  rc = cache_compact(dir, &r, d);
  if (rc == MLS_OK && r.compacted) {
    printf("file compacted: %" PRIu64 " -> %" PRIu64 " bytes\n", r.before,
           r.after);
  } else if (rc == MLS_OK && r.busy) {
    printf("file not compacted: another process has the cache open\n");
  } else if (rc == MLS_OK && r.unlocked) {
    printf("file not compacted: %s/use.lock cannot be locked\n", dir);
  }
  mls_free(def);
  return rc;
}

int cmd_cache(int argc, char **argv)
{
  const char *action = argc > 1 ? argv[1] : NULL;
  const char *dir = NULL;
  uint64_t max_age = 0, max_bytes = 0;
  bool age_set = false, bytes_set = false;
  mls_diag d = MLS_DIAG_INIT;
  cache *c = NULL;
  int rc;

  if (!action) {
    cache_usage(stderr);
    return MLS_EXIT_USAGE;
  }
  if (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0) {
    cache_usage(stdout);
    return MLS_EXIT_OK;
  }
  if (strcmp(action, "stats") != 0 && strcmp(action, "clear") != 0 &&
      strcmp(action, "gc") != 0 && strcmp(action, "damage") != 0) {
    fprintf(stderr, "mlsweep cache: unknown action '%s'\n", action);
    cache_usage(stderr);
    return MLS_EXIT_USAGE;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      cache_usage(stdout); /* `cache gc --help` */
      return MLS_EXIT_OK;
    }
  }
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--cache-dir") == 0 && val) {
      dir = val;
      i++;
    } else if (strcmp(action, "gc") == 0 && strcmp(a, "--max-age") == 0 &&
               parse_u64(val, &max_age) == 0) {
      age_set = true;
      i++;
    } else if (strcmp(action, "gc") == 0 && strcmp(a, "--max-bytes") == 0 &&
               parse_u64(val, &max_bytes) == 0) {
      bytes_set = true;
      i++;
    } else {
      fprintf(stderr, "mlsweep cache: unknown option or bad value '%s'\n", a);
      cache_usage(stderr);
      return MLS_EXIT_USAGE;
    }
  }
  if (strcmp(action, "gc") == 0 && !age_set && !bytes_set) {
    max_bytes = (uint64_t)1 << 30;
  }
  rc = cache_open(&c, dir, NULL, &d);
  if (rc != MLS_OK) {
    print_diag(&d);
    if (d.n == 0) {
      fprintf(stderr, "mlsweep cache: cannot open the cache (%s)\n",
              mls_rc_name(rc));
    }
    mls_diag_dispose(&d);
    return MLS_EXIT_USAGE;
  }
  if (strcmp(action, "stats") == 0) {
    cache_stats_t st;
    rc = cache_stats(c, &st, &d);
    if (rc == MLS_OK) {
      for (unsigned i = 0; i < CACHE_DB_COUNT; i++) {
        printf("%-8s %10" PRIu64 " entries %14" PRIu64 " bytes\n",
               cache_db_name((cache_db)i), st.entries[i], st.bytes[i]);
      }
      printf("map      %" PRIu64 " bytes\n", st.map_bytes);
    }
  } else if (strcmp(action, "damage") == 0) {
    uint64_t n = 0;
    rc = cache_damage(c, &n, &d);
    if (rc == MLS_OK) {
      printf("damaged %" PRIu64 " values\n", n);
    }
  } else if (strcmp(action, "clear") == 0) {
    rc = cache_clear(c, &d);
    if (rc == MLS_OK) {
      printf("cache cleared\n");
    }
  } else {
    uint64_t removed = 0;
    rc = cache_gc(c, max_age, max_bytes, &removed, &d);
    if (rc == MLS_OK) {
      printf("removed %" PRIu64 " entries\n", removed);
    }
  }
  cache_close(c);
  if (rc == MLS_OK &&
      (strcmp(action, "gc") == 0 || strcmp(action, "clear") == 0)) {
    rc = compact(dir, &d);
  }
  print_diag(&d);
  mls_diag_dispose(&d);
  return rc == MLS_OK ? MLS_EXIT_OK : MLS_EXIT_USAGE;
}
