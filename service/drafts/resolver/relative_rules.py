"""The resolution of dates counted from publication or from another date, and of
durations: ``yesterday``, ``last week``, ``earlier this year``, ``three years ago``, ``the
past two years``, ``recently`` (with the margins of ``VAGUE_MARGINS``), ``a month earlier``
and ``nine months after``.

Each rule takes the ``Context`` and the numbers its grammar pattern found and returns
``(edtf, how)``; ``RELATIVE_RULES`` names them for ``resolve.RULES``.
"""

from datetime import date

from service.drafts.resolver.calendar_math import (
    add_months,
    add_years,
    days,
    monday_of,
    month_edtf,
    month_end,
)
from service.drafts.resolver.context import Context, Unresolvable

# Margins of the vague expressions: how far back (or ahead) of publication they reach.
VAGUE_MARGINS = {
    None: ("days", 90),
    "day": ("days", 7),
    "week": ("days", 42),
    "month": ("months", 6),
    "year": ("years", 5),
    "decade": ("years", 10),
}

_CALENDAR_UNITS = frozenset(["day", "week", "month", "year", "decade"])


def _day_offset(context: Context, offset: int) -> tuple[str, str]:
    value = context.published + days(offset)
    if offset == 0:
        return value.isoformat(), f"is the day of {context.pub}"
    side = "after" if offset > 0 else "before"
    return value.isoformat(), f"is {abs(offset)} day(s) {side} {context.pub}"


def _calendar_offset(context: Context, unit: str, offset: int) -> tuple[str, str]:
    published = context.published
    which = {-1: "before that of", 0: "of", 1: "after that of"}[offset]
    if unit == "year":
        return f"{published.year + offset:04d}", f"is the calendar year {which} {context.pub}"
    if unit == "month":
        first = add_months(published.replace(day=1), offset)
        return month_edtf(first.year, first.month), f"is the month {which} {context.pub}"
    if unit == "week":
        monday = monday_of(published) + days(7 * offset)
        edtf = f"{monday.isoformat()}/{(monday + days(6)).isoformat()}"
        return edtf, f"is the week, Monday to Sunday, {which} {context.pub}"
    saturday = monday_of(published) + days({-1: -2, 0: 5, 1: 12}[offset])
    edtf = f"{saturday.isoformat()}/{(saturday + days(1)).isoformat()}"
    when = {-1: "before", 0: "ending the week of", 1: "after the week of"}[offset]
    return edtf, f"is the weekend (Saturday and Sunday) {when} {context.pub}"


def _year_end(context: Context) -> tuple[str, str]:
    """``by year end``: December of the year of publication."""
    year = context.published.year
    return f"{year:04d}-12", f"is the end of the calendar year of {context.pub}, its December"


def _period_part(context: Context, unit: str, side: str) -> tuple[str, str]:
    published = context.published
    if unit == "year":
        first, last = date(published.year, 1, 1), date(published.year, 12, 31)
    elif unit == "month":
        first, last = published.replace(day=1), month_end(published.year, published.month)
    else:
        first = monday_of(published)
        last = first + days(6)
    if side == "earlier":
        return f"{first.isoformat()}/{published.isoformat()}", (
            f"runs from the start of the {unit} to {context.pub}"
        )
    return f"{published.isoformat()}/{last.isoformat()}", (
        f"runs from {context.pub} to the end of the {unit}"
    )


def _ago(context: Context, count: int, unit: str) -> tuple[str, str]:
    published = context.published
    if unit == "day":
        value = published - days(count)
        return value.isoformat(), f"counts back {count} day(s) from {context.pub}"
    if unit == "week":
        value = published - days(7 * count)
        return f"{value.isoformat()}~", (
            f"counts back {7 * count} days from {context.pub}; approximate, as weeks are a "
            "round count"
        )
    if unit == "month":
        value = add_months(published, -count)
        return f"{month_edtf(value.year, value.month)}~", (
            f"counts back {count} month(s) from {context.pub}; the month, approximate"
        )
    years = count * (10 if unit == "decade" else 1)
    if unit == "year" and context.quarter is not None:
        return _quarter_years_before(context, years)
    return f"{published.year - years:04d}~", (
        f"counts back {years} year(s) from {context.pub}; the year, approximate"
    )


def _quarter_years_before(context: Context, years: int) -> tuple[str, str]:
    """In a report on a quarter, ``a year ago`` is that quarter a year before."""
    quarter = context.quarter
    first = add_years(quarter.start, -years)
    edtf = f"{month_edtf(first.year, first.month)}/{month_edtf(first.year, first.month + 2)}"
    return edtf, (
        f"counts back {years} year(s) from the quarter the text reports ({quarter.edtf}), "
        "as reports on a quarter compare it with the same quarter earlier"
    )


