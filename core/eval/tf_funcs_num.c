/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_num.c -- numeric functions.
 *
 * Stage: evaluation. abs, ceil, floor, min, max, sum, range, signum, pow,
 * log and parseint. Terraform computes with 512-bit big.Float; we compute
 * with doubles and print the shortest decimal that reads back the same,
 * except where exactness is cheap: abs() and min()/max() return the exact
 * text they were given, ceil()/floor() of an integer return it unchanged,
 * sum() of integers is exact while it fits 64 bits, and range() computes
 * start + i*step rather than accumulating rounding. Strings holding
 * decimals are accepted wherever a number is, as cty converts them.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/ascii.h"
#include "core/base/rc.h"

#include <math.h>
#include <string.h>

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

/* Argument i as a number: 1, 0 with an error value in *out, or MLS_ENOMEM. */
static int want_num(tf_fn__call *c, mls_value **out, const mls_value *v,
                    uint32_t i, double *d, mls_span *text)
{
  int rc = tf_fn__as_num(c, v, d, text);
  if (rc == 0) {
    rc = tf_fn__error(c, out, "argument %u: a number is required, not %s",
                      i + 1, tf_fn__kind(v));
    return rc < 0 ? rc : 0;
  }
  return rc;
}

static bool finite_or_error(tf_fn__call *c, mls_value **out, double d, int *rc)
{
  if (isfinite(d)) {
    return true;
  }
  *rc = tf_fn__error(c, out, "the result is not a finite number");
  return false;
}

int tf_fn__fn_abs(tf_fn__call *c, mls_value **out)
{
  double d;
  mls_span t;
  int rc;

  if ((rc = want_num(c, out, c->args[0], 0, &d, &t)) <= 0) {
    return rc;
  }
  if (t.len > 0 && t.ptr[0] == '-') {
    t.ptr++;
    t.len--;
  }
  return ok(out, tf_fn__num_text(c, fabs(d), t));
}

static int rounding(tf_fn__call *c, mls_value **out, bool up)
{
  double d;
  mls_span t;
  int rc;

  if ((rc = want_num(c, out, c->args[0], 0, &d, &t)) <= 0) {
    return rc;
  }
  if (!memchr(t.ptr, '.', t.len)) {
    return ok(out, tf_fn__num_text(c, d, t)); /* already whole: exact */
  }
  d = up ? ceil(d) : floor(d);
  if (!finite_or_error(c, out, d, &rc)) {
    return rc;
  }
  return ok(out, tf_fn__num_d(c, d));
}

int tf_fn__fn_ceil(tf_fn__call *c, mls_value **out)
{
  return rounding(c, out, true);
}

int tf_fn__fn_floor(tf_fn__call *c, mls_value **out)
{
  return rounding(c, out, false);
}

int tf_fn__fn_signum(tf_fn__call *c, mls_value **out)
{
  double d;
  int rc;

  if ((rc = want_num(c, out, c->args[0], 0, &d, NULL)) <= 0) {
    return rc;
  }
  return ok(out, tf_fn__num_i(c, d > 0 ? 1 : d < 0 ? -1 : 0));
}

static int binary_float(tf_fn__call *c, mls_value **out, bool is_log)
{
  double a, b, r;
  int rc;

  if ((rc = want_num(c, out, c->args[0], 0, &a, NULL)) <= 0 ||
      (rc = want_num(c, out, c->args[1], 1, &b, NULL)) <= 0) {
    return rc;
  }
  r = is_log ? log(a) / log(b) : pow(a, b);
  if (!finite_or_error(c, out, r, &rc)) {
    return rc;
  }
  return ok(out, tf_fn__num_d(c, r));
}

int tf_fn__fn_log(tf_fn__call *c, mls_value **out)
{
  return binary_float(c, out, true);
}

int tf_fn__fn_pow(tf_fn__call *c, mls_value **out)
{
  return binary_float(c, out, false);
}

static int extreme(tf_fn__call *c, mls_value **out, bool want_max)
{
  double best = 0;
  mls_span best_text = { NULL, 0 };

  for (uint32_t i = 0; i < c->nargs; i++) {
    double d;
    mls_span t;
    int rc = want_num(c, out, c->args[i], i, &d, &t);
    if (rc <= 0) {
      return rc;
    }
    if (i == 0 || (want_max ? d > best : d < best)) {
      best = d;
      best_text = t;
    }
  }
  return ok(out, tf_fn__num_text(c, best, best_text));
}

int tf_fn__fn_max(tf_fn__call *c, mls_value **out)
{
  return extreme(c, out, true);
}

int tf_fn__fn_min(tf_fn__call *c, mls_value **out)
{
  return extreme(c, out, false);
}

