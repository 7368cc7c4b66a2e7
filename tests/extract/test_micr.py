import pytest

from pipeline.extract.micr import aba_valid, looks_like_micr, parse_micr


@pytest.mark.parametrize(
    "routing, ok",
    [
        ("021000021", True),   # JPMorgan Chase
        ("011000015", True),   # Federal Reserve Boston
        ("121000358", True),   # Bank of America CA
        ("026009593", True),   # Bank of America NY
        ("238462999", True),
        ("123456789", False),
        ("021000022", False),
        ("02100002", False),
        ("0210000211", False),
        ("02100002a", False),
        ("", False),
    ],
)
def test_aba_check_digit(routing, ok):
    assert aba_valid(routing) is ok


def _parts(text, number=None):
    r = parse_micr(text, cheque_number=number)
    return r.routing, r.account, r.serial, r.routing_valid


@pytest.mark.parametrize(
    "text, routing, account, serial",
    [
        # personal layout: ⑆routing⑆ account⑈ serial
        ("⑆021000021⑆ 123456789⑈ 1001", "021000021", "123456789", "1001"),
        # the symbols as OCR reads them
        ("|:021000021|: 123456789\" 1001", "021000021", "123456789", "1001"),
        ("I:102585575I: 613992770 000318", "102585575", "613992770", "000318"),
        ("I:221645037H:66639972630 764", "221645037", "66639972630", "764"),
        ("I117980660I:3226547991 3021", "117980660", "3226547991", "3021"),
        ("a021000021a 123456789c 1001", "021000021", "123456789", "1001"),
        ("A021000021A 123456789C 1001", "021000021", "123456789", "1001"),
        (":021000021: 123456789II 1001", "021000021", "123456789", "1001"),
        # a transit symbol read as "1:" glued to the routing number
        ("1:0210000211: 123456789II 1001", "021000021", "123456789", "1001"),
        ("I:0197198871: 82334240 2207", "019719887", "82334240", "2207"),
        # the bar of the closing "|:" read as "1" and the opening symbol as a lone "I"
        ("I1179806601:3226547991 3021", "117980660", "3226547991", "3021"),
        # business layout: ⑈serial⑈ ⑆routing⑆ account⑈
        ("⑈001234⑈ ⑆011000015⑆ 9876543210⑈", "011000015", "9876543210", "001234"),
        ("\"001234\" :011000015: 9876543210\"", "011000015", "9876543210", "001234"),
        ("C001234C A011000015A 9876543210C", "011000015", "9876543210", "001234"),
        ("II001234II |:011000015|: 9876543210II", "011000015", "9876543210", "001234"),
        # dash symbol inside the account number
        (":021000021: 123d456d789\" 0042", "021000021", "123456789", "0042"),
        ("⑆021000021⑆ 123⑉456⑉789⑈ 0042", "021000021", "123456789", "0042"),
        # a short serial before a long account after the routing
        (":021000021: 0042\" 9876543210\"", "021000021", "9876543210", "0042"),
        # routing only
        ("⑆021000021⑆", "021000021", None, None),
        # O read for a zero
        (":O21OOOO21: 123456789\" 1001", "021000021", "123456789", "1001"),
    ],
)
def test_parse_micr(text, routing, account, serial):
    assert _parts(text) == (routing, account, serial, True)


@pytest.mark.parametrize(
    "text, number, routing, account, serial",
    [
        # the on-us symbol got lost: account and serial merged, split at the cheque number
        ("I:2384629991:98234092061042", "1042", "238462999", "9823409206", "1042"),
        ("I:081431355I:5509108971001187", "1187", "081431355", "5509108971", "001187"),
        ("I:081431355H5509108971001193", "1193", "081431355", "5509108971", "001193"),
        # the known cheque number decides the order of serial and account
        (":021000021: 1001\" 123456789\"", "1001", "021000021", "123456789", "1001"),
        (":021000021: 123456789\" 1001", "1001", "021000021", "123456789", "1001"),
        ("I:102585575I: 613992770 000318", "318", "102585575", "613992770", "000318"),
        ("\"001234\" :011000015: 9876543210\"", "1234", "011000015", "9876543210", "001234"),
    ],
)
def test_parse_micr_with_cheque_number(text, number, routing, account, serial):
    assert _parts(text, number) == (routing, account, serial, True)


def test_parse_micr_layout_and_notes():
    r = parse_micr("⑈001234⑈ ⑆011000015⑆ 9876543210⑈")
    assert r.layout == "business"
    r = parse_micr("⑆021000021⑆ 123456789⑈ 1001")
    assert r.layout == "personal"
    assert r.notes == []
    r = parse_micr("I:2384629991:98234092061042", cheque_number="1042")
    assert r.notes == ["account and serial read as one group; split at the cheque number"]


def test_parse_micr_prefers_group_after_transit_symbol():
    # both 9-digit groups pass the ABA check; the one between transit symbols wins
    r = parse_micr("011000015 :021000021: 5555")
    assert (r.routing, r.account) == ("021000021", "5555")


def test_parse_micr_invalid_routing():
    r = parse_micr(":123456789: 555666777\" 1001")
    assert r.routing == "123456789"
    assert r.routing_valid is False
    assert r.notes == ["routing number fails the ABA check"]
    assert (r.account, r.serial) == ("555666777", "1001")


def test_parse_micr_garbage():
    r = parse_micr("hello world")
    assert (r.routing, r.account, r.serial, r.routing_valid) == (None, None, None, False)
    r = parse_micr("")
    assert r.routing is None


def test_parse_micr_ignores_amount_field():
    r = parse_micr("⑆021000021⑆ 123456789⑈ 1001 ⑇0000012345⑇")
    assert (r.routing, r.account, r.serial) == ("021000021", "123456789", "1001")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("⑆021000021⑆ 123456789⑈ 1001", True),
        ("I:2384629991:98234092061042", True),
        ("I:102585575I: 613992770 000318", True),
        ("One thousand two hundred thirty-four and 56/100 DOLLARS", False),
        ("Invoice 2231", False),
        ("03/15/2026", False),
        ("Salem, OR 97301", False),
        ("Tel 555 123 4567", False),
    ],
)
def test_looks_like_micr(text, expected):
    assert looks_like_micr(text) is expected
