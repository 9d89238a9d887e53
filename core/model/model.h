/* SPDX-License-Identifier: Apache-2.0
 *
 * core/model/model.h -- the resource model: the one thing rules see.
 *
 * Stage: produced by evaluation (core/eval: Terraform modules and
 * CloudFormation templates), consumed by rules (core/rules) and `mlsweep
 * inspect`. Follows ../shared/DESIGN.md "File model and resource model":
 *
 *   resource { framework, type, address, file, range, module call chain,
 *              body: value tree }
 *   value    null | bool | number | string | list | map
 *            | unknown (the expression's source text and why)
 *   edges    resource -> resource, from references
 *
 * Unknown is a first-class value: a data source result, a variable without
 * a value, an attribute known only after apply. Every value keeps its
 * source range (and which file it came from), so a finding can point at the
 * attribute that caused it.
 *
 * Memory: one arena per model (one Terraform module instance tree or one
 * CloudFormation template); strings and spans are arena copies or borrow
 * the parsed files' bytes, which the evaluator keeps alive as long as the
 * model. Nothing here is shared between threads.
 */
#ifndef MLS_MODEL_H
#define MLS_MODEL_H

#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/span.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum mls_vkind {
  MLS_V_NULL = 0, /* Terraform null; an absent CloudFormation value */
  MLS_V_BOOL,     /* u.b */
  MLS_V_NUMBER,   /* u.num */
  MLS_V_STRING,   /* u.str */
  MLS_V_LIST,     /* u.list: tuples, lists and sets */
  MLS_V_MAP,      /* u.map: objects and maps, keys in insertion order */
  MLS_V_UNKNOWN   /* u.unknown: known only at apply time, or unresolved */
} mls_vkind;

/* mls_value.flags */
#define MLS_VF_SET       1 /* LIST: a set (toset, for_each over a set) */
#define MLS_VF_SENSITIVE 2 /* marked sensitive: never printed */
#define MLS_VF_BLOCK     4 /* MAP or LIST: from nested blocks, not a value */
#define MLS_VF_JSON      8 /* MAP or LIST: decoded from a JSON policy string */
/* MLS_VF_JSON: the string is exactly the tree's JSON encoding. Bits 0x1000
 * to 0x8000 are private to the evaluator that built the value (core/eval);
 * readers ignore them. */
/* UNKNOWN: a string that is exactly u.unknown.expr with each
 * MLS_PARTITION_VAR in it replaced by the one AWS partition it is deployed
 * in, one of mls_partitions (an ARN built from ${AWS::Partition}). */
#define MLS_VF_PARTITION 16
/* UNKNOWN: a member of an unknown value, as the rule engine reads a path
 * below one (its own scratch copies): whether the member exists at all is
 * unknown too. */
#define MLS_VF_BELOW 32
/* MAP: the one block a Terraform `dynamic` block over an unknown for_each
 * stands for: there may be none of it, or several (docs/tf-eval.md). A
 * rule's verdict that turns on whether it exists is unknown. */
#define MLS_VF_MAYBE      64
#define MLS_PARTITION_VAR "${AWS::Partition}"
/* In such a template too, each standing for its own string of a fixed
 * form: an account id (12 digits), a region's name ([a-z0-9-], 9 to 16
 * bytes: "us-east-1", "cn-northwest-1"), and the partition's DNS suffix
 * ("amazonaws.com", "amazonaws.com.cn": one per partition, with it).
 * A template with an account or a region in it is not one string per
 * partition: mls_partition_expand() declines it, and a rule's regex reads
 * it as a shape (core/rules/regex_shape.c). */
#define MLS_ACCOUNT_VAR   "${AWS::AccountId}"
#define MLS_REGION_VAR    "${AWS::Region}"
#define MLS_URLSUFFIX_VAR "${AWS::URLSuffix}"

typedef struct mls_value mls_value;

