import json
import os

import boto3

_runtime = boto3.client("sagemaker-runtime")


def _score(endpoint, rows):
    resp = _runtime.invoke_endpoint(
        EndpointName=endpoint,
        ContentType="application/json",
        Body=json.dumps({"instances": rows}),
    )
    return json.loads(resp["Body"].read())


def handler(event, _context):
    body = json.loads(event.get("body") or "{}")
    result = _score(os.environ["ENDPOINT_NAME"], [body])
    return {"statusCode": 200, "body": json.dumps(result)}


def batch_handler(event, _context):
    body = json.loads(event.get("body") or "{}")
    result = _score(body["endpoint"], body["rows"])
    return {"statusCode": 200, "body": json.dumps(result)}
