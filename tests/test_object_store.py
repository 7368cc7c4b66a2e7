"""Datasets on an object store (s3://), against a real S3 API on loopback (moto's server), with
the standard AWS environment variables: runs read back whole and each input once, a run killed
in the middle of a commit leaves nothing a reader sees, and one run at a time."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from s3server import s3, s3_endpoint  # noqa: F401,F811 (fixtures)
from test_warehouse import RUNNER, make_docs, wait_for
from pipeline.cli import main
from pipeline.output.read import committed, latest


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("docs")
    make_docs(d, 3)
    return d


def _extract(docs, url, *extra):
    return CliRunner().invoke(main, ["extract", str(docs), "--out", url, "--workers", "1",
                                     "--no-cache", *extra])


def _whole_and_once(url: str, n: int) -> None:
    docs_t = latest(url, "documents").to_pylist()
    ids = [d["document_id"] for d in docs_t]
    assert len(ids) == n and len(set(ids)) == n and {d["status"] for d in docs_t} == {"ok"}
    lines = committed(url, "lines").to_pylist()
    keys = [(l["document_id"], l["page"], l["line_no"]) for l in lines]
    assert len(keys) == len(set(keys)) and {l["document_id"] for l in lines} == set(ids)


def test_extract_to_s3_twice_reads_back_whole_each_input_once(docs, s3):
    r = _extract(docs, s3.url)
    assert r.exit_code == 0, r.output
    assert f"-> {s3.url} (run " in r.stderr
    r = _extract(docs, s3.url)
    assert r.exit_code == 0, r.output
    assert "mmbatch: 0 documents" in r.stderr and "3 already in the dataset" in r.stderr
    _whole_and_once(s3.url, 3)
    assert committed(s3.url, "documents").num_rows == 3
    keys = s3.keys()
    assert len([k for k in keys if k.startswith("prefix/runs/")]) == 2
    assert "prefix/.mmbatch.lock" not in keys  # released
    assert not [k for k in keys if "_staging" in k or k.endswith(".tmp")]
    staging = Path(tempfile.gettempdir()) / "mmbatch-staging"
    assert not staging.exists() or not [d for d in staging.iterdir() if d.name.startswith("2")
                                        and (d / "documents.parquet").exists()]


def _start(docs, url, env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUNNER, str(docs), url], env=env,
                            start_new_session=True)


def test_a_run_killed_during_a_commit_leaves_no_partial_part_and_the_next_run_finishes(
        docs, s3, tmp_path):
    env = dict(s3.env, MMBATCH_TEST_COMMIT_PAUSE="30", MMBATCH_LOCK_LEASE_SECONDS="2")
    p = _start(docs, s3.url, env)
    try:
        # the first part's pages file went in; its lines, fields and documents (the marker) not
        assert wait_for(lambda: any(k.startswith("prefix/pages/") for k in s3.keys()), 180)
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    keys = s3.keys()
    assert not [k for k in keys if k.startswith("prefix/documents/")]
    assert committed(s3.url, "pages").num_rows == 0 and latest(s3.url, "pages").num_rows == 0
    # the README's DuckDB views over a copy of the bucket see no row of the part either
    import duckdb

    from pipeline.output.sql import duckdb_views

    local = tmp_path / "copy"
    for k in keys:
        dest = local / k[len("prefix/"):]
        dest.parent.mkdir(parents=True, exist_ok=True)
        s3.client.download_file(s3.bucket, k, str(dest))
    con = duckdb.connect()
    con.execute(duckdb_views(str(local), tables=("pages",)))
    assert con.execute("select count(*) from pages").fetchone() == (0,)
    # the next run waits out the dead run's lease, takes the lock over, removes the part's
    # files and processes everything
    time.sleep(2.5)
    r = _extract(docs, s3.url, "--wait")
    assert r.exit_code == 0, r.output
    assert "took over the lock of a run that died" in r.stderr
    assert "removed what a killed run left: pages/run_date=" in r.stderr
    _whole_and_once(s3.url, 3)
    assert committed(s3.url, "pages").num_rows == 3


def test_two_runs_at_once_one_is_locked_out_or_waits(docs, s3):
    env = dict(s3.env, MMBATCH_TEST_COMMIT_PAUSE="1")
    p = _start(docs, s3.url, env)
    try:
        assert wait_for(lambda: "prefix/.mmbatch.lock" in s3.keys(), 60)
        r = _extract(docs, s3.url)
        assert r.exit_code == 3, r.output
        assert "is locked by run" in r.stderr and "use --wait" in r.stderr
        r = _extract(docs, s3.url, "--wait")  # runs when the first one is done
        assert r.exit_code == 0, r.output
        assert p.wait(timeout=120) == 0
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    assert "3 already in the dataset" in r.stderr
    _whole_and_once(s3.url, 3)


def test_compact_on_s3_keeps_the_latest_rows(s3):
    from synthetic import COLS, _rows, make_dataset
    from pipeline.output.compact import compact

    make_dataset(s3.url)
    before = {t: _rows(latest(s3.url, t).to_pylist(), c) for t, c in COLS.items()}

    def objects():  # pyarrow leaves an empty "folder/" object where it deleted a folder's last
        return [k for k in s3.keys() if not k.endswith("/")]  # file: nothing reads it

    n = len(objects())
    s = compact(s3.url, grace=0)
    assert s.rows_after < s.rows_before and len(objects()) < n
    for t, c in COLS.items():
        assert _rows(latest(s3.url, t).to_pylist(), c) == before[t]
        assert _rows(committed(s3.url, t).to_pylist(), c) == before[t]
    assert not [k for k in objects() if "_compaction" in k or k.endswith(".mmbatch.lock")]


def test_a_bucket_that_does_not_exist_is_a_usage_error(docs, s3):
    r = _extract(docs, f"s3://{s3.bucket}-missing/prefix")
    assert r.exit_code == 2, r.output
    assert f"--out s3://{s3.bucket}-missing/prefix: cannot be written" in r.stderr
    assert "NoSuchBucket" in r.stderr
