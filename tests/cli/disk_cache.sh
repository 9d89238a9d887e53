#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/disk_cache.sh -- the cache for files read from disk (a plain
# directory, --worktree): directories are keyed by a content id made from
# what lstat says of their entries (core/git/worktree.c). Checks that
#   - an unchanged directory is served whole from the cache, with the same
#     output as a sweep without a cache;
#   - editing a file a module reads with file(), adding files a fileset()
#     lists, and editing a .tf file each change the results, exactly as a
#     sweep without a cache sees them;
#   - each CloudFormation template is keyed by its own content id: an
#     edit of one evaluates that one again;
#   - a file read below a directory the walk leaves out (node_modules) is
#     never trusted to the cache;
#   - files changed within the racy window are not cached, and are right;
#   - --worktree on a clone is cached the same way;
#   - a repository's ref known from the lstat of its ref files (META's
#     peek extension) follows a new commit, a moved branch, --ref and a
#     new origin URL, as a sweep without a cache sees them.
# Each edit is followed by a wait past the racy window (2 s), so the next
# sweep may trust the timestamps it sees.
#
# usage: disk_cache.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: disk_cache.sh <mlsweep binary> <project root>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid

ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $*"
  fail=$((fail + 1))
}
settle() { sleep 2.2; }

# sweep NAME DIR ARGS... -- a cached sweep ($tmp/cache) and one without a
# cache of DIR; their JSON results must be identical. The cached one's
# statistics are left in $tmp/stats.json, its results in $tmp/$NAME.json.
sweep() {
  local name=$1 dir=$2
  shift 2
  "$bin" scan "$dir" -q --soft-fail --cache-dir "$tmp/cache" --format json \
    --output "$tmp/$name.json" --stats "$tmp/stats.json" "$@" 2>"$tmp/err" ||
    bad "$name: cached sweep failed: $(head -3 "$tmp/err")"
  "$bin" scan "$dir" -q --soft-fail --no-cache --format json \
    --output "$tmp/$name.ref.json" "$@" 2>"$tmp/err" ||
    bad "$name: sweep without a cache failed: $(head -3 "$tmp/err")"
  if cmp -s "$tmp/$name.json" "$tmp/$name.ref.json"; then ok; else
    bad "$name: cached results differ from a sweep without a cache"
    diff <(python3 -m json.tool "$tmp/$name.ref.json") \
      <(python3 -m json.tool "$tmp/$name.json") | head -20
  fi
}

# cache WANT_HITS WANT_MISSES NAME -- the last cached sweep's cache use
cache() {
  local got
  got=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["sweep"]["cache"]; print(c["hits"], c["misses"])' "$tmp/stats.json")
  [[ $got == "$1 $2" ]] && ok || bad "$3: cache hits/misses $got, want $1 $2"
}

# has NAME TEXT -- the results of sweep NAME hold TEXT (or not, with !)
has() {
  if [[ $2 == "!" ]]; then
    grep -q -- "$3" "$tmp/$1.json" && bad "$1: holds $3" || ok
  else
    grep -q -- "$2" "$tmp/$1.json" && ok || bad "$1: does not hold $2"
  fi
}

# fails NAME RULE [RESOURCE] -- whether sweep NAME has a failing result of
# RULE (on RESOURCE); its exit status
fails() {
  python3 - "$tmp/$1.json" "$2" "${3:-}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
sys.exit(0 if any(x["rule"] == sys.argv[2] and x["status"] == "fail" and
                  (not sys.argv[3] or x["resource"] == sys.argv[3])
                  for x in r) else 1)
PY
}

benign='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'
admin='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'

# --- a plain directory -----------------------------------------------------
a=$tmp/a
mkdir -p "$a/env" "$a/docs" "$a/other"
# Two roots, so a repository served whole (one cache hit) and one whose
# roots are served one by one (two hits) tell apart.
printf 'resource "aws_s3_bucket" "o" {\n  bucket = "o"\n}\n' >"$a/other/main.tf"
cat >"$a/env/main.tf" <<'EOF'
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = file("${path.module}/policy.json")
}

