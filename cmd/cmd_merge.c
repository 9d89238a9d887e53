/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_merge.c -- `mlsweep merge OUT_DIR SHARD_DIR...`: the outputs of
 * several `mlsweep scan --out-dir` runs over disjoint targets (typically
 * `--shard K/N` for K = 1..N) combined into the files one run over all of
 * them writes.
 *
 * Stage: the command line, after the sweeps. Every shard directory must
 * hold the --out-dir layout (see usage_text and docs/outputs.md "Merging
 * shards"); each file is mapped read-only and handed to the merge
 * functions of sarif/sarif.h, which check the writers' framing, the
 * schema and the version. Per-repository SARIF files are copied after
 * checking that each shard holds exactly one per repository of its
 * statistics and that no repository is in two shards. Any problem is exit
 * 2 with a message, and nothing is written before every shard was read.
 */
#define _POSIX_C_SOURCE 200809L /* mmap, fstat, mkdir */

#include "cmd/cmd.h"

#include "core/base/alloc.h"
#include "core/base/diag.h"
#include "core/base/rc.h"
#include "sarif/sarif.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MLS_VERSION
#define MLS_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: mlsweep merge [options] OUT_DIR SHARD_DIR...\n"
    "\n"
    "Combine the outputs of several `mlsweep scan --out-dir` runs over\n"
    "disjoint targets (e.g. --shard 1/3, 2/3, 3/3) into OUT_DIR, exactly as\n"
    "one run over all of them writes it. Each SHARD_DIR, and OUT_DIR after\n"
    "the merge, holds:\n"
    "  sarif/<repo>.sarif    per-repository SARIF (--sarif-dir)\n"
    "  org.sarif             org SARIF (--sarif)\n"
    "  stats.json            statistics (--stats)\n"
    "  metrics.prom          OpenMetrics (--metrics; recomputed, not read)\n"
    "  results.json          --format json --output results.json\n"
    "The sweep section of stats.json: earliest start, latest finish,\n"
    "longest shard's duration, union of the targets, summed counters.\n"
    "Every shard must be written by this version with the same rules; a\n"
    "repository in two shards, a missing file or directory, or another\n"
    "version or schema is an error (exit 2).\n"
    "\n"
    "Options:\n"
    "  -q, --quiet           no summary on stderr\n"
    "  -h, --help            this text\n";

/* A file mapped read-only. */
typedef struct mapped {
  char *path; /* owned */
  void *p;    /* the mapping, or NULL for an empty file */
  size_t len; /* bytes */
} mapped;

/* One shard directory's files. */
typedef struct shard {
  const char *dir;             /* borrowed from argv */
  mapped stats, org, results;  /* the documents */
  size_t first_repo, end_repo; /* its repositories in the stats merge */
} shard;

static void unmap(mapped *m)
{
  if (m->p) {
    munmap(m->p, m->len);
  }
  mls_free(m->path);
  memset(m, 0, sizeof(*m));
}

static char *join(const char *dir, const char *name)
{
  size_t a = strlen(dir), b = strlen(name);
  char *s = mls_malloc(a + b + 2);
  if (s) {
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, name, b + 1);
  }
  return s;
}

/* Map dir/name; prints why and returns false when it cannot. */
static bool map_file(mapped *m, const char *dir, const char *name)
{
  struct stat st;
  int fd;

  memset(m, 0, sizeof(*m));
  if (!(m->path = join(dir, name))) {
    fputs("mlsweep merge: out of memory\n", stderr);
    return false;
  }
  if ((fd = open(m->path, O_RDONLY)) < 0 || fstat(fd, &st) != 0 ||
      !S_ISREG(st.st_mode)) {
    fprintf(stderr,
            "mlsweep merge: %s: missing or not a file (a shard directory "
            "is what `mlsweep scan --out-dir` writes)\n",
            m->path);
    if (fd >= 0) {
      close(fd);
    }
    return false;
  }
  m->len = (size_t)st.st_size;
  if (m->len > 0) {
    m->p = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m->p == MAP_FAILED) {
      m->p = NULL;
      close(fd);
      fprintf(stderr, "mlsweep merge: %s: cannot map (errno %d)\n", m->path,
              errno);
      return false;
    }
  }
  close(fd);
  return true;
}

