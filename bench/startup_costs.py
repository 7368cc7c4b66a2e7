"""Start-up costs the README gives, measured side by side in one run, each import in a fresh
interpreter (median of --rounds):

    python bench/startup_costs.py [--rounds 3]

``dataclasses`` against ``pydantic`` (why the option model is plain dataclasses), and ``pymupdf``
as PyMuPDF imports itself against with its layout analysis kept out (what
``pipeline/ingest/pdf.py`` does: the driver and every worker process pay this import). And
what the payee's word correction costs a process the first time it runs: its lexicon taken
from wordfreq (``extract/payee_lexicon._lexicon``), against keeping wordfreq's whole English list.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def import_seconds(code: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        r = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                            f"{code}; print(time.perf_counter() - t)"],
                           capture_output=True, text=True, check=True)
        times.append(float(r.stdout.strip()))
    return statistics.median(times)


def load_cost(code: str, rounds: int) -> tuple:
    """(seconds, peak and held resident memory added, MB) of ``code`` after numpy is imported,
    medians of fresh interpreters (held: after a garbage collection; Linux's /proc)."""
    rss = "int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 2**20"
    prog = ("import gc, sys, time, resource; sys.path.insert(0, %r); import numpy; "
            "m = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; r = %s; "
            "t = time.perf_counter(); %s; s = time.perf_counter() - t; gc.collect(); "
            "print(s, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - m) / 1024, %s - r)"
            % (str(ROOT), rss, code, rss))
    got = [subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True,
                          check=True).stdout.split() for _ in range(rounds)]
    return tuple(statistics.median(float(g[k]) for g in got) for k in range(3))


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
    print("first use in a process (after numpy):")
    for name, code in (
            ("payee lexicon (payee_lexicon._lexicon)",
             "from pipeline.extract import payee_lexicon as p; p._lexicon()"),
            ("receipt names' rarer words (receipt_name_words._rare)",
             "from pipeline.extract import receipt_name_words as p; p._rare()"),
            ("a leaf language's words (payee_lang._words('pt'))",
             "from pipeline.extract import payee_lang as p; p._words('pt')"),
            ("the same, Turkish (payee_lang._words('tr'))",
             "from pipeline.extract import payee_lang as p; p._words('tr')"),
            ("wordfreq's whole English list, kept",
             "import wordfreq; d = wordfreq.get_frequency_dict('en', 'large')")):
        sec, peak, held = load_cost(code, r)
        print(f"  {name}: {sec:.2f} s, memory +{peak:.0f} MB at its peak, +{held:.0f} MB held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
