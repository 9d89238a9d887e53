#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/parse_git.sh -- `mlsweep parse --git` end to end, over copies
# of the fixture repositories (tests/fixtures/repos, .gitted renamed to
# .git as CONVENTIONS section 8 says): records with repository-relative
# paths, the same records as for files, --ref, --worktree, bare
# repositories, an org directory, notes and errors on stderr, globs, and
# exit codes.
#
# usage: parse_git.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: parse_git.sh <mlsweep binary> <project root>}
root=${2:?usage: parse_git.sh <mlsweep binary> <project root>}
fixtures=$root/tests/fixtures/repos
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0

# clone NAME DEST -- a copy of a fixture with its work tree.
clone() {
  cp -R "$fixtures/$1" "$2" && mv "$2/.gitted" "$2/.git"
}
# bare NAME DEST -- a copy of a fixture's repository alone.
bare() {
  cp -R "$fixtures/$1/.gitted" "$2"
}

# run NAME WANT_STATUS ARGS... -- mlsweep ARGS with stdout and stderr in
# $tmp/out and $tmp/err; checks the exit status.
run() {
  local name=$1 want=$2
  shift 2
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL $name: exit $got, want $want (mlsweep $*)"
    sed 's/^/  stderr: /' "$tmp/err"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

# files NAME WANT -- the "file" of every hclref record, one per line.
files() {
  local got
  got=$(sed -n 's/^{"format":1,"file":"\([^"]*\)".*/\1/p' "$tmp/out")
  if [[ $got == "$2" ]]; then
    pass=$((pass + 1))
  else
    echo "FAIL $1: files"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$got") | sed 's/^/  /'
    fail=$((fail + 1))
  fi
}

# expect NAME FILE REGEX / reject NAME FILE REGEX
expect() {
  if grep -Eq -- "$3" "$tmp/$2"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1: $2 does not match /$3/"
    sed "s/^/  $2: /" "$tmp/$2"
    fail=$((fail + 1))
  fi
}
reject() {
  if grep -Eq -- "$3" "$tmp/$2"; then
    echo "FAIL $1: $2 matches /$3/"
    sed "s/^/  $2: /" "$tmp/$2"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

clone basic "$tmp/basic"
bare bare "$tmp/bare.git"
clone special "$tmp/special"

head_files='bin/tool.tf
envs/dev/dev.tf.json
envs/prod/prod.tfvars
envs/prod/prod.tfvars.json
extra.tf
main.tf
modules/net/main.tf
variables.tf'

# HEAD of a clone: its Terraform in tree order, from the object database.
run head 0 parse --git "$tmp/basic"
files head "$head_files"
expect head out '"file":"main.tf".*training-data-v2'
if [[ -s $tmp/err ]]; then
  echo "FAIL head-quiet: stderr should be empty"
  sed 's/^/  stderr: /' "$tmp/err"
  fail=$((fail + 1))
fi

# The same record as `mlsweep parse` prints for the file.
grep '"file":"extra.tf"' "$tmp/out" >"$tmp/git-extra"
(cd "$tmp/basic" && "$bin" parse extra.tf) >"$tmp/file-extra"
if cmp -s "$tmp/git-extra" "$tmp/file-extra"; then
  pass=$((pass + 1))
else
  echo "FAIL same-record: --git and file records differ"
  diff "$tmp/file-extra" "$tmp/git-extra" | sed 's/^/  /'
  fail=$((fail + 1))
fi

run summary 0 parse --git="$tmp/basic" --format summary
expect summary out '^file: modules/net/main.tf$'

# Named refs.
run ref-tag 0 parse --git "$tmp/basic" --ref v1
reject ref-tag out '"file":"extra.tf"'
run ref-branch 0 parse --git "$tmp/basic" --ref=feature
expect ref-branch out '"file":"feature.tf"'
run ref-missing 2 parse --git "$tmp/basic" --ref no-such-ref
expect ref-missing err "cannot resolve 'no-such-ref'"

# The work tree: uncommitted edits, deletions and new files.
run worktree 0 parse --git "$tmp/basic" --worktree
expect worktree out '"file":"main.tf".*uncommitted'
expect worktree out '"file":"untracked.tf"'
reject worktree out '"file":"variables.tf"'

# A bare repository.
run bare 0 parse --git "$tmp/bare.git"
files bare 'infra/endpoint.tf'
run bare-worktree 2 parse --git "$tmp/bare.git" --worktree
expect bare-worktree err 'bare repository'

# An org directory: members in byte order, paths prefixed by their name.
mkdir -p "$tmp/org/team"
clone basic "$tmp/org/team/svc"
bare bare "$tmp/org/models.git"
run org 0 parse --git "$tmp/org" --include main.tf
files org 'team/svc/main.tf
team/svc/modules/net/main.tf'
run org-include 0 parse --git "$tmp/org" --include '*.tf' --exclude envs \
  --exclude bin
files org-include 'models.git/infra/endpoint.tf
team/svc/extra.tf
team/svc/main.tf
team/svc/modules/net/main.tf
team/svc/variables.tf'

# Special entries: notes and a warning on stderr, exit 0.
run special 0 parse --git "$tmp/special"
files special 'ok.tf
victim.tf'
expect special err '^mlsweep parse: link\.tf: note: symbolic link not followed$'
expect special err '^mlsweep parse: vendor/mod: note: submodule'
expect special err '^mlsweep parse: generated/huge\.tf: warning: file of 8388609 bytes'
expect special err '^mlsweep parse: generated/big\.tfvars\.json: note: Git LFS pointer'
reject special err 'error'

# A deleted object fails its file only, and the exit status says so.
victim=$(git --git-dir="$tmp/special/.git" rev-parse HEAD:victim.tf)
rm -f "$tmp/special/.git/objects/${victim:0:2}/${victim:2}"
run deleted 2 parse --git "$tmp/special"
files deleted 'ok.tf'
expect deleted err '^mlsweep parse: victim\.tf: error: cannot read blob'

# Usage errors.
run usage-no-path 2 parse --git
run usage-stats 2 parse --git "$tmp/basic" --format stats
run usage-operand 2 parse --git "$tmp/basic" extra.tf
run not-a-dir 2 parse --git "$tmp/basic/main.tf"
run help 0 parse --git --help
expect help out '^usage: mlsweep parse --git'

echo "parse_git.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
