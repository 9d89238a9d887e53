/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_dec.c -- yamldecode and csvdecode.
 *
 * Stage: evaluation. Both decode configuration that modules keep beside
 * their .tf files (policy documents, per-environment settings, tables of
 * instances), so they follow Terraform's implementations closely.
 *
 * yamldecode() is go-cty-yaml's Standard converter: libyaml's event API
 * gives the syntax, and this file does what go-cty-yaml does with the
 * events. Exactly one document (an empty stream is null); mappings become
 * objects (keys sorted, a later duplicate replacing an earlier one),
 * sequences tuples. Plain scalars resolve as go-cty-yaml's resolver does:
 * YAML 1.1 words (y/yes/on/true and n/no/off/false in three casings,
 * null/~/empty, .inf; .nan is an error), YAML 1.2 core-schema numbers
 * ([-+]?digits, 0o and 0x without sign or `_`, floats like -.5 or 1e3),
 * unquoted timestamps as RFC 3339 strings, anything else a string. Quoted
 * scalars are always strings; block scalars resolve like plain ones.
 * Tags: the core ones only (!!str !!int !!float !!bool !!null !!timestamp
 * !!binary, !!map, !!seq, and !!merge on a key); any other is an error.
 * Anchors and aliases are supported; an alias to an anchor still being
 * defined is an error and an anchor on a mapping key is ignored, as in
 * go-cty-yaml. A `<<` (or !!merge) key merges a mapping, or each mapping of
 * a sequence, into the mapping holding it; entries apply in document order,
 * so the later wins, also over keys written before the `<<`. Numbers keep
 * their exact text.
 *
 * Known differences: .inf decodes to an unknown leaf (cty holds
 * infinities, the model cannot); strings are not NFC-normalised as cty
 * normalises them; libyaml, not go-yaml's Go port of it, decides what is
 * well-formed, so rare syntax errors differ.
 *
 * csvdecode() is cty's: Go's encoding/csv with its defaults (comma, double
 * quotes with "" inside, \n or \r\n line ends, empty lines skipped, no lazy
 * quotes, leading spaces kept), the first record naming the columns and
 * every record required to have as many fields. The result is a list of
 * objects whose values are all strings.
 *
 * Trusts nothing: nesting is bounded by TF_FN__MAX_DEPTH (an alias counts
 * the height of what it shares), nodes reached through aliases by
 * MLS_MAX_YAMLDECODE_ALIAS_NODES (an alias shares the anchored value instead of
 * copying it, but what reads the result walks every path), items of one
 * collection and CSV rows and columns by MLS_MAX_BODY_ITEMS, and the text
 * of the result by MLS_MAX_FUNC_STRING_BYTES. Values are built in the
 * arena; libyaml allocates its own state with malloc, each event is deleted
 * by the function that fetched it and yaml_parser_delete() runs on every
 * path.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

static size_t sat_add(size_t a, size_t b)
{
  return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* ==== yamldecode ========================================================= */

/* A document error: returned as 1 so callers pass it up; the message is in
 * yd.err. */
#define YD_FAIL 1

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* What a node's tag asks for (go-cty-yaml's resolvableTag and the
 * collection tags). */
typedef enum ytag {
  YT_NONE = 0,  /* no tag */
  YT_STR,       /* !!str */
  YT_BOOL,      /* !!bool */
  YT_INT,       /* !!int */
  YT_FLOAT,     /* !!float */
  YT_NULL,      /* !!null */
  YT_TIMESTAMP, /* !!timestamp */
  YT_BINARY,    /* !!binary */
  YT_MERGE,     /* !!merge: a merge key, whatever its text */
  YT_MAP,       /* !!map: only on mappings */
  YT_SEQ,       /* !!seq: only on sequences */
  YT_OTHER      /* anything else, "!" and local tags included */
} ytag;

/* One anchor name, in an open-addressing table. */
typedef struct yanchor {
  const char *name; /* arena: NUL-terminated; NULL for an empty slot */
  uint64_t hash;    /* of name */
  mls_value *v;     /* arena: the value of its latest complete definition */
  size_t weight;    /* nodes in v, aliases inside it expanded */
  int height;       /* nesting levels in v (0 for a scalar) */
  uint32_t open;    /* definitions of this name not yet complete */
  bool done;        /* a definition has completed */
} yanchor;

/* A decoded node and what the bounds need to know about it. */
typedef struct ynode {
  mls_value *v;  /* arena */
  size_t weight; /* nodes in v, aliases expanded */
  int height;    /* nesting levels below v */
} ynode;

/* The decoder's state. */
typedef struct yd {
  tf_fn__call *c;        /* borrowed: the call */
  yaml_parser_t *parser; /* borrowed: the caller's initialised parser */
  yanchor *anchors;      /* arena: table of capanchors slots, or NULL */
  size_t capanchors;     /* slots (a power of two) */
  size_t nanchors;       /* slots in use */
  size_t alias_nodes;    /* nodes reached through aliases so far */
  size_t out_bytes;      /* bytes of strings, keys and numbers built */
  const char *limit;     /* static: the bound that was hit (MLS_ELIMIT) */
  char err[200];         /* the document error (YD_FAIL) */
} yd;

/* What a scalar resolves to, before it becomes a value or a key. */
typedef enum yrkind {
  YR_STR = 0, /* text */
  YR_NULL,    /* null */
  YR_BOOL,    /* b */
  YR_NUM,     /* d, with decimal text */
  YR_INF,     /* an infinity; b: negative */
  YR_MERGE    /* a merge key: "<<" or !!merge; its text as a value */
} yrkind;

typedef struct yres {
  yrkind kind;   /* selects the fields below */
  bool b;        /* YR_BOOL: the value; YR_INF: negative */
  double d;      /* YR_NUM: the value */
  mls_span text; /* YR_STR, YR_NUM: borrowed from the event, static, or in
                    the caller's buffer; copied when a value is built */
} yres;

__attribute__((format(printf, 3, 4))) static int
yd_fail(yd *y, const yaml_mark_t *at, const char *fmt, ...)
{
  char msg[sizeof(y->err) - 60]; /* room for the position */
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (at) {
    snprintf(y->err, sizeof(y->err), "on line %lu, column %lu: %s",
             (unsigned long)at->line + 1, (unsigned long)at->column + 1, msg);
  } else {
    snprintf(y->err, sizeof(y->err), "%s", msg);
  }
  return YD_FAIL;
}

static int yd_limit(yd *y, const char *what)
{
  y->limit = what;
  return MLS_ELIMIT;
}

