/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_tf_eval.c -- libFuzzer target for the Terraform evaluator
 * (core/eval: tf_load.c, tf_module.c, tf_expr.c, the function library):
 * parse and evaluate one module held in memory.
 *
 * The input is main.tf of a repository served by an in-memory tf_source.
 * A line "#file: NAME" (a comment to HCL, so any .tf seed works as is)
 * starts another file of that repository: a module under "./m", a
 * variable file, a template for templatefile() or file(); names are
 * checked the way a tf_source's paths are (no "..", no leading '/'). The
 * module is found as a root (tf_find_roots) and evaluated (tf_eval_root),
 * and the model is written as JSON. The contract checked: the return code
 * is one the API names, a model comes with MLS_OK and only then, and the
 * JSON writer accepts whatever model the evaluator made. A violation
 * traps, so libFuzzer (or the standalone replay driver under ctest)
 * reports it; sanitizers report the rest.
 */
#include "core/eval/tf_eval.h"

#include "core/base/alloc.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/rc.h"
#include "core/model/model.h"

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Files one input may hold; more "#file:" lines stay in the last file. */
#define MAX_FILES 16
/* Bytes of one file name. */
#define MAX_NAME 64

static const char MARK[] = "#file: ";

/* One file of the in-memory repository: a name and bytes of the input. */
typedef struct mem_file {
  char name[MAX_NAME]; /* repository-relative, normalized */
  const char *data;    /* borrowed from the fuzz input */
  size_t len;          /* bytes in data */
} mem_file;

/* The repository: the files of one input. */
typedef struct mem_repo {
  mem_file f[MAX_FILES]; /* f[0] is main.tf */
  size_t n;              /* files in use */
} mem_repo;

static void check(int ok)
{
  if (!ok) {
    __builtin_trap();
  }
}

/* A name a tf_source could hand out: [A-Za-z0-9._-] segments joined by
 * '/', none empty, "." or "..". */
static int name_ok(const char *s, size_t n)
{
  size_t seg = 0;
  if (n == 0 || n >= MAX_NAME) {
    return 0;
  }
  for (size_t i = 0; i <= n; i++) {
    char c = i < n ? s[i] : '/';
    if (c == '/') {
      if (seg == 0 || (seg == 1 && s[i - 1] == '.') ||
          (seg == 2 && s[i - 1] == '.' && s[i - 2] == '.')) {
        return 0;
      }
      seg = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
      seg++;
    } else {
      return 0;
    }
  }
  return 1;
}

/* Split the input at "#file: NAME" lines into the repository's files. */
static void split(mem_repo *r, const char *p, size_t size)
{
  const char *end = p + size, *at = p;
  mem_file *cur = &r->f[0];
  memcpy(cur->name, "main.tf", sizeof("main.tf"));
  cur->data = p;
  r->n = 1;
  while (at < end) {
    const char *nl = memchr(at, '\n', (size_t)(end - at));
    const char *eol = nl ? nl : end;
    size_t ml = sizeof(MARK) - 1;
    if ((size_t)(eol - at) > ml && memcmp(at, MARK, ml) == 0 &&
        r->n < MAX_FILES && name_ok(at + ml, (size_t)(eol - at) - ml)) {
      size_t nlen = (size_t)(eol - at) - ml;
      cur->len = (size_t)(at - cur->data);
      cur = &r->f[r->n++];
      memcpy(cur->name, at + ml, nlen);
      cur->name[nlen] = '\0';
      cur->data = nl ? nl + 1 : end;
    }
    at = nl ? nl + 1 : end;
  }
  cur->len = (size_t)(end - cur->data);
}

static int mem_list(void *payload, const char *dir, tf_list_cb cb, void *cbp)
{
  const mem_repo *r = payload;
  size_t dl = strlen(dir);
  for (size_t i = 0; i < r->n; i++) {
    const char *p = r->f[i].name, *rest, *slash;
    char name[MAX_NAME];
    size_t nl;
    int dup = 0, rc;
    if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/')) {
      continue;
    }
    rest = dl ? p + dl + 1 : p;
    slash = strchr(rest, '/');
    nl = slash ? (size_t)(slash - rest) : strlen(rest);
    memcpy(name, rest, nl);
    name[nl] = '\0';
    /* Report each entry once: an earlier file with the same first segment
     * under dir already did. */
    for (size_t j = 0; j < i && !dup; j++) {
      const char *q = r->f[j].name;
      if (dl && (strncmp(q, dir, dl) != 0 || q[dl] != '/')) {
        continue;
      }
      q = dl ? q + dl + 1 : q;
      dup = strncmp(q, name, nl) == 0 && (q[nl] == '/' || q[nl] == '\0');
    }
    if (dup) {
      continue;
    }
    if ((rc = cb(cbp, name, slash != NULL)) < 0) {
      return rc;
    }
  }
  return MLS_OK;
}

