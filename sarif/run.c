/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/run.c -- one SARIF run: which results it carries and how each is
 * written (shared by the per-repository file and the org file).
 *
 * Stage: writers. Follows the shared reference sarif-github.md: rules
 * that occur, with string security-severity and help; results with a
 * level, a message naming the resource, one repository-relative location,
 * primaryLocationLineHash and the mlsweep/v1 fingerprint; results GitHub
 * would fold into one alert (same rule, path, line) are merged; past
 * max_results the highest severities are kept; diagnostics and cuts are
 * toolExecutionNotifications. Trusts the report's structure, not its
 * strings: every string is escaped, every path checked.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "sarif/sarif_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/jsonw.h"
#include "core/base/path.h"
#include "core/base/rc.h"

#include <inttypes.h>
#include <string.h>
#include <zlib.h>

int sarif__jstr(mls_buf *out, const char *s)
{
  return mls_json_string(out, s ? s : "", s ? strlen(s) : 0);
}

const char *sarif__level(mls_rsev sev)
{
  switch (sev) {
  case MLS_RSEV_CRITICAL:
  case MLS_RSEV_HIGH:
    return "error";
  case MLS_RSEV_MEDIUM:
    return "warning";
  default:
    return "note";
  }
}

/* The reference's table (section 4): one decimal, well inside each of
 * GitHub's bands (critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low
 * 0.1-3.9). */
const char *sarif__security_severity(mls_rsev sev)
{
  switch (sev) {
  case MLS_RSEV_CRITICAL:
    return "9.5";
  case MLS_RSEV_HIGH:
    return "8.0";
  case MLS_RSEV_MEDIUM:
    return "5.5";
  case MLS_RSEV_LOW:
    return "2.0";
  default:
    return NULL;
  }
}

const rule_meta *sarif__rule(const sarif_rules *rules, const mls_result *res)
{
  if (!rules || res->rule_index >= rules->n) {
    return NULL;
  }
  return rules->v[res->rule_index];
}

size_t sarif__gzip_size(const void *p, size_t n)
{
  z_stream z;
  unsigned char chunk[16384];
  size_t total = 0;
  int zr;

  memset(&z, 0, sizeof(z));
  /* 15 + 16: a gzip header and trailer, as gzip(1) and Node write. Level
   * 1, not the uploaders' 6: several times faster, and its output is no
   * smaller than theirs, so a document it finds under the limit is under
   * it when they compress it too. */
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return 0;
  }
  /* zlib's API takes a non-const pointer but does not write the input. */
  z.next_in = (Bytef *)(uintptr_t)p;
  do {
    uInt step = n > (size_t)UINT32_MAX ? UINT32_MAX : (uInt)n;
    z.avail_in = step;
    n -= step;
    do {
      z.next_out = chunk;
      z.avail_out = sizeof(chunk);
      zr = deflate(&z, n == 0 ? Z_FINISH : Z_NO_FLUSH);
      total += sizeof(chunk) - z.avail_out;
    } while (z.avail_out == 0);
  } while (n > 0);
  deflateEnd(&z);
  return zr == Z_STREAM_END ? total : 0;
}

/* RFC 3986 pchar less ':' (see sarif_int.h), plus '/'. */
static bool uri_plain(unsigned char c)
{
  if (mls_isalnum(c)) {
    return true;
  }
  switch (c) {
  case '-':
  case '.':
  case '_':
  case '~':
  case '!':
  case '$':
  case '&':
  case '\'':
  case '(':
  case ')':
  case '*':
  case '+':
  case ',':
  case ';':
  case '=':
  case '@':
  case '/':
    return true;
  default:
    return false;
  }
}

/* Bytes sarif__uri() appends for path, quotes included; 0 for a path it
 * refuses. */
static size_t uri_len(const char *path)
{
  size_t n = 2;

  if (!path || !*path || *path == '/' || !mls_path_plain(path) ||
      strstr(path, "::") || strstr(path, "://")) {
    return 0; /* "://": a git:: or https:// module source */
  }
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    n += uri_plain(*p) ? 1 : 3;
  }
  return n;
}

int sarif__uri(mls_buf *out, const char *path)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t n = uri_len(path);
  char *w;
  int rc;

  if (n == 0) {
    return MLS_EINPUT;
  }
  /* A backslash is a file name's own byte in a Git tree (the walk only
   * reports files of the tree), written %5C like any other byte a URI
   * does not allow. */
  if ((rc = mls_buf_reserve(out, n)) < 0) {
    return rc;
  }
  w = out->ptr + out->len;
  *w++ = '"';
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (uri_plain(*p)) {
      *w++ = (char)*p;
    } else {
      *w++ = '%';
      *w++ = hex[*p >> 4];
      *w++ = hex[*p & 15];
    }
  }
  *w++ = '"';
  out->len += n;
  out->ptr[out->len] = '\0';
  return MLS_OK;
}

/* ---- selection ---------------------------------------------------------- */

static bool eligible(const mls_result *x, const sarif_opts *o, bool org)
{
  switch (x->status) {
  case MLS_ST_FAIL:
    return true;
  case MLS_ST_UNKNOWN:
    return o->sarif_unknown;
  case MLS_ST_SUPPRESSED:
    return org;
  default:
    return false;
  }
}

static bool same_line(const mls_result *a, const mls_result *b)
{
  return a->line == b->line &&
         strcmp(a->path ? a->path : "", b->path ? b->path : "") == 0;
}

/* A path sarif__uri() writes, in at most 8 KiB. */
static bool path_ok(const char *path)
{
  size_t n = uri_len(path);
  return n != 0 && n <= 8192;
}

