/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/report.c -- unit results and repository reports.
 *
 * Stage: module job and repo finalize (see report.h). Every string a
 * result carries is copied into an arena the result's holder owns, so a
 * report outlives the models, loaders and blobs it came from. Sorting uses
 * total orders over the result's own fields, so two runs that produce the
 * same results in different orders produce identical reports.
 */
#include "core/engine/report.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "sarif/sarif.h"

#include <stdlib.h>
#include <string.h>

/* Lines of source around a finding that a snippet holds (before, after),
 * and the bytes kept of each line: enough to show an attribute and its
 * block without copying a minified file. */
#define SNIPPET_BEFORE   2
#define SNIPPET_AFTER    2
#define SNIPPET_LINE_MAX 200

void mls_unit_out_init(mls_unit_out *u)
{
  memset(u, 0, sizeof(*u));
}

void mls_unit_out_dispose(mls_unit_out *u)
{
  if (!u) {
    return;
  }
  mls_arena_free(u->arena);
  mls_free(u->v);
  mls_free(u->t);
  mls_diag_dispose(&u->diag);
  memset(u, 0, sizeof(*u));
}

/* Room for `more` tally entries past u->nt. */
static int tally_reserve(mls_unit_out *u, size_t more)
{
  size_t cap = u->capt ? u->capt : 16, bytes;
  mls_tally *v;
  while (cap - u->nt < more) {
    if (!mls_mul_sz(&cap, cap, 2)) {
      return MLS_ENOMEM;
    }
  }
  if (cap == u->capt) {
    return MLS_OK;
  }
  if (!mls_mul_sz(&bytes, cap, sizeof(*v)) || !(v = mls_realloc(u->t, bytes))) {
    return MLS_ENOMEM;
  }
  u->t = v;
  u->capt = cap;
  return MLS_OK;
}

/* Count `count` more (rule, status, severity) results in the entries
 * [from, u->nt) of the unit's tally: the entries of the model or cached
 * report being added (a few dozen). Counts saturate. */
static int tally_add(mls_unit_out *u, size_t from, uint32_t rule_index,
                     const char *rule_id, mls_rsev sev, mls_status st,
                     uint32_t count)
{
  int rc;
  for (size_t i = u->nt; i > from; i--) {
    mls_tally *t = &u->t[i - 1];
    if (t->rule_index == rule_index && t->status == st && t->severity == sev) {
      t->count = t->count > UINT32_MAX - count ? UINT32_MAX : t->count + count;
      return MLS_OK;
    }
  }
  if ((rc = tally_reserve(u, 1)) < 0) {
    return rc;
  }
  u->t[u->nt++] = (mls_tally){ rule_index, rule_id, sev, st, count };
  return MLS_OK;
}

static const char *adup(mls_arena *a, mls_span s)
{
  return mls_arena_strndup(a, s.ptr ? s.ptr : "", s.len);
}

static const char *adupz(mls_arena *a, const char *s)
{
  return s ? mls_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Where the last snippet_of() of a text found the start of a line: the
 * next one of the same text starts there when its lines come later
 * (findings arrive grouped by resource, mostly in line order), so a file
 * with many findings is not scanned from its start for each. */
typedef struct line_cursor {
  const char *text; /* the text it is about, or NULL */
  size_t off;       /* offset of the start of line `line` (or len) */
  uint32_t line;    /* 1-based */
} line_cursor;

/* The lines [from, to] of text (1-based), each cut at SNIPPET_LINE_MAX
 * bytes, joined with '\n'; CR before LF dropped. */
static const char *snippet_of(mls_arena *a, const char *text, size_t len,
                              uint32_t from, uint32_t to, line_cursor *cur)
{
  /* Built on the stack, then copied at its real size: most lines are far
   * shorter than SNIPPET_LINE_MAX. */
  char out[(SNIPPET_BEFORE + SNIPPET_AFTER + 1) * (SNIPPET_LINE_MAX + 1) + 1];
  size_t o = 0, i = 0;
  uint32_t line = 1;

  if (to - from > SNIPPET_BEFORE + SNIPPET_AFTER) {
    to = from + SNIPPET_BEFORE + SNIPPET_AFTER;
  }
  if (cur->text == text && cur->line <= from) {
    i = cur->off;
    line = cur->line;
  }
  while (i < len && line < from) {
    const char *nl = memchr(text + i, '\n', len - i);
    i = nl ? (size_t)(nl - text) + 1 : len;
    line += nl ? 1 : 0;
  }
  cur->text = text;
  cur->off = i;
  cur->line = line;
  while (i < len && line <= to) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t start = i, n;
    i = nl ? (size_t)(nl - text) : len;
    n = i - start;
    if (n > 0 && text[start + n - 1] == '\r') {
      n--;
    }
    if (n > SNIPPET_LINE_MAX) {
      n = SNIPPET_LINE_MAX;
    }
    if (o > 0) {
      out[o++] = '\n';
    }
    memcpy(out + o, text + start, n);
    o += n;
    i++; /* the '\n' */
    line++;
  }
  return mls_arena_strndup(a, out, o);
}

