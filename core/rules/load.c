/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/load.c -- mlsweep's own rule format (docs/rules-format.md)
 * from a YAML tree into rule definitions with compiled conditions.
 *
 * Stage: rule loading, once per sweep, single-threaded. Every check of
 * the format is here: the id pattern, known severities, one operator per
 * condition, operand types, paths, regexes (compiled once, POSIX ERE,
 * bounded by MLS_MAX_RULE_REGEX_BYTES; the built-in library's on first
 * use, see rule__regex_new). An unknown key is an error for the
 * whole rule: a typo such as `defualt_when_absent` must not silently
 * weaken it. A rule with any error is not added; the diagnostic names the
 * file and line.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Segments one attribute path may have. */
#define MAX_SEGS 64

int rule__err(rule_loader *L, int rc, const ynode *at, const char *fmt, ...)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  va_list ap;
  mls_range r;
  if (at) {
    r = rule__ynode_range(at);
  }
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  mls_diag_add(L->diag, rc, at ? &r : NULL, "%s", msg);
  if (!L->err || rc == MLS_ENOMEM) {
    L->err = rc;
  }
  return rc;
}

static void *oom(rule_loader *L)
{
  rule__err(L, MLS_ENOMEM, NULL, "out of memory");
  return NULL;
}

char *rule__str(rule_loader *L, const ynode *n, const char *what)
{
  char *s;
  if (!n || n->kind != Y_SCALAR) {
    rule__err(L, MLS_EINPUT, n, "%s must be a string", what);
    return NULL;
  }
  if (!(s = mls_arena_strndup(L->rs->arena, n->s, n->len))) {
    return oom(L);
  }
  return s;
}

/* A plain scalar that reads as a decimal number (YAML core schema). */
static bool plain_number(const char *s, double *d)
{
  const char *p = s;
  char *end = NULL;
  bool digit = false;
  if (*p == '-' || *p == '+') {
    p++;
  }
  for (const char *q = p; *q; q++) {
    if (mls_isdigit((unsigned char)*q)) {
      digit = true;
    } else if (*q != '.' && *q != 'e' && *q != 'E' && *q != '-' && *q != '+') {
      return false;
    }
  }
  if (!digit) {
    return false;
  }
  *d = strtod(s, &end);
  return end && *end == '\0' && isfinite(*d);
}

mls_value *rule__yvalue(rule_loader *L, const ynode *n, int depth)
{
  mls_arena *a = L->rs->arena;
  mls_value *v = NULL;
  if (depth > MLS_MAX_NESTING) {
    rule__err(L, MLS_ELIMIT, n, "value nests too deeply");
    return NULL;
  }
  if (n->kind == Y_SCALAR) {
    double d;
    if (n->plain &&
        (n->len == 0 || strcmp(n->s, "null") == 0 || strcmp(n->s, "~") == 0 ||
         strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0)) {
      v = mls_value_null(a);
    } else if (n->plain &&
               (strcmp(n->s, "true") == 0 || strcmp(n->s, "True") == 0 ||
                strcmp(n->s, "TRUE") == 0)) {
      v = mls_value_bool(a, true);
    } else if (n->plain &&
               (strcmp(n->s, "false") == 0 || strcmp(n->s, "False") == 0 ||
                strcmp(n->s, "FALSE") == 0)) {
      v = mls_value_bool(a, false);
    } else if (n->plain && plain_number(n->s, &d)) {
      v = mls_value_number(a, d, mls_span_of(n->s, n->len));
    } else {
      v = mls_value_string(a, mls_span_of(n->s, n->len));
    }
  } else if (n->kind == Y_SEQ) {
    mls_value **items = NULL;
    if (n->n && !(items = mls_arena_alloc(a, n->n * sizeof(*items)))) {
      return oom(L);
    }
    for (uint32_t i = 0; i < n->n; i++) {
      if (!(items[i] = rule__yvalue(L, n->kids[i], depth + 1))) {
        return NULL;
      }
    }
    v = mls_value_list(a, items, n->n);
  } else {
    mls_map_entry *e = NULL;
    uint32_t ne = n->n / 2;
    if (ne && !(e = mls_arena_alloc(a, ne * sizeof(*e)))) {
      return oom(L);
    }
    for (uint32_t i = 0; i < ne; i++) {
      const ynode *k = n->kids[2 * i];
      char *ks = mls_arena_strndup(a, k->s, k->len);
      if (!ks) {
        return oom(L);
      }
      e[i].key = mls_span_of(ks, k->len);
      if (!(e[i].value = rule__yvalue(L, n->kids[2 * i + 1], depth + 1))) {
        return NULL;
      }
    }
    v = mls_value_map(a, e, ne);
  }
  if (!v) {
    return oom(L);
  }
  v->file = MLS_NO_FILE;
  return v;
}

rule_cond *rule__new_cond(rule_loader *L, rule_ckind kind, const ynode *at)
{
  rule_cond *c = mls_arena_zalloc(L->rs->arena, sizeof(*c));
  if (!c) {
    return oom(L);
  }
  c->kind = kind;
  c->line = at ? at->line : 0;
  c->when_absent = RA_UNKNOWN;
  return c;
}