/* The next event into *ev; on success the caller deletes it. */
static int yd_fetch(yd *y, yaml_event_t *ev)
{
  yaml_parser_t *p = y->parser;

  if (yaml_parser_parse(p, ev)) {
    return MLS_OK;
  }
  if (p->error == YAML_MEMORY_ERROR) {
    return MLS_ENOMEM;
  }
  if (p->error == YAML_READER_ERROR) {
    return yd_fail(y, NULL, "%s at byte %lu",
                   p->problem ? p->problem : "invalid input",
                   (unsigned long)p->problem_offset);
  }
  if (p->context) {
    return yd_fail(y, &p->problem_mark, "%s (%s)",
                   p->problem ? p->problem : "invalid YAML", p->context);
  }
  return yd_fail(y, &p->problem_mark, "%s",
                 p->problem ? p->problem : "invalid YAML");
}

static ytag tag_kind(const yaml_char_t *tag)
{
  static const struct {
    const char *suffix;
    ytag kind;
  } known[] = {
    { "str", YT_STR },       { "bool", YT_BOOL },
    { "int", YT_INT },       { "float", YT_FLOAT },
    { "null", YT_NULL },     { "timestamp", YT_TIMESTAMP },
    { "binary", YT_BINARY }, { "merge", YT_MERGE },
    { "map", YT_MAP },       { "seq", YT_SEQ },
  };
  const char *t = (const char *)tag;
  size_t plen = sizeof(YAML_TAG_PREFIX) - 1;

  if (!t) {
    return YT_NONE;
  }
  if (strncmp(t, YAML_TAG_PREFIX, plen) != 0) {
    return YT_OTHER;
  }
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
    if (strcmp(t + plen, known[i].suffix) == 0) {
      return known[i].kind;
    }
  }
  return YT_OTHER;
}

/* ---- anchors ------------------------------------------------------------ */

static uint64_t name_hash(const char *s)
{
  uint64_t h = 0xCBF29CE484222325u; /* FNV-1a */
  for (; *s; s++) {
    h = (h ^ (unsigned char)*s) * 0x100000001B3u;
  }
  return h;
}

/* The slot of `name`, or the empty slot where it would go. */
static yanchor *anchor_slot(yanchor *tab, size_t cap, const char *name,
                            uint64_t h)
{
  size_t i = (size_t)h & (cap - 1);
  while (tab[i].name && (tab[i].hash != h || strcmp(tab[i].name, name) != 0)) {
    i = (i + 1) & (cap - 1);
  }
  return &tab[i];
}

/* The anchor `name`: NULL when it was never seen. */
static yanchor *anchor_find(yd *y, const char *name)
{
  yanchor *a;
  if (!y->capanchors) {
    return NULL;
  }
  a = anchor_slot(y->anchors, y->capanchors, name, name_hash(name));
  return a->name ? a : NULL;
}

/* The anchor `name`, added when new (the table stays at most half full).
 * NULL when the arena is exhausted. */
static yanchor *anchor_add(yd *y, const char *name)
{
  uint64_t h = name_hash(name);
  yanchor *a;

  if ((y->nanchors + 1) * 2 > y->capanchors) {
    size_t ncap = y->capanchors ? y->capanchors * 2 : 16, bytes;
    yanchor *nt;
    if (!mls_mul_sz(&bytes, ncap, sizeof(*nt)) ||
        !(nt = mls_arena_zalloc(y->c->ctx->arena, bytes))) {
      return NULL;
    }
    for (size_t i = 0; i < y->capanchors; i++) {
      if (y->anchors[i].name) {
        *anchor_slot(nt, ncap, y->anchors[i].name, y->anchors[i].hash) =
            y->anchors[i];
      }
    }
    y->anchors = nt;
    y->capanchors = ncap;
  }
  a = anchor_slot(y->anchors, y->capanchors, name, h);
  if (!a->name) {
    if (!(a->name = mls_arena_strndup(y->c->ctx->arena, name, strlen(name)))) {
      return NULL;
    }
    a->hash = h;
    y->nanchors++;
  }
  return a;
}

/* A definition of `name` starts: aliases to it fail until it completes. */
static int anchor_begin(yd *y, const yaml_char_t *name)
{
  yanchor *a;
  if (!name) {
    return MLS_OK;
  }
  if (!(a = anchor_add(y, (const char *)name))) {
    return MLS_ENOMEM;
  }
  a->open++;
  return MLS_OK;
}

static void anchor_complete(yd *y, const yaml_char_t *name, const ynode *n)
{
  yanchor *a;
  if (!name || !(a = anchor_find(y, (const char *)name))) {
    return;
  }
  a->open--;
  a->v = n->v;
  a->weight = n->weight;
  a->height = n->height;
  a->done = true;
}

/* ---- scalars: go-cty-yaml's resolver ------------------------------------ */

/* The words resolved without a tag hint (go-cty-yaml's resolveMap). */
static const struct {
  const char *word;
  yrkind kind;
  bool b; /* YR_BOOL: the value; YR_INF: negative */
} words[] = {
  { "y", YR_BOOL, true },      { "Y", YR_BOOL, true },
  { "yes", YR_BOOL, true },    { "Yes", YR_BOOL, true },
  { "YES", YR_BOOL, true },    { "true", YR_BOOL, true },
  { "True", YR_BOOL, true },   { "TRUE", YR_BOOL, true },
  { "on", YR_BOOL, true },     { "On", YR_BOOL, true },
  { "ON", YR_BOOL, true },     { "n", YR_BOOL, false },
  { "N", YR_BOOL, false },     { "no", YR_BOOL, false },
  { "No", YR_BOOL, false },    { "NO", YR_BOOL, false },
  { "false", YR_BOOL, false }, { "False", YR_BOOL, false },
  { "FALSE", YR_BOOL, false }, { "off", YR_BOOL, false },
  { "Off", YR_BOOL, false },   { "OFF", YR_BOOL, false },
  { "", YR_NULL, false },      { "~", YR_NULL, false },
  { "null", YR_NULL, false },  { "Null", YR_NULL, false },
  { "NULL", YR_NULL, false },  { ".inf", YR_INF, false },
  { ".Inf", YR_INF, false },   { ".INF", YR_INF, false },
  { "+.inf", YR_INF, false },  { "+.Inf", YR_INF, false },
  { "+.INF", YR_INF, false },  { "-.inf", YR_INF, true },
  { "-.Inf", YR_INF, true },   { "-.INF", YR_INF, true },
};

