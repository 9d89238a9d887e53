#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/cfn_load.sh -- CloudFormation YAML loading against libyaml's bare
# event parse of the same files.
#
# parsers/cfn reads YAML through libyaml's event API and builds the
# template tree on top (positions, YAML 1.1 types, short-form tags,
# duplicate keys). This script times both over the same list
# (bench/dataset.sh cfn_yaml: every *.yaml and *.yml under
# ../shared/corpus/real) with the same binary: `mlsweep parse --format
# cfnref --bench` times cfn_load() plus cfn_template_free(), and with
# --yaml-events it times cfn_yaml_events(), libyaml's parser producing and
# dropping every event (no tree). Both preload the files and time parsing
# alone, single-threaded. They run as alternating pairs -- events, load,
# events, load, ... (BENCH_PAIRS, default 5) -- and the median of the
# per-pair time ratios is reported, so machine drift cancels. Prints:
#   {"bench":"cfn_load","files":N,"bytes":N,"pairs":P,
#    "yaml_events_mb_per_s":X,"cfn_load_mb_per_s":Y,"time_ratio":T,
#    "time_ratio_min":A,"time_ratio_max":B,"goal":"<= 1.5"}
# where time_ratio is the median of load time / event-parse time per pair
# (rates: medians). With --callgrind or BENCH_CALLGRIND=1 when valgrind is
# installed, the same ratio in instructions (one --bench 1 pass minus a
# --bench 0 run of each), which barely moves between runs or machines,
# with instructions per byte, and the instructions per byte of the JSON
# loader over bench/dataset.sh cfn_json (CloudFormation JSON templates):
#   {"bench":"cfn_load_callgrind","syntax":"yaml","files":N,"bytes":N,
#    "yaml_events_instructions":N,"cfn_load_instructions":N,
#    "instruction_ratio":R,"instructions_per_byte":X}
#   {"bench":"cfn_load_callgrind","syntax":"json","files":N,"bytes":N,
#    "cfn_load_instructions":N,"instructions_per_byte":X}
# Progress and the tool's own output go to stderr. See bench/README.md.
#
# usage: bench/cfn_load.sh [--callgrind] [path/to/mlsweep]
#   BENCH_PAIRS=N      alternating pairs (default 5)
#   BENCH_ITERS=N      passes per timed run (default 20)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
mlsweep=
callgrind=${BENCH_CALLGRIND:-0}
for arg in "$@"; do
  case $arg in
    --callgrind) callgrind=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) echo "cfn_load.sh: unknown option $arg" >&2; exit 2 ;;
    *) mlsweep=$arg ;;
  esac
done
mlsweep=${mlsweep:-$root/build/mlsweep}
if [[ ! -x $mlsweep ]]; then
  echo "cfn_load.sh: $mlsweep is not an executable (run make first)" >&2
  exit 2
fi
mlsweep=$(cd "$(dirname "$mlsweep")" && pwd)/$(basename "$mlsweep")

shared=$(cd "$root/.." && pwd)/shared
if [[ ! -d $shared/corpus/real ]]; then
  echo "cfn_load.sh: $shared/corpus/real not found" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/dataset.sh" cfn_yaml >"$tmp/list"
"$here/dataset.sh" cfn_json >"$tmp/list.json"
cd "$root"

iters=${BENCH_ITERS:-20}
echo "cfn_load.sh: $(wc -l <"$tmp/list") files; $bench_pairs pairs of" \
  "--bench $iters events, load" >&2
