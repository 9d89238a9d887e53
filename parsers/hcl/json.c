/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/json.c -- placeholder while the parser is written.
 */
#include "parsers/hcl/hcl.h"
