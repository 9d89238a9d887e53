/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/json.c -- Terraform JSON syntax (.tf.json, .tfvars.json) into
 * the hcl_file/hcl_body tree the native parser builds.
 *
 * Stage: blob -> file model. Implements ../shared/corpus/hcl-specsuite/
 * json/spec.md with the block-type-specific rules of Terraform's "JSON
 * Configuration Syntax" page. Trusts nothing in the input: every read stops
 * at the end of the blob and every bound comes from core/base/limits.h.
 *
 * Two passes. The first is a strict RFC 8259 parser written here rather than
 * cJSON, because cJSON keeps neither positions nor a number's source text
 * and both must reach the tree. It builds a small JSON tree in a scratch
 * arena (freed before returning) recording the byte, line and column of
 * every key and value; decoded strings go to the file's arena, or stay
 * borrowed from src when they hold no escape. The second pass maps that
 * tree onto bodies, attributes and blocks with a small built-in schema (see
 * "Schema" below), calling hcl_parse_template() and hcl_parse_expression()
 * for strings that Terraform evaluates.
 *
 * Positions: line is 1-based and counts LF only (CRLF ends a line at its LF;
 * a lone CR is an ordinary byte), col is 1-based bytes from the line start,
 * and a UTF-8 BOM counts in byte offsets but not in columns. A template or
 * expression inside a JSON string is parsed from the decoded text with its
 * base at the byte after the opening quote, as HashiCorp's hcl/json does:
 * positions inside it are exact when the string holds no escape and drift
 * by the length of each escape (\n is two bytes in the file, one in the
 * text) when it does.
 *
 * Errors: a JSON syntax error stops the first pass; the partial tree (every
 * object and array up to the error) is still mapped, so the file keeps what
 * was recovered. Nesting past MLS_MAX_NESTING and containers with more than
 * MLS_MAX_BODY_ITEMS members are skipped by bracket matching and parsing
 * goes on, as limits.h asks.
 */
#include "parsers/hcl/json.h"

#include "parsers/hcl/hcl_int.h"

#include "core/base/arena.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Pass 1: JSON text -> positioned JSON tree                              */
/* ---------------------------------------------------------------------- */

typedef enum jtype {
  J_NULL = 0,
  J_FALSE,
  J_TRUE,
  J_NUMBER,
  J_STRING,
  J_ARRAY,
  J_OBJECT,
  J_INVALID /* a value that was dropped (string past the length bound) */
} jtype;

typedef struct jnode jnode;
struct jnode {
  jtype type;          /* selects which fields below are meaningful */
  uint32_t n;          /* ARRAY, OBJECT: children linked below */
  mls_range range;     /* the value, brackets or quotes included */
  mls_span str;        /* STRING: borrowed: src, or arena (decoded);
                          NUMBER: borrowed: src (the literal's text) */
  mls_span key;        /* object member: borrowed: src or arena (decoded) */
  mls_range key_range; /* object member: the key, quotes included */
  jnode *first;        /* scratch arena: first child in document order */
  jnode *last;         /* scratch arena: last child, for appending */
  jnode *next;         /* scratch arena: next sibling */
};

typedef struct jparser {
  const unsigned char *src; /* borrowed: the blob */
  const unsigned char *p;   /* borrowed: next byte to read, p <= end */
  const unsigned char *end; /* borrowed: one past the blob */
  uint32_t line;            /* 1-based line of p */
  size_t line_start;        /* byte offset where line starts (after BOM) */
  mls_arena *arena;         /* borrowed: the file's arena (decoded text) */
  mls_arena *scratch;       /* borrowed: the JSON tree */
  mls_diag *diag;           /* borrowed: the job's diagnostics */
  int rc;                   /* first failure seen, or MLS_OK */
  bool limit;               /* a bound of limits.h was hit */
  bool stop;                /* a syntax error or OOM ended the pass */
} jparser;

static void note_rc(int *slot, int rc)
{
  if (*slot == MLS_OK || rc == MLS_ENOMEM) {
    *slot = rc;
  }
}

static mls_pos pos_at(const jparser *jp, const unsigned char *q)
{
  size_t off = (size_t)(q - jp->src);
  mls_pos pos;
  pos.byte = (uint32_t)off;
  pos.line = jp->line;
  pos.col = (uint32_t)(off - jp->line_start + 1);
  return pos;
}

/* The one-byte range at q (empty at the end of input). */
static mls_range byte_range(const jparser *jp, const unsigned char *q)
{
  mls_range r;
  r.start = pos_at(jp, q);
  r.end = r.start;
  if (q < jp->end) {
    r.end.byte++;
    r.end.col++;
  }
  return r;
}

static void jdiagv(jparser *jp, int rc, const mls_range *at, const char *fmt,
                   va_list ap) __attribute__((format(printf, 4, 0)));
