#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# tests/sarif/test_checkers.py -- the checkers must be able to fail: a good
# input passes each, and every broken variant is rejected.
import copy
import json
import os
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import check_github  # noqa: E402
import check_openmetrics  # noqa: E402

GOOD_OM = """# TYPE mlsweep_findings gauge
# HELP mlsweep_findings Open findings.
mlsweep_findings{repo="acme/ml-infra",severity="high"} 4
mlsweep_findings{repo="a\\"b\\\\c\\nd",severity="critical"} 0
# TYPE mlsweep_sweep_duration_seconds gauge
# UNIT mlsweep_sweep_duration_seconds seconds
# HELP mlsweep_sweep_duration_seconds Wall-clock time.
mlsweep_sweep_duration_seconds 84.25
# EOF
"""
BAD_OM = {
    "no EOF": GOOD_OM.replace("# EOF\n", ""),
    "stray comment": GOOD_OM.replace("# HELP mlsweep_findings", "# hello\n"
                                     "# HELP mlsweep_findings"),
    "timestamp": GOOD_OM.replace("} 4", "} 4 1700000000"),
    "bad escape": GOOD_OM.replace("\\\\c", "\\c"),
    "repeated labels": GOOD_OM.replace('severity="critical"} 0',
                                       'severity="high"} 0').replace(
        'repo="a\\"b\\\\c\\nd"', 'repo="acme/ml-infra"'),
    "interleaved": GOOD_OM + "",  # filled below
    "unit not suffix": GOOD_OM.replace("UNIT mlsweep_sweep_duration_seconds "
                                       "seconds", "UNIT mlsweep_sweep_"
                                       "duration_seconds bytes"),
    "reserved suffix": GOOD_OM.replace("mlsweep_findings", "mlsweep_x_total"),
    "empty label": GOOD_OM.replace('severity="high"', 'severity=""'),
    "CR": GOOD_OM.replace("\n", "\r\n"),
    "bad number": GOOD_OM.replace("} 4", "} 4,0"),
}
BAD_OM["interleaved"] = GOOD_OM.replace(
    "# EOF\n", 'mlsweep_findings{repo="x",severity="low"} 1\n# EOF\n')

GOOD_SARIF = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {
            "name": "mlsweep", "version": "0.1.0", "semanticVersion": "0.1.0",
            "informationUri": "https://example.com/mlsweep",
            "rules": [{
                "id": "MLS-SM-001", "name": "NotebookDirectInternet",
                "shortDescription": {"text": "Direct internet access"},
                "fullDescription": {"text": "Direct internet access."},
                "help": {"text": "Disable it.", "markdown": "Disable it."},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["security", "sagemaker"],
                               "precision": "high",
                               "security-severity": "8.0"}}]}},
        "automationDetails": {"id": "mlsweep/"},
        "invocations": [{"executionSuccessful": True}],
        "results": [{
            "ruleId": "MLS-SM-001", "ruleIndex": 0, "level": "error",
            "message": {"text": "aws_sagemaker_notebook_instance.nb allows "
                        "direct internet access."},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "infra/ml/main.tf"},
                "region": {"startLine": 2, "startColumn": 3}}}],
            "partialFingerprints": {
                "primaryLocationLineHash": "8b6bbc57411e24fc:1"},
            "fingerprints": {"mlsweep/v1": "0" * 32}}]}]}


def mutate(path, value):
    doc = copy.deepcopy(GOOD_SARIF)
    obj = doc
    for k in path[:-1]:
        obj = obj[k]
    if value is KeyError:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return doc


def with_related(text):
    """GOOD_SARIF's result with message `text` and relatedLocations[1]."""
    doc = copy.deepcopy(GOOD_SARIF)
    res = doc["runs"][0]["results"][0]
    res["message"]["text"] = text
    res["relatedLocations"] = [{"id": 1, "physicalLocation": {
        "artifactLocation": {"uri": "infra/ml/main.tf"},
        "region": {"startLine": 1}}}]
    return doc


RULE = ["runs", 0, "tool", "driver", "rules", 0]
RES = ["runs", 0, "results", 0]
LOC = RES + ["locations", 0, "physicalLocation"]
BAD_SARIF = {
    "numeric security-severity":
        mutate(RULE + ["properties", "security-severity"], 8.0),
    "edge security-severity":
        mutate(RULE + ["properties", "security-severity"], "7.0"),
    "file uri": mutate(LOC + ["artifactLocation", "uri"], "file:///x/main.tf"),
    "git uri": mutate(LOC + ["artifactLocation", "uri"], "git::https://x"),
    "absolute uri": mutate(LOC + ["artifactLocation", "uri"], "/x/main.tf"),
    "empty uri": mutate(LOC + ["artifactLocation", "uri"], ""),
    "dotdot uri": mutate(LOC + ["artifactLocation", "uri"], "a/../main.tf"),
    "space in uri": mutate(LOC + ["artifactLocation", "uri"], "a b/main.tf"),
    "startLine 0": mutate(LOC + ["region", "startLine"], 0),
    "no line hash": mutate(RES + ["partialFingerprints"], KeyError),
    "no mlsweep fingerprint": mutate(RES + ["fingerprints"], {}),
    "bad ruleIndex": mutate(RES + ["ruleIndex"], 1),
    "bad level": mutate(RES + ["level"], "critical"),
    "suppressions": mutate(RES + ["suppressions"],
                           [{"kind": "inSource", "status": "accepted"}]),
    "no help markdown": mutate(RULE + ["help"], {"text": "x"}),
    "long description": mutate(RULE + ["fullDescription"], {"text": "x" * 1025}),
    "no precision": mutate(RULE + ["properties", "precision"], KeyError),
    "category without slash": mutate(["runs", 0, "automationDetails", "id"],
                                     "mlsweep"),
    "two runs": mutate(["runs"], GOOD_SARIF["runs"] * 2),
    "no executionSuccessful": mutate(["runs", 0, "invocations"], [{}]),
    "link to no relatedLocation": mutate(
        RES + ["message", "text"], "Declared [here](1)."),
    "unescaped bracket beside a link": with_related(
        'module.m["a"]: declared [here](1).'),
    "relatedLocation startLine 0": mutate(
        RES + ["relatedLocations"],
        [{"id": 1, "physicalLocation": {
            "artifactLocation": {"uri": "infra/ml/main.tf"},
            "region": {"startLine": 0}}}]),
}


def main():
    bad = 0
    if check_openmetrics.check(GOOD_OM):
        print("good OpenMetrics rejected:", check_openmetrics.check(GOOD_OM))
        bad += 1
    for name, text in BAD_OM.items():
        if not check_openmetrics.check(text):
            print(f"OpenMetrics checker accepted: {name}")
            bad += 1
    from jsonschema import Draft4Validator, FormatChecker
    schema = os.path.join(here, "..", "..", "..", "shared", "schemas",
                          "sarif-schema-2.1.0.json")
    validator = Draft4Validator(json.load(open(schema)),
                                format_checker=FormatChecker())
    with tempfile.TemporaryDirectory() as tmp:
        def run(doc):
            p = os.path.join(tmp, "x.sarif")
            with open(p, "w") as f:
                json.dump(doc, f)
            return check_github.check_file(p, False, validator)
        for good in (GOOD_SARIF,
                     with_related('module.m\\["a"\\]: declared [here](1).')):
            if run(good):
                print("good SARIF rejected:", run(good))
                bad += 1
        for name, doc in BAD_SARIF.items():
            if not run(doc):
                print(f"SARIF checker accepted: {name}")
                bad += 1
    print(f"test_checkers.py: {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
