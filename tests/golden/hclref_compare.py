#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/golden/hclref_compare.py -- mlsweep's HCL parser against hclref.
#
# The golden files in ../shared/corpus/golden/hcl are the output of hclref,
# HashiCorp's own parser (hclsyntax 2.14.1) dumped as canonical JSON
# (../shared/tools/hclref/README.md). This script runs
# `mlsweep parse --format hclref|summary --stdin` from ../shared/corpus over
# the same file list, golden file by golden file, and compares per file as
# ../shared/corpus/golden/README.md says. --mode ranges compares
# `--format hclref --ranges` with the *.ranges.jsonl goldens (every corpus
# that has one; terraform-example-foundation's is not stored) by the same
# rules:
#
#   * `ok` always;
#   * both ok: the whole line byte for byte (the first differing JSON path
#     is reported on a mismatch);
#   * both rejected: the first error's subject.start.line (reported, never
#     fatal: partial trees and error positions are implementation-specific).
#
# Files listed in the --known file ("path  # reason") are reported as known
# and never fail the run: they count neither for nor against the rate. The
# run fails when the identical rate over the other files hclref accepts in
# corpus/real is below --min-rate (99.5%), when any unlisted hcl-specsuite
# file differs in `ok`, or when mlsweep crashes or leaves out a record.
# Python 3 standard library only.
#
# usage: hclref_compare.py --mlsweep BIN --shared DIR
#                          [--mode hclref|summary|ranges] [--known FILE]
#                          [--min-rate PCT] [-v]
import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

SPECSUITE = "hcl-specsuite"

# Left-deep chains (a + b + c ..., x[a][b]...) nest deeply in the JSON;
# json.loads and first_diff() recurse once per level. Beyond this the
# comparison falls back to bytes (see loads()).
sys.setrecursionlimit(10000)


def loads(raw):
    """json.loads, or None for a document nested too deeply to decode."""
    try:
        return json.loads(raw)
    except RecursionError:
        return None


def die(msg):
    print("hclref_compare: " + msg, file=sys.stderr)
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


def run_mlsweep(binary, corpus_dir, mode, files, timeout):
    """Run mlsweep over `files` (paths relative to corpus_dir); returns
    (stdout bytes, stderr text, exit status)."""
    if mode == "ranges":
        fmt = ["--format", "hclref", "--ranges"]
    else:
        fmt = ["--format", mode]
    proc = subprocess.run(
        [binary, "parse"] + fmt + ["--stdin"],
        input=("\n".join(files) + "\n").encode("utf-8"),
        cwd=corpus_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )
    return proc.stdout, proc.stderr.decode("utf-8", "replace"), proc.returncode


def first_diff(path, a, b):
    """First JSON path where golden `a` and ours `b` differ (keys in golden
    order, then keys only ours has), with both values; None when equal."""
    if isinstance(a, dict):
        if not isinstance(b, dict):
            return path, a, b
        for k in list(a.keys()) + [k for k in b if k not in a]:
            if k not in a:
                return path + "." + k, "<absent>", b[k]
            if k not in b:
                return path + "." + k, a[k], "<absent>"
            d = first_diff(path + "." + k, a[k], b[k])
            if d:
                return d
        if list(a.keys()) != list(b.keys()):
            return path + ".<key order>", list(a.keys()), list(b.keys())
        return None
    if isinstance(a, list):
        if not isinstance(b, list):
            return path, a, b
        for i in range(min(len(a), len(b))):
            d = first_diff("%s[%d]" % (path, i), a[i], b[i])
            if d:
                return d
        if len(a) != len(b):
            return path + ".length", len(a), len(b)
        return None
    if type(a) is not type(b) or a != b:
        return path, a, b
    return None


def category(path):
    """A JSON path with indices dropped, to group mismatches."""
    return re.sub(r"\[\d+\]", "[]", path)


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:120] + "..."


