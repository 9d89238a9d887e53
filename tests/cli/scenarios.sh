#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/scenarios.sh -- issue 6's seed scenarios and its configuration
# and baseline features, end to end: small Git repositories built here,
# swept by `mlsweep scan` with the BUILT-IN rules.
#   1. an S3 training-data bucket left public, then fixed with the separate
#      encryption, versioning and public-access-block resources;
#   2. a SageMaker endpoint and model whose role allows Action "*" on
#      Resource "*", without network isolation: exit 1 with --fail-on high;
#   3. a module library with network isolation decided by var.env: pass
#      under --env prod, fail only where a rule in scope for dev says so,
#      unknown with no env (and the prod-scoped MLS-SM-032 only in prod);
#   4. a notebook with no KMS key outside a private subnet, then fixed;
#   5. --format json carries every field for every result; --only-failed;
#   6. .mlsweep.yaml: disables become suppressed results (origin config,
#      expiry), severity overrides, env, a repository's own file is read
#      disable-only; diagnostics carry line numbers;
#   7. baselines: create, then only new findings fail;
#   8. --no-inline-ignores through scan.
#
# usage: scenarios.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: scenarios.sh <mlsweep binary> <project root>}
root=${2:?usage: scenarios.sh <mlsweep binary> <project root>}
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

# repo DIR: a Git repository of the files written into DIR so far.
repo() {
  git -C "$1" init -q 2>/dev/null
  git -C "$1" add -A && git -C "$1" commit -q -m c --allow-empty
}

# scan NAME WANT_EXIT ARGS...: mlsweep scan --format json; the results as
# "RULE STATUS RESOURCE SEVERITY" lines in $tmp/res.
scan() {
  local name=$1 want=$2
  shift 2
  "$bin" scan --no-cache -q --format json "$@" >"$tmp/json" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    bad "$name: exit $got, want $want (mlsweep scan $*)"
    sed 's/^/  stderr: /' "$tmp/err" | head -10
  else
    ok
  fi
  : >"$tmp/res"
  [[ $got -eq 2 ]] && return
  python3 - "$tmp/json" >"$tmp/res" <<'PY' || bad "$name: JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc["results"]:
    print(r["rule"], r["status"], r["resource"], r["severity"])
PY
}

# has NAME "RULE STATUS RESOURCE [SEVERITY]" -- that result is in the last
# scan.
has() {
  if grep -qxF -- "$2" "$tmp/res" ||
    awk -v w="$2" '{ s = $4; $4 = ""; sub(/ $/, "") } $0 == w { f = 1 }
      END { exit !f }' "$tmp/res"; then ok; else
    bad "$1: no result '$2'"
    grep -- "${2%% *}" "$tmp/res" | sed 's/^/  got: /' | head -5
  fi
}
# hasnt NAME PATTERN -- no result line matches the ERE.
hasnt() {
  if grep -qE -- "$2" "$tmp/res"; then
    bad "$1: unexpected result matching '$2'"
    grep -E -- "$2" "$tmp/res" | sed 's/^/  got: /' | head -5
  else ok; fi
}

# --- 1. a public training-data bucket, then fixed --------------------------
s1=$tmp/s1
mkdir -p "$s1"
cat >"$s1/main.tf" <<'TF'
resource "aws_s3_bucket" "training" {
  bucket = "acme-training-data"
}

resource "aws_s3_bucket_acl" "training" {
  bucket = aws_s3_bucket.training.id
  acl    = "public-read"
}
TF
repo "$s1"
scan s1-public 1 "$s1"
for r in S3-001 S3-003 S3-004 S3-005 S3-006 S3-007 S3-011; do
  has s1-public "MLS-$r fail aws_s3_bucket.training"
