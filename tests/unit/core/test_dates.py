from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.dates import (
    InvalidDate,
    _parse_with_grammar,
    _plain_date,
    parse_event_date,
    parse_query_date,
)
from tests.helpers import examples


@pytest.mark.parametrize(
    ("edtf", "start", "end", "precision"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31), "year"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28), "month"),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29), "month"),
        ("2024-04", date(2024, 4, 1), date(2024, 4, 30), "month"),
        ("2024-12", date(2024, 12, 1), date(2024, 12, 31), "month"),
        ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29), "day"),
        ("2024-04-06", date(2024, 4, 6), date(2024, 4, 6), "day"),
        ("202X", date(2020, 1, 1), date(2029, 12, 31), "year"),
        ("2024-XX", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ],
)
def test_date_covers_the_days_of_its_period(edtf, start, end, precision):
    span = parse_event_date(edtf)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert not span.approximate and not span.uncertain


def test_approximate_day_keeps_strict_bounds_not_fuzzy_ones():
    span = parse_event_date("2024-03-25~")
    assert (span.start, span.end, span.precision) == (date(2024, 3, 25), date(2024, 3, 25), "day")
    assert span.approximate and not span.uncertain


def test_uncertain_year_is_flagged_and_covers_the_year():
    span = parse_event_date("2024?")
    assert (span.start, span.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert span.uncertain and not span.approximate


def test_uncertain_and_approximate_month_sets_both_flags():
    span = parse_event_date("2023-07%")
    assert span.uncertain and span.approximate and span.precision == "month"


def test_fiscal_year_interval_runs_from_first_to_last_day():
    span = parse_event_date("2022-10-01/2023-09-30")
    assert (span.start, span.end, span.precision) == (date(2022, 10, 1), date(2023, 9, 30), "day")


def test_interval_precision_is_its_coarsest_end():
    span = parse_event_date("2024-04/2024-04-08")
    assert (span.start, span.end, span.precision) == (date(2024, 4, 1), date(2024, 4, 8), "month")


def test_interval_with_an_approximate_end_is_approximate_and_keeps_its_bounds():
    """The qualifier on one end marks the whole span approximate, not uncertain, and moves
    neither bound; the same interval without it is exact."""
    span = parse_event_date("2023/2024-06~")
    exact = parse_event_date("2023/2024-06")
    assert (span.start, span.end, span.precision) == (date(2023, 1, 1), date(2024, 6, 30), "year")
    assert (span.approximate, span.uncertain) == (True, False)
    assert (exact.start, exact.end, exact.approximate) == (span.start, span.end, False)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-02-29", "not a calendar date"),
        ("2024-13", "not a valid EDTF date"),
        ("2024-04-31", "not a valid EDTF date"),
        ("2024-21", "Season"),
        ("2024-04-08T10:00:00", "not supported"),
        ("2024-04-01/..", "open-ended"),
        ("../2024", "open-ended"),
        ("2024-05/2024-04", "ends before it starts"),
        ("2024-XX-15", "neither one day, one month nor whole years"),
        ("", "required"),
        ("yesterday", "not a valid EDTF date"),
        ("2024/2025/2026", "more than one"),
        ("0000", "not a calendar date"),
    ],
)
def test_unsupported_or_impossible_dates_are_rejected_with_a_reason(text, reason):
    with pytest.raises(InvalidDate, match=reason):
        parse_event_date(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-02-15", date(2024, 2, 15), date(2024, 2, 15)),
    ],
)
def test_query_date_spans_its_period(text, start, end):
    span = parse_query_date(text)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["2024-2", "24", "2024-03-25~", "2024?", "2022/2023", " 2024"])
def test_query_dates_accept_only_plain_calendar_forms(text):
    with pytest.raises(InvalidDate, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_query_date(text)


plain_forms = st.builds(
    lambda year, month, day, form, qualifier: (
        [f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}"][form]
        + qualifier
    ),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=14),
    st.integers(min_value=0, max_value=32),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["", "", "~", "?", "%"]),
)


@settings(max_examples=examples(120), deadline=None)
@given(text=plain_forms)
def test_plain_date_shortcut_agrees_with_the_edtf_grammar(text):
    shortcut = _plain_date(text)
    try:
        expected = _parse_with_grammar(text)
    except InvalidDate:
        assert shortcut is None
        return
    assert shortcut is None or shortcut == expected
