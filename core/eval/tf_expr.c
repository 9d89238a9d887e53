/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_expr.c -- evaluating one HCL expression to an mls_value the
 * way Terraform evaluates it at plan time.
 *
 * Stage: evaluation. Covers every node kind of parsers/hcl/hcl.h: literals,
 * templates (interpolation, %{if}, %{for}, heredocs), traversals, index,
 * splat, for expressions (tuple, object, grouping), conditionals, operators
 * with Terraform's conversions, and function calls through
 * tf_call_function() (core/eval/tf_funcs.h). Names that belong to a module
 * (var, local, module, data, resources) are resolved by tf_module.c.
 *
 * Unknown is a value, not a failure: an operation on an unknown operand is
 * unknown with the operand's reason and this expression's source text. An
 * error Terraform would report (a null in a template, a missing attribute,
 * an index out of range) is an unknown whose why starts with "error:" --
 * the marker try() and can() rely on -- plus a diagnostic, except inside
 * try()/can(), where failing is the point. Every evaluation is bounded by
 * MLS_MAX_EVAL_DEPTH frames and MLS_MAX_EVAL_STEPS nodes.
 */
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- failures, diagnostics, positions ---------------------------------- */

mls_value *tf__fail(tf_ctx *c, int rc)
{
  /* An arena that hit its byte cap is a bound, not a dying heap. */
  if (rc == MLS_ENOMEM && c->a && mls_arena_capped(c->a)) {
    rc = MLS_ELIMIT;
  }
  if (!c->fail) {
    c->fail = rc;
  }
  return c->oom;
}

static const char *file_path(const tf_ctx *c, uint32_t file)
{
  return file < c->ld->nfiles ? c->ld->files[file]->path : NULL;
}

void tf__diag(tf_ctx *c, int rc, mls_severity sev, uint32_t file,
              const mls_range *r, const char *fmt, ...)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  const char *path = file_path(c, file);
  const char *saved = c->diag->path;
  va_list ap;

  if (c->quiet) {
    return;
  }
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  /* The same expression evaluated in each instance reports once. */
  for (size_t i = 0; i < c->diag->n; i++) {
    const mls_diag_entry *d = &c->diag->v[i];
    if (d->has_range == (r != NULL) &&
        (!r || d->range.start.byte == r->start.byte) &&
        ((!d->path && !path) || (d->path && path && !strcmp(d->path, path))) &&
        strcmp(d->message, msg) == 0) {
      return;
    }
  }
  c->diag->path = path;
  mls_diag_note(c->diag, rc, sev, r, "%s", msg);
  c->diag->path = saved;
}

mls_span tf__src(const tf_ctx *c, uint32_t file, const mls_range *r)
{
  const tf_file *f;
  uint32_t a, b;
  if (file >= c->ld->nfiles || !r) {
    return mls_span_of("", 0);
  }
  f = c->ld->files[file];
  a = r->start.byte;
  b = r->end.byte;
  if (!f->data || a >= f->len || b <= a) {
    return mls_span_of("", 0);
  }
  if (b > f->len) {
    b = (uint32_t)f->len;
  }
  return mls_span_of(f->data + a, b - a);
}

/* The model file index of tf_file `file`, added on first use. */
static uint16_t model_file(tf_ctx *c, uint32_t file)
{
  if (file >= c->ld->nfiles) {
    return MLS_NO_FILE;
  }
  if (file >= c->nfmap) {
    uint32_t ncap = c->nfmap ? c->nfmap : 16;
    uint16_t *nm;
    while (ncap <= file) {
      ncap *= 2;
    }
    if (!(nm = mls_realloc(c->fmap, (size_t)ncap * sizeof(*nm)))) {
      tf__fail(c, MLS_ENOMEM);
      return MLS_NO_FILE;
    }
    for (uint32_t i = c->nfmap; i < ncap; i++) {
      nm[i] = MLS_NO_FILE;
    }
    c->fmap = nm;
    c->nfmap = ncap;
  }
  if (c->fmap[file] == MLS_NO_FILE) {
    int idx = mls_model_add_file(c->model, c->ld->files[file]->path);
    if (idx < 0) {
      tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
      return MLS_NO_FILE;
    }
    c->fmap[file] = (uint16_t)idx;
    /* What reading and parsing the file reported joins the job's
     * diagnostics once, with the file's first use. */
    {
      const mls_diag *fd = &c->ld->files[file]->diag;
      const char *saved = c->diag->path;
      for (size_t i = 0; i < fd->n; i++) {
        const mls_diag_entry *en = &fd->v[i];
        c->diag->path = en->path;
        mls_diag_note(c->diag, en->rc, en->sev,
                      en->has_range ? &en->range : NULL, "%s", en->message);
      }
      c->diag->path = saved;
    }
  }
  return c->fmap[file];
}

uint16_t tf__model_file(tf_ctx *c, uint32_t file)
{
  return model_file(c, file);
}

void tf__stamp(tf_ctx *c, mls_value *v, uint32_t file, const mls_range *r)
{
  if (v && v != c->oom && v->file == MLS_NO_FILE && r) {
    v->file = model_file(c, file);
    v->range = *r;
  }
}

mls_value *tf__unknown(tf_ctx *c, uint32_t file, const mls_range *r,
                       const char *why)
{
  mls_value *v = mls_value_unknown(c->a, tf__src(c, file, r), why);
  if (!v) {
    return tf__fail(c, MLS_ENOMEM);
  }
  tf__stamp(c, v, file, r);
  return v;
}

/* An unknown that carries `from`'s reason (an "error:" stays an error). */
static mls_value *unknown_from(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                               const mls_value *from)
{
  return tf__unknown(c, s->file, &e->range, from->u.unknown.why);
}

/* An evaluation error: a diagnostic and an "error:" unknown. */
static mls_value *errv(tf_ctx *c, uint32_t file, const mls_range *at,
                       const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static mls_value *errv(tf_ctx *c, uint32_t file, const mls_range *at,
                       const char *fmt, va_list ap)
{
  char msg[MLS_MAX_DIAG_MESSAGE], why[MLS_MAX_DIAG_MESSAGE + 8];
  char *w;
  vsnprintf(msg, sizeof(msg), fmt, ap);
  tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, file, at, "%s", msg);
  snprintf(why, sizeof(why), "error: %s", msg);
  w = mls_arena_strndup(c->a, why, strlen(why));
  return tf__unknown(c, file, at, w ? w : "error");
}

mls_value *tf__err_at(tf_ctx *c, uint32_t file, const mls_range *at,
                      const char *fmt, ...)
{
  va_list ap;
  mls_value *v;
  va_start(ap, fmt);
  v = errv(c, file, at, fmt, ap);
  va_end(ap);
  return v;
}

static mls_value *err(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static mls_value *err(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                      const char *fmt, ...)
{
  va_list ap;
  mls_value *v;
  va_start(ap, fmt);
  v = errv(c, s->file, &e->range, fmt, ap);
  va_end(ap);
  return v;
}

static bool is_error(const mls_value *v)
{
  return v->kind == MLS_V_UNKNOWN &&
         strncmp(v->u.unknown.why, "error:", 6) == 0;
}

static mls_value *fresh(tf_ctx *c, mls_value *v, const tf_scope *s,
                        const hcl_expr *e)
{
  if (!v) {
    return tf__fail(c, MLS_ENOMEM);
  }
  v->file = model_file(c, s->file);
  v->range = e->range;
  return v;
}

/* Whether d is a whole number small enough to be exact in a double; the
 * evaluator avoids libm so it links with the C library alone. */
static bool is_whole(double d)
{
  return d > -9.0e15 && d < 9.0e15 && d == (double)(long long)d;
}

/*
 * A number value from an arithmetic result, in cty's plain decimal form.
 * Terraform computes with 512-bit floats and prints what is left as the
 * shortest decimal of the nearest double (0.1 + 0.2 is 0.3, 1 / 3 is
 * 0.3333333333333333). The evaluator computes in long double from the
 * operands' exact texts and prints the shortest decimal that reads back as
 * the same double, which agrees on every case the corpus and the tests
 * exercise.
 */
static mls_value *num(tf_ctx *c, long double z)
{
  char buf[64];
  bool ok;
  mls_value *v;
  double d = (double)z;
  if (d == 0) {
    d = 0; /* no "-0" */
  }
  if (z > -9.2e18L && z < 1.8e19L &&
      (z < 0 ? (long double)(long long)z == z
             : (long double)(unsigned long long)z == z)) {
    /* A whole number a long double holds exactly: all its digits. */
    if (z < 0) {
      snprintf(buf, sizeof(buf), "%lld", (long long)z);
    } else {
      snprintf(buf, sizeof(buf), "%llu", (unsigned long long)z);
    }
  } else if (is_whole(d)) {
    snprintf(buf, sizeof(buf), "%.0f", d);
  } else {
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(buf, sizeof(buf), "%.*g", prec, d);
      if (strtod(buf, NULL) == d) {
        break;
      }
    }
  }
  v = tf__number_from_text(c->a, mls_span_of(buf, strlen(buf)), &ok);
  if (!ok) {
    v = mls_value_number_d(c->a, d);
  }
  return v ? v : tf__fail(c, MLS_ENOMEM);
}

