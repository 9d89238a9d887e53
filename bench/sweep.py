#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# bench/sweep.py -- the sweep engine's ratios (issue 5), measured in one
# run over the seeded org of bench/gen_org.py, printed as JSON lines.
#
#   sweep.py MLSWEEP [--scale F] [--seed N] [--pairs N] [--work DIR]
#   sweep.py MLSWEEP --org DIR [--changed-ref REF] [--pairs N] [--work DIR]
#
# --org measures the same ratios on a directory of repositories of your
# own instead of the generated org (`make bench-org ORG=DIR`): cold over
# read, warm over cold, changed over cold when --changed-ref names a
# revision to sweep after the warm one (the repositories that lack it are
# swept and reported failed, in both runs alike), T(1) over T(2), and the
# peak anonymous memory against the same bound. Lines carry "org": DIR.
#
# Every ratio is of two wall-clock times measured here as alternating
# pairs (A B A B ..., --pairs N, default 5 or $BENCH_PAIRS): one ratio per
# pair, the median of those reported (with the smallest and largest), so a
# drift in machine load cancels within each pair:
#   cold_over_read      cold sweep (empty cache) / read-only pass (walk and
#                       read every candidate's bytes, parse nothing), both
#                       with the default worker count;
#   warm_over_cold      re-sweep of the unchanged org with the cache the
#                       cold sweep just filled / that cold sweep;
#   changed_over_cold   the night after 1% of the files changed: "main"
#                       moved to the branch "changed" in the repositories
#                       with an edit (a new commit each; gen_org.py), the
#                       org swept as before with that warm cache, "main"
#                       put back after / the cold sweep;
#   changed_ref_over_cold  context: the same warm cache, the org swept at
#                       --ref changed instead (every repository's ref
#                       resolved again, under a name the cache has not
#                       seen) / the cold sweep;
#                       (each pair runs read, cold, warm, changed,
#                       changed-ref in turn)
#   t1_over_t2          one worker / two workers, no cache, uniform org and
#                       skewed org (the skewed one should be within 5%);
#   mutex_over_steal    the mutex-queue reference scheduler / work stealing,
#                       two workers, skewed org, no cache;
#   peak_anon           the largest RssAnon (anonymous resident memory; the
#                       cache's memory map is file-backed and not counted)
#                       sampled every 2 ms during two more cold sweeps (not
#                       the timed ones), per 10k files, against the bound
#                       64 MB + 32 MB per 10k files; and the same for one
#                       cold sweep of the uniform org (20 repositories
#                       instead of 501), since memory should not grow with
#                       the number of repositories.
# Tests never assert these; they are quoted in issue notes and
# docs/performance.md.
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def run(cmd, sample=False):
    """Wall time of cmd, and the peak RssAnon in kB when sample is set."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    peak = 0
    if sample:
        status = "/proc/%d/status" % p.pid
        while p.poll() is None:
            try:
                with open(status) as f:
                    for line in f:
                        if line.startswith("RssAnon:"):
                            peak = max(peak, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.002)
    _, err = p.communicate()
    dt = time.monotonic() - t0
    if p.returncode not in (0, 1):
        sys.exit("sweep.py: %s failed (%d): %s"
                 % (" ".join(cmd), p.returncode, err.decode()[-2000:]))
    return dt, peak


def say(msg):
    print("sweep.py: " + msg, file=sys.stderr)


def scan_cmd(mlsweep):
    """A quiet sweep with the Markdown summary to /dev/null: the engine
    keeps counts, not result lists (docs/performance.md)."""
    return [mlsweep, "scan", "-q", "--soft-fail", "--format", "markdown",
            "--output", os.devnull]


def moved_repos(org):
    """(path, main's commit, changed's commit) of each repository of the
    generated org whose branch "changed" is another commit. "main" is put
    back to "base" (gen_org.py) where a run stopped before it could."""
    out = []
    for name in sorted(os.listdir(org)):
        path = os.path.join(org, name)
        base, main, changed = subprocess.run(
            ["git", "-C", path, "rev-parse", "base", "main", "changed"],
            capture_output=True, text=True, check=True).stdout.split()
        if main != base:
            subprocess.run(["git", "-C", path, "update-ref",
                            "refs/heads/main", base], check=True)
        if changed != base:
            out.append((path, base, changed))
    return out


class main_moved:
    """In the repositories of moved_repos(), "main" names the commit of
    "changed" inside the with block, and its own again after it."""

    def __init__(self, moved):
        self.moved = moved

    def _set(self, new, old):
        for path, main, changed in self.moved:
            ids = {"main": main, "changed": changed}
            subprocess.run(["git", "-C", path, "update-ref", "refs/heads/main",
                            ids[new], ids[old]], check=True)

    def __enter__(self):
        self._set("changed", "main")

    def __exit__(self, *exc):
        self._set("main", "changed")
        return False


def ratio_line(name, pairs, summ, a_name, b_name, org_dir=None, **extra):
    """One JSON object of a pair_summary: its two medians named, the
    ratio with its range, then `extra`; `org_dir` (make bench-org) comes
    right after the name."""
    o = {"bench": name}
    if org_dir is not None:
        o["org"] = org_dir
    o.update({"pairs": pairs, a_name: summ["a_s"], b_name: summ["b_s"],
              "ratio": summ["ratio"], "ratio_min": summ["ratio_min"],
              "ratio_max": summ["ratio_max"]})
    o.update(extra)
    return o


def emit(out):
    for o in out:
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v)
                          for k, v in o.items()}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mlsweep")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=benchlib.DEFAULT_SEED)
    ap.add_argument("--pairs", type=int,
                    default=int(os.environ.get("BENCH_PAIRS", "5")))
    ap.add_argument("--work", default=None)
    ap.add_argument("--org", default=None)
    ap.add_argument("--changed-ref", default=None)
    a = ap.parse_args()
    if a.pairs < 1:
        sys.exit("sweep.py: --pairs wants a positive count")
    if a.changed_ref and not a.org:
        sys.exit("sweep.py: --changed-ref goes with --org")
    work = benchlib.work_dir(a.work)
    if a.org:
        return org_ratios(a, work)
    org, meta = benchlib.ensure_org(work, a.scale, a.seed)
    skewed = os.path.join(org, "skewed")
    uniform = os.path.join(org, "uniform")
    cache = os.path.join(work, "cache")
    nfiles = meta["files"]
    base = scan_cmd(a.mlsweep)

    def clear_cache():
        shutil.rmtree(cache, ignore_errors=True)

    # read, cold, warm, changed in turn: each ratio's two sides are
    # neighbours in time.
    moved = moved_repos(skewed)
    cache_ref = cache + "-ref"
    read, cold, warm, changed, changed_ref, peaks = [], [], [], [], [], []
    for i in range(a.pairs):
        read.append(run(base + [skewed, "--no-cache", "--read-only-pass"])[0])
        clear_cache()
        cold.append(run(base + [skewed, "--cache-dir", cache])[0])
        warm.append(run(base + [skewed, "--cache-dir", cache])[0])
        shutil.rmtree(cache_ref, ignore_errors=True)
        shutil.copytree(cache, cache_ref)
        with main_moved(moved):
            changed.append(run(base + [skewed, "--cache-dir", cache])[0])
        changed_ref.append(run(base + [skewed, "--cache-dir", cache_ref,
                                       "--ref", "changed"])[0])
        say("pair %d: read %.2f s, cold %.2f s, warm %.2f s, changed %.3f s, "
            "changed-ref %.3f s" % (i + 1, read[-1], cold[-1], warm[-1],
                                    changed[-1], changed_ref[-1]))
    shutil.rmtree(cache_ref, ignore_errors=True)
    # Memory in cold sweeps of their own: the sampler's polling would
    # otherwise slow the timed ones.
    for i in range(min(a.pairs, 2)):
        clear_cache()
        peaks.append(run(base + [skewed, "--cache-dir", cache],
                         sample=True)[1])
        say("cold sweep %d: peak anon %.1f MB" % (i + 1, peaks[-1] / 1024.0))
    clear_cache()
    # The same files in 20 repositories instead of 501: memory should not
    # grow with the number of repositories.
    upeak = run(base + [uniform, "--cache-dir", cache], sample=True)[1]
    say("cold sweep, uniform org: peak anon %.1f MB" % (upeak / 1024.0))
    clear_cache()

    def pairs_of(cmd_a, cmd_b, label):
        ta, tb = [], []
        for i in range(a.pairs):
            ta.append(run(cmd_a)[0])
            tb.append(run(cmd_b)[0])
            say("pair %d: %s %.2f s / %.2f s" % (i + 1, label, ta[-1], tb[-1]))
        return benchlib.pair_summary(ta, tb)

    nc = ["--no-cache"]
    tu = pairs_of(base + [uniform] + nc + ["-j1"],
                  base + [uniform] + nc + ["-j2"], "uniform -j1/-j2")
    ts = pairs_of(base + [skewed] + nc + ["-j1"],
                  base + [skewed] + nc + ["-j2"], "skewed -j1/-j2")
    ms = pairs_of(base + [skewed] + nc + ["-j2", "--scheduler", "mutex"],
                  base + [skewed] + nc + ["-j2", "--scheduler", "steal"],
                  "mutex/steal -j2")
    # The same cold and warm sweeps writing per-repository SARIF and
    # statistics: the engine then keeps every finding (the figures
    # above are the Markdown summary's, which keeps counts), and writing
    # them is part of the cost. Context for the time figures above; its
    # peak memory is held to the same bound as theirs.
    outd = os.path.join(work, "sarif-out")
    full = [a.mlsweep, "scan", "-q", "--soft-fail", "--sarif-dir", outd,
            "--stats", os.path.join(work, "stats.json"), "--format",
            "markdown", "--output", os.devnull]
    fcold, fwarm = [], []
    for i in range(a.pairs):
        clear_cache()
        shutil.rmtree(outd, ignore_errors=True)
        fcold.append(run(full + [skewed, "--cache-dir", cache])[0])
        fwarm.append(run(full + [skewed, "--cache-dir", cache])[0])
        say("pair %d: SARIF + stats cold %.2f s, warm %.2f s"
            % (i + 1, fcold[-1], fwarm[-1]))
    clear_cache()
    fpeak = run(full + [skewed, "--cache-dir", cache], sample=True)[1]
    clear_cache()
    fw = benchlib.pair_summary(fwarm, fcold)
    cr = benchlib.pair_summary(cold, read)
    wc = benchlib.pair_summary(warm, cold)
    cc = benchlib.pair_summary(changed, cold)
    crc = benchlib.pair_summary(changed_ref, cold)
    peak_mb = max(peaks) / 1024.0
    per10k = nfiles / 10000.0
    bound_mb = 64 + 32 * per10k

    def line(name, summ, a_name, b_name, **extra):
        return ratio_line(name, a.pairs, summ, a_name, b_name, **extra)

    out = [
        line("sweep_cold_over_read", cr, "cold_s", "read_s", files=nfiles,
             goal="<= 2.0"),
        line("sweep_warm_over_cold", wc, "warm_s", "cold_s", goal="<= 0.05"),
        line("sweep_changed_over_cold", cc, "changed_s", "cold_s",
             changed_files=meta.get("changed"),
             changed_repositories=len(moved), goal="<= 0.07"),
        line("sweep_changed_ref_over_cold", crc, "changed_s", "cold_s",
             ref="changed", goal="(context)"),
        line("sweep_t1_over_t2", tu, "t1_s", "t2_s", org="uniform",
             goal=">= 1.6"),
        line("sweep_t1_over_t2", ts, "t1_s", "t2_s", org="skewed",
             skewed_over_uniform=(ts["ratio"] / tu["ratio"]
                                  if tu["ratio"] else None),
             goal="within 5% of uniform"),
        line("sweep_mutex_over_steal", ms, "mutex_s", "steal_s",
             goal="(reference)"),
        line("sweep_findings_warm_over_cold", fw, "warm_s", "cold_s",
             outputs="sarif-dir + stats", peak_anon_mb=fpeak / 1024.0,
             bound_mb=bound_mb, goal="(context); peak <= bound_mb"),
        {"bench": "sweep_peak_anon", "files": nfiles, "cold_runs": len(peaks),
         "peak_anon_mb": peak_mb,
         "peak_anon_mb_median": statistics.median(peaks) / 1024.0,
         "mb_per_10k_files": peak_mb / per10k if per10k else None,
         "bound_mb": bound_mb, "uniform_peak_anon_mb": upeak / 1024.0,
         "goal": "<= 64 MB + 32 MB per 10k files"},
    ]
    emit(out)


def count_files(mlsweep, org, work):
    """IaC files of the org (Terraform, tfvars, CloudFormation templates),
    from a sweep's statistics."""
    path = os.path.join(work, "org-stats.json")
    subprocess.run([mlsweep, "scan", "-q", "--soft-fail", "--no-cache",
                    "--stats", path, org], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    try:
        with open(path) as f:
            files = json.load(f)["sweep"]["files"]
        return sum(int(files.get(k, 0))
                   for k in ("terraform", "tfvars", "cloudformation"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def org_ratios(a, work):
    """The issue's ratios over a directory of repositories of one's own."""
    org = os.path.abspath(a.org)
    if not os.path.isdir(org):
        sys.exit("sweep.py: --org %s is not a directory" % org)
    cache = os.path.join(work, "org-cache")
    base = scan_cmd(a.mlsweep)

    def clear_cache():
        shutil.rmtree(cache, ignore_errors=True)

    read, cold, warm, changed = [], [], [], []
    for i in range(a.pairs):
        read.append(run(base + [org, "--no-cache", "--read-only-pass"])[0])
        clear_cache()
        cold.append(run(base + [org, "--cache-dir", cache])[0])
        warm.append(run(base + [org, "--cache-dir", cache])[0])
        msg = "pair %d: read %.3f s, cold %.3f s, warm %.3f s" % (
            i + 1, read[-1], cold[-1], warm[-1])
        if a.changed_ref:
            changed.append(run(base + [org, "--cache-dir", cache, "--ref",
                                       a.changed_ref])[0])
            msg += ", changed %.3f s" % changed[-1]
        say(msg)
    peaks = []
    for i in range(min(a.pairs, 2)):
        clear_cache()
        peaks.append(run(base + [org, "--cache-dir", cache], sample=True)[1])
    t1, t2 = [], []
    for i in range(a.pairs):
        t1.append(run(base + [org, "--no-cache", "-j1"])[0])
        t2.append(run(base + [org, "--no-cache", "-j2"])[0])
        say("pair %d: -j1 %.3f s / -j2 %.3f s" % (i + 1, t1[-1], t2[-1]))
    clear_cache()
    nfiles = count_files(a.mlsweep, org, work)
    repos = None
    try:
        repos = len([d for d in os.listdir(org)
                     if os.path.isdir(os.path.join(org, d))])
    except OSError:
        pass

    def line(name, summ, a_name, b_name, **extra):
        return ratio_line(name, a.pairs, summ, a_name, b_name, org_dir=org,
                          **extra)

    out = [line("sweep_cold_over_read", benchlib.pair_summary(cold, read),
                "cold_s", "read_s", files=nfiles, entries=repos,
                goal="<= 2.0"),
           line("sweep_warm_over_cold", benchlib.pair_summary(warm, cold),
                "warm_s", "cold_s", goal="<= 0.05")]
    if a.changed_ref:
        out.append(line("sweep_changed_over_cold",
                        benchlib.pair_summary(changed, cold), "changed_s",
                        "cold_s", ref=a.changed_ref, goal="<= 0.07"))
    out.append(line("sweep_t1_over_t2", benchlib.pair_summary(t1, t2),
                    "t1_s", "t2_s", goal=">= 1.6"))
    per10k = nfiles / 10000.0
    peak_mb = max(peaks) / 1024.0
    out.append({"bench": "sweep_peak_anon", "org": org, "files": nfiles,
                "cold_runs": len(peaks), "peak_anon_mb": peak_mb,
                "bound_mb": 64 + 32 * per10k,
                "goal": "<= 64 MB + 32 MB per 10k files"})
    emit(out)


if __name__ == "__main__":
    main()
