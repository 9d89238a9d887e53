/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_enc.c -- jsonencode, jsondecode, yamlencode, base64,
 * urlencode.
 *
 * Stage: evaluation. jsonencode() must match Terraform byte for byte
 * (rules compare policy documents, and hashes of them end up in names):
 * compact, object keys in byte order, numbers as plain decimals, strings
 * escaped the way Go's encoding/json does with HTML escaping on (<, >, &
 * as \u003c \u003e \u0026, U+2028/9 escaped, \b \f \n \r \t short, other
 * controls \u00XX, invalid UTF-8 as \ufffd). jsondecode() builds values:
 * numbers keep their exact text, objects become maps with sorted keys, a
 * duplicate key is an error as in cty. yamlencode() reproduces the
 * libyaml emitter that go-cty-yaml drives: block style, strings double
 * quoted (literal style when they hold a newline), 80-column folding of
 * long double-quoted strings, "..." after a top-level plain scalar.
 *
 * Trusts nothing: parsing and writing are bounded by TF_FN__MAX_DEPTH and the
 * string builder's byte bound; decoding never reads past the input.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/alloc.h"
#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

/* ---- JSON writing -------------------------------------------------------- */

void tf_fn__json_string(tf_fn__sb *sb, mls_span s)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s.ptr;
  size_t start = 0, i = 0;

  tf_fn__sb_putc(sb, '"');
  while (i < s.len) {
    unsigned char b = p[i];
    const char *esc = NULL;
    char u[7];
    uint32_t cp;
    size_t n;
    if (b < 0x80) {
      if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' &&
          b != '&') {
        i++;
        continue;
      }
      switch (b) {
      case '"':
        esc = "\\\"";
        break;
      case '\\':
        esc = "\\\\";
        break;
      case '\b':
        esc = "\\b";
        break;
      case '\f':
        esc = "\\f";
        break;
      case '\n':
        esc = "\\n";
        break;
      case '\r':
        esc = "\\r";
        break;
      case '\t':
        esc = "\\t";
        break;
      default:
        u[0] = '\\';
        u[1] = 'u';
        u[2] = '0';
        u[3] = '0';
        u[4] = hex[b >> 4];
        u[5] = hex[b & 15];
        u[6] = '\0';
        esc = u;
        break;
      }
      tf_fn__sb_put(sb, p + start, i - start);
      tf_fn__sb_puts(sb, esc);
      start = ++i;
      continue;
    }
    n = mls_utf8_decode(&cp, p + i, p + s.len);
    if (n == 0 || cp == 0x2028 || cp == 0x2029) {
      tf_fn__sb_put(sb, p + start, i - start);
      tf_fn__sb_puts(sb, n == 0         ? "\\ufffd"
                         : cp == 0x2028 ? "\\u2028"
                                        : "\\u2029");
      i += n ? n : 1;
      start = i;
      continue;
    }
    i += n;
  }
  tf_fn__sb_put(sb, p + start, i - start);
  tf_fn__sb_putc(sb, '"');
}

int tf_fn__json_write(tf_fn__call *c, tf_fn__sb *sb, const mls_value *v,
                      int depth)
{
  mls_span text;
  int rc;

  if (depth > TF_FN__MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  if (!v) {
    tf_fn__sb_puts(sb, "null");
    return MLS_OK;
  }
  switch (v->kind) {
  case MLS_V_NULL:
    tf_fn__sb_puts(sb, "null");
    return MLS_OK;
  case MLS_V_BOOL:
    tf_fn__sb_puts(sb, v->u.b ? "true" : "false");
    return MLS_OK;
  case MLS_V_NUMBER:
    if ((rc = tf_fn__num_canon(c, v, &text)) < 0) {
      return rc;
    }
    tf_fn__sb_span(sb, text);
    return MLS_OK;
  case MLS_V_STRING:
    tf_fn__json_string(sb, v->u.str);
    return MLS_OK;
  case MLS_V_LIST:
    tf_fn__sb_putc(sb, '[');
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      if (i) {
        tf_fn__sb_putc(sb, ',');
      }
      if ((rc = tf_fn__json_write(c, sb, v->u.list.items[i], depth + 1)) < 0) {
        return rc;
      }
    }
    tf_fn__sb_putc(sb, ']');
    return MLS_OK;
  case MLS_V_MAP: {
    mls_map_entry *e;
    uint32_t n;
    if ((rc = tf_fn__sorted_entries(c, v, &e, &n)) < 0) {
      return rc;
    }
    tf_fn__sb_putc(sb, '{');
    for (uint32_t i = 0; i < n; i++) {
      if (i) {
        tf_fn__sb_putc(sb, ',');
      }
      tf_fn__json_string(sb, e[i].key);
      tf_fn__sb_putc(sb, ':');
      if ((rc = tf_fn__json_write(c, sb, e[i].value, depth + 1)) < 0) {
        return rc;
      }
    }
    tf_fn__sb_putc(sb, '}');
    return MLS_OK;
  }
  default:
    /* Callers reject unknown values before writing. */
    return MLS_ERROR;
  }
}

