"""One run at a time per dataset on an object store, where there is no ``flock``: a lease.

The lock is the object ``<out>/.mmbatch.lock`` (who holds it, since when, for how long). A run
creates it only if it does not exist, renews it every quarter of the lease while it runs, and
deletes it when it ends. A run killed while holding it stops renewing: once the lease has run
out (``MMBATCH_LOCK_LEASE_SECONDS``, default 60) the next run replaces it (only if it is still
the object that was found stale) and says it took it over. Before each part's commit marker the
writer checks that the lease is still held (``check``): a run whose renewals failed for half a
lease (a network cut) stops instead of committing beside a run that took over.

On S3 every step is a conditional request (``PutObject`` with ``If-None-Match: *`` to create,
``If-Match: <etag>`` to renew or take over, ``DeleteObject`` with ``If-Match`` to release), made
through boto3 (the ``s3`` extra), which reads the standard AWS environment itself. The age of a
lease is the store's clock minus the object's ``Last-Modified`` (no clock of ours is involved).

Elsewhere (gs:// through pyarrow, which has no conditional writes) the lease is written with a
random token, read back after a settling delay, and held only if the token is still ours. That
excludes a second run unless two runs write within the settling delay of each other (1 s), and
ages are measured with this machine's clock against the store's modification times: keep
clocks in sync. This is the documented caveat of gs:// datasets.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Optional, Tuple

from ..errors import EXIT_LOCKED, MmbatchError, UsageError
from .lock import LOCK_NAME, LockedError, holder_text, lock_record

LEASE_ENV = "MMBATCH_LOCK_LEASE_SECONDS"
DEFAULT_LEASE = 60.0
SETTLE_SECONDS = 1.0

Found = Tuple[bytes, str, float]  # (body, etag or token, age in seconds)


class LockLost(MmbatchError):
    exit_code = EXIT_LOCKED


def lease_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get(LEASE_ENV, DEFAULT_LEASE)))
    except ValueError:
        raise UsageError(f"{LEASE_ENV}={os.environ[LEASE_ENV]!r}: expected a number of seconds")


class S3Conditional:
    """The lock object through S3's conditional requests (boto3). An error of the store other
    than a refused condition is an ``OSError`` (the run stops: the dataset cannot be written)."""

    def __init__(self, bucket: str, key: str):
        try:
            import boto3
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError:
            raise UsageError("an s3:// dataset's lock needs boto3 (conditional writes): "
                             "pip install 'boto3>=1.35.70' (or '.[s3]' from a checkout)") from None
        from .storage import boto3_options

        self.client = boto3.client("s3", **boto3_options(os.environ))
        self.errors = (BotoCoreError, ClientError)
        self.bucket, self.key = bucket, key

    def _call(self, method: str, **kw):
        """The response, or None when the store refused the condition (412; 409: a concurrent
        conditional write won) or the object is not there (NoSuchKey; a missing bucket is an
        error)."""
        try:
            return getattr(self.client, method)(Bucket=self.bucket, Key=self.key, **kw)
        except self.errors as e:
            r = getattr(e, "response", None) or {}
            if r.get("ResponseMetadata", {}).get("HTTPStatusCode") in (409, 412) \
                    or r.get("Error", {}).get("Code") == "NoSuchKey":
                return None
            raise OSError(f"s3://{self.bucket}/{self.key}: {e}") from e

    def create(self, body: bytes) -> Optional[str]:
        r = self._call("put_object", Body=body, IfNoneMatch="*")
        return None if r is None else r["ETag"]

    def replace(self, body: bytes, etag: str) -> Optional[str]:
        r = self._call("put_object", Body=body, IfMatch=etag)
        return None if r is None else r["ETag"]

    def read(self) -> Optional[Found]:
        r = self._call("get_object")
        if r is None:
            return None
        date = r["ResponseMetadata"].get("HTTPHeaders", {}).get("date")
        now = parsedate_to_datetime(date) if date else datetime.now(timezone.utc)
        return r["Body"].read(), r["ETag"], (now - r["LastModified"]).total_seconds()

    def delete(self, etag: str) -> None:
        self._call("delete_object", IfMatch=etag)


class ReadBack:
    """The lock object on a store without conditional writes: write, wait, read back."""

    def __init__(self, storage, settle: float = SETTLE_SECONDS):
        self.storage, self.settle = storage, settle

    @staticmethod
    def _token(body: bytes) -> str:
        try:
            return json.loads(body).get("token", "")
        except (ValueError, AttributeError):
            return ""

    def _write_and_confirm(self, body: bytes) -> Optional[str]:
        self.storage.write_bytes(LOCK_NAME, body)
        time.sleep(self.settle)
        found = self.read()
        token = self._token(body)
        return token if found is not None and found[1] == token else None

    def create(self, body: bytes) -> Optional[str]:
        if self.read() is not None:
            return None
        return self._write_and_confirm(body)

    def replace(self, body: bytes, etag: str) -> Optional[str]:
        found = self.read()
        if found is None or found[1] != etag:
            return None
        return self._write_and_confirm(body)

    def read(self) -> Optional[Found]:
        import pyarrow.fs as pafs

        info = self.storage.fs.get_file_info(self.storage.path(LOCK_NAME))
        if info.type != pafs.FileType.File:
            return None
        try:
            body = self.storage.read_bytes(LOCK_NAME)
        except FileNotFoundError:
            return None
        mtime = info.mtime.timestamp() if info.mtime is not None else time.time()
        return body, self._token(body), time.time() - mtime

    def delete(self, etag: str) -> None:
        found = self.read()
        if found is not None and found[1] == etag:
            self.storage.delete(LOCK_NAME)


class LeaseLock:
    """The dataset lock on an object store (see the module's notes); the same interface as the
    local ``DatasetLock``: ``acquire``, ``check``, ``release``, ``took_over``."""

    def __init__(self, storage, store=None, lease: Optional[float] = None):
        self.storage = storage
        self.path = storage.uri(LOCK_NAME)
        if store is None:
            if storage.scheme == "s3":
                store = S3Conditional(storage.bucket, storage.key(LOCK_NAME))
            else:
                store = ReadBack(storage)
        self.store = store
        self.lease = lease_seconds() if lease is None else lease
        self.took_over: Optional[dict] = None
        self.record: Optional[dict] = None
        self.etag: Optional[str] = None
        self.renewed = 0.0  # time.monotonic() of the last write that held
        self.lost: Optional[str] = None
        self._stop = threading.Event()
        self._beat: Optional[threading.Thread] = None
        self._mutex = threading.Lock()

    def _body(self) -> bytes:
        return json.dumps(dict(self.record, renewed=datetime.now(timezone.utc)
                               .strftime("%Y-%m-%dT%H:%M:%SZ"))).encode()

    def acquire(self, run_id: str, wait: bool = False, timeout: Optional[float] = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        self.record = dict(lock_record(run_id), token=secrets.token_hex(16),
                           lease_seconds=self.lease)
        while True:
            t = time.monotonic()
            etag = self.store.create(self._body())
            if etag is None:
                found = self.store.read()
                if found is None:
                    time.sleep(0.05)
                    continue  # released in between
                body, cur, age = found
                try:
                    holder = json.loads(body) or {}
                except ValueError:
                    holder = {}
                lease = float(holder.get("lease_seconds") or self.lease)
                if age > lease:  # its holder stopped renewing: killed, or its machine is gone
                    etag = self.store.replace(self._body(), cur)
                    if etag is not None:
                        self.took_over = holder
                if etag is None:
                    if not wait or (deadline is not None and time.monotonic() > deadline):
                        raise LockedError(
                            f"{self.storage.uri()} is locked by {holder_text(holder)}; lease "
                            f"renewed {age:.0f} s ago, stale after {lease:.0f} s; use --wait "
                            "to wait for it")
                    time.sleep(min(2.0, max(0.2, lease / 10)))
                    continue
            self.etag, self.renewed = etag, t
            break
        self._beat = threading.Thread(target=self._renew_loop, name="mmbatch-lease",
                                      daemon=True)
        self._beat.start()

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.lease / 4):
            t = time.monotonic()
            try:
                with self._mutex:
                    etag = self.store.replace(self._body(), self.etag)
                    if etag is None:
                        self.lost = "another run took the lock over"
                        return
                    self.etag, self.renewed = etag, t
            except Exception:  # a network error: try again at the next beat
                continue

    def check(self) -> None:
        """Raise ``LockLost`` unless the lease is surely still ours."""
        age = time.monotonic() - self.renewed
        if self.lost or age > self.lease / 2:
            why = self.lost or f"the lease was not renewed for {age:.0f} s"
            raise LockLost(f"{self.storage.uri()}: lost the lock ({why}); nothing more is "
                           "committed by this run")

    def release(self) -> None:
        if self.etag is None:
            return
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        try:
            if not self.lost:
                with self._mutex:
                    self.store.delete(self.etag)
        finally:
            self.etag = None
