"""One run at a time per output dataset: an exclusive ``flock`` on ``<out>/.mmbatch.lock``.

The kernel drops a flock when its holder dies, so a lock left by a killed run (kill -9, a lost
machine's reboot) is free again: the next run takes it over and says so. The file records who
holds it, for the message a second run prints.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from pathlib import Path
from typing import Optional

from ..errors import MmbatchError, EXIT_LOCKED

LOCK_NAME = ".mmbatch.lock"


class LockedError(MmbatchError):
    exit_code = EXIT_LOCKED


class DatasetLock:
    def __init__(self, out: Path):
        self.path = Path(out) / LOCK_NAME
        self.fd: Optional[int] = None
        self.took_over: Optional[dict] = None  # the previous holder's record, if it died holding it

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            return {}

    def acquire(self, run_id: str, wait: bool = False, timeout: Optional[float] = None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() > deadline):
                    h = self.holder()
                    os.close(fd)
                    who = (f"run {h.get('run_id', '?')} (pid {h.get('pid', '?')} on "
                           f"{h.get('host', '?')}, since {h.get('started', '?')})") if h else "another run"
                    raise LockedError(f"{self.path.parent} is locked by {who}; "
                                      f"use --wait to wait for it")
                time.sleep(0.5)
        previous = self.holder()
        if previous.get("run_id") and not previous.get("released"):
            self.took_over = previous  # its holder died without releasing: a stale lock
        record = {"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(),
                  "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        rec = self.holder()
        rec["released"] = True
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, json.dumps(rec).encode(), 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