int sarif__select(sarif__sel *s, const mls_repo_report *r,
                  const sarif_rules *rules, const sarif_opts *o, bool org)
{
  size_t n = r->nresults, group = 0, max;
  size_t by_sev[MLS_RSEV_CRITICAL + 1] = { 0 };
  const char *checked = NULL; /* the last path path_ok() judged */
  bool checked_ok = false;
  size_t next[MLS_RSEV_CRITICAL + 1];
  size_t bytes;

  memset(s, 0, sizeof(*s));
  s->org = org;
  if (n > UINT32_MAX - 1 || !mls_mul_sz(&bytes, n ? n : 1, sizeof(uint32_t))) {
    return MLS_ELIMIT;
  }
  s->fate = mls_calloc(n ? n : 1, 1);
  s->prim = mls_malloc(bytes);
  s->rank = mls_malloc(bytes);
  if (!s->fate || !s->prim || !s->rank) {
    sarif__sel_dispose(s);
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    const mls_result *x = &r->results[i];
    s->prim[i] = (uint32_t)i;
    if (i > 0 && !same_line(&r->results[group], x)) {
      group = i;
    }
    if (!eligible(x, o, org)) {
      continue;
    }
    /* A report is sorted by path: a file's results judge it once. */
    if (x->path && (!checked || strcmp(checked, x->path) != 0)) {
      checked = x->path;
      checked_ok = path_ok(x->path);
    }
    if (!x->path || !sarif__rule(rules, x) || x->line == 0 || !checked_ok) {
      s->fate[i] = SARIF_F_BAD;
      continue;
    }
    /* GitHub makes one alert of (rule, uri, line hash): fold into the
     * first kept result of this (path, line) with the same rule and
     * status. The report is sorted by path and line, so they are
     * adjacent; a group is at most one file's findings. */
    s->fate[i] = SARIF_F_KEEP;
    for (size_t j = group; j < i; j++) {
      const mls_result *y = &r->results[j];
      if (s->fate[j] == SARIF_F_KEEP && s->prim[j] == j &&
          y->rule_index == x->rule_index && y->status == x->status) {
        s->fate[i] = SARIF_F_MERGED;
        s->prim[i] = (uint32_t)j;
        break;
      }
    }
    if (s->fate[i] == SARIF_F_KEEP) {
      unsigned sev = (unsigned)x->severity <= MLS_RSEV_CRITICAL
                         ? (unsigned)x->severity
                         : MLS_RSEV_NONE;
      by_sev[sev]++;
      s->nprim++;
    }
  }
  /* Rank primaries: highest severity first, report order within one. */
  size_t acc = 0;
  for (int sev = MLS_RSEV_CRITICAL; sev >= 0; sev--) {
    next[sev] = acc;
    acc += by_sev[sev];
  }
  for (size_t i = 0; i < n; i++) {
    if (s->fate[i] == SARIF_F_KEEP) {
      unsigned sev = (unsigned)r->results[i].severity <= MLS_RSEV_CRITICAL
                         ? (unsigned)r->results[i].severity
                         : MLS_RSEV_NONE;
      s->rank[i] = (uint32_t)next[sev]++;
    }
  }
  max = o->max_results ? o->max_results : SARIF_DEFAULT_MAX_RESULTS;
  s->limit = s->nprim;
  if (s->nprim > max) {
    s->limit = max;
    for (size_t i = 0; i < n; i++) {
      if (s->fate[i] == SARIF_F_KEEP && s->rank[i] >= max) {
        s->fate[i] = SARIF_F_CUT_COUNT;
      }
    }
  }
  return MLS_OK;
}

void sarif__cut_to(sarif__sel *s, const mls_repo_report *r, size_t k)
{
  if (k > s->limit) {
    k = s->limit;
  }
  for (size_t i = 0; i < r->nresults; i++) {
    unsigned char f = s->fate[i];
    if ((f == SARIF_F_KEEP || f == SARIF_F_CUT_SIZE) && s->prim[i] == i) {
      s->fate[i] = s->rank[i] < k ? SARIF_F_KEEP : SARIF_F_CUT_SIZE;
    }
  }
}

void sarif__count(const sarif__sel *s, const mls_repo_report *r,
                  sarif_repo_info *info)
{
  size_t gz = info->gzip_bytes;
  memset(info, 0, sizeof(*info));
  info->gzip_bytes = gz;
  for (size_t i = 0; i < r->nresults; i++) {
    switch (s->fate[i]) {
    case SARIF_F_KEEP:
      info->written++;
      break;
    case SARIF_F_MERGED:
      info->merged++;
      break;
    case SARIF_F_CUT_COUNT:
      info->cut_count++;
      break;
    case SARIF_F_CUT_SIZE:
      info->cut_size++;
      break;
    case SARIF_F_BAD:
      info->dropped++;
      break;
    default:
      continue;
    }
    info->eligible++;
  }
}

void sarif__sel_dispose(sarif__sel *s)
{
  mls_free(s->fate);
  mls_free(s->prim);
  mls_free(s->rank);
  memset(s, 0, sizeof(*s));
}

/* ---- rules -------------------------------------------------------------- */

/* Append s, cut on a UTF-8 boundary to at most max bytes ("..." marks a
 * cut), as a JSON string. */
static int jstr_max(mls_buf *out, const char *s, size_t max)
{
  size_t n = s ? strlen(s) : 0;
  mls_buf tmp = MLS_BUF_INIT(max + 4);
  int rc;

  if (n <= max) {
    return sarif__jstr(out, s);
  }
  n = max - 3;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
    n--; /* s[n] continues a sequence: cut before its lead byte */
  }
  if ((rc = mls_buf_put(&tmp, s, n)) == 0 &&
      (rc = mls_buf_puts(&tmp, "...")) == 0) {
    rc = mls_json_string(out, tmp.ptr, tmp.len);
  }
  mls_buf_dispose(&tmp);
  return rc;
}

