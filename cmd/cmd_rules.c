/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_rules.c -- `mlsweep rules list|show|test`: the rule library and
 * its fixtures.
 *
 * Stage: argv -> core/rules (+ core/eval for `test`) -> stdout. The set is
 * the built-in library plus every --rules FILE|DIR, compiled with no
 * configuration. `test DIR` follows docs/rules-format.md "Fixtures": for
 * each DIR/<ID>/, tf/ is one Terraform module and cfn/ holds templates
 * evaluated one by one; every resource of a type rule <ID> binds is named
 * for the status it must get (pass*, fail*, unknown*, none* for no result;
 * Pass*, Fail*, Unknown*, None* in CloudFormation). Inline suppressions are not
 * applied: the fixtures test conditions. Trusts nothing it reads (rule files
 * and fixtures are bounded by the loaders).
 */
#define _XOPEN_SOURCE 700 /* realpath, lstat */

#include "cmd/cmd.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/jsonw.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/cfn_eval.h"
#include "core/eval/tf_eval.h"
#include "core/model/model.h"
#include "core/rules/rules.h"
#include "parsers/cfn/cfn.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: mlsweep rules list [--format text|json] [--rules P]...\n"
    "       mlsweep rules show [--rules P]... ID\n"
    "       mlsweep rules test [--rules P]... DIR\n"
    "       mlsweep rules docs [--rules P]... OUTDIR\n"
    "\n"
    "The rule set is the built-in library plus each --rules FILE or DIR\n"
    "(mlsweep's rule format or Checkov YAML custom policies).\n"
    "\n"
    "  list   one line per rule (or a JSON array)\n"
    "  show   everything about one rule\n"
    "  test   evaluate the fixtures DIR/<ID>/tf and DIR/<ID>/cfn/* of each\n"
    "         rule and check every bound resource against its name\n"
    "         (pass*, fail*, unknown*, none*); exit 1 on any mismatch\n"
    "  docs   write one Markdown page per rule (OUTDIR/<ID>.md) and an\n"
    "         index (OUTDIR/README.md)\n"
    "\n"
    "Exit status: 0 ok, 1 a fixture mismatch, 2 usage or load errors.\n";

/* Options after parsing. */
typedef struct rules_opts {
  const char *action; /* borrowed: argv */
  const char *arg;    /* borrowed: argv: ID or DIR */
  const char **paths; /* owned array of borrowed argv: --rules */
  size_t npaths;
  bool json; /* --format json */
} rules_opts;

static void print_diag(const mls_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *e = &d->v[i];
    if (e->has_range && e->range.start.line) {
      fprintf(stderr, "%s:%u: %s\n", e->path ? e->path : "-",
              e->range.start.line, e->message);
    } else {
      fprintf(stderr, "%s: %s\n", e->path ? e->path : "-", e->message);
    }
  }
  if (d->dropped) {
    fprintf(stderr, "(%zu more diagnostics)\n", d->dropped);
  }
}

static int parse_args(rules_opts *o, int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--rules") == 0 || strncmp(a, "--rules=", 8) == 0) {
      const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
      const char **np;
      if (!v) {
        fputs("mlsweep rules: --rules needs a value\n", stderr);
        return MLS_EINPUT;
      }
      if (!(np = mls_realloc(o->paths, (o->npaths + 1) * sizeof(*np)))) {
        return MLS_ENOMEM;
      }
      o->paths = np;
      o->paths[o->npaths++] = v;
    } else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
      const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
      if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)) {
        fputs("mlsweep rules: --format is text or json\n", stderr);
        return MLS_EINPUT;
      }
      o->json = strcmp(v, "json") == 0;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "mlsweep rules: unknown option '%s'\n", a);
      return MLS_EINPUT;
    } else if (!o->action) {
      o->action = a;
    } else if (!o->arg) {
      o->arg = a;
    } else {
      fprintf(stderr, "mlsweep rules: unexpected argument '%s'\n", a);
      return MLS_EINPUT;
    }
  }
  return MLS_OK;
}

/* Build and compile the set; prints diagnostics. *ok is false when some
 * rule file failed to load. */
