/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/cfn_eval.c -- a loaded CloudFormation template into the
 * resource model: Parameters (defaults, parameters files, NAME=VALUE
 * overrides), Conditions (three-valued), every intrinsic function, and
 * reference edges from Ref, Fn::GetAtt and Fn::Sub.
 *
 * Stage: module job, after parsers/cfn. Trusts nothing in the tree: every
 * recursive walk takes a depth bounded by EVAL_DEPTH_MAX, the total work
 * by MLS_MAX_EVAL_STEPS (a YAML alias DAG can make a small file large to
 * walk), strings built by Fn::Join, Fn::Sub and Fn::Base64 by
 * MLS_MAX_FUNC_STRING_BYTES, and the model arena by MLS_ARENA_CAP_BYTES.
 * A value that cannot be computed statically is an unknown, never a
 * guess; an input error (a Ref to nothing, Fn::Select out of range) is a
 * warning and an unknown whose why starts with "error:". Names are found
 * through one hash table (parameters, resources, conditions, overrides),
 * so a template of thousands of resources stays linear.
 */
#include "core/eval/cfn_eval.h"

#include "core/eval/tf_funcs.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/ascii.h"
#include "core/base/buf.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* Depth of one evaluation: the loaded tree is at most MLS_MAX_NESTING deep,
 * and a Mapping value or a condition chain reached from it can add about
 * as much again. Deeper: that value is unknown, with a diagnostic. */
#define EVAL_DEPTH_MAX (2 * MLS_MAX_NESTING)

/* The result of an AWS::NoValue (directly or through Fn::If): the
 * enclosing property or list item is removed. Never stored in the model
 * and never written. */
static mls_value novalue_sentinel;
#define NOVALUE (&novalue_sentinel)

/* The key a loop's items become when the collection is unknown: the one
 * representative instance holds it where a value used the identifier, and
 * call() makes it an unknown. Never written by CloudFormation itself. */
static const char foreach_value[] = "Fn::ForEachValue";

typedef enum symkind {
  SYM_PARAM = 1, /* index into ctx.params */
  SYM_RES,       /* index of the resource (also its model index) */
  SYM_COND,      /* index into ctx.conds */
  SYM_OVR        /* index into ctx.ovrs */
} symkind;

typedef struct sym {
  mls_span name; /* borrowed: template tree or model arena; ptr NULL: free */
  uint32_t kind; /* symkind */
  uint32_t index;
} sym;

typedef enum tri { TRI_FALSE = 0, TRI_TRUE, TRI_UNKNOWN } tri;

typedef struct param {
  cfn_parameter p;  /* the accessor's view (arena of the template) */
  mls_value *value; /* model arena: the value Ref gives */
} param;

typedef struct cond {
  const cfn_pair *pair; /* arena of the template: name and expression */
  uint8_t state;        /* 0 not evaluated, 1 being evaluated, 2 done */
  tri value;            /* when state is 2 */
} cond;

typedef struct ovr {
  mls_span key;   /* model arena */
  mls_span value; /* model arena */
} ovr;

/* One step of the property path an edge is recorded at. */
typedef struct pseg {
  mls_span key;   /* borrowed: template tree; unused for an index */
  uint32_t index; /* list index when is_index */
  bool is_index;
} pseg;

/* One Fn::ForEach identifier bound to one collection item. */
typedef struct binding {
  mls_span id;    /* borrowed: template tree */
  mls_span value; /* template tree or model arena; empty when unknown */
  bool known;     /* false: the collection is known only at deploy */
} binding;

/* A string in a policy statement's Resource, NotResource, Principal or
 * NotPrincipal that may be the ARN of a resource of the template: matched
 * against the resources' known names once every body is evaluated. */
typedef struct arnref {
  uint32_t from; /* model index of the resource holding the policy */
  mls_span path; /* model arena: property path of the string */
  mls_span text; /* model arena or tree: the ARN; '*' where Fn::Sub had
                    ${AWS::Region}, ${AWS::AccountId} or ${AWS::Partition} */
} arnref;

/* An Fn::Sub whose text reads as JSON and has unknown placeholders: the
 * text with each unknown as SUB_MARK, so that a policy property holding it
 * can still be decoded into a tree whose unknown leaves are those strings
 * (decode_policies). */
typedef struct subshape {
  const mls_value *u; /* the unknown Fn::Sub gave */
  const char *text;   /* model arena */
  size_t len;
} subshape;

/* U+E000, a private-use character: valid inside a JSON string, never in
 * a template that has a shape (fn_sub checks). */
#define SUB_MARK     "\xee\x80\x80"
#define SUB_MARK_LEN 3

typedef struct ctx {
  const cfn_template *t; /* borrowed: the template evaluated */
  mls_model *m;          /* owned until handed out */
  mls_arena *a;          /* borrowed: m->arena */
  mls_diag *diag;        /* borrowed: the job's diagnostics */
  uint16_t file;         /* the template's index in m->files */
  int fail;              /* sticky: MLS_ENOMEM or MLS_ELIMIT, else 0 */
  uint64_t steps;        /* evaluation steps, against MLS_MAX_EVAL_STEPS */
  sym *syms;             /* model arena: open addressing, symcap slots */
  size_t symcap;         /* a power of two */
  param *params;         /* model arena */
  size_t nparams;
  cond *conds; /* model arena */
  size_t nconds;
  ovr *ovrs; /* model arena */
  size_t novrs;
  size_t nres;              /* resources in the template and the model */
  int64_t cur;              /* model index of the resource evaluated, or -1 */
  uint32_t edge_first;      /* first edge of the current resource */
  int npath;                /* segments used in path */
  int in_call;              /* > 0 inside an intrinsic's arguments: the path
                               stays at the property holding the call */
  const cfn_template *orig; /* borrowed: the template as loaded */
  cfn_template tx;          /* the template after Fn::ForEach expansion: its
                               sections point into the model arena */
  int nbinds;               /* entries of binds in use */
  uint64_t instances;       /* fragment copies made by Fn::ForEach */
  arnref *arns;             /* model arena: ARN strings found in policies */
  size_t narns;
  size_t arncap;
  subshape *shapes; /* model arena: Fn::Sub JSON texts with unknown parts */
  size_t nshapes;
  size_t shapecap;
  /* The two stacks last: only the fields above are zeroed at start (the
   * stacks are written before they are read, and zeroing them cost more
   * than evaluating a small template). */
  binding binds[EVAL_DEPTH_MAX]; /* Fn::ForEach identifiers in scope,
                                    innermost last */
  pseg path[EVAL_DEPTH_MAX + 2]; /* where in the current body we are */
} ctx;

/* ---- failures, values, diagnostics ------------------------------------ */

static void set_fail(ctx *c, int rc)
{
  if (!c->fail) {
    c->fail = rc;
  }
}

static void arena_fail(ctx *c)
{
  set_fail(c, mls_arena_capped(c->a) ? MLS_ELIMIT : MLS_ENOMEM);
}

/* The value made by a constructor, placed at node `at`; NULL (and the
 * failure recorded) when the arena is exhausted. */
static mls_value *at_node(ctx *c, mls_value *v, const cfn_node *at)
{
  if (!v) {
    arena_fail(c);
    return NULL;
  }
  if (at) {
    v->file = c->file;
    v->range = at->range;
  }
  return v;
}

/* The source text of `n`, borrowed from the template's bytes. */
static mls_span src_of(const ctx *c, const cfn_node *n)
{
  uint32_t s, e;
  if (!n || !c->t->src) {
    return mls_span_of("", 0);
  }
  s = n->range.start.byte;
  e = n->range.end.byte;
  if (s > e || e > c->t->len) {
    return mls_span_of("", 0);
  }
  return mls_span_of(c->t->src + s, e - s);
}

static mls_value *unknown(ctx *c, const cfn_node *at, const char *why)
{
  return at_node(c, mls_value_unknown(c->a, src_of(c, at), why), at);
}

/* An unknown at `at` that carries the reason of the unknown input `from`
 * (Unknown inputs make unknown outputs, with the first reason kept). */
static mls_value *unknown_from(ctx *c, const cfn_node *at,
                               const mls_value *from)
{
  return unknown(c, at,
                 from && from->kind == MLS_V_UNKNOWN ? from->u.unknown.why
                                                     : "unknown input");
}

/* Whether unknown v is an error (its why says "error: ..."): no value to
 * refine. */
static bool is_error(const mls_value *v)
{
  return strncmp(v->u.unknown.why, "error:", 6) == 0;
}

/* unknown_from() for a string built from `len` known bytes at `text` and
 * then the unknown part `from` (Fn::Sub, Fn::Join): refined with that text
 * and from's own known prefix, so rules can tell "arn:aws:iam::${AWS::
 * AccountId}:root" from "*" (docs/cfn-eval.md). */
static mls_value *unknown_after(ctx *c, const cfn_node *at, const char *text,
                                size_t len, const mls_value *from)
{
  mls_value *u = unknown_from(c, at, from);
  const char *fp = from->u.unknown.prefix;
  size_t n = fp ? strlen(fp) : 0;
  char *p;
  if (!u || is_error(from) || len + n == 0) {
    return u;
  }
  if (!(p = mls_arena_alloc(c->a, len + n))) {
    arena_fail(c);
    return NULL;
  }
  if (len) {
    memcpy(p, text, len);
  }
  if (n) {
    memcpy(p + len, fp, n);
  }
  if (mls_value_refine_prefix(c->a, u, mls_span_of(p, len + n)) < 0) {
    arena_fail(c);
    return NULL;
  }
  return u;
}

static void warnv(ctx *c, int rc, const cfn_node *at, const char *fmt,
                  va_list ap) __attribute__((format(printf, 4, 0)));

static void warnv(ctx *c, int rc, const cfn_node *at, const char *fmt,
                  va_list ap)
{
  mls_diag_addv(c->diag, rc, MLS_SEV_WARNING, at ? &at->range : NULL, fmt, ap);
}

static void warn(ctx *c, int rc, const cfn_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warn(ctx *c, int rc, const cfn_node *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  warnv(c, rc, at, fmt, ap);
  va_end(ap);
}

/* A warning and an unknown whose why is "error: <message>". */
static mls_value *err_unknown(ctx *c, int rc, const cfn_node *at,
                              const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static mls_value *err_unknown(ctx *c, int rc, const cfn_node *at,
                              const char *fmt, ...)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  char why[MLS_MAX_DIAG_MESSAGE + 8];
  va_list ap;
  char *w;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  warn(c, rc, at, "%s", msg);
  snprintf(why, sizeof(why), "error: %s", msg);
  if (!(w = mls_arena_strndup(c->a, why, strlen(why)))) {
    arena_fail(c);
    return NULL;
  }
  return unknown(c, at, w);
}

/* A shallow copy of `v` placed at `at`: a parameter's value where it is
 * referenced, so a finding points at the Ref. */
static mls_value *copy_at(ctx *c, const mls_value *v, const cfn_node *at)
{
  mls_value *cp = mls_arena_alloc(c->a, sizeof(*cp));
  if (!cp) {
    arena_fail(c);
    return NULL;
  }
  *cp = *v;
  cp->file = c->file;
  cp->range = at->range;
  if (cp->kind == MLS_V_UNKNOWN) {
    cp->u.unknown.expr = src_of(c, at);
  }
  return cp;
}

static mls_value *str_value(ctx *c, mls_span s, const cfn_node *at)
{
  return at_node(c, mls_value_string_borrowed(c->a, s), at);
}

/* The text of a scalar value as CloudFormation stringifies it (Fn::Join,
 * Fn::Sub, Fn::Equals, FindInMap keys). */
static bool scalar_text(const mls_value *v, mls_span *out)
{
  switch (v->kind) {
  case MLS_V_STRING:
    *out = v->u.str;
    return true;
  case MLS_V_NUMBER:
    *out = v->u.num.text;
    return true;
  case MLS_V_BOOL:
    *out = v->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    return true;
  default:
    return false;
  }
}

/* A number from decimal text, when all of it is one finite number. */
static bool parse_number(ctx *c, mls_span s, double *out)
{
  char *z, *end;
  if (s.len == 0 || s.len > 64 || mls_isspace((unsigned char)s.ptr[0])) {
    return false;
  }
  if (!(z = mls_arena_strndup(c->a, s.ptr, s.len))) {
    arena_fail(c);
    return false;
  }
  *out = strtod(z, &end);
  return end == z + s.len && isfinite(*out);
}

/* A list index from a number or a string of digits. */
static bool as_index(const mls_value *v, uint64_t *out)
{
  if (v->kind == MLS_V_NUMBER) {
    double d = v->u.num.d;
    if (d >= 0 && d < 4294967296.0 && d == floor(d)) {
      *out = (uint64_t)d;
      return true;
    }
    return false;
  }
  if (v->kind == MLS_V_STRING && v->u.str.len > 0 && v->u.str.len < 10) {
    uint64_t x = 0;
    for (size_t i = 0; i < v->u.str.len; i++) {
      unsigned char ch = (unsigned char)v->u.str.ptr[i];
      if (!mls_isdigit(ch)) {
        return false;
      }
      x = x * 10 + (uint64_t)(ch - '0');
    }
    *out = x;
    return true;
  }
  return false;
}

/* ---- names ------------------------------------------------------------ */

static bool span_same(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* The first `ch` in `s`, or NULL. */
static const char *span_chr(mls_span s, char ch)
{
  return s.len ? memchr(s.ptr, ch, s.len) : NULL;
}

static size_t sym_hash(mls_span s, uint32_t kind)
{
  uint64_t h = 14695981039346656037ull ^ kind;
  for (size_t i = 0; i < s.len; i++) {
    h ^= (unsigned char)s.ptr[i];
    h *= 1099511628211ull;
  }
  return (size_t)(h ^ (h >> 29));
}

static sym *sym_slot(ctx *c, mls_span name, uint32_t kind)
{
  size_t i;
  if (!name.ptr) {
    name = mls_span_of("", 0);
  }
  i = sym_hash(name, kind) & (c->symcap - 1);
  for (;;) {
    sym *s = &c->syms[i];
    if (!s->name.ptr || (s->kind == kind && s->name.len == name.len &&
                         span_same(s->name, name))) {
      return s;
    }
    i = (i + 1) & (c->symcap - 1);
  }
}

/* Index of `name` of `kind`, or -1. */
static int64_t sym_find(ctx *c, mls_span name, uint32_t kind)
{
  sym *s = sym_slot(c, name, kind);
  return s->name.ptr ? (int64_t)s->index : -1;
}

/* Add a name; returns false when it was there already (the first stays,
 * except for overrides, where the later one wins). */
static bool sym_add(ctx *c, mls_span name, uint32_t kind, uint32_t index)
{
  sym *s = sym_slot(c, name, kind);
  if (s->name.ptr) {
    if (kind == SYM_OVR) {
      s->index = index;
    }
    return false;
  }
  s->name = name.ptr ? name : mls_span_of("", 0);
  s->kind = kind;
  s->index = index;
  return true;
}

/* ---- edges ------------------------------------------------------------ */

static mls_span path_string(ctx *c)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
  mls_span out = mls_span_of("", 0);
  int rc = 0;
  for (int i = 0; i < c->npath && rc == 0; i++) {
    const pseg *s = &c->path[i];
    if (i) {
      rc = mls_buf_putc(&b, '.');
    }
    if (rc == 0) {
      rc = s->is_index ? mls_buf_printf(&b, "%" PRIu32, s->index)
                       : mls_buf_put(&b, s->key.ptr, s->key.len);
    }
  }
  if (rc == MLS_ENOMEM) {
    set_fail(c, MLS_ENOMEM);
  } else if (rc == 0 && b.len) {
    char *p = mls_arena_strndup(c->a, b.ptr, b.len);
    if (!p) {
      arena_fail(c);
    } else {
      out = mls_span_of(p, b.len);
    }
  }
  mls_buf_dispose(&b);
  return out;
}

/* A reference from the resource being evaluated to resource `to`, at the
 * current property path. Outside a resource body (conditions, parameter
 * defaults) there is no referrer and nothing is recorded. */
static void add_edge(ctx *c, uint32_t to, mls_span attr)
{
  mls_edge e;
  if (c->cur < 0 || c->fail || (uint32_t)c->cur == to) {
    return;
  }
  e.from = (uint32_t)c->cur;
  e.to = to;
  e.path = path_string(c);
  e.attr = attr.ptr ? attr : mls_span_of("", 0);
  for (uint32_t i = c->edge_first; i < c->m->nedges; i++) {
    const mls_edge *x = &c->m->edges[i];
    if (x->to == e.to && span_same(x->path, e.path) &&
        span_same(x->attr, e.attr)) {
      return;
    }
  }
  if (!c->fail && mls_model_add_edge(c->m, &e) < 0) {
    arena_fail(c);
  }
}

/* Whether path[0..n) is inside a policy statement's Resource, NotResource,
 * Principal or NotPrincipal: a "Statement" segment, an optional list
 * index, then one of those keys (anything may follow: Principal.AWS.0). */
static bool policy_position(const pseg *path, int n, int cap)
{
  static const char *const keys[] = { "Resource", "NotResource", "Principal",
                                      "NotPrincipal" };
  if (n > cap) {
    n = cap;
  }
  for (int i = 0; i + 1 < n; i++) {
    int k = i + 1;
    if (path[i].is_index || !mls_span_eq(path[i].key, "Statement")) {
      continue;
    }
    if (path[k].is_index) {
      k++;
    }
    for (size_t j = 0;
         k < n && !path[k].is_index && j < sizeof(keys) / sizeof(keys[0]);
         j++) {
      if (mls_span_eq(path[k].key, keys[j])) {
        return true;
      }
    }
  }
  return false;
}

/* Remember `text` at the current path of the current resource when it is
 * in a policy statement and looks like an ARN. */
static void note_arn(ctx *c, mls_span text)
{
  int cap = (int)(sizeof(c->path) / sizeof(c->path[0]));
  arnref *r;
  if (c->cur < 0 || c->fail || text.len < 4 || memcmp(text.ptr, "arn:", 4) ||
      !policy_position(c->path, c->npath, cap)) {
    return;
  }
  if (c->narns == c->arncap) {
    size_t cap2 = c->arncap ? 2 * c->arncap : 16;
    arnref *g = mls_arena_alloc(c->a, cap2 * sizeof(*g));
    if (!g) {
      arena_fail(c);
      return;
    }
    if (c->narns) {
      memcpy(g, c->arns, c->narns * sizeof(*g));
    }
    c->arns = g;
    c->arncap = cap2;
  }
  r = &c->arns[c->narns];
  r->from = (uint32_t)c->cur;
  r->path = path_string(c);
  r->text = text;
  if (!c->fail) {
    c->narns++;
  }
}

/* ---- evaluation ------------------------------------------------------- */

static mls_value *eval(ctx *c, const cfn_node *n, int depth);
static tri cond_expr(ctx *c, const cfn_node *n, int depth);
static tri cond_named(ctx *c, const cfn_node *at, mls_span name, int depth);

static bool step(ctx *c, const cfn_node *at)
{
  if (c->fail) {
    return false;
  }
  if (++c->steps > MLS_MAX_EVAL_STEPS) {
    mls_diag_add(c->diag, MLS_ELIMIT, at ? &at->range : NULL,
                 "template evaluation took more than %u steps",
                 MLS_MAX_EVAL_STEPS);
    set_fail(c, MLS_ELIMIT);
    return false;
  }
  return true;
}

static bool is_pseudo(mls_span name)
{
  static const char *const known[] = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::Region",
    "AWS::StackId",   "AWS::StackName",        "AWS::URLSuffix",
  };
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
    if (mls_span_eq(name, known[i])) {
      return true;
    }
  }
  return false;
}

