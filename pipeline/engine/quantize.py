"""How the shipped int8 text detector was made from the float one (``ocr_det_int8`` in the
manifest, ``pipeline/models/data/PP-OCRv6_det_small_int8.onnx``).

    python -m mmbatch.engine.quantize [--out FILE] [--calibration DIR]

Static quantisation with onnxruntime's own tool: the PP-OCRv6 small detector converted to opset 17
(per-channel weights need it), shape-inferred, then QDQ int8 (weights int8 per output channel,
activations uint8 per tensor) with min/max ranges from the first 8 pages of
``sample_docs/cheques`` (our own generated cheques; no evaluation data), each through
``TextDetector.preprocess`` at its own size (short side at least 736; the pipeline's own
shrinking of a page to ``max_side`` is not applied). On the CPU the int8 graph runs the detector about 3x
faster (VNNI / AMX int8 kernels); measured word F1 on SROIE receipts is unchanged (README,
"Speed"). The result is committed, so no run quantises anything; this module only says, and
repeats, how it was made. It prints the new file's sha256 for the manifest.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import List

import numpy as np

from .manifest import file_sha256, get_spec

OPSET = 17
CALIBRATION_PAGES = 8
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "models" / "data" / "PP-OCRv6_det_small_int8.onnx"


def calibration_inputs(folder: Path, count: int = CALIBRATION_PAGES) -> List[np.ndarray]:
    """The detector's input tensors for the first ``count`` images of ``folder`` (sorted)."""
    from PIL import Image

    from ..models.ocr_det import TextDetector

    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    if not files:
        raise SystemExit(f"no calibration images in {folder}")
    prep = TextDetector.__new__(TextDetector)  # preprocessing only: no session needed
    prep.limit_side_len = 736
    out = []
    for f in files[:count]:
        rgb = np.asarray(Image.open(f).convert("RGB"))
        out.append(prep.preprocess(np.ascontiguousarray(rgb[:, :, ::-1])))
    return out


def quantize_detector(src: Path, out: Path, inputs: List[np.ndarray]) -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process

    model = onnx.load(str(src))
    input_name = model.graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self):
            self._it = iter([{input_name: x} for x in inputs])

        def get_next(self):
            return next(self._it, None)

    with tempfile.TemporaryDirectory() as tmp:
        conv, pre = Path(tmp) / "opset.onnx", Path(tmp) / "pre.onnx"
        onnx.save(version_converter.convert_version(model, OPSET), str(conv))
        quant_pre_process(str(conv), str(pre), skip_symbolic_shape=True)
        quantize_static(str(pre), str(out), Reader(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--calibration", type=Path, default=root / "sample_docs" / "cheques")
    a = ap.parse_args(argv)
    quantize_detector(get_spec("ocr_det").path(), a.out, calibration_inputs(a.calibration))
    print(f"{a.out}: sha256 {file_sha256(a.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
