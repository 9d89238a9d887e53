/* SPDX-License-Identifier: Apache-2.0
 *
 * core/rules/rules_int.h -- the rule engine's internals: the YAML tree the
 * loaders read, compiled conditions, rule definitions and the rule set.
 *
 * Stage: shared by the files of core/rules (ytree.c, load.c, checkov.c,
 * rules.c, eval.c, supp.c). Nothing here is API; rules.h is.
 */
#ifndef MLS_RULES_RULES_INT_H
#define MLS_RULES_RULES_INT_H

#include "core/base/buf.h"
#include "core/rules/rules.h"

#include <regex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the YAML tree (ytree.c) ------------------------------------------- */

typedef enum ykind { Y_SCALAR = 0, Y_SEQ, Y_MAP } ykind;

typedef struct ynode ynode;
struct ynode {
  ykind kind;    /* scalar, sequence or mapping */
  bool plain;    /* Y_SCALAR: unquoted, so typed (null, bool, number) */
  const char *s; /* arena: Y_SCALAR text, NUL-terminated */
  size_t len;    /* bytes in s */
  uint32_t line; /* 1-based line of the node's start */
  uint32_t col;  /* 1-based column */
  ynode **kids;  /* arena: items; for Y_MAP key, value, key, value, ... */
  uint32_t n;    /* entries in kids */
};

/* Read one YAML document from data into a tree in `a`. Aliases, a second
 * document, nesting past MLS_MAX_NESTING and more than
 * MLS_MAX_RULE_NODES nodes are errors. Every error is a diagnostic in
 * `diag` (with the line) and returns MLS_EINPUT or MLS_ELIMIT; MLS_ENOMEM
 * when `a` is exhausted. *out is arena. */
int rule__yaml_read(ynode **out, mls_arena *a, const char *data, size_t len,
                    mls_diag *diag);
/* The value of key `k` in map `m`, or NULL. */
const ynode *rule__ymap_get(const ynode *m, const char *k);
/* The Terraform resource types a rule file's `terraform.condition` names
 * -- every value of a `type:` or `references:` key in it, at any depth --
 * each passed to cb (which returns MLS_OK or an error that stops the
 * walk); *all true when a `referenced:` has no `type:`. What the compiled
 * condition names, or more (rules_lazy tests hold the built-in library's
 * equal); core/rules/gen/rulec.c stores it for each built-in file. */
int rule__ytree_tf_named(const ynode *root, int (*cb)(void *p, const char *s),
                         void *p, bool *all);
/* The position of node `at` as a diagnostic range (start = end). */
mls_range rule__ynode_range(const ynode *at);

/* A tree as bytes (ytree_bin.c; core/rules/gen/rulec.c stores the
 * built-in library this way at build time). MLS_ELIMIT past
 * MLS_MAX_NESTING, MLS_ENOMEM. */
int rule__ytree_encode(mls_buf *out, const ynode *root);
/* The tree rule__ytree_encode() wrote: nodes in `a`, scalars pointing
 * into `bytes` (which must outlive the tree). MLS_EINPUT for bytes that
 * are not such a tree (every length checked, depth and node count
 * bounded as the YAML reader bounds them), MLS_ENOMEM. */
int rule__ytree_decode(ynode **out, mls_arena *a, const unsigned char *bytes,
                       size_t len);
/* rule__ytree_decode() but for the bindings' conditions (`condition` in a
 * mapping under the root's), which come back as empty sequences or
 * mappings: what loading a built-in rule's metadata reads; its conditions
 * are decoded whole when first compiled (rule__conds_ensure). */
int rule__ytree_decode_meta(ynode **out, mls_arena *a,
                            const unsigned char *bytes, size_t len);
/* rule__ytree_decode() but for the root's `terraform` and `cloudformation`
 * mappings: every other mapping or sequence under the root comes back
 * empty (scalars as they are). What
 * compiling a built-in rule's deferred conditions reads (the metadata was
 * loaded at build time, rule_snap). */