/* Whether `name` is a resource the SAM transform creates implicitly: the
 * default APIs (ServerlessRestApi, ServerlessHttpApi and their stages and
 * deployments), DeploymentPreference's CodeDeploy application and role
 * (ServerlessDeploymentApplication, CodeDeployServiceRole) and the
 * resources SAM derives from a serverless resource
 * by appending to its logical id (FnRole, FnVersion, FnAliaslive, ...).
 * mlsweep does not expand the transform, so a reference to one is
 * unknown, not an error. */
static bool sam_implicit(const ctx *c, mls_span name)
{
  if (!(c->t->flags & CFN_T_SAM)) {
    return false;
  }
  if ((name.len >= 17 && memcmp(name.ptr, "ServerlessRestApi", 17) == 0) ||
      (name.len >= 17 && memcmp(name.ptr, "ServerlessHttpApi", 17) == 0) ||
      mls_span_eq(name, "ServerlessDeploymentApplication") ||
      mls_span_eq(name, "CodeDeployServiceRole")) {
    return true;
  }
  for (uint32_t i = 0; i < c->m->nresources; i++) {
    const mls_resource *r = &c->m->resources[i];
    if (r->type.len > 17 && memcmp(r->type.ptr, "AWS::Serverless::", 17) == 0 &&
        name.len > r->address.len &&
        memcmp(name.ptr, r->address.ptr, r->address.len) == 0) {
      return true;
    }
  }
  return false;
}

/* The unknown `v` refined as an ARN: a string that starts "arn:" (NULL
 * after an arena failure). */
static mls_value *as_arn(ctx *c, mls_value *v)
{
  if (mls_value_refine_prefix(c->a, v, mls_span_of("arn:", 4)) < 0) {
    arena_fail(c);
    return NULL;
  }
  return v;
}

/* The resource types whose Ref is their ARN (CloudFormation's return
 * values): an unknown that starts "arn:", as arn_attr() makes of a
 * GetAtt ...Arn, so `Resource: !Ref Secret` in a policy is no "*". */
static mls_value *ref_arn(ctx *c, mls_value *v, mls_span type)
{
  static const char *const arn_refs[] = {
    "AWS::SecretsManager::Secret",
    "AWS::SNS::Topic",
    "AWS::IAM::ManagedPolicy",
    "AWS::StepFunctions::StateMachine",
    "AWS::CertificateManager::Certificate",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
  };
  for (size_t k = 0; v && k < sizeof(arn_refs) / sizeof(arn_refs[0]); k++) {
    if (mls_span_eq(type, arn_refs[k])) {
      return as_arn(c, v);
    }
  }
  return v;
}

/* What `Ref name` (or ${name} in Fn::Sub) gives at `at`. */
static mls_value *ref_name(ctx *c, const cfn_node *at, mls_span name)
{
  int64_t i;
  if ((i = sym_find(c, name, SYM_PARAM)) >= 0) {
    return copy_at(c, c->params[i].value, at);
  }
  if (mls_span_eq(name, "AWS::NoValue")) {
    return NOVALUE;
  }
  if (name.len > 5 && memcmp(name.ptr, "AWS::", 5) == 0) {
    if ((i = sym_find(c, name, SYM_OVR)) >= 0) {
      return str_value(c, c->ovrs[i].value, at);
    }
    if (is_pseudo(name)) {
      mls_value *u = unknown(c, at, "pseudo parameter known only at deploy");
      /* One of the partitions: an ARN built from it is known up to that
       * (MLS_VF_PARTITION), and rules that accept any partition decide.
       * An account id, a region and the DNS suffix have a fixed form,
       * which such a template carries too: an image
       * "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/x" is
       * in ECR whatever the account. */
      static const char *const vars[][2] = {
        { "AWS::Partition", MLS_PARTITION_VAR },
        { "AWS::AccountId", MLS_ACCOUNT_VAR },
        { "AWS::Region", MLS_REGION_VAR },
        { "AWS::URLSuffix", MLS_URLSUFFIX_VAR },
      };
      for (size_t k = 0; u && k < sizeof(vars) / sizeof(vars[0]); k++) {
        if (mls_span_eq(name, vars[k][0]) &&
            mls_value_refine_partition(
                c->a, u, mls_span_of(vars[k][1], strlen(vars[k][1]))) < 0) {
          arena_fail(c);
          return NULL;
        }
      }
      return u;
    }
    return err_unknown(c, MLS_EINPUT, at, "unknown pseudo parameter %.*s",
                       (int)(name.len > 200 ? 200 : name.len), name.ptr);
  }
  if ((i = sym_find(c, name, SYM_RES)) >= 0) {
    add_edge(c, (uint32_t)i, mls_span_of("", 0));
    return ref_arn(c,
                   unknown(c, at, "resource reference known only after deploy"),
                   (uint64_t)i < c->m->nresources ? c->m->resources[i].type
                                                  : mls_span_of("", 0));
  }
  if (sam_implicit(c, name)) {
    return unknown(c, at, "created by the SAM transform");
  }
  return err_unknown(c, MLS_EINPUT, at, "Ref to undefined name %.*s",
                     (int)(name.len > 200 ? 200 : name.len), name.ptr);
}

/* An AWS resource's attribute whose name ends in "Arn" (Arn, TopicArn,
 * ModelPackageGroupArn, ...) is an ARN: the unknown `v` is a string that
 * starts "arn:", so a rule testing a policy's Resource or Principal for
 * "*" decides. Not a custom resource's nor a nested stack's (Outputs.X):
 * their attributes are whatever they return. NULL stays NULL. */
static mls_value *arn_attr(ctx *c, mls_value *v, mls_span type, mls_span attr)
{
  bool custom = (type.len >= 8 && memcmp(type.ptr, "Custom::", 8) == 0) ||
                mls_span_eq(type, "AWS::CloudFormation::CustomResource") ||
                mls_span_eq(type, "AWS::CloudFormation::Stack");
  if (!v || custom || attr.len < 3 ||
      memcmp(attr.ptr + attr.len - 3, "Arn", 3) != 0 ||
      (attr.len >= 8 && memcmp(attr.ptr, "Outputs.", 8) == 0)) {
    return v;
  }
  return as_arn(c, v);
}

/* Fn::GetAtt of resource `res`, attribute `attr`. */
static mls_value *getatt_name(ctx *c, const cfn_node *at, mls_span res,
                              mls_span attr)
{
  int64_t i = sym_find(c, res, SYM_RES);
  if (i < 0 && sam_implicit(c, res)) {
    return arn_attr(c, unknown(c, at, "created by the SAM transform"),
                    mls_span_of("", 0), attr);
  }
  if (i < 0) {
    return err_unknown(c, MLS_EINPUT, at,
                       "Fn::GetAtt of undefined resource %.*s",
                       (int)(res.len > 200 ? 200 : res.len), res.ptr);
  }
  add_edge(c, (uint32_t)i, attr);
  /* The model's resources exist once the Resources section is reached: a
   * GetAtt where CloudFormation allows none (in Conditions, say) comes
   * before them and knows no type. */
  return arn_attr(c,
                  unknown(c, at, "resource attribute known only after deploy"),
                  (uint64_t)i < c->m->nresources ? c->m->resources[i].type
                                                 : mls_span_of("", 0),
                  attr);
}

static mls_value *fn_getatt(ctx *c, const cfn_node *n, const cfn_node *arg,
                            int depth)
{
  if (arg->kind == CFN_STRING) {
    const char *dot = span_chr(arg->text, '.');
    size_t k = dot ? (size_t)(dot - arg->text.ptr) : arg->text.len;
    return getatt_name(c, n, mls_span_of(arg->text.ptr, k),
                       dot ? mls_span_of(dot + 1, arg->text.len - k - 1)
                           : mls_span_of("", 0));
  }
  if (arg->kind == CFN_SEQ && arg->n == 2 &&
      arg->u.items[0]->kind == CFN_STRING) {
    mls_span attr = mls_span_of("", 0);
    mls_value *a = eval(c, arg->u.items[1], depth + 1);
    if (!a) {
      return NULL;
    }
    if (a != NOVALUE && a->kind == MLS_V_STRING) {
      attr = a->u.str;
    }
    return getatt_name(c, n, arg->u.items[0]->text, attr);
  }
  return err_unknown(c, MLS_EINPUT, n,
                     "Fn::GetAtt takes [resource, attribute] or \"r.a\"");
}

/* Evaluate the items of SEQ `arg` that must have `nmin`..`nmax` items. */
static bool args(ctx *c, mls_value **out, const cfn_node *arg, uint32_t nmin,
                 uint32_t nmax, int depth)
{
  if (arg->kind != CFN_SEQ || arg->n < nmin || arg->n > nmax) {
    return false;
  }
  for (uint32_t i = 0; i < arg->n; i++) {
    if (!(out[i] = eval(c, arg->u.items[i], depth + 1))) {
      return false;
    }
  }
  return true;
}

/* A string built in `b` as a value at `n`; b is disposed. */
static mls_value *built(ctx *c, mls_buf *b, int rc, const cfn_node *n,
                        const char *fname)
{
  mls_value *v;
  if (rc == MLS_ELIMIT) {
    mls_buf_dispose(b);
    return err_unknown(c, MLS_ELIMIT, n, "%s result longer than %u bytes",
                       fname, (unsigned)MLS_MAX_FUNC_STRING_BYTES);
  }
  if (rc < 0) {
    mls_buf_dispose(b);
    set_fail(c, MLS_ENOMEM);
    return NULL;
  }
  v = at_node(c, mls_value_string(c->a, mls_span_of(b->ptr, b->len)), n);
  mls_buf_dispose(b);
  return v;
}

static mls_value *fn_join(ctx *c, const cfn_node *n, const cfn_node *arg,
                          int depth)
{
  const mls_value *first_part = NULL; /* the first partition item */
  const mls_value *first_unknown = NULL, *last_unknown = NULL;
  size_t nvars = 0;   /* MLS_PARTITION_VAR in the partition items */
  size_t known = 0;   /* bytes of b before first_unknown */
  size_t after = 0;   /* bytes of b before the text after last_unknown */
  bool end_ok = true; /* every item after first_unknown is a scalar */
  mls_value *a[2];
  mls_buf b = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  mls_span d, s;
  int rc = 0;
  if (arg->kind != CFN_SEQ || arg->n != 2) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Join takes [delimiter, list]");
  }
  if (!args(c, a, arg, 2, 2, depth)) {
    return NULL;
  }
  if (a[0] == NOVALUE || a[1] == NOVALUE) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Join of AWS::NoValue");
  }
  if (a[0]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[0]);
  }
  if (a[1]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[1]);
  }
  if (a[0]->kind != MLS_V_STRING || a[1]->kind != MLS_V_LIST) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Join takes [delimiter, list]");
  }
  d = a[0]->u.str;
  for (uint32_t i = 0; i < a[1]->u.list.n && rc == 0 && end_ok; i++) {
    const mls_value *it = a[1]->u.list.items[i];
    if (i && d.len) {
      rc = mls_buf_put(&b, d.ptr, d.len);
    }
    if (rc == 0 && it->kind == MLS_V_UNKNOWN &&
        (it->flags & MLS_VF_PARTITION) && !first_unknown) {
      /* The partition: the rest may still make a template. */
      first_part = first_part ? first_part : it;
      nvars += mls_partition_count(it->u.unknown.expr);
      rc = mls_buf_put(&b, it->u.unknown.expr.ptr, it->u.unknown.expr.len);
      continue;
    }
    if (it->kind == MLS_V_UNKNOWN) {
      /* The text so far (and the delimiter before this item) is known,
       * up to a partition in it; the items after the last unknown one
       * give the string's known end (":root" of "arn:", AWS::Partition,
       * ":iam::", AWS::AccountId, ":root", as the CDK writes an account's
       * root). */
      if (!first_unknown) {
        first_unknown = it;
        known = b.len;
      }
      last_unknown = it;
      after = b.len;
      continue;
    }
    if (!scalar_text(it, &s)) {
      if (first_unknown) {
        end_ok = false; /* unknown anyway: its end is not text */
        break;
      }
      mls_buf_dispose(&b);
      return err_unknown(c, MLS_EINPUT, n, "Fn::Join of a list or map");
    }
    if (rc == 0 && s.len) {
      rc = mls_buf_put(&b, s.ptr, s.len);
    }
  }
  if (first_unknown) {
    mls_value *u;
    if (rc == 0 && first_part) {
      /* b holds the partition's own text: the prefix ends before it. */
      size_t len = (size_t)(strstr(b.ptr, MLS_PARTITION_VAR) - b.ptr);
      u = unknown_from(c, n, first_part);
      if (u && mls_value_refine_prefix(c->a, u, mls_span_of(b.ptr, len)) < 0) {
        arena_fail(c);
        u = NULL;
      }
    } else {
      u = rc == 0 ? unknown_after(c, n, b.ptr, known, first_unknown)
                  : unknown_from(c, n, first_unknown);
    }
    if (u && rc == 0 && end_ok && !is_error(last_unknown) &&
        !is_error(first_unknown) &&
        mls_value_refine_suffix_after(
            c->a, u, last_unknown,
            mls_span_of(b.len > after ? b.ptr + after : "", b.len - after)) <
            0) {
      arena_fail(c);
      u = NULL;
    }
    mls_buf_dispose(&b);
    return u;
  }
  if (first_part && rc == 0) {
    /* Known but for the partition: that string, as a template (unless an
     * item's own text reads as the variable). */
    mls_value *u = unknown_from(c, n, first_part);
    mls_span all = mls_span_of(b.ptr, b.len);
    if (u && mls_partition_count(all) == nvars &&
        mls_value_refine_partition(c->a, u, all) < 0) {
      arena_fail(c);
      u = NULL;
    }
    mls_buf_dispose(&b);
    return u;
  }
  return built(c, &b, rc, n, "Fn::Join");
}

