/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/sarif/sarif_gen.c -- write every output of sarif/ for a set of
 * hand-built repository reports, so the scripts beside it can check them with
 * GitHub's rules, the OASIS schema and a strict OpenMetrics parser.
 *
 * usage: sarif_gen OUTDIR
 * Writes OUTDIR/repos/<safe name>.sarif (one per repository), org.sarif,
 * stats.json, metrics.prom, report.{txt,json,xml,md}, and input.json: the
 * results as built here (status, severity, rule, path, line), from which
 * the checker works out the counts it expects on its own. Reports are
 * added in reverse name order, as a parallel engine might finish them.
 */
#define _POSIX_C_SOURCE 200809L

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/jsonw.h"
#include "core/base/rc.h"
#include "sarif/sarif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const sm_tags[] = { "sagemaker", "network" };
static const char *const s3_tags[] = { "s3", "encryption", "storage" };
static const char *const fw1[] = { "NIST-800-53:SC-7", "CIS-AWS-1.5:2.1.1" };

static const rule_meta rule_defs[] = {
  { "MLS-S3-001",
    "S3 bucket is not encrypted with a customer managed key",
    MLS_RSEV_MEDIUM,
    "Objects in the bucket are encrypted with an AWS-owned key, so access "
    "to the key cannot be audited or revoked.",
    "server_side_encryption_configuration { rule { "
    "apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\" "
    "} } }",
    "BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - "
    "ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n",
    NULL,
    s3_tags,
    3,
    fw1,
    2,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    "builtin:rules/s3/MLS-S3-001.yaml",
    false },
  { "MLS-SM-001",
    "SageMaker notebook instance has direct internet access",
    MLS_RSEV_HIGH,
    "A notebook instance with direct internet access can send data out and "
    "pull unvetted code.",
    "direct_internet_access = \"Disabled\"",
    "DirectInternetAccess: Disabled",
    NULL,
    sm_tags,
    2,
    fw1,
    1,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    "builtin:rules/sagemaker/MLS-SM-001.yaml",
    false },
  { "MLS-SM-002",
    "SageMaker endpoint allows root access",
    MLS_RSEV_CRITICAL,
    NULL,
    NULL,
    NULL,
    "https://example.com/rules/MLS-SM-002",
    sm_tags,
    1,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    "user:x.yaml",
    true },
  { "MLS-SM-003",
    "SageMaker model has no network isolation",
    MLS_RSEV_LOW,
    "Containers can make outbound calls.",
    "enable_network_isolation = true",
    NULL,
    NULL,
    sm_tags,
    1,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    NULL,
    0,
    "builtin:rules/sagemaker/MLS-SM-003.yaml",
    false },
};
#define NRULES (sizeof(rule_defs) / sizeof(rule_defs[0]))

static const char MAIN_TF[] =
    "resource \"aws_sagemaker_notebook_instance\" \"nb\" {\n"
    "  direct_internet_access = \"Enabled\"\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"data\" {\n"
    "  bucket = \"ml-data\"\n"
    "}\n";

static const char VARIABLES_TF[] = "variable \"internet\" {\n"
                                   "  type    = string\n"
                                   "  default = \"Enabled\"\n"
                                   "}\n";

static void die(const char *what, int rc)
{
  fprintf(stderr, "sarif_gen: %s failed: %s\n", what, mls_rc_name(rc));
  exit(1);
}

static char *dup(mls_arena *a, const char *s)
{
  char *p = mls_arena_strndup(a, s, strlen(s));
  if (!p) {
    die("arena", MLS_ENOMEM);
  }
  return p;
}

typedef struct builder {
  mls_repo_report r; /* the report being built */
  size_t cap;        /* results allocated */
} builder;

static void begin(builder *b, const char *name)
{
  memset(b, 0, sizeof(*b));
  b->r.arena = mls_arena_new((size_t)256 << 20);
  if (!b->r.arena) {
    die("arena", MLS_ENOMEM);
  }
  b->r.name = dup(b->r.arena, name);
  b->r.target = b->r.name;
}

