"""The cheap tests before the fuzzy reading of amounts in French, Portuguese and Turkish words
(``amount_words_intl``): classification asks every line of every page whether it is one, and
the tests must change no answer, only what it costs. Recorded lines of real OCR and text layers
(tests/data: receipts, other projects' PDF pages, synthetic leaves of Brazil, Turkey, Tunisia
and Kenya) and every word of the tables with one letter slipped."""
import difflib
import json
from pathlib import Path

import pytest

from pipeline.extract import amount_words_intl as awi
from pipeline.extract.classify import classify_scored

DATA = Path(__file__).resolve().parents[1] / "data"
FOLDERS = ("receipt_lines", "pdf_page_lines", "cheque_lines_synth_intl",
           "cheque_lines_conventions")


def _lines():
    out = []
    for folder in FOLDERS:
        for p in sorted((DATA / folder).glob("*.json")):
            out += [l["text"] for l in json.loads(p.read_text(encoding="utf-8"))["lines"]]
    return out


LINES = _lines()


def _slips(word: str):
    """``word`` with one letter dropped, doubled, swapped with the next, or read as another."""
    out = set()
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1:])
        out.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
        for c in "aeiu":
            out.add(word[:i] + c + word[i + 1:])
    return out


def _tokens():
    toks = {t for line in LINES for t in awi._raw_tokens(line) if not t.isdigit()}
    for t in awi.LANGS.values():
        for w in awi._vocab(t):
            toks |= _slips(w) | {w + "s", w + w}
    return sorted(toks)


def _close(tok, words):
    """The words difflib's get_close_matches would keep at 0.8 (its own three tests)."""
    s = difflib.SequenceMatcher()
    s.set_seq2(tok)
    keep = set()
    for w in words:
        s.set_seq1(w)
        if s.real_quick_ratio() >= 0.8 and s.quick_ratio() >= 0.8 and s.ratio() >= 0.8:
            keep.add(w)
    return keep


@pytest.mark.parametrize("code", sorted(awi.LANGS))
def test_the_words_compared_hold_every_word_within_reach(code):
    t = awi.LANGS[code]
    vocab = sorted(awi._vocab(t))
    pairs = awi._gate(t).pairs
    toks = [tok for tok in _tokens() if len(tok) >= 5]
    assert len(toks) > 3000
    for tok in toks:
        assert _close(tok, vocab) <= set(awi._near_words(tok, pairs)), tok
        whole = difflib.get_close_matches(tok, vocab, n=1, cutoff=0.8)
        assert awi._nearest(tok, code) == (whole[0] if whole else None), tok


def test_the_gate_changes_no_count_and_no_reading(monkeypatch):
    asked = [(line, c) for line in LINES for c in awi.LANGS]
    for c, t in awi.LANGS.items():  # each slip said between two words of the table
        nums = sorted(awi._number_words(t))
        asked += [(f"{nums[i % len(nums)]} {s} {nums[-1 - i % len(nums)]}", c)
                  for w in nums for i, s in enumerate(sorted(_slips(w))[::3])]
        asked += [(" ".join(sorted(_slips(w))), c) for w in nums]
    for t in awi.LANGS.values():  # the recorded lines hardly ever get past it
        assert sum(awi._may_say_number(awi._raw_tokens(line), t) for line in LINES) < 20
    gated = {(p, c): (awi.count_words(p, c), awi.parse_words(p, c)) for p, c in asked}
    assert sum(1 for n, _ in gated.values() if n) > 1000  # the slips are read as number words
    monkeypatch.setattr(awi, "_may_say_number", lambda raw, t: True)
    awi._nearest.cache_clear()
    for (p, c), got in gated.items():
        assert (awi.count_words(p, c), awi.parse_words(p, c)) == got, (p, c)


def test_classifying_a_page_of_a_form_compares_few_words(monkeypatch):
    # the VA form's 71 lines: every long word was compared with every word of three tables
    # (4,901 comparisons); the ones that cannot reach the cutoff are no longer compared
    page = json.loads((DATA / "pdf_page_lines" / "va_form_21_0966_p1.json").read_text())
    calls = []
    quick = difflib.SequenceMatcher.quick_ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "quick_ratio",
                        lambda self: calls.append(1) or quick(self))
    awi._nearest.cache_clear()
    assert classify_scored([l["text"] for l in page["lines"]])[0] == "other"
    assert len(calls) < 500
