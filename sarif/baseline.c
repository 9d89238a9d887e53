/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/baseline.c -- read and write baseline files (baseline.h).
 *
 * Stage: output side. Reading trusts nothing (a baseline may come from an
 * artifact store or a pull request): cJSON parses with its nesting bound,
 * the file and entry counts are bounded, every field is checked for type
 * and shape (a fingerprint is 32 lowercase hex digits). Findings are kept
 * in one growable array whose strings live in an arena; lookups sort the
 * array once by (repo, fingerprint) and binary-search it.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "sarif/baseline.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "sarif/sarif_int.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Strings of a baseline: at most MLS_MAX_BASELINE_BYTES of them. */
#define BASELINE_ARENA_CAP ((size_t)MLS_MAX_BASELINE_BYTES)

/* One known finding. */
typedef struct entry {
  const char *repo;                /* arena: repository display name */
  const char *path;                /* arena: repository-relative path */
  const char *rule;                /* arena: rule id */
  const char *resource;            /* arena: resource address */
  char fp[SARIF_FINGERPRINT_SIZE]; /* mlsweep/v1 */
} entry;

struct sarif_baseline {
  mls_arena *arena; /* owned: the entries' strings */
  entry *v;         /* owned (mls_malloc) */
  size_t n;         /* entries held */
  size_t cap;       /* entries allocated */
  bool by_key;      /* v is sorted by (repo, fp) for lookups */
};

int sarif_baseline_new(sarif_baseline **out)
{
  sarif_baseline *b = mls_calloc(1, sizeof(*b));
  if (!b || !(b->arena = mls_arena_new(BASELINE_ARENA_CAP))) {
    mls_free(b);
    return MLS_ENOMEM;
  }
  *out = b;
  return MLS_OK;
}

void sarif_baseline_free(sarif_baseline *b)
{
  if (b) {
    mls_arena_free(b->arena);
    mls_free(b->v);
    mls_free(b);
  }
}

size_t sarif_baseline_count(const sarif_baseline *b)
{
  return b ? b->n : 0;
}

static bool fp_shape(const char *s)
{
  size_t n = 0;
  for (; s[n]; n++) {
    bool hex = (s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f');
    if (!hex || n >= 32) {
      return false;
    }
  }
  return n == 32;
}

static int push(sarif_baseline *b, const char *repo, const char *path,
                const char *rule, const char *resource, const char *fp)
{
  entry *e;
  if (b->n >= MLS_MAX_BASELINE_ENTRIES) {
    return MLS_ELIMIT;
  }
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    entry *nv = mls_realloc(b->v, cap * sizeof(*nv));
    if (!nv) {
      return MLS_ENOMEM;
    }
    b->v = nv;
    b->cap = cap;
  }
  e = &b->v[b->n];
  e->repo = mls_arena_strndup(b->arena, repo, strlen(repo));
  e->path =
      mls_arena_strndup(b->arena, path ? path : "", path ? strlen(path) : 0);
  e->rule =
      mls_arena_strndup(b->arena, rule ? rule : "", rule ? strlen(rule) : 0);
  e->resource = mls_arena_strndup(b->arena, resource ? resource : "",
                                  resource ? strlen(resource) : 0);
  if (!e->repo || !e->path || !e->rule || !e->resource) {
    return mls_arena_capped(b->arena) ? MLS_ELIMIT : MLS_ENOMEM;
  }
  memcpy(e->fp, fp, SARIF_FINGERPRINT_SIZE);
  e->fp[32] = '\0';
  b->n++;
  b->by_key = false;
  return MLS_OK;
}

static int cmp_key(const void *pa, const void *pb)
{
  const entry *a = pa, *b = pb;
  int c = strcmp(a->repo, b->repo);
  return c ? c : strcmp(a->fp, b->fp);
}

static int cmp_out(const void *pa, const void *pb)
{
  const entry *a = pa, *b = pb;
  int c = strcmp(a->repo, b->repo);
  c = c ? c : strcmp(a->path, b->path);
  c = c ? c : strcmp(a->rule, b->rule);
  c = c ? c : strcmp(a->resource, b->resource);
  return c ? c : strcmp(a->fp, b->fp);
}

