/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/config.c -- the `.mlsweep.yaml` loader (config.h,
 * docs/configuration.md).
 *
 * Stage: set-up. Reads the YAML tree of ytree.c (bounded nodes and
 * nesting, no aliases) and copies what it accepts into the configuration's
 * arena. Trusts nothing: the file size is bounded, every scalar is checked
 * for its shape (ids and tags are short printable words, dates are
 * YYYY-MM-DD, severities are names), and each problem is a diagnostic at
 * the node's line.
 */
#include "core/rules/config.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/rules/rules_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Arena of one configuration: the file is at most MLS_MAX_CONFIG_BYTES,
 * and its tree and copies fit in a few times that. */
#define CONFIG_ARENA_CAP ((size_t)MLS_MAX_CONFIG_BYTES * 8)

/* Longest rule id, tag or env name accepted. */
#define MAX_WORD 128

typedef struct loader {
  rule_file_config *c; /* being filled */
  mls_diag *diag;      /* where problems go */
  bool repo;           /* RULE_CONFIG_REPO */
  int err;             /* first error, or 0 */
} loader;

static int cfg_err(loader *L, int rc, mls_severity sev, const ynode *at,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int cfg_err(loader *L, int rc, mls_severity sev, const ynode *at,
                   const char *fmt, ...)
{
  mls_range r;
  va_list ap;
  if (at) {
    r = rule__ynode_range(at);
  }
  va_start(ap, fmt);
  mls_diag_addv(L->diag, rc, sev, at ? &r : NULL, fmt, ap);
  va_end(ap);
  if (sev == MLS_SEV_ERROR && (!L->err || rc == MLS_ENOMEM)) {
    L->err = rc;
  }
  return rc;
}

/* A rule id, tag or env name: printable ASCII without spaces, bounded. */
static bool word_ok(const ynode *n)
{
  if (!n || n->kind != Y_SCALAR || n->len == 0 || n->len > MAX_WORD) {
    return false;
  }
  for (size_t i = 0; i < n->len; i++) {
    unsigned char ch = (unsigned char)n->s[i];
    if (ch <= ' ' || ch >= 0x7f) {
      return false;
    }
  }
  return true;
}

static bool date_ok(const char *s, size_t n)
{
  static const char shape[] = "dddd-dd-dd";
  if (n != 10) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    if (shape[i] == 'd' ? !digit : s[i] != '-') {
      return false;
    }
  }
  return true;
}

/* A scalar copied into the arena, or NULL (diagnostic) when it is not a
 * scalar. */
static const char *text(loader *L, const ynode *n, const char *what)
{
  char *s;
  if (!n || n->kind != Y_SCALAR) {
    cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, n, "%s must be a string", what);
    return NULL;
  }
  if (!(s = mls_arena_strndup(L->c->arena, n->s, n->len))) {
    cfg_err(L, MLS_ENOMEM, MLS_SEV_ERROR, NULL, "out of memory");
  }
  return s;
}

static const char *word(loader *L, const ynode *n, const char *what)
{
  if (!word_ok(n)) {
    cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, n,
            "%s must be a rule id, tag or name (printable, no spaces, at "
            "most %d bytes)",
            what, MAX_WORD);
    return NULL;
  }
  return text(L, n, what);
}

/* A scalar or a sequence of scalars into an arena array of strings.
 * `words`: each must be word_ok. */
static void str_list(loader *L, const ynode *n, const char *key, bool words,
                     const char *const **out, size_t *nout)
{
  const ynode *one[1];
  const ynode *const *items = one;
  size_t count = 1;
  const char **v;
  if (n->kind == Y_SEQ) {
    items = (const ynode *const *)n->kids;
    count = n->n;
  } else if (n->kind == Y_SCALAR) {
    one[0] = n;
  } else {
    cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, n,
            "'%s' must be a string or a list of strings", key);
    return;
  }
  if (count > MLS_MAX_CONFIG_ENTRIES) {
    cfg_err(L, MLS_ELIMIT, MLS_SEV_ERROR, n, "'%s' has more than %u entries",
            key, MLS_MAX_CONFIG_ENTRIES);
    return;
  }
  if (!(v = mls_arena_zalloc(L->c->arena, (count ? count : 1) * sizeof(*v)))) {
    cfg_err(L, MLS_ENOMEM, MLS_SEV_ERROR, NULL, "out of memory");
    return;
  }
  for (size_t i = 0; i < count; i++) {
    v[i] = words ? word(L, items[i], key) : text(L, items[i], key);
    if (!v[i]) {
      return;
    }
    if (!words && v[i][0] == '\0') {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, items[i], "'%s' has an empty entry",
              key);
      return;
    }
  }
  *out = v;
  *nout = count;
}

