# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# bench/lib.sh -- helpers the benchmark scripts source.
#
# Ratios are measured as alternating pairs: A B A B ... (BENCH_PAIRS pairs,
# default 5), one ratio per pair, and the median of those ratios reported,
# so a drift in machine load over the run cancels out of each pair instead
# of landing on whichever side ran during the busy minute.

# field NAME LINE -> the value of NAME=value in LINE (space separated)
field() {
  printf '%s\n' "$2" | tr ' ' '\n' |
    awk -v k="$1=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'
}

# median < numbers, one a line -> their median (empty input: nothing)
median() {
  sort -g | awk '{ a[NR] = $1 }
    END {
      if (NR == 0) exit
      if (NR % 2) printf "%.5g\n", a[(NR + 1) / 2]
      else printf "%.5g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2
    }'
}

# minmax < numbers -> "MIN MAX"
minmax() {
  sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.6g %.6g\n", lo, hi }'
}

# ratio A B -> A / B with 4 significant digits ("null" when B is 0)
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4g", a / b; else print "null" }'
}

# callgrind_total OUTFILE -> the total instructions of a callgrind profile
callgrind_total() {
  sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$1" | head -n1
}

bench_pairs=${BENCH_PAIRS:-5}
if ! [[ $bench_pairs =~ ^[1-9][0-9]*$ ]]; then
  echo "BENCH_PAIRS must be a positive count, not '$bench_pairs'" >&2
  exit 2
fi
