#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/tf_eval.sh -- Terraform evaluation cost over ../shared/corpus/real.
#
# For every repository of the corpus that holds Terraform (bench/dataset.sh
# tf_repos), runs
# `mlsweep inspect --roots --bench N` on it: every module directory is
# parsed first, then each root module is evaluated N times (variables,
# locals, count/for_each, local module calls, policies, the resource model
# and its edges; no JSON output). Prints one JSON line over all
# repositories:
#   {"bench":"tf_eval","repos":N,"roots":N,"resources":N,
#    "seconds":S,"resources_per_s":X}
# and, with --callgrind or BENCH_CALLGRIND=1 when valgrind is installed,
# one with the instructions one evaluation spends per resource (a --bench 1
# run minus a --bench 0 run, so parsing and start-up are not counted):
#   {"bench":"tf_eval_callgrind","resources":N,"instructions":N,
#    "instructions_per_resource":X}
# Progress goes to stderr. See bench/README.md.
#
# usage: bench/tf_eval.sh [--callgrind] [path/to/mlsweep]
#   BENCH_ITERS=N      evaluations of each root per timed run (default 20)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
callgrind=${BENCH_CALLGRIND:-0}
mlsweep=
for arg in "$@"; do
  case $arg in
    --callgrind) callgrind=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) echo "tf_eval.sh: unknown option $arg" >&2; exit 2 ;;
    *) mlsweep=$arg ;;
  esac
done
mlsweep=${mlsweep:-$root/build/mlsweep}
if [[ ! -x $mlsweep ]]; then
  echo "tf_eval.sh: $mlsweep is not an executable (run make first)" >&2
  exit 2
fi
corpus=$(cd "$root/.." && pwd)/shared/corpus/real
if [[ ! -d $corpus ]]; then
  echo "tf_eval.sh: $corpus not found" >&2
  exit 2
fi
iters=${BENCH_ITERS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

repos=()
while IFS= read -r d; do
  repos+=("$root/$d")
done < <("$here/dataset.sh" tf_repos)

field() { # field NAME JSONLINE -> the number after "NAME":
  sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"
}

nroots=0 nres=0 secs=0
for r in "${repos[@]}"; do
  line=$("$mlsweep" inspect --roots --bench "$iters" --root "$r" "$r")
  echo "tf_eval.sh: $(basename "$r"): $line" >&2
  nroots=$((nroots + $(field roots "$line")))
  nres=$((nres + $(field resources "$line")))
  secs=$(awk -v a="$secs" -v b="$(field seconds "$line")" \
    'BEGIN { printf "%.6f", a + b }')
done
awk -v r="${#repos[@]}" -v n="$nroots" -v res="$nres" -v s="$secs" \
  -v it="$iters" 'BEGIN {
  printf "{\"bench\":\"tf_eval\",\"repos\":%d,\"roots\":%d,", r, n
  printf "\"resources\":%d,\"seconds\":%.6f,", res, s
  printf "\"resources_per_s\":%.1f}\n", (s > 0 ? res * it / s : 0)
}'

if [[ $callgrind == 1 ]]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "tf_eval.sh: valgrind not installed; no instruction counts" >&2
    exit 0
  fi
  count() { # count ITERS REPO -> instructions of inspect --bench ITERS
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
      "$mlsweep" inspect --roots --bench "$1" --root "$2" "$2" >/dev/null \
      2>"$tmp/cg.log"
    sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$tmp/cg" | head -n1
  }
  total=0
  for r in "${repos[@]}"; do
    echo "tf_eval.sh: callgrind $(basename "$r") (--bench 1 minus --bench 0)" >&2
    one=$(count 1 "$r")
    zero=$(count 0 "$r")
    if [[ -z $one || -z $zero ]]; then
      echo "tf_eval.sh: could not read callgrind's totals" >&2
      exit 1
    fi
    total=$(awk -v t="$total" -v a="$one" -v b="$zero" \
      'BEGIN { printf "%.0f", t + a - b }')
  done
  awk -v d="$total" -v n="$nres" 'BEGIN {
    printf "{\"bench\":\"tf_eval_callgrind\",\"resources\":%d,", n
    printf "\"instructions\":%.0f,", d
    printf "\"instructions_per_resource\":%.0f}\n", (n > 0 ? d / n : 0)
  }'
fi