int rule__parse_path(rule_loader *L, rule_cond *c, const ynode *at,
                     const char *path)
{
  rule_seg segs[MAX_SEGS];
  uint32_t n = 0;
  const char *p = path;
  if (!*p) {
    return rule__err(L, MLS_EINPUT, at, "empty attribute path");
  }
  while (*p) {
    const char *start = p;
    while (*p && *p != '.' && *p != '[' && *p != ']') {
      p++;
    }
    if (p > start) {
      if (n == MAX_SEGS) {
        return rule__err(L, MLS_ELIMIT, at, "attribute path too long");
      }
      segs[n].kind = SEG_KEY;
      segs[n].key = start;
      segs[n].len = (size_t)(p - start);
      segs[n].index = 0;
      n++;
    } else if (*p != '[') {
      /* A path may start with [*] or [N]: inside all_items, any_item or
       * no_item over a list of strings, "[*]" is the item itself. */
      return rule__err(L, MLS_EINPUT, at, "bad attribute path '%s'", path);
    }
    while (*p == '[') {
      const char *q = ++p;
      if (n == MAX_SEGS) {
        return rule__err(L, MLS_ELIMIT, at, "attribute path too long");
      }
      memset(&segs[n], 0, sizeof(segs[n]));
      if (*q == '*' && q[1] == ']') {
        segs[n].kind = SEG_STAR;
        p = q + 2;
      } else {
        uint64_t idx = 0;
        while (mls_isdigit((unsigned char)*p)) {
          idx = idx * 10 + (uint64_t)(*p - '0');
          if (idx > 1000000) {
            return rule__err(L, MLS_EINPUT, at, "index too large in '%s'",
                             path);
          }
          p++;
        }
        if (p == q || *p != ']') {
          return rule__err(L, MLS_EINPUT, at,
                           "bad index in attribute path '%s' ([*] or [N])",
                           path);
        }
        segs[n].kind = SEG_INDEX;
        segs[n].index = (uint32_t)idx;
        p++;
      }
      n++;
    }
    if (*p == '.') {
      p++;
      if (!*p || *p == '.' || *p == '[') {
        return rule__err(L, MLS_EINPUT, at, "bad attribute path '%s'", path);
      }
    } else if (*p) {
      return rule__err(L, MLS_EINPUT, at, "bad attribute path '%s'", path);
    }
  }
  if (!(c->segs = mls_arena_alloc(L->rs->arena, n * sizeof(*c->segs)))) {
    oom(L);
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < n; i++) {
    c->segs[i] = segs[i];
    if (segs[i].kind == SEG_KEY &&
        !(c->segs[i].key =
              mls_arena_strndup(L->rs->arena, segs[i].key, segs[i].len))) {
      oom(L);
      return MLS_ENOMEM;
    }
  }
  c->nsegs = n;
  return MLS_OK;
}

int rule__compile_regex_str(rule_loader *L, rule_cond *c, const ynode *at,
                            const char *pattern, size_t len, bool icase)
{
  char buf[128];
  int rc;
  if (len > MLS_MAX_RULE_REGEX_BYTES) {
    return rule__err(L, MLS_ELIMIT, at, "regex of %zu bytes is too long", len);
  }
  rc = rule__regex_new(&c->re, L->rs, pattern, len, icase, L->name,
                       at ? at->line : 0, buf, sizeof(buf));
  if (rc == MLS_EINPUT) {
    return rule__err(L, MLS_EINPUT, at, "bad regex '%.60s': %s", pattern, buf);
  }
  if (rc < 0) {
    oom(L);
    return MLS_ENOMEM;
  }
  return MLS_OK;
}

int rule__compile_regex(rule_loader *L, rule_cond *c, const ynode *n)
{
  if (!n || n->kind != Y_SCALAR) {
    return rule__err(L, MLS_EINPUT, n, "a regex must be a string");
  }
  return rule__compile_regex_str(L, c, n, n->s, n->len, false);
}

bool rule__valid_type(const char *s)
{
  if (!*s) {
    return false;
  }
  for (const char *p = s; *p; p++) {
    if (!mls_isalnum((unsigned char)*p) && *p != '_' && *p != ':' &&
        *p != '-' && *p != '.') {
      return false;
    }
  }
  return true;
}

bool rule__valid_tf_bound_type(const char *s)
{
  size_t n = strlen(RULE_AZAPI_PREFIX);
  if (!rule_type_is_azapi(s)) {
    return rule__valid_type(s) && !strchr(s, ':');
  }
  s += n;
  if (!*s || strlen(s) + n >= RULE_TYPE_MAX || !strchr(s, '/')) {
    return false;
  }
  for (const char *p = s; *p; p++) {
    if (!mls_isalnum((unsigned char)*p) && *p != '.' && *p != '/') {
      return false;
    }
  }
  return true;
}

size_t rule__norm_type(char *dst, size_t cap, const char *s, size_t len)
{
  size_t n = strlen(RULE_AZAPI_PREFIX);
  bool azapi = len > n && memcmp(s, RULE_AZAPI_PREFIX, n) == 0;
  if (len >= cap) {
    return 0;
  }
  for (size_t i = 0; i < len; i++) {
    dst[i] = azapi && i >= n ? (char)mls_tolower((unsigned char)s[i]) : s[i];
  }
  dst[len] = '\0';
  return len;
}

/* ---- conditions ---------------------------------------------------------- */

typedef struct opname {
  const char *name; /* as written */
  rule_op op;       /* what it is */
} opname;

/* Whether key k is `lit`: the first letters first (a condition's keys
 * are compared with a few dozen names while the library compiles). */
static bool key_is(const char *k, const char *lit)
{
  return k[0] == lit[0] && strcmp(k, lit) == 0;
}

