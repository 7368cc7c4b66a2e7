"""Perceptual hash of a page image: the DCT hash (pHash).

The page is turned grey, shrunk to 32x32 (area averaging: the same for any input scale), and the
8x8 lowest frequencies of its DCT become 64 bits, one per coefficient above the median of the 63
that are not the DC term. Rescaling, recompression, brightness and
contrast barely move it; similarity is 1 - Hamming distance / 64.
"""
from __future__ import annotations

import cv2
import numpy as np

BITS = 64


def phash(rgb: np.ndarray) -> int:
    """64-bit pHash of an RGB (or grey) image, as an unsigned int."""
    grey = rgb if rgb.ndim == 2 else cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    low = cv2.dct(small)[:8, :8].flatten()
    bits = low > np.median(low[1:])
    return int(np.packbits(bits).view(">u8")[0])


def to_hex(h: int) -> str:
    return f"{h:016x}"


def from_hex(s: str) -> int:
    return int(s, 16)


_POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bit differences of two arrays of uint64 hashes (elementwise)."""
    x = np.bitwise_xor(np.asarray(a, np.uint64), np.asarray(b, np.uint64))
    return _POP8[x.view(np.uint8).reshape(-1, 8)].sum(axis=1).reshape(x.shape).astype(np.int32)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return 1.0 - hamming(a, b) / float(BITS)
