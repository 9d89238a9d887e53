/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_funcs_time.c -- core/eval/tf_funcs_time.c:
 * timeadd(), formatdate() and timecmp() against every example of their
 * Terraform documentation pages, cty's own datetime_test.go vectors, the
 * calendar at month, year, leap-year and century edges, Go's duration
 * syntax, what cty's strict RFC 3339 parser and Go's time.Parse (used by
 * timecmp) accept and how they word a refusal, cty's tokenizing of the
 * format (quotes, runs of one letter, bufio.Scanner's 64 KiB token
 * limit), argument kinds, bounds, and allocation failure.
 *
 * Expected values were checked against Go's time package (ParseDuration,
 * Add, Format(time.RFC3339), Weekday). Messages are those of current Go
 * and cty, which name the value at the start of a failing element.
 * Arguments are strings built directly; results are compared as exact
 * strings, numbers through core/model's JSON writer.
 */
#include "tests/unit/test_util.h"

#include "tests/unit/core/eval/funcs_fixture.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/diag.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "core/eval/tf_funcs.h"
#include "core/model/model.h"

#include <stdio.h>
#include <string.h>

static tf_fn_ctx context(mls_arena *a)
{
  tf_fn_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.arena = a;
  ctx.diag = &diag;
  ctx.module_dir = ".";
  return ctx;
}

static mls_value *callv(const char *name, mls_value **args, uint32_t n)
{
  tf_fn_ctx ctx = context(arena);
  mls_value *out = NULL;
  int rc = tf_call_function(&ctx, S(name), args, n, false, &out);
  ck_assert_int_eq(rc, MLS_OK);
  ck_assert_ptr_nonnull(out);
  return out;
}

static mls_value *str(mls_span s)
{
  mls_value *v = mls_value_string(arena, s);
  ck_assert_ptr_nonnull(v);
  return v;
}

/* name(a, b) with two string arguments. */
static mls_value *call2(const char *name, mls_span a, mls_span b)
{
  mls_value *args[2];
  args[0] = str(a);
  args[1] = str(b);
  return callv(name, args, 2);
}

/* The string result of name(a, b) is exactly want. */
static void expect_str(const char *name, const char *a, const char *b,
                       const char *want)
{
  mls_value *r = call2(name, S(a), S(b));
  ck_assert_msg(r->kind == MLS_V_STRING, "%s(\"%s\", \"%s\") gave %s", name, a,
                b, J(r));
  ck_assert_msg(mls_span_eq(r->u.str, want),
                "%s(\"%s\", \"%s\") gave \"%.*s\", want \"%s\"", name, a, b,
                (int)r->u.str.len, r->u.str.ptr, want);
}

/* name(a, b) is an error value whose reason is exactly
 * "error: name(): msg", reported once on the diagnostics. */
static void expect_err(const char *name, const char *a, const char *b,
                       const char *msg)
{
  char want[1024];
  size_t before = diag.n + diag.dropped;
  mls_value *r = call2(name, S(a), S(b));
  snprintf(want, sizeof(want), "error: %s(): %s", name, msg);
  ck_assert_msg(is_error(r), "%s(\"%s\", \"%s\") gave %s, not an error", name,
                a, b, J(r));
  ck_assert_str_eq(r->u.unknown.why, want);
  ck_assert_uint_eq(diag.n + diag.dropped, before + 1);
}

#define FD(spec, ts, want)    expect_str("formatdate", spec, ts, want)
#define TA(ts, dur, want)     expect_str("timeadd", ts, dur, want)
#define FD_ERR(spec, ts, msg) expect_err("formatdate", spec, ts, msg)
#define TA_ERR(ts, dur, msg)  expect_err("timeadd", ts, dur, msg)
#define TC_ERR(a, b, msg)     expect_err("timecmp", a, b, msg)
#define TC(a, b, want)        ck_assert_str_eq(J(call2("timecmp", S(a), S(b))), want)

/* The message formatdate() gives for an invalid timestamp, and the one
 * timeadd() gives. */
#define BAD_TIME(why) "invalid value for \"time\" parameter: " why
#define BAD_SPEC(why) "invalid value for \"format\" parameter: " why
#define NOT_RFC       "not a valid RFC3339 timestamp: "

/* ---- the documentation pages --------------------------------------------- */

START_TEST(eval_tf_funcs_time__formatdate_documented_examples)
{
  FD("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z", "02 Jan 2018 23:12 UTC");
  FD("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z",
     "Tuesday, 02-Jan-18 23:12:01 UTC");
  FD("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00",
     "Tue, 02 Jan 2018 23:12:01 -0800");
  FD("MMM DD, YYYY", "2018-01-02T23:12:01Z", "Jan 02, 2018");
  FD("HH:mmaa", "2018-01-02T23:12:01Z", "11:12pm");
  FD("h'h'mm", "2018-01-02T23:12:01-08:00", "23h12");
  FD("H 'o''clock'", "2018-01-02T23:12:01-08:00", "11 o'clock");
  /* The RFC formats the page lists. */
  FD("YYYY-MM-DD'T'hh:mm:ssZ", "2018-01-02T23:12:01-08:00",
     "2018-01-02T23:12:01-08:00");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_documented_examples)
{
  TA("2024-08-16T12:45:05Z", "10m", "2024-08-16T12:55:05Z");
  TA("2024-08-16T12:45:05Z", "-10m", "2024-08-16T12:35:05Z");
  /* The example of older versions of the page. */
  TA("2017-11-22T00:00:00Z", "10m", "2017-11-22T00:10:00Z");
}
END_TEST

START_TEST(eval_tf_funcs_time__timecmp_documented_examples)
{
  TC("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z", "0");
  TC("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z", "-1");
  TC("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z", "1");
  TC("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00", "0");
  /* The postcondition idiom: timecmp(now, timeadd(expiry, "-720h")). */
  mls_value *args[2];
  args[0] = str(S("2024-05-01T00:00:00Z"));
  args[1] = call2("timeadd", S("2024-05-20T00:00:00Z"), S("-720h"));
  ck_assert_str_eq(J(callv("timecmp", args, 2)), "1");
}
END_TEST

/* ---- formatdate ---------------------------------------------------------- */

