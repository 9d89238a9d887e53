#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/scan.sh -- `mlsweep scan` end to end over an org built here:
# the example org as Git repositories, generated repositories, a bare
# mirror, and hostile ones (a missing object, a corrupt pack, a ref
# pointing nowhere, symbolic links, a gitlink, an LFS pointer). Checks:
#   - every output is byte-identical for -j1, -j2, -j4 with the mutex
#     scheduler, a cold cache and a warm cache (statistics without their
#     "sweep" section, which records time and cache use);
#   - damaged cache values (mlsweep cache damage), and kill -9 in
#     mid-sweep, leave a cache that gives the same outputs;
#   - a broken repository is a diagnostic and the others are reported;
#   - --worktree sees uncommitted changes, the default does not;
#   - --shard K/N over N runs gives exactly the results of one run;
#   - exit codes: 0 clean, 1 at or above --fail-on, 2 usage.
#
# usage: scan.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: scan.sh <mlsweep binary> <project root>}
root=${2:?usage: scan.sh <mlsweep binary> <project root>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
rules=(--no-builtin-rules --rules "$root/tests/engine/rules")

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $*"
  fail=$((fail + 1))
}

# run NAME WANT_STATUS ARGS... -- mlsweep scan ARGS, output in $tmp/err
run() {
  local name=$1 want=$2
  shift 2
  "$bin" scan "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    bad "$name: exit $got, want $want (mlsweep scan $*)"
    sed 's/^/  stderr: /' "$tmp/err" | head -20
    return 1
  fi
  ok
}

commit_all() { git -C "$1" add -A && git -C "$1" commit -q -m "${2:-c}"; }

# --- the org ---------------------------------------------------------------
org=$tmp/org
bash "$root/examples/make-org.sh" "$org" >/dev/null || bad "make-org.sh"
# Generated repositories: notebooks and buckets, some compliant.
for i in $(seq 1 12); do
  r=$org/gen-$i
  mkdir -p "$r/modules/nb" "$r/cfn"
  cat >"$r/main.tf" <<EOF
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
EOF
  cat >"$r/modules/nb/main.tf" <<'EOF'
variable "name" {}
variable "access" {}
resource "aws_sagemaker_notebook_instance" "this" {
  name                   = var.name
  role_arn               = "arn:aws:iam::123456789012:role/x"
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.access
}
EOF
  cat >"$r/cfn/stack.yaml" <<EOF
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Notebook$i:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/x
$([[ $((i % 4)) -eq 0 ]] && echo "      DirectInternetAccess: Disabled")
EOF
  git -C "$r" init -q -b main && commit_all "$r"
