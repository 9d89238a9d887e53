/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/cfn.h -- CloudFormation templates (YAML and JSON, SAM, CDK
 * output) loaded into one positioned node tree, plus section accessors.
 *
 * Stage: blob -> file model. Loading only: nothing is evaluated here.
 * Parameters, Conditions and intrinsic functions are resolved later by
 * core/eval, on top of this tree. The tree is what CloudFormation (and the
 * reference dumper ../shared/tools/cfnref) reads: YAML 1.1 scalar types
 * (unquoted yes/no/on/off are booleans, 0755 is 493, 1.10 is 1.1, an
 * unquoted 2010-09-09 stays a string), every short-form tag rewritten to
 * its long form (`!Ref x` is the mapping {Ref: x}, `!GetAtt a.b` is
 * {"Fn::GetAtt": [a, b]}), mapping keys in source order with duplicates
 * folded (the last value wins). docs/cfn-parser.md describes the rules and
 * where they come from.
 *
 * Memory: one arena per template holds every node. Spans marked "borrowed:
 * src" point into the caller's bytes, which must outlive the template;
 * decoded text lives in the arena. A node reached through a YAML alias is
 * shared, not copied, so the tree is a DAG when the file uses aliases
 * (CloudFormation rejects them; the template is then not `ok`); the alias
 * budget of limits.h bounds what a walk of the tree can visit. The tree is
 * read-only once loaded and belongs to one job.
 */
#ifndef MLS_CFN_H
#define MLS_CFN_H

#include "core/base/arena.h"
#include "core/base/diag.h"
#include "core/base/span.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cfn_node cfn_node;

typedef enum cfn_kind {
  CFN_NULL = 0, /* ~, null, an empty plain scalar, JSON null */
  CFN_BOOL,     /* u.b; text is the source word (yes, On, true, ...) */
  CFN_INT,      /* text is the source text; u.i when CFN_F_INT64 is set */
  CFN_FLOAT,    /* u.d; text is the source text. Finite, except a JSON
                   number too large for a double (+-inf, as Python reads
                   it); YAML keeps such values as strings */
  CFN_STRING,   /* text is the decoded value */
  CFN_SEQ,      /* u.items[0..n) */
  CFN_MAP       /* u.pairs[0..n), keys unique, in source order */
} cfn_kind;

/* cfn_node.flags. SHORT_FORM: a MAP built from a short-form tag (!Ref x);
 * SYNTHETIC: the key of such a MAP, made from the tag rather than read;
 * QUOTED: a scalar written quoted or as a block scalar (YAML), or a JSON
 * string; INT64: an INT whose exact value is in u.i; COMPLEX_KEY: a key
 * that was a sequence or mapping in the source, whose text is its compact
 * JSON (as cfnref writes it). */
#define CFN_F_SHORT_FORM  0x01
#define CFN_F_SYNTHETIC   0x02
#define CFN_F_QUOTED      0x04
#define CFN_F_INT64       0x08
#define CFN_F_COMPLEX_KEY 0x10

typedef struct cfn_pair {
  cfn_node *key;   /* arena: a CFN_STRING node, text is the key */
  cfn_node *value; /* arena: never NULL */
} cfn_pair;

struct cfn_node {
  uint8_t kind;    /* cfn_kind */
  uint8_t flags;   /* CFN_F_* */
  uint8_t base;    /* INT: 10, or 2, 8, 16, 60 as written (YAML 1.1) */
  uint32_t n;      /* SEQ: items; MAP: pairs; scalars: 0 */
  mls_range range; /* the node in the source, from its content (after its
                      tag and anchor) to its end; a short-form MAP spans the
                      tag and the value, its synthetic key the tag; a block
                      collection ends where its last entry ends */
  mls_span text;   /* scalars and keys: borrowed: src, or arena (decoded);
                      short-form MAP: arena: its key ("Ref", "Fn::If") */
  union {
    bool b;           /* BOOL */
    int64_t i;        /* INT with CFN_F_INT64 */
    double d;         /* FLOAT */
    cfn_node **items; /* arena: SEQ */
    cfn_pair *pairs;  /* arena: MAP */
  } u;
};

typedef enum cfn_format {
  CFN_FORMAT_YAML = 0, /* anything whose first non-blank byte is not '{' */
  CFN_FORMAT_JSON      /* first byte after a BOM and blanks is '{' */
} cfn_format;

/* The top-level sections of a template, in the order the CloudFormation
 * documentation lists them. */
