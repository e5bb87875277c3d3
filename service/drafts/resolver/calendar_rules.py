"""The resolution of dates the text names without all their parts: a day, a month or a
year in full; a month-day, a month or a weekday without a year, read by the tense around it;
numeric dates in the document's convention; fiscal years, decades and centuries.

Each rule takes the ``Context`` and the numbers its grammar pattern found and returns
``(edtf, how)``; ``CALENDAR_RULES`` names them for ``resolve.RULES``.
"""

from datetime import date

from service.drafts.resolver.calendar_math import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    days,
    monday_of,
    month_edtf,
)
from service.drafts.resolver.context import Context, Unresolvable
from service.drafts.resolver.tense import FUTURE

# With no tense marker, a month-day this many days after publication is the coming one, and
# a month this many months after it ("Nov. 21" in an article of 2 November).
AHEAD_DAYS = 62

AHEAD_MONTHS = 2

# A tense's reading farther than this from publication gives way to the other one within
# AHEAD_DAYS ("by Jan. 14" in a past-tense sentence of 6 January is the coming one).
FAR_DAYS = 183

FAR_MONTHS = 6

DAY_FIRST = "day first"

MONTH_FIRST = "month first"


def _day(context: Context, year: int, month: int, day: int) -> tuple[str, str]:
    try:
        value = date(year, month, day)
    except ValueError:
        raise Unresolvable(f"{year:04d}-{month:02d}-{day:02d} is not a calendar day") from None
    return value.isoformat(), "names the day in full"


def _month(context: Context, year: int, month: int) -> tuple[str, str]:
    return month_edtf(year, month), "names the month and year"


def _year(context: Context, year: int) -> tuple[str, str]:
    return f"{year:04d}", "names the year"


def _months(context: Context, year: int, first: int, last: int) -> tuple[str, str]:
    edtf = f"{month_edtf(year, first)}/{month_edtf(year, last)}"
    return edtf, f"is {MONTH_NAMES[first]} to {MONTH_NAMES[last]} {year}"


def _partial_day(context: Context, month: int, day: int) -> tuple[str, str]:
    published = context.published
    past = _candidate_day(context, month, day, ahead=False)
    coming = _candidate_day(context, month, day, ahead=True)
    if past is None or coming is None:
        raise Unresolvable(f"no {day} {MONTH_NAMES[month]} within eight years of {context.pub}")
    back, ahead = (published - past).days, (coming - published).days
    name = f"{day} {MONTH_NAMES[month]}"
    if end_point_ahead(context, back, ahead, FAR_DAYS):
        choose_coming = True
        why = f"names an end point ({_END_POINTS}), and the next {name} is nearer than the"
        why += f" latest{'' if context.tense is None else f', over {FAR_DAYS} days back,'} to"
    elif context.tense is None:
        choose_coming = ahead <= AHEAD_DAYS
        why = f"has no tense marker; the {'next' if choose_coming else 'most recent'} {name}"
        why += f" {'is within' if choose_coming else 'is not within'} {AHEAD_DAYS} days after"
    else:
        choose_coming = context.tense == FUTURE
        near_other = (back if choose_coming else ahead) <= AHEAD_DAYS
        if (ahead if choose_coming else back) > FAR_DAYS and near_other:
            choose_coming = not choose_coming
            why = f"is in the {context.tense}, but that {name} is over {FAR_DAYS} days from"
            why += f" publication and the other within {AHEAD_DAYS}, so the nearer, of"
        else:
            why = f"is in the {context.tense}, so the {'next' if choose_coming else 'latest'}"
            why += f" {name} from"
    value = coming if choose_coming else past
    return value.isoformat(), f"gives no year; the sentence {why} {context.pub}"


_END_POINTS = "until, through, by, effective"