int tf_fn__fn_jsonencode(tf_fn__call *c, mls_value **out)
{
  tf_fn__sb sb;
  int rc;

  tf_fn__sb_init(&sb, c);
  if ((rc = tf_fn__json_write(c, &sb, c->args[0], 0)) < 0) {
    return rc;
  }
  return tf_fn__sb_result(c, &sb, out);
}

/* ---- JSON parsing -------------------------------------------------------- */

/* Parser state over the borrowed JSON text. */
typedef struct jp {
  tf_fn__call *c;  /* borrowed: the call */
  const char *p;   /* borrowed: next byte */
  const char *beg; /* borrowed: first byte, for offsets in messages */
  const char *end; /* borrowed: just past the last byte */
  char err[128];   /* the syntax error, when one was found */
  bool trailing;   /* accept a comma before ] and } (policy documents) */
} jp;

/* A syntax error: returned as 1 so callers pass it up. */
#define JP_SYNTAX 1

static int jp_fail(jp *j, const char *what)
{
  snprintf(j->err, sizeof(j->err), "%s at offset %ld", what,
           (long)(j->p - j->beg));
  return JP_SYNTAX;
}

static void jp_ws(jp *j)
{
  while (j->p < j->end &&
         (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) {
    j->p++;
  }
}

static long jp_hex4(jp *j)
{
  long v = 0;
  if (j->end - j->p < 4) {
    return -1;
  }
  for (int k = 0; k < 4; k++) {
    int h = mls_hexval((unsigned char)j->p[k]);
    if (h < 0) {
      return -1;
    }
    v = v * 16 + h;
  }
  j->p += 4;
  return v;
}

/* A string at j->p == '"'; *out borrows the input when it needs no
 * decoding. */
static int jp_string(jp *j, mls_span *out)
{
  const char *start = ++j->p;
  bool plain = true;
  tf_fn__sb sb;

  /* First pass: find the end, and whether decoding is needed. */
  for (const char *q = start;; q++) {
    if (q >= j->end) {
      j->p = q;
      return jp_fail(j, "unterminated string");
    }
    if (*q == '"') {
      if (plain) {
        *out = mls_span_of(start, (size_t)(q - start));
        if (mls_utf8_validate((const unsigned char *)start,
                              (size_t)(q - start)) == (size_t)(q - start)) {
          j->p = q + 1;
          return MLS_OK;
        }
      }
      break;
    }
    if ((unsigned char)*q < 0x20) {
      j->p = q;
      return jp_fail(j, "control character in string");
    }
    if (*q == '\\') {
      plain = false;
      q++;
    }
  }
  tf_fn__sb_init(&sb, j->c);
  while (*j->p != '"') {
    unsigned char b = (unsigned char)*j->p;
    uint32_t cp;
    size_t n;
    if (b == '\\') {
      char e = *++j->p;
      j->p++;
      switch (e) {
      case '"':
      case '\\':
      case '/':
        tf_fn__sb_putc(&sb, e);
        continue;
      case 'b':
        tf_fn__sb_putc(&sb, '\b');
        continue;
      case 'f':
        tf_fn__sb_putc(&sb, '\f');
        continue;
      case 'n':
        tf_fn__sb_putc(&sb, '\n');
        continue;
      case 'r':
        tf_fn__sb_putc(&sb, '\r');
        continue;
      case 't':
        tf_fn__sb_putc(&sb, '\t');
        continue;
      case 'u': {
        long u = jp_hex4(j);
        unsigned char enc[4];
        if (u < 0) {
          return jp_fail(j, "invalid \\u escape");
        }
        if (u >= 0xD800 && u < 0xDC00 && j->end - j->p >= 6 &&
            j->p[0] == '\\' && j->p[1] == 'u') {
          const char *save = j->p;
          long lo;
          j->p += 2;
          lo = jp_hex4(j);
          if (lo >= 0xDC00 && lo < 0xE000) {
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            j->p = save;
          }
        }
        if (u >= 0xD800 && u < 0xE000) {
          u = 0xFFFD; /* a lone surrogate, as Go decodes it */
        }
        n = mls_utf8_encode(enc, (uint32_t)u);
        tf_fn__sb_put(&sb, enc, n);
        continue;
      }
      default:
        j->p--;
        return jp_fail(j, "invalid escape in string");
      }
    }
    n = mls_utf8_decode(&cp, (const unsigned char *)j->p,
                        (const unsigned char *)j->end);
    if (n == 0) {
      tf_fn__sb_puts(&sb, "\xEF\xBF\xBD"); /* U+FFFD, as Go */
      j->p++;
    } else {
      tf_fn__sb_put(&sb, j->p, n);
      j->p += n;
    }
  }
  j->p++;
  if (sb.err) {
    return sb.err;
  }
  *out = mls_span_of(sb.ptr ? sb.ptr : "", sb.len);
  return MLS_OK;
}

static int jp_number(jp *j, mls_value **out)
{
  const char *s = j->p;
  double d;

  if (j->p < j->end && *j->p == '-') {
    j->p++;
  }
  if (j->p < j->end && *j->p == '0') {
    j->p++;
  } else if (j->p < j->end && *j->p >= '1' && *j->p <= '9') {
    while (j->p < j->end && mls_isdigit((unsigned char)*j->p)) {
      j->p++;
    }
  } else {
    return jp_fail(j, "invalid number");
  }
  if (j->p < j->end && *j->p == '.') {
    j->p++;
    if (j->p >= j->end || !mls_isdigit((unsigned char)*j->p)) {
      return jp_fail(j, "invalid number");
    }
    while (j->p < j->end && mls_isdigit((unsigned char)*j->p)) {
      j->p++;
    }
  }
  if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
    j->p++;
    if (j->p < j->end && (*j->p == '+' || *j->p == '-')) {
      j->p++;
    }
    if (j->p >= j->end || !mls_isdigit((unsigned char)*j->p)) {
      return jp_fail(j, "invalid number");
    }
    while (j->p < j->end && mls_isdigit((unsigned char)*j->p)) {
      j->p++;
    }
  }
  mls_span text = mls_span_of(s, (size_t)(j->p - s));
  if (!tf_fn__parse_num(text, &d)) {
    return jp_fail(j, "invalid number");
  }
  return (*out = tf_fn__num_text(j->c, d, text)) ? MLS_OK : MLS_ENOMEM;
}

