/* SPDX-License-Identifier: Apache-2.0
 *
 * sarif/report.c -- the human and CI formats: text, JSON results, JUnit
 * XML and a Markdown job summary.
 *
 * Stage: writers. Each repository's part is built when its report
 * arrives, spooled, and copied out in repository name order by
 * sarif_report_finish(), which adds the summary; memory holds one
 * repository's part and the totals. Strings are escaped for the format
 * (JSON, XML, Markdown table cells, and control characters in text).
 */
#include "sarif/sarif_int.h"

#include "core/base/alloc.h"
#include "core/base/jsonw.h"
#include "core/base/rc.h"

#include <inttypes.h>
#include <string.h>

struct sarif_report {
  FILE *dst;                           /* borrowed: the caller's stream */
  sarif_format fmt;                    /* which format */
  const sarif_rules *rules;            /* borrowed */
  sarif_opts opts;                     /* copy; strings borrowed */
  sarif__spool spool;                  /* one piece per repository */
  sarif__spool dspool;                 /* JSON: diagnostics per repository */
  uint64_t st[4];                      /* checks by status, all repositories */
  uint64_t sev[MLS_RSEV_CRITICAL + 1]; /* failing results by severity */
  uint64_t repos, repos_failed;        /* repositories, not swept */
  const mls_diag *sweep;               /* borrowed: the sweep's own */
};

int sarif_format_parse(const char *name)
{
  static const char *const names[] = { "text", "json", "junit", "markdown" };
  for (int i = 0; name && i < 4; i++) {
    if (strcmp(name, names[i]) == 0) {
      return i;
    }
  }
  return -1;
}

int sarif_report_new(sarif_report **out, FILE *dst, sarif_format fmt,
                     const sarif_rules *rules, const sarif_opts *o)
{
  sarif_opts dflt = SARIF_OPTS_INIT;
  sarif_report *w;

  MLS_ASSERT_ARG(out && dst && rules && (unsigned)fmt <= SARIF_FMT_MARKDOWN);
  if (!(w = mls_calloc(1, sizeof(*w)))) {
    return MLS_ENOMEM;
  }
  w->dst = dst;
  w->fmt = fmt;
  w->rules = rules;
  w->opts = o ? *o : dflt;
  sarif__spool_init(&w->spool);
  sarif__spool_init(&w->dspool);
  *out = w;
  return MLS_OK;
}

void sarif_report_free(sarif_report *w)
{
  if (w) {
    sarif__spool_dispose(&w->spool);
    sarif__spool_dispose(&w->dspool);
    mls_free(w);
  }
}

void sarif_report_sweep_diag(sarif_report *w, const mls_diag *d)
{
  if (w) {
    w->sweep = d;
  }
}

/* ---- escaping ---------------------------------------------------------------
 */

/* Text: control characters become '?', so what a repository chose (a
 * file name, a module source quoted in a message) can neither move the
 * terminal's cursor nor print a line of its own ("a\n== other ==  passed
 * 3"). Source and fix lines (`lines`) keep their tabs, and newlines. */
static int text_put(mls_buf *b, const char *s, size_t n, bool lines)
{
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    unsigned char c = (unsigned char)s[i];
    bool keep = lines && (c == '\n' || c == '\t');
    rc = mls_buf_putc(b, (c < 0x20 && !keep) || c == 0x7f ? '?' : (char)c);
  }
  return rc;
}

/* A source or fix line. */
static int text_str(mls_buf *b, const char *s)
{
  return text_put(b, s ? s : "", s ? strlen(s) : 0, true);
}

/* A name, path, rule id, address or message: one line. */
static int text_line(mls_buf *b, const char *s)
{
  return text_put(b, s ? s : "", s ? strlen(s) : 0, false);
}

/* XML 1.0: & < > " ' escaped; characters XML forbids dropped. */
static int xml_str(mls_buf *b, const char *s)
{
  int rc = 0;
  for (s = s ? s : ""; *s && rc == 0; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '&':
      rc = mls_buf_puts(b, "&amp;");
      break;
    case '<':
      rc = mls_buf_puts(b, "&lt;");
      break;
    case '>':
      rc = mls_buf_puts(b, "&gt;");
      break;
    case '"':
      rc = mls_buf_puts(b, "&quot;");
      break;
    case '\'':
      rc = mls_buf_puts(b, "&apos;");
      break;
    default:
      if (c >= 0x20 || c == '\n' || c == '\t') {
        rc = mls_buf_putc(b, (char)c);
      }
    }
  }
  return rc;
}

