/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/eval/test_tf_funcs.c -- core/eval/tf_funcs*.c: every
 * Terraform function against the examples of its documentation
 * (developer.hashicorp.com/terraform/language/functions), type
 * conversions, unknown and error propagation, try()/can(), sensitivity,
 * jsonencode()/yamlencode() byte for byte, bounds, and allocation failure.
 *
 * Arguments are written as one JSON array and built with jsondecode()
 * (tested on its own first); the strings "$unknown" and "$error" inside
 * become an unknown and an error value. Results are compared through
 * core/model's JSON writer, which is independent of the library: keys in
 * insertion order, numbers as their text, unknowns as {"unknown":...}.
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

/* ---- mock file access ---------------------------------------------------- */

static int mock_read(void *payload, const char *path, const char **data,
                     size_t *len, mls_diag *d)
{
  (void)payload;
  if (strcmp(path, "hello.txt") == 0) {
    *data = "Hello World";
    *len = 11;
    return MLS_OK;
  }
  if (strcmp(path, "greeting.tftpl") == 0) {
    *data = "Hello, ${name}!";
    *len = 15;
    return MLS_OK;
  }
  if (strcmp(path, "binary.bin") == 0) {
    *data = "\xff\xfe\x00\x01";
    *len = 4;
    return MLS_OK;
  }
  if (strncmp(path, "../", 3) == 0) {
    return mls_diag_add(d, MLS_EINPUT, NULL, "%s is outside the repository",
                        path);
  }
  return mls_diag_add(d, MLS_EIO, NULL, "no file %s", path);
}

/* A stand-in renderer: "rendered(<src>|<number of vars>)". */
static int mock_render(void *payload, const char *src, size_t len,
                       const mls_value *vars, mls_value **out, mls_diag *d)
{
  char buf[128];
  mls_arena *a = payload;
  (void)d;
  snprintf(buf, sizeof(buf), "rendered(%.*s|%u)", (int)len, src, vars->u.map.n);
  *out = mls_value_string(a, S(buf));
  return *out ? MLS_OK : MLS_ENOMEM;
}

/* ---- calling ------------------------------------------------------------- */

static tf_fn_ctx context(mls_arena *a)
{
  tf_fn_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.arena = a;
  ctx.diag = &diag;
  ctx.read_file = mock_read;
  ctx.render = mock_render;
  ctx.payload = a;
  ctx.module_dir = ".";
  return ctx;
}

static mls_value *callx(const char *name, mls_value **args, uint32_t n,
                        bool expand)
{
  tf_fn_ctx ctx = context(arena);
  mls_value *out = NULL;
  int rc = tf_call_function(&ctx, S(name), args, n, expand, &out);
  ck_assert_int_eq(rc, MLS_OK);
  ck_assert_ptr_nonnull(out);
  return out;
}

static mls_value *callv(const char *name, mls_value **args, uint32_t n)
{
  return callx(name, args, n, false);
}

/* Replace the marker strings by unknown and error values. */
static void markers(mls_value *v)
{
  if (!v) {
    return;
  }
  if (v->kind == MLS_V_STRING && mls_span_eq(v->u.str, "$unknown")) {
    v->kind = MLS_V_UNKNOWN;
    v->u.unknown.expr = S("var.x");
    v->u.unknown.why = "test: known after apply";
  } else if (v->kind == MLS_V_STRING && mls_span_eq(v->u.str, "$error")) {
    v->kind = MLS_V_UNKNOWN;
    v->u.unknown.expr = S("var.y");
    v->u.unknown.why = "error: test failure";
  } else if (v->kind == MLS_V_LIST) {
    for (uint32_t i = 0; i < v->u.list.n; i++) {
      markers(v->u.list.items[i]);
    }
  } else if (v->kind == MLS_V_MAP) {
    /* {"$open": true, ...}: a resource's map (TF_VF_OPEN); "$open" sorts
     * first, and goes. */
    if (v->u.map.n > 0 && mls_span_eq(v->u.map.entries[0].key, "$open")) {
      v->flags |= TF_VF_OPEN;
      v->u.map.entries++;
      v->u.map.n--;
    }
    for (uint32_t i = 0; i < v->u.map.n; i++) {
      markers(v->u.map.entries[i].value);
    }
  }
}

/* A value from JSON text, with markers. */
static mls_value *V(const char *json)
{
  mls_value *s = mls_value_string(arena, S(json));
  mls_value *v = callv("jsondecode", &s, 1);
  ck_assert_msg(v->kind != MLS_V_UNKNOWN, "bad test JSON: %s", json);
  markers(v);
  return v;
}

/* Call name with the arguments of a JSON array. */
static mls_value *call(const char *name, const char *args)
{
  mls_value *a = V(args);
  ck_assert(a->kind == MLS_V_LIST);
  return callv(name, a->u.list.items, a->u.list.n);
}

#define EQ(name, args, want) ck_assert_str_eq(J(call(name, args)), want)

#define ERR(name, args)                                                        \
  do {                                                                         \
    size_t before_ = diag.n + diag.dropped;                                    \
    mls_value *r_ = call(name, args);                                          \
    ck_assert_msg(is_error(r_), "%s(%s) gave %s, not an error", name, args,    \
                  J(r_));                                                      \
    ck_assert_uint_gt(diag.n + diag.dropped, before_);                         \
  } while (0)

#define UNK(name, args)                                                        \
  do {                                                                         \
    mls_value *r_ = call(name, args);                                          \
    ck_assert_msg(is_unknown(r_), "%s(%s) gave %s, not unknown", name, args,   \
                  J(r_));                                                      \
  } while (0)

/* ---- jsondecode first: every other test builds arguments with it ---- */

START_TEST(eval_tf_funcs__jsondecode_documented_examples)
{
  EQ("jsondecode", "[\"{\\\"hello\\\": \\\"world\\\"}\"]",
     "{\"hello\":\"world\"}");
  EQ("jsondecode", "[\"true\"]", "true");
  EQ("jsondecode", "[\" [1, 2.50, -0.5e1, \\\"x\\\", null, {}] \"]",
     "[1,2.5,-5,\"x\",null,{}]");
}
END_TEST

START_TEST(eval_tf_funcs__jsondecode_keeps_exact_numbers_and_sorts_keys)
{
  mls_value *v = call("jsondecode", "[\"{\\\"b\\\": 12345678901234567890123, "
                                    "\\\"a\\\": 1e3, \\\"c\\\": 0.1}\"]");
  ck_assert_str_eq(J(v), "{\"a\":1000,\"b\":12345678901234567890123,"
                         "\"c\":0.1}");
  ck_assert(mls_value_get(v, "c")->u.num.d == 0.1);
}
END_TEST

