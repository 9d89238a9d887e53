/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/checkov.c -- Checkov YAML custom policies translated into the
 * same condition trees as mlsweep's own rules.
 *
 * Stage: rule loading. A file with `metadata:` and `definition:` is a
 * Checkov policy: metadata.id (kept as Checkov gives it), name (the
 * title), severity (medium unless given), category (a tag). The
 * definition's blocks map as follows (docs/rules-format.md, last section):
 *
 *   cond_type: attribute   a leaf; the attribute's `*` segments become
 *                          [*] and numeric ones [N]. Over a wildcard a
 *                          positive operator needs any item, a negative
 *                          one (not_*) every item, as Checkov reads them.
 *   cond_type: connection  exists: some edge joins this resource and one
 *                          of connected_resource_types, either way;
 *                          not_exists: none does.
 *   cond_type: filter      `attribute: resource_type, operator: within`:
 *                          narrows the binding; always true as a test.
 *   and: / or:             all / any.
 *
 * The rule binds to the resource types the blocks name (a filter, when
 * present, restricts them): types with "::" to the CloudFormation binding,
 * the others to Terraform, with the same condition. Regexes follow
 * Python's re.match, so they are anchored at the start. Operators with no
 * equivalent here (jsonpath_*, subset, intersects, length_*) are a
 * diagnostic, never silently true.
 */
#include "core/rules/rules_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The resource types collected from the blocks. */
typedef struct types {
  const char **v; /* owned array of arena strings */
  size_t n;       /* entries */
  size_t cap;     /* allocated */
  bool filtered;  /* a filter block set the list */
} types;

static int add_type(types *t, const char *s)
{
  for (size_t i = 0; i < t->n; i++) {
    if (strcmp(t->v[i], s) == 0) {
      return MLS_OK;
    }
  }
  if (t->n == t->cap) {
    size_t ncap = t->cap ? t->cap * 2 : 8;
    const char **nv = mls_realloc(t->v, ncap * sizeof(*nv));
    if (!nv) {
      return MLS_ENOMEM;
    }
    t->v = nv;
    t->cap = ncap;
  }
  t->v[t->n++] = s;
  return MLS_OK;
}

/* A scalar or a list of scalars, into `t` (arena strings). */
static int collect(rule_loader *L, const ynode *n, types *t)
{
  uint32_t cnt = n->kind == Y_SEQ ? n->n : 1;
  if (n->kind == Y_MAP) {
    return rule__err(L, MLS_EINPUT, n, "resource_types wants a list");
  }
  for (uint32_t i = 0; i < cnt; i++) {
    const ynode *x = n->kind == Y_SEQ ? n->kids[i] : n;
    char *s = rule__str(L, x, "resource type");
    if (!s) {
      return L->err;
    }
    if (!rule__valid_type(s)) {
      return rule__err(L, MLS_EINPUT, x, "bad resource type '%s'", s);
    }
    if (add_type(t, s) < 0) {
      return rule__err(L, MLS_ENOMEM, NULL, "out of memory");
    }
  }
  return MLS_OK;
}

typedef struct ckop {
  const char *name; /* Checkov's operator */
  rule_op op;       /* ours */
  int form;         /* 0: value as is, 1: flag, 2: regex, 3: prefix,
                     * 4: suffix, 5: ignore-case equality, 6: constant */
  bool flag;        /* exists/is_empty argument, or the is_true constant */
  bool negative;    /* a not_* operator: every item must hold */
} ckop;

static const ckop ckops[] = {
  { "equals", OP_EQUALS, 0, false, false },
  { "not_equals", OP_NOT_EQUALS, 0, false, true },
  { "exists", OP_EXISTS, 1, true, false },
  { "not_exists", OP_EXISTS, 1, false, true },
  { "one_exists", OP_EXISTS, 1, true, false },
  { "contains", OP_CONTAINS, 0, false, false },
  { "not_contains", OP_NOT_CONTAINS, 0, false, true },
  { "within", OP_ONE_OF, 0, false, false },
  { "not_within", OP_NOT_ONE_OF, 0, false, true },
  { "regex_match", OP_REGEX, 2, false, false },
  { "not_regex_match", OP_NOT_REGEX, 2, false, true },
  { "starting_with", OP_REGEX, 3, false, false },
  { "not_starting_with", OP_NOT_REGEX, 3, false, true },
  { "ending_with", OP_REGEX, 4, false, false },
  { "not_ending_with", OP_NOT_REGEX, 4, false, true },
  { "equals_ignore_case", OP_REGEX, 5, false, false },
  { "not_equals_ignore_case", OP_NOT_REGEX, 5, false, true },
  { "greater_than", OP_GT, 0, false, false },
  { "greater_than_or_equal", OP_GTE, 0, false, false },
  { "less_than", OP_LT, 0, false, false },
  { "less_than_or_equal", OP_LTE, 0, false, false },
  { "is_empty", OP_IS_EMPTY, 1, true, false },
  { "is_not_empty", OP_IS_EMPTY, 1, false, false },
  { "is_true", OP_EQUALS, 6, true, false },
  { "is_false", OP_EQUALS, 6, false, false },
};

