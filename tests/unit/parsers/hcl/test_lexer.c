/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/unit/parsers/hcl/test_lexer.c -- hcl__lex(): the HCL2 native-syntax
 * tokenizer of parsers/hcl/lexer.c, tested below the parser.
 *
 * Each test lexes a small input and checks the exact token stream: types,
 * byte ranges, and line/column of the positions that matter (columns count
 * bytes, a BOM excluded). Covers identifiers (ASCII and Unicode), numbers,
 * every operator, comments, newlines, the three lexer modes (expressions,
 * quoted templates, heredocs), invalid bytes, the BOM, the two trailing EOF
 * tokens, template mode with a base position, and the mode-stack bound.
 * Inputs are kept short so every offset can be counted by hand; the token
 * grammar follows hclsyntax's scanner (hcl-specsuite spec.md, "Lexical
 * Elements"), checked against hclref where the parse result shows it.
 */
#include "tests/unit/test_util.h"

#include "parsers/hcl/hcl_int.h"

#include "core/base/limits.h"
#include "core/base/rc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static hcl_lexed lexed;
static mls_diag diag;
static const char *lexed_src; /* borrowed: the input of the last lex() */

static void setup(void)
{
  mls_diag d = MLS_DIAG_INIT;
  diag = d;
  memset(&lexed, 0, sizeof(lexed));
  lexed_src = NULL;
}

static void teardown(void)
{
  hcl__lexed_dispose(&lexed);
  mls_diag_dispose(&diag);
}

/* The token type's name, for failure messages. A switch, not a table, so
 * a reordered enum cannot mislabel a token. */
static const char *tk_name(int t)
{
#define NAME(x)                                                                \
  case TK_##x:                                                                 \
    return #x;
  switch (t) {
    NAME(EOF)
    NAME(NEWLINE)
    NAME(COMMENT)
    NAME(IDENT)
    NAME(NUMBER)
    NAME(OQUOTE)
    NAME(CQUOTE)
    NAME(OHEREDOC)
    NAME(CHEREDOC)
    NAME(QUOTED_LIT)
    NAME(STRING_LIT)
    NAME(INTERP)
    NAME(CONTROL)
    NAME(SEQ_END)
    NAME(OBRACE)
    NAME(CBRACE)
    NAME(OBRACK)
    NAME(CBRACK)
    NAME(OPAREN)
    NAME(CPAREN)
    NAME(DOT)
    NAME(COMMA)
    NAME(STAR)
    NAME(SLASH)
    NAME(PERCENT)
    NAME(PLUS)
    NAME(MINUS)
    NAME(EQUAL)
    NAME(LT)
    NAME(GT)
    NAME(BANG)
    NAME(QUESTION)
    NAME(COLON)
    NAME(EQOP)
    NAME(NEQ)
    NAME(GE)
    NAME(LE)
    NAME(AND)
    NAME(OR)
    NAME(ELLIPSIS)
    NAME(FATARROW)
    NAME(BITAND)
    NAME(BITOR)
    NAME(BITXOR)
    NAME(TILDE)
    NAME(SEMI)
    NAME(BACKTICK)
    NAME(APOS)
    NAME(QUOTED_NEWLINE)
    NAME(INVALID)
    NAME(BAD_UTF8)
    NAME(NUL)
    NAME(NIL)
  default:
    return "?";
  }
#undef NAME
}

/* Lexes src[0..len) with an explicit mode and base; returns hcl__lex's rc. */
static int lex_ex(const char *src, size_t len, bool template, mls_pos base)
{
  hcl__lexed_dispose(&lexed);
  mls_diag_clear(&diag);
  lexed_src = src;
  return hcl__lex(&lexed, src, len, template, base, &diag);
}

/* Lexes a whole file of `len` bytes and requires success. */
static void lex_n(const char *src, size_t len)
{
  mls_pos base = { 0, 1, 1 };
  int rc = lex_ex(src, len, false, base);
  ck_assert_msg(rc == MLS_OK, "hcl__lex: %s", mls_rc_name(rc));
  ck_assert_uint_ge(lexed.ntoks, 1);
}

static void lex(const char *src)
{
  lex_n(src, strlen(src));
}

/* The token stream as text, for failure messages. */
static const char *dump_tokens(char *buf, size_t cap)
{
  size_t off = 0;
  buf[0] = '\0';
  for (uint32_t i = 0; i < lexed.ntoks && off + 32 < cap; i++) {
    const hcl_tok *t = &lexed.toks[i];
    int n =
        snprintf(buf + off, cap - off, "%s[%u,%u) ", tk_name(t->type),
                 (unsigned)t->range.start.byte, (unsigned)t->range.end.byte);
    if (n < 0) {
      break;
    }
    off += (size_t)n;
  }
  return buf;
}

/* The token types, in order, ending with TK_EOF; the list ends with -1. */
static void expect_types(int first, ...)
{
  char buf[2048];
  va_list ap;
  uint32_t i = 0;
  int t = first;

  va_start(ap, first);
  while (t != -1) {
    ck_assert_msg(i < lexed.ntoks, "only %u tokens: %s", (unsigned)lexed.ntoks,
                  dump_tokens(buf, sizeof(buf)));
    ck_assert_msg(lexed.toks[i].type == t, "token %u is %s, want %s: %s",
                  (unsigned)i, tk_name(lexed.toks[i].type), tk_name(t),
                  dump_tokens(buf, sizeof(buf)));
    i++;
    t = va_arg(ap, int);
  }
  va_end(ap);
  ck_assert_msg(i == lexed.ntoks, "%u tokens, want %u: %s",
                (unsigned)lexed.ntoks, (unsigned)i,
                dump_tokens(buf, sizeof(buf)));
}

