/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/merge.c -- combining the org SARIF and the JSON results written by
 * several runs over disjoint targets (`mlsweep merge`), and the JSON
 * scanner that finds each repository's piece in a written document.
 *
 * Stage: outputs after the sweep. The writers list repositories in name
 * order, each repository's piece written whole and separated by ",\n"; a
 * merge finds every piece of every shard with the scanner (no tree is
 * built for the document), reads its repository name (cJSON over the
 * piece alone), sorts all pieces by name, keeping each shard's own order
 * for equal names, and writes them with the writers' own framing. A
 * repository that two shards both hold is an error, never a silent
 * duplicate. Shard documents are untrusted: the scanner is iterative
 * (no recursion on nesting), bounded by the given length, and every
 * piece that is kept is parsed before it is used.
 */
#include "sarif/sarif_int.h"

#include "core/base/alloc.h"
#include "core/base/rc.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* ---- scanner ------------------------------------------------------------- */

static size_t ws(const char *p, size_t n, size_t i)
{
  while (i < n &&
         (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) {
    i++;
  }
  return i;
}

size_t sarif__json_skip(const char *p, size_t n, size_t i)
{
  size_t depth = 0;

  i = ws(p, n, i);
  if (i >= n) {
    return 0;
  }
  if (p[i] != '"' && p[i] != '{' && p[i] != '[') {
    /* A number or a literal: up to the next delimiter. */
    size_t s = i;
    while (i < n && p[i] != ',' && p[i] != '}' && p[i] != ']' && p[i] != ' ' &&
           p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != ':' &&
           p[i] != '"') {
      i++;
    }
    return i > s ? i : 0;
  }
  do {
    if (i >= n) {
      return 0;
    }
    if (p[i] == '"') {
      for (i++; i < n && p[i] != '"'; i++) {
        if (p[i] == '\\') {
          i++;
        }
      }
      if (i >= n) {
        return 0;
      }
    } else if (p[i] == '{' || p[i] == '[') {
      depth++;
    } else if (p[i] == '}' || p[i] == ']') {
      if (depth == 0) {
        return 0;
      }
      depth--;
    }
    i++;
  } while (depth > 0);
  return i;
}

int sarif__json_member(const char *p, size_t n, const char *key,
                       sarif__span *out)
{
  size_t klen = strlen(key), i = ws(p, n, 0);

  if (i >= n || p[i] != '{') {
    return MLS_EINPUT;
  }
  i = ws(p, n, i + 1);
  while (i < n && p[i] == '"') {
    size_t ks = i, ke = sarif__json_skip(p, n, i), vs, ve;
    if (ke == 0) {
      return MLS_EINPUT;
    }
    i = ws(p, n, ke);
    if (i >= n || p[i] != ':') {
      return MLS_EINPUT;
    }
    vs = ws(p, n, i + 1);
    if ((ve = sarif__json_skip(p, n, vs)) == 0) {
      return MLS_EINPUT;
    }
    if (ke - ks == klen + 2 && memcmp(p + ks + 1, key, klen) == 0) {
      out->off = vs;
      out->len = ve - vs;
      return MLS_OK;
    }
    i = ws(p, n, ve);
    if (i >= n || p[i] != ',') {
      return MLS_EINPUT;
    }
    i = ws(p, n, i + 1);
  }
  return MLS_EINPUT;
}

int sarif__json_items(const char *p, sarif__span arr, sarif__span **out,
                      size_t *nout)
{
  size_t n = arr.off + arr.len, i = arr.off, cnt = 0, cap = 0;
  sarif__span *v = NULL;

  *out = NULL;
  *nout = 0;
  if (arr.len < 2 || p[i] != '[') {
    return MLS_EINPUT;
  }
  i = ws(p, n, i + 1);
  if (i < n && p[i] == ']') {
    return MLS_OK;
  }
  for (;;) {
    size_t s = ws(p, n, i), e = sarif__json_skip(p, n, s);
    if (e == 0) {
      mls_free(v);
      return MLS_EINPUT;
    }
    if (cnt == cap) {
      size_t ncap = cap ? cap * 2 : 64, bytes;
      sarif__span *nv;
      if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
          !(nv = mls_realloc(v, bytes))) {
        mls_free(v);
        return MLS_ENOMEM;
      }
      v = nv;
      cap = ncap;
    }
    v[cnt].off = s;
    v[cnt++].len = e - s;
    i = ws(p, n, e);
    if (i < n && p[i] == ',') {
      i++;
      continue;
    }
    if (i < n && p[i] == ']') {
      break;
    }
    mls_free(v);
    return MLS_EINPUT;
  }
  *out = v;
  *nout = cnt;
  return MLS_OK;
}

