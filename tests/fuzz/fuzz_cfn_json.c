/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_cfn_json.c -- libFuzzer target for CloudFormation JSON
 * (parsers/cfn/json.c, the positioned reader).
 *
 * Loads each input with cfn_load_json() and checks the tree, the accessors
 * and the cfnref dumper (fuzz_cfn_check.h), including its recount of lines
 * for JSON with unusual line breaks.
 */
#include "tests/fuzz/fuzz_cfn_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_cfn_check(data, size, true);
  return 0;
}
