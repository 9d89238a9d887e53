/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/supp.c -- in-source suppressions of failing findings: our own
 * `mlsweep:ignore` comments, the peers' comments (checkov, tfsec, trivy,
 * kics, terrascan) and CloudFormation resource Metadata (mlsweep, checkov,
 * cfn_nag, cfn-lint, guard, terrascan).
 *
 * Stage: module job (rule_eval_model), only for failing findings, only
 * when the caller gives the file bytes and inline ignores are on. A peer
 * suppression silences a rule only when the rule's `peers` lists that id
 * (../shared/reference/ml-checks.md section 4), and only in the peer's own
 * scope:
 *
 *   mlsweep   the resource's first line, the finding's line, or the
 *             comment lines directly above the resource
 *   checkov,  any line of the resource (a comment inside it), or of an
 *   terrascan aws_iam_policy_document data source it references (the
 *             peers judge the document itself):
 *             `checkov:skip=ID[,ID][:reason]`, `ts:skip=ID [reason]`
 *   tfsec,    the comment lines directly above the resource, the
 *   trivy     finding's line, or the comment lines directly above it, or
 *             those above a module block the resource was made through;
 *             ids case-insensitive, AVD- optional, `*` wildcards,
 *             `:exp:DATE`, `:ws:ENV` (needs --env), `[attr=value]`
 *   kics      `ignore-line` on the line before the finding, `ignore-block`
 *             above the resource, `ignore` / `disable=UUID` in the
 *             comment lines that start the file
 *
 * The text is untrusted: lines are scanned within their bounds, ids and
 * reasons are copied with a length cap. CloudFormation Metadata is not in
 * the resource model (the body is Properties), so the template is parsed
 * again here from the same bytes (parsers/cfn) once per file and model.
 * An expired suppression (expires < opts->today) leaves the finding
 * failing with supp.expired set; an unexpired one wins over it.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "parsers/cfn/cfn.h"

#include <string.h>

/* Longest id, reason or date taken from a comment. */
#define MAX_TOKEN 512

/* One file's text as seen by suppressions. */
typedef struct supp_file {
  bool loaded;               /* file_text was asked */
  const char *text;          /* borrowed from the caller, or NULL */
  size_t len;                /* bytes in text */
  uint32_t *starts;          /* owned: byte offset of each line */
  uint32_t nlines;           /* entries in starts */
  bool cfn_tried;            /* the CloudFormation parse was attempted */
  bool markers;              /* the text names a suppression syntax at all */
  cfn_template *tmpl;        /* owned: the parsed template, or NULL */
  const cfn_template *given; /* borrowed: the caller's (file_template) */
} supp_file;

struct rule_supp_cache {
  supp_file *files; /* owned: one per model file */
  uint32_t nfiles;  /* entries in files */
  bool docs_done;   /* pairs below were looked for */
  uint32_t *pairs;  /* owned: (resource, aws_iam_policy_document data
                     * source it references whose file names a
                     * suppression syntax), two entries a pair */
  uint32_t npairs;  /* pairs held */
};

void rule__supp_dispose(rule_supp_cache *c)
{
  if (!c) {
    return;
  }
  for (uint32_t i = 0; i < c->nfiles; i++) {
    mls_free(c->files[i].starts);
    cfn_template_free(c->files[i].tmpl);
  }
  mls_free(c->files);
  mls_free(c->pairs);
  mls_free(c);
}

/* Whether text names any suppression syntax (case-insensitively, as
 * the scanners match): most files name none, and then no finding in them
 * needs its lines looked at. */
/* Whether text[0..n) is `lower` (lower case, n bytes), ignoring case. */
static bool word_at(const char *text, const char *lower, size_t n)
{
  for (size_t j = 0; j < n; j++) {
    if (mls_tolower((unsigned char)text[j]) != (unsigned char)lower[j]) {
      return false;
    }
  }
  return true;
}

/* Whether text[0..len) holds a marker. Each first letter, in either case,
 * is found with memchr (which glibc scans with SIMD), and only there are
 * the markers of that letter compared: a whole CloudFormation file with
 * Metadata is looked at this way, most of it skipped at memchr's pace. */
