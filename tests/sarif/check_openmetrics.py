#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/sarif/check_openmetrics.py -- a strict OpenMetrics 1.0 text parser
# for what mlsweep writes (the shared reference sarif-github.md section 13):
# UTF-8 without BOM or CR; only TYPE, UNIT, HELP and a final "# EOF";
# each family's metadata once, in that order, before its samples; families
# not interleaved and unique; names [a-z][a-z0-9_]* with the mlsweep_
# prefix and no reserved suffix; a UNIT that is the name's suffix; label
# names valid, values escaped, no empty value, label sets unique within a
# family; numbers valid; no timestamps. Also runs prometheus_client's
# OpenMetrics parser when the module is installed.
#
# usage: check_openmetrics.py FILE.prom   Exit status: 0 valid, 1 not.
import re
import sys

NAME = re.compile(r"^mlsweep_[a-z0-9_]*[a-z0-9]$")
LNAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*$")
NUM = re.compile(r"^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
                 r"|NaN|[+-]Inf)$")
RESERVED = ("_total", "_created", "_count", "_sum", "_bucket", "_info")
TYPES = {"counter", "gauge", "histogram", "gaugehistogram", "stateset",
         "info", "summary", "unknown"}


def parse_labels(s, err):
    """Parse 'a="x",b="y"'; returns a tuple of (name, value)."""
    out, i = [], 0
    while i < len(s):
        m = re.match(r"([^=]+)=\"", s[i:])
        if not m:
            err(f"bad label syntax near {s[i:]!r}")
            return None
        name = m.group(1)
        if not LNAME.match(name) or name.startswith("_"):
            err(f"bad label name {name!r}")
        i += m.end()
        val = []
        while True:
            if i >= len(s):
                err("unterminated label value")
                return None
            c = s[i]
            if c == "\\":
                nxt = s[i + 1:i + 2]
                if nxt not in ("\\", "\"", "n"):
                    err(f"bad escape \\{nxt}")
                val.append({"n": "\n"}.get(nxt, nxt))
                i += 2
            elif c == "\"":
                i += 1
                break
            elif c == "\n":
                err("raw newline in a label value")
                return None
            else:
                val.append(c)
                i += 1
        if not val:
            err(f"label {name} has an empty value")
        out.append((name, "".join(val)))
        if i < len(s):
            if s[i] != ",":
                err(f"expected ',' in labels near {s[i:]!r}")
                return None
            i += 1
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        err("a label name repeated")
    return tuple(out)


def check(text):
    problems = []
    lineno = [0]

    def err(msg):
        problems.append(f"line {lineno[0]}: {msg}")

    if text.startswith("\ufeff"):
        err("BOM")
    if "\r" in text:
        err("CR in the exposition")
    if not text.endswith("# EOF\n"):
        lineno[0] = text.count("\n")
        err("does not end with '# EOF' and a newline")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    families = {}
    current = None
    stage = {}  # family -> last metadata seen (0 TYPE, 1 UNIT, 2 HELP)
    for n, line in enumerate(lines, 1):
        lineno[0] = n
        if line == "# EOF":
            if n != len(lines):
                err("# EOF before the end")
            continue
        if line.startswith("#"):
            m = re.match(r"^# (TYPE|UNIT|HELP) (\S+) (.*)$", line)
            if not m:
                err(f"stray comment {line!r}")
                continue
            kind, name, rest = m.groups()
            if not NAME.match(name):
                err(f"bad metric name {name!r}")
            if name != current:
                if name in families:
                    err(f"family {name} interleaved or repeated")
                families[name] = {"type": None, "unit": None, "samples": set()}
                current = name
                stage[name] = -1
            fam = families[name]
            order = {"TYPE": 0, "UNIT": 1, "HELP": 2}[kind]
            if order <= stage[name]:
                err(f"{kind} of {name} repeated or out of order")
            if fam["samples"]:
                err(f"{kind} of {name} after its samples")
            stage[name] = order
            if kind == "TYPE":
                if rest not in TYPES:
                    err(f"bad type {rest!r}")
                fam["type"] = rest
                if rest != "counter" and name.endswith(RESERVED):
                    err(f"{name} ends in a reserved suffix")
            elif kind == "UNIT":
                fam["unit"] = rest
                if not name.endswith("_" + rest):
                    err(f"UNIT {rest} is not the suffix of {name}")
            elif not rest or "\\" in rest or "\"" in rest:
                err("HELP empty or holding characters to escape")
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$", line)
        if not m:
            err(f"bad sample (or a timestamp) {line!r}")
            continue
        name, _, lab, value = m.groups()
        if name != current or families[name]["type"] is None:
            err(f"sample {name} outside its family or before its TYPE")
            continue
        if not NUM.match(value):
            err(f"bad value {value!r}")
        labels = parse_labels(lab or "", err) if lab else ()
        if labels is None:
            continue
        if labels in families[name]["samples"]:
            err(f"label set repeated in {name}")
        families[name]["samples"].add(labels)
    for name, fam in families.items():
        if not fam["samples"]:
            problems.append(f"family {name} has no samples")
        names = {tuple(n for n, _ in ls) for ls in fam["samples"]}
        if len(names) > 1:
            problems.append(f"family {name} mixes label names")
    return problems


def main(argv):
    raw = open(argv[1], "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{argv[1]}: not UTF-8: {e}")
        return 1
    problems = check(text)
    try:
        from prometheus_client.openmetrics.parser import \
            text_string_to_metric_families
        list(text_string_to_metric_families(text))
    except ImportError:
        pass
    except Exception as e:  # the library's parser rejected it
        problems.append(f"prometheus_client: {e}")
    for p in problems:
        print(f"{argv[1]}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
