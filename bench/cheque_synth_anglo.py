"""Synthetic cheques of Australia, the UK and Canada (``cheque_synth_intl.make_anglo``: the
country is ``ANGLO[seed % 3]``), for ``cheque_synth_bench.py --kind anglo``.

    python bench/cheque_synth_anglo.py SEED [dev|held] OUT_STEM
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cheque_synth_intl import GENERATOR_VERSION, save_cheque  # noqa: E402,F401
from cheque_synth_intl import make_anglo as make_cheque  # noqa: E402

if __name__ == "__main__":
    im, tr, sv = make_cheque(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "dev")
    stem = sys.argv[3] if len(sys.argv) > 3 else f"/tmp/cheque_anglo_{sys.argv[1]}"
    out = save_cheque(im, sv, Path(stem))
    print(out, tr)