done
cat >"$s1/main.tf" <<'TF'
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "training" {
  bucket = "acme-training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_versioning" "training" {
  bucket = aws_s3_bucket.training.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "training" {
  bucket                  = aws_s3_bucket.training.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
TF
repo "$s1"
scan s1-fixed 0 --fail-on high "$s1"
for r in S3-001 S3-002 S3-003 S3-004 S3-005 S3-006 S3-007 S3-011; do
  has s1-fixed "MLS-$r pass aws_s3_bucket.training"
done
hasnt s1-fixed " fail .* (high|critical)$"

# --- 2. SageMaker endpoint + model, admin role, no isolation ----------------
s2=$tmp/s2
mkdir -p "$s2"
cat >"$s2/main.tf" <<'TF'
resource "aws_iam_role" "model" {
  name = "model-exec"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "model" {
  role = aws_iam_role.model.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_sagemaker_model" "llm" {
  name               = "llm"
  execution_role_arn = aws_iam_role.model.arn
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm@sha256:0000000000000000000000000000000000000000000000000000000000000000"
    model_data_url = "s3://acme-models/llm.tar.gz"
  }
}

resource "aws_sagemaker_endpoint_configuration" "llm" {
  production_variants {
    variant_name           = "main"
    model_name             = aws_sagemaker_model.llm.name
    initial_instance_count = 1
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint" "llm" {
  endpoint_config_name = aws_sagemaker_endpoint_configuration.llm.name
}
TF
repo "$s2"
scan s2-admin 1 --fail-on high "$s2"
has s2-admin "MLS-IAM-001 fail aws_iam_role_policy.model"
has s2-admin "MLS-IAM-002 fail aws_iam_role_policy.model"
has s2-admin "MLS-SM-007 fail aws_sagemaker_model.llm"
has s2-admin "MLS-SM-009 fail aws_sagemaker_model.llm"
has s2-admin "MLS-SM-008 fail aws_sagemaker_endpoint_configuration.llm"
scan s2-soft 0 --fail-on critical "$s2"

# --- 3. env-dependent isolation in a module library -------------------------
s3=$tmp/s3
mkdir -p "$s3/modules/model" "$s3/env"
cat >"$s3/modules/model/main.tf" <<'TF'
variable "env" {
  type = string
}

resource "aws_sagemaker_model" "this" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/model"
  enable_network_isolation = var.env == "prod" ? true : false
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
  vpc_config {
    subnets            = ["subnet-0a", "subnet-0b"]
    security_group_ids = ["sg-0123"]
  }
}
TF
cat >"$s3/main.tf" <<'TF'
variable "env" {
  type = string
}

module "model" {
  source = "./modules/model"
  env    = var.env
}
TF
echo 'env = "prod"' >"$s3/env/prod.tfvars"
echo 'env = "dev"' >"$s3/env/dev.tfvars"
repo "$s3"
m3=module.model.aws_sagemaker_model.this
scan s3-prod 0 --env prod "$s3"
has s3-prod "MLS-SM-009 pass $m3"
has s3-prod "MLS-SM-032 pass $m3"
scan s3-dev 0 --env dev "$s3"
has s3-dev "MLS-SM-009 fail $m3"
hasnt s3-dev "^MLS-SM-032 "
scan s3-none 0 "$s3"
has s3-none "MLS-SM-009 unknown $m3"
hasnt s3-none "^MLS-SM-032 "
# The prod-scoped rule fails a model without isolation in prod.
sed -i 's/var.env == "prod" ? true : false/false/' "$s3/modules/model/main.tf"
repo "$s3"
scan s3-prod-broken 1 --env prod "$s3"
has s3-prod-broken "MLS-SM-032 fail $m3"

# --- 4. a notebook without a KMS key outside a private subnet, then fixed ---
s4=$tmp/s4
mkdir -p "$s4"
cat >"$s4/main.tf" <<'TF'
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::111122223333:role/nb"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
TF
repo "$s4"
scan s4-open 1 "$s4"
has s4-open "MLS-SM-001 fail aws_sagemaker_notebook_instance.research"
has s4-open "MLS-SM-003 fail aws_sagemaker_notebook_instance.research"
cat >"$s4/main.tf" <<'TF'
resource "aws_kms_key" "nb" {
  enable_key_rotation = true
}

resource "aws_vpc" "ml" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.ml.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "nb" {
  vpc_id = aws_vpc.ml.id
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::111122223333:role/nb"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.nb.arn
  subnet_id              = aws_subnet.private.id
  security_groups        = [aws_security_group.nb.id]
}
TF
repo "$s4"
scan s4-fixed 0 "$s4"
has s4-fixed "MLS-SM-001 pass aws_sagemaker_notebook_instance.research"
has s4-fixed "MLS-SM-003 pass aws_sagemaker_notebook_instance.research"
has s4-fixed "MLS-SM-002 pass aws_sagemaker_notebook_instance.research"

# --- 5. the JSON fields of every result, and --only-failed -------------------
"$bin" scan --no-cache -q --format json "$s2" >"$tmp/all.json"
"$bin" scan --no-cache -q --format json --only-failed "$s2" >"$tmp/failed.json"
python3 - "$tmp/all.json" "$tmp/failed.json" <<'PY' && ok || bad "json fields"
import json, re, sys
all_ = json.load(open(sys.argv[1]))["results"]
failed = json.load(open(sys.argv[2]))["results"]
need = ("repo", "path", "line", "rule", "severity", "status", "resource",
        "message", "fingerprint")
assert all_, "no results"
for r in all_:
    for k in need:
        assert k in r and r[k] not in ("", None), (k, r)
    assert r["status"] in ("pass", "fail", "unknown", "suppressed"), r
    assert r["severity"] in ("low", "medium", "high", "critical"), r
    assert isinstance(r["line"], int) and r["line"] >= 1, r
    assert re.fullmatch(r"[0-9a-f]{32}", r["fingerprint"]), r
assert {r["status"] for r in all_} >= {"pass", "fail"}
assert failed and all(r["status"] == "fail" for r in failed)
assert len(failed) == sum(r["status"] == "fail" for r in all_)
fps = [r["fingerprint"] for r in all_]
assert len(fps) == len(set(fps)), "fingerprints are not unique"
PY

# --- 6. .mlsweep.yaml ---------------------------------------------------------
# 6a. A directory target's configuration: disable (with expiry), severity,
# env.
c6=$tmp/c6
mkdir -p "$c6/env"
cp "$s3/main.tf" "$c6/main.tf"
cp -r "$s3/modules" "$c6/"
echo 'env = "prod"' >"$c6/env/prod.tfvars"
sed -i 's/^  enable_network_isolation = .*/  enable_network_isolation = false/' \
  "$c6/modules/model/main.tf"
cat >"$c6/.mlsweep.yaml" <<'YAML'
version: 1
env: prod
disable:
  - id: MLS-SM-025
    reason: images are pinned by the platform team's mirror
  - id: MLS-SM-032
    reason: waiver ran out
    expires: 2001-01-01
severity:
  - match: MLS-SM-009
    severity: critical
    env: prod
YAML
scan c6-config 1 "$c6"
has c6-config "MLS-SM-032 fail $m3" # env: prod from the file; waiver expired
has c6-config "MLS-SM-009 fail $m3 critical"
has c6-config "MLS-SM-025 suppressed $m3"
python3 - "$tmp/json" <<'PY' && ok || bad "c6: suppression fields"
import json, sys
res = {r["rule"]: r for r in json.load(open(sys.argv[1]))["results"]}
s = res["MLS-SM-025"]["suppression"]
assert s["origin"] == "config" and s["reason"].startswith("images") \
    and s["expires"] is None and s["expired"] is False, s
e = res["MLS-SM-032"]["suppression"]
assert e["origin"] == "config" and e["expired"] is True \
    and e["expires"] == "2001-01-01", e
PY
# --no-config ignores it; --env on the command line wins over env:.
scan c6-noconfig 0 --no-config "$c6"
hasnt c6-noconfig "^MLS-SM-032 "
has c6-noconfig "MLS-SM-025 fail $m3"
has c6-noconfig "MLS-SM-009 fail $m3 medium"
scan c6-envdev 0 --env dev "$c6"
hasnt c6-envdev "^MLS-SM-032 "
# --config FILE from elsewhere.
cp "$c6/.mlsweep.yaml" "$tmp/other.yaml"
sed -i 's/MLS-SM-025/MLS-SM-027/' "$tmp/other.yaml"
scan c6-explicit 1 --config "$tmp/other.yaml" "$c6"
has c6-explicit "MLS-SM-025 fail $m3"
# A broken file is a usage error with its line.
printf 'version: 1\ndisable:\n  - id: MLS-SM-026\n    expires: someday\n' \
  >"$tmp/bad.yaml"
scan c6-bad 2 --config "$tmp/bad.yaml" "$c6"
if grep -q "bad.yaml:4: 'expires' must be a date" "$tmp/err"; then ok; else
  bad "c6-bad: no line-numbered diagnostic"
  cat "$tmp/err"
fi
printf 'disabel: [MLS-SM-026]\n' >"$tmp/typo.yaml"
scan c6-typo 2 --config "$tmp/typo.yaml" "$c6"

# 6b. A repository's own .mlsweep.yaml: disable-only, reason required, and
# every result it hides stays visible as suppressed.
r6=$tmp/r6
mkdir -p "$r6"
cp "$s2/main.tf" "$r6/main.tf"
cat >"$r6/.mlsweep.yaml" <<'YAML'
disable:
  - id: sagemaker
    reason: the ML team says it is fine
  - id: iam
    reason: the ML team says it is fine
severity:
  MLS-IAM-001: low
env: dev
YAML
repo "$r6"
# Everything it waived is suppressed (so --fail-on passes), but every such
# result is in the output with origin config and the repository's reason;
# its severity override and env are ignored, with a warning.
scan r6-hostile 0 --fail-on high "$r6"
has r6-hostile "MLS-SM-009 suppressed aws_sagemaker_model.llm"
has r6-hostile "MLS-IAM-001 suppressed aws_iam_role_policy.model high"
hasnt r6-hostile "^MLS-IAM-001 .* low$"
hasnt r6-hostile "^MLS-SM-032 "
python3 - "$tmp/json" <<'PY' && ok || bad "r6: suppression origin"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"]
     if x["status"] == "suppressed"]
assert len(r) >= 4 and all(x["suppression"]["origin"] == "config" and
    x["suppression"]["reason"] == "the ML team says it is fine" for x in r), r
PY
"$bin" scan --no-cache --format json "$r6" >/dev/null 2>"$tmp/err"
if grep -q "'severity' is ignored in a repository's own configuration" \
  "$tmp/err"; then ok; else bad "r6: no warning about ignored keys"; fi
# A repository cannot waive without a reason: its file is rejected.
printf 'disable: [sagemaker]\n' >"$r6/.mlsweep.yaml"
repo "$r6"
scan r6-noreason 1 --fail-on high "$r6"
has r6-noreason "MLS-SM-009 fail aws_sagemaker_model.llm"

# 6c. The file is read from the tree swept: a bare mirror's too, and a
# clone's at its ref, not what its work tree holds (unless --worktree).
r6c=$tmp/r6c
mkdir -p "$r6c"
cp "$s2/main.tf" "$r6c/main.tf"
printf 'disable:\n  - id: sagemaker\n    reason: waived in git\n' \
  >"$r6c/.mlsweep.yaml"
repo "$r6c"
git clone -q --bare "$r6c" "$tmp/r6c-mirror.git"
scan r6c-mirror 0 --fail-on high --disable iam "$tmp/r6c-mirror.git"
has r6c-mirror "MLS-SM-009 suppressed aws_sagemaker_model.llm"
# A warm sweep (the repository's entry in the cache) applies it the same.
for i in 1 2; do
  "$bin" scan -q --format json --disable iam --cache-dir "$tmp/r6c-cache" \
    "$tmp/r6c-mirror.git" >"$tmp/r6c-$i.json" 2>/dev/null
done
python3 - "$tmp/r6c-1.json" "$tmp/r6c-2.json" <<'PY' && ok ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a == b, "cold and warm differ"
assert any(x["status"] == "suppressed" and
           x["suppression"]["reason"] == "waived in git"
           for x in a["results"]), "no waiver"
PY
  bad "r6c: the mirror's waiver, cold and warm"
printf 'disable:\n  - id: iam\n    reason: not committed\n' \
  >"$r6c/.mlsweep.yaml"
scan r6c-ref 0 --fail-on high --disable iam "$r6c"
has r6c-ref "MLS-SM-009 suppressed aws_sagemaker_model.llm"
hasnt r6c-ref "^MLS-IAM-001 suppressed"
scan r6c-worktree 1 --fail-on high --worktree "$r6c"
has r6c-worktree "MLS-SM-009 fail aws_sagemaker_model.llm"
has r6c-worktree "MLS-IAM-001 suppressed aws_iam_role_policy.model"
# A symbolic link in its place is not followed: no waiver at all.
git -C "$r6c" rm -q --cached .mlsweep.yaml
mv "$r6c/.mlsweep.yaml" "$tmp/r6c-conf.yaml"
ln -s "$tmp/r6c-conf.yaml" "$r6c/.mlsweep.yaml"
repo "$r6c"
scan r6c-link 1 --fail-on high "$r6c"
has r6c-link "MLS-IAM-001 fail aws_iam_role_policy.model"
# Too big to be a configuration: not read, and said.
rm "$r6c/.mlsweep.yaml"
{ printf 'disable:\n  - id: iam\n    reason: big\n'
  head -c 300000 /dev/zero | tr '\0' '#'; printf '\n'; } \
  >"$r6c/.mlsweep.yaml"
repo "$r6c"
scan r6c-big 1 --fail-on high "$r6c"
has r6c-big "MLS-IAM-001 fail aws_iam_role_policy.model"
if grep -q "configuration is over 262144 bytes; it is not read" "$tmp/json"
then ok; else bad "r6c-big: no diagnostic"; fi

# --- 7. baselines --------------------------------------------------------------
b7=$tmp/b7
mkdir -p "$b7"
cp "$s2/main.tf" "$b7/main.tf"
repo "$b7"
"$bin" baseline create --no-cache -q "$b7" --output "$tmp/base.json" \
  >/dev/null 2>"$tmp/err" && ok || bad "baseline create: exit $?"
python3 - "$tmp/base.json" <<'PY' && ok || bad "baseline file shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "mlsweep-baseline/1"
f = d["findings"]
assert f and all(set(x) == {"repo", "path", "rule", "resource", "fingerprint"}
                 for x in f)
keys = [(x["repo"], x["path"], x["rule"], x["resource"], x["fingerprint"])
        for x in f]
assert keys == sorted(keys)
PY
cp "$tmp/base.json" "$tmp/base1.json"
"$bin" scan --no-cache -q --format json --output /dev/null \
  --baseline-create "$tmp/base2.json" "$b7" 2>/dev/null
cmp -s "$tmp/base1.json" "$tmp/base2.json" && ok ||
  bad "baseline create and scan --baseline-create differ"
# Same code: every failure is existing, exit 0.
scan b7-same 0 --fail-on low --baseline "$tmp/base.json" "$b7"
python3 - "$tmp/json" <<'PY' && ok || bad "b7-same: all existing"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["status"] == "fail"]
assert r and all(x["baseline"] == "existing" for x in r), r
PY
# Lines move, a new bucket appears: only the bucket's findings are new.
{ printf '\n\n# moved\n'; cat "$s2/main.tf"; cat <<'TF'

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
TF
} >"$b7/main.tf"
repo "$b7"
scan b7-new 1 --fail-on high --baseline "$tmp/base.json" "$b7"
python3 - "$tmp/json" <<'PY' && ok || bad "b7-new: new vs existing"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["status"] == "fail"]
new = {x["resource"] for x in r if x["baseline"] == "new"}
old = {x["resource"] for x in r if x["baseline"] == "existing"}
assert new == {"aws_s3_bucket.scratch"}, new
assert "aws_sagemaker_model.llm" in old, old
PY
echo '{"version":"nope"}' >"$tmp/notbase.json"
scan b7-bad 2 --baseline "$tmp/notbase.json" "$b7"