def first_error_line(doc):
    for d in doc.get("diagnostics") or []:
        if d.get("severity") == "error":
            subj = d.get("subject")
            if subj:
                return subj["start"]["line"]
            return None
    return None


# ---------------------------------------------------------------------------
# Records.


def golden_jsonl(path):
    """[(file, raw line bytes, parsed doc)] in golden order."""
    out = []
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            doc = loads(raw)
            if doc is None:  # too deep: keep what the bytes say
                m = re.match(rb'\{"format":1,"file":"([^"]*)","bytes":\d+,'
                             rb'"ok":(true|false)', raw)
                doc = {"file": m.group(1).decode("utf-8", "replace"),
                       "ok": m.group(2) == b"true", "deep": True}
            out.append((doc["file"], raw.rstrip(b"\n"), doc))
    return out


def split_summary(text):
    """Summary text -> [(file, record text)], records split at 'file: '."""
    out = []
    cur = None
    for line in text.split("\n"):
        if line.startswith("file: "):
            if cur:
                out.append((cur[0], "\n".join(cur[1])))
            cur = (line[len("file: "):], [line])
        elif cur is not None and line != "":
            cur[1].append(line)
    if cur:
        out.append((cur[0], "\n".join(cur[1])))
    return out


def summary_ok(record):
    return any(l.startswith("blocks: ") for l in record.split("\n"))


def summary_diags(record):
    for l in record.split("\n"):
        if l.startswith("diagnostics: "):
            return l[len("diagnostics: "):]
    return "?"


# ---------------------------------------------------------------------------
# Comparison.


class Tally:
    def __init__(self):
        self.files = 0
        self.golden_ok = 0
        self.identical = 0
        self.differ = 0
        self.ok_mismatch = 0
        self.both_rejected = 0
        self.line_mismatch = 0
        self.missing = 0
        self.known = 0
        self.known_ok = 0  # known files that hclref accepts

    def add(self, other):
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


def compare_hclref(golden, ours, known, t, problems, cats, fatal, corpus,
                   verbose):
    for name, graw, gdoc in golden:
        t.files += 1
        gok = gdoc["ok"]
        t.golden_ok += 1 if gok else 0
        mine = ours.get(name)
        is_known = name in known
        if mine is None:
            t.missing += 1
            problems.append("MISSING %s: no record from mlsweep" % name)
            fatal.append("missing record for " + name)
            continue
        oraw, odoc = mine
        if odoc is None:
            t.differ += 1
            problems.append("BADJSON %s: mlsweep's line is not JSON" % name)
            fatal.append("invalid JSON for " + name)
            continue
        ook = odoc.get("ok")
        if gok != ook:
            if is_known:
                t.known += 1
                t.known_ok += 1 if gok else 0
                problems.append("known   %s: ok hclref=%s mlsweep=%s (%s)" %
                                (name, gok, ook, known[name]))
                continue
            t.ok_mismatch += 1
            cats["$.ok"] += 1
            msg = ""
            if not ook:
                errs = [d for d in odoc.get("diagnostics", [])
                        if d.get("severity") == "error"]
                if errs:
                    e = errs[0]
                    ln = e["subject"]["start"]["line"] if e.get("subject") \
                        else "?"
                    msg = " (mlsweep: line %s: %s)" % (ln, e.get("summary"))
            problems.append("FAIL    %s: ok hclref=%s mlsweep=%s%s" %
                            (name, gok, ook, msg))
            if corpus == SPECSUITE:
                fatal.append("ok differs for " + name)
            continue
        if not gok:
            t.both_rejected += 1
            gl, ol = first_error_line(gdoc), first_error_line(odoc)
            if gl != ol and not is_known:
                t.line_mismatch += 1
                problems.append("note    %s: both rejected; first error "
                                "line hclref=%s mlsweep=%s" % (name, gl, ol))
            continue
        if graw == oraw:
            t.identical += 1
            if is_known and verbose:
                problems.append("note    %s: listed as known but identical"
                                % name)
            continue
        if is_known:
            t.known += 1
            t.known_ok += 1 if gok else 0
            problems.append("known   %s (%s)" % (name, known[name]))
            continue
        t.differ += 1
        d = None
        if not gdoc.get("deep") and not odoc.get("deep"):
            try:
                d = first_diff("$", gdoc, odoc)
            except RecursionError:
                d = ("$.<too deep to compare>", "", "")
        if d is None:
            path, gv, ov = "$.<bytes>", "same JSON", "different bytes"
        else:
            path, gv, ov = d
        cats[category(path)] += 1
        problems.append("FAIL    %s: %s hclref=%s mlsweep=%s" %
                        (name, path, short(gv), short(ov)))