START_TEST(eval_tf_funcs_time__formatdate_matches_cty_tests)
{
  const char *ts = "2006-01-02T15:04:05Z";
  FD("", ts, "");
  FD("YYYY-MM-DD", ts, "2006-01-02");
  FD("EEE, MMM D ''YY", ts, "Mon, Jan 2 '06");
  FD("hh:mm:ss", ts, "15:04:05");
  FD("H 'o''clock' AA", ts, "3 o'clock PM");
  FD("H 'o''clock'", ts, "3 o'clock");
  FD("hh:mm:ssZZZZ", ts, "15:04:05+0000");
  FD("hh:mm:ssZZZZZ", ts, "15:04:05+00:00");
  FD("MMMM", ts, "January");
  FD("EEEE", ts, "Monday");
  FD("aa", ts, "pm");
  FD("YYYY-MM-DD'T'hh:mm:ssZ", ts, "2006-01-02T15:04:05Z");
  FD("DD MMM YYYY hh:mm ZZZ", ts, "02 Jan 2006 15:04 UTC");
  FD("EEEE, DD-MMM-YY hh:mm:ss ZZZ", ts, "Monday, 02-Jan-06 15:04:05 UTC");
  FD("EEE, DD MMM YYYY hh:mm:ss ZZZ", ts, "Mon, 02 Jan 2006 15:04:05 UTC");
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_every_token)
{
  const char *ts = "2009-09-05T08:07:06-09:30"; /* a Saturday */
  FD("YYYY", ts, "2009");
  FD("YY", ts, "09");
  FD("MMMM", ts, "September");
  FD("MMM", ts, "Sep");
  FD("MM", ts, "09");
  FD("M", ts, "9");
  FD("DD", ts, "05");
  FD("D", ts, "5");
  FD("EEEE", ts, "Saturday");
  FD("EEE", ts, "Sat");
  FD("hh", ts, "08");
  FD("h", ts, "8");
  FD("HH", ts, "08");
  FD("H", ts, "8");
  FD("AA", ts, "AM");
  FD("aa", ts, "am");
  FD("mm", ts, "07");
  FD("m", ts, "7");
  FD("ss", ts, "06");
  FD("s", ts, "6");
  FD("ZZZZZ", ts, "-09:30");
  FD("ZZZZ", ts, "-0930");
  FD("ZZZ", ts, "-0930");
  FD("Z", ts, "-09:30");
  /* Two-digit values are not padded further. */
  FD("M/D h:m:s", "2009-12-25T23:59:58Z", "12/25 23:59:58");
  /* Years keep four digits; YY is the year modulo 100. */
  FD("YYYY YY", "0005-01-01T00:00:00Z", "0005 05");
  FD("YYYY YY", "0000-01-01T00:00:00Z", "0000 00");
  FD("YYYY YY", "9999-12-31T23:59:59Z", "9999 99");
  /* The fields are those of the timestamp's own offset. */
  FD("YYYY-MM-DD hh:mm", "2018-12-31T23:30:00-10:00", "2018-12-31 23:30");
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_names_of_days_and_months)
{
  static const char *const days[7] = { "Sunday",    "Monday",   "Tuesday",
                                       "Wednesday", "Thursday", "Friday",
                                       "Saturday" };
  static const char *const months[12] = { "January", "February", "March",
                                          "April",   "May",      "June",
                                          "July",    "August",   "September",
                                          "October", "November", "December" };
  char ts[32], want[16];
  for (int i = 0; i < 7; i++) { /* 2024-01-07 is a Sunday */
    snprintf(ts, sizeof(ts), "2024-01-%02dT12:00:00Z", 7 + i);
    FD("EEEE", ts, days[i]);
    snprintf(want, sizeof(want), "%.3s", days[i]);
    FD("EEE", ts, want);
  }
  for (int i = 0; i < 12; i++) {
    snprintf(ts, sizeof(ts), "2024-%02d-15T12:00:00Z", i + 1);
    FD("MMMM", ts, months[i]);
    snprintf(want, sizeof(want), "%.3s", months[i]);
    FD("MMM", ts, want);
  }
  /* Weekdays across the Gregorian edges (checked against Go). */
  FD("EEEE", "0000-01-01T00:00:00Z", "Saturday");
  FD("EEEE", "1582-10-04T00:00:00Z", "Monday");
  FD("EEEE", "1582-10-15T00:00:00Z", "Friday");
  FD("EEEE", "1900-03-01T00:00:00Z", "Thursday");
  FD("EEEE", "2000-02-29T00:00:00Z", "Tuesday");
  FD("EEEE", "9999-12-31T00:00:00Z", "Friday");
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_twelve_hour_clock)
{
  FD("H HH AA aa", "2018-01-02T00:30:00Z", "12 12 AM am");
  FD("H HH AA aa", "2018-01-02T01:00:00Z", "1 01 AM am");
  FD("H HH AA aa", "2018-01-02T11:59:59Z", "11 11 AM am");
  FD("H HH AA aa", "2018-01-02T12:00:00Z", "12 12 PM pm");
  FD("H HH AA aa", "2018-01-02T13:00:00Z", "1 01 PM pm");
  FD("H HH AA aa", "2018-01-02T23:12:01Z", "11 11 PM pm");
  FD("h hh", "2018-01-02T00:05:00Z", "0 00");
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_zones)
{
  /* A zero offset, however written, is "Z" and "UTC" (Go prints "Z" for
   * any zero offset, and cty turns "+0000" into "UTC"). */
  FD("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01Z", "Z UTC +0000 +00:00");
  FD("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01+00:00", "Z UTC +0000 +00:00");
  FD("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01-00:00", "Z UTC +0000 +00:00");
  FD("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30",
     "+05:30 +0530 +0530 +05:30");
  FD("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01-08:00",
     "-08:00 -0800 -0800 -08:00");
  FD("Z ZZZ", "2018-01-02T23:12:01+23:59", "+23:59 +2359");
  FD("Z ZZZ", "2018-01-02T23:12:01-00:01", "-00:01 -0001");
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_literals_and_quotes)
{
  const char *ts = "2018-01-02T23:12:01Z";
  /* Anything but a letter or a quote is copied. */
  FD("[YYYY/MM/DD 12:34 -+. ]", ts, "[2018/01/02 12:34 -+. ]");
  FD("\xc3\xa9:\xc3\xa9 YYYY", ts, "\xc3\xa9:\xc3\xa9 2018");
  FD("\t\n", ts, "\t\n");
  /* Quoted letters are literal; a doubled quote is one quote. */
  FD("'YYYY MM'", ts, "YYYY MM");
  FD("''", ts, "'");
  FD("''''", ts, "''");
  FD("'a''b'.", ts, "a'b.");
  FD_ERR("'a''b'c", ts, BAD_SPEC("invalid date format verb \"c\""));
  FD("'it''s' h", ts, "it's 23");
  FD("'T'", ts, "T");
  FD("''YY''", ts, "'18'");
  /* cty's tokenizer: a quote closing at the very end of the format is
   * taken as closing even when it was meant as half of an escape. */
  FD("'ab''", ts, "ab'");
  /* Unterminated. */
  FD_ERR("'", ts, BAD_SPEC("unterminated literal '"));
  FD_ERR("'blah blah", ts, BAD_SPEC("unterminated literal '"));
  FD_ERR("'''", ts, BAD_SPEC("unterminated literal '"));
  FD_ERR("YYYY 'x", ts, BAD_SPEC("unterminated literal '"));
}
END_TEST