static const opname ops[] = {
  { "exists", OP_EXISTS },
  { "equals", OP_EQUALS },
  { "not_equals", OP_NOT_EQUALS },
  { "one_of", OP_ONE_OF },
  { "not_one_of", OP_NOT_ONE_OF },
  { "regex", OP_REGEX },
  { "not_regex", OP_NOT_REGEX },
  { "contains", OP_CONTAINS },
  { "not_contains", OP_NOT_CONTAINS },
  { "gt", OP_GT },
  { "gte", OP_GTE },
  { "lt", OP_LT },
  { "lte", OP_LTE },
  { "is_empty", OP_IS_EMPTY },
  { "all_items", OP_ALL_ITEMS },
  { "any_item", OP_ANY_ITEM },
  { "no_item", OP_NO_ITEM },
  { "references", OP_REFERENCES },
  { "references_managed", OP_REFERENCES },
  { "covers_any", OP_COVERS_ANY },
  { "not_covers_any", OP_NOT_COVERS_ANY },
  { "world_cidr", OP_WORLD_CIDR },
};

static rule_cond *cond(rule_loader *L, const ynode *n, int depth);

static bool parse_bool(const ynode *n, bool *out)
{
  if (!n || n->kind != Y_SCALAR || !n->plain) {
    return false;
  }
  if (strcmp(n->s, "true") == 0 || strcmp(n->s, "True") == 0) {
    *out = true;
    return true;
  }
  if (strcmp(n->s, "false") == 0 || strcmp(n->s, "False") == 0) {
    *out = false;
    return true;
  }
  return false;
}

static rule_cond *logic(rule_loader *L, const ynode *n, const char *key,
                        const ynode *v, int depth)
{
  rule_cond *c;
  if (strcmp(key, "not") == 0) {
    if (!(c = rule__new_cond(L, RC_NOT, n)) ||
        !(c->kids = mls_arena_alloc(L->rs->arena, sizeof(*c->kids))) ||
        !(c->kids[0] = cond(L, v, depth + 1))) {
      return NULL;
    }
    c->nkids = 1;
    return c;
  }
  if (v->kind != Y_SEQ || v->n == 0) {
    rule__err(L, MLS_EINPUT, v, "'%s' wants a non-empty list of conditions",
              key);
    return NULL;
  }
  if (!(c = rule__new_cond(L, strcmp(key, "all") == 0 ? RC_ALL : RC_ANY, n))) {
    return NULL;
  }
  if (!(c->kids = mls_arena_alloc(L->rs->arena, v->n * sizeof(*c->kids)))) {
    return oom(L);
  }
  for (uint32_t i = 0; i < v->n; i++) {
    if (!(c->kids[i] = cond(L, v->kids[i], depth + 1))) {
      return NULL;
    }
  }
  c->nkids = v->n;
  return c;
}

static bool parse_absent(rule_loader *L, const ynode *v, rule_absent *out,
                         bool allow_unknown)
{
  if (v->kind == Y_SCALAR && strcmp(v->s, "pass") == 0) {
    *out = RA_PASS;
  } else if (v->kind == Y_SCALAR && strcmp(v->s, "fail") == 0) {
    *out = RA_FAIL;
  } else if (allow_unknown && v->kind == Y_SCALAR &&
             strcmp(v->s, "unknown") == 0) {
    *out = RA_UNKNOWN;
  } else {
    rule__err(L, MLS_EINPUT, v, "when_absent is pass, fail%s",
              allow_unknown ? " or unknown" : "");
    return false;
  }
  return true;
}

/* referenced: / connected:, each with or without a condition (without,
 * only whether such a reference, or such a resource, exists). */
static rule_cond *crossref(rule_loader *L, const ynode *n, bool connected,
                           const ynode *v, int depth)
{
  rule_cond *c = rule__new_cond(L, connected ? RC_CONNECTED : RC_REFERENCED, n);
  if (!c) {
    return NULL;
  }
  c->when_absent = connected ? RA_FAIL : RA_UNKNOWN;
  c->match_any = connected;
  if (v->kind != Y_MAP) {
    rule__err(L, MLS_EINPUT, v, "'%s' wants a mapping",
              connected ? "connected" : "referenced");
    return NULL;
  }
  for (uint32_t i = 0; i + 1 < v->n; i += 2) {
    const char *k = v->kids[i]->s;
    const ynode *x = v->kids[i + 1];
    if (strcmp(k, "type") == 0) {
      if (!(c->type = rule__str(L, x, "type"))) {
        return NULL;
      }
      if (!rule__valid_type(c->type)) {
        rule__err(L, MLS_EINPUT, x, "bad resource type '%s'", c->type);
        return NULL;
      }
    } else if (strcmp(k, "condition") == 0) {
      if (!(c->sub = cond(L, x, depth + 1))) {
        return NULL;
      }
    } else if (strcmp(k, "when_absent") == 0) {
      if (!parse_absent(L, x, &c->when_absent, !connected)) {
        return NULL;
      }
    } else if (!connected && strcmp(k, "attribute") == 0) {
      if (!(c->attr = rule__str(L, x, "attribute")) ||
          rule__parse_path(L, c, x, c->attr) < 0) {
        return NULL;
      }
    } else if (connected && strcmp(k, "via") == 0) {
      if (!(c->via = rule__str(L, x, "via"))) {
        return NULL;
      }
    } else if (connected && strcmp(k, "match") == 0) {
      if (x->kind == Y_SCALAR && strcmp(x->s, "any") == 0) {
        c->match_any = true;
      } else if (x->kind == Y_SCALAR && strcmp(x->s, "all") == 0) {
        c->match_any = false;
      } else {
        rule__err(L, MLS_EINPUT, x, "match is any or all");
        return NULL;
      }
    } else {
      rule__err(L, MLS_EINPUT, v->kids[i], "unknown key '%s' in %s", k,
                connected ? "connected" : "referenced");
      return NULL;
    }
  }
  if (!connected && !c->attr) {
    rule__err(L, MLS_EINPUT, v, "referenced needs an attribute");
    return NULL;
  }
  if (connected && !c->type) {
    rule__err(L, MLS_EINPUT, v, "connected needs a type");
    return NULL;
  }
  return c;
}