done
# A bare mirror of one of them.
git clone -q --bare "$org/gen-1" "$org/mirror-gen-1.git"
# A clean repository: no findings at all.
mkdir -p "$org/clean" && printf 'resource "aws_s3_bucket" "b" {\n  versioning {\n    enabled = true\n  }\n}\n' >"$org/clean/main.tf"
git -C "$org/clean" init -q -b main && commit_all "$org/clean"
# Hostile: a missing blob (loose object deleted), symbolic links to a file
# outside and upward, a gitlink, an LFS pointer with a Terraform name.
h=$org/hostile
mkdir -p "$h/sub"
printf 'resource "aws_sagemaker_notebook_instance" "kept" {\n  name = "k"\n}\n' >"$h/ok.tf"
printf 'resource "aws_s3_bucket" "gone" {\n  bucket = "g"\n}\n' >"$h/sub/gone.tf"
ln -s /etc/passwd "$h/passwd.tf"
ln -s ../../outside.tf "$h/sub/up.tf"
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%064d\nsize 10\n' 0 >"$h/big.tf"
git -C "$h" init -q -b main && commit_all "$h"
git -C "$h" update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/mod
git -C "$h" commit -q -m gitlink
gone=$(git -C "$h" rev-parse HEAD:sub/gone.tf)
rm -f "$h/.git/objects/${gone:0:2}/${gone:2}"
# Hostile: a missing tree (a whole directory's tree object deleted).
t=$org/treeless
mkdir -p "$t/lost"
printf 'resource "aws_sagemaker_notebook_instance" "kept" {\n  name = "k"\n}\n' >"$t/ok.tf"
printf 'resource "aws_s3_bucket" "lost" {}\n' >"$t/lost/main.tf"
git -C "$t" init -q -b main && commit_all "$t"
lost=$(git -C "$t" rev-parse HEAD:lost)
rm -f "$t/.git/objects/${lost:0:2}/${lost:2}"
# Hostile: a ref pointing nowhere.
nr=$org/noref
mkdir -p "$nr" && git -C "$nr" init -q -b main
printf 'resource "aws_s3_bucket" "b" {}\n' >"$nr/main.tf" && commit_all "$nr"
echo 0000000000000000000000000000000000000bad >"$nr/.git/refs/heads/main"
# Hostile: a corrupt pack (gc'd, then the pack truncated).
cp=$org/corrupt-pack
mkdir -p "$cp" && git -C "$cp" init -q -b main
printf 'resource "aws_s3_bucket" "b" {}\n' >"$cp/main.tf" && commit_all "$cp"
git -C "$cp" gc -q 2>/dev/null
for p in "$cp"/.git/objects/pack/*.pack; do
  chmod u+w "$p" # git writes packs read-only: only root could truncate them
  truncate -s 40 "$p"
done

# --- outputs for one configuration -----------------------------------------
# sweep DIR ARGS... -- every output of one sweep of the org into DIR.
sweep() {
  local d=$1
  shift
  rm -rf "$d"
  mkdir -p "$d"
  "$bin" scan "$org" "${rules[@]}" -q --soft-fail \
    --sarif-dir "$d/sarif" --sarif "$d/org.sarif" --stats "$d/stats.json" \
    --metrics "$d/metrics.prom" --format json --output "$d/results.json" \
    --format junit --output "$d/junit.xml" --format markdown \
    --output "$d/summary.md" --format text --output "$d/text.txt" \
    "$@" 2>"$d/stderr"
  echo $? >"$d/status"
  # Statistics and metrics: the run-specific parts (time, cache use) out.
  python3 - "$d/stats.json" >"$d/stats.stable" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("sweep", None)
print(json.dumps(d, sort_keys=True))
EOF
  grep -Ev '^mlsweep_(sweep|cache|last_success)' "$d/metrics.prom" \
    >"$d/metrics.stable"
  rm -f "$d/stats.json" "$d/metrics.prom"
}

same() { # NAME DIR_A DIR_B
  if diff -r "$2" "$3" >"$tmp/diff"; then
    ok
  else
    bad "$1: outputs differ"
    head -20 "$tmp/diff" | sed 's/^/  /'
  fi
}

sweep "$tmp/j1" -j1 --no-cache
sweep "$tmp/j2" -j2 --no-cache
sweep "$tmp/j4m" -j4 --scheduler mutex --no-cache
same "-j1 vs -j2" "$tmp/j1" "$tmp/j2"
same "-j1 vs -j4 mutex" "$tmp/j1" "$tmp/j4m"
sweep "$tmp/cold" -j2 --cache-dir "$tmp/cache"
sweep "$tmp/warm" -j2 --cache-dir "$tmp/cache"
same "no cache vs cold" "$tmp/j1" "$tmp/cold"
same "cold vs warm" "$tmp/cold" "$tmp/warm"

# A per-repository SARIF file that already holds the document is left
# untouched (same inode: no write, no rename); one whose bytes differ,
# even at the same size, or that is shorter, is replaced.
keep=$tmp/keep
mkdir -p "$keep"
keep_scan() {
  "$bin" scan "$org" "${rules[@]}" -q --soft-fail --no-cache \
    --sarif-dir "$keep" --format markdown --output /dev/null 2>/dev/null
}
keep_scan
kf=$(ls "$keep"/*.sarif | sort | head -1)
cp "$kf" "$tmp/keep.want"
ino=$(stat -c %i "$kf")
keep_scan
if [[ $(stat -c %i "$kf") == "$ino" ]] && cmp -s "$kf" "$tmp/keep.want"; then
  ok
else
  bad "an unchanged SARIF file was rewritten"
fi
printf 'X' | dd of="$kf" bs=1 seek=20 conv=notrunc 2>/dev/null
truncate -s -1 "$(ls "$keep"/*.sarif | sort | tail -1)"
cp "$(ls "$keep"/*.sarif | sort | tail -1)" "$tmp/keep.short"
keep_scan
if cmp -s "$kf" "$tmp/keep.want" && [[ $(stat -c %i "$kf") != "$ino" ]] &&
  ! cmp -s "$(ls "$keep"/*.sarif | sort | tail -1)" "$tmp/keep.short"; then
  ok
else
  bad "a SARIF file with other bytes was not replaced"
fi

# What the outputs list decides what the engine keeps (mls_detail): a
# Markdown table alone keeps counts, statistics and SARIF the failing and
# suppressed results, SARIF with --sarif-unknown the unknown ones too,
# JSON every result. Every count must be the same at every detail, and
# SARIF the same whatever else the engine listed, cold and warm (the
# detail is part of the cache key).
detail() { # DIR CACHE ARGS...
  local d=$1 c=$2
  shift 2
  mkdir -p "$d"
  "$bin" scan "$org" "${rules[@]}" -q --fail-on high \
    --cache-dir "$c" --format markdown --output "$d/summary.md" "$@" \
    2>"$d/stderr"
  echo $? >"$d/status"
}
for c in cold warm; do
  detail "$tmp/dc-$c" "$tmp/dcache"
  detail "$tmp/df-$c" "$tmp/dcache" --stats "$tmp/df-$c.stats.json"
  detail "$tmp/da-$c" "$tmp/dcache" --stats "$tmp/da-$c.stats.json" \
    --format json --output "$tmp/da-$c.json"
  detail "$tmp/du-$c" "$tmp/dcache" --stats "$tmp/du-$c.stats.json" \
    --sarif-dir "$tmp/du-$c.sarif" --sarif-unknown
  detail "$tmp/ds-$c" "$tmp/dcache" --sarif-dir "$tmp/ds-$c.sarif"
  detail "$tmp/dsa-$c" "$tmp/dcache" --sarif-dir "$tmp/dsa-$c.sarif" \
    --format json --output "$tmp/dsa-$c.json"
  same "detail counts vs failures ($c)" "$tmp/dc-$c" "$tmp/df-$c"
  same "detail counts vs findings ($c)" "$tmp/dc-$c" "$tmp/du-$c"
  same "detail counts vs all ($c)" "$tmp/dc-$c" "$tmp/da-$c"
  same "SARIF at detail failures vs all ($c)" "$tmp/ds-$c.sarif" \
    "$tmp/dsa-$c.sarif"
  if grep -q '"Could not be decided' "$tmp/du-$c.sarif"/*.sarif &&
    ! grep -q '"Could not be decided' "$tmp/ds-$c.sarif"/*.sarif; then
    ok
  else
    bad "--sarif-unknown lists unknown results, and only it ($c)"
  fi
  same "summary vs full sweep ($c)" "$tmp/dc-$c/summary.md" "$tmp/j1/summary.md"
  python3 - "$tmp/df-$c.stats.json" "$tmp/da-$c.stats.json" \
    "$tmp/du-$c.stats.json" <<'EOF' ||
import json, sys
a, b, u = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b, u):
    d.pop("sweep", None)
assert a == b, "statistics differ between failures and all"
# --sarif-unknown adds notes to SARIF, so what the statistics say of the
# SARIF files differs; every count of results must not.
def no_sarif(x):
    if isinstance(x, dict):
        return {k: no_sarif(v) for k, v in x.items() if k != "sarif"}
    if isinstance(x, list):
        return [no_sarif(v) for v in x]
    return x
assert no_sarif(a) == no_sarif(u), "statistics differ between failures and findings"
assert a["totals"]["passed"] > 0, a["totals"]
assert a["totals"]["unknown"] > 0, a["totals"]
EOF
    bad "statistics at detail failures, findings and all ($c)"
done
# The org has failing high-severity results: exit 1 (the same at every
# detail, which `same` compared above).
grep -q '^1$' "$tmp/dc-cold/status" || bad "--fail-on high with counts only"

# Every repository is reported, the broken ones with diagnostics.
python3 - "$tmp/j1/results.json" <<'EOF' || bad "results cover the org"
import json, sys
res = json.load(open(sys.argv[1]))["results"]
repos = {r["repo"] for r in res}
want = {"gen-%d" % i for i in range(1, 13)} | {"mirror-gen-1.git", "hostile",
        "sagemaker-platform", "bedrock-agents"}
missing = want - repos
assert not missing, "no results for %s" % sorted(missing)
# CDK output: messages name the construct, not only the hashed logical id.
assert any("(CDK construct FeatureStoreStack/" in r["message"]
           for r in res if r["repo"] == "feature-store-cdk"), "no CDK construct"
for repo in ("hostile", "treeless"):
    kept = [r for r in res if r["repo"] == repo]
    assert any(r["resource"] == "aws_sagemaker_notebook_instance.kept"
               for r in kept), (repo, kept)
EOF
ok
# Each broken case is a diagnostic in the JSON output (with -q nothing is
# printed), naming the repository and, for a file, its path.
python3 - "$tmp/j1/results.json" <<'EOF' && ok || bad "diagnostics for the hostile cases"
import json, sys
diags = json.load(open(sys.argv[1]))["diagnostics"]
def has(repo, path=None, text=""):
    return any(d["repo"] == repo and (path is None or d.get("path") == path)
               and text in d["message"] for d in diags)
want = [("hostile", "sub/gone.tf", ""), ("hostile", "passwd.tf", ""),
        ("hostile", "sub/up.tf", ""), ("hostile", "vendor/mod", ""),
        ("hostile", "big.tf", "LFS"), ("noref", None, ""),
        ("corrupt-pack", None, ""), ("treeless", "lost", "")]
missing = [w for w in want if not has(*w)]
assert not missing, "missing %s in %s" % (missing, json.dumps(diags, indent=1))
# The LFS pointer is a note, and only that: not also a file the module
# loader "cannot read".
lfs = [d for d in diags if d["repo"] == "hostile" and d.get("path") == "big.tf"]
assert [d["severity"] for d in lfs] == ["note"], lfs
EOF
python3 - "$tmp/j1/results.json" <<'EOF' && ok || bad "a symbolic link was followed"
import json, sys
res = json.load(open(sys.argv[1]))["results"]
assert not [r for r in res if r["path"] in ("passwd.tf", "sub/up.tf")]
EOF
python3 "$root/tests/sarif/check_github.py" "$tmp/j1/sarif"/*.sarif \
  >"$tmp/check" 2>&1 && ok || {
  bad "per-repository SARIF fails the GitHub checks"
  tail -5 "$tmp/check"
}
python3 "$root/tests/sarif/check_github.py" --org "$tmp/j1/org.sarif" \
  >"$tmp/check" 2>&1 && ok || {
  bad "the org SARIF fails check_github.py --org"
  tail -5 "$tmp/check"
}

# --- the cache is untrusted: damaged values, kill -9 -------------------------
# Damage every stored value (a byte flipped inside each, through LMDB so
# its own pages stay intact: LMDB does not checksum them, our envelope
# does): every entry is bad, recomputed, and the outputs do not change.
if "$bin" cache damage --cache-dir "$tmp/cache" >"$tmp/out" 2>&1 &&
  grep -Eq '^damaged [1-9][0-9]* values$' "$tmp/out"; then ok; else
  bad "cache damage: $(cat "$tmp/out")"
fi
sweep "$tmp/flipped" -j2 --cache-dir "$tmp/cache"
same "flipped cache values" "$tmp/cold" "$tmp/flipped"
# The size cap: a sweep that ends over --cache-max-mb evicts the entries
# unused longest; the outputs do not change.
sweep "$tmp/capped" -j2 --cache-dir "$tmp/cache" --cache-max-mb 1
same "a capped cache" "$tmp/cold" "$tmp/capped"
used=$("$bin" cache stats --cache-dir "$tmp/cache" |
  awk '$1 != "map" { s += $4 } END { print s }')
[[ -n $used && $used -le 1048576 ]] && ok || bad "cache holds $used bytes over a 1 MB cap"

for delay in 0.01 0.03 0.06; do
  rm -rf "$tmp/kcache"
  "$bin" scan "$org" "${rules[@]}" -q --soft-fail --cache-dir "$tmp/kcache" \
    --format json --output /dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  sweep "$tmp/killed" -j2 --cache-dir "$tmp/kcache"
  same "kill -9 after ${delay}s, then a sweep" "$tmp/cold" "$tmp/killed"
  sweep "$tmp/killed2" -j2 --cache-dir "$tmp/kcache"
  same "kill -9 after ${delay}s, then a warm sweep" "$tmp/cold" "$tmp/killed2"
done

# --- a new commit reuses what did not change --------------------------------
# A module called by a root, and one template, change in a new commit: a
# sweep with the warm cache must equal a sweep without it (the root whose
# module changed is evaluated again; everything else comes from the cache).
sed -i 's/direct_internet_access = var.access/direct_internet_access = "Disabled"/' \
  "$org/gen-5/modules/nb/main.tf"
sed -i 's/InstanceType: ml.t3.medium/InstanceType: ml.t3.large/' \
  "$org/gen-6/cfn/stack.yaml"
commit_all "$org/gen-5" change && commit_all "$org/gen-6" change
sweep "$tmp/changed-nocache" -j2 --no-cache
sweep "$tmp/changed-warm" -j2 --cache-dir "$tmp/cache"
same "changed commit: warm cache vs no cache" "$tmp/changed-nocache" \
  "$tmp/changed-warm"
if diff -q "$tmp/cold/results.json" "$tmp/changed-warm/results.json" >/dev/null; then
  bad "the changed module did not change the results"
else ok; fi

# --- --worktree, shards, exit codes ----------------------------------------
wt=$org/gen-3
printf 'resource "aws_sagemaker_notebook_instance" "uncommitted" {\n  name = "u"\n}\n' >"$wt/new.tf"
run "HEAD ignores uncommitted files" 1 "$wt" "${rules[@]}" --no-cache --format json
grep -q uncommitted "$tmp/out" && bad "HEAD saw an uncommitted file" || ok
run "--worktree sees them" 1 "$wt" "${rules[@]}" --no-cache --worktree --format json
grep -q '"aws_sagemaker_notebook_instance.uncommitted"' "$tmp/out" && ok ||
  bad "--worktree did not see new.tf"
# With a filled cache libgit2 is set up only when a repository needs it;
# a sweep read from disk (--worktree, a plain directory) never loads it
# and must not call into it (it crashed freeing its handle).
run "--worktree with a filled cache" 1 "$wt" "${rules[@]}" \
  --cache-dir "$tmp/cache" --worktree --format json
grep -q '"aws_sagemaker_notebook_instance.uncommitted"' "$tmp/out" && ok ||
  bad "--worktree with a filled cache did not see new.tf"
mkdir -p "$tmp/plain"
cp "$wt/new.tf" "$tmp/plain/"
run "a plain directory with a filled cache" 1 "$tmp/plain" "${rules[@]}" \
  --cache-dir "$tmp/cache" --format json
grep -q '"aws_sagemaker_notebook_instance.uncommitted"' "$tmp/out" && ok ||
  bad "a plain directory with a filled cache: no result"
rm -f "$wt/new.tf"

# A file named as the target: its directory, read from disk, that file
# alone (no sibling, no subdirectory); a file that is not IaC is refused.
run "a Terraform file as the target" 1 "$org/gen-1/main.tf" "${rules[@]}" \
  --no-cache --fail-on low --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "a Terraform file as the target"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no result"
assert {(r["repo"], r["path"]) for r in d["results"]} == {("main.tf", "main.tf")}, d["results"]
# The module it calls is not read, and the diagnostic says why.
assert any("is not read (the target is one file)" in x["message"]
           for x in d["diagnostics"]), d["diagnostics"]
EOF
run "a template as the target" 1 "$org/gen-1/cfn/stack.yaml" "${rules[@]}" \
  --no-cache --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "a template as the target"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no result"
# A file below a clone's top is the clone's file: its path the clone's.
assert {(r["repo"], r["path"]) for r in d["results"]} == {("gen-1/cfn/stack.yaml", "cfn/stack.yaml")}, d["results"]
EOF

# A directory inside a clone (docs/git.md "A directory inside a clone"):
# only it is walked, read from disk, but its paths are the clone's (SARIF
# URIs relative to the repository's root) and a module outside it is
# read (from disk, uncommitted changes included) and not cached.
sub=$tmp/subclone
mkdir -p "$sub/envs/prod" "$sub/envs/dev" "$sub/modules/nb" "$sub/other"
cat >"$sub/envs/prod/main.tf" <<'EOF'
module "nb" {
  source = "../../modules/nb"
  access = "Enabled"
}
EOF
sed 's/Enabled/Disabled/' "$sub/envs/prod/main.tf" >"$sub/envs/dev/main.tf"
cat >"$sub/modules/nb/main.tf" <<'EOF'
variable "access" {}
resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "nb"
  role_arn               = "arn:aws:iam::123456789012:role/nb"
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.access
}
resource "aws_sagemaker_notebook_instance" "open" {
  name          = "open"
  role_arn      = "arn:aws:iam::123456789012:role/nb"
  instance_type = "ml.t3.medium"
}
EOF
cat >"$sub/other/main.tf" <<'EOF'
resource "aws_sagemaker_notebook_instance" "other" {
  name          = "other"
  role_arn      = "arn:aws:iam::123456789012:role/nb"
  instance_type = "ml.t3.medium"
}
EOF
git init -q "$sub" && commit_all "$sub"
run "a directory inside a clone" 1 "$sub/envs/prod" "${rules[@]}" \
  --no-cache --format json --sarif "$tmp/sub.sarif"
python3 - "$tmp/out" "$tmp/sub.sarif" <<'EOF' && ok || bad "a directory inside a clone"
import json, sys
d = json.load(open(sys.argv[1]))
got = {(r["repo"], r["path"], r["status"], r["module"]) for r in d["results"]
       if r["rule"] == "MLS-TEST-001"}
# Where the value was set (the call in envs/prod), and the module's own
# file; other/ is not swept.
assert got == {("subclone/envs/prod", "envs/prod/main.tf", "fail", "envs/prod:module.nb"),
               ("subclone/envs/prod", "modules/nb/main.tf", "fail", "envs/prod:module.nb")}, d["results"]
assert not any("outside the repository" in x["message"] for x in d["diagnostics"]), d["diagnostics"]
s = json.load(open(sys.argv[2]))
uris = {l["physicalLocation"]["artifactLocation"]["uri"]
        for run in s["runs"] for r in run["results"] for l in r["locations"]}
assert uris == {"envs/prod/main.tf", "modules/nb/main.tf"}, uris
# A slice of the clone is an analysis of its own for GitHub.
assert [r["automationDetails"]["id"] for r in s["runs"]] == ["mlsweep/envs/prod/"], s["runs"][0].get("automationDetails")
EOF
# The default target, the current directory, is the same directory.
(cd "$sub/envs/prod" && "$bin" scan "${rules[@]}" --no-cache -q --soft-fail \
  --format json >"$tmp/out2" 2>"$tmp/err") && cmp -s "$tmp/out" "$tmp/out2" && ok ||
  bad "the current directory inside a clone differs from naming it"
# Two directories of one clone are two targets; their results are cached
# apart, and a module outside them is read again when it changes.
run "two directories of one clone" 1 "$sub/envs/prod" "$sub/envs/dev" \
  "${rules[@]}" --cache-dir "$tmp/subcache" --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "two directories of one clone"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted((r["repo"], r["status"]) for r in d["results"] if r["rule"] == "MLS-TEST-001")
assert got == [("subclone/envs/dev", "fail"), ("subclone/envs/dev", "pass"),
               ("subclone/envs/prod", "fail"), ("subclone/envs/prod", "fail")], got
EOF
sed -i 's/= var.access/= "Disabled"/' "$sub/modules/nb/main.tf"
run "a module outside the directory changed" 1 "$sub/envs/prod" "${rules[@]}" \
  --cache-dir "$tmp/subcache" --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "a module outside the directory changed: stale result"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted(r["status"] for r in d["results"] if r["rule"] == "MLS-TEST-001")
assert got == ["fail", "pass"], got
EOF
# The clone's own .mlsweep.yaml, at its top, is read in repository mode.
cat >"$sub/.mlsweep.yaml" <<'EOF'
disable:
  - id: MLS-TEST-001
    reason: "test waiver"
EOF
run "a directory inside a clone reads the clone's configuration" 0 \
  "$sub/envs/prod" "${rules[@]}" --no-cache --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "a directory inside a clone: the clone's .mlsweep.yaml is not read"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted(r["status"] for r in d["results"] if r["rule"] == "MLS-TEST-001")
assert got == ["pass", "suppressed"], got
EOF
rm "$sub/.mlsweep.yaml"

# --include picks the roots; the modules they call are read whole, and a
# change to one is seen through the cache.
commit_all "$sub"
run "--include reads the modules of the roots it picks" 1 "$sub" \
  "${rules[@]}" --include 'envs/prod/**' --cache-dir "$tmp/inccache" --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "--include: the module of an included root was not read"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted((r["path"], r["status"]) for r in d["results"] if r["rule"] == "MLS-TEST-001")
assert got == [("modules/nb/main.tf", "fail"), ("modules/nb/main.tf", "pass")], got
EOF
sed -i 's/= "Disabled"/= var.access/' "$sub/modules/nb/main.tf"
commit_all "$sub"
run "--include with a changed module" 1 "$sub" "${rules[@]}" \
  --include 'envs/prod/**' --cache-dir "$tmp/inccache" --format json
python3 - "$tmp/out" <<'EOF' && ok || bad "--include with a changed module: stale result"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted((r["path"], r["status"]) for r in d["results"] if r["rule"] == "MLS-TEST-001")
assert got == [("envs/prod/main.tf", "fail"), ("modules/nb/main.tf", "fail")], got
EOF
printf 'not infrastructure\n' >"$tmp/notes.txt"
run "a file that is not IaC as the target" 2 "$tmp/notes.txt" --no-cache
grep -q "notes.txt' is neither a directory" "$tmp/err" && ok ||
  bad "a file that is not IaC: no diagnostic"

for k in 1 2 3; do
  run "shard $k/3" 0 "$org" "${rules[@]}" --no-cache --shard $k/3 \
    --format json --soft-fail
  cp "$tmp/out" "$tmp/shard$k.json"
done
python3 - "$tmp/changed-nocache/results.json" "$tmp"/shard{1,2,3}.json <<'EOF' && ok || bad "shards do not add up to the whole"
import json, sys
def load(p):
    return [json.dumps(r, sort_keys=True) for r in json.load(open(p))["results"]]
whole = load(sys.argv[1])
parts = [load(p) for p in sys.argv[2:]]
assert all(parts), "an empty shard: the hash does not spread"
union = sorted(x for p in parts for x in p)
assert union == sorted(whole), (len(union), len(whole))
EOF

# --ref: a branch of a clone and of a bare mirror is read from the object
# database without touching the checkout.
git -C "$org/gen-2" checkout -q -b feature
printf 'resource "aws_sagemaker_notebook_instance" "on_feature" {\n  name = "f"\n}\n' \
  >"$org/gen-2/feature.tf"
commit_all "$org/gen-2" feature && git -C "$org/gen-2" checkout -q main
run "--ref feature" 1 "$org/gen-2" "${rules[@]}" --no-cache --ref feature --format json
grep -q 'aws_sagemaker_notebook_instance.on_feature' "$tmp/out" && ok ||
  bad "--ref feature did not read the branch"
run "HEAD is main" 1 "$org/gen-2" "${rules[@]}" --no-cache --format json
grep -q 'on_feature' "$tmp/out" && bad "HEAD read the feature branch" || ok
run "--ref on a missing branch" 2 "$org/gen-2" "${rules[@]}" --no-cache \
  --ref no-such-branch --format json --soft-fail
grep -q "no-such-branch" "$tmp/out" && ok || bad "no diagnostic for a bad --ref"

# Two roots calling one module by one name: two deployments, each result
# naming its root (JSON module, text), never two identical lines.
mkdir -p "$tmp/roots/modules/nb" "$tmp/roots/examples/a" "$tmp/roots/examples/b"
printf 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "x"\n}\n' \
  >"$tmp/roots/modules/nb/main.tf"
for e in a b; do
  printf 'module "nb" {\n  source = "../../modules/nb"\n}\n' \
    >"$tmp/roots/examples/$e/main.tf"
done
run "two roots, text" 1 "$tmp/roots" "${rules[@]}" --no-cache
for e in a b; do
  grep -q "module.nb.aws_sagemaker_notebook_instance.nb  (root module examples/$e)" \
    "$tmp/out" && ok || bad "text does not name root examples/$e"
done
run "two roots, json" 1 "$tmp/roots" "${rules[@]}" --no-cache --format json
python3 - "$tmp/out" <<'PY' && ok || bad "two roots' results are not two"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["rule"] == "MLS-TEST-001"]
assert sorted(x["module"] for x in r) == ["examples/a:module.nb", "examples/b:module.nb"], r
assert len({x["fingerprint"] for x in r}) == 2, r
PY

run "clean repository" 0 "$org/clean" "${rules[@]}" --no-cache
run "findings at high" 1 "$org/gen-1" "${rules[@]}" --no-cache
run "--fail-on critical" 0 "$org/gen-1" "${rules[@]}" --no-cache --fail-on critical
run "--fail-on low (versioning)" 1 "$org/gen-3" "${rules[@]}" --no-cache --fail-on low
run "--soft-fail" 0 "$org/gen-1" "${rules[@]}" --no-cache --soft-fail
run "bad --shard" 2 "$org" --shard 4/3

# --format sarif is the org SARIF log, as --sarif: on stdout alone, or to
# its --output beside another format; two logs, or two outputs on stdout,
# are usage errors.
"$bin" scan "$org/gen-1" "${rules[@]}" --no-cache -q --sarif "$tmp/fs-ref.sarif" \
  --format markdown --output /dev/null >/dev/null 2>&1
run "--format sarif on stdout" 1 "$org/gen-1" "${rules[@]}" --no-cache -q \
  --format sarif
cmp -s "$tmp/out" "$tmp/fs-ref.sarif" && ok ||
  bad "--format sarif on stdout is not --sarif's log"
run "--format sarif --output, json on stdout" 1 "$org/gen-1" "${rules[@]}" \
  --no-cache -q --format sarif --output "$tmp/fs.sarif" --format json
cmp -s "$tmp/fs.sarif" "$tmp/fs-ref.sarif" && ok ||
  bad "--format sarif --output is not --sarif's log"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))["results"]' \
  "$tmp/out" && ok || bad "json beside --format sarif is not on stdout"
run "--format sarif with --sarif" 2 "$org/gen-1" --no-cache \
  --format sarif --sarif "$tmp/x.sarif"
run "--format sarif and json both on stdout" 2 "$org/gen-1" --no-cache \
  --format sarif --format json
run "json and text both on stdout" 2 "$org/gen-1" --no-cache \
  --format json --format text --output -
run "--sarif - and json both on stdout" 2 "$org/gen-1" --no-cache \
  --sarif - --format json
run "--sarif - and text both on stdout" 2 "$org/gen-1" --no-cache \
  --sarif - --format text
# --sarif - alone: the log is the whole of standard output (no text report
# in front of it), as with --format sarif.
"$bin" scan "$org/gen-1" --no-cache -q --soft-fail --sarif - >"$tmp/sdash.sarif" &&
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))["runs"]' \
    "$tmp/sdash.sarif" && ok || bad "--sarif - alone is not one SARIF log"
# --output - is standard output, as --sarif - is: no file named "-"
(cd "$tmp" && "$bin" scan "$org/gen-1" --no-cache -q --soft-fail \
  --format json --output - >"$tmp/dash.json") &&
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))["results"]' \
    "$tmp/dash.json" && [ ! -e "$tmp/-" ] && ok ||
  bad "--output - is not standard output"
run "bad --rules" 2 "$org" --rules "$tmp/no-such-rules"

# A finding points at the value that decided it, wherever it is written;
# a pass points at the resource when that value is in another file (here a
# module's output), not at the module.
loc=$tmp/loc
mkdir -p "$loc/modules/key"
cat >"$loc/main.tf" <<'TF'
module "key" {
  source = "./modules/key"
}

resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "nb"
  role_arn               = "arn:aws:iam::111122223333:role/nb"
  instance_type          = "ml.t3.medium"
  kms_key_id             = module.key.arn
  direct_internet_access = var.internet
}
TF
cat >"$loc/variables.tf" <<'TF'
variable "internet" {
  default = "Enabled"
}
TF
cat >"$loc/modules/key/main.tf" <<'TF'
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

output "arn" {
  value = aws_kms_key.k.arn
}
TF
run "result locations" 1 "$loc" --no-cache --format json
python3 - "$tmp/out" <<'PY' && ok || bad "result locations"
import json, sys
r = {x["rule"]: x for x in json.load(open(sys.argv[1]))["results"]
     if x["resource"] == "aws_sagemaker_notebook_instance.nb"}
assert r["MLS-SM-001"]["status"] == "pass", r["MLS-SM-001"]
assert r["MLS-SM-001"]["path"] == "main.tf", r["MLS-SM-001"]
assert r["MLS-SM-002"]["status"] == "fail", r["MLS-SM-002"]
assert (r["MLS-SM-002"]["path"], r["MLS-SM-002"]["line"]) == \
    ("variables.tf", 2), r["MLS-SM-002"]
PY

# A Trivy or tfsec ignore above a module block, or a Checkov skip inside
# one, covers what the module makes, at any depth, for that id only; one
# above another block does not.
msc=$tmp/modscope
mkdir -p "$msc/modules/site" "$msc/modules/inner"
cat >"$msc/main.tf" <<'TF'
# trivy:ignore:AVD-AWS-0092 a public website
module "site" {
  source = "./modules/site"
}

#tfsec:ignore:aws-s3-no-public-access-with-acl
resource "aws_s3_bucket" "other" {
  bucket = "other"
}

module "plain" {
  source = "./modules/site"
}

module "checkov" {
  source = "./modules/site"
  #checkov:skip=CKV_AWS_20:the website's bucket is public
}
TF
cat >"$msc/modules/site/main.tf" <<'TF'
module "inner" {
  source = "../inner"
}
TF
cat >"$msc/modules/inner/main.tf" <<'TF'
resource "aws_s3_bucket" "b" {
  bucket = "site"
  acl    = "public-read"
}
TF
run "module-scope suppressions" 1 "$msc" --no-cache --format json
python3 - "$tmp/out" <<'PY' && ok || bad "module-scope suppressions"
import json, sys
r = {(x["rule"], x["resource"]): x for x in json.load(open(sys.argv[1]))["results"]}
s = r[("MLS-S3-007", "module.site.module.inner.aws_s3_bucket.b")]
assert s["status"] == "suppressed", s
assert s["suppression"]["origin"] == "trivy", s
assert s["suppression"]["line"] == 1, s
p = r[("MLS-S3-007", "module.plain.module.inner.aws_s3_bucket.b")]
assert p["status"] == "fail", p
# another rule on the same bucket is not covered by that id
e = r[("MLS-S3-002", "module.site.module.inner.aws_s3_bucket.b")]
assert e["status"] == "fail", e
k = r[("MLS-S3-007", "module.checkov.module.inner.aws_s3_bucket.b")]
assert k["status"] == "suppressed", k
assert k["suppression"]["origin"] == "checkov", k
assert k["suppression"]["line"] == 17, k
e = r[("MLS-S3-002", "module.checkov.module.inner.aws_s3_bucket.b")]
assert e["status"] == "fail", e
PY

# --- diagnostics on stderr come in repository-name order -------------------
# Reports arrive as repositories finish; the lines they print are held and
# printed by name, so every run prints the same (the summary's time aside).
dorg=$tmp/diag-org
for n in e a d c f b; do
  mkdir -p "$dorg/$n"
  printf 'resource "aws_s3_bucket" "x" {\n  bucket = var.missing_%s\n}\n' "$n" \
    >"$dorg/$n/main.tf"
  git -C "$dorg/$n" init -q -b main && commit_all "$dorg/$n"
done
for i in 1 2 3 4; do
  "$bin" scan "$dorg" --no-cache -j4 --soft-fail --format json \
    --output /dev/null 2>"$tmp/err$i"
  grep -v ' results; failing: ' "$tmp/err$i" >"$tmp/lines$i"
done
names=$(sed -n 's/^mlsweep: \([a-f]\): .*/\1/p' "$tmp/lines1" | tr -d '\n')
[[ $names == abcdef ]] && ok || bad "stderr diagnostics in order $names, want abcdef"
for i in 2 3 4; do
  cmp -s "$tmp/lines1" "$tmp/lines$i" && ok ||
    bad "stderr diagnostics differ between runs 1 and $i"