# --- 8. --no-inline-ignores ------------------------------------------------------
n8=$tmp/n8
mkdir -p "$n8"
cat >"$n8/main.tf" <<'TF'
# mlsweep:ignore MLS-SM-009 reason="batch model, no network anyway" expires=2999-01-01
resource "aws_sagemaker_model" "batch" {
  execution_role_arn = "arn:aws:iam::111122223333:role/model"
  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/llm:1.0"
  }
}
TF
repo "$n8"
scan n8-inline 0 --fail-on critical "$n8"
has n8-inline "MLS-SM-009 suppressed aws_sagemaker_model.batch"
python3 - "$tmp/json" <<'PY' && ok || bad "n8: inline suppression fields"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["rule"] == "MLS-SM-009"][0]
s = r["suppression"]
assert s["origin"] == "mlsweep" and s["expires"] == "2999-01-01" \
    and s["in_source"] is True and s["line"] == 1, s
PY
scan n8-off 0 --fail-on critical --no-inline-ignores "$n8"
has n8-off "MLS-SM-009 fail aws_sagemaker_model.batch"

# --- 9. the source lines shown with each finding ---------------------------
# Every numbered line the text format prints under a finding is that line
# of the file (CR before LF dropped, cut at 200 bytes), for findings whose
# lines come in any order within one file: CRLF endings, a long line, a
# finding on the last line.
n9=$tmp/n9
mkdir -p "$n9"
python3 - "$n9/stack.yaml" <<'PY'
import sys
lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Resources:"]
for i in range(12):
    lines += ["  Bucket%d:" % i, "    Type: AWS::S3::Bucket",
              "    # " + ("x" * 300 if i == 5 else "bucket %d" % i)]
    if i % 3 == 0:
        # A finding on the algorithm's line comes before the bucket's own
        # (rule order), so a snippet may start before the previous one.
        lines += ["    Properties:", "      BucketEncryption:",
                  "        ServerSideEncryptionConfiguration:",
                  "          - ServerSideEncryptionByDefault:",
                  "              SSEAlgorithm: AES256"]