static sarif_shard_doc doc_of(const mapped *m)
{
  sarif_shard_doc d;
  d.name = m->path;
  d.p = m->p ? m->p : "";
  d.len = m->len;
  return d;
}

static void print_diag(const mls_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    cmd_eprint("mlsweep merge: %s\n", d->v[i].message);
  }
}

static int str_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A per-repository SARIF file as written by this version: the writer's
 * opening bytes and this tool version. */
static bool repo_sarif_ok(const char *p, size_t n)
{
  static const char head[] =
      "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
      "\"version\":\"2.1.0\",\"runs\":[\n{\"tool\":{\"driver\":{\"name\":"
      "\"mlsweep\",\"version\":\"" MLS_VERSION "\"";
  return n > sizeof(head) - 1 && memcmp(p, head, sizeof(head) - 1) == 0;
}

/* Check that shard s's sarif/ holds exactly one file per repository of
 * its statistics; fill *names (owned, sorted safe names + ".sarif"). */
static bool list_sarif(const shard *s, const sarif_stats_merge *sm,
                       char ***names, size_t *n)
{
  char *dir = join(s->dir, "sarif");
  size_t want = s->end_repo - s->first_repo, got = 0;
  char **v = mls_calloc(want + 1, sizeof(*v));
  DIR *d = NULL;
  struct dirent *e;
  bool ok = false;

  *names = NULL;
  *n = 0;
  if (!dir || !v) {
    fputs("mlsweep merge: out of memory\n", stderr);
    goto done;
  }
  for (size_t i = 0; i < want; i++) {
    char safe[SARIF_SAFE_NAME_SIZE];
    sarif_safe_name(safe, sarif_stats_merge_repo(sm, s->first_repo + i));
    if (!(v[i] = mls_malloc(strlen(safe) + 7))) {
      fputs("mlsweep merge: out of memory\n", stderr);
      goto done;
    }
    memcpy(v[i], safe, strlen(safe));
    memcpy(v[i] + strlen(safe), ".sarif", 7);
  }
  if (want > 1) {
    qsort(v, want, sizeof(*v), str_cmp);
  }
  if (!(d = opendir(dir))) {
    fprintf(stderr, "mlsweep merge: %s: missing directory\n", dir);
    goto done;
  }
  while ((e = readdir(d)) != NULL) {
    const char *nm = e->d_name;
    char *key = (char *)(uintptr_t)nm;
    if (nm[0] == '.') {
      continue; /* ".", "..", and a writer's temporary */
    }
    if (!bsearch(&key, v, want, sizeof(*v), str_cmp)) {
      fprintf(stderr,
              "mlsweep merge: %s/%s: no repository of %s/stats.json has "
              "this file\n",
              dir, nm, s->dir);
      goto done;
    }
    got++;
  }
  if (got != want) {
    fprintf(stderr,
            "mlsweep merge: %s: %zu SARIF files for %zu repositories in "
            "%s/stats.json\n",
            dir, got, want, s->dir);
    goto done;
  }
  *names = v;
  *n = want;
  v = NULL;
  ok = true;
done:
  if (d) {
    closedir(d);
  }
  for (size_t i = 0; v && i < want; i++) {
    mls_free(v[i]);
  }
  mls_free(v);
  mls_free(dir);
  return ok;
}

/* Copy shard dir's sarif/name to out/sarif/name. */
static bool copy_sarif(const char *sdir, const char *odir, const char *name)
{
  char *from_dir = join(sdir, "sarif"), *to = NULL, *to_dir = NULL;
  mapped m;
  FILE *f = NULL;
  bool ok = false;

  memset(&m, 0, sizeof(m));
  if (!from_dir || !(to_dir = join(odir, "sarif")) ||
      !(to = join(to_dir, name))) {
    fputs("mlsweep merge: out of memory\n", stderr);
    goto done;
  }
  if (!map_file(&m, from_dir, name)) {
    goto done;
  }
  if (!repo_sarif_ok(m.p ? m.p : "", m.len)) {
    fprintf(stderr,
            "mlsweep merge: %s: not a SARIF file written by mlsweep %s: "
            "re-run the shard with this version\n",
            m.path, MLS_VERSION);
    goto done;
  }
  if (!(f = fopen(to, "wb")) || fwrite(m.p, 1, m.len, f) != m.len) {
    fprintf(stderr, "mlsweep merge: %s: cannot write\n", to);
    goto done;
  }
  ok = true;
done:
  if (f && fclose(f) != 0 && ok) {
    fprintf(stderr, "mlsweep merge: %s: cannot write\n", to);
    ok = false;
  }
  unmap(&m);
  mls_free(from_dir);
  mls_free(to_dir);
  mls_free(to);
  return ok;
}