done

# --- files that do not parse are diagnostics and parse_failures ------------
# A CDK synth template has no AWSTemplateFormatVersion: broken, it still
# claims to be a template (a `Type: X::` resource). A Terraform syntax
# error counts as one too, the same with a cache cold or warm.
porg=$tmp/parse-org
mkdir -p "$porg/r"
printf '{\n  "Resources": {\n    "B": {\n      "Type": "AWS::S3::Bucket",\n    }\n  }\n}\n' \
  >"$porg/r/cdk.template.json"
printf 'resource "aws_s3_bucket" "b" {\n  tags = { a:b = 1 }\n}\n' >"$porg/r/main.tf"
printf 'kind: Deployment\nspec: [unclosed\n' >"$porg/r/k8s.yaml"
git -C "$porg/r" init -q -b main && commit_all "$porg/r"
rm -rf "$tmp/pcache"
for i in 1 2; do
  "$bin" scan "$porg" --cache-dir "$tmp/pcache" -q --soft-fail \
    --format json --output "$tmp/parse$i.json" --stats "$tmp/pstats$i.json"
done
python3 - "$tmp" <<'PY' && ok || bad "parse failures are not all reported and counted"
import json, sys
t = sys.argv[1]
for i in (1, 2):
    d = json.load(open(f"{t}/parse{i}.json"))
    paths = sorted({x["path"] for x in d["diagnostics"] if x["severity"] == "error"})
    assert paths == ["cdk.template.json", "main.tf"], paths
    s = json.load(open(f"{t}/pstats{i}.json"))
    assert s["sweep"]["parse_failures"] == 2, s["sweep"]
    assert s["repos"][0]["parse_failures"] == 2, s["repos"][0]