static rule_cond *leaf(rule_loader *L, const ynode *n, int depth)
{
  rule_cond *c = rule__new_cond(L, RC_LEAF, n);
  const ynode *opv = NULL, *attr = NULL;
  const char *opk = NULL; /* the operator's key as written */
  int nops = 0;
  if (!c) {
    return NULL;
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    const char *k = n->kids[i]->s;
    const ynode *v = n->kids[i + 1];
    bool known = false;
    if (key_is(k, "attribute")) {
      attr = v;
      continue;
    }
    if (key_is(k, "default_when_absent")) {
      if (!(c->dflt = rule__yvalue(L, v, 0))) {
        return NULL;
      }
      continue;
    }
    if (key_is(k, "match")) {
      if (v->kind == Y_SCALAR && strcmp(v->s, "any") == 0) {
        c->match_any = true;
      } else if (v->kind == Y_SCALAR && strcmp(v->s, "all") == 0) {
        c->match_any = false;
      } else {
        rule__err(L, MLS_EINPUT, v, "match is all or any");
        return NULL;
      }
      continue;
    }
    if (key_is(k, "empty_is_absent")) {
      if (!parse_bool(v, &c->empty_absent)) {
        rule__err(L, MLS_EINPUT, v, "empty_is_absent wants true or false");
        return NULL;
      }
      continue;
    }
    for (size_t j = 0; j < sizeof(ops) / sizeof(ops[0]); j++) {
      if (key_is(k, ops[j].name)) {
        c->op = ops[j].op;
        opk = ops[j].name;
        opv = v;
        nops++;
        known = true;
        break; /* the names differ: one key is one operator */
      }
    }
    if (!known) {
      rule__err(L, MLS_EINPUT, n->kids[i], "unknown key '%s' in a condition",
                k);
      return NULL;
    }
  }
  if (!attr) {
    rule__err(L, MLS_EINPUT, n,
              "a condition needs 'attribute' (or all, any, "
              "not, referenced, connected)");
    return NULL;
  }
  if (nops != 1) {
    rule__err(L, MLS_EINPUT, n,
              "a condition has exactly one operator (it has %d)", nops);
    return NULL;
  }
  if (!(c->attr = rule__str(L, attr, "attribute")) ||
      rule__parse_path(L, c, attr, c->attr) < 0) {
    return NULL;
  }
  switch (c->op) {
  case OP_EXISTS:
  case OP_IS_EMPTY:
  case OP_WORLD_CIDR:
    if (!parse_bool(opv, &c->flag)) {
      rule__err(L, MLS_EINPUT, opv, "%s wants true or false",
                c->op == OP_EXISTS     ? "exists"
                : c->op == OP_IS_EMPTY ? "is_empty"
                                       : "world_cidr");
      return NULL;
    }
    break;
  case OP_EQUALS:
  case OP_NOT_EQUALS:
  case OP_CONTAINS:
  case OP_NOT_CONTAINS:
    if (!(c->arg = rule__yvalue(L, opv, 0))) {
      return NULL;
    }
    break;
  case OP_ONE_OF:
  case OP_NOT_ONE_OF:
    if (opv->kind != Y_SEQ) {
      rule__err(L, MLS_EINPUT, opv, "one_of / not_one_of want a list");
      return NULL;
    }
    if (!(c->arg = rule__yvalue(L, opv, 0))) {
      return NULL;
    }
    break;
  case OP_REGEX:
  case OP_NOT_REGEX:
    if (rule__compile_regex(L, c, opv) < 0) {
      return NULL;
    }
    break;
  case OP_COVERS_ANY:
  case OP_NOT_COVERS_ANY:
    if (opv->kind != Y_SEQ || opv->n == 0) {
      rule__err(L, MLS_EINPUT, opv,
                "covers_any / not_covers_any want a non-empty list of names");
      return NULL;
    }
    for (size_t i = 0; i < opv->n; i++) {
      const ynode *e = opv->kids[i];
      if (e->kind != Y_SCALAR || e->len == 0 || e->len > RULE_COVERS_NAME_MAX ||
          memchr(e->s, '*', e->len) || memchr(e->s, '?', e->len)) {
        rule__err(L, MLS_EINPUT, e,
                  "covers_any names are plain strings of 1 to %u bytes, "
                  "without '*' or '?'",
                  (unsigned)RULE_COVERS_NAME_MAX);
        return NULL;
      }
    }
    if (!(c->arg = rule__yvalue(L, opv, 0))) {
      return NULL;
    }
    break;
  case OP_GT:
  case OP_GTE:
  case OP_LT:
  case OP_LTE:
    if (!(c->arg = rule__yvalue(L, opv, 0))) {
      return NULL;
    }
    if (c->arg->kind != MLS_V_NUMBER) {
      rule__err(L, MLS_EINPUT, opv, "gt, gte, lt and lte want a number");
      return NULL;
    }
    break;
  case OP_ALL_ITEMS:
  case OP_ANY_ITEM:
  case OP_NO_ITEM:
    if (!(c->sub = cond(L, opv, depth + 1))) {
      return NULL;
    }
    break;
  case OP_REFERENCES:
    if (!(c->type = rule__str(L, opv, opk))) {
      return NULL;
    }
    c->flag = strcmp(opk, "references_managed") == 0;
    if (!rule__valid_type(c->type)) {
      rule__err(L, MLS_EINPUT, opv, "bad resource type '%s'", c->type);
      return NULL;
    }
    break;
  }
  return c;
}

