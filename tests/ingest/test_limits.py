"""The time limit: a render past it is stopped (in the main thread and in another), an outer
limit (the worker's) still goes off at its own time, and nested timers are given back."""
from __future__ import annotations

import signal
import threading
import time

import pymupdf
import pytest

from pipeline.errors import DocumentError, DocumentTimeout
from pipeline.ingest.limits import Limits, time_limit
from pipeline.ingest.render import PageRenderer, Resolution


def letter_pages(n: int) -> bytes:
    doc = pymupdf.open()
    for i in range(n):
        page = doc.new_page(width=612, height=792)
        for y in range(60, 760, 20):
            page.insert_text((40, y), f"Page {i + 1}, line {y}: the quick brown fox jumps over "
                             "the lazy dog 0123456789", fontsize=11)
    return doc.tobytes()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return letter_pages(30)


def test_a_render_past_the_time_limit_is_stopped(pdf):
    t0 = time.perf_counter()
    with PageRenderer(pdf, limits=Limits(timeout=0.3)) as doc:
        done = []
        with pytest.raises(DocumentError, match=r"page \d+: reading and rendering the document "
                                                r"took longer than the limit of 0.3 s "
                                                r"\(--doc-timeout\)"):
            # the pages over and over until the limit is spent (30 renders of these pages took
            # about 1 s alone, but once did not reach 0.3 s in a whole run)
            for k in range(200):
                doc.render(k % 30 + 1, Resolution(dpi=300))
                done.append(k)
                time.sleep(0.05)  # the caller's own time is not the document's
    assert 1 <= len(done) < 200
    assert time.perf_counter() - t0 < 0.3 + 0.05 * len(done) + 1.0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("in_thread", [False, True])
def test_one_long_render_is_stopped_when_it_returns(pdf, in_thread):
    got = []

    def render():  # 0.6 s here, in one MuPDF call
        t0 = time.perf_counter()
        try:
            with PageRenderer(pdf, limits=Limits(timeout=0.05)) as doc:
                got.append(doc.render(1, Resolution(dpi=600)))
        except DocumentError as e:
            got.append(e)
        got.append(time.perf_counter() - t0)

    if in_thread:
        t = threading.Thread(target=render)
        t.start()
        t.join(30)
    else:
        render()
    e, seconds = got
    assert isinstance(e, DocumentError) and "--doc-timeout" in str(e)
    assert seconds > 0.05  # the timer went off during the render, not before it


def test_an_outer_limit_goes_off_at_its_own_time(pdf):
    t0 = time.perf_counter()
    with pytest.raises(DocumentTimeout, match=r"took longer than 0.3 s \(--doc-timeout\)") as e:
        with time_limit(0.3):  # the worker's, for the whole document
            with PageRenderer(pdf, limits=Limits(timeout=100)) as doc:
                for n in range(1, 31):
                    doc.render(n, Resolution(dpi=300))
                    time.sleep(0.05)
    assert not isinstance(e.value, DocumentError)
    assert time.perf_counter() - t0 < 1.5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_nested_timers_are_given_back():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(time.monotonic()))
    try:
        t0 = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # someone's timer that does not raise
        with pytest.raises(DocumentTimeout, match="took longer than 0.5 s"):
            with time_limit(0.5):
                time.sleep(2)
                time.sleep(2)
        assert len(fired) == 1 and 0.15 < fired[0] - t0 < 0.45  # went off at its own time
        assert 0.45 < time.monotonic() - t0 < 1.0  # and ours at ours
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_limit_that_lands_where_python_ignores_it_is_raised_again(monkeypatch, in_thread):
    """The limit's error raised inside a ``__del__`` is printed and dropped by Python; the limit
    raises it again, so the work past its time still stops."""
    ignored = []
    monkeypatch.setattr("sys.unraisablehook", lambda u: ignored.append(u.exc_type))

    class SlowToDelete:
        def __del__(self):
            deadline = time.perf_counter() + 0.5
            while time.perf_counter() < deadline:  # the limit goes off in here
                pass

    got = []

    def work():
        t0 = time.perf_counter()
        try:
            with time_limit(0.1):
                SlowToDelete()  # deleted at once
                while time.perf_counter() - t0 < 3.0:
                    pass
        except DocumentTimeout:
            got.append(time.perf_counter() - t0)

    if in_thread:
        t = threading.Thread(target=work)
        t.start()
        t.join()
    else:
        work()
    assert ignored and all(issubclass(e, DocumentTimeout) for e in ignored)
    assert got and got[0] < 1.5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_outer_limit_that_lands_where_python_ignores_it_is_raised_again(monkeypatch):
    ignored = []
    monkeypatch.setattr("sys.unraisablehook", lambda u: ignored.append(u.exc_type))

    class Outer(DocumentTimeout):
        pass

    class SlowToDelete:
        def __del__(self):
            deadline = time.perf_counter() + 0.5
            while time.perf_counter() < deadline:  # the outer limit goes off in here
                pass

    t0 = time.perf_counter()
    with pytest.raises(Outer):
        with time_limit(0.1, Outer):
            with time_limit(5.0):
                SlowToDelete()
                while time.perf_counter() - t0 < 3.0:
                    pass
    assert ignored == [Outer]
    assert time.perf_counter() - t0 < 1.5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
