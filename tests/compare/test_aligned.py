"""The aligned check (pipeline/compare/aligned.py) on real page images: sample cheques, rescans of
them made here, and cheques of the same template rendered by sample_docs/make_samples.py."""
from __future__ import annotations

import hashlib
import io
from dataclasses import replace

import numpy as np
import pytest
from compare_fixtures import CHEQUES, make_samples, rescan
from PIL import Image

from pipeline.compare.aligned import Aligner, agreement, prepare
from pipeline.compare.pages import PageItem
from pipeline.compare.verdict import PairScores, Thresholds, aligned_match, needs_alignment, verdicts
from pipeline.engine.cache import Cache

T = Thresholds()


def geo(img: Image.Image):
    return prepare(np.asarray(img.convert("RGB")))


def rescanned(img: Image.Image, scale: float, seed: int = 1) -> Image.Image:
    return Image.open(io.BytesIO(rescan(img, 2.5, scale, 0.04, 0.85, seed)))


def passes(r) -> bool:
    return r is not None and r[0] >= T.aligned and r[1] >= T.aligned_worst


@pytest.fixture(scope="module")
def c05():
    return Image.open(CHEQUES / "cheque_05.png")


@pytest.fixture(scope="module")
def rendered():
    """cheque_05's spec rendered here (as scanned), and the same spec with another amount."""
    ms = make_samples()
    sp = next(s for s in ms.build_specs() if s.stem == "cheque_05")

    def render(s):
        img, _ = ms.render_cheque(s)
        img = ms.scan_effects(img, np.random.default_rng(s.seed + 1000), angle=s.angle, blur=0.6,
                              noise=2.5)
        return img.convert("L")

    return render(sp), render(replace(sp, cents=46500, amount_text="$465.00"))


@pytest.mark.parametrize("scale", [0.4, 0.5, 1.3])
def test_a_rescan_registers_and_agrees_everywhere(c05, scale):
    """Rotated 2.5 degrees, cropped, darker, noisy, JPEG q30, at 0.4 to 1.3 times the size."""
    r = agreement(geo(c05), geo(rescanned(c05, scale)))
    assert r is not None
    assert passes(r), r
    assert r[1] <= r[0] <= 1.0


def test_another_cheque_of_the_template_does_not_pass(c05):
    """cheque_06: the same template, bank and account, another payee, amount, date and serial."""
    g05, g06 = geo(c05), geo(Image.open(CHEQUES / "cheque_06.png"))
    for r in (agreement(g05, g06), agreement(g06, g05)):
        assert not passes(r), r


def test_another_amount_on_an_identical_page_shows_in_its_tiles(rendered):
    """Everything the same but the amount (figures and words): the page registers and nearly
    every tile agrees, but the tiles of the amount do not; a small rescan of it does not pass
    either. The same page rendered twice agrees everywhere."""
    base, other = rendered
    g, go = geo(base), geo(other)
    r = agreement(g, go)
    assert r is not None and r[0] >= 0.95 and r[1] < T.aligned_worst, r
    assert not passes(agreement(geo(rescanned(base, 0.5)), go))
    same = agreement(g, geo(base.copy()))
    assert same is not None and same[1] > 0.99


def test_pages_of_another_layout_do_not_pass(c05):
    import pymupdf

    doc = pymupdf.open(CHEQUES.parent / "pdfs" / "scanned_letter.pdf")
    pix = doc.load_page(0).get_pixmap(dpi=100, colorspace=pymupdf.csRGB, alpha=False)
    letter = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()
    assert not passes(agreement(geo(c05), prepare(letter)))
    assert not passes(agreement(geo(c05), geo(Image.open(CHEQUES / "cheque_01.png"))))


def _item(path) -> PageItem:
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return PageItem(sha, str(path), 1, path.suffix[1:], "", "cheque")


