#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# bench/gen_org.py -- a seeded synthetic org for bench/sweep.py.
#
#   gen_org.py OUT [--seed N] [--scale F]
#
# Writes bare repositories (git fast-import, one commit each, fixed dates,
# so the same seed gives the same commit ids) under:
#   OUT/skewed/   one monorepo of ~20k IaC candidates (Terraform roots
#                 calling shared local modules, CloudFormation templates,
#                 Kubernetes manifests, workflows, package.json files) and
#                 ~500 small repositories of ~6 candidates each;
#   OUT/uniform/  the same roots, templates and manifests dealt into 20
#                 repositories of equal size (each with the shared modules);
# and then edits 1% of the org's files (picked uniformly over the whole
# org; OUT/changed.txt lists them) in a second commit of each repository
# of OUT/skewed that holds one of them, on the branch "changed"; in every
# other repository "changed" is "main". Moving "main" to "changed" (what
# bench/sweep.py does) is the night after 1% of the files changed: the
# repositories with an edit have a new commit, the others none. The
# branch "base" keeps "main"'s first commit, to put it back.
# OUT/org.json has the counts, the seed, the scale and GEN, the version
# of this layout (benchlib.ensure_org generates again on another).
# --scale shrinks or grows every count (tests use 0.02).
import argparse
import os
import random
import subprocess
import sys

DATE = "1767225600 +0000"  # 2026-01-01T00:00:00Z
# The layout's version, in org.json: 2 since the branch "changed" moved
# only the repositories with an edit (1 gave every repository a commit).
GEN = 2


def tf_root(rng, team, svc, mods):
    """One Terraform root: main.tf, variables.tf, outputs.tf, tfvars."""
    env = rng.choice(["dev", "staging", "prod"])
    mod = rng.choice(mods)
    iso = rng.choice(["true", "false", 'var.env == "prod"'])
    nb_access = rng.choice(['"Enabled"', '"Disabled"', None])
    kms = rng.random() < 0.5
    main = [
        'module "store" {',
        '  source = "../../../modules/%s"' % mod,
        '  name   = "%s-%s"' % (team, svc),
        "  env    = var.env",
        "}",
        "",
        'resource "aws_sagemaker_notebook_instance" "nb" {',
        '  name          = "%s-%s-nb"' % (team, svc),
        "  role_arn      = aws_iam_role.exec.arn",
        '  instance_type = "ml.t3.medium"',
    ]
    if nb_access:
        main.append("  direct_internet_access = %s" % nb_access)
    if kms:
        main.append("  kms_key_id    = aws_kms_key.k.arn")
    main += [
        "  tags = local.tags",
        "}",
        "",
        'resource "aws_kms_key" "k" {',
        "  enable_key_rotation = %s" % rng.choice(["true", "false"]),
        "}",
        "",
        'resource "aws_iam_role" "exec" {',
        '  name = "%s-%s-exec"' % (team, svc),
        "  assume_role_policy = jsonencode({",
        '    Version = "2012-10-17"',
        '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",',
        '      Principal = { Service = "sagemaker.amazonaws.com" } }]',
        "  })",
        "}",
        "",
        'resource "aws_iam_role_policy" "exec" {',
        "  role = aws_iam_role.exec.id",
        "  policy = jsonencode({",
        '    Version = "2012-10-17"',
        "    Statement = [{",
        '      Effect   = "Allow"',
        "      Action   = %s" % rng.choice(['"*"', '["s3:GetObject"]',
                                             '["sagemaker:*"]']),
        '      Resource = "*"',
        "    }]",
        "  })",
        "}",
        "",
        'resource "aws_sagemaker_model" "m" {',
        '  name                     = "%s-%s"' % (team, svc),
        "  execution_role_arn       = aws_iam_role.exec.arn",
        "  enable_network_isolation = %s" % iso,
        "  primary_container {",
        '    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/%s:latest"'
        % svc,
        "  }",
        "}",
        "",
        'resource "aws_security_group" "sg" {',
        '  name = "%s-%s"' % (team, svc),
        '  dynamic "ingress" {',
        "    for_each = var.ports",
        "    content {",
        "      from_port   = ingress.value",
        "      to_port     = ingress.value",
        '      protocol    = "tcp"',
        "      cidr_blocks = var.cidrs",
        "    }",
        "  }",
        "}",
        "",
        "locals {",
        '  tags = { team = "%s", service = "%s", env = var.env }' % (team, svc),
        "}",
    ]
    variables = "\n".join([
        'variable "env" {',
        "  type    = string",
        '  default = "%s"' % env,
        "}",
        'variable "ports" {',
        "  type    = list(number)",
        "  default = [%s]" % ", ".join(str(p) for p in
                                       rng.sample([22, 443, 6006, 8888], 2)),
        "}",
        'variable "cidrs" {',
        "  type    = list(string)",
        '  default = ["%s"]' % rng.choice(["10.0.0.0/8", "0.0.0.0/0"]),
        "}",
    ]) + "\n"
    outputs = ('output "model" {\n  value = aws_sagemaker_model.m.name\n}\n'
               'output "bucket" {\n  value = module.store.bucket\n}\n')
    tfvars = 'env = "%s"\n' % rng.choice(["dev", "prod"])
    return {"main.tf": "\n".join(main) + "\n", "variables.tf": variables,
            "outputs.tf": outputs, "terraform.tfvars": tfvars}