/* The entry of `words` spelled s, or -1. */
static int word_index(mls_span s)
{
  if (s.len > 5) {
    return -1;
  }
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
    if (strlen(words[i].word) == s.len &&
        memcmp(words[i].word, s.ptr, s.len) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* go-cty-yaml's first-byte hint: 'S' sign, 'D' digit, 'M' a word of the
 * table, '.' a float or a word, 'N' empty, 0 nothing to resolve. */
static char hint_of(mls_span s)
{
  unsigned char ch;
  if (s.len == 0) {
    return 'N';
  }
  ch = (unsigned char)s.ptr[0];
  if (ch == '+' || ch == '-') {
    return 'S';
  }
  if (mls_isdigit(ch)) {
    return 'D';
  }
  if (ch == '.') {
    return '.';
  }
  return ch && strchr("yYnNtTfFoO~", ch) ? 'M' : 0;
}

static size_t digits_at(mls_span s, size_t i)
{
  size_t j = i;
  while (j < s.len && mls_isdigit((unsigned char)s.ptr[j])) {
    j++;
  }
  return j - i;
}

/* The YAML 1.2 float form go-cty-yaml accepts (and cty's number parser):
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float_lit(mls_span s)
{
  size_t i = 0, n;

  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    i++;
  }
  if (i < s.len && s.ptr[i] == '.') {
    if ((n = digits_at(s, i + 1)) == 0) {
      return false;
    }
    i += 1 + n;
  } else {
    if ((n = digits_at(s, i)) == 0) {
      return false;
    }
    i += n;
    if (i < s.len && s.ptr[i] == '.') {
      i++;
      i += digits_at(s, i);
    }
  }
  if (i < s.len && (s.ptr[i] == 'e' || s.ptr[i] == 'E')) {
    i++;
    if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
      i++;
    }
    if ((n = digits_at(s, i)) == 0) {
      return false;
    }
    i += n;
  }
  return i == s.len;
}

static int digit_value(unsigned char ch)
{
  if (mls_isdigit(ch)) {
    return ch - '0';
  }
  return mls_hexval(ch);
}

/* 0o and 0x integers of the YAML 1.2 core schema (no sign), the forms the
 * resolver tries as integers besides decimals. */
static bool is_prefixed_int_lit(mls_span s)
{
  int base;
  if (s.len < 3 || s.ptr[0] != '0' || (s.ptr[1] != 'o' && s.ptr[1] != 'x')) {
    return false;
  }
  base = s.ptr[1] == 'o' ? 8 : 16;
  for (size_t i = 2; i < s.len; i++) {
    int v = digit_value((unsigned char)s.ptr[i]);
    if (v < 0 || v >= base) {
      return false;
    }
  }
  return true;
}

/* Go's strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64), for the
 * forms with a base prefix (0b 0o 0x, either case): the decimal text of the
 * value into buf. False when s is not one or does not fit. */
static bool prefixed_int(mls_span s, char buf[32], mls_span *text, double *d)
{
  size_t i = 0;
  bool neg = false, plus = false;
  uint64_t mag = 0;
  int base;
  int n;

  if (i < s.len && (s.ptr[i] == '+' || s.ptr[i] == '-')) {
    neg = s.ptr[i] == '-';
    plus = !neg;
    i++;
  }
  if (s.len - i < 3 || s.ptr[i] != '0') {
    return false;
  }
  switch (mls_tolower((unsigned char)s.ptr[i + 1])) {
  case 'b':
    base = 2;
    break;
  case 'o':
    base = 8;
    break;
  case 'x':
    base = 16;
    break;
  default:
    return false;
  }
  for (i += 2; i < s.len; i++) {
    int v = digit_value((unsigned char)s.ptr[i]);
    if (v < 0 || v >= base ||
        mag > (UINT64_MAX - (uint64_t)v) / (uint64_t)base) {
      return false;
    }
    mag = mag * (uint64_t)base + (uint64_t)v;
  }
  if (neg) {
    if (mag > (uint64_t)INT64_MAX + 1) {
      return false;
    }
    n = snprintf(buf, 32, "-%llu", (unsigned long long)mag);
    *d = -(double)mag;
  } else {
    if (plus && mag > (uint64_t)INT64_MAX) {
      return false; /* ParseInt overflows and ParseUint takes no sign */
    }
    n = snprintf(buf, 32, "%llu", (unsigned long long)mag);
    *d = (double)mag;
  }
  *text = mls_span_of(buf, (size_t)n);
  return true;
}

/* A number in the parts that the caller keeps: decimal text without a
 * leading '+'. */
static void set_num(yres *r, mls_span text)
{
  if (text.len > 0 && text.ptr[0] == '+') {
    text.ptr++;
    text.len--;
  }
  r->kind = YR_NUM;
  r->text = text;
  (void)tf_fn__parse_num(text, &r->d);
}

/* "Inf" or "inf" with an optional sign, as cty's number parser reads. */
static bool inf_word(mls_span s, bool *neg)
{
  size_t i = 0;
  *neg = false;
  if (s.len > 0 && (s.ptr[0] == '+' || s.ptr[0] == '-')) {
    *neg = s.ptr[0] == '-';
    i = 1;
  }
  return s.len - i == 3 &&
         (memcmp(s.ptr + i, "Inf", 3) == 0 || memcmp(s.ptr + i, "inf", 3) == 0);
}

/* The value of a !!int or !!float (or of a plain scalar that looks like
 * one): underscores dropped, then cty's decimal parser, then Go's integer
 * parsers with base prefixes. 0 when it is none of them. */
static int parse_number(yd *y, mls_span src, char buf[32], yres *r)
{
  mls_span plain = src;
  bool neg;

  if (memchr(src.ptr, '_', src.len)) {
    char *p = mls_arena_alloc(y->c->ctx->arena, src.len);
    size_t k = 0;
    if (!p) {
      return MLS_ENOMEM;
    }
    for (size_t i = 0; i < src.len; i++) {
      if (src.ptr[i] != '_') {
        p[k++] = src.ptr[i];
      }
    }
    plain = mls_span_of(p, k);
  }
  if (is_float_lit(plain)) {
    set_num(r, plain);
    return 1;
  }
  if (inf_word(plain, &neg)) {
    r->kind = YR_INF;
    r->b = neg;
    return 1;
  }
  if (prefixed_int(plain, buf, &r->text, &r->d)) {
    r->kind = YR_NUM;
    return 1;
  }
  return 0;
}

/* The RFC 3339 text of a timestamp in one of the layouts go-cty-yaml tries
 * with Go's time.Parse ("2006-1-2T15:4:5.999999999Z07:00", the same with a
 * lower-case t, "2006-1-2 15:4:5.999999999", "2006-1-2"), into out (at
 * least 32 bytes); 0 when s is none of them. Fractions are dropped, as
 * time.RFC3339 prints none. */
static size_t parse_timestamp(mls_span s, char *out, size_t cap)
{
  const char *p = s.ptr, *e = s.ptr + s.len;
  int year = 0, mon, day, hour = 0, min = 0, sec = 0, zone = 0, n;
  bool utc = true, one;

  if (s.len < 8) {
    return 0;
  }
  for (int i = 0; i < 4; i++) {
    if (!mls_isdigit((unsigned char)p[i])) {
      return 0;
    }
    year = year * 10 + (p[i] - '0');
  }
  if (p[4] != '-') {
    return 0;
  }
  p += 5;
  if ((mon = tf_fn__go_getnum(&p, e, false, &one)) < 0 || p >= e || *p != '-') {
    return 0;
  }
  p++;
  if ((day = tf_fn__go_getnum(&p, e, false, &one)) < 0) {
    return 0;
  }
  if (p < e) {
    char sep = *p++;
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return 0;
    }
    if ((hour = tf_fn__go_getnum(&p, e, false, &one)) < 0 || p >= e ||
        *p++ != ':' || (min = tf_fn__go_getnum(&p, e, false, &one)) < 0 ||
        p >= e || *p++ != ':' ||
        (sec = tf_fn__go_getnum(&p, e, false, &one)) < 0) {
      return 0;
    }
    if (e - p >= 2 && (*p == '.' || *p == ',') &&
        mls_isdigit((unsigned char)p[1])) {
      p += 2;
      while (p < e && mls_isdigit((unsigned char)*p)) {
        p++;
      }
    }
    if (sep != ' ') {
      if (p < e && *p == 'Z') {
        p++;
      } else if (e - p >= 6 && (*p == '+' || *p == '-') && p[3] == ':' &&
                 mls_isdigit((unsigned char)p[1]) &&
                 mls_isdigit((unsigned char)p[2]) &&
                 mls_isdigit((unsigned char)p[4]) &&
                 mls_isdigit((unsigned char)p[5])) {
        int zh = (p[1] - '0') * 10 + (p[2] - '0');
        int zm = (p[4] - '0') * 10 + (p[5] - '0');
        if (zh > 24 || zm > 60) {
          return 0;
        }
        zone = (zh * 60 + zm) * (*p == '-' ? -1 : 1);
        utc = zone == 0;
        p += 6;
      } else {
        return 0;
      }
    }
    if (p != e) {
      return 0;
    }
  }
  if (mon < 1 || mon > 12 || day < 1 || day > tf_fn__days_in(mon, year) ||
      hour >= 24 || min >= 60 || sec >= 60) {
    return 0;
  }
  n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", year, mon, day, hour,
               min, sec);
  if (utc) {
    n += snprintf(out + n, cap - (size_t)n, "Z");
  } else {
    int a = zone < 0 ? -zone : zone;
    n += snprintf(out + n, cap - (size_t)n, "%c%02d:%02d", zone < 0 ? '-' : '+',
                  a / 60, a % 60);
  }
  return (size_t)n;
}