static bool jp_word(jp *j, const char *w)
{
  size_t n = strlen(w);
  if ((size_t)(j->end - j->p) >= n && memcmp(j->p, w, n) == 0) {
    j->p += n;
    return true;
  }
  return false;
}

static int jp_value(jp *j, mls_value **out, int depth);

static int span_order(const void *pa, const void *pb)
{
  return tf_fn__strcmp(*(const mls_span *)pa, *(const mls_span *)pb);
}

static int jp_array(jp *j, mls_value **out, int depth)
{
  tf_fn__grow g = { NULL, 0, 0 };
  int rc;

  j->p++;
  jp_ws(j);
  if (j->p < j->end && *j->p == ']') {
    j->p++;
    return (*out = tf_fn__list(j->c, NULL, 0, false)) ? MLS_OK : MLS_ENOMEM;
  }
  for (;;) {
    mls_value **slot = tf_fn__grow_one(j->c, &g, sizeof(mls_value *));
    if (!slot) {
      return MLS_ENOMEM;
    }
    if ((rc = jp_value(j, slot, depth + 1)) != MLS_OK) {
      return rc;
    }
    jp_ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      jp_ws(j);
      if (j->trailing && j->p < j->end && *j->p == ']') {
        j->p++;
        break;
      }
      continue;
    }
    if (j->p < j->end && *j->p == ']') {
      j->p++;
      break;
    }
    return jp_fail(j, "expected , or ] in array");
  }
  *out = tf_fn__list(j->c, g.v, g.n, false);
  return *out ? MLS_OK : MLS_ENOMEM;
}

static int jp_object(jp *j, mls_value **out, int depth)
{
  tf_fn__grow g = { NULL, 0, 0 };
  mls_map_entry *sorted;
  mls_value *tmp;
  uint32_t n;
  int rc;

  j->p++;
  jp_ws(j);
  if (j->p < j->end && *j->p == '}') {
    j->p++;
    return (*out = tf_fn__map(j->c, NULL, 0)) ? MLS_OK : MLS_ENOMEM;
  }
  for (;;) {
    mls_map_entry *e = tf_fn__grow_one(j->c, &g, sizeof(mls_map_entry));
    if (!e) {
      return MLS_ENOMEM;
    }
    jp_ws(j);
    if (j->p >= j->end || *j->p != '"') {
      return jp_fail(j, "expected a string key in object");
    }
    if ((rc = jp_string(j, &e->key)) != MLS_OK) {
      return rc;
    }
    jp_ws(j);
    if (j->p >= j->end || *j->p != ':') {
      return jp_fail(j, "expected : after object key");
    }
    j->p++;
    if ((rc = jp_value(j, &e->value, depth + 1)) != MLS_OK) {
      return rc;
    }
    jp_ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      jp_ws(j);
      if (j->trailing && j->p < j->end && *j->p == '}') {
        j->p++;
        break;
      }
      continue;
    }
    if (j->p < j->end && *j->p == '}') {
      j->p++;
      break;
    }
    return jp_fail(j, "expected , or } in object");
  }
  if (!(tmp = tf_fn__map(j->c, g.v, g.n)) ||
      tf_fn__sorted_entries(j->c, tmp, &sorted, &n) < 0) {
    return MLS_ENOMEM;
  }
  if (n != g.n) {
    /* Find the duplicate for the message: sort the keys, compare
     * neighbours. */
    mls_map_entry *all = g.v;
    mls_span *keys =
        mls_arena_alloc(j->c->ctx->arena, (size_t)g.n * sizeof(*keys));
    if (!keys) {
      return MLS_ENOMEM;
    }
    for (uint32_t a = 0; a < g.n; a++) {
      keys[a] = all[a].key;
    }
    qsort(keys, g.n, sizeof(*keys), span_order);
    for (uint32_t a = 0; a + 1 < g.n; a++) {
      if (tf_fn__strcmp(keys[a], keys[a + 1]) == 0) {
        snprintf(j->err, sizeof(j->err),
                 "duplicate \"%.*s\" property in JSON object",
                 (int)(keys[a].len > 64 ? 64 : keys[a].len), keys[a].ptr);
        break;
      }
    }
    return JP_SYNTAX;
  }
  *out = tf_fn__map(j->c, sorted, n);
  return *out ? MLS_OK : MLS_ENOMEM;
}

