"""Counts of events per year or month, for drawing how dense the timeline is.

An event is counted in every period its days overlap: a fiscal year from October 2022 to
September 2023 counts once in 2022 and once in 2023. Only periods that hold events are
listed, so one event in year 9999 adds one period, not eight thousand empty ones; bars
drawn side by side ask for the empty periods between too, and take as many as they draw.
When the query bounds the dates, periods outside those bounds are left out.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise

from service.core.dates import last_day_of_month

INTERVALS = ("year", "month")
MAX_PERIODS = 10_000  # every year EDTF dates reach (1-9999), or 833 years of months


class TooManyPeriods(ValueError):
    """The events span more periods than one answer holds; a coarser interval fits."""


@dataclass(frozen=True)
class PeriodCount:
    period: str
    start: date
    end: date
    count: int


def count_by_period(
    spans: Iterable[tuple[date, date]],
    interval: str,
    *,
    first_day: date = date.min,
    last_day: date = date.max,
) -> list[PeriodCount]:
    """How many of ``spans`` overlap each ``interval`` between ``first_day`` and ``last_day``,
    for each period that holds any; ``TooManyPeriods`` beyond ``MAX_PERIODS`` of them."""
    counts = list(
        islice(
            iter_period_counts(spans, interval, first_day=first_day, last_day=last_day),
            MAX_PERIODS + 1,
        )
    )
    if len(counts) > MAX_PERIODS:
        raise TooManyPeriods(
            f"the events fall in more than {MAX_PERIODS} periods of a {interval}; use a "
            "coarser interval or narrow from and to"
        )
    return counts


def iter_period_counts(
    spans: Iterable[tuple[date, date]],
    interval: str,
    *,
    first_day: date = date.min,
    last_day: date = date.max,
    empty_periods: bool = False,
) -> Iterator[PeriodCount]:
    """Each period's count, oldest first, made as they are taken; with ``empty_periods``,
    also the periods between the first and the last that hold none."""
    changes: Counter[int] = Counter()
    for start, end in spans:
        start, end = max(start, first_day), min(end, last_day)
        if start <= end:
            changes[_index(start, interval)] += 1
            changes[_index(end, interval) + 1] -= 1
    running = 0
    for index, next_change in pairwise(sorted(changes)):
        running += changes[index]
        if running or empty_periods:
            for period in range(index, next_change):
                yield _period(period, interval, running)


def _index(day: date, interval: str) -> int:
    return day.year if interval == "year" else day.year * 12 + day.month - 1


def _period(index: int, interval: str, count: int) -> PeriodCount:
    if interval == "year":
        return PeriodCount(f"{index:04d}", date(index, 1, 1), date(index, 12, 31), count)
    year, month = divmod(index, 12)
    return PeriodCount(
        f"{year:04d}-{month + 1:02d}",
        date(year, month + 1, 1),
        last_day_of_month(year, month + 1),
        count,
    )
