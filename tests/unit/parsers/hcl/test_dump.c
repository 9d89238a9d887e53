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

#include "core/base/alloc.h"
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

/* ---- ranges (hclref --ranges) ---- */

/* `tmpl` with each "@L.C.B-L.C.B" (start and end line, column and byte)
 * written out as hclref writes `,"range":RANGE`, so that expected
 * documents stay readable. */
static const char *want(const char *tmpl)
{
  static char buf[16384];
  size_t n = 0;

  for (const char *p = tmpl; *p;) {
    unsigned long v[6];
    char *end;
    int w;
    if (*p != '@') {
      ck_assert_uint_lt(n + 1, sizeof(buf));
      buf[n++] = *p++;
      continue;
    }
    p++;
    for (int i = 0; i < 6; i++) {
      v[i] = strtoul(p, &end, 10);
      ck_assert_ptr_ne(end, p);
      p = *end && i < 5 ? end + 1 : end; /* skip '.' or '-' */
    }
    w = snprintf(buf + n, sizeof(buf) - n,
                 ",\"range\":{\"start\":{\"line\":%lu,\"col\":%lu,\"byte\":"
                 "%lu},\"end\":{\"line\":%lu,\"col\":%lu,\"byte\":%lu}}",
                 v[0], v[1], v[2], v[3], v[4], v[5]);
    ck_assert(w > 0 && (size_t)w < sizeof(buf) - n);
    n += (size_t)w;
  }
  buf[n] = '\0';
  return buf;
}

static hcl_expr *at(hcl_expr *e, uint32_t sb, uint32_t sl, uint32_t eb,
                    uint32_t el)
{
  e->range = rng(sb, sl, eb, el);
  return e;
}

static hcl_step *steps(size_t n)
{
  hcl_step *s = mls_arena_zalloc(arena, n * sizeof(*s));
  ck_assert_ptr_nonnull(s);
  return s;
}

/* The JSON of one expression, dumped with ranges as the value of the
 * attribute `x` that spans src[0..attr_end) on line 1..attr_line. */
static const char *ranged_json(const char *src, uint32_t attr_end,
                               uint32_t attr_line, hcl_expr *e)
{
  static char buf[16384];
  static const char post[] = "}],\"blocks\":[]}}\n";
  hcl_dump_opts opts = HCL_DUMP_OPTS_INIT;
  hcl_body *b = body_new(1, 0);
  const char *p;
  size_t nq = strlen(post), len;

  opts.ranges = true;
  b->attrs[0].name = sp("x");
  b->attrs[0].range = rng(0, 1, attr_end, attr_line);
  b->attrs[0].expr = e;
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref_ex(&out, file_of(src, b), "t.tf",
                                      strlen(src), NULL, &opts),
                   0);
  ck_assert_ptr_nonnull(p = strstr(out.ptr, "\"expr\":"));
  p += strlen("\"expr\":");
  ck_assert_uint_ge(out.len, (size_t)(p - out.ptr) + nq);
  ck_assert_str_eq(out.ptr + out.len - nq, post);
  len = out.len - (size_t)(p - out.ptr) - nq;
  ck_assert_uint_lt(len, sizeof(buf));
  memcpy(buf, p, len);
  buf[len] = '\0';
  return buf;
}

