/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/dump.h -- hclref's canonical JSON and summary of a syntax tree.
 *
 * Stage: tree -> text, for differential tests against HashiCorp's parser.
 * The formats are specified in ../shared/tools/hclref/README.md (format 1):
 * the JSON, with or without --ranges (without, only ATTR.range and
 * BLOCK.range carry positions), and the --summary text. Output built from a
 * tree whose source hclsyntax also accepts is byte-identical to hclref's
 * when the tree's ranges are hclsyntax's. The dumper trusts the tree's
 * shape (hcl.h) but not its strings: any bytes are escaped.
 */
#ifndef MLS_HCL_DUMP_H
#define MLS_HCL_DUMP_H

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "parsers/hcl/hcl.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Append one canonical JSON document and "\n" to `out`:
 * {"format":1,"file":PATH,"bytes":N,"ok":B,"diagnostics":[...],"body":...}.
 *
 * `f` may be NULL (the parse failed before building a tree, or the file
 * was not parsed at all); the body is then null and `ok` false. `nbytes` is
 * the file size. Every error and warning entry of `diag` becomes one
 * diagnostic with an empty detail; columns of all positions are recomputed
 * from f->src in grapheme clusters, as hclsyntax counts them.
 *
 * Returns MLS_OK; MLS_ELIMIT when the tree nests deeper than the dumper
 * walks or `out` reaches its bound, MLS_ENOMEM. On MLS_ELIMIT from the
 * depth bound `out` is left as it was; when `out` itself failed it has been
 * disposed (see buf.h).
 */
int hcl_dump_hclref(mls_buf *out, const hcl_file *f, const char *path,
                    size_t nbytes, const mls_diag *diag);

/* Options of hcl_dump_hclref_ex(). */
typedef struct hcl_dump_opts {
  /* hclref --ranges: every expression node and traversal step ends with
   * "range":RANGE, the hcl_expr or hcl_step range (a merged template
   * literal: from its first chunk's start to its last chunk's end). */
  bool ranges;
} hcl_dump_opts;

#define HCL_DUMP_OPTS_INIT                                                     \
  {                                                                            \
    false                                                                      \
  }

/*
 * hcl_dump_hclref() with options; `opts` NULL means HCL_DUMP_OPTS_INIT,
 * which gives hcl_dump_hclref()'s output. Same contract otherwise.
 */
int hcl_dump_hclref_ex(mls_buf *out, const hcl_file *f, const char *path,
                       size_t nbytes, const mls_diag *diag,
                       const hcl_dump_opts *opts);

/*
 * Append hclref's --summary record for one file: "file: PATH",
 * "diagnostics: N", and when there is no error the block and attribute
 * structure. `f` may be NULL. Returns as hcl_dump_hclref() does.
 */
int hcl_dump_summary(mls_buf *out, const hcl_file *f, const char *path,
                     const mls_diag *diag);

/*
 * Append `s[0..n)` to `out` as a canonical JSON string, quotes included:
 * `"` `\` LF CR TAB escaped, other bytes below 0x20 as \u00xx, valid UTF-8
 * copied, each byte of an invalid sequence replaced by U+FFFD.
 */
int hcl_dump_json_string(mls_buf *out, const char *s, size_t n);

/*
 * The column hclsyntax reports for byte offset `byte` of src[0..len), HCL
 * native syntax: one plus the grapheme clusters between the start of its
 * line (after a UTF-8 BOM on the first line) and `byte`, clusters cut per
 * token as hclsyntax's scanner cuts them. An offset inside a cluster gets
 * that cluster's column. Offsets past len are clamped. O(len) per call.
 */
uint32_t hcl_dump_column(const char *src, size_t len, uint32_t byte);

#endif
