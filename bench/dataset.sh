#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/dataset.sh -- the one definition of each benchmark's input list.
#
# Prints the files (or, for tf_repos, the directories) a benchmark reads,
# one per line in LC_ALL=C order, as paths relative to the repository root
# (the shared corpus is ../shared/corpus, next to the checkout). The
# benchmark scripts feed these lists to the tools and bench/env.py digests
# them for the environment line, so both always name the same inputs.
#
# usage: bench/dataset.sh hcl|tf_json|cfn_yaml|cfn_json|tf_repos
#   hcl       every *.tf and *.tfvars under ../shared/corpus/real
#   tf_json   every *.tf.json and *.tfvars.json under ../shared/corpus/real,
#             examples/ and tests/fixtures/ (the real corpus holds only one)
#   cfn_yaml  every *.yaml and *.yml under ../shared/corpus/real
#   cfn_json  every *.json and *.template under ../shared/corpus/real that is
#             not Terraform JSON (all of them CloudFormation templates)
#   tf_repos  every top-level repository of ../shared/corpus/real holding
#             Terraform (*.tf or *.tf.json)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
real=../shared/corpus/real
if [[ ! -d $real ]]; then
  echo "dataset.sh: $root/$real not found" >&2
  exit 2
fi
case ${1:-} in
  hcl)
    find "$real" -type f \( -name '*.tf' -o -name '*.tfvars' \)
    ;;
  tf_json)
    find "$real" examples tests/fixtures -type f \
      \( -name '*.tf.json' -o -name '*.tfvars.json' \)
    ;;
  cfn_yaml)
    find "$real" -type f \( -name '*.yaml' -o -name '*.yml' \)
    ;;
  cfn_json)
    find "$real" -type f \( -name '*.json' -o -name '*.template' \) \
      ! -name '*.tf.json' ! -name '*.tfvars.json'
    ;;
  tf_repos)
    for d in "$real"/*/; do
      d=${d%/}
      if [[ -n $(find "$d" \( -name '*.tf' -o -name '*.tf.json' \) -print \
        -quit) ]]; then
        printf '%s\n' "$d"
      fi
    done
    ;;
  *)
    echo "usage: bench/dataset.sh hcl|tf_json|cfn_yaml|cfn_json|tf_repos" >&2
    exit 2
    ;;
esac | LC_ALL=C sort
