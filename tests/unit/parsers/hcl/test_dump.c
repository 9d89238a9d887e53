/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/hcl/test_dump.c -- hclref JSON and summary dumps.
 *
 * Trees are built by hand (no parser involved), so these tests pin the
 * dumper alone. Expected documents were produced by ../shared/tools/hclref
 * from the source text each test quotes; hclref's testdata/kinds.jsonl has
 * the key order of every node kind.
 */
#include "parsers/hcl/dump.h"

#include "core/base/arena.h"
#include "core/base/limits.h"
#include "core/base/rc.h"
#include "tests/unit/test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mls_arena *arena; /* owned: per test, by the fixture */
static mls_buf out;      /* owned: per test, by the fixture */

static void setup(void)
{
  arena = mls_arena_new(16u << 20);
  ck_assert_ptr_nonnull(arena);
  mls_buf_init(&out, 1u << 20);
}

static void teardown(void)
{
  mls_buf_dispose(&out);
  mls_arena_free(arena);
  arena = NULL;
}

/* ---- tree builders (arena) ---- */

static mls_span sp(const char *s)
{
  return mls_span_of(s, strlen(s));
}

static mls_range rng(uint32_t sb, uint32_t sl, uint32_t eb, uint32_t el)
{
  mls_range r;
  memset(&r, 0, sizeof(r));
  r.start.byte = sb;
  r.start.line = sl;
  r.start.col = 99; /* wrong on purpose: the dumper recomputes columns */
  r.end.byte = eb;
  r.end.line = el;
  r.end.col = 99;
  return r;
}

static hcl_expr *mk(hcl_expr_kind k)
{
  hcl_expr *e = mls_arena_zalloc(arena, sizeof(*e));
  ck_assert_ptr_nonnull(e);
  e->kind = k;
  return e;
}

static hcl_expr *lit(hcl_lit_type t, const char *s)
{
  hcl_expr *e = mk(HCL_EXPR_LITERAL);
  e->u.lit.type = t;
  if (s) {
    e->u.lit.str = sp(s);
  }
  return e;
}

static hcl_expr *lit_bool(bool b)
{
  hcl_expr *e = lit(HCL_LIT_BOOL, NULL);
  e->u.lit.b = b;
  return e;
}

static hcl_expr **vec(size_t n)
{
  hcl_expr **v = mls_arena_zalloc(arena, (n ? n : 1) * sizeof(*v));
  ck_assert_ptr_nonnull(v);
  return v;
}

static hcl_expr *tmpl2(hcl_expr *a, hcl_expr *b)
{
  hcl_expr *e = mk(HCL_EXPR_TEMPLATE);
  e->u.tmpl.parts = vec(2);
  e->u.tmpl.parts[0] = a;
  e->u.tmpl.parts[1] = b;
  e->u.tmpl.nparts = b ? 2 : (a ? 1 : 0);
  return e;
}

static hcl_expr *trav(const char *root, const char *attr)
{
  hcl_expr *e = mk(HCL_EXPR_SCOPE_TRAVERSAL);
  e->u.scope.root = sp(root);
  if (attr) {
    hcl_step *s = mls_arena_zalloc(arena, sizeof(*s));
    ck_assert_ptr_nonnull(s);
    s->kind = HCL_STEP_ATTR;
    s->name = sp(attr);
    e->u.scope.steps = s;
    e->u.scope.nsteps = 1;
  }
  return e;
}

static hcl_file *file_of(const char *src, hcl_body *body)
{
  hcl_file *f = mls_arena_zalloc(arena, sizeof(*f));
  ck_assert_ptr_nonnull(f);
  f->src = src;
  f->len = strlen(src);
  f->body = body;
  return f;
}

static hcl_body *body_new(uint32_t nattrs, uint32_t nblocks)
{
  hcl_body *b = mls_arena_zalloc(arena, sizeof(*b));
  ck_assert_ptr_nonnull(b);
  b->attrs = mls_arena_zalloc(arena, (nattrs + 1) * sizeof(hcl_attr));
  b->blocks = mls_arena_zalloc(arena, (nblocks + 1) * sizeof(hcl_block));
  b->nattrs = nattrs;
  b->nblocks = nblocks;
  return b;
}

/* The JSON of one expression alone. */
static const char *expr_json(hcl_expr *e)
{
  static char buf[16384];
  hcl_body *b = body_new(1, 0);
  const char *pre = "{\"format\":1,\"file\":\"t\",\"bytes\":0,\"ok\":true,"
                    "\"diagnostics\":[],\"body\":{\"attributes\":[{\"name\":"
                    "\"x\",\"range\":{\"start\":{\"line\":1,\"col\":1,\"byte\":"
                    "0},\"end\":{\"line\":1,\"col\":1,\"byte\":0}},\"expr\":";
  const char *post = "}],\"blocks\":[]}}\n";
  size_t np = strlen(pre), nq = strlen(post);

  b->attrs[0].name = sp("x");
  b->attrs[0].range = rng(0, 1, 0, 1);
  b->attrs[0].expr = e;
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref(&out, file_of("", b), "t", 0, NULL), 0);
  ck_assert_uint_ge(out.len, np + nq);
  ck_assert(memcmp(out.ptr, pre, np) == 0);
  ck_assert(memcmp(out.ptr + out.len - nq, post, nq) == 0);
  ck_assert_uint_lt(out.len - np - nq, sizeof(buf));
  memcpy(buf, out.ptr + np, out.len - np - nq);
  buf[out.len - np - nq] = '\0';
  return buf;
}