# Last line of each: "bytes=N files=N seconds=S mb_per_s=X"
: >"$tmp/e_rates"
: >"$tmp/l_rates"
: >"$tmp/ratios"
for ((p = 1; p <= bench_pairs; p++)); do
  "$mlsweep" parse --format cfnref --yaml-events --bench "$iters" \
    --runs 1 --stdin <"$tmp/list" >"$tmp/events"
  "$mlsweep" parse --format cfnref --bench "$iters" --runs 1 --stdin \
    <"$tmp/list" >"$tmp/load"
  e_last=$(tail -n1 "$tmp/events")
  l_last=$(tail -n1 "$tmp/load")
  files=$(field files "$l_last")
  bytes=$(field bytes "$l_last")
  e_secs=$(field seconds "$e_last")
  l_secs=$(field seconds "$l_last")
  e_rate=$(field mb_per_s "$e_last")
  l_rate=$(field mb_per_s "$l_last")
  for v in "$files" "$bytes" "$e_secs" "$l_secs" "$e_rate" "$l_rate"; do
    if [[ -z $v ]]; then
      cat "$tmp/events" "$tmp/load" >&2
      echo "cfn_load.sh: could not read mlsweep's output" >&2
      exit 1
    fi
  done
  echo "cfn_load.sh: pair $p: events $e_rate MB/s, load $l_rate MB/s" >&2
  echo "$e_rate" >>"$tmp/e_rates"
  echo "$l_rate" >>"$tmp/l_rates"
  ratio "$l_secs" "$e_secs" >>"$tmp/ratios"
  echo >>"$tmp/ratios"
done
read -r lo hi < <(grep . "$tmp/ratios" | minmax)
printf '{"bench":"cfn_load","files":%s,"bytes":%s,"pairs":%s,' \
  "$files" "$bytes" "$bench_pairs"
printf '"yaml_events_mb_per_s":%s,"cfn_load_mb_per_s":%s,' \
  "$(median <"$tmp/e_rates")" "$(median <"$tmp/l_rates")"
printf '"time_ratio":%s,"time_ratio_min":%s,"time_ratio_max":%s,' \
  "$(grep . "$tmp/ratios" | median)" "$lo" "$hi"
printf '"goal":"<= 1.5"}\n'

if [[ $callgrind == 1 ]]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "cfn_load.sh: valgrind not installed; no instruction counts" >&2
    exit 0
  fi
  count() { # count ITERS LIST [--yaml-events] -> instructions of that run
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
      "$mlsweep" parse --format cfnref ${3:-} --bench "$1" --stdin \
      <"$2" >"$tmp/cg.out" 2>"$tmp/cg.log"
    callgrind_total "$tmp/cg"
  }
  echo "cfn_load.sh: callgrind (--bench 1 minus --bench 0, each mode)" >&2
  e1=$(count 1 "$tmp/list" --yaml-events)
  e0=$(count 0 "$tmp/list" --yaml-events)
  l1=$(count 1 "$tmp/list")
  l0=$(count 0 "$tmp/list")
  j1=$(count 1 "$tmp/list.json")
  j_last=$(tail -n1 "$tmp/cg.out")
  j0=$(count 0 "$tmp/list.json")
  for v in "$e1" "$e0" "$l1" "$l0" "$j1" "$j0" "$(field bytes "$j_last")"; do
    if [[ -z $v ]]; then
      echo "cfn_load.sh: could not read callgrind's totals" >&2
      exit 1
    fi
  done
  awk -v e1="$e1" -v e0="$e0" -v l1="$l1" -v l0="$l0" -v n="$bytes" \
    -v f="$files" 'BEGIN {
    e = e1 - e0; l = l1 - l0
    printf "{\"bench\":\"cfn_load_callgrind\",\"syntax\":\"yaml\","
    printf "\"files\":%d,\"bytes\":%d,", f, n
    printf "\"yaml_events_instructions\":%.0f,\"cfn_load_instructions\":%.0f,", e, l
    printf "\"instruction_ratio\":%.2f,\"instructions_per_byte\":%.1f}\n", l / e, l / n
  }'
  awk -v j1="$j1" -v j0="$j0" -v n="$(field bytes "$j_last")" \
    -v f="$(field files "$j_last")" 'BEGIN {
    j = j1 - j0
    printf "{\"bench\":\"cfn_load_callgrind\",\"syntax\":\"json\","
    printf "\"files\":%d,\"bytes\":%d,", f, n
    printf "\"cfn_load_instructions\":%.0f,\"instructions_per_byte\":%.1f}\n", j, j / n
  }'
fi
