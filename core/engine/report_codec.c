/* SPDX-License-Identifier: Apache-2.0
 *
 * core/engine/report_codec.c -- a repository's results as cache bytes,
 * and back.
 *
 * Stage: repo job (a cache hit replaces the walk) and repo finalize (the
 * report is stored). The cache layer wraps these bytes in its versioned,
 * checksummed envelope, but a value is still untrusted input: the decoder
 * checks every length against the bytes left and every count against
 * core/base/limits.h, and a value that does not decode is a miss. What
 * depends on the run rather than on the tree is not stored: the
 * repository's name, path and commit come from the current target, and a
 * suppression's expiry is judged again against today's date, so a cached
 * result and a fresh one never differ.
 *
 * Layout (little-endian): "MLSR", u32 version, the counters, u32 failed,
 * u32 nresults, results, u32 ntally, tally entries (rule, count as a
 * varint), u32 ndiag, diagnostics, u32 dropped, u32 nerrors. A string is
 * u32 length + bytes, 0xffffffff for NULL. A rule is its index in the
 * rule set as a varint (LEB128) and one byte, severity << 4 | status:
 * every key under which a value is stored names the rule pack's digest,
 * so the set that reads it has the same rules in the same order, and an
 * index past its end is a bad value. Most values are a module's tally
 * only (the Markdown and statistics outputs list no result), so the
 * entries are a few bytes each.
 *
 * A report too large to encode whole in memory (a monorepo's findings,
 * tens of megabytes) is stored in parts (mls_report_encode_parts): each
 * part is "MLSQ", a 16-byte stamp, u32 index, u32 nresults and that many
 * results; the head is "MLSP", the stamp, u32 nparts, u32 nresults and
 * u32 bytes of each part, then the report as above without its results.
 * The stamp is drawn afresh for each store, so parts of two stores under
 * one key never mix: a part with another stamp, index, count or length is
 * a bad value.
 */
#include "core/engine/report.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <string.h>

#define CODEC_VERSION 5u
#define NULL_STR      0xffffffffu

/* --- encode ------------------------------------------------------------ */

static int put_u32(mls_buf *b, uint32_t v)
{
  unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                         (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
  return mls_buf_put(b, x, 4);
}

static int put_rule(mls_buf *b, uint32_t index, mls_rsev sev, mls_status st)
{
  unsigned char x = (unsigned char)((unsigned)sev << 4 | (unsigned)st);
  int rc = mls_buf_put_varint(b, index);
  return rc < 0 ? rc : mls_buf_put(b, &x, 1);
}

static int put_u64(mls_buf *b, uint64_t v)
{
  int rc = put_u32(b, (uint32_t)v);
  return rc < 0 ? rc : put_u32(b, (uint32_t)(v >> 32));
}

static int put_str(mls_buf *b, const char *s)
{
  size_t n;
  int rc;
  if (!s) {
    return put_u32(b, NULL_STR);
  }
  n = strlen(s);
  if (n >= NULL_STR) {
    return MLS_ELIMIT;
  }
  if ((rc = put_u32(b, (uint32_t)n)) < 0) {
    return rc;
  }
  return mls_buf_put(b, s, n);
}

static int put_counts(mls_buf *b, const mls_repo_counts *c)
{
  const uint32_t v[] = { c->files_tf,      c->files_tfvars,   c->files_cfn,
                         c->files_skipped, c->parse_failures, c->modules,
                         c->resources,     c->unknown_values };
  for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
    int rc = put_u32(b, v[i]);
    if (rc < 0) {
      return rc;
    }
  }
  return put_u64(b, c->bytes);
}

