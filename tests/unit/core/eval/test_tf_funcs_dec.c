/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_funcs_dec.c -- core/eval/tf_funcs_dec.c:
 * yamldecode() and csvdecode() against the examples of their Terraform
 * documentation, go-cty-yaml's resolver (every null, bool, integer and
 * float spelling, quoted and plain, tags, timestamps), anchors, aliases and
 * merge keys, document and syntax errors, Go encoding/csv's quoting and
 * line ends, the bounds (nesting, alias expansion, rows) and allocation
 * failure.
 *
 * The YAML or CSV text is passed as a string value directly, so the tests
 * read as the documents they decode. Results are compared through
 * core/model's JSON writer, which is independent of the library: keys in
 * insertion order (the decoders sort them), numbers as their exact text,
 * unknowns as {"unknown":...}.
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

/* name(arg) with results in `res`. */
static int call_in(mls_arena *res, const char *name, mls_value *arg,
                   mls_value **out)
{
  tf_fn_ctx ctx = context(res);
  return tf_call_function(&ctx, S(name), &arg, 1, false, out);
}

/* name(text), text given with its length (it may hold NUL bytes). */
static mls_value *decn(const char *name, const char *text, size_t len)
{
  mls_value *arg = mls_value_string(arena, mls_span_of(text, len));
  mls_value *out = NULL;
  ck_assert_ptr_nonnull(arg);
  ck_assert_int_eq(call_in(arena, name, arg, &out), MLS_OK);
  ck_assert_ptr_nonnull(out);
  return out;
}

static mls_value *dec(const char *name, const char *text)
{
  return decn(name, text, strlen(text));
}

/* Whether the last diagnostic has rc and contains `text`. */
static bool last_diag(int rc, const char *text)
{
  if (diag.n == 0) {
    return false;
  }
  return diag.v[diag.n - 1].rc == rc &&
         strstr(diag.v[diag.n - 1].message, text) != NULL;
}

#define Y(text, want) ck_assert_str_eq(J(dec("yamldecode", text)), want)
#define C(text, want) ck_assert_str_eq(J(dec("csvdecode", text)), want)

/* An error value and a new warning whose message contains `msg`. */
#define ERR(name, text, msg)                                                   \
  do {                                                                         \
    size_t before_ = diag.n + diag.dropped;                                    \
    mls_value *r_ = dec(name, text);                                           \
    ck_assert_msg(is_error(r_), "%s(%s) gave %s, not an error", name, text,    \
                  J(r_));                                                      \
    ck_assert_uint_gt(diag.n + diag.dropped, before_);                         \
    ck_assert_msg(last_diag(MLS_EINPUT, msg), "%s(%s): diag \"%s\", want %s",  \
                  name, text, diag.n ? diag.v[diag.n - 1].message : "(none)",  \
                  msg);                                                        \
  } while (0)

#define YERR(text, msg) ERR("yamldecode", text, msg)
#define CERR(text, msg) ERR("csvdecode", text, msg)

/* An unknown (not an error) with an MLS_ELIMIT diagnostic. */
#define LIMITED(name, text, len)                                               \
  do {                                                                         \
    mls_value *r_ = decn(name, text, len);                                     \
    ck_assert_msg(is_unknown(r_), "%s gave %s, not unknown", name, J(r_));     \
    ck_assert(last_diag(MLS_ELIMIT, name));                                    \
  } while (0)

/* ---- yamldecode ---------------------------------------------------------- */

