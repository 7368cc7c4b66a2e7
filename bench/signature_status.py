"""What `signature_present` says on real cheques and their captures, leaf by leaf.

    python bench/signature_status.py ../shared/eval/cheques-real-dev --lines-cache /tmp/cq_lines
    python bench/signature_status.py DIR --lines-cache C --unsigned au_cba lk_hnb pyimagesearch

The truth of the real cheques does not say which leaves are signed, so this prints, for each
image (OCR'd once into ``--lines-cache``, as ``bench/fields_real_cheques.py`` does), the value, its
status and the ink measured, and counts them; ``--unsigned`` names the leaves seen to carry no
signature (a name part each): a `true` on one of them, and any `false` marked `ok`, is counted as
a wrong `ok` to look at.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from fields_real_cheques import ROOT, ocr_lines, page_image


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--lines-cache", type=Path, required=True)
    ap.add_argument("--unsigned", nargs="*", default=[],
                    help="name parts of the leaves that carry no signature")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.extract.fields import FieldOptions, extract_fields

    counts: Counter = Counter()
    doubtful = []
    for image in sorted((args.data_dir / "images").iterdir()):
        lines, w, h = ocr_lines(image, args.lines_cache)
        _, fields = extract_fields(lines, w, h, page_image(image), FieldOptions(doc_type="cheque"))
        f = next(x for x in fields if x.name == "signature_present")
        unsigned = any(u in image.name for u in args.unsigned)
        counts[(f.value, f.status)] += 1
        if f.status == "ok" and (f.value == "false" or unsigned):
            doubtful.append(image.name)
        print(f"{image.name:44s} {f.value!s:6s} {f.status:10s} {f.message}")
    print()
    for (value, status), n in sorted(counts.items(), key=str):
        print(f"{value!s:6s} {status:10s} {n}")
    print(f"`ok` to look at (false, or true on a leaf named --unsigned): {len(doubtful)}"
          + (f" ({', '.join(doubtful)})" if doubtful else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
