/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs.c -- the Terraform function table and its dispatcher.
 *
 * Stage: evaluation. tf_call_function() finds the function by name, expands
 * a final `args...`, checks arity, and applies the rules every Terraform
 * function shares before its own code runs: an error value among the
 * arguments is handed on (so an enclosing try() sees it), an unknown one
 * makes the result unknown (unless the function looks inside unknowns
 * itself, TF_FN__F_SHALLOW / TF_FN__F_UNKOK), null is rejected unless allowed,
 * and a sensitive argument makes the result sensitive. try(), can() and the
 * sensitivity functions live here because they are about those rules.
 *
 * Trusts nothing in the arguments: every walk over a value is bounded by
 * TF_FN__MAX_DEPTH, every result is allocated in ctx->arena and arena
 * exhaustion is reported as MLS_ENOMEM with *out unset.
 */
#include "core/eval/tf_funcs.h"

#include "core/base/rc.h"
#include "core/eval/tf_funcs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Sorted by name (byte order) for the binary search in find(). */
static const tf_fn__fn functions[] = {
  { "abs", 1, 1, 0, tf_fn__fn_abs },
  { "abspath", 1, 1, 0, tf_fn__fn_abspath },
  { "alltrue", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_alltrue },
  { "anytrue", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_anytrue },
  { "base64decode", 1, 1, 0, tf_fn__fn_base64decode },
  { "base64encode", 1, 1, 0, tf_fn__fn_base64encode },
  { "base64sha256", 1, 1, 0, tf_fn__fn_base64sha256 },
  { "base64sha512", 1, 1, 0, tf_fn__fn_base64sha512 },
  { "basename", 1, 1, 0, tf_fn__fn_basename },
  { "bcrypt", 1, 2, 0, tf_fn__fn_applytime },
  { "can", 1, 1, TF_FN__F_RAW, tf_fn__fn_can },
  { "ceil", 1, 1, 0, tf_fn__fn_ceil },
  { "chomp", 1, 1, 0, tf_fn__fn_chomp },
  { "chunklist", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_chunklist },
  { "cidrhost", 2, 2, 0, tf_fn__fn_cidrhost },
  { "cidrnetmask", 1, 1, 0, tf_fn__fn_cidrnetmask },
  { "cidrsubnet", 3, 3, 0, tf_fn__fn_cidrsubnet },
  { "cidrsubnets", 1, TF_FN__VARIADIC, 0, tf_fn__fn_cidrsubnets },
  { "coalesce", 0, TF_FN__VARIADIC,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW, tf_fn__fn_coalesce },
  { "coalescelist", 0, TF_FN__VARIADIC,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW,
    tf_fn__fn_coalescelist },
  { "compact", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_compact },
  { "concat", 1, TF_FN__VARIADIC, TF_FN__F_SHALLOW, tf_fn__fn_concat },
  { "contains", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_contains },
  { "csvdecode", 1, 1, 0, tf_fn__fn_csvdecode },
  { "dirname", 1, 1, 0, tf_fn__fn_dirname },
  { "distinct", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_distinct },
  { "element", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_element },
  { "endswith", 2, 2, 0, tf_fn__fn_endswith },
  { "ephemeralasnull", 1, 1,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW,
    tf_fn__fn_ephemeralasnull },
  { "file", 1, 1, 0, tf_fn__fn_file },
  { "filebase64", 1, 1, 0, tf_fn__fn_filebase64 },
  { "filebase64sha256", 1, 1, 0, tf_fn__fn_filebase64sha256 },
  { "filebase64sha512", 1, 1, 0, tf_fn__fn_filebase64sha512 },
  { "fileexists", 1, 1, 0, tf_fn__fn_fileexists },
  { "filemd5", 1, 1, 0, tf_fn__fn_filemd5 },
  { "fileset", 2, 2, 0, tf_fn__fn_fileset },
  { "filesha1", 1, 1, 0, tf_fn__fn_filesha1 },
  { "filesha256", 1, 1, 0, tf_fn__fn_filesha256 },
  { "filesha512", 1, 1, 0, tf_fn__fn_filesha512 },
  { "flatten", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_flatten },
  { "floor", 1, 1, 0, tf_fn__fn_floor },
  { "format", 1, TF_FN__VARIADIC, TF_FN__F_NULLOK, tf_fn__fn_format },
  { "formatdate", 2, 2, 0, tf_fn__fn_formatdate },
  { "formatlist", 1, TF_FN__VARIADIC,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW, tf_fn__fn_formatlist },
  { "indent", 2, 2, 0, tf_fn__fn_indent },
  { "index", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_index },
  { "issensitive", 1, 1,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW | TF_FN__F_NOMARK,
    tf_fn__fn_issensitive },
  { "join", 1, TF_FN__VARIADIC, 0, tf_fn__fn_join },
  { "jsondecode", 1, 1, 0, tf_fn__fn_jsondecode },
  { "jsonencode", 1, 1, TF_FN__F_NULLOK, tf_fn__fn_jsonencode },
  { "keys", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_keys },
  { "length", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_length },
  { "log", 2, 2, 0, tf_fn__fn_log },
  { "lookup", 2, 3, TF_FN__F_SHALLOW | TF_FN__F_NULLOK, tf_fn__fn_lookup },
  { "lower", 1, 1, 0, tf_fn__fn_lower },
  { "matchkeys", 3, 3, TF_FN__F_SHALLOW, tf_fn__fn_matchkeys },
  { "max", 1, TF_FN__VARIADIC, 0, tf_fn__fn_max },
  { "md5", 1, 1, 0, tf_fn__fn_md5 },
  { "merge", 0, TF_FN__VARIADIC, TF_FN__F_SHALLOW | TF_FN__F_NULLOK,
    tf_fn__fn_merge },
  { "min", 1, TF_FN__VARIADIC, 0, tf_fn__fn_min },
  { "nonsensitive", 1, 1,
    TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW | TF_FN__F_NOMARK,
    tf_fn__fn_nonsensitive },
  { "one", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_one },
  { "parseint", 2, 2, 0, tf_fn__fn_parseint },
  { "pathexpand", 1, 1, 0, tf_fn__fn_pathexpand },
  { "plantimestamp", 0, 0, 0, tf_fn__fn_applytime },
  { "pow", 2, 2, 0, tf_fn__fn_pow },
  { "range", 1, 3, 0, tf_fn__fn_range },
  { "regex", 2, 2, 0, tf_fn__fn_regex },
  { "regexall", 2, 2, 0, tf_fn__fn_regexall },
  { "replace", 3, 3, 0, tf_fn__fn_replace },
  { "reverse", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_reverse },
  { "sensitive", 1, 1, TF_FN__F_NULLOK | TF_FN__F_UNKOK | TF_FN__F_SHALLOW,
    tf_fn__fn_sensitive },
  { "setintersection", 1, TF_FN__VARIADIC, 0, tf_fn__fn_setintersection },
  { "setproduct", 2, TF_FN__VARIADIC, TF_FN__F_SHALLOW, tf_fn__fn_setproduct },
  { "setsubtract", 2, 2, 0, tf_fn__fn_setsubtract },
  { "setunion", 1, TF_FN__VARIADIC, 0, tf_fn__fn_setunion },
  { "sha1", 1, 1, 0, tf_fn__fn_sha1 },
  { "sha256", 1, 1, 0, tf_fn__fn_sha256 },
  { "sha512", 1, 1, 0, tf_fn__fn_sha512 },
  { "signum", 1, 1, 0, tf_fn__fn_signum },
  { "slice", 3, 3, TF_FN__F_SHALLOW, tf_fn__fn_slice },
  { "sort", 1, 1, 0, tf_fn__fn_sort },
  { "split", 2, 2, 0, tf_fn__fn_split },
  { "startswith", 2, 2, 0, tf_fn__fn_startswith },
  { "strcontains", 2, 2, 0, tf_fn__fn_strcontains },
  { "strrev", 1, 1, 0, tf_fn__fn_strrev },
  { "substr", 3, 3, 0, tf_fn__fn_substr },
  { "sum", 1, 1, 0, tf_fn__fn_sum },
  { "templatefile", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_templatefile },
  { "templatestring", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_templatestring },
  { "timeadd", 2, 2, 0, tf_fn__fn_timeadd },
  { "timecmp", 2, 2, 0, tf_fn__fn_timecmp },
  { "timestamp", 0, 0, 0, tf_fn__fn_applytime },
  { "title", 1, 1, 0, tf_fn__fn_title },
  { "tobool", 1, 1, TF_FN__F_NULLOK, tf_fn__fn_tobool },
  { "tolist", 1, 1, TF_FN__F_NULLOK | TF_FN__F_SHALLOW, tf_fn__fn_tolist },
  { "tomap", 1, 1, TF_FN__F_NULLOK | TF_FN__F_SHALLOW, tf_fn__fn_tomap },
  { "tonumber", 1, 1, TF_FN__F_NULLOK, tf_fn__fn_tonumber },
  { "toset", 1, 1, TF_FN__F_NULLOK | TF_FN__F_SHALLOW, tf_fn__fn_toset },
  { "tostring", 1, 1, TF_FN__F_NULLOK, tf_fn__fn_tostring },
  { "transpose", 1, 1, 0, tf_fn__fn_transpose },
  { "trim", 2, 2, 0, tf_fn__fn_trim },
  { "trimprefix", 2, 2, 0, tf_fn__fn_trimprefix },
  { "trimspace", 1, 1, 0, tf_fn__fn_trimspace },
  { "trimsuffix", 2, 2, 0, tf_fn__fn_trimsuffix },
  { "try", 0, TF_FN__VARIADIC, TF_FN__F_RAW, tf_fn__fn_try },
  { "upper", 1, 1, 0, tf_fn__fn_upper },
  { "urlencode", 1, 1, 0, tf_fn__fn_urlencode },
  { "uuid", 0, 0, 0, tf_fn__fn_applytime },
  { "uuidv5", 2, 2, 0, tf_fn__fn_uuidv5 },
  { "values", 1, 1, TF_FN__F_SHALLOW, tf_fn__fn_values },
  { "yamldecode", 1, 1, 0, tf_fn__fn_yamldecode },
  { "yamlencode", 1, 1, TF_FN__F_NULLOK, tf_fn__fn_yamlencode },
  { "zipmap", 2, 2, TF_FN__F_SHALLOW, tf_fn__fn_zipmap },
};