/* Checkov's dotted attribute ("ingress.*.cidr_blocks", "tags.0.Key") in
 * our path syntax. */
static char *ck_path(rule_loader *L, const ynode *n)
{
  char buf[1024];
  size_t o = 0;
  const char *p = n->s;
  if (n->len >= sizeof(buf) / 2) {
    rule__err(L, MLS_ELIMIT, n, "attribute path too long");
    return NULL;
  }
  while (*p) {
    const char *e = strchr(p, '.');
    size_t sl = e ? (size_t)(e - p) : strlen(p);
    bool num = sl > 0;
    for (size_t i = 0; i < sl; i++) {
      num = num && mls_isdigit((unsigned char)p[i]);
    }
    if (sl == 1 && p[0] == '*') {
      if (o == 0) {
        rule__err(L, MLS_EINPUT, n, "attribute path starts with '*'");
        return NULL;
      }
      memcpy(buf + o, "[*]", 3);
      o += 3;
    } else if (num && o) {
      buf[o++] = '[';
      memcpy(buf + o, p, sl);
      o += sl;
      buf[o++] = ']';
    } else {
      if (o) {
        buf[o++] = '.';
      }
      memcpy(buf + o, p, sl);
      o += sl;
    }
    p = e ? e + 1 : p + sl;
  }
  return mls_arena_strndup(L->rs->arena, buf, o);
}

/* A regex text for the prefix/suffix/ignore-case forms: `v` with every ERE
 * metacharacter escaped. */
static int escaped(char *out, size_t cap, const char *v, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (o + 3 >= cap) {
      return -1;
    }
    if (strchr(".[]()*+?{}|^$\\", v[i])) {
      out[o++] = '\\';
    }
    out[o++] = v[i];
  }
  out[o] = '\0';
  return (int)o;
}

static rule_cond *block(rule_loader *L, const ynode *n, types *t, int depth);