def test_aligner_scores_in_one_order_and_caches(tmp_path, c05):
    (tmp_path / "a.jpg").write_bytes(rescan(c05, 2.5, 0.5, 0.04, 0.85, 1))
    (tmp_path / "b.png").write_bytes((CHEQUES / "cheque_05.png").read_bytes())
    (tmp_path / "c.png").write_bytes((CHEQUES / "cheque_06.png").read_bytes())
    items = [_item(tmp_path / n) for n in ("a.jpg", "b.png", "c.png")]
    cache = Cache(tmp_path / "cache")
    al = Aligner(items, cache)
    p10, worst = al(np.array([0, 1, 0]), np.array([1, 0, 2]))
    assert al.computed == 2  # (a, b) and (b, a) are one pair
    assert p10[0] == p10[1] and worst[0] == worst[1]
    assert p10[0] >= T.aligned and worst[0] >= T.aligned_worst
    assert np.isnan(p10[2]) or not (p10[2] >= T.aligned and worst[2] >= T.aligned_worst)
    again = Aligner(items, Cache(tmp_path / "cache"))
    p, w = again(np.array([1, 2]), np.array([0, 0]))
    assert again.computed == 0 and p[0] == p10[0] and w[0] == worst[0]
    errors = []
    (tmp_path / "c.png").write_bytes(b"changed")
    gone = Aligner(items, Cache(tmp_path / "other"), on_error=lambda it, m: errors.append(m))
    p, _ = gone(np.array([1, 2]), np.array([2, 1]))
    assert np.isnan(p).all() and len(errors) == 1 and "changed" in errors[0]


def _scores(**kw) -> PairScores:
    one = lambda x: np.array([x], dtype=float)  # noqa: E731
    base = dict(phash=one(0.9), image=one(0.9), text_overlap=one(0.3), text_semantic=one(0.8),
                numbers=one(0.2), micr=one(np.nan), dates_differ=np.array([False]),
                aligned=one(0.9), aligned_worst=one(0.7))
    base.update({k: (np.array([v]) if k in ("dates_differ", "other_cheque") else one(v))
                 for k, v in kw.items()})
    return PairScores(**base)


def test_verdict_of_aligned_pages():
    v, why = verdicts(_scores(), T)
    assert v[0] == "duplicate" and why[0].startswith("the pages align") and "read differently" in why[0]
    assert verdicts(_scores(aligned_worst=0.3), T)[0][0] != "duplicate"   # one part differs
    assert verdicts(_scores(aligned=0.6), T)[0][0] != "duplicate"
    assert verdicts(_scores(dates_differ=True), T)[0][0] != "duplicate"   # another day
    assert verdicts(_scores(micr=0.5), T)[0][0] == "same_template"        # MICR decides first
    # neither looks alike nor shares text
    assert not needs_alignment(_scores(image=0.5, text_overlap=0.1), T)[0]
    assert not needs_alignment(_scores(text_overlap=0.9, numbers=0.9), T)[0]  # text settled it
    assert needs_alignment(_scores(), T)[0] and aligned_match(_scores(), T)[0]


def test_captures_that_look_alike_less_or_share_text_are_aligned():
    # a small cheque photographed on cloth, a photo of a photo: image cosine 0.57-0.67
    # against their scans, text read with other errors
    assert needs_alignment(_scores(image=0.6, text_overlap=0.1), T)[0]
    assert needs_alignment(_scores(image=0.3, text_overlap=0.4), T)[0]
    # MICR keys naming other accounts may be a misread MICR line: the ink decides
    assert needs_alignment(_scores(micr=0.0), T)[0]
    assert not needs_alignment(_scores(micr=0.5), T)[0]   # another cheque of the account


def test_a_micr_symbol_read_as_a_digit_at_either_end_is_the_same_number():
    from pipeline.compare.cheque import micr_score

    scan = ("102585575", "613992770", "318", "87.50")
    # routing and account swapped, the transit symbols on both sides of the routing read "1"
    photo = ("613992770", "11025855751", "318", "87.50")
    assert micr_score(scan, photo) == 1.0
    assert micr_score(scan, ("102585575", "6139927701", "318", "87.50")) == 1.0
    assert micr_score(scan, ("102585575", "613992771", "318", "87.50")) == 0.0  # another digit
    assert micr_score(scan, ("102585575", "613992770", "325", "87.50")) == 0.5  # other serial