/* A Markdown table cell: '|' and '\' escaped, newlines as spaces,
 * '<' as &lt; so no HTML gets through, other control characters as '?'
 * (the table is read in terminals too). */
static int md_cell(mls_buf *b, const char *s)
{
  int rc = 0;
  for (s = s ? s : ""; *s && rc == 0; s++) {
    unsigned char c = (unsigned char)*s;
    rc = c == '|'                                ? mls_buf_puts(b, "\\|")
         : c == '\\'                             ? mls_buf_puts(b, "\\\\")
         : c == '<'                              ? mls_buf_puts(b, "&lt;")
         : (c == '\n' || c == '\r' || c == '\t') ? mls_buf_putc(b, ' ')
         : (c < 0x20 || c == 0x7f)               ? mls_buf_putc(b, '?')
                                                 : mls_buf_putc(b, (char)c);
  }
  return rc;
}

/* ---- pieces -----------------------------------------------------------------
 */

static const char *sev_color(mls_rsev sev)
{
  return sev >= MLS_RSEV_HIGH     ? "\033[1;31m"
         : sev == MLS_RSEV_MEDIUM ? "\033[33m"
                                  : "\033[36m";
}

/* Add r's results, listed and tallied, to st (by status) and, when sev
 * is not NULL, its failing ones to sev (by severity). */
static void count_repo_sev(const mls_repo_report *r, uint64_t st[4],
                           uint64_t *sev)
{
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    unsigned s = (unsigned)x->status;
    st[s <= MLS_ST_SUPPRESSED ? s : MLS_ST_UNKNOWN]++;
    if (sev && x->status == MLS_ST_FAIL &&
        (unsigned)x->severity <= MLS_RSEV_CRITICAL) {
      sev[x->severity]++;
    }
  }
  for (size_t i = 0; i < r->ntally; i++) {
    const mls_tally *t = &r->tally[i];
    unsigned s = (unsigned)t->status;
    st[s <= MLS_ST_SUPPRESSED ? s : MLS_ST_UNKNOWN] += t->count;
    if (sev && t->status == MLS_ST_FAIL &&
        (unsigned)t->severity <= MLS_RSEV_CRITICAL) {
      sev[t->severity] += t->count;
    }
  }
}

static void count_repo(const mls_repo_report *r, uint64_t st[4])
{
  count_repo_sev(r, st, NULL);
}

/* Between two results: a repository's findings may be far larger than
 * its table row, so the piece goes to the spool in parts (a monorepo's
 * text report is tens of megabytes). */
static int piece_part(sarif_report *w, mls_buf *b, const mls_repo_report *r)
{
  return sarif__spool_part(&w->spool, r->name, b, false, 0);
}