/* A string field of an entry, or NULL when absent or not a string. */
static const char *field(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

int sarif_baseline_load(sarif_baseline *b, const char *json, size_t len,
                        mls_diag *diag)
{
  cJSON *doc = NULL;
  const char *end = NULL;
  int rc = MLS_OK;
  size_t i = 0;

  MLS_ASSERT_ARG(b && (json || !len) && diag);
  if (len > MLS_MAX_BASELINE_BYTES) {
    return mls_diag_add(diag, MLS_ELIMIT, NULL,
                        "baseline of %zu bytes is too large", len);
  }
  if (!(doc = cJSON_ParseWithLengthOpts(json, len, &end, 0))) {
    return mls_diag_add(diag, MLS_EINPUT, NULL,
                        "baseline: not JSON (at byte %zu)",
                        end ? (size_t)(end - json) : (size_t)0);
  }
  const char *version = field(doc, "version");
  const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
  if (!version || strcmp(version, SARIF_BASELINE_VERSION) != 0 ||
      !cJSON_IsArray(findings)) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "baseline: not an %s file (version and findings)",
                      SARIF_BASELINE_VERSION);
    goto done;
  }
  const cJSON *f;
  cJSON_ArrayForEach(f, findings)
  {
    const char *repo = field(f, "repo"), *fp = field(f, "fingerprint");
    if (!cJSON_IsObject(f) || !repo || !fp || !fp_shape(fp)) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "baseline: finding %zu needs a repo and a 32-digit "
                        "lowercase hex fingerprint",
                        i);
      goto done;
    }
    if ((rc = push(b, repo, field(f, "path"), field(f, "rule"),
                   field(f, "resource"), fp)) < 0) {
      rc = mls_diag_add(
          diag, rc, NULL, "baseline: %s at finding %zu",
          rc == MLS_ENOMEM ? "out of memory" : "too many findings", i);
      goto done;
    }
    i++;
  }
  if (b->n > 1) {
    qsort(b->v, b->n, sizeof(*b->v), cmp_key);
  }
  b->by_key = true;

done:
  cJSON_Delete(doc);
  return rc;
}

bool sarif_baseline_has(const sarif_baseline *b, const char *repo,
                        const char *fingerprint)
{
  entry key;
  if (!b || b->n == 0 || !repo || !fingerprint) {
    return false;
  }
  memset(&key, 0, sizeof(key));
  key.repo = repo;
  memcpy(key.fp, fingerprint, strnlen(fingerprint, 32));
  if (b->by_key) {
    return bsearch(&key, b->v, b->n, sizeof(*b->v), cmp_key) != NULL;
  }
  for (size_t i = 0; i < b->n; i++) {
    if (cmp_key(&key, &b->v[i]) == 0) {
      return true;
    }
  }
  return false;
}

int sarif_result_fingerprint(char out[SARIF_FINGERPRINT_SIZE],
                             const mls_result *x, const sarif_rules *rules)
{
  const rule_meta *m = sarif__rule(rules, x);
  if (memchr(x->fingerprint, '\0', sizeof(x->fingerprint)) ==
      x->fingerprint + 32) {
    memcpy(out, x->fingerprint, SARIF_FINGERPRINT_SIZE);
    return MLS_OK;
  }
  return sarif_fingerprint(out, m ? m->id : x->rule_id, x->address, x->module,
                           x->path);
}

int sarif_baseline_add(sarif_baseline *b, const mls_repo_report *r,
                       const sarif_rules *rules)
{
  MLS_ASSERT_ARG(b && r);
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    const rule_meta *m = sarif__rule(rules, x);
    char fp[SARIF_FINGERPRINT_SIZE];
    int rc;
    if (x->status != MLS_ST_FAIL) {
      continue;
    }
    if ((rc = sarif_result_fingerprint(fp, x, rules)) < 0 ||
        (rc = push(b, r->name, x->path, m ? m->id : x->rule_id, x->address,
                   fp)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

int sarif_baseline_write(sarif_baseline *b, FILE *f)
{
  mls_buf out = MLS_BUF_INIT((size_t)MLS_MAX_BASELINE_BYTES * 2);
  int rc = MLS_OK;
  size_t kept = 0;

  if (b->n > 1) {
    qsort(b->v, b->n, sizeof(*b->v), cmp_out);
  }
  b->by_key = false;
  rc = mls_buf_printf(&out,
                      "{\"version\":\"%s\",\"fingerprint\":\"mlsweep/v1\","
                      "\"findings\":[",
                      SARIF_BASELINE_VERSION);
  for (size_t i = 0; i < b->n && rc == MLS_OK; i++) {
    const entry *e = &b->v[i];
    /* The same finding twice (a baseline extended by a run over the same
     * code) is written once. */
    if (i > 0 && cmp_out(e, &b->v[i - 1]) == 0) {
      continue;
    }
    rc = mls_buf_puts(&out, kept++ ? ",\n{\"repo\":" : "\n{\"repo\":");
    rc = rc ? rc : sarif__jstr(&out, e->repo);
    rc = rc ? rc : mls_buf_puts(&out, ",\"path\":");
    rc = rc ? rc : sarif__jstr(&out, e->path);
    rc = rc ? rc : mls_buf_puts(&out, ",\"rule\":");
    rc = rc ? rc : sarif__jstr(&out, e->rule);
    rc = rc ? rc : mls_buf_puts(&out, ",\"resource\":");
    rc = rc ? rc : sarif__jstr(&out, e->resource);
    rc = rc ? rc : mls_buf_printf(&out, ",\"fingerprint\":\"%s\"}", e->fp);
  }
  rc = rc ? rc : mls_buf_puts(&out, "\n]}\n");
  if (rc == MLS_OK && out.len && fwrite(out.ptr, 1, out.len, f) != out.len) {
    rc = MLS_EIO;
  }
  mls_buf_dispose(&out);
  return rc;
}
