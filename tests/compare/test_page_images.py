"""Compare's page images: a page the renderer refuses (it draws a 40000x40000 image) is a note
for that page, found at once; the other pages get their signatures."""
from __future__ import annotations

import hashlib
import time

import numpy as np

from conftest import SAMPLES, huge_image_pdf
from pipeline.compare import signals
from pipeline.compare.pages import PageItem
from pipeline.engine.cache import Cache


class FakeEncoder:
    def key(self):
        return {"fake": 1}

    def __call__(self, batch):
        return np.ones((len(batch), 8), np.float32) / np.sqrt(8)


def item(path, file_type, text) -> PageItem:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return PageItem(sha, str(path), 1, file_type, text)


def test_a_refused_page_is_a_note_and_the_others_go_on(tmp_path):
    bad = item(huge_image_pdf(tmp_path / "huge_image.pdf"), "pdf", "Invoice 4711 with a text layer")
    good = item(SAMPLES / "cheques" / "cheque_05.png", "png", "PAY TO THE ORDER OF")
    notes = []
    t0 = time.perf_counter()
    sig = signals.compute([bad, good], Cache(tmp_path / "cache"), FakeEncoder(), FakeEncoder(),
                          on_error=lambda it, msg: notes.append((it.path, msg)))
    assert time.perf_counter() - t0 < 5
    assert notes == [(bad.path, "page 1 holds an image of 40000x40000 = 1,600 megapixels, over "
                                "the limit of 150 (--max-pixels)")]
    assert sig.has_image.tolist() == [False, True]
    assert sig.computed["image"] == 1
