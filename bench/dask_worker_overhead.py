"""What a Dask worker costs the OCR models, and what mmbatch's worker set-up gives back.

    python bench/dask_worker_overhead.py ../shared/eval/sroie-dev/img [--images 6]

The same task (one OcrPipeline over the first N receipts, one onnxruntime thread) runs in:
  plain      a fresh Python process (the process pool's situation)
  dask       a LocalCluster worker as Dask starts it (its nanny sets MALLOC_TRIM_THRESHOLD_,
             its profiler samples every 10 ms)
  +malloc    the same worker after undo_fixed_malloc_thresholds() (what ThreadsPlugin does)
  +noprof    a worker started with the profiler off as well (what --scheduler local does)
Prints the seconds inside onnxruntime for each, and their ratio to the plain process.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ocr_seconds(images, fix_malloc: bool = False) -> float:
    """Seconds inside onnxruntime for OCR of ``images`` in this process."""
    sys.path.insert(0, str(ROOT))
    import numpy as np
    from PIL import Image

    from pipeline.engine.memory import undo_fixed_malloc_thresholds
    from pipeline.ocr import OcrOptions, OcrPipeline

    if fix_malloc:
        undo_fixed_malloc_thresholds()
    ocr = OcrPipeline(OcrOptions(threads=1))
    ocr(np.array(Image.open(images[0]).convert("RGB")))  # warm-up
    before = sum(s.seconds for s in ocr.sessions)
    for p in images:
        ocr(np.array(Image.open(p).convert("RGB")))
    return sum(s.seconds for s in ocr.sessions) - before


def in_worker(images, fix_malloc: bool, profiler: bool) -> float:
    import dask
    import distributed

    with dask.config.set({"distributed.worker.profile.enabled": profiler}):
        cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=40)
        client = distributed.Client(cluster)
    try:
        return client.submit(ocr_seconds, images, fix_malloc, pure=False).result()
    finally:
        client.close()
        cluster.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--images", type=int, default=6)
    a = ap.parse_args()
    images = [str(p) for p in sorted(a.folder.glob("*.jpg"))[: a.images + 1]]
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
            f"from dask_worker_overhead import ocr_seconds; print(ocr_seconds({images!r}))")
    plain = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.split()[-1])
    runs = {"plain process": plain,
            "dask worker": in_worker(images, fix_malloc=False, profiler=True),
            "+malloc thresholds": in_worker(images, fix_malloc=True, profiler=True),
            "+profiler off": in_worker(images, fix_malloc=True, profiler=False)}
    print(f"{a.images} receipts, seconds inside onnxruntime (one thread):")
    for k, v in runs.items():
        print(f"  {k:20} {v:7.2f} s  {v / plain:.2f}x the plain process")


if __name__ == "__main__":
    main()
