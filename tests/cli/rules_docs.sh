#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/rules_docs.sh -- docs/rules/ is exactly what `mlsweep rules
# docs` writes for the built-in library: regenerate into a temporary
# directory and compare, so the pages never drift from the rule files.
# After changing a rule: `build/mlsweep rules docs docs/rules`.
#
# usage: rules_docs.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: rules_docs.sh <mlsweep binary> <project root>}
root=${2:?usage: rules_docs.sh <mlsweep binary> <project root>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$bin" rules docs "$tmp/rules"; then
  echo "FAIL: mlsweep rules docs exited $?"
  exit 1
fi
n=$(find "$tmp/rules" -name 'MLS-*.md' | wc -l)
want=$("$bin" rules list | wc -l)
if [[ $n -ne $want ]]; then
  echo "FAIL: $n pages for $want rules"
  exit 1
fi
if ! diff -r "$root/docs/rules" "$tmp/rules" >"$tmp/diff"; then
  echo "FAIL: docs/rules/ is stale; run: mlsweep rules docs docs/rules"
  head -40 "$tmp/diff"
  exit 1
fi
# A second run writes the same bytes.
"$bin" rules docs "$tmp/again" && diff -r "$tmp/rules" "$tmp/again" >/dev/null ||
  { echo "FAIL: rules docs is not deterministic"; exit 1; }
echo "ok: $n rule pages match docs/rules/"