#define NFUNCTIONS (sizeof(functions) / sizeof(functions[0]))

/* Terraform 1.8 lets a built-in be named core::NAME. */
static mls_span strip_core(mls_span name)
{
  if (name.len > 6 && memcmp(name.ptr, "core::", 6) == 0) {
    return mls_span_of(name.ptr + 6, name.len - 6);
  }
  return name;
}

/* name against the NUL-terminated fn, in byte order (a shorter name
 * first), stopping at the first difference: no strlen of fn. */
static int cmp_name(mls_span name, const char *fn)
{
  for (size_t i = 0; i < name.len; i++) {
    unsigned char a = (unsigned char)name.ptr[i], b = (unsigned char)fn[i];
    if (b == '\0') {
      return 1; /* fn is a prefix of name (a NUL in name included) */
    }
    if (a != b) {
      return a < b ? -1 : 1;
    }
  }
  return fn[name.len] == '\0' ? 0 : -1;
}

static const tf_fn__fn *find(mls_span name)
{
  size_t lo = 0, hi = NFUNCTIONS;

  name = strip_core(name);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int cmp = cmp_name(name, functions[mid].name);
    if (cmp == 0) {
      return &functions[mid];
    }
    if (cmp < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return NULL;
}

bool tf_function_known(mls_span name)
{
  return name.ptr && find(name) != NULL;
}

bool tf_value_is_error(const mls_value *v)
{
  static const char prefix[] = TF_WHY_ERROR;
  return v && v->kind == MLS_V_UNKNOWN && v->u.unknown.why &&
         strncmp(v->u.unknown.why, prefix, sizeof(prefix) - 1) == 0;
}

/* ---- results ------------------------------------------------------------- */

/* A new unknown with the call's range; why is static or arena. */
static mls_value *new_unknown(tf_fn_ctx *ctx, const char *why)
{
  mls_value *v = mls_value_unknown(ctx->arena, mls_span_of("", 0), why);
  if (v && ctx->at) {
    v->range = *ctx->at;
  }
  return v;
}

int tf_fn__unknown(tf_fn__call *c, mls_value **out, const char *why)
{
  mls_value *v = new_unknown(c->ctx, why);
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

int tf_fn__error(tf_fn__call *c, mls_value **out, const char *fmt, ...)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  va_list ap;
  size_t n;
  char *why;
  int len;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  mls_diag_note(c->ctx->diag, MLS_EINPUT, MLS_SEV_WARNING, c->ctx->at,
                "%s(): %s", c->fn->name, msg);
  n = strlen(TF_WHY_ERROR) + strlen(c->fn->name) + strlen(msg) + 8;
  if (!(why = mls_arena_alloc(c->ctx->arena, n))) {
    return MLS_ENOMEM;
  }
  len = snprintf(why, n, "%s %s(): %s", TF_WHY_ERROR, c->fn->name, msg);
  (void)len;
  return tf_fn__unknown(c, out, why);
}

int tf_fn__limit(tf_fn__call *c, mls_value **out, const char *what)
{
  mls_diag_note(c->ctx->diag, MLS_ELIMIT, MLS_SEV_WARNING, c->ctx->at,
                "%s(): %s; the result is unknown", c->fn->name, what);
  return tf_fn__unknown(c, out, "a bound in limits.h was hit");
}

/* ---- argument checks ----------------------------------------------------- */

/* What a walk over an argument found. */
typedef struct scan_state {
  const mls_value *error;   /* borrowed: the first error value */
  const mls_value *unknown; /* borrowed: the first other unknown */
  bool open;                /* a resource's map (TF_VF_OPEN) inside */
  bool sensitive;           /* a sensitive value anywhere inside */
  bool deep;                /* nesting passed TF_FN__MAX_DEPTH */
} scan_state;

static void scan(const mls_value *v, int depth, scan_state *s)
{
  if (!v || s->error) {
    return;
  }
  if (depth > TF_FN__MAX_DEPTH) {
    s->deep = true;
    return;
  }
  if (v->flags & MLS_VF_SENSITIVE) {
    s->sensitive = true;
  }
  switch (v->kind) {
  case MLS_V_UNKNOWN:
    if (tf_value_is_error(v)) {
      s->error = v;
    } else if (!s->unknown) {
      s->unknown = v;
    }
    return;
  case MLS_V_LIST:
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      scan(v->u.list.items[i], depth + 1, s);
    }
    return;
  case MLS_V_MAP:
    s->open = s->open || (v->flags & TF_VF_OPEN);
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      scan(v->u.map.entries[i].value, depth + 1, s);
    }
    return;
  default:
    return;
  }
}