static int grow(mls_unit_out *u)
{
  size_t cap = u->cap ? u->cap * 2 : 32, bytes;
  mls_result *v;
  if (cap < u->cap || !mls_mul_sz(&bytes, cap, sizeof(*v)) ||
      !(v = mls_realloc(u->v, bytes))) {
    return MLS_ENOMEM;
  }
  u->v = v;
  u->cap = cap;
  return MLS_OK;
}

/* GitHub's line hashes of the results [start, u->n) that can reach a
 * SARIF file (not the passing ones): one pass over each file that has
 * such a result, however many results it has. */
static void line_hashes(mls_unit_out *u, size_t start, const mls_model *m,
                        mls_text_fn text, void *text_payload)
{
  for (uint32_t f = 0; f < m->nfiles && text; f++) {
    const char *t = NULL;
    size_t tlen = 0;
    bool want = false;
    for (size_t i = start; i < u->n && !want; i++) {
      want = u->v[i].status != MLS_ST_PASS &&
             strcmp(u->v[i].path, m->files[f]) == 0;
    }
    if (want && text(text_payload, (uint16_t)f, &t, &tlen) == MLS_OK) {
      /* A line past the end keeps "": no partial fingerprint. */
      sarif_line_hash_fill(u->v + start, u->n - start, m->files[f], t, tlen);
    }
  }
}

