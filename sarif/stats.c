/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/stats.c -- sweep statistics: the JSON file (--stats) and the
 * OpenMetrics text (--metrics), and the trend against an earlier sweep
 * (--previous).
 *
 * Stage: writers. An accumulator fed one finished report at a time.
 * Memory: per rule, a fixed set of counters; per repository, its name and
 * a dozen counters (for the top lists and the metrics); the variable-size
 * part of each repository (its per-rule counts and failing fingerprints)
 * goes to a spool file and is copied out in name order. A --previous file
 * is loaded whole: one (repository, rule, fingerprint) triple per failing
 * result of that sweep. The statistics' SARIF counts come from
 * sarif_write_repo() (sarif_repo_info), so they equal what was written.
 * The previous file is untrusted input: parsed by cJSON with a length, its
 * shape checked, anything else is a diagnostic.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "sarif/sarif_int.h"

#include "core/base/alloc.h"
#include "core/base/jsonw.h"
#include "core/base/rc.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Checks by outcome, indexed by mls_status. */
typedef struct counts {
  uint64_t st[4]; /* pass, fail, unknown, suppressed */
} counts;

/* Trend of failing results against the previous sweep. */
typedef struct trend {
  uint64_t added;      /* failing now, not before ("new") */
  uint64_t fixed;      /* failing before, not now */
  uint64_t persisting; /* failing in both */
} trend;

typedef struct rule_acc {
  counts c;               /* every result of the rule */
  uint64_t repos_failing; /* repositories with a failing result of it */
  trend t;                /* over repositories present in both sweeps */
} rule_acc;

typedef struct repo_acc {
  char *name;                               /* owned */
  counts c;                                 /* its checks */
  uint64_t fail_sev[MLS_RSEV_CRITICAL + 1]; /* failing results by severity */
  bool failed;                              /* could not be swept */
} repo_acc;

/* One failing result of the previous sweep. */
typedef struct prev_fp {
  char *repo; /* owned */
  char *rule; /* owned */
  char fp[SARIF_FINGERPRINT_SIZE];
} prev_fp;

/* mls_repo_counts summed over repositories, without uint32 overflow. */
typedef struct sums {
  uint64_t files_tf, files_tfvars, files_cfn, files_skipped; /* by kind */
  uint64_t parse_failures, modules, resources, unknown_values;
  uint64_t cache_hits, cache_misses, bytes;
} sums;

struct sarif_stats {
  const sarif_rules *rules; /* borrowed: for the accumulator's life */
  sarif_opts opts;          /* copy; strings borrowed */
  rule_acc *by_rule;        /* owned: rules->n entries */
  counts by_sev[MLS_RSEV_CRITICAL + 1]; /* by result severity */
  counts total;                         /* every result */
  sarif_repo_info sarif;                /* summed over repositories */
  sums files;                           /* summed counters */
  uint64_t repos_ok, repos_failed;
  repo_acc *repos; /* owned */
  size_t nrepos, caprepos;
  sarif__spool spool; /* per-repository JSON pieces */
  prev_fp *prev;      /* owned: sorted (repo, rule, fp) */
  size_t nprev;
  bool has_prev; /* --previous was loaded */
  trend t;       /* total trend */
};

int sarif_stats_new(sarif_stats **out, const sarif_rules *rules,
                    const sarif_opts *o)
{
  sarif_opts dflt = SARIF_OPTS_INIT;
  sarif_stats *s;

  MLS_ASSERT_ARG(out && rules);
  if (!(s = mls_calloc(1, sizeof(*s)))) {
    return MLS_ENOMEM;
  }
  s->rules = rules;
  s->opts = o ? *o : dflt;
  if (!(s->by_rule = mls_calloc(rules->n ? rules->n : 1, sizeof(rule_acc)))) {
    mls_free(s);
    return MLS_ENOMEM;
  }
  sarif__spool_init(&s->spool);
  *out = s;
  return MLS_OK;
}

void sarif_stats_free(sarif_stats *s)
{
  if (!s) {
    return;
  }
  for (size_t i = 0; i < s->nrepos; i++) {
    mls_free(s->repos[i].name);
  }
  for (size_t i = 0; i < s->nprev; i++) {
    mls_free(s->prev[i].repo);
    mls_free(s->prev[i].rule);
  }
  mls_free(s->prev);
  mls_free(s->repos);
  mls_free(s->by_rule);
  sarif__spool_dispose(&s->spool);
  mls_free(s);
}

/* ---- previous sweep ------------------------------------------------------ */

static int prev_cmp(const void *a, const void *b)
{
  const prev_fp *x = a, *y = b;
  int c = strcmp(x->repo, y->repo);
  if (!c) {
    c = strcmp(x->rule, y->rule);
  }
  return c ? c : strcmp(x->fp, y->fp);
}

static bool prev_has(const sarif_stats *s, const char *repo, const char *rule,
                     const char *fp)
{
  prev_fp key;
  key.repo = (char *)(uintptr_t)repo; /* bsearch key: never written */
  key.rule = (char *)(uintptr_t)rule;
  snprintf(key.fp, sizeof(key.fp), "%s", fp);
  return bsearch(&key, s->prev, s->nprev, sizeof(*s->prev), prev_cmp) != NULL;
}

int sarif_stats_load_previous(sarif_stats *s, const char *json, size_t len,
                              mls_diag *diag)
{
  cJSON *doc = NULL;
  const char *end = NULL;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(s && json);
  doc = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (!doc) {
    return mls_diag_add(diag, MLS_EINPUT, NULL,
                        "previous statistics: not JSON (at byte %zu)",
                        end ? (size_t)(end - json) : (size_t)0);
  }
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
  const cJSON *repos = cJSON_GetObjectItemCaseSensitive(doc, "repos");
  /* mlsweep-stats/1 had the same repos[].failing: it still serves. */
  if (!cJSON_IsString(schema) ||
      (strcmp(schema->valuestring, SARIF_STATS_SCHEMA) != 0 &&
       strcmp(schema->valuestring, "mlsweep-stats/1") != 0) ||
      !cJSON_IsArray(repos)) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL, "previous statistics: not %s",
                      SARIF_STATS_SCHEMA);
    goto done;
  }
  const cJSON *repo;
  cJSON_ArrayForEach(repo, repos)
  {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(repo, "name");
    const cJSON *failing = cJSON_GetObjectItemCaseSensitive(repo, "failing");
    const cJSON *rule;
    if (!cJSON_IsString(name) || !cJSON_IsObject(failing)) {
      continue;
    }
    cJSON_ArrayForEach(rule, failing)
    {
      const cJSON *fp;
      if (!cJSON_IsArray(rule) || !rule->string) {
        continue;
      }
      cJSON_ArrayForEach(fp, rule)
      {
        if (!cJSON_IsString(fp) || strlen(fp->valuestring) != 32) {
          continue;
        }
        if (s->nprev % 1024 == 0) {
          size_t bytes;
          prev_fp *nv;
          if (!mls_mul_sz(&bytes, s->nprev + 1024, sizeof(*nv)) ||
              !(nv = mls_realloc(s->prev, bytes))) {
            rc = MLS_ENOMEM;
            goto done;
          }
          s->prev = nv;
        }
        prev_fp *p = &s->prev[s->nprev];
        p->repo = mls_strndup(name->valuestring, strlen(name->valuestring));
        p->rule = mls_strndup(rule->string, strlen(rule->string));
        if (!p->repo || !p->rule) {
          mls_free(p->repo);
          mls_free(p->rule);
          rc = MLS_ENOMEM;
          goto done;
        }
        memcpy(p->fp, fp->valuestring, 33);
        s->nprev++;
      }
    }
  }
  if (s->nprev > 1) {
    qsort(s->prev, s->nprev, sizeof(*s->prev), prev_cmp);
  }
  s->has_prev = true;
done:
  cJSON_Delete(doc);
  return rc;
}

/* ---- accumulate ---------------------------------------------------------- */

static int jnum_counts(mls_buf *b, const counts *c)
{
  static const char *const keys[] = { "{\"passed\":", ",\"failed\":",
                                      ",\"unknown\":", ",\"suppressed\":" };
  static const mls_status order[] = { MLS_ST_PASS, MLS_ST_FAIL, MLS_ST_UNKNOWN,
                                      MLS_ST_SUPPRESSED };
  uint64_t p = c->st[MLS_ST_PASS], f = c->st[MLS_ST_FAIL];
  int rc = MLS_OK;
  /* Once per repository and rule: puts, not a format string. */
  for (size_t i = 0; i < 4 && rc >= 0; i++) {
    rc = mls_buf_puts(b, keys[i]);
    rc = rc < 0 ? rc : mls_buf_put_u64(b, c->st[order[i]]);
  }
  if (rc < 0) {
    return rc;
  }
  if (p + f == 0) {
    return mls_buf_puts(b, ",\"compliance\":null}");
  }
  rc = mls_buf_puts(b, ",\"compliance\":");
  rc = rc < 0 ? rc : sarif__ratio4(b, p, p + f);
  return rc < 0 ? rc : mls_buf_putc(b, '}');
}