def end_point_ahead(context: Context, back: int, ahead: int, far: int) -> bool:
    """Whether a date the text names as an end point ("until mid-November", "through
    January", "effective Feb. 1") is the coming one rather than the latest: a deadline or a
    start date lies near the day of writing, so the nearer reading wins; a past tense keeps
    the latest one only within ``far`` of publication ("bought through Sept. 29"), as a
    future tense already keeps the coming one. ``back`` and ``ahead`` are the two readings'
    distances from publication, ``far`` in the same unit."""
    if not context.end_point or context.tense == FUTURE or ahead >= back:
        return False
    return context.tense is None or back > far


def _candidate_day(context: Context, month: int, day: int, *, ahead: bool) -> date | None:
    """The first ``day`` of ``month`` on or after (``ahead``) or on or before publication."""
    published = context.published
    for shift in range(0, 9):
        try:
            candidate = date(published.year + (shift if ahead else -shift), month, day)
        except ValueError:
            continue
        if (candidate >= published) if ahead else (candidate <= published):
            return candidate
    return None


def _month_named(context: Context, month: int, offset: int | None) -> tuple[str, str]:
    published = context.published
    name = MONTH_NAMES[month]
    back, ahead = (published.month - month) % 12, (month - published.month) % 12 or 12
    if offset == -1:
        year = published.year if month < published.month else published.year - 1
        how = f"is the last {name} before the month of {context.pub}"
    elif offset == 1:
        year = published.year if month > published.month else published.year + 1
        how = f"is the first {name} after the month of {context.pub}"
    elif offset == 0:
        year, how = published.year, f"is {name} of the year of {context.pub}"
    elif end_point_ahead(context, back, ahead, FAR_MONTHS):
        year = published.year if month > published.month else published.year + 1
        how = f"gives no year and names an end point ({_END_POINTS}); the next {name} is "
        how += f"nearer {context.pub} than the latest"
        how += "" if context.tense is None else f", over {FAR_MONTHS} months back"
    elif context.tense is None and 0 < (month - published.month) % 12 <= AHEAD_MONTHS:
        year = published.year if month > published.month else published.year + 1
        how = f"gives no year and no tense; the next {name} begins within {AHEAD_MONTHS} "
        how += f"months of {context.pub}, so that one"
    elif context.tense == FUTURE:
        year = published.year if month >= published.month else published.year + 1
        how = f"gives no year; the sentence speaks of the future, so the next {name} from "
        how += context.pub
    elif not context.tense_in_clause and 0 < (month - published.month) % 12 <= AHEAD_MONTHS:
        year = published.year if month > published.month else published.year + 1
        how = f"gives no year; only a past tense outside its clause, and the next {name} "
        how += f"begins within {AHEAD_MONTHS} months of {context.pub}, so that one"
    else:
        year = published.year if month <= published.month else published.year - 1
        how = f"gives no year; the sentence reports the past, so the latest {name} begun by "
        how += context.pub
    return month_edtf(year, month), how


def _month_in_year(context: Context, month: int, year_offset: int) -> tuple[str, str]:
    """``June last year``: that month of the year counted from publication's."""
    year = context.published.year + year_offset
    return month_edtf(year, month), f"is {MONTH_NAMES[month]} of {year}, {_counted(context)}"


def _day_in_year(context: Context, month: int, day: int, year_offset: int) -> tuple[str, str]:
    """``March 3 last year``: that day of the year counted from publication's."""
    year = context.published.year + year_offset
    value = _day(context, year, month, day)[0]
    return value, f"is {day} {MONTH_NAMES[month]} {year}, {_counted(context)}"


def _counted(context: Context) -> str:
    return f"the year named counted from that of {context.pub}"


def _weekday(context: Context, weekday: int, offset: int | None) -> tuple[str, str]:
    published = context.published
    name = WEEKDAY_NAMES[weekday]
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7 or 7
    if offset == 0:
        value = monday_of(published) + days(weekday)
        how = f"is the {name} of the week (Monday to Sunday) of {context.pub}"
    elif offset is None and back == 0:
        value, how = published, f"names the weekday of {context.pub}: that day"
    elif offset is None and context.tense is None and ahead == 1:
        value = published + days(1)
        how = f"has no tense marker and names the day after {context.pub}: that day"
    elif offset == 1 or (offset is None and context.tense == FUTURE):
        value = published + days(ahead)
        how = f"is the first {name} after {context.pub}"
        if offset is None:
            how = "speaks of the future: " + how
    else:
        value = published - days(back or (7 if offset == -1 else 0))
        rule = "before" if offset == -1 else "on or before"
        how = f"is the most recent {name} {rule} {context.pub}"
        if offset is None:
            how = "reports the past: " + how
    return value.isoformat(), how