START_TEST(eval_tf_funcs_time__formatdate_invalid_verbs)
{
  const char *ts = "2018-01-02T23:12:01Z";
  FD_ERR("Y", ts,
         BAD_SPEC("invalid date format verb \"Y\": year must either be "
                  "\"YY\" or \"YYYY\""));
  FD_ERR("YYY", ts,
         BAD_SPEC("invalid date format verb \"YYY\": year must either be "
                  "\"YY\" or \"YYYY\""));
  FD_ERR("YYYYY", ts,
         BAD_SPEC("invalid date format verb \"YYYYY\": year must either be "
                  "\"YY\" or \"YYYY\""));
  /* A run of one letter is one verb, never two. */
  FD_ERR("YYYYYYYY", ts,
         BAD_SPEC("invalid date format verb \"YYYYYYYY\": year must either "
                  "be \"YY\" or \"YYYY\""));
  FD_ERR("MMMMM", ts,
         BAD_SPEC("invalid date format verb \"MMMMM\": month must be \"M\", "
                  "\"MM\", \"MMM\", or \"MMMM\""));
  FD_ERR("DDD", ts,
         BAD_SPEC("invalid date format verb \"DDD\": day of month must "
                  "either be \"D\" or \"DD\""));
  FD_ERR("E", ts,
         BAD_SPEC("invalid date format verb \"E\": day of week must either "
                  "be \"EEE\" or \"EEEE\""));
  FD_ERR("EEEEE", ts,
         BAD_SPEC("invalid date format verb \"EEEEE\": day of week must "
                  "either be \"EEE\" or \"EEEE\""));
  FD_ERR("hhh", ts,
         BAD_SPEC("invalid date format verb \"hhh\": 24-hour must either be "
                  "\"h\" or \"hh\""));
  FD_ERR("HHH", ts,
         BAD_SPEC("invalid date format verb \"HHH\": 12-hour must either be "
                  "\"H\" or \"HH\""));
  FD_ERR("A", ts, BAD_SPEC("invalid date format verb \"A\": must be \"AA\""));
  FD_ERR("aaa", ts,
         BAD_SPEC("invalid date format verb \"aaa\": must be \"aa\""));
  FD_ERR("mmm", ts,
         BAD_SPEC("invalid date format verb \"mmm\": minute must either be "
                  "\"m\" or \"mm\""));
  FD_ERR("sss", ts,
         BAD_SPEC("invalid date format verb \"sss\": second must either be "
                  "\"s\" or \"ss\""));
  FD_ERR("ZZ", ts,
         BAD_SPEC("invalid date format verb \"ZZ\": timezone must be Z, "
                  "ZZZZ, or ZZZZZ"));
  FD_ERR("ZZZZZZ", ts,
         BAD_SPEC("invalid date format verb \"ZZZZZZ\": timezone must be Z, "
                  "ZZZZ, or ZZZZZ"));
  /* Any other ASCII letter is an error on its own. */
  FD_ERR("YYYY-MM-DD T", ts, BAD_SPEC("invalid date format verb \"T\""));
  FD_ERR("x", ts, BAD_SPEC("invalid date format verb \"x\""));
  FD_ERR("yyyy", ts, BAD_SPEC("invalid date format verb \"yyyy\""));
  FD_ERR("dd", ts, BAD_SPEC("invalid date format verb \"dd\""));
  /* The timestamp is checked before the format. */
  FD_ERR("x", "nope", BAD_TIME(NOT_RFC "cannot use \"nope\" as year"));
}
END_TEST

/* A string of n bytes of ch, in the test arena. */
static char *fill(size_t n, char ch)
{
  char *p = mls_arena_alloc(arena, n + 1);
  ck_assert_ptr_nonnull(p);
  memset(p, ch, n);
  p[n] = '\0';
  return p;
}

static mls_value *fd_span(mls_span spec)
{
  return call2("formatdate", spec, S("2018-01-02T23:12:01Z"));
}

START_TEST(eval_tf_funcs_time__formatdate_stops_at_bufio_token_limit)
{
  /* cty reads the format with a bufio.Scanner: a quoted literal or a run
   * of one letter that cannot be finished within 64 KiB of its start ends
   * the scan, silently, with what was written so far. */
  const size_t max = 65536;
  char *p;
  mls_value *r;

  /* A quoted literal of 65535 bytes fits, and the scan goes on. */
  p = fill(max + 3, 'x');
  p[0] = '\'';
  p[max - 2] = '\'';
  memcpy(p + max - 1, "YYYY", 4);
  r = fd_span(mls_span_of(p, max + 3));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, max - 3 + 4);
  ck_assert(memcmp(r->u.str.ptr + max - 3, "2018", 4) == 0);

  /* Closing one byte later, the scanner needs one more byte to tell a
   * closing quote from an escape: it stops, and the result is empty. */
  p = fill(max + 4, 'x');
  p[0] = '\'';
  p[max - 1] = '\'';
  memcpy(p + max, "YYYY", 4);
  r = fd_span(mls_span_of(p, max + 4));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, 0);

  /* Exactly 65536 bytes left: the end of input is not seen either. */
  r = fd_span(mls_span_of(p, max));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, 0);

  /* One byte less and the end of input is seen: the literal is output. */
  p[max - 2] = '\'';
  r = fd_span(mls_span_of(p, max - 1));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, max - 3);

  /* A long unterminated literal is no error: the scan just ends. */
  p = fill(70000, 'x');
  memcpy(p, "YYYY '", 6);
  r = fd_span(mls_span_of(p, 70000));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert(mls_span_eq(r->u.str, "2018 "));

  /* The same for a run of one letter: no complaint about the verb. */
  p = fill(max + 4, 'Z');
  memcpy(p, "YYYY", 4);
  r = fd_span(mls_span_of(p, max + 4));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert(mls_span_eq(r->u.str, "2018"));
  /* ... but one that ends within reach is a verb, and an invalid one. */
  r = fd_span(mls_span_of(p, max + 3));
  ck_assert(is_error(r));

  /* Literal text is never held back: 70000 dashes are copied. */
  p = fill(70004, '-');
  memcpy(p + 70000, "YYYY", 4);
  r = fd_span(mls_span_of(p, 70004));
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, 70004);
  ck_assert(memcmp(r->u.str.ptr + 70000, "2018", 4) == 0);
}
END_TEST

/* ---- timestamps ---------------------------------------------------------- */