PY

# Past the first 100 diagnostics of a repository each further broken file
# is still named, and counted: 130 roots with a syntax error each, two
# diagnostics apiece, cache cold and warm.
borg=$tmp/broken-org
mkdir -p "$borg/r"
for i in $(seq -w 1 130); do
  mkdir -p "$borg/r/d$i"
  printf 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n' >"$borg/r/d$i/main.tf"
done
git -C "$borg/r" init -q -b main && commit_all "$borg/r"
rm -rf "$tmp/bcache"
for i in 1 2; do
  "$bin" scan "$borg" --cache-dir "$tmp/bcache" -q --soft-fail \
    --format json --output "$tmp/broken$i.json" --stats "$tmp/bstats$i.json"
done
python3 - "$tmp" <<'PY' && ok || bad "broken files past 100 diagnostics are not all named"
import json, sys
t = sys.argv[1]
for i in (1, 2):
    d = json.load(open(f"{t}/broken{i}.json"))
    errs = {x["path"] for x in d["diagnostics"] if x["severity"] == "error"}
    assert len(errs) == 130, len(errs)
    s = json.load(open(f"{t}/bstats{i}.json"))
    assert s["sweep"]["parse_failures"] == 130, s["sweep"]
    assert s["repos"][0]["parse_failures"] == 130, s["repos"][0]
