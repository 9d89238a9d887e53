/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_int.h -- internals shared by the Terraform evaluator's files
 * (tf_source.c, tf_load.c, tf_share.c, tf_vars.c, tf_value.c, tf_expr.c,
 * tf_module.c, tf_policy.c, tf_known.c). Not part of the API: see tf_eval.h.
 *
 * Three layers of state, each with its own lifetime:
 *   - tf_loader: parsed files and module tables, per repository; read-only
 *     once a module is loaded, shared by every evaluation of the loader.
 *   - tf_ctx: one root module evaluation; owns the model being built. All
 *     values go to the model's arena.
 *   - tf_minst / tf_rstate / tf_cstate: one module instance and the state of
 *     its resources and calls, evaluated lazily and memoised, in the ctx.
 * Single-threaded: one job owns all three. Only a loader's files may come
 * from a tf_share, whose bytes and trees every loader only reads.
 */
#ifndef MLS_EVAL_TF_INT_H
#define MLS_EVAL_TF_INT_H

#include "core/eval/tf_eval.h"
#include "core/eval/tf_funcs.h"
#include "core/eval/tf_share.h"

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/model/model.h"
#include "parsers/hcl/hcl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TF_VF_OPEN (tf_funcs.h): a MAP built from a resource's configuration. */

#define TF_NO_FILE UINT32_MAX /* a tf_file id for text with no file */

/* ---- loader ------------------------------------------------------------ */

typedef enum tf_fkind {
  TF_F_CONFIG = 0, /* .tf / .tf.json of a module */
  TF_F_VARS,       /* .tfvars / .tfvars.json, or a --var-file */
  TF_F_TEXT        /* read by file()/templatefile(): not parsed */
} tf_fkind;

/* ---- the share (tf_share.c) ---------------------------------------------- */

typedef struct tf_share_ent tf_share_ent;

/* The ways a file's bytes are parsed; one tree of each per content. */
typedef enum tf_share_syntax {
  TF_SH_NATIVE = 0,  /* hcl_parse */
  TF_SH_JSON_CONFIG, /* hcl_parse_json_ex, a .tf.json */
  TF_SH_JSON_VARS,   /* hcl_parse_json_ex, a .tfvars.json */
  TF_SH_NSYNTAX
} tf_share_syntax;

/* The entry for `id`, held (release it), or NULL when the share has
 * none. */
tf_share_ent *tf__share_get(tf_share *s, const tf_content_id *id);
/* Add the bytes *data (len and a NUL, mls_malloc'd) read for `id` and hold
 * the entry. *data is the share's then (NULL): the entry's bytes are
 * those of a loader that added them first. NULL when out of memory, *data
 * then still the caller's. */
tf_share_ent *tf__share_put(tf_share *s, const tf_content_id *id, char **data,
                            size_t len);
/* The entry's bytes (and a NUL), valid while it is held. */
const char *tf__share_data(const tf_share_ent *e, size_t *len);
/* The entry's tree in `syn`, parsed by the first caller, and what parsing
 * reported (entries with no path), valid while it is held. MLS_ENOMEM
 * (nothing kept), else MLS_OK. */
int tf__share_tree(tf_share *s, tf_share_ent *e, tf_share_syntax syn,
                   const hcl_file **hcl, const mls_diag **diag);
void tf__share_release(tf_share *s, tf_share_ent *e); /* NULL-safe */

/* One file the loader read. */
typedef struct tf_file {
  char *path;           /* loader arena: repository-relative (or as given) */
  char *data;           /* owned (mls_malloc): len bytes and a NUL; or, with
                           shared set, the share's (read-only) */
  size_t len;           /* bytes in data */
  hcl_file *hcl;        /* owned: the tree, or NULL (TEXT, unreadable); or the
                           share's, with shared set (read-only) */
  tf_share_ent *shared; /* held: where data and hcl come from, or NULL */
  mls_diag diag;        /* owned: what reading and parsing reported */
  uint32_t id;          /* index in tf_loader.files */
  tf_fkind kind;        /* how it was parsed */
  bool is_override;     /* CONFIG: *_override.tf or override.tf(.json) */
  bool parsed;          /* file_parse() ran; a file only read (for the module
                           call scan) is parsed by its first tf__file_load() */
  int rc;               /* MLS_OK, or why it could not be read */
} tf_file;

