/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/json.c -- CloudFormation JSON into the node tree, with a
 * position on every key and value.
 *
 * Stage: blob -> file model. A small strict reader written here rather
 * than cJSON, because cJSON keeps no positions and a finding must point at
 * the property that causes it. It accepts what Python's json.loads accepts
 * (the reference dumper, ../shared/tools/cfnref, decides "ok" with it):
 * RFC 8259 with NaN/Infinity refused, duplicate keys folded by node.c (the
 * last value wins), lone UTF-16 surrogate escapes decoded to U+FFFD (what
 * cfnref writes for them). Strings without escapes stay borrowed from the
 * blob; decoded ones go to the arena.
 *
 * Positions: byte offsets count the BOM, columns do not; lines break at
 * LF, CR and CRLF (JSON allows them only as whitespace), as the YAML reader
 * cfnref tries first counts them. Trusts nothing: the whole input is
 * checked to be UTF-8 first, every read stops at the end of the blob,
 * nesting stops at MLS_MAX_NESTING and strings at MLS_MAX_STRING_BYTES
 * with MLS_ELIMIT. The first syntax error stops the read (json.loads
 * reports one error too).
 */
#include "parsers/cfn/cfn_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct jreader {
  cfn_builder b;            /* the shared node builder */
  const unsigned char *src; /* borrowed: the blob */
  const unsigned char *p;   /* borrowed: next byte, p <= end */
  const unsigned char *end; /* borrowed: one past the blob */
  uint32_t line;            /* 1-based line of p */
  size_t line_start;        /* byte offset where that line starts */
} jreader;

static mls_pos pos_at(const jreader *j, const unsigned char *q)
{
  mls_pos p;
  size_t off = (size_t)(q - j->src);
  p.byte = (uint32_t)off;
  p.line = j->line;
  p.col = (uint32_t)(off - j->line_start) + 1;
  return p;
}

static mls_range range_from(const jreader *j, mls_pos start)
{
  mls_range r;
  r.start = start;
  r.end = pos_at(j, j->p);
  return r;
}

static void skip_ws(jreader *j)
{
  const unsigned char *p = j->p, *end = j->end;
  while (p < end) {
    unsigned char c = *p;
    if (c == ' ' || c == '\t') {
      p++;
    } else if (c == '\n' || c == '\r') {
      p++;
      if (c == '\r' && p < end && *p == '\n') {
        p++;
      }
      j->line++;
      j->line_start = (size_t)(p - j->src);
    } else {
      break;
    }
  }
  j->p = p;
}

/* The error json.loads would give, at p. */
static void syntax(jreader *j, const char *what)
{
  mls_range at;
  at.start = pos_at(j, j->p);
  at.end = at.start;
  if (j->p < j->end) {
    at.end.byte++;
    at.end.col++;
  }
  cfn__fail(&j->b, MLS_EINPUT, true, &at, "JSON: %s: line %u column %u", what,
            (unsigned)at.start.line, (unsigned)at.start.col);
}

static int hex4(const unsigned char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int d = mls_hexval(p[i]);
    if (d < 0) {
      return -1;
    }
    v = v * 16 + d;
  }
  return v;
}

/* Decode the escapes of raw[0..n) (a string body, quotes excluded, already
 * checked by scan_string) into the arena. */
static bool decode(jreader *j, mls_span *out, const unsigned char *raw,
                   size_t n)
{
  char *buf = mls_arena_alloc(j->b.arena, n + 1);
  size_t k = 0;

  if (!buf) {
    cfn__nomem(&j->b);
    return false;
  }
  for (size_t i = 0; i < n;) {
    if (raw[i] != '\\') {
      buf[k++] = (char)raw[i++];
      continue;
    }
    char e = (char)raw[i + 1];
    i += 2;
    switch (e) {
    case 'b':
      buf[k++] = '\b';
      break;
    case 'f':
      buf[k++] = '\f';
      break;
    case 'n':
      buf[k++] = '\n';
      break;
    case 'r':
      buf[k++] = '\r';
      break;
    case 't':
      buf[k++] = '\t';
      break;
    case 'u': {
      uint32_t cp = (uint32_t)hex4(raw + i);
      unsigned char u8[4];
      i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && raw[i] == '\\' &&
          raw[i + 1] == 'u') {
        int lo = hex4(raw + i + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
          i += 6;
        }
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD; /* a lone surrogate: what cfnref writes for it */
      }
      size_t w = mls_utf8_encode(u8, cp);
      memcpy(buf + k, u8, w);
      k += w;
      break;
    }
    default: /* '"', '\\', '/' */
      buf[k++] = e;
      break;
    }
  }
  buf[k] = '\0';
  *out = mls_span_of(buf, k);
  return true;
}

/* A string at p (on its opening quote) into *out; the range covers the
 * quotes. */