static bool markers_in(const char *text, size_t len)
{
  static const struct {
    const char *w;
    size_t n;
  } m[] = { { "mlsweep", 7 },         { "checkov", 7 }, { "cfn_nag", 7 },
            { "cfn-lint", 8 },        { "tfsec", 5 },   { "trivy", 5 },
            { "ts:skip", 7 },         { "kics", 4 },    { "runterrascan", 12 },
            { "suppressedrules", 15 } };
  /* The markers by first letter: m[from, to). Guard's Metadata is
   * `guard: {SuppressedRules: [...]}`. */
  static const struct {
    char lower, upper;
    size_t from, to;
  } first[] = { { 'm', 'M', 0, 1 }, { 'c', 'C', 1, 4 }, { 't', 'T', 4, 7 },
                { 'k', 'K', 7, 8 }, { 'r', 'R', 8, 9 }, { 's', 'S', 9, 10 } };
  const char *end = text + len;

  for (size_t f = 0; f < sizeof(first) / sizeof(first[0]); f++) {
    for (int up = 0; up < 2; up++) {
      char ch = up ? first[f].upper : first[f].lower;
      for (const char *p = text;
           p < end && (p = memchr(p, ch, (size_t)(end - p))) != NULL; p++) {
        for (size_t k = first[f].from; k < first[f].to; k++) {
          if ((size_t)(end - p) >= m[k].n && word_at(p, m[k].w, m[k].n)) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

/* Whether the comment starting at `at` (through the end of its line)
 * names a marker; *next: where the search for the next comment goes on
 * (its line's end: a banner of '#' is one comment, not eighty). */
static bool comment_has_markers(const char *at, const char *end,
                                const char **next)
{
  const char *nl = memchr(at, '\n', (size_t)(end - at));
  *next = nl ? nl : end - 1; /* the caller steps past it */
  return markers_in(at, (size_t)((nl ? nl : end) - at));
}

/* Whether text[0..len) contains word (which starts with an uncommon
 * byte): memchr for its first byte, which glibc scans with SIMD (its
 * memmem does not, for short needles). */
static bool contains(const char *text, size_t len, const char *word, size_t n)
{
  const char *end = text + len;
  for (const char *p = text;
       (size_t)(end - p) >= n && (p = memchr(p, word[0], (size_t)(end - p)));
       p++) {
    if ((size_t)(end - p) >= n && memcmp(p, word, n) == 0) {
      return true;
    }
  }
  return false;
}

static bool has_markers(const char *text, size_t len)
{
  const char *end = text + len;

  /* A marker counts in a comment ('#' or "//", as comment_of() finds
   * them) or in CloudFormation Metadata. Without "Metadata" anywhere only
   * the comments are looked at, and memchr skips the rest of the file
   * (this runs over every file a finding is in). */
  if (contains(text, len, "Metadata", 8)) {
    return markers_in(text, len);
  }
  for (const char *p = text; p < end && (p = memchr(p, '#', (size_t)(end - p)));
       p++) {
    if (comment_has_markers(p, end, &p)) {
      return true;
    }
  }
  for (const char *p = text; p < end && (p = memchr(p, '/', (size_t)(end - p)));
       p++) {
    if (p + 1 < end && p[1] == '/' && comment_has_markers(p, end, &p)) {
      return true;
    }
  }
  return false;
}

/* The file's text and, when it names a marker, its line table; or NULL.
 * The markers are looked for first: most files name none, and then no
 * finding in them looks at a line (rule__supp_apply). */
static supp_file *file_of(rule_supp_cache *c, uint16_t file,
                          const rule_eval_opts *opts, int *err)
{
  supp_file *f;
  if (file >= c->nfiles) {
    return NULL;
  }
  f = &c->files[file];
  if (!f->loaded) {
    uint32_t n = 1;
    f->loaded = true;
    if (opts->file_text(opts->payload, file, &f->text, &f->len) < 0 ||
        !f->text || f->len > UINT32_MAX - 1) {
      f->text = NULL;
      return NULL;
    }
    if (!(f->markers = has_markers(f->text, f->len))) {
      return f;
    }
    for (const char *p = f->text, *end = f->text + f->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
      n++;
    }
    if (!(f->starts = mls_calloc(n, sizeof(*f->starts)))) {
      *err = MLS_ENOMEM;
      f->text = NULL;
      return NULL;
    }
    f->nlines = 1;
    for (const char *p = f->text, *end = f->text + f->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
      f->starts[f->nlines++] = (uint32_t)(p - f->text + 1);
    }
  }
  return f->text ? f : NULL;
}

/* Line `line` (1-based) without its newline; empty past the end. */
static mls_span line_of(const supp_file *f, uint32_t line)
{
  size_t s, e;
  if (line == 0 || line > f->nlines) {
    return mls_span_of("", 0);
  }
  s = f->starts[line - 1];
  e = line < f->nlines ? f->starts[line] - 1 : f->len;
  if (e > s && f->text[e - 1] == '\r') {
    e--;
  }
  return mls_span_of(f->text + s, e - s);
}

/* The comment part of a line: after the first '#' or "//", or empty. */
static mls_span comment_of(mls_span l)
{
  for (size_t i = 0; i < l.len; i++) {
    if (l.ptr[i] == '#') {
      return mls_span_of(l.ptr + i + 1, l.len - i - 1);
    }
    if (l.ptr[i] == '/' && i + 1 < l.len && l.ptr[i + 1] == '/') {
      return mls_span_of(l.ptr + i + 2, l.len - i - 2);
    }
  }
  return mls_span_of("", 0);
}

/* The line holds only a comment. */
static bool comment_line(mls_span l)
{
  size_t i = 0;
  while (i < l.len && (l.ptr[i] == ' ' || l.ptr[i] == '\t')) {
    i++;
  }
  return i < l.len && (l.ptr[i] == '#' || (l.ptr[i] == '/' && i + 1 < l.len &&
                                           l.ptr[i + 1] == '/'));
}

/* First line of the run of comment-only lines that ends at line - 1 (so
 * `line` itself when there is none). */
static uint32_t comments_above(const supp_file *f, uint32_t line)
{
  uint32_t l = line;
  while (l > 1 && comment_line(line_of(f, l - 1))) {
    l--;
  }
  return l;
}

static const char *find(mls_span s, const char *needle, size_t from)
{
  size_t nl = strlen(needle);
  for (size_t i = from; i + nl <= s.len; i++) {
    if (memcmp(s.ptr + i, needle, nl) == 0) {
      return s.ptr + i;
    }
  }
  return NULL;
}

/* ---- ids ----------------------------------------------------------------- */

/* Case-insensitive glob with '*' ('?' is a plain byte here). */
static bool glob(const char *p, size_t pl, const char *s, size_t sl)
{
  return rule__glob(p, pl, s, sl, false);
}

/* Trivy's ids with or without the AVD- prefix. */
static mls_span strip_avd(const char *s, size_t n)
{
  if (n > 4 && mls_ieq(s, 4, "avd-", 4)) {
    return mls_span_of(s + 4, n - 4);
  }
  return mls_span_of(s, n);
}

/* The rule lists `id` (as written in a comment) for one of `tools`. */
static bool peer_has(const rule_def *d, const char *const *tools, size_t ntools,
                     const char *id, size_t n, bool fuzzy)
{
  for (size_t i = 0; i < d->meta.npeers; i++) {
    const rule_peer *p = &d->meta.peers[i];
    bool tool = false;
    for (size_t t = 0; t < ntools; t++) {
      tool = tool || strcmp(p->tool, tools[t]) == 0;
    }
    for (size_t j = 0; tool && j < p->nids; j++) {
      const char *x = p->ids[j];
      if (!fuzzy) {
        if (strlen(x) == n && memcmp(x, id, n) == 0) {
          return true;
        }
      } else {
        mls_span a = strip_avd(id, n), b = strip_avd(x, strlen(x));
        if (glob(a.ptr, a.len, b.ptr, b.len)) {
          return true;
        }
      }
    }
  }
  return false;
}

static bool peer_tool(const rule_def *d, const char *tool)
{
  for (size_t i = 0; i < d->meta.npeers; i++) {
    if (strcmp(d->meta.peers[i].tool, tool) == 0 && d->meta.peers[i].nids) {
      return true;
    }
  }
  return false;
}

static bool valid_date(const char *s, size_t n)
{
  if (n != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    if (i != 4 && i != 7 && !mls_isdigit((unsigned char)s[i])) {
      return false;
    }
  }
  return true;
}

/* ---- candidates ---------------------------------------------------------- */

/* The best suppression found so far for one finding. */
typedef struct cand {
  bool found;        /* something matched */
  mls_suppression s; /* its record (strings in the findings' arena) */
  int err;           /* MLS_ENOMEM */
} cand;

static const char *copy(rule_findings *out, const char *p, size_t n, cand *c)
{
  char *s;
  if (!p) {
    return NULL;
  }
  if (n > MAX_TOKEN) {
    n = MAX_TOKEN;
  }
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) {
    n--;
  }
  if (!(s = mls_arena_strndup(out->arena, p, n))) {
    c->err = MLS_ENOMEM;
  }
  return s;
}

/* Offer one matching suppression; an unexpired one beats an expired one,
 * and the first of equals wins. */
static void offer(cand *c, rule_findings *out, const rule_eval_opts *opts,
                  const char *origin, uint32_t line, const char *reason,
                  size_t rlen, const char *exp, size_t elen)
{
  mls_suppression s;
  if (exp && !valid_date(exp, elen)) {
    return; /* a malformed date: not a suppression we can honour */
  }
  memset(&s, 0, sizeof(s));
  s.origin = origin;
  s.in_source = true;
  s.line = line;
  s.reason = rlen ? copy(out, reason, rlen, c) : NULL;
  s.expires = exp ? copy(out, exp, elen, c) : NULL;
  s.expired = s.expires && opts->today && strcmp(opts->today, s.expires) > 0;
  if (!c->found || (c->s.expired && !s.expired)) {
    c->s = s;
    c->found = true;
  }
}

/* `# mlsweep:ignore ID[,ID] reason="..." expires=DATE` */
static void scan_mlsweep(cand *c, rule_findings *out, const rule_def *d,
                         const rule_eval_opts *opts, mls_span cm, uint32_t line)
{
  const char *p = find(cm, "mlsweep:ignore", 0), *end = cm.ptr + cm.len;
  const char *ids, *reason = NULL, *exp = NULL;
  size_t rlen = 0, elen = 0;
  bool hit = false;
  if (!p) {
    return;
  }
  p += 14;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '=' || *p == ':')) {
    p++;
  }
  ids = p;
  while (p < end && *p != ' ' && *p != '\t') {
    p++;
  }
  for (const char *q = ids; q < p;) {
    const char *e = q;
    while (e < p && *e != ',') {
      e++;
    }
    hit = hit || ((size_t)(e - q) == strlen(d->meta.id) &&
                  memcmp(q, d->meta.id, (size_t)(e - q)) == 0);
    q = e + 1;
  }
  if (!hit) {
    return;
  }
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t')) {
      p++;
    }
    if ((size_t)(end - p) > 7 && memcmp(p, "reason=", 7) == 0) {
      p += 7;
      if (p < end && *p == '"') {
        reason = ++p;
        while (p < end && *p != '"') {
          p++;
        }
        rlen = (size_t)(p - reason);
        p += p < end ? 1 : 0;
      } else {
        reason = p;
        while (p < end && *p != ' ' && *p != '\t') {
          p++;
        }
        rlen = (size_t)(p - reason);
      }
    } else if ((size_t)(end - p) > 8 && memcmp(p, "expires=", 8) == 0) {
      exp = p += 8;
      while (p < end && *p != ' ' && *p != '\t') {
        p++;
      }
      elen = (size_t)(p - exp);
    } else {
      while (p < end && *p != ' ' && *p != '\t') {
        p++;
      }
    }
  }
  offer(c, out, opts, "mlsweep", line, reason, rlen, exp, elen);
}