/* Token i has `type` and covers bytes [sb, eb). */
static void expect_tok(uint32_t i, int type, uint32_t sb, uint32_t eb)
{
  char buf[2048];
  ck_assert_msg(i < lexed.ntoks, "no token %u: %s", (unsigned)i,
                dump_tokens(buf, sizeof(buf)));
  const hcl_tok *t = &lexed.toks[i];
  ck_assert_msg(t->type == type && t->range.start.byte == sb &&
                    t->range.end.byte == eb,
                "token %u is %s[%u,%u), want %s[%u,%u): %s", (unsigned)i,
                tk_name(t->type), (unsigned)t->range.start.byte,
                (unsigned)t->range.end.byte, tk_name(type), (unsigned)sb,
                (unsigned)eb, dump_tokens(buf, sizeof(buf)));
}

/* Token i's text equals `text` (a span of the lexed input). */
static void expect_text(uint32_t i, const char *text)
{
  const hcl_tok *t = &lexed.toks[i];
  mls_span s = mls_span_of(lexed_src + t->range.start.byte,
                           t->range.end.byte - t->range.start.byte);
  ck_assert_msg(mls_span_eq(s, text), "token %u text is '%.*s', want '%s'",
                (unsigned)i, (int)s.len, s.ptr, text);
}

#define CHECK_POS(p, l, c, b)                                                  \
  do {                                                                         \
    mls_pos p_ = (p);                                                          \
    ck_assert_msg(p_.line == (l) && p_.col == (c) && p_.byte == (b),           \
                  "pos %u:%u@%u, want %u:%u@%u", (unsigned)p_.line,            \
                  (unsigned)p_.col, (unsigned)p_.byte, (unsigned)(l),          \
                  (unsigned)(c), (unsigned)(b));                               \
  } while (0)

/* Token i starts at line:col and ends at eline:ecol. */
static void expect_lines(uint32_t i, uint32_t line, uint32_t col,
                         uint32_t eline, uint32_t ecol)
{
  const hcl_tok *t = &lexed.toks[i];
  CHECK_POS(t->range.start, line, col, t->range.start.byte);
  CHECK_POS(t->range.end, eline, ecol, t->range.end.byte);
}

/* ---- EOF, identifiers, numbers, operators ------------------------------- */

START_TEST(hcl_lexer__empty_input_has_two_eofs)
{
  lex("");
  expect_types(TK_EOF, -1);
  expect_tok(0, TK_EOF, 0, 0);
  expect_lines(0, 1, 1, 1, 1);
  /* A second EOF past ntoks lets the parser read toks[next] unchecked. */
  ck_assert_int_eq(lexed.toks[1].type, TK_EOF);
  ck_assert_uint_eq(lexed.toks[1].range.start.byte, 0);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__final_eofs_sit_at_the_end)
{
  lex("a\n");
  expect_types(TK_IDENT, TK_NEWLINE, TK_EOF, -1);
  expect_tok(2, TK_EOF, 2, 2);
  expect_lines(2, 2, 1, 2, 1);
  const hcl_tok *last = &lexed.toks[lexed.ntoks - 1];
  const hcl_tok *extra = &lexed.toks[lexed.ntoks];
  ck_assert_int_eq(extra->type, TK_EOF);
  ck_assert(memcmp(&extra->range, &last->range, sizeof(mls_range)) == 0);
}
END_TEST

START_TEST(hcl_lexer__ascii_identifiers)
{
  /* '-' continues an identifier but cannot start one; digits likewise. */
  lex("foo _bar a-b x_1-2- -y 9z");
  expect_types(TK_IDENT, TK_IDENT, TK_IDENT, TK_IDENT, TK_MINUS, TK_IDENT,
               TK_NUMBER, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_IDENT, 0, 3);
  expect_tok(1, TK_IDENT, 4, 8);
  expect_tok(2, TK_IDENT, 9, 12);
  expect_tok(3, TK_IDENT, 13, 19);
  expect_text(3, "x_1-2-");
  expect_tok(4, TK_MINUS, 20, 21);
  expect_tok(5, TK_IDENT, 21, 22);
  expect_tok(6, TK_NUMBER, 23, 24);
  expect_tok(7, TK_IDENT, 24, 25);
  expect_lines(5, 1, 22, 1, 23);
}
END_TEST

START_TEST(hcl_lexer__unicode_identifiers)
{
  /* ID_Start then ID_Continue or '-': "café", "ñ-日本", "a" + U+0301
   * (a combining mark continues an identifier), "Ω_1". Columns count
   * bytes. */
  lex("caf\xC3\xA9 \xC3\xB1-\xE6\x97\xA5\xE6\x9C\xAC a\xCC\x81 \xCE\xA9_1");
  expect_types(TK_IDENT, TK_IDENT, TK_IDENT, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_IDENT, 0, 5);
  expect_tok(1, TK_IDENT, 6, 15);
  expect_tok(2, TK_IDENT, 16, 19);
  expect_tok(3, TK_IDENT, 20, 24);
  expect_lines(1, 1, 7, 1, 16);
  expect_lines(3, 1, 21, 1, 25);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__non_identifier_code_points_are_invalid)
{
  /* U+0301 cannot start an identifier, U+20AC (euro) is no identifier
   * character: each is one TK_INVALID covering the whole code point. */
  lex("\xCC\x81x \xE2\x82\xAC");
  expect_types(TK_INVALID, TK_IDENT, TK_INVALID, TK_EOF, -1);
  expect_tok(0, TK_INVALID, 0, 2);
  expect_tok(1, TK_IDENT, 2, 3);
  expect_tok(2, TK_INVALID, 4, 7);
  ck_assert_uint_eq(lexed.ninvalid, 2);
}
END_TEST

