/* SPDX-License-Identifier: Apache-2.0
 *
 * core/eval/tf_funcs_time.c -- timeadd, formatdate and timecmp.
 *
 * Stage: evaluation. Terraform takes formatdate() and timeadd() from cty's
 * stdlib (cty/function/stdlib/datetime.go) and timecmp() from its own
 * lang/funcs/datetime.go, so two readings of an RFC 3339 timestamp meet
 * here. cty's (datetime_rfc3339.go) is strict: exactly
 * YYYY-MM-DDThh:mm:ss, an optional '.' and any number of digits (the
 * first nine count), then 'Z' or +hh:mm/-hh:mm; upper-case 'T' and 'Z',
 * years 0000-9999, days checked against the month, hours 00-23, seconds
 * 00-59 (no leap second), offsets up to 23:59. Terraform's timecmp() calls
 * Go's time.Parse(time.RFC3339, s), which also takes a one-digit hour, a
 * ',' before the fraction and offsets up to 24:60. Both are one walk,
 * go_parse(), that follows Go's parser element by element so that a
 * failure names the element Go names; cty's and Terraform's wording of
 * those failures is then reproduced. Durations follow Go's
 * time.ParseDuration, including its float64 step for fractions, and
 * results are printed as Go's Format(time.RFC3339) prints them: in the
 * timestamp's own offset ("Z" for a zero one), fraction dropped.
 *
 * No libc time function is used: the calendar is proleptic Gregorian in
 * 64-bit integers (days_from_civil), whose range is far beyond what a
 * four-digit year plus Go's ±292-year durations can reach. Trusts nothing
 * in the arguments: every read is bounded by the span, quoted input in a
 * message is cut at QUOTE_MAX bytes, and results go through the bounded
 * string builder in ctx->arena.
 */
#include "core/eval/tf_funcs_int.h"

#include "core/base/ascii.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Bytes of an argument quoted into an error message; the rest is cut and
 * "..." follows the closing quote. Keeps messages under
 * MLS_MAX_DIAG_MESSAGE whatever the input. */
#define QUOTE_MAX 64
/* Room for one quoted span: 4 output bytes per input byte, the quotes and
 * "...". */
#define QUOTE_BUF (QUOTE_MAX * 4 + 8)

/* bufio.MaxScanTokenSize: cty tokenizes the format with a bufio.Scanner,
 * which gives up (silently, as cty ignores sc.Err()) on a token it cannot
 * finish within this many bytes. */
#define SCAN_MAX 65536

#define NSEC_PER_SEC 1000000000

static int ok(mls_value **out, mls_value *v)
{
  if (!v) {
    return MLS_ENOMEM;
  }
  *out = v;
  return MLS_OK;
}

static bool is_digit(const char *p, const char *end)
{
  return p < end && mls_isdigit((unsigned char)*p);
}

/* ---- quoting for messages ------------------------------------------------ */

enum {
  Q_STRCONV, /* fmt's %q (strconv.Quote), as cty's messages use */
  Q_TIME     /* the time package's own quote(), in ParseDuration errors */
};

/* s in double quotes the way Go quotes it, into buf (QUOTE_BUF bytes).
 * strconv.Quote keeps valid UTF-8 (it would escape the few non-printable
 * code points above ASCII; we keep those too) and escapes invalid bytes;
 * time's quote() escapes every byte outside ' '..0x7F. */