resource "aws_iam_policy" "listed" {
  count  = length(fileset("${path.module}/extra", "*.json"))
  name   = "listed"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
EOF
printf '%s\n' "$benign" >"$a/env/policy.json"
echo "notes" >"$a/docs/README.md"
mkdir -p "$a/cfn"
for t in one two; do
  cat >"$a/cfn/$t.yaml" <<EOF
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/$t
      DirectInternetAccess: Disabled
EOF
done
settle
sweep a-cold "$a"
has a-cold '"aws_iam_policy.p"'
has a-cold ! 'aws_iam_policy.listed'
sweep a-warm "$a"
cache 1 0 "an unchanged directory"
cmp -s "$tmp/a-cold.json" "$tmp/a-warm.json" && ok || bad "warm output differs from cold"

# A file the module reads with file(), not a candidate.
printf '%s\n' "$admin" >"$a/env/policy.json"
settle
sweep a-policy "$a"
fails a-policy MLS-IAM-001 aws_iam_policy.p && ok ||
  bad "editing policy.json did not give MLS-IAM-001"
# A directory fileset() lists, absent until now.
mkdir -p "$a/env/extra"
echo '{}' >"$a/env/extra/one.json"
settle
sweep a-fileset "$a"
has a-fileset 'aws_iam_policy.listed'
# A file that is no input of any module: the repository misses; both
# roots, both templates and the two JSON files (CloudFormation candidates
# found not to be templates) are served from the cache.
echo "more notes" >>"$a/docs/README.md"
settle
sweep a-docs "$a"
cache 6 0 "a file outside every module changed"
# One template: it alone is evaluated again.
sed -i 's/DirectInternetAccess: Disabled/DirectInternetAccess: Enabled/' \
  "$a/cfn/two.yaml"
settle
sweep a-cfn "$a"
cache 5 1 "one template changed"
fails a-cfn MLS-SM-002 Notebook && ok ||
  bad "the edited template does not fail MLS-SM-002"
fails a-docs MLS-SM-002 Notebook && bad "MLS-SM-002 failed before the edit" || ok
# A .tf file.
sed -i 's/name   = "p"/name   = "p2"/' "$a/env/main.tf"
settle
sweep a-tf "$a"
grep -q '"p2"' "$a/env/main.tf" && ok || bad "sed did not edit main.tf"
# Changed within the racy window: nothing is trusted, and results are
# right (twice: the first sweep must not have stored what it saw).
printf '%s\n' "$benign" >"$a/env/policy.json"
sweep a-racy "$a"
printf '%s\n' "$admin" >"$a/env/policy.json"
sweep a-racy2 "$a"
fails a-racy2 MLS-IAM-001 aws_iam_policy.p && ok ||
  bad "a racy edit was not seen"
settle
sweep a-settled "$a"
sweep a-settled2 "$a"
cache 1 0 "settled again"

# --- a file below a directory the walk leaves out ---------------------------
b=$tmp/b
mkdir -p "$b/env/node_modules/pkg"
cat >"$b/env/main.tf" <<'EOF'
resource "aws_iam_policy" "q" {
  name   = "q"
  policy = file("${path.module}/node_modules/pkg/q.json")
}
EOF
printf '%s\n' "$benign" >"$b/env/node_modules/pkg/q.json"
settle
sweep b-cold "$b"
has b-cold '"aws_iam_policy.q"'
printf '%s\n' "$admin" >"$b/env/node_modules/pkg/q.json"
settle
sweep b-edited "$b"
fails b-edited MLS-IAM-001 aws_iam_policy.q && ok ||
  bad "an edit below node_modules was not seen"

# --- --worktree on a clone ---------------------------------------------------
c=$tmp/c
mkdir -p "$c/env" "$c/other"
cp "$a/env/main.tf" "$c/env/main.tf"
cp "$a/other/main.tf" "$c/other/main.tf"
printf '%s\n' "$benign" >"$c/env/policy.json"
git -C "$c" init -q -b main && git -C "$c" add -A && git -C "$c" commit -q -m c
settle
sweep c-cold "$c" --worktree
sweep c-warm "$c" --worktree
cache 1 0 "an unchanged work tree"
printf '%s\n' "$admin" >"$c/env/policy.json"
settle
sweep c-edited "$c" --worktree
fails c-edited MLS-IAM-001 aws_iam_policy.p && ok ||
  bad "an uncommitted edit was not seen with --worktree"

# --- refs known from lstat ---------------------------------------------------
g=$tmp/g
mkdir -p "$g/w/env"
cp "$a/env/main.tf" "$g/w/env/main.tf"
printf '%s\n' "$benign" >"$g/w/env/policy.json"
git -C "$g/w" init -q -b main && git -C "$g/w" add -A &&
  git -C "$g/w" commit -q -m one
git -C "$g/w" branch other
git clone -q --bare "$g/w" "$g/org/r.git"
git -C "$g/org/r.git" config remote.origin.url https://git.example/one.git
settle
# Without a cache nothing is looked up: no hits, no misses, no ratio.
"$bin" scan "$g/org" -q --soft-fail --no-cache --format markdown \
  --output /dev/null --stats "$tmp/stats.json" 2>"$tmp/err" ||
  bad "no-cache: $(head -3 "$tmp/err")"
cache 0 0 "a repository swept without a cache"
python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["sweep"]["cache"]["hit_ratio"] is not None)' \
  "$tmp/stats.json" && ok || bad "no-cache: hit_ratio is not null"
for i in 1 2 3; do sweep "g-$i" "$g/org"; done
cache 1 0 "an unchanged repository, its ref from lstat"
# A new commit on main (the ref file replaced, as Git does).
printf '%s\n' "$admin" >"$g/w/env/policy.json"
git -C "$g/w" commit -q -am two
git -C "$g/w" push -q "$g/org/r.git" main
settle
sweep g-pushed "$g/org"
fails g-pushed MLS-IAM-001 aws_iam_policy.p && ok ||
  bad "a new commit on main was not seen"
# The ref file rewritten in place, to the first commit (same size).
git -C "$g/org/r.git" rev-parse main~1 >"$tmp/first"
cat "$tmp/first" >"$g/org/r.git/refs/heads/main"
settle
sweep g-rewound "$g/org"
fails g-rewound MLS-IAM-001 aws_iam_policy.p && bad "a rewritten ref was not seen" || ok
# Another --ref than the one the extension answers.
sweep g-other "$g/org" --ref other
sweep g-main "$g/org"
# The origin URL, with SARIF's provenance.
run_sarif() { # NAME -- SARIF of $g/org cached and not, compared
  "$bin" scan "$g/org" -q --soft-fail --cache-dir "$tmp/cache" \
    --sarif "$tmp/$1.sarif" >/dev/null 2>&1
  "$bin" scan "$g/org" -q --soft-fail --no-cache --sarif "$tmp/$1.ref.sarif" \
    >/dev/null 2>&1
  cmp -s "$tmp/$1.sarif" "$tmp/$1.ref.sarif" && ok ||
    bad "$1: cached SARIF differs from a sweep without a cache"
}
run_sarif s-1
run_sarif s-2
git -C "$g/org/r.git" config remote.origin.url https://git.example/two.git
settle
run_sarif s-moved
grep -q 'git.example/two.git' "$tmp/s-moved.sarif" && ok ||
  bad "a new origin URL was not seen"

echo "disk_cache.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
