/* SPDX-License-Identifier: Apache-2.0
 *
 * tests/fuzz/fuzz_yaml_fast.c -- libFuzzer target holding the fast YAML
 * reader (parsers/cfn/yaml_fast.c) to libyaml.
 *
 * For each input the fast reader either declines, or libyaml reads the
 * same input without error into the same events
 * (tests/unit/parsers/cfn/yaml_fast_diff.h); anything else aborts. The
 * seeds in corpus/yaml_fast/ are templates inside the subset, so that
 * mutations probe its edges: indentation, tags, flow collections, quotes,
 * comments, keys.
 */
#include "tests/unit/parsers/cfn/yaml_fast_diff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char why[512];

  if (yfast_diff(data, size, why, sizeof(why)) == YFAST_DIFFERENT) {
    fprintf(stderr, "yaml_fast differs from libyaml: %s\n", why);
    abort();
  }
  return 0;
}