static bool is_null(const mls_value *v)
{
  return !v || v->kind == MLS_V_NULL;
}

/* An unknown argument's reason, for the result; every unknown has one. */
static const char *why_of(const mls_value *v)
{
  return v && v->u.unknown.why && v->u.unknown.why[0]
             ? v->u.unknown.why
             : "an argument is unknown";
}

/* Replace a final `args...` by its elements. */
static int expand(tf_fn__call *c, mls_value **out, bool *done)
{
  const mls_value *last = c->args[c->nargs - 1];
  mls_value **all;

  *done = false;
  if (last && last->kind == MLS_V_UNKNOWN) {
    *done = true;
    return tf_fn__unknown(c, out, why_of(last));
  }
  if (is_null(last) || last->kind != MLS_V_LIST) {
    *done = true;
    return tf_fn__error(c, out,
                        "the expanding argument (marked with ...) must be a "
                        "list, tuple or set, not %s",
                        tf_fn__kind(last));
  }
  if (!(all = tf_fn__items(c, (size_t)c->nargs - 1 + last->u.list.n)) ||
      (size_t)c->nargs - 1 + last->u.list.n > UINT32_MAX) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i + 1 < c->nargs; i++) {
    all[i] = c->args[i];
  }
  for (uint32_t i = 0; i < last->u.list.n; i++) {
    all[c->nargs - 1 + i] = last->u.list.items[i];
  }
  c->nargs = c->nargs - 1 + last->u.list.n;
  c->args = all;
  return MLS_OK;
}

