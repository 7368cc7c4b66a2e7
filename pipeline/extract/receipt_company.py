"""A receipt's merchant block: the company name and the address below it."""
from __future__ import annotations

import re
import statistics
from typing import List, Optional, Tuple

from ..document import Line
from .doctypes.receipt import RECEIPT
from .dates import find_dates
from .receipt_dates import _date_text
from .receipt_name_words import mend_name
from .receipt_rows import _amounts, _mean_conf, _Row, _union_box
from .receipt_rows import _fold as _fold_text
from .types import STATUS_MISSING, STATUS_UNCHECKED, Field

EXTRACTOR = RECEIPT.tag


# --------------------------------------------------------------------------- header: company, address

_SDN_BHD_OCR = (  # the Malaysian "SDN BHD" as OCR misreads it: "SON BHD", "5DN BH0", "SDNBHD"
    (re.compile(r"\b[S5][DO0]N(?=\.?\s*B[HN][DO0]\b)"), "SDN"),
    (re.compile(r"(?<=SDN)(\.?\s*)B[HN][DO0]\b"), r"\1BHD"),
    (re.compile(r"\bSDNBHD\b"), "SDN BHD"),
)


def _fold(text: str) -> str:
    """Accents and full-width forms folded, the legal suffix's OCR slips mended."""
    t = _fold_text(text)
    for rx, rep in _SDN_BHD_OCR:
        t = rx.sub(rep, t)
    return t


_SUFFIX = re.compile(
    r"(?i)(?:\bSDN\.?\s*BHD\b\.?|\bSDN\b\.?|\bBHD[I1l|]?\b\.?|\bBERHAD\b|\b[S5]\s*/\s*[B8]\b|\bSB\b|\bPLT\b|\bLLP\b|"
    r"\bP\.?T\.?E\.?\s*L\.?T\.?D\b\.?|\bPTY\.?\s*LTD\b\.?|\bLTD\b\.?|\bLIMITED\b|\bINC\b\.?|\bLLC\b|"
    r"\bCORP(?:ORATION)?\b\.?|\bGMBH\b|\bCO\.(?!\s*(?:NO|REG))|\bCOMPANY\b(?!\s*(?:NO|REG))|"
    r"\bENTERPRISES?\b|\bTRADING\b|\bINDUSTRIES\b|\bHOLDINGS?\b)"
)
_TRADE = re.compile(
    r"(?i)\b(?:RESTORAN|RESTAURANTS?|CAFE|KAFE|COFFEE|BAKERY|BAKERIES|KEDAI|PERNIAGAAN|SYARIKAT|"
    r"PASAR|PASARAYA|MART|MARKET|SUPERMARKET|HYPERMARKET|MINIMARKET|STORES?|SHOP|BOUTIQUE|"
    r"PHARMACY|FARMASI|CLINIC|KLINIK|HARDWARE|STATIONERY|BOOKS?|ELECTRICAL|MOTOR|AUTO|"
    r"PETRO|PETROL|STATION|HOTEL|CASH\s*&\s*CARRY|TRADERS?|SERVICES?|CENTRE|CENTER|"
    r"KITCHEN|FOOD|SEAFOOD|BISTRO|DELI|TEA|BAR|GRILL|PIZZA|BURGER|CHICKEN|MAKER|PRINT|"
    r"SUPPLIES|SUPPLY|OFFICE|RETAIL|FRUITS?|FLORIST|LAUNDRY|SALON|OPTICAL)\b"
)
_ADDRESS = re.compile(
    r"(?i)\b(?:JALAN|JLN|LORONG|LRG|LOT|NO\.?\s*\d+[A-Z]?|TAMAN|TMN|BANDAR|KAWASAN|SEKSYEN|SECTION|"
    r"PERSIARAN|LEBUH|LEBUHRAYA|BLOK|BLOCK|LEVEL|FLOOR|FLR|TINGKAT|WISMA|PLAZA|MALL|"
    r"KAMPUNG|KG|MUKIM|BATU|STREET|ST\.|ROAD|RD\.?|AVENUE|AVE|DRIVE|LANE|SUITE|UNIT|"
    r"KUALA\s*LUMPUR|SELANGOR|JOHOR|PAHANG|PERAK|PENANG|PULAU\s*PINANG|KEDAH|KELANTAN|"
    r"TERENGGANU|MELAKA|MALACCA|NEGERI\s*SEMBILAN|SABAH|SARAWAK|PERLIS|PUTRAJAYA|LABUAN|"
    r"MALAYSIA|SINGAPORE|DARUL\s*EHSAN|D\.E\.?)\b|\b\d{5}\b|^\d+[A-Z]?\s*,|\d+\s*/\s*\d+"
)
_PHONE = re.compile(r"(?i)\b(?:TEL|TELEPHONE|PHONE|PH|FAX|HP|MOBILE|H/P|WHATSAPP)\b|\+?\d{2,4}\s*-\s*\d{3,4}\s*-?\s*\d{3,5}\b"
                    r"|^\W*\(?\d{2,3}\)?[\s-]?\d{6,8}\W*$|^\W*\d{3}-\d{7,8},?\W*$")