static int jp_value(jp *j, mls_value **out, int depth)
{
  mls_span s;
  int rc;

  if (depth > TF_FN__MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  jp_ws(j);
  if (j->p >= j->end) {
    return jp_fail(j, "unexpected end of JSON input");
  }
  switch (*j->p) {
  case '{':
    return jp_object(j, out, depth);
  case '[':
    return jp_array(j, out, depth);
  case '"':
    if ((rc = jp_string(j, &s)) != MLS_OK) {
      return rc;
    }
    return (*out = tf_fn__str_borrow(j->c, s)) ? MLS_OK : MLS_ENOMEM;
  case 't':
  case 'f':
  case 'n':
    if (jp_word(j, "true") || jp_word(j, "false")) {
      *out = tf_fn__bool(j->c, j->p[-1] == 'e' && j->p[-2] == 'u');
    } else if (jp_word(j, "null")) {
      *out = tf_fn__null(j->c);
    } else {
      return jp_fail(j, "invalid literal");
    }
    return *out ? MLS_OK : MLS_ENOMEM;
  default:
    if (*j->p == '-' || mls_isdigit((unsigned char)*j->p)) {
      return jp_number(j, out);
    }
    return jp_fail(j, "invalid character");
  }
}

static int json_decode(tf_fn__call *c, mls_value **out, bool trailing)
{
  mls_span s;
  mls_value *v = NULL;
  jp j;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  memset(&j, 0, sizeof(j));
  j.c = c;
  j.trailing = trailing;
  j.p = j.beg = s.ptr ? s.ptr : "";
  j.end = j.p + s.len;
  rc = jp_value(&j, &v, 0);
  if (rc == MLS_OK) {
    jp_ws(&j);
    if (j.p < j.end) {
      rc = jp_fail(&j, "extraneous data after the JSON value");
    }
  }
  if (rc == JP_SYNTAX) {
    return tf_fn__error(c, out, "invalid JSON: %s", j.err);
  }
  if (rc == MLS_ELIMIT) {
    return tf_fn__limit(c, out, "the JSON nests deeper than TF_FN__MAX_DEPTH");
  }
  if (rc < 0) {
    return rc;
  }
  *out = v;
  return MLS_OK;
}

int tf_fn__fn_jsondecode(tf_fn__call *c, mls_value **out)
{
  return json_decode(c, out, false); /* strict, as Terraform's */
}

bool tf_looks_like_json(mls_span s)
{
  for (size_t i = 0; i < s.len; i++) {
    char ch = s.ptr[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      continue;
    }
    return ch == '{' || ch == '[';
  }
  return false;
}

int tf_decode_policy_json(tf_fn_ctx *ctx, mls_value *text, mls_value **out)
{
  static const tf_fn__fn fn = { "jsondecode", 1, 1, 0, tf_fn__fn_jsondecode };
  tf_fn__call c;
  int rc;

  MLS_ASSERT_ARG(ctx && ctx->arena && ctx->diag && text && out);
  c.ctx = ctx;
  c.fn = &fn;
  c.args = &text;
  c.nargs = 1;
  if ((rc = json_decode(&c, out, true)) < 0) {
    return rc;
  }
  if ((text->flags & MLS_VF_SENSITIVE) && !((*out)->flags & MLS_VF_SENSITIVE)) {
    mls_value *m = tf_fn__reflag(&c, *out, MLS_VF_SENSITIVE, 0);
    if (!m) {
      return MLS_ENOMEM;
    }
    *out = m;
  }
  return MLS_OK;
}

/* ---- YAML ---------------------------------------------------------------- */

/* libyaml's emitter state, reduced to what yamlencode() produces. */
typedef struct ye {
  tf_fn__sb *sb;   /* the output */
  long column;     /* characters on the current line */
  int indent;      /* current indentation, -1 before the root */
  int *indents;    /* arena: saved indentations */
  uint32_t nind;   /* entries in indents */
  uint32_t capind; /* entries allocated */
  int flow_level;  /* open flow collections */
  bool whitespace; /* the last character written is white space */
  bool indention;  /* only indentation on the current line so far */
  bool open_ended; /* the document needs an explicit "..." end */
  bool root_ctx, seq_ctx, map_ctx, simple_key_ctx; /* of the node */
} ye;

#define BEST_INDENT 2
#define BEST_WIDTH  80

static size_t width_at(const unsigned char *s, size_t n, size_t i)
{
  unsigned char b = s[i];
  size_t w = (b & 0x80) == 0      ? 1
             : (b & 0xE0) == 0xC0 ? 2
             : (b & 0xF0) == 0xE0 ? 3
             : (b & 0xF8) == 0xF0 ? 4
                                  : 1;
  return i + w <= n ? w : 1;
}

static unsigned char at(const unsigned char *s, size_t n, size_t i)
{
  return i < n ? s[i] : 0;
}

static bool is_printable(const unsigned char *s, size_t n, size_t i)
{
  unsigned char b = s[i], b1 = at(s, n, i + 1), b2 = at(s, n, i + 2);
  return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
         (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) &&
          !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

static bool is_break(const unsigned char *s, size_t n, size_t i)
{
  unsigned char b = s[i], b1 = at(s, n, i + 1), b2 = at(s, n, i + 2);
  return b == '\r' || b == '\n' || (b == 0xC2 && b1 == 0x85) ||
         (b == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9));
}

static bool is_space_at(const unsigned char *s, size_t n, size_t i)
{
  return i < n && s[i] == ' ';
}

static void y_put(ye *e, char ch)
{
  tf_fn__sb_putc(e->sb, ch);
  e->column++;
}

static void y_break(ye *e)
{
  tf_fn__sb_putc(e->sb, '\n');
  e->column = 0;
}

/* Copy one character at s[*i]. */
static void y_write(ye *e, const unsigned char *s, size_t n, size_t *i)
{
  size_t w = width_at(s, n, *i);
  tf_fn__sb_put(e->sb, s + *i, w);
  e->column++;
  *i += w;
}

static void y_write_all(ye *e, const char *s)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    y_write(e, (const unsigned char *)s, n, &i);
  }
}

