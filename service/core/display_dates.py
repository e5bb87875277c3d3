"""EDTF dates as a person would write them, with their precision and qualifiers visible.

``2024-02`` is "February 2024", ``2024-03-25~`` "about 25 March 2024", ``2024?``
"2024 (uncertain)" and ``2022-10-01/2023-09-30`` "1 October 2022 – 30 September 2023".
The timeline page and the TimelineJS export both show dates through these functions,
so a reader sees the same words everywhere. EDTF parsing takes milliseconds and a
date's words never change, so each function remembers its answers.
"""

import calendar
from functools import lru_cache

from service.core.dates import DateSpan, parse_event_date

_MONTHS = tuple(calendar.month_name)  # English whatever the locale: ("", "January", ...)
_RANGE_DASH = " – "


@lru_cache(maxsize=4096)
def human_date(edtf: str) -> str:
    """An event's EDTF date in words: one date, or the two ends of an interval."""
    return _RANGE_DASH.join(_human_part(part) for part in date_parts(edtf))


@lru_cache(maxsize=4096)
def machine_date(edtf: str) -> str:
    """The HTML ``<time datetime>`` value of a date's first day, to its precision.

    ``2022`` stays ``2022``, ``2024-02~`` becomes ``2024-02``, an interval gives its start.
    """
    first = date_parts(edtf)[0]
    if first.precision == "year":
        return str(first.start.year)
    if first.precision == "month":
        return first.start.isoformat()[:7]
    return first.start.isoformat()


@lru_cache(maxsize=4096)
def date_parts(edtf: str) -> tuple[DateSpan, ...]:
    """The one date, or the two ends of a closed interval, each with its own precision."""
    parse_event_date(edtf)  # refuse what the service refuses, with the same reason
    return tuple(parse_event_date(part) for part in edtf.strip().split("/"))


def _human_part(part: DateSpan) -> str:
    words = _in_words(part)
    if part.approximate:
        words = f"about {words}"
    if part.uncertain:
        words = f"{words} (uncertain)"
    return words


def _in_words(part: DateSpan) -> str:
    start, end = part.start, part.end
    if part.precision == "day":
        return f"{start.day} {_MONTHS[start.month]} {start.year}"
    if part.precision == "month":
        return f"{_MONTHS[start.month]} {start.year}"
    if start.year == end.year:
        return str(start.year)
    if start.year % 10 == 0 and end.year == start.year + 9:
        return f"the {start.year}s"
    return f"{start.year}–{end.year}"
