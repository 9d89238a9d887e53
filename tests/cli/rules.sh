#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/rules.sh -- `mlsweep rules list|show|test` over the rule
# engine's own test rules (tests/rules-engine/rules) and fixtures
# (tests/rules-engine/fixtures): the fixtures pass; a fixture whose
# resource is misnamed, a rule with no fail case and an unknown rule id
# make `rules test` exit 1; a broken rule file exits 2 with its line.
#
# usage: rules.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: rules.sh <mlsweep binary> <project root>}
root=${2:?usage: rules.sh <mlsweep binary> <project root>}
rules=$root/tests/rules-engine/rules
fixtures=$root/tests/rules-engine/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# run NAME WANT ARGS... -- run mlsweep, keep out/err, compare the status.
run() {
  local name=$1 want=$2
  shift 2
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL $name: exit $got, want $want (mlsweep $*)"
    sed 's/^/  out: /' "$tmp/out"
    sed 's/^/  err: /' "$tmp/err"
    fail=$((fail + 1))
    return 1
  fi
  pass=$((pass + 1))
  return 0
}

# expect NAME FILE REGEX
expect() {
  if grep -Eq -- "$3" "$tmp/$2"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1: $2 does not match /$3/"
    sed 's/^/  /' "$tmp/$2"
    fail=$((fail + 1))
  fi
}

run "test fixtures" 0 rules test --rules "$rules" "$fixtures" &&
  expect "test fixtures" out '^3 rule\(s\) tested, 0 failed$' &&
  expect "test fixtures" out '^ok +MLS-TEST-001: terraform 1 pass, 2 fail, 1 unknown; cloudformation 1 pass, 1 fail, 1 unknown$'

run list 0 rules list --rules "$rules" &&
  expect list out '^MLS-TEST-002 +medium +S3 bucket has no public access block'
run "list json" 0 rules list --format json --rules "$rules" &&
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [r["id"] for r in d][-3:]==["MLS-TEST-001","MLS-TEST-002","MLS-TEST-003"], d' "$tmp/out" &&
  pass=$((pass + 1))
run show 0 rules show --rules "$rules" MLS-TEST-003 &&
  expect show out '^envs: +prod$'
run "show unknown" 2 rules show --rules "$rules" MLS-NOPE-001
run "no action" 2 rules
run "bad action" 2 rules frob x

# A misnamed resource: fail_enabled renamed pass_enabled must mismatch.
cp -r "$fixtures" "$tmp/fx"
sed -i 's/"fail_enabled"/"pass_enabled"/' "$tmp/fx/MLS-TEST-001/tf/main.tf"
run "mismatch" 1 rules test --rules "$rules" "$tmp/fx" &&
  expect "mismatch" out 'pass_enabled: got fail, want pass' &&
  expect "mismatch" out '^FAIL MLS-TEST-001'

# A binding without a fail case.
rm -rf "$tmp/fx" && cp -r "$fixtures" "$tmp/fx"
python3 - "$tmp/fx/MLS-TEST-002/cfn/buckets.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
del d["Resources"]["FailAbsent"]
json.dump(d, open(p, "w"))
PY
run "no fail case" 1 rules test --rules "$rules" "$tmp/fx" &&
  expect "no fail case" out 'cloudformation: needs at least one pass and one fail case'

# Fixtures of a rule that does not exist.
rm -rf "$tmp/fx" && cp -r "$fixtures" "$tmp/fx" && mkdir -p "$tmp/fx/MLS-GONE-001/tf"
run "unknown rule" 1 rules test --rules "$rules" "$tmp/fx" &&
  expect "unknown rule" out '^FAIL MLS-GONE-001: no such rule'

# A broken rule file: exit 2, the diagnostic names file and line.
mkdir -p "$tmp/bad"
printf 'id: MLS-BAD-001\ntitle: t\nseverity: high\nterraform:\n  resource_types: [a]\n  condition:\n    attribute: x\n    equal: 1\n' >"$tmp/bad/r.yaml"
run "bad rule" 2 rules list --rules "$tmp/bad" &&
  expect "bad rule" err "r.yaml:8: unknown key 'equal' in a condition"

echo "rules.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
