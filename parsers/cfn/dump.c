/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/dump.c -- cfnref's JSON line (see dump.h) and the compact
 * JSON of a node.
 *
 * Stage: tree -> text. Writes what Python's json.dumps(ensure_ascii=False,
 * separators=(",", ":")) writes for the value cfnref builds: strings with
 * `"` `\` and C0 controls escaped (\b \f \n \r \t short, others \u00xx),
 * everything else raw; integers exact in decimal whatever their size and
 * base (a small base-10^9 bignum for the ones past 64 bits, bounded by
 * MLS_MAX_RADIX_DIGITS at load); floats as Python's repr() (the shortest
 * digits that read back to the same double, exponent form below 1e-4 and
 * from 1e16). Recursion is bounded by MLS_MAX_NESTING, which the readers
 * already enforce on the tree.
 */
#include "parsers/cfn/dump.h"

#include "parsers/cfn/cfn_int.h"

#include "core/base/alloc.h"
#include "core/base/jsonw.h"
#include "core/base/limits.h"
#include "core/base/rc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cfn__json_string(mls_buf *out, const char *s, size_t n)
{
  /* cfnref is Python: json.dumps writes \b and \f in short form. */
  return mls_json_string_opts(out, s, n, MLS_JSON_SHORT_BF);
}

int cfn__json_double(mls_buf *out, double d)
{
  char buf[40], digits[20];
  int prec, exp10, nd = 0;
  size_t i = 0;

  if (isnan(d)) {
    return mls_buf_puts(out, "NaN");
  }
  if (isinf(d)) {
    return mls_buf_puts(out, d < 0 ? "-Infinity" : "Infinity");
  }
  /* The shortest correctly rounded digits that read back as d. */
  for (prec = 0; prec < 17; prec++) {
    snprintf(buf, sizeof(buf), "%.*e", prec, d);
    if (strtod(buf, NULL) == d) {
      break;
    }
  }
  if (prec == 17) {
    snprintf(buf, sizeof(buf), "%.16e", d);
  }
  /* buf: [-]d[.ddd]e[+-]XX */
  if (buf[i] == '-') {
    i++;
  }
  for (; buf[i] && buf[i] != 'e'; i++) {
    if (buf[i] != '.') {
      digits[nd++] = buf[i];
    }
  }
  exp10 = (int)strtol(buf + i + 1, NULL, 10);
  while (nd > 1 && digits[nd - 1] == '0') {
    nd--;
  }
  digits[nd] = '\0';

  /* At most a sign, 17 digits, 16 zeros or "0.000", a point and "e-324":
   * res never fills. */
  char res[64];
  size_t k = 0;
  if (signbit(d)) {
    res[k++] = '-';
  }
  if (exp10 < -4 || exp10 >= 16) {
    /* 1e+16, 1.5e-07: at least two exponent digits, as Python. */
    res[k++] = digits[0];
    if (nd > 1) {
      res[k++] = '.';
      memcpy(res + k, digits + 1, (size_t)nd - 1);
      k += (size_t)nd - 1;
    }
    k += (size_t)snprintf(res + k, sizeof(res) - k, "e%c%02d",
                          exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
  } else if (exp10 < 0) {
    res[k++] = '0';
    res[k++] = '.';
    for (int z = -1; z > exp10; z--) {
      res[k++] = '0';
    }
    memcpy(res + k, digits, (size_t)nd);
    k += (size_t)nd;
  } else {
    int intd = exp10 + 1; /* digits before the point */
    for (int j = 0; j < intd; j++) {
      res[k++] = j < nd ? digits[j] : '0';
    }
    res[k++] = '.';
    if (intd < nd) {
      memcpy(res + k, digits + intd, (size_t)(nd - intd));
      k += (size_t)(nd - intd);
    } else {
      res[k++] = '0';
    }
  }
  return mls_buf_put(out, res, k);
}

/* limbs[0..*n) (base 10^9, least significant first) = limbs * m + a. */
static void limb_mul_add(uint32_t *limbs, size_t *n, uint32_t m, uint32_t a)
{
  uint64_t carry = a;
  for (size_t i = 0; i < *n; i++) {
    uint64_t v = (uint64_t)limbs[i] * m + carry;
    limbs[i] = (uint32_t)(v % 1000000000u);
    carry = v / 1000000000u;
  }
  while (carry) {
    limbs[(*n)++] = (uint32_t)(carry % 1000000000u);
    carry /= 1000000000u;
  }
}

int cfn__json_int(mls_buf *out, const cfn_node *n)
{
  const char *s = n->text.ptr, *end = s + n->text.len;
  uint32_t *limbs = NULL;
  size_t nl = 0, cap;
  bool neg = false;
  int rc = MLS_OK;

  if (n->flags & CFN_F_INT64) {
    return mls_buf_printf(out, "%lld", (long long)n->u.i);
  }
  if (s < end && (*s == '-' || *s == '+')) {
    neg = *s == '-';
    s++;
  }
  if (n->base == 10) {
    /* Too large for 64 bits, so not zero: the digits without '_'. */
    if (neg && (rc = mls_buf_putc(out, '-')) < 0) {
      return rc;
    }
    for (; s < end && rc == MLS_OK; s++) {
      if (*s != '_') {
        rc = mls_buf_putc(out, *s);
      }
    }
    return rc;
  }
  /* Decimal digits of a number of k base-b digits: under 1.8 k + 1, so
   * k / 4 + 4 limbs of nine digits are enough. */
  cap = n->text.len / 4 + 4;
  if (!(limbs = mls_calloc(cap, sizeof(*limbs)))) {
    return MLS_ENOMEM;
  }
  if (n->base == 2 || n->base == 16) {
    s += 2;
  }
  if (n->base == 60) {
    uint32_t group = 0;
    bool first = true;
    for (; s <= end; s++) {
      if (s == end || *s == ':') {
        if (!first) {
          limb_mul_add(limbs, &nl, 60, group);
        }
        first = false;
        group = 0;
        continue;
      }
      if (*s == '_') {
        continue;
      }
      if (first) {
        limb_mul_add(limbs, &nl, 10, (uint32_t)(*s - '0'));
      } else {
        group = group * 10 + (uint32_t)(*s - '0');
      }
    }
  } else {
    for (; s < end; s++) {
      if (*s == '_') {
        continue;
      }
      int v = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
      limb_mul_add(limbs, &nl, n->base, (uint32_t)v);
    }
  }
  if (nl == 0) {
    rc = mls_buf_putc(out, '0');
  } else {
    if (neg) {
      rc = mls_buf_putc(out, '-');
    }
    if (rc == MLS_OK) {
      rc = mls_buf_printf(out, "%u", (unsigned)limbs[nl - 1]);
    }
    for (size_t i = nl - 1; rc == MLS_OK && i-- > 0;) {
      rc = mls_buf_printf(out, "%09u", (unsigned)limbs[i]);
    }
  }
  mls_free(limbs);
  return rc;
}

int cfn__json_value(mls_buf *out, const cfn_node *n, unsigned depth)
{
  int rc = MLS_OK;

  if (depth > MLS_MAX_NESTING + 1) {
    return MLS_ELIMIT;
  }
  switch (n->kind) {
  case CFN_NULL:
    return mls_buf_puts(out, "null");
  case CFN_BOOL:
    return mls_buf_puts(out, n->u.b ? "true" : "false");
  case CFN_INT:
    return cfn__json_int(out, n);
  case CFN_FLOAT:
    return cfn__json_double(out, n->u.d);
  case CFN_STRING:
    return cfn__json_string(out, n->text.ptr, n->text.len);
  case CFN_SEQ:
    rc = mls_buf_putc(out, '[');
    for (uint32_t i = 0; rc == MLS_OK && i < n->n; i++) {
      if (i > 0) {
        rc = mls_buf_putc(out, ',');
      }
      if (rc == MLS_OK) {
        rc = cfn__json_value(out, n->u.items[i], depth + 1);
      }
    }
    return rc == MLS_OK ? mls_buf_putc(out, ']') : rc;
  case CFN_MAP:
    rc = mls_buf_putc(out, '{');
    for (uint32_t i = 0; rc == MLS_OK && i < n->n; i++) {
      const cfn_pair *p = &n->u.pairs[i];
      if (i > 0) {
        rc = mls_buf_putc(out, ',');
      }
      if (rc == MLS_OK) {
        rc = cfn__json_string(out, p->key->text.ptr, p->key->text.len);
      }
      if (rc == MLS_OK) {
        rc = mls_buf_putc(out, ':');
      }
      if (rc == MLS_OK) {
        rc = cfn__json_value(out, p->value, depth + 1);
      }
    }
    return rc == MLS_OK ? mls_buf_putc(out, '}') : rc;
  default:
    return MLS_ERROR;
  }
}

int cfn_dump_value(mls_buf *out, const cfn_node *n)
{
  return cfn__json_value(out, n, 0);
}

/* ---------------------------------------------------------------------- */
/* The record.                                                             */

/* How cfnref counts the line of a key. For YAML it is the composer's mark,
 * which our libyaml marks equal. For JSON it reads the file with its YAML
 * loader first and keeps those marks when the values agree (breaks: LF,
 * CRLF, CR, NEL, LS, PS), else it scans JSON tokens (breaks: LF only).
 * The JSON tree counts LF, CRLF and CR, so the two agree unless the file
 * holds a lone CR, a NEL, an LS or a PS; only then is the line recounted. */
typedef enum line_mode {
  LINES_TREE = 0, /* the key node's line is cfnref's */
  LINES_YAML,     /* count LF, CRLF, CR, NEL, LS, PS */
  LINES_LF        /* count LF only */
} line_mode;

typedef struct line_counter {
  const unsigned char *src; /* borrowed: the template's bytes */
  size_t len;               /* bytes in src */
  line_mode mode;           /* how breaks are counted */
  size_t at;                /* bytes counted so far */
  uint32_t line;            /* 1-based line of byte `at` */
} line_counter;

/* Whether PyYAML reads this JSON text as YAML with the same values: it
 * takes no TAB between tokens (JSON strings hold none), no NEL (folded to
 * a space), no character its reader calls non-printable (DEL, C1 controls,
 * U+FFFE, U+FFFF), and no LS or PS next to a blank (folding drops the
 * blank). */
static bool yaml_reads_json(const unsigned char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (c == '\t' || c == 0x7F) {
      return false;
    }
    if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
      return false; /* NEL and the other C1 controls */
    }
    if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBF &&
        (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
      return false;
    }
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
      if ((i > 0 && (s[i - 1] == ' ')) || (i + 3 < n && s[i + 3] == ' ')) {
        return false;
      }
    }
  }
  return true;
}

/* Whether some key of the tree under n cannot be a YAML simple key: it
 * holds a raw LS or PS (a line break to YAML), or spans over 1024 bytes
 * (PyYAML forgets a possible simple key after 1024 characters). */
static bool has_multiline_key(const unsigned char *src, const cfn_node *n,
                              unsigned depth)
{
  if (depth > MLS_MAX_NESTING + 1) {
    return false;
  }
  if (n->kind == CFN_SEQ) {
    for (uint32_t i = 0; i < n->n; i++) {
      if (has_multiline_key(src, n->u.items[i], depth + 1)) {
        return true;
      }
    }
  } else if (n->kind == CFN_MAP) {
    for (uint32_t i = 0; i < n->n; i++) {
      const mls_range *r = &n->u.pairs[i].key->range;
      if (r->end.byte - r->start.byte > 1024) {
        return true;
      }
      for (uint32_t b = r->start.byte; b + 2 < r->end.byte; b++) {
        if (src[b] == 0xE2 && src[b + 1] == 0x80 &&
            (src[b + 2] == 0xA8 || src[b + 2] == 0xA9)) {
          return true;
        }
      }
      if (has_multiline_key(src, n->u.pairs[i].value, depth + 1)) {
        return true;
      }
    }
  }
  return false;
}

static void line_counter_init(line_counter *lc, const cfn_template *t)
{
  const unsigned char *s = (const unsigned char *)t->src;
  bool odd = false;

  memset(lc, 0, sizeof(*lc));
  lc->src = s;
  lc->len = t->len;
  lc->line = 1;
  lc->mode = LINES_TREE;
  if (t->format != CFN_FORMAT_JSON) {
    return;
  }
  for (size_t i = 0; i < t->len && !odd; i++) {
    odd = (s[i] == '\r' && (i + 1 >= t->len || s[i + 1] != '\n')) ||
          (s[i] == 0xC2 && i + 1 < t->len && s[i + 1] == 0x85) ||
          (s[i] == 0xE2 && i + 2 < t->len && s[i + 1] == 0x80 &&
           (s[i + 2] == 0xA8 || s[i + 2] == 0xA9));
  }
  if (odd) {
    lc->mode = yaml_reads_json(s, t->len) &&
                       !(t->root && has_multiline_key(s, t->root, 0))
                   ? LINES_YAML
                   : LINES_LF;
  }
}

/* cfnref's line for the key node `key`. */
static uint32_t line_of(line_counter *lc, const cfn_node *key)
{
  size_t to = key->range.start.byte;
  if (lc->mode == LINES_TREE) {
    return key->range.start.line;
  }
  if (to < lc->at) {
    lc->at = 0;
    lc->line = 1;
  }
  for (const unsigned char *s = lc->src; lc->at < to && lc->at < lc->len;
       lc->at++) {
    size_t i = lc->at;
    if (s[i] == '\n') {
      lc->line++;
    } else if (lc->mode == LINES_YAML &&
               ((s[i] == '\r' && (i + 1 >= lc->len || s[i + 1] != '\n')) ||
                (s[i] == 0xC2 && i + 1 < lc->len && s[i + 1] == 0x85) ||
                (s[i] == 0xE2 && i + 2 < lc->len && s[i + 1] == 0x80 &&
                 (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)))) {
      lc->line++;
    }
  }
  return lc->line;
}

/* The first error of diag as cfnref's one-line "error" string. */
static int put_error(mls_buf *out, const mls_diag *diag)
{
  for (size_t i = 0; diag && i < diag->n; i++) {
    const mls_diag_entry *e = &diag->v[i];
    if (e->sev == MLS_SEV_ERROR && e->message) {
      return cfn__json_string(out, e->message, strlen(e->message));
    }
  }
  return mls_buf_puts(out, "\"error\"");
}

static int put_str_or_null(mls_buf *out, const cfn_node *n)
{
  if (n && n->kind == CFN_STRING) {
    return cfn__json_string(out, n->text.ptr, n->text.len);
  }
  return mls_buf_puts(out, "null");
}

/* "line": the key's line; null for a key cfnref has no line for (one made
 * from a tag, or a collection used as a key). */
static int put_line(mls_buf *out, line_counter *lc, const cfn_node *key)
{
  if (key->flags & (CFN_F_SYNTHETIC | CFN_F_COMPLEX_KEY)) {
    return mls_buf_puts(out, "null");
  }
  return mls_buf_printf(out, "%u", (unsigned)line_of(lc, key));
}

static int put_entries(mls_buf *out, line_counter *lc, const cfn_node *sec,
                       bool resources)
{
  int rc = mls_buf_putc(out, '[');
  if (!sec || sec->kind != CFN_MAP) {
    return rc == MLS_OK ? mls_buf_putc(out, ']') : rc;
  }
  for (uint32_t i = 0; rc == MLS_OK && i < sec->n; i++) {
    const cfn_pair *p = &sec->u.pairs[i];
    if (i > 0) {
      rc = mls_buf_putc(out, ',');
    }
    if (rc == MLS_OK) {
      rc = mls_buf_puts(out, "{\"id\":");
    }
    if (rc == MLS_OK) {
      rc = cfn__json_string(out, p->key->text.ptr, p->key->text.len);
    }
    if (rc == MLS_OK) {
      rc = mls_buf_puts(out, ",\"type\":");
    }
    if (rc == MLS_OK) {
      rc = put_str_or_null(out, cfn_map_get(p->value, "Type"));
    }
    if (resources) {
      if (rc == MLS_OK) {
        rc = mls_buf_puts(out, ",\"line\":");
      }
      if (rc == MLS_OK) {
        rc = put_line(out, lc, p->key);
      }
      if (rc == MLS_OK) {
        rc = mls_buf_puts(out, ",\"condition\":");
      }
      if (rc == MLS_OK) {
        rc = put_str_or_null(out, cfn_map_get(p->value, "Condition"));
      }
    } else {
      const cfn_node *def = cfn_map_get(p->value, "Default");
      if (rc == MLS_OK) {
        rc = mls_buf_puts(out, ",\"default\":");
      }
      if (rc == MLS_OK) {
        rc = def ? cfn__json_value(out, def, 2) : mls_buf_puts(out, "null");
      }
      if (rc == MLS_OK) {
        rc = mls_buf_puts(out, ",\"line\":");
      }
      if (rc == MLS_OK) {
        rc = put_line(out, lc, p->key);
      }
    }
    if (rc == MLS_OK) {
      rc = mls_buf_putc(out, '}');
    }
  }
  return rc == MLS_OK ? mls_buf_putc(out, ']') : rc;
}

static int put_template(mls_buf *out, const cfn_template *t)
{
  const cfn_node *res = cfn_section(t, CFN_SEC_RESOURCES);
  const cfn_node *cond = cfn_section(t, CFN_SEC_CONDITIONS);
  line_counter lc;
  int rc = mls_buf_puts(out, ",\"resources\":");

  line_counter_init(&lc, t);
  if (rc == MLS_OK) {
    rc = put_entries(out, &lc, res, true);
  }
  if (rc == MLS_OK) {
    rc = mls_buf_puts(out, ",\"parameters\":");
  }
  if (rc == MLS_OK) {
    rc = put_entries(out, &lc, cfn_section(t, CFN_SEC_PARAMETERS), false);
  }
  if (rc == MLS_OK) {
    rc = mls_buf_puts(out, ",\"conditions\":[");
  }
  for (uint32_t i = 0;
       rc == MLS_OK && cond && cond->kind == CFN_MAP && i < cond->n; i++) {
    const cfn_node *k = cond->u.pairs[i].key;
    if (i > 0) {
      rc = mls_buf_putc(out, ',');
    }
    if (rc == MLS_OK) {
      rc = cfn__json_string(out, k->text.ptr, k->text.len);
    }
  }
  if (rc == MLS_OK) {
    rc = mls_buf_puts(out, "],\"properties\":{");
  }
  bool any = false;
  for (uint32_t i = 0;
       rc == MLS_OK && res && res->kind == CFN_MAP && i < res->n; i++) {
    const cfn_pair *p = &res->u.pairs[i];
    const cfn_node *props = cfn_map_get(p->value, "Properties");
    if (!props) {
      continue;
    }
    if (any) {
      rc = mls_buf_putc(out, ',');
    }
    any = true;
    if (rc == MLS_OK) {
      rc = cfn__json_string(out, p->key->text.ptr, p->key->text.len);
    }
    if (rc == MLS_OK) {
      rc = mls_buf_putc(out, ':');
    }
    if (rc == MLS_OK) {
      rc = cfn__json_value(out, props, 3);
    }
  }
  return rc == MLS_OK ? mls_buf_putc(out, '}') : rc;
}

int cfn_dump_cfnref(mls_buf *out, const cfn_template *t, const char *path,
                    const mls_diag *diag)
{
  size_t mark = out->len;
  bool full = t && (t->ok ? t->is_template : t->looks_cfn);
  int rc = mls_buf_puts(out, "{\"file\":");

  if (rc == MLS_OK) {
    rc = cfn__json_string(out, path, strlen(path));
  }
  if (rc == MLS_OK && !full) {
    rc = mls_buf_puts(out, ",\"cfn\":false");
    if (rc == MLS_OK && (!t || !t->ok)) {
      rc = mls_buf_puts(out, ",\"ok\":false,\"error\":");
      if (rc == MLS_OK) {
        rc = put_error(out, diag);
      }
    }
  } else if (rc == MLS_OK) {
    /* cfnref names the format "yaml" for a file that is not UTF-8: it
     * fails before choosing. */
    bool json = t->format == CFN_FORMAT_JSON && !(t->flags & CFN_T_NOT_UTF8);
    rc = mls_buf_printf(out, ",\"format\":\"%s\",\"ok\":%s,\"error\":",
                        json ? "json" : "yaml", t->ok ? "true" : "false");
    if (rc == MLS_OK) {
      rc = t->ok ? mls_buf_puts(out, "null") : put_error(out, diag);
    }
    if (rc == MLS_OK && t->ok) {
      rc = put_template(out, t);
    } else if (rc == MLS_OK) {
      rc = mls_buf_puts(out, ",\"resources\":[],\"parameters\":[],"
                             "\"conditions\":[],\"properties\":{}");
    }
  }
  if (rc == MLS_OK) {
    rc = mls_buf_puts(out, "}\n");
  }
  if (rc < 0 && rc != MLS_ENOMEM && out->ptr) {
    out->len = mark; /* a depth failure leaves out as it was */
    out->ptr[mark] = '\0';
  }
  return rc;
}
