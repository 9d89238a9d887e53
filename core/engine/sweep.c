/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/sweep.c -- mls_run(): targets, repo jobs, unit jobs, repo
 * finalize, ordered delivery of reports.
 *
 * Stage: the engine (DESIGN.md "Units of work and the pool"). A repo job
 * walks its repository once and keeps the candidates in a sorted index
 * that is immutable afterwards; unit jobs read it without locks. Each job
 * opens its own `repo` (libgit2 handles are never shared between
 * threads). The only shared mutable state is the per-repository pending
 * counter (atomic) and the delivery queue (under `emit_lock`). Results are
 * sorted before delivery, so the callback sees the same reports in the
 * same order whatever the thread count.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "core/engine/sweep.h"

#include "core/base/alloc.h"
#include "cache/cache.h"
#include "core/base/arena.h"
#include "core/base/blob.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/thread.h"
#include "core/engine/report.h"
#include "core/eval/cfn_eval.h"
#include "core/git/repo.h"
#include "core/git/walk.h"
#include "parsers/cfn/cfn.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Part of every cache key: bump it when a change to parsing, evaluation
 * or result building changes what a sweep reports for the same input. */
#define MLS_ENGINE_VERSION "mlsweep-engine/1"
/* Queued cache writes flushed once they pass this many bytes: few enough
 * write transactions on a big sweep, little memory held by the queue. */
#define CACHE_FLUSH_BYTES ((size_t)8 << 20)
/* Repositories with at most this many candidates run their units inside
 * the repo job (no extra repository open, no extra jobs). */
#define INLINE_MAX_FILES 128
/* Largest repository-level cache entry: past it a repository is served
 * from its module and template entries. */
#define REPO_ENTRY_MAX_BYTES ((size_t)4 << 20)
/* cache_key_file() kind of a directory's local module calls. */
#define CALLS_KIND 0x63616c6cu /* "call" */

/* Terraform roots per unit job: a root and the modules it calls are
 * parsed by one loader, so neighbouring roots that share modules parse
 * them once; small enough that a monorepo's roots spread over workers. */
#define ROOTS_PER_UNIT 8
/* CloudFormation candidates per unit job: most YAML and JSON files of a
 * monorepo are not templates and cost one sniff, so batch them. */
#define CFN_PER_UNIT 64

typedef struct sweep sweep;
typedef struct repo_state repo_state;

/* One candidate of a repository's walk. */
typedef struct file_ent {
  const char *path; /* repo arena */
  walk_kind kind;   /* from its name */
  bool has_id;      /* id is its blob id */
  repo_oid id;      /* blob id (object database) */
  uint64_t size;    /* bytes */
} file_ent;

/* A directory of the repository's tree and its tree id (object
 * database only): the content part of the per-module cache keys. */
typedef struct dir_ent {
  const char *path; /* repo arena; "" for the root */
  repo_oid id;      /* tree id */
} dir_ent;

/* The cache key of one root module's results, when it has one. */
typedef struct root_key {
  bool has;      /* every directory it evaluates has a tree id */
  cache_key key; /* (rule pack, config, its directories' trees and paths) */
} root_key;

/* One unit job: a run of Terraform roots or of CloudFormation candidates. */
typedef struct unit {
  repo_state *rs;   /* the repository it belongs to */
  bool cfn;         /* CFN candidates, else Terraform roots */
  size_t first;     /* index into rs->roots or rs->cfn */
  size_t count;     /* how many */
  mls_unit_out out; /* results, diagnostics and counters of this unit */
} unit;

struct repo_state {
  sweep *sw;                 /* the sweep */
  size_t index;              /* position in target-name order */
  const repo_target *target; /* borrowed from sw->targets */
  mls_arena *arena;          /* owned: paths of files, roots */
  file_ent *files;           /* owned: sorted by path; immutable after walk */
  size_t nfiles;
  size_t cap_files;
  char **roots; /* owned (tf_roots_free): Terraform root modules */
  size_t nroots;
  root_key *rkeys; /* owned: one per root */
  dir_ent *dirs;   /* owned: every directory with a tree id, by path */
  size_t ndirs;
  size_t capdirs;
  size_t *cfn; /* owned: indexes of CFN candidates in files */
  size_t ncfn;
  unit *units; /* owned: nunits */
  size_t nunits;
  atomic_size_t pending;  /* unit jobs not finished */
  mls_diag diag;          /* repository-level diagnostics (walk, open) */
  mls_repo_counts counts; /* walk-level counters */
  bool failed;            /* could not be opened or walked */
  char commit[REPO_OID_HEXSZ + 1]; /* "" in worktree mode */
  bool has_tree;                   /* tree is the root tree (not worktree) */
  repo_oid tree;                   /* the repository-level cache key part */
  uint64_t size_hint;              /* IaC bytes at the previous sweep */
};

struct sweep {
  const mls_config *cfg;   /* borrowed */
  pool *pool;              /* owned */
  repo_targets targets;    /* sorted by name, this shard's */
  repo_state **repos;      /* owned: one per target, NULL once delivered */
  mls_mutex emit_lock;     /* guards the fields below */
  mls_repo_report **ready; /* finished reports awaiting delivery */
  size_t next;             /* next index to deliver */
  int stop_rc;             /* a callback's negative return, or 0 */
  size_t ok, failed;       /* repositories delivered, by outcome */
  size_t cache_hits;       /* repositories served from the cache */
  uint64_t files_done;     /* IaC files of the delivered repositories */
  double t0;               /* start, for the progress line */
  double last_progress;    /* when the progress line was last drawn */
  cache *cache;            /* owned: the content cache, or NULL */
  cache_key rulepack;      /* digest of the rule files and configuration */
  cache_key config;        /* digest of the evaluation options */
};

/* --- the repository's file index as a tf_source ------------------------ */

static int cmp_file(const void *a, const void *b)
{
  return strcmp(((const file_ent *)a)->path, ((const file_ent *)b)->path);
}

