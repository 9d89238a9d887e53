/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_fs.c -- file functions and path functions.
 *
 * Stage: evaluation. file(), filebase64(), the file hashes, fileexists()
 * and templatefile() read through ctx->read_file, which resolves the path
 * inside the repository and refuses anything outside it; templatefile()
 * renders through ctx->render; fileset() lists through ctx->list_files and
 * matches doublestar's glob patterns itself. Without the callbacks the
 * results are unknown. dirname(), basename() and abspath() of an absolute path
 * are Go's path/filepath on Unix; pathexpand() of "~" and abspath() of a
 * relative path depend on the machine that runs Terraform, so they are
 * unknown.
 *
 * Trusts nothing: paths are copied into NUL-terminated arena strings (an
 * embedded NUL is an error), file contents must be valid UTF-8 where
 * Terraform requires it.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/buf.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

/* Argument 0 as a path: 1, 0 with an error value in *out, MLS_ENOMEM. */
static int path_arg(tf_fn__call *c, mls_value **out, mls_span *s, char **cstr)
{
  int rc = tf_fn__as_str(c, c->args[0], s);
  if (rc == 0) {
    rc = tf_fn__error(c, out, "path: a string is required, not %s",
                      tf_fn__kind(c->args[0]));
    return rc < 0 ? rc : 0;
  }
  if (rc < 0) {
    return rc;
  }
  if (s->len && memchr(s->ptr, '\0', s->len)) {
    rc = tf_fn__error(c, out, "the path contains a NUL character");
    return rc < 0 ? rc : 0;
  }
  if (cstr && !(*cstr = mls_arena_strndup(c->ctx->arena, s->ptr ? s->ptr : "",
                                          s->len))) {
    return MLS_ENOMEM;
  }
  return 1;
}

/* Read the file named by argument 0. Returns 1 with data, or 0 with *out
 * set (unknown or error), or MLS_ENOMEM. */
static int read_arg(tf_fn__call *c, mls_value **out, const char **data,
                    size_t *len)
{
  mls_span s;
  char *path;
  int rc;

  if ((rc = path_arg(c, out, &s, &path)) <= 0) {
    return rc;
  }
  if (!c->ctx->read_file) {
    mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_NOTE, c->ctx->at,
                  "%s(): files cannot be read here; the result is unknown",
                  c->fn->name);
    rc = tf_fn__unknown(c, out, "files are not read in this context");
    return rc < 0 ? rc : 0;
  }
  rc = c->ctx->read_file(c->ctx->payload, path, data, len, c->ctx->diag);
  if (rc == MLS_ENOMEM) {
    return rc;
  }
  if (rc == MLS_EIO) {
    rc = tf_fn__error(c, out, "no file exists at \"%.*s\"",
                      (int)(s.len > 128 ? 128 : s.len), s.ptr);
    return rc < 0 ? rc : 0;
  }
  if (rc < 0) {
    rc = tf_fn__unknown(c, out, "the file could not be read");
    return rc < 0 ? rc : 0;
  }
  if (!*data && *len) {
    return MLS_ERROR;
  }
  return 1;
}

int tf_fn__fn_file(tf_fn__call *c, mls_value **out)
{
  const char *data = NULL;
  size_t len = 0;
  int rc;

  if ((rc = read_arg(c, out, &data, &len)) <= 0) {
    return rc;
  }
  if (mls_utf8_validate((const unsigned char *)data, len) != len) {
    return tf_fn__error(c, out,
                        "contents of the file are not valid UTF-8; use "
                        "the filebase64 function to obtain the Base64 "
                        "encoded contents or the other file functions "
                        "(e.g. filemd5, filesha256) to obtain file "
                        "hashing results instead");
  }
  return ok(out, tf_fn__str(c, mls_span_of(data, len)));
}

int tf_fn__fn_filebase64(tf_fn__call *c, mls_value **out)
{
  const char *data = NULL;
  size_t len = 0;
  tf_fn__sb sb;
  int rc;

  if ((rc = read_arg(c, out, &data, &len)) <= 0) {
    return rc;
  }
  tf_fn__sb_init(&sb, c);
  tf_fn__base64(&sb, (const unsigned char *)data, len);
  return tf_fn__sb_result(c, &sb, out);
}

/* A hash of the file's bytes, as hex or base64. */
static int file_hash(tf_fn__call *c, mls_value **out, int algo, bool b64)
{
  static const char hex[] = "0123456789abcdef";
  const char *data = NULL;
  unsigned char d[64];
  size_t len = 0, n;
  tf_fn__sb sb;
  int rc;

  if ((rc = read_arg(c, out, &data, &len)) <= 0) {
    return rc;
  }
  n = tf_fn__hash(algo, (const unsigned char *)data, len, d);
  tf_fn__sb_init(&sb, c);
  if (b64) {
    tf_fn__base64(&sb, d, n);
  } else {
    for (size_t i = 0; i < n; i++) {
      char x[2] = { hex[d[i] >> 4], hex[d[i] & 15] };
      tf_fn__sb_put(&sb, x, 2);
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}

int tf_fn__fn_filemd5(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_MD5, false);
}

int tf_fn__fn_filesha1(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_SHA1, false);
}