START_TEST(eval_tf_funcs_time__timestamps_cty_accepts)
{
  const char *spec = "YYYY-MM-DD hh:mm:ss Z";
  FD(spec, "2000-02-29T00:00:00Z", "2000-02-29 00:00:00 Z");
  FD(spec, "2004-02-29T23:59:59Z", "2004-02-29 23:59:59 Z");
  FD(spec, "0000-01-01T00:00:00Z", "0000-01-01 00:00:00 Z");
  FD(spec, "9999-12-31T23:59:59+23:59", "9999-12-31 23:59:59 +23:59");
  /* Fractions: any number of digits, not shown. */
  FD(spec, "2018-01-02T23:12:01.5Z", "2018-01-02 23:12:01 Z");
  FD(spec, "2018-01-02T23:12:01.123456789123456789-07:00",
     "2018-01-02 23:12:01 -07:00");
}
END_TEST

START_TEST(eval_tf_funcs_time__timestamps_cty_rejects)
{
  /* cty's datetime_test.go vectors (formatdate and timeadd share the
   * parser; timeadd's message has no parameter name). */
  FD_ERR("", "", BAD_TIME(NOT_RFC "end of string before year"));
  FD_ERR("", "2017-01-02",
         BAD_TIME(NOT_RFC "missing required time introducer 'T'"));
  FD_ERR("", "2017-12-02t00:00:00Z",
         BAD_TIME(NOT_RFC "missing required time introducer 'T'"));
  FD_ERR("", "2017:01:02",
         BAD_TIME(NOT_RFC "found \":01:02\" where \"-\" is expected"));
  FD_ERR("", "2017", BAD_TIME(NOT_RFC "end of string where \"-\" is expected"));
  FD_ERR("", "2017-01-02T", BAD_TIME(NOT_RFC "end of string before hour"));
  FD_ERR("", "2017-01-02T00",
         BAD_TIME(NOT_RFC "end of string where \":\" is expected"));
  FD_ERR("", "2017-01-02T00:00:00",
         BAD_TIME(NOT_RFC "end of string before UTC offset"));
  FD_ERR("", "2017-01-02T26:00:00Z",
         BAD_TIME(NOT_RFC "hour must be between 0 and 23 inclusive"));
  FD_ERR("", "2017-13-02T00:00:00Z",
         BAD_TIME(NOT_RFC "cannot use \"-02T00:00:00Z\" as month"));
  FD_ERR("", "2017-02-31T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR(
      "", "\"2017-12-02T00:00:00Z\"",
      BAD_TIME(NOT_RFC "cannot use \"\\\"2017-12-02T00:00:00Z\\\"\" as year"));
  FD_ERR("", "2-12-02T00:00:00Z",
         BAD_TIME(NOT_RFC "cannot use \"2-12-02T00:00:00Z\" as year"));
  /* Midnight is 00:00, never 24:00. */
  FD_ERR("", "2017-01-02T24:00:00Z",
         BAD_TIME(NOT_RFC "hour must be between 0 and 23 inclusive"));
  /* Leap days and seconds. */
  FD_ERR("", "1900-02-29T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR("", "2100-02-29T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR("", "2001-02-29T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR("", "2017-04-31T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR("", "2017-01-00T00:00:00Z", BAD_TIME(NOT_RFC "day out of range"));
  FD_ERR("", "2016-12-31T23:59:60Z",
         BAD_TIME(NOT_RFC "cannot use \"Z\" as second"));
  /* What Go's time.Parse takes and cty refuses. */
  FD_ERR("", "2017-01-02T1:00:00Z",
         BAD_TIME(NOT_RFC "hour must have exactly two digits"));
  FD_ERR("", "2017-01-02T10:00:00,5Z",
         BAD_TIME(NOT_RFC "cannot use \",\" as timestamp segment"));
  FD_ERR("", "2017-01-02T10:00:00+24:00",
         BAD_TIME(NOT_RFC "cannot use \"+24:00\" as UTC offset"));
  FD_ERR("", "2017-01-02T10:00:00-00:60",
         BAD_TIME(NOT_RFC "cannot use \"-00:60\" as UTC offset"));
  /* Past what Go takes too. */
  FD_ERR("", "2017-01-02T10:00:00+25:00",
         BAD_TIME(NOT_RFC "end of string before UTC offset"));
  FD_ERR("", "2017-01-02T10:61:00Z",
         BAD_TIME(NOT_RFC "minute must have exactly two digits"));
  FD_ERR("", "2017-01-02T10:0",
         BAD_TIME(NOT_RFC "minute must have exactly two digits"));
  FD_ERR("", "2017-12-02T00:00:00z",
         BAD_TIME(NOT_RFC "cannot use \"z\" as UTC offset"));
  FD_ERR("", "2017-01-02T10:00:00.Z",
         BAD_TIME(NOT_RFC "cannot use \".Z\" as UTC offset"));
  FD_ERR("", "2017-01-02T10:00:00+0100",
         BAD_TIME(NOT_RFC "cannot use \"+0100\" as UTC offset"));
  FD_ERR("", "2017-01-02T10:00:00*01:00",
         BAD_TIME(NOT_RFC "cannot use \"*01:00\" as UTC offset"));
  FD_ERR("", "2017-01-02T10:00:00Zjunk",
         BAD_TIME(NOT_RFC "cannot use \"junk\" as timestamp segment"));
  FD_ERR("", "2017-01-02 10:00:00Z",
         BAD_TIME(NOT_RFC "missing required time introducer 'T'"));
  FD_ERR("", "+2017-01-02T10:00:00Z",
         BAD_TIME(NOT_RFC "cannot use \"+2017-01-02T10:00:00Z\" as year"));
  FD_ERR("", "20170-01-02T10:00:00Z",
         BAD_TIME(NOT_RFC "found \"0-01-02T10:00:00Z\" where \"-\" is "
                          "expected"));
  FD_ERR("", "2017-1-02T10:00:00Z",
         BAD_TIME(NOT_RFC "cannot use \"1-02T10:00:00Z\" as month"));
  /* Go's %q in the message: escapes, and UTF-8 kept. */
  FD_ERR("", "2017-01-02T10:00:00Z\n",
         BAD_TIME(NOT_RFC "cannot use \"\\n\" as timestamp segment"));
  FD_ERR("", "2017-01-02T10:00:00Z\xff\x01",
         BAD_TIME(NOT_RFC "cannot use \"\\xff\\x01\" as timestamp segment"));
  FD_ERR("", "2017-01-02T10:00:00Z\xc3\xa9",
         BAD_TIME(NOT_RFC "cannot use \"\xc3\xa9\" as timestamp segment"));
  /* timeadd(): the same parser, the bare message. */
  TA_ERR("2017-02-31T00:00:00Z", "1h", NOT_RFC "day out of range");
  TA_ERR("2017-01-02T1:00:00Z", "1h",
         NOT_RFC "hour must have exactly two digits");
}
END_TEST

START_TEST(eval_tf_funcs_time__timecmp_takes_what_go_parses)
{
  /* Terraform's timecmp() uses Go's time.Parse, which takes a one-digit
   * hour, a comma before the fraction and offsets up to 24:60. */
  TC("2017-01-02T1:00:00Z", "2017-01-02T01:00:00Z", "0");
  TC("2017-01-02T10:00:00,5Z", "2017-01-02T10:00:00.5Z", "0");
  TC("2017-01-02T10:00:00+24:00", "2017-01-01T10:00:00Z", "0");
  TC("2017-01-02T10:00:00+00:60", "2017-01-02T09:00:00Z", "0");
  TC("2017-01-02T10:00:00-24:60", "2017-01-03T11:00:00Z", "0");
  /* ... with Terraform's wording, which lacks cty's special cases. */
  TC_ERR("2017-01-02T26:00:00Z", "2017-01-02T00:00:00Z",
         "invalid value for \"timestamp_a\" parameter: " NOT_RFC
         "cannot use \":00:00Z\" as hour");
  TC_ERR("2017-01-02T24:00:00Z", "2017-01-03T00:00:00Z",
         "invalid value for \"timestamp_a\" parameter: " NOT_RFC
         "cannot use \":00:00Z\" as hour");
  TC_ERR("2017-01-02T00:00:00Z", "2017-01-02T10:61:00Z",
         "invalid value for \"timestamp_b\" parameter: " NOT_RFC
         "cannot use \":00Z\" as minute");
  TC_ERR("2017-01-02T00:00:00Z", "2017-01-02T10:00:00+25:00",
         "invalid value for \"timestamp_b\" parameter: " NOT_RFC
         "end of string before UTC offset");
  TC_ERR("2017-02-29T00:00:00Z", "x",
         "invalid value for \"timestamp_a\" parameter: " NOT_RFC
         "day out of range");
  TC_ERR("2017-01-02T00:00:00Z", "",
         "invalid value for \"timestamp_b\" parameter: " NOT_RFC
         "end of string before year");
}
END_TEST

START_TEST(eval_tf_funcs_time__timecmp_offsets_and_fractions)
{
  TC("2017-11-22T06:00:00+02:00", "2017-11-22T04:00:00Z", "0");
  TC("2017-11-22T06:00:00+02:00", "2017-11-22T04:00:01Z", "-1");
  TC("2017-11-21T23:30:00-05:00", "2017-11-22T04:29:59Z", "1");
  /* Across the date line and the year. */
  TC("2018-01-01T00:00:00+14:00", "2017-12-31T00:00:00-10:00", "0");
  TC("2018-01-01T00:00:00+14:00", "2017-12-31T10:00:00Z", "0");
  /* Nanoseconds count; trailing zeros and digits past nine do not. */
  TC("2017-11-22T00:00:00.1Z", "2017-11-22T00:00:00.100000000Z", "0");
  TC("2017-11-22T00:00:00.000000001Z", "2017-11-22T00:00:00Z", "1");
  TC("2017-11-22T00:00:00.9999999999Z", "2017-11-22T00:00:00.999999999Z", "0");
  TC("2017-11-22T00:00:00.999999999Z", "2017-11-22T00:00:01Z", "-1");
  /* Far apart. */
  TC("0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-1");
  TC("9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59", "1");
  /* A number, not a string. */
  mls_value *r =
      call2("timecmp", S("2017-11-22T00:00:00Z"), S("2017-11-23T00:00:00Z"));
  ck_assert(r->kind == MLS_V_NUMBER);
  ck_assert(r->u.num.d == -1);
}
END_TEST

/* ---- timeadd ------------------------------------------------------------- */

START_TEST(eval_tf_funcs_time__timeadd_month_year_and_leap_boundaries)
{
  TA("2023-01-31T12:00:00Z", "24h", "2023-02-01T12:00:00Z");
  TA("2023-02-28T23:59:59Z", "1s", "2023-03-01T00:00:00Z");
  TA("2024-02-28T23:59:59Z", "1s", "2024-02-29T00:00:00Z");
  TA("2024-02-29T23:59:59Z", "1s", "2024-03-01T00:00:00Z");
  TA("2023-04-30T23:00:00Z", "1h", "2023-05-01T00:00:00Z");
  TA("2023-12-31T23:59:59Z", "1s", "2024-01-01T00:00:00Z");
  TA("2024-01-01T00:00:00Z", "-1s", "2023-12-31T23:59:59Z");
  /* Centuries: 1900 and 2100 are not leap years, 2000 is. */
  TA("1900-02-28T00:00:00Z", "24h", "1900-03-01T00:00:00Z");
  TA("2000-02-28T00:00:00Z", "24h", "2000-02-29T00:00:00Z");
  TA("2100-02-28T00:00:00Z", "24h", "2100-03-01T00:00:00Z");
  TA("2000-03-01T00:00:00Z", "-24h", "2000-02-29T00:00:00Z");
  TA("1900-03-01T00:00:00Z", "-24h", "1900-02-28T00:00:00Z");
  /* A year from a leap day. */
  TA("2024-02-29T00:00:00Z", "8760h", "2025-02-28T00:00:00Z");
  /* Long spans (checked against Go). */
  TA("1970-01-01T00:00:00Z", "1000000h", "2084-01-29T16:00:00Z");
  TA("0001-01-01T00:00:00Z", "-8760h", "0000-01-02T00:00:00Z");
  /* Negative, crossing a day in the timestamp's own offset. */
  TA("2024-03-01T00:30:00+05:30", "-1h", "2024-02-29T23:30:00+05:30");
  TA("1999-12-31T23:00:00-05:00", "1h", "2000-01-01T00:00:00-05:00");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_keeps_the_offset)
{
  TA("2018-01-02T23:12:01+05:30", "1m", "2018-01-02T23:13:01+05:30");
  TA("2018-01-02T23:12:01-08:00", "-24h", "2018-01-01T23:12:01-08:00");
  TA("2018-01-02T23:12:01-00:01", "0s", "2018-01-02T23:12:01-00:01");
  /* Go prints any zero offset as "Z". */
  TA("2018-01-02T23:12:01+00:00", "1s", "2018-01-02T23:12:02Z");
  TA("2018-01-02T23:12:01-00:00", "1s", "2018-01-02T23:12:02Z");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_drops_fractions_and_carries)
{
  /* The result has no fraction; nanoseconds still carry. */
  TA("2017-11-22T00:00:00.9Z", "0s", "2017-11-22T00:00:00Z");
  TA("2017-11-22T00:00:00.9Z", "0.1s", "2017-11-22T00:00:01Z");
  TA("2017-11-22T00:00:00.9Z", "-0.9s", "2017-11-22T00:00:00Z");
  TA("2017-11-22T00:00:00.9Z", "-0.900000001s", "2017-11-21T23:59:59Z");
  TA("2017-11-22T23:59:59.999999999Z", "1ns", "2017-11-23T00:00:00Z");
  TA("2017-11-22T00:00:00Z", "-0.5s", "2017-11-21T23:59:59Z");
  TA("2017-11-22T00:00:00Z", "-1ns", "2017-11-21T23:59:59Z");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_duration_syntax)
{
  const char *ts = "2017-11-22T00:00:00Z";
  TA(ts, "1h30m", "2017-11-22T01:30:00Z");
  TA(ts, "1.5h", "2017-11-22T01:30:00Z");
  TA(ts, ".5h", "2017-11-22T00:30:00Z");
  TA(ts, "1.h", "2017-11-22T01:00:00Z");
  TA(ts, "+1h", "2017-11-22T01:00:00Z");
  /* The sign applies to the whole sequence. */
  TA(ts, "-2h5m", "2017-11-21T21:55:00Z");
  TA(ts, "1h1m1s1ms1us1ns", "2017-11-22T01:01:01Z");
  TA(ts, "90m90s", "2017-11-22T01:31:30Z");
  TA(ts, "1h1h1h", "2017-11-22T03:00:00Z");
  /* Zero, written any way Go takes it. */
  TA(ts, "0", "2017-11-22T00:00:00Z");
  TA(ts, "-0", "2017-11-22T00:00:00Z");
  TA(ts, "+0", "2017-11-22T00:00:00Z");
  TA(ts, "0s", "2017-11-22T00:00:00Z");
  /* Every unit, including both micro signs. */
  TA(ts, "3600000000000ns", "2017-11-22T01:00:00Z");
  TA(ts, "3600000000us", "2017-11-22T01:00:00Z");
  TA(ts, "3600000000\xc2\xb5s", "2017-11-22T01:00:00Z");
  TA(ts, "3600000000\xce\xbcs", "2017-11-22T01:00:00Z");
  TA(ts, "3600000ms", "2017-11-22T01:00:00Z");
  TA(ts, "3600s", "2017-11-22T01:00:00Z");
  TA(ts, "60m", "2017-11-22T01:00:00Z");
  /* Go scales fractions through float64 and truncates. */
  TA(ts, "0.333333333333333333h", "2017-11-22T00:19:59Z");
  TA(ts, "0.000000000000000000000000001h", "2017-11-22T00:00:00Z");
  /* The extremes of a time.Duration. */
  TA(ts, "9223372036854775807ns", "2310-03-03T23:47:16Z");
  TA(ts, "2562047h47m16.854775807s", "2310-03-03T23:47:16Z");
  TA(ts, "-9223372036854775808ns", "1725-08-13T00:12:43Z");
  TA(ts, "-2562047h47m16.854775808s", "1725-08-13T00:12:43Z");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_duration_errors)
{
  const char *ts = "2017-11-22T00:00:00Z";
  TA_ERR(ts, "", "time: invalid duration \"\"");
  TA_ERR(ts, "-", "time: invalid duration \"-\"");
  TA_ERR(ts, ".", "time: invalid duration \".\"");
  TA_ERR(ts, ".h", "time: invalid duration \".h\"");
  TA_ERR(ts, " 1h", "time: invalid duration \" 1h\"");
  TA_ERR(ts, "-1h-1m", "time: unknown unit \"h-\" in duration \"-1h-1m\"");
  TA_ERR(ts, "1h+", "time: unknown unit \"h+\" in duration \"1h+\"");
  TA_ERR(ts, "1h 1m", "time: unknown unit \"h \" in duration \"1h 1m\"");
  TA_ERR(ts, "1h.", "time: invalid duration \"1h.\"");
  TA_ERR(ts, "1", "time: missing unit in duration \"1\"");
  TA_ERR(ts, "00", "time: missing unit in duration \"00\"");
  TA_ERR(ts, "1h1", "time: missing unit in duration \"1h1\"");
  TA_ERR(ts, "1..5h", "time: missing unit in duration \"1..5h\"");
  TA_ERR(ts, "1d", "time: unknown unit \"d\" in duration \"1d\"");
  TA_ERR(ts, "1h ", "time: unknown unit \"h \" in duration \"1h \"");
  TA_ERR(ts, "1e3s", "time: unknown unit \"e\" in duration \"1e3s\"");
  TA_ERR(ts, "1H", "time: unknown unit \"H\" in duration \"1H\"");
  /* The time package's quoting: every non-ASCII byte escaped. */
  TA_ERR(ts, "1\xc2\xb5x",
         "time: unknown unit \"\\xc2\\xb5x\" in duration \"1\\xc2\\xb5x\"");
  /* Overflow of a time.Duration. */
  TA_ERR(ts, "9223372036854775808ns",
         "time: invalid duration \"9223372036854775808ns\"");
  TA_ERR(ts, "2562047h47m16.854775808s",
         "time: invalid duration \"2562047h47m16.854775808s\"");
  TA_ERR(ts, "-2562047h47m16.854775809s",
         "time: invalid duration \"-2562047h47m16.854775809s\"");
  TA_ERR(ts, "2562048h", "time: invalid duration \"2562048h\"");
  TA_ERR(ts, "99999999999999999999ns",
         "time: invalid duration \"99999999999999999999ns\"");
  TA_ERR(ts, "5124095576030432h",
         "time: invalid duration \"5124095576030432h\"");
  /* The timestamp is checked first. */
  TA_ERR("x", "", NOT_RFC "cannot use \"x\" as year");
}
END_TEST

START_TEST(eval_tf_funcs_time__timeadd_leaves_four_digit_years)
{
  /* Go's Format does not stop at 0000 or 9999. */
  TA("0000-01-01T00:00:00Z", "-1h", "-0001-12-31T23:00:00Z");
  TA("9999-12-31T23:59:59Z", "1s", "10000-01-01T00:00:00Z");
  TA("0000-01-01T00:00:00Z", "-2562047h47m16.854775808s",
     "-0293-09-22T00:12:43Z");
  TA("9999-12-31T23:59:59.999999999-23:59", "2562047h47m16.854775807s",
     "10292-04-10T23:47:16-23:59");
  /* Such a result is no timestamp for the next call. */
  mls_value *args[2];
  args[0] = call2("timeadd", S("9999-12-31T23:59:59Z"), S("1s"));
  args[1] = str(S("1s"));
  ck_assert(is_error(callv("timeadd", args, 2)));
}
END_TEST

/* ---- argument kinds, marks, bounds --------------------------------------- */

START_TEST(eval_tf_funcs_time__argument_kinds)
{
  mls_value *args[2], *r, *unk, *err, *num, *list;
  size_t before;

  unk = str(S("u"));
  unk->kind = MLS_V_UNKNOWN;
  unk->u.unknown.expr = S("var.x");
  unk->u.unknown.why = "test: known after apply";
  err = str(S("e"));
  err->kind = MLS_V_UNKNOWN;
  err->u.unknown.expr = S("var.y");
  err->u.unknown.why = "error: test failure";
  num = mls_value_number(arena, 1, S("1"));
  list = mls_value_list(arena, NULL, 0);
  ck_assert_ptr_nonnull(num);
  ck_assert_ptr_nonnull(list);

  /* An unknown argument gives an unknown, not an error. */
  args[0] = str(S("YYYY"));
  args[1] = unk;
  ck_assert(is_unknown(callv("formatdate", args, 2)));
  args[0] = unk;
  args[1] = str(S("1h"));
  ck_assert(is_unknown(callv("timeadd", args, 2)));
  args[1] = str(S("not even a timestamp"));
  ck_assert(is_unknown(callv("timecmp", args, 2)));

  /* An error is handed on, without a second diagnostic. */
  before = diag.n + diag.dropped;
  args[0] = err;
  args[1] = str(S("2017-11-22T00:00:00Z"));
  r = callv("timecmp", args, 2);
  ck_assert_str_eq(r->u.unknown.why, "error: test failure");
  ck_assert_uint_eq(diag.n + diag.dropped, before);

  /* Null and collections are errors. */
  args[0] = mls_value_null(arena);
  r = callv("formatdate", args, 2);
  ck_assert_str_eq(r->u.unknown.why,
                   "error: formatdate(): argument 1 must not be null");
  args[0] = str(S("2017-11-22T00:00:00Z"));
  args[1] = list;
  r = callv("timeadd", args, 2);
  ck_assert_str_eq(r->u.unknown.why, "error: timeadd(): argument 2: a string "
                                     "is required, not list");

  /* Numbers become strings, as cty converts them. */
  args[0] = num;
  args[1] = str(S("2017-11-22T00:00:00Z"));
  r = callv("formatdate", args, 2);
  ck_assert(r->kind == MLS_V_STRING && mls_span_eq(r->u.str, "1"));
  args[0] = str(S("2017-11-22T00:00:00Z"));
  args[1] = num;
  r = callv("timeadd", args, 2);
  ck_assert_str_eq(r->u.unknown.why,
                   "error: timeadd(): time: missing unit in duration \"1\"");
  r = callv("timecmp", args, 2);
  ck_assert_str_eq(r->u.unknown.why,
                   "error: timecmp(): invalid value for \"timestamp_b\" "
                   "parameter: " NOT_RFC "cannot use \"1\" as year");

  /* Wrong arity is the dispatcher's error. */
  ck_assert(is_error(callv("timecmp", args, 1)));

  /* A sensitive argument makes the result sensitive. */
  args[0] = str(S("2017-11-22T00:00:00Z"));
  args[0] = callv("sensitive", args, 1);
  args[1] = str(S("1h"));
  r = callv("timeadd", args, 2);
  ck_assert(r->flags & MLS_VF_SENSITIVE);
  ck_assert(mls_span_eq(r->u.str, "2017-11-22T01:00:00Z"));
  args[1] = args[0];
  args[0] = str(S("YYYY"));
  r = callv("formatdate", args, 2);
  ck_assert(r->flags & MLS_VF_SENSITIVE);
  ck_assert(mls_span_eq(r->u.str, "2017"));
}
END_TEST

START_TEST(eval_tf_funcs_time__messages_are_bounded)
{
  /* A 1 MB argument is quoted in the message by its first 64 bytes. */
  size_t n = 1u << 20;
  char *big = fill(n, 'x');
  char want[256];
  mls_value *r;

  r = call2("timecmp", mls_span_of(big, n), S("2017-11-22T00:00:00Z"));
  ck_assert(is_error(r));
  snprintf(want, sizeof(want),
           "error: timecmp(): invalid value for \"timestamp_a\" parameter: "
           "not a valid RFC3339 timestamp: cannot use \"%.64s\"... as year",
           big);
  ck_assert_str_eq(r->u.unknown.why, want);
  ck_assert_uint_lt(strlen(diag.v[diag.n - 1].message), MLS_MAX_DIAG_MESSAGE);

  big[0] = '1';
  r = call2("timeadd", S("2017-11-22T00:00:00Z"), mls_span_of(big, n));
  snprintf(want, sizeof(want),
           "error: timeadd(): time: unknown unit \"%.64s\"... in duration "
           "\"%.64s\"...",
           big + 1, big);
  ck_assert_str_eq(r->u.unknown.why, want);

  /* A verb run of 60000 letters is named by its first 64. */
  memset(big, 'q', 60000);
  r = call2("formatdate", mls_span_of(big, 60000), S("2017-11-22T00:00:00Z"));
  snprintf(want, sizeof(want),
           "error: formatdate(): invalid value for \"format\" parameter: "
           "invalid date format verb \"%.64s\"...",
           big);
  ck_assert_str_eq(r->u.unknown.why, want);
}
END_TEST

/* formatdate(spec, ts) in an arena of its own, spec borrowed. */
static int formatdate_in(mls_arena *res, mls_span spec, const char *ts,
                         mls_value **out)
{
  tf_fn_ctx ctx = context(res);
  mls_value *args[2];
  args[0] = mls_value_string_borrowed(arena, spec);
  args[1] = str(S(ts));
  ck_assert_ptr_nonnull(args[0]);
  return tf_call_function(&ctx, S("formatdate"), args, 2, false, out);
}

START_TEST(eval_tf_funcs_time__results_are_bounded)
{
  /* "Z " becomes "+05:30 ": 5 MB of format would make 17.5 MB, past
   * MLS_MAX_FUNC_STRING_BYTES. The result is unknown, not an error. */
  size_t n = 5u << 20;
  char *spec = fill(n, ' ');
  mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  mls_value *r = NULL;

  ck_assert_ptr_nonnull(res);
  for (size_t i = 0; i < n; i += 2) {
    spec[i] = 'Z';
  }
  ck_assert_int_eq(
      formatdate_in(res, mls_span_of(spec, n), "2017-11-22T00:00:00+05:30", &r),
      MLS_OK);
  ck_assert(is_unknown(r));
  ck_assert_int_eq(diag.v[diag.n - 1].rc, MLS_ELIMIT);
  mls_arena_free(res);
  /* Half of it fits, and takes linear time. */
  res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  ck_assert_ptr_nonnull(res);
  ck_assert_int_eq(formatdate_in(res, mls_span_of(spec, n / 2),
                                 "2017-11-22T00:00:00+05:30", &r),
                   MLS_OK);
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_uint_eq(r->u.str.len, n / 4 * 7);
  ck_assert(memcmp(r->u.str.ptr, "+05:30 +05:30 ", 14) == 0);
  ck_assert(memcmp(r->u.str.ptr + r->u.str.len - 7, "+05:30 ", 7) == 0);
  mls_arena_free(res);
}
END_TEST

/* ---- allocation failure -------------------------------------------------- */

/* Calls whose every allocation is tested, results and errors alike. */
static const char *const fail_calls[][3] = {
  { "formatdate", "EEEE, DD-MMM-YY hh:mm:ss ZZZ 'o''clock' H AA",
    "2018-01-02T23:12:01-08:00" },
  { "formatdate", "YYY", "2018-01-02T23:12:01Z" },
  { "formatdate", "YYYY", "2018-02-30T23:12:01Z" },
  { "timeadd", "2024-02-29T23:30:00.5+05:30", "-1.5h30m" },
  { "timeadd", "2024-02-29T23:30:00Z", "1d" },
  { "timecmp", "2017-11-22T06:00:00+02:00", "2017-11-22T04:00:00Z" },
  { "timecmp", "2017-11-22T06:00:00+02:00", "2017-11-22" },
};

#define NFAIL (sizeof(fail_calls) / sizeof(fail_calls[0]))

/* Call k with its results in `res` and its arguments in the test arena. */
static int call_in(mls_arena *res, size_t k, mls_value **out)
{
  tf_fn_ctx ctx = context(res);
  mls_value *args[2];
  args[0] = str(S(fail_calls[k][1]));
  args[1] = str(S(fail_calls[k][2]));
  return tf_call_function(&ctx, S(fail_calls[k][0]), args, 2, false, out);
}

START_TEST(eval_tf_funcs_time__enomem_at_every_arena_size)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *full = NULL;
    mls_arena *big = mls_arena_new(MLS_ARENA_CAP_BYTES);
    const char *want;
    size_t used;
    ck_assert_ptr_nonnull(big);
    ck_assert_int_eq(call_in(big, k, &full), MLS_OK);
    want = J(full);
    used = mls_arena_used(big);
    mls_arena_free(big);
    for (size_t cap = 0; cap <= used + 64; cap += 8) {
      mls_arena *tight = mls_arena_new(cap);
      mls_value *out = (mls_value *)(uintptr_t)1;
      int rc;
      ck_assert_ptr_nonnull(tight);
      rc = call_in(tight, k, &out);
      ck_assert_msg(rc == MLS_OK || rc == MLS_ENOMEM, "%s: rc %d at cap %zu",
                    fail_calls[k][0], rc, cap);
      if (rc == MLS_OK) {
        ck_assert_str_eq(J(out), want);
      } else {
        ck_assert(out == (mls_value *)(uintptr_t)1); /* *out untouched */
      }
      mls_arena_free(tight);
    }
    mls_diag_clear(&diag);
  }
}
END_TEST

