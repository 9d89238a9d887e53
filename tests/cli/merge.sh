#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/merge.sh -- `mlsweep merge` over `mlsweep scan --out-dir`: an
# org (the example org, generated repositories, a bare mirror, a
# repository that cannot be swept) swept once and as --shard 1/3, 2/3,
# 3/3, then merged. Checks:
#   - every merged output is byte-identical to the single run's: the
#     per-repository SARIF files, the org SARIF, results.json, the
#     statistics (their "sweep" line compared without its start, finish
#     and duration) and the metrics (without the duration and timestamp);
#   - the merged sweep section is the earliest start, the latest finish,
#     the longest shard's duration;
#   - the merge of the shards in another order gives the same bytes, and
#     so does merging merged outputs (1+2, then with 3);
#   - a --previous trend survives the merge;
#   - per-repository SARIF files are 0644 under umask 022; the merged
#     org SARIF passes check_github.py --org;
#   - refusals, exit 2 with a message: overlapping shards, a missing
#     directory or file, a stray SARIF file, another tool version, another
#     statistics schema, a truncated org SARIF, OUT_DIR among the shards.
#
# usage: merge.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: merge.sh <mlsweep binary> <project root>}
root=${2:?usage: merge.sh <mlsweep binary> <project root>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
rules=(--no-builtin-rules --rules "$root/tests/engine/rules")

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

umask 022
ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $*"
  fail=$((fail + 1))
}
commit_all() { git -C "$1" add -A && git -C "$1" commit -q -m "${2:-c}"; }

# --- the org (as tests/cli/scan.sh builds it, without the cache cases) -----
org=$tmp/org
bash "$root/examples/make-org.sh" "$org" >/dev/null || bad "make-org.sh"
for i in $(seq 1 9); do
  r=$org/gen-$i
  mkdir -p "$r/modules/nb"
  cat >"$r/main.tf" <<EOF2
module "nb" {
  source = "./modules/nb"
  name   = "nb-$i"
  access = "$([[ $((i % 3)) -eq 0 ]] && echo Disabled || echo Enabled)"
}
resource "aws_s3_bucket" "data" {
  bucket = "data-$i"
  versioning {
    enabled = $([[ $((i % 2)) -eq 0 ]] && echo true || echo false)
  }
}
EOF2
  cat >"$r/modules/nb/main.tf" <<'EOF2'
variable "name" {}
variable "access" {}
resource "aws_sagemaker_notebook_instance" "this" {
  name                   = var.name
  role_arn               = "arn:aws:iam::123456789012:role/x"
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.access
}
EOF2
  git -C "$r" init -q -b main && commit_all "$r"
done
git clone -q --bare "$org/gen-1" "$org/mirror-gen-1.git"
nr=$org/noref
mkdir -p "$nr" && git -C "$nr" init -q -b main
printf 'resource "aws_s3_bucket" "b" {}\n' >"$nr/main.tf" && commit_all "$nr"
echo 0000000000000000000000000000000000000bad >"$nr/.git/refs/heads/main"
# The sweep's own diagnostics, which belong to no repository: a link to
# a repository (not followed) and files outside every repository (not
# read). Every shard finds both; each output says them once.
ln -s "$org/gen-1" "$org/zz-link"
mkdir -p "$org/loose"
printf 'resource "aws_s3_bucket" "l" {}\n' >"$org/loose/main.tf"