int mls_unit_add_findings(mls_unit_out *u, const rule_set *rs,
                          const mls_model *m, const rule_findings *f,
                          mls_detail detail, mls_text_fn text,
                          void *text_payload)
{
  size_t start, tstart = u->nt, prev_i = SIZE_MAX;
  uint32_t prev_res = UINT32_MAX, snip_line = 0;
  const char *snip = NULL, *snip_path = NULL;
  line_cursor cur = { NULL, 0, 1 };

  if (f->n == 0) {
    return MLS_OK;
  }
  if (!u->arena && !(u->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
    return MLS_ENOMEM;
  }
  start = u->n;
  for (size_t i = 0; i < f->n; i++) {
    const rule_finding *fi = &f->v[i];
    const mls_result *prev;
    const mls_resource *res = &m->resources[fi->resource];
    const rule_meta *meta = rule_set_get(rs, fi->rule);
    uint16_t file = fi->file < m->nfiles ? fi->file : res->file;
    uint32_t line = fi->range.start.line;
    mls_result *r;
    const char *t = NULL;
    size_t tlen = 0;

    if (file >= m->nfiles || !meta) {
      continue; /* a finding with no file cannot be located */
    }
    if (fi->file >= m->nfiles || line == 0) {
      line = res->range.start.line;
    }
    if (!mls_detail_lists(detail, fi->status, fi->has_supp)) {
      int rc =
          tally_add(u, tstart, fi->rule, meta->id, fi->severity, fi->status, 1);
      if (rc < 0) {
        return rc;
      }
      continue;
    }
    if (u->n == u->cap && grow(u) < 0) {
      return MLS_ENOMEM;
    }
    /* u->v may have moved as it grew: the previous result by index. */
    prev = prev_i < u->n ? &u->v[prev_i] : NULL;
    r = &u->v[u->n];
    memset(r, 0, sizeof(*r));
    r->rule_id = meta->id;
    r->rule_index = fi->rule;
    r->severity = fi->severity;
    r->status = fi->status;
    r->framework = res->framework == MLS_FW_CLOUDFORMATION
                       ? MLS_RES_CLOUDFORMATION
                       : MLS_RES_TERRAFORM;
    /* Findings come grouped by resource: the strings of the previous
     * result are shared when they are the same (most of a big report). */
    r->path = prev && strcmp(prev->path, m->files[file]) == 0
                  ? prev->path
                  : adupz(u->arena, m->files[file]);
    r->line = line ? line : 1;
    r->col = fi->file < m->nfiles && fi->range.start.line
                 ? fi->range.start.col
                 : res->range.start.col;
    r->end_line = fi->file < m->nfiles && fi->range.end.line >= r->line
                      ? fi->range.end.line
                      : 0;
    if (prev && prev_res == fi->resource) {
      r->resource_type = prev->resource_type;
      r->address = prev->address;
      r->module = prev->module;
      r->construct = prev->construct;
    } else {
      r->resource_type = adup(u->arena, res->type);
      r->address = adup(u->arena, res->address);
      r->module = adup(u->arena, res->module_path);
      if (res->construct.len) {
        r->construct = adup(u->arena, res->construct);
      }
    }
    if (res->file < m->nfiles && res->range.start.line > 0 &&
        (res->file != file || r->line < res->range.start.line ||
         r->line > res->range.end.line)) {
      /* Found outside the resource: where it is declared too. */
      r->res_path = prev && prev->res_path &&
                            strcmp(prev->res_path, m->files[res->file]) == 0
                        ? prev->res_path
                        : adupz(u->arena, m->files[res->file]);
      r->res_line = r->res_path ? res->range.start.line : 0;
    }
    r->attr = fi->attr && *fi->attr ? adupz(u->arena, fi->attr) : "";
    r->message = adupz(u->arena, fi->message ? fi->message : meta->title);
    if (r->construct && r->message) {
      /* CDK output: the logical id is a hash, the construct path is what
       * the developer wrote, so messages name it. */
      mls_buf named = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
      if (mls_buf_printf(&named, "%s (CDK construct %s)", r->message,
                         r->construct) == MLS_OK) {
        r->message = mls_arena_strndup(u->arena, named.ptr, named.len);
      }
      mls_buf_dispose(&named);
    }
    r->has_supp = fi->has_supp;
    if (fi->has_supp) {
      r->supp = fi->supp;
      r->supp.origin = adupz(u->arena, fi->supp.origin);
      r->supp.reason = adupz(u->arena, fi->supp.reason);
      r->supp.expires = adupz(u->arena, fi->supp.expires);
    }
    sarif_fingerprint(r->fingerprint, r->rule_id, r->address, r->module,
                      r->path);
    if (r->status != MLS_ST_PASS && text &&
        text(text_payload, file, &t, &tlen) == MLS_OK) {
      uint32_t from = r->line > SNIPPET_BEFORE ? r->line - SNIPPET_BEFORE : 1;
      if (r->status == MLS_ST_FAIL || r->status == MLS_ST_SUPPRESSED) {
        if (snip && snip_path == r->path && snip_line == from) {
          r->snippet = snip; /* the same lines as the previous finding */
        } else {
          r->snippet = snippet_of(u->arena, t, tlen, from,
                                  r->line + SNIPPET_AFTER, &cur);
          snip = r->snippet;
          snip_path = r->path;
          snip_line = from;
        }
        r->snippet_line = from;
      }
    }
    if (!r->path || !r->resource_type || !r->address || !r->module ||
        !r->attr || !r->message || mls_arena_failed(u->arena)) {
      return MLS_ENOMEM;
    }
    u->n++;
    prev_i = u->n - 1;
    prev_res = fi->resource;
  }
  line_hashes(u, start, m, text, text_payload);
  return MLS_OK;
}

static size_t tally_compact(mls_tally *v, size_t n);

void mls_unit_out_trim(mls_unit_out *u)
{
  if (u->n > 0 && u->cap > u->n) {
    mls_result *v = mls_realloc(u->v, u->n * sizeof(*v));
    if (v) {
      u->v = v;
      u->cap = u->n;
    }
  }
  mls_unit_tally_compact(u);
  if (u->nt > 0 && u->capt > u->nt) {
    mls_tally *t = mls_realloc(u->t, u->nt * sizeof(*t));
    if (t) {
      u->t = t;
      u->capt = u->nt;
    }
  }
}

void mls_unit_tally_compact(mls_unit_out *u)
{
  if (u->nt > 1) {
    u->nt = tally_compact(u->t, u->nt);
  }
}

int mls_unit_reserve(mls_unit_out *u, size_t results, size_t tally)
{
  int rc = MLS_OK;
  while (rc == MLS_OK && u->cap - u->n < results) {
    rc = grow(u);
  }
  return rc == MLS_OK && tally > 0 ? tally_reserve(u, tally) : rc;
}

int mls_unit_encode(mls_buf *out, const mls_unit_out *u, size_t start,
                    size_t tstart, const mls_diag *diag,
                    const mls_repo_counts *counts)
{
  mls_repo_report view;
  memset(&view, 0, sizeof(view));
  view.results = u->v ? u->v + start : NULL; /* no results yet: NULL */
  view.nresults = u->n - start;
  view.tally = u->t ? u->t + tstart : NULL;
  view.ntally = u->nt - tstart;
  view.diag = *diag;
  view.counts = *counts;
  return mls_report_encode(out, &view);
}

/* --- finalize ---------------------------------------------------------- */

static int cmp_str(const char *a, const char *b)
{
  return strcmp(a ? a : "", b ? b : "");
}

static int cmp_result(const void *pa, const void *pb)
{
  const mls_result *a = pa, *b = pb;
  int c;
  if ((c = strcmp(a->path, b->path)) != 0) {
    return c;
  }
  if (a->line != b->line) {
    return a->line < b->line ? -1 : 1;
  }
  if (a->col != b->col) {
    return a->col < b->col ? -1 : 1;
  }
  if ((c = strcmp(a->rule_id, b->rule_id)) != 0) {
    return c;
  }
  if ((c = strcmp(a->module, b->module)) != 0) {
    return c;
  }
  if ((c = strcmp(a->address, b->address)) != 0) {
    return c;
  }
  if ((c = strcmp(a->attr, b->attr)) != 0) {
    return c;
  }
  if (a->status != b->status) {
    return a->status < b->status ? -1 : 1;
  }
  return strcmp(a->message, b->message);
}

/* Diagnostics by where they are (path, line) and what they say
 * (severity, message): what every output shows. */
static int cmp_diag_place(const mls_diag_entry *a, const mls_diag_entry *b)
{
  int c;
  if ((c = cmp_str(a->path, b->path)) != 0) {
    return c;
  }
  if (a->has_range != b->has_range) {
    return a->has_range ? 1 : -1;
  }
  if (a->has_range && a->range.start.line != b->range.start.line) {
    return a->range.start.line < b->range.start.line ? -1 : 1;
  }
  return 0;
}

static int cmp_diag_said(const mls_diag_entry *a, const mls_diag_entry *b)
{
  if (a->sev != b->sev) {
    return a->sev < b->sev ? -1 : 1;
  }
  return cmp_str(a->message, b->message);
}

static int cmp_diag_col(const mls_diag_entry *a, const mls_diag_entry *b)
{
  if (a->has_range && a->range.start.col != b->range.start.col) {
    return a->range.start.col < b->range.start.col ? -1 : 1;
  }
  return 0;
}

/* The order the outputs list them in: place, column, then what they say. */
static int cmp_diag(const void *pa, const void *pb)
{
  const mls_diag_entry *a = pa, *b = pb;
  int c;
  if ((c = cmp_diag_place(a, b)) != 0 || (c = cmp_diag_col(a, b)) != 0) {
    return c;
  }
  return cmp_diag_said(a, b);
}

/* With the column last: entries that read the same sort next to each
 * other. */
static int cmp_diag_shown(const void *pa, const void *pb)
{
  const mls_diag_entry *a = pa, *b = pb;
  int c;
  if ((c = cmp_diag_place(a, b)) != 0 || (c = cmp_diag_said(a, b)) != 0) {
    return c;
  }
  return cmp_diag_col(a, b);
}

/* Whether two entries read the same, their columns aside. */
static bool same_shown(const mls_diag_entry *a, const mls_diag_entry *b)
{
  return cmp_diag_place(a, b) == 0 && cmp_diag_said(a, b) == 0;
}

static int cmp_tally(const void *pa, const void *pb)
{
  const mls_tally *a = pa, *b = pb;
  if (a->rule_index != b->rule_index) {
    return a->rule_index < b->rule_index ? -1 : 1;
  }
  if (a->status != b->status) {
    return a->status < b->status ? -1 : 1;
  }
  if (a->severity != b->severity) {
    return a->severity < b->severity ? -1 : 1;
  }
  return 0;
}

/* tally_compact() by sorting, then merging neighbours. */
static size_t tally_compact_sorted(mls_tally *v, size_t n)
{
  size_t k = 0;
  if (n > 1) {
    qsort(v, n, sizeof(*v), cmp_tally);
  }
  for (size_t i = 0; i < n; i++) {
    if (k > 0 && cmp_tally(&v[k - 1], &v[i]) == 0) {
      v[k - 1].count = v[k - 1].count > UINT32_MAX - v[i].count
                           ? UINT32_MAX
                           : v[k - 1].count + v[i].count;
    } else {
      v[k++] = v[i];
    }
  }
  return k;
}

/* Add up the entries of v[0..n) with the same key and sort them; returns
 * the entries left. The entries of a big repository are one run per
 * module (hundreds of thousands), their keys a few thousand at most: a
 * counting pass over (rule, status, severity) does it in linear time.
 * Each rule present gets a block of sums, numbered as first seen; only
 * those blocks are zeroed and read back (a unit's entries name a few
 * dozen rules of a span of hundreds). Counts saturate rather than wrap. */
static size_t tally_compact(mls_tally *v, size_t n)
{
  enum { NST = MLS_ST_SUPPRESSED + 1, NSEV = MLS_RSEV_CRITICAL + 1 };
  enum { NK = NST * NSEV };
  uint32_t lo = UINT32_MAX, hi = 0, nused = 0, *block;
  uint64_t *sum;
  const char **ids;
  size_t k = 0, span;

  if (n < 2) {
    return n;
  }
  for (size_t i = 0; i < n; i++) {
    lo = v[i].rule_index < lo ? v[i].rule_index : lo;
    hi = v[i].rule_index > hi ? v[i].rule_index : hi;
  }
  span = (size_t)(hi - lo) + 1;
  if (span > n * 64 || !(block = mls_calloc(span, sizeof(*block)))) {
    /* Rule indexes far sparser than the entries, or no memory: sort and
     * merge. */
    return tally_compact_sorted(v, n);
  }
  for (size_t i = 0; i < n; i++) {
    uint32_t *b = &block[v[i].rule_index - lo];
    if (*b == 0) {
      *b = ++nused;
    }
  }
  sum = mls_calloc((size_t)nused * NK, sizeof(*sum));
  ids = mls_malloc((size_t)nused * sizeof(*ids));
  if (!sum || !ids) {
    mls_free(sum);
    mls_free(ids);
    mls_free(block);
    return tally_compact_sorted(v, n);
  }
  for (size_t i = 0; i < n; i++) {
    size_t b = block[v[i].rule_index - lo] - 1;
    size_t st = (unsigned)v[i].status < NST ? (size_t)v[i].status : 0;
    size_t sev = (unsigned)v[i].severity < NSEV ? (size_t)v[i].severity : 0;
    sum[b * NK + st * NSEV + sev] += v[i].count;
    ids[b] = v[i].rule_id;
  }
  for (size_t r = 0; r < span; r++) {
    if (block[r] == 0) {
      continue;
    }
    for (size_t j = 0; j < NK; j++) {
      uint64_t c = sum[(block[r] - 1) * (size_t)NK + j];
      if (c > 0) {
        /* k < n: there are no more keys than entries. */
        v[k].rule_index = lo + (uint32_t)r;
        v[k].rule_id = ids[block[r] - 1];
        v[k].status = (mls_status)(j / NSEV);
        v[k].severity = (mls_rsev)(j % NSEV);
        v[k].count = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
        k++;
      }
    }
  }
  mls_free(ids);
  mls_free(sum);
  mls_free(block);
  return k;
}

void mls_counts_add(mls_repo_counts *d, const mls_repo_counts *s)
{
  d->files_tf += s->files_tf;
  d->files_tfvars += s->files_tfvars;
  d->files_cfn += s->files_cfn;
  d->files_skipped += s->files_skipped;
  d->parse_failures += s->parse_failures;
  d->modules += s->modules;
  d->resources += s->resources;
  d->unknown_values += s->unknown_values;
  d->cache_hits += s->cache_hits;
  d->cache_misses += s->cache_misses;
  d->bytes += s->bytes;
}

/* Whether v[0..n) is sorted with one entry per key already (a stored
 * report's tally): then there is nothing to add up. */
static bool tally_is_compact(const mls_tally *v, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    if (cmp_tally(&v[i - 1], &v[i]) >= 0) {
      return false;
    }
  }
  return true;
}

