/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/hcl_int.h -- internals shared by the HCL lexer, parser and
 * template parser; not part of the API.
 *
 * The lexer turns a whole file into an array of tokens first (one
 * allocation that grows geometrically, no per-token malloc; token text is a
 * byte range of the source), the way hclsyntax's Ragel scanner does, so the
 * recursive-descent parser can peek, skip newlines by context and recover
 * over brackets exactly as hclsyntax does.
 */
#ifndef MLS_HCL_INT_H
#define MLS_HCL_INT_H

#include "parsers/hcl/hcl.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum hcl_tok_type {
  TK_EOF = 0,
  TK_NEWLINE,        /* \n or \r\n */
  TK_COMMENT,        /* # // or block comment; may end with \n */
  TK_IDENT,          /* identifier */
  TK_NUMBER,         /* number literal (may be malformed, e.g. 1.2.3) */
  TK_OQUOTE,         /* " opening a template */
  TK_CQUOTE,         /* " closing it */
  TK_OHEREDOC,       /* <<EOT\n or <<-EOT\n */
  TK_CHEREDOC,       /* the closing marker line, without its newline */
  TK_QUOTED_LIT,     /* literal chunk of a quoted template (escapes raw) */
  TK_STRING_LIT,     /* literal chunk of a heredoc (no escapes) */
  TK_INTERP,         /* ${ or ${~ */
  TK_CONTROL,        /* %{ or %{~ */
  TK_SEQ_END,        /* } or ~} closing an interpolation or directive */
  TK_OBRACE,         /* { */
  TK_CBRACE,         /* } */
  TK_OBRACK,         /* [ */
  TK_CBRACK,         /* ] */
  TK_OPAREN,         /* ( */
  TK_CPAREN,         /* ) */
  TK_DOT,            /* . */
  TK_COMMA,          /* , */
  TK_STAR,           /* * */
  TK_SLASH,          /* / */
  TK_PERCENT,        /* % */
  TK_PLUS,           /* + */
  TK_MINUS,          /* - */
  TK_EQUAL,          /* = */
  TK_LT,             /* < */
  TK_GT,             /* > */
  TK_BANG,           /* ! */
  TK_QUESTION,       /* ? */
  TK_COLON,          /* : */
  TK_EQOP,           /* == */
  TK_NEQ,            /* != */
  TK_GE,             /* >= */
  TK_LE,             /* <= */
  TK_AND,            /* && */
  TK_OR,             /* || */
  TK_ELLIPSIS,       /* ... */
  TK_FATARROW,       /* => */
  TK_BITAND,         /* & (invalid) */
  TK_BITOR,          /* | (invalid) */
  TK_BITXOR,         /* ^ (invalid) */
  TK_TILDE,          /* ~ (invalid) */
  TK_SEMI,           /* ; (invalid) */
  TK_BACKTICK,       /* ` (invalid) */
  TK_APOS,           /* ' (invalid) */
  TK_QUOTED_NEWLINE, /* newline inside a quoted template (invalid) */
  TK_INVALID,        /* any other character (invalid) */
  TK_BAD_UTF8,       /* invalid UTF-8 (invalid) */
  TK_NUL,            /* NUL byte (invalid) */
  TK_NIL             /* not a token: "no bracket" in recovery */
} hcl_tok_type;

typedef struct hcl_tok {
  uint8_t type;    /* hcl_tok_type */
  mls_range range; /* bytes [start.byte, end.byte) of the source */
} hcl_tok;

typedef struct hcl_lexed {
  hcl_tok *toks;            /* owned: ntoks tokens, the last one TK_EOF */
  uint32_t ntoks;           /* tokens in toks */
  uint32_t ninvalid;        /* tokens that are errors by themselves */
  bool comment_nul;         /* a comment holds a NUL byte (an error) */
  mls_range comment_nul_at; /* the first such byte */
  bool comment_bad_utf8;    /* a comment holds invalid UTF-8 (a warning) */
  mls_range comment_bad_at; /* the first such byte */
} hcl_lexed;

/* Tokenize src[0..len) starting in template mode when `template` is set
 * (for hcl_parse_template), with positions offset by `base`. Errors for
 * invalid tokens are reported by the parser, not here. Returns MLS_OK,
 * MLS_ENOMEM or MLS_ELIMIT (too many tokens: a diagnostic is added). */
int hcl__lex(hcl_lexed *out, const char *src, size_t len, bool template,
             mls_pos base, mls_diag *diag);
void hcl__lexed_dispose(hcl_lexed *lx);

/* Unicode helpers (unicode.c). */
bool hcl__is_id_start(uint32_t cp);
bool hcl__is_id_continue(uint32_t cp);
bool hcl__is_space(uint32_t cp); /* Go's unicode.IsSpace */
/* The end of the grapheme cluster that starts at p (p < e). */
const unsigned char *hcl__grapheme_next(const unsigned char *p,
                                        const unsigned char *e);
/* NFC-normalize s into the arena when it holds non-ASCII bytes; returns s
 * itself when it is ASCII or already normalized. On failure returns s and
 * sets *failed. */
mls_span hcl__nfc(mls_arena *arena, mls_span s, bool *failed);

#endif