_REGNO = re.compile(
    r"(?i)\bGST\b|\bSST\b|\bTAX\s*ID\b|\bREG(?:ISTRATION)?\b|\bCO\.?\s*NO\b|\bCOMPANY\s*NO\b|\bROC\b|"
    r"\bBR\s*NO\b|\bUEN\b|\bABN\b|\bVAT\b|^\W*\(?[A-Z]{0,3}\d{4,}\s*-?\s*[A-Z]\)?\W*$|"
    r"\(\s*\d{4,}\s*-?\s*[A-Z]\s*\)|\(\s*LLP\d+[\w-]*\)"
)
_WEB = re.compile(r"(?i)@|www\.|https?:|\.com\b|\.my\b|e-?mail|website")
_STOP = re.compile(
    r"(?i)TAX\s*INVOICE|TAXINVOICE|INVO[A-Z]CE|INVOICE|RECE[A-Z]PT|RECEIP[A-Z]|\bBILL\b|CASHIER|\bDATE\b|\bTABLE\b|"
    r"GUEST\s*CHECK|\bORDER\b|\bSLIP\b|\bTERMINAL\b|\bCOUNTER\b|\bQTY\b|\bITEM\b|SALESPERSON"
)


def _letters(s: str) -> int:
    return sum(c.isalpha() for c in s)


def _is_junk(text: str) -> bool:
    """Scanner stamps, logos read as a letter or two, separator rows."""
    t = text.strip()
    letters = _letters(t)
    digits = sum(c.isdigit() for c in t)
    if letters < 3:
        return True
    if digits > letters:
        return True
    if not re.search(r"[A-Za-z]{2,}", t):
        return True
    return False


# a closing courtesy line, sometimes printed (or read) at the top: never the business name
_COURTESY = re.compile(r"(?i)\bTHANK\s*(?:YOU|S)\b|\bTERIMA\s*KASIH\b|\bCOME\s+AGAIN\b|"
                       r"\bVISIT\s+(?:US|AGAIN)\b|\bWELCOME\b|\bSELAMAT\s+DATANG\b|\bHAVE\s+A\s+NICE\b")


def _header_rows(rows: List[_Row], height: float) -> List[_Row]:
    out = []
    for r in rows:
        t = _fold(r.text)
        named = any(not _is_junk(o.text) and not _is_other(_fold(o.text))
                    and not _COURTESY.search(_fold(o.text)) for o in out)
        if named and (_STOP.search(t) or _amounts(t)):
            break
        if height and r.top > 0.6 * height and named:
            break
        if _STOP.search(t) and not _SUFFIX.search(t):
            continue  # "Your order number is" above the shop's name
        out.append(r)
        if len(out) >= 14:
            break
    return out


def _is_other(t: str) -> bool:
    """Header rows that are not a business name."""
    return bool(_PHONE.search(t) or _REGNO.search(t) or _WEB.search(t))