/* Every diagnostic of the repository and of its units, sorted and each
 * once (entries alike in path, place, severity and words are one), into dst,
 * which keeps the first MLS_MAX_DIAGS_PER_JOB, then the first of each
 * path and severity, and counts the rest: which ones a large repository
 * keeps does not depend on how its work was cut into units, nor on their
 * order. The sources are left empty. False when
 * out of memory (nothing moved). */
static bool gather_diags(mls_diag *dst, mls_diag *repo_diag, void *units,
                         size_t nunits, size_t stride, size_t out_off)
{
  mls_diag all = MLS_DIAG_INIT;
  size_t n = repo_diag ? repo_diag->n : 0;

  for (size_t i = 0; i < nunits; i++) {
    const mls_unit_out *u =
        (const mls_unit_out *)(const void *)((const char *)units + i * stride +
                                             out_off);
    n += u->diag.n;
  }
  if (n > 0 && !(all.v = mls_malloc(n * sizeof(*all.v)))) {
    return false;
  }
  all.cap = n;
  for (size_t i = 0; i <= nunits; i++) {
    mls_diag *d = i == 0
                      ? repo_diag
                      : &((mls_unit_out *)(void *)((char *)units +
                                                   (i - 1) * stride + out_off))
                             ->diag;
    if (!d) {
      continue;
    }
    if (d->n > 0) {
      memcpy(all.v + all.n, d->v, d->n * sizeof(*d->v));
      all.n += d->n;
    }
    all.dropped += d->dropped;
    all.nerrors += d->nerrors;
    mls_free(d->v);
    d->v = NULL;
    d->n = d->cap = d->dropped = d->nerrors = 0;
  }
  if (all.n > 1) {
    size_t k = 1;
    qsort(all.v, all.n, sizeof(*all.v), cmp_diag_shown);
    /* One copy of each: roots that load one broken module, or read one
     * missing file, each report it, word for word; two references on one
     * line to one undeclared name read the same too (the outputs give the
     * line, not the column). */
    for (size_t i = 1; i < all.n; i++) {
      if (same_shown(&all.v[k - 1], &all.v[i])) {
        all.nerrors -= all.v[i].sev == MLS_SEV_ERROR ? 1 : 0;
        mls_free(all.v[i].path);
        mls_free(all.v[i].message);
        continue;
      }
      all.v[k++] = all.v[i];
    }
    all.n = k;
  }
  mls_diag_move(dst, &all);
  return true;
}