/* Whether Go's base64.StdEncoding decodes s: padding required, \r and \n
 * ignored anywhere. */
static bool base64_valid(mls_span s)
{
  size_t q = 0;

  for (size_t i = 0; i < s.len; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    if (ch == '\r' || ch == '\n') {
      continue;
    }
    if (ch == '=') {
      if (q < 2) {
        return false;
      }
      if (q == 2) {
        /* "xx==": the second '=' must follow. */
        do {
          i++;
        } while (i < s.len && (s.ptr[i] == '\r' || s.ptr[i] == '\n'));
        if (i >= s.len || s.ptr[i] != '=') {
          return false;
        }
      }
      while (++i < s.len) {
        if (s.ptr[i] != '\r' && s.ptr[i] != '\n') {
          return false;
        }
      }
      return true;
    }
    if (tf_fn__b64_value(ch) < 0) {
      return false;
    }
    q = (q + 1) % 4;
  }
  return q == 0;
}

static bool is_quoted(const yaml_event_t *ev)
{
  return ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
         ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
}

/* Resolve the scalar event ev as go-cty-yaml's resolveScalar does. r->text
 * may point into ev, into buf, or into the arena. */
static int resolve(yd *y, const yaml_event_t *ev, char buf[40], yres *r)
{
  const char *tagname = (const char *)ev->data.scalar.tag;
  mls_span src =
      mls_span_of((const char *)ev->data.scalar.value, ev->data.scalar.length);
  ytag tag = tag_kind(ev->data.scalar.tag);
  char hint = hint_of(src);
  const char *want = NULL; /* the tag a failed parse names */
  int rc;

  if (!src.ptr) {
    src = mls_span_of("", 0);
  }
  memset(r, 0, sizeof(*r));
  if (tag == YT_OTHER || tag == YT_MAP || tag == YT_SEQ) {
    return yd_fail(y, &ev->start_mark, "unsupported tag \"%.80s\"", tagname);
  }
  if (tag == YT_MERGE) {
    /* A merge key whatever it says ("!!merge doesnt-matter: ..."). */
    r->kind = YR_MERGE;
    r->text = src;
    return MLS_OK;
  }
  if (hint && tag != YT_STR && tag != YT_BINARY) {
    int w;
    if (is_quoted(ev)) {
      r->kind = YR_STR;
      r->text = src;
      return MLS_OK;
    }
    if ((w = word_index(src)) >= 0) {
      r->kind = words[w].kind;
      r->b = words[w].b;
      return MLS_OK;
    }
    if (tag == YT_NONE &&
        (mls_span_eq(src, ".nan") || mls_span_eq(src, ".NaN") ||
         mls_span_eq(src, ".NAN"))) {
      return yd_fail(y, &ev->start_mark, "floating point NaN is not supported");
    }
    if (hint == '.' && is_float_lit(src)) {
      set_num(r, src);
      return MLS_OK;
    }
    if (hint == 'D' || hint == 'S') {
      size_t n;
      if ((tag == YT_NONE || tag == YT_TIMESTAMP) &&
          (n = parse_timestamp(src, buf, 40)) > 0) {
        r->kind = YR_STR;
        r->text = mls_span_of(buf, n);
        return MLS_OK;
      }
      /* YAML 1.2 core schema integers and floats. */
      if (is_float_lit(src) || is_prefixed_int_lit(src)) {
        tag = YT_INT;
      }
    }
  }
  if (tag == YT_NONE && mls_span_eq(src, "<<")) {
    r->kind = YR_MERGE;
    r->text = src;
    return MLS_OK;
  }
  switch (tag) {
  case YT_NONE:
  case YT_STR:
    r->kind = YR_STR;
    r->text = src;
    return MLS_OK;
  case YT_BINARY:
    if (!base64_valid(src)) {
      return yd_fail(y, &ev->start_mark,
                     "cannot parse \"%.*s\" as " YAML_TAG_PREFIX
                     "binary: not valid base64",
                     (int)(src.len > 60 ? 60 : src.len), src.ptr);
    }
    r->kind = YR_STR;
    r->text = src;
    return MLS_OK;
  case YT_BOOL: {
    int w = word_index(src);
    if (w >= 0 && words[w].kind == YR_BOOL) {
      r->kind = YR_BOOL;
      r->b = words[w].b;
      return MLS_OK;
    }
    want = YAML_TAG_PREFIX "bool";
    break;
  }
  case YT_INT:
  case YT_FLOAT:
    if ((rc = parse_number(y, src, buf, r)) != 0) {
      return rc < 0 ? rc : MLS_OK;
    }
    want = tag == YT_INT ? YAML_TAG_PREFIX "int" : YAML_TAG_PREFIX "float";
    break;
  case YT_TIMESTAMP: {
    size_t n = parse_timestamp(src, buf, 40);
    if (n > 0) {
      r->kind = YR_STR;
      r->text = mls_span_of(buf, n);
      return MLS_OK;
    }
    want = YAML_TAG_PREFIX "timestamp";
    break;
  }
  case YT_NULL:
    r->kind = YR_NULL;
    return MLS_OK;
  default:
    break;
  }
  return yd_fail(y, &ev->start_mark, "cannot parse \"%.*s\" as %s",
                 (int)(src.len > 60 ? 60 : src.len), src.ptr,
                 want ? want : tagname);
}