typedef enum cfn_section_id {
  CFN_SEC_FORMAT_VERSION = 0, /* AWSTemplateFormatVersion */
  CFN_SEC_DESCRIPTION,        /* Description */
  CFN_SEC_METADATA,           /* Metadata */
  CFN_SEC_PARAMETERS,         /* Parameters */
  CFN_SEC_RULES,              /* Rules */
  CFN_SEC_MAPPINGS,           /* Mappings */
  CFN_SEC_CONDITIONS,         /* Conditions */
  CFN_SEC_TRANSFORM,          /* Transform */
  CFN_SEC_RESOURCES,          /* Resources */
  CFN_SEC_OUTPUTS,            /* Outputs */
  CFN_SEC_COUNT
} cfn_section_id;

/* cfn_template.flags: what loading found, for callers and statistics.
 * CDK: a resource has aws:cdk:path metadata, or the file has
 * AWS::CDK::Metadata (CDK output). Errors make the template not ok;
 * warnings leave it ok. */
#define CFN_T_BOM            0x01 /* the file starts with a UTF-8 BOM */
#define CFN_T_ALIASES        0x02 /* YAML anchors were referenced (error) */
#define CFN_T_DUPLICATE_KEYS 0x04 /* some mapping repeated a key (warning) */
#define CFN_T_MERGE_KEYS     0x08 /* a `<<` key, kept as an ordinary key */
#define CFN_T_SAM            0x10 /* Transform names AWS::Serverless-* */
#define CFN_T_CDK            0x20 /* CDK output (see above) */
#define CFN_T_UNKNOWN_TAGS   0x40 /* a tag CloudFormation does not define */
#define CFN_T_NOT_UTF8       0x80 /* the bytes are not UTF-8 (error) */

typedef struct cfn_template {
  mls_arena *arena;  /* owned: every node of this template */
  const char *src;   /* borrowed: the bytes loaded */
  size_t len;        /* bytes in src */
  cfn_format format; /* which reader built the tree */
  cfn_node *root;    /* arena: the document; NULL for an empty file or when
                        the syntax was broken */
  bool ok;           /* loaded with no error (cfnref's "ok"): false after a
                        syntax error, a bound of limits.h, an alias or a tag
                        CloudFormation rejects */
  bool is_template;  /* the root is a CloudFormation template: a mapping
                        with AWSTemplateFormatVersion, or with a Resources
                        entry whose Type is a string containing "::"
                        (decided on whatever root there is; check ok too) */
  bool looks_cfn;    /* the bytes mention AWSTemplateFormatVersion or a
                        `Type: X::` pattern (cfnref's rule for files that
                        did not load) */
  uint32_t flags;    /* CFN_T_* */
  uint32_t nerrors;  /* error diagnostics added while loading */
  const cfn_pair *sections[CFN_SEC_COUNT]; /* arena: the root entry of each
                                              section, NULL when absent */
} cfn_template;

/*
 * Load a template, choosing the reader from the bytes as cfnref does:
 * after an optional UTF-8 BOM, a first non-blank '{' means JSON, anything
 * else YAML (the file name is not used; .template files are either).
 * `src` need not be NUL-terminated and must outlive the template.
 * Diagnostics go to `diag` (errors, and warnings for duplicate keys,
 * unknown tags and merge keys).
 *
 * Returns MLS_OK when the file loaded (t->ok; it may still not be a
 * template, see is_template); MLS_EINPUT (syntax, encoding, alias,
 * unsupported tag) or MLS_ELIMIT (a bound of limits.h) with *out set and
 * (*out)->ok false -- root may hold what was read; MLS_ENOMEM with *out
 * unset.
 */
int cfn_load(cfn_template **out, const char *src, size_t len, mls_diag *diag);

/* cfn_load() with the reader fixed: YAML (JSON is YAML's subset, but read
 * by the YAML rules) or strict JSON (RFC 8259, as Python's json.loads). */
int cfn_load_yaml(cfn_template **out, const char *src, size_t len,
                  mls_diag *diag);
int cfn_load_json(cfn_template **out, const char *src, size_t len,
                  mls_diag *diag);

void cfn_template_free(cfn_template *t); /* NULL-safe */

/*
 * Whether src[0..len) may hold a template, from the raw bytes alone: it
 * contains "AWSTemplateFormatVersion" or "Resources", or a backslash escape
 * that a quoted key could use to spell them. Costs one pass of memchr-like
 * scanning, so a walk can skip Kubernetes manifests, workflows and
 * package.json files without loading them. False means certainly not a
 * template; true means load and look at is_template.
 */
bool cfn_sniff(const char *src, size_t len);
/* Whether bytes claim to be a template even when they do not load:
 * AWSTemplateFormatVersion, or a `Type: X::` pattern (cfnref's rule for
 * files that did not load; cfn_template.looks_cfn). */
