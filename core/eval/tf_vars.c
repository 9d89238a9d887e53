/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_vars.c -- the root module's input variable values.
 *
 * Stage: evaluation. Terraform's precedence, lowest first (a later source
 * replaces an earlier one): TF_VAR_* environment variables (only with
 * --env-vars), terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
 * *.auto.tfvars.json in byte order of name, then the files --env NAME
 * selects (NAME.tfvars in env/, envs/, environments/, vars/ and tfvars/,
 * every .tfvars of env/NAME/, envs/NAME/ and environments/NAME/ in byte
 * order, NAME.tfvars, each also as .tfvars.json), then --var-file and --var in
 * command-line order. A declared variable none of them sets takes its
 * default, and one without a default is unknown (tf_module.c). Values from
 * --var and TF_VAR_ are taken literally for primitive and untyped
 * variables and parsed as HCL otherwise, as Terraform does. Variable files
 * hold constants: a reference in one is an error value.
 */
#include "core/eval/tf_int.h"

#include "core/base/alloc.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdio.h>
#include <string.h>

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int var_index(const tf_ctx *c, mls_span name)
{
  return tf__decl_find(c->root->mod, TF_D_VAR, false, mls_span_of(NULL, 0),
                       name);
}

static const hcl_expr *var_type(const tf_ctx *c, int idx)
{
  const tf_decl *d = &c->root->mod->decls[TF_D_VAR][idx];
  for (uint32_t i = 0; i < d->body.nattrs; i++) {
    if (mls_span_eq(d->body.attrs[i].attr->name, "type")) {
      return d->body.attrs[i].attr->expr;
    }
  }
  return NULL;
}

/* A value from a --var-file has no place in the repository: its tree
 * loses its file, so a finding it decides is reported where the
 * repository uses it, as one from --var is. */
static void unlocate(mls_value *v, int depth)
{
  if (!v || depth > MLS_MAX_NESTING * 4) {
    return;
  }
  v->file = MLS_NO_FILE;
  if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      unlocate(v->u.list.items[i], depth + 1);
    }
  } else if (v->kind == MLS_V_MAP) {
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      unlocate(v->u.map.entries[i].value, depth + 1);
    }
  }
}

/* Apply every assignment of a parsed variable file. `cli` names a
 * --var-file (outside the repository: its diagnostics name it in their
 * message and carry no path, and its values no place), NULL a file of
 * the repository. */
static void apply_file(tf_ctx *c, const tf_file *f, const char *cli)
{
  const hcl_body *b;
  tf_scope s;

  if (f->rc < 0 || !f->hcl) {
    if (!cli) {
      tf__model_file(c, f->id); /* its diagnostics say why */
    }
    return;
  }
  if (!cli) {
    tf__model_file(c, f->id);
  }
  b = f->hcl->body;
  memset(&s, 0, sizeof(s));
  s.file = f->id;
  for (uint32_t i = 0; i < b->nblocks; i++) {
    if (cli) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, TF_NO_FILE, NULL,
               "--var-file %s:%u: a variable file holds only assignments; "
               "block ignored",
               cli, (unsigned)b->blocks[i].type_range.start.line);
    } else {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, f->id, &b->blocks[i].type_range,
               "a variable file holds only assignments; block ignored");
    }
  }
  for (uint32_t i = 0; i < b->nattrs && !c->fail; i++) {
    const hcl_attr *at = &b->attrs[i];
    int idx = var_index(c, at->name);
    if (idx < 0) {
      if (cli) {
        tf__diag(c, MLS_EINPUT, MLS_SEV_NOTE, TF_NO_FILE, NULL,
                 "--var-file %s:%u: value for undeclared variable \"%.*s\" "
                 "ignored",
                 cli, (unsigned)at->name_range.start.line, (int)at->name.len,
                 at->name.ptr);
      } else {
        tf__diag(c, MLS_EINPUT, MLS_SEV_NOTE, f->id, &at->name_range,
                 "value for undeclared variable \"%.*s\" ignored",
                 (int)at->name.len, at->name.ptr);
      }
      continue;
    }
    c->rootvals[idx].v = tf__eval(c, &s, at->expr);
    if (cli) {
      unlocate(c->rootvals[idx].v, 0);
    }
    c->rootvals[idx].from_cli = false;
  }
}

