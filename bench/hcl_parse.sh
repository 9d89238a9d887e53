#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/hcl_parse.sh -- HCL parse throughput: mlsweep against hclsyntax.
#
# Runs HashiCorp's parser (hclref --bench, ../shared/tools/hclref) and
# mlsweep's (mlsweep parse --bench) over the same list (bench/dataset.sh
# hcl: every *.tf and *.tfvars under ../shared/corpus/real) as alternating
# pairs -- hclref, mlsweep, hclref, mlsweep, ... (BENCH_PAIRS, default 5) --
# and reports the median of the per-pair ratios, so machine drift cancels.
# Both preload the files and time parsing alone, single-threaded. Prints:
#   {"bench":"hcl_parse","files":N,"bytes":N,"pairs":P,
#    "hclref_mb_per_s":X,"mlsweep_mb_per_s":Y,"ratio":R,
#    "ratio_min":A,"ratio_max":B,"goal":">= 20"}
# (rates: medians over the pairs; ratio: the median of mlsweep/hclref per
# pair) and, with --callgrind or BENCH_CALLGRIND=1 when valgrind is
# installed, the instructions each of mlsweep's two HCL parsers spends per
# input byte (one --bench 1 pass minus a --bench 0 run, so loading and the
# warm-up pass are not counted):
#   {"bench":"hcl_parse_callgrind","syntax":"native","files":N,"bytes":N,
#    "instructions":N,"instructions_per_byte":X,"goal":"<= 60"}
#   {"bench":"hcl_parse_callgrind","syntax":"json",...}  (bench/dataset.sh
#    tf_json: Terraform JSON syntax)
# Progress and the tools' own output go to stderr. See bench/README.md.
#
# usage: bench/hcl_parse.sh [--callgrind] [path/to/mlsweep]
#   HCLREF=path        use this hclref binary (default: build.sh's output)
#   BENCH_PAIRS=N      alternating pairs (default 5)
#   BENCH_ITERS=N      mlsweep passes per timed run (default 50)
#   HCLREF_ITERS=N     hclref passes per timed run (default 10)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
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
"$here/dataset.sh" hcl >"$tmp/list"
cd "$root"

iters=${BENCH_ITERS:-50}
h_iters=${HCLREF_ITERS:-10}
echo "hcl_parse.sh: $(wc -l <"$tmp/list") files; $bench_pairs pairs of" \
  "hclref --bench $h_iters, mlsweep parse --bench $iters" >&2
# hclref:  "bench: ... files=N bytes=N ..." and "median: seconds=S MB/s=X (...)"
# mlsweep: last line "bytes=N files=N seconds=S mb_per_s=X"
: >"$tmp/h_rates"
: >"$tmp/m_rates"
: >"$tmp/ratios"
for ((p = 1; p <= bench_pairs; p++)); do
  "$hclref" --bench "$h_iters" --runs 1 --stdin <"$tmp/list" >"$tmp/hclref.out"
  "$mlsweep" parse --bench "$iters" --runs 1 --stdin <"$tmp/list" \
    >"$tmp/mlsweep.out"
  h_head=$(grep '^bench:' "$tmp/hclref.out")
  h_rate=$(field 'MB/s' "$(grep '^median:' "$tmp/hclref.out")")
  m_last=$(tail -n1 "$tmp/mlsweep.out")
  h_files=$(field files "$h_head")
  h_bytes=$(field bytes "$h_head")
  m_files=$(field files "$m_last")
  m_bytes=$(field bytes "$m_last")
  m_rate=$(field mb_per_s "$m_last")
  for v in "$h_files" "$h_bytes" "$h_rate" "$m_files" "$m_bytes" "$m_rate"; do
    if [[ -z $v ]]; then
      cat "$tmp/hclref.out" "$tmp/mlsweep.out" >&2
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
  echo "hcl_parse.sh: pair $p: hclref $h_rate MB/s, mlsweep $m_rate MB/s" >&2
  echo "$h_rate" >>"$tmp/h_rates"
  echo "$m_rate" >>"$tmp/m_rates"
  ratio "$m_rate" "$h_rate" >>"$tmp/ratios"
  echo >>"$tmp/ratios"
done
read -r lo hi < <(grep . "$tmp/ratios" | minmax)
printf '{"bench":"hcl_parse","files":%s,"bytes":%s,"pairs":%s,' \
  "$m_files" "$m_bytes" "$bench_pairs"
printf '"hclref_mb_per_s":%s,"mlsweep_mb_per_s":%s,' \
  "$(median <"$tmp/h_rates")" "$(median <"$tmp/m_rates")"
printf '"ratio":%s,"ratio_min":%s,"ratio_max":%s,"goal":">= 20"}\n' \
  "$(grep . "$tmp/ratios" | median)" "$lo" "$hi"

if [[ $callgrind == 1 ]]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "hcl_parse.sh: valgrind not installed; no instruction counts" >&2
    exit 0
  fi
  "$here/dataset.sh" tf_json >"$tmp/list.json"
  count() { # count ITERS LIST -> instructions of `mlsweep parse --bench ITERS`
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$1" \
      "$mlsweep" parse --bench "$1" --stdin <"$2" >"$tmp/cg.$1.out" \
      2>"$tmp/cg.$1.log"
    callgrind_total "$tmp/cg.$1"
  }
  for syntax in native json; do
    list=$tmp/list
    goal=',"goal":"<= 60"'
    if [[ $syntax == json ]]; then
      list=$tmp/list.json
      goal=
    fi
    echo "hcl_parse.sh: callgrind, $syntax syntax (--bench 1 minus --bench 0)" >&2
    one=$(count 1 "$list")
    zero=$(count 0 "$list")
    last=$(tail -n1 "$tmp/cg.1.out")
    if [[ -z $one || -z $zero || -z $(field bytes "$last") ]]; then
      echo "hcl_parse.sh: could not read callgrind's totals" >&2
      exit 1
    fi
    awk -v a="$one" -v b="$zero" -v n="$(field bytes "$last")" \
      -v f="$(field files "$last")" -v s="$syntax" -v g="$goal" 'BEGIN {
      d = a - b
      printf "{\"bench\":\"hcl_parse_callgrind\",\"syntax\":\"%s\",", s
      printf "\"files\":%d,\"bytes\":%d,", f, n
      printf "\"instructions\":%.0f,\"instructions_per_byte\":%.1f%s}\n", d, d / n, g
    }'
  done
fi