int sarif__ratio4(mls_buf *out, uint64_t p, uint64_t n)
{
  uint64_t q, r;
  char d[6];

  /* Away from a tie the double lies on the quotient's side of it: the
   * tie is at least 1 / (20000 n) away, the double at most 2^-53 (for
   * n <= 2^36, 1 / (20000 n) > 7e-16 > 2^-53 ~ 1.1e-16), and p * 10000
   * does not overflow. */
  if (n == 0 || p > n || n > ((uint64_t)1 << 36)) {
    return mls_buf_printf(out, "%.4f", n ? (double)p / (double)n : 0.0);
  }
  q = p * 10000 / n;
  r = p * 10000 % n;
  if (2 * r == n) {
    return mls_buf_printf(out, "%.4f", (double)p / (double)n);
  }
  q += 2 * r > n;
  d[0] = (char)('0' + q / 10000);
  d[1] = '.';
  for (int i = 5; i >= 2; i--, q /= 10) {
    d[i] = (char)('0' + q % 10);
  }
  return mls_buf_put(out, d, sizeof(d));
}

static int jtrend(mls_buf *b, const trend *t)
{
  return mls_buf_printf(b,
                        "{\"new\":%" PRIu64 ",\"fixed\":%" PRIu64
                        ",\"persisting\":%" PRIu64 "}",
                        t->added, t->fixed, t->persisting);
}

static const char *rule_id_of(const sarif_stats *s, const mls_result *x)
{
  const rule_meta *m = sarif__rule(s->rules, x);
  return m ? m->id : (x->rule_id ? x->rule_id : "?");
}

/* The repository's JSON piece: counts, SARIF counts, per-rule counts and
 * trend, and its failing fingerprints by rule (for a later --previous). */
/* A failing result's rule id and fingerprint. */
typedef struct cur_fp {
  const char *rule;                /* borrowed: the rule set or report */
  char fp[SARIF_FINGERPRINT_SIZE]; /* mlsweep/v1 */
} cur_fp;

static int cur_cmp(const void *a, const void *b)
{
  const cur_fp *x = a, *y = b;
  int c = strcmp(x->rule, y->rule);
  return c ? c : strcmp(x->fp, y->fp);
}

static int repo_piece(sarif_stats *s, mls_buf *b, const mls_repo_report *r,
                      const repo_acc *ra, const sarif_repo_info *info,
                      const counts *rc_by_rule, const trend *tr_by_rule,
                      const uint32_t *fail_idx, const cur_fp *fps, size_t nfail)
{
  int rc;
  trend tot = { 0, 0, 0 };

  SARIF_TRY(mls_buf_puts(b, "{\"name\":"));
  SARIF_TRY(sarif__jstr(b, r->name));
  SARIF_TRY(mls_buf_printf(
      b, ",\"swept\":%s,\"checks\":", r->failed ? "false" : "true"));
  SARIF_TRY(jnum_counts(b, &ra->c));
  SARIF_TRY(mls_buf_printf(
      b,
      ",\"findings\":{\"critical\":%" PRIu64 ",\"high\":%" PRIu64
      ",\"medium\":%" PRIu64 ",\"low\":%" PRIu64 "}",
      ra->fail_sev[MLS_RSEV_CRITICAL], ra->fail_sev[MLS_RSEV_HIGH],
      ra->fail_sev[MLS_RSEV_MEDIUM], ra->fail_sev[MLS_RSEV_LOW]));
  SARIF_TRY(mls_buf_printf(
      b,
      ",\"resources\":%" PRIu32 ",\"files\":{\"terraform\":%" PRIu32
      ",\"tfvars\":%" PRIu32 ",\"cloudformation\":%" PRIu32
      ",\"skipped\":%" PRIu32 "},\"parse_failures\":%" PRIu32
      ",\"unknown_values\":%" PRIu32 ",\"diagnostics\":%zu",
      r->counts.resources, r->counts.files_tf, r->counts.files_tfvars,
      r->counts.files_cfn, r->counts.files_skipped,
      mls_repo_report_parse_failures(r), r->counts.unknown_values,
      r->diag.n + r->diag.dropped));
  SARIF_TRY(mls_buf_printf(b,
                           ",\"sarif\":{\"results\":%zu,\"merged\":%zu,"
                           "\"cut\":%zu,\"dropped\":%zu}",
                           info->written, info->merged,
                           info->cut_count + info->cut_size, info->dropped));
  for (size_t i = 0; i < s->rules->n; i++) {
    tot.added += tr_by_rule[i].added;
    tot.fixed += tr_by_rule[i].fixed;
    tot.persisting += tr_by_rule[i].persisting;
  }
  if (s->has_prev) {
    SARIF_TRY(mls_buf_puts(b, ",\"trend\":"));
    SARIF_TRY(jtrend(b, &tot));
  }
  SARIF_TRY(mls_buf_puts(b, ",\"by_rule\":{"));
  bool first = true;
  for (size_t i = 0; i < s->rules->n; i++) {
    const counts *c = &rc_by_rule[i];
    const trend *t = &tr_by_rule[i];
    if (!s->rules->v[i] ||
        c->st[0] + c->st[1] + c->st[2] + c->st[3] + t->fixed == 0) {
      continue;
    }
    SARIF_TRY(mls_buf_puts(b, first ? "" : ","));
    first = false;
    SARIF_TRY(sarif__jstr(b, s->rules->v[i]->id));
    SARIF_TRY(mls_buf_putc(b, ':'));
    SARIF_TRY(jnum_counts(b, c));
    if (s->has_prev) {
      b->len--; /* reopen the object for its trend */
      SARIF_TRY(mls_buf_puts(b, ",\"trend\":"));
      SARIF_TRY(jtrend(b, t));
      SARIF_TRY(mls_buf_putc(b, '}'));
    }
  }
  /* Failing fingerprints by rule (order: rule index, then report). */
  SARIF_TRY(mls_buf_puts(b, "},\"failing\":{"));
  for (size_t k = 0; k < nfail; k++) {
    const mls_result *x = &r->results[fail_idx[k]];
    bool new_rule =
        k == 0 || r->results[fail_idx[k - 1]].rule_index != x->rule_index;
    if (new_rule) {
      SARIF_TRY(mls_buf_puts(b, k == 0 ? "" : "],"));
      SARIF_TRY(sarif__jstr(b, rule_id_of(s, x)));
      SARIF_TRY(mls_buf_puts(b, ":["));
    } else {
      SARIF_TRY(mls_buf_putc(b, ','));
    }
    /* Once per failing result: no format string. */
    SARIF_TRY(mls_buf_putc(b, '"'));
    SARIF_TRY(mls_buf_put(b, fps[k].fp, strnlen(fps[k].fp, 32)));
    SARIF_TRY(mls_buf_putc(b, '"'));
  }
  SARIF_TRY(mls_buf_puts(b, nfail ? "]" : ""));
  rc = mls_buf_puts(b, "}}");
done:
  return rc;
}

/* Append a repository's counters (ra, its name copied) to s->repos, for
 * the top lists and the metrics. MLS_ENOMEM leaves s as it was. */
static int keep_repo(sarif_stats *s, repo_acc *ra, const char *name)
{
  if (s->nrepos == s->caprepos) {
    size_t ncap = s->caprepos ? s->caprepos * 2 : 64, bytes;
    repo_acc *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(s->repos, bytes))) {
      return MLS_ENOMEM;
    }
    s->repos = nv;
    s->caprepos = ncap;
  }
  if (!(ra->name = mls_strndup(name, strlen(name)))) {
    return MLS_ENOMEM;
  }
  s->repos[s->nrepos++] = *ra;
  return MLS_OK;
}