/* An attribute or a nested block together with the file it came from
 * (after override merging one body mixes files). */
typedef struct tf_aref {
  const hcl_attr *attr; /* borrowed: a tf_file's tree */
  uint32_t file;        /* tf_file id */
} tf_aref;

typedef struct tf_bref {
  const hcl_block *block; /* borrowed: a tf_file's tree */
  uint32_t file;          /* tf_file id */
} tf_bref;

/* A top-level block's body after override files were merged into it. */
typedef struct tf_mbody {
  tf_aref *attrs; /* loader arena */
  uint32_t nattrs;
  tf_bref *blocks; /* loader arena */
  uint32_t nblocks;
} tf_mbody;

typedef enum tf_dkind {
  TF_D_VAR = 0, /* variable "name" */
  TF_D_LOCAL,   /* one attribute of a locals block */
  TF_D_OUTPUT,  /* output "name" */
  TF_D_RES,     /* resource "type" "name" and data "type" "name" */
  TF_D_CALL,    /* module "name" */
  TF_D_NKINDS
} tf_dkind;

/* One declaration of a module. */
typedef struct tf_decl {
  tf_dkind kind;          /* which table it is in */
  bool data;              /* TF_D_RES: a data source */
  mls_span type;          /* TF_D_RES: the type label */
  mls_span name;          /* the name label, or the local's name */
  const hcl_block *block; /* borrowed: the declaring block (NULL: local) */
  const hcl_attr *local;  /* borrowed: TF_D_LOCAL: the attribute */
  uint32_t file;          /* tf_file id of block or local */
  tf_mbody body;          /* block's body with overrides (not for locals) */
} tf_decl;

/* One directory's module. */
typedef struct tf_module {
  char *dir;       /* loader arena: repository-relative, "" = root */
  uint32_t *files; /* loader arena: tf_file ids in byte order */
  uint32_t nfiles; /* config files (primaries and overrides) */
  tf_decl *decls[TF_D_NKINDS]; /* loader arena: by kind, in source order */
  uint32_t ndecls[TF_D_NKINDS];
  uint32_t *hash; /* loader arena: (kind << 28 | index), UINT32_MAX free */
  uint32_t hcap;  /* slots in hash, a power of two */
  mls_diag diag;  /* owned: duplicates, overrides without a base, ... */
  int rc;         /* MLS_OK, MLS_EINPUT (no Terraform file), MLS_EIO ... */
  bool partial;   /* a file has a syntax error: its recovery may have
                     swallowed blocks, so what is absent may be there */
} tf_module;

struct tf_loader {
  tf_source src;    /* copied; payload borrowed */
  mls_arena *arena; /* owned: paths, tables, merged bodies, parsed exprs */
  tf_file **files;  /* owned (mls_malloc): every file read */
  uint32_t nfiles;
  uint32_t capfiles;
  uint32_t *fhash;  /* owned (mls_malloc): files by (kind, path), open
                       addressing; a slot holds 1 + the index, 0 is free */
  uint32_t fhcap;   /* slots in fhash: a power of two, over 2 * nfiles */
  tf_module **mods; /* owned (mls_malloc): every directory loaded */
  uint32_t nmods;
  uint32_t capmods;
  tf_share *share; /* borrowed: files by content across loaders, or NULL */
};

/* The module in `dir` (normalized), loaded on first use. NULL only when out
 * of memory; a directory that cannot be loaded gives a module whose rc
 * says why. */
tf_module *tf__module_load(tf_loader *ld, const char *dir);

/* A file read and parsed as `kind` on first use (TF_F_VARS: by name,
 * .tfvars.json in JSON syntax). NULL only when out of memory; a file that
 * cannot be read has rc < 0. */
tf_file *tf__file_load(tf_loader *ld, const char *path, tf_fkind kind);

/* The local module calls of dir, as tf_dir_calls() returns them (before
 * sorting): _full from the module loader (every file parsed, override
 * files merged), _fast from each file's tokens (hcl_scan_module_calls)
 * when the directory's files allow it, else *done false and nothing
 * returned. tf_dir_calls() tries _fast first; both are here so a test can
 * compare them. */