/* Write OUT_DIR/name with fn over the shards' docs. */
static bool write_out(const char *out, const char *name, FILE **f)
{
  char *path = join(out, name);
  *f = path ? fopen(path, "w") : NULL;
  if (!*f) {
    fprintf(stderr, "mlsweep merge: %s/%s: cannot write\n", out, name);
  }
  mls_free(path);
  return *f != NULL;
}

static bool close_out(FILE *f, int rc, const char *what, const mls_diag *d)
{
  bool ok = rc == MLS_OK;
  if (f && fclose(f) != 0) {
    ok = false;
  }
  if (!ok) {
    print_diag(d);
    fprintf(stderr, "mlsweep merge: cannot merge %s (%s)\n", what,
            mls_rc_name(rc < 0 ? rc : MLS_EIO));
  }
  return ok;
}

int cmd_merge(int argc, char **argv)
{
  const char **pos = NULL;
  size_t npos = 0, nsh = 0;
  shard *sh = NULL;
  sarif_stats_merge *sm = NULL;
  sarif_shard_doc *docs = NULL;
  char **all = NULL; /* every shard's SARIF file names */
  size_t nall = 0;
  char ***per = NULL; /* per shard: its SARIF file names */
  size_t *nper = NULL;
  mls_diag d = MLS_DIAG_INIT;
  bool quiet = false, dashdash = false;
  struct stat ost;
  int status = MLS_EXIT_USAGE, rc;
  FILE *f = NULL;

  if (!(pos = mls_calloc((size_t)argc + 1, sizeof(*pos)))) {
    return MLS_EXIT_USAGE;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!dashdash && strcmp(a, "--") == 0) {
      dashdash = true;
    } else if (!dashdash &&
               (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
      fputs(usage_text, stdout);
      mls_free(pos);
      return MLS_EXIT_OK;
    } else if (!dashdash &&
               (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
      quiet = true;
    } else if (!dashdash && a[0] == '-' && a[1]) {
      fprintf(stderr, "mlsweep merge: unknown option '%s' (see --help)\n", a);
      goto done;
    } else {
      pos[npos++] = a;
    }
  }
  if (npos < 2) {
    fputs("mlsweep merge: want OUT_DIR and at least one SHARD_DIR (see "
          "--help)\n",
          stderr);
    goto done;
  }
  nsh = npos - 1;
  sh = mls_calloc(nsh, sizeof(*sh));
  docs = mls_calloc(nsh, sizeof(*docs));
  per = mls_calloc(nsh, sizeof(*per));
  nper = mls_calloc(nsh, sizeof(*nper));
  if (!sh || !docs || !per || !nper ||
      sarif_stats_merge_new(&sm, MLS_VERSION) < 0) {
    fputs("mlsweep merge: out of memory\n", stderr);
    goto done;
  }
  /* Read every shard before writing anything. */
  for (size_t k = 0; k < nsh; k++) {
    struct stat st;
    sh[k].dir = pos[k + 1];
    if (stat(sh[k].dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      fprintf(stderr, "mlsweep merge: %s: no such directory\n", sh[k].dir);
      goto done;
    }
    if (stat(pos[0], &ost) == 0 && ost.st_dev == st.st_dev &&
        ost.st_ino == st.st_ino) {
      fprintf(stderr, "mlsweep merge: %s: OUT_DIR is a shard directory\n",
              pos[0]);
      goto done;
    }
    if (!map_file(&sh[k].stats, sh[k].dir, "stats.json") ||
        !map_file(&sh[k].org, sh[k].dir, "org.sarif") ||
        !map_file(&sh[k].results, sh[k].dir, "results.json")) {
      goto done;
    }
    sh[k].first_repo = sarif_stats_merge_count(sm);
    docs[k] = doc_of(&sh[k].stats);
    if ((rc = sarif_stats_merge_add(sm, &docs[k], &d)) < 0) {
      print_diag(&d);
      if (rc == MLS_ENOMEM) {
        fputs("mlsweep merge: out of memory\n", stderr);
      }
      goto done;
    }
    sh[k].end_repo = sarif_stats_merge_count(sm);
    if (!list_sarif(&sh[k], sm, &per[k], &nper[k])) {
      goto done;
    }
    nall += nper[k];
  }
  /* No repository's SARIF file in two shards. */
  if (!(all = mls_calloc(nall + 1, sizeof(*all)))) {
    goto done;
  }
  nall = 0;
  for (size_t k = 0; k < nsh; k++) {
    for (size_t i = 0; i < nper[k]; i++) {
      all[nall++] = per[k][i];
    }
  }
  if (nall > 1) {
    qsort(all, nall, sizeof(*all), str_cmp);
  }
  for (size_t i = 1; i < nall; i++) {
    if (strcmp(all[i - 1], all[i]) == 0) {
      fprintf(stderr,
              "mlsweep merge: sarif/%s is in two shards: shards must cover "
              "disjoint targets\n",
              all[i]);
      goto done;
    }
  }

  /* Write. */
  {
    char *sd = join(pos[0], "sarif");
    bool made = sd && cmd_mkdir_p(sd) == MLS_OK;
    mls_free(sd);
    if (!made) {
      fprintf(stderr, "mlsweep merge: %s: cannot create the directory\n",
              pos[0]);
      goto done;
    }
  }
  for (size_t k = 0; k < nsh; k++) {
    for (size_t i = 0; i < nper[k]; i++) {
      if (!copy_sarif(sh[k].dir, pos[0], per[k][i])) {
        goto done;
      }
    }
  }
  for (size_t k = 0; k < nsh; k++) {
    docs[k] = doc_of(&sh[k].org);
  }
  if (!write_out(pos[0], "org.sarif", &f)) {
    goto done;
  }
  rc = sarif_merge_org(f, docs, nsh, MLS_VERSION, &d);
  if (!close_out(f, rc, "org.sarif", &d)) {
    goto done;
  }
  for (size_t k = 0; k < nsh; k++) {
    docs[k] = doc_of(&sh[k].results);
  }
  if (!write_out(pos[0], "results.json", &f)) {
    goto done;
  }
  rc = sarif_merge_results(f, docs, nsh, &d);
  if (!close_out(f, rc, "results.json", &d)) {
    goto done;
  }
  if (!write_out(pos[0], "stats.json", &f)) {
    goto done;
  }
  rc = sarif_stats_merge_write(sm, f, NULL, &d);
  if (!close_out(f, rc, "stats.json", &d)) {
    goto done;
  }
  if (!write_out(pos[0], "metrics.prom", &f)) {
    goto done;
  }
  rc = sarif_stats_merge_write(sm, NULL, f, &d);
  if (!close_out(f, rc, "metrics.prom", &d)) {
    goto done;
  }
  if (!quiet) {
    fprintf(stderr, "mlsweep merge: %zu shards, %zu repositories into %s\n",
            nsh, sarif_stats_merge_count(sm), pos[0]);
  }
  status = MLS_EXIT_OK;
done:
  for (size_t k = 0; sh && k < nsh; k++) {
    unmap(&sh[k].stats);
    unmap(&sh[k].org);
    unmap(&sh[k].results);
    for (size_t i = 0; per && i < nper[k]; i++) {
      mls_free(per[k][i]);
    }
    if (per) {
      mls_free(per[k]);
    }
  }
  mls_free(all);
  mls_free(per);
  mls_free(nper);
  mls_free(sh);
  mls_free(docs);
  mls_free(pos);
  sarif_stats_merge_free(sm);
  mls_diag_dispose(&d);
  return status;
}