START_TEST(hcl_dump__ranges_end_nodes_and_steps)
{
  /* printf 'x = a.b[0]\n' | hclref --ranges: the whole document. */
  static const char src[] = "x = a.b[0]\n";
  hcl_dump_opts opts = HCL_DUMP_OPTS_INIT;
  hcl_body *b = body_new(1, 0);
  hcl_expr *t = at(trav("a", NULL), 4, 1, 10, 1);
  hcl_step *s = steps(2);

  s[0].kind = HCL_STEP_ATTR;
  s[0].name = sp("b");
  s[0].range = rng(5, 1, 7, 1);
  s[1].kind = HCL_STEP_INDEX;
  s[1].key.type = HCL_LIT_NUMBER;
  s[1].key.str = sp("0");
  s[1].range = rng(7, 1, 10, 1);
  t->u.scope.steps = s;
  t->u.scope.nsteps = 2;
  b->attrs[0].name = sp("x");
  b->attrs[0].range = rng(0, 1, 10, 1);
  b->attrs[0].expr = t;
  opts.ranges = true;
  ck_assert_int_eq(
      hcl_dump_hclref_ex(&out, file_of(src, b), "t1.tf", 11, NULL, &opts), 0);
  ck_assert_str_eq(
      out.ptr,
      want("{\"format\":1,\"file\":\"t1.tf\",\"bytes\":11,\"ok\":true,"
           "\"diagnostics\":[],\"body\":{\"attributes\":[{\"name\":\"x\","
           "\"range\":{\"start\":{\"line\":1,\"col\":1,\"byte\":0},\"end\":{"
           "\"line\":1,\"col\":11,\"byte\":10}},\"expr\":{\"kind\":"
           "\"scope_traversal\",\"root\":\"a\",\"steps\":[{\"step\":\"attr\","
           "\"name\":\"b\"@1.6.5-1.8.7},{\"step\":\"index\",\"key\":{"
           "\"type\":\"number\",\"value\":\"0\"}@1.8.7-1.11.10}]@1.5.4-1.11.10}"
           "}],\"blocks\":[]}}\n"));
}
END_TEST

START_TEST(hcl_dump__ranges_off_unless_asked)
{
  /* NULL options and ranges=false print what hcl_dump_hclref() prints. */
  static const char src[] = "x = a.b[0]\n";
  hcl_dump_opts opts = HCL_DUMP_OPTS_INIT;
  hcl_body *b = body_new(1, 0);
  hcl_file *f = file_of(src, b);
  char *plain;

  b->attrs[0].name = sp("x");
  b->attrs[0].range = rng(0, 1, 10, 1);
  b->attrs[0].expr = at(trav("a", "b"), 4, 1, 10, 1);
  ck_assert_int_eq(hcl_dump_hclref(&out, f, "t.tf", 11, NULL), 0);
  plain = mls_strndup(out.ptr, out.len);
  ck_assert_ptr_nonnull(plain);
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref_ex(&out, f, "t.tf", 11, NULL, NULL), 0);
  ck_assert_str_eq(out.ptr, plain);
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref_ex(&out, f, "t.tf", 11, NULL, &opts), 0);
  ck_assert_str_eq(out.ptr, plain);
  ck_assert_ptr_null(strstr(plain, "\"steps\":[{\"step\":\"attr\","
                                   "\"name\":\"b\",\"range\""));
  mls_free(plain);

  /* No tree: the document has no nodes to give ranges to. */
  opts.ranges = true;
  mls_buf_clear(&out);
  ck_assert_int_eq(hcl_dump_hclref_ex(&out, NULL, "big.tf", 9, NULL, &opts), 0);
  ck_assert_str_eq(out.ptr, "{\"format\":1,\"file\":\"big.tf\",\"bytes\":9,"
                            "\"ok\":false,\"diagnostics\":[],\"body\":null}\n");
}
END_TEST