/* Load and apply the variable file at `path` (repository-relative). */
static void apply_path(tf_ctx *c, const char *path)
{
  tf_file *f = tf__file_load(c->ld, path, TF_F_VARS);
  if (!f) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  apply_file(c, f, NULL);
}

/* NAME=VALUE from --var or TF_VAR_name=VALUE. */
static void apply_assignment(tf_ctx *c, const char *name, size_t nlen,
                             const char *val, size_t vlen, const char *what)
{
  int idx = var_index(c, mls_span_of(name, nlen));
  const hcl_expr *type;
  char *copy;
  mls_value *v;

  if (idx < 0) {
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, TF_NO_FILE, NULL,
             "%s: value for undeclared variable \"%.*s\" ignored", what,
             (int)nlen, name);
    return;
  }
  if (!(copy = mls_arena_strndup(c->a, val, vlen))) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  type = var_type(c, idx);
  if (tf__type_is_primitive(type)) {
    v = mls_value_string_borrowed(c->a, mls_span_of(copy, vlen));
  } else {
    mls_diag scratch = MLS_DIAG_INIT;
    mls_pos base = { 0, 1, 1 };
    hcl_expr *e = NULL;
    tf_scope s;
    int rc = hcl_parse_expression(&e, c->a, copy, vlen, base, &scratch);
    mls_diag_dispose(&scratch);
    if (rc == MLS_ENOMEM) {
      tf__fail(c, MLS_ENOMEM);
      return;
    }
    if (rc < 0 || !e) {
      tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, TF_NO_FILE, NULL,
               "%s: the value of \"%.*s\" is not a valid expression", what,
               (int)nlen, name);
      v = mls_value_unknown(c->a, mls_span_of(copy, vlen),
                            "error: the value is not a valid expression");
    } else {
      memset(&s, 0, sizeof(s));
      s.file = TF_NO_FILE;
      v = tf__eval(c, &s, e);
    }
  }
  if (!v) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  c->rootvals[idx].v = v;
  c->rootvals[idx].from_cli = true;
}

/* The variable files of `dir` that match `want`, in byte order. */
static void apply_matching(tf_ctx *c, const char *dir,
                           bool (*want)(const char *name, const char *env),
                           const char *env, uint32_t *found)
{
  char **names = NULL;
  size_t n = 0;
  char path[MLS_MAX_PATH_BYTES];
  int rc = tf__list_files(c->ld, dir, &names, &n, false);
  if (rc == MLS_ENOMEM) {
    tf__fail(c, rc);
    return;
  }
  for (size_t i = 0; i < n && !c->fail; i++) {
    if (!want(names[i], env) ||
        tf__path_join(path, sizeof(path), dir, names[i]) < 0) {
      continue;
    }
    apply_path(c, path);
    (*found)++;
  }
  tf__names_free(names, n);
}

static bool want_terraform_tfvars(const char *name, const char *env)
{
  (void)env;
  return strcmp(name, "terraform.tfvars") == 0;
}

static bool want_terraform_tfvars_json(const char *name, const char *env)
{
  (void)env;
  return strcmp(name, "terraform.tfvars.json") == 0;
}

static bool want_auto(const char *name, const char *env)
{
  (void)env;
  return has_suffix(name, ".auto.tfvars") ||
         has_suffix(name, ".auto.tfvars.json");
}

static bool want_any_tfvars(const char *name, const char *env)
{
  (void)env;
  return has_suffix(name, ".tfvars") || has_suffix(name, ".tfvars.json");
}

/* NAME.tfvars or NAME.tfvars.json */
static bool want_env_file(const char *name, const char *env)
{
  size_t n = strlen(env);
  return strncmp(name, env, n) == 0 && (strcmp(name + n, ".tfvars") == 0 ||
                                        strcmp(name + n, ".tfvars.json") == 0);
}

/* An environment name becomes a path segment: refuse anything that could
 * step out of the module directory. */
static bool env_name_ok(const char *env)
{
  if (!env[0] || strcmp(env, ".") == 0 || strcmp(env, "..") == 0) {
    return false;
  }
  for (const char *p = env; *p; p++) {
    if (*p == '/' || *p == '\\') {
      return false;
    }
  }
  return strlen(env) < 256;
}