START_TEST(eval_tf_funcs__jsondecode_iam_policy_is_readable)
{
  const mls_value *stmt;
  mls_value *v =
      call("jsondecode",
           "[\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{"
           "\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":[\\\"s3:*\\\"],"
           "\\\"Resource\\\":\\\"*\\\"}]}\"]");
  stmt = mls_value_path(v, "Statement.0");
  ck_assert_ptr_nonnull(stmt);
  ck_assert(mls_span_eq(mls_value_path(stmt, "Action.0")->u.str, "s3:*"));
  ck_assert(mls_span_eq(mls_value_get(stmt, "Resource")->u.str, "*"));
}
END_TEST

START_TEST(eval_tf_funcs__jsondecode_escapes_and_errors)
{
  EQ("jsondecode", "[\"\\\"a\\\\u00e9\\\\ud83d\\\\ude00\\\\n\\\\/\\\"\"]",
     "\"a\xc3\xa9\xf0\x9f\x98\x80\\n/\"");
  /* A lone surrogate decodes as U+FFFD, as Go does. */
  EQ("jsondecode", "[\"\\\"\\\\ud800\\\"\"]", "\"\xef\xbf\xbd\"");
  ERR("jsondecode", "[\"{\\\"a\\\":1,\\\"a\\\":2}\"]");
  ERR("jsondecode", "[\"[1,]\"]");
  ERR("jsondecode", "[\"01\"]");
  ERR("jsondecode", "[\"\"]");
  ERR("jsondecode", "[\"{} x\"]");
  ERR("jsondecode", "[\"\\\"\\t\\\"\"]");
  ERR("jsondecode", "[\"nul\"]");
  UNK("jsondecode", "[\"$unknown\"]");
}
END_TEST

/* ---- dispatch --------------------------------------------------------------
 */

START_TEST(eval_tf_funcs__unsupported_function_is_unknown_with_diag)
{
  mls_value *r = call("nosuchfunction", "[1]");
  ck_assert(is_unknown(r));
  ck_assert_uint_eq(diag.n, 1);
  ck_assert_ptr_nonnull(strstr(diag.v[0].message, "nosuchfunction"));
  r = call("provider::aws::arn_parse", "[\"arn:aws:s3:::b\"]");
  ck_assert(is_unknown(r));
  ck_assert(!tf_function_known(S("nosuchfunction")));
  ck_assert(tf_function_known(S("cidrsubnet")));
  ck_assert(tf_function_known(S("core::concat")));
  /* Prefixes and extensions of names are not names; nor is one with a
   * NUL inside, which the lookup must not read past. */
  ck_assert(!tf_function_known(S("con")));
  ck_assert(!tf_function_known(S("concatx")));
  ck_assert(!tf_function_known(S("")));
  ck_assert(!tf_function_known(mls_span_of("can\0x", 5)));
  ck_assert(tf_function_known(mls_span_of("canx", 3)));
  ck_assert(tf_function_known(S("zipmap")));
  ck_assert(tf_function_known(S("abs")));
  EQ("core::concat", "[[\"a\"],[\"b\"]]", "[\"a\",\"b\"]");
}
END_TEST

START_TEST(eval_tf_funcs__every_required_function_is_known)
{
  static const char *const names[] = {
    "concat",       "merge",        "lookup",
    "element",      "length",       "keys",
    "values",       "contains",     "coalesce",
    "coalescelist", "compact",      "distinct",
    "flatten",      "format",       "formatlist",
    "join",         "split",        "replace",
    "lower",        "upper",        "title",
    "trimspace",    "trim",         "trimprefix",
    "trimsuffix",   "substr",       "tolist",
    "toset",        "tomap",        "tostring",
    "tonumber",     "tobool",       "try",
    "can",          "jsonencode",   "jsondecode",
    "yamlencode",   "base64encode", "base64decode",
    "cidrsubnet",   "cidrhost",     "cidrnetmask",
    "min",          "max",          "abs",
    "ceil",         "floor",        "range",
    "zipmap",       "setunion",     "setintersection",
    "setsubtract",  "one",          "sort",
    "reverse",      "startswith",   "endswith",
    "strcontains",  "regex",        "regexall",
    "slice",        "index",        "alltrue",
    "anytrue",      "sum",          "file",
    "fileexists",   "templatefile", "pathexpand",
    "abspath",      "dirname",      "basename",
    "chunklist",    "transpose",    "matchkeys",
    "nonsensitive", "sensitive",    "md5",
    "sha1",         "sha256",       "uuid",
    "timestamp"
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    ck_assert_msg(tf_function_known(S(names[i])), "%s unknown", names[i]);
  }
}
END_TEST

START_TEST(eval_tf_funcs__wrong_arity_is_an_error)
{
  ERR("upper", "[]");
  ERR("upper", "[\"a\", \"b\"]");
  ERR("lookup", "[{}]");
  ERR("range", "[1, 2, 3, 4]");
  ERR("concat", "[]");
}
END_TEST

START_TEST(eval_tf_funcs__expand_final_argument)
{
  mls_value *a = V("[[12, 54, 3]]");
  ck_assert_str_eq(J(callx("max", a->u.list.items, 1, true)), "54");
  a = V("[\"-\", [[\"a\", \"b\"], [\"c\"]]]");
  ck_assert_str_eq(J(callx("join", a->u.list.items, 2, true)), "\"a-b-c\"");
  a = V("[\"$unknown\"]");
  ck_assert(is_unknown(callx("max", a->u.list.items, 1, true)));
  a = V("[\"x\"]");
  ck_assert(is_error(callx("max", a->u.list.items, 1, true)));
}
END_TEST

START_TEST(eval_tf_funcs__errors_are_handed_on_without_new_diags)
{
  mls_value *r = call("upper", "[\"$error\"]");
  ck_assert(is_error(r));
  ck_assert_str_eq(r->u.unknown.why, "error: test failure");
  ck_assert_uint_eq(diag.n, 0);
  /* a shallow function does not read into an element: a failure there
   * is left where it is (the list has two elements whatever it holds) */
  r = call("length", "[[1, [\"$error\"]]]");
  ck_assert_str_eq(J(r), "2");
  r = call("length", "[\"$error\"]");
  ck_assert(is_error(r));
  r = call("concat", "[[\"$error\"], [\"$unknown\"]]");
  ck_assert(r->kind == MLS_V_LIST && r->u.list.n == 2);
  ck_assert(is_error(r->u.list.items[0]));
  r = call("upper", "[[\"$error\"]]");
  ck_assert(is_error(r));
}
END_TEST

START_TEST(eval_tf_funcs__unknown_arguments_give_unknown_results)
{
  UNK("upper", "[\"$unknown\"]");
  UNK("join", "[\",\", [\"a\", \"$unknown\"]]");
  UNK("jsonencode", "[{\"a\": [\"$unknown\"]}]");
  UNK("cidrsubnet", "[\"10.0.0.0/16\", \"$unknown\", 1]");
  UNK("sort", "[[\"b\", \"$unknown\"]]");
  UNK("format", "[\"%s\", \"$unknown\"]");
  /* Functions that look inside keep what they can. */
  EQ("length", "[[\"$unknown\", 2]]", "2");
  EQ("concat", "[[\"a\"], [\"$unknown\"]]",
     "[\"a\",{\"unknown\":\"var.x\",\"why\":\"test: known after apply\"}]");
  EQ("lookup", "[{\"a\": 1, \"b\": \"$unknown\"}, \"a\"]", "1");
  EQ("keys", "[{\"a\": \"$unknown\"}]", "[\"a\"]");
  EQ("element", "[[\"a\", \"$unknown\"], 0]", "\"a\"");
  UNK("element", "[[\"a\", \"$unknown\"], 1]");
  UNK("lookup", "[\"$unknown\", \"a\"]");
}
END_TEST

/* A resource's map stands for attributes nobody wrote (what the provider
 * computes): nothing that needs all of it is known -- not
 * jsonencode(data.aws_region.current), which is no "{}", nor keys() of
 * it -- while a list of resources still has a length. */
START_TEST(eval_tf_funcs__a_resource_map_is_unknown_as_a_whole)
{
  mls_value *r;
  UNK("jsonencode", "[{\"$open\": true, \"name\": \"x\"}]");
  UNK("keys", "[{\"$open\": true}]");
  UNK("values", "[{\"$open\": true, \"a\": 1}]");
  UNK("length", "[{\"$open\": true, \"a\": 1}]");
  UNK("lookup", "[{\"$open\": true}, \"name\", \"dflt\"]");
  UNK("merge", "[{\"a\": 1}, {\"$open\": true}]");
  UNK("jsonencode", "[[1, {\"b\": {\"$open\": true}}]]");
  EQ("length", "[[{\"$open\": true}, {\"$open\": true}]]", "2");
  EQ("jsonencode", "[{\"a\": 1}]", "\"{\\\"a\\\":1}\"");
  /* try() and can() take it as it is. */
  r = call("try", "[{\"$open\": true, \"a\": 1}]");
  ck_assert(r->kind == MLS_V_MAP && (r->flags & TF_VF_OPEN));
  ck_assert_str_eq(J(call("can", "[{\"$open\": true}]")), "true");
  ck_assert_uint_eq(diag.n, 0);
}
END_TEST

START_TEST(eval_tf_funcs__null_arguments_are_rejected)
{
  ERR("upper", "[null]");
  ERR("length", "[null]");
  ERR("lookup", "[null, \"a\"]");
  ERR("format", "[null]");
  EQ("tostring", "[null]", "null");
  EQ("merge", "[null, {\"a\": 1}]", "{\"a\":1}");
}
END_TEST

START_TEST(eval_tf_funcs__wrong_types_are_errors)
{
  ERR("upper", "[[\"a\"]]");
  ERR("concat", "[\"a\"]");
  ERR("merge", "[[1]]");
  ERR("keys", "[[1]]");
  ERR("length", "[true]");
  ERR("element", "[\"abc\", 1]");
  ERR("cidrhost", "[[1], 1]");
  ERR("abs", "[\"x\"]");
  ERR("flatten", "[\"x\"]");
  ERR("base64decode", "[{}]");
}
END_TEST

/* ---- try, can, sensitivity, apply-time values ------------------------------
 */

START_TEST(eval_tf_funcs__try_skips_errors)
{
  EQ("try", "[\"$error\", \"fallback\"]", "\"fallback\"");
  EQ("try", "[\"first\", \"$error\"]", "\"first\"");
  EQ("try", "[{\"a\": [\"$error\"]}, 2]", "2");
  UNK("try", "[\"$unknown\", \"fallback\"]");
  ERR("try", "[\"$error\", \"$error\"]");
  ERR("try", "[]");
  /* The documented idiom: try(regex(...), default). */
  mls_value *args[2];
  args[0] = call("regex", "[\"^ami-\", \"foo\"]");
  args[1] = mls_value_string(arena, S("none"));
  ck_assert_str_eq(J(callv("try", args, 2)), "\"none\"");
}
END_TEST

START_TEST(eval_tf_funcs__can_is_false_for_errors)
{
  mls_value *arg = call("regex", "[\"^ami-\", \"ami-123\"]");
  ck_assert_str_eq(J(callv("can", &arg, 1)), "true");
  arg = call("regex", "[\"^ami-\", \"foo\"]");
  ck_assert_str_eq(J(callv("can", &arg, 1)), "false");
  EQ("can", "[\"$error\"]", "false");
  EQ("can", "[[1, {\"a\": \"$error\"}]]", "false");
  UNK("can", "[\"$unknown\"]");
}
END_TEST

START_TEST(eval_tf_funcs__sensitivity_is_carried)
{
  mls_value *s = call("sensitive", "[\"secret\"]"), *r;
  ck_assert(s->flags & MLS_VF_SENSITIVE);
  r = callv("upper", &s, 1);
  ck_assert(r->flags & MLS_VF_SENSITIVE);
  ck_assert(mls_span_eq(r->u.str, "SECRET"));
  ck_assert_str_eq(J(callv("issensitive", &s, 1)), "true");
  r = callv("nonsensitive", &s, 1);
  ck_assert(!(r->flags & MLS_VF_SENSITIVE));
  ck_assert(s->flags & MLS_VF_SENSITIVE); /* the argument is unchanged */
  /* Nested sensitivity marks results that look inside the value. */
  mls_value *l = V("[[\"a\", \"b\"]]");
  l->u.list.items[0]->u.list.items[1] =
      callv("sensitive", &l->u.list.items[0]->u.list.items[1], 1);
  ck_assert(callv("jsonencode", l->u.list.items, 1)->flags & MLS_VF_SENSITIVE);
  ck_assert(!(callv("length", l->u.list.items, 1)->flags & MLS_VF_SENSITIVE));
  EQ("issensitive", "[\"plain\"]", "false");
}
END_TEST

START_TEST(eval_tf_funcs__uuid_and_timestamp_are_unknown)
{
  UNK("uuid", "[]");
  UNK("timestamp", "[]");
  UNK("plantimestamp", "[]");
  UNK("bcrypt", "[\"x\"]");
  ck_assert_uint_eq(diag.n, 0);
}
END_TEST

/* ---- collections -----------------------------------------------------------
 */

START_TEST(eval_tf_funcs__concat_merge_lookup)
{
  EQ("concat", "[[\"a\", \"\"], [\"b\", \"c\"]]", "[\"a\",\"\",\"b\",\"c\"]");
  EQ("merge", "[{\"a\":\"b\", \"c\":\"d\"}, {\"e\":\"f\", \"c\":\"z\"}]",
     "{\"a\":\"b\",\"c\":\"z\",\"e\":\"f\"}");
  EQ("merge", "[{\"a\":\"b\"}, {\"a\":[1,2], \"c\":\"z\"}, {\"d\":3}]",
     "{\"a\":[1,2],\"c\":\"z\",\"d\":3}");
  EQ("merge", "[]", "{}");
  EQ("lookup", "[{\"a\":\"ay\", \"b\":\"bee\"}, \"a\", \"what?\"]", "\"ay\"");
  EQ("lookup", "[{\"a\":\"ay\", \"b\":\"bee\"}, \"c\", \"what?\"]",
     "\"what?\"");
  EQ("lookup", "[{\"1\":\"one\"}, 1]", "\"one\"");
  ERR("lookup", "[{\"a\":\"ay\"}, \"c\"]");
  ERR("lookup", "[[1], \"c\"]");
}
END_TEST

START_TEST(eval_tf_funcs__element_index_length)
{
  EQ("element", "[[\"a\", \"b\", \"c\"], 1]", "\"b\"");
  EQ("element", "[[\"a\", \"b\", \"c\"], 3]", "\"a\"");
  EQ("element", "[[\"a\", \"b\", \"c\"], \"2\"]", "\"c\"");
  ERR("element", "[[\"a\"], -1]");
  ERR("element", "[[], 0]");
  ERR("element", "[[\"a\"], 0.5]");
  EQ("index", "[[\"a\", \"b\", \"c\"], \"b\"]", "1");
  ERR("index", "[[\"a\"], \"z\"]");
  ERR("index", "[[], \"z\"]");
  EQ("length", "[[]]", "0");
  EQ("length", "[[\"a\", \"b\"]]", "2");
  EQ("length", "[{\"a\": \"b\"}]", "1");
  EQ("length", "[\"hello\"]", "5");
  /* Grapheme clusters: an emoji with a variation selector, a ZWJ family,
   * a flag, a combining accent. */
  EQ("length", "[\"\xf0\x9f\x91\xbe\xf0\x9f\x95\xb9\xef\xb8\x8f\"]", "2");
  EQ("length",
     "[\"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
     "\xf0\x9f\x91\xa7\"]",
     "1");
  EQ("length", "[\"\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\xf0\x9f\x87\xab\"]", "2");
  EQ("length", "[\"e\xcc\x81\"]", "1");
  EQ("length", "[\"a\\r\\nb\"]", "3");
}
END_TEST

START_TEST(eval_tf_funcs__keys_values_contains)
{
  EQ("keys", "[{\"a\":1, \"c\":2, \"d\":3}]", "[\"a\",\"c\",\"d\"]");
  EQ("values", "[{\"a\":3, \"c\":2, \"d\":1}]", "[3,2,1]");
  EQ("contains", "[[\"a\", \"b\", \"c\"], \"a\"]", "true");
  EQ("contains", "[[\"a\", \"b\", \"c\"], \"d\"]", "false");
  EQ("contains", "[[1, 2], 1.0]", "true");
  EQ("contains", "[[\"1\"], 1]", "false");
  EQ("contains", "[[{\"a\":[1]}], {\"a\":[1]}]", "true");
  UNK("contains", "[[\"$unknown\", \"b\"], \"a\"]");
  EQ("contains", "[[\"$unknown\", \"a\"], \"a\"]", "true");
}
END_TEST

START_TEST(eval_tf_funcs__coalesce_and_coalescelist)
{
  EQ("coalesce", "[\"a\", \"b\"]", "\"a\"");
  EQ("coalesce", "[\"\", \"b\"]", "\"b\"");
  EQ("coalesce", "[1, 2]", "1");
  EQ("coalesce", "[null, \"\", \"c\"]", "\"c\"");
  EQ("coalesce", "[1, \"hello\"]", "\"1\"");
  EQ("coalesce", "[true, \"hello\"]", "\"true\"");
  ERR("coalesce", "[{}, \"hello\"]");
  ERR("coalesce", "[null, \"\"]");
  EQ("coalesce", "[\"a\", \"$unknown\"]", "\"a\"");
  UNK("coalesce", "[null, \"$unknown\", \"b\"]");
  EQ("coalescelist", "[[\"a\", \"b\"], [\"c\", \"d\"]]", "[\"a\",\"b\"]");
  EQ("coalescelist", "[[], [\"c\", \"d\"]]", "[\"c\",\"d\"]");
  ERR("coalescelist", "[[], []]");
  ERR("coalescelist", "[\"a\"]");
  UNK("coalescelist", "[[], \"$unknown\"]");
}
END_TEST

START_TEST(eval_tf_funcs__compact_distinct_flatten)
{
  EQ("compact", "[[\"a\", \"\", \"b\", null, \"c\"]]", "[\"a\",\"b\",\"c\"]");
  EQ("compact", "[[1, \"\"]]", "[\"1\"]");
  UNK("compact", "[[\"a\", \"$unknown\"]]");
  ERR("compact", "[[[\"a\"]]]");
  EQ("distinct", "[[\"a\", \"b\", \"a\", \"c\", \"d\", \"b\"]]",
     "[\"a\",\"b\",\"c\",\"d\"]");
  EQ("distinct", "[[{\"a\":1}, {\"a\":1}, {\"a\":2}]]",
     "[{\"a\":1},{\"a\":2}]");
  EQ("distinct", "[[1, \"1\", 2]]", "[\"1\",\"2\"]");
  EQ("flatten", "[[[\"a\", \"b\"], [], [\"c\"]]]", "[\"a\",\"b\",\"c\"]");
  EQ("flatten", "[[[[\"a\", \"b\"], []], [\"c\"]]]", "[\"a\",\"b\",\"c\"]");
  EQ("flatten", "[[{\"a\":1}, [null]]]", "[{\"a\":1},null]");
  UNK("flatten", "[[[\"a\"], \"$unknown\"]]");
}
END_TEST

START_TEST(eval_tf_funcs__one_reverse_slice_sort)
{
  EQ("one", "[[]]", "null");
  EQ("one", "[[\"hello\"]]", "\"hello\"");
  ERR("one", "[[\"hello\", \"goodbye\"]]");
  EQ("reverse", "[[1, 2, 3]]", "[3,2,1]");
  ERR("reverse", "[\"abc\"]");
  EQ("slice", "[[\"a\", \"b\", \"c\", \"d\"], 1, 3]", "[\"b\",\"c\"]");
  EQ("slice", "[[\"a\"], 1, 1]", "[]");
  ERR("slice", "[[\"a\"], 0, 2]");
  ERR("slice", "[[\"a\", \"b\"], 2, 1]");
  EQ("sort", "[[\"e\", \"d\", \"a\", \"x\"]]", "[\"a\",\"d\",\"e\",\"x\"]");
  EQ("sort", "[[3, 1, 10]]", "[\"1\",\"10\",\"3\"]");
  ERR("sort", "[[\"a\", null]]");
  mls_value *set = call("toset", "[[\"b\", \"a\"]]");
  ck_assert(
      is_error(callv("slice", (mls_value *[]){ set, V("0"), V("1") }, 3)));
  ck_assert(is_error(callv("element", (mls_value *[]){ set, V("0") }, 2)));
}
END_TEST

START_TEST(eval_tf_funcs__chunklist_zipmap_transpose_matchkeys)
{
  EQ("chunklist", "[[\"a\", \"b\", \"c\", \"d\", \"e\"], 2]",
     "[[\"a\",\"b\"],[\"c\",\"d\"],[\"e\"]]");
  EQ("chunklist", "[[\"a\", \"b\", \"c\", \"d\", \"e\"], 1]",
     "[[\"a\"],[\"b\"],[\"c\"],[\"d\"],[\"e\"]]");
  EQ("chunklist", "[[\"a\", \"b\"], 0]", "[[\"a\",\"b\"]]");
  EQ("chunklist", "[[], 3]", "[]");
  ERR("chunklist", "[[\"a\"], -1]");
  EQ("zipmap", "[[\"a\", \"b\"], [1, 2]]", "{\"a\":1,\"b\":2}");
  EQ("zipmap", "[[\"b\", \"a\", \"b\"], [1, 2, 3]]", "{\"a\":2,\"b\":3}");
  ERR("zipmap", "[[\"a\"], [1, 2]]");
  UNK("zipmap", "[[\"$unknown\"], [1]]");
  EQ("transpose", "[{\"a\": [\"1\", \"2\"], \"b\": [\"2\", \"3\"]}]",
     "{\"1\":[\"a\"],\"2\":[\"a\",\"b\"],\"3\":[\"b\"]}");
  ERR("transpose", "[{\"a\": \"1\"}]");
  EQ("matchkeys",
     "[[\"i-123\", \"i-abc\", \"i-def\"], [\"us-west\", \"us-east\", "
     "\"us-east\"], [\"us-east\"]]",
     "[\"i-abc\",\"i-def\"]");
  EQ("matchkeys", "[[\"a\", \"b\"], [1, 2], [\"2\"]]", "[\"b\"]");
  ERR("matchkeys", "[[\"a\"], [1, 2], [1]]");
}
END_TEST

START_TEST(eval_tf_funcs__alltrue_anytrue_sum)
{
  EQ("alltrue", "[[\"true\", true]]", "true");
  EQ("alltrue", "[[true, false]]", "false");
  EQ("alltrue", "[[]]", "true");
  EQ("alltrue", "[[false, \"$unknown\"]]", "false");
  UNK("alltrue", "[[true, \"$unknown\"]]");
  ERR("alltrue", "[[1]]");
  EQ("anytrue", "[[\"true\"]]", "true");
  EQ("anytrue", "[[true, false]]", "true");
  EQ("anytrue", "[[]]", "false");
  EQ("anytrue", "[[\"$unknown\", true]]", "true");
  UNK("anytrue", "[[\"$unknown\", false]]");
  EQ("sum", "[[10, 13, 6, 4.5]]", "33.5");
  EQ("sum", "[[\"1\", 2]]", "3");
  EQ("sum", "[[9007199254740993, 1]]", "9007199254740994");
  ERR("sum", "[[]]");
  ERR("sum", "[[1, null]]");
  ERR("sum", "[[\"a\"]]");
}
END_TEST

START_TEST(eval_tf_funcs__sets)
{
  EQ("setunion", "[[\"a\", \"b\"], [\"b\", \"c\"], [\"d\"]]",
     "[\"a\",\"b\",\"c\",\"d\"]");
  EQ("setunion", "[[\"a\"], [1]]", "[\"1\",\"a\"]");
  EQ("setintersection", "[[\"a\", \"b\"], [\"b\", \"c\"], [\"b\", \"d\"]]",
     "[\"b\"]");
  EQ("setsubtract", "[[\"a\", \"b\", \"c\"], [\"a\", \"c\"]]", "[\"b\"]");
  EQ("setunion", "[[3, 1], [2, 10]]", "[1,2,3,10]");
  ck_assert(call("setunion", "[[\"a\"]]")->flags & MLS_VF_SET);
  UNK("setunion", "[[\"$unknown\"], [\"a\"]]");
  EQ("setproduct",
     "[[\"development\", \"staging\", \"production\"], [\"app1\", \"app2\"]]",
     "[[\"development\",\"app1\"],[\"development\",\"app2\"],"
     "[\"staging\",\"app1\"],[\"staging\",\"app2\"],"
     "[\"production\",\"app1\"],[\"production\",\"app2\"]]");
  EQ("setproduct", "[[\"a\"], []]", "[]");
}
END_TEST

START_TEST(eval_tf_funcs__type_conversions)
{
  EQ("tobool", "[true]", "true");
  EQ("tobool", "[\"true\"]", "true");
  EQ("tobool", "[\"0\"]", "false");
  EQ("tobool", "[null]", "null");
  ERR("tobool", "[\"no\"]");
  ERR("tobool", "[1]");
  EQ("tolist", "[[\"a\", \"b\", \"c\"]]", "[\"a\",\"b\",\"c\"]");
  EQ("tolist", "[[\"a\", \"b\", 3]]", "[\"a\",\"b\",\"3\"]");
  ERR("tolist", "[[\"a\", [1]]]");
  EQ("tomap", "[{\"a\": 1, \"b\": 2}]", "{\"a\":1,\"b\":2}");
  EQ("tomap", "[{\"a\": \"foo\", \"b\": true}]",
     "{\"a\":\"foo\",\"b\":\"true\"}");
  ERR("tomap", "[[1]]");
  EQ("tonumber", "[1]", "1");
  EQ("tonumber", "[\"1\"]", "1");
  EQ("tonumber", "[\"-1.50e1\"]", "-15");
  EQ("tonumber", "[null]", "null");
  ERR("tonumber", "[\"no\"]");
  ERR("tonumber", "[\" 1\"]");
  ERR("tonumber", "[true]");
  EQ("toset", "[[\"a\", \"b\", \"c\"]]", "[\"a\",\"b\",\"c\"]");
  EQ("toset", "[[\"a\", \"b\", 3]]", "[\"3\",\"a\",\"b\"]");
  EQ("toset", "[[\"c\", \"b\", \"b\"]]", "[\"b\",\"c\"]");
  EQ("toset", "[[true, false, true]]", "[false,true]");
  UNK("toset", "[[\"$unknown\", \"a\"]]");
  EQ("tostring", "[\"hello\"]", "\"hello\"");
  EQ("tostring", "[1]", "\"1\"");
  EQ("tostring", "[true]", "\"true\"");
  EQ("tostring", "[1e21]", "\"1000000000000000000000\"");
  ERR("tostring", "[[]]");
}
END_TEST

START_TEST(eval_tf_funcs__number_text_is_canonical)
{
  mls_value *n = mls_value_number(arena, 1.5, S("1.50"));
  ck_assert_str_eq(J(callv("tostring", &n, 1)), "\"1.5\"");
  n = mls_value_number(arena, 1000, S("1e3"));
  ck_assert_str_eq(J(callv("jsonencode", &n, 1)), "\"1000\"");
  ck_assert_str_eq(J(callv("abs", &n, 1)), "1000");
}
END_TEST

/* ---- numbers ---------------------------------------------------------------
 */

START_TEST(eval_tf_funcs__numeric_functions)
{
  EQ("abs", "[23]", "23");
  EQ("abs", "[0]", "0");
  EQ("abs", "[-12.4]", "12.4");
  EQ("ceil", "[5]", "5");
  EQ("ceil", "[5.1]", "6");
  EQ("floor", "[5]", "5");
  EQ("floor", "[4.9]", "4");
  EQ("floor", "[-1.5]", "-2");
  EQ("max", "[12, 54, 3]", "54");
  EQ("min", "[12, 54, 3]", "3");
  EQ("max", "[\"7\", 5]", "7");
  ERR("max", "[\"x\"]");
  EQ("log", "[50, 10]", "1.6989700043360185");
  EQ("log", "[16, 2]", "4");
  EQ("pow", "[3, 2]", "9");
  EQ("pow", "[4, 0]", "1");
  EQ("signum", "[-13]", "-1");
  EQ("signum", "[0]", "0");
  EQ("signum", "[344]", "1");
  EQ("parseint", "[\"100\", 10]", "100");
  EQ("parseint", "[\"FF\", 16]", "255");
  EQ("parseint", "[\"-10\", 16]", "-16");
  EQ("parseint", "[\"1011111011101111\", 2]", "48879");
  EQ("parseint", "[\"aA\", 62]", "656");
  ERR("parseint", "[\"12\", 2]");
  ERR("parseint", "[\"1\", 1]");
}
END_TEST

START_TEST(eval_tf_funcs__range)
{
  EQ("range", "[3]", "[0,1,2]");
  EQ("range", "[1, 4]", "[1,2,3]");
  EQ("range", "[1, 8, 2]", "[1,3,5,7]");
  EQ("range", "[1, 4, 0.5]", "[1,1.5,2,2.5,3,3.5]");
  EQ("range", "[4, 1]", "[4,3,2]");
  EQ("range", "[10, 5, -2]", "[10,8,6]");
  EQ("range", "[0]", "[]");
  EQ("range", "[-3]", "[0,-1,-2]");
  ERR("range", "[1, 2, 0]");
  ERR("range", "[1, 4, -1]");
  ERR("range", "[1025]");
  EQ("length", "[[]]", "0");
}
END_TEST

/* ---- strings ----------------------------------------------------------------
 */

START_TEST(eval_tf_funcs__case_functions)
{
  EQ("upper", "[\"hello\"]", "\"HELLO\"");
  EQ("upper", "[\"\xd0\xb0\xd0\xbb\xd0\xbb\xd0\xbe!\"]",
     "\"\xd0\x90\xd0\x9b\xd0\x9b\xd0\x9e!\"");
  EQ("lower", "[\"HELLO\"]", "\"hello\"");
  /* ASCII only: mapped a byte at a time, in chunks of 256. */
  EQ("upper", "[\"abc-XYZ_09 ~\"]", "\"ABC-XYZ_09 ~\"");
  EQ("lower", "[\"\"]", "\"\"");
  {
    char in[330], want[330];
    memset(in, 0, sizeof(in));
    memset(want, 0, sizeof(want));
    memcpy(in, "[\"", 2);
    want[0] = '"';
    for (int i = 0; i < 300; i++) {
      in[2 + i] = (char)('A' + i % 26);
      want[1 + i] = (char)('a' + i % 26);
    }
    memcpy(in + 302, "\"]", 2);
    want[301] = '"';
    EQ("lower", in, want);
  }
  EQ("lower", "[\"\xd0\x90\xd0\x9b\xd0\x9b\xd0\x9e!\"]",
     "\"\xd0\xb0\xd0\xbb\xd0\xbb\xd0\xbe!\"");
  /* Simple case mapping, as Go: sharp s has no single upper case. */
  EQ("upper",
     "[\"stra\xc3\x9f"
     "e\"]",
     "\"STRA\xc3\x9f"
     "E\"");
  EQ("upper", "[5]", "\"5\"");
  EQ("title", "[\"hello world\"]", "\"Hello World\"");
  EQ("title", "[\"hello-world_foo bar.baz\"]", "\"Hello-World_foo Bar.Baz\"");
}
END_TEST

START_TEST(eval_tf_funcs__trimming)
{
  EQ("trimspace", "[\"  hello\\n\\n\"]", "\"hello\"");
  EQ("trimspace", "[\"\xc2\xa0x\xe3\x80\x80\"]", "\"x\"");
  EQ("trim", "[\"?!hello?!\", \"!?\"]", "\"hello\"");
  EQ("trim", "[\"foobar\", \"far\"]", "\"oob\"");
  EQ("trim", "[\"   hello! world.!  \", \"! \"]", "\"hello! world.\"");
  EQ("trimprefix", "[\"helloworld\", \"hello\"]", "\"world\"");
  EQ("trimprefix", "[\"helloworld\", \"cat\"]", "\"helloworld\"");
  EQ("trimsuffix", "[\"helloworld\", \"world\"]", "\"hello\"");
  EQ("trimsuffix", "[\"helloworld\", \"cat\"]", "\"helloworld\"");
  EQ("chomp", "[\"hello\\n\"]", "\"hello\"");
  EQ("chomp", "[\"hello\\r\\n\"]", "\"hello\"");
  EQ("chomp", "[\"hello\\n\\n\"]", "\"hello\"");
}
END_TEST

START_TEST(eval_tf_funcs__predicates_and_strrev)
{
  EQ("startswith", "[\"hello world\", \"hello\"]", "true");
  EQ("startswith", "[\"hello world\", \"world\"]", "false");
  EQ("endswith", "[\"hello world\", \"world\"]", "true");
  EQ("endswith", "[\"hello world\", \"hello\"]", "false");
  EQ("strcontains", "[\"hello world\", \"wor\"]", "true");
  EQ("strcontains", "[\"hello world\", \"wod\"]", "false");
  EQ("strrev", "[\"hello\"]", "\"olleh\"");
  EQ("strrev", "[\"a \xe2\x98\x83\"]", "\"\xe2\x98\x83 a\"");
  EQ("strrev", "[\"e\xcc\x81x\"]", "\"xe\xcc\x81\"");
}
END_TEST

START_TEST(eval_tf_funcs__substr)
{
  EQ("substr", "[\"hello world\", 1, 4]", "\"ello\"");
  EQ("substr", "[\"\xf0\x9f\xa4\x94\xf0\x9f\xa4\xb7\", 0, 1]",
     "\"\xf0\x9f\xa4\x94\"");
  EQ("substr", "[\"hello world\", -5, -1]", "\"world\"");
  EQ("substr", "[\"hello world\", 7, 10]", "\"orld\"");
  EQ("substr", "[\"hello world\", 20, -1]", "\"\"");
  EQ("substr", "[\"hello\", 0, 0]", "\"\"");
  EQ("substr", "[\"hello\", -10, 2]", "\"he\"");
  ERR("substr", "[\"hello\", 0.5, 1]");
}
END_TEST

START_TEST(eval_tf_funcs__join_split_replace_indent)
{
  EQ("join", "[\", \", [\"foo\", \"bar\", \"baz\"]]", "\"foo, bar, baz\"");
  EQ("join", "[\", \", [\"foo\"]]", "\"foo\"");
  EQ("join", "[\"-\", [\"a\"], [1, true]]", "\"a-1-true\"");
  ERR("join", "[\"-\", [\"a\", null]]");
  ERR("join", "[\"-\"]");
  EQ("split", "[\",\", \"foo,bar,baz\"]", "[\"foo\",\"bar\",\"baz\"]");
  EQ("split", "[\",\", \"foo\"]", "[\"foo\"]");
  EQ("split", "[\",\", \"\"]", "[\"\"]");
  EQ("split", "[\"\", \"ab\"]", "[\"a\",\"b\"]");
  EQ("split", "[\", \", \"a, b,c, \"]", "[\"a\",\"b,c\",\"\"]");
  EQ("replace", "[\"1 + 2 + 3\", \"+\", \"-\"]", "\"1 - 2 - 3\"");
  EQ("replace", "[\"hello world\", \"/w.*d/\", \"everybody\"]",
     "\"hello everybody\"");
  EQ("replace", "[\"abc\", \"\", \"-\"]", "\"-a-b-c-\"");
  EQ("replace", "[\"hello\", \"/\", \"x\"]", "\"hello\"");
  EQ("indent", "[2, \"[\\n  foo,\\n  bar,\\n]\\n\"]",
     "\"[\\n    foo,\\n    bar,\\n  ]\\n  \"");
  ERR("indent", "[-1, \"x\"]");
}
END_TEST

START_TEST(eval_tf_funcs__format_documented_examples)
{
  EQ("format", "[\"Hello, %s!\", \"Ander\"]", "\"Hello, Ander!\"");
  EQ("format", "[\"There are %d lights\", 4]", "\"There are 4 lights\"");
  EQ("format", "[\"%%\"]", "\"%\"");
  EQ("format", "[\"%v %v %v %v\", \"s\", 1.5, true, null]",
     "\"s 1.5 true null\"");
  EQ("format", "[\"%v\", {\"b\": [1, \"<\"], \"a\": null}]",
     "\"{\\\"a\\\":null,\\\"b\\\":[1,\\\"\\\\u003c\\\"]}\"");
  EQ("format", "[\"%#v\", \"x\"]", "\"\\\"x\\\"\"");
  EQ("format", "[\"%q\", \"a\\\"b\"]", "\"\\\"a\\\\\\\"b\\\"\"");
  EQ("format", "[\"%t\", \"true\"]", "\"true\"");
}
END_TEST

START_TEST(eval_tf_funcs__format_widths_flags_and_verbs)
{
  EQ("format", "[\"|%5s|%-5s|%05s|\", \"ab\", \"ab\", \"ab\"]",
     "\"|   ab|ab   |000ab|\"");
  EQ("format", "[\"%.3s\", \"abcdef\"]", "\"abc\"");
  EQ("format", "[\"%05d|%-4d|%+d|% d\", 42, 7, 3, 3]", "\"00042|7   |+3| 3\"");
  EQ("format", "[\"%x %X %o %b %#x %#o\", 255, 255, 8, 5, 255, 8]",
     "\"ff FF 10 101 0xff 010\"");
  EQ("format", "[\"%d\", 12345678901234567890]", "\"12345678901234567890\"");
  EQ("format", "[\"%x\", -255]", "\"-ff\"");
  EQ("format", "[\"%.2f|%8.3f|%-8.1f|%08.2f\", 3.14159, 2.5, 2.5, -1.5]",
     "\"3.14|   2.500|2.5     |-0001.50\"");
  EQ("format", "[\"%e|%E|%.2e\", 123456, 0.5, 1234.5]",
     "\"1.234560e+05|5.000000E-01|1.23e+03\"");
  EQ("format", "[\"%g|%g|%g|%g\", 100000, 1000000, 0.0001, 0.00001]",
     "\"100000|1e+06|0.0001|1e-05\"");
  EQ("format", "[\"%v|%v\", 1234567, 0.000012]", "\"1.234567e+06|1.2e-05\"");
  EQ("format", "[\"%[2]s %[1]s %s\", \"a\", \"b\"]", "\"b a b\"");
  EQ("format", "[\"%d\", \"12\"]", "\"12\"");
  EQ("format", "[\"%s\", 1.5]", "\"1.5\"");
  EQ("format", "[\"%4s|\", \"\xf0\x9f\xa4\x94\"]", "\"   \xf0\x9f\xa4\x94|\"");
}
END_TEST

/* Cases from cty's format_test.go: digits come from the exact decimal. */
START_TEST(eval_tf_funcs__format_matches_cty_tests)
{
  EQ("format", "[\"%f things\", 10]", "\"10.000000 things\"");
  EQ("format", "[\"%+f|% f|%+f|% f\", 10, 10, -10, -10]",
     "\"+10.000000| 10.000000|-10.000000|-10.000000\"");
  EQ("format", "[\"%f\", \"100000000000000000000000000000000000001\"]",
     "\"100000000000000000000000000000000000001.000000\"");
  EQ("format",
     "[\"%f|%.4f\", \"1.00000000000000000000000000000000000001\", "
     "\"1.00000000000000000000000000000000000001\"]",
     "\"1.000000|1.0000\"");
  EQ("format", "[\"%.1f\", \"1.06\"]", "\"1.1\"");
  EQ("format", "[\"%e|%E|%g|%G\", 1000, 1000, 1000, 1000]",
     "\"1.000000e+03|1.000000E+03|1000|1000\"");
  EQ("format",
     "[\"%g|%G\", \"0.00000000000000000000001\", "
     "\"0.00000000000000000000001\"]",
     "\"1e-23|1E-23\"");
  EQ("format", "[\"%v\", 12345678901234567890]",
     "\"1.234567890123456789e+19\"");
  EQ("format", "[\"%.2f|%.0f|%.1f|%.2f\", 0.009, 0.5, 0.25, 0.004]",
     "\"0.01|0|0.2|0.00\"");
  EQ("format", "[\"%.3g|%.2g|%.10g\", 1234.5678, 100, 0.5]",
     "\"1.23e+03|1e+02|0.5\"");
  EQ("format",
     "[\"%6q|%-6q|%6.2q\", \"\xf0\x9f\x92\x83\xf0\x9f\x8f\xbf\", "
     "\"\xf0\x9f\x92\x83\xf0\x9f\x8f\xbf\", \"hello\"]",
     "\"   \\\"\xf0\x9f\x92\x83\xf0\x9f\x8f\xbf\\\"|\\\"\xf0\x9f\x92\x83"
     "\xf0\x9f\x8f\xbf\\\"   |  \\\"he\\\"\"");
  EQ("format",
     "[\"%.5s\", \"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5"
     "\xe6\x9c\xac\xe8\xaa\x9e\"]",
     "\"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\"");
  EQ("format", "[\"%q\", \"Hello\\nWorld\"]", "\"\\\"Hello\\\\nWorld\\\"\"");
  EQ("format", "[\"This statement is %q\", false]",
     "\"This statement is \\\"false\\\"\"");
  ERR("format", "[\"%\xe2\x98\xa0 is not a valid sequence\", 10]");
  ERR("format", "[\"%d\", true]");
}
END_TEST

START_TEST(eval_tf_funcs__format_errors)
{
  ERR("format", "[\"%s %s\", \"a\"]");
  ERR("format", "[\"%s\", \"a\", \"b\"]");
  ERR("format", "[\"plain\", \"b\"]");
  ERR("format", "[\"%d\", 1.5]");
  ERR("format", "[\"%d\", \"x\"]");
  ERR("format", "[\"%s\", null]");
  ERR("format", "[\"%s\", [1]]");
  ERR("format", "[\"%z\", 1]");
  ERR("format", "[\"%\", 1]");
  ERR("format", "[\"%[0]s\", 1]");
  ERR("format", "[\"%!\", 1]");
}
END_TEST

START_TEST(eval_tf_funcs__formatlist)
{
  EQ("formatlist",
     "[\"Hello, %s!\", [\"Valentina\", \"Ander\", \"Olivia\", \"Sam\"]]",
     "[\"Hello, Valentina!\",\"Hello, Ander!\",\"Hello, Olivia!\","
     "\"Hello, Sam!\"]");
  EQ("formatlist", "[\"%s, %s!\", \"Salutations\", [\"Valentina\", \"Ander\"]]",
     "[\"Salutations, Valentina!\",\"Salutations, Ander!\"]");
  EQ("formatlist", "[\"x\"]", "[\"x\"]");
  ERR("formatlist", "[\"%s\"]");
  EQ("formatlist", "[\"%s-%s\", [\"a\", \"b\"], [1, 2]]", "[\"a-1\",\"b-2\"]");
  EQ("formatlist", "[\"%s\", []]", "[]");
  ERR("formatlist", "[\"%s %s\", [\"a\"], [\"b\", \"c\"]]");
  ERR("formatlist", "[\"%d\", [\"x\"]]");
  UNK("formatlist", "[\"%s\", \"$unknown\"]");
  EQ("formatlist", "[\"%s\", [\"a\", \"$unknown\"]]",
     "[\"a\",{\"unknown\":\"\",\"why\":\"an argument is unknown\"}]");
}
END_TEST

/* ---- regular expressions ----------------------------------------------------
 */

START_TEST(eval_tf_funcs__regex_documented_examples)
{
  EQ("regex", "[\"[a-z]+\", \"53453453.345345aaabbbccc23454\"]",
     "\"aaabbbccc\"");
  EQ("regex",
     "[\"(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)\", \"2019-02-01\"]",
     "[\"2019\",\"02\",\"01\"]");
  EQ("regex",
     "[\"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?\", "
     "\"https://terraform.io/docs/\"]",
     "{\"authority\":\"terraform.io\",\"scheme\":\"https\"}");
  ERR("regex", "[\"[a-z]+\", \"53453453.34534523454\"]");
  EQ("regexall", "[\"[a-z]+\", \"1234abcd5678efgh9\"]", "[\"abcd\",\"efgh\"]");
  EQ("regexall", "[\"[a-z]+\", \"123456789\"]", "[]");
}
END_TEST

START_TEST(eval_tf_funcs__regex_translation)
{
  /* Named groups with (?<name>), an optional group that did not match. */
  EQ("regex", "[\"(?<a>x)(?<b>y)?\", \"x\"]", "{\"a\":\"x\",\"b\":null}");
  EQ("regex", "[\"(a)|(b)\", \"b\"]", "[null,\"b\"]");
  EQ("regex", "[\"(?i)hello\", \"say HeLLo\"]", "\"HeLLo\"");
  EQ("regex", "[\"a.c\", \"a\\nc abc\"]", "\"abc\"");
  EQ("regex", "[\"(?s)a.c\", \"a\\nc\"]", "\"a\\nc\"");
  EQ("regex", "[\"(?m)^b$\", \"a\\nb\\nc\"]", "\"b\"");
  EQ("regex", "[\"\\\\w+\\\\s\\\\S+\", \"!! ab_1 cd\"]", "\"ab_1 cd\"");
  EQ("regex", "[\"[\\\\d.]+\", \"v1.25.3-x\"]", "\"1.25.3\"");
  EQ("regex", "[\"[^\\\\]a]+\", \"]]bcd]\"]", "\"bcd\"");
  EQ("regex", "[\"\\\\.\\\\$\\\\(\", \"x.$(\"]", "\".$(\"");
  EQ("regex", "[\"a{2,3}\", \"aaaa\"]", "\"aaa\"");
  EQ("regex", "[\"x{\", \"x{\"]", "\"x{\"");
  EQ("regex", "[\"[[:alpha:]]+\", \"12ab3\"]", "\"ab\"");
  EQ("regex", "[\"\\\\Qa.b\\\\E+\", \"a.bb\"]", "\"a.bb\"");
  EQ("regex", "[\"\\\\x41\\\\x{42}\", \"xAB\"]", "\"AB\"");
  EQ("regex", "[\"\xc3\xa9+\", \"x\xc3\xa9\xc3\xa9y\"]",
     "\"\xc3\xa9\xc3\xa9\"");
  EQ("regex",
     "[\"^arn:aws:iam::(\\\\d{12}):role/(.+)$\", "
     "\"arn:aws:iam::123456789012:role/admin\"]",
     "[\"123456789012\",\"admin\"]");
  EQ("regexall", "[\"a*\", \"baaab\"]", "[\"\",\"aaa\",\"\"]");
}
END_TEST

START_TEST(eval_tf_funcs__regex_invalid_and_unsupported)
{
  ERR("regex", "[\"(a\", \"a\"]");
  ERR("regex", "[\"a)\", \"a\"]");
  ERR("regex", "[\"*a\", \"a\"]");
  ERR("regex", "[\"a**\", \"a\"]");
  ERR("regex", "[\"[a\", \"a\"]");
  ERR("regex", "[\"\\\\1\", \"a\"]");
  ERR("regex", "[\"\\\\y\", \"a\"]");
  ERR("regex", "[\"(?P<n>a)(b)\", \"ab\"]");
  ERR("regex", "[\"a{1001}\", \"a\"]");
  ERR("regex", "[\"[z-a]\", \"a\"]");
  UNK("regex", "[\"a+?\", \"aaa\"]");
  UNK("regex", "[\"\\\\pL\", \"a\"]");
  UNK("regex", "[\"a(?i)b\", \"aB\"]");
  UNK("regex", "[\"[\xc3\xa9]\", \"\xc3\xa9\"]");
  UNK("regex", "[\"(a{2}){3}\", \"aaaaaa\"]");
  ck_assert_uint_gt(diag.n, 0);
}
END_TEST

START_TEST(eval_tf_funcs__replace_with_regex)
{
  EQ("replace", "[\"hello world\", \"/(\\\\w+) (\\\\w+)/\", \"$2 $1\"]",
     "\"world hello\"");
  EQ("replace", "[\"abc\", \"/(?P<x>b)/\", \"[${x}]\"]", "\"a[b]c\"");
  EQ("replace", "[\"abc\", \"/b/\", \"$$\"]", "\"a$c\"");
  EQ("replace", "[\"abc\", \"/b/\", \"$1x\"]", "\"ac\"");
  EQ("replace", "[\"abc\", \"/x*/\", \"-\"]", "\"-a-b-c-\"");
  EQ("replace", "[\"aaa\", \"/a/\", \"\"]", "\"\"");
  ERR("replace", "[\"abc\", \"/(/\", \"x\"]");
}
END_TEST

/* ---- encodings ----------------------------------------------------------- */

START_TEST(eval_tf_funcs__jsonencode_is_byte_exact)
{
  EQ("jsonencode", "[{\"hello\": \"world\"}]",
     "\"{\\\"hello\\\":\\\"world\\\"}\"");
  mls_value *r =
      call("jsonencode",
           "[{\"b\": 1, \"a\": \"<tag> & \\\"q\\\" \\\\ \\n\\t\\r\\b\\f"
           "\\u0001\\u007f \xc3\xa9\xe2\x80\xa8\", \"c\": [true, null, 1.5, "
           "1e20, -0.0], \"d\": {}}]");
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_str_eq(
      mls_arena_strndup(arena, r->u.str.ptr, r->u.str.len),
      "{\"a\":\"\\u003ctag\\u003e \\u0026 \\\"q\\\" \\\\ \\n\\t\\r\\b\\f"
      "\\u0001\x7f \xc3\xa9\\u2028\",\"b\":1,\"c\":[true,null,1.5,"
      "100000000000000000000,0],\"d\":{}}");
  EQ("jsonencode", "[null]", "\"null\"");
  EQ("jsonencode", "[[]]", "\"[]\"");
  EQ("jsonencode", "[\"a\"]", "\"\\\"a\\\"\"");
}
END_TEST

START_TEST(eval_tf_funcs__jsonencode_invalid_utf8_and_sets)
{
  mls_value *s = mls_value_string(arena, mls_span_of("a\xff"
                                                     "b",
                                                     3)),
            *r;
  r = callv("jsonencode", &s, 1);
  ck_assert(mls_span_eq(r->u.str, "\"a\\ufffdb\""));
  mls_value *set = call("toset", "[[\"b\", \"a\", \"b\"]]");
  r = callv("jsonencode", &set, 1);
  ck_assert(mls_span_eq(r->u.str, "[\"a\",\"b\"]"));
}
END_TEST

START_TEST(eval_tf_funcs__jsonencode_policy_round_trip)
{
  const char *policy =
      "[{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"x\", "
      "\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
      "\"arn:aws:iam::123456789012:root\"}, \"Action\": [\"s3:GetObject\"], "
      "\"Resource\": \"arn:aws:s3:::b/*\", \"Condition\": {\"IpAddress\": "
      "{\"aws:SourceIp\": \"10.0.0.0/8\"}}}]}]";
  mls_value *enc = call("jsonencode", policy), *dec;
  ck_assert(mls_span_eq(
      enc->u.str,
      "{\"Statement\":[{\"Action\":[\"s3:GetObject\"],\"Condition\":{"
      "\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}},\"Effect\":"
      "\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
      "\"Resource\":\"arn:aws:s3:::b/*\",\"Sid\":\"x\"}],\"Version\":"
      "\"2012-10-17\"}"));
  dec = callv("jsondecode", &enc, 1);
  ck_assert(mls_value_equal(dec, V(policy)->u.list.items[0]));
}
END_TEST

START_TEST(eval_tf_funcs__yamlencode_documented_examples)
{
  EQ("yamlencode", "[{\"a\": \"b\", \"c\": \"d\"}]",
     "\"\\\"a\\\": \\\"b\\\"\\n\\\"c\\\": \\\"d\\\"\\n\"");
  EQ("yamlencode", "[{\"foo\": [1, 2, 3], \"bar\": \"baz\"}]",
     "\"\\\"bar\\\": \\\"baz\\\"\\n\\\"foo\\\":\\n- 1\\n- 2\\n- 3\\n\"");
  EQ("yamlencode",
     "[{\"foo\": [1, {\"a\": \"b\", \"c\": \"d\"}, 3], \"bar\": \"baz\"}]",
     "\"\\\"bar\\\": \\\"baz\\\"\\n\\\"foo\\\":\\n- 1\\n- \\\"a\\\": "
     "\\\"b\\\"\\n  \\\"c\\\": \\\"d\\\"\\n- 3\\n\"");
}
END_TEST

START_TEST(eval_tf_funcs__yamlencode_scalars_and_styles)
{
  EQ("yamlencode", "[true]", "\"true\\n...\\n\"");
  EQ("yamlencode", "[0]", "\"0\\n...\\n\"");
  EQ("yamlencode", "[null]", "\"null\\n...\\n\"");
  EQ("yamlencode", "[\"\"]", "\"\\\"\\\"\\n\"");
  EQ("yamlencode", "[\"hello\"]", "\"\\\"hello\\\"\\n\"");
  EQ("yamlencode", "[{}]", "\"{}\\n\"");
  EQ("yamlencode", "[[]]", "\"[]\\n\"");
  EQ("yamlencode", "[[\"b\"]]", "\"- \\\"b\\\"\\n\"");
  EQ("yamlencode", "[{\"a\": \"b\\nc\"}]", "\"\\\"a\\\": |-\\n  b\\n  c\\n\"");
  EQ("yamlencode", "[{\"a\": \"b\\n\"}]", "\"\\\"a\\\": |\\n  b\\n\"");
  EQ("yamlencode", "[\"x\\ty\\n\"]", "\"\\\"x\\\\ty\\\\n\\\"\\n\"");
  EQ("yamlencode", "[{\"a\": [[1], {}], \"b\": {\"c\": []}}]",
     "\"\\\"a\\\":\\n- - 1\\n- {}\\n\\\"b\\\":\\n  \\\"c\\\": []\\n\"");
  EQ("yamlencode", "[\"\xf0\x9f\x98\x80\"]", "\"\\\"\\\\U0001F600\\\"\\n\"");
}
END_TEST

START_TEST(eval_tf_funcs__yamlencode_folds_long_strings)
{
  char words[400];
  char args[600];
  mls_value *r;
  for (int i = 0; i < 30; i++) {
    memcpy(words + i * 5, "word ", 5);
  }
  words[30 * 5 - 1] = '\0';
  snprintf(args, sizeof(args), "[{\"k\": \"%s\"}]", words);
  r = call("yamlencode", args);
  /* libyaml breaks at the first space past column 80 and indents by 2:
   * sixteen words reach column 85 on the first line. */
  ck_assert(mls_span_eq(
      r->u.str,
      "\"k\": \"word word word word word word word word word word word word "
      "word word word word\n  word word word word word word word word word "
      "word word word word word\"\n"));
}
END_TEST

START_TEST(eval_tf_funcs__base64_and_urlencode)
{
  EQ("base64encode", "[\"Hello World\"]", "\"SGVsbG8gV29ybGQ=\"");
  EQ("base64encode", "[\"ab\"]", "\"YWI=\"");
  EQ("base64encode", "[\"\"]", "\"\"");
  EQ("base64decode", "[\"SGVsbG8gV29ybGQ=\"]", "\"Hello World\"");
  EQ("base64decode", "[\"YWI=\\n\"]", "\"ab\"");
  ERR("base64decode", "[\"YWI\"]");
  ERR("base64decode", "[\"Y!==\"]");
  ERR("base64decode", "[\"/w==\"]"); /* 0xFF is not UTF-8 */
  EQ("urlencode", "[\"Hello World!\"]", "\"Hello+World%21\"");
  EQ("urlencode", "[\"\xe2\x98\x83\"]", "\"%E2%98%83\"");
  EQ("urlencode", "[\"foo=bar&baz-_.~\"]", "\"foo%3Dbar%26baz-_.~\"");
}
END_TEST

START_TEST(eval_tf_funcs__hashes)
{
  EQ("md5", "[\"hello world\"]", "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  EQ("sha1", "[\"hello world\"]",
     "\"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed\"");
  EQ("sha256", "[\"hello world\"]",
     "\"b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9\"");
  EQ("sha512", "[\"hello world\"]",
     "\"309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989d"
     "d35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f\"");
  EQ("base64sha256", "[\"hello world\"]",
     "\"uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=\"");
  EQ("md5", "[\"\"]", "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EQ("sha256", "[\"\"]",
     "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
  /* Lengths around the padding boundaries of one block. */
  EQ("sha1", "[\"0123456789012345678901234567890123456789012345678901234\"]",
     "\"9f3a4ce7f66b1b74c34da2c5d732c39f81e0f8df\"");
}
END_TEST

START_TEST(eval_tf_funcs__uuidv5_templatestring_ephemeralasnull)
{
  EQ("uuidv5", "[\"dns\", \"www.terraform.io\"]",
     "\"a5008fae-b28c-5ba5-96cd-82b4c53552d6\"");
  EQ("uuidv5", "[\"url\", \"https://www.terraform.io/\"]",
     "\"9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5\"");
  EQ("uuidv5", "[\"oid\", \"1.3.6.1.4\"]",
     "\"af9d40a5-7a36-5c07-b23a-851cd99fbfa5\"");
  EQ("uuidv5", "[\"x500\", \"CN=Example,C=GB\"]",
     "\"84e09961-4aa4-57f8-95b7-03edb1073253\"");
  EQ("uuidv5",
     "[\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\", \"www.terraform.io\"]",
     "\"a5008fae-b28c-5ba5-96cd-82b4c53552d6\"");
  EQ("uuidv5",
     "[\"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}\", \"www.terraform.io\"]",
     "\"a5008fae-b28c-5ba5-96cd-82b4c53552d6\"");
  ERR("uuidv5", "[\"nope\", \"x\"]");
  EQ("templatestring", "[\"Hi ${x}\", {\"x\": 1, \"y\": 2}]",
     "\"rendered(Hi ${x}|2)\"");
  ERR("templatestring", "[\"Hi\", {\"not valid\": 1}]");
  EQ("ephemeralasnull", "[{\"a\": 1}]", "{\"a\":1}");
  EQ("ephemeralasnull", "[null]", "null");
}
END_TEST

/* ---- networks ------------------------------------------------------------ */

START_TEST(eval_tf_funcs__cidr_documented_examples)
{
  EQ("cidrsubnet", "[\"172.16.0.0/12\", 4, 2]", "\"172.18.0.0/16\"");
  EQ("cidrsubnet", "[\"10.1.2.0/24\", 4, 15]", "\"10.1.2.240/28\"");
  EQ("cidrsubnet", "[\"fd00:fd12:3456:7890::/56\", 16, 162]",
     "\"fd00:fd12:3456:7800:a200::/72\"");
  EQ("cidrhost", "[\"10.12.112.0/20\", 16]", "\"10.12.112.16\"");
  EQ("cidrhost", "[\"10.12.112.0/20\", 268]", "\"10.12.113.12\"");
  EQ("cidrhost", "[\"fd00:fd12:3456:7890:00a2::/72\", 34]",
     "\"fd00:fd12:3456:7890::22\"");
  EQ("cidrhost", "[\"10.0.0.0/8\", 2]", "\"10.0.0.2\"");
  EQ("cidrhost", "[\"10.0.0.0/8\", -2]", "\"10.255.255.254\"");
  EQ("cidrhost", "[\"10.1.2.240/28\", 1]", "\"10.1.2.241\"");
  EQ("cidrhost", "[\"10.1.2.240/28\", 14]", "\"10.1.2.254\"");
  EQ("cidrhost", "[\"10.1.2.240/28\", -1]", "\"10.1.2.255\"");
  EQ("cidrnetmask", "[\"172.16.0.0/12\"]", "\"255.240.0.0\"");
  EQ("cidrsubnets", "[\"10.1.0.0/16\", 4, 4, 8, 4]",
     "[\"10.1.0.0/20\",\"10.1.16.0/20\",\"10.1.32.0/24\",\"10.1.48.0/20\"]");
  EQ("cidrsubnets", "[\"fd00:fd12:3456:7890::/56\", 16, 16, 16, 32]",
     "[\"fd00:fd12:3456:7800::/72\",\"fd00:fd12:3456:7800:100::/72\","
     "\"fd00:fd12:3456:7800:200::/72\",\"fd00:fd12:3456:7800:300::/88\"]");
}
END_TEST

START_TEST(eval_tf_funcs__cidr_edges_and_errors)
{
  EQ("cidrsubnet", "[\"10.0.0.0/8\", 8, 255]", "\"10.255.0.0/16\"");
  EQ("cidrsubnet", "[\"10.1.2.3/16\", 0, 0]", "\"10.1.0.0/16\"");
  EQ("cidrsubnet", "[\"010.001.0.0/16\", 8, 1]", "\"10.1.1.0/24\"");
  EQ("cidrsubnet", "[\"::/0\", 1, 1]", "\"8000::/1\"");
  EQ("cidrhost", "[\"::ffff:10.0.0.0/104\", 5]", "\"10.0.0.5\"");
  EQ("cidrhost", "[\"2001:db8::/32\", -1]",
     "\"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\"");
  EQ("cidrhost", "[\"2001:db8:0:0:1::/80\", 1]", "\"2001:db8::1:0:0:1\"");
  ERR("cidrsubnet", "[\"10.0.0.0/30\", 4, 1]");
  ERR("cidrsubnet", "[\"10.0.0.0/16\", 4, 16]");
  ERR("cidrsubnet", "[\"10.0.0.0\", 4, 1]");
  ERR("cidrsubnet", "[\"10.0.0.256/8\", 4, 1]");
  ERR("cidrsubnet", "[\"10.0.0.0/33\", 1, 1]");
  ERR("cidrsubnet", "[\"1::2::3/64\", 1, 1]");
  ERR("cidrhost", "[\"10.0.0.0/30\", 4]");
  ERR("cidrhost", "[\"10.0.0.0/30\", -5]");
  ERR("cidrnetmask", "[\"fd00::/8\"]");
  ERR("cidrsubnets", "[\"10.0.0.0/30\", 1, 1, 1]");
  ERR("cidrsubnets", "[\"10.0.0.0/8\", 33]");
}
END_TEST

/* ---- files and paths ----------------------------------------------------- */

START_TEST(eval_tf_funcs__file_functions)
{
  EQ("file", "[\"hello.txt\"]", "\"Hello World\"");
  EQ("filebase64", "[\"hello.txt\"]", "\"SGVsbG8gV29ybGQ=\"");
  EQ("filemd5", "[\"hello.txt\"]", "\"b10a8db164e0754105b7a99be72e3fe5\"");
  EQ("fileexists", "[\"hello.txt\"]", "true");
  EQ("fileexists", "[\"missing.txt\"]", "false");
  UNK("fileexists", "[\"../outside\"]");
  ERR("file", "[\"missing.txt\"]");
  UNK("file", "[\"../outside\"]");
  ERR("file", "[\"binary.bin\"]");
  EQ("filebase64", "[\"binary.bin\"]", "\"//4AAQ==\"");
  EQ("templatefile", "[\"greeting.tftpl\", {\"name\": \"x\"}]",
     "\"rendered(Hello, ${name}!|1)\"");
  ERR("templatefile", "[\"greeting.tftpl\", {\"1bad\": \"x\"}]");
  ERR("templatefile", "[\"greeting.tftpl\", [1]]");
  /* try() falls back over a missing file, as Terraform does. */
  mls_value *args[2];
  args[0] = call("file", "[\"missing.txt\"]");
  args[1] = mls_value_string(arena, S("{}"));
  ck_assert_str_eq(J(callv("try", args, 2)), "\"{}\"");
}
END_TEST

START_TEST(eval_tf_funcs__file_functions_without_callbacks)
{
  tf_fn_ctx ctx = context(arena);
  mls_value *arg = mls_value_string(arena, S("hello.txt")), *out = NULL;
  mls_value *args[2] = { arg, V("{}") };
  ctx.read_file = NULL;
  ctx.render = NULL;
  ck_assert_int_eq(tf_call_function(&ctx, S("file"), &arg, 1, false, &out),
                   MLS_OK);
  ck_assert(is_unknown(out));
  ck_assert_int_eq(
      tf_call_function(&ctx, S("templatefile"), args, 2, false, &out), MLS_OK);
  ck_assert(is_unknown(out));
  ck_assert_uint_gt(diag.n, 0);
}
END_TEST

START_TEST(eval_tf_funcs__path_functions)
{
  EQ("dirname", "[\"foo/bar/baz.txt\"]", "\"foo/bar\"");
  EQ("dirname", "[\"foo\"]", "\".\"");
  EQ("dirname", "[\"/foo\"]", "\"/\"");
  EQ("dirname", "[\"foo//bar/../baz/\"]", "\"foo/baz\"");
  EQ("basename", "[\"foo/bar/baz.txt\"]", "\"baz.txt\"");
  EQ("basename", "[\"foo/bar/\"]", "\"bar\"");
  EQ("basename", "[\"/\"]", "\"/\"");
  EQ("basename", "[\"\"]", "\".\"");
  EQ("abspath", "[\"/a/./b/../c\"]", "\"/a/c\"");
  EQ("abspath", "[\"/../x\"]", "\"/x\"");
  UNK("abspath", "[\"relative/path\"]");
  EQ("pathexpand", "[\"/etc/resolv.conf\"]", "\"/etc/resolv.conf\"");
  UNK("pathexpand", "[\"~/.ssh/id_rsa\"]");
  ERR("pathexpand", "[\"~root/x\"]");
}
END_TEST

/* ---- the whole table ------------------------------------------------------
 */

/* Every function of the table, in its (byte) order. */
static const char *const all_functions[] = { "abs",
                                             "abspath",
                                             "alltrue",
                                             "anytrue",
                                             "base64decode",
                                             "base64encode",
                                             "base64sha256",
                                             "base64sha512",
                                             "basename",
                                             "bcrypt",
                                             "can",
                                             "ceil",
                                             "chomp",
                                             "chunklist",
                                             "cidrhost",
                                             "cidrnetmask",
                                             "cidrsubnet",
                                             "cidrsubnets",
                                             "coalesce",
                                             "coalescelist",
                                             "compact",
                                             "concat",
                                             "contains",
                                             "dirname",
                                             "distinct",
                                             "element",
                                             "endswith",
                                             "ephemeralasnull",
                                             "file",
                                             "filebase64",
                                             "filebase64sha256",
                                             "filebase64sha512",
                                             "fileexists",
                                             "filemd5",
                                             "filesha1",
                                             "filesha256",
                                             "filesha512",
                                             "flatten",
                                             "floor",
                                             "format",
                                             "formatlist",
                                             "indent",
                                             "index",
                                             "issensitive",
                                             "join",
                                             "jsondecode",
                                             "jsonencode",
                                             "keys",
                                             "length",
                                             "log",
                                             "lookup",
                                             "lower",
                                             "matchkeys",
                                             "max",
                                             "md5",
                                             "merge",
                                             "min",
                                             "nonsensitive",
                                             "one",
                                             "parseint",
                                             "pathexpand",
                                             "plantimestamp",
                                             "pow",
                                             "range",
                                             "regex",
                                             "regexall",
                                             "replace",
                                             "reverse",
                                             "sensitive",
                                             "setintersection",
                                             "setproduct",
                                             "setsubtract",
                                             "setunion",
                                             "sha1",
                                             "sha256",
                                             "sha512",
                                             "signum",
                                             "slice",
                                             "sort",
                                             "split",
                                             "startswith",
                                             "strcontains",
                                             "strrev",
                                             "substr",
                                             "sum",
                                             "templatefile",
                                             "templatestring",
                                             "timestamp",
                                             "title",
                                             "tobool",
                                             "tolist",
                                             "tomap",
                                             "tonumber",
                                             "toset",
                                             "tostring",
                                             "transpose",
                                             "trim",
                                             "trimprefix",
                                             "trimspace",
                                             "trimsuffix",
                                             "try",
                                             "upper",
                                             "urlencode",
                                             "uuid",
                                             "uuidv5",
                                             "values",
                                             "yamlencode",
                                             "zipmap" };

#define NALL (sizeof(all_functions) / sizeof(all_functions[0]))

START_TEST(eval_tf_funcs__table_is_sorted_for_lookup)
{
  for (size_t i = 0; i < NALL; i++) {
    ck_assert_msg(tf_function_known(S(all_functions[i])), "%s not found",
                  all_functions[i]);
    if (i > 0) {
      ck_assert(strcmp(all_functions[i - 1], all_functions[i]) < 0);
    }
  }
  ck_assert(!tf_function_known(S("")));
  ck_assert(!tf_function_known(S("abs_")));
  ck_assert(!tf_function_known(S("a")));
  ck_assert(!tf_function_known(S("zzz")));
}
END_TEST

/* Every function, every arity up to three, arguments from a pool of
 * awkward values, with and without expansion: no crash, always MLS_OK,
 * never a NULL result. */
START_TEST(eval_tf_funcs__every_function_survives_every_argument_shape)
{
  mls_value *pool = V("[null, true, -1, 1.5, 1e300, \"\", \"%s\", "
                      "\"10.0.0.0/8\", [], [\"a\", 1, null], "
                      "{\"a\": [1]}, \"$unknown\", \"$error\"]");
  uint32_t np = pool->u.list.n;
  mls_value *args[3];

  for (size_t f = 0; f < NALL; f++) {
    mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
    ck_assert_ptr_nonnull(res);
    for (uint32_t n = 0; n <= 3; n++) {
      uint32_t combos = 1;
      for (uint32_t i = 0; i < n; i++) {
        combos *= np;
      }
      for (uint32_t k = 0; k < combos; k++) {
        tf_fn_ctx ctx = context(res);
        uint32_t x = k;
        for (uint32_t i = 0; i < n; i++) {
          args[i] = pool->u.list.items[x % np];
          x /= np;
        }
        for (int expand = 0; expand < 2; expand++) {
          mls_value *out = NULL;
          int rc = tf_call_function(&ctx, S(all_functions[f]), args, n,
                                    expand && n > 0, &out);
          ck_assert_msg(rc == MLS_OK, "%s: rc %d", all_functions[f], rc);
          ck_assert_ptr_nonnull(out);
        }
      }
    }
    mls_arena_free(res);
    mls_diag_clear(&diag);
  }
}
END_TEST

/* ---- pathological sizes ---------------------------------------------------
 */

/* A list of n strings "<prefix><i>" in the test arena. */
static mls_value *numbered(const char *prefix, uint32_t from, uint32_t n)
{
  mls_value **items = mls_arena_alloc(arena, (size_t)n * sizeof(*items));
  ck_assert_ptr_nonnull(items);
  for (uint32_t i = 0; i < n; i++) {
    char buf[32];
    int len = snprintf(buf, sizeof(buf), "%s%u", prefix, from + i);
    items[i] = mls_value_string(arena, mls_span_of(buf, (size_t)len));
    ck_assert_ptr_nonnull(items[i]);
  }
  return mls_value_list(arena, items, n);
}

/* A map of n keys k<i> -> i, in ascending or descending order. */
static mls_value *big_map(uint32_t n, bool reversed)
{
  mls_map_entry *e = mls_arena_alloc(arena, (size_t)n * sizeof(*e));
  mls_value *keys = numbered("k", 0, n);
  ck_assert_ptr_nonnull(e);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = reversed ? n - 1 - i : i;
    e[i].key = keys->u.list.items[j]->u.str;
    e[i].value = mls_value_number_d(arena, j);
  }
  return mls_value_map(arena, e, n);
}

START_TEST(eval_tf_funcs__large_sets_are_not_quadratic)
{
  mls_value *args[3];
  mls_value *r;

  args[0] = numbered("x", 0, 50000);
  args[1] = numbered("x", 25000, 50000);
  r = callv("setintersection", args, 2);
  ck_assert_uint_eq(r->u.list.n, 25000);
  r = callv("setsubtract", args, 2);
  ck_assert_uint_eq(r->u.list.n, 25000);
  args[2] = numbered("x", 49990, 20);
  args[1] = args[0];
  r = callv("matchkeys", args, 3);
  ck_assert_uint_eq(r->u.list.n, 10);
  args[0] = numbered("x", 0, 50000);
  r = callv("distinct", args, 1);
  ck_assert_uint_eq(r->u.list.n, 50000);
  /* Equal maps with their keys in opposite orders. */
  mls_value *m1 = big_map(50000, false), *m2 = big_map(50000, true);
  mls_value *l = mls_value_list(arena, &m1, 1);
  args[0] = l;
  args[1] = m2;
  ck_assert_str_eq(J(callv("contains", args, 2)), "true");
}
END_TEST

START_TEST(eval_tf_funcs__large_strings_are_not_quadratic)
{
  size_t n = 1u << 20;
  char *a = mls_arena_alloc(arena, n), *pat = mls_arena_alloc(arena, 1001);
  char *json = mls_arena_alloc(arena, 50001 * 16 + 16);
  mls_value *args[3], *r;
  size_t k = 0;

  ck_assert(a && pat && json);
  memset(a, 'a', n);
  memset(pat, 'a', 1000);
  pat[1000] = 'b';
  args[0] = mls_value_string_borrowed(arena, mls_span_of(a, n));
  args[1] = mls_value_string_borrowed(arena, mls_span_of(pat, 1001));
  args[2] = mls_value_string(arena, S("x"));
  r = callv("replace", args, 3);
  ck_assert_uint_eq(r->u.str.len, n);
  ck_assert_str_eq(J(callv("strcontains", args, 2)), "false");
  r = callv("split", (mls_value *[]){ args[1], args[0] }, 2);
  ck_assert_uint_eq(r->u.list.n, 1);
  /* A cutset of 50k distinct characters. */
  {
    tf_fn_ctx ctx = context(arena);
    mls_value *parts = numbered("", 0, 50000), *out = NULL;
    mls_value *jargs[2] = { mls_value_string(arena, S("")), parts };
    mls_value *cut = callv("join", jargs, 2);
    mls_value *targs[2] = { args[0], cut };
    ck_assert_int_eq(tf_call_function(&ctx, S("trim"), targs, 2, false, &out),
                     MLS_OK);
    ck_assert(out->kind == MLS_V_STRING);
  }
  /* An object of 50k keys whose last key repeats the first. */
  json[k++] = '{';
  for (uint32_t i = 0; i < 50000; i++) {
    k += (size_t)snprintf(json + k, 32, "\"k%u\":1,", i);
  }
  k += (size_t)snprintf(json + k, 32, "\"k0\":2}");
  args[0] = mls_value_string_borrowed(arena, mls_span_of(json, k));
  ck_assert(is_error(callv("jsondecode", args, 1)));
}
END_TEST

/* ---- bounds -------------------------------------------------------------- */

/* A list nested `depth` deep around a 1. */
static mls_value *nested(int depth)
{
  mls_value *v = mls_value_number_d(arena, 1);
  for (int i = 0; i < depth; i++) {
    mls_value **items = mls_arena_alloc(arena, sizeof(*items));
    ck_assert_ptr_nonnull(items);
    items[0] = v;
    v = mls_value_list(arena, items, 1);
    ck_assert_ptr_nonnull(v);
  }
  return v;
}

START_TEST(eval_tf_funcs__deep_values_stop_at_the_bound)
{
  mls_value *deep = nested(MLS_MAX_NESTING * 4 + 10);
  mls_value *ok = nested(100);
  mls_value *r = callv("jsonencode", &deep, 1);
  ck_assert(is_unknown(r));
  ck_assert_int_eq(diag.v[diag.n - 1].rc, MLS_ELIMIT);
  ck_assert(is_unknown(callv("flatten", &deep, 1)));
  ck_assert(is_unknown(callv("try", &deep, 1)));
  r = callv("jsonencode", &ok, 1);
  ck_assert(r->kind == MLS_V_STRING);
  ck_assert_str_eq(J(callv("flatten", &ok, 1)), "[1]");
}
END_TEST

START_TEST(eval_tf_funcs__string_results_are_bounded)
{
  size_t n = 100000;
  char *big = mls_arena_alloc(arena, n);
  mls_value *args[3];
  ck_assert_ptr_nonnull(big);
  memset(big, 'a', n);
  args[0] = mls_value_string_borrowed(arena, mls_span_of(big, n));
  args[1] = mls_value_string(arena, S("a"));
  args[2] = mls_value_string_borrowed(arena, mls_span_of(big, 200));
  /* 100k x 200 bytes is past MLS_MAX_FUNC_STRING_BYTES. */
  ck_assert(is_unknown(callv("replace", args, 3)));
  ck_assert_int_eq(diag.v[diag.n - 1].rc, MLS_ELIMIT);
}
END_TEST

/* Calls whose every allocation is tested. */
static const char *const fail_calls[][2] = {
  { "jsonencode", "[{\"b\": [1, \"<x>\", {\"c\": null}], \"a\": true}]" },
  { "jsondecode",
    "[\"{\\\"b\\\": [1, \\\"\\\\u00e9\\\", {}], \\\"a\\\": 2}\"]" },
  { "yamlencode", "[{\"foo\": [1, {\"a\": \"b\\nc\"}], \"bar\": \"baz\"}]" },
  { "format", "[\"%s=%05d %v %q\", \"k\", 42, [1], \"x\"]" },
  { "formatlist", "[\"%s-%s\", [\"a\", \"b\"], \"c\"]" },
  { "regexall", "[\"(\\\\w)(\\\\d)\", \"a1 b2 c3\"]" },
  { "replace", "[\"hello world\", \"/(o)/\", \"[$1]\"]" },
  { "merge", "[{\"a\": 1}, {\"b\": 2, \"a\": 3}]" },
  { "toset", "[[\"c\", \"a\", \"c\", 1]]" },
  { "distinct", "[[{\"a\": 1}, {\"a\": 1}, 2]]" },
  { "flatten", "[[[1, [2]], [], [3]]]" },
  { "cidrsubnets", "[\"10.1.0.0/16\", 4, 4, 8]" },
  { "setproduct", "[[\"a\", \"b\"], [1, 2]]" },
  { "transpose", "[{\"a\": [\"1\", \"2\"], \"b\": [\"2\"]}]" },
  { "split", "[\",\", \"a,b,c\"]" },
  { "upper", "[\"h\xc3\xa9llo\"]" },
  { "sha512", "[\"abc\"]" },
  { "zipmap", "[[\"b\", \"a\"], [1, 2]]" },
  { "range", "[0, 10, 3]" },
  { "templatefile", "[\"greeting.tftpl\", {\"name\": \"x\"}]" },
};

#define NFAIL (sizeof(fail_calls) / sizeof(fail_calls[0]))

/* Call with results in `res`, arguments from the test arena. */
static int call_in(mls_arena *res, const char *name, mls_value *a,
                   mls_value **out)
{
  tf_fn_ctx ctx = context(res);
  return tf_call_function(&ctx, S(name), a->u.list.items, a->u.list.n, false,
                          out);
}

START_TEST(eval_tf_funcs__enomem_at_every_arena_size)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *a = V(fail_calls[k][1]), *full = NULL;
    mls_arena *big = mls_arena_new(MLS_ARENA_CAP_BYTES);
    const char *want;
    size_t used;
    ck_assert_int_eq(call_in(big, fail_calls[k][0], a, &full), MLS_OK);
    want = J(full);
    used = mls_arena_used(big);
    mls_arena_free(big);
    for (size_t cap = 0; cap <= used + 64; cap += 16) {
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
  }
}
END_TEST

/* Allocations the loop below fails in turn, per call. */
#define FAIL_STEPS 400

START_TEST(eval_tf_funcs__allocation_loop_reaches_every_allocation)
{
  for (size_t k = 0; k < NFAIL; k++) {
    mls_value *a = V(fail_calls[k][1]), *out = NULL;
    mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
    unsigned long before;
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

START_TEST(eval_tf_funcs__enomem_at_every_allocation)
{
  /* _i selects the call and the allocation to fail. */
  size_t k = (size_t)_i % NFAIL;
  long nth = _i / (long)NFAIL;
  mls_value *a = V(fail_calls[k][1]), *out = NULL;
  mls_arena *res = mls_arena_new(MLS_ARENA_CAP_BYTES);
  int rc;

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

Suite *eval_tf_funcs_suite(void)
{
  Suite *s = suite_create("eval_tf_funcs");
  TCase *tc = tcase_create("functions");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, eval_tf_funcs__jsondecode_documented_examples);
  tcase_add_test(tc,
                 eval_tf_funcs__jsondecode_keeps_exact_numbers_and_sorts_keys);
  tcase_add_test(tc, eval_tf_funcs__jsondecode_iam_policy_is_readable);
  tcase_add_test(tc, eval_tf_funcs__jsondecode_escapes_and_errors);
  tcase_add_test(tc, eval_tf_funcs__unsupported_function_is_unknown_with_diag);
  tcase_add_test(tc, eval_tf_funcs__every_required_function_is_known);
  tcase_add_test(tc, eval_tf_funcs__table_is_sorted_for_lookup);
  tcase_add_test(tc, eval_tf_funcs__wrong_arity_is_an_error);
  tcase_add_test(tc, eval_tf_funcs__expand_final_argument);
  tcase_add_test(tc, eval_tf_funcs__errors_are_handed_on_without_new_diags);
  tcase_add_test(tc, eval_tf_funcs__unknown_arguments_give_unknown_results);
  tcase_add_test(tc, eval_tf_funcs__a_resource_map_is_unknown_as_a_whole);
  tcase_add_test(tc, eval_tf_funcs__null_arguments_are_rejected);
  tcase_add_test(tc, eval_tf_funcs__wrong_types_are_errors);
  tcase_add_test(tc, eval_tf_funcs__try_skips_errors);
  tcase_add_test(tc, eval_tf_funcs__can_is_false_for_errors);
  tcase_add_test(tc, eval_tf_funcs__sensitivity_is_carried);
  tcase_add_test(tc, eval_tf_funcs__uuid_and_timestamp_are_unknown);
  tcase_add_test(tc, eval_tf_funcs__concat_merge_lookup);
  tcase_add_test(tc, eval_tf_funcs__element_index_length);
  tcase_add_test(tc, eval_tf_funcs__keys_values_contains);
  tcase_add_test(tc, eval_tf_funcs__coalesce_and_coalescelist);
  tcase_add_test(tc, eval_tf_funcs__compact_distinct_flatten);
  tcase_add_test(tc, eval_tf_funcs__one_reverse_slice_sort);
  tcase_add_test(tc, eval_tf_funcs__chunklist_zipmap_transpose_matchkeys);
  tcase_add_test(tc, eval_tf_funcs__alltrue_anytrue_sum);
  tcase_add_test(tc, eval_tf_funcs__sets);
  tcase_add_test(tc, eval_tf_funcs__type_conversions);
  tcase_add_test(tc, eval_tf_funcs__number_text_is_canonical);
  tcase_add_test(tc, eval_tf_funcs__numeric_functions);
  tcase_add_test(tc, eval_tf_funcs__range);
  tcase_add_test(tc, eval_tf_funcs__case_functions);
  tcase_add_test(tc, eval_tf_funcs__trimming);
  tcase_add_test(tc, eval_tf_funcs__predicates_and_strrev);
  tcase_add_test(tc, eval_tf_funcs__substr);
  tcase_add_test(tc, eval_tf_funcs__join_split_replace_indent);
  tcase_add_test(tc, eval_tf_funcs__format_documented_examples);
  tcase_add_test(tc, eval_tf_funcs__format_widths_flags_and_verbs);
  tcase_add_test(tc, eval_tf_funcs__format_matches_cty_tests);
  tcase_add_test(tc, eval_tf_funcs__format_errors);
  tcase_add_test(tc, eval_tf_funcs__formatlist);
  tcase_add_test(tc, eval_tf_funcs__regex_documented_examples);
  tcase_add_test(tc, eval_tf_funcs__regex_translation);
  tcase_add_test(tc, eval_tf_funcs__regex_invalid_and_unsupported);
  tcase_add_test(tc, eval_tf_funcs__replace_with_regex);
  tcase_add_test(tc, eval_tf_funcs__jsonencode_is_byte_exact);
  tcase_add_test(tc, eval_tf_funcs__jsonencode_invalid_utf8_and_sets);
  tcase_add_test(tc, eval_tf_funcs__jsonencode_policy_round_trip);
  tcase_add_test(tc, eval_tf_funcs__yamlencode_documented_examples);
  tcase_add_test(tc, eval_tf_funcs__yamlencode_scalars_and_styles);
  tcase_add_test(tc, eval_tf_funcs__yamlencode_folds_long_strings);
  tcase_add_test(tc, eval_tf_funcs__base64_and_urlencode);
  tcase_add_test(tc, eval_tf_funcs__hashes);
  tcase_add_test(tc, eval_tf_funcs__uuidv5_templatestring_ephemeralasnull);
  tcase_add_test(tc, eval_tf_funcs__cidr_documented_examples);
  tcase_add_test(tc, eval_tf_funcs__cidr_edges_and_errors);
  tcase_add_test(tc, eval_tf_funcs__file_functions);
  tcase_add_test(tc, eval_tf_funcs__file_functions_without_callbacks);
  tcase_add_test(tc, eval_tf_funcs__path_functions);
  tcase_add_test(tc,
                 eval_tf_funcs__every_function_survives_every_argument_shape);
  tcase_add_test(tc, eval_tf_funcs__deep_values_stop_at_the_bound);
  tcase_add_test(tc, eval_tf_funcs__string_results_are_bounded);
  suite_add_tcase(s, tc);

  tc = tcase_create("pathological");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, eval_tf_funcs__large_sets_are_not_quadratic);
  tcase_add_test(tc, eval_tf_funcs__large_strings_are_not_quadratic);
  suite_add_tcase(s, tc);

  tc = tcase_create("allocation");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, eval_tf_funcs__enomem_at_every_arena_size);
  tcase_add_test(tc, eval_tf_funcs__allocation_loop_reaches_every_allocation);
  tcase_add_loop_test(tc, eval_tf_funcs__enomem_at_every_allocation, 0,
                      (int)NFAIL * FAIL_STEPS);
  suite_add_tcase(s, tc);
  return s;
}
