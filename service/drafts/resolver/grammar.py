"""The hand-written grammar: which runs of tokens are temporal expressions, and of what sort.

``find_in_sentence(tokens)`` walks a sentence left to right; at each word that can begin an
expression it tries every pattern and keeps the longest match, as a ``Spec``: the rule that
will resolve it (``resolve.RULES``), the expression's kind, and the numbers the rule needs.
Every pattern looks at a bounded number of tokens, so a sentence costs time linear in its
length.
"""

import calendar
import re
from collections.abc import Callable

from service.drafts.resolver import named_days, times
from service.drafts.resolver.tokens import (
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    WEEKDAYS,
    Token,
    clock_unit_of,
    day_of_month,
    number_of,
    unit_of,
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
_EDGES = frozenset(["mid", "early", "late"])
_FULL_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name[1:])
_DURATION_CUES = frozenset(
    ["for", "in", "within", "than", "over", "nearly", "almost", "about", "around"]
)
_NOT_AFTER_DURATION = frozenset(["ago", "later", "earlier", "before", "after"])
_RELATIVE_OFFSETS = {
    "last": -1,
    "previous": -1,
    "past": -1,
    "latest": -1,
    "this": 0,
    "current": 0,
    "next": 1,
}
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_VERBS_IN_S = frozenset(["has", "was", "is", "saw", "sees", "as", "marks", "its", "this", "his"])
_AFTER_YEAR_NOT = frozenset(["per", "percent", "million", "billion", "thousand", "people"])


def find_in_sentence(tokens: list[Token]) -> list[tuple[int, int, Spec]]:
    """Every expression in a sentence's tokens, left to right: (first, after, spec)."""
    words = Words(tokens)
    found = []
    index = 0
    while index < len(tokens):
        starts = _may_start(words[index]) and _may_continue(words, index)
        match = _match_at(words, index) if starts else None
        if match is None:
            index += 1
            continue
        found.append((index, *match))
        index = match[0]
    return found


def _may_start(word: str) -> bool:
    """A cheap test that lets most words skip the patterns: can an expression begin here?"""
    if word in _STARTERS or word[:1].isdigit() or word[:2] in _PREFIXES:
        return True
    if word[:1] == "'":
        return word[1:2].isdigit()  # '70s
    head = word.partition("-")[0]
    return "-" in word and (head in _STARTERS or head in _EDGES)  # twenty-one, mid-1996


def _may_continue(w: Words, i: int) -> bool:
    """After the commonest starters (``a``, ``the``), a word an expression can go on with."""
    if w[i] not in _WEAK_STARTERS:
        return True
    following = w[i + 1]
    if following in _AFTER_WEAK or following[:1].isdigit() or following[:1] == "'":
        return True
    if unit_of(following) or clock_unit_of(following) or number_of(following) is not None:
        return True
    head = following.partition("-")[0]
    return head in ORDINALS or head in NUMBER_WORDS or head in _EDGES or following in _PREFIXES


def _match_at(words: Words, index: int) -> Match | None:
    """The longest expression starting at ``words[index]``, or None."""
    best = None
    for pattern in _PATTERNS:
        found = pattern(words, index)
        if found and (best is None or found[0] > best[0]):
            best = found
    return best


def _numeric(w: Words, i: int) -> Match | None:
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
    if edge in _EDGES and month in _FULL_MONTH_NAMES:
        return MONTHS[month], i + 1
    if w[i] not in MONTHS or not w.capitalised(i):
        return None
    abbreviated = w[i] not in _FULL_MONTH_NAMES
    return MONTHS[w[i]], i + 2 if abbreviated and w[i + 1] == "." else i + 1


def _calendar_date(w: Words, i: int) -> Match | None:
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
    return after, Spec("partial_day", "partial", (number, day))


def _month_year(w: Words, i: int) -> Match | None:
    month = _month_at(w, i)
    if month is None:
        return None
    number, after = month
    after += 1 if w[after] == "of" else 0
    year = year_of(w[after])
    return (after + 1, Spec("month", "absolute", (year, number))) if year else None


def _year(w: Words, i: int) -> Match | None:
    """``2024``; either year of ``2009-2010``; ``1953 has died``; ``mid-1996``; not ``2024
    people``."""
    edge, _, rest = w[i].partition("-")
    year = year_of(rest) if edge in _EDGES else year_of(w[i])
    if year is None or w[i - 1] in ("$", "€", "£") or w[i + 1] == "%":
        return None
    if w[i + 1] == "-" and year_of(w[i + 2]) is None:
        return None
    following = w[i + 1]
    plural_noun = following.isalpha() and following.endswith("s") and not w.capitalised(i + 1)
    if following in _AFTER_YEAR_NOT or (plural_noun and following not in _VERBS_IN_S):
        return None
    return i + 1, Spec("year", "absolute", (year,))


