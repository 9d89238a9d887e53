/* SPDX-License-Identifier: Apache-2.0
 *
 * parsers/hcl/parser.c -- placeholder while the parser is written.
 */
#include "parsers/hcl/hcl.h"
