/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd/cmd_parse.c -- `mlsweep parse`: parse IaC files, print what was built.
 *
 * Stage: argv -> files -> parsers/hcl, parsers/cfn -> stdout. The default
 * output is hclref's canonical JSON (one line per file,
 * ../shared/tools/hclref), so the native parser can be compared with
 * HashiCorp's byte for byte; --format summary prints hclref's --summary;
 * --format stats a human summary of a tree of Terraform (`make demo`);
 * --format cfnref loads CloudFormation templates (parsers/cfn) and prints
 * ../shared/tools/cfnref's line per file; --bench N the parse-only
 * throughput in hclref --bench's shape. Paths come from argv and, with
 * --stdin, one per line from standard input; directories are walked
 * without following symbolic links. Trusts nothing it reads: file sizes are
 * bounded by MLS_MAX_BLOB_BYTES and every blob gets a NUL sentinel.
 * Single-threaded; output order is input order, so it is deterministic.
 */
#define _POSIX_C_SOURCE 200809L /* lstat, opendir, clock_gettime */

#include "cmd/cmd.h"
#include "cmd/parse_git.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "parsers/cfn/cfn.h"
#include "parsers/cfn/dump.h"
#include "parsers/hcl/dump.h"
#include "parsers/hcl/hcl.h"
#include "parsers/hcl/json.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Longest path accepted from argv, stdin or a directory walk. */
#define PARSE_MAX_PATH 4096

/* Output of one file may be this many times its size (plus a little):
 * hclref JSON of `[1,1,1,...]` is about 30 bytes per source byte. */
#define PARSE_OUT_FACTOR 64

/* The same with --ranges, where each node and step carries about 80 to 110
 * more bytes: `[1,1,1,...]` is about 85 bytes per source byte and
 * `a[*][*]...` about 130. A file past it is reported as too large. */
#define PARSE_OUT_FACTOR_RANGES 256

typedef enum parse_format {
  FORMAT_HCLREF = 0, /* hclref canonical JSON lines */
  FORMAT_SUMMARY,    /* hclref --summary */
  FORMAT_STATS,      /* human statistics */
  FORMAT_CFNREF      /* cfnref JSON lines (CloudFormation) */
} parse_format;

/* What --bench times. */
typedef enum bench_mode {
  BENCH_HCL = 0,    /* hcl_parse() or hcl_parse_json_ex() */
  BENCH_CFN,        /* cfn_load() */
  BENCH_YAML_EVENTS /* libyaml's bare event parse (cfn_yaml_events()) */
} bench_mode;

/* A growable list of owned strings. */
typedef struct str_list {
  char **v;   /* owned: n owned strings */
  size_t n;   /* strings held */
  size_t cap; /* slots allocated */
} str_list;

/* One file read into memory. */
typedef struct blob {
  char *data;  /* owned: size bytes plus a NUL sentinel */
  size_t size; /* bytes read */
} blob;

/* Counters for --format stats. */
typedef struct stats {
  size_t files[2];  /* files parsed, by hcl_syntax */
  size_t bytes[2];  /* bytes parsed, by hcl_syntax */
  size_t blocks[8]; /* top-level blocks, by the kinds in block_kinds */
  str_list errors;  /* owned: "path:line: message", one per bad file */
  str_list rtypes;  /* owned: the type label of each resource block */
} stats;

static const char *const block_kinds[8] = { "resource", "data",     "module",
                                            "variable", "output",   "locals",
                                            "provider", "terraform" };

