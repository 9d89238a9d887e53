#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/confine.sh -- a repository cannot have mlsweep read outside the
# directory it was swept from (docs/git.md "Nothing outside the target").
# Each repository here names a "secret" repository beside the org, whose
# one bucket (aws_s3_bucket.secret_data) must reach no output unless the
# sweep is told --allow-git-dir:
#   alt        objects/info/alternates naming the secret's objects
#   chain      alternates naming a sibling inside the org, whose own
#              alternates name the secret's objects
#   gitlink    a clone whose .git is a file naming the secret's git dir
#   worktree   a linked worktree (git worktree add) of the secret
#   wtgd.git   a directory shaped like a worktree's git directory, its
#              commondir naming the secret's
#   include    a config [include] naming a file outside (SARIF asks for
#              the origin, which libgit2 would read through it)
#   escinc     an include path with an escape, which only Git may undo
#   fifo       a config [include] naming a FIFO inside the org, and a
#              worktree-shaped directory whose common directory's config
#              is a FIFO: refused, not a sweep that blocks
# and, swept as before:
#   (org2)     links inside that lead on: to a directory whose link
#              leads outside, and to a FIFO
#   shared     a `git clone --shared` of a sibling inside the org
#   plain      an ordinary clone
# Checks: the confined repositories are diagnostics naming what leads
# where, the others are reported, nothing of the secret is in any output,
# a warm cache filled with --allow-git-dir is not used without it,
# --allow-git-dir of a missing directory is a usage error, and a linked
# worktree or submodule checkout named alone is swept when its git
# directory names it back (a forged or copied .git file is refused).
#
# usage: confine.sh <path to mlsweep> <project root>
set -uo pipefail

bin=${1:?usage: confine.sh <mlsweep binary> <project root>}
root=${2:?usage: confine.sh <mlsweep binary> <project root>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $*"
  fail=$((fail + 1))
}

bucket() {
  printf 'resource "aws_s3_bucket" "%s" {\n  bucket = "%s"\n  acl    = "public-read"\n}\n' \
    "$2" "$2" >"$1"
}

# --- the secret, outside the org -------------------------------------------
secret=$tmp/secret
git init -q -b main "$secret"
bucket "$secret/main.tf" secret_data
git -C "$secret" add -A && git -C "$secret" commit -q -m s
sid=$(git -C "$secret" rev-parse HEAD)

org=$tmp/org
mkdir -p "$org"

# A bare repository whose main is the secret's commit, its objects
# borrowed through alternates.
borrow() { # borrow DIR OBJECTS
  git init -q --bare "$1"
  echo "$2" >"$1/objects/info/alternates"
  git -C "$1" update-ref refs/heads/main "$sid" 2>/dev/null ||
    printf '%s\n' "$sid" >"$1/refs/heads/main"
  git -C "$1" symbolic-ref HEAD refs/heads/main
}

borrow "$org/alt.git" "$secret/.git/objects"
borrow "$org/mid.git" "$secret/.git/objects"
borrow "$org/chain.git" "$org/mid.git/objects"
# mid.git itself is confined too; chain.git is refused for mid's line.

# A clone whose .git is a gitlink file naming the secret's git directory.
mkdir -p "$org/gitlink"
echo "gitdir: $secret/.git" >"$org/gitlink/.git"

# A linked worktree of the secret, inside the org.
git -C "$secret" worktree add -q "$org/worktree" -b wt 2>/dev/null

# Swept as before: a --shared clone of a sibling, and a plain clone.
git init -q -b main "$tmp/src"
bucket "$tmp/src/main.tf" shared_data
git -C "$tmp/src" add -A && git -C "$tmp/src" commit -q -m s
git clone -q --bare "$tmp/src" "$org/src.git"
git clone -q --shared "$org/src.git" "$org/shared"
git init -q -b main "$org/plain"
bucket "$org/plain/main.tf" plain_data
git -C "$org/plain" add -A && git -C "$org/plain" commit -q -m p

# A directory shaped like a linked worktree's git directory, whose
# commondir names the secret's (the org search used to ask libgit2,
# which read it, to decide whether this is a repository).
mkdir -p "$org/wtgd.git/objects" "$org/wtgd.git/refs"
printf 'ref: refs/heads/main\n' >"$org/wtgd.git/HEAD"
printf '%s\n' "$secret/.git" >"$org/wtgd.git/commondir"

# And one whose common directory (inside the org) has a FIFO for config:
# deciding what it is must not block the org search.
mkdir -p "$org/fifocommon.git/objects" "$org/fifocommon.git/refs/heads"
printf 'ref: refs/heads/main\n' >"$org/fifocommon.git/HEAD"
mkfifo "$org/fifocommon.git/config"
mkdir -p "$org/wtfifo.git/objects" "$org/wtfifo.git/refs"
printf 'ref: refs/heads/main\n' >"$org/wtfifo.git/HEAD"
printf '../fifocommon.git\n' >"$org/wtfifo.git/commondir"

