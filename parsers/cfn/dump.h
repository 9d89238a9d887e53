/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/cfn/dump.h -- cfnref's JSON line for a loaded template.
 *
 * Stage: tree -> text, for differential tests against the reference dumper
 * ../shared/tools/cfnref (format 1, described in its README.md). The line
 * is what cfnref.py prints for the same file: keys in its order, no
 * whitespace, non-ASCII written raw, numbers as Python writes them. Only
 * the error text differs (ours, not PyYAML's), which the golden comparison
 * ignores. The dumper trusts the tree's shape (cfn.h) but escapes any
 * bytes it is given.
 */
#ifndef MLS_CFN_DUMP_H
#define MLS_CFN_DUMP_H

#include "core/base/buf.h"
#include "core/base/diag.h"
#include "parsers/cfn/cfn.h"

/*
 * Append one cfnref record and "\n" to `out` for the file at `path`:
 *  - a template: {"file","format","ok","error","resources","parameters",
 *    "conditions","properties"} (empty lists when it did not load);
 *  - anything else: {"file":PATH,"cfn":false}, plus "ok":false and the
 *    error when it did not load and does not look like a template.
 * `t` may be NULL when the file was not loaded at all (too large, out of
 * memory): the record is then a failure whose error is the first error of
 * `diag`. Returns MLS_OK, MLS_ENOMEM, or MLS_ELIMIT when `out` reached its
 * bound (see buf.h).
 */
int cfn_dump_cfnref(mls_buf *out, const cfn_template *t, const char *path,
                    const mls_diag *diag);

/* Append node `n` as compact JSON, the way cfnref writes a value. Returns
 * MLS_OK, MLS_ENOMEM, or MLS_ELIMIT (too deep or `out` full). */
int cfn_dump_value(mls_buf *out, const cfn_node *n);

#endif