def _clean_company(text: str) -> str:
    t = _fix_name_ocr(_fold(text).strip())
    t = re.sub(r"\b5\s*/\s*[B8]\b|\bS\s*/\s*8\b", "S/B", t)  # OCR of "S/B"
    t = re.sub(r"(?i)\b(BHD)[I1l|]\b", r"\1", t)  # a stroke read after the suffix: "SDN BHDI"
    t = re.sub(r"(?<=[A-Za-z]{2})[:;](?=\s+[A-Za-z])", "", t)  # a speck read as a colon: "THE: TOAST"
    # a registration number ends the name: "MYNEWS RETAIL SB(306295-X) FKA BISON STORES SB"
    reg = re.search(r"\(?\s*\b[A-Z]{0,3}\d{4,}\s*-\s*[A-Z]\b\s*\)?|\(\s*\d{4,}\s*-?\s*[A-Z]\s*\)", t)
    if reg and _letters(t[: reg.start()]) >= 3:
        t = t[: reg.start()]
    matches = list(_SUFFIX.finditer(t))
    legal = [m for m in matches if re.search(
        r"(?i)SDN|BHD|BERHAD|[S5]\s*/\s*[B8]|\bSB\b|PLT|LLP|PTE|PTY|LTD|LIMITED|INC|LLC|CORP|GMBH", m.group(0))]
    if legal:
        m = legal[-1]
        rest = t[m.end():]
        keep = ""
        pm = re.match(r"\s*(\([A-Za-z][A-Za-z .&'-]{2,}\))", rest)
        if pm:
            keep = " " + pm.group(1)
        t = t[: m.end()] + keep
    else:
        # a registration number after the name: "GOLDEN KEY MAKER (000760274-K)"
        t = re.sub(r"\s*\(?\s*[A-Z]{0,3}\d{4,}\s*-?\s*[A-Z]?\s*\)?\s*$", "", t)
    t = re.sub(r"^[\W_]+(?=\w)", "", t)   # "☆ Home of ..."
    t = re.sub(r"[\s,;:*_\-]+$", "", t)
    return re.sub(r"\s+", " ", t).strip()


def _name_lines(row: _Row) -> List[Line]:
    """The lines of a row that belong to a printed name: logos and stamps beside it are dropped."""
    good = [l for l in row.lines if not _is_junk(l.text)]
    if not good:
        return list(row.lines)
    h = statistics.median(l.y1 - l.y0 for l in good)
    out = []
    for l in row.lines:
        lh = l.y1 - l.y0
        if l not in good and (lh > 1.8 * h or lh < 0.4 * h or not re.search(r"[A-Za-z&]", l.text)):
            continue
        out.append(l)
    return out


def _fix_name_ocr(t: str) -> str:
    """Digits read inside words of a name: "D.1.Y." -> "D.I.Y.", "C0MPANY" -> "COMPANY"."""
    t = re.sub(r"(?<=[A-Za-z]\.)1(?=\.[A-Za-z])", "I", t)
    t = re.sub(r"(?<=[A-Za-z]\.)0(?=\.[A-Za-z])", "O", t)
    t = re.sub(r"(?<=[A-Za-z])1(?=[A-Za-z])", "I", t)
    t = re.sub(r"(?<=[A-Za-z])0(?=[A-Za-z])", "O", t)
    return t


_PARENS = re.compile(r"\([^()]*\)")


def _suffix_only(text: str) -> bool:
    """A row that is only a legal suffix ("SDN BHD", "CO. (M) SDN BHD")."""
    rest = _SUFFIX.sub(" ", _fold(text))
    rest = re.sub(r"\([A-Za-z]{1,2}\)|\(\s*\d+\s*-?\s*[A-Z]?\s*\)|[^A-Za-z]", " ", rest)
    return len([w for w in rest.split() if len(w) > 1]) == 0

_REG_ROW = re.compile(r"(?i)^\W*(?:\(?\s*(?:CO(?:MPANY)?\.?\s*(?:REG\.?\s*)?NO\.?|ROC|BRN?\s*NO\.?)\W*)?"
                      r"[A-Z]{0,3}\d{4,}\s*-?\s*[A-Z]\s*\)?\W*$")
_LEGAL = re.compile(r"(?i)SDN|BHD|BERHAD|[S5]\s*/\s*[B8]|\bSB\b|PLT|LLP|PTE|PTY|LTD|LIMITED|INC|LLC|CORP|GMBH")
_CONNECTOR = re.compile(r"(?i)(?:&|\bAND|\bOF|\bDAN|-)\s*$")
_SLOGAN = re.compile(r"(?i)\bTHANK|\bWELCOME|\bSELAMAT|\bPLEASE\b|\bCOME\s+AGAIN|\bVISIT\b|"
                     r"\bOPEN(?:ING)?\b|\bHOURS\b|\bDAILY\b|\bPROMO|\bMEMBER")
_LEADING_CONNECTOR = re.compile(r"(?i)^\W*(?:&|AND\b)")