/* `#checkov:skip=ID[,ID][:reason]` */
static void scan_checkov(cand *c, rule_findings *out, const rule_def *d,
                         const rule_eval_opts *opts, mls_span cm, uint32_t line)
{
  static const char *const tools[] = { "checkov" };
  const char *p = find(cm, "checkov:skip=", 0), *end = cm.ptr + cm.len;
  const char *ids;
  bool hit = false;
  if (!p) {
    return;
  }
  p += 13;
  ids = p;
  while (p < end && *p != ':' && *p != ' ' && *p != '\t') {
    p++;
  }
  for (const char *q = ids; q < p;) {
    const char *e = q;
    while (e < p && *e != ',') {
      e++;
    }
    hit = hit || peer_has(d, tools, 1, q, (size_t)(e - q), false);
    q = e + 1;
  }
  if (!hit) {
    return;
  }
  while (p < end && (*p == ':' || *p == ' ' || *p == '\t')) {
    p++;
  }
  offer(c, out, opts, "checkov", line, p, (size_t)(end - p), NULL, 0);
}

/* `#ts:skip=ID[ reason]` (Terrascan, inside the resource): one id, in
 * the AC_ form the rules list (AC_AWS_0499). */
static void scan_terrascan(cand *c, rule_findings *out, const rule_def *d,
                           const rule_eval_opts *opts, mls_span cm,
                           uint32_t line)
{
  static const char *const tools[] = { "terrascan" };
  const char *p = find(cm, "ts:skip=", 0), *end = cm.ptr + cm.len;
  const char *id;
  if (!p) {
    return;
  }
  p += 8;
  id = p;
  while (p < end && *p != ' ' && *p != '\t') {
    p++;
  }
  if (!peer_has(d, tools, 1, id, (size_t)(p - id), false)) {
    return;
  }
  while (p < end && (*p == ' ' || *p == '\t')) {
    p++;
  }
  offer(c, out, opts, "terrascan", line, p, (size_t)(end - p), NULL, 0);
}

