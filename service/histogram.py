"""Counts of events per year or month, for drawing how dense the timeline is.

An event is counted in every period its days overlap: a fiscal year from October 2022 to
September 2023 counts once in 2022 and once in 2023. Periods run from the first to the
last one any event reaches, with the empty ones between, so bars can be drawn side by side;
when the query bounds the dates, periods outside those bounds are left out.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from service.dates import last_day_of_month

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
    """How many of ``spans`` overlap each ``interval`` between ``first_day`` and ``last_day``."""
    changes: Counter[int] = Counter()
    first = last = None
    for start, end in spans:
        start, end = max(start, first_day), min(end, last_day)
        if start > end:
            continue
        opens, closes = _index(start, interval), _index(end, interval)
        changes[opens] += 1
        changes[closes + 1] -= 1
        first = opens if first is None else min(first, opens)
        last = closes if last is None else max(last, closes)
    if first is None:
        return []
    if last - first + 1 > MAX_PERIODS:
        raise TooManyPeriods(
            f"the events span {last - first + 1} periods of a {interval}, more than "
            f"{MAX_PERIODS}; use a coarser interval or narrow from and to"
        )
    counts, running = [], 0
    for index in range(first, last + 1):
        running += changes[index]
        counts.append(_period(index, interval, running))
    return counts


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