START_TEST(eval_tf_funcs_dec__yamldecode_documented_examples)
{
  Y("hello: world", "{\"hello\":\"world\"}");
  Y("true", "true");
  Y("{a: &foo [1, 2, 3], b: *foo}", "{\"a\":[1,2,3],\"b\":[1,2,3]}");
  YERR("{a: &foo [1, *foo, 3]}",
       "cannot refer to anchor \"foo\" from inside its own definition");
  YERR("{a: !not-supported foo}", "unsupported tag \"!not-supported\"");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_null_spellings)
{
  static const char *const nulls[] = { "",      "~",       "null", "Null",
                                       "NULL",  "---",     "\n\n", "# x\n",
                                       "--- ~", "!!null x" };
  for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
    ck_assert_msg(dec("yamldecode", nulls[i])->kind == MLS_V_NULL, "%s",
                  nulls[i]);
  }
  Y("a:", "{\"a\":null}");
  Y("[~, null, '~', \"null\", nULL, Nil]",
    "[null,null,\"~\",\"null\",\"nULL\",\"Nil\"]");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_bool_spellings)
{
  /* go-cty-yaml resolves YAML 1.1's words, in three casings only. */
  Y("[y, Y, yes, Yes, YES, true, True, TRUE, on, On, ON]",
    "[true,true,true,true,true,true,true,true,true,true,true]");
  Y("[n, N, no, No, NO, false, False, FALSE, off, Off, OFF]",
    "[false,false,false,false,false,false,false,false,false,false,false]");
  Y("[yEs, tRUE, oN, 'yes', \"false\", !!str on, 'TRUE']",
    "[\"yEs\",\"tRUE\",\"oN\",\"yes\",\"false\",\"on\",\"TRUE\"]");
  Y("!!bool yes", "true");
  YERR("!!bool bananas", "cannot parse \"bananas\" as tag:yaml.org,2002:bool");
  /* The GitHub Actions trap: the key `on` is the bool true. */
  Y("on: push\nname: ci", "{\"name\":\"ci\",\"true\":\"push\"}");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_int_spellings)
{
  Y("[12, -12, +12, 007, 0, -0]", "[12,-12,12,7,0,0]");
  Y("12345678901234567890123", "12345678901234567890123");
  Y("[0o17, 0x1F, 0xffffffffffffffff]", "[15,31,18446744073709551615]");
  /* Not YAML 1.2 integers: strings. */
  Y("[1_000, 0b101, -0x1F, +0o7, 0o8, 0x, +, -, 1:30, 12e]",
    "[\"1_000\",\"0b101\",\"-0x1F\",\"+0o7\",\"0o8\",\"0x\",\"+\",\"-\","
    "\"1:30\",\"12e\"]");
  Y("['12', \"-1\", !!str 3]", "[\"12\",\"-1\",\"3\"]");
  /* !!int parses like Go's ParseInt(s, 0, 64), underscores dropped. */
  Y("[!!int 0b101, !!int -0x1F, !!int 1_000, !!int 0O17, !!int 1.5]",
    "[5,-31,1000,15,1.5]");
  YERR("!!int 0x10000000000000000",
       "cannot parse \"0x10000000000000000\" as tag:yaml.org,2002:int");
  YERR("!!int +0x8000000000000000", "as tag:yaml.org,2002:int");
  Y("!!int -0x8000000000000000", "-9223372036854775808");
  YERR("!!int foo", "cannot parse \"foo\" as tag:yaml.org,2002:int");
  YERR("0x10000000000000000", "as tag:yaml.org,2002:int");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_float_spellings)
{
  mls_value *v;

  Y("[1.5, .5, -.5, +.5, 1., 1e3, 2.50E-1, -1.5e+2, 0.1]",
    "[1.5,0.5,-0.5,0.5,1,1000,0.25,-150,0.1]");
  Y("[1.5.2, ., 1e, e3, .e3, 1.5f]",
    "[\"1.5.2\",\".\",\"1e\",\"e3\",\".e3\",\"1.5f\"]");
  Y("[!!float 1, !!float 1.5e2, !!float '2']", "[1,150,\"2\"]");
  /* Infinities: cty has them, the model does not. */
  static const char *const infs[] = { ".inf",  ".Inf",  ".INF",
                                      "+.inf", "-.INF", "!!float -inf" };
  for (size_t i = 0; i < sizeof(infs) / sizeof(infs[0]); i++) {
    v = dec("yamldecode", infs[i]);
    ck_assert_msg(is_unknown(v), "%s gave %s", infs[i], J(v));
  }
  Y("[.iNf, '.inf', +Inf]", "[\".iNf\",\".inf\",\"+Inf\"]");
  Y("{.inf: a, -.inf: b}", "{\"+Inf\":\"a\",\"-Inf\":\"b\"}");
  YERR(".nan", "floating point NaN is not supported");
  YERR(".NaN", "floating point NaN is not supported");
  YERR("!!float .nan", "cannot parse \".nan\" as tag:yaml.org,2002:float");
  Y("['.nan', .NAn]", "[\".nan\",\".NAn\"]");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_strings_and_styles)
{
  Y("\"a\\tb\\u00e9\\x41\"", "\"a\\tb\xc3\xa9"
                             "A\"");
  Y("'it''s'", "\"it's\"");
  Y("|\n  hello\n  world", "\"hello\\nworld\"");
  Y("|\n  hello\n  world\n", "\"hello\\nworld\\n\"");
  Y(">\n  hello\n  world", "\"hello world\"");
  /* Block scalars are not quoted: they resolve like plain ones. */
  Y("|-\n  true", "true");
  Y("[<<, '<<']", "[\"<<\",\"<<\"]");
  Y("plain text, with a#hash # and a comment", "\"plain text, with a#hash\"");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_timestamps)
{
  Y("2006-1-2", "\"2006-01-02T00:00:00Z\"");
  Y("2001-12-14t21:59:43.10-05:00", "\"2001-12-14T21:59:43-05:00\"");
  Y("2001-12-15T02:59:43.1Z", "\"2001-12-15T02:59:43Z\"");
  Y("2001-12-14 21:59:43.10", "\"2001-12-14T21:59:43Z\"");
  Y("2001-12-14T21:59:43+00:00", "\"2001-12-14T21:59:43Z\"");
  Y("2020-02-29T1:2:3+05:30", "\"2020-02-29T01:02:03+05:30\"");
  /* Out of range or in another layout: left as strings. */
  Y("[2021-02-29, 2021-13-01, 2021-1-1T24:00:00Z, 2021-01-01T10:00:00,"
    " 2001-12-14 21:59:43.10 -5, '2006-1-2', 20060102, 2006-01-02x]",
    "[\"2021-02-29\",\"2021-13-01\",\"2021-1-1T24:00:00Z\","
    "\"2021-01-01T10:00:00\",\"2001-12-14 21:59:43.10 -5\",\"2006-1-2\","
    "20060102,\"2006-01-02x\"]");
  Y("!!timestamp 2006-1-2", "\"2006-01-02T00:00:00Z\"");
  YERR("!!timestamp next tuesday", "as tag:yaml.org,2002:timestamp");
  Y("2012-10-17: a", "{\"2012-10-17T00:00:00Z\":\"a\"}");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_tags)
{
  Y("!!str true", "\"true\"");
  Y("!<tag:yaml.org,2002:str> true", "\"true\"");
  Y("!!bool true", "true");
  Y("!!null ~", "null");
  Y("!!binary 'aGVsbG8='", "\"aGVsbG8=\"");
  Y("!!binary |\n  aGVs\n  bG8=\n", "\"aGVs\\nbG8=\\n\"");
  YERR("!!binary '>>>>>>>>>'",
       "cannot parse \">>>>>>>>>\" as tag:yaml.org,2002:binary: not valid "
       "base64");
  YERR("!!binary 'aGVsbG8'", "not valid base64");
  Y("!!map {a: 1}", "{\"a\":1}");
  Y("!!seq [1]", "[1]");
  YERR("!!seq {a: 1}", "can't interpret mapping as tag:yaml.org,2002:seq");
  YERR("!!map [1]", "can't interpret sequence as tag:yaml.org,2002:map");
  YERR("!!map x", "unsupported tag \"tag:yaml.org,2002:map\"");
  YERR("!!nope foo", "unsupported tag \"tag:yaml.org,2002:nope\"");
  YERR("! 12", "unsupported tag \"!\"");
  YERR("a: !Ref b", "unsupported tag \"!Ref\"");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_anchors_aliases_merge)
{
  Y("- &foo a\n- b\n- *foo", "[\"a\",\"b\",\"a\"]");
  Y("foo: &bar\n  - x\nbar: *bar", "{\"bar\":[\"x\"],\"foo\":[\"x\"]}");
  /* go-cty-yaml's "alias merge" test. */
  Y("foo: &bar\n  a: b\nbar:\n  <<: *bar\n  c: d\n",
    "{\"bar\":{\"a\":\"b\",\"c\":\"d\"},\"foo\":{\"a\":\"b\"}}");
  /* Entries apply in document order: the later wins, also over the
   * merge (YAML's merge type would keep the explicit key). */
  Y("b: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3",
    "{\"b\":{\"p\":1,\"q\":2},\"d\":{\"p\":1,\"q\":3}}");
  Y("b: &b {p: 1, q: 2}\nd:\n  q: 3\n  <<: *b",
    "{\"b\":{\"p\":1,\"q\":2},\"d\":{\"p\":1,\"q\":2}}");
  /* y is a bool, so as a key it is "true". */
  Y("{x: 1, y: 2}", "{\"true\":2,\"x\":1}");
  Y("d: {<<: {a: 1}, \"<<\": {b: 2}}", "{\"d\":{\"a\":1,\"b\":2}}");
  /* go-cty-yaml's YAMLDecodeFunc tests. */
  Y("\na: aa\n<<:\n  b: bb\n  c: cc\nd: dd\n",
    "{\"a\":\"aa\",\"b\":\"bb\",\"c\":\"cc\",\"d\":\"dd\"}");
  Y("\na: aa\n<<:\n  a: aaa\n<<:\n  b: bbb\nb: bb\n",
    "{\"a\":\"aaa\",\"b\":\"bb\"}");
  Y("\na: aa\n<<:\n  - b: bb\n  - c: cc\nd: dd\n",
    "{\"a\":\"aa\",\"b\":\"bb\",\"c\":\"cc\",\"d\":\"dd\"}");
  Y("\na: &foo\n  beep: boop\nb:\n  <<: *foo\n  bleep: bloop\n",
    "{\"a\":{\"beep\":\"boop\"},\"b\":{\"beep\":\"boop\",\"bleep\":"
    "\"bloop\"}}");
  Y("\na: aa\n!!merge doesnt-matter-what-is-here:\n  b: bb\n  c: cc\nd: "
    "dd\n",
    "{\"a\":\"aa\",\"b\":\"bb\",\"c\":\"cc\",\"d\":\"dd\"}");
  /* A sequence of mappings: each in turn, the later winning. */
  Y("p: &p {a: 1, b: 1}\nq: &q {b: 2}\nr: {<<: [*p, *q], c: 3}",
    "{\"p\":{\"a\":1,\"b\":1},\"q\":{\"b\":2},\"r\":{\"a\":1,\"b\":2,"
    "\"c\":3}}");
  YERR("d: {<<: [{a: 1}, x]}", "cannot merge string (from sequence) into "
                               "mapping");
  YERR("d: {<<: [{a: 1}, [1]]}", "cannot merge tuple (from sequence)");
  YERR("b: &b [1]\nd:\n  <<: *b",
       "cannot merge number (from sequence) into mapping");
  /* Outside a key, a merge key is only its text. */
  Y("[!!merge x, <<]", "[\"x\",\"<<\"]");
  YERR("d:\n  <<: x", "cannot merge string into mapping");
  YERR("d:\n  <<: ~", "cannot merge dynamic into mapping");
  YERR("a: *nowhere", "reference to undefined anchor \"nowhere\"");
  YERR("a: &x [1, {b: *x}]",
       "cannot refer to anchor \"x\" from inside its own definition");
  /* The outer definition of x is still open when the inner one ends. */
  YERR("&x [&x 1, *x]",
       "cannot refer to anchor \"x\" from inside its own definition");
  Y("[&x [&x 1, 2], *x]", "[[1,2],[1,2]]");
  /* An anchor on a key is ignored, as go-cty-yaml ignores it. */
  YERR("&k a: 1\nb: *k", "reference to undefined anchor \"k\"");
  YERR("a: &k 1\n*k : 2", "only strings are allowed as mapping keys");
  /* A redefined anchor: aliases see the latest definition. */
  Y("a: &x 1\nb: *x\nc: &x 2\nd: *x", "{\"a\":1,\"b\":1,\"c\":2,\"d\":2}");
  /* Duplicate keys: the later wins, sorted keys. */
  Y("b: 1\na: 2\nb: 3", "{\"a\":2,\"b\":3}");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_mapping_keys)
{
  Y("{1: a, 1.50: b, 0x1F: c, 1e3: d}",
    "{\"1\":\"a\",\"1.5\":\"b\",\"1000\":\"d\",\"31\":\"c\"}");
  Y("{true: a, no: b, '~': c}", "{\"false\":\"b\",\"true\":\"a\",\"~\":\"c\"}");
  Y("{'': a, \"\": b, !!str : c}", "{\"\":\"c\"}");
  YERR("~: a", "mapping key cannot be null");
  YERR("? [a]\n: b", "only strings are allowed as mapping keys");
  YERR("{{a: 1}: b}", "only strings are allowed as mapping keys");
  YERR(".nan: a", "floating point NaN is not supported");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_one_document)
{
  Y("--- a\n...\n", "\"a\"");
  Y("---\na: 1\n...\n", "{\"a\":1}");
  Y("%YAML 1.1\n---\na: 1", "{\"a\":1}");
  YERR("a: 1\n---\nb: 2", "only a single document is allowed");
  YERR("---\n...\n---\n", "only a single document is allowed");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_malformed_input)
{
  static const char *const bad[] = {
    "a: [1, 2", "a: b: c", "key: 'unterminated", "- a\nb: c", "a: *",
    "{a: 1",    "[1, 2]]", "a:\n\t- x",          "\"\\q\"",   "a: |\n x\n- y",
    "&a [*a]",  "a: &",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    size_t before = diag.n + diag.dropped;
    mls_value *v = dec("yamldecode", bad[i]);
    ck_assert_msg(is_error(v), "%s gave %s", bad[i], J(v));
    ck_assert_uint_gt(diag.n + diag.dropped, before);
  }
  /* Invalid UTF-8 and a NUL byte stop the reader. */
  ck_assert(is_error(decn("yamldecode", "a: \xff\xfe", 5)));
  ck_assert(is_error(decn("yamldecode", "a: b\0c", 6)));
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_iam_policy_document)
{
  const char *policy = "Version: \"2012-10-17\"\n"
                       "Statement:\n"
                       "  - Sid: AllowAll\n"
                       "    Effect: Allow\n"
                       "    Action: \"*\"\n"
                       "    Resource: \"*\"\n"
                       "  - Effect: Deny\n"
                       "    Action:\n"
                       "      - s3:DeleteBucket\n"
                       "    Resource: arn:aws:s3:::my-bucket\n";
  mls_value *v = dec("yamldecode", policy);
  const mls_value *st;

  ck_assert_str_eq(J(v),
                   "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\","
                   "\"Resource\":\"*\",\"Sid\":\"AllowAll\"},"
                   "{\"Action\":[\"s3:DeleteBucket\"],\"Effect\":\"Deny\","
                   "\"Resource\":\"arn:aws:s3:::my-bucket\"}],"
                   "\"Version\":\"2012-10-17\"}");
  st = mls_value_path(v, "Statement.0.Effect");
  ck_assert_ptr_nonnull(st);
  ck_assert(mls_span_eq(st->u.str, "Allow"));
  /* Unquoted, the version is a timestamp, as in Terraform. */
  Y("Version: 2012-10-17", "{\"Version\":\"2012-10-17T00:00:00Z\"}");
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_arguments)
{
  mls_value *arg = mls_value_number(arena, 5, S("5")), *out = NULL;
  ck_assert_int_eq(call_in(arena, "yamldecode", arg, &out), MLS_OK);
  ck_assert_str_eq(J(out), "5");

  arg = mls_value_string(arena, S("a: 1"));
  ck_assert_ptr_nonnull(arg);
  arg->flags |= MLS_VF_SENSITIVE;
  ck_assert_int_eq(call_in(arena, "yamldecode", arg, &out), MLS_OK);
  ck_assert(out->flags & MLS_VF_SENSITIVE);

  arg = mls_value_unknown(arena, S("var.x"), "test: known after apply");
  ck_assert_int_eq(call_in(arena, "yamldecode", arg, &out), MLS_OK);
  ck_assert(is_unknown(out));
  ck_assert_int_eq(call_in(arena, "csvdecode", arg, &out), MLS_OK);
  ck_assert(is_unknown(out));

  arg = mls_value_null(arena);
  ck_assert_int_eq(call_in(arena, "yamldecode", arg, &out), MLS_OK);
  ck_assert(is_error(out));
  arg = mls_value_list(arena, NULL, 0);
  ck_assert_int_eq(call_in(arena, "csvdecode", arg, &out), MLS_OK);
  ck_assert(is_error(out));
}
END_TEST

