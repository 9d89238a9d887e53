/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_cfn_yaml.c -- libFuzzer target for CloudFormation YAML
 * (parsers/cfn/yaml.c through libyaml's event API).
 *
 * Loads each input with cfn_load_yaml() and checks the tree, the accessors
 * and the cfnref dumper (fuzz_cfn_check.h). Aliases, tags, odd line
 * breaks and multi-byte text are where the YAML loader does its own work,
 * so the seeds in corpus/cfn_yaml/ lean on them.
 */
#include "tests/fuzz/fuzz_cfn_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_cfn_check(data, size, false);
  return 0;
}