# scan DIR ARGS... -- one sweep of the org into DIR (the merge layout).
scan() {
  local d=$1
  shift
  rm -rf "$d"
  if ! "$bin" scan "$org" "${rules[@]}" -q --soft-fail --no-cache \
    --out-dir "$d" "$@" 2>"$tmp/err"; then
    bad "scan --out-dir $d $*"
    head -5 "$tmp/err"
  fi
}
# merge WANT OUT SHARDS... -- mlsweep merge, its stderr in $tmp/err.
merge() {
  local want=$1
  shift
  "$bin" merge -q "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    bad "merge $*: exit $got, want $want"
    sed 's/^/  stderr: /' "$tmp/err" | head -5
    return 1
  fi
  ok
}
# stable DIR -- the run-specific parts of stats and metrics taken out.
stable() {
  sed -E 's/"started":"[^"]*","duration_seconds":[0-9.]+,"finished":"[^"]*"/TIME/' \
    "$1/stats.json" >"$1/stats.stable"
  grep -Ev '^mlsweep_(sweep_duration|last_success)' "$1/metrics.prom" \
    >"$1/metrics.stable"
}
# same NAME A B -- every output byte-identical (stats, metrics: stable).
same() {
  stable "$2"
  stable "$3"
  if diff -r -x stats.json -x metrics.prom "$2" "$3" >"$tmp/diff"; then
    ok
  else
    bad "$1: outputs differ"
    head -20 "$tmp/diff" | sed 's/^/  /'
  fi
}

scan "$tmp/one"
for k in 1 2 3; do
  scan "$tmp/s$k" --shard $k/3
done
n1=$(ls "$tmp/s1/sarif" | wc -l) n2=$(ls "$tmp/s2/sarif" | wc -l)
n3=$(ls "$tmp/s3/sarif" | wc -l) n=$(ls "$tmp/one/sarif" | wc -l)
[[ $((n1 + n2 + n3)) -eq $n && $n -ge 15 ]] && ok ||
  bad "shards hold $n1+$n2+$n3 SARIF files, the single run $n"
[[ $n1 -gt 0 && $n2 -gt 0 && $n3 -gt 0 ]] && ok || bad "an empty shard"

merge 0 "$tmp/m" "$tmp/s1" "$tmp/s2" "$tmp/s3" &&
  same "single run vs merged shards" "$tmp/one" "$tmp/m"
# --out-dir and merge's OUT_DIR are made with their missing parents.
scan "$tmp/deep/a/s1" --shard 1/3
[[ -f $tmp/deep/a/s1/results.json ]] && ok || bad "--out-dir with missing parents"
merge 0 "$tmp/deep/b/m" "$tmp/deep/a/s1" "$tmp/s2" "$tmp/s3" &&
  same "merged into a new nested directory" "$tmp/one" "$tmp/deep/b/m"
python3 - "$tmp/one" >"$tmp/check" 2>&1 <<'EOF2' && ok ||
import glob, json, sys
d = sys.argv[1]
want = ["symbolic link to a directory not followed", "outside any repository"]
def has_both(msgs):
    return len(msgs) == 2 and all(any(w in m for m in msgs) for w in want)
res = json.load(open(d + "/results.json"))
sw = [x for x in res["diagnostics"] if x["repo"] is None]
assert res["diagnostics"][: len(sw)] == sw, "JSON: not listed first"
assert has_both([x["message"] for x in sw]), sw
org = json.load(open(d + "/org.sarif"))
for i, run in enumerate(org["runs"]):
    notes = run["invocations"][0]["toolExecutionNotifications"]
    mine = [n for n in notes if n["descriptor"]["id"] == "mlsweep/sweep"]
    if i == 0:
        assert notes[: len(mine)] == mine, "SARIF: not first"
        assert has_both([n["message"]["text"] for n in mine]), mine
        assert all("locations" not in n for n in mine), mine
    else:
        assert not mine, "SARIF: in run %d" % i
for f in glob.glob(d + "/sarif/*.sarif"):
    assert "mlsweep/sweep" not in open(f).read(), f
st = json.load(open(d + "/stats.json"))["sweep"]
assert has_both([x["message"] for x in st["diagnostics"]]), st
assert st["diagnostics_dropped"] == 0, st
EOF2
  {
    bad "the sweep's own diagnostics are not in every output"
    tail -5 "$tmp/check"
  }