static int piece_text(sarif_report *w, mls_buf *b, const mls_repo_report *r)
{
  uint64_t st[4] = { 0 };
  const char *last_path = NULL;
  bool color = w->opts.color;
  int rc;

  count_repo(r, st);
  SARIF_TRY(mls_buf_puts(b, color ? "\033[1m== " : "== "));
  SARIF_TRY(text_line(b, r->name));
  SARIF_TRY(mls_buf_printf(b,
                           " ==%s  passed %" PRIu64 ", failed %" PRIu64
                           ", unknown %" PRIu64 ", suppressed %" PRIu64 "%s\n",
                           color ? "\033[0m" : "", st[0], st[1], st[2], st[3],
                           r->failed ? "  (NOT SWEPT)" : ""));
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *d = &r->diag.v[i];
    SARIF_TRY(mls_buf_puts(b, "  ! "));
    if (d->path) {
      SARIF_TRY(text_line(b, d->path));
      if (d->has_range) {
        SARIF_TRY(mls_buf_printf(b, ":%" PRIu32, d->range.start.line));
      }
      SARIF_TRY(mls_buf_puts(b, ": "));
    }
    SARIF_TRY(text_line(b, d->message));
    SARIF_TRY(mls_buf_putc(b, '\n'));
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    const rule_meta *m = sarif__rule(w->rules, x);
    if (x->status != MLS_ST_FAIL) {
      continue;
    }
    SARIF_TRY(piece_part(w, b, r));
    if (!last_path || strcmp(last_path, x->path ? x->path : "") != 0) {
      last_path = x->path ? x->path : "";
      SARIF_TRY(mls_buf_puts(b, "\n  "));
      SARIF_TRY(text_line(b, last_path));
      SARIF_TRY(mls_buf_putc(b, '\n'));
    }
    SARIF_TRY(
        mls_buf_printf(b, "    %s%-8s%s ", color ? sev_color(x->severity) : "",
                       mls_rsev_name(x->severity), color ? "\033[0m" : ""));
    SARIF_TRY(text_line(b, m ? m->id : x->rule_id));
    SARIF_TRY(mls_buf_printf(b, "  line %" PRIu32 "  ", x->line));
    SARIF_TRY(text_line(b, x->address));
    if (x->module && *x->module) {
      /* A called module: which root deployed it ("examples/a:module.x"),
       * or two roots calling it by one name would print alike. */
      const char *chain = strstr(x->module, ":module.");
      if (chain) {
        SARIF_TRY(mls_buf_puts(b, "  (root module "));
        SARIF_TRY(text_put(b, x->module, (size_t)(chain - x->module), false));
        SARIF_TRY(mls_buf_putc(b, ')'));
      }
    }
    if (x->baseline_existing) {
      SARIF_TRY(mls_buf_puts(b, "  (existing: in the baseline)"));
    }
    SARIF_TRY(mls_buf_puts(b, "\n      "));
    SARIF_TRY(text_line(b, x->message));
    SARIF_TRY(mls_buf_putc(b, '\n'));
    if (x->snippet && *x->snippet) {
      /* Numbered source lines, the finding's line marked with '>'. */
      const char *p = x->snippet;
      uint32_t no = x->snippet_line ? x->snippet_line : 0;
      while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *line = mls_strndup(p, n);
        if (!line) {
          rc = MLS_ENOMEM;
          goto done;
        }
        if (no) {
          rc = mls_buf_printf(b, "    %c %5" PRIu32 " | ",
                              no == x->line ? '>' : ' ', no);
          no++;
        } else {
          rc = mls_buf_puts(b, "      | ");
        }
        rc = rc ? rc : text_str(b, line);
        rc = rc ? rc : mls_buf_putc(b, '\n');
        mls_free(line);
        SARIF_TRY(rc);
        p += n + (e ? 1 : 0);
      }
    }
    if (m) {
      const char *fix = x->framework == MLS_RES_CLOUDFORMATION
                            ? m->remediation_cfn
                            : m->remediation_tf;
      if (fix && *fix) {
        /* The fix snippet, every line indented under "fix:". */
        const char *q = fix;
        SARIF_TRY(mls_buf_puts(b, "      fix:\n"));
        while (*q) {
          const char *e = strchr(q, '\n');
          size_t n = e ? (size_t)(e - q) : strlen(q);
          char *line = mls_strndup(q, n);
          if (!line) {
            rc = MLS_ENOMEM;
            goto done;
          }
          rc = mls_buf_puts(b, "        ");
          rc = rc ? rc : text_str(b, line);
          rc = rc ? rc : mls_buf_putc(b, '\n');
          mls_free(line);
          SARIF_TRY(rc);
          q += n + (e ? 1 : 0);
        }
      }
    }
  }
  rc = mls_buf_putc(b, '\n');
done:
  return rc;
}

/* The result carries a full mlsweep/v1 fingerprint. */
static bool fp_ok(const char fp[SARIF_FINGERPRINT_SIZE])
{
  return memchr(fp, '\0', SARIF_FINGERPRINT_SIZE) == fp + 32;
}