START_TEST(eval_tf_funcs_dec__every_argument_shape_gives_a_value)
{
  static const char *const names[] = { "yamldecode", "csvdecode" };
  mls_value *item = mls_value_string(arena, S("a"));
  mls_value **items = mls_arena_alloc(arena, sizeof(*items));
  mls_map_entry *e = mls_arena_alloc(arena, sizeof(*e));
  mls_value *err = mls_value_unknown(arena, S("x"), "error: test failure");
  mls_value *pool[] = {
    mls_value_null(arena),
    mls_value_bool(arena, true),
    mls_value_number(arena, 1e3, S("1e3")),
    mls_value_string(arena, S("")),
    mls_value_list(arena, NULL, 0),
    NULL, /* a list, below */
    NULL, /* a map, below */
    mls_value_unknown(arena, S("x"), "test: known after apply"),
    err,
  };

  ck_assert_ptr_nonnull(items);
  ck_assert_ptr_nonnull(e);
  items[0] = item;
  e->key = S("k");
  e->value = item;
  pool[5] = mls_value_list(arena, items, 1);
  pool[6] = mls_value_map(arena, e, 1);
  for (size_t f = 0; f < 2; f++) {
    for (size_t i = 0; i < sizeof(pool) / sizeof(pool[0]); i++) {
      mls_value *out = NULL;
      ck_assert_ptr_nonnull(pool[i]);
      ck_assert_int_eq(call_in(arena, names[f], pool[i], &out), MLS_OK);
      ck_assert_ptr_nonnull(out);
    }
  }
  /* A number converts to its text; an error is handed on unchanged. */
  {
    mls_value *out = NULL;
    ck_assert_int_eq(call_in(arena, "yamldecode", pool[2], &out), MLS_OK);
    ck_assert_str_eq(J(out), "1000");
    ck_assert_int_eq(call_in(arena, "csvdecode", err, &out), MLS_OK);
    ck_assert_str_eq(out->u.unknown.why, "error: test failure");
  }
}
END_TEST

