#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/hcl_parse.sh -- HCL parse throughput: mlsweep against hclsyntax.
#
# Runs HashiCorp's parser (hclref --bench, ../shared/tools/hclref) and
# mlsweep's (mlsweep parse --bench) in the same run over the same list: every
# *.tf and *.tfvars under ../shared/corpus/real, in LC_ALL=C order. Both
# preload the files and time parsing alone, single-threaded. Prints one JSON
# line:
#   {"bench":"hcl_parse","files":N,"bytes":N,"hclref_mb_per_s":X,
#    "mlsweep_mb_per_s":Y,"ratio":Y/X}
# and, with --callgrind or BENCH_CALLGRIND=1 when valgrind is installed, a
# second one with the instructions mlsweep spends per input byte (one
# --bench 1 pass minus a --bench 0 run, so loading and the warm-up pass are
# not counted):
#   {"bench":"hcl_parse_callgrind","files":N,"bytes":N,
#    "instructions":N,"instructions_per_byte":X}
# Progress and the tools' own output go to stderr. See bench/README.md.
#
# usage: bench/hcl_parse.sh [--callgrind] [path/to/mlsweep]
#   HCLREF=path        use this hclref binary (default: build.sh's output)
#   BENCH_ITERS=N      mlsweep passes per run (default 50)
#   BENCH_RUNS=N       mlsweep timed runs, median reported (default 5)
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
    -*) echo "hcl_parse.sh: unknown option $arg" >&2; exit 2 ;;
    *) mlsweep=$arg ;;
  esac
done
mlsweep=${mlsweep:-$root/build/mlsweep}
if [[ ! -x $mlsweep ]]; then
  echo "hcl_parse.sh: $mlsweep is not an executable (run make first)" >&2
  exit 2
fi
mlsweep=$(cd "$(dirname "$mlsweep")" && pwd)/$(basename "$mlsweep")

shared=$(cd "$root/.." && pwd)/shared
if [[ ! -d $shared/corpus/real ]]; then
  echo "hcl_parse.sh: $shared/corpus/real not found" >&2
  exit 2
fi

# hclref: build it when missing (installing Go and the HCL sources first
# when we are root and may use apt).
hclref=${HCLREF:-${HCLREF_OUT:-${TMPDIR:-/tmp}/hclref-$(id -u)}/hclref}
if [[ ! -x $hclref ]]; then
  echo "hcl_parse.sh: building hclref" >&2
  if [[ $(id -u) -eq 0 ]]; then
    "$shared/tools/hclref/build.sh" --install >&2
  else
    "$shared/tools/hclref/build.sh" >&2
  fi
  hclref=${HCLREF_OUT:-${TMPDIR:-/tmp}/hclref-$(id -u)}/hclref
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$shared/corpus"
find real -type f \( -name '*.tf' -o -name '*.tfvars' \) | LC_ALL=C sort \
  >"$tmp/list"

echo "hcl_parse.sh: hclref --bench 10 --runs 5 ($(wc -l <"$tmp/list") files)" >&2
"$hclref" --bench 10 --runs 5 --stdin <"$tmp/list" >"$tmp/hclref.out"
cat "$tmp/hclref.out" >&2
iters=${BENCH_ITERS:-50}
runs=${BENCH_RUNS:-5}
echo "hcl_parse.sh: mlsweep parse --bench $iters --runs $runs" >&2
"$mlsweep" parse --bench "$iters" --runs "$runs" --stdin <"$tmp/list" \
  >"$tmp/mlsweep.out"
cat "$tmp/mlsweep.out" >&2

# hclref:  "bench: ... files=N bytes=N ..." and "median: seconds=S MB/s=X (...)"
# mlsweep: last line "bytes=N files=N seconds=S mb_per_s=X"
field() { # field NAME LINE -> the value of NAME=value in LINE
  printf '%s\n' "$2" | tr ' ' '\n' |
    awk -v k="$1=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'
}
h_head=$(grep '^bench:' "$tmp/hclref.out")
h_median=$(grep '^median:' "$tmp/hclref.out")
m_last=$(tail -n1 "$tmp/mlsweep.out")
h_files=$(field files "$h_head")
h_bytes=$(field bytes "$h_head")
h_rate=$(field 'MB/s' "$h_median")
m_files=$(field files "$m_last")
m_bytes=$(field bytes "$m_last")
m_rate=$(field mb_per_s "$m_last")
for v in "$h_files" "$h_bytes" "$h_rate" "$m_files" "$m_bytes" "$m_rate"; do
  if [[ -z $v ]]; then
    echo "hcl_parse.sh: could not read the tools' output" >&2
    exit 1
  fi
done
if [[ $h_files != "$m_files" || $h_bytes != "$m_bytes" ]]; then
  echo "hcl_parse.sh: tools disagree on the input:" \
    "hclref $h_files files $h_bytes bytes," \
    "mlsweep $m_files files $m_bytes bytes" >&2
  exit 1
fi
ratio=$(awk -v m="$m_rate" -v h="$h_rate" \
  'BEGIN { if (h > 0) printf "%.2f", m / h; else print "null" }')
printf '{"bench":"hcl_parse","files":%s,"bytes":%s,"hclref_mb_per_s":%s,' \
  "$m_files" "$m_bytes" "$h_rate"
printf '"mlsweep_mb_per_s":%s,"ratio":%s}\n' "$m_rate" "$ratio"

if [[ $callgrind == 1 ]]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "hcl_parse.sh: valgrind not installed; no instruction counts" >&2
    exit 0
  fi
  # Total instructions ("summary:" or "totals:" line of the profile).
  count() { # count ITERS -> instructions of `mlsweep parse --bench ITERS`
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$1" \
      "$mlsweep" parse --bench "$1" --stdin <"$tmp/list" >/dev/null \
      2>"$tmp/cg.$1.log"
    sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$tmp/cg.$1" | head -n1
  }
  echo "hcl_parse.sh: callgrind (--bench 1 minus --bench 0)" >&2
  one=$(count 1)
  zero=$(count 0)
  if [[ -z $one || -z $zero ]]; then
    echo "hcl_parse.sh: could not read callgrind's totals" >&2
    exit 1
  fi
  awk -v a="$one" -v b="$zero" -v n="$m_bytes" -v f="$m_files" 'BEGIN {
    d = a - b
    printf "{\"bench\":\"hcl_parse_callgrind\",\"files\":%d,\"bytes\":%d,", f, n
    printf "\"instructions\":%.0f,\"instructions_per_byte\":%.1f}\n", d, d / n
  }'
fi
