/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_int.h -- internals shared by the tf_funcs*.c files.
 *
 * Stage: evaluation. tf_funcs.c owns the table of functions and the one
 * entry point; it checks arity, propagates errors, unknowns and sensitivity
 * and then calls one implementation (tf_fn__fn_<name>) with a tf_fn__call. The
 * other files hold the implementations by theme (collections, strings,
 * regular expressions, encodings, hashes, networks, numbers, files) and the
 * value helpers every implementation uses (tf_funcs_value.c).
 *
 * Return codes inside the library: MLS_OK (also when the result is an
 * unknown or an error value), MLS_ENOMEM (the arena is exhausted: the call
 * fails) and MLS_ELIMIT (a bound was hit: nesting past TF_FN__MAX_DEPTH, a
 * string past MLS_MAX_FUNC_STRING_BYTES; the dispatcher turns it into an
 * unknown result with a diagnostic). Every value an implementation builds
 * lives in ctx->arena; argument values are borrowed and never modified.
 */
#ifndef MLS_EVAL_TF_FUNCS_INT_H
#define MLS_EVAL_TF_FUNCS_INT_H

#include "core/eval/tf_funcs.h"

#include "core/base/limits.h"
#include "core/base/span.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How deep a value may nest before a recursive walk stops: values nest a
 * little deeper than the syntax that built them (a jsondecode()d policy
 * inside a for expression), as in core/model/model.c. */
#define TF_FN__MAX_DEPTH (MLS_MAX_NESTING * 4)

/* tf_fn__fn.max for functions that take any number of arguments. */
#define TF_FN__VARIADIC 0xFFFFu

/* tf_fn__fn.flags */
#define TF_FN__F_SHALLOW                                                       \
  1u /* only an unknown argument makes the result unknown;                     \
      * nested unknowns are the function's business */
#define TF_FN__F_NULLOK 2u  /* null arguments reach the function */
#define TF_FN__F_UNKOK  4u  /* unknown arguments reach the function too */
#define TF_FN__F_RAW    8u  /* try()/can(): arguments reach it untouched */
#define TF_FN__F_NOMARK 16u /* sensitivity is not copied onto the result */

typedef struct tf_fn__call tf_fn__call;
typedef int (*tf_fn__impl)(tf_fn__call *c, mls_value **out);

typedef struct tf_fn__fn {
  const char *name; /* static: Terraform's name, e.g. "cidrsubnet" */
  uint16_t min;     /* fewest arguments */
  uint16_t max;     /* most arguments, or TF_FN__VARIADIC */
  uint16_t flags;   /* TF_FN__F_* */
  tf_fn__impl impl; /* static: the implementation */
} tf_fn__fn;

struct tf_fn__call {
  tf_fn_ctx *ctx;         /* borrowed: the caller's context */
  const tf_fn__fn *fn;    /* static: the function being called */
  mls_value *const *args; /* borrowed: arguments after expansion */
  uint32_t nargs;         /* entries in args */
};

/* --- results (tf_funcs.c) ------------------------------------------------ */

/* Report "name(): <message>" as a warning on ctx->diag and set *out to an
 * error value: unknown, with why "error: name(): <message>", so that an
 * enclosing try() skips it. Returns MLS_OK, or MLS_ENOMEM. */