/* The first index whose path is >= key. */
static size_t lower_bound(const repo_state *rs, const char *key)
{
  size_t lo = 0, hi = rs->nfiles;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(rs->files[mid].path, key) < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

static const file_ent *find_file(const repo_state *rs, const char *path)
{
  size_t i = lower_bound(rs, path);
  if (i < rs->nfiles && strcmp(rs->files[i].path, path) == 0) {
    return &rs->files[i];
  }
  return NULL;
}

/* What a unit job's tf_source reads through. */
typedef struct src_ctx {
  repo_state *rs;   /* the index */
  repo *r;          /* the job's own handle, opened on first use */
  bool open_failed; /* repo_open failed once: do not retry */
  mls_diag *diag;   /* the job's diagnostics */
} src_ctx;

/* The job's repository handle, opened when a unit first needs bytes (a
 * unit whose results all come from the cache never opens it). */
static repo *src_repo(src_ctx *c)
{
  repo_open_opts oo = REPO_OPEN_OPTS_INIT;
  if (!c->r && !c->open_failed) {
    oo.ref = c->rs->sw->cfg->ref;
    oo.worktree = c->rs->sw->cfg->worktree;
    if (repo_open(&c->r, c->rs->target, &oo, c->diag) < 0) {
      c->r = NULL;
      c->open_failed = true;
    }
  }
  return c->r;
}

static int src_list(void *payload, const char *dir, tf_list_cb cb,
                    void *cb_payload)
{
  src_ctx *c = payload;
  const repo_state *rs = c->rs;
  char prefix[MLS_MAX_PATH_BYTES + 2];
  char name[MLS_MAX_PATH_BYTES + 1];
  size_t plen = strlen(dir), last_len = 0;
  char last[MLS_MAX_PATH_BYTES + 1];

  if (plen + 1 >= sizeof(prefix)) {
    return MLS_EIO;
  }
  memcpy(prefix, dir, plen);
  if (plen > 0) {
    prefix[plen++] = '/';
  }
  prefix[plen] = '\0';
  last[0] = '\0';
  for (size_t i = lower_bound(rs, prefix); i < rs->nfiles; i++) {
    const char *p = rs->files[i].path;
    const char *rest, *slash;
    size_t n;
    int rc;
    if (strncmp(p, prefix, plen) != 0) {
      break;
    }
    rest = p + plen;
    slash = strchr(rest, '/');
    n = slash ? (size_t)(slash - rest) : strlen(rest);
    if (n == 0 || n >= sizeof(name)) {
      continue;
    }
    if (slash) {
      /* Entries below one subdirectory are contiguous in byte order. */
      if (n == last_len && memcmp(last, rest, n) == 0) {
        continue;
      }
      memcpy(last, rest, n);
      last[n] = '\0';
      last_len = n;
    }
    memcpy(name, rest, n);
    name[n] = '\0';
    if ((rc = cb(cb_payload, name, slash != NULL)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

static int src_read(void *payload, const char *path, char **out, size_t *len)
{
  src_ctx *c = payload;
  const file_ent *f = find_file(c->rs, path);
  mls_blob b = MLS_BLOB_INIT;
  int rc;

  if (!src_repo(c)) {
    return MLS_EIO;
  }
  if (f) {
    walk_entry e;
    memset(&e, 0, sizeof(e));
    e.path = f->path;
    e.path_len = strlen(f->path);
    e.kind = f->kind;
    e.size = f->size;
    e.has_id = f->has_id;
    e.id = f->id;
    rc = walk_load(&b, c->r, &e, c->diag);
  } else {
    /* file() and templatefile() read files that are not candidates. */
    const char *saved = c->diag->path;
    c->diag->path = path;
    rc = repo_read_path(&b, c->r, path, c->diag);
    c->diag->path = saved;
  }
  if (rc < 0) {
    return rc == MLS_ENOMEM || rc == MLS_ELIMIT ? rc : MLS_EIO;
  }
  *out = b.data;
  *len = b.size;
  return MLS_OK;
}

static void source_of(tf_source *out, src_ctx *c)
{
  out->list = src_list;
  out->read = src_read;
  out->payload = c;
}

/* --- unit jobs --------------------------------------------------------- */

static void repo_unit_done(repo_state *rs);
static double now_seconds(void);
static void repo_state_free(repo_state *rs);
static void deliver(sweep *sw, size_t index, mls_repo_report *rep);

/* Bytes of a model's files, loaded on demand for suppressions, line
 * hashes and snippets. */
typedef struct text_cache {
  src_ctx *src;           /* how to read */
  const mls_model *m;     /* whose files */
  mls_blob *blobs;        /* owned: one per model file */
  bool *tried;            /* owned: a load was attempted */
  const char *given_path; /* a file already in memory (CFN), or NULL */
  const char *given;      /* its bytes */
  size_t given_len;
} text_cache;

static int text_of(void *payload, uint16_t file, const char **text, size_t *len)
{
  text_cache *tc = payload;
  mls_diag scratch = MLS_DIAG_INIT;
  char *data = NULL;
  size_t n = 0;

  if (!tc->m || file >= tc->m->nfiles) {
    return MLS_EIO;
  }
  if (tc->given_path && strcmp(tc->m->files[file], tc->given_path) == 0) {
    *text = tc->given;
    *len = tc->given_len;
    return MLS_OK;
  }
  if (!tc->blobs) {
    tc->blobs = mls_calloc(tc->m->nfiles, sizeof(*tc->blobs));
    tc->tried = mls_calloc(tc->m->nfiles, sizeof(*tc->tried));
    if (!tc->blobs || !tc->tried) {
      return MLS_ENOMEM;
    }
  }
  if (!tc->tried[file]) {
    src_ctx quiet = *tc->src;
    tc->tried[file] = true;
    quiet.diag = &scratch; /* the loader already reported read failures */
    if (src_read(&quiet, tc->m->files[file], &data, &n) == MLS_OK) {
      tc->blobs[file].data = data;
      tc->blobs[file].size = n;
    }
    mls_diag_dispose(&scratch);
  }
  if (!tc->blobs[file].data) {
    return MLS_EIO;
  }
  *text = tc->blobs[file].data;
  *len = tc->blobs[file].size;
  return MLS_OK;
}

static void text_cache_dispose(text_cache *tc)
{
  if (tc->blobs) {
    for (uint32_t i = 0; i < tc->m->nfiles; i++) {
      mls_blob_dispose(&tc->blobs[i]);
    }
  }
  mls_free(tc->blobs);
  mls_free(tc->tried);
  tc->blobs = NULL;
  tc->tried = NULL;
}

/* Evaluate the rules on one model and add its results to the unit. */
static void check_model(unit *u, const mls_model *m, text_cache *tc,
                        mls_diag *diag)
{
  const mls_config *cfg = u->rs->sw->cfg;
  rule_findings f;
  rule_eval_opts eo = RULE_EVAL_OPTS_INIT;
  int rc;

  u->out.counts.modules++;
  u->out.counts.unknown_values += m->nunknown;
  for (uint32_t i = 0; i < m->nresources; i++) {
    if (m->resources[i].deployed) {
      u->out.counts.resources++;
    }
  }
  if (!cfg->rules) {
    return;
  }
  rule_findings_init(&f);
  eo.env = cfg->env;
  eo.no_inline_ignores = cfg->no_inline_ignores;
  eo.today = cfg->today;
  eo.file_text = text_of;
  eo.payload = tc;
  rc = rule_eval_model(&f, cfg->rules, m, &eo, diag);
  if (rc == MLS_OK || f.n > 0) {
    rc = mls_unit_add_findings(&u->out, cfg->rules, m, &f, text_of, tc);
    if (rc < 0) {
      mls_diag_add(diag, rc, NULL, "cannot record results (%s)",
                   mls_rc_name(rc));
    }
  }
  rule_findings_dispose(&f);
}

/* Results of one root module or template from the cache, into the unit.
 * False on a miss or a value that does not decode. */
static bool unit_from_cache(unit *u, const cache_key *key)
{
  sweep *sw = u->rs->sw;
  cache_txn *txn = NULL;
  const void *bytes = NULL;
  size_t len = 0;
  mls_repo_report *rep = NULL;
  mls_diag scratch = MLS_DIAG_INIT;

  if (!sw->cache || cache_read_begin(sw->cache, &txn, &scratch) < 0) {
    mls_diag_dispose(&scratch);
    return false;
  }
  if (cache_get(sw->cache, txn, CACHE_DB_MODULES, key, &bytes, &len,
                &scratch) == MLS_OK &&
      bytes &&
      mls_report_decode(&rep, bytes, len, sw->cfg->rules, sw->cfg->today, "",
                        "", NULL) < 0) {
    rep = NULL;
  }
  cache_read_end(txn);
  mls_diag_dispose(&scratch);
  if (!rep) {
    u->out.counts.cache_misses++;
    return false;
  }
  u->out.counts.cache_hits++;
  return mls_unit_add_report(&u->out, rep) == MLS_OK;
}

/* Store the results [start, u->out.n) with their diagnostics and
 * counters under key; then move the diagnostics into the unit. */
static void unit_store(unit *u, const cache_key *key, size_t start,
                       mls_diag *diag, const mls_repo_counts *before)
{
  sweep *sw = u->rs->sw;
  mls_repo_counts d = u->out.counts;
  mls_buf b;

  /* The counters this module or template added. */
  d.files_tf -= before->files_tf;
  d.files_tfvars -= before->files_tfvars;
  d.files_cfn -= before->files_cfn;
  d.files_skipped -= before->files_skipped;
  d.parse_failures -= before->parse_failures;
  d.modules -= before->modules;
  d.resources -= before->resources;
  d.unknown_values -= before->unknown_values;
  d.bytes -= before->bytes;
  d.cache_hits = d.cache_misses = 0;
  if (sw->cache && key) {
    mls_buf_init(&b, MLS_CACHE_MAX_VALUE_BYTES);
    if (mls_unit_encode(&b, &u->out, start, diag, &d) == MLS_OK) {
      cache_put(sw->cache, CACHE_DB_MODULES, key, b.ptr, b.len);
    }
    mls_buf_dispose(&b);
  }
  mls_diag_move(&u->out.diag, diag);
}

static void run_tf(unit *u, src_ctx *sc)
{
  const mls_config *cfg = u->rs->sw->cfg;
  repo_state *rs = u->rs;
  tf_source src;
  tf_loader *ld = NULL;
  tf_opts to = TF_OPTS_INIT;

  source_of(&src, sc);
  to.env = cfg->env;
  to.cli_vars = cfg->cli_vars;
  to.ncli_vars = cfg->ncli_vars;
  to.env_vars = cfg->env_vars;
  to.nenv_vars = cfg->nenv_vars;
  for (size_t i = u->first; i < u->first + u->count; i++) {
    const root_key *rk = rs->rkeys ? &rs->rkeys[i] : NULL;
    mls_diag rd = MLS_DIAG_INIT;
    mls_repo_counts before = u->out.counts;
    size_t start = u->out.n;
    mls_model *m = NULL;
    text_cache tc;
    int rc;

    if (rk && rk->has && unit_from_cache(u, &rk->key)) {
      continue;
    }
    /* The loader is made on the first miss: parsed modules are shared by
     * the unit's roots that call them. */
    if (!ld && tf_loader_new(&ld, &src) < 0) {
      mls_diag_add(&u->out.diag, MLS_ENOMEM, NULL, "out of memory");
      return;
    }
    sc->diag = &rd;
    rc = tf_eval_root(&m, ld, rs->roots[i], &to, &rd);
    if (rc >= 0 && m) {
      memset(&tc, 0, sizeof(tc));
      tc.src = sc;
      tc.m = m;
      check_model(u, m, &tc, &rd);
      text_cache_dispose(&tc);
      mls_model_free(m);
    }
    sc->diag = &u->out.diag;
    /* Out of memory or a bound hit is not the module's content: those
     * outcomes are not stored. */
    unit_store(u,
               rk && rk->has && rc != MLS_ENOMEM && rc != MLS_ELIMIT ? &rk->key
                                                                     : NULL,
               start, &rd, &before);
    mls_diag_dispose(&rd);
  }
  tf_loader_free(ld);
}

/* Whether bytes that failed to load still claim to be a template, so the
 * failure is worth a diagnostic (a broken Kubernetes manifest is not). */
static bool claims_template(const cfn_template *t, const mls_blob *b)
{
  if (t && t->is_template) {
    return true;
  }
  return b->size > 0 && strstr(b->data, "AWSTemplateFormatVersion") != NULL;
}

/* The cache key of one CloudFormation candidate's results: its blob id
 * and path (results name the path), under the rule pack and options. */
static int cfn_key(cache_key *out, const repo_state *rs, const file_ent *f)
{
  cache_id ids[3];
  ids[0].p = "cfn";
  ids[0].len = 3;
  ids[1].p = f->id.id;
  ids[1].len = sizeof(f->id.id);
  ids[2].p = f->path;
  ids[2].len = strlen(f->path);
  return cache_key_module(out, &rs->sw->rulepack, &rs->sw->config, ids, 3, NULL,
                          0);
}

static void run_cfn(unit *u, src_ctx *sc)
{
  const mls_config *cfg = u->rs->sw->cfg;
  repo_state *rs = u->rs;

  for (size_t i = u->first; i < u->first + u->count; i++) {
    const file_ent *f = &rs->files[rs->cfn[i]];
    mls_blob b = MLS_BLOB_INIT;
    mls_diag fd = MLS_DIAG_INIT;
    cfn_template *t = NULL;
    mls_model *m = NULL;
    cfneval_opts co = CFNEVAL_OPTS_INIT;
    mls_repo_counts before = u->out.counts;
    size_t start = u->out.n;
    cache_key key;
    bool keyed = false;
    walk_entry e;
    int rc;

    /* A template, or a manifest that is not one, whose blob was seen
     * before: its results (or its verdict) without reading it. */
    if (!cfg->read_only && rs->sw->cache && f->has_id &&
        cfn_key(&key, rs, f) == MLS_OK) {
      keyed = true;
      if (unit_from_cache(u, &key)) {
        continue;
      }
    }
    memset(&e, 0, sizeof(e));
    e.path = f->path;
    e.path_len = strlen(f->path);
    e.kind = f->kind;
    e.size = f->size;
    e.has_id = f->has_id;
    e.id = f->id;
    fd.path = f->path;
    if (!src_repo(sc) || walk_load(&b, sc->r, &e, &fd) < 0) {
      u->out.counts.files_skipped++;
      keyed = false; /* a read failure is not the content's verdict */
      goto next;
    }
    if (cfg->read_only) {
      u->out.counts.bytes += b.size; /* the baseline pass: read, no parse */
      goto next;
    }
    if (!cfn_sniff(b.data, b.size)) {
      goto next;
    }
    rc = cfn_load(&t, b.data, b.size, &fd);
    if (rc < 0 || !t || !t->is_template) {
      if (rc < 0 && claims_template(t, &b)) {
        u->out.counts.files_cfn++;
        u->out.counts.parse_failures++;
        u->out.counts.bytes += b.size;
      } else {
        mls_diag_clear(&fd); /* not a template: its YAML is not ours */
      }
      keyed = keyed && rc != MLS_ENOMEM;
      goto next;
    }
    u->out.counts.files_cfn++;
    u->out.counts.bytes += b.size;
    co.path = f->path;
    co.params = cfg->params;
    co.nparams = cfg->nparams;
    rc = cfneval_template(&m, t, &co, &fd);
    if (rc == MLS_OK && m) {
      text_cache tc;
      memset(&tc, 0, sizeof(tc));
      tc.src = sc;
      tc.m = m;
      tc.given_path = f->path;
      tc.given = b.data;
      tc.given_len = b.size;
      check_model(u, m, &tc, &fd);
      text_cache_dispose(&tc);
    }
    keyed = keyed && rc != MLS_ENOMEM && rc != MLS_ELIMIT;
next:
    unit_store(u, keyed ? &key : NULL, start, &fd, &before);
    mls_model_free(m);
    cfn_template_free(t);
    mls_blob_dispose(&b);
    mls_diag_dispose(&fd);
  }
}

/* Run unit u with repository handle r (borrowed; NULL: open one when
 * needed), then count it done (which may finalize and free u->rs). */
static void run_unit(unit *u, repo *r)
{
  repo_state *rs = u->rs;
  src_ctx sc;

  memset(&sc, 0, sizeof(sc));
  sc.rs = rs;
  sc.r = r;
  sc.diag = &u->out.diag;
  if (u->cfn) {
    run_cfn(u, &sc);
  } else {
    run_tf(u, &sc);
  }
  if (sc.r != r) {
    repo_free(sc.r);
  }
  repo_unit_done(rs);
}

static void unit_job(pool *p, void *arg)
{
  (void)p;
  run_unit(arg, NULL);
}

/* --- repo jobs --------------------------------------------------------- */

static int walk_cb(const walk_entry *e, void *payload)
{
  repo_state *rs = payload;
  file_ent *f;

  if (rs->nfiles == rs->cap_files) {
    size_t cap = rs->cap_files ? rs->cap_files * 2 : 64;
    file_ent *v = mls_realloc(rs->files, cap * sizeof(*v));
    if (!v) {
      return MLS_ENOMEM;
    }
    rs->files = v;
    rs->cap_files = cap;
  }
  f = &rs->files[rs->nfiles];
  if (!(f->path = mls_arena_strndup(rs->arena, e->path, e->path_len))) {
    return MLS_ENOMEM;
  }
  f->kind = e->kind;
  f->has_id = e->has_id;
  f->id = e->id;
  f->size = e->size;
  rs->nfiles++;
  switch (e->kind) {
  case WALK_TF:
  case WALK_TF_JSON:
    rs->counts.files_tf++;
    rs->counts.bytes += e->size;
    break;
  case WALK_TFVARS:
  case WALK_TFVARS_JSON:
    rs->counts.files_tfvars++;
    break;
  default:
    break;
  }
  return 0;
}

static int dir_cb(const walk_dir *d, void *payload)
{
  repo_state *rs = payload;
  if (!d->has_id) {
    return WALK_DESCEND;
  }
  if (rs->ndirs == rs->capdirs) {
    size_t cap = rs->capdirs ? rs->capdirs * 2 : 64;
    dir_ent *v = mls_realloc(rs->dirs, cap * sizeof(*v));
    if (!v) {
      return MLS_ENOMEM;
    }
    rs->dirs = v;
    rs->capdirs = cap;
  }
  if (!(rs->dirs[rs->ndirs].path =
            mls_arena_strndup(rs->arena, d->path, d->path_len))) {
    return MLS_ENOMEM;
  }
  rs->dirs[rs->ndirs++].id = d->id;
  return WALK_DESCEND;
}

static int cmp_dir(const void *a, const void *b)
{
  return strcmp(((const dir_ent *)a)->path, ((const dir_ent *)b)->path);
}

static int cmp_cstr(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tree id of directory `path`, or NULL (worktree mode, or a directory
 * the walk did not offer). */
static const repo_oid *dir_tree(const repo_state *rs, const char *path)
{
  size_t lo = 0, hi = rs->ndirs;
  if (!path[0] && rs->has_tree) {
    return &rs->tree;
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(rs->dirs[mid].path, path);
    if (c == 0) {
      return &rs->dirs[mid].id;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return NULL;
}

/* The Terraform module directories: every directory holding a .tf or
 * .tf.json file, sorted (what tf_find_roots() searches, from the index). */
static int module_dirs(char ***out, size_t *n, const repo_state *rs)
{
  char **v = NULL;
  size_t k = 0;

  *out = NULL;
  *n = 0;
  if (rs->nfiles && !(v = mls_calloc(rs->nfiles, sizeof(*v)))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < rs->nfiles; i++) {
    const char *p = rs->files[i].path, *slash = strrchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : 0;
    if (rs->files[i].kind != WALK_TF && rs->files[i].kind != WALK_TF_JSON) {
      continue;
    }
    if (!(v[k] = mls_strndup(p, len))) {
      tf_roots_free(v, k);
      return MLS_ENOMEM;
    }
    k++;
  }
  if (k > 1) {
    size_t w = 1;
    qsort(v, k, sizeof(*v), cmp_cstr);
    for (size_t i = 1; i < k; i++) {
      if (strcmp(v[i], v[w - 1]) == 0) {
        mls_free(v[i]);
      } else {
        v[w++] = v[i];
      }
    }
    k = w;
  }
  *out = v;
  *n = k;
  return MLS_OK;
}

static ssize_t find_dir(char **dirs, size_t n, const char *path)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(dirs[mid], path);
    if (c == 0) {
      return (ssize_t)mid;
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

/* Per module directory: the local module calls it makes. */
typedef struct calls {
  char **v; /* owned (tf_roots_free): sources as written */
  size_t n;
} calls;

/* A directory's calls as the cache stores them: each source and '\n'.
 * The value is untrusted: a line that is not a local source, or is too
 * long, makes it a miss. */
static int calls_decode(calls *out, const char *p, size_t len)
{
  size_t n = 0, k = 0;
  for (size_t i = 0; i < len; i++) {
    n += p[i] == '\n';
  }
  if (len && p[len - 1] != '\n') {
    return MLS_EINPUT;
  }
  if (n && !(out->v = mls_calloc(n, sizeof(*out->v)))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(p + i, '\n', len - i);
    size_t l = (size_t)(nl - (p + i));
    int bad = MLS_OK;
    if (l == 0 || l >= MLS_MAX_PATH_BYTES || l < 2 ||
        !(memcmp(p + i, "./", 2) == 0 ||
          (l >= 3 && memcmp(p + i, "../", 3) == 0)) ||
        memchr(p + i, '\0', l)) {
      bad = MLS_EINPUT;
    } else if (!(out->v[k] = mls_strndup(p + i, l))) {
      bad = MLS_ENOMEM;
    }
    if (bad < 0) {
      tf_roots_free(out->v, k);
      out->v = NULL;
      return bad;
    }
    k++;
    i += l + 1;
  }
  out->n = k;
  return MLS_OK;
}

/* The cache key of root's results: the rule pack, the options, and the
 * tree id and path of the root and of every module directory it reaches
 * through local calls (DESIGN.md "Cache": module results). No key when a
 * directory has no tree id (worktree mode). */
static void root_key_of(root_key *out, const repo_state *rs, size_t root,
                        char **dirs, size_t ndirs, const calls *cl)
{
  char target[MLS_MAX_PATH_BYTES];
  size_t *queue = NULL, nq = 0, nids = 0;
  bool *seen = NULL;
  cache_id *ids = NULL;
  mls_buf b;

  out->has = false;
  mls_buf_init(&b, MLS_CACHE_MAX_VALUE_BYTES);
  if (!(queue = mls_calloc(ndirs, sizeof(*queue))) ||
      !(seen = mls_calloc(ndirs, sizeof(*seen))) ||
      !(ids = mls_calloc(ndirs, sizeof(*ids)))) {
    goto done;
  }
  queue[nq++] = root;
  seen[root] = true;
  for (size_t q = 0; q < nq; q++) {
    size_t i = queue[q];
    for (size_t j = 0; j < cl[i].n; j++) {
      ssize_t k;
      if (tf_path_join(target, sizeof(target), dirs[i], cl[i].v[j]) < 0 ||
          (k = find_dir(dirs, ndirs, target)) < 0 || seen[k]) {
        continue;
      }
      seen[k] = true;
      queue[nq++] = (size_t)k;
    }
  }
  /* The root first, then the modules in path order; each as tree id then
   * path, laid out in one buffer the ids point into once it is built. */
  for (size_t pass = 0; pass < 2; pass++) {
    size_t at = 0;
    nids = 0;
    for (size_t o = 0; o <= ndirs; o++) {
      size_t i = o == 0 ? root : o - 1;
      const repo_oid *tree;
      size_t plen;
      if (o > 0 && (!seen[i] || i == root)) {
        continue;
      }
      if (!(tree = dir_tree(rs, dirs[i]))) {
        goto done;
      }
      plen = strlen(dirs[i]);
      if (pass == 0) {
        if (mls_buf_put(&b, tree->id, sizeof(tree->id)) < 0 ||
            mls_buf_put(&b, dirs[i], plen) < 0) {
          goto done;
        }
      } else {
        ids[nids].p = b.ptr + at;
        ids[nids].len = sizeof(tree->id) + plen;
      }
      at += sizeof(tree->id) + plen;
      nids++;
    }
  }
  out->has = cache_key_module(&out->key, &rs->sw->rulepack, &rs->sw->config,
                              ids, nids, NULL, 0) == 0;
done:
  mls_buf_dispose(&b);
  mls_free(queue);
  mls_free(seen);
  mls_free(ids);
}

/* The calls of directory `dir`: from the cache by its tree id, or parsed
 * (and stored). Parsing needs the loader, made on first use. */
static int dir_calls(calls *out, repo_state *rs, src_ctx *sc, tf_loader **ld,
                     tf_source *src, const char *dir)
{
  sweep *sw = rs->sw;
  const repo_oid *tree = dir_tree(rs, dir);
  cache_key key;
  bool keyed = false;
  int rc;

  out->v = NULL;
  out->n = 0;
  if (sw->cache && tree) {
    cache_id id = { tree->id, sizeof(tree->id) };
    cache_txn *txn = NULL;
    mls_diag scratch = MLS_DIAG_INIT;
    keyed = cache_key_file(&key, MLS_ENGINE_VERSION, CALLS_KIND, id) == 0;
    if (keyed && cache_read_begin(sw->cache, &txn, &scratch) == MLS_OK) {
      const void *bytes = NULL;
      size_t len = 0;
      if (cache_get(sw->cache, txn, CACHE_DB_FILES, &key, &bytes, &len,
                    &scratch) == MLS_OK &&
          bytes) {
        rc = calls_decode(out, bytes, len);
        cache_read_end(txn);
        mls_diag_dispose(&scratch);
        if (rc == MLS_OK || rc == MLS_ENOMEM) {
          return rc;
        }
        keyed = true; /* a bad value: parse, and store it again */
        txn = NULL;
      }
      if (txn) {
        cache_read_end(txn);
      }
    }
    mls_diag_dispose(&scratch);
  }
  if (!*ld && tf_loader_new(ld, src) < 0) {
    return MLS_ENOMEM;
  }
  (void)sc;
  if ((rc = tf_dir_calls(&out->v, &out->n, *ld, dir)) < 0) {
    return rc;
  }
  if (keyed) {
    mls_buf b;
    mls_buf_init(&b, MLS_CACHE_MAX_VALUE_BYTES);
    for (size_t i = 0; i < out->n; i++) {
      mls_buf_puts(&b, out->v[i]);
      mls_buf_putc(&b, '\n');
    }
    if (b.len || out->n == 0) {
      cache_put(sw->cache, CACHE_DB_FILES, &key, b.ptr ? b.ptr : "", b.len);
    }
    mls_buf_dispose(&b);
  }
  return MLS_OK;
}

/* The root modules (as tf_find_roots() finds them: module directories no
 * other one calls), and for each the cache key of its results: the rule
 * pack, the options, and the path and tree id of the root and of every
 * local module it reaches. A directory's calls come from the cache when
 * its tree is unchanged, so only changed directories are parsed here. */
static int find_roots(repo_state *rs, src_ctx *sc)
{
  char **dirs = NULL, target[MLS_MAX_PATH_BYTES];
  size_t ndirs = 0, nroots = 0;
  calls *cl = NULL;
  bool *called = NULL;
  tf_source src;
  tf_loader *ld = NULL;
  int rc;

  source_of(&src, sc);
  if ((rc = module_dirs(&dirs, &ndirs, rs)) < 0 || ndirs == 0) {
    return rc;
  }
  if (!(cl = mls_calloc(ndirs, sizeof(*cl))) ||
      !(called = mls_calloc(ndirs, sizeof(*called)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < ndirs; i++) {
    if ((rc = dir_calls(&cl[i], rs, sc, &ld, &src, dirs[i])) < 0) {
      goto done;
    }
    for (size_t j = 0; j < cl[i].n; j++) {
      ssize_t k;
      if (tf_path_join(target, sizeof(target), dirs[i], cl[i].v[j]) < 0 ||
          strcmp(target, dirs[i]) == 0) {
        continue;
      }
      if ((k = find_dir(dirs, ndirs, target)) >= 0) {
        called[k] = true;
      }
    }
  }
  for (size_t i = 0; i < ndirs; i++) {
    nroots += called[i] ? 0 : 1;
  }
  if (!(rs->roots = mls_calloc(nroots ? nroots : 1, sizeof(*rs->roots))) ||
      !(rs->rkeys = mls_calloc(nroots ? nroots : 1, sizeof(*rs->rkeys)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (size_t i = 0, r = 0; i < ndirs; i++) {
    if (!called[i]) {
      root_key_of(&rs->rkeys[r++], rs, i, dirs, ndirs, cl);
    }
  }
  for (size_t i = 0; i < ndirs; i++) {
    if (!called[i]) {
      rs->roots[rs->nroots++] = dirs[i];
      dirs[i] = NULL;
    }
  }
  rc = MLS_OK;
done:
  if (cl) {
    for (size_t i = 0; i < ndirs; i++) {
      tf_roots_free(cl[i].v, cl[i].n);
    }
  }
  mls_free(cl);
  mls_free(called);
  tf_roots_free(dirs, ndirs);
  tf_loader_free(ld);
  return rc;
}

/* Split the repository's work into units and submit them; with nothing
 * to do the repository is finalized at once. */
static void plan_units(repo_state *rs, repo *r)
{
  sweep *sw = rs->sw;
  size_t ntf = (rs->nroots + ROOTS_PER_UNIT - 1) / ROOTS_PER_UNIT;
  size_t ncf = (rs->ncfn + CFN_PER_UNIT - 1) / CFN_PER_UNIT;
  size_t k = 0;

  rs->nunits = ntf + ncf;
  if (rs->nunits == 0) {
    atomic_store(&rs->pending, 1);
    repo_unit_done(rs);
    return;
  }
  if (!(rs->units = mls_calloc(rs->nunits, sizeof(*rs->units)))) {
    mls_diag_add(&rs->diag, MLS_ENOMEM, NULL, "out of memory");
    rs->nunits = 0;
    atomic_store(&rs->pending, 1);
    repo_unit_done(rs);
    return;
  }
  for (size_t i = 0; i < rs->nroots; i += ROOTS_PER_UNIT, k++) {
    unit *u = &rs->units[k];
    u->rs = rs;
    u->first = i;
    u->count =
        rs->nroots - i < ROOTS_PER_UNIT ? rs->nroots - i : ROOTS_PER_UNIT;
  }
  for (size_t i = 0; i < rs->ncfn; i += CFN_PER_UNIT, k++) {
    unit *u = &rs->units[k];
    u->rs = rs;
    u->cfn = true;
    u->first = i;
    u->count = rs->ncfn - i < CFN_PER_UNIT ? rs->ncfn - i : CFN_PER_UNIT;
  }
  for (size_t i = 0; i < rs->nunits; i++) {
    mls_unit_out_init(&rs->units[i].out);
  }
  atomic_store(&rs->pending, rs->nunits);
  /* Once the last unit is submitted (or run) it may finish, finalize and
   * free rs: only locals are read from here on. */
  {
    unit *units = rs->units;
    size_t n = rs->nunits;
    /* A small repository's units run here, on the repo job's handle:
     * another job each would cost a repository open and a scheduling
     * round for a few files. A large one's are left to idle workers. */
    bool inline_units = r && rs->nfiles <= INLINE_MAX_FILES;
    for (size_t i = 0; i < n; i++) {
      if (inline_units || pool_submit(sw->pool, unit_job, &units[i]) < 0) {
        run_unit(&units[i], r); /* also when the queue is out of memory */
      }
    }
  }
}

static int repo_key(cache_key *out, const repo_state *rs)
{
  cache_id tree = { rs->tree.id, sizeof(rs->tree.id) };
  return cache_key_repo(out, &rs->sw->rulepack, &rs->sw->config, tree);
}

/* An unchanged tree under the same rules and options: deliver the stored
 * report and skip the walk. False on a miss or a bad entry. */
static bool from_cache(repo_state *rs)
{
  sweep *sw = rs->sw;
  cache_txn *txn = NULL;
  cache_key key;
  const void *bytes = NULL;
  size_t len = 0;
  mls_repo_report *rep = NULL;
  mls_diag scratch = MLS_DIAG_INIT;

  if (!sw->cache || repo_key(&key, rs) < 0 ||
      cache_read_begin(sw->cache, &txn, &scratch) < 0) {
    mls_diag_dispose(&scratch);
    return false;
  }
  if (cache_get(sw->cache, txn, CACHE_DB_REPOS, &key, &bytes, &len, &scratch) ==
          MLS_OK &&
      bytes) {
    if (mls_report_decode(&rep, bytes, len, sw->cfg->rules, sw->cfg->today,
                          rs->target->name, rs->target->path,
                          rs->commit[0] ? rs->commit : NULL) < 0) {
      rep = NULL; /* recomputed; the fresh report overwrites the entry */
    }
  }
  cache_read_end(txn);
  mls_diag_dispose(&scratch);
  if (!rep) {
    return false;
  }
  rep->counts.cache_hits++;
  mls_mutex_lock(&sw->emit_lock);
  sw->cache_hits++;
  mls_mutex_unlock(&sw->emit_lock);
  sw->repos[rs->index] = NULL;
  {
    size_t index = rs->index;
    repo_state_free(rs);
    deliver(sw, index, rep);
  }
  return true;
}

static void repo_job(pool *p, void *arg)
{
  repo_state *rs = arg;
  const mls_config *cfg = rs->sw->cfg;
  repo_open_opts oo = REPO_OPEN_OPTS_INIT;
  walk_opts wo = WALK_OPTS_INIT;
  repo *r = NULL;
  int rc;

  (void)p;
  oo.ref = cfg->ref;
  oo.worktree = cfg->worktree;
  if (repo_open(&r, rs->target, &oo, &rs->diag) < 0) {
    rs->failed = true;
    goto finish;
  }
  if (repo_commit_id(r)) {
    repo_oid_fmt(rs->commit, repo_commit_id(r));
  }
  if (repo_tree_id(r)) {
    rs->has_tree = true;
    rs->tree = *repo_tree_id(r);
    if (!cfg->read_only && from_cache(rs)) {
      repo_free(r);
      return;
    }
  }
  wo.include = cfg->include;
  wo.ninclude = cfg->ninclude;
  wo.exclude = cfg->exclude;
  wo.nexclude = cfg->nexclude;
  wo.on_dir = dir_cb;
  rc = walk_repo(r, &wo, walk_cb, rs, &rs->diag);
  if (rc < 0) {
    rs->failed = rc != MLS_ENOMEM && rs->nfiles == 0;
    if (rc == MLS_ENOMEM) {
      mls_diag_add(&rs->diag, rc, NULL, "out of memory while walking");
    }
  }
  if (rs->files) {
    qsort(rs->files, rs->nfiles, sizeof(*rs->files), cmp_file);
  }
  if (rs->dirs) {
    qsort(rs->dirs, rs->ndirs, sizeof(*rs->dirs), cmp_dir);
  }
  /* Terraform roots, from the index. */
  if (rs->counts.files_tf > 0 && !cfg->read_only) {
    mls_diag scratch = MLS_DIAG_INIT;
    src_ctx sc;
    memset(&sc, 0, sizeof(sc));
    sc.rs = rs;
    sc.r = r;
    /* Parse errors are reported once, by the unit that evaluates the
     * module; the search only needs the calls. */
    sc.diag = &scratch;
    if ((rc = find_roots(rs, &sc)) < 0) {
      mls_diag_add(&rs->diag, rc, NULL,
                   "cannot search for Terraform root modules (%s)",
                   mls_rc_name(rc));
    }
    mls_diag_dispose(&scratch);
  }
  /* CloudFormation candidates. */
  if (rs->nfiles > 0 && (rs->cfn = mls_calloc(rs->nfiles, sizeof(size_t)))) {
    for (size_t i = 0; i < rs->nfiles; i++) {
      walk_kind k = rs->files[i].kind;
      if (cfg->read_only || k == WALK_YAML || k == WALK_JSON ||
          k == WALK_TEMPLATE) {
        rs->cfn[rs->ncfn++] = i;
      }
    }
  }
finish:
  if (rs->failed) {
    repo_free(r);
    atomic_store(&rs->pending, 1);
    repo_unit_done(rs);
    return;
  }
  plan_units(rs, r); /* rs may be gone when this returns; r is ours */
  repo_free(r);
}

/* --- finalize and delivery --------------------------------------------- */

static void repo_state_free(repo_state *rs)
{
  if (!rs) {
    return;
  }
  for (size_t i = 0; i < rs->nunits; i++) {
    mls_unit_out_dispose(&rs->units[i].out);
  }
  mls_free(rs->units);
  tf_roots_free(rs->roots, rs->nroots);
  mls_free(rs->rkeys);
  mls_free(rs->dirs);
  mls_free(rs->cfn);
  mls_free(rs->files);
  mls_diag_dispose(&rs->diag);
  mls_arena_free(rs->arena);
  mls_free(rs);
}

/* One progress line on stderr (a terminal: the caller checked), redrawn
 * at most ten times a second and at the end. Called under emit_lock. */
static void progress(sweep *sw)
{
  double now = now_seconds(), dt = now - sw->t0;
  bool last = sw->next == sw->targets.n;

  if (!last && now - sw->last_progress < 0.1) {
    return;
  }
  sw->last_progress = now;
  fprintf(stderr, "\r\033[Kmlsweep: %zu/%zu repositories, %.0f files/s",
          sw->next, sw->targets.n, dt > 0 ? (double)sw->files_done / dt : 0.0);
  if (!last && sw->next > 0) {
    double eta = dt / (double)sw->next * (double)(sw->targets.n - sw->next);
    fprintf(stderr, ", ETA %.0f s", eta);
  }
  if (last) {
    fputc('\n', stderr);
  }
}

static void deliver(sweep *sw, size_t index, mls_repo_report *rep)
{
  mls_mutex_lock(&sw->emit_lock);
  sw->ready[index] = rep;
  while (sw->next < sw->targets.n && sw->ready[sw->next]) {
    mls_repo_report *r = sw->ready[sw->next];
    sw->ready[sw->next] = NULL;
    sw->next++;
    if (r->failed) {
      sw->failed++;
    } else {
      sw->ok++;
    }
    if (sw->stop_rc == 0 && sw->cfg->on_report) {
      int rc = sw->cfg->on_report(sw->cfg->payload, r);
      if (rc < 0) {
        sw->stop_rc = rc;
      }
    }
    sw->files_done += (uint64_t)r->counts.files_tf + r->counts.files_tfvars +
                      r->counts.files_cfn;
    if (sw->cfg->progress) {
      progress(sw);
    }
    mls_repo_report_free(r);
  }
  mls_mutex_unlock(&sw->emit_lock);
}

/* Remember a finished repository: its report under its tree, and its
 * size so the next sweep starts it early if it is large. Best effort. */
static void store(const repo_state *rs, const mls_repo_report *rep)
{
  sweep *sw = rs->sw;
  mls_buf b;
  cache_key key;
  unsigned char size[8];
  uint64_t bytes = rep->counts.bytes;

  /* A large repository's results are already stored module by module;
   * storing them again whole would write the whole report after every
   * small change (the 1%-changed re-sweep), so its warm sweep reads the
   * module entries instead. */
  mls_buf_init(&b, REPO_ENTRY_MAX_BYTES);
  if (repo_key(&key, rs) == MLS_OK && mls_report_encode(&b, rep) == MLS_OK) {
    cache_put(sw->cache, CACHE_DB_REPOS, &key, b.ptr, b.len);
  }
  mls_buf_dispose(&b);
  for (int i = 0; i < 8; i++) {
    size[i] = (unsigned char)(bytes >> (8 * i));
  }
  if (cache_key_meta_repo(&key, rs->target->path) == MLS_OK) {
    cache_put(sw->cache, CACHE_DB_META, &key, size, sizeof(size));
  }
}

static void repo_unit_done(repo_state *rs)
{
  sweep *sw = rs->sw;
  mls_repo_report *rep = NULL;
  const repo_target *t = rs->target;

  if (atomic_fetch_sub(&rs->pending, 1) != 1) {
    return;
  }
  /* The last unit: build the report from the units, in unit order. */
  if (mls_repo_report_build(&rep, t->name, t->path,
                            rs->commit[0] ? rs->commit : NULL, rs->failed,
                            &rs->counts, &rs->diag, rs->units, rs->nunits,
                            sizeof(unit), offsetof(unit, out)) < 0) {
    rep = NULL;
  }
  if (rep && sw->cache && rs->has_tree && !rs->failed) {
    store(rs, rep);
  }
  if (sw->cache && cache_queued_bytes(sw->cache) > CACHE_FLUSH_BYTES) {
    /* One write transaction per batch: the queue holds copies of the
     * values, so a big org would otherwise hold all of them to the end. */
    mls_diag cd = MLS_DIAG_INIT;
    cache_flush(sw->cache, &cd);
    mls_diag_dispose(&cd);
  }
  sw->repos[rs->index] = NULL;
  {
    size_t index = rs->index;
    repo_state_free(rs);
    if (!rep) {
      /* Out of memory: deliver an empty failed report so the order
       * holds and the repository is not lost silently. */
      rep = mls_repo_report_failed(t->name, t->path, "out of memory");
    }
    if (rep) {
      deliver(sw, index, rep);
    }
  }
}

/* --- targets ----------------------------------------------------------- */

bool mls_shard_keep(const char *identity, unsigned k, unsigned n)
{
  /* FNV-1a, 64 bits: stable across machines and releases. */
  uint64_t h = 0xcbf29ce484222325u;
  if (n == 0) {
    return true;
  }
  for (const unsigned char *p = (const unsigned char *)identity; *p; p++) {
    h ^= *p;
    h *= 0x100000001b3u;
  }
  return h % n == (uint64_t)(k - 1);
}

static int cmp_target(const void *a, const void *b)
{
  const repo_target *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->path, y->path);
}

static int collect_targets(sweep *sw, mls_diag *diag)
{
  const mls_config *cfg = sw->cfg;
  int first_err = MLS_OK;
  size_t keep = 0;

  for (size_t i = 0; i < cfg->ntargets; i++) {
    int rc = repo_targets_add(&sw->targets, cfg->targets[i], NULL, diag);
    if (rc == MLS_ENOMEM) {
      return rc;
    }
    if (rc < 0 && first_err == MLS_OK) {
      first_err = MLS_EINPUT;
    }
  }
  if (cfg->targets_file) {
    int rc = repo_targets_read_file(&sw->targets, cfg->targets_file, diag);
    if (rc == MLS_ENOMEM) {
      return rc;
    }
    if (rc < 0 && first_err == MLS_OK) {
      first_err = MLS_EINPUT;
    }
  }
  if (cfg->ntargets == 0 && !cfg->targets_file) {
    int rc = repo_targets_add(&sw->targets, ".", NULL, diag);
    if (rc == MLS_ENOMEM) {
      return rc;
    }
    if (rc < 0) {
      first_err = MLS_EINPUT;
    }
  }
  if (sw->targets.n > 1) {
    qsort(sw->targets.v, sw->targets.n, sizeof(*sw->targets.v), cmp_target);
  }
  /* Drop targets of other shards, and a repository given twice. */
  for (size_t i = 0; i < sw->targets.n; i++) {
    repo_target *t = &sw->targets.v[i];
    bool dup = keep > 0 && strcmp(sw->targets.v[keep - 1].path, t->path) == 0;
    if (dup || !mls_shard_keep(t->name, cfg->shard_k, cfg->shard_n)) {
      mls_free(t->path);
      mls_free(t->name);
      continue;
    }
    sw->targets.v[keep++] = *t;
  }
  sw->targets.n = keep;
  return first_err;
}

/* A digest input under construction; a failed append is sticky. */
typedef struct digest_in {
  mls_buf b; /* the bytes hashed */
  bool bad;  /* an append failed: the digest must not be used */
} digest_in;

static void dg_put(digest_in *d, const char *tag, const char *data, size_t len)
{
  /* Tag and length first, so two fields cannot run together. */
  if (mls_buf_printf(&d->b, "%s %zu:", tag, len) < 0 ||
      mls_buf_put(&d->b, data, len) < 0) {
    d->bad = true;
  }
}

static void digest_cb(void *payload, const char *data, size_t len)
{
  dg_put(payload, "rule", data, len);
}

static void dg_str(digest_in *d, const char *tag, const char *s)
{
  dg_put(d, tag, s ? s : "", s ? strlen(s) : 0);
}

/* The rule-pack and configuration digests of the cache keys (DESIGN.md
 * "Cache"). Everything that changes a repository's results is in one of
 * them, except the date (suppression expiry is re-judged on a hit). */
static int digests(sweep *sw)
{
  const mls_config *cfg = sw->cfg;
  digest_in d;
  int rc = MLS_OK;

  mls_buf_init(&d.b, MLS_CACHE_MAX_VALUE_BYTES);
  d.bad = false;
  dg_str(&d, "format", "mlsweep-rules/1");
  if (cfg->rules) {
    rule_set_each_source(cfg->rules, digest_cb, &d);
  }
  if (d.bad) {
    rc = MLS_ENOMEM;
  }
  cache_key_content(&sw->rulepack, d.b.ptr, d.b.len);
  mls_buf_clear(&d.b);
  dg_str(&d, "format", "mlsweep-config/1");
  dg_str(&d, "engine", MLS_ENGINE_VERSION);
  dg_str(&d, cfg->env ? "env" : "no-env", cfg->env);
  dg_str(&d, "inline", cfg->no_inline_ignores ? "off" : "on");
  for (size_t i = 0; i < cfg->ncli_vars; i++) {
    const tf_cli_var *v = &cfg->cli_vars[i];
    dg_put(&d, v->file ? "var-file" : "var", v->data, v->len);
  }
  for (size_t i = 0; i < cfg->nenv_vars; i++) {
    dg_str(&d, "env-var", cfg->env_vars[i]);
  }
  for (size_t i = 0; i < cfg->nparams; i++) {
    dg_str(&d, "param", cfg->params[i]);
  }
  for (size_t i = 0; i < cfg->ninclude; i++) {
    dg_str(&d, "include", cfg->include[i]);
  }
  for (size_t i = 0; i < cfg->nexclude; i++) {
    dg_str(&d, "exclude", cfg->exclude[i]);
  }
  if (d.bad) {
    rc = MLS_ENOMEM;
  }
  cache_key_content(&sw->config, d.b.ptr, d.b.len);
  mls_buf_dispose(&d.b);
  if (rc < 0 && sw->cache) {
    /* Keys that miss an input could hit stale entries: no cache. */
    cache_close(sw->cache);
    sw->cache = NULL;
  }
  return MLS_OK;
}

/* Sizes from the previous sweep, so the largest repositories start first
 * and a monorepo does not start last on an otherwise idle pool. */
static void size_hints(sweep *sw)
{
  cache_txn *txn = NULL;
  mls_diag scratch = MLS_DIAG_INIT;

  if (!sw->cache || cache_read_begin(sw->cache, &txn, &scratch) < 0) {
    mls_diag_dispose(&scratch);
    return;
  }
  for (size_t i = 0; i < sw->targets.n; i++) {
    cache_key key;
    const void *bytes = NULL;
    size_t len = 0;
    if (cache_key_meta_repo(&key, sw->targets.v[i].path) == MLS_OK &&
        cache_get(sw->cache, txn, CACHE_DB_META, &key, &bytes, &len,
                  &scratch) == MLS_OK &&
        bytes && len == 8) {
      const unsigned char *p = bytes;
      uint64_t v = 0;
      for (int k = 7; k >= 0; k--) {
        v = v << 8 | p[k];
      }
      sw->repos[i]->size_hint = v;
    }
  }
  cache_read_end(txn);
  mls_diag_dispose(&scratch);
}

static int cmp_size(const void *a, const void *b)
{
  const repo_state *x = *(repo_state *const *)a;
  const repo_state *y = *(repo_state *const *)b;
  if (x->size_hint != y->size_hint) {
    return x->size_hint > y->size_hint ? -1 : 1;
  }
  return x->index < y->index ? -1 : x->index > y->index;
}

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int mls_run(const mls_config *cfg, mls_sweep_summary *summary, mls_diag *diag)
{
  sweep sw;
  repo_state **order = NULL;
  repo_global_opts go = REPO_GLOBAL_OPTS_INIT;
  double t0 = now_seconds();
  int rc, input_rc;
  bool git_up = false;

  memset(&sw, 0, sizeof(sw));
  sw.cfg = cfg;
  sw.t0 = t0;
  go.trust_mirrors = cfg->trust_mirrors;
  if ((rc = repo_global_init(&go, diag)) < 0) {
    return rc;
  }
  git_up = true;
  if ((rc = mls_mutex_init(&sw.emit_lock)) < 0) {
    goto done_git;
  }
  input_rc = collect_targets(&sw, diag);
  if (input_rc == MLS_ENOMEM) {
    rc = input_rc;
    goto done;
  }
  if (sw.targets.n > 0) {
    sw.repos = mls_calloc(sw.targets.n, sizeof(*sw.repos));
    sw.ready = mls_calloc(sw.targets.n, sizeof(*sw.ready));
    if (!sw.repos || !sw.ready) {
      rc = MLS_ENOMEM;
      goto done;
    }
    for (size_t i = 0; i < sw.targets.n; i++) {
      repo_state *rs = mls_calloc(1, sizeof(*rs));
      if (!rs || !(rs->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
        mls_free(rs);
        rc = MLS_ENOMEM;
        goto done;
      }
      rs->sw = &sw;
      rs->index = i;
      rs->target = &sw.targets.v[i];
      atomic_init(&rs->pending, 0);
      sw.repos[i] = rs;
    }
    if (cfg->cache_dir) {
      mls_diag cd = MLS_DIAG_INIT;
      if (cache_open(&sw.cache, cfg->cache_dir, NULL, &cd) < 0) {
        /* The cache is an accelerator: sweep without it. */
        mls_diag_note(diag, MLS_EIO, MLS_SEV_WARNING, NULL,
                      "cache %s not used: %s", cfg->cache_dir,
                      cd.n ? cd.v[0].message : "cannot open");
        sw.cache = NULL;
      }
      mls_diag_dispose(&cd);
    }
    if ((rc = digests(&sw)) < 0) {
      goto done;
    }
    size_hints(&sw);
    if (!(order = mls_calloc(sw.targets.n, sizeof(*order)))) {
      rc = MLS_ENOMEM;
      goto done;
    }
    memcpy(order, sw.repos, sw.targets.n * sizeof(*order));
    qsort(order, sw.targets.n, sizeof(*order), cmp_size);
    if (!(sw.pool = pool_new_kind(cfg->jobs, cfg->pool))) {
      rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "cannot start the workers");
      goto done;
    }
    for (size_t i = 0; i < sw.targets.n; i++) {
      if (pool_submit(sw.pool, repo_job, order[i]) < 0) {
        repo_job(sw.pool, order[i]);
      }
    }
    pool_wait(sw.pool);
  }
  rc = sw.stop_rc < 0 ? sw.stop_rc : input_rc;

done:
  pool_free(sw.pool);
  mls_free(order);
  if (sw.cache) {
    mls_diag cd = MLS_DIAG_INIT;
    cache_flush(sw.cache, &cd);
    mls_diag_dispose(&cd);
    cache_close(sw.cache);
  }
  if (sw.repos) {
    for (size_t i = 0; i < sw.targets.n; i++) {
      repo_state_free(sw.repos[i]);
    }
  }
  if (sw.ready) {
    for (size_t i = 0; i < sw.targets.n; i++) {
      mls_repo_report_free(sw.ready[i]);
    }
  }
  mls_free(sw.repos);
  mls_free(sw.ready);
  if (summary) {
    summary->targets = sw.targets.n;
    summary->repos_ok = sw.ok;
    summary->repos_failed = sw.failed;
    summary->seconds = now_seconds() - t0;
    summary->cache_hits = sw.cache_hits;
  }
  repo_targets_dispose(&sw.targets);
  mls_mutex_dispose(&sw.emit_lock);
done_git:
  if (git_up) {
    repo_global_shutdown();
  }
  return rc;
}