static bool scan_string(jreader *j, mls_span *out, mls_range *range)
{
  mls_pos start = pos_at(j, j->p);
  const unsigned char *body = ++j->p, *p = body, *end = j->end;
  bool escaped = false;

  for (;;) {
    while (p < end && *p != '"' && *p != '\\' && *p >= 0x20) {
      p++;
    }
    if (p == end) {
      j->p = body - 1;
      syntax(j, "Unterminated string starting at");
      return false;
    }
    if (*p == '"') {
      break;
    }
    if (*p < 0x20) {
      j->p = p;
      syntax(j, "Invalid control character at");
      return false;
    }
    /* a backslash */
    if (p + 1 >= end) {
      j->p = body - 1;
      syntax(j, "Unterminated string starting at");
      return false;
    }
    escaped = true;
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      p += 2;
      break;
    case 'u':
      if (end - p < 6 || hex4(p + 2) < 0) {
        j->p = p;
        syntax(j, "Invalid \\uXXXX escape");
        return false;
      }
      p += 6;
      break;
    default:
      j->p = p;
      syntax(j, "Invalid \\escape");
      return false;
    }
  }
  if ((size_t)(p - body) > MLS_MAX_STRING_BYTES) {
    mls_range at;
    at.start = start;
    at.end = start;
    cfn__fail(&j->b, MLS_ELIMIT, true, &at,
              "string of %zu bytes is longer than %u bytes "
              "(MLS_MAX_STRING_BYTES)",
              (size_t)(p - body), (unsigned)MLS_MAX_STRING_BYTES);
    return false;
  }
  if (escaped) {
    if (!decode(j, out, body, (size_t)(p - body))) {
      return false;
    }
  } else {
    *out = mls_span_of((const char *)body, (size_t)(p - body));
  }
  j->p = p + 1;
  *range = range_from(j, start);
  return true;
}

static cfn_node *parse_number(jreader *j)
{
  const unsigned char *s = j->p, *p = s, *end = j->end;
  mls_pos start = pos_at(j, s);
  bool is_float = false;
  cfn_node *n;
  mls_range range;

  if (p < end && *p == '-') {
    p++;
  }
  if (p == end || !mls_isdigit(*p)) {
    syntax(j, "Expecting value");
    return NULL;
  }
  if (*p == '0') {
    p++;
  } else {
    while (p < end && mls_isdigit(*p)) {
      p++;
    }
  }
  if (p + 1 < end && *p == '.' && mls_isdigit(p[1])) {
    is_float = true;
    p++;
    while (p < end && mls_isdigit(*p)) {
      p++;
    }
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    const unsigned char *q = p + 1;
    if (q < end && (*q == '+' || *q == '-')) {
      q++;
    }
    if (q < end && mls_isdigit(*q)) {
      is_float = true;
      p = q;
      while (p < end && mls_isdigit(*p)) {
        p++;
      }
    }
  }
  if ((size_t)(p - s) > MLS_MAX_STRING_BYTES) {
    cfn__fail(&j->b, MLS_ELIMIT, true, NULL,
              "number longer than %u bytes (MLS_MAX_STRING_BYTES)",
              (unsigned)MLS_MAX_STRING_BYTES);
    return NULL;
  }
  j->p = p;
  range = range_from(j, start);
  if (!(n = cfn__node(&j->b, is_float ? CFN_FLOAT : CFN_INT, &range))) {
    return NULL;
  }
  n->text = mls_span_of((const char *)s, (size_t)(p - s));
  n->base = 10;
  if (is_float) {
    char small[128], *buf = small;
    size_t len = (size_t)(p - s);
    if (len + 1 > sizeof(small) && !(buf = mls_malloc(len + 1))) {
      cfn__fail(&j->b, MLS_ENOMEM, true, NULL, "out of memory");
      return NULL;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    n->u.d = strtod(buf, NULL); /* overflow: +-inf, as Python's float() */
    if (buf != small) {
      mls_free(buf);
    }
  } else {
    uint64_t v = 0;
    bool fits = true;
    const unsigned char *d = s + (*s == '-');
    for (; d < p; d++) {
      if (__builtin_mul_overflow(v, 10, &v) ||
          __builtin_add_overflow(v, (uint64_t)(*d - '0'), &v)) {
        fits = false;
        break;
      }
    }
    if (fits && (*s == '-' ? v <= (uint64_t)INT64_MAX + 1 : v <= INT64_MAX)) {
      n->flags |= CFN_F_INT64;
      n->u.i = *s == '-' ? (int64_t)(0 - v) : (int64_t)v;
    }
  }
  return n;
}

static cfn_node *parse_value(jreader *j, unsigned depth);

/* An object or array at p; `depth` counts the containers around it. */
static cfn_node *parse_container(jreader *j, unsigned depth)
{
  bool is_map = *j->p == '{';
  unsigned char close = is_map ? '}' : ']';
  mls_pos start = pos_at(j, j->p);
  mls_range range;
  size_t first = j->b.nstack;
  cfn_node *n;

  if (depth + 1 > MLS_MAX_NESTING) {
    range.start = start;
    range.end = start;
    cfn__fail(&j->b, MLS_ELIMIT, true, &range,
              "nesting deeper than %d levels (MLS_MAX_NESTING)",
              MLS_MAX_NESTING);
    return NULL;
  }
  range.start = range.end = start;
  if (!(n = cfn__node(&j->b, is_map ? CFN_MAP : CFN_SEQ, &range))) {
    return NULL;
  }
  j->p++;
  skip_ws(j);
  if (j->p < j->end && *j->p == close) {
    j->p++;
  } else {
    for (;;) {
      cfn_node *v;
      if (is_map) {
        mls_span text;
        mls_range kr;
        cfn_node *key;
        if (j->p >= j->end || *j->p != '"') {
          syntax(j, "Expecting property name enclosed in double quotes");
          return NULL;
        }
        if (!scan_string(j, &text, &kr) ||
            !(key = cfn__node(&j->b, CFN_STRING, &kr))) {
          return NULL;
        }
        key->text = text;
        key->flags = CFN_F_QUOTED;
        if (!cfn__push(&j->b, key)) {
          return NULL;
        }
        skip_ws(j);
        if (j->p >= j->end || *j->p != ':') {
          syntax(j, "Expecting ':' delimiter");
          return NULL;
        }
        j->p++;
      }
      if (!(v = parse_value(j, depth + 1)) || !cfn__push(&j->b, v)) {
        return NULL;
      }
      skip_ws(j);
      if (j->p < j->end && *j->p == ',') {
        j->p++;
        skip_ws(j);
        continue;
      }
      if (j->p < j->end && *j->p == close) {
        j->p++;
        break;
      }
      syntax(j, "Expecting ',' delimiter");
      return NULL;
    }
  }
  n->range.end = pos_at(j, j->p);
  if (is_map ? !cfn__finish_map(&j->b, n, first)
             : !cfn__finish_seq(&j->b, n, first)) {
    return NULL;
  }
  return n;
}

static cfn_node *keyword(jreader *j, const char *word, cfn_kind kind, bool b)
{
  size_t n = strlen(word);
  mls_pos start = pos_at(j, j->p);
  cfn_node *node;
  mls_range range;

  if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0) {
    syntax(j, "Expecting value");
    return NULL;
  }
  j->p += n;
  range = range_from(j, start);
  if (!(node = cfn__node(&j->b, kind, &range))) {
    return NULL;
  }
  node->text = mls_span_of((const char *)j->p - n, n);
  node->u.b = b;
  return node;
}