static bool nonempty(const char *s)
{
  return s && *s;
}

/* A rule name for GitHub's filter: the title in UpperCamelCase, letters
 * and digits only, at most 255 bytes; the id when there is no title. */
static int rule_name(mls_buf *out, const rule_meta *m)
{
  char name[256];
  size_t n = 0;
  bool up = true;
  const unsigned char *p = (const unsigned char *)(m->title ? m->title : "");

  for (; *p && n < sizeof(name) - 1; p++) {
    if (mls_isalnum(*p)) {
      name[n++] = up && mls_islower(*p) ? (char)(*p - 'a' + 'A') : (char)*p;
      up = false;
    } else {
      up = true;
    }
  }
  name[n] = '\0';
  return sarif__jstr(out, n ? name : m->id);
}

static int help_text(mls_buf *out, const rule_meta *m)
{
  mls_buf t = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  int rc;

  SARIF_TRY(mls_buf_puts(&t, nonempty(m->description) ? m->description
                             : nonempty(m->title)     ? m->title
                                                      : m->id));
  if (nonempty(m->remediation_tf)) {
    SARIF_TRY(mls_buf_printf(&t, "\n\nRemediation (Terraform):\n%s",
                             m->remediation_tf));
  }
  if (nonempty(m->remediation_cfn)) {
    SARIF_TRY(mls_buf_printf(&t, "\n\nRemediation (CloudFormation):\n%s",
                             m->remediation_cfn));
  }
  rc = mls_json_string(out, t.ptr ? t.ptr : "", t.len);
done:
  mls_buf_dispose(&t);
  return rc;
}

/* A fenced block whose fence is longer than any backtick run inside. */
static int md_code(mls_buf *t, const char *lang, const char *code)
{
  size_t run = 0, longest = 0;
  int rc;

  for (const char *p = code; *p; p++) {
    run = *p == '`' ? run + 1 : 0;
    longest = run > longest ? run : longest;
  }
  size_t fence = longest >= 3 ? longest + 1 : 3;
  SARIF_TRY(mls_buf_putc(t, '\n'));
  for (size_t i = 0; i < fence; i++) {
    SARIF_TRY(mls_buf_putc(t, '`'));
  }
  SARIF_TRY(mls_buf_printf(t, "%s\n%s", lang, code));
  if (code[0] && code[strlen(code) - 1] != '\n') {
    SARIF_TRY(mls_buf_putc(t, '\n'));
  }
  for (size_t i = 0; i < fence; i++) {
    SARIF_TRY(mls_buf_putc(t, '`'));
  }
  rc = mls_buf_putc(t, '\n');
done:
  return rc;
}

static int help_markdown(mls_buf *out, const rule_meta *m)
{
  mls_buf t = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  int rc;

  SARIF_TRY(mls_buf_puts(&t, nonempty(m->description) ? m->description
                             : nonempty(m->title)     ? m->title
                                                      : m->id));
  if (nonempty(m->remediation_tf) || nonempty(m->remediation_cfn)) {
    SARIF_TRY(mls_buf_puts(&t, "\n\n## Remediation\n"));
  }
  if (nonempty(m->remediation_tf)) {
    SARIF_TRY(mls_buf_puts(&t, "\nTerraform:\n"));
    SARIF_TRY(md_code(&t, "hcl", m->remediation_tf));
  }
  if (nonempty(m->remediation_cfn)) {
    SARIF_TRY(mls_buf_puts(&t, "\nCloudFormation:\n"));
    SARIF_TRY(md_code(&t, "yaml", m->remediation_cfn));
  }
  if (m->nframeworks) {
    SARIF_TRY(mls_buf_puts(&t, "\n## Controls\n\n"));
    for (size_t i = 0; i < m->nframeworks; i++) {
      SARIF_TRY(mls_buf_printf(&t, "- %s\n", m->frameworks[i]));
    }
  }
  rc = mls_json_string(out, t.ptr ? t.ptr : "", t.len);
done:
  mls_buf_dispose(&t);
  return rc;
}

/* GitHub keeps at most 10 tags per rule (reference section 2). */
#define RULE_MAX_TAGS 10