static int put_result(mls_buf *b, const mls_result *r)
{
  int rc = 0;
  rc = rc < 0 ? rc : put_rule(b, r->rule_index, r->severity, r->status);
  rc = rc < 0 ? rc : put_u32(b, (uint32_t)r->framework);
  rc = rc < 0 ? rc : put_str(b, r->path);
  rc = rc < 0 ? rc : put_u32(b, r->line);
  rc = rc < 0 ? rc : put_u32(b, r->col);
  rc = rc < 0 ? rc : put_u32(b, r->end_line);
  rc = rc < 0 ? rc : put_str(b, r->resource_type);
  rc = rc < 0 ? rc : put_str(b, r->address);
  rc = rc < 0 ? rc : put_str(b, r->module);
  rc = rc < 0 ? rc : put_str(b, r->attr);
  rc = rc < 0 ? rc : put_str(b, r->message);
  rc = rc < 0 ? rc : put_str(b, r->construct);
  rc = rc < 0 ? rc : put_str(b, r->fingerprint);
  rc = rc < 0 ? rc : put_str(b, r->line_hash);
  rc = rc < 0 ? rc : put_str(b, r->snippet);
  rc = rc < 0 ? rc : put_u32(b, r->snippet_line);
  rc = rc < 0 ? rc : put_str(b, r->res_path);
  rc = rc < 0 ? rc : put_u32(b, r->res_line);
  rc = rc < 0 ? rc : put_u32(b, r->has_supp ? 1u : 0u);
  if (r->has_supp) {
    rc = rc < 0 ? rc : put_str(b, r->supp.origin);
    rc = rc < 0 ? rc : put_u32(b, r->supp.in_source ? 1u : 0u);
    rc = rc < 0 ? rc : put_str(b, r->supp.reason);
    rc = rc < 0 ? rc : put_str(b, r->supp.expires);
    rc = rc < 0 ? rc : put_u32(b, r->supp.line);
  }
  return rc;
}

/* A repository's own configuration goes first, in a section of its own:
 * the rest is the format module entries share (decode_into). */
static int put_config(mls_buf *out, const mls_repo_report *r)
{
  int rc = MLS_OK;
  if (r->repo_config) {
    if (r->repo_config_len > MLS_MAX_CONFIG_BYTES) {
      return MLS_ELIMIT;
    }
    rc = mls_buf_put(out, "MLSC", 4);
    rc = rc < 0 ? rc : put_u32(out, (uint32_t)r->repo_config_len);
    rc = rc < 0 || r->repo_config_len == 0
             ? rc
             : mls_buf_put(out, r->repo_config, r->repo_config_len);
  }
  return rc;
}

/* The report after its configuration; its results only when `results`
 * (else a count of 0). */
static int encode_report(mls_buf *out, const mls_repo_report *r, bool results)
{
  size_t nres = results ? r->nresults : 0;
  int rc = mls_buf_put(out, "MLSR", 4);
  rc = rc < 0 ? rc : put_u32(out, CODEC_VERSION);
  rc = rc < 0 ? rc : put_counts(out, &r->counts);
  rc = rc < 0 ? rc : put_u32(out, r->failed ? 1u : 0u);
  rc = rc < 0 ? rc : put_u32(out, (uint32_t)nres);
  for (size_t i = 0; i < nres && rc >= 0; i++) {
    rc = put_result(out, &r->results[i]);
  }
  rc = rc < 0 ? rc : put_u32(out, (uint32_t)r->ntally);
  for (size_t i = 0; i < r->ntally && rc >= 0; i++) {
    const mls_tally *t = &r->tally[i];
    rc = put_rule(out, t->rule_index, t->severity, t->status);
    rc = rc < 0 ? rc : mls_buf_put_varint(out, t->count);
  }
  rc = rc < 0 ? rc : put_u32(out, (uint32_t)r->diag.n);
  for (size_t i = 0; i < r->diag.n && rc >= 0; i++) {
    const mls_diag_entry *e = &r->diag.v[i];
    rc = put_u32(out, (uint32_t)e->rc);
    rc = rc < 0 ? rc : put_u32(out, (uint32_t)e->sev);
    rc = rc < 0 ? rc : put_str(out, e->path);
    rc = rc < 0 ? rc : put_u32(out, e->has_range ? 1u : 0u);
    rc = rc < 0 ? rc : put_u32(out, e->range.start.line);
    rc = rc < 0 ? rc : put_u32(out, e->range.start.col);
    rc = rc < 0 ? rc : put_u32(out, e->range.end.line);
    rc = rc < 0 ? rc : put_u32(out, e->range.end.col);
    rc = rc < 0 ? rc : put_str(out, e->message);
  }
  rc = rc < 0 ? rc : put_u32(out, (uint32_t)r->diag.dropped);
  rc = rc < 0 ? rc : put_u32(out, (uint32_t)r->diag.nerrors);
  return rc;
}