static const char usage_text[] =
    "usage: mlsweep parse [--format hclref|summary|stats|cfnref] [--ranges]\n"
    "                     [--stdin] [--bench N [--runs R] [--yaml-events]]\n"
    "                     [FILE|DIR ...]\n"
    "\n"
    "Parses Terraform / HCL files and prints, per file in input order:\n"
    "  --format hclref   hclref's canonical JSON, one line per file (default)\n"
    "  --ranges          with --format hclref: a range on every expression\n"
    "                    node and traversal step, as hclref --ranges\n"
    "  --format summary  hclref's --summary text\n"
    "  --format stats    files, bytes, errors, block kinds, resource types\n"
    "  --format cfnref   CloudFormation: cfnref's JSON, one line per file\n"
    "  --bench N         time N parse passes over all files (no output)\n"
    "  --runs R          with --bench: R timed runs, the median is printed\n"
    "  --yaml-events     with --format cfnref --bench: time libyaml's bare\n"
    "                    event parse instead of loading (the baseline)\n"
    "  --stdin           also read paths from standard input, one per line\n"
    "\n"
    "A directory stands for its *.tf *.tofu *.tfvars *.hcl *.tf.json\n"
    "*.tofu.json *.tfvars.json files, recursively, in byte order of path;\n"
    ".git, .terraform and node_modules are skipped and symbolic links are\n"
    "not followed. *.tf.json, *.tofu.json and *.tfvars.json use the JSON\n"
    "syntax, anything else the native syntax. With --format cfnref a\n"
    "directory stands for its *.yaml *.yml *.json *.template files instead,\n"
    "and each file is JSON when its first byte (after a BOM and blanks) is\n"
    "'{', YAML otherwise. Exit status: 0, or 2 on usage errors and\n"
    "unreadable files (the other files are still processed).\n";

/* ---------------------------------------------------------------------- */
/* Small helpers.                                                          */

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool is_json_syntax(const char *path)
{
  return has_suffix(path, ".tf.json") || has_suffix(path, ".tofu.json") ||
         has_suffix(path, ".tfvars.json");
}

static bool is_iac_name(const char *name)
{
  return has_suffix(name, ".tf") || has_suffix(name, ".tofu") ||
         has_suffix(name, ".tfvars") || has_suffix(name, ".hcl") ||
         is_json_syntax(name);
}

/* The files a directory stands for with --format cfnref. */
static bool is_cfn_name(const char *name)
{
  return has_suffix(name, ".yaml") || has_suffix(name, ".yml") ||
         has_suffix(name, ".json") || has_suffix(name, ".template");
}

static int list_push(str_list *l, const char *s, size_t n)
{
  char *copy;
  if (l->n == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 16, bytes;
    char **nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(l->v, bytes))) {
      return MLS_ENOMEM;
    }
    l->v = nv;
    l->cap = ncap;
  }
  if (!(copy = mls_strndup(s, n))) {
    return MLS_ENOMEM;
  }
  l->v[l->n++] = copy;
  return MLS_OK;
}

static void list_dispose(str_list *l)
{
  for (size_t i = 0; i < l->n; i++) {
    mls_free(l->v[i]);
  }
  mls_free(l->v);
  memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
  /* strcmp compares as unsigned char: byte order, as LC_ALL=C sort. */
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A non-negative decimal count from an option value. */
static bool parse_count(const char *s, long *out)
{
  char *end = NULL;
  long v;
  if (!s || !*s || *s == '-' || *s == '+') {
    return false;
  }
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < 0 || v > 1000000000L) {
    return false;
  }
  *out = v;
  return true;
}

/* ---------------------------------------------------------------------- */
/* Paths: arguments, stdin and directory walks.                            */

static int walk_dir(str_list *out, const char *dir, int depth, bool cfn)
{
  DIR *d = NULL;
  struct dirent *de;
  char path[PARSE_MAX_PATH];
  size_t dlen = strlen(dir);
  bool slash = dlen > 0 && dir[dlen - 1] == '/';
  int rc = MLS_OK;

  if (depth > MLS_MAX_NESTING) {
    fprintf(stderr, "mlsweep parse: %s: directories nested too deep\n", dir);
    return MLS_ELIMIT;
  }
  if (!(d = opendir(dir))) {
    fprintf(stderr, "mlsweep parse: %s: cannot open directory\n", dir);
    return MLS_EIO;
  }
  while ((de = readdir(d)) != NULL) {
    const char *name = de->d_name;
    struct stat st;
    int n;

    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
      continue;
    }
    n = snprintf(path, sizeof(path), "%s%s%s", dir, slash ? "" : "/", name);
    if (n < 0 || (size_t)n >= sizeof(path)) {
      fprintf(stderr, "mlsweep parse: %s/%s: path too long\n", dir, name);
      rc = MLS_ELIMIT;
      continue;
    }
    if (lstat(path, &st) != 0) {
      fprintf(stderr, "mlsweep parse: %s: cannot stat\n", path);
      rc = MLS_EIO;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      int sub;
      if (strcmp(name, ".git") == 0 || strcmp(name, ".terraform") == 0 ||
          strcmp(name, "node_modules") == 0) {
        continue;
      }
      if ((sub = walk_dir(out, path, depth + 1, cfn)) == MLS_ENOMEM) {
        rc = sub;
        goto done;
      } else if (sub < 0) {
        rc = sub;
      }
    } else if (S_ISREG(st.st_mode) &&
               (cfn ? is_cfn_name(name) : is_iac_name(name))) {
      if (list_push(out, path, (size_t)n) < 0) {
        rc = MLS_ENOMEM;
        goto done;
      }
    }
  }