/* A number operand in long double, read from its exact decimal text. */
static bool as_long_double(const mls_value *v, long double *out)
{
  char canon[512];
  mls_span t;
  int n;
  if (v->kind == MLS_V_NUMBER) {
    t = v->u.num.text;
  } else if (v->kind == MLS_V_STRING) {
    t = v->u.str;
  } else {
    return false;
  }
  if ((n = hcl_number_canon(canon, sizeof(canon), t)) < 0) {
    if (v->kind != MLS_V_NUMBER) {
      return false;
    }
    *out = (long double)v->u.num.d; /* past the text bound: its double */
    return true;
  }
  *out = strtold(canon, NULL);
  return true;
}

/* ---- references for edges ---------------------------------------------- */

static const char *sink_path(tf_ctx *c)
{
  if (!c->path.len) {
    return NULL;
  }
  if (!c->path_str) {
    c->path_str = mls_arena_strndup(c->a, c->path.ptr, c->path.len);
  }
  return c->path_str;
}

void tf__ref_add(tf_ctx *c, tf_rstate *to, int32_t inst, mls_span attr)
{
  tf_refs *r = c->sink;
  const char *path;
  if (!r) {
    return;
  }
  path = sink_path(c);
  for (uint32_t i = 0; i < r->n; i++) {
    const tf_ref *x = &r->v[i];
    if (x->to == to && x->inst == inst && x->path == path &&
        x->attr.len == attr.len &&
        (attr.len == 0 || memcmp(x->attr.ptr, attr.ptr, attr.len) == 0)) {
      return;
    }
  }
  if (r->n == r->cap) {
    uint32_t ncap = r->cap ? r->cap * 2 : 8;
    tf_ref *nv = mls_arena_alloc(c->a, (size_t)ncap * sizeof(*nv));
    if (!nv) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    if (r->n) {
      memcpy(nv, r->v, (size_t)r->n * sizeof(*nv));
    }
    r->v = nv;
    r->cap = ncap;
  }
  r->v[r->n].to = to;
  r->v[r->n].inst = inst;
  r->v[r->n].attr = attr;
  r->v[r->n].path = path;
  r->n++;
}

void tf__refs_add_all(tf_ctx *c, const tf_ref *refs, uint32_t n)
{
  for (uint32_t i = 0; c->sink && i < n; i++) {
    tf__ref_add(c, refs[i].to, refs[i].inst, refs[i].attr);
  }
}

/* ---- traversal steps --------------------------------------------------- */

static bool key_of_step(const hcl_step *st, mls_span *out, bool *is_num)
{
  *is_num = st->key.type == HCL_LIT_NUMBER;
  if (st->key.type != HCL_LIT_STRING && st->key.type != HCL_LIT_NUMBER) {
    return false;
  }
  *out = st->key.str;
  return true;
}

/* Attributes that hold an ARN and that no resource takes as an argument
 * (AWS provider): left unset they are the provider's, known after apply,
 * never null. An argument such as kms_key_arn is not among them: unset, it
 * is null. */
static const char *const computed_arns[] = {
  "arn",
  "agent_alias_arn",
  "agent_arn",
  "custom_model_arn",
  "guardrail_arn",
  "index_arn",
  "invoke_arn",
  "provisioned_model_arn",
  "qualified_arn",
  "qualified_invoke_arn",
  "vector_bucket_arn",
};

static bool computed_arn(mls_span name)
{
  for (size_t i = 0; i < sizeof(computed_arns) / sizeof(computed_arns[0]);
       i++) {
    if (mls_span_eq(name, computed_arns[i])) {
      return true;
    }
  }
  return false;
}

/* An attribute a resource's configuration does not set: the provider
 * computes it, "known after apply". An ARN is "arn:<partition>:...",
 * whatever the resource: the unknown is a string that starts "arn:", so a
 * rule testing a policy's Resource or Principal for "*" decides instead of
 * saying unknown. */
mls_value *tf__computed(tf_ctx *c, uint32_t file, const mls_range *r,
                        mls_span name)
{
  mls_value *u = tf__unknown(c, file, r, "known after apply");
  if (u != c->oom && computed_arn(name) &&
      mls_value_refine_prefix(c->a, u, mls_span_of("arn:", 4)) < 0) {
    return tf__fail(c, MLS_ENOMEM);
  }
  return u;
}

static mls_value *computed_attr(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                                mls_span name)
{
  return tf__computed(c, s->file, &e->range, name);
}

/* v[key] for a LIST or MAP `v` and a known primitive key. */
static mls_value *index_value(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                              mls_value *v, const mls_value *key)
{
  mls_span ks;
  if (v->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, v);
  }
  if (key->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, key);
  }
  if (v->kind == MLS_V_NULL) {
    return err(c, s, e, "cannot index a null value");
  }
  if (key->kind == MLS_V_NULL) {
    return err(c, s, e, "the index is null");
  }
  if (v->kind == MLS_V_LIST) {
    double d;
    if (v->flags & MLS_VF_SET) {
      return err(c, s, e, "elements of a set cannot be selected by index");
    }
    if (!tf__as_number(key, &d) || !is_whole(d)) {
      return err(c, s, e, "a list index must be a whole number");
    }
    if (d < 0 || d >= (double)v->u.list.n) {
      return err(c, s, e, "index %.0f out of range for a list of %u", d,
                 v->u.list.n);
    }
    return v->u.list.items[(uint32_t)d];
  }
  if (v->kind == MLS_V_MAP) {
    if (!tf__as_string(key, &ks)) {
      return err(c, s, e, "a map key must be a string");
    }
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      const mls_map_entry *en = &v->u.map.entries[i];
      if (en->key.len == ks.len &&
          (ks.len == 0 || memcmp(en->key.ptr, ks.ptr, ks.len) == 0)) {
        if (en->value->kind == MLS_V_NULL && (v->flags & TF_VF_OPEN)) {
          return computed_attr(c, s, e, ks);
        }
        return en->value;
      }
    }
    if (v->flags & TF_VF_OPEN) {
      return computed_attr(c, s, e, ks);
    }
    return err(c, s, e, "the map has no element \"%.*s\"",
               (int)(ks.len > 100 ? 100 : ks.len), ks.ptr);
  }
  return err(c, s, e, "a %s value cannot be indexed",
             v->kind == MLS_V_STRING   ? "string"
             : v->kind == MLS_V_NUMBER ? "number"
                                       : "bool");
}

static mls_value *attr_value(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                             mls_value *v, mls_span name)
{
  if (v->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, v);
  }
  if (v->kind == MLS_V_NULL) {
    return err(c, s, e, "cannot read attribute \"%.*s\" of a null value",
               (int)name.len, name.ptr);
  }
  if (v->kind != MLS_V_MAP) {
    return err(c, s, e, "a %s has no attribute \"%.*s\"",
               v->kind == MLS_V_LIST ? "list" : "primitive value",
               (int)name.len, name.ptr);
  }
  for (uint32_t i = 0; i < v->u.map.n; i++) {
    const mls_map_entry *en = &v->u.map.entries[i];
    if (en->key.len == name.len &&
        (name.len == 0 || memcmp(en->key.ptr, name.ptr, name.len) == 0)) {
      if (en->value->kind == MLS_V_NULL && (v->flags & TF_VF_OPEN)) {
        return computed_attr(c, s, e, name);
      }
      return en->value;
    }
  }
  if (v->flags & TF_VF_OPEN) {
    return computed_attr(c, s, e, name);
  }
  return err(c, s, e, "unsupported attribute \"%.*s\"", (int)name.len,
             name.ptr);
}

