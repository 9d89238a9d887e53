#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/golden/diff/difftest.py -- differential runs of mlsweep's HCL parser
# against hclref (hclsyntax 2.14.1), plus a delta-debugging minimiser.
#
#   difftest.py gen  --count N [--seed S] --work DIR      generated inputs (hclgen.py)
#   difftest.py mut  --count N [--seed S] --work DIR SRC...  mutants of SRC files
#   difftest.py cmp  --work DIR FILE...                    compare given files
#   difftest.py min  FILE [--out FILE]                     minimise one divergence
#   difftest.py minall LOG --out DIR                       minimise a few per signature
#   difftest.py cases [DIR]                                check the saved cases (default ./cases)
#
# Compare rule (../../../../shared/corpus/golden/README.md): `ok` must agree;
# when both are ok the JSON lines must be byte-identical; when both fail the
# first error's subject.start.line should agree (reported as "errline",
# secondary). Divergences are appended to WORK/divergences.jsonl.
# Python 3 standard library only.
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hclgen  # noqa: E402

sys.setrecursionlimit(100000)

HCLREF = os.environ.get("HCLREF", "/tmp/hclref-%d/hclref" % os.getuid())
MLSWEEP = os.environ.get("MLSWEEP", "/tmp/fuzzbuild/mlsweep")