# An include naming a file beside the secret, and one naming a FIFO inside
# the org (clones of src: their own objects are theirs to read).
git clone -q --bare "$tmp/src" "$org/include.git"
printf '[include]\n\tpath = %s\n' "$secret/outside.cfg" >>"$org/include.git/config"
printf '[remote "origin"]\n\turl = https://example.com/secret_data.git\n' \
  >"$secret/outside.cfg"
git clone -q --bare "$tmp/src" "$org/escinc.git"
printf '[include]\n\tpath = "../x\\\\y"\n' >>"$org/escinc.git/config"
git clone -q --bare "$tmp/src" "$org/fifo.git"
mkfifo "$org/fifo.cfg"
printf '[include]\n\tpath = ../fifo.cfg\n' >>"$org/fifo.git/config"



# sweep NAME ARGS... -- every output of one sweep of the org into
# $tmp/NAME/, under a timeout (the FIFO must not block it).
sweep() {
  local n=$1 d=$tmp/$1
  shift
  mkdir -p "$d"
  timeout -s KILL 120 "$bin" scan "$org" -j2 "$@" \
    --format json --output "$d/results.json" --sarif-dir "$d/sarif" \
    --sarif "$d/org.sarif" --stats "$d/stats.json" \
    --format text --output "$d/text" 2>"$d/stderr" >/dev/null
  echo $? >"$d/status"
}

# judge NAME ALLOWED -- ALLOWED 1: the sweep had --allow-git-dir $secret.
judge() {
  local n=$1 allowed=$2 d=$tmp/$1 st
  st=$(cat "$d/status")
  [[ $st == 1 ]] && ok || bad "$n: exit $st, want 1 (findings)"
  python3 - "$d" "$allowed" <<'EOF' && ok || bad "$n: results"
import json, os, sys
d, allowed = sys.argv[1], sys.argv[2] == "1"
out = json.load(open(os.path.join(d, "results.json")))
res, diags, errs = {}, {}, []
for r in out["results"]:
    res.setdefault(r["repo"], set()).add(r["resource"])
for x in out["diagnostics"]:
    diags.setdefault(x["repo"], []).append(x["message"])
why = {
    "alt.git": "objects/info/alternates names",
    "mid.git": "objects/info/alternates names",
    "chain.git": "objects/info/alternates names",
    "gitlink": "its git directory is",
    "worktree": "its git directory is",
    "wtgd.git": "its commondir names",
    "include.git": "its config includes",
    "fifo.git": "a config file that cannot be checked",
    "fifocommon.git": "a file that is neither regular nor a directory",
    "wtfifo.git": "a file that is neither regular nor a directory",
    "escinc.git": "an include path with escapes or quotes in",
}
fifos = ("fifo.git", "fifocommon.git", "wtfifo.git", "escinc.git")
for repo in ("shared", "plain", "src.git"):
    if not res.get(repo):
        errs.append("%s: no results" % repo)
for repo, text in why.items():
    msgs = " ".join(diags.get(repo, []))
    if allowed and repo not in fifos:
        if not res.get(repo):
            errs.append("%s: allowed, but no result (%s)" % (repo, msgs))
        if "outside the directory swept" in msgs:
            errs.append("%s: allowed, still refused: %s" % (repo, msgs))
        continue
    if res.get(repo):
        errs.append("%s: swept: %s" % (repo, sorted(res[repo])))
    said = "not opened" if repo in fifos else "reads outside the directory swept"
    if text not in msgs or said not in msgs:
        errs.append("%s: no diagnostic %r: %r" % (repo, text, msgs))
if not allowed:
    for top, _, files in os.walk(d):
        for f in files:
            p = os.path.join(top, f)
            if "secret_data" in open(p, errors="replace").read():
                errs.append("%s holds the secret's bucket" % p)
for e in errs:
    print("  " + e)
sys.exit(1 if errs else 0)
EOF
}

sweep cold --no-cache
judge cold 0

# Allowed: the repositories that borrow the secret are swept.
sweep allowed --no-cache --allow-git-dir "$secret"
judge allowed 1

# A cache filled under the allowance is not used without it.
sweep fill --cache-dir "$tmp/cache" --allow-git-dir "$secret"
judge fill 1
sweep warm --cache-dir "$tmp/cache"
judge warm 0
cmp -s "$tmp/cold/results.json" "$tmp/warm/results.json" && ok ||
  bad "warm without --allow-git-dir differs from the cold sweep"

# The --shared clone, swept from the cache the org sweeps filled: its
# alternates lie inside the org, not inside the clone named alone, so
# the cache must not serve it (and no libgit2-free shortcut either).
"$bin" scan "$org/shared" --cache-dir "$tmp/cache" --format json \
  --output "$tmp/shared-alone.json" 2>/dev/null >/dev/null