/* Count bytes the result holds against MLS_MAX_FUNC_STRING_BYTES. */
static int count_bytes(yd *y, size_t n)
{
  y->out_bytes = sat_add(y->out_bytes, n);
  if (y->out_bytes > MLS_MAX_FUNC_STRING_BYTES) {
    return yd_limit(y, "the decoded YAML holds more than "
                       "MLS_MAX_FUNC_STRING_BYTES bytes of text");
  }
  return MLS_OK;
}

/* The value of a resolved scalar (not a key). */
static int res_value(yd *y, const yres *r, mls_value **out)
{
  tf_fn__call *c = y->c;
  mls_value *v = NULL;
  int rc;

  switch (r->kind) {
  case YR_STR:
  case YR_MERGE: /* outside a key, a merge key is its text */
    if ((rc = count_bytes(y, r->text.len)) < 0) {
      return rc;
    }
    v = tf_fn__str(c, r->text);
    break;
  case YR_NULL:
    v = tf_fn__null(c);
    break;
  case YR_BOOL:
    v = tf_fn__bool(c, r->b);
    break;
  case YR_NUM:
    if (!(v = tf_fn__num_text(c, r->d, r->text))) {
      return MLS_ENOMEM;
    }
    if ((rc = count_bytes(y, v->u.num.text.len)) < 0) {
      return rc;
    }
    break;
  case YR_INF:
    /* cty holds infinities; the model has no number for them. */
    if ((rc = tf_fn__unknown(c, &v,
                             r->b ? "yamldecode(): -.inf is not representable"
                                  : "yamldecode(): .inf is not "
                                    "representable")) < 0) {
      return rc;
    }
    break;
  }
  return ok(out, v);
}

/* The mapping key of a resolved scalar, as cty converts it to a string.
 * YD_FAIL for null. */
static int res_key(yd *y, const yaml_event_t *ev, const yres *r, mls_span *out)
{
  mls_value *v;
  char *copy;
  int rc;

  switch (r->kind) {
  case YR_STR:
  case YR_MERGE:
    if ((rc = count_bytes(y, r->text.len)) < 0) {
      return rc;
    }
    if (!(copy = mls_arena_memdup(
              y->c->ctx->arena, r->text.ptr ? r->text.ptr : "", r->text.len))) {
      return MLS_ENOMEM;
    }
    *out = mls_span_of(copy, r->text.len);
    return MLS_OK;
  case YR_BOOL:
    *out = r->b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    return MLS_OK;
  case YR_INF:
    /* Go's big.Float prints infinities so. */
    *out = r->b ? mls_span_of("-Inf", 4) : mls_span_of("+Inf", 4);
    return MLS_OK;
  case YR_NUM:
    if ((rc = res_value(y, r, &v)) < 0) {
      return rc;
    }
    *out = v->u.num.text;
    return MLS_OK;
  case YR_NULL:
  default:
    return yd_fail(y, &ev->start_mark, "mapping key cannot be null");
  }
}

/* ---- nodes -------------------------------------------------------------- */

static int y_node(yd *y, const yaml_event_t *ev, int depth, ynode *out);

/* Fetch the next event and decode the node it starts. */
static int y_next_node(yd *y, int depth, ynode *out)
{
  yaml_event_t ev;
  int rc;

  if ((rc = yd_fetch(y, &ev)) != MLS_OK) {
    return rc;
  }
  rc = y_node(y, &ev, depth, out);
  yaml_event_delete(&ev);
  return rc;
}

static int y_scalar(yd *y, const yaml_event_t *ev, ynode *out)
{
  char buf[40];
  yres r;
  int rc;

  if ((rc = anchor_begin(y, ev->data.scalar.anchor)) != MLS_OK ||
      (rc = resolve(y, ev, buf, &r)) != MLS_OK ||
      (rc = res_value(y, &r, &out->v)) != MLS_OK) {
    return rc;
  }
  out->weight = 1;
  out->height = 0;
  anchor_complete(y, ev->data.scalar.anchor, out);
  return MLS_OK;
}

static int y_alias(yd *y, const yaml_event_t *ev, int depth, ynode *out)
{
  const char *name = (const char *)ev->data.alias.anchor;
  yanchor *a = anchor_find(y, name ? name : "");

  if (a && a->open > 0) {
    return yd_fail(y, &ev->start_mark,
                   "cannot refer to anchor \"%.60s\" from inside its own "
                   "definition",
                   name);
  }
  if (!a || !a->done) {
    return yd_fail(y, &ev->start_mark,
                   "reference to undefined anchor \"%.60s\"", name);
  }
  y->alias_nodes = sat_add(y->alias_nodes, a->weight);
  if (y->alias_nodes > MLS_MAX_YAMLDECODE_ALIAS_NODES) {
    return yd_limit(y, "YAML aliases expand to more than "
                       "MLS_MAX_YAMLDECODE_ALIAS_NODES nodes");
  }
  if (depth + a->height > TF_FN__MAX_DEPTH) {
    return yd_limit(y, "a YAML alias nests deeper than TF_FN__MAX_DEPTH");
  }
  out->v = a->v;
  out->weight = a->weight;
  out->height = a->height;
  return MLS_OK;
}

/* The type name go-cty-yaml gives a value that cannot be merged. */
static const char *friendly(const mls_value *v)
{
  switch (v ? v->kind : MLS_V_NULL) {
  case MLS_V_BOOL:
    return "bool";
  case MLS_V_NUMBER:
  case MLS_V_UNKNOWN: /* only .inf */
    return "number";
  case MLS_V_STRING:
    return "string";
  case MLS_V_LIST:
    return "tuple";
  case MLS_V_MAP:
    return "object";
  default:
    return "dynamic";
  }
}