mls_value *tf__apply_steps(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                           mls_value *v, const hcl_step *steps, uint32_t n)
{
  uint32_t i;
  for (i = 0; i < n && v->kind != MLS_V_UNKNOWN; i++) {
    const hcl_step *st = &steps[i];
    if (c->fail) {
      return c->oom;
    }
    if (st->kind == HCL_STEP_ATTR) {
      v = attr_value(c, s, e, v, st->name);
    } else if (st->kind == HCL_STEP_INDEX) {
      mls_span ks;
      bool is_num, ok;
      mls_value *key;
      if (!key_of_step(st, &ks, &is_num)) {
        return err(c, s, e, "bad index");
      }
      key = is_num ? tf__number_from_text(c->a, ks, &ok)
                   : mls_value_string_borrowed(c->a, ks);
      if (!key) {
        return tf__fail(c, MLS_ENOMEM);
      }
      v = index_value(c, s, e, v, key);
    } else {
      return err(c, s, e, "unsupported traversal step");
    }
  }
  if (v->kind == MLS_V_UNKNOWN && n > 0) {
    bool refined = v->u.unknown.prefix || v->u.unknown.suffix ||
                   (v->flags & MLS_VF_PARTITION);
    /* Steps left over an unknown: the result is not v itself, so v's
     * refinement (a prefix, a partition template) does not hold for it.
     * v itself with no text of its own (a computed attribute of a
     * resource given whole) takes these steps as its text, and keeps its
     * start and end. */
    if (i < n ? v->u.unknown.expr.len == 0 || refined
              : v->u.unknown.expr.len == 0) {
      mls_value *u = unknown_from(c, s, e, v);
      if (i == n && u != c->oom && !(v->flags & MLS_VF_PARTITION)) {
        u->u.unknown.prefix = v->u.unknown.prefix;
        u->u.unknown.suffix = v->u.unknown.suffix;
      }
      return u;
    }
  }
  return v;
}

/* ---- templates --------------------------------------------------------- */

static int buf_put_value(tf_ctx *c, const tf_scope *s, const hcl_expr *part,
                         mls_buf *b, const mls_value *v, mls_value **bad)
{
  mls_span str;
  if (v->kind == MLS_V_NULL) {
    *bad = err(c, s, part,
               "a null value cannot be interpolated into a string template");
    return MLS_OK;
  }
  if (!tf__as_string(v, &str)) {
    *bad = err(c, s, part, "a %s cannot be interpolated into a string template",
               v->kind == MLS_V_LIST ? "list" : "map or object");
    return MLS_OK;
  }
  return mls_buf_put(b, str.ptr, str.len);
}

static mls_value *buf_value(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                            mls_buf *b, uint16_t flags)
{
  mls_value *v;
  if (b->len > MLS_MAX_STRING_BYTES) {
    mls_buf_dispose(b);
    return err(c, s, e, "the template result is longer than %u bytes",
               (unsigned)MLS_MAX_STRING_BYTES);
  }
  v = mls_value_string(c->a, mls_span_of(b->ptr ? b->ptr : "", b->len));
  mls_buf_dispose(b);
  v = fresh(c, v, s, e);
  if (v != c->oom) {
    v->flags |= flags;
  }
  return v;
}

/* Refine r, the unknown result of a template: it starts with the first
 * `len` bytes of b (the text before the first unknown part, u) and then u's
 * own known prefix. */
static int refine_template(tf_ctx *c, mls_value *r, const mls_buf *b,
                           size_t len, const mls_value *u)
{
  size_t n =
      u->u.unknown.prefix && !is_error(u) ? strlen(u->u.unknown.prefix) : 0;
  char *p;
  if (n == 0) {
    return mls_value_refine_prefix(c->a, r, mls_span_of(b->ptr, len));
  }
  if (len == 0) {
    return mls_value_refine_prefix(c->a, r,
                                   mls_span_of(u->u.unknown.prefix, n));
  }
  if (!(p = mls_arena_alloc(c->a, len + n))) {
    return MLS_ENOMEM;
  }
  memcpy(p, b->ptr, len);
  memcpy(p + len, u->u.unknown.prefix, n);
  return mls_value_refine_prefix(c->a, r, mls_span_of(p, len + n));
}

/* Refine r, the unknown result of template e (its parts' values in vals,
 * NULL for literals): it ends with the last unknown part's own known end
 * and then the text after that part, "-compute@developer.gserviceaccount
 * .com" in "${var.project_number}-compute@developer.gserviceaccount.com". */
static int refine_template_end(tf_ctx *c, mls_value *r, const hcl_expr *e,
                               mls_value **vals, uint32_t n)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES + 1);
  uint32_t last = n;
  int rc = MLS_OK;
  for (uint32_t i = n; i-- > 0;) {
    if (vals[i] && vals[i]->kind == MLS_V_UNKNOWN) {
      last = i;
      break;
    }
  }
  if (last == n) {
    return MLS_OK;
  }
  for (uint32_t i = last + 1; i < n && rc == MLS_OK; i++) {
    const hcl_expr *p = e->u.tmpl.parts[i];
    mls_span str;
    if (!vals[i]) {
      rc = p->u.lit.str.len
               ? mls_buf_put(&b, p->u.lit.str.ptr, p->u.lit.str.len)
               : MLS_OK;
    } else if (tf__as_string(vals[i], &str)) {
      rc = str.len ? mls_buf_put(&b, str.ptr, str.len) : MLS_OK;
    } else {
      mls_buf_dispose(&b);
      return MLS_OK; /* not text: an error elsewhere */
    }
  }
  if (rc == MLS_OK) {
    rc = mls_value_refine_suffix_after(c->a, r, vals[last],
                                       b.len ? mls_span_of(b.ptr, b.len)
                                             : mls_span_of("", 0));
  }
  mls_buf_dispose(&b);
  /* A suffix past the bound says nothing; only memory is an error. */
  return rc == MLS_ENOMEM ? rc : MLS_OK;
}

static mls_value *eval_template(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  uint32_t n = e->u.tmpl.nparts;
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES + 1);
  mls_value **vals;
  mls_value *unk = NULL, *bad = NULL;
  uint16_t flags = 0;
  int rc = MLS_OK;
  const mls_value *first = NULL; /* the first unknown part */
  size_t known = 0;              /* bytes of b before it */
  /* From the first unknown part on: the string with each unknown
   * partition as MLS_PARTITION_VAR, while every unknown part is one
   * (MLS_VF_PARTITION). A template with no unknown part never fills it. */
  mls_buf tb = MLS_BUF_INIT(MLS_MAX_STRING_BYTES + 1);
  bool tpl_ok = true;
  size_t nvars = 0;

  if (n == 0) {
    return fresh(c, mls_value_string_borrowed(c->a, mls_span_of("", 0)), s, e);
  }
  if (n == 1 && e->u.tmpl.parts[0]->kind == HCL_EXPR_LITERAL &&
      e->u.tmpl.parts[0]->u.lit.type == HCL_LIT_STRING) {
    return fresh(c,
                 mls_value_string_borrowed(c->a, e->u.tmpl.parts[0]->u.lit.str),
                 s, e);
  }
  if (!(vals = mls_arena_zalloc(c->a, (size_t)n * sizeof(*vals)))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  for (uint32_t i = 0; i < n && rc == MLS_OK && !c->fail; i++) {
    const hcl_expr *p = e->u.tmpl.parts[i];
    mls_value *v;
    if (p->kind == HCL_EXPR_LITERAL && p->u.lit.type == HCL_LIT_STRING) {
      rc = mls_buf_put(&b, p->u.lit.str.ptr, p->u.lit.str.len);
      if (unk && tpl_ok &&
          mls_buf_put(&tb, p->u.lit.str.ptr, p->u.lit.str.len) < 0) {
        tpl_ok = false;
      }
      continue;
    }
    v = vals[i] = tf__eval(c, s, p);
    flags |= v->flags & MLS_VF_SENSITIVE;
    if (v->kind == MLS_V_UNKNOWN) {
      /* The text so far, all known, starts the template. */
      if (!unk && (rc != MLS_OK || bad ||
                   (b.len && mls_buf_put(&tb, b.ptr, b.len) < 0))) {
        tpl_ok = false;
      }
      if (!unk && !bad && rc == MLS_OK) {
        first = v;
        known = b.len;
      }
      if (!unk || (is_error(v) && !is_error(unk))) {
        unk = v;
      }
      if (!(v->flags & MLS_VF_PARTITION) ||
          mls_buf_put(&tb, v->u.unknown.expr.ptr, v->u.unknown.expr.len) < 0) {
        tpl_ok = false;
      } else {
        nvars += mls_partition_count(v->u.unknown.expr);
      }
      continue;
    }
    if (unk && tpl_ok) {
      mls_span str;
      if (!tf__as_string(v, &str) || mls_buf_put(&tb, str.ptr, str.len) < 0) {
        tpl_ok = false;
      }
    }
    if (!unk && !bad) {
      rc = buf_put_value(c, s, p, &b, v, &bad);
    }
  }
  if (c->fail) {
    mls_buf_dispose(&b);
    mls_buf_dispose(&tb);
    return c->oom;
  }
  if (bad && !(unk && is_error(unk))) {
    mls_buf_dispose(&b);
    mls_buf_dispose(&tb);
    return bad;
  }
  /* A JSON document with an account or a region in it (a heredoc policy
   * naming "arn:aws:iam::${account_id}:root") is left to the document's
   * shape below, which a policy is decoded from. */
  if (unk && tpl_ok && !bad && !(flags & MLS_VF_SENSITIVE) &&
      mls_partition_count(mls_span_of(tb.ptr ? tb.ptr : "", tb.len)) == nvars &&
      !(mls_partition_text_free(mls_span_of(tb.ptr ? tb.ptr : "", tb.len)) &&
        tf_looks_like_json(mls_span_of(tb.ptr ? tb.ptr : "", tb.len)))) {
    /* Known but for the partition: that string, as a template. */
    mls_value *r = unknown_from(c, s, e, unk);
    if (r != c->oom &&
        mls_value_refine_partition(
            c->a, r, mls_span_of(tb.ptr ? tb.ptr : "", tb.len)) < 0) {
      mls_buf_dispose(&b);
      mls_buf_dispose(&tb);
      return tf__fail(c, MLS_ENOMEM);
    }
    mls_buf_dispose(&b);
    mls_buf_dispose(&tb);
    return r;
  }
  mls_buf_dispose(&tb);
  if (unk) {
    mls_value *r = unknown_from(c, s, e, unk);
    if (r != c->oom) {
      /* A null part would have been an error. */
      r->flags |= is_error(unk) ? 0 : TF_VF_NOTNULL;
      /* A sensitive part could be in the known text: nothing is said.
       * An error part (an undeclared name in a partial checkout) leaves
       * the known text true of whatever it stands for:
       * "serviceAccount:${google_service_account.missing.email}" is
       * still no allUsers. */
      if (first && !(flags & MLS_VF_SENSITIVE) &&
          (refine_template(c, r, &b, known, first) < 0 ||
           refine_template_end(c, r, e, vals, n) < 0)) {
        mls_buf_dispose(&b);
        return tf__fail(c, MLS_ENOMEM);
      }
      mls_buf_dispose(&b);
      /* So does a JSON document's shape: Action "*" stays "*" beside
       * an undeclared ARN variable. */
      tf__template_shape(c, e, vals, n, r);
      return r;
    }
    mls_buf_dispose(&b);
    return r;
  }
  if (rc < 0) {
    mls_buf_dispose(&b);
    return rc == MLS_ENOMEM
               ? tf__fail(c, rc)
               : err(c, s, e, "the template result is longer than %u bytes",
                     (unsigned)MLS_MAX_STRING_BYTES);
  }
  return buf_value(c, s, e, &b, flags);
}