/* An argument of format() or element of join() as the function reads it
 * when its result is to be a partition template: a template's own text
 * (counted in *vars), or a value with no unknown and no text that reads as
 * a variable. False to leave the result unknown. */
static bool template_arg(tf_fn__call *c, const mls_value *a, mls_value **out,
                         size_t *vars)
{
  *out = (mls_value *)(uintptr_t)a;
  if (a && a->kind == MLS_V_UNKNOWN) {
    if (!(a->flags & MLS_VF_PARTITION) ||
        !(*out = tf_fn__str_borrow(c, a->u.unknown.expr))) {
      return false;
    }
    *vars += mls_partition_count(a->u.unknown.expr);
    return true;
  }
  if (a && a->kind == MLS_V_STRING && mls_partition_count(a->u.str)) {
    return false; /* text that reads as the variable */
  }
  return !(a && mls_value_has_unknown(a));
}

/* The function run on sub's arguments (templates' text for their values):
 * a string holding the same vars variables is the result's template. As
 * format_partition returns. */
static bool template_call(tf_fn__call *c, tf_fn__call *sub, size_t vars,
                          mls_value **res, int *rc)
{
  mls_value *out = NULL;
  if (c->fn->impl(sub, &out) != MLS_OK || !out || out->kind != MLS_V_STRING ||
      mls_partition_count(out->u.str) != vars) {
    return false;
  }
  if ((*rc = tf_fn__unknown(c, res, "known after apply")) == MLS_OK &&
      mls_value_refine_partition(c->ctx->arena, *res, out->u.str) < 0) {
    *rc = MLS_ENOMEM;
  }
  return true;
}

