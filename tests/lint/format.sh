#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/lint/format.sh -- every C file of the tree is clang-formatted with
# the project's .clang-format (CONVENTIONS section 11), as CI's lint job
# requires. clang-format 14 is the version the style was written for
# (Debian bookworm); another major version may format differently, so it is
# required by name. Prints the files that differ and fails.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cf=$(command -v clang-format-14 || true)
if [ -z "$cf" ]; then
  echo "format.sh: clang-format-14 not found (Debian: apt-get install clang-format-14)" >&2
  exit 1
fi
cd "$root" || exit 1
bad=0
while IFS= read -r -d '' f; do
  if ! "$cf" --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "format.sh: $f is not clang-formatted (run: $cf -i $f)"
    bad=$((bad + 1))
  fi
done < <(find core parsers cache sarif cmd tests bench -name '*.[ch]' \
           -not -path '*/fixtures/*' -print0 2>/dev/null | sort -z)
if [ "$bad" -ne 0 ]; then
  echo "format.sh: $bad file(s) not formatted"
  exit 1
fi
echo "format.sh: every C file is clang-formatted"
