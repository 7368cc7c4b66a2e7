"""Is a PDF page's text layer what the page shows? A text layer is taken as is only when it reads
as text; a page whose layer is garbage, or is another tool's invisible OCR over a scan, is OCR'd
and the reason kept (``pages.note``). Control characters are removed from all text.

What makes a layer untrustworthy (each a share of the page's non-space characters, so that one
odd glyph on a page of text changes nothing):

- unmapped glyphs: U+FFFD, private-use code points, control characters and ``(cid:N)`` that a
  font without a Unicode map gives (a Type3 font's glyphs came out as ``\\x19\\x12``);
- byte-swapped UTF-16 (``'Multicolor'`` read as ``'䴀甀氀琀椀挀漀氀漀爀'``: every code point
  an ASCII byte times 256), and UTF-8 read as Latin-1 (``'Ã©'``);
- words that mix scripts no language mixes (Latin with Cyrillic, Greek or CJK inside a word);
- a font with neither a Unicode map nor an encoding whose text is mostly not letters or digits
  (a subset TrueType font gave ``'"7+%-'`` for "Phone");
- invisible text (render mode 3, or fully transparent) over an image that covers the page: the
  OCR layer of a scanner or another OCR tool. Our OCR reads more of such pages than the layer
  holds (``graph_ocred.pdf``: 77 characters other than spaces in the layer, 275 from our OCR;
  2 of the chart's 4 expected labels in the layer, all 4 in our OCR), so it is redone.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List, Optional

from ..document import Line, Word

# a share of the page's non-space characters above which the layer is not trusted
BAD_SHARE = 0.3
# an invisible layer is another tool's OCR when this share of its characters is invisible and
# images cover this share of the page
INVISIBLE_SHARE = 0.9
IMAGE_COVER = 0.5

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CID = re.compile(r"\(cid:\d+\)")
_LATIN1_MOJIBAKE = re.compile(r"[ÂÃ][\u0080-\u00bf]|â€")


def clean_text(s: str) -> str:
    """``s`` without C0 and C1 control characters (tab and newline stay)."""
    return _CONTROL.sub("", s) if _CONTROL.search(s) else s


def clean_lines(lines: List[Line]) -> List[Line]:
    """Lines with control characters removed from their text and words; a word or a line left
    empty is dropped, line numbers follow in order."""
    out = []
    for l in lines:
        if not _CONTROL.search(l.text) and not any(_CONTROL.search(w.text) for w in l.words):
            out.append(l)
            continue
        words = [Word(clean_text(w.text), w.box, w.conf) for w in l.words]
        words = [w for w in words if w.text.strip()]
        text = " ".join(clean_text(l.text).split())
        if not text:
            continue
        out.append(Line(text, l.conf, l.box, words, l.line_no))
    if len(out) != len(lines):
        for i, l in enumerate(out):
            l.line_no = i
    return out


def _unmapped(ch: str) -> bool:
    cp = ord(ch)
    return (cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000
            or (cp < 0x20 and ch not in "\t\n\r") or 0x7F <= cp <= 0x9F)


def _swapped(ch: str) -> bool:
    """A code point that is an ASCII byte followed by a zero byte read the wrong way round."""
    cp = ord(ch)
    return cp >= 0x2000 and cp & 0xFF == 0 and 0x20 <= cp >> 8 < 0x7F


def _script(ch: str) -> Optional[str]:
    if not ch.isalpha():
        return None
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    if 0x370 <= cp < 0x400 or 0x1F00 <= cp < 0x2000:
        return "greek"
    if 0x400 <= cp < 0x530:
        return "cyrillic"
    if 0x2E80 <= cp < 0xA000 or 0xAC00 <= cp < 0xD7B0 or 0xF900 <= cp < 0xFB00 \
            or 0xFF00 <= cp < 0xFFF0 or 0x20000 <= cp < 0x30000:
        return "cjk"  # Han, kana, Hangul, full-width forms: written together
    return unicodedata.name(ch, "other").split()[0].lower()


def _mixed(word: str) -> bool:
    """A word whose letters come from two scripts (one letter of another script, such as a
    Greek mu in a unit, is allowed)."""
    scripts: dict = {}
    for ch in word:
        s = _script(ch)
        if s:
            scripts[s] = scripts.get(s, 0) + 1
    if len(scripts) < 2:
        return False
    counts = sorted(scripts.values())
    return counts[-2] >= 2


def _show(text: str, n: int = 24) -> str:
    s = " ".join(text.split())
    return repr(s[:n] + ("..." if len(s) > n else ""))


def garbage_reason(text: str) -> Optional[str]:
    """Why a text layer's ``text`` is not text, or None when it reads as text."""
    chars = [c for c in text if not c.isspace() or _unmapped(c)]
    n = len(chars)
    if not n:
        return None
    cids = sum(len(m) for m in _CID.findall(text))
    bad = sum(_unmapped(c) for c in chars) + cids
    if bad / n >= BAD_SHARE:
        return (f"text layer not trusted: {bad} of {n} characters are unmapped glyphs (a font "
                f"without a Unicode map), so the page was OCR'd")
    if text.isascii():  # none of what follows can be in plain ASCII
        return None
    swapped = sum(_swapped(c) for c in chars)
    if swapped / n >= BAD_SHARE:
        return (f"text layer not trusted: it is byte-swapped UTF-16 ({_show(text, 12)}), so "
                f"the page was OCR'd")
    latin1 = sum(len(m) for m in _LATIN1_MOJIBAKE.findall(text))
    if latin1 / n >= BAD_SHARE / 3:
        return (f"text layer not trusted: it is UTF-8 read as Latin-1 ({_show(text)}), so the "
                f"page was OCR'd")
    words = [w for w in text.split() if sum(c.isalpha() for c in w) >= 3]
    if len(words) >= 3 and sum(_mixed(w) for w in words) / len(words) >= 0.5:
        return (f"text layer not trusted: its words mix scripts ({_show(text)}), so the page "
                f"was OCR'd")
    return None