/* format() whose unknown arguments are all the partition (an ARN built
 * with "arn:%s:iam::aws:policy/...", data.aws_partition...): the result is
 * known but for it (MLS_VF_PARTITION). Only plain %s and %% verbs: a width
 * or a quote would see the variable's text instead of the partition's.
 * Returns true with *res set (or MLS_ENOMEM in *rc), false to leave the
 * result unknown. */
static bool format_partition(tf_fn__call *c, mls_value **res, int *rc)
{
  const mls_value *f = c->nargs ? c->args[0] : NULL;
  mls_value **args;
  size_t vars = 0;
  tf_fn__call sub = *c;

  if (!f || f->kind != MLS_V_STRING) {
    return false;
  }
  for (size_t i = 0; i < f->u.str.len; i++) {
    if (f->u.str.ptr[i] == '%' &&
        (i + 1 >= f->u.str.len ||
         (f->u.str.ptr[i + 1] != 's' && f->u.str.ptr[i + 1] != '%'))) {
      return false;
    }
    i += f->u.str.ptr[i] == '%' ? 1 : 0;
  }
  if (mls_partition_count(f->u.str) || !(args = tf_fn__items(c, c->nargs))) {
    return false;
  }
  args[0] = (mls_value *)(uintptr_t)f;
  for (uint32_t i = 1; i < c->nargs; i++) {
    if (!template_arg(c, c->args[i], &args[i], &vars)) {
      return false;
    }
  }
  sub.args = args;
  return template_call(c, &sub, vars, res, rc);
}

/* join() whose unknown elements are all partition templates (an ARN
 * built with join("", ["arn:", data.aws_partition.p.partition, ...]), as
 * CDK for Terraform writes them): the result is such a template too.
 * Returns as format_partition does. */