static int rule_object(mls_buf *out, const rule_meta *m, mls_rsev sev,
                       const sarif_opts *o)
{
  const char *ss = sarif__security_severity(sev);
  size_t ntags = 0;
  int rc;

  SARIF_TRY(mls_buf_puts(out, "{\"id\":"));
  SARIF_TRY(sarif__jstr(out, m->id));
  SARIF_TRY(mls_buf_puts(out, ",\"name\":"));
  SARIF_TRY(rule_name(out, m));
  SARIF_TRY(mls_buf_puts(out, ",\"shortDescription\":{\"text\":"));
  SARIF_TRY(jstr_max(out, nonempty(m->title) ? m->title : m->id, 1024));
  SARIF_TRY(mls_buf_puts(out, "},\"fullDescription\":{\"text\":"));
  SARIF_TRY(jstr_max(out,
                     nonempty(m->description) ? m->description
                     : nonempty(m->title)     ? m->title
                                              : m->id,
                     1024));
  SARIF_TRY(mls_buf_puts(out, "},\"help\":{\"text\":"));
  SARIF_TRY(help_text(out, m));
  SARIF_TRY(mls_buf_puts(out, ",\"markdown\":"));
  SARIF_TRY(help_markdown(out, m));
  SARIF_TRY(mls_buf_puts(out, "}"));
  if (nonempty(m->help_uri)) {
    SARIF_TRY(mls_buf_puts(out, ",\"helpUri\":"));
    SARIF_TRY(sarif__jstr(out, m->help_uri));
  } else if (nonempty(o->help_uri_base)) {
    SARIF_TRY(mls_buf_puts(out, ",\"helpUri\":"));
    mls_buf u = MLS_BUF_INIT(8192);
    rc = mls_buf_printf(&u, "%s%s.md", o->help_uri_base, m->id);
    if (rc == 0) {
      rc = mls_json_string(out, u.ptr, u.len);
    }
    mls_buf_dispose(&u);
    SARIF_TRY(rc);
  }
  SARIF_TRY(mls_buf_printf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
                           sarif__level(sev)));
  SARIF_TRY(mls_buf_puts(out, ",\"properties\":{\"tags\":["));
  if (ss) {
    SARIF_TRY(mls_buf_puts(out, "\"security\""));
    ntags++;
  }
  for (size_t i = 0; i < m->ntags && ntags < RULE_MAX_TAGS; i++) {
    bool dup = !nonempty(m->tags[i]) || strcmp(m->tags[i], "security") == 0;
    for (size_t j = 0; j < i && !dup; j++) {
      dup = m->tags[j] && strcmp(m->tags[j], m->tags[i]) == 0;
    }
    if (dup) {
      continue;
    }
    SARIF_TRY(mls_buf_puts(out, ntags ? "," : ""));
    SARIF_TRY(sarif__jstr(out, m->tags[i]));
    ntags++;
  }
  /* Built-in rules test exact attribute values: "high". A Checkov custom
   * policy was written for another engine and translated: "medium". */
  SARIF_TRY(mls_buf_printf(out, "],\"precision\":\"%s\"",
                           m->checkov_format ? "medium" : "high"));
  if (ss) {
    SARIF_TRY(mls_buf_printf(out, ",\"security-severity\":\"%s\"", ss));
  } else {
    SARIF_TRY(mls_buf_puts(out, ",\"problem.severity\":\"recommendation\""));
  }
  rc = mls_buf_puts(out, "}}");
done:
  return rc;
}

/* ---- rendered rule objects, once per sweep --------------------------------
 */

#define MEMO_SEVS (MLS_RSEV_CRITICAL + 1)

struct sarif_rule_memo {
  size_t n;        /* rules */
  bool used;       /* an entry was made: help_base says with what */
  char *help_base; /* owned: the help_uri_base they were rendered with, the
                    * only option rule_object() reads (NULL: none) */
  char **obj;      /* owned: n * MEMO_SEVS entries, NULL until made */
  size_t *len;     /* their lengths */
};

sarif_rule_memo *sarif_rule_memo_new(size_t n)
{
  sarif_rule_memo *m = mls_calloc(1, sizeof(*m));
  size_t k;

  if (!m || !mls_mul_sz(&k, n ? n : 1, MEMO_SEVS) ||
      !(m->obj = mls_calloc(k, sizeof(*m->obj))) ||
      !(m->len = mls_calloc(k, sizeof(*m->len)))) {
    sarif_rule_memo_free(m);
    return NULL;
  }
  m->n = n;
  return m;
}

void sarif_rule_memo_free(sarif_rule_memo *m)
{
  if (!m) {
    return;
  }
  for (size_t i = 0; m->obj && i < m->n * MEMO_SEVS; i++) {
    mls_free(m->obj[i]);
  }
  mls_free(m->obj);
  mls_free(m->len);
  mls_free(m->help_base);
  mls_free(m);
}