int tf__dir_calls_full(char ***out, size_t *n, tf_loader *ld, const char *dir);
int tf__dir_calls_fast(char ***out, size_t *n, tf_loader *ld, const char *dir,
                       bool *done);

/* Register bytes that do not come from the source (a --var-file) as a
 * parsed TF_F_VARS file; the bytes are copied. NULL when out of memory. */
tf_file *tf__file_add(tf_loader *ld, const char *name, const char *data,
                      size_t len);

/* Index of the declaration (kind, type, name) in mod->decls[kind], or -1.
 * `type` is ignored except for TF_D_RES, where `data` also must match. */
int tf__decl_find(const tf_module *mod, tf_dkind kind, bool data, mls_span type,
                  mls_span name);

/* Files of a directory, sorted in byte order: owned array of owned names. */
int tf__list_files(tf_loader *ld, const char *dir, char ***out, size_t *n,
                   bool want_dirs);
void tf__names_free(char **names, size_t n);

/* ---- paths (tf_source.c) ----------------------------------------------- */

/* Join `rel` (a relative path as written: "./x", "../y/z") to the
 * normalized directory `dir` and normalize the result into out (cap bytes
 * with the NUL). Returns 0, or -1 when the result leaves the root, rel is
 * absolute or the result does not fit. */
int tf__path_join(char *out, size_t cap, const char *dir, const char *rel);

/* The path of `to` relative to the directory `from` (both normalized), as
 * Terraform prints path.module: "." when equal, "modules/x", "../a". */
int tf__path_rel(char *out, size_t cap, const char *from, const char *to);

/* ---- evaluation state -------------------------------------------------- */

/* A reference to a resource found while evaluating, for mls_edges. */
typedef struct tf_ref {
  struct tf_rstate *to; /* the referenced resource block */
  int32_t inst;         /* instance index in to->inst, -1: every instance */
  mls_span attr;        /* attribute referenced ("arn"), may be empty */
  const char *path;     /* ctx arena: attribute path in the referrer, or
                           NULL when not collected for a resource body */
} tf_ref;

typedef struct tf_refs {
  tf_ref *v; /* ctx arena */
  uint32_t n;
  uint32_t cap;
} tf_refs;

typedef enum tf_state {
  TF_S_NONE = 0, /* not evaluated yet */
  TF_S_BUSY,     /* being evaluated: a reference to it now is a cycle */
  TF_S_DONE      /* v and refs are final */
} tf_state;

/* A lazily evaluated, memoised value: a variable, local or output. */
typedef struct tf_memo {
  uint8_t state; /* tf_state */
  mls_value *v;  /* ctx arena, when DONE */
  tf_ref *refs;  /* ctx arena: resources the value was computed from */
  uint32_t nrefs;
} tf_memo;

typedef enum tf_shape {
  TF_SH_SINGLE = 0, /* no count or for_each: one instance, no key */
  TF_SH_LIST,       /* count: instances keyed 0..n-1 */
  TF_SH_MAP,        /* for_each: instances keyed by string */
  TF_SH_UNKNOWN     /* count/for_each unknown: one representative [*] */
} tf_shape;

struct tf_minst;

/* One instance of a resource or data block. */
typedef struct tf_rinst {
  mls_value *key;        /* NULL (SINGLE), NUMBER, STRING or UNKNOWN */
  mls_value *each_value; /* for_each: each.value; NULL otherwise */
  mls_span addr;         /* ctx arena: full address */
  tf_memo body;          /* the body as references see it (TF_VF_OPEN) */
  mls_value *model_body; /* the body rules see: policies decoded */
  tf_refs refs;          /* references made from the body */
  int32_t model_index;   /* index in mls_model.resources, or -1 */
  bool aws_managed;      /* a data source naming a key AWS manages
                            (tf__managed_kms), or one whose unknown name
                            may (tf__kms_maybe_managed): no edge leads to
                            it, as `references: aws_kms_key` asks for a
                            key of the account's own */
} tf_rinst;

