#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# bench/cfn_load.sh -- CloudFormation YAML loading against libyaml's bare
# event parse of the same files.
#
# parsers/cfn reads YAML through libyaml's event API and builds the
# template tree on top (positions, YAML 1.1 types, short-form tags,
# duplicate keys). This script times both over the same list -- every
# *.yaml and *.yml under ../shared/corpus/real, in LC_ALL=C order -- in one
# run of the same binary: `mlsweep parse --format cfnref --bench` times
# cfn_load() plus cfn_template_free(), and with --yaml-events it times
# cfn_yaml_events(), libyaml's parser producing and dropping every event
# (no tree). Both preload the files and time parsing alone,
# single-threaded. Prints one JSON line:
#   {"bench":"cfn_load","files":N,"bytes":N,"yaml_events_mb_per_s":X,
#    "cfn_load_mb_per_s":Y,"time_ratio":T}
# where time_ratio is the load time over the bare event-parse time (the
# goal is at most 1.5). The two are timed in turn twice and each keeps its
# better median, so a burst of load on a shared machine does not decide
# the ratio. With --callgrind or BENCH_CALLGRIND=1 when valgrind is
# installed, a second line gives the same ratio in instructions (one
# --bench 1 pass minus a --bench 0 run of each), which barely moves
# between runs or machines:
#   {"bench":"cfn_load_callgrind","files":N,"bytes":N,
#    "yaml_events_instructions":N,"cfn_load_instructions":N,
#    "instruction_ratio":R}
# Progress and the tool's own output go to stderr. See bench/README.md.
#
# usage: bench/cfn_load.sh [--callgrind] [path/to/mlsweep]
#   BENCH_ITERS=N      passes per run (default 20)
#   BENCH_RUNS=N       timed runs, median reported (default 5)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
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
cd "$shared/corpus"
find real -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort \
  >"$tmp/list"

iters=${BENCH_ITERS:-20}
runs=${BENCH_RUNS:-5}
echo "cfn_load.sh: $(wc -l <"$tmp/list") files;" \
  "--bench $iters --runs $runs, events and load in turn, twice" >&2
for round in 1 2; do
  "$mlsweep" parse --format cfnref --yaml-events --bench "$iters" \
    --runs "$runs" --stdin <"$tmp/list" >"$tmp/events.$round"
  cat "$tmp/events.$round" >&2
  "$mlsweep" parse --format cfnref --bench "$iters" --runs "$runs" --stdin \
    <"$tmp/list" >"$tmp/load.$round"
  cat "$tmp/load.$round" >&2
done

# Last line of each: "bytes=N files=N seconds=S mb_per_s=X"
field() { # field NAME LINE -> the value of NAME=value in LINE
  printf '%s\n' "$2" | tr ' ' '\n' |
    awk -v k="$1=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'
}
# The round with the shorter median of each.
best() { # best NAME -> the last line of NAME.1 or NAME.2 with fewer seconds
  local a b
  a=$(tail -n1 "$tmp/$1.1")
  b=$(tail -n1 "$tmp/$1.2")
  if awk -v x="$(field seconds "$a")" -v y="$(field seconds "$b")" \
    'BEGIN { exit !(x <= y) }'; then
    printf '%s\n' "$a"
  else
    printf '%s\n' "$b"
  fi
}
e_last=$(best events)
l_last=$(best load)
files=$(field files "$l_last")
bytes=$(field bytes "$l_last")
e_secs=$(field seconds "$e_last")
l_secs=$(field seconds "$l_last")
e_rate=$(field mb_per_s "$e_last")
l_rate=$(field mb_per_s "$l_last")
for v in "$files" "$bytes" "$e_secs" "$l_secs" "$e_rate" "$l_rate"; do
  if [[ -z $v ]]; then
    echo "cfn_load.sh: could not read mlsweep's output" >&2
    exit 1
  fi
done
ratio=$(awk -v l="$l_secs" -v e="$e_secs" \
  'BEGIN { if (e > 0) printf "%.2f", l / e; else print "null" }')
printf '{"bench":"cfn_load","files":%s,"bytes":%s,' "$files" "$bytes"
printf '"yaml_events_mb_per_s":%s,"cfn_load_mb_per_s":%s,"time_ratio":%s}\n' \
  "$e_rate" "$l_rate" "$ratio"

if [[ $callgrind == 1 ]]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "cfn_load.sh: valgrind not installed; no instruction counts" >&2
    exit 0
  fi
  count() { # count ITERS [--yaml-events] -> instructions of that run
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
      "$mlsweep" parse --format cfnref ${2:-} --bench "$1" --stdin \
      <"$tmp/list" >/dev/null 2>"$tmp/cg.log"
    sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$tmp/cg" | head -n1
  }
  echo "cfn_load.sh: callgrind (--bench 1 minus --bench 0, each mode)" >&2
  e1=$(count 1 --yaml-events)
  e0=$(count 0 --yaml-events)
  l1=$(count 1)
  l0=$(count 0)
  for v in "$e1" "$e0" "$l1" "$l0"; do
    if [[ -z $v ]]; then
      echo "cfn_load.sh: could not read callgrind's totals" >&2
      exit 1
    fi
  done
  awk -v e1="$e1" -v e0="$e0" -v l1="$l1" -v l0="$l0" -v n="$bytes" \
    -v f="$files" 'BEGIN {
    e = e1 - e0; l = l1 - l0
    printf "{\"bench\":\"cfn_load_callgrind\",\"files\":%d,\"bytes\":%d,", f, n
    printf "\"yaml_events_instructions\":%.0f,\"cfn_load_instructions\":%.0f,", e, l
    printf "\"instruction_ratio\":%.2f}\n", l / e
  }'
fi