def tf_module(rng, name):
    return {
        "main.tf": "\n".join([
            'variable "name" {}',
            'variable "env" {}',
            'resource "aws_s3_bucket" "b" {',
            '  bucket = "${var.name}-%s"' % name,
            "}",
            'resource "aws_s3_bucket_public_access_block" "b" {',
            "  bucket                  = aws_s3_bucket.b.id",
            "  block_public_acls       = true",
            "  block_public_policy     = %s" % rng.choice(["true", "false"]),
            "  ignore_public_acls      = true",
            "  restrict_public_buckets = true",
            "}",
            'resource "aws_s3_bucket_versioning" "b" {',
            "  bucket = aws_s3_bucket.b.id",
            "  versioning_configuration {",
            '    status = var.env == "prod" ? "Enabled" : "Suspended"',
            "  }",
            "}",
        ]) + "\n",
        "outputs.tf": 'output "bucket" {\n  value = aws_s3_bucket.b.id\n}\n',
    }


def cfn_template(rng, name):
    return "\n".join([
        'AWSTemplateFormatVersion: "2010-09-09"',
        "Parameters:",
        "  Env:",
        "    Type: String",
        "    Default: %s" % rng.choice(["dev", "prod"]),
        "Conditions:",
        '  IsProd: !Equals [!Ref Env, "prod"]',
        "Resources:",
        "  Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        '        Version: "2012-10-17"',
        "        Statement:",
        "          - Effect: Allow",
        "            Principal: {Service: sagemaker.amazonaws.com}",
        "            Action: sts:AssumeRole",
        "      Policies:",
        "        - PolicyName: p",
        "          PolicyDocument:",
        "            Statement:",
        "              - Effect: Allow",
        "                Action: %s" % rng.choice(['"*"', "s3:GetObject"]),
        '                Resource: "*"',
        "  Notebook:",
        "    Type: AWS::SageMaker::NotebookInstance",
        "    Properties:",
        "      InstanceType: ml.t3.medium",
        "      RoleArn: !GetAtt Role.Arn",
        "      DirectInternetAccess: !If [IsProd, Disabled, Enabled]",
        "  Bucket:",
        "    Type: AWS::S3::Bucket",
        "    Properties:",
        "      BucketName: !Sub '${AWS::StackName}-%s'" % name,
    ]) + "\n"


def k8s(rng, name):
    return "\n".join([
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: %s" % name,
        "spec:",
        "  replicas: %d" % rng.randint(1, 5),
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: app",
        "          image: registry.example/%s:%d" % (name, rng.randint(1, 99)),
        "          resources: {limits: {memory: 1Gi}}",
    ]) + "\n"


def workflow(name):
    return ("name: %s\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: actions/checkout@v4\n" % name)


def package_json(name):
    return '{\n  "name": "%s",\n  "version": "1.0.0",\n  "private": true\n}\n' % name


def monorepo(rng, scale):
    files = {}
    mods = ["store-%d" % i for i in range(20)]
    for m in mods:
        for n, c in tf_module(rng, m).items():
            files["modules/%s/%s" % (m, n)] = c
    roots = []
    for t in range(max(1, int(50 * scale))):
        for s in range(30):
            d = "teams/team%d/svc%d" % (t, s)
            roots.append(d)
            for n, c in tf_root(rng, "team%d" % t, "svc%d" % s, mods).items():
                files["%s/%s" % (d, n)] = c
    for i in range(int(3000 * scale)):
        files["cfn/stack%d.yaml" % i] = cfn_template(rng, "s%d" % i)
    for i in range(int(8000 * scale)):
        files["k8s/app%d/deployment.yaml" % i] = k8s(rng, "app%d" % i)
    for i in range(int(1000 * scale)):
        files[".github/workflows/w%d.yml" % i] = workflow("w%d" % i)
        files["web/pkg%d/package.json" % i] = package_json("pkg%d" % i)
    return files