done:
  closedir(d);
  return rc;
}

/* Append `arg` to `out`: a directory becomes its IaC files (CloudFormation
 * candidates when `cfn`) in byte order, anything else is kept as given
 * (errors show when it is read). Returns MLS_ENOMEM, or another negative
 * code after reporting a problem with a directory (the files found are
 * kept). */
static int add_path(str_list *out, const char *arg, bool cfn)
{
  struct stat st;
  size_t first = out->n;
  int rc;

  if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
    return list_push(out, arg, strlen(arg));
  }
  rc = walk_dir(out, arg, 0, cfn);
  qsort(out->v + first, out->n - first, sizeof(char *), cmp_str);
  return rc;
}

/* Paths named on stdin are added to `out`; *named counts the lines. */
static int read_stdin_paths(str_list *out, bool *bad, size_t *named, bool cfn)
{
  char line[PARSE_MAX_PATH + 2];
  int rc;

  while (fgets(line, sizeof(line), stdin)) {
    size_t n = strlen(line);
    if (n > 0 && line[n - 1] != '\n' && !feof(stdin)) {
      fprintf(stderr, "mlsweep parse: stdin: path longer than %d bytes\n",
              PARSE_MAX_PATH);
      return MLS_ELIMIT;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
      line[--n] = '\0';
    }
    if (n == 0) {
      continue;
    }
    (*named)++;
    if ((rc = add_path(out, line, cfn)) == MLS_ENOMEM) {
      return rc;
    } else if (rc < 0) {
      *bad = true;
    }
  }
  if (ferror(stdin)) {
    fprintf(stderr, "mlsweep parse: error reading stdin\n");
    return MLS_EIO;
  }
  return MLS_OK;
}

/* ---------------------------------------------------------------------- */
/* Reading files.                                                          */

/* Read `path` whole. MLS_ELIMIT (with `*size_out` set to the size seen)
 * when it is larger than MLS_MAX_BLOB_BYTES; MLS_EIO when it cannot be
 * read; MLS_ENOMEM. */
static int read_blob(blob *out, const char *path, size_t *size_out)
{
  int fd = -1, rc = MLS_OK;
  struct stat st;
  char *data = NULL;
  size_t len = 0, cap;

  memset(out, 0, sizeof(*out));
  *size_out = 0;
  if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
    rc = MLS_EIO;
    goto done;
  }
  if (S_ISDIR(st.st_mode)) {
    rc = MLS_EIO;
    goto done;
  }
  if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MLS_MAX_BLOB_BYTES) {
    *size_out = (size_t)st.st_size;
    rc = MLS_ELIMIT;
    goto done;
  }
  /* Regular files are read at their size; pipes grow up to the limit. */
  cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 64 * 1024;
  if (!(data = mls_malloc(cap))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (;;) {
    ssize_t got;
    if (len + 1 == cap) {
      size_t ncap = cap * 2;
      char *nd;
      if (len > MLS_MAX_BLOB_BYTES) {
        *size_out = len;
        rc = MLS_ELIMIT;
        goto done;
      }
      if (ncap > (size_t)MLS_MAX_BLOB_BYTES + 2) {
        ncap = (size_t)MLS_MAX_BLOB_BYTES + 2;
      }
      if (!(nd = mls_realloc(data, ncap))) {
        rc = MLS_ENOMEM;
        goto done;
      }
      data = nd;
      cap = ncap;
    }
    got = read(fd, data + len, cap - 1 - len);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      rc = MLS_EIO;
      goto done;
    }
    if (got == 0) {
      break;
    }
    len += (size_t)got;
  }
  if (len > MLS_MAX_BLOB_BYTES) {
    *size_out = len;
    rc = MLS_ELIMIT;
    goto done;
  }
  data[len] = '\0'; /* the sentinel the lexer may rely on */
  out->data = data;
  out->size = len;
  *size_out = len;
  data = NULL;