static void jdiag(jparser *jp, int rc, const unsigned char *at, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
static void jdiag_range(jparser *jp, int rc, const mls_range *at,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records an error. MLS_EINPUT stops the pass; MLS_ELIMIT lets the caller
 * skip the construct and go on. */
static void jdiagv(jparser *jp, int rc, const mls_range *at, const char *fmt,
                   va_list ap)
{
  mls_diag_addv(jp->diag, rc, MLS_SEV_ERROR, at, fmt, ap);
  note_rc(&jp->rc, rc);
  if (rc == MLS_ELIMIT) {
    jp->limit = true;
  } else {
    jp->stop = true;
  }
}

/* An error at byte `at`, which must lie on the current line. */
static void jdiag(jparser *jp, int rc, const unsigned char *at, const char *fmt,
                  ...)
{
  mls_range r = byte_range(jp, at);
  va_list ap;
  va_start(ap, fmt);
  jdiagv(jp, rc, &r, fmt, ap);
  va_end(ap);
}

static void jdiag_range(jparser *jp, int rc, const mls_range *at,
                        const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  jdiagv(jp, rc, at, fmt, ap);
  va_end(ap);
}

static void nomem(jparser *jp)
{
  note_rc(&jp->rc, MLS_ENOMEM);
  jp->stop = true;
}

static void newline_at(jparser *jp, const unsigned char *q)
{
  jp->line++;
  jp->line_start = (size_t)(q - jp->src) + 1;
}

static void skip_ws(jparser *jp)
{
  const unsigned char *p = jp->p;
  while (p < jp->end) {
    unsigned char c = *p;
    if (c == '\n') {
      newline_at(jp, p);
    } else if (c != ' ' && c != '\t' && c != '\r') {
      break;
    }
    p++;
  }
  jp->p = p;
}

/* Describes the unexpected byte at p (end of input, NUL, invalid UTF-8 or a
 * stray character) and stops the pass. */
static void unexpected(jparser *jp, const char *wanted)
{
  const unsigned char *p = jp->p;
  uint32_t cp = 0;

  if (p >= jp->end) {
    jdiag(jp, MLS_EINPUT, p, "unexpected end of input; expected %s", wanted);
  } else if (*p == 0) {
    jdiag(jp, MLS_EINPUT, p, "NUL byte in input; expected %s", wanted);
  } else if (*p >= 0x80 && mls_utf8_decode(&cp, p, jp->end) == 0) {
    jdiag(jp, MLS_EINPUT, p, "invalid UTF-8 byte 0x%02X; expected %s", *p,
          wanted);
  } else if (*p >= 0x21 && *p < 0x7F) {
    jdiag(jp, MLS_EINPUT, p, "unexpected character '%c'; expected %s", *p,
          wanted);
  } else {
    if (*p < 0x80) {
      cp = *p;
    }
    jdiag(jp, MLS_EINPUT, p, "unexpected character U+%04X; expected %s",
          (unsigned)cp, wanted);
  }
}

/* Skips a container. With `open` == 0, p is at its opening bracket; with 1,
 * p is inside it. Ends just past the matching bracket. Iterative and
 * linear, so a hostile 8 MB of '[' costs one scan. Bracket kinds are not
 * checked: the construct is dropped anyway. */
static void skip_container(jparser *jp, size_t open)
{
  const unsigned char *p = jp->p;
  size_t depth = open;

  while (p < jp->end) {
    unsigned char c = *p;
    if (c == '"') {
      /* Strings may hold brackets. A string cannot span lines in JSON;
       * stop at a newline so line counting stays right. */
      p++;
      while (p < jp->end && *p != '"' && *p != '\n') {
        p += (*p == '\\' && p + 1 < jp->end && p[1] != '\n') ? 2 : 1;
      }
      if (p < jp->end && *p == '"') {
        p++;
      }
      continue;
    }
    if (c == '\n') {
      newline_at(jp, p);
    } else if (c == '[' || c == '{') {
      depth++;
    } else if ((c == ']' || c == '}') && depth > 0 && --depth == 0) {
      jp->p = p + 1;
      return;
    }
    p++;
  }
  jp->p = p;
  jdiag(jp, MLS_EINPUT, p, "unexpected end of input; a bracket is not closed");
}

static jnode *jnew(jparser *jp, jtype type, const unsigned char *at)
{
  jnode *n = mls_arena_zalloc(jp->scratch, sizeof(*n));
  if (!n) {
    nomem(jp);
    return NULL;
  }
  n->type = type;
  n->range.start = pos_at(jp, at);
  n->range.end = n->range.start;
  return n;
}

static void jappend(jnode *parent, jnode *child)
{
  if (parent->last) {
    parent->last->next = child;
  } else {
    parent->first = child;
  }
  parent->last = child;
  parent->n++;
}

static int hexval4(const unsigned char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int h = mls_hexval(p[i]);
    if (h < 0) {
      return -1;
    }
    v = v * 16 + h;
  }
  return v;
}

typedef struct jstr {
  mls_span s;      /* borrowed: src, or arena when decoded */
  mls_range range; /* quotes included */
  bool toolong;    /* longer than MLS_MAX_STRING_BYTES: s is empty */
} jstr;

/* Decodes the escapes of raw[0..n) (already validated) into the arena. The
 * result is never longer than the input: a 6-byte \uXXXX yields at most 3
 * bytes and a 12-byte surrogate pair 4. A lone surrogate becomes U+FFFD
 * with a warning, as Go's encoding/json (under hcl/json) does. */
static bool decode_escapes(jparser *jp, mls_span *out, const unsigned char *raw,
                           size_t n)
{
  unsigned char *buf = mls_arena_alloc(jp->arena, n + 1);
  const unsigned char *r = raw, *end = raw + n;
  size_t w = 0;

  if (!buf) {
    nomem(jp);
    return false;
  }
  while (r < end) {
    if (*r != '\\') {
      buf[w++] = *r++;
      continue;
    }
    unsigned char e = r[1];
    uint32_t cp;
    const unsigned char *esc = r;
    r += 2;
    switch (e) {
    case 'b':
      buf[w++] = '\b';
      continue;
    case 'f':
      buf[w++] = '\f';
      continue;
    case 'n':
      buf[w++] = '\n';
      continue;
    case 'r':
      buf[w++] = '\r';
      continue;
    case 't':
      buf[w++] = '\t';
      continue;
    case 'u':
      break;
    default: /* '"', '\\' and '/' stand for themselves */
      buf[w++] = e;
      continue;
    }
    cp = (uint32_t)hexval4(r);
    r += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && end - r >= 6 && r[0] == '\\' &&
        r[1] == 'u') {
      int lo = hexval4(r + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
        r += 6;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      mls_range at = byte_range(jp, esc);
      at.end.byte += 5;
      at.end.col += 5;
      mls_diag_note(jp->diag, MLS_EINPUT, MLS_SEV_WARNING, &at,
                    "unpaired UTF-16 surrogate \\u%04X replaced by U+FFFD",
                    (unsigned)cp);
      cp = 0xFFFD;
    }
    w += mls_utf8_encode(buf + w, cp);
  }
  buf[w] = 0;
  *out = mls_span_of((const char *)buf, w);
  return true;
}

/* Parses a string at p (an opening quote). Validates escapes, control
 * characters and UTF-8 in one scan; strings without escapes stay borrowed
 * from src. Returns false when the pass must stop. */
static bool parse_string(jparser *jp, jstr *out)
{
  const unsigned char *open = jp->p, *q = open + 1, *end = jp->end;
  bool escapes = false;

  memset(out, 0, sizeof(*out));
  for (;;) {
    if (q >= end) {
      jdiag(jp, MLS_EINPUT, open, "unterminated string");
      return false;
    }
    unsigned char c = *q;
    if (c == '"') {
      break;
    }
    if (c == '\\') {
      escapes = true;
      if (q + 1 >= end) {
        jdiag(jp, MLS_EINPUT, open, "unterminated string");
        return false;
      }
      unsigned char e = q[1];
      if (e == 'u') {
        if (end - q < 6 || hexval4(q + 2) < 0) {
          jdiag(jp, MLS_EINPUT, q,
                "invalid escape: \\u must be followed by four hex digits");
          return false;
        }
        q += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' ||
                 e == 'n' || e == 'r' || e == 't') {
        q += 2;
      } else if (e >= 0x21 && e < 0x7F) {
        jdiag(jp, MLS_EINPUT, q, "invalid escape '\\%c' in string", e);
        return false;
      } else {
        jdiag(jp, MLS_EINPUT, q, "invalid escape in string");
        return false;
      }
    } else if (c == 0) {
      jdiag(jp, MLS_EINPUT, q, "NUL byte in string");
      return false;
    } else if (c == '\n' || c == '\r') {
      jdiag(jp, MLS_EINPUT, open, "unterminated string (line break)");
      return false;
    } else if (c < 0x20) {
      jdiag(jp, MLS_EINPUT, q,
            "control character U+%04X must be escaped in a string", c);
      return false;
    } else if (c < 0x80) {
      q++;
    } else {
      uint32_t cp;
      size_t k = mls_utf8_decode(&cp, q, end);
      if (k == 0) {
        jdiag(jp, MLS_EINPUT, q, "invalid UTF-8 byte 0x%02X in string", c);
        return false;
      }
      q += k;
    }
  }
  out->range.start = pos_at(jp, open);
  out->range.end = pos_at(jp, q + 1);
  jp->p = q + 1;
  size_t n = (size_t)(q - (open + 1));
  if (n > MLS_MAX_STRING_BYTES) {
    jdiag(jp, MLS_ELIMIT, open, "string of %zu bytes is longer than %u", n,
          (unsigned)MLS_MAX_STRING_BYTES);
    out->toolong = true;
    return true;
  }
  if (!escapes) {
    out->s = mls_span_of((const char *)open + 1, n);
    return true;
  }
  return decode_escapes(jp, &out->s, open + 1, n);
}

static jnode *parse_number(jparser *jp)
{
  const unsigned char *start = jp->p, *q = start, *end = jp->end;
  jnode *n;

  if (q < end && *q == '-') {
    q++;
  }
  if (q >= end || !mls_isdigit(*q)) {
    jp->p = q;
    unexpected(jp, "a digit");
    return NULL;
  }
  if (*q == '0' && q + 1 < end && mls_isdigit(q[1])) {
    jdiag(jp, MLS_EINPUT, q, "invalid number: leading zero");
    return NULL;
  }
  while (q < end && mls_isdigit(*q)) {
    q++;
  }
  if (q < end && *q == '.') {
    q++;
    if (q >= end || !mls_isdigit(*q)) {
      jp->p = q;
      unexpected(jp, "a digit after '.'");
      return NULL;
    }
    while (q < end && mls_isdigit(*q)) {
      q++;
    }
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < end && (*q == '+' || *q == '-')) {
      q++;
    }
    if (q >= end || !mls_isdigit(*q)) {
      jp->p = q;
      unexpected(jp, "a digit in the exponent");
      return NULL;
    }
    while (q < end && mls_isdigit(*q)) {
      q++;
    }
  }
  if ((size_t)(q - start) > MLS_MAX_STRING_BYTES) {
    jdiag(jp, MLS_EINPUT, start, "number literal too long");
    return NULL;
  }
  if (!(n = jnew(jp, J_NUMBER, start))) {
    return NULL;
  }
  n->str = mls_span_of((const char *)start, (size_t)(q - start));
  jp->p = q;
  n->range.end = pos_at(jp, q);
  return n;
}