static bool same_str(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* rule_object() of rule i, from the memo when it holds it. Entries are
 * rendered with the first writer's help_uri_base, the one option
 * rule_object() reads; a writer with another renders its own. The org
 * SARIF and the per-repository files each hold their own copy of the
 * options, so the memo compares the option, not where it lives. */
static int rule_object_memo(mls_buf *out, const sarif_rules *rules, size_t i,
                            mls_rsev sev, const sarif_opts *o)
{
  sarif_rule_memo *m = rules->memo;
  size_t k = i * MEMO_SEVS + (size_t)sev, start = out->len;
  int rc;

  if (!m || i >= m->n || (unsigned)sev >= MEMO_SEVS ||
      (m->used && !same_str(m->help_base, o->help_uri_base))) {
    return rule_object(out, rules->v[i], sev, o);
  }
  if (m->obj[k]) {
    return mls_buf_put(out, m->obj[k], m->len[k]);
  }
  if ((rc = rule_object(out, rules->v[i], sev, o)) < 0) {
    return rc;
  }
  /* Best effort: out of memory here only means rendering it again. */
  if (!m->used) {
    if (o->help_uri_base &&
        !(m->help_base =
              mls_strndup(o->help_uri_base, strlen(o->help_uri_base)))) {
      return MLS_OK;
    }
    m->used = true;
  }
  if ((m->obj[k] = mls_malloc(out->len - start + 1))) {
    memcpy(m->obj[k], out->ptr + start, out->len - start);
    m->obj[k][out->len - start] = '\0';
    m->len[k] = out->len - start;
  }
  return MLS_OK;
}

/* ---- results ------------------------------------------------------------ */

/* Most other addresses named in a merged result's message. */
#define MERGED_NAMES 5

static int result_message(mls_buf *out, const mls_repo_report *r,
                          const sarif__sel *s, size_t i, const rule_meta *m)
{
  const mls_result *x = &r->results[i];
  mls_buf t = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  size_t nmerged = 0;
  int rc;

  if (x->status == MLS_ST_UNKNOWN) {
    SARIF_TRY(mls_buf_puts(&t, "Could not be decided (a value is unknown): "));
  }
  if (nonempty(x->message)) {
    SARIF_TRY(mls_buf_puts(&t, x->message));
  } else {
    SARIF_TRY(mls_buf_puts(&t, x->address ? x->address : "?"));
    SARIF_TRY(mls_buf_puts(&t, ": "));
    SARIF_TRY(mls_buf_puts(&t, nonempty(m->title) ? m->title : m->id));
    if (nonempty(x->attr)) {
      SARIF_TRY(mls_buf_puts(&t, " (attribute "));
      SARIF_TRY(mls_buf_puts(&t, x->attr));
      SARIF_TRY(mls_buf_putc(&t, ')'));
    }
    SARIF_TRY(mls_buf_putc(&t, '.'));
  }
  for (size_t j = i + 1; j < r->nresults && same_line(x, &r->results[j]); j++) {
    if (s->fate[j] != SARIF_F_MERGED || s->prim[j] != i) {
      continue;
    }
    if (nmerged < MERGED_NAMES) {
      SARIF_TRY(mls_buf_puts(&t, nmerged ? ", " : " Also reported here for: "));
      SARIF_TRY(mls_buf_puts(&t, r->results[j].address ? r->results[j].address
                                                       : "?"));
      if (nonempty(r->results[j].module)) {
        SARIF_TRY(mls_buf_puts(&t, " (via "));
        SARIF_TRY(mls_buf_puts(&t, r->results[j].module));
        SARIF_TRY(mls_buf_putc(&t, ')'));
      }
    }
    nmerged++;
  }
  if (nmerged > MERGED_NAMES) {
    SARIF_TRY(mls_buf_printf(&t, " and %zu more", nmerged - MERGED_NAMES));
  }
  if (nmerged) {
    SARIF_TRY(mls_buf_putc(&t, '.'));
  }
  if (x->res_path && x->res_line > 0) {
    /* A message with an embedded link escapes its own brackets (SARIF
     * 3.11.6): module.x["a"] stays text. */
    mls_buf e = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
    for (size_t k = 0; k < t.len && rc >= 0; k++) {
      if (t.ptr[k] == '[' || t.ptr[k] == ']') {
        rc = mls_buf_putc(&e, '\\');
      }
      rc = rc < 0 ? rc : mls_buf_putc(&e, t.ptr[k]);
    }
    if (rc >= 0 && e.len > 0 && e.ptr[e.len - 1] != '.') {
      rc = mls_buf_putc(&e, '.');
    }
    rc = rc < 0 ? rc : mls_buf_puts(&e, " The resource is [declared here](1).");
    if (rc >= 0) {
      rc = mls_json_string(out, e.ptr ? e.ptr : "", e.len);
    }
    mls_buf_dispose(&e);
    goto done;
  }
  rc = mls_json_string(out, t.ptr ? t.ptr : "", t.len);
done:
  mls_buf_dispose(&t);
  return rc;
}

/* Where the resource of a result found elsewhere (a variable's default,
 * a module output) is declared: relatedLocations[0], id 1, which the
 * message links to. */
static int related_location(mls_buf *out, const mls_result *x)
{
  int rc;
  SARIF_TRY(mls_buf_puts(out, ",\"relatedLocations\":[{\"id\":1,"
                              "\"physicalLocation\":{\"artifactLocation\":"
                              "{\"uri\":"));
  SARIF_TRY(sarif__uri(out, x->res_path));
  SARIF_TRY(mls_buf_puts(out, ",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{"
                              "\"startLine\":"));
  SARIF_TRY(mls_buf_put_u64(out, x->res_line));
  SARIF_TRY(mls_buf_puts(out, ",\"startColumn\":1,\"endLine\":"));
  SARIF_TRY(mls_buf_put_u64(out, x->res_line));
  SARIF_TRY(mls_buf_puts(out, "}},\"message\":{\"text\":"));
  SARIF_TRY(sarif__jstr(out, x->address ? x->address : "?"));
  rc = mls_buf_puts(out, "}}]");
done:
  return rc;
}

static int result_object(mls_buf *out, const mls_repo_report *r,
                         const sarif__sel *s, size_t i, const rule_meta *m,
                         uint32_t run_index)
{
  const mls_result *x = &r->results[i];
  char fp[SARIF_FINGERPRINT_SIZE];
  int rc;

  SARIF_TRY(mls_buf_puts(out, "{\"ruleId\":"));
  SARIF_TRY(sarif__jstr(out, m->id));
  /* Per result: plain puts, no format strings (a monorepo's file has
   * tens of thousands of results). */
  SARIF_TRY(mls_buf_puts(out, ",\"ruleIndex\":"));
  SARIF_TRY(mls_buf_put_u64(out, run_index));
  SARIF_TRY(mls_buf_puts(out, ",\"level\":\""));
  SARIF_TRY(mls_buf_puts(
      out, x->status == MLS_ST_UNKNOWN ? "note" : sarif__level(x->severity)));
  SARIF_TRY(mls_buf_putc(out, '"'));
  SARIF_TRY(mls_buf_puts(out, ",\"message\":{\"text\":"));
  SARIF_TRY(result_message(out, r, s, i, m));
  SARIF_TRY(mls_buf_puts(
      out, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
           "{\"uri\":"));
  SARIF_TRY(sarif__uri(out, x->path));
  SARIF_TRY(mls_buf_puts(out, ",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{"
                              "\"startLine\":"));
  SARIF_TRY(mls_buf_put_u64(out, x->line));
  if (x->col >= 1) {
    SARIF_TRY(mls_buf_puts(out, ",\"startColumn\":"));
    SARIF_TRY(mls_buf_put_u64(out, x->col));
  }
  if (x->end_line >= x->line) {
    SARIF_TRY(mls_buf_puts(out, ",\"endLine\":"));
    SARIF_TRY(mls_buf_put_u64(out, x->end_line));
  }
  SARIF_TRY(mls_buf_puts(out, "}}}]"));
  if (x->res_path && x->res_line > 0) {
    SARIF_TRY(related_location(out, x));
  }
  if (x->line_hash[0]) {
    SARIF_TRY(mls_buf_puts(out, ",\"partialFingerprints\":{\"primaryLocation"
                                "LineHash\":"));
    SARIF_TRY(mls_json_string(out, x->line_hash,
                              strnlen(x->line_hash, sizeof(x->line_hash))));
    SARIF_TRY(mls_buf_putc(out, '}'));
  }
  if (strnlen(x->fingerprint, sizeof(x->fingerprint)) == 32) {
    memcpy(fp, x->fingerprint, sizeof(fp));
    fp[32] = '\0';
  } else {
    SARIF_TRY(sarif_fingerprint(fp, m->id, x->address, x->module, x->path));
  }
  SARIF_TRY(mls_buf_puts(out, ",\"fingerprints\":{\"mlsweep/v1\":\""));
  SARIF_TRY(mls_buf_puts(out, fp));
  SARIF_TRY(mls_buf_puts(out, "\"}"));
  if (x->status == MLS_ST_SUPPRESSED) {
    SARIF_TRY(mls_buf_printf(out,
                             ",\"suppressions\":[{\"kind\":\"%s\","
                             "\"status\":\"accepted\"",
                             x->has_supp && !x->supp.in_source ? "external"
                                                               : "inSource"));
    if (x->has_supp && nonempty(x->supp.reason)) {
      SARIF_TRY(mls_buf_puts(out, ",\"justification\":"));
      SARIF_TRY(sarif__jstr(out, x->supp.reason));
    }
    if (x->has_supp) {
      SARIF_TRY(mls_buf_puts(out, ",\"properties\":{\"origin\":"));
      SARIF_TRY(sarif__jstr(out, x->supp.origin));
      if (nonempty(x->supp.expires)) {
        SARIF_TRY(mls_buf_puts(out, ",\"expires\":"));
        SARIF_TRY(sarif__jstr(out, x->supp.expires));
      }
      SARIF_TRY(mls_buf_putc(out, '}'));
    }
    SARIF_TRY(mls_buf_puts(out, "}]"));
  }
  SARIF_TRY(mls_buf_puts(out, ",\"properties\":{\"severity\":\""));
  SARIF_TRY(mls_buf_puts(out, mls_rsev_name(x->severity)));
  SARIF_TRY(mls_buf_putc(out, '"'));
  SARIF_TRY(mls_buf_puts(out, ",\"resource\":"));
  SARIF_TRY(sarif__jstr(out, x->address));
  SARIF_TRY(mls_buf_puts(out, ",\"resourceType\":"));
  SARIF_TRY(sarif__jstr(out, x->resource_type));
  if (nonempty(x->module)) {
    SARIF_TRY(mls_buf_puts(out, ",\"module\":"));
    SARIF_TRY(sarif__jstr(out, x->module));
  }
  if (nonempty(x->attr)) {
    SARIF_TRY(mls_buf_puts(out, ",\"attribute\":"));
    SARIF_TRY(sarif__jstr(out, x->attr));
  }
  rc = mls_buf_puts(out, "}}");
done:
  return rc;
}

/* ---- notifications --------------------------------------------------------
 */

const char *sarif__diag_level(mls_severity sev)
{
  return sev == MLS_SEV_NOTE      ? "note"
         : sev == MLS_SEV_WARNING ? "warning"
                                  : "error";
}

static int notification(mls_buf *out, bool *first, const char *level,
                        const char *id, const char *text, const char *path,
                        uint32_t line)
{
  int rc;

  SARIF_TRY(mls_buf_puts(out, *first ? "" : ","));
  *first = false;
  SARIF_TRY(mls_buf_puts(out, "{\"level\":\""));
  SARIF_TRY(mls_buf_puts(out, level));
  SARIF_TRY(mls_buf_puts(out, "\",\"message\":{\"text\":"));
  SARIF_TRY(sarif__jstr(out, nonempty(text) ? text : "(no message)"));
  SARIF_TRY(mls_buf_puts(out, "},\"descriptor\":{\"id\":"));
  SARIF_TRY(sarif__jstr(out, id));
  SARIF_TRY(mls_buf_putc(out, '}'));
  if (path && path_ok(path)) {
    SARIF_TRY(mls_buf_puts(out, ",\"locations\":[{\"physicalLocation\":{"
                                "\"artifactLocation\":{\"uri\":"));
    SARIF_TRY(sarif__uri(out, path));
    SARIF_TRY(mls_buf_puts(out, ",\"uriBaseId\":\"%SRCROOT%\"}"));
    if (line >= 1) {
      SARIF_TRY(mls_buf_puts(out, ",\"region\":{\"startLine\":"));
      SARIF_TRY(mls_buf_put_u64(out, line));
      SARIF_TRY(mls_buf_putc(out, '}'));
    }
    SARIF_TRY(mls_buf_puts(out, "}}]"));
  }
  rc = mls_buf_putc(out, '}');
done:
  return rc;
}

int sarif__sweep_notes(mls_buf *out, const mls_diag *d, bool *first)
{
  mls_buf t = MLS_BUF_INIT(8192);
  int rc = MLS_OK;

  for (size_t i = 0; d && i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    mls_buf_clear(&t);
    /* A path outside every repository is no artifact of the run: it
     * stays in the message, as the command line gave it. */
    if (e->path) {
      SARIF_TRY(mls_buf_puts(&t, e->path));
      SARIF_TRY(mls_buf_puts(&t, ": "));
    }
    SARIF_TRY(mls_buf_puts(&t, e->message ? e->message : ""));
    SARIF_TRY(notification(out, first, sarif__diag_level(e->sev),
                           SARIF_SWEEP_NOTE_ID, t.ptr, NULL, 0));
  }
  if (d && d->dropped) {
    mls_buf_clear(&t);
    SARIF_TRY(mls_buf_printf(&t,
                             "%zu more diagnostics of the sweep were not "
                             "kept.",
                             d->dropped));
    SARIF_TRY(notification(out, first, "warning", SARIF_SWEEP_NOTE_ID, t.ptr,
                           NULL, 0));
  }
done:
  mls_buf_dispose(&t);
  return rc;
}

static int notifications(mls_buf *out, const mls_repo_report *r,
                         const sarif__sel *s, const sarif_opts *o,
                         size_t *notes_at)
{
  sarif_repo_info info = { 0 };
  mls_buf t = MLS_BUF_INIT(8192);
  bool first = true;
  int rc;

  sarif__count(s, r, &info);
  SARIF_TRY(mls_buf_puts(out, ",\"toolExecutionNotifications\":["));
  if (notes_at) {
    *notes_at = out->len;
  }
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *d = &r->diag.v[i];
    char id[32];
    snprintf(id, sizeof(id), "mlsweep/%s", mls_rc_name(d->rc));
    SARIF_TRY(notification(out, &first, sarif__diag_level(d->sev), id,
                           d->message, d->path,
                           d->has_range ? d->range.start.line : 0));
  }
  if (r->diag.dropped) {
    mls_buf_clear(&t);
    SARIF_TRY(mls_buf_printf(&t, "%zu more diagnostics were not kept.",
                             r->diag.dropped));
    SARIF_TRY(notification(out, &first, "warning", "mlsweep/diagnostics", t.ptr,
                           NULL, 0));
  }
  if (info.cut_count) {
    mls_buf_clear(&t);
    SARIF_TRY(mls_buf_printf(
        &t,
        "%zu results were cut: a run holds at most %zu results; the "
        "highest-severity results were kept.",
        info.cut_count,
        o->max_results ? o->max_results : (size_t)SARIF_DEFAULT_MAX_RESULTS));
    SARIF_TRY(notification(out, &first, "warning", "mlsweep/results-cut", t.ptr,
                           NULL, 0));
  }
  if (info.cut_size) {
    mls_buf_clear(&t);
    SARIF_TRY(mls_buf_printf(
        &t,
        "%zu results were cut to keep the gzipped file under %zu bytes; the "
        "highest-severity results were kept.",
        info.cut_size,
        o->max_gzip_bytes ? o->max_gzip_bytes : SARIF_DEFAULT_MAX_GZIP_BYTES));
    SARIF_TRY(notification(out, &first, "warning", "mlsweep/size-cut", t.ptr,
                           NULL, 0));
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    if (s->fate[i] != SARIF_F_BAD) {
      continue;
    }
    mls_buf_clear(&t);
    SARIF_TRY(mls_buf_printf(
        &t, "A result of rule %s for %s was dropped: %s.",
        x->rule_id ? x->rule_id : "?", x->address ? x->address : "?",
        x->line == 0 ? "it has no line"
                     : "its rule index or its path is not usable"));
    SARIF_TRY(notification(out, &first, "error", "mlsweep/bad-result", t.ptr,
                           NULL, 0));
  }
  rc = mls_buf_putc(out, ']');
done:
  mls_buf_dispose(&t);
  return rc;
}