/* %{for}: the inner FOR gives a tuple of strings to concatenate. */
static mls_value *eval_join(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *t = tf__eval(c, s, e->u.wrap.inner), *bad = NULL;
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES + 1);
  int rc = MLS_OK;
  if (t->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, t);
  }
  if (t->kind != MLS_V_LIST) {
    return err(c, s, e, "a template for directive must produce strings");
  }
  for (uint32_t i = 0; i < t->u.list.n && rc == MLS_OK && !bad; i++) {
    mls_value *v = t->u.list.items[i];
    if (v->kind == MLS_V_UNKNOWN) {
      mls_buf_dispose(&b);
      return unknown_from(c, s, e, v);
    }
    rc = buf_put_value(c, s, e, &b, v, &bad);
  }
  if (bad || rc < 0) {
    mls_buf_dispose(&b);
    return bad                ? bad
           : rc == MLS_ENOMEM ? tf__fail(c, rc)
                              : err(c, s, e, "template too long");
  }
  return buf_value(c, s, e, &b, 0);
}

/* ---- traversals -------------------------------------------------------- */

static mls_value *string_value(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                               const char *str)
{
  return fresh(
      c, mls_value_string_borrowed(c->a, mls_span_of(str, strlen(str))), s, e);
}

static mls_value *eval_scope(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_span root = e->u.scope.root;
  const hcl_step *st = e->u.scope.steps;
  uint32_t n = e->u.scope.nsteps;
  mls_value *v;

  for (const tf_bind *b = s->binds; b; b = b->next) {
    if (b->name.len == root.len &&
        memcmp(b->name.ptr, root.ptr, root.len) == 0) {
      /* The bound value is shared; steps never modify it. */
      return tf__apply_steps(c, s, e, (mls_value *)(uintptr_t)b->v, st, n);
    }
  }
  if (mls_span_eq(root, "each")) {
    if (!s->each_key) {
      return err(c, s, e, "each is only available where for_each is set");
    }
    if (n < 1 || st[0].kind != HCL_STEP_ATTR) {
      return err(c, s, e, "each must be followed by .key or .value");
    }
    if (mls_span_eq(st[0].name, "key")) {
      v = (mls_value *)(uintptr_t)s->each_key;
    } else if (mls_span_eq(st[0].name, "value")) {
      v = (mls_value *)(uintptr_t)s->each_value;
      tf__each_value_refs(c, s,
                          n >= 2 && st[1].kind == HCL_STEP_ATTR
                              ? st[1].name
                              : mls_span_of("", 0));
    } else {
      return err(c, s, e, "each has only .key and .value");
    }
    if (v->kind == MLS_V_UNKNOWN && !(v->flags & MLS_VF_PARTITION) &&
        !v->u.unknown.prefix && !v->u.unknown.suffix) {
      return unknown_from(c, s, e, v);
    }
    /* A refined unknown (a string known but for its partition, or whose
     * start is known) stays what it is: for_each = { X = "arn:${local.
     * partition}:iam::aws:policy/X" } with policy_arn = each.value. */
    return tf__apply_steps(c, s, e, v, st + 1, n - 1);
  }
  if (mls_span_eq(root, "count")) {
    if (!s->count_index) {
      return err(c, s, e, "count.index is only available where count is set");
    }
    if (n < 1 || !mls_span_eq(st[0].name, "index")) {
      return err(c, s, e, "count has only .index");
    }
    v = (mls_value *)(uintptr_t)s->count_index;
    if (v->kind == MLS_V_UNKNOWN) {
      return unknown_from(c, s, e, v);
    }
    return tf__apply_steps(c, s, e, v, st + 1, n - 1);
  }
  if (mls_span_eq(root, "path") && n >= 1 && st[0].kind == HCL_STEP_ATTR) {
    if (mls_span_eq(st[0].name, "module")) {
      v = fresh(c,
                mls_value_string_borrowed(c->a, s->mi ? s->mi->path_module
                                                      : mls_span_of(".", 1)),
                s, e);
    } else if (mls_span_eq(st[0].name, "root")) {
      v = string_value(c, s, e, ".");
    } else if (mls_span_eq(st[0].name, "cwd")) {
      return tf__unknown(c, s->file, &e->range,
                         "path.cwd: the directory terraform runs in");
    } else {
      return err(c, s, e, "path has only .module, .root and .cwd");
    }
    return tf__apply_steps(c, s, e, v, st + 1, n - 1);
  }
  if (mls_span_eq(root, "terraform") && n >= 1 &&
      mls_span_eq(st[0].name, "workspace")) {
    if (!c->opts->env) {
      return tf__unknown(c, s->file, &e->range,
                         "terraform.workspace: no --env given");
    }
    v = string_value(c, s, e, c->opts->env);
    return tf__apply_steps(c, s, e, v, st + 1, n - 1);
  }
  if (mls_span_eq(root, "self")) {
    return tf__unknown(c, s->file, &e->range,
                       "self: the resource's own attributes, known after "
                       "apply");
  }
  if (!s->mi) {
    return err(c, s, e, "references to \"%.*s\" are not allowed here",
               (int)root.len, root.ptr);
  }
  v = tf__resolve(c, s, e);
  if (!v) {
    return err(c, s, e, "reference to an undeclared name \"%.*s\"",
               (int)root.len, root.ptr);
  }
  return v;
}

/* ---- function calls ---------------------------------------------------- */

typedef struct fn_payload {
  tf_ctx *c;         /* the evaluation */
  const tf_scope *s; /* scope of the call */
} fn_payload;