/* n copies of s into a new string of the test arena. */
static char *repeat(const char *s, size_t n, size_t *len)
{
  size_t k = strlen(s);
  char *buf = mls_arena_alloc(arena, k * n + 1);
  ck_assert_ptr_nonnull(buf);
  for (size_t i = 0; i < n; i++) {
    memcpy(buf + i * k, s, k);
  }
  buf[k * n] = '\0';
  *len = k * n;
  return buf;
}

/* Levels of nested lists in v. */
static int list_depth(const mls_value *v)
{
  int d = 0;
  while (v->kind == MLS_V_LIST && v->u.list.n == 1) {
    v = v->u.list.items[0];
    d++;
  }
  return v->kind == MLS_V_LIST ? d + 1 : d;
}

START_TEST(eval_tf_funcs_dec__yamldecode_deep_nesting_hits_the_bound)
{
  /* TF_FN__MAX_DEPTH is 4 * MLS_MAX_NESTING = 1024: 1025 levels of lists
   * put the innermost at depth 1024, one more passes the bound. */
  size_t n = MLS_MAX_NESTING * 4 + 1, la, lb;
  char *open = repeat("[", n + 1, &la), *close = repeat("]", n + 1, &lb);
  char *doc = mls_arena_alloc(arena, la + lb + 1);
  mls_value *v;

  ck_assert_ptr_nonnull(doc);
  memcpy(doc, open + 1, la - 1);
  memcpy(doc + la - 1, close + 1, lb - 1);
  v = decn("yamldecode", doc, la - 1 + lb - 1);
  ck_assert_msg(v->kind == MLS_V_LIST, "%d", (int)v->kind);
  ck_assert_int_eq(list_depth(v), (int)n);

  memcpy(doc, open, la);
  memcpy(doc + la, close, lb);
  LIMITED("yamldecode", doc, la + lb);
  ck_assert(last_diag(MLS_ELIMIT, "TF_FN__MAX_DEPTH"));

  /* 100k levels: stops at the bound, without exhausting the stack. */
  open = repeat("[", 100000, &la);
  LIMITED("yamldecode", open, la);
  open = repeat("{a: ", 100000, &la);
  LIMITED("yamldecode", open, la);
  open = repeat("- ", 100000, &la);
  LIMITED("yamldecode", open, la);

  /* An alias adds the height of what it shares. */
  {
    size_t half = MLS_MAX_NESTING * 2 + 10, l1, l2, l3, l4;
    char *o = repeat("[", half, &l1), *cl = repeat("]", half, &l2);
    char *o2 = repeat("[", half, &l3), *c2 = repeat("]", half, &l4);
    char *d2 = mls_arena_alloc(arena, 2 * (l1 + l2) + 64);
    int len;
    ck_assert_ptr_nonnull(d2);
    len = snprintf(d2, 2 * (l1 + l2) + 64, "a: &a %s%s\nb: %s*a%s\n", o, cl, o2,
                   c2);
    LIMITED("yamldecode", d2, (size_t)len);
    ck_assert(last_diag(MLS_ELIMIT, "alias nests deeper"));
  }
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_alias_bomb_hits_the_bound)
{
  const char *bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
      "\"lol\"]\n"
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
  mls_value *v;

  LIMITED("yamldecode", bomb, strlen(bomb));
  ck_assert(last_diag(MLS_ELIMIT, "MLS_MAX_YAMLDECODE_ALIAS_NODES"));
  ck_assert_uint_lt(mls_arena_used(arena), 1u << 20);

  /* The same shape, small enough: shared, not copied. */
  v = dec("yamldecode", "a: &a [1, 2]\nb: &b [*a, *a, *a]\nc: [*b, *b]");
  ck_assert_str_eq(J(mls_value_path(v, "c")),
                   "[[[1,2],[1,2],[1,2]],[[1,2],[1,2],[1,2]]]");
  ck_assert_ptr_eq(mls_value_path(v, "c.0.2"), mls_value_path(v, "a"));

  /* Merges count too: 300 services merging 50 shared keys (15,000
   * nodes, a real configuration's shape) decode; 2,500 entries merging
   * 100 keys (250,000) are past the bound. */
  for (int big = 0; big < 2; big++) {
    unsigned nkeys = big ? 100 : 50, entries = big ? 2500 : 300;
    mls_buf doc = MLS_BUF_INIT(1u << 24);
    size_t len;
    char *many = repeat("- {<<: *m, z: 1}\n", entries, &len);

    ck_assert_int_eq(mls_buf_printf(&doc, "- &m {"), MLS_OK);
    for (unsigned k = 0; k < nkeys; k++) {
      ck_assert_int_eq(mls_buf_printf(&doc, "%sk%u: %u", k ? ", " : "", k, k),
                       MLS_OK);
    }
    ck_assert_int_eq(mls_buf_printf(&doc, "}\n%s", many), MLS_OK);
    if (big) {
      LIMITED("yamldecode", doc.ptr, doc.len);
      ck_assert(last_diag(MLS_ELIMIT, "MLS_MAX_YAMLDECODE_ALIAS_NODES"));
    } else {
      v = decn("yamldecode", doc.ptr, doc.len);
      ck_assert(v->kind == MLS_V_LIST);
      ck_assert_uint_eq(v->u.list.n, 301);
      ck_assert_str_eq(J(mls_value_path(v, "300.k49")), "49");
      ck_assert_str_eq(J(mls_value_path(v, "300.z")), "1");
    }
    mls_buf_dispose(&doc);
  }
}
END_TEST