static int load_set(rule_set **out, const rules_opts *o, bool *ok)
{
  mls_diag d = MLS_DIAG_INIT;
  rule_set *rs = NULL;
  int rc;
  *out = NULL;
  *ok = true;
  if ((rc = rule_set_new(&rs)) < 0) {
    return rc;
  }
  rc = rule_set_add_builtin(rs, &d);
  /* The built-in patterns are compiled on first use in a sweep; here
   * (rules test: the rules.library check) a bad one fails at load. */
  if (rc != MLS_ENOMEM) {
    int r = rule_set_check_regexes(rs, &d);
    if (r < 0) {
      rc = r;
    }
  }
  for (size_t i = 0; i < o->npaths && rc != MLS_ENOMEM; i++) {
    int r = rule_set_add_path(rs, o->paths[i], &d);
    if (r < 0) {
      rc = r;
    }
  }
  if (rc == MLS_ENOMEM) {
    rule_set_free(rs);
    mls_diag_dispose(&d);
    return rc;
  }
  *ok = rc >= 0;
  if ((rc = rule_set_compile(rs, NULL, &d)) < 0) {
    print_diag(&d);
    rule_set_free(rs);
    mls_diag_dispose(&d);
    return rc;
  }
  print_diag(&d);
  *ok = *ok && d.nerrors == 0;
  mls_diag_dispose(&d);
  *out = rs;
  return MLS_OK;
}

/* ---- list and show --------------------------------------------------------
 */

static int json_strs(mls_buf *b, const char *key, const char *const *v,
                     size_t n)
{
  int rc = mls_buf_printf(b, ",\"%s\":[", key);
  for (size_t i = 0; i < n && rc >= 0; i++) {
    if (i) {
      rc = mls_buf_putc(b, ',');
    }
    if (rc >= 0) {
      rc = mls_json_string(b, v[i], strlen(v[i]));
    }
  }
  return rc >= 0 ? mls_buf_putc(b, ']') : rc;
}

static int json_str(mls_buf *b, const char *key, const char *v)
{
  int rc = mls_buf_printf(b, ",\"%s\":", key);
  if (rc >= 0) {
    rc = v ? mls_json_string(b, v, strlen(v)) : mls_buf_puts(b, "null");
  }
  return rc;
}

static int rule_json(mls_buf *b, const rule_meta *m)
{
  int rc = mls_buf_puts(b, "{\"id\":");
  if (rc >= 0) {
    rc = mls_json_string(b, m->id, strlen(m->id));
  }
  if (rc >= 0) {
    rc = json_str(b, "title", m->title);
  }
  if (rc >= 0) {
    rc = mls_buf_printf(b, ",\"severity\":\"%s\"", mls_rsev_name(m->severity));
  }
  if (rc >= 0) {
    rc = json_strs(b, "tags", m->tags, m->ntags);
  }
  if (rc >= 0) {
    rc = json_strs(b, "frameworks", m->frameworks, m->nframeworks);
  }
  if (rc >= 0) {
    rc = mls_buf_puts(b, ",\"peers\":{");
  }
  for (size_t i = 0; i < m->npeers && rc >= 0; i++) {
    rc = mls_buf_printf(b, "%s\"%s\":[", i ? "," : "", m->peers[i].tool);
    for (size_t j = 0; j < m->peers[i].nids && rc >= 0; j++) {
      if (j) {
        rc = mls_buf_putc(b, ',');
      }
      if (rc >= 0) {
        rc = mls_json_string(b, m->peers[i].ids[j], strlen(m->peers[i].ids[j]));
      }
    }
    if (rc >= 0) {
      rc = mls_buf_putc(b, ']');
    }
  }
  if (rc >= 0) {
    rc = mls_buf_putc(b, '}');
  }
  if (rc >= 0) {
    rc = json_strs(b, "envs", m->envs, m->nenvs);
  }
  if (rc >= 0) {
    rc = json_strs(b, "terraform", m->tf_types, m->ntf_types);
  }
  if (rc >= 0) {
    rc = json_strs(b, "cloudformation", m->cfn_types, m->ncfn_types);
  }
  if (rc >= 0) {
    rc = json_str(b, "source", m->source);
  }
  if (rc >= 0) {
    rc = mls_buf_printf(b, ",\"checkov_format\":%s}",
                        m->checkov_format ? "true" : "false");
  }
  return rc;
}