static const char *str_json(const char *s, size_t n)
{
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_json_string(&out, s, n), 0);
  return out.ptr;
}

/* ---- strings ---- */

START_TEST(hcl_dump__string_escaping)
{
  ck_assert_str_eq(str_json("a\x01\\\"\r\n\t/<>&\x7f", 12),
                   "\"a\\u0001\\\\\\\"\\r\\n\\t/<>&\x7f\"");
  ck_assert_str_eq(str_json("\x1f\x0b", 2), "\"\\u001f\\u000b\"");
  ck_assert_str_eq(str_json("", 0), "\"\"");
  /* Valid UTF-8 (U+2028 included) is copied as is. */
  ck_assert_str_eq(str_json("\xc3\xa9\xe2\x80\xa8", 5),
                   "\"\xc3\xa9\xe2\x80\xa8\"");
  /* Each byte of an invalid sequence becomes U+FFFD. */
  ck_assert_str_eq(str_json("a\xff\xfe", 3), "\"a\xef\xbf\xbd\xef\xbf\xbd\"");
  ck_assert_str_eq(str_json("\xe2\x80", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
  ck_assert_str_eq(str_json("\xed\xa0\x80", 3), /* a surrogate */
                   "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  ck_assert_str_eq(str_json("\xc0\xaf", 2), /* overlong '/' */
                   "\"\xef\xbf\xbd\xef\xbf\xbd\"");
  /* An embedded NUL is a control character like any other. */
  ck_assert_str_eq(str_json("a\0b", 3), "\"a\\u0000b\"");
}
END_TEST

/* ---- whole documents ---- */

START_TEST(hcl_dump__document_matches_hclref)
{
  /* printf 'a = 1.50\nb "x" {\n  c = "\xc3\xa9 ${d}"\n}\n' | hclref */
  static const char src[] = "a = 1.50\nb \"x\" {\n  c = \"\xc3\xa9 ${d}\"\n}\n";
  static const char want[] =
      "{\"format\":1,\"file\":\"t1.tf\",\"bytes\":35,\"ok\":true,"
      "\"diagnostics\":[],\"body\":{\"attributes\":[{\"name\":\"a\",\"range\":"
      "{\"start\":{\"line\":1,\"col\":1,\"byte\":0},\"end\":{\"line\":1,"
      "\"col\":9,\"byte\":8}},\"expr\":{\"kind\":\"literal\",\"type\":"
      "\"number\",\"value\":\"1.5\",\"raw\":\"1.50\"}}],\"blocks\":[{"
      "\"type\":\"b\",\"labels\":[\"x\"],\"range\":{\"start\":{\"line\":2,"
      "\"col\":1,\"byte\":9},\"end\":{\"line\":4,\"col\":2,\"byte\":34}},"
      "\"body\":{\"attributes\":[{\"name\":\"c\",\"range\":{\"start\":{"
      "\"line\":3,\"col\":3,\"byte\":19},\"end\":{\"line\":3,\"col\":15,"
      "\"byte\":32}},\"expr\":{\"kind\":\"template\",\"parts\":[{\"kind\":"
      "\"literal\",\"type\":\"string\",\"value\":\"\xc3\xa9 \"},{\"kind\":"
      "\"scope_traversal\",\"root\":\"d\",\"steps\":[]}]}}],\"blocks\":[]}}]}}"
      "\n";
  hcl_body *root = body_new(1, 1), *inner = body_new(1, 0);
  hcl_label *lab = mls_arena_zalloc(arena, sizeof(*lab));
  hcl_file *f;

  root->attrs[0].name = sp("a");
  root->attrs[0].range = rng(0, 1, 8, 1);
  root->attrs[0].expr = lit(HCL_LIT_NUMBER, "1.50");
  lab->value = sp("x");
  lab->quoted = true;
  root->blocks[0].type = sp("b");
  root->blocks[0].labels = lab;
  root->blocks[0].nlabels = 1;
  root->blocks[0].range = rng(9, 2, 34, 4);
  root->blocks[0].body = inner;
  inner->attrs[0].name = sp("c");
  inner->attrs[0].range = rng(19, 3, 32, 3);
  /* Split literal chunks, as a parser may emit them: merged on output. */
  {
    hcl_expr *t = mk(HCL_EXPR_TEMPLATE);
    t->u.tmpl.parts = vec(4);
    t->u.tmpl.parts[0] = lit(HCL_LIT_STRING, "\xc3\xa9");
    t->u.tmpl.parts[1] = lit(HCL_LIT_STRING, "");
    t->u.tmpl.parts[2] = lit(HCL_LIT_STRING, " ");
    t->u.tmpl.parts[3] = trav("d", NULL);
    t->u.tmpl.nparts = 4;
    inner->attrs[0].expr = t;
  }
  f = file_of(src, root);
  ck_assert_int_eq(hcl_dump_hclref(&out, f, "t1.tf", 35, NULL), 0);
  ck_assert_str_eq(out.ptr, want);

  /* The summary of the same tree: hclref --summary t1.tf */
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_summary(&out, f, "t1.tf", NULL), 0);
  ck_assert_str_eq(out.ptr, "file: t1.tf\ndiagnostics: 0\nblocks: 1\n"
                            "attrs: a\nblock: b \"x\"\n  attrs: c\n");
}
END_TEST

START_TEST(hcl_dump__appends_to_existing_output)
{
  hcl_body *b = body_new(0, 0);
  ck_assert_int_eq(mls_buf_puts(&out, "prev\n"), 0);
  ck_assert_int_eq(hcl_dump_hclref(&out, file_of("", b), "e", 0, NULL), 0);
  ck_assert_str_eq(out.ptr, "prev\n{\"format\":1,\"file\":\"e\",\"bytes\":0,"
                            "\"ok\":true,\"diagnostics\":[],\"body\":{"
                            "\"attributes\":[],\"blocks\":[]}}\n");
}
END_TEST

START_TEST(hcl_dump__errors_and_null_tree)
{
  /* error.tf of hclref's testdata: "good = 1\nbad = [1,\nblock \"x\" {\n" */
  static const char src[] = "good = 1\nbad = [1,\nblock \"x\" {\n";
  mls_diag diag = MLS_DIAG_INIT;
  mls_range at = rng(25, 3, 26, 3);
  hcl_body *b = body_new(0, 0);
  hcl_file *f = file_of(src, b);

  diag.path = "error.tf";
  mls_diag_add(&diag, MLS_EINPUT, &at, "Missing item separator");
  mls_diag_add(&diag, MLS_EINPUT, NULL, "say \"%s\"", "hi");
  mls_diag_note(&diag, MLS_OK, MLS_SEV_WARNING, NULL, "careful");
  mls_diag_note(&diag, MLS_OK, MLS_SEV_NOTE, NULL, "not shown");
  f->nerrors = 1;
  ck_assert_int_eq(hcl_dump_hclref(&out, f, "error.tf", 31, &diag), 0);
  ck_assert_str_eq(
      out.ptr,
      "{\"format\":1,\"file\":\"error.tf\",\"bytes\":31,\"ok\":false,"
      "\"diagnostics\":[{\"severity\":\"error\",\"summary\":\"Missing item "
      "separator\",\"detail\":\"\",\"subject\":{\"start\":{\"line\":3,\"col\":"
      "7,\"byte\":25},\"end\":{\"line\":3,\"col\":8,\"byte\":26}}},{"
      "\"severity\":\"error\",\"summary\":\"say \\\"hi\\\"\",\"detail\":\"\","
      "\"subject\":null},{\"severity\":\"warning\",\"summary\":\"careful\","
      "\"detail\":\"\",\"subject\":null}],\"body\":{\"attributes\":[],"
      "\"blocks\":[]}}\n");

  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_summary(&out, f, "error.tf", &diag), 0);
  ck_assert_str_eq(out.ptr, "file: error.tf\ndiagnostics: 3\n");

  /* No tree at all (out of memory, or a file too large to read). */
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref(&out, NULL, "big.tf", 9, NULL), 0);
  ck_assert_str_eq(out.ptr, "{\"format\":1,\"file\":\"big.tf\",\"bytes\":9,"
                            "\"ok\":false,\"diagnostics\":[],\"body\":null}\n");
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_summary(&out, NULL, "big.tf", NULL), 0);
  ck_assert_str_eq(out.ptr, "file: big.tf\ndiagnostics: 0\n");
  mls_diag_dispose(&diag);
}
END_TEST