START_TEST(eval_tf_funcs_dec__yamldecode_large_input_is_linear)
{
  size_t len;
  char *doc = repeat("- {name: item, value: 12.5, on: yes}\n", 50000, &len);
  mls_value *v = decn("yamldecode", doc, len);
  ck_assert(v->kind == MLS_V_LIST);
  ck_assert_uint_eq(v->u.list.n, 50000);
  ck_assert_str_eq(J(v->u.list.items[49999]),
                   "{\"name\":\"item\",\"true\":true,\"value\":12.5}");
  doc = repeat(",1", MLS_MAX_BODY_ITEMS + 2, &len);
  doc[0] = '['; /* "[1,1,...,1" with n + 1 items, then "]" */
  doc[len - 1] = ']';
  LIMITED("yamldecode", doc, len);
  ck_assert(last_diag(MLS_ELIMIT, "MLS_MAX_BODY_ITEMS"));
}
END_TEST

/* ---- csvdecode ------------------------------------------------------------
 */

START_TEST(eval_tf_funcs_dec__csvdecode_documented_examples)
{
  C("a,b,c\n1,2,3\n4,5,6",
    "[{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"},{\"a\":\"4\",\"b\":\"5\","
    "\"c\":\"6\"}]");
  /* The for_each example, as its heredoc (<<-CSV) leaves it. */
  C("local_id,instance_type,ami\n"
    "foo1,t2.micro,ami-54d2a63b\n"
    "foo2,t2.micro,ami-54d2a63b\n"
    "foo3,t2.micro,ami-54d2a63b\n"
    "bar1,m3.large,ami-54d2a63b\n",
    "[{\"ami\":\"ami-54d2a63b\",\"instance_type\":\"t2.micro\","
    "\"local_id\":\"foo1\"},"
    "{\"ami\":\"ami-54d2a63b\",\"instance_type\":\"t2.micro\","
    "\"local_id\":\"foo2\"},"
    "{\"ami\":\"ami-54d2a63b\",\"instance_type\":\"t2.micro\","
    "\"local_id\":\"foo3\"},"
    "{\"ami\":\"ami-54d2a63b\",\"instance_type\":\"m3.large\","
    "\"local_id\":\"bar1\"}]");
}
END_TEST

