"""Any text is a valid search: the MATCH expression is built from words, never passed raw."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from service.store.events import EventFilter, fts_match_expression, list_events
from tests.helpers import examples
from tests.store.helpers import database_with, made_up_event

# Text as a hostile client types it: FTS5's own syntax and keywords, quotes next to
# newlines and control characters, and anything else Unicode has, NULs included.
fts_syntax = st.sampled_from(
    [
        '"',
        '""',
        "'",
        "\n",
        "\r",
        "\t",
        "\x0b",
        "\x1f",
        "\x00",
        "*",
        "^",
        ":",
        "-",
        "+",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(",
        "title:",
        "summary:",
        " ",
    ]
)
hostile_text = st.lists(st.one_of(fts_syntax, st.text(max_size=6)), max_size=12).map("".join)
WORD = "zebra"


@settings(max_examples=examples(400), deadline=None)
@given(text=hostile_text)
def test_any_text_is_a_valid_search_and_finds_the_event_whose_title_holds_it(text):
    title = f"{WORD} {text}".replace("\x00", " ")
    db = database_with([made_up_event("e-1", date(2024, 1, 1), date(2024, 1, 1), title=title)])
    assert len(_search(db, text)) <= 1
    assert len(_search(db, f"{WORD} {text}")) == 1
    assert _search(db, f"{text} quagga") == []


def _search(db, text: str) -> list[str]:
    return list_events(db, EventFilter(text=text), limit=5).documents


def test_a_quote_then_a_newline_is_searched_as_plain_words():
    db = database_with([made_up_event("e-1", date(2024, 1, 1), date(2024, 1, 1), title="A b")])
    assert fts_match_expression('"a\nb') == '"""a" "b"'
    assert len(_search(db, '"a\nb')) == 1


def test_text_without_words_finds_nothing():
    db = database_with([made_up_event("e-1", date(2024, 1, 1), date(2024, 1, 1))])
    assert _search(db, "\x00 \ud800 ** ()") == []
