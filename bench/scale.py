#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# bench/scale.py -- does one big module cost in proportion to its size?
#
#   scale.py MLSWEEP [--pairs N] [--work DIR] [--n N]
#
# Generates, in the bench work directory, a Terraform module of N groups
# (an S3 bucket, its public access block and its versioning, the two
# referring to the bucket) and one of 4N, a module of N files and one of
# 4N (a failing bucket each), and a CloudFormation template of
# N and of 4N resources (buckets with policies, notebooks on shared roles
# and one KMS key, all referring to each other). Each pair of sweeps
# (--no-cache, -j1) gives T(4N) / T(N): about 4 when the work is linear in
# the module's size, 16 when it is quadratic -- what rules' cross-resource
# conditions, duplicate declaration checks and the lookup of a finding's
# file text were until they were indexed.
# Then an org of 40 bare clones of one real repository against an org of
# one, cold (a fresh cache each): about 1 when the forks are served what
# the first put in the same sweep, 40 when each is evaluated.
# JSON lines on stdout, progress on stderr.
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def tf_module(path, n):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "main.tf"), "w") as f:
        for i in range(n):
            f.write('resource "aws_s3_bucket" "b%d" {\n'
                    '  bucket = "bucket-%d"\n}\n' % (i, i))
            f.write('resource "aws_s3_bucket_public_access_block" "p%d" {\n'
                    '  bucket                  = aws_s3_bucket.b%d.id\n'
                    '  block_public_acls       = true\n'
                    '  block_public_policy     = true\n'
                    '  ignore_public_acls      = true\n'
                    '  restrict_public_buckets = true\n}\n' % (i, i))
            f.write('resource "aws_s3_bucket_versioning" "v%d" {\n'
                    '  bucket = aws_s3_bucket.b%d.id\n'
                    '  versioning_configuration {\n'
                    '    status = "Enabled"\n  }\n}\n' % (i, i))


def tf_files(path, n):
    """One module of n files, a failing bucket each: every finding asks
    for its file's text (inline suppressions)."""
    os.makedirs(path, exist_ok=True)
    for i in range(n):
        with open(os.path.join(path, "f%d.tf" % i), "w") as f:
            f.write('resource "aws_s3_bucket" "b%d" {\n'
                    '  bucket = "x-%d"\n}\n'
                    'locals {\n  l%d = "%d"\n}\n' % (i, i, i, i))


