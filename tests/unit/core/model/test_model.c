/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/core/model/test_model.c -- core/model/model.c: value
 * constructors and lookups, unknown counting, equality, the model's arrays
 * and the inspect JSON format; and core/base/jsonw.c's string escaping.
 */
#include "tests/unit/test_util.h"

#include "core/base/alloc.h"
#include "core/base/jsonw.h"
#include "core/base/rc.h"
#include "core/base/utf8.h"
#include "core/model/model.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static mls_span S(const char *s)
{
  return mls_span_of(s, strlen(s));
}

/* {"bucket": "b", "tags": {"env": "prod"}, "rules": [1, <unknown>]} */
static mls_value *sample(mls_arena *a)
{
  mls_map_entry *tags = mls_arena_alloc(a, sizeof(*tags));
  mls_map_entry *top = mls_arena_alloc(a, 3 * sizeof(*top));
  mls_value **items = mls_arena_alloc(a, 2 * sizeof(*items));
  ck_assert_ptr_nonnull(tags);
  ck_assert_ptr_nonnull(top);
  ck_assert_ptr_nonnull(items);
  tags[0].key = S("env");
  tags[0].value = mls_value_string(a, S("prod"));
  items[0] = mls_value_number(a, 1, S("1"));
  items[1] = mls_value_unknown(a, S("aws_kms_key.k.arn"), "known after apply");
  top[0].key = S("bucket");
  top[0].value = mls_value_string(a, S("b"));
  top[1].key = S("tags");
  top[1].value = mls_value_map(a, tags, 1);
  top[2].key = S("rules");
  top[2].value = mls_value_list(a, items, 2);
  return mls_value_map(a, top, 3);
}

START_TEST(model_model__lookup_by_key_and_path)
{
  mls_arena *a = mls_arena_new(1 << 20);
  mls_value *v = sample(a);
  const mls_value *x;

  ck_assert_ptr_nonnull(v);
  x = mls_value_get(v, "bucket");
  ck_assert(x && x->kind == MLS_V_STRING && mls_span_eq(x->u.str, "b"));
  ck_assert_ptr_null(mls_value_get(v, "missing"));
  ck_assert_ptr_null(mls_value_get(x, "bucket")); /* not a map */
  x = mls_value_path(v, "tags.env");
  ck_assert(x && mls_span_eq(x->u.str, "prod"));
  x = mls_value_path(v, "rules.0");
  ck_assert(x && x->kind == MLS_V_NUMBER && x->u.num.d == 1);
  ck_assert(mls_value_path(v, "rules.1")->kind == MLS_V_UNKNOWN);
  ck_assert_ptr_null(mls_value_path(v, "rules.2"));
  ck_assert_ptr_null(mls_value_path(v, "rules.x"));
  ck_assert_ptr_null(mls_value_path(v, "bucket.0"));
  mls_arena_free(a);
}
END_TEST

START_TEST(model_model__unknown_counting_and_equality)
{
  mls_arena *a = mls_arena_new(1 << 20);
  mls_value *v = sample(a), *w = sample(a);
  mls_value *u = mls_value_unknown(a, S("x"), "why");

  ck_assert_uint_eq(mls_value_count_unknown(v), 1);
  ck_assert(mls_value_has_unknown(v));
  ck_assert(!mls_value_has_unknown(mls_value_path(v, "tags")));
  /* Unknown equals nothing, so trees holding one are never equal. */
  ck_assert(!mls_value_equal(v, w));
  ck_assert(!mls_value_equal(u, u));
  ck_assert(
      mls_value_equal(mls_value_path(v, "tags"), mls_value_path(w, "tags")));
  ck_assert(mls_value_equal(mls_value_number_d(a, 1000),
                            mls_value_number(a, 1e3, S("1000"))));
  ck_assert(!mls_value_equal(mls_value_string(a, S("1")),
                             mls_value_number(a, 1, S("1"))));
  mls_arena_free(a);
}
END_TEST

/* A refinement is copied, cut at an embedded NUL, printed by inspect, and
 * an empty prefix or a known value is left alone. */