/* The next type of a by_type key that lists several ("a, b"): *tok and
 * *len, *at moved past it and its comma; false at the end. */
static bool next_listed(const char **at, const char **tok, size_t *len)
{
  const char *p = *at, *e;
  while (*p == ' ') {
    p++;
  }
  if (!*p) {
    return false;
  }
  for (e = p; *e && *e != ','; e++) {
  }
  *tok = p;
  *len = (size_t)(e - p);
  while (*len && p[*len - 1] == ' ') {
    (*len)--;
  }
  *at = *e ? e + 1 : e;
  return true;
}

/* by_type: {TYPE: COND, ..., default: COND}, a branch for each type the
 * binding lists, or a default for those without one (binding_cond checks
 * them against the binding's types). A key may list several types
 * ("awscc_iam_user_policy, awscc_iam_group_policy"): one condition, the
 * branch of each. */
static rule_cond *by_type(rule_loader *L, const ynode *n, const ynode *v,
                          int depth)
{
  rule_cond *c;
  uint32_t nk = 0, at = 0;
  if (v->kind != Y_MAP || v->n == 0) {
    rule__err(L, MLS_EINPUT, v,
              "'by_type' wants a mapping of resource types to conditions");
    return NULL;
  }
  for (uint32_t i = 0; i < v->n / 2; i++) {
    const char *p = v->kids[2 * i]->s, *tok;
    size_t len;
    while (next_listed(&p, &tok, &len)) {
      nk++;
    }
  }
  if (nk == 0) {
    rule__err(L, MLS_EINPUT, v, "'by_type' names no resource type");
    return NULL;
  }
  if (!(c = rule__new_cond(L, RC_BY_TYPE, n)) ||
      !(c->kids = mls_arena_zalloc(L->rs->arena, nk * sizeof(*c->kids))) ||
      !(c->types = mls_arena_zalloc(L->rs->arena, nk * sizeof(*c->types)))) {
    return L->err ? NULL : oom(L);
  }
  for (uint32_t i = 0; i < v->n / 2; i++) {
    const ynode *k = v->kids[2 * i];
    const char *p = k->s, *tok;
    size_t len;
    uint32_t first = at;
    rule_cond *branch;
    if (!(branch = cond(L, v->kids[2 * i + 1], depth + 1))) {
      return NULL;
    }
    while (next_listed(&p, &tok, &len)) {
      char norm[RULE_TYPE_MAX], name[RULE_TYPE_MAX], *t;
      size_t nlen = 0;
      if (len >= sizeof(name)) {
        rule__err(L, MLS_EINPUT, k, "bad resource type '%s'", k->s);
        return NULL;
      }
      memcpy(name, tok, len);
      name[len] = '\0';
      if (strcmp(name, "default") == 0) {
        /* Every listed type without a branch of its own: stored as "". */
        if (first != at || *p) {
          rule__err(L, MLS_EINPUT, k, "'default' stands alone in by_type");
          return NULL;
        }
        norm[0] = '\0';
      } else if (!(L->cfn ? rule__valid_type(name)
                          : rule__valid_tf_bound_type(name)) ||
                 !(nlen = rule__norm_type(norm, sizeof(norm), name, len))) {
        rule__err(L, MLS_EINPUT, k, "bad resource type '%s'", name);
        return NULL;
      }
      for (uint32_t j = 0; j < at; j++) {
        if (strcmp(c->types[j], norm) == 0) {
          rule__err(L, MLS_EINPUT, k, "'%s' is listed twice in by_type", name);
          return NULL;
        }
      }
      if (!(t = mls_arena_memdup(L->rs->arena, norm, nlen + 1))) {
        return oom(L);
      }
      c->types[at] = t;
      c->kids[at++] = branch;
      c->flag = c->flag || rule_type_is_azapi(t);
    }
  }
  c->nkids = at;
  return c;
}

static rule_cond *cond(rule_loader *L, const ynode *n, int depth)
{
  if (depth > MLS_MAX_NESTING) {
    rule__err(L, MLS_ELIMIT, n, "conditions nest too deeply");
    return NULL;
  }
  if (!n || n->kind != Y_MAP || n->n == 0) {
    rule__err(L, MLS_EINPUT, n, "a condition is a non-empty mapping");
    return NULL;
  }
  if (n->n == 2) {
    const char *k = n->kids[0]->s;
    const ynode *v = n->kids[1];
    if (key_is(k, "all") || key_is(k, "any") || key_is(k, "not")) {
      return logic(L, n, k, v, depth);
    }
    if (key_is(k, "referenced") || key_is(k, "connected")) {
      return crossref(L, n, k[0] == 'c', v, depth);
    }
    if (key_is(k, "by_type")) {
      if (depth > 0) {
        rule__err(L, MLS_EINPUT, n->kids[0],
                  "'by_type' is only a binding's whole condition");
        return NULL;
      }
      return by_type(L, n, v, depth);
    }
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    const char *k = n->kids[i]->s;
    if (key_is(k, "all") || key_is(k, "any") || key_is(k, "not") ||
        key_is(k, "referenced") || key_is(k, "connected") ||
        key_is(k, "by_type")) {
      rule__err(L, MLS_EINPUT, n->kids[i],
                "'%s' stands alone in its condition mapping", k);
      return NULL;
    }
  }
  return leaf(L, n, depth);
}