int rule__ytree_decode_bindings(ynode **out, mls_arena *a,
                                const unsigned char *bytes, size_t len);

/* ---- conditions --------------------------------------------------------- */

typedef enum rule_ckind {
  RC_ALL = 0,    /* kids: Kleene and */
  RC_ANY,        /* kids: Kleene or */
  RC_NOT,        /* kids[0] */
  RC_LEAF,       /* one attribute, one operator */
  RC_REFERENCED, /* this resource's attribute references another */
  RC_CONNECTED,  /* another resource references this one */
  RC_BY_TYPE     /* kids[i] for a resource of types[i] (bound types) */
} rule_ckind;

typedef enum rule_op {
  OP_EXISTS = 0,
  OP_EQUALS,
  OP_NOT_EQUALS,
  OP_ONE_OF,
  OP_NOT_ONE_OF,
  OP_REGEX,
  OP_NOT_REGEX,
  OP_CONTAINS,
  OP_NOT_CONTAINS,
  OP_GT,
  OP_GTE,
  OP_LT,
  OP_LTE,
  OP_IS_EMPTY,
  OP_ALL_ITEMS,
  OP_ANY_ITEM,
  OP_NO_ITEM,
  OP_REFERENCES,
  OP_COVERS_ANY,     /* the value is an IAM-style pattern matching a name */
  OP_NOT_COVERS_ANY, /* of the list (arg); docs/rules-format.md */
  OP_WORLD_CIDR      /* the value is a CIDR block of every address (a /0
                      * prefix, IPv4 or IPv6, however written), or with
                      * flag false is not */
} rule_op;

/* covers_any: a listed name's bytes at most; a pattern longer than
 * RULE_COVERS_PATTERN_MAX covers nothing (an IAM action is ~100 bytes). */
#define RULE_COVERS_NAME_MAX    256u
#define RULE_COVERS_PATTERN_MAX 1024u

/* Whether pattern p (n bytes, IAM's wildcards: `*` any run of bytes, `?`
 * one byte) matches name (a NUL-terminated plain string), ASCII case
 * ignored, as IAM compares action names. eval.c. */
bool rule__covers(const char *p, size_t n, const char *name, size_t len);
/* The same match with `?` a wildcard only when `qmark`, else a plain
 * byte (suppression patterns: supp.c). */
bool rule__glob(const char *p, size_t n, const char *name, size_t len,
                bool qmark);

typedef enum rule_segkind {
  SEG_KEY = 0, /* a map key; over a list of maps, that key of each */
  SEG_STAR,    /* [*]: every item; a non-list value itself */
  SEG_INDEX    /* [N] */
} rule_segkind;

typedef struct rule_seg {
  rule_segkind kind; /* which of the three */
  const char *key;   /* arena: SEG_KEY's name */
  size_t len;        /* bytes in key */
  uint32_t index;    /* SEG_INDEX's N */
} rule_seg;

/* What a missing reference or connection yields (when_absent). */
typedef enum rule_absent { RA_PASS = 0, RA_FAIL, RA_UNKNOWN } rule_absent;

/* A condition's compiled regex (rules.c). User rules compile it at load,
 * so a bad pattern is a load diagnostic; the built-in library defers
 * regcomp to the pattern's first use (rule__regex_get), which is most of
 * what loading it used to cost and which a warm sweep mostly never needs.
 * Opaque outside rules.c. */
typedef struct rule_regex rule_regex;