static void y_indent(ye *e)
{
  int indent = e->indent < 0 ? 0 : e->indent;
  if (!e->indention || e->column > indent ||
      (e->column == indent && !e->whitespace)) {
    y_break(e);
  }
  while (e->column < indent && !e->sb->err) {
    y_put(e, ' ');
  }
  e->whitespace = true;
  e->indention = true;
}

static void y_indicator(ye *e, const char *ind, bool need_ws, bool is_ws,
                        bool is_indention)
{
  if (need_ws && !e->whitespace) {
    y_put(e, ' ');
  }
  y_write_all(e, ind);
  e->whitespace = is_ws;
  e->indention = e->indention && is_indention;
  e->open_ended = false;
}

static int y_push(ye *e, bool flow, bool indentless)
{
  if (e->nind == e->capind) {
    uint32_t ncap = e->capind ? e->capind * 2 : 16;
    int *ni = mls_arena_alloc(e->sb->arena, ncap * sizeof(*ni));
    if (!ni) {
      return MLS_ENOMEM;
    }
    if (e->nind) {
      memcpy(ni, e->indents, e->nind * sizeof(*ni));
    }
    e->indents = ni;
    e->capind = ncap;
  }
  e->indents[e->nind++] = e->indent;
  if (e->indent < 0) {
    e->indent = flow ? BEST_INDENT : 0;
  } else if (!indentless) {
    e->indent += BEST_INDENT;
  }
  return MLS_OK;
}

static void y_pop(ye *e)
{
  e->indent = e->indents[--e->nind];
}

/* What libyaml's analyze_scalar finds out about a string. */
typedef struct yscalar {
  bool multiline;     /* holds a line break */
  bool block_allowed; /* literal style is possible */
} yscalar;

static yscalar y_analyze(mls_span v)
{
  const unsigned char *s = (const unsigned char *)v.ptr;
  size_t n = v.len;
  bool breaks = false, special = false, trailing_space = false;
  bool space_break = false, prev_space = false;
  yscalar r = { false, false };

  if (n == 0) {
    return r;
  }
  for (size_t i = 0; i < n; i += width_at(s, n, i)) {
    if (!is_printable(s, n, i)) {
      special = true;
    }
    if (s[i] == ' ') {
      trailing_space = i + 1 == n;
      prev_space = true;
    } else if (is_break(s, n, i)) {
      breaks = true;
      space_break = space_break || prev_space;
      prev_space = false;
    } else {
      prev_space = false;
    }
  }
  r.multiline = breaks;
  r.block_allowed = !(trailing_space || space_break || special);
  return r;
}

