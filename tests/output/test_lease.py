"""The lease lock of object-store datasets, against a real S3 API (moto's server on loopback):
through S3's conditional writes, and through write-and-read-back (the gs:// way) on the same
bucket."""
from __future__ import annotations

import threading
import time

import pytest

from s3server import s3, s3_endpoint  # noqa: F401,F811 (fixtures)
from pipeline.output.lease import LeaseLock, LockLost, ReadBack
from pipeline.output.lock import LockedError
from pipeline.output.storage import open_storage


def _lock(url: str, how: str, lease: float = 30.0) -> LeaseLock:
    st = open_storage(url)
    return LeaseLock(st, store=ReadBack(st, settle=0.2) if how == "readback" else None,
                     lease=lease)


@pytest.mark.parametrize("how", ["conditional", "readback"])
def test_one_holder_at_a_time_and_free_after_release(s3, how):
    a = _lock(s3.url, how)
    a.acquire("r1")
    with pytest.raises(LockedError, match=r"s3://.*/prefix is locked by run r1 .*use --wait"):
        _lock(s3.url, how).acquire("r2")
    a.check()
    a.release()
    assert "prefix/.mmbatch.lock" not in s3.keys()
    b = _lock(s3.url, how)
    b.acquire("r2")
    assert b.took_over is None
    b.release()


@pytest.mark.parametrize("how", ["conditional", "readback"])
def test_a_dead_holders_lease_runs_out_and_is_taken_over(s3, how):
    a = _lock(s3.url, how, lease=2.0)
    a.acquire("r1")
    a._stop.set()  # a killed run: it stops renewing and never releases
    a._beat.join()
    with pytest.raises(LockedError):
        _lock(s3.url, how, lease=2.0).acquire("r2")
    time.sleep(3.5)
    b = _lock(s3.url, how, lease=2.0)
    b.acquire("r2")
    assert b.took_over["run_id"] == "r1"
    with pytest.raises(LockLost, match="lost the lock"):
        a.check()  # the old holder, were it alive, would commit nothing more
    b.release()


def test_renewals_keep_a_long_run_holding_it(s3):
    a = _lock(s3.url, "conditional", lease=1.2)
    a.acquire("r1")
    time.sleep(3.0)  # several leases: renewed every quarter
    a.check()
    with pytest.raises(LockedError):
        _lock(s3.url, "conditional", lease=1.2).acquire("r2")
    a.release()


def test_wait_takes_it_when_the_holder_releases(s3):
    a = _lock(s3.url, "conditional")
    a.acquire("r1")
    threading.Timer(1.0, a.release).start()
    b = _lock(s3.url, "conditional")
    t0 = time.monotonic()
    b.acquire("r2", wait=True, timeout=30)
    assert time.monotonic() - t0 >= 0.9 and b.took_over is None
    b.release()


def test_a_missing_bucket_is_an_error_not_a_wait(s3):
    with pytest.raises(OSError, match="NoSuchBucket"):
        _lock(f"s3://{s3.bucket}-missing/prefix", "conditional").acquire("r1")


def test_gs_datasets_take_the_read_back_lease():
    st = open_storage("gs://bucket/a/b")  # no request is made
    assert st.uri("runs/r.json") == "gs://bucket/a/b/runs/r.json"
    assert isinstance(LeaseLock(st).store, ReadBack)