typedef struct rule_cond rule_cond;
struct rule_cond {
  rule_ckind kind;    /* selects the members used */
  uint32_t line;      /* where in the rule file, for diagnostics */
  rule_cond **kids;   /* arena: RC_ALL, RC_ANY, RC_NOT */
  uint32_t nkids;     /* entries in kids */
  const char *attr;   /* arena: RC_LEAF, RC_REFERENCED: the path as written */
  rule_seg *segs;     /* arena: the parsed path */
  uint32_t nsegs;     /* entries in segs */
  rule_op op;         /* RC_LEAF: the operator */
  bool flag;          /* exists: / is_empty: / world_cidr: argument;
                       * references: true for
                       * references_managed (data sources do not count);
                       * RC_BY_TYPE: a branch is an azapi_resource type's */
  bool match_any;     /* match: any (RC_LEAF, RC_CONNECTED); default all
                       * for leaves, any for connections */
  bool empty_absent;  /* RC_LEAF: empty_is_absent: a "" is not set */
  mls_value *arg;     /* arena: the operand (equals, one_of (a list), ...) */
  mls_value *dflt;    /* arena: default_when_absent, or NULL */
  rule_regex *re;     /* owned by the rule set: regex, not_regex */
  rule_cond *sub;     /* arena: items' condition, or the other resource's */
  const char *type;   /* arena: references/referenced/connected type */
  const char *via;    /* arena: RC_CONNECTED's via, or NULL */
  const char **types; /* arena: RC_BY_TYPE's types, normalised
                       * (rule__norm_type), one per kid; "" for the
                       * default branch */
  rule_absent when_absent; /* RC_REFERENCED, RC_CONNECTED */
};

/* ---- rules -------------------------------------------------------------- */

typedef struct rule_env_sev {
  const char *env;   /* arena; NULL in config overrides: every env */
  mls_rsev severity; /* the severity there */
} rule_env_sev;

typedef struct rule_def {
  rule_meta meta;      /* the public part; strings arena */
  const char *message; /* arena: message template, or NULL */
  rule_cond *cond_tf;  /* arena: terraform binding's condition */
  rule_cond *cond_cfn; /* arena: cloudformation binding's condition */
  /* arena: the bindings' applies_if, or NULL: false on a resource, the
   * rule gives it no result; unknown, a failure is unknown */
  rule_cond *applies_tf;
  rule_cond *applies_cfn;
  bool has_tf;  /* a terraform binding exists */
  bool has_cfn; /* a cloudformation binding exists */
  /* A built-in rule whose conditions are compiled on first use
   * (rule__def_ensure), from this file's tree; NULL once compiled, and
   * for every rule read from a file. Written under the set's lazy lock. */
  const struct rule_builtin *lazy_from;
  /* The built-in file the rule came from, for good (lazy_from is cleared
   * once compiled), or NULL for a rule read from a file. */
  const struct rule_builtin *builtin;
  /* Set at load when lazy_from is; stored false (release) once cond_tf
   * and cond_cfn are compiled, so a reader that loads it false (acquire)
   * may read them. Zero for every rule read from a file. */
  atomic_bool cond_pending;
  rule_env_sev *sev_by_env; /* arena: severity_by_env */
  size_t nsev_by_env;
  rule_env_sev *overrides; /* arena: config overrides that match, in
                            * order (set by compile) */
  size_t noverrides;
  mls_rsev base_severity; /* meta.severity (overrides apply at eval) */
  uint32_t order;         /* load order, for "first wins" */
} rule_def;

/* One (framework, type) -> rule entry of the index. */
typedef struct rule_ix {
  mls_framework fw; /* terraform or cloudformation */
  const char *type; /* arena: resource type */
  size_t tlen;      /* strlen(type) */
  uint32_t rule;    /* index into rule_set.v */
} rule_ix;

/* The bytes of one loaded rule file (for rule_set_each_source). */
typedef struct rule_src {
  const char *data; /* arena copy */
  size_t len;
} rule_src;