static bool join_partition(tf_fn__call *c, mls_value **res, int *rc)
{
  const mls_value *sep = c->nargs ? c->args[0] : NULL;
  mls_value **args;
  size_t vars = 0;
  tf_fn__call sub = *c;

  if (!sep || sep->kind != MLS_V_STRING || mls_partition_count(sep->u.str) ||
      !(args = tf_fn__items(c, c->nargs))) {
    return false;
  }
  args[0] = (mls_value *)(uintptr_t)sep;
  for (uint32_t i = 1; i < c->nargs; i++) {
    const mls_value *a = c->args[i];
    mls_value **items;
    if (!a || a->kind != MLS_V_LIST ||
        !(items = tf_fn__items(c, a->u.list.n ? a->u.list.n : 1))) {
      return false;
    }
    for (uint32_t j = 0; j < a->u.list.n; j++) {
      if (!template_arg(c, a->u.list.items[j], &items[j], &vars)) {
        return false;
      }
    }
    if (!(args[i] = mls_value_list(c->ctx->arena, items, a->u.list.n))) {
      *rc = MLS_ENOMEM;
      return true;
    }
  }
  sub.args = args;
  return template_call(c, &sub, vars, res, rc);
}

/* The literal text of a format() spec before its first verb and after its
 * last ("%%" stays in neither: its byte is not the spec's), or false when
 * the spec has no verb. A verb is %[flags][width][.precision]LETTER, with
 * an optional [n] argument index. */
static bool format_ends(mls_span spec, mls_span *head, mls_span *tail)
{
  const char *p = spec.ptr, *end = spec.ptr + spec.len;
  const char *first = NULL, *after = NULL;
  while (p < end) {
    const char *q;
    if (*p != '%') {
      p++;
      continue;
    }
    if (p + 1 < end && p[1] == '%') {
      if (!first) {
        first = p; /* the head ends at a literal %: keep it simple */
      }
      after = NULL;
      p += 2;
      continue;
    }
    q = p + 1;
    while (q < end && strchr("+-# 0123456789.[]*", *q)) {
      q++;
    }
    if (q >= end || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) {
      return false; /* not a verb Terraform knows: an error anyway */
    }
    if (!first) {
      first = p;
    }
    after = q + 1;
    p = q + 1;
  }
  if (!first) {
    return false;
  }
  *head = mls_span_of(spec.ptr, (size_t)(first - spec.ptr));
  *tail = after && !memchr(after, '%', (size_t)(end - after))
              ? mls_span_of(after, (size_t)(end - after))
              : mls_span_of("", 0);
  return true;
}

/* format() with a known spec and unknown arguments (res, unknown): its
 * text before the first verb and after the last is known
 * (format("arn:%s:iam::%s:root", partition, account) starts "arn:" and
 * ends ":root"), and it is no null. */
static int format_ends_refine(tf_fn__call *c, mls_value *res)
{
  const mls_value *f = c->nargs ? c->args[0] : NULL;
  mls_span head, tail;
  /* A sensitive spec's text is not said, as a template's is not. */
  if (!f || f->kind != MLS_V_STRING || (f->flags & MLS_VF_SENSITIVE) ||
      !format_ends(f->u.str, &head, &tail)) {
    return MLS_OK;
  }
  if (mls_value_refine_prefix(c->ctx->arena, res, head) < 0 ||
      mls_value_refine_suffix(c->ctx->arena, res, tail) < 0) {
    return MLS_ENOMEM;
  }
  res->flags |= TF_VF_NOTNULL;
  return MLS_OK;
}