int tf_fn__error(tf_fn__call *c, mls_value **out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set *out to an unknown value (not an error) with the given static or
 * arena `why`. Returns MLS_OK or MLS_ENOMEM. */
int tf_fn__unknown(tf_fn__call *c, mls_value **out, const char *why);
/* An unknown result and an MLS_ELIMIT diagnostic naming the bound. */
int tf_fn__limit(tf_fn__call *c, mls_value **out, const char *what);

/* --- values (tf_funcs_value.c) ------------------------------------------- */

/* Constructors: arena, NULL when the arena is exhausted. New values carry
 * the call's range (ctx->at) and no file. */
mls_value *tf_fn__null(tf_fn__call *c);
mls_value *tf_fn__bool(tf_fn__call *c, bool b);
mls_value *tf_fn__str(tf_fn__call *c, mls_span s);        /* copies s */
mls_value *tf_fn__str_borrow(tf_fn__call *c, mls_span s); /* s outlives it */
mls_value *tf_fn__num_d(tf_fn__call *c, double d);        /* canonical text */
mls_value *tf_fn__num_i(tf_fn__call *c, int64_t i);
/* A number with exact decimal `text` (canonicalised) and value d. */
mls_value *tf_fn__num_text(tf_fn__call *c, double d, mls_span text);
mls_value *tf_fn__list(tf_fn__call *c, mls_value **items, uint32_t n, bool set);
mls_value *tf_fn__map(tf_fn__call *c, mls_map_entry *e, uint32_t n);
/* A shallow copy of v with flags set/cleared (values are immutable). */
mls_value *tf_fn__reflag(tf_fn__call *c, const mls_value *v, uint16_t set,
                         uint16_t clear);
/* arena: room for n item pointers / map entries; NULL on exhaustion or when
 * n does not fit (the caller reports MLS_ENOMEM either way). */
mls_value **tf_fn__items(tf_fn__call *c, size_t n);
mls_map_entry *tf_fn__entries(tf_fn__call *c, size_t n);

/* Kind name for messages: "string", "number", "bool", "list", "set",
 * "map", "null", "unknown". */
const char *tf_fn__kind(const mls_value *v);

/* Conversions with Terraform's rules. Return 1 when converted, 0 when v
 * has no such form (the caller reports the error), MLS_ENOMEM. */
/* string: strings as they are, numbers as canonical decimals, bools as
 * "true"/"false". Null and collections: 0. */
int tf_fn__as_str(tf_fn__call *c, const mls_value *v, mls_span *out);
/* Argument i as a string (tf_fn__as_str): 1, or 0 with an error value in
 * *out naming the argument (return it as MLS_OK), or MLS_ENOMEM. */
int tf_fn__want_str(tf_fn__call *c, mls_value **out, uint32_t i, mls_span *s);
/* number: numbers, and strings holding a decimal. *text (may be NULL) gets
 * the canonical decimal. */
int tf_fn__as_num(tf_fn__call *c, const mls_value *v, double *d,
                  mls_span *text);
/* bool: bools, and the strings "true"/"false"/"1"/"0". */
int tf_fn__as_bool(const mls_value *v, bool *out);
/* A whole number fitting int64: 1, or 0 (not a number, fractional, out of
 * range). */
int tf_fn__as_int(tf_fn__call *c, const mls_value *v, int64_t *out);

/* Canonical decimal text of a number value (arena or borrowed from v). */
int tf_fn__num_canon(tf_fn__call *c, const mls_value *v, mls_span *out);
/* Parse a decimal as cty does ([+-]digits[.digits][e[+-]digits]). */
bool tf_fn__parse_num(mls_span s, double *d);
/* Shortest round-trip decimal of d in positional notation, into buf
 * (cap >= 32); returns its length, or 0 when it does not fit. */
size_t tf_fn__fmt_double(char *buf, size_t cap, double d);

/* Terraform equality. Unknown anywhere inside gives TF_FN__EQ_UNKNOWN. c
 * (may be NULL) lends its arena for sorting large maps. */
enum {
  TF_FN__EQ_NO = 0,
  TF_FN__EQ_YES = 1,
  TF_FN__EQ_UNKNOWN = 2,
  TF_FN__EQ_DEEP = 3
};
int tf_fn__equal(tf_fn__call *c, const mls_value *a, const mls_value *b,
                 int depth);
/* A hash equal values share (for indexes over lists). */
uint64_t tf_fn__value_hash(const mls_value *v);
/* Byte-wise order of strings, as Go compares them. */
int tf_fn__strcmp(mls_span a, mls_span b);

/* Make the elements of a list one type the way cty unifies a tuple into a
 * list or set: when they are primitives of more than one kind, every one
 * becomes a string. *out is items itself or a new array. Returns 1 on
 * success, 0 when no common type exists (primitives mixed with
 * collections), MLS_ENOMEM. */
int tf_fn__unify(tf_fn__call *c, mls_value **items, uint32_t n,
                 mls_value ***out);
/* Build a set the way cty orders one: unify, drop duplicates, then sort
 * strings and numbers (bools false first); collections keep their first
 * occurrence order. Unknown elements: *out is NULL and 1 is returned.
 * Returns 1, 0 (no common type), MLS_ENOMEM or MLS_ELIMIT. */
int tf_fn__make_set(tf_fn__call *c, mls_value **items, uint32_t n,
                    mls_value **out);

/* The items without later duplicates (tf_fn__equal), in their order; *out
 * is arena. MLS_ENOMEM or MLS_ELIMIT (nesting). */
int tf_fn__dedup(tf_fn__call *c, mls_value **items, uint32_t n,
                 mls_value ***out, uint32_t *nout);

/* Keys of a map sorted byte-wise (Terraform iterates maps in this order),
 * a later duplicate replacing an earlier one. *out is arena. */
int tf_fn__sorted_entries(tf_fn__call *c, const mls_value *m,
                          mls_map_entry **out, uint32_t *n);

/* Grapheme clusters (UAX #29, extended): end offset of the cluster that
 * starts at s[i], i < n; and the number of clusters in s. */
size_t tf_fn__grapheme_next(const char *s, size_t n, size_t i);
size_t tf_fn__grapheme_count(mls_span s);

/* A string builder in the arena, bounded by MLS_MAX_FUNC_STRING_BYTES.
 * Failures are sticky in err (MLS_ENOMEM or MLS_ELIMIT). */
typedef struct tf_fn__sb {
  mls_arena *arena; /* borrowed: ctx->arena */
  char *ptr;        /* arena: the bytes so far (not NUL-terminated) */
  size_t len;       /* bytes used */
  size_t cap;       /* bytes allocated */
  int err;          /* 0, or the first failure */
} tf_fn__sb;

void tf_fn__sb_init(tf_fn__sb *sb, tf_fn__call *c);
void tf_fn__sb_put(tf_fn__sb *sb, const void *p, size_t n);
void tf_fn__sb_putc(tf_fn__sb *sb, char ch);
void tf_fn__sb_puts(tf_fn__sb *sb, const char *s);
void tf_fn__sb_span(tf_fn__sb *sb, mls_span s);
void tf_fn__sb_printf(tf_fn__sb *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Turn the builder into a string result. Returns its err when set. */
int tf_fn__sb_result(tf_fn__call *c, tf_fn__sb *sb, mls_value **out);

/* --- encodings (tf_funcs_enc.c) ------------------------------------------ */

/* Append v as Terraform's jsonencode() writes it. MLS_ELIMIT past
 * TF_FN__MAX_DEPTH; v must hold no unknown. */
int tf_fn__json_write(tf_fn__call *c, tf_fn__sb *sb, const mls_value *v,
                      int depth);
/* Append s as a JSON string with Go's escaping (<, >, & as \u003c...). */
void tf_fn__json_string(tf_fn__sb *sb, mls_span s);

/* A growing array in ctx->arena, for decoders that do not know how many
 * items or entries they will find (the old storage stays in the arena). */
typedef struct tf_fn__grow {
  void *v;      /* arena: the elements */
  uint32_t n;   /* elements used */
  uint32_t cap; /* elements allocated */
} tf_fn__grow;

/* Room for one more element of `size` bytes at the end of g, or NULL when
 * the arena is exhausted. */
void *tf_fn__grow_one(tf_fn__call *c, tf_fn__grow *g, size_t size);

/* --- implementations ------------------------------------------------------ */

#define TF_FN__DECLARE(name)                                                   \
  int tf_fn__fn_##name(tf_fn__call *c, mls_value **out)

/* tf_funcs.c */
TF_FN__DECLARE(try);
TF_FN__DECLARE(can);
TF_FN__DECLARE(sensitive);
TF_FN__DECLARE(nonsensitive);
TF_FN__DECLARE(issensitive);
TF_FN__DECLARE(applytime); /* uuid(), timestamp(), bcrypt(): unknown */
TF_FN__DECLARE(ephemeralasnull);

/* tf_funcs_coll.c */
TF_FN__DECLARE(alltrue);
TF_FN__DECLARE(anytrue);
TF_FN__DECLARE(chunklist);
TF_FN__DECLARE(coalesce);
TF_FN__DECLARE(coalescelist);
TF_FN__DECLARE(compact);
TF_FN__DECLARE(concat);
TF_FN__DECLARE(contains);
TF_FN__DECLARE(distinct);
TF_FN__DECLARE(element);
TF_FN__DECLARE(flatten);
TF_FN__DECLARE(index);
TF_FN__DECLARE(keys);
TF_FN__DECLARE(length);
TF_FN__DECLARE(lookup);
TF_FN__DECLARE(matchkeys);
TF_FN__DECLARE(merge);
TF_FN__DECLARE(one);
TF_FN__DECLARE(reverse);
TF_FN__DECLARE(setintersection);
TF_FN__DECLARE(setproduct);
TF_FN__DECLARE(setsubtract);
TF_FN__DECLARE(setunion);
TF_FN__DECLARE(slice);
TF_FN__DECLARE(sort);
TF_FN__DECLARE(tobool);
TF_FN__DECLARE(tolist);
TF_FN__DECLARE(tomap);
TF_FN__DECLARE(tonumber);
TF_FN__DECLARE(toset);
TF_FN__DECLARE(tostring);
TF_FN__DECLARE(transpose);
TF_FN__DECLARE(values);
TF_FN__DECLARE(zipmap);

/* tf_funcs_str.c */
TF_FN__DECLARE(chomp);
TF_FN__DECLARE(endswith);
TF_FN__DECLARE(format);
TF_FN__DECLARE(formatlist);
TF_FN__DECLARE(indent);
TF_FN__DECLARE(join);
TF_FN__DECLARE(lower);
TF_FN__DECLARE(replace);
TF_FN__DECLARE(split);
TF_FN__DECLARE(startswith);
TF_FN__DECLARE(strcontains);
TF_FN__DECLARE(strrev);
TF_FN__DECLARE(substr);
TF_FN__DECLARE(title);
TF_FN__DECLARE(trim);
TF_FN__DECLARE(trimprefix);
TF_FN__DECLARE(trimspace);
TF_FN__DECLARE(trimsuffix);
TF_FN__DECLARE(upper);

/* tf_funcs_regex.c */
TF_FN__DECLARE(regex);
TF_FN__DECLARE(regexall);
/* replace() with a /pattern/: the replacement of every match in str. */
int tf_fn__regex_replace(tf_fn__call *c, mls_span str, mls_span pattern,
                         mls_span repl, mls_value **out);

/* tf_funcs_enc.c */
TF_FN__DECLARE(base64decode);
TF_FN__DECLARE(base64encode);
TF_FN__DECLARE(jsondecode);
TF_FN__DECLARE(jsonencode);
TF_FN__DECLARE(urlencode);
TF_FN__DECLARE(yamlencode);
/* Standard base64 with padding of s into sb. */
void tf_fn__base64(tf_fn__sb *sb, const unsigned char *s, size_t n);
/* The value of one character of the standard base64 alphabet, or -1. */
int tf_fn__b64_value(unsigned char ch);

/* tf_funcs_dec.c */
TF_FN__DECLARE(csvdecode);
TF_FN__DECLARE(yamldecode);

/* tf_funcs_time.c */
/* Go's time getnum(): one or two digits at *pp (two required when
 * fixed); the value, with *pp moved past it and *one set when one digit
 * was read, or -1. */
int tf_fn__go_getnum(const char **pp, const char *end, bool fixed, bool *one);
/* Days in month (1-12) of year, proleptic Gregorian. */
int tf_fn__days_in(int month, int64_t year);
TF_FN__DECLARE(formatdate);
TF_FN__DECLARE(timeadd);
TF_FN__DECLARE(timecmp);

/* tf_funcs_hash.c */
TF_FN__DECLARE(md5);
TF_FN__DECLARE(sha1);
TF_FN__DECLARE(sha256);
TF_FN__DECLARE(sha512);
TF_FN__DECLARE(base64sha256);
TF_FN__DECLARE(base64sha512);
TF_FN__DECLARE(uuidv5);
/* Hash s with one of TF_FN__HASH_* into out (16, 20, 32 or 64 bytes);
 * returns the digest length. */
enum {
  TF_FN__HASH_MD5,
  TF_FN__HASH_SHA1,
  TF_FN__HASH_SHA256,
  TF_FN__HASH_SHA512
};
size_t tf_fn__hash(int algo, const unsigned char *s, size_t n,
                   unsigned char out[64]);

/* tf_funcs_net.c */
TF_FN__DECLARE(cidrhost);
TF_FN__DECLARE(cidrnetmask);
TF_FN__DECLARE(cidrsubnet);
TF_FN__DECLARE(cidrsubnets);

/* tf_funcs_num.c */
TF_FN__DECLARE(abs);
TF_FN__DECLARE(ceil);
TF_FN__DECLARE(floor);
TF_FN__DECLARE(log);
TF_FN__DECLARE(max);
TF_FN__DECLARE(min);
TF_FN__DECLARE(parseint);
TF_FN__DECLARE(pow);
TF_FN__DECLARE(range);
TF_FN__DECLARE(signum);
TF_FN__DECLARE(sum);

/* tf_funcs_fs.c */
TF_FN__DECLARE(abspath);
TF_FN__DECLARE(basename);
TF_FN__DECLARE(dirname);
TF_FN__DECLARE(file);
TF_FN__DECLARE(filebase64);
TF_FN__DECLARE(filebase64sha256);
TF_FN__DECLARE(filebase64sha512);
TF_FN__DECLARE(fileexists);
TF_FN__DECLARE(filemd5);
TF_FN__DECLARE(fileset);
TF_FN__DECLARE(filesha1);
TF_FN__DECLARE(filesha256);
TF_FN__DECLARE(filesha512);
TF_FN__DECLARE(pathexpand);
TF_FN__DECLARE(templatefile);
TF_FN__DECLARE(templatestring);

#endif