static jnode *parse_keyword(jparser *jp)
{
  static const struct {
    const char *word;
    jtype type;
  } kw[] = { { "true", J_TRUE }, { "false", J_FALSE }, { "null", J_NULL } };
  size_t avail = (size_t)(jp->end - jp->p);

  for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
    size_t k = strlen(kw[i].word);
    if (avail >= k && memcmp(jp->p, kw[i].word, k) == 0 &&
        (avail == k || !mls_isalnum(jp->p[k]))) {
      jnode *n = jnew(jp, kw[i].type, jp->p);
      if (n) {
        jp->p += k;
        n->range.end = pos_at(jp, jp->p);
      }
      return n;
    }
  }
  unexpected(jp, "a JSON value");
  return NULL;
}

static jnode *parse_value(jparser *jp, unsigned depth);

/* After a member or item: ',' (not followed by the closer) or the closer.
 * Returns 1 to go on, 0 at the closer (consumed), -1 on error. */
static int after_item(jparser *jp, unsigned char closer, const char *what)
{
  skip_ws(jp);
  if (jp->p < jp->end && *jp->p == ',') {
    mls_range comma = byte_range(jp, jp->p); /* before a line break */
    jp->p++;
    skip_ws(jp);
    if (jp->p < jp->end && *jp->p == closer) {
      jdiag_range(jp, MLS_EINPUT, &comma, "trailing comma in %s", what);
      return -1;
    }
    return 1;
  }
  if (jp->p < jp->end && *jp->p == closer) {
    jp->p++;
    return 0;
  }
  unexpected(jp, closer == '}' ? "',' or '}'" : "',' or ']'");
  return -1;
}

/* Counts one more item; past MLS_MAX_BODY_ITEMS the rest of the container
 * is skipped. Returns false when the container is done. */
static bool room_for_item(jparser *jp, jnode *container, const char *what)
{
  if (container->n < MLS_MAX_BODY_ITEMS) {
    return true;
  }
  jdiag(jp, MLS_ELIMIT, jp->p, "%s with more than %u items; rest skipped", what,
        (unsigned)MLS_MAX_BODY_ITEMS);
  skip_container(jp, 1);
  return false;
}

static jnode *parse_object(jparser *jp, unsigned depth)
{
  jnode *obj = jnew(jp, J_OBJECT, jp->p);
  if (!obj) {
    return NULL;
  }
  jp->p++;
  skip_ws(jp);
  if (jp->p < jp->end && *jp->p == '}') {
    jp->p++;
    goto done;
  }
  for (;;) {
    jstr key;
    skip_ws(jp);
    if (jp->p >= jp->end || *jp->p != '"') {
      unexpected(jp, "a string (object key)");
      break;
    }
    if (!parse_string(jp, &key)) {
      break;
    }
    if (key.toolong) {
      jp->stop = true; /* a 1 MB key is not worth recovering from */
      break;
    }
    skip_ws(jp);
    if (jp->p >= jp->end || *jp->p != ':') {
      unexpected(jp, "':' after an object key");
      break;
    }
    jp->p++;
    jnode *v = parse_value(jp, depth + 1);
    if (v) {
      v->key = key.s;
      v->key_range = key.range;
      jappend(obj, v);
    }
    if (jp->stop || after_item(jp, '}', "object") <= 0 ||
        !room_for_item(jp, obj, "object")) {
      break;
    }
  }
done:
  obj->range.end = pos_at(jp, jp->p);
  return obj;
}

static jnode *parse_array(jparser *jp, unsigned depth)
{
  jnode *arr = jnew(jp, J_ARRAY, jp->p);
  if (!arr) {
    return NULL;
  }
  jp->p++;
  skip_ws(jp);
  if (jp->p < jp->end && *jp->p == ']') {
    jp->p++;
    goto done;
  }
  for (;;) {
    jnode *v = parse_value(jp, depth + 1);
    if (v) {
      jappend(arr, v);
    }
    if (jp->stop || after_item(jp, ']', "array") <= 0 ||
        !room_for_item(jp, arr, "array")) {
      break;
    }
  }
done:
  arr->range.end = pos_at(jp, jp->p);
  return arr;
}

/* Parses one value. Returns NULL when there is none to keep (an error, or a
 * construct skipped at a bound); jp->stop tells the two apart. Recursion is
 * bounded by MLS_MAX_NESTING containers. */
static jnode *parse_value(jparser *jp, unsigned depth)
{
  skip_ws(jp);
  if (jp->p >= jp->end) {
    unexpected(jp, "a JSON value");
    return NULL;
  }
  switch (*jp->p) {
  case '{':
  case '[':
    if (depth >= MLS_MAX_NESTING) {
      jdiag(jp, MLS_ELIMIT, jp->p, "nesting deeper than %u; value skipped",
            (unsigned)MLS_MAX_NESTING);
      skip_container(jp, 0);
      return NULL;
    }
    return *jp->p == '{' ? parse_object(jp, depth) : parse_array(jp, depth);
  case '"': {
    jstr s;
    if (!parse_string(jp, &s)) {
      return NULL;
    }
    jnode *n = jnew(jp, s.toolong ? J_INVALID : J_STRING, jp->p);
    if (n) {
      n->range = s.range;
      n->str = s.s;
    }
    return n;
  }
  case '-':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    return parse_number(jp);
  default:
    return parse_keyword(jp);
  }
}

/* ---------------------------------------------------------------------- */
/* Pass 2: JSON tree -> hcl_body                                           */
/* ---------------------------------------------------------------------- */