/* Allocations the loop below fails in turn, per call. */
#define FAIL_STEPS 64

START_TEST(eval_tf_funcs_time__allocation_loop_reaches_every_allocation)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *out = NULL;
    mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
    unsigned long before;
    ck_assert_ptr_nonnull(res);
    mls_alloc_fail_after(-1); /* resets the count */
    before = mls_alloc_count();
    ck_assert_int_eq(call_in(res, k, &out), MLS_OK);
    ck_assert_msg(mls_alloc_count() - before < FAIL_STEPS / 2,
                  "%s makes %lu allocations", fail_calls[k][0],
                  mls_alloc_count() - before);
    mls_arena_free(res);
  }
}
END_TEST

START_TEST(eval_tf_funcs_time__enomem_at_every_allocation)
{
  /* _i selects the call and the allocation to fail. */
  size_t k = (size_t)_i % NFAIL;
  long nth = _i / (long)NFAIL;
  mls_value *out = NULL, *args[2];
  mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  tf_fn_ctx ctx = context(res);
  int rc;

  ck_assert_ptr_nonnull(res);
  args[0] = str(S(fail_calls[k][1]));
  args[1] = str(S(fail_calls[k][2]));
  mls_alloc_fail_after(nth);
  rc = tf_call_function(&ctx, S(fail_calls[k][0]), args, 2, false, &out);
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_OK || rc == MLS_ENOMEM, "%s: rc %d", fail_calls[k][0],
                rc);
  if (rc == MLS_OK) {
    ck_assert_ptr_nonnull(out);
    (void)J(out);
  }
  mls_arena_free(res);
}
END_TEST