/* The shared rules, then the function; *res set on MLS_OK. */
static int call(tf_fn__call *c, mls_value **res)
{
  const tf_fn__fn *fn = c->fn;
  const mls_value *unknown = NULL;
  bool sensitive = false, open = false;
  int rc;

  if (c->nargs < fn->min ||
      (fn->max != TF_FN__VARIADIC && c->nargs > fn->max)) {
    if (fn->min == fn->max) {
      return tf_fn__error(c, res, "takes %u argument%s, got %u", fn->min,
                          fn->min == 1 ? "" : "s", c->nargs);
    }
    return c->nargs < fn->min
               ? tf_fn__error(c, res, "takes at least %u argument%s, got %u",
                              fn->min, fn->min == 1 ? "" : "s", c->nargs)
               : tf_fn__error(c, res, "takes at most %u arguments, got %u",
                              fn->max, c->nargs);
  }
  if (!(fn->flags & TF_FN__F_RAW)) {
    for (uint32_t i = 0; i < c->nargs; i++) {
      const mls_value *a = c->args[i];
      scan_state s = { NULL, NULL, false, false, false };
      scan(a, 0, &s);
      /* Hand a failure on, without a second diagnostic. One inside an
       * argument a shallow function does not read into (lookup() of an
       * object whose other attribute names an undeclared output, in a
       * partial checkout) is left where it is, as an unknown would be. */
      if (s.error && (s.error == a || !(fn->flags & TF_FN__F_SHALLOW))) {
        return tf_fn__unknown(c, res, s.error->u.unknown.why);
      }
      if (s.deep) {
        return tf_fn__limit(c, res, "an argument nests too deeply");
      }
      if (a && (a->flags & MLS_VF_SENSITIVE)) {
        sensitive = true;
      }
      if (s.sensitive && !(fn->flags & TF_FN__F_SHALLOW)) {
        sensitive = true;
      }
      if (!unknown && a && a->kind == MLS_V_UNKNOWN &&
          !(fn->flags & TF_FN__F_UNKOK)) {
        unknown = a;
      }
      if (!unknown && s.unknown &&
          !(fn->flags & (TF_FN__F_SHALLOW | TF_FN__F_UNKOK))) {
        unknown = s.unknown;
      }
      /* A resource's map stands for attributes not written down: it is
       * unknown as a whole, even to a shallow function (keys, length). */
      if (!(fn->flags & TF_FN__F_UNKOK) && a &&
          ((a->kind == MLS_V_MAP && (a->flags & TF_VF_OPEN)) ||
           (s.open && !(fn->flags & TF_FN__F_SHALLOW)))) {
        open = true;
      }
    }
    if (unknown && fn->impl == tf_fn__fn_format &&
        format_partition(c, res, &rc)) {
      goto mark;
    }
    if (unknown && fn->impl == tf_fn__fn_join && join_partition(c, res, &rc)) {
      goto mark;
    }
    if (unknown) {
      rc = tf_fn__unknown(c, res, why_of(unknown));
      if (rc == MLS_OK && fn->impl == tf_fn__fn_format) {
        rc = format_ends_refine(c, *res);
      }
      goto mark;
    }
    if (open) {
      rc = tf_fn__unknown(c, res, "known after apply");
      goto mark;
    }
    if (!(fn->flags & TF_FN__F_NULLOK)) {
      for (uint32_t i = 0; i < c->nargs; i++) {
        if (is_null(c->args[i])) {
          return tf_fn__error(c, res, "argument %u must not be null", i + 1);
        }
      }
    }
  }
  rc = fn->impl(c, res);
  if (rc == MLS_ELIMIT) {
    rc = tf_fn__limit(c, res, "a value nests or grows past a bound");
  }

mark:
  if (rc == MLS_OK && sensitive && !(fn->flags & TF_FN__F_NOMARK) &&
      !((*res)->flags & MLS_VF_SENSITIVE)) {
    mls_value *m = tf_fn__reflag(c, *res, MLS_VF_SENSITIVE, 0);
    if (!m) {
      return MLS_ENOMEM;
    }
    *res = m;
  }
  return rc;
}

int tf_call_function(tf_fn_ctx *ctx, mls_span name, mls_value *const *args,
                     uint32_t nargs, bool expand_final, mls_value **out)
{
  tf_fn__call c;
  mls_value *res = NULL;
  int rc;

  MLS_ASSERT_ARG(ctx && ctx->arena && ctx->diag && out);
  MLS_ASSERT_ARG(nargs == 0 || args);
  c.ctx = ctx;
  c.fn = name.ptr ? find(name) : NULL;
  c.args = args;
  c.nargs = nargs;
  if (!c.fn) {
    int n = name.len > 64 ? 64 : (int)name.len;
    bool provider = name.len > 10 && memcmp(name.ptr, "provider::", 10) == 0;
    mls_diag_note(ctx->diag, MLS_EINPUT, MLS_SEV_WARNING, ctx->at,
                  provider ? "provider function %.*s() is not evaluated; its "
                             "result is unknown"
                           : "function %.*s() is not supported; its result "
                             "is unknown",
                  n, name.ptr ? name.ptr : "");
    res = new_unknown(ctx, provider ? "provider functions are not evaluated"
                                    : "unsupported function");
    if (!res) {
      return MLS_ENOMEM;
    }
    *out = res;
    return MLS_OK;
  }
  if (expand_final && nargs > 0) {
    bool done;
    if ((rc = expand(&c, &res, &done)) < 0) {
      return rc;
    }
    if (done) {
      *out = res;
      return MLS_OK;
    }
  }
  if ((rc = call(&c, &res)) < 0) {
    return rc;
  }
  *out = res;
  return MLS_OK;
}