START_TEST(hcl_lexer__numbers)
{
  lex("1 1.5 1e3 1E+3 1e-3 1.2.3 007");
  expect_types(TK_NUMBER, TK_NUMBER, TK_NUMBER, TK_NUMBER, TK_NUMBER, TK_NUMBER,
               TK_NUMBER, TK_EOF, -1);
  expect_tok(0, TK_NUMBER, 0, 1);
  expect_tok(1, TK_NUMBER, 2, 5);
  expect_tok(2, TK_NUMBER, 6, 9);
  expect_tok(3, TK_NUMBER, 10, 14);
  expect_tok(4, TK_NUMBER, 15, 19);
  /* Longest match: a malformed number is still one token; the parser
   * reports it. */
  expect_tok(5, TK_NUMBER, 20, 25);
  expect_text(5, "1.2.3");
  expect_tok(6, TK_NUMBER, 26, 29);
}
END_TEST

START_TEST(hcl_lexer__number_never_ends_in_dot_or_exponent)
{
  /* "1." before an identifier is a number, a dot and the name (the legacy
   * index a.1.b relies on it); a bare exponent marker is not taken. */
  lex("1.x 1. 1e 1e+");
  expect_types(TK_NUMBER, TK_DOT, TK_IDENT, TK_NUMBER, TK_DOT, TK_NUMBER,
               TK_IDENT, TK_NUMBER, TK_IDENT, TK_PLUS, TK_EOF, -1);
  expect_tok(0, TK_NUMBER, 0, 1);
  expect_tok(1, TK_DOT, 1, 2);
  expect_tok(2, TK_IDENT, 2, 3);
  expect_tok(3, TK_NUMBER, 4, 5);
  expect_tok(4, TK_DOT, 5, 6);
  expect_tok(5, TK_NUMBER, 7, 8);
  expect_tok(6, TK_IDENT, 8, 9);
  expect_tok(7, TK_NUMBER, 10, 11);
  expect_tok(8, TK_IDENT, 11, 12);
  expect_tok(9, TK_PLUS, 12, 13);
}
END_TEST

START_TEST(hcl_lexer__two_and_three_char_operators)
{
  lex("== != >= <= && || ... =>");
  expect_types(TK_EQOP, TK_NEQ, TK_GE, TK_LE, TK_AND, TK_OR, TK_ELLIPSIS,
               TK_FATARROW, TK_EOF, -1);
  expect_tok(0, TK_EQOP, 0, 2);
  expect_tok(1, TK_NEQ, 3, 5);
  expect_tok(2, TK_GE, 6, 8);
  expect_tok(3, TK_LE, 9, 11);
  expect_tok(4, TK_AND, 12, 14);
  expect_tok(5, TK_OR, 15, 17);
  expect_tok(6, TK_ELLIPSIS, 18, 21);
  expect_tok(7, TK_FATARROW, 22, 24);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__single_char_operators)
{
  lex("=<>!?:+-*/%.,()[]{}");
  expect_types(TK_EQUAL, TK_LT, TK_GT, TK_BANG, TK_QUESTION, TK_COLON, TK_PLUS,
               TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT, TK_DOT, TK_COMMA,
               TK_OPAREN, TK_CPAREN, TK_OBRACK, TK_CBRACK, TK_OBRACE, TK_CBRACE,
               TK_EOF, -1);
  for (uint32_t i = 0; i + 1 < lexed.ntoks; i++) {
    ck_assert_uint_eq(lexed.toks[i].range.start.byte, i);
    ck_assert_uint_eq(lexed.toks[i].range.end.byte, i + 1);
  }
  /* "..": two dots, not an ellipsis; "= =" is not "==". */
  lex(".. = =");
  expect_types(TK_DOT, TK_DOT, TK_EQUAL, TK_EQUAL, TK_EOF, -1);
}
END_TEST

START_TEST(hcl_lexer__bitwise_operators_are_invalid_tokens)
{
  lex("a & b | c ^ ~d");
  expect_types(TK_IDENT, TK_BITAND, TK_IDENT, TK_BITOR, TK_IDENT, TK_BITXOR,
               TK_TILDE, TK_IDENT, TK_EOF, -1);
  expect_tok(6, TK_TILDE, 12, 13);
  ck_assert_uint_eq(lexed.ninvalid, 4);
}
END_TEST

/* ---- comments and newlines ---------------------------------------------- */

START_TEST(hcl_lexer__line_comments_include_their_newline)
{
  lex("# a\n// b\nx # c");
  expect_types(TK_COMMENT, TK_COMMENT, TK_IDENT, TK_COMMENT, TK_EOF, -1);
  expect_tok(0, TK_COMMENT, 0, 4);
  expect_lines(0, 1, 1, 2, 1);
  expect_tok(1, TK_COMMENT, 4, 9);
  expect_lines(1, 2, 1, 3, 1);
  expect_tok(2, TK_IDENT, 9, 10);
  expect_lines(2, 3, 1, 3, 2);
  /* At the end of the file there is no newline to include. */
  expect_tok(3, TK_COMMENT, 11, 14);
  expect_lines(3, 3, 3, 3, 6);
}
END_TEST