int tf_fn__fn_filesha256(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_SHA256, false);
}

int tf_fn__fn_filesha512(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_SHA512, false);
}

int tf_fn__fn_filebase64sha256(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_SHA256, true);
}

int tf_fn__fn_filebase64sha512(tf_fn__call *c, mls_value **out)
{
  return file_hash(c, out, TF_FN__HASH_SHA512, true);
}

int tf_fn__fn_fileexists(tf_fn__call *c, mls_value **out)
{
  mls_diag scratch = MLS_DIAG_INIT;
  const char *data = NULL;
  size_t len = 0;
  mls_span s;
  char *path = NULL;
  int rc;

  if ((rc = path_arg(c, out, &s, &path)) <= 0) {
    goto done;
  }
  if (!c->ctx->read_file) {
    rc = tf_fn__unknown(c, out, "files are not read in this context");
    goto done;
  }
  /* A missing file is an answer here, not a problem: its diagnostic goes
   * to a scratch diag that is dropped. */
  rc = c->ctx->read_file(c->ctx->payload, path, &data, &len, &scratch);
  if (rc == MLS_OK || rc == MLS_EIO) {
    rc = ok(out, tf_fn__bool(c, rc == MLS_OK));
  } else if (rc != MLS_ENOMEM) {
    rc = tf_fn__unknown(c, out, "the file could not be read");
  }

done:
  mls_diag_dispose(&scratch);
  return rc;
}

/* hclsyntax.ValidIdentifier, for template variable names. */
static bool valid_ident(mls_span s)
{
  if (s.len == 0) {
    return false;
  }
  for (size_t i = 0; i < s.len; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    bool ok_char = mls_isalpha(ch) || ch == '_' || ch >= 0x80 ||
                   (i > 0 && (mls_isdigit(ch) || ch == '-'));
    if (!ok_char) {
      return false;
    }
  }
  return true;
}

/* Render src (a file's bytes or a template string) with the vars of
 * argument 2 through ctx->render. */
static int render(tf_fn__call *c, mls_value **out, const char *data, size_t len)
{
  mls_value *res = NULL;
  int rc;

  if (mls_utf8_validate((const unsigned char *)data, len) != len) {
    return tf_fn__error(c, out, "the template is not valid UTF-8");
  }
  rc = c->ctx->render(c->ctx->payload, data, len, c->args[1], &res,
                      c->ctx->diag);
  if (rc == MLS_ENOMEM) {
    return rc;
  }
  if (rc < 0 || !res) {
    return tf_fn__unknown(c, out, "the template could not be rendered");
  }
  *out = res;
  return MLS_OK;
}

/* The checks templatefile() and templatestring() share: 1 when the call
 * may render, 0 with *out set, or MLS_ENOMEM. */
static int template_vars(tf_fn__call *c, mls_value **out)
{
  const mls_value *vars = c->args[1];
  int rc;

  if (vars->kind != MLS_V_MAP) {
    return tf_fn__error(c, out, "invalid vars value: must be a map, not %s",
                        tf_fn__kind(vars));
  }
  for (uint32_t i = 0; i < vars->u.map.n; i++) {
    mls_span k = vars->u.map.entries[i].key;
    if (!valid_ident(k)) {
      return tf_fn__error(c, out,
                          "invalid template variable name \"%.*s\": must start "
                          "with a letter, followed by zero or more letters, "
                          "digits, and underscores",
                          (int)(k.len > 64 ? 64 : k.len), k.ptr);
    }
  }
  if (!c->ctx->render) {
    mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_NOTE, c->ctx->at,
                  "%s(): templates cannot be rendered here; the result is "
                  "unknown",
                  c->fn->name);
    rc = tf_fn__unknown(c, out, "templates are not rendered in this context");
    return rc < 0 ? rc : 0;
  }
  return 1;
}

int tf_fn__fn_templatefile(tf_fn__call *c, mls_value **out)
{
  const char *data = NULL;
  size_t len = 0;
  int rc;

  if ((rc = template_vars(c, out)) <= 0 ||
      (rc = read_arg(c, out, &data, &len)) <= 0) {
    return rc;
  }
  return render(c, out, data, len);
}

int tf_fn__fn_templatestring(tf_fn__call *c, mls_value **out)
{
  mls_span src;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &src)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "the template must be a string, not "
                                 "%s",
                                 tf_fn__kind(c->args[0]));
  }
  if ((rc = template_vars(c, out)) <= 0) {
    return rc;
  }
  return render(c, out, src.ptr, src.len);
}

/* ---- paths ----------------------------------------------------------------
 */