static const char *quote(char *buf, mls_span s, int style)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s.ptr;
  const unsigned char *end = p + (s.len > QUOTE_MAX ? QUOTE_MAX : s.len);
  size_t n = 0;

  buf[n++] = '"';
  while (p < end) {
    unsigned char ch = *p;
    const char *esc = NULL;
    if (ch >= 0x80 && style == Q_STRCONV) {
      uint32_t cp;
      size_t len = mls_utf8_decode(&cp, p, end);
      if (len > 0) {
        memcpy(buf + n, p, len);
        n += len;
        p += len;
        continue;
      }
    }
    if (ch == '"') {
      esc = "\\\"";
    } else if (ch == '\\') {
      esc = "\\\\";
    } else if (style == Q_STRCONV) {
      esc = ch == '\a'   ? "\\a"
            : ch == '\b' ? "\\b"
            : ch == '\f' ? "\\f"
            : ch == '\n' ? "\\n"
            : ch == '\r' ? "\\r"
            : ch == '\t' ? "\\t"
            : ch == '\v' ? "\\v"
                         : NULL;
    }
    if (esc) {
      memcpy(buf + n, esc, 2);
      n += 2;
    } else if (ch < 0x20 || ch >= 0x80 || (ch == 0x7F && style == Q_STRCONV)) {
      buf[n++] = '\\';
      buf[n++] = 'x';
      buf[n++] = hex[ch >> 4];
      buf[n++] = hex[ch & 0xF];
    } else {
      buf[n++] = (char)ch;
    }
    p++;
  }
  buf[n++] = '"';
  if (s.len > QUOTE_MAX) {
    memcpy(buf + n, "...", 3);
    n += 3;
  }
  buf[n] = '\0';
  return buf;
}

/* ---- the calendar -------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(int64_t y)
{
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* tf_funcs_int.h. */
int tf_fn__days_in(int month, int64_t year)
{
  static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30,
                                          31, 31, 30, 31, 30, 31 };
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (the usual era
 * computation: 400-year eras of 146097 days, years starting in March). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
  int64_t era, yoe, doy, doe;
  y -= m <= 2;
  era = floor_div(y, 400);
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* A time as Go's time.Time holds it for these functions: an instant and
 * the fixed offset of the zone it was written in. */
typedef struct tf_time {
  int64_t sec;  /* seconds since 1970-01-01T00:00:00Z */
  int32_t nsec; /* 0..999999999 */
  int32_t off;  /* zone offset, seconds east of UTC */
} tf_time;

/* The wall clock of a tf_time in its own offset. */
typedef struct civil {
  int64_t year; /* may leave 0..9999 after timeadd() */
  int month;    /* 1..12 */
  int day;      /* 1..31 */
  int hour;     /* 0..23 */
  int min;      /* 0..59 */
  int sec;      /* 0..59 */
  int wday;     /* 0 = Sunday */
} civil;

static void to_civil(const tf_time *t, civil *cv)
{
  int64_t local = t->sec + t->off;
  int64_t days = floor_div(local, 86400);
  int64_t secs = local - days * 86400;
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;

  cv->day = (int)(doy - (153 * mp + 2) / 5 + 1);
  cv->month = (int)(mp < 10 ? mp + 3 : mp - 9);
  cv->year = yoe + era * 400 + (cv->month <= 2);
  cv->hour = (int)(secs / 3600);
  cv->min = (int)(secs / 60 % 60);
  cv->sec = (int)(secs % 60);
  cv->wday = (int)(days - floor_div(days + 4, 7) * 7 + 4); /* 1970: Thu */
}

/* ---- parsing timestamps -------------------------------------------------- */

/* A failure as Go's time.ParseError describes it for the layout
 * "2006-01-02T15:04:05Z07:00". */
typedef struct go_perr {
  const char *elem; /* static: LayoutElem ("2006", "01", "-", "T", ...) */
  mls_span value;   /* borrowed: ValueElem, part of the input */
  const char *msg;  /* static: Message ("" or ": day out of range") */
} go_perr;

/* What Go's parser accepted that cty's RFC 3339 parser does not. */
typedef struct go_lax {
  bool hour1;     /* a one-digit hour */
  bool comma;     /* ',' before the fraction */
  int tz_hour;    /* offset hours as written, 0..24 */
  int tz_min;     /* offset minutes as written, 0..60 */
  bool tz_digits; /* the offset was written in digits, not 'Z' */
} go_lax;

static bool perr(go_perr *e, const char *elem, const char *from,
                 const char *end, const char *msg)
{
  e->elem = elem;
  e->value = mls_span_of(from, (size_t)(end - from));
  e->msg = msg;
  return false;
}

/* Go's tf_fn__go_getnum(): one or two digits (two when fixed). Returns -1 when
 * Go reports errBad. */