START_TEST(hcl_lexer__line_comment_keeps_crlf)
{
  lex("# a\r\nx");
  expect_types(TK_COMMENT, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_COMMENT, 0, 5);
  expect_lines(0, 1, 1, 2, 1);
  expect_lines(1, 2, 1, 2, 2);
}
END_TEST

START_TEST(hcl_lexer__block_comment_spans_lines)
{
  lex("/* a\nb\n*/ x /**/y");
  expect_types(TK_COMMENT, TK_IDENT, TK_COMMENT, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_COMMENT, 0, 9);
  expect_lines(0, 1, 1, 3, 3);
  expect_tok(1, TK_IDENT, 10, 11);
  expect_lines(1, 3, 4, 3, 5);
  expect_tok(2, TK_COMMENT, 12, 16);
  expect_tok(3, TK_IDENT, 16, 17);
  expect_lines(3, 3, 10, 3, 11);
}
END_TEST

START_TEST(hcl_lexer__unterminated_block_comment_is_invalid_to_eof)
{
  lex("x /* a\nb *");
  expect_types(TK_IDENT, TK_INVALID, TK_EOF, -1);
  expect_tok(1, TK_INVALID, 2, 10);
  expect_lines(1, 1, 3, 2, 4);
  expect_lines(2, 2, 4, 2, 4);
  /* hcl_int.h: ninvalid counts "tokens that are errors by themselves"; a
   * TK_INVALID is one, however it was produced. */
  ck_assert_uint_eq(lexed.ninvalid, 1);
}
END_TEST

START_TEST(hcl_lexer__nul_and_bad_utf8_inside_comments)
{
  /* Comment text is not tokenized, but a NUL (an error) and invalid UTF-8
   * (a warning) are recorded once each, at the first offending byte, and
   * counted so the parser's lexical pass runs. */
  static const char src[] = "# a\0b\xFF\n/* \xC3 \0 */x";
  lex_n(src, sizeof(src) - 1);
  expect_types(TK_COMMENT, TK_COMMENT, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_COMMENT, 0, 7);
  expect_tok(1, TK_COMMENT, 7, 16);
  expect_tok(2, TK_IDENT, 16, 17);
  ck_assert(lexed.comment_nul);
  ck_assert_uint_eq(lexed.comment_nul_at.start.byte, 3);
  ck_assert_uint_eq(lexed.comment_nul_at.start.line, 1);
  ck_assert(lexed.comment_bad_utf8);
  ck_assert_uint_eq(lexed.comment_bad_at.start.byte, 5);
  ck_assert_uint_eq(lexed.ninvalid, 2);

  /* Valid UTF-8 in a comment is just text. */
  lex("# caf\xC3\xA9\n/* \xE2\x82\xAC */");
  expect_types(TK_COMMENT, TK_COMMENT, TK_EOF, -1);
  ck_assert(!lexed.comment_nul);
  ck_assert(!lexed.comment_bad_utf8);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__newlines_lf_and_crlf)
{
  lex("a\nb\r\nc\n\n");
  expect_types(TK_IDENT, TK_NEWLINE, TK_IDENT, TK_NEWLINE, TK_IDENT, TK_NEWLINE,
               TK_NEWLINE, TK_EOF, -1);
  expect_tok(1, TK_NEWLINE, 1, 2);
  expect_lines(1, 1, 2, 2, 1);
  expect_tok(3, TK_NEWLINE, 3, 5);
  expect_lines(3, 2, 2, 3, 1);
  expect_tok(4, TK_IDENT, 5, 6);
  expect_lines(4, 3, 1, 3, 2);
  expect_lines(7, 5, 1, 5, 1);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__lone_cr_is_invalid)
{
  lex("a\rb");
  expect_types(TK_IDENT, TK_INVALID, TK_IDENT, TK_EOF, -1);
  expect_tok(1, TK_INVALID, 1, 2);
  /* A lone CR does not start a line. */
  expect_lines(2, 1, 3, 1, 4);
  ck_assert_uint_eq(lexed.ninvalid, 1);
}
END_TEST

START_TEST(hcl_lexer__spaces_and_tabs_make_no_tokens)
{
  lex(" \t a\t\t b ");
  expect_types(TK_IDENT, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_IDENT, 3, 4);
  expect_lines(0, 1, 4, 1, 5);
  expect_tok(1, TK_IDENT, 7, 8);
}
END_TEST

/* ---- quoted templates --------------------------------------------------- */

START_TEST(hcl_lexer__quoted_string)
{
  lex("\"abc\" \"\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_CQUOTE, TK_OQUOTE, TK_CQUOTE,
               TK_EOF, -1);
  expect_tok(0, TK_OQUOTE, 0, 1);
  expect_tok(1, TK_QUOTED_LIT, 1, 4);
  expect_tok(2, TK_CQUOTE, 4, 5);
  expect_tok(3, TK_OQUOTE, 6, 7);
  expect_tok(4, TK_CQUOTE, 7, 8);
}
END_TEST

START_TEST(hcl_lexer__quoted_literal_splits_at_dollar_and_percent)
{
  lex("\"a$b%c\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_QUOTED_LIT, TK_QUOTED_LIT,
               TK_QUOTED_LIT, TK_QUOTED_LIT, TK_CQUOTE, TK_EOF, -1);
  expect_tok(1, TK_QUOTED_LIT, 1, 2);
  expect_tok(2, TK_QUOTED_LIT, 2, 3);
  expect_text(2, "$");
  expect_tok(3, TK_QUOTED_LIT, 3, 4);
  expect_tok(4, TK_QUOTED_LIT, 4, 5);
  expect_text(4, "%");
  expect_tok(5, TK_QUOTED_LIT, 5, 6);
}
END_TEST