/* ---- rule metadata --------------------------------------------------------
 */

static bool valid_native_id(const char *s)
{
  const char *p = s;
  const char *dash;
  if (strncmp(p, "MLS-", 4) != 0) {
    return false;
  }
  p += 4;
  dash = strchr(p, '-');
  if (!dash || dash == p) {
    return false;
  }
  for (const char *q = p; q < dash; q++) {
    if (!mls_isupper((unsigned char)*q) && !mls_isdigit((unsigned char)*q)) {
      return false;
    }
  }
  p = dash + 1;
  return strlen(p) == 3 && mls_isdigit((unsigned char)p[0]) &&
         mls_isdigit((unsigned char)p[1]) && mls_isdigit((unsigned char)p[2]);
}

/* A list of strings (or one string, taken as a list of one). */
static int str_list(rule_loader *L, const ynode *n, const char *what,
                    const char *const **out, size_t *nout)
{
  const char **v;
  uint32_t cnt = n->kind == Y_SEQ ? n->n : 1;
  if (n->kind == Y_MAP) {
    return rule__err(L, MLS_EINPUT, n, "%s wants a list of strings", what);
  }
  if (!(v = mls_arena_zalloc(L->rs->arena, (cnt ? cnt : 1) * sizeof(*v)))) {
    oom(L);
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < cnt; i++) {
    const ynode *x = n->kind == Y_SEQ ? n->kids[i] : n;
    if (!(v[i] = rule__str(L, x, what))) {
      return L->err;
    }
  }
  *out = v;
  *nout = cnt;
  return MLS_OK;
}

static const char *const peer_tools[] = { "checkov",  "kics",     "trivy",
                                          "tfsec",    "cfn_nag",  "guard",
                                          "cfn-lint", "terrascan" };

static int peers(rule_loader *L, rule_def *d, const ynode *n)
{
  rule_peer *p;
  if (n->kind != Y_MAP) {
    return rule__err(L, MLS_EINPUT, n, "peers wants a mapping tool: [ids]");
  }
  if (!(p = mls_arena_zalloc(L->rs->arena, (n->n / 2 + 1) * sizeof(*p)))) {
    oom(L);
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    const char *tool = n->kids[i]->s;
    bool known = false;
    for (size_t j = 0; j < sizeof(peer_tools) / sizeof(peer_tools[0]); j++) {
      if (strcmp(tool, peer_tools[j]) == 0) {
        p[i / 2].tool = peer_tools[j];
        known = true;
      }
    }
    if (!known) {
      return rule__err(L, MLS_EINPUT, n->kids[i], "unknown peer tool '%s'",
                       tool);
    }
    if (str_list(L, n->kids[i + 1], "peer ids", &p[i / 2].ids, &p[i / 2].nids) <
        0) {
      return L->err;
    }
  }
  d->meta.peers = p;
  d->meta.npeers = n->n / 2;
  return MLS_OK;
}

static int severity(rule_loader *L, const ynode *n, mls_rsev *out)
{
  int s;
  if (n->kind != Y_SCALAR || (s = mls_rsev_parse(n->s)) <= 0) {
    return rule__err(L, MLS_EINPUT, n,
                     "severity is critical, high, medium or low");
  }
  *out = (mls_rsev)s;
  return MLS_OK;
}

static bool bound_type_in(const char *const *v, size_t n, const char *norm)
{
  char t[RULE_TYPE_MAX];
  for (size_t i = 0; i < n; i++) {
    if (rule__norm_type(t, sizeof(t), v[i], strlen(v[i])) &&
        strcmp(t, norm) == 0) {
      return true;
    }
  }
  return false;
}

/* Binding condition n of d compiled; a by_type must have a branch (or
 * its default) for each type the binding lists, and name no other. */
static rule_cond *binding_cond(rule_loader *L, rule_def *d, const ynode *n,
                               bool cfn)
{
  rule_cond *c;
  bool has_default = false;
  const char *const *types = cfn ? d->meta.cfn_types : d->meta.tf_types;
  size_t ntypes = cfn ? d->meta.ncfn_types : d->meta.ntf_types;

  L->cfn = cfn;
  c = cond(L, n, 0);
  L->cfn = false;
  if (!c || c->kind != RC_BY_TYPE) {
    return c;
  }
  for (uint32_t i = 0; i < c->nkids; i++) {
    has_default = has_default || !c->types[i][0];
  }
  for (size_t i = 0; i < ntypes; i++) {
    char t[RULE_TYPE_MAX];
    (void)rule__norm_type(t, sizeof(t), types[i], strlen(types[i]));
    if (!has_default &&
        !bound_type_in((const char *const *)c->types, c->nkids, t)) {
      rule__err(L, MLS_EINPUT, n, "by_type has no condition for '%s'",
                types[i]);
      return NULL;
    }
  }
  for (uint32_t i = 0; i < c->nkids; i++) {
    if (c->types[i][0] && !bound_type_in(types, ntypes, c->types[i])) {
      rule__err(L, MLS_EINPUT, n,
                "by_type names '%s', which resource_types does not list",
                c->types[i]);
      return NULL;
    }
  }
  return c;
}