START_TEST(eval_tf_funcs_dec__csvdecode_quoting_and_line_ends)
{
  C("a,b\n\"x,y\",\"say \"\"hi\"\"\"",
    "[{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\"}]");
  C("a,b\n\"line1\nline2\",z", "[{\"a\":\"line1\\nline2\",\"b\":\"z\"}]");
  C("a,b\r\n1,2\r\n3,4\r\n", "[{\"a\":\"1\",\"b\":\"2\"},{\"a\":\"3\",\"b\":"
                             "\"4\"}]");
  /* A CRLF inside quotes is kept as \n, as Go reads it. */
  C("a\r\n\"x\r\ny\"\r\n", "[{\"a\":\"x\\ny\"}]");
  C("a\n\"x\n\ny\"\n", "[{\"a\":\"x\\n\\ny\"}]");
  C("a,b\n\"\",\"\"\"\"", "[{\"a\":\"\",\"b\":\"\\\"\"}]");
  /* Leading spaces are kept; empty fields and empty lines. */
  C(" a, b\n 1 , 2 ", "[{\" a\":\" 1 \",\" b\":\" 2 \"}]");
  C("a,b,c\n1,,\n", "[{\"a\":\"1\",\"b\":\"\",\"c\":\"\"}]");
  C("a,b\n\n\n1,2\n\n", "[{\"a\":\"1\",\"b\":\"2\"}]");
  C("\n\na\n1", "[{\"a\":\"1\"}]");
  /* A lone \r is data; one before the end of input is dropped. */
  C("a\nx\ry\n", "[{\"a\":\"x\\ry\"}]");
  C("a\nx\r", "[{\"a\":\"x\"}]");
}
END_TEST