/* The value filter of a tfsec/trivy ignore: `[attr=value]`. */
static bool filter_ok(const mls_resource *r, const char *f, size_t n)
{
  const char *eqs = memchr(f, '=', n);
  char key[128];
  const mls_value *v;
  size_t kl;
  mls_span want;
  if (!eqs || (kl = (size_t)(eqs - f)) == 0 || kl >= sizeof(key)) {
    return false;
  }
  memcpy(key, f, kl);
  key[kl] = '\0';
  want = mls_span_of(eqs + 1, n - kl - 1);
  if (!(v = mls_value_path(r->body, key))) {
    return false;
  }
  if (v->kind == MLS_V_STRING) {
    return v->u.str.len == want.len &&
           (want.len == 0 || memcmp(v->u.str.ptr, want.ptr, want.len) == 0);
  }
  if (v->kind == MLS_V_NUMBER) {
    return v->u.num.text.len == want.len &&
           memcmp(v->u.num.text.ptr, want.ptr, want.len) == 0;
  }
  if (v->kind == MLS_V_BOOL) {
    return mls_ieq(want.ptr, want.len, v->u.b ? "true" : "false",
                   v->u.b ? 4 : 5);
  }
  return false;
}

/* `#tfsec:ignore:ID[filter][:exp:DATE][:ws:ENV]`, several per line; the
 * same for `trivy:ignore:`. */