static int piece_json(sarif_report *w, mls_buf *b, const mls_repo_report *r)
{
  int rc = 0;
  bool first = true;
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    const rule_meta *m = sarif__rule(w->rules, x);
    char fp[SARIF_FINGERPRINT_SIZE];
    SARIF_TRY(piece_part(w, b, r));
    if (fp_ok(x->fingerprint)) {
      memcpy(fp, x->fingerprint, sizeof(fp));
      fp[32] = '\0';
    } else {
      SARIF_TRY(sarif_fingerprint(fp, m ? m->id : x->rule_id, x->address,
                                  x->module, x->path));
    }
    SARIF_TRY(mls_buf_puts(b, first ? "{\"repo\":" : ",\n{\"repo\":"));
    first = false;
    SARIF_TRY(sarif__jstr(b, r->name));
    SARIF_TRY(mls_buf_puts(b, ",\"path\":"));
    SARIF_TRY(sarif__jstr(b, x->path));
    SARIF_TRY(mls_buf_printf(
        b, ",\"line\":%" PRIu32 ",\"column\":%" PRIu32 ",\"rule\":", x->line,
        x->col));
    SARIF_TRY(sarif__jstr(b, m ? m->id : x->rule_id));
    SARIF_TRY(mls_buf_printf(b, ",\"severity\":\"%s\",\"status\":\"%s\"",
                             mls_rsev_name(x->severity),
                             mls_status_name(x->status)));
    SARIF_TRY(mls_buf_puts(b, ",\"resource_type\":"));
    SARIF_TRY(sarif__jstr(b, x->resource_type));
    SARIF_TRY(mls_buf_puts(b, ",\"resource\":"));
    SARIF_TRY(sarif__jstr(b, x->address));
    SARIF_TRY(mls_buf_puts(b, ",\"module\":"));
    SARIF_TRY(sarif__jstr(b, x->module));
    SARIF_TRY(mls_buf_puts(b, ",\"message\":"));
    SARIF_TRY(sarif__jstr(b, x->message));
    SARIF_TRY(mls_buf_printf(b, ",\"fingerprint\":\"%s\"", fp));
    if (x->status == MLS_ST_FAIL) {
      /* Against a --baseline: known before, or new in this sweep. */
      SARIF_TRY(mls_buf_printf(b, ",\"baseline\":\"%s\"",
                               x->baseline_existing ? "existing" : "new"));
    }
    /* A suppression that applies, or one that expired and so no longer
     * does (the result then stays failing and says why). */
    if (x->has_supp && (x->status == MLS_ST_SUPPRESSED || x->supp.expired)) {
      SARIF_TRY(mls_buf_puts(b, ",\"suppression\":{\"origin\":"));
      SARIF_TRY(sarif__jstr(b, x->supp.origin));
      SARIF_TRY(mls_buf_puts(b, ",\"reason\":"));
      SARIF_TRY(sarif__jstr(b, x->supp.reason));
      SARIF_TRY(mls_buf_puts(b, ",\"expires\":"));
      if (x->supp.expires) {
        SARIF_TRY(sarif__jstr(b, x->supp.expires));
      } else {
        SARIF_TRY(mls_buf_puts(b, "null"));
      }
      SARIF_TRY(mls_buf_printf(b, ",\"expired\":%s,\"in_source\":%s",
                               x->supp.expired ? "true" : "false",
                               x->supp.in_source ? "true" : "false"));
      if (x->supp.line > 0) {
        SARIF_TRY(mls_buf_printf(b, ",\"line\":%" PRIu32, x->supp.line));
      }
      SARIF_TRY(mls_buf_putc(b, '}'));
    }
    SARIF_TRY(mls_buf_putc(b, '}'));
  }
done:
  return rc;
}

/* JSON: a repository's diagnostics (and whether it was swept at all), so
 * an unreadable file or repository is in the JSON output too. */