/* Go's filepath.Clean (Unix) of p into an arena string. */
static int clean(tf_fn__call *c, mls_span p, mls_span *out)
{
  size_t n = p.len, r = 0, w = 0, dotdot = 0;
  bool rooted = n > 0 && p.ptr[0] == '/';
  char *buf;

  if (n == 0) {
    *out = mls_span_of(".", 1);
    return MLS_OK;
  }
  if (!(buf = mls_arena_alloc(c->ctx->arena, n + 2))) {
    return MLS_ENOMEM;
  }
  if (rooted) {
    buf[w++] = '/';
    r = dotdot = 1;
  }
  while (r < n) {
    if (p.ptr[r] == '/') {
      r++;
    } else if (p.ptr[r] == '.' && (r + 1 == n || p.ptr[r + 1] == '/')) {
      r++;
    } else if (p.ptr[r] == '.' && r + 1 < n && p.ptr[r + 1] == '.' &&
               (r + 2 == n || p.ptr[r + 2] == '/')) {
      r += 2;
      if (w > dotdot) {
        w--;
        while (w > dotdot && buf[w] != '/') {
          w--;
        }
      } else if (!rooted) {
        if (w > 0) {
          buf[w++] = '/';
        }
        buf[w++] = '.';
        buf[w++] = '.';
        dotdot = w;
      }
    } else {
      if ((rooted && w != 1) || (!rooted && w != 0)) {
        buf[w++] = '/';
      }
      for (; r < n && p.ptr[r] != '/'; r++) {
        buf[w++] = p.ptr[r];
      }
    }
  }
  if (w == 0) {
    *out = mls_span_of(".", 1);
  } else {
    *out = mls_span_of(buf, w);
  }
  return MLS_OK;
}

int tf_fn__fn_dirname(tf_fn__call *c, mls_value **out)
{
  mls_span s, d;
  size_t i;
  int rc;

  if ((rc = path_arg(c, out, &s, NULL)) <= 0) {
    return rc;
  }
  i = s.len;
  while (i > 0 && s.ptr[i - 1] != '/') {
    i--;
  }
  if ((rc = clean(c, mls_span_of(s.ptr, i), &d)) < 0) {
    return rc;
  }
  return ok(out, tf_fn__str_borrow(c, d));
}

int tf_fn__fn_basename(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  size_t end, i;
  int rc;

  if ((rc = path_arg(c, out, &s, NULL)) <= 0) {
    return rc;
  }
  if (s.len == 0) {
    return ok(out, tf_fn__str_borrow(c, mls_span_of(".", 1)));
  }
  end = s.len;
  while (end > 0 && s.ptr[end - 1] == '/') {
    end--;
  }
  if (end == 0) {
    return ok(out, tf_fn__str_borrow(c, mls_span_of("/", 1)));
  }
  i = end;
  while (i > 0 && s.ptr[i - 1] != '/') {
    i--;
  }
  return ok(out, tf_fn__str_borrow(c, mls_span_of(s.ptr + i, end - i)));
}

int tf_fn__fn_abspath(tf_fn__call *c, mls_value **out)
{
  mls_span s, d;
  int rc;

  if ((rc = path_arg(c, out, &s, NULL)) <= 0) {
    return rc;
  }
  if (s.len == 0 || s.ptr[0] != '/') {
    return tf_fn__unknown(c, out, "depends on the directory Terraform runs in");
  }
  if ((rc = clean(c, s, &d)) < 0) {
    return rc;
  }
  return ok(out, tf_fn__str_borrow(c, d));
}

int tf_fn__fn_pathexpand(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  int rc;

  if ((rc = path_arg(c, out, &s, NULL)) <= 0) {
    return rc;
  }
  if (s.len == 0 || s.ptr[0] != '~') {
    return ok(out, tf_fn__str_borrow(c, s));
  }
  if (s.len > 1 && s.ptr[1] != '/' && s.ptr[1] != '\\') {
    return tf_fn__error(c, out, "cannot expand user-specific home dir");
  }
  return tf_fn__unknown(c, out,
                        "depends on the home directory of the machine "
                        "that runs Terraform");
}

/* ---- fileset() -----------------------------------------------------------
 *
 * Terraform (internal/lang/funcs/filesystem.go) joins the two arguments
 * with filepath.Join (which cleans the result), globs that pattern with
 * github.com/bmatcuk/doublestar v1.1.5 (the version its go.mod pins),
 * keeps the matches that are regular files and makes each relative to
 * the path argument with filepath.Rel. Here doublestar's Glob is split in
 * two: the leading components without a glob character name the directory
 * listed through ctx->list_files (Glob joins them to its base directory
 * the same way), and every entry listed below it is then matched against
 * the remaining components as doGlob() would reach it -- "**" as a whole
 * component for any number of directories, matchComponent() for the
 * others -- so a syntax error is reported where doublestar would meet it:
 * when a name is matched against the broken part. Entries the listing
 * does not follow (symbolic links, submodules) make the result unknown
 * when the pattern can match them or anything below them. Bounds: entries
 * listed (MLS_MAX_BODY_ITEMS) and their path bytes
 * (MLS_MAX_FUNC_STRING_BYTES), matching steps (MLS_MAX_EVAL_STEPS) and
 * recursion (MLS_MAX_NESTING); past one the result is unknown.
 */

#define FS_MAX_ENTRIES MLS_MAX_BODY_ITEMS        /* entries one listing holds */
#define FS_MAX_BYTES   MLS_MAX_FUNC_STRING_BYTES /* their path bytes */
#define FS_MAX_STEPS   MLS_MAX_EVAL_STEPS        /* matching work per call */
#define FS_MAX_DEPTH   MLS_MAX_NESTING           /* matching recursion */