/*
 * Schema. A JSON object is a block body or an expression depending on where
 * it sits, and only a provider schema knows for sure; we have none, so a
 * body's kind decides. Each kind below lists what its properties become.
 *
 *  ROOT       resource/data/ephemeral: blocks, 2 labels (RESOURCE);
 *             module, provider, variable, output, check: 1 label;
 *             locals, terraform, moved, import, removed: no label;
 *             any other object: a block with no label (NESTED); any other
 *             value: an attribute.
 *  RESOURCE   count, for_each: templates; provider, depends_on: expressions;
 *             lifecycle, connection: blocks; provisioner: block, 1 label;
 *             otherwise as NESTED.
 *  NESTED     dynamic: block, 1 label (DYNAMIC). A property whose value is
 *             an object, or a non-empty array of only objects, is a nested
 *             block (versioning, server_side_encryption_configuration, rule,
 *             timeouts, ...) unless its name is a well-known map attribute
 *             (map_attrs below: tags, labels, environment, ...), in which
 *             case it is an object attribute; a few resource types where
 *             such a name is a block override that (block_overrides below).
 *             Everything else is an attribute; strings are templates.
 *             An empty array is an attribute (an empty tuple), not zero
 *             blocks.
 *  PROVIDER   alias, version: literal strings; otherwise as NESTED.
 *  MODULE     every property is an attribute (module arguments); source,
 *             version: literal strings; providers: object of expressions;
 *             depends_on: expressions.
 *  VARIABLE   type: expression; default, description, sensitive, nullable,
 *             ephemeral: literal values (strings are not templates);
 *             validation: block (CONDITION).
 *  OUTPUT     value: template; description, sensitive, ephemeral: literal;
 *             depends_on: expressions; precondition: block (CONDITION).
 *  LOCALS     every property is an attribute (template).
 *  TERRAFORM  all values literal; required_providers: block of attributes;
 *             backend, provider_meta: block, 1 label; cloud: block holding
 *             a workspaces block.
 *  LIFECYCLE  ignore_changes, replace_triggered_by: expressions ("all" is
 *             the traversal `all`); precondition, postcondition: blocks.
 *  CONNECTION type: literal; otherwise attributes (templates).
 *  PROVISIONER connection: block; when, on_failure: expressions.
 *  DYNAMIC    iterator: expression; content: block (NESTED, same resource
 *             type).
 *  MOVED, IMPORT, REMOVED: from, to, provider: expressions; removed has
 *             lifecycle/provisioner/connection blocks.
 *  CHECK      data: block, 2 labels; assert: block (CONDITION).
 *  TFVARS     every property is an attribute with a literal value.
 *
 * "//" properties are comments wherever an object is a body (and at label
 * levels): ignored. In an object that is an expression they are ordinary
 * keys.
 */
typedef enum schema {
  S_ROOT = 0,
  S_TFVARS,
  S_RESOURCE,
  S_NESTED,
  S_PROVIDER,
  S_MODULE,
  S_VARIABLE,
  S_OUTPUT,
  S_ATTRS, /* every property an attribute, templates (locals) */
  S_LITERAL,
  S_TERRAFORM,
  S_CLOUD,
  S_LIFECYCLE,
  S_CONDITION,
  S_CONNECTION,
  S_PROVISIONER,
  S_DYNAMIC,
  S_MOVED,
  S_IMPORT,
  S_REMOVED,
  S_CHECK
} schema;

/* How the strings of an attribute's value are read. */
typedef enum xmode {
  X_TEMPLATE = 0, /* hcl_parse_template: "${...}" and directives */
  X_LITERAL,      /* the string itself */
  X_EXPR,         /* hcl_parse_expression: "aws_instance.a" */
  X_PROVIDERS     /* object: literal keys, expression values */
} xmode;

typedef struct bctx {
  schema s;    /* the kind of the body being mapped */
  mls_span rt; /* borrowed: resource/data type label, or empty */
} bctx;

enum { MAX_LABELS = 2 };

typedef enum dkind { D_SKIP = 0, D_ATTR, D_BLOCK } dkind;

typedef struct decision {
  dkind k;          /* comment, attribute or blocks */
  xmode mode;       /* D_ATTR */
  unsigned nlabels; /* D_BLOCK */
  schema child;     /* D_BLOCK: schema of the block bodies */
} decision;

/* Object-valued properties of resource, data and provider bodies that are
 * map attributes in the providers' schemas, not nested blocks. Keep sorted
 * by name for readers; matched exactly. default_tags (aws provider) is a
 * block and is deliberately absent. */
static const char *const map_attrs[] = {
  "airflow_configuration_options",
  "annotations",
  "app_settings",
  "binary_data",
  "body",
  "connection_properties",
  "data",
  "default_arguments",
  "environment",
  "environment_variables",
  "hyperparameters",
  "labels",
  "manifest",
  "metadata",
  "node_labels",
  "node_selector",
  "parameters",
  "resource_labels",
  "resource_tags",
  "runtime_environment_variables",
  "string_data",
  "tags",
  "tags_all",
  "triggers",
  "user_labels",
  "variables",
};

/* Resource types where a map_attrs name is a nested block. A type ending
 * in '_' is a prefix. */
static const struct {
  const char *rtype;
  const char *name;
} block_overrides[] = {
  { "aws_lambda_function", "environment" },   /* environment { variables } */
  { "aws_codebuild_project", "environment" }, /* image, compute_type, ... */
  { "kubernetes_", "metadata" },              /* metadata { name, labels } */
};

static bool is_map_attr(mls_span rt, mls_span name)
{
  for (size_t i = 0; i < sizeof(block_overrides) / sizeof(block_overrides[0]);
       i++) {
    const char *t = block_overrides[i].rtype;
    size_t tl = strlen(t);
    bool prefix = t[tl - 1] == '_';
    if (mls_span_eq(name, block_overrides[i].name) &&
        (prefix ? rt.len >= tl && memcmp(rt.ptr, t, tl) == 0
                : mls_span_eq(rt, t))) {
      return false;
    }
  }
  for (size_t i = 0; i < sizeof(map_attrs) / sizeof(map_attrs[0]); i++) {
    if (mls_span_eq(name, map_attrs[i])) {
      return true;
    }
  }
  return false;
}

/* An object, or a non-empty array of objects only. */
static bool block_shaped(const jnode *v)
{
  if (v->type == J_OBJECT) {
    return true;
  }
  if (v->type != J_ARRAY || v->n == 0) {
    return false;
  }
  for (const jnode *c = v->first; c; c = c->next) {
    if (c->type != J_OBJECT) {
      return false;
    }
  }
  return true;
}

static decision attr_of(xmode mode)
{
  decision d = { D_ATTR, mode, 0, S_ROOT };
  return d;
}

static decision block_of(unsigned nlabels, schema child)
{
  decision d = { D_BLOCK, X_TEMPLATE, nlabels, child };
  return d;
}

static bool name_in(mls_span name, const char *const *names)
{
  for (; *names; names++) {
    if (mls_span_eq(name, *names)) {
      return true;
    }
  }
  return false;
}

/* NESTED rules, shared by RESOURCE, PROVIDER and DYNAMIC content. */
static decision classify_nested(const bctx *ctx, mls_span name, const jnode *v)
{
  if (mls_span_eq(name, "dynamic")) {
    return block_of(1, S_DYNAMIC);
  }
  if (block_shaped(v) && !is_map_attr(ctx->rt, name)) {
    return block_of(0, S_NESTED);
  }
  return attr_of(X_TEMPLATE);
}

