#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/cli.sh -- the mlsweep command line outside any subcommand:
# --version, help, and the exit code 2 for usage errors and for
# subcommands this version does not ship yet; and `inspect` over the
# Terraform fixtures and a CloudFormation template.
#
# usage: cli.sh <path to mlsweep> <expected version>
set -uo pipefail

bin=${1:?usage: cli.sh <mlsweep binary> <version>}
version=${2:?usage: cli.sh <mlsweep binary> <version>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# check NAME WANT_STATUS ARGS... -- runs mlsweep with ARGS, keeps stdout and
# stderr in $tmp/out and $tmp/err, and compares the exit status.
check() {
  local name=$1 want=$2
  shift 2
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL $name: exit $got, want $want (mlsweep $*)"
    sed 's/^/  stderr: /' "$tmp/err"
    fail=$((fail + 1))
    return 1
  fi
  return 0
}

# expect NAME FILE REGEX -- FILE (out or err) must match the extended REGEX.
expect() {
  local name=$1 file=$2 re=$3
  if grep -Eq -- "$re" "$tmp/$file"; then
    pass=$((pass + 1))
  else
    echo "FAIL $name: $file does not match /$re/"
    sed "s/^/  $file: /" "$tmp/$file"
    fail=$((fail + 1))
  fi
}

# expect_empty NAME FILE
expect_empty() {
  if [[ -s "$tmp/$2" ]]; then
    echo "FAIL $1: $2 should be empty"
    sed "s/^/  $2: /" "$tmp/$2"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

if check version 0 --version; then
  expect version out "^mlsweep ${version//./\\.}\$"
  expect_empty version err
fi

for h in help --help -h; do
  if check "help ($h)" 0 "$h"; then
    expect "help ($h)" out '^usage: mlsweep '
    for c in scan parse inspect rules merge cache help; do
      expect "help ($h) lists $c" out "^  $c "
    done
    expect_empty "help ($h)" err
  fi
done

# Each command's help: `mlsweep help CMD`, and --help after a subcommand
# (`rules test --help`, `cache gc --help`), on stdout with status 0.
for args in "help scan:scan" "help rules:rules" "help cache:cache" \
  "help merge:merge" "rules list --help:rules" "rules test --help:rules" \
  "rules show --help:rules" "cache gc --help:cache" "cache stats -h:cache" \
  "baseline create --help:baseline"; do
  IFS=: read -r a c <<<"$args"
  # shellcheck disable=SC2086 # the words of $a are the arguments
  if check "$a" 0 $a; then
    expect "$a" out "^usage: mlsweep $c "
    expect_empty "$a" err
  fi
done
if check "help of an unknown command" 2 help nosuch; then
  expect "help of an unknown command" err "unknown command 'nosuch'"
fi

if check no-arguments 2; then
  expect no-arguments err '^usage: mlsweep '
  expect_empty no-arguments out
fi

if check unknown-command 2 frobnicate; then
  expect unknown-command err "unknown command 'frobnicate'"
  expect_empty unknown-command out
fi

# mlsweep merge: usage errors exit 2 (tests/cli/merge.sh does the rest).
if check "merge without shards" 2 merge .; then
  expect "merge without shards" err "want OUT_DIR and at least one SHARD_DIR"
  expect_empty "merge without shards" out
fi
if check "merge bad option" 2 merge --frobnicate a b; then
  expect "merge bad option" err "unknown option '--frobnicate'"
fi

# mlsweep scan: usage errors exit 2 before any sweep.
if check "scan bad option" 2 scan --frobnicate; then
  expect "scan bad option" err "unknown option '--frobnicate'"
fi
if check "scan bad fail-on" 2 scan --fail-on severe .; then
  expect "scan bad fail-on" err "--fail-on wants critical, high"
fi
if check "scan missing target" 2 scan --no-cache "$tmp/does-not-exist"; then
  expect "scan missing target" err "does-not-exist"
fi
if check "scan help" 0 scan --help; then
  expect "scan help" out '^usage: mlsweep scan '
fi

# mlsweep cache over a fresh directory: stats, gc, clear, bad action.
cdir=$tmp/cachedir
if check "cache stats" 0 cache stats --cache-dir "$cdir"; then
  expect "cache stats" out '^files +0 entries'
fi
if check "cache gc" 0 cache gc --cache-dir "$cdir" --max-bytes 10; then
  expect "cache gc" out '^removed 0 entries$'
fi
if check "cache clear" 0 cache clear --cache-dir "$cdir"; then
  expect "cache clear" out '^cache cleared$'
fi
# A filled cache: gc (and clear) give the file back down to what is left,
# as LMDB never shrinks it, and keep it the owner's alone; not while
# another process has the cache open; a sweep after it is as before.
fdir=$tmp/filled
mkdir -p "$tmp/iac"
for i in $(seq 1 40); do
  printf 'resource "aws_s3_bucket" "b%d" {\n  bucket = "b%d"\n}\n' "$i" "$i" \
    >"$tmp/iac/b$i.tf"
done
# A repository: files on disk written in the last 2 s are not cached.
git -C "$tmp/iac" init -q && git -C "$tmp/iac" add -A &&
  git -C "$tmp/iac" -c user.name=t -c user.email=t@example.invalid \
    commit -q -m c
"$bin" scan "$tmp/iac" --cache-dir "$fdir" --format json \
  --output "$tmp/before.json" >/dev/null 2>&1
before=$(stat -c %s "$fdir/data.mdb")
if check "cache gc compacts" 0 cache gc --cache-dir "$fdir" --max-bytes 1; then
  expect "cache gc compacts" out '^file compacted: [0-9]+ -> [0-9]+ bytes$'
  after=$(stat -c %s "$fdir/data.mdb")
  if ((after < before)) && [[ $(stat -c %a "$fdir/data.mdb") == 600 ]]; then
    pass=$((pass + 1))
  else
    echo "FAIL cache gc compacts: $before -> $after bytes, mode $(stat -c %a "$fdir/data.mdb")"
    fail=$((fail + 1))
  fi
fi
"$bin" scan "$tmp/iac" --cache-dir "$fdir" --format json \
  --output "$tmp/after.json" >/dev/null 2>&1
if cmp -s "$tmp/before.json" "$tmp/after.json"; then pass=$((pass + 1)); else
  echo "FAIL a sweep after compaction differs"
  fail=$((fail + 1))
fi
flock -s "$fdir/use.lock" "$bin" cache gc --cache-dir "$fdir" --max-bytes 1 \
  >"$tmp/out" 2>"$tmp/err"
expect "cache gc busy" out '^file not compacted: another process has the cache open$'

if check "cache bad action" 2 cache frobnicate; then
  expect "cache bad action" err "unknown action 'frobnicate'"
fi

# inspect over the Terraform fixtures (tests/fixtures/tf): usage errors,
# one module's model and its diagnostics array, --env, and a directory
# with no Terraform.
fixtures=$(cd "$(dirname "$0")/../fixtures/tf" && pwd)
if check "inspect --help" 0 inspect --help; then
  expect "inspect --help" out '^usage: mlsweep inspect '
fi
if check "inspect without PATH" 2 inspect; then
  expect "inspect without PATH" err '^usage: mlsweep inspect '
fi
if check "inspect bad option" 2 inspect --frobnicate "$fixtures"; then
  expect "inspect bad option" err "unknown option '--frobnicate'"
fi
if check "inspect module" 0 inspect --root "$fixtures" \
  "$fixtures/module_twice"; then
  expect "inspect module" out '"address":"module\.raw\.aws_s3_bucket\.this"'
  expect "inspect module" out '"diagnostics":\[\]\}$'
  expect_empty "inspect module" err
fi
if check "inspect --env" 0 inspect --root "$fixtures" --env prod \
  "$fixtures/env_conditional"; then
  expect "inspect --env" out '"direct_internet_access":"Disabled"'
fi
if check "inspect no Terraform" 2 inspect --root "$fixtures" \
  "$fixtures/env_conditional/env"; then
  expect "inspect no Terraform" out '"message":"[^"]*no Terraform configuration'
fi

# inspect over a CloudFormation template: a false Condition, a parameters
# file, --param for a pseudo parameter, and a bad --param.
cat >"$tmp/t.yaml" <<'EOT'
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  B:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub '${Env}-${AWS::Region}'
EOT
echo '[{"ParameterKey": "Env", "ParameterValue": "prod"}]' >"$tmp/p.json"
if check "inspect template" 0 inspect --format json "$tmp/t.yaml"; then
  expect "inspect template" out '"framework":"cloudformation"'
  expect "inspect template" out '"deployed":false'
  expect "inspect template" out '"why":"pseudo parameter known only at deploy"'
fi
if check "inspect template params" 0 inspect --params-file "$tmp/p.json" \
  --param AWS::Region=eu-west-1 "$tmp/t.yaml"; then
  expect "inspect template params" out '"deployed":true'
  expect "inspect template params" out '"BucketName":"prod-eu-west-1"'
fi
if check "inspect bad --param" 2 inspect --param Env "$tmp/t.yaml"; then
  expect "inspect bad --param" err "--param wants NAME=VALUE"
fi

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
