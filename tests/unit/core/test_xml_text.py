"""``xml_text``: any Python string, lone surrogates included, becomes text XML 1.0 holds."""

from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from service.core.xml_text import REPLACEMENT, xml_text

# Every code point, surrogates too (st.characters leaves those out unless asked).
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
ALLOWED = st.characters(codec="utf-8").filter(
    lambda c: (
        c in "\t\n\r" or ("\x20" <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
    )
)


@given(st.text(alphabet=ANY_CHARACTER))
def test_any_text_comes_back_from_a_strict_xml_parser_as_written_or_replaced(text):
    element = ElementTree.Element("title")
    element.text = xml_text(text)
    parsed = ElementTree.fromstring(ElementTree.tostring(element, encoding="utf-8")).text or ""
    expected = xml_text(text).replace("\r\n", "\n").replace("\r", "\n")
    assert parsed == expected and len(xml_text(text)) == len(text)


@given(st.text(alphabet=ALLOWED))
def test_text_xml_holds_is_left_as_it_is(text):
    assert xml_text(text) == text


def test_each_forbidden_kind_is_replaced():
    forbidden = "\x00\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"
    assert xml_text(f"a{forbidden}b") == f"a{REPLACEMENT * len(forbidden)}b"


def test_every_code_point_is_kept_exactly_when_xml_1_0_allows_it():
    """Exhaustively, all 1,114,112 code points against XML 1.0's Char production."""
    everything = "".join(map(chr, range(0x110000)))
    kept = xml_text(everything)
    for code, (given_character, written) in enumerate(zip(everything, kept, strict=True)):
        allowed = (
            code in (0x9, 0xA, 0xD)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        )
        assert written == (given_character if allowed else REPLACEMENT), hex(code)
