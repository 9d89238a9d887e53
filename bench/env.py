#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# bench/env.py -- the environment line `make bench` prints first, so every
# figure after it can be read against the machine, the build and the data
# it was measured on.
#
#   env.py [--build DIR] [--scale F] [--seed N] [--work DIR]
#
# Prints one JSON line {"bench":"env", ...}:
#   source    the commit measured, and whether tracked files differ from it;
#   machine   CPU model, online and usable cores, memory, kernel, OS, the
#             load averages when the line was printed, and the kernel's
#             count of cached directory entries (/proc/sys/fs/dentry-state:
#             every path a sweep looks up walks the dentry hash, and on a
#             machine whose table is small for what it caches a warm sweep
#             measured 12.6 ms with 0.9M entries cached, 7.7 ms with
#             5,000; docs/performance.md);
#   libs      libgit2's version and compiled-in features (a three-line C
#             program calling git_libgit2_version() and
#             git_libgit2_features(), built with pkg-config's flags; null
#             when no compiler is at hand), libyaml's version (pkg-config);
#   build     DIR/build-info.json, written by CMake at configure time: the
#             compiler id and version, build type, CMAKE_C_FLAGS for it and
#             the flags mls_defaults() gives every target;
#   datasets  per bench/dataset.sh list: files, bytes and a SHA-256 over
#             every (path, SHA-256 of the content) in order; for the
#             generated org its seed, scale, file count and a SHA-256 over
#             `git ls-tree -r` of every branch of every repository (commit
#             dates are fixed, so the same seed gives the same digest).
# The org is generated here when missing (bench/benchlib.py), so the
# digest names the org bench/sweep.py then sweeps.
import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout
sys.path.insert(0, here)
import benchlib  # noqa: E402

root = os.path.dirname(here)

FEATURES_C = r"""
#include <git2.h>
#include <stdio.h>
int main(void)
{
  int major = 0, minor = 0, rev = 0, f = git_libgit2_features();
  git_libgit2_version(&major, &minor, &rev);
  printf("%d.%d.%d\n", major, minor, rev);
  if (f & GIT_FEATURE_THREADS) printf("threads\n");
  if (f & GIT_FEATURE_HTTPS) printf("https\n");
  if (f & GIT_FEATURE_SSH) printf("ssh\n");
  if (f & GIT_FEATURE_NSEC) printf("nsec\n");
  return 0;
}
"""


def out(cmd, cwd=None):
    try:
        return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True,
                              text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine():
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_mb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    osname = None
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    dentries = None
    try:
        with open("/proc/sys/fs/dentry-state") as f:
            dentries = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu or platform.processor() or None,
            "cores": os.cpu_count(), "cores_usable": usable,
            "memory_mb": mem_mb, "kernel": platform.release(), "os": osname,
            "loadavg": [round(x, 2) for x in os.getloadavg()],
            "dentries": dentries}


def libgit2():
    info = {"version": out(["pkg-config", "--modversion", "libgit2"]),
            "runtime_version": None, "features": None}
    cflags = out(["pkg-config", "--cflags", "--libs", "libgit2"])
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cflags is None or not cc:
        return info
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "f.c")
        exe = os.path.join(d, "f")
        with open(src, "w") as f:
            f.write(FEATURES_C)
        if out([cc, src, "-o", exe] + cflags.split()) is None:
            return info
        lines = (out([exe]) or "").split("\n")
        if lines and lines[0]:
            info["runtime_version"] = lines[0]
            info["features"] = lines[1:]
    return info


def digest_files(paths):
    """files, bytes and SHA-256 over (path, SHA-256 of content) in order."""
    h = hashlib.sha256()
    n = size = 0
    for p in paths:
        with open(os.path.join(root, p), "rb") as f:
            data = f.read()
        h.update(p.encode() + b"\0" + hashlib.sha256(data).digest())
        n += 1
        size += len(data)
    return {"files": n, "bytes": size, "sha256": h.hexdigest()}


def datasets():
    d = {}
    for kind in ("hcl", "tf_json", "cfn_yaml", "cfn_json"):
        lst = out([os.path.join(here, "dataset.sh"), kind])
        d[kind] = digest_files(lst.split("\n")) if lst else None
    repos = out([os.path.join(here, "dataset.sh"), "tf_repos"])
    if repos:
        files = []
        for r in repos.split("\n"):
            for dirpath, dirnames, names in os.walk(os.path.join(root, r)):
                dirnames.sort()
                for nm in sorted(names):
                    if nm.endswith((".tf", ".tf.json", ".tfvars",
                                    ".tfvars.json")):
                        files.append(os.path.relpath(
                            os.path.join(dirpath, nm), root))
        d["tf_eval"] = digest_files(files)
        d["tf_eval"]["repos"] = len(repos.split("\n"))
    return d


def org_digest(org, meta):
    h = hashlib.sha256()
    nrepos = 0
    for part in ("skewed", "uniform"):
        top = os.path.join(org, part)
        for name in sorted(os.listdir(top)):
            repo = os.path.join(top, name)
            refs = out(["git", "-C", repo, "for-each-ref",
                        "--format=%(refname)", "refs/heads"]) or ""
            for ref in sorted(refs.split()):
                tree = out(["git", "-C", repo, "ls-tree", "-r", ref])
                h.update(("%s/%s %s\n%s\n" % (part, name, ref, tree))
                         .encode())
            nrepos += 1
    return {"seed": meta.get("seed"), "scale": meta.get("scale"),
            "files": meta.get("files"), "repositories": nrepos,
            "changed": meta.get("changed"), "sha256": h.hexdigest()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=benchlib.DEFAULT_SEED)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    build = None
    try:
        with open(os.path.join(a.build, "build-info.json")) as f:
            build = json.load(f)
    except (OSError, ValueError) as e:
        print("env.py: no build info (%s); configure the build first" % e,
              file=sys.stderr)
    work = benchlib.work_dir(a.work)
    org, meta = benchlib.ensure_org(work, a.scale, a.seed)
    data = datasets()
    data["org"] = org_digest(org, meta)
    src = {"commit": out(["git", "-C", root, "rev-parse", "HEAD"]),
           "dirty": bool(out(["git", "-C", root, "status", "--porcelain",
                              "--untracked-files=no"]))}
    line = {"bench": "env", "source": src, "machine": machine(),
            "libgit2": libgit2(),
            "libyaml": out(["pkg-config", "--modversion", "yaml-0.1"]),
            "valgrind": out(["valgrind", "--version"]),
            "build": build, "datasets": data}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