int tf_fn__go_getnum(const char **pp, const char *end, bool fixed, bool *one)
{
  const char *p = *pp;
  if (!is_digit(p, end)) {
    return -1;
  }
  if (!is_digit(p + 1, end)) {
    if (fixed) {
      return -1;
    }
    *pp = p + 1;
    *one = true;
    return p[0] - '0';
  }
  *pp = p + 2;
  return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Go's skip() of a one-byte layout literal. */
static bool skip(const char **pp, const char *end, char ch)
{
  if (*pp >= end || **pp != ch) {
    return false;
  }
  (*pp)++;
  return true;
}

/* time.Parse(time.RFC3339, s) as Go's general parser runs it (Go's fast
 * path accepts a subset and gives the same time). */
static bool go_parse(mls_span s, tf_time *t, go_lax *lax, go_perr *e)
{
  const char *p = s.ptr, *end = s.ptr + s.len, *hold;
  int year = 0, month, day, hour, min, sec, nsec = 0, off = 0;
  bool one = false;

  memset(lax, 0, sizeof(*lax));
  /* "2006": four bytes starting with a digit, all digits for atoi. */
  if (end - p < 4 || !mls_isdigit((unsigned char)p[0])) {
    return perr(e, "2006", p, end, "");
  }
  for (int i = 0; i < 4; i++) {
    if (!mls_isdigit((unsigned char)p[i])) {
      return perr(e, "2006", p, end, "");
    }
    year = year * 10 + (p[i] - '0');
  }
  p += 4;
  if (!skip(&p, end, '-')) {
    return perr(e, "-", p, end, "");
  }
  hold = p;
  if ((month = tf_fn__go_getnum(&p, end, true, &one)) < 0) {
    return perr(e, "01", hold, end, "");
  }
  if (month < 1 || month > 12) {
    return perr(e, "01", p, end, ": month out of range");
  }
  if (!skip(&p, end, '-')) {
    return perr(e, "-", p, end, "");
  }
  hold = p;
  if ((day = tf_fn__go_getnum(&p, end, true, &one)) < 0) {
    return perr(e, "02", hold, end, ""); /* the range is checked last */
  }
  if (!skip(&p, end, 'T')) {
    return perr(e, "T", p, end, "");
  }
  hold = p;
  if ((hour = tf_fn__go_getnum(&p, end, false, &lax->hour1)) < 0) {
    return perr(e, "15", hold, end, "");
  }
  if (hour >= 24) {
    return perr(e, "15", p, end, ": hour out of range");
  }
  if (!skip(&p, end, ':')) {
    return perr(e, ":", p, end, "");
  }
  hold = p;
  if ((min = tf_fn__go_getnum(&p, end, true, &one)) < 0) {
    return perr(e, "04", hold, end, "");
  }
  if (min >= 60) {
    return perr(e, "04", p, end, ": minute out of range");
  }
  if (!skip(&p, end, ':')) {
    return perr(e, ":", p, end, "");
  }
  hold = p;
  if ((sec = tf_fn__go_getnum(&p, end, true, &one)) < 0) {
    return perr(e, "05", hold, end, "");
  }
  if (sec >= 60) {
    return perr(e, "05", p, end, ": second out of range");
  }
  /* A fraction the layout does not name: '.' or ',' and digits, the first
   * nine of which count. */
  if (end - p >= 2 && (p[0] == '.' || p[0] == ',') && is_digit(p + 1, end)) {
    const char *q = p + 1;
    int digits = 0;
    lax->comma = p[0] == ',';
    while (is_digit(q, end)) {
      if (digits < 9) {
        nsec = nsec * 10 + (q[0] - '0');
        digits++;
      }
      q++;
    }
    while (digits++ < 9) {
      nsec *= 10;
    }
    p = q;
  }
  /* "Z07:00" */
  hold = p;
  if (p < end && *p == 'Z') {
    p++;
  } else {
    int hr, mm = 0;
    bool bad;
    const char *range = NULL;
    if (end - p < 6 || p[3] != ':') {
      return perr(e, "Z07:00", hold, end, "");
    }
    {
      const char *h = p + 1, *m = p + 4;
      hr = tf_fn__go_getnum(&h, p + 3, true, &one);
      bad = hr < 0;
      if (!bad) {
        mm = tf_fn__go_getnum(&m, p + 6, true, &one);
        bad = mm < 0;
      }
      hr = hr < 0 ? 0 : hr;
      mm = mm < 0 ? 0 : mm;
    }
    if (hr > 24) {
      range = ": time zone offset hour out of range";
    }
    if (mm > 60) {
      range = ": time zone offset minute out of range";
    }
    off = (hr * 60 + mm) * 60;
    if (p[0] == '-') {
      off = -off;
    } else if (p[0] != '+') {
      bad = true;
    }
    p += 6;
    if (range) {
      return perr(e, "Z07:00", p, end, range);
    }
    if (bad) {
      return perr(e, "Z07:00", hold, end, "");
    }
    lax->tz_hour = hr;
    lax->tz_min = mm;
    lax->tz_digits = true;
  }
  if (p != end) {
    return perr(e, "", p, end, ": extra text");
  }
  if (day < 1 || day > tf_fn__days_in(month, year)) {
    return perr(e, "", end, end, ": day out of range");
  }
  t->sec = days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 +
           sec - off;
  t->nsec = nsec;
  t->off = off;
  return true;
}

/* The text cty's parseTimestamp() (strict: with its hour and minute
 * special cases) or Terraform's (timecmp) makes of a ParseError. */
static void describe(char *msg, size_t cap, const go_perr *e, bool strict)
{
  char q[QUOTE_BUF];
  const char *what = "timestamp segment";
  const char *el = e->elem;

  if (!el[0] && !e->value.len && e->msg[0]) {
    snprintf(msg, cap, "not a valid RFC3339 timestamp%s", e->msg);
    return;
  }
  if (strcmp(el, "T") == 0) {
    snprintf(msg, cap,
             "not a valid RFC3339 timestamp: missing required time "
             "introducer 'T'");
    return;
  }
  if (strcmp(el, ":") == 0 || strcmp(el, "-") == 0) {
    if (!e->value.len) {
      snprintf(msg, cap,
               "not a valid RFC3339 timestamp: end of string where \"%s\" is "
               "expected",
               el);
    } else {
      snprintf(msg, cap,
               "not a valid RFC3339 timestamp: found %s where \"%s\" is "
               "expected",
               quote(q, e->value, Q_STRCONV), el);
    }
    return;
  }
  what = strcmp(el, "2006") == 0     ? "year"
         : strcmp(el, "01") == 0     ? "month"
         : strcmp(el, "02") == 0     ? "day of month"
         : strcmp(el, "15") == 0     ? "hour"
         : strcmp(el, "04") == 0     ? "minute"
         : strcmp(el, "05") == 0     ? "second"
         : strcmp(el, "Z07:00") == 0 ? "UTC offset"
                                     : what;
  if (!e->value.len) {
    snprintf(msg, cap, "not a valid RFC3339 timestamp: end of string before %s",
             what);
    return;
  }
  if (strict && strcmp(what, "hour") == 0 &&
      memchr(e->value.ptr, ':', e->value.len)) {
    snprintf(msg, cap,
             "not a valid RFC3339 timestamp: hour must be between 0 and 23 "
             "inclusive");
  } else if (strict && strcmp(what, "hour") == 0 && e->value.len != 2) {
    snprintf(msg, cap,
             "not a valid RFC3339 timestamp: hour must have exactly two "
             "digits");
  } else if (strict && strcmp(what, "minute") == 0 && e->value.len != 2) {
    snprintf(msg, cap,
             "not a valid RFC3339 timestamp: minute must have exactly two "
             "digits");
  } else {
    snprintf(msg, cap, "not a valid RFC3339 timestamp: cannot use %s as %s",
             quote(q, e->value, Q_STRCONV), what);
  }
}

/* Parse s with cty's rules (strict) or Go's time.Parse (timecmp). On
 * failure, msg gets the message and false is returned. */
static bool parse_ts(mls_span s, bool strict, tf_time *t, char *msg, size_t cap)
{
  go_lax lax;
  go_perr e;

  if (!go_parse(s, t, &lax, &e)) {
    describe(msg, cap, &e, strict);
    return false;
  }
  if (!strict) {
    return true;
  }
  /* cty's parseStrictRFC3339: what Go accepted but RFC 3339 does not, in
   * cty's order, as the ParseErrors it builds. */
  if (lax.hour1) {
    e.elem = "15";
    e.value = mls_span_of(s.ptr + 11, 1);
  } else if (lax.comma) {
    e.elem = ".";
    e.value = mls_span_of(",", 1);
  } else if (lax.tz_digits && (lax.tz_hour >= 24 || lax.tz_min >= 60)) {
    e.elem = "Z07:00";
    e.value = mls_span_of(s.ptr + s.len - 6, 6);
  } else {
    return true;
  }
  e.msg = "";
  describe(msg, cap, &e, true);
  return false;
}

/* ---- durations ----------------------------------------------------------- */

/* Go's time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ or "0", in
 * nanoseconds. Sums are kept in uint64 exactly as Go keeps them (so a
 * total of exactly 2^64 wraps to zero there too), and a fraction is
 * scaled through float64 as Go scales it, so every duration Go accepts
 * gives the same nanoseconds. */
static bool parse_duration(mls_span s, int64_t *out, char *msg, size_t cap)
{
  const uint64_t lim = (uint64_t)1 << 63;
  const char *p = s.ptr, *end = s.ptr + s.len;
  uint64_t d = 0;
  bool neg = false;
  char q[QUOTE_BUF], qu[QUOTE_BUF];

  if (p < end && (*p == '-' || *p == '+')) {
    neg = *p == '-';
    p++;
  }
  if (end - p == 1 && *p == '0') {
    *out = 0;
    return true;
  }
  if (p == end) {
    goto invalid;
  }
  while (p < end) {
    uint64_t v = 0, f = 0, unit = 0;
    double scale = 1;
    bool pre, post = false, overflow = false;
    const char *start = p, *u;
    size_t ulen;

    if (!(*p == '.' || mls_isdigit((unsigned char)*p))) {
      goto invalid;
    }
    while (is_digit(p, end)) { /* leadingInt */
      if (v > lim / 10) {
        goto invalid;
      }
      v = v * 10 + (uint64_t)(*p - '0');
      if (v > lim) {
        goto invalid;
      }
      p++;
    }
    pre = p != start;
    if (p < end && *p == '.') { /* leadingFraction */
      p++;
      post = is_digit(p, end);
      while (is_digit(p, end)) {
        if (!overflow) {
          uint64_t y;
          if (f > (lim - 1) / 10) {
            overflow = true;
          } else if ((y = f * 10 + (uint64_t)(*p - '0')) > lim) {
            overflow = true;
          } else {
            f = y;
            scale *= 10;
          }
        }
        p++;
      }
    }
    if (!pre && !post) {
      goto invalid;
    }
    u = p;
    while (p < end && *p != '.' && !mls_isdigit((unsigned char)*p)) {
      p++;
    }
    ulen = (size_t)(p - u);
    if (ulen == 0) {
      snprintf(msg, cap, "time: missing unit in duration %s",
               quote(q, s, Q_TIME));
      return false;
    }
    if (ulen == 2 && memcmp(u, "ns", 2) == 0) {
      unit = 1;
    } else if ((ulen == 2 && memcmp(u, "us", 2) == 0) ||
               (ulen == 3 && memcmp(u, "\xc2\xb5s", 3) == 0) || /* U+00B5 */
               (ulen == 3 && memcmp(u, "\xce\xbcs", 3) == 0)) { /* U+03BC */
      unit = 1000;
    } else if (ulen == 2 && memcmp(u, "ms", 2) == 0) {
      unit = 1000000;
    } else if (ulen == 1 && *u == 's') {
      unit = NSEC_PER_SEC;
    } else if (ulen == 1 && *u == 'm') {
      unit = (uint64_t)60 * NSEC_PER_SEC;
    } else if (ulen == 1 && *u == 'h') {
      unit = (uint64_t)3600 * NSEC_PER_SEC;
    } else {
      snprintf(msg, cap, "time: unknown unit %s in duration %s",
               quote(qu, mls_span_of(u, ulen), Q_TIME), quote(q, s, Q_TIME));
      return false;
    }
    if (v > lim / unit) {
      goto invalid;
    }
    v *= unit;
    if (f > 0) {
      /* f < scale, so the product is below unit (at most 3.6e12). */
      v += (uint64_t)((double)f * ((double)unit / scale));
      if (v > lim) {
        goto invalid;
      }
    }
    d += v;
    if (d > lim) {
      goto invalid;
    }
  }
  if (neg) {
    *out = d == lim ? INT64_MIN : -(int64_t)d;
    return true;
  }
  if (d > lim - 1) {
    goto invalid;
  }
  *out = (int64_t)d;
  return true;

invalid:
  snprintf(msg, cap, "time: invalid duration %s", quote(q, s, Q_TIME));
  return false;
}

/* ---- output -------------------------------------------------------------- */

/* v in decimal, zero-padded to width digits after any '-' (Go's
 * appendInt). */
static void put_int(tf_fn__sb *sb, int64_t v, int width)
{
  char buf[24];
  size_t n = sizeof(buf);
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int digits = 0;

  do {
    buf[--n] = (char)('0' + u % 10);
    u /= 10;
    digits++;
  } while (u > 0);
  while (digits++ < width) {
    buf[--n] = '0';
  }
  if (v < 0) {
    buf[--n] = '-';
  }
  tf_fn__sb_put(sb, buf + n, sizeof(buf) - n);
}

/* The offset as Go's "-0700" (colon false) or "-07:00" (colon true). */
static void put_offset(tf_fn__sb *sb, int32_t off, bool colon)
{
  int zone = off / 60;
  tf_fn__sb_putc(sb, zone < 0 ? '-' : '+');
  zone = zone < 0 ? -zone : zone;
  put_int(sb, zone / 60, 2);
  if (colon) {
    tf_fn__sb_putc(sb, ':');
  }
  put_int(sb, zone % 60, 2);
}

/* Go's t.Format(time.RFC3339): no fraction, "Z" for a zero offset. */
static void put_rfc3339(tf_fn__sb *sb, const tf_time *t)
{
  civil cv;
  to_civil(t, &cv);
  put_int(sb, cv.year, 4);
  tf_fn__sb_putc(sb, '-');
  put_int(sb, cv.month, 2);
  tf_fn__sb_putc(sb, '-');
  put_int(sb, cv.day, 2);
  tf_fn__sb_putc(sb, 'T');
  put_int(sb, cv.hour, 2);
  tf_fn__sb_putc(sb, ':');
  put_int(sb, cv.min, 2);
  tf_fn__sb_putc(sb, ':');
  put_int(sb, cv.sec, 2);
  if (t->off == 0) {
    tf_fn__sb_putc(sb, 'Z');
  } else {
    put_offset(sb, t->off, true);
  }
}

/* ---- timeadd ------------------------------------------------------------- */

int tf_fn__fn_timeadd(tf_fn__call *c, mls_value **out)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  mls_span ts, dur;
  tf_time t;
  int64_t d, dsec;
  int32_t nsec;
  tf_fn__sb sb;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &ts)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &dur)) <= 0) {
    return rc;
  }
  if (!parse_ts(ts, true, &t, msg, sizeof(msg)) ||
      !parse_duration(dur, &d, msg, sizeof(msg))) {
    return tf_fn__error(c, out, "%s", msg);
  }
  /* Go's Time.Add: both parts truncate toward zero, then the nanoseconds
   * are brought back into [0, 1e9). */
  dsec = d / NSEC_PER_SEC;
  nsec = t.nsec + (int32_t)(d % NSEC_PER_SEC);
  if (nsec >= NSEC_PER_SEC) {
    dsec++;
    nsec -= NSEC_PER_SEC;
  } else if (nsec < 0) {
    dsec--;
    nsec += NSEC_PER_SEC;
  }
  t.sec += dsec; /* |t.sec| < 2^39 and |dsec| < 2^34: no overflow */
  t.nsec = nsec;
  tf_fn__sb_init(&sb, c);
  put_rfc3339(&sb, &t);
  return tf_fn__sb_result(c, &sb, out);
}