/* A resource or data block inside one module instance. */
typedef struct tf_rstate {
  const tf_decl *decl; /* borrowed: loader */
  struct tf_minst *mi; /* the module instance it belongs to */
  uint8_t state;       /* tf_state of the expansion */
  uint8_t shape;       /* tf_shape */
  bool deployed;       /* false: count = 0 or an empty for_each */
  tf_rinst *inst;      /* ctx arena */
  uint32_t n;
  tf_refs each_refs; /* references made by for_each: each.value's */
} tf_rstate;

/* One instance of a module call. */
typedef struct tf_cinst {
  mls_value *key;        /* as tf_rinst.key */
  mls_value *each_value; /* for_each: each.value */
  struct tf_minst *mi;   /* the child instance, or NULL (see why) */
} tf_cinst;

/* A module block inside one module instance. */
typedef struct tf_cstate {
  const tf_decl *decl;    /* borrowed: loader */
  uint8_t state;          /* tf_state of the expansion */
  uint8_t shape;          /* tf_shape */
  bool deployed;          /* false: count = 0 or an empty for_each */
  const tf_module *child; /* the called module, or NULL: see why */
  const char *why;        /* static or ctx arena: why outputs are unknown */
  tf_cinst *inst;         /* ctx arena */
  uint32_t n;
  tf_refs each_refs; /* references made by for_each: each.value's */
} tf_cstate;

/* One instance of a module: the root, or one instance of a call. */
typedef struct tf_minst {
  const tf_module *mod;    /* borrowed: loader */
  struct tf_minst *parent; /* the caller, NULL at the root */
  const tf_cstate *cs;     /* the call in the parent, NULL at the root */
  const tf_cinst *ci;      /* the call instance, NULL at the root */
  mls_span addr;           /* ctx arena: "" or module.a["k"].module.b */
  mls_span path_module;    /* ctx arena: path.module, "." at the root */
  uint32_t depth;          /* 0 at the root */
  tf_memo *vars;           /* ctx arena: per TF_D_VAR decl */
  tf_memo *locals;         /* ctx arena: per TF_D_LOCAL decl */
  tf_memo *outputs;        /* ctx arena: per TF_D_OUTPUT decl */
  tf_rstate *res;          /* ctx arena: per TF_D_RES decl */
  tf_cstate *calls;        /* ctx arena: per TF_D_CALL decl */
} tf_minst;

/* A name bound by a for expression, a dynamic block's iterator or
 * templatefile()'s variables; innermost first. */
typedef struct tf_bind {
  mls_span name;              /* borrowed */
  const mls_value *v;         /* the bound value */
  const struct tf_bind *next; /* enclosing bindings */
} tf_bind;

/* Where an expression is evaluated. */
typedef struct tf_scope {
  tf_minst *mi;                 /* the module instance; NULL: constants */
  uint32_t file;                /* tf_file id holding the expression */
  const mls_value *count_index; /* count.index, or NULL: not in scope */
  const mls_value *each_key;    /* each.key, or NULL: not in scope */
  const mls_value *each_value;  /* each.value */
  const tf_refs *each_refs;     /* what for_each referred to, or NULL:
                                   each.value refers to it too */
  const tf_bind *binds;         /* for / dynamic / template bindings */
  const mls_value *anon;        /* the element inside a splat */
} tf_scope;

/* One unknown value whose JSON shape is known: a jsonencode() of a value
 * with unknown parts, a heredoc policy with unknown interpolations. */
typedef struct tf_shape_ent {
  const mls_value *unknown; /* the unknown string */
  mls_value *tree;          /* what it decodes to, unknown leaves kept */
} tf_shape_ent;

/* Root variable values before type conversion, by TF_D_VAR index. */
typedef struct tf_rootval {
  mls_value *v;  /* ctx arena, or NULL: not set by any source */
  bool from_cli; /* set by --var or --var-file (for diagnostics) */
} tf_rootval;

/* Modules already instantiated in one evaluation (their files and load
 * diagnostics were added once). */
typedef struct tf_seen {
  const struct tf_module *mod; /* borrowed: loader */
  struct tf_seen *next;        /* ctx arena */
} tf_seen;

