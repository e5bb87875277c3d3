"""Rules for quarters, seasons, sets, the reference words and spans to come.

Quarters resolve to EDTF month intervals. A season, a set (``weekly``) and ``the past`` or
``the future`` have no EDTF date as the service stores it: they raise ``Unresolvable`` with
the reason and, where resolving found one, the TIMEX3 value (``2024-SU``). ``now`` is the
publication day, or in reported speech the day of the speech when its sentence gives it.
"""

from datetime import date

from service.drafts.resolver.calendar_math import MONTH_NAMES, add_months, days, month_edtf
from service.drafts.resolver.context import Context, Unresolvable
from service.drafts.resolver.tense import FUTURE
from service.drafts.resolver.timex import DATE, SET

# First month of each season (northern hemisphere, meteorological); winter is named by the
# year its December falls in.
SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_NO_SEASONS = "which an EDTF date as the service stores it cannot hold"


def _reference(context: Context, which: str) -> tuple[str, str]:
    if which != "PRESENT":
        raise Unresolvable(f"refers to the {which.lower()} in general ({which}_REF), not a date")
    anchor = context.anchor
    if anchor is not None and anchor.precision == "day" and anchor.start <= context.published:
        return anchor.edtf, f"is the present of its sentence, the day {anchor.edtf} it reports"
    return context.published.isoformat(), f"is the present: the day of {context.pub}"


def _quarter_in_year(
    context: Context, first: int, size: int, year_offset: int | None
) -> tuple[str, str]:
    published = context.published
    last = first + size - 1
    if year_offset is not None:
        year, why = published.year + year_offset, "the year it names"
    else:
        year = published.year if first <= published.month else published.year - 1
        why = f"gives no year: the latest one begun by {context.pub}"
        if context.tense == FUTURE and published.month - last + 12 * (published.year - year) > 6:
            year += 1
            why = f"gives no year, speaks of the future: the next one after {context.pub}"
    return _months_edtf(year, first, last), f"is {_period_name(first, size)} of {year}, {why}"


def _period_of_year(context: Context, year: int) -> tuple[str, str]:
    """``the 1988 quarter``, ``the 1989 period``: in earnings news, the quarter the text
    last named, in that year; with no quarter named, the year."""
    if context.quarter is None:
        return f"{year:04d}", "names the year; no quarter was named before it"
    first = context.quarter.start.month
    return _months_edtf(year, first, first + 2), (
        f"is the quarter the text last named ({context.quarter.edtf}) in {year}"
    )


def _quarter_rel(context: Context, offset: int) -> tuple[str, str]:
    published = context.published
    current_first = (published.month - 1) // 3 * 3 + 1
    first = add_months(date(published.year, current_first, 1), 3 * offset)
    which = {-1: "before the one holding", 0: "holding", 1: "after the one holding"}[offset]
    edtf = _months_edtf(first.year, first.month, first.month + 2)
    return edtf, f"is the calendar quarter {which} {context.pub}"


def _quarter_focus(context: Context) -> tuple[str, str]:
    """``the quarter``: the one the text last named, else the last one ended."""
    if context.quarter is not None:
        return context.quarter.edtf, "is the quarter the text last named"
    return _quarter_rel(context, -1)


def _weekend(context: Context, coming: bool) -> tuple[str, str]:
    """``the weekend``: the one just past (``over the weekend``), or the coming one
    (``ahead of the weekend``, or a sentence about the future); on a Saturday or Sunday,
    that weekend."""
    published = context.published
    saturday = published - days((published.weekday() - 5) % 7)
    if published.weekday() < 5 and (coming or context.tense == FUTURE):
        saturday += days(7)
        why = "the first after"
    else:
        why = "the last on or before" if published.weekday() < 5 else "the one holding"
    edtf = f"{saturday.isoformat()}/{(saturday + days(1)).isoformat()}"
    return edtf, f"is the weekend (Saturday and Sunday), {why} {context.pub}"