START_TEST(model_model__unknown_prefix_refinement)
{
  mls_arena *a = mls_arena_new(1 << 20);
  mls_value *u = mls_value_unknown(a, S("x"), "why");
  mls_value *s = mls_value_string(a, S("known"));
  mls_buf b = MLS_BUF_INIT(1 << 16);
  char text[] = "arn:";

  ck_assert(u->u.unknown.prefix == NULL);
  ck_assert_int_eq(mls_value_refine_prefix(a, u, S("")), MLS_OK);
  ck_assert(u->u.unknown.prefix == NULL);
  ck_assert_int_eq(mls_value_refine_prefix(a, u, mls_span_of("\0ab", 3)),
                   MLS_OK);
  ck_assert(u->u.unknown.prefix == NULL);
  ck_assert_int_eq(mls_value_refine_prefix(a, u, S(text)), MLS_OK);
  text[0] = 'X'; /* copied, not borrowed */
  ck_assert_str_eq(u->u.unknown.prefix, "arn:");
  ck_assert_int_eq(mls_value_refine_prefix(a, u, mls_span_of("ab\0cd", 5)),
                   MLS_OK);
  ck_assert_str_eq(u->u.unknown.prefix, "ab");
  ck_assert_int_eq(mls_value_refine_prefix(a, s, S("kn")), MLS_OK);
  ck_assert_int_eq(s->kind, MLS_V_STRING);
  ck_assert_int_eq(mls_value_write_json(&b, u), MLS_OK);
  ck_assert_str_eq(b.ptr,
                   "{\"unknown\":\"x\",\"why\":\"why\",\"prefix\":\"ab\"}");
  /* still equal to nothing */
  ck_assert(!mls_value_equal(u, u));
  mls_buf_dispose(&b);
  mls_arena_free(a);
}
END_TEST

START_TEST(model_model__inspect_json_is_exact)
{
  mls_model *m = mls_model_new();
  mls_resource r;
  mls_edge e;
  mls_buf out = MLS_BUF_INIT(1 << 20);

  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(mls_model_add_file(m, "main.tf"), 0);
  memset(&r, 0, sizeof(r));
  r.type = S("aws_s3_bucket");
  r.address = S("aws_s3_bucket.b");
  r.module_path = S("");
  r.range.start.line = 3;
  r.range.end.line = 9;
  r.deployed = true;
  r.body = sample(m->arena);
  ck_assert_int_eq(mls_model_add_resource(m, &r), 0);
  r.type = S("aws_kms_key");
  r.address = S("aws_kms_key.k");
  r.body = mls_value_map(m->arena, NULL, 0);
  r.mode = MLS_RM_DATA;
  ck_assert_int_eq(mls_model_add_resource(m, &r), 1);
  memset(&e, 0, sizeof(e));
  e.from = 0;
  e.to = 1;
  e.path = S("rules.1");
  e.attr = S("arn");
  ck_assert_int_eq(mls_model_add_edge(m, &e), 0);
  ck_assert_int_eq(mls_model_write_json(&out, m), MLS_OK);
  ck_assert_str_eq(
      out.ptr,
      "{\"files\":[\"main.tf\"],\"resources\":[{\"framework\":\"terraform\","
      "\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"address\":"
      "\"aws_s3_bucket.b\",\"module\":\"\",\"file\":\"main.tf\","
      "\"start_line\":3,\"end_line\":9,\"deployed\":true,\"attributes\":"
      "{\"bucket\":\"b\",\"tags\":{\"env\":\"prod\"},\"rules\":[1,"
      "{\"unknown\":\"aws_kms_key.k.arn\",\"why\":\"known after apply\"}]}},"
      "{\"framework\":\"terraform\",\"mode\":\"data\",\"type\":"
      "\"aws_kms_key\",\"address\":\"aws_kms_key.k\",\"module\":\"\","
      "\"file\":\"main.tf\",\"start_line\":3,\"end_line\":9,"
      "\"deployed\":true,\"attributes\":{}}],\"edges\":[{\"from\":"
      "\"aws_s3_bucket.b\",\"to\":\"aws_kms_key.k\",\"path\":\"rules.1\","
      "\"attr\":\"arn\"}],\"unknown_values\":1}");
  mls_buf_dispose(&out);
  mls_model_free(m);
  mls_model_free(NULL);
}
END_TEST

START_TEST(model_model__many_resources_grow_the_arrays)
{
  mls_model *m = mls_model_new();
  mls_resource r;
  memset(&r, 0, sizeof(r));
  r.type = S("t");
  r.address = S("t.x");
  for (int i = 0; i < 5000; i++) {
    ck_assert_int_eq(mls_model_add_resource(m, &r), i);
  }
  ck_assert_uint_eq(m->nresources, 5000);
  ck_assert(mls_span_eq(m->resources[4999].address, "t.x"));
  mls_model_free(m);
}
END_TEST

START_TEST(model_model__sensitive_values_are_not_printed)
{
  mls_arena *a = mls_arena_new(1 << 20);
  mls_value *v = mls_value_string(a, S("hunter2"));
  mls_buf out = MLS_BUF_INIT(1024);
  v->flags |= MLS_VF_SENSITIVE;
  ck_assert_int_eq(mls_value_write_json(&out, v), MLS_OK);
  ck_assert_str_eq(out.ptr, "\"(sensitive)\"");
  mls_buf_dispose(&out);
  mls_arena_free(a);
}
END_TEST

