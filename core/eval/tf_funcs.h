/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs.h -- Terraform's built-in functions over mls_values.
 *
 * Stage: evaluation. The expression evaluator (tf_eval.c) calls
 * tf_call_function() for every function call whose arguments it has
 * evaluated; functions are pure functions of their argument values, except
 * file()/templatefile()/fileexists() which read inside the module's
 * repository through the context (never outside it: no absolute paths, no
 * "..", no symlinks out), fileset() which lists it the same way, and
 * templatefile() which needs the evaluator to render the template (a
 * callback).
 *
 * Semantics follow Terraform's function reference (developer.hashicorp.com
 * /terraform/language/functions) and its type conversions. Unknown
 * arguments give an unknown result (except where Terraform itself tolerates
 * them: try(), can(), coalesce() with a known first non-null, length() of a
 * list whose elements are unknown, ...). An unsupported function gives an
 * unknown result and a diagnostic naming it; a call that Terraform would
 * reject (wrong argument types, out of range) gives an unknown result and a
 * diagnostic, never a crash or a made-up value.
 */
#ifndef MLS_EVAL_TF_FUNCS_H
#define MLS_EVAL_TF_FUNCS_H

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "core/model/model.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct tf_fn_ctx tf_fn_ctx;

/* A value flag (model.h leaves 0x1000..0x8000 to the evaluator):
 * TF_VF_OPEN marks a MAP built from a resource's configuration; an
 * attribute it lacks (or holds as null) is one the provider computes, so
 * a reference to it is unknown ("known after apply") rather than an
 * error, and so is whatever needs all of it: a function given such a map,
 * at any depth, returns unknown (jsonencode(data.aws_region.current) is
 * not "{}", keys() of it not []). */
#define TF_VF_OPEN 0x1000
/* An UNKNOWN that is known not to be null, as Terraform refines it: a
 * template's result (a null part is an error), coalesce()'s. `x != null`
 * of one is true, so `{ for k, v in {...} : k => v if v != null }` keeps
 * it and stays known. A prefix or suffix refinement says the same. */
#define TF_VF_NOTNULL 0x2000

/* Read a file for file()/templatefile(): `path` as written in the
 * configuration, relative to the module directory. Returns MLS_OK with
 * *data and *len borrowed until the evaluation ends, or a negative mls_rc with
 * a diagnostic when the file is outside the repository, missing or too
 * large. MLS_EIO means "no such file": file() then fails as Terraform
 * does (an error value, so try() falls back) and fileexists() is false;
 * any other failure makes the result unknown. Functions copy what they
 * keep. */
typedef int (*tf_read_file_fn)(void *payload, const char *path,
                               const char **data, size_t *len, mls_diag *diag);

/* Render a template for templatefile(): parse `src` as a bare template and
 * evaluate it with the given variables (a MAP value). */
typedef int (*tf_render_fn)(void *payload, const char *src, size_t len,
                            const mls_value *vars, mls_value **out,
                            mls_diag *diag);

/* What a listing for fileset() reports for one entry. */
typedef enum tf_fs_kind {
  TF_FS_FILE = 0, /* a regular file */
  TF_FS_DIR,      /* a directory */
  TF_FS_OTHER     /* not followed although files may be found there or
                     through it (a symbolic link, a submodule, ...): when
                     the pattern can reach it, fileset() is unknown */
} tf_fs_kind;

/* Called by tf_list_files_fn for each entry: `path` relative to the
 * directory listed, '/'-separated. MLS_OK to go on, negative to stop. */
typedef int (*tf_fs_entry_fn)(void *cb_payload, const char *path,
                              tf_fs_kind kind);

/* List the entries below `dir` for fileset(): `dir` is as fileset()
 * resolved it from its arguments (Go's filepath.Clean: "." or a relative
 * path that may start with ".."), relative to the root module's directory
 * as file()'s paths are. Every entry at most max_depth levels down (1:
 * dir's own entries) goes to cb, in any order. MLS_EIO means "no such
 * directory" (or not a directory): fileset() gives the empty set as
 * Terraform does. Any other failure -- outside the repository, a symbolic
 * link on the way, a bound -- makes the result unknown; a negative return
 * of cb stops the listing and is returned. */
typedef int (*tf_list_files_fn)(void *payload, const char *dir,
                                unsigned max_depth, tf_fs_entry_fn cb,
                                void *cb_payload, mls_diag *diag);

struct tf_fn_ctx {
  mls_arena *arena;            /* borrowed: where results are allocated */
  mls_diag *diag;              /* borrowed: where problems are reported */
  const mls_range *at;         /* borrowed: the call, for diagnostics */
  tf_read_file_fn read_file;   /* NULL: file functions give unknown */
  tf_render_fn render;         /* NULL: templatefile gives unknown */
  void *payload;               /* passed to every callback */
  const char *module_dir;      /* borrowed: path.module, repository-relative */
  tf_list_files_fn list_files; /* NULL: fileset() gives unknown */
};

/*
 * Call Terraform function `name` ("lookup", "provider::aws::arn_parse")
 * with `nargs` evaluated arguments. With `expand_final` the last argument
 * is a list or tuple whose elements are passed as separate arguments.
 * Sets *out (arena) and returns MLS_OK, also when the result is unknown;
 * MLS_ENOMEM when the arena is exhausted.
 */
int tf_call_function(tf_fn_ctx *ctx, mls_span name, mls_value *const *args,
                     uint32_t nargs, bool expand_final, mls_value **out);

/*
 * Decode a JSON policy document (an IAM, bucket, key or repository policy
 * string) for rules: jsondecode()'s JSON and values, except that a comma
 * may end an array or object ("...},\n]"), which AWS's policy parser and
 * the peer scanners accept. Nothing else invalid is accepted. Not
 * reachable from configurations: jsondecode() stays as strict as
 * Terraform's. `text` is a known string; *out is the tree, or an error
 * value (see below) when the text is not JSON. MLS_ENOMEM when the arena is
 * exhausted.
 */
int tf_decode_policy_json(tf_fn_ctx *ctx, mls_value *text, mls_value **out);
/* Whether text reads as a JSON document worth decoding as a policy: its
 * first non-blank byte is '{' or '['. */
bool tf_looks_like_json(mls_span text);

/* Whether `name` is implemented (for tests and `mlsweep inspect`). */
bool tf_function_known(mls_span name);

/*
 * Errors travel as values. A call that Terraform would reject gives an
 * unknown whose `why` starts with TF_WHY_ERROR ("error: lookup(): ...")
 * plus a warning on ctx->diag. try() moves past an argument holding such a
 * value, can() is false for it, and every other function hands it on, so
 * an enclosing try() still sees it. The expression evaluator marks its own
 * failures (an attribute of null, an index out of range) the same way, and
 * may point ctx->diag at a scratch diag while it evaluates try()/can()
 * arguments, whose failures Terraform does not report. Any other unknown is
 * a value known only at apply time; try() and can() give unknown for it.
 *
 * Results: values a function builds carry the call's range (ctx->at) and
 * MLS_NO_FILE, and unknown results have an empty `expr` (the evaluator
 * knows the call's source text and may stamp both). A result may also be
 * one of the argument values itself (lookup(), element()), which keeps the
 * range of the expression that wrote it. Results and arguments are never
 * modified after they are returned.
 */
#define TF_WHY_ERROR "error:"

/* Whether v is an error value (see above). */
bool tf_value_is_error(const mls_value *v);

#endif