int sarif_stats_add(sarif_stats *s, const mls_repo_report *r,
                    const sarif_repo_info *info)
{
  size_t nr = s->rules->n, nfail = 0, bytes;
  counts *rc_by_rule = NULL;
  trend *tr_by_rule = NULL;
  uint32_t *fail_idx = NULL;
  size_t *start = NULL;
  cur_fp *fps = NULL, *sorted = NULL;
  sarif_repo_info own;
  mls_buf piece = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  repo_acc ra;
  int rc;

  MLS_ASSERT_ARG(s && r);
  memset(&ra, 0, sizeof(ra));
  if (!info) {
    sarif__sel sel;
    memset(&own, 0, sizeof(own));
    if ((rc = sarif__select(&sel, r, s->rules, &s->opts, false)) < 0) {
      return rc;
    }
    sarif__count(&sel, r, &own);
    sarif__sel_dispose(&sel);
    info = &own;
  }
  if (!mls_mul_sz(&bytes, r->nresults + 1, sizeof(cur_fp))) {
    return MLS_ELIMIT;
  }
  rc_by_rule = mls_calloc(nr + 1, sizeof(*rc_by_rule));
  tr_by_rule = mls_calloc(nr + 1, sizeof(*tr_by_rule));
  start = mls_calloc(nr + 2, sizeof(*start));
  fail_idx = mls_calloc(r->nresults + 1, sizeof(*fail_idx));
  fps = mls_malloc(bytes);
  sorted = mls_malloc(bytes);
  if (!rc_by_rule || !tr_by_rule || !start || !fail_idx || !fps || !sorted) {
    rc = MLS_ENOMEM;
    goto done;
  }
  /* Count; bucket failing results by rule (a counting sort keeps report
   * order within a rule). */
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    unsigned st = (unsigned)x->status <= MLS_ST_SUPPRESSED ? x->status : 2;
    unsigned sev = (unsigned)x->severity <= MLS_RSEV_CRITICAL ? x->severity : 0;
    ra.c.st[st]++;
    s->total.st[st]++;
    s->by_sev[sev].st[st]++;
    if (x->rule_index < nr) {
      rc_by_rule[x->rule_index].st[st]++;
      s->by_rule[x->rule_index].c.st[st]++;
    }
    if (x->status == MLS_ST_FAIL) {
      ra.fail_sev[sev]++;
      start[(x->rule_index < nr ? x->rule_index : nr) + 1]++;
      nfail++;
    }
  }
  /* Results counted but not listed (mls_detail): in the counts, with no
   * fingerprint to name them by. */
  for (size_t i = 0; i < r->ntally; i++) {
    const mls_tally *t = &r->tally[i];
    unsigned st = (unsigned)t->status <= MLS_ST_SUPPRESSED ? t->status : 2;
    unsigned sev = (unsigned)t->severity <= MLS_RSEV_CRITICAL ? t->severity : 0;
    ra.c.st[st] += t->count;
    s->total.st[st] += t->count;
    s->by_sev[sev].st[st] += t->count;
    if (t->rule_index < nr) {
      rc_by_rule[t->rule_index].st[st] += t->count;
      s->by_rule[t->rule_index].c.st[st] += t->count;
    }
    if (t->status == MLS_ST_FAIL) {
      ra.fail_sev[sev] += t->count;
    }
  }
  for (size_t i = 1; i <= nr + 1; i++) {
    start[i] += start[i - 1];
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    if (x->status == MLS_ST_FAIL) {
      fail_idx[start[x->rule_index < nr ? x->rule_index : nr]++] = (uint32_t)i;
    }
  }
  for (size_t k = 0; k < nfail; k++) {
    const mls_result *x = &r->results[fail_idx[k]];
    fps[k].rule = rule_id_of(s, x);
    if (strnlen(x->fingerprint, sizeof(x->fingerprint)) == 32) {
      memcpy(fps[k].fp, x->fingerprint, SARIF_FINGERPRINT_SIZE);
      fps[k].fp[32] = '\0';
    } else {
      SARIF_TRY(sarif_fingerprint(fps[k].fp, fps[k].rule, x->address, x->module,
                                  x->path));
    }
    if (k == 0 || r->results[fail_idx[k - 1]].rule_index != x->rule_index) {
      if (x->rule_index < nr) {
        s->by_rule[x->rule_index].repos_failing++;
      }
    }
  }
  /* Trend: only for a repository that was swept (a failed sweep fixes
   * nothing). */
  if (s->has_prev && !r->failed) {
    memcpy(sorted, fps, nfail * sizeof(*fps));
    if (nfail > 1) {
      qsort(sorted, nfail, sizeof(*sorted), cur_cmp);
    }
    for (size_t k = 0; k < nfail; k++) {
      const mls_result *x = &r->results[fail_idx[k]];
      trend *t = &tr_by_rule[x->rule_index < nr ? x->rule_index : nr];
      if (prev_has(s, r->name, fps[k].rule, fps[k].fp)) {
        t->persisting++;
      } else {
        t->added++;
      }
    }
    for (size_t i = 0; i < s->nprev; i++) {
      const prev_fp *p = &s->prev[i];
      cur_fp key;
      if (strcmp(p->repo, r->name ? r->name : "") != 0) {
        continue;
      }
      key.rule = p->rule;
      memcpy(key.fp, p->fp, sizeof(key.fp));
      if (!bsearch(&key, sorted, nfail, sizeof(*sorted), cur_cmp)) {
        int ri = -1;
        for (size_t j = 0; j < nr && ri < 0; j++) {
          if (s->rules->v[j] && strcmp(s->rules->v[j]->id, p->rule) == 0) {
            ri = (int)j;
          }
        }
        tr_by_rule[ri < 0 ? nr : (size_t)ri].fixed++;
      }
    }
    for (size_t i = 0; i <= nr; i++) {
      if (i < nr) {
        s->by_rule[i].t.added += tr_by_rule[i].added;
        s->by_rule[i].t.fixed += tr_by_rule[i].fixed;
        s->by_rule[i].t.persisting += tr_by_rule[i].persisting;
      }
      s->t.added += tr_by_rule[i].added;
      s->t.fixed += tr_by_rule[i].fixed;
      s->t.persisting += tr_by_rule[i].persisting;
    }
  }
  SARIF_TRY(repo_piece(s, &piece, r, &ra, info, rc_by_rule, tr_by_rule,
                       fail_idx, fps, nfail));
  SARIF_TRY(sarif__spool_add(&s->spool, r->name, piece.ptr, piece.len,
                             ra.c.st[MLS_ST_FAIL]));
  /* Keep the repository's counters for the top list and the metrics. */
  ra.failed = r->failed;
  SARIF_TRY(keep_repo(s, &ra, r->name ? r->name : ""));
  if (r->failed) {
    s->repos_failed++;
  } else {
    s->repos_ok++;
  }
  s->files.files_tf += r->counts.files_tf;
  s->files.files_tfvars += r->counts.files_tfvars;
  s->files.files_cfn += r->counts.files_cfn;
  s->files.files_skipped += r->counts.files_skipped;
  s->files.parse_failures += mls_repo_report_parse_failures(r);
  s->files.modules += r->counts.modules;
  s->files.resources += r->counts.resources;
  s->files.unknown_values += r->counts.unknown_values;
  s->files.cache_hits += r->counts.cache_hits;
  s->files.cache_misses += r->counts.cache_misses;
  s->files.bytes += r->counts.bytes;
  s->sarif.eligible += info->eligible;
  s->sarif.written += info->written;
  s->sarif.merged += info->merged;
  s->sarif.cut_count += info->cut_count;
  s->sarif.cut_size += info->cut_size;
  s->sarif.dropped += info->dropped;
  rc = MLS_OK;
done:
  mls_free(rc_by_rule);
  mls_free(tr_by_rule);
  mls_free(start);
  mls_free(fail_idx);
  mls_free(fps);
  mls_free(sorted);
  mls_buf_dispose(&piece);
  return rc;
}

/* ---- writing ------------------------------------------------------------- */

static const char *service_of(const rule_meta *m)
{
  return m && m->ntags && m->tags[0] && m->tags[0][0] ? m->tags[0] : "untagged";
}

static void add_counts(counts *dst, const counts *src)
{
  for (int i = 0; i < 4; i++) {
    dst->st[i] += src->st[i];
  }
}

/* A label (service or control) and its summed counts. */
typedef struct group {
  const char *key; /* borrowed: from the rule set */
  counts c;
} group;

static int group_cmp(const void *a, const void *b)
{
  return strcmp(((const group *)a)->key, ((const group *)b)->key);
}

/* Sum per-rule counts by service (controls == false) or by framework
 * control; *out sorted by key, owned by the caller. */
static int groups(const sarif_stats *s, bool controls, group **out,
                  size_t *nout)
{
  size_t n = 0, cap = 0;
  group *g = NULL;

  for (size_t i = 0; i < s->rules->n; i++) {
    const rule_meta *m = s->rules->v[i];
    size_t nk = controls ? (m ? m->nframeworks : 0) : 1;
    for (size_t k = 0; k < nk; k++) {
      const char *key = controls ? m->frameworks[k] : service_of(m);
      size_t j = 0;
      while (j < n && strcmp(g[j].key, key) != 0) {
        j++;
      }
      if (j == n) {
        if (n == cap) {
          cap = cap ? cap * 2 : 16;
          group *ng = mls_realloc(g, cap * sizeof(*ng));
          if (!ng) {
            mls_free(g);
            return MLS_ENOMEM;
          }
          g = ng;
        }
        memset(&g[n], 0, sizeof(g[n]));
        g[n++].key = key;
      }
      add_counts(&g[j].c, &s->by_rule[i].c);
    }
  }
  if (n > 1) {
    qsort(g, n, sizeof(*g), group_cmp);
  }
  *out = g;
  *nout = n;
  return MLS_OK;
}

/* One entry of a top list; self-contained so qsort needs no payload. */
typedef struct ranked {
  uint64_t failed; /* failing results */
  const char *key; /* borrowed: rule id or repository name (ties) */
  size_t i;        /* index in by_rule or repos */
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
  const ranked *x = a, *y = b;
  if (x->failed != y->failed) {
    return x->failed > y->failed ? -1 : 1;
  }
  return strcmp(x->key, y->key);
}