static void scan_trivy(cand *c, rule_findings *out, const rule_def *d,
                       const mls_resource *r, const rule_eval_opts *opts,
                       mls_span cm, uint32_t line, const char *marker,
                       const char *origin)
{
  static const char *const tools[] = { "trivy", "tfsec" };
  const char *end = cm.ptr + cm.len;
  size_t ml = strlen(marker);
  for (const char *p = find(cm, marker, 0); p;
       p = find(cm, marker, (size_t)(p - cm.ptr) + 1)) {
    const char *id = p + ml, *q = id, *exp = NULL, *filt = NULL;
    size_t idl, elen = 0, flen = 0;
    bool ws_ok = true;
    while (q < end && *q != ':' && *q != '[' && *q != ' ' && *q != '\t') {
      q++;
    }
    idl = (size_t)(q - id);
    if (q < end && *q == '[') {
      filt = ++q;
      while (q < end && *q != ']') {
        q++;
      }
      flen = (size_t)(q - filt);
      q += q < end ? 1 : 0;
    }
    while (q < end && *q == ':') {
      const char *v;
      if ((size_t)(end - q) > 5 && memcmp(q, ":exp:", 5) == 0) {
        exp = v = q + 5;
        while (v < end && *v != ':' && *v != ' ' && *v != '\t') {
          v++;
        }
        elen = (size_t)(v - exp);
      } else if ((size_t)(end - q) > 4 && memcmp(q, ":ws:", 4) == 0) {
        const char *w = v = q + 4;
        while (v < end && *v != ':' && *v != ' ' && *v != '\t') {
          v++;
        }
        ws_ok =
            opts->env && glob(w, (size_t)(v - w), opts->env, strlen(opts->env));
      } else {
        v = q + 1;
        while (v < end && *v != ':' && *v != ' ' && *v != '\t') {
          v++;
        }
      }
      q = v;
    }
    if (!idl || !ws_ok || !peer_has(d, tools, 2, id, idl, true)) {
      continue;
    }
    if (filt && !filter_ok(r, filt, flen)) {
      continue;
    }
    offer(c, out, opts, origin, line, NULL, 0, exp, elen);
  }
}

/* kics: which forms a line holds. */
static bool kics_has(mls_span cm, const char *what)
{
  const char *p = find(cm, "kics-scan", 0), *end = cm.ptr + cm.len;
  size_t wl = strlen(what);
  if (!p) {
    return false;
  }
  p += 9;
  while (p < end && (*p == ' ' || *p == '\t')) {
    p++;
  }
  return (size_t)(end - p) >= wl && memcmp(p, what, wl) == 0 &&
         ((size_t)(end - p) == wl || p[wl] == ' ' || p[wl] == '\t' ||
          p[wl] == '=');
}

static bool kics_disable(const rule_def *d, mls_span cm)
{
  static const char *const tools[] = { "kics" };
  const char *p = find(cm, "kics-scan", 0), *end = cm.ptr + cm.len;
  if (!p || !(p = find(cm, "disable=", (size_t)(p - cm.ptr)))) {
    return false;
  }
  p += 8;
  while (p < end && *p != ' ' && *p != '\t') {
    const char *e = p;
    while (e < end && *e != ',' && *e != ' ' && *e != '\t') {
      e++;
    }
    if (peer_has(d, tools, 1, p, (size_t)(e - p), true)) {
      return true;
    }
    p = e < end && *e == ',' ? e + 1 : e;
  }
  return false;
}

