"""The VLM's page images: a page the renderer refuses (it draws a 40000x40000 image) makes its
file a failure, found at once; the other inputs are still asked about."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from conftest import huge_image_pdf
from pipeline.ingest.document import IngestOptions
from pipeline.vlm.ask import load_images
from pipeline.vlm.spec import VlmOptions

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def test_a_refused_page_fails_its_file_and_the_others_go_on(tmp_path):
    huge_image_pdf(tmp_path / "a_huge_image.pdf")
    shutil.copy(SAMPLES / "cheques" / "cheque_02.jpg", tmp_path / "b_cheque.jpg")
    t0 = time.perf_counter()
    images, failed = load_images([str(tmp_path)], VlmOptions("ollama:gemma3"), IngestOptions())
    assert time.perf_counter() - t0 < 5
    assert [Path(a.path).name for a in images] == ["b_cheque.jpg"]
    (msg,) = failed
    assert msg.endswith("a_huge_image.pdf: page 1 holds an image of 40000x40000 = 1,600 "
                        "megapixels, over the limit of 150 (--max-pixels)")