/* Rules (or repositories) with failures, most failures first. */
static int rank(const sarif_stats *s, bool repos, size_t **out, size_t *nout)
{
  size_t n = repos ? s->nrepos : s->rules->n, k = 0;
  ranked *v = mls_calloc(n + 1, sizeof(*v));
  size_t *idx = mls_calloc(n + 1, sizeof(*idx));
  if (!v || !idx) {
    mls_free(v);
    mls_free(idx);
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t f = repos ? s->repos[i].c.st[MLS_ST_FAIL]
                       : (s->rules->v[i] ? s->by_rule[i].c.st[MLS_ST_FAIL] : 0);
    if (f > 0) {
      v[k].failed = f;
      v[k].key = repos ? s->repos[i].name : s->rules->v[i]->id;
      v[k++].i = i;
    }
  }
  qsort(v, k, sizeof(*v), ranked_cmp);
  for (size_t i = 0; i < k; i++) {
    idx[i] = v[i].i;
  }
  mls_free(v);
  *out = idx;
  *nout = k;
  return MLS_OK;
}

static int flush(mls_buf *b, FILE *f)
{
  int rc = sarif__fput(f, b->ptr, b->len);
  mls_buf_clear(b);
  return rc;
}

int sarif_stats_write_json(sarif_stats *s, FILE *f, const sarif_sweep_info *sw)
{
  sarif_sweep_info none = SARIF_SWEEP_INFO_INIT;
  mls_buf b = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  group *g = NULL;
  size_t ng = 0, *top = NULL, ntop = 0;
  size_t top_n = s->opts.top_n ? s->opts.top_n : 10;
  int rc;

  MLS_ASSERT_ARG(s && f);
  sw = sw ? sw : &none;
  SARIF_TRY(mls_buf_printf(&b,
                           "{\"schema\":\"%s\",\"tool\":{\"name\":"
                           "\"mlsweep\",\"version\":",
                           SARIF_STATS_SCHEMA));
  SARIF_TRY(sarif__jstr(&b, s->opts.tool_version));
  SARIF_TRY(mls_buf_puts(&b, "},\n\"sweep\":{\"started\":"));
  if (sw->started) {
    SARIF_TRY(sarif__jstr(&b, sw->started));
  } else {
    SARIF_TRY(mls_buf_puts(&b, "null"));
  }
  SARIF_TRY(mls_buf_printf(
      &b, ",\"duration_seconds\":%.3f,\"finished\":", sw->duration_s));
  if (sw->finished_unix > 0) {
    char iso[32];
    time_t t = (time_t)sw->finished_unix;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
    SARIF_TRY(mls_buf_printf(&b, "\"%s\"", iso));
  } else {
    SARIF_TRY(mls_buf_puts(&b, "null"));
  }
  SARIF_TRY(mls_buf_puts(&b, ",\"targets\":["));
  for (size_t i = 0; i < sw->ntargets; i++) {
    SARIF_TRY(mls_buf_puts(&b, i ? "," : ""));
    SARIF_TRY(sarif__jstr(&b, sw->targets[i]));
  }
  SARIF_TRY(mls_buf_puts(&b, "],\"rules_digest\":"));
  if (sw->rules_digest) {
    SARIF_TRY(sarif__jstr(&b, sw->rules_digest));
  } else {
    SARIF_TRY(mls_buf_puts(&b, "null"));
  }
  uint64_t lookups = s->files.cache_hits + s->files.cache_misses;
  SARIF_TRY(mls_buf_printf(
      &b,
      ",\"repos\":{\"total\":%" PRIu64 ",\"ok\":%" PRIu64 ",\"failed\":%" PRIu64
      "},\"files\":{\"terraform\":%" PRIu64 ",\"tfvars\":%" PRIu64
      ",\"cloudformation\":%" PRIu64 ",\"skipped\":%" PRIu64
      "},\"modules\":%" PRIu64 ",\"bytes\":%" PRIu64
      ",\"parse_failures\":%" PRIu64 ",\"unknown_values\":%" PRIu64
      ",\"cache\":{\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 ",\"hit_ratio\":",
      s->repos_ok + s->repos_failed, s->repos_ok, s->repos_failed,
      s->files.files_tf, s->files.files_tfvars, s->files.files_cfn,
      s->files.files_skipped, s->files.modules, s->files.bytes,
      s->files.parse_failures, s->files.unknown_values, s->files.cache_hits,
      s->files.cache_misses));
  if (lookups) {
    SARIF_TRY(sarif__ratio4(&b, s->files.cache_hits, lookups));
    SARIF_TRY(mls_buf_putc(&b, '}'));
  } else {
    SARIF_TRY(mls_buf_puts(&b, "null}"));
  }
  /* What belongs to no repository: a target that cannot be read, a link
   * not followed, files outside every repository. */
  SARIF_TRY(mls_buf_puts(&b, ",\"diagnostics\":["));
  for (size_t i = 0; sw->diag && i < sw->diag->n; i++) {
    const mls_diag_entry *e = &sw->diag->v[i];
    SARIF_TRY(mls_buf_printf(&b, "%s{\"severity\":\"%s\",\"message\":",
                             i ? "," : "", sarif__diag_level(e->sev)));
    if (e->path) {
      mls_buf m = MLS_BUF_INIT(1 << 20);
      rc = mls_buf_printf(&m, "%s: %s", e->path, e->message ? e->message : "");
      rc = rc ? rc : sarif__jstr(&b, m.ptr);
      mls_buf_dispose(&m);
      SARIF_TRY(rc);
    } else {
      SARIF_TRY(sarif__jstr(&b, e->message));
    }
    SARIF_TRY(mls_buf_putc(&b, '}'));
  }
  SARIF_TRY(mls_buf_printf(&b, "],\"diagnostics_dropped\":%zu},\n",
                           sw->diag ? sw->diag->dropped : 0));
  SARIF_TRY(mls_buf_puts(&b, "\"totals\":"));
  SARIF_TRY(jnum_counts(&b, &s->total));
  b.len--;
  SARIF_TRY(mls_buf_printf(
      &b,
      ",\"resources\":%" PRIu64 ",\"sarif\":{\"results\":%zu,\"merged\":%zu,"
      "\"cut\":%zu,\"dropped\":%zu}",
      s->files.resources, s->sarif.written, s->sarif.merged,
      s->sarif.cut_count + s->sarif.cut_size, s->sarif.dropped));
  if (s->has_prev) {
    SARIF_TRY(mls_buf_puts(&b, ",\"trend\":"));
    SARIF_TRY(jtrend(&b, &s->t));
  }
  SARIF_TRY(mls_buf_puts(&b, "},\n\"by_severity\":{"));
  for (int sev = MLS_RSEV_CRITICAL; sev >= MLS_RSEV_LOW; sev--) {
    SARIF_TRY(mls_buf_printf(&b,
                             "%s\"%s\":", sev == MLS_RSEV_CRITICAL ? "" : ",",
                             mls_rsev_name((mls_rsev)sev)));
    SARIF_TRY(jnum_counts(&b, &s->by_sev[sev]));
  }
  SARIF_TRY(mls_buf_puts(&b, "},\n\"by_rule\":{"));
  bool first = true;
  for (size_t i = 0; i < s->rules->n; i++) {
    const rule_meta *m = s->rules->v[i];
    const rule_acc *ra = &s->by_rule[i];
    if (!m) {
      continue;
    }
    SARIF_TRY(mls_buf_puts(&b, first ? "\n" : ",\n"));
    first = false;
    SARIF_TRY(sarif__jstr(&b, m->id));
    SARIF_TRY(mls_buf_puts(&b, ":{\"title\":"));
    SARIF_TRY(sarif__jstr(&b, m->title));
    SARIF_TRY(mls_buf_printf(
        &b, ",\"severity\":\"%s\",\"service\":", mls_rsev_name(m->severity)));
    SARIF_TRY(sarif__jstr(&b, service_of(m)));
    SARIF_TRY(mls_buf_puts(&b, ",\"frameworks\":["));
    for (size_t k = 0; k < m->nframeworks; k++) {
      SARIF_TRY(mls_buf_puts(&b, k ? "," : ""));
      SARIF_TRY(sarif__jstr(&b, m->frameworks[k]));
    }
    SARIF_TRY(mls_buf_printf(
        &b, "],\"repos_failing\":%" PRIu64 ",\"checks\":", ra->repos_failing));
    SARIF_TRY(jnum_counts(&b, &ra->c));
    if (s->has_prev) {
      SARIF_TRY(mls_buf_puts(&b, ",\"trend\":"));
      SARIF_TRY(jtrend(&b, &ra->t));
    }
    SARIF_TRY(mls_buf_putc(&b, '}'));
  }
  for (int pass = 0; pass < 2; pass++) {
    SARIF_TRY(mls_buf_puts(&b, pass ? "},\n\"by_framework_control\":{"
                                    : "},\n\"by_service\":{"));
    SARIF_TRY(groups(s, pass == 1, &g, &ng));
    for (size_t i = 0; i < ng; i++) {
      SARIF_TRY(mls_buf_puts(&b, i ? "," : ""));
      SARIF_TRY(sarif__jstr(&b, g[i].key));
      SARIF_TRY(mls_buf_putc(&b, ':'));
      SARIF_TRY(jnum_counts(&b, &g[i].c));
    }
    mls_free(g);
    g = NULL;
  }
  SARIF_TRY(mls_buf_puts(&b, "},\n\"top_failing_rules\":["));
  SARIF_TRY(rank(s, false, &top, &ntop));
  for (size_t i = 0; i < ntop && i < top_n; i++) {
    SARIF_TRY(mls_buf_puts(&b, i ? ",{\"rule\":" : "{\"rule\":"));
    SARIF_TRY(sarif__jstr(&b, s->rules->v[top[i]]->id));
    SARIF_TRY(mls_buf_printf(&b, ",\"failed\":%" PRIu64 "}",
                             s->by_rule[top[i]].c.st[MLS_ST_FAIL]));
  }
  mls_free(top);
  top = NULL;
  SARIF_TRY(mls_buf_puts(&b, "],\n\"top_failing_repos\":["));
  SARIF_TRY(rank(s, true, &top, &ntop));
  for (size_t i = 0; i < ntop && i < top_n; i++) {
    SARIF_TRY(mls_buf_puts(&b, i ? ",{\"repo\":" : "{\"repo\":"));
    SARIF_TRY(sarif__jstr(&b, s->repos[top[i]].name));
    SARIF_TRY(mls_buf_printf(&b, ",\"failed\":%" PRIu64 "}",
                             s->repos[top[i]].c.st[MLS_ST_FAIL]));
  }
  SARIF_TRY(mls_buf_puts(&b, "],\n\"repos\":["));
  SARIF_TRY(flush(&b, f));
  sarif__spool_sort(&s->spool);
  for (size_t i = 0; i < s->spool.n; i++) {
    SARIF_TRY(sarif__fput(f, i ? ",\n" : "\n", i ? 2 : 1));
    SARIF_TRY(sarif__spool_copy(&s->spool, i, f));
  }
  SARIF_TRY(mls_buf_puts(&b, "\n]}\n"));
  SARIF_TRY(flush(&b, f));
  rc = fflush(f) == 0 ? MLS_OK : MLS_EIO;
done:
  mls_free(g);
  mls_free(top);
  mls_buf_dispose(&b);
  return rc;
}