START_TEST(hcl_lexer__escaped_sequence_openers_are_own_chunk)
{
  lex("\"$${x}%%{y}\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_QUOTED_LIT, TK_QUOTED_LIT,
               TK_QUOTED_LIT, TK_CQUOTE, TK_EOF, -1);
  expect_tok(1, TK_QUOTED_LIT, 1, 4);
  expect_text(1, "$${");
  expect_tok(2, TK_QUOTED_LIT, 4, 6);
  expect_text(2, "x}");
  expect_tok(3, TK_QUOTED_LIT, 6, 9);
  expect_text(3, "%%{");
  expect_tok(4, TK_QUOTED_LIT, 9, 11);
}
END_TEST

START_TEST(hcl_lexer__escapes_are_kept_raw)
{
  /* "a\"b\\" and "\u00e9\n": the lexer only finds the end of the chunk;
   * decoding is the template parser's job. */
  lex("\"a\\\"b\\\\\" \"\\u00e9\\n\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_CQUOTE, TK_OQUOTE, TK_QUOTED_LIT,
               TK_CQUOTE, TK_EOF, -1);
  expect_tok(1, TK_QUOTED_LIT, 1, 7);
  expect_text(1, "a\\\"b\\\\");
  expect_tok(4, TK_QUOTED_LIT, 10, 18);
  expect_text(4, "\\u00e9\\n");
}
END_TEST

START_TEST(hcl_lexer__interpolation)
{
  lex("\"a${b}c\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_INTERP, TK_IDENT, TK_SEQ_END,
               TK_QUOTED_LIT, TK_CQUOTE, TK_EOF, -1);
  expect_tok(2, TK_INTERP, 2, 4);
  expect_tok(3, TK_IDENT, 4, 5);
  expect_tok(4, TK_SEQ_END, 5, 6);
  expect_tok(5, TK_QUOTED_LIT, 6, 7);
  expect_tok(6, TK_CQUOTE, 7, 8);
}
END_TEST

START_TEST(hcl_lexer__strip_markers_belong_to_the_sequence_tokens)
{
  lex("\"${~x~}\" \"%{~ if x ~}\" \"${ x ~}\"");
  expect_types(TK_OQUOTE, TK_INTERP, TK_IDENT, TK_SEQ_END, TK_CQUOTE, TK_OQUOTE,
               TK_CONTROL, TK_IDENT, TK_IDENT, TK_SEQ_END, TK_CQUOTE, TK_OQUOTE,
               TK_INTERP, TK_IDENT, TK_SEQ_END, TK_CQUOTE, TK_EOF, -1);
  expect_tok(1, TK_INTERP, 1, 4);
  expect_tok(3, TK_SEQ_END, 5, 7);
  expect_tok(6, TK_CONTROL, 10, 13);
  expect_tok(9, TK_SEQ_END, 19, 21);
  expect_tok(12, TK_INTERP, 24, 26);
  expect_tok(14, TK_SEQ_END, 29, 31);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__braces_nest_inside_interpolation)
{
  /* The object's '}' is a TK_CBRACE; only the brace matching "${" ends
   * the sequence. */
  lex("\"${ {a=1} }\"");
  expect_types(TK_OQUOTE, TK_INTERP, TK_OBRACE, TK_IDENT, TK_EQUAL, TK_NUMBER,
               TK_CBRACE, TK_SEQ_END, TK_CQUOTE, TK_EOF, -1);
  expect_tok(6, TK_CBRACE, 8, 9);
  expect_tok(7, TK_SEQ_END, 10, 11);
  expect_tok(8, TK_CQUOTE, 11, 12);
}
END_TEST

START_TEST(hcl_lexer__quotes_nest_inside_interpolation)
{
  lex("\"${f(\"}\")}x\"");
  expect_types(TK_OQUOTE, TK_INTERP, TK_IDENT, TK_OPAREN, TK_OQUOTE,
               TK_QUOTED_LIT, TK_CQUOTE, TK_CPAREN, TK_SEQ_END, TK_QUOTED_LIT,
               TK_CQUOTE, TK_EOF, -1);
  expect_tok(5, TK_QUOTED_LIT, 6, 7);
  expect_text(5, "}");
  expect_tok(8, TK_SEQ_END, 9, 10);
  expect_tok(9, TK_QUOTED_LIT, 10, 11);
}
END_TEST

START_TEST(hcl_lexer__newline_in_quoted_string_is_invalid)
{
  lex("\"a\nb\"");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_QUOTED_NEWLINE, TK_QUOTED_LIT,
               TK_CQUOTE, TK_EOF, -1);
  expect_tok(2, TK_QUOTED_NEWLINE, 2, 3);
  expect_lines(2, 1, 3, 2, 1);
  expect_tok(3, TK_QUOTED_LIT, 3, 4);
  expect_lines(3, 2, 1, 2, 2);
  ck_assert_uint_eq(lexed.ninvalid, 1);
}
END_TEST

START_TEST(hcl_lexer__unterminated_quoted_string)
{
  lex("\"ab");
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_EOF, -1);
  expect_tok(1, TK_QUOTED_LIT, 1, 3);
  expect_tok(2, TK_EOF, 3, 3);
  lex("\"${a");
  expect_types(TK_OQUOTE, TK_INTERP, TK_IDENT, TK_EOF, -1);
}
END_TEST

