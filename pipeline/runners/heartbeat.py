"""Progress for operators who cannot see a progress bar (cron, a log file, a log shipper): a
``progress`` log event every few seconds, from a thread of its own, so a long document does not
leave the log silent."""
from __future__ import annotations

import threading
import time
from typing import Callable


class Heartbeat:
    def __init__(self, every: float, total: int, summary, log: Callable[[str, dict], None]):
        self.every, self.total, self.summary, self.log = every, total, summary, log
        self.t0 = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mmbatch-heartbeat", daemon=True)
        self._thread.start()

    def state(self) -> dict:
        s = self.summary
        done = s.documents + s.already_done + s.duplicates
        elapsed = time.monotonic() - self.t0
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else None
        return {"done": done, "total": self.total, "errors": s.errors, "pages": s.pages,
                "elapsed_seconds": round(elapsed, 1), "docs_per_second": round(rate, 3),
                "eta_seconds": None if eta is None else round(eta, 1)}

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.log("progress", self.state())

    def stop(self) -> None:
        self._stop.set()