START_TEST(hcl_dump__warnings_keep_the_file_ok)
{
  mls_diag diag = MLS_DIAG_INIT;
  hcl_body *b = body_new(0, 0);
  mls_diag_note(&diag, MLS_OK, MLS_SEV_WARNING, NULL, "w");
  ck_assert_int_eq(hcl_dump_summary(&out, file_of("", b), "w.tf", &diag), 0);
  ck_assert_str_eq(out.ptr, "file: w.tf\ndiagnostics: 1\nblocks: 0\nattrs:\n");
  mls_diag_dispose(&diag);
}
END_TEST

/* ---- columns ---- */

START_TEST(hcl_dump__columns_count_grapheme_clusters)
{
  /* hclref: 'a = "e\u0301\u0301x"' ends at col 9 (the accents join the e);
   * a ZWJ sequence and a flag pair are one column each; a TAB is one. */
  static const char s1[] =
      "\xef\xbb\xbf"
      "a = \"\xc3\xa9\xcc\x81x\"\n"
      "b = \"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb\"\n"
      "c = \"\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\xf0\x9f\x87\xba\"\n"
      "\td = \"\xcc\x81x\"\n";
  size_t n = strlen(s1);
  ck_assert_uint_eq(hcl_dump_column(s1, n, 3), 1);       /* after the BOM */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 0), 1);       /* inside the BOM */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 14), 9);      /* end of a */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 15), 1);      /* line 2 */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 32), 8);      /* end of b */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 33 + 18), 9); /* end of c */
  /* A quote and a combining mark after it are separate tokens. */
  ck_assert_uint_eq(hcl_dump_column(s1, n, 52 + 10), 10);
  ck_assert_uint_eq(hcl_dump_column(s1, n, 10000), 1); /* clamped to EOF */
  ck_assert_uint_eq(hcl_dump_column("abc\r\nd", 6, 6), 2);
  ck_assert_uint_eq(hcl_dump_column("a\rb", 3, 3), 4);
  ck_assert_uint_eq(hcl_dump_column("\xff\xfe", 2, 2), 3);
}
END_TEST

