/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/calls.h -- the top-level module blocks of a native-syntax
 * file, from its tokens alone.
 *
 * Stage: blob -> (not a tree). Finding a repository's root modules needs
 * only each directory's `module "NAME" { source = "..." }` blocks, and a
 * full parse of every .tf file to learn them was a tenth of a cold sweep.
 * This scan lexes the file and reads the blocks off the token stream when
 * the whole stream has a plain shape (below); for anything else it says
 * so, and the caller parses the file (hcl_parse), so the answer is always
 * the parser's. Trusts nothing: every bound is the lexer's, and the scan
 * is one pass with a fixed bracket stack, no recursion.
 */
#ifndef MLS_HCL_CALLS_H
#define MLS_HCL_CALLS_H

#include "core/base/span.h"

#include <stdbool.h>
#include <stddef.h>

/* One top-level `module` block with one label. */
typedef struct hcl_call_scan {
  mls_span name;   /* borrowed: src; the label, as written (it has no
                      escape or non-ASCII byte, so as decoded too) */
  bool has_source; /* the block has a `source` attribute */
  mls_span source; /* borrowed: src; its string (no escape, template
                      sequence or non-ASCII byte: the decoded value) */
} hcl_call_scan;

/*
 * The top-level module blocks of src (len bytes, native syntax), in
 * source order: *out is owned (mls_free; NULL when there are none), *n
 * its entries. Returns MLS_OK only when hcl_parse() of the same bytes
 * gives the same module blocks, each with one label and the same first
 * `source` attribute (the parse may still report an error inside some
 * other attribute's expression: it recovers within that line, so the
 * blocks stay the same); the scan is conservative and
 * answers MLS_EINPUT (no diagnostic, *out NULL) for anything it does not
 * fully understand: any invalid token, brackets that do not nest, nesting
 * deeper than HCL_SCAN_MAX_DEPTH, a top-level attribute, a block whose
 * braces do not stand on their own lines, a one-line block, a module
 * block with other than one plain label or with a `source` that is not a
 * plain one-line string, two `source` attributes, more than
 * HCL_SCAN_MAX_BYTES of input. MLS_ENOMEM.
 */
int hcl_scan_module_calls(hcl_call_scan **out, size_t *n, const char *src,
                          size_t len);

/* Bracket depth the scan follows; deeper input is left to the parser,
 * well inside its MLS_MAX_NESTING. */
#define HCL_SCAN_MAX_DEPTH 64
/* Input the scan takes: larger files are left to the parser (whose
 * arena and token bounds then decide). Real .tf files are far smaller. */
#define HCL_SCAN_MAX_BYTES (1u << 20)

#endif
