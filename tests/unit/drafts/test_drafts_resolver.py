"""The resolver's rules one by one, and its behaviour on any text at all."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.drafts.resolver import find_expressions
from service.drafts.resolver.sentences import sentence_spans

MONDAY = date(2024, 4, 8)


def _dates(text: str, published: date = MONDAY) -> dict[str, str | None]:
    return {e.phrase: e.date.edtf if e.date else None for e in find_expressions(text, published)}


def test_sentences_split_at_full_stops_but_not_after_abbreviations():
    text = "Mr. Lee met Dr. Chen on Jan. 5 in the U.S. capital. They spoke.\nNew line"
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == [
        "Mr. Lee met Dr. Chen on Jan. 5 in the U.S. capital.",
        "They spoke.",
        "New line",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Talks were held on Tuesday.", "2024-04-02"),
        ("Talks will be held on Tuesday.", "2024-04-09"),
        ("They said on Monday that talks will resume.", "2024-04-08"),
        ("Figures will be published on Thursday.", "2024-04-11"),
    ],
)
def test_a_weekday_without_a_date_follows_the_tense_of_its_clause(sentence, expected):
    assert [d for p, d in _dates(sentence).items() if p in ("Tuesday", "Monday", "Thursday")] == [
        expected
    ]


def test_a_month_without_a_year_is_the_last_one_in_the_past_and_the_next_in_the_future():
    assert _dates("Prices fell in December.") == {"December": "2023-12"}
    assert _dates("Prices will fall in December.") == {"December": "2024-12"}
    assert _dates("Prices fell in April.") == {"April": "2024-04"}


def test_may_the_verb_is_not_a_month_but_in_may_is():
    assert _dates("Things may change. Talks ended in May.") == {"May": "2023-05"}


def test_numeric_dates_follow_publication_then_the_documents_convention():
    assert _dates("Dated 04/08/2024.") == {"04/08/2024": "2024-04-08"}
    assert _dates("Dated 05/04/2024.") == {"05/04/2024": "2024-04-05"}
    assert _dates("Dated 03/02/2024.") == {"03/02/2024": None}
    assert _dates("Dated 03/02/2024, then 25/03/2024.")["03/02/2024"] == "2024-02-03"
    assert _dates("Dated 03/02/2024, then 03/25/2024.")["03/02/2024"] == "2024-03-02"


def test_an_ambiguous_numeric_date_is_reported_with_both_readings():
    [expression] = find_expressions("Dated 03/02/2024.", MONDAY)
    assert expression.kind == "numeric" and expression.date is None
    assert "2024-03-02" in expression.reason and "2024-02-03" in expression.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("It happened last summer.", "season"),
        ("It happened this morning.", "time of day"),
        ("It lasted for three years.", "duration"),
        ("It grew two years later.", "not in its sentence"),
        ("It happened on 30 February 2023.", "not a calendar day"),
    ],
)
def test_unresolvable_expressions_are_listed_with_a_reason(text, reason):
    [expression] = find_expressions(text, MONDAY)
    assert expression.date is None and reason in expression.reason


def test_possessive_is_left_out_of_the_phrase():
    [expression] = find_expressions("During last month’s meeting.", MONDAY)
    assert (expression.phrase, expression.date.edtf) == ("last month", "2024-03")


def test_leap_day_arithmetic_clamps_to_the_end_of_february():
    assert _dates("Sales rose in the past year.", date(2024, 2, 29)) == {
        "the past year": "2023-02-28/2024-02-29"
    }
    assert _dates("Sales rose on 29 February.", date(2025, 3, 1)) == {"29 February": "2024-02-29"}


def test_every_resolution_says_how_and_from_which_reference_date():
    for expression in find_expressions("Prices fell two weeks ago and last year.", MONDAY):
        assert expression.phrase in expression.resolved_from
        assert "2024-04-08" in expression.resolved_from


@settings(max_examples=200, deadline=1000)
@given(
    st.lists(
        st.sampled_from(
            [*"0123456789/-.:, 'sSyYaAmMtT\n²٣", "ago", "the ", "May", "last ", "week"]
        ),
        max_size=3000,
    ).map("".join),
    st.dates(),
)
def test_any_text_gives_ordered_spans_inside_their_sentences(text, published):
    found = find_expressions(text, published)
    previous_end = 0
    for expression in found:
        assert previous_end <= expression.start < expression.end
        assert expression.sentence_start <= expression.start
        assert expression.end <= expression.sentence_end
        assert text[expression.start : expression.end] == expression.phrase
        assert (expression.date is None) != (expression.reason is None)
        previous_end = expression.end


@pytest.mark.parametrize(
    "text", ["1/" * 20000, "a-" * 20000, "'" * 40000, "1" * 40000, ". A" * 13000]
)
def test_pathological_repetitions_hold_no_date_and_none_is_invented(text):
    """Runs of slashes, hyphens, quotes and digits name no day, month or year: nothing is
    found in them, at any length. (That the cost stays linear is
    tests/unit/drafts/test_drafts_cost_is_linear.py's to prove.)"""
    assert find_expressions(text, MONDAY) == []
    assert find_expressions(text[:200], MONDAY) == []
