"""Start-up costs the README gives, measured side by side in one run, each import in a fresh
interpreter (median of --rounds):

    python bench/startup_costs.py [--rounds 3]

``dataclasses`` against ``pydantic`` (why the option model is plain dataclasses), and ``pymupdf``
as PyMuPDF imports itself against with its layout analysis kept out (what
``pipeline/ingest/pdf.py`` does: the driver and every worker process pay this import).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

def import_seconds(code: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        r = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                            f"{code}; print(time.perf_counter() - t)"],
                           capture_output=True, text=True, check=True)
        times.append(float(r.stdout.strip()))
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="fresh interpreters per import")
    o = ap.parse_args()
    r = o.rounds
    print(f"import (median of {r} fresh interpreters):")
    print(f"  dataclasses, enum: {import_seconds('import dataclasses, enum', r) * 1000:.0f} ms")
    print(f"  pydantic:          {import_seconds('import pydantic', r) * 1000:.0f} ms")
    print(f"  pymupdf:           {import_seconds('import pymupdf', r) * 1000:.0f} ms")
    keep_out = "import sys; sys.modules['pymupdf.layout'] = None; import pymupdf"
    print(f"  pymupdf, its layout analysis kept out: {import_seconds(keep_out, r) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