lines += ["  Last:", "    Type: AWS::EFS::FileSystem"]
open(sys.argv[1], "w", newline="").write("\r\n".join(lines))
PY
repo "$n9"
"$bin" scan --no-cache --soft-fail "$n9" >"$tmp/n9.txt" 2>/dev/null
python3 - "$n9/stack.yaml" "$tmp/n9.txt" <<'PY' && ok || bad "n9: snippets"
import re, sys
src = open(sys.argv[1], newline="").read().split("\r\n")
seen = set()
for l in open(sys.argv[2]):
    m = re.match(r"^    [ >] +(\d+) \| (.*)$", l.rstrip("\n"))
    if m:
        no = int(m.group(1))
        want = src[no - 1][:200]
        assert m.group(2) == want, (no, m.group(2)[:60], want[:60])
        seen.add(no)
long_line = next(i + 1 for i, l in enumerate(src) if l.startswith("    # xxx"))
assert len(seen) > 30 and len(src) in seen and long_line in seen, sorted(seen)
PY

# A security group rule opening SSH to the internet is reported at its
# CIDR, not at its `type = "ingress"` (the witness of a rule's last
# condition is its first deciding test: the type test comes last).
n10=$tmp/n10
mkdir -p "$n10"
cat >"$n10/main.tf" <<'EOF2'
resource "aws_security_group" "sg" {
  name = "x"
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.sg.id
}
EOF2
repo "$n10"
"$bin" scan --no-cache -q --soft-fail --format json "$n10" >"$tmp/n10.json" 2>/dev/null
python3 - "$tmp/n10.json" <<'PY' && ok || bad "n10: NET-001 not at the rule's cidr_blocks"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"]
     if x["rule"] == "MLS-NET-001" and x["status"] == "fail"]