/* Whether path (repository-relative, normalized) is dir or below it. */
static bool path_below(const char *path, const char *dir)
{
  size_t n = strlen(dir);
  return n == 0 ||
         (strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/'));
}

/* A file or directory the evaluation reads at full: noted in
 * opts->reads_outside when it is outside the root module's directory and
 * those of the modules instantiated so far (tf_opts). */
static void note_read(tf_ctx *c, const char *full)
{
  if (!c->opts || !c->opts->reads_outside ||
      path_below(full, c->root ? c->root->mod->dir : "")) {
    return;
  }
  for (const tf_seen *m = c->seen_mods; m; m = m->next) {
    if (path_below(full, m->mod->dir)) {
      return;
    }
  }
  *c->opts->reads_outside = true;
}

static int fn_read(void *payload, const char *path, const char **data,
                   size_t *len, mls_diag *diag)
{
  fn_payload *p = payload;
  tf_ctx *c = p->c;
  char full[MLS_MAX_PATH_BYTES];
  const char *base = c->root ? c->root->mod->dir : "";
  tf_file *f;

  /* Terraform resolves file() paths against the directory it runs in:
   * the root module's. */
  if (tf__path_join(full, sizeof(full), base, path) < 0) {
    return mls_diag_add(diag, MLS_EINPUT, NULL,
                        "file \"%s\" is outside the repository", path);
  }
  note_read(c, full);
  if (!(f = tf__file_load(c->ld, full, TF_F_TEXT))) {
    return MLS_ENOMEM;
  }
  if (f->rc == MLS_EIO) {
    return MLS_EIO; /* no such file: the function says so where it is called */
  }
  if (f->rc < 0) {
    return mls_diag_add(diag, f->rc, NULL, "cannot read file \"%s\"", path);
  }
  *data = f->data;
  *len = f->len;
  return MLS_OK;
}

/* fileset()'s entries, handed on from the source's listing. */
typedef struct fn_list_cb {
  tf_fs_entry_fn cb; /* the function's callback */
  void *cb_payload;  /* its payload */
} fn_list_cb;

static int fn_list_entry(void *payload, const char *path, tf_entry_kind kind)
{
  const fn_list_cb *l = payload;
  tf_fs_kind k = kind == TF_ENTRY_FILE  ? TF_FS_FILE
                 : kind == TF_ENTRY_DIR ? TF_FS_DIR
                                        : TF_FS_OTHER;
  return l->cb(l->cb_payload, path, k);
}

static int fn_list(void *payload, const char *dir, unsigned max_depth,
                   tf_fs_entry_fn cb, void *cb_payload, mls_diag *diag)
{
  fn_payload *p = payload;
  tf_ctx *c = p->c;
  char full[MLS_MAX_PATH_BYTES];
  const char *base = c->root ? c->root->mod->dir : "";
  fn_list_cb l = { cb, cb_payload };

  /* As file(): relative to the directory Terraform runs in, the root
   * module's. */
  if (tf__path_join(full, sizeof(full), base, dir) < 0) {
    return mls_diag_add(diag, MLS_ERROR, NULL,
                        "directory \"%s\" is outside the repository", dir);
  }
  note_read(c, full);
  if (!c->ld->src.list_tree) {
    return mls_diag_add(diag, MLS_ERROR, NULL,
                        "directories are not listed from this source");
  }
  return c->ld->src.list_tree(c->ld->src.payload, full, max_depth,
                              fn_list_entry, &l);
}

static int fn_render(void *payload, const char *src, size_t len,
                     const mls_value *vars, mls_value **out, mls_diag *diag)
{
  fn_payload *p = payload;
  tf_ctx *c = p->c;
  uint32_t file = TF_NO_FILE;
  hcl_expr *tmpl = NULL;
  tf_bind *binds = NULL;
  tf_scope s;
  mls_pos base = { 0, 1, 1 };
  int rc;

  for (uint32_t i = 0; i < c->ld->nfiles; i++) {
    const tf_file *f = c->ld->files[i];
    if (f->data && src >= f->data && src <= f->data + f->len) {
      file = i;
      base.byte = (uint32_t)(src - f->data);
      break;
    }
  }
  rc = hcl_parse_template(&tmpl, c->a, src, len, base, diag);
  if (rc == MLS_ENOMEM || !tmpl) {
    return rc < 0 ? rc : MLS_ERROR;
  }
  if (rc < 0) {
    return rc;
  }
  if (vars && vars->kind == MLS_V_MAP && vars->u.map.n) {
    if (!(binds = mls_arena_alloc(c->a, vars->u.map.n * sizeof(*binds)))) {
      return MLS_ENOMEM;
    }
    for (uint32_t i = 0; i < vars->u.map.n; i++) {
      binds[i].name = vars->u.map.entries[i].key;
      binds[i].v = vars->u.map.entries[i].value;
      binds[i].next = i + 1 < vars->u.map.n ? &binds[i + 1] : NULL;
    }
  }
  memset(&s, 0, sizeof(s));
  s.file = file;
  s.binds = binds;
  *out = tf__eval(c, &s, tmpl);
  return c->fail ? c->fail : MLS_OK;
}

/* Move the library's diagnostics into the job's, once each. */
static void take_diags(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                       mls_diag *d)
{
  for (size_t i = 0; i < d->n; i++) {
    const mls_diag_entry *en = &d->v[i];
    tf__diag(c, en->rc, en->sev == MLS_SEV_ERROR ? MLS_SEV_WARNING : en->sev,
             s->file, &e->range, "%s", en->message);
  }
  mls_diag_dispose(d);
}

static mls_value *call(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                       mls_span name, mls_value **args, uint32_t nargs,
                       bool expand_final)
{
  mls_diag d = MLS_DIAG_INIT;
  fn_payload p = { c, s };
  tf_fn_ctx fc;
  mls_value *out = NULL;
  int rc;

  memset(&fc, 0, sizeof(fc));
  fc.arena = c->a;
  fc.diag = &d;
  fc.at = e ? &e->range : NULL;
  fc.read_file = fn_read;
  fc.render = fn_render;
  fc.list_files = fn_list;
  fc.payload = &p;
  fc.module_dir = s->mi ? s->mi->mod->dir : "";
  rc = tf_call_function(&fc, name, args, nargs, expand_final, &out);
  if (e) {
    take_diags(c, s, e, &d);
  } else {
    mls_diag_dispose(&d);
  }
  if (rc == MLS_ENOMEM || mls_arena_failed(c->a)) {
    return tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
  }
  if (c->fail) {
    return c->oom;
  }
  if (!out) {
    return e ? err(c, s, e, "function \"%.*s\" failed", (int)name.len, name.ptr)
             : tf__unknown(c, TF_NO_FILE, NULL, "error: function failed");
  }
  return out;
}

mls_value *tf__call(tf_ctx *c, const char *name, mls_value *const *args,
                    uint32_t nargs)
{
  tf_scope s;
  memset(&s, 0, sizeof(s));
  s.file = TF_NO_FILE;
  return call(c, &s, NULL, mls_span_of(name, strlen(name)),
              (mls_value **)(uintptr_t)args, nargs, false);
}

static mls_value *eval_call(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_span name = e->u.call.name;
  uint32_t n = e->u.call.nargs;
  bool quiet = mls_span_eq(name, "try") || mls_span_eq(name, "can");
  mls_value **args = NULL, *out;

  if (n && !(args = mls_arena_alloc(c->a, (size_t)n * sizeof(*args)))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  c->quiet += quiet ? 1 : 0;
  for (uint32_t i = 0; i < n; i++) {
    args[i] = tf__eval(c, s, e->u.call.args[i]);
  }
  c->quiet -= quiet ? 1 : 0;
  if (c->fail) {
    return c->oom;
  }
  out = call(c, s, e, name, args, n, e->u.call.expand_final);
  if (out == c->oom) {
    return out;
  }
  /* jsondecode() of a JSON string unknown only in parts whose tree is
   * known (a jsonencode() or a policy document's json with an unknown ARN
   * in it) is that tree, its unknown parts unknown:
   * jsonencode(jsondecode(data.aws_iam_policy_document.x.json)). */
  if (mls_span_eq(name, "jsondecode") && n == 1 && out->kind == MLS_V_UNKNOWN &&
      args[0]->kind == MLS_V_UNKNOWN) {
    mls_value *tree = tf__shape_get(c, args[0]), *v;
    if (tree && (tree->kind == MLS_V_MAP || tree->kind == MLS_V_LIST) &&
        (v = tf__with_flags(c, tree, 0)) != NULL && v != c->oom) {
      v->flags &= (uint16_t) ~(MLS_VF_BLOCK | MLS_VF_JSON | TF_VF_OPEN);
      tf__stamp(c, v, s->file, &e->range);
      return v;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    if (out == args[i]) {
      return out; /* an argument passed through keeps its origin */
    }
  }
  if (out->kind == MLS_V_UNKNOWN && out->u.unknown.expr.len == 0) {
    out->u.unknown.expr = tf__src(c, s->file, &e->range);
  }
  tf__stamp(c, out, s->file, &e->range);
  /* jsonencode(X) encodes X: remember the tree, so a policy written this
   * way decodes without a round trip, even when parts of X are unknown. */
  if (mls_span_eq(name, "jsonencode") && n == 1 &&
      (out->kind == MLS_V_UNKNOWN || out->kind == MLS_V_STRING) &&
      (args[0]->kind == MLS_V_MAP || args[0]->kind == MLS_V_LIST)) {
    tf__shape_put(c, out, args[0]);
  }
  return out;
}

/* ---- conditionals and operators ---------------------------------------- */

/* Whether e always evaluates to a string (or fails): a quoted template or
 * a heredoc. */
static bool is_string_syntax(const hcl_expr *e)
{
  return e->kind == HCL_EXPR_TEMPLATE ||
         (e->kind == HCL_EXPR_LITERAL && e->u.lit.type == HCL_LIT_STRING);
}

static mls_value *eval_cond(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *cv = tf__eval(c, s, e->u.cond.cond), *t, *f;
  bool b;
  if (cv->kind == MLS_V_UNKNOWN) {
    /* HCL drops both branches' diagnostics when the condition is unknown:
     * a branch that fails may be the one never taken. */
    c->quiet++;
    t = tf__eval(c, s, e->u.cond.t);
    f = tf__eval(c, s, e->u.cond.f);
    c->quiet--;
    if (!is_error(cv) && mls_value_equal(t, f)) {
      return t; /* both branches agree: the condition does not matter */
    }
    return unknown_from(c, s, e, cv);
  }
  if (cv->kind == MLS_V_NULL) {
    return err(c, s, e, "the condition is null");
  }
  if (!tf__as_bool(cv, &b)) {
    return err(c, s, e, "the condition must be a bool");
  }
  t = tf__eval(c, s, b ? e->u.cond.t : e->u.cond.f);
  f = NULL;
  /* Terraform unifies the branches' types: with a string on the other
   * side, a number or bool result becomes a string. Only a branch that is
   * a string by its syntax is looked at, so the untaken branch is never
   * evaluated. */
  if ((t->kind == MLS_V_NUMBER || t->kind == MLS_V_BOOL) &&
      is_string_syntax(b ? e->u.cond.f : e->u.cond.t)) {
    mls_span str;
    tf__as_string(t, &str);
    f = fresh(c, mls_value_string_borrowed(c->a, str), s, e);
  }
  return f ? f : t;
}

static mls_value *eval_logic(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                             mls_value *l, mls_value *r)
{
  bool is_and = e->u.binary.op == HCL_OP_AND, lb = false, rb = false;
  bool lk = l->kind != MLS_V_UNKNOWN, rk = r->kind != MLS_V_UNKNOWN;
  if (is_error(l) || is_error(r)) {
    return unknown_from(c, s, e, is_error(l) ? l : r);
  }
  if ((lk && l->kind == MLS_V_NULL) || (rk && r->kind == MLS_V_NULL)) {
    return err(c, s, e, "a null value cannot be used with %s",
               is_and ? "&&" : "||");
  }
  if ((lk && !tf__as_bool(l, &lb)) || (rk && !tf__as_bool(r, &rb))) {
    return err(c, s, e, "the operands of %s must be bools",
               is_and ? "&&" : "||");
  }
  /* A known operand that decides the result makes the other irrelevant. */
  if ((lk && lb != is_and) || (rk && rb != is_and)) {
    return fresh(c, mls_value_bool(c->a, !is_and), s, e);
  }
  if (!lk || !rk) {
    return unknown_from(c, s, e, lk ? r : l);
  }
  return fresh(c, mls_value_bool(c->a, is_and), s, e);
}

/* An unknown that cannot be null (TF_VF_NOTNULL, or a string refined by
 * its start or end); an error is no value at all. */
static bool not_null(const mls_value *v)
{
  return v->kind == MLS_V_UNKNOWN && !is_error(v) &&
         ((v->flags & TF_VF_NOTNULL) || v->u.unknown.prefix ||
          v->u.unknown.suffix || (v->flags & MLS_VF_PARTITION));
}

static mls_value *eval_binary(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  hcl_binop op = e->u.binary.op;
  mls_value *l = tf__eval(c, s, e->u.binary.lhs);
  mls_value *r = tf__eval(c, s, e->u.binary.rhs);
  long double x, y, z;

  if (c->fail) {
    return c->oom;
  }
  if (op == HCL_OP_AND || op == HCL_OP_OR) {
    return eval_logic(c, s, e, l, r);
  }
  if ((op == HCL_OP_EQ || op == HCL_OP_NE) &&
      ((l->kind == MLS_V_NULL && not_null(r)) ||
       (r->kind == MLS_V_NULL && not_null(l)))) {
    /* An unknown known not to be null is not equal to null. */
    return fresh(c, mls_value_bool(c->a, op == HCL_OP_NE), s, e);
  }
  if (l->kind == MLS_V_UNKNOWN || r->kind == MLS_V_UNKNOWN) {
    mls_value *u = l->kind == MLS_V_UNKNOWN ? l : r;
    if (is_error(r)) {
      u = r;
    }
    return unknown_from(c, s, e, u);
  }
  if (op == HCL_OP_EQ || op == HCL_OP_NE) {
    bool eq =
        (l->kind == MLS_V_NULL && r->kind == MLS_V_NULL) ||
        (l->kind != MLS_V_NULL && r->kind != MLS_V_NULL && tf__equal(l, r));
    return fresh(c, mls_value_bool(c->a, op == HCL_OP_EQ ? eq : !eq), s, e);
  }
  if (l->kind == MLS_V_NULL || r->kind == MLS_V_NULL) {
    return err(c, s, e,
               "a null value cannot be used in arithmetic or "
               "comparison");
  }
  if (!as_long_double(l, &x) || !as_long_double(r, &y)) {
    return err(c, s, e, "the operands must be numbers");
  }
  switch (op) {
  case HCL_OP_LT:
    return fresh(c, mls_value_bool(c->a, x < y), s, e);
  case HCL_OP_LE:
    return fresh(c, mls_value_bool(c->a, x <= y), s, e);
  case HCL_OP_GT:
    return fresh(c, mls_value_bool(c->a, x > y), s, e);
  case HCL_OP_GE:
    return fresh(c, mls_value_bool(c->a, x >= y), s, e);
  case HCL_OP_ADD:
    z = x + y;
    break;
  case HCL_OP_SUB:
    z = x - y;
    break;
  case HCL_OP_MUL:
    z = x * y;
    break;
  case HCL_OP_DIV:
    if (y == 0) {
      return err(c, s, e, "division by zero");
    }
    z = x / y;
    break;
  case HCL_OP_MOD:
    if (y == 0) {
      return err(c, s, e, "modulo by zero");
    }
    if (!is_whole((double)x) || !is_whole((double)y)) {
      /* Terraform's % on fractions: x - y * trunc(x / y). */
      long double q = x / y;
      if (!(q > -9.0e15L && q < 9.0e15L)) {
        return err(c, s, e, "the result is too large");
      }
      z = x - y * (long double)(long long)q;
    } else {
      z = (long double)((long long)x % (long long)y);
    }
    break;
  default:
    return err(c, s, e, "unsupported operator");
  }
  if (!((double)z - (double)z == 0)) { /* inf or NaN as a double */
    return err(c, s, e, "the result is too large");
  }
  return fresh(c, num(c, z), s, e);
}

static mls_value *eval_unary(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *v = tf__eval(c, s, e->u.unary.operand);
  long double d;
  bool b;
  if (v->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, v);
  }
  if (e->u.unary.op == HCL_OP_NOT) {
    if (!tf__as_bool(v, &b)) {
      return err(c, s, e, "the operand of ! must be a bool");
    }
    return fresh(c, mls_value_bool(c->a, !b), s, e);
  }
  if (!as_long_double(v, &d)) {
    return err(c, s, e, "the operand of - must be a number");
  }
  return fresh(c, num(c, -d), s, e);
}

/* ---- collections ------------------------------------------------------- */

/* A growable array of values in the ctx arena. */
typedef struct vvec {
  mls_value **v; /* ctx arena */
  uint32_t n;
  uint32_t cap;
} vvec;

static bool vvec_push(tf_ctx *c, vvec *vv, mls_value *x)
{
  if (vv->n == vv->cap) {
    uint32_t ncap = vv->cap ? vv->cap * 2 : 8;
    mls_value **nv;
    if (ncap > MLS_MAX_BODY_ITEMS * 4) {
      tf__fail(c, MLS_ELIMIT);
      return false;
    }
    if (!(nv = mls_arena_alloc(c->a, (size_t)ncap * sizeof(*nv)))) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    if (vv->n) {
      memcpy(nv, vv->v, (size_t)vv->n * sizeof(*nv));
    }
    vv->v = nv;
    vv->cap = ncap;
  }
  vv->v[vv->n++] = x;
  return true;
}

/* A growable map (entries in insertion order, later keys replace). */
typedef struct mvec {
  mls_map_entry *v; /* ctx arena */
  uint32_t n;
  uint32_t cap;
} mvec;

static mls_map_entry *mvec_find(mvec *m, mls_span k)
{
  for (uint32_t i = 0; i < m->n; i++) {
    if (m->v[i].key.len == k.len &&
        (k.len == 0 || memcmp(m->v[i].key.ptr, k.ptr, k.len) == 0)) {
      return &m->v[i];
    }
  }
  return NULL;
}

static bool mvec_put(tf_ctx *c, mvec *m, mls_span k, mls_value *x)
{
  mls_map_entry *en = mvec_find(m, k);
  if (en) {
    en->value = x;
    return true;
  }
  if (m->n == m->cap) {
    uint32_t ncap = m->cap ? m->cap * 2 : 8;
    mls_map_entry *nv;
    if (ncap > MLS_MAX_BODY_ITEMS * 4) {
      tf__fail(c, MLS_ELIMIT);
      return false;
    }
    if (!(nv = mls_arena_alloc(c->a, (size_t)ncap * sizeof(*nv)))) {
      tf__fail(c, MLS_ENOMEM);
      return false;
    }
    if (m->n) {
      memcpy(nv, m->v, (size_t)m->n * sizeof(*nv));
    }
    m->v = nv;
    m->cap = ncap;
  }
  m->v[m->n].key = k;
  m->v[m->n].value = x;
  m->n++;
  return true;
}

/* A tuple constructor. When it is an attribute's whole expression
 * (c->index_items), or a constructor nested in it, each item's references
 * carry its index: the edge of
 * `members = ["serviceAccount:${google_service_account.a.email}", ...]`
 * leaves at members.0, so a rule can tell which member refers (as
 * CloudFormation's list items do). */
static mls_value *eval_tuple(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  uint32_t n = e->u.tuple.n;
  mls_value **items = NULL;
  bool index = c->index_items == e;
  c->index_items = NULL;
  if (n && !(items = mls_arena_alloc(c->a, (size_t)n * sizeof(*items)))) {
    return tf__fail(c, MLS_ENOMEM);
  }
  for (uint32_t i = 0; i < n; i++) {
    size_t old = index ? tf__path_push_index(c, i) : 0;
    c->index_items = index ? e->u.tuple.items[i] : NULL;
    items[i] = tf__eval(c, s, e->u.tuple.items[i]);
    c->index_items = NULL;
    if (index) {
      tf__path_pop(c, old);
    }
  }
  return fresh(c, mls_value_list(c->a, items, n), s, e);
}

/* The key of an object constructor item as a string. */
static mls_value *object_key(tf_ctx *c, const tf_scope *s,
                             const hcl_object_item *it)
{
  const hcl_expr *k = it->key;
  if (!it->force_non_literal && k->kind == HCL_EXPR_SCOPE_TRAVERSAL &&
      k->u.scope.nsteps == 0) {
    return fresh(c, mls_value_string_borrowed(c->a, k->u.scope.root), s, k);
  }
  return tf__eval(c, s, k);
}

/* Whether key k can be one segment of an edge path (paths are dotted). */
static bool path_key(mls_span k)
{
  if (k.len == 0) {
    return false;
  }
  for (size_t i = 0; i < k.len; i++) {
    if (k.ptr[i] == '.' || k.ptr[i] == '[' || k.ptr[i] == ']') {
      return false;
    }
  }
  return true;
}

/* An object constructor. As an attribute's whole expression, or nested in
 * one, each member's references carry its key: the edge of an azapi
 * `body = { properties = { containerRegistry = azurerm_container_registry
 * .r.id } }` leaves at body.properties.containerRegistry. A key that
 * cannot be a path segment keeps the object's path. */
static mls_value *eval_object(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mvec m = { NULL, 0, 0 };
  bool index = c->index_items == e;
  c->index_items = NULL;
  for (uint32_t i = 0; i < e->u.object.n; i++) {
    const hcl_object_item *it = &e->u.object.items[i];
    mls_value *k = object_key(c, s, it), *v;
    mls_span ks;
    bool keyed;
    size_t old = 0;
    if (k->kind == MLS_V_UNKNOWN) {
      return unknown_from(c, s, e, k);
    }
    if (k->kind == MLS_V_NULL || !tf__as_string(k, &ks)) {
      return err(c, s, it->key, "an object key must be a string");
    }
    keyed = index && path_key(ks);
    if (keyed) {
      old = tf__path_push_key(c, ks);
      c->index_items = it->value;
    }
    v = tf__eval(c, s, it->value);
    if (keyed) {
      c->index_items = NULL;
      tf__path_pop(c, old);
    }
    if (!mvec_put(c, &m, ks, v)) {
      return c->oom;
    }
  }
  return fresh(c, mls_value_map(c->a, m.v, m.n), s, e);
}

static mls_value *eval_for(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *coll = tf__eval(c, s, e->u.forx.coll);
  bool is_obj = e->u.forx.key != NULL;
  uint32_t n, *order = NULL;
  vvec out = { NULL, 0, 0 };
  mvec obj = { NULL, 0, 0 };
  tf_bind binds[2];
  tf_scope in = *s;

  if (coll->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, coll);
  }
  if (coll->kind == MLS_V_NULL) {
    return err(c, s, e, "a for expression cannot iterate over null");
  }
  if (coll->kind != MLS_V_LIST && coll->kind != MLS_V_MAP) {
    return err(c, s, e, "a for expression needs a list, set, map or object");
  }
  n = coll->kind == MLS_V_LIST ? coll->u.list.n : coll->u.map.n;
  if (coll->kind == MLS_V_MAP && n && !(order = tf__sorted_keys(c, coll))) {
    return c->oom;
  }
  for (uint32_t i = 0; i < n && !c->fail; i++) {
    mls_value *k, *v, *cond;
    uint32_t nb = 0;
    if (coll->kind == MLS_V_LIST) {
      v = coll->u.list.items[i];
      k = (coll->flags & MLS_VF_SET) ? v : num(c, (long double)i);
    } else {
      const mls_map_entry *en = &coll->u.map.entries[order[i]];
      v = en->value;
      k = mls_value_string_borrowed(c->a, en->key);
      if (!k) {
        return tf__fail(c, MLS_ENOMEM);
      }
    }
    if (e->u.forx.key_var.len) {
      binds[nb].name = e->u.forx.key_var;
      binds[nb].v = k;
      binds[nb].next = s->binds;
      nb++;
    }
    binds[nb].name = e->u.forx.value_var;
    binds[nb].v = v;
    binds[nb].next = nb ? &binds[0] : s->binds;
    in.binds = &binds[nb];
    if (e->u.forx.cond) {
      bool b;
      cond = tf__eval(c, &in, e->u.forx.cond);
      if (cond->kind == MLS_V_UNKNOWN) {
        return unknown_from(c, s, e, cond);
      }
      if (!tf__as_bool(cond, &b)) {
        return err(c, s, e->u.forx.cond, "the for condition must be a bool");
      }
      if (!b) {
        continue;
      }
    }
    if (!is_obj) {
      if (!vvec_push(c, &out, tf__eval(c, &in, e->u.forx.value))) {
        return c->oom;
      }
      continue;
    }
    {
      mls_value *kv = tf__eval(c, &in, e->u.forx.key), *vv;
      mls_span ks;
      mls_map_entry *en;
      if (kv->kind == MLS_V_UNKNOWN) {
        return unknown_from(c, s, e, kv);
      }
      if (kv->kind == MLS_V_NULL || !tf__as_string(kv, &ks)) {
        return err(c, s, e->u.forx.key, "a for key must be a string");
      }
      vv = tf__eval(c, &in, e->u.forx.value);
      en = mvec_find(&obj, ks);
      if (e->u.forx.group) {
        vvec g = { NULL, 0, 0 };
        if (en) {
          g.v = en->value->u.list.items;
          g.n = g.cap = en->value->u.list.n;
        }
        if (!vvec_push(c, &g, vv)) {
          return c->oom;
        }
        if (en) {
          en->value->u.list.items = g.v;
          en->value->u.list.n = g.n;
        } else {
          mls_value *l = fresh(c, mls_value_list(c->a, g.v, g.n), s, e);
          if (!mvec_put(c, &obj, ks, l)) {
            return c->oom;
          }
        }
      } else {
        if (en) {
          return err(c, s, e->u.forx.key,
                     "duplicate key \"%.*s\" in a for expression (use ... "
                     "to group)",
                     (int)(ks.len > 100 ? 100 : ks.len), ks.ptr);
        }
        if (!mvec_put(c, &obj, ks, vv)) {
          return c->oom;
        }
      }
    }
  }
  if (c->fail) {
    return c->oom;
  }
  if (is_obj) {
    return fresh(c, mls_value_map(c->a, obj.v, obj.n), s, e);
  }
  return fresh(c, mls_value_list(c->a, out.v, out.n), s, e);
}

static mls_value *eval_splat(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *src = tf__eval(c, s, e->u.splat.source), *one[1], *res;
  mls_value **items;
  uint32_t n;
  vvec out = { NULL, 0, 0 };
  tf_scope in = *s;

  if (src->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, s, e, src);
  }
  if (src->kind == MLS_V_NULL) {
    return fresh(c, mls_value_list(c->a, NULL, 0), s, e);
  }
  if (src->kind == MLS_V_LIST) {
    items = src->u.list.items;
    n = src->u.list.n;
  } else {
    one[0] = src; /* a single value splats as a one-element tuple */
    items = one;
    n = 1;
  }
  for (uint32_t i = 0; i < n && !c->fail; i++) {
    in.anon = items[i];
    if (!vvec_push(c, &out, tf__eval(c, &in, e->u.splat.each))) {
      return c->oom;
    }
  }
  res = fresh(c, mls_value_list(c->a, out.v, out.n), s, e);
  if (res != c->oom && src->kind == MLS_V_LIST) {
    res->flags |= src->flags & MLS_VF_SET;
  }
  return res;
}