def compare_summary(golden, ours, known, t, problems, cats, fatal, corpus,
                    verbose):
    for name, grec in golden:
        t.files += 1
        gok = summary_ok(grec)
        t.golden_ok += 1 if gok else 0
        orec = ours.get(name)
        is_known = name in known
        if orec is None:
            t.missing += 1
            problems.append("MISSING %s: no record from mlsweep" % name)
            fatal.append("missing record for " + name)
            continue
        ook = summary_ok(orec)
        if gok != ook:
            if is_known:
                t.known += 1
                t.known_ok += 1 if gok else 0
                problems.append("known   %s: ok hclref=%s mlsweep=%s (%s)" %
                                (name, gok, ook, known[name]))
                continue
            t.ok_mismatch += 1
            cats["ok"] += 1
            problems.append("FAIL    %s: ok hclref=%s mlsweep=%s" %
                            (name, gok, ook))
            if corpus == SPECSUITE:
                fatal.append("ok differs for " + name)
            continue
        if not gok:
            t.both_rejected += 1
            gd, od = summary_diags(grec), summary_diags(orec)
            if gd != od and verbose:
                problems.append("note    %s: both rejected; diagnostics "
                                "hclref=%s mlsweep=%s" % (name, gd, od))
            continue
        if grec == orec:
            t.identical += 1
            continue
        if is_known:
            t.known += 1
            t.known_ok += 1 if gok else 0
            problems.append("known   %s (%s)" % (name, known[name]))
            continue
        t.differ += 1
        gl, ol = grec.split("\n"), orec.split("\n")
        i = 0
        while i < min(len(gl), len(ol)) and gl[i] == ol[i]:
            i += 1
        gline = gl[i] if i < len(gl) else "<end>"
        oline = ol[i] if i < len(ol) else "<end>"
        cats[gline.strip().split(":")[0] or "line"] += 1
        problems.append("FAIL    %s: line %d hclref=%r mlsweep=%r" %
                        (name, i + 1, gline, oline))


def rated(t):
    """Files the rate is over: those hclref accepts, less the known ones
    (a known file never fails the run, so it does not lower the rate)."""
    return t.golden_ok - t.known_ok


