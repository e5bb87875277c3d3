"""EDTF dates and the calendar days they cover.

An event's ``date`` is an EDTF string (Library of Congress Extended Date/Time
Format), parsed by the ``edtf`` package. From it we derive the inclusive ISO
days ``start`` and ``end`` and a ``precision`` of ``day``, ``month`` or ``year``.

The bounds are edtf's *strict* bounds. Its *fuzzy* bounds widen an approximate
``2024-03-25~`` to more than a year either way, which would make a date the
article gives to the day match queries a year off; ``~`` and ``?`` are kept as
flags instead, for readers to see.
"""

import calendar
import functools
import re
import time
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year")

_SUPPORTED_SINGLE_DATES = {
    "Date",
    "UncertainOrApproximate",
    "Unspecified",
    "PartialUncertainOrApproximate",
    "PartialUnspecified",
}
# What the contract documents; the calendar check below also rejects days such as 2023-02-29.
QUERY_DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
# ASCII digits only: Python's ``\d`` also matches ``٢٠٢٤`` (Arabic-Indic) and ``２０２４``.
_QUERY_DATE_FORM = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", re.ASCII)
# The plain calendar forms, optionally qualified as a whole: parsed without the EDTF grammar.
_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)", re.ASCII)


class InvalidDate(ValueError):
    """A date string that is not a supported EDTF date, with the reason."""


@dataclass(frozen=True)
class DateSpan:
    """The days an EDTF date covers, and how precisely it is known."""

    edtf: str
    start: date
    end: date
    precision: str
    approximate: bool
    uncertain: bool


def parse_event_date(text: str) -> DateSpan:
    """Parse an event's EDTF date (a single date or a closed ``A/B`` interval)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidDate("an EDTF date is required, e.g. 2024, 2024-02 or 2024-03-25~")
    text = text.strip()
    parts = text.split("/")
    if len(parts) > 2:
        raise InvalidDate(f"{text!r} has more than one '/'")
    spans = [_parse_single_date(part, whole=text) for part in parts]
    first, last = spans[0], spans[-1]
    if first.start > last.end:
        raise InvalidDate(f"{text!r} ends before it starts")
    return DateSpan(
        edtf=text,
        start=first.start,
        end=last.end,
        precision=max((s.precision for s in spans), key=PRECISIONS.index),
        approximate=any(s.approximate for s in spans),
        uncertain=any(s.uncertain for s in spans),
    )


@functools.lru_cache(maxsize=4096)
def parse_query_date(text: str) -> DateSpan:
    """Parse a query bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and nothing else."""
    if not isinstance(text, str) or not _QUERY_DATE_FORM.fullmatch(text):
        raise InvalidDate(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return parse_event_date(text)
    except InvalidDate:
        raise InvalidDate(f"{text!r} is not a calendar date") from None


def _parse_single_date(part: str, *, whole: str) -> DateSpan:
    if part in ("", ".."):
        raise InvalidDate(f"{whole!r} is open-ended; give both ends of the interval")
    return _parse_edtf_part(part)


@functools.lru_cache(maxsize=8192)
def _parse_edtf_part(part: str) -> DateSpan:
    """One EDTF date; plain calendar dates skip the grammar, which costs milliseconds a call.

    The ``edtf`` grammar (pyparsing) takes about 3 ms per date on a 2-core machine, and
    every ``GET /events`` with a window parses its bounds. A plain ``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``, optionally qualified as a whole, has obvious strict bounds, so it is
    computed directly; anything else, or anything the shortcut cannot vouch for (year 0,
    month 13, 30 February), goes through the grammar and gets its exact answer and message.
    tests/unit/core/test_dates.py checks the two agree.
    """
    plain = _plain_date(part)
    return plain if plain is not None else _parse_with_grammar(part)


def _parse_with_grammar(part: str) -> DateSpan:
    """The ``edtf`` grammar's reading of ``part``; the package is imported on first use, as
    plain dates never need it and it adds 12 MB and 0.18 s to a worker's start."""
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(part)
    except EDTFParseException:
        raise InvalidDate(f"{part!r} is not a valid EDTF date") from None
    kind = type(parsed).__name__
    if kind not in _SUPPORTED_SINGLE_DATES:
        raise InvalidDate(f"{part!r} is an EDTF {kind}, which is not supported")
    start = _to_date(parsed.lower_strict(), part)
    end = _to_date(parsed.upper_strict(), part)
    return DateSpan(
        edtf=part,
        start=start,
        end=end,
        precision=_precision_of(start, end, part),
        approximate="~" in part or "%" in part,
        uncertain="?" in part or "%" in part,
    )


def _plain_date(part: str) -> DateSpan | None:
    """The span of a plain calendar date, or None to let the EDTF grammar decide."""
    match = _PLAIN_DATE.fullmatch(part)
    if match is None:
        return None
    year, month, day, qualifier = match.groups()
    try:
        if month is None:
            start, end = date(int(year), 1, 1), date(int(year), 12, 31)
        elif day is None:
            start = date(int(year), int(month), 1)
            end = last_day_of_month(start.year, start.month)
        else:
            start = end = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return DateSpan(
        edtf=part,
        start=start,
        end=end,
        precision="year" if month is None else "month" if day is None else "day",
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )


def _to_date(bound: time.struct_time, part: str) -> date:
    try:
        return date(bound.tm_year, bound.tm_mon, bound.tm_mday)
    except (AttributeError, ValueError):
        raise InvalidDate(f"{part!r} is not a calendar date") from None


def _precision_of(start: date, end: date, part: str) -> str:
    """The unit a date's bounds are aligned to: one day, one month, or whole years."""
    if start == end:
        return "day"
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month and start.day == 1 and end == last_day_of_month(end.year, end.month):
        return "month"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return "year"
    raise InvalidDate(f"{part!r} covers neither one day, one month nor whole years")


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