PY

# A duplicate resource in .tf.json is reported at its own key, with its
# address, not at the "resource" property every resource of the file shares.
dorg2=$tmp/dup-json
mkdir -p "$dorg2"
printf 'resource "aws_s3_bucket" "x" {\n  bucket = "a"\n}\n' >"$dorg2/a.tf"
printf '{\n  "resource": {\n    "aws_s3_bucket": {\n      "y": {\n        "bucket": "b"\n      },\n      "x": {\n        "bucket": "c"\n      }\n    }\n  }\n}\n' \
  >"$dorg2/b.tf.json"
"$bin" scan "$dorg2" --no-cache -q --soft-fail --format json \
  --output "$tmp/dupjson.json"
python3 - "$tmp/dupjson.json" <<'PY' && ok || bad "a .tf.json duplicate is not at its key"
import json, sys
d = [x for x in json.load(open(sys.argv[1]))["diagnostics"]
     if "duplicate" in x["message"]]
assert len(d) == 1, d
assert d[0]["path"] == "b.tf.json" and d[0]["line"] == 7, d
assert 'duplicate resource "aws_s3_bucket.x"' in d[0]["message"], d
PY

# The default cache directory is made with its missing parents: a new
# machine may have no ~/.cache (and XDG_CACHE_HOME may name a path not yet
# made). The second sweep of each is served from that cache.
frepo=$tmp/fresh-repo
git init -q "$frepo"
cp "$dorg2/a.tf" "$frepo/" && commit_all "$frepo"
for how in home xdg; do
  h=$tmp/fresh-$how
  mkdir -p "$h"
  if [[ $how == home ]]; then
    env=(env -u XDG_CACHE_HOME HOME="$h")
    cdir=$h/.cache/mlsweep
  else
    env=(env HOME="$h/nohome" XDG_CACHE_HOME="$h/x/y")
    cdir=$h/x/y/mlsweep
  fi
  for n in 1 2; do
    "${env[@]}" "$bin" scan "$frepo" --soft-fail --format json \
      --output "$tmp/fresh$n.json" --stats "$tmp/fresh$n.stats" \
      >/dev/null 2>"$tmp/fresh$n.err"
  done
  if [[ -f $cdir/data.mdb ]] && ! grep -q "not used" "$tmp/fresh1.err" &&
    cmp -s "$tmp/fresh1.json" "$tmp/fresh2.json" &&
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sweep"]; assert s["cache"]["hits"] == 1, s' \
      "$tmp/fresh2.stats" 2>"$tmp/fresh.py"; then
    ok
  else
    bad "default cache ($how): $cdir not made or not used"
    sed 's/^/  /' "$tmp/fresh1.err" "$tmp/fresh.py" | head -10
  fi