START_TEST(hcl_dump__document_columns_match_hcl_dump_column)
{
  /* The dumper's per-file column table against the per-position count,
   * at every offset of a file with a BOM, CRLF, clusters and no final
   * newline. */
  static const char src[] = "\xef\xbb\xbf"
                            "a = \"\xc3\xa9\xcc\x81x\"\r\n"
                            "\tb = \"\xf0\x9f\x87\xba\xf0\x9f\x87\xb8\"\n"
                            "\n"
                            "c = \"\xcc\x81\" # \xe2\x80\x8d\xff";
  size_t n = sizeof(src) - 1;
  hcl_body *b = body_new((uint32_t)n + 1, 0);
  const char *p;
  size_t i = 0;

  for (size_t k = 0; k <= n; k++) {
    b->attrs[k].name = sp("x");
    b->attrs[k].range = rng((uint32_t)k, 1, (uint32_t)k, 1);
    b->attrs[k].expr = lit(HCL_LIT_NULL, NULL);
  }
  ck_assert_int_eq(hcl_dump_hclref(&out, file_of(src, b), "c", n, NULL), 0);
  for (p = out.ptr; (p = strstr(p, "\"start\":{\"line\":1,\"col\":")); i++) {
    unsigned long col = strtoul(p + 24, NULL, 10);
    /* Offsets inside a UTF-8 sequence are never token boundaries; there
     * the per-position count sees a truncated sequence. */
    if (i == n || ((unsigned char)src[i] & 0xC0) != 0x80) {
      ck_assert_uint_eq(col, hcl_dump_column(src, n, (uint32_t)i));
    }
    p++;
  }
  ck_assert_uint_eq(i, n + 1);
  ck_assert_uint_eq(hcl_dump_column(src, n, (uint32_t)n), 12);
}
END_TEST

START_TEST(hcl_dump__long_line_columns)
{
  /* Longer than the stack buffer: the heap path gives the same count. */
  static char s[5000];
  memset(s, 'a', sizeof(s) - 1);
  memcpy(s + 4000, "\xc3\xa9", 2);
  ck_assert_uint_eq(hcl_dump_column(s, sizeof(s) - 1, 4990), 4990);
}
END_TEST

/* ---- expression kinds ---- */

START_TEST(hcl_dump__literals)
{
  hcl_expr *u = lit(HCL_LIT_UNKNOWN, NULL);
  ck_assert_str_eq(expr_json(lit(HCL_LIT_NUMBER, "1e3")),
                   "{\"kind\":\"literal\",\"type\":\"number\",\"value\":"
                   "\"1000\",\"raw\":\"1e3\"}");
  ck_assert_str_eq(expr_json(lit_bool(true)),
                   "{\"kind\":\"literal\",\"type\":\"bool\",\"value\":true}");
  ck_assert_str_eq(expr_json(lit_bool(false)),
                   "{\"kind\":\"literal\",\"type\":\"bool\",\"value\":false}");
  ck_assert_str_eq(expr_json(lit(HCL_LIT_NULL, NULL)),
                   "{\"kind\":\"literal\",\"type\":\"null\",\"value\":null}");
  ck_assert_str_eq(expr_json(u), "{\"kind\":\"literal\",\"type\":\"dynamic\","
                                 "\"unknown\":true}");
  ck_assert_str_eq(
      expr_json(lit(HCL_LIT_STRING, "s")),
      "{\"kind\":\"literal\",\"type\":\"string\",\"value\":\"s\"}");
}
END_TEST

START_TEST(hcl_dump__huge_number_literal)
{
  /* Longer than put_number()'s stack buffer: still exact. */
  static char raw[1001]; /* under 1234 digits: positional */
  static const char pre[] = "{\"kind\":\"literal\",\"type\":\"number\","
                            "\"value\":\"";
  const char *got;
  memset(raw, '7', 1000);
  got = expr_json(lit(HCL_LIT_NUMBER, raw));
  ck_assert(strncmp(got, pre, strlen(pre)) == 0);
  ck_assert(strncmp(got + strlen(pre), raw, 1000) == 0);
  got += strlen(pre) + 1000;
  ck_assert(strncmp(got, "\",\"raw\":\"", 9) == 0);
  ck_assert(strncmp(got + 9, raw, 1000) == 0);
  ck_assert_str_eq(got + 9 + 1000, "\"}");
}
END_TEST

