"""Cache keys of page results, in two stages:

- a page's OCR result (geometry, source, lines): the document's content hash and page number,
  the options that change the page image or its reading, the sha256 of every model involved and
  the renderer's version (a rendered PDF page is a function of all of these);
- its fields: the page's OCR key, the field options and ``EXTRACT_VERSION``;

so a change of field options (``--field``, ``--doc-type``, ``--no-fields``) extracts fields
again from cached lines and runs no OCR. ``processing_key`` covers both stages."""
from __future__ import annotations

from typing import Dict

from importlib.metadata import version

from ..engine.cache import make_key
from ..engine.manifest import get_spec, model_sha256
from ..ingest.dewarp import PARAMS as DEWARP

# bump when extraction rules change what they return for the same lines
EXTRACT_VERSION = 19  # 19: the Gulf's and Sri Lanka's leaves: three decimals for Kuwaiti and
#   Bahraini dinars and Omani rials (their fils and baisa, "KD 400.050", "400/000"), the
#   minor unit's word before its number ("and fils fifty"), Qatari dirhams after riyals, a
#   country named by its adjective ("Qatari Riyals", "Rial Omani"), the Gulf's signs ("QR",
#   "R.O."), minor units after a slash ("617/00"); "Cheque No." anywhere in the top third; a
#   short group between a band's serial and its bank code, transit symbols read "1:"; the
#   payee above the words where no pay label was read; a Sri Lankan leaf by its cents and
#   "or bearer" too, its band as serial, bank and branch code, account; "AI" as the Arabic
#   article; date boxes with no letters placed by the digits read in them, a stray letter
#   beside the printed ones left out
# 18: a month's name read in two pieces ("Au gyst"); a "Date" label read
#   glued to a date whose "/" read "1"; a date's year boxed apart ("15-01-" "2019"), no cheque
#   number; a date another date reads within 2.5 of is ambiguous (was 2.0); a memo's number
#   with a letter after its dash; Turkish "T" for "TL"; a payee word the crop reads again as a
#   known word; "A/s" is "M/s" before the words are put right; a compound name as read stays;
#   a mark the leaf's language does not write taken off; Turkish "yz" for "yüz"; the on-us
#   symbol read "U" beside a serial; cents after "and" with their "/100" lost, "ad" for "and";
#   date boxes read whole never a year after next; a compound name glued to the next word
# 17: a month name with a digit at its edge ("JU1"), an ordinal's "1"
#   read "l" ("2lst"); slashes read as "1"s down to -10; the "$" read as letters beside the
#   figures no payee; a Brazilian city read with digits before the date; "CHEGUE N°"; band
#   pieces with a dash read "." and the on-us symbol "μ"; words on two rows in pieces; "eigt"
#   glued; "yVi RUPEES" and "RUPEES <words>" name the currency; Turkish "TL" read "IL"; a
#   Canadian postal code with "O" for 0; "No." and seven or eight digits; eight date boxes read
#   apart without their letters; a day "1" read "I"; "Jvn" is Jun, and such a date alone at the
#   top right; no payee word put right past 8 on an Indian leaf; an Indian band checked by
#   its code's bank part against the bank the leaf names; signature_present "false" never ok,
#   "true" ok only at twice the least ink
# 16: date boxes read box by box where each box's crop is taller than
#   wide, in a band raised to the digits OCR found in them, from the image's top edge; a box's
#   digit down to -4 (a flagged "1" read "7"); a Brazilian leaf's "R$" read "RS" reais, not
#   rupees; Turkish cues with a dotless i read "1" ("Yap1 Kredi", "YALNi2") and "TL **8.800";
#   Tunisian "le" read "10", "à Tordre de", "Kenya Shillings"; number words glued and misread;
#   a row of words with one number word misread an amount in words
# 15: a US band checked by the leaf's fractional routing ("90-7177/3222"),
#   its symbols read or not (routing ok, convention us, cheque evidence); a processed leaf's
#   amount field no account; "PAr" before a name a pay label; "PTYLTO" is PTY LTD; the plural of
#   a common word a known word of payees ("Medicals"); band pieces with symbols read as primes
#   or "#", gathered row by row
# 14: a MICR band whose digits pass its convention's check (ABA routing,
#   an Indian band whole with its city's PIN, a Tunisian RIB key) a cheque's evidence alone, read
#   as one line or in pieces; "FAY TO THE" a pay label; figures closed by "/-" after a misread
#   sign; an amount in words with a misread scale word left out ("fifty sovar thensand") no
#   amount, not 50; the security legend ("Deals on Back") no payee; an Indian band as OCR read
#   it where it splits into more groups than the second reading, and a symbol read as a digit
#   beside its code split off where the branch PIN says; a currency label read with a piece of
#   no word ("Rupees 万")
# 13: a printed notice ("Valid for three months only") is no amount in
#   words; "E/m" and other two letters about a "/" that are no abbreviation; an initial glued to
#   the names either side; an Indian "M/s" read "N/s"; a lone digit in an Indian MICR band, and
#   digits before its code that are not six no serial; a British leaf's "£" box and "Pounds"
#   label as a cheque's layout; the bank's background print, date-box letters and the header
#   above the pay row never the payee
# 12: a line of digits that is no date read as the likeliest date in
#   its shape; the on-us symbol read "1" ending a word box; Indian payees' "M/8" and accents;
#   figures whose decimal point was not read taken as the words' amount; a payee's stray "/"
#   or "'" in a known word; Kenyan and British units among the words of amounts; a company's
#   closing word with a letter more; a memo's word glued to a number
# 11: a date's crop read again as another date is ambiguous; date boxes
#   and date lines read nearly alike given as ambiguous guesses; a slanted crossing, a pay label
#   read as no word beside the payee
# 10: figures and words that agree only off a best reading are
#   ambiguous; words over two lines read again line by line; paise on the next line; a band
#   losing digits; the on-us symbol read "1" before a space or ":" or at the band's end;
#   separators OCR lost in dates; a bank code printed in a date's shape
# 9: date boxes read one by one; dates glued to a TR/TN label; payee
#   lead-in strokes and possessives
# 8: receipt totals: tax payable rows, cents after a dash
# 7: MICR of Australia, the UK and Canada, the "/=" end mark, a doc_type row
#   on "other" pages, payee word edits, receipt company words, date boxes, "$" by convention
# 6: classification (other projects' PDFs, other languages), conventions of
#   Brazil, Turkey, Tunisia, Kenya and Sri Lanka, Indian rules, payee lexicon, dates with "/" read "1"
# 5: cheque amounts, MICR band, payee, memo and date rules (and payee_words)
# 4: cheque fields read again from the page image (extract/constrained.py)