static void y_double(ye *e, mls_span v, bool allow_breaks)
{
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *s = (const unsigned char *)v.ptr;
  size_t n = v.len;
  bool spaces = false;

  y_indicator(e, "\"", true, false, false);
  for (size_t i = 0; i < n && !e->sb->err;) {
    if (!is_printable(s, n, i) ||
        (s[i] == 0xEF && at(s, n, i + 1) == 0xBB && at(s, n, i + 2) == 0xBF) ||
        is_break(s, n, i) || s[i] == '"' || s[i] == '\\') {
      uint32_t cp;
      size_t w = mls_utf8_decode(&cp, s + i, s + n);
      char esc = 0;
      if (w == 0) {
        cp = s[i];
        w = 1;
      }
      i += w;
      y_put(e, '\\');
      switch (cp) {
      case 0x00:
        esc = '0';
        break;
      case 0x07:
        esc = 'a';
        break;
      case 0x08:
        esc = 'b';
        break;
      case 0x09:
        esc = 't';
        break;
      case 0x0A:
        esc = 'n';
        break;
      case 0x0B:
        esc = 'v';
        break;
      case 0x0C:
        esc = 'f';
        break;
      case 0x0D:
        esc = 'r';
        break;
      case 0x1B:
        esc = 'e';
        break;
      case 0x22:
        esc = '"';
        break;
      case 0x5C:
        esc = '\\';
        break;
      case 0x85:
        esc = 'N';
        break;
      case 0xA0:
        esc = '_';
        break;
      case 0x2028:
        esc = 'L';
        break;
      case 0x2029:
        esc = 'P';
        break;
      default:
        break;
      }
      if (esc) {
        y_put(e, esc);
      } else {
        int digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
        y_put(e, cp <= 0xFF ? 'x' : cp <= 0xFFFF ? 'u' : 'U');
        for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
          y_put(e, hex[(cp >> k) & 15]);
        }
      }
      spaces = false;
    } else if (s[i] == ' ') {
      if (allow_breaks && !spaces && e->column > BEST_WIDTH && i > 0 &&
          i < n - 1) {
        y_indent(e);
        if (is_space_at(s, n, i + 1)) {
          y_put(e, '\\');
        }
        i++;
      } else {
        y_write(e, s, n, &i);
      }
      spaces = true;
    } else {
      y_write(e, s, n, &i);
      spaces = false;
    }
  }
  y_indicator(e, "\"", false, false, false);
  e->whitespace = false;
  e->indention = false;
}

/* The start of the character before position i (UTF-8). */
static size_t prev_char(const unsigned char *s, size_t i)
{
  while (i > 0 && (s[i] & 0xC0) == 0x80) {
    i--;
  }
  return i;
}

static void y_literal(ye *e, mls_span v)
{
  const unsigned char *s = (const unsigned char *)v.ptr;
  size_t n = v.len;
  bool breaks = true;
  char chomp[2] = { 0, 0 };

  y_indicator(e, "|", true, false, false);
  if (s[0] == ' ' || is_break(s, n, 0)) {
    char hint[2] = { (char)('0' + BEST_INDENT), 0 };
    y_indicator(e, hint, false, false, false);
  }
  e->open_ended = false;
  {
    size_t i = prev_char(s, n - 1);
    if (!is_break(s, n, i)) {
      chomp[0] = '-';
    } else if (i == 0) {
      chomp[0] = '+';
      e->open_ended = true;
    } else {
      i = prev_char(s, i - 1);
      if (is_break(s, n, i)) {
        chomp[0] = '+';
        e->open_ended = true;
      }
    }
  }
  if (chomp[0]) {
    /* As in libyaml, writing the indicator clears open_ended again. */
    y_indicator(e, chomp, false, false, false);
  }
  y_break(e);
  e->indention = true;
  e->whitespace = true;
  for (size_t i = 0; i < n && !e->sb->err;) {
    if (is_break(s, n, i)) {
      if (s[i] == '\n') {
        y_break(e);
        i++;
      } else {
        y_write(e, s, n, &i);
        e->column = 0;
      }
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) {
        y_indent(e);
      }
      y_write(e, s, n, &i);
      e->indention = false;
      breaks = false;
    }
  }
}

static int y_node(tf_fn__call *c, ye *e, const mls_value *v, int depth,
                  bool root, bool seq, bool map, bool simple_key);