/* Whether a traversal's root names something of the module (a resource,
 * data, module, var or local) rather than a binding or a built-in. */
static bool module_root(const tf_scope *s, const hcl_expr *t)
{
  mls_span r = t->u.scope.root;
  if (!s->mi || mls_span_eq(r, "each") || mls_span_eq(r, "count") ||
      mls_span_eq(r, "path") || mls_span_eq(r, "terraform") ||
      mls_span_eq(r, "self")) {
    return false;
  }
  for (const tf_bind *b = s->binds; b; b = b->next) {
    if (b->name.len == r.len && memcmp(b->name.ptr, r.ptr, r.len) == 0) {
      return false;
    }
  }
  return true;
}

/*
 * x[k] and x[k].a.b with a computed key (aws_subnet.private[count.index].id,
 * module.m[each.key].out). When x is a module-level traversal and k is
 * known, this is the traversal x[<k>].a.b: evaluated that way, a reference
 * selects the one instance (an edge to aws_subnet.private[2], attribute
 * "id") instead of reading every instance and indexing after. The value is
 * the same either way.
 */
static mls_value *eval_keyed(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                             const hcl_expr *idx, const hcl_step *tail,
                             uint32_t ntail)
{
  const hcl_expr *base = idx->u.index.coll;
  mls_value *key = tf__eval(c, s, idx->u.index.key), *v;
  hcl_expr syn;
  hcl_step *steps;
  uint32_t nb;

  if (base->kind == HCL_EXPR_SCOPE_TRAVERSAL && module_root(s, base) &&
      (key->kind == MLS_V_STRING || key->kind == MLS_V_NUMBER) &&
      base->u.scope.nsteps < MLS_MAX_BODY_ITEMS && ntail < MLS_MAX_BODY_ITEMS) {
    nb = base->u.scope.nsteps;
    if (!(steps = mls_arena_alloc(c->a,
                                  ((size_t)nb + 1 + ntail) * sizeof(*steps)))) {
      return tf__fail(c, MLS_ENOMEM);
    }
    if (nb) {
      memcpy(steps, base->u.scope.steps, nb * sizeof(*steps));
    }
    memset(&steps[nb], 0, sizeof(*steps));
    steps[nb].kind = HCL_STEP_INDEX;
    steps[nb].key.type =
        key->kind == MLS_V_NUMBER ? HCL_LIT_NUMBER : HCL_LIT_STRING;
    steps[nb].key.str =
        key->kind == MLS_V_NUMBER ? key->u.num.text : key->u.str;
    steps[nb].range = idx->u.index.key->range;
    if (ntail) {
      memcpy(&steps[nb + 1], tail, ntail * sizeof(*steps));
    }
    memset(&syn, 0, sizeof(syn));
    syn.kind = HCL_EXPR_SCOPE_TRAVERSAL;
    syn.range = e->range;
    syn.u.scope.root = base->u.scope.root;
    syn.u.scope.steps = steps;
    syn.u.scope.nsteps = nb + 1 + ntail;
    return eval_scope(c, s, &syn);
  }
  v = index_value(c, s, idx, tf__eval(c, s, base), key);
  return ntail ? tf__apply_steps(c, s, e, v, tail, ntail) : v;
}