def _holiday(context: Context, month: int, weekday: int, which: int) -> tuple[str, str]:
    """A holiday on the nth (or last) weekday of a month, in the year the tense gives."""
    published = context.published
    this_year = holiday_in(published.year, month, weekday, which)
    if context.tense == FUTURE and this_year < published:
        year, why = published.year + 1, "the sentence speaks of the future: the next one"
    elif context.tense is None and published <= this_year <= published + days(62):
        year, why = published.year, "no tense marker, and this year's is within 62 days"
    elif context.tense != FUTURE and this_year > published:
        year, why = published.year - 1, "the last one on or before publication"
    else:
        year, why = published.year, "this year's"
    return holiday_in(year, month, weekday, which).isoformat(), f"gives no year: {why}"


def holiday_in(year: int, month: int, weekday: int, which: int) -> date:
    """The ``which``-th ``weekday`` of ``month`` (-1: the last; 0: the Tuesday after the first
    Monday, US Election Day)."""
    first = date(year, month, 1)
    if which == 0:
        return first + days((0 - first.weekday()) % 7 + 1)
    if which > 0:
        return first + days((weekday - first.weekday()) % 7 + 7 * (which - 1))
    last = add_months(first, 1) - days(1)
    return last - days((last.weekday() - weekday) % 7)


def _months_edtf(year: int, first: int, last: int) -> str:
    return f"{month_edtf(year, first)}/{month_edtf(year, last)}"


def _period_name(first: int, size: int) -> str:
    if size == 3:
        return f"the quarter {MONTH_NAMES[first]} to {MONTH_NAMES[first + 2]}"
    return f"the half {MONTH_NAMES[first]} to {MONTH_NAMES[first + 5]}"


def _next_span(context: Context, count: int, unit: str) -> tuple[str, str]:
    published = context.published
    if unit == "day":
        far = published + days(count)
    elif unit == "week":
        far = published + days(7 * count)
    else:
        far = add_months(published, count * {"month": 1, "year": 12, "decade": 120}[unit])
    return f"{published.isoformat()}/{far.isoformat()}", (
        f"runs {count} {unit}(s) on from {context.pub}"
    )


def _season(context: Context, code: str, year: int) -> tuple[str, str]:
    value = f"{year:04d}-{code}"
    raise Unresolvable(f"a season ({value}), {_NO_SEASONS}", (DATE, value))


def _season_rel(context: Context, code: str, offset: int | None) -> tuple[str, str]:
    year, why = _season_year(context, code, offset)
    value = f"{year:04d}-{code}"
    raise Unresolvable(
        f"a season ({_SEASON_NAMES[code]} {year}: {why}, {value}), {_NO_SEASONS}",
        (DATE, value),
    )


def _season_year(context: Context, code: str, offset: int | None) -> tuple[int, str]:
    """The year of a season named without one, and why."""
    published = context.published
    start = SEASON_STARTS[code]
    begun = published.year if start <= published.month else published.year - 1
    ended = published.year * 12 + published.month - 1 >= begun * 12 + start - 1 + 3
    if offset == 0:
        year = published.year - 1 if code == "WI" and published.month < 6 else published.year
        return year, "the one of the year of publication"
    if offset == -1:
        return (begun if ended else begun - 1), "the last one ended by publication"
    if offset == 1 or (context.tense == FUTURE and ended):
        return begun + 1, "the next one to begin after publication"
    return begun, "the latest one begun by publication"


def _set(context: Context, value: str) -> tuple[str, str]:
    raise Unresolvable(
        f"a recurring time ({value}): it names no one date an event could hold", (SET, value)
    )


PERIOD_RULES = {
    "reference": _reference,
    "quarter_in_year": _quarter_in_year,
    "quarter_rel": _quarter_rel,
    "next_span": _next_span,
    "quarter_focus": _quarter_focus,
    "period_of_year": _period_of_year,
    "weekend": _weekend,
    "holiday": _holiday,
    "season": _season,
    "season_rel": _season_rel,
    "set": _set,
}