/* `disable:` -- ids/tags, or maps {id, reason, expires}. */
static void disable_list(loader *L, const ynode *n)
{
  const ynode *one[1];
  const ynode *const *items = one;
  size_t count = 1;
  rule_disable *v;
  if (n->kind == Y_SEQ) {
    items = (const ynode *const *)n->kids;
    count = n->n;
  } else if (n->kind == Y_SCALAR || n->kind == Y_MAP) {
    one[0] = n;
  }
  if (count > MLS_MAX_CONFIG_ENTRIES) {
    cfg_err(L, MLS_ELIMIT, MLS_SEV_ERROR, n,
            "'disable' has more than %u entries", MLS_MAX_CONFIG_ENTRIES);
    return;
  }
  if (!(v = mls_arena_zalloc(L->c->arena, (count ? count : 1) * sizeof(*v)))) {
    cfg_err(L, MLS_ENOMEM, MLS_SEV_ERROR, NULL, "out of memory");
    return;
  }
  for (size_t i = 0; i < count; i++) {
    const ynode *it = items[i];
    v[i].line = it->line;
    if (it->kind == Y_SCALAR) {
      if (!(v[i].match = word(L, it, "a 'disable' entry"))) {
        return;
      }
    } else if (it->kind == Y_MAP) {
      for (uint32_t k = 0; k + 1 < it->n; k += 2) {
        const ynode *key = it->kids[k], *val = it->kids[k + 1];
        if (key->kind != Y_SCALAR) {
          cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, key, "keys are strings");
          return;
        }
        if (strcmp(key->s, "id") == 0) {
          v[i].match = word(L, val, "'disable' id");
        } else if (strcmp(key->s, "reason") == 0) {
          v[i].reason = text(L, val, "'disable' reason");
        } else if (strcmp(key->s, "expires") == 0) {
          if (val->kind != Y_SCALAR || !date_ok(val->s, val->len)) {
            cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, val,
                    "'expires' must be a date, YYYY-MM-DD");
            return;
          }
          v[i].expires = text(L, val, "'expires'");
        } else {
          cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, key,
                  "unknown key '%s' in a 'disable' entry (id, reason, "
                  "expires)",
                  key->s);
          return;
        }
        if (L->err) {
          return;
        }
      }
      if (!v[i].match) {
        cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, it,
                "a 'disable' entry needs an 'id' (a rule id or a tag)");
        return;
      }
    } else {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, it,
              "a 'disable' entry is a rule id or tag, or a map with id, "
              "reason and expires");
      return;
    }
    if (L->repo && (!v[i].reason || !v[i].reason[0])) {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, it,
              "a repository's 'disable' entry needs a 'reason'");
      return;
    }
  }
  L->c->disable = v;
  L->c->ndisable = count;
}

static bool sev_of(loader *L, const ynode *n, mls_rsev *out)
{
  int s;
  char buf[16];
  if (!n || n->kind != Y_SCALAR || n->len >= sizeof(buf)) {
    s = -1;
  } else {
    memcpy(buf, n->s, n->len);
    buf[n->len] = '\0';
    s = mls_rsev_parse(buf);
  }
  if (s <= (int)MLS_RSEV_NONE) {
    cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, n,
            "a severity is critical, high, medium or low");
    return false;
  }
  *out = (mls_rsev)s;
  return true;
}

/* `severity:` -- a map {ID-or-tag: SEV} or a list of {match, severity,
 * env}. */