/* ---- OpenMetrics ----------------------------------------------------------
 */

static const char *const result_names[4] = { "pass", "fail", "unknown",
                                             "suppressed" };

static int family(mls_buf *b, const char *name, const char *unit,
                  const char *help)
{
  int rc = mls_buf_printf(b, "# TYPE %s gauge\n", name);
  if (rc == 0 && unit) {
    rc = mls_buf_printf(b, "# UNIT %s %s\n", name, unit);
  }
  return rc ? rc : mls_buf_printf(b, "# HELP %s %s\n", name, help);
}

/* A label value: \ " and newline escaped; never empty (an empty value
 * reads as an absent label). */
static int label(mls_buf *b, const char *name, const char *v, bool first)
{
  int rc = mls_buf_puts(b, first ? "" : ",");
  rc = rc < 0 ? rc : mls_buf_puts(b, name);
  rc = rc < 0 ? rc : mls_buf_puts(b, "=\"");
  if (!v || !*v) {
    v = "(none)";
  }
  for (; rc == 0 && *v; v++) {
    rc = *v == '\\'   ? mls_buf_puts(b, "\\\\")
         : *v == '"'  ? mls_buf_puts(b, "\\\"")
         : *v == '\n' ? mls_buf_puts(b, "\\n")
                      : mls_buf_putc(b, *v);
  }
  return rc ? rc : mls_buf_putc(b, '"');
}

/* A float the way OpenMetrics reads it back: the shortest of %.15g,
 * %.16g, %.17g that round-trips, or NaN. */
static int value_f(mls_buf *b, double v)
{
  char tmp[64];
  if (v != v) {
    return mls_buf_puts(b, " NaN\n");
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
    if (strtod(tmp, NULL) == v) {
      break;
    }
  }
  return mls_buf_printf(b, " %s\n", tmp);
}

static int sample_counts(mls_buf *b, const char *fam, const char *lname,
                         const char *lval, const counts *c)
{
  int rc = 0;
  for (int st = 0; st < 4 && rc == 0; st++) {
    rc = mls_buf_puts(b, fam);
    rc = rc < 0 ? rc : mls_buf_putc(b, '{');
    if (rc == 0 && lname) {
      rc = label(b, lname, lval, true);
    }
    if (rc == 0) {
      rc = label(b, "result", result_names[st], lname == NULL);
    }
    if (rc == 0) {
      rc = mls_buf_puts(b, "} ");
      rc = rc < 0 ? rc : mls_buf_put_u64(b, c->st[st]);
      rc = rc < 0 ? rc : mls_buf_putc(b, '\n');
    }
  }
  return rc;
}

static double ratio(uint64_t a, uint64_t b)
{
  return b ? (double)a / (double)b : (double)NAN;
}

