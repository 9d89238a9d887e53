#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/hostile.sh -- hostile repositories, one per case, each swept on
# its own by `mlsweep scan` (issue 8, reliability). The repositories are
# built here with git; scan.sh covers the broken-Git cases (missing blob,
# corrupt pack, ref pointing nowhere, symbolic links, gitlink, LFS
# pointer), this file the hostile contents:
#   big        a 100 MB .tf, over MLS_MAX_BLOB_BYTES
#   nul        a main.tf of NUL bytes
#   utf8       invalid UTF-8 in a .tf and in a CloudFormation template
#   laughs     a YAML billion-laughs CloudFormation template
#   deep       1,000,000-deep brackets in a .tf and in a JSON template
#   selfcall   a module calling itself (source = "./")
#   mutual     two modules calling each other, called from a root
#   foreach    for_each over range(10000000)
#   paths      file() and templatefile() outside the repository
#              (../../etc/passwd, absolute paths)
#   many       100,000 tiny files in one commit (git fast-import)
#   names      file names with terminal escapes and newlines
# Each repository also holds a normal notebook whose finding must still be
# reported, in the hostile file's own directory (same module) unless the
# case is the module itself. For each case:
#   - the sweep completes: exit 0 or 1 (never 2, never a signal), under a
#     `timeout` and, outside sanitizer builds, `prlimit --as`;
#   - the known resources' results are in the JSON output;
#   - the case is a diagnostic (repo, path, message) in its "diagnostics";
#   - peak RSS (/usr/bin/time -f %M) stays under a bound;
#   - nothing read outside the repository reaches any output.
#
# usage: hostile.sh <path to mlsweep> <project root> [case...]
set -uo pipefail

bin=${1:?usage: hostile.sh <mlsweep binary> <project root> [case...]}
root=${2:?usage: hostile.sh <mlsweep binary> <project root> [case...]}
shift 2
only=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
rules=(--no-builtin-rules --rules "$root/tests/engine/rules")

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

# Bounds. Time: each sweep gets SWEEP_SECONDS (sanitizer builds run
# slower; a hang is what this catches, not a slow machine). Memory: peak
# RSS under RSS_LIMIT_KB; the address space under AS_LIMIT outside ASan,
# which reserves terabytes of shadow memory.
SWEEP_SECONDS=${SWEEP_SECONDS:-120}
RSS_LIMIT_KB=${RSS_LIMIT_KB:-1048576}
AS_LIMIT=${AS_LIMIT:-4G}
limit=(prlimit "--as=$(numfmt --from=iec "$AS_LIMIT")")
if grep -q __asan_init "$bin" 2>/dev/null || grep -q __tsan_init "$bin" 2>/dev/null; then
  limit=()
fi

ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL $*"
  fail=$((fail + 1))
}