/* ---- try, can, sensitivity, apply-time values ---------------------------- */

int tf_fn__fn_try(tf_fn__call *c, mls_value **out)
{
  for (uint32_t i = 0; i < c->nargs; i++) {
    scan_state s = { NULL, NULL, false, false, false };
    scan(c->args[i], 0, &s);
    if (s.deep) {
      return MLS_ELIMIT;
    }
    if (s.unknown && !s.error && c->args[i] == s.unknown &&
        (s.unknown->flags & MLS_VF_PARTITION)) {
      /* data.aws_partition's partition (or a string known but for it):
       * it was read without an error, only its value waits for apply,
       * which cannot make it fail. Kept, so "arn:${local.partition}:..."
       * with partition = try(data.aws_partition.this[0].partition, "")
       * is still tested per partition. */
      *out = c->args[i];
      return MLS_OK;
    }
    if (s.unknown) {
      /* Terraform cannot tell yet whether this one will fail. */
      return tf_fn__unknown(c, out, why_of(s.unknown));
    }
    if (!s.error) {
      *out = c->args[i] ? c->args[i] : tf_fn__null(c);
      return *out ? MLS_OK : MLS_ENOMEM;
    }
  }
  return c->nargs == 0
             ? tf_fn__error(c, out, "at least one argument is required")
             : tf_fn__error(c, out, "no expression succeeded");
}

int tf_fn__fn_can(tf_fn__call *c, mls_value **out)
{
  scan_state s = { NULL, NULL, false, false, false };

  scan(c->args[0], 0, &s);
  if (s.deep) {
    return MLS_ELIMIT;
  }
  if (s.unknown) {
    return tf_fn__unknown(c, out, why_of(s.unknown));
  }
  *out = tf_fn__bool(c, s.error == NULL);
  return *out ? MLS_OK : MLS_ENOMEM;
}

int tf_fn__fn_sensitive(tf_fn__call *c, mls_value **out)
{
  const mls_value *v = c->args[0];
  mls_value *null = NULL;
  if (!v && !(null = tf_fn__null(c))) {
    return MLS_ENOMEM;
  }
  *out = tf_fn__reflag(c, v ? v : null, MLS_VF_SENSITIVE, 0);
  return *out ? MLS_OK : MLS_ENOMEM;
}

int tf_fn__fn_nonsensitive(tf_fn__call *c, mls_value **out)
{
  const mls_value *v = c->args[0];
  mls_value *null = NULL;
  if (!v && !(null = tf_fn__null(c))) {
    return MLS_ENOMEM;
  }
  *out = tf_fn__reflag(c, v ? v : null, 0, MLS_VF_SENSITIVE);
  return *out ? MLS_OK : MLS_ENOMEM;
}

int tf_fn__fn_issensitive(tf_fn__call *c, mls_value **out)
{
  const mls_value *v = c->args[0];
  bool marked = v && (v->flags & MLS_VF_SENSITIVE);
  if (v && v->kind == MLS_V_UNKNOWN && !marked) {
    /* It may become sensitive once known. */
    return tf_fn__unknown(c, out, why_of(v));
  }
  *out = tf_fn__bool(c, marked);
  return *out ? MLS_OK : MLS_ENOMEM;
}

int tf_fn__fn_ephemeralasnull(tf_fn__call *c, mls_value **out)
{
  /* No value is ephemeral here: every one is handed back as it is. */
  *out = c->args[0] ? c->args[0] : tf_fn__null(c);
  return *out ? MLS_OK : MLS_ENOMEM;
}

int tf_fn__fn_applytime(tf_fn__call *c, mls_value **out)
{
  return tf_fn__unknown(c, out, "known only at apply time");
}