assert len(r) == 1 and r[0]["line"] == 10, r
assert r[0]["message"].endswith("(cidr_blocks.0)"), r[0]["message"]
PY

# A --var-file lies outside the repository: a finding its value decides is
# reported in the repository, and its notes name it in the message only.
n11=$tmp/n11
mkdir -p "$n11"
cat >"$n11/main.tf" <<'EOF2'
variable "acl" {
  type = string
}

resource "aws_s3_bucket" "b" {
  bucket = "x"
  acl    = var.acl
}
EOF2
repo "$n11"
printf 'acl = "public-read"\nregion = "us-east-1"\n' >"$tmp/n11.tfvars"
"$bin" scan --no-cache -q --soft-fail --format json --var-file "$tmp/n11.tfvars" \
  "$n11" >"$tmp/n11.json" 2>/dev/null
python3 - "$tmp/n11.json" <<'PY' && ok || bad "n11: --var-file value or note placed outside the repository"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["results"] if x["rule"] == "MLS-S3-007"]
assert len(f) == 1 and f[0]["status"] == "fail" and f[0]["path"] == "main.tf", f
notes = [x for x in d["diagnostics"] if "undeclared variable" in x["message"]]
assert len(notes) == 1 and "path" not in notes[0], notes
assert notes[0]["message"].startswith("--var-file ") and ":2: " in notes[0]["message"], notes
PY

echo "scenarios: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