done
# A HOME that does not exist (a service account's /nonexistent) is never
# made: the sweep runs without a cache and says why.
env -u XDG_CACHE_HOME HOME="$tmp/nohome" "$bin" scan "$frepo" --soft-fail \
  --format json --output "$tmp/fresh3.json" >/dev/null 2>"$tmp/fresh3.err"
if [[ $? -eq 0 && ! -e $tmp/nohome ]] &&
  grep -q "HOME ($tmp/nohome) is not a directory" "$tmp/fresh3.err" &&
  cmp -s "$tmp/fresh1.json" "$tmp/fresh3.json"; then
  ok
else
  bad "a HOME that does not exist was made, or the sweep differs"
  sed 's/^/  /' "$tmp/fresh3.err" | head -5
fi

# A repository another user owns is read at HEAD (the native reader) and at
# a --ref only libgit2 resolves (HEAD~0) alike: libgit2's ownership check
# (safe.directory) is off. Only root can give a repository away; as another
# user both sweeps still run and must agree.
own=$tmp/owned
mkdir -p "$own" && cp -r "$frepo" "$own/r"
[[ $(id -u) -eq 0 ]] && chown -R 65534:65534 "$own/r"
for ref in HEAD HEAD~0; do
  "$bin" scan "$own" --no-cache -q --soft-fail --ref "$ref" --format json \
    --output "$tmp/own-$ref.json" 2>"$tmp/own-$ref.err"
