/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/hcl/test_parser.c -- hcl_parse(), hcl_parse_template()
 * and hcl_parse_expression(): HCL2 native syntax into the hcl.h tree.
 *
 * One test per feature of the parser and template parser, each with the
 * positive case and the errors it must report: bodies (attributes, blocks,
 * labels, one-line blocks, comments, where newlines count, duplicates),
 * every expression kind with its exact structure, templates and heredocs
 * (escapes, strip markers, directives, <<- indentation), ranges, Unicode,
 * error recovery, the two fragment entry points with a base position, and
 * allocation failure at every allocation. Expected trees are what
 * HashiCorp's hclsyntax (hcl 2.14.1, via ../shared/tools/hclref) builds for
 * the same input, except where hcl.h documents a difference: NUL bytes are
 * errors, provider::ns::fn() calls are accepted, and columns count bytes.
 * Inputs are kept small so positions can be counted by hand.
 */
#include "tests/unit/test_util.h"

#include "parsers/hcl/hcl.h"

#include "core/base/alloc.h"
#include "core/base/arena.h"
#include "core/base/buf.h"
#include "core/base/rc.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static mls_diag diag;
static hcl_file *file;
static mls_arena *arena; /* owned: for the fragment entry points */
static mls_buf srcbuf;   /* owned: generated inputs */

static void setup(void)
{
  mls_diag d = MLS_DIAG_INIT;
  diag = d;
  file = NULL;
  arena = mls_arena_new(1u << 20);
  ck_assert_ptr_nonnull(arena);
  mls_buf_init(&srcbuf, 1 << 20);
}

static void teardown(void)
{
  hcl_file_free(file);
  file = NULL;
  mls_arena_free(arena);
  arena = NULL;
  mls_buf_dispose(&srcbuf);
  mls_diag_dispose(&diag);
  mls_alloc_fail_after(-1);
}

/* The expression kind's name, for failure messages. */
static const char *ekind(int k)
{
#define NAME(x)                                                                \
  case HCL_EXPR_##x:                                                           \
    return #x;
  switch (k) {
    NAME(LITERAL)
    NAME(TEMPLATE)
    NAME(TEMPLATE_WRAP)
    NAME(TEMPLATE_JOIN)
    NAME(SCOPE_TRAVERSAL)
    NAME(RELATIVE_TRAVERSAL)
    NAME(FUNCTION_CALL)
    NAME(CONDITIONAL)
    NAME(FOR)
    NAME(SPLAT)
    NAME(ANON_SYMBOL)
    NAME(INDEX)
    NAME(TUPLE)
    NAME(OBJECT)
    NAME(BINARY)
    NAME(UNARY)
    NAME(PARENS)
  default:
    return "?";
  }
#undef NAME
}

/* Parses src[0..len) and checks the return code, the tree and nerrors. */
static const hcl_body *parse_n(const char *src, size_t len, int want)
{
  hcl_file_free(file);
  file = NULL;
  mls_diag_clear(&diag);
  int rc = hcl_parse(&file, src, len, &diag);
  ck_assert_msg(rc == want, "rc %s, want %s; first diag: %s (line %u)",
                mls_rc_name(rc), mls_rc_name(want),
                diag.n ? diag.v[0].message : "(none)",
                diag.n ? (unsigned)diag.v[0].range.start.line : 0u);
  ck_assert_ptr_nonnull(file);
  ck_assert_ptr_nonnull(file->body);
  ck_assert_int_eq(file->syntax, HCL_SYNTAX_NATIVE);
  ck_assert_ptr_eq(file->src, src);
  ck_assert_uint_eq(file->len, len);
  if (want == MLS_OK) {
    ck_assert_uint_eq(file->nerrors, 0);
    ck_assert_uint_eq(diag.nerrors, 0);
  } else {
    ck_assert_uint_gt(file->nerrors, 0);
    ck_assert_uint_gt(diag.n, 0);
  }
  return file->body;
}

static const hcl_body *parse(const char *src, int want)
{
  return parse_n(src, strlen(src), want);
}

static bool is(mls_span s, const char *lit)
{
  return mls_span_eq(s, lit);
}

static const hcl_attr *attr(const hcl_body *b, const char *name)
{
  for (uint32_t i = 0; i < b->nattrs; i++) {
    if (is(b->attrs[i].name, name)) {
      return &b->attrs[i];
    }
  }
  ck_abort_msg("no attribute %s", name);
  return NULL;
}

/* The value of attribute `a` of a file that must parse cleanly. */
static const hcl_expr *val(const char *src)
{
  return attr(parse(src, MLS_OK), "a")->expr;
}

/* The value of attribute `a` of a file that must fail with MLS_EINPUT. */
static const hcl_expr *val_err(const char *src)
{
  return attr(parse(src, MLS_EINPUT), "a")->expr;
}

#define CHECK_KIND(e, k)                                                       \
  do {                                                                         \
    const hcl_expr *e_ = (e);                                                  \
    ck_assert_msg(e_ != NULL, "NULL expression, want %s", ekind(k));           \
    ck_assert_msg(e_->kind == (k), "kind %s, want %s", ekind(e_->kind),        \
                  ekind(k));                                                   \
  } while (0)

#define CHECK_SPAN(s, lit)                                                     \
  do {                                                                         \
    mls_span s_ = (s);                                                         \
    ck_assert_msg(is(s_, (lit)), "'%.*s', want '%s'", (int)s_.len,             \
                  s_.ptr ? s_.ptr : "", (lit));                                \
  } while (0)

#define CHECK_POS(p, l, c, b)                                                  \
  do {                                                                         \
    mls_pos p_ = (p);                                                          \
    ck_assert_msg(p_.line == (l) && p_.col == (c) && p_.byte == (b),           \
                  "pos %u:%u@%u, want %u:%u@%u", (unsigned)p_.line,            \
                  (unsigned)p_.col, (unsigned)p_.byte, (unsigned)(l),          \
                  (unsigned)(c), (unsigned)(b));                               \
  } while (0)

/* Range from line:col@byte to line:col@byte. */
#define CHECK_RANGE(r, sl, sc, sb, el, ec, eb)                                 \
  do {                                                                         \
    mls_range r_ = (r);                                                        \
    CHECK_POS(r_.start, sl, sc, sb);                                           \
    CHECK_POS(r_.end, el, ec, eb);                                             \
  } while (0)

/* A range on line 1 from byte sb to byte eb (columns are bytes + 1). */
#define CHECK_LINE1(r, sb, eb) CHECK_RANGE(r, 1, (sb) + 1, sb, 1, (eb) + 1, eb)

static void check_num(const hcl_expr *e, const char *raw)
{
  CHECK_KIND(e, HCL_EXPR_LITERAL);
  ck_assert_int_eq(e->u.lit.type, HCL_LIT_NUMBER);
  CHECK_SPAN(e->u.lit.str, raw);
}

static void check_bool(const hcl_expr *e, bool b)
{
  CHECK_KIND(e, HCL_EXPR_LITERAL);
  ck_assert_int_eq(e->u.lit.type, HCL_LIT_BOOL);
  ck_assert(e->u.lit.b == b);
}

static void check_strlit(const hcl_expr *e, const char *text)
{
  CHECK_KIND(e, HCL_EXPR_LITERAL);
  ck_assert_int_eq(e->u.lit.type, HCL_LIT_STRING);
  CHECK_SPAN(e->u.lit.str, text);
}

/* A quoted string without sequences: TEMPLATE of one literal. */
static void check_plain_template(const hcl_expr *e, const char *text)
{
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  check_strlit(e->u.tmpl.parts[0], text);
}

/* A scope traversal `root` with nsteps steps. */
static void check_root(const hcl_expr *e, const char *root, uint32_t nsteps)
{
  CHECK_KIND(e, HCL_EXPR_SCOPE_TRAVERSAL);
  CHECK_SPAN(e->u.scope.root, root);
  ck_assert_uint_eq(e->u.scope.nsteps, nsteps);
}

static void check_attr_step(const hcl_step *s, const char *name)
{
  ck_assert_int_eq(s->kind, HCL_STEP_ATTR);
  CHECK_SPAN(s->name, name);
}

static void check_index_num(const hcl_step *s, const char *raw)
{
  ck_assert_int_eq(s->kind, HCL_STEP_INDEX);
  ck_assert_int_eq(s->key.type, HCL_LIT_NUMBER);
  CHECK_SPAN(s->key.str, raw);
}

static void check_index_str(const hcl_step *s, const char *str)
{
  ck_assert_int_eq(s->kind, HCL_STEP_INDEX);
  ck_assert_int_eq(s->key.type, HCL_LIT_STRING);
  CHECK_SPAN(s->key.str, str);
}

/* A relative traversal over the splat's ANON_SYMBOL with nsteps steps. */
static void check_anon_rel(const hcl_expr *e, uint32_t nsteps)
{
  CHECK_KIND(e, HCL_EXPR_RELATIVE_TRAVERSAL);
  CHECK_KIND(e->u.rel.source, HCL_EXPR_ANON_SYMBOL);
  ck_assert_uint_eq(e->u.rel.nsteps, nsteps);
}

static void check_binary(const hcl_expr *e, hcl_binop op)
{
  CHECK_KIND(e, HCL_EXPR_BINARY);
  ck_assert_int_eq(e->u.binary.op, op);
}

/* The first diagnostic is an error on `line`; its message contains
 * `text` when text is not NULL. */
static void check_diag(uint32_t line, const char *text)
{
  ck_assert_uint_ge(diag.n, 1);
  ck_assert(diag.v[0].has_range);
  ck_assert_msg(diag.v[0].range.start.line == line,
                "first diag '%s' on line %u, want %u", diag.v[0].message,
                (unsigned)diag.v[0].range.start.line, (unsigned)line);
  if (text) {
    ck_assert_msg(strstr(diag.v[0].message, text) != NULL,
                  "first diag '%s', want '%s'", diag.v[0].message, text);
  }
}

/* Some diagnostic contains `text`. */
static bool has_diag(const char *text)
{
  for (size_t i = 0; i < diag.n; i++) {
    if (strstr(diag.v[i].message, text)) {
      return true;
    }
  }
  return false;
}

/* ---- bodies ------------------------------------------------------------- */

/* A file full of NUL bytes (a binary file with a .tf name) gives one
 * error for the first and one note counting the rest, not one diagnostic
 * per byte that would crowd out everything else the job reports. */
START_TEST(hcl_parser__nul_bytes_reported_once)
{
  static const char src[] = "a = 1\n\0\0\0\0\0\nb = 2\n";
  size_t nul = 0;
  parse_n(src, sizeof(src) - 1, MLS_EINPUT);
  for (size_t i = 0; i < diag.n; i++) {
    nul += strstr(diag.v[i].message, "NUL") != NULL;
  }
  ck_assert_uint_eq(nul, 2); /* the error and the count, not five */
  ck_assert_int_eq(diag.v[0].sev, MLS_SEV_ERROR);
  ck_assert_str_eq(diag.v[0].message, "Invalid character: NUL byte");
  ck_assert_uint_eq(diag.v[0].range.start.line, 2);
  ck_assert_int_eq(diag.v[1].sev, MLS_SEV_NOTE);
  ck_assert_str_eq(diag.v[1].message, "4 more NUL bytes in this file");
  ck_assert_uint_ge(file->nerrors, 5);
}
END_TEST

START_TEST(hcl_parser__attributes_and_blocks_in_source_order)
{
  const hcl_body *b = parse("a = 1\n"
                            "b \"x\" \"y\" {\n"
                            "  c = 2\n"
                            "  d {\n"
                            "  }\n"
                            "}\n"
                            "e = 3\n"
                            "f {}\n"
                            "g = 4\n",
                            MLS_OK);
  ck_assert_uint_eq(b->nattrs, 3);
  CHECK_SPAN(b->attrs[0].name, "a");
  CHECK_SPAN(b->attrs[1].name, "e");
  CHECK_SPAN(b->attrs[2].name, "g");
  check_num(b->attrs[2].expr, "4");
  ck_assert_uint_eq(b->nblocks, 2);
  CHECK_SPAN(b->blocks[0].type, "b");
  CHECK_SPAN(b->blocks[1].type, "f");
  const hcl_block *blk = &b->blocks[0];
  ck_assert_uint_eq(blk->nlabels, 2);
  CHECK_SPAN(blk->labels[0].value, "x");
  CHECK_SPAN(blk->labels[1].value, "y");
  ck_assert_uint_eq(blk->body->nattrs, 1);
  check_num(attr(blk->body, "c")->expr, "2");
  ck_assert_uint_eq(blk->body->nblocks, 1);
  CHECK_SPAN(blk->body->blocks[0].type, "d");
  ck_assert_uint_eq(blk->body->blocks[0].nlabels, 0);
  ck_assert_uint_eq(b->blocks[1].body->nattrs, 0);
  ck_assert_uint_eq(b->blocks[1].body->nblocks, 0);
}
END_TEST