static void severity_list(loader *L, const ynode *n)
{
  size_t count = n->kind == Y_MAP ? n->n / 2 : n->kind == Y_SEQ ? n->n : 0;
  rule_sev_override *v;
  if (n->kind != Y_MAP && n->kind != Y_SEQ) {
    cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, n,
            "'severity' is a map from rule id or tag to severity, or a "
            "list of {match, severity, env}");
    return;
  }
  if (count > MLS_MAX_CONFIG_ENTRIES) {
    cfg_err(L, MLS_ELIMIT, MLS_SEV_ERROR, n,
            "'severity' has more than %u entries", MLS_MAX_CONFIG_ENTRIES);
    return;
  }
  if (!(v = mls_arena_zalloc(L->c->arena, (count ? count : 1) * sizeof(*v)))) {
    cfg_err(L, MLS_ENOMEM, MLS_SEV_ERROR, NULL, "out of memory");
    return;
  }
  for (size_t i = 0; i < count; i++) {
    if (n->kind == Y_MAP) {
      if (!(v[i].match = word(L, n->kids[2 * i], "a 'severity' key")) ||
          !sev_of(L, n->kids[2 * i + 1], &v[i].severity)) {
        return;
      }
      continue;
    }
    const ynode *it = n->kids[i];
    bool have_sev = false;
    if (it->kind != Y_MAP) {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, it,
              "a 'severity' entry is a map {match, severity, env}");
      return;
    }
    for (uint32_t k = 0; k + 1 < it->n; k += 2) {
      const ynode *key = it->kids[k], *val = it->kids[k + 1];
      if (key->kind != Y_SCALAR) {
        cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, key, "keys are strings");
        return;
      }
      if (strcmp(key->s, "match") == 0 || strcmp(key->s, "id") == 0) {
        v[i].match = word(L, val, "'severity' match");
      } else if (strcmp(key->s, "severity") == 0) {
        have_sev = sev_of(L, val, &v[i].severity);
      } else if (strcmp(key->s, "env") == 0) {
        v[i].env = word(L, val, "'severity' env");
      } else {
        cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, key,
                "unknown key '%s' in a 'severity' entry (match, severity, "
                "env)",
                key->s);
      }
      if (L->err) {
        return;
      }
    }
    if (!v[i].match || !have_sev) {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, it,
              "a 'severity' entry needs 'match' and 'severity'");
      return;
    }
  }
  L->c->overrides = v;
  L->c->noverrides = count;
}

static void top_key(loader *L, const ynode *key, const ynode *val)
{
  rule_file_config *c = L->c;
  const char *k = key->s;
  bool known = strcmp(k, "version") == 0 || strcmp(k, "disable") == 0 ||
               strcmp(k, "enable") == 0 || strcmp(k, "severity") == 0 ||
               strcmp(k, "rules") == 0 || strcmp(k, "env") == 0 ||
               strcmp(k, "var_files") == 0 || strcmp(k, "exclude") == 0;

  if (!known) {
    cfg_err(L, MLS_EINPUT, L->repo ? MLS_SEV_WARNING : MLS_SEV_ERROR, key,
            "unknown key '%s' (version, enable, disable, severity, rules, "
            "env, var_files, exclude)",
            k);
    return;
  }
  if (strcmp(k, "version") == 0) {
    if (val->kind != Y_SCALAR || val->len != 1 || val->s[0] != '1') {
      cfg_err(L, MLS_EINPUT, MLS_SEV_ERROR, val,
              "this mlsweep reads configuration version 1");
    }
    return;
  }
  if (strcmp(k, "disable") == 0) {
    disable_list(L, val);
    return;
  }
  if (L->repo) {
    /* A repository may only say which rules it waives, and why; the
     * results stay visible as suppressed. */
    cfg_err(L, MLS_EINPUT, MLS_SEV_WARNING, key,
            "'%s' is ignored in a repository's own configuration; only "
            "'disable' is read there",
            k);
    return;
  }
  if (strcmp(k, "enable") == 0) {
    str_list(L, val, k, true, &c->enable, &c->nenable);
  } else if (strcmp(k, "severity") == 0) {
    severity_list(L, val);
  } else if (strcmp(k, "rules") == 0) {
    str_list(L, val, k, false, &c->rule_paths, &c->nrule_paths);
  } else if (strcmp(k, "var_files") == 0) {
    str_list(L, val, k, false, &c->var_files, &c->nvar_files);
  } else if (strcmp(k, "exclude") == 0) {
    str_list(L, val, k, false, &c->exclude, &c->nexclude);
  } else if (strcmp(k, "env") == 0) {
    c->env = word(L, val, "'env'");
  }
}