static int piece_json_diags(mls_buf *b, const mls_repo_report *r)
{
  int rc = 0;
  if (r->failed) {
    SARIF_TRY(mls_buf_puts(b, "{\"repo\":"));
    SARIF_TRY(sarif__jstr(b, r->name));
    SARIF_TRY(mls_buf_puts(b, ",\"severity\":\"error\",\"message\":"
                              "\"the repository was not swept\"}"));
  }
  for (size_t i = 0; i < r->diag.n; i++) {
    const mls_diag_entry *d = &r->diag.v[i];
    if (b->len) {
      SARIF_TRY(mls_buf_puts(b, ",\n"));
    }
    SARIF_TRY(mls_buf_puts(b, "{\"repo\":"));
    SARIF_TRY(sarif__jstr(b, r->name));
    if (d->path) {
      SARIF_TRY(mls_buf_puts(b, ",\"path\":"));
      SARIF_TRY(sarif__jstr(b, d->path));
    }
    if (d->has_range) {
      SARIF_TRY(mls_buf_printf(b, ",\"line\":%" PRIu32, d->range.start.line));
    }
    SARIF_TRY(mls_buf_printf(
        b, ",\"severity\":\"%s\",\"message\":", sarif__diag_level(d->sev)));
    SARIF_TRY(sarif__jstr(b, d->message));
    SARIF_TRY(mls_buf_putc(b, '}'));
  }
  if (r->diag.dropped) {
    if (b->len) {
      SARIF_TRY(mls_buf_puts(b, ",\n"));
    }
    SARIF_TRY(mls_buf_puts(b, "{\"repo\":"));
    SARIF_TRY(sarif__jstr(b, r->name));
    SARIF_TRY(mls_buf_printf(b,
                             ",\"severity\":\"note\",\"message\":\"%zu "
                             "more diagnostics not kept\"}",
                             r->diag.dropped));
  }
done:
  return rc;
}

/* One testsuite per repository, one testcase per (rule, resource):
 * failing results are failures, unknown and suppressed ones skipped. */
static int piece_junit(sarif_report *w, mls_buf *b, const mls_repo_report *r)
{
  uint64_t st[4] = { 0 };
  int rc;

  count_repo(r, st);
  SARIF_TRY(mls_buf_puts(b, "  <testsuite name=\""));
  SARIF_TRY(xml_str(b, r->name));
  SARIF_TRY(mls_buf_printf(b,
                           "\" tests=\"%" PRIu64 "\" failures=\"%" PRIu64
                           "\" errors=\"%d\" skipped=\"%" PRIu64 "\">\n",
                           st[MLS_ST_PASS] + st[MLS_ST_FAIL] +
                               st[MLS_ST_UNKNOWN] + st[MLS_ST_SUPPRESSED],
                           st[MLS_ST_FAIL], r->failed ? 1 : 0,
                           st[MLS_ST_UNKNOWN] + st[MLS_ST_SUPPRESSED]));
  if (r->failed) {
    SARIF_TRY(mls_buf_puts(b, "    <testcase classname=\"mlsweep\" "
                              "name=\"sweep\"><error message=\""));
    SARIF_TRY(xml_str(b, r->diag.n ? r->diag.v[0].message : "not swept"));
    SARIF_TRY(mls_buf_puts(b, "\"/></testcase>\n"));
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const mls_result *x = &r->results[i];
    const rule_meta *m = sarif__rule(w->rules, x);
    SARIF_TRY(piece_part(w, b, r));
    SARIF_TRY(mls_buf_puts(b, "    <testcase classname=\""));
    SARIF_TRY(xml_str(b, m ? m->id : x->rule_id));
    SARIF_TRY(mls_buf_puts(b, "\" name=\""));
    SARIF_TRY(xml_str(b, x->address));
    if (x->module && *x->module) {
      SARIF_TRY(mls_buf_puts(b, " via "));
      SARIF_TRY(xml_str(b, x->module));
    }
    SARIF_TRY(mls_buf_puts(b, "\" file=\""));
    SARIF_TRY(xml_str(b, x->path));
    SARIF_TRY(mls_buf_printf(b, "\" line=\"%" PRIu32 "\"", x->line));
    switch (x->status) {
    case MLS_ST_FAIL:
      SARIF_TRY(mls_buf_printf(b, "><failure type=\"%s\" message=\"",
                               mls_rsev_name(x->severity)));
      SARIF_TRY(xml_str(b, x->message));
      SARIF_TRY(mls_buf_puts(b, "\">"));
      SARIF_TRY(xml_str(b, x->path));
      SARIF_TRY(mls_buf_printf(b, ":%" PRIu32 ": ", x->line));
      SARIF_TRY(xml_str(b, x->message));
      SARIF_TRY(mls_buf_puts(b, "</failure></testcase>\n"));
      break;
    case MLS_ST_UNKNOWN:
    case MLS_ST_SUPPRESSED:
      SARIF_TRY(mls_buf_printf(b, "><skipped message=\"%s\"/></testcase>\n",
                               mls_status_name(x->status)));
      break;
    default:
      SARIF_TRY(mls_buf_puts(b, "/>\n"));
    }
  }
  rc = mls_buf_puts(b, "  </testsuite>\n");
done:
  return rc;
}