static mls_result *add(builder *b, uint32_t rule, mls_status st, mls_rsev sev,
                       const char *path, uint32_t line, const char *addr,
                       const char *module)
{
  if (b->r.nresults == b->cap) {
    size_t ncap = b->cap ? b->cap * 2 : 64;
    mls_result *nv = mls_realloc(b->r.results, ncap * sizeof(*nv));
    if (!nv) {
      die("realloc", MLS_ENOMEM);
    }
    b->r.results = nv;
    b->cap = ncap;
  }
  mls_result *x = &b->r.results[b->r.nresults++];
  memset(x, 0, sizeof(*x));
  x->rule_id = rule_defs[rule].id;
  x->rule_index = rule;
  x->severity = sev;
  x->status = st;
  x->framework = MLS_RES_TERRAFORM;
  x->path = dup(b->r.arena, path);
  x->line = line;
  x->col = 3;
  x->end_line = line;
  x->resource_type = "aws_sagemaker_notebook_instance";
  x->address = dup(b->r.arena, addr);
  x->module = dup(b->r.arena, module);
  x->attr = "direct_internet_access";
  char msg[512];
  snprintf(msg, sizeof(msg), "%s%s%s: %s.", module, *module ? "." : "", addr,
           rule_defs[rule].title);
  x->message = dup(b->r.arena, msg);
  x->snippet = "  direct_internet_access = \"Enabled\"";
  if (sarif_fingerprint(x->fingerprint, x->rule_id, x->address, x->module,
                        x->path) < 0) {
    die("fingerprint", MLS_ENOMEM);
  }
  return x;
}

static void end(builder *b)
{
  mls_free(b->r.results);
  mls_diag_dispose(&b->r.diag);
  mls_arena_free(b->r.arena);
}

/* The outputs, and input.json. */
typedef struct outputs {
  const char *dir;      /* OUTDIR */
  sarif_rules rules;    /* the rule table */
  sarif_opts opts;      /* default options */
  sarif_org *org;       /* org.sarif */
  sarif_stats *stats;   /* stats.json, metrics.prom */
  sarif_report *rep[4]; /* text, json, junit, markdown */
  FILE *input;          /* input.json */
  bool first;           /* no repository in input.json yet */
} outputs;

static void emit(outputs *o, builder *b, const sarif_opts *opts)
{
  mls_diag diag = MLS_DIAG_INIT;
  sarif_repo_info info;
  char dir[4096];
  int rc;

  snprintf(dir, sizeof(dir), "%s/repos", o->dir);
  if ((rc = sarif_write_repo_file(dir, &b->r, &o->rules, opts, &info, &diag)) <
      0) {
    die("sarif_write_repo_file", rc);
  }
  if ((rc = sarif_org_add(o->org, &b->r)) < 0) {
    die("sarif_org_add", rc);
  }
  if ((rc = sarif_stats_add(o->stats, &b->r, &info)) < 0) {
    die("sarif_stats_add", rc);
  }
  for (int i = 0; i < 4; i++) {
    if ((rc = sarif_report_add(o->rep[i], &b->r)) < 0) {
      die("sarif_report_add", rc);
    }
  }
  /* input.json: the results as built, and what the writer reported. */
  char safe[SARIF_SAFE_NAME_SIZE];
  sarif_safe_name(safe, b->r.name);
  mls_buf j = MLS_BUF_INIT((size_t)1 << 30);
  rc = mls_buf_puts(&j, o->first ? "\n" : ",\n");
  o->first = false;
  rc = rc ? rc : mls_buf_puts(&j, "{\"name\":");
  rc = rc ? rc : mls_json_string(&j, b->r.name, strlen(b->r.name));
  rc = rc ? rc
          : mls_buf_printf(&j,
                           ",\"file\":\"%s.sarif\",\"max_results\":%zu,"
                           "\"max_gzip_bytes\":%zu,\"cut_size\":%zu,"
                           "\"results\":[",
                           safe, opts->max_results, opts->max_gzip_bytes,
                           info.cut_size);
  for (size_t i = 0; i < b->r.nresults && rc == 0; i++) {
    const mls_result *x = &b->r.results[i];
    rc = mls_buf_printf(&j, "%s[\"%s\",\"%s\",%u,", i ? "," : "",
                        mls_status_name(x->status), mls_rsev_name(x->severity),
                        x->rule_index);
    rc = rc ? rc : mls_json_string(&j, x->path, strlen(x->path));
    rc = rc ? rc : mls_buf_printf(&j, ",%u]", x->line);
  }
  rc = rc ? rc : mls_buf_puts(&j, "]}");
  if (rc < 0 || fwrite(j.ptr, 1, j.len, o->input) != j.len) {
    die("input.json", rc ? rc : MLS_EIO);
  }
  mls_buf_dispose(&j);
  mls_diag_dispose(&diag);
}

static void hash_file(builder *b, const char *path, const char *text)
{
  int rc = sarif_line_hash_fill(b->r.results, b->r.nresults, path, text,
                                strlen(text));
  if (rc < 0) {
    die("sarif_line_hash_fill", rc);
  }
}