typedef struct mls_map_entry {
  mls_span key;     /* arena or borrowed from a parsed file */
  mls_value *value; /* arena */
} mls_map_entry;

/* Where a value came from: a file of the module or template (an index into
 * mls_model.files) and a range in it. file is MLS_NO_FILE for values made
 * up by evaluation (a default, a function result with no single source). */
#define MLS_NO_FILE UINT16_MAX

struct mls_value {
  mls_vkind kind;  /* selects the member of u */
  uint16_t flags;  /* MLS_VF_* */
  uint16_t file;   /* index into mls_model.files, or MLS_NO_FILE */
  mls_range range; /* source of the expression that produced it */
  union {
    bool b;
    struct {
      double d;      /* the value as a double, for comparisons */
      mls_span text; /* exact decimal text ("1.5", "1000") */
    } num;
    mls_span str; /* UTF-8, not NUL-terminated */
    struct {
      mls_value **items; /* arena */
      uint32_t n;
    } list;
    struct {
      mls_map_entry *entries; /* arena, insertion order */
      uint32_t n;
    } map;
    struct {
      mls_span expr;   /* source text of the expression, may be empty */
      const char *why; /* static or arena: one short reason */
      /* A refinement, as Terraform >= 1.6 makes them: the value is a string
       * that starts with these bytes (arena, NUL-terminated, never empty),
       * e.g. "arn:aws:iam::" for "arn:aws:iam::${acct}:root". NULL when
       * nothing is known about it. Only the value itself carries it: an
       * attribute, element or function result of it is a new unknown. */
      const char *prefix;
      /* The same at its end: the string ends with these bytes (never
       * empty), e.g. "-compute@developer.gserviceaccount.com" for
       * "${var.project_number}-compute@developer.gserviceaccount.com". */
      const char *suffix;
    } unknown;
  } u;
};

typedef enum mls_framework {
  MLS_FW_TERRAFORM = 0,
  MLS_FW_CLOUDFORMATION
} mls_framework;

typedef enum mls_rmode {
  MLS_RM_MANAGED = 0, /* resource "t" "n" / a CFN resource */
  MLS_RM_DATA         /* data "t" "n": results unknown unless evaluated */
} mls_rmode;

typedef struct mls_resource {
  mls_framework framework; /* which evaluator made it */
  mls_rmode mode;          /* managed or data */
  mls_span type;           /* "aws_s3_bucket" or "AWS::S3::Bucket" */
  mls_span address;        /* module.ml.aws_s3_bucket.b["raw"] / logical id */
  mls_span module_path;    /* "module.a.module.b" ("" at the root) */
  uint16_t file;           /* index into mls_model.files */
  mls_range range;         /* the resource block / logical-id entry */
  mls_value *body;         /* arena: a MAP of attributes and blocks */
  bool deployed;           /* false: count = 0, or a CFN Condition false */
  mls_span construct;      /* CDK output: Metadata "aws:cdk:path" (the
                              construct that made it), else empty */
  uint32_t call;           /* Terraform: index + 1 into mls_model.calls of
                              the module block it was made through; 0 at
                              the root and in CloudFormation */
} mls_resource;

/* A module block resources were made through (Terraform), for the
 * suppressions whose scope is a module (`#trivy:ignore:ID` above the
 * block silences ID in everything the module makes). */
typedef struct mls_modcall {
  uint16_t file;   /* index into mls_model.files: the calling file */
  uint32_t line;   /* the module block's first line */
  uint32_t end;    /* and its last line */
  uint32_t parent; /* index + 1 into mls_model.calls of the block that
                      made the caller, 0 when the caller is the root */
} mls_modcall;

typedef struct mls_edge {
  uint32_t from; /* index into mls_model.resources */
  uint32_t to;   /* index into mls_model.resources */
  mls_span path; /* attribute path in `from` holding the reference */
  mls_span attr; /* attribute of `to` referenced ("arn", "id"; may be "") */
} mls_edge;