OCR_MODELS = ("ocr_det", "ocr_det_int8", "ocr_cls", "ocr_rec", "page_orient")


def model_shas(names=OCR_MODELS) -> Dict[str, str]:
    return {n: model_sha256(get_spec(n)) for n in names}


class PageKeys:
    def __init__(self, ingest_key: dict, ocr_key: dict, shas: Dict[str, str], fields_key: dict):
        renderer = version("pymupdf")
        self.parts = [ingest_key, ocr_key, shas, fields_key, renderer, EXTRACT_VERSION, DEWARP]
        self.ocr_parts = [ingest_key, ocr_key, shas, renderer, {"dewarp": DEWARP}]
        self.fields_parts = [fields_key, EXTRACT_VERSION]

    def processing_key(self) -> str:
        """Fingerprint of the models and options (the ``documents.processing_key`` column)."""
        return make_key("processing", *self.parts).hex()[:32]

    def doc(self, sha256: str) -> bytes:
        """The document's page count."""
        return make_key("doc-pages", sha256, *self.ocr_parts)

    def page(self, sha256: str, page: int) -> bytes:
        """A page's OCR result."""
        return make_key("page-ocr", sha256, page, *self.ocr_parts)

    def fields(self, page_key: bytes) -> bytes:
        """The fields of the page whose OCR result is under ``page_key``."""
        return make_key("page-fields", page_key.hex(), *self.fields_parts)