static cfn_node *parse_value(jreader *j, unsigned depth)
{
  skip_ws(j);
  if (j->p >= j->end) {
    syntax(j, "Expecting value");
    return NULL;
  }
  switch (*j->p) {
  case '{':
  case '[':
    return parse_container(j, depth);
  case '"': {
    mls_span text;
    mls_range range;
    cfn_node *n;
    if (!scan_string(j, &text, &range) ||
        !(n = cfn__node(&j->b, CFN_STRING, &range))) {
      return NULL;
    }
    n->text = text;
    n->flags = CFN_F_QUOTED;
    return n;
  }
  case 't':
    return keyword(j, "true", CFN_BOOL, true);
  case 'f':
    return keyword(j, "false", CFN_BOOL, false);
  case 'n':
    return keyword(j, "null", CFN_NULL, false);
  default:
    return parse_number(j);
  }
}

int cfn__load_json(cfn_template *t, mls_diag *diag)
{
  jreader j;
  size_t bom = 0, bad;
  cfn_node *root;

  memset(&j, 0, sizeof(j));
  cfn__builder_init(&j.b, t, diag);
  t->format = CFN_FORMAT_JSON;
  j.src = (const unsigned char *)t->src;
  j.end = j.src + t->len;
  j.line = 1;
  if (t->len >= 3 && j.src[0] == 0xEF && j.src[1] == 0xBB && j.src[2] == 0xBF) {
    bom = 3;
    t->flags |= CFN_T_BOM;
  }
  j.p = j.src + bom;
  j.line_start = bom;
  if ((bad = mls_utf8_validate(j.src + bom, t->len - bom)) < t->len - bom) {
    mls_range at;
    const unsigned char *q = j.src + bom + bad;
    /* Count lines up to the bad byte for its position. */
    while (j.p < q) {
      if (*j.p == '\n' ||
          (*j.p == '\r' && (j.p + 1 >= j.end || j.p[1] != '\n'))) {
        j.line++;
        j.line_start = (size_t)(j.p - j.src) + 1;
      }
      j.p++;
    }
    at.start = pos_at(&j, q);
    at.end = at.start;
    t->flags |= CFN_T_NOT_UTF8;
    cfn__fail(&j.b, MLS_EINPUT, true, &at,
              "not UTF-8: invalid byte 0x%02X at byte %zu", (unsigned)*q,
              bom + bad);
    goto done;
  }
  root = parse_value(&j, 0);
  if (root && !j.b.stop) {
    skip_ws(&j);
    if (j.p < j.end) {
      syntax(&j, "Extra data");
    } else {
      t->root = root;
    }
  }

done:
  cfn__builder_dispose(&j.b);
  return j.b.rc;
}