def _quarter(w: Words, i: int) -> Match | None:
    """``the first quarter of 2024``, ``Q3 2023``, ``the 1988 second quarter``, ``this year's
    third quarter``, ``the fiscal first quarter``, ``third-quarter`` (its year from
    publication and tense), ``the second half of 2023``."""
    j = i + 1 if w[i] in ("the", "its") else i
    year, year_offset = year_of(w[j]), None
    if year is not None:
        j += 1
    elif w[j] in _RELATIVE_OFFSETS and w[j + 1] == "year":
        year_offset, j = _RELATIVE_OFFSETS[w[j]], j + 2
    if year is None and year_offset is None and w[j] in _RELATIVE_OFFSETS:
        k = j + 2 if w[j + 1] == "fiscal" else j + 1
        if w[k] == "quarter":
            return k + 1, Spec("quarter_rel", "deictic", (_RELATIVE_OFFSETS[w[j]],))
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


def _fiscal(w: Words, i: int) -> Match | None:
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
        if w[j] in _RELATIVE_OFFSETS:
            return j + 3, Spec("fiscal_rel", "fiscal", (_RELATIVE_OFFSETS[w[j]],))
        if year := year_of(w[j]):
            return j + 3, Spec("fiscal", "fiscal", (year,))
    return None


def _fiscal_year_number(word: str) -> int | None:
    if len(word) == 2 and word.isascii() and word.isdigit():
        return _full_year(word)
    return year_of(word)


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _decade(w: Words, i: int) -> Match | None:
    """``the 1990s``, ``the '70s``, ``the 19th century``, ``the twentieth century``."""
    j = i + 1 if w[i] == "the" else i
    if found := _DECADE.fullmatch(w[j]):
        return j + 1, Spec("decade", "decade", (int(found.group(1)),))
    if found := _SHORT_DECADE.fullmatch(w[j]):
        tens = int(found.group(1))
        return j + 1, Spec("decade", "decade", ((2000 if tens < 3 else 1900) + tens * 10,))
    if w[j + 1] == "century":
        found = _CENTURY_DIGITS.fullmatch(w[j])
        number = int(found.group(1)) if found else ORDINALS.get(w[j])
        if number and 1 <= number <= 22:
            return j + 2, Spec("century", "decade", (number,))
    return None


def _since(w: Words, i: int) -> Match | None:
    """``since 2019``, ``since March``, ``since 12 January 2020``, ``since last year``."""
    if w[i] != "since":
        return None
    inner = None
    for pattern in (_calendar_date, _month_year, _year, _decade, _deictic, _month_named):
        found = pattern(w, i + 1)
        if found and (inner is None or found[0] > inner[0]):
            inner = found
    if inner is None:
        return None
    return inner[0], Spec("since", "span", (inner[1],))


def _so_far(w: Words, i: int) -> Match | None:
    if w[i] == "so" and w[i + 1] == "far" and w[i + 2] == "this":
        unit = w[i + 3]
        if unit in ("year", "month", "week"):
            return i + 4, Spec("period_part", "span", (unit, "earlier"))
    return None


def _past_count(w: Words, i: int) -> Match | None:
    """``the past two years``, ``the last 12 months``, ``the past decade``, ``past week``."""
    j = i + 1 if w[i] == "the" else i
    if w[j] not in ("past", "last"):
        return None
    if w[j + 1] in ("few", "several"):
        unit = unit_of(w[j + 2])
        return (j + 3, Spec("vague", "vague", ("recent", unit))) if unit else None
    count = number_of(w[j + 1])
    if count is not None and w[j + 1] not in ("a", "an") and (unit := unit_of(w[j + 2])):
        return j + 3, Spec("past", "span", (count, unit))
    unit = unit_of(w[j + 1])
    if unit and j > i and not w[j + 1].endswith("s"):
        return j + 2, Spec("past", "span", (1, unit))
    return None


def _vague(w: Words, i: int) -> Match | None:
    """``recently``, ``lately``, ``recent years``, ``the coming weeks``."""
    if w[i] in ("recently", "lately") and w[i - 1] != "most":
        return i + 1, Spec("vague", "vague", ("recent", None))
    if w[i] == "recent" and (unit := unit_of(w[i + 1])) and w[i + 1].endswith("s"):
        return i + 2, Spec("vague", "vague", ("recent", unit))
    if w[i] == "the" and w[i + 1] == "coming" and (unit := unit_of(w[i + 2])):
        return i + 3, Spec("vague", "vague", ("coming", unit))
    return None