static int compliance_cell(mls_buf *b, uint64_t pass, uint64_t fail)
{
  if (pass + fail == 0) {
    return mls_buf_puts(b, "n/a");
  }
  return mls_buf_printf(b, "%.1f%%",
                        100.0 * (double)pass / (double)(pass + fail));
}

static int piece_markdown(sarif_report *w, mls_buf *b, const mls_repo_report *r)
{
  uint64_t st[4] = { 0 };
  uint64_t sev[MLS_RSEV_CRITICAL + 1] = { 0 };
  int rc;

  (void)w;
  count_repo_sev(r, st, sev);
  SARIF_TRY(mls_buf_puts(b, "| "));
  SARIF_TRY(md_cell(b, r->name));
  SARIF_TRY(mls_buf_puts(b, r->failed ? " (not swept)" : ""));
  {
    /* The counts by hand: printf of nine numbers was most of a warm
     * sweep's output time (one row per repository). */
    const uint64_t cells[] = { sev[MLS_RSEV_CRITICAL], sev[MLS_RSEV_HIGH],
                               sev[MLS_RSEV_MEDIUM],   sev[MLS_RSEV_LOW],
                               st[MLS_ST_PASS],        st[MLS_ST_FAIL],
                               st[MLS_ST_UNKNOWN],     st[MLS_ST_SUPPRESSED] };
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
      SARIF_TRY(mls_buf_puts(b, " | "));
      SARIF_TRY(mls_buf_put_u64(b, cells[i]));
    }
  }
  SARIF_TRY(mls_buf_puts(b, " | "));
  SARIF_TRY(compliance_cell(b, st[MLS_ST_PASS], st[MLS_ST_FAIL]));
  rc = mls_buf_puts(b, " |\n");
done:
  return rc;
}

/* ---- the sweep's own diagnostics ------------------------------------------
 * They belong to no repository: JSON lists them first with "repo": null,
 * text and Markdown after the repositories, JUnit as a suite of its own. */

static size_t sweep_errors(const mls_diag *d)
{
  size_t n = 0;
  for (size_t i = 0; d && i < d->n; i++) {
    n += d->v[i].sev == MLS_SEV_ERROR;
  }
  return n;
}

static int sweep_json(mls_buf *b, const mls_diag *d)
{
  int rc = 0;
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    SARIF_TRY(mls_buf_puts(b, i ? ",\n{\"repo\":null" : "{\"repo\":null"));
    if (e->path) {
      SARIF_TRY(mls_buf_puts(b, ",\"path\":"));
      SARIF_TRY(sarif__jstr(b, e->path));
    }
    SARIF_TRY(mls_buf_printf(
        b, ",\"severity\":\"%s\",\"message\":", sarif__diag_level(e->sev)));
    SARIF_TRY(sarif__jstr(b, e->message));
    SARIF_TRY(mls_buf_putc(b, '}'));
  }
  if (d->dropped) {
    SARIF_TRY(mls_buf_printf(b,
                             "%s{\"repo\":null,\"severity\":\"note\","
                             "\"message\":\"%zu more diagnostics not kept\"}",
                             d->n ? ",\n" : "", d->dropped));
  }
done:
  return rc;
}

/* One line per diagnostic: text's "  ! " lines, Markdown's list items. */
static int sweep_lines(mls_buf *b, const mls_diag *d, bool md)
{
  int rc = 0;
  SARIF_TRY(mls_buf_puts(b, md ? "\n**The sweep:**\n\n" : "The sweep:\n"));
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    SARIF_TRY(mls_buf_printf(
        b, md ? "- %s: " : "  ! %s: ", sarif__diag_level(e->sev)));
    if (e->path) {
      SARIF_TRY(md ? md_cell(b, e->path) : text_line(b, e->path));
      SARIF_TRY(mls_buf_puts(b, ": "));
    }
    SARIF_TRY(md ? md_cell(b, e->message) : text_line(b, e->message));
    SARIF_TRY(mls_buf_putc(b, '\n'));
  }
  if (d->dropped) {
    SARIF_TRY(mls_buf_printf(b, "%s%zu more diagnostics not kept\n",
                             md ? "- " : "  ! ", d->dropped));
  }
  if (!md) {
    SARIF_TRY(mls_buf_putc(b, '\n'));
  }
