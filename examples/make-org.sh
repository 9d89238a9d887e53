#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# examples/make-org.sh -- turn each folder of examples/org/ into a Git
# repository under OUT (the demo's "org mirror"), one commit each.
#
#   bash examples/make-org.sh OUT
#
# The commits use a fixed author, committer and date, and Git's
# configuration files are not read, so the same checkout gives the same
# commit ids on every machine (and the demo's SARIF is byte-identical from
# run to run). OUT is replaced.
set -euo pipefail

out=${1:?usage: make-org.sh OUT}
src=$(cd "$(dirname "$0")/org" && pwd)

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Acme ML Platform" GIT_AUTHOR_EMAIL="ml@acme.example"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-15T09:00:00Z" GIT_COMMITTER_DATE="2026-01-15T09:00:00Z"

rm -rf "$out"
mkdir -p "$out"
for dir in "$src"/*/; do
  name=$(basename "$dir")
  repo="$out/$name"
  mkdir -p "$repo"
  cp -R "$dir". "$repo/"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" -c core.autocrlf=false commit -q -m "Import $name"
done
echo "make-org.sh: $(ls "$out" | wc -l) repositories in $out"
