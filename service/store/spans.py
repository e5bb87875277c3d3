"""Span classes: how one B-tree index bounds both ends of an event's days.

An event covers the days ``[start_day, end_day]`` (ordinal day numbers); its *length* is
``end_day - start_day``. An index on ``start`` alone bounds only one side of the overlap test
``start <= last AND end >= first``: every event that starts before ``first`` is a candidate,
so the cost grows with everything earlier in the timeline.

Grouping events by length fixes that. If every event of a class is between ``shortest`` and
``longest`` days long, one that overlaps ``[first, last]`` must start in
``[first - longest, last]``, and one that starts in ``[first - shortest, last]`` surely does.
So each class is one index range scan over ``(span_class, start_day, end_day, id)``, already in
timeline order, and the scans merge into one ordered page (``UNION ALL ... ORDER BY``). Only
events starting in ``[first - longest, first - shortest)`` are read and rejected, so classes
are kept narrow: the lengths of calendar months (27-30 days) and years (364, 365), which
most news dates have, each get a class of their own; every other length falls in the class
of its power of two, where the rejected zone is at most half the class's lengths. Spans of
several whole years (``2019/2021``), which start on 1 January in clumps, get a class per
number of years, whose lengths differ by at most the one leap day (measured at a million
events, the power-of-two classes made a late window reject 1,500 of them).
"""

from typing import NamedTuple

CALENDAR_LENGTHS = frozenset({27, 28, 29, 30, 364, 365})
_EXACT_CLASS_BASE = 1000
_WHOLE_YEARS_CLASS_BASE = 10_000
_MOST_YEARS = 9999


def span_class(length: int) -> int:
    """The class of a span ``length`` days long (0 for a single day)."""
    if length in CALENDAR_LENGTHS:
        return _EXACT_CLASS_BASE + length
    years = round((length + 1) / 365.25)
    if 2 <= years <= _MOST_YEARS:
        shortest, longest = _whole_years_lengths(years)
        if shortest <= length <= longest:
            return _WHOLE_YEARS_CLASS_BASE + years
    return length.bit_length()


def span_class_lengths(cls: int) -> tuple[int, int]:
    """The shortest and longest length a span of class ``cls`` can have."""
    if cls >= _WHOLE_YEARS_CLASS_BASE:
        return _whole_years_lengths(cls - _WHOLE_YEARS_CLASS_BASE)
    if cls >= _EXACT_CLASS_BASE:
        length = cls - _EXACT_CLASS_BASE
        return length, length
    if cls == 0:
        return 0, 0
    return 1 << (cls - 1), (1 << cls) - 1


def _whole_years_lengths(years: int) -> tuple[int, int]:
    """The lengths of ``years`` calendar years from a 1 January: one day less than their
    days, which hold ``years // 4`` or one more leap days (a century year may hold fewer;
    such a span then falls in its power-of-two class)."""
    return 365 * years + years // 4 - 1, 365 * years + (years + 3) // 4 - 1


class RelationBounds(NamedTuple):
    """What a relation to the window ``[first, last]`` asks of an event's days: a start day in
    ``[lowest_start, highest_start]``, and an end day ``end_comparison`` the window's
    ``end_edge`` (``first_day`` or ``last_day``)."""

    lowest_start: int
    highest_start: int
    end_comparison: str
    end_edge: str

    def end_test(self, end_day: str) -> str:
        """The end-day condition as SQL on the expression ``end_day``."""
        return f"{end_day} {self.end_comparison} :{self.end_edge}"


def relation_bounds(
    relation: str, first: int, last: int, *, shortest: int = 0, longest: int = 0
) -> RelationBounds:
    """The bounds on the days of an event ``shortest``-``longest`` days long that stands in
    ``relation`` to ``[first, last]``: it overlaps the window, lies within it or contains it.

    Its start day is in ``[first - longest, last]`` (overlaps), ``[first, last - shortest]``
    (within) or ``[last - longest, first]`` (contains); given that, the relation holds when
    the end day is at least ``first``, at most ``last``, or at least ``last``.
    """
    if relation == "overlaps":
        return RelationBounds(first - longest, last, ">=", "first_day")
    if relation == "within":
        return RelationBounds(first, last - shortest, "<=", "last_day")
    if relation == "contains":
        return RelationBounds(last - longest, first, ">=", "last_day")
    raise ValueError(f"unknown relation {relation!r}")
