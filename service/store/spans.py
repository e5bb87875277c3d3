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

Approximate and uncertain dates (EDTF ``~``, ``?``, ``%``) have classes of their own, the
*qualified* classes, so that a fuzzy overlap query (``fuzzy=true``) can widen them, and only
them, without reading a row: each is taken to cover ``fuzzy_margin(length)`` more days on
each side (its own length in days, at least a week), and its scan and test widen to match.
"""

from typing import NamedTuple

CALENDAR_LENGTHS = frozenset({27, 28, 29, 30, 364, 365})
_EXACT_CLASS_BASE = 1000
_WHOLE_YEARS_CLASS_BASE = 10_000
_MOST_YEARS = 9999
QUALIFIED_CLASS_BASE = 100_000
FUZZY_MIN_MARGIN_DAYS = 7


def fuzzy_margin(length: int) -> int:
    """The days a fuzzy query adds on each side of an approximate or uncertain date
    ``length`` days long (end minus start): its own number of days, and at least a week. So
    ``2024-03-25~`` covers 18 March to 1 April, ``2023-07~`` 31 May to 31 August, and an
    approximate year the year before and the year after."""
    return max(FUZZY_MIN_MARGIN_DAYS, length + 1)


def span_class(length: int, *, qualified: bool = False) -> int:
    """The class of a span ``length`` days long (0 for a single day); an approximate or
    uncertain date (``qualified``) gets the qualified class of the same lengths."""
    return _length_class(length) + (QUALIFIED_CLASS_BASE if qualified else 0)


def is_qualified_class(cls: int) -> bool:
    """Whether span class ``cls`` holds approximate or uncertain dates."""
    return cls >= QUALIFIED_CLASS_BASE


def qualified_class_test(span_class_column: str) -> str:
    """SQL that is true for a row whose span class is a qualified one."""
    return f"{span_class_column} >= {QUALIFIED_CLASS_BASE}"


def _length_class(length: int) -> int:
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
    if is_qualified_class(cls):
        cls -= QUALIFIED_CLASS_BASE
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
    ``end_edge`` (``first_day`` or ``last_day``); for a fuzzy overlap, days widened by
    ``fuzzy_margin`` that meet the window."""

    lowest_start: int
    highest_start: int
    end_comparison: str
    end_edge: str
    fuzzy: bool = False

    def row_test(self, start_day: str, end_day: str) -> str:
        """The condition on one event, as SQL on the expressions ``start_day`` and
        ``end_day``, once its start day is within the bounds."""
        if not self.fuzzy:
            return f"{end_day} {self.end_comparison} :{self.end_edge}"
        margin = f"max({FUZZY_MIN_MARGIN_DAYS}, {end_day} - {start_day} + 1)"
        return f"{end_day} + {margin} >= :first_day AND {start_day} - {margin} <= :last_day"


def relation_bounds(
    relation: str,
    first: int,
    last: int,
    *,
    shortest: int = 0,
    longest: int = 0,
    fuzzy: bool = False,
) -> RelationBounds:
    """The bounds on the days of an event ``shortest``-``longest`` days long that stands in
    ``relation`` to ``[first, last]``: it overlaps the window, lies within it or contains it.

    Its start day is in ``start_range(...)``; given that, the relation holds when the end
    day is at least ``first`` (overlaps), at most ``last`` (within), or at least ``last``
    (contains). ``fuzzy`` (overlaps only) widens the event's days by ``fuzzy_margin`` on
    each side, and the test is then on the widened days.
    """
    low, high = start_range(relation, first, last, shortest, longest, fuzzy)
    if fuzzy:
        return RelationBounds(low, high, ">=", "first_day", True)
    return RelationBounds(low, high, *_END_TESTS[relation])


_END_TESTS = {
    "overlaps": (">=", "first_day"),
    "within": ("<=", "last_day"),
    "contains": (">=", "last_day"),
}


def start_range(
    relation: str, first: int, last: int, shortest: int, longest: int, fuzzy: bool = False
) -> tuple[int, int]:
    """The start days an event ``shortest``-``longest`` days long can have and stand in
    ``relation`` to ``[first, last]``: ``[first - longest, last]`` (overlaps),
    ``[first, last - shortest]`` (within), ``[last - longest, first]`` (contains); fuzzy,
    ``[first - longest - that, last + that]`` with ``that = fuzzy_margin(longest)``.

    A plain tuple, computed for every span class of every page query (``relation_bounds``
    is the same with the end-day test).
    """
    if fuzzy:
        if relation != "overlaps":
            raise ValueError(f"a fuzzy query widens overlaps only, not {relation!r}")
        widest = fuzzy_margin(longest)
        return first - longest - widest, last + widest
    if relation == "overlaps":
        return first - longest, last
    if relation == "within":
        return first, last - shortest
    if relation == "contains":
        return last - longest, first
    raise ValueError(f"unknown relation {relation!r}")