/* ---- the run ------------------------------------------------------------ */

/* Append a repository URI the schema accepts as format "uri", or nothing
 * (returns 1): userinfo is dropped (a token in an https remote must not
 * reach a report); "user@host:path" becomes ssh://user@host/path; a
 * local path has no URI. */
static int repo_uri(mls_buf *out, const char *uri)
{
  const char *scheme_end, *at, *colon, *slash;
  mls_buf t = MLS_BUF_INIT(8192);
  int rc = 1;

  if (!nonempty(uri) || strchr(uri, ' ') || strchr(uri, '"')) {
    return 1;
  }
  if ((scheme_end = strstr(uri, "://")) != NULL && scheme_end > uri) {
    const char *host = scheme_end + 3;
    const char *host_end = host + strcspn(host, "/?#");
    at = memchr(host, '@', (size_t)(host_end - host));
    bool keep_user = at && strncmp(uri, "ssh", 3) == 0;
    SARIF_TRY(mls_buf_put(&t, uri, (size_t)(host - uri)));
    SARIF_TRY(mls_buf_puts(&t, at && !keep_user ? at + 1 : host));
  } else if ((colon = strchr(uri, ':')) != NULL && colon > uri &&
             ((slash = strchr(uri, '/')) == NULL || slash > colon) &&
             colon[1] != '\0') {
    SARIF_TRY(mls_buf_puts(&t, "ssh://"));
    SARIF_TRY(mls_buf_put(&t, uri, (size_t)(colon - uri)));
    SARIF_TRY(
        mls_buf_printf(&t, "/%s", colon[1] == '/' ? colon + 2 : colon + 1));
  } else {
    goto done; /* a local path */
  }
  rc = mls_json_string(out, t.ptr, t.len);
done:
  mls_buf_dispose(&t);
  return rc;
}