int sarif_stats_write_openmetrics(sarif_stats *s, FILE *f,
                                  const sarif_sweep_info *sw)
{
  sarif_sweep_info none = SARIF_SWEEP_INFO_INIT;
  size_t cap = s->opts.metrics_max_series ? s->opts.metrics_max_series
                                          : SARIF_DEFAULT_METRICS_SERIES;
  size_t keep; /* label values kept per family; the rest are "(other)" */
  mls_buf b = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  size_t *top = NULL, ntop = 0, ng = 0;
  group *g = NULL;
  counts other;
  int rc;

  MLS_ASSERT_ARG(s && f);
  sw = sw ? sw : &none;
  /* Four series per label value; one value is kept for "(other)". */
  keep = cap >= 8 ? cap / 4 - 1 : 1;

  /* Per repository, the repositories with most failures first; the rest
   * summed as repo="(other)". Repositories without failures are ranked
   * by name after them. */
  SARIF_TRY(family(&b, "mlsweep_checks", NULL,
                   "Checks evaluated in the latest sweep, by repository and "
                   "outcome."));
  {
    size_t n = s->nrepos;
    ranked *v = mls_calloc(n + 1, sizeof(*v));
    if (!v) {
      rc = MLS_ENOMEM;
      goto done;
    }
    for (size_t i = 0; i < n; i++) {
      v[i].failed = s->repos[i].c.st[MLS_ST_FAIL];
      v[i].key = s->repos[i].name;
      v[i].i = i;
    }
    qsort(v, n, sizeof(*v), ranked_cmp);
    memset(&other, 0, sizeof(other));
    uint64_t other_sev[MLS_RSEV_CRITICAL + 1] = { 0 };
    bool any_other = false;
    for (size_t k = 0; k < n && rc == 0; k++) {
      const repo_acc *ra = &s->repos[v[k].i];
      if (k < keep) {
        rc = sample_counts(&b, "mlsweep_checks", "repo", ra->name, &ra->c);
      } else {
        add_counts(&other, &ra->c);
        for (int sev = 0; sev <= MLS_RSEV_CRITICAL; sev++) {
          other_sev[sev] += ra->fail_sev[sev];
        }
        any_other = true;
      }
    }
    if (rc == 0 && any_other) {
      rc = sample_counts(&b, "mlsweep_checks", "repo", "(other)", &other);
    }
    if (rc == 0) {
      rc = family(&b, "mlsweep_findings", NULL,
                  "Open findings in the latest sweep, by repository and "
                  "severity.");
    }
    for (size_t k = 0; k < n && k <= keep && rc == 0; k++) {
      const repo_acc *ra = &s->repos[v[k].i];
      const uint64_t *fs = ra->fail_sev;
      const char *name = ra->name;
      if (k == keep) {
        if (!any_other) {
          break;
        }
        fs = other_sev;
        name = "(other)";
      }
      for (int sev = MLS_RSEV_CRITICAL; sev >= MLS_RSEV_LOW && rc == 0; sev--) {
        rc = mls_buf_puts(&b, "mlsweep_findings{");
        rc = rc ? rc : label(&b, "repo", name, true);
        rc = rc ? rc
                : label(&b, "severity", mls_rsev_name((mls_rsev)sev), false);
        rc = rc ? rc : mls_buf_printf(&b, "} %" PRIu64 "\n", fs[sev]);
      }
    }
    mls_free(v);
    SARIF_TRY(rc);
  }
  SARIF_TRY(flush(&b, f));

  /* Org level: by rule (with its severity and service), service, control
   * and severity. */
  SARIF_TRY(family(&b, "mlsweep_rule_checks", NULL,
                   "Checks in the latest sweep, by rule and outcome."));
  SARIF_TRY(rank(s, false, &top, &ntop));
  memset(&other, 0, sizeof(other));
  for (size_t k = 0; k < ntop; k++) {
    const rule_meta *m = s->rules->v[top[k]];
    const counts *c = &s->by_rule[top[k]].c;
    if (k >= keep) {
      add_counts(&other, c);
      continue;
    }
    for (int st = 0; st < 4; st++) {
      SARIF_TRY(mls_buf_puts(&b, "mlsweep_rule_checks{"));
      SARIF_TRY(label(&b, "rule", m->id, true));
      SARIF_TRY(label(&b, "severity", mls_rsev_name(m->severity), false));
      SARIF_TRY(label(&b, "service", service_of(m), false));
      SARIF_TRY(label(&b, "result", result_names[st], false));
      SARIF_TRY(mls_buf_printf(&b, "} %" PRIu64 "\n", c->st[st]));
    }
  }
  if (ntop > keep) {
    for (int st = 0; st < 4; st++) {
      SARIF_TRY(mls_buf_printf(&b,
                               "mlsweep_rule_checks{rule=\"(other)\","
                               "severity=\"(other)\",service=\"(other)\","
                               "result=\"%s\"} %" PRIu64 "\n",
                               result_names[st], other.st[st]));
    }
  }
  for (int pass = 0; pass < 2; pass++) {
    const char *fam =
        pass ? "mlsweep_framework_checks" : "mlsweep_service_checks";
    const char *lname = pass ? "framework" : "service";
    SARIF_TRY(groups(s, pass == 1, &g, &ng));
    if (ng == 0) {
      continue; /* a family without samples is not OpenMetrics */
    }
    SARIF_TRY(family(&b, fam, NULL,
                     pass ? "Checks in the latest sweep, by framework "
                            "control and outcome."
                          : "Checks in the latest sweep, by service and "
                            "outcome."));
    memset(&other, 0, sizeof(other));
    for (size_t i = 0; i < ng; i++) {
      if (i < keep) {
        SARIF_TRY(sample_counts(&b, fam, lname, g[i].key, &g[i].c));
      } else {
        add_counts(&other, &g[i].c);
      }
    }
    if (ng > keep) {
      SARIF_TRY(sample_counts(&b, fam, lname, "(other)", &other));
    }
    mls_free(g);
    g = NULL;
  }
  SARIF_TRY(family(&b, "mlsweep_severity_checks", NULL,
                   "Checks in the latest sweep, by severity and outcome."));
  for (int sev = MLS_RSEV_CRITICAL; sev >= MLS_RSEV_LOW; sev--) {
    SARIF_TRY(sample_counts(&b, "mlsweep_severity_checks", "severity",
                            mls_rsev_name((mls_rsev)sev), &s->by_sev[sev]));
  }
  SARIF_TRY(family(&b, "mlsweep_compliance_ratio", NULL,
                   "Passed checks over passed and failed checks."));
  SARIF_TRY(mls_buf_puts(&b, "mlsweep_compliance_ratio"));
  SARIF_TRY(
      value_f(&b, ratio(s->total.st[MLS_ST_PASS],
                        s->total.st[MLS_ST_PASS] + s->total.st[MLS_ST_FAIL])));
  SARIF_TRY(family(&b, "mlsweep_repos", NULL,
                   "Repositories in the latest sweep, by state."));
  SARIF_TRY(mls_buf_printf(&b,
                           "mlsweep_repos{state=\"ok\"} %" PRIu64
                           "\nmlsweep_repos{state=\"failed\"} %" PRIu64 "\n",
                           s->repos_ok, s->repos_failed));
  SARIF_TRY(family(&b, "mlsweep_resources", NULL,
                   "Resources evaluated against rules."));
  SARIF_TRY(mls_buf_printf(&b, "mlsweep_resources %" PRIu64 "\n",
                           s->files.resources));
  SARIF_TRY(
      family(&b, "mlsweep_parse_failures", NULL, "Files that did not parse."));
  SARIF_TRY(mls_buf_printf(&b, "mlsweep_parse_failures %" PRIu64 "\n",
                           s->files.parse_failures));
  SARIF_TRY(family(&b, "mlsweep_unknown_values", NULL,
                   "Unknown values in evaluated resources."));
  SARIF_TRY(mls_buf_printf(&b, "mlsweep_unknown_values %" PRIu64 "\n",
                           s->files.unknown_values));
  SARIF_TRY(family(&b, "mlsweep_cache_hit_ratio", NULL,
                   "Cache hits over cache lookups."));
  SARIF_TRY(mls_buf_puts(&b, "mlsweep_cache_hit_ratio"));
  SARIF_TRY(value_f(&b, ratio(s->files.cache_hits,
                              s->files.cache_hits + s->files.cache_misses)));
  SARIF_TRY(family(&b, "mlsweep_sarif_results", NULL,
                   "SARIF results written, and results cut by GitHub's "
                   "limits."));
  SARIF_TRY(mls_buf_printf(&b,
                           "mlsweep_sarif_results{state=\"written\"} %zu\n"
                           "mlsweep_sarif_results{state=\"cut\"} %zu\n",
                           s->sarif.written,
                           s->sarif.cut_count + s->sarif.cut_size));
  SARIF_TRY(family(&b, "mlsweep_sweep_duration_seconds", "seconds",
                   "Wall-clock time of the latest sweep."));
  SARIF_TRY(mls_buf_puts(&b, "mlsweep_sweep_duration_seconds"));
  SARIF_TRY(value_f(&b, sw->duration_s));
  if (sw->finished_unix > 0) {
    SARIF_TRY(family(&b, "mlsweep_last_success_timestamp_seconds", "seconds",
                     "When the latest sweep finished, in Unix time."));
    SARIF_TRY(mls_buf_puts(&b, "mlsweep_last_success_timestamp_seconds"));
    SARIF_TRY(value_f(&b, sw->finished_unix));
  }
  SARIF_TRY(mls_buf_puts(&b, "# EOF\n"));
  SARIF_TRY(flush(&b, f));
  rc = fflush(f) == 0 ? MLS_OK : MLS_EIO;
done:
  mls_free(top);
  mls_free(g);
  mls_buf_dispose(&b);
  return rc;
}

/* ---- merging shards' statistics (mlsweep merge) ---------------------------
 * The shards' documents are read back into an accumulator as if their
 * repositories had been added here, then the writers above run as for a
 * single sweep: every number that is a sum is summed from the shards'
 * totals, everything ranked or divided is recomputed, and each
 * repository's piece is copied verbatim. The rule set is rebuilt from the
 * first shard's by_rule (id, title, severity, service, frameworks): what
 * the writers need of it. */

struct sarif_stats_merge {
  char *tool_version;   /* owned */
  sarif_opts opts;      /* defaults, tool_version borrowed from above */
  cJSON *rules_doc;     /* owned: the first shard's by_rule */
  rule_meta *metas;     /* owned: one per rule, strings in rules_doc */
  const rule_meta **pv; /* owned: pointers into metas */
  const char **strs;    /* owned: tags and frameworks arrays, flat */
  sarif_rules rules;    /* over pv */
  sarif_stats *s;       /* owned: the accumulator */
  char *started;        /* owned: the earliest start, or NULL */
  double duration;      /* the longest shard's */
  double finished;      /* the latest end (Unix seconds), 0: unknown */
  char **targets;       /* owned: union, in order of first appearance */
  size_t ntargets;
  char *digest;   /* owned: rules_digest, or NULL */
  mls_diag sweep; /* the shards' sweep.diagnostics, each once */
  size_t nshards; /* documents added */
  bool has_prev;  /* shards carry a trend */
};

int sarif_stats_merge_new(sarif_stats_merge **out, const char *tool_version)
{
  sarif_stats_merge *m;
  sarif_opts dflt = SARIF_OPTS_INIT;

  MLS_ASSERT_ARG(out && tool_version);
  if (!(m = mls_calloc(1, sizeof(*m)))) {
    return MLS_ENOMEM;
  }
  if (!(m->tool_version = mls_strndup(tool_version, strlen(tool_version)))) {
    mls_free(m);
    return MLS_ENOMEM;
  }
  m->opts = dflt;
  m->opts.tool_version = m->tool_version;
  *out = m;
  return MLS_OK;
}

void sarif_stats_merge_free(sarif_stats_merge *m)
{
  if (!m) {
    return;
  }
  sarif_stats_free(m->s);
  cJSON_Delete(m->rules_doc);
  mls_free(m->metas);
  mls_free(m->pv);
  mls_free(m->strs);
  mls_free(m->started);
  mls_diag_dispose(&m->sweep);
  for (size_t i = 0; i < m->ntargets; i++) {
    mls_free(m->targets[i]);
  }
  mls_free(m->targets);
  mls_free(m->digest);
  mls_free(m->tool_version);
  mls_free(m);
}

size_t sarif_stats_merge_count(const sarif_stats_merge *m)
{
  return m && m->s ? m->s->nrepos : 0;
}

const char *sarif_stats_merge_repo(const sarif_stats_merge *m, size_t i)
{
  return m && m->s && i < m->s->nrepos ? m->s->repos[i].name : NULL;
}