/* ---- the dispatcher ---------------------------------------------------- */

static mls_value *eval_literal(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  bool ok;
  switch (e->u.lit.type) {
  case HCL_LIT_STRING:
    return fresh(c, mls_value_string_borrowed(c->a, e->u.lit.str), s, e);
  case HCL_LIT_NUMBER: {
    mls_value *v = tf__number_from_text(c->a, e->u.lit.str, &ok);
    if (!ok) {
      return err(c, s, e, "malformed number");
    }
    return fresh(c, v, s, e);
  }
  case HCL_LIT_BOOL:
    return fresh(c, mls_value_bool(c->a, e->u.lit.b), s, e);
  case HCL_LIT_NULL:
    return fresh(c, mls_value_null(c->a), s, e);
  default:
    return tf__unknown(c, s->file, &e->range,
                       "error: the expression has a syntax error");
  }
}

static mls_value *eval_kind(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  switch (e->kind) {
  case HCL_EXPR_LITERAL:
    return eval_literal(c, s, e);
  case HCL_EXPR_TEMPLATE:
    return eval_template(c, s, e);
  case HCL_EXPR_TEMPLATE_WRAP:
  case HCL_EXPR_PARENS:
    return tf__eval(c, s, e->u.wrap.inner);
  case HCL_EXPR_TEMPLATE_JOIN:
    return eval_join(c, s, e);
  case HCL_EXPR_SCOPE_TRAVERSAL:
    return eval_scope(c, s, e);
  case HCL_EXPR_RELATIVE_TRAVERSAL:
    if (e->u.rel.source->kind == HCL_EXPR_INDEX) {
      return eval_keyed(c, s, e, e->u.rel.source, e->u.rel.steps,
                        e->u.rel.nsteps);
    }
    return tf__apply_steps(c, s, e, tf__eval(c, s, e->u.rel.source),
                           e->u.rel.steps, e->u.rel.nsteps);
  case HCL_EXPR_FUNCTION_CALL:
    return eval_call(c, s, e);
  case HCL_EXPR_CONDITIONAL:
    return eval_cond(c, s, e);
  case HCL_EXPR_FOR:
    return eval_for(c, s, e);
  case HCL_EXPR_SPLAT:
    return eval_splat(c, s, e);
  case HCL_EXPR_ANON_SYMBOL:
    if (!s->anon) {
      return err(c, s, e, "splat element outside a splat");
    }
    return (mls_value *)(uintptr_t)s->anon;
  case HCL_EXPR_INDEX:
    return eval_keyed(c, s, e, e, NULL, 0);
  case HCL_EXPR_TUPLE:
    return eval_tuple(c, s, e);
  case HCL_EXPR_OBJECT:
    return eval_object(c, s, e);
  case HCL_EXPR_BINARY:
    return eval_binary(c, s, e);
  case HCL_EXPR_UNARY:
    return eval_unary(c, s, e);
  default:
    return err(c, s, e, "unsupported expression");
  }
}

mls_value *tf__eval(tf_ctx *c, const tf_scope *s, const hcl_expr *e)
{
  mls_value *v;
  if (c->fail) {
    return c->oom;
  }
  if (!e) {
    return tf__unknown(c, s->file, NULL, "error: missing expression");
  }
  if (++c->steps > MLS_MAX_EVAL_STEPS) {
    c->quiet = 0;
    tf__diag(c, MLS_ELIMIT, MLS_SEV_ERROR, s->file, &e->range,
             "evaluation needs more than %u steps; the module is not "
             "evaluated",
             (unsigned)MLS_MAX_EVAL_STEPS);
    return tf__fail(c, MLS_ELIMIT);
  }
  if (c->depth >= MLS_MAX_EVAL_DEPTH) {
    return err(c, s, e, "expressions or references nested deeper than %d",
               MLS_MAX_EVAL_DEPTH);
  }
  c->depth++;
  v = eval_kind(c, s, e);
  c->depth--;
  if (mls_arena_failed(c->a)) {
    return tf__fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
  }
  return v;
}