static rule_cond *attribute_block(rule_loader *L, const ynode *n)
{
  const ynode *attr = rule__ymap_get(n, "attribute");
  const ynode *opn = rule__ymap_get(n, "operator");
  const ynode *val = rule__ymap_get(n, "value");
  const ckop *op = NULL;
  rule_cond *c;
  char *path;
  if (!attr || attr->kind != Y_SCALAR || !opn || opn->kind != Y_SCALAR) {
    rule__err(L, MLS_EINPUT, n,
              "an attribute block needs attribute and operator");
    return NULL;
  }
  for (size_t i = 0; i < sizeof(ckops) / sizeof(ckops[0]); i++) {
    if (strcmp(opn->s, ckops[i].name) == 0) {
      op = &ckops[i];
    }
  }
  if (!op) {
    rule__err(L, MLS_EINPUT, opn, "Checkov operator '%s' is not supported",
              opn->s);
    return NULL;
  }
  if (!(c = rule__new_cond(L, RC_LEAF, n)) || !(path = ck_path(L, attr)) ||
      rule__parse_path(L, c, attr, path) < 0) {
    return NULL;
  }
  c->attr = path;
  c->op = op->op;
  c->match_any = !op->negative;
  if (op->form != 1 && op->form != 6 && !val) {
    rule__err(L, MLS_EINPUT, n, "operator %s needs a value", op->name);
    return NULL;
  }
  switch (op->form) {
  case 0:
    if (!(c->arg = rule__yvalue(L, val, 0))) {
      return NULL;
    }
    if ((c->op == OP_ONE_OF || c->op == OP_NOT_ONE_OF) &&
        c->arg->kind != MLS_V_LIST) {
      mls_value **one = mls_arena_alloc(L->rs->arena, sizeof(*one));
      if (!one) {
        rule__err(L, MLS_ENOMEM, NULL, "out of memory");
        return NULL;
      }
      one[0] = c->arg;
      if (!(c->arg = mls_value_list(L->rs->arena, one, 1))) {
        rule__err(L, MLS_ENOMEM, NULL, "out of memory");
        return NULL;
      }
    }
    if (c->op >= OP_GT && c->op <= OP_LTE && c->arg->kind != MLS_V_NUMBER) {
      double d;
      mls_span sp;
      char *end = NULL, tmp[64];
      if (c->arg->kind != MLS_V_STRING ||
          (sp = c->arg->u.str).len >= sizeof(tmp)) {
        rule__err(L, MLS_EINPUT, val, "%s wants a number", op->name);
        return NULL;
      }
      memcpy(tmp, sp.ptr, sp.len);
      tmp[sp.len] = '\0';
      d = strtod(tmp, &end);
      if (!sp.len || !end || *end) {
        rule__err(L, MLS_EINPUT, val, "%s wants a number", op->name);
        return NULL;
      }
      if (!(c->arg = mls_value_number_d(L->rs->arena, d))) {
        rule__err(L, MLS_ENOMEM, NULL, "out of memory");
        return NULL;
      }
    }
    break;
  case 1:
    c->flag = op->flag;
    break;
  case 6:
    if (!(c->arg = mls_value_bool(L->rs->arena, op->flag))) {
      rule__err(L, MLS_ENOMEM, NULL, "out of memory");
      return NULL;
    }
    break;
  default: {
    char re[2 * MLS_MAX_RULE_REGEX_BYTES + 8];
    int n2;
    if (val->kind != Y_SCALAR || val->len > MLS_MAX_RULE_REGEX_BYTES) {
      rule__err(L, MLS_EINPUT, val, "%s wants a string (up to %u bytes)",
                op->name, MLS_MAX_RULE_REGEX_BYTES);
      return NULL;
    }
    if (op->form == 2) {
      n2 = snprintf(re, sizeof(re), "^(%s)", val->s);
    } else {
      char esc[2 * MLS_MAX_RULE_REGEX_BYTES + 4];
      if (escaped(esc, sizeof(esc), val->s, val->len) < 0) {
        rule__err(L, MLS_ELIMIT, val, "value too long");
        return NULL;
      }
      n2 = snprintf(re, sizeof(re), "%s%s%s", op->form == 4 ? "" : "^", esc,
                    op->form == 3 ? "" : "$");
    }
    if (n2 < 0 || (size_t)n2 >= sizeof(re) ||
        rule__compile_regex_str(L, c, val, re, (size_t)n2, op->form == 5) < 0) {
      if (!L->err) {
        rule__err(L, MLS_ELIMIT, val, "regex too long");
      }
      return NULL;
    }
  }
  }
  return c;
}

static rule_cond *connection_block(rule_loader *L, const ynode *n)
{
  const ynode *ct = rule__ymap_get(n, "connected_resource_types");
  const ynode *opn = rule__ymap_get(n, "operator");
  types other = { NULL, 0, 0, false };
  rule_cond *any = NULL, *out = NULL;
  bool exists;
  if (!ct || !opn || opn->kind != Y_SCALAR) {
    rule__err(L, MLS_EINPUT, n,
              "a connection block needs connected_resource_types and "
              "operator");
    return NULL;
  }
  if (strcmp(opn->s, "exists") == 0) {
    exists = true;
  } else if (strcmp(opn->s, "not_exists") == 0) {
    exists = false;
  } else {
    rule__err(L, MLS_EINPUT, opn,
              "a connection's operator is exists or "
              "not_exists");
    return NULL;
  }
  if (collect(L, ct, &other) < 0) {
    goto done;
  }
  if (!(any = rule__new_cond(L, RC_ANY, n)) ||
      !(any->kids =
            mls_arena_alloc(L->rs->arena, 2 * other.n * sizeof(*any->kids)))) {
    if (!L->err) {
      rule__err(L, MLS_ENOMEM, NULL, "out of memory");
    }
    goto done;
  }
  for (size_t i = 0; i < other.n; i++) {
    rule_cond *to = rule__new_cond(L, RC_CONNECTED, n);
    rule_cond *from = rule__new_cond(L, RC_REFERENCED, n);
    if (!to || !from) {
      goto done;
    }
    to->type = other.v[i];
    to->match_any = true;
    to->when_absent = RA_FAIL;
    from->type = other.v[i];
    from->attr = "";
    from->when_absent = RA_FAIL;
    any->kids[any->nkids++] = to;
    any->kids[any->nkids++] = from;
  }
  if (exists) {
    out = any;
  } else if ((out = rule__new_cond(L, RC_NOT, n)) &&
             (out->kids = mls_arena_alloc(L->rs->arena, sizeof(*out->kids)))) {
    out->kids[0] = any;
    out->nkids = 1;
  } else {
    out = NULL;
    if (!L->err) {
      rule__err(L, MLS_ENOMEM, NULL, "out of memory");
    }
  }
done:
  mls_free(other.v);
  return out;
}