typedef struct tf_ctx {
  tf_loader *ld;               /* borrowed */
  mls_model *model;            /* owned until handed out */
  mls_arena *a;                /* model->arena: every value */
  mls_diag *diag;              /* borrowed: the job's diagnostics */
  const tf_opts *opts;         /* borrowed */
  uint16_t *fmap;              /* owned: tf_file id -> model file index */
  uint32_t nfmap;              /* entries in fmap */
  tf_minst *root;              /* ctx arena */
  tf_rootval *rootvals;        /* ctx arena: per root TF_D_VAR */
  mls_value *oom;              /* owned (mls_malloc): returned after failures */
  uint64_t steps;              /* expression nodes visited */
  uint32_t depth;              /* nested evaluation frames */
  uint32_t ninst;              /* instances created */
  uint32_t quiet;              /* > 0: inside try()/can(), no diagnostics */
  int fail;                    /* sticky MLS_ENOMEM / MLS_ELIMIT: stop */
  tf_refs *sink;               /* where references go now, or NULL */
  mls_buf path;                /* attribute path of the body being evaluated */
  const char *path_str;        /* ctx arena: path materialised, or NULL */
  const hcl_expr *index_items; /* an attribute's own tuple or object
                                * constructor (and those nested in it):
                                * its items' references get the item's
                                * index or key in their path
                                * ("members.0", "body.properties.x") */
  tf_shape_ent *shapes;        /* owned (mls_malloc): open addressing */
  uint32_t nshapes;
  uint32_t capshapes;
  tf_seen *seen_mods; /* ctx arena: modules instantiated so far */
  /* The root's .terraform/modules/modules.json, where `terraform init`
   * (or `tofu init`) put its remote modules: (key, source, dir) triples
   * in the ctx arena, or none (tf_module.c, load_manifest). */
  const char **manifest; /* 3 * nmanifest strings */
  uint32_t nmanifest;
} tf_ctx;

/* ---- tf_expr.c --------------------------------------------------------- */

/* Evaluate `e` in scope `s`. Never NULL: after an arena failure c->fail is
 * set and c->oom (an unknown) is returned. Errors in the expression give
 * an unknown whose why starts with "error:" and a diagnostic. */
mls_value *tf__eval(tf_ctx *c, const tf_scope *s, const hcl_expr *e);

/* Push index i on the path of the attribute being evaluated (for edges);
 * tf__path_pop(c, returned) restores it. tf_module.c. */
size_t tf__path_push_index(tf_ctx *c, uint32_t i);
size_t tf__path_push_key(tf_ctx *c, mls_span key);
void tf__path_pop(tf_ctx *c, size_t old);

/* Source text of `r` in file `file` (empty when unavailable). */
mls_span tf__src(const tf_ctx *c, uint32_t file, const mls_range *r);
/* A warning at (file, at) and an error unknown whose why is "error: " and
 * the same message: Terraform refuses what is evaluated there. */