static void scan_kics(cand *c, rule_findings *out, const rule_def *d,
                      const rule_eval_opts *opts, const supp_file *f,
                      uint32_t first, uint32_t above, uint32_t fline)
{
  if (!peer_tool(d, "kics")) {
    return;
  }
  /* File scope: the comment lines that open the file. */
  for (uint32_t l = 1; l <= f->nlines && comment_line(line_of(f, l)); l++) {
    mls_span cm = comment_of(line_of(f, l));
    if (kics_has(cm, "ignore") || kics_disable(d, cm)) {
      offer(c, out, opts, "kics", l, NULL, 0, NULL, 0);
      return;
    }
  }
  for (uint32_t l = above; l < first; l++) {
    if (kics_has(comment_of(line_of(f, l)), "ignore-block")) {
      offer(c, out, opts, "kics", l, NULL, 0, NULL, 0);
      return;
    }
  }
  if (fline > 1 && kics_has(comment_of(line_of(f, fline - 1)), "ignore-line")) {
    offer(c, out, opts, "kics", fline - 1, NULL, 0, NULL, 0);
  }
}

/* ---- CloudFormation Metadata --------------------------------------------- */

static const cfn_node *cget(const cfn_node *m, const char *k)
{
  if (!m || m->kind != CFN_MAP) {
    return NULL;
  }
  for (uint32_t i = 0; i < m->n; i++) {
    if (mls_span_eq(m->u.pairs[i].key->text, k)) {
      return m->u.pairs[i].value;
    }
  }
  return NULL;
}

static bool cstr(const cfn_node *n, mls_span *out)
{
  if (!n || (n->kind != CFN_STRING && n->kind != CFN_INT)) {
    return false;
  }
  *out = n->text;
  return true;
}

/* Entries of `list` ({id, <reason key>, expires} maps or plain ids) that
 * name one of the rule's ids for `tool` (or the rule itself for mlsweep). */
static void meta_list(cand *c, rule_findings *out, const rule_def *d,
                      const rule_eval_opts *opts, const cfn_node *list,
                      const char *tool, const char *origin,
                      const char *reason_key)
{
  const char *tools[1];
  tools[0] = tool;
  if (!list || list->kind != CFN_SEQ) {
    return;
  }
  for (uint32_t i = 0; i < list->n; i++) {
    const cfn_node *e = list->u.items[i];
    mls_span id, reason = mls_span_of(NULL, 0), exp;
    bool hit, has_exp;
    if (e->kind == CFN_MAP && cget(e, "id")) {
      if (!cstr(cget(e, "id"), &id)) {
        continue;
      }
      if (reason_key) {
        cstr(cget(e, reason_key), &reason);
      }
      has_exp = cstr(cget(e, "expires"), &exp);
    } else if (e->kind == CFN_MAP) {
      /* `- RULE: reason`, the Guard registry's form: one pair, the id
       * its key. */
      if (e->n != 1) {
        continue;
      }
      id = e->u.pairs[0].key->text;
      cstr(e->u.pairs[0].value, &reason);
      has_exp = false;
    } else if (!cstr(e, &id)) {
      continue;
    } else {
      has_exp = false;
    }
    hit = tool ? peer_has(d, tools, 1, id.ptr, id.len, false)
               : mls_span_eq(id, d->meta.id);
    if (hit) {
      offer(c, out, opts, origin, e->range.start.line, reason.ptr, reason.len,
            has_exp ? exp.ptr : NULL, has_exp ? exp.len : 0);
    }
  }
}

/* Terrascan's `runterrascan.io/skip` Metadata: a JSON string holding
 * [{"rule": ID, "comment": TEXT}, ...] (or the list itself), reported at
 * the Metadata entry's line. */
static void terrascan_meta(cand *c, rule_findings *out, const rule_def *d,
                           const rule_eval_opts *opts, const cfn_node *v)
{
  static const char *const tools[] = { "terrascan" };
  cfn_template *t = NULL;
  const cfn_node *list = v;
  mls_span text;
  if (!v) {
    return;
  }
  if (v->kind == CFN_STRING && cstr(v, &text)) {
    mls_diag scratch = MLS_DIAG_INIT;
    if (cfn_load_json(&t, text.ptr, text.len, &scratch) == MLS_ENOMEM) {
      c->err = MLS_ENOMEM;
    }
    mls_diag_dispose(&scratch);
    list = t ? t->root : NULL;
  }
  for (uint32_t i = 0; list && list->kind == CFN_SEQ && i < list->n; i++) {
    const cfn_node *e = list->u.items[i];
    mls_span id, reason = mls_span_of(NULL, 0);
    if (!cstr(cget(e, "rule"), &id) ||
        !peer_has(d, tools, 1, id.ptr, id.len, false)) {
      continue;
    }
    cstr(cget(e, "comment"), &reason);
    offer(c, out, opts, "terrascan", v->range.start.line, reason.ptr,
          reason.len, NULL, 0);
  }
  cfn_template_free(t);
}