typedef struct mls_model {
  mls_arena *arena;   /* owned: everything below */
  const char **files; /* arena: repository-relative paths */
  uint32_t nfiles;
  mls_resource *resources; /* arena: in evaluation order */
  uint32_t nresources;
  mls_edge *edges; /* arena */
  uint32_t nedges;
  mls_modcall *calls; /* arena: module blocks (mls_resource.call) */
  uint32_t ncalls;
  uint32_t nunknown; /* unknown values in resource bodies */
  /* Some file of the model has a syntax error, and parsing's recovery
   * may have swallowed whole blocks: a resource not found may be there
   * (rules' connected tests are unknown rather than absent). */
  bool partial;
} mls_model;

/* --- values ------------------------------------------------------------ */

/* Constructors allocate in `a` and return NULL when it is exhausted (the
 * arena's failure is sticky, so callers check once at the end). */
mls_value *mls_value_null(mls_arena *a);
mls_value *mls_value_bool(mls_arena *a, bool b);
/* `text` is the exact decimal; it is copied. */
mls_value *mls_value_number(mls_arena *a, double d, mls_span text);
mls_value *mls_value_number_d(mls_arena *a, double d); /* text from d */
mls_value *mls_value_string(mls_arena *a, mls_span s); /* s is copied */
mls_value *mls_value_string_borrowed(mls_arena *a, mls_span s);
/* `items` and `entries` are kept, not copied: allocate them in `a` (a
 * stack array is gone by the time a rule reads the value). */
mls_value *mls_value_list(mls_arena *a, mls_value **items, uint32_t n);
mls_value *mls_value_map(mls_arena *a, mls_map_entry *entries, uint32_t n);
mls_value *mls_value_unknown(mls_arena *a, mls_span expr, const char *why);
/* Refine unknown `u`: it is a string starting with `prefix` (copied, and
 * cut at an embedded NUL, which leaves a shorter true prefix). An empty
 * prefix, or a `u` that is not unknown, changes nothing. MLS_ENOMEM when
 * `a` is exhausted. */
int mls_value_refine_prefix(mls_arena *a, mls_value *u, mls_span prefix);
/* The same for the bytes the string ends with (u.unknown.suffix). */
int mls_value_refine_suffix(mls_arena *a, mls_value *u, mls_span suffix);
/* Refine u with the end of a string built from parts: `part`'s own known
 * end (when part is an unknown that has one), then `tail`, the known text
 * after it. */
int mls_value_refine_suffix_after(mls_arena *a, mls_value *u,
                                  const mls_value *part, mls_span tail);

/* The AWS partitions, every value AWS::Partition can take. */
extern const char *const mls_partitions[];
extern const size_t mls_npartitions;

/* Refine unknown `u`: it is the string `tpl` (copied) with each
 * MLS_PARTITION_VAR replaced by the partition, and each other variable
 * above by its own string (MLS_VF_PARTITION), which also gives it the
 * prefix before the first variable and the suffix after the last. A `tpl`
 * without a variable or with a NUL changes nothing. MLS_ENOMEM. */
int mls_value_refine_partition(mls_arena *a, mls_value *u, mls_span tpl);
/* How many of the variables above are in t. */
size_t mls_partition_count(mls_span t);
/* Whether template `u` holds an account or a region, which no partition
 * fixes. */
bool mls_partition_free(const mls_value *u);
/* The same of template text t. */
bool mls_partition_text_free(mls_span t);
/* The DNS suffix of partition `part` (AWS::URLSuffix there). */
const char *mls_partition_url_suffix(const char *part);
/* Which variable, if any, starts at t[i]: its length in *n, and one of
 * MLS_PARTITION_VAR ... MLS_URLSUFFIX_VAR; NULL when none does. */
const char *mls_partition_var_at(mls_span t, size_t i, size_t *n);
/* The string of partition template `u` for partition `part` into out
 * (NUL-terminated, at most cap bytes): false when it does not fit, or
 * when the template holds an account or a region. */