done:
  mls_free(data);
  if (fd >= 0) {
    int saved = errno; /* the caller reports why the read failed */
    close(fd);
    errno = saved;
  }
  return rc;
}

static int parse_blob(hcl_file **out, const char *path, const blob *b,
                      mls_diag *diag)
{
  if (is_json_syntax(path)) {
    /* .tfvars.json values are literals: no template interpolation. */
    return hcl_parse_json_ex(out, b->data, b->size,
                             has_suffix(path, ".tfvars.json"), diag);
  }
  return hcl_parse(out, b->data, b->size, diag);
}

static bool tree_ok(const hcl_file *f, const mls_diag *diag)
{
  return f && f->nerrors == 0 && diag->nerrors == 0;
}

/* ---------------------------------------------------------------------- */
/* --format hclref and summary.                                            */

/* The record for a file that has no tree to show (too large, out of
 * memory, or a tree the dumper could not walk), with one error saying so. */
static int dump_failed(mls_buf *out, parse_format fmt,
                       const hcl_dump_opts *opts, const char *path,
                       size_t nbytes, const char *why)
{
  mls_diag d = MLS_DIAG_INIT;
  int rc;

  d.path = path;
  mls_diag_add(&d, MLS_ELIMIT, NULL, "%s", why);
  mls_buf_clear(out);
  if (fmt == FORMAT_SUMMARY) {
    rc = hcl_dump_summary(out, NULL, path, &d);
  } else {
    rc = hcl_dump_hclref_ex(out, NULL, path, nbytes, &d, opts);
  }
  mls_diag_dispose(&d);
  return rc;
}

static int write_out(const mls_buf *b)
{
  if (b->len > 0 && fwrite(b->ptr, 1, b->len, stdout) != b->len) {
    return MLS_EIO;
  }
  return MLS_OK;
}

/* Parse one file and print its record. Returns MLS_EIO for an unreadable
 * file (reported on stderr), MLS_ENOMEM, or MLS_OK. */