static const cJSON *jo(const cJSON *o, const char *key)
{
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A count: a non-negative integer JSON number. */
static bool ju64(const cJSON *o, const char *key, uint64_t *out)
{
  const cJSON *v = jo(o, key);
  if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
      v->valuedouble > 9007199254740992.0 ||
      v->valuedouble != floor(v->valuedouble)) {
    return false;
  }
  *out = (uint64_t)v->valuedouble;
  return true;
}

static bool jadd(const cJSON *o, const char *key, uint64_t *acc)
{
  uint64_t v;
  if (!ju64(o, key, &v)) {
    return false;
  }
  *acc += v;
  return true;
}

static bool jadd_sz(const cJSON *o, const char *key, size_t *acc)
{
  uint64_t v;
  if (!ju64(o, key, &v) || v > SIZE_MAX - *acc) {
    return false;
  }
  *acc += (size_t)v;
  return true;
}

static bool jadd_counts(const cJSON *o, counts *c)
{
  return cJSON_IsObject(o) && jadd(o, "passed", &c->st[MLS_ST_PASS]) &&
         jadd(o, "failed", &c->st[MLS_ST_FAIL]) &&
         jadd(o, "unknown", &c->st[MLS_ST_UNKNOWN]) &&
         jadd(o, "suppressed", &c->st[MLS_ST_SUPPRESSED]);
}

static bool jadd_trend(const cJSON *o, trend *t)
{
  return cJSON_IsObject(o) && jadd(o, "new", &t->added) &&
         jadd(o, "fixed", &t->fixed) && jadd(o, "persisting", &t->persisting);
}

/* "2025-01-31T12:00:00Z" -> Unix seconds; -1 when malformed. */
static double iso_unix(const char *s)
{
  static const int at[6] = { 0, 5, 8, 11, 14, 17 };
  static const int len[6] = { 4, 2, 2, 2, 2, 2 };
  long v[6];
  if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
      s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
    return -1;
  }
  for (int k = 0; k < 6; k++) {
    v[k] = 0;
    for (int j = 0; j < len[k]; j++) {
      char c = s[at[k] + j];
      if (c < '0' || c > '9') {
        return -1;
      }
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  /* Days from the civil date (Howard Hinnant's algorithm). */
  long y = v[0] - (v[1] <= 2), mo = v[1], d = v[2];
  long era = y / 400, yoe = y - era * 400;
  long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  return (double)days * 86400.0 + (double)(v[3] * 3600 + v[4] * 60 + v[5]);
}

/* The rule set from the first shard's by_rule. */
static int merge_rules(sarif_stats_merge *m, cJSON *by_rule, const char *name,
                       mls_diag *diag)
{
  size_t n = 0, nstr = 0, k = 0, at = 0;
  const cJSON *r;

  cJSON_ArrayForEach(r, by_rule)
  {
    const cJSON *fw = jo(r, "frameworks");
    n++;
    nstr += 1 + (size_t)cJSON_GetArraySize(fw);
  }
  m->metas = mls_calloc(n + 1, sizeof(*m->metas));
  m->pv = mls_calloc(n + 1, sizeof(*m->pv));
  m->strs = mls_calloc(nstr + 1, sizeof(*m->strs));
  if (!m->metas || !m->pv || !m->strs) {
    return MLS_ENOMEM;
  }
  cJSON_ArrayForEach(r, by_rule)
  {
    rule_meta *x = &m->metas[k];
    const cJSON *title = jo(r, "title"), *sev = jo(r, "severity");
    const cJSON *svc = jo(r, "service"), *fw = jo(r, "frameworks"), *f;
    int sv = cJSON_IsString(sev) ? mls_rsev_parse(sev->valuestring) : -1;
    if (!r->string || !cJSON_IsString(title) || sv < 0 ||
        !cJSON_IsString(svc) || !cJSON_IsArray(fw)) {
      return mls_diag_add(diag, MLS_EINPUT, NULL,
                          "%s: by_rule entry %zu is malformed", name, k);
    }
    x->id = r->string;
    x->title = title->valuestring;
    x->severity = (mls_rsev)sv;
    m->strs[at] = svc->valuestring;
    x->tags = &m->strs[at++];
    x->ntags = 1;
    x->frameworks = &m->strs[at];
    cJSON_ArrayForEach(f, fw)
    {
      if (!cJSON_IsString(f)) {
        return mls_diag_add(diag, MLS_EINPUT, NULL,
                            "%s: %s: a framework is not a string", name, x->id);
      }
      m->strs[at++] = f->valuestring;
      x->nframeworks++;
    }
    m->pv[k] = x;
    k++;
  }
  m->rules.v = m->pv;
  m->rules.n = n;
  return sarif_stats_new(&m->s, &m->rules, &m->opts);
}

/* A shard's sweep.diagnostics into the merge: each shard found the same
 * targets, so an entry two shards both hold is kept once (statistics of
 * this version without them hold none). */
static int merge_sweep_diags(sarif_stats_merge *m, const cJSON *arr,
                             const cJSON *dropped)
{
  const cJSON *e;

  if (!arr) {
    return MLS_OK;
  }
  if (!cJSON_IsArray(arr)) {
    return MLS_EINPUT;
  }
  cJSON_ArrayForEach(e, arr)
  {
    const cJSON *sev = jo(e, "severity"), *msg = jo(e, "message");
    mls_severity sv;
    bool seen = false;
    if (!cJSON_IsString(sev) || !cJSON_IsString(msg)) {
      return MLS_EINPUT;
    }
    sv = strcmp(sev->valuestring, "error") == 0     ? MLS_SEV_ERROR
         : strcmp(sev->valuestring, "warning") == 0 ? MLS_SEV_WARNING
                                                    : MLS_SEV_NOTE;
    for (size_t i = 0; i < m->sweep.n && !seen; i++) {
      seen = m->sweep.v[i].sev == sv &&
             strcmp(m->sweep.v[i].message, msg->valuestring) == 0;
    }
    if (!seen) {
      mls_diag_note_text(&m->sweep, MLS_OK, sv, NULL, msg->valuestring);
    }
  }
  if (cJSON_IsNumber(dropped) && dropped->valuedouble > 0 &&
      (size_t)dropped->valuedouble > m->sweep.dropped) {
    m->sweep.dropped = (size_t)dropped->valuedouble;
  }
  return MLS_OK;
}

/* The sweep section of one shard into the merge. */
static int merge_sweep(sarif_stats_merge *m, const cJSON *sw)
{
  sarif_stats *s = m->s;
  const cJSON *started = jo(sw, "started"), *fin = jo(sw, "finished");
  const cJSON *dur = jo(sw, "duration_seconds"), *tg = jo(sw, "targets");
  const cJSON *repos = jo(sw, "repos"), *files = jo(sw, "files");
  const cJSON *cache = jo(sw, "cache"), *t;

  if (!cJSON_IsNumber(dur) || !cJSON_IsArray(tg) || !cJSON_IsObject(repos) ||
      !cJSON_IsObject(files) || !cJSON_IsObject(cache)) {
    return MLS_EINPUT;
  }
  if (cJSON_IsString(started) &&
      (!m->started || strcmp(started->valuestring, m->started) < 0)) {
    char *c = mls_strndup(started->valuestring, strlen(started->valuestring));
    if (!c) {
      return MLS_ENOMEM;
    }
    mls_free(m->started);
    m->started = c;
  }
  if (cJSON_IsString(fin)) {
    double f = iso_unix(fin->valuestring);
    if (f < 0) {
      return MLS_EINPUT;
    }
    m->finished = f > m->finished ? f : m->finished;
  }
  m->duration = dur->valuedouble > m->duration ? dur->valuedouble : m->duration;
  cJSON_ArrayForEach(t, tg)
  {
    bool seen = false;
    if (!cJSON_IsString(t)) {
      return MLS_EINPUT;
    }
    for (size_t i = 0; i < m->ntargets && !seen; i++) {
      seen = strcmp(m->targets[i], t->valuestring) == 0;
    }
    if (!seen) {
      char **nv = mls_realloc(m->targets, (m->ntargets + 1) * sizeof(*nv));
      if (!nv) {
        return MLS_ENOMEM;
      }
      m->targets = nv;
      if (!(nv[m->ntargets] =
                mls_strndup(t->valuestring, strlen(t->valuestring)))) {
        return MLS_ENOMEM;
      }
      m->ntargets++;
    }
  }
  if (!jadd(repos, "ok", &s->repos_ok) ||
      !jadd(repos, "failed", &s->repos_failed) ||
      !jadd(files, "terraform", &s->files.files_tf) ||
      !jadd(files, "tfvars", &s->files.files_tfvars) ||
      !jadd(files, "cloudformation", &s->files.files_cfn) ||
      !jadd(files, "skipped", &s->files.files_skipped) ||
      !jadd(sw, "modules", &s->files.modules) ||
      !jadd(sw, "bytes", &s->files.bytes) ||
      !jadd(sw, "parse_failures", &s->files.parse_failures) ||
      !jadd(sw, "unknown_values", &s->files.unknown_values) ||
      !jadd(cache, "hits", &s->files.cache_hits) ||
      !jadd(cache, "misses", &s->files.cache_misses)) {
    return MLS_EINPUT;
  }
  return merge_sweep_diags(m, jo(sw, "diagnostics"),
                           jo(sw, "diagnostics_dropped"));
}

/* Totals, severities and rules of one shard into the merge. */
static int merge_totals(sarif_stats_merge *m, const cJSON *doc)
{
  sarif_stats *s = m->s;
  const cJSON *tot = jo(doc, "totals"), *sev = jo(doc, "by_severity");
  const cJSON *br = jo(doc, "by_rule"), *sa = jo(tot, "sarif"), *r;
  size_t k = 0;

  if (!jadd_counts(tot, &s->total) ||
      !jadd(tot, "resources", &s->files.resources) || !cJSON_IsObject(sa) ||
      !jadd_sz(sa, "results", &s->sarif.written) ||
      !jadd_sz(sa, "merged", &s->sarif.merged) ||
      !jadd_sz(sa, "cut", &s->sarif.cut_count) ||
      !jadd_sz(sa, "dropped", &s->sarif.dropped) ||
      (m->has_prev != (jo(tot, "trend") != NULL)) ||
      (m->has_prev && !jadd_trend(jo(tot, "trend"), &s->t))) {
    return MLS_EINPUT;
  }
  for (int v = MLS_RSEV_LOW; v <= MLS_RSEV_CRITICAL; v++) {
    if (!jadd_counts(jo(sev, mls_rsev_name((mls_rsev)v)), &s->by_sev[v])) {
      return MLS_EINPUT;
    }
  }
  if (cJSON_GetArraySize(br) != (int)s->rules->n) {
    return MLS_EINPUT;
  }
  cJSON_ArrayForEach(r, br)
  {
    rule_acc *ra = &s->by_rule[k];
    if (!r->string || strcmp(r->string, s->rules->v[k]->id) != 0 ||
        !jadd_counts(jo(r, "checks"), &ra->c) ||
        !jadd(r, "repos_failing", &ra->repos_failing) ||
        (m->has_prev && !jadd_trend(jo(r, "trend"), &ra->t))) {
      return MLS_EINPUT;
    }
    k++;
  }
  return MLS_OK;
}

/* The repositories of one shard: counters kept, pieces spooled verbatim. */
static int merge_repos(sarif_stats_merge *m, const sarif_shard_doc *doc,
                       const cJSON *repos)
{
  sarif_stats *s = m->s;
  sarif__span arr, *items = NULL;
  size_t nitems = 0, k = 0;
  const cJSON *r;
  int rc;

  if (sarif__json_member(doc->p, doc->len, "repos", &arr) < 0 ||
      sarif__json_items(doc->p, arr, &items, &nitems) < 0 ||
      (size_t)cJSON_GetArraySize(repos) != nitems) {
    mls_free(items);
    return MLS_EINPUT;
  }
  cJSON_ArrayForEach(r, repos)
  {
    const cJSON *name = jo(r, "name"), *swept = jo(r, "swept");
    const cJSON *fs = jo(r, "findings");
    repo_acc ra;
    memset(&ra, 0, sizeof(ra));
    if (!cJSON_IsString(name) || !cJSON_IsBool(swept) ||
        !jadd_counts(jo(r, "checks"), &ra.c) || !cJSON_IsObject(fs)) {
      rc = MLS_EINPUT;
      goto done;
    }
    for (int v = MLS_RSEV_LOW; v <= MLS_RSEV_CRITICAL; v++) {
      if (!jadd(fs, mls_rsev_name((mls_rsev)v), &ra.fail_sev[v])) {
        rc = MLS_EINPUT;
        goto done;
      }
    }
    ra.failed = cJSON_IsFalse(swept);
    SARIF_TRY(sarif__spool_add(&s->spool, name->valuestring,
                               doc->p + items[k].off, items[k].len,
                               ra.c.st[MLS_ST_FAIL]));
    SARIF_TRY(keep_repo(s, &ra, name->valuestring));
    k++;
  }
  rc = MLS_OK;
done:
  mls_free(items);
  return rc;
}

int sarif_stats_merge_add(sarif_stats_merge *m, const sarif_shard_doc *doc,
                          mls_diag *diag)
{
  cJSON *d = NULL;
  const cJSON *schema, *ver, *sw, *digest;
  int rc;

  MLS_ASSERT_ARG(m && doc);
  if (!(d = cJSON_ParseWithLength(doc->p, doc->len))) {
    return mls_diag_add(diag, MLS_EINPUT, NULL, "%s: not JSON", doc->name);
  }
  schema = jo(d, "schema");
  ver = jo(jo(d, "tool"), "version");
  sw = jo(d, "sweep");
  digest = jo(sw, "rules_digest");
  if (!cJSON_IsString(schema) ||
      strcmp(schema->valuestring, SARIF_STATS_SCHEMA) != 0) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "%s: schema %s, this version reads %s: re-run the "
                      "shard with this version",
                      doc->name,
                      cJSON_IsString(schema) ? schema->valuestring : "(none)",
                      SARIF_STATS_SCHEMA);
    goto done;
  }
  if (!cJSON_IsString(ver) || strcmp(ver->valuestring, m->tool_version) != 0) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "%s: written by mlsweep %s, this is %s: re-run the "
                      "shard with this version",
                      doc->name, cJSON_IsString(ver) ? ver->valuestring : "?",
                      m->tool_version);
    goto done;
  }
  if (m->nshards == 0) {
    cJSON *br = cJSON_DetachItemFromObjectCaseSensitive(d, "by_rule");
    if (!cJSON_IsObject(br)) {
      cJSON_Delete(br);
      rc = mls_diag_add(diag, MLS_EINPUT, NULL, "%s: no by_rule", doc->name);
      goto done;
    }
    m->rules_doc = br;
    m->has_prev = jo(jo(d, "totals"), "trend") != NULL;
    if (cJSON_IsString(digest) &&
        !(m->digest =
              mls_strndup(digest->valuestring, strlen(digest->valuestring)))) {
      rc = MLS_ENOMEM;
      goto done;
    }
    SARIF_TRY(merge_rules(m, br, doc->name, diag));
    /* The first shard's by_rule was taken out: put a copy back. */
    if (!cJSON_AddItemReferenceToObject(d, "by_rule", br)) {
      rc = MLS_ENOMEM;
      goto done;
    }
  } else if (cJSON_IsString(digest) != (m->digest != NULL) ||
             (m->digest && strcmp(m->digest, digest->valuestring) != 0)) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "%s: swept with other rules (rules_digest differs)",
                      doc->name);
    goto done;
  }
  if ((rc = merge_totals(m, d)) == MLS_EINPUT) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "%s: totals, severities or rules do not match the "
                      "first shard's (other rules, or --previous on some "
                      "shards only?)",
                      doc->name);
    goto done;
  }
  SARIF_TRY(rc);
  if ((rc = merge_sweep(m, sw)) == MLS_OK) {
    rc = merge_repos(m, doc, jo(d, "repos"));
  }
  if (rc == MLS_EINPUT) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "%s: the sweep section or the repos are malformed",
                      doc->name);
  }
  SARIF_TRY(rc);
  m->nshards++;
