"""Span classes: every length lies within its class's bounds; calendar spans get tight ones."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from service.store.spans import is_qualified_class, span_class, span_class_lengths

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