/* A block with a syntax error inside is marked broken (what recovery kept
 * is not the block); one before it, and one whose only fault is what
 * follows its closing brace, are whole. */
START_TEST(hcl_parser__broken_blocks_are_marked)
{
  const hcl_body *b = parse("a \"x\" {\n"
                            "  c = 1\n"
                            "}\n"
                            "b \"y\" {\n"
                            "  c = d.e.ff:gg\n"
                            "  k = 2\n"
                            "}\n"
                            "t {\n"
                            "} junk\n",
                            MLS_EINPUT);
  ck_assert_uint_eq(b->nblocks, 3);
  ck_assert(!b->blocks[0].broken);
  ck_assert(b->blocks[1].broken);
  ck_assert(!b->blocks[2].broken);
  ck_assert_uint_eq(diag.v[0].range.start.line, 5);
  b = parse("a {\n"
            "  n {\n"
            "    v = 1\n"
            "}\n",
            MLS_EINPUT);
  ck_assert_uint_eq(b->nblocks, 1);
  ck_assert(b->blocks[0].broken);
  b = parse("a \"x\" \"y\" = 1\n", MLS_EINPUT);
  ck_assert_uint_eq(b->nblocks, 1);
  ck_assert(b->blocks[0].broken);
  b = parse("a {\n  c = 1\n}\n", MLS_OK);
  ck_assert(!b->blocks[0].broken);
}
END_TEST

START_TEST(hcl_parser__empty_file_and_blank_lines)
{
  const hcl_body *b = parse("", MLS_OK);
  ck_assert_uint_eq(b->nattrs, 0);
  ck_assert_uint_eq(b->nblocks, 0);
  b = parse("\n\n  \n# only a comment\n", MLS_OK);
  ck_assert_uint_eq(b->nattrs, 0);
  ck_assert_uint_eq(b->nblocks, 0);
}
END_TEST

START_TEST(hcl_parser__quoted_and_bare_labels)
{
  const hcl_body *b = parse("resource \"aws_s3_bucket\" logs {}\n", MLS_OK);
  const hcl_block *blk = &b->blocks[0];
  ck_assert_uint_eq(blk->nlabels, 2);
  CHECK_SPAN(blk->labels[0].value, "aws_s3_bucket");
  ck_assert(blk->labels[0].quoted);
  /* The label's range includes its quotes. */
  CHECK_LINE1(blk->labels[0].range, 9, 24);
  CHECK_SPAN(blk->labels[1].value, "logs");
  ck_assert(!blk->labels[1].quoted);
  CHECK_LINE1(blk->labels[1].range, 25, 29);
  CHECK_LINE1(blk->type_range, 0, 8);
}
END_TEST

START_TEST(hcl_parser__label_escapes_are_decoded)
{
  const hcl_body *b =
      parse("a \"x\\\"y\\\\z\\u00e9\\t\" \"$${p}\" \"\" {}\n", MLS_OK);
  const hcl_block *blk = &b->blocks[0];
  ck_assert_uint_eq(blk->nlabels, 3);
  CHECK_SPAN(blk->labels[0].value, "x\"y\\z\xC3\xA9\t");
  CHECK_SPAN(blk->labels[1].value, "${p}");
  CHECK_SPAN(blk->labels[2].value, "");
  /* hclsyntax keeps labels as Go strings: no NFC normalization. */
  b = parse("a \"e\\u0301\" {}\n", MLS_OK);
  CHECK_SPAN(b->blocks[0].labels[0].value, "e\xCC\x81");
}
END_TEST

START_TEST(hcl_parser__label_errors)
{
  /* Labels cannot interpolate; the next block still parses. */
  const hcl_body *b = parse("a \"x${y}\" {}\nb {}\n", MLS_EINPUT);
  check_diag(1, "Invalid string literal");
  ck_assert_uint_eq(b->nblocks, 2);
  CHECK_SPAN(b->blocks[1].type, "b");

  parse("a \"x\\q\" {}\n", MLS_EINPUT);
  check_diag(1, "Invalid escape sequence");
  parse("a \"b\n\" {}\n", MLS_EINPUT);
  check_diag(1, NULL);
  /* A label list ending in '=' or a newline is no block. */
  parse("a \"b\" = 1\nc = 2\n", MLS_EINPUT);
  check_diag(1, "Invalid block definition");
  b = parse("a b\nc = 2\n", MLS_EINPUT);
  check_diag(1, "Invalid block definition");
  check_num(attr(b, "c")->expr, "2");
}
END_TEST

START_TEST(hcl_parser__one_line_block)
{
  const hcl_body *b = parse("a { b = 1 }\nc \"l\" { d = [1, 2] }\n", MLS_OK);
  ck_assert_uint_eq(b->nblocks, 2);
  const hcl_block *blk = &b->blocks[0];
  ck_assert_uint_eq(blk->body->nattrs, 1);
  check_num(attr(blk->body, "b")->expr, "1");
  CHECK_LINE1(blk->range, 0, 11);
  CHECK_LINE1(attr(blk->body, "b")->range, 4, 9);
  CHECK_KIND(attr(b->blocks[1].body, "d")->expr, HCL_EXPR_TUPLE);
}
END_TEST

START_TEST(hcl_parser__one_line_block_errors)
{
  /* One argument only, no nested blocks, nothing after the value. */
  const hcl_body *b = parse("a { b = 1, c = 2 }\nz = 1\n", MLS_EINPUT);
  check_diag(1, "Invalid single-argument block definition");
  check_num(attr(b, "z")->expr, "1");

  /* hclsyntax loses the rest of the line and the next item here. */
  b = parse("a { b { c = 1 } }\nz = 1\n", MLS_EINPUT);
  check_diag(1, "Argument definition required");
  ck_assert_uint_eq(b->nblocks, 1);

  b = parse("a { b = 1\n}\nz = 1\n", MLS_EINPUT);
  check_diag(1, "Invalid single-argument block definition");
  check_num(attr(b, "z")->expr, "1");

  parse("a { b = 1 } c = 2\n", MLS_EINPUT);
  check_diag(1, "Missing newline after block definition");
}
END_TEST

START_TEST(hcl_parser__empty_blocks)
{
  const hcl_body *b = parse("a {}\nb \"x\" {\n}\nc {\n\n}\n", MLS_OK);
  ck_assert_uint_eq(b->nblocks, 3);
  for (uint32_t i = 0; i < 3; i++) {
    ck_assert_uint_eq(b->blocks[i].body->nattrs, 0);
    ck_assert_uint_eq(b->blocks[i].body->nblocks, 0);
  }
  CHECK_LINE1(b->blocks[0].range, 0, 4);
  CHECK_RANGE(b->blocks[1].range, 2, 1, 5, 3, 2, 14);
}
END_TEST

START_TEST(hcl_parser__comments_everywhere)
{
  const hcl_body *b = parse("# c1\n"
                            "a = 1 # c2\n"
                            "// c3\n"
                            "b /* c4 */ = /* c5 */ 2 // c6\n"
                            "/* c7\n"
                            "*/ c { # c8\n"
                            "  d = 3 /* c9 */\n"
                            "}\n"
                            "e = [ # c10\n"
                            "  1, // c11\n"
                            "  2 /* c12 */ ]\n"
                            "f = { # c13\n"
                            "  g = 1 # c14\n"
                            "}\n",
                            MLS_OK);
  ck_assert_uint_eq(b->nattrs, 4);
  check_num(attr(b, "a")->expr, "1");
  check_num(attr(b, "b")->expr, "2");
  ck_assert_uint_eq(b->nblocks, 1);
  check_num(attr(b->blocks[0].body, "d")->expr, "3");
  ck_assert_uint_eq(attr(b, "e")->expr->u.tuple.n, 2);
  ck_assert_uint_eq(attr(b, "f")->expr->u.object.n, 1);
  /* The attribute ends with its value, before the comment. */
  CHECK_RANGE(attr(b, "a")->range, 2, 1, 5, 2, 6, 10);
}
END_TEST

START_TEST(hcl_parser__newlines_ignored_inside_brackets)
{
  const hcl_body *b = parse("a = [\n1,\n2\n]\n"
                            "b = f(\n1,\n2\n)\n"
                            "c = (\n1\n+\n2\n)\n"
                            "d = [for x in y :\nx\nif x\n]\n"
                            "e = {for k, v in m :\nk => v\n}\n"
                            "f = g[\n0\n]\n",
                            MLS_OK);
  ck_assert_uint_eq(attr(b, "a")->expr->u.tuple.n, 2);
  ck_assert_uint_eq(attr(b, "b")->expr->u.call.nargs, 2);
  CHECK_KIND(attr(b, "c")->expr, HCL_EXPR_PARENS);
  check_binary(attr(b, "c")->expr->u.wrap.inner, HCL_OP_ADD);
  CHECK_KIND(attr(b, "d")->expr, HCL_EXPR_FOR);
  ck_assert_ptr_nonnull(attr(b, "d")->expr->u.forx.cond);
  CHECK_KIND(attr(b, "e")->expr, HCL_EXPR_FOR);
  check_root(attr(b, "f")->expr, "g", 1);
}
END_TEST

START_TEST(hcl_parser__newlines_separate_object_items)
{
  const hcl_expr *e = val("a = {\n  b = 1\n  c = 2\n\n  d = 3, e = 4,\n}\n");
  CHECK_KIND(e, HCL_EXPR_OBJECT);
  ck_assert_uint_eq(e->u.object.n, 4);
  check_num(e->u.object.items[3].value, "4");
  /* Without a comma or a newline between them, items are an error. */
  val_err("a = { b = 1 c = 2 }\n");
  check_diag(1, "Missing attribute separator");
  /* An object value can continue over lines only inside brackets. */
  e = val("a = {\n  b = (1 +\n  2)\n}\n");
  CHECK_KIND(e->u.object.items[0].value, HCL_EXPR_PARENS);
  parse("a = {\n  b = 1 +\n  2\n}\n", MLS_EINPUT);
  check_diag(2, NULL);
}
END_TEST

START_TEST(hcl_parser__binary_operator_cannot_end_a_line)
{
  /* At the top level a newline ends the attribute, so "1 +" is missing its
   * right operand; inside parentheses newlines are ignored. */
  parse("a = 1 +\n  2\n", MLS_EINPUT);
  check_diag(1, "Invalid expression");
  const hcl_expr *e = val("a = (1 +\n  2)\n");
  CHECK_KIND(e, HCL_EXPR_PARENS);
  check_binary(e->u.wrap.inner, HCL_OP_ADD);
  check_num(e->u.wrap.inner->u.binary.rhs, "2");
  /* An operator at the start of the next line is no continuation. */
  parse("a = 1\n  + 2\n", MLS_EINPUT);
  check_diag(2, NULL);
}
END_TEST

START_TEST(hcl_parser__duplicate_attribute_keeps_first)
{
  const hcl_body *b = parse("a = 1\nb = 2\na = 3\n", MLS_EINPUT);
  check_diag(3, "Attribute redefined");
  ck_assert_uint_eq(b->nattrs, 2);
  check_num(attr(b, "a")->expr, "1");
  CHECK_SPAN(b->attrs[0].name, "a");
  CHECK_SPAN(b->attrs[1].name, "b");

  /* In a block body too, and past the linear-scan size (a hash set). */
  mls_buf *src = &srcbuf;
  ck_assert_int_eq(mls_buf_printf(src, "blk {\n"), MLS_OK);
  for (int i = 0; i < 40; i++) {
    ck_assert_int_eq(mls_buf_printf(src, "  k%d = %d\n", i, i), MLS_OK);
  }
  ck_assert_int_eq(mls_buf_printf(src, "  k7 = 700\n  k39 = 3900\n}\n"),
                   MLS_OK);
  b = parse_n(src->ptr, src->len, MLS_EINPUT);
  check_diag(42, "Attribute redefined");
  ck_assert_uint_eq(diag.n, 2);
  const hcl_body *inner = b->blocks[0].body;
  ck_assert_uint_eq(inner->nattrs, 40);
  check_num(attr(inner, "k7")->expr, "7");
  check_num(attr(inner, "k39")->expr, "39");
}
END_TEST

