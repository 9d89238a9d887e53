#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/cli/ci_docs.py -- the CI examples in docs/ci/ name only options that
# exist. Every `mlsweep <command> ...` command line in docs/ci/* (shell
# continuation lines joined, up to a comment, `;`, `&&`, `||`, `|`, a
# backtick or a closing parenthesis) is read; its command must answer
# `mlsweep <command> --help` (a line that starts with mlsweep, a YAML
# `- ` or `run: ` item, Markdown backticks; prose is not read), and each option it names (`--x`, `--x=v`,
# `-x`) must appear as an option in that help text. A self-check first
# makes sure a made-up option is caught, and the examples must hold at
# least the commands the docs promise (scan with --worktree, --fail-on,
# --sarif-dir; scan --shard with --out-dir; merge).
#
# usage: ci_docs.py <mlsweep binary> <project root>
import os
import re
import subprocess
import sys

# A command, not prose: at the start of a line (a YAML list item or `run:`
# allowed), in Markdown backticks, or after $( && || ; in shell.
CMD_RE = re.compile(
    r"(?:^\s*(?:-\s+|run:\s+)?|`|\$\(|&&\s*|\|\|\s*|;\s*)mlsweep\s+([a-z]+)\b(.*)$")
STOP_RE = re.compile(r"\s(?:#|;|&&|\|\||\|)|[`)]|\s*\\$")


def commands(text):
    """(command, [tokens]) of every mlsweep command line of text."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        # Join shell continuation lines.
        while line.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line.rstrip()[:-1] + " " + lines[i].strip()
        i += 1
        m = CMD_RE.search(line)
        if not m:
            continue
        rest = m.group(2)
        stop = STOP_RE.search(rest)
        if stop:
            rest = rest[: stop.start()]
        out.append((m.group(1), rest.split()))
    return out


def help_options(binary, cmd, cache):
    if cmd not in cache:
        p = subprocess.run([binary, cmd, "--help"], capture_output=True,
                           text=True)
        if p.returncode != 0:
            cache[cmd] = None
        else:
            cache[cmd] = set(re.findall(r"(?:^|[\s,])(--?[A-Za-z][-A-Za-z0-9]*)",
                                        p.stdout))
    return cache[cmd]


def problems(binary, where, cmds, cache):
    bad = []
    for cmd, toks in cmds:
        opts = help_options(binary, cmd, cache)
        if opts is None:
            bad.append(f"{where}: mlsweep {cmd}: no such command")
            continue
        for t in toks:
            if not t.startswith("-") or t in ("-", "--"):
                continue
            name = t.split("=", 1)[0]
            if name not in opts:
                bad.append(f"{where}: mlsweep {cmd}: unknown option {name}")
    return bad


def main(argv):
    binary, root = argv[1], argv[2]
    cache = {}
    # Self-check: the reader finds options across continuation lines and
    # flags a made-up one.
    sample = "run: |\n  mlsweep scan . --worktree \\\n    --no-such-option x # c\n"
    got = commands(sample)
    assert got == [("scan", [".", "--worktree", "--no-such-option", "x"])], got
    assert problems(binary, "sample", got, cache) == [
        "sample: mlsweep scan: unknown option --no-such-option"], cache
    assert problems(binary, "sample", [("frob", [])], cache)

    d = os.path.join(root, "docs", "ci")
    bad, seen = [], []
    for name in sorted(os.listdir(d)):
        text = open(os.path.join(d, name), encoding="utf-8").read()
        cmds = commands(text)
        seen += cmds
        bad += problems(binary, name, cmds, cache)

    def has(cmd, *opts):
        return any(c == cmd and all(o in t for o in opts) for c, t in seen)

    for cmd, opts in (("scan", ("--worktree", "--fail-on", "--sarif-dir")),
                      ("scan", ("--shard", "--out-dir")), ("merge", ())):
        if not has(cmd, *opts):
            bad.append(f"docs/ci: no mlsweep {cmd} {' '.join(opts)} example")
    for b in bad:
        print(b)
    print(f"ci_docs.py: {len(seen)} command lines, {len(bad)} problems")
    print(f"{len(seen) - len(bad) if not bad else 0} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