static int do_list(const rule_set *rs, bool json)
{
  if (json) {
    mls_buf b = MLS_BUF_INIT((size_t)MLS_ARENA_CAP_BYTES);
    int rc = mls_buf_putc(&b, '[');
    for (size_t i = 0; i < rule_set_count(rs) && rc >= 0; i++) {
      if (i) {
        rc = mls_buf_putc(&b, ',');
      }
      if (rc >= 0) {
        rc = rule_json(&b, rule_set_get(rs, i));
      }
    }
    if (rc >= 0) {
      rc = mls_buf_puts(&b, "]\n");
    }
    if (rc >= 0) {
      fwrite(b.ptr, 1, b.len, stdout);
    }
    mls_buf_dispose(&b);
    return rc >= 0 ? MLS_EXIT_OK : MLS_EXIT_USAGE;
  }
  for (size_t i = 0; i < rule_set_count(rs); i++) {
    const rule_meta *m = rule_set_get(rs, i);
    printf("%-14s %-8s %s%s%s\n", m->id, mls_rsev_name(m->severity), m->title,
           m->ntf_types ? " [terraform]" : "",
           m->ncfn_types ? " [cloudformation]" : "");
  }
  return MLS_EXIT_OK;
}

static void print_list(const char *label, const char *const *v, size_t n)
{
  if (!n) {
    return;
  }
  printf("%-15s", label);
  for (size_t i = 0; i < n; i++) {
    printf("%s%s", i ? ", " : "", v[i]);
  }
  putchar('\n');
}

static int do_show(const rule_set *rs, const char *id)
{
  int i = rule_set_find(rs, id);
  const rule_meta *m;
  if (i < 0) {
    fprintf(stderr, "mlsweep rules: no rule '%s'\n", id);
    return MLS_EXIT_USAGE;
  }
  m = rule_set_get(rs, (size_t)i);
  printf("%s: %s\n", m->id, m->title);
  printf("%-15s%s\n", "severity:", mls_rsev_name(m->severity));
  print_list("tags:", m->tags, m->ntags);
  print_list("frameworks:", m->frameworks, m->nframeworks);
  for (size_t j = 0; j < m->npeers; j++) {
    char label[32];
    snprintf(label, sizeof(label), "%s:", m->peers[j].tool);
    print_list(label, m->peers[j].ids, m->peers[j].nids);
  }
  print_list("envs:", m->envs, m->nenvs);
  print_list("terraform:", m->tf_types, m->ntf_types);
  print_list("cloudformation:", m->cfn_types, m->ncfn_types);
  printf("%-15s%s\n", "source:", m->source);
  if (m->help_uri) {
    printf("%-15s%s\n", "help:", m->help_uri);
  }
  if (m->description) {
    printf("\n%s", m->description);
  }
  if (m->remediation_tf) {
    printf("\nTerraform fix:\n%s", m->remediation_tf);
  }
  if (m->remediation_cfn) {
    printf("\nCloudFormation fix:\n%s", m->remediation_cfn);
  }
  return MLS_EXIT_OK;
}

/* ---- test -----------------------------------------------------------------
 */

/* Tally of one binding's fixtures. */
typedef struct tally {
  unsigned pass, fail, unknown; /* resources checked, by expected status */
  unsigned none;                /* resources the rule must give no result */
  unsigned bad;                 /* mismatches */
  bool present;                 /* the binding has fixtures */
  unsigned azpass, azfail;      /* of those, azapi_resource ones */
} tally;

/* A fixture resource the rule does not apply to (applies_if): no result. */
#define WANT_NONE 100

/* The expected status from a resource name, WANT_NONE, or -1. */
static int expected(mls_span name, bool cfn)
{
  static const char *const tf[] = { "pass", "fail", "unknown", "none" };
  static const char *const cf[] = { "Pass", "Fail", "Unknown", "None" };
  static const int st[] = { MLS_ST_PASS, MLS_ST_FAIL, MLS_ST_UNKNOWN,
                            WANT_NONE };
  for (int i = 0; i < 4; i++) {
    const char *p = cfn ? cf[i] : tf[i];
    size_t n = strlen(p);
    if (name.len >= n && memcmp(name.ptr, p, n) == 0) {
      return st[i];
    }
  }
  return -1;
}

/* Whether rule meta m binds resource r's type (an azapi_resource by any
 * of the rule's ARM types: its own is checked by the engine). */
static bool binds(const rule_meta *m, const mls_resource *r, bool cfn)
{
  const char *const *t = cfn ? m->cfn_types : m->tf_types;
  size_t n = cfn ? m->ncfn_types : m->ntf_types;
  for (size_t i = 0; i < n; i++) {
    if (mls_span_eq(r->type, t[i]) ||
        (!cfn && rule_type_is_azapi(t[i]) &&
         mls_span_eq(r->type, "azapi_resource"))) {
      return true;
    }
  }
  return false;
}