/* ---- heredocs ----------------------------------------------------------- */

START_TEST(hcl_lexer__heredoc)
{
  lex("<<EOT\nhello\nworld\nEOT\nx");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_STRING_LIT, TK_CHEREDOC,
               TK_NEWLINE, TK_IDENT, TK_EOF, -1);
  /* The opener includes its newline, so it ends on line 2. */
  expect_tok(0, TK_OHEREDOC, 0, 6);
  expect_lines(0, 1, 1, 2, 1);
  expect_tok(1, TK_STRING_LIT, 6, 12);
  expect_text(1, "hello\n");
  expect_lines(1, 2, 1, 3, 1);
  expect_tok(2, TK_STRING_LIT, 12, 18);
  expect_tok(3, TK_CHEREDOC, 18, 21);
  expect_lines(3, 4, 1, 4, 4);
  expect_tok(4, TK_NEWLINE, 21, 22);
  expect_tok(5, TK_IDENT, 22, 23);
  expect_lines(5, 5, 1, 5, 2);
}
END_TEST

START_TEST(hcl_lexer__heredoc_marker_may_be_indented_and_padded)
{
  lex("<<EOT\nx\n  EOT  \ny");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_CHEREDOC, TK_NEWLINE, TK_IDENT,
               TK_EOF, -1);
  expect_tok(2, TK_CHEREDOC, 8, 15);
  expect_text(2, "  EOT  ");
  expect_tok(3, TK_NEWLINE, 15, 16);
  expect_lines(4, 4, 1, 4, 2);
}
END_TEST

START_TEST(hcl_lexer__flush_heredoc_opener)
{
  lex("<<-EOT\n  x\n  EOT\n");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_CHEREDOC, TK_NEWLINE, TK_EOF, -1);
  expect_tok(0, TK_OHEREDOC, 0, 7);
  expect_text(0, "<<-EOT\n");
  expect_tok(1, TK_STRING_LIT, 7, 11);
  expect_tok(2, TK_CHEREDOC, 11, 16);
}
END_TEST

START_TEST(hcl_lexer__heredoc_crlf)
{
  lex("<<EOT\r\nx\r\nEOT\r\ny");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_CHEREDOC, TK_NEWLINE, TK_IDENT,
               TK_EOF, -1);
  expect_tok(0, TK_OHEREDOC, 0, 7);
  expect_lines(0, 1, 1, 2, 1);
  expect_tok(1, TK_STRING_LIT, 7, 10);
  expect_text(1, "x\r\n");
  expect_tok(2, TK_CHEREDOC, 10, 13);
  expect_tok(3, TK_NEWLINE, 13, 15);
  expect_lines(4, 4, 1, 4, 2);
}
END_TEST

START_TEST(hcl_lexer__heredoc_marker_at_eof_without_newline_is_text)
{
  /* hclsyntax's scanner closes a heredoc only on a marker line that ends
   * in a newline; at the very end of the file the marker is text (the
   * parser then reports "Unterminated template string", as Terraform
   * does). docs/hcl-parser.md lists no difference here. */
  lex("<<EOT\nx\nEOT");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_STRING_LIT, TK_EOF, -1);
  expect_tok(2, TK_STRING_LIT, 8, 11);
  expect_lines(2, 3, 1, 3, 4);
}
END_TEST

START_TEST(hcl_lexer__unterminated_heredoc)
{
  lex("<<EOT\nx\n");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_EOF, -1);
  expect_tok(2, TK_EOF, 8, 8);
  /* The last line without a newline is still literal text. */
  lex("<<EOT\nx\nEO");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_STRING_LIT, TK_EOF, -1);
  expect_tok(2, TK_STRING_LIT, 8, 10);
}
END_TEST

START_TEST(hcl_lexer__heredoc_marker_must_be_the_whole_line)
{
  /* "EOTX" and "EOT x" are text, and so is a marker after an
   * interpolation on the same line. */
  lex("<<EOT\nEOTX\nEOT x\n${a}EOT\nEOT\n");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_STRING_LIT, TK_INTERP, TK_IDENT,
               TK_SEQ_END, TK_STRING_LIT, TK_CHEREDOC, TK_NEWLINE, TK_EOF, -1);
  expect_text(1, "EOTX\n");
  expect_text(2, "EOT x\n");
  expect_text(6, "EOT\n");
  expect_tok(7, TK_CHEREDOC, 25, 28);
}
END_TEST

START_TEST(hcl_lexer__heredoc_sequences)
{
  /* No escapes in heredocs; "$${" and "%%{" are still their own chunk, and
   * a lone '$' or '%' splits the text. */
  lex("<<EOT\na${b}\\n$${ %\nEOT\n");
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_INTERP, TK_IDENT, TK_SEQ_END,
               TK_STRING_LIT, TK_STRING_LIT, TK_STRING_LIT, TK_STRING_LIT,
               TK_STRING_LIT, TK_CHEREDOC, TK_NEWLINE, TK_EOF, -1);
  expect_text(1, "a");
  expect_text(5, "\\n");
  expect_text(6, "$${");
  expect_text(7, " ");
  expect_text(8, "%");
  expect_text(9, "\n");
}
END_TEST