/* Outcomes of matching besides 1 (yes) and 0 (no); MLS_ENOMEM too. */
#define FS_BAD   (-100) /* doublestar's ErrBadPattern */
#define FS_LIMIT (-101) /* FS_MAX_STEPS or FS_MAX_DEPTH */

/* Go's utf8.RuneError. */
#define FS_RUNE_ERROR 0xFFFDu

/* Go's utf8.DecodeRuneInString(p[0..n)): the rune and its length in *adj;
 * (RuneError, 1) for an invalid byte, (RuneError, 0) at the end. */
static uint32_t fs_rune(const char *p, size_t n, size_t *adj)
{
  uint32_t cp = 0;
  if (n == 0) {
    *adj = 0;
    return FS_RUNE_ERROR;
  }
  *adj = mls_utf8_decode(&cp, (const unsigned char *)p,
                         (const unsigned char *)p + n);
  if (*adj == 0) {
    *adj = 1;
    return FS_RUNE_ERROR;
  }
  return cp;
}

/* doublestar's indexRuneWithEscaping() for an ASCII r: the first r in
 * s[0..n) that does not follow a backslash, or -1. */
static long fs_index(const char *s, size_t n, char r)
{
  for (size_t i = 0; i < n; i++) {
    if (s[i] == r && !(i > 0 && s[i - 1] == '\\')) {
      return (long)i;
    }
  }
  return -1;
}

/* The state of one fileset() match: one listed entry against the pattern
 * components after the directory listed. */
typedef struct fs_match {
  const mls_span *comp; /* the entry's path components */
  size_t n;             /* how many */
  bool descend;         /* whether the pattern can match anything below the
                           entry (one not followed), rather than the entry
                           itself as a file */
  uint64_t steps;       /* matching work left for the call */
} fs_match;

static bool fs_step(fs_match *m, uint64_t cost)
{
  if (m->steps < cost) {
    m->steps = 0;
    return false;
  }
  m->steps -= cost;
  return true;
}

/* doublestar's character class body cls[0..n) against rune r: 1, 0 or
 * FS_BAD, as matchComponent() reads "[...]". */
static int fs_class(fs_match *m, const char *cls, size_t n, uint32_t r)
{
  size_t i = 0, a;
  bool neg, hit = false;

  if (n == 0) {
    return FS_BAD;
  }
  if (!fs_step(m, 1 + n / 16)) {
    return FS_LIMIT;
  }
  neg = fs_rune(cls, n, &a) == '^';
  if (neg) {
    i += a;
  }
  while (i < n) {
    uint32_t lo = fs_rune(cls + i, n - i, &a), hi;
    if (lo == '-') {
      return FS_BAD;
    }
    i += a;
    if (lo == '\\') {
      if (i >= n) {
        return FS_BAD;
      }
      lo = fs_rune(cls + i, n - i, &a);
      i += a;
    }
    hi = lo;
    if (i < n && cls[i] == '-') {
      if (++i >= n) {
        return FS_BAD;
      }
      hi = fs_rune(cls + i, n - i, &a);
      if (hi == '-') {
        return FS_BAD;
      }
      i += a;
      if (hi == '\\') {
        if (i >= n) {
          return FS_BAD;
        }
        hi = fs_rune(cls + i, n - i, &a);
        i += a;
      }
    }
    if (lo <= r && r <= hi) {
      hit = true;
    }
  }
  return hit == neg ? 0 : 1;
}

static int fs_component(fs_match *m, const char *pat, size_t plen,
                        const char *name, size_t nlen, unsigned depth);

/* "{...}" at pat[0..) (after the '{'), name not consumed: doublestar takes
 * the body up to the first unescaped '}', splits it at unescaped commas
 * (splitPathOnSeparator: a trailing comma gives an empty option) and
 * tries each option followed by the rest, in order; the first error or
 * match decides. */
static int fs_alternatives(fs_match *m, const char *pat, size_t plen,
                           const char *name, size_t nlen, unsigned depth)
{
  long end = fs_index(pat, plen, '}');
  const char *rest;
  size_t body, rlen, start = 0;
  bool commas, empty_end = false;

  if (end < 0) {
    return FS_BAD;
  }
  body = (size_t)end;
  rest = pat + body + 1;
  rlen = plen - body - 1;
  commas = memchr(pat, ',', body) != NULL;
  for (;;) {
    const char *o;
    size_t olen;
    char *buf;
    int r;
    if (!commas) {
      o = pat;
      olen = body;
    } else if (start < body) {
      long e = fs_index(pat + start, body - start, ',');
      o = pat + start;
      olen = e < 0 ? body - start : (size_t)e;
      start += olen + (e < 0 ? 0 : 1);
      empty_end = e >= 0;
    } else if (empty_end) {
      o = pat + body;
      olen = 0;
      empty_end = false;
    } else {
      return 0;
    }
    if (!fs_step(m, 1 + (olen + rlen) / 16)) {
      return FS_LIMIT;
    }
    /* olen + rlen < plen: no overflow. */
    if (!(buf = mls_malloc(olen + rlen + 1))) {
      return MLS_ENOMEM;
    }
    memcpy(buf, o, olen);
    memcpy(buf + olen, rest, rlen);
    r = fs_component(m, buf, olen + rlen, name, nlen, depth + 1);
    mls_free(buf);
    if (r != 0) {
      return r;
    }
    if (!commas) {
      return 0;
    }
  }
}

