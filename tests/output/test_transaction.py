"""DatasetTransaction: lock, recover, stage, commit; and the writer's row-key check."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from pipeline.output.lock import LockedError
from pipeline.output.schemas import TABLES
from pipeline.output.transaction import DatasetTransaction

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def _doc(run_id: str, name: str) -> dict:
    return {"run_id": run_id, "run_ts": NOW, "document_id": name * 8, "path": f"{name}.png",
            "status": "ok"}


def _page(run_id: str, name: str) -> dict:
    return {"run_id": run_id, "run_ts": NOW, "document_id": name * 8, "path": f"{name}.png",
            "page": 1}


def test_commit_writes_parts_and_the_manifest_and_releases_the_lock(tmp_path):
    with DatasetTransaction(tmp_path, "r1", NOW) as tx:
        tx.add("documents", [_doc("r1", "a")])
        tx.commit_part()
        tx.add("documents", [_doc("r1", "b")])
        tx.commit({"run_id": "r1"})
    assert len(list(tmp_path.glob("documents/run_date=2026-12-01/part-r1-*.parquet"))) == 2
    assert json.loads((tmp_path / "runs" / "r1.json").read_text())["parts"] == 2
    assert not (tmp_path / "_staging").exists()
    assert json.loads((tmp_path / ".mmbatch.lock").read_text())["released"] is True


def test_an_exception_keeps_committed_parts_drops_the_staged_one_and_releases_the_lock(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with DatasetTransaction(tmp_path, "r1", NOW) as tx:
            tx.add("documents", [_doc("r1", "a")])
            tx.commit_part()
            tx.add("documents", [_doc("r1", "b")])
            raise KeyboardInterrupt
    assert len(list(tmp_path.glob("documents/**/*.parquet"))) == 1
    assert not list(tmp_path.glob("_staging/*")) and not (tmp_path / "runs").exists()
    # the lock is free: the next run takes it without waiting
    with DatasetTransaction(tmp_path, "r2", NOW) as tx:
        tx.commit({})


def test_a_second_transaction_is_locked_out(tmp_path):
    with DatasetTransaction(tmp_path, "r1", NOW):
        with pytest.raises(LockedError, match="is locked by run r1"):
            with DatasetTransaction(tmp_path, "r2", NOW):
                pass


def test_recover_removes_what_a_killed_run_left_and_says_so(tmp_path):
    staging = tmp_path / "_staging" / "dead"
    staging.mkdir(parents=True)
    (staging / "lines.parquet").write_bytes(b"half")
    events = []
    with DatasetTransaction(tmp_path, "r1", NOW, log=lambda e, d: events.append((e, d))) as tx:
        tx.commit({})
    assert events == [("recovered", {"removed": ["_staging/dead"]})]


def test_a_row_key_that_is_not_a_column_fails_loudly(tmp_path):
    with DatasetTransaction(tmp_path, "r1", NOW) as tx:
        with pytest.raises(ValueError, match=r"documents: no such column \['stauts'\]"):
            tx.add("documents", [dict(_doc("r1", "a"), stauts="ok")])
        with pytest.raises(ValueError, match="no table 'answers'"):
            tx.add("answers", [{}])
        assert set(tx.tables) == set(TABLES)


def test_an_out_that_cannot_be_made_is_a_usage_error(tmp_path):
    from pipeline.errors import UsageError

    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="--out .*file/out: cannot be written"):
        with DatasetTransaction(tmp_path / "file" / "out", "r1", NOW):
            pass


def test_a_lock_file_deleted_by_hand_does_not_let_a_second_run_in(tmp_path):
    with DatasetTransaction(tmp_path, "r1", NOW) as tx:
        tx.add("documents", [_doc("r1", "a")])
        (tmp_path / ".mmbatch.lock").unlink()
        with pytest.raises(LockedError, match="is locked by another run"):
            with DatasetTransaction(tmp_path, "r2", NOW):
                pass
        (tmp_path / ".mmbatch.lock").write_text("{}")  # replaced: still not the lock that counts
        with pytest.raises(LockedError):
            with DatasetTransaction(tmp_path, "r2", NOW):
                pass
        assert (tmp_path / "_staging" / "r1").is_dir()  # the first run's staging is untouched
        tx.commit({})
    assert len(list(tmp_path.glob("documents/**/*.parquet"))) == 1
    with DatasetTransaction(tmp_path, "r3", NOW) as tx:  # free again
        tx.commit({})


def test_a_failed_manifest_write_leaves_no_staging_and_no_temporary_manifest(tmp_path,
                                                                             monkeypatch):
    import os

    from pipeline.output import storage

    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("r1.json"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(storage.os, "replace", replace)
    with pytest.raises(OSError, match="No space"):
        with DatasetTransaction(tmp_path, "r1", NOW) as tx:
            tx.add("documents", [_doc("r1", "a")])
            tx.commit({"run_id": "r1"})
    assert not (tmp_path / "_staging").exists()
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == []
    assert json.loads((tmp_path / ".mmbatch.lock").read_text())["released"] is True
    assert len(list(tmp_path.glob("documents/**/*.parquet"))) == 1  # the part was committed


def test_a_part_that_fails_before_its_marker_is_taken_out_again(tmp_path, monkeypatch):
    from pipeline.output.storage import LocalStorage

    real = LocalStorage.move_in

    def move_in(self, local, rel):
        if rel.startswith("documents/") and rel.endswith("-1.parquet"):
            raise OSError(5, "Input/output error")
        return real(self, local, rel)

    monkeypatch.setattr(LocalStorage, "move_in", move_in)
    with pytest.raises(OSError, match="Input/output"):
        with DatasetTransaction(tmp_path, "r1", NOW) as tx:
            tx.add("documents", [_doc("r1", "a")])
            tx.add("pages", [_page("r1", "a")])
            tx.commit_part()
            tx.add("documents", [_doc("r1", "b")])
            tx.add("pages", [_page("r1", "b")])
            tx.commit({"run_id": "r1"})
    files = sorted(p.relative_to(tmp_path).as_posix().split("/")[0] + "/" + p.name
                   for p in tmp_path.glob("*/run_date=*/*.parquet"))
    assert files == [f"{t}/part-r1-0.parquet" for t in ("documents", "fields", "lines", "pages")]
    assert not (tmp_path / "_staging").exists() and not (tmp_path / "runs").exists()


def test_s3_options_come_from_the_standard_environment():
    from pipeline.output.storage import boto3_options, s3_options

    env = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_REGION": "eu-west-1"}
    assert s3_options(env) == {"allow_delayed_open": True, "endpoint_override": "127.0.0.1:9000",
                               "scheme": "http", "region": "eu-west-1"}
    assert boto3_options(env) == {"endpoint_url": "http://127.0.0.1:9000",
                                  "region_name": "eu-west-1"}
    env = {"AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "https://s3.example",
           "AWS_DEFAULT_REGION": "us-east-2"}
    assert s3_options(env)["endpoint_override"] == "s3.example"
    assert s3_options(env)["scheme"] == "https" and s3_options(env)["region"] == "us-east-2"