START_TEST(hcl_dump__ranges_splat_and_anon_symbol)
{
  /* hclref --ranges on 'x = a[*].b' and 'x = f(a.*)[b]'. */
  hcl_expr *s1 = at(mk(HCL_EXPR_SPLAT), 4, 1, 10, 1);
  hcl_expr *each = at(mk(HCL_EXPR_RELATIVE_TRAVERSAL), 5, 1, 10, 1);
  hcl_expr *s2 = at(mk(HCL_EXPR_SPLAT), 6, 1, 9, 1);
  hcl_expr *call = at(mk(HCL_EXPR_FUNCTION_CALL), 4, 1, 10, 1);
  hcl_expr *ix = at(mk(HCL_EXPR_INDEX), 4, 1, 13, 1);
  hcl_step *st = steps(1);

  st->kind = HCL_STEP_ATTR;
  st->name = sp("b");
  st->range = rng(8, 1, 10, 1);
  each->u.rel.source = at(mk(HCL_EXPR_ANON_SYMBOL), 5, 1, 8, 1);
  each->u.rel.steps = st;
  each->u.rel.nsteps = 1;
  s1->u.splat.source = at(trav("a", NULL), 4, 1, 5, 1);
  s1->u.splat.each = each;
  ck_assert_str_eq(
      ranged_json("x = a[*].b\n", 10, 1, s1),
      want("{\"kind\":\"splat\",\"style\":\"full\",\"source\":{\"kind\":"
           "\"scope_traversal\",\"root\":\"a\",\"steps\":[]@1.5.4-1.6.5},"
           "\"each\":{\"kind\":\"relative_traversal\","
           "\"source\":{\"kind\":\"anon_symbol\"@1.6.5-1.9.8},\"steps\":[{"
           "\"step\":"
           "\"attr\",\"name\":\"b\"@1.9.8-1.11.10}]@1.6.5-1.11.10}@1.5.4-1.11."
           "10}"));

  s2->u.splat.attr_style = true;
  s2->u.splat.source = at(trav("a", NULL), 6, 1, 7, 1);
  s2->u.splat.each = at(mk(HCL_EXPR_ANON_SYMBOL), 7, 1, 9, 1);
  call->u.call.name = sp("f");
  call->u.call.args = vec(1);
  call->u.call.args[0] = s2;
  call->u.call.nargs = 1;
  ix->u.index.coll = call;
  ix->u.index.key = at(trav("b", NULL), 11, 1, 12, 1);
  ck_assert_str_eq(
      ranged_json("x = f(a.*)[b]\n", 13, 1, ix),
      want(
          "{\"kind\":\"index\",\"collection\":{\"kind\":\"function_call\","
          "\"name\":\"f\",\"expand_final\":false,\"args\":[{\"kind\":\"splat\","
          "\"style\":\"attr\",\"source\":{\"kind\":\"scope_traversal\","
          "\"root\":"
          "\"a\",\"steps\":[]@1.7.6-1.8.7},\"each\":{\"kind\":"
          "\"anon_symbol\"@1.8.7-1.10.9}@1.7.6-1.10.9}]@1.5.4-1.11.10},\"key\":"
          "{\"kind\":"
          "\"scope_traversal\",\"root\":\"b\",\"steps\":"
          "[]@1.12.11-1.13.12}@1.5.4-1.14.13}"));
}
END_TEST

START_TEST(hcl_dump__ranges_object_keys_and_operators)
{
  /* hclref --ranges on 'x = {k = 1 + 2, (j) = -k}': a key's range is the
   * expression inside hclsyntax's ObjectConsKeyExpr; a binary_op's comes
   * after its rhs. */
  hcl_expr *obj = at(mk(HCL_EXPR_OBJECT), 4, 1, 25, 1);
  hcl_expr *add = at(mk(HCL_EXPR_BINARY), 9, 1, 14, 1);
  hcl_expr *par = at(mk(HCL_EXPR_PARENS), 16, 1, 19, 1);
  hcl_expr *neg = at(mk(HCL_EXPR_UNARY), 22, 1, 24, 1);
  hcl_object_item *it = mls_arena_zalloc(arena, 2 * sizeof(*it));

  add->u.binary.op = HCL_OP_ADD;
  add->u.binary.lhs = at(lit(HCL_LIT_NUMBER, "1"), 9, 1, 10, 1);
  add->u.binary.rhs = at(lit(HCL_LIT_NUMBER, "2"), 13, 1, 14, 1);
  par->u.wrap.inner = at(trav("j", NULL), 17, 1, 18, 1);
  neg->u.unary.op = HCL_OP_NEG;
  neg->u.unary.operand = at(trav("k", NULL), 23, 1, 24, 1);
  it[0].key = at(trav("k", NULL), 5, 1, 6, 1);
  it[0].value = add;
  it[1].key = par;
  it[1].force_non_literal = true;
  it[1].value = neg;
  obj->u.object.items = it;
  obj->u.object.n = 2;
  ck_assert_str_eq(
      ranged_json("x = {k = 1 + 2, (j) = -k}\n", 25, 1, obj),
      want("{\"kind\":\"object_cons\",\"items\":[{\"key\":{\"kind\":"
           "\"scope_traversal\",\"root\":\"k\",\"steps\":[]@1.6.5-1.7.6},"
           "\"force_non_literal\":false,\"value\":{"
           "\"kind\":\"binary_op\",\"op\":\"+\",\"lhs\":{"
           "\"kind\":\"literal\",\"type\":\"number\","
           "\"value\":\"1\",\"raw\":\"1\"@1.10.9-1.11.10},\"rhs\":{\"kind\":"
           "\"literal\",\"type\":"
           "\"number\",\"value\":"
           "\"2\",\"raw\":\"2\"@1.14.13-1.15.14}@1.10.9-1.15.14}},{\"key\":{"
           "\"kind\":\"parentheses\",\"expr\":{\"kind\":\"scope_traversal\","
           "\"root\":\"j\",\"steps\":[]@1.18.17-1.19.18}@1.17.16-1.20.19},"
           "\"force_non_literal\":true,\"value\":{\"kind\":\"unary_op\",\"op\":"
           "\"-\",\"operand\":{\"kind\":\"scope_traversal\",\"root\":\"k\","
           "\"steps\":[]@1.24.23-1.25.24}@1.23.22-1.25.24}}]@1.5.4-1.26.25}"));
}
END_TEST