/* A scalar: numbers, bools and null plain, strings quoted or literal. */
static int y_scalar(tf_fn__call *c, ye *e, const mls_value *v)
{
  mls_span text;
  int rc;

  if ((rc = y_push(e, true, false)) < 0) {
    return rc;
  }
  if (v && v->kind == MLS_V_STRING) {
    yscalar a = y_analyze(v->u.str);
    bool literal =
        memchr(v->u.str.ptr ? v->u.str.ptr : "", '\n', v->u.str.len) != NULL;
    if (e->simple_key_ctx && a.multiline) {
      literal = false;
    }
    if (literal &&
        (!a.block_allowed || e->flow_level > 0 || e->simple_key_ctx)) {
      literal = false;
    }
    if (literal) {
      y_literal(e, v->u.str);
    } else {
      y_double(e, v->u.str, !e->simple_key_ctx);
    }
  } else {
    if (!v || v->kind == MLS_V_NULL) {
      text = mls_span_of("null", 4);
    } else if (v->kind == MLS_V_BOOL) {
      text = v->u.b ? mls_span_of("true", 4) : mls_span_of("false", 5);
    } else if ((rc = tf_fn__num_canon(c, v, &text)) < 0) {
      return rc;
    }
    if (!e->whitespace) {
      y_put(e, ' ');
    }
    tf_fn__sb_span(e->sb, text);
    e->column += (long)text.len;
    e->whitespace = false;
    e->indention = false;
    if (e->root_ctx) {
      e->open_ended = true;
    }
  }
  y_pop(e);
  return MLS_OK;
}

/* Whether a mapping key can be written as a simple key. */
static bool y_simple_key(const mls_value *k)
{
  yscalar a = y_analyze(k->u.str);
  return !a.multiline && k->u.str.len <= 128;
}

static int y_node(tf_fn__call *c, ye *e, const mls_value *v, int depth,
                  bool root, bool seq, bool map, bool simple_key)
{
  int rc;

  if (depth > TF_FN__MAX_DEPTH) {
    return MLS_ELIMIT;
  }
  e->root_ctx = root;
  e->seq_ctx = seq;
  e->map_ctx = map;
  e->simple_key_ctx = simple_key;
  if (!v || (v->kind != MLS_V_LIST && v->kind != MLS_V_MAP)) {
    return y_scalar(c, e, v);
  }
  if ((v->kind == MLS_V_LIST && v->u.list.n == 0) ||
      (v->kind == MLS_V_MAP && v->u.map.n == 0)) {
    bool list = v->kind == MLS_V_LIST;
    y_indicator(e, list ? "[" : "{", true, true, false);
    if ((rc = y_push(e, true, false)) < 0) {
      return rc;
    }
    e->flow_level++;
    e->flow_level--;
    y_pop(e);
    y_indicator(e, list ? "]" : "}", false, false, false);
    return MLS_OK;
  }
  if (v->kind == MLS_V_LIST) {
    if ((rc = y_push(e, false, e->map_ctx && !e->indention)) < 0) {
      return rc;
    }
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      y_indent(e);
      y_indicator(e, "-", true, false, true);
      if ((rc = y_node(c, e, v->u.list.items[i], depth + 1, false, true, false,
                       false)) < 0) {
        return rc;
      }
    }
    y_pop(e);
    return MLS_OK;
  }
  mls_map_entry *entries;
  uint32_t n;
  if ((rc = tf_fn__sorted_entries(c, v, &entries, &n)) < 0 ||
      (rc = y_push(e, false, false)) < 0) {
    return rc;
  }
  for (uint32_t i = 0; i < n; i++) {
    mls_value key;
    memset(&key, 0, sizeof(key));
    key.kind = MLS_V_STRING;
    key.u.str = entries[i].key;
    y_indent(e);
    if (y_simple_key(&key)) {
      if ((rc = y_node(c, e, &key, depth + 1, false, false, true, true)) < 0) {
        return rc;
      }
      y_indicator(e, ":", false, false, false);
    } else {
      y_indicator(e, "?", true, false, true);
      if ((rc = y_node(c, e, &key, depth + 1, false, false, true, false)) < 0) {
        return rc;
      }
      y_indent(e);
      y_indicator(e, ":", true, false, true);
    }
    if ((rc = y_node(c, e, entries[i].value, depth + 1, false, false, true,
                     false)) < 0) {
      return rc;
    }
  }
  y_pop(e);
  return MLS_OK;
}

int tf_fn__fn_yamlencode(tf_fn__call *c, mls_value **out)
{
  tf_fn__sb sb;
  ye e;
  int rc;

  tf_fn__sb_init(&sb, c);
  memset(&e, 0, sizeof(e));
  e.sb = &sb;
  e.indent = -1;
  e.whitespace = true;
  e.indention = true;
  if ((rc = y_node(c, &e, c->args[0], 0, true, false, false, false)) < 0) {
    return rc;
  }
  y_indent(&e); /* document end */
  if (e.open_ended) {
    y_indicator(&e, "...", true, false, false);
    y_indent(&e);
  }
  return tf_fn__sb_result(c, &sb, out);
}