# Text, Markdown and JUnit say them too.
for f in text markdown junit; do
  "$bin" scan "$org" "${rules[@]}" -q --soft-fail --no-cache --format $f \
    >"$tmp/$f.out" 2>/dev/null
  if grep -q 'symbolic link to a directory not followed' "$tmp/$f.out" &&
    grep -q 'outside any repository' "$tmp/$f.out"; then
    ok
  else
    bad "--format $f does not say the sweep's own diagnostics"
  fi
done
merge 0 "$tmp/m2" "$tmp/s3" "$tmp/s1" "$tmp/s2" &&
  same "shards in another order" "$tmp/one" "$tmp/m2"
merge 0 "$tmp/m12" "$tmp/s1" "$tmp/s2" &&
  merge 0 "$tmp/m123" "$tmp/m12" "$tmp/s3" &&
  same "a merge of a merge" "$tmp/one" "$tmp/m123"
# With SOURCE_DATE_EPOCH the clock is fixed, and then every file of the
# merge -- statistics and metrics included -- is byte-identical to the
# single run's.
SOURCE_DATE_EPOCH=1767225600 scan "$tmp/e-one"
for k in 1 2 3; do
  SOURCE_DATE_EPOCH=1767225600 scan "$tmp/e-s$k" --shard $k/3
done
if merge 0 "$tmp/e-m" "$tmp/e-s1" "$tmp/e-s2" "$tmp/e-s3"; then
  if diff -r "$tmp/e-one" "$tmp/e-m" >"$tmp/diff"; then ok; else
    bad "SOURCE_DATE_EPOCH: merged shards differ from the single run"
    head -20 "$tmp/diff" | sed 's/^/  /'
  fi