/* A small repository with every kind of result. */
static void repo_small(outputs *o)
{
  builder b;
  mls_range at = { { 0, 5, 1 }, { 0, 5, 9 } };
  begin(&b, "acme/ml-infra");
  b.r.uri = "https://x-access-token:secret@github.com/acme/ml-infra.git";
  b.r.commit = "0123456789abcdef0123456789abcdef01234567";
  b.r.branch = "refs/heads/main";
  b.r.counts.files_tf = 3;
  b.r.counts.resources = 4;
  b.r.counts.parse_failures = 1;
  add(&b, 1, MLS_ST_FAIL, MLS_RSEV_HIGH, "infra/ml dir/main.tf", 2,
      "aws_sagemaker_notebook_instance.nb", "");
  /* The same module line reached through a second caller: one alert. */
  add(&b, 1, MLS_ST_FAIL, MLS_RSEV_HIGH, "infra/ml dir/main.tf", 2,
      "aws_sagemaker_notebook_instance.nb", "module.second");
  add(&b, 2, MLS_ST_FAIL, MLS_RSEV_CRITICAL, "infra/ml dir/main.tf", 2,
      "aws_sagemaker_notebook_instance.nb", "");
  add(&b, 0, MLS_ST_PASS, MLS_RSEV_MEDIUM, "infra/ml dir/main.tf", 4,
      "aws_s3_bucket.data", "");
  add(&b, 0, MLS_ST_UNKNOWN, MLS_RSEV_MEDIUM, "infra/ml dir/main.tf", 5,
      "aws_s3_bucket.data", "");
  mls_result *s = add(&b, 3, MLS_ST_SUPPRESSED, MLS_RSEV_LOW,
                      "infra/ml dir/main.tf", 5, "aws_s3_bucket.data", "");
  s->has_supp = true;
  s->supp.origin = "checkov";
  s->supp.in_source = true;
  s->supp.reason = "isolation is handled by the VPC";
  s->supp.line = 4;
  /* Found at a variable's default, in another file: the resource's
   * declaration is a related location the message links to, and the
   * brackets of its address are escaped. */
  mls_result *v =
      add(&b, 1, MLS_ST_FAIL, MLS_RSEV_HIGH, "infra/ml dir/variables.tf", 3,
          "aws_sagemaker_notebook_instance.nb[\"a\"]", "");
  v->res_path = "infra/ml dir/main.tf";
  v->res_line = 1;
  hash_file(&b, "infra/ml dir/main.tf", MAIN_TF);
  hash_file(&b, "infra/ml dir/variables.tf", VARIABLES_TF);
  b.r.diag.path = "infra/broken.tf";
  mls_diag_add(&b.r.diag, MLS_EINPUT, &at, "unterminated string literal");
  b.r.diag.path = NULL;
  mls_diag_note(&b.r.diag, MLS_ELIMIT, MLS_SEV_WARNING, NULL,
                "for_each expansion capped at 1024 instances");
  emit(o, &b, &o->opts);
  end(&b);
}

/* More results than a run may hold: 26,000 failures over 26 files. */
static void repo_huge(outputs *o)
{
  builder b;
  mls_buf text = MLS_BUF_INIT((size_t)1 << 20);
  begin(&b, "acme/huge");
  b.r.uri = "git@github.com:acme/huge.git";
  b.r.commit = "89abcdef0123456789abcdef0123456789abcdef";
  for (int f = 0; f < 26; f++) {
    char path[64], addr[64];
    size_t first = b.r.nresults;
    snprintf(path, sizeof(path), "stacks/s%02d/main.tf", f);
    mls_buf_clear(&text);
    for (int l = 1; l <= 1000; l++) {
      mls_buf_printf(&text, "  attr_%d = %d\n", l, f);
      snprintf(addr, sizeof(addr), "aws_s3_bucket.b%d", l);
      add(&b, (uint32_t)(l % 4), MLS_ST_FAIL, (mls_rsev)(1 + (l + f) % 4), path,
          (uint32_t)l, addr, "");
    }
    int rc = sarif_line_hash_fill(b.r.results + first, b.r.nresults - first,
                                  NULL, text.ptr, text.len);
    if (rc < 0) {
      die("sarif_line_hash_fill", rc);
    }
  }
  mls_buf_dispose(&text);
  emit(o, &b, &o->opts);
  end(&b);
}

