"""One run at a time per local output dataset: an exclusive ``flock`` on the dataset folder
itself, and on ``<out>/.mmbatch.lock``, the file that records who holds it.

The folder's lock is the one that counts: a lock file deleted by hand while a run holds it (the
run keeps its lock on a file no other run can open) would otherwise let a second run create a
fresh file, lock it and destroy the first run's staging. After taking a lock the run checks that
the path still names what it locked (the folder, the file: same inode), and starts again if not.
The file's lock keeps older versions of mmbatch, which lock only the file, out as well; where a
filesystem cannot lock a folder (some network filesystems), the file's lock is the lock.

The kernel drops a flock when its holder dies, so a lock left by a killed run (kill -9, a lost
machine's reboot) is free again: the next run takes it over and says so.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import time
from pathlib import Path
from typing import Optional

from ..errors import MmbatchError, EXIT_LOCKED

LOCK_NAME = ".mmbatch.lock"
# flock on a folder: refused by some network filesystems (NFS emulates flock with POSIX locks,
# which need a descriptor open for writing)
_NO_FOLDER_LOCKS = (errno.EBADF, errno.ENOLCK, errno.EINVAL, errno.EOPNOTSUPP)


class LockedError(MmbatchError):
    exit_code = EXIT_LOCKED


def holder_text(h: dict) -> str:
    """The holder of a lock, for the message a second run prints."""
    if not h:
        return "another run"
    return (f"run {h.get('run_id', '?')} (pid {h.get('pid', '?')} on {h.get('host', '?')}, "
            f"since {h.get('started', '?')})")


def lock_record(run_id: str) -> dict:
    return {"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def _same_inode(path: Path, fd: int) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_ino, st.st_dev) == (own.st_ino, own.st_dev)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class DatasetLock:
    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / LOCK_NAME
        self.fd: Optional[int] = None
        self.dir_fd: Optional[int] = None
        self.took_over: Optional[dict] = None  # the previous holder's record, if it died holding it

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            return {}

    def _try_once(self) -> Optional[bool]:
        """Both locks: True when taken, False when another run holds one, None when a path no
        longer names what was locked (deleted or replaced meanwhile): try again."""
        fds = []
        try:
            dir_fd = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
            fds.append(dir_fd)
            try:
                fcntl.flock(dir_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            except OSError as e:
                if e.errno not in _NO_FOLDER_LOCKS:
                    raise
                fds.remove(dir_fd)
                os.close(dir_fd)
                dir_fd = None  # the file's lock is the lock here
            if dir_fd is not None and not _same_inode(self.out, dir_fd):
                return None
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fds.append(fd)
            if not _try_flock(fd):
                return False
            if not _same_inode(self.path, fd):
                return None
            self.fd, self.dir_fd = fd, dir_fd
            fds.clear()
            return True
        finally:
            for f in fds:
                os.close(f)  # closing a descriptor drops the flock it took

    def acquire(self, run_id: str, wait: bool = False, timeout: Optional[float] = None) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            got = self._try_once()
            if got:
                break
            if got is None:
                continue
            if not wait or (deadline is not None and time.monotonic() > deadline):
                raise LockedError(f"{self.out} is locked by {holder_text(self.holder())}; "
                                  f"use --wait to wait for it")
            time.sleep(0.5)
        previous = self.holder()
        if previous.get("run_id") and not previous.get("released"):
            self.took_over = previous  # its holder died without releasing: a stale lock
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, json.dumps(lock_record(run_id)).encode(), 0)

    def check(self) -> None:
        """A local lock cannot be lost while its descriptors are open."""

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            rec = self.holder()
            rec["released"] = True
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, json.dumps(rec).encode(), 0)
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
            if self.dir_fd is not None:
                os.close(self.dir_fd)
                self.dir_fd = None