/* ---- base64, urlencode --------------------------------------------------- */

void tf_fn__base64(tf_fn__sb *sb, const unsigned char *s, size_t n)
{
  static const char tbl[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    char q[4] = { tbl[s[i] >> 2], tbl[((s[i] & 3) << 4) | (s[i + 1] >> 4)],
                  tbl[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)],
                  tbl[s[i + 2] & 63] };
    tf_fn__sb_put(sb, q, 4);
  }
  if (n - i == 1) {
    char q[4] = { tbl[s[i] >> 2], tbl[(s[i] & 3) << 4], '=', '=' };
    tf_fn__sb_put(sb, q, 4);
  } else if (n - i == 2) {
    char q[4] = { tbl[s[i] >> 2], tbl[((s[i] & 3) << 4) | (s[i + 1] >> 4)],
                  tbl[(s[i + 1] & 15) << 2], '=' };
    tf_fn__sb_put(sb, q, 4);
  }
}

int tf_fn__fn_base64encode(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  tf_fn__sb_init(&sb, c);
  tf_fn__base64(&sb, (const unsigned char *)s.ptr, s.len);
  return tf_fn__sb_result(c, &sb, out);
}

/* tf_funcs_int.h. */
int tf_fn__b64_value(unsigned char ch)
{
  if (ch >= 'A' && ch <= 'Z') {
    return ch - 'A';
  }
  if (ch >= 'a' && ch <= 'z') {
    return ch - 'a' + 26;
  }
  if (ch >= '0' && ch <= '9') {
    return ch - '0' + 52;
  }
  return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

int tf_fn__fn_base64decode(tf_fn__call *c, mls_value **out)
{
  mls_span s;
  unsigned char *buf;
  size_t k = 0, nq = 0;
  unsigned q[4];
  bool done = false;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  if (!(buf = mls_arena_alloc(c->ctx->arena, s.len / 4 * 3 + 3))) {
    return MLS_ENOMEM;
  }
  /* Go's StdEncoding: padding required, \r and \n ignored. */
  for (size_t i = 0; i < s.len; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    int v;
    if (ch == '\r' || ch == '\n') {
      continue;
    }
    if (done) {
      goto bad;
    }
    if (ch == '=') {
      /* Padding: only in the last quantum, after two or three symbols. */
      if (nq < 2) {
        goto bad;
      }
      if (nq == 2) {
        size_t j = i + 1;
        while (j < s.len && (s.ptr[j] == '\r' || s.ptr[j] == '\n')) {
          j++;
        }
        if (j >= s.len || s.ptr[j] != '=') {
          goto bad;
        }
        i = j;
        buf[k++] = (unsigned char)((q[0] << 2) | (q[1] >> 4));
      } else {
        buf[k++] = (unsigned char)((q[0] << 2) | (q[1] >> 4));
        buf[k++] = (unsigned char)((q[1] << 4) | (q[2] >> 2));
      }
      nq = 0;
      done = true;
      continue;
    }
    if ((v = tf_fn__b64_value(ch)) < 0) {
      goto bad;
    }
    q[nq++] = (unsigned)v;
    if (nq == 4) {
      buf[k++] = (unsigned char)((q[0] << 2) | (q[1] >> 4));
      buf[k++] = (unsigned char)((q[1] << 4) | (q[2] >> 2));
      buf[k++] = (unsigned char)((q[2] << 6) | q[3]);
      nq = 0;
    }
  }
  if (nq != 0) {
    goto bad;
  }
  if (mls_utf8_validate(buf, k) != k) {
    return tf_fn__error(c, out,
                        "the result of decoding the provided string is "
                        "not valid UTF-8");
  }
  return ok(out, tf_fn__str_borrow(c, mls_span_of((const char *)buf, k)));

bad:
  return tf_fn__error(c, out, "failed to decode base64 data");
}

int tf_fn__fn_urlencode(tf_fn__call *c, mls_value **out)
{
  static const char hex[] = "0123456789ABCDEF";
  mls_span s;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__as_str(c, c->args[0], &s)) <= 0) {
    return rc < 0 ? rc
                  : tf_fn__error(c, out, "a string is required, not %s",
                                 tf_fn__kind(c->args[0]));
  }
  tf_fn__sb_init(&sb, c);
  /* Go's url.QueryEscape. */
  for (size_t i = 0; i < s.len; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    if (mls_isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      tf_fn__sb_putc(&sb, (char)ch);
    } else if (ch == ' ') {
      tf_fn__sb_putc(&sb, '+');
    } else {
      char e[3] = { '%', hex[ch >> 4], hex[ch & 15] };
      tf_fn__sb_put(&sb, e, 3);
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}