def _deictic(w: Words, i: int) -> Match | None:
    """``yesterday``, ``last week``, ``next month``, ``last Friday``, ``earlier this year``."""
    word = w[i]
    if word in _DAY_WORDS:
        return i + 1, Spec("day_offset", "deictic", (_DAY_WORDS[word],))
    day_beside = w[i + 2] in ("before", "after") and w[i + 3] in ("yesterday", "tomorrow")
    if word == "the" and w[i + 1] == "day" and day_beside:
        return i + 4, Spec("day_offset", "deictic", (-2 if w[i + 3] == "yesterday" else 2,))
    this_period = w[i + 1] == "this" and w[i + 2] in ("year", "month", "week")
    if word in ("earlier", "later") and this_period:
        return i + 3, Spec("period_part", "deictic", (w[i + 2], word))
    if word in ("last", "this", "next"):
        return _after_last_this_next(w, i, _RELATIVE_OFFSETS[word])
    if word == "the" and w[i + 1] == "weekend":
        coming = w[i - 1] in ("before", "for") or (w[i - 1], w[i - 2]) == ("of", "ahead")
        return i + 2, Spec("weekend", "deictic", (coming,))
    if word == "the" and w[i + 1] == "quarter":
        return i + 2, Spec("quarter_focus", "partial")
    if word == "the" and w[i + 1] == "year":
        return _the_year(w, i)
    if word in _YEAR_BEFORE and w[i + 1] in ("quarter", "period"):
        return i + 2, Spec("ago", "duration-anchored", (1, "year"))
    if word == "the" and w[i + 1] in _YEAR_BEFORE and w[i + 2] in ("quarter", "period"):
        return i + 3, Spec("ago", "duration-anchored", (1, "year"))
    if word in _YEAR_BEFORE:
        return i + 1, Spec("ago", "duration-anchored", (1, "year"))
    return None


_YEAR_BEFORE = frozenset(["year-earlier", "year-ago"])


def _the_year(w: Words, i: int) -> Match | None:
    """``the year ended Sept. 30``: a year's length; ``for the year``, ``of the year`` (a
    report's own year): the year of publication."""
    if w[i + 2] in ("ended", "ending"):
        return i + 2, Spec("duration", "duration", (1, "year", None))
    if w[i - 1] in ("for", "of", "during") and not w[i + 2].isalpha():
        return i + 2, Spec("calendar_offset", "deictic", ("year", 0))
    return None


def _after_last_this_next(w: Words, i: int, offset: int) -> Match | None:
    following = w[i + 1]
    if following in ("week", "weekend", "month", "year"):
        return i + 2, Spec("calendar_offset", "deictic", (following, offset))
    if following in WEEKDAYS and w.capitalised(i + 1):
        return i + 2, Spec("weekday", "partial", (WEEKDAYS[following], offset))
    if following in MONTHS and w.capitalised(i + 1) and len(following) > 3:
        return i + 2, Spec("month_named", "partial", (MONTHS[following], offset))
    if following == "quarter":
        return i + 2, Spec("quarter_rel", "deictic", (offset,))
    return None


def _counted(w: Words, i: int) -> Match | None:
    """``two weeks ago``; ``two years later`` (anchored); ``two weeks``, ``for 16 hours``,
    ``a two-year term``, ``30-year bonds``; ``nine months after`` (counted from a date)."""
    if number_of(w[i]) is None:
        return _hyphenated(w, i)
    count = number_of(w[i])
    k = i + 2 if w[i + 1] == "-" else i + 1
    unit = unit_of(w[k])
    clock = None if unit else clock_unit_of(w[k])
    if (unit or clock) is None or _not_a_count(w, i, k):
        return None
    after = w[k + 1]
    if unit and after == "ago":
        return k + 2, Spec("ago", "duration-anchored", (count, unit))
    if unit and after in ("later", "earlier"):
        return k + 2, Spec("anchored", "anchored", (count if after == "later" else -count, unit))
    cue = after if after in ("before", "after") else w[i - 1]
    return k + 1, Spec("duration", "duration", (count, unit or clock, cue))


def _not_a_count(w: Words, i: int, k: int) -> bool:
    """``a days``, ``a second time``, ``twice a year`` (a set), ``per week``."""
    article = w[i] in ("a", "an", "one")
    if article and (w[k].endswith("s") or w[k] == "second"):
        return True
    return w[i - 1] in ("per", "every", "each") or (article and w[i - 1] in _TIMES)


_TIMES = frozenset(["once", "twice", "thrice", "times"])


def _hyphenated(w: Words, i: int) -> Match | None:
    """``two-year``, ``five-hour``: a duration used as an adjective."""
    head, _, tail = w[i].partition("-")
    count = number_of(head) if tail else None
    unit = unit_of(tail) or clock_unit_of(tail)
    if count is None or unit is None or tail.endswith("s"):
        return None
    return i + 1, Spec("duration", "duration", (count, unit, None))