START_TEST(eval_tf_funcs_dec__csvdecode_header_rules)
{
  C("a,b\n", "[]");
  C("a,b", "[]");
  C("b,a,c\n1,2,3", "[{\"a\":\"2\",\"b\":\"1\",\"c\":\"3\"}]");
  C("\"\",x\n1,2", "[{\"\":\"1\",\"x\":\"2\"}]");
  CERR("", "missing header line");
  CERR("\n\r\n\n", "missing header line");
  CERR("a,b,a\n1,2,3", "duplicate column name \"a\"");
  CERR("x,b,x,b\n1,2,3,4", "duplicate column name \"x\"");
  CERR("a,b,b,a\n1,2,3,4", "duplicate column name \"b\"");
}
END_TEST

START_TEST(eval_tf_funcs_dec__csvdecode_errors)
{
  CERR("a,b\n1,2\n3\n", "CSV parse error on line 3: wrong number of fields");
  CERR("a,b\n1,2,3", "CSV parse error on line 2: wrong number of fields");
  CERR("a\n\n\n1,2", "CSV parse error on line 4: wrong number of fields");
  CERR("a,b\n1,x\"y", "CSV parse error on line 2: bare \" in "
                      "non-quoted-field");
  CERR("a,b\n1, \"y\"", "line 2: bare \" in non-quoted-field");
  CERR("a,b\n\"x\"y,2", "CSV parse error on line 2: extraneous or missing "
                        "\" in quoted-field");
  CERR("a\n\"abc", "line 2: extraneous or missing \" in quoted-field");
  CERR("a\n\"abc\ndef\n", "line 3: extraneous or missing \" in "
                          "quoted-field");
  CERR("a\n\"x\"\n1,2\n", "line 3: wrong number of fields");
  CERR("a\"b\n1", "line 1: bare \"");
}
END_TEST

START_TEST(eval_tf_funcs_dec__csvdecode_rows_are_bounded)
{
  size_t len;
  char *doc = repeat("1\n", MLS_MAX_BODY_ITEMS + 1, &len);
  doc[0] = 'a'; /* the header */
  mls_value *v = decn("csvdecode", doc, len);
  ck_assert(v->kind == MLS_V_LIST);
  ck_assert_uint_eq(v->u.list.n, MLS_MAX_BODY_ITEMS);
  doc = repeat("1\n", MLS_MAX_BODY_ITEMS + 2, &len);
  doc[0] = 'a';
  LIMITED("csvdecode", doc, len);
}
END_TEST