/* Only blank lines and comments: no YAML node at all. */
static bool blank(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) {
      i++;
    }
    bool skip = i < n && s[i] == '#';
    if (i < n && s[i] != '\n' && !skip) {
      return false;
    }
    while (i < n && s[i] != '\n') {
      i++;
    }
    i++;
  }
  return true;
}

int rule_file_config_load(rule_file_config **out, const char *name,
                          const char *data, size_t len, unsigned flags,
                          mls_diag *diag)
{
  loader L;
  ynode *root = NULL;
  const char *saved = diag->path;
  rule_file_config *c = NULL;
  mls_arena *a = NULL;
  int rc;

  MLS_ASSERT_ARG(out && name && (data || !len) && diag);
  *out = NULL;
  diag->path = name;
  memset(&L, 0, sizeof(L));
  L.diag = diag;
  L.repo = (flags & RULE_CONFIG_REPO) != 0;
  if (len > MLS_MAX_CONFIG_BYTES) {
    rc = mls_diag_add(diag, MLS_ELIMIT, NULL,
                      "configuration of %zu bytes is too large (at most %u)",
                      len, MLS_MAX_CONFIG_BYTES);
    goto done;
  }
  if (!(a = mls_arena_new(CONFIG_ARENA_CAP)) ||
      !(c = mls_arena_zalloc(a, sizeof(*c))) ||
      !(c->name = mls_arena_strndup(a, name, strlen(name)))) {
    rc = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
    goto done;
  }
  c->arena = a;
  L.c = c;
  if (blank(data, len)) {
    rc = MLS_OK; /* an empty or comment-only file configures nothing */
    goto done;
  }
  if ((rc = rule__yaml_read(&root, a, data, len, diag)) < 0) {
    goto done;
  }
  if (root->kind == Y_SCALAR && root->plain &&
      (root->len == 0 || strcmp(root->s, "~") == 0 ||
       strcmp(root->s, "null") == 0)) {
    rc = MLS_OK; /* only comments */
    goto done;
  }
  if (root->kind != Y_MAP) {
    rc = mls_diag_add(diag, MLS_EINPUT, NULL,
                      "a configuration file is a YAML mapping");
    goto done;
  }
  for (uint32_t i = 0; i + 1 < root->n && !L.err; i += 2) {
    if (root->kids[i]->kind != Y_SCALAR) {
      cfg_err(&L, MLS_EINPUT, MLS_SEV_ERROR, root->kids[i], "keys are strings");
      break;
    }
    top_key(&L, root->kids[i], root->kids[i + 1]);
  }
  if (!L.err && mls_arena_failed(a)) {
    L.err = mls_diag_add(diag, MLS_ENOMEM, NULL, "out of memory");
  }
  rc = L.err;

done:
  diag->path = saved;
  if (rc < 0) {
    mls_arena_free(a);
    return rc;
  }
  *out = c;
  return MLS_OK;
}

void rule_file_config_free(rule_file_config *c)
{
  if (c) {
    mls_arena_free(c->arena); /* c itself lives in its arena */
  }
}

const rule_disable *rule_file_config_disabled(const rule_file_config *c,
                                              const rule_meta *m)
{
  const rule_disable *hit = NULL;
  if (!c || !m || !m->id) {
    return NULL;
  }
  for (size_t i = 0; i < c->ndisable; i++) {
    const char *x = c->disable[i].match;
    bool match = strcmp(x, m->id) == 0;
    for (size_t t = 0; !match && t < m->ntags; t++) {
      match = strcmp(x, m->tags[t]) == 0;
    }
    if (match) {
      hit = &c->disable[i];
    }
  }
  return hit;
}
