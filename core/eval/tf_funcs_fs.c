/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_fs.c -- file functions and path functions.
 *
 * Stage: evaluation. file(), filebase64(), the file hashes, fileexists()
 * and templatefile() read through ctx->read_file, which resolves the path
 * inside the repository and refuses anything outside it; templatefile()
 * renders through ctx->render. Without the callbacks the results are
 * unknown. dirname(), basename() and abspath() of an absolute path are
 * Go's path/filepath on Unix; pathexpand() of "~" and abspath() of a
 * relative path depend on the machine that runs Terraform, so they are
 * unknown.
 *
 * Trusts nothing: paths are copied into NUL-terminated arena strings (an
 * embedded NUL is an error), file contents must be valid UTF-8 where
 * Terraform requires it.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

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
