#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/eval/corpus_inspect.py -- `mlsweep inspect` over every Terraform
# module directory of ../shared/corpus/real (issue 4's acceptance): each
# evaluation must finish without a crash, inside a memory bound, print one
# valid JSON document, and print the same bytes when run again. Prints one
# line per repository with its unknown-value counts, the numbers the
# evaluator is judged by (every unknown is one Terraform itself would know
# only at apply time, or one mlsweep could not resolve).
#
# usage: corpus_inspect.py MLSWEEP CORPUS_DIR
# Exit status: 0 when every directory passed, 1 otherwise.
import json
import os
import resource
import subprocess
import sys

# Address space per evaluation when not under ASan (which reserves
# terabytes of it): the model arena is capped at 64 MiB and the loader's
# at 64 MiB, so 1 GiB is far above what a module may use.
MEMORY_BOUND = 1 << 30
TIMEOUT = 120  # seconds per module directory


def asan(binary):
    with open(binary, 'rb') as f:
        return b'__asan_init' in f.read()


def bound_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def module_dirs(repo):
    dirs = set()
    for dp, dns, fns in os.walk(repo):
        dns[:] = sorted(d for d in dns
                        if d not in ('.git', '.terraform', 'node_modules'))
        if any(f.endswith('.tf') or f.endswith('.tf.json') for f in fns):
            dirs.add(dp)
    return sorted(dirs)


def count_unknown(v):
    if isinstance(v, dict):
        if set(v) == {'unknown', 'why'}:
            return 1
        return sum(count_unknown(x) for x in v.values())
    if isinstance(v, list):
        return sum(count_unknown(x) for x in v)
    return 0


def run(binary, args, limit):
    return subprocess.run([binary, 'inspect'] + args, capture_output=True,
                          timeout=TIMEOUT,
                          preexec_fn=bound_memory if limit else None)


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    limit = not asan(binary)
    failed = 0
    total = {'dirs': 0, 'resources': 0, 'unknown': 0, 'deployed': 0}
    for name in sorted(os.listdir(corpus)):
        repo = os.path.join(corpus, name)
        if not os.path.isdir(repo):
            continue
        dirs = module_dirs(repo)
        if not dirs:
            continue
        st = {'dirs': 0, 'resources': 0, 'unknown': 0, 'deployed': 0,
              'diags': 0, 'errors': 0}
        for d in dirs:
            args = ['--root', repo, d]
            p = run(binary, args, limit)
            rel = os.path.relpath(d, corpus)
            if p.returncode not in (0, 2):
                print('FAIL %s: exit %d\n%s' % (rel, p.returncode,
                                                p.stderr.decode()[-2000:]))
                failed += 1
                continue
            try:
                doc = json.loads(p.stdout)
            except ValueError as e:
                print('FAIL %s: output is not JSON (%s)' % (rel, e))
                failed += 1
                continue
            again = run(binary, args, limit)
            if again.stdout != p.stdout:
                print('FAIL %s: a second run printed different bytes' % rel)
                failed += 1
            st['dirs'] += 1
            st['errors'] += p.returncode != 0
            st['resources'] += len(doc['resources'])
            st['unknown'] += doc['unknown_values']
            st['deployed'] += sum(count_unknown(r['attributes'])
                                  for r in doc['resources'] if r['deployed'])
            st['diags'] += len(doc['diagnostics'])
        # --roots: one document per root module, each valid JSON
        p = run(binary, ['--roots', '--root', repo, repo], limit)
        lines = p.stdout.decode().splitlines()
        try:
            roots = [json.loads(line)['root'] for line in lines]
        except (ValueError, KeyError) as e:
            print('FAIL %s --roots: %s' % (name, e))
            failed += 1
            roots = []
        print('%s: %d module dirs, %d roots, %d resources, %d unknown values '
              '(%d in deployed resources), %d diagnostics, %d not evaluated'
              % (name, st['dirs'], len(roots), st['resources'], st['unknown'],
                 st['deployed'], st['diags'], st['errors']))
        for k in total:
            total[k] += st[k]
    print('total: %d module dirs, %d resources, %d unknown values (%d in '
          'deployed resources)' % (total['dirs'], total['resources'],
                                   total['unknown'], total['deployed']))
    if total['dirs'] == 0:
        print('FAIL: no Terraform module directory under %s' % corpus)
        failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