START_TEST(hcl_dump__ranges_of_merged_literals)
{
  /* printf 'x = <<EOT\na\nb\n${v}\nEOT\n' | hclref --ranges: hclsyntax
   * parses the text as chunks "a\n" and "b\n"; the merged literal runs
   * from the first chunk's start to the last one's end. */
  static const char s7[] = "x = <<EOT\na\nb\n${v}\nEOT\n";
  /* printf 'x = <<EOT\n${v~}  \nb\nEOT\n': the strip marker empties the
   * chunk "  \n", which is dropped from the parts but still starts the
   * merged range (hclref --raw-templates shows the empty chunk). */
  static const char s10[] = "x = <<EOT\n${v~}  \nb\nEOT\n";
  hcl_expr *h = at(mk(HCL_EXPR_TEMPLATE), 4, 1, 22, 5);

  h->u.tmpl.heredoc = true;
  h->u.tmpl.marker = sp("EOT");
  h->u.tmpl.parts = vec(4);
  h->u.tmpl.parts[0] = at(lit(HCL_LIT_STRING, "a\n"), 10, 2, 12, 3);
  h->u.tmpl.parts[1] = at(lit(HCL_LIT_STRING, "b\n"), 12, 3, 14, 4);
  h->u.tmpl.parts[2] = at(trav("v", NULL), 16, 4, 17, 4);
  h->u.tmpl.parts[3] = at(lit(HCL_LIT_STRING, "\n"), 18, 4, 19, 5);
  h->u.tmpl.nparts = 4;
  ck_assert_str_eq(
      ranged_json(s7, 22, 5, h),
      want("{\"kind\":\"heredoc\",\"marker\":\"EOT\",\"flush\":false,\"parts\":"
           "[{"
           "\"kind\":\"literal\",\"type\":\"string\",\"value\":\"a\\nb\\n\"@2."
           "1.10-4.1.14},{\"kind\":\"scope_traversal\",\"root\":"
           "\"v\",\"steps\":[]@4.3.16-4.4.17},{\"kind\":"
           "\"literal\",\"type\":"
           "\"string\",\"value\":"
           "\"\\n\"@4.5.18-5.1.19}]@1.5.4-5.4.22}"));

  h = at(mk(HCL_EXPR_TEMPLATE), 4, 1, 23, 4);
  h->u.tmpl.heredoc = true;
  h->u.tmpl.marker = sp("EOT");
  h->u.tmpl.parts = vec(3);
  h->u.tmpl.parts[0] = at(trav("v", NULL), 12, 2, 13, 2);
  h->u.tmpl.parts[1] = at(lit(HCL_LIT_STRING, ""), 15, 2, 18, 3);
  h->u.tmpl.parts[2] = at(lit(HCL_LIT_STRING, "b\n"), 18, 3, 20, 4);
  h->u.tmpl.nparts = 3;
  ck_assert_str_eq(
      ranged_json(s10, 23, 4, h),
      want("{\"kind\":\"heredoc\",\"marker\":\"EOT\",\"flush\":false,\"parts\":"
           "[{"
           "\"kind\":\"scope_traversal\",\"root\":\"v\",\"steps\":[]@2.3.12-2."
           "4.13},{\"kind\":\"literal\",\"type\":\"string\","
           "\"value\":\"b\\n\"@2.6.15-4.1.20}]@1.5.4-4.4.23}"));

  /* A run of empty chunks alone prints nothing, so no range either. */
  h->u.tmpl.parts[2] = at(lit(HCL_LIT_STRING, ""), 18, 3, 20, 4);
  ck_assert_str_eq(
      ranged_json(s10, 23, 4, h),
      want("{\"kind\":\"heredoc\",\"marker\":\"EOT\",\"flush\":false,"
           "\"parts\":[{\"kind\":\"scope_traversal\",\"root\":\"v\","
           "\"steps\":[]@2.3.12-2.4.13}]@1.5.4-4.4.23}"));
}
END_TEST