def test_a_checked_micr_identity_without_the_amount_is_one_cheque():
    from pipeline.compare.cheque import SAME_IDENTITY, identity_scores
    from pipeline.compare.pages import PageItem

    def page(serial, status="ok", amount=None):
        f = {"micr_routing": "500211012", "micr_account": "426160", "micr_serial": serial}
        if amount:
            f["amount"] = amount
        return PageItem("x" + serial + status, "p.png", 1, "png", "", "cheque", fields=f,
                        status={"micr_routing": status, "micr_account": "unchecked",
                                "micr_serial": "unchecked"})

    items = [page("309089"), page("309089"), page("309090"), page("309089", "unchecked")]
    got = identity_scores(items, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert got[0] == SAME_IDENTITY                 # read and checked on both
    assert np.isnan(got[1])                        # another serial: not this signal's to say
    assert np.isnan(got[2])                        # no check passed on one page
    assert verdicts(_scores(micr=SAME_IDENTITY), T)[0][0] == "duplicate"
    # a specimen book printed with zeros for routing and account, every leaf numbered 1025:
    # the serial checks against the printed number, but the MICR line names no cheque
    from pipeline.compare.cheque import identity

    zeros = PageItem("z", "z.png", 1, "png", "", "cheque",
                     fields={"micr_routing": "000000000", "micr_account": "000000000",
                             "micr_serial": "1025"},
                     status={"micr_routing": "ok", "micr_account": "unchecked",
                             "micr_serial": "ok"})
    assert identity(zeros) is None
    only_serial = PageItem("s", "s.png", 1, "png", "", "cheque",
                           fields={"micr_routing": "322271779", "micr_account": "4192580",
                                   "micr_serial": "1005"},
                           status={"micr_routing": "unchecked", "micr_account": "unchecked",
                                   "micr_serial": "ok"})
    assert identity(only_serial) is None


def test_cheques_whose_zones_agree_are_one_cheque_where_the_page_agrees_less():
    # a photo's shadow and blur lower the printed parts of the page; the zones (payee,
    # amounts, date, number, MICR) tell one cheque of a book from another
    photo = _scores(aligned=0.80, aligned_worst=0.45, aligned_zones=0.70)
    assert verdicts(photo, T)[0][0] == "duplicate"
    assert "zones" in verdicts(photo, T)[1][0]
    # another cheque of the same book: its payee, amount and serial differ in the zones
    sibling = _scores(aligned=0.86, aligned_worst=0.29, aligned_zones=0.29)
    assert verdicts(sibling, T)[0][0] != "duplicate"
    assert verdicts(_scores(aligned=0.70, aligned_worst=0.45, aligned_zones=0.9), T)[0][0] \
        != "duplicate"   # the page itself does not register well enough


def test_the_way_that_compares_the_page_at_its_resolution_is_taken():
    from pipeline.compare.aligned import pick

    # b fills a quarter of a's frame (compared at a quarter of its resolution, another payee
    # blurs into the same grey): the other way counts, though it scores lower
    assert pick([(0.24, 0.85, 0.70), (1.0, 0.82, 0.45)]) == (0.82, 0.45)
    assert pick([(0.74, 0.95, 0.92), (1.0, 0.84, 0.41)]) == (0.95, 0.92)  # both count: better
    assert pick([(0.3, 0.9, 0.8), None]) == (0.9, 0.8)   # the only way
    assert pick([None, None]) is None


def test_two_leaves_of_a_book_by_their_numbers():
    from pipeline.compare.cheque import other_numbers
    from pipeline.compare.pages import PageItem

    def page(number, status):
        return PageItem(number + status, "p.png", 1, "png", "", "cheque",
                        fields={"cheque_number": number}, status={"cheque_number": status})

    items = [page("1042", "ok"), page("1053", "unchecked"), page("1043", "unchecked"),
             page("1043", "ok"), page("056111", "unchecked"), page("058111", "unchecked")]
    got = other_numbers(items, np.array([0, 0, 0, 4]), np.array([1, 2, 3, 5]))
    # two digits apart, one checked: another leaf; one digit apart: a misread as likely, unless
    # both were checked against their MICR serials; neither checked: not this rule's to say
    assert got.tolist() == [True, False, True, False]
    assert verdicts(_scores(other_cheque=True), T)[0][0] == "same_template"
    assert not needs_alignment(_scores(other_cheque=True), T)[0]