START_TEST(base_jsonw__escapes_and_replaces_bad_utf8)
{
  mls_buf out = MLS_BUF_INIT(1024);
  const char in[] = "a\"b\\c\n\t\r\x01\xC3\xA9\xFF\xE2\x82";
  ck_assert_int_eq(mls_json_string(&out, in, sizeof(in) - 1), MLS_OK);
  ck_assert_str_eq(out.ptr, "\"a\\\"b\\\\c\\n\\t\\r\\u0001\xC3\xA9"
                            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  mls_buf_clear(&out);
  ck_assert_int_eq(mls_json_string(&out, NULL, 0), MLS_OK);
  ck_assert_str_eq(out.ptr, "\"\"");
  mls_buf_dispose(&out);
}
END_TEST

/* The escaping spelled out a byte at a time, as jsonw.h says it. */
static void json_ref(mls_buf *out, const unsigned char *p, size_t n)
{
  const unsigned char *end = p + n;
  ck_assert_int_eq(mls_buf_putc(out, '"'), MLS_OK);
  while (p < end) {
    uint32_t cp;
    size_t k;
    char esc[8];
    if (*p == '"' || *p == '\\') {
      snprintf(esc, sizeof(esc), "\\%c", *p++);
    } else if (*p == '\n' || *p == '\r' || *p == '\t') {
      snprintf(esc, sizeof(esc), "\\%c",
               *p == '\n'   ? 'n'
               : *p == '\r' ? 'r'
                            : 't');
      p++;
    } else if (*p < 0x20) {
      snprintf(esc, sizeof(esc), "\\u%04x", *p++);
    } else if (*p < 0x80) {
      esc[0] = (char)*p++;
      esc[1] = '\0';
    } else if ((k = mls_utf8_decode(&cp, p, end)) != 0) {
      ck_assert_int_eq(mls_buf_put(out, p, k), MLS_OK);
      p += k;
      continue;
    } else {
      strcpy(esc, "\xEF\xBF\xBD");
      p++;
    }
    ck_assert_int_eq(mls_buf_puts(out, esc), MLS_OK);
  }
  ck_assert_int_eq(mls_buf_putc(out, '"'), MLS_OK);
}

/* Strings of every length to 80 at every offset of a buffer, plain runs
 * broken by each byte that needs a look (controls, quote, backslash,
 * bytes of valid and invalid UTF-8, the bytes next to them): the
 * word-at-a-time scan writes what the byte-at-a-time rule does. */
START_TEST(base_jsonw__word_scan_matches_the_byte_rule)
{
  static const unsigned char odd[] = { 0x00, 0x01, 0x1F, 0x20, 0x21, '"',
                                       '#',  '[',  '\\', ']',  0x7F, 0x80,
                                       0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF };
  unsigned char buf[96];
  uint64_t seed = 88172645463325252u;
  mls_buf got = MLS_BUF_INIT(4096), want = MLS_BUF_INIT(4096);

  for (int round = 0; round < 4000; round++) {
    size_t off = (size_t)round % 8, len = (size_t)(round / 8) % 81;
    for (size_t i = 0; i < off + len; i++) {
      seed ^= seed << 13;
      seed ^= seed >> 7;
      seed ^= seed << 17;
      /* Mostly letters, one byte in 8 (or in 40: long plain runs) from
       * the odd ones. */
      buf[i] = seed % (round % 2 ? 8 : 40) ? (unsigned char)('a' + seed % 26)
                                           : odd[(seed >> 8) % sizeof(odd)];
    }
    mls_buf_clear(&got);
    mls_buf_clear(&want);
    ck_assert_int_eq(mls_json_string(&got, (const char *)buf + off, len),
                     MLS_OK);
    json_ref(&want, buf + off, len);
    ck_assert_uint_eq(got.len, want.len);
    ck_assert_int_eq(memcmp(got.ptr, want.ptr, got.len), 0);
  }
  mls_buf_dispose(&got);
  mls_buf_dispose(&want);
}
END_TEST

Suite *model_model_suite(void)
{
  Suite *s = suite_create("model_model");
  TCase *tc = tcase_create("model");
  tcase_add_test(tc, model_model__lookup_by_key_and_path);
  tcase_add_test(tc, model_model__unknown_counting_and_equality);
  tcase_add_test(tc, model_model__unknown_prefix_refinement);
  tcase_add_test(tc, model_model__inspect_json_is_exact);
  tcase_add_test(tc, model_model__many_resources_grow_the_arrays);
  tcase_add_test(tc, model_model__sensitive_values_are_not_printed);
  tcase_add_test(tc, base_jsonw__escapes_and_replaces_bad_utf8);
  tcase_add_test(tc, base_jsonw__word_scan_matches_the_byte_rule);
  suite_add_tcase(s, tc);
  return s;
}