START_TEST(hcl_dump__templates_merge_and_drop_literals)
{
  hcl_expr *t = mk(HCL_EXPR_TEMPLATE), *h;
  t->u.tmpl.parts = vec(7);
  t->u.tmpl.parts[0] = lit(HCL_LIT_STRING, "");
  t->u.tmpl.parts[1] = trav("a", NULL);
  t->u.tmpl.parts[2] = lit(HCL_LIT_STRING, "x\n");
  t->u.tmpl.parts[3] = lit(HCL_LIT_STRING, "");
  t->u.tmpl.parts[4] = lit(HCL_LIT_STRING, "y");
  t->u.tmpl.parts[5] = trav("b", NULL);
  t->u.tmpl.parts[6] = lit(HCL_LIT_STRING, "");
  t->u.tmpl.nparts = 7;
  ck_assert_str_eq(
      expr_json(t),
      "{\"kind\":\"template\",\"parts\":[{\"kind\":"
      "\"scope_traversal\",\"root\":\"a\",\"steps\":[]},{\"kind\":"
      "\"literal\",\"type\":\"string\",\"value\":\"x\\ny\"},{"
      "\"kind\":\"scope_traversal\",\"root\":\"b\",\"steps\":[]}]}");
  /* "" is a template with no parts. */
  ck_assert_str_eq(expr_json(tmpl2(lit(HCL_LIT_STRING, ""), NULL)),
                   "{\"kind\":\"template\",\"parts\":[]}");
  ck_assert_str_eq(expr_json(tmpl2(NULL, NULL)),
                   "{\"kind\":\"template\",\"parts\":[]}");
  /* A UTF-8 sequence split across two chunks is judged as one string. */
  ck_assert_str_eq(expr_json(tmpl2(lit(HCL_LIT_STRING, "\xc3"),
                                   lit(HCL_LIT_STRING, "\xa9"))),
                   "{\"kind\":\"template\",\"parts\":[{\"kind\":\"literal\","
                   "\"type\":\"string\",\"value\":\"\xc3\xa9\"}]}");

  h = tmpl2(lit(HCL_LIT_STRING, "indented\n"), lit(HCL_LIT_STRING, "  more\n"));
  h->u.tmpl.heredoc = true;
  h->u.tmpl.flush = true;
  h->u.tmpl.marker = sp("EOT");
  ck_assert_str_eq(expr_json(h),
                   "{\"kind\":\"heredoc\",\"marker\":\"EOT\",\"flush\":true,"
                   "\"parts\":[{\"kind\":\"literal\",\"type\":\"string\","
                   "\"value\":\"indented\\n  more\\n\"}]}");
  h->u.tmpl.flush = false;
  ck_assert(strstr(expr_json(h), "\"flush\":false,") != NULL);
}
END_TEST

START_TEST(hcl_dump__wrap_join_for_conditional)
{
  hcl_expr *w = mk(HCL_EXPR_TEMPLATE_WRAP), *j, *f, *c;
  w->u.wrap.inner = trav("var", "name");
  ck_assert_str_eq(expr_json(w),
                   "{\"kind\":\"template_wrap\",\"wrapped\":{\"kind\":"
                   "\"scope_traversal\",\"root\":\"var\",\"steps\":[{\"step\":"
                   "\"attr\",\"name\":\"name\"}]}}");

  f = mk(HCL_EXPR_FOR);
  f->u.forx.key_var = sp("i");
  f->u.forx.value_var = sp("v");
  f->u.forx.coll = trav("var", "list");
  f->u.forx.value = tmpl2(trav("i", NULL), lit(HCL_LIT_STRING, "="));
  j = mk(HCL_EXPR_TEMPLATE_JOIN);
  j->u.wrap.inner = f;
  ck_assert_str_eq(
      expr_json(j),
      "{\"kind\":\"template_join\",\"tuple\":{\"kind\":\"for\",\"key_var\":"
      "\"i\",\"value_var\":\"v\",\"collection\":{\"kind\":\"scope_traversal\","
      "\"root\":\"var\",\"steps\":[{\"step\":\"attr\",\"name\":\"list\"}]},"
      "\"key\":null,\"value\":{\"kind\":\"template\",\"parts\":[{\"kind\":"
      "\"scope_traversal\",\"root\":\"i\",\"steps\":[]},{\"kind\":\"literal\","
      "\"type\":\"string\",\"value\":\"=\"}]},\"condition\":null,\"group\":"
      "false}}");

  /* { for k, v in m : k => v... if true } and key_var absent. */
  f = mk(HCL_EXPR_FOR);
  f->u.forx.value_var = sp("v");
  f->u.forx.coll = trav("m", NULL);
  f->u.forx.key = trav("k", NULL);
  f->u.forx.value = trav("v", NULL);
  f->u.forx.cond = lit_bool(true);
  f->u.forx.group = true;
  ck_assert_str_eq(
      expr_json(f),
      "{\"kind\":\"for\",\"key_var\":null,\"value_var\":\"v\",\"collection\":"
      "{\"kind\":\"scope_traversal\",\"root\":\"m\",\"steps\":[]},\"key\":{"
      "\"kind\":\"scope_traversal\",\"root\":\"k\",\"steps\":[]},\"value\":{"
      "\"kind\":\"scope_traversal\",\"root\":\"v\",\"steps\":[]},"
      "\"condition\":{\"kind\":\"literal\",\"type\":\"bool\",\"value\":true},"
      "\"group\":true}");

  c = mk(HCL_EXPR_CONDITIONAL);
  c->u.cond.cond = trav("a", NULL);
  c->u.cond.t = tmpl2(lit(HCL_LIT_STRING, "yes"), NULL);
  c->u.cond.f = tmpl2(NULL, NULL);
  ck_assert_str_eq(expr_json(c),
                   "{\"kind\":\"conditional\",\"condition\":{\"kind\":"
                   "\"scope_traversal\",\"root\":\"a\",\"steps\":[]},\"true\":"
                   "{\"kind\":\"template\",\"parts\":[{\"kind\":\"literal\","
                   "\"type\":\"string\",\"value\":\"yes\"}]},\"false\":{"
                   "\"kind\":\"template\",\"parts\":[]}}");
}
END_TEST

