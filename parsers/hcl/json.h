/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/json.h -- Terraform JSON syntax (.tf.json, .tfvars.json).
 *
 * Stage: blob -> file model. hcl_parse_json() in hcl.h parses a .tf.json
 * configuration; hcl_parse_json_ex() also selects the variable-file mode
 * the caller picks from the file name. Trusts nothing in the input.
 */
#ifndef MLS_HCL_JSON_H
#define MLS_HCL_JSON_H

#include "parsers/hcl/hcl.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Parse Terraform JSON syntax into the hcl_file tree of hcl.h.
 *
 * tfvars = false: a .tf.json configuration. Top-level properties are block
 * types (resource, data, module, variable, output, locals, terraform, ...),
 * label levels are nested objects, strings are templates except where
 * Terraform takes them literally or as expressions (see json.c).
 *
 * tfvars = true: a .tfvars.json variable file. The root object's properties
 * are attributes whose values are literal: strings are never templates.
 *
 * Same contract as hcl_parse(): MLS_OK with a complete tree; MLS_EINPUT or
 * MLS_ELIMIT with *out set to what was recovered and (*out)->nerrors > 0;
 * MLS_ENOMEM with *out unset. `src` must outlive the file; `diag` must not
 * be NULL.
 */
int hcl_parse_json_ex(hcl_file **out, const char *src, size_t len, bool tfvars,
                      mls_diag *diag);

#endif