static int dump_one(parse_format fmt, const hcl_dump_opts *opts,
                    const char *path)
{
  blob b;
  size_t size = 0, max;
  hcl_file *f = NULL;
  mls_diag diag = MLS_DIAG_INIT;
  mls_buf out = MLS_BUF_INIT(0);
  char why[128];
  int rc;

  diag.path = path;
  rc = read_blob(&b, path, &size);
  if (rc == MLS_EIO) {
    fprintf(stderr, "mlsweep parse: %s: cannot read: %s\n", path,
            errno == ENOENT ? "no such file" : "I/O error or not a file");
    goto done;
  }
  if (!mls_mul_sz(&max, size + 4096,
                  opts->ranges ? PARSE_OUT_FACTOR_RANGES : PARSE_OUT_FACTOR)) {
    max = SIZE_MAX / 2;
  }
  mls_buf_init(&out, max);
  if (rc == MLS_ELIMIT) {
    snprintf(why, sizeof(why), "file of %zu bytes is larger than %u bytes",
             size, (unsigned)MLS_MAX_BLOB_BYTES);
    rc = dump_failed(&out, fmt, opts, path, size, why);
  } else if (rc == MLS_OK) {
    rc = parse_blob(&f, path, &b, &diag);
    if (rc == MLS_ENOMEM && !f) {
      rc = dump_failed(&out, fmt, opts, path, size,
                       "out of memory while parsing");
    } else if (fmt == FORMAT_SUMMARY) {
      rc = hcl_dump_summary(&out, f, path, &diag);
    } else {
      rc = hcl_dump_hclref_ex(&out, f, path, size, &diag, opts);
    }
    if (rc < 0 && rc != MLS_ENOMEM) {
      rc = dump_failed(&out, fmt, opts, path, size,
                       "syntax tree too deep or too large to print");
    }
  }
  if (rc < 0) {
    goto done;
  }
  rc = write_out(&out);

done:
  hcl_file_free(f);
  mls_free(b.data);
  mls_buf_dispose(&out);
  mls_diag_dispose(&diag);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* --format cfnref.                                                        */

/* Load one file as a CloudFormation template and print cfnref's line for
 * it. Returns MLS_EIO for an unreadable file (reported on stderr),
 * MLS_ENOMEM, or MLS_OK. */
static int cfnref_one(const char *path)
{
  blob b;
  size_t size = 0, max;
  cfn_template *t = NULL;
  mls_diag diag = MLS_DIAG_INIT;
  mls_buf out = MLS_BUF_INIT(0);
  int rc;

  diag.path = path;
  rc = read_blob(&b, path, &size);
  if (rc == MLS_EIO) {
    fprintf(stderr, "mlsweep parse: %s: cannot read: %s\n", path,
            errno == ENOENT ? "no such file" : "I/O error or not a file");
    goto done;
  }
  if (!mls_mul_sz(&max, size + 4096, PARSE_OUT_FACTOR)) {
    max = SIZE_MAX / 2;
  }
  mls_buf_init(&out, max);
  if (rc == MLS_ELIMIT) {
    mls_diag_add(&diag, MLS_ELIMIT, NULL,
                 "file of %zu bytes is larger than %u bytes", size,
                 (unsigned)MLS_MAX_BLOB_BYTES);
  } else if (rc == MLS_OK) {
    rc = cfn_load(&t, b.data, b.size, &diag);
    if (rc == MLS_ENOMEM) {
      goto done;
    }
  }
  /* t is NULL when the file was not loaded: the record says why. */
  if ((rc = cfn_dump_cfnref(&out, t, path, &diag)) < 0) {
    goto done;
  }
  rc = write_out(&out);

done:
  cfn_template_free(t);
  mls_free(b.data);
  mls_buf_dispose(&out);
  mls_diag_dispose(&diag);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* --format stats.                                                         */

static int stats_add(stats *st, const char *path, const hcl_file *f,
                     const mls_diag *diag)
{
  char line[PARSE_MAX_PATH + MLS_MAX_DIAG_MESSAGE + 32];
  int rc;

  if (!tree_ok(f, diag)) {
    const mls_diag_entry *e = NULL;
    for (size_t i = 0; i < diag->n && !e; i++) {
      if (diag->v[i].sev == MLS_SEV_ERROR) {
        e = &diag->v[i];
      }
    }
    if (e && e->has_range) {
      snprintf(line, sizeof(line), "%s:%u: %s", path,
               (unsigned)e->range.start.line, e->message ? e->message : "");
    } else {
      snprintf(line, sizeof(line), "%s: %s", path,
               e && e->message ? e->message : "syntax error");
    }
    if ((rc = list_push(&st->errors, line, strnlen(line, sizeof(line)))) < 0) {
      return rc;
    }
  }
  if (!f || !f->body) {
    return MLS_OK;
  }
  for (uint32_t i = 0; i < f->body->nblocks; i++) {
    const hcl_block *k = &f->body->blocks[i];
    for (size_t j = 0; j < 8; j++) {
      if (mls_span_eq(k->type, block_kinds[j])) {
        st->blocks[j]++;
      }
    }
    if (mls_span_eq(k->type, "resource") && k->nlabels >= 1 &&
        (rc = list_push(&st->rtypes, k->labels[0].value.ptr,
                        k->labels[0].value.len)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

static int stats_one(stats *st, const char *path)
{
  blob b;
  size_t size = 0;
  hcl_file *f = NULL;
  mls_diag diag = MLS_DIAG_INIT;
  int syn = is_json_syntax(path) ? HCL_SYNTAX_JSON : HCL_SYNTAX_NATIVE;
  char line[PARSE_MAX_PATH + 64];
  int rc;

  diag.path = path;
  rc = read_blob(&b, path, &size);
  if (rc == MLS_EIO) {
    fprintf(stderr, "mlsweep parse: %s: cannot read\n", path);
    goto done;
  }
  if (rc == MLS_ELIMIT) {
    snprintf(line, sizeof(line), "%s: file of %zu bytes skipped (limit %u)",
             path, size, (unsigned)MLS_MAX_BLOB_BYTES);
    rc = list_push(&st->errors, line, strlen(line));
    goto done;
  }
  if (rc < 0) {
    goto done;
  }
  st->files[syn]++;
  st->bytes[syn] += size;
  rc = parse_blob(&f, path, &b, &diag);
  if (rc == MLS_ENOMEM && !f) {
    goto done;
  }
  rc = stats_add(st, path, f, &diag);

done:
  hcl_file_free(f);
  mls_free(b.data);
  mls_diag_dispose(&diag);
  return rc;
}

typedef struct type_count {
  const char *name; /* borrowed: from stats.rtypes */
  size_t count;     /* resource blocks of this type */
} type_count;

static int cmp_type_count(const void *a, const void *b)
{
  const type_count *x = a, *y = b;
  if (x->count != y->count) {
    return x->count > y->count ? -1 : 1;
  }
  return strcmp(x->name, y->name);
}

static int stats_print(stats *st)
{
  type_count *tc = NULL;
  size_t ntc = 0, bytes;
  int rc = MLS_OK;

  printf("files: %zu (native %zu, json %zu)\n", st->files[0] + st->files[1],
         st->files[0], st->files[1]);
  printf("bytes: %zu (native %zu, json %zu)\n", st->bytes[0] + st->bytes[1],
         st->bytes[0], st->bytes[1]);
  printf("files with errors: %zu\n", st->errors.n);
  for (size_t i = 0; i < st->errors.n; i++) {
    printf("  %s\n", st->errors.v[i]);
  }
  printf("blocks:\n");
  for (size_t i = 0; i < 8; i++) {
    printf("  %-10s %zu\n", block_kinds[i], st->blocks[i]);
  }
  qsort(st->rtypes.v, st->rtypes.n, sizeof(char *), cmp_str);
  if (st->rtypes.n > 0) {
    if (!mls_mul_sz(&bytes, st->rtypes.n, sizeof(*tc)) ||
        !(tc = mls_malloc(bytes))) {
      rc = MLS_ENOMEM;
      goto done;
    }
  }
  for (size_t i = 0; i < st->rtypes.n; i++) {
    if (ntc > 0 && strcmp(tc[ntc - 1].name, st->rtypes.v[i]) == 0) {
      tc[ntc - 1].count++;
    } else {
      tc[ntc].name = st->rtypes.v[i];
      tc[ntc].count = 1;
      ntc++;
    }
  }
  if (ntc > 0) {
    qsort(tc, ntc, sizeof(*tc), cmp_type_count);
  }
  printf("resource types: %zu (%zu resources)\n", ntc, st->rtypes.n);
  for (size_t i = 0; i < ntc; i++) {
    printf("  %6zu  %s\n", tc[i].count, tc[i].name);
  }

done:
  mls_free(tc);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* --bench.                                                                */

static double now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/* Parse (and free) every blob once; counts the files with errors. */
static int bench_pass(bench_mode mode, const str_list *paths, const blob *blobs,
                      size_t *nerr_out)
{
  size_t nerr = 0;
  for (size_t i = 0; i < paths->n; i++) {
    mls_diag diag = MLS_DIAG_INIT;
    int rc;
    if (mode == BENCH_CFN) {
      cfn_template *t = NULL;
      rc = cfn_load(&t, blobs[i].data, blobs[i].size, &diag);
      nerr += !t || !t->ok;
      cfn_template_free(t);
    } else if (mode == BENCH_YAML_EVENTS) {
      rc = cfn_yaml_events(blobs[i].data, blobs[i].size, NULL);
      nerr += rc != MLS_OK;
    } else {
      hcl_file *f = NULL;
      rc = parse_blob(&f, paths->v[i], &blobs[i], &diag);
      nerr += !tree_ok(f, &diag);
      hcl_file_free(f);
    }
    mls_diag_dispose(&diag);
    if (rc == MLS_ENOMEM) {
      return rc;
    }
  }
  if (nerr_out) {
    *nerr_out = nerr;
  }
  return MLS_OK;
}

static int run_bench(bench_mode mode, const str_list *paths, long iters,
                     long runs)
{
  blob *blobs = NULL;
  double *secs = NULL;
  size_t total = 0, nerr = 0;
  double med;
  int rc = MLS_OK;

  if (!(blobs = mls_calloc(paths->n + 1, sizeof(*blobs))) ||
      !(secs = mls_calloc((size_t)runs + 1, sizeof(*secs)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < paths->n; i++) {
    size_t size;
    if ((rc = read_blob(&blobs[i], paths->v[i], &size)) < 0) {
      fprintf(stderr, "mlsweep parse: %s: cannot read%s\n", paths->v[i],
              rc == MLS_ELIMIT ? " (larger than the blob limit)" : "");
      goto done;
    }
    total += size;
  }
  if ((rc = bench_pass(mode, paths, blobs, &nerr)) < 0) { /* warm-up */
    goto done;
  }
  printf("bench: files=%zu bytes=%zu files_with_errors=%zu iterations=%ld "
         "runs=%ld\n",
         paths->n, total, nerr, iters, runs);
  for (long r = 0; r < runs; r++) {
    double t0 = now_seconds(), dt;
    for (long it = 0; it < iters; it++) {
      if ((rc = bench_pass(mode, paths, blobs, NULL)) < 0) {
        goto done;
      }
    }
    dt = now_seconds() - t0;
    secs[r] = dt;
    printf("run %ld: seconds=%.6f MB/s=%.2f\n", r + 1, dt,
           dt > 0 ? (double)total * (double)iters / dt / 1e6 : 0.0);
  }
  qsort(secs, (size_t)runs, sizeof(*secs), cmp_double);
  if (runs == 0) {
    med = 0;
  } else if (runs % 2 == 1) {
    med = secs[runs / 2];
  } else {
    med = (secs[runs / 2 - 1] + secs[runs / 2]) / 2;
  }
  printf("median: seconds=%.6f MB/s=%.2f (MB = 10^6 bytes; bytes x "
         "iterations / seconds)\n",
         med, med > 0 ? (double)total * (double)iters / med / 1e6 : 0.0);
  printf("bytes=%zu files=%zu seconds=%.6f mb_per_s=%.2f\n", total, paths->n,
         med, med > 0 ? (double)total * (double)iters / med / 1e6 : 0.0);

done:
  for (size_t i = 0; blobs && i < paths->n; i++) {
    mls_free(blobs[i].data);
  }
  mls_free(blobs);
  mls_free(secs);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* The command.                                                            */

/* The value of option `name` at argv[*i]: "--name=V" or "--name V". */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0) {
    return NULL;
  }
  if (a[n] == '=') {
    return a + n + 1;
  }
  if (a[n] == '\0' && *i + 1 < argc) {
    return argv[++*i];
  }
  return NULL;
}

static bool is_opt(const char *a, const char *name)
{
  size_t n = strlen(name);
  return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int cmd_parse(int argc, char **argv)
{
  str_list paths = { NULL, 0, 0 };
  str_list operands = { NULL, 0, 0 }; /* FILE|DIR arguments, in order */
  stats st;
  parse_format fmt = FORMAT_HCLREF;
  hcl_dump_opts dump_opts = HCL_DUMP_OPTS_INIT;
  bool use_stdin = false, bad = false, opts_done = false, events = false;
  size_t named = 0; /* paths named in argv or on stdin */
  long bench = -1, runs = 1;
  int status = MLS_EXIT_OK, rc;

  if (cmd_parse_git_wanted(argc, argv)) {
    return cmd_parse_git(argc, argv); /* cmd/cmd_parse_git.c */
  }
  memset(&st, 0, sizeof(st));
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v;
    if (opts_done || a[0] != '-' || a[1] == '\0') {
      /* Expanded once every option is known: --format decides which
       * files a directory stands for. */
      if (list_push(&operands, a, strlen(a)) < 0) {
        goto oom;
      }
      continue;
    }
    if (strcmp(a, "--") == 0) {
      opts_done = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage_text, stdout);
      goto done;
    } else if (strcmp(a, "--stdin") == 0) {
      use_stdin = true;
    } else if (strcmp(a, "--ranges") == 0) {
      dump_opts.ranges = true;
    } else if (strcmp(a, "--yaml-events") == 0) {
      events = true;
    } else if (is_opt(a, "--format")) {
      if (!(v = opt_value(argc, argv, &i, "--format"))) {
        goto usage;
      }
      if (strcmp(v, "hclref") == 0) {
        fmt = FORMAT_HCLREF;
      } else if (strcmp(v, "summary") == 0) {
        fmt = FORMAT_SUMMARY;
      } else if (strcmp(v, "stats") == 0) {
        fmt = FORMAT_STATS;
      } else if (strcmp(v, "cfnref") == 0) {
        fmt = FORMAT_CFNREF;
      } else {
        fprintf(stderr, "mlsweep parse: unknown format '%s'\n", v);
        goto usage;
      }
    } else if (is_opt(a, "--bench")) {
      if (!(v = opt_value(argc, argv, &i, "--bench")) ||
          !parse_count(v, &bench)) {
        fprintf(stderr, "mlsweep parse: --bench needs a count\n");
        goto usage;
      }
    } else if (is_opt(a, "--runs")) {
      if (!(v = opt_value(argc, argv, &i, "--runs")) ||
          !parse_count(v, &runs) || runs < 1) {
        fprintf(stderr, "mlsweep parse: --runs needs a count of at least 1\n");
        goto usage;
      }
    } else {
      fprintf(stderr, "mlsweep parse: unknown option '%s'\n", a);
      goto usage;
    }
  }
  if (dump_opts.ranges && fmt != FORMAT_HCLREF) {
    fprintf(stderr, "mlsweep parse: --ranges needs --format hclref\n");
    goto usage;
  }
  if (events && (fmt != FORMAT_CFNREF || bench < 0)) {
    fprintf(stderr,
            "mlsweep parse: --yaml-events needs --format cfnref --bench\n");
    goto usage;
  }
  for (size_t i = 0; i < operands.n; i++) {
    named++;
    if ((rc = add_path(&paths, operands.v[i], fmt == FORMAT_CFNREF)) ==
        MLS_ENOMEM) {
      goto oom;
    } else if (rc < 0) {
      bad = true;
    }
  }
  if (use_stdin) {
    if ((rc = read_stdin_paths(&paths, &bad, &named, fmt == FORMAT_CFNREF)) ==
        MLS_ENOMEM) {
      goto oom;
    } else if (rc < 0) {
      status = MLS_EXIT_USAGE;
      goto done;
    }
  }
  if (named == 0) {
    fprintf(stderr, "mlsweep parse: no files or directories given\n");
    goto usage;
  }
  /* Directories with no IaC file in them are not an error: the output is
   * empty (or all-zero statistics). */

  if (bench >= 0) {
    rc = run_bench(fmt != FORMAT_CFNREF ? BENCH_HCL
                   : events             ? BENCH_YAML_EVENTS
                                        : BENCH_CFN,
                   &paths, bench, runs);
    if (rc == MLS_ENOMEM) {
      goto oom;
    }
    status = rc < 0 || bad ? MLS_EXIT_USAGE : MLS_EXIT_OK;
    goto done;
  }
  for (size_t i = 0; i < paths.n; i++) {
    if (fmt == FORMAT_STATS) {
      rc = stats_one(&st, paths.v[i]);
    } else if (fmt == FORMAT_CFNREF) {
      rc = cfnref_one(paths.v[i]);
    } else {
      rc = dump_one(fmt, &dump_opts, paths.v[i]);
    }
    if (rc == MLS_ENOMEM) {
      goto oom;
    } else if (rc < 0) {
      bad = true;
    }
  }
  if (fmt == FORMAT_STATS && stats_print(&st) == MLS_ENOMEM) {
    goto oom;
  }
  status = bad ? MLS_EXIT_USAGE : MLS_EXIT_OK;
  goto done;

usage:
  fputs(usage_text, stderr);
  status = MLS_EXIT_USAGE;
  goto done;
oom:
  fprintf(stderr, "mlsweep parse: out of memory\n");
  status = MLS_EXIT_USAGE;

done:
  if (fflush(stdout) != 0) {
    fprintf(stderr, "mlsweep parse: error writing output\n");
    status = MLS_EXIT_USAGE;
  }
  list_dispose(&paths);
  list_dispose(&operands);
  list_dispose(&st.errors);
  list_dispose(&st.rtypes);
  return status;
}