static int report_build(mls_repo_report **out, const char *name,
                        const char *target, const char *commit, bool failed,
                        const mls_repo_counts *counts, mls_diag *repo_diag,
                        void *units, size_t nunits, size_t stride,
                        size_t out_off, bool sort)
{
  mls_repo_report *r = mls_calloc(1, sizeof(*r));
  size_t total = 0, k = 0, nmore = 0, ntally = 0, since = 0;

  if (!r || !(r->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
    mls_free(r);
    return MLS_ENOMEM;
  }
  r->name = adupz(r->arena, name);
  r->target = adupz(r->arena, target);
  r->commit = adupz(r->arena, commit);
  r->failed = failed;
  if (counts) {
    r->counts = *counts;
  }
  for (size_t i = 0; i < nunits; i++) {
    mls_unit_out *u =
        (mls_unit_out *)(void *)((char *)units + i * stride + out_off);
    total += u->n;
    ntally += u->nt;
  }
  nmore = nunits;
  if (nmore > 0 &&
      !(r->more = mls_arena_alloc(r->arena, nmore * sizeof(*r->more)))) {
    mls_repo_report_free(r);
    return MLS_ENOMEM;
  }
  if (total > 0 &&
      !(r->results = mls_arena_alloc(r->arena, total * sizeof(mls_result)))) {
    mls_repo_report_free(r);
    return MLS_ENOMEM;
  }
  if (ntally > 0 &&
      !(r->tally = mls_arena_alloc(r->arena, ntally * sizeof(mls_tally)))) {
    mls_repo_report_free(r);
    return MLS_ENOMEM;
  }
  if (sort &&
      !gather_diags(&r->diag, repo_diag, units, nunits, stride, out_off)) {
    mls_repo_report_free(r);
    return MLS_ENOMEM;
  }
  if (repo_diag) {
    mls_diag_move(&r->diag, repo_diag);
  }
  for (size_t i = 0; i < nunits; i++) {
    mls_unit_out *u =
        (mls_unit_out *)(void *)((char *)units + i * stride + out_off);
    /* The results' strings stay where the unit put them: its arena moves
     * into the report, only the result structs are copied. */
    size_t u_n = u->n;
    if (u->n > 0) {
      memcpy(&r->results[k], u->v, u->n * sizeof(*u->v));
      k += u->n;
    }
    if (u->nt > 0) {
      memcpy(&r->tally[r->ntally], u->t, u->nt * sizeof(*u->t));
      r->ntally += u->nt;
    }
    if (u->arena) {
      r->more[r->nmore++] = u->arena;
      u->arena = NULL;
    }
    mls_counts_add(&r->counts, &u->counts);
    mls_diag_move(&r->diag, &u->diag);
    mls_unit_out_dispose(u);
    /* Each time MLS_LARGE_REPORT_RESULTS more were copied, the units'
     * freed arrays go back, so that they and the report's array are not
     * all held at once: a monorepo's 204,000 results (every one listed,
     * for JSON) are 41 MB each way. */
    if (total >= MLS_LARGE_REPORT_RESULTS &&
        (since += u_n) >= MLS_LARGE_REPORT_RESULTS) {
      mls_alloc_release_free();
      since = 0;
    }
  }
  if (mls_arena_failed(r->arena) || !r->name) {
    mls_repo_report_free(r);
    return MLS_ENOMEM;
  }
  r->nresults = k;
  if (k > 1 && sort) {
    qsort(r->results, k, sizeof(*r->results), cmp_result);
  }
  if (sort || !tally_is_compact(r->tally, r->ntally)) {
    r->ntally = tally_compact(r->tally, r->ntally);
  }
  if (r->diag.n > 1 && sort) {
    qsort(r->diag.v, r->diag.n, sizeof(*r->diag.v), cmp_diag);
  }
  *out = r;
  return MLS_OK;
}

int mls_repo_report_build(mls_repo_report **out, const char *name,
                          const char *target, const char *commit, bool failed,
                          const mls_repo_counts *counts, mls_diag *repo_diag,
                          void *units, size_t nunits, size_t stride,
                          size_t out_off)
{
  return report_build(out, name, target, commit, failed, counts, repo_diag,
                      units, nunits, stride, out_off, true);
}

int mls_repo_report_adopt(mls_repo_report **out, const char *name,
                          const char *target, const char *commit, bool failed,
                          const mls_repo_counts *counts, mls_diag *diag,
                          mls_unit_out *u)
{
  return report_build(out, name, target, commit, failed, counts, diag, u, 1,
                      sizeof(*u), 0, false);
}

int mls_repo_report_set_config(mls_repo_report *r, const char *bytes,
                               size_t len)
{
  char *c = mls_arena_strndup(r->arena, bytes, len);
  if (!c) {
    return MLS_ENOMEM;
  }
  r->repo_config = c;
  r->repo_config_len = len;
  return MLS_OK;
}

mls_repo_report *mls_repo_report_failed(const char *name, const char *target,
                                        const char *why)
{
  mls_repo_report *r = NULL;
  if (mls_repo_report_build(&r, name, target, NULL, true, NULL, NULL, NULL, 0,
                            0, 0) < 0) {
    return NULL;
  }
  mls_diag_add(&r->diag, MLS_ERROR, NULL, "%s", why);
  return r;
}

void mls_repo_report_free(mls_repo_report *r)
{
  if (!r) {
    return;
  }
  mls_diag_dispose(&r->diag);
  for (size_t i = 0; i < r->nmore; i++) {
    mls_arena_free(r->more[i]);
  }
  mls_arena_free(r->arena);
  mls_free(r);
}