int mls_report_encode(mls_buf *out, const mls_repo_report *r)
{
  int rc = put_config(out, r);
  return rc < 0 ? rc : encode_report(out, r, true);
}

/* The configuration section goes first in a head as in a whole value. */
int mls_report_encode_parts(mls_buf *head, const mls_repo_report *r,
                            const uint8_t stamp[16], size_t part_bytes,
                            size_t room, mls_report_part_fn put, void *payload)
{
  static const char zero[64];
  uint32_t *sizes = NULL, nparts = 0, cap = 0;
  size_t i = 0;
  int rc = MLS_OK;

  if (room > sizeof(zero)) {
    return MLS_ERROR;
  }
  /* Parts first: the head lists them. At least one, so that a head
   * always has parts. */
  do {
    mls_buf part = MLS_BUF_INIT(MLS_CACHE_MAX_VALUE_BYTES);
    size_t start = i;
    uint32_t n;
    if (nparts == cap) {
      uint32_t ncap = cap ? cap * 2 : 16;
      uint32_t *v = mls_realloc(sizes, 2 * (size_t)ncap * sizeof(*v));
      if (!v) {
        rc = MLS_ENOMEM;
        break;
      }
      sizes = v;
      cap = ncap;
    }
    rc = mls_buf_reserve(&part, room + part_bytes + 4096);
    rc = rc < 0 ? rc : mls_buf_put(&part, zero, room);
    rc = rc < 0 ? rc : mls_buf_put(&part, "MLSQ", 4);
    rc = rc < 0 ? rc : mls_buf_put(&part, stamp, 16);
    rc = rc < 0 ? rc : put_u32(&part, nparts);
    rc = rc < 0 ? rc : put_u32(&part, 0); /* the count, set below */
    while (rc >= 0 && i < r->nresults &&
           (i == start || part.len - room < part_bytes)) {
      rc = put_result(&part, &r->results[i++]);
    }
    if (rc < 0) {
      mls_buf_dispose(&part);
      break;
    }
    n = (uint32_t)(i - start);
    for (int k = 0; k < 4; k++) {
      part.ptr[room + 24 + k] = (char)(n >> (8 * k) & 0xff);
    }
    sizes[2 * nparts] = n;
    sizes[2 * nparts + 1] = (uint32_t)(part.len - room);
    /* The part's bytes go to put(), which owns them from here. */
    rc = put(payload, nparts, part.ptr, part.len - room);
    nparts++;
  } while (rc >= 0 && i < r->nresults);
  rc = rc < 0 ? rc : put_config(head, r);
  rc = rc < 0 ? rc : mls_buf_put(head, "MLSP", 4);
  rc = rc < 0 ? rc : mls_buf_put(head, stamp, 16);
  rc = rc < 0 ? rc : put_u32(head, nparts);
  for (uint32_t k = 0; k < 2 * nparts && rc >= 0; k++) {
    rc = put_u32(head, sizes[k]);
  }
  rc = rc < 0 ? rc : encode_report(head, r, false);
  mls_free(sizes);
  return rc;
}

/* --- decode ------------------------------------------------------------ */

typedef struct reader {
  const unsigned char *p; /* next byte */
  size_t left;            /* bytes after p */
  bool bad;               /* sticky: a read ran past the end */
  mls_arena *a;           /* strings go here */
  size_t nrules;          /* rules in the set the value is read with */
} reader;