START_TEST(hcl_dump__traversals_and_index)
{
  hcl_expr *t = mk(HCL_EXPR_SCOPE_TRAVERSAL), *r, *ix;
  hcl_step *s = mls_arena_zalloc(arena, 4 * sizeof(*s));
  s[0].kind = HCL_STEP_ATTR;
  s[0].name = sp("map");
  s[1].kind = HCL_STEP_INDEX;
  s[1].key.type = HCL_LIT_STRING;
  s[1].key.str = sp("key");
  s[2].kind = HCL_STEP_INDEX;
  s[2].key.type = HCL_LIT_NUMBER;
  s[2].key.str = sp("00");
  s[3].kind = HCL_STEP_SPLAT;
  t->u.scope.root = sp("var");
  t->u.scope.steps = s;
  t->u.scope.nsteps = 4;
  ck_assert_str_eq(
      expr_json(t),
      "{\"kind\":\"scope_traversal\",\"root\":\"var\",\"steps\":[{\"step\":"
      "\"attr\",\"name\":\"map\"},{\"step\":\"index\",\"key\":{\"type\":"
      "\"string\",\"value\":\"key\"}},{\"step\":\"index\",\"key\":{\"type\":"
      "\"number\",\"value\":\"0\"}},{\"step\":\"splat\"}]}");

  ix = mk(HCL_EXPR_INDEX);
  ix->u.index.coll = trav("var", "list");
  ix->u.index.key = trav("count", "index");
  r = mk(HCL_EXPR_RELATIVE_TRAVERSAL);
  r->u.rel.source = ix;
  r->u.rel.steps = s;
  r->u.rel.nsteps = 1;
  ck_assert_str_eq(
      expr_json(r),
      "{\"kind\":\"relative_traversal\",\"source\":{\"kind\":\"index\","
      "\"collection\":{\"kind\":\"scope_traversal\",\"root\":\"var\","
      "\"steps\":[{\"step\":\"attr\",\"name\":\"list\"}]},\"key\":{\"kind\":"
      "\"scope_traversal\",\"root\":\"count\",\"steps\":[{\"step\":\"attr\","
      "\"name\":\"index\"}]}},\"steps\":[{\"step\":\"attr\",\"name\":"
      "\"map\"}]}");
}
END_TEST

START_TEST(hcl_dump__splat_and_anon_symbol)
{
  hcl_expr *sp1 = mk(HCL_EXPR_SPLAT), *each = mk(HCL_EXPR_RELATIVE_TRAVERSAL);
  hcl_step *st = mls_arena_zalloc(arena, sizeof(*st));
  st->kind = HCL_STEP_ATTR;
  st->name = sp("id");
  each->u.rel.source = mk(HCL_EXPR_ANON_SYMBOL);
  each->u.rel.steps = st;
  each->u.rel.nsteps = 1;
  sp1->u.splat.source = trav("aws_instance", "web");
  sp1->u.splat.each = each;
  ck_assert_str_eq(
      expr_json(sp1),
      "{\"kind\":\"splat\",\"style\":\"full\",\"source\":{\"kind\":"
      "\"scope_traversal\",\"root\":\"aws_instance\",\"steps\":[{\"step\":"
      "\"attr\",\"name\":\"web\"}]},\"each\":{\"kind\":\"relative_traversal\","
      "\"source\":{\"kind\":\"anon_symbol\"},\"steps\":[{\"step\":\"attr\","
      "\"name\":\"id\"}]}}");
  sp1->u.splat.attr_style = true;
  sp1->u.splat.each = mk(HCL_EXPR_ANON_SYMBOL);
  ck_assert(strstr(expr_json(sp1), "\"style\":\"attr\",") != NULL);
  ck_assert(strstr(expr_json(sp1), "\"each\":{\"kind\":\"anon_symbol\"}}") !=
            NULL);
}
END_TEST

START_TEST(hcl_dump__calls_tuples_objects)
{
  hcl_expr *call = mk(HCL_EXPR_FUNCTION_CALL), *tup = mk(HCL_EXPR_TUPLE);
  hcl_expr *obj = mk(HCL_EXPR_OBJECT), *par = mk(HCL_EXPR_PARENS);
  hcl_object_item *it = mls_arena_zalloc(arena, 2 * sizeof(*it));

  call->u.call.name = sp("concat");
  call->u.call.args = vec(1);
  call->u.call.args[0] = trav("var", "lists");
  call->u.call.nargs = 1;
  call->u.call.expand_final = true;
  ck_assert_str_eq(expr_json(call),
                   "{\"kind\":\"function_call\",\"name\":\"concat\","
                   "\"expand_final\":true,\"args\":[{\"kind\":"
                   "\"scope_traversal\",\"root\":\"var\",\"steps\":[{\"step\":"
                   "\"attr\",\"name\":\"lists\"}]}]}");
  call->u.call.nargs = 0;
  call->u.call.expand_final = false;
  ck_assert_str_eq(expr_json(call), "{\"kind\":\"function_call\",\"name\":"
                                    "\"concat\",\"expand_final\":false,"
                                    "\"args\":[]}");

  tup->u.tuple.items = vec(2);
  tup->u.tuple.items[0] = lit(HCL_LIT_NUMBER, "1");
  tup->u.tuple.items[1] = mk(HCL_EXPR_TUPLE);
  tup->u.tuple.n = 2;
  ck_assert_str_eq(expr_json(tup),
                   "{\"kind\":\"tuple_cons\",\"items\":[{\"kind\":\"literal\","
                   "\"type\":\"number\",\"value\":\"1\",\"raw\":\"1\"},{"
                   "\"kind\":\"tuple_cons\",\"items\":[]}]}");

  par->u.wrap.inner = trav("var", "k");
  it[0].key = trav("bare", NULL);
  it[0].value = lit(HCL_LIT_NUMBER, "1");
  it[1].key = par;
  it[1].force_non_literal = true;
  it[1].value = lit(HCL_LIT_NUMBER, "3");
  obj->u.object.items = it;
  obj->u.object.n = 2;
  ck_assert_str_eq(
      expr_json(obj),
      "{\"kind\":\"object_cons\",\"items\":[{\"key\":{\"kind\":"
      "\"scope_traversal\",\"root\":\"bare\",\"steps\":[]},"
      "\"force_non_literal\":false,\"value\":{\"kind\":\"literal\",\"type\":"
      "\"number\",\"value\":\"1\",\"raw\":\"1\"}},{\"key\":{\"kind\":"
      "\"parentheses\",\"expr\":{\"kind\":\"scope_traversal\",\"root\":"
      "\"var\",\"steps\":[{\"step\":\"attr\",\"name\":\"k\"}]}},"
      "\"force_non_literal\":true,\"value\":{\"kind\":\"literal\",\"type\":"
      "\"number\",\"value\":\"3\",\"raw\":\"3\"}}]}");
  obj->u.object.n = 0;
  ck_assert_str_eq(expr_json(obj), "{\"kind\":\"object_cons\",\"items\":[]}");
}
END_TEST