def rate_of(t):
    return 100.0 * t.identical / rated(t) if rated(t) else 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mlsweep", required=True, help="the mlsweep binary")
    ap.add_argument("--shared", required=True, help="the ../shared folder")
    ap.add_argument("--mode", choices=["hclref", "summary", "ranges"],
                    default="hclref")
    ap.add_argument("--known", help="known-differences file")
    ap.add_argument("--min-rate", type=float, default=99.5,
                    help="lowest identical %% over ok files of corpus/real")
    ap.add_argument("--timeout", type=int, default=600,
                    help="seconds for one mlsweep run")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    shared = os.path.abspath(args.shared)
    corpus_dir = os.path.join(shared, "corpus")
    golden_dir = os.path.join(corpus_dir, "golden", "hcl")
    if not os.path.isdir(golden_dir):
        die("golden files not found at %s: the shared material must sit "
            "next to the checkout (../shared)" % golden_dir)
    binary = os.path.abspath(args.mlsweep)
    if not os.access(binary, os.X_OK):
        die("mlsweep binary %s is not executable" % binary)
    known = load_known(args.known)

    json_mode = args.mode in ("hclref", "ranges")
    ext = {"hclref": ".jsonl", "summary": ".summary",
           "ranges": ".ranges.jsonl"}[args.mode]
    goldens = sorted(f for f in os.listdir(golden_dir)
                     if f.endswith(ext) and (args.mode == "ranges" or
                                             not f.endswith(".ranges.jsonl")))
    if not goldens:
        die("no %s files in %s" % (ext, golden_dir))

    total_real, total = Tally(), Tally()
    cats = Counter()
    fatal = []
    for gname in goldens:
        corpus = gname[: -len(ext)]
        gpath = os.path.join(golden_dir, gname)
        if json_mode:
            golden = golden_jsonl(gpath)
        else:
            with open(gpath, encoding="utf-8", errors="surrogateescape") as fh:
                golden = split_summary(fh.read())
        files = [g[0] for g in golden]
        out, err, status = run_mlsweep(binary, corpus_dir, args.mode, files,
                                       args.timeout)
        if status < 0 or status not in (0, 2):
            fatal.append("mlsweep exited with status %d on %s" %
                         (status, corpus))
            print("CRASH   %s: mlsweep exit status %d\n%s" %
                  (corpus, status, err[-2000:]))
        elif status == 2:
            print("note    %s: mlsweep exit status 2: %s" %
                  (corpus, err.strip()[:500]))
        ours = {}
        if json_mode:
            for raw in out.split(b"\n"):
                if not raw:
                    continue
                try:
                    doc = loads(raw)
                    if doc is None:
                        m = re.match(rb'\{"format":1,"file":"([^"]*)",'
                                     rb'"bytes":\d+,"ok":(true|false)', raw)
                        doc = {"file": m.group(1).decode("utf-8", "replace")
                               if m else None,
                               "ok": bool(m) and m.group(2) == b"true",
                               "deep": True}
                    ours[doc.get("file")] = (raw, doc)
                except ValueError:
                    m = re.match(rb'\{"format":1,"file":"([^"]*)"', raw)
                    if m:
                        ours[m.group(1).decode("utf-8", "replace")] = (raw,
                                                                      None)
        else:
            for name, rec in split_summary(
                    out.decode("utf-8", "surrogateescape")):
                ours[name] = rec
        t = Tally()
        problems = []
        compare = compare_hclref if json_mode else compare_summary
        compare(golden, ours, known, t, problems, cats, fatal, corpus,
                args.verbose)
        for p in problems:
            print(p)
        rate = rate_of(t)
        print("corpus %s: %d files, %d ok in hclref, %d identical (%.2f%%), "
              "%d differ, %d ok-mismatch, %d both rejected (%d first-line "
              "mismatch), %d known, %d missing" %
              (corpus, t.files, t.golden_ok, t.identical, rate, t.differ,
               t.ok_mismatch, t.both_rejected, t.line_mismatch, t.known,
               t.missing))
        total.add(t)
        if corpus != SPECSUITE:
            total_real.add(t)

    if cats:
        print("most common first differences (%s):" % args.mode)
        for path, n in cats.most_common(20):
            print("  %5d  %s" % (n, path))
    real_rate, all_rate = rate_of(total_real), rate_of(total)
    print("identical over ok files not listed as known: real %d/%d (%.2f%%), "
          "all %d/%d (%.2f%%)"
          % (total_real.identical, rated(total_real), real_rate,
             total.identical, rated(total), all_rate))
    if real_rate < args.min_rate:
        fatal.append("identical rate over corpus/real %.2f%% is below "
                     "%.2f%%" % (real_rate, args.min_rate))
    passed = total.identical + total.both_rejected - total.line_mismatch \
        + total.known
    failed = total.files - passed
    for f in fatal[:20]:
        print("fatal: " + f)
    if len(fatal) > 20:
        print("fatal: ... and %d more" % (len(fatal) - 20))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main())