static rule_cond *logic(rule_loader *L, const ynode *n, const ynode *list,
                        bool all, types *t, int depth)
{
  rule_cond *c;
  if (list->kind != Y_SEQ || list->n == 0) {
    rule__err(L, MLS_EINPUT, list, "and/or want a non-empty list");
    return NULL;
  }
  if (!(c = rule__new_cond(L, all ? RC_ALL : RC_ANY, n)) ||
      !(c->kids = mls_arena_alloc(L->rs->arena, list->n * sizeof(*c->kids)))) {
    if (!L->err) {
      rule__err(L, MLS_ENOMEM, NULL, "out of memory");
    }
    return NULL;
  }
  for (uint32_t i = 0; i < list->n; i++) {
    if (!(c->kids[i] = block(L, list->kids[i], t, depth + 1))) {
      return NULL;
    }
  }
  c->nkids = list->n;
  return c;
}

static const char *const block_keys[] = {
  "cond_type", "resource_types", "attribute",
  "operator",  "value",          "connected_resource_types",
};

static rule_cond *block(rule_loader *L, const ynode *n, types *t, int depth)
{
  const ynode *ctype, *rtypes, *x;
  if (depth > MLS_MAX_NESTING) {
    rule__err(L, MLS_ELIMIT, n, "definition nests too deeply");
    return NULL;
  }
  if (!n || n->kind != Y_MAP) {
    rule__err(L, MLS_EINPUT, n, "a definition block is a mapping");
    return NULL;
  }
  if (n->n == 2 && (x = rule__ymap_get(n, "and"))) {
    return logic(L, n, x, true, t, depth);
  }
  if (n->n == 2 && (x = rule__ymap_get(n, "or"))) {
    return logic(L, n, x, false, t, depth);
  }
  for (uint32_t i = 0; i + 1 < n->n; i += 2) {
    bool known = false;
    for (size_t j = 0; j < sizeof(block_keys) / sizeof(block_keys[0]); j++) {
      known = known || strcmp(n->kids[i]->s, block_keys[j]) == 0;
    }
    if (!known) {
      rule__err(L, MLS_EINPUT, n->kids[i],
                "unknown key '%s' in a Checkov definition", n->kids[i]->s);
      return NULL;
    }
  }
  ctype = rule__ymap_get(n, "cond_type");
  rtypes = rule__ymap_get(n, "resource_types");
  if (!ctype || ctype->kind != Y_SCALAR) {
    rule__err(L, MLS_EINPUT, n, "a definition block needs cond_type");
    return NULL;
  }
  if (strcmp(ctype->s, "filter") == 0) {
    const ynode *a = rule__ymap_get(n, "attribute");
    const ynode *op = rule__ymap_get(n, "operator");
    const ynode *v = rule__ymap_get(n, "value");
    rule_cond *yes;
    if (!a || a->kind != Y_SCALAR || strcmp(a->s, "resource_type") != 0 ||
        !op || op->kind != Y_SCALAR || strcmp(op->s, "within") != 0 || !v) {
      rule__err(L, MLS_EINPUT, n,
                "a filter is attribute: resource_type, operator: within, "
                "value: [types]");
      return NULL;
    }
    if (!t->filtered) {
      t->n = 0;
      t->filtered = true;
    }
    if (collect(L, v, t) < 0 || !(yes = rule__new_cond(L, RC_ALL, n))) {
      return NULL;
    }
    return yes; /* all of nothing: true */
  }
  if (rtypes && rtypes->kind == Y_SCALAR && strcmp(rtypes->s, "all") == 0) {
    if (!t->filtered) {
      rule__err(L, MLS_EINPUT, rtypes,
                "resource_types: all needs a filter block before it");
      return NULL;
    }
  } else if (rtypes && !t->filtered && collect(L, rtypes, t) < 0) {
    return NULL;
  }
  if (strcmp(ctype->s, "attribute") == 0) {
    return attribute_block(L, n);
  }
  if (strcmp(ctype->s, "connection") == 0) {
    if (rule__ymap_get(n, "attribute") || rule__ymap_get(n, "value")) {
      rule__err(L, MLS_EINPUT, n,
                "a connection block has no attribute or value");
      return NULL;
    }
    return connection_block(L, n);
  }
  rule__err(L, MLS_EINPUT, ctype, "unknown cond_type '%s'", ctype->s);
  return NULL;
}