want_case() {
  [[ ${#only[@]} -eq 0 ]] && return 0
  local c
  for c in "${only[@]}"; do [[ $c == "$1" ]] && return 0; done
  return 1
}

commit_all() { git -C "$1" add -A && git -C "$1" commit -q -m "${2:-c}"; }

# notebook FILE NAME -- a notebook MLS-TEST-001 reports (no
# direct_internet_access: the default is Enabled).
notebook() {
  printf 'resource "aws_sagemaker_notebook_instance" "%s" {\n  name = "%s"\n}\n' \
    "$2" "$2" >"$1"
}

# sweep CASE -- sweep $tmp/org/CASE into $tmp/out/CASE/{results.json,
# stderr,status,rss}; checks the exit status, time and memory.
sweep() {
  local c=$1 d=$tmp/out/$1 st
  mkdir -p "$d"
  local t0=$SECONDS
  /usr/bin/time -o "$d/rss" -f %M timeout -s KILL "$SWEEP_SECONDS" \
    "${limit[@]}" "$bin" scan "$tmp/org/$c" "${rules[@]}" --no-cache -j2 \
    --format json --output "$d/results.json" 2>"$d/stderr" >/dev/null
  st=$?
  echo "$st" >"$d/status"
  local rss
  rss=$(tail -1 "$d/rss")
  printf '%-9s exit %s, %3d s, peak RSS %s KB\n' "$c" "$st" \
    $((SECONDS - t0)) "$rss"
  if [[ $st -ne 0 && $st -ne 1 ]]; then
    bad "$c: exit $st (2 is an error, 124+ a timeout or signal)"
    sed 's/^/  stderr: /' "$d/stderr" | head -20
    return 1
  fi
  ok
  if [[ $rss =~ ^[0-9]+$ ]] && ((rss < RSS_LIMIT_KB)); then ok; else
    bad "$c: peak RSS $rss KB over $RSS_LIMIT_KB KB"
  fi
}

# check CASE 'RESOURCE...' 'DIAG...' -- each RESOURCE (type.name) has a
# result in CASE's repository; each DIAG "path|text" is a diagnostic of the
# repository whose path is `path` (a prefix when it ends in '*'; empty: no
# path) and whose message contains `text` (case-insensitive). Also checks
# that no output holds the first line of /etc/passwd.
check() {
  local c=$1 d=$tmp/out/$1
  [[ -s $d/results.json ]] || {
    bad "$c: no JSON output"
    return
  }
  python3 - "$d/results.json" "$c" "$2" "$3" <<'EOF' && ok || bad "$c: results or diagnostics"
import json, sys
out = json.load(open(sys.argv[1]))
repo = sys.argv[2]
# One repository swept alone is named by the path given.
def mine(x):
    return x["repo"].rstrip("/").split("/")[-1] == repo
res = [r for r in out["results"] if mine(r)]
diags = [d for d in out["diagnostics"] if mine(d)]
errs = []
for want in sys.argv[3].split():
    if not any(r["resource"] == want for r in res):
        errs.append("no result for %s" % want)
for want in [w for w in sys.argv[4].split(";") if w]:
    path, text = want.split("|", 1)
    def match(d):
        p = d.get("path") or ""
        okp = p.startswith(path[:-1]) if path.endswith("*") else p == path
        return okp and text.lower() in d["message"].lower()
    if not any(match(d) for d in diags):
        errs.append("no diagnostic %r" % want)
if errs or __import__("os").environ.get("HOSTILE_VERBOSE"):
    print("\n".join("  " + e for e in errs))
    print("  results: %s" % sorted({r["resource"] for r in res})[:20])
    print("  diagnostics: %s" % json.dumps(diags, indent=1)[:3000])
    sys.exit(1 if errs else 0)
EOF
  if grep -q 'root:x:0:0' "$d/results.json" "$d/stderr"; then
    bad "$c: /etc/passwd reached the output"
  else ok; fi
}

org=$tmp/org
mkdir -p "$org"

# --- big: a 100 MB .tf -------------------------------------------------------
# Over MLS_MAX_BLOB_BYTES: skipped with a diagnostic, never read whole.
# The notebook beside it (same module) is still evaluated.
if want_case big; then
  r=$org/big
  mkdir -p "$r"
  notebook "$r/ok.tf" kept_big
  python3 -c '
import sys
line = b"# " + b"x" * 1021 + b"\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"resource \"aws_s3_bucket\" \"huge\" {}\n")
    for _ in range(100 * 1024):
        f.write(line)
' "$r/big.tf"
  git -C "$r" init -q -b main && commit_all "$r"
  sweep big && check big aws_sagemaker_notebook_instance.kept_big 'big.tf|'
fi

# --- nul: a main.tf of NUL bytes ----------------------------------------------
if want_case nul; then
  r=$org/nul
  mkdir -p "$r/other"
  notebook "$r/ok.tf" kept_nul
  notebook "$r/other/main.tf" kept_nul_other
  head -c 1048576 /dev/zero >"$r/main.tf"
  git -C "$r" init -q -b main && commit_all "$r"
  sweep nul && check nul \
    'aws_sagemaker_notebook_instance.kept_nul aws_sagemaker_notebook_instance.kept_nul_other' \
    'main.tf|'
fi

# --- names: file names that carry terminal escapes and newlines ----------------
# A failing notebook and a file that does not parse, both named with an
# escape sequence and a newline that would start a line of their own: the
# text report and stderr show them with '?' for each control character.
if want_case names; then
  r=$org/names
  mkdir -p "$r"
  evil=$'\e[2J\e]0;pwned\a\n== forged ==  passed 99'
  notebook "$r/$evil.tf" kept_names
  printf 'resource "aws_s3_bucket" "b" {\n' >"$r/broken $evil.tf"
  git -C "$r" init -q -b main && commit_all "$r"
  sweep names && check names 'aws_sagemaker_notebook_instance.kept_names' \
    'broken *|'
  "$bin" scan "$r" "${rules[@]}" --no-cache >"$tmp/out/names/text" \
    2>"$tmp/out/names/text-stderr"
  python3 - "$tmp/out/names" <<'EOF' && ok || bad "names: a control character reached the terminal"
import sys
d = sys.argv[1]
for name in ("text", "text-stderr", "stderr"):
    b = open(f"{d}/{name}", "rb").read()
    bad = [c for c in b if (c < 0x20 and c not in (0x0a, 0x09)) or c == 0x7f]
    assert not bad, (name, bad[:5])
    assert b"\n== forged" not in b, name
text = open(f"{d}/text", "rb").read()
assert b"?[2J?]0;pwned??== forged ==  passed 99.tf" in text, text[:400]
err = open(f"{d}/text-stderr", "rb").read()
assert b"broken ?[2J" in err, err
EOF
fi

# --- utf8: invalid UTF-8 in a .tf and in a template ---------------------------
if want_case utf8; then
  r=$org/utf8
  mkdir -p "$r/cfn"
  notebook "$r/ok.tf" kept_utf8
  printf 'resource "aws_s3_bucket" "bad" {\n  bucket = "a\xff\xfe\xc0\x80b"\n}\n# \xed\xa0\x80\n' \
    >"$r/bad.tf"
  printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bad:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "a\xff\xfeb"\n' \
    >"$r/cfn/bad.yaml"
  cat >"$r/cfn/ok.yaml" <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  KeptUtf8:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/x
EOF
  git -C "$r" init -q -b main && commit_all "$r"
  sweep utf8 && check utf8 'aws_sagemaker_notebook_instance.kept_utf8 KeptUtf8' \
    'bad.tf|;cfn/bad.yaml|'
fi

# --- laughs: a YAML billion-laughs template -----------------------------------
if want_case laughs; then
  r=$org/laughs
  mkdir -p "$r"
  notebook "$r/ok.tf" kept_laughs
  python3 - "$r/laughs.yaml" <<'EOF'
import sys
lines = ['AWSTemplateFormatVersion: "2010-09-09"', "Resources:",
         "  Lol:", "    Type: AWS::S3::Bucket", "    Properties:",
         '      L0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    lines.append("      L%d: &l%d [%s]" % (i, i, ",".join(["*l%d" % (i - 1)] * 9)))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
  git -C "$r" init -q -b main && commit_all "$r"
  sweep laughs && check laughs aws_sagemaker_notebook_instance.kept_laughs \
    'laughs.yaml|'
fi

# --- deep: 1,000,000-deep brackets in a .tf and in a JSON template -----------
if want_case deep; then
  r=$org/deep
  mkdir -p "$r/cfn"
  notebook "$r/ok.tf" kept_deep
  python3 - "$r/deep.tf" "$r/cfn/deep.json" <<'EOF'
import sys
n = 1000000
open(sys.argv[1], "w").write(
    'locals {\n  x = ' + "[" * n + "1" + "]" * n + "\n}\n")
open(sys.argv[2], "w").write(
    '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"D": '
    '{"Type": "AWS::S3::Bucket", "Properties": {"X": ' + "[" * n + "1"
    + "]" * n + "}}}}\n")
EOF
  git -C "$r" init -q -b main && commit_all "$r"
  sweep deep && check deep aws_sagemaker_notebook_instance.kept_deep \
    'deep.tf|;cfn/deep.json|'
fi

# --- selfcall: a module that calls itself -------------------------------------
if want_case selfcall; then
  r=$org/selfcall
  mkdir -p "$r"
  notebook "$r/ok.tf" kept_self
  printf 'module "me" {\n  source = "./"\n}\n' >"$r/main.tf"
  git -C "$r" init -q -b main && commit_all "$r"
  sweep selfcall && check selfcall aws_sagemaker_notebook_instance.kept_self \
    'main.tf|'
fi

# --- mutual: two modules calling each other -----------------------------------
# Called from a root (root -> a -> b -> a), and a pair nothing else calls:
# neither is a root module by DESIGN's rule, so they must not vanish
# silently.
if want_case mutual; then
  r=$org/mutual
  mkdir -p "$r/a" "$r/b" "$r/pair/c" "$r/pair/d"
  notebook "$r/main.tf" kept_mutual
  printf 'module "a" {\n  source = "./a"\n}\n' >>"$r/main.tf"
  printf 'module "b" {\n  source = "../b"\n}\n' >"$r/a/main.tf"
  printf 'module "a" {\n  source = "../a"\n}\n' >"$r/b/main.tf"
  printf 'module "d" {\n  source = "../d"\n}\n' >"$r/pair/c/main.tf"
  printf 'module "c" {\n  source = "../c"\n}\n' >"$r/pair/d/main.tf"
  notebook "$r/pair/c/nb.tf" in_cycle
  git -C "$r" init -q -b main && commit_all "$r"
  sweep mutual && check mutual 'aws_sagemaker_notebook_instance.kept_mutual aws_sagemaker_notebook_instance.in_cycle' \
    'b/main.tf|cycle;pair/*|cycle'
fi

# --- foreach: for_each over range(10000000) -----------------------------------
if want_case foreach; then
  r=$org/foreach
  mkdir -p "$r"
  notebook "$r/ok.tf" kept_foreach
  cat >"$r/main.tf" <<'EOF'
resource "aws_s3_bucket" "many" {
  for_each = toset([for i in range(10000000) : tostring(i)])
  bucket   = "b-${each.key}"
}
resource "aws_s3_bucket" "count" {
  count  = length(range(10000000))
  bucket = "c-${count.index}"
}
EOF
  # range() stops at 1,024 values as Terraform's does; nested for
  # expressions still build a million keys. That passes the model's memory
  # bound and fails its whole module (a diagnostic, no result), so it sits
  # in a module of its own here.
  mkdir -p "$r/amplify"
  cat >"$r/amplify/main.tf" <<'EOF'
resource "aws_s3_bucket" "nested" {
  for_each = toset(flatten([for i in range(1000) : [for j in range(1000) : "${i}-${j}"]]))
  bucket   = each.key
}
resource "aws_s3_bucket" "huge_count" {
  count  = 10000000
  bucket = "h-${count.index}"
}
EOF
  git -C "$r" init -q -b main && commit_all "$r"
  sweep foreach && check foreach aws_sagemaker_notebook_instance.kept_foreach \
    'main.tf|range;|amplify: the module'
fi

# --- paths: file() and templatefile() outside the repository ------------------
if want_case paths; then
  r=$org/paths
  mkdir -p "$r/mod"
  notebook "$r/ok.tf" kept_paths
  cat >"$r/main.tf" <<'EOF'
resource "aws_s3_bucket" "up" {
  bucket = file("../../etc/passwd")
  policy = templatefile("../../../../../../etc/passwd", {})
}
resource "aws_s3_bucket" "abs" {
  bucket = file("/etc/passwd")
  policy = templatefile("/etc/passwd", {})
}
resource "aws_s3_bucket" "modpath" {
  bucket = file("${path.module}/../../etc/passwd")
  policy = templatefile("${path.root}/../etc/passwd", {})
}
module "m" {
  source = "./mod"
}
EOF
  printf 'resource "aws_s3_bucket" "m" {\n  bucket = file("${path.module}/../../../etc/passwd")\n}\n' \
    >"$r/mod/main.tf"
  git -C "$r" init -q -b main && commit_all "$r"
  sweep paths && check paths aws_sagemaker_notebook_instance.kept_paths \
    'main.tf|passwd;mod/main.tf|passwd'
  # What the evaluator made of them: unknown values, never the file.
  "$bin" inspect --format json "$r" >"$tmp/out/paths/inspect.json" 2>&1
  if grep -q 'root:x:0:0' "$tmp/out/paths/inspect.json"; then
    bad "paths: mlsweep inspect read /etc/passwd"
  else ok; fi
fi

# --- many: 100,000 tiny files in one commit ----------------------------------
# 1,000 directories of 100 files: 99 tiny text files and one .tf each, so
# the walk sees 100,000 entries and the evaluator 1,000 root modules; one
# of them holds the notebook.
if want_case many; then
  r=$org/many
  git init -q -b main "$r"
  python3 - <<'EOF' | git -C "$r" fast-import --quiet
import sys
w = sys.stdout.buffer.write
nfiles = 0
for d in range(1000):
    for f in range(100):
        if f == 0:
            body = b'resource "aws_s3_bucket" "b%d" {\n  bucket = "b%d"\n}\n' % (d, d)
            if d == 500:
                body += (b'resource "aws_sagemaker_notebook_instance" "kept_many" '
                         b'{\n  name = "k"\n}\n')
        else:
            body = b"%d/%d\n" % (d, f)
        w(b"blob\nmark :%d\ndata %d\n%s\n" % (d * 100 + f + 1, len(body), body))
w(b"commit refs/heads/main\ncommitter t <t@example.invalid> 1767225600 +0000\n"
  b"data 2\nc\n")
for d in range(1000):
    for f in range(100):
        name = b"d%03d/main.tf" % d if f == 0 else b"d%03d/f%02d.txt" % (d, f)
        w(b"M 100644 :%d %s\n" % (d * 100 + f + 1, name))
w(b"\n")
EOF
  n=$(git -C "$r" ls-tree -r main | wc -l)
  [[ $n -eq 100000 ]] && ok || bad "many: $n files in the commit, want 100000"
  sweep many && check many \
    'aws_sagemaker_notebook_instance.kept_many aws_s3_bucket.b0 aws_s3_bucket.b999' ''
  python3 - "$tmp/out/many/results.json" <<'EOF' && ok || bad "many: not every root module was reported"
import json, sys
res = json.load(open(sys.argv[1]))["results"]
n = len({r["resource"] for r in res if r["resource_type"] == "aws_s3_bucket"})
assert n == 1000, "%d buckets reported, want 1000" % n
EOF
fi

echo "hostile.sh: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