/* ---- timecmp ------------------------------------------------------------- */

int tf_fn__fn_timecmp(tf_fn__call *c, mls_value **out)
{
  static const char *const names[2] = { "timestamp_a", "timestamp_b" };
  char msg[MLS_MAX_DIAG_MESSAGE];
  tf_time t[2];
  int rc, cmp;

  for (uint32_t i = 0; i < 2; i++) {
    mls_span s;
    if ((rc = tf_fn__want_str(c, out, i, &s)) <= 0) {
      return rc;
    }
    if (!parse_ts(s, false, &t[i], msg, sizeof(msg))) {
      return tf_fn__error(c, out, "invalid value for \"%s\" parameter: %s",
                          names[i], msg);
    }
  }
  cmp = t[0].sec != t[1].sec     ? (t[0].sec < t[1].sec ? -1 : 1)
        : t[0].nsec != t[1].nsec ? (t[0].nsec < t[1].nsec ? -1 : 1)
                                 : 0;
  return ok(out, tf_fn__num_i(c, cmp));
}

/* ---- formatdate ---------------------------------------------------------- */

static bool is_letter(char ch)
{
  return mls_isalpha((unsigned char)ch);
}

/* cty's splitDateFormat over data[0..n): the length of the next token, or
 * 0 when it needs more input than it was given (never when at_eof). A
 * quoted literal runs to its closing quote (a doubled quote inside is an
 * escape), a verb is a run of one letter, anything else runs to the next
 * quote or letter. */