START_TEST(hcl_dump__operators)
{
  static const char *const ops[] = { "||", "&&", "==", "!=", "<", "<=", ">",
                                     ">=", "+",  "-",  "*",  "/", "%" };
  char want[128];
  hcl_expr *b = mk(HCL_EXPR_BINARY), *u = mk(HCL_EXPR_UNARY);
  b->u.binary.lhs = lit(HCL_LIT_NUMBER, "1");
  b->u.binary.rhs = lit(HCL_LIT_NUMBER, "2");
  for (int i = 0; i <= (int)HCL_OP_MOD; i++) {
    b->u.binary.op = (hcl_binop)i;
    snprintf(want, sizeof(want),
             "{\"kind\":\"binary_op\",\"op\":\"%s\",\"lhs\"", ops[i]);
    ck_assert(strncmp(expr_json(b), want, strlen(want)) == 0);
  }
  ck_assert_str_eq(expr_json(b),
                   "{\"kind\":\"binary_op\",\"op\":\"%\",\"lhs\":{\"kind\":"
                   "\"literal\",\"type\":\"number\",\"value\":\"1\",\"raw\":"
                   "\"1\"},\"rhs\":{\"kind\":\"literal\",\"type\":\"number\","
                   "\"value\":\"2\",\"raw\":\"2\"}}");
  u->u.unary.op = HCL_OP_NEG;
  u->u.unary.operand = lit(HCL_LIT_NUMBER, "1");
  ck_assert_str_eq(expr_json(u),
                   "{\"kind\":\"unary_op\",\"op\":\"-\",\"operand\":{\"kind\":"
                   "\"literal\",\"type\":\"number\",\"value\":\"1\",\"raw\":"
                   "\"1\"}}");
  u->u.unary.op = HCL_OP_NOT;
  u->u.unary.operand = lit_bool(false);
  ck_assert_str_eq(expr_json(u),
                   "{\"kind\":\"unary_op\",\"op\":\"!\",\"operand\":{\"kind\":"
                   "\"literal\",\"type\":\"bool\",\"value\":false}}");
}
END_TEST

START_TEST(hcl_dump__depth_limit_leaves_output_intact)
{
  hcl_expr *e = lit(HCL_LIT_NUMBER, "1");
  hcl_body *b = body_new(1, 0);
  for (int i = 0; i < 5 * MLS_MAX_NESTING; i++) {
    hcl_expr *p = mk(HCL_EXPR_PARENS);
    p->u.wrap.inner = e;
    e = p;
  }
  b->attrs[0].name = sp("x");
  b->attrs[0].expr = e;
  ck_assert_int_eq(mls_buf_puts(&out, "keep"), 0);
  ck_assert_int_eq(hcl_dump_hclref(&out, file_of("", b), "d", 0, NULL),
                   MLS_ELIMIT);
  ck_assert_str_eq(out.ptr, "keep");
}
END_TEST