/* Append the entries a merge key brings: those of a mapping, or of each
 * mapping of a sequence in turn (later ones win, as go-cty-yaml applies
 * them). */
static int y_merge(yd *y, tf_fn__grow *g, const yaml_mark_t *at,
                   const mls_value *v)
{
  const mls_value *const *maps = &v;
  uint32_t nmaps = 1;

  if (v && v->kind == MLS_V_LIST) {
    maps = (const mls_value *const *)v->u.list.items;
    nmaps = v->u.list.n;
    for (uint32_t i = 0; i < nmaps; i++) {
      if (!maps[i] || maps[i]->kind != MLS_V_MAP) {
        return yd_fail(y, at, "cannot merge %s (from sequence) into mapping",
                       friendly(maps[i]));
      }
    }
  } else if (!v || v->kind != MLS_V_MAP) {
    return yd_fail(y, at, "cannot merge %s into mapping", friendly(v));
  }
  for (uint32_t k = 0; k < nmaps; k++) {
    for (uint32_t i = 0; i < maps[k]->u.map.n; i++) {
      mls_map_entry *e = tf_fn__grow_one(y->c, g, sizeof(*e));
      if (!e) {
        return MLS_ENOMEM;
      }
      *e = maps[k]->u.map.entries[i];
    }
  }
  return MLS_OK;
}

static int y_mapping(yd *y, const yaml_event_t *ev, int depth, ynode *out)
{
  const yaml_char_t *anchor = ev->data.mapping_start.anchor;
  ytag tag = tag_kind(ev->data.mapping_start.tag);
  tf_fn__grow g = { NULL, 0, 0 };
  mls_map_entry *sorted;
  mls_value *tmp;
  uint32_t n;
  int rc;

  if (tag != YT_NONE && tag != YT_MAP) {
    return yd_fail(y, &ev->start_mark, "can't interpret mapping as %.80s",
                   (const char *)ev->data.mapping_start.tag);
  }
  if ((rc = anchor_begin(y, anchor)) != MLS_OK) {
    return rc;
  }
  out->weight = 1;
  out->height = 0;
  for (;;) {
    yaml_event_t kev;
    yaml_mark_t at;
    mls_span key = { NULL, 0 };
    bool merge = false;
    ynode val;

    if ((rc = yd_fetch(y, &kev)) != MLS_OK) {
      return rc;
    }
    at = kev.start_mark;
    if (kev.type == YAML_MAPPING_END_EVENT) {
      yaml_event_delete(&kev);
      break;
    }
    if (kev.type != YAML_SCALAR_EVENT) {
      rc = yd_fail(y, &at, "only strings are allowed as mapping keys");
    } else {
      char buf[40];
      yres r;
      /* An anchor on a key is ignored, as go-cty-yaml ignores it. */
      if ((rc = resolve(y, &kev, buf, &r)) == MLS_OK) {
        if (r.kind == YR_MERGE) {
          merge = true;
        } else {
          rc = res_key(y, &kev, &r, &key);
        }
      }
    }
    yaml_event_delete(&kev);
    if (rc != MLS_OK || (rc = y_next_node(y, depth + 1, &val)) != MLS_OK) {
      return rc;
    }
    out->weight = sat_add(out->weight, val.weight);
    if (val.height + 1 > out->height) {
      out->height = val.height + 1;
    }
    if (merge) {
      /* The merged mappings' entries, applied where the key stands. */
      if ((rc = y_merge(y, &g, &at, val.v)) != MLS_OK) {
        return rc;
      }
    } else {
      mls_map_entry *e = tf_fn__grow_one(y->c, &g, sizeof(*e));
      if (!e) {
        return MLS_ENOMEM;
      }
      e->key = key;
      e->value = val.v;
    }
    if (g.n > MLS_MAX_BODY_ITEMS) {
      return yd_limit(y, "a YAML mapping has more than MLS_MAX_BODY_ITEMS "
                         "entries");
    }
  }
  /* Sorted keys, a later duplicate replacing an earlier one. */
  if (!(tmp = tf_fn__map(y->c, g.v, g.n)) ||
      (rc = tf_fn__sorted_entries(y->c, tmp, &sorted, &n)) < 0 ||
      !(out->v = tf_fn__map(y->c, sorted, n))) {
    return MLS_ENOMEM;
  }
  anchor_complete(y, anchor, out);
  return MLS_OK;
}

static int y_sequence(yd *y, const yaml_event_t *ev, int depth, ynode *out)
{
  const yaml_char_t *anchor = ev->data.sequence_start.anchor;
  ytag tag = tag_kind(ev->data.sequence_start.tag);
  tf_fn__grow g = { NULL, 0, 0 };
  int rc;

  if (tag != YT_NONE && tag != YT_SEQ) {
    return yd_fail(y, &ev->start_mark, "can't interpret sequence as %.80s",
                   (const char *)ev->data.sequence_start.tag);
  }
  if ((rc = anchor_begin(y, anchor)) != MLS_OK) {
    return rc;
  }
  out->weight = 1;
  out->height = 0;
  for (;;) {
    yaml_event_t iev;
    mls_value **slot;
    ynode item;

    if ((rc = yd_fetch(y, &iev)) != MLS_OK) {
      return rc;
    }
    if (iev.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&iev);
      break;
    }
    rc = y_node(y, &iev, depth + 1, &item);
    yaml_event_delete(&iev);
    if (rc != MLS_OK) {
      return rc;
    }
    if (!(slot = tf_fn__grow_one(y->c, &g, sizeof(*slot)))) {
      return MLS_ENOMEM;
    }
    *slot = item.v;
    out->weight = sat_add(out->weight, item.weight);
    if (item.height + 1 > out->height) {
      out->height = item.height + 1;
    }
    if (g.n > MLS_MAX_BODY_ITEMS) {
      return yd_limit(y, "a YAML sequence has more than MLS_MAX_BODY_ITEMS "
                         "items");
    }
  }
  if (!(out->v = tf_fn__list(y->c, g.v, g.n, false))) {
    return MLS_ENOMEM;
  }
  anchor_complete(y, anchor, out);
  return MLS_OK;
}

