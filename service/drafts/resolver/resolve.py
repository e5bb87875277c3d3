"""Each grammar rule's resolution: a Spec and its context in, an EDTF date and how out.

``RULES[spec.rule](context, *spec.args)`` returns ``(edtf, how)``, ``how`` being the words
that follow the phrase in ``resolved_from``, or raises ``Unresolvable`` with the reason.
The conventions (weeks from Monday, the margins of vague expressions, US federal fiscal
years) are listed in the README and in ``tests/data/drafts_gold/README.md``.
"""

from datetime import date
from functools import lru_cache

from service.core.dates import DateSpan, parse_event_date
from service.drafts.resolver.calendar_math import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    add_months,
    add_years,
    days,
    monday_of,
    month_edtf,
    month_end,
)
from service.drafts.resolver.context import Context, Unresolvable
from service.drafts.resolver.periods import PERIOD_RULES
from service.drafts.resolver.tense import FUTURE, PAST
from service.drafts.resolver.times import CLOCK_WORDS, PARTS_OF_DAY
from service.drafts.resolver.timex import DATE, TIME
from service.drafts.resolver.words import Spec

# With no tense marker, a month-day this many days after publication is the coming one, and
# a month this many months after it ("Nov. 21" in an article of 2 November).
AHEAD_DAYS = 62
AHEAD_MONTHS = 2
# A tense's reading farther than this from publication gives way to the other one within
# AHEAD_DAYS ("by Jan. 14" in a past-tense sentence of 6 January is the coming one).
FAR_DAYS = 183
# Margins of the vague expressions: how far back (or ahead) of publication they reach.
VAGUE_MARGINS = {
    None: ("days", 90),
    "day": ("days", 7),
    "week": ("days", 42),
    "month": ("months", 6),
    "year": ("years", 5),
    "decade": ("years", 10),
}
DAY_FIRST = "day first"
MONTH_FIRST = "month first"


def resolve(spec: Spec, context: Context) -> tuple[str, str]:
    edtf, how = RULES[spec.rule](context, *spec.args)
    span_of(edtf)  # every answer is a date the service stores
    return edtf, how


@lru_cache(maxsize=1024)
def span_of(edtf: str) -> DateSpan:
    """``parse_event_date``, remembered: a text names the same dates again and again."""
    return parse_event_date(edtf)


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
    if context.tense is None:
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
    if offset == -1:
        year = published.year if month < published.month else published.year - 1
        how = f"is the last {name} before the month of {context.pub}"
    elif offset == 1:
        year = published.year if month > published.month else published.year + 1
        how = f"is the first {name} after the month of {context.pub}"
    elif offset == 0:
        year, how = published.year, f"is {name} of the year of {context.pub}"
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


def _since(context: Context, inner: Spec) -> tuple[str, str]:
    start, how = resolve(inner, Context(context.published, tense=PAST, anchor=context.anchor))
    first = start.split("/")[0]
    if span_of(first).start > context.published:
        raise Unresolvable("it starts after publication")
    return f"{first}/{context.published.isoformat()}", (
        f"runs from {first} (the date that {how}) to {context.pub}"
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


def _century(context: Context, number: int) -> tuple[str, str]:
    first = (number - 1) * 100
    return f"{number - 1:02d}XX", f"is the years {first} to {first + 99}"


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


_CALENDAR_UNITS = frozenset(["day", "week", "month", "year", "decade"])


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


def _time(context: Context, day: Spec, part: str) -> tuple[str, str]:
    """A time of day or clock time on a day another rule resolves: TIMEX3 only. A named
    weekday's part of the day ("Wednesday night") is a DATE, as TimeBank marks it; a clock
    time or a deictic day's part ("last night") is a TIME."""
    code = PARTS_OF_DAY.get(part) or CLOCK_WORDS.get(part) or part
    try:
        day_edtf = resolve(day, context)[0]
    except Unresolvable:
        value = f"XXXX-XX-XXT{code}"
    else:
        value = f"{day_edtf}T{code}"
    timex_type = DATE if day.rule == "weekday" and part in PARTS_OF_DAY else TIME
    raise Unresolvable(
        f"a time of day ({value}), which an EDTF date as the service stores it cannot hold",
        (timex_type, value),
    )


RULES = {
    "day": _day,
    "month": _month,
    "year": _year,
    "months": _months,
    "partial_day": _partial_day,
    "month_named": _month_named,
    "weekday": _weekday,
    "day_offset": _day_offset,
    "calendar_offset": _calendar_offset,
    "period_part": _period_part,
    "ago": _ago,
    "since": _since,
    "past": _past,
    "vague": _vague,
    "fiscal": _fiscal,
    "fiscal_rel": _fiscal_rel,
    "decade": _decade,
    "century": _century,
    "numeric": _numeric,
    "anchored": _anchored,
    "duration": _duration,
    "time": _time,
    **PERIOD_RULES,
}