mls_value *tf__err_at(tf_ctx *c, uint32_t file, const mls_range *at,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A diagnostic at r in file `file` (warning severity: evaluation goes on).
 * Identical diagnostics (same file, line and message) are reported once;
 * nothing is reported inside try()/can(). */
void tf__diag(tf_ctx *c, int rc, mls_severity sev, uint32_t file,
              const mls_range *r, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Stamp an unstamped value with the model file of `file` and range r. */
void tf__stamp(tf_ctx *c, mls_value *v, uint32_t file, const mls_range *r);

/* The model file index of tf_file `file`, added to the model (with the
 * file's parse diagnostics) on first use; MLS_NO_FILE for TF_NO_FILE. */
uint16_t tf__model_file(tf_ctx *c, uint32_t file);

/* Apply traversal steps to v (attribute and literal index steps), with
 * Terraform's errors; e is the whole traversal, for unknowns and
 * diagnostics. */
mls_value *tf__apply_steps(tf_ctx *c, const tf_scope *s, const hcl_expr *e,
                           mls_value *v, const hcl_step *steps, uint32_t n);

/* Record an allocation failure or a limit: sets c->fail, returns c->oom. */
mls_value *tf__fail(tf_ctx *c, int rc);

/* An unknown value for the text of r in `file` with reason `why` (static or
 * ctx arena). */
mls_value *tf__unknown(tf_ctx *c, uint32_t file, const mls_range *r,
                       const char *why);

/* The value of an attribute a resource leaves to the provider (computed,
 * known after apply) at r in `file`: unknown, and one that is always an
 * ARN (`arn`, `vector_bucket_arn`, `invoke_arn`: tf_expr.c's list) starts
 * with "arn:". */
mls_value *tf__computed(tf_ctx *c, uint32_t file, const mls_range *r,
                        mls_span name);

/* Call a function by name with evaluated arguments (for tf_policy.c). */
mls_value *tf__call(tf_ctx *c, const char *name, mls_value *const *args,
                    uint32_t nargs);

/* Append the references of a memo to the current sink. */
void tf__refs_add_all(tf_ctx *c, const tf_ref *refs, uint32_t n);
/* each.value (then attribute `attr`, or none) is used here: a reference to
 * what the for_each referred to -- for a whole map of resource instances,
 * the instance whose key is each.key (tf_module.c). */
void tf__each_value_refs(tf_ctx *c, const tf_scope *s, mls_span attr);
void tf__ref_add(tf_ctx *c, tf_rstate *to, int32_t inst, mls_span attr);

/* ---- tf_value.c -------------------------------------------------------- */

/* String form of a primitive for templates and conversions: NUMBER text,
 * "true"/"false", a STRING as is. false for null, lists, maps, unknown. */
bool tf__as_string(const mls_value *v, mls_span *out);
/* Number from a NUMBER or a numeric STRING. */
bool tf__as_number(const mls_value *v, double *out);
/* Bool from a BOOL or "true"/"false". */
bool tf__as_bool(const mls_value *v, bool *out);
/* A number value from text (canonicalised); NULL on arena failure, and
 * *ok false when the text is not a number. */
mls_value *tf__number_from_text(mls_arena *a, mls_span text, bool *ok);

/* Terraform's == on two known values (no conversion). */
bool tf__equal(const mls_value *x, const mls_value *y);

/* Indexes of a MAP's entries sorted by key in byte order (Terraform
 * iterates maps and objects that way). ctx arena; NULL when out of memory
 * or m has no entries. */
uint32_t *tf__sorted_keys(tf_ctx *c, const mls_value *m);

/* Shallow copy with extra flags. */
mls_value *tf__with_flags(tf_ctx *c, const mls_value *v, uint16_t flags);

/* HCL-quoted form of a string key for addresses: ["raw"] style. */
int tf__quote_key(mls_buf *b, mls_span key);

/*
 * Convert `v` to the type constraint `type` (an expression: string,
 * list(object({a = optional(string, "x")})), ...), applying optional()
 * defaults. `file` holds `type`. Returns the converted value; on a
 * mismatch an "error:" unknown and a diagnostic at `at`.
 */
mls_value *tf__convert(tf_ctx *c, const hcl_expr *type, uint32_t file,
                       mls_value *v, const mls_range *at, uint32_t at_file);

/* Whether the type constraint is a primitive (string, number, bool): such
 * variables take --var and TF_VAR_ values literally. */
bool tf__type_is_primitive(const hcl_expr *type);

/* ---- tf_policy.c ------------------------------------------------------- */

/* Remember that `u` (an unknown or a known string) encodes `tree` as
 * JSON; tf__shape_get() finds it again by the value's address. */
void tf__shape_put(tf_ctx *c, const mls_value *u, mls_value *tree);
mls_value *tf__shape_get(const tf_ctx *c, const mls_value *u);

/* For a template that evaluated to unknown: if its text is JSON, render it
 * with placeholders for the unknown parts, decode it and record the shape
 * of `result`. `parts` are the evaluated parts of the template. */
void tf__template_shape(tf_ctx *c, const hcl_expr *tmpl, mls_value **parts,
                        uint32_t nparts, const mls_value *result);

/* The body rules see: JSON policy strings (and known shapes) decoded into
 * trees flagged MLS_VF_JSON. Returns body itself when nothing changed. */
mls_value *tf__decode_policies(tf_ctx *c, mls_value *body, int depth);
/* An azapi resource's body with its `body` argument, when that is a JSON
 * string (jsonencode() in azapi 1.x; an object already in 2.x), decoded
 * the same way (MLS_VF_JSON), so rules read body.properties.x either way. */
mls_value *tf__decode_azapi_body(tf_ctx *c, mls_value *body);

/* data "aws_iam_policy_document": add "json" to the evaluated body of the
 * instance at address `addr`. */
mls_value *tf__policy_document(tf_ctx *c, mls_value *body, mls_span addr,
                               uint32_t file, const mls_range *at);
/* body (a map) with attribute key set to v, its own location kept
 * (tf_policy.c). */
mls_value *tf__with_attr(tf_ctx *c, mls_value *body, mls_span key,
                         mls_value *v);

/* s as a JSON string, quotes included, escaped as the providers' Go
 * encoders do (tf_policy.c). */
int tf__json_string(mls_buf *b, mls_span s);

/* ---- tf_known.c -------------------------------------------------------- */

/* data "google_iam_policy": its policy_data, the JSON of its bindings,
 * when every role and member is known; otherwise body as it is. */
mls_value *tf__gcp_iam_policy(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at);

/* A data.aws_kms_key (alias false: by key_id) or data.aws_kms_alias (by
 * name) that names an AWS-managed key (alias/aws/..., or its ARN): the
 * attributes naming the key read as that name, and *managed is set, so no
 * edge leads to it. Otherwise body as it was. */
mls_value *tf__managed_kms(tf_ctx *c, mls_value *body, bool alias,
                           bool *managed);
/* Whether that name, unknown, may still be an AWS-managed key's (see
 * tf_known.c); false for a known value. */
bool tf__kms_maybe_managed(const mls_value *name);
/* The body of an aws_iam_policy data source with its `arn` added when the
 * lookup is by `name` alone: for one of the AWS-managed policies rules
 * look for, their ARN (the same in every account); for any other name, an
 * unknown known to start with "arn:" and end with "/NAME". Otherwise body
 * as it is. file and at: the data block, for the unknown's source. */
mls_value *tf__managed_policy(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at);
/* The attributes of AWS objects whose form is fixed though their value
 * waits for apply, as partition templates (MLS_VF_PARTITION): the
 * account_id of data "aws_caller_identity", the name of data "aws_region"
 * not looked up by name, data "aws_partition"'s partition (one of the
 * AWS partitions) and dns_suffix, the
 * repository_url of an aws_ecr_repository (resource or data) whose name
 * is known, and the registry_path of data
 * "aws_sagemaker_prebuilt_ecr_image". Attributes the configuration sets are
 * kept. */
mls_value *tf__aws_fixed_form(tf_ctx *c, mls_value *body, mls_span type,
                              bool data, uint32_t file, const mls_range *at);
/* data "google_compute_default_service_account" (or, app_engine,
 * "google_app_engine_default_service_account"): its email and member are
 * unknown strings that end with the default account's domain part
 * (member starts with "serviceAccount:"), whatever the project. */
mls_value *tf__gcp_default_sa(tf_ctx *c, mls_value *body, uint32_t file,
                              const mls_range *at, bool app_engine);
/* resource "google_service_account": its email and member, which the
 * configuration does not set, from account_id and project: known when
 * both are, else unknown strings refined with what is known (a start
 * "ID@", an end ".iam.gserviceaccount.com"). */
mls_value *tf__gcp_sa(tf_ctx *c, mls_value *body, uint32_t file,
                      const mls_range *at);

/* ---- tf_vars.c --------------------------------------------------------- */

/* Root variable values from TF_VAR_*, terraform.tfvars[.json],
 * *.auto.tfvars[.json], --env files and the command line, into
 * c->rootvals (before type conversion). */
void tf__root_vars(tf_ctx *c);

/* ---- tf_module.c ------------------------------------------------------- */

/* Resolve a traversal rooted at a module-level name (var, local, module,
 * data, a resource type) in s->mi. Returns NULL when `root` names nothing
 * of the module (the caller reports it). */
mls_value *tf__resolve(tf_ctx *c, const tf_scope *s, const hcl_expr *e);

#endif