static mls_value *fn_select(ctx *c, const cfn_node *n, const cfn_node *arg,
                            int depth)
{
  mls_value *a[2];
  uint64_t idx;
  if (arg->kind != CFN_SEQ || arg->n != 2) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Select takes [index, list]");
  }
  if (!args(c, a, arg, 2, 2, depth)) {
    return NULL;
  }
  if (a[0] == NOVALUE || a[1] == NOVALUE) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Select of AWS::NoValue");
  }
  if (a[0]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[0]);
  }
  if (a[1]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[1]);
  }
  if (!as_index(a[0], &idx) || a[1]->kind != MLS_V_LIST) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Select takes [index, list]");
  }
  if (idx >= a[1]->u.list.n) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::Select index %" PRIu64 " past a list of %" PRIu32,
                       idx, a[1]->u.list.n);
  }
  return a[1]->u.list.items[idx];
}

static mls_value *fn_split(ctx *c, const cfn_node *n, const cfn_node *arg,
                           int depth)
{
  mls_value *a[2];
  mls_value **items;
  mls_span d, s;
  size_t cnt = 1, k = 0, start = 0;
  if (arg->kind != CFN_SEQ || arg->n != 2) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Split takes [delimiter, s]");
  }
  if (!args(c, a, arg, 2, 2, depth)) {
    return NULL;
  }
  if (a[0] == NOVALUE || a[1] == NOVALUE) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Split of AWS::NoValue");
  }
  if (a[0]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[0]);
  }
  if (a[1]->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, a[1]);
  }
  if (a[0]->kind != MLS_V_STRING || !scalar_text(a[1], &s) ||
      a[0]->u.str.len == 0) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Split takes [delimiter, s]");
  }
  d = a[0]->u.str;
  for (size_t i = 0; i + d.len <= s.len; i++) {
    if (memcmp(s.ptr + i, d.ptr, d.len) == 0) {
      cnt++;
      i += d.len - 1;
    }
  }
  if (cnt > UINT32_MAX ||
      !(items = mls_arena_alloc(c->a, cnt * sizeof(*items)))) {
    arena_fail(c);
    return NULL;
  }
  for (size_t i = 0; i <= s.len; i++) {
    if (i == s.len ||
        (i + d.len <= s.len && memcmp(s.ptr + i, d.ptr, d.len) == 0)) {
      if (!(items[k++] =
                str_value(c, mls_span_of(s.ptr + start, i - start), n))) {
        return NULL;
      }
      if (i == s.len) {
        break;
      }
      i += d.len - 1;
      start = i + 1;
    }
  }
  return at_node(c, mls_value_list(c->a, items, (uint32_t)k), n);
}

/* Whether `name` of a ${} placeholder is a key of the Fn::Sub variable
 * map `vars`; sets *out to its value. */
static bool sub_var(const mls_value *vars, mls_span name, mls_value **out)
{
  if (!vars || vars->kind != MLS_V_MAP) {
    return false;
  }
  for (uint32_t i = 0; i < vars->u.map.n; i++) {
    if (span_same(vars->u.map.entries[i].key, name)) {
      *out = vars->u.map.entries[i].value;
      return true;
    }
  }
  return false;
}

/* The offset of the first SUB_MARK in s[0..n), or n. */
static size_t mark_at(const char *s, size_t n)
{
  const char *p = s, *end = s + n;
  while ((p = memchr(p, SUB_MARK[0], (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) >= SUB_MARK_LEN &&
        memcmp(p, SUB_MARK, SUB_MARK_LEN) == 0) {
      return (size_t)(p - s);
    }
    p++;
  }
  return n;
}

static bool has_mark(const char *s, size_t n)
{
  return mark_at(s, n) < n;
}

/* Keep sh, fn_sub()'s text with each unknown as SUB_MARK, for u. */
static void keep_shape(ctx *c, const mls_value *u, const mls_buf *sh)
{
  char *t;
  if (c->nshapes == c->shapecap) {
    size_t cap2 = c->shapecap ? 2 * c->shapecap : 8;
    subshape *g = mls_arena_alloc(c->a, cap2 * sizeof(*g));
    if (!g) {
      arena_fail(c);
      return;
    }
    if (c->nshapes) {
      memcpy(g, c->shapes, c->nshapes * sizeof(*g));
    }
    c->shapes = g;
    c->shapecap = cap2;
  }
  if (!(t = mls_arena_strndup(c->a, sh->ptr, sh->len))) {
    arena_fail(c);
    return;
  }
  c->shapes[c->nshapes].u = u;
  c->shapes[c->nshapes].text = t;
  c->shapes[c->nshapes].len = sh->len;
  c->nshapes++;
}

static mls_value *fn_sub(ctx *c, const cfn_node *n, const cfn_node *arg,
                         int depth)
{
  const cfn_node *fmt = arg;
  mls_value *vars = NULL, *first_unknown = NULL;
  bool other_unknown = false; /* an unknown other than region/account/part */
  bool tpl_ok = true;         /* every unknown a partition template */
  size_t known = 0;           /* bytes of b before first_unknown */
  const mls_value *last_unknown = NULL;
  size_t after = 0; /* bytes of b up to the end of last_unknown's part */
  mls_buf b = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  /* The string with each unknown partition as MLS_PARTITION_VAR. */
  mls_buf tb = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  /* A text that reads as JSON: the string with each unknown as SUB_MARK
   * (keep_shape). */
  mls_buf sh = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  bool shape;
  mls_span s;
  int rc = 0;
  if (arg->kind == CFN_SEQ && arg->n == 2 && arg->u.items[1]->kind == CFN_MAP) {
    const cfn_node *m = arg->u.items[1];
    mls_map_entry *ents = mls_arena_alloc(c->a, (m->n + 1) * sizeof(*ents));
    fmt = arg->u.items[0];
    if (!ents) {
      arena_fail(c);
      return NULL;
    }
    for (uint32_t i = 0; i < m->n; i++) {
      ents[i].key = m->u.pairs[i].key->text;
      if (!(ents[i].value = eval(c, m->u.pairs[i].value, depth + 1))) {
        return NULL;
      }
    }
    if (!(vars = at_node(c, mls_value_map(c->a, ents, m->n), m))) {
      return NULL;
    }
  } else if (arg->kind == CFN_SEQ && arg->n == 1) {
    fmt = arg->u.items[0];
  }
  if (fmt->kind != CFN_STRING) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::Sub takes a string or [string, map]");
  }
  s = fmt->text;
  shape = tf_looks_like_json(s) && !has_mark(s.ptr, s.len);
  for (size_t i = 0; i < s.len && rc == 0;) {
    const char *close;
    mls_span name, t;
    mls_value *v = NULL;
    if (!(s.ptr[i] == '$' && i + 1 < s.len && s.ptr[i + 1] == '{')) {
      rc = mls_buf_putc(&b, s.ptr[i]);
      if (first_unknown && tpl_ok && mls_buf_putc(&tb, s.ptr[i]) < 0) {
        tpl_ok = false;
      }
      if (shape && mls_buf_putc(&sh, s.ptr[i]) < 0) {
        shape = false;
      }
      i++;
      continue;
    }
    if (i + 2 < s.len && s.ptr[i + 2] == '!') {
      /* ${!Literal} is the text ${Literal}. */
      rc = mls_buf_put(&b, "${", 2);
      tpl_ok = false; /* literal text that could read as the variable */
      if (shape && mls_buf_put(&sh, "${", 2) < 0) {
        shape = false;
      }
      i += 3;
      continue;
    }
    close = memchr(s.ptr + i + 2, '}', s.len - i - 2);
    if (!close) {
      rc = mls_buf_put(&b, s.ptr + i, s.len - i);
      tpl_ok = false;
      shape = false;
      break;
    }
    name = mls_span_of(s.ptr + i + 2, (size_t)(close - (s.ptr + i + 2)));
    i = (size_t)(close - s.ptr) + 1;
    if (!sub_var(vars, name, &v)) {
      const char *dot = span_chr(name, '.');
      if (dot && name.len) {
        size_t k = (size_t)(dot - name.ptr);
        v = getatt_name(c, n, mls_span_of(name.ptr, k),
                        mls_span_of(dot + 1, name.len - k - 1));
      } else {
        v = ref_name(c, n, name);
      }
    }
    if (!v) {
      mls_buf_dispose(&b);
      mls_buf_dispose(&tb);
      mls_buf_dispose(&sh);
      return NULL;
    }
    if (v != NOVALUE && v->kind == MLS_V_UNKNOWN) {
      if (shape && mls_buf_put(&sh, SUB_MARK, SUB_MARK_LEN) < 0) {
        shape = false;
      }
      if (!first_unknown) {
        first_unknown = v;
        known = b.len;
        /* The text so far, all known, starts the template. */
        if (b.len && mls_buf_put(&tb, b.ptr, b.len) < 0) {
          tpl_ok = false;
        }
      }
      if (!(v->flags & MLS_VF_PARTITION) ||
          (tpl_ok && mls_buf_put(&tb, v->u.unknown.expr.ptr,
                                 v->u.unknown.expr.len) < 0)) {
        tpl_ok = false;
      }
      if (mls_span_eq(name, "AWS::Region") ||
          mls_span_eq(name, "AWS::AccountId") ||
          mls_span_eq(name, "AWS::Partition")) {
        /* The stack's own: matches the template's resources (note_arn). */
        rc = mls_buf_putc(&b, '*');
      } else {
        other_unknown = true;
      }
      last_unknown = v;
      after = b.len;
      continue;
    }
    if (v == NOVALUE || !scalar_text(v, &t)) {
      mls_buf_dispose(&b);
      mls_buf_dispose(&tb);
      mls_buf_dispose(&sh);
      return err_unknown(c, MLS_EINPUT, n,
                         "Fn::Sub placeholder ${%.*s} is not a string",
                         (int)(name.len > 200 ? 200 : name.len), name.ptr);
    }
    if (t.len) {
      rc = mls_buf_put(&b, t.ptr, t.len);
      if (first_unknown && tpl_ok && mls_buf_put(&tb, t.ptr, t.len) < 0) {
        tpl_ok = false;
      }
      if (shape && mls_buf_put(&sh, t.ptr, t.len) < 0) {
        shape = false;
      }
    }
  }
  if (first_unknown && rc == 0) {
    mls_value *u;
    if (!other_unknown && b.len && c->cur >= 0) {
      char *z = mls_arena_strndup(c->a, b.ptr, b.len);
      if (!z) {
        arena_fail(c);
      } else {
        note_arn(c, mls_span_of(z, b.len));
      }
    }
    if (tpl_ok) {
      /* Known but for the partition: that string, as a template. */
      u = unknown_from(c, n, first_unknown);
      if (u && mls_value_refine_partition(
                   c->a, u, mls_span_of(tb.ptr ? tb.ptr : "", tb.len)) < 0) {
        arena_fail(c);
        u = NULL;
      }
    } else {
      u = unknown_after(c, n, b.ptr, known, first_unknown);
      /* Its end: the last unknown part's own end, then the text after
       * it (":root" of "arn:aws:iam::${AWS::AccountId}:root"). */
      if (u && !is_error(last_unknown) &&
          mls_value_refine_suffix_after(
              c->a, u, last_unknown,
              b.len > after ? mls_span_of(b.ptr + after, b.len - after)
                            : mls_span_of("", 0)) < 0) {
        arena_fail(c);
        u = NULL;
      }
    }
    if (u && shape) {
      keep_shape(c, u, &sh);
    }
    mls_buf_dispose(&b);
    mls_buf_dispose(&tb);
    mls_buf_dispose(&sh);
    return u;
  }
  mls_buf_dispose(&tb);
  mls_buf_dispose(&sh);
  return built(c, &b, rc, n, "Fn::Sub");
}

static mls_value *fn_base64(ctx *c, const cfn_node *n, const cfn_node *arg,
                            int depth)
{
  static const char tab[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  mls_buf b = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  mls_value *v = eval(c, arg, depth + 1);
  const unsigned char *p;
  mls_span s;
  int rc = 0;
  if (!v) {
    return NULL;
  }
  if (v != NOVALUE && v->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, v);
  }
  if (v == NOVALUE || !scalar_text(v, &s)) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Base64 takes a string");
  }
  p = (const unsigned char *)s.ptr;
  for (size_t i = 0; i < s.len && rc == 0; i += 3) {
    uint32_t x = (uint32_t)p[i] << 16;
    char q[4];
    size_t rem = s.len - i;
    if (rem > 1) {
      x |= (uint32_t)p[i + 1] << 8;
    }
    if (rem > 2) {
      x |= p[i + 2];
    }
    q[0] = tab[(x >> 18) & 63];
    q[1] = tab[(x >> 12) & 63];
    q[2] = rem > 1 ? tab[(x >> 6) & 63] : '=';
    q[3] = rem > 2 ? tab[x & 63] : '=';
    rc = mls_buf_put(&b, q, 4);
  }
  return built(c, &b, rc, n, "Fn::Base64");
}

/* Fn::FindInMap [map, top key, second key (, {DefaultValue: v})]. */
static mls_value *fn_findinmap(ctx *c, const cfn_node *n, const cfn_node *arg,
                               int depth)
{
  mls_value *a[4];
  mls_span k[3];
  const cfn_node *hit = cfn_section(c->t, CFN_SEC_MAPPINGS);
  if (arg->kind != CFN_SEQ || arg->n < 3 || arg->n > 4) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::FindInMap takes [map, key, key]");
  }
  if (!args(c, a, arg, 3, 4, depth)) {
    return NULL;
  }
  for (int i = 0; i < 3; i++) {
    if (a[i] != NOVALUE && a[i]->kind == MLS_V_UNKNOWN) {
      return unknown_from(c, n, a[i]);
    }
    if (a[i] == NOVALUE || !scalar_text(a[i], &k[i])) {
      return err_unknown(c, MLS_EINPUT, n,
                         "Fn::FindInMap keys must be strings");
    }
  }
  for (int i = 0; i < 3 && hit; i++) {
    hit = cfn_map_getn(hit, k[i].ptr ? k[i].ptr : "", k[i].len);
  }
  if (hit) {
    return eval(c, hit, depth + 1);
  }
  if (arg->n == 4 && a[3] != NOVALUE && a[3]->kind == MLS_V_MAP) {
    const mls_value *dv = mls_value_get(a[3], "DefaultValue");
    if (dv) {
      return copy_at(c, dv, n);
    }
  }
  return err_unknown(c, MLS_EINPUT, n, "Fn::FindInMap: no %.*s.%.*s.%.*s",
                     (int)(k[0].len > 100 ? 100 : k[0].len), k[0].ptr,
                     (int)(k[1].len > 100 ? 100 : k[1].len), k[1].ptr,
                     (int)(k[2].len > 100 ? 100 : k[2].len), k[2].ptr);
}

/* An IPv4 address "a.b.c.d" or CIDR "a.b.c.d/n" (n < 0: none allowed). */
static bool parse_ipv4(mls_span s, uint32_t *ip, int *prefix)
{
  uint32_t x = 0;
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    uint32_t o = 0;
    size_t start = i;
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i]) && i - start < 3) {
      o = o * 10 + (uint32_t)(s.ptr[i++] - '0');
    }
    if (i == start || o > 255 ||
        (part < 3 && (i >= s.len || s.ptr[i++] != '.'))) {
      return false;
    }
    x = (x << 8) | o;
  }
  *ip = x;
  if (i < s.len && s.ptr[i] == '/') {
    int p = 0;
    size_t start = ++i;
    while (i < s.len && mls_isdigit((unsigned char)s.ptr[i]) && i - start < 2) {
      p = p * 10 + (s.ptr[i++] - '0');
    }
    if (i == start || p > 32) {
      return false;
    }
    *prefix = p;
  } else {
    return false;
  }
  return i == s.len;
}

/* Fn::Cidr [ipBlock, count, cidrBits]: the first `count` subnets with
 * `cidrBits` host bits, for IPv4. IPv6 blocks stay unknown. */