def _name_like(r: _Row) -> bool:
    t = _fold(r.text)
    # "(MALAYSIA)", "(SETIA ALAM)" in a name are its country or branch, not an address
    return not (_is_junk(t) or _is_other(t) or _ADDRESS.search(_PARENS.sub(" ", t)) or _STOP.search(t)
                or _SLOGAN.search(t)
                or find_dates(_date_text(t), prefer="dmy"))


def _own_words(text: str) -> List[str]:
    """The words of a name that are not a legal suffix, a trade word or a bracketed branch."""
    rest = _TRADE.sub(" ", _PARENS.sub(" ", _SUFFIX.sub(" ", _fold(text))))
    return [w for w in re.sub(r"[^A-Za-z]", " ", rest).split() if len(w) > 1]


def _same_print(a: _Row, b: _Row) -> bool:
    """Two rows in the same size of print (a logo or a brand above a name is often larger)."""
    ha = statistics.median(l.y1 - l.y0 for l in a.lines)
    hb = statistics.median(l.y1 - l.y0 for l in b.lines)
    return 0.7 <= ha / max(hb, 1.0) <= 1.45


def _name_block(usable: List[_Row], i: int) -> List[_Row]:
    """The rows of a business name around its suffix row ``usable[i]``: a name printed over two or
    three rows ("AIK HUAT HARDWARE ENTERPRISE" / "(SETIA ALAM) SDN BHD"; "KEDAI UBAT &" /
    "JAMU SDN BHD"; "MR. D.I.Y. (M)" / "SDN BHD") is joined; a branch in brackets below is kept."""
    r = usable[i]
    t = _fold(r.text)
    pick = [r]
    if i > 0:
        prev = usable[i - 1]
        pt = _fold(prev.text)
        # a row above with the rest of the name; not a brand above a complete legal name
        # ("CITY MILK" / "R&C VENTURE SDN BHD (1191015-W)")
        if _name_like(prev) and not _LEGAL.search(pt) and (
                _suffix_only(t) or _suffix_only(_PARENS.sub(" ", t)) or _CONNECTOR.search(pt)
                or (not _own_words(t) and _own_words(pt) and _same_print(prev, r))):
            # ... or only trade words before the suffix: "LIAN HING" / "STATIONERY SDN BHD"
            pick = [prev, r]
    if i + 1 < len(usable):
        nxt = usable[i + 1]
        nt = _fold(nxt.text).strip()
        if (re.fullmatch(r"\([A-Za-z][A-Za-z .&'-]{3,}\)", nt)
                or (re.match(r"\([A-Za-z][A-Za-z .&'-]{3,}\)", nt) and _SUFFIX.search(nt)
                    and _suffix_only(_PARENS.sub(" ", nt)))):
            pick = pick + [nxt]  # a branch in brackets: "(JALAN KLANG LAMA)"
        elif not _LEGAL.search(t) and _LEGAL.search(nt) and (
                _suffix_only(nt) or _suffix_only(_PARENS.sub(" ", nt))):
            pick = pick + [nxt]  # "ABC ENTERPRISE" / "SDN BHD"
        elif (_CONNECTOR.search(t) or _LEADING_CONNECTOR.search(nt)) and _name_like(nxt):
            pick = pick + [nxt]  # "KEDAI UBAT &" / "JAMU TRADISIONAL", "K STATIONERY" / "& OFFICE"
    return pick


