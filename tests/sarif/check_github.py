#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/sarif/check_github.py -- check SARIF files against what GitHub code
# scanning accepts, beyond the JSON schema (the shared reference
# sarif-github.md, section 10), and validate them against the OASIS SARIF
# 2.1.0 schema with Debian's python3-jsonschema (format checks included
# when python3-rfc3987 is installed).
#
# usage: check_github.py [--org] [--schema SCHEMA.json] FILE.sarif...
#   --org     the file is an org rollup: many runs, suppressed results
#             allowed, runs in repository name order; not uploadable, so
#             the per-upload rules (one run, unique category) are skipped.
# Exit status: 0 when every file passes, 1 with one line per problem.
import gzip
import json
import re
import sys

LEVELS = {"none", "note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}
MAX_RESULTS = 25000
MAX_GZIP = 10 * 1000 * 1000
HASH_RE = re.compile(r"^[0-9a-f]{1,16}:[1-9][0-9]*$")
FP_RE = re.compile(r"^[0-9a-f]{32}$")
LINK_RE = re.compile(r"(?<!\\)\[[^\[\]]*(?<!\\)\]\(([0-9]+)\)")
UNESCAPED_RE = re.compile(r"(?<!\\)[\[\]]")
# Percent-encoded RFC 3986 relative path: pchar less ':' plus '/'.
URI_RE = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$")


def check_uri(err, where, uri):
    if not isinstance(uri, str) or uri == "":
        err(f"{where}: uri is missing or empty")
        return
    if uri.startswith("/") or uri.startswith("./") or "//" in uri:
        err(f"{where}: uri {uri!r} is absolute or has an empty segment")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or "::" in uri:
        err(f"{where}: uri {uri!r} has a scheme (file://, git::, https://)")
    segs = uri.split("/")
    if any(s in (".", "..") for s in segs):
        err(f"{where}: uri {uri!r} has a dot segment")
    if not URI_RE.match(uri):
        err(f"{where}: uri {uri!r} has characters uri-reference forbids")


def check_region(err, where, reg):
    if not isinstance(reg, dict):
        err(f"{where}: no region")
        return
    sl = reg.get("startLine")
    if not isinstance(sl, int) or sl < 1:
        err(f"{where}: startLine {sl!r} is not >= 1")
        return
    if "startColumn" in reg and (not isinstance(reg["startColumn"], int)
                                 or reg["startColumn"] < 1):
        err(f"{where}: startColumn {reg['startColumn']!r} < 1")
    if "endLine" in reg and (not isinstance(reg["endLine"], int)
                             or reg["endLine"] < sl):
        err(f"{where}: endLine {reg['endLine']!r} < startLine {sl}")


def check_rule(err, where, rule):
    for key in ("id", "name"):
        if not isinstance(rule.get(key), str) or not rule[key]:
            err(f"{where}: rule {key} missing or empty")
    if len(rule.get("name", "")) > 255:
        err(f"{where}: rule name longer than 255")
    for key in ("shortDescription", "fullDescription"):
        text = (rule.get(key) or {}).get("text")
        if not isinstance(text, str) or not text:
            err(f"{where}: {key}.text missing or empty")
        elif len(text) > 1024:
            err(f"{where}: {key}.text longer than 1024 ({len(text)})")
    helpo = rule.get("help") or {}
    for key in ("text", "markdown"):
        if not isinstance(helpo.get(key), str) or not helpo[key]:
            err(f"{where}: help.{key} missing or empty")
    if (rule.get("defaultConfiguration") or {}).get("level") not in LEVELS:
        err(f"{where}: defaultConfiguration.level missing or invalid")
    props = rule.get("properties") or {}
    tags = props.get("tags")
    if not isinstance(tags, list) or not tags:
        err(f"{where}: properties.tags missing")
        tags = []
    if len(tags) > 10:
        err(f"{where}: {len(tags)} tags (GitHub keeps 10)")
    if len(set(tags)) != len(tags):
        err(f"{where}: duplicate tags")
    if props.get("precision") not in PRECISIONS:
        err(f"{where}: properties.precision missing or invalid")
    if "security-severity" in props:
        ss = props["security-severity"]
        if not isinstance(ss, str):
            err(f"{where}: security-severity is a {type(ss).__name__}, "
                "not a string")
        else:
            try:
                v = float(ss)
                if not 0.0 < v <= 10.0:
                    err(f"{where}: security-severity {ss} out of (0, 10]")
                # Mid-band, never on an edge GitHub does not define.
                if v in (9.0, 7.0, 4.0) or abs(v * 10 - round(v * 10)) > 1e-9:
                    err(f"{where}: security-severity {ss} not mid-band")
            except ValueError:
                err(f"{where}: security-severity {ss!r} is not a number")
        if "security" not in tags:
            err(f"{where}: security rule without the security tag")
    elif "security" in tags:
        err(f"{where}: security tag without security-severity")


def check_run(err, where, run, org):
    driver = ((run.get("tool") or {}).get("driver")) or {}
    if driver.get("name") != "mlsweep":
        err(f"{where}: tool.driver.name is not mlsweep")
    for key in ("version", "semanticVersion", "informationUri"):
        if not isinstance(driver.get(key), str) or not driver[key]:
            err(f"{where}: tool.driver.{key} missing")
    rules = driver.get("rules")
    if not isinstance(rules, list):
        err(f"{where}: tool.driver.rules missing")
        rules = []
    ids = [r.get("id") for r in rules]
    if len(set(ids)) != len(ids):
        err(f"{where}: duplicate rules")
    if len(rules) > 25000:
        err(f"{where}: more than 25,000 rules")
    for i, rule in enumerate(rules):
        check_rule(err, f"{where}/rules[{i}]", rule)
    aid = (run.get("automationDetails") or {}).get("id")
    if not isinstance(aid, str) or not aid.endswith("/") or aid == "/":
        err(f"{where}: automationDetails.id {aid!r} is not '<category>/'")
    inv = run.get("invocations")
    if not isinstance(inv, list) or len(inv) != 1 or \
            not isinstance(inv[0].get("executionSuccessful"), bool):
        err(f"{where}: invocations[0].executionSuccessful missing")
    else:
        for j, n in enumerate(inv[0].get("toolExecutionNotifications", [])):
            nw = f"{where}/notifications[{j}]"
            if n.get("level") not in LEVELS:
                err(f"{nw}: level invalid")
            if not (n.get("message") or {}).get("text"):
                err(f"{nw}: empty message")
            for loc in n.get("locations", []):
                pl = loc.get("physicalLocation") or {}
                check_uri(err, nw, (pl.get("artifactLocation") or {}).get("uri"))
                if "region" in pl:
                    check_region(err, nw, pl["region"])
    vcp = run.get("versionControlProvenance")
    if vcp is not None:
        if not isinstance(vcp, list) or len(vcp) != 1:
            err(f"{where}: versionControlProvenance is not one entry")
        else:
            v = vcp[0]
            if not re.match(r"^[a-z][a-z0-9+.-]*://", v.get("repositoryUri", "")):
                err(f"{where}: repositoryUri is not an absolute URI")
            if "@" in v.get("repositoryUri", "").split("://", 1)[-1].split("/")[0] \
                    and not v["repositoryUri"].startswith("ssh://"):
                err(f"{where}: repositoryUri carries credentials")
            if not re.match(r"^[0-9a-f]{40}$", v.get("revisionId", "")):
                err(f"{where}: revisionId is not a commit id")
    results = run.get("results")
    if not isinstance(results, list):
        err(f"{where}: results missing")
        return
    if len(results) > MAX_RESULTS:
        err(f"{where}: {len(results)} results (GitHub rejects > 25,000)")
    seen = set()
    for i, res in enumerate(results):
        rw = f"{where}/results[{i}]"
        rid, ri = res.get("ruleId"), res.get("ruleIndex")
        if not isinstance(ri, int) or not 0 <= ri < len(rules) or \
                rules[ri].get("id") != rid:
            err(f"{rw}: ruleIndex {ri!r} does not point at rule {rid!r}")
        if res.get("level") not in LEVELS:
            err(f"{rw}: level {res.get('level')!r} invalid")
        text = (res.get("message") or {}).get("text")
        if not isinstance(text, str) or not text.strip():
            err(f"{rw}: empty message.text")
        locs = res.get("locations")
        if not isinstance(locs, list) or len(locs) != 1:
            err(f"{rw}: not exactly one location")
            continue
        pl = locs[0].get("physicalLocation") or {}
        uri = (pl.get("artifactLocation") or {}).get("uri")
        check_uri(err, rw, uri)
        check_region(err, rw, pl.get("region"))
        related = {}
        for rl in res.get("relatedLocations", []):
            rpl = rl.get("physicalLocation") or {}
            check_uri(err, rw + " relatedLocation",
                      (rpl.get("artifactLocation") or {}).get("uri"))
            check_region(err, rw + " relatedLocation", rpl.get("region"))
            if not isinstance(rl.get("id"), int):
                err(f"{rw}: relatedLocation without an integer id")
            related[rl.get("id")] = rl
        # Embedded links name related locations; other brackets are
        # escaped (SARIF 3.11.6), or GitHub reads them as links.
        links = LINK_RE.findall(text or "")
        for lid in links:
            if int(lid) not in related:
                err(f"{rw}: message links to relatedLocation {lid}, "
                    "which is not there")
        if links and UNESCAPED_RE.search(LINK_RE.sub("", text)):
            err(f"{rw}: a message with links has an unescaped bracket")
        h = (res.get("partialFingerprints") or {}).get(
            "primaryLocationLineHash")
        if not isinstance(h, str) or not HASH_RE.match(h):
            err(f"{rw}: primaryLocationLineHash missing or malformed")
        fp = (res.get("fingerprints") or {}).get("mlsweep/v1")
        if not isinstance(fp, str) or not FP_RE.match(fp):
            err(f"{rw}: fingerprints mlsweep/v1 missing or malformed")
        key = (rid, uri, h)
        if key in seen:
            err(f"{rw}: (ruleId, uri, line hash) {key} repeated: "
                "GitHub makes one alert of them")
        seen.add(key)
        if "suppressions" in res:
            if not org:
                err(f"{rw}: suppressions in an uploadable file "
                    "(GitHub ignores them: open alerts)")
            else:
                for s in res["suppressions"]:
                    if s.get("kind") not in ("inSource", "external"):
                        err(f"{rw}: suppression kind invalid")
                    if s.get("status") != "accepted":
                        err(f"{rw}: suppression status is not accepted")
        elif (res.get("properties") or {}).get("status") == "suppressed":
            err(f"{rw}: suppressed without suppressions")


def check_file(path, org, validator):
    problems = []

    def err(msg):
        problems.append(f"{path}: {msg}")

    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err("starts with a BOM")
    gz = len(gzip.compress(raw, 6))
    if gz >= MAX_GZIP:
        err(f"gzip size {gz} >= {MAX_GZIP}")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        err(f"not UTF-8 JSON: {e}")
        return problems
    if validator is not None:
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            err("schema: /" + "/".join(map(str, e.path)) + " " +
                e.message[:200])
    if doc.get("version") != "2.1.0":
        err("version is not 2.1.0")
    if not doc.get("$schema"):
        err("$schema missing")
    runs = doc.get("runs")
    if not isinstance(runs, list) or not runs:
        err("no runs")
        return problems
    if not org:
        if len(runs) != 1:
            err(f"{len(runs)} runs; a per-repository file holds one")
        if len(runs) > 20:
            err("more than 20 runs")
        cats = [((r.get("tool") or {}).get("driver", {}).get("name"),
                 (r.get("automationDetails") or {}).get("id")) for r in runs]
        if len(set(cats)) != len(cats):
            err("two runs with the same tool and category")
    else:
        names = [(r.get("properties") or {}).get("repository") for r in runs]
        if any(not isinstance(n, str) for n in names):
            err("an org run without properties.repository")
        elif names != sorted(names, key=lambda s: s.encode()):
            err("org runs are not in repository name order")
    for i, run in enumerate(runs):
        check_run(err, f"runs[{i}]", run, org)
    return problems


def main(argv):
    org = False
    schema = None
    files = []
    it = iter(argv[1:])
    usage = "usage: check_github.py [--org] [--schema SCHEMA.json] FILE.sarif..."
    for a in it:
        if a in ("-h", "--help"):
            print(usage)
            return 0
        if a == "--org":
            org = True
        elif a == "--schema":
            schema = next(it, None)
            if schema is None:
                print(usage, file=sys.stderr)
                return 2
        elif a.startswith("-"):
            print(f"check_github.py: unknown option {a}\n{usage}",
                  file=sys.stderr)
            return 2
        else:
            files.append(a)
    if not files:
        print(usage, file=sys.stderr)
        return 2
    validator = None
    if schema:
        from jsonschema import Draft4Validator, FormatChecker
        validator = Draft4Validator(json.load(open(schema)),
                                    format_checker=FormatChecker())
    problems = []
    for f in files:
        problems += check_file(f, org, validator)
    for p in problems:
        print(p)
    print(f"check_github.py: {len(files)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
