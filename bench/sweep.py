#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# bench/sweep.py -- the sweep engine's ratios (issue 5), measured in one
# run over the seeded org of bench/gen_org.py, printed as JSON lines.
#
#   sweep.py MLSWEEP [--scale F] [--runs N] [--work DIR]
#
# Every figure is a ratio of two wall-clock times measured here, one after
# the other on the same machine, each the median of --runs runs:
#   cold_over_read      cold sweep (empty cache) / read-only pass (walk and
#                       read every candidate's bytes, parse nothing), both
#                       with the default worker count;
#   warm_over_cold      re-sweep of the unchanged org with that cache / cold;
#   changed_over_cold   sweep of the "changed" branch (1% of the files
#                       edited) with the warm cache / cold;
#   t1_over_t2          one worker / two workers, no cache, uniform org and
#                       skewed org (the skewed one should be within 5%);
#   mutex_over_steal    the mutex-queue reference scheduler / work stealing,
#                       two workers, skewed org, no cache;
#   peak_anon_mb        the largest RssAnon (anonymous resident memory; the
#                       cache's memory map is file-backed and not counted)
#                       sampled every 2 ms during the cold sweep, against
#                       the bound 64 MB + 32 MB per 10k files.
# Tests never assert these; they are quoted in issue notes.
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


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


def median(cmd, runs, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(run(cmd)[0])
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mlsweep")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    work = a.work or os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                  "mlsweep-bench-%d" % os.getuid())
    org = os.path.join(work, "org-%g" % a.scale)
    if not os.path.exists(os.path.join(org, "org.json")):
        shutil.rmtree(org, ignore_errors=True)
        print("sweep.py: generating the org (scale %g) in %s" % (a.scale, org),
              file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(here, "gen_org.py"), org,
                        "--scale", str(a.scale)], check=True)
    skewed = os.path.join(org, "skewed")
    uniform = os.path.join(org, "uniform")
    cache = os.path.join(work, "cache")
    with open(os.path.join(org, "org.json")) as f:
        nfiles = json.load(f)["files"]
    base = [a.mlsweep, "scan", "-q", "--soft-fail", "--format", "markdown",
            "--output", os.devnull]

    def clear_cache():
        shutil.rmtree(cache, ignore_errors=True)

    read = median(base + [skewed, "--no-cache", "--read-only-pass"], a.runs)
    cold = median(base + [skewed, "--cache-dir", cache], a.runs, clear_cache)
    clear_cache()
    _, peak = run(base + [skewed, "--cache-dir", cache], sample=True)
    warm = median(base + [skewed, "--cache-dir", cache], a.runs)

    def fresh_warm_cache():
        clear_cache()
        run(base + [skewed, "--cache-dir", cache])
    changed = median(base + [skewed, "--cache-dir", cache, "--ref", "changed"],
                     a.runs, fresh_warm_cache)
    t = {}
    for name, target in (("uniform", uniform), ("skewed", skewed)):
        for j in (1, 2):
            t[name, j] = median(base + [target, "--no-cache", "-j%d" % j],
                                a.runs)
    mutex = median(base + [skewed, "--no-cache", "-j2", "--scheduler",
                           "mutex"], a.runs)
    steal = median(base + [skewed, "--no-cache", "-j2", "--scheduler",
                           "steal"], a.runs)
    bound_mb = 64 + 32 * nfiles / 10000.0
    out = [
        {"bench": "sweep_cold_over_read", "files": nfiles, "read_s": read,
         "cold_s": cold, "ratio": cold / read, "goal": "<= 2.0"},
        {"bench": "sweep_warm_over_cold", "warm_s": warm, "cold_s": cold,
         "ratio": warm / cold, "goal": "<= 0.05"},
        {"bench": "sweep_changed_over_cold", "changed_s": changed,
         "cold_s": cold, "ratio": changed / cold, "goal": "<= 0.07"},
        {"bench": "sweep_t1_over_t2", "uniform": t["uniform", 1] /
         t["uniform", 2], "skewed": t["skewed", 1] / t["skewed", 2],
         "goal": ">= 1.6, skewed within 5%"},
        {"bench": "sweep_mutex_over_steal", "mutex_s": mutex,
         "steal_s": steal, "ratio": mutex / steal},
        {"bench": "sweep_peak_anon", "peak_anon_mb": peak / 1024.0,
         "bound_mb": bound_mb, "files": nfiles},
    ]
    for o in out:
        print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v)
                          for k, v in o.items()}))


if __name__ == "__main__":
    main()