struct rule_set {
  mls_arena *arena; /* owned: rules, conditions, strings */
  rule_def **all;   /* owned array (mls_malloc) of arena rules, load
                     * order */
  size_t nall;
  size_t capall;
  rule_regex **res; /* owned array of owned regexes */
  size_t nres;
  size_t capres;
  bool lazy_regex; /* loading the built-in library: regexes are compiled
                    * on first use (rule_set_add_builtin sets it) */
  /* The built-in file being loaded: its conditions wait for their first
   * use (rule__def_ensure), so a sweep that evaluates nothing (a warm
   * one) does not compile them, and one that evaluates only AWS
   * resources does not compile the Azure rules'. */
  const struct rule_builtin *loading_builtin;
  struct rule_lazy *lazy;  /* owned (rules.c): the lock for that */
  atomic_bool conds_ready; /* release: every deferred condition compiled */
  /* rule_set_tf_body_types()'s answer, computed once: body_ready is
   * stored true (release) after the three are written. */
  atomic_bool body_ready;
  const char **body_types; /* owned array of arena strings, sorted */
  size_t nbody_types;
  bool body_all;
  rule_src *srcs; /* owned array */
  size_t nsrcs;
  size_t capsrcs;
  rule_def **v; /* owned array: enabled rules in id order (compile) */
  size_t nv;
  /* Built on first use (rule__ix_ensure), under the lazy lock, and
   * published by ix_ready (release): a sweep whose results all come from
   * the cache never sorts it (0.85M of the 2.2M instructions of a sweep
   * that sweeps nothing). */
  atomic_bool ix_ready;
  rule_ix *ix; /* owned array: sorted by (fw, type, rule) */
  size_t nix;
  uint32_t *idx; /* owned: open addressing by id hash, index + 1 into v
                  * (0: empty); idxcap slots, a power of two */
  size_t idxcap;
  char *cfg_text; /* owned: the configuration as text, for digests */
  bool compiled;  /* rule_set_compile() ran: immutable now */
};

/* A regex of the set for `pattern` (len bytes; POSIX ERE, REG_NOSUB, and
 * REG_ICASE when icase). Compiled now, unless rs->lazy_regex: then the
 * pattern is copied and compiled by the first rule__regex_get. `source`
 * and `line` say where it was written (for rule_set_check_regexes). *out
 * is owned by the set. MLS_EINPUT with regerror's text in err (errsz
 * bytes) when it does not compile; MLS_ENOMEM. */
int rule__regex_new(rule_regex **out, rule_set *rs, const char *pattern,
                    size_t len, bool icase, const char *source, uint32_t line,
                    char *err, size_t errsz);
/* The compiled regex, compiling it first if it was deferred; NULL when it
 * does not compile (the caller's condition is then unknown). Any number
 * of threads may call it at once on one regex: one of them compiles,
 * under the regex's own lock, the others wait for it. */
const regex_t *rule__regex_get(rule_regex *rx);
/* Whether s (n bytes, no NUL) matches rx, when rx is a plain string
 * (perhaps anchored) or "."; -1 when only regexec can tell. Never
 * compiles anything. */
int rule__regex_literal(const rule_regex *rx, const char *s, size_t n);
/* Whether every string that starts with p (n bytes, NUL-terminated, n > 0)
 * matches rx (1), none does (0), or it depends on the rest (-1): a plain
 * string pattern is compared with p; any other pattern matches all of
 * them when it matches p itself and cannot look past p's end (no `$`, no
 * GNU word or buffer assertion), and is undecided otherwise. */
int rule__regex_prefix(rule_regex *rx, const char *p, size_t n);
/* The same for every string that ends with p: a plain string pattern is
 * compared with p's end; any other pattern matches all of them when it
 * matches inside p with `^` kept from p's start (REG_NOTBOL) and no GNU
 * word or buffer assertion; none of them when it is `$`-anchored, matches
 * nowhere in p (even at its start) and p is no end of a string it
 * matches (rule__regex_end_pattern); and is undecided otherwise. */
int rule__regex_suffix(rule_regex *rx, const char *p, size_t n);
/* For an ERE of the form [^]R$ (one top-level branch, no other anchor,
 * no back-reference or GNU assertion): *out (owned) is an ERE matching
 * exactly the ends of the strings R matches whole, anchored at both ends
 * (regex_end.c). *out NULL when the pattern is not of that form.
 * MLS_ENOMEM. */