static mls_value *fn_cidr(ctx *c, const cfn_node *n, const cfn_node *arg,
                          int depth)
{
  mls_value *a[3];
  mls_value **items;
  mls_span ipb;
  uint64_t count, bits;
  uint32_t ip;
  int prefix;
  if (arg->kind != CFN_SEQ || arg->n != 3) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::Cidr takes [ipBlock, count, cidrBits]");
  }
  if (!args(c, a, arg, 3, 3, depth)) {
    return NULL;
  }
  for (int i = 0; i < 3; i++) {
    if (a[i] != NOVALUE && a[i]->kind == MLS_V_UNKNOWN) {
      return unknown_from(c, n, a[i]);
    }
    if (a[i] == NOVALUE) {
      return err_unknown(c, MLS_EINPUT, n, "Fn::Cidr of AWS::NoValue");
    }
  }
  if (!scalar_text(a[0], &ipb) || !as_index(a[1], &count) ||
      !as_index(a[2], &bits)) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::Cidr takes [ipBlock, count, cidrBits]");
  }
  if (span_chr(ipb, ':')) {
    return unknown(c, n, "IPv6 Fn::Cidr is not computed");
  }
  if (!parse_ipv4(ipb, &ip, &prefix) || count < 1 || count > 256 || bits > 32 ||
      (uint64_t)prefix + bits > 32 ||
      (32 - bits - (uint64_t)prefix < 63 &&
       count > (1ull << (32 - bits - (uint64_t)prefix)))) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Cidr arguments out of range");
  }
  if (!(items = mls_arena_alloc(c->a, count * sizeof(*items)))) {
    arena_fail(c);
    return NULL;
  }
  ip &= prefix ? ~(uint32_t)0 << (32 - prefix) : 0;
  for (uint64_t i = 0; i < count; i++) {
    uint32_t sub = ip + (uint32_t)(i << bits);
    char buf[32];
    int len = snprintf(buf, sizeof(buf), "%u.%u.%u.%u/%u", sub >> 24,
                       (sub >> 16) & 255, (sub >> 8) & 255, sub & 255,
                       (unsigned)(32 - bits));
    if (!(items[i] =
              at_node(c,
                      mls_value_string(
                          c->a, mls_span_of(buf, (size_t)(len > 0 ? len : 0))),
                      n))) {
      return NULL;
    }
  }
  return at_node(c, mls_value_list(c->a, items, (uint32_t)count), n);
}

/* The value of an Fn::If whose condition is not known: what both
 * branches agree on. Equal values are that value; two maps are a map of
 * their keys, each the merge of its two values, a key only one branch has
 * an unknown that may be absent (MLS_VF_BELOW): "Properties: !If" whose
 * branches both leave KmsKeyId out still has none. Anything else is
 * unknown. */
static mls_value *if_merge(ctx *c, const cfn_node *n, mls_value *a,
                           mls_value *b, int depth)
{
  mls_map_entry *ents;
  uint32_t k = 0;

  if (a == b || (a != NOVALUE && b != NOVALUE && mls_value_equal(a, b))) {
    return a;
  }
  if (a == NOVALUE || b == NOVALUE || a->kind != MLS_V_MAP ||
      b->kind != MLS_V_MAP || depth > EVAL_DEPTH_MAX) {
    return unknown(c, n, "Fn::If on a condition known only at deploy");
  }
  if (!(ents = mls_arena_alloc(c->a, ((size_t)a->u.map.n + b->u.map.n + 1) *
                                         sizeof(*ents)))) {
    arena_fail(c);
    return NULL;
  }
  for (uint32_t i = 0; i < a->u.map.n; i++) {
    const mls_map_entry *ea = &a->u.map.entries[i];
    mls_value *vb = NULL, *v;
    for (uint32_t j = 0; j < b->u.map.n && !vb; j++) {
      if (span_same(b->u.map.entries[j].key, ea->key)) {
        vb = b->u.map.entries[j].value;
      }
    }
    if (vb) {
      v = if_merge(c, n, ea->value, vb, depth + 1);
    } else if ((v = unknown(c, n, "Fn::If: only one branch sets it"))) {
      v->flags |= MLS_VF_BELOW;
    }
    if (!v) {
      return NULL;
    }
    ents[k].key = ea->key;
    ents[k++].value = v;
  }
  for (uint32_t j = 0; j < b->u.map.n; j++) {
    const mls_map_entry *eb = &b->u.map.entries[j];
    bool seen = false;
    mls_value *v;
    for (uint32_t i = 0; i < a->u.map.n && !seen; i++) {
      seen = span_same(a->u.map.entries[i].key, eb->key);
    }
    if (seen) {
      continue;
    }
    if (!(v = unknown(c, n, "Fn::If: only one branch sets it"))) {
      return NULL;
    }
    v->flags |= MLS_VF_BELOW;
    ents[k].key = eb->key;
    ents[k++].value = v;
  }
  return at_node(c, mls_value_map(c->a, ents, k), n);
}

static mls_value *fn_if(ctx *c, const cfn_node *n, const cfn_node *arg,
                        int depth)
{
  mls_value *a, *b;
  tri t;
  if (arg->kind != CFN_SEQ || arg->n != 3 ||
      arg->u.items[0]->kind != CFN_STRING) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::If takes [condition, then, else]");
  }
  t = cond_named(c, arg->u.items[0], arg->u.items[0]->text, depth + 1);
  if (c->fail) {
    return NULL;
  }
  if (t == TRI_TRUE) {
    return eval(c, arg->u.items[1], depth + 1);
  }
  if (t == TRI_FALSE) {
    return eval(c, arg->u.items[2], depth + 1);
  }
  /* Unknown: both branches may deploy, so both add their edges. */
  if (!(a = eval(c, arg->u.items[1], depth + 1)) ||
      !(b = eval(c, arg->u.items[2], depth + 1))) {
    return NULL;
  }
  return if_merge(c, n, a, b, 0);
}

static mls_value *tri_value(ctx *c, const cfn_node *n, tri t)
{
  if (c->fail) {
    return NULL;
  }
  if (t == TRI_UNKNOWN) {
    return unknown(c, n, "condition known only at deploy");
  }
  return at_node(c, mls_value_bool(c->a, t == TRI_TRUE), n);
}

static mls_value *fn_length(ctx *c, const cfn_node *n, const cfn_node *arg,
                            int depth)
{
  mls_value *v = eval(c, arg, depth + 1);
  if (!v) {
    return NULL;
  }
  if (v != NOVALUE && v->kind == MLS_V_UNKNOWN) {
    return unknown_from(c, n, v);
  }
  if (v == NOVALUE || v->kind != MLS_V_LIST) {
    return err_unknown(c, MLS_EINPUT, n, "Fn::Length takes a list");
  }
  return at_node(c, mls_value_number_d(c->a, (double)v->u.list.n), n);
}

/* Fn::ToJsonString (AWS::LanguageExtensions): the compact JSON of a known
 * map or list; unknown when anything in it is. */
static mls_value *fn_tojsonstring(ctx *c, const cfn_node *n,
                                  const cfn_node *arg, int depth)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  mls_value *v = eval(c, arg, depth + 1);
  int rc;
  if (!v) {
    return NULL;
  }
  if (v == NOVALUE || (v->kind != MLS_V_MAP && v->kind != MLS_V_LIST &&
                       v->kind != MLS_V_UNKNOWN)) {
    return err_unknown(c, MLS_EINPUT, n,
                       "Fn::ToJsonString takes a map or list");
  }
  if (mls_value_has_unknown(v)) {
    const mls_value *u = v;
    return unknown(c, n,
                   u->kind == MLS_V_UNKNOWN ? u->u.unknown.why
                                            : "unknown value in the document");
  }
  rc = mls_value_write_json(&b, v);
  return built(c, &b, rc, n, "Fn::ToJsonString");
}

