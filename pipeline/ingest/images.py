"""Image files: the header read and its size checked before anything is decoded, every TIFF
frame a page (the first GIF frame), Pillow's bomb limit, any mode (16-bit, CMYK, palette, alpha)
converted to 8-bit RGB. Decoding a page (EXIF orientation applied) is in ``render``."""
from __future__ import annotations

import io
import re
import warnings
from contextlib import contextmanager
from typing import Optional

import numpy as np
from PIL import Image, UnidentifiedImageError
from PIL import (BmpImagePlugin, GifImagePlugin, JpegImagePlugin,  # noqa: F401 - registered
                 PngImagePlugin, TiffImagePlugin, WebPImagePlugin)

from ..errors import DocumentError

MULTI_FRAME = {"TIFF", "MPO"}
# the only decoders Pillow may use: what the README promises, and no more attack surface (a
# random file is not tried as TGA, PSD, ICO ...)
FORMATS = ("JPEG", "PNG", "TIFF", "BMP", "WEBP", "GIF")  # JPEG opens MPO too
# a page whose long side is more than this many times its short side is refused: the detector
# enlarges the short side to 736 px, so a 1x100000 strip would become 736 x 73,600,000 pixels
MAX_ASPECT = 100


def megapixels(n: float) -> str:
    return f"{n / 1e6:,.0f}" if n >= 1e7 else f"{n / 1e6:.2g}"


def check_pixels(w: int, h: int, max_pixels: int, what: str = "image") -> None:
    """Refuse a page before anything is decoded or rendered: no pixels, more than --max-pixels
    (a decompression bomb declares a gigantic size in a tiny file) or too thin to be a page."""
    if w < 1 or h < 1:
        raise DocumentError(f"{what} has no pixels ({w}x{h})")
    if w * h > max_pixels:
        raise DocumentError(f"{what} is {w}x{h} = {megapixels(w * h)} megapixels, over the "
                            f"limit of {megapixels(max_pixels)} (--max-pixels)")
    if max(w, h) > MAX_ASPECT * min(w, h):
        raise DocumentError(f"{what} is {w}x{h} pixels: one side is more than {MAX_ASPECT} times "
                            f"the other, which is not a page")


@contextmanager
def pillow_limit(max_pixels: Optional[int]):
    """Pillow's own bomb check (a warning over 89 Mpx, an error over twice that, in open, seek
    and the WebP decoder) set to --max-pixels for one call, its warning silenced. Opening a file
    (which reads only its header) runs with it off, so that ``check_pixels`` sees the declared
    size and names it; every seek and decode runs under it. Pillow's limit is a module global,
    restored afterwards (ingest runs on one thread per process)."""
    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            # DecompressionBombWarning, and "Corrupt EXIF data" and the like: nothing to act on
            warnings.simplefilter("ignore")
            yield
    except Image.DecompressionBombError as e:
        m = re.search(r"\((\d+) pixels\)", str(e))
        size = f"{megapixels(int(m.group(1)))} megapixels" if m else "too large"
        raise DocumentError(f"image is {size}, over the limit of "
                            f"{megapixels(max_pixels or 0)} (--max-pixels)")
    finally:
        Image.MAX_IMAGE_PIXELS = old


def explain(e: Exception) -> str:
    msg = str(e) or type(e).__name__
    if "Decompressed data too large" in msg:
        return "a compressed metadata chunk expands to too much data (a decompression bomb)"
    return msg


def to_rgb(im: Image.Image) -> np.ndarray:
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        a = np.nan_to_num(np.asarray(im, dtype=np.float64))
        hi = a.max() or 1.0
        a = (a / hi * 255.0).clip(0, 255).astype(np.uint8)
        return np.stack([a] * 3, axis=-1)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, background(np.asarray(im)) + (255,))
        im = Image.alpha_composite(bg, im)
    return np.asarray(im.convert("RGB"))


def background(rgba: np.ndarray) -> tuple:
    """The colour to put a transparent image on: one that contrasts with what is drawn. Where
    most of the image is transparent, what is drawn is the ink: light ink (white text on a
    transparent PNG, which vanished on white) goes on black, dark ink on white. An image that is
    mostly opaque keeps white (its own pixels are its background)."""
    step = max(1, int((rgba.shape[0] * rgba.shape[1] / 4e6) ** 0.5))  # a sample of large ones
    rgba = rgba[::step, ::step]
    alpha = rgba[..., 3]
    seen = alpha > 0
    if not seen.any() or (alpha == 255).mean() >= 0.5:
        return (255, 255, 255)
    a = alpha[seen].astype(np.float64)
    px = rgba[seen][:, :3].astype(np.float64)
    lum = px @ np.array([0.299, 0.587, 0.114])
    return (0, 0, 0) if (lum * a).sum() / a.sum() > 160 else (255, 255, 255)


def open_image(data: bytes, max_pixels: int) -> Image.Image:
    """The image's header only (nothing decoded yet), its size checked."""
    try:
        with pillow_limit(None):  # headers only: checked below, before anything is decoded
            im = Image.open(io.BytesIO(data), formats=FORMATS)
    except DocumentError:
        raise
    except UnidentifiedImageError:
        raise DocumentError("not a readable image: unknown or corrupt format (mmbatch reads "
                            "JPEG, PNG, TIFF, BMP, WebP, GIF and PDF)")
    except Exception as e:
        raise DocumentError(f"not a readable image: {explain(e)}")
    w, h = im.size
    check_pixels(w, h, max_pixels, "image")
    return im


def count_frames(im: Image.Image) -> int:
    if im.format not in MULTI_FRAME:
        return 1
    try:  # walks every frame's header (a TIFF's chain of IFDs), decoding nothing
        with pillow_limit(None):
            return getattr(im, "n_frames", 1)
    except (DocumentError, MemoryError):
        raise
    except Exception as e:
        raise DocumentError(f"image data is corrupt: its list of pages cannot be read "
                            f"({explain(e)})")