int rule__regex_end_pattern(const char *pattern, size_t len, char **out);

/* A string of a shape: literal bytes, or a run of min..max bytes (max
 * UINT32_MAX: no bound) each of which may be any byte of `set`, a 32-byte
 * bitmap (bit c of set[c / 8]: byte c). */
typedef struct rule_shape_seg {
  const char *lit;    /* the literal bytes, or NULL for a run */
  size_t len;         /* lit's length */
  const uint8_t *set; /* a run's bytes */
  unsigned min, max;  /* a run's length */
} rule_shape_seg;

/* Whether POSIX ERE `pattern` (REG_EXTENDED, REG_ICASE with icase) finds
 * a match in every string of the shape segs[0..n): 1; in none: 0;
 * undecided: -1 (a pattern outside the subset regex_shape.c compiles, a
 * bound, or a shape its search cannot settle). */
int rule__regex_shape(const char *pattern, size_t len, bool icase,
                      const rule_shape_seg *segs, size_t n);
/* The same for rx's pattern. */
int rule__regex_shape_of(rule_regex *rx, const rule_shape_seg *segs, size_t n);
/* rx's pattern, NUL-terminated, as written. */
const char *rule__regex_pattern(const rule_regex *rx);
/* Compile the conditions the built-in rules deferred, once (the first
 * caller does it under the set's lazy lock; the others wait): before
 * anything reads cond_tf or cond_cfn. MLS_OK, or MLS_ENOMEM (the set then
 * evaluates nothing). Any number of threads may call it. */
int rule__conds_ensure(const rule_set *rs);
/* The same for one rule of rs: its conditions, compiled on its first
 * evaluation (a sweep of AWS Terraform never compiles the Azure rules').
 * MLS_OK, or MLS_ENOMEM (the rule is tried again next time). */
int rule__def_ensure(const rule_set *rs, const rule_def *d);
/* rule__def_ensure()'s work (load.c), under the lock: d's conditions
 * from its tree. */
int rule__def_compile(rule_set *rs, rule_def *d);
/* Append a loaded rule (arena) to rs->all. */
int rule__add_def(rule_set *rs, rule_def *d);

/* Whether a rule file's tree is a Checkov custom policy (`metadata` and
 * `definition` at its root) rather than mlsweep's own format: how the
 * loader picks, and which built-in files the generator cannot snapshot. */
bool rule__is_checkov(const ynode *root);

/* Load a rule file in mlsweep's own format from its YAML tree. A rule that
 * does not validate is a diagnostic and is not added. */
int rule__load_native(rule_set *rs, const char *name, const ynode *root,
                      mls_diag *diag);
/* Load a Checkov YAML custom policy (checkov.c). */
int rule__load_checkov(rule_set *rs, const char *name, const ynode *root,
                       mls_diag *diag);

/* Helpers of the loaders (load.c) used by checkov.c. */
typedef struct rule_loader {
  rule_set *rs;     /* the set the rule goes into */
  mls_diag *diag;   /* borrowed */
  const char *name; /* the file's name */
  int err;          /* first error: MLS_EINPUT, MLS_ELIMIT, MLS_ENOMEM */
  bool cfn;         /* compiling a cloudformation binding's condition */
} rule_loader;