static size_t split_token(const char *data, size_t n, bool at_eof)
{
  if (data[0] == '\'') {
    if (n > 1 && data[1] == '\'') {
      return 2;
    }
    for (size_t i = 1; i < n; i++) {
      if (data[i] == '\'') {
        if (i + 1 == n) {
          return at_eof ? n : 0; /* a doubled quote may follow */
        }
        if (data[i + 1] == '\'') {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return at_eof ? n : 0;
  }
  if (is_letter(data[0])) {
    for (size_t i = 1; i < n; i++) {
      if (data[i] != data[0]) {
        return i;
      }
    }
    return at_eof ? n : 0;
  }
  for (size_t i = 1; i < n; i++) {
    if (data[i] == '\'' || is_letter(data[i])) {
      return i;
    }
  }
  return n;
}

static const char *const month_names[12] = {
  "January", "February", "March",     "April",   "May",      "June",
  "July",    "August",   "September", "October", "November", "December"
};

static const char *const day_names[7] = { "Sunday",    "Monday",   "Tuesday",
                                          "Wednesday", "Thursday", "Friday",
                                          "Saturday" };

/* One verb token tok[0..n) (n repeats of one letter) into sb. Returns
 * NULL, or cty's complaint about the verb (after `invalid date format verb
 * "...": `, or alone when *bare). */
static const char *put_verb(tf_fn__sb *sb, const tf_time *t, const civil *cv,
                            char letter, size_t n, bool *bare)
{
  *bare = false;
  switch (letter) {
  case 'Y':
    if (n == 2 || n == 4) {
      put_int(sb, n == 2 ? cv->year % 100 : cv->year, (int)n);
      return NULL;
    }
    return "year must either be \"YY\" or \"YYYY\"";
  case 'M':
    if (n == 1 || n == 2) {
      put_int(sb, cv->month, (int)n);
    } else if (n == 3 || n == 4) {
      const char *name = month_names[cv->month - 1];
      tf_fn__sb_put(sb, name, n == 3 ? 3 : strlen(name));
    } else {
      return "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"";
    }
    return NULL;
  case 'D':
    if (n == 1 || n == 2) {
      put_int(sb, cv->day, (int)n);
      return NULL;
    }
    return "day of month must either be \"D\" or \"DD\"";
  case 'E':
    if (n == 3 || n == 4) {
      const char *name = day_names[cv->wday];
      tf_fn__sb_put(sb, name, n == 3 ? 3 : strlen(name));
      return NULL;
    }
    return "day of week must either be \"EEE\" or \"EEEE\"";
  case 'h':
    if (n == 1 || n == 2) {
      put_int(sb, cv->hour, (int)n);
      return NULL;
    }
    return "24-hour must either be \"h\" or \"hh\"";
  case 'H':
    if (n == 1 || n == 2) {
      put_int(sb, cv->hour % 12 == 0 ? 12 : cv->hour % 12, (int)n);
      return NULL;
    }
    return "12-hour must either be \"H\" or \"HH\"";
  case 'A':
    if (n == 2) {
      tf_fn__sb_put(sb, cv->hour < 12 ? "AM" : "PM", 2);
      return NULL;
    }
    return "must be \"AA\"";
  case 'a':
    if (n == 2) {
      tf_fn__sb_put(sb, cv->hour < 12 ? "am" : "pm", 2);
      return NULL;
    }
    return "must be \"aa\"";
  case 'm':
    if (n == 1 || n == 2) {
      put_int(sb, cv->min, (int)n);
      return NULL;
    }
    return "minute must either be \"m\" or \"mm\"";
  case 's':
    if (n == 1 || n == 2) {
      put_int(sb, cv->sec, (int)n);
      return NULL;
    }
    return "second must either be \"s\" or \"ss\"";
  case 'Z':
    switch (n) {
    case 1: /* "Z07:00" */
      if (t->off == 0) {
        tf_fn__sb_putc(sb, 'Z');
      } else {
        put_offset(sb, t->off, true);
      }
      return NULL;
    case 3: /* "-0700", with "+0000" written "UTC" */
      if (t->off / 60 == 0) {
        tf_fn__sb_put(sb, "UTC", 3);
      } else {
        put_offset(sb, t->off, false);
      }
      return NULL;
    case 4:
    case 5:
      put_offset(sb, t->off, n == 5);
      return NULL;
    default:
      return "timezone must be Z, ZZZZ, or ZZZZZ";
    }
  default:
    *bare = true;
    return "";
  }
}

int tf_fn__fn_formatdate(tf_fn__call *c, mls_value **out)
{
  char msg[MLS_MAX_DIAG_MESSAGE];
  mls_span spec, ts;
  tf_time t;
  civil cv;
  tf_fn__sb sb;
  size_t pos = 0;
  int rc;

  if ((rc = tf_fn__want_str(c, out, 0, &spec)) <= 0 ||
      (rc = tf_fn__want_str(c, out, 1, &ts)) <= 0) {
    return rc;
  }
  if (!parse_ts(ts, true, &t, msg, sizeof(msg))) {
    return tf_fn__error(c, out, "invalid value for \"time\" parameter: %s",
                        msg);
  }
  to_civil(&t, &cv);
  tf_fn__sb_init(&sb, c);
  while (pos < spec.len) {
    /* The scanner sees at most SCAN_MAX bytes from the token's start and
     * learns of the end of input only when fewer remain. */
    const char *tok = spec.ptr + pos;
    size_t rest = spec.len - pos;
    bool eof = rest < SCAN_MAX;
    size_t n = split_token(tok, eof ? rest : SCAN_MAX, eof);

    if (n == 0) {
      break; /* bufio.ErrTooLong: cty keeps what it wrote so far */
    }
    pos += n;
    if (tok[0] == '\'') {
      if (n == 1 || tok[n - 1] != '\'') {
        return tf_fn__error(c, out,
                            "invalid value for \"format\" parameter: "
                            "unterminated literal '");
      }
      if (n == 2) {
        tf_fn__sb_putc(&sb, '\'');
        continue;
      }
      /* Verbatim, a doubled quote written once. */
      for (size_t i = 1; i + 1 < n; i++) {
        tf_fn__sb_putc(&sb, tok[i]);
        if (tok[i] == '\'') {
          i++;
        }
      }
    } else if (is_letter(tok[0])) {
      bool bare;
      const char *why = put_verb(&sb, &t, &cv, tok[0], n, &bare);
      if (why) {
        char q[QUOTE_BUF];
        return tf_fn__error(c, out,
                            "invalid value for \"format\" parameter: invalid "
                            "date format verb %s%s%s",
                            quote(q, mls_span_of(tok, n), Q_STRCONV),
                            bare ? "" : ": ", why);
      }
    } else {
      tf_fn__sb_put(&sb, tok, n);
    }
  }
  return tf_fn__sb_result(c, &sb, out);
}