Suite *eval_tf_funcs_time_suite(void)
{
  Suite *s = suite_create("eval_tf_funcs_time");
  TCase *tc = tcase_create("functions");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_documented_examples);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_documented_examples);
  tcase_add_test(tc, eval_tf_funcs_time__timecmp_documented_examples);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_matches_cty_tests);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_every_token);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_names_of_days_and_months);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_twelve_hour_clock);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_zones);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_literals_and_quotes);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_invalid_verbs);
  tcase_add_test(tc, eval_tf_funcs_time__formatdate_stops_at_bufio_token_limit);
  tcase_add_test(tc, eval_tf_funcs_time__timestamps_cty_accepts);
  tcase_add_test(tc, eval_tf_funcs_time__timestamps_cty_rejects);
  tcase_add_test(tc, eval_tf_funcs_time__timecmp_takes_what_go_parses);
  tcase_add_test(tc, eval_tf_funcs_time__timecmp_offsets_and_fractions);
  tcase_add_test(tc,
                 eval_tf_funcs_time__timeadd_month_year_and_leap_boundaries);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_keeps_the_offset);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_drops_fractions_and_carries);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_duration_syntax);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_duration_errors);
  tcase_add_test(tc, eval_tf_funcs_time__timeadd_leaves_four_digit_years);
  tcase_add_test(tc, eval_tf_funcs_time__argument_kinds);
  tcase_add_test(tc, eval_tf_funcs_time__messages_are_bounded);
  suite_add_tcase(s, tc);

  tc = tcase_create("pathological");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, eval_tf_funcs_time__results_are_bounded);
  suite_add_tcase(s, tc);

  tc = tcase_create("allocation");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, eval_tf_funcs_time__enomem_at_every_arena_size);
  tcase_add_test(tc,
                 eval_tf_funcs_time__allocation_loop_reaches_every_allocation);
  tcase_add_loop_test(tc, eval_tf_funcs_time__enomem_at_every_allocation, 0,
                      (int)NFAIL * FAIL_STEPS);
  suite_add_tcase(s, tc);
  return s;
}