/* doublestar v1.1.5's matchComponent(): one pattern component against one
 * name, rune by rune. 1, 0, FS_BAD, FS_LIMIT or MLS_ENOMEM. Its quirks are
 * kept: a star steps through the name by the length of the rune it stands
 * on and ignores errors further right, an escape of nothing or of an
 * invalid byte is an error, and invalid bytes compare equal. */
static int fs_component(fs_match *m, const char *pat, size_t plen,
                        const char *name, size_t nlen, unsigned depth)
{
  size_t pi = 0, ni = 0;

  if (depth > FS_MAX_DEPTH || !fs_step(m, 1)) {
    return FS_LIMIT;
  }
  if (plen == 0) {
    return nlen == 0;
  }
  if (nlen == 0 && !(plen == 1 && pat[0] == '*')) {
    return 0;
  }
  while (pi < plen && ni < nlen) {
    size_t pa, na;
    uint32_t pr = fs_rune(pat + pi, plen - pi, &pa);
    uint32_t nr = fs_rune(name + ni, nlen - ni, &na);
    if (!fs_step(m, 1)) {
      return FS_LIMIT;
    }
    if (pr == '\\') {
      pi += pa;
      pr = fs_rune(pat + pi, plen - pi, &pa);
      if (pr == FS_RUNE_ERROR) {
        return FS_BAD;
      }
      if (pr != nr) {
        return 0;
      }
      pi += pa;
      ni += na;
    } else if (pr == '*') {
      pi += pa;
      if (pi >= plen) {
        return 1;
      }
      for (; ni < nlen; ni += na) {
        int r = fs_component(m, pat + pi, plen - pi, name + ni, nlen - ni,
                             depth + 1);
        if (r == 1 || r == FS_LIMIT || r == MLS_ENOMEM) {
          return r; /* FS_BAD is dropped here, as doublestar drops it */
        }
      }
      return 0;
    } else if (pr == '[') {
      long end;
      int r;
      pi += pa;
      if ((end = fs_index(pat + pi, plen - pi, ']')) < 0) {
        return FS_BAD;
      }
      if ((r = fs_class(m, pat + pi, (size_t)end, nr)) != 1) {
        return r;
      }
      pi += (size_t)end + 1;
      ni += na;
    } else if (pr == '{') {
      return fs_alternatives(m, pat + pi + pa, plen - pi - pa, name + ni,
                             nlen - ni, depth);
    } else if (pr == '?' || pr == nr) {
      pi += pa;
      ni += na;
    } else {
      return 0;
    }
  }
  if (pi >= plen && ni >= nlen) {
    return 1;
  }
  /* "*" or "**" left once the name is used up. */
  return ni >= nlen &&
         ((plen - pi == 1 && pat[pi] == '*') ||
          (plen - pi == 2 && pat[pi] == '*' && pat[pi + 1] == '*'));
}

/* Whether a pattern component holds a glob character (doublestar's
 * strings.IndexAny(component, "*?[{\\")): the ones without are path
 * names joined to the directory. */
static bool fs_globby(mls_span g)
{
  for (size_t i = 0; i < g.len; i++) {
    char ch = g.ptr[i];
    if (ch == '*' || ch == '?' || ch == '[' || ch == '{' || ch == '\\') {
      return true;
    }
  }
  return false;
}

static bool fs_dstar(mls_span g)
{
  return g.len == 2 && g.ptr[0] == '*' && g.ptr[1] == '*';
}

/* doublestar's doGlob(dir, g[gi..]) for one entry, dir being the listed
 * directory and the entry's first ci components: 1 when it would yield
 * the entry (or, m->descend, could yield something below it), 0 when not,
 * FS_BAD, FS_LIMIT or MLS_ENOMEM. */
static int fs_glob(fs_match *m, const mls_span *g, size_t ng, size_t gi,
                   size_t ci, unsigned depth)
{
  bool last;
  int r;

  if (depth > FS_MAX_DEPTH || !fs_step(m, 1)) {
    return FS_LIMIT;
  }
  /* Names without glob characters are joined to the directory (an empty
   * one adds nothing) and the result looked up. */
  for (; gi < ng && !fs_globby(g[gi]); gi++) {
    if (g[gi].len == 0) {
      continue;
    }
    if (ci >= m->n) {
      return m->descend; /* below a file: nothing; below a link: maybe */
    }
    if (g[gi].len != m->comp[ci].len ||
        memcmp(g[gi].ptr, m->comp[ci].ptr, g[gi].len) != 0) {
      return 0;
    }
    ci++;
  }
  if (gi == ng) {
    return !m->descend && ci == m->n; /* the path itself is the match */
  }
  if (ci == m->n) {
    return m->descend; /* a file is no directory; a link may lead to one */
  }
  last = gi + 1 >= ng;
  if (fs_dstar(g[gi])) {
    if (last) {
      return 1; /* every entry below */
    }
    /* Depth first into each directory with "**" still first... */
    if (ci + 1 < m->n || (m->descend && ci + 1 == m->n)) {
      if ((r = fs_glob(m, g, ng, gi, ci + 1, depth + 1)) != 0) {
        return r;
      }
    }
    /* ...then the next component against this directory's entries. */
    gi++;
    last = gi + 1 >= ng;
  }
  r = fs_component(m, g[gi].ptr, g[gi].len, m->comp[ci].ptr, m->comp[ci].len,
                   0);
  if (r != 1) {
    return r;
  }
  if (last) {
    return !m->descend && ci + 1 == m->n;
  }
  return fs_glob(m, g, ng, gi + 1, ci + 1, depth + 1);
}