done:
  cJSON_Delete(d);
  return rc;
}

static int name_idx_cmp(const void *a, const void *b)
{
  const char *const *x = a, *const *y = b;
  return strcmp(*x, *y);
}

int sarif_stats_merge_write(sarif_stats_merge *m, FILE *json, FILE *metrics,
                            mls_diag *diag)
{
  sarif_sweep_info sw = SARIF_SWEEP_INFO_INIT;
  const char **names;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(m);
  if (!m->s) {
    return mls_diag_add(diag, MLS_EINPUT, NULL, "no statistics to merge");
  }
  if (!(names = mls_calloc(m->s->nrepos + 1, sizeof(*names)))) {
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < m->s->nrepos; i++) {
    names[i] = m->s->repos[i].name;
  }
  if (m->s->nrepos > 1) {
    qsort(names, m->s->nrepos, sizeof(*names), name_idx_cmp);
  }
  for (size_t i = 1; i < m->s->nrepos && rc == MLS_OK; i++) {
    if (strcmp(names[i - 1], names[i]) == 0) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "repository '%s' is in two shards: shards must "
                        "cover disjoint targets",
                        names[i]);
    }
  }
  mls_free(names);
  if (rc < 0) {
    return rc;
  }
  sw.started = m->started;
  sw.duration_s = m->duration;
  sw.targets = (const char *const *)m->targets;
  sw.ntargets = m->ntargets;
  sw.rules_digest = m->digest;
  sw.finished_unix = m->finished;
  sw.diag = &m->sweep;
  m->s->has_prev = m->has_prev;
  if (json && (rc = sarif_stats_write_json(m->s, json, &sw)) < 0) {
    return rc;
  }
  return metrics ? sarif_stats_write_openmetrics(m->s, metrics, &sw) : MLS_OK;
}
