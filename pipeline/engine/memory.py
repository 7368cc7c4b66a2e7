"""Memory planning: how many worker processes, how large a detector tile and how large a
recognition batch fit in the memory budget, from each model's metadata (input shape, bytes per
element, activation bytes per input pixel measured for the manifest) rather than constants.

Measured here for PP-OCRv6 small detection, one thread: peak RSS 425 MB on a 447x915 receipt,
1,015 MB on a 4961x7016 one (detector input 1414x2000): about 190 bytes per detector input pixel
over a fixed ~400 MB of sessions, decoded image and interpreter.
"""
from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass
from typing import Optional

from .manifest import get_spec
from .providers import cpu_threads
from ..errors import UsageError

BASE_BYTES = 400 * 2 ** 20      # sessions, interpreter, one decoded page
MIN_TILE = 736                  # below this the detector loses context
MAX_TILE = 2000


_libc = None


def release_freed_memory() -> None:
    """Hand memory freed by the last page back to the system (glibc keeps freed large blocks in
    its arenas, so a worker's RSS would creep up page after page)."""
    global _libc
    if _libc is None:
        try:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim  # noqa: B018 - not glibc: no trimming
        except (OSError, AttributeError):
            _libc = False
    if _libc:
        _libc.malloc_trim(0)


# glibc mallopt parameters
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def undo_fixed_malloc_thresholds() -> bool:
    """Undo a fixed MALLOC_TRIM_THRESHOLD_ in the environment (Dask's nanny sets 64 KiB in every
    worker it starts). Any such setting switches off glibc's sliding mmap threshold, so every
    activation buffer over 128 KiB is mmap'd and unmapped on each model run: measured here, the
    OCR models then ran 1.4x slower. This sets what the sliding thresholds settle at (mmap above
    32 MiB, trim above 64 MiB); freed memory still goes back after each page
    (``release_freed_memory``). Returns whether anything was changed."""
    import os

    if "MALLOC_TRIM_THRESHOLD_" not in os.environ and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        return False
    release_freed_memory()  # loads libc
    if not _libc:
        return False
    _libc.mallopt(_M_MMAP_THRESHOLD, 32 * 2 ** 20)
    _libc.mallopt(_M_TRIM_THRESHOLD, 64 * 2 ** 20)
    return True


def available_memory() -> int:
    """Bytes this process can still use: MemAvailable, capped by a cgroup limit if there is one."""
    avail = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
    except OSError:
        pass
    for p in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            v = open(p).read().strip()
            if v.isdigit() and (avail is None or int(v) < avail):
                avail = int(v)
        except OSError:
            pass
    if avail is None:
        avail = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return avail


def parse_size(text: str) -> int:
    """'1.5G', '800M', '2GiB', '1000000' -> bytes."""
    s = str(text).strip().upper().replace("IB", "").replace("B", "")
    mult = {"K": 2 ** 10, "M": 2 ** 20, "G": 2 ** 30, "T": 2 ** 40}
    try:
        if s and s[-1] in mult:
            return int(float(s[:-1]) * mult[s[-1]])
        return int(float(s))
    except ValueError:
        raise UsageError(f"cannot read {text!r} as a size (examples: 800M, 1.5G)")


@dataclass
class Plan:
    budget_bytes: int
    workers: int
    threads_per_worker: int
    det_tile: int          # longest detector input side; larger pages are tiled
    rec_batch: int         # crops per recognition call
    per_worker_bytes: int

    def as_dict(self) -> dict:
        return asdict(self)


def plan(budget: Optional[int] = None, workers: Optional[int] = None, on_gpu: bool = False,
         cores: Optional[int] = None) -> Plan:
    cores = cores or cpu_threads()
    budget = budget or int(available_memory() * 0.5)
    det = get_spec("ocr_det")
    det_px_bytes = int(det.extra.get("activation_bytes_per_input_pixel", 192))
    # the largest detector tile that fits one worker's share
    def tile_for(share: int) -> int:
        px = max(0, share - BASE_BYTES) / det_px_bytes
        return int(min(MAX_TILE, math.sqrt(px) // 32 * 32))

    want = workers or cores
    n = max(1, want)
    while n > 1 and tile_for(budget // n) < MIN_TILE:
        n -= 1
    if workers and n < workers:
        raise UsageError(f"--workers {workers} does not fit in the memory budget of "
                         f"{budget / 2 ** 30:.1f} GiB (each worker needs about "
                         f"{(BASE_BYTES + det_px_bytes * MIN_TILE ** 2) / 2 ** 30:.1f} GiB); "
                         f"raise --max-memory or use fewer workers")
    tile = tile_for(budget // n)
    if tile < MIN_TILE:
        raise UsageError(f"the memory budget of {budget / 2 ** 20:.0f} MiB is too small for the "
                         f"detector (one worker needs about "
                         f"{(BASE_BYTES + det_px_bytes * MIN_TILE ** 2) / 2 ** 20:.0f} MiB)")
    rec = get_spec("ocr_rec")
    if on_gpu:
        # crops padded to the widest of the batch; assume lines up to 40x as wide as high
        h = int(rec.input_shape[2])
        crop_bytes = 3 * h * (40 * h) * rec.bytes_per_element * int(
            rec.extra.get("activation_bytes_per_input_pixel", 192)) // 12
        rec_batch = int(max(1, min(64, (budget // n - BASE_BYTES) // max(crop_bytes, 1))))
    else:
        rec_batch = 1  # CPU: cost follows padded width, so one crop at a time (README)
    per_worker = BASE_BYTES + det_px_bytes * tile * tile
    return Plan(budget, n, max(1, cores // n), tile, rec_batch, per_worker)