done:
  return rc;
}

static int sweep_junit(mls_buf *b, const mls_diag *d)
{
  size_t nerr = sweep_errors(d);
  int rc = 0;
  SARIF_TRY(mls_buf_printf(b,
                           "  <testsuite name=\"(sweep)\" tests=\"%zu\" "
                           "failures=\"0\" errors=\"%zu\" skipped=\"0\">\n",
                           nerr, nerr));
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    if (e->sev != MLS_SEV_ERROR) {
      continue;
    }
    SARIF_TRY(mls_buf_puts(b, "    <testcase classname=\"mlsweep\" "
                              "name=\"sweep\"><error message=\""));
    if (e->path) {
      SARIF_TRY(xml_str(b, e->path));
      SARIF_TRY(mls_buf_puts(b, ": "));
    }
    SARIF_TRY(xml_str(b, e->message));
    SARIF_TRY(mls_buf_puts(b, "\"/></testcase>\n"));
  }
  SARIF_TRY(mls_buf_puts(b, "    <system-out>"));
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    SARIF_TRY(mls_buf_printf(b, "%s: ", sarif__diag_level(e->sev)));
    if (e->path) {
      SARIF_TRY(xml_str(b, e->path));
      SARIF_TRY(mls_buf_puts(b, ": "));
    }
    SARIF_TRY(xml_str(b, e->message));
    SARIF_TRY(mls_buf_putc(b, '\n'));
  }
  if (d->dropped) {
    SARIF_TRY(mls_buf_printf(b, "%zu more diagnostics not kept\n", d->dropped));
  }
  rc = mls_buf_puts(b, "</system-out>\n  </testsuite>\n");
done:
  return rc;
}

int sarif_report_add(sarif_report *w, const mls_repo_report *r)
{
  mls_buf b = MLS_BUF_INIT(SARIF_MAX_DOC_BYTES);
  int rc;

  MLS_ASSERT_ARG(w && r);
  switch (w->fmt) {
  case SARIF_FMT_TEXT:
    rc = piece_text(w, &b, r);
    break;
  case SARIF_FMT_JSON:
    rc = piece_json(w, &b, r);
    break;
  case SARIF_FMT_JUNIT:
    rc = piece_junit(w, &b, r);
    break;
  default:
    rc = piece_markdown(w, &b, r);
  }
  if (rc == 0) {
    rc = sarif__spool_part(&w->spool, r->name, &b, true, 0);
  }
  sarif__spool_drop_open(&w->spool); /* a failed build's part, if any */
  if (rc == 0 && w->fmt == SARIF_FMT_JSON) {
    mls_buf_clear(&b);
    rc = piece_json_diags(&b, r);
    if (rc == 0) {
      rc = sarif__spool_add(&w->dspool, r->name, b.ptr ? b.ptr : "", b.len, 0);
    }
  }
  if (rc == 0) {
    count_repo_sev(r, w->st, w->sev);
    w->repos++;
    w->repos_failed += r->failed ? 1 : 0;
  }
  mls_buf_dispose(&b);
  return rc;
}