/* ---- allocation failure ---------------------------------------------------
 */

/* Calls whose every allocation the tests below fail in turn. */
static const char *const fail_calls[][2] = {
  { "yamldecode", "base: &b {x: 1, y: [a, 'b', 2012-10-17]}\n"
                  "list:\n  - <<: *b\n    z: 1.50\n  - *b\n  - |\n    text\n"
                  "0x1F: !!binary aGVsbG8=\n" },
  { "yamldecode", "a: [1, 2\n" },
  { "yamldecode", "- 1\n- {a: *x}\n" },
  { "csvdecode", "b,a\n\"x,\"\"y\"\"\",2\n\"multi\nline\",3\r\n4,5\n" },
  { "csvdecode", "a,b\n1\n" },
};
#define NFAIL (sizeof(fail_calls) / sizeof(fail_calls[0]))

START_TEST(eval_tf_funcs_dec__enomem_at_every_arena_size)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *a = mls_value_string(arena, S(fail_calls[k][1])), *full = NULL;
    mls_arena *big = mls_arena_new(MLS_ARENA_CAP_BYTES);
    const char *want;
    size_t used;
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(big);
    ck_assert_int_eq(call_in(big, fail_calls[k][0], a, &full), MLS_OK);
    want = J(full);
    used = mls_arena_used(big);
    mls_arena_free(big);
    for (size_t cap = 0; cap <= used + 64; cap += 8) {
      mls_arena *tight = mls_arena_new(cap);
      mls_value *out = (mls_value *)(uintptr_t)1;
      int rc;
      ck_assert_ptr_nonnull(tight);
      rc = call_in(tight, fail_calls[k][0], a, &out);
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
#define FAIL_STEPS 300

START_TEST(eval_tf_funcs_dec__allocation_loop_reaches_every_allocation)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *a = mls_value_string(arena, S(fail_calls[k][1])), *out = NULL;
    mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
    unsigned long before;
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(res);
    mls_alloc_fail_after(-1); /* resets the count */
    before = mls_alloc_count();
    ck_assert_int_eq(call_in(res, fail_calls[k][0], a, &out), MLS_OK);
    ck_assert_msg(mls_alloc_count() - before < FAIL_STEPS,
                  "%s makes %lu allocations", fail_calls[k][0],
                  mls_alloc_count() - before);
    mls_arena_free(res);
  }
}
END_TEST

START_TEST(eval_tf_funcs_dec__enomem_at_every_allocation)
{
  /* _i selects the call and the allocation to fail. */
  size_t k = (size_t)_i % NFAIL;
  long nth = _i / (long)NFAIL;
  mls_value *a = mls_value_string(arena, S(fail_calls[k][1])), *out = NULL;
  mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  int rc;

  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(res);
  mls_alloc_fail_after(nth);
  rc = call_in(res, fail_calls[k][0], a, &out);
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

Suite *eval_tf_funcs_dec_suite(void)
{
  Suite *s = suite_create("eval_tf_funcs_dec");
  TCase *tc = tcase_create("yamldecode");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_documented_examples);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_null_spellings);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_bool_spellings);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_int_spellings);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_float_spellings);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_strings_and_styles);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_timestamps);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_tags);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_anchors_aliases_merge);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_mapping_keys);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_one_document);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_malformed_input);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_iam_policy_document);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_arguments);
  tcase_add_test(tc, eval_tf_funcs_dec__every_argument_shape_gives_a_value);
  suite_add_tcase(s, tc);

  tc = tcase_create("csvdecode");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, eval_tf_funcs_dec__csvdecode_documented_examples);
  tcase_add_test(tc, eval_tf_funcs_dec__csvdecode_quoting_and_line_ends);
  tcase_add_test(tc, eval_tf_funcs_dec__csvdecode_header_rules);
  tcase_add_test(tc, eval_tf_funcs_dec__csvdecode_errors);
  suite_add_tcase(s, tc);

  tc = tcase_create("bounds");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_deep_nesting_hits_the_bound);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_alias_bomb_hits_the_bound);
  tcase_add_test(tc, eval_tf_funcs_dec__yamldecode_large_input_is_linear);
  tcase_add_test(tc, eval_tf_funcs_dec__csvdecode_rows_are_bounded);
  suite_add_tcase(s, tc);

  tc = tcase_create("allocation");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, eval_tf_funcs_dec__enomem_at_every_arena_size);
  tcase_add_test(tc,
                 eval_tf_funcs_dec__allocation_loop_reaches_every_allocation);
  tcase_add_loop_test(tc, eval_tf_funcs_dec__enomem_at_every_allocation, 0,
                      (int)NFAIL * FAIL_STEPS);
  suite_add_tcase(s, tc);
  return s;
}