/* The node that the already fetched event ev starts. */
static int y_node(yd *y, const yaml_event_t *ev, int depth, ynode *out)
{
  if (depth > TF_FN__MAX_DEPTH) {
    return yd_limit(y, "the YAML nests deeper than TF_FN__MAX_DEPTH");
  }
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    return y_scalar(y, ev, out);
  case YAML_ALIAS_EVENT:
    return y_alias(y, ev, depth, out);
  case YAML_MAPPING_START_EVENT:
    return y_mapping(y, ev, depth, out);
  case YAML_SEQUENCE_START_EVENT:
    return y_sequence(y, ev, depth, out);
  case YAML_DOCUMENT_START_EVENT:
    return yd_fail(y, &ev->start_mark, "only a single document is allowed");
  case YAML_STREAM_END_EVENT:
    return yd_fail(y, &ev->start_mark,
                   "expecting value but found end of stream");
  default:
    return yd_fail(y, &ev->start_mark, "unexpected YAML event");
  }
}

/* The whole stream: one document, or none (null). */
static int y_stream(yd *y, mls_value **out)
{
  yaml_event_t ev;
  ynode root = { NULL, 0, 0 };
  yaml_event_type_t type;
  yaml_mark_t at;
  int rc;

  /* The stream start. */
  if ((rc = yd_fetch(y, &ev)) != MLS_OK) {
    return rc;
  }
  yaml_event_delete(&ev);
  if ((rc = yd_fetch(y, &ev)) != MLS_OK) {
    return rc;
  }
  type = ev.type;
  at = ev.start_mark;
  yaml_event_delete(&ev);
  if (type == YAML_STREAM_END_EVENT) {
    return ok(out, tf_fn__null(y->c)); /* nothing but comments or space */
  }
  if (type != YAML_DOCUMENT_START_EVENT) {
    return yd_fail(y, &at, "missing start of document");
  }
  if ((rc = y_next_node(y, 0, &root)) != MLS_OK) {
    return rc;
  }
  for (int k = 0; k < 2; k++) {
    if ((rc = yd_fetch(y, &ev)) != MLS_OK) {
      return rc;
    }
    type = ev.type;
    at = ev.start_mark;
    yaml_event_delete(&ev);
    if (type == YAML_DOCUMENT_START_EVENT) {
      return yd_fail(y, &at, "only a single document is allowed");
    }
    if (type != (k == 0 ? YAML_DOCUMENT_END_EVENT : YAML_STREAM_END_EVENT)) {
      return yd_fail(y, &at, "unexpected extra content after value");
    }
  }
  *out = root.v;
  return MLS_OK;
}

int tf_fn__fn_yamldecode(tf_fn__call *c, mls_value **out)
{
  yaml_parser_t parser;
  mls_value *v = NULL;
  mls_span s;
  yd y;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  memset(&y, 0, sizeof(y));
  y.c = c;
  y.parser = &parser;
  if (!yaml_parser_initialize(&parser)) {
    return MLS_ENOMEM;
  }
  yaml_parser_set_input_string(
      &parser, (const unsigned char *)(s.ptr ? s.ptr : ""), s.len);
  rc = y_stream(&y, &v);
  yaml_parser_delete(&parser);
  if (rc == YD_FAIL) {
    return tf_fn__error(c, out, "%s", y.err);
  }
  if (rc == MLS_ELIMIT) {
    return tf_fn__limit(c, out, y.limit);
  }
  if (rc < 0) {
    return rc;
  }
  *out = v;
  return MLS_OK;
}

/* ==== csvdecode ========================================================== */

/* A syntax error: returned as 1, the message in csvr.err. */
#define CSV_FAIL 1

/* Reader state over the borrowed input. */
typedef struct csvr {
  tf_fn__call *c;     /* borrowed: the call */
  const char *p;      /* borrowed: the next unread byte */
  const char *end;    /* borrowed: just past the input */
  unsigned long line; /* lines read so far (Go's numLine) */
  char err[192];      /* the syntax error */
} csvr;

/* One input line: its content without the line end, and whether it had
 * one (\n, or \r\n read as \n). */
typedef struct cline {
  const char *s; /* borrowed: the content */
  size_t len;    /* bytes of content */
  bool nl;       /* a line end followed it */
} cline;

/* Go's readLine: false at the end of the input. */
static bool csv_line(csvr *r, cline *ln)
{
  const char *nl;
  size_t avail = (size_t)(r->end - r->p);

  r->line++;
  if (avail == 0) {
    ln->s = r->p;
    ln->len = 0;
    ln->nl = false;
    return false;
  }
  nl = memchr(r->p, '\n', avail);
  ln->s = r->p;
  if (nl) {
    ln->len = (size_t)(nl - r->p);
    ln->nl = true;
    r->p = nl + 1;
  } else {
    ln->len = avail;
    ln->nl = false;
    r->p = r->end;
  }
  /* \r\n is a line end; so is a \r just before the end of the input. */
  if (ln->len > 0 && ln->s[ln->len - 1] == '\r') {
    ln->len--;
  }
  return true;
}

__attribute__((format(printf, 3, 4))) static int
csv_fail(csvr *r, unsigned long line, const char *fmt, ...)
{
  char msg[120];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  snprintf(r->err, sizeof(r->err), "CSV parse error on line %lu: %s", line,
           msg);
  return CSV_FAIL;
}

static int csv_push(csvr *r, tf_fn__grow *fields, mls_span f)
{
  mls_span *slot;
  if (fields->n >= MLS_MAX_BODY_ITEMS) {
    return MLS_ELIMIT;
  }
  if (!(slot = tf_fn__grow_one(r->c, fields, sizeof(*slot)))) {
    return MLS_ENOMEM;
  }
  *slot = f;
  return MLS_OK;
}

/* A quoted field from just after its opening quote at *q on line *ln; on
 * return *q is past the field (and its comma) and *more tells whether
 * another field follows on the record. */
static int csv_quoted(csvr *r, cline *ln, const char **q, tf_fn__grow *fields,
                      bool *more)
{
  const char *start = *q, *p = *q, *qe = ln->s + ln->len;
  unsigned long pos_line = r->line;
  bool built = false; /* the field is in sb, not a span of the input */
  tf_fn__sb sb;
  mls_span field;
  int rc;

  tf_fn__sb_init(&sb, r->c);
  for (;;) {
    const char *quote = memchr(p, '"', (size_t)(qe - p));
    if (quote) {
      if (built) {
        tf_fn__sb_put(&sb, p, (size_t)(quote - p));
      }
      p = quote + 1;
      if (p < qe && *p == '"') {
        /* "" is one quote. */
        if (!built) {
          tf_fn__sb_put(&sb, start, (size_t)(p - start));
          built = true;
        } else {
          tf_fn__sb_putc(&sb, '"');
        }
        p++;
        continue;
      }
      if (p < qe && *p != ',') {
        return csv_fail(r, r->line,
                        "extraneous or missing \" in "
                        "quoted-field");
      }
      field = built ? mls_span_of(sb.ptr ? sb.ptr : "", sb.len)
                    : mls_span_of(start, (size_t)(quote - start));
      *more = p < qe;
      *q = *more ? p + 1 : p;
      break;
    }
    if (p < qe || ln->nl) {
      /* The field goes on past the line end, which it keeps as \n. */
      if (!built) {
        tf_fn__sb_put(&sb, start, (size_t)(p - start));
        built = true;
      }
      tf_fn__sb_put(&sb, p, (size_t)(qe - p));
      if (ln->nl) {
        tf_fn__sb_putc(&sb, '\n');
      }
      if (sb.err) {
        return sb.err;
      }
      if (!csv_line(r, ln)) {
        ln->s = r->end;
        ln->len = 0;
        ln->nl = false;
      } else if (ln->len > 0 || ln->nl) {
        pos_line++;
      }
      p = ln->s;
      qe = ln->s + ln->len;
      continue;
    }
    /* The input ended inside the quotes. */
    return csv_fail(r, pos_line, "extraneous or missing \" in quoted-field");
  }
  if (sb.err) {
    return sb.err;
  }
  if ((rc = csv_push(r, fields, field)) != MLS_OK) {
    return rc;
  }
  return MLS_OK;
}

