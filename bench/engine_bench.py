"""Engine benchmarks, side by side in one run on this machine (figures for the README).

    python bench/engine_bench.py throughput ../shared/eval/sroie-dev/img [--limit N]
    python bench/engine_bench.py memory [--docs 10,200] [--pdf-pages 300]

throughput: RapidOCR's own per-image pipeline (its defaults, all cores, one image after another)
against ``mmbatch extract`` on the same folder (its defaults: the planned worker processes, cold
cache), then the same extract again on the warm cache. Prints images per second of each, the
ratios, and the share of our wall time spent inside onnxruntime calls.

memory: peak RSS of the whole process tree (driver and workers, sampled every 50 ms) for extract
runs over 10 and 200 distinct cheque images, and over one scanned PDF of 300 pages.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import tree_pids  # noqa: E402


def pid_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def pid_hwm(pid: int) -> int:
    """The kernel's exact high-water mark of a process's RSS (VmHWM), not a sample."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_measured(cmd) -> dict:
    """Run ``cmd``; sample the RSS of its process tree every 50 ms. Reports the peak of the
    sampled sum, and each process's exact peak (the kernel's VmHWM, read until it exits: the
    driver is the command's process, the others its workers) with their sum, an upper bound of
    the tree's peak that does not depend on whether a 50 ms sample caught two workers' short
    peaks at the same moment."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    per_pid: dict = {}
    while p.poll() is None:
        total = 0
        for q in tree_pids(p.pid):
            total += pid_rss(q)
            per_pid[q] = max(per_pid.get(q, 0), pid_hwm(q))
        peak = max(peak, total)
        time.sleep(0.05)
    out, err = p.communicate()
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed: {err[-2000:]}")
    mb = 2 ** 20
    others = sorted((v for k, v in per_pid.items() if k != p.pid), reverse=True)
    return {"seconds": time.perf_counter() - t, "peak_rss_mb": round(peak / mb, 1),
            "driver_peak_mb": round(per_pid.get(p.pid, 0) / mb, 1),
            "worker_peaks_mb": [round(v / mb, 1) for v in others if v > 50 * mb],
            "sum_of_process_peaks_mb": round(sum(per_pid.values()) / mb, 1),
            "stderr_tail": err.strip().splitlines()[-1] if err.strip() else ""}


def mmbatch(*args) -> list:
    return [sys.executable, "-c", "from pipeline.cli import run; run()", *args]


def throughput(args) -> dict:
    images = sorted(Path(args.folder).glob("*.jpg"))[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="mmbench-"))
    src = work / "img"
    src.mkdir()
    for p in images:
        shutil.copy(p, src)
    # RapidOCR: its own pipeline, defaults, one image after another, in a child process
    rapid_code = (
        "import sys, glob, time, logging\n"
        "from rapidocr import RapidOCR\n"
        "e = RapidOCR(params={'Global.log_level': 'error'})\n"
        "logging.getLogger('RapidOCR').setLevel(logging.ERROR)\n"
        "for p in sorted(glob.glob(sys.argv[1] + '/*.jpg')): e(p)\n")
    res = {"images": len(images)}
    res["rapidocr"] = run_measured([sys.executable, "-c", rapid_code, str(src)])
    cold = run_measured(mmbatch("extract", str(src), "--out", str(work / "out1"),
                                "--cache", str(work / "cache"), "--quiet"))
    warm = run_measured(mmbatch("extract", str(src), "--out", str(work / "out2"),
                                "--cache", str(work / "cache"), "--quiet"))
    man = json.loads(next((work / "out1" / "runs").glob("*.json")).read_text())
    res["mmbatch_cold"] = cold
    res["mmbatch_warm"] = warm
    res["plan"] = man["plan"]
    res["images_per_s"] = {k: round(len(images) / res[k]["seconds"], 3)
                           for k in ("rapidocr", "mmbatch_cold", "mmbatch_warm")}
    res["speedup_cold_vs_rapidocr"] = round(res["rapidocr"]["seconds"] / cold["seconds"], 3)
    res["speedup_warm_vs_cold"] = round(cold["seconds"] / warm["seconds"], 1)
    t = man["timings"]
    res["onnxruntime_share_of_worker_time"] = round(
        t["onnxruntime_seconds"] / (t["wall_seconds"] * man["plan"]["workers"]), 3)
    shutil.rmtree(work, ignore_errors=True)
    return res


def memory_bench(args) -> dict:
    import numpy as np
    from PIL import Image

    work = Path(tempfile.mkdtemp(prefix="mmbench-mem-"))
    cheques = sorted((ROOT / "sample_docs" / "cheques").iterdir())
    res = {}
    for n in [int(x) for x in args.docs.split(",")]:
        d = work / f"docs{n}"
        d.mkdir()
        rng = np.random.default_rng(n)
        for i in range(n):  # distinct files: each a cheque with a few pixels changed
            a = np.array(Image.open(cheques[i % len(cheques)]).convert("RGB"))
            a[rng.integers(0, a.shape[0], 20), rng.integers(0, a.shape[1], 20)] = 0
            Image.fromarray(a).save(d / f"{i:04d}.jpg", quality=85)
        r = run_measured(mmbatch("extract", str(d), "--out", str(work / f"out{n}"), "--no-cache", "--quiet"))
        res[f"docs_{n}"] = r
    if args.pdf_pages:
        import pymupdf

        pdf = pymupdf.open()
        scan = pymupdf.open(ROOT / "sample_docs" / "pdfs" / "scanned_letter.pdf")
        for i in range(args.pdf_pages):
            pdf.insert_pdf(scan, from_page=i % scan.page_count, to_page=i % scan.page_count)
        p = work / "long.pdf"
        pdf.save(p)
        r = run_measured(mmbatch("extract", str(p), "--out", str(work / "outpdf"), "--no-cache", "--quiet"))
        res[f"pdf_{args.pdf_pages}_pages"] = r
    ns = [int(x) for x in args.docs.split(",")]
    if len(ns) == 2:
        a, b = res[f"docs_{ns[0]}"]["peak_rss_mb"], res[f"docs_{ns[1]}"]["peak_rss_mb"]
        res["peak_rss_ratio_%d_over_%d" % (ns[1], ns[0])] = round(b / a, 3)
        for k in ("driver_peak_mb", "sum_of_process_peaks_mb"):
            a, b = res[f"docs_{ns[0]}"][k], res[f"docs_{ns[1]}"][k]
            res["%s_ratio_%d_over_%d" % (k[:-3], ns[1], ns[0])] = round(b / a, 3)
    shutil.rmtree(work, ignore_errors=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("folder")
    t.add_argument("--limit", type=int, default=None)
    m = sub.add_parser("memory")
    m.add_argument("--docs", default="10,200")
    m.add_argument("--pdf-pages", type=int, default=300)
    args = ap.parse_args()
    res = throughput(args) if args.cmd == "throughput" else memory_bench(args)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