int tf_fn__fn_sum(tf_fn__call *c, mls_value **out)
{
  const mls_value *l = c->args[0];
  bool exact = true;
  int64_t isum = 0;
  double dsum = 0;
  int rc = 0;

  if (l->kind != MLS_V_LIST) {
    return tf_fn__error(c, out,
                        "argument must be list, set, or tuple. Received "
                        "%s",
                        tf_fn__kind(l));
  }
  if (l->u.list.n == 0) {
    return tf_fn__error(c, out, "cannot sum an empty list");
  }
  for (uint32_t i = 0; i < l->u.list.n; i++) {
    const mls_value *v = l->u.list.items[i];
    double d;
    mls_span t;
    int64_t iv;
    if (!v || v->kind == MLS_V_NULL ||
        (rc = tf_fn__as_num(c, v, &d, &t)) == 0) {
      return tf_fn__error(c, out,
                          "argument must be list, set, or tuple of "
                          "number values");
    }
    if (rc < 0) {
      return rc;
    }
    dsum += d;
    if (exact && !memchr(t.ptr, '.', t.len) && tf_fn__as_int(c, v, &iv) == 1 &&
        !__builtin_add_overflow(isum, iv, &isum)) {
      continue;
    }
    exact = false;
  }
  if (exact) {
    return ok(out, tf_fn__num_i(c, isum));
  }
  if (!finite_or_error(c, out, dsum, &rc)) {
    return rc;
  }
  return ok(out, tf_fn__num_d(c, dsum));
}

int tf_fn__fn_range(tf_fn__call *c, mls_value **out)
{
  double start = 0, end, step = 1, a, b;
  mls_value **items;
  uint32_t n = 0;
  int rc;

  if ((rc = want_num(c, out, c->args[0], 0, &a, NULL)) <= 0) {
    return rc;
  }
  if (c->nargs == 1) {
    end = a;
    step = a < 0 ? -1 : 1;
  } else {
    if ((rc = want_num(c, out, c->args[1], 1, &b, NULL)) <= 0) {
      return rc;
    }
    start = a;
    end = b;
    step = b < a ? -1 : 1;
    if (c->nargs == 3 &&
        (rc = want_num(c, out, c->args[2], 2, &step, NULL)) <= 0) {
      return rc;
    }
  }
  if (!isfinite(start) || !isfinite(end) || !isfinite(step)) {
    return tf_fn__error(c, out, "the arguments must be finite numbers");
  }
  if (step == 0) {
    return tf_fn__error(c, out, "step must not be zero");
  }
  if (step < 0 && end > start) {
    return tf_fn__error(c, out,
                        "end must be less than start when step is "
                        "negative");
  }
  if (step > 0 && end < start) {
    return tf_fn__error(c, out,
                        "end must be greater than start when step is "
                        "positive");
  }
  if (!(items = tf_fn__items(c, 1024))) {
    return MLS_ENOMEM;
  }
  for (;; n++) {
    double x = start + (double)n * step;
    if (step < 0 ? x <= end : x >= end) {
      break;
    }
    if (n >= 1024) {
      return tf_fn__error(c, out,
                          "more than 1024 values were generated; either "
                          "decrease the difference between start and "
                          "end or use a smaller step");
    }
    if (!(items[n] = tf_fn__num_d(c, x))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, items, n, false));
}

/* A digit's value in parseint(): 0-9, a-z (10-35; also A-Z up to base
 * 36), then A-Z as 36-61 for bases above 36, as Go's big.Int.SetString. */
static int digit_value(unsigned char ch, int64_t base)
{
  if (mls_isdigit(ch)) {
    return ch - '0';
  }
  if (ch >= 'a' && ch <= 'z') {
    return ch - 'a' + 10;
  }
  if (ch >= 'A' && ch <= 'Z') {
    return base <= 36 ? ch - 'A' + 10 : ch - 'A' + 36;
  }
  return 99;
}

int tf_fn__fn_parseint(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  int64_t base;
  uint64_t acc = 0;
  size_t i = 0;
  bool neg = false;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  if ((rc = tf_fn__as_int(c, c->args[1], &base)) <= 0 || base < 2 ||
      base > 62) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out,
                                 "base must be a whole number between 2 "
                                 "and 62 inclusive");
  }
  if (s.len > 0 && (s.ptr[0] == '-' || s.ptr[0] == '+')) {
    neg = s.ptr[0] == '-';
    i = 1;
  }
  if (i == s.len) {
    goto bad;
  }
  for (; i < s.len; i++) {
    int dv = digit_value((unsigned char)s.ptr[i], base);
    if (dv >= base) {
      goto bad;
    }
    if (__builtin_mul_overflow(acc, (uint64_t)base, &acc) ||
        __builtin_add_overflow(acc, (uint64_t)dv, &acc)) {
      return tf_fn__limit(c, out, "the number does not fit 64 bits");
    }
  }
  if (acc > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
    return tf_fn__limit(c, out, "the number does not fit 64 bits");
  }
  return ok(out, tf_fn__num_i(c, neg ? (int64_t)(0 - acc) : (int64_t)acc));

bad:
  return tf_fn__error(c, out, "cannot parse \"%.*s\" as a base %lld integer",
                      (int)(s.len > 64 ? 64 : s.len), s.ptr, (long long)base);
}
