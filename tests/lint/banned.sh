#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/lint/banned.sh -- reject the functions CONVENTIONS section 7 bans
# outside core/base (in the spirit of curl's docs/internals/CHECKSRC.md).
#
# Scans every .c and .h of the tree except core/base/ (which wraps the
# allocator), tests/, build output and .git. Comments and the contents of
# string literals are blanked first (strip_c.awk), so prose that names a
# banned function is fine; a call, a function pointer taken from one, or
# an #include <ctype.h> is not. Reentrant variants (strtok_r, localtime_r,
# gmtime_r, strerror_r, rand_r) and mls_* wrappers are allowed.
#
# usage: banned.sh [project root]   (default: two levels above this script)
# Exit status: 0 clean, 1 with one "file:line: message" per hit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${1:-$here/../..}" && pwd)
cd "$root"

# Why each is banned: unbounded writes (strcpy strcat sprintf vsprintf
# gets), hidden global state (strtok localtime gmtime strerror rand
# cJSON_GetErrorPtr), no error reporting (atoi atol sscanf), allocation
# that bypasses mls_malloc's failure injection (malloc calloc realloc free).
banned='strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|sscanf'
banned+='|localtime|gmtime|strerror|rand|malloc|calloc|realloc|free'
banned+='|cJSON_GetErrorPtr'
# A banned name as a whole identifier: not preceded by an identifier
# character (so mls_free and fgets pass) and not followed by one (so
# strtok_r and free_fn pass).
call_re="(^|[^A-Za-z0-9_])($banned)([^A-Za-z0-9_]|\$)"
ctype_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]ctype\.h[>"]'

hits=0
while IFS= read -r -d '' f; do
  f=${f#./}
  out=$(awk -f "$here/strip_c.awk" "$f" |
    grep -nE -- "$call_re|$ctype_re" || true)
  [[ -z $out ]] && continue
  while IFS= read -r hit; do
    lineno=${hit%%:*}
    names=$(printf '%s\n' "${hit#*:}" | grep -oE -- "$call_re" |
      sed -E "s/$call_re/\\2/" | LC_ALL=C sort -u | tr '\n' ' ' || true)
    [[ -z $names ]] && names='ctype.h '
    code=$(sed -n "${lineno}p" "$f")
    echo "$f:$lineno: banned ${names% }: ${code#"${code%%[![:space:]]*}"}"
    hits=$((hits + 1))
  done <<<"$out"
done < <(find . \( -path ./.git -o -path './build*' -o -path ./core/base \
  -o -path ./tests \) -prune -o -type f \( -name '*.c' -o -name '*.h' \) \
  -print0 | LC_ALL=C sort -z)

if [[ $hits -gt 0 ]]; then
  echo "banned.sh: $hits use(s) of banned functions; see CONVENTIONS section 7"
  exit 1
fi
echo "banned.sh: no banned functions outside core/base"
