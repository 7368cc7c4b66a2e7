"""Images as pages: every TIFF frame, the first GIF frame, EXIF orientation applied, any mode
(16-bit, CMYK, palette, alpha) converted to 8-bit RGB."""
from __future__ import annotations

import io
import warnings
from typing import Iterator, Optional, Tuple

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.errors import DocumentError

MULTI_FRAME = {"TIFF", "MPO"}


def to_rgb(im: Image.Image) -> np.ndarray:
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im, dtype=np.float64)
        hi = a.max() or 1.0
        a = (a / hi * 255.0).clip(0, 255).astype(np.uint8)
        return np.stack([a] * 3, axis=-1)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return np.asarray(im.convert("RGB"))


def open_image(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError("not a readable image (unknown or corrupt format)")
    except Exception as e:
        raise DocumentError(f"not a readable image: {e}")
    w, h = im.size
    if w * h > max_pixels:
        raise DocumentError(
            f"image is {w}x{h} = {w * h / 1e6:.0f} megapixels, over the limit of "
            f"{max_pixels / 1e6:.0f} (--max-pixels)")
    if w < 1 or h < 1:
        raise DocumentError(f"image has no pixels ({w}x{h})")
    return im


def count_frames(im: Image.Image) -> int:
    if im.format in MULTI_FRAME:
        return getattr(im, "n_frames", 1)
    return 1


def image_pages(data: bytes, max_pixels: int,
                skip=frozenset()) -> Iterator[Tuple[int, Optional[np.ndarray]]]:
    """(page number from 1, RGB array) for each page of an image file; None for skipped pages."""
    im = open_image(data, max_pixels)
    n = count_frames(im)
    frames = ImageSequence.Iterator(im) if n > 1 else [im]
    for i, frame in enumerate(frames, start=1):
        if i > n:
            break
        if i in skip:
            yield i, None
            continue
        w, h = frame.size
        if w * h > max_pixels:
            raise DocumentError(f"page {i} is {w}x{h}, over the pixel limit (--max-pixels)")
        try:
            frame.load()
            upright = ImageOps.exif_transpose(frame) or frame
            yield i, to_rgb(upright)
        except DocumentError:
            raise
        except Exception as e:
            raise DocumentError(f"image data is corrupt or truncated (page {i}): {e}")