static decision classify(const bctx *ctx, mls_span name, const jnode *v)
{
  static const char *const labels2[] = { "resource", "data", "ephemeral",
                                         NULL };
  static const char *const literal_var[] = { "default",   "description",
                                             "sensitive", "nullable",
                                             "ephemeral", NULL };
  static const char *const literal_out[] = { "description", "sensitive",
                                             "ephemeral", NULL };
  static const char *const exprs_move[] = { "from", "to", "provider", NULL };

  if (mls_span_eq(name, "//")) {
    return (decision){ D_SKIP, X_TEMPLATE, 0, S_ROOT };
  }
  switch (ctx->s) {
  case S_ROOT:
    if (name_in(name, labels2)) {
      return block_of(2, S_RESOURCE);
    }
    if (mls_span_eq(name, "module")) {
      return block_of(1, S_MODULE);
    }
    if (mls_span_eq(name, "provider")) {
      return block_of(1, S_PROVIDER);
    }
    if (mls_span_eq(name, "variable")) {
      return block_of(1, S_VARIABLE);
    }
    if (mls_span_eq(name, "output")) {
      return block_of(1, S_OUTPUT);
    }
    if (mls_span_eq(name, "check")) {
      return block_of(1, S_CHECK);
    }
    if (mls_span_eq(name, "locals")) {
      return block_of(0, S_ATTRS);
    }
    if (mls_span_eq(name, "terraform")) {
      return block_of(0, S_TERRAFORM);
    }
    if (mls_span_eq(name, "moved")) {
      return block_of(0, S_MOVED);
    }
    if (mls_span_eq(name, "import")) {
      return block_of(0, S_IMPORT);
    }
    if (mls_span_eq(name, "removed")) {
      return block_of(0, S_REMOVED);
    }
    return block_shaped(v) ? block_of(0, S_NESTED) : attr_of(X_TEMPLATE);
  case S_TFVARS:
  case S_LITERAL:
    return attr_of(X_LITERAL);
  case S_RESOURCE:
    if (mls_span_eq(name, "provider") || mls_span_eq(name, "depends_on")) {
      return attr_of(X_EXPR);
    }
    if (mls_span_eq(name, "count") || mls_span_eq(name, "for_each")) {
      return attr_of(X_TEMPLATE);
    }
    if (mls_span_eq(name, "lifecycle")) {
      return block_of(0, S_LIFECYCLE);
    }
    if (mls_span_eq(name, "connection")) {
      return block_of(0, S_CONNECTION);
    }
    if (mls_span_eq(name, "provisioner")) {
      return block_of(1, S_PROVISIONER);
    }
    return classify_nested(ctx, name, v);
  case S_NESTED:
    return classify_nested(ctx, name, v);
  case S_PROVIDER:
    if (mls_span_eq(name, "alias") || mls_span_eq(name, "version")) {
      return attr_of(X_LITERAL);
    }
    return classify_nested(ctx, name, v);
  case S_MODULE:
    if (mls_span_eq(name, "source") || mls_span_eq(name, "version")) {
      return attr_of(X_LITERAL);
    }
    if (mls_span_eq(name, "providers")) {
      return attr_of(X_PROVIDERS);
    }
    if (mls_span_eq(name, "depends_on")) {
      return attr_of(X_EXPR);
    }
    return attr_of(X_TEMPLATE);
  case S_VARIABLE:
    if (mls_span_eq(name, "type")) {
      return attr_of(X_EXPR);
    }
    if (mls_span_eq(name, "validation")) {
      return block_of(0, S_CONDITION);
    }
    return attr_of(name_in(name, literal_var) ? X_LITERAL : X_TEMPLATE);
  case S_OUTPUT:
    if (mls_span_eq(name, "depends_on")) {
      return attr_of(X_EXPR);
    }
    if (mls_span_eq(name, "precondition")) {
      return block_of(0, S_CONDITION);
    }
    return attr_of(name_in(name, literal_out) ? X_LITERAL : X_TEMPLATE);
  case S_ATTRS:
  case S_CONDITION:
    return attr_of(X_TEMPLATE);
  case S_TERRAFORM:
    if (mls_span_eq(name, "required_providers")) {
      return block_of(0, S_LITERAL);
    }
    if (mls_span_eq(name, "backend") || mls_span_eq(name, "provider_meta")) {
      return block_of(1, S_LITERAL);
    }
    if (mls_span_eq(name, "cloud")) {
      return block_of(0, S_CLOUD);
    }
    return attr_of(X_LITERAL);
  case S_CLOUD:
    if (mls_span_eq(name, "workspaces")) {
      return block_of(0, S_LITERAL);
    }
    return attr_of(X_LITERAL);
  case S_LIFECYCLE:
    if (mls_span_eq(name, "ignore_changes") ||
        mls_span_eq(name, "replace_triggered_by")) {
      return attr_of(X_EXPR);
    }
    if (mls_span_eq(name, "precondition") ||
        mls_span_eq(name, "postcondition")) {
      return block_of(0, S_CONDITION);
    }
    return attr_of(X_TEMPLATE);
  case S_CONNECTION:
    return attr_of(mls_span_eq(name, "type") ? X_LITERAL : X_TEMPLATE);
  case S_PROVISIONER:
    if (mls_span_eq(name, "connection")) {
      return block_of(0, S_CONNECTION);
    }
    if (mls_span_eq(name, "when") || mls_span_eq(name, "on_failure")) {
      return attr_of(X_EXPR);
    }
    return attr_of(X_TEMPLATE);
  case S_DYNAMIC:
    if (mls_span_eq(name, "content")) {
      return block_of(0, S_NESTED);
    }
    if (mls_span_eq(name, "iterator")) {
      return attr_of(X_EXPR);
    }
    return attr_of(X_TEMPLATE);
  case S_MOVED:
  case S_IMPORT:
    return attr_of(name_in(name, exprs_move) ? X_EXPR : X_TEMPLATE);
  case S_REMOVED:
    if (mls_span_eq(name, "lifecycle")) {
      return block_of(0, S_LIFECYCLE);
    }
    if (mls_span_eq(name, "connection")) {
      return block_of(0, S_CONNECTION);
    }
    if (mls_span_eq(name, "provisioner")) {
      return block_of(1, S_PROVISIONER);
    }
    return attr_of(name_in(name, exprs_move) ? X_EXPR : X_TEMPLATE);
  case S_CHECK:
    if (mls_span_eq(name, "data")) {
      return block_of(2, S_RESOURCE);
    }
    if (mls_span_eq(name, "assert")) {
      return block_of(0, S_CONDITION);
    }
    return attr_of(X_TEMPLATE);
  }
  return attr_of(X_TEMPLATE);
}

typedef struct mapper {
  mls_arena *arena;   /* borrowed: the file's arena, every hcl node */
  mls_arena *scratch; /* borrowed: body builders and hash tables */
  mls_diag *diag;     /* borrowed: the job's diagnostics */
  int rc;             /* first failure, or MLS_OK */
  bool limit;         /* a bound was hit (by a sub-parser too) */
} mapper;

/* One attribute or block while its body is being built. */
typedef struct bitem {
  struct bitem *next; /* scratch: next item in source order */
  bool is_block;      /* which member of u */
  union {
    hcl_attr a;
    hcl_block b;
  } u;
} bitem;

typedef struct builder {
  bitem *head;      /* scratch: first item */
  bitem *tail;      /* scratch: last item */
  uint32_t nattrs;  /* attributes added, duplicates included */
  uint32_t nblocks; /* blocks added */
} builder;