/* A binding's applies_if: a condition on the resource itself, so no
 * by_type (the binding's condition picks branches by type). */
static rule_cond *applies_cond(rule_loader *L, const ynode *n)
{
  rule_cond *c = cond(L, n, 0);
  if (c && c->kind == RC_BY_TYPE) {
    rule__err(L, MLS_EINPUT, n, "'by_type' is not allowed in applies_if");
    return NULL;
  }
  return c;
}

static int binding(rule_loader *L, rule_def *d, const ynode *n, bool cfn)
{
  const ynode *types = NULL, *c = NULL, *a = NULL;
  rule_cond *rc, *ra = NULL;
  if (n->kind != Y_MAP) {
    return rule__err(L, MLS_EINPUT, n,
                     "a binding wants resource_types and condition");
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    const char *k = n->kids[i]->s;
    if (strcmp(k, "resource_types") == 0) {
      types = n->kids[i + 1];
    } else if (strcmp(k, "condition") == 0) {
      c = n->kids[i + 1];
    } else if (strcmp(k, "applies_if") == 0) {
      a = n->kids[i + 1];
    } else {
      return rule__err(L, MLS_EINPUT, n->kids[i],
                       "unknown key '%s' in a binding", k);
    }
  }
  if (!types || !c) {
    return rule__err(L, MLS_EINPUT, n,
                     "a binding wants resource_types and condition");
  }
  if (cfn) {
    if (str_list(L, types, "resource_types", &d->meta.cfn_types,
                 &d->meta.ncfn_types) < 0) {
      return L->err;
    }
  } else if (str_list(L, types, "resource_types", &d->meta.tf_types,
                      &d->meta.ntf_types) < 0) {
    return L->err;
  }
  {
    const char *const *t = cfn ? d->meta.cfn_types : d->meta.tf_types;
    size_t nt = cfn ? d->meta.ncfn_types : d->meta.ntf_types;
    if (nt == 0) {
      return rule__err(L, MLS_EINPUT, types, "resource_types is empty");
    }
    for (size_t i = 0; i < nt; i++) {
      if (cfn ? !rule__valid_type(t[i]) : !rule__valid_tf_bound_type(t[i])) {
        return rule__err(L, MLS_EINPUT, types, "bad resource type '%s'", t[i]);
      }
    }
  }
  if (L->rs->loading_builtin) {
    /* Compiled on first use, from the same tree (rule__def_ensure). */
    d->lazy_from = L->rs->loading_builtin;
    d->builtin = L->rs->loading_builtin;
    atomic_store_explicit(&d->cond_pending, true, memory_order_relaxed);
  } else if (!(rc = binding_cond(L, d, c, cfn)) ||
             (a && !(ra = applies_cond(L, a)))) {
    return L->err ? L->err : MLS_EINPUT;
  } else if (cfn) {
    d->cond_cfn = rc;
    d->applies_cfn = ra;
  } else {
    d->cond_tf = rc;
    d->applies_tf = ra;
  }
  if (cfn) {
    d->has_cfn = true;
  } else {
    d->has_tf = true;
  }
  return MLS_OK;
}

/* The condition of binding `key` ("terraform", "cloudformation") in the
 * rule tree `root`, compiled into the set, and its applies_if into *app
 * (NULL when it has none); NULL when there is none or no memory. */
static rule_cond *deferred_cond(rule_loader *L, rule_def *d, const ynode *root,
                                const char *key, rule_cond **app)
{
  const ynode *b = rule__ymap_get(root, key), *c, *a;
  *app = NULL;
  if (!b || b->kind != Y_MAP || !(c = rule__ymap_get(b, "condition"))) {
    return NULL;
  }
  if ((a = rule__ymap_get(b, "applies_if")) && !(*app = applies_cond(L, a))) {
    return NULL;
  }
  return binding_cond(L, d, c, strcmp(key, "cloudformation") == 0);
}

int rule__def_compile(rule_set *rs, rule_def *d)
{
  const rule_builtin *b = d->lazy_from;
  mls_diag scratch = MLS_DIAG_INIT;
  bool lazy_regex = rs->lazy_regex;
  mls_arena *tmp;
  ynode *root = NULL;
  rule_loader L;
  int rc = MLS_OK;

  if (!b) {
    return MLS_OK;
  }
  if (!(tmp = mls_arena_new(MLS_ARENA_CAP_BYTES))) {
    return MLS_ENOMEM;
  }
  /* Their patterns still compile on first use, as at load. */
  rs->lazy_regex = true;
  memset(&L, 0, sizeof(L));
  L.rs = rs;
  L.diag = &scratch;
  L.name = d->meta.source;
  /* The bindings of the tree the generator read (rule_snap has the
   * rest). */
  if (rule__ytree_decode_bindings(&root, tmp, b->tree, b->tree_len) < 0 ||
      (d->has_tf && !(d->cond_tf = deferred_cond(&L, d, root, "terraform",
                                                 &d->applies_tf))) ||
      (d->has_cfn && !(d->cond_cfn = deferred_cond(
                           &L, d, root, "cloudformation", &d->applies_cfn)))) {
    rc = MLS_ENOMEM; /* the library compiles: only memory can fail */
  } else {
    d->lazy_from = NULL;
  }
  rs->lazy_regex = lazy_regex;
  mls_arena_free(tmp);
  mls_diag_dispose(&scratch);
  return rc;
}