def cfn_template(path, n):
    os.makedirs(path, exist_ok=True)
    res = {"Key": {"Type": "AWS::KMS::Key",
                   "Properties": {"EnableKeyRotation": True,
                                  "KeyPolicy": {"Statement": []}}}}
    for j in range(50):
        res["R%d" % j] = {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Statement": [{
                "Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": {"Service": "sagemaker.amazonaws.com"}}]}}}
    for i in range(n // 3):
        res["B%d" % i] = {"Type": "AWS::S3::Bucket", "Properties": {
            "BucketName": "b-%d" % i,
            "VersioningConfiguration": {"Status": "Enabled"}}}
        res["P%d" % i] = {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "B%d" % i},
            "PolicyDocument": {"Statement": [{
                "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": {"Fn::Sub": "${B%d.Arn}/*" % i},
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}
        res["M%d" % i] = {
            "Type": "AWS::SageMaker::NotebookInstance", "Properties": {
                "InstanceType": "ml.t3.medium",
                "RoleArn": {"Fn::GetAtt": ["R%d" % (i % 50), "Arn"]},
                "KmsKeyId": {"Ref": "Key"}}}
    with open(os.path.join(path, "template.json"), "w") as f:
        json.dump({"AWSTemplateFormatVersion": "2010-09-09",
                   "Resources": res}, f, indent=1)


def sweep_s(mlsweep, target):
    t = time.perf_counter()
    subprocess.run([mlsweep, "scan", "-j1", "-q", "--soft-fail", "--no-cache",
                    "--format", "markdown", "--output", os.devnull, target],
                   check=True)
    return time.perf_counter() - t


def forks(work, k):
    """An org of k bare clones of one real module repository (the shared
    corpus's terraform-aws-vpc, committed once), and an org of one."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "shared", "corpus", "real",
                       "terraform-aws-modules__terraform-aws-vpc")
    base = os.path.join(work, "forks-src")
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(src, base)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.invalid",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@example.invalid",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    for c in (["git", "init", "-q"], ["git", "add", "-A"],
              ["git", "commit", "-q", "-m", "vpc"]):
        subprocess.run(c, cwd=base, env=env, check=True)
    orgs = []
    for n in (k, 1):
        org = os.path.join(work, "forks-%d" % n)
        shutil.rmtree(org, ignore_errors=True)
        os.makedirs(org)
        for i in range(n):
            subprocess.run(["git", "clone", "-q", "--bare", base,
                            os.path.join(org, "fork-%02d.git" % i)],
                           env=env, check=True)
        orgs.append(org)
    return orgs


def cold_s(mlsweep, org, cache):
    shutil.rmtree(cache, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([mlsweep, "scan", "-q", "--soft-fail", "--cache-dir", cache,
                    "--format", "markdown", "--output", os.devnull, org],
                   check=True)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mlsweep")
    ap.add_argument("--pairs", type=int,
                    default=int(os.environ.get("BENCH_PAIRS", "5")))
    ap.add_argument("--work")
    ap.add_argument("--n", type=int, default=2000)
    a = ap.parse_args()
    work = os.path.join(benchlib.work_dir(a.work), "scale")
    for kind, make, unit in (("tf", tf_module, "resource groups"),
                             ("tf_files", tf_files, "files"),
                             ("cfn", cfn_template, "resources")):
        small = os.path.join(work, "%s-%d" % (kind, a.n))
        big = os.path.join(work, "%s-%d" % (kind, 4 * a.n))
        for d, n in ((small, a.n), (big, 4 * a.n)):
            shutil.rmtree(d, ignore_errors=True)
            make(d, n)
        print("scale.py: %s, %d and %d %s" % (kind, a.n, 4 * a.n, unit),
              file=sys.stderr)
        sweep_s(a.mlsweep, small)  # warm the page cache
        tb, ts = [], []
        for _ in range(a.pairs):
            tb.append(sweep_s(a.mlsweep, big))
            ts.append(sweep_s(a.mlsweep, small))
        s = benchlib.pair_summary(tb, ts)
        print(json.dumps({
            "bench": "scale_%s_4x_over_1x" % kind, "pairs": a.pairs,
            "n": a.n, "big_s": round(s["a_s"], 4),
            "small_s": round(s["b_s"], 4), "ratio": round(s["ratio"], 4),
            "ratio_min": round(s["ratio_min"], 4),
            "ratio_max": round(s["ratio_max"], 4),
            "goal": "about 4 (linear); 16 is quadratic"}), flush=True)
    # Forks: one evaluated, the others served what it put this sweep.
    k = 40
    many, one = forks(work, k)
    cache = os.path.join(work, "forks-cache")
    print("scale.py: %d forks of one repository, cold" % k, file=sys.stderr)
    tm, t1 = [], []
    for _ in range(a.pairs):
        tm.append(cold_s(a.mlsweep, many, cache))
        t1.append(cold_s(a.mlsweep, one, cache))
    s = benchlib.pair_summary(tm, t1)
    print(json.dumps({
        "bench": "sweep_forks_cold_%d_over_1" % k, "pairs": a.pairs,
        "forks_s": round(s["a_s"], 4), "one_s": round(s["b_s"], 4),
        "ratio": round(s["ratio"], 4), "ratio_min": round(s["ratio_min"], 4),
        "ratio_max": round(s["ratio_max"], 4),
        "goal": "about 1: one evaluated, %d served (%d: none)" % (k - 1, k)}),
        flush=True)


if __name__ == "__main__":
    main()