/* fileset()'s listing: every file of the input below dir, within
 * max_depth levels, and each directory on the way once. MLS_EIO when
 * nothing is below dir. */
static int mem_list_tree(void *payload, const char *dir, unsigned max_depth,
                         tf_tree_cb cb, void *cbp)
{
  const mem_repo *r = payload;
  size_t dl = strlen(dir);
  bool any = false;

  for (size_t i = 0; i < r->n; i++) {
    const char *p = r->f[i].name, *rest;
    unsigned depth = 1;
    int rc;
    if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/')) {
      continue;
    }
    any = true;
    rest = dl ? p + dl + 1 : p;
    for (const char *q = rest; (q = strchr(q, '/')) != NULL; q++) {
      char sub[MAX_NAME];
      size_t n = (size_t)(q - rest);
      bool dup = false;
      if (depth++ > max_depth) {
        break;
      }
      memcpy(sub, rest, n);
      sub[n] = '\0';
      /* Once: an earlier file below the same directory reported it. */
      for (size_t j = 0; j < i && !dup; j++) {
        const char *o = r->f[j].name;
        if (dl && (strncmp(o, dir, dl) != 0 || o[dl] != '/')) {
          continue;
        }
        o = dl ? o + dl + 1 : o;
        dup = strncmp(o, sub, n) == 0 && o[n] == '/';
      }
      if (!dup && (rc = cb(cbp, sub, TF_ENTRY_DIR)) < 0) {
        return rc;
      }
    }
    if (depth <= max_depth && (rc = cb(cbp, rest, TF_ENTRY_FILE)) < 0) {
      return rc;
    }
  }
  return any ? MLS_OK : MLS_EIO;
}

static int mem_read(void *payload, const char *path, char **out, size_t *len)
{
  const mem_repo *r = payload;
  for (size_t i = r->n; i-- > 0;) { /* a later file of one name wins */
    if (strcmp(r->f[i].name, path) == 0) {
      if (!(*out = mls_malloc(r->f[i].len + 1))) {
        return MLS_ENOMEM;
      }
      if (r->f[i].len) {
        memcpy(*out, r->f[i].data, r->f[i].len);
      }
      (*out)[r->f[i].len] = '\0';
      *len = r->f[i].len;
      return MLS_OK;
    }
  }
  return MLS_EIO;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static mem_repo repo; /* one input at a time */
  tf_source src;
  tf_loader *ld = NULL;
  mls_diag diag = MLS_DIAG_INIT;
  mls_model *m = NULL;
  mls_buf out = MLS_BUF_INIT(64u << 20);
  char **roots = NULL;
  size_t nroots = 0;
  int rc;

  split(&repo, (const char *)data, size);
  memset(&src, 0, sizeof(src)); /* members not set here stay NULL */
  src.list = mem_list;
  src.read = mem_read;
  src.list_tree = mem_list_tree;
  src.payload = &repo;
  if (tf_loader_new(&ld, &src) != MLS_OK) {
    return 0;
  }
  /* The root search sees the module calls between the input's files. */
  rc = tf_find_roots(&roots, &nroots, ld, "", &diag);
  check(rc == MLS_OK || rc == MLS_ENOMEM || rc == MLS_ELIMIT || rc == MLS_EIO);
  tf_roots_free(roots, nroots);

  rc = tf_eval_root(&m, ld, "", NULL, &diag);
  check(rc == MLS_OK || rc == MLS_ELIMIT || rc == MLS_ENOMEM ||
        rc == MLS_EINPUT);
  check((rc == MLS_OK) == (m != NULL));
  if (m) {
    rc = mls_model_write_json(&out, m);
    check(rc == MLS_OK || rc == MLS_ELIMIT || rc == MLS_ENOMEM);
  }
  mls_buf_dispose(&out);
  mls_model_free(m);
  tf_loader_free(ld);
  mls_diag_dispose(&diag);
  return 0;
}
