#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/sarif/run_checks.py -- run sarif_gen twice and check what it wrote.
#
# usage: run_checks.py SARIF_GEN OUTDIR SCHEMA.json
#
# 1. Both runs give byte-identical files (determinism).
# 2. Every per-repository SARIF file passes check_github.py and the OASIS
#    schema; the org file passes check_github.py --org and the schema.
# 3. The counts match what this script works out from input.json (the
#    reports as sarif_gen built them): failing results only, merged on
#    (rule, path, line), capped at max_results keeping the highest
#    severities, a notification for each cut, suppressed results only in
#    the org file.
# Further outputs (stats, metrics, human formats) are checked when
# present. Exit status: 0 when all holds, 1 otherwise.
import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import check_github  # noqa: E402

SEV = {"none": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
problems = []


def fail(msg):
    problems.append(msg)


def expected_primaries(repo, statuses):
    """(rule, path, line) keys of the results a run carries, in order."""
    keys, sev = [], {}
    for st, sv, rule, path, line in repo["results"]:
        if st not in statuses:
            continue
        k = (rule, path, line, st)
        if k not in sev:
            keys.append(k)
            sev[k] = SEV[sv]
    return keys, sev


def notifications(run):
    return [n["message"]["text"]
            for n in run["invocations"][0].get("toolExecutionNotifications", [])]


def check_repo_file(repo, doc):
    run = doc["runs"][0]
    keys, sev = expected_primaries(repo, {"fail"})
    cap = repo["max_results"] or 25000
    written = run["results"]
    want_n = min(len(keys), cap) - repo["cut_size"]
    if len(written) != want_n:
        fail(f"{repo['name']}: {len(written)} results, expected {want_n}")
    notes = notifications(run)
    if len(keys) > cap and not any(
            "cut" in t and str(len(keys) - cap) in t for t in notes):
        fail(f"{repo['name']}: no notification for {len(keys) - cap} cut")
    if repo["cut_size"] and not any("gzip" in t for t in notes):
        fail(f"{repo['name']}: no notification for the gzip cut")
    # Highest severity first: nothing cut is more severe than anything kept.
    kept = {(r["ruleId"], r["locations"][0]["physicalLocation"]
             ["artifactLocation"]["uri"].replace("%20", " "),
             r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in written}
    kept_sev = [sev[k] for k in keys if (RULE_IDS[k[0]], k[1], k[2]) in kept]
    cut_sev = [sev[k] for k in keys if (RULE_IDS[k[0]], k[1], k[2]) not in kept]
    if len(kept_sev) != len(written):
        fail(f"{repo['name']}: results that were not in the report")
    if cut_sev and kept_sev and max(cut_sev) > min(kept_sev):
        fail(f"{repo['name']}: a cut result is more severe than a kept one")


def check_other_outputs(d, inp, org_runs):
    """Statistics equal the SARIF counts; metrics parse strictly; the
    human formats hold every result."""
    import check_openmetrics
    import xml.etree.ElementTree as ET
    stats = json.load(open(os.path.join(d, "stats.json")))
    if stats.get("schema") != "mlsweep-stats/2":
        fail("stats.json: schema")
    by_name = {r["name"]: r for r in stats["repos"]}
    if [r["name"] for r in stats["repos"]] != sorted(by_name,
                                                     key=lambda s: s.encode()):
        fail("stats.json: repos not in name order")
    total_written = 0
    n_all = {"fail": 0, "pass": 0, "unknown": 0, "suppressed": 0}
    for repo in inp["repos"]:
        doc = json.load(open(os.path.join(d, "repos", repo["file"])))
        n = len(doc["runs"][0]["results"])
        total_written += n
        st = by_name[repo["name"]]
        if st["sarif"]["results"] != n:
            fail(f"stats {repo['name']}: sarif.results {st['sarif']['results']}"
                 f" != {n} results in its SARIF file")
        want = {k: sum(1 for x in repo["results"] if x[0] == k) for k in n_all}
        for k in n_all:
            n_all[k] += want[k]
        got = st["checks"]
        if (got["failed"], got["passed"], got["unknown"], got["suppressed"]) \
                != (want["fail"], want["pass"], want["unknown"],
                    want["suppressed"]):
            fail(f"stats {repo['name']}: checks {got} != {want}")
        nfp = sum(len(v) for v in st["failing"].values())
        if nfp != want["fail"]:
            fail(f"stats {repo['name']}: {nfp} failing fingerprints, "
                 f"expected {want['fail']}")
    t = stats["totals"]
    if t["sarif"]["results"] != total_written:
        fail(f"stats totals: sarif.results {t['sarif']['results']} != "
             f"{total_written}")
    if t["failed"] != n_all["fail"] or t["passed"] != n_all["pass"]:
        fail("stats totals: failed/passed do not match the reports")
    denom = t["passed"] + t["failed"]
    if denom and abs(t["compliance"] - t["passed"] / denom) > 1e-4:
        fail("stats totals: compliance is not passed/(passed+failed)")
    prom = open(os.path.join(d, "metrics.prom"), encoding="utf-8").read()
    for p in check_openmetrics.check(prom):
        fail(f"metrics.prom: {p}")
    fails = sum(int(l.rsplit(" ", 1)[1]) for l in prom.splitlines()
                if l.startswith("mlsweep_checks{") and 'result="fail"' in l)
    if fails != n_all["fail"]:
        fail(f"metrics.prom: mlsweep_checks fail sums to {fails}, "
             f"expected {n_all['fail']}")
    rj = json.load(open(os.path.join(d, "report.json")))
    if len(rj["results"]) != sum(n_all.values()):
        fail(f"report.json: {len(rj['results'])} results, expected "
             f"{sum(n_all.values())}")
    for x in rj["results"][:50]:
        for k in ("repo", "path", "line", "rule", "severity", "status",
                  "resource", "message", "fingerprint"):
            if k not in x:
                fail(f"report.json: a result without {k}")
    junit = ET.parse(os.path.join(d, "report.xml")).getroot()
    nf = sum(1 for _ in junit.iter("failure"))
    if nf != n_all["fail"]:
        fail(f"report.xml: {nf} failures, expected {n_all['fail']}")
    md = open(os.path.join(d, "report.md")).read().splitlines()
    rows = [l for l in md if l.startswith("| ") and "---" not in l]
    if len(rows) != len(inp["repos"]) + 2:  # header and total
        fail(f"report.md: {len(rows)} table rows")
    txt = open(os.path.join(d, "report.txt")).read()
    if "\033" in txt:
        fail("report.txt: colour without asking")
    if txt.count("\n    ") < n_all["fail"]:
        fail("report.txt: fewer findings than failing results")


def main(argv):
    gen, out, schema = argv[1], argv[2], argv[3]
    outs = [out + ".1", out + ".2"]
    for d in outs:
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([gen, d], check=True)
    # 1. determinism
    for root, _, files in os.walk(outs[0]):
        for f in files:
            a = os.path.join(root, f)
            b = os.path.join(outs[1], os.path.relpath(a, outs[0]))
            if not os.path.exists(b) or not filecmp.cmp(a, b, shallow=False):
                fail(f"{os.path.relpath(a, outs[0])} differs between runs")
    d = outs[0]
    inp = json.load(open(os.path.join(d, "input.json")))
    # 2. GitHub's rules and the schema
    from jsonschema import Draft4Validator, FormatChecker
    validator = Draft4Validator(json.load(open(schema)),
                                format_checker=FormatChecker())
    repo_files = sorted(os.listdir(os.path.join(d, "repos")))
    want_files = sorted(r["file"] for r in inp["repos"])
    if repo_files != want_files:
        fail(f"repos/ holds {repo_files}, expected {want_files}")
    for f in repo_files:
        problems.extend(check_github.check_file(
            os.path.join(d, "repos", f), False, validator))
    problems.extend(check_github.check_file(os.path.join(d, "org.sarif"),
                                            True, validator))
    # 3. counts
    org = json.load(open(os.path.join(d, "org.sarif")))
    org_runs = {r["properties"]["repository"]: r for r in org["runs"]}
    for repo in inp["repos"]:
        doc = json.load(open(os.path.join(d, "repos", repo["file"])))
        check_repo_file(repo, doc)
        if repo["max_gzip_bytes"]:
            raw = open(os.path.join(d, "repos", repo["file"]), "rb").read()
            if len(gzip.compress(raw, 6)) >= repo["max_gzip_bytes"]:
                fail(f"{repo['file']}: gzip size over {repo['max_gzip_bytes']}")
        run = org_runs.get(repo["name"])
        if run is None:
            fail(f"org.sarif has no run for {repo['name']}")
            continue
        keys, _ = expected_primaries(repo, {"fail", "suppressed"})
        want = min(len(keys), repo["max_results"] or 25000)
        if len(run["results"]) != want:
            fail(f"org run {repo['name']}: {len(run['results'])} results, "
                 f"expected {want}")
        nsupp = sum(1 for r in run["results"] if r.get("suppressions"))
        want_supp = sum(1 for k in keys if k[3] == "suppressed")
        if nsupp != want_supp:
            fail(f"org run {repo['name']}: {nsupp} suppressed, "
                 f"expected {want_supp}")
    check_other_outputs(d, inp, org_runs)
    for p in problems:
        print(p)
    print(f"run_checks.py: {len(problems)} problem(s)")
    return 1 if problems else 0


# Rule index -> id, as sarif_gen's table lists them.
RULE_IDS = {0: "MLS-S3-001", 1: "MLS-SM-001", 2: "MLS-SM-002",
            3: "MLS-SM-003"}

if __name__ == "__main__":
    sys.exit(main(sys.argv))
