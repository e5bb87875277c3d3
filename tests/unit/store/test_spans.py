"""Span classes: every length lies within its class's bounds; calendar spans get tight ones."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.store.spans import (
    is_qualified_class,
    relation_bounds,
    span_class,
    span_class_lengths,
    start_range,
)

MOST_DAYS = date(9999, 12, 31).toordinal() - 1


@given(length=st.integers(min_value=0, max_value=MOST_DAYS))
def test_every_length_lies_within_its_class(length):
    shortest, longest = span_class_lengths(span_class(length))
    assert shortest <= length <= longest


@given(length=st.integers(min_value=0, max_value=MOST_DAYS))
def test_approximate_dates_have_a_class_of_their_own_with_the_same_lengths(length):
    exact, qualified = span_class(length), span_class(length, qualified=True)
    assert not is_qualified_class(exact) and is_qualified_class(qualified)
    assert span_class_lengths(qualified) == span_class_lengths(exact)


@given(
    first_year=st.integers(min_value=1, max_value=9000),
    years=st.integers(min_value=1, max_value=999),
)
def test_whole_years_from_a_first_of_january_get_a_class_at_most_a_day_wide(first_year, years):
    last_year = min(first_year + years - 1, 9999)
    length = date(last_year, 12, 31).toordinal() - date(first_year, 1, 1).toordinal()
    shortest, longest = span_class_lengths(span_class(length))
    crosses_a_century = last_year // 100 != first_year // 100 or first_year % 100 == 0
    assert longest - shortest <= 1 or crosses_a_century


def test_months_and_single_years_have_a_class_of_their_own_length():
    for length in (0, 27, 28, 29, 30, 364, 365):
        assert span_class_lengths(span_class(length)) == (length, length)


@pytest.mark.parametrize("relation", ["overlaps", "within", "contains"])
def test_an_event_in_relation_to_a_window_starts_within_the_start_range(relation):
    """Exhaustively, on small numbers: every event ``shortest``-``longest`` days long that
    overlaps, lies within or contains the window starts inside ``start_range`` and passes
    the end-day test ``relation_bounds`` gives; and each edge of the range is reached."""
    first = 100
    for last, shortest, longest in itertools.product(range(first, first + 7), range(6), range(12)):
        if longest < shortest:
            continue
        low, high = start_range(relation, first, last, shortest, longest)
        bounds = relation_bounds(relation, first, last, shortest=shortest, longest=longest)
        assert (bounds.lowest_start, bounds.highest_start) == (low, high)
        edge = {"first_day": first, "last_day": last}[bounds.end_edge]
        starts = set()
        for start, length in itertools.product(
            range(first - 40, last + 40), range(shortest, longest + 1)
        ):
            end = start + length
            if _holds(relation, start, end, first, last):
                assert low <= start <= high
                assert end >= edge if bounds.end_comparison == ">=" else end <= edge
                starts.add(start)
        if starts:
            assert (min(starts), max(starts)) == (low, high)


def _holds(relation: str, start: int, end: int, first: int, last: int) -> bool:
    if relation == "overlaps":
        return start <= last and end >= first
    if relation == "within":
        return start >= first and end <= last
    return start <= first and end >= last


@given(relation=st.text(max_size=20).filter(lambda r: r not in ("overlaps", "within", "contains")))
def test_an_unknown_relation_is_refused_by_name(relation):
    with pytest.raises(ValueError, match="unknown relation"):
        start_range(relation, 1, 2, 0, 0)


def test_only_overlaps_can_be_fuzzy():
    with pytest.raises(ValueError, match="fuzzy query widens overlaps only"):
        start_range("within", 1, 2, 0, 0, fuzzy=True)
    low, high = start_range("overlaps", 100, 110, 0, 30, fuzzy=True)
    assert (low, high) == (100 - 30 - 31, 110 + 31)