int rule__load_checkov(rule_set *rs, const char *name, const ynode *root,
                       mls_diag *diag)
{
  rule_loader L;
  rule_def *d;
  const ynode *md = rule__ymap_get(root, "metadata");
  const ynode *def = rule__ymap_get(root, "definition");
  const ynode *x;
  types t = { NULL, 0, 0, false };
  rule_cond *cond;
  size_t ntf = 0, ncfn = 0;
  const char **tf = NULL, **cfn = NULL;

  memset(&L, 0, sizeof(L));
  L.rs = rs;
  L.diag = diag;
  L.name = name;
  for (uint32_t i = 0; i + 1 < root->n; i += 2) {
    const char *k = root->kids[i]->s;
    if (strcmp(k, "metadata") != 0 && strcmp(k, "definition") != 0 &&
        strcmp(k, "scope") != 0) {
      return rule__err(&L, MLS_EINPUT, root->kids[i],
                       "unknown key '%s' in a Checkov policy", k);
    }
  }
  if (md->kind != Y_MAP) {
    return rule__err(&L, MLS_EINPUT, md, "metadata is a mapping");
  }
  if (!(d = mls_arena_zalloc(rs->arena, sizeof(*d))) ||
      !(d->meta.source = mls_arena_strndup(rs->arena, name, strlen(name)))) {
    return rule__err(&L, MLS_ENOMEM, NULL, "out of memory");
  }
  d->meta.checkov_format = true;
  d->meta.severity = MLS_RSEV_MEDIUM;
  if (!(x = rule__ymap_get(md, "id")) ||
      !(d->meta.id = rule__str(&L, x, "metadata.id"))) {
    return L.err ? L.err : rule__err(&L, MLS_EINPUT, md, "metadata has no id");
  }
  if (!rule__valid_type(d->meta.id)) {
    return rule__err(&L, MLS_EINPUT, x, "bad policy id '%s'", d->meta.id);
  }
  if ((x = rule__ymap_get(md, "name")) &&
      !(d->meta.title = rule__str(&L, x, "metadata.name"))) {
    return L.err;
  }
  if (!d->meta.title) {
    d->meta.title = d->meta.id;
  }
  if ((x = rule__ymap_get(md, "severity"))) {
    int s = x->kind == Y_SCALAR ? mls_rsev_parse(x->s) : -1;
    if (s <= 0) {
      return rule__err(&L, MLS_EINPUT, x,
                       "severity is critical, high, medium or low");
    }
    d->meta.severity = (mls_rsev)s;
  }
  if ((x = rule__ymap_get(md, "guideline")) &&
      !(d->meta.help_uri = rule__str(&L, x, "metadata.guideline"))) {
    return L.err;
  }
  if ((x = rule__ymap_get(md, "category"))) {
    const char **tags = mls_arena_alloc(rs->arena, sizeof(*tags));
    char *cat = rule__str(&L, x, "metadata.category");
    if (!tags || !cat) {
      return L.err ? L.err : rule__err(&L, MLS_ENOMEM, NULL, "out of memory");
    }
    for (char *p = cat; *p; p++) {
      *p = (char)mls_tolower((unsigned char)*p);
    }
    tags[0] = cat;
    d->meta.tags = tags;
    d->meta.ntags = 1;
  }
  cond = block(&L, def, &t, 0);
  if (!cond) {
    mls_free(t.v);
    return L.err ? L.err : MLS_EINPUT;
  }
  if (t.n == 0) {
    mls_free(t.v);
    return rule__err(&L, MLS_EINPUT, def,
                     "the definition names no "
                     "resource_types");
  }
  if (!(tf = mls_arena_zalloc(rs->arena, t.n * sizeof(*tf))) ||
      !(cfn = mls_arena_zalloc(rs->arena, t.n * sizeof(*cfn)))) {
    mls_free(t.v);
    return rule__err(&L, MLS_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < t.n; i++) {
    if (strstr(t.v[i], "::")) {
      cfn[ncfn++] = t.v[i];
    } else {
      tf[ntf++] = t.v[i];
    }
  }
  mls_free(t.v);
  d->meta.tf_types = tf;
  d->meta.ntf_types = ntf;
  d->meta.cfn_types = cfn;
  d->meta.ncfn_types = ncfn;
  d->has_tf = ntf > 0;
  d->has_cfn = ncfn > 0;
  d->cond_tf = ntf ? cond : NULL;
  d->cond_cfn = ncfn ? cond : NULL;
  d->base_severity = d->meta.severity;
  return rule__add_def(rs, d);
}
