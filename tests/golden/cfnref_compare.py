#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/golden/cfnref_compare.py -- mlsweep's CloudFormation loader against
# cfnref.
#
# The golden files in ../shared/corpus/golden/cfn are the output of cfnref
# (../shared/tools/cfnref/cfnref.py, PyYAML's YAML 1.1 composer). This
# script runs `mlsweep parse --format cfnref --stdin` from ../shared/corpus
# over the same file list, golden file by golden file, and compares per
# file by the "CloudFormation" rules of ../shared/corpus/golden/README.md:
#
#   * non-templates ({"cfn":false}) must be non-templates on our side too,
#     with the same `ok` when the golden record has one;
#   * templates: `format` and `ok` always; when both loaded, the resource
#     and parameter ids in order, then type, condition, default and line
#     per entry, the condition names in order, and every resource's
#     Properties as parsed JSON values -- numbers by value (1.1 == 1.10),
#     but booleans, numbers and strings kept apart, and object keys in
#     order (mlsweep keeps source order). `error` text is never compared.
#
# Files listed in the --known file ("path  # reason") are reported as known
# and never fail the run. Every other difference, a missing record or a
# crash of mlsweep fails it. The last line of output is a JSON summary
# with the match rates (templates, resources, properties).
# Python 3 standard library only.
#
# usage: cfnref_compare.py --mlsweep BIN --shared DIR [--known FILE] [-v]
import argparse
import json
import os
import subprocess
import sys

sys.setrecursionlimit(10000)


def die(msg):
    print("cfnref_compare: " + msg, file=sys.stderr)
    sys.exit(2)


def load_known(path):
    """Paths listed in the known-differences file, with their reasons."""
    known = {}
    if not path:
        return known
    if not os.path.exists(path):
        die("known-differences file %s is missing" % path)
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition("#")
            known[name.strip()] = reason.strip()
    return known


def first_diff(path, a, b):
    """First JSON path where golden `a` and ours `b` differ, or None.
    Numbers compare by value; bool, number, string, null, list and object
    are distinct kinds; object keys compare in order."""
    def kind(v):
        if isinstance(v, bool):
            return "bool"
        if isinstance(v, (int, float)):
            return "number"
        return type(v).__name__

    if kind(a) != kind(b):
        return path, a, b
    if isinstance(a, dict):
        if list(a.keys()) != list(b.keys()):
            for k in a:
                if k not in b:
                    return path + "." + k, a[k], "<absent>"
            for k in b:
                if k not in a:
                    return path + "." + k, "<absent>", b[k]
            return path + ".<key order>", list(a.keys()), list(b.keys())
        for k in a:
            d = first_diff(path + "." + k, a[k], b[k])
            if d:
                return d
        return None
    if isinstance(a, list):
        for i in range(min(len(a), len(b))):
            d = first_diff("%s[%d]" % (path, i), a[i], b[i])
            if d:
                return d
        if len(a) != len(b):
            return path + ".length", len(a), len(b)
        return None
    if a != b:
        return path, a, b
    return None


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:120] + "..."


class Tally:
    def __init__(self):
        self.files = self.files_ok = 0
        self.templates = self.templates_ok = 0
        self.resources = self.resources_ok = 0
        self.properties = self.properties_ok = 0