static void mnomem(mapper *m)
{
  note_rc(&m->rc, MLS_ENOMEM);
}

static void merr(mapper *m, int rc, const mls_range *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void merr(mapper *m, int rc, const mls_range *at, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  mls_diag_addv(m->diag, rc, MLS_SEV_ERROR, at, fmt, ap);
  va_end(ap);
  note_rc(&m->rc, rc);
}

/* Printable length of a name in a message. */
static int plen(mls_span s)
{
  return s.len > 64 ? 64 : (int)s.len;
}

static bitem *builder_add(mapper *m, builder *b, bool is_block)
{
  bitem *it = mls_arena_zalloc(m->scratch, sizeof(*it));
  if (!it) {
    mnomem(m);
    return NULL;
  }
  it->is_block = is_block;
  if (b->tail) {
    b->tail->next = it;
  } else {
    b->head = it;
  }
  b->tail = it;
  if (is_block) {
    b->nblocks++;
  } else {
    b->nattrs++;
  }
  return it;
}

static uint64_t fnv1a(mls_span s)
{
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < s.len; i++) {
    h = (h ^ (unsigned char)s.ptr[i]) * 0x100000001b3u;
  }
  return h;
}

static bool span_same(mls_span a, mls_span b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Copies the builder's items into body arrays. A second attribute of the
 * same name is an error and dropped, as in hclsyntax (first one wins);
 * found with a hash table so 100k attributes stay linear. */
static void builder_finish(mapper *m, builder *b, hcl_body *body)
{
  uint32_t *tab = NULL;
  size_t mask = 0;

  if (b->nattrs) {
    body->attrs = mls_arena_alloc(m->arena, sizeof(hcl_attr) * b->nattrs);
  }
  if (b->nblocks) {
    body->blocks = mls_arena_alloc(m->arena, sizeof(hcl_block) * b->nblocks);
  }
  if ((b->nattrs && !body->attrs) || (b->nblocks && !body->blocks)) {
    mnomem(m);
    return;
  }
  if (b->nattrs > 1) {
    size_t size = 16;
    while (size < (size_t)b->nattrs * 2) {
      size *= 2;
    }
    if (!(tab = mls_arena_zalloc(m->scratch, size * sizeof(*tab)))) {
      mnomem(m);
      return;
    }
    mask = size - 1;
  }
  for (bitem *it = b->head; it; it = it->next) {
    if (it->is_block) {
      body->blocks[body->nblocks++] = it->u.b;
      continue;
    }
    if (tab) {
      size_t i = (size_t)fnv1a(it->u.a.name) & mask;
      bool dup = false;
      while (tab[i]) {
        const hcl_attr *prev = &body->attrs[tab[i] - 1];
        if (span_same(prev->name, it->u.a.name)) {
          merr(m, MLS_EINPUT, &it->u.a.name_range,
               "duplicate argument \"%.*s\"; it was already defined at "
               "line %u, column %u",
               plen(it->u.a.name), it->u.a.name.ptr,
               (unsigned)prev->name_range.start.line,
               (unsigned)prev->name_range.start.col);
          dup = true;
          break;
        }
        i = (i + 1) & mask;
      }
      if (dup) {
        continue;
      }
      tab[i] = body->nattrs + 1;
    }
    body->attrs[body->nattrs++] = it->u.a;
  }
}

static hcl_expr *new_expr(mapper *m, hcl_expr_kind kind, mls_range range)
{
  hcl_expr *e = mls_arena_zalloc(m->arena, sizeof(*e));
  if (!e) {
    mnomem(m);
    return NULL;
  }
  e->kind = kind;
  e->range = range;
  return e;
}

/* A string value: NFC-normalized as cty does (names and labels are not). */
static hcl_expr *literal_string(mapper *m, mls_span s, mls_range range)
{
  bool failed = false;
  s = hcl__nfc(m->arena, s, &failed);
  if (failed) {
    mnomem(m);
    return NULL;
  }
  hcl_expr *e = new_expr(m, HCL_EXPR_LITERAL, range);
  if (e) {
    e->u.lit.type = HCL_LIT_STRING;
    e->u.lit.str = s;
  }
  return e;
}

static bool has_template_intro(mls_span s)
{
  for (size_t i = 0; i + 1 < s.len; i++) {
    if ((s.ptr[i] == '$' || s.ptr[i] == '%') && s.ptr[i + 1] == '{') {
      return true;
    }
  }
  return false;
}

/* The position of the first byte inside a string's quotes. */
static mls_pos inner_base(mls_range quoted)
{
  mls_pos p = quoted.start;
  p.byte++;
  p.col++;
  return p;
}

static hcl_expr *unknown_literal(mapper *m, mls_range range)
{
  hcl_expr *e = new_expr(m, HCL_EXPR_LITERAL, range);
  if (e) {
    e->u.lit.type = HCL_LIT_UNKNOWN;
  }
  return e;
}

/* Settles a sub-parser's result. Its diagnostics are in m->diag already. */
static hcl_expr *sub_result(mapper *m, int rc, hcl_expr *e, mls_range range)
{
  if (rc == MLS_ENOMEM) {
    mnomem(m);
    return NULL;
  }
  if (rc < 0) {
    note_rc(&m->rc, rc);
    if (rc == MLS_ELIMIT) {
      m->limit = true;
    }
  }
  return e ? e : unknown_literal(m, range);
}

/* A string in full expression mode: a template. Strings with no "${" or
 * "%{" are built here (the common case, and what hcl_parse_template would
 * build: "" has no parts, anything else one literal part). The top node's
 * range is the JSON string with its quotes, as a native quoted template's
 * is; nodes inside carry the template parser's positions. */
static hcl_expr *template_of(mapper *m, mls_span s, mls_range range)
{
  mls_pos base = inner_base(range);
  hcl_expr *e = NULL;

  if (!has_template_intro(s)) {
    if (!(e = new_expr(m, HCL_EXPR_TEMPLATE, range))) {
      return NULL;
    }
    if (s.len == 0) {
      return e;
    }
    mls_range inner = { base, range.end };
    inner.end.byte--;
    inner.end.col--;
    hcl_expr *lit = literal_string(m, s, inner);
    hcl_expr **parts = mls_arena_alloc(m->arena, sizeof(*parts));
    if (!lit || !parts) {
      mnomem(m);
      return NULL;
    }
    parts[0] = lit;
    e->u.tmpl.parts = parts;
    e->u.tmpl.nparts = 1;
    e->flags |= HCL_EXPR_F_SINGLE_LITERAL; /* as the template parser sets */
    return e;
  }
  int rc = hcl_parse_template(&e, m->arena, s.ptr, s.len, base, m->diag);
  e = sub_result(m, rc, e, range);
  if (e) {
    e->range = range;
  }
  return e;
}

/* A string that Terraform reads as a native expression (depends_on,
 * provider, a variable's type, ...). Ranges are the expression parser's,
 * inside the quotes. */
static hcl_expr *expression_of(mapper *m, mls_span s, mls_range range)
{
  hcl_expr *e = NULL;
  int rc = hcl_parse_expression(&e, m->arena, s.ptr, s.len, inner_base(range),
                                m->diag);
  return sub_result(m, rc, e, range);
}

static hcl_expr *map_expr(mapper *m, xmode mode, const jnode *v,
                          unsigned depth);

static hcl_expr *map_tuple(mapper *m, xmode mode, const jnode *v,
                           unsigned depth)
{
  hcl_expr *e = new_expr(m, HCL_EXPR_TUPLE, v->range);
  if (!e || v->n == 0) {
    return e;
  }
  hcl_expr **items = mls_arena_alloc(m->arena, sizeof(*items) * v->n);
  if (!items) {
    mnomem(m);
    return NULL;
  }
  for (const jnode *c = v->first; c; c = c->next) {
    if (!(items[e->u.tuple.n] = map_expr(m, mode, c, depth + 1))) {
      return NULL;
    }
    e->u.tuple.n++;
  }
  e->u.tuple.items = items;
  return e;
}

static hcl_expr *map_object(mapper *m, xmode mode, const jnode *v,
                            unsigned depth)
{
  hcl_expr *e = new_expr(m, HCL_EXPR_OBJECT, v->range);
  if (!e || v->n == 0) {
    return e;
  }
  hcl_object_item *items = mls_arena_zalloc(m->arena, sizeof(*items) * v->n);
  if (!items) {
    mnomem(m);
    return NULL;
  }
  /* Keys are literal strings unless they interpolate in template mode.
   * Duplicate keys are kept: the spec makes them an evaluation error. */
  xmode vmode = mode == X_PROVIDERS ? X_EXPR : mode;
  for (const jnode *c = v->first; c; c = c->next) {
    hcl_object_item *it = &items[e->u.object.n];
    if (mode == X_TEMPLATE && has_template_intro(c->key)) {
      it->key = template_of(m, c->key, c->key_range);
    } else {
      it->key = literal_string(m, c->key, c->key_range);
    }
    if (!it->key || !(it->value = map_expr(m, vmode, c, depth + 1))) {
      return NULL;
    }
    e->u.object.n++;
  }
  e->u.object.items = items;
  return e;
}

static hcl_expr *map_expr(mapper *m, xmode mode, const jnode *v, unsigned depth)
{
  hcl_expr *e;

  /* The JSON pass bounds nesting; this only guards against misuse. */
  if (depth > MLS_MAX_NESTING + 2) {
    return unknown_literal(m, v->range);
  }
  switch (v->type) {
  case J_STRING:
    if (mode == X_LITERAL) {
      return literal_string(m, v->str, v->range);
    }
    return mode == X_TEMPLATE ? template_of(m, v->str, v->range)
                              : expression_of(m, v->str, v->range);
  case J_ARRAY:
    return map_tuple(m, mode == X_PROVIDERS ? X_EXPR : mode, v, depth);
  case J_OBJECT:
    return map_object(m, mode, v, depth);
  case J_NUMBER:
    if ((e = new_expr(m, HCL_EXPR_LITERAL, v->range))) {
      e->u.lit.type = HCL_LIT_NUMBER;
      e->u.lit.str = v->str;
    }
    return e;
  case J_TRUE:
  case J_FALSE:
    if ((e = new_expr(m, HCL_EXPR_LITERAL, v->range))) {
      e->u.lit.type = HCL_LIT_BOOL;
      e->u.lit.b = v->type == J_TRUE;
    }
    return e;
  case J_NULL:
    if ((e = new_expr(m, HCL_EXPR_LITERAL, v->range))) {
      e->u.lit.type = HCL_LIT_NULL;
    }
    return e;
  case J_INVALID:
    break;
  }
  return unknown_literal(m, v->range);
}

static void map_body_into(mapper *m, const bctx *ctx, const jnode *v,
                          unsigned depth, builder *b);

static hcl_body *map_body(mapper *m, const bctx *ctx, const jnode *v,
                          unsigned depth)
{
  builder b = { NULL, NULL, 0, 0 };
  hcl_body *body = mls_arena_zalloc(m->arena, sizeof(*body));
  if (!body) {
    mnomem(m);
    return NULL;
  }
  body->range = v->range;
  map_body_into(m, ctx, v, depth, &b);
  builder_finish(m, &b, body);
  return body;
}

/* What a block-carrying property is called in messages. */
typedef struct bname {
  mls_span type;        /* borrowed: the property name (block type) */
  mls_range type_range; /* the property name, quotes included */
} bname;

static void add_block(mapper *m, builder *b, const bname *bn,
                      const hcl_label *labels, unsigned nlabels,
                      const bctx *ctx, const jnode *bodyv, bool element,
                      unsigned depth)
{
  bitem *it = builder_add(m, b, true);
  if (!it) {
    return;
  }
  hcl_block *blk = &it->u.b;
  blk->type = bn->type;
  blk->type_range = bn->type_range;
  /* One of an array of blocks starts at its own object, as each native
   * block starts at its own line; a single block at its type. */
  blk->range.start = element ? bodyv->range.start : bn->type_range.start;
  blk->range.end = bodyv->range.end;
  if (nlabels) {
    if (!(blk->labels =
              mls_arena_memdup(m->arena, labels, sizeof(*labels) * nlabels))) {
      mnomem(m);
      return;
    }
    blk->nlabels = nlabels;
  }
  blk->body = map_body(m, ctx, bodyv, depth + 1);
}

/* Walks the label levels of a block property: each level is an object (or
 * an array of objects) whose keys are the labels; after the last one comes
 * the body, an object or an array of objects (one block each). */
static void map_blocks(mapper *m, builder *b, const bname *bn, bctx ctx,
                       hcl_label *labels, unsigned level, unsigned nlabels,
                       const jnode *v, unsigned depth)
{
  if (m->rc == MLS_ENOMEM) {
    return;
  }
  if (v->type != J_OBJECT && v->type != J_ARRAY) {
    merr(m, MLS_EINPUT, &v->range,
         level < nlabels
             ? "block \"%.*s\": expected a JSON object of labels"
             : "block \"%.*s\": expected a JSON object for the block body",
         plen(bn->type), bn->type.ptr);
    return;
  }
  const jnode *only = v->type == J_OBJECT ? v : NULL;
  for (const jnode *o = only ? only : v->first; o; o = only ? NULL : o->next) {
    if (o->type != J_OBJECT) {
      merr(m, MLS_EINPUT, &o->range,
           "block \"%.*s\": array elements must be JSON objects",
           plen(bn->type), bn->type.ptr);
      continue;
    }
    if (level == nlabels) {
      add_block(m, b, bn, labels, nlabels, &ctx, o, !only && nlabels == 0,
                depth);
      continue;
    }
    for (const jnode *mem = o->first; mem; mem = mem->next) {
      if (mls_span_eq(mem->key, "//")) {
        continue;
      }
      labels[level].value = mem->key;
      labels[level].range = mem->key_range;
      labels[level].quoted = true;
      bctx sub = ctx;
      if (level == 0 && ctx.s == S_RESOURCE) {
        sub.rt = mem->key; /* the resource type, for block_overrides */
      }
      map_blocks(m, b, bn, sub, labels, level + 1, nlabels, mem, depth + 1);
    }
  }
}

static void map_member(mapper *m, const bctx *ctx, const jnode *mem,
                       unsigned depth, builder *b)
{
  decision d = classify(ctx, mem->key, mem);

  if (d.k == D_SKIP) {
    return;
  }
  if (d.k == D_BLOCK) {
    hcl_label labels[MAX_LABELS];
    bname bn = { mem->key, mem->key_range };
    bctx sub = { d.child, ctx->rt };
    memset(labels, 0, sizeof(labels));
    map_blocks(m, b, &bn, sub, labels, 0, d.nlabels, mem, depth);
    return;
  }
  bitem *it = builder_add(m, b, false);
  if (!it) {
    return;
  }
  it->u.a.name = mem->key;
  it->u.a.name_range = mem->key_range;
  it->u.a.range.start = mem->key_range.start;
  it->u.a.range.end = mem->range.end;
  it->u.a.expr = map_expr(m, d.mode, mem, depth + 1);
}

static void map_body_into(mapper *m, const bctx *ctx, const jnode *v,
                          unsigned depth, builder *b)
{
  const jnode *only = v->type == J_OBJECT ? v : NULL;

  if (v->type != J_OBJECT && v->type != J_ARRAY) {
    merr(m, MLS_EINPUT, &v->range, "expected a JSON object");
    return;
  }
  if (v->type == J_ARRAY && ctx->s == S_TFVARS) {
    merr(m, MLS_EINPUT, &v->range,
         "a variables file must be one JSON object, not an array");
    return;
  }
  for (const jnode *o = only ? only : v->first; o; o = only ? NULL : o->next) {
    if (o->type != J_OBJECT) {
      merr(m, MLS_EINPUT, &o->range, "array elements must be JSON objects");
      continue;
    }
    for (const jnode *mem = o->first; mem; mem = mem->next) {
      if (m->rc == MLS_ENOMEM) {
        return;
      }
      map_member(m, ctx, mem, depth, b);
    }
  }
}

/* The position just past the last byte of the file. The first pass may have
 * stopped early, so lines are counted from where it left off. */
static mls_pos end_pos(const jparser *jp)
{
  const unsigned char *p = jp->p, *nl;
  uint32_t line = jp->line;
  size_t line_start = jp->line_start;

  while (p < jp->end && (nl = memchr(p, '\n', (size_t)(jp->end - p)))) {
    line++;
    line_start = (size_t)(nl - jp->src) + 1;
    p = nl + 1;
  }
  mls_pos pos;
  size_t len = (size_t)(jp->end - jp->src);
  pos.byte = (uint32_t)len;
  pos.line = line;
  pos.col = (uint32_t)(len >= line_start ? len - line_start + 1 : 1);
  return pos;
}

/* Whether an arena failed on the heap rather than at its byte cap. */
static bool heap_failed(const mls_arena *a)
{
  return mls_arena_failed(a) && !mls_arena_capped(a);
}

int hcl_parse_json_ex(hcl_file **out, const char *src, size_t len, bool tfvars,
                      mls_diag *diag)
{
  mls_arena *arena = NULL, *scratch = NULL;
  hcl_file *file = NULL;
  hcl_body *empty = NULL;
  jnode *root = NULL;
  size_t errors_before;
  jparser jp;
  mapper m;
  int rc = MLS_OK;

  MLS_ASSERT_ARG(out && diag && (src || len == 0));
  errors_before = diag->nerrors;
  memset(&jp, 0, sizeof(jp));
  memset(&m, 0, sizeof(m));
  if (!(arena = mls_arena_new(MLS_ARENA_CAP_BYTES)) ||
      !(scratch = mls_arena_new(MLS_ARENA_CAP_BYTES))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  if (len <= MLS_MAX_BLOB_BYTES) {
    /* Trees run 6x (indented) to 12x (compact) the JSON's size; the JSON
     * pass needs about 4x. */
    mls_arena_hint(arena, len * 6);
    mls_arena_hint(scratch, len * 4);
  }
  /* `empty` is set aside before parsing: it is the body handed out when
   * the arena cap is hit and nothing more can be allocated. */
  if (!(file = mls_arena_zalloc(arena, sizeof(*file))) ||
      !(file->body = mls_arena_zalloc(arena, sizeof(hcl_body))) ||
      !(empty = mls_arena_zalloc(arena, sizeof(hcl_body)))) {
    rc = MLS_ENOMEM;
    goto done;
  }
  file->arena = arena;
  file->src = src;
  file->len = len;
  file->syntax = HCL_SYNTAX_JSON;
  file->body->range.start.line = 1;
  file->body->range.start.col = 1;
  file->body->range.end = file->body->range.start;

  if (len > MLS_MAX_BLOB_BYTES) {
    mls_diag_add(diag, MLS_ELIMIT, NULL,
                 "file of %zu bytes is larger than the %u byte limit", len,
                 (unsigned)MLS_MAX_BLOB_BYTES);
    rc = MLS_ELIMIT;
    goto finish;
  }

  jp.src = (const unsigned char *)src;
  jp.p = jp.src;
  jp.end = jp.src + len;
  jp.line = 1;
  jp.arena = arena;
  jp.scratch = scratch;
  jp.diag = diag;
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
    jp.p += 3;
    jp.line_start = 3; /* the BOM is not counted in columns */
  }
  skip_ws(&jp);
  if (jp.p >= jp.end) {
    jdiag(&jp, MLS_EINPUT, jp.p, "empty file; expected a JSON object");
  } else {
    root = parse_value(&jp, 0);
    if (!jp.stop) {
      skip_ws(&jp);
      if (jp.p < jp.end) {
        unexpected(&jp, "the end of input after the JSON value");
      }
    }
  }
  file->body->range.end = end_pos(&jp);

  if (root && jp.rc != MLS_ENOMEM) {
    bctx ctx = { tfvars ? S_TFVARS : S_ROOT, { NULL, 0 } };
    builder b = { NULL, NULL, 0, 0 };
    m.arena = arena;
    m.scratch = scratch;
    m.diag = diag;
    map_body_into(&m, &ctx, root, 0, &b);
    builder_finish(&m, &b, file->body);
  }
  if (jp.rc == MLS_ENOMEM || m.rc == MLS_ENOMEM || mls_arena_failed(arena) ||
      mls_arena_failed(scratch)) {
    if (heap_failed(arena) || heap_failed(scratch) ||
        (!mls_arena_capped(arena) && !mls_arena_capped(scratch))) {
      rc = MLS_ENOMEM; /* the heap failed, here or in a sub-parser */
      goto done;
    }
    /* The input was too big for its budget, not the machine out of
     * memory. The tree may have holes, so it is never handed out. */
    mls_diag_add(diag, MLS_ELIMIT, NULL,
                 "parsing needs more than MLS_ARENA_CAP_BYTES (%u MiB)",
                 (unsigned)(MLS_ARENA_CAP_BYTES >> 20));
    empty->range = file->body->range;
    file->body = empty;
    rc = MLS_ELIMIT;
  }

finish:
  if (diag->nerrors > errors_before) {
    size_t n = diag->nerrors - errors_before;
    file->nerrors = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
  }
  if (rc == MLS_OK) {
    if (jp.limit || m.limit) {
      rc = MLS_ELIMIT;
    } else if (jp.rc < 0) {
      rc = jp.rc;
    } else if (m.rc < 0) {
      rc = m.rc;
    } else if (file->nerrors) {
      rc = MLS_EINPUT;
    }
  }
  if (rc < 0 && file->nerrors == 0) {
    file->nerrors = 1; /* a failure always shows as an error count */
  }
  *out = file;
  arena = NULL; /* owned by *out now */

done:
  mls_arena_free(scratch);
  mls_arena_free(arena);
  return rc;
}

int hcl_parse_json(hcl_file **out, const char *src, size_t len, mls_diag *diag)
{
  return hcl_parse_json_ex(out, src, len, false, diag);
}