/* Over a (test-sized) gzip bound: unique messages that do not compress. */
static void repo_big(outputs *o)
{
  builder b;
  sarif_opts small = o->opts;
  mls_buf text = MLS_BUF_INIT((size_t)1 << 20);
  small.max_gzip_bytes = 20000;
  begin(&b, "Acme/Big Repo");
  for (int l = 1; l <= 600; l++) {
    char addr[96];
    snprintf(addr, sizeof(addr), "aws_s3_bucket.b%d", l);
    mls_result *x = add(&b, 0, MLS_ST_FAIL, (mls_rsev)(1 + l % 4), "main.tf",
                        (uint32_t)l, addr, "");
    char msg[160];
    snprintf(msg, sizeof(msg), "%s has no key %s%s.", addr, x->fingerprint,
             x->fingerprint + 7);
    x->message = dup(b.r.arena, msg);
    mls_buf_printf(&text, "b%d = %s\n", l, x->fingerprint);
  }
  hash_file(&b, "main.tf", text.ptr);
  mls_buf_dispose(&text);
  emit(o, &b, &small);
  end(&b);
}

/* A hostile name, a plain directory (no commit) that failed. */
static void repo_failed(outputs *o)
{
  builder b;
  begin(&b, "../../etc/passwd");
  b.r.failed = true;
  mls_diag_add(&b.r.diag, MLS_EGIT, NULL, "cannot open repository: bad HEAD");
  emit(o, &b, &o->opts);
  end(&b);
}

static FILE *open_out(const char *dir, const char *name)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) {
    die(path, MLS_EIO);
  }
  return f;
}

int main(int argc, char **argv)
{
  static const rule_meta *ptrs[NRULES];
  static const sarif_format fmts[4] = { SARIF_FMT_TEXT, SARIF_FMT_JSON,
                                        SARIF_FMT_JUNIT, SARIF_FMT_MARKDOWN };
  static const char *const fmt_files[4] = { "report.txt", "report.json",
                                            "report.xml", "report.md" };
  static const char *const targets[] = { "/srv/mirror" };
  outputs o;
  FILE *org_f, *rep_f[4], *f;
  char path[4096];
  int rc;

  if (argc != 2) {
    fprintf(stderr, "usage: sarif_gen OUTDIR\n");
    return 2;
  }
  memset(&o, 0, sizeof(o));
  o.dir = argv[1];
  for (size_t i = 0; i < NRULES; i++) {
    ptrs[i] = &rule_defs[i];
  }
  o.rules.v = ptrs;
  o.rules.n = NRULES;
  sarif_opts dflt = SARIF_OPTS_INIT;
  o.opts = dflt;
  o.opts.tool_version = "0.1.0";
  snprintf(path, sizeof(path), "%s/repos", o.dir);
  mkdir(o.dir, 0777);
  mkdir(path, 0777);
  org_f = open_out(o.dir, "org.sarif");
  o.input = open_out(o.dir, "input.json");
  fputs("{\"repos\":[", o.input);
  o.first = true;
  if ((rc = sarif_org_new(&o.org, org_f, &o.rules, &o.opts)) < 0 ||
      (rc = sarif_stats_new(&o.stats, &o.rules, &o.opts)) < 0) {
    die("new", rc);
  }
  for (int i = 0; i < 4; i++) {
    rep_f[i] = open_out(o.dir, fmt_files[i]);
    if ((rc = sarif_report_new(&o.rep[i], rep_f[i], fmts[i], &o.rules,
                               &o.opts)) < 0) {
      die("sarif_report_new", rc);
    }
  }
  /* Reverse name order: the writers must sort. */
  repo_small(&o);
  repo_huge(&o);
  repo_big(&o);
  repo_failed(&o);
  fputs("\n]}\n", o.input);
  fclose(o.input);
  if ((rc = sarif_org_finish(o.org)) < 0) {
    die("sarif_org_finish", rc);
  }
  fclose(org_f);
  for (int i = 0; i < 4; i++) {
    if ((rc = sarif_report_finish(o.rep[i])) < 0) {
      die("sarif_report_finish", rc);
    }
    fclose(rep_f[i]);
    sarif_report_free(o.rep[i]);
  }
  sarif_sweep_info sw = SARIF_SWEEP_INFO_INIT;
  sw.started = "2025-01-31T12:00:00Z";
  sw.duration_s = 84.25;
  sw.targets = targets;
  sw.ntargets = 1;
  sw.finished_unix = 1738324884.25;
  f = open_out(o.dir, "stats.json");
  if ((rc = sarif_stats_write_json(o.stats, f, &sw)) < 0) {
    die("sarif_stats_write_json", rc);
  }
  fclose(f);
  f = open_out(o.dir, "metrics.prom");
  if ((rc = sarif_stats_write_openmetrics(o.stats, f, &sw)) < 0) {
    die("sarif_stats_write_openmetrics", rc);
  }
  fclose(f);
  sarif_stats_free(o.stats);
  sarif_org_free(o.org);
  return 0;
}
