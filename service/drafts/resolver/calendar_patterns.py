"""The grammar's patterns for dates the text names: numeric and ISO dates, a month-day,
a month and year, a bare year, quarters, fiscal years, decades and centuries, a month or a
weekday alone. Each takes a sentence's ``Words`` and an index and returns a ``Match`` (the
index after it and its ``Spec``) or None, looking at a bounded number of words.
"""

import calendar
import re

from service.drafts.resolver.tokens import (
    MONTHS,
    ORDINALS,
    WEEKDAYS,
    day_of_month,
    year_of,
)
from service.drafts.resolver.words import Match, Spec, Words

_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)

_FISCAL_TOKEN = re.compile(r"fy(\d{2}|\d{4})", re.ASCII)

_DECADE = re.compile(r"(\d{3}0)s", re.ASCII)

_SHORT_DECADE = re.compile(r"'(\d)0s", re.ASCII)

_CENTURY_DIGITS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)", re.ASCII)

_QUARTER_TOKEN = re.compile(r"q([1-4])", re.ASCII)

_MONTH_CUES = frozenset(
    [
        "in",
        "since",
        "of",
        "last",
        "next",
        "this",
        "early",
        "late",
        "mid",
        "until",
        "till",
        "by",
        "from",
        "during",
        "before",
        "after",
        "and",
        "or",
        "to",
        "between",
        "through",
        "back",
    ]
)

EDGES = frozenset(["mid", "early", "late"])

_FULL_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name[1:])

RELATIVE_OFFSETS = {
    "last": -1,
    "previous": -1,
    "past": -1,
    "latest": -1,
    "this": 0,
    "current": 0,
    "next": 1,
}

_VERBS_IN_S = frozenset(["has", "was", "is", "saw", "sees", "as", "marks", "its", "this", "his"])

_AFTER_YEAR_NOT = frozenset(["per", "percent", "million", "billion", "thousand", "people"])


def numeric(w: Words, i: int) -> Match | None:
    token = w[i]
    if found := _NUMERIC_DATE.fullmatch(token):
        first, second, year = map(int, found.groups())
        return i + 1, Spec("numeric", "numeric", (first, second, year))
    if found := _ISO_DATE.fullmatch(token):
        return i + 1, Spec("day", "numeric", tuple(map(int, found.groups())))
    return None


def _month_at(w: Words, i: int) -> tuple[int, int] | None:
    """A capitalised month name (``Jan.`` too, and ``mid-November``): (month, index after)."""
    edge, _, month = w[i].partition("-")
    if edge in EDGES and month in _FULL_MONTH_NAMES:
        return MONTHS[month], i + 1
    if w[i] not in MONTHS or not w.capitalised(i):
        return None
    abbreviated = w[i] not in _FULL_MONTH_NAMES
    return MONTHS[w[i]], i + 2 if abbreviated and w[i + 1] == "." else i + 1


def calendar_date(w: Words, i: int) -> Match | None:
    """``5 March 2024``, ``March 5, 2024``, ``Monday 17 February``, ``the 5th of March``."""
    j = i
    if w[j] in WEEKDAYS and w.capitalised(j):
        j += 2 if w[j + 1] == "," else 1
    day = day_of_month(w[j])
    if day is not None:
        month = _month_at(w, j + 2 if w[j + 1] == "of" else j + 1)
    else:
        month = _month_at(w, j)
        if month is not None:
            day = day_of_month(w[month[1]])
            month = (month[0], month[1] + 1) if day is not None else None
    if month is None:
        return None
    number, after = month
    year_index = after + 1 if w[after] == "," else after
    year = year_of(w[year_index])
    if year is not None:
        return year_index + 1, Spec("day", "absolute", (year, number, day))
    if (year_offset := _year_named_after(w, after)) is not None:
        return year_offset[1], Spec("day_in_year", "deictic", (number, day, year_offset[0]))
    return after, Spec("partial_day", "partial", (number, day))


_YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}


def _year_named_after(w: Words, i: int) -> tuple[int, int] | None:
    """``last year``, ``this year``, ``of next year`` at ``w[i]``, after a month or a
    month-day: (the year's offset from publication, index after)."""
    j = i + 1 if w[i] == "of" else i
    if w[j] in _YEAR_OFFSETS and w[j + 1] == "year":
        return _YEAR_OFFSETS[w[j]], j + 2
    return None


def month_year(w: Words, i: int) -> Match | None:
    month = _month_at(w, i)
    if month is None:
        return None
    number, after = month
    after += 1 if w[after] == "of" else 0
    year = year_of(w[after])
    return (after + 1, Spec("month", "absolute", (year, number))) if year else None


def year(w: Words, i: int) -> Match | None:
    """``2024``; either year of ``2009-2010``; ``1953 has died``; ``mid-1996``; not ``2024
    people``."""
    edge, _, rest = w[i].partition("-")
    year = year_of(rest) if edge in EDGES else year_of(w[i])
    if year is None or w[i - 1] in ("$", "€", "£") or w[i + 1] == "%":
        return None
    if w[i + 1] == "-" and year_of(w[i + 2]) is None:
        return None
    following = w[i + 1]
    plural_noun = following.isalpha() and following.endswith("s") and not w.capitalised(i + 1)
    if following in _AFTER_YEAR_NOT or (plural_noun and following not in _VERBS_IN_S):
        return None
    return i + 1, Spec("year", "absolute", (year,))


def period_of_year(w: Words, i: int) -> Match | None:
    """``the 1988 quarter``, ``the 1989 period``: a report's quarter in a year it names.
    Counted from the quarter named before it, so of kind ``anchored``, never itself the
    quarter a later ``a year ago`` counts from."""
    year = year_of(w[i + 1]) if w[i] == "the" else None
    if year is not None and w[i + 2] in ("quarter", "period"):
        return i + 3, Spec("period_of_year", "anchored", (year,))
    return None


def quarter(w: Words, i: int) -> Match | None:
    """``the first quarter of 2024``, ``Q3 2023``, ``the 1988 second quarter``, ``this year's
    third quarter``, ``the fiscal first quarter``, ``third-quarter`` (its year from
    publication and tense), ``the second half of 2023``."""
    j = i + 1 if w[i] in ("the", "its") else i
    year, year_offset = year_of(w[j]), None
    if year is not None:
        j += 1
    elif w[j] in RELATIVE_OFFSETS and w[j + 1] == "year":
        year_offset, j = RELATIVE_OFFSETS[w[j]], j + 2
    if year is None and year_offset is None and w[j] in RELATIVE_OFFSETS:
        k = j + 2 if w[j + 1] == "fiscal" else j + 1
        if w[k] == "quarter":
            return k + 1, Spec("quarter_rel", "deictic", (RELATIVE_OFFSETS[w[j]],))
    j += 1 if w[j] == "fiscal" else 0
    part = _quarter_at(w, j)
    if part is None:
        return None
    quarter, size, j = part
    if year is None and year_offset is None:
        k = j + 1 if w[j] == "of" else j
        j, year = (k + 1, year_of(w[k])) if year_of(w[k]) else (j, None)
    first = (quarter - 1) * size + 1
    if year is not None:
        return j, Spec("months", "absolute", (year, first, first + size - 1))
    kind = "partial" if year_offset is None else "deictic"
    return j, Spec("quarter_in_year", kind, (first, size, year_offset))