static uint32_t get_u32(reader *r)
{
  uint32_t v;
  if (r->left < 4) {
    r->bad = true;
    return 0;
  }
  v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
      (uint32_t)r->p[3] << 24;
  r->p += 4;
  r->left -= 4;
  return v;
}

static const char *get_str(reader *r)
{
  uint32_t n = get_u32(r);
  const char *s;
  if (r->bad || n == NULL_STR) {
    return NULL;
  }
  if (n > r->left) {
    r->bad = true;
    return NULL;
  }
  if (!(s = mls_arena_strndup(r->a, (const char *)r->p, n))) {
    r->bad = true;
    return NULL;
  }
  r->p += n;
  r->left -= n;
  return s;
}

/* The next string in place (not copied; may hold NUL bytes, which the
 * callers check): true, or false for NULL or a bad value. */
static bool peek_str(reader *r, const char **p, size_t *n)
{
  uint32_t len = get_u32(r);
  if (r->bad || len == NULL_STR || len > r->left) {
    r->bad = r->bad || len != NULL_STR;
    return false;
  }
  *p = (const char *)r->p;
  *n = len;
  r->p += len;
  r->left -= len;
  return true;
}

/* A string that must be present, shared with `prev` when it has the same
 * bytes: results of one resource repeat its path, type, address and
 * module, and a big report holds hundreds of thousands of them. */
static const char *get_str_opt_shared(reader *r, const char *prev);

static const char *get_str_shared(reader *r, const char *prev)
{
  const char *s = get_str_opt_shared(r, prev);
  if (!s) {
    r->bad = true;
  }
  return s;
}

/* A string or NULL, shared with `prev` as get_str_shared() does. */
static const char *get_str_opt_shared(reader *r, const char *prev)
{
  const char *p, *s;
  size_t n;
  if (!peek_str(r, &p, &n)) {
    return NULL; /* NULL, or a bad value r->bad says */
  }
  if (prev && strlen(prev) == n && memcmp(prev, p, n) == 0) {
    return prev;
  }
  if (memchr(p, '\0', n) || !(s = mls_arena_strndup(r->a, p, n))) {
    r->bad = true;
    return NULL;
  }
  return s;
}

/* A string that must be present (NULL marks a bad value). */
static const char *get_str_req(reader *r)
{
  const char *s = get_str(r);
  if (!s) {
    r->bad = true;
  }
  return s;
}

/* Whether "YYYY-MM-DD" date a is before b (both as written; a malformed
 * date never expires, which matches the rule engine's reading). */
static bool date_before(const char *a, const char *b)
{
  return a && b && strlen(a) == 10 && strlen(b) == 10 && strcmp(a, b) < 0;
}

/* A rule, its severity and a status, as results and tally entries start:
 * false for a bad value (an index past the set, an unknown severity or
 * status). */
static bool get_rule(reader *r, const rule_set *rs, uint32_t *index,
                     const char **id_out, mls_rsev *sev, mls_status *st)
{
  uint32_t i = mls_varint_get(&r->p, &r->left, &r->bad), s, t;
  const rule_meta *m;

  if (r->bad || r->left < 1 || i >= r->nrules || !(m = rule_set_get(rs, i))) {
    return false;
  }
  s = r->p[0] >> 4;
  t = r->p[0] & 15;
  r->p++;
  r->left--;
  if (s < MLS_RSEV_LOW || s > MLS_RSEV_CRITICAL || t > MLS_ST_SUPPRESSED) {
    return false;
  }
  *index = i;
  *id_out = m->id;
  *sev = (mls_rsev)s;
  *st = (mls_status)t;
  return true;
}