st=$?
[[ $st == 2 ]] && grep -q 'objects/info/alternates names' "$tmp/shared-alone.json" &&
  ! grep -q shared_data "$tmp/shared-alone.json" && ok ||
  bad "the --shared clone alone, warm: exit $st, or served from the cache"

# A directory that does not exist is a usage error, not a no-op.
"$bin" scan "$org" --no-cache --allow-git-dir "$tmp/none" --format json \
  --output /dev/null 2>"$tmp/usage.err" >/dev/null
st=$?
[[ $st == 2 ]] && grep -q 'allow-git-dir' "$tmp/usage.err" && ok ||
  bad "--allow-git-dir of a missing directory: exit $st"

# One repository named alone: its own directory is the bound.
"$bin" scan "$org/alt.git" --no-cache --format json --output "$tmp/lone.json" \
  2>/dev/null >/dev/null
st=$?
[[ $st == 2 ]] && grep -q 'outside the directory swept' "$tmp/lone.json" &&
  ! grep -q secret_data "$tmp/lone.json" && ok ||
  bad "alt.git alone: exit $st, or the secret reached the output"

# A checkout named alone whose git directory lives in its repository:
# the linked worktree of the secret (its git directory's gitdir file
# names this checkout back) and a submodule's checkout (its git
# directory's core.worktree names it back) are swept; the gitlink, which
# names the secret's git directory with nothing naming it back, and a
# copy of the worktree's .git file in another directory (the worktree's
# git directory names the real checkout) are refused. In the org sweeps
# above the same worktree is refused: an org's repositories are vouched
# for by nothing but the org directory.
lone() { # lone NAME DIR WANT(1: swept, 0: refused) RESOURCE
  "$bin" scan "$2" --no-cache --format json --output "$tmp/$1.json" \
    2>"$tmp/$1.err" >/dev/null
  local st=$?
  if [[ $3 == 1 ]]; then
    [[ $st == 1 ]] && grep -q "\"$4\"" "$tmp/$1.json" &&
      ! grep -q 'outside the directory swept' "$tmp/$1.json" && ok ||
      bad "$1 alone: exit $st, or not swept: $(cat "$tmp/$1.err")"
  else
    [[ $st == 2 ]] && grep -q 'outside the directory swept' "$tmp/$1.json" &&
      ! grep -q "$4" "$tmp/$1.json" && ok ||
      bad "$1 alone: exit $st, or the secret reached the output"
  fi
}
lone worktree "$org/worktree" 1 aws_s3_bucket.secret_data
git init -q -b main "$tmp/super"
git -C "$tmp/super" -c protocol.file.allow=always submodule add -q \
  "$tmp/src" mod 2>/dev/null
git -C "$tmp/super" commit -q -m super
lone submodule "$tmp/super/mod" 1 aws_s3_bucket.shared_data
lone gitlink "$org/gitlink" 0 secret_data
mkdir -p "$tmp/stolen"
cp "$org/worktree/.git" "$tmp/stolen/.git"
lone stolen "$tmp/stolen" 0 secret_data

# Links that stay inside but lead on: a refs/tags linked to a directory
# inside the org whose tag links outside (read at --ref v1, which the
# native reader declines through the link), and packed-refs linked to a
# FIFO inside the org. Both are refused; neither blocks.
org2=$tmp/org2
mkdir -p "$org2/tagsdir"
git clone -q --bare "$tmp/src" "$org2/tags.git"
rm -rf "$org2/tags.git/refs/tags"
ln -s ../../tagsdir "$org2/tags.git/refs/tags"
ln -s "$secret/.git/refs/heads/main" "$org2/tagsdir/v1"
git clone -q --bare "$tmp/src" "$org2/pfifo.git"
mkfifo "$org2/pfifo"
rm -f "$org2/pfifo.git/packed-refs"
ln -s ../pfifo "$org2/pfifo.git/packed-refs"
timeout -s KILL 120 "$bin" scan "$org2" --no-cache --ref v1 --format json \
  --output "$tmp/org2.json" 2>/dev/null >/dev/null
st=$?
python3 - "$tmp/org2.json" "$st" <<'EOF' && ok || bad "links leading on: exit $st"
import json, sys
assert sys.argv[2] in ("0", "1", "2"), "exit " + sys.argv[2]
out = json.load(open(sys.argv[1]))
text = open(sys.argv[1]).read()
assert "secret_data" not in text, "the secret reached the output"
msgs = {}
for d in out["diagnostics"]:
    msgs.setdefault(d["repo"], []).append(d["message"])
t = " ".join(msgs.get("tags.git", []))
assert "reads outside the directory swept: a symbolic link to" in t, t
p = " ".join(msgs.get("pfifo.git", []))
assert "a link to a file that is neither regular nor a directory" in p, p
EOF

echo "confine.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