def _unmapped_fonts(page) -> bool:
    """Whether the page uses a simple font with neither a Unicode map nor an encoding."""
    doc = page.parent
    for xref, _ext, kind, _base, _name, encoding in page.get_fonts():
        if kind in ("Type0", "CIDFontType0", "CIDFontType2") or not xref:
            continue
        if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            continue
        if not encoding or kind == "Type3":
            return True
    return False


def font_reason(page, text: str) -> Optional[str]:
    """A font without a Unicode map whose text is mostly not letters or digits."""
    chars = [c for c in text if not c.isspace()]
    if not chars or sum(c.isalnum() for c in chars) / len(chars) >= 0.5:
        return None
    if not _unmapped_fonts(page):
        return None
    return (f"text layer not trusted: a font without a Unicode map gives {_show(text)}, so the "
            f"page was OCR'd")


def invisible_reason(page) -> Optional[str]:
    """The page is an image with invisible text over it (another tool's OCR layer). What
    MuPDF cannot measure leaves the layer trusted."""
    try:
        return _invisible(page)
    except Exception:
        return None


def _invisible(page) -> Optional[str]:
    if not page.get_images():  # no image: not a scan (and no text trace to make)
        return None
    rect = page.rect
    area = max(rect.width * rect.height, 1.0)
    covered = 0.0
    for info in page.get_image_info():
        r = page.rect & info["bbox"]
        if not r.is_empty:
            covered = max(covered, r.width * r.height / area)
    if covered < IMAGE_COVER:
        return None
    total = invisible = 0
    for s in page.get_texttrace():  # the render mode of each span (3: invisible)
        n = sum(1 for c in s["chars"] if c[0] != 32)
        total += n
        if s.get("type") == 3 or s.get("opacity", 1.0) == 0:
            invisible += n
    if not total or invisible / total < INVISIBLE_SHARE:
        return None
    return ("text layer not trusted: it is invisible text over a page image (another OCR "
            "tool's), so the page was OCR'd again")


def check(page, lines: List[Line]) -> Optional[str]:
    """Why ``page``'s text layer (``lines``, as read) is not to be trusted, or None. Where the
    lines hold no letters (words of control characters are dropped from them), the page's
    raw text is looked at, so that the note says why it is OCR'd."""
    text = "\n".join(l.text for l in lines)
    try:
        if not any(c.isalnum() for c in text):
            text = page.get_text()
            if not text.strip():
                return None
        return garbage_reason(text) or font_reason(page, text) or invisible_reason(page)
    except Exception:  # what MuPDF cannot tell leaves the layer as it was: trusted
        return None