static int remediation(rule_loader *L, rule_def *d, const ynode *n)
{
  if (n->kind != Y_MAP) {
    return rule__err(L, MLS_EINPUT, n,
                     "remediation wants terraform: and cloudformation:");
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    const char *k = n->kids[i]->s;
    const char **dst;
    if (strcmp(k, "terraform") == 0) {
      dst = &d->meta.remediation_tf;
    } else if (strcmp(k, "cloudformation") == 0) {
      dst = &d->meta.remediation_cfn;
    } else {
      return rule__err(L, MLS_EINPUT, n->kids[i],
                       "unknown key '%s' in remediation", k);
    }
    if (!(*dst = rule__str(L, n->kids[i + 1], k))) {
      return L->err;
    }
  }
  return MLS_OK;
}

static int sev_by_env(rule_loader *L, rule_def *d, const ynode *n)
{
  if (n->kind != Y_MAP) {
    return rule__err(L, MLS_EINPUT, n, "severity_by_env wants env: severity");
  }
  if (!(d->sev_by_env = mls_arena_zalloc(
            L->rs->arena, (n->n / 2 + 1) * sizeof(*d->sev_by_env)))) {
    oom(L);
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    rule_env_sev *e = &d->sev_by_env[i / 2];
    if (!(e->env = rule__str(L, n->kids[i], "env")) ||
        severity(L, n->kids[i + 1], &e->severity) < 0) {
      return L->err;
    }
  }
  d->nsev_by_env = n->n / 2;
  return MLS_OK;
}

/* Check a {address} {type} {attr} message template. */
static int check_message(rule_loader *L, const ynode *n, const char *s)
{
  for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
    if (strncmp(p, "{address}", 9) != 0 && strncmp(p, "{type}", 6) != 0 &&
        strncmp(p, "{attr}", 6) != 0) {
      return rule__err(L, MLS_EINPUT, n,
                       "message may use {address}, {type} and {attr} only");
    }
  }
  return MLS_OK;
}

int rule__load_native(rule_set *rs, const char *name, const ynode *root,
                      mls_diag *diag)
{
  rule_loader L;
  rule_def *d;
  bool has_sev = false;

  memset(&L, 0, sizeof(L));
  L.rs = rs;
  L.diag = diag;
  L.name = name;
  if (root->kind != Y_MAP) {
    return rule__err(&L, MLS_EINPUT, root, "a rule file is a mapping");
  }
  if (!(d = mls_arena_zalloc(rs->arena, sizeof(*d)))) {
    oom(&L);
    return MLS_ENOMEM;
  }
  if (!(d->meta.source = mls_arena_strndup(rs->arena, name, strlen(name)))) {
    oom(&L);
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i + 1 < root->n && !L.err; i += 2) {
    const char *k = root->kids[i]->s;
    const ynode *v = root->kids[i + 1];
    if (strcmp(k, "id") == 0) {
      if ((d->meta.id = rule__str(&L, v, "id")) &&
          !valid_native_id(d->meta.id)) {
        rule__err(&L, MLS_EINPUT, v,
                  "rule id '%s' is not MLS-<SERVICE>-NNN (e.g. MLS-SM-001)",
                  d->meta.id);
      }
    } else if (strcmp(k, "title") == 0) {
      d->meta.title = rule__str(&L, v, "title");
    } else if (strcmp(k, "severity") == 0) {
      has_sev = severity(&L, v, &d->meta.severity) == MLS_OK;
    } else if (strcmp(k, "description") == 0) {
      d->meta.description = rule__str(&L, v, "description");
    } else if (strcmp(k, "remediation") == 0) {
      remediation(&L, d, v);
    } else if (strcmp(k, "frameworks") == 0) {
      str_list(&L, v, "frameworks", &d->meta.frameworks, &d->meta.nframeworks);
    } else if (strcmp(k, "peers") == 0) {
      peers(&L, d, v);
    } else if (strcmp(k, "tags") == 0) {
      str_list(&L, v, "tags", &d->meta.tags, &d->meta.ntags);
    } else if (strcmp(k, "help_uri") == 0) {
      d->meta.help_uri = rule__str(&L, v, "help_uri");
    } else if (strcmp(k, "envs") == 0) {
      str_list(&L, v, "envs", &d->meta.envs, &d->meta.nenvs);
    } else if (strcmp(k, "severity_by_env") == 0) {
      sev_by_env(&L, d, v);
    } else if (strcmp(k, "message") == 0) {
      if ((d->message = rule__str(&L, v, "message"))) {
        check_message(&L, v, d->message);
      }
    } else if (strcmp(k, "terraform") == 0) {
      binding(&L, d, v, false);
    } else if (strcmp(k, "cloudformation") == 0) {
      binding(&L, d, v, true);
    } else {
      rule__err(&L, MLS_EINPUT, root->kids[i], "unknown key '%s' in rule%s%s",
                k, d->meta.id ? " " : "", d->meta.id ? d->meta.id : "");
    }
  }
  if (!L.err && !d->meta.id) {
    rule__err(&L, MLS_EINPUT, root, "rule has no id");
  }
  if (!L.err && !d->meta.title) {
    rule__err(&L, MLS_EINPUT, root, "rule %s has no title", d->meta.id);
  }
  if (!L.err && !has_sev) {
    rule__err(&L, MLS_EINPUT, root, "rule %s has no severity", d->meta.id);
  }
  if (!L.err && !d->has_tf && !d->has_cfn) {
    rule__err(&L, MLS_EINPUT, root,
              "rule %s has no terraform or cloudformation binding", d->meta.id);
  }
  if (L.err) {
    return L.err;
  }
  d->base_severity = d->meta.severity;
  return rule__add_def(rs, d);
}