def _company_and_address(rows: List[_Row], height: float) -> Tuple[Field, Field]:
    header = _header_rows(rows, height)
    usable = [r for r in header if not _is_junk(r.text) and not _COURTESY.search(_fold(r.text))]
    pick: Optional[List[_Row]] = None
    how = ""
    for i, r in enumerate(usable):
        t = _fold(r.text)
        if _is_other(t) and not _SUFFIX.search(re.sub(r"(?i)\bCO\.?\s*NO\b.*", "", t)):
            continue
        if _ADDRESS.search(t) and not _SUFFIX.search(t):
            continue
        if _SUFFIX.search(t):
            pick, how = _name_block(usable, i), "legal or trade suffix"
            break
    if pick is None:
        for i, r in enumerate(usable):
            t = _fold(r.text)
            if _TRADE.search(t) and not _is_other(t) and not _ADDRESS.search(t):
                pick, how = [r], "trade word"
                if i + 1 < len(usable) and _LEADING_CONNECTOR.search(_fold(usable[i + 1].text)):
                    pick = [r, usable[i + 1]]  # "K STATIONERY" / "& OFFICE SUPPLIES"
                elif len(_own_words(t)) <= 1 and i + 1 < len(usable):
                    # "RESTORAN" / "WAN SHENG", "KEDAI PAPAN" / "YEW CHUAN": the name goes on
                    nxt = usable[i + 1]
                    if (_name_like(nxt) and _same_print(r, nxt) and _own_words(nxt.text)
                            and not _TRADE.search(_fold(nxt.text))):
                        pick = [r, nxt]
                break
    if pick is None:
        # the rows right above a registration number ("(123456-X)", "Co. No ...") name its holder
        for i, r in enumerate(header):
            if i and _REG_ROW.search(_fold(r.text)) and header[i - 1] in usable and _name_like(header[i - 1]):
                pick, how = _name_block(usable, usable.index(header[i - 1])), "above the registration number"
                break
    if pick is None:
        for r in usable:
            t = _fold(r.text)
            if not _is_other(t) and not _ADDRESS.search(t) and _letters(t) >= 3:
                pick, how = [r], "first header row"
                break
    if pick is None:
        company = Field("company", raw=None, value=None, type="text", conf=0.0,
                        status=STATUS_MISSING, extractor=EXTRACTOR, message="no business name found")
        return company, _address_field(usable, 0)
    lines = [l for r in pick for l in _name_lines(r)]
    raw = " ".join(l.text.strip() for l in lines)
    value, mended = mend_name(_clean_company(raw), _receipt_words(rows, pick))
    if mended:
        how = f"{how}; " + "; ".join(mended)
    company = Field("company", raw=raw, value=value or None, type="text", conf=_mean_conf(lines),
                    box=_union_box(lines), line_nos=[l.line_no for l in lines],
                    status=STATUS_UNCHECKED if value else STATUS_MISSING, message=how,
                    extractor=EXTRACTOR)
    start = usable.index(pick[-1]) + 1
    return company, _address_field(usable, start)


def _receipt_words(rows: List[_Row], pick: List[_Row]) -> frozenset:
    """The words (four letters and more, lower case) printed on the receipt outside the name's
    own rows: a shop's name is often printed again ("Owned by: SANYU SUPPLY SDN BHD")."""
    return frozenset(w.lower() for r in rows if r not in pick
                     for w in re.findall(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])", _fold(r.text)))


_POSTCODE_OR_STATE = re.compile(
    r"(?i)\b\d{5}\b|\b(?:KUALA\s*LUMPUR|SELANGOR|JOHOR|PAHANG|PERAK|PENANG|PULAU\s*PINANG|KEDAH|"
    r"KELANTAN|TERENGGANU|MELAKA|MALACCA|NEGERI\s*SEMBILAN|SABAH|SARAWAK|PERLIS|PUTRAJAYA|LABUAN|"
    r"MALAYSIA|SINGAPORE|DARUL\s*EHSAN)\b"
)


def _address_field(usable: List[_Row], start: int) -> Field:
    got: List[_Row] = []
    closed = False  # a postcode or state has been read: only address-like rows may follow
    for r in usable[start:]:
        lines = _name_lines(r)
        t = _fold(" ".join(l.text.strip() for l in lines))
        if _PHONE.search(t) or _WEB.search(t) or _STOP.search(t):
            if got:
                break
            continue
        if _REGNO.search(t):
            if got:
                break
            continue
        if find_dates(_date_text(t), prefer="dmy"):
            if got:
                break
            continue
        if not got and not _ADDRESS.search(t):
            continue  # branch or brand name before the street ("IKEA Cheras")
        if closed and (not _ADDRESS.search(t) or re.match(r"^\W*\(.*\)\W*$", t)):
            break  # "SHOPPING HOURS", "(IOI PUCHONG)": the branch, not the address
        got.append(_Row(lines, r.top, r.bottom))
        if _POSTCODE_OR_STATE.search(t):
            closed = True
        if len(got) >= 6:
            break
    if not got:
        return Field("address", raw=None, value=None, type="text", conf=0.0, status=STATUS_MISSING,
                     extractor=EXTRACTOR, message="no address rows found")
    lines = [l for r in got for l in r.lines]
    raw = " ".join(r.text for r in got)
    value = re.sub(r"\s+", " ", _fold(raw)).strip()
    return Field("address", raw=raw, value=value, type="text", conf=_mean_conf(lines),
                 box=_union_box(lines), line_nos=[l.line_no for l in lines],
                 status=STATUS_UNCHECKED, extractor=EXTRACTOR)