bool cfn_looks_template(const char *src, size_t len);

/*
 * libyaml's bare event parse of src (events produced and dropped, no tree):
 * the baseline bench/cfn_load.sh measures cfn_load_yaml() against. Sets
 * *nevents (may be NULL) and returns MLS_OK, MLS_EINPUT on a YAML error, or
 * MLS_ENOMEM.
 */
int cfn_yaml_events(const char *src, size_t len, size_t *nevents);

/* ---------------------------------------------------------------------- */
/* Reading the tree.                                                       */

/* arena: the value of `key` in MAP node `map`; NULL when `map` is NULL,
 * not a mapping, or has no such key. Keys are compared as bytes. */
const cfn_node *cfn_map_get(const cfn_node *map, const char *key);
const cfn_node *cfn_map_getn(const cfn_node *map, const char *key,
                             size_t keylen);

/* Whether `n` is a CFN_STRING whose text is exactly `s`. */
bool cfn_is_string(const cfn_node *n, const char *s);

/* If `n` is an intrinsic function call -- a mapping of exactly one key
 * that is "Ref", "Condition" or starts with "Fn::" -- sets *name (borrowed
 * from the tree) and *arg (arena) and returns true. Short and long forms
 * look the same here. */
bool cfn_intrinsic(const cfn_node *n, mls_span *name, const cfn_node **arg);

/* arena: the value of section `id`, or NULL when the template has none. */
const cfn_node *cfn_section(const cfn_template *t, cfn_section_id id);

/* One entry of Resources. Every node pointer is arena memory and NULL when
 * the attribute is absent; a string field is empty when the attribute is
 * absent or not a string. */
typedef struct cfn_resource {
  mls_span id;                     /* borrowed: the logical id (tree text) */
  const cfn_node *id_node;         /* arena: the key; its range is the id's */
  const cfn_node *body;            /* arena: the whole entry value */
  const cfn_node *type;            /* arena: Type */
  const cfn_node *properties;      /* arena: Properties */
  const cfn_node *metadata;        /* arena: Metadata */
  const cfn_node *condition;       /* arena: Condition */
  const cfn_node *depends_on;      /* arena: DependsOn (string or list) */
  const cfn_node *deletion_policy; /* arena: DeletionPolicy */
  const cfn_node *update_replace_policy; /* arena: UpdateReplacePolicy */
  mls_span type_name;                    /* borrowed: Type when a string */
  mls_span condition_name;               /* borrowed: Condition when a string */
  mls_span cdk_path; /* borrowed: Metadata."aws:cdk:path" when a
                        string (CDK output: the construct path) */
} cfn_resource;

/* One entry of Parameters. */
typedef struct cfn_parameter {
  mls_span id;                    /* borrowed: the parameter name */
  const cfn_node *id_node;        /* arena: the key */
  const cfn_node *body;           /* arena: the whole entry value */
  const cfn_node *type;           /* arena: Type */
  const cfn_node *default_value;  /* arena: Default */
  const cfn_node *allowed_values; /* arena: AllowedValues */
  const cfn_node *no_echo;        /* arena: NoEcho */
  mls_span type_name;             /* borrowed: Type when a string */
} cfn_parameter;

/* One entry of Outputs. */
typedef struct cfn_output {
  mls_span id;                 /* borrowed: the output name */
  const cfn_node *id_node;     /* arena: the key */
  const cfn_node *body;        /* arena: the whole entry value */
  const cfn_node *value;       /* arena: Value */
  const cfn_node *export_name; /* arena: Export.Name */
  const cfn_node *condition;   /* arena: Condition */
} cfn_output;

/* Entries in Resources / Parameters / Outputs (0 when the section is
 * absent or not a mapping), and entry i of each in source order. The
 * getters return false when i is out of range. */
size_t cfn_resource_count(const cfn_template *t);
bool cfn_resource_at(cfn_resource *out, const cfn_template *t, size_t i);
size_t cfn_parameter_count(const cfn_template *t);
bool cfn_parameter_at(cfn_parameter *out, const cfn_template *t, size_t i);
size_t cfn_output_count(const cfn_template *t);
bool cfn_output_at(cfn_output *out, const cfn_template *t, size_t i);

/* Whether the template's Transform (a string or a list) names `name`, e.g.
 * "AWS::Serverless-2016-10-31" or "AWS::LanguageExtensions". */
bool cfn_has_transform(const cfn_template *t, const char *name);

/* The exact value of INT node `n` in `*out` when it fits in 64 bits. */
bool cfn_int64(const cfn_node *n, int64_t *out);

#endif