def _the_counted(w: Words, i: int) -> Match | None:
    """``the nine months``, ``the first nine months``, ``the next two years`` (from
    publication), ``the latest nine months``."""
    if w[i] != "the":
        return None
    j = i + 2 if w[i + 1] in ("first", "latest", "final", "initial", "next", "coming") else i + 1
    count = number_of(w[j])
    unit = unit_of(w[j + 1]) if count is not None and w[j] not in ("a", "an") else None
    if unit is None:
        return None
    if w[i + 1] in ("next", "coming"):
        return j + 2, Spec("next_span", "span", (count, unit))
    return j + 2, Spec("duration", "duration", (count, unit, None))


def _vague_duration(w: Words, i: int) -> Match | None:
    """``several years``, ``a few days``, ``many months``, ``for years``, ``decades``."""
    j = i + 1 if w[i] == "a" and w[i + 1] in ("few", "couple") else i
    if w[j] in ("few", "several", "many", "some", "couple"):
        j += 2 if w[j + 1] == "of" else 1
        unit = unit_of(w[j]) or clock_unit_of(w[j])
        if unit and w[j].endswith("s") and w[i - 1] not in ("the", "past", "last"):
            return j + 1, Spec("duration", "duration", ("X", unit, None))
        return None
    unit = unit_of(w[i]) or clock_unit_of(w[i])
    cued = w[i - 1] in ("for", "over", "within", "in", "after")
    if unit and w[i].endswith("s") and cued and w[i + 1] not in ("ago", "of"):
        return i + 1, Spec("duration", "duration", ("X", unit, None))
    return None


def _anchored(w: Words, i: int) -> Match | None:
    """``the following year``, ``the previous month``, ``the year before``, ``the same day``,
    ``that year``: counted from a date earlier in the sentence."""
    if w[i] not in ("the", "that"):
        return None
    if w[i] == "that" and w[i + 1] in ("year", "month", "day", "week"):
        return i + 2, Spec("anchored", "anchored", (0, w[i + 1]))
    if w[i + 1] == "day" and w[i - 1] in ("on", "during") and w[i + 2] not in ("before", "after"):
        return i + 2, Spec("anchored", "anchored", (0, "day"))  # on the day
    steps = {"following": 1, "previous": -1, "next": 1, "same": 0, "preceding": -1}
    if w[i + 1] in steps and w[i + 2] in ("year", "month", "day", "week"):
        return i + 3, Spec("anchored", "anchored", (steps[w[i + 1]], w[i + 2]))
    if w[i + 1] in ("year", "month") and w[i + 2] in ("before", "after"):
        return i + 3, Spec("anchored", "anchored", (1 if w[i + 2] == "after" else -1, w[i + 1]))
    return None


def _month_named(w: Words, i: int) -> Match | None:
    """A month alone: ``in February``, ``mid-November``. ``May`` and ``March`` need a cue
    word before them."""
    month = _month_at(w, i)
    if month is None or w[i].rpartition("-")[2] not in _FULL_MONTH_NAMES:
        return None
    if w[i] in ("may", "march") and w[i - 1] not in _MONTH_CUES:
        return None
    return month[1], Spec("month_named", "partial", (month[0], None))


def _weekday(w: Words, i: int) -> Match | None:
    if w[i] in WEEKDAYS and w.capitalised(i):
        return i + 1, Spec("weekday", "partial", (WEEKDAYS[w[i]], None))
    return None


_PREFIXES = frozenset(["fy", "q1", "q2", "q3", "q4"])
_WEAK_STARTERS = frozenset(["a", "an", "the"])
_AFTER_WEAK = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *ORDINALS,
        *_RELATIVE_OFFSETS,
        *times.SEASON_CODES,
        *("past", "future", "first", "final", "initial", "next", "coming", "following"),
        *("same", "preceding", "fiscal", "day", "early", "late", "mid", "few", "couple"),
        *("nineties", "eighties", "seventies", "sixties", "weekend", "quarter", "year"),
        *("year-earlier", "year-ago"),
    ]
)
_STARTERS = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *NUMBER_WORDS,
        *_DAY_WORDS,
        *ORDINALS,
        *times.STARTERS,
        *named_days.STARTERS,
        *("its", "a", "several", "few", "many", "some", "that", *_YEAR_BEFORE),
        *_RELATIVE_OFFSETS,
        *("the", "since", "so", "recently", "lately", "recent", "earlier", "later", "fiscal"),
    ]
)
_PATTERNS: tuple[Callable[[Words, int], Match | None], ...] = (
    _numeric,
    _calendar_date,
    _month_year,
    _quarter,
    _fiscal,
    _decade,
    _since,
    _so_far,
    _past_count,
    _vague,
    _deictic,
    _counted,
    _anchored,
    _year,
    _month_named,
    _weekday,
    _the_counted,
    _vague_duration,
    *times.PATTERNS,
    *named_days.PATTERNS,
)
