"""Limits on one document's work: its pixels (--max-pixels) and its time (--doc-timeout), with
their defaults, and the timer that stops work running past its time."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional, Type

from ..errors import DocumentTimeout

DEFAULT_MAX_PIXELS = 150_000_000   # a page, or an image a page draws
DEFAULT_DOC_TIMEOUT = 3600.0       # seconds per document
RERAISE = 0.05                     # seconds between raises of a time limit's error


@dataclass(frozen=True)
class Limits:
    max_pixels: int = DEFAULT_MAX_PIXELS
    timeout: Optional[float] = DEFAULT_DOC_TIMEOUT  # None or 0: no limit

    @classmethod
    def of(cls, ingest) -> "Limits":
        """The limits an ``IngestOptions`` sets."""
        return cls(ingest.max_pixels, ingest.doc_timeout)


@contextmanager
def time_limit(seconds: Optional[float], error: Type[DocumentTimeout] = DocumentTimeout):
    """Raise ``error(seconds)`` in this thread once ``seconds`` have passed. In a process's main
    thread it is a SIGALRM timer; in another thread (a Dask worker runs tasks in a thread pool) a
    timer thread raises it asynchronously in this one. Either way Python raises it between
    bytecodes, so one long C call (a huge MuPDF render, one onnxruntime run) is interrupted when
    it returns; --max-pixels bounds those, and the driver stops a worker that is still stuck
    well after the limit. None or 0: no limit.

    Limits nest: a timer already running (an outer limit) still goes off at its own time, with
    its own handler, and is given back what is left of it afterwards.

    Where the error lands in code whose exceptions Python ignores (a ``__del__``, a weakref
    callback: it is printed as "Exception ignored" and the work goes on), it is raised again
    every RERAISE seconds until it reaches the work."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        with _thread_time_limit(seconds, error):
            yield
        return

    t0 = time.monotonic()
    deadline = t0 + seconds
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_due = [t0 + outer_delay if outer_delay else None]
    outer_went = [False]

    def on_alarm(signum, frame):
        now = time.monotonic()
        if now < deadline and (outer_went[0]
                               or outer_due[0] is not None and outer_due[0] <= now):
            # the outer timer's moment (or its error raised again): its handler runs (and may
            # raise); ours waits on
            outer_due[0], outer_went[0] = None, True
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, deadline - now))
            if callable(outer_handler):
                outer_handler(signum, frame)
            return
        signal.setitimer(signal.ITIMER_REAL, RERAISE)  # again, should this one be swallowed
        raise error(seconds)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_delay or seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler installed outside Python, which cannot be put back; the default then
        signal.signal(signal.SIGALRM, signal.SIG_DFL if outer_handler is None else outer_handler)
        if outer_due[0] is not None:  # the outer timer has not gone off: give back what is left
            left = max(1e-3, outer_due[0] - time.monotonic())
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
        elif outer_delay and outer_interval:  # it went off and repeats
            signal.setitimer(signal.ITIMER_REAL, outer_interval, outer_interval)


@contextmanager
def _thread_time_limit(seconds: float, error: Type[DocumentTimeout] = DocumentTimeout):
    import ctypes

    exc = type(error.__name__ + "Async", (error,),
               {"__init__": lambda self: error.__init__(self, seconds)})
    target = threading.get_ident()
    lock = threading.Lock()
    stop = threading.Event()

    def fire() -> None:  # again every RERAISE s, should one land where it is ignored
        wait = seconds
        while not stop.wait(wait):
            with lock:
                if stop.is_set():
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(exc))
            wait = RERAISE

    timer = threading.Thread(target=fire, daemon=True, name="time-limit")
    timer.start()
    try:
        yield
    finally:
        with lock:
            stop.set()
            # one raised again while the first was on its way: it must not outlive the limit
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