START_TEST(hcl_dump__ranges_template_join_and_for)
{
  /* printf 'x = <<EOT\n%%{for v in a}${v}%%{endfor}\nEOT\n' |
   * hclref --ranges: the for node and the template_join holding it both
   * span the directive, from %{for to the end of %{endfor}. */
  static const char src[] = "x = <<EOT\n%{for v in a}${v}%{endfor}\nEOT\n";
  hcl_expr *h = at(mk(HCL_EXPR_TEMPLATE), 4, 1, 40, 3);
  hcl_expr *join = at(mk(HCL_EXPR_TEMPLATE_JOIN), 10, 2, 36, 2);
  hcl_expr *fe = at(mk(HCL_EXPR_FOR), 10, 2, 36, 2);

  fe->u.forx.value_var = sp("v");
  fe->u.forx.coll = at(trav("a", NULL), 21, 2, 22, 2);
  fe->u.forx.value =
      at(tmpl2(at(trav("v", NULL), 25, 2, 26, 2), NULL), 25, 2, 26, 2);
  join->u.wrap.inner = fe;
  h->u.tmpl.heredoc = true;
  h->u.tmpl.marker = sp("EOT");
  h->u.tmpl.parts = vec(2);
  h->u.tmpl.parts[0] = join;
  h->u.tmpl.parts[1] = at(lit(HCL_LIT_STRING, "\n"), 36, 2, 37, 3);
  h->u.tmpl.nparts = 2;
  ck_assert_str_eq(
      ranged_json(src, 40, 3, h),
      want(
          "{\"kind\":\"heredoc\",\"marker\":\"EOT\",\"flush\":false,\"parts\":["
          "{"
          "\"kind\":\"template_join\",\"tuple\":{\"kind\":\"for\",\"key_var\":"
          "null,\"value_var\":\"v\",\"collection\":{\"kind\":\"scope_"
          "traversal\","
          "\"root\":\"a\",\"steps\":[]@2.12.21-2.13.22},\"key\":null,"
          "\"value\":{\"kind\":\"template\",\"parts\":[{\"kind\":"
          "\"scope_traversal\",\"root\":\"v\",\"steps\":[]@2.16.25-2.17.26}]@2."
          "16.25-2.17.26},"
          "\"condition\":null,\"group\":false@2.1.10-2.27.36}@2.1.10-2.27.36},{"
          "\"kind\":\"literal\",\"type\":\"string\",\"value\":\"\\n\"@2.27.36-"
          "3.1.37}]@1.5.4-3.4.40}"));
}
END_TEST