def _past(context: Context, count: int, unit: str) -> tuple[str, str]:
    published = context.published
    if unit == "day":
        start = published - days(count)
    elif unit == "week":
        start = published - days(7 * count)
    elif unit == "month":
        start = add_months(published, -count)
    else:
        start = add_years(published, -count * (10 if unit == "decade" else 1))
    plural = "s" if count > 1 else ""
    return f"{start.isoformat()}/{published.isoformat()}", (
        f"runs {count} {unit}{plural} back from {context.pub}"
    )


def _vague(context: Context, direction: str, unit: str | None) -> tuple[str, str]:
    step, size = VAGUE_MARGINS[unit]
    published = context.published
    sign = -1 if direction == "recent" else 1
    if step == "days":
        far = published + days(sign * size)
    elif step == "months":
        far = add_months(published, sign * size)
    else:
        far = add_years(published, sign * size)
    margin = f"{size} {step}"
    if sign < 0:
        edtf = f"{far.isoformat()}?/{published.isoformat()}"
        return edtf, f"is vague: taken as the {margin} up to {context.pub}, the start uncertain"
    edtf = f"{published.isoformat()}/{far.isoformat()}?"
    return edtf, f"is vague: taken as the {margin} from {context.pub}, the end uncertain"


def _anchored(context: Context, offset: int, unit: str) -> tuple[str, str]:
    anchor = context.anchor
    in_quarter = context.quarter is not None and anchor in (None, context.quarter)
    if unit == "year" and offset < 0 and in_quarter:
        return _quarter_years_before(context, -offset)
    if anchor is None and offset < 0 and unit in ("year", "month"):
        counted = _ago(context, -offset, unit)[0].rstrip("~")
        return f"{counted}?", (
            f"counts {-offset} {unit}(s) back; no date is beside it in its sentence, so from "
            f"{context.pub}, uncertain"
        )
    if anchor is None:
        raise Unresolvable("counted from a date that is not in its sentence")
    if unit == "year":
        year = anchor.start.year + offset
        return (
            f"{year:04d}",
            f"counts {offset:+d} year(s) from {anchor.edtf}, earlier in its sentence",
        )
    if unit == "month" and anchor.precision in ("month", "day"):
        value = add_months(anchor.start.replace(day=1), offset)
        return month_edtf(value.year, value.month), (
            f"counts {offset:+d} month(s) from {anchor.edtf}, earlier in the sentence"
        )
    if unit == "day" and anchor.precision == "day":
        value = anchor.start + days(offset)
        return value.isoformat(), (
            f"counts {offset:+d} day(s) from {anchor.edtf}, earlier in the sentence"
        )
    raise Unresolvable(f"counted in {unit}s from {anchor.edtf}, which is not that precise")


def _duration(context: Context, count: int | str, unit: str, cue: str) -> tuple[str, str]:
    anchor = context.anchor
    if anchor is None or not isinstance(count, int) or unit not in _CALENDAR_UNITS:
        raise Unresolvable("a duration: the date it counts from is not in its sentence")
    counted = f"{count} {unit}(s)"
    if cue == "after":
        day, sign = anchor.start, 1
        how = f"is {counted} after {anchor.edtf}, the date after it in its sentence"
    elif cue == "before":
        day, sign = anchor.start, -1
        how = f"is {counted} before {anchor.edtf}, the date after it in its sentence"
    else:
        day, sign = anchor.end, -1
        how = (
            f"('{cue} {counted}' in a sentence about the past) counts {counted} back from "
            f"{anchor.end.isoformat()}, the end of {anchor.edtf} earlier in its sentence"
        )
    return counted_edtf(day, sign * count, unit), how + "; approximate beyond days"


def counted_edtf(day: date, count: int, unit: str) -> str:
    """``day`` moved by ``count`` units, at the precision of the unit, approximate beyond days."""
    if unit == "day":
        return (day + days(count)).isoformat()
    if unit == "week":
        return f"{(day + days(7 * count)).isoformat()}~"
    if unit == "month":
        moved = add_months(day, count)
        return f"{month_edtf(moved.year, moved.month)}~"
    years = count * (10 if unit == "decade" else 1)
    return f"{day.year + years:04d}~"


RELATIVE_RULES = {
    "day_offset": _day_offset,
    "calendar_offset": _calendar_offset,
    "year_end": _year_end,
    "period_part": _period_part,
    "ago": _ago,
    "past": _past,
    "vague": _vague,
    "anchored": _anchored,
    "duration": _duration,
}
