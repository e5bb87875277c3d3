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
of its power of two, where the rejected zone is at most half the class's lengths.
"""

CALENDAR_LENGTHS = frozenset({27, 28, 29, 30, 364, 365})
_EXACT_CLASS_BASE = 1000


def span_class(length: int) -> int:
    """The class of a span ``length`` days long (0 for a single day)."""
    if length in CALENDAR_LENGTHS:
        return _EXACT_CLASS_BASE + length
    return length.bit_length()


def span_class_lengths(cls: int) -> tuple[int, int]:
    """The shortest and longest length a span of class ``cls`` can have."""
    if cls >= _EXACT_CLASS_BASE:
        length = cls - _EXACT_CLASS_BASE
        return length, length
    if cls == 0:
        return 0, 0
    return 1 << (cls - 1), (1 << cls) - 1
