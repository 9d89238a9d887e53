#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# docs/ci/upload-sarif.sh -- upload each per-repository SARIF file of
# `mlsweep scan --sarif-dir DIR` (or `mlsweep merge`) to the code scanning
# of the repository it belongs to, through the REST API:
#   POST /repos/{owner}/{repo}/code-scanning/sarifs
#   {"commit_sha", "ref", "sarif": base64(gzip(file))}
# then polls each upload until GitHub has processed it. The repository,
# commit and branch come from the file's versionControlProvenance, which
# mlsweep writes when it knows the commit and the remote URL (a mirror
# made with `git clone --mirror` has both). A file without it is skipped
# with a warning. The file must stay under GitHub's 10 MB gzipped; mlsweep
# already cuts results to fit.
#
# usage: GITHUB_TOKEN=... upload-sarif.sh SARIF_DIR [API_URL]
#   API_URL defaults to https://api.github.com (GHES: https://HOST/api/v3)
# The token needs security_events (classic) or "Code scanning alerts:
# write" on every repository. Exit status 1 when any upload failed.
set -uo pipefail
dir=${1:?usage: upload-sarif.sh SARIF_DIR [API_URL]}
api=${2:-https://api.github.com}
: "${GITHUB_TOKEN:?GITHUB_TOKEN is not set}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
hdr=(-H "Authorization: Bearer $GITHUB_TOKEN"
  -H "Accept: application/vnd.github+json"
  -H "X-GitHub-Api-Version: 2022-11-28")

for f in "$dir"/*.sarif; do
  [[ -e $f ]] || continue
  uri=$(jq -r '.runs[0].versionControlProvenance[0].repositoryUri // empty' "$f")
  sha=$(jq -r '.runs[0].versionControlProvenance[0].revisionId // empty' "$f")
  branch=$(jq -r '.runs[0].versionControlProvenance[0].branch // empty' "$f")
  # https://github.com/OWNER/REPO(.git) or ssh://git@github.com/OWNER/REPO
  slug=$(printf '%s' "$uri" | sed -E 's#^[a-z+]+://([^/@]*@)?[^/]+/##; s#\.git$##')
  if [[ -z $uri || -z $sha || -z $branch || $slug != */* ]]; then
    echo "skip $f: no repository, commit or branch in versionControlProvenance" >&2
    continue
  fi
  # The body from a file: a large payload does not fit on a command line.
  gzip -9 -c "$f" | base64 -w0 >"$tmp/sarif.b64"
  jq -n --arg sha "$sha" --arg ref "refs/heads/$branch" \
    --rawfile sarif "$tmp/sarif.b64" \
    '{commit_sha: $sha, ref: $ref, sarif: ($sarif | rtrimstr("\n")),
      tool_name: "mlsweep"}' >"$tmp/body.json"
  code=$(curl -sS -o "$tmp/resp.json" -w '%{http_code}' -X POST "${hdr[@]}" \
    --data @"$tmp/body.json" "$api/repos/$slug/code-scanning/sarifs")
  if [[ $code != 202 ]]; then
    echo "FAIL $slug: HTTP $code $(head -c 300 "$tmp/resp.json")" >&2
    failed=1
    continue
  fi
  id=$(jq -r .id "$tmp/resp.json")
  # Most SARIF problems show only here, in errors[].
  status=pending
  for wait in 5 5 10 20 40; do
    sleep "$wait"
    curl -sS "${hdr[@]}" -o "$tmp/poll.json" \
      "$api/repos/$slug/code-scanning/sarifs/$id" || continue
    status=$(jq -r .processing_status "$tmp/poll.json")
    [[ $status == pending ]] || break
  done
  if [[ $status == complete ]]; then
    echo "ok   $slug $sha ($branch)"
  else
    echo "FAIL $slug: processing $status: $(jq -c .errors "$tmp/poll.json" 2>/dev/null)" >&2
    failed=1
  fi
done
exit $failed
