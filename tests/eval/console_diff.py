#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/eval/console_diff.py -- the evaluator against Terraform itself.
#
# Every expression of console/exprs.txt (one per line; a heredoc runs to
# its closing EOT line) becomes a local of one module, next to the
# variables and locals of console/prelude.tf. `terraform console` prints
# jsonencode() of all of them; `mlsweep inspect` evaluates the same module
# with one resource whose attributes read the locals. The two must agree
# value for value (numbers by value, objects whatever their key order).
# Only expressions without providers or resources can be checked this way,
# which is what `terraform console` can evaluate offline.
#
# usage: console_diff.py MLSWEEP TERRAFORM CONSOLE_DIR
# Exit status: 0 when every value agrees, 1 otherwise.
import json
import os
import subprocess
import sys
import tempfile


def read_exprs(path):
    items, cur = [], []
    for line in open(path).read().split('\n'):
        if cur:
            cur.append(line)
            if line.strip() == 'EOT':
                items.append('\n'.join(cur))
                cur = []
            continue
        if not line.strip() or line.startswith('#'):
            continue
        if line.strip().startswith('<<'):
            cur = [line]
            continue
        items.append(line)
    return items


def norm(v):
    if isinstance(v, float) and v == int(v):
        return int(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def main():
    mlsweep, terraform, console = sys.argv[1:4]
    items = read_exprs(os.path.join(console, 'exprs.txt'))
    prelude = open(os.path.join(console, 'prelude.tf')).read()
    with tempfile.TemporaryDirectory() as tmp:
        tf_dir, ml_dir = os.path.join(tmp, 'tf'), os.path.join(tmp, 'ml')
        os.makedirs(tf_dir)
        os.makedirs(ml_dir)
        loc = 'locals {\n' + ''.join('  e%d = %s\n' % (i, e)
                                     for i, e in enumerate(items)) + '}\n'
        for d in (tf_dir, ml_dir):
            open(os.path.join(d, 'prelude.tf'), 'w').write(prelude)
            open(os.path.join(d, 'main.tf'), 'w').write(loc)
        open(os.path.join(ml_dir, 'read.tf'), 'w').write(
            'resource "t" "r" {\n' +
            ''.join('  e%d = local.e%d\n' % (i, i) for i in range(len(items)))
            + '}\n')
        p = subprocess.run([mlsweep, 'inspect', '--root', ml_dir, ml_dir],
                           capture_output=True, text=True)
        mine = json.loads(p.stdout)['resources'][0]['attributes']
        env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull,
                   CHECKPOINT_DISABLE='1')
        query = 'jsonencode([%s])\n' % ', '.join('local.e%d' % i
                                                 for i in range(len(items)))
        p = subprocess.run([terraform, 'console'], cwd=tf_dir, input=query,
                           capture_output=True, text=True, env=env,
                           timeout=300)
        if p.returncode != 0 or not p.stdout.strip():
            print('terraform console failed:\n' + p.stderr[-3000:])
            return 1
        # console prints the JSON as an HCL string literal: JSON escapes,
        # and "${" doubled.
        theirs = json.loads(json.loads(p.stdout.strip().replace('$${', '${')))
    bad = 0
    for i, e in enumerate(items):
        m, t = mine.get('e%d' % i), theirs[i]
        if norm(m) != norm(t):
            bad += 1
            print('DIFF %s\n  mlsweep:   %s\n  terraform: %s'
                  % (e, json.dumps(m)[:300], json.dumps(t)[:300]))
    print('%d expressions, %d differ' % (len(items), bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