/* An intrinsic function call `n` (name, arg). */
static mls_value *call(ctx *c, const cfn_node *n, mls_span name,
                       const cfn_node *arg, int depth)
{
  mls_value *v;
  if (mls_span_eq(name, "Ref")) {
    if (arg->kind != CFN_STRING) {
      return err_unknown(c, MLS_EINPUT, n, "Ref takes a name");
    }
    return ref_name(c, n, arg->text);
  }
  if (mls_span_eq(name, "Fn::GetAtt")) {
    return fn_getatt(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Join")) {
    return fn_join(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Sub")) {
    return fn_sub(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::If")) {
    return fn_if(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Select")) {
    return fn_select(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Split")) {
    return fn_split(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::FindInMap")) {
    return fn_findinmap(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Base64")) {
    return fn_base64(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Cidr")) {
    return fn_cidr(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Length")) {
    return fn_length(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Equals") || mls_span_eq(name, "Fn::And") ||
      mls_span_eq(name, "Fn::Or") || mls_span_eq(name, "Fn::Not") ||
      mls_span_eq(name, "Condition")) {
    return tri_value(c, n, cond_expr(c, n, depth + 1));
  }
  if (mls_span_eq(name, "Fn::GetAZs") || mls_span_eq(name, "Fn::ImportValue")) {
    /* Evaluated for the edges a Ref inside them adds. */
    if (!(v = eval(c, arg, depth + 1))) {
      return NULL;
    }
    return unknown(c, n,
                   name.len == 10 ? "availability zones known only at deploy"
                                  : "value imported from another stack");
  }
  if (mls_span_eq(name, foreach_value)) {
    return unknown(c, arg, "Fn::ForEach collection known only at deploy");
  }
  if (mls_span_eq(name, "Fn::ToJsonString")) {
    return fn_tojsonstring(c, n, arg, depth);
  }
  if (mls_span_eq(name, "Fn::Transform")) {
    return unknown(c, n, "macro output known only at deploy");
  }
  warn(c, MLS_EINPUT, n, "function %.*s is not evaluated",
       (int)(name.len > 100 ? 100 : name.len), name.ptr);
  return unknown(c, n, "function not evaluated");
}

static mls_value *number_of_int(ctx *c, const cfn_node *n)
{
  char buf[32];
  double d;
  if (n->flags & CFN_F_INT64) {
    if (n->base == 10) {
      return at_node(c, mls_value_number(c->a, (double)n->u.i, n->text), n);
    }
    int len = snprintf(buf, sizeof(buf), "%" PRId64, n->u.i);
    return at_node(
        c,
        mls_value_number(c->a, (double)n->u.i, mls_span_of(buf, (size_t)len)),
        n);
  }
  if (n->base == 10 && n->text.len < 4096) {
    char *z = mls_arena_strndup(c->a, n->text.ptr, n->text.len);
    if (!z) {
      arena_fail(c);
      return NULL;
    }
    d = strtod(z, NULL);
    return at_node(c, mls_value_number(c->a, d, n->text), n);
  }
  return unknown(c, n, "integer too large to evaluate");
}

static void push_key(ctx *c, mls_span key)
{
  if (c->in_call) {
    return;
  }
  if (c->npath < (int)(sizeof(c->path) / sizeof(c->path[0]))) {
    c->path[c->npath].key = key;
    c->path[c->npath].is_index = false;
  }
  c->npath++;
}

static void push_index(ctx *c, uint32_t i)
{
  if (c->in_call) {
    return;
  }
  if (c->npath < (int)(sizeof(c->path) / sizeof(c->path[0]))) {
    c->path[c->npath].index = i;
    c->path[c->npath].is_index = true;
  }
  c->npath++;
}

/* The value of node `n`: NULL only after a failure (c->fail), NOVALUE for
 * AWS::NoValue. */
static mls_value *eval(ctx *c, const cfn_node *n, int depth)
{
  mls_span name;
  const cfn_node *arg;
  if (!step(c, n)) {
    return NULL;
  }
  if (depth > EVAL_DEPTH_MAX) {
    return err_unknown(c, MLS_ELIMIT, n, "nesting deeper than %d",
                       EVAL_DEPTH_MAX);
  }
  switch ((cfn_kind)n->kind) {
  case CFN_NULL:
    return at_node(c, mls_value_null(c->a), n);
  case CFN_BOOL:
    return at_node(c, mls_value_bool(c->a, n->u.b), n);
  case CFN_INT:
    return number_of_int(c, n);
  case CFN_FLOAT:
    return at_node(c, mls_value_number(c->a, n->u.d, n->text), n);
  case CFN_STRING:
    return str_value(c, n->text, n);
  case CFN_SEQ: {
    mls_value **items = mls_arena_alloc(c->a, (n->n + 1) * sizeof(*items));
    uint32_t k = 0;
    if (!items) {
      arena_fail(c);
      return NULL;
    }
    for (uint32_t i = 0; i < n->n; i++) {
      mls_value *v;
      int save = c->npath;
      push_index(c, k);
      v = eval(c, n->u.items[i], depth + 1);
      c->npath = save;
      if (!v) {
        return NULL;
      }
      if (v != NOVALUE) {
        items[k++] = v;
      }
    }
    return at_node(c, mls_value_list(c->a, items, k), n);
  }
  case CFN_MAP: {
    mls_map_entry *ents;
    uint32_t k = 0;
    if (cfn_intrinsic(n, &name, &arg) &&
        !(mls_span_eq(name, "Condition") && arg->kind != CFN_STRING)) {
      mls_value *v;
      c->in_call++;
      v = call(c, n, name, arg, depth);
      c->in_call--;
      return v;
    }
    if (!(ents = mls_arena_alloc(c->a, (n->n + 1) * sizeof(*ents)))) {
      arena_fail(c);
      return NULL;
    }
    for (uint32_t i = 0; i < n->n; i++) {
      mls_value *v;
      int save = c->npath;
      push_key(c, n->u.pairs[i].key->text);
      v = eval(c, n->u.pairs[i].value, depth + 1);
      c->npath = save;
      if (!v) {
        return NULL;
      }
      if (v != NOVALUE) {
        ents[k].key = n->u.pairs[i].key->text;
        ents[k++].value = v;
      }
    }
    return at_node(c, mls_value_map(c->a, ents, k), n);
  }
  }
  return err_unknown(c, MLS_EINPUT, n, "node of unknown kind");
}

/* ---- conditions ------------------------------------------------------- */

static tri tri_of_value(ctx *c, const cfn_node *n, const mls_value *v)
{
  if (v != NOVALUE && v->kind == MLS_V_BOOL) {
    return v->u.b ? TRI_TRUE : TRI_FALSE;
  }
  if (v != NOVALUE && v->kind == MLS_V_STRING) {
    if (mls_span_eq(v->u.str, "true")) {
      return TRI_TRUE;
    }
    if (mls_span_eq(v->u.str, "false")) {
      return TRI_FALSE;
    }
  }
  if (v == NOVALUE || v->kind != MLS_V_UNKNOWN) {
    warn(c, MLS_EINPUT, n, "a condition must be a condition function");
  }
  return TRI_UNKNOWN;
}

static tri fn_equals(ctx *c, const cfn_node *n, const cfn_node *arg, int depth)
{
  mls_value *a[2];
  mls_span x, y;
  if (arg->kind != CFN_SEQ || arg->n != 2) {
    warn(c, MLS_EINPUT, n, "Fn::Equals takes two values");
    return TRI_UNKNOWN;
  }
  if (!args(c, a, arg, 2, 2, depth)) {
    return TRI_UNKNOWN;
  }
  if (a[0] == NOVALUE || a[1] == NOVALUE) {
    return a[0] == a[1] ? TRI_TRUE : TRI_FALSE;
  }
  if (mls_value_has_unknown(a[0]) || mls_value_has_unknown(a[1])) {
    return TRI_UNKNOWN;
  }
  /* CloudFormation compares scalars as strings: "1" equals 1. */
  if (scalar_text(a[0], &x) && scalar_text(a[1], &y)) {
    return span_same(x, y) ? TRI_TRUE : TRI_FALSE;
  }
  return mls_value_equal(a[0], a[1]) ? TRI_TRUE : TRI_FALSE;
}

static tri cond_expr(ctx *c, const cfn_node *n, int depth)
{
  mls_span name;
  const cfn_node *arg;
  if (!step(c, n)) {
    return TRI_UNKNOWN;
  }
  if (depth > EVAL_DEPTH_MAX) {
    warn(c, MLS_ELIMIT, n, "condition nesting deeper than %d", EVAL_DEPTH_MAX);
    return TRI_UNKNOWN;
  }
  if (cfn_intrinsic(n, &name, &arg)) {
    if (mls_span_eq(name, "Fn::Equals")) {
      return fn_equals(c, n, arg, depth);
    }
    if (mls_span_eq(name, "Fn::And") || mls_span_eq(name, "Fn::Or")) {
      bool is_and = name.len == 7;
      bool any_unknown = false;
      if (arg->kind != CFN_SEQ || arg->n == 0) {
        warn(c, MLS_EINPUT, n, "%.*s takes a list of conditions", (int)name.len,
             name.ptr);
        return TRI_UNKNOWN;
      }
      for (uint32_t i = 0; i < arg->n; i++) {
        tri t = cond_expr(c, arg->u.items[i], depth + 1);
        if (t == TRI_UNKNOWN) {
          any_unknown = true;
        } else if ((t == TRI_TRUE) != is_and) {
          /* Every operand is still evaluated, so cycles and bad names
           * are reported wherever they are. */
          for (uint32_t j = i + 1; j < arg->n && !c->fail; j++) {
            (void)cond_expr(c, arg->u.items[j], depth + 1);
          }
          return is_and ? TRI_FALSE : TRI_TRUE;
        }
      }
      return any_unknown ? TRI_UNKNOWN : (is_and ? TRI_TRUE : TRI_FALSE);
    }
    if (mls_span_eq(name, "Fn::Not")) {
      tri t;
      if (arg->kind != CFN_SEQ || arg->n != 1) {
        warn(c, MLS_EINPUT, n, "Fn::Not takes a list of one condition");
        return TRI_UNKNOWN;
      }
      t = cond_expr(c, arg->u.items[0], depth + 1);
      return t == TRI_UNKNOWN ? t : (t == TRI_TRUE ? TRI_FALSE : TRI_TRUE);
    }
    if (mls_span_eq(name, "Condition") && arg->kind == CFN_STRING) {
      return cond_named(c, arg, arg->text, depth + 1);
    }
  }
  {
    mls_value *v = eval(c, n, depth + 1);
    return v ? tri_of_value(c, n, v) : TRI_UNKNOWN;
  }
}

/* The value of the condition named `name` (memoized; a cycle is an
 * error and makes the conditions on it unknown). */
static tri cond_named(ctx *c, const cfn_node *at, mls_span name, int depth)
{
  int64_t i = sym_find(c, name, SYM_COND);
  cond *cd;
  int64_t save_cur;
  int save_path;
  tri t;
  if (i < 0) {
    warn(c, MLS_EINPUT, at, "no condition named %.*s",
         (int)(name.len > 200 ? 200 : name.len), name.ptr);
    return TRI_UNKNOWN;
  }
  cd = &c->conds[i];
  if (cd->state == 2) {
    return cd->value;
  }
  if (cd->state == 1) {
    mls_diag_add(c->diag, MLS_EINPUT, &at->range,
                 "condition %.*s depends on itself",
                 (int)(name.len > 200 ? 200 : name.len), name.ptr);
    return TRI_UNKNOWN;
  }
  /* A condition belongs to no resource: it records no edges. */
  save_cur = c->cur;
  save_path = c->npath;
  c->cur = -1;
  cd->state = 1;
  t = cond_expr(c, cd->pair->value, depth + 1);
  cd->state = 2;
  cd->value = t;
  c->cur = save_cur;
  c->npath = save_path;
  return t;
}

/* ---- parameters ------------------------------------------------------- */

static bool type_is(const cfn_parameter *p, const char *prefix)
{
  size_t n = strlen(prefix);
  return p->type_name.len >= n && memcmp(p->type_name.ptr, prefix, n) == 0;
}

/* A parameter value from text (an override or a string Default), typed by
 * the parameter's Type: Number, lists split at commas, else a string. */
static mls_value *typed_text(ctx *c, const cfn_parameter *p, mls_span s,
                             const cfn_node *at)
{
  double d;
  if (mls_span_eq(p->type_name, "Number")) {
    if (parse_number(c, s, &d)) {
      return at_node(c, mls_value_number(c->a, d, s), at);
    }
    if (c->fail) {
      return NULL;
    }
    warn(c, MLS_EINPUT, at, "parameter %.*s is a Number but its value is not",
         (int)p->id.len, p->id.ptr);
  }
  if (type_is(p, "List<") || mls_span_eq(p->type_name, "CommaDelimitedList")) {
    size_t cnt = 1, k = 0, start = 0;
    mls_value **items;
    for (size_t i = 0; i < s.len; i++) {
      cnt += s.ptr[i] == ',';
    }
    if (cnt > UINT32_MAX ||
        !(items = mls_arena_alloc(c->a, cnt * sizeof(*items)))) {
      arena_fail(c);
      return NULL;
    }
    for (size_t i = 0; i <= s.len; i++) {
      if (i == s.len || s.ptr[i] == ',') {
        if (!(items[k++] =
                  str_value(c, mls_span_of(s.ptr + start, i - start), at))) {
          return NULL;
        }
        start = i + 1;
      }
    }
    return at_node(c, mls_value_list(c->a, items, (uint32_t)k), at);
  }
  return str_value(c, s, at);
}

static bool allowed(const cfn_parameter *p, const mls_value *v)
{
  mls_span s, a;
  if (!p->allowed_values || p->allowed_values->kind != CFN_SEQ ||
      !scalar_text(v, &s)) {
    return true;
  }
  for (uint32_t i = 0; i < p->allowed_values->n; i++) {
    const cfn_node *x = p->allowed_values->u.items[i];
    if (x->kind != CFN_SEQ && x->kind != CFN_MAP) {
      /* A YAML 1.1 boolean (Yes, on) stands for true or false, as the
       * value compared with it does. */
      a = x->kind == CFN_NULL ? mls_span_of("", 0)
          : x->kind == CFN_BOOL
              ? (x->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5))
              : x->text;
      if (span_same(a, s)) {
        return true;
      }
    }
  }
  return false;
}

static mls_value *param_value(ctx *c, const cfn_parameter *p)
{
  int64_t o = sym_find(c, p->id, SYM_OVR);
  mls_value *v;
  if (type_is(p, "AWS::SSM::Parameter::Value<")) {
    /* The Default or override names an SSM parameter; its value is read
     * at deploy. */
    return unknown(c, p->id_node, "SSM parameter value read at deploy");
  }
  if (o >= 0) {
    v = typed_text(c, p, c->ovrs[o].value, NULL);
    if (v) {
      v->file = MLS_NO_FILE;
    }
  } else if (p->default_value) {
    v = eval(c, p->default_value, 1);
    if (v && v != NOVALUE && v->kind == MLS_V_STRING) {
      v = typed_text(c, p, v->u.str, p->default_value);
    }
  } else {
    return unknown(c, p->id_node, "parameter has no Default and no value");
  }
  if (!v) {
    return NULL;
  }
  if (v == NOVALUE) {
    return unknown(c, p->id_node, "parameter default is AWS::NoValue");
  }
  if (!allowed(p, v)) {
    warn(c, MLS_EINPUT, p->id_node,
         "parameter %.*s: value not in its AllowedValues", (int)p->id.len,
         p->id.ptr);
  }
  if (p->no_echo && ((p->no_echo->kind == CFN_BOOL && p->no_echo->u.b) ||
                     cfn_is_string(p->no_echo, "true"))) {
    v->flags |= MLS_VF_SENSITIVE;
  }
  return v;
}

/* ---- overrides -------------------------------------------------------- */

/* The text of a parameters-file value: a scalar's text, a list's items
 * joined with commas (CommaDelimitedList); NULL otherwise. */
static bool file_value_text(ctx *c, const cfn_node *n, mls_span *out)
{
  if (n->kind == CFN_SEQ) {
    mls_buf b = MLS_BUF_INIT(MLS_MAX_STRING_BYTES);
    int rc = 0;
    char *p;
    for (uint32_t i = 0; i < n->n && rc == 0; i++) {
      const cfn_node *x = n->u.items[i];
      if (x->kind == CFN_SEQ || x->kind == CFN_MAP) {
        mls_buf_dispose(&b);
        return false;
      }
      if (i) {
        rc = mls_buf_putc(&b, ',');
      }
      if (rc == 0 && x->text.len) {
        rc = mls_buf_put(&b, x->text.ptr, x->text.len);
      }
    }
    if (rc < 0) {
      mls_buf_dispose(&b);
      return false;
    }
    p = mls_arena_strndup(c->a, b.ptr ? b.ptr : "", b.len);
    *out = mls_span_of(p, p ? b.len : 0);
    mls_buf_dispose(&b);
    if (!p) {
      arena_fail(c);
      return false;
    }
    return true;
  }
  if (n->kind == CFN_MAP) {
    return false;
  }
  {
    mls_span t = n->kind == CFN_NULL ? mls_span_of("", 0) : n->text;
    char *p = mls_arena_strndup(c->a, t.ptr ? t.ptr : "", t.len);
    if (!p) {
      arena_fail(c);
      return false;
    }
    *out = mls_span_of(p, t.len);
    return true;
  }
}

static int add_ovr(ctx *c, size_t *cap, mls_span key, mls_span value)
{
  char *k;
  if (c->novrs == *cap) {
    size_t ncap = *cap ? *cap * 2 : 16;
    ovr *nv = mls_arena_alloc(c->a, ncap * sizeof(*nv));
    if (!nv) {
      arena_fail(c);
      return c->fail;
    }
    if (c->novrs) {
      memcpy(nv, c->ovrs, c->novrs * sizeof(*nv));
    }
    c->ovrs = nv;
    *cap = ncap;
  }
  if (!(k = mls_arena_strndup(c->a, key.ptr ? key.ptr : "", key.len))) {
    arena_fail(c);
    return c->fail;
  }
  c->ovrs[c->novrs].key = mls_span_of(k, key.len);
  c->ovrs[c->novrs].value = value;
  c->novrs++;
  return 0;
}

static int load_params_file(ctx *c, const cfneval_opts *o, size_t *cap)
{
  cfn_template *pt = NULL;
  const char *fname = o->params_file_name ? o->params_file_name : "";
  const cfn_node *root, *ps;
  mls_span v;
  int rc;
  rc = cfn_load(&pt, o->params_file, o->params_file_len, c->diag);
  if (rc == MLS_ENOMEM) {
    return MLS_ENOMEM;
  }
  root = pt ? pt->root : NULL;
  if (rc < 0 || !root) {
    rc = mls_diag_add(c->diag, MLS_EINPUT, NULL,
                      "parameters file %s could not be read", fname);
    goto done;
  }
  rc = 0;
  if (root->kind == CFN_SEQ) {
    for (uint32_t i = 0; i < root->n && rc == 0; i++) {
      const cfn_node *e = root->u.items[i];
      const cfn_node *k = cfn_map_get(e, "ParameterKey");
      const cfn_node *val = cfn_map_get(e, "ParameterValue");
      if (!k || k->kind != CFN_STRING || !val) {
        /* UsePreviousValue and malformed entries give no value. */
        warn(c, MLS_EINPUT, NULL,
             "parameters file %s: entry %" PRIu32 " has no ParameterKey and "
             "ParameterValue",
             fname, i);
        continue;
      }
      if (!file_value_text(c, val, &v)) {
        rc = c->fail ? c->fail : 0;
        continue;
      }
      rc = add_ovr(c, cap, k->text, v);
    }
  } else if ((ps = cfn_map_get(root, "Parameters")) && ps->kind == CFN_MAP) {
    for (uint32_t i = 0; i < ps->n && rc == 0; i++) {
      if (!file_value_text(c, ps->u.pairs[i].value, &v)) {
        rc = c->fail ? c->fail : 0;
        continue;
      }
      rc = add_ovr(c, cap, ps->u.pairs[i].key->text, v);
    }
  } else {
    rc = mls_diag_add(c->diag, MLS_EINPUT, NULL,
                      "parameters file %s is neither a list of "
                      "ParameterKey/ParameterValue nor {\"Parameters\": {}}",
                      fname);
  }

done:
  cfn_template_free(pt);
  return rc;
}

static int load_overrides(ctx *c, const cfneval_opts *o)
{
  size_t cap = 0;
  int rc;
  if (o->params_file && (rc = load_params_file(c, o, &cap)) < 0) {
    return rc;
  }
  for (size_t i = 0; i < o->nparams; i++) {
    const char *kv = o->params[i];
    const char *eq = kv ? strchr(kv, '=') : NULL;
    char *val;
    if (!eq || eq == kv) {
      return mls_diag_add(c->diag, MLS_EINPUT, NULL,
                          "parameter override \"%s\" is not NAME=VALUE",
                          kv ? kv : "");
    }
    if (!(val = mls_arena_strndup(c->a, eq + 1, strlen(eq + 1)))) {
      arena_fail(c);
      return c->fail;
    }
    if ((rc = add_ovr(c, &cap, mls_span_of(kv, (size_t)(eq - kv)),
                      mls_span_of(val, strlen(val)))) < 0) {
      return rc;
    }
  }
  return 0;
}

/* ---- Fn::ForEach (AWS::LanguageExtensions) ----------------------------- */

/* Pairs of a map being built, with a hash of their keys so an expansion
 * that repeats a key is found in constant time. */
typedef struct pvec {
  cfn_pair *v;     /* model arena */
  size_t n, cap;   /* pairs used / allocated */
  uint32_t *slots; /* model arena: index + 1 into v, 0 free */
  size_t nslots;   /* a power of two, > 2 * n */
} pvec;

static cfn_node *new_node(ctx *c, cfn_kind kind, const cfn_node *like)
{
  cfn_node *n = mls_arena_zalloc(c->a, sizeof(*n));
  if (!n) {
    arena_fail(c);
    return NULL;
  }
  n->kind = (uint8_t)kind;
  if (like) {
    n->range = like->range;
    n->flags = like->flags & CFN_F_QUOTED;
  }
  return n;
}

/* A shallow copy of `n` in the model arena: the loaded tree stays
 * read-only, and a scalar's text is still borrowed from it. */
static cfn_node *dup_node(ctx *c, const cfn_node *n)
{
  cfn_node *x = mls_arena_alloc(c->a, sizeof(*x));
  if (!x) {
    arena_fail(c);
    return NULL;
  }
  *x = *n;
  return x;
}

static bool pvec_rehash(ctx *c, pvec *pv, size_t want)
{
  size_t cap = 16;
  while (cap < 2 * want + 1) {
    cap *= 2;
  }
  if (!(pv->slots = mls_arena_zalloc(c->a, cap * sizeof(*pv->slots)))) {
    arena_fail(c);
    return false;
  }
  pv->nslots = cap;
  for (size_t i = 0; i < pv->n; i++) {
    size_t h = sym_hash(pv->v[i].key->text, 0) & (cap - 1);
    while (pv->slots[h]) {
      h = (h + 1) & (cap - 1);
    }
    pv->slots[h] = (uint32_t)(i + 1);
  }
  return true;
}

/* Append key/value unless the key is there already (a warning: the first
 * one is kept, as the symbol table keeps the first resource). */
static void pvec_add(ctx *c, pvec *pv, cfn_node *key, cfn_node *value)
{
  size_t h;
  if (c->fail) {
    return;
  }
  if (pv->n == pv->cap) {
    size_t cap = pv->cap ? 2 * pv->cap : 8;
    cfn_pair *g = mls_arena_alloc(c->a, cap * sizeof(*g));
    if (!g) {
      arena_fail(c);
      return;
    }
    if (pv->n) {
      memcpy(g, pv->v, pv->n * sizeof(*g));
    }
    pv->v = g;
    pv->cap = cap;
  }
  if (2 * (pv->n + 1) >= pv->nslots && !pvec_rehash(c, pv, pv->n + 1)) {
    return;
  }
  h = sym_hash(key->text, 0) & (pv->nslots - 1);
  while (pv->slots[h]) {
    if (span_same(pv->v[pv->slots[h] - 1].key->text, key->text)) {
      warn(c, MLS_EINPUT, key,
           "Fn::ForEach makes the key %.*s twice; the first is kept",
           (int)(key->text.len > 200 ? 200 : key->text.len), key->text.ptr);
      return;
    }
    h = (h + 1) & (pv->nslots - 1);
  }
  pv->v[pv->n].key = key;
  pv->v[pv->n].value = value;
  pv->slots[h] = (uint32_t)(++pv->n);
}

static bool is_alnum(unsigned char ch)
{
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z');
}

/* `in` with ${Id} and &{Id} of the identifiers in scope replaced by their
 * item (&{} keeps only its letters and digits). *unknown: an identifier
 * whose collection is unknown appears. Returns false after a failure. */
static bool fe_subst(ctx *c, mls_span in, const cfn_node *at, mls_span *out,
                     bool *unknown)
{
  mls_buf b = MLS_BUF_INIT(MLS_MAX_FUNC_STRING_BYTES);
  size_t last = 0;
  int rc = 0;
  bool changed = false;
  *out = in;
  *unknown = false;
  if (!c->nbinds || in.len < 3) {
    return true;
  }
  for (size_t i = 0; i + 2 < in.len && rc == 0; i++) {
    const char *close;
    mls_span id;
    int k;
    if (!((in.ptr[i] == '$' || in.ptr[i] == '&') && in.ptr[i + 1] == '{') ||
        !(close = memchr(in.ptr + i + 2, '}', in.len - i - 2))) {
      continue;
    }
    id = mls_span_of(in.ptr + i + 2, (size_t)(close - (in.ptr + i + 2)));
    for (k = c->nbinds - 1; k >= 0 && !span_same(c->binds[k].id, id); k--) {
    }
    if (k < 0) {
      continue;
    }
    if (!c->binds[k].known) {
      *unknown = true;
      continue;
    }
    rc = mls_buf_put(&b, in.ptr + last, i - last);
    if (in.ptr[i] == '$') {
      if (rc == 0 && c->binds[k].value.len) {
        rc = mls_buf_put(&b, c->binds[k].value.ptr, c->binds[k].value.len);
      }
    } else {
      for (size_t j = 0; rc == 0 && j < c->binds[k].value.len; j++) {
        if (is_alnum((unsigned char)c->binds[k].value.ptr[j])) {
          rc = mls_buf_putc(&b, c->binds[k].value.ptr[j]);
        }
      }
    }
    last = (size_t)(close - in.ptr) + 1;
    i = last - 1;
    changed = true;
  }
  if (rc == 0 && changed) {
    rc = mls_buf_put(&b, in.ptr + last, in.len - last);
  }
  if (rc == 0 && changed) {
    char *z = mls_arena_strndup(c->a, b.ptr ? b.ptr : "", b.len);
    if (!z) {
      arena_fail(c);
    } else {
      *out = mls_span_of(z, b.len);
    }
  } else if (rc == MLS_ELIMIT) {
    warn(c, MLS_ELIMIT, at, "Fn::ForEach substitution longer than %u bytes",
         (unsigned)MLS_MAX_FUNC_STRING_BYTES);
  } else if (rc < 0) {
    set_fail(c, rc);
  }
  mls_buf_dispose(&b);
  return !c->fail;
}

/* The representative's stand-in for a value that uses an unknown item. */
static cfn_node *fe_unknown(ctx *c, const cfn_node *at)
{
  cfn_node *m = new_node(c, CFN_MAP, at), *k = new_node(c, CFN_STRING, at);
  cfn_pair *p = mls_arena_alloc(c->a, sizeof(*p));
  if (!m || !k || !p) {
    arena_fail(c);
    return NULL;
  }
  k->text = mls_span_of(foreach_value, sizeof(foreach_value) - 1);
  p->key = k;
  if (!(p->value = dup_node(c, at))) {
    return NULL;
  }
  m->n = 1;
  m->u.pairs = p;
  return m;
}

static cfn_node *fe_copy(ctx *c, const cfn_node *n, int depth);
static void fe_pair(ctx *c, pvec *pv, const cfn_pair *p, int depth);

static cfn_node *fe_string(ctx *c, const cfn_node *n)
{
  mls_span t;
  bool unk;
  cfn_node *x;
  if (!fe_subst(c, n->text, n, &t, &unk)) {
    return NULL;
  }
  if (unk) {
    return fe_unknown(c, n);
  }
  if (t.ptr == n->text.ptr) {
    return dup_node(c, n);
  }
  if ((x = new_node(c, CFN_STRING, n))) {
    x->text = t;
  }
  return x;
}

/* A copy of `n` with the loops in it expanded and the identifiers in
 * scope substituted; unchanged scalars are shared. NULL after a failure. */
static cfn_node *fe_copy(ctx *c, const cfn_node *n, int depth)
{
  cfn_node *x;
  mls_span name;
  const cfn_node *arg;
  if (!step(c, n)) {
    return NULL;
  }
  if (depth > EVAL_DEPTH_MAX) {
    warn(c, MLS_ELIMIT, n, "nesting deeper than %d", EVAL_DEPTH_MAX);
    return dup_node(c, n);
  }
  switch ((cfn_kind)n->kind) {
  case CFN_STRING:
    return fe_string(c, n);
  case CFN_SEQ:
    if (!(x = new_node(c, CFN_SEQ, n)) ||
        !(x->u.items =
              mls_arena_alloc(c->a, (n->n + 1) * sizeof(cfn_node *)))) {
      arena_fail(c);
      return NULL;
    }
    x->flags = n->flags;
    x->n = n->n;
    for (uint32_t i = 0; i < n->n; i++) {
      if (!(x->u.items[i] = fe_copy(c, n->u.items[i], depth + 1))) {
        return NULL;
      }
    }
    return x;
  case CFN_MAP: {
    pvec pv;
    if (cfn_intrinsic(n, &name, &arg) && mls_span_eq(name, "Ref") &&
        arg->kind == CFN_STRING) {
      for (int k = c->nbinds - 1; k >= 0; k--) {
        if (span_same(c->binds[k].id, arg->text)) {
          if (!c->binds[k].known) {
            return fe_unknown(c, n);
          }
          if ((x = new_node(c, CFN_STRING, n))) {
            x->text = c->binds[k].value;
          }
          return x;
        }
      }
    }
    memset(&pv, 0, sizeof(pv));
    for (uint32_t i = 0; i < n->n && !c->fail; i++) {
      fe_pair(c, &pv, &n->u.pairs[i], depth + 1);
    }
    if (c->fail || !(x = new_node(c, CFN_MAP, n))) {
      return NULL;
    }
    x->flags = n->flags;
    x->n = (uint32_t)pv.n;
    x->u.pairs = pv.v;
    return x;
  }
  default:
    return dup_node(c, n);
  }
}

/* The items of a loop's collection: *n of them in *items (texts), or
 * *known false. False when the loop is skipped (malformed, a failure). */
static bool fe_items(ctx *c, const cfn_node *coll, mls_span **items, size_t *n,
                     bool *known, int depth)
{
  cfn_node *cp = fe_copy(c, coll, depth + 1);
  mls_value *v;
  *n = 0;
  *known = true;
  if (!cp) {
    return false;
  }
  if (cp->kind == CFN_SEQ) {
    /* a literal list: its items as written */
    *items = mls_arena_alloc(c->a, (cp->n + 1) * sizeof(**items));
    if (!*items) {
      arena_fail(c);
      return false;
    }
    for (uint32_t i = 0; i < cp->n; i++) {
      const cfn_node *it = cp->u.items[i];
      if (it->kind == CFN_MAP || it->kind == CFN_SEQ || it->kind == CFN_NULL) {
        break; /* an intrinsic or a nested list: evaluate below */
      }
      (*items)[(*n)++] = it->text;
    }
    if (*n == cp->n) {
      return true;
    }
    *n = 0;
  }
  {
    int64_t save = c->cur;
    c->cur = -1;
    v = eval(c, cp, depth + 1);
    c->cur = save;
  }
  if (!v) {
    return false;
  }
  if (v != NOVALUE && v->kind == MLS_V_UNKNOWN) {
    *known = false;
    return true;
  }
  if (v == NOVALUE || v->kind != MLS_V_LIST) {
    warn(c, MLS_EINPUT, coll, "Fn::ForEach collection is not a list");
    return false;
  }
  *items = mls_arena_alloc(c->a, (v->u.list.n + 1) * sizeof(**items));
  if (!*items) {
    arena_fail(c);
    return false;
  }
  for (uint32_t i = 0; i < v->u.list.n; i++) {
    mls_span t;
    if (v->u.list.items[i]->kind == MLS_V_UNKNOWN) {
      *known = false;
      *n = 0;
      return true;
    }
    if (!scalar_text(v->u.list.items[i], &t)) {
      warn(c, MLS_EINPUT, coll, "Fn::ForEach collection item is not a string");
      return false;
    }
    (*items)[(*n)++] = t;
  }
  return true;
}

/* One Fn::ForEach::Name: [Identifier, Collection, {OutputKey: Value}]
 * entry, its fragment copied once per item into pv. */
static void fe_loop(ctx *c, pvec *pv, const cfn_pair *p, int depth)
{
  const cfn_node *v = p->value, *frag;
  mls_span *items = NULL;
  size_t n = 0;
  bool known;
  if (v->kind != CFN_SEQ || v->n != 3 || v->u.items[0]->kind != CFN_STRING ||
      v->u.items[2]->kind != CFN_MAP) {
    warn(c, MLS_EINPUT, p->key,
         "Fn::ForEach takes [Identifier, Collection, {OutputKey: "
         "OutputValue}]; the loop is skipped");
    return;
  }
  if (c->nbinds >= (int)(sizeof(c->binds) / sizeof(c->binds[0]))) {
    warn(c, MLS_ELIMIT, p->key, "Fn::ForEach nested too deep");
    return;
  }
  frag = v->u.items[2];
  if (!fe_items(c, v->u.items[1], &items, &n, &known, depth)) {
    return;
  }
  if (known && n > MLS_MAX_EXPANSION) {
    warn(c, MLS_ELIMIT, v->u.items[1],
         "Fn::ForEach over %zu items (more than %d): one representative "
         "with unknown values",
         n, MLS_MAX_EXPANSION);
    known = false;
  }
  if (!known) {
    warn(c, MLS_EINPUT, v->u.items[1],
         "Fn::ForEach collection known only at deploy: one representative "
         "with unknown values");
    n = 1;
  }
  for (size_t i = 0; i < n && !c->fail; i++) {
    binding *b = &c->binds[c->nbinds++];
    if (++c->instances > MLS_MAX_INSTANCES) {
      c->nbinds--;
      warn(c, MLS_ELIMIT, p->key, "Fn::ForEach makes more than %u copies",
           (unsigned)MLS_MAX_INSTANCES);
      set_fail(c, MLS_ELIMIT);
      return;
    }
    b->id = v->u.items[0]->text;
    b->known = known;
    b->value = known ? items[i] : mls_span_of("", 0);
    for (uint32_t j = 0; j < frag->n && !c->fail; j++) {
      fe_pair(c, pv, &frag->u.pairs[j], depth + 1);
    }
    c->nbinds--;
  }
}

/* One pair of a map being copied: a loop expands into pv, anything else is
 * copied with its key substituted (an identifier whose item is unknown
 * stays as written in the key: the representative). */
static void fe_pair(ctx *c, pvec *pv, const cfn_pair *p, int depth)
{
  static const char pre[] = "Fn::ForEach::";
  const cfn_node *k = p->key;
  cfn_node *key, *val;
  mls_span t;
  bool unk;
  if (k->text.len >= sizeof(pre) - 1 &&
      memcmp(k->text.ptr, pre, sizeof(pre) - 1) == 0) {
    fe_loop(c, pv, p, depth);
    return;
  }
  if (!fe_subst(c, k->text, k, &t, &unk)) {
    return;
  }
  if (!(key = dup_node(c, k))) {
    return;
  }
  key->text = t; /* known identifiers substituted, unknown ones as written */
  (void)unk;
  if ((val = fe_copy(c, p->value, depth + 1))) {
    pvec_add(c, pv, key, val);
  }
}

/* Whether map `m` has a Fn::ForEach:: key at its top level. */
static bool has_loop(const cfn_node *m)
{
  for (uint32_t i = 0; m && m->kind == CFN_MAP && i < m->n; i++) {
    mls_span k = m->u.pairs[i].key->text;
    if (k.len > 13 && memcmp(k.ptr, "Fn::ForEach::", 13) == 0) {
      return true;
    }
  }
  return false;
}

/* Expand Fn::ForEach in Conditions, Resources and Outputs into c->tx when
 * the template declares AWS::LanguageExtensions or one of those sections
 * has a loop at its top level (then with a warning). */
static int expand_foreach(ctx *c)
{
  static const cfn_section_id secs[] = { CFN_SEC_CONDITIONS, CFN_SEC_RESOURCES,
                                         CFN_SEC_OUTPUTS };
  bool declared = cfn_has_transform(c->orig, "AWS::LanguageExtensions");
  bool any = false;
  for (size_t i = 0; i < 3; i++) {
    any = any || has_loop(cfn_section(c->orig, secs[i]));
  }
  if (!declared && !any) {
    return 0;
  }
  if (any && !declared) {
    warn(c, MLS_EINPUT, NULL,
         "Fn::ForEach needs Transform: AWS::LanguageExtensions; expanded "
         "anyway");
  }
  c->tx = *c->orig;
  for (size_t i = 0; i < 3 && !c->fail; i++) {
    const cfn_pair *sp = c->orig->sections[secs[i]];
    cfn_pair *np;
    if (!sp || sp->value->kind != CFN_MAP) {
      continue;
    }
    if (!(np = mls_arena_alloc(c->a, sizeof(*np)))) {
      arena_fail(c);
      break;
    }
    np->key = sp->key;
    np->value = fe_copy(c, sp->value, 1);
    if (np->value) {
      c->tx.sections[secs[i]] = np;
    }
  }
  c->t = &c->tx;
  return c->fail;
}

/* ---- the template ----------------------------------------------------- */

/* The symbol table for what is named now: overrides and parameters first
 * (Fn::ForEach collections may Ref a parameter), then again with the
 * resources and conditions once loops are expanded. */
static bool syms_alloc(ctx *c, size_t nsym)
{
  size_t cap = 16;
  while (cap < 2 * nsym + 1) {
    cap *= 2;
  }
  c->symcap = cap;
  if (!(c->syms = mls_arena_zalloc(c->a, cap * sizeof(*c->syms)))) {
    arena_fail(c);
    return false;
  }
  for (size_t i = 0; i < c->novrs; i++) {
    sym_add(c, c->ovrs[i].key, SYM_OVR, (uint32_t)i);
  }
  for (size_t i = 0; i < c->nparams; i++) {
    sym_add(c, c->params[i].p.id, SYM_PARAM, (uint32_t)i);
  }
  return true;
}

static int setup(ctx *c)
{
  const cfn_node *conds;
  c->nparams = cfn_parameter_count(c->t);
  c->params = mls_arena_zalloc(c->a, (c->nparams + 1) * sizeof(*c->params));
  if (!c->params) {
    arena_fail(c);
    return c->fail;
  }
  for (size_t i = 0; i < c->nparams; i++) {
    cfn_parameter_at(&c->params[i].p, c->t, i);
  }
  if (!syms_alloc(c, c->nparams + c->novrs)) {
    return c->fail;
  }
  for (size_t i = 0; i < c->novrs; i++) {
    mls_span k = c->ovrs[i].key;
    if (sym_find(c, k, SYM_PARAM) < 0 && !is_pseudo(k)) {
      warn(c, MLS_EINPUT, NULL, "no parameter named %.*s",
           (int)(k.len > 200 ? 200 : k.len), k.ptr);
    }
  }
  for (size_t i = 0; i < c->nparams && !c->fail; i++) {
    c->params[i].value = param_value(c, &c->params[i].p);
  }
  if (c->fail || expand_foreach(c) < 0) {
    return c->fail;
  }
  conds = cfn_section(c->t, CFN_SEC_CONDITIONS);
  c->nres = cfn_resource_count(c->t);
  c->nconds = conds && conds->kind == CFN_MAP ? conds->n : 0;
  c->conds = mls_arena_zalloc(c->a, (c->nconds + 1) * sizeof(*c->conds));
  if (!c->conds) {
    arena_fail(c);
    return c->fail;
  }
  if (!syms_alloc(c, c->nparams + c->nres + c->nconds + c->novrs)) {
    return c->fail;
  }
  for (size_t i = 0; i < c->nconds; i++) {
    c->conds[i].pair = &conds->u.pairs[i];
    sym_add(c, conds->u.pairs[i].key->text, SYM_COND, (uint32_t)i);
  }
  for (size_t i = 0; i < c->nres; i++) {
    cfn_resource r;
    cfn_resource_at(&r, c->t, i);
    if (sym_find(c, r.id, SYM_PARAM) >= 0) {
      warn(c, MLS_EINPUT, r.id_node,
           "resource %.*s has the name of a parameter; Ref names the "
           "parameter",
           (int)r.id.len, r.id.ptr);
    }
    sym_add(c, r.id, SYM_RES, (uint32_t)i);
  }
  for (size_t i = 0; i < c->nconds && !c->fail; i++) {
    (void)cond_named(c, c->conds[i].pair->key, c->conds[i].pair->key->text, 1);
  }
  return c->fail;
}

/* ---- SAM Globals ------------------------------------------------------- */

/* The Globals section's entry for a serverless `type`, or NULL. */
static const cfn_node *sam_globals(ctx *c, mls_span type)
{
  static const char *const kinds[][2] = {
    { "AWS::Serverless::Function", "Function" },
    { "AWS::Serverless::Api", "Api" },
    { "AWS::Serverless::HttpApi", "HttpApi" },
    { "AWS::Serverless::SimpleTable", "SimpleTable" },
    { "AWS::Serverless::StateMachine", "StateMachine" },
    { "AWS::Serverless::LayerVersion", "LayerVersion" },
  };
  const cfn_node *g;
  if (!(c->t->flags & CFN_T_SAM) || !(g = cfn_map_get(c->t->root, "Globals")) ||
      g->kind != CFN_MAP) {
    return NULL;
  }
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
    if (mls_span_eq(type, kinds[i][0])) {
      const cfn_node *v = cfn_map_get(g, kinds[i][1]);
      return v && v->kind == CFN_MAP ? v : NULL;
    }
  }
  return NULL;
}

static bool is_call(const cfn_node *n)
{
  mls_span name;
  const cfn_node *arg;
  return cfn_intrinsic(n, &name, &arg);
}

/* SAM's merge of a Globals value `g` into the resource's own `r`: maps
 * merge key by key (recursively, the resource's keys winning), lists are
 * the global items then the resource's, anything else -- a scalar, or an
 * intrinsic function on either side -- is the resource's. */
static cfn_node *sam_merge(ctx *c, const cfn_node *g, const cfn_node *r,
                           int depth)
{
  cfn_node *x;
  if (!step(c, r)) {
    return NULL;
  }
  if (depth > EVAL_DEPTH_MAX || is_call(g) || is_call(r) ||
      g->kind != r->kind || (r->kind != CFN_MAP && r->kind != CFN_SEQ)) {
    return dup_node(c, r);
  }
  if (!(x = dup_node(c, r))) {
    return NULL;
  }
  if (r->kind == CFN_SEQ) {
    if (!(x->u.items = mls_arena_alloc(c->a, ((size_t)g->n + r->n + 1) *
                                                 sizeof(cfn_node *)))) {
      arena_fail(c);
      return NULL;
    }
    memcpy(x->u.items, g->u.items, g->n * sizeof(cfn_node *));
    memcpy(x->u.items + g->n, r->u.items, r->n * sizeof(cfn_node *));
    x->n = g->n + r->n;
    return x;
  }
  if (!(x->u.pairs = mls_arena_alloc(c->a, ((size_t)g->n + r->n + 1) *
                                               sizeof(cfn_pair)))) {
    arena_fail(c);
    return NULL;
  }
  x->n = 0;
  for (uint32_t i = 0; i < g->n; i++) { /* global keys first, in order */
    const cfn_pair *gp = &g->u.pairs[i];
    const cfn_node *own = cfn_map_getn(r, gp->key->text.ptr, gp->key->text.len);
    x->u.pairs[x->n].key = gp->key;
    x->u.pairs[x->n].value =
        own ? sam_merge(c, gp->value, own, depth + 1) : gp->value;
    if (!x->u.pairs[x->n++].value) {
      return NULL;
    }
  }
  for (uint32_t i = 0; i < r->n; i++) {
    const cfn_pair *rp = &r->u.pairs[i];
    if (!cfn_map_getn(g, rp->key->text.ptr, rp->key->text.len)) {
      x->u.pairs[x->n++] = *rp;
    }
  }
  return x;
}

static void depends_edges(ctx *c, const cfn_node *d)
{
  static const char dep[] = "DependsOn";
  c->npath = 0;
  push_key(c, mls_span_of(dep, sizeof(dep) - 1));
  for (uint32_t i = 0; d && i < (d->kind == CFN_SEQ ? d->n : 1); i++) {
    const cfn_node *x = d->kind == CFN_SEQ ? d->u.items[i] : d;
    int64_t to;
    if (x->kind != CFN_STRING) {
      continue;
    }
    if ((to = sym_find(c, x->text, SYM_RES)) < 0) {
      warn(c, MLS_EINPUT, x, "DependsOn names no resource: %.*s",
           (int)(x->text.len > 200 ? 200 : x->text.len), x->text.ptr);
      continue;
    }
    add_edge(c, (uint32_t)to, mls_span_of("", 0));
  }
  c->npath = 0;
}

/* ---- policy documents written as JSON strings ---------------------------- */

/* Properties that hold an IAM-style policy document. CloudFormation takes
 * them as a JSON object or as a string of JSON (hand-written templates
 * often write `PolicyDocument: !Sub |` with a JSON body); rules need the
 * tree either way. */
static bool policy_property(mls_span k)
{
  static const char *const names[] = {
    "PolicyDocument",       "KeyPolicy",      "AssumeRolePolicyDocument",
    "RepositoryPolicyText", "ResourcePolicy", "ModelPackageGroupPolicy",
    "AccessPolicies",       "Policy",         "PolicyText",
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if (mls_span_eq(k, names[i])) {
      return true;
    }
  }
  return false;
}

/* Every node of a decoded policy points at the string it came from: a
 * finding about a statement names that property's line. */
static void locate(mls_value *v, uint16_t file, const mls_range *at, int depth)
{
  v->file = file;
  v->range = *at;
  if (depth > MLS_MAX_NESTING) {
    return;
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      locate(v->u.list.items[i], file, at, depth + 1);
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      locate(v->u.map.entries[i].value, file, at, depth + 1);
    }
  }
}

/* A string of a decoded Fn::Sub shape that holds SUB_MARK: an unknown
 * like the Fn::Sub's, refined with the text before the first mark and the
 * text after the last. */
static mls_value *marked(ctx *c, const mls_value *x, const mls_value *from)
{
  const char *p = x->u.str.ptr;
  size_t n = x->u.str.len, k = mark_at(p, n), last = k, at;
  mls_value *u =
      mls_value_unknown(c->a, from->u.unknown.expr, from->u.unknown.why);
  if (!u) {
    arena_fail(c);
    return NULL;
  }
  if (k && mls_value_refine_prefix(c->a, u, mls_span_of(p, k)) < 0) {
    arena_fail(c);
    return NULL;
  }
  while (last + SUB_MARK_LEN < n &&
         (at = mark_at(p + last + SUB_MARK_LEN, n - last - SUB_MARK_LEN)) <
             n - last - SUB_MARK_LEN) {
    last += SUB_MARK_LEN + at;
  }
  if (last + SUB_MARK_LEN < n &&
      mls_value_refine_suffix(
          c->a, u,
          mls_span_of(p + last + SUB_MARK_LEN, n - last - SUB_MARK_LEN)) < 0) {
    arena_fail(c);
    return NULL;
  }
  return u;
}

/* The tree of a decoded Fn::Sub shape with every string that holds
 * SUB_MARK made an unknown (refined with the text before the first one);
 * false when a key holds one (what the document is would depend on it). */
static bool unmark(ctx *c, mls_value *v, const mls_value *from, int depth)
{
  if (depth > MLS_MAX_NESTING) {
    return false;
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      mls_value *x = v->u.list.items[i];
      if (x->kind == MLS_V_STRING && has_mark(x->u.str.ptr, x->u.str.len)) {
        if (!(v->u.list.items[i] = marked(c, x, from))) {
          return false;
        }
      } else if (!unmark(c, x, from, depth + 1)) {
        return false;
      }
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      mls_map_entry *e = &v->u.map.entries[i];
      if (has_mark(e->key.ptr, e->key.len)) {
        return false;
      }
      if (e->value->kind == MLS_V_STRING &&
          has_mark(e->value->u.str.ptr, e->value->u.str.len)) {
        if (!(e->value = marked(c, e->value, from))) {
          return false;
        }
      } else if (!unmark(c, e->value, from, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

/* The tree of shape sh (an Fn::Sub's text, unknowns marked) when it is a
 * JSON document whose marks are all inside strings; NULL otherwise (and
 * when the arena fails: c->fail). */
static mls_value *shape_tree(ctx *c, const subshape *sh, const mls_value *from)
{
  mls_value *text, *tree = NULL;
  mls_diag scratch = MLS_DIAG_INIT;
  tf_fn_ctx fc;
  if (!(text =
            mls_value_string_borrowed(c->a, mls_span_of(sh->text, sh->len)))) {
    arena_fail(c);
    return NULL;
  }
  memset(&fc, 0, sizeof(fc));
  fc.arena = c->a;
  fc.diag = &scratch;
  fc.at = &from->range;
  if (tf_decode_policy_json(&fc, text, &tree) == MLS_ENOMEM) {
    arena_fail(c);
    tree = NULL;
  }
  mls_diag_dispose(&scratch);
  if (!tree || (tree->kind != MLS_V_MAP && tree->kind != MLS_V_LIST) ||
      !unmark(c, tree, from, 0)) {
    return NULL;
  }
  return tree;
}

/* Decode every known JSON-string policy below v in place (Terraform's
 * evaluator does the same for jsonencode() and heredocs: the tree is
 * flagged MLS_VF_JSON and keeps the string's source range). Returns v, or
 * NULL when the model arena is exhausted. */
static mls_value *decode_policies(ctx *c, mls_value *v, int depth)
{
  if (depth > MLS_MAX_NESTING) {
    return v;
  }
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if (!decode_policies(c, v->u.list.items[i], depth + 1)) {
        return NULL;
      }
    }
    return v;
  }
  if (v->kind != MLS_V_MAP) {
    return v;
  }
  for (uint32_t i = 0; i < v->u.map.n; i++) {
    mls_map_entry *e = &v->u.map.entries[i];
    mls_value *x = e->value, *tree = NULL;
    if (x->kind == MLS_V_STRING && policy_property(e->key) &&
        tf_looks_like_json(x->u.str)) {
      tf_fn_ctx fc;
      mls_diag scratch = MLS_DIAG_INIT;
      memset(&fc, 0, sizeof(fc));
      fc.arena = c->a;
      fc.diag = &scratch; /* not JSON after all: it stays a string */
      fc.at = &x->range;
      /* As AWS reads a policy: a trailing comma is accepted. */
      if (tf_decode_policy_json(&fc, x, &tree) == MLS_ENOMEM) {
        mls_diag_dispose(&scratch);
        return NULL;
      }
      mls_diag_dispose(&scratch);
      if (tree && (tree->kind == MLS_V_MAP || tree->kind == MLS_V_LIST)) {
        locate(tree, x->file, &x->range, 0);
        tree->flags |= MLS_VF_JSON;
        e->value = tree;
      }
      continue;
    }
    if (x->kind == MLS_V_UNKNOWN && policy_property(e->key)) {
      /* An Fn::Sub policy: its text, unknowns marked, may be JSON whose
       * unknown parts are all inside strings. */
      for (size_t j = 0; j < c->nshapes; j++) {
        if (c->shapes[j].u == x && !(tree = shape_tree(c, &c->shapes[j], x)) &&
            c->fail) {
          return NULL;
        }
      }
      if (tree) {
        locate(tree, x->file, &x->range, 0);
        tree->flags |= MLS_VF_JSON;
        e->value = tree;
      }
      continue;
    }
    if (!decode_policies(c, x, depth + 1)) {
      return NULL;
    }
  }
  return v;
}

static mls_value *sam_managed_policies(ctx *c, mls_value *body, mls_span type);

static int resources(ctx *c)
{
  static const char empty[] = "";
  for (size_t i = 0; i < c->nres && !c->fail; i++) {
    cfn_resource r;
    mls_resource mr;
    cfn_resource_at(&r, c->t, i);
    memset(&mr, 0, sizeof(mr));
    mr.framework = MLS_FW_CLOUDFORMATION;
    mr.mode = MLS_RM_MANAGED;
    mr.type = r.type_name.ptr ? r.type_name : mls_span_of(empty, 0);
    mr.address = r.id;
    mr.module_path = mls_span_of(empty, 0);
    mr.file = c->file;
    mr.range = r.id_node->range;
    if (r.body && r.body->range.end.byte >= mr.range.start.byte) {
      mr.range.end = r.body->range.end;
    }
    mr.deployed = true;
    mr.construct = r.cdk_path;
    if (!r.type_name.len) {
      warn(c, MLS_EINPUT, r.id_node, "resource %.*s has no Type", (int)r.id.len,
           r.id.ptr);
    }
    if (r.condition) {
      if (r.condition->kind != CFN_STRING) {
        warn(c, MLS_EINPUT, r.condition, "Condition must name a condition");
      } else if (cond_named(c, r.condition, r.condition_name, 1) == TRI_FALSE) {
        mr.deployed = false;
      }
    }
    if (mls_model_add_resource(c->m, &mr) < 0) {
      arena_fail(c);
    }
  }
  for (size_t i = 0; i < c->nres && !c->fail; i++) {
    cfn_resource r;
    mls_value *body;
    const cfn_node *g;
    cfn_resource_at(&r, c->t, i);
    c->cur = (int64_t)i;
    c->edge_first = c->m->nedges;
    c->npath = 0;
    if ((g = sam_globals(c, r.type_name)) != NULL) {
      const cfn_node *props =
          r.properties ? sam_merge(c, g, r.properties, 1) : g;
      if (!props) {
        break;
      }
      body = eval(c, props, 1);
    } else if (r.properties) {
      body = eval(c, r.properties, 1);
    } else {
      body = at_node(c, mls_value_map(c->a, NULL, 0), r.id_node);
    }
    if (!body) {
      break;
    }
    if (body == NOVALUE ||
        (body->kind != MLS_V_MAP && body->kind != MLS_V_UNKNOWN)) {
      if (body != NOVALUE) {
        warn(c, MLS_EINPUT, r.properties, "Properties of %.*s is not a map",
             (int)r.id.len, r.id.ptr);
      }
      if (!(body = at_node(c, mls_value_map(c->a, NULL, 0), r.properties))) {
        break;
      }
    }
    depends_edges(c, r.depends_on);
    if (body->kind == MLS_V_MAP && !(body = decode_policies(c, body, 0))) {
      break;
    }
    if (body->kind == MLS_V_MAP &&
        !(body = sam_managed_policies(c, body, r.type_name))) {
      arena_fail(c);
      break;
    }
    c->m->resources[i].body = body;
    c->m->nunknown += mls_value_count_unknown(body);
  }
  c->cur = -1;
  return c->fail;
}

/* ---- SAM policies ------------------------------------------------------ */

/* What the SAM transform makes of a function's or state machine's
 * `Policies`: each entry that is a string (one string alone too) is an
 * AWS managed policy, by ARN or by name, attached to the role it creates.
 * Those are the body's ManagedPolicyArns (a name spelled out as
 * arn:aws:iam::aws:policy/NAME), where the rules read a role's; maps are
 * inline documents or policy templates and stay in Policies. A body
 * that already has ManagedPolicyArns, or no string entry, is kept. */
static mls_value *sam_managed_policies(ctx *c, mls_value *body, mls_span type)
{
  static const char pre[] = "arn:aws:iam::aws:policy/";
  const mls_value *pol = mls_value_get(body, "Policies");
  mls_value **items, *list, *one[1] = { NULL };
  mls_map_entry *ents;
  uint32_t n = 0, cap;
  if ((!mls_span_eq(type, "AWS::Serverless::Function") &&
       !mls_span_eq(type, "AWS::Serverless::StateMachine")) ||
      !pol || mls_value_get(body, "ManagedPolicyArns")) {
    return body;
  }
  if (pol->kind == MLS_V_STRING || pol->kind == MLS_V_UNKNOWN) {
    one[0] = (mls_value *)(uintptr_t)pol;
    cap = 1;
  } else if (pol->kind == MLS_V_LIST) {
    cap = pol->u.list.n;
  } else {
    return body;
  }
  if (!cap || !(items = mls_arena_alloc(c->a, cap * sizeof(*items)))) {
    return cap ? NULL : body;
  }
  for (uint32_t i = 0; i < cap; i++) {
    mls_value *it = pol->kind == MLS_V_LIST ? pol->u.list.items[i] : one[0];
    if (it->kind == MLS_V_STRING &&
        !(it->u.str.len >= 4 && memcmp(it->u.str.ptr, "arn:", 4) == 0)) {
      /* a name: the ARN the transform writes, at the name's place */
      size_t len = sizeof(pre) - 1 + it->u.str.len;
      char *t = mls_arena_alloc(c->a, len + 1);
      mls_value *v;
      if (!t) {
        return NULL;
      }
      memcpy(t, pre, sizeof(pre) - 1);
      memcpy(t + sizeof(pre) - 1, it->u.str.ptr, it->u.str.len);
      t[len] = '\0';
      if (!(v = mls_value_string_borrowed(c->a, mls_span_of(t, len)))) {
        return NULL;
      }
      v->file = it->file;
      v->range = it->range;
      items[n++] = v;
    } else if (it->kind == MLS_V_STRING || it->kind == MLS_V_UNKNOWN) {
      items[n++] = it;
    }
  }
  if (n == 0) {
    return body;
  }
  if (!(list = mls_value_list(c->a, items, n)) ||
      !(ents = mls_arena_alloc(c->a, (body->u.map.n + 1) * sizeof(*ents)))) {
    return NULL;
  }
  list->file = pol->file;
  list->range = pol->range;
  memcpy(ents, body->u.map.entries, body->u.map.n * sizeof(*ents));
  ents[body->u.map.n].key = mls_span_of("ManagedPolicyArns", 17);
  ents[body->u.map.n].value = list;
  body->u.map.entries = ents;
  body->u.map.n++;
  return body;
}

/* ---- ARNs in policies -------------------------------------------------- */

/* How the name of a resource is read from the resource part of its ARN. */
typedef enum arn_name {
  AN_WHOLE = 0,       /* the whole rest: queue, alias/x, ecr repo/with/slash */
  AN_TO_SLASH,        /* up to the first '/': bucket[/key], table[/index/..] */
  AN_TO_COLON,        /* up to the first ':': function[:alias], log-group */
  AN_AFTER_LAST_SLASH /* after the last '/': role/path/name */
} arn_name;

/* Resources whose ARN follows from a name property. */
typedef struct arn_kind {
  const char *type;    /* CloudFormation type */
  const char *prop;    /* the property naming it */
  const char *service; /* ARN service field */
  const char *prefix;  /* start of the ARN resource field, after which the
                          name is read */
  uint8_t how;         /* arn_name */
  bool global;         /* region field empty (S3, IAM) */
  bool no_account;     /* account field empty (S3) */
} arn_kind;

static const arn_kind arn_kinds[] = {
  { "AWS::S3::Bucket", "BucketName", "s3", "", AN_TO_SLASH, true, true },
  { "AWS::IAM::Role", "RoleName", "iam", "role/", AN_AFTER_LAST_SLASH, true,
    false },
  { "AWS::IAM::User", "UserName", "iam", "user/", AN_AFTER_LAST_SLASH, true,
    false },
  { "AWS::IAM::ManagedPolicy", "ManagedPolicyName", "iam", "policy/",
    AN_AFTER_LAST_SLASH, true, false },
  { "AWS::SQS::Queue", "QueueName", "sqs", "", AN_WHOLE, false, false },
  { "AWS::SNS::Topic", "TopicName", "sns", "", AN_TO_COLON, false, false },
  { "AWS::DynamoDB::Table", "TableName", "dynamodb", "table/", AN_TO_SLASH,
    false, false },
  { "AWS::Lambda::Function", "FunctionName", "lambda", "function:", AN_TO_COLON,
    false, false },
  { "AWS::ECR::Repository", "RepositoryName", "ecr", "repository/", AN_WHOLE,
    false, false },
  { "AWS::Kinesis::Stream", "Name", "kinesis", "stream/", AN_TO_SLASH, false,
    false },
  { "AWS::KMS::Alias", "AliasName", "kms", "", AN_WHOLE, false, false },
  { "AWS::Logs::LogGroup", "LogGroupName", "logs", "log-group:", AN_TO_COLON,
    false, false },
  { "AWS::StepFunctions::StateMachine", "StateMachineName", "states",
    "stateMachine:", AN_TO_COLON, false, false },
};

#define ARN_NKINDS (sizeof(arn_kinds) / sizeof(arn_kinds[0]))

/* A resource of the template with a known name. */
typedef struct named {
  mls_span name;  /* model arena: the name property's value */
  uint32_t kind;  /* index into arn_kinds */
  uint32_t index; /* model index */
} named;

static int named_cmp(const void *x, const void *y)
{
  const named *a = x, *b = y;
  size_t n = a->name.len < b->name.len ? a->name.len : b->name.len;
  int r = n ? memcmp(a->name.ptr, b->name.ptr, n) : 0;
  if (r) {
    return r;
  }
  if (a->name.len != b->name.len) {
    return a->name.len < b->name.len ? -1 : 1;
  }
  return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* The next ':'-separated field of s at *pos (the rest when last). */
static mls_span arn_field(mls_span s, size_t *pos, bool last)
{
  size_t i = *pos;
  const char *p = last ? NULL : memchr(s.ptr + i, ':', s.len - i);
  size_t e = p ? (size_t)(p - s.ptr) : s.len;
  *pos = p ? e + 1 : s.len;
  return mls_span_of(s.ptr + i, e - i);
}

/* Whether ARN field `f` names the stack's own `pseudo` value: '*', the
 * given value, or (for the partition only) anything when not given. */
static bool arn_scope_ok(ctx *c, mls_span f, const char *pseudo, bool any)
{
  int64_t i;
  if (mls_span_eq(f, "*")) {
    return true;
  }
  if ((i = sym_find(c, mls_span_of(pseudo, strlen(pseudo)), SYM_OVR)) >= 0) {
    return span_same(f, c->ovrs[i].value);
  }
  return any && f.len > 0;
}

/* The edges one ARN string `r` makes to the resources `tab[0..n)`. */
static void arn_match(ctx *c, const arnref *r, const named *tab, size_t n)
{
  size_t pos = 4;
  mls_span part, svc, region, acct, rest;
  part = arn_field(r->text, &pos, false);
  svc = arn_field(r->text, &pos, false);
  region = arn_field(r->text, &pos, false);
  acct = arn_field(r->text, &pos, false);
  if (pos >= r->text.len) {
    return; /* fewer than six fields */
  }
  rest = arn_field(r->text, &pos, true);
  if (!arn_scope_ok(c, part, "AWS::Partition", true)) {
    return;
  }
  for (uint32_t k = 0; k < ARN_NKINDS; k++) {
    const arn_kind *ak = &arn_kinds[k];
    size_t pl = strlen(ak->prefix);
    mls_span nm;
    const char *x;
    named key;
    size_t lo = 0, hi = n;
    if (!mls_span_eq(svc, ak->service) || rest.len < pl ||
        memcmp(rest.ptr, ak->prefix, pl)) {
      continue;
    }
    if (ak->global ? region.len != 0
                   : !arn_scope_ok(c, region, "AWS::Region", false)) {
      continue;
    }
    if (ak->no_account ? acct.len != 0
                       : !arn_scope_ok(c, acct, "AWS::AccountId", false)) {
      continue;
    }
    nm = mls_span_of(rest.ptr + pl, rest.len - pl);
    if (ak->how == AN_TO_SLASH && (x = span_chr(nm, '/'))) {
      nm.len = (size_t)(x - nm.ptr);
    } else if (ak->how == AN_TO_COLON && (x = span_chr(nm, ':'))) {
      nm.len = (size_t)(x - nm.ptr);
    } else if (ak->how == AN_AFTER_LAST_SLASH) {
      while ((x = span_chr(nm, '/'))) {
        nm = mls_span_of(x + 1, nm.len - (size_t)(x + 1 - nm.ptr));
      }
    }
    if (!nm.len || span_chr(nm, '*') || span_chr(nm, '?')) {
      continue; /* no name, or a pattern: not decidable here */
    }
    key.name = nm;
    key.kind = k;
    key.index = 0;
    while (lo < hi) { /* first entry >= key */
      size_t mid = lo + (hi - lo) / 2;
      if (named_cmp(&tab[mid], &key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (; lo < n && tab[lo].kind == k && span_same(tab[lo].name, nm); lo++) {
      mls_edge e;
      if (tab[lo].index == r->from) {
        continue;
      }
      e.from = r->from;
      e.to = tab[lo].index;
      e.path = r->path;
      e.attr = mls_span_of("Arn", 3);
      if (c->m->nedges) {
        const mls_edge *l = &c->m->edges[c->m->nedges - 1];
        if (l->from == e.from && l->to == e.to && span_same(l->path, e.path) &&
            span_same(l->attr, e.attr)) {
          continue;
        }
      }
      if (mls_model_add_edge(c->m, &e) < 0) {
        arena_fail(c);
        return;
      }
    }
  }
}

/* Known strings in policy positions of the evaluated body `v`. */
static void arn_walk(ctx *c, const mls_value *v, int depth)
{
  if (c->fail || !v || depth > EVAL_DEPTH_MAX) {
    return;
  }
  if (v->kind == MLS_V_STRING) {
    note_arn(c, v->u.str);
  } else if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      int save = c->npath;
      push_index(c, i);
      arn_walk(c, v->u.list.items[i], depth + 1);
      c->npath = save;
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      int save = c->npath;
      push_key(c, v->u.map.entries[i].key);
      arn_walk(c, v->u.map.entries[i].value, depth + 1);
      c->npath = save;
    }
  }
}

/* Edges from ARNs written out in policy documents to the resources they
 * name (docs/cfn-eval.md "ARNs in policies"). */
static int arn_edges(ctx *c)
{
  named *tab;
  size_t n = 0;
  for (size_t i = 0; i < c->nres && !c->fail; i++) {
    c->cur = (int64_t)i;
    c->npath = 0;
    arn_walk(c, c->m->resources[i].body, 0);
  }
  c->cur = -1;
  c->npath = 0;
  if (c->fail || !c->narns) {
    return c->fail;
  }
  if (!(tab = mls_arena_alloc(c->a, (c->nres + 1) * sizeof(*tab)))) {
    arena_fail(c);
    return c->fail;
  }
  for (size_t i = 0; i < c->nres; i++) {
    const mls_resource *r = &c->m->resources[i];
    for (uint32_t k = 0; k < ARN_NKINDS; k++) {
      const mls_value *v;
      if (!mls_span_eq(r->type, arn_kinds[k].type)) {
        continue;
      }
      v = mls_value_get(r->body, arn_kinds[k].prop);
      if (v && v->kind == MLS_V_STRING && v->u.str.len) {
        tab[n].name = v->u.str;
        tab[n].kind = k;
        tab[n++].index = (uint32_t)i;
      }
      break;
    }
  }
  qsort(tab, n, sizeof(*tab), named_cmp);
  for (size_t i = 0; i < c->narns && !c->fail && n; i++) {
    arn_match(c, &c->arns[i], tab, n);
  }
  return c->fail;
}

/* Resources that name what they configure by a unique name: an
 * AWS::S3::BucketPolicy its bucket by `Bucket` (bucket names are
 * global), a RotationSchedule its secret by `SecretId` (a secret's name is
 * unique in its account and region, and accepted wherever its ARN is).
 * One whose name is a known string equal to the name of exactly one
 * target of the template (a literal, or a Sub of the same parameters) is
 * about it as surely as one written !Ref: it gets the edge a Ref gives
 * (the path is the naming property). A name two targets share links
 * neither. As Terraform's name links do (docs/tf-eval.md). */
static const mls_name_link name_links[] = {
  { "AWS::S3::BucketPolicy", "Bucket", "AWS::S3::Bucket", "BucketName" },
  { "AWS::SecretsManager::RotationSchedule", "SecretId",
    "AWS::SecretsManager::Secret", "Name" },
};

static int name_edges(ctx *c)
{
  if (mls_model_name_edges(c->m, name_links,
                           sizeof(name_links) / sizeof(name_links[0]),
                           false) < 0) {
    arena_fail(c);
  }
  return c->fail;
}

/* The evaluated body of output `o`: its entries but Condition (which
 * becomes `deployed`), in source order, so a Ref in Value or Export.Name
 * is an edge at "Value" / "Export.Name". */
static mls_value *output_body(ctx *c, const cfn_output *o)
{
  const cfn_node *b = o->body;
  mls_map_entry *ents;
  uint32_t k = 0;
  if (b->kind != CFN_MAP) {
    warn(c, MLS_EINPUT, b, "output %.*s is not a map", (int)o->id.len,
         o->id.ptr);
    return at_node(c, mls_value_map(c->a, NULL, 0), b);
  }
  if (!(ents = mls_arena_alloc(c->a, (b->n + 1) * sizeof(*ents)))) {
    arena_fail(c);
    return NULL;
  }
  if (!o->value) {
    warn(c, MLS_EINPUT, o->id_node, "output %.*s has no Value", (int)o->id.len,
         o->id.ptr);
  }
  for (uint32_t i = 0; i < b->n; i++) {
    const cfn_pair *pr = &b->u.pairs[i];
    mls_value *v;
    if (cfn_is_string(pr->key, "Condition")) {
      continue;
    }
    c->npath = 0;
    push_key(c, pr->key->text);
    v = eval(c, pr->value, 2);
    c->npath = 0;
    if (!v) {
      return NULL;
    }
    if (v != NOVALUE) {
      ents[k].key = pr->key->text;
      ents[k++].value = v;
    }
  }
  return at_node(c, mls_value_map(c->a, ents, k), b);
}

/* Outputs, after the resources: one pseudo-resource each, type
 * AWS::CloudFormation::Output, address "Outputs.<name>" (outputs and
 * resources are separate namespaces, so the prefix keeps addresses
 * unique), deployed unless its Condition is false. Nothing can Ref an
 * output, so outputs have no symbol; they only refer. */
static int outputs(ctx *c)
{
  static const char type[] = "AWS::CloudFormation::Output";
  static const char empty[] = "";
  size_t n = cfn_output_count(c->t);
  for (size_t i = 0; i < n && !c->fail; i++) {
    cfn_output o;
    mls_resource mr;
    mls_value *body;
    char *addr;
    int idx;
    cfn_output_at(&o, c->t, i);
    memset(&mr, 0, sizeof(mr));
    if (!(addr = mls_arena_alloc(c->a, o.id.len + 9))) {
      arena_fail(c);
      break;
    }
    memcpy(addr, "Outputs.", 8);
    memcpy(addr + 8, o.id.ptr, o.id.len);
    addr[8 + o.id.len] = '\0';
    mr.framework = MLS_FW_CLOUDFORMATION;
    mr.mode = MLS_RM_MANAGED;
    mr.type = mls_span_of(type, sizeof(type) - 1);
    mr.address = mls_span_of(addr, o.id.len + 8);
    mr.module_path = mls_span_of(empty, 0);
    mr.file = c->file;
    mr.range = o.id_node->range;
    if (o.body->range.end.byte >= mr.range.start.byte) {
      mr.range.end = o.body->range.end;
    }
    mr.deployed = true;
    mr.construct = mls_span_of(empty, 0);
    if (o.condition) {
      if (o.condition->kind != CFN_STRING) {
        warn(c, MLS_EINPUT, o.condition, "Condition must name a condition");
      } else if (cond_named(c, o.condition, o.condition->text, 1) ==
                 TRI_FALSE) {
        mr.deployed = false;
      }
    }
    if ((idx = mls_model_add_resource(c->m, &mr)) < 0) {
      arena_fail(c);
      break;
    }
    c->cur = idx;
    c->edge_first = c->m->nedges;
    body = output_body(c, &o);
    c->cur = -1;
    if (!body) {
      break;
    }
    c->m->resources[idx].body = body;
    c->m->nunknown += mls_value_count_unknown(body);
  }
  return c->fail;
}

int cfneval_template(mls_model **out, const cfn_template *t,
                     const cfneval_opts *opts, mls_diag *diag)
{
  static const cfneval_opts none = CFNEVAL_OPTS_INIT;
  ctx *c = NULL;
  const char *old_path = diag ? diag->path : NULL;
  int rc = 0, fidx;

  MLS_ASSERT_ARG(out);
  MLS_ASSERT_ARG(t);
  MLS_ASSERT_ARG(diag);
  *out = NULL;
  if (!opts) {
    opts = &none;
  }
  if (!diag->path && opts->path) {
    diag->path = opts->path;
  }
  if (!t->root || t->root->kind != CFN_MAP) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL, "not a template: no mapping");
    goto done;
  }
  if (!(c = mls_malloc(sizeof(*c)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  memset(c, 0, offsetof(ctx, binds));
  c->t = t;
  c->orig = t;
  c->diag = diag;
  c->cur = -1;
  if (!(c->m = mls_model_new())) {
    rc = MLS_ENOMEM;
    goto done;
  }
  c->a = c->m->arena;
  if ((fidx = mls_model_add_file(c->m, opts->path ? opts->path : "")) < 0) {
    rc = MLS_ENOMEM;
    goto done;
  }
  c->file = (uint16_t)fidx;
  if ((rc = load_overrides(c, opts)) < 0 || (rc = setup(c)) < 0 ||
      (rc = resources(c)) < 0 || (rc = arn_edges(c)) < 0 ||
      (rc = name_edges(c)) < 0 || (rc = outputs(c)) < 0) {
    goto done;
  }
  if (mls_arena_failed(c->a)) {
    arena_fail(c);
    rc = c->fail;
    goto done;
  }
  *out = c->m;
  c->m = NULL;

done:
  if (rc == MLS_ENOMEM) {
    mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory evaluating template");
  } else if (rc == MLS_ELIMIT && c && mls_arena_capped(c->a)) {
    mls_diag_add(diag, MLS_ELIMIT, NULL, "template model larger than %u bytes",
                 (unsigned)MLS_ARENA_CAP_BYTES);
  }
  if (c) {
    mls_model_free(c->m);
    mls_free(c);
  }
  diag->path = old_path;
  return rc;
}
