"""TimeML out and back: whatever the text, the document is well-formed XML that our reader
(and any XML parser) reads back to the same text, DCT and TIMEX3."""

from datetime import date
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from service.core.xml_text import xml_text
from service.drafts.resolver import find_expressions
from service.drafts.timeml import (
    TimeMLDocument,
    Timex,
    draft_timeml,
    read_timeml,
    timexes_of,
    write_timeml,
)
from tests.helpers import ARTICLE, REPO

# Any code point, surrogates and the characters XML 1.0 forbids included, and the pieces
# that break XML written carelessly: markup, a carriage return a parser would turn into a
# line feed, characters no XML may hold.
ANY_TEXT = st.text(st.characters(codec=None), max_size=50)
HOSTILE = st.sampled_from(["\r\n", "\r", "\x00", "\x1b", "<", "&", "]]>", '"', "\ufffe", "\ud800"])
NEWS_WORDS = st.sampled_from(["on", "8 April 2024", "last year", "Monday", "2009-2010", "now"])
NEWS_TEXT = st.lists(st.one_of(NEWS_WORDS, HOSTILE, ANY_TEXT), max_size=20).map(" ".join)


@st.composite
def documents(draw) -> TimeMLDocument:
    text = draw(NEWS_TEXT)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    timexes = [
        Timex(start, end, draw(NEWS_TEXT), draw(NEWS_TEXT))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if start < end
    ]
    dct = draw(st.dates(date(1, 1, 1), date(9999, 12, 31)))
    return TimeMLDocument(draw(NEWS_TEXT), dct, text, tuple(timexes))


def _as_xml_carries(document: TimeMLDocument) -> TimeMLDocument:
    """What survives: characters XML forbids become U+FFFD, one for one."""
    return TimeMLDocument(
        xml_text(document.docid).strip(),
        document.dct,
        xml_text(document.text),
        tuple(Timex(t.start, t.end, xml_text(t.type), xml_text(t.value)) for t in document.timexes),
    )


@given(documents())
def test_any_document_round_trips_with_only_forbidden_characters_replaced(document):
    written = write_timeml(document)
    assert read_timeml(written) == _as_xml_carries(document)


@given(documents())
def test_the_output_is_well_formed_for_any_xml_parser(document):
    root = ElementTree.fromstring(write_timeml(document))
    assert root.tag == "TimeML"
    [dct] = root.iter("DCT")
    assert dct.find("TIMEX3").attrib == {
        "tid": "t0",
        "type": "DATE",
        "value": document.dct.isoformat(),
        "functionInDocument": "CREATION_TIME",
    }
    tids = [timex.get("tid") for timex in root.find("TEXT").iter("TIMEX3")]
    assert tids == [f"t{number}" for number in range(1, len(document.timexes) + 1)]


@given(NEWS_TEXT, st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_a_draft_of_hostile_text_round_trips(text, published):
    expressions = find_expressions(text, published)
    back = read_timeml(draft_timeml(text, published, "draft", expressions))
    assert back.text == xml_text(text)
    assert back.dct == published
    assert back.timexes == tuple(
        Timex(t.start, t.end, t.type, xml_text(t.value)) for t in timexes_of(expressions)
    )


def test_the_article_as_timeml_marks_each_expression_where_it_is():
    text = ARTICLE.read_text(encoding="utf-8")
    expressions = find_expressions(text, date(2024, 4, 8))
    back = read_timeml(draft_timeml(text, date(2024, 4, 8), "asianews", expressions))
    assert [back.text[t.start : t.end] for t in back.timexes] == [e.phrase for e in expressions]
    assert {"Two weeks ago", "2022"} <= {e.phrase for e in expressions}


def test_overlapping_or_outside_timexes_are_left_out_not_nested():
    kept, overlapping = Timex(0, 6, "DATE", "2024-04-01"), Timex(3, 9, "DATE", "2024-04")
    outside = Timex(8, 40, "DATE", "2024")
    document = TimeMLDocument("d", date(2024, 4, 8), "Monday in April", (kept, overlapping))
    assert read_timeml(write_timeml(document)).timexes == (kept,)
    document = TimeMLDocument("d", date(2024, 4, 8), "Monday in April", (outside,))
    assert read_timeml(write_timeml(document)).timexes == ()


def test_every_tbaq_document_round_trips():
    for path in sorted((REPO / "tests" / "data" / "tbaq").rglob("*.tml")):
        document = read_timeml(path.read_bytes())
        assert read_timeml(write_timeml(document)) == document, path.name