START_TEST(hcl_dump__long_left_chains_are_not_depth_bound)
{
  /* `1 + 1 + ... + 1` with 5000 operators, then x[k][k]...[k].a: left-deep
   * trees far deeper than DUMP_MAX_DEPTH, written without recursion. */
  mls_buf big;
  hcl_expr *e = lit(HCL_LIT_NUMBER, "1");
  hcl_body *b = body_new(2, 0);
  hcl_expr *r;
  hcl_step *st = mls_arena_zalloc(arena, sizeof(*st));
  size_t opens = 0;

  for (int i = 0; i < 5000; i++) {
    hcl_expr *op = mk(HCL_EXPR_BINARY);
    op->u.binary.op = HCL_OP_ADD;
    op->u.binary.lhs = e;
    op->u.binary.rhs = lit(HCL_LIT_NUMBER, "1");
    e = op;
  }
  b->attrs[0].name = sp("sum");
  b->attrs[0].expr = e;
  e = trav("x", NULL);
  for (int i = 0; i < 5000; i++) {
    hcl_expr *ix = mk(HCL_EXPR_INDEX);
    ix->u.index.coll = e;
    ix->u.index.key = trav("k", NULL);
    e = ix;
  }
  st->kind = HCL_STEP_ATTR;
  st->name = sp("a");
  r = mk(HCL_EXPR_RELATIVE_TRAVERSAL);
  r->u.rel.source = e;
  r->u.rel.steps = st;
  r->u.rel.nsteps = 1;
  b->attrs[1].name = sp("idx");
  b->attrs[1].expr = r;

  mls_buf_init(&big, 64u << 20);
  ck_assert_int_eq(hcl_dump_hclref(&big, file_of("", b), "c", 0, NULL), 0);
  for (const char *p = big.ptr; (p = strstr(p, "{\"kind\":\"binary_op\","));
       p++) {
    opens++;
  }
  ck_assert_uint_eq(opens, 5000);
  ck_assert(strstr(big.ptr, "\"expr\":{\"kind\":\"binary_op\",\"op\":\"+\","
                            "\"lhs\":{\"kind\":\"binary_op\"") != NULL);
  ck_assert(strstr(big.ptr, "\"lhs\":{\"kind\":\"literal\",\"type\":\"number\","
                            "\"value\":\"1\",\"raw\":\"1\"},\"rhs\":") != NULL);
  ck_assert(strstr(big.ptr, "\"expr\":{\"kind\":\"relative_traversal\","
                            "\"source\":{\"kind\":\"index\",\"collection\":{"
                            "\"kind\":\"index\"") != NULL);
  ck_assert(strstr(big.ptr,
                   "\"key\":{\"kind\":\"scope_traversal\",\"root\":"
                   "\"k\",\"steps\":[]}},\"steps\":[{\"step\":"
                   "\"attr\",\"name\":\"a\"}]}}],\"blocks\":[]}}\n") != NULL);
  mls_buf_dispose(&big);
}
END_TEST

START_TEST(hcl_dump__summary_nesting_and_labels)
{
  hcl_body *root = body_new(2, 2), *r = body_new(1, 1), *lc = body_new(1, 0);
  hcl_body *u = body_new(0, 0);
  hcl_label *labs = mls_arena_zalloc(arena, 3 * sizeof(*labs));
  labs[0].value = sp("aws_instance");
  labs[1].value = sp("we\"b\n");
  labs[2].value = sp("label");
  root->attrs[0].name = sp("top");
  root->attrs[1].name = sp("two");
  root->blocks[0].type = sp("resource");
  root->blocks[0].labels = labs;
  root->blocks[0].nlabels = 2;
  root->blocks[0].body = r;
  root->blocks[1].type = sp("unquoted");
  root->blocks[1].labels = labs + 2;
  root->blocks[1].nlabels = 1;
  root->blocks[1].body = u;
  r->attrs[0].name = sp("ami");
  r->blocks[0].type = sp("lifecycle");
  r->blocks[0].body = lc;
  lc->attrs[0].name = sp("ignore_changes");
  ck_assert_int_eq(hcl_dump_summary(&out, file_of("", root), "k.tf", NULL), 0);
  ck_assert_str_eq(out.ptr, "file: k.tf\n"
                            "diagnostics: 0\n"
                            "blocks: 2\n"
                            "attrs: top two\n"
                            "block: resource \"aws_instance\" \"we\\\"b\\n\"\n"
                            "  attrs: ami\n"
                            "  block: lifecycle\n"
                            "    attrs: ignore_changes\n"
                            "block: unquoted \"label\"\n"
                            "  attrs:\n");
}
END_TEST

START_TEST(hcl_dump__output_bound_is_reported)
{
  mls_buf tiny;
  hcl_body *b = body_new(0, 0);
  mls_buf_init(&tiny, 16);
  ck_assert_int_eq(hcl_dump_hclref(&tiny, file_of("", b), "p", 0, NULL),
                   MLS_ELIMIT);
  mls_buf_dispose(&tiny);
}
END_TEST

Suite *hcl_dump_suite(void)
{
  Suite *s = suite_create("hcl_dump");
  TCase *tc = tcase_create("dump");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_dump__string_escaping);
  tcase_add_test(tc, hcl_dump__document_matches_hclref);
  tcase_add_test(tc, hcl_dump__appends_to_existing_output);
  tcase_add_test(tc, hcl_dump__errors_and_null_tree);
  tcase_add_test(tc, hcl_dump__warnings_keep_the_file_ok);
  tcase_add_test(tc, hcl_dump__columns_count_grapheme_clusters);
  tcase_add_test(tc, hcl_dump__document_columns_match_hcl_dump_column);
  tcase_add_test(tc, hcl_dump__long_line_columns);
  tcase_add_test(tc, hcl_dump__literals);
  tcase_add_test(tc, hcl_dump__huge_number_literal);
  tcase_add_test(tc, hcl_dump__templates_merge_and_drop_literals);
  tcase_add_test(tc, hcl_dump__wrap_join_for_conditional);
  tcase_add_test(tc, hcl_dump__traversals_and_index);
  tcase_add_test(tc, hcl_dump__splat_and_anon_symbol);
  tcase_add_test(tc, hcl_dump__calls_tuples_objects);
  tcase_add_test(tc, hcl_dump__operators);
  tcase_add_test(tc, hcl_dump__depth_limit_leaves_output_intact);
  tcase_add_test(tc, hcl_dump__long_left_chains_are_not_depth_bound);
  tcase_add_test(tc, hcl_dump__summary_nesting_and_labels);
  tcase_add_test(tc, hcl_dump__output_bound_is_reported);
  suite_add_tcase(s, tc);
  return s;
}