/* ---- pieces from every shard, in name order -------------------------------
 */

typedef struct mpiece {
  char *key;     /* owned: the repository name; "" for the sweep's own */
  size_t shard;  /* index of its document */
  size_t seq;    /* order found, over all shards */
  const char *p; /* the piece's bytes: in its document, or `own` */
  size_t len;    /* bytes */
  char *own;     /* owned: the piece rewritten, or NULL */
} mpiece;

typedef struct mlist {
  mpiece *v; /* owned */
  size_t n;
  size_t cap;
} mlist;

static void mlist_dispose(mlist *l)
{
  for (size_t i = 0; i < l->n; i++) {
    mls_free(l->v[i].key);
    mls_free(l->v[i].own);
  }
  mls_free(l->v);
}

static int mlist_push(mlist *l, const char *key, size_t shard, const char *p,
                      size_t len)
{
  if (l->n == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 64, bytes;
    mpiece *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(l->v, bytes))) {
      return MLS_ENOMEM;
    }
    l->v = nv;
    l->cap = ncap;
  }
  if (!(l->v[l->n].key = mls_strndup(key, strlen(key)))) {
    return MLS_ENOMEM;
  }
  l->v[l->n].shard = shard;
  l->v[l->n].seq = l->n;
  l->v[l->n].p = p;
  l->v[l->n].len = len;
  l->v[l->n].own = NULL;
  l->n++;
  return MLS_OK;
}

static int mpiece_cmp(const void *a, const void *b)
{
  const mpiece *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) {
    return c;
  }
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort; a name held by two shards is an error. The sweep's own pieces
 * (key "") are what every shard found about the same targets: the first
 * shard's come first and another's equal one is dropped. */
static int mlist_sort(mlist *l, const sarif_shard_doc *docs, mls_diag *diag)
{
  size_t keep = 0;

  if (l->n > 1) {
    qsort(l->v, l->n, sizeof(*l->v), mpiece_cmp);
  }
  for (size_t i = 0; i < l->n; i++) {
    bool dup = false;
    for (size_t j = 0; j < keep && !*l->v[i].key && !dup; j++) {
      dup = l->v[j].len == l->v[i].len &&
            memcmp(l->v[j].p, l->v[i].p, l->v[i].len) == 0;
    }
    if (dup) {
      mls_free(l->v[i].key);
      mls_free(l->v[i].own);
    } else {
      l->v[keep++] = l->v[i];
    }
  }
  l->n = keep;
  for (size_t i = 1; i < l->n; i++) {
    if (*l->v[i].key && strcmp(l->v[i - 1].key, l->v[i].key) == 0 &&
        l->v[i - 1].shard != l->v[i].shard) {
      return mls_diag_add(diag, MLS_EINPUT, NULL,
                          "repository '%s' is in two shards (%s and %s): "
                          "shards must cover disjoint targets",
                          l->v[i].key, docs[l->v[i - 1].shard].name,
                          docs[l->v[i].shard].name);
    }
  }
  return MLS_OK;
}

static int mlist_write(const mlist *l, FILE *dst)
{
  int rc = MLS_OK;
  for (size_t i = 0; i < l->n && rc == MLS_OK; i++) {
    if (i > 0) {
      rc = sarif__fput(dst, ",\n", 2);
    }
    if (rc == MLS_OK) {
      rc = sarif__fput(dst, l->v[i].p, l->v[i].len);
    }
  }
  return rc;
}