def _quarter_at(w: Words, j: int) -> tuple[int, int, int] | None:
    """``Q3``, ``third quarter``, ``third-quarter``, ``second half``: (number, months, after)."""
    if found := _QUARTER_TOKEN.fullmatch(w[j]):
        return int(found.group(1)), 3, j + 1
    head, _, tail = w[j].partition("-")
    if tail in ("quarter", "half") and ORDINALS.get(head, 9) <= 4:
        number, noun, after = ORDINALS[head], tail, j + 1
    elif ORDINALS.get(w[j], 9) <= 4 and w[j + 1] in ("quarter", "half"):
        number, noun, after = ORDINALS[w[j]], w[j + 1], j + 2
    else:
        return None
    if noun == "half":
        return (number, 6, after) if number <= 2 else None
    return number, 3, after


def fiscal(w: Words, i: int) -> Match | None:
    """``fiscal 2023``, ``fiscal year 2023``, ``FY2023``, ``FY 23``, ``the last fiscal year``."""
    if found := _FISCAL_TOKEN.fullmatch(w[i]):
        return i + 1, Spec("fiscal", "fiscal", (_full_year(found.group(1)),))
    if w[i] == "fy" and (year := _fiscal_year_number(w[i + 1])):
        return i + 2, Spec("fiscal", "fiscal", (year,))
    if w[i] == "fiscal":
        j = i + 2 if w[i + 1] == "year" else i + 1
        year = _fiscal_year_number(w[j])
        return (j + 1, Spec("fiscal", "fiscal", (year,))) if year else None
    j = i + 1 if w[i] == "the" else i
    if w[j + 1] == "fiscal" and w[j + 2] == "year":
        if w[j] in RELATIVE_OFFSETS:
            return j + 3, Spec("fiscal_rel", "fiscal", (RELATIVE_OFFSETS[w[j]],))
        if year := year_of(w[j]):
            return j + 3, Spec("fiscal", "fiscal", (year,))
    return None


def _fiscal_year_number(word: str) -> int | None:
    if len(word) == 2 and word.isascii() and word.isdigit():
        return _full_year(word)
    return year_of(word)


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
# "temperatures in the low nineties" are degrees, not a decade.
_NOT_DECADE_BEFORE = frozenset(["low", "high", "mid", "upper", "lower"])


def decade(w: Words, i: int) -> Match | None:
    """``the 1990s``, ``the '70s``, ``the nineties``, ``the 19th century``, ``the twentieth
    century``."""
    j = i + 1 if w[i] == "the" else i
    if found := _DECADE.fullmatch(w[j]):
        return j + 1, Spec("decade", "decade", (int(found.group(1)),))
    if found := _SHORT_DECADE.fullmatch(w[j]):
        tens = int(found.group(1))
        return j + 1, Spec("decade", "decade", ((2000 if tens < 3 else 1900) + tens * 10,))
    if j > i and w[j] in DECADE_WORDS and w[i - 1] not in _NOT_DECADE_BEFORE:
        return j + 1, Spec("decade_named", "decade", (DECADE_WORDS[w[j]],))
    if w[j + 1] == "century":
        found = _CENTURY_DIGITS.fullmatch(w[j])
        number = int(found.group(1)) if found else ORDINALS.get(w[j])
        if number and 1 <= number <= 22:
            return j + 2, Spec("century", "decade", (number,))
    return None


def month_named(w: Words, i: int) -> Match | None:
    """A month alone: ``in February``, ``mid-November``; or with a year counted from
    publication: ``June last year``, ``January of this year``. ``May`` and ``March`` need a
    cue word before them."""
    month = _month_at(w, i)
    if month is None or w[i].rpartition("-")[2] not in _FULL_MONTH_NAMES:
        return None
    if w[i] in ("may", "march") and w[i - 1] not in _MONTH_CUES:
        return None
    if (year_offset := _year_named_after(w, month[1])) is not None:
        return year_offset[1], Spec("month_in_year", "deictic", (month[0], year_offset[0]))
    return month[1], Spec("month_named", "partial", (month[0], None))


def weekday(w: Words, i: int) -> Match | None:
    if w[i] in WEEKDAYS and w.capitalised(i):
        return i + 1, Spec("weekday", "partial", (WEEKDAYS[w[i]], None))
    return None
