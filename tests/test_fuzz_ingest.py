"""Fuzzing ingest: bytes that are almost a valid image or PDF (small samples with bits flipped,
bytes inserted, deleted, overwritten with boundary integers, or cut short) and plain random
bytes, read as an input file (``InputFile`` with the type sniffed from the bytes, as
``read_input`` makes it) and taken through ``iter_pages``. The only exception allowed out is
DocumentError (an error row); every page that comes out is an 8-bit RGB image or text lines.

Each example is parsed in a forked child process under an address-space limit, so a crash in a
C library (Pillow's decoders, MuPDF), a runaway allocation or a hang fails the test and names the
input, instead of killing the test run.

The default run is bounded and the same every time (derandomized, MMBATCH_FUZZ_EXAMPLES=200
examples of mutated samples plus a quarter of that of random bytes; about 10 s). To fuzz for
longer, with a new random seed each run and Hypothesis's example database::

    MMBATCH_FUZZ_EXAMPLES=100000 pytest -q tests/test_fuzz_ingest.py

A failure prints the smallest input found and a ``@reproduce_failure`` line to replay it.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import select
import signal
import struct
import time
import traceback
from pathlib import Path

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.errors import DocumentError  # noqa: E402
from pipeline.ingest.document import IngestOptions, InputFile, iter_pages, sniff  # noqa: E402
import pipeline.ingest.pdf  # noqa: E402,F401 - imported before forking, as the children use it

EXAMPLES = int(os.environ.get("MMBATCH_FUZZ_EXAMPLES", "200"))
LONG = "MMBATCH_FUZZ_EXAMPLES" in os.environ
# small limits: a mutated header may declare any size, and nothing may get past the checks
OPTS = IngestOptions(dpi=72, max_pixels=2_000_000, max_pages=20)
CHILD_SECONDS = 30
CHILD_EXTRA_MEMORY = 2 << 30  # address space a child may add to what the parent has mapped

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
if not LONG:  # nothing written into the working tree (.hypothesis/) by a default run
    import atexit
    import shutil
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    _home = tempfile.mkdtemp(prefix="mmbatch-hypothesis-")
    atexit.register(shutil.rmtree, _home, True)
    set_hypothesis_home_dir(_home)

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG,
                database=settings.default.database if LONG else None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                print_blob=True)


def _samples() -> list:
    """(file name, bytes) of small valid inputs of every supported kind."""
    import pymupdf
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (48, 24), (255, 255, 255))
    ImageDraw.Draw(im).text((2, 6), "Ab 12", fill=(0, 0, 0))

    def save(img, fmt, **kw):
        buf = io.BytesIO()
        img.save(buf, fmt, **kw)
        return buf.getvalue()

    out = [("a.png", save(im, "PNG")), ("a.jpg", save(im, "JPEG", quality=70)),
           ("a.gif", save(im.convert("P"), "GIF", save_all=True,
                          append_images=[im.convert("P").rotate(90)])),
           ("a.tif", save(im, "TIFF", save_all=True, append_images=[im.convert("L")])),
           ("b.tif", save(im.convert("L"), "TIFF", compression="tiff_lzw")),
           ("a.bmp", save(im, "BMP")), ("a.webp", save(im, "WEBP", lossless=True)),
           ("p.png", save(im.convert("P"), "PNG")), ("x.jpg", save(im, "JPEG", exif=b"Exif\0\0"
                                                                  b"II*\0\x08\0\0\0\0\0\0\0\0\0"))]
    doc = pymupdf.open()
    page = doc.new_page(width=120, height=60)
    page.insert_text((10, 30), "Fuzz text layer 42", fontsize=9)
    out.append(("t.pdf", doc.tobytes()))
    out.append(("tz.pdf", doc.tobytes(garbage=4, deflate=True)))
    doc = pymupdf.open()
    page = doc.new_page(width=90, height=60)  # a scan: an image, no text layer
    page.insert_image(page.rect, stream=save(im, "PNG"))
    out.append(("s.pdf", doc.tobytes(deflate=True)))
    return out


SAMPLES = _samples()
INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 100000, 0x7FFFFFFF,
               0x80000000, 0xFFFFFFFF]


@st.composite
def mutated(draw):
    name, seed = draw(st.sampled_from(SAMPLES))
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "byte", "int", "insert", "delete", "truncate",
                                   "duplicate"]))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "byte":
            data[pos] = draw(st.integers(0, 255))
        elif op == "int":
            v = draw(st.sampled_from(INTERESTING))
            fmt = draw(st.sampled_from(["<H", ">H", "<I", ">I"]))
            packed = struct.pack(fmt, v & (0xFFFF if fmt.endswith("H") else 0xFFFFFFFF))
            data[pos:pos + len(packed)] = packed
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[pos:]
        else:
            n = draw(st.integers(1, 256))
            data[pos:pos] = data[pos:pos + n]
    return name, bytes(data)


@st.composite
def random_input(draw):
    ext = draw(st.sampled_from([".png", ".jpg", ".tif", ".gif", ".bmp", ".webp", ".pdf"]))
    head = draw(st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00",
                                 b"MM\x00*", b"GIF89a", b"BM", b"RIFF\0\0\0\0WEBPVP8L",
                                 b"%PDF-1.7\n"]))
    return "r" + ext, head + draw(st.binary(max_size=2048))


def _ingest(name: str, data: bytes):
    """What the child does: ("ok", summary) or ("DocumentError", message) or
    (exception type, traceback)."""
    f = InputFile(Path(name), data, hashlib.sha256(data).hexdigest(), sniff(data))
    try:
        pages = 0
        for p in iter_pages(f, OPTS):
            if p.image is not None:
                img = p.image
                assert isinstance(img, np.ndarray) and img.dtype == np.uint8, img.dtype
                assert img.ndim == 3 and img.shape[2] == 3 and img.size > 0, img.shape
            elif p.lines is not None:
                assert all(isinstance(line.text, str) for line in p.lines)
            pages += 1
        return "ok", f"{pages} pages"
    except DocumentError as e:
        return "DocumentError", str(e)


def _vm_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def run_in_child(target, *args, seconds: float = CHILD_SECONDS):
    """target(*args) in a forked child; a signal, a hang or a missing answer is reported as
    ("crash" | "hang", detail)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(r)
            limit = _vm_bytes() + CHILD_EXTRA_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                outcome = target(*args)
            except BaseException as e:  # noqa: BLE001 - reported to the parent
                outcome = (type(e).__name__, "".join(traceback.format_exception(e))[-3000:])
            payload = json.dumps(outcome).encode()
            while payload:
                payload = payload[os.write(w, payload):]
        finally:
            os._exit(0)
    os.close(w)
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return "hang", f"no answer within {seconds:g} s"
            chunk = os.read(r, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "crash", f"killed by signal {os.WTERMSIG(status)}"
    try:
        return tuple(json.loads(b"".join(chunks)))
    except ValueError:
        return "crash", f"no answer (exit status {status})"


def check(name: str, data: bytes) -> None:
    kind, detail = run_in_child(_ingest, name, data)
    assert kind in ("ok", "DocumentError"), f"{name} ({len(data)} bytes): {kind}: {detail}"
    if kind == "DocumentError":
        assert detail.strip(), "a DocumentError without a message"


def test_the_samples_are_valid():
    for name, data in SAMPLES:
        assert run_in_child(_ingest, name, data) == ("ok", "1 pages" if "tif" not in name
                                                     or name == "b.tif" else "2 pages"), name


def _segfault():
    import faulthandler

    faulthandler.disable()  # pytest's handler would print this intended crash's traceback
    os.kill(os.getpid(), signal.SIGSEGV)


def _allocate_too_much():
    return "ok", str(len(bytearray(CHILD_EXTRA_MEMORY + (1 << 30))))


def test_the_harness_reports_errors_crashes_hangs_and_runaway_memory():
    assert run_in_child(_ingest, "x.png", b"") == ("DocumentError", "file is empty (0 bytes)")
    assert run_in_child(_segfault) == ("crash", f"killed by signal {int(signal.SIGSEGV)}")
    assert run_in_child(time.sleep, 5, seconds=0.5) == ("hang", "no answer within 0.5 s")
    assert run_in_child(_allocate_too_much)[0] == "MemoryError"


@FUZZ
@given(mutated())
def test_mutated_samples_give_pages_or_a_document_error(sample):
    check(*sample)


@settings(FUZZ, max_examples=max(10, EXAMPLES // 4))
@given(random_input())
def test_random_bytes_give_a_document_error(sample):
    check(*sample)