START_TEST(hcl_lexer__heredoc_needs_a_newline_after_the_marker)
{
  /* Without a newline right after the marker it is not a heredoc. */
  lex("<<EOT x\n");
  expect_types(TK_LT, TK_LT, TK_IDENT, TK_IDENT, TK_NEWLINE, TK_EOF, -1);
  lex("<<\n");
  expect_types(TK_LT, TK_LT, TK_NEWLINE, TK_EOF, -1);
  lex("a<=b");
  expect_types(TK_IDENT, TK_LE, TK_IDENT, TK_EOF, -1);
}
END_TEST

/* ---- invalid input, BOM, template mode, bounds -------------------------- */

START_TEST(hcl_lexer__invalid_bytes)
{
  static const char src[] = "a\0b\xFF;'`";
  lex_n(src, sizeof(src) - 1);
  expect_types(TK_IDENT, TK_NUL, TK_IDENT, TK_BAD_UTF8, TK_SEMI, TK_APOS,
               TK_BACKTICK, TK_EOF, -1);
  expect_tok(1, TK_NUL, 1, 2);
  expect_tok(3, TK_BAD_UTF8, 3, 4);
  expect_tok(4, TK_SEMI, 4, 5);
  expect_tok(5, TK_APOS, 5, 6);
  expect_tok(6, TK_BACKTICK, 6, 7);
  ck_assert_uint_eq(lexed.ninvalid, 5);
}
END_TEST

START_TEST(hcl_lexer__invalid_bytes_inside_strings)
{
  /* A NUL or a broken UTF-8 sequence ends the literal chunk and is a token
   * of its own. */
  static const char src[] = "\"a\0b\xC3z\"";
  lex_n(src, sizeof(src) - 1);
  expect_types(TK_OQUOTE, TK_QUOTED_LIT, TK_NUL, TK_QUOTED_LIT, TK_BAD_UTF8,
               TK_QUOTED_LIT, TK_CQUOTE, TK_EOF, -1);
  expect_tok(2, TK_NUL, 2, 3);
  expect_tok(4, TK_BAD_UTF8, 4, 5);
  expect_tok(5, TK_QUOTED_LIT, 5, 6);
  ck_assert_uint_eq(lexed.ninvalid, 2);

  static const char hd[] = "<<EOT\na\0b\nEOT\n";
  lex_n(hd, sizeof(hd) - 1);
  expect_types(TK_OHEREDOC, TK_STRING_LIT, TK_NUL, TK_STRING_LIT, TK_CHEREDOC,
               TK_NEWLINE, TK_EOF, -1);
  expect_tok(2, TK_NUL, 7, 8);
  ck_assert_uint_eq(lexed.ninvalid, 1);
}
END_TEST

START_TEST(hcl_lexer__bom_counts_bytes_not_columns)
{
  lex("\xEF\xBB\xBF"
      "a = 1\nb");
  expect_types(TK_IDENT, TK_EQUAL, TK_NUMBER, TK_NEWLINE, TK_IDENT, TK_EOF, -1);
  expect_tok(0, TK_IDENT, 3, 4);
  CHECK_POS(lexed.toks[0].range.start, 1, 1, 3);
  CHECK_POS(lexed.toks[1].range.start, 1, 3, 5);
  CHECK_POS(lexed.toks[4].range.start, 2, 1, 9);
  ck_assert_uint_eq(lexed.ninvalid, 0);
}
END_TEST

START_TEST(hcl_lexer__columns_count_bytes)
{
  lex("\xC3\xA9=\"\xE2\x82\xAC\"");
  expect_types(TK_IDENT, TK_EQUAL, TK_OQUOTE, TK_QUOTED_LIT, TK_CQUOTE, TK_EOF,
               -1);
  CHECK_POS(lexed.toks[1].range.start, 1, 3, 2);
  CHECK_POS(lexed.toks[4].range.start, 1, 8, 7);
}
END_TEST

START_TEST(hcl_lexer__template_mode_with_base_position)
{
  /* As for a JSON string at byte 10, line 3, column 5: everything is
   * literal text (no closing marker), and the base column only applies to
   * the first line. */
  mls_pos base = { 10, 3, 5 };
  static const char src[] = "a${b}\nEOT\n%{ if c }";
  ck_assert_int_eq(lex_ex(src, sizeof(src) - 1, true, base), MLS_OK);
  expect_types(TK_STRING_LIT, TK_INTERP, TK_IDENT, TK_SEQ_END, TK_STRING_LIT,
               TK_STRING_LIT, TK_CONTROL, TK_IDENT, TK_IDENT, TK_SEQ_END,
               TK_EOF, -1);
  expect_tok(0, TK_STRING_LIT, 10, 11);
  CHECK_POS(lexed.toks[0].range.start, 3, 5, 10);
  CHECK_POS(lexed.toks[1].range.start, 3, 6, 11);
  expect_tok(4, TK_STRING_LIT, 15, 16);
  CHECK_POS(lexed.toks[4].range.end, 4, 1, 16);
  expect_tok(5, TK_STRING_LIT, 16, 20);
  CHECK_POS(lexed.toks[5].range.start, 4, 1, 16);
  expect_tok(6, TK_CONTROL, 20, 22);
  CHECK_POS(lexed.toks[6].range.start, 5, 1, 20);
  expect_tok(10, TK_EOF, 29, 29);
}
END_TEST