bool mls_partition_expand(const mls_value *u, const char *part, char *out,
                          size_t cap, size_t *len);

/* The entry of map `m` named `key`, or NULL (also when m is not a map). */
const mls_value *mls_value_get(const mls_value *m, const char *key);
/* Follow a dotted path of map keys and list indexes: "a.b.0.c". */
const mls_value *mls_value_path(const mls_value *m, const char *path);
/* True when v or anything inside it is unknown. */
bool mls_value_has_unknown(const mls_value *v);
/* Whether two values name the same thing: equal non-empty known strings,
 * or unknowns written the same way, whitespace aside (the same expression
 * over the same inputs: "${var.env}-models" in both, or one Fn::Sub). */
bool mls_value_same_name(const mls_value *a, const mls_value *b);
/* Structural equality (flags, ranges ignored); unknown equals nothing. */
bool mls_value_equal(const mls_value *a, const mls_value *b);
/* Number of unknown values inside v (v itself included). */
uint32_t mls_value_count_unknown(const mls_value *v);

/* --- models ------------------------------------------------------------ */

mls_model *mls_model_new(void);    /* owned; NULL on OOM */
void mls_model_free(mls_model *m); /* NULL-safe */

/* Add a file path (copied); returns its index, or -1 on failure. */
int mls_model_add_file(mls_model *m, const char *path);
/* Append a resource (copied by value); returns its index, or -1. The
 * arrays grow geometrically inside the arena. */
int mls_model_add_resource(mls_model *m, const mls_resource *r);
int mls_model_add_edge(mls_model *m, const mls_edge *e);

/* A resource that names what it configures by a unique name rather than
 * by a reference: Terraform's split S3 resources by `bucket`, a
 * CloudFormation bucket policy by `Bucket`, a secret's rotation by its
 * secret's name. */
typedef struct mls_name_link {
  const char *from; /* its type, or a prefix when it ends in '_' */
  const char *attr; /* its naming attribute */
  const char *to;   /* the type it configures */
  const char *name; /* that type's name attribute */
} mls_name_link;

/* For each managed resource of a link's `from` type with no edge at
 * `attr` yet (a path that is attr or starts "attr."), whose attr names
 * (mls_value_same_name) exactly one managed resource of type `to`: the
 * edge a reference would give, path `attr`, and attribute `name` when
 * name_attr (else ""). A name two targets share links neither. MLS_OK, or
 * mls_model_add_edge()'s failure (-1). */
int mls_model_name_edges(mls_model *m, const mls_name_link *links, size_t n,
                         bool name_attr);
/* A module block (copied); returns its index + 1, the value of
 * mls_resource.call for what it makes, or 0 out of memory. */
uint32_t mls_model_add_call(mls_model *m, const mls_modcall *c);

/* --- output ------------------------------------------------------------ */

/*
 * Append the model as one JSON document, the format of `mlsweep inspect
 * --format json` for both frameworks:
 *
 *   {"files":[PATH...],
 *    "resources":[{"framework":"terraform","mode":"managed","type":T,
 *                  "address":A,"module":M,"file":PATH,
 *                  ["construct":CDK_PATH,]
 *                  "start_line":L,"end_line":L,"deployed":true,
 *                  "attributes":VALUE}...],
 *    "edges":[{"from":A,"to":A,"path":P,"attr":X}...],
 *    "unknown_values":N}
 *
 * VALUE is plain JSON for known values (numbers as their exact text), and
 * {"unknown":"<expression source>","why":"..."[,"prefix":"..."]} for
 * unknown ones (prefix: the known start of an unknown string); sensitive
 * values print as "(sensitive)". Keys keep insertion order. Deterministic.
 */
int mls_model_write_json(mls_buf *out, const mls_model *m);
/* Append one value as JSON (the VALUE form above). */
int mls_value_write_json(mls_buf *out, const mls_value *v);

#endif