/* One entry listed. */
typedef struct fs_ent {
  const char *path; /* borrowed from fs_list.names once listing ends */
  size_t off;       /* its offset in fs_list.names while listing */
  size_t len;       /* bytes of path */
  tf_fs_kind kind;  /* as listed */
} fs_ent;

/* What the listing callback collects. */
typedef struct fs_list {
  fs_ent *v;     /* owned (mls_malloc): the entries */
  size_t n;      /* entries held */
  size_t cap;    /* slots in v */
  mls_buf names; /* owned: their paths, each NUL-terminated */
  bool limited;  /* a bound was hit: the listing is incomplete */
} fs_list;

static int fs_collect(void *payload, const char *path, tf_fs_kind kind)
{
  fs_list *l = payload;
  size_t len = strlen(path);
  int rc;

  if (l->n >= FS_MAX_ENTRIES) {
    l->limited = true;
    return MLS_ELIMIT;
  }
  if (l->n == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 64, bytes;
    fs_ent *nv;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nv)) ||
        !(nv = mls_realloc(l->v, bytes))) {
      return MLS_ENOMEM;
    }
    l->v = nv;
    l->cap = ncap;
  }
  l->v[l->n].off = l->names.len;
  if ((rc = mls_buf_put(&l->names, path, len)) < 0 ||
      (rc = mls_buf_putc(&l->names, '\0')) < 0) {
    l->limited = rc == MLS_ELIMIT;
    return rc;
  }
  l->v[l->n].len = len;
  l->v[l->n].kind = kind;
  l->n++;
  return MLS_OK;
}

static int fs_ent_cmp(const void *a, const void *b)
{
  const fs_ent *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(x->path, y->path, n);
  return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Go's filepath.Rel(base, targ) for two clean relative paths: 1 with *out
 * (arena), 0 where Go fails ("can't make targ relative to base"),
 * MLS_ENOMEM. */
static int fs_rel(tf_fn__call *c, mls_span base, mls_span targ, mls_span *out)
{
  size_t bl, tl, b0 = 0, bi = 0, t0 = 0, ti = 0;

  if (base.len == targ.len && memcmp(base.ptr, targ.ptr, base.len) == 0) {
    *out = mls_span_of(".", 1);
    return 1;
  }
  if (base.len == 1 && base.ptr[0] == '.') {
    base.len = 0;
  }
  bl = base.len;
  tl = targ.len;
  for (;;) {
    while (bi < bl && base.ptr[bi] != '/') {
      bi++;
    }
    while (ti < tl && targ.ptr[ti] != '/') {
      ti++;
    }
    if (ti - t0 != bi - b0 ||
        memcmp(targ.ptr + t0, base.ptr + b0, ti - t0) != 0 ||
        (bi >= bl && ti >= tl)) {
      break;
    }
    bi += bi < bl;
    ti += ti < tl;
    b0 = bi;
    t0 = ti;
  }
  if (bi - b0 == 2 && base.ptr[b0] == '.' && base.ptr[b0 + 1] == '.') {
    return 0;
  }
  if (b0 != bl) {
    size_t seps = 0, size, w = 0;
    char *buf;
    for (size_t i = b0; i < bl; i++) {
      seps += base.ptr[i] == '/';
    }
    size = 2 + seps * 3 + (tl != t0 ? 1 + tl - t0 : 0);
    if (!(buf = mls_arena_alloc(c->ctx->arena, size))) {
      return MLS_ENOMEM;
    }
    memcpy(buf, "..", 2);
    w = 2;
    for (size_t i = 0; i < seps; i++, w += 3) {
      memcpy(buf + w, "/..", 3);
    }
    if (tl != t0) {
      buf[w++] = '/';
      memcpy(buf + w, targ.ptr + t0, tl - t0);
    }
    *out = mls_span_of(buf, size);
    return 1;
  }
  *out = mls_span_of(targ.ptr + t0, tl - t0);
  return 1;
}

/* doublestar's splitPathOnSeparator(p, '/'): components at slashes not
 * after a backslash, an empty last one after a trailing slash. *out is
 * arena; *n their number. */
static int fs_split(tf_fn__call *c, mls_span p, mls_span **out, size_t *n)
{
  size_t cnt = 1, k = 0, start = 0;
  bool empty_end = false;
  mls_span *v;

  for (size_t i = 0; i < p.len; i++) {
    cnt += p.ptr[i] == '/';
  }
  if (!(v = mls_arena_alloc(c->ctx->arena, cnt * sizeof(*v)))) {
    return MLS_ENOMEM;
  }
  if (cnt == 1) {
    v[k++] = p;
  } else {
    while (start < p.len) {
      long e = fs_index(p.ptr + start, p.len - start, '/');
      size_t end = e < 0 ? p.len : start + (size_t)e;
      empty_end = e >= 0;
      v[k++] = mls_span_of(p.ptr + start, end - start);
      start = end + 1;
    }
    if (empty_end) {
      v[k++] = mls_span_of(p.ptr + p.len, 0);
    }
  }
  *out = v;
  *n = k;
  return MLS_OK;
}

/* A's bytes then "/" then b's, as an arena span. */
static int fs_concat(tf_fn__call *c, mls_span a, mls_span b, mls_span *out)
{
  size_t n = a.len + 1 + b.len;
  char *buf = mls_arena_alloc(c->ctx->arena, n + 1);
  if (!buf) {
    return MLS_ENOMEM;
  }
  memcpy(buf, a.ptr, a.len);
  buf[a.len] = '/';
  memcpy(buf + a.len + 1, b.ptr, b.len);
  buf[n] = '\0';
  *out = mls_span_of(buf, n);
  return MLS_OK;
}

/* Note why the result is unknown, then make it so. */
static int fs_unknown(tf_fn__call *c, mls_value **out, const char *why,
                      const char *detail)
{
  mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_NOTE, c->ctx->at,
                "fileset(): %s%s; the result is unknown", why, detail);
  return tf_fn__unknown(c, out, why);
}