/* The name part of a Terraform address: after "<type>.", up to '['. */
static mls_span tf_name(const mls_resource *r)
{
  const char *a = r->address.ptr, *end = a + r->address.len;
  for (const char *p = a; p + r->type.len < end; p++) {
    if (memcmp(p, r->type.ptr, r->type.len) == 0 && p[r->type.len] == '.' &&
        (p == a || p[-1] == '.')) {
      const char *s = p + r->type.len + 1, *e = s;
      while (e < end && *e != '[') {
        e++;
      }
      return mls_span_of(s, (size_t)(e - s));
    }
  }
  return r->address;
}

/* Check rule `ri`'s findings in model m. */
static int check_model(const rule_set *rs, size_t ri, const mls_model *m,
                       bool cfn, const char *where, tally *t)
{
  rule_findings f;
  rule_eval_opts eo = RULE_EVAL_OPTS_INIT;
  const rule_meta *meta = rule_set_get(rs, ri);
  mls_diag d = MLS_DIAG_INIT;
  bool *seen = NULL;
  int rc;
  /* A rule scoped to envs is tested under the first of them. */
  eo.env = meta->nenvs ? meta->envs[0] : NULL;
  rule_findings_init(&f);
  rc = rule_eval_model(&f, rs, m, &eo, &d);
  print_diag(&d);
  mls_diag_dispose(&d);
  if (rc < 0) {
    rule_findings_dispose(&f);
    fprintf(stderr, "%s: rules failed (%s)\n", where, mls_rc_name(rc));
    t->bad++;
    return rc;
  }
  if (m->nresources && !(seen = mls_calloc(m->nresources, sizeof(*seen)))) {
    rule_findings_dispose(&f);
    t->bad++;
    return MLS_ENOMEM;
  }
  for (size_t i = 0; i < f.n; i++) {
    const mls_resource *r = &m->resources[f.v[i].resource];
    mls_span name;
    int want;
    if (f.v[i].rule != ri) {
      continue;
    }
    seen[f.v[i].resource] = true;
    name = cfn ? r->address : tf_name(r);
    want = expected(name, cfn);
    t->present = true;
    if (want < 0) {
      printf("  %s: %.*s: not named %s\n", where, (int)r->address.len,
             r->address.ptr,
             cfn ? "Pass*, Fail*, Unknown* or None*"
                 : "pass*, fail*, unknown* or none*");
      t->bad++;
      continue;
    }
    if (want == WANT_NONE) {
      printf("  %s: %.*s: got %s, want no result (%s)\n", where,
             (int)r->address.len, r->address.ptr,
             mls_status_name(f.v[i].status), f.v[i].message);
      t->bad++;
      continue;
    }
    t->pass += want == MLS_ST_PASS ? 1 : 0;
    t->fail += want == MLS_ST_FAIL ? 1 : 0;
    if (!cfn && mls_span_eq(r->type, "azapi_resource")) {
      t->azpass += want == MLS_ST_PASS ? 1 : 0;
      t->azfail += want == MLS_ST_FAIL ? 1 : 0;
    }
    t->unknown += want == MLS_ST_UNKNOWN ? 1 : 0;
    if ((int)f.v[i].status != want) {
      printf("  %s: %.*s: got %s, want %s (%s)\n", where, (int)r->address.len,
             r->address.ptr, mls_status_name(f.v[i].status),
             mls_status_name((mls_status)want), f.v[i].message);
      t->bad++;
    }
  }
  /* Every deployed resource of a bound type named for a result got one;
   * one named none* got none (above). */
  for (uint32_t i = 0; i < m->nresources; i++) {
    const mls_resource *r = &m->resources[i];
    int want;
    if (seen[i] || !r->deployed || r->mode != MLS_RM_MANAGED ||
        (want = expected(cfn ? r->address : tf_name(r), cfn)) < 0) {
      continue;
    }
    /* A resource named for a result is of a type the rule binds: a
     * binding lost would otherwise leave its fixtures silent. */
    if (!binds(meta, r, cfn)) {
      printf("  %s: %.*s: named for a result, but the rule binds no %.*s\n",
             where, (int)r->address.len, r->address.ptr, (int)r->type.len,
             r->type.ptr);
      t->bad++;
      continue;
    }
    t->present = true;
    if (want == WANT_NONE) {
      t->none++;
      continue;
    }
    /* An azapi_resource of another ARM type is not this rule's. */
    if (!cfn && mls_span_eq(r->type, "azapi_resource")) {
      continue;
    }
    printf("  %s: %.*s: got no result, want %s\n", where, (int)r->address.len,
           r->address.ptr, mls_status_name((mls_status)want));
    t->bad++;
  }
  mls_free(seen);
  rule_findings_dispose(&f);
  return MLS_OK;
}

