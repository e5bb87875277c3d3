"""Counting events per period: each event in every period its days overlap."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.histogram import MAX_PERIODS, TooManyPeriods, count_by_period, iter_period_counts
from tests.helpers import examples

FISCAL_2023 = (date(2022, 10, 1), date(2023, 9, 30))


def counts(items) -> dict[str, int]:
    return {item.period: item.count for item in items}


def test_an_event_counts_in_every_period_it_overlaps():
    assert counts(count_by_period([FISCAL_2023], "year")) == {"2022": 1, "2023": 1}
    by_month = count_by_period([FISCAL_2023], "month")
    assert [item.period for item in by_month][0::11] == ["2022-10", "2023-09"]
    assert {item.count for item in by_month} == {1} and len(by_month) == 12


def test_only_periods_that_hold_events_are_listed():
    spans = [(date(2022, 5, 1), date(2022, 5, 1)), (date(2024, 2, 1), date(2024, 2, 29))]
    assert counts(count_by_period(spans, "year")) == {"2022": 1, "2024": 1}
    with_empty = iter_period_counts(spans, "year", empty_periods=True)
    assert counts(with_empty) == {"2022": 1, "2023": 0, "2024": 1}
    february = count_by_period(spans, "month")[-1]
    assert (february.period, february.start, february.end) == (
        "2024-02",
        date(2024, 2, 1),
        date(2024, 2, 29),
    )


def test_periods_outside_the_queried_days_are_left_out():
    spans = [(date(2022, 1, 1), date(2022, 12, 31))]
    clipped = count_by_period(spans, "month", first_day=date(2022, 11, 15))
    assert counts(clipped) == {"2022-11": 1, "2022-12": 1}


def test_no_events_give_no_periods():
    assert count_by_period([], "year") == []


def test_too_many_periods_are_refused_with_the_way_out():
    with pytest.raises(TooManyPeriods, match="coarser interval"):
        count_by_period([(date(1, 1, 1), date(9999, 12, 31))], "month")
    assert len(count_by_period([(date(1, 1, 1), date(9999, 12, 31))], "year")) <= MAX_PERIODS


def test_one_event_in_year_9999_adds_one_period_not_thousands():
    spans = [(date(2024, 3, 1), date(2024, 3, 31)), (date(9999, 12, 31), date(9999, 12, 31))]
    assert counts(count_by_period(spans, "month")) == {"2024-03": 1, "9999-12": 1}
    assert counts(count_by_period(spans, "year")) == {"2024": 1, "9999": 1}


DAY0 = date(2020, 1, 1)
spans = st.lists(
    st.tuples(st.integers(0, 1500), st.integers(0, 400)).map(
        lambda pair: (DAY0 + timedelta(days=pair[0]), DAY0 + timedelta(days=sum(pair)))
    ),
    max_size=20,
)


@settings(max_examples=examples(100), deadline=None)
@given(spans=spans, interval=st.sampled_from(["year", "month"]))
def test_counts_agree_with_checking_every_period_by_hand(spans, interval):
    items = count_by_period(spans, interval)
    for item in items:
        overlapping = [s for s, e in spans if s <= item.end and e >= item.start]
        assert item.count == len(overlapping)
    assert all(item.count for item in items)
    for before, after in pairwise(items):
        assert after.start > before.end
    every = list(iter_period_counts(spans, interval, empty_periods=True))
    assert [item for item in every if item.count] == items
    for before, after in pairwise(every):
        assert after.start == before.end + timedelta(days=1)
    if spans:
        assert items[0].start <= min(s for s, _ in spans)
        assert items[-1].end >= max(e for _, e in spans)
