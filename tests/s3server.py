"""A real S3 API on loopback for the object-store tests: moto's server on 127.0.0.1 (a free
port), reached through the standard AWS environment variables, one fresh bucket per test."""
from __future__ import annotations

import logging
import os
import secrets
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """A new bucket; ``url`` is a dataset URL in it, ``env`` the environment for a child."""
    import boto3

    for k in ("AWS_ENDPOINT_URL_S3", "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(k, raising=False)
    env = {"AWS_ENDPOINT_URL": s3_endpoint, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    bucket = "mmbatch-" + secrets.token_hex(4)
    client = boto3.client("s3")
    client.create_bucket(Bucket=bucket)

    def keys(prefix: str = "") -> list:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return sorted(o["Key"] for p in pages for o in p.get("Contents", []))

    return SimpleNamespace(bucket=bucket, url=f"s3://{bucket}/prefix", client=client,
                           keys=keys, env=dict(os.environ))