START_TEST(hcl_parser__attribute_and_body_errors)
{
  const hcl_body *b = parse("a =\nb = 1\n", MLS_EINPUT);
  check_diag(1, "Invalid expression");
  check_num(attr(b, "b")->expr, "1");
  parse("a = 1, b = 2\n", MLS_EINPUT);
  check_diag(1, "Unexpected comma after argument");
  parse("a = 1 2\n", MLS_EINPUT);
  check_diag(1, "Missing newline after argument");
  b = parse("\"a\" = 1\nb = 2\n", MLS_EINPUT);
  check_diag(1, "Invalid argument name");
  b = parse("x\ny = 2\n", MLS_EINPUT);
  check_diag(1, "Argument or block definition required");
  check_num(attr(b, "y")->expr, "2");
  parse("a = 1\n}\n", MLS_EINPUT);
  check_diag(2, "Argument or block definition required");
}
END_TEST

/* ---- literals and templates --------------------------------------------- */

START_TEST(hcl_parser__number_literals_keep_raw_text)
{
  const hcl_expr *e = val("a = [1, 1.5, 1e3, 1E+3, 1e-3, 007, 1.0]\n");
  static const char *const raw[] = { "1",    "1.5", "1e3", "1E+3",
                                     "1e-3", "007", "1.0" };
  ck_assert_uint_eq(e->u.tuple.n, 7);
  for (uint32_t i = 0; i < 7; i++) {
    check_num(e->u.tuple.items[i], raw[i]);
  }
  CHECK_LINE1(e->u.tuple.items[2]->range, 13, 16);
}
END_TEST

START_TEST(hcl_parser__invalid_number_literal)
{
  const hcl_expr *e = val_err("a = 1.2.3\n");
  check_diag(1, "Invalid number literal");
  CHECK_KIND(e, HCL_EXPR_LITERAL);
  ck_assert_int_eq(e->u.lit.type, HCL_LIT_UNKNOWN);
  parse("a = 1..2\n", MLS_EINPUT);
  check_diag(1, "Invalid number literal");
}
END_TEST

START_TEST(hcl_parser__bool_and_null_literals)
{
  const hcl_body *b =
      parse("a = true\nb = false\nc = null\nd = nullx\ne = True\n", MLS_OK);
  check_bool(attr(b, "a")->expr, true);
  check_bool(attr(b, "b")->expr, false);
  CHECK_KIND(attr(b, "c")->expr, HCL_EXPR_LITERAL);
  ck_assert_int_eq(attr(b, "c")->expr->u.lit.type, HCL_LIT_NULL);
  /* Only the exact keywords: these are variables. */
  check_root(attr(b, "d")->expr, "nullx", 0);
  check_root(attr(b, "e")->expr, "True", 0);
}
END_TEST