fi
# Per-repository SARIF files are 0644 less the umask, like every output
# (they were 0600 from mkstemp, unreadable to an upload step run as
# another user).
modes=$(stat -c %a "$tmp/one/sarif"/*.sarif "$tmp/m/sarif"/*.sarif | sort -u)
[[ $modes == 644 ]] && ok || bad "SARIF file modes: $modes"
# The outputs are what the checkers accept.
python3 "$root/tests/sarif/check_github.py" --org "$tmp/m/org.sarif" \
  >"$tmp/check" 2>&1 && ok || {
  bad "merged org SARIF fails check_github.py --org"
  tail -5 "$tmp/check"
}
python3 "$root/tests/sarif/check_github.py" "$tmp/m/sarif"/*.sarif \
  >"$tmp/check" 2>&1 && ok || {
  bad "merged per-repository SARIF fails the GitHub checks"
  tail -5 "$tmp/check"
}
python3 "$root/tests/sarif/check_openmetrics.py" "$tmp/m/metrics.prom" \
  >"$tmp/check" 2>&1 && ok || {
  bad "merged metrics fail the strict parser"
  tail -5 "$tmp/check"
}

# The sweep section: earliest start, latest finish, longest duration.
python3 - "$tmp/m/stats.json" "$tmp"/s{1,2,3}/stats.json <<'EOF' && ok || bad "merged sweep section"
import json, sys
m = json.load(open(sys.argv[1]))["sweep"]
s = [json.load(open(p))["sweep"] for p in sys.argv[2:]]
assert m["started"] == min(x["started"] for x in s), m
assert m["finished"] == max(x["finished"] for x in s), m
assert m["duration_seconds"] == max(x["duration_seconds"] for x in s), m
assert m["targets"] == s[0]["targets"], m
assert m["repos"]["total"] == sum(x["repos"]["total"] for x in s), m
assert m["repos"]["failed"] == 1, m
EOF

# A trend: --previous on every shard and on the single run.
cp "$tmp/one/stats.json" "$tmp/prev.json"
git -C "$org/gen-2" rm -q -r modules && commit_all "$org/gen-2" fixed
scan "$tmp/tone" --previous "$tmp/prev.json"
for k in 1 2 3; do
  scan "$tmp/t$k" --shard $k/3 --previous "$tmp/prev.json"
done
grep -q '"trend":{"new":0,"fixed":[1-9]' "$tmp/tone/stats.json" && ok ||
  bad "the trend test fixed nothing"
merge 0 "$tmp/tm" "$tmp/t1" "$tmp/t2" "$tmp/t3" &&
  same "merged shards with a trend" "$tmp/tone" "$tmp/tm"
# Shards with and without a trend do not mix.
merge 2 "$tmp/x" "$tmp/t1" "$tmp/s2" &&
  { grep -q "previous" "$tmp/err" && ok || bad "trend mix: $(cat "$tmp/err")"; }

# --- refusals --------------------------------------------------------------
# expect_err NAME REGEX -- the last merge's stderr says why.
expect_err() {
  grep -Eq "$2" "$tmp/err" && ok || bad "$1: stderr: $(head -3 "$tmp/err")"
}
merge 2 "$tmp/x" "$tmp/s1" "$tmp/s1" && expect_err "same shard twice" "in two shards"
merge 2 "$tmp/x" "$tmp/one" "$tmp/s2" && expect_err "overlapping shards" "in two shards"
[[ ! -e $tmp/x ]] && ok || bad "a refused merge wrote OUT_DIR"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/no-such-shard" &&
  expect_err "missing directory" "no-such-shard: no such directory"
merge 2 "$tmp/s1" "$tmp/s1" "$tmp/s2" && expect_err "OUT_DIR is a shard" "is a shard"
cp -r "$tmp/s2" "$tmp/bad"
rm "$tmp/bad/results.json"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/bad" && expect_err "missing file" "results.json: missing"
cp -r "$tmp/s2" "$tmp/bad2"
cp "$tmp/s1/sarif/$(ls "$tmp/s1/sarif" | head -1)" "$tmp/bad2/sarif/"
merge 2 "$tmp/x" "$tmp/bad2" "$tmp/s3" && expect_err "stray SARIF file" "no repository of"
cp -r "$tmp/s2" "$tmp/oldver"
sed -i 's/"tool":{"name":"mlsweep","version":"[^"]*"/"tool":{"name":"mlsweep","version":"0.0.1-old"/' \
  "$tmp/oldver/stats.json"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/oldver" && expect_err "another version" "written by mlsweep 0.0.1-old"
cp -r "$tmp/s2" "$tmp/oldschema"
sed -i 's#"schema":"mlsweep-stats/2"#"schema":"mlsweep-stats/1"#' "$tmp/oldschema/stats.json"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/oldschema" && expect_err "another schema" "schema mlsweep-stats/1"
cp -r "$tmp/s2" "$tmp/oldsarif"
f=$(ls "$tmp/oldsarif/sarif" | head -1)
sed -i 's/"driver":{"name":"mlsweep","version":"[^"]*"/"driver":{"name":"mlsweep","version":"0.0.1-old"/' \
  "$tmp/oldsarif/sarif/$f"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/oldsarif" &&
  expect_err "per-repository SARIF of another version" "not a SARIF file written by mlsweep"
cp -r "$tmp/s2" "$tmp/oldorg"
sed -i 's/"driver":{"name":"mlsweep","version":"[^"]*"/"driver":{"name":"mlsweep","version":"0.0.1-old"/' \
  "$tmp/oldorg/org.sarif"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/oldorg" &&
  expect_err "org SARIF of another version" "written by mlsweep 0.0.1-old"
cp -r "$tmp/s2" "$tmp/trunc"
truncate -s 300 "$tmp/trunc/org.sarif"
merge 2 "$tmp/x" "$tmp/s1" "$tmp/trunc" && expect_err "truncated org SARIF" "org.sarif"
"$bin" scan "$org" --out-dir "$tmp/y" --stats "$tmp/y.json" >/dev/null 2>"$tmp/err"
[[ $? -eq 2 ]] && ok || bad "--out-dir with --stats is not a usage error"

echo "merge.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