def small_repo(rng, i):
    files = {}
    mods = ["store"]
    for n, c in tf_module(rng, "store").items():
        files["modules/store/%s" % n] = c
    for n, c in tf_root(rng, "r%d" % i, "svc", mods).items():
        files["infra/live/prod/%s" % n] = c.replace("../../../modules/store-0",
                                                    "../../../modules/store")
    files["cfn/stack.yaml"] = cfn_template(rng, "r%d" % i)
    files["k8s/deployment.yaml"] = k8s(rng, "r%d" % i)
    return files


def fast_import(path, commits):
    """commits: list of (branch, message, files dict, parent branch or
    None); files None makes branch another name for parent's commit."""
    subprocess.run(["git", "init", "-q", "--bare", path], check=True)
    out = []
    mark = 0
    marks = {}
    for branch, msg, files, parent in commits:
        if files is None:
            out.append("reset refs/heads/%s\nfrom :%d\n\n"
                       % (branch, marks[parent]))
            continue
        mark += 1
        marks[branch] = mark
        out.append("commit refs/heads/%s\nmark :%d\n" % (branch, mark))
        out.append("committer bench <bench@example.invalid> %s\n" % DATE)
        data = msg.encode()
        out.append("data %d\n%s\n" % (len(data), msg))
        if parent:
            out.append("from :%d\n" % marks[parent])
        for name in sorted(files):
            blob = files[name].encode()
            out.append("M 100644 inline %s\ndata %d\n" % (name, len(blob)))
            out.append(files[name] + "\n")
    stream = "".join(out).encode()
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"], input=stream,
                   check=True, env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1",
                                        GIT_CONFIG_GLOBAL="/dev/null"))
    subprocess.run(["git", "-C", path, "symbolic-ref", "HEAD",
                    "refs/heads/main"], check=True)


def change_one(text):
    """A small edit that changes what a sweep reads: one value flipped."""
    for a, b in (("true", "false"), ("Enabled", "Disabled"), ("dev", "prod"),
                 ("replicas: ", "replicas: 1")):
        if a in text:
            return text.replace(a, b, 1)
    return text + "# changed\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "skewed"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "uniform"), exist_ok=True)
    repos = {"platform-mono": monorepo(rng, a.scale)}
    for i in range(max(2, int(500 * a.scale))):
        repos["svc-%03d" % i] = small_repo(rng, i)
    # 1% of all the org's files, picked uniformly: most small repositories
    # stay unchanged, the monorepo gets most of the edits.
    everything = sorted((n, p) for n in repos for p in repos[n])
    total = len(everything)
    pick = set(rng.sample(everything, max(1, total // 100)))
    changed = sorted("%s/%s" % np for np in pick)
    for name, files in sorted(repos.items()):
        new = dict(files)
        for p in files:
            if (name, p) in pick:
                new[p] = change_one(files[p])
        fast_import(os.path.join(a.out, "skewed", name + ".git"),
                    [("main", "import", files, None),
                     ("base", None, None, "main"),
                     ("changed", "change 1%", new if new != files else None,
                      "main")])
    # Uniform: every unit (a root directory, a template, a manifest, a
    # small repository) dealt round-robin into 20 repositories, each with
    # the shared modules so the roots' module calls resolve.
    units = []
    mono = repos["platform-mono"]
    shared = {p: c for p, c in mono.items() if p.startswith("modules/")}
    groups = {}
    for p, c in mono.items():
        if p.startswith("modules/"):
            continue
        key = os.path.dirname(p) if p.startswith("teams/") else p
        groups.setdefault(key, {})[p] = c
    units += [groups[k] for k in sorted(groups)]
    for name in sorted(repos):
        if name != "platform-mono":
            units.append({"%s/%s" % (name, p): c
                          for p, c in repos[name].items()})
    buckets = [dict(shared) for _ in range(20)]
    for i, u in enumerate(units):
        buckets[i % 20].update(u)
    for i, b in enumerate(buckets):
        fast_import(os.path.join(a.out, "uniform", "part-%02d.git" % i),
                    [("main", "import", b, None)])
    with open(os.path.join(a.out, "changed.txt"), "w") as f:
        f.write("\n".join(changed) + "\n")
    with open(os.path.join(a.out, "org.json"), "w") as f:
        f.write('{"repositories": %d, "files": %d, "changed": %d, '
                '"changed_repositories": %d, "seed": %d, "scale": %r, '
                '"gen": %d}\n'
                % (len(repos), total, len(changed),
                   len({c.split("/", 1)[0] for c in changed}), a.seed,
                   a.scale, GEN))
    print("gen_org.py: %d repositories, %d files in the skewed org; "
          "%d changed on branch 'changed'; 20 uniform repositories"
          % (len(repos), total, len(changed)), file=sys.stderr)


if __name__ == "__main__":
    main()