done
if python3 - "$tmp/own-HEAD.json" "$tmp/own-HEAD~0.json" <<'PY'; then
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["diagnostics"] == [] and b["diagnostics"] == [], (a["diagnostics"], b["diagnostics"])
assert a["results"] and a["results"] == b["results"]
PY
  ok
else
  bad "a repository owned by another user (uid $(stat -c %u "$own/r")) is not read alike at HEAD and HEAD~0"
fi

# A partial clone (git clone --filter) lacks blobs by design: each file it
# left out is an error that says so, not "object not found".
git -C "$frepo" config uploadpack.allowFilter true
git clone -q --bare --filter=blob:none "file://$frepo" "$tmp/partial/p.git" 2>/dev/null
"$bin" scan "$tmp/partial" --no-cache -q --soft-fail --format json \
  --output "$tmp/partial.json" 2>/dev/null
python3 - "$tmp/partial.json" <<'PY' && ok || bad "a partial clone's missing blob is not named as such"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
assert [x["path"] for x in d] == ["a.tf"], d
assert "this is a partial clone (git clone --filter)" in d[0]["message"], d
PY

# OpenTofu: .tofu and .tofu.json files are swept, each instead of the .tf or
# .tf.json of the same base name; at a ref and from disk alike.
tofu=$tmp/tofu-org/tofu
mkdir -p "$tmp/tofu-org"
cp -r "$root/tests/fixtures/tf/opentofu" "$tofu"
git -C "$tofu" init -q -b main && commit_all "$tofu"
for how in ref worktree; do
  extra=()
  [[ $how == worktree ]] && extra=(--worktree)
  "$bin" scan "$tofu" "${extra[@]}" --no-cache -q --soft-fail --format json \
    --output "$tmp/tofu-$how.json" 2>/dev/null
done
python3 - "$tmp/tofu-ref.json" "$tmp/tofu-worktree.json" <<'PY' && ok || bad "OpenTofu files are not swept as OpenTofu reads them"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["results"] == b["results"], "ref and worktree differ"
paths = {r["path"] for r in a["results"]}
assert paths == {"main.tofu", "data.tofu.json", "extra.tf",
                 "modules/store/main.tofu"}, paths
nb = [r for r in a["results"] if r["rule"] == "MLS-SM-004"]
assert [r["status"] for r in nb] == ["pass"], nb  # nb_override.tofu's root_access
assert not [d for d in a["diagnostics"] if "duplicate" in d["message"]], a["diagnostics"]
PY

# After `terraform init`: a work tree's remote modules are swept from
# .terraform/modules (--worktree, a plain directory); at a ref, where Git
# ignores .terraform/, they stay remote. An edit below .terraform is seen
# by a warm sweep: what is read there is never trusted to the cache.
ti=$tmp/tfinit-org/r
mkdir -p "$tmp/tfinit-org"
cp -r "$root/tests/fixtures/tf/tfinit" "$ti"
printf '.terraform/\n' >"$ti/.gitignore"
git -C "$ti" init -q -b main && commit_all "$ti"
sleep 2.1 # past the racy window: the warm sweep may trust what it saw
tisweep() {
  "$bin" scan "$ti" "$@" -q --soft-fail --format json \
    --output "$tmp/ti.json" 2>/dev/null
  python3 -c 'import json,sys; print(sorted({(r["rule"], r["path"]) for r in json.load(open(sys.argv[1]))["results"] if r["rule"] in ("MLS-S3-007", "MLS-SNS-001")}))' "$tmp/ti.json"
}
got_ref=$(tisweep --no-cache)
got_wt=$(tisweep --worktree --no-cache)
got_cold=$(tisweep --worktree --cache-dir "$tmp/ti-cache")
sed -i 's/bucket-events/bucket-events-2/' \
  "$ti/.terraform/modules/bucket/modules/notify/main.tf"
printf 'resource "aws_sns_topic" "more" {\n  name = "m"\n}\n' \
  >>"$ti/.terraform/modules/bucket/modules/notify/main.tf"
sleep 2.1
tisweep --worktree --cache-dir "$tmp/ti-cache" >/dev/null
n_warm=$(python3 -c 'import json,sys; print(sum(r["rule"] == "MLS-SNS-001" for r in json.load(open(sys.argv[1]))["results"]))' "$tmp/ti.json")
want="[('MLS-S3-007', 'main.tf'), ('MLS-SNS-001', '.terraform/modules/bucket/modules/notify/main.tf')]"
if [[ $got_ref == "[]" && $got_wt == "$want" && $got_cold == "$want" &&
  $n_warm == 2 ]]; then
  ok