static void scan_metadata(cand *c, rule_findings *out, const rule_def *d,
                          const mls_resource *r, const rule_eval_opts *opts,
                          supp_file *f)
{
  const cfn_node *res, *md;
  const cfn_template *t;
  if (!f->cfn_tried) {
    mls_diag scratch = MLS_DIAG_INIT;
    f->cfn_tried = true;
    /* The caller's parse of the same bytes, else one of our own. */
    if (opts->file_template) {
      f->given = opts->file_template(opts->payload, r->file);
    }
    if (!f->given &&
        cfn_load(&f->tmpl, f->text, f->len, &scratch) == MLS_ENOMEM) {
      c->err = MLS_ENOMEM;
    }
    mls_diag_dispose(&scratch);
  }
  t = f->given ? f->given : f->tmpl;
  if (!t || !t->root) {
    return;
  }
  res = NULL;
  {
    const cfn_node *all = cget(t->root, "Resources");
    for (uint32_t i = 0; all && all->kind == CFN_MAP && i < all->n; i++) {
      mls_span k = all->u.pairs[i].key->text;
      if (k.len == r->address.len &&
          memcmp(k.ptr, r->address.ptr, k.len) == 0) {
        res = all->u.pairs[i].value;
        break;
      }
    }
  }
  if (!(md = cget(res, "Metadata"))) {
    return;
  }
  meta_list(c, out, d, opts, cget(cget(md, "mlsweep"), "ignore"), NULL,
            "mlsweep", "reason");
  meta_list(c, out, d, opts, cget(cget(md, "checkov"), "skip"), "checkov",
            "checkov", "comment");
  meta_list(c, out, d, opts, cget(cget(md, "cfn_nag"), "rules_to_suppress"),
            "cfn_nag", "cfn_nag", "reason");
  meta_list(c, out, d, opts,
            cget(cget(cget(md, "cfn-lint"), "config"), "ignore_checks"),
            "cfn-lint", "cfn-lint", NULL);
  meta_list(c, out, d, opts, cget(cget(md, "guard"), "SuppressedRules"),
            "guard", "guard", NULL);
  terrascan_meta(c, out, d, opts, cget(md, "runterrascan.io/skip"));
}

/* ---- entry --------------------------------------------------------------- */

/* The (resource, policy document) pairs of m whose document's file names
 * a suppression syntax: most models have none, and then no finding looks
 * at an edge. */
static int doc_pairs(rule_supp_cache *cache, const mls_model *m,
                     const rule_eval_opts *opts)
{
  size_t cap = 0;
  int err = MLS_OK;

  cache->docs_done = true;
  for (uint32_t i = 0; i < m->nedges; i++) {
    const mls_edge *e = &m->edges[i];
    const mls_resource *doc;
    supp_file *df;
    if (e->from >= m->nresources || e->to >= m->nresources) {
      continue;
    }
    doc = &m->resources[e->to];
    if (doc->mode != MLS_RM_DATA || doc->framework != MLS_FW_TERRAFORM ||
        !mls_span_eq(doc->type, "aws_iam_policy_document")) {
      continue;
    }
    if (!(df = file_of(cache, doc->file, opts, &err))) {
      return err;
    }
    if (!df->markers) {
      continue;
    }
    if (cache->npairs == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      uint32_t *nv = mls_realloc(cache->pairs, ncap * 2 * sizeof(*nv));
      if (!nv) {
        return MLS_ENOMEM;
      }
      cache->pairs = nv;
      cap = ncap;
    }
    cache->pairs[2 * cache->npairs] = e->from;
    cache->pairs[2 * cache->npairs + 1] = e->to;
    cache->npairs++;
  }
  return MLS_OK;
}