static bool get_result(reader *r, mls_result *x, const mls_result *prev,
                       const rule_set *rs, const char *today)
{
  const char *p;
  size_t n;
  uint32_t v;

  memset(x, 0, sizeof(*x));
  if (!get_rule(r, rs, &x->rule_index, &x->rule_id, &x->severity, &x->status)) {
    return false;
  }
  if ((v = get_u32(r)) > MLS_RES_CLOUDFORMATION) {
    return false;
  }
  x->framework = (mls_fw_kind)v;
  x->path = get_str_shared(r, prev ? prev->path : NULL);
  x->line = get_u32(r);
  x->col = get_u32(r);
  x->end_line = get_u32(r);
  x->resource_type = get_str_shared(r, prev ? prev->resource_type : NULL);
  x->address = get_str_shared(r, prev ? prev->address : NULL);
  x->module = get_str_shared(r, prev ? prev->module : NULL);
  x->attr = get_str_shared(r, prev ? prev->attr : NULL);
  x->message = get_str_req(r);
  x->construct = get_str(r);
  if (!peek_str(r, &p, &n) || n != sizeof(x->fingerprint) - 1 ||
      memchr(p, '\0', n)) {
    return false;
  }
  memcpy(x->fingerprint, p, n);
  x->fingerprint[n] = '\0';
  if (!peek_str(r, &p, &n) || n >= sizeof(x->line_hash) || memchr(p, '\0', n)) {
    return false;
  }
  memcpy(x->line_hash, p, n);
  x->line_hash[n] = '\0';
  if (peek_str(r, &p, &n)) {
    x->snippet =
        prev && prev->snippet && strlen(prev->snippet) == n &&
                memcmp(prev->snippet, p, n) == 0
            ? prev->snippet
            : (memchr(p, '\0', n) ? NULL : mls_arena_strndup(r->a, p, n));
    if (!x->snippet) {
      return false;
    }
  } else if (r->bad) {
    return false;
  }
  x->snippet_line = get_u32(r);
  x->res_path = get_str_opt_shared(r, prev ? prev->res_path : NULL);
  x->res_line = get_u32(r);
  if (r->bad || (x->res_path != NULL) != (x->res_line > 0)) {
    return false;
  }
  if ((v = get_u32(r)) > 1) {
    return false;
  }
  x->has_supp = v == 1;
  if (x->has_supp) {
    x->supp.origin = get_str_req(r);
    x->supp.in_source = get_u32(r) != 0;
    x->supp.reason = get_str(r);
    x->supp.expires = get_str(r);
    x->supp.line = get_u32(r);
    /* Expiry is judged today, not when the entry was stored. */
    x->supp.expired = date_before(x->supp.expires, today);
    if (x->status == MLS_ST_SUPPRESSED && x->supp.expired) {
      x->status = MLS_ST_FAIL;
    } else if (x->status == MLS_ST_FAIL && !x->supp.expired) {
      x->status = MLS_ST_SUPPRESSED;
    }
  }
  return !r->bad && x->line >= 1;
}

/* What a value holds besides its results and tally: appended to the unit
 * by decode_into(), kept aside until the value has decoded whole. */
typedef struct decoded {
  mls_repo_counts counts;
  bool failed;
  mls_diag diag;
} decoded;

/* The value's results and tally entries appended to u (u->n and u->nt
 * move only when everything decoded), its counters, flag and diagnostics
 * into *x. False for a value that does not decode or no memory; the
 * unit's arena may then hold strings nothing points to. */