int sarif__write_run(mls_buf *out, const mls_repo_report *r,
                     const sarif_rules *rules, const sarif_opts *o,
                     const sarif__sel *s, size_t *notes_at)
{
  const char *ver = nonempty(o->tool_version) ? o->tool_version : "0.0.0";
  size_t nrules = rules ? rules->n : 0, bytes;
  uint32_t *map = NULL;      /* rule index -> index in this run + 1 */
  unsigned char *sev = NULL; /* rule index -> highest severity in run */
  uint32_t nused = 0;
  int rc;

  if (!mls_mul_sz(&bytes, nrules ? nrules : 1, sizeof(uint32_t))) {
    return MLS_ELIMIT;
  }
  map = mls_calloc(1, bytes);
  sev = mls_calloc(nrules ? nrules : 1, 1);
  if (!map || !sev) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < r->nresults; i++) {
    if (s->fate[i] == SARIF_F_KEEP) {
      uint32_t ri = r->results[i].rule_index; /* checked by select */
      map[ri] = 1;
      if ((unsigned)r->results[i].severity > sev[ri] &&
          r->results[i].severity <= MLS_RSEV_CRITICAL) {
        sev[ri] = (unsigned char)r->results[i].severity;
      }
    }
  }
  for (size_t i = 0; i < nrules; i++) {
    if (map[i]) {
      map[i] = ++nused;
    }
  }
  SARIF_TRY(mls_buf_puts(out, "{\"tool\":{\"driver\":{\"name\":\"mlsweep\","
                              "\"version\":"));
  SARIF_TRY(sarif__jstr(out, ver));
  SARIF_TRY(mls_buf_puts(out, ",\"semanticVersion\":"));
  SARIF_TRY(sarif__jstr(out, ver));
  if (nonempty(o->information_uri)) {
    SARIF_TRY(mls_buf_puts(out, ",\"informationUri\":"));
    SARIF_TRY(sarif__jstr(out, o->information_uri));
  }
  SARIF_TRY(mls_buf_puts(out, ",\"rules\":["));
  for (size_t i = 0; i < nrules; i++) {
    if (map[i]) {
      SARIF_TRY(mls_buf_puts(out, map[i] > 1 ? ",\n" : "\n"));
      SARIF_TRY(rule_object_memo(out, rules, i, (mls_rsev)sev[i], o));
    }
  }
  SARIF_TRY(mls_buf_puts(out, "]}},\"automationDetails\":{\"id\":"));
  {
    mls_buf cat = MLS_BUF_INIT(8192);
    /* A slice of a monorepo (a directory inside a clone) is an analysis
     * of its own, "mlsweep/infra/ml/": slices uploaded with one category
     * would overwrite each other (docs/outputs.md). */
    rc = mls_buf_printf(
        &cat, "%s/%s%s",
        nonempty(o->category) ? o->category : SARIF_DEFAULT_CATEGORY,
        nonempty(r->scope) ? r->scope : "", nonempty(r->scope) ? "/" : "");
    if (rc == 0) {
      rc = mls_json_string(out, cat.ptr, cat.len);
    }
    mls_buf_dispose(&cat);
    SARIF_TRY(rc);
  }
  SARIF_TRY(mls_buf_putc(out, '}'));
  if (nonempty(r->commit) && nonempty(r->uri)) {
    size_t mark = out->len;
    SARIF_TRY(mls_buf_puts(
        out, ",\"versionControlProvenance\":[{\"repositoryUri\":"));
    SARIF_TRY(repo_uri(out, r->uri));
    if (rc == 1) {
      out->len = mark; /* no URI the schema accepts: no provenance */
      out->ptr[mark] = '\0';
    } else {
      SARIF_TRY(mls_buf_puts(out, ",\"revisionId\":"));
      SARIF_TRY(sarif__jstr(out, r->commit));
      if (nonempty(r->branch)) {
        const char *b = r->branch;
        if (strncmp(b, "refs/heads/", 11) == 0) {
          b += 11;
        }
        SARIF_TRY(mls_buf_puts(out, ",\"branch\":"));
        SARIF_TRY(sarif__jstr(out, b));
      }
      SARIF_TRY(mls_buf_puts(out, "}]"));
    }
  }
  SARIF_TRY(mls_buf_printf(out,
                           ",\"columnKind\":\"utf16CodeUnits\",\"invocations\":"
                           "[{\"executionSuccessful\":%s",
                           r->failed ? "false" : "true"));
  SARIF_TRY(notifications(out, r, s, o, notes_at));
  SARIF_TRY(mls_buf_puts(out, "}],\"results\":["));
  bool first = true;
  for (size_t i = 0; i < r->nresults; i++) {
    if (s->fate[i] != SARIF_F_KEEP) {
      continue;
    }
    SARIF_TRY(mls_buf_puts(out, first ? "\n" : ",\n"));
    first = false;
    const mls_result *x = &r->results[i];
    SARIF_TRY(result_object(out, r, s, i, rules->v[x->rule_index],
                            map[x->rule_index] - 1));
  }
  SARIF_TRY(mls_buf_puts(out, "]"));
  if (s->org) {
    SARIF_TRY(mls_buf_puts(out, ",\"properties\":{\"repository\":"));
    SARIF_TRY(sarif__jstr(out, r->name));
    SARIF_TRY(mls_buf_putc(out, '}'));
  }
  rc = mls_buf_putc(out, '}');
done:
  mls_free(map);
  mls_free(sev);
  return rc;
}