/* Folders of NAME.tfvars files, and folders of NAME/ folders, where
 * --env NAME looks (docs/tf-eval.md). */
static const char *const env_files[] = { "env", "envs", "environments", "vars",
                                         "tfvars" };
static const char *const env_dirs[] = { "env", "envs", "environments" };

static void apply_env(tf_ctx *c, const char *dir, const char *env)
{
  char sub[MLS_MAX_PATH_BYTES];
  uint32_t found = 0;

  if (!env_name_ok(env)) {
    tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, TF_NO_FILE, NULL,
             "--env \"%s\" is not a usable environment name; no variable "
             "file selected",
             env);
    return;
  }
  /* The layouts teams use: a file per environment in a folder of them,
   * or a folder per environment (its every .tfvars, in byte order). */
  for (size_t i = 0; i < sizeof(env_files) / sizeof(env_files[0]); i++) {
    if (tf__path_join(sub, sizeof(sub), dir, env_files[i]) == 0) {
      apply_matching(c, sub, want_env_file, env, &found);
    }
  }
  for (size_t i = 0; i < sizeof(env_dirs) / sizeof(env_dirs[0]); i++) {
    char envdir[MLS_MAX_PATH_BYTES];
    if (tf__path_join(sub, sizeof(sub), dir, env_dirs[i]) == 0 &&
        tf__path_join(envdir, sizeof(envdir), sub, env) == 0) {
      apply_matching(c, envdir, want_any_tfvars, env, &found);
    }
  }
  apply_matching(c, dir, want_env_file, env, &found);
  if (!found) {
    tf__diag(c, MLS_OK, MLS_SEV_NOTE, TF_NO_FILE, NULL,
             "%s: no variable file for environment \"%s\" (looked for "
             "%s.tfvars in env/, envs/, environments/, vars/ and tfvars/, "
             "*.tfvars in env/%s/, envs/%s/ and environments/%s/, and "
             "%s.tfvars)",
             dir[0] ? dir : ".", env, env, env, env, env, env);
  }
}

void tf__root_vars(tf_ctx *c)
{
  const tf_module *mod = c->root->mod;
  const tf_opts *o = c->opts;
  uint32_t found = 0;

  c->rootvals = mls_arena_zalloc(c->a, ((size_t)mod->ndecls[TF_D_VAR] + 1) *
                                           sizeof(tf_rootval));
  if (!c->rootvals) {
    tf__fail(c, MLS_ENOMEM);
    return;
  }
  for (size_t i = 0; i < o->nenv_vars && !c->fail; i++) {
    const char *ev = o->env_vars[i], *eq;
    if (strncmp(ev, "TF_VAR_", 7) != 0 || !(eq = strchr(ev + 7, '='))) {
      continue;
    }
    apply_assignment(c, ev + 7, (size_t)(eq - ev - 7), eq + 1, strlen(eq + 1),
                     "TF_VAR_");
  }
  apply_matching(c, mod->dir, want_terraform_tfvars, NULL, &found);
  apply_matching(c, mod->dir, want_terraform_tfvars_json, NULL, &found);
  apply_matching(c, mod->dir, want_auto, NULL, &found);
  if (o->env && !c->fail) {
    apply_env(c, mod->dir, o->env);
  }
  for (size_t i = 0; i < o->ncli_vars && !c->fail; i++) {
    const tf_cli_var *cv = &o->cli_vars[i];
    if (cv->file) {
      tf_file *f = tf__file_add(c->ld, cv->file, cv->data, cv->len);
      if (!f) {
        tf__fail(c, MLS_ENOMEM);
        return;
      }
      apply_file(c, f, cv->file);
    } else {
      const char *eq = strchr(cv->data, '=');
      if (!eq || eq == cv->data) {
        tf__diag(c, MLS_EINPUT, MLS_SEV_WARNING, TF_NO_FILE, NULL,
                 "--var \"%s\" is not NAME=VALUE; ignored", cv->data);
        continue;
      }
      apply_assignment(c, cv->data, (size_t)(eq - cv->data), eq + 1,
                       strlen(eq + 1), "--var");
    }
  }
}