/* The string at `path` (dot-free keys) of a parsed piece, or NULL. */
static const char *jget_str(const cJSON *o, const char *a, const char *b,
                            const char *c)
{
  const char *keys[3] = { a, b, c };
  for (int i = 0; i < 3 && keys[i] && o; i++) {
    o = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
  }
  return cJSON_IsString(o) ? o->valuestring : NULL;
}

/* ---- org SARIF ------------------------------------------------------------
 */

/* Whether the ','-separated notifications in `notes` hold p[0..n). */
static bool notes_have(const mls_buf *notes, const char *p, size_t n)
{
  for (size_t i = 0; notes->len >= n && i + n <= notes->len;) {
    if ((i == 0 || notes->ptr[i - 1] == ',') &&
        memcmp(notes->ptr + i, p, n) == 0 &&
        (i + n == notes->len || notes->ptr[i + n] == ',')) {
      return true;
    }
    const char *c = memchr(notes->ptr + i, ',', notes->len - i);
    if (!c) {
      break;
    }
    i = (size_t)(c - notes->ptr) + 1;
  }
  return false;
}

/* The notifications of run p[0..n): the array invocations[0].
 * toolExecutionNotifications as *arr and its elements (owned) as *items.
 * MLS_EINPUT when the run has none. */
static int run_notes(const char *p, size_t n, sarif__span *arr,
                     sarif__span **items, size_t *nitems)
{
  sarif__span inv, *iv = NULL;
  size_t ni = 0;
  int rc;

  *items = NULL;
  *nitems = 0;
  if ((rc = sarif__json_member(p, n, "invocations", &inv)) < 0 ||
      (rc = sarif__json_items(p, inv, &iv, &ni)) < 0) {
    return rc;
  }
  if (ni == 0 || sarif__json_member(p + iv[0].off, iv[0].len,
                                    "toolExecutionNotifications", arr) < 0) {
    mls_free(iv);
    return MLS_EINPUT;
  }
  arr->off += iv[0].off;
  mls_free(iv);
  return sarif__json_items(p, *arr, items, nitems);
}

/* Take the sweep's notifications (SARIF_SWEEP_NOTE_ID), which a writer
 * puts first in its first run, out of piece x into `notes` (each once,
 * ',' between them), and leave x without them. */
static int take_sweep_notes(mpiece *x, mls_buf *notes)
{
  sarif__span arr, *it = NULL;
  size_t nit = 0, k = 0, cut_end;
  cJSON *o = NULL;
  int rc;

  if ((rc = run_notes(x->p, x->len, &arr, &it, &nit)) < 0) {
    return rc;
  }
  for (; k < nit; k++) {
    const char *id;
    cJSON_Delete(o);
    o = cJSON_ParseWithLength(x->p + it[k].off, it[k].len);
    id = jget_str(o, "descriptor", "id", NULL);
    if (!id || strcmp(id, SARIF_SWEEP_NOTE_ID) != 0) {
      break;
    }
    if (!notes_have(notes, x->p + it[k].off, it[k].len)) {
      SARIF_TRY(mls_buf_puts(notes, notes->len ? "," : ""));
      SARIF_TRY(mls_buf_put(notes, x->p + it[k].off, it[k].len));
    }
  }
  if (k > 0) {
    /* Up to the next notification, or to the array's ']'. */
    cut_end = k < nit ? it[k].off : arr.off + arr.len - 1;
    size_t keep = it[0].off + (x->len - cut_end);
    char *own = mls_malloc(keep ? keep : 1);
    if (!own) {
      rc = MLS_ENOMEM;
      goto done;
    }
    memcpy(own, x->p, it[0].off);
    memcpy(own + it[0].off, x->p + cut_end, x->len - cut_end);
    mls_free(x->own);
    x->own = own;
    x->p = own;
    x->len = keep;
  }
  rc = MLS_OK;
done:
  cJSON_Delete(o);
  mls_free(it);
  return rc;
}