int sarif_report_finish(sarif_report *w)
{
  mls_buf b = MLS_BUF_INIT(1 << 20);
  bool json_first = true;
  const mls_diag *sw =
      w && w->sweep && (w->sweep->n || w->sweep->dropped) ? w->sweep : NULL;
  int rc;

  MLS_ASSERT_ARG(w);
  sarif__spool_sort(&w->spool);
  switch (w->fmt) {
  case SARIF_FMT_JSON:
    SARIF_TRY(mls_buf_puts(&b, SARIF_RESULTS_HEAD));
    break;
  case SARIF_FMT_JUNIT:
    SARIF_TRY(mls_buf_printf(
        &b,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"mlsweep\" tests=\"%" PRIu64 "\" failures=\"%" PRIu64
        "\" errors=\"%" PRIu64 "\">\n",
        w->st[0] + w->st[1] + w->st[2] + w->st[3] + sweep_errors(sw),
        w->st[MLS_ST_FAIL], w->repos_failed + sweep_errors(sw)));
    break;
  case SARIF_FMT_MARKDOWN:
    SARIF_TRY(mls_buf_puts(
        &b, "## mlsweep\n\n| Repository | Critical | High | Medium | Low | "
            "Passed | Failed | Unknown | Suppressed | Compliance |\n"
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"));
    break;
  default:
    break;
  }
  SARIF_TRY(sarif__fput(w->dst, b.ptr, b.len));
  mls_buf_clear(&b);
  for (size_t i = 0; i < w->spool.n; i++) {
    if (w->fmt == SARIF_FMT_JSON) {
      if (w->spool.v[i].len == 0) {
        continue; /* a repository without results */
      }
      if (!json_first) {
        SARIF_TRY(sarif__fput(w->dst, ",\n", 2));
      }
      json_first = false;
    }
    SARIF_TRY(sarif__spool_copy(&w->spool, i, w->dst));
  }
  switch (w->fmt) {
  case SARIF_FMT_JSON:
    SARIF_TRY(
        sarif__fput(w->dst, SARIF_RESULTS_MID, strlen(SARIF_RESULTS_MID)));
    sarif__spool_sort(&w->dspool);
    json_first = true;
    if (sw) {
      SARIF_TRY(sweep_json(&b, sw));
      SARIF_TRY(sarif__fput(w->dst, b.ptr, b.len));
      mls_buf_clear(&b);
      json_first = false;
    }
    for (size_t i = 0; i < w->dspool.n; i++) {
      if (w->dspool.v[i].len == 0) {
        continue;
      }
      if (!json_first) {
        SARIF_TRY(sarif__fput(w->dst, ",\n", 2));
      }
      json_first = false;
      SARIF_TRY(sarif__spool_copy(&w->dspool, i, w->dst));
    }
    SARIF_TRY(mls_buf_puts(&b, SARIF_RESULTS_TAIL));
    break;
  case SARIF_FMT_JUNIT:
    if (sw) {
      SARIF_TRY(sweep_junit(&b, sw));
    }
    SARIF_TRY(mls_buf_puts(&b, "</testsuites>\n"));
    break;
  case SARIF_FMT_MARKDOWN:
    SARIF_TRY(mls_buf_printf(
        &b,
        "| **all %" PRIu64 " repositories** | %" PRIu64 " | %" PRIu64
        " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64
        " | %" PRIu64 " | ",
        w->repos, w->sev[MLS_RSEV_CRITICAL], w->sev[MLS_RSEV_HIGH],
        w->sev[MLS_RSEV_MEDIUM], w->sev[MLS_RSEV_LOW], w->st[0], w->st[1],
        w->st[2], w->st[3]));
    SARIF_TRY(compliance_cell(&b, w->st[0], w->st[1]));
    SARIF_TRY(mls_buf_puts(&b, " |\n"));
    if (sw) {
      SARIF_TRY(sweep_lines(&b, sw, true));
    }
    break;
  default:
    if (sw) {
      SARIF_TRY(sweep_lines(&b, sw, false));
    }
    SARIF_TRY(mls_buf_printf(
        &b,
        "Summary: %" PRIu64 " repositories (%" PRIu64 " not swept)\n"
        "  severity   failing\n  critical   %8" PRIu64
        "\n  high       %8" PRIu64 "\n  medium     %8" PRIu64
        "\n  low        %8" PRIu64 "\n"
        "  checks: passed %" PRIu64 ", failed %" PRIu64 ", unknown %" PRIu64
        ", suppressed %" PRIu64 ", compliance ",
        w->repos, w->repos_failed, w->sev[MLS_RSEV_CRITICAL],
        w->sev[MLS_RSEV_HIGH], w->sev[MLS_RSEV_MEDIUM], w->sev[MLS_RSEV_LOW],
        w->st[0], w->st[1], w->st[2], w->st[3]));
    SARIF_TRY(compliance_cell(&b, w->st[0], w->st[1]));
    SARIF_TRY(mls_buf_putc(&b, '\n'));
  }
  SARIF_TRY(sarif__fput(w->dst, b.ptr, b.len));
  rc = fflush(w->dst) == 0 ? MLS_OK : MLS_EIO;
done:
  mls_buf_dispose(&b);
  return rc;
}