/* Match every entry of l below the directory `lit` against g and make the
 * result: a set, an error value, or an unknown. */
static int fs_result(tf_fn__call *c, mls_value **out, fs_list *l, mls_span lit,
                     mls_span base, mls_span full, const mls_span *g, size_t ng)
{
  mls_span *comp = NULL;
  mls_value **items = NULL;
  const fs_ent *other = NULL;
  fs_match m;
  uint32_t k = 0;
  int rc = MLS_OK;

  memset(&m, 0, sizeof(m));
  m.steps = FS_MAX_STEPS;
  if (l->n &&
      (!(comp = mls_malloc((MLS_MAX_PATH_BYTES / 2 + 2) * sizeof(*comp))) ||
       !(items = tf_fn__items(c, l->n)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < l->n; i++) {
    const fs_ent *e = &l->v[i];
    size_t start = 0;
    int r = 0;

    if (e->kind == TF_FS_DIR) {
      continue; /* Terraform keeps regular files only */
    }
    if (e->len > MLS_MAX_PATH_BYTES) {
      rc = tf_fn__limit(c, out, "a listed path is too long");
      goto done;
    }
    m.n = 0;
    for (size_t j = 0; j <= e->len; j++) {
      if (j == e->len || e->path[j] == '/') {
        comp[m.n++] = mls_span_of(e->path + start, j - start);
        start = j + 1;
      }
    }
    m.comp = comp;
    m.descend = false;
    r = fs_glob(&m, g, ng, 0, 0, 0);
    if (r == 0 && e->kind == TF_FS_OTHER) {
      m.descend = true;
      r = fs_glob(&m, g, ng, 0, 0, 0);
    }
    if (r == MLS_ENOMEM) {
      rc = r;
      goto done;
    }
    if (r == FS_LIMIT) {
      rc = tf_fn__limit(c, out, "matching the pattern takes too many steps");
      goto done;
    }
    if (r == FS_BAD) {
      rc = tf_fn__error(c, out,
                        "failed to glob pattern \"%.*s\": syntax error in "
                        "pattern",
                        (int)(full.len > 128 ? 128 : full.len), full.ptr);
      goto done;
    }
    if (r != 1) {
      continue;
    }
    if (e->kind == TF_FS_OTHER) {
      other = other ? other : e; /* the first in byte order */
      continue;
    }
    {
      mls_span target = mls_span_of(e->path, e->len), rel;
      if (!(lit.len == 1 && lit.ptr[0] == '.') &&
          (rc = fs_concat(c, lit, target, &target)) < 0) {
        goto done;
      }
      if ((r = fs_rel(c, base, target, &rel)) < 0) {
        rc = r;
        goto done;
      }
      if (r == 0) {
        rc =
            tf_fn__error(c, out,
                         "failed to trim path of match \"%.*s\": can't "
                         "make it relative to \"%.*s\"",
                         (int)(target.len > 128 ? 128 : target.len), target.ptr,
                         (int)(base.len > 128 ? 128 : base.len), base.ptr);
        goto done;
      }
      if (!(items[k++] = tf_fn__str(c, rel))) {
        rc = MLS_ENOMEM;
        goto done;
      }
    }
  }
  if (other) {
    char detail[200];
    bool top = lit.len == 1 && lit.ptr[0] == '.';
    snprintf(detail, sizeof(detail), " \"%.*s%s%.*s\"",
             top ? 0 : (int)(lit.len > 60 ? 60 : lit.len), lit.ptr,
             top ? "" : "/", (int)(other->len > 120 ? 120 : other->len),
             other->path);
    rc = fs_unknown(c, out,
                    "the pattern reaches a symbolic link, a submodule or a "
                    "directory that is not read:",
                    detail);
    goto done;
  }
  if (k == 0) {
    rc = ok(out, tf_fn__list(c, NULL, 0, true));
  } else if ((rc = tf_fn__make_set(c, items, k, out)) > 0) {
    rc = MLS_OK;
  } else if (rc == 0) {
    rc = MLS_ERROR; /* strings always unify */
  }

done:
  mls_free(comp);
  return rc;
}

int tf_fn__fn_fileset(tf_fn__call *c, mls_value **out)
{
  fs_list l;
  mls_span ps, pat, base, full, *comps = NULL, lit;
  size_t ncomps = 0, k = 0;
  unsigned max_depth;
  char *litc = NULL;
  int rc;

  memset(&l, 0, sizeof(l));
  mls_buf_init(&l.names, FS_MAX_BYTES);
  if ((rc = path_arg(c, out, &ps, NULL)) <= 0) {
    goto done;
  }
  if ((rc = tf_fn__as_str(c, c->args[1], &pat)) <= 0) {
    if (rc == 0) {
      rc = tf_fn__error(c, out, "pattern: a string is required, not %s",
                        tf_fn__kind(c->args[1]));
    }
    goto done;
  }
  if (pat.len && memchr(pat.ptr, '\0', pat.len)) {
    rc = tf_fn__error(c, out, "the pattern contains a NUL character");
    goto done;
  }
  if (ps.len && ps.ptr[0] == '/') {
    rc = tf_fn__unknown(c, out,
                        "an absolute path depends on the machine that runs "
                        "Terraform");
    goto done;
  }
  if (ps.len + pat.len + 2 > MLS_MAX_PATH_BYTES) {
    rc = tf_fn__limit(c, out, "the path and pattern are too long");
    goto done;
  }
  /* path = filepath.Join(baseDir, path); pattern = filepath.Join(path,
   * pattern): both cleaned, baseDir being the root module's directory. */
  if ((rc = clean(c, ps.len ? ps : mls_span_of(".", 1), &base)) < 0) {
    goto done;
  }
  full = base;
  if (pat.len && ((rc = fs_concat(c, base, pat, &full)) < 0 ||
                  (rc = clean(c, full, &full)) < 0)) {
    goto done;
  }
  /* Glob takes a leading "\\" pair for a Windows UNC path and would glob
   * from "/" (or fail); an absolute pattern is the machine's. */
  if (full.ptr[0] == '/' ||
      (full.len >= 2 && full.ptr[0] == '\\' && full.ptr[1] == '\\')) {
    rc = tf_fn__unknown(c, out,
                        "an absolute pattern depends on the machine that "
                        "runs Terraform");
    goto done;
  }
  if ((rc = fs_split(c, full, &comps, &ncomps)) < 0) {
    goto done;
  }
  /* The leading names without glob characters are the directory to list;
   * a pattern of names only lists its last name's directory. */
  while (k < ncomps && !fs_globby(comps[k])) {
    k++;
  }
  if (k == ncomps) {
    k--;
  }
  {
    size_t len = 0, w = 0;
    for (size_t i = 0; i < k; i++) {
      len += comps[i].len + 1;
    }
    if (!(litc = mls_arena_alloc(c->ctx->arena, len + 2))) {
      rc = MLS_ENOMEM;
      goto done;
    }
    for (size_t i = 0; i < k; i++) {
      if (comps[i].len == 0) {
        continue; /* filepath.Join skips empty names */
      }
      if (w) {
        litc[w++] = '/';
      }
      memcpy(litc + w, comps[i].ptr, comps[i].len);
      w += comps[i].len;
    }
    if (w == 0) {
      litc[w++] = '.';
    }
    litc[w] = '\0';
    lit = mls_span_of(litc, w);
  }
  max_depth = (unsigned)(ncomps - k);
  for (size_t i = k; i < ncomps; i++) {
    if (fs_dstar(comps[i])) {
      max_depth = UINT_MAX; /* any depth (the source bounds it) */
    }
  }
  if (!c->ctx->list_files) {
    mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_NOTE, c->ctx->at,
                  "fileset(): directories cannot be listed here; the "
                  "result is unknown");
    rc = tf_fn__unknown(c, out, "directories are not listed in this context");
    goto done;
  }
  rc = c->ctx->list_files(c->ctx->payload, litc, max_depth, fs_collect, &l,
                          c->ctx->diag);
  if (l.limited) {
    rc = tf_fn__limit(c, out, "the directory holds too many entries");
    goto done;
  }
  if (rc == MLS_ENOMEM) {
    goto done;
  }
  if (rc == MLS_EIO) {
    l.n = 0; /* no such directory: no match, as Glob's Lstat fails */
  } else if (rc == MLS_EINPUT) {
    rc = fs_unknown(c, out,
                    "the directory is reached through a symbolic link, a "
                    "submodule or .git, which are not followed:",
                    "");
    goto done;
  } else if (rc < 0) {
    rc = fs_unknown(c, out, "the directory could not be listed", "");
    goto done;
  }
  for (size_t i = 0; i < l.n; i++) {
    l.v[i].path = l.names.ptr + l.v[i].off;
  }
  if (l.n > 1) {
    qsort(l.v, l.n, sizeof(*l.v), fs_ent_cmp);
  }
  rc = fs_result(c, out, &l, lit, base, full, comps + k, ncomps - k);

done:
  mls_free(l.v);
  mls_buf_dispose(&l.names);
  return rc < 0 ? rc : MLS_OK;
}