static bool decode_into(mls_unit_out *u, decoded *x, const void *bytes,
                        size_t len, const rule_set *rs, const char *today)
{
  reader r;
  uint32_t n, nres, v[8];

  if (len < 8 || memcmp(bytes, "MLSR", 4) != 0) {
    return false;
  }
  memset(&r, 0, sizeof(r));
  r.p = (const unsigned char *)bytes + 4;
  r.left = len - 4;
  r.nrules = rule_set_count(rs);
  if (get_u32(&r) != CODEC_VERSION) {
    return false;
  }
  for (int i = 0; i < 8; i++) {
    v[i] = get_u32(&r);
  }
  x->counts.files_tf = v[0];
  x->counts.files_tfvars = v[1];
  x->counts.files_cfn = v[2];
  x->counts.files_skipped = v[3];
  x->counts.parse_failures = v[4];
  x->counts.modules = v[5];
  x->counts.resources = v[6];
  x->counts.unknown_values = v[7];
  x->counts.bytes = get_u32(&r);
  x->counts.bytes |= (uint64_t)get_u32(&r) << 32;
  x->failed = get_u32(&r) != 0;
  nres = get_u32(&r);
  /* Each result takes at least 64 bytes, so a count the value cannot
   * hold is refused before anything is allocated for it. */
  if (r.bad || nres > r.left / 64 || mls_unit_reserve(u, nres, 0) < 0) {
    return false;
  }
  if (nres > 0 && !u->arena &&
      !(u->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
    return false;
  }
  r.a = u->arena;
  for (uint32_t i = 0; i < nres; i++) {
    mls_result *res = &u->v[u->n + i];
    if (!get_result(&r, res, i ? res - 1 : NULL, rs, today)) {
      return false;
    }
  }
  n = get_u32(&r);
  /* An entry takes at least 3 bytes. */
  if (r.bad || n > r.left / 3 || mls_unit_reserve(u, 0, n) < 0) {
    return false;
  }
  for (uint32_t i = 0; i < n; i++) {
    mls_tally *t = &u->t[u->nt + i];
    if (!get_rule(&r, rs, &t->rule_index, &t->rule_id, &t->severity,
                  &t->status) ||
        (t->count = mls_varint_get(&r.p, &r.left, &r.bad)) == 0) {
      return false;
    }
  }
  {
    size_t ntally = n;
    n = get_u32(&r);
    if (r.bad || n > MLS_MAX_DIAGS_KEPT || n > r.left / 24) {
      return false;
    }
    if (n > 0 && !u->arena &&
        !(u->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
      return false;
    }
    r.a = u->arena;
    for (uint32_t i = 0; i < n; i++) {
      int drc = (int)get_u32(&r);
      uint32_t sev = get_u32(&r);
      const char *path = get_str(&r);
      bool has_range = get_u32(&r) != 0;
      mls_range range;
      const char *msg;
      memset(&range, 0, sizeof(range));
      range.start.line = get_u32(&r);
      range.start.col = get_u32(&r);
      range.end.line = get_u32(&r);
      range.end.col = get_u32(&r);
      msg = get_str_req(&r);
      if (r.bad || !msg || sev > MLS_SEV_NOTE || drc > 0 ||
          drc < MLS_RC_FLOOR) {
        return false;
      }
      x->diag.path = path;
      mls_diag_note_text(&x->diag, drc, (mls_severity)sev,
                         has_range ? &range : NULL, msg);
      x->diag.path = NULL;
    }
    x->diag.dropped = get_u32(&r);
    x->diag.nerrors = get_u32(&r);
    if (r.bad || r.left != 0 || (u->arena && mls_arena_failed(u->arena))) {
      return false;
    }
    u->n += nres;
    u->nt += ntally;
  }
  return true;
}

int mls_unit_add_cached(mls_unit_out *u, const void *bytes, size_t len,
                        const rule_set *rs, const char *today)
{
  decoded x;
  size_t n0 = u->n, nt0 = u->nt;

  memset(&x, 0, sizeof(x));
  if (!decode_into(u, &x, bytes, len, rs, today)) {
    u->n = n0;
    u->nt = nt0;
    mls_diag_dispose(&x.diag);
    return MLS_EINPUT;
  }
  mls_counts_add(&u->counts, &x.counts);
  mls_diag_move(&u->diag, &x.diag);
  mls_diag_dispose(&x.diag);
  return MLS_OK;
}

/* The parts a head lists (r after "MLSP"), their results appended to u
 * in order; r is left at the head's report. False for a bad head, a
 * part missing or not of this head, or no memory. */
static bool decode_parts(reader *r, mls_unit_out *u, const rule_set *rs,
                         const char *today, mls_report_part_get_fn get,
                         void *payload)
{
  const unsigned char *stamp = r->p;
  uint32_t nparts;

  if (r->left < 16) {
    return false;
  }
  r->p += 16;
  r->left -= 16;
  nparts = get_u32(r);
  if (r->bad || nparts == 0 || nparts > r->left / 8) {
    return false;
  }
  if (!u->arena && !(u->arena = mls_arena_new(MLS_MAX_REPORT_BYTES))) {
    return false;
  }
  for (uint32_t k = 0; k < nparts; k++) {
    uint32_t nres = get_u32(r), plen = get_u32(r);
    const void *pb = NULL;
    size_t pl = 0;
    reader q;
    if (r->bad || plen < 28 || get(payload, k, &pb, &pl) < 0 || !pb ||
        pl != plen || memcmp(pb, "MLSQ", 4) != 0 ||
        memcmp((const unsigned char *)pb + 4, stamp, 16) != 0) {
      return false;
    }
    memset(&q, 0, sizeof(q));
    q.p = (const unsigned char *)pb + 20;
    q.left = pl - 20;
    q.a = u->arena;
    q.nrules = rule_set_count(rs);
    if (get_u32(&q) != k || get_u32(&q) != nres || nres > q.left / 64 ||
        mls_unit_reserve(u, nres, 0) < 0) {
      return false;
    }
    for (uint32_t i = 0; i < nres; i++) {
      mls_result *res = &u->v[u->n];
      if (!get_result(&q, res, u->n ? res - 1 : NULL, rs, today)) {
        return false;
      }
      u->n++;
    }
    if (q.bad || q.left != 0 || mls_arena_failed(u->arena)) {
      return false;
    }
  }
  return true;
}

int mls_report_decode(mls_repo_report **out, const void *bytes, size_t len,
                      const rule_set *rs, const char *today, const char *name,
                      const char *target, const char *commit)
{
  return mls_report_decode_parts(out, bytes, len, rs, today, name, target,
                                 commit, NULL, NULL);
}

int mls_report_decode_parts(mls_repo_report **out, const void *bytes,
                            size_t len, const rule_set *rs, const char *today,
                            const char *name, const char *target,
                            const char *commit, mls_report_part_get_fn get,
                            void *payload)
{
  reader r = { bytes, len, false, NULL, 0 };
  const char *conf = NULL;
  size_t conf_len = 0;
  mls_unit_out u;
  decoded x;
  int rc;

  *out = NULL;
  /* The configuration section mls_report_encode() puts first. */
  if (len >= 4 && memcmp(bytes, "MLSC", 4) == 0) {
    r.p += 4;
    r.left -= 4;
    if (!peek_str(&r, &conf, &conf_len) || conf_len > MLS_MAX_CONFIG_BYTES) {
      return MLS_EINPUT;
    }
  }
  mls_unit_out_init(&u);
  memset(&x, 0, sizeof(x));
  if (r.left >= 4 && memcmp(r.p, "MLSP", 4) == 0) {
    r.p += 4;
    r.left -= 4;
    if (!get || !decode_parts(&r, &u, rs, today, get, payload)) {
      mls_unit_out_dispose(&u);
      return MLS_EINPUT;
    }
  }
  if (!decode_into(&u, &x, r.p, r.left, rs, today)) {
    mls_unit_out_dispose(&u);
    mls_diag_dispose(&x.diag);
    return MLS_EINPUT;
  }
  /* Stored sorted: the report takes the unit as it is. */
  rc = mls_repo_report_adopt(out, name, target, commit, x.failed, &x.counts,
                             &x.diag, &u);
  mls_unit_out_dispose(&u);
  mls_diag_dispose(&x.diag);
  if (rc == MLS_OK && conf &&
      mls_repo_report_set_config(*out, conf, conf_len) < 0) {
    mls_repo_report_free(*out);
    *out = NULL;
    rc = MLS_ENOMEM;
  }
  return rc;
}