else
  bad "modules terraform init put in .terraform/modules: ref $got_ref, worktree $got_wt, cold $got_cold, topics after an edit $n_warm"
fi
# A manifest is repository content: a directory outside the repository is
# refused, like any module source that leaves it.
hm=$tmp/hostile-manifest
mkdir -p "$hm/.terraform/modules"
printf 'module "a" {\n  source = "x/a/aws"\n}\n' >"$hm/main.tf"
printf '{"Modules":[{"Key":"a","Source":"x/a/aws","Dir":"../../../../etc"}]}' \
  >"$hm/.terraform/modules/modules.json"
"$bin" scan "$hm" --no-cache -q --soft-fail --format json \
  --output "$tmp/hm.json" 2>/dev/null
python3 - "$tmp/hm.json" <<'PY' && ok || bad "a manifest's directory outside the repository was read"
import json, sys
d = json.load(open(sys.argv[1]))
assert not d["results"], d["results"][:3]
assert any("is outside the repository" in x["message"] for x in d["diagnostics"]), d["diagnostics"]
PY

# A --ref with ancestry steps (HEAD~1) is read from the ref and object
# files: the same results as a branch at that commit (no branch in the
# SARIF provenance, as libgit2 gives none), cold and warm; after a new
# commit the warm sweep follows the steps from the new HEAD.
an=$tmp/ancestry/r
mkdir -p "$an"
git -C "$an" init -q -b main
git -C "$an" remote add origin https://example.invalid/r.git
for i in 1 2 3; do
  printf 'resource "aws_s3_bucket" "b%s" {\n  bucket = "b%s"\n}\n' "$i" "$i" \
    >"$an/b$i.tf"
  commit_all "$an" "c$i"
done
git -C "$an" branch -f two HEAD~1
answeep() { # OUT REF ARGS...
  local out=$1 ref=$2
  shift 2
  "$bin" scan "$an" --ref "$ref" -q --soft-fail "$@" --format json \
    --output "$out.json" --sarif "$out.sarif" 2>/dev/null
}
answeep "$tmp/an-rev" HEAD~1 --no-cache
answeep "$tmp/an-branch" two --no-cache
answeep "$tmp/an-cold" HEAD~1 --cache-dir "$tmp/an-cache"
answeep "$tmp/an-warm" HEAD~1 --cache-dir "$tmp/an-cache"
printf 'resource "aws_s3_bucket" "b4" {\n  bucket = "b4"\n}\n' >"$an/b4.tf"
commit_all "$an" c4
sleep 2.1 # the ref file changed: past the racy window for the next peek
answeep "$tmp/an-next" HEAD~1 --cache-dir "$tmp/an-cache"
python3 - "$tmp" "$(git -C "$an" rev-parse HEAD~2 HEAD~1)" <<'PY' && ok || bad "a --ref with ancestry steps is not swept as its commit"
import json, sys
t = sys.argv[1]
old, new = sys.argv[2].split()
def load(n):
    return (json.load(open(f"{t}/{n}.json")),
            json.load(open(f"{t}/{n}.sarif"))["runs"][0]["versionControlProvenance"][0])
rev, rvcp = load("an-rev")
br, bvcp = load("an-branch")
assert rev["results"] == br["results"] and rev["results"], "results differ"
assert rvcp["revisionId"] == bvcp["revisionId"] == old, (rvcp, bvcp, old)
assert "branch" not in rvcp and bvcp["branch"] == "two", (rvcp, bvcp)
for n in ("an-cold", "an-warm"):
    r, v = load(n)
    assert r == rev and v == rvcp, n
nxt, nvcp = load("an-next")
assert nvcp["revisionId"] == new, (nvcp, new)
assert {x["path"] for x in nxt["results"]} == {"b1.tf", "b2.tf", "b3.tf"}, nxt["results"][:2]
PY

# --- --previous: a trend, or a warning and none ------------------------------
# Last night's statistics missing (the first night) or cut short cost the
# trend, not the sweep: the exit status is the findings', and the
# statistics name the reason in sweep.diagnostics.
pv=$tmp/prev
mkdir -p "$pv"
run "previous: the first sweep" 0 "$org" --no-cache -q --soft-fail \
  --stats "$pv/night1.json" --format markdown --output /dev/null
head -c 200 "$pv/night1.json" >"$pv/cut.json"
for p in good:night1.json missing:none.json cut:cut.json; do
  run "previous: $p" 0 "$org" --no-cache --soft-fail \
    --stats "$pv/s-${p%%:*}.json" --previous "$pv/${p#*:}" \
    --format markdown --output /dev/null
  cp "$tmp/err" "$pv/err-${p%%:*}"
done
run "previous: findings still fail" 1 "$org" --no-cache -q \
  --stats "$pv/s-fail.json" --previous "$pv/cut.json" \
  --format markdown --output /dev/null
python3 - "$pv" <<'PY' && ok || bad "--previous: a bad file is a warning, a good one a trend"
import json, sys
d = sys.argv[1]
good = json.load(open(f"{d}/s-good.json"))
assert good["totals"]["trend"]["persisting"] > 0, good["totals"].get("trend")
assert good["sweep"]["diagnostics"] == [], good["sweep"]["diagnostics"]
for name, why in (("missing", "cannot read it"), ("cut", "not JSON")):
    s = json.load(open(f"{d}/s-{name}.json"))
    assert "trend" not in s["totals"], name
    w = [x for x in s["sweep"]["diagnostics"] if "--previous" in x["message"]]
    assert len(w) == 1 and w[0]["severity"] == "warning", (name, w)
    assert why in w[0]["message"] and "no trend" in w[0]["message"], w
    assert s["totals"]["failed"] == good["totals"]["failed"], name
    err = open(f"{d}/err-{name}").read()
    assert "warning: --previous" in err, (name, err)
PY

# --- a SHA-256 repository ------------------------------------------------------
# libgit2 1.5 cannot read one: a diagnostic that says so and what works
# (exit 2 when it is the only target: nothing was swept),
# and --worktree sweeps the clone's files.
s2=$tmp/sha256
if git init -q -b main --object-format=sha256 "$s2" 2>/dev/null; then
  printf 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' >"$s2/main.tf"
  commit_all "$s2"
  run "sha256: not swept" 2 "$s2" --no-cache --soft-fail --format json \
    --output "$tmp/sha256.json"
  run "sha256: --worktree" 0 "$s2" --worktree --no-cache --soft-fail \
    --format json --output "$tmp/sha256-wt.json"
  python3 - "$tmp/sha256.json" "$tmp/sha256-wt.json" <<'PY' && ok || bad "a SHA-256 repository"
import json, sys
d = json.load(open(sys.argv[1]))
msgs = [x["message"] for x in d["diagnostics"]]
assert any("SHA-256" in m and "--worktree" in m for m in msgs), msgs
assert not d["results"], d["results"][:1]
w = json.load(open(sys.argv[2]))
assert any(r["path"] == "main.tf" for r in w["results"]), w
PY
fi

echo "scan.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