int rule__err(rule_loader *L, int rc, const ynode *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
char *rule__str(rule_loader *L, const ynode *n, const char *what);
mls_value *rule__yvalue(rule_loader *L, const ynode *n, int depth);
int rule__parse_path(rule_loader *L, rule_cond *c, const ynode *at,
                     const char *path);
int rule__compile_regex(rule_loader *L, rule_cond *c, const ynode *n);
int rule__compile_regex_str(rule_loader *L, rule_cond *c, const ynode *at,
                            const char *pattern, size_t len, bool icase);
rule_cond *rule__new_cond(rule_loader *L, rule_ckind kind, const ynode *at);
bool rule__valid_type(const char *s);

#define RULE_TYPE_MAX 256u /* bytes of a normalised bound type */

/* Whether s is a type a Terraform binding may list: a resource type, or
 * RULE_AZAPI_PREFIX and an ARM type (letters, digits, '.', '/'). */
bool rule__valid_tf_bound_type(const char *s);
/* s (len bytes) as the rule index keys it, into dst (cap bytes, NUL
 * ended): an azapi type's ARM part in lower case (ARM types ignore case),
 * anything else unchanged. Returns the length, or 0 when it does not fit. */
size_t rule__norm_type(char *dst, size_t cap, const char *s, size_t len);

/* The Terraform types condition k names (connected, referenced,
 * references), sorted and unique (*v owned, mls_free; its strings borrowed
 * from the set), and *all when a reference is followed to any type: how
 * rule_set_tf_body_types() reads a rule read from a file. */
int rule__cond_tf_named(const rule_cond *k, const char ***v, size_t *n,
                        bool *all);

/* The index by resource type (rule_set.ix) built, once, for a compiled
 * set: MLS_OK, or MLS_ENOMEM (tried again next time). Thread-safe. */
int rule__ix_ensure(const rule_set *rs);

/* ---- built-in rules (generated at build time) --------------------------- */

/* What rule__load_native() makes of a built-in file, made by the
 * generator with that same loader (core/rules/gen/rulec.c) and written as
 * static data, so a sweep starts without decoding and checking 248 trees
 * (rule_set_add_builtin: 3.9M instructions, about 0.8 ms of a 4 ms warm
 * sweep). Everything a loaded rule_def holds before its conditions are
 * compiled; the conditions still come from the tree on first use. */
typedef struct rule_snap {
  rule_meta meta; /* every pointer static; source "builtin:<name>" */
  const char *message;
  const rule_env_sev *sev_by_env;
  size_t nsev_by_env;
  bool has_tf;
  bool has_cfn;
} rule_snap;

typedef struct rule_builtin {
  const char *name;          /* static: "rules/sagemaker/MLS-SM-001.yaml" */
  const unsigned char *data; /* static: the file's bytes */
  size_t len;                /* bytes in data */
  const unsigned char *tree; /* static: its YAML tree, read at build time
                              * (rule__ytree_encode) */
  size_t tree_len;           /* bytes in tree */
  /* static: the Terraform types its condition names
   * (rule__ytree_tf_named), so rule_set_tf_body_types() need not compile
   * the deferred conditions to learn them */
  const char *const *tf_named;
  size_t ntf_named;
  bool tf_named_all; /* a reference followed to any type */
  /* static: the file loaded (rule_snap), or NULL: loaded from its tree at
   * every start (a Checkov-format file) */
  const rule_snap *snap;
} rule_builtin;

/* The built-in library loaded from its trees, as before snapshots: what
 * tests compare rule_set_add_builtin() with. */
int rule__add_builtin_trees(rule_set *rs, mls_diag *diag);

extern const rule_builtin rule__builtins[];
extern const size_t rule__nbuiltins;
/* XXH3-128 of the library (every file's name and bytes), in hex: what the
 * rule-pack digest takes for it (rule_set_each_source). */
extern const char rule__builtin_digest[];

/* ---- suppressions (supp.c) ---------------------------------------------- */

/* Decide whether the failing finding `f` for rule `d` on resource `r` of
 * `m` is suppressed; fills f->supp, f->has_supp and may set f->status to
 * MLS_ST_SUPPRESSED. `cache` is per-model state the caller zeroes and
 * passes to rule__supp_dispose at the end. */
typedef struct rule_supp_cache rule_supp_cache;
int rule__supp_apply(rule_findings *out, rule_finding *f, const rule_def *d,
                     const mls_model *m, const mls_resource *r,
                     const rule_eval_opts *opts, rule_supp_cache **cache);
void rule__supp_dispose(rule_supp_cache *cache);

#endif