/* Go's readRecord: the fields of the next record into `fields` (reset
 * first). 0 at the end of the input, 1 with a record, CSV_FAIL + 1 for a
 * syntax error, or a negative rc. *recline gets the record's first line. */
#define CSV_RECORD 1
#define CSV_ERROR  (CSV_FAIL + 1)

static int csv_record(csvr *r, tf_fn__grow *fields, unsigned long *recline)
{
  cline ln;
  const char *q;
  int rc;

  fields->n = 0;
  do {
    if (!csv_line(r, &ln)) {
      return 0;
    }
  } while (ln.len == 0); /* empty lines are skipped */
  *recline = r->line;
  q = ln.s;
  for (;;) {
    const char *qe = ln.s + ln.len;
    if (q == qe || *q != '"') {
      const char *comma = memchr(q, ',', (size_t)(qe - q));
      const char *fe = comma ? comma : qe;
      if (memchr(q, '"', (size_t)(fe - q))) {
        csv_fail(r, r->line, "bare \" in non-quoted-field");
        return CSV_ERROR;
      }
      if ((rc = csv_push(r, fields, mls_span_of(q, (size_t)(fe - q)))) !=
          MLS_OK) {
        return rc;
      }
      if (!comma) {
        return CSV_RECORD;
      }
      q = comma + 1;
    } else {
      bool more = false;
      q++;
      rc = csv_quoted(r, &ln, &q, fields, &more);
      if (rc == CSV_FAIL) {
        return CSV_ERROR;
      }
      if (rc != MLS_OK) {
        return rc;
      }
      if (!more) {
        return CSV_RECORD;
      }
    }
  }
}

/* Column order for the result: header indexes sorted by name. */
typedef struct ccol {
  mls_span name;  /* the header field */
  uint32_t index; /* its position in the record */
} ccol;

static int ccol_order(const void *pa, const void *pb)
{
  const ccol *a = pa, *b = pb;
  int d = tf_fn__strcmp(a->name, b->name);
  return d ? d : (a->index > b->index) - (a->index < b->index);
}

int tf_fn__fn_csvdecode(tf_fn__call *c, mls_value **out)
{
  tf_fn__grow fields = { NULL, 0, 0 }, rows = { NULL, 0, 0 };
  unsigned long recline = 0;
  ccol *cols;
  uint32_t ncols, dup = UINT32_MAX;
  mls_span s;
  csvr r;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  memset(&r, 0, sizeof(r));
  r.c = c;
  r.p = s.ptr ? s.ptr : "";
  r.end = r.p + s.len;

  /* The header. */
  rc = csv_record(&r, &fields, &recline);
  if (rc == 0) {
    return tf_fn__error(c, out, "missing header line");
  }
  if (rc == CSV_ERROR) {
    return tf_fn__error(c, out, "%s", r.err);
  }
  if (rc == MLS_ELIMIT) {
    return tf_fn__limit(c, out,
                        "the CSV has more than MLS_MAX_BODY_ITEMS "
                        "columns");
  }
  if (rc < 0) {
    return rc;
  }
  ncols = fields.n;
  if (!(cols = mls_arena_alloc(c->ctx->arena, (size_t)ncols * sizeof(*cols)))) {
    return MLS_ENOMEM;
  }
  for (uint32_t i = 0; i < ncols; i++) {
    cols[i].name = ((mls_span *)fields.v)[i];
    cols[i].index = i;
  }
  qsort(cols, ncols, sizeof(*cols), ccol_order);
  for (uint32_t i = 0; i + 1 < ncols; i++) {
    /* cty reports the first column whose name was used before it. */
    if (tf_fn__strcmp(cols[i].name, cols[i + 1].name) == 0 &&
        cols[i + 1].index < dup) {
      dup = cols[i + 1].index;
    }
  }
  if (dup != UINT32_MAX) {
    mls_span d = ((mls_span *)fields.v)[dup];
    return tf_fn__error(c, out, "duplicate column name \"%.*s\"",
                        (int)(d.len > 60 ? 60 : d.len), d.ptr);
  }

  /* The records. */
  for (;;) {
    mls_map_entry *e;
    mls_value **slot;
    rc = csv_record(&r, &fields, &recline);
    if (rc == 0) {
      break;
    }
    if (rc == CSV_ERROR) {
      return tf_fn__error(c, out, "%s", r.err);
    }
    if (rc == MLS_ELIMIT) {
      return tf_fn__limit(c, out,
                          "a CSV record has more than "
                          "MLS_MAX_BODY_ITEMS fields or "
                          "MLS_MAX_FUNC_STRING_BYTES bytes");
    }
    if (rc < 0) {
      return rc;
    }
    if (fields.n != ncols) {
      csv_fail(&r, recline, "wrong number of fields");
      return tf_fn__error(c, out, "%s", r.err);
    }
    if (rows.n >= MLS_MAX_BODY_ITEMS) {
      return tf_fn__limit(c, out,
                          "the CSV has more than MLS_MAX_BODY_ITEMS "
                          "records");
    }
    if (!(e = tf_fn__entries(c, ncols))) {
      return MLS_ENOMEM;
    }
    for (uint32_t j = 0; j < ncols; j++) {
      e[j].key = cols[j].name;
      if (!(e[j].value =
                tf_fn__str_borrow(c, ((mls_span *)fields.v)[cols[j].index]))) {
        return MLS_ENOMEM;
      }
    }
    if (!(slot = tf_fn__grow_one(c, &rows, sizeof(*slot))) ||
        !(*slot = tf_fn__map(c, e, ncols))) {
      return MLS_ENOMEM;
    }
  }
  return ok(out, tf_fn__list(c, rows.v, rows.n, false));
}