/* Put `notes` first in piece x's notifications. */
static int give_sweep_notes(mpiece *x, const mls_buf *notes)
{
  sarif__span arr, *it = NULL;
  size_t nit = 0, at, len;
  char *own;
  int rc;

  if ((rc = run_notes(x->p, x->len, &arr, &it, &nit)) < 0) {
    return rc;
  }
  mls_free(it);
  at = arr.off + 1;
  len = x->len + notes->len + (nit ? 1 : 0);
  if (!(own = mls_malloc(len))) {
    return MLS_ENOMEM;
  }
  memcpy(own, x->p, at);
  memcpy(own + at, notes->ptr, notes->len);
  if (nit) {
    own[at + notes->len] = ',';
  }
  memcpy(own + len - (x->len - at), x->p + at, x->len - at);
  mls_free(x->own);
  x->own = own;
  x->p = own;
  x->len = len;
  return MLS_OK;
}

int sarif_merge_org(FILE *dst, const sarif_shard_doc *docs, size_t n,
                    const char *tool_version, mls_diag *diag)
{
  size_t hl = strlen(SARIF_HEAD), tl = strlen(SARIF_TAIL);
  mlist l = { NULL, 0, 0 };
  sarif__span *items = NULL;
  cJSON *run = NULL;
  mls_buf notes = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  int rc = MLS_OK;

  MLS_ASSERT_ARG(dst && (docs || n == 0) && tool_version);
  for (size_t d = 0; d < n; d++) {
    const sarif_shard_doc *doc = &docs[d];
    sarif__span runs;
    size_t nitems = 0;
    if (doc->len < hl + tl || memcmp(doc->p, SARIF_HEAD, hl) != 0 ||
        memcmp(doc->p + doc->len - tl, SARIF_TAIL, tl) != 0 ||
        sarif__json_member(doc->p, doc->len, "runs", &runs) < 0 ||
        runs.off + runs.len + tl - 1 != doc->len) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "%s: not an org SARIF file written by mlsweep",
                        doc->name);
      goto done;
    }
    mls_free(items);
    items = NULL;
    SARIF_TRY(sarif__json_items(doc->p, runs, &items, &nitems));
    for (size_t i = 0; i < nitems; i++) {
      const char *p = doc->p + items[i].off, *name, *ver, *tool;
      cJSON_Delete(run);
      run = cJSON_ParseWithLength(p, items[i].len);
      name = jget_str(run, "properties", "repository", NULL);
      tool = jget_str(run, "tool", "driver", "name");
      ver = jget_str(run, "tool", "driver", "version");
      if (!name || !tool || strcmp(tool, "mlsweep") != 0 || !ver) {
        rc =
            mls_diag_add(diag, MLS_EINPUT, NULL,
                         "%s: run %zu is not an mlsweep org run", doc->name, i);
        goto done;
      }
      if (strcmp(ver, tool_version) != 0) {
        rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                          "%s: written by mlsweep %s, this is %s: re-run the "
                          "shard with this version",
                          doc->name, ver, tool_version);
        goto done;
      }
      SARIF_TRY(mlist_push(&l, name, d, p, items[i].len));
      if (i == 0 && take_sweep_notes(&l.v[l.n - 1], &notes) == MLS_ENOMEM) {
        rc = MLS_ENOMEM;
        goto done;
      }
    }
  }
  SARIF_TRY(mlist_sort(&l, docs, diag));
  if (notes.len && l.n && (rc = give_sweep_notes(&l.v[0], &notes)) < 0) {
    if (rc == MLS_EINPUT) {
      mls_diag_add(diag, MLS_EINPUT, NULL,
                   "%s: the first run has no notifications",
                   docs[l.v[0].shard].name);
    }
    goto done;
  }
  SARIF_TRY(sarif__fput(dst, SARIF_HEAD, hl));
  SARIF_TRY(mlist_write(&l, dst));
  SARIF_TRY(sarif__fput(dst, SARIF_TAIL, tl));
  rc = fflush(dst) == 0 ? MLS_OK : MLS_EIO;