def compare(gold, ours, tally):
    """The first difference of one record as (json path, golden, ours), or
    None; counts templates, resources and properties in tally."""
    tally.files += 1
    if gold.get("cfn") is False:
        if ours.get("cfn") is not False:
            return ".cfn", False, ours.get("cfn", "<template>")
        if "ok" in gold and gold.get("ok") != ours.get("ok", True):
            return ".ok", gold.get("ok"), ours.get("ok", True)
        return None
    tally.templates += 1
    gres = gold.get("resources", [])
    tally.resources += len(gres)
    gprops = gold.get("properties", {})
    tally.properties += len(gprops)
    if ours.get("cfn") is False:
        return ".cfn", "<template>", False
    for key in ("format", "ok"):
        if gold.get(key) != ours.get(key):
            return "." + key, gold.get(key), ours.get(key)
    diff = None
    if gold.get("ok"):
        ores = ours.get("resources", [])
        ids_same = [r["id"] for r in gres] == [r["id"] for r in ores]
        if not ids_same:
            diff = (".resources[].id", [r["id"] for r in gres],
                    [r["id"] for r in ores])
        oprops = ours.get("properties", {})
        for i, g in enumerate(gres):
            o = ores[i] if ids_same else None
            d = None
            if o is None:
                d = (".resources[%d]" % i, g, None)
            else:
                for k in ("type", "condition", "line"):
                    d = d or first_diff(".resources[%d].%s" % (i, k), g.get(k),
                                        o.get(k))
            pid = g["id"]
            if pid in gprops:
                pd = first_diff(".properties." + pid, gprops[pid],
                                oprops.get(pid, "<absent>"))
                if pd is None:
                    tally.properties_ok += 1
                d = d or pd
            elif pid in oprops:
                d = d or (".properties." + pid, "<absent>", oprops[pid])
            if d is None:
                tally.resources_ok += 1
            diff = diff or d
        gpar, opar = gold.get("parameters", []), ours.get("parameters", [])
        if diff is None and [p["id"] for p in gpar] != [p["id"] for p in opar]:
            diff = (".parameters[].id", [p["id"] for p in gpar],
                    [p["id"] for p in opar])
        for i, g in enumerate(gpar):
            for k in ("type", "default", "line"):
                if diff is None and i < len(opar):
                    diff = first_diff(".parameters[%d].%s" % (i, k), g.get(k),
                                      opar[i].get(k))
        if diff is None:
            diff = first_diff(".conditions", gold.get("conditions"),
                              ours.get("conditions"))
    if diff is None:
        tally.templates_ok += 1
    return diff


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mlsweep", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--known")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    corpus = os.path.join(args.shared, "corpus")
    golden_dir = os.path.join(corpus, "golden", "cfn")
    if not os.path.isdir(golden_dir):
        die("%s not found: ../shared must sit next to the checkout" % golden_dir)
    known = load_known(args.known)
    tally = Tally()
    failures, known_hits = [], []
    for name in sorted(os.listdir(golden_dir)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(golden_dir, name), encoding="utf-8") as fh:
            gold = [json.loads(line) for line in fh if line.strip()]
        files = [g["file"] for g in gold]
        proc = subprocess.run(
            [args.mlsweep, "parse", "--format", "cfnref", "--stdin"],
            input=("\n".join(files) + "\n").encode("utf-8"),
            cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=600)
        if proc.returncode not in (0, 2) or proc.returncode < 0:
            die("mlsweep exited %d on %s: %s" % (
                proc.returncode, name, proc.stderr.decode("utf-8", "replace")))
        ours = {}
        # split on "\n" only: records hold raw U+2028 and U+0085.
        for line in proc.stdout.decode("utf-8").split("\n"):
            if line:
                rec = json.loads(line)
                ours[rec["file"]] = rec
        for g in gold:
            o = ours.get(g["file"])
            if o is None:
                failures.append((g["file"], "<record missing>", None, None))
                continue
            d = compare(g, o, tally)
            if d is None:
                tally.files_ok += 1
                continue
            if g["file"] in known:
                known_hits.append((g["file"], known[g["file"]]) + d)
            else:
                failures.append((g["file"],) + d)
        if args.verbose:
            print("%s: %d records" % (name, len(gold)))

    for f, reason, path, a, b in known_hits:
        print("known   %s%s: golden %s, ours %s (%s)" % (
            f, path, short(a), short(b), reason))
    for f, path, a, b in failures:
        print("DIFFERS %s%s: golden %s, ours %s" % (f, path, short(a), short(b)))
    stale = sorted(set(known) - {k[0] for k in known_hits})
    for f in stale:
        print("note: %s is listed as a known difference but matches" % f)

    def rate(ok, n):
        return round(100.0 * ok / n, 2) if n else 100.0

    print(json.dumps({
        "golden": "cfnref", "files": tally.files, "files_match": tally.files_ok,
        "templates": tally.templates, "templates_match": tally.templates_ok,
        "templates_rate": rate(tally.templates_ok, tally.templates),
        "resources": tally.resources, "resources_match": tally.resources_ok,
        "resources_rate": rate(tally.resources_ok, tally.resources),
        "properties": tally.properties,
        "properties_match": tally.properties_ok,
        "properties_rate": rate(tally.properties_ok, tally.properties),
        "known": len(known_hits), "failures": len(failures)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