START_TEST(hcl_lexer__expression_mode_with_base_position)
{
  mls_pos base = { 100, 7, 20 };
  ck_assert_int_eq(lex_ex("a.b\n c", 6, false, base), MLS_OK);
  expect_types(TK_IDENT, TK_DOT, TK_IDENT, TK_NEWLINE, TK_IDENT, TK_EOF, -1);
  CHECK_POS(lexed.toks[0].range.start, 7, 20, 100);
  CHECK_POS(lexed.toks[2].range.end, 7, 23, 103);
  CHECK_POS(lexed.toks[4].range.start, 8, 2, 105);
  /* A BOM is only skipped at the start of a file, not of a fragment. */
  ck_assert_int_eq(lex_ex("\xEF\xBB\xBF", 3, false, base), MLS_OK);
  expect_types(TK_INVALID, TK_EOF, -1);
}
END_TEST

START_TEST(hcl_lexer__mode_stack_is_bounded)
{
  /* Each "${ pushes two modes; far past the stack's depth the lexer stops
   * with MLS_ELIMIT and a diagnostic instead of overflowing. */
  enum { DEPTH = MLS_MAX_NESTING * 2 };
  static char src[DEPTH * 3 + 1];
  for (size_t i = 0; i < DEPTH; i++) {
    memcpy(src + i * 3, "\"${", 3);
  }
  mls_pos base = { 0, 1, 1 };
  int rc = lex_ex(src, sizeof(src) - 1, false, base);
  ck_assert_int_eq(rc, MLS_ELIMIT);
  ck_assert_uint_ge(diag.n, 1);
  ck_assert_int_eq(diag.v[0].rc, MLS_ELIMIT);
  ck_assert_ptr_null(lexed.toks);
}
END_TEST

Suite *hcl_lexer_suite(void)
{
  Suite *s = suite_create("hcl_lexer");
  TCase *tc = tcase_create("tokens");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_lexer__empty_input_has_two_eofs);
  tcase_add_test(tc, hcl_lexer__final_eofs_sit_at_the_end);
  tcase_add_test(tc, hcl_lexer__ascii_identifiers);
  tcase_add_test(tc, hcl_lexer__unicode_identifiers);
  tcase_add_test(tc, hcl_lexer__non_identifier_code_points_are_invalid);
  tcase_add_test(tc, hcl_lexer__numbers);
  tcase_add_test(tc, hcl_lexer__number_never_ends_in_dot_or_exponent);
  tcase_add_test(tc, hcl_lexer__two_and_three_char_operators);
  tcase_add_test(tc, hcl_lexer__single_char_operators);
  tcase_add_test(tc, hcl_lexer__bitwise_operators_are_invalid_tokens);
  suite_add_tcase(s, tc);

  tc = tcase_create("comments_newlines");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_lexer__line_comments_include_their_newline);
  tcase_add_test(tc, hcl_lexer__line_comment_keeps_crlf);
  tcase_add_test(tc, hcl_lexer__block_comment_spans_lines);
  tcase_add_test(tc, hcl_lexer__unterminated_block_comment_is_invalid_to_eof);
  tcase_add_test(tc, hcl_lexer__nul_and_bad_utf8_inside_comments);
  tcase_add_test(tc, hcl_lexer__newlines_lf_and_crlf);
  tcase_add_test(tc, hcl_lexer__lone_cr_is_invalid);
  tcase_add_test(tc, hcl_lexer__spaces_and_tabs_make_no_tokens);
  suite_add_tcase(s, tc);

  tc = tcase_create("quoted");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_lexer__quoted_string);
  tcase_add_test(tc, hcl_lexer__quoted_literal_splits_at_dollar_and_percent);
  tcase_add_test(tc, hcl_lexer__escaped_sequence_openers_are_own_chunk);
  tcase_add_test(tc, hcl_lexer__escapes_are_kept_raw);
  tcase_add_test(tc, hcl_lexer__interpolation);
  tcase_add_test(tc, hcl_lexer__strip_markers_belong_to_the_sequence_tokens);
  tcase_add_test(tc, hcl_lexer__braces_nest_inside_interpolation);
  tcase_add_test(tc, hcl_lexer__quotes_nest_inside_interpolation);
  tcase_add_test(tc, hcl_lexer__newline_in_quoted_string_is_invalid);
  tcase_add_test(tc, hcl_lexer__unterminated_quoted_string);
  suite_add_tcase(s, tc);

  tc = tcase_create("heredoc");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_lexer__heredoc);
  tcase_add_test(tc, hcl_lexer__heredoc_marker_may_be_indented_and_padded);
  tcase_add_test(tc, hcl_lexer__flush_heredoc_opener);
  tcase_add_test(tc, hcl_lexer__heredoc_crlf);
  tcase_add_test(tc, hcl_lexer__heredoc_marker_at_eof_without_newline_is_text);
  tcase_add_test(tc, hcl_lexer__unterminated_heredoc);
  tcase_add_test(tc, hcl_lexer__heredoc_marker_must_be_the_whole_line);
  tcase_add_test(tc, hcl_lexer__heredoc_sequences);
  tcase_add_test(tc, hcl_lexer__heredoc_needs_a_newline_after_the_marker);
  suite_add_tcase(s, tc);

  tc = tcase_create("input");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, hcl_lexer__invalid_bytes);
  tcase_add_test(tc, hcl_lexer__invalid_bytes_inside_strings);
  tcase_add_test(tc, hcl_lexer__bom_counts_bytes_not_columns);
  tcase_add_test(tc, hcl_lexer__columns_count_bytes);
  tcase_add_test(tc, hcl_lexer__template_mode_with_base_position);
  tcase_add_test(tc, hcl_lexer__expression_mode_with_base_position);
  tcase_add_test(tc, hcl_lexer__mode_stack_is_bounded);
  suite_add_tcase(s, tc);
  return s;
}
