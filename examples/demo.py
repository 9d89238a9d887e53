#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# examples/demo.py -- the evaluation half of `make demo`.
#
# Runs `mlsweep inspect` on two repositories of the example org and prints
# what evaluation decides, per environment: the values a rule will see for
# the settings that matter on SageMaker notebooks and Bedrock agents, which
# resources are deployed at all, and what stays unknown (with why) instead
# of being guessed. The rule engine is not written yet; this shows its
# input. Python 3 standard library only.
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def inspect(mlsweep, *args):
    p = subprocess.run([mlsweep, "inspect", "--format", "json", *args],
                       cwd=HERE, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("mlsweep inspect %s failed (%d): %s"
                 % (" ".join(args), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)


def show(v, absent):
    """A value as a rule sees it: the value, absent, or unknown and why."""
    if v is None:
        return absent
    if isinstance(v, dict) and "unknown" in v:
        if v["unknown"] and "after" in v["why"]:
            # Set, to a value that exists only once deployed: a reference.
            return "set: %s" % v["unknown"]
        return "unknown: %s" % v["why"]
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        return "set {%s}" % ", ".join(v)
    return json.dumps(v)


def table(rows, head):
    widths = [max(len(str(r[i])) for r in rows + [head])
              for i in range(len(head))]
    for r in [head] + rows:
        print(("  " + "  ".join(str(c).ljust(w)
                                for c, w in zip(r, widths))).rstrip())


def main():
    mlsweep = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                              else os.path.join(HERE, "..", "build", "mlsweep"))

    print("\n== SageMaker notebooks in org/sagemaker-platform, per --env ==")
    print("   (direct_internet_access is \"Enabled\" when absent: the provider"
          " default)")
    models = {env: inspect(mlsweep, "--env", env, "org/sagemaker-platform")
              for env in ("dev", "prod")}
    models["(none)"] = inspect(mlsweep, "org/sagemaker-platform")
    rows = []
    for r in models["prod"]["resources"]:
        if r["type"] != "aws_sagemaker_notebook_instance":
            continue
        row = [r["address"]]
        for env in ("dev", "prod", "(none)"):
            same = [x for x in models[env]["resources"]
                    if x["address"] == r["address"]]
            a = same[0]["attributes"] if same else {}
            row.append(show(a.get("direct_internet_access"),
                            "absent => Enabled"))
        rows.append(row)
    table(rows, ["notebook", "--env dev", "--env prod", "no --env"])
    for env in ("dev", "prod"):
        m = models[env]
        print("  --env %s: %d resources, %d reference edges, %d unknown values"
              % (env, len(m["resources"]), len(m["edges"]),
                 m["unknown_values"]))

    print("\n== Bedrock agents in org/bedrock-agents, per parameters file ==")
    tpl = "org/bedrock-agents/support-agent.yaml"
    for env in ("dev", "prod"):
        m = inspect(mlsweep, "--params-file",
                    "org/bedrock-agents/params/%s.json" % env, tpl)
        rows = []
        for r in m["resources"]:
            if r["type"] not in ("AWS::Bedrock::Agent",
                                 "AWS::Bedrock::AgentAlias"):
                continue
            a = r["attributes"]
            agent = r["type"] == "AWS::Bedrock::Agent"
            rows.append([r["address"], r["type"].split("::")[-1],
                         "yes" if r["deployed"] else "no (Condition false)",
                         show(a.get("CustomerEncryptionKeyArn"),
                              "absent => AWS-owned key") if agent else "-",
                         show(a.get("GuardrailConfiguration"), "absent")
                         if agent else "-"])
        print("  params/%s.json:" % env)
        table(rows, ["resource", "type", "deployed",
                     "CustomerEncryptionKeyArn", "GuardrailConfiguration"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
