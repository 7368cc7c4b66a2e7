"""The int8 text detector shipped in the package: chosen on the CPU, part of the cache key, and
finding the same text boxes as the float model on a real page."""
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.engine.manifest import file_sha256, get_spec
from pipeline.engine.registry import create
from pipeline.ocr import OcrOptions

ROOT = Path(__file__).resolve().parents[2]


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ax0, ay0, ax1, ay1 = a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()
    bx0, by0, bx1, by1 = b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()
    iw, ih = max(0.0, min(ax1, bx1) - max(ax0, bx0)), max(0.0, min(ay1, by1) - max(ay0, by0))
    inter = iw * ih
    return inter / ((ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter)


def test_the_shipped_int8_file_is_the_one_the_manifest_names():
    spec = get_spec("ocr_det_int8")
    assert spec.path().is_file() and spec.path().parent.name == "data"
    assert file_sha256(spec.path()) == spec.sha256


def test_auto_takes_int8_on_the_cpu_and_the_choice_is_in_the_cache_key(monkeypatch):
    monkeypatch.delenv("MMBATCH_MODEL_OCR_DET", raising=False)
    auto, fp32 = OcrOptions(device="cpu"), OcrOptions(device="cpu", detector="fp32")
    assert auto.detector_model() == "ocr_det_int8" == OcrOptions(detector="int8").detector_model()
    assert fp32.detector_model() == "ocr_det"
    assert auto.key() != fp32.key()
    assert auto.key() == OcrOptions(device="cpu", detector="int8").key()


def test_a_users_own_detector_file_is_used_under_auto(monkeypatch):
    monkeypatch.setenv("MMBATCH_MODEL_OCR_DET", str(get_spec("ocr_det").path()))
    assert OcrOptions(device="cpu").detector_model() == "ocr_det"


def test_int8_finds_the_boxes_the_float_model_finds_on_a_real_cheque():
    rgb = np.asarray(Image.open(ROOT / "sample_docs" / "cheques" / "cheque_01.png").convert("RGB"))
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    f32 = create("ocr_det", device="cpu", threads=1)(bgr).boxes
    i8 = create("ocr_det", device="cpu", threads=1, model="ocr_det_int8")(bgr).boxes
    assert len(f32) >= 10
    assert abs(len(i8) - len(f32)) <= max(1, len(f32) // 10)
    matched = sum(max(_iou(a, b) for b in i8) >= 0.7 for a in f32)
    assert matched >= 0.9 * len(f32)