START_TEST(hcl_dump__ranges_count_grapheme_clusters)
{
  /* printf 'x = "\xc3\xa9\\n${v}w"\n' | hclref --ranges: the literal ends
   * at byte 9 but column 9, since é is one column of two bytes. */
  static const char src[] = "x = \"\xc3\xa9\\n${v}w\"\n";
  hcl_expr *t = at(mk(HCL_EXPR_TEMPLATE), 4, 1, 15, 1);

  t->u.tmpl.parts = vec(3);
  t->u.tmpl.parts[0] = at(lit(HCL_LIT_STRING, "\xc3\xa9\n"), 5, 1, 9, 1);
  t->u.tmpl.parts[1] = at(trav("v", NULL), 11, 1, 12, 1);
  t->u.tmpl.parts[2] = at(lit(HCL_LIT_STRING, "w"), 13, 1, 14, 1);
  t->u.tmpl.nparts = 3;
  ck_assert_str_eq(
      ranged_json(src, 15, 1, t),
      want("{\"kind\":\"template\",\"parts\":[{\"kind\":\"literal\",\"type\":"
           "\"string\",\"value\":\"\xc3\xa9\\n\"@1.6.5-1.9.9},{"
           "\"kind\":\"scope_traversal\",\"root\":\"v\",\"steps\":[]@1.11.11-1."
           "12.12},{\"kind\":\"literal\",\"type\":\"string\","
           "\"value\":\"w\"@1.13.13-1.14.14}]@1.5.4-1.15.15}"));
}
END_TEST

START_TEST(hcl_dump__ranges_on_long_left_chains)
{
  /* The chain walker (put_chain) closes each node of `1 + 1 + ... + 1`,
   * 3000 operators deep, with its own range: one per operator and
   * operand, the outermost one last, after its rhs. */
  static char src[4 * 3000 + 2];
  mls_buf big;
  hcl_dump_opts opts = HCL_DUMP_OPTS_INIT;
  hcl_expr *e = at(lit(HCL_LIT_NUMBER, "1"), 0, 1, 1, 1);
  hcl_body *b = body_new(1, 0);
  size_t n = 0;

  src[0] = '1';
  for (uint32_t i = 1; i <= 3000; i++) {
    hcl_expr *op = at(mk(HCL_EXPR_BINARY), 0, 1, 4 * i + 1, 1);
    memcpy(src + 4 * i - 3, " + 1", 4);
    op->u.binary.op = HCL_OP_ADD;
    op->u.binary.lhs = e;
    op->u.binary.rhs = at(lit(HCL_LIT_NUMBER, "1"), 4 * i, 1, 4 * i + 1, 1);
    e = op;
  }
  b->attrs[0].name = sp("sum");
  b->attrs[0].range = rng(0, 1, 12001, 1);
  b->attrs[0].expr = e;
  opts.ranges = true;
  mls_buf_init(&big, 64u << 20);
  ck_assert_int_eq(
      hcl_dump_hclref_ex(&big, file_of(src, b), "c", 12001, NULL, &opts), 0);
  for (const char *p = big.ptr; (p = strstr(p, "\"range\":")); p++) {
    n++;
  }
  ck_assert_uint_eq(n, 1 + 3000 + 3001); /* the attribute, ops, operands */
  ck_assert(strstr(big.ptr, "\"expr\":{\"kind\":\"binary_op\",\"op\":\"+\","
                            "\"lhs\":{\"kind\":\"binary_op\"") != NULL);
  ck_assert(strstr(big.ptr, want("\"lhs\":{\"kind\":\"literal\",\"type\":"
                                 "\"number\",\"value\":\"1\",\"raw\":\"1\"@1.1."
                                 "0-1.2.1},\"rhs\":")) != NULL);
  ck_assert(strstr(big.ptr, want("\"raw\":\"1\"@1.12001.12000-1.12002.12001}@1."
                                 "1.0-1.12002.12001}}],")) != NULL);
  mls_buf_dispose(&big);
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
  tcase_add_test(tc, hcl_dump__ranges_end_nodes_and_steps);
  tcase_add_test(tc, hcl_dump__ranges_off_unless_asked);
  tcase_add_test(tc, hcl_dump__ranges_splat_and_anon_symbol);
  tcase_add_test(tc, hcl_dump__ranges_object_keys_and_operators);
  tcase_add_test(tc, hcl_dump__ranges_of_merged_literals);
  tcase_add_test(tc, hcl_dump__ranges_template_join_and_for);
  tcase_add_test(tc, hcl_dump__ranges_count_grapheme_clusters);
  tcase_add_test(tc, hcl_dump__ranges_on_long_left_chains);
  suite_add_tcase(s, tc);
  return s;
}