static bool is_dir(const char *p)
{
  struct stat st;
  return lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* owned: sorted names of the entries of dir (no dot files), or NULL. */
static char **list_dir(const char *dir, size_t *n)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  if (!d) {
    return NULL;
  }
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (*n == cap) {
      char **nv;
      cap = cap ? cap * 2 : 16;
      if (!(nv = mls_realloc(v, cap * sizeof(*nv)))) {
        break;
      }
      v = nv;
    }
    if (!(v[*n] = mls_strndup(e->d_name, strlen(e->d_name)))) {
      break;
    }
    (*n)++;
  }
  closedir(d);
  if (v) {
    qsort(v, *n, sizeof(*v), cmp_str);
  }
  return v;
}

static void free_list(char **v, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    mls_free(v[i]);
  }
  mls_free(v);
}

static int read_file(const char *path, char **out, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf;
  size_t n;
  if (!f) {
    return MLS_EIO;
  }
  if (!(buf = mls_malloc((size_t)MLS_MAX_BLOB_BYTES + 2))) {
    fclose(f);
    return MLS_ENOMEM;
  }
  n = fread(buf, 1, (size_t)MLS_MAX_BLOB_BYTES + 1, f);
  fclose(f);
  if (n > MLS_MAX_BLOB_BYTES) {
    mls_free(buf);
    return MLS_ELIMIT;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return MLS_OK;
}

static void test_tf(const rule_set *rs, size_t ri, const char *fixdir, tally *t)
{
  char *root = realpath(fixdir, NULL);
  tf_source src;
  tf_loader *ld = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  if (!root) {
    t->bad++;
    return;
  }
  tf_disk_source(&src, root);
  if (tf_loader_new(&ld, &src) < 0 ||
      tf_eval_root(&m, ld, "tf", NULL, &d) < 0) {
    print_diag(&d);
    printf("  %s/tf: cannot be evaluated\n", fixdir);
    t->bad++;
  } else {
    check_model(rs, ri, m, false, "tf", t);
  }
  mls_model_free(m);
  tf_loader_free(ld);
  mls_diag_dispose(&d);
  mls_free_foreign(root);
}

static void test_cfn_file(const rule_set *rs, size_t ri, const char *path,
                          const char *name, tally *t)
{
  char *data = NULL;
  size_t len = 0;
  cfn_template *tm = NULL;
  mls_model *m = NULL;
  mls_diag d = MLS_DIAG_INIT;
  cfneval_opts co = CFNEVAL_OPTS_INIT;
  char where[MLS_MAX_PATH_BYTES + 8];
  snprintf(where, sizeof(where), "cfn/%s", name);
  co.path = where;
  if (read_file(path, &data, &len) < 0 || cfn_load(&tm, data, len, &d) < 0 ||
      !tm->is_template || cfneval_template(&m, tm, &co, &d) < 0) {
    print_diag(&d);
    printf("  %s: not an evaluable template\n", where);
    t->bad++;
  } else {
    check_model(rs, ri, m, true, where, t);
  }
  mls_model_free(m);
  cfn_template_free(tm);
  mls_diag_dispose(&d);
  mls_free(data);
}

static bool template_name(const char *n)
{
  size_t l = strlen(n);
  return (l > 5 && (strcmp(n + l - 5, ".yaml") == 0 ||
                    strcmp(n + l - 5, ".json") == 0)) ||
         (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

/* One binding's verdict; prints why it fails. */
static bool binding_ok(const char *what, const tally *t)
{
  if (!t->present) {
    return true;
  }
  if (!t->pass || !t->fail) {
    printf("  %s: needs at least one pass and one fail case (%u pass, %u "
           "fail)\n",
           what, t->pass, t->fail);
    return false;
  }
  return t->bad == 0;
}

static bool binds_azapi(const rule_meta *m)
{
  for (size_t i = 0; i < m->ntf_types; i++) {
    if (rule_type_is_azapi(m->tf_types[i])) {
      return true;
    }
  }
  return false;
}

static int do_test(const rule_set *rs, const char *dir)
{
  size_t n = 0, nrules = 0, nbad = 0;
  char **ids = list_dir(dir, &n);
  if (!ids && !is_dir(dir)) {
    fprintf(stderr, "mlsweep rules: %s: not a directory\n", dir);
    return MLS_EXIT_USAGE;
  }
  for (size_t i = 0; i < n; i++) {
    char fix[MLS_MAX_PATH_BYTES], sub[MLS_MAX_PATH_BYTES + 8];
    tally tt, tc;
    int ri = rule_set_find(rs, ids[i]);
    bool ok;
    snprintf(fix, sizeof(fix), "%s/%s", dir, ids[i]);
    if (!is_dir(fix)) {
      continue;
    }
    nrules++;
    if (ri < 0) {
      printf("FAIL %s: no such rule\n", ids[i]);
      nbad++;
      continue;
    }
    memset(&tt, 0, sizeof(tt));
    memset(&tc, 0, sizeof(tc));
    snprintf(sub, sizeof(sub), "%s/tf", fix);
    if (is_dir(sub)) {
      tt.present = true;
      test_tf(rs, (size_t)ri, fix, &tt);
    }
    snprintf(sub, sizeof(sub), "%s/cfn", fix);
    if (is_dir(sub)) {
      size_t nf = 0;
      char **files = list_dir(sub, &nf);
      for (size_t j = 0; j < nf; j++) {
        char path[2 * MLS_MAX_PATH_BYTES + 16];
        if (!template_name(files[j])) {
          continue;
        }
        tc.present = true;
        snprintf(path, sizeof(path), "%s/%s", sub, files[j]);
        test_cfn_file(rs, (size_t)ri, path, files[j], &tc);
      }
      free_list(files, nf);
    }
    ok = binding_ok("terraform", &tt) && binding_ok("cloudformation", &tc);
    if (ok && binds_azapi(rule_set_get(rs, (size_t)ri)) &&
        (!tt.azpass || !tt.azfail)) {
      /* Its own condition (by_type): tested on its own. */
      printf("  terraform: the azapi_resource types need at least one pass "
             "and one fail case (%u pass, %u fail)\n",
             tt.azpass, tt.azfail);
      ok = false;
    }
    if (!tt.present && !tc.present) {
      printf("  no tf/ or cfn/ fixtures\n");
      ok = false;
    }
    printf("%s %s: terraform %u pass, %u fail, %u unknown; cloudformation "
           "%u pass, %u fail, %u unknown\n",
           ok ? "ok  " : "FAIL", ids[i], tt.pass, tt.fail, tt.unknown, tc.pass,
           tc.fail, tc.unknown);
    nbad += ok ? 0 : 1;
  }
  free_list(ids, n);
  printf("%zu rule(s) tested, %zu failed\n", nrules, nbad);
  return nbad ? MLS_EXIT_FINDINGS : MLS_EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
  rules_opts o;
  rule_set *rs = NULL;
  bool ok = true;
  int rc, status = MLS_EXIT_USAGE;

  memset(&o, 0, sizeof(o));
  /* `rules help`, and --help after any action (`rules test --help`). */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 ||
        (i == 1 && strcmp(argv[i], "help") == 0)) {
      fputs(usage_text, stdout);
      return MLS_EXIT_OK;
    }
  }
  if ((rc = parse_args(&o, argc, argv)) < 0) {
    goto done;
  }
  if (!o.action || (strcmp(o.action, "list") != 0 && !o.arg) ||
      (strcmp(o.action, "list") == 0 && o.arg)) {
    fputs(usage_text, stderr);
    goto done;
  }
  if (strcmp(o.action, "list") != 0 && strcmp(o.action, "show") != 0 &&
      strcmp(o.action, "test") != 0 && strcmp(o.action, "docs") != 0) {
    fprintf(stderr, "mlsweep rules: unknown action '%s'\n", o.action);
    fputs(usage_text, stderr);
    goto done;
  }
  if ((rc = load_set(&rs, &o, &ok)) < 0) {
    fprintf(stderr, "mlsweep rules: cannot load the rules (%s)\n",
            mls_rc_name(rc));
    goto done;
  }
  if (strcmp(o.action, "list") == 0) {
    status = do_list(rs, o.json);
  } else if (strcmp(o.action, "show") == 0) {
    status = do_show(rs, o.arg);
  } else if (strcmp(o.action, "docs") == 0) {
    status = cmd__rules_docs(rs, o.arg);
  } else {
    status = do_test(rs, o.arg);
  }
  if (!ok && status == MLS_EXIT_OK) {
    status = MLS_EXIT_USAGE; /* some rule file did not load */
  }
done:
  rule_set_free(rs);
  mls_free(o.paths);
  if (fflush(stdout) != 0) {
    status = MLS_EXIT_USAGE;
  }
  return status;
}