done:
  if (rc == MLS_EINPUT && diag && diag->n == 0) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL, "org SARIF: malformed");
  }
  cJSON_Delete(run);
  mls_free(items);
  mlist_dispose(&l);
  mls_buf_dispose(&notes);
  return rc;
}

/* ---- JSON results ---------------------------------------------------------
 */

/* Every element of member `key` of each document into l, keyed by its
 * "repo". */
static int results_pieces(mlist *l, const sarif_shard_doc *docs, size_t n,
                          const char *key, mls_diag *diag)
{
  sarif__span *items = NULL;
  cJSON *x = NULL;
  int rc = MLS_OK;

  for (size_t d = 0; d < n; d++) {
    const sarif_shard_doc *doc = &docs[d];
    sarif__span arr;
    size_t nitems = 0;
    if (sarif__json_member(doc->p, doc->len, key, &arr) < 0 ||
        sarif__json_items(doc->p, arr, &items, &nitems) < 0) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "%s: no \"%s\" array: not --format json output of "
                        "mlsweep scan",
                        doc->name, key);
      goto done;
    }
    for (size_t i = 0; i < nitems; i++) {
      const char *p = doc->p + items[i].off, *repo;
      cJSON_Delete(x);
      x = cJSON_ParseWithLength(p, items[i].len);
      if (strcmp(key, "diagnostics") == 0 &&
          cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(x, "repo"))) {
        repo = ""; /* the sweep's own: first, once */
      } else if (!(repo = jget_str(x, "repo", NULL, NULL))) {
        rc = mls_diag_add(diag, MLS_EINPUT, NULL, "%s: %s[%zu] has no \"repo\"",
                          doc->name, key, i);
        goto done;
      }
      SARIF_TRY(mlist_push(l, repo, d, p, items[i].len));
    }
    mls_free(items);
    items = NULL;
  }
  rc = mlist_sort(l, docs, diag);
done:
  cJSON_Delete(x);
  mls_free(items);
  return rc;
}

int sarif_merge_results(FILE *dst, const sarif_shard_doc *docs, size_t n,
                        mls_diag *diag)
{
  mlist res = { NULL, 0, 0 }, dia = { NULL, 0, 0 };
  int rc = MLS_OK;

  MLS_ASSERT_ARG(dst && (docs || n == 0));
  for (size_t d = 0; d < n; d++) {
    sarif__span sch;
    if (sarif__json_member(docs[d].p, docs[d].len, "schema", &sch) < 0 ||
        sch.len != strlen(SARIF_RESULTS_SCHEMA) + 2 ||
        memcmp(docs[d].p + sch.off + 1, SARIF_RESULTS_SCHEMA, sch.len - 2) !=
            0) {
      rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                        "%s: not %s (--format json of this version)",
                        docs[d].name, SARIF_RESULTS_SCHEMA);
      goto done;
    }
  }
  SARIF_TRY(results_pieces(&res, docs, n, "results", diag));
  SARIF_TRY(results_pieces(&dia, docs, n, "diagnostics", diag));
  SARIF_TRY(sarif__fput(dst, SARIF_RESULTS_HEAD, strlen(SARIF_RESULTS_HEAD)));
  SARIF_TRY(mlist_write(&res, dst));
  SARIF_TRY(sarif__fput(dst, SARIF_RESULTS_MID, strlen(SARIF_RESULTS_MID)));
  SARIF_TRY(mlist_write(&dia, dst));
  SARIF_TRY(sarif__fput(dst, SARIF_RESULTS_TAIL, strlen(SARIF_RESULTS_TAIL)));
  rc = fflush(dst) == 0 ? MLS_OK : MLS_EIO;
done:
  mlist_dispose(&res);
  mlist_dispose(&dia);
  return rc;
}
