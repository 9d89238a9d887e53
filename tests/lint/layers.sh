#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/lint/layers.sh -- reject includes that reach upward (CONVENTIONS
# section 1: each layer links only to layers below it, and every project
# include is written as a path from the project root, so the include line
# itself shows which layer it reaches).
#
# Layer order, lowest first:
#   core/base < core/model < core/git < parsers/hcl, parsers/cfn
#   < core/eval < core/rules < cache < sarif < core/engine < cmd
# A file may include project headers from its own layer and from the
# layers ALLOWED lists below. The parsers are siblings that turn bytes into
# their own syntax trees and link only to core/base, so they may include
# core/base and themselves only. Also rejected:
#   - an include of a project header by a bare or relative name (e.g.
#     "lexer_int.h"), which hides the layer it reaches;
#   - <git2.h> anywhere but core/git (the one layer that talks to libgit2).
# Files outside the layer folders (tests/, bench/, examples/) are not
# checked. Comments are skipped (strip_c.awk keeps an include's <...>).
#
# usage: layers.sh [project root]   (default: two levels above this script)
# Exit status: 0 clean, 1 with one "file:line: message" per violation.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${1:-$here/../..}" && pwd)
cd "$root"

layers=(core/base core/model core/git parsers/hcl parsers/cfn core/eval
  core/rules cache sarif core/engine cmd)

# What each layer may include besides itself.
declare -A ALLOWED=(
  [core/base]=""
  [core/model]="core/base"
  [core/git]="core/base core/model"
  [parsers/hcl]="core/base"
  [parsers/cfn]="core/base"
  [core/eval]="core/base core/model core/git parsers/hcl parsers/cfn"
  [core/rules]="core/base core/model core/git parsers/hcl parsers/cfn core/eval"
  [cache]="core/base core/model core/git parsers/hcl parsers/cfn core/eval core/rules"
  [sarif]="core/base core/model core/git parsers/hcl parsers/cfn core/eval core/rules cache"
  [core/engine]="core/base core/model core/git parsers/hcl parsers/cfn core/eval core/rules cache sarif"
  [cmd]="core/base core/model core/git parsers/hcl parsers/cfn core/eval core/rules cache sarif core/engine"
)

# layer_of PATH -- print the layer PATH (relative to the root) belongs to,
# or nothing.
layer_of() {
  local l
  for l in "${layers[@]}"; do
    if [[ $1 == "$l"/* ]]; then
      printf '%s' "$l"
      return
    fi
  done
}

bad=0
report() {
  echo "$1"
  bad=$((bad + 1))
}

dirs=()
for l in "${layers[@]}"; do
  [[ -d $l ]] && dirs+=("$l")
done

while IFS= read -r -d '' f; do
  mine=$(layer_of "$f")
  dir=$(dirname "$f")
  # "N:<the include line with comments blanked>"; string contents are
  # blanked too, so take the path from the original line.
  while IFS= read -r hit; do
    lineno=${hit%%:*}
    code=$(sed -n "${lineno}p" "$f")
    if [[ $code =~ \#[[:space:]]*include[[:space:]]*\<git2\.h\> ]]; then
      if [[ $mine != core/git ]]; then
        report "$f:$lineno: <git2.h> is included only by core/git"
      fi
      continue
    fi
    [[ $code =~ \#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]] || continue
    inc=${BASH_REMATCH[1]}
    target=$(layer_of "$inc")
    if [[ -z $target ]]; then
      if [[ -f $root/$inc ]]; then
        report "$f:$lineno: $mine may not include $inc (not part of a library layer)"
      elif [[ -f $dir/$inc ]]; then
        report "$f:$lineno: #include \"$inc\": write project includes as a path from the root"
      fi
      continue # a third-party header in quotes is not ours to judge
    fi
    if [[ $target == "$mine" ]]; then
      continue
    fi
    ok=0
    for a in ${ALLOWED[$mine]}; do
      if [[ $a == "$target" ]]; then
        ok=1
      fi
    done
    if [[ $ok -eq 0 ]]; then
      report "$f:$lineno: $mine may not include $inc (layer $target; allowed: $mine ${ALLOWED[$mine]})"
    fi
  done < <(awk -f "$here/strip_c.awk" "$f" |
    grep -nE '^[[:space:]]*#[[:space:]]*include' || true)
done < <(if [[ ${#dirs[@]} -gt 0 ]]; then
  find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) -print0 |
    LC_ALL=C sort -z
fi)

if [[ $bad -gt 0 ]]; then
  echo "layers.sh: $bad include(s) break the layer order; see CONVENTIONS section 1"
  exit 1
fi
echo "layers.sh: every include stays within its layer or below"