int rule__supp_apply(rule_findings *out, rule_finding *f, const rule_def *d,
                     const mls_model *m, const mls_resource *r,
                     const rule_eval_opts *opts, rule_supp_cache **cachep)
{
  rule_supp_cache *cache = *cachep;
  supp_file *sf;
  cand c;
  uint32_t first, last, above, fline, fabove;
  int err = MLS_OK;

  if (!cache) {
    if (!(cache = mls_calloc(1, sizeof(*cache)))) {
      return MLS_ENOMEM;
    }
    *cachep = cache;
    if (m->nfiles &&
        !(cache->files = mls_calloc(m->nfiles, sizeof(*cache->files)))) {
      return MLS_ENOMEM;
    }
    cache->nfiles = m->nfiles;
  }
  if (!(sf = file_of(cache, r->file, opts, &err))) {
    return err;
  }
  if (!cache->docs_done && (err = doc_pairs(cache, m, opts)) < 0) {
    return err;
  }
  if (!sf->markers && !r->call && !cache->npairs) {
    return MLS_OK;
  }
  memset(&c, 0, sizeof(c));
  if (sf->markers) {
    first = r->range.start.line;
    last = r->range.end.line < first ? first : r->range.end.line;
    if (last > sf->nlines) {
      last = sf->nlines;
    }
    above = comments_above(sf, first);
    fline = f->file == r->file ? f->range.start.line : first;
    fabove = fline ? comments_above(sf, fline) : fline;

    /* Comment lines above the resource, its first line, the finding's line
     * and the comments above that: mlsweep, tfsec and trivy. */
    {
      const uint32_t spots[2][2] = { { above, first + 1 },
                                     { fabove, fline + 1 } };
      for (int s = 0; s < 2; s++) {
        for (uint32_t l = spots[s][0]; l < spots[s][1] && l <= sf->nlines;
             l++) {
          mls_span cm = comment_of(line_of(sf, l));
          if (!cm.len) {
            continue;
          }
          scan_mlsweep(&c, out, d, opts, cm, l);
          scan_trivy(&c, out, d, r, opts, cm, l, "tfsec:ignore:", "tfsec");
          scan_trivy(&c, out, d, r, opts, cm, l, "trivy:ignore:", "trivy");
        }
      }
    }
    /* Checkov and Terrascan: a comment inside the resource. */
    for (uint32_t l = first; l <= last; l++) {
      mls_span cm = comment_of(line_of(sf, l));
      if (cm.len) {
        scan_checkov(&c, out, d, opts, cm, l);
        scan_terrascan(&c, out, d, opts, cm, l);
      }
    }
    scan_kics(&c, out, d, opts, sf, first, above, fline);
  }
  /* Trivy and tfsec: a comment above a module block covers what the
   * module makes, at any depth; Checkov: a comment inside the block. */
  for (uint32_t k = r->call, hops = 0;
       k && k <= m->ncalls && !err && hops < MLS_MAX_NESTING;
       k = m->calls[k - 1].parent, hops++) {
    const mls_modcall *mc = &m->calls[k - 1];
    supp_file *cf = file_of(cache, mc->file, opts, &err);
    if (!cf || !cf->markers || mc->line == 0 || mc->line > cf->nlines) {
      continue;
    }
    for (uint32_t l = comments_above(cf, mc->line); l < mc->line; l++) {
      mls_span cm = comment_of(line_of(cf, l));
      if (cm.len) {
        scan_trivy(&c, out, d, r, opts, cm, l, "tfsec:ignore:", "tfsec");
        scan_trivy(&c, out, d, r, opts, cm, l, "trivy:ignore:", "trivy");
      }
    }
    for (uint32_t l = mc->line; l <= mc->end && l <= cf->nlines; l++) {
      mls_span cm = comment_of(line_of(cf, l));
      if (cm.len) {
        scan_checkov(&c, out, d, opts, cm, l);
      }
    }
  }
  if (err) {
    return err;
  }
  /* Checkov and Terrascan judge an aws_iam_policy_document data source
   * on its own, so their skip sits inside it; this rule judges the
   * policy that document feeds. */
  for (uint32_t i = 0; i < cache->npairs; i++) {
    const mls_resource *doc;
    supp_file *df;
    if (cache->pairs[2 * i] != (uint32_t)(r - m->resources)) {
      continue;
    }
    doc = &m->resources[cache->pairs[2 * i + 1]];
    if (!(df = file_of(cache, doc->file, opts, &err))) {
      return err;
    }
    for (uint32_t l = doc->range.start.line;
         l <= doc->range.end.line && l <= df->nlines; l++) {
      mls_span cm = comment_of(line_of(df, l));
      if (cm.len) {
        scan_checkov(&c, out, d, opts, cm, l);
        scan_terrascan(&c, out, d, opts, cm, l);
      }
    }
  }
  if (r->framework == MLS_FW_CLOUDFORMATION) {
    scan_metadata(&c, out, d, r, opts, sf);
  }
  if (c.err) {
    return c.err;
  }
  if (c.found) {
    f->has_supp = true;
    f->supp = c.s;
    if (!c.s.expired) {
      f->status = MLS_ST_SUPPRESSED;
    }
  }
  return MLS_OK;
}