START_TEST(hcl_parser__quoted_string_is_a_template)
{
  const hcl_expr *e = val("a = \"x\"\n");
  check_plain_template(e, "x");
  ck_assert(e->flags & HCL_EXPR_F_SINGLE_LITERAL);
  ck_assert(!e->u.tmpl.heredoc);
  CHECK_LINE1(e->range, 4, 7);
  CHECK_LINE1(e->u.tmpl.parts[0]->range, 5, 6);
  /* The empty string has no parts. */
  e = val("a = \"\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 0);
  CHECK_LINE1(e->range, 4, 6);
}
END_TEST

START_TEST(hcl_parser__template_wrap_and_template)
{
  /* "${x}" alone passes the value through; anything more is a template. */
  const hcl_expr *e = val("a = \"${x}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE_WRAP);
  check_root(e->u.wrap.inner, "x", 0);
  CHECK_LINE1(e->range, 4, 10);
  CHECK_LINE1(e->u.wrap.inner->range, 7, 8);

  e = val("a = \"a${x}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert(!(e->flags & HCL_EXPR_F_SINGLE_LITERAL));
  ck_assert_uint_eq(e->u.tmpl.nparts, 2);
  check_strlit(e->u.tmpl.parts[0], "a");
  check_root(e->u.tmpl.parts[1], "x", 0);

  e = val("a = \"${x}${y}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 2);
  check_root(e->u.tmpl.parts[1], "y", 0);

  e = val("a = \"${~ x ~}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE_WRAP);
}
END_TEST

START_TEST(hcl_parser__template_literals_merge)
{
  /* hclsyntax splits text at '$' and '%'; the tree holds one literal per
   * run, with "$${" and "%%{" standing for "${" and "%{". */
  const hcl_expr *e = val("a = \"a$b%c $${x} %%{y} $ %\"\n");
  check_plain_template(e, "a$b%c ${x} %{y} $ %");
  CHECK_LINE1(e->u.tmpl.parts[0]->range, 5, 26);
  e = val("a = \"x$${y}${z}w\"\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "x${y}");
  check_strlit(e->u.tmpl.parts[2], "w");
}
END_TEST

START_TEST(hcl_parser__string_escapes)
{
  const hcl_expr *e =
      val("a = \"\\n\\r\\t\\\"\\\\\\u00e9\\U0001F600\\u0041\"\n");
  check_plain_template(e, "\n\r\t\"\\\xC3\xA9\xF0\x9F\x98\x80"
                          "A");
  e = val("a = \"\\U0001f600\"\n");
  check_plain_template(e, "\xF0\x9F\x98\x80");
}
END_TEST

START_TEST(hcl_parser__invalid_escapes)
{
  static const char *const bad[] = {
    "a = \"\\x\"\n",         "a = \"\\u00ZZ\"\n", "a = \"\\u12\"\n",
    "a = \"\\U00110000\"\n", "a = \"\\ud800\"\n", "a = \"\\$\"\n",
    "a = \"\\\xC3\xA9\"\n",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    parse(bad[i], MLS_EINPUT);
    ck_assert_msg(has_diag("Invalid escape sequence"), "no escape error: %s",
                  bad[i]);
    check_diag(1, NULL);
  }
  /* A backslash before a newline is a broken string, not an escape. */
  parse("a = \"a\\\nb\"\n", MLS_EINPUT);
  check_diag(1, NULL);
}
END_TEST

START_TEST(hcl_parser__template_if)
{
  const hcl_expr *e = val("a = \"%{if c}yes%{else}no%{endif}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  const hcl_expr *c = e->u.tmpl.parts[0];
  CHECK_KIND(c, HCL_EXPR_CONDITIONAL);
  check_root(c->u.cond.cond, "c", 0);
  check_plain_template(c->u.cond.t, "yes");
  check_plain_template(c->u.cond.f, "no");

  /* Without %{else} the false branch is a template with no parts. */
  e = val("a = \"<%{ if c }yes%{ endif }>\"\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "<");
  c = e->u.tmpl.parts[1];
  CHECK_KIND(c, HCL_EXPR_CONDITIONAL);
  check_plain_template(c->u.cond.t, "yes");
  CHECK_KIND(c->u.cond.f, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(c->u.cond.f->u.tmpl.nparts, 0);
  check_strlit(e->u.tmpl.parts[2], ">");

  /* Nested, with an interpolation in a branch. */
  e = val("a = \"%{if a}%{if b}x%{else}${y}%{endif}%{endif}\"\n");
  c = e->u.tmpl.parts[0];
  CHECK_KIND(c->u.cond.t, HCL_EXPR_TEMPLATE);
  const hcl_expr *inner = c->u.cond.t->u.tmpl.parts[0];
  CHECK_KIND(inner, HCL_EXPR_CONDITIONAL);
  check_root(inner->u.cond.f->u.tmpl.parts[0], "y", 0);
}
END_TEST

START_TEST(hcl_parser__template_for)
{
  const hcl_expr *e = val("a = \"%{for k, v in m}${k}=${v} %{endfor}\"\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  const hcl_expr *j = e->u.tmpl.parts[0];
  CHECK_KIND(j, HCL_EXPR_TEMPLATE_JOIN);
  const hcl_expr *f = j->u.wrap.inner;
  CHECK_KIND(f, HCL_EXPR_FOR);
  CHECK_SPAN(f->u.forx.key_var, "k");
  CHECK_SPAN(f->u.forx.value_var, "v");
  check_root(f->u.forx.coll, "m", 0);
  ck_assert_ptr_null(f->u.forx.key);
  ck_assert_ptr_null(f->u.forx.cond);
  ck_assert(!f->u.forx.group);
  const hcl_expr *body = f->u.forx.value;
  CHECK_KIND(body, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(body->u.tmpl.nparts, 4);
  check_root(body->u.tmpl.parts[0], "k", 0);
  check_strlit(body->u.tmpl.parts[1], "=");
  check_root(body->u.tmpl.parts[2], "v", 0);
  check_strlit(body->u.tmpl.parts[3], " ");

  e = val("a = \"%{for v in l}${v}%{endfor}\"\n");
  f = e->u.tmpl.parts[0]->u.wrap.inner;
  ck_assert_uint_eq(f->u.forx.key_var.len, 0);
  CHECK_SPAN(f->u.forx.value_var, "v");
}
END_TEST

START_TEST(hcl_parser__template_directive_errors)
{
  static const char *const bad[] = {
    "a = \"%{if c}x\"\n",       /* no endif */
    "a = \"%{for v in l}x\"\n", /* no endfor */
    "a = \"%{endif}\"\n",       /* endif without if */
    "a = \"%{else}\"\n",        /* else without if */
    "a = \"%{if c}%{endfor}\"\n",
    "a = \"%{for v in l}%{else}%{endfor}\"\n",
    "a = \"%{foo}\"\n", /* unknown keyword */
    "a = \"%{for in l}%{endfor}\"\n",
    "a = \"%{for v l}%{endfor}\"\n",
    "a = \"%{if c d}%{endif}\"\n",
    "a = \"%{}\"\n",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    parse(bad[i], MLS_EINPUT);
    check_diag(1, NULL);
  }
}
END_TEST

START_TEST(hcl_parser__strip_markers)
{
  const hcl_expr *e =
      val("a = \"x %{~if c ~} y %{~ else ~} z %{~ endif ~} w\"\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "x");
  const hcl_expr *c = e->u.tmpl.parts[1];
  check_plain_template(c->u.cond.t, "y");
  check_plain_template(c->u.cond.f, "z");
  check_strlit(e->u.tmpl.parts[2], "w");

  e = val("a = \"a ${~ b ~} c ${ d ~}  e${~f} \"\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 7);
  check_strlit(e->u.tmpl.parts[0], "a");
  check_strlit(e->u.tmpl.parts[2], "c ");
  check_strlit(e->u.tmpl.parts[4], "e");
  check_strlit(e->u.tmpl.parts[6], " ");
}
END_TEST

START_TEST(hcl_parser__heredoc_strip_markers_trim_one_line)
{
  /* hcl splits heredoc text at newlines, so a strip marker only trims the
   * neighbouring chunk: the rest of its own line, never the line beyond. */
  const hcl_expr *e = val("a = <<EOT\n"
                          "  foo\n"
                          "  bar ${~ x ~}  baz\n"
                          "  qux\n"
                          "EOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "  foo\n  bar");
  check_strlit(e->u.tmpl.parts[2], "baz\n  qux\n");

  e = val("a = <<EOT\n"
          "  foo  \n"
          "  ${~ x ~}\n"
          "  qux\n"
          "EOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "  foo  \n");
  check_strlit(e->u.tmpl.parts[2], "  qux\n");

  /* The for-loop idiom: "~}" eats the newline after the directive. */
  e = val("a = <<EOT\n"
          "%{ for x in y ~}\n"
          "  ${x}\n"
          "%{ endfor ~}\n"
          "EOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  const hcl_expr *body = e->u.tmpl.parts[0]->u.wrap.inner->u.forx.value;
  ck_assert_uint_eq(body->u.tmpl.nparts, 3);
  check_strlit(body->u.tmpl.parts[0], "  ");
  check_strlit(body->u.tmpl.parts[2], "\n");
}
END_TEST

/* ---- heredocs ----------------------------------------------------------- */

START_TEST(hcl_parser__heredoc)
{
  const hcl_body *b = parse("a = <<EOT\nhello\n  world\nEOT\nb = 1\n", MLS_OK);
  const hcl_expr *e = attr(b, "a")->expr;
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert(e->u.tmpl.heredoc);
  ck_assert(!e->u.tmpl.flush);
  CHECK_SPAN(e->u.tmpl.marker, "EOT");
  ck_assert_uint_eq(e->u.tmpl.nparts, 1);
  check_strlit(e->u.tmpl.parts[0], "hello\n  world\n");
  /* The heredoc runs from "<<" to the end of the marker; the literal from
   * the line after the opener to the start of the marker line. */
  CHECK_RANGE(e->range, 1, 5, 4, 4, 4, 27);
  CHECK_RANGE(e->u.tmpl.parts[0]->range, 2, 1, 10, 4, 1, 24);
  CHECK_RANGE(attr(b, "a")->range, 1, 1, 0, 4, 4, 27);
  check_num(attr(b, "b")->expr, "1");

  /* Interpolation and no escapes. */
  e = val("a = <<EOT\n${x} \\n $${y}\nEOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 2);
  check_root(e->u.tmpl.parts[0], "x", 0);
  check_strlit(e->u.tmpl.parts[1], " \\n ${y}\n");

  /* An empty heredoc, the marker indented and padded. */
  e = val("a = <<EOT\n  EOT  \n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(e->u.tmpl.nparts, 0);

  /* Heredocs nest in calls and tuples. */
  e = val("a = f(<<EOT\nx\nEOT\n, 1)\n");
  CHECK_KIND(e, HCL_EXPR_FUNCTION_CALL);
  ck_assert_uint_eq(e->u.call.nargs, 2);
  check_strlit(e->u.call.args[0]->u.tmpl.parts[0], "x\n");
}
END_TEST

START_TEST(hcl_parser__flush_heredoc_removes_smallest_indent)
{
  const hcl_expr *e = val("a = <<-EOT\n"
                          "    a\n"
                          "      b\n"
                          "\n"
                          "    c\n"
                          "    EOT\n");
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert(e->u.tmpl.heredoc);
  ck_assert(e->u.tmpl.flush);
  CHECK_SPAN(e->u.tmpl.marker, "EOT");
  check_strlit(e->u.tmpl.parts[0], "a\n  b\n\nc\n");

  /* Tabs count as one column each, like spaces. */
  e = val("a = <<-EOT\n\t\tx\n\ty\n\tEOT\n");
  check_strlit(e->u.tmpl.parts[0], "\tx\ny\n");

  /* A line of spaces only is blank: it does not count, and it is not
   * trimmed either. */
  e = val("a = <<-EOT\n    foo\n  \n    bar\n    EOT\n");
  check_strlit(e->u.tmpl.parts[0], "foo\n  \nbar\n");
}
END_TEST

START_TEST(hcl_parser__flush_heredoc_interpolation_line_disables_trim)
{
  /* A line that starts with an interpolation has indentation zero. */
  const hcl_expr *e = val("a = <<-EOT\n    a\n${b}\n    c\n  EOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "    a\n");
  check_root(e->u.tmpl.parts[1], "b", 0);
  check_strlit(e->u.tmpl.parts[2], "\n    c\n");

  /* An interpolation later in a line does not. */
  e = val("a = <<-EOT\n    a ${b}\n      c\n  EOT\n");
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "a ");
  check_strlit(e->u.tmpl.parts[2], "\n  c\n");
}
END_TEST

START_TEST(hcl_parser__flush_heredoc_literal_range_starts_after_indent)
{
  /* hclsyntax moves the first literal's start past the removed
   * indentation (flushHeredocTemplateParts): line 2, column 5, byte 15. */
  const hcl_expr *e = val("a = <<-EOT\n    a\n      b\n    EOT\n");
  check_strlit(e->u.tmpl.parts[0], "a\n  b\n");
  CHECK_RANGE(e->u.tmpl.parts[0]->range, 2, 5, 15, 4, 1, 25);
}
END_TEST

START_TEST(hcl_parser__heredoc_crlf_is_kept)
{
  const hcl_expr *e = val("a = <<EOT\r\nx\r\n  y\r\nEOT\r\nb = 1\r\n");
  check_strlit(e->u.tmpl.parts[0], "x\r\n  y\r\n");
  e = val("a = <<-EOT\r\n  x\r\n    y\r\n  EOT\r\n");
  check_strlit(e->u.tmpl.parts[0], "x\r\n  y\r\n");
}
END_TEST

START_TEST(hcl_parser__heredoc_marker_at_eof_is_unterminated)
{
  /* hclsyntax needs a newline after the closing marker: at the very end of
   * the file "EOT" is text and the heredoc is unterminated. Accepting it
   * would be a difference from hclsyntax, and docs/hcl-parser.md does not
   * list one. */
  parse("a = <<EOT\nx\nEOT", MLS_EINPUT);
  check_diag(3, "Unterminated template string");
  /* With the newline it is fine. */
  const hcl_expr *e = val("a = <<EOT\nx\nEOT\n");
  check_strlit(e->u.tmpl.parts[0], "x\n");
}
END_TEST

START_TEST(hcl_parser__heredoc_errors)
{
  parse("x = 1\na = <<EOT\nabc\n", MLS_EINPUT);
  check_diag(4, "Unterminated template string");
  parse("x = 1\na = <<EOT\nabc\nEOTX\n", MLS_EINPUT);
  check_diag(5, "Unterminated template string");
  /* "<<EOT" needs its newline: then it is two '<' operators. */
  parse("a = <<EOT x\n", MLS_EINPUT);
  check_diag(1, NULL);
}
END_TEST

/* ---- collections and calls ---------------------------------------------- */

START_TEST(hcl_parser__tuples)
{
  const hcl_body *b = parse(
      "a = [1, \"x\", [true]]\nb = [1, 2,]\nc = []\nd = [1\n,2]\n", MLS_OK);
  const hcl_expr *e = attr(b, "a")->expr;
  CHECK_KIND(e, HCL_EXPR_TUPLE);
  ck_assert_uint_eq(e->u.tuple.n, 3);
  check_num(e->u.tuple.items[0], "1");
  check_plain_template(e->u.tuple.items[1], "x");
  CHECK_KIND(e->u.tuple.items[2], HCL_EXPR_TUPLE);
  check_bool(e->u.tuple.items[2]->u.tuple.items[0], true);
  CHECK_LINE1(e->range, 4, 20);
  ck_assert_uint_eq(attr(b, "b")->expr->u.tuple.n, 2);
  ck_assert_uint_eq(attr(b, "c")->expr->u.tuple.n, 0);
  ck_assert_uint_eq(attr(b, "d")->expr->u.tuple.n, 2);

  val_err("a = [1 2]\n");
  check_diag(1, "Missing item separator");
  val_err("a = [1,,2]\n");
  check_diag(1, "Invalid expression");
  parse("a = [1, 2\n", MLS_EINPUT);
  check_diag(1, NULL);
}
END_TEST

START_TEST(hcl_parser__object_keys)
{
  const hcl_expr *e = val("a = { b = 1, \"c\" = 2, (d) = 3, e: 4, \"f${g}\" "
                          "= 5, h.i = 6, 7 = 8 }\n");
  CHECK_KIND(e, HCL_EXPR_OBJECT);
  ck_assert_uint_eq(e->u.object.n, 7);
  const hcl_object_item *it = e->u.object.items;
  /* A bare key is a traversal with no steps (the string "b"). */
  check_root(it[0].key, "b", 0);
  ck_assert(!it[0].force_non_literal);
  check_num(it[0].value, "1");
  check_plain_template(it[1].key, "c");
  ck_assert(!it[1].force_non_literal);
  /* A key in parentheses is always evaluated. */
  CHECK_KIND(it[2].key, HCL_EXPR_PARENS);
  check_root(it[2].key->u.wrap.inner, "d", 0);
  ck_assert(it[2].force_non_literal);
  check_root(it[3].key, "e", 0);
  check_num(it[3].value, "4");
  CHECK_KIND(it[4].key, HCL_EXPR_TEMPLATE);
  ck_assert_uint_eq(it[4].key->u.tmpl.nparts, 2);
  check_root(it[5].key, "h", 1);
  check_num(it[6].key, "7");
  CHECK_LINE1(it[0].key->range, 6, 7);
}
END_TEST

START_TEST(hcl_parser__object_errors)
{
  val_err("a = { b }\n");
  check_diag(1, "Missing key/value separator");
  val_err("a = { b, c = 1 }\n");
  check_diag(1, "Missing attribute value");
  val_err("a = { b = }\n");
  check_diag(1, "Invalid expression");
  parse("a = {\n  b = 1\n", MLS_EINPUT);
  check_diag(3, "Missing expression");
}
END_TEST

START_TEST(hcl_parser__function_calls)
{
  const hcl_body *b = parse("a = f(1, \"x\", g())\n"
                            "b = f(1, 2,)\n"
                            "c = f()\n"
                            "d = f(x...)\n"
                            "e = f(1, x...)\n"
                            "g = f(\n  1,\n  2\n)\n",
                            MLS_OK);
  const hcl_expr *e = attr(b, "a")->expr;
  CHECK_KIND(e, HCL_EXPR_FUNCTION_CALL);
  CHECK_SPAN(e->u.call.name, "f");
  ck_assert_uint_eq(e->u.call.nargs, 3);
  check_num(e->u.call.args[0], "1");
  CHECK_KIND(e->u.call.args[2], HCL_EXPR_FUNCTION_CALL);
  ck_assert_uint_eq(e->u.call.args[2]->u.call.nargs, 0);
  ck_assert(!e->u.call.expand_final);
  CHECK_LINE1(e->range, 4, 18);
  ck_assert_uint_eq(attr(b, "b")->expr->u.call.nargs, 2);
  ck_assert_uint_eq(attr(b, "c")->expr->u.call.nargs, 0);
  e = attr(b, "d")->expr;
  ck_assert_uint_eq(e->u.call.nargs, 1);
  ck_assert(e->u.call.expand_final);
  check_root(e->u.call.args[0], "x", 0);
  ck_assert(attr(b, "e")->expr->u.call.expand_final);
  ck_assert_uint_eq(attr(b, "g")->expr->u.call.nargs, 2);
}
END_TEST

START_TEST(hcl_parser__function_call_errors)
{
  val_err("a = f(x..., y)\n");
  check_diag(1, "Missing closing parenthesis");
  val_err("a = f(1 2)\n");
  check_diag(1, "Missing argument separator");
  parse("a = f(1,\n", MLS_EINPUT);
  check_diag(2, "Missing expression");
  val_err("a = f(,)\n");
  check_diag(1, "Invalid expression");
}
END_TEST

START_TEST(hcl_parser__provider_function_call)
{
  /* Terraform 1.8's provider::ns::fn is accepted (hcl 2.14 is not). */
  const hcl_expr *e = val("a = provider::aws::arn_parse(x)\n");
  CHECK_KIND(e, HCL_EXPR_FUNCTION_CALL);
  CHECK_SPAN(e->u.call.name, "provider::aws::arn_parse");
  ck_assert_uint_eq(e->u.call.nargs, 1);
  check_root(e->u.call.args[0], "x", 0);
  CHECK_LINE1(e->range, 4, 31);
  e = val("a = x.y + provider::p::f()\n");
  check_binary(e, HCL_OP_ADD);
  CHECK_SPAN(e->u.binary.rhs->u.call.name, "provider::p::f");
  /* Only a name directly followed by "::" pairs and a call. */
  parse("a = provider::aws::arn_parse\n", MLS_EINPUT);
  parse("a = provider :: aws :: f(x)\n", MLS_EINPUT);
}
END_TEST

/* ---- traversals and splats ---------------------------------------------- */

START_TEST(hcl_parser__traversal_steps_fold)
{
  const hcl_expr *e = val("a = var.b[0][\"k\"].c\n");
  check_root(e, "var", 4);
  check_attr_step(&e->u.scope.steps[0], "b");
  check_index_num(&e->u.scope.steps[1], "0");
  check_index_str(&e->u.scope.steps[2], "k");
  check_attr_step(&e->u.scope.steps[3], "c");
  CHECK_LINE1(e->range, 4, 19);
  CHECK_LINE1(e->u.scope.steps[0].range, 7, 9);
  CHECK_LINE1(e->u.scope.steps[1].range, 9, 12);
  CHECK_LINE1(e->u.scope.steps[2].range, 12, 17);
  CHECK_LINE1(e->u.scope.steps[3].range, 17, 19);

  /* Any literal key folds: booleans and null too. [-1] is a unary
   * expression, not a literal: an INDEX node over the traversal. */
  e = val("a = b[true][null][-1]\n");
  CHECK_KIND(e, HCL_EXPR_INDEX);
  CHECK_KIND(e->u.index.key, HCL_EXPR_UNARY);
  e = e->u.index.coll;
  check_root(e, "b", 2);
  ck_assert_int_eq(e->u.scope.steps[0].key.type, HCL_LIT_BOOL);
  ck_assert(e->u.scope.steps[0].key.b);
  ck_assert_int_eq(e->u.scope.steps[1].key.type, HCL_LIT_NULL);
}
END_TEST

START_TEST(hcl_parser__legacy_index)
{
  const hcl_expr *e = val("a = b.0.c\n");
  check_root(e, "b", 2);
  check_index_num(&e->u.scope.steps[0], "0");
  check_attr_step(&e->u.scope.steps[1], "c");
  CHECK_LINE1(e->u.scope.steps[0].range, 5, 7);
  /* "0.1" lexes as one number: not two legacy indexes. */
  val_err("a = a.0.1\n");
  check_diag(1, "Invalid legacy index syntax");
}
END_TEST

START_TEST(hcl_parser__index_expression_then_relative_traversal)
{
  const hcl_expr *e = val("a = a[var.x].b[0]\n");
  CHECK_KIND(e, HCL_EXPR_RELATIVE_TRAVERSAL);
  ck_assert_uint_eq(e->u.rel.nsteps, 2);
  check_attr_step(&e->u.rel.steps[0], "b");
  check_index_num(&e->u.rel.steps[1], "0");
  const hcl_expr *ix = e->u.rel.source;
  CHECK_KIND(ix, HCL_EXPR_INDEX);
  check_root(ix->u.index.coll, "a", 0);
  check_root(ix->u.index.key, "var", 1);
  CHECK_LINE1(ix->range, 4, 12);
  CHECK_LINE1(e->range, 4, 17);

  /* A template key with interpolation does not fold either. */
  e = val("a = b[\"${c}\"]\n");
  CHECK_KIND(e, HCL_EXPR_INDEX);
  CHECK_KIND(e->u.index.key, HCL_EXPR_TEMPLATE_WRAP);
  /* Steps after a call or parentheses are relative. */
  e = val("a = f(x).b[\"c\"]\n");
  CHECK_KIND(e, HCL_EXPR_RELATIVE_TRAVERSAL);
  CHECK_KIND(e->u.rel.source, HCL_EXPR_FUNCTION_CALL);
  check_index_str(&e->u.rel.steps[1], "c");
  e = val("a = (x).b\n");
  CHECK_KIND(e, HCL_EXPR_RELATIVE_TRAVERSAL);
  CHECK_KIND(e->u.rel.source, HCL_EXPR_PARENS);
}
END_TEST

START_TEST(hcl_parser__traversal_errors)
{
  val_err("a = b.+\n");
  check_diag(1, "Invalid attribute name");
  /* hclsyntax reports this where recovery stopped (the end of input
   * here), not at the unexpected token. */
  parse("a = b[0\nc = 1\n", MLS_EINPUT);
  check_diag(3, "Missing close bracket on index");
  parse("a = b[*\n", MLS_EINPUT);
  check_diag(2, "Missing close bracket on splat index");
}
END_TEST

START_TEST(hcl_parser__full_splat)
{
  const hcl_expr *e = val("a = a[*].b.c\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  ck_assert(!e->u.splat.attr_style);
  check_root(e->u.splat.source, "a", 0);
  check_anon_rel(e->u.splat.each, 2);
  check_attr_step(&e->u.splat.each->u.rel.steps[0], "b");
  check_attr_step(&e->u.splat.each->u.rel.steps[1], "c");
  CHECK_LINE1(e->range, 4, 12);
  CHECK_LINE1(e->u.splat.each->u.rel.source->range, 5, 8);

  /* With no steps after it, `each` is the ANON_SYMBOL itself. */
  e = val("a = b[*]\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  CHECK_KIND(e->u.splat.each, HCL_EXPR_ANON_SYMBOL);

  /* An index after [*] applies to each element. */
  e = val("a = a[*][0]\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  check_anon_rel(e->u.splat.each, 1);
  check_index_num(&e->u.splat.each->u.rel.steps[0], "0");
}
END_TEST

START_TEST(hcl_parser__attribute_splat)
{
  const hcl_expr *e = val("a = a.*.b\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  ck_assert(e->u.splat.attr_style);
  check_root(e->u.splat.source, "a", 0);
  check_anon_rel(e->u.splat.each, 1);
  check_attr_step(&e->u.splat.each->u.rel.steps[0], "b");
  CHECK_LINE1(e->range, 4, 9);

  e = val("a = b.*\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  CHECK_KIND(e->u.splat.each, HCL_EXPR_ANON_SYMBOL);

  /* Legacy indexes join the splat; a bracket index applies to the splat's
   * result instead. */
  e = val("a = b.*.c.0\n");
  check_anon_rel(e->u.splat.each, 2);
  check_index_num(&e->u.splat.each->u.rel.steps[1], "0");
  e = val("a = a.*.b[0]\n");
  CHECK_KIND(e, HCL_EXPR_RELATIVE_TRAVERSAL);
  ck_assert_uint_eq(e->u.rel.nsteps, 1);
  check_index_num(&e->u.rel.steps[0], "0");
  const hcl_expr *sp = e->u.rel.source;
  CHECK_KIND(sp, HCL_EXPR_SPLAT);
  ck_assert(sp->u.splat.attr_style);
  check_anon_rel(sp->u.splat.each, 1);
}
END_TEST

START_TEST(hcl_parser__nested_splats)
{
  const hcl_expr *e = val("a = a[*].b[*].c\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  check_root(e->u.splat.source, "a", 0);
  const hcl_expr *inner = e->u.splat.each;
  CHECK_KIND(inner, HCL_EXPR_SPLAT);
  check_anon_rel(inner->u.splat.source, 1);
  check_attr_step(&inner->u.splat.source->u.rel.steps[0], "b");
  check_anon_rel(inner->u.splat.each, 1);
  check_attr_step(&inner->u.splat.each->u.rel.steps[0], "c");

  /* A splat after a call. */
  e = val("a = f(x)[*].b\n");
  CHECK_KIND(e, HCL_EXPR_SPLAT);
  CHECK_KIND(e->u.splat.source, HCL_EXPR_FUNCTION_CALL);

  /* ".*.*" is a nested attribute splat: an error. */
  val_err("a = a.*.*.b\n");
  check_diag(1, "Nested splat expression not allowed");
}
END_TEST

/* ---- for, conditionals, operators --------------------------------------- */

START_TEST(hcl_parser__for_tuple)
{
  const hcl_expr *e = val("a = [for x in y : x.z]\n");
  CHECK_KIND(e, HCL_EXPR_FOR);
  ck_assert_uint_eq(e->u.forx.key_var.len, 0);
  CHECK_SPAN(e->u.forx.value_var, "x");
  check_root(e->u.forx.coll, "y", 0);
  ck_assert_ptr_null(e->u.forx.key);
  check_root(e->u.forx.value, "x", 1);
  ck_assert_ptr_null(e->u.forx.cond);
  ck_assert(!e->u.forx.group);
  CHECK_LINE1(e->range, 4, 22);

  e = val("a = [for i, x in y : x if i > 0]\n");
  CHECK_SPAN(e->u.forx.key_var, "i");
  CHECK_SPAN(e->u.forx.value_var, "x");
  check_binary(e->u.forx.cond, HCL_OP_GT);
}
END_TEST

START_TEST(hcl_parser__for_object)
{
  const hcl_expr *e = val("a = {for k, v in m : k => v... if v != null}\n");
  CHECK_KIND(e, HCL_EXPR_FOR);
  CHECK_SPAN(e->u.forx.key_var, "k");
  CHECK_SPAN(e->u.forx.value_var, "v");
  check_root(e->u.forx.key, "k", 0);
  check_root(e->u.forx.value, "v", 0);
  ck_assert(e->u.forx.group);
  check_binary(e->u.forx.cond, HCL_OP_NE);
  CHECK_LINE1(e->range, 4, 44);

  e = val("a = {for v in l : v => 1}\n");
  ck_assert_uint_eq(e->u.forx.key_var.len, 0);
  ck_assert(!e->u.forx.group);
  ck_assert_ptr_null(e->u.forx.cond);
  check_num(e->u.forx.value, "1");
}
END_TEST

START_TEST(hcl_parser__for_errors)
{
  val_err("a = [for k, v in x : k => v]\n");
  check_diag(1, "Invalid 'for' expression");
  val_err("a = [for v in x : v...]\n");
  check_diag(1, "Invalid 'for' expression");
  val_err("a = {for v in x : v}\n");
  check_diag(1, "Invalid 'for' expression");
  static const char *const bad[] = {
    "a = [for in x : 1]\n",         "a = [for v x : 1]\n",
    "a = [for v in x 1]\n",         "a = [for v in x : 1 if]\n",
    "a = {for k, in x : k => 1}\n",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    parse(bad[i], MLS_EINPUT);
    check_diag(1, NULL);
  }
  /* Unterminated: reported where the input ends. */
  parse("a = [for v in x : v\n", MLS_EINPUT);
  check_diag(2, "Invalid 'for' expression");
}
END_TEST

START_TEST(hcl_parser__conditionals)
{
  /* Right-associative: a ? b : (c ? d : e). */
  const hcl_expr *e = val("a = a ? b : c ? d : e\n");
  CHECK_KIND(e, HCL_EXPR_CONDITIONAL);
  check_root(e->u.cond.cond, "a", 0);
  check_root(e->u.cond.t, "b", 0);
  const hcl_expr *f = e->u.cond.f;
  CHECK_KIND(f, HCL_EXPR_CONDITIONAL);
  check_root(f->u.cond.cond, "c", 0);
  check_root(f->u.cond.f, "e", 0);
  CHECK_LINE1(e->range, 4, 21);
  CHECK_LINE1(f->range, 12, 21);

  /* A conditional in the true branch, and one as a condition operand. */
  e = val("a = a ? b ? c : d : e\n");
  CHECK_KIND(e->u.cond.t, HCL_EXPR_CONDITIONAL);
  check_root(e->u.cond.f, "e", 0);
  e = val("a = x == 1 || y ? \"p\" : \"q\"\n");
  check_binary(e->u.cond.cond, HCL_OP_OR);

  val_err("a = x ? 1\n");
  check_diag(1, "Missing false expression in conditional");
}
END_TEST

START_TEST(hcl_parser__binary_precedence)
{
  const hcl_expr *e = val("a = 1 + 2 * 3\n");
  check_binary(e, HCL_OP_ADD);
  check_num(e->u.binary.lhs, "1");
  check_binary(e->u.binary.rhs, HCL_OP_MUL);
  CHECK_LINE1(e->range, 4, 13);
  CHECK_LINE1(e->u.binary.rhs->range, 8, 13);

  e = val("a = a || b && c\n");
  check_binary(e, HCL_OP_OR);
  check_binary(e->u.binary.rhs, HCL_OP_AND);

  e = val("a = a && b || c\n");
  check_binary(e, HCL_OP_OR);
  check_binary(e->u.binary.lhs, HCL_OP_AND);

  /* Left-associative at each level, comparisons included. */
  e = val("a = a == b == c\n");
  check_binary(e, HCL_OP_EQ);
  check_binary(e->u.binary.lhs, HCL_OP_EQ);
  check_root(e->u.binary.rhs, "c", 0);
  e = val("a = 1 - 2 - 3\n");
  check_binary(e, HCL_OP_SUB);
  check_binary(e->u.binary.lhs, HCL_OP_SUB);
  check_num(e->u.binary.rhs, "3");
  e = val("a = a < b < c\n");
  check_binary(e, HCL_OP_LT);
  check_binary(e->u.binary.lhs, HCL_OP_LT);
  e = val("a = a < b == c >= d\n");
  check_binary(e, HCL_OP_EQ);
  check_binary(e->u.binary.lhs, HCL_OP_LT);
  check_binary(e->u.binary.rhs, HCL_OP_GE);
  e = val("a = 8 / 4 % 3 * 2\n");
  check_binary(e, HCL_OP_MUL);
  check_binary(e->u.binary.lhs, HCL_OP_MOD);
  check_binary(e->u.binary.lhs->u.binary.lhs, HCL_OP_DIV);
}
END_TEST

START_TEST(hcl_parser__every_binary_operator)
{
  static const struct {
    const char *src;
    hcl_binop op;
  } ops[] = {
    { "a = x || y\n", HCL_OP_OR }, { "a = x && y\n", HCL_OP_AND },
    { "a = x == y\n", HCL_OP_EQ }, { "a = x != y\n", HCL_OP_NE },
    { "a = x < y\n", HCL_OP_LT },  { "a = x <= y\n", HCL_OP_LE },
    { "a = x > y\n", HCL_OP_GT },  { "a = x >= y\n", HCL_OP_GE },
    { "a = x + y\n", HCL_OP_ADD }, { "a = x - y\n", HCL_OP_SUB },
    { "a = x * y\n", HCL_OP_MUL }, { "a = x / y\n", HCL_OP_DIV },
    { "a = x % y\n", HCL_OP_MOD },
  };
  for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
    const hcl_expr *e = val(ops[i].src);
    check_binary(e, ops[i].op);
    check_root(e->u.binary.lhs, "x", 0);
    check_root(e->u.binary.rhs, "y", 0);
  }
  val_err("a = x +\n");
  val_err("a = * y\n");
}
END_TEST

START_TEST(hcl_parser__unary_operators)
{
  /* No negative literals: -1 is NEG applied to 1. */
  const hcl_expr *e = val("a = -1\n");
  CHECK_KIND(e, HCL_EXPR_UNARY);
  ck_assert_int_eq(e->u.unary.op, HCL_OP_NEG);
  check_num(e->u.unary.operand, "1");
  CHECK_LINE1(e->range, 4, 6);

  e = val("a = !!a\n");
  CHECK_KIND(e, HCL_EXPR_UNARY);
  ck_assert_int_eq(e->u.unary.op, HCL_OP_NOT);
  CHECK_KIND(e->u.unary.operand, HCL_EXPR_UNARY);
  ck_assert_int_eq(e->u.unary.operand->u.unary.op, HCL_OP_NOT);
  check_root(e->u.unary.operand->u.unary.operand, "a", 0);

  /* The operator applies to the whole traversal. */
  e = val("a = -a.b[0]\n");
  CHECK_KIND(e, HCL_EXPR_UNARY);
  check_root(e->u.unary.operand, "a", 2);
  CHECK_LINE1(e->range, 4, 11);

  /* Unary binds tighter than any binary operator. */
  e = val("a = -1 * 2\n");
  check_binary(e, HCL_OP_MUL);
  CHECK_KIND(e->u.binary.lhs, HCL_EXPR_UNARY);
  e = val("a = !a == b\n");
  check_binary(e, HCL_OP_EQ);
  CHECK_KIND(e->u.binary.lhs, HCL_EXPR_UNARY);
}
END_TEST

START_TEST(hcl_parser__parentheses)
{
  const hcl_expr *e = val("a = (1)\n");
  CHECK_KIND(e, HCL_EXPR_PARENS);
  check_num(e->u.wrap.inner, "1");
  CHECK_LINE1(e->range, 4, 7);
  e = val("a = ((x))\n");
  CHECK_KIND(e->u.wrap.inner, HCL_EXPR_PARENS);
  check_root(e->u.wrap.inner->u.wrap.inner, "x", 0);
  e = val("a = (1 + 2) * 3\n");
  check_binary(e, HCL_OP_MUL);
  CHECK_KIND(e->u.binary.lhs, HCL_EXPR_PARENS);

  const hcl_body *b = parse("a = (1 2\nb = 1\n", MLS_EINPUT);
  check_diag(1, "Unbalanced parentheses");
  check_num(attr(b, "b")->expr, "1");
  parse("a = ()\n", MLS_EINPUT);
  check_diag(1, "Invalid expression");
}
END_TEST

/* ---- ranges and Unicode ------------------------------------------------- */

START_TEST(hcl_parser__attribute_range_is_name_to_value_end)
{
  const hcl_body *b = parse("x = 0\nabc = 1 + foo(2) # c\n", MLS_OK);
  const hcl_attr *a = attr(b, "abc");
  CHECK_RANGE(a->range, 2, 1, 6, 2, 17, 22);
  CHECK_RANGE(a->name_range, 2, 1, 6, 2, 4, 9);
  CHECK_RANGE(a->expr->range, 2, 7, 12, 2, 17, 22);

  /* A multi-line value ends on its last line. */
  b = parse("a = [\n  1,\n]\n", MLS_OK);
  CHECK_RANGE(attr(b, "a")->range, 1, 1, 0, 3, 2, 12);
}
END_TEST

START_TEST(hcl_parser__block_range_is_type_to_closing_brace)
{
  const hcl_body *b = parse("x = 0\nres \"t\" n {\n  c = 1\n}\n", MLS_OK);
  const hcl_block *blk = &b->blocks[0];
  CHECK_RANGE(blk->range, 2, 1, 6, 4, 2, 27);
  CHECK_RANGE(blk->type_range, 2, 1, 6, 2, 4, 9);
  CHECK_RANGE(blk->labels[0].range, 2, 5, 10, 2, 8, 13);
  CHECK_RANGE(blk->labels[1].range, 2, 9, 14, 2, 10, 15);
  CHECK_RANGE(attr(blk->body, "c")->range, 3, 3, 20, 3, 8, 25);
}
END_TEST

START_TEST(hcl_parser__positions_after_bom)
{
  /* The BOM counts in bytes, not in columns. */
  const hcl_body *b = parse("\xEF\xBB\xBF"
                            "a = 1\nb {}\n",
                            MLS_OK);
  CHECK_RANGE(attr(b, "a")->range, 1, 1, 3, 1, 6, 8);
  CHECK_RANGE(attr(b, "a")->expr->range, 1, 5, 7, 1, 6, 8);
  CHECK_RANGE(b->blocks[0].range, 2, 1, 9, 2, 5, 13);
}
END_TEST

START_TEST(hcl_parser__columns_count_bytes_after_multibyte)
{
  /* "é" is two bytes: columns in our tree are bytes (hclref counts
   * grapheme clusters and would say 9 for b). */
  const hcl_expr *e = val("a = \"\xC3\xA9\" + b\n");
  check_binary(e, HCL_OP_ADD);
  CHECK_LINE1(e->u.binary.rhs->range, 11, 12);
  check_plain_template(e->u.binary.lhs, "\xC3\xA9");

  const hcl_body *b = parse("\xC3\xA9t\xC3\xA9 = 1\n", MLS_OK);
  CHECK_SPAN(b->attrs[0].name, "\xC3\xA9t\xC3\xA9");
  CHECK_LINE1(b->attrs[0].name_range, 0, 5);
  CHECK_LINE1(b->attrs[0].expr->range, 8, 9);
}
END_TEST

START_TEST(hcl_parser__strings_are_nfc_normalized)
{
  /* "e" + U+0301, by escape or raw bytes, becomes U+00E9. */
  const hcl_body *b = parse("a = \"e\\u0301\"\n"
                            "b = \"e\xCC\x81\"\n"
                            "c = <<EOT\ne\xCC\x81\nEOT\n"
                            "d = x[\"e\xCC\x81\"]\n"
                            "e = \"${x}e\xCC\x81\"\n",
                            MLS_OK);
  check_plain_template(attr(b, "a")->expr, "\xC3\xA9");
  check_plain_template(attr(b, "b")->expr, "\xC3\xA9");
  check_strlit(attr(b, "c")->expr->u.tmpl.parts[0], "\xC3\xA9\n");
  check_index_str(&attr(b, "d")->expr->u.scope.steps[0], "\xC3\xA9");
  check_strlit(attr(b, "e")->expr->u.tmpl.parts[1], "\xC3\xA9");
}
END_TEST

START_TEST(hcl_parser__unicode_identifiers)
{
  const hcl_body *b =
      parse("caf\xC3\xA9 = 1\n\xC3\xB1-x = \xCE\xA9.\xE6\x97\xA5\n", MLS_OK);
  ck_assert_uint_eq(b->nattrs, 2);
  CHECK_SPAN(b->attrs[0].name, "caf\xC3\xA9");
  CHECK_SPAN(b->attrs[1].name, "\xC3\xB1-x");
  check_root(b->attrs[1].expr, "\xCE\xA9", 1);
  check_attr_step(&b->attrs[1].expr->u.scope.steps[0], "\xE6\x97\xA5");
  parse("a = \xE2\x82\xAC\n", MLS_EINPUT);
  check_diag(1, "Invalid character");
}
END_TEST

START_TEST(hcl_parser__template_directive_ranges)
{
  /* hclsyntax: a directive's range runs from "%{" through its "}"; the
   * conditional from "%{if" to the end of "%{endif}"; each branch from its
   * first part to its last (parser_template.go parseIf). */
  const hcl_expr *e = val("a = \"%{if c}yes%{else}no%{endif}\"\n");
  const hcl_expr *c = e->u.tmpl.parts[0];
  CHECK_LINE1(c->range, 5, 32);
  CHECK_LINE1(c->u.cond.t->range, 12, 15);
  CHECK_LINE1(c->u.cond.f->range, 22, 24);
}
END_TEST

START_TEST(hcl_parser__template_empty_branch_ranges)
{
  /* An absent branch is an empty literal at the end of "%{if ...}" (true)
   * or at the start of "%{endif}" (false). */
  const hcl_expr *e = val("a = \"%{if c}yes%{endif}\"\n");
  const hcl_expr *c = e->u.tmpl.parts[0];
  CHECK_LINE1(c->range, 5, 23);
  CHECK_LINE1(c->u.cond.f->range, 15, 15);
  e = val("a = \"%{if c}%{else}n%{endif}\"\n");
  CHECK_LINE1(e->u.tmpl.parts[0]->u.cond.t->range, 12, 12);
}
END_TEST

START_TEST(hcl_parser__template_for_ranges)
{
  /* The join and the for run from "%{for" through "%{endfor}"; the body
   * from its first part to its last (parser_template.go parseFor). */
  const hcl_expr *e = val("a = \"%{for k, v in m}${k}=${v} %{endfor}\"\n");
  const hcl_expr *j = e->u.tmpl.parts[0];
  CHECK_LINE1(j->range, 5, 40);
  CHECK_LINE1(j->u.wrap.inner->range, 5, 40);
  CHECK_LINE1(j->u.wrap.inner->u.forx.value->range, 23, 31);
}
END_TEST

START_TEST(hcl_parser__expression_ranges)
{
  /* Checked against hclref --ranges (bytes; all ASCII). */
  const hcl_expr *e = val("a = f(x)[*].b\n");
  CHECK_LINE1(e->range, 4, 13);
  CHECK_LINE1(e->u.splat.source->range, 4, 8);
  /* A full splat's `each` starts at its "[*]", an attribute splat's
   * after its ".*". */
  CHECK_LINE1(e->u.splat.each->range, 8, 13);
  CHECK_LINE1(e->u.splat.each->u.rel.source->range, 8, 11);
  e = val("a = a.*.b\n");
  CHECK_LINE1(e->u.splat.each->range, 7, 9);
  CHECK_LINE1(e->u.splat.each->u.rel.source->range, 5, 7);
  e = val("a = { b = 1 }\n");
  CHECK_LINE1(e->range, 4, 13);
  CHECK_LINE1(e->u.object.items[0].value->range, 10, 11);
  e = val("a = [for x in y : x]\n");
  CHECK_LINE1(e->u.forx.coll->range, 14, 15);
  e = val("a = \"x${y}\"\n");
  CHECK_LINE1(e->range, 4, 11);
  CHECK_LINE1(e->u.tmpl.parts[0]->range, 5, 6);
  CHECK_LINE1(e->u.tmpl.parts[1]->range, 8, 9);
}
END_TEST

/* ---- error recovery ----------------------------------------------------- */

START_TEST(hcl_parser__broken_block_then_good_block)
{
  const hcl_body *b = parse("a \"x\" {\n"
                            "  b = = 1\n"
                            "}\n"
                            "c \"y\" {\n"
                            "  d = 2\n"
                            "}\n",
                            MLS_EINPUT);
  check_diag(2, "Invalid expression");
  ck_assert_uint_gt(file->nerrors, 0);
  ck_assert_uint_eq(b->nblocks, 2);
  const hcl_block *good = &b->blocks[1];
  CHECK_SPAN(good->type, "c");
  CHECK_SPAN(good->labels[0].value, "y");
  check_num(attr(good->body, "d")->expr, "2");
  CHECK_RANGE(good->range, 4, 1, 20, 6, 2, 37);
}
END_TEST

START_TEST(hcl_parser__missing_closing_brace)
{
  const hcl_body *b = parse("x = 1\na {\n  b = 1\n", MLS_EINPUT);
  check_diag(2, "Unclosed configuration block");
  ck_assert_uint_eq(b->nblocks, 1);
  check_num(attr(b->blocks[0].body, "b")->expr, "1");
  parse("a {\n  b {\n    c = 1\n  }\n", MLS_EINPUT);
  check_diag(1, "Unclosed configuration block");
}
END_TEST

START_TEST(hcl_parser__unterminated_string)
{
  parse("x = 1\na = \"abc\nb = 1\n", MLS_EINPUT);
  check_diag(2, NULL);
  ck_assert(has_diag("Invalid multi-line string"));
  parse("x = 1\na = \"abc", MLS_EINPUT);
  check_diag(2, "Unterminated template string");
}
END_TEST

START_TEST(hcl_parser__unterminated_interpolation)
{
  parse("x = 1\na = \"${b", MLS_EINPUT);
  check_diag(2, "Unclosed template interpolation sequence");
  parse("x = 1\na = \"${b\"\nc = 1\n", MLS_EINPUT);
  check_diag(2, NULL);
  parse("x = 1\na = <<EOT\n${b\nEOT\n", MLS_EINPUT);
  check_diag(4, "Extra characters after interpolation expression");
}
END_TEST

START_TEST(hcl_parser__unterminated_template_directive)
{
  parse("x = 1\na = \"%{if b}c\"\n", MLS_EINPUT);
  check_diag(2, "Unexpected end of template");
  parse("x = 1\na = <<EOT\n%{for v in l}\nEOT\n", MLS_EINPUT);
  check_diag(4, "Unexpected end of template");
  parse("x = 1\na = \"%{if b", MLS_EINPUT);
  check_diag(2, NULL);
}
END_TEST

START_TEST(hcl_parser__garbage_bytes)
{
  const hcl_body *b = parse("a = 1\n@@@\nc = 2\n", MLS_EINPUT);
  check_diag(2, "Invalid character");
  check_num(attr(b, "a")->expr, "1");
  parse("a = 1\nb = 2 $ 3\n", MLS_EINPUT);
  check_diag(2, NULL);
  parse("a = 1;\n", MLS_EINPUT);
  check_diag(1, "Invalid character");
  parse("a = 'x'\n", MLS_EINPUT);
  check_diag(1, "single quotes");
  parse("a = `x`\n", MLS_EINPUT);
  check_diag(1, "Invalid character");
  parse("a = 1 & 2\n", MLS_EINPUT);
  check_diag(1, "Unsupported operator");
  parse("x = 1\n/* never closed\ny = 2\n", MLS_EINPUT);
  check_diag(2, NULL);
  parse("a = 1\rb = 2\n", MLS_EINPUT);
  check_diag(1, NULL);
}
END_TEST

START_TEST(hcl_parser__nul_byte_is_an_error)
{
  /* A deliberate difference from hclsyntax, which accepts NUL inside
   * strings: an embedded NUL is MLS_EINPUT, never silent truncation. */
  static const char in_string[] = "a = 1\nb = \"x\0y\"\n";
  parse_n(in_string, sizeof(in_string) - 1, MLS_EINPUT);
  check_diag(2, "NUL");
  static const char bare[] = "a = 1\n\0\nc = 2\n";
  const hcl_body *b = parse_n(bare, sizeof(bare) - 1, MLS_EINPUT);
  check_diag(2, "NUL");
  check_num(attr(b, "a")->expr, "1");
  static const char heredoc[] = "a = <<EOT\nx\0\nEOT\n";
  parse_n(heredoc, sizeof(heredoc) - 1, MLS_EINPUT);
  check_diag(2, "NUL");
}
END_TEST

START_TEST(hcl_parser__invalid_utf8_is_an_error)
{
  parse("a = 1\nb = \"\xFF\"\n", MLS_EINPUT);
  check_diag(2, "Invalid character encoding");
  parse("a = 1\n\xC3 = 2\n", MLS_EINPUT);
  check_diag(2, "Invalid character encoding");
  parse("a = <<EOT\n\xED\xA0\x80\nEOT\n", MLS_EINPUT);
  check_diag(2, "Invalid character encoding");
}
END_TEST

START_TEST(hcl_parser__invalid_utf8_in_a_comment_is_a_note)
{
  /* docs/hcl-parser.md, difference 2: old modules with Latin-1 comments
   * keep their results; a note still says so. */
  const hcl_body *b = parse("x = 0\n# caf\xE9\na = 1 /* \xFF */\n", MLS_OK);
  check_num(attr(b, "a")->expr, "1");
  ck_assert_uint_eq(diag.n, 1);
  ck_assert_int_eq(diag.v[0].sev, MLS_SEV_NOTE);
  check_diag(2, NULL);
  /* A NUL in a comment is an error (difference 1). */
  static const char nul[] = "x = 0\n# a\0b\na = 1\n";
  b = parse_n(nul, sizeof(nul) - 1, MLS_EINPUT);
  check_diag(2, "NUL");
  check_num(attr(b, "a")->expr, "1");
}
END_TEST

START_TEST(hcl_parser__unterminated_block_comment_is_one_error)
{
  /* docs/hcl-parser.md, difference 4: reported at the comment. */
  const hcl_body *b = parse("x = 1\n/* never closed\ny = 2\n", MLS_EINPUT);
  check_diag(2, "Unterminated comment");
  check_num(attr(b, "x")->expr, "1");
  parse("x = 1 /* open", MLS_EINPUT);
  check_diag(1, "Unterminated comment");
}
END_TEST

/* ---- fragment entry points ---------------------------------------------- */

START_TEST(hcl_parser__parse_template_with_base)
{
  /* As for a JSON string whose content starts at byte 10, line 2, col 5. */
  mls_pos base = { 10, 2, 5 };
  hcl_expr *e = NULL;
  int rc = hcl_parse_template(&e, arena, "a${b.c}d", 8, base, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  CHECK_KIND(e, HCL_EXPR_TEMPLATE);
  ck_assert(!e->u.tmpl.heredoc);
  ck_assert_uint_eq(e->u.tmpl.nparts, 3);
  check_strlit(e->u.tmpl.parts[0], "a");
  CHECK_RANGE(e->u.tmpl.parts[0]->range, 2, 5, 10, 2, 6, 11);
  check_root(e->u.tmpl.parts[1], "b", 1);
  CHECK_RANGE(e->u.tmpl.parts[1]->range, 2, 8, 13, 2, 11, 16);
  check_strlit(e->u.tmpl.parts[2], "d");
  CHECK_RANGE(e->range, 2, 5, 10, 2, 13, 18);

  /* "${x}" alone passes through; newlines are text, not markers. */
  rc = hcl_parse_template(&e, arena, "${x}", 4, base, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  CHECK_KIND(e, HCL_EXPR_TEMPLATE_WRAP);
  check_root(e->u.wrap.inner, "x", 0);
  CHECK_RANGE(e->u.wrap.inner->range, 2, 7, 12, 2, 8, 13);
  rc = hcl_parse_template(&e, arena, "x\nEOT\n%{if y}z%{endif}", 22, base,
                          &diag);
  ck_assert_int_eq(rc, MLS_OK);
  ck_assert_uint_eq(e->u.tmpl.nparts, 2);
  check_strlit(e->u.tmpl.parts[0], "x\nEOT\n");
  CHECK_KIND(e->u.tmpl.parts[1], HCL_EXPR_CONDITIONAL);
  CHECK_RANGE(e->u.tmpl.parts[1]->u.cond.cond->range, 4, 6, 21, 4, 7, 22);
  /* No escapes in a bare template: JSON has decoded them already. */
  rc = hcl_parse_template(&e, arena, "\\n", 2, base, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  check_plain_template(e, "\\n");
  ck_assert_uint_eq(diag.n, 0);

  rc = hcl_parse_template(&e, arena, "a${b", 4, base, &diag);
  ck_assert_int_eq(rc, MLS_EINPUT);
  ck_assert_ptr_nonnull(e);
  check_diag(2, NULL);
}
END_TEST

START_TEST(hcl_parser__parse_expression_with_base)
{
  mls_pos base = { 50, 4, 3 };
  hcl_expr *e = NULL;
  int rc = hcl_parse_expression(&e, arena, "var.a[0]", 8, base, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  check_root(e, "var", 2);
  CHECK_RANGE(e->range, 4, 3, 50, 4, 11, 58);
  CHECK_RANGE(e->u.scope.steps[1].range, 4, 8, 55, 4, 11, 58);

  /* Newlines are ignored, as inside brackets. */
  rc = hcl_parse_expression(&e, arena, "map(\n string) +\n1", 17, base, &diag);
  ck_assert_int_eq(rc, MLS_OK);
  check_binary(e, HCL_OP_ADD);
  CHECK_RANGE(e->u.binary.rhs->range, 6, 1, 66, 6, 2, 67);
  ck_assert_uint_eq(diag.n, 0);

  rc = hcl_parse_expression(&e, arena, "a b", 3, base, &diag);
  ck_assert_int_eq(rc, MLS_EINPUT);
  check_diag(4, "Extra characters after expression");
  CHECK_POS(diag.v[0].range.start, 4, 5, 52);
  mls_diag_clear(&diag);
  rc = hcl_parse_expression(&e, arena, "", 0, base, &diag);
  ck_assert_int_eq(rc, MLS_EINPUT);
  check_diag(4, "Missing expression");
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

/* About 40 lines touching every node kind, heredocs and both entry
 * paths for directives. */
static const char SAMPLE_TF[] =
    "# sample\n"
    "terraform {\n"
    "  required_version = \">= 1.5\"\n"
    "}\n"
    "variable \"names\" {\n"
    "  type    = list(string)\n"
    "  default = [\"a\", \"b\",]\n"
    "}\n"
    "locals {\n"
    "  n      = length(var.names) * 2 + -1\n"
    "  m      = { for i, v in var.names : v => i... if i > 0 }\n"
    "  t      = [for v in var.names : upper(v)]\n"
    "  s      = aws_instance.web[*].id\n"
    "  s2     = aws_instance.web.*.tags.Name\n"
    "  ix     = var.map[var.key].x[0]\n"
    "  c      = var.on ? \"yes\" : null\n"
    "  p      = (1 + 2) / 3 % 4\n"
    "  tmpl   = \"${var.a}-%{if var.b}x%{else}y%{endif}\"\n"
    "  j      = \"%{for k, v in var.m ~} ${k}=${v} %{~ endfor}\"\n"
    "  esc    = \"caf\\u00e9 \\\"q\\\" e\\u0301 $${lit}\"\n"
    "  obj    = { a = 1, \"b\" = 2, (c) = 3 }\n"
    "  f      = provider::aws::arn_parse(x)\n"
    "  ok     = !var.x && var.y || var.z == 1\n"
    "}\n"
    "resource \"aws_s3_bucket\" \"b\" {\n"
    "  bucket = \"b-${var.env}\"\n"
    "  policy = <<-EOT\n"
    "    {\n"
    "      \"Version\": \"${var.v}\"\n"
    "    }\n"
    "    EOT\n"
    "  lifecycle { prevent_destroy = true }\n"
    "  dynamic \"rule\" {\n"
    "    for_each = var.rules\n"
    "    content {\n"
    "      id = rule.value.id\n"
    "    }\n"
    "  }\n"
    "}\n"
    "output \"o\" { value = local.n }\n";

/* The smallest inputs that reach the parser's scratch stack: a quoted
 * string (template tokens) and a second attribute (the duplicate check
 * reads the attributes collected so far). */
static const char TINY_STRING[] = "a = \"x\"\n";
static const char TINY_ATTRS[] = "a = 1\nb = 2\n";

/* Allocations a clean parse of src makes: a loop's upper bound. Called by
 * the suite function, outside any test, so no Check assertions. */
static int allocations_of(const char *src, size_t len)
{
  hcl_file *f = NULL;
  mls_diag d = MLS_DIAG_INIT;
  mls_alloc_fail_after(-1);
  int rc = hcl_parse(&f, src, len, &d);
  unsigned long n = mls_alloc_count();
  hcl_file_free(f);
  mls_diag_dispose(&d);
  return rc == MLS_OK ? (int)n : 0;
}

static int sample_allocations(void)
{
  return allocations_of(SAMPLE_TF, sizeof(SAMPLE_TF) - 1);
}

/* hcl_parse() with the i-th allocation (and every later one) failing must
 * return MLS_OK or MLS_ENOMEM without a tree, and never crash or leak. */
static void parse_failing_at(int i, const char *src, size_t len)
{
  hcl_file *f = NULL;
  mls_diag d = MLS_DIAG_INIT;

  mls_alloc_fail_after(i);
  int rc = hcl_parse(&f, src, len, &d);
  bool fired = mls_alloc_count() > (unsigned long)i;
  mls_alloc_fail_after(-1);
  ck_assert_msg(rc == MLS_OK || (rc == MLS_ENOMEM && f == NULL),
                "allocation %d: rc %s, file %p", i, mls_rc_name(rc), (void *)f);
  /* A failed allocation never yields a tree that looks whole. */
  ck_assert_msg(!fired || rc != MLS_OK, "allocation %d failed, yet MLS_OK", i);
  hcl_file_free(f);
  mls_diag_dispose(&d);
}

START_TEST(hcl_parser__enomem_in_a_quoted_string)
{
  parse_failing_at(_i, TINY_STRING, sizeof(TINY_STRING) - 1);
}
END_TEST

START_TEST(hcl_parser__enomem_in_the_second_attribute)
{
  parse_failing_at(_i, TINY_ATTRS, sizeof(TINY_ATTRS) - 1);
}
END_TEST

START_TEST(hcl_parser__sample_parses_cleanly)
{
  const hcl_body *b = parse_n(SAMPLE_TF, sizeof(SAMPLE_TF) - 1, MLS_OK);
  ck_assert_uint_eq(b->nblocks, 5);
  ck_assert_int_gt(sample_allocations(), 0);
}
END_TEST

START_TEST(hcl_parser__enomem_at_every_allocation)
{
  parse_failing_at(_i, SAMPLE_TF, sizeof(SAMPLE_TF) - 1);
}
END_TEST

static const char FRAG_TEMPLATE[] =
    "a${b.c}%{for x in y}${x}%{endfor}e\\u0301 \xC3\xA9"
    "e\xCC\x81";
static const char FRAG_EXPR[] = "{ for k, v in m : k => [v, f(v...)] }";

/* Runs both fragment entry points, each on a fresh arena, with the
 * `fail`-th allocation failing (-1: none). Returns the allocations made and
 * in rcs[0..1] the two return codes, with -100 standing for "failed but
 * handed out a tree". No Check assertions: the suite function calls it to
 * size the loop, outside any test. */
static unsigned long parse_fragments(long fail, int rcs[2])
{
  static const char *const src[2] = { FRAG_TEMPLATE, FRAG_EXPR };
  static const size_t len[2] = { sizeof(FRAG_TEMPLATE) - 1,
                                 sizeof(FRAG_EXPR) - 1 };
  mls_pos base = { 0, 1, 1 };
  unsigned long total = 0;

  for (int k = 0; k < 2; k++) {
    hcl_expr *e = NULL;
    mls_diag d = MLS_DIAG_INIT;
    mls_arena *a = mls_arena_new(1u << 20);
    if (!a) {
      rcs[k] = MLS_ERROR;
      continue;
    }
    /* The second call fails only if the first did not reach `fail`. */
    long rest = fail < 0 ? -1 : fail - (long)total;
    mls_alloc_fail_after(rest < 0 ? -1 : rest);
    rcs[k] = k == 0 ? hcl_parse_template(&e, a, src[k], len[k], base, &d)
                    : hcl_parse_expression(&e, a, src[k], len[k], base, &d);
    total += mls_alloc_count();
    mls_alloc_fail_after(-1);
    if (rcs[k] == MLS_ENOMEM && e != NULL) {
      rcs[k] = -100;
    }
    mls_arena_free(a);
    mls_diag_dispose(&d);
  }
  return total;
}

START_TEST(hcl_parser__fragments_enomem_at_every_allocation)
{
  int rcs[2];
  parse_fragments(_i, rcs);
  for (int k = 0; k < 2; k++) {
    ck_assert_msg(rcs[k] == MLS_OK || rcs[k] == MLS_ENOMEM,
                  "%s, allocation %d: rc %d (-100: ENOMEM with a tree)",
                  k ? "expression" : "template", _i, rcs[k]);
  }
}
END_TEST

Suite *hcl_parser_suite(void)
{
  Suite *s = suite_create("hcl_parser");
  TCase *tc = tcase_create("bodies");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__nul_bytes_reported_once);
  tcase_add_test(tc, hcl_parser__attributes_and_blocks_in_source_order);
  tcase_add_test(tc, hcl_parser__empty_file_and_blank_lines);
  tcase_add_test(tc, hcl_parser__broken_blocks_are_marked);
  tcase_add_test(tc, hcl_parser__quoted_and_bare_labels);
  tcase_add_test(tc, hcl_parser__label_escapes_are_decoded);
  tcase_add_test(tc, hcl_parser__label_errors);
  tcase_add_test(tc, hcl_parser__one_line_block);
  tcase_add_test(tc, hcl_parser__one_line_block_errors);
  tcase_add_test(tc, hcl_parser__empty_blocks);
  tcase_add_test(tc, hcl_parser__comments_everywhere);
  tcase_add_test(tc, hcl_parser__newlines_ignored_inside_brackets);
  tcase_add_test(tc, hcl_parser__newlines_separate_object_items);
  tcase_add_test(tc, hcl_parser__binary_operator_cannot_end_a_line);
  tcase_add_test(tc, hcl_parser__duplicate_attribute_keeps_first);
  tcase_add_test(tc, hcl_parser__attribute_and_body_errors);
  suite_add_tcase(s, tc);

  tc = tcase_create("templates");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__number_literals_keep_raw_text);
  tcase_add_test(tc, hcl_parser__invalid_number_literal);
  tcase_add_test(tc, hcl_parser__bool_and_null_literals);
  tcase_add_test(tc, hcl_parser__quoted_string_is_a_template);
  tcase_add_test(tc, hcl_parser__template_wrap_and_template);
  tcase_add_test(tc, hcl_parser__template_literals_merge);
  tcase_add_test(tc, hcl_parser__string_escapes);
  tcase_add_test(tc, hcl_parser__invalid_escapes);
  tcase_add_test(tc, hcl_parser__template_if);
  tcase_add_test(tc, hcl_parser__template_for);
  tcase_add_test(tc, hcl_parser__template_directive_errors);
  tcase_add_test(tc, hcl_parser__strip_markers);
  tcase_add_test(tc, hcl_parser__heredoc_strip_markers_trim_one_line);
  tcase_add_test(tc, hcl_parser__heredoc);
  tcase_add_test(tc, hcl_parser__flush_heredoc_removes_smallest_indent);
  tcase_add_test(tc,
                 hcl_parser__flush_heredoc_interpolation_line_disables_trim);
  tcase_add_test(tc, hcl_parser__heredoc_crlf_is_kept);
  tcase_add_test(tc, hcl_parser__heredoc_marker_at_eof_is_unterminated);
  tcase_add_test(tc, hcl_parser__heredoc_errors);
  suite_add_tcase(s, tc);

  tc = tcase_create("expressions");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__tuples);
  tcase_add_test(tc, hcl_parser__object_keys);
  tcase_add_test(tc, hcl_parser__object_errors);
  tcase_add_test(tc, hcl_parser__function_calls);
  tcase_add_test(tc, hcl_parser__function_call_errors);
  tcase_add_test(tc, hcl_parser__provider_function_call);
  tcase_add_test(tc, hcl_parser__traversal_steps_fold);
  tcase_add_test(tc, hcl_parser__legacy_index);
  tcase_add_test(tc, hcl_parser__index_expression_then_relative_traversal);
  tcase_add_test(tc, hcl_parser__traversal_errors);
  tcase_add_test(tc, hcl_parser__full_splat);
  tcase_add_test(tc, hcl_parser__attribute_splat);
  tcase_add_test(tc, hcl_parser__nested_splats);
  tcase_add_test(tc, hcl_parser__for_tuple);
  tcase_add_test(tc, hcl_parser__for_object);
  tcase_add_test(tc, hcl_parser__for_errors);
  tcase_add_test(tc, hcl_parser__conditionals);
  tcase_add_test(tc, hcl_parser__binary_precedence);
  tcase_add_test(tc, hcl_parser__every_binary_operator);
  tcase_add_test(tc, hcl_parser__unary_operators);
  tcase_add_test(tc, hcl_parser__parentheses);
  suite_add_tcase(s, tc);

  tc = tcase_create("ranges");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__attribute_range_is_name_to_value_end);
  tcase_add_test(tc, hcl_parser__block_range_is_type_to_closing_brace);
  tcase_add_test(tc, hcl_parser__positions_after_bom);
  tcase_add_test(tc, hcl_parser__columns_count_bytes_after_multibyte);
  tcase_add_test(tc, hcl_parser__strings_are_nfc_normalized);
  tcase_add_test(tc, hcl_parser__unicode_identifiers);
  tcase_add_test(tc, hcl_parser__expression_ranges);
  tcase_add_test(tc, hcl_parser__template_directive_ranges);
  tcase_add_test(tc, hcl_parser__template_empty_branch_ranges);
  tcase_add_test(tc, hcl_parser__template_for_ranges);
  tcase_add_test(tc,
                 hcl_parser__flush_heredoc_literal_range_starts_after_indent);
  suite_add_tcase(s, tc);

  tc = tcase_create("recovery");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__broken_block_then_good_block);
  tcase_add_test(tc, hcl_parser__missing_closing_brace);
  tcase_add_test(tc, hcl_parser__unterminated_string);
  tcase_add_test(tc, hcl_parser__unterminated_interpolation);
  tcase_add_test(tc, hcl_parser__unterminated_template_directive);
  tcase_add_test(tc, hcl_parser__garbage_bytes);
  tcase_add_test(tc, hcl_parser__nul_byte_is_an_error);
  tcase_add_test(tc, hcl_parser__invalid_utf8_is_an_error);
  tcase_add_test(tc, hcl_parser__invalid_utf8_in_a_comment_is_a_note);
  tcase_add_test(tc, hcl_parser__unterminated_block_comment_is_one_error);
  suite_add_tcase(s, tc);

  tc = tcase_create("fragments");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_parser__parse_template_with_base);
  tcase_add_test(tc, hcl_parser__parse_expression_with_base);
  suite_add_tcase(s, tc);

  /* One iteration per allocation of a clean run (counted here, so the loop
   * keeps covering every allocation as the parser changes), plus one that
   * fails nothing. */
  int n = sample_allocations(), frag_rcs[2];
  int nfrag = (int)parse_fragments(-1, frag_rcs);
  tc = tcase_create("enomem");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_checked_fixture(tc, NULL, mls_test_alloc_reset);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, hcl_parser__sample_parses_cleanly);
  tcase_add_loop_test(tc, hcl_parser__enomem_in_a_quoted_string, 0,
                      allocations_of(TINY_STRING, sizeof(TINY_STRING) - 1) + 1);
  tcase_add_loop_test(tc, hcl_parser__enomem_in_the_second_attribute, 0,
                      allocations_of(TINY_ATTRS, sizeof(TINY_ATTRS) - 1) + 1);
  tcase_add_loop_test(tc, hcl_parser__enomem_at_every_allocation, 0, n + 1);
  tcase_add_loop_test(tc, hcl_parser__fragments_enomem_at_every_allocation, 0,
                      nfrag + 1);
  suite_add_tcase(s, tc);
  return s;
}