def run_tool(argv, names, cwd, timeout=120):
    """Run a --stdin dumper over names (relative to cwd); dict name -> line."""
    inp = "".join(n + "\n" for n in names).encode()
    try:
        p = subprocess.run(argv, input=inp, cwd=cwd, capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    out = {}
    for line in p.stdout.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        try:
            d = json.loads(line)
        except ValueError:
            continue
        out[d["file"]] = (line, d)
    status = "rc=%d" % p.returncode
    if p.returncode < 0 or p.returncode > 2:
        status = "crash rc=%d %s" % (p.returncode, p.stderr.decode("utf-8", "replace")[-300:])
    return out, status


def run_ref(names, cwd):
    return run_tool([HCLREF, "--stdin"], names, cwd)


def run_ours(names, cwd):
    return run_tool([MLSWEEP, "parse", "--format", "hclref", "--stdin"], names, cwd, timeout=60)


def first_err_line(d):
    for x in d["diagnostics"]:
        if x["severity"] == "error":
            s = x.get("subject")
            return s["start"]["line"] if s else None
    return None


def first_err(d):
    for x in d["diagnostics"]:
        if x["severity"] == "error":
            return x
    return None


def first_diff_path(a, b, path="$"):
    if type(a) != type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in list(a.keys()) + [k for k in b.keys() if k not in a]:
            if k not in a or k not in b:
                return path + "." + k, a.get(k, "<missing>"), b.get(k, "<missing>")
            r = first_diff_path(a[k], b[k], path + "." + k)
            if r:
                return r
        if list(a.keys()) != list(b.keys()):
            return path + "{key order}", list(a.keys()), list(b.keys())
        return None
    if isinstance(a, list):
        for i in range(min(len(a), len(b))):
            r = first_diff_path(a[i], b[i], "%s[%d]" % (path, i))
            if r:
                return r
        if len(a) != len(b):
            return path + ".length", len(a), len(b)
        return None
    if a != b:
        return path, a, b
    return None


def verdict(ref, ours):
    """(category, detail) or None when the two agree."""
    if ours is None:
        return ("missing", "mlsweep printed no record")
    rl, rd = ref
    ol, od = ours
    if rd["ok"] != od["ok"]:
        cat = "ref-ok-we-fail" if rd["ok"] else "ref-fail-we-ok"
        e = first_err(od) if rd["ok"] else first_err(rd)
        det = ""
        if e:
            det = "%s @%s" % (e["summary"], e["subject"]["start"]["line"] if e.get("subject") else "?")
        return (cat, det)
    if rd["ok"]:
        if rl == ol:
            return None
        fd = first_diff_path(rd["body"], od["body"], "$.body")
        if fd is None:
            fd = first_diff_path(rd, od)
            if fd is None:
                return ("bytes", "same JSON value, different bytes")
            p, a, b = fd
            return ("diag", "%s ref=%s ours=%s" % (p, json.dumps(a, ensure_ascii=False)[:120],
                                                   json.dumps(b, ensure_ascii=False)[:160]))
        p, a, b = fd
        return ("body", "%s ref=%s ours=%s" % (p, json.dumps(a, ensure_ascii=False)[:120],
                                               json.dumps(b, ensure_ascii=False)[:120]))
    a, b = first_err_line(rd), first_err_line(od)
    if a != b:
        return ("errline", "ref line %s (%s) ours line %s (%s)" % (
            a, first_err(rd)["summary"], b, first_err(od)["summary"]))
    return None


def compare(names, cwd):
    """Compare a batch; returns list of (name, category, detail)."""
    ref, rs = run_ref(names, cwd)
    ours, os_ = run_ours(names, cwd)
    res = []
    if ours is None or os_.startswith("crash") or len(ours) < len(names):
        # find the culprit(s) one at a time
        if len(names) > 1:
            mid = len(names) // 2
            return compare(names[:mid], cwd) + compare(names[mid:], cwd)
        ours = ours or {}
        if names[0] not in ours:
            return [(names[0], "crash", os_)]
    for n in names:
        if n not in ref:
            continue
        v = verdict(ref[n], ours.get(n))
        if v:
            res.append((n, v[0], v[1]))
    return res


def known_reason(data, cat):
    """Why a divergence is one of mlsweep's deliberate differences, or None."""
    import re
    if b"\x00" in data:
        return "NUL byte (mlsweep rejects NUL everywhere)"
    idc = rb"(?:[A-Za-z0-9_-]|[\x80-\xff])"
    if re.search(idc + rb"+::" + idc + rb"+(::" + idc + rb"+)*\s*\(", data) \
            and cat in ("ref-fail-we-ok", "errline"):
        return "provider::ns::fn() call (mlsweep accepts it, hcl 2.14 does not)"
    i = data.rfind(b"/*")
    if cat == "errline" and i >= 0 and data.find(b"*/", i + 2) < 0:
        return "unterminated /* comment (mlsweep reports it at the comment)"
    return None


def batched(names, cwd, log, size=400):
    tot = {"files": 0}
    divs = []
    for i in range(0, len(names), size):
        chunk = names[i:i + size]
        r = compare(chunk, cwd)
        tot["files"] += len(chunk)
        divs += r
        with open(log, "a", encoding="utf-8") as fh:
            for n, c, d in r:
                data = open(os.path.join(cwd, n), "rb").read()
                rec = {"file": os.path.join(cwd, n), "cat": c, "detail": d}
                k = known_reason(data, c)
                if k:
                    rec["known"] = k
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return tot, divs


def summarize(tot, divs, log=None):
    from collections import Counter
    c = Counter(x[1] for x in divs)
    if log:
        nk = sum(1 for l in open(log, encoding="utf-8") if '"known"' in l)
        print("(log has %d known/intentional divergences)" % nk)
    files = len(set(x[0] for x in divs))
    print("files %d, divergent %d (%.2f%%): %s" % (
        tot["files"], files, 100.0 * files / max(1, tot["files"]),
        ", ".join("%s=%d" % kv for kv in sorted(c.items()))))


# ---- mutation ------------------------------------------------------------
SPECIAL = b'"{}[]()$%~<-\n#/*=,.:?!\\'


def mutate(rng, data):
    n = rng.choice([1, 1, 1, 2, 2, 3])
    b = bytearray(data)
    for _ in range(n):
        if not b:
            b = bytearray(rng.choice(SPECIAL.split()) or b"{")
        op = rng.random()
        # bias positions towards special bytes
        pos = rng.randrange(len(b))
        if rng.random() < 0.7:
            for _ in range(20):
                q = rng.randrange(len(b))
                if b[q] in SPECIAL:
                    pos = q
                    break
        if op < 0.25:                      # delete 1..3 bytes
            del b[pos:pos + rng.choice([1, 1, 1, 2, 3])]
        elif op < 0.50:                    # insert a special byte or token
            tok = rng.choice([bytes([c]) for c in SPECIAL] +
                             [b"${", b"%{", b"}", b"~}", b"${~", b"<<EOT\n", b"\r\n", b"/*",
                              b"*/", b"//", b"...", b"[*]", b".*", b"\t", b" ", b"<<-EOT\n",
                              b"\xc3\xa9", b"e\xcc\x81", b"\xef\xbb\xbf", b"\xff", b"::",
                              b"=>", b"\\u", b"$$", b"%%"])
            b[pos:pos] = tok
        elif op < 0.65:                    # duplicate a byte / short run
            ln = rng.choice([1, 1, 2, 4, 8])
            b[pos:pos] = b[pos:pos + ln]
        elif op < 0.80:                    # swap adjacent
            if pos + 1 < len(b):
                b[pos], b[pos + 1] = b[pos + 1], b[pos]
        elif op < 0.92:                    # replace with a special byte
            b[pos] = rng.choice(SPECIAL)
        else:                              # duplicate a line
            s = b.rfind(b"\n", 0, pos) + 1
            e = b.find(b"\n", pos)
            e = len(b) if e < 0 else e + 1
            b[s:s] = b[s:e]
    return bytes(b)


# ---- minimisation ----------------------------------------------------------
def signature(ref, ours):
    v = verdict(ref, ours)
    if not v:
        return None
    cat, det = v
    if cat == "diag":
        return (cat, det.split(" ")[0])
    if cat == "body":
        # keep the last path component so that we stay on the same bug
        path = det.split(" ")[0]
        last = path.split(".")[-1].split("[")[0]
        return (cat, last)
    rl, rd = ref
    ol, od = ours
    if cat == "errline":
        return (cat, first_err(rd)["summary"], first_err(od)["summary"])
    if cat == "ref-fail-we-ok":
        return (cat, first_err(rd)["summary"])
    if cat == "ref-ok-we-fail":
        return (cat, first_err(od)["summary"])
    return (cat,)


class Minimiser:
    def __init__(self, workdir, sig):
        self.dir = workdir
        self.sig = sig
        self.n = 0
        os.makedirs(workdir, exist_ok=True)

    def test_many(self, cands):
        """Indices of candidates that keep the signature."""
        names = []
        for i, c in enumerate(cands):
            nm = "m%06d.hcl" % (self.n + i)
            with open(os.path.join(self.dir, nm), "wb") as fh:
                fh.write(c)
            names.append(nm)
        self.n += len(cands)
        ref, _ = run_ref(names, self.dir)
        ours, st = run_ours(names, self.dir)
        keep = []
        for i, nm in enumerate(names):
            if nm not in ref:
                continue
            if self.sig == ("crash",):
                if ours is None or nm not in ours:
                    # recheck individually
                    o1, s1 = run_ours([nm], self.dir)
                    if o1 is None or nm not in o1:
                        keep.append(i)
                continue
            if ours is None:
                continue
            if signature(ref[nm], ours.get(nm)) == self.sig:
                keep.append(i)
        for nm in names:
            os.unlink(os.path.join(self.dir, nm))
        return keep

    def ddmin(self, units, join):
        n = 2
        while len(units) >= 2:
            chunk = max(1, len(units) // n)
            subsets = [units[i:i + chunk] for i in range(0, len(units), chunk)]
            comps = [sum(subsets[:i] + subsets[i + 1:], []) for i in range(len(subsets))]
            if len(subsets) > 2:
                comps = subsets + comps
            keep = self.test_many([join(c) for c in comps])
            if keep:
                # take the smallest surviving complement
                best = min(keep, key=lambda i: len(comps[i]))
                units = comps[best]
                n = max(n - 1, 2)
                continue
            if n >= len(units):
                break
            n = min(len(units), n * 2)
        return units

    def run(self, data):
        prev = None
        while prev != data:
            prev = data
            data = self.run1(data)
        return data

    def groups(self, data):
        """Replace bracketed groups / quoted strings by atoms, greedily."""
        import re
        while True:
            spans = []
            stack = []
            pairs = {ord(")"): ord("("), ord("]"): ord("["), ord("}"): ord("{")}
            for i, c in enumerate(data):
                if c in b"([{":
                    stack.append((c, i))
                elif c in pairs:
                    while stack and stack[-1][0] != pairs[c]:
                        stack.pop()
                    if stack:
                        _, j = stack.pop()
                        spans.append((j, i + 1))
            for m in re.finditer(rb'"[^"\n]*"', data):
                spans.append((m.start(), m.end()))
            for m in re.finditer(rb'%\{[^}]*\}', data):
                spans.append((m.start(), m.end()))
            cands = set()
            for (a, b) in spans:
                for rep in (b"", b"1", b"a", b'""', data[a:a + 1] + data[b - 1:b]):
                    if rep != data[a:b]:
                        cands.add(data[:a] + rep + data[b:])
            cands = sorted(cands, key=len)[:400]
            if not cands:
                return data
            keep = self.test_many(cands)
            if not keep:
                return data
            data = min((cands[i] for i in keep), key=len)

    def run1(self, data):
        import re
        lines = data.splitlines(keepends=True)
        lines = self.ddmin(lines, lambda u: b"".join(u))
        data = b"".join(lines)
        data = self.groups(data)
        toks = [m.group(0) for m in re.finditer(
            rb"[A-Za-z_][A-Za-z0-9_-]*|[0-9.]+|\$\{|%\{|/\*.*?\*/|\s+|[\x80-\xff]+|.", data, re.S)]
        toks = self.ddmin(toks, lambda u: b"".join(u))
        data = b"".join(toks)
        chars = [data[i:i + 1] for i in range(len(data))]
        # keep UTF-8 sequences together
        units, cur = [], b""
        for c in chars:
            if cur and (c[0] & 0xC0) == 0x80:
                cur += c
            else:
                if cur:
                    units.append(cur)
                cur = c
        if cur:
            units.append(cur)
        units = self.ddmin(units, lambda u: b"".join(u))
        data = b"".join(units)
        # simplification pass: replace runs of identifier chars by "a"
        import re
        for _ in range(3):
            changed = False
            for m in list(re.finditer(rb"[A-Za-z_][A-Za-z0-9_]{1,}", data)):
                cand = data[:m.start()] + b"a" + data[m.end():]
                if self.test_many([cand]):
                    data = cand
                    changed = True
                    break
            if not changed:
                break
        return data


def minimise_file(path, out=None, quiet=False):
    data = open(path, "rb").read()
    d = os.path.dirname(os.path.abspath(path))
    nm = os.path.basename(path)
    ref, _ = run_ref([nm], d)
    ours, _ = run_ours([nm], d)
    if ours is None or nm not in ours:
        sig = ("crash",)
    else:
        sig = signature(ref[nm], ours.get(nm))
    if sig is None:
        if not quiet:
            print("no divergence", file=sys.stderr)
        return None, None
    m = Minimiser("/tmp/fz/min-%d" % os.getpid(), sig)
    res = m.run(data)
    if out:
        with open(out, "wb") as fh:
            fh.write(res)
    return sig, res


def minimise_log(log, outdir, per_sig=3, jobs=2):
    """Minimise up to per_sig divergences per signature from a log."""
    from concurrent.futures import ProcessPoolExecutor
    os.makedirs(outdir, exist_ok=True)
    seen = {}
    todo = []
    for line in open(log, encoding="utf-8"):
        d = json.loads(line)
        if d.get("known"):
            continue
        key = (d["cat"], d["detail"].split(" @")[0] if d["cat"] != "body"
               else d["detail"].split(" ")[0].split(".")[-1].split("[")[0])
        if d["cat"] == "errline":
            key = (d["cat"],) + tuple(x.split(")")[0] for x in d["detail"].split("(")[1:])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= (per_sig * 2 if d["cat"] == "body" else per_sig):
            todo.append(d["file"])
    with ProcessPoolExecutor(jobs) as ex:
        futs = {f: ex.submit(_min_one, f, outdir) for f in todo}
        for f, fu in futs.items():
            try:
                sig, res = fu.result()
            except Exception as e:  # noqa: BLE001
                print("!!", f, e)
                continue
            if res is None:
                continue
            print("== %s %s" % (os.path.basename(f), sig))
            print(res.decode("utf-8", "replace").encode("unicode_escape").decode()[:400])


def _min_one(f, outdir):
    out = os.path.join(outdir, os.path.basename(f))
    sig, res = minimise_file(f, out, quiet=True)
    if res is not None:
        with open(out + ".sig", "w") as fh:
            fh.write(repr(sig) + "\n")
    return sig, res


def check_cases(casedir):
    """Compare mlsweep with the saved NNN-name.expected.jsonl of every case.

    ok must agree; when both are ok the lines must be identical; when both
    fail the first error line is reported (not fatal). Cases numbered 9xx
    are deliberate differences: hclref's output is only reported against,
    and mlsweep's own output must equal NNN-name.mlsweep.jsonl when that
    file exists. Exit status 1 on failure.
    """
    names = sorted(f for f in os.listdir(casedir) if f.endswith(".hcl"))
    ours, st = run_ours(names, casedir)
    bad = 0
    for n in names:
        exp = open(os.path.join(casedir, n[:-4] + ".expected.jsonl"), encoding="utf-8").read().rstrip("\n")
        ref = (exp, json.loads(exp))
        got = (ours or {}).get(n)
        v = verdict(ref, got)
        known = n.startswith("9")
        pinned = os.path.join(casedir, n[:-4] + ".mlsweep.jsonl")
        if known and os.path.exists(pinned):
            # A deliberate difference: mlsweep's own output is pinned, so
            # the difference stays the one that was documented.
            want = open(pinned, encoding="utf-8").read().rstrip("\n")
            if got is None or got[0] != want:
                bad += 1
                print("DIFF   %s: output differs from %s" % (n, os.path.basename(pinned)))
                continue
        if v is None:
            print("same   %s" % n)
            continue
        if v[0] == "errline" or known:
            print("%s %s: %s %s" % ("known " if known else "note  ", n, v[0], v[1][:200]))
            continue
        bad += 1
        print("DIFF   %s: %s %s" % (n, v[0], v[1][:200]))
    print("%d cases, %d differ" % (len(names), bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["gen", "mut", "cmp", "min", "minall", "cases"])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/fz/work")
    ap.add_argument("--out")
    ap.add_argument("--list", help="file with more FILE arguments, one a line")
    a = ap.parse_intermixed_args()
    if a.list:
        a.files += [l.rstrip("\n") for l in open(a.list) if l.strip()]
    if a.mode == "min":
        sig, res = minimise_file(a.files[0], a.out)
        if res is not None:
            print(sig)
            sys.stdout.write(res.decode("utf-8", "replace"))
        return
    if a.mode == "cases":
        sys.exit(check_cases(a.files[0] if a.files else os.path.join(HERE, "cases")))
    if a.mode == "minall":
        minimise_log(a.files[0], a.out)
        return
    os.makedirs(a.work, exist_ok=True)
    log = os.path.join(a.work, "divergences.jsonl")
    if a.mode == "gen":
        names = []
        for s in range(a.seed, a.seed + a.count):
            nm = "g%07d.hcl" % s
            with open(os.path.join(a.work, nm), "wb") as fh:
                fh.write(hclgen.generate(s))
            names.append(nm)
    elif a.mode == "mut":
        rng = random.Random(a.seed)
        srcs = [open(f, "rb").read() for f in a.files]
        names = []
        for i in range(a.count):
            nm = "u%07d.hcl" % (a.seed * 1000000 + i)
            with open(os.path.join(a.work, nm), "wb") as fh:
                fh.write(mutate(rng, rng.choice(srcs)))
            names.append(nm)
    else:
        names = [os.path.relpath(f, a.work) for f in a.files]
    tot, divs = batched(names, a.work, log)
    summarize(tot, divs)


if __name__ == "__main__":
    main()