def _numeric(context: Context, first: int, second: int, year: int) -> tuple[str, str]:
    readings = {}
    for order, (month, day) in ((MONTH_FIRST, (first, second)), (DAY_FIRST, (second, first))):
        try:
            readings[order] = date(year, month, day)
        except ValueError:
            continue
    if not readings:
        raise Unresolvable("neither day/month nor month/day is a calendar day")
    if len(readings) == 1:
        ((order, value),) = readings.items()
        return value.isoformat(), f"read {order}: the only reading that is a calendar day"
    if len(set(readings.values())) == 1:
        return readings[DAY_FIRST].isoformat(), "reads the same either way round"
    convention = context.convention
    not_after = {o: v for o, v in readings.items() if v <= context.published}
    if len(not_after) == 1 and context.tense != FUTURE:
        ((order, value),) = not_after.items()
        (later,) = (v for v in readings.values() if v != value)
        how = f"read {order}: the other reading ({later.isoformat()}) falls after {context.pub}"
        if convention is not None and convention.order != order:
            how += f", although elsewhere {convention.evidence}"
        return value.isoformat(), how
    if convention is not None and convention.order in readings:
        value = readings[convention.order]
        return value.isoformat(), (
            f"read {convention.order}, the document's own convention: {convention.evidence}"
        )
    raise Unresolvable(
        f"ambiguous: {readings[MONTH_FIRST].isoformat()} (month first) or "
        f"{readings[DAY_FIRST].isoformat()} (day first), and the document does not show "
        "which order it uses"
    )


def fiscal_year_edtf(year: int) -> str:
    return f"{year - 1:04d}-10-01/{year:04d}-09-30"


def _fiscal(context: Context, year: int) -> tuple[str, str]:
    return fiscal_year_edtf(year), (
        f"is US federal fiscal year {year}, 1 October {year - 1} to 30 September {year}"
    )


def _fiscal_rel(context: Context, offset: int) -> tuple[str, str]:
    published = context.published
    current = published.year + 1 if published.month >= 10 else published.year
    year = current + offset
    which = {-1: "the last one completed before", 0: "the one holding", 1: "the one after"}
    return fiscal_year_edtf(year), (
        f"is US federal fiscal year {year} (1 October {year - 1} to 30 September {year}), "
        f"{which[offset]} {context.pub}"
    )


def _decade(context: Context, first_year: int) -> tuple[str, str]:
    return f"{first_year // 10:03d}X", f"is the decade {first_year} to {first_year + 9}"


def _decade_named(context: Context, tens: int) -> tuple[str, str]:
    """``the nineties``: the latest decade of that name begun by publication."""
    published = context.published.year
    first_year = published - published % 100 + tens * 10
    if first_year > published:
        first_year -= 100
    edtf, how = _decade(context, first_year)
    return edtf, f"{how}, the latest of that name begun by {context.pub}"


def _century(context: Context, number: int) -> tuple[str, str]:
    first = (number - 1) * 100
    return f"{number - 1:02d}XX", f"is the years {first} to {first + 99}"


CALENDAR_RULES = {
    "day": _day,
    "month": _month,
    "year": _year,
    "months": _months,
    "partial_day": _partial_day,
    "month_named": _month_named,
    "month_in_year": _month_in_year,
    "day_in_year": _day_in_year,
    "weekday": _weekday,
    "fiscal": _fiscal,
    "fiscal_rel": _fiscal_rel,
    "decade": _decade,
    "decade_named": _decade_named,
    "century": _century,
    "numeric": _numeric,
}
